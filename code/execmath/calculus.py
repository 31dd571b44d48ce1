"""Calculus: derivatives as local linear models, computed and checked.

Finite differences (forward, backward, central), Taylor polynomials,
finite-difference gradients, Jacobians and directional derivatives, and
the step-size trade-off between truncation and rounding error.

Conventions
-----------
* Scalar difference quotients (:func:`forward_difference` and friends)
  treat ``f`` as a vectorised scalar function: ``f(x)`` has the shape of
  ``x`` and acts elementwise.
* Vector routines (:func:`fd_jacobian`, :func:`fd_gradient`,
  :func:`directional_derivative`) treat ``f`` as a map
  :math:`\\mathbb{R}^n \\to \\mathbb{R}^m` on a 1-D ``x`` of shape ``(n,)``
  returning a scalar or a 1-D array of shape ``(m,)``.
* ``h=None`` picks the rule-of-thumb step of :func:`optimal_step`, scaled
  by ``max(1, |x|)`` so that it stays relative to the size of ``x``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_callable,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    norm2,
)

__all__ = [
    "METHOD_ORDERS",
    "CallCounter",
    "StepSweep",
    "backward_difference",
    "central_difference",
    "derivative",
    "directional_derivative",
    "fd_gradient",
    "fd_hessian",
    "fd_jacobian",
    "forward_difference",
    "model_optimal_step",
    "optimal_step",
    "step_error_sweep",
    "taylor_polynomial",
    "taylor_remainder",
    "total_error_model",
]

#: Order p of the truncation error O(h^p) of each difference quotient.
METHOD_ORDERS: dict[str, int] = {"forward": 1, "backward": 1, "central": 2}

_FLOAT_DTYPES = (np.float16, np.float32, np.float64)


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------
def _check_method(method: Any) -> str:
    return check_choice(method, "method", METHOD_ORDERS)


def _check_dtype(dtype: Any) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"dtype must be a float dtype, got {dtype!r}") from exc
    if dt.type not in _FLOAT_DTYPES:
        raise ValueError(
            f"dtype must be float16, float32 or float64, got {dtype!r}"
        )
    return dt


def _check_steps(h: Any, shape: tuple[int, ...], name: str = "h") -> np.ndarray:
    """Return ``h`` as a float64 array broadcast to ``shape``, all > 0."""
    arr = as_float_array(h, name)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0, got min {arr.min()!r}")
    try:
        return np.broadcast_to(arr, shape)
    except ValueError as exc:
        raise ValueError(
            f"{name} of shape {arr.shape} does not broadcast to x's "
            f"shape {shape}"
        ) from exc


def _resolve_steps(h, x: np.ndarray, method: str, eps: float) -> np.ndarray:
    """Given steps, or the relative rule-of-thumb step when ``h`` is None."""
    if h is None:
        return optimal_step(method, eps, x=x) * np.ones(x.shape)
    return _check_steps(h, x.shape)


def _call(f: Callable, x: np.ndarray, dtype: np.dtype,
          shape: tuple[int, ...] | None, where: str = "x +- h") -> np.ndarray:
    """Evaluate ``f(x)`` as an array of ``dtype`` and check it.

    ``f`` runs with floating-point warnings silenced; a non-finite value
    (an overflow, ``log`` of a negative number, ...) is then reported as a
    ValueError naming ``f`` and ``x``, and so is an exception raised by
    ``f`` itself (e.g. an IndexError because ``x`` has the wrong length).
    """
    check_callable(f, "f")
    try:
        with np.errstate(all="ignore"):
            raw = f(x)
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        raise ValueError(
            f"f raised {type(exc).__name__} at x of shape {np.shape(x)}: "
            f"{exc}") from exc
    out = np.asarray(raw)
    if out.dtype.kind not in "iuf":
        raise InputTypeError(
            f"f must return real numbers, got dtype {out.dtype}")
    with np.errstate(over="ignore"):
        out = out.astype(dtype)
    if shape is not None and out.shape != shape:
        raise ValueError(
            f"f returned shape {out.shape}, expected {shape}"
        )
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"f returned non-finite values in {np.dtype(dtype).name} at "
            f"some {where} (finite values are needed there)"
        )
    return out


def _check_grid(x: np.ndarray, steps: np.ndarray, dt: np.dtype, *,
                nonzero: bool = True) -> None:
    """``x`` and ``x +- h`` must lie in the dtype's range, ``h`` must not
    round to 0 there (unless ``nonzero`` is False)."""
    top = float(np.finfo(dt).max)
    with np.errstate(over="ignore"):
        reach = np.abs(x) + steps
    if np.any(reach > top):
        raise ValueError(
            f"x +- h must lie within the {dt.name} range (|x| + h <= "
            f"{top:.4g}), got max |x| + h = {float(np.max(reach)):.4g}"
        )
    if nonzero and np.any(steps.astype(dt) == 0):
        raise ValueError(
            f"h must be representable in {dt.name}, got min h = "
            f"{float(np.min(steps))!r} (rounds to 0)"
        )


def _quotient(num: np.ndarray, den) -> np.ndarray:
    """``num / den``; an overflow (a step far too small) is an error."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = num / den
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "h is too small for these function values: the difference "
            "quotient overflows"
        )
    return out


