"""Tests for execmath.stats against SciPy, NumPy and exact results.

Statistical tests use fixed seeds and tolerances of z standard errors,
with z = 4 or 5 (two-sided failure probability about 6e-5 or 6e-7 per
check) unless a comment derives another bound.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats as sps
from scipy.spatial import distance

from execmath import fitting, prob, spectral, stats

U = 2.0**-53                                  # unit roundoff of float64

# The concrete data of the chapter's figures (chapters/11-...qmd).
LLN_SEED, LLN_P, LLN_PATHS, LLN_N = 3, 0.3, 10, 10_000
CLT_SEED, CLT_N, CLT_P, CLT_REP = 11, 2_000, 0.3, 10_000
CLOUD_SEED, CLOUD_N, CLOUD_REPS = 21, 500, 30
S_COR = np.array([[1.0, 0.8], [0.8, 1.0]])
S_IND = np.eye(2)


def rng(seed=0):
    return np.random.default_rng(seed)


def clt_sample():
    return stats.bernoulli_clt_sample(CLT_N, CLT_P, CLT_REP, rng(CLT_SEED))


def cloud_data():
    """Exactly the draws of the chapter's cells prob-clouds."""
    g = rng(CLOUD_SEED)
    x_cor = stats.mvn_sample(np.zeros(2), S_COR, CLOUD_N, g)
    x_ind = stats.mvn_sample(np.zeros(2), S_IND, CLOUD_N, g)
    reps_cor = stats.sample_leading_axes(S_COR, CLOUD_N, CLOUD_REPS, g)
    reps_ind = stats.sample_leading_axes(S_IND, CLOUD_N, CLOUD_REPS, g)
    return x_cor, x_ind, reps_cor, reps_ind


# Inputs every array argument must refuse, with the error type expected.
BAD_ARRAYS = [
    (None, TypeError), ("abc", TypeError), ([True, False, True], TypeError),
    ([1 + 2j, 3.0, 1.0], TypeError), ([1.0, np.nan, 2.0], ValueError),
    ([1.0, np.inf, 2.0], ValueError), ([], ValueError),
    ([[1.0, 2.0], [3.0]], ValueError),
]


# ------------------------------------------------------------ Monte Carlo
class TestMCMean:
    def test_matches_numpy_and_scipy_sem(self):
        y = rng(1).exponential(size=1000)
        est = stats.mc_mean(y)
        assert est.n == 1000
        assert est.estimate == pytest.approx(np.mean(y), rel=1e-14)
        assert est.se == pytest.approx(sps.sem(y), rel=1e-12)

    def test_interval_covers_at_nominal_rate(self):
        # 2000 normal samples of size 200: the z-interval covers with
        # probability P(|t_199| <= 1.96) = 0.9486; binomial se of the
        # coverage frequency is sqrt(0.95 * 0.05 / 2000) = 0.0049.
        y = rng(2).standard_normal((2000, 200))
        hits = [abs(stats.mc_mean(row).estimate) <= 1.96 * stats.mc_mean(
            row).se for row in y]
        exact = 1 - 2 * sps.t(199).sf(1.96)
        se = math.sqrt(exact * (1 - exact) / 2000)
        assert abs(np.mean(hits) - exact) <= 5 * se

    def test_no_overflow_near_float_max(self):
        est = stats.mc_mean([1e308, 1e308, 1e308])
        assert est.estimate == 1e308 and est.se == 0.0

    def test_standard_error_representable_when_variance_is_not(self):
        # s^2 ~ 1.3e616 overflows, s / sqrt(n) ~ 5.8e307 does not
        est = stats.mc_mean([1e308, -1e308, 1e308, -1e308])
        assert est.estimate == 0.0
        assert est.se == pytest.approx(1e308 / math.sqrt(3), rel=1e-14)

    @pytest.mark.parametrize("bad,exc", BAD_ARRAYS)
    def test_bad_values(self, bad, exc):
        with pytest.raises(exc, match="values"):
            stats.mc_mean(bad)

    def test_needs_two_values(self):
        with pytest.raises(ValueError, match="values"):
            stats.mc_mean([1.0])

    def test_needs_1d(self):
        with pytest.raises(ValueError, match="values"):
            stats.mc_mean(np.ones((3, 2)))


class TestMCFrequency:
    def test_binomial_standard_error(self):
        ev = rng(3).random(500) < 0.2
        est = stats.mc_frequency(ev)
        p = ev.mean()
        assert est.estimate == p
        assert est.se == pytest.approx(math.sqrt(p * (1 - p) / 500), rel=1e-14)

    def test_accepts_zero_one_numbers(self):
        assert stats.mc_frequency([0, 1, 1, 0]).estimate == 0.5
        assert stats.mc_frequency([0.0, 1.0]).estimate == 0.5

    @pytest.mark.parametrize("bad,exc", [
        ([0, 2, 1], ValueError), ([0.5, 1.0], ValueError), ("101", TypeError),
        (None, TypeError), ([], ValueError), (np.ones((2, 2)), ValueError),
        ([1 + 0j, 0j], TypeError), ([np.nan, 1.0], ValueError)])
    def test_bad_events(self, bad, exc):
        with pytest.raises(exc, match="events"):
            stats.mc_frequency(bad)


# ----------------------------------------------------------------- ECDF
class TestECDF:
    def test_matches_scipy_ecdf(self):
        x = np.round(rng(4).standard_normal(300), 1)        # with ties
        e = stats.ecdf(x)
        oracle = sps.ecdf(x).cdf
        np.testing.assert_allclose(e.x, oracle.quantiles)
        np.testing.assert_allclose(e.F, oracle.probabilities, rtol=1e-14)

    def test_ecdf_at_matches_counting(self):
        x = rng(5).standard_normal(200)
        t = np.linspace(-3, 3, 41)
        np.testing.assert_array_equal(
            stats.ecdf_at(x, t), (x[None, :] <= t[:, None]).mean(axis=1))

    def test_ecdf_at_infinities(self):
        np.testing.assert_array_equal(
            stats.ecdf_at([1.0, 2.0], [-np.inf, np.inf]), [0.0, 1.0])

    @given(hnp.arrays(np.float64, st.integers(1, 40),
                      elements=st.floats(-1e6, 1e6)))
    def test_is_a_distribution_function(self, x):
        e = stats.ecdf(x)
        assert np.all(np.diff(e.x) > 0) and np.all(np.diff(e.F) > 0)
        assert e.F[-1] == 1.0
        np.testing.assert_array_equal(stats.ecdf_at(x, e.x), e.F)

    @pytest.mark.parametrize("bad,exc", BAD_ARRAYS)
    def test_bad_sample(self, bad, exc):
        with pytest.raises(exc, match="sample"):
            stats.ecdf(bad)
        with pytest.raises(exc, match="sample"):
            stats.ecdf_at(bad, [0.0])

    def test_nan_t(self):
        with pytest.raises(ValueError, match="t"):
            stats.ecdf_at([1.0, 2.0], [np.nan])


