r"""Statistics from samples: estimates that carry their own error bars.

Everything a simulation reports is itself a random variable, so every
estimator here comes with a standard error or a guaranteed bound:

* Monte Carlo means and frequencies with their standard errors
  (:func:`mc_mean`, :func:`mc_frequency`);
* the empirical CDF, the Kolmogorov-Smirnov distance and the
  Dvoretzky-Kiefer-Wolfowitz band (:func:`ecdf`, :func:`ecdf_at`,
  :func:`ks_distance`, :func:`dkw_radius`);
* covariance by two passes or by Welford's one-pass update, never by the
  cancelling formula :math:`\mathbb{E}[x^2] - \mathbb{E}[x]^2` (which is
  kept, as ``method="naive"``, to show how it fails);
* the multivariate Gaussian through a Cholesky factor: sampling,
  Mahalanobis distance by a triangular solve, log-density;
* principal axes of a covariance and how well a sample finds them
  (:func:`axis_angle_sd`, :func:`davis_kahan_bound`);
* concentration: Hoeffding's bound, the law of the iterated logarithm
  envelope, the central limit theorem for Bernoulli means;
* conditional probability for a diagnostic test, and the percentile
  bootstrap with a coverage check.

Randomness enters only through an explicit ``rng`` argument
(``np.random.default_rng(seed)``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from scipy import special as ssp

from execmath import linalg, prob, spectral
from execmath._validate import as_float_array, check_increasing_sizes, check_rng

__all__ = [
    "AxisAngleStudy",
    "BootstrapCI",
    "CLTSample",
    "Covariance",
    "Diagnostic",
    "ECDF",
    "MCEstimate",
    "PrincipalAxes",
    "axis_angle_sd",
    "axis_angle_study",
    "bernoulli_clt_sample",
    "bootstrap_coverage",
    "bootstrap_percentile_ci",
    "correlation_matrix",
    "covariance",
    "davis_kahan_bound",
    "diagnostic_posterior",
    "dkw_radius",
    "ecdf",
    "ecdf_at",
    "hoeffding_bound",
    "hoeffding_radius",
    "ks_distance",
    "lattice_bin_edges",
    "lil_envelope",
    "mahalanobis",
    "mc_frequency",
    "mc_mean",
    "mvn_logpdf",
    "mvn_sample",
    "normal_cdf",
    "principal_axes",
    "sample_leading_axes",
    "simulate_diagnostic",
]

#: Largest number of array elements a function will allocate: memory grows
#: like the answer, and a request beyond this is a mistake, not a workload.
MAX_ELEMENTS = 10**8

#: Relative tolerance for "is this matrix symmetric?" (as in ``spectral``):
#: a covariance built in floating point is symmetric only up to rounding.
SYMMETRY_RTOL = 1e-10

_METHODS = ("two-pass", "welford", "naive")


# ---------------------------------------------------------------- records
class MCEstimate(NamedTuple):
    """A Monte Carlo estimate with its standard error."""

    estimate: float   # the sample mean (or frequency)
    se: float         # its estimated standard error
    n: int            # number of samples it averages


class Covariance(NamedTuple):
    """Sample mean and covariance (floats for 1-D input)."""

    mean: Any         # (d,) or float
    cov: Any          # (d, d) or float
    n: int            # number of samples


class ECDF(NamedTuple):
    """Empirical CDF as its jump points and the heights after each jump."""

    x: np.ndarray     # (k,) distinct sample values, increasing
    F: np.ndarray     # (k,) F_n(x) = #{X_i <= x} / n, increasing to 1


class PrincipalAxes(NamedTuple):
    """Eigen-decomposition of a covariance, largest variance first."""

    variances: np.ndarray    # (d,) eigenvalues, descending, >= 0
    directions: np.ndarray   # (d, d) column i pairs with variances[i]


class AxisAngleStudy(NamedTuple):
    """How far the sample's leading axis is from the true one, per n."""

    ns: np.ndarray          # (K,) sample sizes
    rms: np.ndarray         # (K,) root-mean-square angle in radians
    rms_se: np.ndarray      # (K,) Monte Carlo standard error of rms
    predicted: np.ndarray   # (K,) first-order prediction axis_angle_sd
    n_rep: int              # replicates per sample size


class CLTSample(NamedTuple):
    r"""Standardised errors :math:`\sqrt n(\bar X_n - p)/\sigma` of
    Bernoulli means, and the spacing of the lattice they live on."""

    z: np.ndarray       # (R,) one standardised error per replicate
    spacing: float      # 1 / (sigma sqrt(n)): distance between values
    n: int              # draws per mean
    p: float            # success probability


class Diagnostic(NamedTuple):
    """What a test result says about the condition (Bayes' rule)."""

    ppv: float          # P(condition | positive)
    npv: float          # P(no condition | negative)
    p_positive: float   # P(positive)


class BootstrapCI(NamedTuple):
    """Percentile bootstrap interval and the replicates it came from."""

    estimate: float          # statistic of the original sample
    low: float               # lower percentile of the replicates
    high: float              # upper percentile of the replicates
    replicates: np.ndarray   # (B,) statistic of each resample


# ------------------------------------------------------------- validation
def _real_scalar(v: Any, name: str, *, low: float | None = None,
                 high: float | None = None, open_low: bool = False,
                 open_high: bool = False) -> float:
    """``v`` as a finite float inside the stated interval."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {v!r}")
    try:
        out = float(v)
    except OverflowError:                     # an int beyond float range
        raise ValueError(f"{name} must be finite, got {v!r}") from None
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite, got {v!r}")
    if low is not None and (out < low or (open_low and out == low)):
        sign = ">" if open_low else ">="
        raise ValueError(f"{name} must be {sign} {low}, got {v!r}")
    if high is not None and (out > high or (open_high and out == high)):
        sign = "<" if open_high else "<="
        raise ValueError(f"{name} must be {sign} {high}, got {v!r}")
    return out


def _count(v: Any, name: str, *, minimum: int = 1,
           maximum: int | None = None) -> int:
    """``v`` as an int in ``[minimum, maximum]``; bools are refused."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {v!r}")
    out = int(v)
    if out < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {v!r}")
    if maximum is not None and out > maximum:
        raise ValueError(f"{name} must be <= {maximum:,}, got {v!r}")
    return out


def _positive_sizes(n: Any, name: str) -> np.ndarray:
    """Sample sizes as a float array of values >= 1 (any shape)."""
    arr = as_float_array(n, name)
    if np.any(arr < 1):
        raise ValueError(f"{name} must be >= 1, got min {arr.min()!r}")
    return arr


def _check_callable(f: Any, name: str) -> None:
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")


def _pow2_scale(maxabs: np.ndarray) -> np.ndarray:
    """Powers of two near ``maxabs`` (1 where it is 0): exact rescaling.

    The scale is 2**(e - 1) for the frexp exponent e, so ``maxabs / scale``
    lies in [1, 2) and the scale stays finite even for the largest float.
    """
    _, exp = np.frexp(maxabs)
    return np.where(maxabs > 0, np.ldexp(1.0, exp - 1), 1.0)