# --------------------------------------------------------------------------
# step sizes and the error model
# --------------------------------------------------------------------------
def optimal_step(method: str = "forward", eps: float | None = None, *,
                 x=0.0):
    r"""Rule-of-thumb finite-difference step that balances the two errors.

    .. math::

        h_\star = \varepsilon^{1/(p+1)} \max(1, |x|),

    with :math:`p = 1` for forward/backward differences (so
    :math:`h_\star \approx \sqrt{\varepsilon}`) and :math:`p = 2` for
    central differences (:math:`h_\star \approx \varepsilon^{1/3}`).

    Parameters
    ----------
    method : {"forward", "backward", "central"}
        Difference quotient.
    eps : float, optional
        Relative accuracy of the function values; default is float64's
        machine epsilon :math:`2^{-52}`.
    x : float or array_like, default 0.0
        Point(s) of differentiation; the step is scaled by ``max(1, |x|)``.

    Returns
    -------
    float or numpy.ndarray
        The step, with the shape of ``x``.

    Examples
    --------
    >>> optimal_step("forward") == 2.0**-26
    True
    >>> round(float(optimal_step("central", x=[100.0])[0]), 10)
    0.0006055454
    """
    p = METHOD_ORDERS[_check_method(method)]
    eps = (float(np.finfo(np.float64).eps) if eps is None
           else check_finite_scalar(eps, "eps", positive=True))
    x = as_float_array(x, "x")
    step = eps ** (1.0 / (p + 1)) * np.maximum(1.0, np.abs(x))
    return float(step) if step.ndim == 0 else step


def total_error_model(h, p: int, c_trunc: float, c_round: float,
                      eps: float) -> np.ndarray:
    r"""Model of the total finite-difference error as a function of ``h``.

    .. math::

        E(h) = C_1 h^p + C_2 \frac{\varepsilon}{h}

    The first term is truncation (Taylor remainder), the second is the
    rounding error of the function values amplified by division by ``h``.

    Parameters
    ----------
    h : array_like
        Steps, > 0.
    p : int
        Order of the truncation error (>= 1).
    c_trunc, c_round : float
        Constants :math:`C_1, C_2 \ge 0`.
    eps : float
        Relative accuracy of the function values, > 0.

    Examples
    --------
    >>> total_error_model([1e-8, 1e-4], 1, 1.0, 1.0, 1e-16).tolist()
    [2e-08, 0.000100000001]
    """
    h = as_float_array(h, "h")
    if np.any(h <= 0):
        raise ValueError(f"h must be > 0, got min {h.min()!r}")
    p = check_positive_int(p, "p", maximum=1000)
    c1 = check_finite_scalar(c_trunc, "c_trunc")
    c2 = check_finite_scalar(c_round, "c_round")
    eps = check_finite_scalar(eps, "eps", positive=True)
    with np.errstate(over="ignore", under="ignore"):
        out = c1 * h**p + c2 * eps / h
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "the model error E(h) exceeds the float64 range for these h, "
            "c_trunc, c_round and eps")
    return out


