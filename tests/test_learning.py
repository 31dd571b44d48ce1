"""Tests for execmath.learning against NumPy, SciPy, scikit-learn (test-only
oracle), exact identities and Monte Carlo standard errors."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.polynomial import chebyshev, legendre
from scipy import linalg as sla
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import KFold, train_test_split

from execmath import learning as L

U = 2.0**-53                                   # unit roundoff of float64

# The concrete experiments of the chapter's figures
# (chapters/14-statistical-learning.qmd); the tests repeat them exactly.
BV_SEED, BV_N, BV_SD, BV_DMAX, BV_REPS = 14, 20, 0.3, 16, 400
RIDGE_SEED, RIDGE_N, RIDGE_SD, RIDGE_DEG = 14, 20, 0.3, 12
RIDGE_LAMS = np.logspace(-8, 3, 111)
KFOLD_N, KFOLD_K, KFOLD_SEED = 20, 5, 5


def target(x):
    return L.step_target(x)


def rng(seed=0):
    return np.random.default_rng(seed)


def bv_study():
    return L.bias_variance_study(
        target, BV_DMAX, n_train=BV_N, noise_sd=BV_SD, n_reps=BV_REPS,
        rng=rng(BV_SEED), x_train=np.linspace(-1.0, 1.0, BV_N))


def ridge_data():
    r = rng(RIDGE_SEED)
    x = np.linspace(-1.0, 1.0, RIDGE_N)
    y = target(x) + RIDGE_SD * r.standard_normal(RIDGE_N)
    return L.polynomial_design(x, RIDGE_DEG), y


# ----------------------------------------------------------------- mse
class TestStepTarget:
    def test_values(self):
        x = np.linspace(-1.0, 1.0, 7)
        np.testing.assert_allclose(L.step_target(x, 3.0, -0.1),
                                   np.tanh(3.0 * (x + 0.1)), rtol=4 * U)

    def test_saturates_without_warning(self):
        np.testing.assert_array_equal(L.step_target([1e308, -1e308]),
                                      [1.0, -1.0])

    @pytest.mark.parametrize("kw", [{"sharpness": 0.0}, {"sharpness": np.nan},
                                    {"center": np.inf}, {"center": "0"}])
    def test_bad_parameters(self, kw):
        name = next(iter(kw))
        with pytest.raises((ValueError, TypeError), match=name):
            L.step_target([0.0], **kw)

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            L.step_target([np.nan])


class TestMSE:
    def test_matches_sklearn(self):
        a, b = rng(1).standard_normal(50), rng(2).standard_normal(50)
        # a sum of 50 squares: relative rounding error <= ~50 u
        assert L.mse(a, b) == pytest.approx(mean_squared_error(a, b),
                                            rel=100 * U)

    def test_no_overflow_at_large_scale(self):
        # exact answer 1e300; power-of-two rescaling costs a few ulps
        assert L.mse([1e150, -1e150], [0.0, 0.0]) == pytest.approx(
            1e300, rel=8 * U)

    def test_unrepresentable_result_raises(self):
        with pytest.raises(ValueError, match="y_true and y_pred"):
            L.mse([1e200], [-1e200])

    @pytest.mark.parametrize("bad", [[np.nan], [np.inf], [], "ab", None,
                                     [1j], [True]])
    def test_bad_y_true(self, bad):
        with pytest.raises((ValueError, TypeError), match="y_true"):
            L.mse(bad, [1.0])

    def test_shape_mismatch(self):
        with pytest.raises(ValueError, match="y_pred"):
            L.mse([1.0, 2.0], [1.0])


# ------------------------------------------------------ polynomial design
class TestDesign:
    X = np.linspace(-1.0, 1.0, 13)

    @pytest.mark.parametrize("basis, oracle", [
        ("legendre", legendre.legvander),
        ("chebyshev", chebyshev.chebvander),
        ("monomial", lambda t, d: np.vander(t, d + 1, increasing=True))])
    def test_matches_numpy_vander(self, basis, oracle):
        # three-term recurrences: each entry has O(d) roundings of O(1) terms
        got = L.polynomial_design(self.X, 9, basis=basis)
        np.testing.assert_allclose(got, oracle(self.X, 9), rtol=0,
                                   atol=50 * 9 * U)

    def test_domain_is_mapped_to_unit_interval(self):
        x = np.array([2.0, 3.0, 4.0])
        np.testing.assert_array_equal(L.to_unit_interval(x, (2.0, 4.0)),
                                      [-1.0, 0.0, 1.0])
        np.testing.assert_allclose(
            L.polynomial_design(x, 3, domain=(2.0, 4.0)),
            legendre.legvander(np.array([-1.0, 0.0, 1.0]), 3), atol=4 * U)

    def test_wide_domain_does_not_overflow(self):
        t = L.to_unit_interval([1e308, -1e308], (-1.7e308, 1.7e308))
        np.testing.assert_allclose(t, [1 / 1.7, -1 / 1.7], rtol=4 * U)

    def test_conditioning_orders_the_bases(self):
        # monomials on [0, 10] >> monomials on [-1, 1] >> Legendre: the
        # chapter's claim; Legendre columns are nearly orthogonal on a fine
        # grid, with Gram matrix ≈ n diag(1/(2j+1)), so κ ≈ sqrt(2d + 1).
        x = np.linspace(0.0, 10.0, 200)
        d = 12
        raw = np.linalg.cond(np.vander(x, d + 1, increasing=True))
        mono = np.linalg.cond(L.polynomial_design(x, d, basis="monomial",
                                                  domain=(0, 10)))
        leg = np.linalg.cond(L.polynomial_design(x, d, domain=(0, 10)))
        assert raw > 1e6 * mono and mono > 100 * leg
        assert leg < 1.5 * math.sqrt(2 * d + 1)

    def test_degree_zero(self):
        np.testing.assert_array_equal(L.polynomial_design([0.3, 2.0], 0),
                                      [[1.0], [1.0]])

    def test_overflow_is_refused(self):
        with pytest.raises(ValueError, match="x lies too far"):
            L.polynomial_design([1e300], 50)

    @pytest.mark.parametrize("degree", [-1, 2.0, True, "3", None, 10**6])
    def test_bad_degree(self, degree):
        with pytest.raises((ValueError, TypeError), match="degree"):
            L.polynomial_design([0.1], degree)

    @pytest.mark.parametrize("basis", ["hermite", None, 3])
    def test_bad_basis(self, basis):
        with pytest.raises(ValueError, match="basis"):
            L.polynomial_design([0.1], 2, basis=basis)

    @pytest.mark.parametrize("domain", [(1.0, 1.0), (2.0, 1.0), (0.0,),
                                        "ab", (0.0, np.nan), None,
                                        (0.0, True)])
    def test_bad_domain(self, domain):
        with pytest.raises((ValueError, TypeError), match="domain"):
            L.polynomial_design([0.1], 2, domain=domain)

    @pytest.mark.parametrize("x", [[np.nan], [[0.1]], [], "x", None,
                                   [1 + 1j], [[0.1, 0.2], [0.3]]])
    def test_bad_x(self, x):
        with pytest.raises((ValueError, TypeError), match="x"):
            L.polynomial_design(x, 2)


# ------------------------------------------------------- polynomial fits
class TestFitPolynomial:
    def test_matches_numpy_legendre_fit(self):
        # numpy's Legendre.fit maps [min x, max x] to [-1, 1] like ours;
        # κ(design) is small (< 10), so agreement is a few κ·u
        x = rng(3).uniform(0.0, 5.0, 40)
        y = np.cos(x) + 0.1 * rng(4).standard_normal(40)
        fit = L.fit_polynomial(x, y, 6)
        ref = legendre.Legendre.fit(x, y, 6)
        np.testing.assert_allclose(fit.coef, ref.coef, rtol=0, atol=1e3 * U)
        xt = np.linspace(0.0, 5.0, 7)
        np.testing.assert_allclose(L.predict_polynomial(fit, xt), ref(xt),
                                   rtol=0, atol=1e3 * U)

    def test_bases_give_the_same_predictions(self):
        x = np.linspace(-2.0, 3.0, 30)
        y = np.exp(x / 3)
        preds = [L.predict_polynomial(L.fit_polynomial(x, y, 8, basis=b), x)
                 for b in L.BASES]
        # the monomial design has κ ≈ 1e3 at degree 8: error ≲ κ·u·||y||
        for p in preds[1:]:
            np.testing.assert_allclose(p, preds[0], rtol=0, atol=1e5 * U)

    def test_recovers_a_polynomial_exactly(self):
        x = np.linspace(1.0, 2.0, 9)
        y = 1.0 - 2.0 * x + 0.5 * x**3
        fit = L.fit_polynomial(x, y, 3, basis="monomial", domain=(0.0, 2.0))
        # on [0, 2]: t = x - 1, so y = 1 - 2(t+1) + 0.5(t+1)^3
        np.testing.assert_allclose(fit.coef, [-0.5, -0.5, 1.5, 0.5],
                                   atol=100 * U)

    def test_default_domain_is_training_range(self):
        fit = L.fit_polynomial([2.0, 5.0, 3.0], [1.0, 2.0, 3.0], 1)
        assert fit.domain == (2.0, 5.0)

    def test_too_few_points(self):
        with pytest.raises(ValueError, match="x must hold at least"):
            L.fit_polynomial([0.0, 1.0], [0.0, 1.0], 2)

    def test_repeated_points(self):
        with pytest.raises(ValueError, match="x must contain"):
            L.fit_polynomial([1.0, 1.0, 1.0, 2.0], [0, 1, 2, 3.0], 2)

    def test_mismatched_y(self):
        with pytest.raises(ValueError, match="y"):
            L.fit_polynomial([0.0, 1.0, 2.0], [0.0, 1.0], 1)

    def test_nan_y(self):
        with pytest.raises(ValueError, match="y"):
            L.fit_polynomial([0.0, 1.0, 2.0], [0.0, np.nan, 1.0], 1)

    def test_predict_needs_a_fit(self):
        with pytest.raises(TypeError, match="fit"):
            L.predict_polynomial((np.ones(2), "legendre", (0, 1)), [0.5])

    def test_predict_bad_x(self):
        fit = L.fit_polynomial([0.0, 1.0, 2.0], [0.0, 1.0, 4.0], 2)
        with pytest.raises(ValueError, match="x"):
            L.predict_polynomial(fit, [np.inf])


class TestNestedFits:
    def test_rows_match_individual_fits(self):
        x = rng(5).uniform(-1.0, 1.0, 25)
        y = np.sin(3 * x) + 0.2 * rng(6).standard_normal(25)
        nf = L.nested_polynomial_fits(x, y, 8)
        for d in range(9):
            one = L.fit_polynomial(x, y, d)
            # both QR-based on a design with κ < 100: a few hundred u
            np.testing.assert_allclose(nf.coef[d, :d + 1], one.coef,
                                       rtol=0, atol=1e4 * U)
            assert np.all(nf.coef[d, d + 1:] == 0.0)
            pred = L.predict_polynomial(one, x)
            assert nf.train_mse[d] == pytest.approx(L.mse(y, pred),
                                                    rel=1e-10)

    def test_interpolation_has_zero_training_error(self):
        nf = L.nested_polynomial_fits([0.0, 1.0, 3.0], [1.0, -1.0, 2.0], 2)
        assert nf.train_mse[-1] == 0.0

    @given(hnp.arrays(np.float64, st.integers(6, 30),
                      elements=st.floats(-1e3, 1e3)),
           st.integers(0, 4))
    def test_training_error_never_increases(self, y, max_degree):
        # Law: nested least squares; the tail sums make it exact in floats.
        x = np.linspace(-1.0, 1.0, y.size)
        nf = L.nested_polynomial_fits(x, y, max_degree)
        assert np.all(np.diff(nf.train_mse) <= 0.0)

    def test_bad_max_degree(self):
        with pytest.raises(ValueError, match="degree"):
            L.nested_polynomial_fits([0.0, 1.0], [0.0, 1.0], -1)


# ------------------------------------------------------------ data splits
class TestTrainTestSplit:
    @pytest.mark.parametrize("n, f", [
        (n, f) for n in (2, 3, 10, 37, 100) for f in (0.1, 0.25, 0.5, 0.9)
        if math.ceil(f * n) < n])              # leave a training sample
    def test_sizes_match_sklearn(self, n, f):
        sp = L.train_test_split_indices(n, f, rng=rng(0))
        tr, te = train_test_split(np.arange(n), test_size=f, random_state=0)
        assert (sp.train.size, sp.test.size) == (tr.size, te.size)

    def test_partition(self):
        sp = L.train_test_split_indices(50, 0.3, rng=rng(1))
        assert np.intersect1d(sp.train, sp.test).size == 0
        np.testing.assert_array_equal(
            np.sort(np.concatenate(sp)), np.arange(50))

    def test_reproducible_and_random(self):
        a = L.train_test_split_indices(40, 0.25, rng=rng(7))
        b = L.train_test_split_indices(40, 0.25, rng=rng(7))
        c = L.train_test_split_indices(40, 0.25, rng=rng(8))
        np.testing.assert_array_equal(a.test, b.test)
        assert not np.array_equal(a.test, c.test)

    @pytest.mark.parametrize("f", [0.0, 1.0, -0.1, np.nan, "0.2", True])
    def test_bad_fraction(self, f):
        with pytest.raises((ValueError, TypeError), match="test_fraction"):
            L.train_test_split_indices(10, f, rng=rng())

    @pytest.mark.parametrize("n", [1, 0, 2.5, True, 10**9])
    def test_bad_n(self, n):
        with pytest.raises((ValueError, TypeError), match="n"):
            L.train_test_split_indices(n, 0.5, rng=rng())

    def test_bad_rng(self):
        with pytest.raises(ValueError, match="rng"):
            L.train_test_split_indices(10, 0.5, rng=0)


def check_partition(folds, n):
    """No sample in two validation folds, every sample validated once,
    and each training set is the complement of its validation set."""
    val = np.concatenate([f.validation for f in folds])
    assert val.size == n
    np.testing.assert_array_equal(np.sort(val), np.arange(n))
    for f in folds:
        assert np.intersect1d(f.train, f.validation).size == 0
        np.testing.assert_array_equal(
            np.union1d(f.train, f.validation), np.arange(n))


class TestKFold:
    @pytest.mark.parametrize("n, k", [(2, 2), (7, 3), (10, 4), (20, 5),
                                      (23, 23), (100, 7)])
    def test_matches_sklearn_kfold(self, n, k):
        ours = L.kfold_indices(n, k)
        ref = list(KFold(n_splits=k, shuffle=False).split(np.zeros(n)))
        assert len(ours) == len(ref)
        for f, (tr, te) in zip(ours, ref):
            np.testing.assert_array_equal(f.train, tr)
            np.testing.assert_array_equal(f.validation, te)

    @given(st.integers(2, 120).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(2, n))),
        st.booleans(), st.integers(0, 2**32 - 1))
    def test_partition_for_all_n_and_k(self, nk, shuffle, seed):
        n, k = nk
        folds = L.kfold_indices(n, k, shuffle=shuffle, rng=rng(seed))
        assert len(folds) == k
        check_partition(folds, n)
        sizes = [f.validation.size for f in folds]
        assert max(sizes) - min(sizes) <= 1

    def test_shuffle_is_reproducible(self):
        a = L.kfold_indices(30, 5, shuffle=True, rng=rng(2))
        b = L.kfold_indices(30, 5, shuffle=True, rng=rng(2))
        for fa, fb in zip(a, b):
            np.testing.assert_array_equal(fa.validation, fb.validation)
        assert not np.array_equal(a[0].validation, np.arange(6))

    def test_shuffle_sizes_match_sklearn(self):
        ref = KFold(n_splits=4, shuffle=True, random_state=0).split(
            np.zeros(11))
        ours = L.kfold_indices(11, 4, shuffle=True, rng=rng(0))
        assert [f.validation.size for f in ours] == [te.size for _, te in ref]

    @pytest.mark.parametrize("k", [1, 11, 2.0, True, None])
    def test_bad_k(self, k):
        with pytest.raises((ValueError, TypeError), match="k"):
            L.kfold_indices(10, k)

    def test_bad_n(self):
        with pytest.raises(ValueError, match="n"):
            L.kfold_indices(10**8, 2)

    def test_shuffle_needs_rng(self):
        with pytest.raises(ValueError, match="rng"):
            L.kfold_indices(10, 2, shuffle=True)

    def test_bad_shuffle(self):
        with pytest.raises(TypeError, match="shuffle"):
            L.kfold_indices(10, 2, shuffle="yes", rng=rng())

    def test_bad_rng(self):
        with pytest.raises(ValueError, match="rng"):
            L.kfold_indices(10, 2, shuffle=True, rng=42)


def test_claim_fig_learn_kfold():
    """Figure 14.3: 'Each sample is validated exactly once' (both panels):
    the validation sets are disjoint, together they are all the indices, and
    each training set is the complement of its validation set."""
    # caption: "Five-fold cross-validation on 20 samples"; alt text: "5 rows
    # by 20 columns", contiguous blocks of "four consecutive columns"
    assert (KFOLD_N, KFOLD_K) == (20, 5)
    contiguous = L.kfold_indices(KFOLD_N, KFOLD_K)
    assert [list(f.validation) for f in contiguous][::4] == \
        [[0, 1, 2, 3], [16, 17, 18, 19]]
    shuffled = L.kfold_indices(KFOLD_N, KFOLD_K, shuffle=True,
                               rng=rng(KFOLD_SEED))
    check_partition(contiguous, KFOLD_N)
    check_partition(shuffled, KFOLD_N)
    # 'contiguous folds on sorted inputs make the first and last fold
    # extrapolate, with huge errors; shuffled folds ... every fold error is
    # moderate' (degree 6 on the chapter's training data)
    x = np.linspace(-1.0, 1.0, KFOLD_N)
    y = ridge_data()[1]
    c = L.cv_polynomial_mse(x, y, [6], contiguous).fold_mse[0]
    sh = L.cv_polynomial_mse(x, y, [6], shuffled).fold_mse[0]
    assert min(c[0], c[-1]) > 100 * max(c[1:-1])
    assert sh.max() < 10 * RIDGE_SD**2        # within ten noise variances


class TestCrossValidation:
    def test_matches_numpy_fits_fold_by_fold(self):
        r = rng(9)
        x = r.uniform(-3.0, 3.0, 30)
        y = np.sin(x) + 0.1 * r.standard_normal(30)
        folds = L.kfold_indices(30, 5, shuffle=True, rng=r)
        cv = L.cv_polynomial_mse(x, y, [1, 3, 5], folds)
        for j, f in enumerate(folds):
            for i, d in enumerate([1, 3, 5]):
                ref = legendre.Legendre.fit(x[f.train], y[f.train], d)
                want = np.mean((y[f.validation] - ref(x[f.validation]))**2)
                assert cv.fold_mse[i, j] == pytest.approx(want, rel=1e-9)
        np.testing.assert_allclose(cv.mean, cv.fold_mse.mean(axis=1))
        np.testing.assert_allclose(
            cv.se, cv.fold_mse.std(axis=1, ddof=1) / math.sqrt(5))

    def test_bad_degrees(self):
        folds = L.kfold_indices(10, 2)
        with pytest.raises(ValueError, match="degrees"):
            L.cv_polynomial_mse(np.arange(10.0), np.ones(10), [1.5], folds)

    def test_too_high_degree_for_fold(self):
        folds = L.kfold_indices(10, 2)
        with pytest.raises(ValueError, match="train"):
            L.cv_polynomial_mse(np.arange(10.0), np.ones(10), [6], folds)

    @pytest.mark.parametrize("folds", [[], "ab", [(np.arange(3),)],
                                       [(np.arange(3), np.array([11]))],
                                       [(np.arange(3), np.array([0.5]))]])
    def test_bad_folds(self, folds):
        with pytest.raises(ValueError, match="folds"):
            L.cv_polynomial_mse(np.arange(10.0), np.ones(10), [1], folds)


# ------------------------------------------------------------------ ridge
# entries of moderate size, so that no answer overflows
ENTRY = st.one_of(st.just(0.0), st.floats(1e-3, 10.0), st.floats(-10.0, -1e-3))
MATRIX = hnp.arrays(np.float64, st.tuples(st.integers(1, 12),
                                          st.integers(1, 6)), elements=ENTRY)


def kappa_lam(X, lam):
    """Condition number of the ridge problem, sqrt((σ1²+λ)/(σp²+λ))."""
    s = np.linalg.svd(X, compute_uv=False)
    smin = s[-1] if X.shape[0] >= X.shape[1] else 0.0
    return math.sqrt((s[0]**2 + lam) / (smin**2 + lam))


class TestRidge:
    @pytest.mark.parametrize("lam", [1e-6, 0.1, 1.0, 100.0])
    def test_matches_sklearn_ridge(self, lam):
        r = rng(11)
        X, y = r.standard_normal((40, 6)), r.standard_normal(40)
        ref = Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(X, y)
        # both backward stable: forward error ≲ c·κ_λ²·u for this residual
        tol = 100 * kappa_lam(X, lam)**2 * U
        np.testing.assert_allclose(L.ridge_svd(X, y, lam), ref.coef_,
                                   rtol=tol, atol=tol * np.abs(ref.coef_).max())

    def test_matches_scipy_solve_of_normal_equations(self):
        r = rng(12)
        X, y = r.standard_normal((15, 20)), r.standard_normal(15)  # wide
        lam = 0.3
        ref = sla.solve(X.T @ X + lam * np.eye(20), X.T @ y, assume_a="pos")
        tol = 100 * kappa_lam(X, lam)**2 * U
        np.testing.assert_allclose(L.ridge_svd(X, y, lam), ref, rtol=0,
                                   atol=tol * np.abs(ref).max())

    def test_lambda_zero_is_min_norm_least_squares(self):
        r = rng(13)
        X = r.standard_normal((10, 4)) @ r.standard_normal((4, 7))  # rank 4
        y = r.standard_normal(10)
        ref = np.linalg.lstsq(X, y, rcond=None)[0]
        np.testing.assert_allclose(L.ridge_svd(X, y, 0.0), ref, rtol=1e-10,
                                   atol=1e-12)

    def test_vector_lambda(self):
        X, y = ridge_data()
        lams = np.array([0.0, 1e-3, 1.0])
        w = L.ridge_svd(X, y, lams)
        assert w.shape == (3, X.shape[1])
        for i, lam in enumerate(lams):
            # same arithmetic, but a matrix product may order the p-term
            # sums differently from a vector product: ~p·u differences
            one = L.ridge_svd(X, y, lam)
            np.testing.assert_allclose(w[i], one, rtol=0,
                                       atol=10 * X.shape[1] * U
                                       * np.abs(one).sum())

    def test_scale_equivariance_at_extreme_scales(self):
        # w(aX, by, a²λ) = (b/a) w(X, y, λ); a, b powers of ten far from 1
        r = rng(14)
        X, y = r.standard_normal((8, 3)), r.standard_normal(8)
        w = L.ridge_svd(X, y, 0.5)
        for a, b in [(1e150, 1e-100), (1e-150, 1e100), (1e-100, 1.0)]:
            np.testing.assert_allclose(
                L.ridge_svd(a * X, b * y, 0.5 * a * a) * (a / b), w,
                rtol=1e-12)
            np.testing.assert_allclose(
                L.ridge_augmented_qr(a * X, b * y, 0.5 * a * a) * (a / b), w,
                rtol=1e-12)

    def test_subnormal_scale(self):
        # sqrt(λ)/max|X| overflows: the correct limit is w = 0, silently
        np.testing.assert_array_equal(
            L.ridge_svd([[2.2e-313]], [1.0], 1.0), [0.0])

    def test_overflowing_answer_raises(self):
        with pytest.raises(ValueError, match="outside the supported range"):
            L.ridge_svd(1e-200 * np.eye(2), [1e200, 1e200], 0.0)

    @given(MATRIX, st.floats(1e-6, 1e3), st.integers(0, 2**32 - 1))
    def test_normal_equations_hold(self, X, lam, seed):
        # Law: (XᵀX + λI) w = Xᵀy. The SVD route is backward stable, so the
        # residual is a small multiple of u·((‖X‖² + λ)‖w‖ + ‖X‖‖y‖); that
        # is ≤ c·u·κ(XᵀX + λI)·‖Xᵀy‖ whenever Xᵀy ≠ 0.
        y = rng(seed).standard_normal(X.shape[0])
        w = L.ridge_svd(X, y, lam)
        res = X.T @ (X @ w) + lam * w - X.T @ y
        nx = np.linalg.norm(X, 2)
        bound = ((nx**2 + lam) * np.linalg.norm(w)
                 + nx * np.linalg.norm(y))
        assert np.linalg.norm(res) <= 50 * sum(X.shape) * U * bound + 1e-300

    @given(MATRIX, st.floats(0.0, 1e3), st.floats(1.0, 1e3),
           st.integers(0, 2**32 - 1))
    def test_norm_is_monotone_in_lambda(self, X, lam, factor, seed):
        # Law: every term of ‖w_λ‖² = Σ (σ_i c_i/(σ_i²+λ))² decreases in λ;
        # forming V z costs a relative error of at most ~p·u in the norm.
        y = rng(seed).standard_normal(X.shape[0])
        n1 = np.linalg.norm(L.ridge_svd(X, y, lam))
        n2 = np.linalg.norm(L.ridge_svd(X, y, lam * factor + 1e-12))
        assert n2 <= n1 * (1 + 10 * X.shape[1] * U) + 1e-300

    @pytest.mark.parametrize("lam", [-1.0, np.nan, np.inf, "1", None, True,
                                     1j, [[1.0]], []])
    def test_bad_lambda(self, lam):
        with pytest.raises((ValueError, TypeError), match="lam"):
            L.ridge_svd(np.eye(2), [1.0, 2.0], lam)

    @pytest.mark.parametrize("X", [np.ones(3), np.zeros((0, 2)),
                                   [[1.0, np.nan]], [[True, False]],
                                   [[1j, 0.0]]])
    def test_bad_X(self, X):
        with pytest.raises((ValueError, TypeError), match="X"):
            L.ridge_svd(X, [1.0], 1.0)

    def test_mismatched_y(self):
        with pytest.raises(ValueError, match="y"):
            L.ridge_svd(np.eye(3), [1.0, 2.0], 1.0)


class TestRidgeAugmentedQR:
    @pytest.mark.parametrize("shape", [(30, 5), (4, 9)])
    def test_matches_svd_route(self, shape):
        r = rng(15)
        X, y = r.standard_normal(shape), r.standard_normal(shape[0])
        lam = 0.7
        # two backward-stable methods: difference ≲ c·κ_λ²·u
        tol = 100 * kappa_lam(X, lam)**2 * U
        a, b = L.ridge_augmented_qr(X, y, lam), L.ridge_svd(X, y, lam)
        np.testing.assert_allclose(a, b, rtol=0, atol=tol * np.abs(b).max())

    def test_lambda_zero_is_least_squares(self):
        r = rng(16)
        X, y = r.standard_normal((20, 4)), r.standard_normal(20)
        np.testing.assert_allclose(L.ridge_augmented_qr(X, y, 0.0),
                                   np.linalg.lstsq(X, y, rcond=None)[0],
                                   rtol=1e-12)

    def test_lambda_zero_rank_deficient(self):
        X = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
        with pytest.raises(ValueError, match="X must have full column rank"):
            L.ridge_augmented_qr(X, [1.0, 2.0, 3.0], 0.0)

    @pytest.mark.parametrize("lam", [-1.0, np.nan, [1.0], "1", True])
    def test_bad_lambda(self, lam):
        with pytest.raises((ValueError, TypeError), match="lam"):
            L.ridge_augmented_qr(np.eye(2), [1.0, 2.0], lam)

    def test_bad_X(self):
        with pytest.raises(ValueError, match="X"):
            L.ridge_augmented_qr([[np.inf]], [1.0], 1.0)


class TestFilterFactorsAndDof:
    def test_filter_factor_values(self):
        f = L.ridge_filter_factors([3.0, 1.0, 0.0], [0.0, 1.0, 9.0])
        np.testing.assert_allclose(
            f, [[1, 1, 0], [0.9, 0.5, 0], [0.5, 0.1, 0]], rtol=4 * U)

    def test_no_overflow_at_extremes(self):
        f = L.ridge_filter_factors([1e-300, 1e150], [1e-300, 1e300])
        np.testing.assert_allclose(f, [[1e-300 / (1 + 1e-300), 1.0],
                                       [0.0, 0.5]], rtol=4 * U)

    def test_bad_singular_values(self):
        with pytest.raises(ValueError, match="singular_values"):
            L.ridge_filter_factors([-1.0], 1.0)

    def test_dof_is_trace_of_hat_matrix(self):
        r = rng(17)
        X = r.standard_normal((25, 6))
        for lam in [0.1, 2.0, 50.0]:
            hat = X @ sla.solve(X.T @ X + lam * np.eye(6), X.T,
                                assume_a="pos")
            assert L.ridge_effective_dof(X, lam) == pytest.approx(
                np.trace(hat), rel=1e-12)

    def test_dof_limits(self):
        X = rng(18).standard_normal((10, 4)) @ rng(19).standard_normal((4, 6))
        dof = L.ridge_effective_dof(X, [0.0, 1e-9, 1e12])
        assert dof[0] == 4.0                                # the rank
        assert dof[1] == pytest.approx(4.0, abs=1e-6)
        assert dof[2] < 1e-9

    def test_dof_bad_X(self):
        with pytest.raises(ValueError, match="X"):
            L.ridge_effective_dof([1.0, 2.0], 1.0)


class TestRidgePath:
    def test_consistent_with_pointwise_solutions(self):
        X, y = ridge_data()
        lams = np.array([1e-3, 1e-1, 10.0])
        path = L.ridge_path(X, y, lams)
        np.testing.assert_array_equal(path.coef, L.ridge_svd(X, y, lams))
        np.testing.assert_allclose(path.norm,
                                   np.linalg.norm(path.coef, axis=1),
                                   rtol=4 * U)
        np.testing.assert_allclose(path.dof, L.ridge_effective_dof(X, lams))

    @pytest.mark.parametrize("lams", [[1.0, 1.0], [2.0, 1.0], [-1.0, 1.0],
                                      [[1.0, 2.0]], []])
    def test_bad_lams(self, lams):
        with pytest.raises(ValueError, match="lams"):
            L.ridge_path(np.eye(2), [1.0, 2.0], lams)


def test_claim_fig_learn_ridge_paths():
    """Figure 14.2: 'the norm ‖ŵ_λ‖₂ never increases and equals the
    least-squares norm at the small-λ end; the effective degrees of freedom
    fall from 13 towards 0'."""
    # caption: "a degree-12 Legendre model of the 20 training points",
    # "from 13 towards 0"; alt text: "lambda from 1e-8 to 1e3"
    assert (RIDGE_DEG, RIDGE_N) == (12, 20)
    assert (RIDGE_LAMS[0], RIDGE_LAMS[-1]) == (1e-8, 1e3)
    X, y = ridge_data()
    path = L.ridge_path(X, y, RIDGE_LAMS)
    p = X.shape[1]
    assert p == 13
    # monotone up to the ~p·u relative error of forming V z
    assert np.all(path.norm[1:] <= path.norm[:-1] * (1 + 10 * p * U))
    assert path.norm[-1] < 0.05 * path.norm[0]
    # effective dof fall from p (up to λ_min·p/σ_min²) towards 0
    assert np.all(np.diff(path.dof) <= 0)
    assert path.dof[0] == pytest.approx(p, rel=RIDGE_LAMS[0] / np.linalg.svd(
        X, compute_uv=False)[-1]**2 + 1e-12)
    assert path.dof[-1] < 0.1
    # λ → 0 end: ‖w_λ - w_LS‖ ≤ (λ/σ_min²)‖w_LS‖ exactly (each SVD
    # component is scaled by σ²/(σ²+λ)), plus the least-squares rounding
    # error c·(κ + κ² tanθ)·u against the numpy.linalg.lstsq oracle.
    ls, resid = np.linalg.lstsq(X, y, rcond=None)[:2]
    s = np.linalg.svd(X, compute_uv=False)
    kappa = s[0] / s[-1]
    tan_theta = math.sqrt(resid[0]) / np.linalg.norm(X @ ls)
    tol = (RIDGE_LAMS[0] / s[-1]**2
           + 100 * (kappa + kappa**2 * tan_theta) * U)
    assert np.linalg.norm(path.coef[0] - ls) <= tol * np.linalg.norm(ls)
    np.testing.assert_allclose(path.lstsq, ls, rtol=0,
                               atol=100 * (kappa + kappa**2 * tan_theta) * U
                               * np.linalg.norm(ls))


