"""Spectral structure: eigenpairs, the SVD, low-rank approximation and PCA.

Everything here is built on two facts. A real symmetric matrix has an
orthonormal basis of eigenvectors (the spectral theorem), and every real
matrix factors as :math:`A = U \\Sigma V^\\top` (the SVD). Power iteration,
truncated SVD (Eckart-Young-Mirsky) and PCA are small programs on top of
them. Randomness enters only through an explicit ``rng`` argument.

Scale. Matrices (and vectors) are divided by a power of two before any
factorisation, product or norm, which is exact, and results are scaled
back by their homogeneity: eigenvalues, singular values and Rayleigh
quotients scale with the matrix, eigenvectors, angles and explained-
variance ratios do not change at all. So the routines give the same bits
for entries of size 1 and the right answer (not NaN, not a false "null
space") for entries of size 1e-300 or 1e300. A result that itself
exceeds float64 is a ValueError.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    MAX_ELEMENTS,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    check_rng,
    norm2,
    pow2_scale,
)

__all__ = [
    "CircleImage",
    "LowRankErrors",
    "PCAResult",
    "PowerIterationResult",
    "RandomSymmetric",
    "SVDEllipse",
    "SpectralDecomposition",
    "TruncatedSVD",
    "angle_between_lines",
    "components_for_variance",
    "low_rank_errors",
    "pca",
    "power_iteration",
    "random_orthogonal",
    "random_symmetric",
    "rank_k_approximation",
    "rayleigh_quotient",
    "sample_with_spectrum",
    "singular_values_via_gram",
    "spectral_decomposition",
    "step_ratios",
    "svd_ellipse",
    "svd_flip_signs",
    "synthetic_image",
    "truncated_svd",
    "unit_circle_image",
]

#: Relative tolerance for "is this matrix symmetric?": a matrix built as
#: ``B @ B.T`` or ``Q @ D @ Q.T`` in floating point is symmetric only up to
#: rounding, so exact equality would reject honest input.
SYMMETRY_RTOL = 1e-10


# ---------------------------------------------------------------- records
class SpectralDecomposition(NamedTuple):
    """Eigenpairs of a symmetric matrix, :math:`A = Q \\Lambda Q^\\top`."""

    eigenvalues: np.ndarray   # (n,) descending
    eigenvectors: np.ndarray  # (n, n) column i pairs with eigenvalues[i]


class RandomSymmetric(NamedTuple):
    """A symmetric matrix with a prescribed spectrum and its eigenvectors."""

    a: np.ndarray  # (n, n) Q diag(eigenvalues) Q^T
    q: np.ndarray  # (n, n) orthogonal, column i pairs with eigenvalues[i]


class PowerIterationResult(NamedTuple):
    """Outcome and full history of :func:`power_iteration`."""

    eigenvalue: float        # last Rayleigh quotient
    eigenvector: np.ndarray  # (n,) last unit iterate
    rayleigh: np.ndarray     # (num_iters + 1,) r(x_k), k = 0..num_iters
    vectors: np.ndarray      # (num_iters + 1, n) unit iterates x_k
    angles: np.ndarray | None  # (num_iters + 1,) angle(x_k, reference)


class SVDEllipse(NamedTuple):
    """Singular triplets read as the geometry of :math:`A` on the sphere."""

    u: np.ndarray           # (m, r) left singular vectors (columns)
    s: np.ndarray           # (r,) singular values, descending
    v: np.ndarray           # (n, r) right singular vectors (columns)
    semi_axes: np.ndarray   # (m, r) column i is s[i] * u[:, i]


class CircleImage(NamedTuple):
    """Points of the unit circle and their images under a matrix."""

    theta: np.ndarray   # (p,) angles in [0, 2 pi)
    circle: np.ndarray  # (p, 2) rows (cos theta, sin theta)
    image: np.ndarray   # (p, m) rows A x


class TruncatedSVD(NamedTuple):
    """The leading ``k`` singular triplets, :math:`A_k = U_k \\Sigma_k V_k^\\top`."""

    u: np.ndarray   # (m, k)
    s: np.ndarray   # (k,)
    vt: np.ndarray  # (k, n)


class LowRankErrors(NamedTuple):
    """Measured and predicted errors of the rank-``k`` truncations."""

    ks: np.ndarray                   # (K,) ranks
    spectral: np.ndarray             # (K,) ||A - A_k||_2, measured
    frobenius: np.ndarray            # (K,) ||A - A_k||_F, measured
    predicted_spectral: np.ndarray   # (K,) sigma_{k+1} (0 when k = r)
    predicted_frobenius: np.ndarray  # (K,) sqrt(sum_{i>k} sigma_i^2)
    singular_values: np.ndarray      # (r,) all singular values of A


class PCAResult(NamedTuple):
    """Principal components of a data matrix (rows are samples)."""

    components: np.ndarray                # (k, d) rows are unit directions
    explained_variance: np.ndarray        # (k,) sigma_i^2 / (n - 1)
    explained_variance_ratio: np.ndarray  # (k,) share of total variance
    singular_values: np.ndarray           # (k,) of the centred data
    scores: np.ndarray                    # (n, k) coordinates of the samples
    mean: np.ndarray                      # (d,) subtracted mean (0 if none)


# ------------------------------------------------------------ validation
def _as_matrix(a, name: str) -> np.ndarray:
    return as_float_array(a, name, ndim=2)


def _unscale(values, e, what: str) -> np.ndarray:
    """``values * 2**e``; a result beyond float64 is a ValueError."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, e)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{what} exceeds the float64 range (> 1.8e308)")
    return out


