r"""Named distributions in log space, transformations and likelihoods.

Eight families cover most of the data a model meets: binary outcomes
(Bernoulli), counts of successes (binomial), counts of rare events
(Poisson), classes (categorical), real values (normal), positive waiting
times (exponential, gamma) and proportions (beta); the log-normal shows how
a transformation changes a density. For each family this module gives

* the log-density or log-mass, computed in log space from the start
  (``gammaln``, ``betaln``, ``xlogy``, ``log1p``), so that it stays finite
  where the density itself under- or overflows: ``*_logpdf``/``*_logpmf``
  and the dispatcher :func:`logpdf`;
* closed-form moments (:func:`moments`) and sampling through an explicit
  :class:`numpy.random.Generator` (:func:`sample`);
* the change-of-variables formula (:func:`transformed_logpdf`) and the
  inverse-CDF method (:func:`exponential_ppf`, :func:`categorical_ppf`,
  :func:`sample_inverse_cdf`);
* log-likelihoods: the sum of log-densities (:func:`log_likelihood`),
  closed-form maximum likelihood (:func:`fit_mle`), Gaussian mixtures by
  log-sum-exp (:func:`mixture_logpdf`), and the naive product of densities
  against the running log-likelihood (:func:`accumulate_likelihood`,
  :func:`mixture_loglik_reference`).

Conventions. Parameters are scalars. The gamma family uses ``shape`` and
``scale`` (mean ``shape * scale``, as in ``scipy.stats.gamma``), the
exponential family uses the ``rate`` (mean ``1 / rate``; NumPy and SciPy
take ``scale = 1 / rate`` instead). A log-density is ``-inf`` exactly where
the density is zero (outside the support, or an outcome of probability 0);
a value the formula would give as finite but that lies beyond the float64
range raises ``ValueError`` rather than turning silently into ``-inf``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any, NamedTuple

import numpy as np
from scipy import special as sp

from execmath import numerics
from execmath._validate import as_float_array, check_rng

__all__ = [
    "FAMILIES",
    "LOG_UNDERFLOW",
    "LikelihoodAccumulation",
    "Moments",
    "accumulate_likelihood",
    "bernoulli_logpmf",
    "beta_logpdf",
    "binomial_logpmf",
    "categorical_logpmf",
    "categorical_ppf",
    "exponential_cdf",
    "exponential_logpdf",
    "exponential_ppf",
    "fit_mle",
    "gamma_logpdf",
    "log_likelihood",
    "logpdf",
    "lognormal_logpdf",
    "mixture_logpdf",
    "mixture_loglik_reference",
    "mixture_pdf_naive",
    "moments",
    "normal_logpdf",
    "pdf",
    "poisson_logpmf",
    "sample",
    "sample_inverse_cdf",
    "transformed_logpdf",
]

#: The families, their parameters (in call order) and whether they are
#: discrete (a mass function on integers) or continuous (a density).
FAMILIES: dict[str, dict[str, Any]] = {
    "bernoulli": {"params": ("p",), "discrete": True},
    "binomial": {"params": ("n", "p"), "discrete": True},
    "poisson": {"params": ("lam",), "discrete": True},
    "categorical": {"params": ("probs",), "discrete": True},
    "normal": {"params": ("mu", "sigma"), "discrete": False},
    "gamma": {"params": ("shape", "scale"), "discrete": False},
    "beta": {"params": ("a", "b"), "discrete": False},
    "exponential": {"params": ("rate",), "discrete": False},
    "lognormal": {"params": ("mu", "sigma"), "discrete": False},
}

#: :math:`\log 2^{-1075} = \log(\text{smallest subnormal}) - \log 2`: a
#: positive float64 product whose exact value lies at or below
#: :math:`e^{\text{LOG\_UNDERFLOW}}` (half the smallest subnormal) rounds
#: to zero.
LOG_UNDERFLOW: float = -1075.0 * math.log(2.0)

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_MAX_SAMPLES = 10**8          # memory guard for sample()
_MAX_EXACT_INT = 2.0**53      # integers above this are not all floats
# 60 digits of pi for the Decimal reference (Decimal has no pi constant).
_PI_60 = Decimal("3.14159265358979323846264338327950288419716939937510582097494")


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def _scalar(value: Any, name: str, *, positive: bool = False,
            unit: bool = False) -> float:
    """A finite real scalar; ``positive``: > 0; ``unit``: in [0, 1]."""
    if value is None or isinstance(value, (bool, np.bool_, str, bytes)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if isinstance(value, (complex, np.complexfloating)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a real number, got dtype {arr.dtype}")
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got shape {arr.shape}")
    try:
        out = float(arr)
    except OverflowError as exc:
        raise ValueError(f"{name} is beyond the float64 range: {value!r}") from exc
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and out <= 0.0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    if unit and not 0.0 <= out <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return out


def _count_param(value: Any, name: str) -> int:
    """A positive integer parameter that float64 represents exactly."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1 or value > _MAX_EXACT_INT:
        raise ValueError(f"{name} must lie in [1, 2**53], got {value!r}")
    return int(value)


def _integers(k: Any, name: str) -> np.ndarray:
    """Integer-valued outcomes as float64 (any sign: outside -> -inf)."""
    arr = as_float_array(k, name)
    if np.any(arr != np.floor(arr)):
        bad = arr[arr != np.floor(arr)].ravel()[:3]
        raise ValueError(f"{name} must be integer-valued, got {bad}")
    return arr


def _probs(probs: Any, name: str = "probs") -> np.ndarray:
    """A probability vector: 1-D, entries >= 0, sum 1 up to rounding."""
    p = as_float_array(probs, name, ndim=1)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError(
            f"{name} must lie in [0, 1], got values from {p.min()} to {p.max()}"
        )
    total = math.fsum(p)
    # A vector normalised in float64 sums to 1 within about K u; 1e-9 only
    # catches vectors that were never normalised.
    if abs(total - 1.0) > 1e-9:
        raise ValueError(
            f"{name} must sum to 1 (normalise first), got sum {total!r}"
        )
    return p


def _fill(shape: tuple, where: np.ndarray, values: np.ndarray,
          names: str) -> np.ndarray:
    """``-inf`` everywhere except ``where``, which gets ``values``.

    ``values`` are log-densities that are finite in exact arithmetic; if one
    rounded to +-inf (or NaN) the true value is outside the float64 range,
    and the honest answer is an error, not a silent infinity.
    """
    if not np.all(np.isfinite(values)):
        raise ValueError(
            f"{names}: some log-density lies beyond the float64 range "
            "(about -1.8e308); rescale the data or the parameters"
        )
    out = np.full(shape, -np.inf)
    out[where] = np.ravel(values)   # C order, as boolean indexing reads
    return out


