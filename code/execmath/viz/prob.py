"""Plots for :mod:`execmath.prob`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes

from execmath._validate import as_float_array
from execmath.prob import mean_envelope
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_histogram_with_pdf", "plot_running_means"]


def plot_histogram_with_pdf(
    samples,
    pdf: Callable[[np.ndarray], np.ndarray],
    *,
    bins: int = 40,
    ax: Axes | None = None,
    label: str = "density",
) -> Axes:
    """Density-normalised histogram of ``samples`` with ``pdf`` overlaid.

    The histogram is scaled so that its bar areas sum to one, which makes
    it directly comparable with the density curve.
    """
    samples = as_float_array(samples, "samples", ndim=1)
    ax = get_ax(ax)
    ax.hist(samples, bins=bins, density=True, alpha=0.45,
            label=f"histogram (n={samples.size:,})")
    lo, hi = samples.min(), samples.max()
    pad = 0.1 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 400)
    ax.plot(grid, pdf(grid), color="C1", label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend()
    return ax


def plot_running_means(
    means,
    ns=None,
    *,
    sigma: float | None = None,
    center: float = 0.0,
    k: float = 2.0,
    ax: Axes | None = None,
    ylim: tuple[float, float] | None = None,
    center_label: str | None = None,
) -> Axes:
    r"""Running means against the sample size on a log x-axis.

    Each row of ``means`` is drawn as one thin line; the value the paths
    should approach is a dashed horizontal line at ``center``. When
    ``sigma`` is given, the band :math:`c \pm k\sigma/\sqrt n` is drawn as
    two black curves: the width inside which a path with finite variance
    is expected to stay.

    Parameters
    ----------
    means : array_like, shape (P, m)
        Running means, one path per row (e.g. from
        :func:`execmath.prob.sample_mean_paths`).
    ns : array_like, shape (m,), optional
        Sample size of each column; default ``1, ..., m``.
    sigma : float, optional
        Standard deviation of one draw; draws the band when given.
    center : float, default 0.0
        The expectation the paths should approach.
    k : float, default 2.0
        Half-width of the band in standard errors.
    ax : matplotlib Axes, optional
    ylim : (float, float), optional
        y-limits; paths that leave them are clipped by the Axes, which
        keeps heavy-tailed paths from flattening the picture.
    center_label : str, optional
        Legend entry of the dashed line; default ``"expectation <center>"``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    means = as_float_array(means, "means", ndim=2)
    m = means.shape[1]
    ns = (np.arange(1, m + 1, dtype=float) if ns is None
          else as_float_array(ns, "ns", ndim=1))
    if ns.shape != (m,):
        raise ValueError(
            f"ns must have shape ({m},) to match means {means.shape}, "
            f"got {ns.shape}"
        )
    ax = get_ax(ax)
    # Okabe-Ito minus black (kept for the band) and yellow (too pale on
    # white for thin lines).
    colours = tuple(c for c in PALETTE if c not in ("#000000", "#F0E442"))
    for j, row in enumerate(means):
        ax.plot(ns, row, color=colours[j % len(colours)], lw=0.9,
                alpha=0.8)
    if center_label is None:
        center_label = f"expectation {center:g}"
    ax.axhline(center, color="0.25", ls="--", lw=1.2, label=center_label)
    if sigma is not None:
        half = mean_envelope(ns, sigma, k=k)
        ax.plot(ns, center + half, color="black", lw=1.6,
                label=rf"$\pm{k:g}\sigma/\sqrt{{n}}$")
        ax.plot(ns, center - half, color="black", lw=1.6)
    ax.set_xscale("log")
    ax.set_xlim(ns[0], ns[-1])
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel("sample size $n$")
    ax.set_ylabel(r"running mean $\bar X_n$")
    # An opaque box keeps the legend readable over busy (Cauchy) paths.
    ax.legend(loc="upper right", frameon=True, framealpha=0.9,
              edgecolor="none")
    return ax