def model_optimal_step(p: int, c_trunc: float, c_round: float,
                       eps: float) -> float:
    r"""Minimiser of :func:`total_error_model`.

    Setting :math:`E'(h) = p C_1 h^{p-1} - C_2 \varepsilon / h^2 = 0` gives

    .. math::

        h_\star = \Big(\frac{C_2\,\varepsilon}{p\,C_1}\Big)^{1/(p+1)} .

    Parameters
    ----------
    p : int
        Order of the truncation error (>= 1).
    c_trunc, c_round : float
        Constants :math:`C_1 > 0` and :math:`C_2 > 0`.
    eps : float
        Relative accuracy of the function values, > 0.

    Examples
    --------
    >>> round(model_optimal_step(1, 0.5, 1.0, 1e-16) * 1e8, 6)
    1.414214
    """
    p = check_positive_int(p, "p", maximum=1000)
    c1 = check_finite_scalar(c_trunc, "c_trunc", positive=True)
    c2 = check_finite_scalar(c_round, "c_round", positive=True)
    eps = check_finite_scalar(eps, "eps", positive=True)
    with np.errstate(over="ignore", under="ignore"):
        ratio = c2 * eps / (p * c1)
    if np.isfinite(ratio) and ratio > 0:
        return ratio ** (1.0 / (p + 1))
    # c2 eps / (p c1) left the range: take the root in logarithms
    log_h = (math.log(c2) + math.log(eps) - math.log(p) - math.log(c1)) \
        / (p + 1)
    if log_h > math.log(np.finfo(np.float64).max):
        raise ValueError(
            "the optimal step for these c_trunc, c_round, eps exceeds the "
            "float64 range")
    return math.exp(log_h)


# --------------------------------------------------------------------------
# scalar difference quotients
# --------------------------------------------------------------------------
def _difference(f, x, h, method: str, dtype) -> np.ndarray:
    check_callable(f, "f")
    method = _check_method(method)
    dt = _check_dtype(dtype)
    x64 = as_float_array(x, "x")
    steps = _resolve_steps(h, x64, method, float(np.finfo(dt).eps))
    _check_grid(x64, steps, dt)
    xd, hd = x64.astype(dt), steps.astype(dt)           # same shape as x
    with np.errstate(over="ignore"):   # f values are finite: differences
        if method == "forward":        # overflow only for huge f
            num = (_call(f, xd + hd, dt, x64.shape)
                   - _call(f, xd, dt, x64.shape))
            return _quotient(num, hd)
        if method == "backward":
            num = (_call(f, xd, dt, x64.shape)
                   - _call(f, xd - hd, dt, x64.shape))
            return _quotient(num, hd)
        num = (_call(f, xd + hd, dt, x64.shape)
               - _call(f, xd - hd, dt, x64.shape))
        return _quotient(num, 2 * hd)


def forward_difference(f: Callable, x, h=None, *,
                       dtype=np.float64) -> np.ndarray:
    r"""Forward difference quotient, truncation error :math:`O(h)`.

    .. math::

        D_+ f(x) = \frac{f(x + h) - f(x)}{h}
                 = f'(x) + \tfrac12 f''(\xi) h

    Parameters
    ----------
    f : callable
        Vectorised scalar function; ``f(x)`` must have the shape of ``x``.
    x : float or array_like
        Point(s) of differentiation, finite.
    h : float or array_like, optional
        Step(s) > 0, broadcastable to ``x``; default
        :func:`optimal_step` ("forward", eps of ``dtype``, ``x``).
    dtype : float dtype, default float64
        Precision in which ``x + h`` and the function values are held.

    Returns
    -------
    numpy.ndarray
        Approximations of :math:`f'(x)`, shape of ``x``.

    Examples
    --------
    >>> float(forward_difference(np.square, 3.0, 2.0**-20))  # 6 + h, exact
    6.000000953674316
    """
    return _difference(f, x, h, "forward", dtype)


def backward_difference(f: Callable, x, h=None, *,
                        dtype=np.float64) -> np.ndarray:
    r"""Backward difference quotient, truncation error :math:`O(h)`.

    .. math::

        D_- f(x) = \frac{f(x) - f(x - h)}{h}
                 = f'(x) - \tfrac12 f''(\xi) h

    Parameters are those of :func:`forward_difference`.

    Examples
    --------
    >>> float(backward_difference(np.square, 3.0, 2.0**-20))  # 6 - h
    5.999999046325684
    """
    return _difference(f, x, h, "backward", dtype)