def _as_square(a, name: str) -> np.ndarray:
    arr = _as_matrix(a, name)
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be square, got shape {arr.shape}")
    return arr


def _as_symmetric(a, name: str) -> np.ndarray:
    arr = _as_square(a, name)
    scaled, _ = pow2_scale(arr)        # the test is scale invariant
    scale = max(float(np.max(np.abs(scaled))), np.finfo(float).tiny)
    gap = float(np.max(np.abs(scaled - scaled.T)))
    if gap > SYMMETRY_RTOL * scale:
        raise ValueError(
            f"{name} must be symmetric, got shape {arr.shape} with "
            f"max |a - a.T| = {gap:.3e}"
        )
    return arr


def _check_rank(k, name: str, bound: int) -> int:
    k = check_positive_int(k, name)
    if k > bound:
        raise ValueError(
            f"{name} must be <= min(m, n) = {bound} for the matrix a, "
            f"got {k}"
        )
    return k


# ------------------------------------------------------ random matrices
def random_orthogonal(n: int, *, rng: np.random.Generator) -> np.ndarray:
    r"""Draw an orthogonal matrix from the uniform (Haar) distribution.

    .. math::

        G = QR,\quad G_{ij} \sim \mathcal{N}(0, 1),
        \qquad Q \leftarrow Q \operatorname{diag}(\operatorname{sign} R_{ii})

    The sign correction makes the distribution exactly uniform rather than
    biased by the QR convention.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, n)`` with :math:`Q^\top Q = I`.

    Examples
    --------
    >>> q = random_orthogonal(3, rng=np.random.default_rng(0))
    >>> bool(np.allclose(q.T @ q, np.eye(3)))
    True
    """
    n = check_positive_int(n, "n")
    check_result_size(n * n, "n * n")
    rng = check_rng(rng)
    g = rng.standard_normal((n, n))           # (n, n)
    q, r = np.linalg.qr(g)
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    return q * signs                          # flip columns, (n, n)


def random_symmetric(eigenvalues, *, rng: np.random.Generator
                     ) -> RandomSymmetric:
    r"""Symmetric matrix with the given eigenvalues and random eigenvectors.

    .. math::

        A = Q \operatorname{diag}(\lambda_1, \dots, \lambda_n) Q^\top,
        \qquad Q \text{ Haar-orthogonal}

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        The spectrum, in the order that pairs with the columns of ``q``.
    rng : numpy.random.Generator

    Returns
    -------
    RandomSymmetric
        ``a`` (exactly symmetrised) and ``q``.

    Examples
    --------
    >>> rs = random_symmetric([3.0, 1.0], rng=np.random.default_rng(0))
    >>> np.linalg.eigvalsh(rs.a).round(12).tolist()
    [1.0, 3.0]
    """
    lam = as_float_array(eigenvalues, "eigenvalues", ndim=1)
    q = random_orthogonal(lam.size, rng=rng)       # (n, n)
    lam_s, e = pow2_scale(lam)                     # exact
    a = (q * lam_s) @ q.T                          # (n, n)
    # halve before adding: the same bits as 0.5 (a + a.T), no overflow
    a = _unscale(0.5 * a + 0.5 * a.T, e, "an entry of a with these eigenvalues")
    return RandomSymmetric(a=a, q=q)


# ------------------------------------------------------- eigen routines
def spectral_decomposition(a) -> SpectralDecomposition:
    r"""Eigen-decomposition of a real symmetric matrix (spectral theorem).

    .. math::

        A = Q \Lambda Q^\top, \qquad Q^\top Q = I,
        \qquad \lambda_1 \ge \lambda_2 \ge \dots \ge \lambda_n

    Uses ``numpy.linalg.eigh`` (which assumes symmetry and returns real,
    orthonormal output) and reorders to descending eigenvalues.

    Raises
    ------
    ValueError
        If ``a`` is not square, not symmetric, or not finite, or an
        eigenvalue exceeds the float64 range.

    Examples
    --------
    >>> dec = spectral_decomposition([[2.0, 1.0], [1.0, 2.0]])
    >>> dec.eigenvalues.round(12).tolist()
    [3.0, 1.0]
    """
    a = _as_symmetric(a, "a")
    scaled, e = pow2_scale(a)
    lam, q = np.linalg.eigh(scaled)     # ascending
    order = np.argsort(lam)[::-1]
    return SpectralDecomposition(
        eigenvalues=_unscale(lam[order], e, "an eigenvalue of a"),
        eigenvectors=q[:, order])


