"""Probability: densities, samples and sample statistics.

Randomness always enters through an explicit ``rng`` argument
(``np.random.default_rng(seed)``); nothing here touches global state.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    MAX_ELEMENTS,
    as_float_array,
    check_axis,
    check_callable,
    check_choice,
    check_finite_scalar,
    check_increasing_sizes,
    check_positive_int,
    check_result_size,
    check_rng,
    pow2_scale,
)

__all__ = [
    "DISTRIBUTIONS",
    "BandExits",
    "HistogramZ",
    "Moments",
    "band_exits",
    "chebyshev_bound",
    "draw",
    "fraction_within",
    "histogram_zscores",
    "iqr_spread",
    "mean_envelope",
    "moments",
    "normal_pdf",
    "rms_deviation",
    "running_mean",
    "sample_mean_paths",
]


def normal_pdf(x, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    r"""Density of the normal distribution :math:`\mathcal{N}(\mu, \sigma^2)`.

    .. math::

        \varphi(x) = \frac{1}{\sigma\sqrt{2\pi}}
        \exp\!\Big(-\frac{(x-\mu)^2}{2\sigma^2}\Big)

    Parameters
    ----------
    x : array_like
        Points at which to evaluate the density.
    mu : float, default 0.0
        Mean.
    sigma : float, default 1.0
        Standard deviation, > 0.

    Returns
    -------
    numpy.ndarray
        The density at ``x``, same shape as ``x``.

    Raises
    ------
    ValueError
        If a density value exceeds the float64 range (``sigma`` below
        about 2e-309 near ``mu``).

    Examples
    --------
    >>> normal_pdf([0.0, 1.0]).round(6).tolist()
    [0.398942, 0.241971]
    >>> round(float(normal_pdf(1e308, mu=-1e308, sigma=1e308)) / 1e-310, 6)
    5.399097
    """
    x = as_float_array(x, "x", allow_empty=True)
    mu = check_finite_scalar(mu, "mu")
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    with np.errstate(over="ignore", under="ignore"):
        d = x - mu
        z = d / sigma            # inf when |z| > 1.8e308: density 0, right
        # x - mu itself can overflow although z is modest (x = -mu = 1e308,
        # sigma = 1e308): quarter both first, which is exact.
        far = ~np.isfinite(d)
        if np.any(far):
            z = np.where(far, (0.25 * x - 0.25 * mu) / sigma * 4.0, z)
        # z*z overflowing to inf gives exp(-inf) = 0: the right answer
        g = np.exp(-0.5 * z * z)
        den = sigma * np.sqrt(2.0 * np.pi)
        if np.isfinite(den):
            out = g / den
        else:                                  # sigma near the float max
            out = g / sigma / np.sqrt(2.0 * np.pi)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"sigma={sigma!r} is too small: the density near mu exceeds the "
            "float64 range"
        )
    return out


# --------------------------------------------------------------------------
# iid draws from a few named distributions
# --------------------------------------------------------------------------

#: Parameters (with defaults) of the distributions :func:`draw` knows.
DISTRIBUTIONS: dict[str, dict[str, float]] = {
    "normal": {"mu": 0.0, "sigma": 1.0},
    "uniform": {"low": -1.0, "high": 1.0},
    "bernoulli": {"p": 0.5},
    "exponential": {"scale": 1.0},
    "cauchy": {"loc": 0.0, "scale": 1.0},
}


#: Largest magnitude of a distribution parameter: draws (and their running
#: sums) must stay inside the float64 range.
PARAM_LIMIT = 1e300


class Moments(NamedTuple):
    """Mean and standard deviation of a distribution.

    ``nan`` marks a moment that does not exist (the Cauchy distribution has
    neither a mean nor a variance).
    """

    mean: float
    sd: float


def _check_params(dist: Any, params: dict[str, Any]) -> dict[str, float]:
    """Validate ``dist`` and its parameters; fill in the defaults."""
    if not isinstance(dist, str) or dist not in DISTRIBUTIONS:
        raise ValueError(
            f"dist must be one of {sorted(DISTRIBUTIONS)}, got {dist!r}"
        )
    allowed = DISTRIBUTIONS[dist]
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {unknown} for dist={dist!r}; "
            f"allowed: {sorted(allowed)}"
        )
    out = {k: check_finite_scalar(params.get(k, v), k)
           for k, v in allowed.items()}
    for k, v in out.items():
        if abs(v) > PARAM_LIMIT:
            raise ValueError(
                f"{k} must lie within +-{PARAM_LIMIT:g} (draws beyond would "
                f"overflow float64), got {k}={v!r}"
            )
    for k in ("sigma", "scale"):
        if k in out and out[k] <= 0:
            raise ValueError(f"{k} must be > 0, got {out[k]!r}")
    if dist == "uniform" and not out["low"] < out["high"]:
        raise ValueError(
            f"low must be < high, got low={out['low']}, high={out['high']}"
        )
    if dist == "bernoulli" and not 0.0 <= out["p"] <= 1.0:
        raise ValueError(f"p must lie in [0, 1], got {out['p']!r}")
    return out


def _sampler(dist: str, q: dict[str, float]) -> Callable[..., np.ndarray]:
    """Return ``f(rng, size)`` drawing from ``dist`` with parameters ``q``."""
    samplers: dict[str, Callable[..., np.ndarray]] = {
        "normal": lambda g, s: g.normal(q["mu"], q["sigma"], s),
        "uniform": lambda g, s: _uniform(g, q["low"], q["high"], s),
        # binomial(1, p) returns integers; the book averages floats.
        "bernoulli": lambda g, s: g.binomial(1, q["p"], s).astype(float),
        "exponential": lambda g, s: g.exponential(q["scale"], s),
        "cauchy": lambda g, s: q["loc"] + q["scale"] * g.standard_cauchy(s),
    }
    return samplers[dist]


def _uniform(g: np.random.Generator, low: float, high: float, size
             ) -> np.ndarray:
    """``g.uniform(low, high, size)`` without overflow of ``high - low``.

    NumPy computes ``low + (high - low) * U``; with both ends divided by a
    power of two the same ``U`` give the same values, scaled exactly.
    """
    e = max(0, math.frexp(max(abs(low), abs(high)))[1] - 1020)
    if e == 0:
        return g.uniform(low, high, size)
    return np.ldexp(g.uniform(math.ldexp(low, -e), math.ldexp(high, -e),
                              size), e)


def _checked_draws(x: np.ndarray, dist: str, q: dict[str, float]
                   ) -> np.ndarray:
    """Refuse draws that overflowed (heavy tails times a huge scale)."""
    if x.size and not np.isfinite(np.max(x) - np.min(x)):
        params = ", ".join(f"{k}={v!r}" for k, v in q.items())
        raise ValueError(
            f"{dist} draws with {params} overflow float64; parameters this "
            "large are outside the supported range"
        )
    return x


def _check_size(size: Any) -> tuple[int, ...]:
    """Validate ``size`` as a positive int or a tuple of positive ints."""
    dims = (size,) if not isinstance(size, tuple) else size
    if not dims:
        raise ValueError("size must have at least one dimension, got ()")
    out = tuple(check_positive_int(d, "size") for d in dims)
    check_result_size(math.prod(out), "size")
    return out


def draw(dist: str, size, rng: np.random.Generator,
         **params: float) -> np.ndarray:
    r"""Draw iid samples :math:`X_1, X_2, \dots` from a named distribution.

    ============  ==================  ========================================
    ``dist``      parameters          law
    ============  ==================  ========================================
    normal        ``mu``, ``sigma``   :math:`\mathcal{N}(\mu, \sigma^2)`
    uniform       ``low``, ``high``   uniform on :math:`[a, b)`
    bernoulli     ``p``               :math:`P(X=1)=p,\ P(X=0)=1-p`
    exponential   ``scale``           density :math:`e^{-x/s}/s`, :math:`x>0`
    cauchy        ``loc``, ``scale``  density
                                      :math:`\frac{1}{\pi s(1+((x-m)/s)^2)}`
    ============  ==================  ========================================

    Parameters
    ----------
    dist : str
        A key of :data:`DISTRIBUTIONS`.
    size : int or tuple of int
        Output shape, every entry >= 1.
    rng : numpy.random.Generator
        The only source of randomness (``np.random.default_rng(seed)``).
    **params : float
        Distribution parameters; missing ones take the defaults in
        :data:`DISTRIBUTIONS`.

    Returns
    -------
    numpy.ndarray of float64, shape ``size``

    Examples
    --------
    >>> x = draw("uniform", (2, 3), np.random.default_rng(0), low=0.0,
    ...          high=2.0)
    >>> x.shape, bool(np.all((0 <= x) & (x < 2)))
    ((2, 3), True)
    """
    q = _check_params(dist, params)
    shape = _check_size(size)
    rng = check_rng(rng)
    return _checked_draws(_sampler(dist, q)(rng, shape), dist, q)


def moments(dist: str, **params: float) -> Moments:
    r"""Mean :math:`\mu = \E[X]` and sd :math:`\sigma = \sqrt{\Var(X)}`.

    Closed forms: normal :math:`(\mu, \sigma)`; uniform
    :math:`((a+b)/2,\ (b-a)/\sqrt{12})`; Bernoulli
    :math:`(p, \sqrt{p(1-p)})`; exponential :math:`(s, s)`; Cauchy: neither
    exists, because :math:`\E\abs{X} = \infty`, and both are ``nan``.

    Examples
    --------
    >>> moments("uniform", low=0.0, high=1.0).mean
    0.5
    >>> moments("cauchy")
    Moments(mean=nan, sd=nan)
    """
    q = _check_params(dist, params)
    if dist == "normal":
        return Moments(q["mu"], q["sigma"])
    if dist == "uniform":
        # Halve before adding or subtracting: exact, and no overflow for
        # ends near the float max (the same bits otherwise).
        lo, hi = 0.5 * q["low"], 0.5 * q["high"]
        return Moments(lo + hi, (hi - lo) / math.sqrt(3.0))
    if dist == "bernoulli":
        return Moments(q["p"], math.sqrt(q["p"] * (1.0 - q["p"])))
    if dist == "exponential":
        return Moments(q["scale"], q["scale"])
    return Moments(float("nan"), float("nan"))          # cauchy


# --------------------------------------------------------------------------
# running means and how they spread across independent paths
# --------------------------------------------------------------------------

def running_mean(x, axis: int = -1) -> np.ndarray:
    r"""Running (cumulative) mean along ``axis``.

    .. math::

        \bar X_n = \frac{1}{n} \sum_{i=1}^{n} X_i, \qquad n = 1, 2, \dots

    Parameters
    ----------
    x : array_like
        Samples; ``axis`` indexes the draws :math:`X_1, X_2, \dots`.
    axis : int, default -1
        The axis along which to accumulate.

    Returns
    -------
    numpy.ndarray, same shape as ``x``
        Entry ``n-1`` along ``axis`` is the mean of the first ``n`` draws.

    Notes
    -----
    A running mean never exceeds :math:`\max_i |x_i|`, but the running
    *sum* can overflow; the sums are then taken of ``x / 2**e`` (exact,
    and the same bits whenever no scaling is needed).

    Examples
    --------
    >>> running_mean([1.0, 2.0, 6.0]).tolist()
    [1.0, 1.5, 3.0]
    >>> running_mean([1e308, 1e308]).tolist()
    [1e+308, 1e+308]
    """
    x = as_float_array(x, "x")
    axis = check_axis(axis, x.ndim, array="x")
    return _cummean(x, axis)


def _sum_exponent(m: float, n: int) -> int:
    """Smallest ``e >= 0`` with ``n * m / 2**e`` safely below the float max."""
    if m == 0.0:
        return 0
    return max(0, math.ceil(math.log2(m) + math.log2(n) + 1 - 1023))


def _cummean(x: np.ndarray, axis: int, *, inplace: bool = False
             ) -> np.ndarray:
    """Running means along ``axis``, without overflow of the running sums.

    With ``inplace`` the running sums overwrite ``x`` (saves a copy).
    """
    n = x.shape[axis]
    counts = np.arange(1, n + 1, dtype=np.float64)                 # (n,)
    shape = [1] * x.ndim
    shape[axis] = -1
    m = max(float(np.max(x)), -float(np.min(x))) if x.size else 0.0
    e = _sum_exponent(m, n)
    if e:
        x = np.ldexp(x, -e, out=x if inplace else None)
    sums = np.cumsum(x, axis=axis, out=x if inplace else None)
    sums /= counts.reshape(shape)
    return np.ldexp(sums, e, out=sums) if e else sums


def sample_mean_paths(dist: str, n: int, n_paths: int,
                      rng: np.random.Generator, *, at=None,
                      **params: float) -> np.ndarray:
    r"""Running means of ``n_paths`` independent sequences of ``n`` draws.

    Row :math:`j` holds :math:`\bar X^{(j)}_m = \frac1m\sum_{i=1}^m
    X^{(j)}_i` for :math:`m = 1, \dots, n`, or only for the sample sizes
    listed in ``at``. Paths are drawn a block of rows at a time, so memory
    stays bounded when ``at`` is short; the draws are the same as in
    ``running_mean(draw(dist, (n_paths, n), rng))``.

    Parameters
    ----------
    dist : str
        A key of :data:`DISTRIBUTIONS`.
    n : int
        Draws per path, >= 1.
    n_paths : int
        Number of independent paths, >= 1.
    rng : numpy.random.Generator
        The only source of randomness.
    at : array_like of int, optional
        Strictly increasing sample sizes in ``[1, n]`` to keep.
    **params : float
        Parameters of ``dist`` (see :func:`draw`).

    Returns
    -------
    numpy.ndarray, shape (n_paths, n) or (n_paths, len(at))

    Examples
    --------
    >>> m = sample_mean_paths("normal", 100, 3, np.random.default_rng(0),
    ...                       at=[1, 10, 100])
    >>> m.shape
    (3, 3)
    """
    q = _check_params(dist, params)
    n = check_positive_int(n, "n", maximum=MAX_ELEMENTS)
    n_paths = check_positive_int(n_paths, "n_paths")
    rng = check_rng(rng)
    cols = (np.arange(n) if at is None                         # (k,)
            else check_increasing_sizes(at, "at", n, upper_name="n") - 1)
    check_result_size(n_paths * cols.size, "n_paths * len(at or range(n))")
    sample = _sampler(dist, q)
    block = max(1, 2**21 // n)          # about 16 MB of draws per block
    out = np.empty((n_paths, cols.size))                            # (p, k)
    for start in range(0, n_paths, block):
        rows = min(block, n_paths - start)
        x = _checked_draws(sample(rng, (rows, n)), dist, q)         # (r, n)
        out[start:start + rows] = _cummean(x, 1, inplace=True)[:, cols]
    return out


def _check_paths(means: Any) -> np.ndarray:
    """Validate a (n_paths, k) array of running means."""
    return as_float_array(means, "means", ndim=2)


def rms_deviation(means, center: float = 0.0) -> np.ndarray:
    r"""Root-mean-square distance of the paths from ``center``, per column.

    .. math::

        \operatorname{RMS}_m = \Big(\frac1P \sum_{j=1}^{P}
        \big(\bar X^{(j)}_m - c\big)^2\Big)^{1/2}

    With :math:`c = \mu` this estimates :math:`\sqrt{\Var(\bar X_m)} =
    \sigma/\sqrt m`.

    Parameters
    ----------
    means : array_like, shape (P, k)
        Running means, one path per row (from :func:`sample_mean_paths`).
    center : float, default 0.0
        The value the paths are compared with, usually the true mean.

    Returns
    -------
    numpy.ndarray, shape (k,)

    Notes
    -----
    Each column and ``center`` are divided by one power of two first
    (exact), so neither the difference nor its square can overflow or
    underflow where the RMS itself is representable: the result scales
    exactly with the data, from :math:`10^{-300}` to :math:`10^{300}`.

    Examples
    --------
    >>> rms_deviation([[1.0, 3e200], [-1.0, -3e200]]).tolist()
    [1.0, 3e+200]
    """
    means = _check_paths(means)
    center = check_finite_scalar(center, "center")
    big = np.maximum(np.max(np.abs(means), axis=0), abs(center))    # (k,)
    _, e = np.frexp(big)                                            # (k,)
    with np.errstate(under="ignore"):
        d = np.ldexp(means, -e) - np.ldexp(center, -e)              # (P, k)
        rms = np.sqrt(np.mean(d * d, axis=0))                       # (k,)
    return _unscale_checked(rms, e, "RMS deviation")


def _unscale_checked(values: np.ndarray, e: np.ndarray, what: str
                     ) -> np.ndarray:
    """``values * 2**e``; a result beyond float64 is an error."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, e)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"means give a {what} beyond the float64 range (> 1.8e308)"
        )
    return out


