"""Plots for :mod:`execmath.calculus`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from execmath import calculus
from execmath._validate import InputTypeError, check_finite_scalar
from execmath.viz._axes import (
    check_ax,
    check_flag,
    check_label,
    check_plot_data,
    check_plot_scalar,
    check_records,
    check_span,
    eval_on_grid,
    get_ax,
    padded_range,
    plottable,
)

__all__ = [
    "plot_loglog_errors",
    "plot_step_size_sweep",
    "plot_tangent",
    "plot_tangent_gap",
    "plot_taylor_models",
]

_ORDER_NAMES = {0: "constant", 1: "linear (tangent)", 2: "quadratic",
                3: "cubic"}


def plot_tangent(f: Callable, x0: float, slope: float, *,
                 halfwidth: float = 1.5, zoom: float | None = None,
                 legend: bool = True, ax: Axes | None = None) -> Axes:
    r"""Graph of ``f`` near ``x0`` with its tangent line.

    The tangent is :math:`t(x) = f(x_0) + f'(x_0)(x - x_0)`. With ``zoom``
    set, a shaded band marks the window :math:`|x - x_0| \le` ``zoom``
    that a second panel can magnify.

    Parameters
    ----------
    f : callable
        Vectorised scalar function.
    x0 : float
        Point of tangency.
    slope : float
        :math:`f'(x_0)`.
    halfwidth : float, default 1.5
        Plot ``x`` in ``[x0 - halfwidth, x0 + halfwidth]``, > 0.
    zoom : float, optional
        Half-width of a window to shade, > 0.
    legend : bool, default True
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import numpy as np
    >>> ax = plot_tangent(np.sin, 0.5, np.cos(0.5), zoom=0.2)
    >>> [line.get_label() for line in ax.get_lines()[:2]]
    ['$f(x)$', 'tangent $t(x)$']
    """
    x0 = check_plot_scalar(x0, "x0")
    slope = check_finite_scalar(slope, "slope")
    halfwidth = check_finite_scalar(halfwidth, "halfwidth", positive=True)
    with np.errstate(over="ignore"):
        lo, hi = x0 - halfwidth, x0 + halfwidth
    check_span(lo, hi, "x0 +- halfwidth")
    if zoom is not None:
        zoom = check_finite_scalar(zoom, "zoom", positive=True)
        check_span(x0 - min(zoom, halfwidth), x0 + min(zoom, halfwidth),
                   "x0 +- zoom")
    legend = check_flag(legend, "legend")
    check_ax(ax)
    x = np.linspace(lo, hi, 400)                             # (400,)
    fx = eval_on_grid(f, x, "f")                             # (400,)
    fx0 = float(eval_on_grid(f, np.array([x0]), "f")[0])
    with np.errstate(over="ignore", invalid="ignore"):
        tangent = fx0 + slope * (x - x0)                     # (400,)
    if not plottable(tangent):
        raise ValueError(f"slope {slope!r} makes the tangent leave the "
                         f"plottable range over x0 +- halfwidth")
    ax = get_ax(ax)
    ax.plot(x, fx, color="C0", label="$f(x)$")
    ax.plot(x, tangent, color="C1", ls="--",
            label=r"tangent $t(x)$")
    ax.plot([x0], [fx0], "o", color="k", ms=5, zorder=3)
    ax.annotate("$x_0$", (x0, fx0), textcoords="offset points",
                xytext=(6, -14))
    if zoom is not None:
        # clipped to the plotted range (a wider window shades it all)
        ax.axvspan(max(lo, x0 - zoom), min(hi, x0 + zoom), color="0.85", zorder=0,
                   label="zoom window")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    if legend:
        ax.legend(loc="upper left")
    return ax


def plot_tangent_gap(h, gap, curvature: float, *,
                     ax: Axes | None = None) -> Axes:
    r"""Gap between a function and its tangent against the offset ``h``.

    Taylor's theorem predicts
    :math:`|f(x_0 + h) - t(x_0 + h)| \approx \tfrac12 |f''(x_0)|\, h^2`,
    a line of slope 2 on log-log axes; it is drawn dashed.

    Parameters
    ----------
    h : array_like, shape (k,)
        Offsets > 0.
    gap : array_like, shape (k,)
        Measured gaps > 0.
    curvature : float
        :math:`f''(x_0)`.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> ax = plot_tangent_gap([1e-3, 1e-2, 1e-1], [5e-7, 5e-5, 5e-3], 1.0)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    """
    h = check_plot_data(h, "h", ndim=1, positive=True)
    gap = check_plot_data(gap, "gap", ndim=1)
    if gap.shape != h.shape or np.any(gap <= 0):
        raise ValueError(
            f"gap must be > 0 with h's shape {h.shape}, got {gap.shape}"
        )
    curvature = check_finite_scalar(curvature, "curvature")
    with np.errstate(over="ignore", under="ignore"):
        model = 0.5 * abs(curvature) * h**2                  # (k,)
    if not plottable(model):
        raise ValueError("h and curvature make the model |f''| h^2 / 2 "
                         "leave the plottable range")
    check_ax(ax)
    ax = get_ax(ax)
    ax.loglog(h, gap, "o", color="C0", ms=4,
              label=r"$|f(x_0+h) - t(x_0+h)|$")
    ax.loglog(h, model, color="C1", ls="--",
              label=r"$\frac{1}{2}|f''(x_0)|\,h^2$")
    ax.set_xlabel("offset $h$")
    ax.set_ylabel("gap to tangent")
    ax.legend(loc="upper left")
    return ax


def plot_taylor_models(f: Callable, derivs_at_x0, x0: float, *,
                       orders: Sequence[int] = (1, 2),
                       halfwidth: float = 2.0,
                       ax: Axes | None = None) -> Axes:
    """Function and its Taylor polynomials of the given ``orders``.

    Parameters
    ----------
    f : callable
        Vectorised scalar function.
    derivs_at_x0 : array_like, shape (k + 1,)
        :math:`f(x_0), f'(x_0), \\dots, f^{(k)}(x_0)`, k >= max(orders).
    x0 : float
        Expansion point.
    orders : sequence of int, default (1, 2)
        At most 10 orders, each in ``[0, k]``.
    halfwidth : float, default 2.0
        Plot ``x`` in ``[x0 - halfwidth, x0 + halfwidth]``.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import numpy as np
    >>> ax = plot_taylor_models(np.exp, [1.0, 1.0, 1.0], 0.0, orders=(1, 2))
    >>> len(ax.get_lines())            # f, T_1, T_2 and the point x0
    4
    """
    d = check_plot_data(derivs_at_x0, "derivs_at_x0", ndim=1)
    x0 = check_plot_scalar(x0, "x0")
    halfwidth = check_finite_scalar(halfwidth, "halfwidth", positive=True)
    if (isinstance(orders, (str, bytes))
            or not isinstance(orders, (Sequence, np.ndarray))
            or not all(isinstance(k, (int, np.integer))
                       and not isinstance(k, (bool, np.bool_))
                       for k in orders)):
        raise InputTypeError(f"orders must be a sequence of int, got "
                             f"{orders!r:.60}")
    if (not 1 <= len(orders) <= 10 or max(orders) >= d.size
            or min(orders) < 0):
        raise ValueError(
            f"orders must hold 1 to 10 orders in [0, {d.size - 1}] "
            f"(derivs_at_x0 has {d.size} entries), got {list(orders)}"
        )
    with np.errstate(over="ignore"):
        lo, hi = x0 - halfwidth, x0 + halfwidth
    check_span(lo, hi, "x0 +- halfwidth")
    check_ax(ax)
    x = np.linspace(lo, hi, 400)                             # (400,)
    fx = eval_on_grid(f, x, "f")                             # (400,)
    models = []
    for k in orders:
        t = calculus.taylor_polynomial(d[: k + 1], x0, x)
        if not plottable(t):
            raise ValueError(f"the order-{k} Taylor model of derivs_at_x0 "
                             f"leaves the plottable range on x0 +- "
                             f"halfwidth")
        models.append(t)
    # Keep the view on f: polynomials shoot off far from x0.
    pad = 0.35 * (fx.max() - fx.min())
    y_lo, y_hi = padded_range(fx.min() - pad, fx.max() + pad)
    ax = get_ax(ax)
    ax.plot(x, fx, color="C0", lw=2.2, label="$f(x)$")
    styles = ["--", "-.", ":", (0, (5, 1))]
    for i, (k, t) in enumerate(zip(orders, models)):
        ax.plot(x, t, color=f"C{i + 1}", ls=styles[i % len(styles)],
                label=f"$T_{k}$: {_ORDER_NAMES.get(k, f'order {k}')}")
    ax.plot([x0], [d[0]], "o", color="k", ms=5, zorder=3)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="best")
    return ax


def plot_loglog_errors(h, errors: Mapping[str, np.ndarray], *,
                       ref_slopes: Mapping[str, float] | None = None,
                       xlabel: str = "step $h$",
                       ylabel: str = "absolute error",
                       ax: Axes | None = None) -> Axes:
    """Errors against step on log-log axes, with optional reference slopes.

    A straight line of slope ``p`` on these axes is an error
    :math:`C h^p`. Each reference line is drawn dotted through the right
    end of the curve with the same key, so that parallel means "same order".

    Parameters
    ----------
    h : array_like, shape (k,)
        Steps > 0.
    errors : mapping of label -> array of shape (k,)
        Errors > 0 to draw, one curve each.
    ref_slopes : mapping of label -> float, optional
        For some labels of ``errors``, the slope of a reference line.
    xlabel, ylabel : str
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> ax = plot_loglog_errors([1e-3, 1e-2], {"forward": [1e-3, 1e-2]},
    ...                         ref_slopes={"forward": 1.0})
    >>> [line.get_label() for line in ax.get_lines()]
    ['forward', 'slope 1 reference']
    """
    h = check_plot_data(h, "h", ndim=1, positive=True)
    if not isinstance(errors, Mapping):
        raise InputTypeError(f"errors must be a mapping from label to "
                             f"array, got {type(errors).__name__}")
    if not 1 <= len(errors) <= 20:
        raise ValueError(f"errors must contain 1 to 20 curves, got "
                         f"{len(errors)}")
    if ref_slopes is not None and not isinstance(ref_slopes, Mapping):
        raise InputTypeError(f"ref_slopes must be a mapping from label to "
                             f"slope, got {type(ref_slopes).__name__}")
    xlabel = check_label(xlabel, "xlabel", optional=False)
    ylabel = check_label(ylabel, "ylabel", optional=False)
    check_ax(ax)
    curves = []
    for label, err in errors.items():
        err = check_plot_data(err, f"errors[{label!r}]", ndim=1)
        if err.shape != h.shape:
            raise ValueError(
                f"errors[{label!r}] must have h's shape {h.shape}, "
                f"got {err.shape}"
            )
        ref = p = None
        if ref_slopes and label in ref_slopes:
            p = check_finite_scalar(ref_slopes[label],
                                    f"ref_slopes[{label!r}]")
            with np.errstate(all="ignore"):
                ref = err[-1] * (h / h[-1]) ** p
            if not plottable(ref):
                raise ValueError(f"ref_slopes[{label!r}] = {p!r} makes the "
                                 f"reference line leave the plottable range")
        curves.append((str(label), err, p, ref))
    ax = get_ax(ax)
    for i, (label, err, p, ref) in enumerate(curves):
        ax.loglog(h, err, color=f"C{i}", marker="o", ms=3, label=label)
        if ref is not None:
            ax.loglog(h, ref, color=f"C{i}", ls=":", lw=1.2,
                      label=f"slope {p:g} reference")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax


def plot_step_size_sweep(sweeps: Sequence[calculus.StepSweep], *,
                         eps: float | None = None,
                         ax: Axes | None = None) -> Axes:
    """Finite-difference error against step, one V-shaped curve per method.

    Each sweep is drawn with a marker at its smallest error; a dashed
    vertical line marks the rule-of-thumb optimum
    :func:`execmath.calculus.optimal_step` of its method for ``eps``.

    Parameters
    ----------
    sweeps : sequence of StepSweep
        Results of :func:`execmath.calculus.step_error_sweep`.
    eps : float, optional
        Relative accuracy of the function values (default float64's).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import numpy as np
    >>> from execmath import calculus
    >>> sw = calculus.step_error_sweep(np.sin, [0.5], [np.cos(0.5)],
    ...                                np.logspace(-12, -1, 12))
    >>> ax = plot_step_size_sweep([sw])
    >>> ax.get_xscale()
    'log'
    """
    sweeps = check_records(sweeps, calculus.StepSweep, "sweeps")
    if len(sweeps) > 10:
        raise ValueError(f"sweeps must hold at most 10 sweeps, got "
                         f"{len(sweeps)}")
    h_stars = [calculus.optimal_step(s.method, eps) for s in sweeps]
    check_ax(ax)
    ax = get_ax(ax)
    for i, (s, h_star) in enumerate(zip(sweeps, h_stars)):
        color = f"C{i}"
        ax.loglog(s.h, s.error, color=color,
                  label=f"{s.method} (order {s.order})")
        ax.plot([s.h_best], [s.error_best], "o", color=color, ms=6)
        ax.axvline(h_star, color=color, ls="--", lw=1.1,
                   label=rf"$h_{{\mathrm{{opt}}}} = \varepsilon^{{1/{s.order + 1}}}$"
                         f" = {h_star:.1e}")
    ax.set_xlabel("step $h$")
    ax.set_ylabel("RMS error of $f'$ estimate")
    ax.legend(loc="lower left")
    return ax
