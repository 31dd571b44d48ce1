"""Input validation shared by the compute modules.

Every public function validates what the user passes and raises an error
naming the argument and showing the bad shape or value. These helpers keep
those messages uniform; they never use ``assert``, which ``python -O``
strips.

Two kinds of error are raised:

* :class:`ValueError` for a value of the right type that is out of range,
  of the wrong shape, not finite, empty, ...;
* :class:`InputTypeError` for an argument of the wrong *type* (a string,
  a bool, a complex number or ``None`` where a real number is meant, an
  object that is not callable, ...). It subclasses both ``TypeError`` (the
  right category) and ``ValueError`` (so ``except ValueError`` written for
  the package's earlier messages still catches it).

Numbers are never reinterpreted: numeric strings (``"4"``), bools,
complex values (whose imaginary part NumPy would silently drop) and object
arrays of non-numbers are rejected instead of converted.

The module also holds two numerical helpers that many modules need:
:func:`pow2_scale`, an *exact* power-of-two scaling, and :func:`norm2`, a
Euclidean norm that neither overflows nor underflows where the true value
is representable (the idea of LAPACK's ``dnrm2``).
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from typing import Any

import numpy as np

__all__ = [
    "InputTypeError",
    "RangeError",
    "MAX_ELEMENTS",
    "as_float_array",
    "check_axis",
    "check_callable",
    "check_choice",
    "check_finite_scalar",
    "check_increasing_sizes",
    "check_positive_int",
    "check_result_size",
    "check_rng",
    "norm2",
    "pow2_scale",
]

#: Largest number of float64 elements a result (or a working array) may
#: have: 2**27 elements are 1 GiB. A larger request is almost always a
#: typo (``n=10**12``) and is refused with a ValueError naming the
#: argument instead of failing with a MemoryError, or worse, swapping.
MAX_ELEMENTS = 2**27


class InputTypeError(TypeError, ValueError):
    """An argument has the wrong type (e.g. a string where a number is meant).

    Subclasses ``TypeError`` and, for backward compatibility, ``ValueError``.
    """


class RangeError(ValueError):
    """A result (not an input) would exceed the float64 range.

    Raised instead of returning ``inf``; a ValueError, so callers that
    catch ValueError keep working, and distinct so an iterative method can
    tell "the iterate left the representable range" (divergence) from a
    bug.
    """


def _describe(x: Any) -> str:
    """Short description of a bad argument for an error message."""
    text = repr(x)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(x).__name__} {text}"


def _reject_non_real(x: Any, name: str, what: str) -> None:
    """Raise InputTypeError for None, strings, bools and complex numbers."""
    if x is None:
        raise InputTypeError(f"{name} must be {what}, got None")
    if isinstance(x, (str, bytes, np.str_, np.bytes_)):
        raise InputTypeError(
            f"{name} must be {what}, got a string {x!r:.60}; numbers are "
            "never parsed from text"
        )
    if isinstance(x, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be {what}, got bool {x!r}")
    if isinstance(x, (complex, np.complexfloating)):
        raise InputTypeError(f"{name} must be {what}, got complex {x!r}")


def _object_to_float(arr: np.ndarray, name: str) -> np.ndarray:
    """Convert an object array of real numbers (e.g. huge Python ints)."""
    out = np.empty(arr.shape, dtype=np.float64)
    for idx, value in enumerate(arr.flat):
        if isinstance(value, (bool, np.bool_)) or not isinstance(
                value, (numbers.Real, Decimal)):
            raise InputTypeError(
                f"{name} must hold real numbers only, got an entry of type "
                f"{type(value).__name__} ({value!r:.40})"
            )
        try:
            out.flat[idx] = float(value)
        except OverflowError as exc:
            raise ValueError(
                f"{name} has an entry outside the float64 range "
                f"(|x| > 1.8e308): {value!r:.40}"
            ) from exc
    return out


def as_float_array(
    x: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_nan: bool = False,
    allow_empty: bool = False,
    allow_inf: bool = False,
) -> np.ndarray:
    """Convert ``x`` to a float64 array and check its type, shape and values.

    Accepted: real numbers and (nested sequences or arrays of) integers and
    floats of any width. Rejected with :class:`InputTypeError`: ``None``,
    strings, bools, complex numbers and arrays of them, and anything that
    is not a rectangular array of real numbers.

    Parameters
    ----------
    x : array_like
        The user's input.
    name : str
        The argument's name, used in the error message.
    ndim : int or tuple of int, optional
        Allowed number(s) of dimensions.
    allow_nan : bool, default False
        Whether NaN or infinite entries are accepted.
    allow_empty : bool, default False
        Whether an array with zero elements is accepted.
    allow_inf : bool, default False
        Whether infinite entries are accepted while NaN is still refused
        (bounds such as ``lower=-inf``). ``allow_nan`` accepts both.

    Examples
    --------
    >>> as_float_array([1, 2.5], "x")
    array([1. , 2.5])
    >>> as_float_array([3 + 4j], "x")
    Traceback (most recent call last):
    ...
    execmath._validate.InputTypeError: x must be real (int or float), got a complex128 array of shape (1,)
    """
    if type(x) is np.ndarray and x.dtype == np.float64:
        arr = x                        # the common case: nothing to convert
        kind = "f"
    else:
        _reject_non_real(x, name, "a real number or an array of real numbers")
        try:
            arr = np.asarray(x)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InputTypeError(
                f"{name} must be numeric array-like with equal-length rows, "
                f"got {_describe(x)}"
            ) from exc
        kind = arr.dtype.kind
    if kind == "O":
        arr = _object_to_float(arr, name)
    elif kind in "iu":
        arr = arr.astype(np.float64)
    elif kind == "f":
        with np.errstate(over="ignore"):   # float128 beyond range -> inf
            arr = arr.astype(np.float64, copy=False)
    else:
        desc = {"b": "a bool array", "c": f"a {arr.dtype} array",
                "U": "a string array", "S": "a bytes array"}.get(
                    kind, f"an array of dtype {arr.dtype}")
        raise InputTypeError(
            f"{name} must be real (int or float), got {desc} of shape "
            f"{arr.shape}"
        )
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = (f"be {allowed[0]}-D" if len(allowed) == 1
                    else f"have ndim in {allowed}")
            raise ValueError(f"{name} must {want}, got shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if arr.size > MAX_ELEMENTS:
        raise ValueError(
            f"{name} has {arr.size} elements, more than the supported "
            f"{MAX_ELEMENTS}"
        )
    if allow_nan:
        return arr
    if allow_inf:
        if np.isnan(arr).any():
            raise ValueError(
                f"{name} must not contain NaN, got {int(np.isnan(arr).sum())} "
                f"NaN entries in shape {arr.shape}"
            )
    elif not np.isfinite(arr).all():
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} must be finite, got {bad} NaN/inf entries "
            f"in shape {arr.shape}"
        )
    return arr


def check_positive_int(value: Any, name: str, *, minimum: int = 1,
                       maximum: int | None = None) -> int:
    """Return ``value`` as int if it is an integer in ``[minimum, maximum]``.

    Bools and floats (even ``2.0``) are rejected: a count is an integer.

    Examples
    --------
    >>> check_positive_int(3, "n")
    3
    >>> check_positive_int(0, "n")
    Traceback (most recent call last):
    ...
    ValueError: n must be >= 1, got 0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, np.integer)):
        raise InputTypeError(f"{name} must be an integer, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value!r}")
    return int(value)


