"""Tests for execmath.viz.prob."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import prob
from execmath.viz import prob as pviz

# Tolerances below are error bounds in units of EPS = 2u (u = 2**-53, the
# unit roundoff) times an operation count, or exact where the plot only
# passes data through.
EPS = np.finfo(np.float64).eps


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
    # np.histogram's density: count / (n * width); each bar area h * w
    # then has <= 4 roundings and the sum of 40 areas <= 40 more
    assert abs(np.sum(heights * widths) - 1.0) <= (4 + 40) * EPS


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
        np.testing.assert_array_equal(centre[0].get_ydata(), [0.0, 0.0])
        # the band is +-2 sigma / sqrt(n): k * sigma / sqrt(n) plus the
        # centre, <= 4 roundings on each side
        upper = lines[-2].get_ydata()
        np.testing.assert_allclose(upper, 2.0 / np.sqrt(np.arange(1, 201)),
                                   rtol=4 * EPS, atol=0)
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
        # centre - k sigma / sqrt(n): <= 4 roundings on each side
        np.testing.assert_allclose(ax.get_lines()[-1].get_ydata(),
                                   -4.0 / np.sqrt(ns), rtol=4 * EPS, atol=0)

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
    # bar areas count / (n w) * w: <= 4 roundings each, 40 more in the sum
    assert abs(np.sum(height * width) - 1.0) <= (4 + HIST_BINS) * EPS
    hz = prob.histogram_zscores(samples, prob.normal_pdf, bins=HIST_BINS)
    # the z-scores are about the bars that were drawn: both come from
    # np.histogram on the same samples and range (heights bit for bit);
    # Axes.bar stores each left edge as centre - width / 2, 2 roundings of
    # size <= u (|edge| + width)
    np.testing.assert_array_equal(hz.heights, height)
    np.testing.assert_allclose(
        hz.edges[:-1], left, rtol=0,
        atol=EPS * (np.max(np.abs(hz.edges)) + np.max(width)))
    # the end bins hold the sample min/max by construction: judge bins whose
    # expected count is large enough for the normal approximation
    ok = hz.bulk
    assert ok.sum() >= 25           # the bulk of the 40 bins
    assert np.max(np.abs(hz.z[ok])) < 4.0
    # tall bars near 0 wobble the most, tail bars the least
    centre = left + width / 2
    assert np.argmax(hz.se) == np.argmin(np.abs(centre))
    assert hz.se[[0, -1]].max() < 0.2 * hz.se.max()


# ------------------------------------------ chapter 1 and 2 revision
def test_histogram_bars_have_edges_and_data_range():
    """Fig. fig-py-normal-hist: bars are separated by white edges, and the
    x-range is the sample's range (no empty margins)."""
    x = np.random.default_rng(1).standard_normal(1000)
    fig, ax = plt.subplots()
    pviz.plot_histogram_with_pdf(x, prob.normal_pdf, ax=ax)
    assert all(p.get_linewidth() > 0 for p in ax.patches)
    assert all(p.get_edgecolor()[:3] == (1.0, 1.0, 1.0) for p in ax.patches)
    assert ax.get_xlim() == (x.min(), x.max())
    plt.close(fig)


