r"""Line searches: how far to go along a descent direction.

Given a point :math:`x`, a direction :math:`p` with
:math:`\nabla f(x)^\top p < 0` and the slice
:math:`\varphi(\alpha) = f(x + \alpha p)`, a line search picks a step
:math:`\alpha > 0` that satisfies

* the **Armijo** (sufficient decrease) condition
  :math:`\varphi(\alpha) \le \varphi(0) + c\,\alpha\,\varphi'(0)`, and
  possibly
* the **strong curvature** condition
  :math:`|\varphi'(\alpha)| \le c_2\,|\varphi'(0)|`; both together are the
  strong Wolfe conditions.

:func:`backtracking` tries :math:`\alpha_0, \beta\alpha_0, \beta^2\alpha_0,
\dots` until the Armijo condition holds; :func:`wolfe` brackets and zooms
(Nocedal & Wright, Algorithms 3.5 and 3.6). Both return a
:class:`LineSearchResult` that records every trial step and every
function and gradient evaluation, so the search itself can be plotted and
its claims tested. Nothing here prints or plots.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_callable,
    check_finite_scalar,
    check_positive_int,
)

__all__ = [
    "LineSearchResult",
    "armijo_holds",
    "armijo_line",
    "backtracking",
    "backtracking_step_bound",
    "curvature_holds",
    "line_values",
    "wolfe",
]

_MAX_TRIALS = 10_000


# --------------------------------------------------------------------------
# validation helpers (shared with execmath.descent)
# --------------------------------------------------------------------------

def _real_vector(x: Any, name: str, n: int | None = None,
                 match: str | None = None) -> np.ndarray:
    """A real, finite, non-empty 1-D float64 array (a copy) of length n;
    ``match`` names the argument that fixed n (both may be the mistake)."""
    arr = np.array(as_float_array(x, name, ndim=1), dtype=np.float64)
    if n is not None and arr.shape != (n,):
        other = f" to match {match}" if match else ""
        raise ValueError(f"{name} must have shape ({n},){other}, got shape "
                         f"{arr.shape}")
    return arr


def _real_scalar(value: Any, name: str, *, lo: float | None = None,
                 hi: float | None = None, lo_open: bool = True,
                 hi_open: bool = True) -> float:
    """A finite real scalar in an (open or closed) interval."""
    out = check_finite_scalar(value, name)
    if lo is not None and (out < lo or (lo_open and out == lo)):
        rel = ">" if lo_open else ">="
        raise ValueError(f"{name} must be {rel} {lo}, got {value!r}")
    if hi is not None and (out > hi or (hi_open and out == hi)):
        rel = "<" if hi_open else "<="
        raise ValueError(f"{name} must be {rel} {hi}, got {value!r}")
    return out


def _count(value: Any, name: str, *, lo: int = 1,
           hi: int = 1_000_000) -> int:
    """An integer count in ``[lo, hi]`` (no bools, no floats)."""
    return check_positive_int(value, name, minimum=lo, maximum=hi)


def _callable(fn: Any, name: str) -> Callable:
    return check_callable(fn, name)


def _call_scalar(f: Callable, z: np.ndarray, name: str = "f") -> float:
    """``f(z)`` as a float; ``inf`` when it overflows or is refused.

    A trial point far out may overflow (or be refused by a function that
    raises ``ValueError`` outside its range): for a line search that is a
    rejected trial, not an error. A result that is not a real scalar is a
    bug in ``f`` and raises.
    """
    try:
        out = f(z.copy())               # callers silence floating errors
    except (ArithmeticError, ValueError):
        return np.inf
    if type(out) is float:                      # the common case
        return out if math.isfinite(out) else np.inf
    arr = np.asarray(out)
    if arr.dtype.kind not in "iuf" or arr.size != 1:
        raise ValueError(f"{name} must return a real scalar, got dtype "
                         f"{arr.dtype} and shape {arr.shape}")
    val = float(arr.reshape(()))
    return val if math.isfinite(val) else np.inf


def _call_vector(g: Callable, z: np.ndarray, name: str = "grad"
                 ) -> np.ndarray | None:
    """``g(z)`` as a float vector of z's shape; None if not finite."""
    try:
        out = g(z.copy())               # callers silence floating errors
    except (ArithmeticError, ValueError):
        return None
    arr = np.asarray(out)
    if arr.dtype.kind not in "iuf" or arr.shape != z.shape:
        raise ValueError(f"{name} must return a real array of shape "
                         f"{z.shape}, got dtype {arr.dtype} and shape "
                         f"{arr.shape}")
    arr = np.asarray(arr, dtype=np.float64)
    return arr if np.isfinite(arr).all() else None


