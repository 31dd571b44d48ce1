"""Tests for execmath.linalg against NumPy, SciPy and exact identities."""

import math

import numpy as np
import pytest
from scipy import linalg as sla

from execmath import linalg as la

# The concrete data of the chapter's figures (chapters/05-...qmd).
PROJ_A = np.array([[1.0, 0.2], [0.1, 1.0], [0.3, 0.4]])        # (3, 2)
PROJ_B = np.array([0.6, 1.0, 1.8])                              # (3,)
BASIS = np.array([[1.0, 0.5], [0.25, 1.0]])                     # (2, 2)
BASIS_X = np.array([2.5, 1.5])                                  # (2,)
STUDY_KAPPAS = np.logspace(0, 12, 25)
STUDY_SEED = 42
STUDY_TRIALS = 5                      # designs per kappa (chapter: n_trials)
RANK_SEED, RANK_M, RANK_N, RANK_K, RANK_NOISE = 7, 40, 30, 5, 1e-10
RANK_TOL = 1e-6


def rng(seed=0):
    return np.random.default_rng(seed)


def random_matrix(m, n, seed=0):
    return rng(seed).standard_normal((m, n))


U = np.finfo(np.float64).eps / 2      # unit roundoff


def gamma(k):
    """Higham's gamma_k = k u / (1 - k u): the bound of k roundings."""
    return k * U / (1 - k * U)


def qr_bound(m, n):
    """Backward error (and loss of orthogonality) of Householder QR:
    ||QR - A|| <= sqrt(n) gamma_(c m n) ||A||, with a small c (Higham 2002,
    Thm 19.4); c = 4 here."""
    return math.sqrt(n) * gamma(4 * m * n)


def fix_signs(q, r):
    """Make diag(r) >= 0 by flipping matching columns of q / rows of r."""
    d = np.where(np.diag(r) < 0, -1.0, 1.0)
    return q[:, : d.size] * d, r * d[:, None]


# --------------------------------------------------------------- columns
class TestMatvecByColumns:
    def test_matches_matmul(self):
        a, x = random_matrix(5, 3), rng(1).standard_normal(3)
        # |fl(Ax) - Ax| <= gamma_n |A||x| for either summation order
        bound = 2 * gamma(3) * (np.abs(a) @ np.abs(x))
        assert np.all(np.abs(la.matvec_by_columns(a, x) - a @ x) <= bound)

    def test_basis_vectors_pick_columns(self):
        a = random_matrix(4, 3)
        for j in range(3):
            np.testing.assert_array_equal(
                la.matvec_by_columns(a, np.eye(3)[j]), a[:, j])

    def test_mismatched_x(self):
        with pytest.raises(ValueError, match="x"):
            la.matvec_by_columns(np.ones((3, 2)), np.ones(3))

    def test_nan(self):
        with pytest.raises(ValueError, match="a"):
            la.matvec_by_columns([[1.0, np.nan]], [1.0, 1.0])


# ----------------------------------------------------------- Householder
class TestHouseholderQR:
    @pytest.mark.parametrize("shape", [(6, 4), (5, 5), (3, 6), (7, 1)])
    def test_matches_numpy_up_to_signs(self, shape):
        a = random_matrix(*shape, seed=2)
        q, r = la.householder_qr(a)
        qn, rn = np.linalg.qr(a)
        q, r = fix_signs(q, r)
        qn, rn = fix_signs(qn, rn)
        # Both are backward stable (qr_bound); the QR factors move by at
        # most kappa times the backward error (perturbation theory of QR),
        # kappa of the columns that determine Q.
        m, n = shape
        kappa = np.linalg.cond(a[:, : min(m, n)])
        tol = 2 * kappa * qr_bound(m, n)
        np.testing.assert_allclose(q, qn, atol=tol)
        np.testing.assert_allclose(r, rn, atol=tol * np.linalg.norm(a, 2))

    def test_complete_mode(self):
        a = random_matrix(6, 3, seed=3)
        q, r = la.householder_qr(a, mode="complete")
        assert q.shape == (6, 6) and r.shape == (6, 3)
        tol = qr_bound(6, 3)
        np.testing.assert_allclose(q.T @ q, np.eye(6), atol=tol)
        np.testing.assert_allclose(q @ r, a, atol=tol * np.linalg.norm(a, 2))
        qn, rn = np.linalg.qr(a, mode="complete")
        kappa = np.linalg.cond(a)
        np.testing.assert_allclose(np.abs(r), np.abs(rn),
                                   atol=2 * kappa * tol * np.linalg.norm(a, 2))

    def test_orthogonal_even_when_ill_conditioned(self):
        a = la.matrix_with_condition(30, 6, 1e12, rng=rng(4))
        q, r = la.householder_qr(a)
        # orthogonality and backward error do not depend on kappa (||A||=1)
        assert np.linalg.norm(q.T @ q - np.eye(6)) < qr_bound(30, 6)
        assert np.array_equal(r, np.triu(r))
        assert np.linalg.norm(q @ r - a) < qr_bound(30, 6)

    def test_zero_column_is_skipped(self):
        a = np.array([[0.0, 1.0], [0.0, 2.0], [0.0, 2.0]])
        q, r = la.householder_qr(a)
        np.testing.assert_allclose(q @ r, a, atol=qr_bound(3, 2) * 3)
        np.testing.assert_allclose(q.T @ q, np.eye(2), atol=qr_bound(3, 2))

    def test_bad_mode(self):
        with pytest.raises(ValueError, match="mode"):
            la.householder_qr(np.eye(2), mode="economic")

    def test_not_a_matrix(self):
        with pytest.raises(ValueError, match="a"):
            la.householder_qr(np.ones(3))

    def test_nan(self):
        with pytest.raises(ValueError, match="a"):
            la.householder_qr([[1.0, 2.0], [np.nan, 1.0]])