class TestPlotMeanPaths:
    def _paths(self, dist="normal", n=400, n_paths=5):
        return prob.sample_mean_paths(dist, n, n_paths,
                                      np.random.default_rng(3))

    def test_scaled_paths_and_band(self):
        means = self._paths()
        fig, ax = plt.subplots()
        out = pviz.plot_mean_paths(means, half_width=2.0, ax=ax,
                                   band_label="band")
        assert out is ax and ax.get_xscale() == "log"
        lines = ax.get_lines()
        n = np.arange(1, means.shape[1] + 1)
        for line, row in zip(lines[:5], means):      # sqrt(n) * (mean - 0)
            # (row - 0) * sqrt(n), the same two roundings as here
            np.testing.assert_array_equal(line.get_ydata(), np.sqrt(n) * row)
        heights = sorted(line.get_ydata()[0] for line in lines[5:])
        assert heights == [-2.0, 0.0, 2.0]            # band and centre
        assert "band" in [t.get_text() for t in ax.get_legend().get_texts()]
        plt.close(fig)

    def test_unscaled_paths(self):
        means = self._paths("cauchy")
        fig, ax = plt.subplots()
        pviz.plot_mean_paths(means, scaled=False, center=0.5, ax=ax,
                             ylim=(-4.0, 4.0))
        np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(),
                                      means[0] - 0.5)
        assert ax.get_ylim() == (-4.0, 4.0)
        assert "running mean" in ax.get_ylabel()
        plt.close(fig)

    @pytest.mark.parametrize("kwargs, name", [
        ({"ns": np.arange(3)}, "ns"),
        ({"ns": np.ones(400)}, "ns"),
        ({"half_width": -1.0}, "half_width"),
        ({"half_width": np.nan}, "half_width"),
        ({"ylim": (2.0, 1.0)}, "ylim"),
        ({"ylim": (1.0, 2.0, 3.0)}, "ylim"),
        ({"center": np.inf}, "center"),
        ({"scaled": "yes"}, "scaled"),
        ({"band_label": 3}, "band_label"),
        ({"ax": "axes"}, "ax"),
    ])
    def test_bad_input_leaves_no_figure(self, kwargs, name):
        before = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=name):
            pviz.plot_mean_paths(self._paths(), **kwargs)
        assert len(plt.get_fignums()) == before

    def test_bad_means(self):
        with pytest.raises(ValueError, match="means"):
            pviz.plot_mean_paths(np.zeros(5))
        with pytest.raises(ValueError, match="means"):
            pviz.plot_mean_paths([[0.0, np.nan]])


# ------------------------------------------------------------------ issue 8
# Every argument is validated before a figure exists: a call that raises
# names the bad argument and leaves no figure open (conftest closes figures
# only after the test, so a leak shows here), and ``ax`` must be an Axes.
def _raises_without_figure(call, name):
    plt.close("all")
    with pytest.raises((ValueError, TypeError),
                       match=rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_])"):
        call()
    assert plt.get_fignums() == []


_X = np.random.default_rng(0).standard_normal(50)
_MEANS = prob.sample_mean_paths("normal", 16, 2, np.random.default_rng(1))


@pytest.mark.parametrize("call, name", [
    (lambda: pviz.plot_histogram_with_pdf(_X, None), "pdf"),
    (lambda: pviz.plot_histogram_with_pdf(_X, prob.normal_pdf, bins=0),
     "bins"),
    (lambda: pviz.plot_histogram_with_pdf(_X, prob.normal_pdf, bins=2**40),
     "bins"),
    (lambda: pviz.plot_histogram_with_pdf(_X, prob.normal_pdf, bins=2.5),
     "bins"),
    (lambda: pviz.plot_histogram_with_pdf(_X * 1e306, prob.normal_pdf),
     "samples"),
    (lambda: pviz.plot_histogram_with_pdf(_X, lambda t: t * np.inf),
     "pdf"),
    (lambda: pviz.plot_running_means(_MEANS, sigma=-1.0), "sigma"),
    (lambda: pviz.plot_running_means(_MEANS, sigma=1e299, k=100.0),
     "sigma"),
    (lambda: pviz.plot_running_means(_MEANS, center="0"), "center"),
    (lambda: pviz.plot_running_means(_MEANS, ylim=(1.0, np.nan)), "ylim"),
    (lambda: pviz.plot_running_means(_MEANS, ylim=(2.0, 1.0)), "ylim"),
    (lambda: pviz.plot_running_means(_MEANS, ax="ax"), "ax"),
    (lambda: pviz.plot_mean_paths(_MEANS, ylim="ab"), "ylim"),
])
def test_prob_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


def test_histogram_of_equal_samples_draws_padded_range():
    # np.histogram cannot bin a zero-width range at 1e300; the plot widens it
    ax = pviz.plot_histogram_with_pdf(np.full(5, 1e300),
                                      lambda t: np.zeros_like(t), bins=4)
    lo, hi = ax.get_xlim()
    assert lo < 1e300 < hi
