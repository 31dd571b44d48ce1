"""Plots for :mod:`execmath.nn`: the time of forward against reverse mode,
the memory of the backward pass with and without checkpointing, and
gradient norms through deep networks at initialisation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import nn
from execmath._validate import InputTypeError, as_float_array
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_depth_study", "plot_memory_study", "plot_mode_times"]


def _record(obj: Any, cls: type, name: str, maker: str):
    if not isinstance(obj, cls):
        raise InputTypeError(
            f"{name} must be a {cls.__name__} from nn.{maker}, got "
            f"{type(obj).__name__}")
    return obj


def plot_mode_times(study: Any, *, ax: Axes | None = None) -> Axes:
    r"""Wall-clock time of :math:`\nabla f` by :math:`d` JVP sweeps and by
    one VJP sweep against :math:`d` (log-log), with a line of slope 1
    through the forward-mode time at the largest :math:`d`."""
    st = _record(study, nn.ModeCostStudy, "study", "mode_cost_study")
    d = st.dims.astype(float)
    ax = get_ax(ax)
    ax.loglog(d, st.forward_seconds * 1e3, "o-", color=PALETTE[0], ms=4,
              label="forward mode: $d$ JVP sweeps")
    ax.loglog(d, st.reverse_seconds * 1e3, "s-", color=PALETTE[1], ms=4,
              label="reverse mode: one VJP sweep")
    ref = st.forward_seconds[-1] * 1e3 * d / d[-1]
    ax.loglog(d, ref, ":", color="0.4", lw=1.2, label=r"$\propto d$")
    ratio = st.forward_seconds[-1] / st.reverse_seconds[-1]
    ax.annotate(f"{ratio:,.0f}x", xy=(d[-1], np.sqrt(
        st.forward_seconds[-1] * st.reverse_seconds[-1]) * 1e3),
        xytext=(-6, 0), textcoords="offset points", ha="right",
        va="center", fontsize=9)
    ax.annotate("", xy=(d[-1], st.forward_seconds[-1] * 1e3),
                xytext=(d[-1], st.reverse_seconds[-1] * 1e3),
                arrowprops=dict(arrowstyle="<->", color="0.3", lw=0.9))
    ax.set_xlabel("number of inputs $d$")
    ax.set_ylabel("CPU time for the gradient (ms)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_memory_study(study: Any, *, ax: Axes | None = None) -> Axes:
    r"""Activation bytes (KiB) kept for the backward pass against depth
    :math:`L` (log-log): the plain graph, the checkpointed graph after the
    forward pass, and the checkpointed peak during the backward pass."""
    st = _record(study, nn.MemoryStudy, "study", "memory_study")
    L = st.depths.astype(float)
    ax = get_ax(ax)
    ax.loglog(L, st.plain_bytes / 1024, "o-", color=PALETTE[0], ms=4,
              label="all activations kept")
    ax.loglog(L, st.checkpoint_peak_bytes / 1024, "^--", color=PALETTE[2],
              ms=4, label=r"checkpointed, peak in backward")
    ax.loglog(L, st.checkpoint_bytes / 1024, "s-", color=PALETTE[1], ms=4,
              label=r"checkpointed ($\lceil\sqrt{L}\,\rceil$ layers per "
                    "segment)")
    extra = st.checkpoint_ops[-1] / st.plain_ops[-1] - 1.0
    ax.text(0.97, 0.04, f"recomputation at $L = {st.depths[-1]}$: "
            f"+{100 * extra:.0f}% forward operations",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8)
    ax.set_xlabel("number of hidden layers $L$")
    ax.set_ylabel("bytes kept for backward (KiB)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_depth_study(studies: Sequence[Any], labels: Sequence[str], *,
                     factors: Any = None, title: str = "",
                     ax: Axes | None = None) -> Axes:
    r"""Gradient norm at layer :math:`l` relative to the top,
    :math:`\lVert\bar h_l\rVert / \lVert\bar h_L\rVert`, against
    :math:`l` (log scale), one line per
    :class:`~execmath.nn.DepthStudy`.

    ``factors`` (one per study) draws the geometric prediction
    :math:`c^{L - l}` as a dotted line in the study's colour; ``title``
    names the panel.
    """
    if isinstance(studies, (str, bytes)) or not isinstance(
            studies, Sequence) or not studies:
        raise InputTypeError(
            "studies must be a non-empty list of DepthStudy records")
    for i, s in enumerate(studies):
        _record(s, nn.DepthStudy, f"studies[{i}]", "depth_study")
    if isinstance(labels, (str, bytes)) or not isinstance(
            labels, Sequence) or len(labels) != len(studies) or not all(
                isinstance(t, str) for t in labels):
        raise InputTypeError(
            f"labels must be a list of {len(studies)} strings, got "
            f"{labels!r:.60}")
    if not isinstance(title, str):
        raise InputTypeError(f"title must be a str, got {type(title).__name__}")
    if factors is not None:
        factors = as_float_array(factors, "factors", ndim=1)
        if factors.size != len(studies) or np.any(factors <= 0):
            raise ValueError(
                f"factors must hold {len(studies)} positive numbers, got "
                f"{factors.tolist()}")
    ax = get_ax(ax)
    for i, (s, lab) in enumerate(zip(studies, labels)):
        colour = PALETTE[i % len(PALETTE)]
        layer = np.arange(s.grad_ratio.size)
        ax.semilogy(layer, s.grad_ratio, "o-", color=colour, ms=3, lw=1.4,
                    label=lab)
        if factors is not None:
            # c^(L - l) in log space, clipped to the float64 range
            logp = (layer[-1] - layer) * np.log(factors[i])
            ax.semilogy(layer, np.exp(np.clip(logp, -690.0, 690.0)), ":",
                        color=colour, lw=1.2)
    if factors is not None:
        ax.plot([], [], ":", color="0.3", lw=1.2,
                label=r"prediction $c^{L-l}$")
    if title:
        ax.set_title(title)
    ax.set_xlabel("layer $l$ (input at 0, top at $L$)")
    ax.set_ylabel(r"$\|\bar h_l\| \,/\, \|\bar h_L\|$")
    ax.legend(loc="best", fontsize=8)
    return ax