class TestBackSubstitution:
    def test_matches_scipy(self):
        r = np.triu(random_matrix(6, 6, seed=5)) + 4 * np.eye(6)
        y = rng(6).standard_normal(6)
        # forward error of a triangular solve <= kappa(R) gamma_n, per side
        x = sla.solve_triangular(r, y, lower=False)
        tol = 2 * np.linalg.cond(r) * gamma(6) * np.linalg.norm(x)
        np.testing.assert_allclose(la.back_substitution(r, y), x, atol=tol)

    def test_several_right_hand_sides(self):
        r = np.triu(random_matrix(4, 4, seed=7)) + 3 * np.eye(4)
        y = random_matrix(4, 3, seed=8)
        x = la.back_substitution(r, y)
        assert x.shape == (4, 3)
        # backward stable: |R x - y| <= gamma_n |R| |x| (+ the product's own)
        assert np.all(np.abs(r @ x - y) <= 2 * gamma(4) * (np.abs(r) @ np.abs(x)))

    def test_ignores_lower_triangle(self):
        r = np.triu(random_matrix(4, 4, seed=9)) + 3 * np.eye(4)
        y = np.arange(4.0)
        noisy = r + np.tril(np.full((4, 4), 99.0), -1)
        np.testing.assert_array_equal(la.back_substitution(noisy, y),
                                      la.back_substitution(r, y))

    def test_singular(self):
        with pytest.raises(ValueError, match="r must have a non-zero diag"):
            la.back_substitution([[1.0, 2.0], [0.0, 0.0]], [1.0, 1.0])

    def test_not_square(self):
        with pytest.raises(ValueError, match="r must be square"):
            la.back_substitution(np.ones((2, 3)), np.ones(2))

    def test_mismatched_y(self):
        with pytest.raises(ValueError, match="y"):
            la.back_substitution(np.eye(3), np.ones(2))

    def test_nan_y(self):
        with pytest.raises(ValueError, match="y"):
            la.back_substitution(np.eye(2), [1.0, np.nan])


# ---------------------------------------------------------- least squares
@pytest.mark.parametrize("solver", [la.lstsq_qr, la.lstsq_normal])
class TestLstsq:
    @staticmethod
    def bound(a, x):
        """Least-squares forward error: the normal equations' kappa^2 term
        dominates (Higham 2002, ch. 20): 8 m n u (kappa + kappa^2), for
        either solver and for the SVD-based oracle."""
        m, n = a.shape
        kappa = np.linalg.cond(a)
        return 2 * gamma(8 * m * n) * (kappa + kappa**2) * np.linalg.norm(x)

    def test_matches_numpy(self, solver):
        a, b = random_matrix(20, 4, seed=10), rng(11).standard_normal(20)
        want = np.linalg.lstsq(a, b)[0]
        np.testing.assert_allclose(solver(a, b), want, rtol=0,
                                   atol=self.bound(a, want))

    def test_several_right_hand_sides(self, solver):
        a, b = random_matrix(12, 3, seed=12), random_matrix(12, 2, seed=13)
        want = np.linalg.lstsq(a, b)[0]
        np.testing.assert_allclose(solver(a, b), want, rtol=0,
                                   atol=self.bound(a, want))

    def test_square_system_is_solved(self, solver):
        a = random_matrix(5, 5, seed=14) + 5 * np.eye(5)
        b = rng(15).standard_normal(5)
        want = np.linalg.solve(a, b)
        np.testing.assert_allclose(solver(a, b), want, rtol=0,
                                   atol=self.bound(a, want))

    def test_rank_deficient(self, solver):
        a = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])   # col2 = 2 col1
        with pytest.raises(ValueError, match="a must have full column rank"):
            solver(a, np.ones(3))

    def test_wide(self, solver):
        with pytest.raises(ValueError, match="a must have at least"):
            solver(np.ones((2, 3)), np.ones(2))

    def test_mismatched_b(self, solver):
        with pytest.raises(ValueError, match="b"):
            solver(np.eye(3), np.ones(4))

    def test_nan(self, solver):
        with pytest.raises(ValueError, match="b"):
            solver(np.eye(2), [np.nan, 1.0])


# ------------------------------------------------------------- projection
class TestProjection:
    def test_matrix_matches_formula_and_pinv(self):
        a = random_matrix(7, 3, seed=16)
        p = la.projection_matrix(a)
        formula = a @ np.linalg.inv(a.T @ a) @ a.T
        # P is well conditioned in terms of A's column space (perturbation
        # kappa(A) times the backward error); the formula through
        # (A^T A)^-1 carries kappa(A)^2.
        kappa = np.linalg.cond(a)
        np.testing.assert_allclose(p, formula,
                                   atol=2 * kappa**2 * qr_bound(7, 3))
        np.testing.assert_allclose(p, a @ np.linalg.pinv(a),
                                   atol=2 * kappa * qr_bound(7, 3))

    def test_idempotent_symmetric_trace_is_rank(self):
        p = la.projection_matrix(random_matrix(8, 3, seed=17))
        # P = Q Q^T with Q orthonormal to qr_bound: P^2 - P = Q(Q^T Q - I)Q^T
        np.testing.assert_allclose(p @ p, p, atol=2 * qr_bound(8, 3))
        np.testing.assert_allclose(p, p.T, atol=0)
        assert np.trace(p) == pytest.approx(3.0, abs=3 * qr_bound(8, 3))

    def test_project_onto_column_space(self):
        a, b = random_matrix(9, 3, seed=18), rng(19).standard_normal(9)
        res = la.project_onto_column_space(a, b)
        want = np.linalg.lstsq(a, b)[0]
        np.testing.assert_allclose(res.coefficients, want, rtol=0,
                                   atol=TestLstsq.bound(a, want))
        nb = np.linalg.norm(b)
        np.testing.assert_allclose(res.projection,
                                   la.projection_matrix(a) @ b,
                                   atol=2 * qr_bound(9, 3) * nb)
        # residual = b - Pb rounds once, adding it back rounds once
        np.testing.assert_allclose(res.projection + res.residual, b,
                                   atol=2 * U * (np.abs(b).max()
                                                 + np.abs(res.projection).max()))
        # A^T r: r is computed stably, ||A^T r|| <= c m n u ||A|| ||b||
        assert np.linalg.norm(a.T @ res.residual) < \
            2 * qr_bound(9, 3) * np.linalg.norm(a, 2) * nb

    def test_projection_rank_deficient(self):
        with pytest.raises(ValueError, match="a must have full column rank"):
            la.projection_matrix([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])

    def test_projection_wide(self):
        with pytest.raises(ValueError, match="a"):
            la.projection_matrix(np.ones((2, 3)))

    def test_project_mismatched_b(self):
        with pytest.raises(ValueError, match="b"):
            la.project_onto_column_space(np.ones((3, 1)), np.ones(2))

    def test_project_nan(self):
        with pytest.raises(ValueError, match="a"):
            la.project_onto_column_space([[np.nan], [1.0]], [1.0, 1.0])


