"""Plots for :mod:`execmath.linesearch`: one-dimensional slices
:math:`\\varphi(\\alpha) = f(x + \\alpha p)` with the sufficient-decrease
line and the trial steps of a search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from execmath import linesearch
from execmath._validate import InputTypeError
from execmath.linesearch import _callable, _count, _real_scalar, _real_vector
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.descent import _records, _strings
from execmath.viz.style import PALETTE

__all__ = ["plot_armijo", "plot_line_search"]

_REJECT, _ACCEPT, _SLICE = PALETTE[1], PALETTE[2], PALETTE[0]


def _check_result(result: Any, f0: float, name: str = "result"
                  ) -> linesearch.LineSearchResult:
    """A LineSearchResult made on the slice whose value at 0 is f0."""
    if not isinstance(result, linesearch.LineSearchResult):
        raise InputTypeError(f"{name} must be a LineSearchResult, got "
                             f"{type(result).__name__}")
    if abs(result.f0 - f0) > 1e-12 * max(1.0, abs(f0)):
        raise ValueError(f"{name} must come from the slice at x along p: "
                         f"its f0 = {result.f0!r} but f(x) = {f0!r}")
    return result


def _slice(f: Callable, x: Any, p: Any, alpha_max: float, n_grid: int
           ) -> tuple[np.ndarray, np.ndarray]:
    a = np.linspace(0.0, alpha_max, n_grid)                     # (m,)
    try:
        return a, linesearch.line_values(f, x, p, a)
    except ValueError as exc:
        raise ValueError(f"{exc} (window up to alpha_max = {alpha_max!r})"
                         ) from exc


def _step_axis(ax: Axes, alpha_max: float) -> None:
    """Step axis in units of a power of ten when the steps are small, with
    plain tick labels (no crowded 0.00025-style labels)."""
    e = int(np.floor(np.log10(alpha_max))) if alpha_max > 0 else 0
    if e <= -2:
        scale = 10.0 ** e
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _: f"{v / scale:g}"))
        ax.set_xlabel(rf"step $\alpha$ ($\times 10^{{{e}}}$)")
    else:
        ax.set_xlabel(r"step $\alpha$")


def _window(results: Sequence[linesearch.LineSearchResult],
            alpha_max: float | None) -> float:
    if alpha_max is not None:
        return _real_scalar(alpha_max, "alpha_max", lo=0.0)
    return 1.08 * max(float(r.trials.max()) for r in results)


def plot_line_search(
    f: Callable[[np.ndarray], Any],
    x: Any,
    p: Any,
    result: linesearch.LineSearchResult,
    *,
    alpha_max: float | None = None,
    y_max: float | None = None,
    n_grid: int = 400,
    ax: Axes | None = None,
) -> Axes:
    r"""One backtracking search on its slice, trials marked.

    Draws :math:`\varphi(\alpha)`, the tangent
    :math:`\varphi(0) + \alpha\varphi'(0)` (dotted), the Armijo line
    :math:`\varphi(0) + c\alpha\varphi'(0)` (dashed), shades the
    sufficient-decrease region where :math:`\varphi` lies below the line,
    and marks each trial: rejected ones with a cross joined to the line by
    a vertical segment (the violation), the accepted one with a dot.

    Parameters
    ----------
    f : callable
    x, p : array_like, shape (n,)
        The slice: base point and search direction.
    result : LineSearchResult
        A search made from ``x`` along ``p``.
    alpha_max : float, optional
        Right end of the window; default a little beyond the largest trial.
    y_max : float, optional
        Top of the window, above :math:`\varphi(0)`; trials above it are
        drawn as triangles on the top edge. Default: everything visible.
    n_grid : int, default 400
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    f = _callable(f, "f")
    x = _real_vector(x, "x")
    p = _real_vector(p, "p", x.size, "x")
    n_grid = _count(n_grid, "n_grid", lo=2, hi=100_000)
    check_ax(ax)
    result = _check_result(result, linesearch.line_values(f, x, p, [0.0])[0])
    if y_max is not None:
        y_max = _real_scalar(y_max, "y_max", lo=result.f0)
    a, phi = _slice(f, x, p, _window([result], alpha_max), n_grid)
    ax = get_ax(ax)
    f0, s0, c = result.f0, result.slope0, result.c
    bound = f0 + c * a * s0
    ax.plot(a, phi, color=_SLICE, lw=2.0,
            label=r"$\varphi(\alpha) = f(x + \alpha p)$")
    ax.plot(a, f0 + a * s0, ":", color="0.45", lw=1.2,
            label=r"tangent $\varphi(0) + \alpha\varphi'(0)$")
    ax.plot(a, bound, "--", color=_REJECT, lw=1.4,
            label=rf"Armijo line, $c = {c:g}$")
    ax.fill_between(a, phi, bound, where=phi <= bound, color=_ACCEPT,
                    alpha=0.18, lw=0, label="sufficient decrease")
    top = y_max if y_max is not None else max(
        float(phi.max()), float(np.max(result.values[np.isfinite(
            result.values)], initial=f0)))
    lo = min(float(phi.min()), float(bound.min()))
    pad = 0.05 * (top - lo)
    first = {"X": "rejected trial", "^": "rejected, above the window"}
    for k, (ak, vk) in enumerate(zip(result.trials, result.values)):
        accepted = result.success and k == result.n_trials - 1
        if ak > a[-1]:
            continue
        if not np.isfinite(vk) or vk > top:      # off the top: a triangle
            ax.plot(ak, top, "^", color=_REJECT, mec="k", ms=8, zorder=5,
                    clip_on=False, label=first.pop("^", None))
            ax.annotate(f"$k={k}$", (ak, top), textcoords="offset points",
                        xytext=(6, -12), fontsize=8)
            continue
        if accepted:
            ax.plot(ak, vk, "o", color=_ACCEPT, mec="k", ms=9, zorder=5,
                    label=rf"accepted $\alpha = {ak:.3g}$")
        else:
            ax.plot([ak, ak], [f0 + c * ak * s0, vk], "-", color=_REJECT,
                    lw=1.0, alpha=0.7)
            ax.plot(ak, vk, "X", color=_REJECT, mec="k", ms=8, zorder=5,
                    label=first.pop("X", None))
        ax.annotate(f"$k={k}$", (ak, vk), textcoords="offset points",
                    xytext=(6, 4), fontsize=8)
    ax.set_xlim(0.0, a[-1])
    ax.set_ylim(lo - pad, top + pad)
    _step_axis(ax, float(a[-1]))
    ax.set_ylabel(r"$\varphi(\alpha)$")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_armijo(
    f: Callable[[np.ndarray], Any],
    x: Any,
    p: Any,
    results: Sequence[linesearch.LineSearchResult],
    *,
    labels: Sequence[str] | None = None,
    alpha_max: float | None = None,
    n_grid: int = 400,
    ax: Axes | None = None,
) -> Axes:
    r"""Armijo lines for several searches on one slice, accepted steps marked.

    Draws :math:`\varphi(\alpha)` once; then, in its own colour, each
    search's line :math:`\varphi(0) + c\alpha\varphi'(0)` (once per
    distinct :math:`c`), its rejected trials as small open circles on
    :math:`\varphi` and its accepted step as a large dot with a drop line.
    Searches with different :math:`c` show how a stricter constant shrinks
    the acceptable steps; searches with different :math:`\beta` show
    different trial grids against the same line.

    Parameters
    ----------
    f : callable
    x, p : array_like, shape (n,)
    results : sequence of LineSearchResult
        Searches made from ``x`` along ``p``.
    labels : sequence of str, optional
        Legend text per search.
    alpha_max, n_grid, ax
        As in :func:`plot_line_search`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    f = _callable(f, "f")
    x = _real_vector(x, "x")
    p = _real_vector(p, "p", x.size, "x")
    n_grid = _count(n_grid, "n_grid", lo=2, hi=100_000)
    check_ax(ax)
    results = _records(results, linesearch.LineSearchResult, "results")
    f0 = linesearch.line_values(f, x, p, [0.0])[0]
    results = [_check_result(r, f0, "results") for r in results]
    labels = _strings(labels, len(results), "labels")
    a, phi = _slice(f, x, p, _window(results, alpha_max), n_grid)
    ax = get_ax(ax)
    ax.plot(a, phi, color="k", lw=2.0,
            label=r"$\varphi(\alpha) = f(x + \alpha p)$")
    drawn: set[float] = set()
    colors = [PALETTE[(i + 1) % 7] for i in range(len(results))]
    single_c = len({r.c for r in results}) == 1
    for i, (r, col) in enumerate(zip(results, colors)):
        line_col = "0.35" if single_c else col
        if r.c not in drawn:
            ax.plot(a, r.f0 + r.c * a * r.slope0, "--", color=line_col,
                    lw=1.3, label=rf"$\varphi(0) + {r.c:g}\,\alpha"
                                  r"\varphi'(0)$")
            drawn.add(r.c)
        rej = r.rejected
        rej_vals = r.values[:rej.size]
        inside = (rej <= a[-1]) & np.isfinite(rej_vals)
        ax.plot(rej[inside], rej_vals[inside], "o", mfc="none", mec=col,
                ms=5, mew=1.2)
        if r.success:
            ax.plot([r.step, r.step], [phi.min(), r.value], ":", color=col,
                    lw=1.0)
            ax.plot(r.step, r.value, "o", color=col, mec="k", ms=9,
                    zorder=5, label=labels[i])
    lo, hi = float(phi.min()), float(max(phi.max(), f0))
    pad = 0.06 * (hi - lo if hi > lo else 1.0)
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_xlim(0.0, a[-1])
    _step_axis(ax, float(a[-1]))
    ax.set_ylabel(r"$\varphi(\alpha)$")
    ax.legend(loc="best", fontsize=8)
    return ax
