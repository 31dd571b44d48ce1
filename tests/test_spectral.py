"""Tests for execmath.spectral against NumPy, SciPy and analytic values.

The ``test_claim_*`` tests repeat, with the same seeds and arguments, the
computations behind the figures of chapter 6 (06-eigen-svd-low-rank.qmd).
"""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from execmath import spectral

# --- the chapter's examples (keep in sync with 06-eigen-svd-low-rank.qmd) --
A_ELLIPSE = np.array([[2.0, 1.0], [0.5, 1.0]])
POWER_EIGENVALUES = np.array([5.0, 4.0, 2.0, 1.0, 0.5, 0.25])
POWER_SEED, POWER_ITERS = 6, 60
IMAGE_SEED, IMAGE_KS = 3, np.arange(1, 41)
PCA_SEED, PCA_N = 11, 400
PCA_VARIANCES = np.array([10, 5, 2.5, 1.2, 0.6, 0.3, 0.15, 0.08])
PCA_MEAN = np.arange(8.0)
PCA_K90_QUOTED = 4   # the chapter prints this number via an inline value


def chapter_power_run():
    rng = np.random.default_rng(POWER_SEED)
    sym = spectral.random_symmetric(POWER_EIGENVALUES, rng=rng)
    res = spectral.power_iteration(sym.a, num_iters=POWER_ITERS, rng=rng,
                                   reference=sym.q[:, 0])
    return sym, res


def chapter_image():
    return spectral.synthetic_image(rng=np.random.default_rng(IMAGE_SEED))


def chapter_pca_data():
    rng = np.random.default_rng(PCA_SEED)
    return spectral.sample_with_spectrum(PCA_N, PCA_VARIANCES, rng=rng,
                                         mean=PCA_MEAN)


def rng0():
    return np.random.default_rng(0)


U = np.finfo(np.float64).eps / 2        # unit roundoff


def gamma(k):
    """Higham's gamma_k = k u / (1 - k u): the bound of k roundings."""
    return k * U / (1 - k * U)


def eig_err(n, norm_a):
    """Absolute error bound of computed eigen/singular values (Weyl plus a
    backward-stable algorithm, c n^2 u ||A||, c = 8), for one side."""
    return gamma(8 * n * n) * norm_a


# ------------------------------------------------------ random matrices
class TestRandomMatrices:
    def test_orthogonal(self):
        q = spectral.random_orthogonal(7, rng=rng0())
        # Householder QR: orthogonal to sqrt(n) gamma_(4 n^2); det to n that
        orth = np.sqrt(7) * gamma(4 * 49)
        np.testing.assert_allclose(q.T @ q, np.eye(7), atol=orth)
        assert abs(abs(np.linalg.det(q)) - 1) < 7 * orth

    def test_orthogonal_bad_n_and_rng(self):
        with pytest.raises(ValueError, match="n"):
            spectral.random_orthogonal(0, rng=rng0())
        with pytest.raises(ValueError, match="rng"):
            spectral.random_orthogonal(3, rng=42)

    def test_symmetric_has_spectrum(self):
        lam = np.array([3.0, -1.0, 0.5, 2.0])
        sym = spectral.random_symmetric(lam, rng=rng0())
        np.testing.assert_array_equal(sym.a, sym.a.T)
        # forming Q diag Q^T and eigvalsh: each c n^2 u max|lam| (Weyl)
        tol = 2 * eig_err(4, 3.0)
        np.testing.assert_allclose(np.linalg.eigvalsh(sym.a), np.sort(lam),
                                   atol=tol)
        # column i of q is an eigenvector for lam[i]
        np.testing.assert_allclose(sym.a @ sym.q, sym.q * lam, atol=tol)

    def test_symmetric_bad_eigenvalues(self):
        with pytest.raises(ValueError, match="eigenvalues"):
            spectral.random_symmetric([[1.0, 2.0]], rng=rng0())
        with pytest.raises(ValueError, match="eigenvalues"):
            spectral.random_symmetric([1.0, np.nan], rng=rng0())


# ------------------------------------------------------- eigen routines
class TestSpectralDecomposition:
    def test_matches_scipy_and_reconstructs(self):
        b = rng0().standard_normal((6, 6))
        a = b + b.T
        dec = spectral.spectral_decomposition(a)
        na = np.linalg.norm(a, 2)
        np.testing.assert_allclose(
            dec.eigenvalues, scipy.linalg.eigh(a, eigvals_only=True)[::-1],
            rtol=0, atol=2 * eig_err(6, na))
        q = dec.eigenvectors
        np.testing.assert_allclose(q.T @ q, np.eye(6), atol=eig_err(6, 1.0))
        np.testing.assert_allclose((q * dec.eigenvalues) @ q.T, a,
                                   atol=2 * eig_err(6, na))
        assert np.all(np.diff(dec.eigenvalues) <= 0)

    def test_accepts_rounding_asymmetry(self):
        b = rng0().standard_normal((5, 3))
        a = b @ b.T
        a[0, 1] += 1e-15
        dec = spectral.spectral_decomposition(a)
        assert dec.eigenvalues.shape == (5,)

    @pytest.mark.parametrize("a, match", [
        (np.ones((2, 3)), "square"),
        (np.array([[1.0, 2.0], [0.0, 1.0]]), "symmetric"),
        (np.array([[1.0, np.nan], [np.nan, 1.0]]), "finite"),
        (np.ones(3), "2-D"),
    ])
    def test_bad_input(self, a, match):
        with pytest.raises(ValueError, match=f"a .*{match}|{match}"):
            spectral.spectral_decomposition(a)


