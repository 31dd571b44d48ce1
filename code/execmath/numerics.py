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

import math
import numbers
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_axis,
    check_callable,
    check_finite_scalar,
    check_positive_int,
    pow2_scale,
)

__all__ = [
    "FLOAT_FORMATS",
    "CancellationReport",
    "FloatFormat",
    "QuadraticRoots",
    "absolute_error",
    "cancellation_experiment",
    "condition_number",
    "decimal_eval",
    "expm1_naive",
    "float_format",
    "log1p_naive",
    "logsumexp",
    "logsumexp_naive",
    "machine_epsilon",
    "quadratic_roots_naive",
    "quadratic_roots_stable",
    "relative_error",
    "round_to_format",
    "softmax",
    "softmax_naive",
    "sqrt_diff_backward_error",
    "sqrt_diff_condition",
    "sqrt_diff_naive",
    "sqrt_diff_reference",
    "sqrt_diff_stable",
    "subtraction_condition",
    "ulp",
    "unit_roundoff",
]

#: Default number of significant decimal digits of the reference values.
#: Double precision carries about 16, so 50 leave a wide margin. A
#: reference that cancels digits itself (:func:`sqrt_diff_reference`) adds
#: the digits it will lose to this by default.
REFERENCE_DIGITS = 50

#: Most decimal digits a reference may ask for: enough for any float64
#: input (whose exact decimal expansion has at most 767 significant
#: digits), and small enough that a typo cannot exhaust the memory.
MAX_DIGITS = 10_000


# ---------------------------------------------------------------------------
# The floating-point grid
# ---------------------------------------------------------------------------

