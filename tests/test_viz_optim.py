"""Tests for execmath.viz.optim: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.quiver import Quiver

from execmath import optim
from execmath.viz import optim as oviz


@pytest.fixture
def bowl():
    return optim.make_quadratic([1.0, 4.0], angle=np.pi / 6,
                                center=[0.5, 0.25])


def test_gradient_field_draws_contours_unit_arrows_and_axes(bowl):
    fig, ax = plt.subplots()
    out = oviz.plot_gradient_field(bowl.value, bowl.gradient, ax=ax,
                                   n_arrows=9, x_star=bowl.minimiser(),
                                   hessian=bowl.A)
    assert out is ax
    quivers = [c for c in ax.collections if isinstance(c, Quiver)]
    assert len(quivers) == 1
    q = quivers[0]
    assert q.N == 81
    lengths = np.hypot(q.U, q.V)
    np.testing.assert_allclose(lengths[lengths > 0], 1.0)
    # arrows point downhill: opposite to the gradient
    pts = np.column_stack([q.X, q.Y])
    g = bowl.gradient(pts)
    assert np.all(np.sum(g * np.column_stack([q.U, q.V]), axis=1) <= 0)
    labels = [line.get_label() for line in ax.get_lines()]
    assert sum("stable axis" in lab for lab in labels) == 2
    assert "stationary point" in labels
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_aspect() == 1.0


def test_gradient_field_labels_unstable_axis_of_saddle():
    saddle = optim.Quadratic(np.diag([2.0, -2.0]), np.zeros(2))
    fig, ax = plt.subplots()
    oviz.plot_gradient_field(saddle.value, saddle.gradient, ax=ax,
                             x_star=[0.0, 0.0], hessian=saddle.A)
    labels = [line.get_label() for line in ax.get_lines()]
    assert any(lab.startswith("unstable") for lab in labels)
    assert any(lab.startswith("stable") for lab in labels)


def test_gradient_field_bad_input(bowl):
    with pytest.raises(ValueError, match="f must be callable"):
        oviz.plot_gradient_field(None, bowl.gradient)
    with pytest.raises(ValueError, match="n_arrows"):
        oviz.plot_gradient_field(bowl.value, bowl.gradient, n_arrows=1)
    with pytest.raises(ValueError, match="x_star"):
        oviz.plot_gradient_field(bowl.value, bowl.gradient, x_star=[0.0])
    with pytest.raises(ValueError, match="hessian"):
        oviz.plot_gradient_field(bowl.value, bowl.gradient,
                                 x_star=[0.0, 0.0], hessian=np.eye(3))
    with pytest.raises(ValueError, match="f must map"):
        oviz.plot_gradient_field(lambda p: 1.0, bowl.gradient)


def _runs(q):
    return [optim.gradient_descent(q.gradient, [-1.5, 1.0], s, 20,
                                   f=q.value) for s in (0.1, 0.3)]


def test_trajectories_draw_each_path(bowl):
    runs = _runs(bowl)
    fig, ax = plt.subplots()
    out = oviz.plot_trajectories(bowl.value, runs, labels=["a", "b"],
                                 x_star=bowl.minimiser(),
                                 colors=["C3", "C4"], ax=ax)
    assert out is ax
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["a"].get_xydata(), runs[0].iterates)
    np.testing.assert_allclose(lines["b"].get_xydata(), runs[1].iterates)
    assert "minimiser" in lines and "start" in lines
    assert any(isinstance(c, LineCollection) or hasattr(c, "levels")
               for c in ax.collections)
    assert ax.get_aspect() == 1.0
    assert ax.get_legend() is not None
    # raw arrays work too
    fig, ax2 = plt.subplots()
    oviz.plot_trajectories(bowl.value, [runs[0].iterates], ax=ax2)
    assert ax2.get_legend() is None


def test_trajectories_bad_input(bowl):
    with pytest.raises(ValueError, match="runs"):
        oviz.plot_trajectories(bowl.value, [])
    with pytest.raises(ValueError, match="runs"):
        oviz.plot_trajectories(bowl.value, [np.zeros((5, 3))])
    with pytest.raises(ValueError, match="labels"):
        oviz.plot_trajectories(bowl.value, _runs(bowl), labels=["a"])
    with pytest.raises(ValueError, match="colors"):
        oviz.plot_trajectories(bowl.value, _runs(bowl), colors=["k"])


def test_convergence_plots_gaps_on_log_axis(bowl):
    runs = _runs(bowl)
    f_star = bowl.value(bowl.minimiser())
    fig, ax = plt.subplots()
    out = oviz.plot_convergence(runs, f_star, labels=["a", "b"],
                                rates=[0.9, 0.7], ax=ax)
    assert out is ax
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert len(lines) == 4                       # two gaps, two bounds
    np.testing.assert_allclose(lines[0].get_ydata(), runs[0].values - f_star)
    k = np.arange(runs[0].values.size)
    np.testing.assert_allclose(lines[1].get_ydata(),
                               (runs[0].values[0] - f_star) * 0.81 ** k)


def test_convergence_drops_non_positive_gaps():
    q = optim.Quadratic(np.eye(1), [0.0])
    run = optim.gradient_descent(q.gradient, [1.0], 1.0, 3, f=q.value)
    fig, ax = plt.subplots()
    oviz.plot_convergence([run], 0.0, ax=ax)
    y = ax.get_lines()[0].get_ydata()
    assert y[0] == 0.5 and np.all(np.isnan(y[1:]))


def test_convergence_bad_input(bowl):
    runs = _runs(bowl)
    with pytest.raises(ValueError, match="runs"):
        oviz.plot_convergence([], 0.0)
    with pytest.raises(ValueError, match="runs"):
        oviz.plot_convergence(
            [optim.gradient_descent(bowl.gradient, [1.0, 1.0], 0.1, 3)], 0.0)
    with pytest.raises(ValueError, match="rates"):
        oviz.plot_convergence(runs, 0.0, rates=[0.5])