def central_difference(f: Callable, x, h=None, *,
                       dtype=np.float64) -> np.ndarray:
    r"""Central difference quotient, truncation error :math:`O(h^2)`.

    .. math::

        D_0 f(x) = \frac{f(x + h) - f(x - h)}{2h}
                 = f'(x) + \tfrac16 f'''(\xi) h^2

    The even-order terms of the two Taylor expansions cancel, which is why
    the error falls one order faster than for one-sided quotients.
    Parameters are those of :func:`forward_difference`.

    Examples
    --------
    >>> float(central_difference(np.square, 3.0, 2.0**-20))
    6.0
    """
    return _difference(f, x, h, "central", dtype)


def derivative(f: Callable, x, h=None, method: str = "central", *,
               dtype=np.float64) -> np.ndarray:
    """Finite-difference derivative of a vectorised scalar function.

    Dispatches to :func:`forward_difference`, :func:`backward_difference`
    or :func:`central_difference` by ``method``.

    Examples
    --------
    >>> round(float(derivative(np.sin, 0.0)), 9)
    1.0
    """
    return _difference(f, x, h, method, dtype)


# --------------------------------------------------------------------------
# Taylor polynomials
# --------------------------------------------------------------------------
def taylor_polynomial(derivs_at_x0, x0: float, x) -> np.ndarray:
    r"""Taylor polynomial built from the derivatives at ``x0``.

    .. math::

        T_k(x) = \sum_{j=0}^{k} \frac{f^{(j)}(x_0)}{j!}\,(x - x_0)^j

    Parameters
    ----------
    derivs_at_x0 : array_like, shape (k + 1,)
        :math:`f(x_0), f'(x_0), \dots, f^{(k)}(x_0)`.
    x0 : float
        Expansion point.
    x : float or array_like
        Evaluation point(s).

    Returns
    -------
    numpy.ndarray
        :math:`T_k(x)`, shape of ``x``.

    Raises
    ------
    ValueError
        If a value of the polynomial (or ``x - x0``) exceeds the float64
        range.

    Examples
    --------
    >>> taylor_polynomial([1.0, 1.0, 1.0], 0.0, [0.5, 1.0]).tolist()
    [1.625, 2.5]
    """
    d = as_float_array(derivs_at_x0, "derivs_at_x0", ndim=1)
    x0 = check_finite_scalar(x0, "x0")
    x = as_float_array(x, "x", allow_empty=True)
    coeffs = _taylor_coefficients(d)
    # Horner's rule in powers of (x - x0): fewer roundings than powers.
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        dx = x - x0
        out = np.full(x.shape, coeffs[-1])
        for c in coeffs[-2::-1]:
            out = out * dx + c
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "the Taylor polynomial of derivs_at_x0 about x0 exceeds the "
            "float64 range at some x")
    return out


def _taylor_coefficients(d: np.ndarray) -> np.ndarray:
    r""":math:`f^{(j)}(x_0) / j!` without converting :math:`j!` to a float.

    Up to :math:`j = 170` the quotient is one correctly rounded division;
    beyond, :math:`j!` exceeds float64 and the quotient is taken in
    logarithms (``math.lgamma``), which underflows to 0 where it should.
    """
    out = np.empty(d.size)
    for j, dj in enumerate(d.tolist()):
        if j <= 170 or dj == 0.0:
            out[j] = dj / math.factorial(j) if j <= 170 else 0.0
        else:
            out[j] = math.copysign(
                math.exp(math.log(abs(dj)) - math.lgamma(j + 1)), dj)
    return out


