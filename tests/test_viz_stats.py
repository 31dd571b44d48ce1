"""Tests for execmath.viz.stats: the right artists on the given Axes, and
bad input rejected before any figure exists."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import fitting, prob, stats
from execmath.viz import stats as sviz

NS = fitting.geomspace_int(1, 1000, 40)
PATHS = prob.sample_mean_paths("bernoulli", 1000, 4, np.random.default_rng(0),
                               at=NS, p=0.3)
S_COR = np.array([[1.0, 0.8], [0.8, 1.0]])


def clt():
    return stats.bernoulli_clt_sample(500, 0.3, 2000,
                                      np.random.default_rng(1))


def cloud(cov=S_COR, n=200):
    return stats.mvn_sample(np.zeros(2), cov, n, np.random.default_rng(2))


class TestPlotLLNPaths:
    def test_paths_centre_and_bands(self):
        fig, ax = plt.subplots()
        assert sviz.plot_lln_paths(PATHS, NS, 0.3, ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 4 + 1 + 4           # paths, p, two bands x 2
        np.testing.assert_array_equal(lines[0].get_ydata(), PATHS[0])
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["$p = 0.3$", "normal 95% band",
                          "Hoeffding 95% band"]
        # the Hoeffding band is the wider one, at every n
        upper_normal, upper_hoeff = lines[5].get_ydata(), lines[7].get_ydata()
        assert np.all(upper_hoeff > upper_normal)
        np.testing.assert_allclose(upper_hoeff - 0.3,
                                   stats.hoeffding_radius(NS, 0.05))
        np.testing.assert_allclose(
            upper_normal - 0.3, 1.959963984540054 * math.sqrt(0.21)
            / np.sqrt(NS), rtol=1e-12)
        assert ax.get_xscale() == "log"

    def test_new_axes_when_none(self):
        ax = sviz.plot_lln_paths(PATHS, NS, 0.3)
        assert len(ax.get_lines()) == 9

    @pytest.mark.parametrize("args,kw,exc,match", [
        ((PATHS, NS[:-1], 0.3), {}, ValueError, "ns"),
        ((PATHS[0], NS, 0.3), {}, ValueError, "means"),
        ((np.where(PATHS > 0.5, np.nan, PATHS), NS, 0.3), {}, ValueError,
         "means"),
        ((PATHS, NS, 1.0), {}, ValueError, "p"),
        ((PATHS, NS, 0.3), {"alpha": 0.0}, ValueError, "alpha"),
        ((PATHS, NS, "0.3"), {}, TypeError, "p"),
        ((PATHS + 1.0, NS, 0.3), {}, ValueError, "means"),
        ((PATHS, NS * 1e300, 0.3), {}, ValueError, "ns"),
        ((PATHS, NS, 0.3), {"ax": "axes"}, TypeError, "ax")])
    def test_bad_input_leaves_no_figure(self, args, kw, exc, match):
        before = len(plt.get_fignums())
        with pytest.raises(exc, match=match):
            sviz.plot_lln_paths(*args, **kw)
        assert len(plt.get_fignums()) == before


class TestPlotCLTHistogram:
    def test_lattice_histogram_and_density(self):
        s = clt()
        fig, ax = plt.subplots()
        assert sviz.plot_clt_histogram(s, per_bin=3, ax=ax) is ax
        edges = stats.lattice_bin_edges(s, 3)
        assert len(ax.patches) == edges.size - 1
        heights = np.array([p.get_height() for p in ax.patches])
        want, _ = np.histogram(s.z, bins=edges, density=True)
        np.testing.assert_allclose(heights, want, rtol=1e-12)
        (curve,) = ax.get_lines()
        np.testing.assert_allclose(curve.get_ydata(),
                                   prob.normal_pdf(curve.get_xdata()))
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[0] == "2,000 means, $n = 500$"

    @pytest.mark.parametrize("sample,per_bin,exc", [
        (np.zeros(4), 4, TypeError), (None, 4, TypeError),
        ("clt", 0, ValueError), ("clt", 2.5, TypeError)])
    def test_bad_input_leaves_no_figure(self, sample, per_bin, exc):
        sample = clt() if isinstance(sample, str) else sample
        before = len(plt.get_fignums())
        with pytest.raises(exc):
            sviz.plot_clt_histogram(sample, per_bin=per_bin)
        assert len(plt.get_fignums()) == before


class TestPlotGaussianCloud:
    def test_correlated_cloud(self):
        x = cloud()
        reps = stats.sample_leading_axes(S_COR, 200, 5,
                                         np.random.default_rng(3))
        fig, ax = plt.subplots()
        out = sviz.plot_gaussian_cloud(x, S_COR, replicate_axes=reps,
                                       title="t", ax=ax)
        assert out is ax and ax.get_title() == "t"
        assert len(ax.collections) == 1                   # the scatter
        np.testing.assert_array_equal(ax.collections[0].get_offsets(), x)
        # ellipse, 5 replicate axes, 2 true axes, 2 sample axes
        assert len(ax.get_lines()) == 1 + 5 + 2 + 2
        ell = ax.get_lines()[0]
        pts = np.column_stack([ell.get_xdata(), ell.get_ydata()])
        np.testing.assert_allclose(
            stats.mahalanobis(pts, np.zeros(2), S_COR), 2.0, rtol=1e-12)
        true_long = ax.get_lines()[6]
        ends = np.column_stack([true_long.get_xdata(),
                                true_long.get_ydata()])
        np.testing.assert_allclose(np.abs(ends[1]),
                                   [2 * math.sqrt(1.8 / 2)] * 2, rtol=1e-12)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["200 samples", "Mahalanobis distance 2",
                          "leading axis of 5 more samples",
                          "true principal axes", "sample principal axes"]
        assert ax.get_aspect() == 1.0

    def test_equal_variances_draw_no_true_axes(self):
        fig, ax = plt.subplots()
        sviz.plot_gaussian_cloud(cloud(np.eye(2)), np.eye(2), ax=ax)
        assert len(ax.get_lines()) == 1 + 2       # ellipse + sample axes
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "true principal axes" not in labels

    @pytest.mark.parametrize("kw,exc,match", [
        (dict(x=np.ones((5, 3))), ValueError, "x"),
        (dict(x=np.ones((2, 2))), ValueError, "x"),
        (dict(cov=[[1.0, 2.0], [2.0, 1.0]]), ValueError, "positive"),
        (dict(cov=np.eye(3)), ValueError, "cov"),
        (dict(mean=[0.0]), ValueError, "mean"),
        (dict(radius=-1.0), ValueError, "radius"),
        (dict(replicate_axes=[[0.0, 0.0]]), ValueError, "replicate_axes"),
        (dict(replicate_axes=[[1.0, 0.0, 0.0]]), ValueError,
         "replicate_axes"),
        (dict(title=3), TypeError, "title"),
        (dict(ax=3), TypeError, "ax")])
    def test_bad_input_leaves_no_figure(self, kw, exc, match):
        args = dict(x=cloud(), cov=S_COR)
        args.update(kw)
        x, cov = args.pop("x"), args.pop("cov")
        before = len(plt.get_fignums())
        with pytest.raises(exc, match=match):
            sviz.plot_gaussian_cloud(x, cov, **args)
        assert len(plt.get_fignums()) == before
