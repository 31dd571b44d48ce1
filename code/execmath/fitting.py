"""Fitting the simple laws that experiments in the book reveal.

Many claims in the book are power laws: an error that shrinks like
:math:`n^{-1/2}`, a truncation error that grows like :math:`h^2`, a cost
that grows like :math:`n^3`. On log-log axes a power law
:math:`y = C x^{p}` is a straight line with slope :math:`p`, so the check
"does the error scale like :math:`n^{-1/2}`?" becomes "is the fitted slope
near :math:`-1/2`?". This module does that fit, and builds the integer
grids on which such experiments are run.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from execmath._validate import (
    MAX_ELEMENTS,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
)

__all__ = ["LogLogFit", "geomspace_int", "loglog_fit", "loglog_slope"]


class LogLogFit(NamedTuple):
    """Least-squares line through :math:`(\\log x_i, \\log y_i)`.

    ``slope`` is the exponent :math:`p` and ``prefactor`` the constant
    :math:`C` of the power law :math:`y \\approx C x^{p}`; ``r2`` is the
    coefficient of determination of the line in log-log space.
    """

    slope: float
    prefactor: float
    r2: float


def _positive_pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``x`` and ``y`` as equal-length 1-D positive arrays."""
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if x.shape != y.shape:
        raise ValueError(
            f"x and y must have the same shape, got x {x.shape}, y {y.shape}"
        )
    if x.size < 2:
        raise ValueError(f"x must hold at least 2 points, got shape {x.shape}")
    for name, arr in (("x", x), ("y", y)):
        if np.any(arr <= 0):
            bad = int(np.count_nonzero(arr <= 0))
            raise ValueError(
                f"{name} must be > 0 for a log-log fit, got {bad} "
                f"non-positive entries in shape {arr.shape}"
            )
    if np.ptp(np.log(x)) == 0:
        raise ValueError("x must contain at least two distinct values")
    return x, y


def _window(x: np.ndarray, y: np.ndarray, x_min, x_max):
    """Keep the points with ``x_min <= x <= x_max`` (either bound optional)."""
    keep = np.ones(x.shape, dtype=bool)
    if x_min is not None:
        keep &= x >= check_finite_scalar(x_min, "x_min")
    if x_max is not None:
        keep &= x <= check_finite_scalar(x_max, "x_max")
    if np.count_nonzero(keep) < 2:
        raise ValueError(
            f"x must have at least 2 points in [x_min, x_max] = "
            f"[{x_min}, {x_max}], got {np.count_nonzero(keep)}"
        )
    return x[keep], y[keep]


def loglog_fit(x, y, *, x_min: float | None = None,
               x_max: float | None = None) -> LogLogFit:
    r"""Fit the power law :math:`y \approx C x^{p}` by least squares in logs.

    With :math:`u_i = \log x_i` and :math:`v_i = \log y_i` the ordinary
    least-squares line :math:`v = \log C + p\,u` has

    .. math::

        p = \frac{\sum_i (u_i - \bar u)(v_i - \bar v)}
                 {\sum_i (u_i - \bar u)^2},
        \qquad \log C = \bar v - p\,\bar u .

    Parameters
    ----------
    x, y : array_like, shape (m,)
        Positive abscissae and ordinates, ``m >= 2``, at least two distinct
        ``x``. Choose ``x`` spaced evenly in the log (see
        :func:`geomspace_int`) so that every decade weighs the same.
    x_min, x_max : float, optional
        Fit only the points with ``x_min <= x <= x_max``: the range where
        one power law holds (e.g. truncation error before rounding takes
        over).

    Returns
    -------
    LogLogFit
        ``slope`` :math:`p`, ``prefactor`` :math:`C` and ``r2`` of the line.

    Raises
    ------
    ValueError
        If the fitted prefactor :math:`C = e^{\log C}` exceeds the float64
        range (a line far outside the data's scale).

    Examples
    --------
    >>> fit = loglog_fit([1.0, 10.0, 100.0], [3.0, 0.3, 0.03])
    >>> round(fit.slope, 12), round(fit.prefactor, 12), round(fit.r2, 12)
    (-1.0, 3.0, 1.0)
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if x.shape != y.shape:
        raise ValueError(
            f"x and y must have the same shape, got x {x.shape}, y {y.shape}"
        )
    x, y = _positive_pair(*_window(x, y, x_min, x_max))
    u, v = np.log(x), np.log(y)                       # (m,), (m,)
    du, dv = u - u.mean(), v - v.mean()
    slope = float(np.dot(du, dv) / np.dot(du, du))
    log_c = float(v.mean() - slope * u.mean())
    resid = dv - slope * du
    ss_tot = float(np.dot(dv, dv))
    # A perfectly flat y (ss_tot == 0) is fitted exactly by slope 0.
    r2 = 1.0 if ss_tot == 0 else 1.0 - float(np.dot(resid, resid)) / ss_tot
    with np.errstate(over="ignore"):
        prefactor = float(np.exp(log_c))
    if not np.isfinite(prefactor):
        raise ValueError(
            f"the fitted prefactor exp({log_c:.4g}) of x and y exceeds the "
            "float64 range")
    return LogLogFit(slope=slope, prefactor=prefactor, r2=r2)


def loglog_slope(x, y, *, x_min: float | None = None,
                 x_max: float | None = None) -> float:
    r"""Slope :math:`p` of the least-squares line through :math:`(\log x, \log y)`.

    Shorthand for ``loglog_fit(x, y, x_min=..., x_max=...).slope``: the
    fitted exponent of the power law :math:`y \approx C x^{p}`.

    Examples
    --------
    >>> round(loglog_slope([1.0, 2.0, 4.0], [1.0, 4.0, 16.0]), 12)
    2.0
    """
    return loglog_fit(x, y, x_min=x_min, x_max=x_max).slope


def geomspace_int(start: int, stop: int, num: int) -> np.ndarray:
    r"""Distinct integers spaced (nearly) evenly in :math:`\log`.

    Rounds ``np.geomspace(start, stop, num)`` to integers and drops the
    duplicates that rounding creates at the small end, so the result can
    hold fewer than ``num`` values. Both end points are included.

    .. math::

        n_k = \operatorname{round}\big(\text{start}\cdot
              (\text{stop}/\text{start})^{k/(\text{num}-1)}\big),
        \quad k = 0, \dots, \text{num}-1 .

    Parameters
    ----------
    start, stop : int
        First and last value, ``1 <= start < stop``.
    num : int
        Number of log-spaced points before de-duplication, ``>= 2``.

    Returns
    -------
    numpy.ndarray of int64, shape (k,), ``k <= num``
        Strictly increasing sample sizes.

    Examples
    --------
    >>> geomspace_int(1, 1000, 4).tolist()
    [1, 10, 100, 1000]
    >>> geomspace_int(1, 4, 6).tolist()       # duplicates dropped
    [1, 2, 3, 4]
    """
    start = check_positive_int(start, "start")
    # integers beyond 2**53 are not all floats: rounding could repeat them
    stop = check_positive_int(stop, "stop", maximum=2**53)
    num = check_positive_int(num, "num", minimum=2, maximum=MAX_ELEMENTS)
    if stop <= start:
        raise ValueError(f"stop must be > start, got start={start}, stop={stop}")
    grid = np.rint(np.geomspace(start, stop, num)).astype(np.int64)
    return np.unique(grid)
