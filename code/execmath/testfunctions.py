r"""Standard test functions for optimization, with analytic derivatives.

Each function comes as a value, a gradient and a Hessian, all vectorised:
they accept one point of shape ``(n,)`` or a stack of points ``(..., n)``
(a whole contour grid at once) and return values ``(...)``, gradients
``(..., n)`` and Hessians ``(..., n, n)``.

* :func:`rosenbrock` -- the banana valley
  :math:`\sum_i b\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2`, minimum 0 at
  :math:`(1, \dots, 1)`; a curved, narrow valley whose curvature changes
  by orders of magnitude along the way.
* :func:`himmelblau` -- four minima, one maximum and four saddles in 2-D,
  the standard playground for what Newton's method is attracted to.
* :func:`smooth_abs` -- :math:`\sum_i \sqrt{1 + x_i^2} - 1`, convex and
  1-smooth, on which pure Newton's method diverges from :math:`|x_0| > 1`.
* :func:`anisotropic_quadratic` -- an ill-conditioned quadratic
  (:class:`execmath.optim.Quadratic`) with a chosen condition number.

Inputs whose values overflow float64 are refused with a ``ValueError``
instead of returning ``inf``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from execmath import optim
from execmath._validate import (
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
)

__all__ = [
    "HIMMELBLAU_MAXIMUM",
    "HIMMELBLAU_MINIMA",
    "HIMMELBLAU_SADDLES",
    "anisotropic_quadratic",
    "himmelblau",
    "himmelblau_gradient",
    "himmelblau_hessian",
    "rosenbrock",
    "rosenbrock_gradient",
    "rosenbrock_hessian",
    "smooth_abs",
    "smooth_abs_gradient",
    "smooth_abs_hessian",
]

#: The four global minima of :func:`himmelblau` (value 0), shape (4, 2).
HIMMELBLAU_MINIMA = np.array([
    [3.0, 2.0],
    [-2.8051180869527449, 3.1313125182505730],
    [-3.7793102533777469, -3.2831859912861694],
    [3.5844283403304917, -1.8481265269644036],
])
#: The local maximum of :func:`himmelblau` (value 181.6165...), shape (2,).
HIMMELBLAU_MAXIMUM = np.array([-0.27084459066734761, -0.92303855647998146])
#: The four saddle points of :func:`himmelblau`, shape (4, 2).
HIMMELBLAU_SADDLES = np.array([
    [0.086677504555396352, 2.8842547011747761],
    [-3.0730257507643896, -0.081353044287967512],
    [3.3851541836070209, 0.073851879837749288],
    [-0.12796134673068007, -1.9537149802445764],
])


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

def _points(x: Any, name: str = "x", *, n: int | None = None,
            min_n: int = 1) -> np.ndarray:
    """A real, finite, non-empty array of points with last axis n."""
    if type(x) is np.ndarray and x.dtype == np.float64 and x.ndim >= 1 \
            and x.size and np.isfinite(x).all():
        arr = x                      # the common case, checked cheaply
    else:
        arr = as_float_array(x, name)
        if arr.ndim == 0:
            raise ValueError(f"{name} must have at least one axis, got "
                             f"shape {arr.shape}")
    if n is not None and arr.shape[-1] != n:
        raise ValueError(f"{name} must have last axis of length {n}, got "
                         f"shape {arr.shape}")
    if arr.shape[-1] < min_n:
        raise ValueError(f"{name} must have last axis of length >= {min_n},"
                         f" got shape {arr.shape}")
    return arr


def _positive(value: Any, name: str) -> float:
    """A finite, strictly positive real scalar (no bools, no complex)."""
    return check_finite_scalar(value, name, positive=True)


def _finite(out: np.ndarray, x: np.ndarray, what: str,
            names: str = "x is") -> np.ndarray:
    """Refuse results that overflowed instead of returning inf."""
    if not np.isfinite(out).all():
        raise ValueError(
            f"{names} outside the supported range: the {what} overflows "
            f"float64 at max |x| = {float(np.abs(x).max()):.3e}"
        )
    return out


def _scalar_or_array(out: np.ndarray) -> np.ndarray | float:
    return float(out) if out.ndim == 0 else out


def _plain_pair(x: Any, b: Any) -> tuple[float, float] | None:
    """``(x[0], x[1])`` as Python floats when ``x`` is one finite float64
    point of shape (2,) and ``b`` a positive finite float, else None.

    Optimisers call the 2-D functions one point at a time, thousands of
    times; for that case they evaluate the same IEEE operations, in the
    same order, on Python floats, without the per-call overhead of NumPy
    on two-element arrays. Every other input takes the general path.
    """
    if (type(x) is np.ndarray and x.shape == (2,) and x.dtype == np.float64
            and type(b) is float and 0.0 < b < math.inf):
        x0, x1 = x.tolist()
        if math.isfinite(x0) and math.isfinite(x1):
            return x0, x1
    return None


# --------------------------------------------------------------------------
# Rosenbrock
# --------------------------------------------------------------------------

def rosenbrock(x: Any, b: float = 100.0) -> np.ndarray | float:
    r"""The Rosenbrock function in :math:`n \ge 2` variables.

    .. math::

        f(x) = \sum_{i=1}^{n-1} b\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2,

    with minimum :math:`f = 0` at :math:`x^\star = (1, \dots, 1)`; for
    ``b = 100`` it is ``scipy.optimize.rosen`` [Rosenbrock 1960].

    Parameters
    ----------
    x : array_like, shape (n,) or (..., n)
        Point(s), ``n >= 2``.
    b : float, default 100
        Steepness of the valley walls, > 0.

    Returns
    -------
    float or numpy.ndarray of shape ``x.shape[:-1]``

    Examples
    --------
    >>> rosenbrock([1.0, 1.0])
    0.0
    >>> round(rosenbrock([-1.2, 1.0]), 6)
    24.2
    """
    pair = _plain_pair(x, b)
    if pair is not None:                     # one 2-D point: same arithmetic
        x0, x1 = pair
        t, u = x1 - x0 * x0, 1.0 - x0
        out = b * (t * t) + u * u
        if math.isfinite(out):
            return out
    x = _points(x, min_n=2)
    b = _positive(b, "b")
    with np.errstate(over="ignore", invalid="ignore"):
        head, tail = x[..., :-1], x[..., 1:]                    # (..., n-1)
        out = np.sum(b * (tail - head**2) ** 2 + (1.0 - head) ** 2, axis=-1)
    out = _finite(out, x, "Rosenbrock value", "x and b are")
    return _scalar_or_array(out)


def rosenbrock_gradient(x: Any, b: float = 100.0) -> np.ndarray:
    r"""Gradient of :func:`rosenbrock`.

    .. math::

        \frac{\partial f}{\partial x_i}
        = -4b\,x_i (x_{i+1} - x_i^2) - 2(1 - x_i)
          + 2b\,(x_i - x_{i-1}^2),

    where the first two terms are present for :math:`i < n` and the last
    for :math:`i > 1`.

    Returns
    -------
    numpy.ndarray, same shape as ``x``

    Examples
    --------
    >>> rosenbrock_gradient([-1.2, 1.0]).round(6)
    array([-215.6,  -88. ])
    """
    pair = _plain_pair(x, b)
    if pair is not None:                     # one 2-D point: same arithmetic
        x0, x1 = pair
        r = x1 - x0 * x0
        g0 = 0.0 + (-4.0 * b * x0 * r - 2.0 * (1.0 - x0))
        g1 = 0.0 + 2.0 * b * r
        if math.isfinite(g0) and math.isfinite(g1):
            return np.array([g0, g1])
    x = _points(x, min_n=2)
    b = _positive(b, "b")
    g = np.zeros_like(x)                                        # (..., n)
    with np.errstate(over="ignore", invalid="ignore"):
        head, tail = x[..., :-1], x[..., 1:]
        r = tail - head**2                                      # (..., n-1)
        g[..., :-1] += -4.0 * b * head * r - 2.0 * (1.0 - head)
        g[..., 1:] += 2.0 * b * r
    return _finite(g, x, "Rosenbrock gradient", "x and b are")


def rosenbrock_hessian(x: Any, b: float = 100.0) -> np.ndarray:
    r"""Hessian of :func:`rosenbrock`: tridiagonal,

    .. math::

        H_{ii} = 12b\,x_i^2 - 4b\,x_{i+1} + 2 \;[i < n] + 2b \;[i > 1],
        \qquad H_{i,i+1} = H_{i+1,i} = -4b\,x_i .

    Returns
    -------
    numpy.ndarray, shape ``x.shape + (n,)``

    Examples
    --------
    >>> rosenbrock_hessian([1.0, 1.0])
    array([[ 802., -400.],
           [-400.,  200.]])
    """
    x = _points(x, min_n=2)
    b = _positive(b, "b")
    n = x.shape[-1]
    check_result_size(x.size * n, "x (its Hessians, size x.size * n)")
    H = np.zeros(x.shape + (n,))                                # (..., n, n)
    i = np.arange(n - 1)
    with np.errstate(over="ignore", invalid="ignore"):
        head, tail = x[..., :-1], x[..., 1:]
        H[..., i, i] += 12.0 * b * head**2 - 4.0 * b * tail + 2.0
        H[..., i + 1, i + 1] += 2.0 * b
        H[..., i, i + 1] = -4.0 * b * head
        H[..., i + 1, i] = -4.0 * b * head
    return _finite(H, x, "Rosenbrock Hessian", "x and b are")


# --------------------------------------------------------------------------
# Himmelblau
# --------------------------------------------------------------------------

def himmelblau(x: Any) -> np.ndarray | float:
    r"""Himmelblau's function :math:`(x^2 + y - 11)^2 + (x + y^2 - 7)^2`.

    Four minima with value 0 (:data:`HIMMELBLAU_MINIMA`), a local maximum
    (:data:`HIMMELBLAU_MAXIMUM`) and four saddles
    (:data:`HIMMELBLAU_SADDLES`) [Himmelblau 1972].

    Parameters
    ----------
    x : array_like, shape (2,) or (..., 2)

    Examples
    --------
    >>> himmelblau([3.0, 2.0])
    0.0
    >>> round(himmelblau([0.0, 0.0]), 6)
    170.0
    """
    x = _points(x, n=2)
    with np.errstate(over="ignore", invalid="ignore"):
        u, v = x[..., 0], x[..., 1]
        out = (u**2 + v - 11.0) ** 2 + (u + v**2 - 7.0) ** 2
    return _scalar_or_array(_finite(out, x, "Himmelblau value"))


def himmelblau_gradient(x: Any) -> np.ndarray:
    r"""Gradient of :func:`himmelblau`.

    .. math::

        \nabla f = \begin{pmatrix}
            4x(x^2 + y - 11) + 2(x + y^2 - 7) \\
            2(x^2 + y - 11) + 4y(x + y^2 - 7)
        \end{pmatrix}.

    Examples
    --------
    >>> himmelblau_gradient([0.0, 0.0])
    array([-14., -22.])
    """
    x = _points(x, n=2)
    with np.errstate(over="ignore", invalid="ignore"):
        u, v = x[..., 0], x[..., 1]
        p, q = u**2 + v - 11.0, u + v**2 - 7.0
        g = np.stack([4.0 * u * p + 2.0 * q, 2.0 * p + 4.0 * v * q], axis=-1)
    return _finite(g, x, "Himmelblau gradient")


def himmelblau_hessian(x: Any) -> np.ndarray:
    r"""Hessian of :func:`himmelblau`.

    .. math::

        \nabla^2 f = \begin{pmatrix}
            12x^2 + 4y - 42 & 4x + 4y \\
            4x + 4y & 12y^2 + 4x - 26
        \end{pmatrix}.

    Returns
    -------
    numpy.ndarray, shape ``x.shape + (2,)``

    Examples
    --------
    >>> himmelblau_hessian([0.0, 0.0])
    array([[-42.,   0.],
           [  0., -26.]])
    """
    x = _points(x, n=2)
    with np.errstate(over="ignore", invalid="ignore"):
        u, v = x[..., 0], x[..., 1]
        H = np.empty(x.shape + (2,))                            # (..., 2, 2)
        H[..., 0, 0] = 12.0 * u**2 + 4.0 * v - 42.0
        H[..., 0, 1] = H[..., 1, 0] = 4.0 * (u + v)
        H[..., 1, 1] = 12.0 * v**2 + 4.0 * u - 26.0
    return _finite(H, x, "Himmelblau Hessian")


# --------------------------------------------------------------------------
# Smooth absolute value
# --------------------------------------------------------------------------

def smooth_abs(x: Any) -> np.ndarray | float:
    r"""Smooth absolute value :math:`f(x) = \sum_i \sqrt{1 + x_i^2} - 1`.

    Convex, minimum 0 at the origin, gradient Lipschitz with :math:`L = 1`
    (:math:`0 < f'' \le 1`), but only locally strongly convex: the
    curvature :math:`(1 + x^2)^{-3/2}` vanishes far out, which is why pure
    Newton's method overshoots there. Computed as
    :math:`x^2 / (\sqrt{1 + x^2} + 1)` (no cancellation near 0) with
    ``numpy.hypot`` (no overflow for huge :math:`x`).

    Parameters
    ----------
    x : array_like, shape (n,) or (..., n)

    Examples
    --------
    >>> round(smooth_abs([0.75]), 12)
    0.25
    >>> bool(abs(smooth_abs([1e-10]) - 5e-21) < 1e-35)
    True
    """
    x = _points(x)
    r = np.hypot(1.0, x)                                        # (..., n)
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.sum(x * (x / (r + 1.0)), axis=-1)
    return _scalar_or_array(_finite(out, x, "smooth_abs value"))


def smooth_abs_gradient(x: Any) -> np.ndarray:
    r"""Gradient :math:`x_i / \sqrt{1 + x_i^2}` of :func:`smooth_abs`.

    Examples
    --------
    >>> smooth_abs_gradient([0.75, 0.0])
    array([0.6, 0. ])
    """
    x = _points(x)
    return x / np.hypot(1.0, x)


def smooth_abs_hessian(x: Any) -> np.ndarray:
    r"""Hessian :math:`\operatorname{diag}\big((1 + x_i^2)^{-3/2}\big)` of
    :func:`smooth_abs`.

    Returns
    -------
    numpy.ndarray, shape ``x.shape + (n,)``

    Examples
    --------
    >>> smooth_abs_hessian([0.75, 0.0])
    array([[0.512, 0.   ],
           [0.   , 1.   ]])
    """
    x = _points(x)
    n = x.shape[-1]
    check_result_size(x.size * n, "x (its Hessians, size x.size * n)")
    with np.errstate(under="ignore"):
        d = np.hypot(1.0, x) ** -3.0                            # (..., n)
    H = np.zeros(x.shape + (n,))                                # (..., n, n)
    idx = np.arange(n)
    H[..., idx, idx] = d
    return H


# --------------------------------------------------------------------------
# Anisotropic quadratic
# --------------------------------------------------------------------------

def anisotropic_quadratic(
    kappa: float,
    *,
    n: int = 2,
    angle: float = 0.0,
    center: Any = None,
) -> optim.Quadratic:
    r"""An ill-conditioned quadratic with condition number ``kappa``.

    .. math::

        f(x) = \tfrac12 (x - x_c)^\top A (x - x_c) - \tfrac12 x_c^\top A x_c,
        \qquad \operatorname{spec}(A) = \{1, \kappa^{1/(n-1)}, \dots,
        \kappa\},

    eigenvalues spaced geometrically from 1 to :math:`\kappa`; in 2-D the
    eigenvectors are rotated by ``angle``. Built with
    :func:`execmath.optim.make_quadratic`, so all its methods apply.

    Parameters
    ----------
    kappa : float
        Condition number :math:`L/\mu \ge 1`.
    n : int, default 2
        Dimension, 1 to 10,000.
    angle : float, default 0
        Rotation of the eigenvectors in radians (``n == 2`` only).
    center : array_like, shape (n,), optional
        The minimiser :math:`x_c`; default the origin.

    Returns
    -------
    execmath.optim.Quadratic

    Examples
    --------
    >>> q = anisotropic_quadratic(10.0, angle=0.5, center=[1.0, -1.0])
    >>> round(q.condition_number(), 10), q.minimiser().round(10)
    (10.0, array([ 1., -1.]))
    """
    kappa = _positive(kappa, "kappa")
    if kappa < 1:
        raise ValueError(f"kappa must be >= 1, got {kappa!r}")
    n = check_positive_int(n, "n", maximum=10_000)
    angle = check_finite_scalar(angle, "angle")
    if n == 1 and kappa != 1:
        raise ValueError(f"kappa must be 1 for n == 1, got {kappa!r}")
    if angle != 0 and n != 2:
        raise ValueError(f"angle needs n == 2, got n={n} and angle={angle!r}")
    if center is not None:
        center = as_float_array(center, "center", ndim=1)
        if center.shape != (n,):
            raise ValueError(f"center must have shape ({n},), got shape "
                             f"{center.shape}")
        # b = A x_c has entries up to about kappa * max|x_c|
        if kappa * float(np.abs(center).max()) > 1e300:
            raise ValueError("kappa and center are outside the supported "
                             "range: b = A x_c would overflow float64")
    lam = np.geomspace(1.0, kappa, n)                         # (n,)
    lam[0], lam[-1] = 1.0, kappa               # exact ends, not rounded
    return optim.make_quadratic(lam, angle=float(angle) if n == 2 else None,
                                center=center)
