"""Tests for execmath.distributions against independent oracles.

Oracles: scipy.stats (logpdf/logpmf, mean, var, std, kurtosis, ppf, cdf,
fit), scipy.integrate.quad (densities integrate to 1), scipy.optimize
(numerical maximum likelihood), scipy.special.logsumexp, mpmath at 40+
digits (log-gamma, far tails, the running log-likelihood).

Tolerances. A log-density is a sum of a few rounded terms (logs, log-gamma,
products); its absolute error is at most a small multiple of u = 2**-53
times the sum of the terms' magnitudes, ``SCALE`` below, and 32 u * SCALE
leaves room for SciPy's own rounding (scipy.special functions are accurate
to a few ulp). Monte Carlo checks use z = 4 standard errors (a false alarm
probability below 1e-4 per check) with the standard error computed from
the exact moments.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats
from scipy import special as sp

from execmath import distributions as dist
from execmath import prob

U = 2.0**-53
Z = 4.0                          # Monte Carlo tolerance in standard errors
MIX = ([0.3, 0.7], [-2.0, 1.5], [0.6, 1.0])   # the figure's mixture
FIG_SEED, FIG_N = 0, 1000        # the figure's data (chapter 12)
PER_TERM = 24                    # per-sample relative error bound, units u


def rng(seed=0):
    return np.random.default_rng(seed)


def mixture_data(seed, n=FIG_N):
    g = rng(seed)
    comp = dist.sample("categorical", n, g, probs=MIX[0])
    return g.normal(np.array(MIX[1])[comp], np.array(MIX[2])[comp])


def scipy_frozen(family, **q):
    """The scipy.stats distribution with the same parametrisation."""
    return {
        "bernoulli": lambda: stats.bernoulli(q.get("p")),
        "binomial": lambda: stats.binom(q.get("n"), q.get("p")),
        "poisson": lambda: stats.poisson(q.get("lam")),
        "normal": lambda: stats.norm(q.get("mu"), q.get("sigma")),
        "gamma": lambda: stats.gamma(q.get("shape"), scale=q.get("scale")),
        "beta": lambda: stats.beta(q.get("a"), q.get("b")),
        "exponential": lambda: stats.expon(scale=1 / q.get("rate", 1.0)),
        "lognormal": lambda: stats.lognorm(q.get("sigma"),
                                           scale=math.exp(q.get("mu", 0.0))),
    }[family]()


CASES = [
    ("bernoulli", {"p": 0.3}, [0, 1]),
    ("binomial", {"n": 40, "p": 0.35}, np.arange(0, 41)),
    ("poisson", {"lam": 6.5}, np.arange(0, 60)),
    ("normal", {"mu": -1.0, "sigma": 2.5}, np.linspace(-30, 30, 41)),
    ("gamma", {"shape": 2.5, "scale": 1.5}, np.linspace(0.01, 60, 41)),
    ("beta", {"a": 2.0, "b": 0.7}, np.linspace(0.001, 0.999, 41)),
    ("exponential", {"rate": 0.4}, np.linspace(0, 200, 41)),
    ("lognormal", {"mu": 0.3, "sigma": 0.8}, np.linspace(0.01, 40, 41)),
]


# ------------------------------------------------------------ log-densities

class TestLogDensityVsScipy:
    @pytest.mark.parametrize("family, q, x", CASES)
    def test_matches_scipy(self, family, q, x):
        got = dist.logpdf(family, x, **q)
        ref = scipy_frozen(family, **q).logpdf(x) if family not in (
            "bernoulli", "binomial", "poisson") else \
            scipy_frozen(family, **q).logpmf(x)
        # |error| <= 32 u (|ref| + sum of term sizes); 60 bounds the term
        # sizes here (log-gammas of arguments <= 60, x / scale <= 200).
        np.testing.assert_allclose(got, ref, rtol=32 * U, atol=32 * U * 200)

    @given(st.floats(0.05, 50), st.floats(0.05, 50),
           st.floats(1e-6, 1 - 1e-6))
    def test_beta_property(self, a, b, x):
        got = float(dist.beta_logpdf(x, a, b))
        ref = stats.beta.logpdf(x, a, b)
        scale = abs(a * math.log(x)) + abs(b * math.log1p(-x)) + abs(
            sp.betaln(a, b)) + 1
        assert abs(got - ref) <= 32 * U * scale

    @given(st.floats(0.05, 100), st.floats(0.01, 100), st.floats(1e-3, 1e3))
    def test_gamma_property(self, k, theta, x):
        got = float(dist.gamma_logpdf(x, k, theta))
        ref = stats.gamma.logpdf(x, k, scale=theta)
        scale = abs((k - 1) * math.log(x)) + x / theta + abs(
            sp.gammaln(k)) + abs(k * math.log(theta)) + 1
        assert abs(got - ref) <= 32 * U * scale

    @given(st.integers(0, 10**6), st.floats(1e-3, 1e6))
    def test_poisson_property(self, k, lam):
        got = float(dist.poisson_logpmf(k, lam))
        ref = stats.poisson.logpmf(k, lam)
        scale = abs(k * math.log(lam)) + lam + sp.gammaln(k + 1) + 1
        assert abs(got - ref) <= 32 * U * scale

    @given(st.integers(1, 10**6), st.floats(0, 1), st.floats(0, 1))
    def test_binomial_property(self, n, p, frac):
        k = int(frac * n)
        got = float(dist.binomial_logpmf(k, n, p))
        ref = stats.binom.logpmf(k, n, p)
        if not np.isfinite(ref):
            assert got == ref == -np.inf
            return
        scale = n * (abs(math.log(n + 1)) + 1) + abs(ref)
        if 0 < p < 1:
            scale += abs(k * math.log(p)) + abs((n - k) * math.log1p(-p))
        assert abs(got - ref) <= 32 * U * scale

    def test_categorical(self):
        probs = np.array([0.1, 0.0, 0.6, 0.3])
        got = dist.categorical_logpmf([0, 1, 2, 3, 4, -1], probs)
        with np.errstate(divide="ignore"):
            ref = np.r_[np.log(probs), -np.inf, -np.inf]
        np.testing.assert_array_equal(got, ref)

    def test_shape_preserved(self):
        x = np.linspace(0.1, 2, 6).reshape(2, 3)
        for family, q, _ in CASES:
            if FAMILY_IS_DISCRETE(family):
                continue
            assert dist.logpdf(family, x, **q).shape == (2, 3)
        assert dist.poisson_logpmf(np.arange(6).reshape(3, 2), 1.0).shape == (3, 2)


def FAMILY_IS_DISCRETE(family):
    return dist.FAMILIES[family]["discrete"]


class TestLogSpaceBeatsNaive:
    def test_binomial_where_the_coefficient_overflows(self):
        # C(2000, 1000) ~ 2e600 overflows float64, the log-mass is ~ -4.03.
        with mpmath.workdps(50):
            ref = float(mpmath.log(mpmath.binomial(2000, 1000))
                        + 2000 * mpmath.log(mpmath.mpf(0.5)))
        got = float(dist.binomial_logpmf(1000, 2000, 0.5))
        # log C is ~1386 before it cancels against 2000 log 2: 32 u * 1386.
        assert abs(got - ref) <= 32 * U * 1400
        with pytest.raises(OverflowError):
            float(math.comb(2000, 1000))

    @pytest.mark.parametrize("x", [40.0, 1e3, 1e10, -1e100])
    def test_normal_far_tail_matches_mpmath(self, x):
        with mpmath.workdps(50):
            ref = float(-mpmath.mpf(x) ** 2 / 2 - mpmath.log(2 * mpmath.pi) / 2)
        got = float(dist.normal_logpdf(x))
        assert abs(got - ref) <= 4 * U * abs(ref)

    def test_poisson_large_count_vs_mpmath(self):
        k, lam = 10**5, 10**5 + 300.0
        with mpmath.workdps(50):
            ref = float(k * mpmath.log(lam) - lam - mpmath.loggamma(k + 1))
        got = float(dist.poisson_logpmf(k, lam))
        # cancellation of three terms of size k log k ~ 1.2e6 (see Notes)
        assert abs(got - ref) <= 32 * U * 1.2e6 * 3

    def test_bernoulli_tiny_p_keeps_log1p_accuracy(self):
        got = float(dist.bernoulli_logpmf(0, 1e-20))
        assert got == -1e-20          # log1p(-p) = -p to within u


class TestSupport:
    def test_outside_support_is_minus_inf(self):
        assert dist.gamma_logpdf(-1.0, 2.0)[()] == -np.inf
        assert dist.beta_logpdf(1.5, 2.0, 2.0)[()] == -np.inf
        assert dist.exponential_logpdf(-1e-300)[()] == -np.inf
        assert dist.lognormal_logpdf(0.0)[()] == -np.inf
        assert dist.poisson_logpmf(-3, 1.0)[()] == -np.inf
        assert dist.binomial_logpmf(11, 10, 0.5)[()] == -np.inf

    def test_boundaries(self):
        # gamma shape 1 = exponential: density 1/theta at 0
        assert float(dist.gamma_logpdf(0.0, 1.0, 2.0)) == pytest.approx(
            -math.log(2.0), rel=4 * U)
        assert dist.gamma_logpdf(0.0, 3.0)[()] == -np.inf
        assert float(dist.beta_logpdf(1.0, 2.0, 1.0)) == pytest.approx(
            math.log(2.0), rel=4 * U)
        with pytest.raises(ValueError, match="^x hits a support endpoint"):
            dist.gamma_logpdf([1.0, 0.0], 0.5)
        with pytest.raises(ValueError, match="^x hits a support endpoint"):
            dist.beta_logpdf(1.0, 2.0, 0.5)

    def test_degenerate_bernoulli_binomial(self):
        np.testing.assert_array_equal(dist.bernoulli_logpmf([0, 1], 0.0),
                                      [0.0, -np.inf])
        np.testing.assert_array_equal(dist.binomial_logpmf([9, 10], 10, 1.0),
                                      [-np.inf, 0.0])

    def test_unrepresentable_log_density_raises(self):
        with pytest.raises(ValueError, match="^x, mu, sigma: some log-dens"):
            dist.normal_logpdf(1e200)
        with pytest.raises(ValueError, match="^x, rate: some log-density"):
            dist.exponential_logpdf(1e308, rate=10.0)
        with pytest.raises(ValueError, match="^k, lam: some log-density"):
            dist.poisson_logpmf(1e307, 1.0)
        with pytest.raises(ValueError, match="^x: k, lam: some log-density"):
            dist.logpdf("poisson", 1e307, lam=1.0)
        # x - mu overflows, (x - mu) / sigma does not
        got = float(dist.normal_logpdf(1e308, -1e308, 1e300))
        assert got == pytest.approx(-2e16 - math.log(1e300)
                                    - 0.5 * math.log(2 * math.pi), rel=4 * U)


# ------------------------------------------------------------ normalisation

class TestIntegratesToOne:
    @given(st.floats(-5, 5), st.floats(0.1, 10))
    @settings(max_examples=25)
    def test_normal(self, mu, sigma):
        val, err = integrate.quad(lambda t: float(np.exp(
            dist.normal_logpdf(t, mu, sigma))), -np.inf, np.inf)
        assert abs(val - 1) <= 10 * err + 1e-9

    @given(st.floats(1, 20), st.floats(0.1, 5))
    @settings(max_examples=25)
    def test_gamma(self, k, theta):
        val, err = integrate.quad(lambda t: float(dist.pdf(
            "gamma", t, shape=k, scale=theta)), 0, np.inf)
        assert abs(val - 1) <= 10 * err + 1e-9

    @given(st.floats(1, 20), st.floats(1, 20))
    @settings(max_examples=25)
    def test_beta(self, a, b):
        val, err = integrate.quad(lambda t: float(dist.pdf(
            "beta", t, a=a, b=b)), 0, 1)
        assert abs(val - 1) <= 10 * err + 1e-9

    @given(st.floats(-2, 2), st.floats(0.1, 1.5))
    @settings(max_examples=25)
    def test_lognormal(self, mu, sigma):
        val, err = integrate.quad(lambda t: float(dist.pdf(
            "lognormal", t, mu=mu, sigma=sigma)), 0, np.inf, limit=200)
        assert abs(val - 1) <= 10 * err + 1e-9

    @given(st.floats(0.1, 200))
    @settings(max_examples=25)
    def test_poisson_sums_to_one(self, lam):
        k = np.arange(0, int(lam + 40 * math.sqrt(lam) + 40))
        total = math.fsum(np.exp(dist.poisson_logpmf(k, lam)))
        # each term has relative error <= 64 u (scale ~ lam log lam); the
        # neglected tail is below e^{-40}.
        assert abs(total - 1) <= 64 * U * (lam * math.log(lam + 2) + 10)

    @given(st.integers(1, 500), st.floats(0, 1))
    @settings(max_examples=25)
    def test_binomial_sums_to_one(self, n, p):
        total = math.fsum(np.exp(dist.binomial_logpmf(np.arange(n + 1), n, p)))
        assert abs(total - 1) <= 64 * U * n * 10


# ------------------------------------------------------------ moments

class TestMoments:
    @pytest.mark.parametrize("family, q, _", CASES)
    def test_match_scipy(self, family, q, _):
        m = dist.moments(family, **q)
        frozen = scipy_frozen(family, **q)
        # closed forms vs scipy's: a few roundings each
        assert m.mean == pytest.approx(frozen.mean(), rel=16 * U, abs=16 * U)
        assert m.var == pytest.approx(frozen.var(), rel=16 * U, abs=16 * U)
        assert m.sd == pytest.approx(frozen.std(), rel=16 * U, abs=16 * U)

    def test_categorical(self):
        probs = np.array([0.2, 0.5, 0.3])
        m = dist.moments("categorical", probs=probs)
        k = np.arange(3)
        assert m.mean == pytest.approx(k @ probs, rel=4 * U)
        assert m.var == pytest.approx(k**2 @ probs - (k @ probs) ** 2,
                                      rel=16 * U)

    def test_lognormal_small_sigma_uses_expm1(self):
        m = dist.moments("lognormal", mu=0.0, sigma=1e-9)
        # var = (e^{s^2} - 1) e^{s^2} = s^2 (1 + O(s^2))
        assert m.var == pytest.approx(1e-18, rel=4 * U)

    def test_overflow_raises(self):
        with pytest.raises(ValueError, match="^moments of 'lognormal' overflow"):
            dist.moments("lognormal", mu=0.0, sigma=30.0)

    def test_bad_family_and_params(self):
        with pytest.raises(ValueError, match="^family must be one of"):
            dist.moments("cauchy")
        with pytest.raises(ValueError, match="unknown \\['mean'\\]"):
            dist.moments("normal", mean=0.0, mu=0.0, sigma=1.0)
        with pytest.raises(ValueError, match="missing \\['sigma'\\]"):
            dist.moments("normal", mu=0.0)
        with pytest.raises(ValueError, match="^sigma must be > 0"):
            dist.moments("normal", mu=0.0, sigma=0.0)
        with pytest.raises(ValueError, match="^p must lie in"):
            dist.moments("bernoulli", p=1.5)
        with pytest.raises(TypeError, match="^n must be an integer"):
            dist.moments("binomial", n=10.0, p=0.5)
        with pytest.raises(TypeError, match="^p must be a real number"):
            dist.moments("bernoulli", p=True)


# ------------------------------------------------------------ sampling

class TestSample:
    @pytest.mark.parametrize("family, q, _", CASES)
    def test_sample_moments_within_mc_error(self, family, q, _):
        n = 40_000
        x = dist.sample(family, n, rng(11), **q)
        frozen = scipy_frozen(family, **q)
        mean, var = frozen.mean(), frozen.var()
        kurt = float(frozen.stats(moments="k"))          # excess kurtosis
        se_mean = math.sqrt(var / n)
        se_var = math.sqrt((kurt + 2.0) * var**2 / n)     # (mu4 - s^4) / n
        assert abs(x.mean() - mean) <= Z * se_mean
        assert abs(x.var(ddof=1) - var) <= Z * se_var

    @pytest.mark.parametrize("family, q, _", CASES)
    def test_dtype_and_shape(self, family, q, _):
        x = dist.sample(family, (3, 4), rng(), **q)
        assert x.shape == (3, 4)
        assert x.dtype == (np.int64 if FAMILY_IS_DISCRETE(family)
                           else np.float64)

    def test_reproducible(self):
        a = dist.sample("gamma", 5, rng(3), shape=2.0, scale=1.0)
        b = dist.sample("gamma", 5, rng(3), shape=2.0, scale=1.0)
        np.testing.assert_array_equal(a, b)

    def test_categorical_frequencies(self):
        probs = np.array([0.05, 0.0, 0.45, 0.5])
        n = 50_000
        c = dist.sample("categorical", n, rng(5), probs=probs)
        freq = np.bincount(c, minlength=4) / n
        se = np.sqrt(probs * (1 - probs) / n)
        assert np.all(np.abs(freq - probs) <= Z * se)
        assert freq[1] == 0.0                 # probability 0: never drawn

    def test_bad_input(self):
        with pytest.raises(ValueError, match="^rng must be"):
            dist.sample("normal", 3, 42, mu=0.0, sigma=1.0)
        with pytest.raises(ValueError, match="^size entries must be >= 1"):
            dist.sample("normal", 0, rng(), mu=0.0, sigma=1.0)
        with pytest.raises(TypeError, match="^size must be an int"):
            dist.sample("normal", 2.5, rng(), mu=0.0, sigma=1.0)
        with pytest.raises(ValueError, match="^size asks for more"):
            dist.sample("normal", (10**5, 10**5), rng(), mu=0.0, sigma=1.0)
        with pytest.raises(ValueError, match="^samples of 'lognormal' overflow"):
            dist.sample("lognormal", 1000, rng(), mu=700.0, sigma=10.0)
        with pytest.raises(ValueError, match="^lam must be <= 1e18"):
            dist.sample("poisson", 3, rng(), lam=1e19)


# ------------------------------------------------------------ transformations

class TestChangeOfVariables:
    def test_lognormal_three_ways(self):
        y = np.linspace(0.05, 12, 50)
        via = dist.transformed_logpdf(
            lambda t: dist.normal_logpdf(t, 0.3, 0.8), np.log,
            lambda t: -np.log(t), y)
        direct = dist.lognormal_logpdf(y, 0.3, 0.8)
        ref = stats.lognorm.logpdf(y, 0.8, scale=math.exp(0.3))
        np.testing.assert_allclose(via, direct, rtol=4 * U, atol=4 * U)
        np.testing.assert_allclose(direct, ref, rtol=32 * U, atol=32 * U)

    @given(st.floats(-5, 5), st.floats(0.1, 5), st.floats(-3, 3).filter(
        lambda a: abs(a) > 0.05), st.floats(-3, 3))
    def test_affine_normal_is_normal(self, mu, sigma, a, b):
        # Y = a X + b, X ~ N(mu, sigma^2)  =>  Y ~ N(a mu + b, (a sigma)^2)
        y = np.linspace(-10, 10, 7)
        got = dist.transformed_logpdf(
            lambda t: dist.normal_logpdf(t, mu, sigma),
            lambda t: (t - b) / a, lambda t: np.full(t.shape, -math.log(abs(a))),
            y)
        ref = stats.norm.logpdf(y, a * mu + b, abs(a) * sigma)
        scale = np.abs(ref) + 10
        assert np.all(np.abs(got - ref) <= 64 * U * scale)

    def test_square_of_exponential_is_weibull(self):
        # X ~ Exp(rate), Y = X^2 on y > 0: x = sqrt(y), dx/dy = 1/(2 sqrt y)
        rate, y = 1.7, np.linspace(0.01, 9, 30)
        got = dist.transformed_logpdf(
            lambda t: dist.exponential_logpdf(t, rate), np.sqrt,
            lambda t: -np.log(2 * np.sqrt(t)), y)
        ref = stats.weibull_min.logpdf(y, 0.5, scale=1 / rate**2)
        np.testing.assert_allclose(got, ref, rtol=32 * U, atol=32 * U)

    def test_without_jacobian_mass_is_sqrt_e(self):
        # integral of phi(log y) dy = E[e^X] = e^{1/2}, not 1
        val, _ = integrate.quad(lambda t: float(np.exp(dist.normal_logpdf(
            math.log(t)))), 0, np.inf, limit=200)
        assert val == pytest.approx(math.exp(0.5), rel=1e-8)

    def test_lognormal_histogram_matches_density(self):
        y = dist.sample("lognormal", 20_000, rng(4), mu=0.0, sigma=0.5)
        h = prob.histogram_zscores(
            y, lambda t: np.exp(dist.lognormal_logpdf(t, 0.0, 0.5)), bins=40)
        z = h.z[h.bulk]
        # sum of z^2 over B bulk bins ~ chi^2(B): mean B, sd sqrt(2B)
        assert np.sum(z**2) <= z.size + Z * math.sqrt(2 * z.size)

    def test_bad_callables(self):
        with pytest.raises(TypeError, match="^inverse must be callable"):
            dist.transformed_logpdf(dist.normal_logpdf, 3.0, np.log, [1.0])
        with pytest.raises(ValueError, match="^inverse must return"):
            dist.transformed_logpdf(dist.normal_logpdf, lambda t: t[:1],
                                    np.log, [1.0, 2.0])
        with pytest.raises(ValueError, match="^inverse must return"):
            dist.transformed_logpdf(dist.normal_logpdf, np.log,
                                    np.log, [-1.0])


class TestInverseCdf:
    @given(st.floats(0, 1 - 2**-53), st.floats(0.01, 100))
    def test_exponential_ppf_matches_scipy(self, u, rate):
        got = float(dist.exponential_ppf(u, rate))
        ref = stats.expon.ppf(u, scale=1 / rate)
        assert got == pytest.approx(ref, rel=8 * U, abs=1e-300)

    def test_exponential_ppf_small_u_vs_mpmath(self):
        u = 1e-17
        with mpmath.workdps(50):
            ref = float(-mpmath.log1p(-mpmath.mpf(u)) / 2)
        assert float(dist.exponential_ppf(u, 2.0)) == pytest.approx(
            ref, rel=4 * U)
        # the naive -log(1 - u) gives 0 here
        assert -math.log(1 - u) == 0.0

    @given(st.floats(0, 1e3), st.floats(0.01, 10))
    def test_exponential_cdf_round_trip(self, x, rate):
        f = float(dist.exponential_cdf(x, rate))
        assert f == pytest.approx(stats.expon.cdf(x, scale=1 / rate),
                                  rel=8 * U, abs=1e-300)
        if f < 0.5:   # F^{-1}(F(x)) = x, relative condition ~ 1 there
            assert float(dist.exponential_ppf(f, rate)) == pytest.approx(
                x, rel=16 * U, abs=1e-300)

    def test_sample_inverse_cdf_ks(self):
        n = 20_000
        x = dist.sample_inverse_cdf(lambda u: dist.exponential_ppf(u, 0.5),
                                    n, rng(8))
        d = stats.kstest(x, stats.expon(scale=2.0).cdf).statistic
        # 1.95 / sqrt(n) is the 0.1 % critical value of the KS statistic
        assert d <= 1.95 / math.sqrt(n)

    def test_categorical_ppf_matches_loop(self):
        probs = np.array([0.25, 0.0, 0.5, 0.25])
        u = np.array([0.0, 0.1, 0.25, 0.5, 0.74, 0.75, 0.999])
        cum = np.cumsum(probs)
        loop = [int(np.argmax(cum > ui)) for ui in u]   # min{k: F(k) > u}
        np.testing.assert_array_equal(dist.categorical_ppf(u, probs), loop)

    @given(st.lists(st.floats(0, 1), min_size=1, max_size=8).filter(
        lambda v: sum(v) > 0.1), st.floats(0, 1 - 2**-53))
    def test_categorical_ppf_in_support(self, raw, u):
        p = np.array(raw) / math.fsum(raw)
        k = int(dist.categorical_ppf(u, p))
        assert 0 <= k < p.size and p[k] > 0

    def test_bad_u(self):
        with pytest.raises(ValueError, match=r"^u must lie in \[0, 1\)"):
            dist.exponential_ppf(1.0)
        with pytest.raises(ValueError, match=r"^u must lie in \[0, 1\)"):
            dist.categorical_ppf([-0.1], [0.5, 0.5])
        with pytest.raises(ValueError, match="^probs must sum to 1"):
            dist.categorical_ppf([0.1], [0.5, 0.6])
        with pytest.raises(ValueError, match=r"^probs must lie in \[0, 1\]"):
            dist.categorical_ppf([0.1], [1.5, -0.5])
        with pytest.raises(TypeError, match="^ppf must be callable"):
            dist.sample_inverse_cdf("ppf", 3, rng())
        with pytest.raises(ValueError, match="^ppf must return"):
            dist.sample_inverse_cdf(lambda u: np.log(u - 2), 3, rng())


# ------------------------------------------------------------ likelihood

class TestLikelihood:
    def test_log_likelihood_matches_scipy_sum(self):
        x = dist.sample("gamma", 500, rng(2), shape=2.0, scale=3.0)
        got = dist.log_likelihood("gamma", x, shape=2.0, scale=3.0)
        ref = math.fsum(stats.gamma.logpdf(x, 2.0, scale=3.0))
        assert got == pytest.approx(ref, rel=64 * U)

    @pytest.mark.parametrize("family, true", [
        ("normal", {"mu": 1.0, "sigma": 2.0}), ("poisson", {"lam": 3.0}),
        ("bernoulli", {"p": 0.3}), ("exponential", {"rate": 0.7})])
    def test_mle_maximises_numerically(self, family, true):
        x = dist.sample(family, 400, rng(6), **true)
        hat = dist.fit_mle(family, x)
        names = list(hat)
        theta0 = np.array([hat[k] for k in names])

        def nll(theta):
            q = dict(zip(names, theta))
            return -dist.log_likelihood(family, x, **q)

        # every small step away from the MLE lowers the likelihood
        for step in (1e-3, -1e-3):
            for j in range(theta0.size):
                t = theta0.copy()
                t[j] += step * max(abs(t[j]), 0.1)
                assert nll(t) > nll(theta0)
        res = optimize.minimize(nll, theta0 * 1.1, method="Nelder-Mead",
                                options={"xatol": 1e-10, "fatol": 1e-12})
        np.testing.assert_allclose(res.x, theta0, rtol=1e-5)

    def test_mle_matches_scipy_fit(self):
        x = dist.sample("normal", 300, rng(7), mu=-2.0, sigma=0.5)
        hat = dist.fit_mle("normal", x)
        loc, scale = stats.norm.fit(x)
        assert hat["mu"] == pytest.approx(loc, rel=64 * U)
        assert hat["sigma"] == pytest.approx(scale, rel=64 * U)
        e = dist.sample("exponential", 300, rng(7), rate=2.0)
        _, sc = stats.expon.fit(e, floc=0)
        assert dist.fit_mle("exponential", e)["rate"] == pytest.approx(
            1 / sc, rel=64 * U)

    def test_mle_normal_extreme_scale(self):
        # the sum and the deviations overflow float64; the answer does not
        x = np.array([1e308, -1e308, 1e308, -1e308])
        hat = dist.fit_mle("normal", x)
        assert hat["mu"] == 0.0 and hat["sigma"] == pytest.approx(1e308,
                                                                   rel=4 * U)
        hat = dist.fit_mle("normal", [1.7e308, -1.7e308, 1.7e308])
        assert hat["sigma"] == pytest.approx(1.7e308 * math.sqrt(8 / 9),
                                             rel=16 * U)

    def test_mle_normal_large_offset_two_pass(self):
        # E[x^2] - mean^2 would lose every digit at offset 1e9
        x = 1e9 + np.array([1.0, 2.0, 3.0, 6.0])
        assert dist.fit_mle("normal", x)["sigma"] == pytest.approx(
            math.sqrt(3.5), rel=1e-12)

    def test_mle_bad_input(self):
        with pytest.raises(ValueError, match="^family must be one of"):
            dist.fit_mle("gamma", [1.0, 2.0])
        with pytest.raises(ValueError, match="^x must hold only 0 and 1"):
            dist.fit_mle("bernoulli", [0, 1, 2])
        with pytest.raises(ValueError, match="^x is all zeros"):
            dist.fit_mle("poisson", [0, 0, 0])
        with pytest.raises(ValueError, match="^x must hold at least two"):
            dist.fit_mle("normal", [1.0, 1.0])
        with pytest.raises(ValueError, match="^x must be >= 0"):
            dist.fit_mle("exponential", [1.0, -1.0])
        with pytest.raises(ValueError, match="^x must be 1-D"):
            dist.fit_mle("normal", [[1.0, 2.0]])


class TestMixture:
    def test_matches_scipy_logsumexp(self):
        x = np.linspace(-10, 10, 41)
        w, m, s = (np.array(v) for v in MIX)
        comps = stats.norm.logpdf(x[:, None], m, s)          # (41, 2)
        ref = sp.logsumexp(comps, b=w, axis=1)
        got = dist.mixture_logpdf(x, *MIX)
        np.testing.assert_allclose(got, ref, rtol=32 * U, atol=32 * U)

    def test_outlier_finite_where_naive_is_zero(self):
        x = np.array([60.0])
        naive = dist.mixture_pdf_naive(x, *MIX)
        assert naive[0] == 0.0
        with mpmath.workdps(50):
            ref = float(mpmath.log(sum(
                mpmath.mpf(w) * mpmath.npdf(60, mpmath.mpf(mu), mpmath.mpf(sd))
                for w, mu, sd in zip(*MIX))))
        got = dist.mixture_logpdf(x, *MIX)[0]
        assert got == pytest.approx(ref, rel=PER_TERM * U)

    def test_naive_agrees_in_the_bulk(self):
        x = np.linspace(-4, 4, 17)
        np.testing.assert_allclose(dist.mixture_pdf_naive(x, *MIX),
                                   np.exp(dist.mixture_logpdf(x, *MIX)),
                                   rtol=64 * U)

    def test_bad_mixture(self):
        with pytest.raises(ValueError, match="^weights must sum to 1"):
            dist.mixture_logpdf([0.0], [0.5, 0.6], [0, 1], [1, 1])
        with pytest.raises(ValueError, match="same length"):
            dist.mixture_logpdf([0.0], [0.5, 0.5], [0, 1, 2], [1, 1])
        with pytest.raises(ValueError, match="^sds must be > 0"):
            dist.mixture_pdf_naive([0.0], [0.5, 0.5], [0, 1], [1, 0])
        with pytest.raises(ValueError, match="^digits must lie in"):
            dist.mixture_loglik_reference([0.0], *MIX, digits=5)


def mp_running_loglik(x):
    """Running log-likelihood of the figure's mixture in mpmath, 40 digits."""
    with mpmath.workdps(40):
        acc, out = mpmath.mpf(0), []
        for xi in x:
            acc += mpmath.log(sum(
                mpmath.mpf(w) * mpmath.npdf(mpmath.mpf(float(xi)),
                                            mpmath.mpf(mu), mpmath.mpf(sd))
                for w, mu, sd in zip(*MIX)))
            out.append(float(acc))
    return np.array(out)


