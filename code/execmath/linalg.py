"""Matrices as linear maps: column space, rank, bases, projection and
least squares.

The chapter's algorithms are written out here, small enough to read:
Householder QR, back substitution, least squares by QR and by the normal
equations, coordinates in a new basis, and the numerical rank read from
singular values. NumPy and SciPy serve as the independent oracles in the
tests. Randomness enters only through an explicit ``rng`` argument.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath._validate import (
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_rng,
)

__all__ = [
    "ColumnSpaceProjection",
    "LstsqStudy",
    "QR",
    "RankReport",
    "back_substitution",
    "change_of_basis",
    "column_space_basis",
    "householder_qr",
    "low_rank_plus_noise",
    "lstsq_accuracy_study",
    "lstsq_normal",
    "lstsq_qr",
    "matrix_condition",
    "matrix_with_condition",
    "matrix_with_spectrum",
    "matvec_by_columns",
    "null_space_basis",
    "numerical_rank",
    "project_onto_column_space",
    "projection_matrix",
    "rank_report",
]

_EPS = float(np.finfo(np.float64).eps)


# ------------------------------------------------------------ validation
def _as_matrix(a: Any, name: str) -> np.ndarray:
    """A finite, non-empty 2-D float64 array."""
    return as_float_array(a, name, ndim=2)


def _as_square(a: Any, name: str) -> np.ndarray:
    a = _as_matrix(a, name)
    if a.shape[0] != a.shape[1]:
        raise ValueError(f"{name} must be square, got shape {a.shape}")
    return a


def _as_rhs(b: Any, name: str, m: int, other: str) -> np.ndarray:
    """A right-hand side of shape (m,) or (m, k) matching ``other``."""
    b = as_float_array(b, name, ndim=(1, 2))
    if b.shape[0] != m:
        raise ValueError(
            f"{name} must have {m} rows to match {other}, got shape {b.shape}"
        )
    return b


def _check_tall(a: np.ndarray, name: str) -> None:
    m, n = a.shape
    if m < n:
        raise ValueError(
            f"{name} must have at least as many rows as columns (m >= n), "
            f"got shape {a.shape}"
        )


def _check_full_column_rank(r: np.ndarray, name: str, shape) -> None:
    """Reject a (numerically) rank-deficient matrix from its QR factor R.

    The test :math:`|r_{ii}| \\le \\max(m, n)\\,\\varepsilon\\,
    \\max_j |r_{jj}|` mirrors the default tolerance of
    ``numpy.linalg.matrix_rank``.
    """
    d = np.abs(np.diag(r))                                  # (n,)
    tol = max(shape) * _EPS * float(d.max(initial=0.0))
    bad = np.flatnonzero(d <= tol)
    if bad.size:
        raise ValueError(
            f"{name} must have full column rank, got shape {shape} with "
            f"|R[{bad[0]}, {bad[0]}]| = {d[bad[0]]:.3e} <= tol = {tol:.3e}"
        )


# ------------------------------------------------- columns and subspaces
def matvec_by_columns(a: Any, x: Any) -> np.ndarray:
    r"""Matrix-vector product as a combination of the columns of ``a``.

    .. math::

        A x = \sum_{j=1}^{n} x_j\, a_{:,j}

    The loop runs over columns, not rows: the output is built from the
    images :math:`a_{:,j} = A e_j` of the standard basis vectors.

    Parameters
    ----------
    a : array_like, shape (m, n)
    x : array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (m,)
    """
    a = _as_matrix(a, "a")
    x = as_float_array(x, "x", ndim=1)
    if x.shape[0] != a.shape[1]:
        raise ValueError(
            f"x must have {a.shape[1]} entries to match a {a.shape}, "
            f"got shape {x.shape}"
        )
    out = np.zeros(a.shape[0])                              # (m,)
    for j, xj in enumerate(x):
        out += xj * a[:, j]                                 # column j
    return out


def _default_tol(s: np.ndarray, shape) -> float:
    r"""NumPy's default rank tolerance
    :math:`\sigma_1 \max(m, n)\,\varepsilon`."""
    return float(s.max(initial=0.0)) * max(shape) * _EPS


def _check_tol(tol: Any) -> float | None:
    if tol is None:
        return None
    tol = check_finite_scalar(tol, "tol")
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    return tol


class RankReport(NamedTuple):
    r"""Numerical rank of a matrix read from its singular values.

    ``rank`` counts the singular values above ``tol``; ``gap_ratio`` is
    :math:`\sigma_r / \sigma_{r+1}` at that cut (``inf`` when nothing lies
    below the cut or when ``rank == 0``).
    """

    rank: int
    singular_values: np.ndarray   # (min(m, n),), descending
    tol: float
    gap_ratio: float


def rank_report(a: Any, tol: float | None = None) -> RankReport:
    r"""Numerical rank: the number of singular values above a tolerance.

    .. math::

        \operatorname{rank}_\tau(A) = \#\{ i : \sigma_i > \tau \},
        \qquad \tau_{\text{default}} = \sigma_1 \max(m, n)\,
        \varepsilon_{\text{mach}}

    The default :math:`\tau` is the one ``numpy.linalg.matrix_rank`` uses;
    it only discounts rounding error. When the data carry noise of size
    :math:`\eta`, pass a ``tol`` of the order of that noise's singular
    values instead (e.g. :math:`\eta(\sqrt m + \sqrt n)` times a safety
    factor).

    Parameters
    ----------
    a : array_like, shape (m, n)
    tol : float, optional
        Absolute threshold :math:`\tau \ge 0`.

    Returns
    -------
    RankReport
    """
    a = _as_matrix(a, "a")
    tol = _check_tol(tol)
    s = np.linalg.svd(a, compute_uv=False)                  # (p,), descending
    tau = _default_tol(s, a.shape) if tol is None else tol
    r = int(np.count_nonzero(s > tau))
    if 0 < r < s.size:
        gap = float(s[r - 1] / s[r]) if s[r] > 0 else math.inf
    else:
        gap = math.inf
    return RankReport(rank=r, singular_values=s, tol=tau, gap_ratio=gap)


def numerical_rank(a: Any, tol: float | None = None) -> int:
    r"""The numerical rank :math:`\#\{i : \sigma_i > \tau\}` of ``a``.

    See :func:`rank_report` for the tolerance; this returns only the count.
    """
    return rank_report(a, tol).rank


def _svd_split(a: Any, tol: float | None) -> tuple[np.ndarray, np.ndarray, int]:
    a = _as_matrix(a, "a")
    tol = _check_tol(tol)
    u, s, vt = np.linalg.svd(a)                             # full U, Vt
    tau = _default_tol(s, a.shape) if tol is None else tol
    return u, vt, int(np.count_nonzero(s > tau))


def column_space_basis(a: Any, tol: float | None = None) -> np.ndarray:
    r"""Orthonormal basis of the column space :math:`\operatorname{col}(A)`.

    .. math::

        \operatorname{col}(A) = \{A x : x \in \R^n\}
        = \operatorname{span}(u_1, \dots, u_r)

    where :math:`u_i` are the left singular vectors whose singular values
    exceed ``tol`` (default as in :func:`rank_report`).

    Returns
    -------
    numpy.ndarray, shape (m, r)
        Columns are orthonormal; ``r`` is the numerical rank.
    """
    u, _, r = _svd_split(a, tol)
    return u[:, :r]                                         # (m, r)


def null_space_basis(a: Any, tol: float | None = None) -> np.ndarray:
    r"""Orthonormal basis of the null space :math:`\{x : A x = 0\}`.

    The right singular vectors :math:`v_{r+1}, \dots, v_n` beyond the
    numerical rank :math:`r` span it, so its dimension is :math:`n - r`
    (rank-nullity).

    Returns
    -------
    numpy.ndarray, shape (n, n - r)
    """
    _, vt, r = _svd_split(a, tol)
    return vt[r:].T                                         # (n, n - r)


def matrix_condition(a: Any) -> float:
    r"""2-norm condition number :math:`\kappa(A) = \sigma_{\max}/\sigma_{\min}`.

    For a rectangular matrix :math:`\sigma_{\min}` is the smallest of its
    :math:`\min(m, n)` singular values; ``inf`` when that is zero.
    """
    a = _as_matrix(a, "a")
    s = np.linalg.svd(a, compute_uv=False)                  # (p,)
    if s[-1] == 0.0:
        return math.inf
    return float(s[0] / s[-1])


# ------------------------------------------------------ Householder QR
class QR(NamedTuple):
    """QR factors: ``q`` has orthonormal columns, ``r`` is upper triangular."""

    q: np.ndarray   # (m, p)
    r: np.ndarray   # (p, n)


def _householder_vector(x: np.ndarray) -> np.ndarray | None:
    r"""Unit :math:`v` with :math:`(I - 2vv^\top)x = -\operatorname{sign}(x_1)
    \|x\| e_1`; None when :math:`x = 0`.

    Adding :math:`\operatorname{sign}(x_1)\|x\|` to :math:`x_1` (rather
    than subtracting) avoids cancellation.
    """
    alpha = float(np.linalg.norm(x))
    if alpha == 0.0:
        return None
    v = x.copy()
    v[0] += math.copysign(alpha, x[0])
    return v / np.linalg.norm(v)


def householder_qr(a: Any, mode: str = "reduced") -> QR:
    r"""QR factorisation by Householder reflections.

    .. math::

        H_p \cdots H_2 H_1 A = R, \qquad
        H_k = I - 2 v_k v_k^\top,\ \|v_k\| = 1,
        \qquad A = QR,\ Q = H_1 H_2 \cdots H_p

    Reflection :math:`H_k` zeroes column :math:`k` below the diagonal and
    leaves the rows above it alone. Each :math:`H_k` is orthogonal, so
    :math:`Q^\top Q = I` holds to rounding error however ill-conditioned
    :math:`A` is [Trefethen & Bau 1997, Lecture 10].

    Parameters
    ----------
    a : array_like, shape (m, n)
    mode : {"reduced", "complete"}
        ``reduced``: ``q`` is (m, p), ``r`` is (p, n) with p = min(m, n).
        ``complete``: ``q`` is (m, m), ``r`` is (m, n).

    Returns
    -------
    QR
        ``(q, r)`` with ``q @ r == a`` to rounding error. Signs follow
        LAPACK's convention :math:`r_{kk} = -\operatorname{sign}(x_1)\|x\|`.
    """
    a = _as_matrix(a, "a")
    if mode not in ("reduced", "complete"):
        raise ValueError(f"mode must be 'reduced' or 'complete', got {mode!r}")
    m, n = a.shape
    r = a.copy()                                            # (m, n)
    vs: list[np.ndarray | None] = []
    for k in range(min(m - 1, n)):
        v = _householder_vector(r[k:, k])                   # (m - k,)
        vs.append(v)
        if v is None:
            continue
        r[k:, k:] -= 2.0 * np.outer(v, v @ r[k:, k:])       # H_k applied
        r[k + 1:, k] = 0.0                                  # exact zeros
    p = m if mode == "complete" else min(m, n)
    q = np.eye(m, p)                                        # (m, p)
    for k in reversed(range(len(vs))):                      # Q = H_1...H_p I
        v = vs[k]
        if v is not None:
            q[k:, :] -= 2.0 * np.outer(v, v @ q[k:, :])
    return QR(q=q, r=np.triu(r[:p, :]))


def back_substitution(r: Any, y: Any) -> np.ndarray:
    r"""Solve the upper-triangular system :math:`R x = y`.

    .. math::

        x_i = \frac{1}{r_{ii}}\Big(y_i - \sum_{j > i} r_{ij} x_j\Big),
        \qquad i = n, n-1, \dots, 1

    Only the upper triangle of ``r`` is read.

    Parameters
    ----------
    r : array_like, shape (n, n)
        Upper triangular with a non-zero diagonal.
    y : array_like, shape (n,) or (n, k)

    Returns
    -------
    numpy.ndarray, same shape as ``y``
    """
    r = _as_square(r, "r")
    y = _as_rhs(y, "y", r.shape[0], f"r {r.shape}")
    zero = np.flatnonzero(np.diag(r) == 0.0)
    if zero.size:
        raise ValueError(
            f"r must have a non-zero diagonal (non-singular), got "
            f"r[{zero[0]}, {zero[0]}] = 0 in shape {r.shape}"
        )
    n = r.shape[0]
    x = np.zeros_like(y)                                    # (n,) or (n, k)
    for i in reversed(range(n)):
        x[i] = (y[i] - r[i, i + 1:] @ x[i + 1:]) / r[i, i]
    return x


# ----------------------------------------------------------- least squares
def _lstsq_inputs(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    a = _as_matrix(a, "a")
    _check_tall(a, "a")
    b = _as_rhs(b, "b", a.shape[0], f"a {a.shape}")
    return a, b


def lstsq_qr(a: Any, b: Any) -> np.ndarray:
    r"""Least squares :math:`\min_x \|Ax - b\|_2` by Householder QR.

    .. math::

        A = QR \;\Rightarrow\; \|Ax - b\|^2 = \|Rx - Q^\top b\|^2
        + \|(I - QQ^\top) b\|^2, \qquad R\,\hat x = Q^\top b

    Orthogonal :math:`Q` does not change lengths, so the problem's
    sensitivity is not amplified: the computed solution has relative error
    of order :math:`\kappa(A)\,u` for a small residual.

    Parameters
    ----------
    a : array_like, shape (m, n), m >= n, full column rank
    b : array_like, shape (m,) or (m, k)

    Returns
    -------
    numpy.ndarray, shape (n,) or (n, k)
    """
    a, b = _lstsq_inputs(a, b)
    q, r = householder_qr(a)                                # (m, n), (n, n)
    _check_full_column_rank(r, "a", a.shape)
    return back_substitution(r, q.T @ b)                    # (n,) or (n, k)


def lstsq_normal(a: Any, b: Any) -> np.ndarray:
    r"""Least squares by the normal equations and a Cholesky factorisation.

    .. math::

        A^\top A\, \hat x = A^\top b, \qquad A^\top A = L L^\top

    Forming :math:`A^\top A` squares the condition number,
    :math:`\kappa(A^\top A) = \kappa(A)^2`, so the relative error of
    :math:`\hat x` grows like :math:`\kappa(A)^2 u`; Cholesky breaks down
    once :math:`\kappa(A)^2 u \gtrsim 1`.

    Parameters
    ----------
    a : array_like, shape (m, n), m >= n, full column rank
    b : array_like, shape (m,) or (m, k)

    Returns
    -------
    numpy.ndarray, shape (n,) or (n, k)

    Raises
    ------
    ValueError
        If :math:`A^\top A` is not numerically positive definite.
    """
    a, b = _lstsq_inputs(a, b)
    gram = a.T @ a                                          # (n, n)
    try:
        factor = sla.cho_factor(gram, lower=True)
    except np.linalg.LinAlgError as exc:
        raise ValueError(
            f"a must have full column rank: a.T @ a of shape {gram.shape} "
            "is not numerically positive definite (kappa(a)**2 * u >= ~1)"
        ) from exc
    return sla.cho_solve(factor, a.T @ b)                   # (n,) or (n, k)


# -------------------------------------------------------------- projection
class ColumnSpaceProjection(NamedTuple):
    r"""Orthogonal projection of ``b`` onto :math:`\operatorname{col}(A)`.

    ``projection = a @ coefficients`` (up to rounding) and
    ``residual = b - projection`` with :math:`A^\top r = 0`.
    """

    projection: np.ndarray    # (m,) P b
    residual: np.ndarray      # (m,) b - P b
    coefficients: np.ndarray  # (n,) least-squares x


def projection_matrix(a: Any) -> np.ndarray:
    r"""Matrix of the orthogonal projection onto the column space of ``a``.

    .. math::

        P = A (A^\top A)^{-1} A^\top = Q Q^\top,
        \qquad P^2 = P,\quad P^\top = P

    Computed as :math:`QQ^\top` from :func:`householder_qr`, never through
    :math:`(A^\top A)^{-1}`. It is an (m, m) dense matrix: fine for
    pictures and checks, wasteful for large m (use
    :func:`project_onto_column_space`).

    Parameters
    ----------
    a : array_like, shape (m, n), m >= n, full column rank

    Returns
    -------
    numpy.ndarray, shape (m, m)
    """
    a = _as_matrix(a, "a")
    _check_tall(a, "a")
    q, r = householder_qr(a)                                # (m, n), (n, n)
    _check_full_column_rank(r, "a", a.shape)
    return q @ q.T                                          # (m, m)


def project_onto_column_space(a: Any, b: Any) -> ColumnSpaceProjection:
    r"""Project ``b`` orthogonally onto :math:`\operatorname{col}(A)`.

    .. math::

        \hat x = \argmin_x \|Ax - b\|_2, \qquad P b = A \hat x = Q Q^\top b,
        \qquad r = b - Pb, \quad A^\top r = 0

    The last identity is the normal equations: the residual is orthogonal
    to every column of :math:`A`.

    Parameters
    ----------
    a : array_like, shape (m, n), m >= n, full column rank
    b : array_like, shape (m,)

    Returns
    -------
    ColumnSpaceProjection
    """
    a = _as_matrix(a, "a")
    _check_tall(a, "a")
    b = as_float_array(b, "b", ndim=1)
    if b.shape[0] != a.shape[0]:
        raise ValueError(
            f"b must have {a.shape[0]} entries to match a {a.shape}, "
            f"got shape {b.shape}"
        )
    q, r = householder_qr(a)                                # (m, n), (n, n)
    _check_full_column_rank(r, "a", a.shape)
    qtb = q.T @ b                                           # (n,)
    pb = q @ qtb                                            # (m,)
    return ColumnSpaceProjection(
        projection=pb, residual=b - pb,
        coefficients=back_substitution(r, qtb),
    )


# --------------------------------------------------------- change of basis
def change_of_basis(basis: Any, x: Any) -> np.ndarray:
    r"""Coordinates of ``x`` in the basis formed by the columns of ``basis``.

    .. math::

        x = B c = \sum_j c_j b_j \quad\Longleftrightarrow\quad
        c = B^{-1} x

    :math:`c` is found by *solving* :math:`Bc = x` (Householder QR and back
    substitution), never by forming :math:`B^{-1}`.

    Parameters
    ----------
    basis : array_like, shape (n, n)
        Columns :math:`b_1, \dots, b_n`, linearly independent.
    x : array_like, shape (n,) or (n, k)
        One vector, or k vectors as columns.

    Returns
    -------
    numpy.ndarray, same shape as ``x``
    """
    basis = _as_square(basis, "basis")
    x = _as_rhs(x, "x", basis.shape[0], f"basis {basis.shape}")
    q, r = householder_qr(basis)                            # (n, n), (n, n)
    try:
        _check_full_column_rank(r, "basis", basis.shape)
    except ValueError as exc:
        raise ValueError(
            f"basis must have linearly independent columns: {exc}"
        ) from None
    return back_substitution(r, q.T @ x)


# ------------------------------------------------- matrices by construction
def _haar_orthogonal(n: int, rng: np.random.Generator) -> np.ndarray:
    """Uniformly random (n, n) orthogonal matrix (QR of a Gaussian)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))        # (n, n)
    return q * np.where(np.diag(r) < 0, -1.0, 1.0)          # fix signs