def check_finite_scalar(
    value: Any,
    name: str,
    *,
    positive: bool = False,
) -> float:
    """Return ``value`` as float if it is a finite (optionally > 0) real scalar.

    Accepted: Python and NumPy integers and floats, other real numbers
    (``fractions.Fraction``, ``decimal.Decimal``) and 0-d real arrays.
    Rejected: ``None``, strings, bools, complex numbers, arrays with one or
    more dimensions, and integers beyond the float64 range.

    Examples
    --------
    >>> check_finite_scalar(2, "h")
    2.0
    >>> check_finite_scalar("2", "h")
    Traceback (most recent call last):
    ...
    execmath._validate.InputTypeError: h must be a real scalar, got a string '2'; numbers are never parsed from text
    """
    what = "a real scalar"
    _reject_non_real(value, name, what)
    if isinstance(value, np.ndarray):
        if value.ndim != 0:
            raise ValueError(
                f"{name} must be a scalar, got an array of shape {value.shape}"
            )
        if value.dtype.kind not in "iuf":
            raise InputTypeError(
                f"{name} must be {what}, got a 0-d {value.dtype} array"
            )
        value = value[()]
    if not isinstance(value, (numbers.Real, Decimal)):
        raise InputTypeError(f"{name} must be {what}, got {_describe(value)}")
    try:
        out = float(value)
    except OverflowError as exc:
        raise ValueError(
            f"{name} is outside the float64 range (|x| > 1.8e308), "
            f"got {value!r:.40}"
        ) from exc
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and out <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return out


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """Require an explicit ``numpy.random.Generator``.

    The book never seeds global state: randomness flows through an ``rng``
    argument made with ``np.random.default_rng(seed)``.
    """
    if not isinstance(rng, np.random.Generator):
        raise InputTypeError(
            f"{name} must be a numpy.random.Generator "
            f"(np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    return rng


def check_callable(f: Any, name: str) -> Any:
    """Return ``f`` if it is callable, else raise InputTypeError."""
    if not callable(f):
        raise InputTypeError(f"{name} must be callable, got {_describe(f)}")
    return f


def check_choice(value: Any, name: str, choices) -> str:
    """Return ``value`` if it is one of the strings ``choices``.

    Unhashable or non-string values get the same clear message instead of
    a ``TypeError: unhashable type`` from a dictionary lookup.
    """
    options = sorted(choices)
    if not isinstance(value, str):
        raise InputTypeError(
            f"{name} must be one of {options}, got {_describe(value)}"
        )
    if value not in choices:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def check_axis(axis: Any, ndim: int, name: str = "axis",
               array: str = "x") -> int:
    """Return ``axis`` as a non-negative int valid for an ``ndim``-D array.

    ``array`` is the name of the array argument, so that the message names
    both (either one may be the mistake).
    """
    if isinstance(axis, (bool, np.bool_)) or not isinstance(
            axis, (int, np.integer)):
        raise InputTypeError(f"{name} must be an integer, got {_describe(axis)}")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"{name} must be in [-{ndim}, {ndim}) because {array} has "
            f"{ndim} dimension(s), got {name}={axis!r}"
        )
    return int(axis) % ndim


