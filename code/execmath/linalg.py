"""Matrices as linear maps: column space, rank, bases, projection and
least squares.

The chapter's algorithms are written out here, small enough to read:
Householder QR, back substitution, least squares by QR and by the normal
equations, coordinates in a new basis, and the numerical rank read from
singular values. NumPy and SciPy serve as the independent oracles in the
tests. Randomness enters only through an explicit ``rng`` argument.

Scale. Every factorisation here first divides its matrix (and right-hand
side) by a power of two, which is exact, and scales the result back. The
algorithms therefore behave the same for entries of size 1e-300 and 1e300
as for entries of size 1 (the same bits, scaled), instead of losing the
squares of tiny entries to underflow or of huge ones to overflow. A
result that itself exceeds the float64 range is refused with a
ValueError.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath._validate import (
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    check_rng,
    norm2,
    pow2_scale,
)

__all__ = [
    "ColumnSpaceProjection",
    "LstsqStudy",
    "QR",
    "RankReport",
    "back_substitution",
    "change_of_basis",
    "column_space_basis",
    "gram_schmidt",
    "householder_qr",
    "low_rank_plus_noise",
    "lstsq_accuracy_study",
    "lstsq_normal",
    "lstsq_qr",
    "lstsq_svd",
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


def _unscale(values: np.ndarray, e, what: str) -> np.ndarray:
    """``values * 2**e``; a result beyond float64 is a ValueError."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, e)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"{what} exceeds the float64 range (> 1.8e308) for this input"
        )
    return out


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

    Examples
    --------
    >>> matvec_by_columns([[1.0, 2.0], [3.0, 4.0]], [1.0, -1.0]).tolist()
    [-1.0, -1.0]
    """
    a = _as_matrix(a, "a")
    x = as_float_array(x, "x", ndim=1)
    if x.shape[0] != a.shape[1]:
        raise ValueError(
            f"x must have {a.shape[1]} entries to match a {a.shape}, "
            f"got shape {x.shape}"
        )
    a, ea = pow2_scale(a)              # exact: no intermediate overflow
    x, ex = pow2_scale(x)
    out = np.zeros(a.shape[0])                              # (m,)
    with np.errstate(under="ignore"):
        for j, xj in enumerate(x):
            out += xj * a[:, j]                             # column j
    return _unscale(out, ea + ex, "a @ x")


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
        ``gap_ratio`` is ``inf`` when nothing lies below the cut.

    Examples
    --------
    >>> rep = rank_report([[1.0, 2.0], [0.0, 0.0]])
    >>> rep.rank, rep.gap_ratio
    (1, inf)
    """
    a = _as_matrix(a, "a")
    tol = _check_tol(tol)
    s = _singular_values(a)                                 # (p,), descending
    tau = _default_tol(s, a.shape) if tol is None else tol
    r = int(np.count_nonzero(s > tau))
    if 0 < r < s.size:
        gap = float(s[r - 1] / s[r]) if s[r] > 0 else math.inf
    else:
        gap = math.inf
    return RankReport(rank=r, singular_values=s, tol=tau, gap_ratio=gap)


def _singular_values(a: np.ndarray) -> np.ndarray:
    """Singular values, computed on ``a / 2**e`` and scaled back.

    LAPACK's SVD overflows for entries near 1e308 and loses tiny ones; the
    power-of-two scaling is exact, so the result is the same bits in the
    normal range and right at the extremes.
    """
    s_scaled, e = pow2_scale(a)
    s = np.linalg.svd(s_scaled, compute_uv=False)
    return _unscale(s, e, "a singular value of a")


def numerical_rank(a: Any, tol: float | None = None) -> int:
    r"""The numerical rank :math:`\#\{i : \sigma_i > \tau\}` of ``a``.

    See :func:`rank_report` for the tolerance; this returns only the count.

    Examples
    --------
    >>> numerical_rank([[1.0, 2.0], [2.0, 4.0], [0.0, 1.0]])
    2
    """
    return rank_report(a, tol).rank


