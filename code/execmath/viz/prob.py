"""Plots for :mod:`execmath.prob`."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath._validate import (
    as_float_array,
    check_callable,
    check_finite_scalar,
)
from execmath.prob import mean_envelope
from execmath.viz._axes import (
    check_ax,
    check_bins,
    check_label,
    check_limits,
    check_plot_data,
    check_plot_scalar,
    get_ax,
    padded_range,
    plottable,
)
from execmath.viz.style import PALETTE

__all__ = ["plot_histogram_with_pdf", "plot_mean_paths",
           "plot_running_means"]


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

    Parameters
    ----------
    samples : array_like, shape (n,)
        Finite draws, ``|x| <= 1e300`` (matplotlib pads the limits).
    pdf : callable
        Density; called once on a grid of 400 points spanning the samples
        and must return 400 finite values.
    bins : int, default 40
        Number of bins, in ``[1, 10000]``.
    ax : matplotlib Axes, optional
    label : str, default "density"
        Legend entry of the density curve.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.prob import normal_pdf
    >>> x = np.random.default_rng(0).standard_normal(500)
    >>> ax = plot_histogram_with_pdf(x, normal_pdf, bins=20)
    >>> len(ax.patches), len(ax.get_lines())
    (20, 1)
    """
    samples = check_plot_data(samples, "samples", ndim=1)
    check_callable(pdf, "pdf")
    bins = check_bins(bins)
    label = check_label(label, "label", optional=False)
    check_ax(ax)
    lo, hi = float(samples.min()), float(samples.max())
    # equal (or nearly equal) samples: np.histogram cannot split a range of
    # a few ulps into bins, so widen it
    lo, hi = padded_range(lo, hi)
    # the x-range is the data's: beyond it there is nothing to compare
    grid = np.linspace(lo, hi, 400)
    try:
        with np.errstate(all="ignore"):
            dens = np.asarray(pdf(grid), dtype=float)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError(f"pdf failed on the plotting grid: {exc}") from exc
    if dens.shape != grid.shape or not plottable(dens):
        raise ValueError(f"pdf must return {grid.size} finite values of "
                         f"magnitude <= 1e300 on the plotting grid")
    ax = get_ax(ax)
    # white edges keep neighbouring bars apart (they merge without them)
    ax.hist(samples, bins=bins, range=(lo, hi), density=True, alpha=0.55,
            edgecolor="white", linewidth=0.6,
            label=f"histogram (n={samples.size:,})")
    ax.plot(grid, dens, color="C1", label=label)
    ax.set_xlim(lo, hi)
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

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.prob import sample_mean_paths
    >>> means = sample_mean_paths("normal", 100, 3, np.random.default_rng(0))
    >>> ax = plot_running_means(means, sigma=1.0)
    >>> ax.get_xscale(), len(ax.get_lines())   # 3 paths, centre, 2 band
    ('log', 6)
    """
    means = check_plot_data(means, "means", ndim=2)
    m = means.shape[1]
    ns = (np.arange(1, m + 1, dtype=float) if ns is None
          else check_plot_data(ns, "ns", ndim=1, positive=True))
    if ns.shape != (m,):
        raise ValueError(
            f"ns must have shape ({m},) to match means {means.shape}, "
            f"got {ns.shape}"
        )
    if np.any(np.diff(ns) <= 0):
        raise ValueError(f"ns must be strictly increasing, got "
                         f"{ns[:4]!r}...")
    center = check_plot_scalar(center, "center")
    k = check_plot_scalar(k, "k", positive=True)
    half = None
    if sigma is not None:
        sigma = check_plot_scalar(sigma, "sigma", positive=True)
        half = mean_envelope(ns, sigma, k=k)
        with np.errstate(over="ignore"):
            band = np.abs(center) + half
        if not plottable(band):
            raise ValueError("the band center +- k*sigma/sqrt(n) is beyond "
                             "the plottable range 1e300; reduce sigma or k")
    ylim = check_limits(ylim, "ylim")
    center_label = check_label(center_label, "center_label")
    check_ax(ax)
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
    if half is not None:
        ax.plot(ns, center + half, color="black", lw=1.6,
                label=rf"$\pm{k:g}\sigma/\sqrt{{n}}$")
        ax.plot(ns, center - half, color="black", lw=1.6)
    ax.set_xscale("log")
    if m > 1:
        ax.set_xlim(ns[0], ns[-1])
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel("sample size $n$")
    ax.set_ylabel(r"running mean $\bar X_n$")
    # An opaque box keeps the legend readable over busy (Cauchy) paths.
    ax.legend(loc="upper right", frameon=True, framealpha=0.9,
              edgecolor="none")
    return ax


def plot_mean_paths(
    means,
    ns=None,
    *,
    center: float = 0.0,
    scaled: bool = True,
    half_width: float | None = None,
    band_label: str | None = None,
    center_label: str | None = None,
    ax: Axes | None = None,
    ylim: tuple[float, float] | None = None,
) -> Axes:
    r"""Running-mean paths, optionally as scaled errors, with a fixed band.

    With ``scaled=True`` each path is drawn as its scaled error
    :math:`\sqrt n\,(\bar X_n - c)`. If the spread of :math:`\bar X_n`
    shrinks like :math:`\sigma/\sqrt n`, the scaled error keeps the same
    spread at every :math:`n`, so the band :math:`c \pm k\sigma/\sqrt n`
    becomes the horizontal strip :math:`\pm k\sigma` and an excursion is
    as visible at :math:`n = 10^4` as at :math:`n = 10`. With
    ``scaled=False`` the running means themselves are drawn. In both cases
    ``half_width`` draws a horizontal band :math:`\pm` ``half_width``
    around the centre line (in the plotted units). The legend sits below
    the Axes, off the data.

    Parameters
    ----------
    means : array_like, shape (P, m)
        Running means, one path per row
        (:func:`execmath.prob.sample_mean_paths`).
    ns : array_like, shape (m,), optional
        Sample size of each column, > 0; default ``1, ..., m``.
    center : float, default 0.0
        The value the paths should approach (:math:`\mu`, or the median).
    scaled : bool, default True
        Draw :math:`\sqrt n(\bar X_n - c)` instead of :math:`\bar X_n`.
    half_width : float, optional
        Half-width (> 0) of the horizontal band, in the plotted units.
    band_label, center_label : str, optional
        Legend entries of the band and of the centre line.
    ax : matplotlib Axes, optional
    ylim : (float, float), optional
        y-limits; paths beyond them are clipped by the Axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    means = as_float_array(means, "means", ndim=2)
    m = means.shape[1]
    ns = (np.arange(1, m + 1, dtype=float) if ns is None
          else check_plot_data(ns, "ns", ndim=1))
    if ns.shape != (m,):
        raise ValueError(
            f"ns must have shape ({m},) to match means {means.shape}, "
            f"got {ns.shape}"
        )
    if np.any(ns <= 0) or np.any(np.diff(ns) <= 0):
        raise ValueError(f"ns must be positive and strictly increasing, got "
                         f"{ns[:4]!r}...")
    center = check_finite_scalar(center, "center")
    if not isinstance(scaled, (bool, np.bool_)):
        raise TypeError(f"scaled must be a bool, got {type(scaled).__name__}")
    if half_width is not None:
        half_width = check_finite_scalar(half_width, "half_width",
                                         positive=True)
        if half_width > 1e100:
            raise ValueError(f"half_width must be at most 1e100 (a band "
                             f"wider is not plottable), got {half_width!r}")
    band_label = check_label(band_label, "band_label")
    center_label = check_label(center_label, "center_label")
    ylim = check_limits(ylim, "ylim")
    check_ax(ax)
    with np.errstate(over="ignore", invalid="ignore"):
        y = means - center                                        # (P, m)
        if scaled:
            y = y * np.sqrt(ns)
    if not plottable(y):
        raise ValueError(
            "means are outside the plottable range: "
            f"{'sqrt(n) * ' if scaled else ''}(means - center) overflows"
        )
    ax = get_ax(ax)
    # Okabe-Ito minus black (kept for the band) and yellow (too pale).
    colours = tuple(c for c in PALETTE if c not in ("#000000", "#F0E442"))
    for j, row in enumerate(y):
        ax.plot(ns, row, color=colours[j % len(colours)], lw=0.9, alpha=0.85)
    ax.axhline(0.0, color="0.25", ls="--", lw=1.2,
               label=center_label or f"expectation {center:g}")
    if half_width is not None:
        ax.axhline(half_width, color="black", lw=1.6,
                   label=band_label or rf"$\pm{half_width:g}$")
        ax.axhline(-half_width, color="black", lw=1.6)
    ax.set_xscale("log")
    if m > 1:
        ax.set_xlim(ns[0], ns[-1])
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel("sample size $n$")
    ax.set_ylabel(r"scaled error $\sqrt{n}\,(\bar X_n - \mu)$" if scaled
                  else r"running mean $\bar X_n$")
    # below the Axes: the paths fill the whole plotting area
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2,
              frameon=False)
    return ax