class TestRayleighQuotient:
    def test_hand_example(self):
        a = np.array([[2.0, 1.0], [1.0, 3.0]])
        # x = (1, 1): x^T A x = 7, x^T x = 2, exact in binary
        assert spectral.rayleigh_quotient(a, [1.0, 1.0]) == 3.5

    def test_eigenvectors_give_eigenvalues(self):
        lam = np.array([4.0, 1.0, -2.0])
        sym = spectral.random_symmetric(lam, rng=rng0())
        got = spectral.rayleigh_quotient(sym.a, sym.q.T)    # batch of rows
        # the construction's error (eig_err) plus the quotient's n^2 u |A|
        np.testing.assert_allclose(got, lam, atol=3 * eig_err(3, 4.0))

    @settings(max_examples=30, deadline=None)
    @given(seed=st.integers(0, 10_000))
    def test_bounded_by_extreme_eigenvalues(self, seed):
        rng = np.random.default_rng(seed)
        b = rng.standard_normal((5, 5))
        a = b + b.T
        lam = np.linalg.eigvalsh(a)
        r = spectral.rayleigh_quotient(a, rng.standard_normal((20, 5)))
        tol = 2 * eig_err(5, np.linalg.norm(a, 2))
        assert np.all(r >= lam[0] - tol) and np.all(r <= lam[-1] + tol)

    def test_scalar_for_vector(self):
        assert isinstance(spectral.rayleigh_quotient(np.eye(2), [1.0, 0]),
                          float)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="a"):
            spectral.rayleigh_quotient(np.ones((2, 3)), [1.0, 1.0])
        with pytest.raises(ValueError, match="x"):
            spectral.rayleigh_quotient(np.eye(2), [1.0, 1.0, 1.0])
        with pytest.raises(ValueError, match="x"):
            spectral.rayleigh_quotient(np.eye(2), [0.0, 0.0])
        with pytest.raises(ValueError, match="x"):
            spectral.rayleigh_quotient(np.eye(2), [np.nan, 0.0])


class TestAngleBetweenLines:
    def test_known_angles(self):
        v = np.array([1.0, 0.0])
        x = np.array([[1.0, 1.0], [-1.0, 1.0], [0.0, 2.0], [-3.0, 0.0]])
        # atan2 of exact components: correctly rounded to an ulp or two
        np.testing.assert_allclose(spectral.angle_between_lines(x, v),
                                   [np.pi / 4, np.pi / 4, np.pi / 2, 0.0],
                                   atol=8 * U)

    def test_tiny_angle_is_accurate(self):
        # arccos of the cosine would round to exactly 0 here
        got = spectral.angle_between_lines([1.0, 1e-10], [1.0, 0.0])
        # the parallel and perpendicular parts are exact here: atan2's ulp
        assert got == pytest.approx(np.arctan(1e-10), rel=4 * U)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="v"):
            spectral.angle_between_lines([1.0, 0.0], [0.0, 0.0])
        with pytest.raises(ValueError, match="x"):
            spectral.angle_between_lines([1.0, 0.0, 0.0], [1.0, 0.0])
        with pytest.raises(ValueError, match="x"):
            spectral.angle_between_lines([0.0, 0.0], [1.0, 0.0])