def taylor_remainder(f: Callable, derivs_at_x0, x0: float, h,
                     order: int) -> np.ndarray:
    r"""Absolute error of the order-``order`` Taylor polynomial at ``x0 + h``.

    .. math::

        R_k(h) = \bigl|f(x_0 + h) - T_k(x_0 + h)\bigr|
               = \Bigl|\frac{f^{(k+1)}(\xi)}{(k+1)!} h^{k+1}\Bigr|

    Parameters
    ----------
    f : callable
        Vectorised scalar function.
    derivs_at_x0 : array_like, shape (>= order + 1,)
        Derivatives :math:`f^{(j)}(x_0)`, j = 0, 1, ...
    x0 : float
        Expansion point.
    h : array_like
        Offsets from ``x0``.
    order : int
        Degree k of the polynomial, 0 <= k < len(derivs_at_x0).

    Examples
    --------
    >>> taylor_remainder(np.exp, [1.0, 1.0], 0.0, [1e-3], 1).round(10).tolist()
    [5.002e-07]
    """
    check_callable(f, "f")
    d = as_float_array(derivs_at_x0, "derivs_at_x0", ndim=1)
    order = check_positive_int(order, "order", minimum=0)
    if order >= d.size:
        raise ValueError(
            f"order must be < len(derivs_at_x0) = {d.size}, got {order}"
        )
    x0 = check_finite_scalar(x0, "x0")
    h = as_float_array(h, "h")
    with np.errstate(over="ignore"):
        x = x0 + h
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 + h exceeds the float64 range")
    fx = _call(f, x, np.dtype(np.float64), x.shape, "x0 + h")
    with np.errstate(over="ignore"):
        out = np.abs(fx - taylor_polynomial(d[: order + 1], x0, x))
    if not np.all(np.isfinite(out)):
        raise ValueError("f(x0 + h) - T(x0 + h) exceeds the float64 range")
    return out


# --------------------------------------------------------------------------
# gradients, Jacobians, directional derivatives
# --------------------------------------------------------------------------
class CallCounter:
    """Wrap a function and count how often it is called.

    Examples
    --------
    >>> g = CallCounter(np.sum)
    >>> _ = g(np.ones(3)); g.calls
    1
    """

    def __init__(self, f: Callable) -> None:
        if not callable(f):
            raise ValueError(f"f must be callable, got {type(f).__name__}")
        self.f = f
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.f(*args, **kwargs)


def _call_vec(f: Callable, x: np.ndarray,
              shape: tuple[int, ...] | None,
              dtype: np.dtype = np.dtype(np.float64),
              where: str = "x +- h e_j") -> np.ndarray:
    """Evaluate a map R^n -> R^m; the output must be 0-d or 1-D."""
    out = _call(f, x, dtype, shape, where)
    if out.ndim > 1:
        raise ValueError(
            f"f must return a scalar or a 1-D array, got shape {out.shape}"
        )
    return out


def fd_jacobian(f: Callable, x, h=None,
                method: str = "forward") -> np.ndarray:
    r"""Finite-difference Jacobian of :math:`f:\mathbb{R}^n\to\mathbb{R}^m`.

    Column ``j`` is a difference quotient along the coordinate vector
    :math:`e_j`:

    .. math::

        J_{:,j} \approx \frac{f(x + h_j e_j) - f(x)}{h_j}
        \quad\text{or}\quad
        \frac{f(x + h_j e_j) - f(x - h_j e_j)}{2 h_j},

    costing :math:`n + 1` evaluations (forward/backward) or :math:`2n`
    (central).

    Parameters
    ----------
    f : callable
        Maps an array of shape ``(n,)`` to a scalar or an array ``(m,)``.
    x : array_like, shape (n,)
        Point of differentiation, finite.
    h : float or array_like, optional
        Step(s) > 0, one per coordinate or shared; default
        ``optimal_step(method, x=x)`` coordinate by coordinate.
    method : {"forward", "backward", "central"}, default "forward"

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The Jacobian; ``m = 1`` when ``f`` returns a scalar.

    Notes
    -----
    The points :math:`x \pm h_j e_j` are made one at a time by changing
    one coordinate of a copy of ``x`` (no identity matrix): memory grows
    like the answer, :math:`m n`, not like :math:`n^2`.

    Examples
    --------
    >>> fd_jacobian(lambda v: v * v, [1.0, 2.0], h=2.0**-20).tolist()
    [[2.0000009536743164, 0.0], [0.0, 4.000000953674316]]
    """
    check_callable(f, "f")
    method = _check_method(method)
    x = as_float_array(x, "x", ndim=1)                      # (n,)
    n = x.size
    steps = _resolve_steps(h, x, method, float(np.finfo(np.float64).eps))
    _check_grid(x, steps, np.dtype(np.float64))

    def moved(j: int, delta: float) -> np.ndarray:
        xj = x.copy()                                       # (n,)
        xj[j] = x[j] + delta       # = x + delta e_j, the same rounding
        return xj

    jac: np.ndarray | None = None                           # (m, n)
    if method == "central":
        shape = None
        for j in range(n):
            up = _call_vec(f, moved(j, steps[j]), shape)
            shape = up.shape
            down = _call_vec(f, moved(j, -steps[j]), shape)
            if jac is None:
                check_result_size(max(up.size, 1) * n,
                                  "f(x) outputs times len(x)")
                jac = np.empty((max(up.size, 1), n))
            jac[:, j] = _quotient(_diff(up, down), 2 * steps[j])
    else:
        f0 = _call_vec(f, x, None)
        check_result_size(max(f0.size, 1) * n, "f(x) outputs times len(x)")
        jac = np.empty((max(f0.size, 1), n))
        sign = 1.0 if method == "forward" else -1.0
        for j in range(n):
            fj = _call_vec(f, moved(j, sign * steps[j]), f0.shape)
            jac[:, j] = sign * _quotient(_diff(fj, f0), steps[j])
    return jac                                              # (m, n)