# ---------------------------------------------------------------------------
# Discrete families
# ---------------------------------------------------------------------------

def bernoulli_logpmf(k, p: float) -> np.ndarray:
    r"""Log-mass of the Bernoulli distribution.

    .. math::

        \log P(K = k) = k \log p + (1 - k) \log(1 - p), \qquad k \in \{0, 1\}

    computed with ``xlogy`` and ``log1p`` (so :math:`0 \log 0 = 0` and
    :math:`\log(1 - p)` keeps its accuracy for tiny :math:`p`).

    Parameters
    ----------
    k : array_like
        Integer-valued outcomes; values other than 0 and 1 have mass 0.
    p : float
        Success probability in :math:`[0, 1]`.

    Returns
    -------
    numpy.ndarray
        Log-masses, shape of ``k``; ``-inf`` where the mass is 0.

    Examples
    --------
    >>> from execmath.distributions import bernoulli_logpmf
    >>> bernoulli_logpmf([0, 1, 2], 0.25).round(6).tolist()
    [-0.287682, -1.386294, -inf]
    """
    return binomial_logpmf(k, 1, p)


def binomial_logpmf(k, n: int, p: float) -> np.ndarray:
    r"""Log-mass of the binomial distribution, from log-gamma functions.

    .. math::

        \log P(K = k) = \log\binom{n}{k} + k \log p + (n - k)\log(1 - p),
        \qquad
        \log\binom{n}{k} = -\log(n + 1) - \log B(n - k + 1, k + 1)

    The binomial coefficient overflows float64 already for
    :math:`n = 1030`, :math:`k = n/2`; its logarithm, through the
    log-beta function :math:`\log B`, does not.

    Parameters
    ----------
    k : array_like
        Integer-valued outcomes; values outside :math:`0..n` have mass 0.
    n : int
        Number of trials, :math:`1 \le n \le 2^{53}`.
    p : float
        Success probability in :math:`[0, 1]`.

    Returns
    -------
    numpy.ndarray
        Log-masses, shape of ``k``; ``-inf`` where the mass is 0.

    Examples
    --------
    >>> from execmath.distributions import binomial_logpmf
    >>> round(float(binomial_logpmf(1000, 2000, 0.5)), 6)  # C(2000,1000) ~ 1e600
    -4.026368
    """
    k = _integers(k, "k")
    n = _count_param(n, "n")
    p = _scalar(p, "p", unit=True)
    inside = (k >= 0) & (k <= n)
    # p = 0 (or 1) puts all mass on k = 0 (or k = n).
    if p == 0.0:
        inside &= k == 0
    if p == 1.0:
        inside &= k == n
    kk = k[inside]
    with np.errstate(divide="ignore"):  # xlogy(0, 0) = 0 needs no warning
        vals = (-math.log1p(n) - sp.betaln(n - kk + 1.0, kk + 1.0)
                + sp.xlogy(kk, p) + sp.xlog1py(n - kk, -p))
    return _fill(k.shape, inside, vals, "k, n, p")


def poisson_logpmf(k, lam: float) -> np.ndarray:
    r"""Log-mass of the Poisson distribution.

    .. math::

        \log P(K = k) = k \log\lambda - \lambda - \log\Gamma(k + 1),
        \qquad k = 0, 1, 2, \dots

    Parameters
    ----------
    k : array_like
        Integer-valued counts; negative counts have mass 0.
    lam : float
        Rate :math:`\lambda > 0` (mean and variance).

    Returns
    -------
    numpy.ndarray
        Log-masses, shape of ``k``; ``-inf`` where the mass is 0.

    Notes
    -----
    For large :math:`k` the three terms are each of size
    :math:`k \log k` and cancel to :math:`-\tfrac12\log(2\pi k)` near the
    mode, so the absolute error is about :math:`u\,k\log k`.

    Examples
    --------
    >>> from execmath.distributions import poisson_logpmf
    >>> poisson_logpmf([0, 3, -1], 2.0).round(6).tolist()
    [-2.0, -1.712318, -inf]
    """
    k = _integers(k, "k")
    lam = _scalar(lam, "lam", positive=True)
    inside = k >= 0
    kk = k[inside]
    with np.errstate(over="ignore", invalid="ignore"):
        vals = sp.xlogy(kk, lam) - lam - sp.gammaln(kk + 1.0)
    return _fill(k.shape, inside, vals, "k, lam")


def categorical_logpmf(k, probs) -> np.ndarray:
    r"""Log-mass of the categorical distribution on :math:`\{0, \dots, K-1\}`.

    .. math::

        \log P(C = k) = \log \pi_k

    Parameters
    ----------
    k : array_like
        Integer-valued classes; values outside :math:`0..K-1` have mass 0.
    probs : array_like, shape (K,)
        Class probabilities :math:`\pi`, non-negative, summing to 1.

    Returns
    -------
    numpy.ndarray
        Log-masses, shape of ``k``; ``-inf`` where the mass is 0.

    Examples
    --------
    >>> from execmath.distributions import categorical_logpmf
    >>> categorical_logpmf([0, 2, 2], [0.5, 0.0, 0.5]).round(6).tolist()
    [-0.693147, -0.693147, -0.693147]
    """
    k = _integers(k, "k")
    p = _probs(probs)
    kf = k.ravel()                                     # 0-d safe
    inside = (kf >= 0) & (kf < p.size)
    # a class of probability 0 is outside the support too
    inside[inside] = p[kf[inside].astype(np.int64)] > 0
    vals = np.log(p[kf[inside].astype(np.int64)])
    return _fill(kf.shape, inside, vals, "k, probs").reshape(k.shape)


# ---------------------------------------------------------------------------
# Continuous families
# ---------------------------------------------------------------------------