# --------------------------------------------------------- Monte Carlo
def mc_mean(values) -> MCEstimate:
    r"""Monte Carlo mean of iid values with its standard error.

    .. math::

        \hat\mu = \frac1n \sum_{i=1}^n Y_i, \qquad
        \widehat{\mathrm{se}} = \frac{s}{\sqrt n}, \qquad
        s^2 = \frac{1}{n-1}\sum_{i=1}^n (Y_i - \hat\mu)^2

    By the central limit theorem :math:`\hat\mu \pm 1.96\,
    \widehat{\mathrm{se}}` covers :math:`\mathbb{E}[Y]` about 95% of the
    time when :math:`\operatorname{Var}(Y)` is finite and ``n`` is large.

    Parameters
    ----------
    values : array_like, shape (n,)
        Independent draws :math:`Y_i`, at least 2, finite.

    Returns
    -------
    MCEstimate
        ``estimate``, ``se`` and ``n``.

    Examples
    --------
    >>> est = mc_mean([1.0, 2.0, 3.0, 4.0])
    >>> est.estimate, round(est.se, 6), est.n
    (2.5, 0.645497, 4)
    """
    y = as_float_array(values, "values", ndim=1)
    if y.size < 2:
        raise ValueError(
            f"values must hold at least 2 draws for a standard error, "
            f"got shape {y.shape}"
        )
    # Scale by a power of two (exact) so that a standard error that is
    # representable is computed even when the variance itself is not.
    scale = float(_pow2_scale(np.max(np.abs(y))))
    mean, var = _two_pass((y / scale)[:, None], 1)
    return MCEstimate(float(mean[0]) * scale,
                      math.sqrt(float(var[0, 0]) / y.size) * scale, y.size)


def mc_frequency(events) -> MCEstimate:
    r"""Frequency of an event with its binomial standard error.

    .. math::

        \hat p = \frac{1}{n}\sum_{i=1}^n \mathbf 1\{A_i\}, \qquad
        \widehat{\mathrm{se}} = \sqrt{\hat p(1-\hat p)/n}

    A frequency is the mean of indicators, so this is :func:`mc_mean`
    with the variance :math:`p(1-p)` of a Bernoulli variable (and the
    divisor ``n``). When :math:`\hat p` is 0 or 1 the standard error is 0,
    which says "too few events to tell", not "no uncertainty".

    Parameters
    ----------
    events : array_like of bool, or of 0/1 numbers, shape (n,)

    Returns
    -------
    MCEstimate

    Examples
    --------
    >>> est = mc_frequency([True, False, True, True])
    >>> est.estimate, round(est.se, 6), est.n
    (0.75, 0.216506, 4)
    """
    if events is None or isinstance(events, (str, bytes)):
        raise TypeError(
            f"events must be an array of bool or 0/1, got "
            f"{type(events).__name__}"
        )
    try:
        arr = np.asarray(events)
    except (TypeError, ValueError):
        raise ValueError("events must be a rectangular array") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"events must hold bool or 0/1 values, got dtype {arr.dtype}"
        )
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"events must be a non-empty 1-D array, got shape {arr.shape}"
        )
    hits = arr.astype(np.float64)
    if not np.all((hits == 0) | (hits == 1)):
        raise ValueError(
            "events must hold only True/False or 0/1, got values such as "
            f"{hits[(hits != 0) & (hits != 1)][0]!r}"
        )
    n = arr.size
    p = float(np.count_nonzero(hits)) / n
    return MCEstimate(p, math.sqrt(p * (1.0 - p) / n), n)


# ----------------------------------------------------------- the ECDF
def ecdf(sample) -> ECDF:
    r"""Empirical distribution function :math:`F_n` of a sample.

    .. math::

        F_n(t) = \frac{1}{n}\,\#\{i : X_i \le t\}

    It is a step function that jumps by :math:`k/n` at a value taken
    :math:`k` times; the record stores the distinct values and the height
    just after each jump.

    Parameters
    ----------
    sample : array_like, shape (n,)

    Returns
    -------
    ECDF
        ``x`` (distinct values, increasing) and ``F`` (heights).

    Examples
    --------
    >>> e = ecdf([3.0, 1.0, 2.0, 1.0])
    >>> e.x.tolist(), e.F.tolist()
    ([1.0, 2.0, 3.0], [0.5, 0.75, 1.0])
    """
    x = as_float_array(sample, "sample", ndim=1)
    values, counts = np.unique(x, return_counts=True)          # (k,), (k,)
    return ECDF(values, np.cumsum(counts) / x.size)


def ecdf_at(sample, t) -> np.ndarray:
    r"""Evaluate the empirical CDF :math:`F_n(t)` at points ``t``.

    Parameters
    ----------
    sample : array_like, shape (n,)
    t : array_like
        Points of any shape; :math:`\pm\infty` is allowed (0 and 1).

    Returns
    -------
    numpy.ndarray, shape of ``t``

    Examples
    --------
    >>> ecdf_at([3.0, 1.0, 2.0, 1.0], [0.0, 1.0, 2.5, np.inf]).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    x = np.sort(as_float_array(sample, "sample", ndim=1))
    t = as_float_array(t, "t", allow_empty=True, allow_inf=True)
    return np.searchsorted(x, t, side="right") / x.size


def _cdf_values(cdf: Callable, x: np.ndarray) -> np.ndarray:
    """Call a user CDF and check it returned probabilities of x's shape."""
    fx = np.asarray(cdf(x))
    if fx.shape != x.shape or fx.dtype.kind not in "iuf":
        raise ValueError(
            f"cdf must return real values of the input's shape {x.shape}, "
            f"got dtype {fx.dtype} and shape {fx.shape}"
        )
    fx = fx.astype(np.float64)
    if not np.all(np.isfinite(fx)) or np.any((fx < 0) | (fx > 1)):
        raise ValueError("cdf must return finite values in [0, 1]")
    return fx


def ks_distance(sample, cdf: Callable[[np.ndarray], np.ndarray]) -> float:
    r"""Kolmogorov-Smirnov distance :math:`\sup_t \abs{F_n(t) - F(t)}`.

    The supremum is attained at a jump of :math:`F_n`, just before or just
    after it. With the sorted sample :math:`x_{(1)} \le \dots \le x_{(n)}`
    and a continuous :math:`F`,

    .. math::

        D_n = \max_{1 \le i \le n} \max\Big(\frac{i}{n} - F(x_{(i)}),\;
        F(x_{(i)}) - \frac{i-1}{n}\Big)

    (ties in the sample are handled correctly by the same formula).

    Parameters
    ----------
    sample : array_like, shape (n,)
    cdf : callable
        Vectorised CDF :math:`F` returning values in :math:`[0, 1]`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(ks_distance([0.1, 0.4, 0.7], lambda t: np.clip(t, 0, 1)), 6)
    0.3
    """
    x = np.sort(as_float_array(sample, "sample", ndim=1))           # (n,)
    _check_callable(cdf, "cdf")
    fx = _cdf_values(cdf, x)                                     # (n,)
    n = x.size
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - fx), np.max(fx - (i - 1) / n)))


def dkw_radius(n, alpha: float) -> np.ndarray:
    r"""Half-width of the Dvoretzky-Kiefer-Wolfowitz confidence band.

    For iid draws from any distribution function :math:`F`, Massart's
    tight form of the DKW inequality gives

    .. math::

        P\Big(\sup_t \abs{F_n(t) - F(t)} > \varepsilon\Big)
        \le 2 e^{-2 n \varepsilon^2},
        \qquad
        \varepsilon_\alpha = \sqrt{\frac{\log(2/\alpha)}{2n}}

    so the band :math:`F_n \pm \varepsilon_\alpha` contains all of
    :math:`F` with probability at least :math:`1-\alpha`.

    Parameters
    ----------
    n : array_like
        Sample sizes, >= 1.
    alpha : float
        Error probability in (0, 1).

    Returns
    -------
    numpy.ndarray, shape of ``n``

    Examples
    --------
    >>> round(float(dkw_radius(1000, 0.05)), 6)
    0.042947
    """
    n = _positive_sizes(n, "n")
    alpha = _real_scalar(alpha, "alpha", low=0.0, high=1.0, open_low=True,
                         open_high=True)
    # log 2 - log alpha: 2 / alpha overflows for a subnormal alpha
    return np.sqrt((math.log(2.0) - math.log(alpha)) / 2.0 / n)


