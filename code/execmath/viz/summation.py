"""Plots for :mod:`execmath.summation`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FormatStrFormatter

from execmath.summation import SummationErrors
from execmath.viz._axes import check_ax, check_flag, check_record, get_ax

__all__ = ["plot_errors_in_units", "plot_summation_errors"]

# (field of SummationErrors, legend label, marker); drawn in this order so
# the colours follow the book's palette: naive, pairwise, Kahan.
_METHODS = (
    ("naive", "naive (left to right)", "o"),
    ("pairwise", "pairwise (tree)", "s"),
    ("kahan", "Kahan (compensated)", "^"),
)


def _check_methods(methods, allowed) -> tuple[str, ...]:
    """A non-empty tuple/list of distinct names from ``allowed``."""
    if (not isinstance(methods, (tuple, list)) or not methods
            or not all(isinstance(m, str) for m in methods)
            or set(methods) - set(allowed)):
        raise ValueError(
            f"methods must be a non-empty tuple from {sorted(allowed)}, "
            f"got {methods!r:.80}"
        )
    return tuple(methods)


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

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.summation import summation_errors
    >>> x = np.random.default_rng(0).uniform(0, 1, 1000)
    >>> res = summation_errors(x, [10, 100, 1000])
    >>> ax = plot_summation_errors(res, show_bounds=False)
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:2]
    ['naive (left to right)', 'pairwise (tree)']
    """
    check_record(result, SummationErrors, "result")
    methods = _check_methods(methods, [name for name, _, _ in _METHODS])
    show_bounds = check_flag(show_bounds, "show_bounds")
    check_ax(ax)
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


#: First-order error bounds in units of u (Higham 2002, ch. 4), as
#: functions of n, for the methods plot_errors_in_units can draw.
_UNIT_BOUNDS = {
    "pairwise": (lambda n: np.ceil(np.log2(n)),
                 r"bound $\lceil\log_2 n\rceil u$"),
    "kahan": (lambda n: np.full(n.shape, 2.0), r"bound $2u$"),
}


def plot_errors_in_units(
    result: SummationErrors,
    *,
    methods: tuple[str, ...] = ("pairwise", "kahan"),
    ax: Axes | None = None,
) -> Axes:
    r"""Errors of the accurate methods in units of :math:`u`, with bounds.

    Pairwise and Kahan summation are both far below the naive error, and
    drawn as lines on the naive error's axes they hide each other. Here
    the y-axis counts units of roundoff (relative error / :math:`u`, log
    scale), each method's markers are shifted slightly left or right of
    their :math:`n` so that the two never overlap, and each method has its
    own first-order bound: the staircase :math:`\lceil \log_2 n \rceil u`
    for pairwise and :math:`2u` for Kahan. An error of exactly 0 (the sum
    came out correctly rounded) cannot sit on a log axis: it is drawn as a
    hollow marker at the bottom of the Axes, and the legend says so.

    Parameters
    ----------
    result : SummationErrors
        Output of :func:`execmath.summation.summation_errors`.
    methods : tuple of str
        A non-empty subset of ``("pairwise", "kahan")``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.summation import summation_errors
    >>> x = np.random.default_rng(0).uniform(0, 1, 1000)
    >>> ax = plot_errors_in_units(summation_errors(x, [10, 100, 1000]))
    >>> ax.get_yscale()
    'log'
    """
    check_record(result, SummationErrors, "result")
    methods = _check_methods(methods, _UNIT_BOUNDS)
    check_ax(ax)
    n = np.asarray(result.n, dtype=np.float64)                    # (k,)
    errs = {m: np.asarray(getattr(result, m)) / result.u for m in methods}
    nonzero = np.concatenate([e[e > 0] for e in errs.values()])
    # exact zeros sit a factor 2 below the smallest nonzero error
    floor = 0.5 * float(nonzero.min()) if nonzero.size else 1.0 / 16
    labels = {m: lab for m, lab, _ in _METHODS}
    ax = get_ax(ax)
    shifts = np.linspace(-0.05, 0.05, len(methods))     # decades, dodge
    any_zero = False
    for shift, name in zip(shifts, methods):
        colour = "C1" if name == "pairwise" else "C2"
        marker = "s" if name == "pairwise" else "^"
        err = errs[name]                                          # (k,)
        zero = err == 0
        any_zero |= bool(zero.any())
        xs = n * 10.0**shift
        ax.plot(xs[~zero], err[~zero], linestyle="none", marker=marker,
                markersize=5, color=colour, label=labels[name])
        if zero.any():
            ax.plot(xs[zero], np.full(int(zero.sum()), floor),
                    linestyle="none", marker=marker, markersize=6,
                    markerfacecolor="white", color=colour)
        bound, bound_label = _UNIT_BOUNDS[name]
        ax.step(n, bound(n), where="mid", color=colour, linestyle="--",
                linewidth=1.0, label=bound_label)
    if any_zero:
        ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white",
                color="0.35", label="error exactly 0 (at the bottom)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    # units of u read best as plain numbers (0.1, 1, 10), not powers of ten
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.set_xlabel("number of summands $n$")
    ax.set_ylabel(f"relative error / $u$ ({result.dtype})")
    # below the Axes: the markers use the whole plotting area
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2,
              frameon=False)
    return ax