# -------------------------------------------------------- change of basis
class TestChangeOfBasis:
    def test_matches_solve_and_inverse(self):
        b = random_matrix(5, 5, seed=20)
        x = rng(21).standard_normal(5)
        c = la.change_of_basis(b, x)
        # forward error kappa(B) times a backward error of c n^2 u
        kappa, nc = np.linalg.cond(b), np.linalg.norm(c)
        tol = 2 * kappa * qr_bound(5, 5) * nc
        np.testing.assert_allclose(c, np.linalg.solve(b, x), atol=tol)
        np.testing.assert_allclose(c, np.linalg.inv(b) @ x, atol=tol)
        np.testing.assert_allclose(b @ c, x,
                                   atol=2 * qr_bound(5, 5)
                                   * np.linalg.norm(b, 2) * nc)

    def test_many_vectors_as_columns(self):
        b = random_matrix(3, 3, seed=22)
        x = random_matrix(3, 4, seed=23)
        want = np.linalg.solve(b, x)
        tol = 2 * np.linalg.cond(b) * qr_bound(3, 3) * np.abs(want).max()
        np.testing.assert_allclose(la.change_of_basis(b, x), want, atol=tol)

    def test_identity_basis_gives_the_vector(self):
        np.testing.assert_allclose(la.change_of_basis(np.eye(3), [1, 2, 3]),
                                   [1, 2, 3], atol=qr_bound(3, 3) * 3)

    def test_dependent_columns(self):
        with pytest.raises(ValueError, match="basis must have linearly"):
            la.change_of_basis([[1.0, 2.0], [2.0, 4.0]], [1.0, 0.0])

    def test_not_square(self):
        with pytest.raises(ValueError, match="basis must be square"):
            la.change_of_basis(np.ones((3, 2)), np.ones(3))

    def test_mismatched_x(self):
        with pytest.raises(ValueError, match="x"):
            la.change_of_basis(np.eye(2), np.ones(3))


# ------------------------------------------------------- rank, subspaces
class TestRank:
    @pytest.mark.parametrize("k", [1, 3, 6])
    def test_constructed_rank_matches_numpy(self, k):
        a = la.low_rank_plus_noise(12, 8, k, rng=rng(k))
        assert la.numerical_rank(a) == k == np.linalg.matrix_rank(a)

    def test_tol_matches_numpy(self):
        a = la.matrix_with_spectrum(6, 5, [1, 1e-2, 1e-4, 1e-6, 1e-8],
                                    rng=rng(24))
        for tol in (1e-1, 1e-3, 1e-5, 1e-7, 1e-9):
            assert la.numerical_rank(a, tol) == np.linalg.matrix_rank(a, tol)

    def test_report(self):
        a = la.matrix_with_spectrum(5, 4, [3.0, 2.0, 1e-9, 1e-10],
                                    rng=rng(25))
        rep = la.rank_report(a, tol=1e-6)
        assert rep.rank == 2 and rep.tol == 1e-6
        # Weyl: every computed singular value is within c m n u ||A|| of the
        # exact one (and of numpy's); the construction itself rounds at the
        # same level. sigma_3 = 1e-9 is therefore known to ~ 1e-14 / 1e-9.
        err = 2 * gamma(8 * 5 * 4) * 3.0
        np.testing.assert_allclose(rep.singular_values,
                                   np.linalg.svd(a, compute_uv=False),
                                   rtol=0, atol=err)
        assert rep.gap_ratio == pytest.approx(2.0 / 1e-9, rel=2 * err / 1e-9)
        assert math.isinf(la.rank_report(np.eye(3)).gap_ratio)

    def test_default_tol_is_numpys(self):
        a = random_matrix(7, 4, seed=26)
        s = np.linalg.svd(a, compute_uv=False)
        expected = s.max() * 7 * np.finfo(float).eps
        # sigma_max to c m n u relative (Weyl), then two roundings
        assert la.rank_report(a).tol == pytest.approx(
            expected, rel=2 * gamma(8 * 7 * 4) + 4 * U)

    def test_zero_matrix(self):
        assert la.numerical_rank(np.zeros((3, 2))) == 0

    def test_negative_tol(self):
        with pytest.raises(ValueError, match="tol"):
            la.numerical_rank(np.eye(2), tol=-1.0)

    def test_nan(self):
        with pytest.raises(ValueError, match="a"):
            la.rank_report([[np.nan]])


