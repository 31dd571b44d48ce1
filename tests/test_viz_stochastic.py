"""Tests for execmath.viz.stochastic: the right artists on the given Axes,
and bad input rejected before any figure exists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PolyCollection

from execmath import stochastic as sto
from execmath.viz import stochastic as sviz

G = np.random.default_rng(0).standard_normal((30, 3))
WITH = sto.minibatch_variance_study(G, [1, 4, 16], n_draws=50,
                                    rng=np.random.default_rng(1),
                                    replace=True)
WITHOUT = sto.minibatch_variance_study(G, [1, 4, 16, 30], n_draws=50,
                                       rng=np.random.default_rng(2),
                                       replace=False)
CURVES = [np.array([[1.0, 0.5, 0.2], [1.0, 0.4, 0.3]]),
          np.array([[1.0, 0.8, 0.6]])]


class TestPlotEpochCurves:
    def test_mean_lines_and_bands(self):
        fig, ax = plt.subplots()
        assert sviz.plot_epoch_curves(CURVES, ["SGD", "GD"], ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 2
        np.testing.assert_allclose(lines[0].get_ydata(), [1.0, 0.45, 0.25])
        np.testing.assert_allclose(lines[1].get_ydata(), [1.0, 0.8, 0.6])
        # one band (min-max over seeds) for the method with several seeds
        bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(bands) == 1
        assert ax.get_yscale() == "log"
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["SGD (mean of 2 seeds)", "GD"]

    def test_styles_and_colors(self):
        fig, ax = plt.subplots()
        sviz.plot_epoch_curves(CURVES, ["a", "b"], colors=["C3", "k"],
                               styles=[":", "--"], ax=ax)
        assert [ln.get_linestyle() for ln in ax.get_lines()] == [":", "--"]

    def test_new_axes_when_none(self):
        ax = sviz.plot_epoch_curves(CURVES, ["a", "b"])
        assert len(plt.get_fignums()) == 1 and ax.get_lines()

    @pytest.mark.parametrize("kwargs, match", [
        ({"curves": [np.array([[1.0, -1.0]])], "labels": ["a"]}, "curves"),
        ({"curves": np.ones((2, 2, 2)), "labels": ["a", "b"]}, "curves"),
        ({"curves": [np.ones(3)], "labels": ["a"]}, "curves"),
        ({"curves": CURVES, "labels": ["a"]}, "labels"),
        ({"curves": CURVES, "labels": "ab"}, "labels"),
        ({"curves": CURVES, "labels": ["a", "b"], "colors": ["nocolour",
                                                            "k"]},
         "colors"),
        ({"curves": CURVES, "labels": ["a", "b"], "styles": ["-"]},
         "styles"),
        ({"curves": CURVES, "labels": ["a", "b"], "ax": "axes"}, "ax"),
        ({"curves": [], "labels": []}, "curves"),
    ])
    def test_bad_input_makes_no_figure(self, kwargs, match):
        before = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=match):
            sviz.plot_epoch_curves(**kwargs)
        assert len(plt.get_fignums()) == before


class TestPlotVarianceStudy:
    def test_points_lines_and_marker_of_n(self):
        fig, ax = plt.subplots()
        out = sviz.plot_variance_study([WITH, WITHOUT], ["with", "without"],
                                       ax=ax)
        assert out is ax
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
        # two error-bar containers; B = N (zero variance) is left out
        assert len(ax.containers) == 2
        xs = ax.containers[1].lines[0].get_xdata()
        np.testing.assert_array_equal(xs, [1, 4, 16])
        # the vertical line at B = N
        vlines = [ln for ln in ax.get_lines()
                  if len(ln.get_xdata())
                  and np.all(np.asarray(ln.get_xdata()) == 30)]
        assert len(vlines) == 1
        assert any("B = N = 30" in t.get_text() for t in ax.texts)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["exact law", "with", "without"]

    def test_exact_curves_follow_the_law(self):
        fig, ax = plt.subplots()
        sviz.plot_variance_study([WITH], ["with"], ax=ax)
        dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"
                  and len(ln.get_xdata()) > 2][0]
        x, y = dashed.get_xdata(), dashed.get_ydata()
        np.testing.assert_allclose(y, WITH.sigma2 / x, rtol=1e-12)

    @pytest.mark.parametrize("kwargs, match", [
        ({"studies": WITH, "labels": ["a"]}, "studies"),
        ({"studies": [], "labels": []}, "studies"),
        ({"studies": [WITH, "x"], "labels": ["a", "b"]}, "studies"),
        ({"studies": [WITH], "labels": ["a", "b"]}, "labels"),
        ({"studies": [WITH], "labels": ["a"], "ax": 3}, "ax"),
    ])
    def test_bad_input_makes_no_figure(self, kwargs, match):
        before = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=match):
            sviz.plot_variance_study(**kwargs)
        assert len(plt.get_fignums()) == before


class TestPlotLrSchedules:
    def test_lines_in_epochs(self):
        fig, ax = plt.subplots()
        lrs = sto.step_decay_lr(np.arange(20), 0.1, every=10, factor=0.1)
        out = sviz.plot_lr_schedules([lrs, np.full(20, 0.1)],
                                     ["decay", "constant"],
                                     steps_per_epoch=5, ax=ax)
        assert out is ax and ax.get_yscale() == "log"
        x, y = ax.get_lines()[0].get_data()
        np.testing.assert_allclose(x, np.arange(20) / 5)
        np.testing.assert_array_equal(y, lrs)

    @pytest.mark.parametrize("kwargs, match", [
        ({"schedules": [np.zeros(3)], "labels": ["a"],
          "steps_per_epoch": 1}, "schedules"),
        ({"schedules": [np.ones(3)], "labels": ["a"],
          "steps_per_epoch": 0}, "steps_per_epoch"),
        ({"schedules": [np.ones(3)], "labels": ["a"],
          "steps_per_epoch": True}, "steps_per_epoch"),
        ({"schedules": np.ones(3), "labels": ["a"],
          "steps_per_epoch": 1}, "schedules"),
        ({"schedules": [np.ones(3)], "labels": ["a", "b"],
          "steps_per_epoch": 1}, "labels"),
    ])
    def test_bad_input_makes_no_figure(self, kwargs, match):
        before = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=match):
            sviz.plot_lr_schedules(**kwargs)
        assert len(plt.get_fignums()) == before