def _slope(g: np.ndarray, p: np.ndarray, g_name: str = "g",
           p_name: str = "p") -> float:
    """Directional derivative g^T p, which must be finite and negative."""
    with np.errstate(all="ignore"):
        s = float(np.dot(g, p))
    if not np.isfinite(s):
        raise ValueError(f"{g_name} and {p_name} are outside the supported "
                         f"range: {g_name}^T {p_name} overflows float64")
    if s >= 0:
        raise ValueError(f"{p_name} must be a descent direction "
                         f"({g_name}^T {p_name} < 0), got {s!r}")
    return s


def _f_at_x(f: Callable, x: np.ndarray, f_x: Any) -> tuple[float, int]:
    """f(x), evaluated (one evaluation) unless the caller passed it."""
    if f_x is not None:
        return _real_scalar(f_x, "f_x"), 0
    val = _call_scalar(f, x)
    if not np.isfinite(val):
        raise ValueError("f must be finite at x, got a non-finite value")
    return val, 1


_BIG = float(np.finfo(np.float64).max)
_EPS = float(np.finfo(np.float64).eps)
_EMPTY = np.empty(0)
_EMPTY.setflags(write=False)


def _arr(values: list[float]) -> np.ndarray:
    """A record array; a value that overflowed is stored as the largest
    float, so records stay finite (the trial was rejected either way)."""
    return np.minimum(np.array(values, dtype=np.float64), _BIG)


# --------------------------------------------------------------------------
# The conditions
# --------------------------------------------------------------------------

def armijo_line(f0: float, slope0: float, steps: Any, c: float) -> np.ndarray:
    r"""The sufficient-decrease line
    :math:`\varphi(0) + c\,\alpha\,\varphi'(0)`.

    For steepest descent, :math:`p = -\nabla f(x)`, the slope is
    :math:`\varphi'(0) = -\lVert\nabla f(x)\rVert^2` and the line is
    :math:`f(x) - c\,\alpha\,\lVert\nabla f(x)\rVert^2`.

    Parameters
    ----------
    f0 : float
        :math:`\varphi(0) = f(x)`.
    slope0 : float
        :math:`\varphi'(0) = \nabla f(x)^\top p < 0`.
    steps : array_like, shape (m,)
        Step sizes :math:`\alpha \ge 0`.
    c : float
        Armijo constant in (0, 1).

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> armijo_line(2.0, -4.0, [0.0, 0.5, 1.0], c=0.25)
    array([2. , 1.5, 1. ])
    """
    f0 = _real_scalar(f0, "f0")
    slope0 = _real_scalar(slope0, "slope0", hi=0.0)
    c = _real_scalar(c, "c", lo=0.0, hi=1.0)
    a = _real_vector(steps, "steps")
    if np.any(a < 0):
        raise ValueError(f"steps must be >= 0, got min {float(a.min())!r}")
    with np.errstate(over="ignore"):
        out = f0 + c * a * slope0
    if not np.all(np.isfinite(out)):
        raise ValueError("f0, slope0, c and steps are outside the supported "
                         "range: f0 + c * steps * slope0 overflows float64")
    return out


def armijo_holds(f0: float, slope0: float, step: float, value: float,
                 c: float) -> bool:
    r"""Whether the Armijo condition
    :math:`\varphi(\alpha) \le \varphi(0) + c\,\alpha\,\varphi'(0)` holds.

    A non-finite ``value`` (the function overflowed at the trial point)
    never satisfies it.

    Examples
    --------
    >>> armijo_holds(1.0, -2.0, 0.5, 0.0, c=0.5), armijo_holds(
    ...     1.0, -2.0, 0.5, 0.6, c=0.5)
    (True, False)
    """
    f0 = _real_scalar(f0, "f0")
    slope0 = _real_scalar(slope0, "slope0", hi=0.0)
    step = _real_scalar(step, "step", lo=0.0, lo_open=False)
    c = _real_scalar(c, "c", lo=0.0, hi=1.0)
    if isinstance(value, float) and value == np.inf:
        return False                  # f overflowed at the trial point
    value = check_finite_scalar(value, "value")
    return bool(value <= f0 + c * step * slope0)


