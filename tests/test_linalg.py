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
RANK_SEED, RANK_M, RANK_N, RANK_K, RANK_NOISE = 7, 40, 30, 5, 1e-10
RANK_TOL = 1e-6


def rng(seed=0):
    return np.random.default_rng(seed)


def random_matrix(m, n, seed=0):
    return rng(seed).standard_normal((m, n))


def fix_signs(q, r):
    """Make diag(r) >= 0 by flipping matching columns of q / rows of r."""
    d = np.where(np.diag(r) < 0, -1.0, 1.0)
    return q[:, : d.size] * d, r * d[:, None]


# --------------------------------------------------------------- columns
class TestMatvecByColumns:
    def test_matches_matmul(self):
        a, x = random_matrix(5, 3), rng(1).standard_normal(3)
        np.testing.assert_allclose(la.matvec_by_columns(a, x), a @ x,
                                   rtol=1e-14, atol=1e-14)

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
        np.testing.assert_allclose(q, qn, atol=1e-12)
        np.testing.assert_allclose(r, rn, atol=1e-12)

    def test_complete_mode(self):
        a = random_matrix(6, 3, seed=3)
        q, r = la.householder_qr(a, mode="complete")
        assert q.shape == (6, 6) and r.shape == (6, 3)
        np.testing.assert_allclose(q.T @ q, np.eye(6), atol=1e-14)
        np.testing.assert_allclose(q @ r, a, atol=1e-13)
        qn, rn = np.linalg.qr(a, mode="complete")
        np.testing.assert_allclose(np.abs(r), np.abs(rn), atol=1e-12)

    def test_orthogonal_even_when_ill_conditioned(self):
        a = la.matrix_with_condition(30, 6, 1e12, rng=rng(4))
        q, r = la.householder_qr(a)
        assert np.linalg.norm(q.T @ q - np.eye(6)) < 1e-14
        assert np.array_equal(r, np.triu(r))
        assert np.linalg.norm(q @ r - a) < 1e-14

    def test_zero_column_is_skipped(self):
        a = np.array([[0.0, 1.0], [0.0, 2.0], [0.0, 2.0]])
        q, r = la.householder_qr(a)
        np.testing.assert_allclose(q @ r, a, atol=1e-15)
        np.testing.assert_allclose(q.T @ q, np.eye(2), atol=1e-15)

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
        np.testing.assert_allclose(
            la.back_substitution(r, y),
            sla.solve_triangular(r, y, lower=False), rtol=1e-12)

    def test_several_right_hand_sides(self):
        r = np.triu(random_matrix(4, 4, seed=7)) + 3 * np.eye(4)
        y = random_matrix(4, 3, seed=8)
        x = la.back_substitution(r, y)
        assert x.shape == (4, 3)
        np.testing.assert_allclose(r @ x, y, atol=1e-12)

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
    def test_matches_numpy(self, solver):
        a, b = random_matrix(20, 4, seed=10), rng(11).standard_normal(20)
        np.testing.assert_allclose(solver(a, b), np.linalg.lstsq(a, b)[0],
                                   rtol=1e-10)

    def test_several_right_hand_sides(self, solver):
        a, b = random_matrix(12, 3, seed=12), random_matrix(12, 2, seed=13)
        np.testing.assert_allclose(solver(a, b), np.linalg.lstsq(a, b)[0],
                                   rtol=1e-10)

    def test_square_system_is_solved(self, solver):
        a = random_matrix(5, 5, seed=14) + 5 * np.eye(5)
        b = rng(15).standard_normal(5)
        np.testing.assert_allclose(solver(a, b), np.linalg.solve(a, b),
                                   rtol=1e-10)

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
        np.testing.assert_allclose(p, formula, atol=1e-12)
        np.testing.assert_allclose(p, a @ np.linalg.pinv(a), atol=1e-12)

    def test_idempotent_symmetric_trace_is_rank(self):
        p = la.projection_matrix(random_matrix(8, 3, seed=17))
        np.testing.assert_allclose(p @ p, p, atol=1e-14)
        np.testing.assert_allclose(p, p.T, atol=0)
        assert np.trace(p) == pytest.approx(3.0, abs=1e-12)

    def test_project_onto_column_space(self):
        a, b = random_matrix(9, 3, seed=18), rng(19).standard_normal(9)
        res = la.project_onto_column_space(a, b)
        np.testing.assert_allclose(res.coefficients,
                                   np.linalg.lstsq(a, b)[0], rtol=1e-12)
        np.testing.assert_allclose(res.projection,
                                   la.projection_matrix(a) @ b, atol=1e-13)
        np.testing.assert_allclose(res.projection + res.residual, b,
                                   atol=1e-15)
        assert np.linalg.norm(a.T @ res.residual) < 1e-13

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
        np.testing.assert_allclose(c, np.linalg.solve(b, x), rtol=1e-10)
        np.testing.assert_allclose(c, np.linalg.inv(b) @ x, rtol=1e-10)
        np.testing.assert_allclose(b @ c, x, atol=1e-13)

    def test_many_vectors_as_columns(self):
        b = random_matrix(3, 3, seed=22)
        x = random_matrix(3, 4, seed=23)
        np.testing.assert_allclose(la.change_of_basis(b, x),
                                   np.linalg.solve(b, x), rtol=1e-10)

    def test_identity_basis_gives_the_vector(self):
        np.testing.assert_allclose(la.change_of_basis(np.eye(3), [1, 2, 3]),
                                   [1, 2, 3], atol=1e-15)

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
        np.testing.assert_allclose(rep.singular_values,
                                   np.linalg.svd(a, compute_uv=False))
        assert rep.gap_ratio == pytest.approx(2.0 / 1e-9, rel=1e-5)
        assert math.isinf(la.rank_report(np.eye(3)).gap_ratio)

    def test_default_tol_is_numpys(self):
        a = random_matrix(7, 4, seed=26)
        s = np.linalg.svd(a, compute_uv=False)
        expected = s.max() * 7 * np.finfo(float).eps
        assert la.rank_report(a).tol == pytest.approx(expected)

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
        np.testing.assert_allclose(col @ col.T, oc @ oc.T, atol=1e-12)
        np.testing.assert_allclose(nul @ nul.T, on @ on.T, atol=1e-12)
        assert np.linalg.norm(a @ nul) < 1e-12

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
        assert la.matrix_condition(a) == pytest.approx(np.linalg.cond(a))

    def test_singular_is_inf(self):
        assert la.matrix_condition(np.zeros((2, 2))) == math.inf

    def test_gram_squares_condition(self):
        a = la.matrix_with_condition(20, 5, 1e4, rng=rng(30))
        assert la.matrix_condition(a.T @ a) == pytest.approx(1e8, rel=1e-6)

    def test_nan(self):
        with pytest.raises(ValueError, match="a"):
            la.matrix_condition([[1.0, np.inf]])


