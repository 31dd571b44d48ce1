"""Numerical thinking: rounding, error, conditioning and stable rewrites.

The tools here measure what floating-point arithmetic does to a formula:

* the size of the floating-point grid (:func:`machine_epsilon`,
  :func:`unit_roundoff`, :func:`ulp`);
* errors against a reference (:func:`absolute_error`,
  :func:`relative_error`), where the reference may be a high-precision
  :class:`decimal.Decimal` value from :func:`decimal_eval`;
* how sensitive a problem is (:func:`condition_number`,
  :func:`subtraction_condition`);
* naive and stable versions of the same mathematics (square-root
  differences, quadratic roots, ``log1p``/``expm1``, log-sum-exp, softmax).

Nothing here imports matplotlib; the plots live in
:mod:`execmath.viz.numerics`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    as_float_array,
    check_finite_scalar,
    check_positive_int,
)

__all__ = [
    "CancellationReport",
    "QuadraticRoots",
    "absolute_error",
    "cancellation_experiment",
    "condition_number",
    "decimal_eval",
    "expm1_naive",
    "log1p_naive",
    "logsumexp",
    "logsumexp_naive",
    "machine_epsilon",
    "quadratic_roots_naive",
    "quadratic_roots_stable",
    "relative_error",
    "softmax",
    "softmax_naive",
    "sqrt_diff_condition",
    "sqrt_diff_naive",
    "sqrt_diff_reference",
    "sqrt_diff_stable",
    "subtraction_condition",
    "ulp",
    "unit_roundoff",
]

#: Default number of significant decimal digits of the reference values.
#: Double precision carries about 16, so 50 leaves a wide margin even after
#: the reference itself cancels ~18 digits (sqrt differences at x = 1e18).
REFERENCE_DIGITS = 50


# ---------------------------------------------------------------------------
# The floating-point grid
# ---------------------------------------------------------------------------

def _float_dtype(dtype: Any, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as a NumPy floating dtype or raise ValueError."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise ValueError(f"{name} must be a floating dtype, got {dtype!r}") from exc
    if dt.kind != "f":
        raise ValueError(f"{name} must be a floating dtype, got {dt!s}")
    return dt


def machine_epsilon(dtype: Any = np.float64) -> float:
    r"""Machine epsilon: the gap between 1 and the next larger float.

    .. math::

        \varepsilon_{\mathrm{mach}} = \beta^{1-p} = 2^{1-p}

    for a binary format with ``p`` significand bits (``p = 53`` for
    float64, so :math:`\varepsilon_{\mathrm{mach}} = 2^{-52}`).

    Parameters
    ----------
    dtype : numpy floating dtype, default float64

    Returns
    -------
    float
        ``np.finfo(dtype).eps`` computed from the grid itself.
    """
    dt = _float_dtype(dtype)
    one = dt.type(1)
    # The next float after 1, found on the grid (not looked up).
    return float(np.nextafter(one, dt.type(2)) - one)


def unit_roundoff(dtype: Any = np.float64) -> float:
    r"""Unit roundoff :math:`u`: the largest relative error of rounding.

    .. math::

        u = \tfrac12 \varepsilon_{\mathrm{mach}} = 2^{-p}

    Round-to-nearest moves a real number in the normal range by at most
    half a gap, i.e. by a relative amount of at most ``u``.

    Parameters
    ----------
    dtype : numpy floating dtype, default float64

    Returns
    -------
    float
        ``2**-53`` for float64, ``2**-24`` for float32.
    """
    return 0.5 * machine_epsilon(dtype)


def ulp(x, dtype: Any = np.float64) -> np.ndarray:
    r"""Unit in the last place: the gap from ``|x|`` to the next float.

    .. math::

        \operatorname{ulp}(x) = 2^{\lfloor \log_2 |x| \rfloor}\,
        \varepsilon_{\mathrm{mach}} \quad (x \text{ normal})

    Parameters
    ----------
    x : array_like
        Points (finite) at which to measure the spacing; they are first
        rounded to ``dtype``.
    dtype : numpy floating dtype, default float64

    Returns
    -------
    numpy.ndarray
        Positive spacings, same shape as ``x`` (``math.ulp`` for float64).
    """
    dt = _float_dtype(dtype)
    x = as_float_array(x, "x", allow_empty=True).astype(dt)
    ax = np.abs(x)
    # The largest float has no successor; the gap just below it is the same
    # (same binade), which is what math.ulp reports.
    top = np.finfo(dt).max
    ax = np.where(ax == top, np.nextafter(top, dt.type(0)), ax)
    # np.spacing is signed (it points away from zero); the ulp is a size.
    return np.abs(np.spacing(ax))


# ---------------------------------------------------------------------------
# Errors and high-precision references
# ---------------------------------------------------------------------------

def _is_decimal_array(exact: Any) -> bool:
    """True if ``exact`` holds :class:`decimal.Decimal` values."""
    if isinstance(exact, np.ndarray) and exact.dtype != object:
        return False
    arr = np.asarray(exact, dtype=object)
    return arr.size > 0 and all(isinstance(v, Decimal) for v in arr.flat)


def absolute_error(approx, exact) -> np.ndarray:
    r"""Absolute error :math:`|\hat y - y|`.

    Parameters
    ----------
    approx : array_like
        Computed values :math:`\hat y` (NaN/inf allowed: they propagate).
    exact : array_like
        Reference values :math:`y`, finite, broadcastable with ``approx``.

    Returns
    -------
    numpy.ndarray
    """
    approx = as_float_array(approx, "approx", allow_nan=True, allow_empty=True)
    exact = as_float_array(exact, "exact", allow_empty=True)
    _check_broadcast(approx, exact)
    return np.abs(approx - exact)


def _check_broadcast(approx: np.ndarray, exact: np.ndarray) -> None:
    try:
        np.broadcast_shapes(approx.shape, exact.shape)
    except ValueError as exc:
        raise ValueError(
            f"approx and exact must broadcast, got shapes "
            f"{approx.shape} and {exact.shape}"
        ) from exc


def relative_error(approx, exact, *, digits: int = REFERENCE_DIGITS) -> np.ndarray:
    r"""Relative error :math:`|\hat y - y| / |y|`.

    .. math::

        \operatorname{relerr}(\hat y, y) = \frac{|\hat y - y|}{|y|},
        \qquad y \neq 0.

    Where ``exact == 0`` the relative error is undefined; this function
    returns ``0.0`` if ``approx`` is exactly zero there too and ``inf``
    otherwise, so an exact zero is never reported as "accurate" by accident.

    Parameters
    ----------
    approx : array_like
        Computed values (NaN/inf allowed: they propagate).
    exact : array_like of float or of :class:`decimal.Decimal`
        Reference values. With ``Decimal`` references (from
        :func:`decimal_eval` with ``as_decimal=True``) the difference is
        formed in ``digits``-digit decimal arithmetic, so the reference is
        never rounded to float64 first; ``exact`` must then have the shape
        of ``approx``.
    digits : int, default 50
        Working precision for ``Decimal`` references.

    Returns
    -------
    numpy.ndarray
        Non-negative relative errors (float64), shape of the broadcast.
    """
    if _is_decimal_array(exact):
        return _relative_error_decimal(approx, exact, digits)
    approx = as_float_array(approx, "approx", allow_nan=True, allow_empty=True)
    exact = as_float_array(exact, "exact", allow_empty=True)
    _check_broadcast(approx, exact)
    diff = np.abs(approx - exact)
    scale = np.abs(exact)
    nonzero = scale > 0
    # exact == 0: 0 if approx is also 0, inf otherwise (documented above).
    fallback = np.where(diff == 0, 0.0, np.inf)
    out = np.divide(diff, scale, out=np.zeros(np.broadcast(diff, scale).shape),
                    where=nonzero)
    return np.where(nonzero, out, fallback)


def _relative_error_decimal(approx, exact, digits: int) -> np.ndarray:
    digits = check_positive_int(digits, "digits", minimum=20)
    approx = as_float_array(approx, "approx", allow_nan=True, allow_empty=True)
    exact = np.asarray(exact, dtype=object)
    if approx.shape != exact.shape:
        raise ValueError(
            f"approx must have the shape of exact, got shapes "
            f"{approx.shape} and {exact.shape}"
        )
    out = np.empty(approx.shape)
    with localcontext() as ctx:
        ctx.prec = digits
        for idx, (a, e) in enumerate(zip(approx.flat, exact.flat)):
            if not np.isfinite(a):
                out.flat[idx] = np.nan if np.isnan(a) else np.inf
            elif e == 0:
                out.flat[idx] = 0.0 if a == 0 else np.inf
            else:
                # Decimal(float) is exact: the only rounding is in `digits`.
                out.flat[idx] = float(abs(Decimal(float(a)) - e) / abs(e))
    return out


def _to_decimal(value: Any, name: str) -> Decimal:
    """Exact conversion of a float, int, str or Decimal to Decimal."""
    if isinstance(value, Decimal):
        out = value
    elif isinstance(value, (str, np.str_)):
        try:
            out = Decimal(str(value))
        except ArithmeticError as exc:
            raise ValueError(f"{name} has a non-numeric string {value!r}") from exc
    else:
        out = Decimal(float(value))  # every binary float is a finite decimal
    if not out.is_finite():
        raise ValueError(f"{name} must be finite, got {value!r}")
    return out


def decimal_eval(
    func: Callable[[Decimal], Decimal],
    x,
    *,
    digits: int = REFERENCE_DIGITS,
    as_decimal: bool = False,
) -> np.ndarray:
    r"""Evaluate ``func`` elementwise in ``digits``-digit decimal arithmetic.

    This is the book's high-precision oracle. Each input is converted to
    :class:`decimal.Decimal` *exactly* (a float64 is a finite binary
    fraction; a string such as ``"1.0000001"`` is the decimal number it
    spells), then ``func`` runs with ``digits`` significant digits, so
    its rounding error is about :math:`10^{-\text{digits}}` relative.

    Parameters
    ----------
    func : callable
        Maps a ``Decimal`` to a ``Decimal``; ``Decimal.sqrt``,
        ``Decimal.ln``, ``Decimal.exp`` or a lambda combining them.
    x : array_like of float, or sequence of str
        Inputs. Strings let the data be a decimal number that float64
        cannot store exactly.
    digits : int, default 50
        Significant decimal digits (>= 20).
    as_decimal : bool, default False
        Return the ``Decimal`` results (object array) instead of rounding
        them to the nearest float64.

    Returns
    -------
    numpy.ndarray
        Shape of ``x``; float64, or object dtype if ``as_decimal``.
    """
    if not callable(func):
        raise ValueError(f"func must be callable, got {type(func).__name__}")
    digits = check_positive_int(digits, "digits", minimum=20)
    arr = np.asarray(x, dtype=object)
    if arr.size == 0:
        raise ValueError(f"x must not be empty, got shape {arr.shape}")
    out = np.empty(arr.shape, dtype=object)
    with localcontext() as ctx:
        ctx.prec = digits
        for idx, value in enumerate(arr.flat):
            out.flat[idx] = func(_to_decimal(value, "x"))
    if as_decimal:
        return out
    # float(Decimal) rounds correctly to the nearest float64.
    return np.array([float(v) for v in out.flat]).reshape(arr.shape)


# ---------------------------------------------------------------------------
# Conditioning
# ---------------------------------------------------------------------------

def condition_number(
    f: Callable[[np.ndarray], np.ndarray],
    x,
    *,
    df: Callable[[np.ndarray], np.ndarray] | None = None,
    h: float | None = None,
) -> np.ndarray:
    r"""Relative condition number of a scalar function.

    .. math::

        \kappa_f(x) = \left| \frac{x\, f'(x)}{f(x)} \right|

    A relative perturbation :math:`\delta` of the input moves the output by
    about :math:`\kappa_f(x)\,\delta` relative. It is a property of the
    problem :math:`x \mapsto f(x)`, not of any algorithm.

    Parameters
    ----------
    f : callable
        Vectorised function :math:`f`.
    x : array_like
        Finite points.
    df : callable, optional
        The derivative :math:`f'`. If omitted, a central difference with
        step ``h`` is used.
    h : float, optional
        Finite-difference step; default
        :math:`\varepsilon_{\mathrm{mach}}^{1/3} \max(1, |x|)`, which
        balances truncation and rounding error.

    Returns
    -------
    numpy.ndarray
        :math:`\kappa_f(x)`, shape of ``x``; ``inf`` where :math:`f(x)=0`
        (a relative error of a zero output is undefined).
    """
    if not callable(f):
        raise ValueError(f"f must be callable, got {type(f).__name__}")
    if df is not None and not callable(df):
        raise ValueError(f"df must be callable or None, got {type(df).__name__}")
    x = as_float_array(x, "x")
    fx = np.asarray(f(x), dtype=np.float64)
    if df is not None:
        dfx = np.asarray(df(x), dtype=np.float64)
    else:
        step = (np.cbrt(machine_epsilon()) * np.maximum(1.0, np.abs(x))
                if h is None else check_finite_scalar(h, "h", positive=True))
        dfx = (np.asarray(f(x + step)) - np.asarray(f(x - step))) / (2 * step)
    num = np.abs(x * dfx)
    den = np.abs(fx)
    out = np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.inf),
                    where=den > 0)
    return out


def subtraction_condition(a, b) -> np.ndarray:
    r"""Condition number of the subtraction :math:`a - b`.

    .. math::

        \kappa_{-}(a, b) = \frac{|a| + |b|}{|a - b|}

    Relative errors of size :math:`\delta` in ``a`` and ``b`` can produce a
    relative error of :math:`\kappa_{-}\,\delta` in :math:`a - b`: large
    when :math:`a \approx b` (cancellation).

    Parameters
    ----------
    a, b : array_like
        Finite operands, broadcastable.

    Returns
    -------
    numpy.ndarray
        ``inf`` where ``a == b``.
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError as exc:
        raise ValueError(
            f"a and b must broadcast, got shapes {a.shape} and {b.shape}"
        ) from exc
    num = np.abs(a) + np.abs(b)
    den = np.abs(a - b)
    return np.divide(num, den, out=np.full(shape, np.inf), where=den > 0)


# ---------------------------------------------------------------------------
# sqrt(x + 1) - sqrt(x): one function, two algorithms
# ---------------------------------------------------------------------------

def _nonneg(x, name: str = "x") -> np.ndarray:
    x = as_float_array(x, name)
    if np.any(x < 0):
        raise ValueError(f"{name} must be >= 0, got min {x.min()!r}")
    return x


def sqrt_diff_naive(x) -> np.ndarray:
    r"""Naive :math:`f(x) = \sqrt{x+1} - \sqrt{x}`: subtracts close numbers.

    Parameters
    ----------
    x : array_like
        Non-negative inputs.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``. Loses about :math:`\log_{10}(4x)` digits; from
        about ``x = 2**52`` the two square roots often round to the same
        float (result 0), and for every ``x >= 2**54`` ``fl(x + 1) == x``.
    """
    x = _nonneg(x)
    return np.sqrt(x + 1.0) - np.sqrt(x)


def sqrt_diff_stable(x) -> np.ndarray:
    r"""Stable :math:`f(x)` via the conjugate: no subtraction at all.

    .. math::

        \sqrt{x+1} - \sqrt{x} = \frac{1}{\sqrt{x+1} + \sqrt{x}}

    Parameters
    ----------
    x : array_like
        Non-negative inputs.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``; relative error a few units of roundoff.
    """
    x = _nonneg(x)
    return 1.0 / (np.sqrt(x + 1.0) + np.sqrt(x))


def sqrt_diff_condition(x) -> np.ndarray:
    r"""Condition number of :math:`f(x) = \sqrt{x+1} - \sqrt{x}`.

    From :math:`f'(x) = -f(x) / (2\sqrt{x(x+1)})`,

    .. math::

        \kappa_f(x) = \frac{1}{2}\sqrt{\frac{x}{x+1}} < \frac12 :

    the *problem* is perfectly well conditioned for every ``x >= 0``.

    Parameters
    ----------
    x : array_like
        Non-negative inputs.
    """
    x = _nonneg(x)
    return 0.5 * np.sqrt(x / (x + 1.0))


def _sqrt_diff_decimal(d: Decimal) -> Decimal:
    # The naive formula on purpose: with 50 digits it can afford to cancel.
    return (d + 1).sqrt() - d.sqrt()


def sqrt_diff_reference(
    x, *, digits: int = REFERENCE_DIGITS, as_decimal: bool = False
) -> np.ndarray:
    r"""High-precision :math:`\sqrt{x+1} - \sqrt{x}` with :mod:`decimal`.

    The naive formula evaluated with ``digits`` significant digits; it
    cancels about :math:`\log_{10}(4x)` of them and keeps the rest.

    Parameters
    ----------
    x : array_like
        Non-negative inputs (floats are converted exactly).
    digits : int, default 50
    as_decimal : bool, default False
        Return ``Decimal`` values instead of float64.
    """
    x = _nonneg(x)
    return decimal_eval(_sqrt_diff_decimal, x, digits=digits,
                        as_decimal=as_decimal)


class CancellationReport(NamedTuple):
    """Naive vs stable :math:`\\sqrt{x+1}-\\sqrt{x}` against the oracle."""

    x: np.ndarray           # (n,) inputs
    naive: np.ndarray       # (n,) sqrt_diff_naive(x)
    stable: np.ndarray      # (n,) sqrt_diff_stable(x)
    exact: np.ndarray       # (n,) reference rounded to float64
    err_naive: np.ndarray   # (n,) relative error of naive
    err_stable: np.ndarray  # (n,) relative error of stable


def cancellation_experiment(x, *, digits: int = REFERENCE_DIGITS) -> CancellationReport:
    """Relative errors of both sqrt-difference formulas on a grid.

    Errors are measured against the ``digits``-digit decimal reference
    *before* it is rounded to float64, so an error is never reported as
    exactly zero just because the reference rounded onto the answer.

    Parameters
    ----------
    x : array_like, shape (n,)
        Non-negative inputs.
    digits : int, default 50

    Returns
    -------
    CancellationReport
    """
    x = _nonneg(as_float_array(x, "x", ndim=1))
    exact_dec = sqrt_diff_reference(x, digits=digits, as_decimal=True)  # (n,)
    naive = sqrt_diff_naive(x)
    stable = sqrt_diff_stable(x)
    return CancellationReport(
        x=x,
        naive=naive,
        stable=stable,
        exact=np.array([float(v) for v in exact_dec]),
        err_naive=relative_error(naive, exact_dec, digits=digits),
        err_stable=relative_error(stable, exact_dec, digits=digits),
    )


# ---------------------------------------------------------------------------
# log1p / expm1
# ---------------------------------------------------------------------------

def log1p_naive(x) -> np.ndarray:
    r"""Naive :math:`\log(1 + x)`: rounds :math:`1 + x` before the log.

    For :math:`|x| < u`, ``1 + x`` rounds to 1 and the result is 0;
    ``np.log1p`` keeps full relative accuracy.

    Parameters
    ----------
    x : array_like
        Inputs with ``x > -1``.
    """
    x = as_float_array(x, "x")
    if np.any(x <= -1):
        raise ValueError(f"x must be > -1, got min {x.min()!r}")
    return np.log(1.0 + x)


def expm1_naive(x) -> np.ndarray:
    r"""Naive :math:`e^x - 1`: cancels for small :math:`|x|`.

    Compare with ``np.expm1``, which is accurate for tiny ``x``.

    Parameters
    ----------
    x : array_like
        Finite inputs with ``x <= 709`` (above, ``exp`` overflows).
    """
    x = as_float_array(x, "x")
    if np.any(x > 709.0):
        raise ValueError(f"x must be <= 709 (exp overflows), got max {x.max()!r}")
    return np.exp(x) - 1.0


# ---------------------------------------------------------------------------
# Quadratic roots
# ---------------------------------------------------------------------------

class QuadraticRoots(NamedTuple):
    """The two real roots of :math:`a x^2 + b x + c`, by magnitude."""

    small: float  # root of smaller |.|
    large: float  # root of larger |.|


def _quadratic_coeffs(a, b, c) -> tuple[float, float, float, float]:
    a = check_finite_scalar(a, "a")
    b = check_finite_scalar(b, "b")
    c = check_finite_scalar(c, "c")
    if a == 0:
        raise ValueError("a must be nonzero (not a quadratic), got 0.0")
    disc = b * b - 4.0 * a * c
    if disc < 0:
        raise ValueError(
            f"a, b, c give complex roots (b^2 - 4ac = {disc!r} < 0)"
        )
    return a, b, c, disc


def _by_magnitude(r1: float, r2: float) -> QuadraticRoots:
    return QuadraticRoots(*sorted((float(r1), float(r2)), key=abs))


def quadratic_roots_naive(a, b, c) -> QuadraticRoots:
    r"""Textbook roots :math:`(-b \pm \sqrt{b^2 - 4ac}) / (2a)`.

    When :math:`b^2 \gg |4ac|` one of the two numerators subtracts nearly
    equal numbers and that root loses most of its digits.

    Parameters
    ----------
    a, b, c : float
        Real coefficients with ``a != 0`` and ``b**2 >= 4*a*c``.

    Returns
    -------
    QuadraticRoots
    """
    a, b, c, disc = _quadratic_coeffs(a, b, c)
    s = np.sqrt(disc)
    return _by_magnitude((-b + s) / (2 * a), (-b - s) / (2 * a))


def quadratic_roots_stable(a, b, c) -> QuadraticRoots:
    r"""Roots without cancellation, via :math:`x_1 x_2 = c/a`.

    .. math::

        q = -\tfrac12\big(b + \operatorname{sign}(b)\sqrt{b^2 - 4ac}\big),
        \qquad x_1 = \frac{q}{a}, \qquad x_2 = \frac{c}{q}

    The sign choice makes :math:`b` and :math:`\operatorname{sign}(b)\sqrt{\cdot}`
    add, never cancel (Higham 2002, ch. 1).

    Parameters
    ----------
    a, b, c : float
        Real coefficients with ``a != 0`` and ``b**2 >= 4*a*c``.

    Returns
    -------
    QuadraticRoots
    """
    a, b, c, disc = _quadratic_coeffs(a, b, c)
    q = -0.5 * (b + np.copysign(np.sqrt(disc), b))
    if q == 0.0:  # b == 0 and c == 0: double root at zero
        return QuadraticRoots(0.0, 0.0)
    return _by_magnitude(q / a, c / q)


# ---------------------------------------------------------------------------
# Overflow: log-sum-exp and softmax
# ---------------------------------------------------------------------------

def _scores(a, name: str = "a") -> np.ndarray:
    """Float array that may hold -inf (a zero weight) but no NaN or +inf."""
    a = as_float_array(a, name, allow_nan=True)
    if np.any(np.isnan(a)) or np.any(a == np.inf):
        raise ValueError(f"{name} must not contain NaN or +inf, shape {a.shape}")
    return a


def logsumexp(a, axis: int | None = None) -> np.ndarray | float:
    r"""Log-sum-exp computed without overflow.

    .. math::

        \operatorname{LSE}(a) = \log \sum_i e^{a_i}
        = m + \log \sum_i e^{a_i - m}, \qquad m = \max_i a_i

    Every shifted exponent is :math:`\le 0`, so nothing overflows and the
    largest term is exactly 1, so the sum cannot underflow to zero.

    Parameters
    ----------
    a : array_like
        Finite values or ``-inf`` (a term of weight zero).
    axis : int, optional
        Axis to reduce; ``None`` reduces everything.

    Returns
    -------
    numpy.ndarray or float
        The reduced array (``-inf`` for an all ``-inf`` slice).
    """
    a = _scores(a)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # all -inf slice: shift by 0
    with np.errstate(divide="ignore"):    # log(0) = -inf is the right answer
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)