class TestKSDistance:
    def test_matches_scipy_kstest(self):
        x = rng(6).standard_normal(500)
        assert stats.ks_distance(x, stats.normal_cdf) == pytest.approx(
            sps.kstest(x, "norm").statistic, rel=1e-13)

    @given(hnp.arrays(np.float64, st.integers(1, 30),
                      elements=st.floats(-0.5, 1.5)))
    def test_matches_scipy_with_ties(self, x):
        x = np.round(x, 1)                        # force ties
        cdf = sps.uniform.cdf
        assert stats.ks_distance(x, cdf) == pytest.approx(
            sps.kstest(x, cdf).statistic, abs=1e-15)

    def test_cdf_must_be_callable(self):
        with pytest.raises(TypeError, match="cdf"):
            stats.ks_distance([1.0, 2.0], 3.0)

    @pytest.mark.parametrize("cdf", [lambda t: t[:1], lambda t: t + 2.0,
                                     lambda t: np.full(t.shape, np.nan)])
    def test_bad_cdf_output(self, cdf):
        with pytest.raises(ValueError, match="cdf"):
            stats.ks_distance([0.1, 0.2, 0.3], cdf)

    def test_bad_sample(self):
        with pytest.raises(ValueError, match="sample"):
            stats.ks_distance([0.1, np.nan], stats.normal_cdf)


class TestDKWRadius:
    def test_formula(self):
        assert float(stats.dkw_radius(50, 0.1)) == pytest.approx(
            math.sqrt(math.log(20) / 100), rel=1e-15)

    def test_band_covers_at_least_nominal(self):
        # The band fails with probability <= alpha = 0.1 (Massart). With
        # 2000 replicates the frequency has se <= sqrt(0.1 * 0.9 / 2000).
        x = rng(7).standard_normal((2000, 100))
        r = float(stats.dkw_radius(100, 0.1))
        fails = np.mean([stats.ks_distance(row, stats.normal_cdf) > r
                         for row in x])
        assert fails <= 0.1 + 4 * math.sqrt(0.1 * 0.9 / 2000)

    @pytest.mark.parametrize("alpha", [0.0, 1.0, -0.1, np.nan, True])
    def test_bad_alpha(self, alpha):
        with pytest.raises((ValueError, TypeError), match="alpha"):
            stats.dkw_radius(10, alpha)

    def test_bad_n(self):
        with pytest.raises(ValueError, match="n"):
            stats.dkw_radius(0, 0.1)


class TestNormalCDF:
    def test_matches_scipy_including_far_tail(self):
        x = np.array([-40.0, -10.0, -1.0, 0.0, 2.5, 8.0])
        np.testing.assert_allclose(stats.normal_cdf(x, 0.5, 2.0),
                                   sps.norm.cdf(x, 0.5, 2.0), rtol=1e-14)
        # Phi(-37) ~ 6e-300: no 1 - small cancellation, full relative accuracy
        assert stats.normal_cdf(-37.0) > 0
        np.testing.assert_allclose(stats.normal_cdf(-37.0),
                                   sps.norm.cdf(-37.0), rtol=1e-13)

    def test_infinite_and_overflowing_arguments(self):
        np.testing.assert_array_equal(
            stats.normal_cdf([-np.inf, np.inf]), [0.0, 1.0])
        assert stats.normal_cdf(1e308, mu=-1e308) == 1.0
        assert stats.normal_cdf(1.0, sigma=1e-320) == 1.0

    @pytest.mark.parametrize("sigma", [0.0, -1.0, np.inf, "1"])
    def test_bad_sigma(self, sigma):
        with pytest.raises((ValueError, TypeError), match="sigma"):
            stats.normal_cdf(0.0, sigma=sigma)

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            stats.normal_cdf([np.nan])