def normal_logpdf(x, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    r"""Log-density of :math:`\mathcal{N}(\mu, \sigma^2)`.

    .. math::

        \log \varphi(x) = -\frac{(x - \mu)^2}{2\sigma^2} - \log\sigma
        - \tfrac12 \log(2\pi)

    Unlike ``log(normal_pdf(x))`` this stays finite far in the tails, where
    the density underflows (:math:`\abs{x - \mu} > 38.6\sigma`).

    Parameters
    ----------
    x : array_like
        Points.
    mu : float, default 0.0
        Mean.
    sigma : float, default 1.0
        Standard deviation, > 0.

    Returns
    -------
    numpy.ndarray
        Log-densities, shape of ``x``.

    Raises
    ------
    ValueError
        If a log-density is below the float64 range (``x`` more than about
        :math:`10^{154}\sigma` from ``mu``).

    Examples
    --------
    >>> from execmath.distributions import normal_logpdf
    >>> normal_logpdf([0.0, 40.0]).round(6).tolist()
    [-0.918939, -800.918939]
    """
    x = as_float_array(x, "x")
    mu = _scalar(mu, "mu")
    sigma = _scalar(sigma, "sigma", positive=True)
    with np.errstate(over="ignore", invalid="ignore"):
        d = x - mu
        # x - mu can overflow where (x - mu) / sigma does not (sigma > 1).
        z = np.where(np.isfinite(d), d / sigma, x / sigma - mu / sigma)
        vals = -0.5 * z * z - math.log(sigma) - _HALF_LOG_2PI
    return _fill(x.shape, np.ones(x.shape, bool), vals, "x, mu, sigma")


def exponential_logpdf(x, rate: float = 1.0) -> np.ndarray:
    r"""Log-density of the exponential distribution with rate :math:`\lambda`.

    .. math::

        \log p(x) = \log\lambda - \lambda x, \qquad x \ge 0

    Parameters
    ----------
    x : array_like
        Points; negative ones have density 0.
    rate : float, default 1.0
        Rate :math:`\lambda > 0` (the mean is :math:`1/\lambda`).

    Returns
    -------
    numpy.ndarray
        Log-densities, shape of ``x``; ``-inf`` for ``x < 0``.

    Examples
    --------
    >>> from execmath.distributions import exponential_logpdf
    >>> exponential_logpdf([-1.0, 0.0, 2.0], rate=0.5).round(6).tolist()
    [-inf, -0.693147, -1.693147]
    """
    x = as_float_array(x, "x")
    rate = _scalar(rate, "rate", positive=True)
    inside = x >= 0
    with np.errstate(over="ignore"):
        vals = math.log(rate) - rate * x[inside]
    return _fill(x.shape, inside, vals, "x, rate")


def _boundary_log(shape_par: float, edge_value: float, name: str,
                  par_name: str) -> float:
    """Log-density at a support endpoint where the power is x**(shape-1).

    shape > 1: density 0 (-inf); shape == 1: finite ``edge_value``;
    shape < 1: infinite density, which we refuse to return.
    """
    if shape_par > 1.0:
        return -math.inf
    if shape_par == 1.0:
        return edge_value
    raise ValueError(
        f"{name} hits a support endpoint where the density is infinite "
        f"({par_name} = {shape_par} < 1)"
    )


def gamma_logpdf(x, shape: float, scale: float = 1.0) -> np.ndarray:
    r"""Log-density of the gamma distribution (shape :math:`k`, scale :math:`\theta`).

    .. math::

        \log p(x) = (k - 1)\log x - \frac{x}{\theta} - \log\Gamma(k)
        - k\log\theta, \qquad x > 0

    Parameters
    ----------
    x : array_like
        Points; negative ones have density 0.
    shape : float
        :math:`k > 0`.
    scale : float, default 1.0
        :math:`\theta > 0` (mean :math:`k\theta`).

    Returns
    -------
    numpy.ndarray
        Log-densities, shape of ``x``; ``-inf`` for ``x < 0`` (and at
        ``x = 0`` when ``shape > 1``).

    Raises
    ------
    ValueError
        At ``x = 0`` with ``shape < 1``, where the density is infinite.

    Examples
    --------
    >>> from execmath.distributions import gamma_logpdf
    >>> gamma_logpdf([1.0, 2.0], shape=2.0, scale=0.5).round(6).tolist()
    [-0.613706, -1.920558]
    """
    x = as_float_array(x, "x")
    k = _scalar(shape, "shape", positive=True)
    theta = _scalar(scale, "scale", positive=True)
    norm = sp.gammaln(k) + k * math.log(theta)
    out_pos = x > 0
    with np.errstate(over="ignore", invalid="ignore"):
        xp = x[out_pos]
        vals = (k - 1.0) * np.log(xp) - xp / theta - norm
    out = _fill(x.shape, out_pos, vals, "x, shape, scale")
    if np.any(x == 0):
        out[x == 0] = _boundary_log(k, -norm, "x", "shape")
    return out


def beta_logpdf(x, a: float, b: float) -> np.ndarray:
    r"""Log-density of the beta distribution.

    .. math::

        \log p(x) = (a - 1)\log x + (b - 1)\log(1 - x) - \log B(a, b),
        \qquad 0 < x < 1

    with :math:`\log B` from ``betaln`` and :math:`\log(1 - x)` from
    ``log1p``.

    Parameters
    ----------
    x : array_like
        Points; those outside :math:`[0, 1]` have density 0.
    a, b : float
        Shape parameters, > 0 (mean :math:`a/(a+b)`).

    Returns
    -------
    numpy.ndarray
        Log-densities, shape of ``x``.

    Raises
    ------
    ValueError
        At ``x = 0`` with ``a < 1`` or ``x = 1`` with ``b < 1`` (infinite
        density).

    Examples
    --------
    >>> from execmath.distributions import beta_logpdf
    >>> beta_logpdf([0.5, 1.5], 2.0, 2.0).round(6).tolist()
    [0.405465, -inf]
    """
    x = as_float_array(x, "x")
    a = _scalar(a, "a", positive=True)
    b = _scalar(b, "b", positive=True)
    lbeta = float(sp.betaln(a, b))
    inside = (x > 0) & (x < 1)
    xi = x[inside]
    vals = (a - 1.0) * np.log(xi) + (b - 1.0) * np.log1p(-xi) - lbeta
    out = _fill(x.shape, inside, vals, "x, a, b")
    if np.any(x == 0):
        out[x == 0] = _boundary_log(a, -lbeta, "x", "a")
    if np.any(x == 1):
        out[x == 1] = _boundary_log(b, -lbeta, "x", "b")
    return out


def lognormal_logpdf(y, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    r"""Log-density of :math:`Y = e^X`, :math:`X \sim \mathcal{N}(\mu, \sigma^2)`.

    By the change of variables :math:`x = \log y`,
    :math:`\abs{\dd x/\dd y} = 1/y`:

    .. math::

        \log p_Y(y) = \log\varphi_{\mu,\sigma}(\log y) - \log y, \qquad y > 0

    Parameters
    ----------
    y : array_like
        Points; non-positive ones have density 0.
    mu, sigma : float
        Mean and standard deviation (> 0) of :math:`\log Y`.

    Returns
    -------
    numpy.ndarray
        Log-densities, shape of ``y``; ``-inf`` for ``y <= 0``.

    Examples
    --------
    >>> from execmath.distributions import lognormal_logpdf
    >>> lognormal_logpdf([1.0, 0.0]).round(6).tolist()
    [-0.918939, -inf]
    """
    y = as_float_array(y, "y")
    mu = _scalar(mu, "mu")
    sigma = _scalar(sigma, "sigma", positive=True)
    inside = y > 0
    log_y = np.log(y[inside])
    with np.errstate(over="ignore", invalid="ignore"):
        z = (log_y - mu) / sigma
        vals = -0.5 * z * z - math.log(sigma) - _HALF_LOG_2PI - log_y
    return _fill(y.shape, inside, vals, "y, mu, sigma")


_LOGPDF: dict[str, Callable[..., np.ndarray]] = {
    "bernoulli": bernoulli_logpmf,
    "binomial": binomial_logpmf,
    "poisson": poisson_logpmf,
    "categorical": categorical_logpmf,
    "normal": normal_logpdf,
    "gamma": gamma_logpdf,
    "beta": beta_logpdf,
    "exponential": exponential_logpdf,
    "lognormal": lognormal_logpdf,
}


def _family(family: Any, params: dict[str, Any]) -> str:
    """Validate the family name and that ``params`` are exactly its own."""
    if not isinstance(family, str) or family not in FAMILIES:
        raise ValueError(
            f"family must be one of {sorted(FAMILIES)}, got {family!r}"
        )
    expected = FAMILIES[family]["params"]
    unknown = sorted(set(params) - set(expected))
    missing = [q for q in expected if q not in params]
    if unknown or missing:
        raise ValueError(
            f"family {family!r} takes parameters {list(expected)}; "
            f"unknown {unknown}, missing {missing}"
        )
    return family


def logpdf(family: str, x, **params: Any) -> np.ndarray:
    r"""Log-density (or log-mass) of a named family, by name.

    ``logpdf("gamma", x, shape=2.0, scale=1.5)`` is
    ``gamma_logpdf(x, shape=2.0, scale=1.5)``; every parameter listed in
    :data:`FAMILIES` must be given.

    Parameters
    ----------
    family : str
        A key of :data:`FAMILIES`.
    x : array_like
        Points or outcomes.
    **params
        The family's parameters.

    Returns
    -------
    numpy.ndarray
        Shape of ``x``.

    Examples
    --------
    >>> from execmath.distributions import logpdf
    >>> logpdf("poisson", [0, 1], lam=1.0).round(6).tolist()
    [-1.0, -1.0]
    """
    family = _family(family, params)
    as_float_array(x, "x")            # data errors name the dispatcher's x
    if FAMILIES[family]["discrete"]:
        _integers(x, "x")
    try:
        return _LOGPDF[family](x, **params)
    except ValueError as exc:      # e.g. "k, lam: ... beyond float64 range"
        if re.search(r"(?<![A-Za-z0-9_])x(?![A-Za-z0-9_])", str(exc)):
            raise
        raise ValueError(f"x: {exc}") from None


def pdf(family: str, x, **params: Any) -> np.ndarray:
    r"""Density (or mass) :math:`e^{\log p(x)}` of a named family.

    Fine for plotting and moderate arguments; products of many densities
    belong in log space (:func:`log_likelihood`).

    Examples
    --------
    >>> from execmath.distributions import pdf
    >>> pdf("beta", [0.5], a=2.0, b=2.0).tolist()
    [1.5]
    """
    with np.errstate(under="ignore"):
        return np.exp(logpdf(family, x, **params))


# ---------------------------------------------------------------------------
# Moments and sampling
# ---------------------------------------------------------------------------

class Moments(NamedTuple):
    """Mean, variance and standard deviation of a distribution."""

    mean: float
    var: float
    sd: float


def _param_values(family: str, params: dict[str, Any]) -> dict[str, Any]:
    """Validated parameter values of ``family`` (scalars or a prob vector)."""
    out: dict[str, Any] = {}
    for q, v in params.items():
        if q == "n":
            out[q] = _count_param(v, "n")
        elif q == "probs":
            out[q] = _probs(v)
        elif q == "p":
            out[q] = _scalar(v, "p", unit=True)
        elif q == "mu":
            out[q] = _scalar(v, "mu")
        else:  # sigma, lam, shape, scale, a, b, rate
            out[q] = _scalar(v, q, positive=True)
    return out


def moments(family: str, **params: Any) -> Moments:
    r"""Closed-form mean, variance and standard deviation.

    ============  ==============================  =============================
    family        mean                            variance
    ============  ==============================  =============================
    bernoulli     :math:`p`                       :math:`p(1-p)`
    binomial      :math:`np`                      :math:`np(1-p)`
    poisson       :math:`\lambda`                 :math:`\lambda`
    categorical   :math:`\sum_k k\pi_k`           :math:`\sum_k (k-m)^2\pi_k`
    normal        :math:`\mu`                     :math:`\sigma^2`
    gamma         :math:`k\theta`                 :math:`k\theta^2`
    beta          :math:`a/(a+b)`                 :math:`ab/((a+b)^2(a+b+1))`
    exponential   :math:`1/\lambda`               :math:`1/\lambda^2`
    lognormal     :math:`e^{\mu+\sigma^2/2}`      :math:`(e^{\sigma^2}-1)e^{2\mu+\sigma^2}`
    ============  ==============================  =============================

    Parameters
    ----------
    family : str
        A key of :data:`FAMILIES`.
    **params
        The family's parameters.

    Returns
    -------
    Moments
        ``mean``, ``var`` and ``sd``.

    Raises
    ------
    ValueError
        If a moment overflows float64 for the given parameters.

    Examples
    --------
    >>> from execmath.distributions import moments
    >>> moments("gamma", shape=2.0, scale=1.5)
    Moments(mean=3.0, var=4.5, sd=2.1213203435596424)
    """
    q = _param_values(_family(family, params), params)
    with np.errstate(over="ignore"):
        if family in ("bernoulli", "binomial"):
            n = q.get("n", 1)
            mean, var = n * q["p"], n * q["p"] * (1.0 - q["p"])
        elif family == "poisson":
            mean = var = q["lam"]
        elif family == "categorical":
            k = np.arange(q["probs"].size)
            mean = float(k @ q["probs"])
            var = float(((k - mean) ** 2) @ q["probs"])   # two-pass form
        elif family == "normal":
            mean, var = q["mu"], q["sigma"] ** 2
        elif family == "gamma":
            mean = q["shape"] * q["scale"]
            var = mean * q["scale"]
        elif family == "beta":
            a, b = q["a"], q["b"]
            mean = a / (a + b)
            var = mean * (b / (a + b)) / (a + b + 1.0)
        elif family == "exponential":
            mean = 1.0 / q["rate"]
            var = mean * mean
        else:  # lognormal; expm1 keeps e^{s^2} - 1 accurate for small s
            s2 = q["sigma"] ** 2
            mean = float(np.exp(q["mu"] + 0.5 * s2))
            var = float(np.expm1(s2) * np.exp(2.0 * q["mu"] + s2))
    if not (math.isfinite(mean) and math.isfinite(var)):
        raise ValueError(
            f"moments of {family!r} overflow float64 for parameters {params}"
        )
    return Moments(float(mean), float(var), math.sqrt(var))


def _check_size(size: Any) -> tuple[int, ...]:
    dims = size if isinstance(size, tuple) else (size,)
    if not dims:
        raise ValueError("size must hold at least one dimension, got ()")
    out = []
    for d in dims:
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)):
            raise TypeError(f"size must be an int or tuple of ints, got {size!r}")
        if d < 1:
            raise ValueError(f"size entries must be >= 1, got {size!r}")
        out.append(int(d))
    if math.prod(out) > _MAX_SAMPLES:
        raise ValueError(f"size asks for more than {_MAX_SAMPLES} draws: {size!r}")
    return tuple(out)