class TestSubspaces:
    def test_bases_match_scipy(self):
        a = la.low_rank_plus_noise(6, 5, 2, rng=rng(27))
        col, nul = la.column_space_basis(a), la.null_space_basis(a)
        assert col.shape == (6, 2) and nul.shape == (5, 3)
        oc, on = sla.orth(a), sla.null_space(a)
        # a singular subspace moves by (backward error) / (gap): here the
        # gap is sigma_2 (the rest are rounding noise)
        s = np.linalg.svd(a, compute_uv=False)
        tol = 2 * gamma(8 * 6 * 5) * s[0] / s[1]
        np.testing.assert_allclose(col @ col.T, oc @ oc.T, atol=tol)
        np.testing.assert_allclose(nul @ nul.T, on @ on.T, atol=tol)
        assert np.linalg.norm(a @ nul) < 2 * gamma(8 * 6 * 5) * s[0]

    def test_rank_nullity(self):
        a = la.low_rank_plus_noise(4, 9, 3, rng=rng(28))
        assert la.column_space_basis(a).shape[1] + \
            la.null_space_basis(a).shape[1] == 9

    def test_bad_tol(self):
        with pytest.raises(ValueError, match="tol"):
            la.null_space_basis(np.eye(2), tol=np.nan)
        with pytest.raises(ValueError, match="tol"):
            la.column_space_basis(np.eye(2), tol=-1)


class TestCondition:
    @pytest.mark.parametrize("shape", [(5, 5), (8, 3), (3, 8)])
    def test_matches_numpy(self, shape):
        a = random_matrix(*shape, seed=29)
        # sigma_min to c m n u sigma_max absolute: kappa to kappa times that
        kappa = np.linalg.cond(a)
        m, n = shape
        assert la.matrix_condition(a) == pytest.approx(
            kappa, rel=2 * gamma(8 * m * n) * kappa)

    def test_singular_is_inf(self):
        assert la.matrix_condition(np.zeros((2, 2))) == math.inf

    def test_gram_squares_condition(self):
        a = la.matrix_with_condition(20, 5, 1e4, rng=rng(30))
        # forming A^T A and its SVD err by c m n u ||A||^2 absolutely, i.e.
        # relatively c m n u kappa^2 for its smallest singular value 1e-8
        assert la.matrix_condition(a.T @ a) == pytest.approx(
            1e8, rel=2 * gamma(8 * 20 * 5) * 1e8)

    def test_nan(self):
        with pytest.raises(ValueError, match="a"):
            la.matrix_condition([[1.0, np.inf]])


# ---------------------------------------------- matrices by construction
class TestConstruction:
    def test_spectrum(self):
        s = np.array([5.0, 2.0, 0.5])
        a = la.matrix_with_spectrum(6, 3, s, rng=rng(31))
        # construction and SVD: c m n u ||A|| absolute (Weyl)
        np.testing.assert_allclose(np.linalg.svd(a, compute_uv=False), s,
                                   rtol=0, atol=2 * gamma(8 * 6 * 3) * 5.0)

    @pytest.mark.parametrize("kappa", [1.0, 1e3, 1e10])
    def test_condition(self, kappa):
        a = la.matrix_with_condition(10, 4, kappa, rng=rng(32))
        # sigma_min = 1/kappa is known to c m n u absolutely: kappa to
        # c m n u kappa relatively
        err = 2 * gamma(8 * 10 * 4)
        assert np.linalg.cond(a) == pytest.approx(kappa, rel=err * kappa)
        assert np.linalg.norm(a, 2) == pytest.approx(1.0, rel=err)

    def test_reproducible(self):
        a1 = la.matrix_with_condition(5, 3, 10.0, rng=rng(33))
        a2 = la.matrix_with_condition(5, 3, 10.0, rng=rng(33))
        np.testing.assert_array_equal(a1, a2)

    def test_bad_spectrum_shape(self):
        with pytest.raises(ValueError, match="singular_values"):
            la.matrix_with_spectrum(4, 3, [1.0, 2.0], rng=rng())

    def test_negative_spectrum(self):
        with pytest.raises(ValueError, match="singular_values"):
            la.matrix_with_spectrum(2, 2, [1.0, -1.0], rng=rng())

    def test_bad_kappa(self):
        with pytest.raises(ValueError, match="kappa"):
            la.matrix_with_condition(3, 3, 0.5, rng=rng())

    def test_rng_required(self):
        with pytest.raises(ValueError, match="rng"):
            la.matrix_with_condition(3, 3, 2.0, rng=0)

    def test_low_rank_noise_level(self):
        a = la.low_rank_plus_noise(30, 20, 4, 1e-8, rng=rng(34))
        s = np.linalg.svd(a, compute_uv=False)
        # Weyl: sigma_5 <= sigma_max(eta G), and for a Gaussian G,
        # P(sigma_max > sqrt m + sqrt n + t) <= exp(-t^2/2) (Davidson &
        # Szarek): t = 4 leaves a chance of 3e-4 for this fixed seed
        assert s[4] < 1e-8 * (np.sqrt(30) + np.sqrt(20) + 4)
        assert s[3] > 1.0

    @pytest.mark.parametrize("kw, name", [({"rank": 0}, "rank"),
                                          ({"rank": 5}, "rank"),
                                          ({"noise": -1.0}, "noise")])
    def test_low_rank_bad(self, kw, name):
        args = {"rank": 2, "noise": 0.0} | kw
        with pytest.raises(ValueError, match=name):
            la.low_rank_plus_noise(4, 3, rng=rng(), **args)


