"""Tests for execmath.calibration against scikit-learn, SciPy and exact
identities."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression

from execmath import calibration as K
from execmath import classify as C
from execmath import learning, special

U = 2.0**-53


def rng(seed):
    return np.random.default_rng(seed)


def forecasts(n=1000, seed=0, power=1.0, sharpen=1.0):
    """Labels drawn from probabilities q; forecasts q**power (too low
    everywhere) or sigmoid(sharpen * logit q) (overconfident: crosses the
    diagonal at 1/2)."""
    r = rng(seed)
    q = r.beta(2.0, 2.0, n)
    y = (r.random(n) < q).astype(int)
    return y, special.sigmoid(sharpen * special.logit(q)) ** power


# ------------------------------------------------------ reliability / ECE
class TestReliability:
    @pytest.mark.parametrize("strategy", ["uniform", "quantile"])
    @pytest.mark.parametrize("n_bins", [3, 10, 25])
    def test_matches_sklearn_calibration_curve(self, strategy, n_bins):
        y, p = forecasts(power=1.7)
        rb = K.reliability_bins(y, p, n_bins, strategy=strategy)
        prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins,
                                                 strategy=strategy)
        # bin sums of <= 1000 terms in [0, 1]: n u relative
        np.testing.assert_allclose(rb.frac_pos, prob_true, rtol=1e-12)
        np.testing.assert_allclose(rb.mean_pred, prob_pred, rtol=1e-12)
        assert rb.counts.sum() == y.size

    def test_ece_by_hand(self):
        y = [0, 0, 1, 1, 1]
        p = [0.05, 0.15, 0.55, 0.65, 0.95]
        # bins of width 1/2: {0.05, 0.15} freq 0, mean 0.1;
        # {0.55, 0.65, 0.95} freq 1, mean 0.7167
        want = 2 / 5 * 0.1 + 3 / 5 * (1 - (0.55 + 0.65 + 0.95) / 3)
        assert K.expected_calibration_error(y, p, 2) == pytest.approx(want)

    def test_ece_depends_on_binning(self):
        y, p = forecasts(5000, seed=1, sharpen=2.0)
        e = {(k, s): K.expected_calibration_error(y, p, k, strategy=s)
             for k in (5, 20) for s in ("uniform", "quantile")}
        assert len({round(v, 12) for v in e.values()}) == 4

    def test_one_signed_miscalibration_ignores_binning(self):
        # forecasts below the frequency in every bin: the gaps share a sign
        # and ECE = |mean(y) - mean(p)| for any binning
        y, p = forecasts(5000, seed=1, power=1.5)
        for k in (5, 20):
            for s in ("uniform", "quantile"):
                assert K.expected_calibration_error(
                    y, p, k, strategy=s) == pytest.approx(
                        abs(y.mean() - p.mean()), abs=1e-12)

    def test_calibrated_forecasts_have_small_ece(self):
        n = 100_000
        y, p = forecasts(n, seed=2)
        # each of 10 bins holds ~n/10 points: frequency noise ~ 0.5/sqrt(n/10)
        assert K.expected_calibration_error(y, p, 10) < 5 * 0.5 / math.sqrt(
            n / 10)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="probs"):
            K.reliability_bins([0, 1], [0.2, 1.2])
        with pytest.raises(ValueError, match="y_true"):
            K.reliability_bins([0, 2], [0.2, 0.3])
        with pytest.raises(ValueError, match="n_bins"):
            K.expected_calibration_error([0, 1], [0.2, 0.3], 0)
        with pytest.raises(ValueError, match="strategy"):
            K.expected_calibration_error([0, 1], [0.2, 0.3], strategy="kde")
        with pytest.raises(ValueError, match="probs"):
            K.expected_calibration_error([0, 1], [0.2, np.nan])
        with pytest.raises(ValueError, match="probs"):
            K.reliability_bins([0, 1], [0.2])


# ----------------------------------------------------------------- Brier
class TestBrier:
    def test_matches_sklearn(self):
        y, p = forecasts(power=2.0)
        assert K.brier_score(y, p) == pytest.approx(
            skm.brier_score_loss(y, p), rel=1e-14)

    @given(st.integers(0, 10_000), st.integers(1, 30))
    def test_decomposition_is_an_identity(self, seed, n_bins):
        y, p = forecasts(200, seed=seed, power=1.3)
        for k in (None, n_bins):
            d = K.brier_decomposition(y, p, k)
            rhs = (d.reliability - d.resolution + d.uncertainty
                   + d.within_variance - 2 * d.within_covariance)
            # sums of O(n) terms in [0, 1]: allow 10 n u
            assert d.brier == pytest.approx(rhs, abs=2000 * U)

    def test_three_terms_exact_for_discrete_forecasts(self):
        r = rng(3)
        levels = np.array([0.1, 0.3, 0.5, 0.8])
        p = levels[r.integers(0, 4, 500)]
        y = (r.random(500) < p).astype(int)
        d = K.brier_decomposition(y, p)
        assert d.within_variance == 0.0 and d.within_covariance == 0.0
        assert d.n_groups == 4
        assert d.brier == pytest.approx(
            d.reliability - d.resolution + d.uncertainty, abs=100 * U)

    def test_within_terms_needed_for_binned_continuous(self):
        y, p = forecasts(2000, seed=4)
        d = K.brier_decomposition(y, p, 5)
        three = d.reliability - d.resolution + d.uncertainty
        assert abs(d.brier - three) > 1e-4
        assert d.within_variance > 0

    def test_bad_input(self):
        with pytest.raises(ValueError, match="probs"):
            K.brier_score([0, 1], [0.2, -0.1])
        with pytest.raises(ValueError, match="n_bins"):
            K.brier_decomposition([0, 1], [0.2, 0.3], 0)
        with pytest.raises(TypeError, match="y_true"):
            K.brier_decomposition("01", [0.2, 0.3])


# ----------------------------------------------------------- temperature
def binary_logits(n=2000, seed=5, scale=2.5):
    """Overconfident logits: the true log-odds times ``scale``."""
    d = C.gaussian_classes(n, [[-0.5, 0.0], [0.5, 0.3]], rng=rng(seed))
    return scale * d.true_logit, d.y


class TestTemperature:
    def test_nll_matches_sklearn_log_loss(self):
        z, y = binary_logits(300)
        for T in (0.5, 1.0, 3.0):
            want = skm.log_loss(y, special.sigmoid(z / T))
            assert K.temperature_nll(z, y, T) == pytest.approx(want,
                                                               rel=1e-12)
        arr = K.temperature_nll(z, y, [0.5, 1.0, 3.0])
        assert arr.shape == (3,)
        assert arr[1] == K.temperature_nll(z, y, 1.0)

    def test_nll_multiclass_matches_sklearn(self):
        r = rng(6)
        Z = r.standard_normal((100, 4)) * 3
        y = r.integers(0, 4, 100)
        for T in (0.7, 2.0):
            P = np.exp(special.log_softmax(Z / T, axis=1))
            assert K.temperature_nll(Z, y, T) == pytest.approx(
                skm.log_loss(y, P, labels=range(4)), rel=1e-12)

    @pytest.mark.parametrize("scale", [0.5, 2.5, 6.0])
    def test_fit_matches_scipy(self, scale):
        z, y = binary_logits(scale=scale)
        fit = K.fit_temperature(z, y)
        res = optimize.minimize_scalar(
            lambda b: K.temperature_nll(z, y, 1 / b), bounds=(1e-3, 50),
            method="bounded", options={"xatol": 1e-12})
        assert fit.status == "converged"
        # |g'(beta)| <= 1e-12 at our beta and g'' = O(0.1): beta to 1e-10;
        # Brent's xatol 1e-12: T = 1/beta agrees to ~1e-9 relative
        assert fit.temperature == pytest.approx(1 / res.x, rel=1e-7)
        assert fit.nll_after <= fit.nll_before

    def test_recovers_the_scale_in_large_samples(self):
        z, y = binary_logits(200_000, seed=7, scale=2.5)
        fit = K.fit_temperature(z, y)
        # the true log-odds times 2.5: T -> 2.5; MLE error ~ 1/sqrt(n I),
        # a few 1e-3 here: allow 0.05
        assert fit.temperature == pytest.approx(2.5, abs=0.05)

    def test_multiclass_fit_matches_scipy(self):
        means = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 1.5]])
        d = C.gaussian_classes(800, means, rng=rng(8))
        Z = 2.0 * d.log_posterior
        fit = K.fit_temperature(Z, d.y)
        res = optimize.minimize_scalar(
            lambda b: K.temperature_nll(Z, d.y, 1 / b), bounds=(1e-3, 50),
            method="bounded", options={"xatol": 1e-12})
        assert fit.temperature == pytest.approx(1 / res.x, rel=1e-7)

    @pytest.mark.parametrize("k", [-900, -30, 30, 900])
    def test_power_of_two_scaling(self, k):
        z, y = binary_logits(500)
        a = K.fit_temperature(z, y).temperature
        b = K.fit_temperature(np.ldexp(z, k), y).temperature
        # the problem is solved on identical scaled logits
        assert b == pytest.approx(math.ldexp(a, k), rel=1e-12)

    def test_no_solution_cases(self):
        with pytest.raises(ValueError, match="logits"):
            K.fit_temperature([2.0, -1.0, 3.0], [1, 0, 1])   # all right
        with pytest.raises(ValueError, match="logits"):
            K.fit_temperature([-2.0, 1.0, -3.0, 0.5], [1, 0, 1, 1])
        with pytest.raises(ValueError, match="logits"):
            K.fit_temperature(np.zeros(4), [0, 1, 0, 1])

    def test_bad_input(self):
        with pytest.raises(ValueError, match="temperature"):
            K.temperature_nll([1.0, -1.0], [1, 0], 0.0)
        with pytest.raises(ValueError, match="temperature"):
            K.temperature_nll([1.0, -1.0], [1, 0], [1.0, -2.0])
        with pytest.raises(ValueError, match="temperature"):
            K.temperature_nll([1e300, -1.0], [1, 0], 1e-300)
        with pytest.raises(ValueError, match="y"):
            K.fit_temperature([1.0, -1.0], [1, 2])
        with pytest.raises(ValueError, match="logits"):
            K.fit_temperature(np.zeros((3, 1)), [0, 0, 0])
        with pytest.raises(TypeError, match="y"):
            K.fit_temperature(np.zeros((3, 2)), [0.0, 1.0, 1.0])
        with pytest.raises(ValueError, match="tol"):
            K.fit_temperature([1.0, -1.0, 2.0], [1, 0, 0], tol=-1.0)


# ----------------------------------------------------------------- Platt
class TestPlatt:
    def test_hard_targets_match_sklearn(self):
        z, y = binary_logits(500, seed=9)
        s = 0.3 * z + 1.0
        fit = K.fit_platt(s, y, smooth_targets=False)
        sk = LogisticRegression(C=np.inf, solver="newton-cholesky",
                                tol=1e-12).fit(s[:, None], y)
        # a 2-parameter, well-conditioned problem: agree to ~1e-8
        assert fit.slope == pytest.approx(sk.coef_[0, 0], rel=1e-7)
        assert fit.intercept == pytest.approx(sk.intercept_[0], rel=1e-7,
                                              abs=1e-9)

    def test_smooth_targets_minimise_soft_log_loss(self):
        z, y = binary_logits(400, seed=10)
        fit = K.fit_platt(z, y)
        n1, n0 = y.sum(), y.size - y.sum()
        t = np.where(y == 1, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
        f = lambda ab: np.mean(special.binary_cross_entropy_with_logits(
            ab[0] * z + ab[1], t))
        res = optimize.minimize(f, [1.0, 0.0], method="BFGS",
                                options={"gtol": 1e-12})
        np.testing.assert_allclose([fit.slope, fit.intercept], res.x,
                                   atol=1e-6)

    def test_separable_scores_stay_finite(self):
        fit = K.fit_platt([-2.0, -1.0, 1.0, 2.0], [0, 0, 1, 1])
        assert fit.status == "converged" and math.isfinite(fit.slope)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="y"):
            K.fit_platt([0.1, 0.2], [1, 1])
        with pytest.raises(ValueError, match="y"):
            K.fit_platt([0.1, 0.2], [0, 1, 1])
        with pytest.raises(TypeError, match="smooth_targets"):
            K.fit_platt([0.1, 0.2], [0, 1], smooth_targets=1)
        with pytest.raises(ValueError, match="scores"):
            K.fit_platt([0.1, np.inf], [0, 1])


# ------------------------------------------------------ figure claim
D = 40
MU = np.zeros(D)
MU[:4] = 0.8
MEANS = np.stack([-MU / 2, MU / 2])


def chapter_split():
    """The chapter's data and model: seed 19, 300/2280/3420 split."""
    r = rng(19)
    data = C.gaussian_classes(6000, MEANS, rng=r)
    outer = learning.train_test_split_indices(6000, 0.95, rng=r)
    inner = learning.train_test_split_indices(outer.test.size, 0.6, rng=r)
    i_va, i_te = outer.test[inner.train], outer.test[inner.test]
    fit = C.fit_logistic_newton(data.X[outer.train], data.y[outer.train])
    return (C.logistic_logits(fit, data.X[i_va]), data.y[i_va],
            C.logistic_logits(fit, data.X[i_te]), data.y[i_te])