def iqr_spread(means) -> np.ndarray:
    r"""Interquartile range across paths, per column: :math:`Q_{0.75}-Q_{0.25}`.

    A spread that exists for every distribution, unlike the RMS, which is
    dominated by rare huge values when the variance is infinite.

    Parameters
    ----------
    means : array_like, shape (P, k)

    Returns
    -------
    numpy.ndarray, shape (k,)

    Examples
    --------
    >>> iqr_spread([[0.0], [1.0], [2.0], [3.0], [4.0]]).tolist()
    [2.0]
    """
    means = _check_paths(means)
    # Quantiles interpolate a + (b - a) t, which overflows for a = -1e308,
    # b = 1e308: work on each column divided by its power of two (exact).
    scaled, e = pow2_scale(means, axis=0)                           # e (1, k)
    q25, q75 = np.quantile(scaled, [0.25, 0.75], axis=0)            # (k,)
    return _unscale_checked(q75 - q25, e[0], "spread")


def mean_envelope(ns, sigma: float, k: float = 2.0) -> np.ndarray:
    r"""Half-width :math:`k\sigma/\sqrt n` of the band around the mean.

    For normal draws :math:`\bar X_n \sim \mathcal{N}(\mu, \sigma^2/n)`, so
    :math:`\bar X_n` lies inside :math:`\mu \pm 2\sigma/\sqrt n` with
    probability :math:`P(\abs{Z} < 2) \approx 0.954`.

    Parameters
    ----------
    ns : array_like
        Sample sizes, > 0.
    sigma : float
        Standard deviation of one draw, > 0.
    k : float, default 2.0
        Width in standard errors, > 0.

    Returns
    -------
    numpy.ndarray, same shape as ``ns``

    Examples
    --------
    >>> mean_envelope([1, 4, 100], 1.0).tolist()
    [2.0, 1.0, 0.2]
    """
    ns = as_float_array(ns, "ns")
    if np.any(ns <= 0):
        raise ValueError(f"ns must be > 0, got min {ns.min()!r}")
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    k = check_finite_scalar(k, "k", positive=True)
    with np.errstate(over="ignore"):
        out = k * sigma / np.sqrt(ns)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"k * sigma / sqrt(ns) exceeds the float64 range for k={k!r}, "
            f"sigma={sigma!r} and min ns={float(ns.min())!r}"
        )
    return out