def normal_cdf(x, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    r"""Normal distribution function :math:`\Phi((x-\mu)/\sigma)`.

    .. math::

        \Phi(z) = \frac12 \operatorname{erfc}\big(-z/\sqrt 2\big)

    computed by ``scipy.special.ndtr``, which keeps relative accuracy in
    the lower tail (no ``1 - small`` cancellation).

    Parameters
    ----------
    x : array_like
        Points; :math:`\pm\infty` is allowed.
    mu : float, default 0.0
    sigma : float, default 1.0, > 0

    Returns
    -------
    numpy.ndarray, shape of ``x``

    Examples
    --------
    >>> np.round(normal_cdf([-1.96, 0.0, 1.96]), 4).tolist()
    [0.025, 0.5, 0.975]
    """
    x = as_float_array(x, "x", allow_empty=True, allow_inf=True)
    mu = _real_scalar(mu, "mu")
    sigma = _real_scalar(sigma, "sigma", low=0.0, open_low=True)
    with np.errstate(over="ignore", invalid="ignore"):
        # an overflowing z is +-inf, where ndtr returns the exact 0 or 1
        z = (x - mu) / sigma
    return ssp.ndtr(z)


# ------------------------------------------------------------- covariance
def _as_data(x: Any, name: str = "x") -> tuple[np.ndarray, bool]:
    """Samples as a (n, d) float array (a 1-D input is one column)."""
    arr = as_float_array(x, name, ndim=(1, 2))
    one_d = arr.ndim == 1
    if one_d:
        arr = arr[:, None]
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one column, got "
                         f"shape {arr.shape}")
    return arr, one_d


def _two_pass(xs: np.ndarray, ddof: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance of scaled data by two passes (corrected)."""
    n = xs.shape[0]
    mean = xs.mean(axis=0)                                       # (d,)
    xc = xs - mean                                               # (n, d)
    # Chan-Golub-LeVeque correction: the residuals' sum is zero in exact
    # arithmetic; subtracting its square removes the first-order error of
    # the rounded mean at the cost of one more sum.
    s = xc.sum(axis=0)                                           # (d,)
    m2 = xc.T @ xc - np.outer(s, s) / n                          # (d, d)
    m2 = 0.5 * (m2 + m2.T)
    np.fill_diagonal(m2, np.maximum(np.diag(m2), 0.0))
    return mean, m2 / (n - ddof)


def _welford(xs: np.ndarray, ddof: int) -> tuple[np.ndarray, np.ndarray]:
    """Welford's one-pass update of mean and co-moment, row by row."""
    n, d = xs.shape
    if d == 1:
        # plain Python floats: the same recurrence, ~20x faster per row
        mean, m2 = 0.0, 0.0
        for k, v in enumerate(xs[:, 0].tolist(), start=1):
            delta = v - mean
            mean += delta / k
            m2 += delta * (v - mean)
        return np.array([mean]), np.array([[max(m2, 0.0) / (n - ddof)]])
    mean = np.zeros(d)
    m2 = np.zeros((d, d))
    for k in range(n):
        row = xs[k]                                              # (d,)
        delta = row - mean             # distance to the old mean
        mean = mean + delta / (k + 1)
        m2 += np.outer(delta, row - mean)   # old times new deviation
    m2 = 0.5 * (m2 + m2.T)
    np.fill_diagonal(m2, np.maximum(np.diag(m2), 0.0))
    return mean, m2 / (n - ddof)


def _naive(xs: np.ndarray, ddof: int) -> tuple[np.ndarray, np.ndarray]:
    """The textbook one-pass formula sum x x^T - n xbar xbar^T (cancels)."""
    n = xs.shape[0]
    total = xs.sum(axis=0)                                       # (d,)
    m2 = xs.T @ xs - np.outer(total, total) / n                  # (d, d)
    return total / n, m2 / (n - ddof)


def covariance(x, ddof: int = 1, method: str = "two-pass") -> Covariance:
    r"""Sample mean and covariance matrix of samples in rows.

    .. math::

        \bar x = \frac1n \sum_{i=1}^n x_i, \qquad
        C = \frac{1}{n - \delta} \sum_{i=1}^n
            (x_i - \bar x)(x_i - \bar x)^\top

    with :math:`\delta` = ``ddof``. Three algorithms compute it:

    ``"two-pass"``
        subtract the mean, then sum outer products of the residuals (with
        the Chan-Golub-LeVeque correction term);
    ``"welford"``
        one pass, updating the mean and the co-moment
        :math:`M_k = M_{k-1} + (x_k - \bar x_{k-1})(x_k - \bar x_k)^\top`;
    ``"naive"``
        :math:`\big(\sum_i x_i x_i^\top - n \bar x \bar x^\top\big)/(n-\delta)`,
        the one-pass formula :math:`\mathbb E[xx^\top] - \bar x \bar x^\top`,
        which cancels catastrophically when :math:`\abs{\bar x} \gg s` and
        can even return a negative variance. It is here to be shown
        failing, not to be used.

    Columns are rescaled by powers of two first (exact), so values near
    the overflow or underflow threshold are handled.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Samples in rows; a 1-D input is one variable.
    ddof : int, default 1
        The divisor is ``n - ddof``; ``0 <= ddof < n``.
    method : {"two-pass", "welford", "naive"}

    Returns
    -------
    Covariance
        ``mean`` (d,) and ``cov`` (d, d), or floats for a 1-D ``x``.

    Examples
    --------
    >>> res = covariance([[1.0, 2.0], [2.0, 4.0], [3.0, 7.0]])
    >>> res.mean.tolist(), res.cov.tolist()
    ([2.0, 4.333333333333333], [[1.0, 2.5], [2.5, 6.333333333333333]])
    >>> covariance([1e8 + 1, 1e8 + 2, 1e8 + 3], method="welford").cov
    1.0
    """
    data, one_d = _as_data(x)
    n, d = data.shape
    ddof = _count(ddof, "ddof", minimum=0)
    if ddof >= n:
        raise ValueError(
            f"ddof must be < n = {n} (the number of rows of x), got {ddof}"
        )
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    scale = _pow2_scale(np.max(np.abs(data), axis=0))            # (d,)
    xs = data / scale                                            # exact
    algo = {"two-pass": _two_pass, "welford": _welford, "naive": _naive}
    mean, cov = algo[method](xs, ddof)
    with np.errstate(over="ignore"):
        mean = mean * scale
        # one factor at a time: outer(scale, scale) alone can overflow
        cov = (cov * scale[:, None]) * scale[None, :]
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(cov))):
        raise ValueError(
            "x is outside the supported range: its covariance overflows "
            "float64 (entries above about 1e154 in size)"
        )
    if one_d:
        return Covariance(float(mean[0]), float(cov[0, 0]), n)
    return Covariance(mean, cov, n)


def correlation_matrix(x) -> np.ndarray:
    r"""Sample correlation matrix :math:`R = D^{-1/2} C D^{-1/2}`.

    .. math::

        R_{jk} = \frac{C_{jk}}{\sqrt{C_{jj}\,C_{kk}}}, \qquad
        D = \operatorname{diag}(C)

    computed from the two-pass covariance of data rescaled per column (the
    correlation does not change under rescaling), clipped to
    :math:`[-1, 1]`, with an exact unit diagonal.

    Parameters
    ----------
    x : array_like, shape (n, d), n >= 2
        No column may be constant (its correlation is undefined).

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> np.round(correlation_matrix([[1.0, 2.0], [2.0, 4.1], [3.0, 5.9]]),
    ...          4).tolist()
    [[1.0, 0.999], [0.999, 1.0]]
    """
    data = as_float_array(x, "x", ndim=2)
    n, d = data.shape
    if n < 2 or d < 1:
        raise ValueError(f"x must have at least 2 rows and 1 column, got "
                         f"shape {data.shape}")
    xs = data / _pow2_scale(np.max(np.abs(data), axis=0))
    _, c = _two_pass(xs, 1)                                      # (d, d)
    sd = np.sqrt(np.diag(c))                                     # (d,)
    if np.any(sd == 0):
        raise ValueError(
            f"x must not have constant columns, got constant column(s) "
            f"{np.flatnonzero(sd == 0).tolist()}"
        )
    r = np.clip(c / np.outer(sd, sd), -1.0, 1.0)
    np.fill_diagonal(r, 1.0)
    return r


