"""Tests for execmath.prob against SciPy and analytic values."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from execmath import fitting, prob


class TestNormalPdf:
    def test_matches_scipy(self):
        x = np.linspace(-6, 6, 101)
        np.testing.assert_allclose(
            prob.normal_pdf(x, mu=0.5, sigma=1.7),
            stats.norm.pdf(x, loc=0.5, scale=1.7),
            rtol=1e-14,
        )

    def test_integrates_to_one(self):
        total, _ = integrate.quad(lambda t: prob.normal_pdf(t, 2.0, 0.3), -10, 14)
        assert total == pytest.approx(1.0, abs=1e-10)

    def test_peak_value(self):
        assert prob.normal_pdf(0.0) == pytest.approx(1 / np.sqrt(2 * np.pi))

    @pytest.mark.parametrize("sigma", [0.0, -1.0, np.nan])
    def test_bad_sigma(self, sigma):
        with pytest.raises(ValueError, match="sigma"):
            prob.normal_pdf([0.0], sigma=sigma)

    def test_nan_x(self):
        with pytest.raises(ValueError, match="x"):
            prob.normal_pdf([0.0, np.nan])


# --------------------------------------------------------------------------
# Chapter 1: iid draws, running means and the law of large numbers
# --------------------------------------------------------------------------

SCIPY_LAWS = {
    "normal": ({"mu": 1.5, "sigma": 2.0}, stats.norm(loc=1.5, scale=2.0)),
    "uniform": ({"low": -1.0, "high": 3.0}, stats.uniform(loc=-1.0, scale=4.0)),
    "exponential": ({"scale": 0.5}, stats.expon(scale=0.5)),
    "cauchy": ({"loc": 1.0, "scale": 2.0}, stats.cauchy(loc=1.0, scale=2.0)),
}


class TestDraw:
    @pytest.mark.parametrize("dist", sorted(SCIPY_LAWS))
    def test_kolmogorov_smirnov_against_scipy(self, dist):
        params, law = SCIPY_LAWS[dist]
        x = prob.draw(dist, 4000, np.random.default_rng(3), **params)
        assert x.shape == (4000,) and x.dtype == np.float64
        assert stats.kstest(x, law.cdf).pvalue > 1e-3

    def test_bernoulli_is_zero_one_with_frequency_p(self):
        x = prob.draw("bernoulli", (50, 200), np.random.default_rng(4), p=0.3)
        assert x.shape == (50, 200) and x.dtype == np.float64
        assert set(np.unique(x)) == {0.0, 1.0}
        # binomial test of the frequency of ones
        ones = int(x.sum())
        assert stats.binomtest(ones, x.size, 0.3).pvalue > 1e-3

    def test_same_seed_same_draws(self):
        a = prob.draw("normal", 5, np.random.default_rng(42))
        b = prob.draw("normal", 5, np.random.default_rng(42))
        c = prob.draw("normal", 5, np.random.default_rng(43))
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)

    def test_defaults_match_documented_table(self):
        a = prob.draw("uniform", 1000, np.random.default_rng(0))
        assert a.min() >= -1.0 and a.max() < 1.0

    @pytest.mark.parametrize("name, kwargs", [
        ("dist", {"dist": "gauss"}),
        ("scale", {"dist": "normal", "scale": 1.0}),
        ("sigma", {"dist": "normal", "sigma": 0.0}),
        ("scale", {"dist": "cauchy", "scale": -1.0}),
        ("p", {"dist": "bernoulli", "p": 1.5}),
        ("low", {"dist": "uniform", "low": 2.0, "high": 1.0}),
        ("mu", {"dist": "normal", "mu": np.inf}),
    ])
    def test_bad_params(self, name, kwargs):
        dist = kwargs.pop("dist")
        with pytest.raises(ValueError, match=name):
            prob.draw(dist, 3, np.random.default_rng(0), **kwargs)

    @pytest.mark.parametrize("size", [0, (3, 0), 2.5, (2, -1)])
    def test_bad_size(self, size):
        with pytest.raises(ValueError, match="size"):
            prob.draw("normal", size, np.random.default_rng(0))

    def test_rejects_legacy_random_state(self):
        with pytest.raises(ValueError, match="rng"):
            prob.draw("normal", 3, np.random.RandomState(0))


class TestMoments:
    @pytest.mark.parametrize("dist", ["normal", "uniform", "exponential"])
    def test_match_scipy(self, dist):
        params, law = SCIPY_LAWS[dist]
        mom = prob.moments(dist, **params)
        assert mom.mean == pytest.approx(law.mean(), rel=1e-14)
        assert mom.sd == pytest.approx(law.std(), rel=1e-14)

    def test_bernoulli_matches_scipy(self):
        mom = prob.moments("bernoulli", p=0.3)
        assert mom.mean == pytest.approx(stats.bernoulli(0.3).mean())
        assert mom.sd == pytest.approx(stats.bernoulli(0.3).std())

    def test_cauchy_has_no_moments(self):
        mom = prob.moments("cauchy")
        law = stats.cauchy()
        assert math.isnan(mom.mean) and math.isnan(mom.sd)
        assert math.isnan(law.mean()) or not math.isfinite(law.mean())

    @pytest.mark.parametrize("dist", sorted(prob.DISTRIBUTIONS))
    def test_returns_python_floats(self, dist):
        assert all(type(v) is float for v in prob.moments(dist))

    def test_bad_dist(self):
        with pytest.raises(ValueError, match="dist"):
            prob.moments("student")


class TestRunningMean:
    def test_matches_prefix_means(self):
        x = np.random.default_rng(1).standard_normal(50)
        want = [math.fsum(x[:n]) / n for n in range(1, 51)]
        np.testing.assert_allclose(prob.running_mean(x), want, rtol=1e-13)

    def test_axis_zero_is_transpose_of_axis_one(self):
        x = np.random.default_rng(2).uniform(size=(4, 30))
        np.testing.assert_allclose(prob.running_mean(x.T, axis=0),
                                   prob.running_mean(x, axis=1).T)

    def test_last_entry_is_mean(self):
        x = np.arange(10.0)
        assert prob.running_mean(x)[-1] == pytest.approx(np.mean(x))

    @pytest.mark.parametrize("axis", [2, -3, 1.0])
    def test_bad_axis(self, axis):
        with pytest.raises(ValueError, match="axis"):
            prob.running_mean(np.zeros((2, 3)), axis=axis)

    def test_nan(self):
        with pytest.raises(ValueError, match="x"):
            prob.running_mean([1.0, np.nan])


class TestSampleMeanPaths:
    def test_equals_running_mean_of_draws(self):
        got = prob.sample_mean_paths("uniform", 200, 7,
                                     np.random.default_rng(5))
        x = prob.draw("uniform", (7, 200), np.random.default_rng(5))
        np.testing.assert_allclose(got, prob.running_mean(x), rtol=1e-13)

    def test_at_selects_columns(self):
        at = np.array([1, 10, 100])
        full = prob.sample_mean_paths("normal", 100, 5,
                                      np.random.default_rng(6))
        some = prob.sample_mean_paths("normal", 100, 5,
                                      np.random.default_rng(6), at=at)
        assert some.shape == (5, 3)
        np.testing.assert_allclose(some, full[:, at - 1], rtol=1e-13)

    def test_blocks_give_the_same_draws(self):
        # n = 2**20 makes blocks of 2 rows, so 3 paths need two blocks
        n, at = 2**20, np.array([1, 2**20])
        got = prob.sample_mean_paths("normal", n, 3,
                                     np.random.default_rng(8), at=at)
        x = np.random.default_rng(8).standard_normal((3, n))
        want = np.column_stack([x[:, 0], x.mean(axis=1)])
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)

    def test_bernoulli_parameters_are_passed_on(self):
        m = prob.sample_mean_paths("bernoulli", 2000, 50,
                                   np.random.default_rng(9), p=0.9,
                                   at=[2000])
        assert np.mean(m) == pytest.approx(0.9, abs=0.01)

    @pytest.mark.parametrize("at", [[0, 5], [5, 3], [1, 101], [1.0, 2.0],
                                    [], [[1, 2]]])
    def test_bad_at(self, at):
        with pytest.raises(ValueError, match="at"):
            prob.sample_mean_paths("normal", 100, 2,
                                   np.random.default_rng(0), at=at)

    @pytest.mark.parametrize("name, n, n_paths", [("n", 0, 2),
                                                  ("n_paths", 5, 0)])
    def test_bad_sizes(self, name, n, n_paths):
        with pytest.raises(ValueError, match=name):
            prob.sample_mean_paths("normal", n, n_paths,
                                   np.random.default_rng(0))


class TestSpreads:
    def test_rms_deviation_is_population_std_about_mean(self):
        m = np.random.default_rng(10).standard_normal((300, 4))
        centred = prob.rms_deviation(m - m.mean(axis=0))
        np.testing.assert_allclose(centred, np.std(m, axis=0), rtol=1e-12)

    def test_rms_deviation_about_center(self):
        m = np.array([[1.0, 3.0], [3.0, 5.0]])
        np.testing.assert_allclose(prob.rms_deviation(m, center=1.0),
                                   [np.sqrt(2.0), np.sqrt(10.0)])

    def test_iqr_matches_scipy(self):
        m = np.random.default_rng(11).standard_cauchy((101, 3))
        np.testing.assert_allclose(prob.iqr_spread(m),
                                   stats.iqr(m, axis=0), rtol=1e-12)

    @pytest.mark.parametrize("func", [prob.rms_deviation, prob.iqr_spread])
    def test_paths_must_be_2d(self, func):
        with pytest.raises(ValueError, match="means"):
            func(np.zeros(5))

    def test_bad_center(self):
        with pytest.raises(ValueError, match="center"):
            prob.rms_deviation(np.zeros((2, 2)), center=np.nan)

    def test_variance_of_sample_mean_is_sigma2_over_n(self):
        """Var(mean of n uniform draws) = sigma^2 / n: the RMS deviation
        matches sigma / sqrt(n) within 5 percent (its relative standard
        error with 4000 paths is about 1 percent)."""
        ns = np.array([4, 64, 1024])
        sd = prob.moments("uniform", low=0.0, high=1.0).sd
        m = prob.sample_mean_paths("uniform", 1024, 4000,
                                   np.random.default_rng(12), at=ns,
                                   low=0.0, high=1.0)
        rms = prob.rms_deviation(m, center=0.5)
        np.testing.assert_allclose(rms, sd / np.sqrt(ns), rtol=0.05)


class TestEnvelopeAndBounds:
    def test_mean_envelope_values(self):
        np.testing.assert_allclose(prob.mean_envelope([1, 4, 100], 3.0),
                                   [6.0, 3.0, 0.6])
        np.testing.assert_allclose(prob.mean_envelope(25, 1.0, k=1.0), 0.2)

    @pytest.mark.parametrize("name, args", [("ns", ([0, 1], 1.0)),
                                            ("sigma", ([1], -1.0)),
                                            ("k", ([1], 1.0, 0.0))])
    def test_mean_envelope_bad(self, name, args):
        with pytest.raises(ValueError, match=name):
            prob.mean_envelope(*args)

    def test_fraction_within_small_example(self):
        m = np.array([[0.1, 0.5], [-0.3, 0.05], [0.2, -2.0], [0.0, 0.0]])
        got = prob.fraction_within(m, [0.25, 0.6])
        np.testing.assert_allclose(got, [0.75, 0.75])
        # strict inequality: a path exactly on the edge is outside
        assert prob.fraction_within([[1.0]], 1.0)[0] == 0.0

    def test_fraction_within_normal_band_matches_normal_cdf(self):
        m = np.random.default_rng(13).standard_normal((20000, 1))
        want = stats.norm.cdf(2) - stats.norm.cdf(-2)
        assert prob.fraction_within(m, 2.0)[0] == pytest.approx(want,
                                                                abs=0.006)

    @pytest.mark.parametrize("h", [[1.0, 1.0, 1.0], -1.0, [[1.0, 1.0]]])
    def test_fraction_within_bad_half_width(self, h):
        with pytest.raises(ValueError, match="half_width"):
            prob.fraction_within(np.zeros((3, 2)), h)

    def test_chebyshev_bound_values(self):
        got = prob.chebyshev_bound(0.5, [1, 10, 100, 1000], 0.1)
        np.testing.assert_allclose(got, [1.0, 1.0, 0.25, 0.025])

    def test_chebyshev_bound_holds_for_bernoulli(self):
        """Observed P(|mean - p| >= eps) never exceeds sigma^2/(n eps^2)."""
        ns = fitting.geomspace_int(10, 5000, 12)
        p, eps = 0.3, 0.05
        m = prob.sample_mean_paths("bernoulli", 5000, 2000,
                                   np.random.default_rng(14), at=ns, p=p)
        outside = 1.0 - prob.fraction_within(m, eps, center=p)
        bound = prob.chebyshev_bound(prob.moments("bernoulli", p=p).sd,
                                     ns, eps)
        assert np.all(outside <= bound)

    @pytest.mark.parametrize("name, args", [("sigma", (-1.0, 10, 0.1)),
                                            ("n", (1.0, [0, 10], 0.1)),
                                            ("eps", (1.0, 10, 0.0))])
    def test_chebyshev_bound_bad(self, name, args):
        with pytest.raises(ValueError, match=name):
            prob.chebyshev_bound(*args)


def test_claim_fig_why_running_mean():
    """Fig. fig-why-running-mean: "Left: standard normal draws; the paths
    funnel towards the expectation 0 (dashed) and mostly stay inside the
    black band +-2 sigma/sqrt(n), which narrows by a factor sqrt(10) per
    decade; at each fixed n about 95% of paths lie inside it, so a single
    path may leave it for a stretch. Right: standard Cauchy draws; single
    huge draws make the paths jump, and at n = 10^4 they are no closer to 0
    than at n = 10."

    Tested as: with 2,000 paths the RMS deviation has log-log slope -1/2
    (the funnel), and at every n >= 1000 between 90% and 99% of the paths
    lie inside the band (a pointwise statement, not a fence); the figure's
    own eight paths (seed 2024) are inside the band for most of their
    length, at least one of them leaves it for a stretch; the Cauchy spread
    does not shrink from n = 10^2 to 10^4.
    """
    ns = fitting.geomspace_int(10, 10_000, 25)
    normal = prob.sample_mean_paths("normal", 10_000, 2000,
                                    np.random.default_rng(42), at=ns)
    # (1) RMS deviation scales like n^(-1/2)
    slope = fitting.loglog_slope(ns, prob.rms_deviation(normal))
    assert abs(slope + 0.5) <= 0.05
    # (2) about 95% of paths inside the 2-sigma envelope at large n
    inside = prob.fraction_within(normal, prob.mean_envelope(ns, 1.0))
    assert np.all((inside[ns >= 1000] > 0.9) & (inside[ns >= 1000] < 0.99))
    # (3) Cauchy: the spread does not shrink by the factor sqrt(100) = 10
    cauchy = prob.sample_mean_paths("cauchy", 10_000, 2000,
                                    np.random.default_rng(42), at=ns)
    iqr = prob.iqr_spread(cauchy)
    i100, i10k = np.searchsorted(ns, [100, 10_000])
    assert iqr[i100] / iqr[i10k] < 2.0            # normal draws give ~10
    iqr_normal = prob.iqr_spread(normal)
    assert iqr_normal[i100] / iqr_normal[i10k] > 8.0
    # (4) the figure's eight normal paths: mostly inside, not always
    paths = prob.sample_mean_paths("normal", 10_000, 8,
                                   np.random.default_rng(2024))  # (8, n)
    half = prob.mean_envelope(np.arange(1, 10_001), 1.0)         # (n,)
    outside = np.abs(paths) >= half                               # (8, n)
    assert outside.mean() < 0.05              # mostly inside the band
    assert np.all(outside.mean(axis=1) < 0.5)  # every path, most of the time
    assert outside.any(axis=1).sum() >= 1      # but not a fence


# --------------------------------------------------------------------------
# Chapter 2: does a histogram match a density?
# --------------------------------------------------------------------------

class TestHistogramZscores:
    def test_matches_numpy_histogram_and_scipy_cdf(self):
        """Independent oracle: np.histogram for the bars, scipy's normal cdf
        for the bin probabilities, the binomial sd for the standard error."""
        n, bins = 5_000, 30
        x = np.random.default_rng(21).normal(1.5, 2.0, n)
        pdf = lambda t: prob.normal_pdf(t, mu=1.5, sigma=2.0)  # noqa: E731
        hz = prob.histogram_zscores(x, pdf, bins=bins)
        heights, edges = np.histogram(x, bins=bins, density=True)
        np.testing.assert_array_equal(hz.heights, heights)
        np.testing.assert_array_equal(hz.edges, edges)
        width = np.diff(edges)
        p = np.diff(stats.norm.cdf(edges, loc=1.5, scale=2.0))       # (B,)
        np.testing.assert_allclose(hz.expected, p / width, rtol=1e-12)
        se = stats.binom.std(n, p) / (n * width)
        np.testing.assert_allclose(hz.se, se, rtol=1e-12)
        np.testing.assert_allclose(hz.z, (heights - p / width) / se,
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(hz.bulk, n * p >= 10)

    def test_uniform_density_exact_probabilities(self):
        """For the uniform density on [0, 1) each of B bins inside [0, 1]
        has probability exactly its width."""
        x = np.random.default_rng(22).random(2_000)
        hz = prob.histogram_zscores(
            x, lambda t: np.ones_like(t), bins=10, min_count=150)
        width = np.diff(hz.edges)
        np.testing.assert_allclose(hz.expected, 1.0, rtol=1e-13)
        np.testing.assert_allclose(
            hz.se, np.sqrt(width * (1 - width) / 2_000) / width, rtol=1e-12)
        assert np.all(hz.bulk)          # 2000 * 0.1 = 200 >= 150 everywhere

    def test_zscores_are_standardised_over_replicates(self):
        """Across repeated samples from the density, z in a central bin has
        mean about 0 and standard deviation about 1 (fixed edges: the
        samples are clipped so every replicate spans the same range)."""
        rng = np.random.default_rng(23)
        zs = []
        for _ in range(400):
            x = rng.standard_normal(1_000)
            x = np.concatenate([x[(x > -4) & (x < 4)], [-4.0, 4.0]])
            zs.append(prob.histogram_zscores(x, prob.normal_pdf, bins=16).z)
        zs = np.array(zs)                                     # (400, 16)
        centre = zs[:, 7]
        assert abs(centre.mean()) < 0.2
        assert abs(centre.std() - 1.0) < 0.1

    def test_wrong_density_gives_large_z(self):
        x = np.random.default_rng(24).standard_normal(10_000)
        wide = lambda t: prob.normal_pdf(t, sigma=1.5)  # noqa: E731
        hz = prob.histogram_zscores(x, wide, bins=40)
        assert np.max(np.abs(hz.z[hz.bulk])) > 10

    def test_zero_probability_bin_gives_nan_not_warning(self):
        hz = prob.histogram_zscores([0.0, 1.0, 3.0], lambda t: (t < 1.5) * 1.0,
                                    bins=3, min_count=0.5)
        assert np.isnan(hz.z[-1]) and not hz.bulk[-1]

    @pytest.mark.parametrize("samples", [[1.0], np.zeros((3, 3)),
                                         [0.0, np.nan]])
    def test_bad_samples(self, samples):
        with pytest.raises(ValueError, match="samples"):
            prob.histogram_zscores(samples, prob.normal_pdf)

    @pytest.mark.parametrize("pdf", ["normal", lambda t: -np.ones_like(t),
                                     lambda t: np.ones(3)])
    def test_bad_pdf(self, pdf):
        with pytest.raises(ValueError, match="pdf"):
            prob.histogram_zscores([0.0, 1.0, 2.0], pdf)

    @pytest.mark.parametrize("bins", [0, 2.5, True])
    def test_bad_bins(self, bins):
        with pytest.raises(ValueError, match="bins"):
            prob.histogram_zscores([0.0, 1.0, 2.0], prob.normal_pdf, bins=bins)

    @pytest.mark.parametrize("min_count", [0.0, -1.0, np.inf])
    def test_bad_min_count(self, min_count):
        with pytest.raises(ValueError, match="min_count"):
            prob.histogram_zscores([0.0, 1.0, 2.0], prob.normal_pdf,
                                   min_count=min_count)