def rayleigh_quotient(a, x) -> float | np.ndarray:
    r"""Rayleigh quotient of a square matrix at a vector (or row batch).

    .. math::

        r_A(x) = \frac{x^\top A x}{x^\top x}

    For symmetric ``a`` it lies in :math:`[\lambda_{\min}, \lambda_{\max}]`
    and equals :math:`\lambda_i` at the eigenvector :math:`v_i`.

    Parameters
    ----------
    a : array_like, shape (n, n)
    x : array_like, shape (n,) or (b, n)
        Non-zero vector(s); a 2-D input is a batch of row vectors.

    Returns
    -------
    float or numpy.ndarray of shape (b,)

    Notes
    -----
    :math:`r_A(x)` is invariant to the scale of ``x`` and homogeneous in
    ``a``: each row of ``x`` and the matrix are divided by powers of two
    first (exact), so neither :math:`x^\top x` nor :math:`x^\top A x` can
    overflow or underflow where the quotient is representable.

    Examples
    --------
    >>> rayleigh_quotient([[2.0, 0.0], [0.0, 1.0]], [1.0, 1.0])
    1.5
    >>> rayleigh_quotient([[2.0, 0.0], [0.0, 1.0]], [1e300, 1e300])
    1.5
    """
    a = _as_square(a, "a")
    x = as_float_array(x, "x", ndim=(1, 2))
    if x.shape[-1] != a.shape[0]:
        raise ValueError(
            f"x must have length {a.shape[0]} to match a {a.shape}, "
            f"got shape {x.shape}"
        )
    a, ea = pow2_scale(a)
    x, _ = pow2_scale(x, axis=-1)                   # per row: r is invariant
    xx = np.einsum("...i,...i->...", x, x)          # (b,) or (); >= 1/4
    if np.any(xx == 0):
        raise ValueError(f"x must be non-zero, got a zero vector in {x.shape}")
    with np.errstate(under="ignore"):
        xax = np.einsum("...i,ij,...j->...", x, a, x)   # (b,) or ()
    out = _unscale(xax / xx, ea, "the Rayleigh quotient of a")
    return float(out) if x.ndim == 1 else out


def angle_between_lines(x, v) -> float | np.ndarray:
    r"""Angle in :math:`[0, \pi/2]` between the lines spanned by x and v.

    .. math::

        \theta = \operatorname{atan2}\big(\lVert x - (x^\top \hat v)\hat v
        \rVert,\ \lvert x^\top \hat v\rvert\big),
        \qquad \hat v = v / \lVert v \rVert

    Lines, not vectors: :math:`x` and :math:`-x` make the same angle, which
    is what eigenvectors (defined up to sign) need. ``atan2`` of the two
    components stays accurate for tiny angles, where ``arccos`` of a cosine
    that has rounded to 1 would return exactly 0.

    Parameters
    ----------
    x : array_like, shape (n,) or (b, n)
    v : array_like, shape (n,), non-zero

    Notes
    -----
    The angle is scale invariant; ``v`` and each row of ``x`` are divided
    by their own power of two first (exact), so the norms cannot overflow
    or underflow (entries from 1e-300 to 1e300 give the same bits).

    Examples
    --------
    >>> round(float(angle_between_lines([1.0, 1.0], [-2.0, 0.0])), 12)
    0.785398163397
    """
    v = as_float_array(v, "v", ndim=1)
    x = as_float_array(x, "x", ndim=(1, 2))
    return _angle_lines(x, v, "x", "v")


def _angle_lines(x: np.ndarray, v: np.ndarray, xname: str, vname: str
                 ) -> float | np.ndarray:
    """:func:`angle_between_lines` on validated arrays; names for messages."""
    if x.shape[-1] != v.size:
        raise ValueError(
            f"{xname} must have length {v.size} to match {vname}, got "
            f"shape {x.shape}"
        )
    v, _ = pow2_scale(v)
    vnorm = np.linalg.norm(v)                    # max |v| in [1/2, 1)
    if vnorm == 0:
        raise ValueError(f"{vname} must be non-zero")
    x, _ = pow2_scale(x, axis=-1)
    if np.any(np.max(np.abs(x), axis=-1) == 0):
        raise ValueError(
            f"{xname} must be non-zero, got a zero vector in {x.shape}")
    vhat = v / vnorm                             # (n,)
    with np.errstate(under="ignore"):
        par = x @ vhat                           # (b,) or ()
        perp = x - par[..., None] * vhat         # (b, n) or (n,)
        out = np.arctan2(np.linalg.norm(perp, axis=-1), np.abs(par))
    return float(out) if x.ndim == 1 else out


