"""Plots for :mod:`execmath.llm`: sinusoidal positional encodings as a
heatmap and as a frequency ladder, and the cost of the attention score
matrix against the sequence length.

Every function validates its inputs before it touches a figure, draws on
the Axes it is given (or a new one) and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import llm
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_choice,
)
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "plot_cost_study",
    "plot_positional_heatmap",
    "plot_positional_ladder",
]

_QUANTITIES = ("memory", "flops", "time")


def _encoding(encoding: Any) -> np.ndarray:
    p = as_float_array(encoding, "encoding", ndim=2)
    if p.shape[1] % 2:
        raise ValueError(f"encoding must have an even number of columns "
                         f"(sin/cos pairs), got shape {p.shape}")
    if np.any(np.abs(p) > 1.0 + 1e-12):
        raise ValueError("encoding entries must lie in [-1, 1] (sines and "
                         "cosines)")
    return p


def plot_positional_heatmap(encoding: Any, *, ax: Axes | None = None,
                            colorbar: bool = True) -> Axes:
    r"""Heatmap of a positional encoding: positions down, dimensions across.

    Entries lie in :math:`[-1, 1]` and are drawn on a diverging scale
    (blue negative, red positive). Low dimensions oscillate quickly down
    the positions, high ones slowly.

    Parameters
    ----------
    encoding : array_like, shape (n_positions, d_model)
        E.g. :func:`execmath.attention.sinusoidal_positions`.
    ax : matplotlib Axes, optional
    colorbar : bool, default True
    """
    p = _encoding(encoding)
    if not isinstance(colorbar, (bool, np.bool_)):
        raise InputTypeError(f"colorbar must be True or False, got "
                             f"{colorbar!r:.40}")
    ax = get_ax(ax)
    n, d = p.shape
    im = ax.imshow(p, cmap="RdBu_r", vmin=-1.0, vmax=1.0, aspect="auto",
                   interpolation="nearest",
                   extent=(-0.5, d - 0.5, n - 0.5, -0.5))
    ax.set_xlabel("dimension $j$ (pair $i = \\lfloor j/2 \\rfloor$)")
    ax.set_ylabel("position $p$")
    ax.grid(False)
    if colorbar:
        cb = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.03)
        cb.ax.set_title("$P_{p,j}$", fontsize=9)
    return ax


def plot_positional_ladder(encoding: Any, dims: Any, *,
                           ax: Axes | None = None,
                           spacing: float = 2.5) -> Axes:
    r"""Selected columns of an encoding against position, stacked.

    Each column is drawn around its own baseline, ``spacing`` apart, and
    labelled with its dimension; for sinusoidal encodings the columns of
    increasing pair index form a ladder of decreasing frequency.

    Parameters
    ----------
    encoding : array_like, shape (n_positions, d_model)
    dims : array_like of int, shape (k,)
        Distinct column indices, ``1 <= k <= 12``.
    ax : matplotlib Axes, optional
    spacing : float, default 2.5
        Vertical distance between baselines, in ``[2, 10]``.
    """
    p = _encoding(encoding)
    if dims is None or isinstance(dims, (str, bytes, bool)):
        raise InputTypeError(f"dims must be integers, got "
                             f"{type(dims).__name__}")
    try:
        cols = np.asarray(dims)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"dims must be a 1-D integer array, got "
                         f"{dims!r:.60}") from exc
    if cols.dtype.kind not in "iu" or cols.ndim != 1:
        raise InputTypeError(f"dims must be a 1-D integer array, got dtype "
                             f"{cols.dtype} shape {cols.shape}")
    if not 1 <= cols.size <= 12 or len(set(cols.tolist())) != cols.size:
        raise ValueError(f"dims must hold 1 to 12 distinct columns, got "
                         f"{cols.tolist()!r:.60}")
    if cols.min() < 0 or cols.max() >= p.shape[1]:
        raise ValueError(f"dims must lie in [0, {p.shape[1]}), got "
                         f"{cols.tolist()!r:.60}")
    if isinstance(spacing, (bool, np.bool_)) or not isinstance(
            spacing, (int, float, np.integer, np.floating)):
        raise InputTypeError(f"spacing must be a number, got "
                             f"{type(spacing).__name__}")
    if not 2.0 <= spacing <= 10.0:
        raise ValueError(f"spacing must lie in [2, 10], got {spacing!r}")
    ax = get_ax(ax)
    pos = np.arange(p.shape[0])
    for r, j in enumerate(cols):
        base = -r * float(spacing)
        ax.axhline(base, color="0.85", lw=0.8, zorder=1)
        ax.plot(pos, base + p[:, j], color=PALETTE[r % len(PALETTE)],
                lw=1.6, zorder=2)
        kind = "sin" if j % 2 == 0 else "cos"
        ax.text(pos[-1] + 0.02 * pos[-1] + 0.5, base,
                f"$j = {int(j)}$ ({kind}, $i = {int(j) // 2}$)",
                va="center", fontsize=8)
    ax.set_yticks([])
    ax.set_xlim(0, pos[-1] * 1.45 + 1)
    # ticks only under the data, not under the labels
    ticks = ax.get_xticks()
    ax.set_xticks(ticks[(ticks >= 0) & (ticks <= pos[-1])])
    ax.set_xlabel("position $p$")
    ax.set_ylabel("selected dimensions (each on $[-1, 1]$)")
    ax.spines["right"].set_visible(False)
    ax.spines["top"].set_visible(False)
    return ax


def plot_cost_study(study: Any, quantity: str = "memory", *,
                    ax: Axes | None = None) -> Axes:
    r"""One panel of :func:`execmath.llm.cost_study` on log-log axes.

    ``quantity`` is ``"memory"`` (score-matrix bytes by formula and as
    measured ``nbytes``, the inputs :math:`Q, K, V`, and the largest
    score block of blockwise attention), ``"flops"`` (counted flops of
    attention, with the fitted slope) or ``"time"`` (measured seconds,
    with a dotted line of slope 2 through the largest length).

    Parameters
    ----------
    study : CostStudy
    quantity : {"memory", "flops", "time"}
    ax : matplotlib Axes, optional
    """
    if not isinstance(study, llm.CostStudy):
        raise InputTypeError(f"study must be a CostStudy (llm.cost_study), "
                             f"got {type(study).__name__}")
    quantity = check_choice(quantity, "quantity", _QUANTITIES)
    n = as_float_array(study.seq_len, "study.seq_len", ndim=1)
    fields = {}
    for name in ("measured_bytes", "block_bytes", "seconds"):
        fields[name] = as_float_array(getattr(study, name), f"study.{name}",
                                      ndim=1)
    for name in ("score_bytes", "qkv_bytes", "total_flops"):
        fields[name] = as_float_array(getattr(study.cost, name),
                                      f"study.cost.{name}", ndim=1)
    if any(f.shape != n.shape for f in fields.values()):
        raise ValueError(f"study fields must match seq_len {n.shape}")
    if np.any(n <= 0) or any(np.any(f <= 0) for f in fields.values()):
        raise ValueError("study values must be positive for log axes")
    ax = get_ax(ax)
    if quantity == "memory":
        mib = 2.0**20
        ax.plot(n, fields["score_bytes"] / mib, "-", color=PALETTE[0],
                lw=2.5, alpha=0.5, label=r"scores, formula $bhn^2s$")
        ax.plot(n, fields["measured_bytes"] / mib, "o", color=PALETTE[0],
                ms=5, label="scores, measured .nbytes")
        ax.plot(n, fields["qkv_bytes"] / mib, "--", color=PALETTE[2],
                label=r"$Q, K, V$: $3bhnds$")
        ax.plot(n, fields["block_bytes"] / mib, "s:", color=PALETTE[1],
                ms=4, label=f"blockwise, largest block ({study.block} keys)")
        ax.set_ylabel("memory (MiB)")
        ax.set_title(f"slope of measured bytes: {study.bytes_slope:.3f}",
                     fontsize=9)
    elif quantity == "flops":
        ax.plot(n, fields["total_flops"], "o-", color=PALETTE[3], ms=4,
                label=r"counted: $4bhn^2d + 6bhn^2$")
        ax.set_ylabel("flops")
        ax.set_title(f"fitted slope: {study.flops_slope:.3f}", fontsize=9)
    else:
        t = fields["seconds"]
        ax.plot(n, t * 1e3, "D-", color=PALETTE[4], ms=4,
                label="measured (best of runs)")
        ref = t[-1] * 1e3 * (n / n[-1]) ** 2
        ax.plot(n, ref, ":", color="0.4", label="slope 2 (reference)")
        ax.set_ylabel("time (ms)")
        ax.set_title(f"fitted slope for $n \\geq {study.fit_from}$: "
                     f"{study.time_slope:.2f}", fontsize=9)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("sequence length $n$")
    ax.legend(loc="upper left", fontsize=7.5)
    return ax