def curvature_holds(slope0: float, slope: float, c2: float, *,
                    strong: bool = True) -> bool:
    r"""The curvature condition on :math:`\varphi'(\alpha)`.

    Strong form :math:`|\varphi'(\alpha)| \le c_2 |\varphi'(0)|`; weak form
    :math:`\varphi'(\alpha) \ge c_2\,\varphi'(0)`.

    Examples
    --------
    >>> curvature_holds(-1.0, 0.5, 0.9), curvature_holds(-1.0, 0.95, 0.9)
    (True, False)
    >>> curvature_holds(-1.0, 0.95, 0.9, strong=False)
    True
    """
    slope0 = _real_scalar(slope0, "slope0", hi=0.0)
    slope = _real_scalar(slope, "slope")
    c2 = _real_scalar(c2, "c2", lo=0.0, hi=1.0)
    if not isinstance(strong, (bool, np.bool_)):
        raise InputTypeError(f"strong must be a bool, got "
                             f"{type(strong).__name__}")
    if strong:
        return bool(abs(slope) <= c2 * abs(slope0))
    return bool(slope >= c2 * slope0)


def backtracking_step_bound(L: float, *, alpha0: float = 1.0,
                            beta: float = 0.5, c: float = 1e-4) -> float:
    r"""Guaranteed accepted step of backtracking on an L-smooth function.

    For :math:`p = -\nabla f(x)` the descent lemma gives
    :math:`\varphi(\alpha) \le f(x) - \alpha(1 - L\alpha/2)\lVert\nabla
    f\rVert^2`, so every :math:`\alpha \le 2(1 - c)/L` satisfies the
    Armijo condition, and backtracking stops no later than the first trial
    below that threshold:

    .. math::

        \alpha_{\text{accepted}} \ge
        \min\Big(\alpha_0,\; \frac{2\beta(1 - c)}{L}\Big).

    Examples
    --------
    >>> backtracking_step_bound(10.0, alpha0=1.0, beta=0.5, c=0.5)
    0.05
    >>> backtracking_step_bound(10.0, alpha0=0.01)
    0.01
    """
    L = _real_scalar(L, "L", lo=0.0)
    alpha0 = _real_scalar(alpha0, "alpha0", lo=0.0)
    beta = _real_scalar(beta, "beta", lo=0.0, hi=1.0)
    c = _real_scalar(c, "c", lo=0.0, hi=1.0)
    return min(alpha0, 2.0 * beta * (1.0 - c) / L)


def line_values(f: Callable, x: Any, p: Any, steps: Any) -> np.ndarray:
    r"""The slice :math:`\varphi(\alpha) = f(x + \alpha p)` at given steps.

    Parameters
    ----------
    f : callable
        ``f(z) -> float`` for ``z`` of shape (n,).
    x, p : array_like, shape (n,)
        Base point and direction.
    steps : array_like, shape (m,)
        Step sizes.

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> line_values(lambda z: float(z @ z), [1.0, 0.0], [-1.0, 0.0],
    ...             [0.0, 0.5, 1.0])
    array([1.  , 0.25, 0.  ])
    """
    f = _callable(f, "f")
    x = _real_vector(x, "x")
    p = _real_vector(p, "p", x.size, "x")
    a = _real_vector(steps, "steps")
    with np.errstate(all="ignore"):
        out = np.array([_call_scalar(f, x + ai * p) for ai in a])  # (m,)
    if not np.all(np.isfinite(out)):
        bad = float(a[~np.isfinite(out)][0])
        raise ValueError(f"f is not finite at x + alpha p for some steps "
                         f"(first at alpha = {bad!r}); f, x, p or steps are "
                         "outside the supported range")
    return out


# --------------------------------------------------------------------------
# The searches
# --------------------------------------------------------------------------