def sample(family: str, size, rng: np.random.Generator,
           **params: Any) -> np.ndarray:
    r"""Draw iid samples from a named family through an explicit Generator.

    Discrete families return ``int64`` arrays, continuous ones ``float64``.
    The categorical sampler is the inverse-CDF method
    (:func:`categorical_ppf`); the others call the Generator's own methods
    (``rng.exponential`` takes the *scale* :math:`1/\lambda`).

    Parameters
    ----------
    family : str
        A key of :data:`FAMILIES`.
    size : int or tuple of int
        Output shape (at most :math:`10^8` draws).
    rng : numpy.random.Generator
        The only source of randomness.
    **params
        The family's parameters.

    Returns
    -------
    numpy.ndarray
        Shape ``size``.

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.distributions import sample
    >>> x = sample("poisson", 1000, np.random.default_rng(0), lam=3.0)
    >>> x.shape, x.dtype.name, bool(abs(x.mean() - 3.0) < 0.2)
    ((1000,), 'int64', True)
    """
    q = _param_values(_family(family, params), params)
    shape = _check_size(size)
    rng = check_rng(rng)
    if family == "bernoulli":
        return (rng.random(shape) < q["p"]).astype(np.int64)
    if family == "binomial":
        return rng.binomial(q["n"], q["p"], shape).astype(np.int64)
    if family == "poisson":
        if q["lam"] > 1e18:  # NumPy's Poisson sampler stops near 9.2e18
            raise ValueError(f"lam must be <= 1e18 for sampling, got {q['lam']}")
        return rng.poisson(q["lam"], shape).astype(np.int64)
    if family == "categorical":
        return categorical_ppf(rng.random(shape), q["probs"])
    with np.errstate(over="ignore"):
        if family == "normal":
            out = rng.normal(q["mu"], q["sigma"], shape)
        elif family == "gamma":
            out = rng.gamma(q["shape"], q["scale"], shape)
        elif family == "beta":
            out = rng.beta(q["a"], q["b"], shape)
        elif family == "exponential":
            out = rng.exponential(1.0 / q["rate"], shape)
        else:  # lognormal
            out = np.exp(rng.normal(q["mu"], q["sigma"], shape))
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"samples of {family!r} overflow float64 for parameters {params}"
        )
    return out


