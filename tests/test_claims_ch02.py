"""Figure claims of Chapter 2 that rest on modules owned by other chapters.

Fig. fig-py-normal-hist is drawn with execmath.prob and execmath.viz.prob;
its claim is checked here, with exactly the chapter's seed, sample size and
number of bins.
"""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from execmath import prob
from execmath.viz import prob as pviz

# The chapter's cell: rng = np.random.default_rng(42); 10,000 draws; 40 bins
SEED, N, BINS = 42, 10_000, 40


def test_claim_fig_py_normal_hist():
    """The histogram's bar heights scatter around the analytic N(0, 1)
    density within sampling error: at every bin centre (bins expecting at
    least 10 samples) the bar deviates from the pdf by less than 4 standard
    errors, and the density-normalised bars have total area 1."""
    samples = np.random.default_rng(SEED).standard_normal(N)
    fig, ax = plt.subplots()
    pviz.plot_histogram_with_pdf(samples, prob.normal_pdf, bins=BINS, ax=ax)
    bars = ax.patches
    assert len(bars) == BINS
    left = np.array([b.get_x() for b in bars])          # (BINS,)
    width = np.array([b.get_width() for b in bars])     # (BINS,)
    height = np.array([b.get_height() for b in bars])   # (BINS,)
    assert abs(np.sum(height * width) - 1.0) < 1e-12
    centre = left + width / 2
    # bin probability under N(0, 1) and the binomial standard error of the
    # density estimate count / (N * width)
    p = stats.norm.cdf(left + width) - stats.norm.cdf(left)
    se = np.sqrt(p * (1 - p) / N) / width
    # the end bins hold the sample min/max by construction: judge bins whose
    # expected count is large enough for the normal approximation
    ok = N * p >= 10
    assert ok.sum() >= 25           # the bulk of the 40 bins
    z = np.abs(height - prob.normal_pdf(centre)) / se
    assert np.max(z[ok]) < 4.0
