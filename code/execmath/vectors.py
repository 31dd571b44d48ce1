r"""Vectors: norms, angles, distances, projections and prototypes.

Everything here works on float64 NumPy arrays. A "batch" of vectors is a
2-D array whose *rows* are the vectors, shape ``(m, n)``. Norms are
computed with scaling so that they neither overflow nor underflow where
the true value is representable, and cosine similarity refuses the zero
vector instead of silently returning ``nan``.

Randomness always enters through an explicit ``rng`` argument
(``np.random.default_rng(seed)``); nothing here touches global state.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    MAX_ELEMENTS,
    as_float_array,
    check_positive_int,
    check_result_size,
    check_rng,
    pow2_scale,
)

__all__ = [
    "CosineSpread",
    "DecisionGrid",
    "LineProjection",
    "angle",
    "check_p",
    "cosine_similarity",
    "cosine_spread",
    "decision_grid",
    "distance",
    "naive_norm",
    "nearest_prototype",
    "normalize",
    "p_norm",
    "pairwise_cosine",
    "pairwise_distances",
    "project_onto_line",
    "random_cosine_similarities",
    "unit_ball_boundary",
]


# --------------------------------------------------------------------- norms
def check_p(p: Any, name: str = "p") -> float:
    r"""Return ``p`` as a float if it defines a norm, i.e. :math:`p \ge 1`.

    ``numpy.inf`` (or ``float("inf")``) selects the maximum norm. For
    :math:`0 < p < 1` the formula of :func:`p_norm` violates the triangle
    inequality, so it is not a norm and is rejected. Strings, bools and
    complex numbers are not read as numbers.

    Examples
    --------
    >>> check_p(2), check_p(np.inf)
    (2.0, inf)
    """
    what = f"{name} must be a real number >= 1 or inf"
    if isinstance(p, np.ndarray) and p.ndim == 0:
        p = p[()]
    if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real):
        raise InputTypeError(f"{what}, got {type(p).__name__} {p!r:.40}")
    try:
        out = float(p)
    except OverflowError as exc:
        raise ValueError(
            f"{what}; {name} = {p!r:.30} is beyond the float range (use "
            "numpy.inf for the maximum norm)"
        ) from exc
    if math.isnan(out) or out < 1.0:
        raise ValueError(
            f"{name} must be >= 1 (or inf) to define a norm, got {p!r}"
        )
    return out


def _as_vectors(x: Any, name: str) -> np.ndarray:
    """A vector ``(n,)`` or a batch of row vectors ``(m, n)``, finite."""
    return as_float_array(x, name, ndim=(1, 2))


def _rows_norm(a: np.ndarray, p: float) -> np.ndarray:
    """p-norm along the last axis of the non-negative array ``a``.

    Only a norm larger than the largest float can overflow; it comes back
    as ``inf`` without a warning, and the public functions refuse it
    (:func:`_finite_norms`).
    """
    if math.isinf(p):
        return a.max(axis=-1)
    with np.errstate(over="ignore"):
        if p == 1.0:
            return a.sum(axis=-1)
        # Divide by the largest entry first: then every term is <= 1, no
        # square overflows, and the largest term is exactly 1, so the sum
        # cannot underflow to zero either.
        scale = a.max(axis=-1, keepdims=True)            # (..., 1)
        safe = np.where(scale > 0.0, scale, 1.0)         # avoid 0/0
        with np.errstate(under="ignore"):   # tiny terms vanish: harmless
            total = np.sum((a / safe) ** p, axis=-1)     # (...,)
        return safe[..., 0] * total ** (1.0 / p)


def _finite_norms(out: np.ndarray, name: str, what: str = "norm"
                  ) -> np.ndarray:
    """Refuse a norm (or distance) beyond the largest float64."""
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"the {what} of {name} exceeds the float64 range (> 1.8e308)"
        )
    return out


def p_norm(x: Any, p: float = 2) -> float | np.ndarray:
    r"""The :math:`\ell_p` norm of a vector, or of every row of a batch.

    .. math::

        \|x\|_p = \Big(\sum_{i=1}^n |x_i|^p\Big)^{1/p}, \quad p \ge 1,
        \qquad
        \|x\|_\infty = \max_i |x_i|.

    Computed as :math:`s\,\|x/s\|_p` with :math:`s = \max_i |x_i|`, so the
    result does not overflow for entries near the largest float.

    Parameters
    ----------
    x : array_like, shape (n,) or (m, n)
        A vector, or a batch whose rows are vectors. Finite entries.
    p : float, default 2
        The norm's order, ``p >= 1`` or ``numpy.inf``.

    Returns
    -------
    float or numpy.ndarray
        The norm (a float for a vector), or the ``(m,)`` row norms.

    Raises
    ------
    ValueError
        If a norm exceeds the largest float64 (e.g. four entries 1e308).

    Examples
    --------
    >>> p_norm([3.0, -4.0]), p_norm([3.0, -4.0], 1), p_norm([3.0, -4.0], np.inf)
    (5.0, 7.0, 4.0)
    >>> p_norm([3e300, 4e300]) == 5e300
    True
    """
    x = _as_vectors(x, "x")
    p = check_p(p)
    out = _finite_norms(_rows_norm(np.abs(x), p), "x")
    return float(out) if out.ndim == 0 else out


def naive_norm(x: Any) -> float:
    r"""Textbook Euclidean norm :math:`\sqrt{\sum_i x_i^2}`, **unscaled**.

    For teaching only: squaring overflows to ``inf`` once entries exceed
    about :math:`10^{154}`, and underflows to 0 below about
    :math:`10^{-162}`, although the norm itself is representable. Use
    :func:`p_norm` or ``numpy.linalg.norm`` instead. Overflow is silenced
    so that the failure shows up as a value, not a warning.

    Parameters
    ----------
    x : array_like, shape (n,)
        A finite vector.

    Examples
    --------
    >>> naive_norm([3.0, 4.0]), naive_norm([3e200, 4e200])
    (5.0, inf)
    """
    x = as_float_array(x, "x", ndim=1)
    with np.errstate(over="ignore", under="ignore"):
        return float(np.sqrt(np.sum(x * x)))


def unit_ball_boundary(p: float, n_points: int = 401) -> np.ndarray:
    r"""Points on the unit sphere :math:`\{x \in \R^2 : \|x\|_p = 1\}`.

    Each direction :math:`d(t) = (\cos t, \sin t)`, for ``n_points`` angles
    :math:`t` spaced evenly on :math:`[0, 2\pi]`, is rescaled to
    :math:`d / \|d\|_p`. With the default 401 angles the step is
    :math:`\pi/200`, so the corners at multiples of :math:`\pi/4` (of the
    :math:`\ell_1` diamond and the :math:`\ell_\infty` square) are hit
    exactly and the curve is closed (first point = last point).

    Parameters
    ----------
    p : float
        The norm's order, ``p >= 1`` or ``numpy.inf``.
    n_points : int, default 401
        Number of points, at least 3.

    Returns
    -------
    numpy.ndarray, shape (n_points, 2)
        Boundary points, each of :math:`\ell_p` norm 1 up to rounding.

    Examples
    --------
    >>> unit_ball_boundary(1, 5).round(12).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0], [1.0, -0.0]]
    """
    p = check_p(p)
    n_points = check_positive_int(n_points, "n_points", minimum=3,
                                  maximum=MAX_ELEMENTS // 2)
    t = np.linspace(0.0, 2.0 * np.pi, n_points)          # (n_points,)
    d = np.column_stack([np.cos(t), np.sin(t)])          # (n_points, 2)
    return d / _rows_norm(np.abs(d), p)[:, None]


# ------------------------------------------------------- distances, labels
def distance(x: Any, y: Any, p: float = 2) -> float:
    r"""The :math:`\ell_p` distance :math:`d_p(x, y) = \|x - y\|_p`.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Two finite vectors of the same length.
    p : float, default 2
        The norm's order, ``p >= 1`` or ``numpy.inf``.

    Notes
    -----
    ``x`` and ``y`` are divided by one power of two before the
    subtraction (exact), so ``x - y`` cannot overflow where the distance
    itself is representable.

    Examples
    --------
    >>> distance([1.0, 2.0], [4.0, 6.0]), distance([8e307], [-8e307])
    (5.0, 1.6e+308)
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    _check_same_shape(x, y, "x", "y")
    p = check_p(p)
    d, e = _scaled_distances(x[None, :], y[None, :], p)      # (1, 1)
    with np.errstate(over="ignore"):
        out = np.ldexp(d[0, 0], e)
    return float(_finite_norms(out, "x - y", "distance"))


