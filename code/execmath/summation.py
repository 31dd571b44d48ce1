r"""Summation algorithms and their rounding errors.

Adding up numbers is the most common floating-point computation in data
science, and the order of the additions changes the answer. This module
implements the three classic orders

* recursive (naive, left-to-right) summation,
  :math:`s_k = \operatorname{fl}(s_{k-1} + x_k)`;
* pairwise (tree) summation, the idea behind ``np.sum``;
* Kahan's compensated summation,

in a chosen floating-point ``dtype`` (float16, float32 or float64), together
with the error bounds of Higham (2002, ch. 4) and an experiment that
measures all three against ``math.fsum``, which returns the correctly
rounded float64 value of the exact sum.

Every function first rounds the summands to the working ``dtype``; errors
are then measured against the exact sum of *those* rounded summands, so
they show the rounding error of the summation alone, not the error of
representing decimal inputs such as 0.1.

Overflow. A partial sum can exceed the largest float of the working dtype
although the final sum fits (``[1e308, 1e308, -1e308]``). Every routine
here then divides the summands by a power of two first: that is exact and
changes no rounding in the normal range (the same bits, scaled), so the
algorithms behave exactly as written, only without the spurious overflow.
A sum (or partial sum, for the ``cumsum`` routines) that really exceeds
the dtype's range is an error, never ``inf`` or ``nan``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    check_choice,
    check_increasing_sizes,
)
from execmath.numerics import unit_roundoff

__all__ = [
    "SUPPORTED_DTYPES",
    "naive_sum",
    "naive_cumsum",
    "kahan_sum",
    "neumaier_sum",
    "kahan_cumsum",
    "pairwise_sum",
    "exact_sum",
    "error_bound",
    "SummationErrors",
    "summation_errors",
]

#: The floating-point types the summation routines work in.
SUPPORTED_DTYPES = (np.dtype(np.float16), np.dtype(np.float32),
                    np.dtype(np.float64))


def _check_dtype(dtype: Any) -> np.dtype:
    """Return ``dtype`` as a supported ``np.dtype`` or raise ValueError."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise ValueError(f"dtype must be a float dtype, got {dtype!r}") from exc
    if dt not in SUPPORTED_DTYPES:
        names = ", ".join(d.name for d in SUPPORTED_DTYPES)
        raise ValueError(f"dtype must be one of {names}, got {dt.name}")
    return dt


def _as_summands(x: Any, dtype: Any = None, name: str = "x") -> np.ndarray:
    """Validate ``x`` as a 1-D real array and round it to the working dtype.

    With ``dtype=None`` a float16/32/64 array keeps its dtype and anything
    else (lists, integers) becomes float64.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise InputTypeError(
            f"{name} must be a real numeric array, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"{name} must be a 1-D array of real numbers, got "
            f"{type(x).__name__} with rows of different lengths") from exc
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(
            f"{name} must be a real numeric array, got dtype {arr.dtype}"
        )
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if dtype is None:
        dt = arr.dtype if arr.dtype in SUPPORTED_DTYPES else np.dtype("f8")
    else:
        dt = _check_dtype(dtype)
    with np.errstate(over="ignore"):  # overflow is reported just below
        out = arr.astype(dt)          # (n,) each summand rounded once
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"{name} must be finite in {dt.name}, got "
            f"{int(np.sum(~np.isfinite(out)))} NaN/inf entries in shape "
            f"{arr.shape}"
        )
    return out


def _overflow_exponent(arr: np.ndarray) -> int:
    r"""Exponent ``e >= 0`` such that no partial sum of ``arr / 2**e`` can
    overflow: :math:`n \max_i |x_i| 2^{-e}` stays below half the largest
    float of the dtype. ``e = 0`` (no scaling at all) whenever possible.
    """
    if arr.size == 0:
        return 0
    m = float(np.max(np.abs(arr)))
    if m == 0.0:
        return 0
    fmax = float(np.finfo(arr.dtype).max)
    need = math.log2(m) + math.log2(arr.size) + 1.0 - math.log2(fmax)
    return max(0, math.ceil(need))


def _scaled(arr: np.ndarray) -> tuple[np.ndarray, int]:
    """``(arr / 2**e, e)``; the division is exact (a power of two)."""
    e = _overflow_exponent(arr)
    if e == 0:
        return arr, 0
    with np.errstate(under="ignore"):
        return np.ldexp(arr, -e).astype(arr.dtype), e


def _unscaled(values, e: int, dt: np.dtype, what: str):
    """``values * 2**e`` in ``dt``; refuse a result beyond the dtype's range."""
    if e == 0:
        out = np.asarray(values, dtype=dt)
    else:
        with np.errstate(over="ignore"):
            out = np.ldexp(np.asarray(values, dtype=np.float64), e)
        top = float(np.finfo(dt).max)
        if np.any(np.abs(out) > top):
            raise ValueError(
                f"x gives a {what} beyond the {dt.name} range "
                f"(|s| > {top:.4g}): the sum cannot be represented"
            )
        out = out.astype(dt)
    return out


