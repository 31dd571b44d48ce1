"""Plots for :mod:`execmath.stats`: the law of large numbers with its
bands, the central limit theorem on a lattice, and Gaussian clouds with
their principal axes.

Every function validates its inputs before it touches a figure, so a bad
call leaves no empty figure behind.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from scipy import special as ssp

from execmath import prob, stats
from execmath._validate import as_float_array
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_clt_histogram", "plot_gaussian_cloud", "plot_lln_paths"]


def _finite_2d(x: Any, name: str) -> np.ndarray:
    return as_float_array(x, name, ndim=2)


def _check_title(title: Any) -> None:
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, got "
                        f"{type(title).__name__}")


def plot_lln_paths(means, ns, p: float, *, alpha: float = 0.05,
                   ax: Axes | None = None) -> Axes:
    r"""Running means of Bernoulli(p) paths with two bands around ``p``.

    Draws each row of ``means`` against ``ns`` (log x-axis), the dashed
    line at :math:`p`, the normal-approximation band
    :math:`p \pm z_{1-\alpha/2}\,\sigma/\sqrt n` (solid black) and
    Hoeffding's band :math:`p \pm \sqrt{\log(2/\alpha)/(2n)}` (dotted),
    which holds at every :math:`n`.

    Parameters
    ----------
    means : array_like, shape (P, K)
        Running means, one path per row.
    ns : array_like, shape (K,)
        Sample size of each column, >= 1.
    p : float
        Success probability in (0, 1).
    alpha : float, default 0.05
        Each band misses with probability (about / at most) ``alpha``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from execmath import prob
    >>> ns = np.array([1, 10, 100])
    >>> m = prob.sample_mean_paths("bernoulli", 100, 2,
    ...                            np.random.default_rng(0), at=ns, p=0.3)
    >>> fig, ax = plt.subplots()
    >>> plot_lln_paths(m, ns, 0.3, ax=ax) is ax, len(ax.get_lines())
    (True, 7)
    >>> plt.close(fig)
    """
    means = _finite_2d(means, "means")
    if np.any((means < 0) | (means > 1)):
        raise ValueError("means must lie in [0, 1] (running means of 0/1 "
                         f"draws), got values from {means.min():.3g} to "
                         f"{means.max():.3g}")
    ns = as_float_array(ns, "ns", ndim=1)
    if ns.shape != (means.shape[1],):
        raise ValueError(f"ns must have shape ({means.shape[1]},) to match "
                         f"means {means.shape}, got {ns.shape}")
    if np.any(ns < 1) or np.any(ns > 2.0**53):
        raise ValueError(f"ns must be sample sizes in [1, 2**53], got values "
                         f"from {ns.min():.3g} to {ns.max():.3g}")
    p = stats._real_scalar(p, "p", low=0.0, high=1.0, open_low=True,
                           open_high=True)
    hoeff = stats.hoeffding_radius(ns, alpha)                    # (K,)
    check_ax(ax)
    # z_{1 - alpha/2} as -ndtri(alpha/2): no 1 - tiny rounding to 1
    z = -float(ssp.ndtri(alpha / 2.0))
    ax = get_ax(ax)
    sigma = math.sqrt(p * (1.0 - p))
    colours = tuple(c for c in PALETTE if c not in ("#000000", "#F0E442"))
    for j, row in enumerate(means):
        ax.plot(ns, row, color=colours[j % len(colours)], lw=0.9,
                alpha=0.85)
    ax.axhline(p, color="0.25", ls="--", lw=1.2, label=f"$p = {p:g}$")
    clt = z * sigma / np.sqrt(ns)
    ax.plot(ns, p + clt, color="black", lw=1.5,
            label=f"normal {1 - alpha:.0%} band")
    ax.plot(ns, p - clt, color="black", lw=1.5)
    ax.plot(ns, p + hoeff, color="black", lw=1.5, ls=":",
            label=f"Hoeffding {1 - alpha:.0%} band")
    ax.plot(ns, p - hoeff, color="black", lw=1.5, ls=":")
    ax.set_xscale("log")
    ax.set_xlim(ns[0], ns[-1])
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("sample size $n$")
    ax.set_ylabel(r"running mean $\bar X_n$")
    ax.legend(loc="upper right", frameon=True, framealpha=0.9,
              edgecolor="none")
    return ax


def plot_clt_histogram(sample: stats.CLTSample, *, per_bin: int = 4,
                       ax: Axes | None = None) -> Axes:
    r"""Histogram of standardised Bernoulli errors against :math:`\varphi`.

    The bins come from :func:`execmath.stats.lattice_bin_edges`, so each
    holds the same number of lattice values; the standard normal density
    is drawn on top.

    Parameters
    ----------
    sample : execmath.stats.CLTSample
    per_bin : int, default 4
        Lattice values per bin.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = stats.bernoulli_clt_sample(100, 0.5, 500,
    ...                                np.random.default_rng(0))
    >>> fig, ax = plt.subplots()
    >>> plot_clt_histogram(s, per_bin=2, ax=ax) is ax
    True
    >>> plt.close(fig)
    """
    edges = stats.lattice_bin_edges(sample, per_bin)             # validates
    check_ax(ax)
    ax = get_ax(ax)
    n_txt = f"{sample.n:,}".replace(",", "{,}")   # no space after a comma
    ax.hist(sample.z, bins=edges, density=True, color=PALETTE[0],
            alpha=0.45, label=f"{sample.z.size:,} means, $n = {n_txt}$")
    lim = max(4.0, float(np.max(np.abs(edges))))
    grid = np.linspace(-lim, lim, 400)
    ax.plot(grid, prob.normal_pdf(grid), color=PALETTE[1],
            label=r"$\mathcal{N}(0, 1)$ density")
    ax.set_xlim(-4.0, 4.0)
    ax.set_ylim(0.0, 0.52)              # headroom: the legend sits above
    ax.set_xlabel(r"$\sqrt{n}\,(\bar X_n - p)/\sigma$")
    ax.set_ylabel("density")
    ax.legend(loc="upper left")
    return ax


def _ellipse(mean: np.ndarray, low: np.ndarray, radius: float,
             num: int = 241) -> np.ndarray:
    """Points at Mahalanobis distance ``radius``: mean + radius L u."""
    t = np.linspace(0.0, 2.0 * np.pi, num)                      # (k,)
    circle = np.stack([np.cos(t), np.sin(t)])                    # (2, k)
    return mean[:, None] + radius * (low @ circle)               # (2, k)


def plot_gaussian_cloud(x, cov, *, mean=None, radius: float = 2.0,
                        replicate_axes=None, title: str | None = None,
                        ax: Axes | None = None) -> Axes:
    r"""A bivariate sample, its true ellipse and principal axes.

    Draws the points of ``x``; the ellipse of Mahalanobis distance
    ``radius`` under the true covariance (dotted); the true principal
    semi-axes :math:`\pm\,\text{radius}\sqrt{\lambda_i}\,v_i` (solid), when
    the largest eigenvalue is simple; the principal axes of the sample
    covariance (dashed), drawn the same way; and, optionally, the leading
    axes of further independent samples (thin lines through the mean, of
    the length of the true long semi-axis), e.g. from
    :func:`execmath.stats.sample_leading_axes`. Equal scales on both
    axes, so that right angles look like right angles.

    Parameters
    ----------
    x : array_like, shape (n, 2)
    cov : array_like, shape (2, 2), symmetric positive definite
    mean : array_like, shape (2,), optional
        True mean; default the origin.
    radius : float, default 2.0, > 0
    replicate_axes : array_like, shape (k, 2), optional
        Non-zero directions, one per row.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> cov = np.array([[1.0, 0.8], [0.8, 1.0]])
    >>> x = stats.mvn_sample([0.0, 0.0], cov, 100, np.random.default_rng(0))
    >>> fig, ax = plt.subplots()
    >>> plot_gaussian_cloud(x, cov, ax=ax) is ax, len(ax.get_lines())
    (True, 5)
    >>> plt.close(fig)
    """
    x = _finite_2d(x, "x")
    if x.shape[1] != 2 or x.shape[0] < 3:
        raise ValueError(f"x must have shape (n, 2) with n >= 3, got "
                         f"{x.shape}")
    mean = np.zeros(2) if mean is None else as_float_array(
        mean, "mean", ndim=1)
    low = stats._cholesky(cov)                                   # (2, 2)
    if low.shape != (2, 2) or mean.shape != (2,):
        raise ValueError(f"cov must be 2 x 2 and mean of shape (2,), got "
                         f"{low.shape} and {mean.shape}")
    radius = stats._real_scalar(radius, "radius", low=0.0, open_low=True)
    _check_title(title)
    if replicate_axes is not None:
        reps = _finite_2d(replicate_axes, "replicate_axes")
        big = np.max(np.abs(reps), axis=1) if reps.shape[1] == 2 else None
        if big is None or np.any(big == 0):
            raise ValueError("replicate_axes must have shape (k, 2) with "
                             f"non-zero rows, got {reps.shape}")
        reps = reps / big[:, None]          # rescale first: no overflow
        reps = reps / np.linalg.norm(reps, axis=1)[:, None]       # (k, 2)
    true_axes = stats.principal_axes(low @ low.T)
    lam = true_axes.variances
    simple = lam[0] - lam[1] > 1e-12 * lam[0]
    est = stats.covariance(x)
    sample_axes = stats.principal_axes(est.cov)
    check_ax(ax)
    ax = get_ax(ax)
    ax.scatter(x[:, 0], x[:, 1], s=6, color=PALETTE[0], alpha=0.35,
               lw=0, label=f"{x.shape[0]:,} samples")
    ell = _ellipse(mean, low, radius)
    ax.plot(ell[0], ell[1], color="black", ls=":", lw=1.4,
            label=f"Mahalanobis distance {radius:g}")
    if replicate_axes is not None:
        half = radius * math.sqrt(lam[0])
        for j, v in enumerate(reps):
            ends = np.stack([mean - half * v, mean + half * v])  # (2, 2)
            ax.plot(ends[:, 0], ends[:, 1], color=PALETTE[3], lw=0.8,
                    alpha=0.6, label=(f"leading axis of {len(reps)} "
                                      "more samples") if j == 0 else None)
    for axes, colour, style, label in (
            (true_axes, PALETTE[1], "-", "true principal axes"),
            (sample_axes, PALETTE[2], "--", "sample principal axes")):
        if style == "-" and not simple:
            continue             # equal variances: no principal direction
        centre = mean if style == "-" else est.mean
        for i in range(2):
            half = radius * math.sqrt(axes.variances[i]) \
                * axes.directions[:, i]                          # (2,)
            ends = np.stack([centre - half, centre + half])      # (2, 2)
            ax.plot(ends[:, 0], ends[:, 1], color=colour, ls=style,
                    lw=2.0, label=label if i == 0 else None)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
              fontsize=8)
    return ax