# ------------------------------------------------------------ covariance
class TestCovariance:
    def test_matches_numpy_cov(self):
        x = rng(8).standard_normal((400, 3)) @ np.array(
            [[1.0, 0.5, 0.0], [0.0, 2.0, 0.3], [0.0, 0.0, 0.5]])
        for method in ("two-pass", "welford", "naive"):
            res = stats.covariance(x, method=method)
            # well-scaled data: every method is accurate to ~ n u
            np.testing.assert_allclose(res.cov, np.cov(x, rowvar=False),
                                       rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(res.mean, x.mean(axis=0), rtol=1e-13)
            assert res.n == 400

    def test_ddof_zero_matches_biased_cov(self):
        x = rng(9).standard_normal((50, 2))
        np.testing.assert_allclose(stats.covariance(x, ddof=0).cov,
                                   np.cov(x, rowvar=False, bias=True),
                                   rtol=1e-13)

    def test_one_dimensional_input_gives_floats(self):
        res = stats.covariance([1.0, 2.0, 4.0])
        assert isinstance(res.mean, float) and isinstance(res.cov, float)
        assert res.cov == pytest.approx(np.var([1.0, 2.0, 4.0], ddof=1))

    def test_naive_fails_with_large_offset_stable_methods_do_not(self):
        # Chapter claim: relative error ~ u xbar^2/s^2 (naive),
        # ~ u xbar/s (Welford), ~ u (two-pass); here xbar/s = 1e8.
        noise = rng(1).standard_normal(10_000)
        x = 1e8 + noise
        ref = stats.covariance(x - 1e8).cov            # exact shift
        err = {m: abs(stats.covariance(x, method=m).cov / ref - 1)
               for m in ("naive", "two-pass", "welford")}
        assert err["naive"] > 0.1
        assert err["two-pass"] < 10 * U * 10            # a few u
        # Welford: c n kappa u with kappa = 1e8, n = 1e4 (Chan et al.)
        assert err["welford"] < 1e4 * 1e8 * U

    def test_naive_can_be_negative(self):
        noise = rng(1).standard_normal(10_000)
        vals = [stats.covariance(10.0**k + noise, method="naive").cov
                for k in (9, 10, 11)]
        assert min(vals) < 0

    @given(n=st.integers(2, 40), d=st.integers(1, 3),
           offset=st.floats(-1e6, 1e6), seed=st.integers(0, 2**16))
    def test_welford_equals_two_pass_within_bound(self, n, d, offset, seed):
        x = offset + rng(seed).standard_normal((n, d)) * rng(seed + 1).uniform(
            0.01, 10.0, size=d)
        a = stats.covariance(x, method="welford").cov
        b = stats.covariance(x, method="two-pass").cov
        # both errors are at most ~ n u max|x_j| max|x_k| / (n - 1) per
        # entry (rounding of deviations of size <= max|x|); factor 20 for
        # the constants of the two algorithms.
        m = np.max(np.abs(x), axis=0)
        bound = 20 * n * U * np.outer(m, m)
        assert np.all(np.abs(a - b) <= bound)

    @pytest.mark.parametrize("scale", [1e150, 1e-150])
    def test_scale_invariance_at_extreme_scales(self, scale):
        x = rng(10).standard_normal((30, 2))
        base = stats.covariance(x).cov
        np.testing.assert_allclose(stats.covariance(x * scale).cov,
                                   base * scale**2, rtol=1e-13)

    def test_overflowing_covariance_is_refused(self):
        x = np.array([[1e200, 0.0], [-1e200, 1.0], [0.0, 2.0]])
        with pytest.raises(ValueError, match="range"):
            stats.covariance(x)

    @pytest.mark.parametrize("bad,exc", BAD_ARRAYS)
    def test_bad_x(self, bad, exc):
        with pytest.raises(exc, match="x"):
            stats.covariance(bad)

    def test_bad_ndim(self):
        with pytest.raises(ValueError, match="x"):
            stats.covariance(np.ones((2, 2, 2)))

    @pytest.mark.parametrize("ddof,exc", [(3, ValueError), (-1, ValueError),
                                          (1.0, TypeError), (True, TypeError)])
    def test_bad_ddof(self, ddof, exc):
        with pytest.raises(exc, match="ddof"):
            stats.covariance([1.0, 2.0, 3.0], ddof=ddof)

    @pytest.mark.parametrize("method", ["textbook", None, 1])
    def test_bad_method(self, method):
        with pytest.raises(ValueError, match="method"):
            stats.covariance([1.0, 2.0, 3.0], method=method)


class TestCorrelationMatrix:
    def test_matches_corrcoef(self):
        x = rng(11).standard_normal((200, 4))
        x[:, 1] += 2 * x[:, 0]
        np.testing.assert_allclose(stats.correlation_matrix(x),
                                   np.corrcoef(x, rowvar=False), atol=1e-14)

    def test_unit_diagonal_and_bounds(self):
        x = np.column_stack([np.arange(10.0), 2 * np.arange(10.0) + 1e9])
        r = stats.correlation_matrix(x)
        np.testing.assert_array_equal(np.diag(r), [1.0, 1.0])
        assert np.all(np.abs(r) <= 1.0)
        assert r[0, 1] == pytest.approx(1.0, abs=1e-12)

    def test_constant_column(self):
        with pytest.raises(ValueError, match="constant"):
            stats.correlation_matrix([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]])

    def test_bad_shape(self):
        with pytest.raises(ValueError, match="x"):
            stats.correlation_matrix([1.0, 2.0, 3.0])
        with pytest.raises(ValueError, match="x"):
            stats.correlation_matrix([[1.0, 2.0]])

    def test_bad_type(self):
        with pytest.raises(TypeError, match="x"):
            stats.correlation_matrix([[True, False], [False, True]])


# ------------------------------------------------- multivariate Gaussian
MU3 = np.array([1.0, -2.0, 0.5])
SIGMA3 = np.array([[2.0, 0.6, 0.2], [0.6, 1.0, -0.3], [0.2, -0.3, 0.5]])


class TestMvnSample:
    def test_is_mean_plus_cholesky_times_normal(self):
        x = stats.mvn_sample(MU3, SIGMA3, 7, rng(12))
        z = rng(12).standard_normal((7, 3))
        np.testing.assert_allclose(
            x, MU3 + z @ np.linalg.cholesky(SIGMA3).T, rtol=1e-14)

    def test_moments_within_monte_carlo_error(self):
        n = 50_000
        x = stats.mvn_sample(MU3, SIGMA3, n, rng(13))
        assert x.shape == (n, 3)
        se_mean = np.sqrt(np.diag(SIGMA3) / n)
        assert np.all(np.abs(x.mean(axis=0) - MU3) <= 5 * se_mean)
        # Var(C_jk) = (S_jk^2 + S_jj S_kk) / n for Gaussian data
        d = np.diag(SIGMA3)
        se_cov = np.sqrt((SIGMA3**2 + np.outer(d, d)) / n)
        c = stats.covariance(x).cov
        assert np.all(np.abs(c - SIGMA3) <= 5 * se_cov)

    @pytest.mark.parametrize("cov,match", [
        ([[1.0, 2.0], [2.0, 1.0]], "positive definite"),
        ([[1.0, 0.5], [0.0, 1.0]], "symmetric"),
        ([[1.0, 0.0]], "square"), ([[np.nan, 0.0], [0.0, 1.0]], "cov")])
    def test_bad_cov(self, cov, match):
        with pytest.raises(ValueError, match=match):
            stats.mvn_sample([0.0, 0.0], cov, 3, rng())

    def test_bad_mean_and_size_and_rng(self):
        with pytest.raises(ValueError, match="mean"):
            stats.mvn_sample([0.0], np.eye(2), 3, rng())
        with pytest.raises(ValueError, match="size"):
            stats.mvn_sample([0.0, 0.0], np.eye(2), 0, rng())
        with pytest.raises(TypeError, match="size"):
            stats.mvn_sample([0.0, 0.0], np.eye(2), True, rng())
        with pytest.raises(ValueError, match="size"):
            stats.mvn_sample([0.0, 0.0], np.eye(2), 10**9, rng())
        with pytest.raises(ValueError, match="rng"):
            stats.mvn_sample([0.0, 0.0], np.eye(2), 3, 42)

    def test_extreme_scales_stay_finite(self):
        # |L z| <= sqrt(max cov) * |z| ~ 1e155: draws cannot overflow
        x = stats.mvn_sample([1e308, -1e308], 1e308 * np.eye(2), 50, rng())
        assert np.all(np.isfinite(x))
        tiny = stats.mvn_sample([0.0, 0.0], 1e-300 * np.eye(2), 2000, rng(1))
        assert stats.covariance(tiny).cov[0, 0] == pytest.approx(
            1e-300, rel=5 * math.sqrt(2 / 2000))


