"""Tests for execmath.viz.prob."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import prob
from execmath.viz import prob as pviz


def test_histogram_with_pdf_draws_on_given_axes():
    rng = np.random.default_rng(0)
    fig, ax = plt.subplots()
    out = pviz.plot_histogram_with_pdf(rng.standard_normal(500),
                                       prob.normal_pdf, ax=ax)
    assert out is ax
    assert len(ax.patches) == 40          # one bar per bin
    assert len(ax.get_lines()) == 1       # the density curve
    heights = np.array([p.get_height() for p in ax.patches])
    widths = np.array([p.get_width() for p in ax.patches])
    assert np.sum(heights * widths) == pytest.approx(1.0)


def test_histogram_with_pdf_rejects_2d():
    with pytest.raises(ValueError, match="samples"):
        pviz.plot_histogram_with_pdf(np.zeros((3, 3)), prob.normal_pdf)


class TestPlotRunningMeans:
    def _paths(self, n_paths=5, n=200, dist="normal"):
        return prob.sample_mean_paths(dist, n, n_paths,
                                      np.random.default_rng(1))

    def test_draws_paths_center_and_band(self):
        means = self._paths()
        fig, ax = plt.subplots()
        out = pviz.plot_running_means(means, sigma=1.0, ax=ax)
        assert out is ax
        lines = ax.get_lines()
        assert len(lines) == 5 + 1 + 2    # paths, dashed centre, band
        assert ax.get_xscale() == "log"
        centre = [ln for ln in lines if ln.get_linestyle() == "--"]
        assert len(centre) == 1
        np.testing.assert_allclose(centre[0].get_ydata(), [0.0, 0.0])
        # the band is +-2 sigma / sqrt(n)
        upper = lines[-2].get_ydata()
        np.testing.assert_allclose(upper, 2.0 / np.sqrt(np.arange(1, 201)))
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["expectation 0", r"$\pm2\sigma/\sqrt{n}$"]

    def test_paths_are_the_running_means(self):
        means = self._paths(n_paths=2, n=50)
        fig, ax = plt.subplots()
        pviz.plot_running_means(means, ax=ax)
        np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(),
                                      means[1])
        np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(),
                                      np.arange(1, 51))

    def test_no_band_without_sigma_and_custom_options(self):
        means = self._paths(n_paths=3, dist="cauchy")
        fig, ax = plt.subplots()
        pviz.plot_running_means(means, ax=ax, ylim=(-3, 3),
                                center_label="median 0")
        assert len(ax.get_lines()) == 3 + 1
        assert ax.get_ylim() == (-3.0, 3.0)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["median 0"]

    def test_explicit_ns(self):
        ns = np.array([10, 100, 1000])
        means = np.zeros((4, 3))
        fig, ax = plt.subplots()
        pviz.plot_running_means(means, ns, sigma=2.0, ax=ax)
        assert ax.get_xlim() == (10.0, 1000.0)
        np.testing.assert_allclose(ax.get_lines()[-1].get_ydata(),
                                   -4.0 / np.sqrt(ns))

    def test_creates_axes_when_none(self):
        ax = pviz.plot_running_means(np.zeros((2, 10)))
        assert ax.figure is plt.gcf()

    def test_rejects_1d_means(self):
        with pytest.raises(ValueError, match="means"):
            pviz.plot_running_means(np.zeros(10))

    def test_rejects_mismatched_ns(self):
        with pytest.raises(ValueError, match="ns"):
            pviz.plot_running_means(np.zeros((2, 10)), np.arange(1, 5))