class TestAccumulation:
    def test_naive_is_cumprod_and_log_is_cumsum(self):
        ld = np.array([-1.0, -2.0, -0.5])
        acc = dist.accumulate_likelihood(ld)
        np.testing.assert_array_equal(acc.naive, np.cumprod(np.exp(ld)))
        np.testing.assert_array_equal(acc.loglik, [-1.0, -3.0, -3.5])
        assert acc.n_zero is None and acc.n_predicted is None
        np.testing.assert_array_equal(acc.n, [1, 2, 3])

    def test_decimal_reference_matches_mpmath(self):
        x = mixture_data(FIG_SEED, 200)
        ref_dec = dist.mixture_loglik_reference(x, *MIX)
        ref_mp = mp_running_loglik(x)
        # both are correctly rounded to within their 40 digits
        np.testing.assert_allclose(ref_dec, ref_mp, rtol=2 * U)

    def test_bad_logdens(self):
        with pytest.raises(ValueError, match="^logdens must be finite"):
            dist.accumulate_likelihood([-1.0, -np.inf])
        with pytest.raises(ValueError, match="^logdens must be 1-D"):
            dist.accumulate_likelihood(np.zeros((2, 2)))


@pytest.mark.parametrize("seed", [FIG_SEED, 1, 2, 3, 4])
def test_claim_fig_dist_loglik(seed):
    """The naive product of likelihoods underflows to exactly 0 at the n
    predicted from the running log-likelihood and the smallest subnormal
    (within one step: subnormal products round coarsely), while the
    log-space sum stays within (n + 24) u relative of an mpmath reference.
    """
    assert FIG_N == 1000                  # caption: "the first n of 1,000"
    x = mixture_data(seed)
    acc = dist.accumulate_likelihood(dist.mixture_logpdf(x, *MIX))
    ref = mp_running_loglik(x)
    # the prediction: first n whose exact log-likelihood is below
    # log(2^-1074 / 2), the midpoint under which a product rounds to 0
    n_star = int(np.argmax(ref < math.log(2.0**-1074) - math.log(2.0))) + 1
    assert acc.n_predicted == n_star
    assert acc.n_zero is not None and abs(acc.n_zero - n_star) <= 1
    assert np.all(acc.naive[: n_star - 2] > 0)
    assert np.all(acc.naive[n_star:] == 0)
    # log space: recursive summation of same-sign terms adds (n - 1) u, and
    # each term carries at most 24 u (6 roundings, condition <= 3.3, plus
    # the log-sum-exp's own ~ 4 u)
    rel = np.abs(acc.loglik - ref) / np.abs(ref)
    assert np.all(rel <= (acc.n + PER_TERM) * U)
    assert np.all(np.isfinite(acc.loglik))
    if seed == FIG_SEED:
        # the chapter quotes an exact hit for its data
        assert acc.n_zero == acc.n_predicted