def power_iteration(
    a,
    *,
    num_iters: int = 50,
    x0=None,
    rng: np.random.Generator | None = None,
    reference=None,
) -> PowerIterationResult:
    r"""Power iteration for the dominant eigenpair of a symmetric matrix.

    .. math::

        x_{k+1} = \frac{A x_k}{\lVert A x_k \rVert_2},
        \qquad \lambda^{(k)} = r_A(x_k) = x_k^\top A x_k

    If :math:`\lvert\lambda_1\rvert > \lvert\lambda_2\rvert` and
    :math:`x_0^\top v_1 \ne 0`, then
    :math:`\tan\angle(x_k, v_1) \le \lvert\lambda_2/\lambda_1\rvert^k
    \tan\angle(x_0, v_1)` and
    :math:`\lvert\lambda^{(k)} - \lambda_1\rvert =
    O(\lvert\lambda_2/\lambda_1\rvert^{2k})`.

    Parameters
    ----------
    a : array_like, shape (n, n)
        Symmetric matrix.
    num_iters : int, default 50
        Number of multiplications by ``a`` (no early stopping, so the whole
        convergence history is visible).
    x0 : array_like, shape (n,), optional
        Start vector; drawn from ``rng`` (standard normal) when omitted.
    rng : numpy.random.Generator, optional
        Required when ``x0`` is omitted.
    reference : array_like, shape (n,), optional
        A known leading eigenvector; if given, ``angles`` records
        :func:`angle_between_lines` of every iterate with it.

    Returns
    -------
    PowerIterationResult

    Notes
    -----
    The iteration runs on ``a / 2**e`` (exact) and the Rayleigh quotients
    are scaled back, so a matrix of tiny entries is not mistaken for one
    with a null space (``A x`` underflowing to 0), nor does a huge one
    overflow.

    Examples
    --------
    >>> res = power_iteration([[2.0, 0.0], [0.0, 1.0]], num_iters=40,
    ...                       x0=[1.0, 1.0])
    >>> round(res.eigenvalue, 12), res.rayleigh.shape
    (2.0, (41,))
    """
    a = _as_symmetric(a, "a")
    n = a.shape[0]
    num_iters = check_positive_int(num_iters, "num_iters",
                                   maximum=MAX_ELEMENTS)
    check_result_size((num_iters + 1) * n, "num_iters")
    ref = None
    if reference is not None:
        ref = as_float_array(reference, "reference", ndim=1)
        if ref.size != n:
            raise ValueError(
                f"reference must have length {n}, got shape {ref.shape}"
            )
    x = _start_vector(x0, rng, n)
    a, ea = pow2_scale(a)
    xs = np.empty((num_iters + 1, n))              # (K+1, n)
    xs[0] = x
    for k in range(num_iters):
        with np.errstate(under="ignore"):
            y = a @ x                              # (n,)
        ynorm = norm2(y)
        if ynorm == 0:
            raise ValueError(
                f"x0 leads into the null space of a (A x = 0 at step {k})"
            )
        x = y / ynorm
        xs[k + 1] = x
    with np.errstate(under="ignore"):
        rq = np.einsum("ki,ij,kj->k", xs, a, xs)  # (K+1,), unit rows
    rq = _unscale(rq, ea, "a Rayleigh quotient of a")
    angles = None
    if ref is not None:
        angles = _angle_lines(xs, ref, "the iterates", "reference")
    return PowerIterationResult(eigenvalue=float(rq[-1]), eigenvector=x,
                                rayleigh=rq, vectors=xs, angles=angles)


def _start_vector(x0, rng, n: int) -> np.ndarray:
    if x0 is None:
        if rng is None:
            raise ValueError("x0 or rng must be given (rng draws the start)")
        x0 = check_rng(rng).standard_normal(n)
    x0 = as_float_array(x0, "x0", ndim=1)
    if x0.size != n:
        raise ValueError(f"x0 must have length {n}, got shape {x0.shape}")
    x0, _ = pow2_scale(x0)                         # the direction is all
    nrm = np.linalg.norm(x0)
    if nrm == 0:
        raise ValueError("x0 must be non-zero")
    return x0 / nrm


def step_ratios(errors) -> np.ndarray:
    r"""Per-step ratios :math:`e_{k+1} / e_k` of an error history.

    For a linearly convergent method these approach the rate: for power
    iteration on :math:`\tan\angle(x_k, v_1)` the limit is
    :math:`\lvert\lambda_2/\lambda_1\rvert`.

    Parameters
    ----------
    errors : array_like, shape (K,), K >= 2, positive

    Examples
    --------
    >>> step_ratios([1.0, 0.5, 0.2]).tolist()
    [0.5, 0.4]
    """
    e = as_float_array(errors, "errors", ndim=1)
    if e.size < 2 or np.any(e <= 0):
        raise ValueError(
            f"errors must hold >= 2 positive values, got shape {e.shape} "
            f"with min {e.min():.3e}"
        )
    with np.errstate(over="ignore"):
        out = e[1:] / e[:-1]
    if not np.all(np.isfinite(out)):
        raise ValueError("errors grow by a factor beyond the float64 range "
                         "between two steps")
    return out