class TestPowerIteration:
    def test_matches_eigh(self):
        sym, res = chapter_power_run()
        lam, q = np.linalg.eigh(sym.a)
        # after K steps: lam1 - r(x_K) <= (lam1 - lam_n) sin^2(angle_K)
        # (theory) plus rounding (eig_err) on both sides
        sin2 = np.sin(res.angles[-1]) ** 2
        assert res.eigenvalue == pytest.approx(
            lam[-1], abs=4.75 * sin2 + 2 * eig_err(6, 5.0))
        # |<x_K, q1>| = cos(angle_K) = 1 - sin^2/2; eigh's eigenvector is
        # off by eig_err / gap (gap = 1)
        assert abs(abs(res.eigenvector @ q[:, -1]) - 1) < \
            sin2 + 2 * eig_err(6, 5.0)
        assert res.rayleigh.shape == (POWER_ITERS + 1,)
        assert res.vectors.shape == (POWER_ITERS + 1, 6)
        # unit rows: y / ||y|| with a norm accurate to (n + 4)u, twice
        np.testing.assert_allclose(np.linalg.norm(res.vectors, axis=1), 1.0,
                                   rtol=2 * (6 + 4) * U)

    def test_explicit_start_and_no_reference(self):
        a = np.diag([3.0, 1.0])
        res = spectral.power_iteration(a, num_iters=40, x0=[1.0, 1.0])
        assert res.angles is None
        # x_k is proportional to (3^k, 1): exact tangent 3^{-k}. Each step
        # rounds each component twice (product, normalisation): the ratio
        # picks up <= 4u per step, 40 steps, plus the start.
        assert res.eigenvector[1] / res.eigenvector[0] == pytest.approx(
            3.0 ** -40, rel=4 * 42 * U)

    def test_tan_bound_holds(self):
        """tan angle(x_k, v1) <= |lam2/lam1|^k tan angle(x_0, v1)."""
        _, res = chapter_power_run()
        k = np.arange(POWER_ITERS + 1)
        bound = 0.8 ** k * np.tan(res.angles[0])
        # Each step's rounding moves x by ~(n + 4)u, and later steps
        # contract that by 0.8: the accumulated excess is below
        # (n + 4)u / (1 - 0.8) = 5(n + 4)u absolutely (times 2 for safety).
        assert np.all(np.tan(res.angles) <= bound * (1 + 4 * U)
                      + 10 * (6 + 4) * U)

    def test_claim_fig_svd_power_iteration(self):
        """Power iteration on a symmetric matrix: the tangent of the angle to
        the leading eigenvector shrinks by |lambda2/lambda1| per step and
        the Rayleigh quotient converges to lambda1."""
        # caption: "a 6 x 6 symmetric matrix with lambda_1 = 5, lambda_2 =
        # 4"; alt text: "iteration from 0 to 60"
        assert POWER_EIGENVALUES.size == 6
        assert tuple(POWER_EIGENVALUES[:2]) == (5.0, 4.0)
        assert POWER_ITERS == 60
        sym, res = chapter_power_run()
        tan = np.tan(res.angles)
        ratios = spectral.step_ratios(tan)
        # The third eigenvalue perturbs the ratio by (lam3/lam2)^k ~ 0.5^50
        # relatively and rounding by 10 (n + 4)u / tan (see
        # test_tan_bound_holds): far below the caption's "per step" 2%.
        noise = 10 * (6 + 4) * U / tan[-11:-1] + 0.5 ** 50
        assert np.all(np.abs(ratios[-10:] - 0.8) <= 0.8 * noise)
        lam1 = np.linalg.eigh(sym.a)[0][-1]
        spread = POWER_EIGENVALUES[0] - POWER_EIGENVALUES[-1]
        rounding = 2 * eig_err(6, 5.0)
        assert abs(res.rayleigh[-1] - lam1) < \
            spread * np.sin(res.angles[-1]) ** 2 + rounding
        # the Rayleigh quotient error decays at the squared rate: the ratio
        # of errors 10 steps apart is 0.8^20 up to (lam3/lam2)^(2k) terms
        # and the rounding of the errors themselves
        rq_err = np.abs(res.rayleigh - lam1)
        late = rq_err[40] / rq_err[30]
        assert late == pytest.approx(
            0.8 ** 20, rel=2 * 0.5 ** 60 + 4 * rounding / rq_err[40])
        # and tracks sin^2 of the angle (quadratic in the angle)
        assert np.all(rq_err <= spread * np.sin(res.angles) ** 2 + rounding)

    def test_orthogonal_start_escapes_by_rounding(self):
        sym = spectral.random_symmetric([5.0, 4.0, 1.0], rng=rng0())
        res = spectral.power_iteration(sym.a, num_iters=400, x0=sym.q[:, 1])
        # the component along q1 starts at rounding level ((n + 4)u) and
        # grows by 5/4 per step: after 50 steps ~1e-10, and r moves by its
        # square; the q3 component decays. Rounding: eig_err.
        rounding = 2 * eig_err(3, 5.0)
        assert res.rayleigh[50] == pytest.approx(
            4.0, abs=((3 + 4) * U * 1.25**50) ** 2 + rounding)
        # after 400 steps converged: tan <= 0.8^300 times a modest start
        assert res.rayleigh[-1] == pytest.approx(5.0, abs=rounding)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="square"):
            spectral.power_iteration(np.ones((2, 3)), x0=[1.0, 1.0, 1.0])
        with pytest.raises(ValueError, match="symmetric"):
            spectral.power_iteration(np.array([[1.0, 2.0], [0.0, 1.0]]),
                                     x0=[1.0, 1.0])
        with pytest.raises(ValueError, match="x0 or rng"):
            spectral.power_iteration(np.eye(2))
        with pytest.raises(ValueError, match="x0"):
            spectral.power_iteration(np.eye(2), x0=[0.0, 0.0])
        with pytest.raises(ValueError, match="x0"):
            spectral.power_iteration(np.eye(2), x0=[1.0, 0.0, 0.0])
        with pytest.raises(ValueError, match="num_iters"):
            spectral.power_iteration(np.eye(2), x0=[1.0, 0.0], num_iters=0)
        with pytest.raises(ValueError, match="reference"):
            spectral.power_iteration(np.eye(2), x0=[1.0, 0.0],
                                     reference=[1.0])
        with pytest.raises(ValueError, match="null space"):
            spectral.power_iteration(np.diag([1.0, 0.0]), x0=[0.0, 1.0])
        with pytest.raises(ValueError, match="a"):
            spectral.power_iteration(np.full((2, 2), np.nan), x0=[1.0, 0])


class TestStepRatios:
    def test_geometric(self):
        # 0.3^k from pow (an ulp each) and one division: 4u
        np.testing.assert_allclose(spectral.step_ratios(0.3 ** np.arange(6)),
                                   0.3, rtol=8 * U)

    @pytest.mark.parametrize("e", [[1.0], [1.0, 0.0], [1.0, -0.5]])
    def test_bad_errors(self, e):
        with pytest.raises(ValueError, match="errors"):
            spectral.step_ratios(e)