def logsumexp_naive(a, axis: int | None = None) -> np.ndarray | float:
    r"""Log-sum-exp as written, :math:`\log \sum_i e^{a_i}`.

    Returns ``inf`` once some :math:`a_i \gtrsim 709.78` (``exp`` overflows)
    and ``-inf`` once every :math:`a_i \lesssim -745` (``exp`` underflows);
    the floating-point warnings are silenced because this *is* the demo.

    Parameters
    ----------
    a : array_like
    axis : int, optional
    """
    a = _scores(a)
    with np.errstate(over="ignore", divide="ignore"):
        out = np.log(np.sum(np.exp(a), axis=axis))
    return float(out) if axis is None else out


def softmax(a, axis: int = -1) -> np.ndarray:
    r"""Softmax with the max-shift: :math:`e^{a_i - m} / \sum_j e^{a_j - m}`.

    .. math::

        \operatorname{softmax}(a)_i = \frac{e^{a_i}}{\sum_j e^{a_j}}
        = \exp\big(a_i - \operatorname{LSE}(a)\big)

    Parameters
    ----------
    a : array_like
        Scores; ``-inf`` masks an entry, but a slice may not be all ``-inf``.
    axis : int, default -1

    Returns
    -------
    numpy.ndarray
        Non-negative, sums to 1 along ``axis``; shape of ``a``.
    """
    a = _scores(a)
    m = np.max(a, axis=axis, keepdims=True)
    if np.any(np.isneginf(m)):
        raise ValueError(f"a has a slice that is all -inf along axis {axis}")
    e = np.exp(a - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_naive(a, axis: int = -1) -> np.ndarray:
    r"""Softmax as written, :math:`e^{a_i} / \sum_j e^{a_j}`.

    Large scores overflow to ``inf / inf = nan``; warnings are silenced
    because this is the demonstration of that failure.

    Parameters
    ----------
    a : array_like
    axis : int, default -1
    """
    a = _scores(a)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a)
        return e / np.sum(e, axis=axis, keepdims=True)
