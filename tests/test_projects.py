"""Tests for execmath.projects: loading, patches, rank rules, seed studies.

Oracles: NumPy (direct loops and formulas), matplotlib's own image reader,
scikit-learn's PCA (test-only), analytic values of the Gavish-Donoho
coefficient, and Monte Carlo checks with tolerances from their standard
errors. EPS = 2u with u = 2**-53 the unit roundoff.
"""

import math

import matplotlib.cbook as cbook
import matplotlib.image as mimage
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from execmath import calibration as cal
from execmath import classify as clf
from execmath import learning, projects, special

EPS = np.finfo(np.float64).eps


@pytest.fixture(scope="module")
def clean():
    return projects.load_sample_grey()


@pytest.fixture(scope="module")
def study(clean):
    # the chapter's run: sigma = 0.1, 8 x 8 patches, seed 2024
    return projects.denoising_study(clean, 0.1, size=8,
                                    rng=np.random.default_rng(2024))


@pytest.fixture(scope="module")
def task():
    small = projects.load_sample_grey(downsample=2)
    return projects.brightness_task(small, 0.8, size=4,
                                    rng=np.random.default_rng(241))


# ---------------------------------------------------------------- loading

class TestToGrey:
    def test_uint8_luma(self):
        rng = np.random.default_rng(0)
        img = rng.integers(0, 256, size=(5, 7, 3), dtype=np.uint8)
        want = (0.299 * img[..., 0] + 0.587 * img[..., 1]
                + 0.114 * img[..., 2]) / 255.0
        # three products and two sums of values <= 1: a few EPS
        np.testing.assert_allclose(projects.to_grey(img), want, atol=8 * EPS)

    def test_alpha_dropped_and_grey_passthrough(self):
        img = np.full((2, 3, 4), 0.5)
        np.testing.assert_allclose(projects.to_grey(img), 0.5, atol=4 * EPS)
        g = np.linspace(0, 1, 6).reshape(2, 3)
        np.testing.assert_array_equal(projects.to_grey(g), g)

    @pytest.mark.parametrize("bad", [np.zeros((2, 3, 2)), np.zeros(4),
                                     np.full((2, 2), 1.5),
                                     np.full((2, 2), -0.1)])
    def test_bad_values(self, bad):
        with pytest.raises(ValueError, match="image"):
            projects.to_grey(bad)

    def test_bad_types_and_nan(self):
        for bad in ("img", None, np.ones((2, 2), dtype=bool),
                    np.ones((2, 2), dtype=complex)):
            with pytest.raises(TypeError, match="image"):
                projects.to_grey(bad)
        with pytest.raises(ValueError, match="image"):
            projects.to_grey(np.array([[0.5, np.nan]]))


class TestLoadSampleGrey:
    def test_matches_matplotlib_reader(self, clean):
        raw = mimage.imread(cbook.get_sample_data("grace_hopper.jpg",
                                                  asfileobj=False))
        assert raw.shape == (600, 512, 3) and raw.dtype == np.uint8
        want = raw.astype(float) @ np.array([0.299, 0.587, 0.114]) / 255.0
        assert clean.shape == (600, 512) and clean.dtype == np.float64
        np.testing.assert_allclose(clean, want, atol=8 * EPS)

    def test_downsample_is_block_mean(self, clean):
        g4 = projects.load_sample_grey(downsample=4)
        assert g4.shape == (150, 128)
        # mean of 16 values in [0, 1]: error <= 16 EPS
        want = clean.reshape(150, 4, 128, 4).mean(axis=(1, 3))
        np.testing.assert_allclose(g4, want, atol=16 * EPS)

    def test_missing_file(self):
        with pytest.raises(ValueError, match="name"):
            projects.load_sample_grey("no_such_file.jpg")
        with pytest.raises(ValueError, match="name"):
            projects.load_sample_grey("../grace_hopper.jpg")
        with pytest.raises(TypeError, match="name"):
            projects.load_sample_grey(3)

    def test_bad_downsample(self):
        for bad in (0, 1000, 2.0, True):
            with pytest.raises(ValueError, match="downsample"):
                projects.load_sample_grey(downsample=bad)


# ---------------------------------------------------------------- patches