class TestMahalanobis:
    def test_matches_scipy(self):
        x = rng(14).standard_normal((20, 3))
        vi = np.linalg.inv(SIGMA3)
        want = [distance.mahalanobis(row, MU3, vi) for row in x]
        np.testing.assert_allclose(stats.mahalanobis(x, MU3, SIGMA3), want,
                                   rtol=1e-12)

    def test_single_point_gives_float(self):
        d = stats.mahalanobis([2.0, 0.0], [0.0, 0.0], np.diag([4.0, 1.0]))
        assert isinstance(d, float) and d == 1.0

    def test_known_distance_of_l_z(self):
        # x = mu + L z has distance |z| exactly; the triangular solve has
        # the condition number of L, sqrt(kappa(Sigma)) = 1e6 here.
        s = spectral.random_symmetric(np.logspace(0, -12, 5), rng=rng(15)).a
        z = rng(16).standard_normal((50, 5))
        x = z @ np.linalg.cholesky(s).T
        d = stats.mahalanobis(x, np.zeros(5), s)
        np.testing.assert_allclose(d, np.linalg.norm(z, axis=1),
                                   rtol=100 * 1e6 * U)

    @given(seed=st.integers(0, 2**16), scale=st.floats(0.5, 2.0))
    def test_affine_invariance(self, seed, scale):
        g = rng(seed)
        q = spectral.random_orthogonal(3, rng=g)
        a = q * g.uniform(0.5, 2.0, size=3) * scale          # kappa(A) <= 4
        b = g.standard_normal(3)
        x = g.standard_normal((5, 3))
        d0 = stats.mahalanobis(x, MU3, SIGMA3)
        d1 = stats.mahalanobis(x @ a.T + b, a @ MU3 + b, a @ SIGMA3 @ a.T)
        # condition of the transformed problem <= kappa(A)^2 kappa(Sigma)
        np.testing.assert_allclose(d1, d0, rtol=1e-10, atol=1e-12)

    def test_extreme_scales(self):
        tiny = 1e-300 * np.eye(2)
        assert stats.mahalanobis([1e-150, 0.0], [0.0, 0.0], tiny) == \
            pytest.approx(1.0, rel=1e-14)
        huge = 1e300 * np.eye(2)
        assert stats.mahalanobis([3e150, 4e150], [0.0, 0.0], huge) == \
            pytest.approx(5.0, rel=1e-14)
        assert stats.mahalanobis([1e300, 0.0], [-1e300, 0.0], np.eye(2)) \
            == pytest.approx(2e300, rel=1e-14)

    def test_overflow_is_refused(self):
        with pytest.raises(ValueError, match="range"):
            stats.mahalanobis([1e308, 0.0], [-1e308, 0.0], np.eye(2))
        with pytest.raises(ValueError, match="range"):
            stats.mahalanobis([1e300, 0.0], [0.0, 0.0], 1e-300 * np.eye(2))

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="x"):
            stats.mahalanobis([1.0, 2.0, 3.0], [0.0, 0.0], np.eye(2))
        with pytest.raises(ValueError, match="mean"):
            stats.mahalanobis([1.0, 2.0], [0.0], np.eye(2))
        with pytest.raises(ValueError, match="positive definite"):
            stats.mahalanobis([1.0, 2.0], [0.0, 0.0], np.zeros((2, 2)))
        with pytest.raises(ValueError, match="x"):
            stats.mahalanobis([np.nan, 2.0], [0.0, 0.0], np.eye(2))


class TestMvnLogpdf:
    def test_matches_scipy(self):
        x = rng(17).standard_normal((10, 3))
        np.testing.assert_allclose(
            stats.mvn_logpdf(x, MU3, SIGMA3),
            sps.multivariate_normal(MU3, SIGMA3).logpdf(x), rtol=1e-13)

    def test_consistent_with_mahalanobis(self):
        x = rng(18).standard_normal(3)
        d = stats.mahalanobis(x, MU3, SIGMA3)
        _, logdet = np.linalg.slogdet(SIGMA3)
        want = -0.5 * d**2 - 0.5 * logdet - 1.5 * math.log(2 * math.pi)
        assert stats.mvn_logpdf(x, MU3, SIGMA3) == pytest.approx(want,
                                                                 rel=1e-13)

    def test_no_determinant_underflow(self):
        # det(1e-200 I_3) = 1e-600 underflows; its log does not
        lp = stats.mvn_logpdf(np.zeros(3), np.zeros(3), 1e-200 * np.eye(3))
        want = -1.5 * math.log(1e-200) - 1.5 * math.log(2 * math.pi)
        assert lp == pytest.approx(want, rel=1e-14)

    def test_too_far_is_refused(self):
        with pytest.raises(ValueError, match="range"):
            stats.mvn_logpdf([1e200, 0.0], [0.0, 0.0], np.eye(2))

    def test_bad_cov(self):
        with pytest.raises(ValueError, match="cov"):
            stats.mvn_logpdf([0.0, 0.0], [0.0, 0.0], [[1.0, 0.0]])