# ------------------------------------------------------------------- SVD
class TestSVDGeometry:
    def test_flip_keeps_products(self):
        a = rng0().standard_normal((5, 3))
        u, s, vt = np.linalg.svd(a, full_matrices=False)
        uf, vtf = spectral.svd_flip_signs(-u, -vt)
        # sign flips are exact: the SVD's own backward error remains
        np.testing.assert_allclose((uf * s) @ vtf, a,
                                   atol=2 * eig_err(5, np.linalg.norm(a, 2)))
        big = uf[np.argmax(np.abs(uf), axis=0), np.arange(3)]
        assert np.all(big > 0)
        # idempotent and independent of the incoming signs (exact)
        np.testing.assert_array_equal(spectral.svd_flip_signs(u, vt)[0], uf)

    def test_flip_bad_shapes(self):
        with pytest.raises(ValueError, match="vt"):
            spectral.svd_flip_signs(np.eye(3), np.eye(2))

    def test_ellipse_matches_svdvals(self):
        a = rng0().standard_normal((4, 3))
        geo = spectral.svd_ellipse(a)
        tol = 2 * eig_err(4, np.linalg.norm(a, 2))
        np.testing.assert_allclose(geo.s, scipy.linalg.svdvals(a),
                                   rtol=0, atol=tol)
        np.testing.assert_allclose(a @ geo.v, geo.semi_axes, atol=tol)
        np.testing.assert_allclose(np.linalg.norm(geo.semi_axes, axis=0),
                                   geo.s, rtol=0, atol=tol)

    def test_ellipse_bad_input(self):
        with pytest.raises(ValueError, match="a"):
            spectral.svd_ellipse([1.0, 2.0])
        with pytest.raises(ValueError, match="a"):
            spectral.svd_ellipse([[1.0, np.nan], [0.0, 1.0]])

    def test_circle_image(self):
        img = spectral.unit_circle_image(A_ELLIPSE, num_points=8)
        # cos, sin within an ulp each: the norm within 4u
        np.testing.assert_allclose(np.linalg.norm(img.circle, axis=1), 1.0,
                                   rtol=4 * U)
        # the same product on scaled data (exact scaling): bit for bit
        np.testing.assert_array_equal(img.image, img.circle @ A_ELLIPSE.T)
        # theta = pi/2 -> e_2, up to cos(pi/2 rounded) ~ 6e-17
        np.testing.assert_allclose(img.image[2], A_ELLIPSE[:, 1],
                                   atol=4 * U * np.abs(A_ELLIPSE).max())

    def test_circle_bad_input(self):
        with pytest.raises(ValueError, match="a"):
            spectral.unit_circle_image(np.ones((2, 3)))
        with pytest.raises(ValueError, match="num_points"):
            spectral.unit_circle_image(np.eye(2), num_points=2)

    def test_claim_fig_svd_circle_ellipse(self):
        """The unit circle maps to an ellipse whose semi-axes are
        sigma_i u_i, reached from the right singular vectors: A v_i =
        sigma_i u_i, and max/min of ||Ax|| over the circle are sigma_1,
        sigma_2."""
        geo = spectral.svd_ellipse(A_ELLIPSE)
        u, s, vt = np.linalg.svd(A_ELLIPSE)
        # alt text: v1 "at about 33 degrees", "sigma1 u1 of length 2.4",
        # "sigma2 u2 of length 0.6"
        assert round(np.degrees(np.arctan2(abs(vt[0, 1]), abs(vt[0, 0])))) \
            == 33
        assert (round(s[0], 1), round(s[1], 1)) == (2.4, 0.6)
        tol = 2 * eig_err(2, s[0])
        np.testing.assert_allclose(geo.s, s, rtol=0, atol=tol)
        np.testing.assert_allclose(A_ELLIPSE @ geo.v, geo.u * geo.s,
                                   atol=tol)
        p = 721
        img = spectral.unit_circle_image(A_ELLIPSE, num_points=p)
        lengths = np.linalg.norm(img.image, axis=1)
        # the grid misses the extreme angle by at most pi/p, which changes
        # ||Ax||^2 by at most (s1^2 - s2^2) sin^2(pi/p)
        tol = (s[0] ** 2 - s[1] ** 2) * np.sin(np.pi / p) ** 2
        # rounding of ||Ax||^2 and of sigma^2: a few u times s1^2
        rnd = 2 * eig_err(2, s[0]) * s[0] + 8 * U * s[0] ** 2
        assert s[0] ** 2 - tol - rnd <= lengths.max() ** 2 <= s[0] ** 2 + rnd
        assert s[1] ** 2 - rnd <= lengths.min() ** 2 <= s[1] ** 2 + tol + rnd
        assert s[0] == pytest.approx(np.linalg.norm(A_ELLIPSE, 2),
                                     abs=2 * eig_err(2, s[0]))