# ---------------------------------------------------------------------------
# Transformations and the inverse-CDF method
# ---------------------------------------------------------------------------

def _callable(f: Any, name: str) -> Callable:
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")
    return f


def _call_checked(f: Callable, arg: np.ndarray, name: str) -> np.ndarray:
    """``f(arg)`` as float64 of ``arg``'s shape, without NaN."""
    with np.errstate(all="ignore"):
        out = np.asarray(f(arg), dtype=np.float64)
    if out.shape != arg.shape or np.any(np.isnan(out)):
        raise ValueError(
            f"{name} must return real values (no NaN) of shape {arg.shape} "
            f"at these y, got shape {out.shape}"
        )
    return out


def transformed_logpdf(base_logpdf: Callable, inverse: Callable,
                       log_abs_dinverse: Callable, y) -> np.ndarray:
    r"""Log-density of :math:`Y = g(X)` by the change-of-variables formula.

    For :math:`g` strictly monotone and differentiable on the support of
    :math:`X`, with inverse :math:`h = g^{-1}`:

    .. math::

        p_Y(y) = p_X\big(h(y)\big)\,\abs{h'(y)}, \qquad
        \log p_Y(y) = \log p_X\big(h(y)\big) + \log\abs{h'(y)}

    Parameters
    ----------
    base_logpdf : callable
        :math:`\log p_X`, vectorised.
    inverse : callable
        :math:`h = g^{-1}`, vectorised.
    log_abs_dinverse : callable
        :math:`\log\abs{h'(y)}`, vectorised (given in log form so that tiny
        or huge Jacobians stay representable).
    y : array_like
        Points in the range of :math:`g`.

    Returns
    -------
    numpy.ndarray
        Log-densities, shape of ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.distributions import (normal_logpdf, lognormal_logpdf,
    ...                                     transformed_logpdf)
    >>> y = np.array([0.5, 1.0, 4.0])
    >>> got = transformed_logpdf(normal_logpdf, np.log, lambda t: -np.log(t), y)
    >>> bool(np.allclose(got, lognormal_logpdf(y)))
    True
    """
    base_logpdf = _callable(base_logpdf, "base_logpdf")
    inverse = _callable(inverse, "inverse")
    log_abs_dinverse = _callable(log_abs_dinverse, "log_abs_dinverse")
    y = as_float_array(y, "y")
    x = _call_checked(inverse, y, "inverse")
    return (_call_checked(base_logpdf, x, "base_logpdf")
            + _call_checked(log_abs_dinverse, y, "log_abs_dinverse"))


