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


# ------------------------------------------------------ random matrices
class TestRandomMatrices:
    def test_orthogonal(self):
        q = spectral.random_orthogonal(7, rng=rng0())
        np.testing.assert_allclose(q.T @ q, np.eye(7), atol=1e-13)
        assert abs(abs(np.linalg.det(q)) - 1) < 1e-12

    def test_orthogonal_bad_n_and_rng(self):
        with pytest.raises(ValueError, match="n"):
            spectral.random_orthogonal(0, rng=rng0())
        with pytest.raises(ValueError, match="rng"):
            spectral.random_orthogonal(3, rng=42)

    def test_symmetric_has_spectrum(self):
        lam = np.array([3.0, -1.0, 0.5, 2.0])
        sym = spectral.random_symmetric(lam, rng=rng0())
        np.testing.assert_array_equal(sym.a, sym.a.T)
        np.testing.assert_allclose(np.linalg.eigvalsh(sym.a), np.sort(lam),
                                   atol=1e-13)
        # column i of q is an eigenvector for lam[i]
        np.testing.assert_allclose(sym.a @ sym.q, sym.q * lam, atol=1e-13)

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
        np.testing.assert_allclose(
            dec.eigenvalues, scipy.linalg.eigh(a, eigvals_only=True)[::-1],
            rtol=1e-12, atol=1e-12)
        q = dec.eigenvectors
        np.testing.assert_allclose(q.T @ q, np.eye(6), atol=1e-13)
        np.testing.assert_allclose((q * dec.eigenvalues) @ q.T, a,
                                   atol=1e-12)
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
        (np.ones(3), "ndim"),
    ])
    def test_bad_input(self, a, match):
        with pytest.raises(ValueError, match=f"a .*{match}|{match}"):
            spectral.spectral_decomposition(a)