# ---------------------------------------------- matrices by construction
class TestConstruction:
    def test_spectrum(self):
        s = np.array([5.0, 2.0, 0.5])
        a = la.matrix_with_spectrum(6, 3, s, rng=rng(31))
        np.testing.assert_allclose(np.linalg.svd(a, compute_uv=False), s,
                                   rtol=1e-13)

    @pytest.mark.parametrize("kappa", [1.0, 1e3, 1e10])
    def test_condition(self, kappa):
        a = la.matrix_with_condition(10, 4, kappa, rng=rng(32))
        assert np.linalg.cond(a) == pytest.approx(kappa, rel=1e-5)
        assert np.linalg.norm(a, 2) == pytest.approx(1.0)

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
        # noise singular values are at most eta (sqrt m + sqrt n), roughly
        assert s[4] < 1e-8 * (np.sqrt(30) + np.sqrt(20)) * 1.2
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
        assert np.all(np.array(st[1:]) < 1e-13)

    def test_residual_is_orthogonal_and_sized(self):
        st = la.lstsq_accuracy_study([10.0], m=12, n=3, residual=0.5,
                                     n_trials=3, rng=rng(36))
        # ||b - Ax|| / ||b|| = rho / sqrt(1 + rho^2) for b = Ax + rho|Ax|w
        expected = 0.5 / np.sqrt(1.25)
        assert st.res_qr[0] == pytest.approx(expected, rel=1e-10)

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
    assert np.max(np.abs(PROJ_A.T @ res.residual)) < 1e-12
    assert np.max(np.abs(p @ p - p)) < 1e-12
    assert np.max(np.abs(p - p.T)) < 1e-12
    np.testing.assert_allclose(p @ PROJ_B, res.projection, atol=1e-12)
    assert np.linalg.norm(res.residual) > 0.5           # a visible residual


@pytest.mark.parametrize("seed", [STUDY_SEED, 1])
def test_claim_fig_mat_normal_vs_qr(seed):
    """The error of the normal equations grows like kappa^2 (log-log slope
    near 2) and that of Householder QR like kappa (slope near 1)."""
    st = la.lstsq_accuracy_study(STUDY_KAPPAS, rng=rng(seed))
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


def test_claim_fig_mat_change_of_basis():
    """The same vector x has standard coordinates x and new coordinates
    c with B c = x; c equals numpy's solve and inverse."""
    c = la.change_of_basis(BASIS, BASIS_X)
    np.testing.assert_allclose(BASIS @ c, BASIS_X, atol=1e-14)
    np.testing.assert_allclose(c, np.linalg.solve(BASIS, BASIS_X),
                               atol=1e-14)
    np.testing.assert_allclose(c, np.linalg.inv(BASIS) @ BASIS_X,
                               atol=1e-14)
    np.testing.assert_allclose(c, [2.0, 1.0], atol=1e-14)


def test_claim_fig_mat_singular_values():
    """A rank-5 matrix shows a sharp drop after the 5th singular value: the
    numerical rank is 5 (equal to numpy's matrix_rank with the same tol)
    and the gap ratio at the drop exceeds 1e6, without and with noise."""
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