class TestPatches:
    def test_against_loop(self):
        img = np.arange(48.0).reshape(6, 8)
        P = projects.extract_patches(img, 2)
        rows = [img[a:a + 2, b:b + 2].ravel()
                for a in range(0, 6, 2) for b in range(0, 8, 2)]
        np.testing.assert_array_equal(P, np.array(rows))

    @given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 5))
    def test_roundtrip(self, s, a, b):
        img = np.random.default_rng(s * 100 + a * 10 + b).random((a * s,
                                                                  b * s))
        P = projects.extract_patches(img, s)
        assert P.shape == (a * b, s * s)
        np.testing.assert_array_equal(
            projects.reassemble_patches(P, img.shape), img)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="image"):
            projects.extract_patches(np.zeros((5, 4)), 2)
        with pytest.raises(ValueError, match="size"):
            projects.extract_patches(np.zeros((4, 4)), 0)
        with pytest.raises(ValueError, match="image"):
            projects.extract_patches(np.array([[np.inf, 0], [0, 0]]), 1)
        with pytest.raises(ValueError, match="patches"):
            projects.reassemble_patches(np.zeros((4, 3)), (4, 4))
        with pytest.raises(ValueError, match="patches"):
            projects.reassemble_patches(np.zeros((3, 4)), (4, 4))
        with pytest.raises(ValueError, match="image_shape"):
            projects.reassemble_patches(np.zeros((4, 4)), (4,))
        with pytest.raises(ValueError, match="image_shape"):
            projects.reassemble_patches(np.zeros((4, 4)), (5, 4))


# ---------------------------------------------------------------- rank rules

class TestRankRules:
    def test_gavish_donoho_values(self):
        # square case: 4 / sqrt(3) (the paper's title); beta -> 0: sqrt(2)
        assert projects.gavish_donoho_lambda(1.0) == pytest.approx(
            4 / math.sqrt(3), rel=4 * EPS)
        assert projects.gavish_donoho_lambda(1e-12) == pytest.approx(
            math.sqrt(2), rel=1e-11)
        # it always lies above the noise edge 1 + sqrt(beta)
        for b in np.linspace(0.01, 1, 25):
            assert projects.gavish_donoho_lambda(b) > 1 + math.sqrt(b)

    def test_gavish_donoho_bad(self):
        for bad in (0.0, -1.0, 1.5, np.nan, "1"):
            with pytest.raises(ValueError, match="beta"):
                projects.gavish_donoho_lambda(bad)

    def test_select_rank_counts(self):
        s = np.array([40.0, 20.0, 13.0, 11.0, 5.0])
        n, sig = 100, 1.0
        mp = projects.select_rank(s, sig, n, rule="mp")
        assert mp.threshold == pytest.approx(10 + math.sqrt(5), rel=4 * EPS)
        assert mp.k == 3
        gd = projects.select_rank(s, sig, n)
        tau = projects.gavish_donoho_lambda(0.05) * 10
        assert gd.threshold == pytest.approx(tau, rel=4 * EPS)
        assert gd.k == int(np.sum(s > tau))

    def test_pure_noise_keeps_nothing(self):
        rng = np.random.default_rng(3)
        E = 0.3 * rng.standard_normal((2000, 40))
        s = np.linalg.svd(E - E.mean(0), compute_uv=False)
        # GD threshold is ~1.4 x the edge, far beyond Tracy-Widom wiggles
        assert projects.select_rank(s, 0.3, 2000).k == 0

    def test_select_rank_bad(self):
        with pytest.raises(ValueError, match="singular_values"):
            projects.select_rank([1.0, -1.0], 1.0, 10)
        with pytest.raises(ValueError, match="sigma"):
            projects.select_rank([1.0], 0.0, 10)
        with pytest.raises(ValueError, match="n_samples"):
            projects.select_rank([1.0, 2.0], 1.0, 1)
        with pytest.raises(ValueError, match="rule"):
            projects.select_rank([1.0], 1.0, 10, rule="elbow")


# ---------------------------------------------------------------- denoising

