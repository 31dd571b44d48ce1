"""Plots for :mod:`execmath.distributions`: a gallery of named families
with their means and spreads marked, and the naive product of likelihoods
against the log-space running sum.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import distributions as dist
from execmath._validate import as_float_array
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "FAMILY_EXAMPLES",
    "plot_family",
    "plot_likelihood_accumulation",
    "plot_loglik_error",
]

#: Parameter settings drawn by default for each family in the gallery.
FAMILY_EXAMPLES: dict[str, tuple[dict[str, Any], ...]] = {
    "normal": ({"mu": 0.0, "sigma": 1.0}, {"mu": 2.5, "sigma": 0.6},
               {"mu": -1.5, "sigma": 2.0}),
    "gamma": ({"shape": 1.0, "scale": 2.0}, {"shape": 3.0, "scale": 1.0},
              {"shape": 9.0, "scale": 0.5}),
    "poisson": ({"lam": 1.0}, {"lam": 4.0}, {"lam": 10.0}),
    "beta": ({"a": 2.0, "b": 5.0}, {"a": 5.0, "b": 5.0},
             {"a": 6.0, "b": 1.5}),
    "binomial": ({"n": 10, "p": 0.3}, {"n": 20, "p": 0.5}),
    "exponential": ({"rate": 0.5}, {"rate": 1.0}, {"rate": 2.0}),
    "lognormal": ({"mu": 0.0, "sigma": 0.5}, {"mu": 0.0, "sigma": 1.0}),
    "bernoulli": ({"p": 0.2}, {"p": 0.7}),
}

_SYMBOL = {"mu": r"\mu", "sigma": r"\sigma", "lam": r"\lambda",
           "shape": "k", "scale": r"\theta", "a": "a", "b": "b",
           "rate": r"\lambda", "p": "p", "n": "n"}
_TITLE = {"normal": "Normal", "gamma": "Gamma", "poisson": "Poisson",
          "beta": "Beta", "binomial": "Binomial",
          "exponential": "Exponential", "lognormal": "Log-normal",
          "bernoulli": "Bernoulli"}
# Colours: the Okabe-Ito palette without yellow (too pale for thin lines).
_COLOURS = tuple(c for c in PALETTE if c != "#F0E442")


_LEGEND_LOCS = ("best", "upper right", "upper left", "lower left",
                "lower right", "right", "center left", "center right",
                "lower center", "upper center", "center")


def _label(params: dict[str, Any]) -> str:
    parts = [f"{_SYMBOL[k]}={v:g}" for k, v in params.items()]
    return "$" + r",\ ".join(parts) + "$"


def _check_settings(family: Any, settings: Any) -> tuple[dict, ...]:
    if not isinstance(family, str) or family not in FAMILY_EXAMPLES:
        raise ValueError(
            f"family must be one of {sorted(FAMILY_EXAMPLES)}, got {family!r}"
        )
    if settings is None:
        settings = FAMILY_EXAMPLES[family]
    if not isinstance(settings, (list, tuple)) or not 1 <= len(settings) <= 6:
        raise ValueError(
            f"settings must be a list of 1 to 6 parameter dicts, got {settings!r}"
        )
    for s in settings:
        if not isinstance(s, dict):
            raise ValueError(f"settings must hold dicts, got {s!r}")
        dist.moments(family, **s)   # validates names and values
    return tuple(settings)


def _height_at(xs: np.ndarray, ys: np.ndarray, at: float) -> float:
    """Curve height at ``at`` by linear interpolation (mass: between stems)."""
    return float(np.interp(at, xs, ys))


def plot_family(family: str, settings=None, *, ax: Axes | None = None,
                legend_loc: str = "upper right") -> Axes:
    r"""Densities (or masses) of one family for several parameter settings.

    Each curve gets a dot at its mean :math:`\mu`, drawn at the height of
    the curve there, and a horizontal bar of the same colour spanning
    :math:`\mu \pm \sigma` (one standard deviation), with the moments from
    :func:`execmath.distributions.moments`. Masses are drawn as dots joined
    by thin lines, so the mean marker sits on the line between two stems.

    Parameters
    ----------
    family : str
        A key of :data:`FAMILY_EXAMPLES`.
    settings : sequence of dict, optional
        Parameter dicts (1 to 6); default ``FAMILY_EXAMPLES[family]``.
    ax : matplotlib Axes, optional
    legend_loc : str, default "upper right"
        Where the legend goes (a Matplotlib location string).

    Returns
    -------
    matplotlib.axes.Axes
        The mean dots carry ``gid="mean"`` and the bars ``gid="spread"``.
    """
    settings = _check_settings(family, settings)
    if not isinstance(legend_loc, str) or legend_loc not in _LEGEND_LOCS:
        raise ValueError(
            f"legend_loc must be one of {list(_LEGEND_LOCS)}, got {legend_loc!r}"
        )
    check_ax(ax)
    mom = [dist.moments(family, **s) for s in settings]
    discrete = dist.FAMILIES[family]["discrete"]
    ax = get_ax(ax)
    lo = min(m.mean - 4.0 * m.sd for m in mom)
    hi = max(m.mean + 4.0 * m.sd for m in mom)
    if family in ("gamma", "exponential", "lognormal", "poisson",
                  "binomial", "bernoulli"):
        lo = 0.0
    if family == "beta":
        lo, hi = 0.0, 1.0
    if family == "bernoulli":
        hi = 1.0
    if family == "binomial":
        hi = min(hi, max(s["n"] for s in settings))
    for j, (s, m) in enumerate(zip(settings, mom)):
        colour = _COLOURS[j % len(_COLOURS)]
        if discrete:
            xs = np.arange(0.0, math.ceil(hi) + 1.0)
            ys = dist.pdf(family, xs, **s)
            ax.plot(xs, ys, "o-", color=colour, ms=3.5, lw=0.7,
                    label=_label(s))
        else:
            # open interval for beta/gamma-type supports: endpoints may be
            # infinite-density points, and the curve is drawn, not sampled
            eps = 1e-6 * (hi - lo)
            xs = np.linspace(lo + (eps if lo == 0.0 else 0.0),
                             hi - (eps if family == "beta" else 0.0), 600)
            ys = dist.pdf(family, xs, **s)
            ax.plot(xs, ys, color=colour, label=_label(s))
        h = _height_at(xs, ys, m.mean)
        ax.hlines(h, m.mean - m.sd, m.mean + m.sd, colors=colour, lw=2.4,
                  alpha=0.75, gid="spread")
        ax.plot([m.mean], [h], "o", color=colour, ms=7, mec="black",
                mew=0.8, gid="mean")
    ax.set_title(_TITLE[family])
    ax.set_xlabel("$k$" if discrete else "$x$")
    ax.set_ylabel("$P(K = k)$" if discrete else "$p(x)$")
    ax.set_ylim(0.0, 1.32 * ax.get_ylim()[1])   # headroom for the legend
    ax.legend(loc=legend_loc)
    return ax


def _check_acc(acc: Any) -> dist.LikelihoodAccumulation:
    if not isinstance(acc, dist.LikelihoodAccumulation):
        raise ValueError(
            f"acc must be a LikelihoodAccumulation "
            f"(distributions.accumulate_likelihood), got {type(acc).__name__}"
        )
    return acc


def plot_likelihood_accumulation(acc, *, ax: Axes | None = None) -> Axes:
    r""":math:`\log_{10}` of the likelihood of the first :math:`n` samples.

    The naive product :math:`L_n = \prod_i p(x_i)` (drawn while it is
    positive) and the log-space sum :math:`\ell_n = \sum_i \log p(x_i)`
    divided by :math:`\ln 10`, with the smallest normal (:math:`2^{-1022}`, dotted)
    and subnormal (:math:`2^{-1074}`, dashed) float64 numbers, and a cross
    where the product first equals 0.

    Parameters
    ----------
    acc : LikelihoodAccumulation
        From :func:`execmath.distributions.accumulate_likelihood`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    acc = _check_acc(acc)
    check_ax(ax)
    ax = get_ax(ax)
    ln10 = math.log(10.0)
    pos = acc.naive > 0
    ax.plot(acc.n, acc.loglik / ln10, color=PALETTE[0], lw=2.2,
            label=r"log space: $\ell_n / \ln 10$")
    with np.errstate(divide="ignore"):
        ax.plot(acc.n[pos], np.log10(acc.naive[pos]), color=PALETTE[1],
                lw=1.4, ls="--", label=r"naive: $\log_{10} L_n$")
    ax.axhline(-1022 * math.log10(2.0), color="0.35", ls=":", lw=1.0,
               label="smallest normal $2^{-1022}$")
    ax.axhline(-1074 * math.log10(2.0), color="0.35", ls="--", lw=1.0,
               label="smallest subnormal $2^{-1074}$")
    if acc.n_zero is not None:
        y0 = -1074 * math.log10(2.0)
        ax.plot([acc.n_zero], [y0], "x", color=PALETTE[1], ms=10, mew=2.2,
                gid="underflow")
        ax.annotate(f"product = 0 from $n$ = {acc.n_zero}",
                    xy=(acc.n_zero, y0), xytext=(12, -26),
                    textcoords="offset points", color=PALETTE[1],
                    fontsize=9)
    ax.set_xlim(0, acc.n[-1])
    ax.set_xlabel("number of observations $n$")
    ax.set_ylabel(r"$\log_{10}$ likelihood")
    ax.legend(loc="lower left")
    return ax