def _diff(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a - b`` of finite function values; overflow is an error."""
    with np.errstate(over="ignore"):
        out = a - b
    if not np.all(np.isfinite(out)):
        raise ValueError("f values near x differ by more than the float64 "
                         "range")
    return out


def fd_gradient(f: Callable, x, h=None, method: str = "forward") -> np.ndarray:
    r"""Finite-difference gradient of :math:`f:\mathbb{R}^n\to\mathbb{R}`.

    .. math::

        \nabla f(x) = \Bigl(\frac{\partial f}{\partial x_1}, \dots,
                            \frac{\partial f}{\partial x_n}\Bigr)^{\!\top},
        \qquad
        \frac{\partial f}{\partial x_j} \approx
        \frac{f(x + h_j e_j) - f(x)}{h_j}

    Parameters are those of :func:`fd_jacobian`; ``f`` must return a
    scalar (or an array with exactly one entry).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> fd_gradient(lambda v: float(v @ v), [1.0, 2.0], h=2.0**-20,
    ...             method="central").tolist()
    [2.0, 4.0]
    """
    jac = fd_jacobian(f, x, h, method)                       # (m, n)
    if jac.shape[0] != 1:
        raise ValueError(
            f"f must return a scalar for a gradient, got {jac.shape[0]} "
            "outputs (use fd_jacobian)"
        )
    return jac[0]


def fd_hessian(f: Callable, x, h=None) -> np.ndarray:
    r"""Finite-difference Hessian of :math:`f:\mathbb{R}^n\to\mathbb{R}`
    from function values only.

    .. math::

        H_{jj} \approx \frac{f(x + h_j e_j) - 2 f(x) + f(x - h_j e_j)}
                            {h_j^2},
        \qquad
        H_{jk} \approx \frac{f_{++} - f_{+-} - f_{-+} + f_{--}}
                            {4 h_j h_k}\quad (j \ne k),

    with :math:`f_{\pm\pm} = f(x \pm h_j e_j \pm h_k e_k)`. Both
    quotients have truncation error :math:`O(h^2)` and rounding error of
    order :math:`\varepsilon\,|f| / h^2`, so the default step is
    :math:`h_j = \varepsilon^{1/4}\max(1, |x_j|)` and the best accuracy
    is of order :math:`\sqrt{\varepsilon}`. The result is symmetric by
    construction. Cost: :math:`1 + 2n + 2n(n - 1)` evaluations of ``f``.

    Parameters
    ----------
    f : callable
        Maps an array of shape ``(n,)`` to a scalar.
    x : array_like, shape (n,)
        Point, finite.
    h : float or array_like, optional
        Step(s) > 0, one per coordinate or shared.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> H = fd_hessian(lambda v: v[0] ** 2 * v[1], [1.0, 2.0])
    >>> np.allclose(H, [[4.0, 2.0], [2.0, 0.0]], atol=1e-6)
    True
    """
    check_callable(f, "f")
    x = as_float_array(x, "x", ndim=1)                      # (n,)
    n = x.size
    check_result_size(n * n, "len(x) squared (the Hessian)")
    if h is None:
        # rounding eps|f|/h^2 against truncation h^2: h ~ eps^(1/4)
        eps = float(np.finfo(np.float64).eps)
        steps = eps ** 0.25 * np.maximum(1.0, np.abs(x))
    else:
        steps = _check_steps(h, x.shape)
    _check_grid(x, steps, np.dtype(np.float64))

    def value(moves: dict[int, float]) -> float:
        xm = x.copy()                                       # (n,)
        for j, delta in moves.items():
            xm[j] = x[j] + delta
        out = _call_vec(f, xm, None,
                        where="x +- h (x +- h_j e_j +- h_k e_k)")
        if out.size != 1:
            raise ValueError(
                f"f must return a scalar for a Hessian, got shape "
                f"{out.shape}")
        return float(out.reshape(()))

    f0 = value({})
    H = np.empty((n, n))
    for j in range(n):
        hj = float(steps[j])
        second = _diff(np.array(value({j: hj}) + value({j: -hj})),
                       np.array(2.0 * f0))
        H[j, j] = float(_quotient(second, hj * hj))
        for k in range(j):
            hk = float(steps[k])
            plus = _diff(np.array(value({j: hj, k: hk})),
                         np.array(value({j: hj, k: -hk})))
            minus = _diff(np.array(value({j: -hj, k: hk})),
                          np.array(value({j: -hj, k: -hk})))
            H[j, k] = H[k, j] = float(
                _quotient(_diff(plus, minus), 4.0 * hj * hk))
    return H                                                # (n, n)


def directional_derivative(f: Callable, x, v, h=None,
                           method: str = "central", *,
                           dtype=np.float64) -> np.ndarray:
    r"""Derivative of ``f`` at ``x`` along ``v``: :math:`J_f(x)\,v`.

    .. math::

        D_v f(x) = \lim_{t\to 0}\frac{f(x + t v) - f(x)}{t}
                 = \nabla f(x)^\top v \quad (m = 1)

    computed as a one-dimensional difference quotient in ``t``: two
    evaluations (central) instead of the ``2n`` of a full Jacobian.
    ``v`` is not normalised.

    Parameters
    ----------
    f : callable
        Maps ``(n,)`` to a scalar or ``(m,)``.
    x, v : array_like, shape (n,)
        Point and direction; ``v`` must be nonzero.
    h : float, optional
        Step in ``t`` > 0; default ``optimal_step(method, eps of dtype,
        x=|x|_inf) / |v|_inf`` so that the move ``h v`` is relative to
        ``x``.
    method : {"forward", "backward", "central"}, default "central"
    dtype : float dtype, default float64
        Precision in which ``x + h v``, the function values and the
        quotient are held (as in :func:`forward_difference`).

    Returns
    -------
    numpy.ndarray
        Shape ``(m,)``, or 0-d when ``f`` returns a scalar; of ``dtype``.

    Examples
    --------
    >>> float(directional_derivative(lambda t: t @ t, [1.0, 2.0],
    ...                              [1.0, 0.0], h=2.0**-20))
    2.0
    """
    check_callable(f, "f")
    method = _check_method(method)
    dt = _check_dtype(dtype)
    x = as_float_array(x, "x", ndim=1)                      # (n,)
    v = as_float_array(v, "v", ndim=1)                      # (n,)
    if v.shape != x.shape:
        raise ValueError(f"v must have x's shape {x.shape}, got {v.shape}")
    vmax = float(np.max(np.abs(v)))
    if vmax == 0.0:
        raise ValueError("v must be nonzero, got the zero vector")
    if h is None:
        h = optimal_step(method, float(np.finfo(dt).eps),
                         x=float(np.max(np.abs(x)))) / vmax
    else:
        h = check_finite_scalar(h, "h", positive=True)
    with np.errstate(over="ignore"):
        move = h * np.abs(v)                                # (n,)
    _check_grid(x, move, dt, nonzero=False)
    xd, vd, hd = x.astype(dt), v.astype(dt), dt.type(h)     # in dtype
    if hd == 0:
        raise ValueError(f"h must be representable in {dt.name}, got {h!r}")
    # Same formulas (and order of calls) as fd_jacobian along e_1 in t.
    with np.errstate(over="ignore", under="ignore"):
        if method == "central":
            up = _call_vec(f, xd + hd * vd, None, dt, "x +- h v")
            down = _call_vec(f, xd - hd * vd, up.shape, dt, "x +- h v")
            out = _quotient(_diff(up, down), 2 * hd)
        else:
            f0 = _call_vec(f, xd, None, dt, "x")
            if method == "forward":
                out = _quotient(_diff(_call_vec(f, xd + hd * vd, f0.shape,
                                                dt, "x + h v"), f0), hd)
            else:
                out = _quotient(_diff(f0, _call_vec(f, xd - hd * vd,
                                                    f0.shape, dt,
                                                    "x - h v")), hd)
    return np.asarray(out, dtype=dt)                         # () or (m,)


# --------------------------------------------------------------------------
# error sweeps and orders
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class StepSweep:
    """Errors of a difference quotient over a range of steps.

    Attributes
    ----------
    method : str
        "forward", "backward" or "central".
    h : numpy.ndarray, shape (k,)
        Steps, increasing.
    error : numpy.ndarray, shape (k,)
        Root-mean-square error :math:`|D_h f(x_i) - f'(x_i)|` over the
        points :math:`x_i` of the sweep (the plain error for one point).
    """

    method: str
    h: np.ndarray
    error: np.ndarray

    @property
    def order(self) -> int:
        """Theoretical order p of the truncation error."""
        return METHOD_ORDERS[self.method]

    @property
    def h_best(self) -> float:
        """Step with the smallest observed error."""
        return float(self.h[np.argmin(self.error)])

    @property
    def error_best(self) -> float:
        """Smallest observed error."""
        return float(np.min(self.error))


def step_error_sweep(f: Callable, x0, exact, h,
                     method: str = "forward", *,
                     dtype=np.float64) -> StepSweep:
    r"""Error of a difference quotient for each step in ``h``.

    .. math::

        E(h) = \Bigl(\frac1P \sum_{i=1}^{P}
               \bigl(D_h f(x_i) - f'(x_i)\bigr)^2\Bigr)^{1/2}

    Rounding errors make the error at one point jump erratically from one
    step to the next; averaging over a few nearby points ``x0`` shows the
    trend that the error model predicts.

    Parameters
    ----------
    f : callable
        Vectorised scalar function.
    x0 : float or array_like, shape (P,)
        Point(s) of differentiation.
    exact : float or array_like, shape (P,)
        The true derivative(s) :math:`f'(x_i)`, shape of ``x0``.
    h : array_like, shape (k,)
        Steps > 0; sorted increasingly in the result.
    method : {"forward", "backward", "central"}, default "forward"
    dtype : float dtype, default float64
        Precision of the arithmetic (see :func:`forward_difference`).

    Examples
    --------
    >>> sw = step_error_sweep(np.sin, [0.5], [np.cos(0.5)], [1e-6, 1e-3])
    >>> sw.h.tolist(), bool(sw.error[1] > sw.error[0])
    ([1e-06, 0.001], True)
    """
    method = _check_method(method)
    x0 = as_float_array(x0, "x0", ndim=(0, 1))             # () or (P,)
    exact = as_float_array(exact, "exact", ndim=(0, 1))
    if exact.shape != x0.shape:
        raise ValueError(
            f"exact must have x0's shape {x0.shape}, got {exact.shape}"
        )
    h = np.sort(as_float_array(h, "h", ndim=1))            # (k,)
    pts = np.atleast_1d(x0)                                # (P,)
    check_result_size(h.size * pts.size, "h and x0 (len(h) * len(x0))")
    grid_x = np.broadcast_to(pts, (h.size, pts.size))      # (k, P)
    grid_h = np.broadcast_to(h[:, None], grid_x.shape)     # (k, P)
    approx = derivative(f, grid_x, grid_h, method, dtype=dtype)
    with np.errstate(over="ignore"):
        diff = approx.astype(np.float64) - np.atleast_1d(exact)  # (k, P)
    if not np.all(np.isfinite(diff)):
        raise ValueError("the error of the quotients against exact exceeds "
                         "the float64 range")
    # RMS without squaring overflow: a scaled norm per row
    err = np.array([norm2(row) for row in diff]) / math.sqrt(pts.size)
    return StepSweep(method=method, h=h, error=err)