class TestLowRank:
    def test_truncated_matches_numpy(self):
        a = rng0().standard_normal((6, 4))
        t = spectral.truncated_svd(a, 2)
        assert (t.u.shape, t.s.shape, t.vt.shape) == ((6, 2), (2,), (2, 4))
        np.testing.assert_allclose(t.s, np.linalg.svd(a)[1][:2], rtol=0,
                                   atol=2 * eig_err(6, np.linalg.norm(a, 2)))

    def test_rank_and_full_rank(self):
        a = rng0().standard_normal((7, 5))
        for k in (1, 3):
            assert np.linalg.matrix_rank(
                spectral.rank_k_approximation(a, k)) == k
        np.testing.assert_allclose(spectral.rank_k_approximation(a, 5), a,
                                   atol=2 * eig_err(7, np.linalg.norm(a, 2)))

    def test_no_random_rank_k_matrix_beats_truncation(self):
        rng = np.random.default_rng(1)
        a = rng.standard_normal((8, 6))
        k = 2
        best = np.linalg.norm(a - spectral.rank_k_approximation(a, k), "fro")
        ak = spectral.rank_k_approximation(a, k)
        for _ in range(200):
            b = ak + 0.1 * rng.standard_normal((8, k)) @ \
                rng.standard_normal((k, 6))
            b = spectral.rank_k_approximation(b, k)
            # best is computed to eig_err; so is each competitor
            assert np.linalg.norm(a - b, "fro") >= \
                best - 4 * eig_err(8, np.linalg.norm(a, 2))

    @pytest.mark.parametrize("k", [0, -1, 5, 2.0, True])
    def test_bad_k(self, k):
        with pytest.raises(ValueError, match="k"):
            spectral.rank_k_approximation(np.ones((4, 4)), k)

    def test_bad_a(self):
        with pytest.raises(ValueError, match="a"):
            spectral.truncated_svd(np.full((3, 3), np.nan), 1)

    def test_claim_fig_svd_rank_k(self):
        """The measured errors of the truncated SVD equal the
        Eckart-Young-Mirsky values: ||A - A_k||_2 = sigma_{k+1} and
        ||A - A_k||_F = sqrt(sum_{i>k} sigma_i^2); both decrease with k."""
        img = chapter_image()
        # caption: "a synthetic 72 x 96 image"; alt text: "rank 1 to 40"
        assert img.shape == (72, 96)
        assert (IMAGE_KS[0], IMAGE_KS[-1]) == (1, 40)
        errs = spectral.low_rank_errors(img, ks=IMAGE_KS)
        sv = scipy.linalg.svdvals(img)
        # every computed singular value (and measured error norm) is within
        # c n^2 u ||A|| of the exact one (Weyl), n = 96
        tol = 4 * eig_err(96, sv[0])
        np.testing.assert_allclose(errs.spectral, sv[IMAGE_KS], rtol=0,
                                   atol=tol)
        tail = np.array([np.sqrt(np.sum(sv[k:] ** 2)) for k in IMAGE_KS])
        np.testing.assert_allclose(errs.frobenius, tail, rtol=0,
                                   atol=tol * np.sqrt(72))
        assert np.all(np.diff(errs.spectral) <= tol)
        assert np.all(np.diff(errs.frobenius) <= tol * np.sqrt(72))
        # the plotted predictions are the same numbers
        np.testing.assert_allclose(errs.predicted_spectral, errs.spectral,
                                   rtol=0, atol=tol)

    def test_full_range_default_ends_at_zero(self):
        a = rng0().standard_normal((5, 3))
        errs = spectral.low_rank_errors(a)
        np.testing.assert_array_equal(errs.ks, [1, 2, 3])
        assert errs.predicted_spectral[-1] == 0.0
        assert errs.spectral[-1] < 2 * eig_err(5, np.linalg.norm(a, 2))

    @pytest.mark.parametrize("ks", [[0], [4], [1.5], [], [[1]]])
    def test_bad_ks(self, ks):
        with pytest.raises(ValueError, match="ks"):
            spectral.low_rank_errors(np.ones((3, 3)), ks=ks)

    def test_gram_route_loses_small_singular_values(self):
        rng = np.random.default_rng(2)
        q1 = spectral.random_orthogonal(6, rng=rng)
        q2 = spectral.random_orthogonal(6, rng=rng)
        s = np.logspace(0, -10, 6)
        a = (q1 * s) @ q2.T
        exact = scipy.linalg.svdvals(a)
        # the construction and the SVD are accurate to c n^2 u ||A||
        # absolutely: relative 1e-5 for sigma = 1e-10 and far better above
        np.testing.assert_allclose(exact, s, rtol=0,
                                   atol=2 * eig_err(6, 1.0))
        gram = spectral.singular_values_via_gram(a)
        # the largest survives the Gram route: c n^2 u relative (squared,
        # then the square root halves it)
        assert gram[0] == pytest.approx(1.0, rel=2 * eig_err(6, 1.0))
        rel = np.abs(gram - s) / s
        assert rel[-1] > 1e-2     # sigma = 1e-10 is below sqrt(eps)

    def test_gram_route_fine_when_well_conditioned(self):
        a = rng0().standard_normal((6, 3))
        # sigma_i^2 to c n^2 u ||A||^2 absolutely: sigma_i relatively to
        # that over 2 sigma_i^2 (kappa^2 u, the Gram matrix's condition)
        sv = scipy.linalg.svdvals(a)
        rel = eig_err(6, sv[0] ** 2) / sv**2
        np.testing.assert_allclose(spectral.singular_values_via_gram(a), sv,
                                   rtol=float(rel.max()))

    def test_gram_bad_input(self):
        with pytest.raises(ValueError, match="a"):
            spectral.singular_values_via_gram(np.ones(3))


