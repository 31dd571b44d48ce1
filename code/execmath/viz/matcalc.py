r"""Plots for :mod:`execmath.matcalc`: JVP/VJP bar charts and mode costs."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from execmath.matcalc import LayerProducts, ModeCostStudy
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_layer_products", "plot_mode_costs"]

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
    """
    if not isinstance(products, LayerProducts):
        raise ValueError(
            f"products must be a LayerProducts (matcalc.layer_products), "
            f"got {type(products).__name__}"
        )
    if mode not in ("jvp", "vjp"):
        raise ValueError(f"mode must be 'jvp' or 'vjp', got {mode!r}")
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
    """
    if not isinstance(study, ModeCostStudy):
        raise ValueError(
            f"study must be a ModeCostStudy (matcalc.mode_cost_study), "
            f"got {type(study).__name__}"
        )
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
