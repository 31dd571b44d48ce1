"""Tests for execmath.models against NumPy, SciPy, scikit-learn (test-only
oracle: StandardScaler, Ridge, Lasso, lasso_path, lars_path), explicit hat
matrices on small problems, exact identities and Monte Carlo standard
errors. The claims of the chapter's figures are the test_claim_* tests."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import linalg as sla
from scipy import optimize
from sklearn.linear_model import Lasso, Ridge, lars_path
from sklearn.linear_model import lasso_path as sk_lasso_path
from sklearn.preprocessing import StandardScaler

from execmath import learning
from execmath import models as M

U = 2.0**-53                                   # unit roundoff of float64

# The chapter's experiments (chapters/18-linear-models.qmd), repeated
# exactly by the claim tests.
W15 = np.linspace(1.0, -1.0, 15)
W8 = np.array([3.0, 1.5, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0])
VAL_LAMS = np.logspace(-2, 4, 49)
RIDGE_GRID = np.logspace(-2, 5, 141)


def rng(seed=0):
    return np.random.default_rng(seed)


def running_example():
    """40 training and 4,000 test rows, 15 features with correlation
    0.9^|j-k|, standardised with the training statistics."""
    g = rng(0)
    tr = M.correlated_regression(40, W15, rho=0.9, noise_sd=2.0, rng=g)
    te = M.correlated_regression(4000, W15, rho=0.9, noise_sd=2.0, rng=g)
    std = M.fit_standardizer(tr.X)
    return (tr, te, std, M.apply_standardizer(std, tr.X),
            M.apply_standardizer(std, te.X))


def sparse_example():
    """100 rows, 8 standardised features, correlation 0.8^|j-k|."""
    sp = M.correlated_regression(100, W8, rho=0.8, noise_sd=3.0, rng=rng(18))
    return M.apply_standardizer(M.fit_standardizer(sp.X), sp.X), sp.y


def small_problem(n=12, p=3, seed=1):
    g = rng(seed)
    X = g.standard_normal((n, p)) * [1.0, 3.0, 0.2][:p] + [5.0, -2.0, 0.5][:p]
    y = 1.5 + X @ np.arange(1.0, p + 1) + 0.3 * g.standard_normal(n)
    return X, y


def ls_tol(A, y):
    """Relative accuracy of a backward-stable least-squares solve:
    c (κ + κ² tan θ) u, with a generous c (Higham 2002, ch. 20)."""
    beta, res = np.linalg.lstsq(A, y, rcond=None)[:2]
    s = np.linalg.svd(A, compute_uv=False)
    kappa = s[0] / s[-1]
    tan = math.sqrt(res[0]) / np.linalg.norm(A @ beta) if res.size else 0.0
    return 100 * (kappa + kappa**2 * tan) * U


def hat_explicit(A):
    """H = A (A^T A)^{-1} A^T by a solve: the small-problem oracle."""
    return A @ sla.solve(A.T @ A, A.T, assume_a="pos")


def lasso_coef_tol(Xc, yc, rel_gap):
    r"""Bound on ||w - w*|| from a relative duality gap: P is
    μ-strongly convex with μ = σ_min(X_c)²/n, so
    ||w - w*||² <= 2 (P(w) - P*)/μ <= 2 gap P(0)/μ."""
    n = Xc.shape[0]
    mu = np.linalg.svd(Xc, compute_uv=False)[-1] ** 2 / n
    p0 = float(yc @ yc) / (2 * n)
    return math.sqrt(2 * max(rel_gap, U) * p0 / mu)


# ------------------------------------------------------------ generator
class TestCorrelatedRegression:
    def test_shapes_and_correlation(self):
        d = M.correlated_regression(20000, [1.0, 0.0, -1.0], rho=0.6,
                                    noise_sd=0.5, rng=rng(3), intercept=2.0)
        assert d.X.shape == (20000, 3) and d.y.shape == (20000,)
        c = np.corrcoef(d.X, rowvar=False)
        # sample correlation has sd (1 - ρ²)/sqrt(n) <= 0.007; 5 sd
        np.testing.assert_allclose(c[0, 1], 0.6, atol=0.035)
        np.testing.assert_allclose(c[0, 2], 0.36, atol=0.035)
        resid = d.y - 2.0 - d.X @ [1.0, 0.0, -1.0]
        # sd of a sample sd: σ/sqrt(2n) = 0.0025; 5 sd
        assert resid.std() == pytest.approx(0.5, abs=0.0125)

    @pytest.mark.parametrize("kw, name", [
        ({"rho": 1.0}, "rho"), ({"rho": np.nan}, "rho"),
        ({"noise_sd": -1.0}, "noise_sd"), ({"rng": 3}, "rng")])
    def test_bad_input(self, kw, name):
        args = {"rho": 0.5, "noise_sd": 1.0, "rng": rng()} | kw
        with pytest.raises((ValueError, TypeError), match=name):
            M.correlated_regression(5, [1.0], **args)

    def test_bad_coef(self):
        with pytest.raises(ValueError, match="coef"):
            M.correlated_regression(5, [np.inf], rho=0.5, noise_sd=1.0,
                                    rng=rng())


# -------------------------------------------------------- standardising
class TestStandardizer:
    def test_matches_sklearn(self):
        X, _ = small_problem(30, 3)
        s = M.fit_standardizer(X)
        sc = StandardScaler().fit(X)
        # two-pass mean and variance: relative error of order n u
        np.testing.assert_allclose(s.mean, sc.mean_, rtol=100 * U)
        np.testing.assert_allclose(s.scale, sc.scale_, rtol=1e3 * U)
        Xt = X[:5] * 1.7 - 0.3
        np.testing.assert_allclose(M.apply_standardizer(s, Xt),
                                   sc.transform(Xt), rtol=1e3 * U,
                                   atol=1e3 * U)

    def test_training_columns_have_mean_zero_sd_one(self):
        X, _ = small_problem(25, 3)
        Z = M.apply_standardizer(M.fit_standardizer(X), X)
        np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=100 * U)
        np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=100 * U)

    @pytest.mark.parametrize("k", [-1000, -3, 0, 5, 900])
    def test_exact_power_of_two_scale_law(self, k):
        X, _ = small_problem(10, 3)
        s = M.fit_standardizer(X)
        s2 = M.fit_standardizer(np.ldexp(X, k))
        np.testing.assert_array_equal(s2.mean, np.ldexp(s.mean, k))
        np.testing.assert_array_equal(s2.scale, np.ldexp(s.scale, k))
        np.testing.assert_array_equal(
            M.apply_standardizer(s2, np.ldexp(X, k)),
            M.apply_standardizer(s, X))

    def test_zero_variance_column_is_refused(self):
        X = np.column_stack([np.arange(5.0), np.full(5, 0.1)])
        with pytest.raises(ValueError, match="X column 1 has zero variance"):
            M.fit_standardizer(X)

    def test_bad_standardizer(self):
        with pytest.raises(TypeError, match="standardizer"):
            M.apply_standardizer((np.zeros(2), np.ones(2)), np.ones((2, 2)))
        s = M.Standardizer(np.zeros(2), np.array([1.0, -1.0]))
        with pytest.raises(ValueError, match="standardizer"):
            M.apply_standardizer(s, np.ones((2, 2)))

    def test_column_mismatch(self):
        s = M.fit_standardizer(np.eye(3))
        with pytest.raises(ValueError, match="standardizer"):
            M.apply_standardizer(s, np.ones((2, 2)))

    @pytest.mark.parametrize("bad", [[[np.nan, 1.0], [2.0, 3.0]], [[1.0]],
                                     "x", None, [[1j, 2.0], [3.0, 4.0]]])
    def test_bad_X(self, bad):
        with pytest.raises((ValueError, TypeError), match="X"):
            M.fit_standardizer(bad)

    def test_overflowing_transform_is_refused(self):
        s = M.fit_standardizer([[0.0], [1e-300]])
        with pytest.raises(ValueError, match="X"):
            M.apply_standardizer(s, [[1e300]])


def test_add_intercept():
    np.testing.assert_array_equal(M.add_intercept([[2.0, 3.0]]),
                                  [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="X"):
        M.add_intercept([1.0, 2.0])


class TestPredict:
    def test_linear_model_and_lasso_fit(self):
        X = np.array([[1.0, 2.0], [0.0, -1.0]])
        m = M.LinearModel(0.5, np.array([1.0, -1.0]))
        np.testing.assert_array_equal(M.predict(m, X), [-0.5, 1.5])
        f = M.LassoFit(0.5, np.array([1.0, -1.0]), 0.0, 1, True)
        np.testing.assert_array_equal(M.predict(f, X), [-0.5, 1.5])

    def test_bad_model_and_shape(self):
        with pytest.raises(TypeError, match="model"):
            M.predict((0.0, np.ones(2)), np.ones((1, 2)))
        with pytest.raises(ValueError, match="X"):
            M.predict(M.LinearModel(0.0, np.ones(2)), np.ones((1, 3)))

    def test_overflow_is_refused(self):
        with pytest.raises(ValueError, match="model and X"):
            M.predict(M.LinearModel(0.0, np.array([1e300])), [[1e300]])


# -------------------------------------------------------------------- OLS
class TestOLS:
    @pytest.mark.parametrize("method", ["qr", "svd"])
    def test_matches_numpy_lstsq(self, method):
        X, y = small_problem(15, 3)
        A = M.add_intercept(X)
        ref = np.linalg.lstsq(A, y, rcond=None)[0]
        m = M.fit_ols(X, y, method=method)
        got = np.r_[m.intercept, m.coef]
        assert np.linalg.norm(got - ref) <= ls_tol(A, y) * np.linalg.norm(ref)

    def test_exact_fit(self):
        X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
        m = M.fit_ols(X, 1.0 + X @ [2.0, -1.0])
        np.testing.assert_allclose(np.r_[m.intercept, m.coef],
                                   [1.0, 2.0, -1.0], atol=50 * U)

    def test_rank_deficient_qr_refused_svd_is_min_norm(self):
        g = rng(4)
        x = g.standard_normal(10)
        X = np.column_stack([x, 2 * x])                   # dependent columns
        y = 1.0 + x + 0.1 * g.standard_normal(10)
        with pytest.raises(ValueError, match="X must have full column rank"):
            M.fit_ols(X, y)
        m = M.fit_ols(X, y, method="svd")
        Xc = X - X.mean(axis=0)
        ref = np.linalg.pinv(Xc) @ (y - y.mean())         # min-norm slopes
        np.testing.assert_allclose(m.coef, ref, rtol=1e-12)

    def test_constant_column_with_intercept_refused(self):
        X = np.column_stack([np.arange(6.0), np.ones(6)])
        with pytest.raises(ValueError, match="column 1"):
            M.fit_ols(X, np.arange(6.0))

    def test_too_few_rows(self):
        with pytest.raises(ValueError, match="X must have more rows"):
            M.fit_ols(np.ones((3, 3)), np.ones(3))

    def test_bad_method_and_y(self):
        X, y = small_problem()
        with pytest.raises(ValueError, match="method"):
            M.fit_ols(X, y, method="normal")
        with pytest.raises(ValueError, match="y"):
            M.fit_ols(X, y[:-1])
        with pytest.raises(ValueError, match="y"):
            M.fit_ols(X, np.r_[y[:-1], np.nan])

    @pytest.mark.parametrize("k", [-900, 0, 900])
    def test_scale_invariance(self, k):
        # power-of-two scaling of y is exact: the fit scales with it
        X, y = small_problem()
        m0 = M.fit_ols(X, y)
        mk = M.fit_ols(X, np.ldexp(y, k))
        np.testing.assert_allclose(mk.coef, np.ldexp(m0.coef, k),
                                   rtol=1e-13)


# ------------------------------------------------------------------ ridge
class TestRidge:
    @pytest.mark.parametrize("lam", [1e-6, 0.3, 5.0, 1e4])
    def test_matches_sklearn_ridge(self, lam):
        X, y = small_problem(20, 3)
        m = M.fit_ridge(X, y, lam)
        sk = Ridge(alpha=lam, fit_intercept=True, solver="svd").fit(X, y)
        # both solve a problem of condition <= κ(X_c)² by the SVD
        kappa = np.linalg.cond(X - X.mean(axis=0))
        tol = 100 * kappa**2 * U
        np.testing.assert_allclose(m.coef, sk.coef_, rtol=tol,
                                   atol=tol * np.abs(sk.coef_).max())
        assert m.intercept == pytest.approx(sk.intercept_, rel=tol, abs=tol)

    def test_centred_normal_equations(self):
        X, y = small_problem(20, 3)
        lam = 2.0
        m = M.fit_ridge(X, y, lam)
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        res = Xc.T @ (yc - Xc @ m.coef) - lam * m.coef
        # residual of a backward-stable solve: O(u ||X||² ||w|| + u ||X|| ||y||)
        scale = np.linalg.norm(Xc, 2) * (np.linalg.norm(Xc, 2)
                                         * np.linalg.norm(m.coef)
                                         + np.linalg.norm(yc))
        assert np.linalg.norm(res) <= 100 * U * scale

    def test_lam_zero_is_ols(self):
        X, y = small_problem(20, 3)
        np.testing.assert_allclose(M.fit_ridge(X, y, 0.0).coef,
                                   M.fit_ols(X, y).coef, rtol=1e-12)

    def test_intercept_is_not_penalised(self):
        # shifting y shifts only the intercept, for every λ
        X, y = small_problem(20, 3)
        a, b = M.fit_ridge(X, y, 3.0), M.fit_ridge(X, y + 100.0, 3.0)
        np.testing.assert_allclose(b.coef, a.coef, rtol=1e-11)
        assert b.intercept - a.intercept == pytest.approx(100.0, rel=1e-12)

    def test_path_matches_single_fits_and_dof(self):
        X, y = small_problem(20, 3)
        lams = np.array([0.0, 0.1, 10.0])
        path = M.ridge_path(X, y, lams)
        for i, lam in enumerate(lams):
            m = M.fit_ridge(X, y, lam)
            np.testing.assert_allclose(path.coef[i], m.coef, rtol=1e-12)
            assert path.intercept[i] == pytest.approx(m.intercept, rel=1e-12)
        np.testing.assert_allclose(path.dof, M.ridge_dof(X, lams),
                                   rtol=1e-14)

    def test_dof_is_trace_of_explicit_hat(self):
        X, _ = small_problem(15, 3)
        n = X.shape[0]
        Xc = X - X.mean(axis=0)
        for lam in (0.0, 0.5, 50.0):
            H = np.full((n, n), 1 / n) + Xc @ sla.solve(
                Xc.T @ Xc + lam * np.eye(3), Xc.T)
            # trace of a product formed with κ(X_c)² conditioning
            assert M.ridge_dof(X, lam) == pytest.approx(np.trace(H),
                                                        rel=1e-12)

    @pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf, "1", None, True])
    def test_bad_lam(self, bad):
        X, y = small_problem()
        with pytest.raises((ValueError, TypeError), match="lam"):
            M.fit_ridge(X, y, bad)
        with pytest.raises((ValueError, TypeError), match="lam"):
            M.ridge_dof(X, bad)

    def test_bad_lams(self):
        X, y = small_problem()
        with pytest.raises(ValueError, match="lams"):
            M.ridge_path(X, y, [1.0, -1.0])


# --------------------------------------------------------------- leverage
class TestLeverage:
    def test_matches_explicit_hat_matrix(self):
        X, _ = small_problem(12, 3)
        A = M.add_intercept(X)
        h = M.leverage(X)
        np.testing.assert_allclose(h, np.diag(hat_explicit(A)),
                                   atol=100 * np.linalg.cond(A) ** 2 * U)
        assert h.sum() == pytest.approx(4.0, rel=100 * U)
        assert np.all(h >= 1 / 12 - 100 * U) and np.all(h <= 1 + 100 * U)

    def test_ridge_leverage_matches_explicit_smoother(self):
        X, _ = small_problem(12, 3)
        n = 12
        Xc = X - X.mean(axis=0)
        for lam in (0.1, 3.0, 1e3):
            H = np.full((n, n), 1 / n) + Xc @ sla.solve(
                Xc.T @ Xc + lam * np.eye(3), Xc.T)
            np.testing.assert_allclose(M.leverage(X, lam), np.diag(H),
                                       atol=1e-12)
            assert M.leverage(X, lam).sum() == pytest.approx(
                M.ridge_dof(X, lam), rel=1e-13)

    @given(st.integers(0, 10_000), st.floats(1e-3, 1e3))
    def test_ridge_never_raises_a_leverage(self, seed, lam):
        # h_ii(λ) = 1/n + Σ f_k u_ik² with f_k < 1: below h_ii(0) for all i
        X = rng(seed).standard_normal((9, 3))
        h0, hl = M.leverage(X), M.leverage(X, lam)
        assert np.all(hl <= h0 + 1e-13)
        assert np.all(hl >= 1 / 9 - 1e-13)

    def test_new_points(self):
        X, _ = small_problem(12, 3)
        np.testing.assert_allclose(M.leverage(X, X_new=X), M.leverage(X),
                                   atol=1e-12)
        np.testing.assert_allclose(M.leverage(X, 2.0, X_new=X),
                                   M.leverage(X, 2.0), atol=1e-12)
        x0 = np.array([[10.0, -7.0, 3.0]])
        Xc = X - X.mean(axis=0)
        d = x0 - X.mean(axis=0)
        ref = 1 / 12 + (d @ sla.solve(Xc.T @ Xc, d.T)).item()
        assert M.leverage(X, X_new=x0)[0] == pytest.approx(ref, rel=1e-11)

    def test_leverage_one(self):
        # a dummy column that is non-zero in one row only: that row has h = 1
        X = np.column_stack([np.arange(6.0), np.eye(6)[:, 2]])
        assert M.leverage(X)[2] == pytest.approx(1.0, abs=1e-14)

    def test_bad_input(self):
        X, _ = small_problem(12, 3)
        with pytest.raises(ValueError, match="X_new"):
            M.leverage(X, X_new=np.ones((2, 2)))
        with pytest.raises(ValueError, match="lam"):
            M.leverage(X, -1.0)
        with pytest.raises(ValueError, match="X"):
            M.leverage(np.ones((3, 3)))
        with pytest.raises(ValueError, match="X_new"):
            M.leverage(X, X_new=[[np.nan, 1.0, 2.0]])


class TestOLSDiagnostics:
    def test_against_explicit_formulas(self):
        X, y = small_problem(15, 3)
        A = M.add_intercept(X)
        H = hat_explicit(A)
        e = y - H @ y
        s = np.sqrt(e @ e / (15 - 4))
        d = M.ols_diagnostics(X, y)
        tol = 1e3 * np.linalg.cond(A) ** 2 * U
        np.testing.assert_allclose(d.residuals, e, atol=tol * np.abs(y).max())
        np.testing.assert_allclose(d.fitted, H @ y, rtol=tol)
        assert d.sigma == pytest.approx(s, rel=tol)
        np.testing.assert_allclose(
            d.studentized, e / (s * np.sqrt(1 - np.diag(H))), atol=tol * 10)

    def test_studentized_mean_square_is_one(self):
        # E r_i² = 1 for every i under Gaussian noise (Beta law); the mean
        # over i of r_i² has a per-draw value, whose MC error we use
        X, _ = small_problem(12, 3)
        g = rng(9)
        means = [np.mean(M.ols_diagnostics(X, g.standard_normal(12))
                         .studentized ** 2) for _ in range(400)]
        est, se = np.mean(means), np.std(means, ddof=1) / np.sqrt(400)
        assert abs(est - 1.0) < 4 * se

    def test_exact_fit_refused(self):
        X, _ = small_problem(10, 2)
        with pytest.raises(ValueError, match="y is fitted exactly"):
            M.ols_diagnostics(X, 1.0 + X @ [1.0, 2.0])

    def test_leverage_one_refused(self):
        X = np.column_stack([np.arange(6.0), np.eye(6)[:, 2]])
        with pytest.raises(ValueError, match="X row 2 has leverage 1"):
            M.ols_diagnostics(X, rng().standard_normal(6))

    def test_too_few_rows(self):
        with pytest.raises(ValueError, match="X must have at least"):
            M.ols_diagnostics(np.arange(6.0).reshape(3, 2), [1.0, 2.0, 0.0])


# ------------------------------------------------ coefficient variability
class TestCoefCovariance:
    def test_ols_is_sigma2_inverse_gram(self):
        X, _ = small_problem(15, 3)
        Xc = X - X.mean(axis=0)
        ref = 0.49 * sla.inv(Xc.T @ Xc)
        np.testing.assert_allclose(M.coef_covariance(X, 0.7), ref,
                                   rtol=100 * np.linalg.cond(Xc) ** 2 * U)

    def test_ridge_is_sandwich(self):
        X, _ = small_problem(15, 3)
        Xc = X - X.mean(axis=0)
        lam = 4.0
        Mx = sla.solve(Xc.T @ Xc + lam * np.eye(3), Xc.T)   # (p, n)
        np.testing.assert_allclose(M.coef_covariance(X, 0.7, lam),
                                   0.49 * Mx @ Mx.T, rtol=1e-11, atol=1e-15)

    def test_rank_deficient_ols_refused(self):
        x = np.arange(6.0)
        with pytest.raises(ValueError, match="X must have full column rank"):
            M.coef_covariance(np.column_stack([x, 2 * x]), 1.0)
        # ridge is fine: the variance is bounded by σ²/(4λ) per direction
        cov = M.coef_covariance(np.column_stack([x, 2 * x]), 1.0, 1.0)
        assert np.all(np.linalg.eigvalsh(cov) <= 0.25 + 1e-14)

    def test_bad_sigma(self):
        with pytest.raises(ValueError, match="sigma"):
            M.coef_covariance(np.eye(3), 0.0)

    def test_draws_match_single_fits_and_covariance(self):
        X, _ = small_problem(15, 3)
        w = np.array([1.0, -0.5, 0.2])
        R = 4000
        d = M.coefficient_draws(X, w, 0.7, 4.0, R, rng=rng(2))
        # the same draws, refitted one at a time (same generator stream)
        Xc = X - X.mean(axis=0)
        eps = rng(2).standard_normal((R, 15))
        for r in (0, 17, R - 1):
            y = Xc @ w + 0.7 * eps[r]
            np.testing.assert_allclose(d.ols[r], M.fit_ols(X, y).coef,
                                       rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(d.ridge[r],
                                       M.fit_ridge(X, y, 4.0).coef,
                                       rtol=1e-10, atol=1e-12)
        # sample variances: relative s.e. sqrt(2/(R-1)) ≈ 2.2 %; 5 s.e.
        for draws, lam in ((d.ols, 0.0), (d.ridge, 4.0)):
            v = np.diag(M.coef_covariance(X, 0.7, lam))
            np.testing.assert_allclose(draws.var(axis=0, ddof=1), v,
                                       rtol=5 * math.sqrt(2 / (R - 1)))
            np.testing.assert_allclose(draws.mean(axis=0)[0],
                                       draws.mean(axis=0)[0])

    def test_draws_bad_input(self):
        with pytest.raises(ValueError, match="coef"):
            M.coefficient_draws(np.eye(3), [1.0], 1.0, 1.0, 3, rng=rng())
        with pytest.raises(ValueError, match="n_reps"):
            M.coefficient_draws(np.eye(3), [1.0, 0, 0], 1.0, 1.0, 1,
                                rng=rng())


# ------------------------------------------------------------------ lasso
class TestSoftThreshold:
    def test_values(self):
        np.testing.assert_array_equal(
            M.soft_threshold([-3.0, -0.5, 0.0, 0.5, 2.0], 1.0),
            [-2.0, 0.0, 0.0, 0.0, 1.0])

    @given(st.floats(-10, 10), st.floats(0, 5))
    def test_is_the_prox_of_the_absolute_value(self, z, t):
        x = M.soft_threshold([z], t)[0]
        obj = lambda v: 0.5 * (v - z) ** 2 + t * abs(v)      # noqa: E731
        ref = optimize.minimize_scalar(obj, bounds=(-11, 11),
                                       method="bounded",
                                       options={"xatol": 1e-10}).x
        # the bounded scalar search locates the minimiser to ~1e-5
        assert obj(x) <= obj(ref) + 1e-12
        assert x == pytest.approx(ref, abs=1e-4)

    def test_bad_t(self):
        with pytest.raises(ValueError, match="t"):
            M.soft_threshold([1.0], -0.1)


@pytest.fixture(scope="module")
def data():
    return sparse_example()


class TestLasso:
    def test_lambda_max(self, data):
        Z, y = data
        lmax = M.lasso_lambda_max(Z, y)
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        assert lmax == pytest.approx(np.abs(Zc.T @ yc).max() / 100,
                                     rel=100 * U)
        assert np.all(M.fit_lasso(Z, y, lmax).coef == 0.0)
        just_below = M.fit_lasso(Z, y, lmax * (1 - 1e-6), tol=1e-14)
        on = np.flatnonzero(just_below.coef)
        assert on.tolist() == [int(np.argmax(np.abs(Zc.T @ yc)))]

    @pytest.mark.parametrize("frac", [0.5, 0.1, 0.01])
    def test_matches_sklearn_lasso(self, data, frac):
        Z, y = data
        lam = frac * M.lasso_lambda_max(Z, y)
        fit = M.fit_lasso(Z, y, lam, tol=1e-14)
        sk = Lasso(alpha=lam, fit_intercept=True, tol=1e-14,
                   max_iter=1_000_000).fit(Z, y)
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        tol = 2 * lasso_coef_tol(Zc, yc, 1e-14)     # both certified by a gap
        np.testing.assert_allclose(fit.coef, sk.coef_, atol=tol)
        assert fit.intercept == pytest.approx(sk.intercept_, abs=10 * tol)
        assert fit.converged and fit.gap <= 1e-14
        # zeros are exact in both
        assert np.array_equal(fit.coef == 0, sk.coef_ == 0)

    def test_kkt_conditions(self, data):
        Z, y = data
        lam = 0.2 * M.lasso_lambda_max(Z, y)
        fit = M.fit_lasso(Z, y, lam, tol=1e-14)
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        corr = Zc.T @ (yc - Zc @ fit.coef) / 100
        on = fit.coef != 0
        tol = np.linalg.norm(Zc, 2) ** 2 / 100 * lasso_coef_tol(Zc, yc, 1e-14)
        np.testing.assert_allclose(corr[on], lam * np.sign(fit.coef[on]),
                                   atol=tol)
        assert np.all(np.abs(corr[~on]) <= lam + tol)

    def test_gap_bounds_the_coefficient_error(self, data):
        Z, y = data
        lam = 0.05 * M.lasso_lambda_max(Z, y)
        ref = M.fit_lasso(Z, y, lam, tol=1e-14)
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        for tol in (1e-3, 1e-6, 1e-9):
            f = M.fit_lasso(Z, y, lam, tol=tol)
            assert f.gap <= tol
            assert np.linalg.norm(f.coef - ref.coef) <= (
                lasso_coef_tol(Zc, yc, f.gap) + lasso_coef_tol(Zc, yc, 1e-14))

    def test_warm_start_saves_sweeps(self, data):
        Z, y = data
        lam = 0.1 * M.lasso_lambda_max(Z, y)
        cold = M.fit_lasso(Z, y, lam, tol=1e-12)
        warm = M.fit_lasso(Z, y, lam, w0=cold.coef, tol=1e-12)
        assert warm.n_sweeps <= 2 and warm.converged
        np.testing.assert_allclose(warm.coef, cold.coef, atol=1e-9)

    def test_change_rule_can_stop_early(self):
        # the chapter's pitfall: on a nearly collinear design the change
        # rule stops with a gap far above its tolerance; the gap rule not
        cl = M.correlated_regression(200, np.ones(6), rho=0.995,
                                     noise_sd=1.0, rng=rng(4))
        lam = 0.01 * M.lasso_lambda_max(cl.X, cl.y)
        ch = M.fit_lasso(cl.X, cl.y, lam, tol=1e-6, stop="change")
        gp = M.fit_lasso(cl.X, cl.y, lam, tol=1e-6, stop="gap")
        assert ch.converged and ch.gap > 100 * 1e-6
        assert gp.converged and gp.gap <= 1e-6

    def test_max_sweeps_reports_not_converged(self, data):
        Z, y = data
        f = M.fit_lasso(Z, y, 0.01 * M.lasso_lambda_max(Z, y), tol=1e-14,
                        max_sweeps=2)
        assert not f.converged and f.n_sweeps == 2 and f.gap > 1e-14

    def test_scale_law(self, data):
        # y -> 2^k y and λ -> 2^k λ scale the solution by 2^k exactly
        Z, y = data
        lam = 0.1 * M.lasso_lambda_max(Z, y)
        a = M.fit_lasso(Z, y, lam, tol=1e-12)
        b = M.fit_lasso(Z, np.ldexp(y, 600), math.ldexp(lam, 600), tol=1e-12)
        np.testing.assert_allclose(b.coef, np.ldexp(a.coef, 600), rtol=1e-12)

    @pytest.mark.parametrize("kw, name", [
        ({"lam": 0.0}, "lam"), ({"lam": -1.0}, "lam"), ({"tol": 0.0}, "tol"),
        ({"tol": 1.5}, "tol"), ({"max_sweeps": 0}, "max_sweeps"),
        ({"stop": "never"}, "stop"), ({"w0": [1.0]}, "w0"),
        ({"w0": [np.nan] * 8}, "w0")])
    def test_bad_input(self, data, kw, name):
        Z, y = data
        args = {"lam": 0.1} | kw
        lam = args.pop("lam")
        with pytest.raises((ValueError, TypeError), match=name):
            M.fit_lasso(Z, y, lam, **args)


class TestLassoPath:
    def test_matches_sklearn_lasso_path(self, data):
        Z, y = data
        path = M.lasso_path(Z, y, n_lams=30, eps=1e-2, tol=1e-13)
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        alphas, coefs, _ = sk_lasso_path(Zc, yc, alphas=path.lams,
                                         tol=1e-14, max_iter=1_000_000)
        np.testing.assert_allclose(alphas, path.lams, rtol=1e-15)
        tol = 2 * lasso_coef_tol(Zc, yc, 1e-13)
        np.testing.assert_allclose(path.coef, coefs.T, atol=tol)
        assert path.converged.all()
        # the default grid is scikit-learn's: geometric from λ_max
        lmax = M.lasso_lambda_max(Z, y)
        np.testing.assert_allclose(path.lams,
                                   np.geomspace(lmax, 1e-2 * lmax, 30),
                                   rtol=1e-13)
        np.testing.assert_allclose(path.intercept,
                                   y.mean() - path.coef @ Z.mean(axis=0),
                                   atol=1e-12)

    def test_given_grid_is_sorted_decreasing(self, data):
        Z, y = data
        path = M.lasso_path(Z, y, [0.1, 1.0, 0.5])
        np.testing.assert_array_equal(path.lams, [1.0, 0.5, 0.1])

    def test_constant_y_refused(self, data):
        Z, _ = data
        with pytest.raises(ValueError, match="y is constant"):
            M.lasso_path(Z, np.ones(100))

    @pytest.mark.parametrize("kw, name", [
        ({"n_lams": 1}, "n_lams"), ({"eps": 1.0}, "eps"),
        ({"lams": [1.0, 0.0]}, "lams"), ({"tol": -1.0}, "tol")])
    def test_bad_input(self, data, kw, name):
        Z, y = data
        with pytest.raises((ValueError, TypeError), match=name):
            M.lasso_path(Z, y, **kw)


class TestLassoKinks:
    def test_matches_sklearn_lars_path(self):
        Z, y = sparse_example()
        k = M.lasso_kinks(Z, y)
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        alphas, _, coefs = lars_path(Zc, yc, method="lasso")
        # both solve the same small least-squares systems: κ u accuracy
        tol = 1e3 * np.linalg.cond(Zc) * U
        np.testing.assert_allclose(k.lams, alphas, rtol=tol,
                                   atol=tol * alphas[0])
        np.testing.assert_allclose(k.coef, coefs.T, atol=tol * np.abs(
            coefs).max())
        # the last kink is λ = 0: the OLS solution
        np.testing.assert_allclose(k.coef[-1], M.fit_ols(Z, y).coef,
                                   atol=tol * 10)

    def test_lam_min_stops_the_path(self):
        Z, y = sparse_example()
        full = M.lasso_kinks(Z, y)
        cut = M.lasso_kinks(Z, y, lam_min=full.lams[3] * 0.999)
        assert cut.lams.size == 5
        assert cut.lams[-1] == pytest.approx(full.lams[3] * 0.999, rel=1e-12)

    def test_drop_events(self):
        # a design (found by search) on which two variables leave the
        # active set and one rejoins; LARS-lasso records the same kinks
        g = rng(75)
        X = g.standard_normal((20, 5))
        X[:, 1] = X[:, 0] + 0.2 * X[:, 1]                 # correlated pair
        y = X @ [1.0, -1.0, 0.5, 0.0, 0.0] + 0.5 * g.standard_normal(20)
        k = M.lasso_kinks(X, y)
        active = k.coef != 0
        left = active[:-1] & ~active[1:]
        assert left.sum() >= 2
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        alphas, _, coefs = lars_path(Xc, yc, method="lasso")
        tol = 1e3 * np.linalg.cond(Xc) * U
        np.testing.assert_allclose(k.lams, alphas, rtol=tol, atol=tol)
        np.testing.assert_allclose(k.coef, coefs.T, atol=tol)

    def test_lam_min_above_lambda_max(self):
        # the path from lambda_max down to lam_min is the single point w = 0
        Z, y = sparse_example()
        top = M.lasso_lambda_max(Z, y)
        k = M.lasso_kinks(Z, y, lam_min=2 * top)
        assert k.lams.tolist() == pytest.approx([top], rel=1e-12)
        assert np.all(k.coef == 0.0)

    def test_constant_y_refused(self):
        with pytest.raises(ValueError, match="y is constant"):
            M.lasso_kinks(np.eye(4), np.ones(4))

    def test_bad_lam_min(self):
        with pytest.raises(ValueError, match="lam_min"):
            M.lasso_kinks(np.eye(4), np.arange(4.0), -1.0)


# ------------------------------------------------------------- validation
class TestValidationCurve:
    def test_matches_manual_pipeline_with_sklearn(self):
        X, y = small_problem(24, 3)
        lams = np.array([0.01, 1.0, 100.0])
        vc = M.validation_curve(X, y, lams, n_splits=3, rng=rng(5))
        g = rng(5)
        for r in range(3):
            sp = learning.train_test_split_indices(24, 0.25, rng=g)
            sc = StandardScaler().fit(X[sp.train])
            Zt, Zv = sc.transform(X[sp.train]), sc.transform(X[sp.test])
            for i, lam in enumerate(lams):
                m = Ridge(alpha=lam).fit(Zt, y[sp.train])
                val = np.mean((y[sp.test] - m.predict(Zv)) ** 2)
                assert vc.val_mse[r, i] == pytest.approx(val, rel=1e-9)

    def test_training_error_never_decreases_with_lambda(self):
        # ridge training RSS is non-decreasing in λ for every split
        X, y = small_problem(24, 3)
        vc = M.validation_curve(X, y, np.logspace(-3, 3, 13), n_splits=4,
                                rng=rng(1))
        assert np.all(np.diff(vc.train_mse, axis=1) >= -1e-12)

    def test_lasso_model(self):
        X, y = small_problem(24, 3)
        lams = np.array([0.5, 0.05, 0.005])
        vc = M.validation_curve(X, y, lams, n_splits=2, rng=rng(5),
                                model="lasso")
        g = rng(5)
        sp = learning.train_test_split_indices(24, 0.25, rng=g)
        sc = StandardScaler().fit(X[sp.train])
        Zt, Zv = sc.transform(X[sp.train]), sc.transform(X[sp.test])
        for i, lam in enumerate(lams):
            m = Lasso(alpha=lam, tol=1e-12, max_iter=100_000).fit(
                Zt, y[sp.train])
            val = np.mean((y[sp.test] - m.predict(Zv)) ** 2)
            # the exact path against sklearn's fit to a duality gap G =
            # 1e-12 ||y||^2/n: P(w) - P(w*) >= ||X(w - w*)||^2/(2n), so the
            # predictions differ by ~sqrt(2 n G) ~ 1e-6 ||y|| at most
            assert vc.val_mse[0, i] == pytest.approx(val, rel=1e-5)

    def test_lasso_exact_path_matches_coordinate_descent(self):
        # the homotopy-and-interpolation route against lasso_path (CD to a
        # relative gap of 1e-13), lams above lambda_max included (w = 0)
        X, y = small_problem(30, 3)
        lams = np.array([1e3, 2.0, 0.5, 0.05, 0.005])
        vc = M.validation_curve(X, y, lams, n_splits=3, rng=rng(4),
                                model="lasso")
        g = rng(4)
        for r in range(3):
            sp = learning.train_test_split_indices(30, 0.25, rng=g)
            std = M.fit_standardizer(X[sp.train])
            Zt = M.apply_standardizer(std, X[sp.train])
            Zv = M.apply_standardizer(std, X[sp.test])
            path = M.lasso_path(Zt, y[sp.train], lams, tol=1e-13)
            res = (y[sp.test, None] - path.intercept - Zv @ path.coef.T)
            np.testing.assert_allclose(vc.val_mse[r], np.mean(res**2, 0),
                                       rtol=1e-5)

    def test_lasso_falls_back_when_homotopy_stops(self, monkeypatch):
        # a homotopy that stops early (as on a rank-deficient active set)
        # hands every lambda to the coordinate-descent path (relative gap
        # 1e-6, which moves a validation error by ~1e-3 relative at most)
        X, y = small_problem(30, 3)
        lams = np.array([2.0, 0.5, 0.05, 0.005])
        kinks = M.lasso_kinks
        monkeypatch.setattr(M, "lasso_kinks", lambda z, t, lam_min=0.0:
                            kinks(z, t, 10 * lam_min))
        cut = M.validation_curve(X, y, lams, n_splits=2, rng=rng(4),
                                 model="lasso")
        monkeypatch.undo()
        exact = M.validation_curve(X, y, lams, n_splits=2, rng=rng(4),
                                   model="lasso")
        assert not np.array_equal(cut.val_mse, exact.val_mse)
        np.testing.assert_allclose(cut.val_mse, exact.val_mse, rtol=1e-3)

    def test_scaling_all_uses_all_rows(self):
        X, y = small_problem(24, 3)
        lams = np.array([1.0])
        vc = M.validation_curve(X, y, lams, n_splits=2, rng=rng(5),
                                scaling="all")
        sp = learning.train_test_split_indices(24, 0.25, rng=rng(5))
        sc = StandardScaler().fit(X)
        m = Ridge(alpha=1.0).fit(sc.transform(X[sp.train]), y[sp.train])
        val = np.mean((y[sp.test] - m.predict(sc.transform(X[sp.test]))) ** 2)
        assert vc.val_mse[0, 0] == pytest.approx(val, rel=1e-9)

    @pytest.mark.parametrize("kw, name", [
        ({"n_splits": 1}, "n_splits"), ({"model": "svm"}, "model"),
        ({"scaling": "none"}, "scaling"), ({"test_fraction": 1.5},
                                           "test_fraction"),
        ({"rng": 0}, "rng")])
    def test_bad_input(self, kw, name):
        X, y = small_problem(24, 3)
        args = {"n_splits": 2, "rng": rng()} | kw
        with pytest.raises((ValueError, TypeError), match=name):
            M.validation_curve(X, y, [1.0], **args)

    def test_lasso_needs_positive_lams(self):
        X, y = small_problem(24, 3)
        with pytest.raises(ValueError, match="lams"):
            M.validation_curve(X, y, [0.0, 1.0], n_splits=2, rng=rng(),
                               model="lasso")


class TestHeldoutLeverageStudy:
    def test_bad_input(self):
        X, _ = small_problem(12, 3)
        with pytest.raises(ValueError, match="X_new"):
            M.heldout_leverage_study(X, [1.0, 0, 0], 1.0, 1.0, X[:2], 5,
                                     rng=rng(), n_bins=3)
        with pytest.raises(ValueError, match="coef"):
            M.heldout_leverage_study(X, [1.0], 1.0, 1.0, X, 5, rng=rng())
        with pytest.raises(ValueError, match="sigma"):
            M.heldout_leverage_study(X, [1.0, 0, 0], -1.0, 1.0, X, 5,
                                     rng=rng())

    def test_lam_zero_ridge_equals_ols(self):
        X, _ = small_problem(12, 3)
        st_ = M.heldout_leverage_study(X, [1.0, 0, 0], 1.0, 0.0, X, 20,
                                       rng=rng(), n_bins=2)
        np.testing.assert_allclose(st_.mse_ridge, st_.mse_ols, rtol=1e-10)


class TestLassoLeakage:
    def test_leaky_is_optimistic_honest_is_not(self):
        st_ = M.lasso_leakage_study(40, 100, 0.5, 5, 20, rng=rng(21))
        s = st_.summary()
        # no model beats risk 1 on pure noise; 3 Monte Carlo s.e.
        assert s["leaky"][0] + 3 * s["leaky"][1] < 1.0
        assert s["honest"][0] - 3 * s["honest"][1] > 1.0
        assert np.all(st_.true_risk >= 1.0)

    @pytest.mark.parametrize("kw, name", [
        ({"lam_ratio": 1.0}, "lam_ratio"), ({"n_folds": 1}, "n_folds"),
        ({"n": 3}, "n"), ({"n_reps": 1}, "n_reps")])
    def test_bad_input(self, kw, name):
        args = {"n": 20, "p": 5, "lam_ratio": 0.5, "n_folds": 4,
                "n_reps": 2} | kw
        with pytest.raises((ValueError, TypeError), match=name):
            M.lasso_leakage_study(**args, rng=rng())


# ------------------------------------------------------- figure claims
def test_claim_fig_lin_paths():
    """Figure 18.1: 'ridge: every coefficient moves smoothly to zero ... and
    none is zero at any plotted λ. Lasso ... coefficients are exactly zero
    until they enter, the path is a chain of straight segments, and the
    exact kinks sit where it bends.'

    Formulation of piecewise linearity: the coordinate-descent solutions on
    the figure's 200-point grid must lie on the linear interpolation (in λ)
    of the exact kinks computed by the independent homotopy algorithm
    (itself checked against scikit-learn's LARS-lasso), to within the
    error bound that the certified duality gaps imply, and their second
    differences must vanish to that bound wherever three neighbouring grid
    points share one sign pattern, while they do not across kinks.
    """
    Z, y = sparse_example()
    # caption: "8 standardised features, correlation 0.8^|j-k|, 100 rows",
    # "200 values of lambda"; alt text: OLS triangles "between about -0.6
    # and 2.2"
    assert Z.shape == (100, 8) and W8.size == 8
    ols = M.fit_ols(Z, y).coef
    assert (round(ols.min(), 1), round(ols.max(), 1)) == (-0.6, 2.2)
    kinks = M.lasso_kinks(Z, y)
    Zc, yc = Z - Z.mean(axis=0), y - y.mean()
    alphas, _, coefs = lars_path(Zc, yc, method="lasso")
    np.testing.assert_allclose(kinks.lams, alphas, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(kinks.coef, coefs.T, atol=1e-10)
    lp = M.lasso_path(Z, y, n_lams=200, eps=1e-3, tol=1e-13)
    assert lp.converged.all()
    bound = lasso_coef_tol(Zc, yc, float(lp.gap.max())) + 1e-10
    interp = np.column_stack([np.interp(-lp.lams, -kinks.lams,
                                        kinks.coef[:, j]) for j in range(8)])
    assert np.abs(lp.coef - interp).max() <= bound
    sgn = np.sign(lp.coef)
    same = (np.all(sgn[:-2] == sgn[1:-1], axis=1)
            & np.all(sgn[1:-1] == sgn[2:], axis=1))
    t = (lp.lams[1:-1] - lp.lams[:-2]) / (lp.lams[2:] - lp.lams[:-2])
    d2 = lp.coef[1:-1] - (1 - t)[:, None] * lp.coef[:-2] \
        - t[:, None] * lp.coef[2:]
    assert np.abs(d2[same]).max() <= 3 * bound       # three errors combined
    assert np.abs(d2[~same]).max() > 1e3 * bound     # the path bends
    # exact zeros: every coefficient is 0.0 at the top of the path and
    # each one leaves zero only once it enters
    assert np.all(lp.coef[0] == 0.0)
    for j in range(8):
        nz = np.flatnonzero(lp.coef[:, j])
        assert nz.size > 0 and np.all(lp.coef[: nz[0], j] == 0.0)
    # ridge: no coefficient is zero at any plotted λ
    rp = M.ridge_path(Z, y, RIDGE_GRID)
    assert np.all(rp.coef != 0.0)
    assert np.abs(rp.coef).min() > 1e6 * U * np.abs(rp.coef).max()


def test_claim_fig_lin_validation():
    """Figure 18.2: 'Training error rises monotonically with λ; validation
    error is U-shaped with its minimum in the interior, far from both ends,
    while single splits scatter widely.' (mean over 50 random 30/10 splits)
    """
    tr, *_ = running_example()
    vc = M.validation_curve(tr.X, tr.y, VAL_LAMS, n_splits=50, rng=rng(7))
    # caption: "40 rows, 15 correlated features", "50 random 30/10 splits"
    # (validation share 0.25 by default); alt text: lambda "from 0.01 to
    # 10,000", training "near 2.4 ... to about 16", validation "near 11",
    # "a minimum near 5 at lambda about 13", "to about 17"
    assert tr.X.shape == (40, 15) and vc.val_mse.shape[0] == 50
    assert (VAL_LAMS[0], VAL_LAMS[-1]) == (1e-2, 1e4)
    np.testing.assert_allclose(vc.train_mean[[0, -1]], [2.4, 16], rtol=0.05)
    np.testing.assert_allclose(vc.val_mean[[0, vc.best, -1]], [11, 5, 17],
                               rtol=0.05)
    assert round(VAL_LAMS[vc.best]) == 13
    assert np.all(np.diff(vc.train_mean) >= 0)
    b = vc.best
    assert 0 < b < VAL_LAMS.size - 1
    # paired split-by-split differences to both ends, 4 s.e. over splits
    for end in (0, -1):
        diff = vc.val_mse[:, end] - vc.val_mse[:, b]
        assert diff.mean() > 4 * diff.std(ddof=1) / np.sqrt(50)
    # the spread: single-split minimisers differ by more than a factor 4
    per = VAL_LAMS[np.argmin(vc.val_mse, axis=1)]
    lo, hi = np.percentile(per, [10, 90])
    assert hi > 4 * lo


def test_claim_fig_lin_residuals():
    """Figure 18.3: 'Left: every observation moves left under ridge, the
    five highest OLS leverages furthest [on average], and the residuals
    spread out, because OLS fits the training rows more closely. Right: OLS
    follows σ²(1+h) and grows with leverage, ridge stays lower in every bin
    and grows much more slowly.'"""
    tr, te, std, Z, Z_te = running_example()
    vc = M.validation_curve(tr.X, tr.y, VAL_LAMS, n_splits=50, rng=rng(7))
    lam = VAL_LAMS[vc.best]
    h0, hl = M.leverage(Z), M.leverage(Z, lam)
    assert np.all(hl < h0)
    drop = h0 - hl
    top5 = np.argsort(-h0)[:5]
    assert drop[top5].mean() > np.delete(drop, top5).mean()
    e0 = tr.y - M.predict(M.fit_ols(Z, tr.y), Z)
    el = tr.y - M.predict(M.fit_ridge(Z, tr.y, lam), Z)
    assert np.mean(el**2) > np.mean(e0**2)
    ho = M.heldout_leverage_study(Z, W15 * std.scale, 2.0, lam, Z_te, 300,
                                  rng=rng(11))
    # caption: "300 redraws of the training noise, 8 equal-count bins";
    # alt text: OLS "from about 5.2 to about 8.6", ridge "from about 4.4
    # to 5", the noise line "at 4"
    assert ho.mse_ols.size == 8 and ho.noise_var == 4.0
    np.testing.assert_allclose(ho.mse_ols[[0, -1]], [5.2, 8.6], atol=0.05)
    np.testing.assert_allclose(ho.mse_ridge[[0, -1]], [4.4, 5.0], atol=0.05)
    # OLS on its theory line in every bin (4 Monte Carlo s.e.)
    assert np.all(np.abs(ho.mse_ols - ho.theory_ols) <= 4 * ho.se_ols)
    # ridge lower in every bin, paired over the same noise draws
    assert np.all(ho.mse_ols - ho.mse_ridge > 4 * ho.se_diff)
    rise_ols = ho.mse_ols[-1] - ho.mse_ols[0]
    rise_rdg = ho.mse_ridge[-1] - ho.mse_ridge[0]
    assert rise_ols > 4 * math.hypot(ho.se_ols[0], ho.se_ols[-1])
    assert rise_rdg < 0.5 * rise_ols