class TestDenoising:
    def test_pca_denoise_matches_sklearn(self):
        decomp = pytest.importorskip("sklearn.decomposition")
        rng = np.random.default_rng(4)
        img = rng.random((32, 48))
        X = projects.extract_patches(img, 4)                  # (96, 16)
        for k in (1, 5, 12):
            sk = decomp.PCA(n_components=k, svd_solver="full").fit(X)
            want = sk.inverse_transform(sk.transform(X))
            got = projects.extract_patches(projects.pca_denoise(img, k,
                                                                size=4), 4)
            # backward-stable SVDs of a well-scaled 96 x 16 matrix
            np.testing.assert_allclose(got, want, atol=1e-12)

    def test_full_rank_is_identity(self):
        img = np.random.default_rng(5).random((16, 16))
        np.testing.assert_allclose(projects.pca_denoise(img, 16, size=4),
                                   img, atol=1e-13)

    def test_study_mse_matches_brute_force(self, clean):
        x = clean[:96, :128]
        st_ = projects.denoising_study(x, 0.1, size=8,
                                       rng=np.random.default_rng(6))
        for k in (0, 1, 7, 30, 64):
            rec = projects.pca_denoise(st_.noisy, k, size=8)
            # the cumulated closed form vs direct reconstruction: cancellation
            # of ||d0||^2 ~ 20 x MSE, so a few hundred EPS relative
            assert st_.mse[k] == pytest.approx(np.mean((rec - x) ** 2),
                                               rel=1e-10)

    def test_study_reproducible(self, clean):
        a = projects.denoising_study(clean[:64, :64], 0.2, size=8,
                                     rng=np.random.default_rng(9))
        b = projects.denoising_study(clean[:64, :64], 0.2, size=8,
                                     rng=np.random.default_rng(9))
        np.testing.assert_array_equal(a.mse, b.mse)

    def test_claim_fig_proj_denoise_mse(self, study):
        """PCA denoising: error falls steeply, reaches its minimum at a modest
        rank, then rises slowly back to the noisy input's error at k = 64; the
        Gavish-Donoho rank sits at the oracle minimum, while the
        Marchenko-Pastur edge keeps far more components and loses part of the
        gain."""
        mse, ko = study.mse, study.k_oracle
        steps = np.diff(mse)
        assert np.all(steps[:ko] < 0) and np.all(steps[ko:] > 0)
        assert 3 <= ko <= 20                                     # modest
        # k = p reproduces the noisy image: equal up to rounding of sums
        assert mse[-1] == pytest.approx(study.noisy_mse, rel=1e-10)
        # noisy MSE is sigma^2 within its MC error: var of z^2 is 2, so
        # se = sigma^2 sqrt(2 / 307200) ~ 0.26 %; allow 4 se
        assert study.noisy_mse == pytest.approx(0.01, rel=4 * math.sqrt(
            2 / study.noisy.size))
        assert abs(study.k_gd - ko) <= 2
        assert study.noisy_mse / mse[study.k_gd] >= 2.5          # stated
        assert study.k_mp > ko + 5
        assert mse[study.k_mp] > 1.2 * mse[study.k_gd]
        # the caption and alt text: 8 x 8 patches end at k = 64; the curve
        # drops from about 0.07 at rank 0 to about 0.003 near rank 10, the
        # Marchenko-Pastur square sits at rank 27
        assert study.patch_dim == 64 and study.mse.size == 65
        assert round(mse[0], 2) == 0.07 and round(mse[ko], 3) == 0.003
        assert abs(ko - 10) <= 1 and study.k_mp == 27

    def test_claim_fig_proj_denoise_gallery(self, clean, study):
        """PCA denoising gallery: the reconstruction removes most of the grain
        (visibly cleaner than the noisy input)."""
        rec = projects.pca_denoise(study.noisy, study.k_gd, size=8)
        assert np.mean((rec - clean) ** 2) <= study.noisy_mse / 2.5
        zoom = (slice(100, 292), slice(150, 342))
        assert (np.mean((rec[zoom] - clean[zoom]) ** 2)
                < np.mean((study.noisy[zoom] - clean[zoom]) ** 2))

    def test_bad_inputs(self, clean):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="clean"):
            projects.denoising_study(np.full((8, 8), 2.0), 0.1, size=4,
                                     rng=rng)
        with pytest.raises(ValueError, match="clean"):
            projects.denoising_study(np.zeros((9, 8)), 0.1, size=4, rng=rng)
        for bad in (0.0, -1.0, np.inf, 1e9):
            with pytest.raises(ValueError, match="sigma"):
                projects.denoising_study(np.zeros((8, 8)), bad, size=4,
                                         rng=rng)
        with pytest.raises(TypeError, match="rng"):
            projects.denoising_study(np.zeros((8, 8)), 0.1, size=4, rng=0)
        with pytest.raises(ValueError, match="k"):
            projects.pca_denoise(np.zeros((8, 8)), 17, size=4)
        with pytest.raises(ValueError, match="noisy"):
            projects.pca_denoise(np.zeros((4, 4)), 1, size=4)
        with pytest.raises(ValueError, match="noisy"):
            projects.pca_denoise(np.full((8, 8), np.nan), 1, size=4)


