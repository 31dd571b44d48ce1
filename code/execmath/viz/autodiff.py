r"""Plots for :mod:`execmath.autodiff`: a computational graph in two lanes.

The forward lane shows each node's value, the reverse lane (drawn under
it, node for node) its adjoint :math:`\bar v = \partial f / \partial v`,
with every backward edge labelled by the local derivative it multiplies
by.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from execmath._validate import check_positive_int
from execmath.autodiff import GraphSummary
from execmath.viz._axes import check_ax, check_format, check_record, get_ax
from execmath.viz.style import PALETTE

__all__ = ["node_expression", "plot_sensitivity_flow"]

# How each op is written in a forward box; {0}, {1} are the parents' names.
_EXPR = {
    "add": "{0} + {1}", "sub": "{0} - {1}", "mul": r"{0}\,{1}",
    "div": "{0}/{1}", "neg": "-{0}", "sin": r"\sin {0}",
    "cos": r"\cos {0}", "tanh": r"\tanh {0}", "exp": "e^{{{0}}}",
    "log": r"\log {0}",
}

_DX = 2.7          # horizontal distance between levels
_ROW = 1.15        # vertical distance between rows of one lane
_BOX_W, _BOX_H = 1.75, 0.78


def node_expression(summary: GraphSummary, k: int) -> str:
    """Mathtext (without ``$``) defining node ``k``, e.g. ``a = x_1\\,x_2``.

    ``k`` indexes ``summary.names`` (``0 <= k < len(summary.names)``).

    Examples
    --------
    >>> from execmath import autodiff as ad
    >>> s = ad.describe_graph(ad.tanh_sin_graph(0.8, -0.5)[0])
    >>> node_expression(s, 0)
    'x_1'
    """
    check_record(summary, GraphSummary, "summary")
    k = check_positive_int(k, "k", minimum=0,
                           maximum=len(summary.names) - 1)
    name = summary.names[k]
    op = summary.ops[k]
    parents = [summary.names[p] for p in summary.parents[k]]
    if not parents:
        return name
    if op.startswith("pow"):
        return f"{name} = {parents[0]}^{{{op[3:]}}}"
    fmt = _EXPR.get(op, op + "(" + ", ".join("{%d}" % i
                                             for i in range(len(parents)))
                    + ")")
    return f"{name} = " + fmt.format(*parents)


def _bar(name: str) -> str:
    """``x_1`` -> ``\\bar{x}_1``: the bar over the symbol, not the index."""
    base, sep, sub = name.partition("_")
    return r"\bar{" + base + "}" + sep + sub


def _positions(summary: GraphSummary) -> list[tuple[float, int]]:
    """(x, row) of every node: x from its level, row = order within it."""
    seen: dict[int, int] = {}
    out = []
    for level in summary.levels:
        row = seen.get(level, 0)
        seen[level] = row + 1
        out.append((level * _DX, row))
    return out


def _box(ax: Axes, x: float, y: float, text: str, color: str) -> None:
    ax.add_patch(FancyBboxPatch(
        (x - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H,
        boxstyle="round,pad=0.04,rounding_size=0.12",
        facecolor=color, edgecolor="0.2", linewidth=1.0, alpha=0.9))
    ax.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float],
           color: str) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.3,
                            "shrinkA": 0, "shrinkB": 0})


def _edge_points(p: tuple[float, float], c: tuple[float, float]
                 ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Points on the right edge of box ``p`` and the left edge of ``c``."""
    return (p[0] + _BOX_W / 2, p[1]), (c[0] - _BOX_W / 2, c[1])