def _svd_split(a: Any, tol: float | None) -> tuple[np.ndarray, np.ndarray, int]:
    a = _as_matrix(a, "a")
    tol = _check_tol(tol)
    scaled, e = pow2_scale(a)
    u, s, vt = np.linalg.svd(scaled)                        # full U, Vt
    if tol is None:
        r = int(np.count_nonzero(s > _default_tol(s, a.shape)))
    else:                        # compare in the original units
        with np.errstate(over="ignore"):
            r = int(np.count_nonzero(np.ldexp(s, e) > tol))
    return u, vt, r


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

    Examples
    --------
    >>> column_space_basis([[1.0, 2.0], [2.0, 4.0]]).shape
    (2, 1)
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

    Examples
    --------
    >>> z = null_space_basis([[1.0, 1.0]])
    >>> z.shape, bool(abs(z[0, 0] + z[1, 0]) < 1e-15)
    ((2, 1), True)
    """
    _, vt, r = _svd_split(a, tol)
    return vt[r:].T                                         # (n, n - r)


def matrix_condition(a: Any) -> float:
    r"""2-norm condition number :math:`\kappa(A) = \sigma_{\max}/\sigma_{\min}`.

    For a rectangular matrix :math:`\sigma_{\min}` is the smallest of its
    :math:`\min(m, n)` singular values; ``inf`` when that is zero (or
    when the ratio exceeds the float range). :math:`\kappa` is scale
    invariant and computed on ``a / 2**e``.

    Examples
    --------
    >>> matrix_condition([[2.0, 0.0], [0.0, 0.5]])
    4.0
    """
    a = _as_matrix(a, "a")
    s = np.linalg.svd(pow2_scale(a)[0], compute_uv=False)   # (p,)
    if s[-1] == 0.0:
        return math.inf
    with np.errstate(over="ignore"):
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
    alpha = _safe_norm(x)
    if alpha == 0.0:
        return None
    v = x.copy()
    v[0] += math.copysign(alpha, x[0])
    return v / _safe_norm(v)


def _safe_norm(x: np.ndarray) -> float:
    """``np.linalg.norm`` where its squares cannot underflow or overflow,
    the scaled :func:`execmath._validate.norm2` otherwise (same bits for
    entries of ordinary size, the right answer at the extremes)."""
    m = float(np.max(np.abs(x), initial=0.0))
    if 2.0**-450 < m < 2.0**450:
        return float(np.linalg.norm(x))
    return norm2(x)


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

    Notes
    -----
    The reflections run on ``a / 2**e`` (exact) and ``r`` is scaled back:
    :math:`Q` of :math:`2^j A` is :math:`Q` of :math:`A` and its
    :math:`R` is :math:`2^j R`, bit for bit, from entries of 1e-300 to
    1e300 (before, every entry below ~1e-154 gave ``q @ r != a`` and
    every entry above ~1e154 gave NaN).

    Examples
    --------
    >>> q, r = householder_qr([[3.0, 1.0], [4.0, 2.0]])
    >>> r.round(12).tolist()
    [[-5.0, -2.2], [0.0, 0.4]]
    >>> bool(np.allclose(q @ r, [[3.0, 1.0], [4.0, 2.0]]))
    True
    """
    a = _as_matrix(a, "a")
    check_choice(mode, "mode", ("reduced", "complete"))
    q, r, e = _householder(a, mode)
    return QR(q=q, r=_unscale(r, e, "an entry of R for a"))