# --------------------------------------------------------- principal axes
class TestPrincipalAxes:
    def test_matches_eigh(self):
        res = stats.principal_axes(SIGMA3)
        lam, vec = np.linalg.eigh(SIGMA3)
        np.testing.assert_allclose(res.variances, lam[::-1], rtol=1e-13)
        for i in range(3):
            assert abs(abs(res.directions[:, i] @ vec[:, 2 - i]) - 1) < 1e-13
        pick = np.argmax(np.abs(res.directions), axis=0)
        assert np.all(res.directions[pick, np.arange(3)] > 0)

    def test_semidefinite_is_accepted_indefinite_is_not(self):
        res = stats.principal_axes([[1.0, 1.0], [1.0, 1.0]])
        np.testing.assert_allclose(res.variances, [2.0, 0.0], atol=1e-15)
        with pytest.raises(ValueError, match="semi-definite"):
            stats.principal_axes([[1.0, 2.0], [2.0, 1.0]])

    def test_bad_cov(self):
        with pytest.raises(ValueError, match="symmetric"):
            stats.principal_axes([[1.0, 0.3], [0.0, 1.0]])
        with pytest.raises(TypeError, match="cov"):
            stats.principal_axes([[True, False], [False, True]])


class TestAxisAngle:
    @pytest.mark.parametrize("rho", [0.2, 0.5, 0.8])
    def test_two_dimensional_formula(self, rho):
        # lambda = 1 +- rho: sqrt(l1 l2) / (l1 - l2) = sqrt(1-rho^2)/(2 rho)
        c = np.array([[1.0, rho], [rho, 1.0]])
        assert stats.axis_angle_sd(c, 100) == pytest.approx(
            math.sqrt(1 - rho**2) / (2 * rho) / 10, rel=1e-12)

    def test_general_dimension_sum(self):
        lam = np.array([4.0, 2.0, 1.0])
        c = spectral.random_symmetric(lam, rng=rng(19)).a
        want = math.sqrt((4 * 2 / 4 + 4 * 1 / 9) / 50)
        assert stats.axis_angle_sd(c, 50) == pytest.approx(want, rel=1e-10)

    def test_zero_gap_is_refused(self):
        with pytest.raises(ValueError, match="repeated"):
            stats.axis_angle_sd(np.eye(2), 100)

    def test_bad_n(self):
        with pytest.raises(ValueError, match="n"):
            stats.axis_angle_sd(S_COR, 1)

    @given(seed=st.integers(0, 2**16), eps=st.floats(1e-6, 3.0))
    def test_davis_kahan_holds_for_every_perturbation(self, seed, eps):
        g = rng(seed)
        c = spectral.random_symmetric(np.array([3.0, 1.5, 0.5]), rng=g).a
        e = g.standard_normal((3, 3))
        c_hat = c + eps * (e + e.T) / 2
        v1 = np.linalg.eigh(c)[1][:, -1]
        v1_hat = np.linalg.eigh(c_hat)[1][:, -1]
        sin_theta = math.sin(spectral.angle_between_lines(v1_hat, v1))
        assert sin_theta <= stats.davis_kahan_bound(c, c_hat) + 1e-12

    def test_davis_kahan_bad_inputs(self):
        with pytest.raises(ValueError, match="cov_hat"):
            stats.davis_kahan_bound(S_COR, np.eye(3))
        with pytest.raises(ValueError, match="repeated"):
            stats.davis_kahan_bound(np.eye(2), S_COR)

    def test_sample_leading_axes_are_unit_vectors(self):
        v = stats.sample_leading_axes(SIGMA3, 20, 15, rng(20))
        assert v.shape == (15, 3)
        np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-14)

    def test_sample_leading_axes_bad_inputs(self):
        with pytest.raises(ValueError, match="n"):
            stats.sample_leading_axes(SIGMA3, 3, 5, rng())
        with pytest.raises(ValueError, match="n_rep"):
            stats.sample_leading_axes(SIGMA3, 10, 0, rng())
        with pytest.raises(ValueError, match="rng"):
            stats.sample_leading_axes(SIGMA3, 10, 5, None)

    def test_study_bad_inputs(self):
        with pytest.raises(ValueError, match="ns"):
            stats.axis_angle_study(S_COR, np.array([100, 50]), 10, rng())
        with pytest.raises(ValueError, match="ns"):
            stats.axis_angle_study(S_COR, np.array([2, 50]), 10, rng())
        with pytest.raises(ValueError, match="repeated"):
            stats.axis_angle_study(np.eye(2), np.array([50]), 10, rng())
        with pytest.raises(ValueError, match="n_rep"):
            stats.axis_angle_study(S_COR, np.array([50]), 1, rng())


# ---------------------------------------------------------- concentration
class TestHoeffding:
    @given(p=st.floats(0.01, 0.99), n=st.integers(1, 400),
           eps=st.floats(0.01, 0.5))
    def test_bound_dominates_exact_binomial_tail(self, p, n, eps):
        b = sps.binom(n, p)
        # P(|S/n - p| >= eps) = P(S <= n(p - eps)) + P(S >= n(p + eps));
        # the 1e-9 keeps ties inside the event, as in the chapter.
        exact = (b.cdf(math.floor(n * (p - eps) + 1e-9))
                 + b.sf(math.ceil(n * (p + eps) - 1e-9) - 1))
        assert exact <= float(stats.hoeffding_bound(n, eps)) + 1e-12

    def test_radius_inverts_bound(self):
        ns = np.array([10, 100, 1000])
        r = stats.hoeffding_radius(ns, 0.05, low=-1.0, high=3.0)
        np.testing.assert_allclose(
            [float(stats.hoeffding_bound(n, e, -1.0, 3.0)) for n, e in
             zip(ns, r)], 0.05, rtol=1e-12)

    def test_sharper_than_chebyshev_for_large_n(self):
        ns = np.array([1_000, 10_000])
        assert np.all(stats.hoeffding_bound(ns, 0.05)
                      < prob.chebyshev_bound(0.5, ns, 0.05))

    @pytest.mark.parametrize("kw,match", [
        (dict(low=1.0, high=1.0), "high"), (dict(low="0"), "low"),
        (dict(high=np.inf), "high"), (dict(low=-1e308, high=1e308), "overflow")])
    def test_bad_range(self, kw, match):
        with pytest.raises((ValueError, TypeError), match=match):
            stats.hoeffding_bound(10, 0.1, **kw)

    def test_bad_eps_alpha_n(self):
        with pytest.raises(ValueError, match="eps"):
            stats.hoeffding_bound(10, 0.0)
        with pytest.raises(ValueError, match="alpha"):
            stats.hoeffding_radius(10, 1.5)
        with pytest.raises(ValueError, match="n"):
            stats.hoeffding_radius([10, 0], 0.1)
        with pytest.raises(TypeError, match="n"):
            stats.hoeffding_bound([True, False], 0.1)


