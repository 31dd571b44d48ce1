"""Tests for execmath.viz.models: the right artists on the given Axes, and
bad input refused before any figure exists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection

from execmath import models as M
from execmath.viz import models as mv


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.fixture(scope="module")
def sparse():
    d = M.correlated_regression(60, [2.0, 0.0, -1.0, 0.5], rho=0.7,
                                noise_sd=1.0, rng=rng(1))
    return d.X, d.y


@pytest.fixture(scope="module")
def paths(sparse):
    X, y = sparse
    return (M.ridge_path(X, y, np.logspace(-2, 4, 30)),
            M.lasso_path(X, y, n_lams=40, eps=1e-2),
            M.lasso_kinks(X, y), M.fit_ols(X, y))


@pytest.fixture(scope="module")
def curve(sparse):
    X, y = sparse
    return M.validation_curve(X, y, np.logspace(-2, 3, 12), n_splits=6,
                              rng=rng(2))


@pytest.fixture(scope="module")
def study(sparse):
    X, _ = sparse
    new = M.correlated_regression(400, [2.0, 0.0, -1.0, 0.5], rho=0.7,
                                  noise_sd=1.0, rng=rng(3)).X
    return M.heldout_leverage_study(X, [2.0, 0.0, -1.0, 0.5], 1.0, 5.0, new,
                                    40, rng=rng(4), n_bins=4)


def no_new_figure(call):
    """Run ``call`` expecting an error, and check no figure was opened."""
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert len(plt.get_fignums()) == before
    return info


class TestRidgePath:
    def test_lines_and_markers(self, paths):
        rp, _, _, ols = paths
        fig, ax = plt.subplots()
        assert mv.plot_ridge_path(rp, ols=ols, ax=ax) is ax
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        for j in range(4):
            ln = lines[f"$w_{{{j + 1}}}$"]
            np.testing.assert_array_equal(ln.get_xdata(), rp.dof - 1)
            np.testing.assert_array_equal(ln.get_ydata(), rp.coef[:, j])
        tri = [ln for ln in ax.get_lines() if ln.get_marker() == "<"]
        assert len(tri) == 4
        assert ax.get_xlim() == (0.0, 4.0)

    def test_without_ols_and_new_axes(self, paths):
        ax = mv.plot_ridge_path(paths[0])
        assert ax.figure is not None
        assert not [ln for ln in ax.get_lines() if ln.get_marker() == "<"]

    def test_bad_input(self, paths):
        no_new_figure(lambda: mv.plot_ridge_path("path"))
        no_new_figure(lambda: mv.plot_ridge_path(paths[0], ols=3))
        no_new_figure(lambda: mv.plot_ridge_path(
            paths[0], ols=M.LinearModel(0.0, np.ones(2))))


class TestLassoPath:
    def test_lines_kinks_and_axis(self, paths):
        _, lp, kinks, ols = paths
        fig, ax = plt.subplots()
        assert mv.plot_lasso_path(lp, ols, kinks=kinks, ax=ax) is ax
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        s = np.abs(lp.coef).sum(axis=1) / np.abs(ols.coef).sum()
        np.testing.assert_allclose(lines["$w_{1}$"].get_xdata(), s)
        rings = lines["kinks (exact)"]
        # every ringed point lies on a kink's coefficient vector
        sk = np.abs(kinks.coef).sum(axis=1) / np.abs(ols.coef).sum()
        for x, y in zip(rings.get_xdata(), rings.get_ydata()):
            k = int(np.argmin(np.abs(sk - x)))
            assert np.min(np.abs(kinks.coef[k] - y)) < 1e-12
        assert ax.get_legend() is not None
        assert ax.get_xlim() == (0.0, 1.0)

    def test_bad_input(self, paths):
        _, lp, kinks, ols = paths
        no_new_figure(lambda: mv.plot_lasso_path(lp, None))
        no_new_figure(lambda: mv.plot_lasso_path(
            lp, M.LinearModel(0.0, np.zeros(4))))
        no_new_figure(lambda: mv.plot_lasso_path(lp, ols, kinks="k"))
        no_new_figure(lambda: mv.plot_lasso_path(kinks, ols))


class TestValidationCurve:
    def test_means_bands_splits_and_minimum(self, curve):
        fig, ax = plt.subplots()
        assert mv.plot_validation_curve(curve, ax=ax) is ax
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(
            lines["validation MSE (mean)"].get_ydata(), curve.val_mean)
        np.testing.assert_array_equal(
            lines["training MSE (mean)"].get_ydata(), curve.train_mean)
        best = [k for k in lines if k.startswith("minimum")]
        assert len(best) == 1
        assert lines[best[0]].get_xdata()[0] == curve.lams[curve.best]
        splits = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert len(splits) == 1 and len(splits[0].get_segments()) == 6
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"

    def test_band_width_and_no_splits(self, curve):
        fig, ax = plt.subplots()
        mv.plot_validation_curve(curve, z=3.0, show_splits=False, ax=ax)
        assert not [c for c in ax.collections
                    if isinstance(c, LineCollection)]
        top = max(p.vertices[:, 1].max() for c in ax.collections
                  for p in c.get_paths())
        assert top == pytest.approx(float(np.max(
            curve.val_mean + 3.0 * curve.val_se)))

    def test_bad_input(self, curve):
        no_new_figure(lambda: mv.plot_validation_curve(None))
        no_new_figure(lambda: mv.plot_validation_curve(curve, z=-1.0))
        no_new_figure(lambda: mv.plot_validation_curve(curve, z=True))
        no_new_figure(lambda: mv.plot_validation_curve(curve,
                                                       show_splits="yes"))
        zero = curve._replace(lams=np.r_[0.0, curve.lams[1:]])
        no_new_figure(lambda: mv.plot_validation_curve(zero))


class TestResidualsLeverage:
    def test_points_segments_and_rings(self):
        h0 = np.array([0.2, 0.5, 0.9, 0.3])
        e0 = np.array([0.1, -0.2, 0.05, 0.3])
        hl, el = h0 * 0.6, e0 * 1.5
        fig, ax = plt.subplots()
        assert mv.plot_residuals_leverage(h0, e0, hl, el, n_mark=2,
                                          ax=ax) is ax
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(lines["OLS"].get_xdata(), h0)
        np.testing.assert_array_equal(lines["ridge"].get_xdata(), hl)
        np.testing.assert_array_equal(
            np.sort(lines["2 highest OLS leverages"].get_xdata()), [0.5, 0.9])
        segs = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert len(segs[0].get_segments()) == 4

    def test_no_marks(self):
        fig, ax = plt.subplots()
        mv.plot_residuals_leverage([0.2, 0.4], [0.0, 1.0], [0.1, 0.2],
                                   [0.1, 1.1], n_mark=0, ax=ax)
        labels = [ln.get_label() for ln in ax.get_lines()]
        assert "OLS" in labels and "ridge" in labels
        assert not any("highest" in lab for lab in labels)

    @pytest.mark.parametrize("args, name", [
        (([0.2, 0.4], [0.0], [0.1, 0.2], [0.1, 1.1]), "e_ols"),
        (([0.2, 0.4], [0.0, 1.0], [0.1], [0.1, 1.1]), "h_ridge"),
        (([0.2, 0.4], [0.0, 1.0], [0.1, 0.2], [np.nan, 1.1]), "e_ridge"),
        (("a", [0.0, 1.0], [0.1, 0.2], [0.1, 1.1]), "h_ols")])
    def test_bad_arrays(self, args, name):
        info = no_new_figure(lambda: mv.plot_residuals_leverage(*args))
        assert name in str(info.value)

    def test_bad_n_mark(self):
        no_new_figure(lambda: mv.plot_residuals_leverage(
            [0.2], [0.0], [0.1], [0.1], n_mark=5))


class TestHeldoutLeverage:
    def test_points_theory_and_floor(self, study):
        fig, ax = plt.subplots()
        assert mv.plot_heldout_leverage(study, ax=ax) is ax
        bars = {c.get_label(): c for c in ax.containers}
        np.testing.assert_array_equal(bars["OLS"].lines[0].get_ydata(),
                                      study.mse_ols)
        np.testing.assert_array_equal(bars["ridge"].lines[0].get_ydata(),
                                      study.mse_ridge)
        # the error bars span ±2 standard errors
        seg = bars["OLS"].lines[2][0].get_segments()[0]
        assert seg[1, 1] - seg[0, 1] == pytest.approx(4 * study.se_ols[0])
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        theory = lines[r"OLS theory $\sigma^2(1 + h)$"]
        x, y = theory.get_xdata(), theory.get_ydata()
        np.testing.assert_allclose(y, study.noise_var * (1 + x))
        floor = lines[r"noise floor $\sigma^2$"]
        assert floor.get_ydata()[0] == study.noise_var
        assert ax.get_ylim()[0] == pytest.approx(0.9 * study.noise_var)

    def test_bad_input(self, study):
        no_new_figure(lambda: mv.plot_heldout_leverage((1, 2)))
        no_new_figure(lambda: mv.plot_heldout_leverage(study, z=11.0))
        bad = study._replace(noise_var=0.0)
        no_new_figure(lambda: mv.plot_heldout_leverage(bad))
