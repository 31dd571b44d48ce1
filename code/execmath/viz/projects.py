"""Plots for :mod:`execmath.projects`: denoising curves, images, seed spreads.

Each function validates everything it is given before it touches a figure,
draws on the Axes it is given (or a new one), and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import projects
from execmath.viz._axes import (
    check_bins,
    check_label,
    check_plot_data,
    check_record,
    get_ax,
)
from execmath.viz.style import PALETTE

__all__ = ["plot_denoise_mse", "plot_grey_image", "plot_seed_histogram"]


def plot_denoise_mse(study: Any, *, ax: Axes | None = None) -> Axes:
    r"""Reconstruction MSE against the rank k, with the three chosen ranks.

    Draws :math:`\mathrm{MSE}(k)` of a
    :class:`~execmath.projects.DenoisingStudy` on a logarithmic axis, the
    MSE of the noisy input (dashed), and markers at the oracle rank and at
    the ranks the Marchenko-Pastur edge and the Gavish-Donoho threshold
    choose.

    Parameters
    ----------
    study : DenoisingStudy
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    st = check_record(study, projects.DenoisingStudy, "study")
    mse = check_plot_data(st.mse, "study", ndim=1, positive=True)
    ks = check_plot_data(st.ks, "study", ndim=1)
    if ks.shape != mse.shape:
        raise ValueError(f"study has ks of shape {ks.shape} but mse of shape "
                         f"{mse.shape}")
    noisy = float(check_plot_data([st.noisy_mse], "study", positive=True)[0])
    picks = [("oracle", st.k_oracle, "o", PALETTE[2]),
             ("Marchenko-Pastur edge", st.k_mp, "s", PALETTE[1]),
             ("Gavish-Donoho", st.k_gd, "D", PALETTE[3])]
    for _, k, _, _ in picks:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or \
                not 0 <= k < mse.size:
            raise ValueError(f"study has a chosen rank {k!r} outside "
                             f"0..{mse.size - 1}")
    ax = get_ax(ax)
    ax.plot(ks, mse, color=PALETTE[0], lw=1.6, label="PCA reconstruction")
    ax.axhline(noisy, ls="--", color="0.4", lw=1.0, label="noisy input")
    for name, k, marker, colour in picks:
        ax.plot([k], [mse[k]], marker=marker, ms=7, ls="none", color=colour,
                label=f"{name}: k = {k}")
    ax.set_yscale("log")
    ax.set_xlabel("rank k (principal components kept)")
    ax.set_ylabel("MSE against the clean image")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_grey_image(image: Any, *, title: str | None = None,
                    ax: Axes | None = None) -> Axes:
    """Show a grey image with levels 0 (black) to 1 (white), no ticks.

    Values outside [0, 1] (noise pushes some there) are clipped by the
    colour map, not rescaled, so panels stay comparable.

    Parameters
    ----------
    image : array_like, shape (h, w)
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    img = check_plot_data(image, "image", ndim=2)
    title = check_label(title, "title")
    ax = get_ax(ax)
    ax.imshow(img, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax


def plot_seed_histogram(study: Any, *, bins: int = 15,
                        ax: Axes | None = None) -> Axes:
    r"""Histogram of validation losses over seeds, mean and mean +- sd marked.

    The legend states the mean and the standard deviation of
    :class:`~execmath.projects.SeedStudy.spread`, each with its standard
    error.

    Parameters
    ----------
    study : SeedStudy
    bins : int, default 15
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    st = check_record(study, projects.SeedStudy, "study")
    losses = check_plot_data(st.losses, "study", ndim=1)
    if losses.size < 2:
        raise ValueError(f"study must hold at least 2 losses, got "
                         f"{losses.size}")
    bins = check_bins(bins)
    sp = projects.spread_summary(losses)
    ax = get_ax(ax)
    ax.hist(losses, bins=bins, color=PALETTE[5], edgecolor="white",
            label=f"{losses.size} seeds")
    ax.axvline(sp.mean, color=PALETTE[1], lw=2.0,
               label=f"mean {sp.mean:.3f} ± {sp.se_mean:.3f}")
    for sign in (-1.0, 1.0):
        ax.axvline(sp.mean + sign * sp.sd, color=PALETTE[1], ls="--", lw=1.2,
                   label=(f"mean ± sd, sd {sp.sd:.3f} ± {sp.se_sd:.3f}"
                          if sign < 0 else None))
    ax.set_xlabel("validation log-loss (nats)")
    ax.set_ylabel("number of seeds")
    ax.legend(loc="upper right", fontsize=8)
    return ax