def naive_cumsum(x: Any, dtype: Any = None) -> np.ndarray:
    r"""All partial sums of recursive (left-to-right) summation.

    .. math::

        s_1 = x_1, \qquad s_k = \operatorname{fl}(s_{k-1} + x_k),
        \quad k = 2, \dots, n.

    ``np.cumsum`` accumulates strictly left to right in its output dtype,
    so it computes exactly these :math:`s_k`, at C speed.

    Parameters
    ----------
    x : array_like, shape (n,)
        Summands.
    dtype : dtype-like, optional
        Working precision; defaults to the dtype of ``x`` (float64 for
        non-float input).

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``s[k-1]`` is the naive sum of the first ``k`` summands.

    Raises
    ------
    ValueError
        If a partial sum exceeds the dtype's range.

    Examples
    --------
    >>> naive_cumsum([1.0, 2.0, 3.0]).tolist()
    [1.0, 3.0, 6.0]
    >>> naive_cumsum([1e308, 1e308, -1e308])
    Traceback (most recent call last):
    ...
    ValueError: x gives a partial sum beyond the float64 range (|s| > 1.798e+308): the sum cannot be represented
    """
    arr = _as_summands(x, dtype)
    scaled, e = _scaled(arr)
    return _unscaled(np.cumsum(scaled, dtype=arr.dtype), e, arr.dtype,
                     "partial sum")                          # (n,)


def naive_sum(x: Any, dtype: Any = None) -> np.floating:
    r"""Recursive summation :math:`s_n` of ``x`` in the working dtype.

    See :func:`naive_cumsum` for the recurrence. Its error obeys
    :math:`\lvert s_n - S \rvert \le (n-1)u \sum_i \lvert x_i \rvert
    + O(u^2)` (Higham 2002, eq. 4.4).

    Returns
    -------
    numpy.floating
        A scalar of the working dtype; 0 for empty ``x``.

    Examples
    --------
    >>> float(naive_sum([0.1] * 10))
    0.9999999999999999
    >>> float(naive_sum([1e308, 1e308, -1e308]))   # no spurious overflow
    1e+308
    """
    arr = _as_summands(x, dtype)
    if arr.size == 0:
        return arr.dtype.type(0)
    scaled, e = _scaled(arr)
    last = np.cumsum(scaled, dtype=arr.dtype)[-1]
    return arr.dtype.type(_unscaled(last, e, arr.dtype, "sum"))


def _kahan_steps(values: Iterable, zero: Any) -> Iterator:
    """Yield Kahan's running sum after each summand (Kahan 1965)."""
    s = zero  # running sum
    c = zero  # running compensation: minus the low-order part lost so far
    for xk in values:
        y = xk - c        # the next summand, corrected by what was lost
        t = s + y         # big + small: low-order bits of y are lost here
        c = (t - s) - y   # ... and recovered here (algebraically zero)
        s = t
        yield s


def _kahan_iterable(arr: np.ndarray) -> tuple[Iterable, Any]:
    """Summands and zero of the working precision for the Python loop.

    Python floats are IEEE binary64 with round-to-nearest, so float64 runs
    on plain floats (fast); float32/float16 run on NumPy scalars, whose
    arithmetic stays in their own precision.
    """
    if arr.dtype == np.float64:
        return arr.tolist(), 0.0
    return arr, arr.dtype.type(0)