# ---------------------------------------------------------------- data
class TestData:
    def test_image_shape_and_determinism(self):
        a = spectral.synthetic_image((20, 30), rng=np.random.default_rng(5))
        b = spectral.synthetic_image((20, 30), rng=np.random.default_rng(5))
        assert a.shape == (20, 30)
        np.testing.assert_array_equal(a, b)

    def test_image_smooth_part_is_low_rank(self):
        clean = spectral.synthetic_image(noise=0.0, rng=rng0())
        s = scipy.linalg.svdvals(clean)
        assert s[10] / s[0] < 1e-3

    def test_image_bad_input(self):
        with pytest.raises(ValueError, match="shape"):
            spectral.synthetic_image((1, 5), rng=rng0())
        with pytest.raises(ValueError, match="shape"):
            spectral.synthetic_image([5, 5], rng=rng0())
        with pytest.raises(ValueError, match="noise"):
            spectral.synthetic_image(noise=-1.0, rng=rng0())
        with pytest.raises(ValueError, match="rng"):
            spectral.synthetic_image(rng=None)

    def test_sample_spectrum(self):
        x = spectral.sample_with_spectrum(20_000, [4.0, 1.0, 0.25],
                                          rng=rng0(), mean=[1.0, 2.0, 3.0])
        assert x.shape == (20_000, 3)
        # standard errors: sqrt(4 / 20000) = 0.014 for the mean (0.05 is
        # 3.5 se); sqrt(2/n) = 1% relative for each eigenvalue (5 se)
        np.testing.assert_allclose(x.mean(axis=0), [1, 2, 3], atol=0.05)
        lam = np.linalg.eigvalsh(np.cov(x, rowvar=False))[::-1]
        np.testing.assert_allclose(lam, [4.0, 1.0, 0.25], rtol=0.05)

    def test_sample_bad_input(self):
        with pytest.raises(ValueError, match="variances"):
            spectral.sample_with_spectrum(5, [1.0, -1.0], rng=rng0())
        with pytest.raises(ValueError, match="mean"):
            spectral.sample_with_spectrum(5, [1.0, 1.0], rng=rng0(),
                                          mean=[0.0])
        with pytest.raises(ValueError, match="n_samples"):
            spectral.sample_with_spectrum(0, [1.0], rng=rng0())


# ------------------------------------------------------------------- PCA
def covariance_route(x):
    """SVD-free PCA oracle: eigen-decomposition of np.cov."""
    lam, vecs = np.linalg.eigh(np.cov(x, rowvar=False))
    return lam[::-1], vecs[:, ::-1]


class TestPCA:
    def test_matches_covariance_eigendecomposition(self):
        x = chapter_pca_data()
        res = spectral.pca(x)
        lam, vecs = covariance_route(x)
        # SVD route: sigma_i to c n^2 u ||X|| (absolute); covariance route:
        # lambda_i to c d^2 u lambda_1 plus the cov's own n u: compare in
        # the units of lambda_1
        tol = 2 * eig_err(PCA_N, 1.0) * lam[0]
        np.testing.assert_allclose(res.explained_variance, lam, rtol=0,
                                   atol=tol)
        # components equal eigenvectors up to sign; each eigenvector errs by
        # (value error) / (gap to the next eigenvalue)
        gaps = np.minimum(np.abs(np.diff(lam, prepend=np.inf)),
                          np.abs(np.diff(lam, append=-np.inf)))
        cos = np.abs(np.sum(res.components * vecs.T, axis=1))
        # plus the rounding floor of |cos|: both vectors are unit to ~d u
        # (orthogonal factors of LAPACK) and the d-term dot product adds
        # gamma_d ~ d u: 3 d u (seen: 10u with d = 8 on one platform)
        d = x.shape[1]
        assert np.all(np.abs(cos - 1.0) <= (2 * tol / gaps) ** 2 + 3 * d * U)
        # the mean of the scaled data, scaled back: the same bits
        np.testing.assert_array_equal(res.mean, x.mean(axis=0))
        # scores U S vs X_c V: both within c n^2 u ||X_c||
        xc = x - res.mean
        np.testing.assert_allclose(res.scores, xc @ res.components.T,
                                   atol=2 * eig_err(PCA_N, np.linalg.norm(
                                       xc, 2)))

    def test_scores_are_uncorrelated(self):
        res = spectral.pca(chapter_pca_data())
        c = np.cov(res.scores, rowvar=False)
        # cov of exactly orthogonal columns U S is diag(S^2)/(n-1); U is
        # orthogonal to c n^2 u, the cov sums n products: both relative to
        # the largest variance
        lam1 = res.explained_variance[0]
        np.testing.assert_allclose(c, np.diag(res.explained_variance),
                                   atol=4 * eig_err(PCA_N, 1.0) * lam1)

    def test_n_components_truncates(self):
        res = spectral.pca(chapter_pca_data(), n_components=3)
        assert res.components.shape == (3, 8)
        assert res.scores.shape == (PCA_N, 3)
        assert res.explained_variance_ratio.sum() < 1

    def test_uncentred_first_axis_points_at_mean(self):
        x = chapter_pca_data()
        raw = spectral.pca(x, center=False)
        np.testing.assert_array_equal(raw.mean, 0.0)
        ang = spectral.angle_between_lines(raw.components[0], PCA_MEAN)
        assert ang < 0.1

    def test_claim_fig_svd_pca_variance(self):
        """Explained-variance ratios are sorted, sum to one, equal the
        covariance eigenvalues over their sum, and the cumulative curve
        first reaches 90% at the number of components the chapter quotes."""
        x = chapter_pca_data()
        ratio = spectral.pca(x).explained_variance_ratio
        # caption: "the eight principal components"; alt text: cumulative
        # sums "0.54 through 0.78 and 0.89 to about 0.95 at component 4"
        assert PCA_VARIANCES.size == 8
        np.testing.assert_allclose(np.cumsum(ratio)[:4],
                                   [0.54, 0.78, 0.89, 0.95], atol=0.005)
        # a sum of 8 ratios, each divided by the same sum: 16u
        assert ratio.sum() == pytest.approx(1.0, abs=16 * U)
        assert np.all(np.diff(ratio) <= 0)
        lam, _ = covariance_route(x)
        # as in test_matches_covariance_eigendecomposition, over the total
        np.testing.assert_allclose(ratio, lam / lam.sum(), rtol=0,
                                   atol=4 * eig_err(PCA_N, 1.0))
        k90 = spectral.components_for_variance(ratio, 0.9)
        assert k90 == PCA_K90_QUOTED
        cum = np.cumsum(lam) / lam.sum()
        assert cum[k90 - 2] < 0.9 <= cum[k90 - 1]

    @pytest.mark.parametrize("x, match", [
        (np.ones((1, 3)), "2 samples"),
        (np.array([[1.0, np.nan], [0.0, 1.0]]), "finite"),
        (np.ones(4), "2-D"),
    ])
    def test_bad_x(self, x, match):
        with pytest.raises(ValueError, match=f"x.*{match}"):
            spectral.pca(x)

    @pytest.mark.parametrize("k", [0, 4])
    def test_bad_n_components(self, k):
        with pytest.raises(ValueError, match="n_components"):
            spectral.pca(np.eye(3), n_components=k)


