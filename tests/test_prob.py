"""Tests for execmath.prob against SciPy and analytic values."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from execmath import fitting, prob

U = 2.0**-53      # unit roundoff of float64


class TestNormalPdf:
    def test_matches_scipy(self):
        x = np.linspace(-6, 6, 101)
        # z carries ~2u, so the exponent z^2/2 carries ~4u relative, which
        # exp turns into (z^2/2) * 4u relative, plus an ulp or two for exp
        # and the division; the same on SciPy's side: twice that.
        z2 = np.max(((x - 0.5) / 1.7) ** 2) / 2
        np.testing.assert_allclose(
            prob.normal_pdf(x, mu=0.5, sigma=1.7),
            stats.norm.pdf(x, loc=0.5, scale=1.7),
            rtol=2 * (4 * z2 + 4) * U,
        )

    def test_integrates_to_one(self):
        total, err = integrate.quad(lambda t: prob.normal_pdf(t, 2.0, 0.3),
                                    -10, 14)
        # the mass outside [-10, 14] is erfc(40 / sqrt 2) ~ 1e-350: nil;
        # quad's own error estimate bounds the rest.
        assert abs(total - 1.0) <= 10 * err + 4 * U

    def test_peak_value(self):
        # exp(0) = 1 exactly, then one product and one division
        assert prob.normal_pdf(0.0) == pytest.approx(1 / np.sqrt(2 * np.pi),
                                                     rel=4 * U)

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
        # closed forms with <= 3 roundings on either side
        assert mom.mean == pytest.approx(law.mean(), rel=8 * U)
        assert mom.sd == pytest.approx(law.std(), rel=8 * U)

    def test_bernoulli_matches_scipy(self):
        mom = prob.moments("bernoulli", p=0.3)
        # p exactly; sqrt(p(1-p)) with 3 roundings on either side
        assert mom.mean == pytest.approx(stats.bernoulli(0.3).mean(), rel=U)
        assert mom.sd == pytest.approx(stats.bernoulli(0.3).std(), rel=8 * U)

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
        want = np.array([math.fsum(x[:n]) / n for n in range(1, 51)])
        # recursive summation: |error of the k-th sum| <= (k-1) u
        # sum_{i<=k} |x_i|, then one division on each side.
        k = np.arange(1, 51)
        bound = ((k - 1) * U * np.cumsum(np.abs(x)) / k
                 + 2 * U * np.abs(want))
        assert np.all(np.abs(prob.running_mean(x) - want) <= bound)

    def test_axis_zero_is_transpose_of_axis_one(self):
        x = np.random.default_rng(2).uniform(size=(4, 30))
        # the same additions in the same order: bit for bit
        np.testing.assert_array_equal(prob.running_mean(x.T, axis=0),
                                      prob.running_mean(x, axis=1).T)

    def test_last_entry_is_mean(self):
        x = np.arange(10.0)
        assert prob.running_mean(x)[-1] == np.mean(x)   # integers: exact

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
        # the same draws, summed in the same order: bit for bit
        np.testing.assert_array_equal(got, prob.running_mean(x))

    def test_at_selects_columns(self):
        at = np.array([1, 10, 100])
        full = prob.sample_mean_paths("normal", 100, 5,
                                      np.random.default_rng(6))
        some = prob.sample_mean_paths("normal", 100, 5,
                                      np.random.default_rng(6), at=at)
        assert some.shape == (5, 3)
        np.testing.assert_array_equal(some, full[:, at - 1])

    def test_blocks_give_the_same_draws(self):
        # n = 2**20 makes blocks of 2 rows, so 3 paths need two blocks
        n, at = 2**20, np.array([1, 2**20])
        got = prob.sample_mean_paths("normal", n, 3,
                                     np.random.default_rng(8), at=at)
        x = np.random.default_rng(8).standard_normal((3, n))
        want = np.column_stack([x[:, 0], x.mean(axis=1)])
        # recursive (cumsum) vs pairwise (np.mean) summation of n draws:
        # (n - 1 + log2 n) u mean|x| bounds the difference of the means.
        bound = (n + 20) * U * np.abs(x).mean(axis=1, keepdims=True)
        assert np.all(np.abs(got - want) <= bound)

    def test_bernoulli_parameters_are_passed_on(self):
        m = prob.sample_mean_paths("bernoulli", 2000, 50,
                                   np.random.default_rng(9), p=0.9,
                                   at=[2000])
        # 10^5 Bernoulli(0.9) draws: MC standard error sqrt(0.09/1e5) ~
        # 9.5e-4, so 0.01 is about 10 standard errors.
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
        # mean of 300 squares (<= 300u relative, both sides), halved by
        # the square root
        np.testing.assert_allclose(centred, np.std(m, axis=0), rtol=300 * U)

    def test_rms_deviation_about_center(self):
        m = np.array([[1.0, 3.0], [3.0, 5.0]])
        # small integers: exact until the square root, which is correctly
        # rounded
        np.testing.assert_array_equal(prob.rms_deviation(m, center=1.0),
                                      [np.sqrt(2.0), np.sqrt(10.0)])

    def test_iqr_matches_scipy(self):
        m = np.random.default_rng(11).standard_cauchy((101, 3))
        # both interpolate a + (b - a) t between neighbours: 3 roundings
        # relative to the quartiles' size, each side.
        q = np.abs(np.quantile(m, [0.25, 0.75], axis=0)).sum(axis=0)
        np.testing.assert_allclose(prob.iqr_spread(m),
                                   stats.iqr(m, axis=0), rtol=0,
                                   atol=float(8 * U * q.max()))

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
        # exact square roots, then one product and one division
        np.testing.assert_allclose(prob.mean_envelope([1, 4, 100], 3.0),
                                   [6.0, 3.0, 0.6], rtol=2 * U)
        np.testing.assert_allclose(prob.mean_envelope(25, 1.0, k=1.0), 0.2,
                                   rtol=2 * U)

    @pytest.mark.parametrize("name, args", [("ns", ([0, 1], 1.0)),
                                            ("sigma", ([1], -1.0)),
                                            ("k", ([1], 1.0, 0.0))])
    def test_mean_envelope_bad(self, name, args):
        with pytest.raises(ValueError, match=name):
            prob.mean_envelope(*args)

    def test_fraction_within_small_example(self):
        m = np.array([[0.1, 0.5], [-0.3, 0.05], [0.2, -2.0], [0.0, 0.0]])
        got = prob.fraction_within(m, [0.25, 0.6])
        np.testing.assert_array_equal(got, [0.75, 0.75])    # counts / 4
        # strict inequality: a path exactly on the edge is outside
        assert prob.fraction_within([[1.0]], 1.0)[0] == 0.0

    def test_fraction_within_normal_band_matches_normal_cdf(self):
        m = np.random.default_rng(13).standard_normal((20000, 1))
        want = stats.norm.cdf(2) - stats.norm.cdf(-2)
        # binomial standard error sqrt(0.954 * 0.046 / 20000) ~ 0.0015:
        # 0.006 is 4 standard errors
        assert prob.fraction_within(m, 2.0)[0] == pytest.approx(want,
                                                                abs=0.006)

    @pytest.mark.parametrize("h", [[1.0, 1.0, 1.0], -1.0, [[1.0, 1.0]]])
    def test_fraction_within_bad_half_width(self, h):
        with pytest.raises(ValueError, match="half_width"):
            prob.fraction_within(np.zeros((3, 2)), h)

    def test_chebyshev_bound_values(self):
        got = prob.chebyshev_bound(0.5, [1, 10, 100, 1000], 0.1)
        # (0.5/0.1)^2 / n: three roundings
        np.testing.assert_allclose(got, [1.0, 1.0, 0.25, 0.025], rtol=4 * U)

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
    """Fig. fig-why-running-mean: "Left: eight paths of standard normal
    draws, drawn as scaled errors sqrt(n) mean_n; the band +-2 sigma/sqrt(n)
    becomes the fixed strip +-2 sigma, the paths keep the same spread at
    every n, mostly inside the strip, and some leave it for a stretch.
    Right: four paths of standard Cauchy draws, unscaled; single huge draws
    make them jump, and at n = 10^4 they are no closer to 0 than at
    n = 10, the middle half of their distribution being [-1, 1] at every
    n."

    Tested as: with the chapter's 1,000 paths (cell why-many-paths) the
    scaled RMS spread sqrt(n) RMS_n is flat in n (log-log slope of RMS_n =
    -1/2 within 0.05; scaled spread within 10% of sigma at every n, 1,000
    paths give a relative se of 1/sqrt(2000) = 2.2%, so 10% is 4.5 se); at
    every n >= 1000 between 90% and 99% of paths lie inside the band (se
    0.7%: both ends are more than 5 se from 95.4%); the figure's own
    eight normal paths (seed 2024) are inside the
    strip most of the time, every one of them most of its length, and at
    least one leaves it; the Cauchy spread (IQR) does not shrink from
    n = 10 to 10^4 while the normal one shrinks about tenfold per two
    decades; and at every n the share of Cauchy paths inside [-1, 1] is
    1/2 within 4 binomial standard errors.
    """
    ns = fitting.geomspace_int(10, 10_000, 25)
    normal = prob.sample_mean_paths("normal", 10_000, 1000,
                                    np.random.default_rng(42), at=ns)
    rms = prob.rms_deviation(normal)
    slope = fitting.loglog_slope(ns, rms)
    assert abs(slope + 0.5) <= 0.05
    assert np.all(np.abs(rms * np.sqrt(ns) - 1.0) < 0.1)    # flat, = sigma
    inside = prob.fraction_within(normal, prob.mean_envelope(ns, 1.0))
    assert np.all((inside[ns >= 1000] > 0.9) & (inside[ns >= 1000] < 0.99))
    # the figure's eight normal paths: mostly inside the strip, not always
    paths = prob.sample_mean_paths("normal", 10_000, 8,
                                   np.random.default_rng(2024))  # (8, n)
    scaled = paths * np.sqrt(np.arange(1, 10_001))                # (8, n)
    outside = np.abs(scaled) >= 2.0
    assert outside.mean() < 0.05
    assert np.all(outside.mean(axis=1) < 0.5)
    assert outside.any(axis=1).sum() >= 1
    # Cauchy: no shrinkage, quartiles +-1 at every n
    cauchy = prob.sample_mean_paths("cauchy", 10_000, 2000,
                                    np.random.default_rng(42), at=ns)
    iqr_c, iqr_n = prob.iqr_spread(cauchy), prob.iqr_spread(normal)
    i100, i10k = np.searchsorted(ns, [100, 10_000])
    assert iqr_c[0] / iqr_c[-1] < 2.0                # normal draws give ~32
    assert iqr_n[i100] / iqr_n[i10k] > 8.0
    half = np.mean(np.abs(cauchy) < 1.0, axis=0)                  # (K,)
    assert np.all(np.abs(half - 0.5) <= 4 * math.sqrt(0.25 / 2000))


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
        # The cdf difference carries ~2u absolute (cdf values <= 1); the
        # 8-node Gauss-Legendre rule is exact to far below u for bins this
        # narrow and rounds ~16u relative. So |dp| <= 2u + 16u p.
        dp = 2 * U + 16 * U * p
        assert np.all(np.abs(hz.expected - p / width) <= dp / width)
        se = stats.binom.std(n, p) / (n * width)
        # se ~ sqrt(p): relative error <= dp / (2p) + a few u
        assert np.all(np.abs(hz.se - se) <= (dp / (2 * p) + 8 * U) * se)
        # z = (h - p/w) / se: absolute error <= (dp/w) / se + |z| * rel(se)
        z = (heights - p / width) / se
        zerr = (dp / width) / se + np.abs(z) * (dp / (2 * p) + 8 * U)
        assert np.all(np.abs(hz.z - z) <= 2 * zerr)
        np.testing.assert_array_equal(hz.bulk, n * p >= 10)

    def test_uniform_density_exact_probabilities(self):
        """For the uniform density on [0, 1) each of B bins inside [0, 1]
        has probability exactly its width."""
        x = np.random.default_rng(22).random(2_000)
        hz = prob.histogram_zscores(
            x, lambda t: np.ones_like(t), bins=10, min_count=150)
        width = np.diff(hz.edges)
        # 8 weights summed and scaled: ~16u relative
        np.testing.assert_allclose(hz.expected, 1.0, rtol=16 * U)
        np.testing.assert_allclose(
            hz.se, np.sqrt(width * (1 - width) / 2_000) / width, rtol=16 * U)
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
        # 400 replicates: se of the mean 1/20 = 0.05 (0.2 = 4 se); se of
        # the sd about 1/sqrt(800) = 0.035 (0.1 ~ 3 se)
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


# --------------------------------------------------------------------------
# issue 8: overflow, scale laws and reinterpretation
# --------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))


class TestExtremes:
    @given(POW2)
    @settings(max_examples=60)
    def test_rms_deviation_scales_exactly(self, j):
        """rms(2^j m, 2^j c) == 2^j rms(m, c) for 2^j from 1e-300 to 1e300
        (the issue: [1e-156, 1e152] before)."""
        m = np.random.default_rng(0).standard_normal((50, 3)) + 3.0
        base = prob.rms_deviation(m, center=1.5)
        got = prob.rms_deviation(np.ldexp(m, j), center=math.ldexp(1.5, j))
        np.testing.assert_array_equal(got, np.ldexp(base, j))

    def test_running_mean_of_huge_draws(self):
        np.testing.assert_array_equal(
            prob.running_mean([1e308, 1e308, -1e308]),
            [1e308, 1e308, 1e308 / 3])

    def test_iqr_spread_at_the_extremes(self):
        # np.quantile alone computes a + (b - a) t with b - a = inf here
        got = prob.iqr_spread([[-8e307], [8e307]])
        assert got[0] == pytest.approx(8e307, rel=4 * U)
        with pytest.raises(ValueError, match="spread beyond"):
            prob.iqr_spread([[-1.7e308], [-1.7e308], [1.7e308], [1.7e308]])

    def test_chebyshev_bound_does_not_overflow(self):
        """Issue example: sigma = 1e200 raised OverflowError."""
        np.testing.assert_array_equal(prob.chebyshev_bound(1e200, [10], 1.0),
                                      [1.0])
        np.testing.assert_array_equal(
            prob.chebyshev_bound(1e-200, [1e300], 1e200), [0.0])

    def test_moments_of_a_huge_uniform(self):
        mom = prob.moments("uniform", low=-1e300, high=1e300)
        assert mom.mean == 0.0
        assert mom.sd == pytest.approx(2e300 / math.sqrt(12), rel=4 * U)
        x = prob.draw("uniform", 1000, np.random.default_rng(0),
                      low=-1e300, high=1e300)
        assert np.all(np.isfinite(x)) and x.min() < -1e299

    def test_draws_that_would_overflow_are_refused(self):
        with pytest.raises(ValueError, match="scale"):
            prob.draw("exponential", 10, np.random.default_rng(0),
                      scale=1e308)
        with pytest.raises(ValueError, match="mu"):
            prob.draw("normal", 3, np.random.default_rng(0), mu=1e308)

    def test_normal_pdf_far_and_wide(self):
        got = prob.normal_pdf([1e308, 0.0], mu=-1e308, sigma=1e308)
        want = stats.norm.pdf([2.0, 1.0]) / 1e308
        # z = (x - mu) / sigma in scaled form (<= 3u), z**2 / 2 (<= 7u),
        # exp with |z**2 / 2| <= 2 amplifies by 2 (14u + u), then the
        # division by sqrt(2 pi) sigma (2u): <= 20u; scipy's side as much
        np.testing.assert_allclose(got, want, rtol=40 * U)   # subnormal-free
        with pytest.raises(ValueError, match="sigma"):
            prob.normal_pdf([0.0], sigma=5e-324)

    def test_huge_counts_are_refused_by_name(self):
        with pytest.raises(ValueError, match="size"):
            prob.draw("normal", (2**40, 2**40), np.random.default_rng(0))
        with pytest.raises(ValueError, match="n"):
            prob.sample_mean_paths("normal", 2**40, 1,
                                   np.random.default_rng(0))

    def test_histogram_of_an_unbinnable_sample(self):
        with pytest.raises(ValueError, match="samples"):
            prob.histogram_zscores([-1e308, 1e308], prob.normal_pdf)
        with pytest.raises(ValueError, match="samples"):
            prob.histogram_zscores([1e308, 1e308], prob.normal_pdf)

    @pytest.mark.parametrize("bad", [[1 + 1j], ["1.0"], [True], None, "3"])
    def test_reinterpretation(self, bad):
        with pytest.raises(TypeError, match="x"):
            prob.running_mean(bad)

    @pytest.mark.parametrize("axis", [0.5, "0", None])
    def test_axis_type(self, axis):
        with pytest.raises(TypeError, match="axis"):
            prob.running_mean([[1.0, 2.0]], axis=axis)


# --------------------------------------------------------------------------
# Chapter 1 revision: does a whole path stay inside the band?
# --------------------------------------------------------------------------

def _bernoulli_stay_inside(n, p, k):
    """Exact P(|S_m/m - p| < k sigma/sqrt(m) for all m <= n) by dynamic
    programming over the count S_m (an independent oracle: no sampling).
    The inside test uses the same float operations as band_exits."""
    sd = math.sqrt(p * (1 - p))
    alive = np.array([1.0])                           # P(S_0 = 0, inside)
    for m in range(1, n + 1):
        new = np.zeros(m + 1)
        new[:-1] += alive * (1 - p)                   # failure: S stays
        new[1:] += alive * p                          # success: S + 1
        s = np.arange(m + 1, dtype=np.float64)
        inside = np.abs(s / m - p) < (k * sd) / np.sqrt(float(m))
        alive = np.where(inside, new, 0.0)
    return float(alive.sum())


def test_band_exits_bernoulli_against_exact_dynamic_programme():
    """The simulated exit frequency agrees with the exact probability
    within 4 binomial standard errors (a 4-sigma two-sided tolerance)."""
    n, p, k, reps = 200, 0.3, 2.0, 20_000
    exact = 1.0 - _bernoulli_stay_inside(n, p, k)
    ex = prob.band_exits("bernoulli", n, reps, np.random.default_rng(5),
                         k=k, p=p)
    se = math.sqrt(exact * (1 - exact) / reps)
    assert abs(ex.fraction - exact) <= 4 * se
    assert ex.se == pytest.approx(
        math.sqrt(ex.fraction * (1 - ex.fraction) / reps), rel=1e-12)


def test_band_exits_normal_against_multivariate_normal_rectangle():
    """For normal draws W_m = sqrt(m) mean_m is a Gaussian vector with
    Cov(W_i, W_j) = min(i, j)/sqrt(i j); staying inside for m <= 3 is a
    rectangle probability that SciPy integrates (error ~1e-5, far below
    the 4-sigma Monte Carlo tolerance)."""
    n, reps = 3, 40_000
    i = np.arange(1, n + 1)
    cov = np.minimum.outer(i, i) / np.sqrt(np.outer(i, i))
    inside = stats.multivariate_normal(np.zeros(n), cov).cdf(
        np.full(n, 2.0), lower_limit=np.full(n, -2.0))
    ex = prob.band_exits("normal", n, reps, np.random.default_rng(6))
    exact = 1.0 - inside
    assert abs(ex.fraction - exact) <= 4 * math.sqrt(exact * (1 - exact)
                                                     / reps) + 1e-4


def test_band_exits_uses_the_draws_of_sample_mean_paths():
    """first_exit is the first m with |mean_m - mu| >= k sigma/sqrt(m) on
    exactly the paths that sample_mean_paths draws with the same seed."""
    n = 3_000
    ex = prob.band_exits("exponential", n, 30, np.random.default_rng(7),
                         k=1.5, scale=2.0)
    paths = prob.sample_mean_paths("exponential", n, 30,
                                   np.random.default_rng(7), scale=2.0)
    out = np.abs(paths - 2.0) >= prob.mean_envelope(np.arange(1, n + 1),
                                                    2.0, k=1.5)
    expected = np.where(out.any(axis=1), out.argmax(axis=1) + 1, 0)
    np.testing.assert_array_equal(ex.first_exit, expected)
    assert ex.fraction == np.mean(expected > 0) and ex.n == n


def test_band_exits_is_far_likelier_than_a_pointwise_miss():
    """Chapter 1: at each n about 4.6% of normal paths lie outside the 2
    sigma band, but over n <= 10^4 most paths leave it somewhere, and the
    share that has left grows with the horizon (the LIL says it tends to
    1). Tolerances: 4 binomial standard errors."""
    ex = prob.band_exits("normal", 10_000, 1_000,
                         np.random.default_rng(2024))
    pointwise = 2 * stats.norm.sf(2.0)
    assert ex.fraction - 4 * ex.se > 10 * pointwise
    assert 0.45 < ex.fraction < 0.75
    by_100 = np.mean((ex.first_exit > 0) & (ex.first_exit <= 100))
    assert ex.fraction - by_100 > 4 * ex.se


@pytest.mark.parametrize("kwargs, name", [
    ({"dist": "cauchy"}, "dist"),
    ({"dist": "bernoulli", "p": 0.0}, "dist"),
    ({"dist": "poisson"}, "dist"),
    ({"k": 0.0}, "k"),
    ({"k": np.nan}, "k"),
    ({"n": 0}, "n"),
    ({"n_paths": 0}, "n_paths"),
    ({"rng": 42}, "rng"),
])
def test_band_exits_bad_input(kwargs, name):
    args = {"dist": "normal", "n": 10, "n_paths": 5,
            "rng": np.random.default_rng(0)} | kwargs
    params = {k: v for k, v in args.items()
              if k not in ("dist", "n", "n_paths", "rng")}
    with pytest.raises((ValueError, TypeError), match=name):
        prob.band_exits(args["dist"], args["n"], args["n_paths"],
                        args["rng"], **params)
