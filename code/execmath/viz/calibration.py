"""Plots for :mod:`execmath.calibration`: reliability diagrams.

The function takes records computed by :mod:`execmath.calibration`,
validates them before it touches a figure, draws on the Axes it is given
(or a new one), and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import calibration
from execmath.viz._axes import get_ax
from execmath.viz.classify import _labels, _records
from execmath.viz.style import PALETTE

__all__ = ["plot_reliability"]

_STRATEGY_NAMES = {"uniform": "equal-width", "quantile": "equal-mass"}


def plot_reliability(bins: Any, *, labels: Any = None,
                     ax: Axes | None = None) -> Axes:
    r"""Reliability diagram: observed frequency against mean prediction.

    One curve per :class:`~execmath.calibration.ReliabilityBins` (markers
    at the non-empty bins), the diagonal of perfect calibration, and the
    expected calibration error

    .. math::

        \mathrm{ECE} = \sum_k \frac{n_k}{n}\lvert \bar o_k - \bar p_k\rvert

    of each curve in the legend. The title states the binning, which every
    curve must share (an ECE means nothing without it).

    Parameters
    ----------
    bins : ReliabilityBins or list of them
        From :func:`execmath.calibration.reliability_bins`.
    labels : list of str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    bins = _records(bins, calibration.ReliabilityBins, "bins")
    labels = _labels(labels, len(bins))
    k0, s0 = bins[0].edges.size - 1, bins[0].strategy
    for i, b in enumerate(bins[1:], start=1):
        if b.edges.size - 1 != k0 or b.strategy != s0:
            raise ValueError(f"bins must share one binning: bins[0] has "
                             f"{k0} {s0} bins, bins[{i}] has "
                             f"{b.edges.size - 1} {b.strategy} bins")
    if s0 not in _STRATEGY_NAMES:
        raise ValueError(f"bins has an unknown strategy {s0!r}")
    ax = get_ax(ax)
    ax.plot([0.0, 1.0], [0.0, 1.0], ls="--", color="0.5", lw=1.0,
            label="perfect calibration")
    markers = "osD^v<>p"
    for i, (b, lab) in enumerate(zip(bins, labels)):
        w = b.counts / float(np.sum(b.counts))
        ece = float(np.sum(w * np.abs(b.frac_pos - b.mean_pred)))
        ax.plot(b.mean_pred, b.frac_pos, marker=markers[i], ms=4.5,
                color=PALETTE[i], label=f"{lab} (ECE = {ece:.3f})")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    ax.set_xlabel("mean predicted probability in bin")
    ax.set_ylabel("observed frequency of label 1")
    ax.set_title(f"{k0} {_STRATEGY_NAMES[s0]} bins")
    ax.legend(loc="upper left", fontsize=8)
    return ax
