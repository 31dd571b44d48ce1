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


# --------------------------------------------------------------- figure claim
# The chapter's cell for Fig. fig-py-normal-hist:
# rng = np.random.default_rng(42); 10,000 standard normal draws; 40 bins.
HIST_SEED, HIST_N, HIST_BINS = 42, 10_000, 40


def test_claim_fig_py_normal_hist():
    """Fig. fig-py-normal-hist: "Observe that the bars scatter around the
    curve by no more than sampling noise: tall bars near 0 wobble the most,
    tail bars the least."

    Tested as: the density-normalised bars have total area 1; in every bin
    expecting at least 10 samples (the bulk, at least 25 of the 40 bins) the
    bar deviates from the N(0, 1) density by less than 4 standard errors
    (prob.histogram_zscores); and the standard error, hence the wobble, is
    largest at the bin nearest 0 and smallest in the outermost bins."""
    samples = np.random.default_rng(HIST_SEED).standard_normal(HIST_N)
    fig, ax = plt.subplots()
    pviz.plot_histogram_with_pdf(samples, prob.normal_pdf, bins=HIST_BINS,
                                 ax=ax)
    bars = ax.patches
    assert len(bars) == HIST_BINS
    left = np.array([b.get_x() for b in bars])          # (BINS,)
    width = np.array([b.get_width() for b in bars])     # (BINS,)
    height = np.array([b.get_height() for b in bars])   # (BINS,)
    assert abs(np.sum(height * width) - 1.0) < 1e-12
    hz = prob.histogram_zscores(samples, prob.normal_pdf, bins=HIST_BINS)
    # the z-scores are about the bars that were drawn
    np.testing.assert_allclose(hz.heights, height, rtol=1e-12)
    np.testing.assert_allclose(hz.edges[:-1], left, rtol=1e-12, atol=1e-12)
    # the end bins hold the sample min/max by construction: judge bins whose
    # expected count is large enough for the normal approximation
    ok = hz.bulk
    assert ok.sum() >= 25           # the bulk of the 40 bins
    assert np.max(np.abs(hz.z[ok])) < 4.0
    # tall bars near 0 wobble the most, tail bars the least
    centre = left + width / 2
    assert np.argmax(hz.se) == np.argmin(np.abs(centre))
    assert hz.se[[0, -1]].max() < 0.2 * hz.se.max()