def exponential_cdf(x, rate: float = 1.0) -> np.ndarray:
    r"""CDF of the exponential distribution, :math:`F(x) = 1 - e^{-\lambda x}`.

    Computed as ``-expm1(-rate * x)``: for small :math:`\lambda x` the
    difference :math:`1 - e^{-\lambda x}` would cancel.

    Examples
    --------
    >>> from execmath.distributions import exponential_cdf
    >>> exponential_cdf([-1.0, 0.0, 1e-20]).tolist()
    [0.0, 0.0, 1e-20]
    """
    x = as_float_array(x, "x")
    rate = _scalar(rate, "rate", positive=True)
    with np.errstate(over="ignore"):
        return np.where(x > 0, -np.expm1(-rate * np.maximum(x, 0.0)), 0.0)


def exponential_ppf(u, rate: float = 1.0) -> np.ndarray:
    r"""Inverse CDF (quantile function) of the exponential distribution.

    .. math::

        F^{-1}(u) = -\frac{\log(1 - u)}{\lambda}, \qquad 0 \le u < 1

    computed with ``log1p`` so that small :math:`u` keep their accuracy.
    With :math:`U \sim \mathrm{Uniform}(0, 1)`, :math:`F^{-1}(U)` is
    exponential with rate :math:`\lambda`.

    Parameters
    ----------
    u : array_like
        Probabilities in :math:`[0, 1)`.
    rate : float, default 1.0
        :math:`\lambda > 0`.

    Returns
    -------
    numpy.ndarray
        Quantiles, shape of ``u``.

    Examples
    --------
    >>> from execmath.distributions import exponential_ppf
    >>> exponential_ppf([0.0, 0.5], rate=2.0).round(6).tolist()
    [0.0, 0.346574]
    """
    u = as_float_array(u, "u")
    rate = _scalar(rate, "rate", positive=True)
    if np.any((u < 0) | (u >= 1)):
        raise ValueError(f"u must lie in [0, 1), got values from {u.min()} to {u.max()}")
    with np.errstate(over="ignore"):
        out = -np.log1p(-u) / rate
    if not np.all(np.isfinite(out)):
        raise ValueError(f"rate {rate} is so small that quantiles overflow float64")
    return out


def categorical_ppf(u, probs) -> np.ndarray:
    r"""Inverse CDF of the categorical distribution, by binary search.

    .. math::

        F^{-1}(u) = \min\{k : F(k) > u\}, \qquad
        F(k) = \sum_{j \le k} \pi_j

    ``np.searchsorted`` finds :math:`k` in :math:`O(\log K)`. The cumulative
    sums are divided by their last entry, so :math:`F(K-1) = 1` exactly and
    every :math:`u < 1` lands on a class of positive probability.

    Parameters
    ----------
    u : array_like
        Probabilities in :math:`[0, 1)`.
    probs : array_like, shape (K,)
        Class probabilities, non-negative, summing to 1.

    Returns
    -------
    numpy.ndarray of int64
        Classes in :math:`0..K-1`, shape of ``u``.

    Examples
    --------
    >>> from execmath.distributions import categorical_ppf
    >>> categorical_ppf([0.0, 0.2, 0.25, 0.99], [0.25, 0.0, 0.75]).tolist()
    [0, 0, 2, 2]
    """
    u = as_float_array(u, "u")
    p = _probs(probs)
    if np.any((u < 0) | (u >= 1)):
        raise ValueError(f"u must lie in [0, 1), got values from {u.min()} to {u.max()}")
    cdf = np.cumsum(p)
    cdf /= cdf[-1]                                     # F(K-1) = 1 exactly
    return np.searchsorted(cdf, u, side="right").astype(np.int64)


def sample_inverse_cdf(ppf: Callable, size, rng: np.random.Generator) -> np.ndarray:
    r"""Samples :math:`F^{-1}(U)`, :math:`U \sim \mathrm{Uniform}[0, 1)`.

    The inverse-CDF method: if :math:`F^{-1}(u) = \inf\{x : F(x) \ge u\}`,
    then :math:`P(F^{-1}(U) \le x) = P(U \le F(x)) = F(x)`.

    Parameters
    ----------
    ppf : callable
        Vectorised quantile function on :math:`[0, 1)`.
    size : int or tuple of int
        Output shape.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    numpy.ndarray
        Shape ``size``.

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.distributions import exponential_ppf, sample_inverse_cdf
    >>> x = sample_inverse_cdf(exponential_ppf, 4, np.random.default_rng(1))
    >>> x.shape, bool(np.all(x >= 0))
    ((4,), True)
    """
    ppf = _callable(ppf, "ppf")
    shape = _check_size(size)
    rng = check_rng(rng)
    u = rng.random(shape)
    with np.errstate(all="ignore"):   # a bad ppf is reported below
        out = np.asarray(ppf(u))
    if out.shape != shape or out.dtype.kind not in "iuf" or not np.all(
            np.isfinite(out)):
        raise ValueError(
            f"ppf must return finite real values of shape {shape}, got "
            f"dtype {out.dtype} and shape {out.shape}"
        )
    return out


# ---------------------------------------------------------------------------
# Likelihoods
# ---------------------------------------------------------------------------

def log_likelihood(family: str, x, **params: Any) -> float:
    r"""Log-likelihood :math:`\ell(\theta) = \sum_i \log p(x_i \mid \theta)`.

    The log-densities are summed with ``math.fsum`` (correctly rounded), so
    the only errors are those of the individual terms. ``-inf`` means some
    observation is impossible under :math:`\theta`.

    Examples
    --------
    >>> from execmath.distributions import log_likelihood
    >>> round(log_likelihood("bernoulli", [1, 0, 1, 1], p=0.75), 6)
    -2.249341
    """
    values = logpdf(family, x, **params).ravel()
    try:
        return math.fsum(values)
    except OverflowError:
        raise ValueError(
            f"x and {', '.join(params)}: the log-likelihood lies beyond the "
            "float64 range"
        ) from None