class TestLIL:
    def test_formula(self):
        n = np.array([10.0, 1e6])
        np.testing.assert_allclose(stats.lil_envelope(n, 2.0),
                                   2 * np.sqrt(2 * np.log(np.log(n)) / n),
                                   rtol=1e-15)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="n"):
            stats.lil_envelope(2)
        with pytest.raises(ValueError, match="sigma"):
            stats.lil_envelope(10, 0.0)


class TestBernoulliCLT:
    def test_values_live_on_the_lattice(self):
        s = stats.bernoulli_clt_sample(50, 0.3, 200, rng(21))
        counts = s.z / s.spacing + 50 * 0.3
        np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)
        assert s.spacing == pytest.approx(1 / math.sqrt(50 * 0.21))

    def test_exact_moments_of_binomial(self):
        s = stats.bernoulli_clt_sample(40, 0.2, 100_000, rng(22))
        # Var(Z) = 1; Var(Z^2) = mu4 - 1 with mu4 = 3 + (1-6pq)/(npq)
        mu4 = 3 + (1 - 6 * 0.16) / (40 * 0.16)
        assert abs(s.z.mean()) <= 5 / math.sqrt(1e5)
        assert abs(np.mean(s.z**2) - 1) <= 5 * math.sqrt((mu4 - 1) / 1e5)

    @pytest.mark.parametrize("kw,exc,match", [
        (dict(p=0.0), ValueError, "p"), (dict(p=1.0), ValueError, "p"),
        (dict(n=0), ValueError, "n"), (dict(n_rep=1.5), TypeError, "n_rep"),
        (dict(rng=None), ValueError, "rng")])
    def test_bad_inputs(self, kw, exc, match):
        args = dict(n=10, p=0.5, n_rep=5, rng=rng())
        args.update(kw)
        with pytest.raises(exc, match=match):
            stats.bernoulli_clt_sample(**args)

    @given(n=st.integers(1, 500), p=st.floats(0.01, 0.99),
           per_bin=st.integers(1, 7), seed=st.integers(0, 1000))
    def test_lattice_bins_hold_equal_numbers_of_values(self, n, p, per_bin,
                                                       seed):
        s = stats.bernoulli_clt_sample(n, p, 50, rng(seed))
        edges = stats.lattice_bin_edges(s, per_bin)
        assert edges[0] < s.z.min() and edges[-1] > s.z.max()
        lattice = (np.arange(n + 1) - n * p) * s.spacing          # all z_k
        counts, _ = np.histogram(lattice, bins=edges)
        # every bin holds per_bin values, except possibly the last one,
        # which may reach beyond the largest possible value z_n
        assert np.all(counts[:-1] == per_bin)
        assert 1 <= counts[-1] <= per_bin
        if edges[-1] < lattice[-1]:
            assert counts[-1] == per_bin
        # no lattice value sits within rounding of an edge
        gaps = np.min(np.abs(lattice[:, None] - edges[None, :]))
        assert gaps >= 0.49 * s.spacing

    def test_lattice_bin_edges_bad_inputs(self):
        with pytest.raises(TypeError, match="sample"):
            stats.lattice_bin_edges(np.zeros(3))
        s = stats.bernoulli_clt_sample(10, 0.5, 5, rng())
        with pytest.raises(ValueError, match="per_bin"):
            stats.lattice_bin_edges(s, 0)


# -------------------------------------------------- conditional probability
class TestDiagnostic:
    def test_matches_exact_bayes_with_fractions(self):
        prev, sens, spec = Fraction(1, 100), Fraction(99, 100), Fraction(95, 100)
        p_pos = sens * prev + (1 - spec) * (1 - prev)
        dx = stats.diagnostic_posterior(0.01, 0.99, 0.95)
        assert dx.ppv == pytest.approx(float(sens * prev / p_pos), rel=1e-14)
        assert dx.npv == pytest.approx(
            float(spec * (1 - prev) / (1 - p_pos)), rel=1e-14)
        assert dx.p_positive == pytest.approx(float(p_pos), rel=1e-14)
        assert dx.ppv == pytest.approx(1 / 6, rel=1e-12)

    def test_simulation_agrees_within_error_bar(self):
        est = stats.simulate_diagnostic(0.01, 0.99, 0.95, 1_000_000,
                                        rng(2024))
        assert abs(est.estimate - 1 / 6) <= 5 * est.se

    @pytest.mark.parametrize("args,match", [
        ((0.0, 0.9, 0.9), "prevalence"), ((1.0, 0.9, 0.9), "prevalence"),
        ((0.1, 1.2, 0.9), "sensitivity"), ((0.1, 0.9, -0.1), "specificity"),
        ((0.1, 0.0, 1.0), "impossible"), ((0.1, np.nan, 0.9), "sensitivity")])
    def test_bad_inputs(self, args, match):
        with pytest.raises(ValueError, match=match):
            stats.diagnostic_posterior(*args)

    def test_simulate_bad_inputs(self):
        with pytest.raises(ValueError, match="n"):
            stats.simulate_diagnostic(0.1, 0.9, 0.9, 0, rng())
        with pytest.raises(ValueError, match="rng"):
            stats.simulate_diagnostic(0.1, 0.9, 0.9, 10, "seed")
        with pytest.raises(ValueError, match="positive"):
            stats.simulate_diagnostic(1e-9, 0.5, 1.0, 10, rng())