def fraction_within(means, half_width, center: float = 0.0) -> np.ndarray:
    r"""Fraction of paths strictly inside ``center ± half_width``, per column.

    .. math::

        \hat p_m = \frac1P \#\{j : \abs{\bar X^{(j)}_m - c} < h_m\}

    ``1 - fraction_within`` is the observed frequency of the event
    :math:`\abs{\bar X_m - c} \ge h_m` that Chebyshev's inequality bounds.

    Parameters
    ----------
    means : array_like, shape (P, k)
    half_width : float or array_like, shape (k,)
        Positive half-widths :math:`h_m`.
    center : float, default 0.0

    Returns
    -------
    numpy.ndarray, shape (k,)

    Examples
    --------
    >>> fraction_within([[0.1, 2.0], [-0.3, 0.1]], 0.5).tolist()
    [1.0, 0.5]
    """
    means = _check_paths(means)
    h = as_float_array(half_width, "half_width", ndim=(0, 1))
    if h.ndim == 1 and h.shape[0] != means.shape[1]:
        raise ValueError(
            f"half_width must be scalar or shape ({means.shape[1]},) to "
            f"match means {means.shape}, got shape {h.shape}"
        )
    if np.any(h <= 0):
        raise ValueError(f"half_width must be > 0, got min {h.min()!r}")
    center = check_finite_scalar(center, "center")
    # means - center may overflow to inf: farther than any h, as it is.
    with np.errstate(over="ignore"):
        return np.mean(np.abs(means - center) < h, axis=0)