def fit_mle(family: str, x) -> dict[str, float]:
    r"""Closed-form maximum-likelihood estimates.

    ===========  =================================================
    family       :math:`\hat\theta = \argmax_\theta \ell(\theta)`
    ===========  =================================================
    bernoulli    :math:`\hat p = \bar x`
    poisson      :math:`\hat\lambda = \bar x`
    exponential  :math:`\hat\lambda = 1/\bar x`
    normal       :math:`\hat\mu = \bar x`,
                 :math:`\hat\sigma = \sqrt{\tfrac1n\sum_i (x_i - \bar x)^2}`
    ===========  =================================================

    Each comes from setting :math:`\partial\ell/\partial\theta = 0`; note
    the :math:`1/n` (not :math:`1/(n-1)`) in :math:`\hat\sigma^2`.

    Parameters
    ----------
    family : str
        One of ``"bernoulli"``, ``"poisson"``, ``"exponential"``,
        ``"normal"``.
    x : array_like, shape (n,)
        Observations in the family's support.

    Returns
    -------
    dict
        Parameter name to estimate, ready for ``**`` in :func:`logpdf`.

    Raises
    ------
    ValueError
        If the estimate lies on the boundary of the parameter space
        (:math:`\hat\lambda = 0`, :math:`\hat\sigma = 0`).

    Examples
    --------
    >>> from execmath.distributions import fit_mle
    >>> {k: round(v, 6) for k, v in fit_mle("normal", [1, 2, 3, 6]).items()}
    {'mu': 3.0, 'sigma': 1.870829}
    """
    supported = ("bernoulli", "exponential", "normal", "poisson")
    if not isinstance(family, str) or family not in supported:
        raise ValueError(
            f"family must be one of {list(supported)} (closed-form MLE), "
            f"got {family!r}"
        )
    x = as_float_array(x, "x", ndim=1)
    n = x.size
    if family == "bernoulli":
        if np.any((x != 0) & (x != 1)):
            raise ValueError("x must hold only 0 and 1 for the Bernoulli MLE")
        return {"p": float(np.count_nonzero(x)) / n}
    try:
        mean = math.fsum(x) / n                     # correctly rounded sum
    except OverflowError:                           # sum beyond float64
        big = float(np.max(np.abs(x)))
        mean = big * (math.fsum(x / big) / n)
    if family == "poisson":
        if np.any(x < 0) or np.any(x != np.floor(x)):
            raise ValueError("x must hold non-negative integers for the Poisson MLE")
        if mean == 0.0:
            raise ValueError("x is all zeros: the Poisson MLE lam = 0 is degenerate")
        return {"lam": mean}
    if family == "exponential":
        if np.any(x < 0):
            raise ValueError("x must be >= 0 for the exponential MLE")
        if mean == 0.0:
            raise ValueError("x is all zeros: the exponential MLE rate is infinite")
        with np.errstate(over="ignore"):
            rate = 1.0 / mean
        if not math.isfinite(rate):
            raise ValueError(f"x is so small that the rate 1/mean overflows: {mean!r}")
        return {"rate": rate}
    # normal: two passes (mean, then squared deviations), never E[x^2] - m^2
    with np.errstate(over="ignore", invalid="ignore"):
        dev = x - mean
    if not np.all(np.isfinite(dev)):                # spread beyond float64
        big = float(np.max(np.abs(x)))
        dev, unit = x / big - mean / big, big
    else:
        unit = 1.0
    spread = float(np.max(np.abs(dev)))
    if n < 2 or spread == 0.0:
        raise ValueError("x must hold at least two distinct values for the normal MLE")
    d = dev / spread                                # scaled: squares stay finite
    with np.errstate(over="ignore"):
        # sigma <= max|x| always; multiply the factors <= 1 first
        sigma = unit * (spread * math.sqrt(math.fsum(d * d) / n))
    if not math.isfinite(sigma) or sigma == 0.0:
        raise ValueError("x spreads beyond the float64 range: sigma overflows")
    return {"mu": mean, "sigma": sigma}


def _mixture(weights: Any, means: Any, sds: Any):
    w = _probs(weights, "weights")
    m = as_float_array(means, "means", ndim=1)
    s = as_float_array(sds, "sds", ndim=1)
    if not w.size == m.size == s.size:
        raise ValueError(
            f"weights, means and sds must have the same length, got "
            f"{w.size}, {m.size}, {s.size}"
        )
    if np.any(s <= 0):
        raise ValueError(f"sds must be > 0, got min {s.min()}")
    return w, m, s


def mixture_logpdf(x, weights, means, sds) -> np.ndarray:
    r"""Log-density of a Gaussian mixture, by log-sum-exp over components.

    .. math::

        \log p(x) = \log \sum_{k=1}^{K} \pi_k\,\varphi_{\mu_k,\sigma_k}(x)
        = \operatorname{LSE}_k\big(\log\pi_k + \log\varphi_{\mu_k,\sigma_k}(x)\big)

    The shift inside :func:`execmath.numerics.logsumexp` keeps it finite
    where every component density underflows.

    Parameters
    ----------
    x : array_like, shape (n,)
        Points.
    weights : array_like, shape (K,)
        Mixture weights :math:`\pi_k \ge 0`, summing to 1.
    means, sds : array_like, shape (K,)
        Component means and standard deviations (> 0).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> from execmath.distributions import mixture_logpdf
    >>> mixture_logpdf([40.0], [0.5, 0.5], [0.0, 1.0], [1.0, 1.0]).round(6).tolist()
    [-762.112086]
    """
    x = as_float_array(x, "x", ndim=1)
    w, m, s = _mixture(weights, means, sds)
    with np.errstate(over="ignore", invalid="ignore"):
        z = (x[:, None] - m) / s                               # (n, K)
        comps = -0.5 * z * z - np.log(s) - _HALF_LOG_2PI       # (n, K)
    if not np.all(np.isfinite(comps)):
        raise ValueError(
            "x, means, sds: some component log-density lies beyond the "
            "float64 range (about -1.8e308); rescale the data"
        )
    with np.errstate(divide="ignore"):                 # log 0 = -inf weight
        log_w = np.log(w)                                      # (K,)
    return np.asarray(numerics.logsumexp(comps + log_w, axis=1))