def check_result_size(n_elements: Any, name: str) -> int:
    """Refuse a result of more than :data:`MAX_ELEMENTS` elements.

    ``name`` is the argument (or arguments) that set the size, so that the
    message says which count to reduce.
    """
    n_elements = int(n_elements)
    if n_elements > MAX_ELEMENTS:
        raise ValueError(
            f"{name} asks for {n_elements} elements, more than the supported "
            f"{MAX_ELEMENTS} (1 GiB of float64)"
        )
    return n_elements


def as_int_array(values: Any, name: str, *, low: int | None = None,
                 high: int | None = None) -> np.ndarray:
    """Return ``values`` as a non-empty 1-D int64 array, entries in [low, high].

    For degrees, sample sizes and indices: bools, floats, strings and
    ragged input are refused with :class:`InputTypeError`, values outside
    the bounds (each optional) with ``ValueError``.

    Examples
    --------
    >>> as_int_array([3, 1, 2], "degrees", low=0, high=10).tolist()
    [3, 1, 2]
    """
    _reject_non_real(values, name, "a non-empty 1-D integer array")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(
            f"{name} must be a non-empty 1-D integer array, got "
            f"{_describe(values)}"
        ) from exc
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu":
        raise InputTypeError(
            f"{name} must be a non-empty 1-D integer array, got dtype "
            f"{arr.dtype} and shape {arr.shape}"
        )
    if (low is not None and arr.min() < low) or \
            (high is not None and arr.max() > high):
        raise ValueError(
            f"{name} must lie in [{'-inf' if low is None else low}, "
            f"{'inf' if high is None else high}], got values from "
            f"{arr.min()} to {arr.max()}"
        )
    return arr.astype(np.int64)


def check_increasing_sizes(values: Any, name: str, upper: int,
                           upper_name: str | None = None) -> np.ndarray:
    """Return ``values`` as int64 if they are strictly increasing in [1, upper].

    Used for the sample sizes or prefix lengths at which an experiment is
    read off (``n = 10, 100, 1000, ...``). ``upper_name`` says where the
    upper limit comes from (e.g. ``"len(x)"``), for the message.
    """
    arr = as_int_array(values, name)
    if arr[0] < 1 or arr[-1] > upper or np.any(np.diff(arr) <= 0):
        where = f" ({upper_name} = {upper})" if upper_name else ""
        raise ValueError(
            f"{name} must increase strictly within [1, {upper}]{where}, "
            f"got values from {arr.min()} to {arr.max()}"
        )
    return arr