class TestStudy:
    def test_shapes_and_small_kappa(self):
        st = la.lstsq_accuracy_study([1.0, 10.0], m=10, n=3, n_trials=2,
                                     rng=rng(35))
        for arr in st[1:]:
            assert arr.shape == (2,)
        # both solvers' errors and residuals are below the least-squares
        # bound c m n u (kappa + kappa^2) (TestLstsq.bound) at kappa <= 10
        k = np.array([1.0, 10.0])
        assert np.all(np.array(st[1:]) < 2 * gamma(8 * 10 * 3) * (k + k**2))

    def test_residual_is_orthogonal_and_sized(self):
        st = la.lstsq_accuracy_study([10.0], m=12, n=3, residual=0.5,
                                     n_trials=3, rng=rng(36))
        # ||b - Ax|| / ||b|| = rho / sqrt(1 + rho^2) for b = Ax + rho|Ax|w;
        # the computed residual differs by ||A (x_hat - x)|| <= c m n u
        # kappa ||b|| (QR is backward stable), relative to ||r|| ~ 0.45||b||
        expected = 0.5 / np.sqrt(1.25)
        assert st.res_qr[0] == pytest.approx(
            expected, rel=2 * gamma(8 * 12 * 3) * 10 / expected)

    @pytest.mark.parametrize("kw, name", [({"kappas": [0.5]}, "kappas"),
                                          ({"m": 3, "n": 3}, "m"),
                                          ({"residual": -1.0}, "residual"),
                                          ({"n_trials": 0}, "n_trials")])
    def test_bad(self, kw, name):
        args = {"kappas": [1.0]} | kw
        with pytest.raises(ValueError, match=name):
            la.lstsq_accuracy_study(rng=rng(), **args)


# ------------------------------------------------------ the figures' claims
def test_claim_fig_mat_projection():
    """The residual r = b - Pb is orthogonal to col(A): A^T r = 0; the
    projection matrix satisfies P^2 = P and P^T = P."""
    res = la.project_onto_column_space(PROJ_A, PROJ_B)
    p = la.projection_matrix(PROJ_A)
    # rounding bounds as in TestProjection (backward error c m n u)
    tol = 2 * qr_bound(3, 2) * np.linalg.norm(PROJ_A, 2) \
        * np.linalg.norm(PROJ_B)
    assert np.max(np.abs(PROJ_A.T @ res.residual)) < tol
    assert np.max(np.abs(p @ p - p)) < 2 * qr_bound(3, 2)
    assert np.max(np.abs(p - p.T)) < 2 * qr_bound(3, 2)
    np.testing.assert_allclose(p @ PROJ_B, res.projection, atol=tol)
    assert np.linalg.norm(res.residual) > 0.5           # a visible residual


@pytest.mark.parametrize("seed", [STUDY_SEED, 1])
def test_claim_fig_mat_normal_vs_qr(seed):
    """The error of the normal equations grows like kappa^2 (log-log slope
    near 2) and that of Householder QR like kappa (slope near 1)."""
    # caption: "median of 5 designs"; alt text: "condition number from 1 to
    # 1e12"
    assert STUDY_TRIALS == 5
    assert (STUDY_KAPPAS[0], STUDY_KAPPAS[-1]) == (1.0, 1e12)
    st = la.lstsq_accuracy_study(STUDY_KAPPAS, n_trials=STUDY_TRIALS,
                                 rng=rng(seed))
    k = STUDY_KAPPAS
    ne = (k >= 1e1) & (k <= 1e7)
    qr = (k >= 1e1) & np.isfinite(st.err_qr)
    s_ne = np.polyfit(np.log10(k[ne]), np.log10(st.err_normal[ne]), 1)[0]
    s_qr = np.polyfit(np.log10(k[qr]), np.log10(st.err_qr[qr]), 1)[0]
    assert 1.6 <= s_ne <= 2.4
    assert 0.6 <= s_qr <= 1.4
    u = np.finfo(float).eps / 2
    # both stay below their reference lines times a modest constant
    assert np.all(st.err_normal[ne] < 10 * k[ne] ** 2 * u)
    assert np.all(st.err_qr[qr] < 10 * k[qr] * u)
    # QR's residual stays at rounding level
    assert np.all(st.res_qr < 100 * u)


@pytest.mark.parametrize("seed", [STUDY_SEED, 1])
def test_claim_fig_mat_normal_vs_qr_residual(seed):
    """Right panel: "the residual of QR stays at rounding level ... while
    that of the normal equations grows along the kappa u line until
    kappa ~ 1e8, where the solution on the left has lost every digit, yet
    it stays far below that error"."""
    st = la.lstsq_accuracy_study(STUDY_KAPPAS, n_trials=STUDY_TRIALS,
                                 rng=rng(seed))
    k = STUDY_KAPPAS
    # backward stability of Householder QR: ||r|| / ||b|| = O(m n u)
    assert np.all(st.res_qr < 100 * U)
    grow = (k >= 1e1) & (k <= 1e8)
    slope = np.polyfit(np.log10(k[grow]), np.log10(st.res_normal[grow]), 1)[0]
    assert 0.7 <= slope <= 1.3                     # the kappa u line
    # within a modest constant of kappa u where it grows (median of 5)
    ratio = st.res_normal[grow] / (k[grow] * U)
    assert np.all((ratio > 1e-2) & (ratio < 1e2))
    big = np.isfinite(st.res_normal) & (k >= 1e7)
    assert np.all(st.res_normal[big] > 1e3 * st.res_qr[big])
    assert 1e-9 < np.nanmax(st.res_normal) < 1e-5       # stops growing
    lost = np.isfinite(st.err_normal) & (k >= 1e8)
    assert np.all(st.err_normal[lost] > 0.1)          # "lost every digit"
    # the residual stays far below the error once kappa^2 u is large
    fin = np.isfinite(st.err_normal) & (k >= 1e6)
    assert np.all(st.err_normal[fin] > 100 * st.res_normal[fin])


