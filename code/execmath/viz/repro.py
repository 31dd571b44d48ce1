"""Plots for :mod:`execmath.repro`: runs of a pipeline across seeds, and
what a seed does to a random stream.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import repro, stats
from execmath.viz._axes import (
    check_color,
    check_label,
    check_plot_data,
    check_plot_scalar,
    check_record,
    get_ax,
)
from execmath.viz.style import PALETTE

__all__ = ["plot_run_losses", "plot_stream_pair", "plot_stream_paths"]


def _plural(k: int, word: str) -> str:
    return f"{k} {word}" + ("" if k == 1 else "s")


def plot_run_losses(study: repro.RunStudy, *, ax: Axes | None = None,
                    color: Any = PALETTE[0],
                    title: str | None = None) -> Axes:
    """Validation log-loss of each run against the run number.

    Points are the runs, the dashed line their mean; the legend counts the
    distinct loss values and the distinct SHA-256 digests, so a collapse
    to one value is read off directly.

    Parameters
    ----------
    study : execmath.repro.RunStudy
    ax : matplotlib Axes, optional
    color : colour of the points
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_record(study, repro.RunStudy, "study")
    losses = check_plot_data(study.losses, "study.losses", ndim=1)
    color = check_color(color, "color")
    title = check_label(title, "title")
    ax = get_ax(ax)
    runs = np.arange(1, losses.size + 1)                      # (R,)
    n_values = int(np.unique(losses).size)
    ax.plot(runs, losses, "o", ms=4, color=color,
            label=f"{losses.size} runs: "
                  f"{_plural(n_values, 'distinct value')}, "
                  f"{_plural(study.n_distinct, 'distinct digest')}")
    ax.axhline(float(np.mean(losses)), color=PALETTE[7], ls="--", lw=1,
               label="mean")
    ax.set_xlabel("run")
    ax.set_ylabel("validation log-loss")
    # head room so that the legend never covers a point
    lo, hi = float(losses.min()), float(losses.max())
    span = max(hi - lo, 1e-3 * max(abs(hi), 1.0))
    top = hi + 0.35 * span
    lo_now, hi_now = ax.get_ylim()
    ax.set_ylim(min(lo_now, lo - 0.08 * span), max(hi_now, top))
    ax.legend(loc="upper center", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


def plot_stream_paths(study: repro.StreamStudy, *,
                      ax: Axes | None = None) -> Axes:
    r"""Random walks :math:`S_k = \sum_{i\le k} x_i` of the study's streams.

    The reference run (solid), a second run with the same seed (dashed)
    and the re-seeded run (markers) lie on one path; another seed and the
    continued, not re-seeded, generator wander off.

    Parameters
    ----------
    study : execmath.repro.StreamStudy
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_record(study, repro.StreamStudy, "study")
    arrays = {}
    for field in ("reference", "same_seed", "other", "continued",
                  "reseeded"):
        arrays[field] = check_plot_data(getattr(study, field),
                                        f"study.{field}", ndim=1,
                                        limit=1e100)
    n = arrays["reference"].size
    if any(a.size != n for a in arrays.values()):
        raise ValueError("study arrays must all have the same length")
    ax = get_ax(ax)
    k = np.arange(1, n + 1)                                   # (n,)
    walk = {f: np.cumsum(a) for f, a in arrays.items()}       # each (n,)
    s, o = study.seed, study.other_seed
    ax.plot(k, walk["reference"], color=PALETTE[0], lw=2.5,
            label=f"seed {s}, run 1")
    ax.plot(k, walk["same_seed"], color=PALETTE[4], lw=1.5, ls="--",
            label=f"seed {s}, run 2")
    every = max(1, n // 15)
    ax.plot(k, walk["reseeded"], ls="none", marker="o", ms=5, mfc="none",
            color=PALETTE[7], markevery=every,
            label=f"re-seeded with {s}")
    ax.plot(k, walk["other"], color=PALETTE[1], lw=1.5,
            label=f"seed {o}")
    ax.plot(k, walk["continued"], color=PALETTE[2], lw=1.5, ls=":",
            label="run 1 continued, not re-seeded")
    ax.set_xlabel("draw $k$")
    ax.set_ylabel(r"random walk $S_k = x_1 + \cdots + x_k$")
    # below the axes: the walks can wander into any corner
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2,
              fontsize="small")
    return ax


def plot_stream_pair(x: Any, y: Any, *, ax: Axes | None = None,
                     label: str | None = None, z: float = 4.0) -> Axes:
    r"""Scatter of two streams drawn side by side, with their correlation.

    The title prints the sample correlation :math:`r` and the band
    :math:`z/\sqrt{n}` that independent streams stay inside (for
    independent streams :math:`\sqrt n\, r` is approximately standard
    normal).

    Parameters
    ----------
    x, y : array_like, shape (n,)
        The two streams, n >= 3, neither constant.
    ax : matplotlib Axes, optional
    label : str, optional
        Legend label of the points.
    z : float, default 4
        Half-width of the band in standard errors, in (0, 100].

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = check_plot_data(x, "x", ndim=1, limit=1e100)
    y = check_plot_data(y, "y", ndim=1, limit=1e100)
    if x.shape != y.shape or x.size < 3:
        raise ValueError(f"x and y must have the same length >= 3, got "
                         f"{x.shape} and {y.shape}")
    for name, v in (("x", x), ("y", y)):
        if np.ptp(v) == 0:
            raise ValueError(f"{name} must not be constant")
    label = check_label(label, "label")
    z = check_plot_scalar(z, "z", positive=True)
    if z > 100:
        raise ValueError(f"z must be in (0, 100], got {z!r}")
    r = float(stats.correlation_matrix(np.column_stack([x, y]))[0, 1])
    ax = get_ax(ax)
    ax.plot(x, y, ".", ms=3, alpha=0.5, color=PALETTE[0], label=label)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("stream 1")
    ax.set_ylabel("stream 2")
    ax.set_title(f"$r = {r:.3f}$, band $\\pm {z:g}/\\sqrt{{n}} = "
                 f"\\pm {z / np.sqrt(x.size):.3f}$", fontsize="medium")
    if label is not None:
        ax.legend(loc="upper left", fontsize="small")
    return ax