# ---------------------------------------------------------------- task

class TestBrightnessTask:
    def test_labels_and_noise(self, task):
        assert task.X.shape == (4800, 16)
        assert task.y.sum() == 2400                       # balanced by median
        small = projects.load_sample_grey(downsample=2)
        C = projects.extract_patches(small, 4)
        np.testing.assert_array_equal(task.y, C.mean(1) > task.threshold)
        # the noise sd is 0.8 within 4 standard errors: se(s) = s/sqrt(2N)
        s = np.std(task.X - C)
        assert s == pytest.approx(0.8, abs=4 * 0.8 / math.sqrt(2 * C.size))

    def test_bad_inputs(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="clean"):
            projects.brightness_task(np.full((4, 4), 0.5), 0.1, size=2,
                                     rng=rng)
        with pytest.raises(ValueError, match="sigma"):
            projects.brightness_task(np.eye(4), -0.1, size=2, rng=rng)
        with pytest.raises(ValueError, match="size"):
            projects.brightness_task(np.eye(4), 0.1, size=0, rng=rng)


def test_claim_fig_proj_calibration(task):
    """On the held-out test split temperature scaling lowers the ECE; on
    the training split the unscaled model already looks calibrated and
    scaling raises its ECE."""
    X, y = task.X, task.y
    rng = np.random.default_rng(241)
    projects.brightness_task(projects.load_sample_grey(downsample=2), 0.8,
                             size=4, rng=rng)        # same stream as chapter
    outer = learning.train_test_split_indices(y.size, 0.979, rng=rng)
    inner = learning.train_test_split_indices(outer.test.size, 0.5, rng=rng)
    i_tr = outer.train
    i_va, i_te = outer.test[inner.train], outer.test[inner.test]
    fit = clf.fit_logistic_newton(X[i_tr], y[i_tr])
    z = {k: clf.logistic_logits(fit, X[i]) for k, i in
         (("tr", i_tr), ("va", i_va), ("te", i_te))}
    T = cal.fit_temperature(z["va"], y[i_va]).temperature
    assert T > 1.5                                            # overconfident
    assert i_tr.size == 100                # caption: the 100-point split
    # alt text: before scaling the test curve starts at 0.2 observed
    rb = cal.reliability_bins(y[i_te], special.sigmoid(z["te"]), 10)
    assert round(rb.frac_pos[0], 1) == 0.2 and rb.mean_pred[0] < 0.05

    def drop(yy, zz):
        return (cal.expected_calibration_error(yy, special.sigmoid(zz))
                - cal.expected_calibration_error(yy, special.sigmoid(zz / T)))

    te = clf.bootstrap_metric(drop, y[i_te], z["te"], n_boot=100,
                              rng=np.random.default_rng(1))
    assert te.estimate > 3 * te.se                    # drops, z = 3
    assert drop(y[i_tr], z["tr"]) < 0                 # not on fitting split


# ---------------------------------------------------------------- spread