def _scaled_distances(x: np.ndarray, c: np.ndarray, p: float
                      ) -> tuple[np.ndarray, int]:
    """Distances of ``x / 2**e`` and ``c / 2**e``, and ``e``.

    One power of two for both sets (exact), chosen from the largest entry,
    so no difference can overflow; the distances scale back by ``2**e``.
    """
    m = max(float(np.max(np.abs(x))), float(np.max(np.abs(c))))
    e = math.frexp(m)[1] if m > 0 else 0
    with np.errstate(under="ignore"):
        xs, cs = np.ldexp(x, -e), np.ldexp(c, -e)
    diff = np.abs(xs[:, None, :] - cs[None, :, :])       # (m, k, n)
    return _rows_norm(diff, p), e                        # (m, k)


def pairwise_distances(
    points: Any, prototypes: Any, p: float = 2
) -> np.ndarray:
    r"""All distances :math:`D_{ij} = \|x_i - c_j\|_p`.

    Parameters
    ----------
    points : array_like, shape (m, n)
        Rows :math:`x_i`.
    prototypes : array_like, shape (k, n)
        Rows :math:`c_j`.
    p : float, default 2
        The norm's order, ``p >= 1`` or ``numpy.inf``.

    Returns
    -------
    numpy.ndarray, shape (m, k)

    Examples
    --------
    >>> pairwise_distances([[0.0, 0.0]], [[3.0, 4.0], [1.0, 0.0]]).tolist()
    [[5.0, 1.0]]
    """
    x, c, p = _check_point_sets(points, prototypes, p)
    d, e = _scaled_distances(x, c, p)                    # (m, k)
    with np.errstate(over="ignore"):
        out = np.ldexp(d, e)
    return _finite_norms(out, "points - prototypes", "distance")