class TestRayleighQuotient:
    def test_hand_example(self):
        a = np.array([[2.0, 1.0], [1.0, 3.0]])
        # x = (1, 1): x^T A x = 7, x^T x = 2
        assert spectral.rayleigh_quotient(a, [1.0, 1.0]) == pytest.approx(3.5)

    def test_eigenvectors_give_eigenvalues(self):
        lam = np.array([4.0, 1.0, -2.0])
        sym = spectral.random_symmetric(lam, rng=rng0())
        got = spectral.rayleigh_quotient(sym.a, sym.q.T)    # batch of rows
        np.testing.assert_allclose(got, lam, atol=1e-13)

    @settings(max_examples=30, deadline=None)
    @given(seed=st.integers(0, 10_000))
    def test_bounded_by_extreme_eigenvalues(self, seed):
        rng = np.random.default_rng(seed)
        b = rng.standard_normal((5, 5))
        a = b + b.T
        lam = np.linalg.eigvalsh(a)
        r = spectral.rayleigh_quotient(a, rng.standard_normal((20, 5)))
        assert np.all(r >= lam[0] - 1e-12) and np.all(r <= lam[-1] + 1e-12)

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
        np.testing.assert_allclose(spectral.angle_between_lines(x, v),
                                   [np.pi / 4, np.pi / 4, np.pi / 2, 0.0],
                                   atol=1e-15)

    def test_tiny_angle_is_accurate(self):
        # arccos of the cosine would round to exactly 0 here
        got = spectral.angle_between_lines([1.0, 1e-10], [1.0, 0.0])
        assert got == pytest.approx(np.arctan(1e-10), rel=1e-14)

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
        assert res.eigenvalue == pytest.approx(lam[-1], rel=1e-12)
        assert abs(abs(res.eigenvector @ q[:, -1]) - 1) < 1e-11
        assert res.rayleigh.shape == (POWER_ITERS + 1,)
        assert res.vectors.shape == (POWER_ITERS + 1, 6)
        np.testing.assert_allclose(np.linalg.norm(res.vectors, axis=1), 1.0)

    def test_explicit_start_and_no_reference(self):
        a = np.diag([3.0, 1.0])
        res = spectral.power_iteration(a, num_iters=40, x0=[1.0, 1.0])
        assert res.angles is None
        # x_k is proportional to (3^k, 1): exact tangent 3^{-k}
        assert res.eigenvector[1] / res.eigenvector[0] == pytest.approx(
            3.0 ** -40, rel=1e-10)

    def test_tan_bound_holds(self):
        """tan angle(x_k, v1) <= |lam2/lam1|^k tan angle(x_0, v1)."""
        _, res = chapter_power_run()
        k = np.arange(POWER_ITERS + 1)
        bound = 0.8 ** k * np.tan(res.angles[0])
        assert np.all(np.tan(res.angles) <= bound * (1 + 1e-9))

    def test_claim_fig_svd_power_iteration(self):
        """Power iteration on a symmetric matrix: the tangent of the angle to
        the leading eigenvector shrinks by |lambda2/lambda1| per step and
        the Rayleigh quotient converges to lambda1."""
        sym, res = chapter_power_run()
        ratios = spectral.step_ratios(np.tan(res.angles))
        np.testing.assert_allclose(ratios[-10:], 0.8, rtol=0.02)
        lam1 = np.linalg.eigh(sym.a)[0][-1]
        assert abs(res.rayleigh[-1] - lam1) < 1e-12 * lam1
        # the Rayleigh quotient error decays at the squared rate
        rq_err = np.abs(res.rayleigh - lam1)
        late = rq_err[40] / rq_err[30]
        assert late == pytest.approx(0.8 ** 20, rel=0.1)
        # and tracks sin^2 of the angle (quadratic in the angle)
        spread = POWER_EIGENVALUES[0] - POWER_EIGENVALUES[-1]
        assert np.all(rq_err <= spread * np.sin(res.angles) ** 2 + 1e-14)

    def test_orthogonal_start_escapes_by_rounding(self):
        sym = spectral.random_symmetric([5.0, 4.0, 1.0], rng=rng0())
        res = spectral.power_iteration(sym.a, num_iters=400, x0=sym.q[:, 1])
        assert res.rayleigh[50] == pytest.approx(4.0, rel=1e-6)
        assert res.rayleigh[-1] == pytest.approx(5.0, rel=1e-12)

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
        np.testing.assert_allclose(spectral.step_ratios(0.3 ** np.arange(6)),
                                   0.3, rtol=1e-14)

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
        np.testing.assert_allclose((uf * s) @ vtf, a, atol=1e-13)
        big = uf[np.argmax(np.abs(uf), axis=0), np.arange(3)]
        assert np.all(big > 0)
        # idempotent and independent of the incoming signs
        np.testing.assert_allclose(spectral.svd_flip_signs(u, vt)[0], uf)

    def test_flip_bad_shapes(self):
        with pytest.raises(ValueError, match="vt"):
            spectral.svd_flip_signs(np.eye(3), np.eye(2))

    def test_ellipse_matches_svdvals(self):
        a = rng0().standard_normal((4, 3))
        geo = spectral.svd_ellipse(a)
        np.testing.assert_allclose(geo.s, scipy.linalg.svdvals(a),
                                   rtol=1e-13)
        np.testing.assert_allclose(a @ geo.v, geo.semi_axes, atol=1e-13)
        np.testing.assert_allclose(np.linalg.norm(geo.semi_axes, axis=0),
                                   geo.s, rtol=1e-13)

    def test_ellipse_bad_input(self):
        with pytest.raises(ValueError, match="a"):
            spectral.svd_ellipse([1.0, 2.0])
        with pytest.raises(ValueError, match="a"):
            spectral.svd_ellipse([[1.0, np.nan], [0.0, 1.0]])

    def test_circle_image(self):
        img = spectral.unit_circle_image(A_ELLIPSE, num_points=8)
        np.testing.assert_allclose(np.linalg.norm(img.circle, axis=1), 1.0)
        np.testing.assert_allclose(img.image, img.circle @ A_ELLIPSE.T)
        np.testing.assert_allclose(img.image[2], A_ELLIPSE[:, 1],
                                   atol=1e-15)    # theta = pi/2 -> e_2

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
        np.testing.assert_allclose(geo.s, s, rtol=1e-14)
        np.testing.assert_allclose(A_ELLIPSE @ geo.v, geo.u * geo.s,
                                   atol=1e-14)
        p = 721
        img = spectral.unit_circle_image(A_ELLIPSE, num_points=p)
        lengths = np.linalg.norm(img.image, axis=1)
        # the grid misses the extreme angle by at most pi/p, which changes
        # ||Ax||^2 by at most (s1^2 - s2^2) sin^2(pi/p)
        tol = (s[0] ** 2 - s[1] ** 2) * np.sin(np.pi / p) ** 2
        assert s[0] ** 2 - tol <= lengths.max() ** 2 <= s[0] ** 2 + 1e-12
        assert s[1] ** 2 - 1e-12 <= lengths.min() ** 2 <= s[1] ** 2 + tol
        assert s[0] == pytest.approx(np.linalg.norm(A_ELLIPSE, 2))


