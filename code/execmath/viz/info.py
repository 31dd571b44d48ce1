r"""Plots for :mod:`execmath.info`: Bernoulli entropy, KL and log-loss.

:func:`plot_bernoulli_entropy` draws :math:`H(p)` with its maximum marked;
:func:`plot_bernoulli_kl` draws the two directions of the KL divergence
between a fixed Bernoulli and a family of models;
:func:`plot_logloss` draws a :class:`~execmath.info.LogLossCurve`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from execmath import info
from execmath._validate import InputTypeError, check_choice, \
    check_finite_scalar, check_positive_int
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_bernoulli_entropy", "plot_bernoulli_kl", "plot_logloss"]


def plot_bernoulli_entropy(*, n_grid: int = 201, ax: Axes | None = None) -> Axes:
    r"""Bernoulli entropy :math:`H(p)` in nats on :math:`[0, 1]`.

    The grid has ``n_grid`` evenly spaced points including 0, 1/2 and 1
    (``n_grid`` odd). The maximum :math:`(\tfrac12, \log 2)` is marked and
    a dotted line shows the level :math:`\log 2`.

    Parameters
    ----------
    n_grid : int, default 201
        Odd number of grid points, >= 3.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    n_grid = check_positive_int(n_grid, "n_grid", minimum=3,
                                maximum=1_000_001)
    if n_grid % 2 == 0:
        raise ValueError(f"n_grid must be odd so that p = 1/2 is a grid "
                         f"point, got {n_grid}")
    p = np.linspace(0.0, 1.0, n_grid)                       # (n_grid,)
    h = info.bernoulli_entropy(p)
    ax = get_ax(ax)
    ax.plot(p, h, color=PALETTE[0], label="$H(p)$")
    ax.axhline(math.log(2), ls=":", color="0.35", lw=1.0)
    i = int(np.argmax(h))
    ax.plot([p[i]], [h[i]], "o", color=PALETTE[1], ms=6,
            label=rf"max at $p = {p[i]:g}$: $\log 2 \approx {h[i]:.4f}$")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 0.85)
    ax.set_xlabel("$p$")
    ax.set_ylabel("entropy (nats)")
    ax.legend(loc="lower center")
    return ax