class TestComponentsForVariance:
    def test_simple(self):
        r = [0.5, 0.3, 0.15, 0.05]
        assert spectral.components_for_variance(r, 0.5) == 1
        assert spectral.components_for_variance(r, 0.9) == 3
        assert spectral.components_for_variance(r, 1.0) == 4

    def test_rounding_at_one(self):
        r = np.full(10, 0.1)             # sums to 0.9999999999999999
        assert spectral.components_for_variance(r, 1.0) == 10

    @pytest.mark.parametrize("t", [0.0, 1.5, np.nan])
    def test_bad_threshold(self, t):
        with pytest.raises(ValueError, match="threshold"):
            spectral.components_for_variance([0.6, 0.4], t)

    def test_bad_ratios(self):
        with pytest.raises(ValueError, match="ratios"):
            spectral.components_for_variance([0.6, -0.1], 0.5)
        with pytest.raises(ValueError, match="ratios"):
            spectral.components_for_variance([0.3, 0.2], 0.9)


# ------------------------------------------------ issue 8: defect classes
import math  # noqa: E402

POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))
SEEDS = st.integers(0, 2**32 - 1)


class TestScaleLaws:
    """Scale-invariant results stay equal, homogeneous ones scale exactly,
    for scale factors 2^j spanning 10^-300 .. 10^300 (the issue: the
    working range was [1e-156, 1e152])."""

    @given(SEEDS, POW2, POW2)
    @settings(max_examples=60)
    def test_rayleigh_quotient(self, seed, j, k):
        rng = np.random.default_rng(seed)
        b = rng.standard_normal((4, 4))
        a, x = b + b.T, rng.standard_normal((3, 4))
        base = spectral.rayleigh_quotient(a, x)
        got = spectral.rayleigh_quotient(np.ldexp(a, j), np.ldexp(x, k))
        np.testing.assert_array_equal(got, np.ldexp(base, j))

    @given(SEEDS, POW2)
    @settings(max_examples=60)
    def test_power_iteration(self, seed, j):
        sym = spectral.random_symmetric([3.0, 1.0, 0.5],
                                        rng=np.random.default_rng(seed))
        x0 = np.array([1.0, 0.3, -0.2])
        base = spectral.power_iteration(sym.a, num_iters=5, x0=x0,
                                        reference=sym.q[:, 0])
        got = spectral.power_iteration(np.ldexp(sym.a, j), num_iters=5,
                                       x0=np.ldexp(x0, -j),
                                       reference=np.ldexp(sym.q[:, 0], j))
        np.testing.assert_array_equal(got.rayleigh,
                                      np.ldexp(base.rayleigh, j))
        np.testing.assert_array_equal(got.vectors, base.vectors)
        np.testing.assert_array_equal(got.angles, base.angles)

    @given(SEEDS, POW2, POW2)
    @settings(max_examples=60)
    def test_angle_between_lines(self, seed, j, k):
        x, v = np.random.default_rng(seed).standard_normal((2, 5))
        assert spectral.angle_between_lines(np.ldexp(x, j), np.ldexp(v, k)) \
            == spectral.angle_between_lines(x, v)

    @given(SEEDS, POW2.filter(lambda j: j <= 500))
    @settings(max_examples=60)
    def test_pca(self, seed, j):
        """Up to 2^500 ~ 3e150: beyond, the variances (squares) exceed
        float64 and pca refuses (test_variance_beyond_the_range...)."""
        x = np.random.default_rng(seed).standard_normal((12, 3)) + 5.0
        base = spectral.pca(x)
        got = spectral.pca(np.ldexp(x, j))
        np.testing.assert_array_equal(got.explained_variance_ratio,
                                      base.explained_variance_ratio)
        np.testing.assert_array_equal(got.components, base.components)
        np.testing.assert_array_equal(got.singular_values,
                                      np.ldexp(base.singular_values, j))
        np.testing.assert_array_equal(got.scores, np.ldexp(base.scores, j))

    @given(SEEDS, POW2)
    @settings(max_examples=40)
    def test_decompositions(self, seed, j):
        b = np.random.default_rng(seed).standard_normal((4, 3))
        s = b @ b.T
        np.testing.assert_array_equal(
            spectral.spectral_decomposition(np.ldexp(s, j)).eigenvalues,
            np.ldexp(spectral.spectral_decomposition(s).eigenvalues, j))
        np.testing.assert_array_equal(
            spectral.truncated_svd(np.ldexp(b, j), 2).s,
            np.ldexp(spectral.truncated_svd(b, 2).s, j))
        np.testing.assert_array_equal(
            spectral.singular_values_via_gram(np.ldexp(b, j)),
            np.ldexp(spectral.singular_values_via_gram(b), j))

    def test_issue_examples(self):
        """pca: ratio [0, 0] or NaN outside [1e-156, 1e152]; power
        iteration: a false "null space"; pca of a constant 1e308 matrix:
        LinAlgError."""
        x = chapter_pca_data()
        base = spectral.pca(x).explained_variance_ratio
        for s in (1e-200, 1e-300, 1e150):
            np.testing.assert_allclose(spectral.pca(s * x, center=True)
                                       .explained_variance_ratio, base,
                                       rtol=0, atol=64 * PCA_N * U)
        tiny = 1e-300 * np.diag([2.0, 1.0])
        assert spectral.power_iteration(tiny, num_iters=3,
                                        x0=[1.0, 1.0]).eigenvalue > 0
        flat = spectral.pca(np.full((4, 3), 1e308))
        np.testing.assert_array_equal(flat.explained_variance_ratio, 0.0)

    def test_variance_beyond_the_range_is_an_error(self):
        with pytest.raises(ValueError, match="variance of x"):
            spectral.pca([[0.0, 1e200], [1e200, 0.0]])


