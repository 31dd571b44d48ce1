"""Tests for execmath.viz.calculus."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import calculus as calc
from execmath.viz import calculus as cviz

X0 = 1.0
DERIVS = np.array([np.sin(X0), np.cos(X0), -np.sin(X0), -np.cos(X0)])


def test_plot_tangent_draws_curve_tangent_point_and_zoom():
    fig, ax = plt.subplots()
    out = cviz.plot_tangent(np.sin, X0, DERIVS[1], zoom=0.1, ax=ax)
    assert out is ax
    lines = ax.get_lines()
    assert len(lines) == 3                       # f, tangent, the point x0
    x, y = lines[1].get_data()
    np.testing.assert_allclose(y, DERIVS[0] + DERIVS[1] * (x - X0))
    assert len(ax.patches) == 1                  # the zoom window
    assert ax.get_legend() is not None


def test_plot_tangent_without_legend_and_bad_input():
    fig, ax = plt.subplots()
    cviz.plot_tangent(np.sin, X0, 0.5, legend=False, ax=ax)
    assert ax.get_legend() is None
    with pytest.raises(ValueError, match="halfwidth"):
        cviz.plot_tangent(np.sin, X0, 0.5, halfwidth=0.0)


def test_plot_tangent_gap_lines_and_bad_input():
    h = np.logspace(-3, -1, 5)
    gap = calc.taylor_remainder(np.sin, DERIVS, X0, h, 1)
    fig, ax = plt.subplots()
    assert cviz.plot_tangent_gap(h, gap, DERIVS[2], ax=ax) is ax
    assert len(ax.get_lines()) == 2
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="gap"):
        cviz.plot_tangent_gap(h, -gap, DERIVS[2])


def test_plot_taylor_models_draws_each_order():
    fig, ax = plt.subplots()
    out = cviz.plot_taylor_models(np.sin, DERIVS, X0, orders=(1, 2, 3), ax=ax)
    assert out is ax
    assert len(ax.get_lines()) == 1 + 3 + 1      # f, three models, the point
    x, y = ax.get_lines()[2].get_data()          # the quadratic
    np.testing.assert_allclose(y, calc.taylor_polynomial(DERIVS[:3], X0, x))


def test_plot_taylor_models_rejects_missing_derivatives():
    with pytest.raises(ValueError, match="orders"):
        cviz.plot_taylor_models(np.sin, DERIVS[:2], X0, orders=(1, 2))


def test_plot_loglog_errors_with_reference():
    h = np.logspace(-3, 0, 7)
    fig, ax = plt.subplots()
    out = cviz.plot_loglog_errors(h, {"a": h**2, "b": h**3},
                                  ref_slopes={"a": 2}, ax=ax)
    assert out is ax
    assert len(ax.get_lines()) == 3
    _, ref = ax.get_lines()[1].get_data()
    np.testing.assert_allclose(ref, h**2)        # through the right end


def test_plot_loglog_errors_bad_input():
    with pytest.raises(ValueError, match="errors"):
        cviz.plot_loglog_errors([1.0, 2.0], {"a": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="h"):
        cviz.plot_loglog_errors([0.0, 1.0], {"a": [1.0, 2.0]})


def test_plot_step_size_sweep_marks_optima():
    hs = np.logspace(-12, -1, 23)
    sweeps = [calc.step_error_sweep(np.sin, X0, DERIVS[1], hs, m)
              for m in ("forward", "central")]
    fig, ax = plt.subplots()
    assert cviz.plot_step_size_sweep(sweeps, ax=ax) is ax
    # per sweep: the curve, the minimum marker, the vertical h* line
    assert len(ax.get_lines()) == 6
    xs = [ln.get_xdata()[0] for ln in ax.get_lines()[2::3]]
    np.testing.assert_allclose(xs, [calc.optimal_step("forward"),
                                    calc.optimal_step("central")])


def test_plot_step_size_sweep_bad_input():
    with pytest.raises(ValueError, match="sweeps"):
        cviz.plot_step_size_sweep([])