def plot_sensitivity_flow(summary: GraphSummary, *, ax: Axes | None = None,
                          fmt: str = "{:.3f}") -> Axes:
    r"""Draw a computational graph as two lanes: values and adjoints.

    Top lane: every node with its defining expression and forward value,
    arrows pointing from inputs to output. Bottom lane, node for node
    under it: the adjoint :math:`\bar v = \partial f/\partial v`, arrows
    pointing back from the output, each labelled with the local derivative
    :math:`\partial v_k / \partial v_j` that the adjoint is multiplied by
    on its way. A node with several children shows the sum of the paths.

    Parameters
    ----------
    summary : GraphSummary
        From :func:`execmath.autodiff.describe_graph`.
    ax : Axes, optional
    fmt : str
        Format of the numbers (``str.format`` syntax).

    Examples
    --------
    >>> from execmath import autodiff as ad
    >>> s = ad.describe_graph(ad.tanh_sin_graph(0.8, -0.5)[0])
    >>> ax = plot_sensitivity_flow(s, fmt="{:.2f}")
    >>> len(ax.patches) == 2 * len(s.names)     # a box per node and lane
    True
    """
    check_record(summary, GraphSummary, "summary")
    fmt = check_format(fmt, "fmt")
    check_ax(ax)
    ax = get_ax(ax)

    def num(value: float) -> str:        # a true minus sign, not a hyphen
        return fmt.format(value).replace("-", "\u2212")

    pos = _positions(summary)
    rows = 1 + max(r for _, r in pos)
    lane_gap = 0.9
    top0 = rows * _ROW + lane_gap            # y of row 0 of the value lane
    fwd = [(x, top0 - r * _ROW) for x, r in pos]
    bwd = [(x, -r * _ROW) for x, r in pos]   # row 0 of the adjoint lane at 0
    blue, orange = PALETTE[5], PALETTE[4]

    for k, (x, y) in enumerate(fwd):
        _box(ax, x, y, "$" + node_expression(summary, k) + "$\n"
             + num(summary.values[k]), blue)
        _box(ax, x, bwd[k][1],
             "$" + _bar(summary.names[k]) + "$\n"
             + num(summary.adjoints[k]), orange)

    for parent, child, local in summary.edges:
        s, e = _edge_points(fwd[parent], fwd[child])
        _arrow(ax, s, e, "0.25")
        s, e = _edge_points(bwd[parent], bwd[child])
        _arrow(ax, e, s, PALETTE[1])         # backward: child -> parent
        mx, my = (s[0] + e[0]) / 2, (s[1] + e[1]) / 2
        ax.text(mx, my + 0.08, r"$\times$" + num(local),
                ha="center", va="bottom", fontsize=8.5, color=PALETTE[1],
                bbox={"facecolor": "white", "edgecolor": "none",
                      "pad": 0.5, "alpha": 0.85})

    # fan-out: spell out the sum of the paths under the adjoint box
    for j in range(len(summary.names)):
        outs = [(c, g) for p, c, g in summary.edges if p == j]
        if len(outs) > 1:
            terms = " + ".join(
                num(summary.adjoints[c]) + r"$\cdot$(" + num(g) + ")"
                for c, g in outs)
            ax.text(bwd[j][0], bwd[j][1] + _BOX_H / 2 + 0.06,
                    "sum of paths: " + terms, ha="center", va="bottom",
                    fontsize=8, color="0.25")

    xmin = -_BOX_W / 2 - 1.6
    ax.text(xmin + 0.05, top0 - (rows - 1) * _ROW / 2,
            "forward:\nvalues $v$", ha="left", va="center", fontsize=10,
            fontweight="bold", color="0.2")
    ax.text(xmin + 0.05, -(rows - 1) * _ROW / 2,
            "reverse:\nadjoints\n" + r"$\bar v = \partial f/\partial v$",
            ha="left", va="center", fontsize=10, fontweight="bold",
            color=PALETTE[1])
    fwd_bottom = top0 - (rows - 1) * _ROW - _BOX_H / 2
    ax.axhline((fwd_bottom + _BOX_H / 2) / 2, color="0.7", lw=0.8, ls="--")
    xmax = max(x for x, _ in pos) + _BOX_W / 2 + 0.2
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(-(rows - 1) * _ROW - _BOX_H / 2 - 0.2,
                top0 + _BOX_H / 2 + 0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