def _check_point_sets(points: Any, prototypes: Any, p: Any
                      ) -> tuple[np.ndarray, np.ndarray, float]:
    x = as_float_array(points, "points", ndim=2)
    c = as_float_array(prototypes, "prototypes", ndim=2)
    if x.shape[1] != c.shape[1]:
        raise ValueError(
            f"points and prototypes must have the same number of columns, "
            f"got shapes {x.shape} and {c.shape}"
        )
    p = check_p(p)
    check_result_size(x.shape[0] * c.shape[0] * x.shape[1],
                      "points and prototypes")
    return x, c, p


def nearest_prototype(points: Any, prototypes: Any, p: float = 2) -> np.ndarray:
    r"""Label each point with the index of its nearest prototype.

    .. math::

        \hat y(x) = \argmin_{j} \|x - c_j\|_p .

    Ties go to the smallest index (as in ``numpy.argmin``).

    Parameters
    ----------
    points : array_like, shape (m, n)
    prototypes : array_like, shape (k, n)
    p : float, default 2
        The norm's order, ``p >= 1`` or ``numpy.inf``.

    Returns
    -------
    numpy.ndarray of int, shape (m,)

    Examples
    --------
    >>> nearest_prototype([[0.9, 0.0], [0.0, 2.0]], [[0.0, 0.0], [1.0, 1.0]])
    array([0, 1])
    """
    x, c, p = _check_point_sets(points, prototypes, p)
    # argmin is scale invariant: the scaled distances (never inf) suffice
    return np.argmin(_scaled_distances(x, c, p)[0], axis=1)


class DecisionGrid(NamedTuple):
    """Nearest-prototype labels on a regular 2-D grid.

    ``labels[i, j]`` is the label of the point ``(x[j], y[i])``, the layout
    ``matplotlib``'s ``pcolormesh(x, y, labels)`` expects.
    """

    x: np.ndarray        # (n_grid,)
    y: np.ndarray        # (n_grid,)
    labels: np.ndarray   # (n_grid, n_grid) int


