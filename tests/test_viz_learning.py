"""Tests for execmath.viz.learning: the right artists on the given Axes, and
bad input refused before any figure exists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import learning as L
from execmath.viz import learning as lv


@pytest.fixture(scope="module")
def study():
    return L.bias_variance_study(np.sin, 4, n_train=10, noise_sd=0.2,
                                 n_reps=20, rng=np.random.default_rng(0),
                                 n_grid=30, x_train=np.linspace(-1, 1, 10))


@pytest.fixture(scope="module")
def path():
    x = np.linspace(-1.0, 1.0, 12)
    X = L.polynomial_design(x, 4)
    return L.ridge_path(X, np.cos(2 * x), np.logspace(-4, 2, 20))


def no_new_figure(call):
    """Run ``call`` expecting an error, and check no figure was opened."""
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert len(plt.get_fignums()) == before
    return info


class TestTrainTestMSE:
    def test_draws_means_bands_and_minimum(self, study):
        fig, ax = plt.subplots()
        assert lv.plot_train_test_mse(study, ax=ax) is ax
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(lines["training MSE"].get_ydata(),
                                      study.train_mean)
        np.testing.assert_array_equal(lines["test MSE"].get_ydata(),
                                      study.test_mean)
        best = int(np.argmin(study.test_mean))
        assert f"test minimum (degree {best})" in lines
        assert len(ax.collections) == 2                     # the two bands
        assert ax.get_yscale() == "log"

    def test_band_width_is_z_standard_errors(self, study):
        fig, ax = plt.subplots()
        lv.plot_train_test_mse(study, z=3.0, ax=ax)
        verts = ax.collections[1].get_paths()[0].vertices
        top = verts[:, 1].max()
        assert top == pytest.approx(
            float(np.max(study.test_mean + 3.0 * study.test_se)))

    def test_new_axes_when_none(self, study):
        assert lv.plot_train_test_mse(study).figure is not None

    def test_bad_study(self):
        info = no_new_figure(lambda: lv.plot_train_test_mse((1, 2)))
        assert "study" in str(info.value)

    @pytest.mark.parametrize("z", [-1.0, 11.0, "2", True])
    def test_bad_z(self, study, z):
        info = no_new_figure(lambda: lv.plot_train_test_mse(study, z=z))
        assert "z" in str(info.value)


class TestBiasVariancePlot:
    def test_draws_components_and_sum(self, study):
        fig, ax = plt.subplots()
        assert lv.plot_bias_variance(study, ax=ax) is ax
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(
            lines["variance (grid average)"].get_ydata(), study.variance)
        np.testing.assert_allclose(
            lines[r"$\sigma^2$ + bias$^2$ + variance"].get_ydata(),
            study.noise_var + study.bias2 + study.variance)
        assert "simulated test MSE" in lines

    def test_nonpositive_bias_is_not_drawn(self, study):
        fake = study._replace(bias2=np.array([0.1, -1e-5, 0.0, 1e-3, 2e-3]))
        fig, ax = plt.subplots()
        lv.plot_bias_variance(fake, ax=ax)
        y = ax.get_lines()[0].get_ydata()
        assert np.isnan(y[1]) and np.isnan(y[2]) and y[0] == 0.1

    def test_bad_study(self):
        no_new_figure(lambda: lv.plot_bias_variance("study"))


class TestRidgePlots:
    def test_paths_one_line_per_coefficient(self, path):
        fig, ax = plt.subplots()
        assert lv.plot_ridge_paths(path, ax=ax) is ax
        curves = [ln for ln in ax.get_lines()
                  if len(ln.get_xdata()) == path.lams.size]
        p = path.coef.shape[1]
        assert len(curves) == p
        for j in range(p):
            np.testing.assert_array_equal(curves[j].get_ydata(),
                                          path.coef[:, j])
        markers = [ln for ln in ax.get_lines() if ln.get_marker() == "<"]
        np.testing.assert_array_equal([m.get_ydata()[0] for m in markers],
                                      path.lstsq)
        assert ax.get_xscale() == "log"
        assert len(fig.axes) == 2                           # the colour bar

    def test_norm_with_dof_axis(self, path):
        fig, ax = plt.subplots()
        assert lv.plot_ridge_norm(path, ax=ax) is ax
        np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(),
                                      path.norm)
        assert len(fig.axes) == 2                           # the twin axis
        np.testing.assert_array_equal(fig.axes[1].get_lines()[0].get_ydata(),
                                      path.dof)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert len(labels) == 3

    def test_norm_without_dof(self, path):
        fig, ax = plt.subplots()
        lv.plot_ridge_norm(path, ax=ax, show_dof=False)
        assert len(fig.axes) == 1

    def test_bad_path(self):
        no_new_figure(lambda: lv.plot_ridge_paths(np.ones((3, 2))))
        no_new_figure(lambda: lv.plot_ridge_norm(None))

    def test_zero_lambda_cannot_be_drawn_on_log_axis(self):
        X = np.eye(3)
        bad = L.ridge_path(X, [1.0, 2.0, 3.0], [0.0, 1.0])
        info = no_new_figure(lambda: lv.plot_ridge_paths(bad))
        assert "lams" in str(info.value)

    def test_bad_cmap(self, path):
        info = no_new_figure(lambda: lv.plot_ridge_paths(path, cmap="nope"))
        assert "cmap" in str(info.value)

    def test_bad_show_dof(self, path):
        no_new_figure(lambda: lv.plot_ridge_norm(path, show_dof="yes"))


class TestKFoldPlot:
    def test_image_encodes_the_folds(self):
        folds = L.kfold_indices(11, 3, shuffle=True,
                                rng=np.random.default_rng(1))
        fig, ax = plt.subplots()
        assert lv.plot_kfold(folds, scores=[0.1, 0.2, 0.3], ax=ax) is ax
        grid = ax.images[0].get_array()
        assert grid.shape == (3, 11)
        for j, f in enumerate(folds):
            np.testing.assert_array_equal(np.flatnonzero(grid[j] == 2),
                                          f.validation)
            np.testing.assert_array_equal(np.flatnonzero(grid[j] == 1),
                                          f.train)
        # every column has exactly one validation cell
        np.testing.assert_array_equal((grid == 2).sum(axis=0), np.ones(11))
        texts = [t.get_text() for t in ax.texts]
        assert texts == ["MSE 0.1", "MSE 0.2", "MSE 0.3"]
        assert "0.2" in ax.get_title()

    def test_without_scores(self):
        fig, ax = plt.subplots()
        lv.plot_kfold(L.kfold_indices(6, 2), ax=ax)
        assert len(ax.texts) == 0 and ax.get_title() == ""

    @pytest.mark.parametrize("folds", [[], "ab", [(np.arange(2),)],
                                       [(np.array([0.5]), np.array([1]))],
                                       [(np.array([-1]), np.array([1]))],
                                       [(np.array([0]), np.array([10**6]))]])
    def test_bad_folds(self, folds):
        info = no_new_figure(lambda: lv.plot_kfold(folds))
        assert "folds" in str(info.value)

    def test_bad_scores(self):
        folds = L.kfold_indices(6, 2)
        info = no_new_figure(lambda: lv.plot_kfold(folds, scores=[1.0]))
        assert "scores" in str(info.value)
        no_new_figure(lambda: lv.plot_kfold(folds, scores=[1.0, np.nan]))