def _slope(rb):
    """Count-weighted least-squares slope of frequency on mean forecast."""
    w = rb.counts / rb.counts.sum()
    mp = np.sum(w * rb.mean_pred)
    mo = np.sum(w * rb.frac_pos)
    return np.sum(w * (rb.mean_pred - mp) * (rb.frac_pos - mo)) / np.sum(
        w * (rb.mean_pred - mp) ** 2)


def test_claim_fig_clf_reliability():
    """Figure 19.1: 'Reliability diagrams on the held-out test set, before
    and after temperature scaling fitted on the validation set, with ten
    equal-width bins (left) and ten equal-mass bins (right). Observe that
    the uncalibrated curve is flatter than the diagonal (...
    overconfidence), that the scaled curve tracks the diagonal, and that
    the ECE in each legend depends on the binning.'

    Also: the fitted temperature is the brute-force grid minimum, and both
    ECE and log-loss drop on the held-out test set, by more than their
    paired sampling noise.
    """
    z_va, y_va, z_te, y_te = chapter_split()
    fit = K.fit_temperature(z_va, y_va)
    T = fit.temperature
    # the fitted T is the grid minimum (the objective is convex in 1/T, so
    # the true minimiser lies within one grid step of the grid argmin)
    grid = np.linspace(0.5, 4.0, 3501)
    T_grid = grid[np.argmin(K.temperature_nll(z_va, y_va, grid))]
    assert abs(T - T_grid) <= grid[1] - grid[0]
    res = optimize.minimize_scalar(lambda t: K.temperature_nll(z_va, y_va, t),
                                   bounds=(0.5, 4.0), method="bounded",
                                   options={"xatol": 1e-10})
    assert T == pytest.approx(res.x, rel=1e-6)
    assert T > 1                                    # overconfident model
    p0, p1 = special.sigmoid(z_te), special.sigmoid(z_te / T)
    # held-out log-loss drops by more than 3 paired standard errors
    diff = (special.binary_cross_entropy_with_logits(z_te, y_te)
            - special.binary_cross_entropy_with_logits(z_te / T, y_te))
    assert diff.mean() > 3 * diff.std(ddof=1) / math.sqrt(diff.size)
    eces = {}
    for strategy in ("uniform", "quantile"):
        e0 = K.expected_calibration_error(y_te, p0, 10, strategy=strategy)
        e1 = K.expected_calibration_error(y_te, p1, 10, strategy=strategy)
        eces[strategy] = (e0, e1)
        # paired bootstrap of the drop: more than 3 standard errors
        r = rng(191)
        drops = []
        for _ in range(200):
            i = r.integers(0, y_te.size, y_te.size)
            drops.append(
                K.expected_calibration_error(y_te[i], p0[i], 10,
                                             strategy=strategy)
                - K.expected_calibration_error(y_te[i], p1[i], 10,
                                               strategy=strategy))
        assert e0 - e1 > 3 * np.std(drops, ddof=1)
        # flatter than the diagonal before, close to it after
        s0 = _slope(K.reliability_bins(y_te, p0, 10, strategy=strategy))
        s1 = _slope(K.reliability_bins(y_te, p1, 10, strategy=strategy))
        assert s0 < 0.8 and abs(s1 - 1) < abs(s0 - 1)
    # the binning changes the number
    assert eces["uniform"][0] != eces["quantile"][0]
    assert eces["uniform"][1] != eces["quantile"][1]
    # alt text: legend ECE values "about half as large for the scaled
    # model" (ten bins each, as the caption says)
    for e0, e1 in eces.values():
        assert 0.35 < e1 / e0 < 0.65