def decision_grid(
    prototypes: Any,
    p: float = 2,
    *,
    extent: tuple[float, float, float, float] = (-3.0, 3.0, -3.0, 3.0),
    n_grid: int = 201,
) -> DecisionGrid:
    """Label every point of an ``n_grid x n_grid`` grid by its prototype.

    Parameters
    ----------
    prototypes : array_like, shape (k, 2)
        Prototypes in the plane.
    p : float, default 2
        The norm's order, ``p >= 1`` or ``numpy.inf``.
    extent : (xmin, xmax, ymin, ymax)
        The rectangle covered by the grid.
    n_grid : int, default 201
        Grid points per axis, at least 2.

    Examples
    --------
    >>> g = decision_grid([[-1.0, 0.0], [1.0, 0.0]], n_grid=3)
    >>> g.labels.tolist()
    [[0, 0, 1], [0, 0, 1], [0, 0, 1]]
    """
    c = as_float_array(prototypes, "prototypes", ndim=2)
    if c.shape[1] != 2:
        raise ValueError(f"prototypes must have shape (k, 2), got {c.shape}")
    lims = as_float_array(extent, "extent", ndim=1)
    if lims.shape != (4,) or lims[0] >= lims[1] or lims[2] >= lims[3]:
        raise ValueError(
            f"extent must be (xmin, xmax, ymin, ymax) with min < max, "
            f"got {tuple(lims)}"
        )
    n_grid = check_positive_int(n_grid, "n_grid", minimum=2,
                                maximum=MAX_ELEMENTS)
    check_result_size(n_grid * n_grid * max(c.shape[0], 2),
                      "n_grid (squared, times the prototypes)")
    x = np.linspace(lims[0], lims[1], n_grid)             # (g,)
    y = np.linspace(lims[2], lims[3], n_grid)             # (g,)
    xx, yy = np.meshgrid(x, y)                            # (g, g) each
    pts = np.column_stack([xx.ravel(), yy.ravel()])       # (g*g, 2)
    labels = nearest_prototype(pts, c, p).reshape(xx.shape)
    return DecisionGrid(x=x, y=y, labels=labels)


# --------------------------------------------------- angles and similarity
def _check_same_shape(x: np.ndarray, y: np.ndarray, nx: str, ny: str) -> None:
    if x.shape != y.shape:
        raise ValueError(
            f"{nx} and {ny} must have the same shape, "
            f"got {x.shape} and {y.shape}"
        )


def _unit_rows(x: np.ndarray, name: str) -> np.ndarray:
    """Rows divided by their Euclidean norms; a zero row is an error.

    The norm of a row of huge entries can overflow although its direction
    is fine: each row is first divided by its own power of two (exact).
    """
    x, _ = pow2_scale(x, axis=-1)
    norms = np.atleast_1d(_rows_norm(np.abs(x), 2.0))     # (m,) or (1,)
    zero = np.flatnonzero(norms == 0.0)
    if zero.size:
        where = "" if x.ndim == 1 else f" (row {int(zero[0])})"
        raise ValueError(
            f"{name} contains a zero vector{where}: its direction, and so "
            f"its cosine similarity, is undefined; shape {x.shape}"
        )
    return x / (norms[:, None] if x.ndim == 2 else norms[0])


def normalize(x: Any) -> np.ndarray:
    r"""Return :math:`x / \|x\|_2` (row by row for a batch) as a new array.

    The input is never modified (no in-place division), and a zero vector
    raises ``ValueError`` instead of producing ``nan``.

    Parameters
    ----------
    x : array_like, shape (n,) or (m, n)

    Returns
    -------
    numpy.ndarray, same shape as ``x``
        Unit vectors in the Euclidean norm.

    Examples
    --------
    >>> normalize([[3.0, 4.0], [0.0, 1e-300]]).tolist()
    [[0.6, 0.8], [0.0, 1.0]]
    """
    return _unit_rows(_as_vectors(x, "x"), "x")