# ------------------------------------------------ multivariate Gaussian
def _symmetric(a: Any, name: str) -> np.ndarray:
    arr = as_float_array(a, name, ndim=2)
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be square, got shape {arr.shape}")
    scale = max(float(np.max(np.abs(arr))), np.finfo(float).tiny)
    with np.errstate(over="ignore"):          # inf gap: not symmetric
        gap = float(np.max(np.abs(arr - arr.T)))
    if gap > SYMMETRY_RTOL * scale:
        raise ValueError(
            f"{name} must be symmetric, got shape {arr.shape} with "
            f"max |{name} - {name}.T| = {gap:.3e}"
        )
    return 0.5 * arr + 0.5 * arr.T            # no overflow near float max


def _cholesky(cov: Any, name: str = "cov") -> np.ndarray:
    """Lower Cholesky factor, computed on a power-of-four rescaling."""
    c = _symmetric(cov, name)
    _, e = np.frexp(np.max(np.abs(c)))
    half = int(e) // 2              # c = 4**half * c', L = 2**half * L'
    try:
        low = np.linalg.cholesky(np.ldexp(c, -2 * half))
    except np.linalg.LinAlgError:
        raise ValueError(
            f"{name} must be positive definite (Cholesky failed for shape "
            f"{c.shape})"
        ) from None
    return np.ldexp(low, half)


def _mean_vector(mean: Any, d: int) -> np.ndarray:
    mu = as_float_array(mean, "mean", ndim=1)
    if mu.shape != (d,):
        raise ValueError(
            f"mean must have shape ({d},) to match cov, got {mu.shape}"
        )
    return mu