# -------------------------------------------------------------- bootstrap
class TestBootstrap:
    def test_replicates_are_statistics_of_resamples(self):
        x = rng(23).standard_normal(25)
        ci = stats.bootstrap_percentile_ci(x, rng(24), n_boot=300)
        idx = rng(24).integers(0, 25, size=(300, 25))
        np.testing.assert_allclose(ci.replicates, x[idx].mean(axis=1),
                                   rtol=1e-14)
        lo, hi = np.quantile(ci.replicates, [0.025, 0.975])
        assert (ci.low, ci.high) == (lo, hi)
        assert ci.estimate == pytest.approx(x.mean(), rel=1e-14)

    def test_agrees_with_scipy_bootstrap(self):
        # Endpoints are bootstrap quantiles with B = 5000: their MC sd is
        # sqrt(q(1-q)/B) / phi(1.96) * s/sqrt(n) ~ 0.004 each; the two
        # independent runs differ with sd ~ 0.0055, tolerance 5 sd.
        x = rng(25).standard_normal(100)
        ours = stats.bootstrap_percentile_ci(x, rng(26), n_boot=5000)
        ref = sps.bootstrap((x,), np.mean, n_resamples=5000,
                            method="percentile", rng=rng(27))
        tol = 5 * math.sqrt(2) * math.sqrt(0.025 * 0.975 / 5000) / \
            sps.norm.pdf(1.96) * x.std(ddof=1) / 10
        assert abs(ours.low - ref.confidence_interval.low) <= tol
        assert abs(ours.high - ref.confidence_interval.high) <= tol

    def test_median_statistic(self):
        x = rng(28).exponential(size=31)
        ci = stats.bootstrap_percentile_ci(x, rng(29), statistic=np.median,
                                           n_boot=400)
        assert ci.estimate == np.median(x) and ci.low <= ci.high

    def test_coverage_for_normal_mean_matches_t_theory(self):
        # percentile interval ~ xbar +- 1.96 s sqrt((n-1)/n)/sqrt(n), which
        # covers with P(|t_{n-1}| <= 1.96 sqrt((n-1)/n)); binomial se.
        n, reps = 100, 1000
        c = stats.bootstrap_coverage("normal", 0.0, n, reps, rng(30),
                                     n_boot=500)
        exact = 1 - 2 * sps.t(n - 1).sf(1.96 * math.sqrt((n - 1) / n))
        assert abs(c.estimate - exact) <= 4 * math.sqrt(exact * (1 - exact)
                                                        / reps)

    def test_undercoverage_for_small_skewed_samples(self):
        # chapter claim: n = 15 exponential draws cover the mean clearly
        # less often than 95% (more than 4 binomial se short).
        c = stats.bootstrap_coverage("exponential", 1.0, 15, 1500, rng(31),
                                     n_boot=400)
        assert c.estimate < 0.95 - 4 * math.sqrt(0.95 * 0.05 / 1500)

    def test_bad_inputs(self):
        x = np.arange(5.0)
        with pytest.raises(ValueError, match="x"):
            stats.bootstrap_percentile_ci([1.0], rng())
        with pytest.raises(TypeError, match="x"):
            stats.bootstrap_percentile_ci([True, False], rng())
        with pytest.raises(ValueError, match="rng"):
            stats.bootstrap_percentile_ci(x, None)
        with pytest.raises(TypeError, match="statistic"):
            stats.bootstrap_percentile_ci(x, rng(), statistic=3)
        with pytest.raises(TypeError, match="statistic"):
            stats.bootstrap_percentile_ci(x, rng(), statistic=lambda a: 0)
        with pytest.raises(ValueError, match="statistic"):
            stats.bootstrap_percentile_ci(
                x, rng(), statistic=lambda a, axis: np.full(a.shape[0],
                                                            np.nan))
        with pytest.raises(ValueError, match="level"):
            stats.bootstrap_percentile_ci(x, rng(), level=1.0)
        with pytest.raises(ValueError, match="n_boot"):
            stats.bootstrap_percentile_ci(x, rng(), n_boot=5)

    def test_coverage_bad_inputs(self):
        with pytest.raises(ValueError, match="dist"):
            stats.bootstrap_coverage("gamma", 1.0, 10, 5, rng())
        with pytest.raises(ValueError, match="true_value"):
            stats.bootstrap_coverage("normal", np.nan, 10, 5, rng())
        with pytest.raises(ValueError, match="n"):
            stats.bootstrap_coverage("normal", 0.0, 1, 5, rng())
        with pytest.raises(ValueError, match="too large"):
            stats.bootstrap_coverage("normal", 0.0, 10**4, 10**5, rng(),
                                     n_boot=10**5)


