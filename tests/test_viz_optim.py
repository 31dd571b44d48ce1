"""Tests for execmath.viz.optim: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.quiver import Quiver

from execmath import optim
from execmath.viz import optim as oviz

# Tolerances below are error bounds in units of EPS = 2u (u = 2**-53, the
# unit roundoff) times an operation count, or exact where the plot only
# passes data through.
EPS = np.finfo(np.float64).eps


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
    # g / ||g|| (norm2: exact scaling, 2 squares, 1 sum, 1 root; then 1
    # division per entry) and hypot again: <= 8u = 4 EPS from 1
    np.testing.assert_allclose(lengths[lengths > 0], 1.0, rtol=4 * EPS)
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
    np.testing.assert_array_equal(lines["a"].get_xydata(), runs[0].iterates)
    np.testing.assert_array_equal(lines["b"].get_xydata(), runs[1].iterates)
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
    np.testing.assert_array_equal(lines[0].get_ydata(),
                                  runs[0].values - f_star)
    k = np.arange(runs[0].values.size)
    # 0.9**(2k) against 0.81**k: fl(0.9)**2 != fl(0.81), each rounding
    # compounds k-fold (<= 3 k u), plus <= 2 roundings in pow and product
    np.testing.assert_allclose(lines[1].get_ydata(),
                               (runs[0].values[0] - f_star) * 0.81 ** k,
                               rtol=(3 * k.max() + 4) * EPS / 2, atol=0)


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


_Q = optim.make_quadratic([1.0, 4.0], angle=0.4, center=[0.5, 0.25])
_RUN = optim.gradient_descent(_Q.gradient, [-1.5, 1.5], 0.2, 8, f=_Q.value)


def _raising_f(p):
    raise ZeroDivisionError("boom")


@pytest.mark.parametrize("call, name", [
    (lambda: oviz.plot_gradient_field(_Q.value, None), "grad"),
    (lambda: oviz.plot_gradient_field(_Q.value, _Q.gradient, levels=-1),
     "levels"),
    (lambda: oviz.plot_gradient_field(_Q.value, _Q.gradient,
                                      levels=2**40), "levels"),
    (lambda: oviz.plot_gradient_field(_Q.value, _Q.gradient,
                                      cmap="bogus"), "cmap"),
    (lambda: oviz.plot_gradient_field(_Q.value, _Q.gradient,
                                      x_star=[0.5, 0.25],
                                      hessian=np.full((2, 2), 1e308)),
     "hessian"),
    (lambda: oviz.plot_gradient_field(_Q.value, _Q.gradient,
                                      xlim=(-2e300, 2e300)), "xlim"),
    (lambda: oviz.plot_gradient_field(_raising_f, _Q.gradient), "f"),
    (lambda: oviz.plot_trajectories(_Q.value, 3), "runs"),
    (lambda: oviz.plot_trajectories(_Q.value, [_RUN], colors=[1.0]),
     "colors"),
    (lambda: oviz.plot_trajectories(_Q.value, [_RUN], labels=3), "labels"),
    (lambda: oviz.plot_convergence([_RUN], "0"), "f_star"),
    (lambda: oviz.plot_convergence([_RUN], 0.0, rates=[-1.0]), "rates"),
    (lambda: oviz.plot_convergence([_RUN], 0.0, colors=[]), "colors"),
    (lambda: oviz.plot_convergence([_RUN], 0.0, ax=3), "ax"),
])
def test_optim_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


def test_gradient_field_tells_two_stable_axes_apart_and_labels_float():
    """Issue 9 (fig-land-bowl-saddle): the two stable axes of a minimum are
    drawn in two styles, and contour labels sit above the arrows on a
    light patch."""
    q = optim.make_quadratic([1.0, 4.0], angle=0.5)
    fig, ax = plt.subplots()
    oviz.plot_gradient_field(q.value, q.gradient, ax=ax,
                             x_star=q.minimiser(), hessian=q.A)
    axes_lines = [ln for ln in ax.get_lines()
                  if "axis" in (ln.get_label() or "")]
    assert len(axes_lines) == 2
    styles = {(ln.get_linestyle(), ln.get_color()) for ln in axes_lines}
    assert len(styles) == 2
    quiver_z = max(c.get_zorder() for c in ax.collections)
    labels = [t for t in ax.texts if t.get_bbox_patch() is not None]
    assert labels and all(t.get_zorder() > 3 for t in labels)
    assert quiver_z <= 3