# ------------------------------------------------------ bias and variance
FIX_R = 1500                                   # repetitions of `fixed`


@pytest.fixture(scope="module")
def fixed():
    """A fixed-design study whose decomposition is known exactly."""
    x = np.linspace(-1.0, 1.0, 12)
    stdy = L.bias_variance_study(np.sin, 5, n_train=12, noise_sd=0.5,
                                 n_reps=FIX_R, rng=rng(21), n_grid=40,
                                 x_train=x)
    return x, stdy


class TestBiasVariance:
    def test_matches_exact_fixed_design_decomposition(self, fixed):
        # With fixed inputs, E f̂_d = Φ_g Φ⁺ f and Var f̂_d(x_g) =
        # σ² ‖(Φ⁺)ᵀ φ(x_g)‖² exactly (numpy pinv as the oracle).
        x, stdy = fixed
        g = stdy.x_grid
        for d in range(6):
            phi = L.polynomial_design(x, d)
            pinv = np.linalg.pinv(phi)                      # (d+1, n)
            h = L.polynomial_design(g, d) @ pinv            # (G, n)
            bias2 = np.mean((h @ np.sin(x) - np.sin(g))**2)
            var = 0.25 * np.mean(np.sum(h**2, axis=1))
            # sample variance of R normals: relative sd sqrt(2/(R-1));
            # z = 5 for a test that must not flake
            assert stdy.variance[d] == pytest.approx(
                var, rel=5 * math.sqrt(2 / (FIX_R - 1)))
            # the unbiased bias² estimate has sd ≈ 2 sqrt(bias²·var/R)
            # + var·sqrt(2)/R (grid average ≤ pointwise bound)
            sd = 2 * math.sqrt(bias2 * var / FIX_R) + 2 * var / FIX_R
            assert abs(stdy.bias2[d] - bias2) <= 5 * sd + 1e-12

    def test_decomposition_predicts_test_mse(self, fixed):
        _, stdy = fixed
        total = stdy.noise_var + stdy.bias2 + stdy.variance
        # both sides are MC estimates of the same expectation: 5 SE
        assert np.all(np.abs(stdy.test_mean - total) <= 5 * stdy.test_se)

    @pytest.mark.parametrize("fixed_x", [False, True])
    def test_matches_one_repetition_at_a_time(self, fixed_x, monkeypatch):
        # the study (blocks of repetitions, fitted together) against the
        # definition: per repetition, in the documented draw order, fit
        # every degree by numpy.linalg.lstsq and score it on the grid;
        # a small block size makes the blocks and their merge matter.
        # Legendre designs of degree <= 4 on 12 points in [-1, 1] are well
        # conditioned: both routes agree to a small multiple of u.
        monkeypatch.setattr(L, "_BLOCK_CELLS", 3 * 30 * 5)
        n, dmax, reps, grid, sd = 12, 4, 10, 30, 0.2
        x_fix = np.linspace(-1.0, 1.0, n) if fixed_x else None
        stdy = L.bias_variance_study(np.sin, dmax, n_train=n, noise_sd=sd,
                                     n_reps=reps, rng=rng(8), n_grid=grid,
                                     x_train=x_fix)
        g, xg = rng(8), np.linspace(-1.0, 1.0, grid)
        preds = np.empty((reps, grid, dmax + 1))
        for r in range(reps):
            x = g.uniform(-1.0, 1.0, n) if x_fix is None else x_fix
            y = np.sin(x) + sd * g.standard_normal(n)
            y_new = np.sin(xg) + sd * g.standard_normal(grid)
            for d in range(dmax + 1):
                w = np.linalg.lstsq(L.polynomial_design(x, d), y,
                                    rcond=None)[0]
                preds[r, :, d] = L.polynomial_design(xg, d) @ w
                np.testing.assert_allclose(
                    stdy.train_mse[r, d],
                    np.mean((y - L.polynomial_design(x, d) @ w) ** 2),
                    rtol=1e-10)
            np.testing.assert_allclose(
                stdy.test_mse[r], np.mean((y_new[:, None] - preds[r]) ** 2,
                                          axis=0), rtol=1e-10)
        var = preds.var(axis=0, ddof=1)                       # (G, p)
        np.testing.assert_allclose(stdy.variance, var.mean(axis=0),
                                   rtol=1e-10)
        bias2 = (preds.mean(axis=0) - np.sin(xg)[:, None]) ** 2 - var / reps
        np.testing.assert_allclose(stdy.bias2, bias2.mean(axis=0),
                                   rtol=1e-10, atol=1e-10 * var.max())

    def test_random_design_shapes(self):
        stdy = L.bias_variance_study(np.cos, 3, n_train=15, noise_sd=0.1,
                                     n_reps=20, rng=rng(22))
        assert stdy.train_mse.shape == stdy.test_mse.shape == (20, 4)
        assert np.all(np.diff(stdy.train_mse, axis=1) <= 0)
        assert stdy.train_se.shape == (4,)

    def test_target_must_be_callable(self):
        with pytest.raises(TypeError, match="target"):
            L.bias_variance_study(3.0, 2, n_train=10, noise_sd=0.1,
                                  n_reps=5, rng=rng())

    def test_target_shape_checked(self):
        with pytest.raises(ValueError, match="target"):
            L.bias_variance_study(lambda x: x[:3], 2, n_train=10,
                                  noise_sd=0.1, n_reps=5, rng=rng())

    def test_target_nan_checked(self):
        with pytest.raises(ValueError, match="target"):
            L.bias_variance_study(lambda x: x / 0.0, 2, n_train=10,
                                  noise_sd=0.1, n_reps=5, rng=rng())

    def test_target_error_is_wrapped(self):
        with pytest.raises(ValueError, match="target raised"):
            L.bias_variance_study(lambda x: 1 / 0, 2, n_train=10,
                                  noise_sd=0.1, n_reps=5, rng=rng())

    @pytest.mark.parametrize("kw, name", [
        ({"n_train": 3}, "n_train"), ({"noise_sd": -1.0}, "noise_sd"),
        ({"noise_sd": np.nan}, "noise_sd"), ({"n_reps": 1}, "n_reps"),
        ({"n_grid": 0}, "n_grid"), ({"basis": "x"}, "basis"),
        ({"x_train": np.linspace(-2, 2, 10)}, "x_train"),
        ({"n_reps": 10**7}, "n_reps")])
    def test_bad_arguments(self, kw, name):
        args = dict(n_train=10, noise_sd=0.1, n_reps=5, rng=rng())
        args.update(kw)
        with pytest.raises((ValueError, TypeError), match=name):
            L.bias_variance_study(np.sin, 2, **args)