class TestMessagesAndTypes:
    def test_reference_is_named(self):
        """Issue: power_iteration(reference=...) said "v"."""
        with pytest.raises(ValueError, match="reference must be non-zero"):
            spectral.power_iteration(np.eye(2), x0=[1.0, 0.0],
                                     reference=[0.0, 0.0])

    def test_ks_mismatch_names_a(self):
        with pytest.raises(ValueError, match="matrix a"):
            spectral.low_rank_errors(np.ones((3, 1)), ks=[2])

    @pytest.mark.parametrize("bad", [[[1j, 0.0], [0.0, 1.0]],
                                     [["1", "0"], ["0", "1"]],
                                     [[True, False], [False, True]]])
    def test_not_real_numbers(self, bad):
        with pytest.raises(TypeError, match="a"):
            spectral.spectral_decomposition(bad)

    def test_huge_counts(self):
        with pytest.raises(ValueError, match="num_iters"):
            spectral.power_iteration(np.eye(2), x0=[1.0, 0.0],
                                     num_iters=2**40)
        with pytest.raises(ValueError, match="shape"):
            spectral.synthetic_image((2**20, 2**20),
                                     rng=np.random.default_rng(0))

    def test_ratios_must_be_shares(self):
        with pytest.raises(ValueError, match="ratios must be shares"):
            spectral.components_for_variance([1e308, 1e308], 0.5)


def test_claim_svd_nonsymmetric():
    """A rotation has the complex eigenvalues e^{+-i theta}; the Jordan
    block's two eigenvector columns from eig are parallel (defective), and
    a perturbation delta moves its eigenvalue by sqrt(delta)."""
    th = np.pi / 6
    rot = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    w = np.sort_complex(np.linalg.eigvals(rot))
    eps = np.finfo(float).eps
    # backward-stable eig of a normal matrix: |error| <= c eps ||A||
    np.testing.assert_allclose(w, [np.exp(-1j * th), np.exp(1j * th)],
                               atol=10 * eps)
    j = np.array([[1.0, 1.0], [0.0, 1.0]])
    _, v = np.linalg.eig(j)
    assert abs(v[:, 0] @ v[:, 1]) > 1 - 1e-12          # no eigenbasis
    for delta in (1e-6, 1e-10):
        wd = np.linalg.eigvals(j + np.array([[0.0, 0.0], [delta, 0.0]]))
        # exact eigenvalues 1 +- sqrt(delta); rounding eps / sqrt(delta)
        np.testing.assert_allclose(np.sort(wd.real),
                                   [1 - np.sqrt(delta), 1 + np.sqrt(delta)],
                                   atol=10 * eps / np.sqrt(delta))
    # a symmetric matrix moves by at most ||E||_2 (Weyl)
    s = np.array([[1.0, 0.5], [0.5, 1.0]])
    e = np.array([[0.0, 1e-10], [1e-10, 0.0]])
    assert np.max(np.abs(np.linalg.eigvalsh(s + e) - np.linalg.eigvalsh(s))) \
        <= 1e-10 + 10 * eps


def test_claim_svd_absolute_accuracy():
    """The SVD's singular values are accurate to a small multiple of
    eps ||A||_2 in absolute terms (chapter: svd-gram)."""
    g = np.random.default_rng(2)
    q1 = spectral.random_orthogonal(6, rng=g)
    q2 = spectral.random_orthogonal(6, rng=g)
    s_true = np.logspace(0, -10, 6)
    a = (q1 * s_true) @ q2.T
    err = np.abs(np.linalg.svd(a, compute_uv=False) - s_true)
    # backward error of the SVD (c n eps ||A||) plus forming a (n eps ||A||)
    assert err.max() <= 6 * 6 * np.finfo(float).eps * s_true[0]