def kahan_cumsum(x: Any, dtype: Any = None) -> np.ndarray:
    r"""All partial sums of Kahan's compensated summation.

    With :math:`s = c = 0`, for each summand :math:`x_k`

    .. math::

        y = x_k - c, \quad t = s + y, \quad c = (t - s) - y, \quad s = t,

    every operation rounded in the working dtype. The variable :math:`c`
    captures the rounding error of :math:`s + y` and feeds it back into the
    next step.

    Parameters
    ----------
    x : array_like, shape (n,)
        Summands.
    dtype : dtype-like, optional
        Working precision; defaults to the dtype of ``x``.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Entry ``k-1`` is the compensated sum of the first ``k`` summands.

    Examples
    --------
    >>> kahan_cumsum([0.1, 0.2, 0.3]).tolist()
    [0.1, 0.30000000000000004, 0.6]
    """
    arr = _as_summands(x, dtype)
    scaled, e = _scaled(arr)
    values, zero = _kahan_iterable(scaled)
    sums = np.fromiter(_kahan_steps(values, zero), dtype=arr.dtype,
                       count=arr.size)                       # (n,)
    return _unscaled(sums, e, arr.dtype, "partial sum")


def kahan_sum(x: Any, dtype: Any = None) -> np.floating:
    r"""Kahan's compensated sum of ``x`` in the working dtype.

    See :func:`kahan_cumsum` for the recurrence. The error obeys
    :math:`\lvert \hat s_n - S \rvert \le (2u + O(nu^2))
    \sum_i \lvert x_i \rvert` (Higham 2002, eq. 4.8): independent of
    :math:`n` to first order.

    Returns
    -------
    numpy.floating
        A scalar of the working dtype; 0 for empty ``x``.

    Examples
    --------
    >>> float(kahan_sum([0.1] * 10))
    1.0
    >>> float(kahan_sum([1e308, 1e308, -1e308]))   # not nan
    1e+308
    """
    arr = _as_summands(x, dtype)
    scaled, e = _scaled(arr)
    values, zero = _kahan_iterable(scaled)
    s = zero
    for s in _kahan_steps(values, zero):
        pass
    return arr.dtype.type(_unscaled(s, e, arr.dtype, "sum"))


def _neumaier(values: Iterable, zero: Any) -> Any:
    """Neumaier's compensated sum ``s + c`` of ``values`` (Neumaier 1974)."""
    s = zero  # running sum
    c = zero  # running correction: the low-order parts lost so far
    for xk in values:
        t = s + xk
        # The larger operand keeps its bits; what the smaller one lost in
        # the rounding of t is recovered exactly (Fast2Sum).
        if abs(s) >= abs(xk):
            c += (s - t) + xk
        else:
            c += (xk - t) + s
        s = t
    return s + c  # the correction enters once, at the end


def neumaier_sum(x: Any, dtype: Any = None) -> np.floating:
    r"""Neumaier's improved compensated sum of ``x`` in the working dtype.

    With :math:`s = c = 0`, for each summand :math:`x_k`

    .. math::

        t = s + x_k, \qquad
        c \mathrel{+}= \begin{cases}
          (s - t) + x_k & \lvert s \rvert \ge \lvert x_k \rvert,\\
          (x_k - t) + s & \text{otherwise,}
        \end{cases} \qquad s = t,

    and the result is :math:`s + c`. Kahan's recurrence
    (:func:`kahan_sum`) assumes the running sum is the larger operand and
    folds the correction into the next summand, where a large summand can
    swallow it; Neumaier's variant recovers the lost part from whichever
    operand is larger and adds the corrections separately, so
    ``[1e16, 1.0, -1e16]`` sums to 1, not 0. Its error obeys
    :math:`\lvert \hat s_n - S \rvert \le u \lvert S \rvert
    + (\tfrac34 n^2 + n) u^2 \sum_i \lvert x_i \rvert` (Neumaier 1974,
    eq. IV.12): one rounding of the exact sum plus a second-order term
    that grows like :math:`n^2`, because the corrections accumulate in
    :math:`c` by naive summation. Python's builtin ``sum`` of floats uses
    this recurrence from version 3.12 on.

    Parameters
    ----------
    x : array_like, shape (n,)
        Summands.
    dtype : dtype-like, optional
        Working precision; defaults to the dtype of ``x`` (float64 for
        non-float input).

    Returns
    -------
    numpy.floating
        A scalar of the working dtype; 0 for empty ``x``.

    Examples
    --------
    >>> float(neumaier_sum([1e16, 1.0, -1e16]))       # Kahan gives 0.0
    1.0
    >>> float(neumaier_sum([0.1] * 10))
    1.0
    >>> float(neumaier_sum([1e308, 1e308, -1e308]))   # no spurious overflow
    1e+308
    """
    arr = _as_summands(x, dtype)
    if arr.size == 0:
        return arr.dtype.type(0)
    scaled, e = _scaled(arr)
    values, zero = _kahan_iterable(scaled)
    s = _neumaier(values, zero)
    return arr.dtype.type(_unscaled(s, e, arr.dtype, "sum"))