def plot_loglik_error(acc, reference, *, per_term: float = 24.0,
                      ax: Axes | None = None) -> Axes:
    r"""Relative error of the running log-likelihood, in units of :math:`u`.

    Plots :math:`\max_{m \le n} \abs{\hat\ell_m - \ell_m}/\abs{\ell_m}`
    (the worst error so far) divided by :math:`u = 2^{-53}` against
    :math:`n` on log-log axes, with the bound :math:`(n + c)u`: recursive
    summation of terms of one sign adds at most :math:`(n - 1)u`, and
    each term's own relative error, at most :math:`c u`, carries over to
    the sum unchanged.

    Parameters
    ----------
    acc : LikelihoodAccumulation
    reference : array_like, shape (N,)
        High-precision running log-likelihood, e.g. from
        :func:`execmath.distributions.mixture_loglik_reference`.
    per_term : float, default 24.0
        :math:`c`, the bound on each log-density's relative error in units
        of :math:`u` (24 for the two-component mixtures of the book).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    acc = _check_acc(acc)
    ref = as_float_array(reference, "reference", ndim=1)
    if ref.shape != acc.loglik.shape or np.any(ref == 0):
        raise ValueError(
            f"reference must be a nonzero array of shape {acc.loglik.shape}, "
            f"got shape {ref.shape}"
        )
    if isinstance(per_term, bool) or not isinstance(per_term, (int, float)) \
            or not 0 <= per_term < 1e6:
        raise ValueError(f"per_term must be a number in [0, 1e6), got {per_term!r}")
    u = 2.0**-53
    with np.errstate(over="ignore"):
        rel = np.abs(acc.loglik - ref) / np.abs(ref) / u
    if not np.all(np.isfinite(rel)):
        raise ValueError("reference is so far from acc.loglik that the "
                         "relative errors overflow")
    check_ax(ax)
    ax = get_ax(ax)
    worst = np.maximum.accumulate(rel)
    keep = worst > 0
    ax.loglog(acc.n, acc.n + float(per_term), color="0.3", ls="--",
              label=f"bound $(n + {per_term:g})\\,u$")
    ax.loglog(acc.n[keep], worst[keep], color=PALETTE[0], lw=1.8,
              label="largest error so far")
    ax.set_xlabel("number of observations $n$")
    ax.set_ylabel(r"relative error $/\,u$")
    ax.legend(loc="upper left")
    return ax