def mixture_pdf_naive(x, weights, means, sds) -> np.ndarray:
    r"""Gaussian-mixture density summed as written, :math:`\sum_k \pi_k\varphi_k(x)`.

    Each component is exponentiated first, so far from every component the
    sum underflows to 0 (and its logarithm to ``-inf``): the failure
    :func:`mixture_logpdf` avoids.

    Examples
    --------
    >>> from execmath.distributions import mixture_pdf_naive
    >>> mixture_pdf_naive([0.0, 40.0], [0.5, 0.5], [0.0, 1.0], [1.0, 1.0]).round(6).tolist()
    [0.320457, 0.0]
    """
    x = as_float_array(x, "x", ndim=1)
    w, m, s = _mixture(weights, means, sds)
    with np.errstate(under="ignore", over="ignore"):
        z = (x[:, None] - m) / s                               # (n, K)
        dens = np.exp(-0.5 * z * z) / (s * math.sqrt(2.0 * math.pi))
    return dens @ w                                            # (n,)


class LikelihoodAccumulation(NamedTuple):
    """Running likelihood of ``n = 1, 2, ...`` observations, two ways.

    ``naive[i]`` is the float64 product of the first ``i + 1`` densities
    (each ``exp`` of a log-density); ``loglik[i]`` is the running sum of the
    log-densities. ``n_zero`` is the first ``n`` at which the product is
    exactly 0 (``None`` if never) and ``n_predicted`` the first ``n`` at
    which the running log-likelihood falls below :data:`LOG_UNDERFLOW`,
    where the exact product would round to 0.
    """

    n: np.ndarray             # (N,) 1, 2, ..., N
    naive: np.ndarray         # (N,) running product of densities
    loglik: np.ndarray        # (N,) running sum of log-densities
    n_zero: int | None
    n_predicted: int | None


def accumulate_likelihood(logdens) -> LikelihoodAccumulation:
    r"""Product of densities vs sum of log-densities, as ``n`` grows.

    .. math::

        L_n = \prod_{i=1}^{n} p(x_i) \quad\text{(naive)}, \qquad
        \ell_n = \sum_{i=1}^{n} \log p(x_i) \quad\text{(log space)}

    The product underflows to 0 once :math:`\ell_n` drops below
    :math:`\log 2^{-1075} \approx -745.13`. The running sum is recursive, so
    (for terms of one sign) its relative error is at most about
    :math:`(n - 1)u` on top of the terms' own errors.

    Parameters
    ----------
    logdens : array_like, shape (N,)
        Per-observation log-densities :math:`\log p(x_i)`, finite.

    Returns
    -------
    LikelihoodAccumulation

    Examples
    --------
    >>> import numpy as np
    >>> from execmath.distributions import accumulate_likelihood
    >>> acc = accumulate_likelihood(np.full(800, -1.0))
    >>> acc.n_predicted, float(acc.loglik[-1])   # e^{-746} < 2^{-1075}
    (746, -800.0)
    >>> acc.n_zero   # one step early: the subnormal products round down
    745
    """
    ld = as_float_array(logdens, "logdens", ndim=1)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        naive = np.cumprod(np.exp(ld))    # (N,) may under/overflow: the demo
    with np.errstate(over="ignore", invalid="ignore"):
        loglik = np.cumsum(ld)                                 # (N,)
    if not np.all(np.isfinite(loglik)):
        raise ValueError("logdens sum beyond the float64 range")
    n = np.arange(1, ld.size + 1)
    zero = np.flatnonzero(naive == 0.0)
    below = np.flatnonzero(loglik < LOG_UNDERFLOW)
    return LikelihoodAccumulation(
        n, naive, loglik,
        int(zero[0]) + 1 if zero.size else None,
        int(below[0]) + 1 if below.size else None,
    )


def mixture_loglik_reference(x, weights, means, sds, *,
                             digits: int = 40) -> np.ndarray:
    r"""Running log-likelihood of a Gaussian mixture in Decimal arithmetic.

    Each :math:`\log p(x_i)` and every partial sum is evaluated with
    ``digits`` significant decimal digits (:func:`execmath.numerics.decimal_eval`
    at the exact binary value of each input), then rounded once to float64:
    a reference for the float64 running sum.

    Parameters
    ----------
    x : array_like, shape (n,)
        Observations.
    weights, means, sds : array_like, shape (K,)
        The mixture, as in :func:`mixture_logpdf`.
    digits : int, default 40
        Working precision, 20 to 200 digits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        :math:`\ell_1, \dots, \ell_n` correctly rounded (up to
        :math:`10^{-\text{digits}}`).

    Examples
    --------
    >>> from execmath.distributions import mixture_loglik_reference
    >>> mixture_loglik_reference([0.0, 1.0], [1.0], [0.0], [1.0]).round(6).tolist()
    [-0.918939, -2.337877]
    """
    x = as_float_array(x, "x", ndim=1)
    w, m, s = _mixture(weights, means, sds)
    if isinstance(digits, (bool, np.bool_)) or not isinstance(
            digits, (int, np.integer)):
        raise TypeError(f"digits must be an integer, got {digits!r}")
    if not 20 <= digits <= 200:
        raise ValueError(f"digits must lie in [20, 200], got {digits!r}")
    wd = [Decimal(float(v)) for v in w]
    md = [Decimal(float(v)) for v in m]
    sd = [Decimal(float(v)) for v in s]

    def log_density(xd: Decimal) -> Decimal:
        # log sum_k exp(a_k), a_k = log w_k - (x - m_k)^2 / (2 s_k^2)
        # - log(s_k sqrt(2 pi)), shifted by max a_k (Decimal's exp would
        # underflow for |x - m_k| beyond a few thousand s_k).
        half_log_2pi = (2 * _PI_60).ln() / 2
        a = [wk.ln() - (xd - mk) ** 2 / (2 * sk * sk) - sk.ln() - half_log_2pi
             for wk, mk, sk in zip(wd, md, sd) if wk > 0]
        top = max(a)
        return top + sum((ak - top).exp() for ak in a).ln()

    per = numerics.decimal_eval(log_density, x, digits=digits,
                                as_decimal=True)              # (n,) Decimal
    out = np.empty(x.size)
    with localcontext() as ctx:
        ctx.prec = digits
        acc = Decimal(0)
        for i, v in enumerate(per):
            acc += v
            out[i] = float(acc)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "x, means, sds: the log-likelihood lies beyond the float64 range"
        )
    return out
