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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import check_increasing_sizes
from execmath.numerics import unit_roundoff

__all__ = [
    "SUPPORTED_DTYPES",
    "naive_sum",
    "naive_cumsum",
    "kahan_sum",
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
    arr = np.asarray(x)
    if arr.dtype.kind not in "iuf":
        raise ValueError(
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
    """
    arr = _as_summands(x, dtype)
    return np.cumsum(arr, dtype=arr.dtype)  # (n,)


def naive_sum(x: Any, dtype: Any = None) -> np.floating:
    r"""Recursive summation :math:`s_n` of ``x`` in the working dtype.

    See :func:`naive_cumsum` for the recurrence. Its error obeys
    :math:`\lvert s_n - S \rvert \le (n-1)u \sum_i \lvert x_i \rvert
    + O(u^2)` (Higham 2002, eq. 4.4).

    Returns
    -------
    numpy.floating
        A scalar of the working dtype; 0 for empty ``x``.
    """
    arr = _as_summands(x, dtype)
    if arr.size == 0:
        return arr.dtype.type(0)
    return naive_cumsum(arr)[-1]


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
    """
    arr = _as_summands(x, dtype)
    values, zero = _kahan_iterable(arr)
    return np.fromiter(_kahan_steps(values, zero), dtype=arr.dtype,
                       count=arr.size)  # (n,)


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
    """
    arr = _as_summands(x, dtype)
    values, zero = _kahan_iterable(arr)
    s = zero
    for s in _kahan_steps(values, zero):
        pass
    return arr.dtype.type(s)


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
    """
    level = _as_summands(x, dtype)  # (m,)
    zero = level.dtype.type(0)
    if level.size == 0:
        return zero
    while level.size > 1:
        if level.size % 2:
            # x + 0 is exact, so padding with one zero changes nothing
            level = np.append(level, zero)
        level = level[0::2] + level[1::2]  # (m/2,) one tree level
    return level[0]


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
    """
    arr = _as_summands(x, dtype)
    return math.fsum(arr.astype(np.float64).tolist())


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
    """
    arr = _as_summands(x, dtype)
    n = arr.size
    factors = {
        "naive": max(n - 1, 0),
        "pairwise": math.ceil(math.log2(n)) if n > 1 else 0,
        "kahan": 2,
    }
    if method not in factors:
        raise ValueError(
            f"method must be one of {sorted(factors)}, got {method!r}"
        )
    abs_total = math.fsum(np.abs(arr.astype(np.float64)).tolist())
    return factors[method] * unit_roundoff(arr.dtype) * abs_total


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
    ns = check_increasing_sizes(ns, "ns", arr.size)   # (k,)
    arr64 = arr.astype(np.float64)
    exact = np.array([math.fsum(arr64[:n].tolist()) for n in ns])  # (k,)
    naive = naive_cumsum(arr)[ns - 1]                               # (k,)
    kahan = kahan_cumsum(arr[: ns[-1]])[ns - 1]                     # (k,)
    pairwise = np.array([pairwise_sum(arr[:n]) for n in ns])        # (k,)
    return SummationErrors(
        n=ns,
        naive=_relative_errors(naive, exact),
        pairwise=_relative_errors(pairwise, exact),
        kahan=_relative_errors(kahan, exact),
        exact=exact,
        u=unit_roundoff(arr.dtype),
        dtype=arr.dtype.name,
    )