def pairwise_sum(x: Any, dtype: Any = None) -> np.floating:
    r"""Pairwise (tree) summation of ``x`` in the working dtype.

    Neighbours are added in pairs, then the pair sums in pairs, and so on:
    each summand takes part in only :math:`\lceil \log_2 n \rceil`
    additions, so

    .. math::

        \lvert \hat s_n - S \rvert \le \lceil \log_2 n \rceil\, u
        \sum_i \lvert x_i \rvert + O(u^2).

    ``np.sum`` uses a blocked variant of the same idea.

    Returns
    -------
    numpy.floating
        A scalar of the working dtype; 0 for empty ``x``.

    Examples
    --------
    >>> float(pairwise_sum([0.1] * 10))
    1.0
    """
    arr = _as_summands(x, dtype)  # (m,)
    zero = arr.dtype.type(0)
    if arr.size == 0:
        return zero
    level, e = _scaled(arr)
    while level.size > 1:
        if level.size % 2:
            # x + 0 is exact, so padding with one zero changes nothing
            level = np.append(level, zero)
        level = level[0::2] + level[1::2]  # (m/2,) one tree level
    return arr.dtype.type(_unscaled(level[0], e, arr.dtype, "sum"))


def exact_sum(x: Any, dtype: Any = None) -> float:
    r"""Correctly rounded float64 value of the exact sum of the summands.

    The summands are first rounded to the working dtype (as in the other
    routines); ``math.fsum`` then adds them without intermediate rounding
    (Shewchuk's algorithm), which makes it the book's oracle.

    Returns
    -------
    float
        :math:`\operatorname{fl}_{64}\big(\sum_i x_i\big)`; 0.0 for empty
        ``x``.

    Examples
    --------
    >>> exact_sum([0.1] * 10)
    1.0
    >>> exact_sum([1e308, 1e308, -1e308])
    1e+308
    """
    arr = _as_summands(x, dtype)
    return _fsum(arr.astype(np.float64))


def _fsum(arr64: np.ndarray) -> float:
    """``math.fsum`` without its intermediate overflow: exact scaling."""
    scaled, e = _scaled(arr64)
    return float(_unscaled(math.fsum(scaled.tolist()), e,
                           np.dtype(np.float64), "sum"))


def error_bound(x: Any, method: str = "naive", dtype: Any = None) -> float:
    r"""Higham's first-order bound on the absolute error of a sum.

    .. math::

        \lvert \hat s_n - S \rvert \le
        \begin{cases}
          (n-1)\,u \sum_i \lvert x_i\rvert & \text{naive (recursive)}\\
          \lceil\log_2 n\rceil\,u \sum_i \lvert x_i\rvert & \text{pairwise}\\
          2u \sum_i \lvert x_i\rvert & \text{Kahan}
        \end{cases}

    The neglected terms are :math:`O(u^2)` for naive and pairwise and
    :math:`O(nu^2)\sum_i \lvert x_i\rvert` for Kahan (Higham 2002, ch. 4).

    Parameters
    ----------
    x : array_like, shape (n,)
        Summands.
    method : {"naive", "pairwise", "kahan"}
        Summation algorithm.
    dtype : dtype-like, optional
        Working precision.

    Returns
    -------
    float
        The bound, in the units of ``x``.

    Examples
    --------
    >>> error_bound([1.0] * 5, "naive") == 4 * 5 * 2.0**-53
    True
    """
    arr = _as_summands(x, dtype)
    n = arr.size
    factors = {
        "naive": max(n - 1, 0),
        "pairwise": math.ceil(math.log2(n)) if n > 1 else 0,
        "kahan": 2,
    }
    check_choice(method, "method", factors)
    scaled, e = _scaled(np.abs(arr.astype(np.float64)))
    total = math.fsum(scaled.tolist())
    bound = factors[method] * unit_roundoff(arr.dtype) * total
    return float(_unscaled(bound, e, np.dtype(np.float64), "bound"))