class TestLowRank:
    def test_truncated_matches_numpy(self):
        a = rng0().standard_normal((6, 4))
        t = spectral.truncated_svd(a, 2)
        assert (t.u.shape, t.s.shape, t.vt.shape) == ((6, 2), (2,), (2, 4))
        np.testing.assert_allclose(t.s, np.linalg.svd(a)[1][:2], rtol=1e-13)

    def test_rank_and_full_rank(self):
        a = rng0().standard_normal((7, 5))
        for k in (1, 3):
            assert np.linalg.matrix_rank(
                spectral.rank_k_approximation(a, k)) == k
        np.testing.assert_allclose(spectral.rank_k_approximation(a, 5), a,
                                   atol=1e-13)

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
            assert np.linalg.norm(a - b, "fro") >= best - 1e-12

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
        errs = spectral.low_rank_errors(img, ks=IMAGE_KS)
        sv = scipy.linalg.svdvals(img)
        np.testing.assert_allclose(errs.spectral, sv[IMAGE_KS], rtol=1e-10)
        tail = np.array([np.sqrt(np.sum(sv[k:] ** 2)) for k in IMAGE_KS])
        np.testing.assert_allclose(errs.frobenius, tail, rtol=1e-10)
        assert np.all(np.diff(errs.spectral) <= 1e-12)
        assert np.all(np.diff(errs.frobenius) <= 1e-12)
        # the plotted predictions are the same numbers
        np.testing.assert_allclose(errs.predicted_spectral, errs.spectral,
                                   rtol=1e-10)

    def test_full_range_default_ends_at_zero(self):
        a = rng0().standard_normal((5, 3))
        errs = spectral.low_rank_errors(a)
        np.testing.assert_array_equal(errs.ks, [1, 2, 3])
        assert errs.predicted_spectral[-1] == 0.0
        assert errs.spectral[-1] < 1e-13

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
        np.testing.assert_allclose(exact, s, rtol=1e-5)
        gram = spectral.singular_values_via_gram(a)
        assert gram[0] == pytest.approx(1.0, rel=1e-12)
        rel = np.abs(gram - s) / s
        assert rel[-1] > 1e-2     # sigma = 1e-10 is below sqrt(eps)

    def test_gram_route_fine_when_well_conditioned(self):
        a = rng0().standard_normal((6, 3))
        np.testing.assert_allclose(spectral.singular_values_via_gram(a),
                                   scipy.linalg.svdvals(a), rtol=1e-12)

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
        np.testing.assert_allclose(res.explained_variance, lam, rtol=1e-10)
        # components equal eigenvectors up to sign
        cos = np.abs(np.sum(res.components * vecs.T, axis=1))
        np.testing.assert_allclose(cos, 1.0, atol=1e-10)
        np.testing.assert_allclose(res.mean, x.mean(axis=0))
        np.testing.assert_allclose(res.scores,
                                   (x - res.mean) @ res.components.T,
                                   atol=1e-10)

    def test_scores_are_uncorrelated(self):
        res = spectral.pca(chapter_pca_data())
        c = np.cov(res.scores, rowvar=False)
        np.testing.assert_allclose(c, np.diag(res.explained_variance),
                                   atol=1e-10)

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
        assert ratio.sum() == pytest.approx(1.0, abs=1e-12)
        assert np.all(np.diff(ratio) <= 0)
        lam, _ = covariance_route(x)
        np.testing.assert_allclose(ratio, lam / lam.sum(), rtol=1e-10)
        k90 = spectral.components_for_variance(ratio, 0.9)
        assert k90 == PCA_K90_QUOTED
        cum = np.cumsum(lam) / lam.sum()
        assert cum[k90 - 2] < 0.9 <= cum[k90 - 1]

    @pytest.mark.parametrize("x, match", [
        (np.ones((1, 3)), "2 samples"),
        (np.array([[1.0, np.nan], [0.0, 1.0]]), "finite"),
        (np.ones(4), "ndim"),
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