def _float_dtype(dtype: Any, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as a NumPy floating dtype or raise ValueError."""
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"{name} must be a floating dtype, got {dtype!r}") from exc
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

    Examples
    --------
    >>> machine_epsilon() == 2.0**-52
    True
    >>> machine_epsilon(np.float32) == 2.0**-23
    True
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

    Examples
    --------
    >>> unit_roundoff() == 2.0**-53
    True
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

    Examples
    --------
    >>> ulp([1.0, 2.0**52]).tolist()
    [2.220446049250313e-16, 1.0]
    >>> float(ulp(1.0, np.float32)) == 2.0**-23
    True
    """
    dt = _float_dtype(dtype)
    x = as_float_array(x, "x", allow_empty=True)
    top = float(np.finfo(dt).max)
    if x.size and float(np.max(np.abs(x))) > top:
        raise ValueError(
            f"x must lie within the range of {dt.name} (|x| <= {top:.4g}), "
            f"got max |x| = {float(np.max(np.abs(x))):.4g}"
        )
    x = x.astype(dt)
    ax = np.abs(x)
    # The largest float has no successor; the gap just below it is the same
    # (same binade), which is what math.ulp reports.
    top = np.finfo(dt).max
    ax = np.where(ax == top, np.nextafter(top, dt.type(0)), ax)
    # np.spacing is signed (it points away from zero); the ulp is a size.
    return np.abs(np.spacing(ax))


class FloatFormat(NamedTuple):
    """The parameters of a binary floating-point format (:func:`float_format`)."""

    name: str
    p: int        # significand bits, the implicit leading bit included
    emax: int     # exponent of the top binade; emin = 1 - emax
    eps: float    # machine epsilon 2**(1 - p)
    u: float      # unit roundoff 2**-p
    max: float    # largest finite value (2 - 2**(1 - p)) * 2**emax
    tiny: float   # smallest positive normal value 2**(1 - emax)


#: Significand bits ``p`` and top exponent ``emax`` of the binary formats
#: the book meets: IEEE half, single and double precision, and Google's
#: ``bfloat16`` (the top 16 bits of a ``float32``: its 8 exponent bits and
#: 8 significand bits).
FLOAT_FORMATS = {
    "float16": (11, 15),
    "bfloat16": (8, 127),
    "float32": (24, 127),
    "float64": (53, 1023),
}


def _check_format(value: Any, name: str) -> str:
    """Return ``value`` if it names a format of :data:`FLOAT_FORMATS`."""
    if not isinstance(value, str):
        raise InputTypeError(
            f"{name} must be a str, one of {', '.join(FLOAT_FORMATS)}; got "
            f"{type(value).__name__}")
    if value not in FLOAT_FORMATS:
        raise ValueError(f"{name} must be one of {', '.join(FLOAT_FORMATS)}, "
                         f"got {value!r}")
    return value


def float_format(name: str) -> FloatFormat:
    r"""Machine epsilon, unit roundoff and range of a binary format.

    A binary format with ``p`` significand bits and exponents
    :math:`e_{\min} = 1 - e_{\max} \le e \le e_{\max}` has

    .. math::

        \varepsilon_{\mathrm{mach}} = 2^{1-p}, \quad u = 2^{-p}, \quad
        x_{\max} = (2 - 2^{1-p})\,2^{e_{\max}}, \quad
        x_{\min} = 2^{e_{\min}},

    where :math:`x_{\min}` is the smallest positive normal number. These
    are the ``eps / 2``, ``max`` and ``tiny`` of ``np.finfo`` and
    ``torch.finfo``, computed from ``p`` and :math:`e_{\max}` alone, so
    ``bfloat16``, which NumPy lacks, needs no other library.

    Parameters
    ----------
    name : str
        A key of :data:`FLOAT_FORMATS`.

    Returns
    -------
    FloatFormat

    Examples
    --------
    >>> f = float_format("float16")
    >>> f.p, f.u == 2.0**-11, f.max, f.tiny == 2.0**-14
    (11, True, 65504.0, True)
    >>> float_format("bfloat16").eps == 2.0**-7
    True
    """
    p, emax = FLOAT_FORMATS[_check_format(name, "name")]
    return FloatFormat(name=name, p=p, emax=emax, eps=2.0 ** (1 - p),
                       u=2.0 ** -p,
                       max=math.ldexp(2.0 - 2.0 ** (1 - p), emax),
                       tiny=2.0 ** (1 - emax))


def round_to_format(x, fmt: str) -> np.ndarray:
    r"""Round real numbers to a binary format, to nearest with ties to even.

    A nonzero :math:`x = m\,2^{e}` with :math:`\tfrac12 \le \lvert m
    \rvert < 1` keeps ``p`` significant bits, so it is rounded to a
    multiple of the quantum

    .. math::

        q(x) = 2^{\max(e - 1,\ e_{\min}) - p + 1}

    (the ulp in the normal range; below :math:`2^{e_{\min}}` the quantum
    stays fixed: the subnormal numbers). A tie goes to the even multiple,
    and a result beyond the largest finite value becomes
    :math:`\pm\infty`, as IEEE 754 rounding does. This is what a cast to
    the format computes: ``x.astype(np.float16)``, or for a ``float32``
    value ``t.to(torch.bfloat16)`` in PyTorch, which keeps the top 16
    bits of the ``float32`` after rounding the lower 16 to nearest even.

    Parameters
    ----------
    x : array_like
        Finite real numbers (as float64).
    fmt : str
        A key of :data:`FLOAT_FORMATS`.

    Returns
    -------
    numpy.ndarray of float64, same shape as ``x``
        The rounded values, exactly representable in ``fmt``; ``inf`` where
        ``x`` overflows the format.

    Examples
    --------
    >>> round_to_format([70_000.0, 1.0 + 2.0**-9], "float16").tolist()
    [inf, 1.001953125]
    >>> round_to_format([70_000.0, 1.0 + 2.0**-9], "bfloat16").tolist()
    [70144.0, 1.0]
    """
    f = float_format(_check_format(fmt, "fmt"))
    x = as_float_array(x, "x", allow_empty=True)
    _, e = np.frexp(x)                          # x = m 2**e, e = 0 for x = 0
    k = np.maximum(e - 1, 1 - f.emax) - f.p + 1         # quantum 2**k
    with np.errstate(over="ignore"):
        # both scalings by 2**k are exact (x / 2**k has magnitude below
        # 2**p); rint rounds half to even; the product may overflow to inf.
        y = np.ldexp(np.rint(np.ldexp(x, -k)), k)
    return np.where(np.abs(y) > f.max, np.copysign(np.inf, x), y)


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

    An error measure must never make a failure look like a success, so a
    NaN or infinite ``approx`` gives an error of ``inf`` (``NaN`` would
    compare as "not larger than the tolerance"). The difference of two
    finite floats can exceed the largest float (``1e308 - (-1e308)``);
    that error is ``inf`` as well, without a warning.

    Parameters
    ----------
    approx : array_like
        Computed values :math:`\hat y` (NaN/inf allowed: error ``inf``).
    exact : array_like
        Reference values :math:`y`, finite, broadcastable with ``approx``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> absolute_error([1.0, 2.0, np.nan], [1.0, 2.5, 3.0]).tolist()
    [0.0, 0.5, inf]
    """
    approx = as_float_array(approx, "approx", allow_nan=True, allow_empty=True)
    exact = as_float_array(exact, "exact", allow_empty=True)
    _check_broadcast(approx, exact)
    with np.errstate(over="ignore", invalid="ignore"):
        diff = np.abs(approx - exact)
    return np.where(np.isfinite(approx), diff, np.inf)


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
    A NaN or infinite ``approx`` has relative error ``inf`` (a failure is
    never reported as NaN, which no tolerance test catches).

    Both values are scaled by the power of two of ``exact`` before the
    subtraction, so ``relative_error(1e308, -1e308)`` is 2 (not ``inf``)
    and a subnormal ``exact`` does not overflow the quotient.

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

    Examples
    --------
    >>> relative_error([1.0, 2.2], [1.0, 2.0]).round(12).tolist()
    [0.0, 0.1]
    >>> relative_error([1e308, np.nan], [-1e308, 1.0]).tolist()
    [2.0, inf]
    """
    if _is_decimal_array(exact):
        return _relative_error_decimal(approx, exact, digits)
    approx = as_float_array(approx, "approx", allow_nan=True, allow_empty=True)
    exact = as_float_array(exact, "exact", allow_empty=True)
    _check_broadcast(approx, exact)
    approx, exact = np.broadcast_arrays(approx, exact)
    # Scale both by 2**-e, with e the exponent of exact: exact (a power of
    # two), and it keeps the difference and the quotient in range.
    _, e = np.frexp(exact)
    with np.errstate(over="ignore", invalid="ignore"):
        ys = np.ldexp(exact, -e)                    # |ys| in [0.5, 1) or 0
        xs = np.ldexp(approx, -e)                   # inf only if hopeless
        diff = np.abs(xs - ys)
    nonzero = exact != 0
    # exact == 0: 0 if approx is also 0, inf otherwise (documented above).
    fallback = np.where(approx == 0, 0.0, np.inf)
    out = np.divide(diff, np.abs(ys), out=np.zeros(diff.shape),
                    where=nonzero)
    out = np.where(nonzero, out, fallback)
    return np.where(np.isfinite(approx) & ~np.isnan(out), out, np.inf)


def _relative_error_decimal(approx, exact, digits: int) -> np.ndarray:
    digits = check_positive_int(digits, "digits", minimum=20,
                                maximum=MAX_DIGITS)
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
            if not e.is_finite():
                raise ValueError(f"exact must be finite, got {e!r}")
            if not np.isfinite(a):
                out.flat[idx] = np.inf       # a failure, never NaN
            elif e == 0:
                out.flat[idx] = 0.0 if a == 0 else np.inf
            else:
                # Decimal(float) is exact: the only rounding is in `digits`.
                ratio = abs(Decimal(float(a)) - e) / abs(e)
                # float() of a Decimal beyond the range gives inf: the
                # relative error then really is off the scale.
                out.flat[idx] = float(ratio)
    return out


def _to_decimal(value: Any, name: str) -> Decimal:
    """Exact conversion of a float, int, str or Decimal to Decimal.

    Strings are allowed here on purpose: they spell decimal numbers that
    float64 cannot store (``"1.0000001"``). Bools, complex numbers, None
    and other objects are rejected.
    """
    if isinstance(value, Decimal):
        out = value
    elif isinstance(value, (str, np.str_)):
        try:
            out = Decimal(str(value))
        except ArithmeticError as exc:
            raise ValueError(f"{name} has a non-numeric string {value!r}") from exc
    elif isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Real):
        raise InputTypeError(
            f"{name} must hold real numbers or numeric strings, got "
            f"{type(value).__name__} {value!r:.40}"
        )
    elif isinstance(value, (int, np.integer)):
        out = Decimal(int(value))    # exact, also beyond 2**53
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
        Significant decimal digits, in ``[20, 10000]``.
    as_decimal : bool, default False
        Return the ``Decimal`` results (object array) instead of rounding
        them to the nearest float64.

    Returns
    -------
    numpy.ndarray
        Shape of ``x``; float64, or object dtype if ``as_decimal``.

    Raises
    ------
    ValueError
        If ``func`` fails at an input (e.g. the square root of a negative
        number), or a result is not finite or, without ``as_decimal``,
        outside the float64 range.

    Examples
    --------
    >>> from decimal import Decimal
    >>> decimal_eval(Decimal.sqrt, [2.0], digits=30, as_decimal=True)[0]
    Decimal('1.41421356237309504880168872421')
    >>> decimal_eval(Decimal.sqrt, ["2"]).tolist()
    [1.4142135623730951]
    """
    check_callable(func, "func")
    digits = check_positive_int(digits, "digits", minimum=20,
                                maximum=MAX_DIGITS)
    arr = _decimal_inputs(x)
    out = np.empty(arr.shape, dtype=object)
    with localcontext() as ctx:
        ctx.prec = digits
        for idx, value in enumerate(arr.flat):
            d = _to_decimal(value, "x")
            try:
                r = func(d)
            except ArithmeticError as exc:
                raise ValueError(
                    f"func failed at x = {value!r:.40}: "
                    f"{type(exc).__name__}") from exc
            if not isinstance(r, Decimal) or not r.is_finite():
                raise ValueError(
                    f"func must return a finite Decimal, got {r!r:.40} at "
                    f"x = {value!r:.40}")
            out.flat[idx] = r
    if as_decimal:
        return out
    # float(Decimal) rounds correctly to the nearest float64.
    vals = np.array([float(v) for v in out.flat]).reshape(arr.shape)
    if not np.all(np.isfinite(vals)):
        raise ValueError(
            "func(x) is outside the float64 range at some x; pass "
            "as_decimal=True to keep the Decimal results")
    return vals


def _decimal_inputs(x: Any) -> np.ndarray:
    """An object array of the inputs of :func:`decimal_eval`."""
    if x is None:
        raise InputTypeError("x must be numbers or numeric strings, got None")
    try:
        arr = np.asarray(x, dtype=object)
        if arr.dtype == object and arr.ndim and any(
                isinstance(v, (list, tuple, np.ndarray)) for v in arr.flat):
            raise ValueError("ragged")
    except ValueError as exc:
        raise InputTypeError(
            f"x must be a rectangular array of numbers or numeric strings, "
            f"got {type(x).__name__}") from exc
    if arr.size == 0:
        raise ValueError(f"x must not be empty, got shape {arr.shape}")
    return arr


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
        (a relative error of a zero output is undefined) or where
        :math:`\kappa_f(x)` exceeds the largest float.

    Raises
    ------
    ValueError
        If ``f`` (or ``df``, or ``f`` at the difference points) is not
        finite at some ``x``: the condition number is then undefined.

    Examples
    --------
    >>> condition_number(np.log, [np.e, 1.001], df=np.reciprocal).round(1).tolist()
    [1.0, 1000.5]
    """
    check_callable(f, "f")
    if df is not None:
        check_callable(df, "df")
    x = as_float_array(x, "x")
    step = None
    if df is None:
        step = (np.cbrt(machine_epsilon()) * np.maximum(1.0, np.abs(x))
                if h is None else check_finite_scalar(h, "h", positive=True))
    # Evaluate quietly; non-finite values are judged just below.
    with np.errstate(all="ignore"):
        fx = _values(f, x, "f")
        if df is not None:
            dfx = _values(df, x, "df")
        else:
            dfx = (_values(f, x + step, "f") - _values(f, x - step, "f")) \
                / (2 * step)
    bad = ~(np.isfinite(fx) & np.isfinite(dfx))
    if np.any(bad):
        where = float(np.broadcast_to(x, bad.shape)[bad].flat[0])
        raise ValueError(
            f"f(x) and its derivative must be finite at every x for a "
            f"condition number, got {int(bad.sum())} non-finite values "
            f"(first at x = {where!r})"
        )
    with np.errstate(over="ignore"):    # kappa beyond the range is inf
        num = np.abs(x) * np.abs(dfx)
        den = np.abs(fx)
        out = np.divide(num, den,
                        out=np.full(np.broadcast(num, den).shape, np.inf),
                        where=den > 0)
    return out