# ------------------------------------------------------------ hostile input

@pytest.mark.parametrize("func, kwargs, arg", [
    (dist.normal_logpdf, {}, "x"),
    (dist.exponential_logpdf, {}, "x"),
    (dist.gamma_logpdf, {"shape": 2.0}, "x"),
    (dist.beta_logpdf, {"a": 2.0, "b": 2.0}, "x"),
    (dist.lognormal_logpdf, {}, "y"),
    (dist.poisson_logpmf, {"lam": 1.0}, "k"),
    (dist.bernoulli_logpmf, {"p": 0.5}, "k"),
    (dist.binomial_logpmf, {"n": 3, "p": 0.5}, "k"),
    (dist.categorical_logpmf, {"probs": [0.5, 0.5]}, "k"),
    (dist.exponential_cdf, {}, "x"),
    (dist.exponential_ppf, {}, "u"),
    (dist.categorical_ppf, {"probs": [0.5, 0.5]}, "u"),
])
class TestHostileData:
    @pytest.mark.parametrize("bad", [1j, [True], "1", None, [1.0, None]])
    def test_type_errors(self, func, kwargs, arg, bad):
        with pytest.raises(TypeError, match=f"^{arg} "):
            func(bad, **kwargs)

    @pytest.mark.parametrize("bad", [np.nan, [0.5, np.inf], [], [10**400]])
    def test_value_errors(self, func, kwargs, arg, bad):
        with pytest.raises(ValueError, match=f"^{arg} "):
            func(bad, **kwargs)


