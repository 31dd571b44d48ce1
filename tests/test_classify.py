"""Tests for execmath.classify against scikit-learn, PyTorch, SciPy and
brute force.

scikit-learn is a test-only oracle here; PyTorch checks the softmax and
logistic gradients by automatic differentiation.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps
from sklearn import metrics as skm
from sklearn.linear_model import LogisticRegression

from execmath import classify as C
from execmath import learning, special

U = 2.0**-53                         # unit roundoff


def rng(seed):
    return np.random.default_rng(seed)


def blobs(n=200, d=3, seed=0, priors=None, sep=1.0):
    mu = np.zeros(d)
    mu[0] = sep
    return C.gaussian_classes(n, np.stack([-mu / 2, mu / 2]), priors=priors,
                              rng=rng(seed))


# ------------------------------------------------------------- the data
class TestGaussianClasses:
    def test_posterior_matches_scipy_bayes(self):
        means = np.array([[0.0, 0.0], [1.5, -0.5], [0.5, 1.0]])
        priors = np.array([0.5, 0.3, 0.2])
        d = C.gaussian_classes(50, means, priors=priors, scale=0.7,
                               rng=rng(1))
        logj = np.stack([np.log(priors[k]) + sps.multivariate_normal(
            means[k], 0.49 * np.eye(2)).logpdf(d.X) for k in range(3)], 1)
        want = logj - np.logaddexp.reduce(logj, axis=1, keepdims=True)
        # both sides are sums of O(10) terms of size O(10): ~100 u each
        np.testing.assert_allclose(d.log_posterior, want, atol=1e-12)

    def test_label_frequencies_match_priors(self):
        n = 40_000
        d = C.gaussian_classes(n, [[0.0], [1.0]], priors=[0.9, 0.1],
                               rng=rng(2))
        se = math.sqrt(0.1 * 0.9 / n)
        assert abs(d.y.mean() - 0.1) < 5 * se      # 5 binomial std errors

    def test_true_logit_is_affine(self):
        # shared covariance: log-odds = (mu1 - mu0)^T x - (|mu1|^2-|mu0|^2)/2
        d = C.gaussian_classes(30, [[0.0, 1.0], [2.0, 0.0]], rng=rng(3))
        want = d.X @ np.array([2.0, -1.0]) - (4.0 - 1.0) / 2
        np.testing.assert_allclose(d.true_logit, want, atol=1e-12)

    def test_shapes_and_dtype(self):
        d = C.gaussian_classes(7, np.zeros((3, 4)), rng=rng(0))
        assert d.X.shape == (7, 4) and d.y.dtype == np.int64
        assert d.log_posterior.shape == (7, 3)

    @pytest.mark.parametrize("kwargs, match", [
        ({"n": 0}, "n"), ({"means": [[0.0, 1.0]]}, "means"),
        ({"priors": [0.5, 0.6]}, "priors"), ({"priors": [1.0]}, "priors"),
        ({"scale": 0.0}, "scale"), ({"scale": np.nan}, "scale"),
        ({"means": [[np.nan], [1.0]]}, "means"),
    ])
    def test_bad_input(self, kwargs, match):
        args = {"n": 5, "means": [[0.0], [1.0]], "rng": rng(0)} | kwargs
        n, means = args.pop("n"), args.pop("means")
        with pytest.raises(ValueError, match=match):
            C.gaussian_classes(n, means, **args)

    def test_rng_required(self):
        with pytest.raises(TypeError, match="rng"):
            C.gaussian_classes(5, [[0.0], [1.0]], rng=42)


# ------------------------------------------------ logistic loss/gradient
class TestLogisticObjective:
    def test_matches_torch_autograd(self):
        torch = pytest.importorskip("torch")
        d = blobs(60, 4, seed=4)
        w = rng(5).standard_normal(4)
        b, lam = 0.3, 0.2
        wt = torch.tensor(w, requires_grad=True)
        bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        z = torch.tensor(d.X) @ wt + bt
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            z, torch.tensor(d.y, dtype=torch.float64)) + lam / 2 * (wt @ wt)
        loss.backward()
        J = C.logistic_objective(d.X, d.y, w, b, lam=lam)
        g = C.logistic_gradient(d.X, d.y, w, b, lam=lam)
        # sums of 60 terms of size O(|z|): a few hundred u
        assert J == pytest.approx(loss.item(), rel=1e-13)
        np.testing.assert_allclose(g, np.r_[wt.grad.numpy(),
                                            bt.grad.item()], atol=1e-13)

    def test_soft_labels(self):
        J = C.logistic_objective([[1.0]], [0.25], [0.0], 0.0)
        assert J == pytest.approx(math.log(2))

    def test_extreme_logits_are_finite(self):
        J = C.logistic_objective([[1.0], [-1.0]], [0, 1], [800.0], 0.0)
        assert J == pytest.approx(800.0 + 0.0, rel=1e-15)

    def test_overflowing_logits_rejected(self):
        with pytest.raises(ValueError, match="coef"):
            C.logistic_objective([[1e300]], [1], [1e300], 0.0)

    @pytest.mark.parametrize("kwargs, match", [
        ({"X": [1.0, 2.0]}, "X"), ({"y": [0, 2]}, "y"), ({"y": [0]}, "y"),
        ({"coef": [0.0, 1.0]}, "coef"), ({"intercept": np.inf}, "intercept"),
        ({"lam": -1.0}, "lam"), ({"X": [[np.nan], [1.0]]}, "X"),
        ({"y": [True, False]}, "y"),
    ])
    def test_bad_input(self, kwargs, match):
        a = {"X": [[1.0], [2.0]], "y": [0, 1], "coef": [0.5],
             "intercept": 0.0, "lam": 0.0} | kwargs
        for f in (C.logistic_objective, C.logistic_gradient):
            with pytest.raises((ValueError, TypeError), match=match):
                f(a["X"], a["y"], a["coef"], a["intercept"], lam=a["lam"])


# ---------------------------------------------------- logistic fitting
def _hessian(X, y, w, b, lam):
    Xt = np.hstack([X, np.ones((X.shape[0], 1))])
    p = special.sigmoid(Xt @ np.r_[w, b])
    E = np.diag(np.r_[np.ones(X.shape[1]), 0.0])
    return Xt.T @ (Xt * (p * (1 - p))[:, None]) / X.shape[0] + lam * E


def _coef_bound(X, y, fit, w_sk, b_sk, lam):
    r"""|theta - theta_sk| <= (|g(theta)| + |g(theta_sk)|) / mu, with mu
    the strong-convexity constant on the segment; the Hessian changes by
    a negligible relative amount over the tiny segment, so half of its
    smallest eigenvalue at both ends is a safe lower bound."""
    g_sk = C.logistic_gradient(X, y, w_sk, b_sk, lam=lam)
    mu = 0.5 * min(np.linalg.eigvalsh(_hessian(X, y, w, b, lam))[0]
                   for w, b in ((fit.coef, fit.intercept), (w_sk, b_sk)))
    return (np.linalg.norm(g_sk) + fit.grad_norm) / mu


class TestFitLogistic:
    @pytest.mark.parametrize("lam", [0.0, 0.01, 0.3])
    def test_matches_sklearn(self, lam):
        d = blobs(300, 5, seed=6)
        n = d.X.shape[0]
        # sklearn minimises C * sum(loss) + |w|^2 / 2; dividing by n C
        # gives eq. (clf-objective) with lam = 1 / (n C); C = inf: no penalty
        sk = LogisticRegression(
            C=1.0 / (n * lam) if lam > 0 else np.inf,
            solver="newton-cholesky", tol=1e-12, max_iter=1000,
        ).fit(d.X, d.y)
        fit = C.fit_logistic_newton(d.X, d.y, lam=lam)
        assert fit.status == "converged"
        tol = _coef_bound(d.X, d.y, fit, sk.coef_[0], sk.intercept_[0], lam)
        got = np.r_[fit.coef, fit.intercept]
        want = np.r_[sk.coef_[0], sk.intercept_[0]]
        assert np.linalg.norm(got - want) <= tol + 1e-12

    def test_gd_agrees_with_newton(self):
        d = blobs(200, 3, seed=7)
        nt = C.fit_logistic_newton(d.X, d.y, lam=0.05)
        for ls in ("wolfe", "backtracking"):
            gd = C.fit_logistic_gd(d.X, d.y, lam=0.05, line_search=ls)
            assert gd.status == "converged"
            # strong convexity: |theta_gd - theta*| <= |g(theta_gd)| / mu
            mu = np.linalg.eigvalsh(_hessian(d.X, d.y, nt.coef, nt.intercept,
                                             0.05))[0]
            err = np.linalg.norm(np.r_[gd.coef - nt.coef,
                                       gd.intercept - nt.intercept])
            assert err <= 2 * gd.grad_norm / mu + 1e-12
            assert np.all(np.diff(gd.values) <= 0)          # monotone

    def test_newton_converges_quadratically(self):
        d = blobs(400, 4, seed=8)
        fit = C.fit_logistic_newton(d.X, d.y)
        gap = fit.values[:-1] - fit.objective
        gap = gap[gap > 1e-13]
        # near the minimum gap_{k+1} <= c gap_k^2: the exponent doubles
        r = np.log(gap[1:]) / np.log(gap[:-1])
        assert r[-1] > 1.7
        assert fit.n_iter <= 10

    def test_first_newton_step_is_least_squares(self):
        d = blobs(100, 3, seed=9)
        Xt = np.hstack([d.X, np.ones((100, 1))])
        delta = np.linalg.lstsq(0.5 * Xt, (d.y - 0.5) / 0.5, rcond=None)[0]
        J1 = C.logistic_objective(d.X, d.y, delta[:-1], delta[-1])
        fit = C.fit_logistic_newton(d.X, d.y)
        # same step up to its rounding, O(kappa u) relative in J
        assert fit.values[1] == pytest.approx(J1, rel=1e-12)

    @pytest.mark.parametrize("k", [-600, -40, 40, 900])
    def test_power_of_two_feature_scaling_is_exact(self, k):
        d = blobs(80, 3, seed=10)
        a = C.fit_logistic_newton(d.X, d.y, lam=0.0)
        b = C.fit_logistic_newton(np.ldexp(d.X, k), d.y, lam=0.0)
        # the fit runs on identical scaled data: same bits up to unscaling
        np.testing.assert_array_equal(np.ldexp(b.coef, k), a.coef)
        assert b.intercept == a.intercept

    def test_huge_features(self):
        d = blobs(80, 2, seed=11)
        fit = C.fit_logistic_newton(d.X * 1e300, d.y, lam=0.1)
        assert np.all(np.isfinite(fit.coef)) and fit.status == "converged"

    def test_separable_data_reported(self):
        X = np.array([[0.0], [1.0], [2.0], [3.0]])
        fit = C.fit_logistic_newton(X, [0, 0, 1, 1])
        assert fit.status == "separable"
        z = C.logistic_logits(fit, X)
        assert np.all((z > 0) == np.array([0, 0, 1, 1], bool))
        assert C.fit_logistic_newton(X, [0, 0, 1, 1],
                                     lam=0.1).status == "converged"

    def test_collinear_columns_without_penalty(self):
        d = blobs(100, 2, seed=12)
        X = np.hstack([d.X, d.X[:, :1]])                    # rank 2 of 3
        fit = C.fit_logistic_newton(X, d.y)
        ref = C.fit_logistic_newton(d.X, d.y)
        assert fit.objective == pytest.approx(ref.objective, rel=1e-10)

    @pytest.mark.parametrize("f", [C.fit_logistic_newton, C.fit_logistic_gd])
    def test_bad_input(self, f):
        with pytest.raises(ValueError, match="y"):
            f([[0.0], [1.0]], [1, 1])                      # one class
        with pytest.raises(ValueError, match="lam"):
            f([[0.0], [1.0]], [0, 1], lam=-0.1)
        with pytest.raises(ValueError, match="y"):
            f([[0.0], [1.0]], [0, 1, 1])
        with pytest.raises(ValueError, match="X"):
            f([[0.0], [np.inf]], [0, 1])
        with pytest.raises(ValueError, match="max_iter"):
            f([[0.0], [1.0]], [0, 1], max_iter=0)

    def test_bad_line_search(self):
        with pytest.raises(ValueError, match="line_search"):
            C.fit_logistic_gd([[0.0], [1.0]], [0, 1], line_search="exact")

    def test_logits_bad_fit(self):
        with pytest.raises(TypeError, match="fit"):
            C.logistic_logits((np.zeros(1), 0.0), [[1.0]])
        fit = C.fit_logistic_newton([[0.0], [1.0], [2.0]], [0, 1, 0])
        with pytest.raises(ValueError, match="coef"):
            C.logistic_logits(fit, [[1.0, 2.0]])


# ------------------------------------------------------------- softmax
def three_classes(n=300, seed=13):
    means = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 1.5]])
    return C.gaussian_classes(n, means, rng=rng(seed))


class TestSoftmax:
    def test_objective_and_gradient_match_torch(self):
        torch = pytest.importorskip("torch")
        d = three_classes(50)
        r = rng(14)
        W, b, lam = r.standard_normal((2, 3)), r.standard_normal(3), 0.1
        Wt = torch.tensor(W, requires_grad=True)
        bt = torch.tensor(b, requires_grad=True)
        loss = torch.nn.functional.cross_entropy(
            torch.tensor(d.X) @ Wt + bt, torch.tensor(d.y)) + lam / 2 * (
            Wt * Wt).sum()
        loss.backward()
        J = C.softmax_objective(d.X, d.y, W, b, lam=lam)
        gW, gb = C.softmax_gradient(d.X, d.y, W, b, lam=lam)
        assert J == pytest.approx(loss.item(), rel=1e-13)
        np.testing.assert_allclose(gW, Wt.grad.numpy(), atol=1e-13)
        np.testing.assert_allclose(gb, bt.grad.numpy(), atol=1e-13)

    def test_intercept_gradient_sums_to_zero(self):
        d = three_classes(40)
        _, gb = C.softmax_gradient(d.X, d.y, np.ones((2, 3)), np.zeros(3))
        assert abs(gb.sum()) < 1e-15

    def test_fit_matches_sklearn_probabilities(self):
        d = three_classes(300)
        lam, n, k = 0.01, 300, 3
        fit = C.fit_softmax(d.X, d.y, 3, lam=lam)
        assert fit.status == "converged"
        sk = LogisticRegression(C=1.0 / (n * lam), solver="newton-cg",
                                tol=1e-14, max_iter=10_000).fit(d.X, d.y)
        P = np.exp(special.log_softmax(C.softmax_logits(fit, d.X)))
        # Bound: |theta - theta_sk| <= (|g| + |g_sk|) / mu on the subspace
        # without the intercept shift (softmax ignores it), mu the smallest
        # Hessian eigenvalue there; then |dP| <= max_i |x~_i| |dtheta|
        # (softmax's Jacobian has absolute row sums <= 1).
        Xt = np.hstack([d.X, np.ones((n, 1))])              # (n, 3)
        H = sum(np.kron(np.diag(p) - np.outer(p, p), np.outer(x, x))
                for p, x in zip(P, Xt)) / n                  # (9, 9)
        H += lam * np.kron(np.eye(k), np.diag([1.0, 1.0, 0.0]))
        ev = np.linalg.eigvalsh(H)
        mu = 0.5 * ev[ev > 1e-10][0]       # half: Hessian moves a little
        g_sk = np.concatenate([g.ravel() for g in C.softmax_gradient(
            d.X, d.y, sk.coef_.T, sk.intercept_, lam=lam)])
        tol = (np.linalg.norm(Xt, axis=1).max()
               * (fit.grad_norm + np.linalg.norm(g_sk)) / mu)
        np.testing.assert_allclose(P, sk.predict_proba(d.X), atol=tol)
        assert fit.objective == pytest.approx(C.softmax_objective(
            d.X, d.y, sk.coef_.T, sk.intercept_, lam=lam), abs=tol**2 + 1e-14)
        assert abs(fit.intercept.sum()) < 1e-12

    def test_fit_bad_input(self):
        d = three_classes(30)
        with pytest.raises(ValueError, match="y"):
            C.fit_softmax(d.X, np.zeros(30, dtype=int), 3)
        with pytest.raises(ValueError, match="n_classes"):
            C.fit_softmax(d.X, d.y, 1)
        with pytest.raises(TypeError, match="y"):
            C.fit_softmax(d.X, d.y.astype(float), 3)

    def test_objective_bad_input(self):
        d = three_classes(30)
        with pytest.raises(ValueError, match="coef"):
            C.softmax_objective(d.X, d.y, np.zeros((3, 3)), np.zeros(3))
        with pytest.raises(ValueError, match="intercept"):
            C.softmax_gradient(d.X, d.y, np.zeros((2, 3)), np.zeros(2))
        with pytest.raises(ValueError, match="y"):
            C.softmax_objective(d.X, d.y + 1, np.zeros((2, 3)), np.zeros(3))

    def test_logits_bad_fit(self):
        with pytest.raises(TypeError, match="fit"):
            C.softmax_logits(None, [[1.0, 2.0]])


# ------------------------------------------------------------ decisions
def scored(n=500, seed=15, ties=False):
    r = rng(seed)
    y = (r.random(n) < 0.3).astype(int)
    s = r.standard_normal(n) + 1.2 * y
    if ties:
        s = np.round(s * 2) / 2                      # many tied scores
    return y, s


class TestMetrics:
    @pytest.mark.parametrize("t", [-0.5, 0.0, 0.7, 10.0])
    def test_against_sklearn(self, t):
        y, s = scored()
        pred = (s >= t).astype(int)
        c = C.confusion_counts(y, s, t)
        tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1]).ravel()
        assert c == (tp, fp, tn, fn)
        m = C.classification_metrics(y, s, t)
        assert m.accuracy == pytest.approx(skm.accuracy_score(y, pred))
        assert m.precision == pytest.approx(
            skm.precision_score(y, pred, zero_division=0))
        assert m.recall == pytest.approx(skm.recall_score(y, pred))
        assert m.f1 == pytest.approx(skm.f1_score(y, pred, zero_division=0))
        assert m.balanced_accuracy == pytest.approx(
            skm.balanced_accuracy_score(y, pred))

    def test_constant_classifier_under_imbalance(self):
        y = np.r_[np.zeros(98), np.ones(2)].astype(int)
        m = C.classification_metrics(y, np.zeros(100), 0.5)
        assert (m.accuracy, m.recall, m.precision, m.balanced_accuracy) == (
            0.98, 0.0, 0.0, 0.5)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="scores"):
            C.confusion_counts([0, 1], [0.5], 0.5)
        with pytest.raises(ValueError, match="threshold"):
            C.classification_metrics([0, 1], [0.2, 0.5], np.nan)
        with pytest.raises(ValueError, match="y_true"):
            C.confusion_counts([0, 3], [0.2, 0.5], 0.5)


class TestRocPr:
    @pytest.mark.parametrize("ties", [False, True])
    def test_roc_matches_sklearn(self, ties):
        y, s = scored(ties=ties)
        r = C.roc_curve(y, s)
        fpr, tpr, thr = skm.roc_curve(y, s, drop_intermediate=False)
        np.testing.assert_array_equal(r.fpr, fpr)
        np.testing.assert_array_equal(r.tpr, tpr)
        np.testing.assert_array_equal(r.thresholds, thr[1:])
        # a few hundred additions of terms <= 1: n u
        assert C.roc_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s),
                                                abs=500 * U)

    @pytest.mark.parametrize("ties", [False, True])
    def test_auc_is_mann_whitney(self, ties):
        y, s = scored(300, seed=16, ties=ties)
        sp, sn = s[y == 1], s[y == 0]
        want = (np.mean(sp[:, None] > sn[None, :])
                + 0.5 * np.mean(sp[:, None] == sn[None, :]))
        assert C.roc_auc(y, s) == pytest.approx(want, abs=500 * U)

    @given(st.integers(0, 10_000))
    def test_auc_invariant_under_increasing_maps(self, seed):
        y, s = scored(60, seed=seed, ties=True)
        if y.min() == y.max():
            return
        a = C.roc_auc(y, s)
        for g in (np.exp, lambda v: v**3, lambda v: 5 * v - 2,
                  special.sigmoid):
            assert C.roc_auc(y, g(s)) == a
        assert C.roc_auc(y, -s) == pytest.approx(1 - a, abs=100 * U)

    @pytest.mark.parametrize("ties", [False, True])
    def test_pr_and_ap_match_sklearn(self, ties):
        y, s = scored(ties=ties)
        pr = C.precision_recall_curve(y, s)
        prec, rec, thr = skm.precision_recall_curve(y, s)
        np.testing.assert_allclose(pr.precision, prec[::-1], rtol=2 * U)
        np.testing.assert_allclose(pr.recall, rec[::-1], rtol=2 * U)
        np.testing.assert_array_equal(pr.thresholds, thr[::-1])
        assert C.average_precision(y, s) == pytest.approx(
            skm.average_precision_score(y, s), abs=500 * U)

    def test_pr_baseline_is_positive_rate(self):
        y, s = scored()
        assert C.precision_recall_curve(y, s).precision[-1] == y.mean()

    @pytest.mark.parametrize("f", [C.roc_curve, C.roc_auc,
                                   C.precision_recall_curve,
                                   C.average_precision])
    def test_bad_input(self, f):
        with pytest.raises(ValueError, match="y_true"):
            f([1, 1, 1], [0.1, 0.2, 0.3])
        with pytest.raises(ValueError, match="scores"):
            f([0, 1], [0.1, np.nan])
        with pytest.raises(ValueError, match="scores"):
            f([0, 1], [[0.1, 0.2]])


# ----------------------------------------------------------------- costs
class TestCosts:
    def test_bayes_threshold(self):
        assert C.bayes_threshold([[0, 1], [1, 0]]) == 0.5
        assert C.bayes_threshold([[0, 1], [9, 0]]) == pytest.approx(0.1)
        # general matrix: (c01 - c00) / ((c01 - c00) + (c10 - c11))
        assert C.bayes_threshold([[1, 3], [7, 2]]) == pytest.approx(2 / 7)
        assert C.bayes_threshold([[0, 1e308], [1e308, 0]]) == 0.5

    def test_bayes_rule_minimises_conditional_risk(self):
        cost = np.array([[0.0, 2.0], [5.0, 1.0]])
        t = C.bayes_threshold(cost)
        for p in np.linspace(0, 1, 101):
            r1 = p * cost[1, 1] + (1 - p) * cost[0, 1]
            r0 = p * cost[1, 0] + (1 - p) * cost[0, 0]
            if abs(p - t) > 1e-12:
                assert (r1 < r0) == (p > t)

    def test_expected_cost_brute_force(self):
        y, s = scored(200)
        cost = np.array([[0.5, 2.0], [5.0, 0.0]])
        ts = np.r_[-3.0, np.sort(s)[::17], 3.0]
        got = C.expected_cost(y, s, ts, cost)
        for t, g in zip(ts, got):
            pred = (s >= t).astype(int)
            assert g == pytest.approx(np.mean(cost[y, pred]), rel=1e-14)

    def test_cost_curves(self):
        y, s = scored(200)
        costs = [[[0, 1], [1, 0]], [[0, 1], [4, 0]]]
        grid = np.linspace(-3, 3, 61)
        cc = C.cost_curves(y, s, costs, grid)
        assert cc.costs.shape == (2, 61)
        np.testing.assert_array_equal(cc.bayes, [0.5, 0.2])
        assert cc.best[1] == grid[np.argmin(cc.costs[1])]

    def test_tolerance_formula(self):
        p = np.linspace(0, 1, 100_001)                # density 1
        a, b, z, n = 1.0, 3.0, 4.0, p.size
        want = (2 * z * math.sqrt(a * b) / ((a + b) * math.sqrt(n))) ** (2 / 3)
        got = C.threshold_tolerance(p, [[0, a], [b, 0]], grid_step=0.01)
        assert got == pytest.approx(want + 0.01, rel=1e-3)   # window edges

    def test_bad_input(self):
        with pytest.raises(ValueError, match="cost"):
            C.bayes_threshold([[0, 1], [-1, 0]])
        with pytest.raises(ValueError, match="cost"):
            C.expected_cost([0, 1], [0.2, 0.7], [0.5], [[0, 1, 2]])
        with pytest.raises(ValueError, match="thresholds"):
            C.expected_cost([0, 1], [0.2, 0.7], [np.nan], [[0, 1], [1, 0]])
        with pytest.raises(ValueError, match="costs"):
            C.cost_curves([0, 1], [0.2, 0.7], [[[0, 1], [0, 0]]], [0.5])
        with pytest.raises(ValueError, match="thresholds"):
            C.cost_curves([0, 1], [0.2, 0.7], [[[0, 1], [1, 0]]], [0.5, 0.1])
        with pytest.raises(ValueError, match="probs"):
            C.threshold_tolerance([0.2, 1.5], [[0, 1], [1, 0]])
        with pytest.raises(ValueError, match="probs"):
            C.threshold_tolerance([0.9, 0.95], [[0, 1], [1, 0]])
        with pytest.raises(ValueError, match="z"):
            C.threshold_tolerance([0.5], [[0, 1], [1, 0]], z=0.0)


# ------------------------------------------------------------ bootstrap
class TestBootstrap:
    def test_se_of_a_mean_matches_the_formula(self):
        r = rng(17)
        y = (r.random(2000) < 0.5).astype(int)
        s = r.standard_normal(2000)
        est = C.bootstrap_metric(lambda yy, ss: float(np.mean(ss)), y, s,
                                 n_boot=400, rng=rng(18))
        want = s.std(ddof=1) / math.sqrt(2000)
        # the SE of a bootstrap SE from B draws is about SE/sqrt(2B) = 3.5%:
        # allow 5 of those
        assert est.se == pytest.approx(want, rel=5 / math.sqrt(800))
        assert est.estimate == pytest.approx(np.mean(s))

    def test_bad_input(self):
        with pytest.raises(TypeError, match="metric"):
            C.bootstrap_metric(3, [0, 1], [0.1, 0.2], rng=rng(0))
        with pytest.raises(ValueError, match="n_boot"):
            C.bootstrap_metric(C.roc_auc, [0, 1], [0.1, 0.2], n_boot=1,
                               rng=rng(0))
        with pytest.raises(ValueError, match="metric"):
            C.bootstrap_metric(lambda a, b: np.nan, [0, 1], [0.1, 0.2],
                               rng=rng(0))


# ------------------------------------------------------ figure claims
#: the chapter's Gaussian model (4 informative features of 40)
D = 40
MU = np.zeros(D)
MU[:4] = 0.8
MEANS = np.stack([-MU / 2, MU / 2])


def chapter_model():
    """The chapter's overfit model: seed 19, 300 training points."""
    r = rng(19)
    data = C.gaussian_classes(6000, MEANS, rng=r)
    outer = learning.train_test_split_indices(6000, 0.95, rng=r)
    return C.fit_logistic_newton(data.X[outer.train], data.y[outer.train])


