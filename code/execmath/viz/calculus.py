"""Plots for :mod:`execmath.calculus`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from execmath import calculus
from execmath._validate import as_float_array, check_finite_scalar
from execmath.viz._axes import get_ax

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
    """
    x0 = check_finite_scalar(x0, "x0")
    slope = check_finite_scalar(slope, "slope")
    halfwidth = check_finite_scalar(halfwidth, "halfwidth", positive=True)
    ax = get_ax(ax)
    x = np.linspace(x0 - halfwidth, x0 + halfwidth, 400)     # (400,)
    fx0 = float(f(np.array(x0)))
    ax.plot(x, f(x), color="C0", label="$f(x)$")
    ax.plot(x, fx0 + slope * (x - x0), color="C1", ls="--",
            label=r"tangent $t(x)$")
    ax.plot([x0], [fx0], "o", color="k", ms=5, zorder=3)
    ax.annotate("$x_0$", (x0, fx0), textcoords="offset points",
                xytext=(6, -14))
    if zoom is not None:
        zoom = check_finite_scalar(zoom, "zoom", positive=True)
        ax.axvspan(x0 - zoom, x0 + zoom, color="0.85", zorder=0,
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
    """
    h = as_float_array(h, "h", ndim=1)
    gap = as_float_array(gap, "gap", ndim=1)
    if gap.shape != h.shape or np.any(h <= 0) or np.any(gap <= 0):
        raise ValueError(
            f"gap must be > 0 with h's shape {h.shape}, got {gap.shape}"
        )
    curvature = check_finite_scalar(curvature, "curvature")
    ax = get_ax(ax)
    ax.loglog(h, gap, "o", color="C0", ms=4,
              label=r"$|f(x_0+h) - t(x_0+h)|$")
    ax.loglog(h, 0.5 * abs(curvature) * h**2, color="C1", ls="--",
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
    halfwidth : float, default 2.0
        Plot ``x`` in ``[x0 - halfwidth, x0 + halfwidth]``.
    ax : matplotlib Axes, optional
    """
    d = as_float_array(derivs_at_x0, "derivs_at_x0", ndim=1)
    x0 = check_finite_scalar(x0, "x0")
    halfwidth = check_finite_scalar(halfwidth, "halfwidth", positive=True)
    if not orders or max(orders) >= d.size or min(orders) < 0:
        raise ValueError(
            f"orders must lie in [0, {d.size - 1}], got {list(orders)}"
        )
    ax = get_ax(ax)
    x = np.linspace(x0 - halfwidth, x0 + halfwidth, 400)     # (400,)
    fx = f(x)
    ax.plot(x, fx, color="C0", lw=2.2, label="$f(x)$")
    styles = ["--", "-.", ":", (0, (5, 1))]
    for i, k in enumerate(orders):
        ax.plot(x, calculus.taylor_polynomial(d[: k + 1], x0, x),
                color=f"C{i + 1}", ls=styles[i % len(styles)],
                label=f"$T_{k}$: {_ORDER_NAMES.get(k, f'order {k}')}")
    ax.plot([x0], [d[0]], "o", color="k", ms=5, zorder=3)
    # Keep the view on f: polynomials shoot off far from x0.
    pad = 0.35 * (fx.max() - fx.min())
    ax.set_ylim(fx.min() - pad, fx.max() + pad)
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
    """
    h = as_float_array(h, "h", ndim=1)
    if np.any(h <= 0):
        raise ValueError(f"h must be > 0, got min {h.min()!r}")
    if not errors:
        raise ValueError("errors must contain at least one curve, got none")
    ax = get_ax(ax)
    for i, (label, err) in enumerate(errors.items()):
        err = as_float_array(err, "errors", ndim=1)
        if err.shape != h.shape:
            raise ValueError(
                f"errors[{label!r}] must have h's shape {h.shape}, "
                f"got {err.shape}"
            )
        ax.loglog(h, err, color=f"C{i}", marker="o", ms=3, label=label)
        if ref_slopes and label in ref_slopes:
            p = float(ref_slopes[label])
            ref = err[-1] * (h / h[-1]) ** p
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
    """
    if not sweeps or not all(isinstance(s, calculus.StepSweep)
                             for s in sweeps):
        raise ValueError(
            "sweeps must be a non-empty sequence of StepSweep, got "
            f"{type(sweeps).__name__}"
        )
    ax = get_ax(ax)
    for i, s in enumerate(sweeps):
        color = f"C{i}"
        ax.loglog(s.h, s.error, color=color,
                  label=f"{s.method} (order {s.order})")
        ax.plot([s.h_best], [s.error_best], "o", color=color, ms=6)
        h_star = calculus.optimal_step(s.method, eps)
        ax.axvline(h_star, color=color, ls="--", lw=1.1,
                   label=rf"$h_{{\mathrm{{opt}}}} = \varepsilon^{{1/{s.order + 1}}}$"
                         f" = {h_star:.1e}")
    ax.set_xlabel("step $h$")
    ax.set_ylabel("RMS error of $f'$ estimate")
    ax.legend(loc="lower left")
    return ax