def _values(f: Callable, x: np.ndarray, name: str) -> np.ndarray:
    """``f(x)`` as a float64 array of ``x``'s shape (or a scalar)."""
    out = np.asarray(f(x))
    if out.dtype.kind not in "iuf":
        raise InputTypeError(
            f"{name} must return real numbers, got dtype {out.dtype}")
    out = out.astype(np.float64)
    if out.ndim and out.shape != x.shape:
        raise ValueError(
            f"{name} must return an array of x's shape {x.shape}, got "
            f"{out.shape}")
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

    Notes
    -----
    :math:`\kappa_{-}` is scale invariant; ``a`` and ``b`` are divided by
    the power of two of :math:`\max(|a|, |b|)` first, so that neither the
    sum nor the difference can overflow (``a = 1e308, b = -1e308`` gives
    1, not ``inf/inf``).

    Examples
    --------
    >>> subtraction_condition([1.0, 1e308], [0.999, -1e308]).round(1).tolist()
    [1999.0, 1.0]
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError as exc:
        raise ValueError(
            f"a and b must broadcast, got shapes {a.shape} and {b.shape}"
        ) from exc
    a, b = np.broadcast_arrays(a, b)
    _, e = np.frexp(np.maximum(np.abs(a), np.abs(b)))
    with np.errstate(under="ignore"):
        a, b = np.ldexp(a, -e), np.ldexp(b, -e)          # |.| < 1 each
    num = np.abs(a) + np.abs(b)
    den = np.abs(a - b)
    with np.errstate(over="ignore"):   # a tiny den: kappa off the scale
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

    Examples
    --------
    >>> sqrt_diff_naive([0.0, 1e20]).tolist()
    [1.0, 0.0]
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

    Examples
    --------
    >>> sqrt_diff_stable([0.0, 1e20]).tolist()
    [1.0, 5e-11]
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

    Examples
    --------
    >>> sqrt_diff_condition([0.0, 1.0, 1e300]).round(4).tolist()
    [0.0, 0.3536, 0.5]
    """
    x = _nonneg(x)
    return 0.5 * np.sqrt(x / (x + 1.0))


def _sqrt_diff_decimal(d: Decimal) -> Decimal:
    # The naive formula on purpose: with enough digits it can afford to
    # cancel, and it shares no step with sqrt_diff_stable.
    return (d + 1).sqrt() - d.sqrt()


def _cancelled_digits(d: Decimal) -> int:
    r"""Decimal digits that :math:`\sqrt{d+1} - \sqrt{d}` cancels.

    The two roots agree in about :math:`\log_{10}(4d)` leading digits;
    ``adjusted()`` is :math:`\lfloor\log_{10} d\rfloor`, so
    ``adjusted() + 2`` covers the factor 4 and the rounding up.
    """
    return max(0, d.adjusted() + 2) if d > 0 else 0


def sqrt_diff_reference(
    x, *, digits: int | None = None, as_decimal: bool = False
) -> np.ndarray:
    r"""High-precision :math:`\sqrt{x+1} - \sqrt{x}` with :mod:`decimal`.

    The naive formula, evaluated in decimal arithmetic. The subtraction
    cancels about :math:`\log_{10}(4x)` of the working digits, so a fixed
    working precision fails for large ``x`` (50 digits are all gone by
    :math:`x \approx 10^{50}`). By default the precision is therefore
    chosen *per input*: 50 digits plus the number the subtraction will
    cancel, so every result carries about 50 correct significant digits,
    for every non-negative float64 ``x``.

    Parameters
    ----------
    x : array_like
        Non-negative inputs (floats are converted exactly).
    digits : int, optional
        A fixed working precision (``[20, 10000]`` digits) instead of the
        adaptive one; with it the reference cancels like any other
        computation (the chapter's pitfall demonstrates this). A precision
        that the subtraction would cancel completely is refused.
    as_decimal : bool, default False
        Return ``Decimal`` values instead of float64.

    Examples
    --------
    >>> ref = sqrt_diff_reference([1e300], as_decimal=True)
    >>> float(relative_error(sqrt_diff_stable([1e300]), ref)[0]) < 1e-15
    True
    >>> sqrt_diff_reference([0.0, 3.0]).tolist()
    [1.0, 0.2679491924311227]
    """
    x = _nonneg(x)
    if digits is not None:
        digits = check_positive_int(digits, "digits", minimum=20,
                                    maximum=MAX_DIGITS)
        worst = _cancelled_digits(Decimal(float(np.max(x))))
        if worst >= digits:
            # Every digit would cancel: the "reference" would be 0 or noise.
            raise ValueError(
                f"digits={digits} is too few for x up to {np.max(x):.3g}: "
                f"the subtraction cancels about {worst} digits; use digits "
                f">= {worst + 20} or the default (chosen from x)"
            )
        return decimal_eval(_sqrt_diff_decimal, x, digits=digits,
                            as_decimal=as_decimal)
    out = np.empty(x.shape, dtype=object)
    for idx, value in enumerate(x.flat):
        d = Decimal(float(value))                    # exact
        with localcontext() as ctx:
            ctx.prec = REFERENCE_DIGITS + _cancelled_digits(d) + 5
            r = _sqrt_diff_decimal(d)
            ctx.prec = REFERENCE_DIGITS
            out.flat[idx] = +r                       # round to 50 digits
    if as_decimal:
        return out
    return np.array([float(v) for v in out.flat]).reshape(x.shape)


def sqrt_diff_backward_error(x, y_hat) -> np.ndarray:
    r"""Backward error of a computed value of :math:`f(x) = \sqrt{x+1} - \sqrt{x}`.

    The backward error asks for the smallest relative change of the input
    that makes the computed value exact:

    .. math::

        \eta(\hat y) = \inf\Big\{ \frac{\abs{\Delta x}}{\abs{x}} :
        x + \Delta x \ge 0,\ f(x + \Delta x) = \hat y \Big\},
        \qquad \inf \emptyset = +\infty .

    Here :math:`f` maps :math:`[0, \infty)` one to one onto :math:`(0, 1]`,
    with inverse :math:`f^{-1}(y) = \big((1/y - y)/2\big)^2`, so
    :math:`\eta = \abs{f^{-1}(\hat y) - x}/x` for :math:`\hat y \in (0, 1]`
    and :math:`\eta = +\infty` otherwise: no input at all produces
    :math:`\hat y = 0`, which the naive formula returns for large ``x``.
    At :math:`x = 0` only :math:`\hat y = 1` has a finite (zero) backward
    error. The inverse is evaluated in 50-digit decimal arithmetic from the
    exact binary values, so the result is the backward error of ``y_hat``
    itself, rounded once to float64.

    Parameters
    ----------
    x : array_like
        Non-negative inputs.
    y_hat : array_like
        Computed values of :math:`f(x)`, finite, broadcastable with ``x``.

    Returns
    -------
    numpy.ndarray
        :math:`\eta \ge 0` per entry, ``inf`` where no perturbed input
        gives ``y_hat``; shape of the broadcast.

    Examples
    --------
    >>> x = np.array([1e12, 1e17])
    >>> eta = sqrt_diff_backward_error(x, sqrt_diff_naive(x))
    >>> bool(1e-8 < eta[0] < 1e-3), float(eta[1])   # naive: 0 at 1e17
    (True, inf)
    >>> float(sqrt_diff_backward_error(1e12, sqrt_diff_stable(1e12))) < 1e-15
    True
    """
    x = _nonneg(x)
    y = as_float_array(y_hat, "y_hat")
    try:
        x, y = np.broadcast_arrays(x, y)
    except ValueError as exc:
        raise ValueError(
            f"x and y_hat must broadcast, got shapes {np.shape(x)} and "
            f"{np.shape(y)}"
        ) from exc
    out = np.empty(x.shape)
    with localcontext() as ctx:
        ctx.prec = REFERENCE_DIGITS
        for idx, (xv, yv) in enumerate(zip(x.flat, y.flat)):
            if not 0.0 < yv <= 1.0:
                out.flat[idx] = np.inf       # outside the range of f
                continue
            d = Decimal(float(yv))           # exact
            x_star = ((1 / d - d) / 2) ** 2  # the input f maps to y_hat
            if xv == 0.0:
                out.flat[idx] = 0.0 if x_star == 0 else np.inf
            else:
                xd = Decimal(float(xv))
                out.flat[idx] = float(abs(x_star - xd) / xd)
    return out


class CancellationReport(NamedTuple):
    """Naive vs stable :math:`\\sqrt{x+1}-\\sqrt{x}` against the oracle."""

    x: np.ndarray           # (n,) inputs
    naive: np.ndarray       # (n,) sqrt_diff_naive(x)
    stable: np.ndarray      # (n,) sqrt_diff_stable(x)
    exact: np.ndarray       # (n,) reference rounded to float64
    err_naive: np.ndarray   # (n,) relative error of naive
    err_stable: np.ndarray  # (n,) relative error of stable


def cancellation_experiment(x, *,
                            digits: int | None = None) -> CancellationReport:
    """Relative errors of both sqrt-difference formulas on a grid.

    Errors are measured against the decimal reference
    (:func:`sqrt_diff_reference`) *before* it is rounded to float64, so an
    error is never reported as exactly zero just because the reference
    rounded onto the answer.

    Parameters
    ----------
    x : array_like, shape (n,)
        Non-negative inputs.
    digits : int, optional
        Fixed working precision of the reference; by default it is chosen
        from each input so that the reference keeps 50 correct digits.

    Returns
    -------
    CancellationReport

    Examples
    --------
    >>> rep = cancellation_experiment([1.0, 1e12])
    >>> bool(rep.err_naive[1] > 1e-6), bool(rep.err_stable.max() < 1e-15)
    (True, True)
    """
    x = _nonneg(as_float_array(x, "x", ndim=1))
    exact_dec = sqrt_diff_reference(x, digits=digits, as_decimal=True)  # (n,)
    naive = sqrt_diff_naive(x)
    stable = sqrt_diff_stable(x)
    work = REFERENCE_DIGITS if digits is None else digits
    return CancellationReport(
        x=x,
        naive=naive,
        stable=stable,
        exact=np.array([float(v) for v in exact_dec]),
        err_naive=relative_error(naive, exact_dec, digits=work),
        err_stable=relative_error(stable, exact_dec, digits=work),
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

    Examples
    --------
    >>> float(log1p_naive([1e-17])[0]), float(np.log1p(1e-17))
    (0.0, 1e-17)
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

    Examples
    --------
    >>> float(expm1_naive([1e-17])[0]), float(np.expm1(1e-17))
    (0.0, 1e-17)
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


def _quadratic_coeffs(a, b, c) -> tuple[float, float, float]:
    a = check_finite_scalar(a, "a")
    b = check_finite_scalar(b, "b")
    c = check_finite_scalar(c, "c")
    if a == 0:
        raise ValueError("a must be nonzero (not a quadratic), got 0.0")
    return a, b, c


def _balance(a: float, b: float, c: float
             ) -> tuple[float, float, float, int]:
    r"""The same roots as coefficients of :math:`y = x / 2^k`, balanced.

    With :math:`2^k \approx \sqrt{|c/a|}`, the polynomial
    :math:`a 2^{2k} y^2 + b 2^k y + c` has leading and trailing
    coefficients of the same size; all three are then divided by the power
    of two of the largest. The exponents are combined as integers, so no
    intermediate can overflow; after the scaling neither :math:`b^2` nor
    :math:`4ac` can overflow, and one of them is at least 1/16, so an
    underflow of the other is harmless. Every scaling is by a power of
    two: in the normal range the formulas give the same bits as on the
    raw coefficients, only now without overflow.
    """
    (ma, ea), (mb, eb), (mc, ec) = (math.frexp(v) for v in (a, b, c))
    k = (ec - ea) // 2 if c != 0 else 0
    top = max(ea + 2 * k, eb + k if b != 0 else ea + 2 * k,
              ec if c != 0 else ea + 2 * k)
    a2 = math.ldexp(ma, ea + 2 * k - top)
    b2 = math.ldexp(mb, eb + k - top) if b != 0 else 0.0
    c2 = math.ldexp(mc, ec - top) if c != 0 else 0.0
    if a2 == 0.0:
        # a is below 2**-1074 relative to b: |b/a| is beyond float64.
        raise ValueError(
            "a, b, c give a root outside the float64 range (|x| > 1.8e308)"
        )
    return a2, b2, c2, k


def _discriminant(a: float, b: float, c: float) -> float:
    disc = b * b - 4.0 * a * c
    if disc < 0:
        raise ValueError(
            "a, b, c give complex roots (b^2 - 4ac < 0)"
        )
    return disc


def _unscale(ys: tuple[float, float], k: int) -> QuadraticRoots:
    """Roots :math:`x = 2^k y`, by magnitude; refuse a root beyond float64."""
    try:
        xs = [math.ldexp(y, k) for y in ys]
    except OverflowError:
        xs = [math.inf]
    if not all(math.isfinite(v) for v in xs):
        raise ValueError(
            "a, b, c give a root outside the float64 range (|x| > 1.8e308)"
        )
    return QuadraticRoots(*sorted((float(xs[0]), float(xs[1])), key=abs))


def _zero_root(a: float, b: float) -> QuadraticRoots:
    """Roots of :math:`a x^2 + b x`: 0 and :math:`-b/a`."""
    (ma, ea), (mb, eb) = math.frexp(a), math.frexp(b)
    return _unscale((0.0, 0.0 - mb / ma), eb - ea)


def quadratic_roots_naive(a, b, c) -> QuadraticRoots:
    r"""Textbook roots :math:`(-b \pm \sqrt{b^2 - 4ac}) / (2a)`.

    When :math:`b^2 \gg |4ac|` one of the two numerators subtracts nearly
    equal numbers and that root loses most of its digits.

    The coefficients are first rescaled by powers of two (see
    :func:`quadratic_roots_stable`); that changes no rounding in the
    normal range, so the cancellation is exactly the textbook one, but
    :math:`b^2` can no longer overflow.

    Parameters
    ----------
    a, b, c : float
        Real coefficients with ``a != 0`` and ``b**2 >= 4*a*c``.

    Returns
    -------
    QuadraticRoots

    Examples
    --------
    >>> r = quadratic_roots_naive(1.0, -3.0, 2.0)
    >>> r.small, r.large
    (1.0, 2.0)
    """
    a, b, c = _quadratic_coeffs(a, b, c)
    if c == 0:
        return _zero_root(a, b)
    a, b, c, k = _balance(a, b, c)
    s = math.sqrt(_discriminant(a, b, c))
    return _unscale(((-b + s) / (2 * a), (-b - s) / (2 * a)), k)


def quadratic_roots_stable(a, b, c) -> QuadraticRoots:
    r"""Roots without cancellation, via :math:`x_1 x_2 = c/a`.

    .. math::

        q = -\tfrac12\big(b + \operatorname{sign}(b)\sqrt{b^2 - 4ac}\big),
        \qquad x_1 = \frac{q}{a}, \qquad x_2 = \frac{c}{q}

    The sign choice makes :math:`b` and :math:`\operatorname{sign}(b)\sqrt{\cdot}`
    add, never cancel (Higham 2002, ch. 1).

    The formula runs on rescaled coefficients: substituting
    :math:`x = 2^k y` with :math:`2^k \approx \sqrt{|c/a|}` and dividing
    by a power of two makes the coefficients of order one, so
    :math:`b^2 - 4ac` cannot overflow or underflow (for
    ``(1, 1e155, 1)`` the unscaled :math:`b^2` is ``inf``). Every root that
    float64 can hold is returned; a root beyond its range is an error.

    Parameters
    ----------
    a, b, c : float
        Real coefficients with ``a != 0`` and ``b**2 >= 4*a*c``.

    Returns
    -------
    QuadraticRoots

    Raises
    ------
    ValueError
        If the roots are complex, or a root exceeds the float64 range.

    Examples
    --------
    >>> quadratic_roots_stable(1.0, -3.0, 2.0)
    QuadraticRoots(small=1.0, large=2.0)
    >>> r = quadratic_roots_stable(1.0, 1e155, 1.0)
    >>> r.small, r.large
    (-1e-155, -1e+155)
    """
    a, b, c = _quadratic_coeffs(a, b, c)
    if c == 0:
        return _zero_root(a, b)
    a, b, c, k = _balance(a, b, c)
    q = -0.5 * (b + math.copysign(math.sqrt(_discriminant(a, b, c)), b))
    return _unscale((q / a, c / q), k)


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

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0]) == 1000.0 + math.log(2.0)
    True
    >>> logsumexp([[0.0, -np.inf], [1.0, 1.0]], axis=1).round(6).tolist()
    [0.0, 1.693147]
    """
    a = _scores(a)
    if axis is not None:
        axis = check_axis(axis, a.ndim, array="a")
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # all -inf slice: shift by 0
    # log(0) = -inf is the right answer for an all -inf slice; a - m may
    # overflow to -inf (a = -1e308, m = 1e308), whose exp is the right 0.
    with np.errstate(divide="ignore", over="ignore"):
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

    Examples
    --------
    >>> logsumexp_naive([1000.0, 1000.0])
    inf
    """
    a = _scores(a)
    if axis is not None:
        axis = check_axis(axis, a.ndim, array="a")
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

    Examples
    --------
    >>> softmax([1000.0, 1000.0, -np.inf]).tolist()
    [0.5, 0.5, 0.0]
    """
    a = _scores(a)
    axis = check_axis(axis, a.ndim, array="a") if a.ndim else None
    m = np.max(a, axis=axis, keepdims=True)
    if np.any(np.isneginf(m)):
        raise ValueError(f"a has a slice that is all -inf along axis {axis}")
    with np.errstate(over="ignore"):        # a - m = -inf: weight 0
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

    Examples
    --------
    >>> softmax_naive([1000.0, 1000.0]).tolist()
    [nan, nan]
    """
    a = _scores(a)
    axis = check_axis(axis, a.ndim, array="a") if a.ndim else None
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a)
        return e / np.sum(e, axis=axis, keepdims=True)
