"""Tests for execmath.viz.descent: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.contour import QuadContourSet

from execmath import descent
from execmath import testfunctions as tf
from execmath.viz import descent as dviz

Q = tf.anisotropic_quadratic(10.0, angle=0.5, center=[0.5, 0.0])
X0 = np.array([-1.5, 1.0])


def _runs():
    fixed = descent.gradient_descent(Q.value, Q.gradient, X0,
                                     line_search="fixed", step=0.15,
                                     tol=1e-6)
    bt = descent.gradient_descent(Q.value, Q.gradient, X0, c=0.1, tol=1e-6)
    return fixed, bt


def test_progress_lines_match_traces():
    fixed, bt = _runs()
    fig, ax = plt.subplots()
    out = dviz.plot_progress([fixed, bt], metric="grad_norms", count="evals",
                             labels=["fixed", "bt"], level=1e-3,
                             level_label="tol", ax=ax)
    assert out is ax and ax.get_yscale() == "log"
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    np.testing.assert_array_equal(lines["bt"].get_xdata(), bt.evals)
    np.testing.assert_allclose(lines["bt"].get_ydata(), bt.grad_norms)
    np.testing.assert_array_equal(lines["fixed"].get_xdata(), fixed.g_evals)
    assert lines["tol"].get_ydata()[0] == 1e-3


def test_progress_gap_leaves_out_nonpositive_values():
    fixed, _ = _runs()
    fig, ax = plt.subplots()
    f_star = float(fixed.values[-1])             # last gap is exactly 0
    dviz.plot_progress(fixed, metric="values", count="iterations",
                       f_star=f_star, ax=ax)
    y = ax.get_lines()[0].get_ydata()
    assert np.isnan(y[-1]) and np.all(y[:-1][np.isfinite(y[:-1])] > 0)


def test_paths_draw_each_trace():
    fixed, bt = _runs()
    fig, ax = plt.subplots()
    out = dviz.plot_paths(Q.value, [fixed, bt.iterates], labels=["a", "b"],
                          x_star=Q.minimiser(), levels=8, max_markers=20,
                          ax=ax)
    assert out is ax
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    np.testing.assert_allclose(lines["a"].get_xydata(), fixed.iterates)
    np.testing.assert_allclose(lines["b"].get_xydata(), bt.iterates)
    long_run = lines["a"] if fixed.n_iter > 20 else lines["b"]
    assert long_run.get_marker() in ("None", "", None)
    assert "start" in lines and "minimiser" in lines
    assert any(isinstance(c, QuadContourSet) for c in ax.collections) or \
        len(ax.collections) > 0
    assert ax.get_aspect() == 1.0


def test_bad_input_raises_before_any_figure():
    fixed, _ = _runs()
    n = len(plt.get_fignums())
    with pytest.raises(TypeError, match="traces"):
        dviz.plot_progress(None)
    with pytest.raises(ValueError, match="traces"):
        dviz.plot_progress([])
    with pytest.raises(ValueError, match="metric"):
        dviz.plot_progress([fixed], metric="loss")
    with pytest.raises(ValueError, match="count"):
        dviz.plot_progress([fixed], count="seconds")
    with pytest.raises(ValueError, match="colors"):
        dviz.plot_progress([fixed], colors=["not-a-colour"])
    with pytest.raises(ValueError, match="linestyles"):
        dviz.plot_progress([fixed], linestyles=["~"])
    with pytest.raises(ValueError, match="level"):
        dviz.plot_progress([fixed], level=-1.0)
    with pytest.raises(TypeError, match="ax"):
        dviz.plot_progress([fixed], ax=3)
    with pytest.raises(TypeError, match="f"):
        dviz.plot_paths(None, [fixed])
    with pytest.raises(ValueError, match="runs"):
        dviz.plot_paths(Q.value, [np.ones((4, 3))])
    with pytest.raises(ValueError, match="xlim"):
        dviz.plot_paths(Q.value, [fixed], xlim=(1.0, -1.0))
    with pytest.raises(ValueError, match="levels"):
        dviz.plot_paths(Q.value, [fixed], levels=[3.0, 1.0])
    with pytest.raises(ValueError, match="legend_loc"):
        dviz.plot_paths(Q.value, [fixed], legend_loc="somewhere")
    with pytest.raises(ValueError, match="f"):
        dviz.plot_paths(tf.rosenbrock, [fixed], xlim=(-1e200, 1e200))
    assert len(plt.get_fignums()) == n
