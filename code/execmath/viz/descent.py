"""Plots for :mod:`execmath.descent`: descent paths over contour maps and
the progress of runs against their cost (iterations or counted
evaluations)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like

from execmath import descent, surfaces
from execmath._validate import InputTypeError, as_float_array, check_choice
from execmath.linesearch import _callable, _real_scalar, _real_vector
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_paths", "plot_progress"]

_METRICS = {"values": r"$f(x_k) - f^\star$",
            "grad_norms": r"$\|\nabla f(x_k)\|$"}
_COUNTS = {"iterations": "iteration $k$",
           "f_evals": "function evaluations",
           "g_evals": "gradient evaluations",
           "evals": "function + gradient evaluations"}
_LINESTYLES = ("-", "--", ":", "-.")
_LEGEND_LOCS = ("best", "upper right", "upper left", "lower left",
                "lower right", "right", "center left", "center right",
                "lower center", "upper center", "center")


# --------------------------------------------------------------------------
# validation shared with execmath.viz.linesearch
# --------------------------------------------------------------------------


def _sequence(values: Any, name: str) -> list:
    """A list from a list, tuple or 1-D array (never a bare string)."""
    if isinstance(values, (list, tuple)):
        return list(values)
    if isinstance(values, np.ndarray) and values.ndim == 1:
        return values.tolist()
    raise InputTypeError(f"{name} must be a list or tuple, got "
                         f"{type(values).__name__}")


def _strings(values: Any, n: int, name: str) -> list[str | None]:
    """None (n Nones) or exactly n strings."""
    if values is None:
        return [None] * n
    values = _sequence(values, name)
    if len(values) != n or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{name} must be {n} strings, got {values!r:.80}")
    return values


def _colors(values: Any, n: int, name: str = "colors") -> list[str | None]:
    """None or n matplotlib colour specifications."""
    values = _strings(values, n, name)
    for v in values:
        if v is not None and not is_color_like(v):
            raise ValueError(f"{name} must be matplotlib colours, got "
                             f"{v!r:.40}")
    return values


def _records(values: Any, cls: type, name: str) -> list:
    """A non-empty list of ``cls`` records (one record is accepted too)."""
    if isinstance(values, cls):
        return [values]
    values = _sequence(values, name)
    if not values:
        raise ValueError(f"{name} must hold at least one {cls.__name__}, "
                         "got 0")
    for v in values:
        if not isinstance(v, cls):
            raise InputTypeError(f"{name} must hold {cls.__name__} records, "
                                 f"got {type(v).__name__}")
    return values


def _limits(lim: Any, name: str) -> tuple[float, float]:
    """(lo, hi), finite, lo < hi, with a representable width."""
    arr = _real_vector(lim, name, 2)
    lo, hi = float(arr[0]), float(arr[1])
    if not lo < hi or not np.isfinite(hi - lo) or hi - lo > 1e300:
        raise ValueError(f"{name} must be (lo, hi) with lo < hi and a "
                         f"width below 1e300, got ({lo!r}, {hi!r})")
    return lo, hi


def _levels(levels: Any) -> int | np.ndarray:
    """A number of contour levels (1 to 200) or increasing finite values."""
    if isinstance(levels, (int, np.integer)) and not isinstance(
            levels, (bool, np.bool_)):
        if not 1 <= levels <= 200:
            raise ValueError(f"levels must be in [1, 200], got {levels!r}")
        return int(levels)
    arr = _real_vector(levels, "levels")
    if arr.size > 200 or np.any(np.diff(arr) <= 0):
        raise ValueError(f"levels must be at most 200 increasing values, got "
                         f"{arr.size} values")
    return arr


# --------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------

def plot_progress(
    traces: Sequence[descent.Trace],
    *,
    metric: str = "values",
    count: str = "evals",
    f_star: float = 0.0,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    linestyles: Sequence[str] | None = None,
    level: float | None = None,
    level_label: str | None = None,
    legend_loc: str = "best",
    ax: Axes | None = None,
) -> Axes:
    r"""Progress of descent runs against their cost, log y-axis.

    Parameters
    ----------
    traces : sequence of Trace
    metric : {"values", "grad_norms"}
        ``"values"`` plots the gap :math:`f(x_k) - f^\star`; entries that
        are not positive (rounding reached :math:`f^\star`) are left out.
    count : {"iterations", "f_evals", "g_evals", "evals"}
        The cost on the x-axis: cumulative counted evaluations.
    f_star : float, default 0
        The minimum value, for ``metric="values"``.
    labels, colors : sequence of str, optional
        One per trace.
    linestyles : sequence of {"-", "--", ":", "-."}, optional
    level : float, optional
        A horizontal reference line (a tolerance, a stall level), > 0.
    level_label : str, optional
    legend_loc : str, default "best"
        A matplotlib legend location ("best" is slow for long runs).
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    traces = _records(traces, descent.Trace, "traces")
    metric = check_choice(metric, "metric", tuple(_METRICS))
    count = check_choice(count, "count", tuple(_COUNTS))
    f_star = _real_scalar(f_star, "f_star")
    n = len(traces)
    labels = _strings(labels, n, "labels")
    colors = _colors(colors, n)
    styles = _strings(linestyles, n, "linestyles")
    if any(s is not None and s not in _LINESTYLES for s in styles):
        raise ValueError(f"linestyles must be among {_LINESTYLES}, got "
                         f"{styles!r:.80}")
    if level is not None:
        level = _real_scalar(level, "level", lo=0.0)
    if level_label is not None and not isinstance(level_label, str):
        raise InputTypeError(f"level_label must be a str, got "
                             f"{type(level_label).__name__}")
    legend_loc = check_choice(legend_loc, "legend_loc", _LEGEND_LOCS)
    ys = []
    for t in traces:
        with np.errstate(over="ignore", invalid="ignore"):
            y = t.values - f_star if metric == "values" else t.grad_norms
        if not np.all(np.abs(y) <= 1e300):
            raise ValueError("f_star is outside the supported range: the "
                             "plotted gaps f(x_k) - f_star exceed 1e300")
        ys.append(np.where(y > 0, y, np.nan))                   # (k + 1,)
    ax = get_ax(ax)
    for i, (t, y) in enumerate(zip(traces, ys)):
        xs = (np.arange(y.size) if count == "iterations"
              else getattr(t, count))
        ax.semilogy(xs, y, color=colors[i] or PALETTE[i % len(PALETTE)],
                    ls=styles[i] or "-", lw=1.6, label=labels[i])
    if level is not None:
        ax.axhline(level, color="0.4", lw=1.0, ls=":", label=level_label)
    ax.set_xlabel(_COUNTS[count])
    ax.set_ylabel(_METRICS[metric])
    if any(lab is not None for lab in labels) or level_label is not None:
        ax.legend(loc=legend_loc, fontsize=8)
    return ax