def cosine_similarity(x: Any, y: Any) -> float:
    r"""Cosine of the angle between two non-zero vectors.

    .. math::

        \cos\theta = \frac{\langle x, y\rangle}{\|x\|_2\,\|y\|_2}
        \in [-1, 1].

    Both vectors are normalised first (with overflow-safe norms), and the
    result is clipped to :math:`[-1, 1]` against rounding.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Finite, non-zero vectors of the same length.

    Raises
    ------
    ValueError
        If either vector is zero (its direction is undefined).

    Examples
    --------
    >>> round(cosine_similarity([1.0, 0.0], [1.0, 1.0]) ** 2, 12)
    0.5
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    _check_same_shape(x, y, "x", "y")
    c = float(_unit_rows(x, "x") @ _unit_rows(y, "y"))
    return min(1.0, max(-1.0, c))


def pairwise_cosine(X: Any, Y: Any) -> np.ndarray:
    r"""All cosine similarities :math:`S_{ij} = \cos\angle(x_i, y_j)`.

    Parameters
    ----------
    X : array_like, shape (m, n)
    Y : array_like, shape (k, n)
        Non-zero rows.

    Returns
    -------
    numpy.ndarray, shape (m, k)

    Examples
    --------
    >>> pairwise_cosine([[1.0, 0.0]], [[0.0, 2.0], [-3.0, 0.0]]).tolist()
    [[0.0, -1.0]]
    """
    X = as_float_array(X, "X", ndim=2)
    Y = as_float_array(Y, "Y", ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of columns, "
            f"got shapes {X.shape} and {Y.shape}"
        )
    S = _unit_rows(X, "X") @ _unit_rows(Y, "Y").T         # (m, k)
    return np.clip(S, -1.0, 1.0)


def angle(x: Any, y: Any, *, degrees: bool = False) -> float:
    r"""Angle :math:`\theta \in [0, \pi]` between two non-zero vectors.

    With the unit vectors :math:`\tilde x = x / \|x\|_2` and
    :math:`\tilde y = y / \|y\|_2`,

    .. math::

        \theta = 2 \operatorname{atan2}\big(\|\tilde x - \tilde y\|_2,
        \|\tilde x + \tilde y\|_2\big),

    which equals :math:`\arccos\cos\theta` but is accurate to a few
    units of the unit roundoff :math:`u` in absolute terms, also for
    nearly parallel vectors. ``arccos`` of a computed cosine cannot
    resolve any angle below about :math:`\sqrt{2u} \approx 1.5 \cdot
    10^{-8}`, because no float lies strictly between :math:`1 - u` and 1.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Finite, non-zero vectors of the same length.
    degrees : bool, default False
        Return degrees instead of radians.

    Examples
    --------
    >>> round(angle([1.0, 0.0], [1.0, 1.0], degrees=True), 12)
    45.0
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    _check_same_shape(x, y, "x", "y")
    ux, uy = _unit_rows(x, "x"), _unit_rows(y, "y")
    theta = 2.0 * math.atan2(float(np.linalg.norm(ux - uy)),
                             float(np.linalg.norm(ux + uy)))
    return math.degrees(theta) if degrees else theta


# --------------------------------------------------------------- projection
class LineProjection(NamedTuple):
    r"""Projection of ``v`` onto the line spanned by ``u``.

    ``projection = coefficient * u`` and ``residual = v - projection``;
    the residual is orthogonal to ``u``.
    """

    projection: np.ndarray   # (n,)
    residual: np.ndarray     # (n,)
    coefficient: float


def project_onto_line(v: Any, u: Any) -> LineProjection:
    r"""Orthogonal projection of ``v`` onto the line :math:`\{t u\}`.

    .. math::

        \operatorname{proj}_u(v) = \frac{\langle u, v\rangle}
        {\langle u, u\rangle}\, u,
        \qquad r = v - \operatorname{proj}_u(v) \perp u .

    The coefficient is computed from :math:`u / \max_i |u_i|`, so
    :math:`\langle u, u\rangle` cannot overflow or underflow.

    Parameters
    ----------
    v : array_like, shape (n,)
        The vector to project.
    u : array_like, shape (n,)
        A non-zero direction of the line.

    Returns
    -------
    LineProjection
        ``(projection, residual, coefficient)``.

    Raises
    ------
    ValueError
        If ``u`` is zero, or the coefficient (or a component of the
        projection or the residual) exceeds the float64 range.

    Examples
    --------
    >>> project_onto_line([2.0, 3.0], [1.0, 1.0])
    LineProjection(projection=array([2.5, 2.5]), residual=array([-0.5,  0.5]), coefficient=2.5)
    """
    v = as_float_array(v, "v", ndim=1)
    u = as_float_array(u, "u", ndim=1)
    _check_same_shape(v, u, "v", "u")
    scale = float(np.max(np.abs(u)))
    if scale == 0.0:
        raise ValueError(
            f"u must be non-zero to span a line, got shape {u.shape} of zeros"
        )
    us = u / scale                                        # (n,), max |.| = 1
    vs, ev = pow2_scale(v)                                # v = vs 2**ev
    ratio = float(us @ vs) / float(us @ us)               # <u,v>/<u,u> scaled
    with np.errstate(over="ignore", under="ignore"):
        proj = np.ldexp(ratio * us, ev)                   # (n,) = coef * u
        coef = math.ldexp(ratio, int(ev)) / scale if ratio else 0.0
        resid = v - proj
    if not (np.isfinite(coef) and np.all(np.isfinite(proj))
            and np.all(np.isfinite(resid))):
        raise ValueError(
            "v and u give a projection coefficient, projection or residual "
            "beyond the float64 range"
        )
    return LineProjection(projection=proj, residual=resid, coefficient=coef)


