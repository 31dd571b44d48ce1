"""Plots for :mod:`execmath.attention`: attention heatmaps, attention as
convex mixing of values, and the effect of the :math:`1/\\sqrt d` scale.

Every function validates its inputs before it touches a figure, draws on
the Axes it is given (or a new one) and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import PowerNorm
from matplotlib.patches import Patch
from scipy.spatial import ConvexHull, QhullError

from execmath import attention
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
)
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "plot_attention_weights",
    "plot_convex_mixing",
    "plot_scaling_study",
    "plot_sharpening",
]


def _check_title(title: Any) -> str | None:
    if title is not None and not isinstance(title, str):
        raise InputTypeError(
            f"title must be a string or None, got {type(title).__name__}")
    return title


def plot_attention_weights(weights: Any, *, ax: Axes | None = None,
                           title: str | None = None, vmax: float = 1.0,
                           colorbar: bool = True) -> Axes:
    r"""Heatmap of an attention matrix :math:`A` (queries by keys).

    Row :math:`i` is the distribution of query :math:`i` over the keys.
    Weights are drawn on a white-to-blue square-root scale from 0 to
    ``vmax`` (so that small weights stay visible), and entries that are
    *exactly* zero, the masked ones, in grey, with a legend entry saying so.

    Parameters
    ----------
    weights : array_like, shape (n, m)
        Attention weights, entries in ``[0, 1]``.
    ax : matplotlib Axes, optional
    title : str, optional
    vmax : float, default 1.0
        Top of the colour scale, in ``(0, 1]``.
    colorbar : bool, default True
        Add a colour bar next to the Axes.
    """
    w = as_float_array(weights, "weights", ndim=2)
    if np.any(w < 0) or np.any(w > 1):
        raise ValueError(f"weights must lie in [0, 1], got values from "
                         f"{w.min()!r} to {w.max()!r}")
    title = _check_title(title)
    if isinstance(vmax, (bool, np.bool_)) or not isinstance(
            vmax, (int, float, np.integer, np.floating)):
        raise InputTypeError(f"vmax must be a number, got "
                             f"{type(vmax).__name__}")
    if not 0 < vmax <= 1:
        raise ValueError(f"vmax must lie in (0, 1], got {vmax!r}")
    if not isinstance(colorbar, (bool, np.bool_)):
        raise InputTypeError(f"colorbar must be True or False, got "
                             f"{colorbar!r:.40}")
    ax = get_ax(ax)
    n, m = w.shape
    cmap = colormaps["Blues"].with_extremes(bad="0.82")
    im = ax.imshow(np.ma.masked_equal(w, 0.0), cmap=cmap,
                   norm=PowerNorm(0.5, vmin=0.0, vmax=float(vmax)),
                   interpolation="nearest", aspect="equal")
    ax.set_xticks(range(m))
    ax.set_yticks(range(n))
    ax.set_xlabel("key position $j$")
    ax.set_ylabel("query position $i$")
    ax.grid(False)
    if title:
        ax.set_title(title)
    if np.any(w == 0.0):
        ax.legend(handles=[Patch(facecolor="0.82", edgecolor="0.6",
                                 label="weight exactly 0 (masked)")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  fontsize=8, frameon=False)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04,
                           label=r"weight $a_{ij}$ (square-root scale)")
    return ax


def _check_sweep(sweep: Any) -> attention.TemperatureSweep:
    if not isinstance(sweep, attention.TemperatureSweep):
        raise InputTypeError(
            f"sweep must be a TemperatureSweep (attention.temperature_sweep),"
            f" got {type(sweep).__name__}")
    return sweep


def plot_convex_mixing(sweep: Any, *, ax: Axes | None = None) -> Axes:
    r"""Values at the vertices, attention outputs inside their convex hull.

    Draws the 2-D value vectors :math:`v_j` (open black squares, labelled), the
    boundary of their convex hull (dashed), and the outputs
    :math:`o_i(T)` for each temperature of the sweep (one colour per
    :math:`T`), with a thin grey path joining the outputs of each query
    as :math:`T` changes.

    Parameters
    ----------
    sweep : TemperatureSweep
        From :func:`execmath.attention.temperature_sweep` with 2-D values.
    ax : matplotlib Axes, optional
    """
    sweep = _check_sweep(sweep)
    v = as_float_array(sweep.values, "sweep.values", ndim=2)
    out = as_float_array(sweep.outputs, "sweep.outputs", ndim=3)
    temps = as_float_array(sweep.temperatures, "sweep.temperatures", ndim=1)
    if v.shape[1] != 2 or out.shape[2] != 2 or out.shape[0] != temps.size:
        raise ValueError(
            f"sweep must hold 2-D values and one output set per temperature,"
            f" got values {v.shape}, outputs {out.shape}, temperatures "
            f"{temps.shape}")
    ax = get_ax(ax)
    order = np.argsort(-temps)                    # hottest (flattest) first
    for i in range(out.shape[1]):
        path = out[order, i, :]                   # (T, 2)
        ax.plot(path[:, 0], path[:, 1], color="0.75", lw=0.8, zorder=1)
    try:
        hull = ConvexHull(v)
        loop = np.r_[hull.vertices, hull.vertices[:1]]
        ax.plot(v[loop, 0], v[loop, 1], ls="--", color="k", lw=1.0,
                label="convex hull of values", zorder=2)
    except QhullError:                            # collinear or repeated
        pass
    colours = [PALETTE[c] for c in (5, 0, 2, 1, 3, 4, 6)]
    for rank, t_idx in enumerate(order):
        ax.scatter(out[t_idx, :, 0], out[t_idx, :, 1], s=22,
                   color=colours[rank % len(colours)], zorder=3,
                   label=f"outputs, $T = {temps[t_idx]:g}$")
    ax.scatter(v[:, 0], v[:, 1], s=110, marker="s", facecolors="none",
               edgecolors="k", linewidths=1.5, zorder=4,
               label="values $v_j$")
    for j, (px, py) in enumerate(v):
        ax.annotate(f"$v_{{{j + 1}}}$", (px, py), xytext=(6, 4),
                    textcoords="offset points", fontsize=10)
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.08)
    ax.set_xlabel("value coordinate 1")
    ax.set_ylabel("value coordinate 2")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3,
              fontsize=8, frameon=False)
    return ax


def plot_sharpening(sweep: Any, *, ax: Axes | None = None) -> Axes:
    r"""Mean distance from an output to its nearest value against
    :math:`1/T` (log axis).

    Parameters
    ----------
    sweep : TemperatureSweep
    ax : matplotlib Axes, optional
    """
    sweep = _check_sweep(sweep)
    temps = as_float_array(sweep.temperatures, "sweep.temperatures", ndim=1)
    dist = as_float_array(sweep.mean_nearest_distance,
                          "sweep.mean_nearest_distance", ndim=1)
    if dist.shape != temps.shape or np.any(temps <= 0):
        raise ValueError(
            f"sweep must hold positive temperatures and one distance per "
            f"temperature, got shapes {temps.shape} and {dist.shape}")
    ax = get_ax(ax)
    order = np.argsort(1.0 / temps)
    ax.plot(1.0 / temps[order], dist[order], "o-", color=PALETTE[0],
            label="mean distance to nearest $v_j$")
    ax.set_xscale("log")
    ax.set_xlabel("sharpness $1/T$")
    ax.set_ylabel("distance to nearest value")
    ax.set_ylim(bottom=0.0)
    ax.legend(loc="upper right")
    return ax


_QUANTITIES = ("variance", "saturation", "entropy")


def plot_scaling_study(study: Any, quantity: str = "variance", *,
                       ax: Axes | None = None) -> Axes:
    r"""One panel of :func:`execmath.attention.scaling_study` against
    :math:`d` (log axis), unscaled and scaled scores, with error bars of
    two Monte Carlo standard errors.

    ``quantity`` is ``"variance"`` (score variance, log-log, with the
    lines :math:`d` and 1), ``"saturation"`` (mean largest weight per
    row, with the uniform level :math:`1/n`) or ``"entropy"`` (mean row
    entropy, with :math:`\log n` and the :math:`d \to \infty` level of
    the scaled scores). Exact or limiting levels are wide grey bands
    under the data.

    Parameters
    ----------
    study : ScalingStudy
    quantity : {"variance", "saturation", "entropy"}
    ax : matplotlib Axes, optional
    """
    if not isinstance(study, attention.ScalingStudy):
        raise InputTypeError(
            f"study must be a ScalingStudy (attention.scaling_study), got "
            f"{type(study).__name__}")
    quantity = check_choice(quantity, "quantity", _QUANTITIES)
    key = {"variance": "var", "saturation": "max_weight",
           "entropy": "entropy"}[quantity]
    d = as_float_array(study.dims, "study.dims", ndim=1)
    series = {}
    for tag in ("unscaled", "scaled"):
        y = as_float_array(getattr(study, f"{key}_{tag}"),
                           f"study.{key}_{tag}", ndim=1)
        se = as_float_array(getattr(study, f"{key}_{tag}_se"),
                            f"study.{key}_{tag}_se", ndim=1)
        if y.shape != d.shape or se.shape != d.shape:
            raise ValueError(f"study fields must match dims {d.shape}")
        series[tag] = (y, se)
    levels = {}
    for name in ("log_n", "entropy_reference"):
        levels[name] = check_finite_scalar(getattr(study, name),
                                           f"study.{name}")
    n_tokens = check_positive_int(study.n_tokens, "study.n_tokens")
    ax = get_ax(ax)
    # exact or limiting reference levels: wide light bands under the data
    band = dict(color="0.8", lw=4.0, solid_capstyle="butt", zorder=1)
    if quantity == "variance":
        ax.plot(d, d, label="exact: $d$ and 1", **band)
        ax.plot(d, np.ones_like(d), **band)
        ax.set_yscale("log")
        ax.set_ylabel("score variance")
    elif quantity == "saturation":
        ax.axhline(1.0 / n_tokens, ls=":", color="0.4", lw=1.0,
                   label=f"uniform $1/n$, $n = {n_tokens}$")
        ax.set_ylim(0.0, 1.05)
        ax.set_ylabel("mean largest weight per row")
    else:
        ax.axhline(levels["log_n"], ls="--", color="0.4", lw=1.0,
                   label=r"$\log n$ (uniform)")
        ax.axhline(levels["entropy_reference"],
                   label=r"$d \to \infty$ level, scaled", **band)
        ax.set_ylim(0.0, 1.12 * levels["log_n"])
        ax.set_ylabel("mean row entropy (nats)")
    labels = {"unscaled": r"$q^{\top}k$ (no scaling)",
              "scaled": r"$q^{\top}k/\sqrt{d}$"}
    for colour, marker, tag in ((PALETTE[1], "o", "unscaled"),
                                (PALETTE[0], "s", "scaled")):
        y, se = series[tag]
        ax.errorbar(d, y, yerr=2 * se, fmt=marker + "-", color=colour,
                    ms=4, capsize=2, label=labels[tag], zorder=3)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("dimension $d$")
    ax.legend(loc="best", fontsize=8)
    return ax