def _householder(a: np.ndarray, mode: str = "reduced"
                 ) -> tuple[np.ndarray, np.ndarray, int]:
    """Householder QR of ``a / 2**e``: ``(q, r_scaled, e)``."""
    a, e = pow2_scale(a)
    m, n = a.shape
    if mode == "complete":
        check_result_size(m * m, "a (complete Q is m x m)")
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
    return q, np.triu(r[:p, :]), e


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

    Raises
    ------
    ValueError
        If a diagonal entry of ``r`` is zero, or the solution exceeds the
        float64 range (``r`` is then singular to working precision).

    Examples
    --------
    >>> back_substitution([[2.0, 1.0], [0.0, 4.0]], [3.0, 8.0]).tolist()
    [0.5, 2.0]
    """
    r = _as_square(r, "r")
    y = _as_rhs(y, "y", r.shape[0], f"r {r.shape}")
    zero = np.flatnonzero(np.diag(r) == 0.0)
    if zero.size:
        raise ValueError(
            f"r must have a non-zero diagonal (non-singular), got "
            f"r[{zero[0]}, {zero[0]}] = 0 in shape {r.shape}"
        )
    rs, er = pow2_scale(np.triu(r))
    ys, ey = pow2_scale(y)
    return _unscale(_back_sub(rs, ys, "r"), ey - er,
                    "the solution x of r x = y")


def _back_sub(r: np.ndarray, y: np.ndarray, name: str) -> np.ndarray:
    """Back substitution on validated, scaled arrays (no further checks).

    An intermediate that overflows means ``r`` is singular to working
    precision; that is reported against ``name`` rather than returned.
    """
    n = r.shape[0]
    x = np.zeros_like(y)                                    # (n,) or (n, k)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for i in reversed(range(n)):
            x[i] = (y[i] - r[i, i + 1:] @ x[i + 1:]) / r[i, i]
    if not np.all(np.isfinite(x)):
        raise ValueError(
            f"{name} is singular to working precision: the solution "
            "exceeds the float64 range"
        )
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

    Examples
    --------
    >>> lstsq_qr([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 2.0, 3.0]).round(12).tolist()
    [1.0, 2.0]
    """
    a, b = _lstsq_inputs(a, b)
    q, r, ea = _householder(a)                              # (m, n), (n, n)
    _check_full_column_rank(r, "a", a.shape)
    bs, eb = pow2_scale(b)                                  # exact
    x = _back_sub(r, q.T @ bs, "a")                         # (n,) or (n, k)
    return _unscale(x, eb - ea, "the least-squares solution for a and b")


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

    Notes
    -----
    :math:`A` and :math:`b` are divided by powers of two first (exact), so
    :math:`A^\top A` cannot overflow; the squaring of the condition
    number, which is the point of this function, is untouched.

    Examples
    --------
    >>> lstsq_normal([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 2.0, 3.0]).round(12).tolist()
    [1.0, 2.0]
    """
    a, b = _lstsq_inputs(a, b)
    a, ea = pow2_scale(a)
    b, eb = pow2_scale(b)
    with np.errstate(under="ignore"):
        gram = a.T @ a                                      # (n, n)
        rhs = a.T @ b
    try:
        factor = sla.cho_factor(gram, lower=True)
    except np.linalg.LinAlgError as exc:
        raise ValueError(
            f"a must have full column rank: a.T @ a of shape {gram.shape} "
            "is not numerically positive definite (kappa(a)**2 * u >= ~1)"
        ) from exc
    with np.errstate(over="ignore", invalid="ignore"):
        x = sla.cho_solve(factor, rhs, check_finite=False)  # (n,) or (n, k)
    return _unscale(x, eb - ea, "the least-squares solution for a and b")


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

    Examples
    --------
    >>> projection_matrix([[1.0], [1.0]]).round(12).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    a = _as_matrix(a, "a")
    _check_tall(a, "a")
    check_result_size(a.shape[0] ** 2, "a (P is m x m)")
    q, r, _ = _householder(a)                               # (m, n), (n, n)
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

    Examples
    --------
    >>> p = project_onto_column_space([[1.0], [1.0]], [1.0, 3.0])
    >>> p.projection.round(12).tolist(), p.residual.round(12).tolist()
    ([2.0, 2.0], [-1.0, 1.0])
    """
    a = _as_matrix(a, "a")
    _check_tall(a, "a")
    b = as_float_array(b, "b", ndim=1)
    if b.shape[0] != a.shape[0]:
        raise ValueError(
            f"b must have {a.shape[0]} entries to match a {a.shape}, "
            f"got shape {b.shape}"
        )
    q, r, ea = _householder(a)                              # (m, n), (n, n)
    _check_full_column_rank(r, "a", a.shape)
    bs, eb = pow2_scale(b)                                  # exact
    qtb = q.T @ bs                                          # (n,)
    pb = q @ qtb                                            # (m,)
    coef = _back_sub(r, qtb, "a")                           # (n,)
    return ColumnSpaceProjection(
        projection=_unscale(pb, eb, "the projection of b"),
        residual=_unscale(bs - pb, eb, "the residual of b"),
        coefficients=_unscale(coef, eb - ea,
                              "a coefficient of b in the columns of a"),
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

    Examples
    --------
    >>> change_of_basis([[1.0, 1.0], [0.0, 2.0]], [3.0, 4.0]).round(12).tolist()
    [1.0, 2.0]
    """
    basis = _as_square(basis, "basis")
    x = _as_rhs(x, "x", basis.shape[0], f"basis {basis.shape}")
    q, r, eb = _householder(basis)                          # (n, n), (n, n)
    try:
        _check_full_column_rank(r, "basis", basis.shape)
    except ValueError as exc:
        raise ValueError(
            f"basis must have linearly independent columns: {exc}"
        ) from None
    xs, ex = pow2_scale(x)
    c = _back_sub(r, q.T @ xs, "basis")
    return _unscale(c, ex - eb, "a coordinate of x in basis")


# ------------------------------------------------- matrices by construction
def _haar_columns(n: int, p: int, rng: np.random.Generator) -> np.ndarray:
    """``p`` orthonormal columns in R^n, uniformly (Haar) distributed.

    The Q factor of an (n, p) Gaussian with the signs of diag(R) fixed
    positive: the first p columns of a Haar orthogonal matrix, without
    forming the other n - p (memory n p, not n^2).
    """
    q, r = np.linalg.qr(rng.standard_normal((n, p)))        # (n, p)
    return q * np.where(np.diag(r) < 0, -1.0, 1.0)          # fix signs


def _svd_design(m: int, n: int, s: np.ndarray, rng: np.random.Generator
                ) -> tuple[np.ndarray, np.ndarray]:
    """A = U diag(s) V^T with thin Haar factors U (m, p), V (n, p)."""
    p = min(m, n)
    u = _haar_columns(m, p, rng)                            # (m, p)
    v = _haar_columns(n, p, rng)                            # (n, p)
    s, e = pow2_scale(s)                                    # exact
    a = _unscale((u * s) @ v.T, e,
                 "an entry of the matrix with these singular_values")
    return a, u


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

    Notes
    -----
    The orthogonal factors are thin, (m, p) and (n, p): memory grows like
    the answer, not like :math:`m^2`.

    Examples
    --------
    >>> a = matrix_with_spectrum(5, 3, [3.0, 2.0, 1.0],
    ...                          rng=np.random.default_rng(0))
    >>> np.linalg.svd(a, compute_uv=False).round(12).tolist()
    [3.0, 2.0, 1.0]
    """
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n")
    check_result_size(m * n, "m * n")
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
    if not 1.0 <= kappa <= 1e300:
        raise ValueError(
            f"kappa must lie in [1, 1e300] (the smallest singular value "
            f"1/kappa must stay a normal float), got {kappa!r}")
    return kappa


def matrix_with_condition(m: int, n: int, kappa: float, *,
                          rng: np.random.Generator) -> np.ndarray:
    r"""Random (m, n) matrix with 2-norm condition number ``kappa``.

    .. math::

        \sigma_i = \kappa^{-(i-1)/(p-1)},\quad i = 1, \dots, p,
        \qquad \kappa(A) = \sigma_1/\sigma_p = \kappa

    so :math:`\|A\|_2 = 1` and the singular values are evenly spaced on a
    log scale (built by :func:`matrix_with_spectrum`).

    Examples
    --------
    >>> a = matrix_with_condition(6, 3, 100.0, rng=np.random.default_rng(0))
    >>> round(matrix_condition(a), 9)
    100.0
    """
    kappa = _check_kappa(kappa)
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n")
    check_result_size(m * n, "m * n")
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

    Examples
    --------
    >>> a = low_rank_plus_noise(6, 5, 2, rng=np.random.default_rng(0))
    >>> numerical_rank(a)
    2
    """
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n")
    check_result_size(m * n, "m * n")
    rank = check_positive_int(rank, "rank")
    if rank > min(m, n):
        raise ValueError(f"rank must be <= min(m, n) = {min(m, n)}, got {rank}")
    noise = check_finite_scalar(noise, "noise")
    if not 0 <= noise <= 1e300:
        raise ValueError(f"noise must lie in [0, 1e300], got {noise!r}")
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
    a, u = _svd_design(m, n, _condition_spectrum(n, kappa), rng)  # u (m, n)
    x = rng.standard_normal(n)                              # (n,)
    ax = a @ x                                              # (m,)
    g = rng.standard_normal(m)                              # (m,)
    w = g - u @ (u.T @ g)                                   # in col(A)^perp
    w -= u @ (u.T @ w)                                      # once more
    b = ax + (residual * np.linalg.norm(ax)) * (w / np.linalg.norm(w))
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
        ``nan`` marks a condition number at which the normal equations
        broke down in every trial.

    Examples
    --------
    >>> st = lstsq_accuracy_study([1.0, 1e6], m=10, n=3, n_trials=2,
    ...                           rng=np.random.default_rng(0))
    >>> bool(st.err_normal[1] > 100 * st.err_qr[1])
    True
    """
    kappas = as_float_array(kappas, "kappas", ndim=1)
    if np.any(kappas < 1) or np.any(kappas > 1e300):
        raise ValueError(
            f"kappas must lie in [1, 1e300], got values from "
            f"{kappas.min()!r} to {kappas.max()!r}")
    m = check_positive_int(m, "m")
    n = check_positive_int(n, "n", minimum=2)
    if m <= n:
        raise ValueError(f"m must be > n = {n} (a tall design), got m={m}")
    check_result_size(m * n, "m * n")
    residual = check_finite_scalar(residual, "residual")
    if not 0 <= residual <= 1e100:
        raise ValueError(f"residual must lie in [0, 1e100], got {residual!r}")
    n_trials = check_positive_int(n_trials, "n_trials")
    check_result_size(4 * kappas.size * n_trials, "n_trials * len(kappas)")
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


# ------------------------------------------- Gram-Schmidt, SVD least squares
def gram_schmidt(a: Any, *, modified: bool = True) -> QR:
    r"""Thin QR by classical or modified Gram-Schmidt.

    Column :math:`j` loses its components along the earlier
    :math:`q_1, \dots, q_{j-1}` and is normalised:

    .. math::

        v_j = a_j - \sum_{i<j} r_{ij}\, q_i, \qquad
        r_{jj} = \|v_j\|_2, \qquad q_j = v_j / r_{jj}.

    Classical GS (``modified=False``) takes :math:`r_{ij} = q_i^\top a_j`
    from the *original* column; modified GS takes
    :math:`r_{ij} = q_i^\top v_j^{(i)}` from the partly reduced one. The two
    are equal in exact arithmetic; in floating point the loss of
    orthogonality :math:`\|I - Q^\top Q\|` grows like
    :math:`\kappa(A)^2 u` for classical and :math:`\kappa(A)\,u` for
    modified GS (Björck; Higham 2002, ch. 19), while Householder QR keeps
    it at :math:`O(u)`.

    Parameters
    ----------
    a : array_like, shape (m, n), m >= n, full column rank
    modified : bool, default True

    Returns
    -------
    QR
        ``q`` of shape (m, n), ``r`` upper triangular of shape (n, n).

    Raises
    ------
    ValueError
        If a column is (numerically) dependent on the earlier ones.

    Examples
    --------
    >>> q, r = gram_schmidt([[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])
    >>> q.round(12).tolist(), r.round(12).tolist()
    ([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 1.0]])
    """
    a = _as_matrix(a, "a")
    _check_tall(a, "a")
    if not isinstance(modified, (bool, np.bool_)):
        raise TypeError(f"modified must be a bool, got {type(modified).__name__}")
    scaled, e = pow2_scale(a)                               # exact
    m, n = a.shape
    q = np.zeros((m, n))
    r = np.zeros((n, n))
    norms = np.array([norm2(scaled[:, j]) for j in range(n)])   # (n,)
    with np.errstate(under="ignore"):
        for j in range(n):
            v = scaled[:, j].copy()                         # (m,)
            for i in range(j):
                # the one line where the two variants differ
                r[i, j] = q[:, i] @ (v if modified else scaled[:, j])
                v -= r[i, j] * q[:, i]
            r[j, j] = norm2(v)
            # a dependent column leaves only rounding behind
            if r[j, j] <= max(m, n) * _EPS * float(norms.max()):
                raise ValueError(
                    f"a must have full column rank, got shape {a.shape} "
                    f"with column {j} dependent on the earlier ones "
                    f"(|r[{j}, {j}]| = {r[j, j]:.3e})")
            q[:, j] = v / r[j, j]
    return QR(q=q, r=_unscale(r, e, "an entry of R"))


def lstsq_svd(a: Any, b: Any, tol: float | None = None) -> np.ndarray:
    r"""Minimum-norm least squares by the SVD (the pseudoinverse).

    With :math:`A = U \Sigma V^\top` and the :math:`r` singular values
    above ``tol``,

    .. math::

        \hat x = A^{+} b = \sum_{i=1}^{r} \frac{u_i^\top b}{\sigma_i}\, v_i ,

    the least-squares solution of smallest norm. Unlike :func:`lstsq_qr`
    it accepts any shape and rank; directions with
    :math:`\sigma_i \le \tau` are dropped rather than divided by a tiny
    number (a truncated SVD).

    Parameters
    ----------
    a : array_like, shape (m, n)
    b : array_like, shape (m,) or (m, k)
    tol : float, optional
        Cut for the singular values (>= 0); default
        :math:`\sigma_1 \max(m, n)\,\varepsilon`, as
        ``numpy.linalg.pinv`` and ``matrix_rank``.

    Returns
    -------
    numpy.ndarray, shape (n,) or (n, k)

    Examples
    --------
    >>> a = [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]]      # rank 1
    >>> lstsq_svd(a, [2.0, 2.0, 5.0]).round(12).tolist()
    [1.0, 1.0]
    """
    a = _as_matrix(a, "a")
    b = _as_rhs(b, "b", a.shape[0], f"a {a.shape}")
    tol = _check_tol(tol)
    a_s, ea = pow2_scale(a)                                 # exact
    b_s, eb = pow2_scale(b)
    u, s, vt = np.linalg.svd(a_s, full_matrices=False)      # (m,p) (p,) (p,n)
    if tol is None:
        keep = s > _default_tol(s, a.shape)
    else:                        # compare in the original units
        with np.errstate(over="ignore", under="ignore"):
            keep = np.ldexp(s, ea) > tol
    coef = u[:, keep].T @ b_s                               # (r,) or (r, k)
    with np.errstate(over="ignore", under="ignore"):
        coef = (coef.T / s[keep]).T
        x = vt[keep].T @ coef                               # (n,) or (n, k)
    if not np.all(np.isfinite(x)):
        raise ValueError("the least-squares solution for a, b and tol "
                         "exceeds the float64 range; raise tol")
    return _unscale(x, eb - ea, "the least-squares solution for a and b")