class LineSearchResult(NamedTuple):
    r"""Record of one line search.

    ``trials[j]`` is the j-th step tried and ``values[j]`` the value
    :math:`\varphi(\alpha_j)` found there (``inf`` where ``f`` overflowed or
    refused the point). When ``success`` is True the accepted step is the
    last trial. ``slope_steps``/``slopes`` list the steps at which the
    gradient was evaluated and :math:`\varphi'` there (empty for
    backtracking). ``n_f``/``n_g`` count the evaluations of ``f`` and of the
    gradient the search made, including :math:`f(x)`/:math:`\nabla f(x)`
    when it had to compute them. ``c`` (and ``c2`` for Wolfe) are the
    constants the conditions were checked with; ``message`` says why the
    search stopped: ``"accepted"``, ``"max_trials"``, ``"rounding"`` (the
    demanded decrease :math:`c\alpha|\varphi'(0)|` fell below the rounding
    of :math:`\varphi(0)`, so no trial can be seen to satisfy the Armijo
    condition) or ``"alpha_max"`` (Wolfe: the largest step still
    decreases).
    """

    step: float                  # accepted alpha (0.0 if none)
    success: bool
    x_new: np.ndarray            # (n,) x + step * p
    value: float                 # phi(step)
    gradient: np.ndarray | None  # (n,) grad at x_new if evaluated
    trials: np.ndarray           # (m,)
    values: np.ndarray           # (m,)
    slope_steps: np.ndarray      # (q,)
    slopes: np.ndarray           # (q,)
    f0: float
    slope0: float
    n_f: int
    n_g: int
    c: float                     # Armijo constant (c1 of Wolfe)
    c2: float | None             # curvature constant (Wolfe only)
    message: str                 # why the search stopped

    @property
    def n_trials(self) -> int:
        """Number of trial steps."""
        return int(self.trials.size)

    @property
    def rejected(self) -> np.ndarray:
        """The trial steps that were not accepted, in order."""
        return self.trials[:-1] if self.success else self.trials


def backtracking(
    f: Callable[[np.ndarray], Any],
    x: Any,
    p: Any,
    g: Any,
    *,
    f_x: float | None = None,
    alpha0: float = 1.0,
    beta: float = 0.5,
    c: float = 1e-4,
    max_trials: int = 60,
) -> LineSearchResult:
    r"""Armijo backtracking: the first :math:`\alpha_0\beta^k` with
    sufficient decrease.

    .. math::

        \alpha = \max\{\alpha_0\beta^k : k = 0, 1, \dots,\;
        f(x + \alpha_0\beta^k p) \le f(x) + c\,\alpha_0\beta^k\,
        \nabla f(x)^\top p\}.

    Trials are tried in decreasing order, so the first one accepted is the
    largest of the form :math:`\alpha_0\beta^k` that satisfies the
    condition.

    Parameters
    ----------
    f : callable
        ``f(z) -> float``.
    x : array_like, shape (n,)
        Current point.
    p : array_like, shape (n,)
        Descent direction: :math:`\nabla f(x)^\top p < 0`.
    g : array_like, shape (n,)
        :math:`\nabla f(x)`.
    f_x : float, optional
        :math:`f(x)` if already known (saves one evaluation).
    alpha0 : float, default 1
        First trial step, > 0.
    beta : float, default 0.5
        Shrink factor in (0, 1).
    c : float, default 1e-4
        Armijo constant in (0, 1).
    max_trials : int, default 60
        Trials before giving up (1 to 10,000).

    Returns
    -------
    LineSearchResult
        With ``success`` False (and ``step`` 0) when no trial was
        accepted, e.g. because rounding hides the decrease near a minimum.

    Examples
    --------
    >>> f = lambda z: float(z @ z)
    >>> x = [1.0, 1.0]; g = [2.0, 2.0]; p = [-2.0, -2.0]
    >>> r = backtracking(f, x, p, g, c=0.5)
    >>> r.trials, r.step, r.n_f
    (array([1. , 0.5]), 0.5, 3)
    """
    f = _callable(f, "f")
    x = _real_vector(x, "x")
    p = _real_vector(p, "p", x.size, "x")
    g = _real_vector(g, "g", x.size, "x")
    alpha0 = _real_scalar(alpha0, "alpha0", lo=0.0)
    beta = _real_scalar(beta, "beta", lo=0.0, hi=1.0)
    c = _real_scalar(c, "c", lo=0.0, hi=1.0)
    max_trials = _count(max_trials, "max_trials", hi=_MAX_TRIALS)
    with np.errstate(all="ignore"):   # overflow = rejected trial
        slope0 = _slope(g, p)
        f0, n_f = _f_at_x(f, x, f_x)
        return _backtrack(f, x, p, f0, slope0, n_f, alpha0, beta, c,
                          max_trials)


