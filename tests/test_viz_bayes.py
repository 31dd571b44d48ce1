"""Tests for execmath.viz.bayes: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import bayes
from execmath.viz import bayes as bviz

X = (np.random.default_rng(13).random(2000) < 0.7).astype(float)


def path(ns):
    return bayes.beta_bernoulli_path(X, ns, a=2.0, b=8.0)


class TestPlotBetaPosteriors:
    def test_one_curve_per_posterior(self):
        p = path([0, 5, 25, 125])
        fig, ax = plt.subplots()
        assert bviz.plot_beta_posteriors(p, p_true=0.7, ax=ax) is ax
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["prior Beta(2, 8)", "n = 5", "n = 25", "n = 125",
                          "true $p = 0.7$"]
        curves = ax.get_lines()[:4]
        theta = curves[1].get_xdata()
        assert 0 < theta[0] and theta[-1] < 1        # open grid
        np.testing.assert_allclose(curves[3].get_ydata(),
                                   bayes.beta_pdf(theta, p.a[3], p.b[3]))
        assert curves[0].get_linestyle() == "--"
        assert ax.get_lines()[-1].get_xdata()[0] == 0.7
        assert len(ax.collections) == 3              # shaded posteriors

    def test_new_axes_and_no_truth(self):
        ax = bviz.plot_beta_posteriors(path([3, 9]))
        assert len(ax.get_lines()) == 2

    def test_bad_path_leaves_no_figure(self):
        before = len(plt.get_fignums())
        with pytest.raises(TypeError, match="path"):
            bviz.plot_beta_posteriors((2.0, 8.0))
        with pytest.raises(ValueError, match="p_true"):
            bviz.plot_beta_posteriors(path([0, 5]), p_true=1.5)
        with pytest.raises(ValueError, match="n_grid"):
            bviz.plot_beta_posteriors(path([0, 5]), n_grid=2)
        assert len(plt.get_fignums()) == before


class TestPlotPosteriorSd:
    def test_curve_and_reference(self):
        ns = np.array([0, 1, 10, 100, 1000])
        p = path(ns)
        fig, ax = plt.subplots()
        assert bviz.plot_posterior_sd(p, p_true=0.7, ax=ax) is ax
        sd, ref = ax.get_lines()
        np.testing.assert_array_equal(sd.get_xdata(), ns[1:])
        np.testing.assert_array_equal(sd.get_ydata(), p.sd[1:])
        np.testing.assert_allclose(ref.get_ydata(),
                                   np.sqrt(0.21 / ns[1:]), rtol=1e-15)
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"

    def test_bad_input_leaves_no_figure(self):
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match="path"):
            bviz.plot_posterior_sd(path([0, 5]), p_true=0.7)
        with pytest.raises(TypeError, match="p_true"):
            bviz.plot_posterior_sd(path([1, 5]), p_true=None)
        with pytest.raises(ValueError, match="p_true"):
            bviz.plot_posterior_sd(path([1, 5]), p_true=np.nan)
        assert len(plt.get_fignums()) == before
