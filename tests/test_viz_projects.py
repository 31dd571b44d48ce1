"""Tests for execmath.viz.projects: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import projects
from execmath.viz import projects as pviz

IMG = np.outer(np.linspace(0.0, 1.0, 16), np.linspace(0.2, 0.9, 16))
STUDY = projects.denoising_study(IMG, 0.1, size=4,
                                 rng=np.random.default_rng(2))
_rng = np.random.default_rng(0)
X = _rng.standard_normal((80, 2))
Y = (X[:, 0] + _rng.standard_normal(80) > 0).astype(float)
SEEDS = projects.seed_study(X, Y, np.arange(12), n_train=40)


def test_denoise_mse_artists():
    fig, ax = plt.subplots()
    assert pviz.plot_denoise_mse(STUDY, ax=ax) is ax
    curve = ax.get_lines()[0]
    # the plotted curve is the study's MSE, passed through unchanged
    np.testing.assert_array_equal(curve.get_ydata(), STUDY.mse)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["PCA reconstruction", "noisy input"]
    assert f"oracle: k = {STUDY.k_oracle}" in labels
    assert f"Gavish-Donoho: k = {STUDY.k_gd}" in labels
    assert ax.get_yscale() == "log"
    plt.close(fig)


def test_grey_image_artists():
    fig, ax = plt.subplots()
    assert pviz.plot_grey_image(IMG, title="clean", ax=ax) is ax
    im = ax.get_images()[0]
    assert im.get_clim() == (0.0, 1.0)
    np.testing.assert_array_equal(im.get_array(), IMG)
    assert ax.get_title() == "clean"
    plt.close(fig)


def test_seed_histogram_artists():
    fig, ax = plt.subplots()
    assert pviz.plot_seed_histogram(SEEDS, bins=6, ax=ax) is ax
    assert len(ax.patches) == 6
    assert sum(p.get_height() for p in ax.patches) == 12
    sp = SEEDS.spread
    xs = sorted(ln.get_xdata()[0] for ln in ax.get_lines())
    np.testing.assert_allclose(xs, [sp.mean - sp.sd, sp.mean,
                                    sp.mean + sp.sd], rtol=1e-15)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "12 seeds" and labels[1].startswith("mean ")
    plt.close(fig)


@pytest.mark.parametrize("call", [
    lambda: pviz.plot_denoise_mse("study"),
    lambda: pviz.plot_denoise_mse(STUDY._replace(k_gd=99)),
    lambda: pviz.plot_grey_image(np.ones(4)),
    lambda: pviz.plot_grey_image(np.full((2, 2), np.nan)),
    lambda: pviz.plot_grey_image(IMG, title=3),
    lambda: pviz.plot_seed_histogram(SEEDS, bins=0),
    lambda: pviz.plot_seed_histogram(STUDY),
    lambda: pviz.plot_grey_image(IMG, ax="ax"),
])
def test_bad_input_leaves_no_figure(call):
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError)):
        call()
    assert len(plt.get_fignums()) == before


def test_bad_input_names_argument():
    with pytest.raises(ValueError, match="study"):
        pviz.plot_denoise_mse(STUDY._replace(k_gd=99))
    with pytest.raises(ValueError, match="image"):
        pviz.plot_grey_image(np.ones(4))
    with pytest.raises(ValueError, match="bins"):
        pviz.plot_seed_histogram(SEEDS, bins=0)