def _backtrack(f: Callable, x: np.ndarray, p: np.ndarray, f0: float,
               slope0: float, n_f: int, alpha0: float, beta: float, c: float,
               max_trials: int) -> LineSearchResult:
    """The backtracking loop on validated input (callers silence floating
    errors); execmath.descent calls it directly inside its own loops."""
    trials, values = [], []
    alpha = alpha0
    message = "max_trials"
    for _ in range(max_trials):
        target = f0 + c * alpha * slope0
        if not target < f0:
            # The demanded decrease is below the rounding of f(x): every
            # further trial would be judged by rounding noise alone.
            message = "rounding"
            break
        z = x + alpha * p                                       # (n,)
        finite = bool(np.isfinite(z).all())
        val = _call_scalar(f, z) if finite else np.inf
        n_f += int(finite)
        trials.append(alpha)
        values.append(val)
        if val <= target:
            return LineSearchResult(
                alpha, True, z, val, None, _arr(trials), _arr(values),
                _EMPTY, _EMPTY, f0, slope0, n_f, 0, c, None, "accepted")
        alpha *= beta
    return LineSearchResult(
        0.0, False, x.copy(), f0, None, _arr(trials), _arr(values),
        _EMPTY, _EMPTY, f0, slope0, n_f, 0, c, None, message)


