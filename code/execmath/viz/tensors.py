"""Plots for :mod:`execmath.tensors`: broadcasting grids, shape diagrams
and timing curves."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from execmath import tensors
from execmath._validate import check_positive_int
from execmath.viz._axes import (
    check_ax,
    check_format,
    check_plot_data,
    check_record,
    get_ax,
)
from execmath.viz.style import PALETTE

__all__ = [
    "plot_batched_matmul_shapes",
    "plot_broadcast_sum",
    "plot_matmul_timings",
]

_GAP = 1.6  # horizontal space between grids, in cell widths


def _draw_grid(ax: Axes, values: np.ndarray, x0: float, *,
               solid: np.ndarray, facecolors: np.ndarray,
               fmt: str) -> None:
    """Draw an (m, n) grid of annotated cells with its top-left at (x0, 0).

    Cells where ``solid`` is False are the stretched copies: faded, with a
    dashed edge and grey text.
    """
    m, n = values.shape
    for i in range(m):
        for j in range(n):
            is_solid = bool(solid[i, j])
            ax.add_patch(Rectangle(
                (x0 + j, -i - 1), 1, 1,
                facecolor=facecolors[i, j],
                alpha=1.0 if is_solid else 0.35,
                edgecolor="black" if is_solid else "0.45",
                linestyle="-" if is_solid else "--",
                linewidth=1.4 if is_solid else 0.8))
            ax.text(x0 + j + 0.5, -i - 0.5, fmt.format(values[i, j]),
                    ha="center", va="center", fontsize=9,
                    color="black" if is_solid else "0.35")


def plot_broadcast_sum(u, v, *, ax: Axes | None = None,
                       fmt: str = "{:g}") -> Axes:
    """Draw ``u[:, None] + v[None, :]`` as three annotated grids.

    Left: the column ``(m, 1)`` stretched to ``(m, n)``; middle: the row
    ``(1, n)`` stretched to ``(m, n)``; right: their sum, coloured by value.
    The operand's own entries are drawn solid; the copies broadcasting
    makes (without storing them) are faded with dashed edges.

    Parameters
    ----------
    u : array_like, shape (m,)
        Column entries.
    v : array_like, shape (n,)
        Row entries.
    ax : Axes, optional
    fmt : str
        Format for the cell annotations (``str.format`` syntax).

    Each operand may have at most 20 entries (every cell is drawn and
    annotated) of magnitude at most 1e300.

    Examples
    --------
    >>> ax = plot_broadcast_sum([0.0, 10.0], [1.0, 2.0, 3.0])
    >>> len(ax.patches)        # three 2 x 3 grids
    18
    """
    u = check_plot_data(u, "u", ndim=1)
    v = check_plot_data(v, "v", ndim=1)
    for arr, name in ((u, "u"), (v, "v")):
        if arr.size > 20:
            raise ValueError(f"{name} must have at most 20 entries (each "
                             f"cell is drawn), got {arr.size}")
    fmt = check_format(fmt, "fmt")
    check_ax(ax)
    m, n = u.size, v.size
    col = tensors.stretch(u[:, None], (m, n))      # (m, n)
    row = tensors.stretch(v[None, :], (m, n))      # (m, n)
    total = tensors.outer_sum(u, v)                # (m, n)
    ax = get_ax(ax)

    solid_col = np.zeros((m, n), bool)
    solid_col[:, 0] = True
    solid_row = np.zeros((m, n), bool)
    solid_row[0, :] = True
    blue = np.full((m, n), PALETTE[5], dtype=object)
    orange = np.full((m, n), PALETTE[4], dtype=object)
    cmap = colormaps["viridis"]
    norm = Normalize(total.min(), total.max() + 1e-300)
    heat = np.empty((m, n), dtype=object)
    for i in range(m):
        for j in range(n):
            # light end of viridis so the black annotations stay readable
            heat[i, j] = cmap(0.45 + 0.5 * norm(total[i, j]))

    xs = [0.0, n + _GAP, 2 * (n + _GAP)]
    _draw_grid(ax, col, xs[0], solid=solid_col, facecolors=blue, fmt=fmt)
    _draw_grid(ax, row, xs[1], solid=solid_row, facecolors=orange, fmt=fmt)
    _draw_grid(ax, total, xs[2], solid=np.ones((m, n), bool),
               facecolors=heat, fmt=fmt)
    for x, sym in ((xs[1] - _GAP / 2, "+"), (xs[2] - _GAP / 2, "=")):
        ax.text(x, -m / 2, sym, ha="center", va="center", fontsize=18)
    labels = (f"column $({m}, 1)$ stretched\nto $({m}, {n})$",
              f"row $(1, {n})$ stretched\nto $({m}, {n})$",
              f"sum $u_i + v_j$, shape $({m}, {n})$")
    for x, label in zip(xs, labels):
        ax.text(x + n / 2, -m - 0.35, label, ha="center", va="top",
                fontsize=9)
    ax.set_xlim(-0.2, xs[2] + n + 0.2)
    ax.set_ylim(-m - 1.3, 0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _draw_stack(ax: Axes, x0: float, rows: int, cols: int, sheets: int,
                color: str, *, row_label: str, col_label: str,
                name: str, highlight: str | None = None) -> float:
    """Draw a stack of ``sheets`` offset rectangles; return its right edge.

    ``highlight`` ("rows" or "cols") colours the edge that carries the
    contracted axis.
    """
    dx = dy = 0.22
    shown = min(sheets, 4)
    for s in reversed(range(shown)):
        ax.add_patch(Rectangle((x0 + s * dx, s * dy), cols, rows,
                               facecolor=color, edgecolor="black",
                               alpha=0.9 if s == 0 else 0.45,
                               linewidth=1.0))
    k_color = PALETTE[1]
    ax.text(x0 + cols / 2, -0.25, col_label, ha="center", va="top",
            fontsize=10,
            color=k_color if highlight == "cols" else "black")
    ax.text(x0 - 0.2, rows / 2, row_label, ha="right", va="center",
            fontsize=10,
            color=k_color if highlight == "rows" else "black")
    top = rows + (shown - 1) * dy
    right = x0 + cols + (shown - 1) * dx
    ax.annotate("", xy=(right + 0.05, top + 0.05), xytext=(x0 + cols, rows),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.text(right + 0.1, top + 0.1, "b", fontsize=10, color="0.3")
    ax.text(x0 + cols / 2, rows / 2, name, ha="center", va="center",
            fontsize=12, fontweight="bold")
    return right


def plot_batched_matmul_shapes(b: int, m: int, k: int, n: int, *,
                               ax: Axes | None = None) -> Axes:
    """Shape diagram of ``(b, m, k) @ (b, k, n) -> (b, m, n)``.

    Each operand is a stack of ``b`` matrices (at most four sheets are
    drawn); rectangle sides are proportional to the sizes, and the
    contracted axis ``k`` is coloured.

    Examples
    --------
    >>> ax = plot_batched_matmul_shapes(8, 3, 4, 2)
    >>> ax.get_title().startswith("$(8, 3, 4)")
    True
    """
    b, m, k, n = (check_positive_int(v, name) for v, name in
                  ((b, "b"), (m, "m"), (k, "k"), (n, "n")))
    check_ax(ax)
    ax = get_ax(ax)
    scale = 3.0 / max(m, k, n)     # largest side drawn 3 units long
    hm, wk, wn = m * scale, k * scale, n * scale
    hk = k * scale
    x = 0.8
    right = _draw_stack(ax, x, hm, wk, b, PALETTE[5], row_label="m",
                        col_label="k", name="A", highlight="cols")
    ax.text(right + 0.6, hm / 2, "@", ha="center", va="center",
            fontsize=16)
    x = right + 1.7
    right = _draw_stack(ax, x, hk, wn, b, PALETTE[4], row_label="k",
                        col_label="n", name="B", highlight="rows")
    ax.text(right + 0.6, max(hm, hk) / 2, "=", ha="center",
            va="center", fontsize=16)
    x = right + 1.7
    right = _draw_stack(ax, x, hm, wn, b, PALETTE[2], row_label="m",
                        col_label="n", name="C")
    ax.set_title(f"$({b}, {m}, {k})\\;@\\;({b}, {k}, {n})"
                 f"\\;\\to\\;({b}, {m}, {n})$   "
                 r"$C_{bij}=\sum_k A_{bik}B_{bkj}$")
    ax.set_xlim(0, right + 0.6)
    ax.set_ylim(-0.9, max(hm, hk) + 1.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def plot_matmul_timings(study: tensors.MatmulTimingStudy, *,
                        ax: Axes | None = None) -> Axes:
    """Seconds per call against batch size, log-log, for three methods.

    The ratio loop / vectorised at the largest batch size is written next
    to the curves.
    """
    check_record(study, tensors.MatmulTimingStudy, "study")
    check_ax(ax)
    ax = get_ax(ax)
    bs = study.batch_sizes
    m, k, n = study.shape
    series = (
        (study.loop, "o-", "Python loops over $b, i, j, k$"),
        (study.per_batch, "s-", "Python loop over $b$, 2-D @"),
        (study.vectorised, "^-", "np.matmul (vectorised)"),
    )
    for times, style, label in series:
        ax.plot(bs, times, style, label=label, markersize=4)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel(f"batch size $b$  (each matrix ${m}\\times{k}$ "
                  f"@ ${k}\\times{n}$)")
    ax.set_ylabel("seconds per call (best)")
    ratio = study.speedup()[-1]
    # the ratio sits right of the last batch size, clear of the curves
    ax.annotate(f"loops vs\nnp.matmul:\n{ratio:,.0f}\u00d7",
                xy=(bs[-1], np.sqrt(study.loop[-1] * study.per_batch[-1])),
                xytext=(5, 0), textcoords="offset points", ha="left",
                va="center", fontsize=8.5)
    ax.set_xlim(bs[0] / 1.5, bs[-1] * 5)
    ax.set_xticks(bs, [str(int(v)) for v in bs])   # only measured sizes
    ax.minorticks_off()
    ax.vlines(bs[-1], study.vectorised[-1], study.loop[-1],
              colors="0.4", linestyles=":", linewidth=1.0)
    ax.legend(loc="upper left")
    return ax