# ---------------------------------------------------- the chapter's claims
def test_claim_fig_prob_lln_clt():
    """Left: ten running means settle on p; the Hoeffding band (dotted),
    valid at every n, is wider than the normal band p +- 1.96 sigma/sqrt(n)
    (solid). Right: the errors sqrt(n)(Xbar_n - p)/sigma of 10,000 means
    at n = 2000 follow the standard normal density; each bar holds the
    same number of lattice values."""
    # caption: "p = 0.3", "ten running means", "10,000 means at n = 2000";
    # alt text: "sample size from 1 to 10,000"
    assert (LLN_P, LLN_PATHS, LLN_N) == (0.3, 10, 10_000)
    assert (CLT_P, CLT_N, CLT_REP) == (0.3, 2_000, 10_000)
    # (1) settle on p: at n = 10^4 every plotted path is inside Hoeffding's
    # radius for alpha = 1e-6 / 10 (union bound over the ten paths: the
    # check fails with probability <= 1e-6 if the claim is true).
    ns = fitting.geomspace_int(1, LLN_N, 200)
    paths = prob.sample_mean_paths("bernoulli", LLN_N, LLN_PATHS,
                                   rng(LLN_SEED), at=ns, p=LLN_P)
    r = float(stats.hoeffding_radius(LLN_N, 1e-6 / LLN_PATHS))
    assert np.all(np.abs(paths[:, -1] - LLN_P) <= r)
    # (2) the Hoeffding band is wider than the normal band at every n
    sigma = math.sqrt(LLN_P * (1 - LLN_P))
    assert np.all(stats.hoeffding_radius(ns, 0.05)
                  > sps.norm.ppf(0.975) * sigma / np.sqrt(ns))
    # (3) standardised errors vs N(0, 1). Triangle inequality:
    # sup|F_R - Phi| <= sup|F_R - F_exact| + sup|F_exact - Phi|. The first
    # term is <= the DKW radius at alpha = 1e-3 with probability 0.999;
    # the second (the lattice floor) is computed exactly from the
    # binomial law, at both sides of every jump.
    s = clt_sample()
    k = np.arange(CLT_N + 1)
    zk = (k - CLT_N * CLT_P) * s.spacing
    fk = sps.binom(CLT_N, CLT_P).cdf(k)
    phi = sps.norm.cdf(zk)
    floor = max(np.max(np.abs(fk - phi)),
                np.max(np.abs(np.r_[0.0, fk[:-1]] - phi)))
    ks = stats.ks_distance(s.z, stats.normal_cdf)
    assert ks <= floor + float(stats.dkw_radius(CLT_REP, 1e-3))
    assert ks == pytest.approx(sps.kstest(s.z, "norm").statistic, rel=1e-12)
    # moments: E Z = 0, E Z^2 = 1 with se 1/sqrt(R), sqrt((mu4 - 1)/R)
    pq = CLT_P * (1 - CLT_P)
    mu4 = 3 + (1 - 6 * pq) / (CLT_N * pq)
    assert abs(s.z.mean()) <= 4 / math.sqrt(CLT_REP)
    assert abs(np.mean(s.z**2) - 1) <= 4 * math.sqrt((mu4 - 1) / CLT_REP)
    # (4) each bar holds the same number (4) of lattice values
    edges = stats.lattice_bin_edges(s, 4)
    counts, _ = np.histogram(zk, bins=edges)
    assert np.all(counts == 4)


def test_claim_fig_prob_gaussian_clouds():
    """Left: correlation 0.8 gives a cloud elongated along the diagonal;
    the sample principal axes (dashed) lie on the true ones (solid), and
    the leading axes of 30 further samples (thin) fan out by only about a
    degree. Right: independent coordinates give a round cloud; no direction
    is principal, and the leading axes of further samples point in all
    directions. In both panels the dotted ellipse of Mahalanobis distance 2
    holds about 86% of the points."""
    # caption: "n = 500", "correlation 0.8", "30 further samples"
    assert (CLOUD_N, CLOUD_REPS, S_COR[0, 1]) == (500, 30, 0.8)
    x_cor, x_ind, reps_cor, reps_ind = cloud_data()
    v1 = stats.principal_axes(S_COR).directions[:, 0]
    np.testing.assert_allclose(np.abs(v1), [math.sqrt(0.5)] * 2, rtol=1e-14)
    c_hat = stats.covariance(x_cor).cov
    v_hat = stats.principal_axes(c_hat).directions[:, 0]
    theta = spectral.angle_between_lines(v_hat, v1)
    # Bound derived from the eigengap (eq-prob-angle): to first order
    # theta ~ N(0, sd^2) with sd = sqrt(l1 l2)/((l1 - l2) sqrt(n)); 4 sd.
    sd = stats.axis_angle_sd(S_COR, CLOUD_N)
    assert sd == pytest.approx(0.375 / math.sqrt(CLOUD_N), rel=1e-12)
    assert theta <= 4 * sd
    # ... and the theorem (Davis-Kahan variant) on the same sample
    assert math.sin(theta) <= stats.davis_kahan_bound(S_COR, c_hat)
    # The bound shrinks like 1/sqrt(n): the measured rms angle matches the
    # prediction within 4 Monte Carlo se at every n from 200 to 6400.
    study = stats.axis_angle_study(S_COR, np.array([200, 800, 3200, 6400]),
                                   400, rng(5))
    assert np.all(np.abs(study.rms - study.predicted) <= 4 * study.rms_se)
    np.testing.assert_allclose(study.predicted * np.sqrt(study.ns), 0.375)
    # "about a degree": rms of the 30 thin lines vs the prediction; with 30
    # replicates the rms has relative se ~ 1/sqrt(2 * 30) = 0.13.
    ang = spectral.angle_between_lines(reps_cor, v1)
    rms = math.sqrt(np.mean(ang**2))
    assert abs(rms / sd - 1) <= 4 / math.sqrt(2 * CLOUD_REPS)
    assert 0.5 <= math.degrees(rms) <= 1.5
    # Right: round cloud. For Sigma = I, n (l1 - l2)^2 / 4 -> chi^2_2, so
    # P(l1 - l2 > 2 sqrt(2 log(1/alpha) / n)) ~ alpha; alpha = 1e-4.
    lam = stats.principal_axes(stats.covariance(x_ind).cov).variances
    assert lam[0] - lam[1] <= 2 * math.sqrt(2 * math.log(1e4) / CLOUD_N)
    # no direction is principal: axes of independent samples are uniform
    # on [0, pi) (the Wishart law with scale I is rotation invariant); KS
    # against the uniform law within the DKW radius at alpha = 1e-3.
    many = stats.sample_leading_axes(S_IND, CLOUD_N, 2000, rng(40))
    angles = np.mod(np.arctan2(many[:, 1], many[:, 0]), np.pi)
    ks = stats.ks_distance(angles, lambda t: t / np.pi)
    assert ks <= float(stats.dkw_radius(2000, 1e-3))
    # the 30 thin lines of the right panel cover all directions: no
    # half-circle gap (their largest gap is far below pi/2)
    a = np.sort(np.mod(np.arctan2(reps_ind[:, 1], reps_ind[:, 0]), np.pi))
    assert np.max(np.diff(np.r_[a, a[0] + np.pi])) < np.pi / 4
    # Mahalanobis distance 2 holds 1 - e^{-2} = 86.5% (chi^2_2), binomial se
    p_in = 1 - math.exp(-2)
    for x, s_true in ((x_cor, S_COR), (x_ind, S_IND)):
        f = np.mean(stats.mahalanobis(x, np.zeros(2), s_true) <= 2.0)
        assert abs(f - p_in) <= 4 * math.sqrt(p_in * (1 - p_in) / CLOUD_N)