def test_claim_mat_perturbation_bound_attained():
    """@eq-mat-perturbation: ||dx||/||x|| <= kappa ||db||/||b||, with
    equality for b along u_1 and db along u_n; random db stay below."""
    a = la.matrix_with_condition(5, 5, 1e4, rng=rng(1))
    u_, s, _ = np.linalg.svd(a)
    kappa = s[0] / s[-1]
    b, db = u_[:, 0], 1e-8 * u_[:, -1]
    x = np.linalg.solve(a, b)
    dx = np.linalg.solve(a, b + db) - x
    amp = (np.linalg.norm(dx) / np.linalg.norm(x)) / 1e-8
    # rounding in the two solves: kappa u relative to x, i.e. kappa u / 1e-8
    # relative to dx -> ~ 1e-4 of the amplification, far above u; allow 1e-3
    assert amp == pytest.approx(kappa, rel=1e-3)
    g = rng(2)
    for _ in range(20):
        d = g.standard_normal(5) * 1e-8
        dxr = np.linalg.solve(a, b + d) - x
        ampr = (np.linalg.norm(dxr) / np.linalg.norm(x)) / (
            np.linalg.norm(d) / np.linalg.norm(b))
        assert ampr <= kappa * (1 + 1e-3)
    # induced 1- and inf-norms are the largest column and row sums
    # sums of 5 non-negative terms in two orders: each <= 4u relative
    assert np.abs(a).sum(axis=0).max() == pytest.approx(np.linalg.norm(a, 1),
                                                        rel=8 * U)
    assert np.abs(a).sum(axis=1).max() == pytest.approx(
        np.linalg.norm(a, np.inf), rel=8 * U)


def test_claim_mat_lu_growth():
    """Partial pivoting: Wilkinson's matrix has growth 2^(n-1); a random
    matrix far less; without pivoting a tiny pivot destroys the solution."""
    n = 30
    w = np.eye(n) - np.tril(np.ones((n, n)), -1)
    w[:, -1] = 1.0
    u_ = sla.lu(w)[2]
    assert np.abs(u_).max() / np.abs(w).max() == 2.0 ** (n - 1)   # exact
    g = rng(0).standard_normal((n, n))
    assert np.abs(sla.lu(g)[2]).max() / np.abs(g).max() < 100
    a2 = np.array([[1e-20, 1.0], [1.0, 1.0]])
    b2 = a2 @ np.ones(2)
    l_np = np.array([[1.0, 0.0], [1e20, 1.0]])
    u_np = np.array([[1e-20, 1.0], [0.0, 1.0 - 1e20]])
    x_np = sla.solve_triangular(u_np, sla.solve_triangular(l_np, b2,
                                                           lower=True))
    assert abs(x_np[0] - 1.0) >= 0.5                  # first component lost
    np.testing.assert_allclose(np.linalg.solve(a2, b2), [1.0, 1.0],
                               rtol=4 * U)


# ------------------------------------------------------------ Gram-Schmidt
class TestGramSchmidt:
    @pytest.mark.parametrize("modified", [False, True])
    def test_matches_householder_well_conditioned(self, modified):
        a = random_matrix(8, 4, seed=3)
        q, r = la.gram_schmidt(a, modified=modified)
        qh, rh = fix_signs(*np.linalg.qr(a))
        assert np.all(np.diag(r) > 0)
        # kappa(a) ~ 3: loss of orthogonality and factor errors O(kappa^2 u)
        tol = 100 * np.linalg.cond(a) ** 2 * qr_bound(8, 4)
        np.testing.assert_allclose(q, qh, atol=tol)
        np.testing.assert_allclose(r, rh, atol=tol * np.linalg.norm(a, 2))
        np.testing.assert_allclose(q @ r, a, atol=qr_bound(8, 4)
                                   * np.linalg.norm(a, 2))
        assert np.array_equal(np.tril(r, -1), np.zeros((4, 4)))

    def test_scale_invariance(self):
        a = random_matrix(6, 3, seed=4)
        q1, r1 = la.gram_schmidt(a)
        q2, r2 = la.gram_schmidt(a * 2.0**600)         # exact scaling
        np.testing.assert_array_equal(q1, q2)
        np.testing.assert_array_equal(r1 * 2.0**600, r2)

    def test_claim_mat_gram_schmidt_loss(self):
        """Classical GS loses orthogonality like kappa^2 u (bound), modified
        GS like kappa u, Householder stays at O(u)."""
        ks = np.array([1e2, 1e4, 1e6, 1e8])
        loss = {False: [], True: []}
        for kap in ks:
            a = la.matrix_with_condition(50, 10, kap, rng=rng(0))
            for mod in (False, True):
                q = la.gram_schmidt(a, modified=mod).q
                loss[mod].append(np.linalg.norm(np.eye(10) - q.T @ q, 2))
            qh = la.householder_qr(a).q
            assert np.linalg.norm(np.eye(10) - qh.T @ qh, 2) < qr_bound(50, 10)
        cgs, mgs = np.array(loss[False]), np.array(loss[True])
        s_c = np.polyfit(np.log10(ks), np.log10(cgs), 1)[0]
        s_m = np.polyfit(np.log10(ks), np.log10(mgs), 1)[0]
        assert 1.4 <= s_c <= 2.2 and 0.6 <= s_m <= 1.2
        # Bjorck / Giraud et al.: bounds c kappa^2 u and c kappa u, c modest
        assert np.all(cgs <= 1e3 * ks**2 * U) and np.all(mgs <= 1e3 * ks * U)
        assert cgs[-1] > 1e4 * mgs[-1]

    def test_dependent_column(self):
        a = random_matrix(5, 2, seed=1)
        a = np.column_stack([a, a[:, 0] - 2 * a[:, 1]])
        with pytest.raises(ValueError, match="a must have full column rank"):
            la.gram_schmidt(a)

    @pytest.mark.parametrize("bad, exc", [
        ([[1.0, 2.0, 3.0]], ValueError), ([[np.nan, 1.0], [1.0, 2.0]], ValueError),
        ([[1.0, 0.0], [np.inf, 1.0]], ValueError), ("abc", TypeError)])
    def test_bad_a(self, bad, exc):
        with pytest.raises(exc, match="a"):
            la.gram_schmidt(bad)

    def test_bad_modified(self):
        with pytest.raises(TypeError, match="modified"):
            la.gram_schmidt(np.eye(2), modified="yes")


