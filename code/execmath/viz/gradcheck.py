"""Plots for :mod:`execmath.gradcheck`: finite-difference against analytic
gradients (a parity plot) and the relative residuals against the bound the
step size predicts."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import gradcheck
from execmath._validate import InputTypeError, as_float_array
from execmath.typeset import sci
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_gradcheck_residuals", "plot_gradient_parity"]


def _check_record(check: Any, name: str) -> gradcheck.GradCheck:
    if not isinstance(check, gradcheck.GradCheck):
        raise InputTypeError(
            f"{name} must be a GradCheck from gradcheck.gradient_check, got "
            f"{type(check).__name__}")
    return check


def _check_pair(check, bug):
    check = _check_record(check, "check")
    if bug is not None:
        bug = _check_record(bug, "bug")
        if bug.analytic.shape != check.analytic.shape:
            raise ValueError(
                f"bug must check as many parameters as check "
                f"({check.analytic.size}), got {bug.analytic.size}")
    return check, bug


def plot_gradient_parity(check: Any, *, bug: Any = None,
                         ax: Axes | None = None) -> Axes:
    r"""Central differences (vertical) against the analytic gradient
    (horizontal), one point per parameter, with the line :math:`y = x`.

    ``bug``, a second :class:`~execmath.gradcheck.GradCheck` of the same
    parameters with a wrong analytic gradient, is drawn as crosses.
    """
    check, bug = _check_pair(check, bug)
    ax = get_ax(ax)
    pts = [check.analytic, check.numerical]
    if bug is not None:
        pts += [bug.analytic]
    lim = 1.08 * max(float(np.max(np.abs(p))) for p in pts)
    ax.plot([-lim, lim], [-lim, lim], color="0.45", lw=1.0, ls="--",
            label="$y = x$", zorder=1)
    if bug is not None:
        ax.plot(bug.analytic, bug.numerical, "x", color=PALETTE[1], ms=4,
                mew=1.0, alpha=0.8, label="planted bug", zorder=2)
    ax.plot(check.analytic, check.numerical, "o", color=PALETTE[0], ms=3.5,
            alpha=0.8, label="engine", zorder=3)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("autodiff gradient entry")
    ax.set_ylabel("central difference")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_gradcheck_residuals(check: Any, bound: Any, *, bug: Any = None,
                             ax: Axes | None = None) -> Axes:
    r"""Relative error of every parameter's gradient (log scale) with the
    bound the step size predicts, turned into the same relative units:

    .. math::

        \frac{|g_i - \hat g_i|}{\max(|g_i|, |\hat g_i|, \tau)}
        \quad\text{against}\quad
        \frac{b_i}{\max(|g_i|, |\hat g_i|, \tau)},

    with :math:`b_i` from :func:`~execmath.gradcheck.central_difference_bound`
    and the check's floor :math:`\tau`. ``bug`` is drawn as crosses, and
    the check's tolerance as a dotted line.
    """
    check, bug = _check_pair(check, bug)
    bound = as_float_array(bound, "bound")
    n = check.analytic.size
    if bound.ndim != 1 or bound.size != n:
        raise ValueError(f"bound must have shape ({n},), got {bound.shape}")
    if np.any(bound <= 0):
        raise ValueError(f"bound must be > 0, got min {bound.min()!r}")
    den = np.maximum(np.maximum(np.abs(check.analytic),
                                np.abs(check.numerical)), check.floor)
    with np.errstate(over="ignore"):
        rel_bound = bound / den
    if not np.all(np.isfinite(rel_bound)):
        raise ValueError("bound is too large to draw in relative units "
                         "(bound / floor exceeds the float64 range)")
    idx = np.arange(n)
    tiny = 1e-17
    ax = get_ax(ax)
    ax.semilogy(idx, rel_bound, "_", color="0.35", ms=5,
                label="bound from $h$ (truncation + rounding)")
    ax.semilogy(idx, np.maximum(check.rel_error, tiny), "o",
                color=PALETTE[0], ms=2.5, label="engine")
    if bug is not None:
        ax.semilogy(idx, np.maximum(bug.rel_error, tiny), "x",
                    color=PALETTE[1], ms=3.5, mew=0.9, label="planted bug")
    ax.axhline(check.tol, color=PALETTE[2], ls=":", lw=1.2,
               label=f"tolerance {sci(check.tol)}")
    top = max(float(np.max(rel_bound)), check.tol,
              float(np.max(bug.rel_error)) if bug is not None else 0.0)
    ax.set_ylim(1e-17, 30 * top)            # room below the data: legend
    ax.set_xlim(-1, n)
    ax.set_xlabel("parameter index")
    ax.set_ylabel("relative error")
    ax.legend(loc="lower center", fontsize=7.5, ncol=2)
    return ax
