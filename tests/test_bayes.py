"""Tests for execmath.bayes against scipy.stats, mpmath and exact identities.

Tolerances: ``U = 2**-53`` is the unit roundoff; a formula of a handful of
operations is checked to a small multiple of ``U``; Monte Carlo claims use
a fixed seed and a bound of ``Z`` standard errors.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special as sps, stats

from execmath import bayes

U = 2.0**-53
Z = 4.0          # standard errors allowed for a Monte Carlo statement

# The data of the chapter's figure fig-bayes-beta-posteriors.
FIG_SEED, FIG_P, FIG_A, FIG_B, FIG_N = 13, 0.7, 2.0, 8.0, 10_000
FIG_NS_DENS = [0, 5, 25, 125, 625]


def fig_data():
    rng = np.random.default_rng(FIG_SEED)
    return (rng.random(FIG_N) < FIG_P).astype(float)


def fig_ns_sd():
    return np.unique(np.geomspace(1, FIG_N, 30).astype(int))


# ----------------------------------------------------------- Bayes' rule
class TestGridPosterior:
    def test_normalises(self):
        post = bayes.grid_posterior(np.log([0.2, 0.3, 0.5]),
                                    np.log([0.9, 0.1, 0.5]))
        w = np.array([0.2 * 0.9, 0.3 * 0.1, 0.5 * 0.5])
        np.testing.assert_allclose(post.posterior, w / w.sum(), rtol=8 * U)
        assert post.log_evidence == pytest.approx(math.log(w.sum()),
                                                  rel=8 * U)

    def test_matches_beta_posterior_where_likelihood_underflows(self):
        # 3,000 Bernoulli observations: every likelihood is ~ e^{-1800},
        # below the smallest double; on a grid the posterior is exactly
        # proportional to the Beta(1 + k, 1 + n - k) density
        n, k = 3000, 2100
        theta = np.linspace(0.6, 0.8, 401)
        loglik = k * np.log(theta) + (n - k) * np.log1p(-theta)
        assert loglik.max() < math.log(np.finfo(float).tiny)   # underflow
        post = bayes.grid_posterior(np.zeros_like(theta), loglik)
        dens = stats.beta(1 + k, 1 + n - k).pdf(theta)
        # the log-likelihoods (~ 1800) carry ~ 1800 * 2U absolute error,
        # which exp turns into that relative error
        np.testing.assert_allclose(post.posterior, dens / dens.sum(),
                                   rtol=8 * 1800 * U, atol=1e-300)

    def test_minus_inf_rules_out(self):
        post = bayes.grid_posterior([0.0, -np.inf], [0.0, 0.0])
        assert post.posterior.tolist() == [1.0, 0.0]

    def test_bad_input(self):
        with pytest.raises(ValueError, match="same shape"):
            bayes.grid_posterior([0.0, 0.0], [0.0])
        with pytest.raises(ValueError, match="log_prior"):
            bayes.grid_posterior([0.0, np.nan], [0.0, 0.0])
        with pytest.raises(ValueError, match="log_likelihood"):
            bayes.grid_posterior([0.0, 0.0], [0.0, np.inf])
        with pytest.raises(ValueError, match="everywhere"):
            bayes.grid_posterior([-np.inf], [0.0])
        with pytest.raises(ValueError, match="overflows"):
            bayes.grid_posterior([1e308, 0.0], [1e308, 0.0])
        with pytest.raises(TypeError, match="log_prior"):
            bayes.grid_posterior("ab", [0.0])


# ------------------------------------------------------- Beta-Bernoulli
class TestBetaBernoulli:
    def test_update_counts(self):
        post = bayes.beta_bernoulli_update([1, 1, 0, 1, 0], a=0.5, b=2.0)
        assert post == (3.5, 4.0)

    @given(st.lists(st.integers(0, 1), min_size=1, max_size=60),
           st.integers(1, 59), st.randoms(use_true_random=False))
    def test_order_and_batching_do_not_matter(self, xs, cut, rnd):
        x = np.array(xs, dtype=float)
        batch = bayes.beta_bernoulli_update(x, a=1.0, b=1.0)
        perm = x.copy()
        rnd.shuffle(perm)
        cut = min(cut, x.size)
        first = bayes.beta_bernoulli_update(perm[:cut], a=1.0, b=1.0)
        seq = (bayes.beta_bernoulli_update(perm[cut:], *first)
               if cut < x.size else first)
        # integer counts on an integer prior: exact
        assert seq == batch
        # one observation at a time, with a non-integer prior: each of the
        # n additions rounds once, relative error <= n U
        post = (0.3, 0.7)
        for xi in perm:
            post = bayes.beta_bernoulli_update([xi], *post)
        ref = bayes.beta_bernoulli_update(x, a=0.3, b=0.7)
        np.testing.assert_allclose(post, ref, rtol=x.size * U)

    def test_moments_match_scipy(self):
        for a, b in [(2.0, 8.0), (0.5, 0.5), (1e3, 3.0), (1e12, 2e12)]:
            m = bayes.beta_moments(a, b)
            dist = stats.beta(a, b)
            assert m.mean == pytest.approx(dist.mean(), rel=4 * U)
            assert m.var == pytest.approx(dist.var(), rel=16 * U)
            assert m.sd == pytest.approx(dist.std(), rel=16 * U)

    def test_moments_extreme_parameters(self):
        m = bayes.beta_moments(1e300, 1e300)
        assert m.mean == 0.5 and m.var == pytest.approx(0.25 / 2e300,
                                                        rel=8 * U)
        with pytest.raises(ValueError, match="a \\+ b"):
            bayes.beta_moments(1e308, 1e308)
        with pytest.raises(ValueError, match="a must be >="):
            bayes.beta_moments(5e-324, 1.0)        # subnormal

    def test_pdf_matches_scipy_and_mpmath(self):
        theta = np.linspace(0.0, 1.0, 101)
        for a, b in [(2.0, 8.0), (1.0, 1.0), (30.0, 12.5)]:
            np.testing.assert_allclose(bayes.beta_pdf(theta, a, b),
                                       stats.beta(a, b).pdf(theta),
                                       rtol=1e-12, atol=1e-300)
        a, b, t = 700.5, 300.25, 0.7
        with mpmath.workdps(50):
            ref = float(mpmath.exp(
                (a - 1) * mpmath.log(t) + (b - 1) * mpmath.log(1 - t)
                - mpmath.log(mpmath.beta(a, b))))
        # the log density is a difference of terms of size ~ 600
        assert float(bayes.beta_pdf(t, a, b)) == pytest.approx(
            ref, rel=8 * 600 * U)

    @pytest.mark.parametrize("a, b", [(1e5, 3e5), (1e12, 3e12), (3.0, 1e10),
                                      (0.5, 0.5), (14.9, 15.1), (1e-3, 2.0)])
    def test_pdf_accurate_for_extreme_parameters(self, a, b):
        # the textbook form exp((a-1) log t + ... - log B) loses about
        # (a + b) u relative accuracy; the saddle-point form keeps a few
        # hundred u wherever the density is not negligible
        mu = a / (a + b)
        sd = math.sqrt(mu * (1 - mu) / (a + b + 1))
        ts = np.clip(mu + sd * np.array([-2.0, -0.5, 0.0, 1.0]), 1e-300, 0.99)
        got = bayes.beta_pdf(ts, a, b)
        with mpmath.workdps(80):
            for t, g in zip(ts, got):
                am, bm, tm = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(t)
                ref = float(mpmath.exp(
                    (am - 1) * mpmath.log(tm) + (bm - 1) * mpmath.log1p(-tm)
                    - mpmath.log(mpmath.beta(am, bm))))
                assert g == pytest.approx(ref, rel=1e-12)

    def test_pdf_at_astronomical_parameters(self):
        # Beta(a, a) at 1/2 is 2^(2 - 2a) / B(a, a) ~ 2 sqrt(a / pi) for
        # large a (relative correction 1/(8a), far below u here)
        a = 1e300
        got = float(bayes.beta_pdf(0.5, a, a))
        # log f ~ 345: its rounding alone costs |log f| U relative in f
        assert got == pytest.approx(2 * math.sqrt(a / math.pi),
                                    rel=4 * math.log(got) * U)

    def test_pdf_refuses_infinite_end(self):
        with pytest.raises(ValueError, match="infinite"):
            bayes.beta_pdf([0.0, 0.5], 0.5, 2.0)
        with pytest.raises(ValueError, match="theta"):
            bayes.beta_pdf([1.5], 2.0, 2.0)
        assert bayes.beta_pdf([1.0], 2.0, 1.0).tolist() == [2.0]

    def test_credible_interval_matches_scipy(self):
        for a, b, lv in [(3.0, 9.0, 0.95), (0.5, 0.5, 0.9), (700, 300, 0.99)]:
            ci = bayes.beta_credible_interval(a, b, lv)
            lo, hi = stats.beta(a, b).interval(lv)
            assert ci.lower == pytest.approx(lo, rel=1e-10)
            assert ci.upper == pytest.approx(hi, rel=1e-10)
            mass = sps.betainc(a, b, ci.upper) - sps.betainc(a, b, ci.lower)
            assert mass == pytest.approx(lv, abs=1e-12)
            assert ci.level == lv

    def test_predictive_matches_betabinom(self):
        a, b, m = 3.5, 7.25, 12
        pmf = bayes.beta_bernoulli_predictive(a, b, m)
        ref = stats.betabinom(m, a, b).pmf(np.arange(m + 1))
        np.testing.assert_allclose(pmf, ref, rtol=1e-12)
        assert pmf.sum() == pytest.approx(1.0, abs=m * U)
        one = bayes.beta_bernoulli_predictive(a, b)
        assert one[1] == pytest.approx(a / (a + b), rel=8 * U)

    def test_predictive_tends_to_binomial(self):
        # with a, b huge the posterior is a point mass at a/(a+b): the
        # predictive is Binomial(m, a/(a+b)); betaln-differences would
        # cancel catastrophically here
        for a, b in [(1e300, 1e300), (1e20, 3e20)]:
            pmf = bayes.beta_bernoulli_predictive(a, b, 6)
            ref = stats.binom(6, a / (a + b)).pmf(np.arange(7))
            # sums of m logs of size log(a + b): 4 m log(a + b) U relative
            tol = 4 * 6 * math.log(a + b) * U
            np.testing.assert_allclose(pmf, ref, rtol=tol, atol=0)

    def test_path_equals_repeated_updates(self):
        x = fig_data()[:200]
        path = bayes.beta_bernoulli_path(x, [0, 1, 10, 200], a=2.0, b=8.0)
        for n, a, b in zip(path.n, path.a, path.b):
            post = (bayes.beta_bernoulli_update(x[:n], 2.0, 8.0) if n
                    else (2.0, 8.0))
            assert (a, b) == tuple(post)

    @pytest.mark.parametrize("ns, match", [
        ([3, 2], "increase"), ([0, 300], "increase"), ([-1, 2], "increase"),
        ([], "non-empty"), ([[1, 2]], "1-D"),
    ])
    def test_path_bad_ns(self, ns, match):
        with pytest.raises(ValueError, match=match):
            bayes.beta_bernoulli_path(np.ones(200), ns)

    def test_path_float_ns(self):
        with pytest.raises(TypeError, match="ns"):
            bayes.beta_bernoulli_path(np.ones(5), [1.0, 2.0])

    @pytest.mark.parametrize("x, match", [
        ([0, 2], "only 0 and 1"), ([], "empty"), ([0.5], "only 0 and 1"),
        ([1, np.nan], "finite"),
    ])
    def test_bad_data(self, x, match):
        with pytest.raises(ValueError, match=f"x.*{match}|{match}"):
            bayes.beta_bernoulli_update(x)

    def test_bool_data_refused(self):
        with pytest.raises(TypeError, match="x"):
            bayes.beta_bernoulli_update([True, False])

    @pytest.mark.parametrize("fn", [bayes.beta_moments,
                                    bayes.beta_credible_interval,
                                    bayes.beta_bernoulli_predictive])
    @pytest.mark.parametrize("a, exc", [(0.0, ValueError), (-1.0, ValueError),
                                        (np.nan, ValueError),
                                        (True, TypeError), ("1", TypeError)])
    def test_bad_a(self, fn, a, exc):
        with pytest.raises(exc, match="a"):
            fn(a, 1.0)

    def test_bad_level_and_m(self):
        with pytest.raises(ValueError, match="level"):
            bayes.beta_credible_interval(1.0, 1.0, 1.0)
        with pytest.raises(ValueError, match="m"):
            bayes.beta_bernoulli_predictive(1.0, 1.0, 0)
        with pytest.raises(ValueError, match="m"):
            bayes.beta_bernoulli_predictive(1.0, 1.0, 10**12)


# --------------------------------------------------------- Normal-Normal
class TestNormalNormal:
    def test_matches_precision_formula(self):
        rng = np.random.default_rng(1)
        x = rng.normal(2.0, 1.5, 40)
        post = bayes.normal_normal_update(x, mu0=-1.0, tau0=0.7, sigma=1.5)
        prec = 1 / 0.7**2 + 40 / 1.5**2
        mean = (-1.0 / 0.7**2 + x.sum() / 1.5**2) / prec
        assert post.sd == pytest.approx(prec**-0.5, rel=8 * U)
        assert post.mean == pytest.approx(mean, rel=64 * U)

    def test_matches_grid_posterior(self):
        rng = np.random.default_rng(2)
        x = rng.normal(0.3, 1.0, 25)
        post = bayes.normal_normal_update(x, mu0=0.0, tau0=2.0, sigma=1.0)
        mu = np.linspace(-1.5, 2.0, 20_001)
        h = mu[1] - mu[0]
        grid = bayes.grid_posterior(stats.norm(0, 2).logpdf(mu),
                                    stats.norm(mu[:, None], 1).logpdf(x)
                                    .sum(axis=1))
        m = np.sum(grid.posterior * mu)
        s = math.sqrt(np.sum(grid.posterior * (mu - m) ** 2))
        # the grid mean of a smooth density errs by O(h^2) ~ 3e-8
        assert abs(m - post.mean) <= h**2 and abs(s - post.sd) <= h**2

    @given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30),
           st.integers(1, 29))
    def test_sequential_equals_batch(self, xs, cut):
        x = np.array(xs)
        cut = min(cut, x.size - 1)
        batch = bayes.normal_normal_update(x, 1.0, 2.0, 0.5)
        first = bayes.normal_normal_update(x[:cut], 1.0, 2.0, 0.5)
        seq = bayes.normal_normal_update(x[cut:], first.mean, first.sd, 0.5)
        # each update: ~10 roundings of quantities bounded by the largest
        # |x| or |mu0|; two updates plus the two means of n terms
        scale = max(1.0, float(np.max(np.abs(x))))
        assert abs(seq.mean - batch.mean) <= 16 * (x.size + 10) * U * scale
        assert seq.sd == pytest.approx(batch.sd, rel=32 * U)
        rev = bayes.normal_normal_update(x[::-1], 1.0, 2.0, 0.5)
        assert abs(rev.mean - batch.mean) <= 16 * (x.size + 10) * U * scale

    def test_extreme_scales_stay_finite(self):
        post = bayes.normal_normal_update([1e300, 1e300], 1e300, 1e200, 1e-200)
        assert post.mean == pytest.approx(1e300, rel=8 * U)
        assert post.sd == pytest.approx(1e-200 / math.sqrt(2), rel=8 * U)
        vague = bayes.normal_normal_update([3.0], 0.0, 1e300, 1.0)
        assert vague.mean == 3.0 and vague.sd == 1.0

    def test_too_small_scale_is_refused(self):
        with pytest.raises(ValueError, match="tau0"):
            bayes.normal_normal_update([1.0], 0.0, 1e-320, 1.0)

    def test_predictive(self):
        pred = bayes.normal_normal_predictive(1.0, 3.0, 4.0)
        assert pred == (1.0, 5.0)
        assert bayes.normal_normal_predictive(0.0, 1e300, 1e300).sd == \
            pytest.approx(math.sqrt(2) * 1e300, rel=4 * U)

    def test_credible_interval_matches_scipy(self):
        ci = bayes.normal_credible_interval(0.4, 0.2, 0.9)
        lo, hi = stats.norm(0.4, 0.2).interval(0.9)
        assert ci.lower == pytest.approx(lo, rel=1e-14)
        assert ci.upper == pytest.approx(hi, rel=1e-14)

    @pytest.mark.parametrize("kw, match", [
        ({"tau0": 0.0}, "tau0"), ({"sigma": -1.0}, "sigma"),
        ({"mu0": np.inf}, "mu0"), ({"x": []}, "x"), ({"x": [[1.0]]}, "x"),
    ])
    def test_bad_input(self, kw, match):
        args = {"x": [1.0], "mu0": 0.0, "tau0": 1.0, "sigma": 1.0} | kw
        with pytest.raises(ValueError, match=match):
            bayes.normal_normal_update(**args)

    def test_bad_predictive_and_interval(self):
        with pytest.raises(ValueError, match="sd"):
            bayes.normal_normal_predictive(0.0, 0.0, 1.0)
        with pytest.raises(TypeError, match="mean"):
            bayes.normal_credible_interval(None, 1.0)
        with pytest.raises(ValueError, match="level"):
            bayes.normal_credible_interval(0.0, 1.0, 0.0)


# --------------------------------------------------------- figure claim
def test_claim_fig_bayes_beta_posteriors():
    """Caption: "as n grows the posterior narrows and its peak moves from
    the prior towards the true p (dotted). Right: the posterior standard
    deviation (log-log) is flat while the prior dominates, then follows
    sqrt(p(1-p)/n), slope -1/2." Asserted: the plotted sd is the exact
    formula sqrt(m(1-m)/(a+b+n+1)) and scipy's Beta std; the mean
    converges to p within Monte Carlo bounds; sd * sqrt(n) tends to
    sqrt(p(1-p))."""
    # caption: "p = 0.7", "a Beta(2, 8) prior"; alt text: "n = 5, 25, 125
    # and 625", "peaks near 0.23, 0.42, 0.61 and 0.70", a prior "peaked
    # near 0.1", "n from 1 to 10,000" with the sd falling "to about 0.005"
    assert (FIG_P, FIG_A, FIG_B, FIG_N) == (0.7, 2.0, 8.0, 10_000)
    assert FIG_NS_DENS == [0, 5, 25, 125, 625]
    x = fig_data()
    dens = bayes.beta_bernoulli_path(x, FIG_NS_DENS, a=FIG_A, b=FIG_B)
    modes = (dens.a - 1) / (dens.a + dens.b - 2)
    np.testing.assert_allclose(modes, [0.125, 0.23, 0.42, 0.61, 0.70],
                               atol=0.005)
    sd_end = bayes.beta_bernoulli_path(x, [FIG_N], a=FIG_A, b=FIG_B).sd[0]
    assert 0.004 <= sd_end <= 0.006
    for ns in (FIG_NS_DENS, fig_ns_sd()):
        path = bayes.beta_bernoulli_path(x, ns, a=FIG_A, b=FIG_B)
        # the exact formula, and scipy's moments of the same Beta
        s = path.a + path.b
        exact_sd = np.sqrt(path.mean * (1 - path.mean) / (s + 1))
        np.testing.assert_allclose(path.sd, exact_sd, rtol=8 * U)
        np.testing.assert_allclose(path.mean, stats.beta(path.a, path.b)
                                   .mean(), rtol=4 * U)
        np.testing.assert_allclose(path.sd, stats.beta(path.a, path.b)
                                   .std(), rtol=16 * U)
    path = bayes.beta_bernoulli_path(x, fig_ns_sd(), a=FIG_A, b=FIG_B)
    n = path.n.astype(float)
    big = n >= 100
    # mean: k/n is within Z standard errors of p; the prior moves it by at
    # most (a + b) / (a + b + n)
    se = np.sqrt(FIG_P * (1 - FIG_P) / n)
    shift = (FIG_A + FIG_B) / (FIG_A + FIG_B + n)
    assert np.all(np.abs(path.mean - FIG_P)[big] <= (Z * se + shift)[big])
    assert abs(path.mean[-1] - FIG_P) <= Z * se[-1] + shift[-1] < 0.02
    # sd shrinks like 1/sqrt(n): exactly sd_n = f(m_n) / sqrt(n + a + b + 1)
    # with f(m) = sqrt(m(1-m)), so the ratio to the reference line
    # sqrt(p(1-p)/n) is f(m_n)/f(p) * sqrt(n/(n + a + b + 1)); bound f over
    # the interval the mean is known to lie in (f is concave: its extremes
    # on an interval are at the ends or at 1/2)
    ratio = path.sd / np.sqrt(FIG_P * (1 - FIG_P) / n)
    f_p = math.sqrt(FIG_P * (1 - FIG_P))
    for i in np.flatnonzero(big):
        d = Z * se[i] + shift[i]
        ends = [min(max(FIG_P + s * d, 0.0), 1.0) for s in (-1, 1)]
        vals = [math.sqrt(m * (1 - m)) for m in ends]
        if ends[0] <= 0.5 <= ends[1]:
            vals.append(0.5)
        prior = math.sqrt(n[i] / (n[i] + FIG_A + FIG_B + 1))
        assert min(vals) / f_p * prior <= ratio[i] <= max(vals) / f_p
    assert abs(ratio[-1] - 1) < 0.02
    # the prior's pull on the densities of the figure diminishes
    dens = bayes.beta_bernoulli_path(x, FIG_NS_DENS, a=FIG_A, b=FIG_B)
    assert np.all(np.diff(np.abs(dens.mean - FIG_P)) < 0)
    assert np.all(np.diff(dens.sd[1:]) < 0)