# -------------------------------------------------------- least squares SVD
class TestLstsqSvd:
    def test_full_rank_matches_qr(self):
        a, b = random_matrix(9, 4, seed=5), rng(6).standard_normal(9)
        # both backward stable; kappa(a) ~ 3 -> forward error ~ kappa^2 m n u
        tol = 10 * np.linalg.cond(a) ** 2 * qr_bound(9, 4)
        np.testing.assert_allclose(la.lstsq_svd(a, b), la.lstsq_qr(a, b),
                                   atol=tol)

    def test_rank_deficient_matches_pinv(self):
        a = random_matrix(6, 3, seed=7)
        a = np.column_stack([a, a[:, 0] + a[:, 1]])        # rank 3
        b = rng(8).standard_normal(6)
        x = la.lstsq_svd(a, b)
        tol = 100 * qr_bound(6, 4) * np.linalg.norm(x)
        np.testing.assert_allclose(x, np.linalg.pinv(a) @ b, atol=tol)
        np.testing.assert_allclose(
            x, np.linalg.lstsq(a, b, rcond=None)[0], atol=tol)
        assert abs(x @ np.array([1.0, 1.0, 0.0, -1.0])) < tol   # min norm

    def test_wide_and_matrix_rhs(self):
        a, b = random_matrix(3, 5, seed=9), rng(10).standard_normal((3, 2))
        x = la.lstsq_svd(a, b)
        assert x.shape == (5, 2)
        np.testing.assert_allclose(a @ x, b, atol=100 * qr_bound(5, 3))

    def test_tol_truncates(self):
        a = np.diag([1.0, 1e-9])
        # a diagonal matrix is its own SVD up to signs and order: each
        # component is b_i / s_i after a few roundings (<= 8u relative)
        np.testing.assert_allclose(la.lstsq_svd(a, [1.0, 1.0], tol=1e-6),
                                   [1.0, 0.0], rtol=8 * U, atol=0)
        np.testing.assert_allclose(la.lstsq_svd(a, [1.0, 1.0]), [1.0, 1e9],
                                   rtol=8 * U, atol=0)

    def test_scale(self):
        a, b = random_matrix(5, 3, seed=2), rng(3).standard_normal(5)
        x = la.lstsq_svd(a, b)
        # a * 1e-300 and b * 1e-300 round each entry (u relative; the
        # solver itself scales by powers of 2, exactly): a perturbation u
        # of a least-squares problem moves x by <= (kappa + kappa**2 eta)
        # u, eta = |r| / (|a| |x|) (Higham 2002, thm 20.1); both solves
        # add their own backward error, ~ 8 n u each, with the same factor
        kappa = np.linalg.cond(a)
        r = b - a @ x
        eta = np.linalg.norm(r) / (np.linalg.norm(a, 2) * np.linalg.norm(x))
        tol = (kappa + kappa**2 * eta) * (1 + 2 * 8 * 3) * U
        np.testing.assert_allclose(la.lstsq_svd(a * 1e-300, b * 1e-300), x,
                                   rtol=0, atol=tol * np.linalg.norm(x))

    @pytest.mark.parametrize("args, name", [
        (([[1.0, np.nan]], [1.0]), "a"), (([[1.0, 2.0]], [np.inf]), "b"),
        (([[1.0, 2.0]], [1.0, 2.0]), "b"), (([[1.0, 2.0]], [1.0], -1.0), "tol"),
        (([[1.0, 2.0]], [1.0], np.nan), "tol")])
    def test_bad_input(self, args, name):
        with pytest.raises(ValueError, match=name):
            la.lstsq_svd(*args)


def test_claim_fig_mat_change_of_basis():
    """The same vector x has standard coordinates x and new coordinates
    c with B c = x; c equals numpy's solve and inverse."""
    # caption: "walks 2.5 along e_1 and then 1.5 along e_2"; alt text:
    # "b1 = (1, 0.25) and b2 = (0.5, 1)"
    np.testing.assert_array_equal(BASIS_X, [2.5, 1.5])
    np.testing.assert_array_equal(BASIS.T, [[1.0, 0.25], [0.5, 1.0]])
    c = la.change_of_basis(BASIS, BASIS_X)
    # 2 x 2 with kappa(BASIS) ~ 1.7: forward error kappa c n^2 u |c|
    tol = 2 * np.linalg.cond(BASIS) * qr_bound(2, 2) * np.linalg.norm(c)
    np.testing.assert_allclose(BASIS @ c, BASIS_X, atol=tol)
    np.testing.assert_allclose(c, np.linalg.solve(BASIS, BASIS_X), atol=tol)
    np.testing.assert_allclose(c, np.linalg.inv(BASIS) @ BASIS_X, atol=tol)
    np.testing.assert_allclose(c, [2.0, 1.0], atol=tol)