def mvn_sample(mean, cov, size: int, rng: np.random.Generator) -> np.ndarray:
    r"""Draw from :math:`\mathcal N(\mu, \Sigma)` through a Cholesky factor.

    .. math::

        \Sigma = L L^\top, \qquad x = \mu + L z, \qquad
        z \sim \mathcal N(0, I) \;\Longrightarrow\;
        \operatorname{Cov}(x) = L\,I\,L^\top = \Sigma

    Parameters
    ----------
    mean : array_like, shape (d,)
    cov : array_like, shape (d, d), symmetric positive definite
    size : int
        Number of draws, >= 1.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (size, d)
        One draw per row.

    Examples
    --------
    >>> x = mvn_sample([0.0, 0.0], [[1.0, 0.8], [0.8, 1.0]], 5,
    ...                np.random.default_rng(0))
    >>> x.shape
    (5, 2)
    """
    low = _cholesky(cov)                                         # (d, d)
    d = low.shape[0]
    mu = _mean_vector(mean, d)
    size = _count(size, "size", maximum=MAX_ELEMENTS // d)
    rng = check_rng(rng)
    z = rng.standard_normal((size, d))                           # (n, d)
    with np.errstate(over="ignore", invalid="ignore"):
        x = mu + z @ low.T                                       # (n, d)
    if not np.all(np.isfinite(x)):
        raise ValueError("mean and cov are outside the supported range: "
                         "the draws overflow float64")
    return x


def _forward_solve(low: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve L y = b for lower-triangular L by back substitution on the
    index-reversed system (reversing rows and columns of L makes it upper
    triangular): the package's own solver, O(d^2) per right-hand side."""
    return linalg.back_substitution(low[::-1, ::-1], b[::-1])[::-1]


def _whitened(x: Any, mean: Any, cov: Any) -> tuple[np.ndarray, np.ndarray,
                                                     np.ndarray, bool]:
    """L^{-1}(x - mu) as (d, m) columns, with scales; and whether 1-D."""
    low = _cholesky(cov)                                         # (d, d)
    d = low.shape[0]
    mu = _mean_vector(mean, d)
    pts = as_float_array(x, "x", ndim=(1, 2))
    if pts.shape[-1] != d:
        raise ValueError(
            f"x must have {d} columns to match cov, got shape {pts.shape}"
        )
    single = pts.ndim == 1
    pts = np.atleast_2d(pts)                                     # (m, d)
    with np.errstate(over="ignore", invalid="ignore"):
        diff = pts - mu                                          # (m, d)
    if not np.all(np.isfinite(diff)):
        raise ValueError("x - mean overflows float64; x and mean are "
                         "outside the supported range")
    # The solve is linear: scale each point by a power of two so that no
    # intermediate overflows, and carry the scale on the side.
    t = _pow2_scale(np.max(np.abs(diff), axis=1))                # (m,)
    with np.errstate(over="ignore", invalid="ignore"):
        y = _forward_solve(low, (diff / t[:, None]).T)           # (d, m)
    if not np.all(np.isfinite(y)):
        raise ValueError("the Mahalanobis distance exceeds the float64 "
                         "range for this x, mean and cov")
    return y, t, low, single


def _column_norms(y: np.ndarray) -> np.ndarray:
    """Euclidean norms of the columns of y without overflow/underflow."""
    m = np.max(np.abs(y), axis=0)                                # (k,)
    safe = np.where(m > 0, m, 1.0)
    return m * np.sqrt(np.sum((y / safe) ** 2, axis=0))


def mahalanobis(x, mean, cov) -> float | np.ndarray:
    r"""Mahalanobis distance, by a triangular solve (never an inverse).

    .. math::

        d_\Sigma(x, \mu) = \sqrt{(x-\mu)^\top \Sigma^{-1} (x-\mu)}
        = \norm{L^{-1}(x - \mu)}_2, \qquad \Sigma = LL^\top

    The triangular solve has the condition number of :math:`L`, which is
    :math:`\sqrt{\kappa(\Sigma)}`; forming :math:`\Sigma^{-1}` works with
    :math:`\kappa(\Sigma)` itself and loses twice as many digits.

    Parameters
    ----------
    x : array_like, shape (d,) or (m, d)
        One point or one point per row.
    mean : array_like, shape (d,)
    cov : array_like, shape (d, d), symmetric positive definite

    Returns
    -------
    float or numpy.ndarray of shape (m,)

    Examples
    --------
    >>> mahalanobis([2.0, 0.0], [0.0, 0.0], [[4.0, 0.0], [0.0, 1.0]])
    1.0
    """
    y, t, _, single = _whitened(x, mean, cov)
    with np.errstate(over="ignore"):
        dist = t * _column_norms(y)                              # (m,)
    if not np.all(np.isfinite(dist)):
        raise ValueError("the Mahalanobis distance exceeds the float64 "
                         "range for this x, mean and cov")
    return float(dist[0]) if single else dist


def mvn_logpdf(x, mean, cov) -> float | np.ndarray:
    r"""Log-density of :math:`\mathcal N(\mu, \Sigma)` through its Cholesky
    factor.

    .. math::

        \log p(x) = -\tfrac12\, d_\Sigma(x,\mu)^2
                    - \sum_{i=1}^{d} \log L_{ii} - \tfrac d2 \log(2\pi)

    since :math:`\log\det\Sigma = 2\sum_i \log L_{ii}`; no determinant is
    formed, so it cannot overflow or underflow.

    Parameters
    ----------
    x : array_like, shape (d,) or (m, d)
    mean : array_like, shape (d,)
    cov : array_like, shape (d, d), symmetric positive definite

    Returns
    -------
    float or numpy.ndarray of shape (m,)

    Examples
    --------
    >>> round(mvn_logpdf([0.0, 0.0], [0.0, 0.0], np.eye(2)), 6)
    -1.837877
    """
    y, t, low, single = _whitened(x, mean, cov)
    with np.errstate(over="ignore"):
        d2 = (t * _column_norms(y)) ** 2                         # (m,)
    if not np.all(np.isfinite(d2)):
        raise ValueError("the log-density is below the float64 range for "
                         "this x, mean and cov")
    d = low.shape[0]
    logdet_half = float(np.sum(np.log(np.diag(low))))
    out = -0.5 * d2 - logdet_half - 0.5 * d * math.log(2.0 * math.pi)
    return float(out[0]) if single else out


# --------------------------------------------------------- principal axes
def _eigh_desc(c: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Eigenpairs (descending) of a symmetric matrix, computed on a
    power-of-two rescaling so that entries near the float range work."""
    scale = float(_pow2_scale(np.max(np.abs(c))))
    dec = spectral.spectral_decomposition(c / scale)
    with np.errstate(over="ignore"):
        lam = dec.eigenvalues * scale
    if not np.all(np.isfinite(lam)):
        raise ValueError(f"{name} is outside the supported range: its "
                         "eigenvalues overflow float64")
    return lam, dec.eigenvectors


def principal_axes(cov) -> PrincipalAxes:
    r"""Principal axes of a covariance: :math:`\Sigma = V \Lambda V^\top`.

    The variance of :math:`v^\top x` is :math:`v^\top \Sigma v`; it is
    largest along the first eigenvector, with value :math:`\lambda_1`, and
    the level sets of the Gaussian density are ellipses with semi-axes
    :math:`\sqrt{\lambda_i}\, v_i`. Signs are fixed so that the largest
    entry of each direction is positive (eigenvectors have no sign).

    Parameters
    ----------
    cov : array_like, shape (d, d), symmetric positive semi-definite

    Returns
    -------
    PrincipalAxes
        ``variances`` (descending) and ``directions`` (columns).

    Examples
    --------
    >>> ax = principal_axes([[1.0, 0.8], [0.8, 1.0]])
    >>> np.round(ax.variances, 6).tolist()
    [1.8, 0.2]
    >>> np.round(ax.directions[:, 0], 6).tolist()
    [0.707107, 0.707107]
    """
    c = _symmetric(cov, "cov")
    lam, vec = _eigh_desc(c, "cov")                              # (d,), (d, d)
    # eigh is backward stable: eigenvalues are accurate to ~ d u ||C||
    tol = 8 * c.shape[0] * np.finfo(float).eps * max(abs(lam[0]),
                                                     abs(lam[-1]))
    if lam[-1] < -tol:
        raise ValueError(
            f"cov must be positive semi-definite, got eigenvalue "
            f"{lam[-1]:.3e}"
        )
    lam = np.maximum(lam, 0.0)
    pick = np.argmax(np.abs(vec), axis=0)                        # (d,)
    signs = np.where(vec[pick, np.arange(vec.shape[1])] < 0, -1.0, 1.0)
    return PrincipalAxes(lam, vec * signs)


def _leading_gap(lam: np.ndarray, name: str) -> float:
    if lam.size < 2:
        raise ValueError(f"{name} must be at least 2 x 2, got {lam.size}")
    gap = float(lam[0] - lam[1])
    if not gap > 1e-12 * lam[0]:
        raise ValueError(
            f"{name} has a repeated largest eigenvalue ({lam[0]:.6g}); "
            "its leading axis is not determined, so no angle bound exists"
        )
    return gap


def axis_angle_sd(cov, n: int) -> float:
    r"""First-order standard deviation of the angle between the leading
    eigenvector of a sample covariance and that of :math:`\Sigma`.

    For :math:`n` Gaussian samples, to first order in
    :math:`\hat\Sigma - \Sigma`,

    .. math::

        \theta \approx \frac{\norm{V_\perp^\top (\hat\Sigma - \Sigma) v_1}}
                            {\lambda_1 - \lambda_k}, \qquad
        \mathbb E[\theta^2] \approx \frac1n \sum_{k \ge 2}
        \frac{\lambda_1 \lambda_k}{(\lambda_1 - \lambda_k)^2}

    (Anderson's asymptotic law for sample eigenvectors); in two dimensions
    :math:`\theta` is approximately normal with standard deviation
    :math:`\sqrt{\lambda_1\lambda_2}/((\lambda_1-\lambda_2)\sqrt n)`.
    The result shrinks like :math:`1/\sqrt n` and blows up as the eigengap
    :math:`\lambda_1 - \lambda_2` closes.

    Parameters
    ----------
    cov : array_like, shape (d, d), d >= 2
        True covariance with :math:`\lambda_1 > \lambda_2`.
    n : int
        Sample size, >= 2.

    Returns
    -------
    float
        The root-mean-square angle predicted, in radians.

    Examples
    --------
    >>> round(axis_angle_sd([[1.0, 0.8], [0.8, 1.0]], 100), 6)
    0.0375
    """
    lam = principal_axes(cov).variances
    _leading_gap(lam, "cov")
    n = _count(n, "n", minimum=2, maximum=10**15)
    lam = lam / lam[0]                 # the ratio is scale free: no overflow
    ratio = lam[1:] / (1.0 - lam[1:]) ** 2                       # (d-1,)
    return math.sqrt(float(np.sum(ratio)) / n)


def davis_kahan_bound(cov, cov_hat) -> float:
    r"""Bound on :math:`\sin\theta` between leading eigenvectors.

    For symmetric :math:`\Sigma` with eigengap
    :math:`\lambda_1 > \lambda_2` and any symmetric :math:`\hat\Sigma`,
    the Yu-Wang-Samworth variant of the Davis-Kahan theorem gives

    .. math::

        \sin\theta(\hat v_1, v_1) \le
        \frac{2\,\norm{\hat\Sigma - \Sigma}_2}{\lambda_1 - \lambda_2}

    (capped at 1). It holds for every perturbation, random or not.

    Parameters
    ----------
    cov : array_like, shape (d, d)
        The reference matrix, with a simple largest eigenvalue.
    cov_hat : array_like, shape (d, d)
        The perturbed symmetric matrix.

    Returns
    -------
    float

    Examples
    --------
    >>> davis_kahan_bound([[2.0, 0.0], [0.0, 1.0]], [[2.0, 0.1], [0.1, 1.0]])
    0.2
    """
    c = _symmetric(cov, "cov")
    c_hat = _symmetric(cov_hat, "cov_hat")
    if c_hat.shape != c.shape:
        raise ValueError(
            f"cov_hat must have shape {c.shape} like cov, got {c_hat.shape}"
        )
    lam, _ = _eigh_desc(c, "cov")
    gap = _leading_gap(lam, "cov")
    with np.errstate(over="ignore"):
        diff = c_hat - c
    if not np.all(np.isfinite(diff)):
        raise ValueError("cov_hat - cov overflows float64")
    s = float(_pow2_scale(np.max(np.abs(diff))))
    err = s * float(np.linalg.norm(diff / s, 2))
    return min(1.0, 2.0 * err / gap)


def _leading_axes(low: np.ndarray, n: int, n_rep: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Leading eigenvectors of n_rep sample covariances of N(0, L L^T)."""
    d = low.shape[0]
    out = np.empty((n_rep, d))
    block = max(1, 2**21 // (n * d))          # ~16 MB of draws per block
    for start in range(0, n_rep, block):
        b = min(block, n_rep - start)
        x = rng.standard_normal((b, n, d)) @ low.T               # (b, n, d)
        xc = x - x.mean(axis=1, keepdims=True)
        s = np.matmul(xc.transpose(0, 2, 1), xc) / (n - 1)       # (b, d, d)
        _, vecs = np.linalg.eigh(s)                              # ascending
        out[start:start + b] = vecs[:, :, -1]                    # (b, d)
    pick = np.argmax(np.abs(out), axis=1)                        # (R,)
    signs = np.where(out[np.arange(n_rep), pick] < 0, -1.0, 1.0)
    return out * signs[:, None]


def sample_leading_axes(cov, n: int, n_rep: int,
                        rng: np.random.Generator) -> np.ndarray:
    r"""Leading principal axes of ``n_rep`` independent samples.

    Each replicate draws :math:`x_1, \dots, x_n \sim \mathcal N(0,
    \Sigma)` through the Cholesky factor, forms the two-pass sample
    covariance :math:`C` and returns its leading unit eigenvector
    :math:`\hat v_1` (largest entry made positive). With an eigengap the
    rows cluster around :math:`v_1` with spread
    :func:`axis_angle_sd`; with :math:`\Sigma = cI` their directions are
    uniformly distributed, because the law of :math:`C` is then invariant
    under rotations.

    Parameters
    ----------
    cov : array_like, shape (d, d), symmetric positive definite
    n : int
        Sample size per replicate, >= d + 1.
    n_rep : int
        Number of replicates, >= 1.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (n_rep, d)
        One unit vector per row.

    Examples
    --------
    >>> v = sample_leading_axes([[1.0, 0.8], [0.8, 1.0]], 500, 3,
    ...                         np.random.default_rng(0))
    >>> v.shape, bool(np.allclose(np.linalg.norm(v, axis=1), 1.0))
    ((3, 2), True)
    """
    low = _cholesky(cov)                                         # (d, d)
    d = low.shape[0]
    n = _count(n, "n", minimum=d + 1)
    n_rep = _count(n_rep, "n_rep")
    rng = check_rng(rng)
    if n_rep * n * d > 10 * MAX_ELEMENTS:
        raise ValueError(f"n_rep * n * d = {n_rep * n * d:,} draws is too "
                         f"large (limit {10 * MAX_ELEMENTS:,})")
    return _leading_axes(low, n, n_rep, rng)


def axis_angle_study(cov, ns, n_rep: int,
                     rng: np.random.Generator) -> AxisAngleStudy:
    r"""Measure how the sample's leading axis approaches the true one.

    For each :math:`n` in ``ns``, draw ``n_rep`` independent Gaussian
    samples :math:`x_1, \dots, x_n \sim \mathcal N(0, \Sigma)`, compute
    the two-pass sample covariance, and record the angle :math:`\theta`
    between its leading eigenvector and that of :math:`\Sigma`. Reports
    :math:`\sqrt{\overline{\theta^2}}`, its Monte Carlo standard error
    (delta method) and the prediction :func:`axis_angle_sd`.

    Parameters
    ----------
    cov : array_like, shape (d, d), positive definite, simple top eigenvalue
    ns : array_like of int
        Strictly increasing sample sizes, each >= d + 1.
    n_rep : int
        Replicates per sample size, >= 2.
    rng : numpy.random.Generator

    Returns
    -------
    AxisAngleStudy

    Examples
    --------
    >>> st = axis_angle_study([[1.0, 0.8], [0.8, 1.0]], np.array([100, 400]),
    ...                       200, np.random.default_rng(1))
    >>> st.rms.shape, bool(np.all(st.rms < 0.1))
    ((2,), True)
    """
    low = _cholesky(cov)                                         # (d, d)
    d = low.shape[0]
    c = _symmetric(cov, "cov")
    axes = principal_axes(c)
    _leading_gap(axes.variances, "cov")
    v1 = axes.directions[:, 0]                                   # (d,)
    ns = check_increasing_sizes(ns, "ns", 10**7)
    if ns[0] < d + 1:
        raise ValueError(f"ns must start at >= d + 1 = {d + 1}, got {ns[0]}")
    n_rep = _count(n_rep, "n_rep", minimum=2)
    rng = check_rng(rng)
    if n_rep * int(ns.sum()) * d > 10 * MAX_ELEMENTS:
        raise ValueError(
            f"n_rep * sum(ns) * d = {n_rep * int(ns.sum()) * d:,} draws is "
            f"too large (limit {10 * MAX_ELEMENTS:,})"
        )
    rms, rms_se, pred = [], [], []
    for n in ns.tolist():
        top = _leading_axes(low, n, n_rep, rng)                  # (R, d)
        theta2 = spectral.angle_between_lines(top, v1) ** 2      # (R,)
        m = float(theta2.mean())
        rms.append(math.sqrt(m))
        # delta method: se(sqrt(m)) = se(m) / (2 sqrt(m))
        rms_se.append(float(theta2.std(ddof=1)) / math.sqrt(n_rep)
                      / (2.0 * math.sqrt(m)) if m > 0 else 0.0)
        pred.append(axis_angle_sd(c, n))
    return AxisAngleStudy(ns, np.array(rms), np.array(rms_se),
                          np.array(pred), n_rep)


# ----------------------------------------------------------- concentration
def _bounds(low: Any, high: Any) -> float:
    a = _real_scalar(low, "low")
    b = _real_scalar(high, "high")
    if not b > a:
        raise ValueError(f"high must be > low, got low={a!r}, high={b!r}")
    width = b - a
    if not math.isfinite(width):
        raise ValueError(f"high - low overflows, got low={a!r}, high={b!r}")
    return width


def hoeffding_bound(n, eps: float, low: float = 0.0,
                    high: float = 1.0) -> np.ndarray:
    r"""Hoeffding's bound on :math:`P(\abs{\bar X_n - \mu} \ge \varepsilon)`.

    For independent :math:`X_i` with values in :math:`[a, b]`,

    .. math::

        P\big(\abs{\bar X_n - \mu} \ge \varepsilon\big)
        \le 2\exp\!\Big(-\frac{2 n \varepsilon^2}{(b-a)^2}\Big)

    (capped at 1). It decays exponentially in :math:`n`, where Chebyshev's
    bound decays like :math:`1/n`.

    Parameters
    ----------
    n : array_like
        Sample sizes, >= 1.
    eps : float
        Tolerance, > 0.
    low, high : float
        The range :math:`[a, b]` of one draw, ``low < high``.

    Returns
    -------
    numpy.ndarray, shape of ``n``

    Examples
    --------
    >>> np.round(hoeffding_bound([100, 1000], 0.1), 6).tolist()
    [0.270671, 0.0]
    """
    n = _positive_sizes(n, "n")
    eps = _real_scalar(eps, "eps", low=0.0, open_low=True)
    width = _bounds(low, high)
    r = eps / width
    with np.errstate(over="ignore"):          # exponent -inf: bound 0
        return np.minimum(1.0, 2.0 * np.exp(-2.0 * n * r * r))


def hoeffding_radius(n, alpha: float, low: float = 0.0,
                     high: float = 1.0) -> np.ndarray:
    r"""Half-width that Hoeffding's inequality guarantees at level alpha.

    .. math::

        \varepsilon_\alpha(n) = (b - a)\sqrt{\frac{\log(2/\alpha)}{2n}},
        \qquad
        P\big(\abs{\bar X_n - \mu} \ge \varepsilon_\alpha(n)\big) \le \alpha

    Valid at every :math:`n`, not only asymptotically.

    Parameters
    ----------
    n : array_like
        Sample sizes, >= 1.
    alpha : float
        Error probability in (0, 1).
    low, high : float
        Range of one draw.

    Returns
    -------
    numpy.ndarray, shape of ``n``

    Examples
    --------
    >>> round(float(hoeffding_radius(10_000, 0.05)), 6)
    0.013581
    """
    n = _positive_sizes(n, "n")
    alpha = _real_scalar(alpha, "alpha", low=0.0, high=1.0, open_low=True,
                         open_high=True)
    width = _bounds(low, high)
    return width * np.sqrt((math.log(2.0) - math.log(alpha)) / 2.0 / n)


def lil_envelope(n, sigma: float = 1.0) -> np.ndarray:
    r"""The iterated-logarithm envelope :math:`\sigma\sqrt{2\log\log n/n}`.

    For iid draws with finite variance :math:`\sigma^2 > 0`, almost surely

    .. math::

        \limsup_{n\to\infty}
        \frac{\bar X_n - \mu}{\sigma\sqrt{2\log\log n / n}} = 1 ,

    so a path of running means crosses :math:`(1-\varepsilon)` times the
    envelope infinitely often and :math:`(1+\varepsilon)` times it only
    finitely often.

    Parameters
    ----------
    n : array_like
        Sample sizes, >= 3 (so that :math:`\log\log n > 0`).
    sigma : float, default 1.0, > 0

    Returns
    -------
    numpy.ndarray, shape of ``n``

    Examples
    --------
    >>> round(float(lil_envelope(10**6)), 6)
    0.002292
    """
    n = as_float_array(n, "n")
    if np.any(n < 3):
        raise ValueError(f"n must be >= 3, got min {n.min()!r}")
    sigma = _real_scalar(sigma, "sigma", low=0.0, open_low=True)
    return sigma * np.sqrt(2.0 * np.log(np.log(n)) / n)


# ---------------------------------------------------------- the CLT
def bernoulli_clt_sample(n: int, p: float, n_rep: int,
                         rng: np.random.Generator) -> CLTSample:
    r"""Standardised errors of ``n_rep`` independent Bernoulli means.

    The sum of :math:`n` iid Bernoulli(:math:`p`) draws is
    Binomial(:math:`n, p`), so each mean is drawn exactly as one binomial
    count :math:`S`, and

    .. math::

        Z = \frac{\sqrt n(\bar X_n - p)}{\sigma}
          = \frac{S - np}{\sqrt{np(1-p)}}, \qquad \sigma^2 = p(1-p).

    :math:`Z` lives on a lattice with spacing
    :math:`h = 1/(\sigma\sqrt n)`: a histogram of it must use bins that
    hold equally many lattice points (:func:`lattice_bin_edges`).

    Parameters
    ----------
    n : int
        Draws per mean, >= 1.
    p : float
        Success probability in (0, 1).
    n_rep : int
        Number of independent means, >= 1.
    rng : numpy.random.Generator

    Returns
    -------
    CLTSample

    Examples
    --------
    >>> s = bernoulli_clt_sample(100, 0.5, 3, np.random.default_rng(0))
    >>> s.z.shape, s.spacing
    ((3,), 0.2)
    """
    n = _count(n, "n", maximum=10**15)
    p = _real_scalar(p, "p", low=0.0, high=1.0, open_low=True,
                     open_high=True)
    n_rep = _count(n_rep, "n_rep", maximum=MAX_ELEMENTS)
    rng = check_rng(rng)
    sd = math.sqrt(n * p * (1.0 - p))
    counts = rng.binomial(n, p, size=n_rep)                      # (R,)
    return CLTSample((counts - n * p) / sd, 1.0 / sd, n, p)


def lattice_bin_edges(sample: CLTSample, per_bin: int = 4) -> np.ndarray:
    r"""Histogram edges for a lattice variable: ``per_bin`` values per bin.

    The values of :math:`Z` are :math:`z_k = (k - np)/\sigma_S` for
    integer counts :math:`k`. Edges sit half-way between lattice points,
    at :math:`z_{k - 1/2}`, and every bin holds exactly ``per_bin`` of
    them, so no bar is inflated by holding one lattice point more than
    its neighbours.

    Parameters
    ----------
    sample : CLTSample
        From :func:`bernoulli_clt_sample`.
    per_bin : int, default 4
        Lattice points per bin, >= 1.

    Returns
    -------
    numpy.ndarray, shape (B + 1,)
        Increasing edges covering every value of ``sample.z``.

    Examples
    --------
    >>> s = CLTSample(np.array([-0.2, 0.0, 0.4]), 0.2, 100, 0.5)
    >>> np.round(lattice_bin_edges(s, per_bin=2), 6).tolist()
    [-0.3, 0.1, 0.5]
    """
    if not isinstance(sample, CLTSample):
        raise TypeError(
            f"sample must be a CLTSample, got {type(sample).__name__}"
        )
    per_bin = _count(per_bin, "per_bin", maximum=10**6)
    z = as_float_array(sample.z, "sample.z", ndim=1)
    h = _real_scalar(sample.spacing, "sample.spacing", low=0.0,
                     open_low=True)
    # lattice index of each value relative to the smallest one
    with np.errstate(over="ignore"):
        span = (z.max() - z.min()) / h
    if not span <= 1e6 * per_bin:
        raise ValueError(
            f"sample.z spans {span:.3g} lattice steps; with per_bin="
            f"{per_bin} that is more than 10**6 bins")
    k = np.rint((z - z.min()) / h)                                # (R,)
    n_bins = int(k.max()) // per_bin + 1
    return z.min() + h * (np.arange(n_bins + 1) * per_bin - 0.5)


# ---------------------------------------------------- conditional probability
def diagnostic_posterior(prevalence: float, sensitivity: float,
                         specificity: float) -> Diagnostic:
    r"""What a positive or negative test says about the condition.

    With :math:`\pi` = prevalence, sensitivity :math:`P(+ \mid D)` and
    specificity :math:`P(- \mid \bar D)`, Bayes' rule gives

    .. math::

        P(+) = \mathrm{sens}\,\pi + (1-\mathrm{spec})(1-\pi), \qquad
        P(D \mid +) = \frac{\mathrm{sens}\,\pi}{P(+)}, \qquad
        P(\bar D \mid -) = \frac{\mathrm{spec}\,(1-\pi)}{1 - P(+)} .

    Parameters
    ----------
    prevalence : float in (0, 1)
    sensitivity, specificity : float in [0, 1]

    Returns
    -------
    Diagnostic
        ``ppv`` (positive predictive value), ``npv`` and ``p_positive``.

    Examples
    --------
    >>> round(diagnostic_posterior(0.01, 0.99, 0.95).ppv, 4)
    0.1667
    """
    prev = _real_scalar(prevalence, "prevalence", low=0.0, high=1.0,
                        open_low=True, open_high=True)
    sens = _real_scalar(sensitivity, "sensitivity", low=0.0, high=1.0)
    spec = _real_scalar(specificity, "specificity", low=0.0, high=1.0)
    true_pos = sens * prev
    false_pos = (1.0 - spec) * (1.0 - prev)
    true_neg = spec * (1.0 - prev)
    false_neg = (1.0 - sens) * prev
    if true_pos + false_pos == 0 or true_neg + false_neg == 0:
        raise ValueError(
            "sensitivity and specificity make one test result impossible "
            f"(sensitivity={sens!r}, specificity={spec!r}); its predictive "
            "value is undefined"
        )
    p_pos = true_pos + false_pos
    return Diagnostic(true_pos / p_pos, true_neg / (true_neg + false_neg),
                      p_pos)


def simulate_diagnostic(prevalence: float, sensitivity: float,
                        specificity: float, n: int,
                        rng: np.random.Generator) -> MCEstimate:
    r"""Estimate :math:`P(D \mid +)` by simulating ``n`` people.

    Each person has the condition with probability ``prevalence``; the
    test is positive with probability ``sensitivity`` if they have it and
    ``1 - specificity`` if not. The estimate is the fraction with the
    condition among those who tested positive, a frequency over the
    positives only, so its standard error uses their number.

    Parameters
    ----------
    prevalence : float in (0, 1)
    sensitivity, specificity : float in [0, 1]
    n : int
        Population size, >= 1.
    rng : numpy.random.Generator

    Returns
    -------
    MCEstimate
        ``n`` is the number of positives.

    Raises
    ------
    ValueError
        If nobody tests positive (increase ``n``).

    Examples
    --------
    >>> est = simulate_diagnostic(0.01, 0.99, 0.95, 100_000,
    ...                           np.random.default_rng(0))
    >>> abs(est.estimate - 0.1667) < 4 * est.se
    True
    """
    diagnostic_posterior(prevalence, sensitivity, specificity)   # validate
    n = _count(n, "n", maximum=MAX_ELEMENTS)
    rng = check_rng(rng)
    sick = rng.random(n) < prevalence                            # (n,)
    u = rng.random(n)                                            # (n,)
    positive = np.where(sick, u < sensitivity, u < 1.0 - specificity)
    if not np.any(positive):
        raise ValueError(f"nobody of n={n:,} tested positive; increase n")
    return mc_frequency(sick[positive])


# ------------------------------------------------------------ bootstrap
def _statistic_values(statistic: Callable, batch: np.ndarray,
                      b: int) -> np.ndarray:
    try:
        # an overflowing statistic returns inf, refused below, not a warning
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = np.asarray(statistic(batch, axis=1))
    except TypeError as exc:
        raise TypeError(
            "statistic must accept (array, axis=1) like np.mean or "
            f"np.median: {exc}"
        ) from None
    if out.shape != (b,) or out.dtype.kind not in "iuf":
        raise ValueError(
            f"statistic must return one real value per row, shape ({b},), "
            f"got dtype {out.dtype} and shape {out.shape}"
        )
    out = out.astype(np.float64)
    if not np.all(np.isfinite(out)):
        raise ValueError("statistic returned NaN or inf")
    return out


def bootstrap_percentile_ci(x, rng: np.random.Generator, *,
                            statistic: Callable = np.mean,
                            level: float = 0.95,
                            n_boot: int = 2000) -> BootstrapCI:
    r"""Percentile bootstrap confidence interval for a statistic.

    Resample the data with replacement :math:`B` times,
    :math:`x^{*b} = (x_{I_{b1}}, \dots, x_{I_{bn}})` with
    :math:`I_{bj}` uniform on :math:`\{1, \dots, n\}`, compute
    :math:`\hat\theta^{*b} = T(x^{*b})`, and report

    .. math::

        \big[\hat\theta^{*}_{(\alpha/2)},\ \hat\theta^{*}_{(1-\alpha/2)}\big],
        \qquad \alpha = 1 - \text{level},

    the empirical quantiles of the replicates. The coverage is only
    approximately the nominal level; check it (:func:`bootstrap_coverage`).

    Parameters
    ----------
    x : array_like, shape (n,), n >= 2
    rng : numpy.random.Generator
    statistic : callable, default numpy.mean
        ``statistic(array, axis=1)`` returns one value per row.
    level : float, default 0.95, in (0, 1)
    n_boot : int, default 2000, >= 10

    Returns
    -------
    BootstrapCI

    Examples
    --------
    >>> ci = bootstrap_percentile_ci(np.arange(20.0),
    ...                              np.random.default_rng(0), n_boot=500)
    >>> bool(ci.low < ci.estimate < ci.high), ci.replicates.shape
    (True, (500,))
    """
    data = as_float_array(x, "x", ndim=1)
    if data.size < 2:
        raise ValueError(f"x must hold at least 2 values, got shape "
                         f"{data.shape}")
    rng = check_rng(rng)
    _check_callable(statistic, "statistic")
    level = _real_scalar(level, "level", low=0.0, high=1.0, open_low=True,
                         open_high=True)
    n_boot = _count(n_boot, "n_boot", minimum=10, maximum=10**7)
    n = data.size
    if n_boot * n > 10 * MAX_ELEMENTS:
        raise ValueError(f"n_boot * n = {n_boot * n:,} is too large")
    estimate = float(_statistic_values(statistic, data[None, :], 1)[0])
    reps = np.empty(n_boot)
    block = max(1, 2**21 // n)
    for start in range(0, n_boot, block):
        b = min(block, n_boot - start)
        idx = rng.integers(0, n, size=(b, n))                    # (b, n)
        reps[start:start + b] = _statistic_values(statistic, data[idx], b)
    alpha = 1.0 - level
    low, high = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    return BootstrapCI(estimate, float(low), float(high), reps)


def bootstrap_coverage(dist: str, true_value: float, n: int, n_rep: int,
                       rng: np.random.Generator, *,
                       statistic: Callable = np.mean, level: float = 0.95,
                       n_boot: int = 1000, **params: float) -> MCEstimate:
    r"""How often the percentile bootstrap interval covers the truth.

    Repeat ``n_rep`` times: draw :math:`n` iid values from ``dist`` (see
    :func:`execmath.prob.draw`), build the percentile interval of
    :func:`bootstrap_percentile_ci` (the same resampling, done for a block
    of data sets at once), and record whether it contains
    ``true_value``. The coverage frequency comes with its binomial
    standard error :math:`\sqrt{\hat c(1-\hat c)/R}`.

    Parameters
    ----------
    dist : str
        A distribution name known to :func:`execmath.prob.draw`.
    true_value : float
        The value of the estimated quantity under ``dist``.
    n : int
        Sample size, >= 2.
    n_rep : int
        Number of simulated data sets, >= 1.
    rng : numpy.random.Generator
    statistic, level, n_boot
        As in :func:`bootstrap_percentile_ci`.
    **params : float
        Parameters of ``dist``.

    Returns
    -------
    MCEstimate
        Coverage frequency, its standard error and ``n_rep``.

    Examples
    --------
    >>> cov = bootstrap_coverage("normal", 0.0, 30, 50,
    ...                          np.random.default_rng(0), n_boot=200)
    >>> 0.7 < cov.estimate <= 1.0
    True
    """
    true_value = _real_scalar(true_value, "true_value")
    n = _count(n, "n", minimum=2)
    n_rep = _count(n_rep, "n_rep", maximum=10**6)
    n_boot = _count(n_boot, "n_boot", minimum=10, maximum=10**7)
    if n_rep * n_boot * n > 100 * MAX_ELEMENTS:
        raise ValueError(
            f"n_rep * n_boot * n = {n_rep * n_boot * n:,} is too large"
        )
    rng = check_rng(rng)
    _check_callable(statistic, "statistic")
    level = _real_scalar(level, "level", low=0.0, high=1.0, open_low=True,
                         open_high=True)
    data = prob.draw(dist, (n_rep, n), rng, **params)            # (R, n)
    alpha = 1.0 - level
    hits = np.empty(n_rep, dtype=bool)
    # all resamples of a block of data sets at once: (b, B, n) indices,
    # one statistic call on the (b * B, n) stack
    block = max(1, 2**21 // (n_boot * n))
    for start in range(0, n_rep, block):
        b = min(block, n_rep - start)
        idx = rng.integers(0, n, size=(b, n_boot, n))            # (b, B, n)
        rows = np.arange(start, start + b)[:, None, None]        # (b, 1, 1)
        stack = data[rows, idx].reshape(b * n_boot, n)           # (b*B, n)
        reps = _statistic_values(statistic, stack, b * n_boot)
        lo, hi = np.quantile(reps.reshape(b, n_boot),
                             [alpha / 2, 1 - alpha / 2], axis=1)  # (b,), (b,)
        hits[start:start + b] = (lo <= true_value) & (true_value <= hi)
    return mc_frequency(hits)
