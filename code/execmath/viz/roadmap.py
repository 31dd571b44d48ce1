"""Plots for :mod:`execmath.roadmap`: the book's chapters as a map.

The positions come from :func:`execmath.roadmap.layout` (one column per
part); this module only draws: one marker per chapter, one arrow per
dependency, and an optional highlighted chain.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from execmath import roadmap
from execmath._validate import InputTypeError
from execmath.viz._axes import check_ax, check_record, get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_roadmap"]

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII")


def _check_names(names: Any, n_parts: int) -> tuple[str, ...] | None:
    if names is None:
        return None
    if isinstance(names, (str, bytes)) or not isinstance(names, (list,
                                                                 tuple)):
        raise InputTypeError(f"part_names must be a list of str, got "
                             f"{type(names).__name__}")
    if not all(isinstance(s, str) for s in names):
        raise InputTypeError("part_names must hold str entries only")
    if len(names) < n_parts:
        raise ValueError(f"part_names has {len(names)} entries but the "
                         f"graph has {n_parts} parts")
    return tuple(names)


def plot_roadmap(graph: roadmap.Graph, *, highlight: Any = None,
                 part_names: Any = None, ax: Axes | None = None) -> Axes:
    """Draw a chapter graph: parts as columns, dependencies as arrows.

    Parameters
    ----------
    graph : Graph
        From :func:`execmath.roadmap.make_graph` or ``book_graph()``; its
        ``parts`` must be numbered ``1..P`` without gaps (``P <= 12``).
    highlight : sequence of int, optional
        A chain of nodes (e.g. :func:`execmath.roadmap.longest_chain`)
        whose markers and consecutive edges are drawn in the accent colour.
    part_names : list of str, optional
        Column headings under the part numerals, one per part.
    ax : matplotlib Axes, optional

    Returns
    -------
    Axes
        One scatter collection (one marker per node) and one
        ``FancyArrowPatch`` per edge.
    """
    check_record(graph, roadmap.Graph, "graph")
    # re-validate fields (a Graph may have been built by hand) and get xy
    graph = roadmap.make_graph(graph.nodes, graph.edges or np.empty((0, 2)),
                               graph.parts)
    parts = sorted(set(graph.parts))
    if parts != list(range(1, len(parts) + 1)) or len(parts) > len(_ROMAN):
        raise ValueError(f"graph parts must be 1..P with P <= {len(_ROMAN)}"
                         f", got {parts}")
    names = _check_names(part_names, len(parts))
    chain: tuple[int, ...] = ()
    if highlight is not None:
        arr = roadmap._int_array(highlight, "highlight", ndim=1)
        chain = tuple(arr.tolist())
        missing = set(chain) - set(graph.nodes)
        if missing:
            raise ValueError(f"highlight has nodes {sorted(missing)} that "
                             "are not in the graph")
    check_ax(ax)
    xy = roadmap.layout(graph)                              # (n, 2)
    ax = get_ax(ax)

    pos = {v: xy[i] for i, v in enumerate(graph.nodes)}
    on_chain = set(zip(chain[:-1], chain[1:]))
    for u, v in graph.edges:
        hot = (u, v) in on_chain
        (x0, y0), (x1, y1) = pos[u], pos[v]
        # bend arrows that skip a node of their own column (1 -> 3) or a
        # whole column, so that they do not run straight through a disc
        if x0 == x1:
            rad = 0.45 if y0 - y1 > 1.01 else 0.0
        else:
            rad = 0.12 if x1 - x0 > 1.01 else 0.0
        arrow = FancyArrowPatch(
            (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=9,
            connectionstyle=f"arc3,rad={rad}", shrinkA=9, shrinkB=9,
            color=PALETTE[1] if hot else "0.6",
            linewidth=1.6 if hot else 0.7, alpha=1.0 if hot else 0.75,
            zorder=3 if hot else 1)
        ax.add_patch(arrow)
    colours = [PALETTE[1] if v in chain else PALETTE[0]
               for v in graph.nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=260, c=colours, zorder=4,
               edgecolors="white", linewidths=0.8)
    for (x, y), v in zip(xy, graph.nodes):
        ax.text(x, y, str(v), ha="center", va="center", color="white",
                fontsize=7.5, fontweight="bold", zorder=5)
    top = float(xy[:, 1].max()) + 0.45
    for p in parts:
        label = _ROMAN[p - 1] if names is None else (
            f"{_ROMAN[p - 1]}\n{names[p - 1]}")
        ax.text(p, top, label, ha="center", va="bottom", fontsize=8)
    ax.set_xlim(0.4, len(parts) + 0.6)
    ax.set_ylim(float(xy[:, 1].min()) - 0.45, top + (0.55 if names else 0.3))
    ax.set_axis_off()
    return ax