# ------------------------------------------------------------------- SVD
def svd_flip_signs(u, vt) -> tuple[np.ndarray, np.ndarray]:
    r"""Fix the sign ambiguity of singular vectors deterministically.

    Singular pairs are defined only up to a joint sign,
    :math:`u_i v_i^\top = (-u_i)(-v_i)^\top`. Flip each pair so that the
    largest-magnitude entry of :math:`u_i` is positive.

    Parameters
    ----------
    u : array_like, shape (m, r)
    vt : array_like, shape (r, n)

    Returns
    -------
    (u, vt) with the same shapes and the same products ``u_i vt_i``.

    Examples
    --------
    >>> u, vt = svd_flip_signs([[-1.0, 0.0], [0.0, 1.0]], np.eye(2))
    >>> u.tolist(), vt.tolist()
    ([[1.0, 0.0], [-0.0, 1.0]], [[-1.0, -0.0], [0.0, 1.0]])
    """
    u = as_float_array(u, "u", ndim=2)
    vt = as_float_array(vt, "vt", ndim=2)
    if u.shape[1] != vt.shape[0]:
        raise ValueError(
            f"u and vt must share r: u {u.shape}, vt {vt.shape}"
        )
    big = np.argmax(np.abs(u), axis=0)                 # (r,)
    signs = np.sign(u[big, np.arange(u.shape[1])])     # (r,)
    signs[signs == 0] = 1.0
    return u * signs, vt * signs[:, None]


def svd_ellipse(a) -> SVDEllipse:
    r"""Read the SVD as geometry: the unit sphere maps to an ellipsoid.

    .. math::

        A = U \Sigma V^\top,\qquad A v_i = \sigma_i u_i

    The image :math:`\{Ax : \lVert x\rVert_2 = 1\}` is an ellipse
    (ellipsoid) with semi-axes :math:`\sigma_i u_i`, reached from the
    directions :math:`v_i`. Signs follow :func:`svd_flip_signs`.

    Parameters
    ----------
    a : array_like, shape (m, n)

    Examples
    --------
    >>> geo = svd_ellipse([[3.0, 0.0], [0.0, 1.0]])
    >>> geo.s.tolist(), geo.semi_axes.tolist()
    ([3.0, 1.0], [[3.0, 0.0], [0.0, 1.0]])
    """
    a = _as_matrix(a, "a")
    u, s, vt = _svd(a)                             # (m,r) (r,) (r,n)
    return SVDEllipse(u=u, s=s, v=vt.T,
                      semi_axes=_unscale(u * s, 0, "a semi-axis of a"))