def test_claim_fig_mat_singular_values():
    """A rank-5 matrix shows a sharp drop after the 5th singular value: the
    numerical rank is 5 (equal to numpy's matrix_rank with the same tol)
    and the gap ratio at the drop exceeds 1e6, without and with noise."""
    # caption: "two 40 x 30 matrices of rank 5 ... noise of size 10^{-10}"
    assert (RANK_M, RANK_N, RANK_K, RANK_NOISE) == (40, 30, 5, 1e-10)
    g = rng(RANK_SEED)
    exact = la.low_rank_plus_noise(RANK_M, RANK_N, RANK_K, rng=g)
    noisy = la.low_rank_plus_noise(RANK_M, RANK_N, RANK_K, RANK_NOISE, rng=g)
    r0 = la.rank_report(exact)
    r1 = la.rank_report(noisy, tol=RANK_TOL)
    assert r0.rank == RANK_K == np.linalg.matrix_rank(exact)
    assert r1.rank == RANK_K == np.linalg.matrix_rank(noisy, tol=RANK_TOL)
    assert r0.gap_ratio > 1e6 and r1.gap_ratio > 1e6
    # the pitfall the figure shows: the default tol sees full rank
    assert la.numerical_rank(noisy) == np.linalg.matrix_rank(noisy) == RANK_N


# ------------------------------------------------ issue 8: defect classes
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))
SEEDS = st.integers(0, 2**32 - 1)


class TestScaleLaws:
    """QR, least squares, projection and change of basis at any scale:
    Q is scale invariant and R homogeneous, bit for bit, for scale factors
    2^j spanning 10^-300 .. 10^300 (before: wrong below ~1e-154, NaN
    above ~1e154)."""

    @given(SEEDS, POW2)
    @settings(max_examples=60)
    def test_householder_qr(self, seed, j):
        a = rng(seed).standard_normal((6, 3))
        q0, r0 = la.householder_qr(a)
        q, r = la.householder_qr(np.ldexp(a, j))
        np.testing.assert_array_equal(q, q0)
        np.testing.assert_array_equal(r, np.ldexp(r0, j))

    @given(SEEDS, POW2, POW2)
    @settings(max_examples=60)
    def test_least_squares_and_projection(self, seed, j, k):
        a = rng(seed).standard_normal((6, 3))
        b = rng(seed + 1).standard_normal(6)
        aj, bk = np.ldexp(a, j), np.ldexp(b, k)
        if abs(k - j) > 1000:
            return                     # x = 2^(k-j) x0 would leave the range
        for solver in (la.lstsq_qr, la.lstsq_normal):
            np.testing.assert_array_equal(solver(aj, bk),
                                          np.ldexp(solver(a, b), k - j))
        p0, p = la.project_onto_column_space(a, b), \
            la.project_onto_column_space(aj, bk)
        np.testing.assert_array_equal(p.projection,
                                      np.ldexp(p0.projection, k))
        np.testing.assert_array_equal(p.coefficients,
                                      np.ldexp(p0.coefficients, k - j))
        np.testing.assert_array_equal(la.projection_matrix(aj),
                                      la.projection_matrix(a))
        sq = a[:3]
        np.testing.assert_array_equal(
            la.change_of_basis(np.ldexp(sq, j), np.ldexp(b[:3], k)),
            np.ldexp(la.change_of_basis(sq, b[:3]), k - j))

    @given(SEEDS, POW2)
    @settings(max_examples=40)
    def test_singular_values_and_condition(self, seed, j):
        a = rng(seed).standard_normal((5, 3))
        rep0, rep = la.rank_report(a), la.rank_report(np.ldexp(a, j))
        np.testing.assert_array_equal(rep.singular_values,
                                      np.ldexp(rep0.singular_values, j))
        assert la.matrix_condition(np.ldexp(a, j)) == la.matrix_condition(a)

    def test_issue_examples(self):
        a = np.array([[3.0, 1.0], [4.0, 2.0], [0.0, 1.0]])
        for s in (1e-160, 1e-300, 1e160, 1e300):
            q, r = la.householder_qr(s * a)
            # backward error relative to ||s a||, as for s = 1
            err = np.max(np.abs(q @ r - s * a)) / s       # relative to s
            assert err <= qr_bound(3, 2) * np.linalg.norm(a)
        assert la.matvec_by_columns([[1e308, -1e308]], [1.0, 1.0])[0] == 0.0


class TestHostileInput:
    def test_r_beyond_the_range_names_the_right_argument(self):
        """Issue: lstsq_qr reported 'r must be finite' for an argument the
        caller never passed."""
        with pytest.raises(ValueError, match="for a and b"):
            la.lstsq_qr([[1e-300], [1e-300]], [1e300, 1e300])
        with pytest.raises(ValueError, match="r x = y"):
            la.back_substitution([[5e-324]], [1e10])

    def test_result_beyond_the_range(self):
        with pytest.raises(ValueError, match="R for a"):
            la.householder_qr(np.full((4, 1), 1.5e308))

    @pytest.mark.parametrize("bad", [[[1 + 1j]], [["1"]], [[True]], None])
    def test_not_real_numbers(self, bad):
        with pytest.raises(TypeError, match="a"):
            la.matrix_condition(bad)

    @pytest.mark.parametrize("mode", [["reduced"], None, 3])
    def test_mode_of_the_wrong_type(self, mode):
        with pytest.raises(TypeError, match="mode"):
            la.householder_qr(np.eye(2), mode=mode)


class TestMemory:
    """Class 8: memory grows like the answer, not like m^2."""

    def test_tall_matrix_with_condition_is_thin(self):
        import tracemalloc
        tracemalloc.start()
        a = la.matrix_with_condition(100_000, 2, 10.0, rng=rng(0))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert a.shape == (100_000, 2)
        # a few (m, 2) arrays (1.6 MB each); an (m, m) factor would be 80 GB
        assert peak < 50 * a.nbytes
        u = np.finfo(float).eps / 2
        assert np.linalg.cond(a) == pytest.approx(10.0,
                                                  rel=2 * gamma(8 * 2e5) * 10)
        assert u > 0

    def test_huge_requests_are_refused_by_name(self):
        with pytest.raises(ValueError, match="m"):
            la.matrix_with_spectrum(2**40, 2, [1.0, 1.0], rng=rng())
        with pytest.raises(ValueError, match="a"):
            la.projection_matrix(np.ones((20_000, 1)))