# ------------------------------------------------- random high-dim vectors
def random_cosine_similarities(
    d: int, n_pairs: int, *, rng: np.random.Generator
) -> np.ndarray:
    r"""Cosine similarities of ``n_pairs`` independent Gaussian pairs in
    :math:`\R^d`.

    For :math:`x, y \sim \mathcal N(0, I_d)` independent, the cosine is
    distributed like one coordinate of a uniform point on the sphere, so

    .. math::

        \mathbb E[\cos\theta] = 0, \qquad
        \operatorname{Var}[\cos\theta] = \frac{1}{d}.

    Parameters
    ----------
    d : int
        Dimension, at least 2.
    n_pairs : int
        Number of independent pairs.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray, shape (n_pairs,)

    Examples
    --------
    >>> c = random_cosine_similarities(10, 5, rng=np.random.default_rng(0))
    >>> c.shape, bool(np.all(np.abs(c) <= 1))
    ((5,), True)
    """
    d = check_positive_int(d, "d", minimum=2)
    n_pairs = check_positive_int(n_pairs, "n_pairs")
    check_result_size(2 * d * n_pairs, "d * n_pairs")
    rng = check_rng(rng)
    x = rng.standard_normal((n_pairs, d))                 # (m, d)
    y = rng.standard_normal((n_pairs, d))                 # (m, d)
    # Gaussian rows are non-zero with probability one.
    cos = np.sum(_unit_rows(x, "x") * _unit_rows(y, "y"), axis=1)
    return np.clip(cos, -1.0, 1.0)                        # (m,)


class CosineSpread(NamedTuple):
    r"""Spread of random cosine similarities per dimension.

    ``reference`` is the exact standard deviation :math:`1/\sqrt d`.
    """

    dims: np.ndarray       # (k,) int
    std: np.ndarray        # (k,) empirical standard deviation
    mean: np.ndarray       # (k,) empirical mean
    reference: np.ndarray  # (k,) 1 / sqrt(d)


def cosine_spread(
    dims: Any, n_pairs: int, *, rng: np.random.Generator
) -> CosineSpread:
    r"""Empirical mean and standard deviation of random cosines per ``d``.

    Parameters
    ----------
    dims : sequence of int
        Dimensions, each at least 2.
    n_pairs : int
        Pairs drawn per dimension, at least 2.
    rng : numpy.random.Generator
        Source of randomness, used for the dimensions in order.

    Returns
    -------
    CosineSpread
        ``(dims, std, mean, reference)`` with :math:`1/\sqrt d` as reference.

    Examples
    --------
    >>> sp = cosine_spread([4, 64], 500, rng=np.random.default_rng(0))
    >>> sp.reference.tolist(), bool(sp.std[0] > sp.std[1])
    ([0.5, 0.125], True)
    """
    if dims is None or isinstance(dims, (str, bytes)):
        raise InputTypeError(
            f"dims must be a 1-D sequence of ints, got {type(dims).__name__}")
    try:
        dims_arr = np.asarray(dims)
    except ValueError as exc:
        raise InputTypeError(
            "dims must be a flat 1-D sequence of ints") from exc
    if dims_arr.ndim != 1 or dims_arr.size == 0:
        raise ValueError(
            f"dims must be a non-empty 1-D sequence of ints, "
            f"got shape {dims_arr.shape}"
        )
    ds = np.array([check_positive_int(d, "dims", minimum=2)
                   for d in dims_arr.tolist()])           # (k,)
    n_pairs = check_positive_int(n_pairs, "n_pairs", minimum=2)
    check_result_size(2 * int(ds.max()) * n_pairs, "max(dims) * n_pairs")
    rng = check_rng(rng)
    samples = [random_cosine_similarities(int(d), n_pairs, rng=rng)
               for d in ds]
    return CosineSpread(
        dims=ds,
        std=np.array([s.std(ddof=1) for s in samples]),
        mean=np.array([s.mean() for s in samples]),
        reference=1.0 / np.sqrt(ds),
    )
