"""Plots for :mod:`execmath.numerics`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from execmath import numerics
from execmath.viz._axes import (
    check_ax,
    check_plot_scalar,
    check_record,
    get_ax,
)

__all__ = ["plot_cancellation_error"]


def plot_cancellation_error(
    report: numerics.CancellationReport,
    *,
    ax: Axes | None = None,
    floor: float = 1e-19,
) -> Axes:
    r"""Relative error of naive vs stable :math:`\sqrt{x+1}-\sqrt{x}`.

    Draws, on log-log axes: the two measured relative errors; the unit
    roundoff :math:`u` as a horizontal reference; the prediction
    :math:`\kappa_{-} u` of the subtraction's condition number (about
    :math:`4xu`); and a vertical line at :math:`x = 2^{53}`, beyond which
    ``x + 1`` is not a float (``fl(x + 1)`` is ``x`` or ``x + 2``).

    Parameters
    ----------
    report : CancellationReport
        From :func:`execmath.numerics.cancellation_experiment`.
    ax : matplotlib Axes, optional
    floor : float, default 1e-19
        Errors below ``floor`` (exact zeros included) are drawn at
        ``floor`` so that they stay visible on the log axis; in
        ``[1e-300, 1)`` (the y-axis spans ``floor / 2`` to 10).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from execmath import numerics
    >>> rep = numerics.cancellation_experiment([1.0, 1e8, 1e16])
    >>> ax = plot_cancellation_error(rep)
    >>> ax.get_yscale(), len(ax.get_lines())
    ('log', 5)
    """
    check_record(report, numerics.CancellationReport, "report")
    floor = check_plot_scalar(floor, "floor", positive=True)
    if not 1e-300 <= floor < 1.0:
        raise ValueError(f"floor must be in [1e-300, 1), got {floor!r}")
    check_ax(ax)
    ax = get_ax(ax)
    x = report.x
    u = numerics.unit_roundoff()
    a, b = np.sqrt(x + 1.0), np.sqrt(x)          # the subtraction's operands
    predicted = numerics.subtraction_condition(a, b) * u
    predicted = np.where(np.isfinite(predicted), predicted, np.nan)
    ax.loglog(x, np.maximum(report.err_naive, floor), "o-", ms=2.5,
              lw=1.0, color="C1", label=r"naive $\sqrt{x+1}-\sqrt{x}$")
    ax.loglog(x, np.maximum(report.err_stable, floor), "s-", ms=2.5,
              lw=1.0, color="C0", label=r"stable $1/(\sqrt{x+1}+\sqrt{x})$")
    ax.loglog(x, predicted, ":", color="0.35",
              label=r"$\kappa_{-}\,u \approx 4xu$ (subtraction)")
    ax.axhline(u, color="k", ls="--", lw=1.0, label=r"unit roundoff $u$")
    ax.axvline(2.0**53, color="C2", ls="-.", lw=1.0,
               label=r"$x = 2^{53}$: $x+1$ no longer a float")
    ax.set_ylim(floor * 0.5, 10.0)
    ax.set_xlabel(r"$x$")
    ax.set_ylabel("relative error")
    ax.legend(loc="upper left")
    return ax
