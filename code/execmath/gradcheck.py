r"""Gradient checking: is a hand-written or engine gradient right?

A gradient check compares an analytic gradient :math:`g` (from backward
code) with central differences of the function itself,

.. math::

    \hat g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}
    = \partial_i f(x) + \tfrac16 \partial_i^3 f(\xi)\, h^2 ,

entry by entry, and judges each entry by the relative error
:func:`relative_error`, which falls back to an absolute comparison for
entries below a ``floor`` (a zero gradient has no relative error). Three
checks are provided:

* :func:`gradient_check`: every coordinate, :math:`2n` evaluations;
* :func:`directional_check`: random directions :math:`v`, comparing the
  difference quotient along :math:`v` with :math:`g^\top v`; two
  evaluations per direction whatever :math:`n` is, so it scales to
  millions of parameters;
* :func:`central_difference_bound` with :func:`third_derivatives`: the
  error the step size predicts (truncation :math:`|f'''| h^2/6` plus
  rounding :math:`\varepsilon |f| / h`), so a failed check can be told
  apart from a step that was merely too large or too small.

The differences themselves are those of :mod:`execmath.calculus`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from execmath import calculus
from execmath._validate import (
    as_float_array,
    check_callable,
    check_finite_scalar,
    check_positive_int,
    check_rng,
)

__all__ = [
    "DirectionalCheck",
    "GradCheck",
    "central_difference_bound",
    "directional_check",
    "gradient_check",
    "numerical_gradient",
    "relative_error",
    "third_derivatives",
]

_MAX_N = 10**6            # coordinates a full check may loop over


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _check_floor(floor: Any) -> float:
    return check_finite_scalar(floor, "floor", positive=True)


def _check_tol(tol: Any) -> float:
    tol = check_finite_scalar(tol, "tol", positive=True)
    if tol >= 1.0:
        raise ValueError(f"tol must be < 1 (a relative error), got {tol!r}")
    return tol


def _check_step(h: Any, name: str = "h") -> float | None:
    if h is None:
        return None
    h = check_finite_scalar(h, name, positive=True)
    if h > 1.0:
        raise ValueError(f"{name} must be <= 1 (a small step), got {h!r}")
    return h


def _scalar_value(f: Callable, x: np.ndarray) -> float:
    """``f(x)`` as a finite float; anything else is the caller's error."""
    out = np.asarray(f(x), dtype=np.float64)
    if out.size != 1:
        raise ValueError(f"f must return a scalar, got shape {out.shape}")
    val = float(out.reshape(()))
    if not math.isfinite(val):
        raise ValueError(
            f"f returned {val} at a point near x: x is outside the range "
            "where f is finite")
    return val


def _finite_f(f: Callable) -> Callable:
    """Wrap ``f`` so that a non-finite value raises instead of spreading."""
    return lambda z: _scalar_value(f, z)


def _analytic(grad: Callable, x: np.ndarray) -> np.ndarray:
    g = np.asarray(grad(x.copy()), dtype=np.float64)
    if g.shape != x.shape:
        raise ValueError(
            f"grad must return an array of x's shape {x.shape}, got "
            f"{g.shape}")
    if not np.all(np.isfinite(g)):
        raise ValueError(
            "grad returned NaN/inf entries: x is outside the range where "
            "the gradient is finite")
    return g


def _check_x(x: Any) -> np.ndarray:
    x = as_float_array(x, "x", ndim=1)
    if x.size > _MAX_N:
        raise ValueError(f"x must have at most {_MAX_N} entries, got {x.size}")
    return x


def _steps(h: float | None, x: np.ndarray) -> np.ndarray:
    """The step per coordinate, kept so that ``x +- h`` stays finite."""
    if h is None:
        step = calculus.optimal_step("central", x=x) * np.ones(x.shape)
    else:
        step = np.full(x.shape, h)
    if np.any(np.abs(x) + 2 * step > np.finfo(np.float64).max / 2):
        raise ValueError("x has entries too close to the float64 limit to "
                         "step away from")
    return step


