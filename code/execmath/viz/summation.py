"""Plots for :mod:`execmath.summation`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from execmath.summation import SummationErrors
from execmath.viz._axes import get_ax

__all__ = ["plot_summation_errors"]

# (field of SummationErrors, legend label, marker); drawn in this order so
# the colours follow the book's palette: naive, pairwise, Kahan.
_METHODS = (
    ("naive", "naive (left to right)", "o"),
    ("pairwise", "pairwise (tree)", "s"),
    ("kahan", "Kahan (compensated)", "^"),
)


def plot_summation_errors(
    result: SummationErrors,
    *,
    ax: Axes | None = None,
    methods: tuple[str, ...] = ("naive", "pairwise", "kahan"),
    show_bounds: bool = True,
) -> Axes:
    r"""Relative error against the number of summands, on log-log axes.

    One line per summation method; with ``show_bounds`` a dashed line for
    the worst-case bound :math:`(n-1)u` of naive summation (relative, for
    summands of one sign) and a dotted line at the unit roundoff :math:`u`.
    An error of exactly 0 (the sum came out correctly rounded) cannot sit
    on a log axis: it is drawn at :math:`u/16` with a hollow marker, and the
    legend says so.

    Parameters
    ----------
    result : SummationErrors
        Output of :func:`execmath.summation.summation_errors`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    methods : tuple of str
        Any of "naive", "pairwise", "kahan".
    show_bounds : bool, default True
        Draw the :math:`(n-1)u` and :math:`u` reference lines.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(result, SummationErrors):
        raise ValueError(
            f"result must be a SummationErrors record, got "
            f"{type(result).__name__}"
        )
    known = {name for name, _, _ in _METHODS}
    if not methods or set(methods) - known:
        raise ValueError(
            f"methods must be a non-empty subset of {sorted(known)}, "
            f"got {methods!r}"
        )
    ax = get_ax(ax)
    n = np.asarray(result.n, dtype=np.float64)  # (k,)
    floor = result.u / 16
    any_zero = False
    for colour, (name, label, marker) in enumerate(_METHODS):
        if name not in methods:
            continue
        err = np.asarray(getattr(result, name))  # (k,)
        zero = err == 0
        any_zero |= bool(zero.any())
        shown = np.where(zero, floor, err)
        ax.plot(n, shown, marker=marker, markersize=4, color=f"C{colour}",
                label=label)
        if zero.any():
            ax.plot(n[zero], shown[zero], linestyle="none", marker=marker,
                    markersize=7, markerfacecolor="white",
                    color=f"C{colour}")
    if show_bounds:
        ax.plot(n, (n - 1) * result.u, linestyle="--", color="0.35",
                linewidth=1.0, label=r"bound $(n-1)u$")
        ax.axhline(result.u, linestyle=":", color="0.35", linewidth=1.0,
                   label=rf"$u = 2^{{{int(round(np.log2(result.u)))}}}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("number of summands $n$")
    ax.set_ylabel(f"relative error ({result.dtype})")
    if any_zero:
        ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white",
                color="0.35", label=r"error exactly 0 (drawn at $u/16$)")
    ax.legend(loc="upper left")
    return ax
