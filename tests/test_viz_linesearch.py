"""Tests for execmath.viz.linesearch: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PolyCollection

from execmath import linesearch as ls
from execmath import testfunctions as tf
from execmath.viz import linesearch as lviz

X0 = np.array([-1.2, 1.0])
G0 = tf.rosenbrock_gradient(X0)


def _search(c=0.1, beta=0.5):
    return ls.backtracking(tf.rosenbrock, X0, -G0, G0, alpha0=0.004,
                           beta=beta, c=c)


def test_line_search_artists():
    r = _search()
    fig, ax = plt.subplots()
    out = lviz.plot_line_search(tf.rosenbrock, X0, -G0, r, ax=ax)
    assert out is ax
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    rejected = [ln for ln in ax.get_lines() if ln.get_marker() == "X"]
    accepted = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(rejected) == r.n_trials - 1 and len(accepted) == 1
    np.testing.assert_allclose(accepted[0].get_xydata()[0],
                               [r.step, r.value])
    for ln, a, v in zip(rejected, r.rejected, r.values):
        np.testing.assert_allclose(ln.get_xydata()[0], [a, v])
    armijo = lines["Armijo line, $c = 0.1$"]
    a, y = armijo.get_xydata().T
    np.testing.assert_allclose(y, r.f0 + 0.1 * a * r.slope0)
    assert any(isinstance(c, PolyCollection) for c in ax.collections)
    assert "rejected trial" in lines and "sufficient decrease" in [
        t.get_text() for t in ax.get_legend().get_texts()]


def test_line_search_clips_above_y_max():
    r = _search()
    fig, ax = plt.subplots()
    lviz.plot_line_search(tf.rosenbrock, X0, -G0, r, y_max=50.0, ax=ax)
    tri = [ln for ln in ax.get_lines() if ln.get_marker() == "^"]
    assert len(tri) == 1                             # the trial at 155
    assert ax.get_ylim()[1] < 60


def test_armijo_artists():
    rs = [_search(c) for c in (0.1, 0.5, 0.9)]
    fig, ax = plt.subplots()
    out = lviz.plot_armijo(tf.rosenbrock, X0, -G0, rs, labels=["a", "b", "c"],
                           alpha_max=0.0022, ax=ax)
    assert out is ax
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 3                          # one line per c
    labels = {ln.get_label(): ln for ln in ax.get_lines()}
    for lab, r in zip("abc", rs):
        np.testing.assert_allclose(labels[lab].get_xydata()[0],
                                   [r.step, r.value])
    # one line only when the searches share c
    fig, ax2 = plt.subplots()
    lviz.plot_armijo(tf.rosenbrock, X0, -G0,
                     [_search(0.5, b) for b in (0.3, 0.8)], ax=ax2)
    assert len([ln for ln in ax2.get_lines()
                if ln.get_linestyle() == "--"]) == 1


def test_bad_input_raises_before_any_figure():
    r = _search()
    n = len(plt.get_fignums())
    with pytest.raises(TypeError, match="result"):
        lviz.plot_line_search(tf.rosenbrock, X0, -G0, (1, 2))
    with pytest.raises(ValueError, match="result must come from the slice"):
        lviz.plot_line_search(tf.rosenbrock, X0 + 1.0, -G0, r)
    with pytest.raises(ValueError, match="y_max"):
        lviz.plot_line_search(tf.rosenbrock, X0, -G0, r, y_max=1.0)
    with pytest.raises(ValueError, match="alpha_max"):
        lviz.plot_line_search(tf.rosenbrock, X0, -G0, r, alpha_max=1e300)
    with pytest.raises(TypeError, match="ax"):
        lviz.plot_line_search(tf.rosenbrock, X0, -G0, r, ax="axes")
    with pytest.raises(ValueError, match="results"):
        lviz.plot_armijo(tf.rosenbrock, X0, -G0, [])
    with pytest.raises(TypeError, match="results"):
        lviz.plot_armijo(tf.rosenbrock, X0, -G0, None)
    with pytest.raises(ValueError, match="labels"):
        lviz.plot_armijo(tf.rosenbrock, X0, -G0, [r], labels=["a", "b"])
    with pytest.raises(ValueError, match="n_grid"):
        lviz.plot_armijo(tf.rosenbrock, X0, -G0, [r], n_grid=1)
    with pytest.raises(ValueError, match="p"):
        lviz.plot_armijo(tf.rosenbrock, X0, [np.nan, 1.0], [r])
    assert len(plt.get_fignums()) == n