def test_claim_fig_learn_bias_variance():
    """Figure 14.1: 'training MSE falls with every added degree and drops
    below the noise floor σ², while test MSE is U-shaped with its minimum at
    an interior degree. Right: squared bias falls and variance rises with
    the degree; their sum with σ² matches the simulated test MSE.'"""
    # caption: "20 fixed inputs, noise sigma = 0.3, 400 training sets";
    # alt text: "polynomial degree 0 to 16"
    assert (BV_N, BV_SD, BV_REPS, BV_DMAX) == (20, 0.3, 400, 16)
    stdy = bv_study()
    # nested least squares: non-increasing in every repetition, exactly
    assert np.all(np.diff(stdy.train_mse, axis=1) <= 0.0)
    assert stdy.train_mean[-1] + 5 * stdy.train_se[-1] < stdy.noise_var
    # the decomposition: sum and simulated test MSE agree within 5 SE
    total = stdy.noise_var + stdy.bias2 + stdy.variance
    assert np.all(np.abs(total - stdy.test_mean) <= 5 * stdy.test_se)
    # variance (paired draws, nested fits) rises at every degree; bias²
    # falls by two orders of magnitude from degree 0 to the U's bottom
    assert np.all(np.diff(stdy.variance) > 0)
    assert stdy.bias2[12] < 0.01 * stdy.bias2[0]
    best = int(np.argmin(stdy.test_mean))
    assert 0 < best < BV_DMAX
    # not luck: paired differences (same training set and test noise)
    # exceed 5 of their Monte Carlo standard errors at both ends
    for end in (0, BV_DMAX):
        diff = stdy.test_mse[:, end] - stdy.test_mse[:, best]
        se = diff.std(ddof=1) / math.sqrt(BV_REPS)
        assert diff.mean() > 5 * se
    # and the argmin is stable: the best degree of each half of the
    # repetitions lies within 2 of the overall one
    for half in (slice(0, BV_REPS // 2), slice(BV_REPS // 2, None)):
        assert abs(int(np.argmin(stdy.test_mse[half].mean(axis=0)))
                   - best) <= 2
    # the U is wide compared with the bands
    assert 2 * stdy.test_se.max() < 0.25 * (stdy.test_mean.max()
                                            - stdy.test_mean.min())


# ---------------------------------------------- variance estimator and leakage
class TestVarianceEstimator:
    def test_biased_and_unbiased_means(self):
        ns = np.array([2, 3, 5, 10])
        stdy = L.variance_estimator_study(ns, 20000, sigma=2.0, rng=rng(23))
        # MC tolerance: 5 standard errors
        np.testing.assert_array_less(
            np.abs(stdy.mean_biased - 4.0 * (ns - 1) / ns),
            5 * stdy.se_biased)
        np.testing.assert_array_less(np.abs(stdy.mean_unbiased - 4.0),
                                     5 * stdy.se_unbiased)
        # the SE matches its theory: sd of s² is σ² sqrt(2/(n-1)); the
        # estimated sd has relative error ~ sqrt(1/(2R)) · kurtosis factor
        theory = 4.0 * np.sqrt(2 / (ns - 1)) / math.sqrt(20000)
        np.testing.assert_allclose(stdy.se_unbiased, theory, rtol=0.1)

    @pytest.mark.parametrize("ns", [[1], [2.5], [], [[2]], "5", [True]])
    def test_bad_ns(self, ns):
        with pytest.raises(ValueError, match="ns"):
            L.variance_estimator_study(ns, 10, rng=rng())

    @pytest.mark.parametrize("sigma", [0.0, -1.0, np.inf, 1e200])
    def test_bad_sigma(self, sigma):
        with pytest.raises(ValueError, match="sigma"):
            L.variance_estimator_study([3], 10, sigma=sigma, rng=rng())

    def test_bad_reps(self):
        with pytest.raises(ValueError, match="n_reps"):
            L.variance_estimator_study([3], 1, rng=rng())


def test_claim_learn_leakage():
    """Same data as the chapter's learn-leakage (50 samples, 500 noise
    features, the 10 most correlated, 5 folds, 50 repetitions): selecting
    on all rows 'claims to predict pure noise better than predicting zero
    would' (CV MSE below the risk 1 of y = 0), selecting inside the folds
    does not, and every fitted model has true risk at least 1."""
    stdy = L.leakage_study(50, 500, 10, 5, 50, rng=rng(21))
    s = stdy.summary()
    assert np.all(stdy.true_risk >= 1.0)
    # both comparisons with 1 hold by more than 3 Monte Carlo SE
    assert s["leaky"][0] + 3 * s["leaky"][1] < 1.0
    assert s["honest"][0] - 3 * s["honest"][1] > 1.0


class TestLeakage:
    def test_select_top_k_matches_brute_force(self):
        r = rng(24)
        X, y = r.standard_normal((20, 30)), r.standard_normal(20)
        score = np.abs(X.T @ y) / np.linalg.norm(X, axis=0)
        want = np.sort(np.argsort(-score)[:5])
        np.testing.assert_array_equal(L.select_top_k_features(X, y, 5), want)

    def test_select_ties_and_zero_columns(self):
        X = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
        np.testing.assert_array_equal(
            L.select_top_k_features(X, [1.0, 1.0], 1), [1])

    @pytest.mark.parametrize("k", [0, 4, 1.0, True])
    def test_select_bad_k(self, k):
        with pytest.raises((ValueError, TypeError), match="k"):
            L.select_top_k_features(np.ones((2, 3)), [1.0, 2.0], k)

    def test_leaky_is_optimistic_honest_is_not(self):
        stdy = L.leakage_study(40, 300, 5, 5, 60, rng=rng(25))
        s = stdy.summary()
        # pure noise: every model has risk >= 1 (exactly 1 + ‖w‖²)
        assert np.all(stdy.true_risk >= 1.0)
        assert s["leaky"][0] + 5 * s["leaky"][1] < 1.0
        assert s["honest"][0] - 5 * s["honest"][1] > 1.0

    def test_k_features_must_fit_the_folds(self):
        with pytest.raises(ValueError, match="k_features"):
            L.leakage_study(10, 50, 8, 5, 2, rng=rng())

    @pytest.mark.parametrize("kw, name", [({"n": 3}, "n"), ({"p": 0}, "p"),
                                          ({"n_folds": 1}, "n_folds"),
                                          ({"n_reps": 1}, "n_reps")])
    def test_bad_arguments(self, kw, name):
        args = dict(n=20, p=30, k_features=2, n_folds=4, n_reps=2)
        args.update(kw)
        with pytest.raises(ValueError, match=name):
            L.leakage_study(**args, rng=rng())