@pytest.mark.parametrize("func, good, name, bad, exc", [
    (dist.normal_logpdf, {"mu": 0.0, "sigma": 1.0}, "sigma", -1.0, ValueError),
    (dist.normal_logpdf, {"mu": 0.0, "sigma": 1.0}, "mu", np.nan, ValueError),
    (dist.normal_logpdf, {"mu": 0.0, "sigma": 1.0}, "mu", [0.0, 1.0], ValueError),
    (dist.normal_logpdf, {"mu": 0.0, "sigma": 1.0}, "sigma", "1", TypeError),
    (dist.gamma_logpdf, {"shape": 2.0, "scale": 1.0}, "shape", 0.0, ValueError),
    (dist.gamma_logpdf, {"shape": 2.0, "scale": 1.0}, "scale", True, TypeError),
    (dist.beta_logpdf, {"a": 2.0, "b": 1.0}, "b", -1.0, ValueError),
    (dist.exponential_logpdf, {"rate": 1.0}, "rate", np.inf, ValueError),
    (dist.poisson_logpmf, {"lam": 1.0}, "lam", 0.0, ValueError),
    (dist.binomial_logpmf, {"n": 3, "p": 0.5}, "n", 0, ValueError),
    (dist.binomial_logpmf, {"n": 3, "p": 0.5}, "n", 2**60, ValueError),
    (dist.binomial_logpmf, {"n": 3, "p": 0.5}, "p", 1j, TypeError),
    (dist.bernoulli_logpmf, {"p": 0.5}, "p", -0.1, ValueError),
    (dist.categorical_logpmf, {"probs": [0.5, 0.5]}, "probs", [[0.5, 0.5]],
     ValueError),
    (dist.lognormal_logpdf, {"mu": 0.0, "sigma": 1.0}, "sigma", None, TypeError),
])
def test_bad_parameters(func, good, name, bad, exc):
    kwargs = dict(good)
    kwargs[name] = bad
    with pytest.raises(exc, match=f"^{name} "):
        func([1.0], **kwargs)


def test_non_integer_counts_rejected():
    with pytest.raises(ValueError, match="^k must be integer-valued"):
        dist.poisson_logpmf([1.5], 1.0)


def test_logpdf_and_pdf_dispatch():
    x = np.array([0.5, 1.0])
    np.testing.assert_array_equal(dist.logpdf("gamma", x, shape=2.0, scale=1.0),
                                  dist.gamma_logpdf(x, 2.0, 1.0))
    np.testing.assert_allclose(dist.pdf("gamma", x, shape=2.0, scale=1.0),
                               stats.gamma.pdf(x, 2.0), rtol=32 * U)
    with pytest.raises(ValueError, match="^family must be one of"):
        dist.pdf("student", x)
    with pytest.raises(ValueError, match="missing"):
        dist.logpdf("gamma", x, shape=2.0)