def wolfe(
    f: Callable[[np.ndarray], Any],
    grad: Callable[[np.ndarray], Any],
    x: Any,
    p: Any,
    *,
    f_x: float | None = None,
    g_x: Any = None,
    alpha0: float = 1.0,
    c1: float = 1e-4,
    c2: float = 0.9,
    alpha_max: float = 1e8,
    max_trials: int = 60,
) -> LineSearchResult:
    r"""A step satisfying the strong Wolfe conditions (bracket and zoom).

    .. math::

        \varphi(\alpha) \le \varphi(0) + c_1\,\alpha\,\varphi'(0),
        \qquad |\varphi'(\alpha)| \le c_2\,|\varphi'(0)|,
        \qquad 0 < c_1 < c_2 < 1 .

    Phase one doubles the trial step until it brackets an acceptable one;
    phase two shrinks the bracket by safeguarded quadratic interpolation
    (Nocedal & Wright, Algorithms 3.5-3.6). The lower end of the bracket
    always satisfies the Armijo condition and has a known slope.

    Parameters
    ----------
    f, grad : callable
        ``f(z) -> float`` and ``grad(z) -> array (n,)``.
    x, p : array_like, shape (n,)
        Current point and descent direction.
    f_x, g_x : optional
        :math:`f(x)` and :math:`\nabla f(x)` if already known.
    alpha0 : float, default 1
        First trial step, > 0.
    c1, c2 : float
        Constants with :math:`0 < c_1 < c_2 < 1`.
    alpha_max : float, default 1e8
        Largest step phase one may try.
    max_trials : int, default 60
        Trials (function evaluations) before giving up.

    Returns
    -------
    LineSearchResult
        On success ``gradient`` holds :math:`\nabla f(x + \alpha p)`. On
        failure ``step`` is the best Armijo step found (possibly 0).

    Examples
    --------
    >>> f = lambda z: float(z @ z); gr = lambda z: 2 * z
    >>> r = wolfe(f, gr, [1.0, 1.0], [-1.0, -1.0], alpha0=4.0)
    >>> r.success, r.step, r.n_f, r.n_g
    (True, 1.0, 3, 2)
    """
    f = _callable(f, "f")
    grad = _callable(grad, "grad")
    x = _real_vector(x, "x")
    n = x.size
    p = _real_vector(p, "p", n, "x")
    c1 = _real_scalar(c1, "c1", lo=0.0, hi=1.0)
    c2 = _real_scalar(c2, "c2", lo=c1, hi=1.0)
    alpha0 = _real_scalar(alpha0, "alpha0", lo=0.0)
    alpha_max = _real_scalar(alpha_max, "alpha_max", lo=0.0)
    if alpha0 > alpha_max:
        raise ValueError(f"alpha0 must be <= alpha_max={alpha_max!r}, got "
                         f"{alpha0!r}")
    max_trials = _count(max_trials, "max_trials", hi=_MAX_TRIALS)
    with np.errstate(all="ignore"):   # overflow = rejected trial
        n_g = 0
        if g_x is None:
            g0 = _call_vector(grad, x)
            if g0 is None:
                raise ValueError("grad must be finite at x, got a non-finite "
                                 "value")
            n_g = 1
        else:
            g0 = _real_vector(g_x, "g_x", n, "x")
        slope0 = _slope(g0, p, "g_x" if g_x is not None else "grad(x)", "p")
        f0, n_f = _f_at_x(f, x, f_x)

        trials: list[float] = []
        values: list[float] = []
        s_steps: list[float] = []
        s_vals: list[float] = []
        counts = {"f": n_f, "g": n_g}

        def phi(a: float) -> float:
            z = x + a * p
            val = _call_scalar(f, z) if np.isfinite(z).all() else np.inf
            counts["f"] += 1
            trials.append(a)
            values.append(val)
            return val

        def dphi(a: float) -> tuple[float, np.ndarray | None]:
            z = x + a * p
            gz = _call_vector(grad, z)
            counts["g"] += 1
            if gz is None:
                return np.inf, None
            s = float(np.dot(gz, p))
            if not np.isfinite(s):
                return np.inf, None
            s_steps.append(a)
            s_vals.append(s)
            return s, gz

        def done(a: float, val: float, gz: np.ndarray | None,
                 message: str) -> LineSearchResult:
            return LineSearchResult(
                a, message == "accepted", x + a * p, val, gz, _arr(trials),
                _arr(values), _arr(s_steps), _arr(s_vals), f0, slope0,
                counts["f"], counts["g"], c1, c2, message)

        def best(message: str) -> LineSearchResult:
            """Failure: the best Armijo step found so far (possibly 0)."""
            return done(lo[0], lo[1], lo[3] if lo[0] > 0 else None, message)

        def unverifiable(a: float) -> bool:
            """The demanded decrease is below the rounding of f(x)."""
            return not f0 + c1 * a * slope0 < f0

        def sufficient(a: float, val: float) -> bool:
            return np.isfinite(val) and val <= f0 + c1 * a * slope0

        # bracket ends: (step, value, slope, gradient); lo always satisfies
        # Armijo and has a known slope.
        lo = (0.0, f0, slope0, g0)
        hi = None
        a = alpha0
        if unverifiable(a):
            return best("rounding")
        while counts["f"] - n_f < max_trials:
            val = phi(a)
            if not sufficient(a, val) or (lo[0] > 0 and val >= lo[1]):
                hi = (a, val)
                break
            s, gz = dphi(a)
            if gz is None:                       # gradient overflowed
                hi = (a, val)
                break
            if abs(s) <= -c2 * slope0:
                return done(a, val, gz, "accepted")
            if s >= 0:                           # passed a minimum of phi
                hi, lo = (lo[0], lo[1]), (a, val, s, gz)
                break
            lo = (a, val, s, gz)
            if a >= alpha_max:
                return best("alpha_max")
            a = min(2.0 * a, alpha_max)
        else:
            return best("max_trials")

        # zoom between lo (Armijo, known slope) and hi
        while counts["f"] - n_f < max_trials:
            a_lo, f_lo, s_lo, _ = lo
            a_hi, f_hi = hi
            width = a_hi - a_lo
            if abs(width) <= 4 * _EPS * max(abs(a_lo), abs(a_hi)):
                return best("rounding")
            a = a_lo + 0.5 * width                  # bisection fallback
            denom = 2.0 * (f_hi - f_lo - s_lo * width)
            if np.isfinite(f_hi) and denom > 0:
                # minimiser of the quadratic through phi(lo), phi'(lo), phi(hi)
                a_q = a_lo - s_lo * width * width / denom
                lo_b, hi_b = sorted((a_lo + 0.1 * width, a_hi - 0.1 * width))
                if lo_b <= a_q <= hi_b:
                    a = a_q
            if unverifiable(a):
                return best("rounding")
            val = phi(a)
            if not sufficient(a, val) or val >= f_lo:
                hi = (a, val)
                continue
            s, gz = dphi(a)
            if gz is None:
                hi = (a, val)
                continue
            if abs(s) <= -c2 * slope0:
                return done(a, val, gz, "accepted")
            if s * (a_hi - a_lo) >= 0:
                hi = (a_lo, f_lo)
            lo = (a, val, s, gz)
        return best("max_trials")