def chebyshev_bound(sigma: float, n, eps: float) -> np.ndarray:
    r"""Chebyshev's bound on :math:`P(\abs{\bar X_n - \mu} \ge \varepsilon)`.

    .. math::

        P\big(\abs{\bar X_n - \mu} \ge \varepsilon\big)
        \le \min\Big(1, \frac{\sigma^2}{n\,\varepsilon^2}\Big)

    Parameters
    ----------
    sigma : float
        Standard deviation of one draw, >= 0.
    n : array_like
        Sample sizes, > 0.
    eps : float
        Tolerance, > 0.

    Returns
    -------
    numpy.ndarray, same shape as ``n``

    Examples
    --------
    >>> chebyshev_bound(1.0, [1, 4, 100], 0.5).tolist()
    [1.0, 1.0, 0.04]
    >>> chebyshev_bound(1e200, [10], 1e199).tolist()   # no overflow
    [1.0]
    """
    sigma = check_finite_scalar(sigma, "sigma")
    if sigma < 0:
        raise ValueError(f"sigma must be >= 0, got {sigma!r}")
    n = as_float_array(n, "n")
    if np.any(n <= 0):
        raise ValueError(f"n must be > 0, got min {n.min()!r}")
    eps = check_finite_scalar(eps, "eps", positive=True)
    # (sigma / eps)^2 / n: any overflow means a ratio far above 1, and
    # the bound is then 1, which is what min(1, inf) gives.
    with np.errstate(over="ignore", under="ignore"):
        ratio = np.float64(sigma) / np.float64(eps)
        return np.minimum(1.0, ratio * ratio / n)