def _svd(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD of ``a / 2**e`` with signs fixed; ``s`` scaled back."""
    scaled, e = pow2_scale(a)
    u, s, vt = np.linalg.svd(scaled, full_matrices=False)
    u, vt = svd_flip_signs(u, vt)
    return u, _unscale(s, e, "a singular value of a"), vt


def unit_circle_image(a, num_points: int = 721) -> CircleImage:
    r"""Sample the unit circle and map it through a matrix with 2 columns.

    .. math::

        x(\theta) = (\cos\theta, \sin\theta)^\top,\qquad
        y(\theta) = A\,x(\theta),\quad \theta \in [0, 2\pi)

    Parameters
    ----------
    a : array_like, shape (m, 2)
    num_points : int, default 721
        Number of equally spaced angles (>= 3).

    Examples
    --------
    >>> ci = unit_circle_image([[2.0, 0.0], [0.0, 1.0]], num_points=4)
    >>> ci.image.round(12).tolist()
    [[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [-0.0, -1.0]]
    """
    a = _as_matrix(a, "a")
    if a.shape[1] != 2:
        raise ValueError(f"a must have 2 columns, got shape {a.shape}")
    p = check_positive_int(num_points, "num_points", minimum=3)
    check_result_size(p * max(a.shape[0], 2), "num_points")
    theta = np.linspace(0.0, 2.0 * np.pi, p, endpoint=False)     # (p,)
    circle = np.column_stack([np.cos(theta), np.sin(theta)])     # (p, 2)
    scaled, e = pow2_scale(a)
    image = _unscale(circle @ scaled.T, e, "a point of the image of a")
    return CircleImage(theta=theta, circle=circle, image=image)


def truncated_svd(a, k: int) -> TruncatedSVD:
    r"""The leading ``k`` singular triplets of ``a``.

    .. math::

        A_k = \sum_{i=1}^{k} \sigma_i u_i v_i^\top = U_k \Sigma_k V_k^\top

    Parameters
    ----------
    a : array_like, shape (m, n)
    k : int, 1 <= k <= min(m, n)

    Examples
    --------
    >>> t = truncated_svd([[3.0, 0.0], [0.0, 1.0]], 1)
    >>> t.s.tolist(), t.u.shape, t.vt.shape
    ([3.0], (2, 1), (1, 2))
    """
    a = _as_matrix(a, "a")
    k = _check_rank(k, "k", min(a.shape))
    u, s, vt = _svd(a)
    return TruncatedSVD(u=u[:, :k], s=s[:k], vt=vt[:k])


def rank_k_approximation(a, k: int) -> np.ndarray:
    r"""Best rank-``k`` approximation of ``a`` (Eckart-Young-Mirsky).

    .. math::

        A_k = \sum_{i=1}^{k} \sigma_i u_i v_i^\top,\qquad
        \lVert A - A_k \rVert_2 = \sigma_{k+1},\quad
        \lVert A - A_k \rVert_F = \Big(\sum_{i>k} \sigma_i^2\Big)^{1/2}

    Parameters
    ----------
    a : array_like, shape (m, n)
    k : int, 1 <= k <= min(m, n)

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Examples
    --------
    >>> rank_k_approximation([[3.0, 0.0], [0.0, 1.0]], 1).round(12).tolist()
    [[3.0, 0.0], [0.0, 0.0]]
    """
    a = _as_matrix(a, "a")
    k = _check_rank(k, "k", min(a.shape))
    scaled, e = pow2_scale(a)
    u, s, vt = np.linalg.svd(scaled, full_matrices=False)
    u, vt = svd_flip_signs(u, vt)
    ak = (u[:, :k] * s[:k]) @ vt[:k]   # (m, k) (k, n) -> (m, n)
    return _unscale(ak, e, "an entry of the rank-k approximation of a")


def low_rank_errors(a, ks=None) -> LowRankErrors:
    r"""Measure :math:`\lVert A - A_k\rVert` in the 2- and Frobenius norms.

    The errors are *measured* (form :math:`A_k`, subtract, take the norm)
    and returned next to the Eckart-Young-Mirsky *predictions*
    :math:`\sigma_{k+1}` and :math:`(\sum_{i>k}\sigma_i^2)^{1/2}`, so the
    two can be compared.

    Parameters
    ----------
    a : array_like, shape (m, n)
    ks : array_like of int, optional
        Ranks in ``[1, min(m, n)]``; default all of them.

    Examples
    --------
    >>> err = low_rank_errors([[3.0, 0.0], [0.0, 1.0]], ks=[1])
    >>> err.spectral.round(12).tolist(), err.predicted_spectral.tolist()
    ([1.0], [1.0])
    """
    a = _as_matrix(a, "a")
    r = min(a.shape)
    if ks is None:
        ks = np.arange(1, r + 1)
    else:
        if isinstance(ks, (str, bytes)):
            raise InputTypeError(f"ks must be integers, got {ks!r}")
        try:
            ks = np.asarray(ks)
        except ValueError as exc:
            raise InputTypeError(
                "ks must be a flat 1-D sequence of integers") from exc
    if ks.ndim != 1 or ks.size == 0 or ks.dtype.kind not in "iu":
        raise InputTypeError(
            f"ks must be a non-empty 1-D sequence of integers, got "
            f"{ks!r:.60}"
        )
    ks = np.array([_check_rank(int(k), "ks", r) for k in ks])
    scaled, e = pow2_scale(a)             # everything below is homogeneous
    u, s, vt = np.linalg.svd(scaled, full_matrices=False)
    spec, frob = [], []
    for k in ks:
        resid = scaled - (u[:, :k] * s[:k]) @ vt[:k]       # (m, n)
        spec.append(np.linalg.norm(resid, 2))
        frob.append(np.linalg.norm(resid, "fro"))
    s_next = np.append(s, 0.0)[ks]                        # sigma_{k+1}
    with np.errstate(under="ignore"):
        tail = np.sqrt(np.append(np.cumsum((s ** 2)[::-1])[::-1], 0.0))
    tail = tail[ks]
    return LowRankErrors(
        ks=ks,
        spectral=_unscale(np.array(spec), e, "a spectral error of a"),
        frobenius=_unscale(np.array(frob), e, "a Frobenius error of a"),
        predicted_spectral=_unscale(s_next, e, "a singular value of a"),
        predicted_frobenius=_unscale(tail, e, "a Frobenius error of a"),
        singular_values=_unscale(s, e, "a singular value of a"))


def singular_values_via_gram(a) -> np.ndarray:
    r"""Singular values from the Gram matrix: the route to *avoid*.

    .. math::

        \sigma_i = \sqrt{\lambda_i(A^\top A)}

    Forming :math:`A^\top A` squares the condition number, so singular
    values below about :math:`\sqrt{\varepsilon_{\mathrm{mach}}}\,\sigma_1`
    are lost to rounding. This function exists to demonstrate that;
    use ``numpy.linalg.svd`` or ``scipy.linalg.svdvals`` in practice.

    Parameters
    ----------
    a : array_like, shape (m, n)

    Returns
    -------
    numpy.ndarray, shape (n,), descending (negative rounding clipped to 0)

    Notes
    -----
    ``a`` is divided by a power of two first (exact), so :math:`A^\top A`
    cannot overflow; the loss of the small singular values, which is the
    point, is untouched.

    Examples
    --------
    >>> singular_values_via_gram([[3.0, 0.0], [0.0, 1.0]]).round(12).tolist()
    [3.0, 1.0]
    """
    a = _as_matrix(a, "a")
    scaled, e = pow2_scale(a)
    with np.errstate(under="ignore"):
        lam = np.linalg.eigvalsh(scaled.T @ scaled)     # (n,) ascending
    s = np.sqrt(np.clip(lam, 0.0, None))[::-1]
    return _unscale(s, e, "a singular value of a")


# ---------------------------------------------------------------- data
def synthetic_image(
    shape: tuple[int, int] = (72, 96),
    *,
    noise: float = 0.05,
    rng: np.random.Generator,
) -> np.ndarray:
    r"""A smooth image-like matrix plus Gaussian pixel noise.

    .. math::

        F = 0.9\,g_1 + 0.7\,\mathrm{disk} + 0.25\cos(2\pi\,5\,(0.8x+0.6y))
        \,g_2 + \eta\,Z,\qquad Z_{ij}\sim\mathcal{N}(0,1)

    where :math:`g_1, g_2` are Gaussian bumps and the disk has a soft
    logistic edge. The smooth part has rapidly decaying singular values;
    the noise adds a flat floor of size about
    :math:`\eta(\sqrt{m}+\sqrt{n})`. Nothing is downloaded.

    Parameters
    ----------
    shape : (int, int), default (72, 96)
        Rows and columns (each >= 2).
    noise : float, default 0.05
        Noise standard deviation :math:`\eta \ge 0`.
    rng : numpy.random.Generator

    Examples
    --------
    >>> synthetic_image((4, 5), rng=np.random.default_rng(0)).shape
    (4, 5)
    """
    if not (isinstance(shape, tuple) and len(shape) == 2):
        raise InputTypeError(f"shape must be a tuple (m, n), got {shape!r}")
    m = check_positive_int(shape[0], "shape", minimum=2)
    n = check_positive_int(shape[1], "shape", minimum=2)
    check_result_size(m * n, "shape")
    noise = check_finite_scalar(noise, "noise")
    if not 0 <= noise <= 1e300:
        raise ValueError(f"noise must lie in [0, 1e300], got {noise!r}")
    rng = check_rng(rng)
    y = np.linspace(0.0, 1.0, m)[:, None]               # (m, 1)
    x = np.linspace(0.0, 4.0 / 3.0, n)[None, :]         # (1, n)
    r = np.hypot(x - 0.85, y - 0.5)                     # (m, n)
    disk = 1.0 / (1.0 + np.exp((r - 0.3) / 0.02))
    bump1 = np.exp(-((x - 0.35) ** 2 + (y - 0.35) ** 2) / (2 * 0.12 ** 2))
    bump2 = np.exp(-((x - 0.4) ** 2 + (y - 0.7) ** 2) / (2 * 0.2 ** 2))
    stripes = 0.25 * np.cos(2 * np.pi * 5 * (0.8 * x + 0.6 * y))
    smooth = 0.9 * bump1 + 0.7 * disk + stripes * bump2   # (m, n)
    return smooth + noise * rng.standard_normal((m, n))


def sample_with_spectrum(
    n_samples: int,
    variances,
    *,
    rng: np.random.Generator,
    mean=None,
) -> np.ndarray:
    r"""Gaussian samples whose covariance has prescribed eigenvalues.

    .. math::

        x = \mu + Q \Lambda^{1/2} z,\qquad z\sim\mathcal{N}(0, I),
        \qquad \operatorname{Cov}(x) = Q \Lambda Q^\top

    with :math:`Q` Haar-orthogonal, so the principal axes point in random
    directions.

    Parameters
    ----------
    n_samples : int
    variances : array_like, shape (d,), >= 0
        Eigenvalues :math:`\Lambda` of the population covariance.
    rng : numpy.random.Generator
    mean : array_like, shape (d,), optional
        Population mean :math:`\mu` (default 0).

    Returns
    -------
    numpy.ndarray, shape (n_samples, d)

    Examples
    --------
    >>> x = sample_with_spectrum(4, [2.0, 0.5], rng=np.random.default_rng(0))
    >>> x.shape
    (4, 2)
    """
    n = check_positive_int(n_samples, "n_samples")
    lam = as_float_array(variances, "variances", ndim=1)
    if np.any(lam < 0):
        raise ValueError(f"variances must be >= 0, got min {lam.min()!r}")
    check_result_size(n * lam.size, "n_samples * len(variances)")
    rng = check_rng(rng)
    d = lam.size
    mu = np.zeros(d) if mean is None else as_float_array(mean, "mean", ndim=1)
    if mu.size != d:
        raise ValueError(
            f"mean must have length {d} to match variances, got shape "
            f"{mu.shape}")
    q = random_orthogonal(d, rng=rng)                   # (d, d)
    z = rng.standard_normal((n, d))                     # (n, d)
    with np.errstate(over="ignore", invalid="ignore"):
        out = mu + (z * np.sqrt(lam)) @ q.T             # (n, d)
    if not np.all(np.isfinite(out)):
        raise ValueError("mean and variances are too large: samples "
                         "overflow float64")
    return out


# ------------------------------------------------------------------- PCA
def pca(x, n_components: int | None = None, *, center: bool = True
        ) -> PCAResult:
    r"""Principal component analysis as the SVD of the centred data.

    .. math::

        X_c = X - \mathbf{1}\bar{x}^\top = U \Sigma V^\top,\qquad
        \lambda_i = \frac{\sigma_i^2}{n-1},\qquad
        \rho_i = \frac{\lambda_i}{\sum_j \lambda_j}

    The rows of ``components`` are :math:`v_i^\top`, the eigenvectors of
    the sample covariance :math:`S = X_c^\top X_c / (n-1)`; ``scores`` are
    :math:`X_c V_k = U_k \Sigma_k`. Signs follow :func:`svd_flip_signs`
    applied to the scores.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Data, one sample per row, n >= 2.
    n_components : int, optional
        Number of components to keep (default all, ``min(n, d)``).
    center : bool, default True
        Subtract the column means. ``False`` exists only to demonstrate
        the pitfall of skipping it: the "variances" are then second
        moments about the origin.

    Returns
    -------
    PCAResult

    Raises
    ------
    ValueError
        If the explained variances (squares of the data's scale) exceed
        the float64 range, i.e. for data beyond about 1e154; the
        components and ratios would be fine, but the record would not.

    Notes
    -----
    The SVD runs on ``x / 2**e`` (exact): components, ratios and the
    numerical behaviour do not depend on the data's scale (entries from
    1e-300 to 1e300 give the same ratios bit for bit); singular values and
    scores scale with it, variances with its square.

    Examples
    --------
    >>> res = pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]])
    >>> res.explained_variance_ratio.tolist()
    [1.0, 0.0]
    >>> res.explained_variance.round(12).tolist()
    [4.0, 0.0]
    """
    x = as_float_array(x, "x", ndim=2)
    n, d = x.shape
    if n < 2:
        raise ValueError(f"x must have at least 2 samples (rows), got {x.shape}")
    r = min(n, d)
    k = r if n_components is None else _check_rank(n_components,
                                                   "n_components", r)
    xs, e = pow2_scale(x)
    mean = xs.mean(axis=0) if center else np.zeros(d)   # (d,), scaled
    xc = xs - mean                                      # (n, d)
    u, s, vt = np.linalg.svd(xc, full_matrices=False)   # (n,r) (r,) (r,d)
    u, vt = svd_flip_signs(u, vt)
    with np.errstate(under="ignore"):
        var = s ** 2 / (n - 1)                          # (r,), scaled
    total = var.sum()
    ratio = var / total if total > 0 else np.zeros_like(var)
    return PCAResult(
        components=vt[:k],
        explained_variance=_unscale(var[:k], 2 * e,
                                    "an explained variance of x"),
        explained_variance_ratio=ratio[:k],
        singular_values=_unscale(s[:k], e, "a singular value of x"),
        scores=_unscale(u[:, :k] * s[:k], e, "a score of x"),
        mean=_unscale(mean, e, "the mean of x"))


def components_for_variance(ratios, threshold: float = 0.9) -> int:
    r"""Smallest :math:`k` whose cumulative explained variance reaches a level.

    .. math::

        k^\star = \min\Big\{k : \sum_{i=1}^{k} \rho_i \ge \tau\Big\}

    Parameters
    ----------
    ratios : array_like, shape (r,)
        Explained-variance ratios in descending order (non-negative).
    threshold : float, default 0.9
        :math:`\tau \in (0, 1]`.

    Examples
    --------
    >>> components_for_variance([0.6, 0.3, 0.1], 0.85)
    2
    """
    rho = as_float_array(ratios, "ratios", ndim=1)
    if np.any(rho < 0) or np.any(rho > 1):
        raise ValueError(
            f"ratios must be shares in [0, 1], got values from "
            f"{rho.min()!r} to {rho.max()!r}")
    tau = check_finite_scalar(threshold, "threshold", positive=True)
    if tau > 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    cum = np.cumsum(rho)
    # Rounding can leave the full sum at 1 - 1e-16: a sum of r ratios errs
    # by at most (r - 1)u each, so allow r eps.
    hit = np.nonzero(cum >= tau - rho.size * np.finfo(float).eps)[0]
    if hit.size == 0:
        raise ValueError(
            f"ratios sum to {cum[-1]:.4f} < threshold {tau}; pass all ratios"
        )
    return int(hit[0]) + 1