def plot_bernoulli_kl(p: float, q_pair: float, *, q_min: float = 1e-3,
                      n_grid: int = 999, ax: Axes | None = None) -> Axes:
    r"""Both directions of the Bernoulli KL divergence against the model.

    With the truth :math:`\mathrm{Ber}(p)` fixed, draws
    :math:`D_{\mathrm{KL}}(p\,\|\,q)` (model :math:`q` judged under the
    truth) and :math:`D_{\mathrm{KL}}(q\,\|\,p)` for :math:`q` in
    :math:`[q_{\min}, 1 - q_{\min}]`, and marks both values at the pair
    :math:`(p, q_{\text{pair}})`.

    Parameters
    ----------
    p : float
        True probability, in (0, 1).
    q_pair : float
        Model probability of the marked pair, in [q_min, 1 - q_min].
    q_min : float, default 1e-3
        Grid end, in (0, 0.1].
    n_grid : int, default 999
        Grid points, >= 3.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    p = check_finite_scalar(p, "p")
    q_pair = check_finite_scalar(q_pair, "q_pair")
    q_min = check_finite_scalar(q_min, "q_min")
    n_grid = check_positive_int(n_grid, "n_grid", minimum=3,
                                maximum=1_000_000)
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly in (0, 1), got {p!r}")
    if not 0 < q_min <= 0.1:
        raise ValueError(f"q_min must lie in (0, 0.1], got {q_min!r}")
    if not q_min <= q_pair <= 1 - q_min:
        raise ValueError(f"q_pair must lie in [q_min, 1 - q_min] = "
                         f"[{q_min:g}, {1 - q_min:g}], got {q_pair!r}")
    q = np.linspace(q_min, 1.0 - q_min, n_grid)             # (n_grid,)
    fwd = info.bernoulli_kl(p, q)
    rev = info.bernoulli_kl(q, p)
    kf = float(info.bernoulli_kl(p, q_pair))
    kr = float(info.bernoulli_kl(q_pair, p))
    ax = get_ax(ax)
    ax.plot(q, fwd, color=PALETTE[0],
            label=rf"$D_{{\mathrm{{KL}}}}(\mathrm{{Ber}}({p:g})\,\|\,"
                  rf"\mathrm{{Ber}}(q))$")
    ax.plot(q, rev, color=PALETTE[1], ls="--",
            label=rf"$D_{{\mathrm{{KL}}}}(\mathrm{{Ber}}(q)\,\|\,"
                  rf"\mathrm{{Ber}}({p:g}))$")
    ax.plot([q_pair], [kf], "o", color=PALETTE[0], ms=6)
    ax.plot([q_pair], [kr], "s", color=PALETTE[1], ms=6)
    ax.vlines(q_pair, kr, kf, color="0.35", lw=1.0, ls=":")
    # labels sit in the empty middle of the panel, arrows point at the pair
    top = float(np.max(fwd))
    for val, colour, dy in ((kf, PALETTE[0], 0.50), (kr, PALETTE[1], 0.36)):
        ax.annotate(f"{val:.3f}", (q_pair, val),
                    xytext=(q_pair + 0.12, dy * top), color=colour,
                    fontsize=9, va="center",
                    arrowprops={"arrowstyle": "->", "color": colour,
                                "lw": 0.9})
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel("model probability $q$")
    ax.set_ylabel("KL divergence (nats)")
    ax.legend(loc="upper center")
    return ax


def _logit_label(x: float, _pos: Any = None) -> str:
    """Tick text ``10^k``, ``1/2`` or ``1 - 10^k`` for a logit axis.

    Matplotlib's own logit formatter prints ``1 - 10·10^{-13}`` for the
    float nearest ``1 - 10^{-12}``; rounding the exponent avoids that.
    """
    if abs(x - 0.5) < 1e-12:
        return r"$\frac{1}{2}$"
    if x < 0.5:
        return rf"$10^{{{round(math.log10(x))}}}$"
    return rf"$1 - 10^{{{round(math.log10(1.0 - x))}}}$"


def plot_logloss(curve: info.LogLossCurve, *, scale: str = "linear",
                 ax: Axes | None = None) -> Axes:
    r"""Log-loss of both labels against the predicted probability.

    Draws ``curve.loss_pos`` (label 1, loss :math:`-\log p`) and
    ``curve.loss_neg`` (label 0, loss :math:`-\log(1-p)`), and marks the
    extreme wrong prediction with its loss :math:`-\log\varepsilon`.

    Parameters
    ----------
    curve : execmath.info.LogLossCurve
        From :func:`execmath.info.logloss_curve`.
    scale : {"linear", "logit"}, default "linear"
        The x-axis: probabilities on a linear axis, or on a logit axis that
        spreads out the ends near 0 and 1.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(curve, info.LogLossCurve):
        raise InputTypeError(f"curve must be an execmath.info.LogLossCurve, "
                             f"got {type(curve).__name__}")
    scale = check_choice(scale, "scale", ("linear", "logit"))
    ax = get_ax(ax)
    p = curve.p
    ax.plot(p, curve.loss_pos, color=PALETTE[0], label="label $y = 1$")
    ax.plot(p, curve.loss_neg, color=PALETTE[1], ls="--",
            label="label $y = 0$")
    worst = float(curve.loss_pos[0])
    ax.plot([p[0]], [worst], "o", color=PALETTE[0], ms=5)
    ax.plot([p[-1]], [float(curve.loss_neg[-1])], "s", color=PALETTE[1],
            ms=5)
    if scale == "logit":
        ax.set_xscale("logit")
        ax.set_xlim(p[0] / 2, 1 - (1 - p[-1]) / 2)
        e = curve.eps
        # five ticks: ends, middle, and halfway (in the logit) to each end
        ax.set_xticks([e, math.sqrt(e), 0.5, 1 - math.sqrt(e), 1 - e])
        ax.xaxis.set_major_formatter(FuncFormatter(_logit_label))
        ax.annotate(rf"$-\log\varepsilon = {worst:.1f}$", (p[0], worst),
                    xytext=(12, -4), textcoords="offset points",
                    color=PALETTE[0], fontsize=9)
    else:
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 7.0)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel("predicted probability $p$ of label 1")
    ax.set_ylabel("log-loss (nats)")
    ax.legend(loc="upper center")
    return ax