# --------------------------------------------------------------------------
# the criterion
# --------------------------------------------------------------------------
def relative_error(a: Any, b: Any, *, floor: float = 1e-4) -> np.ndarray:
    r"""Symmetric relative error with an absolute floor.

    .. math::

        r(a, b) = \frac{|a - b|}{\max(|a|, |b|, \tau)}

    The denominator uses the larger of the two values, so the error is the
    same whichever one is taken as the reference and never exceeds 2 when
    both are above the floor. Entries where both are below the floor
    :math:`\tau` are compared absolutely (scaled by :math:`1/\tau`): a
    gradient entry of :math:`10^{-12}` computed as :math:`-10^{-12}` is a
    rounding effect, not a bug, and scores :math:`2\times 10^{-12}/\tau`.

    Parameters
    ----------
    a, b : array_like
        Same shape (or broadcastable), finite.
    floor : float, default 1e-4
        :math:`\tau > 0`. The default sits well above the rounding noise
        of a central difference (about :math:`10^{-11}|f|` at the usual
        step), so a zero gradient passes a tolerance of :math:`10^{-5}`.

    Returns
    -------
    numpy.ndarray
        Non-negative errors, the broadcast shape.

    Examples
    --------
    >>> relative_error([1.0, 1e-12, 0.0], [1.001, -1e-12, 0.0]).round(9).tolist()
    [0.000999001, 2e-08, 0.0]
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    floor = _check_floor(floor)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError as exc:
        raise ValueError(
            f"a of shape {a.shape} and b of shape {b.shape} do not "
            "broadcast") from exc
    # scale both by the largest magnitude first: |a - b| cannot overflow
    big = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), floor)
    with np.errstate(under="ignore", invalid="ignore", divide="ignore"):
        a_s, b_s = a / big, b / big
        den = np.maximum(np.maximum(np.abs(a_s), np.abs(b_s)), floor / big)
        out = np.abs(a_s - b_s) / den
    # den = 0 only when both scaled values underflowed to 0: no difference
    # at the scale of the data
    return np.where(den > 0, out, 0.0)


# --------------------------------------------------------------------------
# finite differences
# --------------------------------------------------------------------------
def numerical_gradient(f: Callable[[np.ndarray], float], x: Any,
                       h: float | None = None) -> np.ndarray:
    r"""Central-difference gradient, one coordinate at a time.

    .. math::

        \hat g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h},
        \qquad i = 1, \dots, n,

    :math:`2n` evaluations of ``f`` (:func:`execmath.calculus.fd_gradient`).

    Parameters
    ----------
    f : callable
        Maps an array of shape ``(n,)`` to a finite scalar.
    x : array_like, shape (n,)
    h : float, optional
        Step in ``(0, 1]``; default :math:`\varepsilon^{1/3}\max(1,|x_i|)`
        per coordinate.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> g = numerical_gradient(lambda v: v[0] ** 2 * v[1], [3.0, 2.0])
    >>> np.allclose(g, [12.0, 9.0])
    True
    """
    check_callable(f, "f")
    x = _check_x(x)
    h = _check_step(h)
    steps = _steps(h, x)
    return calculus.fd_gradient(_finite_f(f), x, h=steps, method="central")


def third_derivatives(f: Callable[[np.ndarray], float], x: Any,
                      h: float = 1e-2) -> np.ndarray:
    r"""Estimates of :math:`\partial^3 f / \partial x_i^3` for every
    coordinate, from a five-point stencil.

    .. math::

        \partial_i^3 f(x) \approx
        \frac{f(x + 2h e_i) - 2 f(x + h e_i) + 2 f(x - h e_i)
              - f(x - 2h e_i)}{2 h^3}

    The error is :math:`O(h^2)` from truncation and about
    :math:`3\varepsilon|f|/h^3` from rounding, which is why the default
    step is much larger than that of a first derivative. The values feed
    :func:`central_difference_bound`; :math:`4n` evaluations.

    Parameters
    ----------
    f : callable
        Maps ``(n,)`` to a finite scalar.
    x : array_like, shape (n,)
    h : float, default 1e-2
        Step in ``(0, 1]``.

    Examples
    --------
    >>> t = third_derivatives(lambda v: v[0] ** 3 + 2 * v[1] ** 3, [1.0, -1.0])
    >>> np.allclose(t, [6.0, 12.0])
    True
    """
    check_callable(f, "f")
    x = _check_x(x)
    h = _check_step(h)
    if h is None or h < 1e-50:
        raise ValueError(f"h must be >= 1e-50 (h^3 must not underflow), "
                         f"got {h!r}")
    _steps(h, x)
    fz = _finite_f(f)
    out = np.empty(x.size)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = h
        out[i] = ((fz(x + 2 * e) - fz(x - 2 * e))
                  - 2.0 * (fz(x + e) - fz(x - e))) / (2.0 * h**3)
    return out


def central_difference_bound(h: float, third: Any, value: Any,
                             eps: float = 2.0**-53) -> np.ndarray:
    r"""Error of a central difference predicted by the step size.

    .. math::

        \big|\hat g_i - \partial_i f\big| \le
        \frac{|\partial_i^3 f|}{6}\, h^2 + \frac{\varepsilon\, |f|}{h}

    The first term is the truncation error of the Taylor expansion; the
    second is rounding: each of the two values :math:`f(x \pm h e_i)`
    carries a relative error of at most :math:`\varepsilon`, and their
    difference is divided by :math:`2h`. (The model of the total error of
    a difference quotient, with a bound on :math:`|f'''|` near
    :math:`x`.)

    Parameters
    ----------
    h : float
        The step, in ``(0, 1]``.
    third : array_like
        :math:`|\partial_i^3 f|` (or a bound on it) per coordinate.
    value : array_like
        :math:`|f|` near :math:`x` (a scalar or per coordinate).
    eps : float, default :math:`2^{-53}`
        Relative error of one evaluation of ``f``; the unit roundoff when
        ``f`` is correctly rounded, a multiple of it otherwise.

    Returns
    -------
    numpy.ndarray
        Absolute error bounds, the broadcast shape of ``third`` and
        ``value``.

    Examples
    --------
    >>> b = central_difference_bound(1e-5, [6.0], 1.0)
    >>> bool(np.isclose(b[0], 1e-10 + 2.0**-53 / 1e-5, rtol=1e-14))
    True
    """
    h = _check_step(h)
    if h is None:
        raise ValueError("h must be a number, got None")
    third = np.abs(as_float_array(third, "third"))
    value = np.abs(as_float_array(value, "value"))
    eps = check_finite_scalar(eps, "eps", positive=True)
    if eps >= 1.0:
        raise ValueError(f"eps must be < 1 (a relative error), got {eps!r}")
    try:
        np.broadcast_shapes(third.shape, value.shape)
    except ValueError as exc:
        raise ValueError(
            f"third {third.shape} and value {value.shape} do not "
            "broadcast") from exc
    with np.errstate(over="ignore", under="ignore"):
        out = third / 6.0 * h * h + eps * value / h
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "h, third and value give a bound beyond the float64 range "
            "(third or value too large, or h too small)")
    return out


# --------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------
class GradCheck(NamedTuple):
    """Result of :func:`gradient_check`.

    Attributes
    ----------
    analytic, numerical : numpy.ndarray, shape (n,)
    rel_error : numpy.ndarray, shape (n,)
        :func:`relative_error` of the two, entry by entry.
    max_rel_error : float
    worst : int
        Index of the largest relative error.
    tol : float
    passed : bool
        ``max_rel_error <= tol``.
    floor : float
        The floor of :func:`relative_error` used.
    """

    analytic: np.ndarray
    numerical: np.ndarray
    rel_error: np.ndarray
    max_rel_error: float
    worst: int
    tol: float
    passed: bool
    floor: float


def gradient_check(f: Callable[[np.ndarray], float],
                   grad: Callable[[np.ndarray], Any], x: Any, *,
                   h: float | None = None, floor: float = 1e-4,
                   tol: float = 1e-5) -> GradCheck:
    r"""Compare ``grad(x)`` with central differences of ``f``, coordinate
    by coordinate.

    .. math::

        \max_i \frac{|g_i - \hat g_i|}{\max(|g_i|, |\hat g_i|, \tau)}
        \le \text{tol}

    With :math:`h \approx \varepsilon^{1/3}` the central difference is
    accurate to about :math:`\varepsilon^{2/3} \approx 10^{-11}` relative
    to :math:`|f|`, so a correct gradient passes ``tol = 1e-5`` with a wide
    margin and a wrong local derivative fails it by orders of magnitude.

    Parameters
    ----------
    f : callable
        ``(n,) -> float``.
    grad : callable
        ``(n,) -> (n,)``, the gradient under test.
    x : array_like, shape (n,)
    h : float, optional
        Step (see :func:`numerical_gradient`).
    floor : float, default 1e-4
        Absolute floor of :func:`relative_error`.
    tol : float, default 1e-5

    Examples
    --------
    >>> f = lambda v: float(np.sum(np.sin(v)))
    >>> good = gradient_check(f, np.cos, [0.1, 0.7])
    >>> bad = gradient_check(f, lambda v: np.cos(v) * 1.01, [0.1, 0.7])
    >>> good.passed, bad.passed
    (True, False)
    """
    check_callable(f, "f")
    check_callable(grad, "grad")
    x = _check_x(x)
    h = _check_step(h)
    floor = _check_floor(floor)
    tol = _check_tol(tol)
    g = _analytic(grad, x)
    num = numerical_gradient(f, x, h)
    rel = relative_error(g, num, floor=floor)
    worst = int(np.argmax(rel))
    return GradCheck(g, num, rel, float(rel[worst]), worst, tol,
                     bool(rel[worst] <= tol), floor)


class DirectionalCheck(NamedTuple):
    r"""Result of :func:`directional_check`.

    Attributes
    ----------
    analytic : numpy.ndarray, shape (k,)
        :math:`g^\top v_j` for the ``k`` directions.
    numerical : numpy.ndarray, shape (k,)
        Central differences of ``f`` along each :math:`v_j`.
    rel_error : numpy.ndarray, shape (k,)
    max_rel_error : float
    tol : float
    passed : bool
    evaluations : int
        Calls of ``f`` (two per direction).
    """

    analytic: np.ndarray
    numerical: np.ndarray
    rel_error: np.ndarray
    max_rel_error: float
    tol: float
    passed: bool
    evaluations: int


def directional_check(f: Callable[[np.ndarray], float],
                      grad: Callable[[np.ndarray], Any], x: Any, *,
                      rng: np.random.Generator, n_directions: int = 8,
                      h: float | None = None, floor: float = 1e-4,
                      tol: float = 1e-5) -> DirectionalCheck:
    r"""Compare :math:`g^\top v` with a central difference along random
    unit directions :math:`v`.

    .. math::

        D_v f(x) \approx \frac{f(x + h v) - f(x - h v)}{2h}
        \;\text{ vs }\; g^\top v,
        \qquad v = \frac{w}{\lVert w\rVert},\ w \sim \mathcal{N}(0, I_n)

    Each direction costs two evaluations of ``f`` however large :math:`n`
    is. A wrong entry :math:`g_i + \delta` shifts :math:`g^\top v` by
    :math:`\delta v_i`; since a random :math:`v` has no zero entries (with
    probability one), every wrong entry is seen, with a strength that
    shrinks like :math:`1/\sqrt n` for a single entry.

    Parameters
    ----------
    f, grad, x
        As in :func:`gradient_check`.
    rng : numpy.random.Generator
    n_directions : int, default 8
    h : float, optional
        Step along the unit direction; default
        :math:`\varepsilon^{1/3}\max(1, \lVert x\rVert_\infty)`.
    floor, tol : float
        As in :func:`gradient_check`.

    Examples
    --------
    >>> f = lambda v: float(np.sum(v ** 3))
    >>> res = directional_check(f, lambda v: 3 * v ** 2, np.linspace(-1, 1, 50),
    ...                         rng=np.random.default_rng(0))
    >>> res.passed, res.evaluations
    (True, 16)
    """
    check_callable(f, "f")
    check_callable(grad, "grad")
    x = _check_x(x)
    rng = check_rng(rng)
    k = check_positive_int(n_directions, "n_directions", maximum=10**5)
    h = _check_step(h)
    floor = _check_floor(floor)
    tol = _check_tol(tol)
    if h is None:
        h = calculus.optimal_step("central", x=float(np.max(np.abs(x))))
    _steps(h, x)
    g = _analytic(grad, x)
    fz = _finite_f(f)
    ana, num = np.empty(k), np.empty(k)
    for j in range(k):
        w = rng.standard_normal(x.size)
        v = w / np.linalg.norm(w)                           # (n,) unit
        ana[j] = g @ v
        num[j] = calculus.directional_derivative(fz, x, v, h=h)
    rel = relative_error(ana, num, floor=floor)
    worst = float(np.max(rel))
    return DirectionalCheck(ana, num, rel, worst, tol, bool(worst <= tol),
                            2 * k)
