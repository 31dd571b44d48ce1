"""Tests for execmath.viz.spectral."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.image import AxesImage
from matplotlib.quiver import Quiver

from execmath import spectral
from execmath.viz import spectral as sviz

# Tolerances below are error bounds in units of EPS = 2u (u = 2**-53, the
# unit roundoff) times an operation count, or exact where the plot only
# passes data through.
EPS = np.finfo(np.float64).eps

A = np.array([[2.0, 1.0], [0.5, 1.0]])


def _quiver(ax):
    return [c for c in ax.collections if isinstance(c, Quiver)]


@pytest.mark.parametrize("plot", [sviz.plot_svd_input, sviz.plot_svd_output])
def test_svd_panels_draw_curve_markers_and_arrows(plot):
    fig, ax = plt.subplots()
    assert plot(A, ax=ax, lim=3.0) is ax
    assert len(ax.get_lines()) >= 1
    assert any(isinstance(c, PathCollection) for c in ax.collections)
    (q,) = _quiver(ax)
    assert q.N == 2
    assert ax.get_aspect() == 1.0
    assert ax.get_xlim() == (-3.0, 3.0)


def test_svd_output_arrows_are_semi_axes():
    fig, ax = plt.subplots()
    sviz.plot_svd_output(A, ax=ax)
    (q,) = _quiver(ax)
    geo = spectral.svd_ellipse(A)
    # the arrows are the semi-axes, passed on unchanged
    np.testing.assert_array_equal(np.column_stack([q.U, q.V]).T,
                                  geo.semi_axes)


def test_svd_input_arrows_are_right_singular_vectors():
    fig, ax = plt.subplots()
    sviz.plot_svd_input(A, ax=ax)
    (q,) = _quiver(ax)
    np.testing.assert_array_equal(np.column_stack([q.U, q.V]).T,
                                  spectral.svd_ellipse(A).v)


@pytest.mark.parametrize("plot", [sviz.plot_svd_input, sviz.plot_svd_output])
def test_svd_panels_reject_non_2x2(plot):
    with pytest.raises(ValueError, match="a"):
        plot(np.eye(3))


def _power_result(reference=True):
    rng = np.random.default_rng(0)
    sym = spectral.random_symmetric([3.0, 1.5, 0.5], rng=rng)
    ref = sym.q[:, 0] if reference else None
    return spectral.power_iteration(sym.a, num_iters=20, rng=rng,
                                    reference=ref)


def test_power_iteration_plot():
    fig, ax = plt.subplots()
    res = _power_result()
    assert sviz.plot_power_iteration(res, 3.0, ratio=0.5, ax=ax) is ax
    assert len(ax.get_lines()) == 4            # two curves, two guides
    assert ax.get_yscale() == "log"
    y = ax.get_lines()[0].get_ydata()
    # tan of the recorded angles, floored; the same computation as here
    np.testing.assert_array_equal(y, np.maximum(np.tan(res.angles), 1e-16))


def test_power_iteration_plot_without_guides():
    fig, ax = plt.subplots()
    sviz.plot_power_iteration(_power_result(), 3.0, ax=ax)
    assert len(ax.get_lines()) == 2


def test_power_iteration_plot_bad_input():
    with pytest.raises(ValueError, match="angles"):
        sviz.plot_power_iteration(_power_result(reference=False), 3.0)
    with pytest.raises(ValueError, match="eigenvalue"):
        sviz.plot_power_iteration(_power_result(), 0.0)
    with pytest.raises(ValueError, match="ratio"):
        sviz.plot_power_iteration(_power_result(), 3.0, ratio=-1.0)


def test_matrix_image():
    fig, ax = plt.subplots()
    a = np.arange(12.0).reshape(3, 4)
    assert sviz.plot_matrix_image(a, ax=ax, title="t", vmin=0, vmax=11) is ax
    (im,) = [c for c in ax.get_children() if isinstance(c, AxesImage)]
    np.testing.assert_array_equal(im.get_array(), a)
    assert ax.get_title() == "t"
    with pytest.raises(ValueError, match="a"):
        sviz.plot_matrix_image(np.ones(3))


def test_low_rank_errors_plot_drops_zero_error():
    fig, ax = plt.subplots()
    a = np.random.default_rng(0).standard_normal((6, 4))
    errs = spectral.low_rank_errors(a)           # k = 4 has zero error
    assert sviz.plot_low_rank_errors(errs, ax=ax) is ax
    lines = ax.get_lines()
    assert len(lines) == 4
    assert all(len(line.get_xdata()) == 3 for line in lines)
    assert ax.get_yscale() == "log"


def test_explained_variance_plot():
    fig, ax = plt.subplots()
    x = spectral.sample_with_spectrum(200, [5.0, 2.0, 1.0, 0.5],
                                      rng=np.random.default_rng(0))
    res = spectral.pca(x)
    assert sviz.plot_explained_variance(res, ax=ax) is ax
    assert len(ax.patches) == 4
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_array_equal(heights, res.explained_variance_ratio)
    cum = ax.get_lines()[0].get_ydata()
    # ratios var_i / total (1 rounding each, total itself a sum of k = 4):
    # their cumulative sum is 1 within (2k + 2) u = (k + 1) EPS
    assert abs(cum[-1] - 1.0) <= 5 * EPS


def test_explained_variance_plot_bad_threshold():
    res = spectral.pca(np.random.default_rng(0).standard_normal((10, 3)))
    with pytest.raises(ValueError, match="threshold"):
        sviz.plot_explained_variance(res, threshold=2.0)


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


_S = np.array([[2.0, 1.0], [1.0, 1.0]])
_POWER = spectral.power_iteration(
    _S, num_iters=6, x0=[1.0, 0.0],
    reference=spectral.spectral_decomposition(_S).eigenvectors[:, 0])
_A = [[1.0, 2.0, 0.5], [3.0, 4.0, 1.0], [5.0, 7.0, 2.0], [1.0, 0.0, 1.0]]


@pytest.mark.parametrize("call, name", [
    (lambda: sviz.plot_svd_input(_S, lim=-1.0), "lim"),
    (lambda: sviz.plot_svd_output(np.zeros((2, 2))), "a"),
    (lambda: sviz.plot_svd_output(_S * 1e300), "a"),
    (lambda: sviz.plot_power_iteration(_POWER, 5e-324), "eigenvalue"),
    (lambda: sviz.plot_power_iteration(_POWER, 2.6, ratio=1e-300),
     "ratio"),
    (lambda: sviz.plot_power_iteration(_POWER, 2.6, floor=0.0), "floor"),
    (lambda: sviz.plot_power_iteration(tuple(_POWER), 2.6), "result"),
    (lambda: sviz.plot_matrix_image(_A, vmin=1.0, vmax=0.0), "vmin"),
    (lambda: sviz.plot_matrix_image(_A, title=3), "title"),
    (lambda: sviz.plot_low_rank_errors(None), "errors"),
    (lambda: sviz.plot_low_rank_errors(spectral.low_rank_errors(_A),
                                       relative="yes"), "relative"),
    (lambda: sviz.plot_explained_variance(spectral.pca(_A),
                                          threshold=2.0), "threshold"),
    (lambda: sviz.plot_matrix_image(_A, ax=3), "ax"),
])
def test_spectral_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


@pytest.mark.parametrize("k", [-100, 0, 100])
def test_svd_panels_are_scale_free(k):
    a = np.array([[2.0, 1.0], [0.0, 1.0]]) * 10.0**k
    ax = sviz.plot_svd_output(a)
    assert len(ax.get_lines()) >= 1