def test_claim_fig_clf_roc_pr():
    """Figure 19.2: 'ROC and precision-recall curves of one model on a
    balanced test population and on one with 2% positives ... the two ROC
    curves nearly coincide, while the PR curve of the rare population
    falls far below the balanced one; each dashed PR baseline is the
    positive rate.'"""
    fit = chapter_model()
    rare = C.gaussian_classes(20_000, MEANS, priors=[0.98, 0.02],
                              rng=rng(7))
    bal = C.gaussian_classes(20_000, MEANS, rng=rng(29))
    # caption: "one with 2% positives"; alt text: "AUC values near 0.8",
    # PR baselines "at 0.5" and "at 0.02"
    assert (round(bal.y.mean(), 2), round(rare.y.mean(), 2)) == (0.5, 0.02)
    aucs, aps = [], []
    for d in (bal, rare):
        z = C.logistic_logits(fit, d.X)
        # AUC and AP equal scikit-learn's up to the rounding of n terms
        aucs.append(C.roc_auc(d.y, z))
        aps.append(C.average_precision(d.y, z))
        assert aucs[-1] == pytest.approx(skm.roc_auc_score(d.y, z),
                                         abs=1e-12)
        assert aps[-1] == pytest.approx(skm.average_precision_score(d.y, z),
                                        abs=1e-12)
        # the baseline the plot draws is the precision at the lowest
        # threshold, which is the positive rate
        pr = C.precision_recall_curve(d.y, z)
        assert pr.precision[-1] == pytest.approx(d.y.mean(), rel=2 * U)
        # and a score that cannot rank has exactly that precision
        flat = C.precision_recall_curve(d.y, np.zeros(d.y.size))
        assert flat.precision[-1] == pytest.approx(d.y.mean(), rel=2 * U)
    assert [round(a, 1) for a in aucs] == [0.8, 0.8]
    # ROC curves nearly coincide: AUCs within 3 combined bootstrap SEs
    se = [C.bootstrap_metric(C.roc_auc, d.y, C.logistic_logits(fit, d.X),
                             n_boot=50, rng=rng(30)).se for d in (bal, rare)]
    assert abs(aucs[0] - aucs[1]) < 3 * math.hypot(*se)
    # PR of the rare population far below: AP less than half
    assert aps[1] < 0.5 * aps[0]


