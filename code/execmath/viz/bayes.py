r"""Plots for :mod:`execmath.bayes`: Beta posteriors as data arrive.

:func:`plot_beta_posteriors` draws the prior and the posteriors of a
:class:`~execmath.bayes.BetaPath` as densities; :func:`plot_posterior_sd`
draws their standard deviations against :math:`n` on log-log axes next to
the rate :math:`\sqrt{\theta(1-\theta)/n}`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import bayes
from execmath._validate import InputTypeError, check_finite_scalar, \
    check_positive_int
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_beta_posteriors", "plot_posterior_sd"]


def _check_path(path: Any) -> bayes.BetaPath:
    if not isinstance(path, bayes.BetaPath):
        raise InputTypeError(f"path must be an execmath.bayes.BetaPath, got "
                             f"{type(path).__name__}")
    return path


def _check_truth(p_true: Any) -> float | None:
    if p_true is None:
        return None
    p = check_finite_scalar(p_true, "p_true")
    if not 0 < p < 1:
        raise ValueError(f"p_true must lie strictly in (0, 1), got {p_true!r}")
    return p


def plot_beta_posteriors(path: bayes.BetaPath, *, p_true: float | None = None,
                         n_grid: int = 801, ax: Axes | None = None) -> Axes:
    r"""Densities of the prior and the posteriors stored in ``path``.

    One curve per entry of ``path`` (``n = 0`` is labelled "prior" and
    drawn dashed), darker for larger :math:`n`, with a vertical dotted line
    at ``p_true`` when given.

    Parameters
    ----------
    path : execmath.bayes.BetaPath
        From :func:`execmath.bayes.beta_bernoulli_path`.
    p_true : float, optional
        The probability that generated the data, in (0, 1).
    n_grid : int, default 801
        Number of grid points on (0, 1), >= 11.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    path = _check_path(path)
    p = _check_truth(p_true)
    n_grid = check_positive_int(n_grid, "n_grid", minimum=11,
                                maximum=100_000)
    # open grid: a Beta density with a < 1 or b < 1 is infinite at the ends
    theta = np.linspace(0.0, 1.0, n_grid + 2)[1:-1]        # (n_grid,)
    dens = [bayes.beta_pdf(theta, a, b) for a, b in zip(path.a, path.b)]
    ax = get_ax(ax)
    m = len(dens)
    for i, (n, f) in enumerate(zip(path.n, dens)):
        if n == 0:
            ax.plot(theta, f, ls="--", color="0.35",
                    label=f"prior Beta({path.a[i]:g}, {path.b[i]:g})")
            continue
        colour = PALETTE[i % len(PALETTE)] if m <= len(PALETTE) else None
        ax.plot(theta, f, color=colour, label=f"n = {int(n):,}")
        ax.fill_between(theta, f, color=colour, alpha=0.08, lw=0)
    if p is not None:
        ax.axvline(p, ls=":", color="k", lw=1.2, label=rf"true $p = {p:g}$")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel(r"success probability $\theta$")
    ax.set_ylabel(r"density $p(\theta \mid x_{1:n})$")
    ax.legend(loc="upper left")
    return ax


def plot_posterior_sd(path: bayes.BetaPath, *, p_true: float,
                      ax: Axes | None = None) -> Axes:
    r"""Posterior standard deviation against :math:`n` (log-log).

    Draws the entries of ``path`` with ``n >= 1`` as markers joined by a
    line, and the reference :math:`\sqrt{p(1-p)/n}` as a dashed line: on
    log-log axes both have slope :math:`-1/2`.

    Parameters
    ----------
    path : execmath.bayes.BetaPath
        With at least two entries ``n >= 1``.
    p_true : float
        The probability that generated the data, in (0, 1).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    path = _check_path(path)
    p = _check_truth(p_true)
    if p is None:
        raise InputTypeError("p_true must be a real number in (0, 1), got None")
    keep = path.n >= 1
    if np.count_nonzero(keep) < 2:
        raise ValueError(f"path must hold at least two entries with n >= 1, "
                         f"got n = {path.n.tolist()}")
    n = path.n[keep].astype(np.float64)
    ax = get_ax(ax)
    ax.loglog(n, path.sd[keep], "o-", ms=3.5, color=PALETTE[0],
              label="posterior sd")
    ax.loglog(n, np.sqrt(p * (1 - p) / n), "--", color="0.35",
              label=r"$\sqrt{p(1-p)/n}$")
    ax.set_xlabel("number of observations $n$")
    ax.set_ylabel(r"posterior sd of $\theta$")
    ax.legend(loc="upper right")
    return ax
