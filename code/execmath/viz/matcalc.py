r"""Plots for :mod:`execmath.matcalc`: JVP/VJP bar charts and mode costs."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from execmath._validate import check_choice, check_positive_int
from execmath.matcalc import LayerProducts, ModeCostStudy
from execmath.viz._axes import (
    check_ax,
    check_plot_data,
    check_record,
    get_ax,
)
from execmath.viz.style import PALETTE

__all__ = ["plot_jacobian_slices", "plot_layer_products",
           "plot_mode_costs"]

_GAP = 1.5      # space between the input block and the output block of bars


def plot_layer_products(products: LayerProducts, mode: str, *,
                        ax: Axes | None = None) -> Axes:
    r"""Bar chart of a JVP or a VJP of a tanh layer.

    Input space :math:`\mathbb{R}^n` is always the left block of bars,
    output space :math:`\mathbb{R}^m` the right block, so forward and
    reverse panels line up. ``mode="jvp"`` draws the tangent :math:`v` and
    its push-forward :math:`Jv` with an arrow to the right; ``mode="vjp"``
    draws the cotangent :math:`u` and its pull-back :math:`u^\top J` with
    an arrow to the left. The title quotes the scalar that the duality
    identity :math:`u^\top(Jv) = (u^\top J)v` says both panels share.

    Parameters
    ----------
    products : LayerProducts
        From :func:`execmath.matcalc.layer_products`.
    mode : {"jvp", "vjp"}
    ax : Axes, optional

    Examples
    --------
    >>> import numpy as np
    >>> from execmath import matcalc
    >>> rng = np.random.default_rng(0)
    >>> w, b = rng.standard_normal((2, 3)), np.zeros(2)
    >>> p = matcalc.layer_products(w, b, np.ones(3), np.ones(2), np.ones(3))
    >>> ax = plot_layer_products(p, "jvp")
    >>> len(ax.patches) >= 5            # 3 input bars, 2 output bars
    True
    """
    check_record(products, LayerProducts, "products")
    mode = check_choice(mode, "mode", ("jvp", "vjp"))
    check_ax(ax)
    ax = get_ax(ax)
    n, m = products.v.size, products.u.size
    xs_in = np.arange(n)                                  # (n,)
    xs_out = n + _GAP + np.arange(m)                      # (m,)
    if mode == "jvp":
        left, right = products.v, products.jvp
        labels = (f"tangent $v$, shape ({n},)",
                  f"$Jv$, shape ({m},)")
        colors = (PALETTE[0], PALETTE[1])
        title = ("forward mode (JVP): push $v$ forward\n"
                 f"$u^\\top(Jv) = {products.u_dot_jvp:.12f}$")
    else:
        left, right = products.vjp, products.u
        labels = (f"$u^\\top J$, shape ({n},)",
                  f"cotangent $u$, shape ({m},)")
        colors = (PALETTE[2], PALETTE[3])
        title = ("reverse mode (VJP): pull $u$ back\n"
                 f"$(u^\\top J)v = {products.vjp_dot_v:.12f}$")
    ax.bar(xs_in, left, color=colors[0], width=0.75, label=labels[0])
    ax.bar(xs_out, right, color=colors[1], width=0.75, label=labels[1])
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.axvline(n - 0.5 + _GAP / 2, color="0.6", lw=0.8, ls=":")

    top = max(np.abs(left).max(), np.abs(right).max())
    ax.set_ylim(-1.8 * top, 1.6 * top)        # a band for the legend
    y_arrow = 1.3 * top
    x_in, x_out = (n - 1) / 2, float(xs_out.mean())
    start, end = (x_in, x_out) if mode == "jvp" else (x_out, x_in)
    ax.annotate("", xy=(end, y_arrow), xytext=(start, y_arrow),
                arrowprops={"arrowstyle": "-|>", "lw": 1.5, "color": "0.2"})
    op = (r"$J = \mathrm{diag}(1-y^2)\,W$" if mode == "jvp"
          else r"$J^\top = W^\top \mathrm{diag}(1-y^2)$")
    ax.text((x_in + x_out) / 2, y_arrow + 0.04 * top, op, ha="center",
            va="bottom", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xticks(np.concatenate([xs_in, xs_out]),
                  [str(i + 1) for i in range(n)]
                  + [str(i + 1) for i in range(m)])
    for xc, text in ((x_in, f"input space $\\mathbb{{R}}^{{{n}}}$"),
                     (x_out, f"output space $\\mathbb{{R}}^{{{m}}}$")):
        ax.text(xc, -0.13, text, transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=10)
    ax.set_title(title)
    ax.legend(loc="lower left", ncols=2, fontsize=8.5)
    return ax


def plot_mode_costs(study: ModeCostStudy, *, ax: Axes | None = None) -> Axes:
    r"""Flops to build a full Jacobian in forward vs reverse mode.

    Log-log axes; the varying dimension (``n`` or ``m``) on the horizontal
    axis. A dotted vertical line marks :math:`n = m`, where the two modes
    need the same number of sweeps, and the ratio of the two costs at the
    largest size is written next to the curves.

    Parameters
    ----------
    study : ModeCostStudy
        From :func:`execmath.matcalc.mode_cost_study`.
    ax : Axes, optional

    Examples
    --------
    >>> import numpy as np
    >>> from execmath import matcalc
    >>> st = matcalc.mode_cost_study([2, 4, 8], fixed=1, varying="n",
    ...                              hidden=3, rng=np.random.default_rng(0))
    >>> plot_mode_costs(st).get_xscale()
    'log'
    """
    check_record(study, ModeCostStudy, "study")
    check_ax(ax)
    ax = get_ax(ax)
    if study.varying == "n":
        dims, fixed = study.n, int(study.m[0])
        xlabel = f"number of inputs $n$ ($m = {fixed}$ outputs)"
        title = "many inputs, few outputs"
    else:
        dims, fixed = study.m, int(study.n[0])
        xlabel = f"number of outputs $m$ ($n = {fixed}$ inputs)"
        title = "few inputs, many outputs"
    ax.loglog(dims, study.forward_flops, "o-", color=PALETTE[0], ms=4,
              label="forward mode: $n$ JVP sweeps")
    ax.loglog(dims, study.reverse_flops, "s-", color=PALETTE[1], ms=4,
              label="reverse mode: $m$ VJP sweeps")
    ax.axvline(fixed, color="0.5", lw=0.9, ls=":")
    both = np.concatenate([study.forward_flops, study.reverse_flops])
    ax.text(fixed * 1.15, np.sqrt(both.min() * both.max()), "$n = m$",
            fontsize=9, color="0.35")
    ratio = (study.forward_flops[-1] / study.reverse_flops[-1]
             if study.varying == "n"
             else study.reverse_flops[-1] / study.forward_flops[-1])
    winner = "reverse" if study.varying == "n" else "forward"
    x_end = dims[-1] * 1.6
    lo = min(study.forward_flops[-1], study.reverse_flops[-1])
    hi = max(study.forward_flops[-1], study.reverse_flops[-1])
    ax.annotate("", xy=(x_end, lo), xytext=(x_end, hi),
                arrowprops={"arrowstyle": "<->", "color": "0.3", "lw": 1})
    ax.text(x_end * 1.2, np.sqrt(lo * hi),
            f"{winner}\nmode\n{ratio:,.0f}$\\times$\ncheaper",
            ha="left", va="center", fontsize=9)
    ax.set_xlim(right=x_end * 7)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("flops to build the full Jacobian")
    ax.set_title(title + f" (hidden width {study.hidden})")
    ax.legend(loc="upper left")
    return ax


def plot_jacobian_slices(jacobian, column_jvp, row_vjp, *, column: int,
                         row: int, ax: Axes | None = None) -> Axes:
    r"""A Jacobian with the column one JVP computes and the row one VJP
    computes.

    Draws :math:`J \in \mathbb{R}^{m \times n}` as a heat map with every
    entry printed, outlines column ``column`` and row ``row``, and draws
    beside it the vector ``column_jvp`` (meant to be :math:`J e_j`,
    computed by a JVP without forming :math:`J`) and below it ``row_vjp``
    (:math:`e_i^\top J`, from a VJP). Equal colours and numbers show that
    each product recovers one slice of :math:`J`. Indices are 0-based in
    the arguments and printed 1-based on the axes.

    Parameters
    ----------
    jacobian : array_like, shape (m, n)
    column_jvp : array_like, shape (m,)
    row_vjp : array_like, shape (n,)
    column : int
        ``j`` in ``0 .. n - 1``.
    row : int
        ``i`` in ``0 .. m - 1``.
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> J = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> ax = plot_jacobian_slices(J, J[:, 1], J[0], column=1, row=0)
    >>> len(ax.images)                  # J, the column and the row
    3
    """
    J = check_plot_data(jacobian, "jacobian", ndim=2, limit=1e100)
    m, n = J.shape
    col = check_plot_data(column_jvp, "column_jvp", ndim=1, limit=1e100)
    if col.shape != (m,):
        raise ValueError(f"column_jvp must have shape ({m},) like a column "
                         f"of jacobian {J.shape}, got {col.shape}")
    rw = check_plot_data(row_vjp, "row_vjp", ndim=1, limit=1e100)
    if rw.shape != (n,):
        raise ValueError(f"row_vjp must have shape ({n},) like a row of "
                         f"jacobian {J.shape}, got {rw.shape}")
    j = check_positive_int(column, "column", minimum=0, maximum=n - 1)
    i = check_positive_int(row, "row", minimum=0, maximum=m - 1)
    check_ax(ax)
    ax = get_ax(ax)
    top = max(float(np.abs(J).max()), float(np.abs(col).max()),
              float(np.abs(rw).max()))
    top = top if top > 0 else 1.0
    style = {"cmap": "RdBu_r", "vmin": -top, "vmax": top,
             "interpolation": "nearest", "aspect": "equal"}
    x_col, y_row = n + 1.2, m + 1.2                       # strip positions
    ax.imshow(J, extent=(0, n, m, 0), **style)
    ax.imshow(col[:, None], extent=(x_col, x_col + 1, m, 0), **style)
    ax.imshow(rw[None, :], extent=(0, n, y_row + 1, y_row), **style)

    def write(values: np.ndarray, x0: float, y0: float) -> None:
        for (r, c), val in np.ndenumerate(np.atleast_2d(values)):
            ax.text(x0 + c + 0.5, y0 + r + 0.5, f"{val:.2f}", ha="center",
                    va="center", fontsize=7.5,
                    color="white" if abs(val) > 0.6 * top else "black")

    write(J, 0, 0)
    write(col[:, None], x_col, 0)
    write(rw[None, :], 0, y_row)
    c_col, c_row = PALETTE[1], PALETTE[2]
    for xy, w, h, color in (((j, 0), 1, m, c_col), ((x_col, 0), 1, m, c_col),
                            ((0, i), n, 1, c_row), ((0, y_row), n, 1, c_row)):
        ax.add_patch(Rectangle(xy, w, h, fill=False, ec=color, lw=2.5,
                               zorder=3))
    ax.annotate("", xy=(x_col + 0.5, -0.05), xytext=(j + 0.5, -0.05),
                arrowprops={"arrowstyle": "-|>", "color": c_col, "lw": 1.5,
                            "connectionstyle": "arc3,rad=-0.25"})
    ax.annotate("", xy=(-0.05, y_row + 0.5), xytext=(-0.05, i + 0.5),
                arrowprops={"arrowstyle": "-|>", "color": c_row, "lw": 1.5,
                            "connectionstyle": "arc3,rad=0.4"})
    ax.text(x_col + 1.25, m / 2,
            f"$J e_{{{j + 1}}}$\none JVP,\n$v = e_{{{j + 1}}}$",
            ha="left", va="center", fontsize=9, color=c_col)
    ax.text(n + 0.25, y_row + 0.5,
            f"$e_{{{i + 1}}}^\\top J$: one VJP, $u = e_{{{i + 1}}}$",
            ha="left", va="center", fontsize=9, color=c_row)
    ax.set_xticks(np.arange(n) + 0.5, [str(k + 1) for k in range(n)])
    ax.set_yticks(np.arange(m) + 0.5, [str(k + 1) for k in range(m)])
    ax.tick_params(length=0)
    ax.set_xlabel(f"input index (column of $J$), $n = {n}$")
    ax.set_ylabel(f"output index (row of $J$), $m = {m}$")
    ax.set_xlim(-1.2, x_col + 4.2)
    ax.set_ylim(y_row + 1.4, -1.6)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
    return ax