class SummationErrors(NamedTuple):
    """Relative errors of three summation orders on prefixes of one array.

    All arrays have shape (k,), one entry per prefix length in ``n``.
    """

    n: np.ndarray         # (k,) prefix lengths, increasing
    naive: np.ndarray     # (k,) relative error of recursive summation
    pairwise: np.ndarray  # (k,) relative error of pairwise summation
    kahan: np.ndarray     # (k,) relative error of Kahan summation
    exact: np.ndarray     # (k,) math.fsum of each prefix (float64)
    u: float              # unit roundoff of the working dtype
    dtype: str            # name of the working dtype


def _relative_errors(computed: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """|computed - exact| / |exact|, with 0/0 = 0 and c/0 = inf."""
    err = np.abs(computed.astype(np.float64) - exact)  # (k,)
    out = np.full(err.shape, np.inf)
    out[err == 0] = 0.0
    nonzero = exact != 0
    out[nonzero] = err[nonzero] / np.abs(exact[nonzero])
    return out


def summation_errors(x: Any, ns: Any, dtype: Any = None) -> SummationErrors:
    r"""Measure naive, pairwise and Kahan summation on prefixes of ``x``.

    For each :math:`n` in ``ns`` the three algorithms sum
    :math:`x_1, \dots, x_n` in the working dtype and are compared with the
    oracle :math:`S_n` = :func:`exact_sum`:

    .. math::

        \text{rel. error} = \frac{\lvert \hat s_n - S_n \rvert}
        {\lvert S_n \rvert}.

    Naive and Kahan sums of all prefixes come from one pass each
    (:func:`naive_cumsum`, :func:`kahan_cumsum`).

    Parameters
    ----------
    x : array_like, shape (N,)
        Summands.
    ns : array_like of int, shape (k,)
        Strictly increasing prefix lengths in ``[1, N]``.
    dtype : dtype-like, optional
        Working precision; defaults to the dtype of ``x``.

    Returns
    -------
    SummationErrors
        The relative errors, the exact sums and the unit roundoff.
    """
    arr = _as_summands(x, dtype)               # (N,)
    if arr.size == 0:
        raise ValueError("x must not be empty, got shape (0,)")
    ns = check_increasing_sizes(ns, "ns", arr.size, upper_name="len(x)")
    # Relative errors are scale invariant: run everything on x / 2**e
    # (exact; e = 0 unless a partial sum could overflow).
    scaled, e = _scaled(arr)                                        # (N,)
    arr64 = scaled.astype(np.float64)
    exact = np.array([math.fsum(arr64[:n].tolist()) for n in ns])  # (k,)
    naive = np.cumsum(scaled, dtype=arr.dtype)[ns - 1]              # (k,)
    values, zero = _kahan_iterable(scaled[: ns[-1]])
    kahan = np.fromiter(_kahan_steps(values, zero), dtype=arr.dtype,
                        count=int(ns[-1]))[ns - 1]                  # (k,)
    pairwise = np.array([pairwise_sum(scaled[:n]) for n in ns])     # (k,)
    return SummationErrors(
        n=ns,
        naive=_relative_errors(naive, exact),
        pairwise=_relative_errors(pairwise, exact),
        kahan=_relative_errors(kahan, exact),
        exact=_unscaled(exact, e, np.dtype(np.float64), "prefix sum"),
        u=unit_roundoff(arr.dtype),
        dtype=arr.dtype.name,
    )