def test_claim_fig_clf_cost():
    """Figure 19.3: 'Average cost per sample against the decision
    threshold, for true posterior probabilities (calibrated by
    construction) of 20,000 samples and three ratios of the cost of a miss
    to the cost of a false alarm. Observe that each empirical minimum (dot)
    lies near its Bayes threshold (dotted line, c_FP/(c_FP + c_FN)), within
    the tolerance of the cost experiment.'

    The tolerance is eq. (clf-tolerance), z = 4: about five standard
    deviations of the limiting (Chernoff) law of the argmin. Checked on
    the chapter's sample and on 30 further independent samples (d = 4: the
    posterior depends on the informative coordinates only).
    """
    grid = np.linspace(0.0, 1.0, 501)
    costs = np.array([[[0.0, 1.0], [r, 0.0]] for r in (1.0, 3.0, 9.0)])
    samples = [C.gaussian_classes(20_000, MEANS, priors=[0.8, 0.2],
                                  rng=rng(23))]
    samples += [C.gaussian_classes(20_000, MEANS[:, :4], priors=[0.8, 0.2],
                                   rng=rng(1000 + s)) for s in range(30)]
    # caption: "20,000 samples and three ratios"
    assert samples[0].y.size == 20_000 and len(costs) == 3
    for pop in samples:
        eta = special.sigmoid(pop.true_logit)
        cc = C.cost_curves(pop.y, eta, costs, grid)
        np.testing.assert_allclose(cc.bayes, [0.5, 0.25, 0.1])
        for k in range(3):
            tol = C.threshold_tolerance(eta, costs[k], grid_step=grid[1])
            assert abs(cc.best[k] - cc.bayes[k]) <= tol