def _svd_design(m: int, n: int, s: np.ndarray, rng: np.random.Generator
                ) -> tuple[np.ndarray, np.ndarray]:
    """A = U[:, :p] diag(s) V^T and the full U (for orthogonal complements)."""
    p = min(m, n)
    u = _haar_orthogonal(m, rng)                            # (m, m)
    v = _haar_orthogonal(n, rng)                            # (n, n)
    return (u[:, :p] * s) @ v[:, :p].T, u                   # (m, n), (m, m)


def matrix_with_spectrum(m: int, n: int, singular_values: Any, *,
                         rng: np.random.Generator) -> np.ndarray:
    r"""Random (m, n) matrix with prescribed singular values.

    .. math::

        A = U_{:, :p}\, \operatorname{diag}(\sigma)\, V_{:, :p}^\top,
        \qquad p = \min(m, n)

    with :math:`U, V` independent uniformly random orthogonal matrices.

    Parameters
    ----------
    m, n : int
    singular_values : array_like, shape (min(m, n),)
        Non-negative; any order.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (m, n)
    """
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n")
    rng = check_rng(rng)
    s = as_float_array(singular_values, "singular_values", ndim=1)
    if s.shape != (min(m, n),):
        raise ValueError(
            f"singular_values must have shape ({min(m, n)},) for m={m}, "
            f"n={n}, got shape {s.shape}"
        )
    if np.any(s < 0):
        raise ValueError(f"singular_values must be >= 0, got min {s.min()!r}")
    return _svd_design(m, n, s, rng)[0]