class TestSpread:
    def test_against_numpy(self):
        v = np.random.default_rng(8).standard_normal(37) * 3 + 1
        s = projects.spread_summary(v)
        assert s.mean == pytest.approx(np.mean(v), rel=1e-14)
        assert s.sd == pytest.approx(np.std(v, ddof=1), rel=1e-14)
        assert s.se_mean == pytest.approx(s.sd / math.sqrt(37), rel=4 * EPS)
        assert s.se_sd == pytest.approx(s.sd / math.sqrt(72), rel=4 * EPS)

    def test_extreme_scale(self):
        v = np.array([1.0, 2.0, 3.0])
        big = projects.spread_summary(v * 1e300)
        assert big.sd == pytest.approx(1e300, rel=1e-14)
        tiny = projects.spread_summary(v * 1e-300)
        assert tiny.sd == pytest.approx(1e-300, rel=1e-14)
        assert projects.spread_summary([0.0, 0.0]).sd == 0.0

    def test_se_sd_by_monte_carlo(self):
        # sd of 4000 sample sds of size 60 vs s/sqrt(2(n-1)); the MC relative
        # error of that sd is ~1/sqrt(2*4000) = 1.1 %, the first-order
        # formula's bias is O(1/n) ~ 2 %: allow 6 %
        rng = np.random.default_rng(11)
        sds = np.std(rng.standard_normal((4000, 60)), axis=1, ddof=1)
        assert np.std(sds) == pytest.approx(1 / math.sqrt(118), rel=0.06)

    def test_bad(self):
        with pytest.raises(ValueError, match="values"):
            projects.spread_summary([1.0])
        with pytest.raises(ValueError, match="values"):
            projects.spread_summary([1.0, np.nan])
        with pytest.raises(TypeError, match="values"):
            projects.spread_summary(["a", "b"])


class TestSeedStudy:
    def test_one_seed_by_hand(self, task):
        X, y = task.X, task.y
        runs = projects.seed_study(X, y, [3, 17], n_train=200)
        rng = np.random.default_rng(17)
        perm = rng.permutation(y.size)
        va, tr = np.sort(perm[:y.size - 200]), np.sort(perm[y.size - 200:])
        fit = clf.fit_logistic_newton(X[tr], y[tr])
        z = X[va] @ fit.coef + fit.intercept
        p = special.sigmoid(z)
        want = -np.mean(y[va] * np.log(p) + (1 - y[va]) * np.log1p(-p))
        # log-loss of ~4600 terms each with relative error ~ few EPS
        assert runs.losses[1] == pytest.approx(want, rel=1e-10)

    def test_claim_fig_proj_seeds(self, task):
        """Seed sensitivity: the histogram's mean and mean +- one standard
        deviation are those of the 60 validation losses, and single runs
        spread over a range several times wider than the standard error of
        the mean."""
        runs = projects.seed_study(task.X, task.y, np.arange(60),
                                   n_train=200)
        sp = runs.spread
        assert runs.losses.shape == (60,)
        assert sp.mean == pytest.approx(np.mean(runs.losses), rel=1e-14)
        assert sp.sd == pytest.approx(np.std(runs.losses, ddof=1), rel=1e-14)
        assert sp.se_sd == pytest.approx(sp.sd / math.sqrt(118), rel=1e-14)
        assert np.ptp(runs.losses) > 5 * sp.se_mean
        # alt text: values between roughly 0.40 and 0.64, around 0.43
        assert round(runs.losses.min(), 2) == 0.40
        assert round(runs.losses.max(), 2) == 0.64
        assert abs(np.median(runs.losses) - 0.43) < 0.01
        again = projects.seed_study(task.X, task.y, np.arange(60),
                                    n_train=200)
        np.testing.assert_array_equal(again.losses, runs.losses)

    def test_bad(self, task):
        X, y = task.X[:100], task.y[:100]
        with pytest.raises(ValueError, match="seeds"):
            projects.seed_study(X, y, [1, 1], n_train=50)
        with pytest.raises(ValueError, match="seeds"):
            projects.seed_study(X, y, [1], n_train=50)
        with pytest.raises(ValueError, match="seeds"):
            projects.seed_study(X, y, [-1, 2], n_train=50)
        with pytest.raises(TypeError, match="seeds"):
            projects.seed_study(X, y, [1.0, 2.0], n_train=50)
        with pytest.raises(ValueError, match="n_train"):
            projects.seed_study(X, y, [1, 2], n_train=5)
        with pytest.raises(ValueError, match="y"):
            projects.seed_study(X, y[:50], [1, 2], n_train=50)
        with pytest.raises(ValueError, match="y"):
            projects.seed_study(X, y * 2, [1, 2], n_train=50)
        with pytest.raises(ValueError, match="X"):
            projects.seed_study(np.full((100, 16), np.nan), y, [1, 2],
                                n_train=50)
        with pytest.raises(ValueError, match="lam"):
            projects.seed_study(X, y, [1, 2], n_train=50, lam=-1.0)