def _path(run: Any) -> np.ndarray:
    """Iterates (k + 1, 2) of a Trace, or a given array of that shape."""
    path = run.iterates if isinstance(run, descent.Trace) else run
    arr = as_float_array(path, "runs", ndim=2)
    if arr.shape[1] != 2:
        raise ValueError(f"runs must be 2-D paths of shape (k + 1, 2), got "
                         f"shape {arr.shape}")
    return arr


def plot_paths(
    f: Callable[[np.ndarray], Any],
    runs: Sequence[Any],
    *,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    levels: Any = 12,
    x_star: Any = None,
    max_markers: int = 150,
    legend_loc: str = "best",
    ax: Axes | None = None,
) -> Axes:
    """Descent paths over the contour lines of a 2-D function.

    Each path is a polyline; paths with at most ``max_markers`` iterates
    also get a dot per iterate (longer ones would be a smear). The start
    of the first path is a black square, ``x_star`` a star. Equal axis
    scales, so angles (zig-zag, orthogonality to contours) are true.

    Parameters
    ----------
    f : callable
        Vectorised: points (..., 2) -> values (...).
    runs : sequence of Trace or array_like (k + 1, 2)
    labels, colors : sequence of str, optional
        One per run; colours default to the book palette.
    xlim, ylim : (float, float)
    levels : int or array_like
        Number of contour levels (1 to 200) or increasing level values.
    x_star : array_like, shape (2,), optional
    max_markers : int, default 150
    legend_loc : str, default "best"
        A matplotlib legend location.
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    f = _callable(f, "f")
    if isinstance(runs, descent.Trace) or (
            isinstance(runs, np.ndarray) and runs.ndim == 2):
        runs = [runs]
    runs = _sequence(runs, "runs")
    if not runs:
        raise ValueError("runs must hold at least one path, got 0")
    paths = [_path(r) for r in runs]
    labels = _strings(labels, len(paths), "labels")
    colors = _colors(colors, len(paths))
    x_lim, y_lim = _limits(xlim, "xlim"), _limits(ylim, "ylim")
    levels = _levels(levels)
    if x_star is not None:
        x_star = _real_vector(x_star, "x_star", 2)
    if isinstance(max_markers, (bool, np.bool_)) or not isinstance(
            max_markers, (int, np.integer)):
        raise InputTypeError(f"max_markers must be an integer, got "
                             f"{type(max_markers).__name__}")
    if not 0 <= max_markers <= 10**6:
        raise ValueError(f"max_markers must be in [0, 1000000], got "
                         f"{max_markers!r}")
    legend_loc = check_choice(legend_loc, "legend_loc", _LEGEND_LOCS)
    X, Y = surfaces.grid(x_lim, y_lim, 181)                   # (181, 181)
    try:
        with np.errstate(all="ignore"):
            Z = np.asarray(f(np.stack([X, Y], axis=-1)))
    except (ArithmeticError, ValueError) as exc:
        raise ValueError(f"f failed on the xlim x ylim window: {exc}") from exc
    if Z.dtype.kind not in "iuf" or Z.shape != X.shape:
        raise ValueError(f"f must map points (..., 2) to real values (...), "
                         f"got dtype {Z.dtype} and shape {Z.shape} for a grid "
                         f"of shape {X.shape}")
    if not np.isfinite(Z).all():
        raise ValueError("f is not finite everywhere on the xlim x ylim "
                         "window")
    ax = get_ax(ax)
    ax.contour(X, Y, Z.astype(np.float64), levels=levels, colors="0.65",
               linewidths=0.7, negative_linestyles="solid")
    for i, path in enumerate(paths):
        col = colors[i] or PALETTE[i % len(PALETTE)]
        style = "-o" if path.shape[0] <= max_markers else "-"
        ax.plot(path[:, 0], path[:, 1], style, color=col, ms=3, lw=1.3,
                label=labels[i], zorder=3)
    ax.plot(*paths[0][0], "s", color="k", ms=6, zorder=4, label="start")
    if x_star is not None:
        ax.plot(*x_star, marker="*", ms=14, color=PALETTE[4], mec="k",
                ls="none", zorder=4, label="minimiser")
    ax.set_xlim(x_lim)
    ax.set_ylim(y_lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc=legend_loc, fontsize=8)
    return ax