def _condition_spectrum(p: int, kappa: float) -> np.ndarray:
    """Singular values 1 ... 1/kappa, evenly spaced on a log scale."""
    return np.logspace(0.0, -math.log10(kappa), p)          # (p,)


def _check_kappa(kappa: Any) -> float:
    kappa = check_finite_scalar(kappa, "kappa")
    if kappa < 1.0:
        raise ValueError(f"kappa must be >= 1, got {kappa!r}")
    return kappa


def matrix_with_condition(m: int, n: int, kappa: float, *,
                          rng: np.random.Generator) -> np.ndarray:
    r"""Random (m, n) matrix with 2-norm condition number ``kappa``.

    .. math::

        \sigma_i = \kappa^{-(i-1)/(p-1)},\quad i = 1, \dots, p,
        \qquad \kappa(A) = \sigma_1/\sigma_p = \kappa

    so :math:`\|A\|_2 = 1` and the singular values are evenly spaced on a
    log scale (built by :func:`matrix_with_spectrum`).
    """
    kappa = _check_kappa(kappa)
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n")
    return matrix_with_spectrum(m, n, _condition_spectrum(min(m, n), kappa),
                                rng=rng)


def low_rank_plus_noise(m: int, n: int, rank: int, noise: float = 0.0, *,
                        rng: np.random.Generator) -> np.ndarray:
    r"""A rank-``rank`` product plus small Gaussian noise.

    .. math::

        A = X Y^\top + \eta\, G, \qquad X \in \R^{m \times k},\
        Y \in \R^{n \times k},\ G \text{ all entries iid } \mathcal N(0, 1)

    In exact arithmetic :math:`XY^\top` has rank :math:`k`; in floating
    point its trailing singular values are rounding noise of order
    :math:`\sigma_1 u`, and with :math:`\eta > 0` of order
    :math:`\eta(\sqrt m + \sqrt n)`.

    Parameters
    ----------
    m, n : int
    rank : int
        :math:`1 \le k \le \min(m, n)`.
    noise : float, default 0.0
        :math:`\eta \ge 0`.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (m, n)
    """
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n")
    rank = check_positive_int(rank, "rank")
    if rank > min(m, n):
        raise ValueError(f"rank must be <= min(m, n) = {min(m, n)}, got {rank}")
    noise = check_finite_scalar(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    rng = check_rng(rng)
    x = rng.standard_normal((m, rank))                      # (m, k)
    y = rng.standard_normal((n, rank))                      # (n, k)
    return x @ y.T + noise * rng.standard_normal((m, n))    # (m, n)


# ------------------------------------------------- normal equations vs QR
class LstsqStudy(NamedTuple):
    r"""Accuracy of two least-squares solvers as :math:`\kappa(A)` grows.

    Each entry is the median over trials; ``nan`` marks a condition number
    at which the normal equations broke down (Cholesky failed in every
    trial).
    """

    kappa: np.ndarray          # (K,)
    err_normal: np.ndarray     # (K,) ||x_ne - x|| / ||x||
    err_qr: np.ndarray         # (K,) ||x_qr - x|| / ||x||
    res_normal: np.ndarray     # (K,) ||b - A x_ne|| / ||b||
    res_qr: np.ndarray         # (K,) ||b - A x_qr|| / ||b||


def _study_problem(m: int, n: int, kappa: float, residual: float,
                   rng: np.random.Generator):
    """Design with condition kappa, true x, and b = A x + r_perp."""
    a, u = _svd_design(m, n, _condition_spectrum(n, kappa), rng)
    x = rng.standard_normal(n)                              # (n,)
    ax = a @ x                                              # (m,)
    w = u[:, n:] @ rng.standard_normal(m - n)               # in col(A)^perp
    b = ax + residual * np.linalg.norm(ax) * w / np.linalg.norm(w)
    return a, x, b


def _solve_errors(solver, a, x, b) -> tuple[float, float]:
    try:
        xh = solver(a, b)
    except ValueError:                                      # breakdown
        return math.nan, math.nan
    err = np.linalg.norm(xh - x) / np.linalg.norm(x)
    res = np.linalg.norm(b - a @ xh) / np.linalg.norm(b)
    return float(err), float(res)


def lstsq_accuracy_study(
    kappas: Any,
    *,
    m: int = 40,
    n: int = 8,
    residual: float = 0.0,
    n_trials: int = 5,
    rng: np.random.Generator,
) -> LstsqStudy:
    r"""Normal equations vs Householder QR on designs of prescribed
    condition number.

    For each :math:`\kappa`: draw :math:`A` with :math:`\kappa(A)=\kappa`
    (:func:`matrix_with_condition`), a random :math:`x`, and

    .. math::

        b = A x + \rho\, \|Ax\|\, w, \qquad w \perp \operatorname{col}(A),
        \ \|w\| = 1,

    so :math:`x` is the exact least-squares solution and :math:`\rho` the
    relative size of the residual (``residual``; 0 gives a consistent
    system). Record the median relative error and relative residual of
    :func:`lstsq_normal` and :func:`lstsq_qr` over ``n_trials`` designs.

    Theory [Higham 2002, ch. 20]: with :math:`\rho = 0` the errors scale
    like :math:`\kappa^2 u` (normal equations) and :math:`\kappa u` (QR);
    with :math:`\rho > 0` QR's error also picks up a
    :math:`\kappa^2 \rho\, u` term.

    Returns
    -------
    LstsqStudy
    """
    kappas = as_float_array(kappas, "kappas", ndim=1)
    if np.any(kappas < 1):
        raise ValueError(f"kappas must all be >= 1, got min {kappas.min()!r}")
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n", minimum=2)
    if m <= n:
        raise ValueError(f"m must be > n = {n} (a tall design), got m={m}")
    residual = check_finite_scalar(residual, "residual")
    if residual < 0:
        raise ValueError(f"residual must be >= 0, got {residual!r}")
    n_trials = check_positive_int(n_trials, "n_trials")
    rng = check_rng(rng)
    out = np.full((4, kappas.size, n_trials), np.nan)       # (4, K, T)
    for i, kappa in enumerate(kappas):
        for t in range(n_trials):
            a, x, b = _study_problem(m, n, float(kappa), residual, rng)
            out[0:2, i, t] = _solve_errors(lstsq_normal, a, x, b)
            out[2:4, i, t] = _solve_errors(lstsq_qr, a, x, b)
    med = _nanmedian_last(out)                              # (4, K)
    return LstsqStudy(kappa=kappas, err_normal=med[0], err_qr=med[2],
                      res_normal=med[1], res_qr=med[3])


def _nanmedian_last(a: np.ndarray) -> np.ndarray:
    """Median over the last axis ignoring NaN; NaN where all are NaN.

    (``np.nanmedian`` warns on all-NaN slices, and warnings are errors.)
    """
    out = np.full(a.shape[:-1], np.nan)
    for idx in np.ndindex(*a.shape[:-1]):
        vals = a[idx][np.isfinite(a[idx])]
        if vals.size:
            out[idx] = np.median(vals)
    return out