# --------------------------------------------------------------------------
# does a path ever leave the band?
# --------------------------------------------------------------------------

class BandExits(NamedTuple):
    """Where running-mean paths first leave the band around the mean.

    ``first_exit[j]`` is the first sample size :math:`m \\le n` at which
    path ``j`` lies on or outside :math:`\\mu \\pm k\\sigma/\\sqrt m`, and 0
    if it stays strictly inside for every :math:`m \\le n`.
    """

    first_exit: np.ndarray  # (n_paths,) int, 0 = never left
    fraction: float         # share of paths that left for some m <= n
    se: float               # its binomial standard error
    n: int                  # the horizon: sizes 1, ..., n were checked


def band_exits(dist: str, n: int, n_paths: int, rng: np.random.Generator,
               *, k: float = 2.0, **params: float) -> BandExits:
    r"""How many paths leave the band :math:`\mu \pm k\sigma/\sqrt m` at all.

    The band of :func:`mean_envelope` holds *pointwise*: at each fixed
    :math:`m`, :math:`\bar X_m` lies inside with probability about
    :math:`P(\abs{Z} < k)`. Whether a whole path stays inside for every
    :math:`m \le n` is a different event, and a far less likely one. For
    each path this function records

    .. math::

        \tau = \min\{m \le n : \abs{\bar X_m - \mu} \ge k\sigma/\sqrt m\}

    (0 when the set is empty) and estimates :math:`P(\tau \ge 1)`, the
    probability of leaving the band somewhere up to :math:`n`, by the
    fraction of paths, with its binomial standard error
    :math:`\sqrt{\hat p(1-\hat p)/P}`. By the law of the iterated logarithm
    this probability tends to 1 as :math:`n \to \infty`.

    The draws are those of ``sample_mean_paths(dist, n, n_paths, rng,
    **params)``, taken a block of paths at a time, so memory stays bounded
    for long paths.

    Parameters
    ----------
    dist : str
        A key of :data:`DISTRIBUTIONS` with a finite, positive variance
        (not ``"cauchy"``).
    n : int
        Horizon: sample sizes :math:`1, \dots, n` are checked, >= 1.
    n_paths : int
        Number of independent paths, >= 1.
    rng : numpy.random.Generator
        The only source of randomness.
    k : float, default 2.0
        Half-width of the band in standard errors, > 0.
    **params : float
        Parameters of ``dist`` (see :func:`draw`).

    Returns
    -------
    BandExits

    Examples
    --------
    >>> ex = band_exits("normal", 1_000, 200, np.random.default_rng(0))
    >>> ex.first_exit.shape, 0.2 < ex.fraction < 0.8, ex.se < 0.05
    ((200,), True, True)
    """
    q = _check_params(dist, params)
    n = check_positive_int(n, "n", maximum=MAX_ELEMENTS)
    n_paths = check_positive_int(n_paths, "n_paths")
    rng = check_rng(rng)
    k = check_finite_scalar(k, "k", positive=True)
    check_result_size(n_paths, "n_paths")
    mom = moments(dist, **q)
    if not (math.isfinite(mom.sd) and mom.sd > 0):
        raise ValueError(
            f"dist={dist!r} with these parameters has no finite, positive "
            f"variance (sd={mom.sd!r}): the band mu +- k sigma/sqrt(m) "
            "does not exist"
        )
    sizes = np.arange(1, n + 1, dtype=np.float64)                   # (n,)
    with np.errstate(over="ignore"):
        half = (k * mom.sd) / np.sqrt(sizes)                        # (n,)
    if not np.all(np.isfinite(half)):
        raise ValueError(
            f"k * sigma exceeds the float64 range for k={k!r} and "
            f"sigma={mom.sd!r}"
        )
    sample = _sampler(dist, q)
    block = max(1, 2**21 // n)          # about 16 MB of draws per block
    first = np.zeros(n_paths, dtype=np.int64)                       # (p,)
    for start in range(0, n_paths, block):
        rows = min(block, n_paths - start)
        x = _checked_draws(sample(rng, (rows, n)), dist, q)         # (r, n)
        means = _cummean(x, 1, inplace=True)                        # (r, n)
        # a deviation that overflows is farther than any half-width
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.abs(means - mom.mean) >= half                  # (r, n)
        hit = out.any(axis=1)                                       # (r,)
        first[start:start + rows] = np.where(hit, out.argmax(axis=1) + 1, 0)
    p = float(np.count_nonzero(first)) / n_paths
    return BandExits(first, p, math.sqrt(p * (1.0 - p) / n_paths), n)


# --------------------------------------------------------------------------
# does a histogram match a density?
# --------------------------------------------------------------------------

class HistogramZ(NamedTuple):
    """Density histogram of a sample, compared bin by bin with a density.

    All arrays have one entry per bin except ``edges``.
    """

    heights: np.ndarray     # (B,) count / (n * width): bars of total area 1
    edges: np.ndarray       # (B+1,) bin edges, as np.histogram returns them
    expected: np.ndarray    # (B,) p_b / width: the density averaged per bin
    se: np.ndarray          # (B,) standard error of each bar height
    z: np.ndarray           # (B,) (heights - expected) / se, signed
    bulk: np.ndarray        # (B,) bool: bins expecting >= min_count samples


# Gauss-Legendre nodes and weights on [-1, 1]: 8 nodes per bin integrate a
# smooth density over a bin narrower than its scale to near machine
# precision, so p_b needs no cdf.
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(8)


def histogram_zscores(samples, pdf: Callable[[np.ndarray], np.ndarray],
                      bins: int = 40, *,
                      min_count: float = 10.0) -> HistogramZ:
    r"""Bar-by-bar z-scores of a density histogram against a density.

    With :math:`n` samples and bins of width :math:`w_b`, the count
    :math:`k_b` of bin :math:`b` is binomial with :math:`n` trials and
    success probability :math:`p_b = \int_b f(x)\,dx`. The density bar
    :math:`h_b = k_b/(n w_b)` therefore has mean :math:`p_b/w_b` and

    .. math::

        \operatorname{se}_b = \frac{\sqrt{p_b(1-p_b)/n}}{w_b}, \qquad
        z_b = \frac{h_b - p_b/w_b}{\operatorname{se}_b} .

    If the samples come from :math:`f`, each :math:`z_b` has mean 0 and
    standard deviation 1, and it is roughly standard normal where the
    expected count :math:`n p_b` is large; ``bulk`` marks the bins with
    :math:`n p_b \ge` ``min_count``, where that approximation is fair.
    (The edges span the sample's minimum and maximum, so the two end bins
    hold at least one sample by construction: another reason to judge the
    fit on the bulk.)

    Parameters
    ----------
    samples : array_like, shape (n,)
        The sample, at least 2 finite values.
    pdf : callable
        Vectorised density :math:`f`, e.g. :func:`normal_pdf`; it must
        return finite non-negative values of the shape it is given.
    bins : int, default 40
        Number of equal-width bins between the sample's minimum and
        maximum (the binning of ``np.histogram`` and ``Axes.hist``).
    min_count : float, default 10.0
        Expected count from which a bin counts as ``bulk``, > 0.

    Returns
    -------
    HistogramZ
        ``heights``, ``edges``, ``expected``, ``se``, ``z`` and ``bulk``.
        ``z`` is ``nan`` in a bin the density gives probability 0 or 1.
    """
    samples = as_float_array(samples, "samples", ndim=1)
    if samples.size < 2:
        raise ValueError(
            f"samples must hold at least 2 values, got shape {samples.shape}"
        )
    lo_s, hi_s = float(samples.min()), float(samples.max())
    with np.errstate(over="ignore"):
        span = hi_s - lo_s
    if not np.isfinite(span) or (span == 0 and lo_s + 0.5 == lo_s):
        raise ValueError(
            f"samples must span a finite, binnable range, got "
            f"[{lo_s:.3g}, {hi_s:.3g}]"
        )
    check_callable(pdf, "pdf")
    bins = check_positive_int(bins, "bins", maximum=MAX_ELEMENTS // 8)
    min_count = check_finite_scalar(min_count, "min_count", positive=True)
    n = samples.size
    heights, edges = np.histogram(samples, bins=bins, density=True)  # (B,)
    lo, width = edges[:-1], np.diff(edges)                          # (B,)
    # p_b = integral of f over bin b, by Gauss-Legendre on each bin
    x = lo[:, None] + 0.5 * width[:, None] * (_GL_NODES + 1.0)      # (B, 8)
    fx = np.asarray(pdf(x))
    if fx.dtype.kind not in "iuf":
        raise ValueError(f"pdf must return real numbers, got {fx.dtype}")
    fx = fx.astype(np.float64)
    if fx.shape != x.shape or not np.all(np.isfinite(fx)) or np.any(fx < 0):
        raise ValueError(
            f"pdf must return finite values >= 0 of the input's shape "
            f"{x.shape}, got shape {fx.shape}"
        )
    p_bin = 0.5 * width * (fx @ _GL_WEIGHTS)                        # (B,)
    p_bin = np.clip(p_bin, 0.0, 1.0)
    expected = p_bin / width                                        # (B,)
    se = np.sqrt(p_bin * (1.0 - p_bin) / n) / width                 # (B,)
    z = np.divide(heights - expected, se, out=np.full(se.shape, np.nan),
                  where=se > 0)                                     # (B,)
    bulk = n * p_bin >= min_count
    return HistogramZ(heights, edges, expected, se, z, bulk)
