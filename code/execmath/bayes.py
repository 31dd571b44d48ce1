r"""Bayesian updating: Bayes' rule on a grid and two conjugate families.

Bayes' rule turns a prior :math:`p(\theta)` and a likelihood
:math:`p(x \mid \theta)` into a posterior
:math:`p(\theta \mid x) \propto p(x \mid \theta)\,p(\theta)`. On a finite
grid of hypotheses this is one normalisation, done here in log space so
that likelihoods of thousands of observations neither underflow nor
overflow. For two classical models the posterior has a closed form
(a *conjugate* prior):

* Beta-Bernoulli: a :math:`\mathrm{Beta}(a, b)` prior on a success
  probability, after :math:`k` successes in :math:`n` trials, becomes
  :math:`\mathrm{Beta}(a + k, b + n - k)`;
* Normal-Normal with known noise :math:`\sigma`: a
  :math:`\mathcal N(\mu_0, \tau_0^2)` prior on a mean becomes normal with
  precision :math:`1/\tau_0^2 + n/\sigma^2`.

Posterior summaries (moments, equal-tailed credible intervals, posterior
predictive distributions) are computed in forms that stay finite at
extreme parameters (``hypot`` for precisions, log space for densities).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import special as sps

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
)
from execmath.info import _kl_terms   # Bernoulli KL terms for beta_pdf

__all__ = [
    "BetaMoments",
    "BetaPath",
    "BetaPosterior",
    "CredibleInterval",
    "GridPosterior",
    "NormalPosterior",
    "beta_bernoulli_path",
    "beta_bernoulli_predictive",
    "beta_bernoulli_update",
    "beta_credible_interval",
    "beta_moments",
    "beta_pdf",
    "grid_posterior",
    "normal_credible_interval",
    "normal_normal_predictive",
    "normal_normal_update",
]


_TINY = float(np.finfo(np.float64).tiny)


# ------------------------------------------------------------ validation
def _positive(x: Any, name: str) -> float:
    """A finite real scalar > 0."""
    return check_finite_scalar(x, name, positive=True)


def _beta_params(a: Any, b: Any) -> tuple[float, float]:
    """Beta shape parameters: finite, > 0, with a finite sum."""
    a, b = _positive(a, "a"), _positive(b, "b")
    for name, v in (("a", a), ("b", b)):
        if v < _TINY:
            # 1/v overflows: log B(a, b) and the moments lose all meaning
            raise ValueError(f"{name} must be >= {_TINY:.3e} (the smallest "
                             f"normal double), got {v!r}")
    if not math.isfinite(a + b):
        raise ValueError(f"a + b must be finite, got a = {a!r}, b = {b!r}")
    return a, b


def _binary_data(x: Any, name: str = "x") -> np.ndarray:
    """A non-empty 1-D array of Bernoulli outcomes 0 and 1 (not bools)."""
    arr = as_float_array(x, name, ndim=1)
    bad = (arr != 0) & (arr != 1)
    if np.any(bad):
        raise ValueError(f"{name} must contain only 0 and 1, got "
                         f"{int(bad.sum())} other values, e.g. "
                         f"{arr[bad][0]!r}")
    return arr


def _prefix_lengths(ns: Any, upper: int) -> np.ndarray:
    """Strictly increasing integers in ``[0, upper]`` (0 means the prior)."""
    if isinstance(ns, (str, bytes)) or ns is None:
        raise InputTypeError(f"ns must be a 1-D integer array, got "
                             f"{type(ns).__name__}")
    try:
        arr = np.asarray(ns)
    except (TypeError, ValueError) as exc:          # ragged nested lists
        raise ValueError(f"ns must be a 1-D integer array, got "
                         f"{type(ns).__name__}") from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"ns must be a non-empty 1-D array, got shape "
                         f"{arr.shape}")
    if arr.dtype.kind not in "iu":
        raise InputTypeError(f"ns must hold integers (not bool, float or "
                             f"str), got dtype {arr.dtype}")
    if arr[0] < 0 or arr[-1] > upper or np.any(np.diff(arr) <= 0):
        raise ValueError(f"ns must increase strictly within [0, {upper}] "
                         f"(the length of x), got values from {arr.min()} "
                         f"to {arr.max()}")
    return arr.astype(np.int64)


def _level(level: Any) -> float:
    """A credible level strictly between 0 and 1."""
    lv = check_finite_scalar(level, "level")
    if not 0 < lv < 1:
        raise ValueError(f"level must lie strictly in (0, 1), got {level!r}")
    return lv


# ---------------------------------------------------------- Bayes' rule
class GridPosterior(NamedTuple):
    r"""Posterior probabilities on a finite set of hypotheses.

    ``log_evidence`` is :math:`\log \sum_j p(\theta_j)\,p(x\mid\theta_j)`,
    the log marginal likelihood when the prior sums to one.
    """

    posterior: np.ndarray      # (m,), non-negative, sums to 1
    log_evidence: float


def grid_posterior(log_prior: Any, log_likelihood: Any) -> GridPosterior:
    r"""Bayes' rule on a finite set of hypotheses, in log space.

    .. math::

        p(\theta_j \mid x) = \frac{p(x\mid\theta_j)\,p(\theta_j)}
        {\sum_k p(x\mid\theta_k)\,p(\theta_k)}
        = \exp\!\big(s_j - \operatorname{LSE}(s)\big),
        \qquad s_j = \log p(\theta_j) + \log p(x \mid \theta_j)

    Working with :math:`s_j` and the max-shifted log-sum-exp keeps the
    computation finite when every likelihood underflows (thousands of
    observations). ``-inf`` entries (hypotheses ruled out) are allowed.

    Parameters
    ----------
    log_prior, log_likelihood : array_like, shape (m,)
        Log prior weights (need not be normalised) and log-likelihoods;
        finite or ``-inf``, with at least one finite :math:`s_j`.

    Returns
    -------
    GridPosterior

    Examples
    --------
    >>> post = grid_posterior(np.log([0.5, 0.5]), [-2000.0, -2000.0 + np.log(3)])
    >>> np.round(post.posterior, 6).tolist()
    [0.25, 0.75]
    """
    lp = as_float_array(log_prior, "log_prior", ndim=1, allow_nan=True)
    ll = as_float_array(log_likelihood, "log_likelihood", ndim=1,
                        allow_nan=True)
    for name, arr in (("log_prior", lp), ("log_likelihood", ll)):
        if np.any(np.isnan(arr)) or np.any(arr == np.inf):
            raise ValueError(f"{name} must be finite or -inf (no NaN or "
                             f"+inf), got shape {arr.shape}")
    if lp.shape != ll.shape:
        raise ValueError(f"log_prior and log_likelihood must have the same "
                         f"shape, got {lp.shape} and {ll.shape}")
    with np.errstate(over="ignore"):       # -huge + -huge may reach -inf
        s = lp + ll                                         # (m,)
    if np.any(s == np.inf):
        raise ValueError("log_prior + log_likelihood overflows to +inf: "
                         "the log weights exceed the float64 range")
    if not np.any(np.isfinite(s)):
        raise ValueError("log_prior + log_likelihood is -inf everywhere: "
                         "no hypothesis has positive posterior weight")
    m = float(np.max(s))
    # s - m may overflow to -inf when the log weights span more than the
    # float64 range; exp(-inf) = 0 is then the exact weight to rounding
    with np.errstate(under="ignore", over="ignore"):
        w = np.exp(s - m)                                   # (m,), max = 1
    total = float(np.sum(w))
    return GridPosterior(posterior=w / total,
                         log_evidence=m + math.log(total))


# ------------------------------------------------------- Beta-Bernoulli
class BetaPosterior(NamedTuple):
    r"""Parameters of a :math:`\mathrm{Beta}(a, b)` distribution."""

    a: float
    b: float


class BetaMoments(NamedTuple):
    """Mean, variance and standard deviation of a Beta distribution."""

    mean: float
    var: float
    sd: float


class CredibleInterval(NamedTuple):
    """Equal-tailed credible interval ``[lower, upper]`` of mass ``level``."""

    lower: float
    upper: float
    level: float


def beta_bernoulli_update(x: Any, a: float = 1.0,
                          b: float = 1.0) -> BetaPosterior:
    r"""Posterior of a Bernoulli probability under a Beta prior.

    .. math::

        \theta \sim \mathrm{Beta}(a, b),\quad
        x_i \mid \theta \sim \mathrm{Bernoulli}(\theta)
        \;\Longrightarrow\;
        \theta \mid x \sim \mathrm{Beta}(a + k,\; b + n - k),
        \quad k = \sum_{i=1}^n x_i

    Only the counts enter, so the order of the data does not matter and
    updating in batches (passing each posterior as the next prior) gives
    the batch posterior.

    Parameters
    ----------
    x : array_like, shape (n,)
        Outcomes, each 0 or 1.
    a, b : float, default 1.0
        Prior parameters, > 0 (``a = b = 1`` is the uniform prior).

    Returns
    -------
    BetaPosterior

    Examples
    --------
    >>> beta_bernoulli_update([1, 0, 1, 1], a=2.0, b=2.0)
    BetaPosterior(a=5.0, b=3.0)
    """
    x = _binary_data(x)
    a, b = _beta_params(a, b)
    k = float(np.sum(x))
    post = BetaPosterior(a=a + k, b=b + (x.size - k))
    return BetaPosterior(*_beta_params(*post))


def beta_moments(a: float, b: float) -> BetaMoments:
    r"""Mean, variance and standard deviation of :math:`\mathrm{Beta}(a, b)`.

    .. math::

        \E[\theta] = \frac{a}{a+b}, \qquad
        \Var[\theta] = \frac{ab}{(a+b)^2(a+b+1)}
        = \frac{\E[\theta]\,(1 - \E[\theta])}{a+b+1}

    The second form never squares :math:`a+b`, so it does not overflow
    for large parameters; :math:`1-\E[\theta]` is computed as
    :math:`b/(a+b)`, without cancellation.

    Parameters
    ----------
    a, b : float
        Shape parameters, > 0.

    Returns
    -------
    BetaMoments

    Examples
    --------
    >>> m = beta_moments(2.0, 8.0)
    >>> round(m.mean, 12), round(m.var, 12)
    (0.2, 0.014545454545)
    """
    a, b = _beta_params(a, b)
    s = a + b
    mean, comp = a / s, b / s
    var = mean * comp / (s + 1.0)
    return BetaMoments(mean=mean, var=var, sd=math.sqrt(var))


def beta_pdf(theta: Any, a: float, b: float) -> np.ndarray:
    r"""Density of :math:`\mathrm{Beta}(a, b)`, evaluated in log space.

    .. math::

        f(\theta) = \frac{\theta^{a-1}(1-\theta)^{b-1}}{B(a, b)}

    Inside :math:`(0, 1)` the logarithm is computed in the saddle-point
    form :math:`\log f = -s\,D(\mu\,\|\,\theta) - \log\theta
    - \log(1-\theta) + \frac12\log\frac{ab}{2\pi s} + (\text{Stirling
    corrections})` with :math:`s = a+b`, :math:`\mu = a/s` and :math:`D`
    the Bernoulli KL divergence: it has no cancellation, so the density
    keeps its relative accuracy for parameters up to :math:`10^{300}`,
    where :math:`(a-1)\log\theta - \log B(a, b)` would subtract two huge
    numbers. The end points are handled exactly.

    Parameters
    ----------
    theta : array_like
        Points in [0, 1]. An end point where the density is infinite
        (``theta = 0`` with ``a < 1``, ``theta = 1`` with ``b < 1``) is
        refused.
    a, b : float
        Shape parameters, > 0.

    Returns
    -------
    numpy.ndarray
        Same shape as ``theta``.

    Examples
    --------
    >>> beta_pdf([0.0, 0.5, 1.0], 2.0, 2.0).tolist()
    [0.0, 1.5, 0.0]
    """
    t = as_float_array(theta, "theta")
    a, b = _beta_params(a, b)
    if np.any((t < 0) | (t > 1)):
        raise ValueError(f"theta must lie in [0, 1], got values from "
                         f"{t.min()!r} to {t.max()!r}")
    if (a < 1 and np.any(t == 0)) or (b < 1 and np.any(t == 1)):
        raise ValueError(f"theta hits an end point where the Beta({a}, {b}) "
                         f"density is infinite")
    f = np.zeros_like(t)
    # end points: the density is 0, or 1/B(1, b) = b, or 1/B(a, 1) = a
    f[t == 0] = b if a == 1 else 0.0
    f[t == 1] = a if b == 1 else 0.0
    inner = (t > 0) & (t < 1)
    with np.errstate(over="ignore", under="ignore"):
        f[inner] = np.exp(_beta_logpdf_inner(t[inner], a, b))
    if not np.all(np.isfinite(f)):
        raise ValueError(f"the Beta({a}, {b}) density exceeds the float64 "
                         f"range at some theta")
    return f


def _stirlerr(x: np.ndarray) -> np.ndarray:
    r"""Stirling's error :math:`\delta(x) = \log\Gamma(x) - [(x - \tfrac12)
    \log x - x + \tfrac12\log 2\pi]`, for :math:`x > 0`.

    For :math:`x \ge 15` the asymptotic series
    :math:`\frac{1}{12x} - \frac{1}{360x^3} + \frac{1}{1260x^5}
    - \frac{1}{1680x^7}` (truncation error below :math:`10^{-13}/x`,
    relative to the first term far below :math:`u`) avoids subtracting two
    large numbers; below 15 the difference is of moderate size and is
    computed directly.
    """
    x = np.asarray(x, dtype=np.float64)
    big = x >= 15.0
    xb = np.where(big, x, 15.0)
    r = 1.0 / xb
    r2 = r * r                                  # may underflow to 0: fine
    series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260
                                                    - r2 / 1680)))
    xs = np.where(big, 1.0, x)
    direct = sps.gammaln(xs) - ((xs - 0.5) * np.log(xs) - xs
                                + 0.5 * math.log(2 * math.pi))
    return np.where(big, series, direct)


def _beta_logpdf_inner(t: np.ndarray, a: float, b: float) -> np.ndarray:
    r"""Beta log density for :math:`0 < \theta < 1`, in saddle-point form.

    With :math:`s = a + b` and :math:`\mu = a/s`, Stirling's formula with
    its error :math:`\delta` turns the density into

    .. math::

        \log f(\theta) = -s\,D(\mu\,\|\,\theta) - \log\theta
        - \log(1-\theta) + \tfrac12\log\frac{ab}{2\pi s}
        - \delta(a) - \delta(b) + \delta(s),

    where :math:`D` is the Bernoulli KL divergence. Every term is of
    moderate size where the density is, so nothing cancels even for
    :math:`a, b \sim 10^{300}` (the textbook form subtracts numbers of
    size :math:`a\log\theta` and :math:`\log B(a, b)`). This is the
    approach of Loader's algorithm for binomial probabilities.
    """
    s = a + b
    mu, nu = a / s, b / s                      # nu = 1 - mu, unrounded
    d = (_kl_terms(np.full_like(t, mu), t, t - mu)
         + _kl_terms(np.full_like(t, nu), 1.0 - t, mu - t))   # D(mu || t)
    delta = float(_stirlerr(np.array([a, b, s])) @ np.array([-1.0, -1.0, 1.0]))
    half = 0.5 * (math.log(a) + math.log(nu) - math.log(2 * math.pi))
    return -s * d - np.log(t) - np.log1p(-t) + half + delta


def beta_credible_interval(a: float, b: float,
                           level: float = 0.95) -> CredibleInterval:
    r"""Equal-tailed credible interval of :math:`\mathrm{Beta}(a, b)`.

    .. math::

        [\,F^{-1}(\tfrac{\alpha}{2}),\; F^{-1}(1 - \tfrac{\alpha}{2})\,],
        \qquad \alpha = 1 - \text{level}

    where :math:`F^{-1}` is the inverse of the regularised incomplete beta
    function (``scipy.special.betaincinv``).

    Parameters
    ----------
    a, b : float
        Shape parameters, > 0.
    level : float, default 0.95
        Posterior mass inside the interval, in (0, 1).

    Returns
    -------
    CredibleInterval

    Examples
    --------
    >>> ci = beta_credible_interval(1.0, 1.0, 0.9)
    >>> round(ci.lower, 12), round(ci.upper, 12)
    (0.05, 0.95)
    """
    a, b = _beta_params(a, b)
    lv = _level(level)
    alpha = 1.0 - lv
    lo = float(sps.betaincinv(a, b, alpha / 2))
    hi = float(sps.betaincinv(a, b, 1.0 - alpha / 2))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"a = {a!r}, b = {b!r}: the Beta(a, b) quantiles "
                         f"are outside the range scipy can invert")
    return CredibleInterval(lower=lo, upper=hi, level=lv)


def beta_bernoulli_predictive(a: float, b: float, m: int = 1) -> np.ndarray:
    r"""Posterior predictive pmf of the successes in ``m`` future trials.

    Integrating the binomial likelihood against :math:`\mathrm{Beta}(a, b)`
    gives the beta-binomial distribution:

    .. math::

        P(K = j) = \binom{m}{j}\frac{B(a + j,\, b + m - j)}{B(a, b)},
        \qquad j = 0, \dots, m

    computed in log space from the rising factorials
    :math:`B(a+j, b+m-j)/B(a, b) = a^{(j)} b^{(m-j)} / (a+b)^{(m)}`
    (:math:`x^{(j)} = x(x+1)\cdots(x+j-1)`), which stay accurate where
    ``betaln`` would cancel (huge :math:`a, b`). For ``m = 1``:
    :math:`P(K = 1) = a/(a+b)`, the posterior mean.

    Parameters
    ----------
    a, b : float
        Posterior parameters, > 0.
    m : int, default 1
        Number of future trials, >= 1.

    Returns
    -------
    numpy.ndarray, shape (m + 1,)
        Probabilities of 0, 1, ..., m successes; they sum to 1.

    Examples
    --------
    >>> np.round(beta_bernoulli_predictive(3.0, 1.0), 12).tolist()
    [0.25, 0.75]
    """
    a, b = _beta_params(a, b)
    m = check_positive_int(m, "m")
    check_result_size(m + 1, "m")
    j = np.arange(m + 1, dtype=np.float64)                  # (m+1,)
    i = j[:-1]                                              # (m,)
    # rising factorials as cumulative sums of logs:
    # B(a+j, b+m-j)/B(a, b) = a^(j) b^(m-j) / s^(m),  x^(j) = x(x+1)...(x+j-1)
    # (log B(a, b) itself would be of size a log a and cancel for huge a)
    cum_a = np.concatenate([[0.0], np.cumsum(np.log(a + i))])   # (m+1,)
    cum_b = np.concatenate([[0.0], np.cumsum(np.log(b + i))])
    cum_s = float(np.sum(np.log(a + b + i)))
    log_choose = (sps.gammaln(m + 1.0) - sps.gammaln(j + 1.0)
                  - sps.gammaln(m - j + 1.0))
    logp = log_choose + cum_a + cum_b[::-1] - cum_s
    with np.errstate(under="ignore"):
        p = np.exp(logp - np.max(logp))
    return p / np.sum(p)       # removes the last-bit drift of the logs


class BetaPath(NamedTuple):
    r"""Beta posteriors after the first ``n`` observations of one stream.

    Arrays share the shape of ``n``; ``n = 0`` is the prior. ``mean`` and
    ``sd`` are the posterior mean and standard deviation
    (:func:`beta_moments`).
    """

    n: np.ndarray       # (m,), int
    a: np.ndarray       # (m,)
    b: np.ndarray       # (m,)
    mean: np.ndarray    # (m,)
    sd: np.ndarray      # (m,)


def beta_bernoulli_path(x: Any, ns: Any, a: float = 1.0,
                        b: float = 1.0) -> BetaPath:
    r"""Posterior after the first :math:`n` outcomes, for each :math:`n`.

    .. math::

        \theta \mid x_{1:n} \sim \mathrm{Beta}(a + k_n,\, b + n - k_n),
        \qquad k_n = \sum_{i \le n} x_i,

    with mean :math:`m_n = (a+k_n)/(a+b+n)` and standard deviation
    :math:`s_n = \sqrt{m_n(1-m_n)/(a+b+n+1)}`, which shrinks like
    :math:`\sqrt{\theta(1-\theta)/n}` as :math:`n` grows.

    Parameters
    ----------
    x : array_like, shape (N,)
        Outcomes, each 0 or 1.
    ns : array_like of int, shape (m,)
        Prefix lengths, strictly increasing, in ``[0, N]`` (0: the prior).
    a, b : float, default 1.0
        Prior parameters, > 0.

    Returns
    -------
    BetaPath

    Examples
    --------
    >>> path = beta_bernoulli_path([1, 1, 0, 1], [0, 2, 4], a=1.0, b=1.0)
    >>> path.a.tolist(), path.b.tolist()
    ([1.0, 3.0, 4.0], [1.0, 1.0, 2.0])
    """
    x = _binary_data(x)
    a, b = _beta_params(a, b)
    n = _prefix_lengths(ns, x.size)                          # (m,)
    cum = np.concatenate([[0.0], np.cumsum(x)])             # (N+1,)
    k = cum[n]                                              # (m,)
    pa, pb = a + k, b + (n - k)
    s = pa + pb
    mean = pa / s
    sd = np.sqrt(mean * (pb / s) / (s + 1.0))
    return BetaPath(n=n.astype(np.int64), a=pa, b=pb, mean=mean, sd=sd)


# --------------------------------------------------------- Normal-Normal
class NormalPosterior(NamedTuple):
    r"""A normal distribution :math:`\mathcal N(\text{mean}, \text{sd}^2)`."""

    mean: float
    sd: float


def _scaled_mean(x: np.ndarray) -> float:
    """Mean of ``x`` that cannot overflow (scale by max |x| first)."""
    scale = float(np.max(np.abs(x)))
    if scale == 0.0:
        return 0.0
    return scale * float(np.mean(x / scale))


def normal_normal_update(x: Any, mu0: float, tau0: float,
                         sigma: float) -> NormalPosterior:
    r"""Posterior of a normal mean with known noise level.

    .. math::

        \mu \sim \mathcal N(\mu_0, \tau_0^2),\;
        x_i \mid \mu \sim \mathcal N(\mu, \sigma^2)
        \;\Longrightarrow\;
        \frac{1}{\tau_n^2} = \frac{1}{\tau_0^2} + \frac{n}{\sigma^2},
        \quad
        \mu_n = \tau_n^2\Big(\frac{\mu_0}{\tau_0^2}
                + \frac{n\bar x}{\sigma^2}\Big)

    Precisions add. The posterior mean is the precision-weighted average
    :math:`w_0\mu_0 + w_1\bar x` with :math:`w_0 + w_1 = 1`; the root of the
    total precision is taken with ``hypot``, so neither squares nor sums
    overflow for extreme :math:`\tau_0` or :math:`\sigma`.

    Parameters
    ----------
    x : array_like, shape (n,)
        Observations.
    mu0 : float
        Prior mean.
    tau0 : float
        Prior standard deviation, > 0.
    sigma : float
        Known noise standard deviation, > 0.

    Returns
    -------
    NormalPosterior

    Examples
    --------
    >>> post = normal_normal_update([1.0, 3.0], mu0=0.0, tau0=1.0, sigma=1.0)
    >>> round(post.mean, 12), round(post.sd**2, 12)
    (1.333333333333, 0.333333333333)
    """
    x = as_float_array(x, "x", ndim=1)
    mu0 = check_finite_scalar(mu0, "mu0")
    tau0, sigma = _positive(tau0, "tau0"), _positive(sigma, "sigma")
    n = x.size
    with np.errstate(over="ignore"):
        r_prior = 1.0 / tau0                  # root prior precision
        r_data = math.sqrt(n) / sigma         # root data precision
    if not (math.isfinite(r_prior) and math.isfinite(r_data)):
        raise ValueError(f"tau0 = {tau0!r} or sigma = {sigma!r} is too small: "
                         f"its precision exceeds the float64 range")
    h = math.hypot(r_prior, r_data)           # root posterior precision
    if not math.isfinite(h):
        raise ValueError(f"the posterior precision for tau0 = {tau0!r}, "
                         f"sigma = {sigma!r} exceeds the float64 range")
    w0, w1 = (r_prior / h) ** 2, (r_data / h) ** 2          # w0 + w1 = 1
    mean = w0 * mu0 + w1 * _scaled_mean(x)
    return NormalPosterior(mean=mean, sd=1.0 / h)


def normal_normal_predictive(mean: float, sd: float,
                             sigma: float) -> NormalPosterior:
    r"""Posterior predictive of a new observation under a normal posterior.

    .. math::

        x_{\text{new}} \mid x \sim \mathcal N\big(\mu_n,\;
        \tau_n^2 + \sigma^2\big)

    The two variances add: uncertainty about the mean plus the noise of a
    single observation. The standard deviation is ``hypot(sd, sigma)``.

    Parameters
    ----------
    mean, sd : float
        Posterior mean and standard deviation (``sd > 0``).
    sigma : float
        Noise standard deviation, > 0.

    Returns
    -------
    NormalPosterior

    Examples
    --------
    >>> normal_normal_predictive(1.0, 3.0, 4.0)
    NormalPosterior(mean=1.0, sd=5.0)
    """
    mean = check_finite_scalar(mean, "mean")
    sd, sigma = _positive(sd, "sd"), _positive(sigma, "sigma")
    out = math.hypot(sd, sigma)
    if not math.isfinite(out):
        raise ValueError(f"hypot(sd, sigma) exceeds the float64 range for "
                         f"sd = {sd!r}, sigma = {sigma!r}")
    return NormalPosterior(mean=mean, sd=out)


def normal_credible_interval(mean: float, sd: float,
                             level: float = 0.95) -> CredibleInterval:
    r"""Equal-tailed credible interval of :math:`\mathcal N(\mu, s^2)`.

    .. math::

        \mu \pm z\,s, \qquad z = \Phi^{-1}\big(1 - \tfrac{\alpha}{2}\big),
        \quad \alpha = 1 - \text{level}

    Parameters
    ----------
    mean : float
        Posterior mean.
    sd : float
        Posterior standard deviation, > 0.
    level : float, default 0.95
        Mass inside the interval, in (0, 1).

    Returns
    -------
    CredibleInterval

    Examples
    --------
    >>> ci = normal_credible_interval(0.0, 1.0, 0.95)
    >>> round(ci.upper, 6)
    1.959964
    """
    mean = check_finite_scalar(mean, "mean")
    sd = _positive(sd, "sd")
    lv = _level(level)
    z = float(sps.ndtri(1.0 - (1.0 - lv) / 2))
    half = z * sd
    lo, hi = mean - half, mean + half
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"mean = {mean!r}, sd = {sd!r}: the interval "
                         f"mean ± z·sd = mean ± {half!r} exceeds the float64 "
                         f"range")
    return CredibleInterval(lower=lo, upper=hi, level=lv)