# --------------------------------------------------------------------------
# Scaling without rounding, and a Euclidean norm that cannot overflow
# --------------------------------------------------------------------------

def pow2_scale(x: np.ndarray, axis: int | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    r"""Split ``x`` into ``xs * 2**e`` with ``max |xs| in [0.5, 1)``.

    .. math::

        x = 2^{e}\, x_s, \qquad \max_i |x_{s,i}| \in [\tfrac12, 1)

    Scaling by a power of two is exact (only entries far below the largest
    one can lose bits, at the subnormal end), so formulas evaluated on
    ``xs`` obey the scale law of the mathematics exactly for scale factors
    ``2**k``. An all-zero slice gets ``e = 0``.

    Parameters
    ----------
    x : numpy.ndarray
        Finite float array.
    axis : int, optional
        Scale each slice along ``axis`` separately (``e`` keeps that axis
        with size 1); ``None`` scales the whole array by one power.

    Returns
    -------
    (xs, e) : the scaled array and the integer exponents.

    Examples
    --------
    >>> xs, e = pow2_scale(np.array([1e300, -3e299]))
    >>> float(np.abs(xs).max()) < 1.0, int(e)
    (True, 997)
    """
    if axis is None:                   # the common case, in Python floats
        x = np.asarray(x)
        m = max(float(np.max(x, initial=0.0)), -float(np.min(x, initial=0.0)))
        if not (m > 0.0 and math.isfinite(m)):
            return x * 1.0, np.asarray(0)  # zeros, NaN or inf: no scaling
        e = math.frexp(m)[1]
        if e >= -1023:
            return x * math.ldexp(1.0, -e), np.asarray(e)
        return np.ldexp(x, -e), np.asarray(e)
    keep = True
    # max |x| without the temporary np.abs(x): max(max x, -min x)
    m = np.maximum(np.max(x, axis=axis, keepdims=keep, initial=0.0),
                   -np.min(x, axis=axis, keepdims=keep, initial=0.0))
    _, e = np.frexp(m)                 # m = f 2**e with f in [0.5, 1)
    e = np.where(m > 0, e, 0)
    if np.all(e >= -1023):
        # 2**-e is an exact float (normal or subnormal): multiplying by it
        # rounds like ldexp (once, correctly) and is ~20 times faster
        return x * np.ldexp(1.0, -e), e
    return np.ldexp(x, -e), e          # 2**-e would overflow


def norm2(x: Any, axis: int | None = None) -> np.ndarray | float:
    r"""Euclidean norm without overflow or underflow of the squares.

    .. math::

        \lVert x\rVert_2 = 2^{e}\,\Big(\sum_i (2^{-e} x_i)^2\Big)^{1/2},
        \qquad 2^{e-1} \le \max_i |x_i| < 2^{e}

    Every scaled entry is below 1 in magnitude and the largest is at least
    1/2, so no square overflows and the sum cannot underflow to zero (as in
    LAPACK's ``dnrm2``, with an exact power-of-two scale). The result is
    ``inf`` only when the norm itself exceeds the largest float64; callers
    that must not return ``inf`` check for it.

    Parameters
    ----------
    x : array_like
        Finite real entries.
    axis : int, optional
        Reduce along this axis; ``None`` reduces everything (a float).

    Examples
    --------
    >>> round(norm2([3e200, 4e200]) / 1e200, 12)
    5.0
    >>> round(norm2([3e-200, 4e-200]) * 1e200, 12)
    5.0
    >>> norm2([3.0, 4.0])
    5.0
    """
    x = np.asarray(x, dtype=np.float64)
    xs, e = pow2_scale(x, axis)
    with np.errstate(under="ignore"):
        ss = np.sum(xs * xs, axis=axis, keepdims=axis is not None)
    with np.errstate(over="ignore"):
        out = np.ldexp(np.sqrt(ss), e)
    if axis is None:
        return float(out)
    return np.squeeze(out, axis=axis)
