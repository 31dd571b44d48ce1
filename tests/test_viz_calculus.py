"""Tests for execmath.viz.calculus."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import calculus as calc
from execmath.viz import calculus as cviz

# Tolerances below are error bounds in units of EPS = 2u (u = 2**-53, the
# unit roundoff) times an operation count, or exact where the plot only
# passes data through.
EPS = np.finfo(np.float64).eps

X0 = 1.0
DERIVS = np.array([np.sin(X0), np.cos(X0), -np.sin(X0), -np.cos(X0)])


def test_plot_tangent_draws_curve_tangent_point_and_zoom():
    fig, ax = plt.subplots()
    out = cviz.plot_tangent(np.sin, X0, DERIVS[1], zoom=0.1, ax=ax)
    assert out is ax
    lines = ax.get_lines()
    assert len(lines) == 3                       # f, tangent, the point x0
    x, y = lines[1].get_data()
    # t(x) = f(x0) + f'(x0) (x - x0): 3 roundings, relative to the terms'
    # magnitudes |f(x0)| + |f'(x0)| |x - x0| (f(x0) = sin(x0) = DERIVS[0])
    scale = abs(DERIVS[0]) + abs(DERIVS[1]) * np.abs(x - X0)
    assert np.all(np.abs(y - (DERIVS[0] + DERIVS[1] * (x - X0)))
                  <= 2 * EPS * scale)
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
    # the plotted model is taylor_polynomial on the same grid
    np.testing.assert_array_equal(y, calc.taylor_polynomial(DERIVS[:3], X0, x))


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
    # through the right end: err[-1] (h/h[-1])**2 with err = h**2 -- the
    # quotient's rounding doubles in the square: <= 6u = 3 EPS, plus h**2
    np.testing.assert_allclose(ref, h**2, rtol=4 * EPS, atol=0)


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
    np.testing.assert_array_equal(xs, [calc.optimal_step("forward"),
                                       calc.optimal_step("central")])


def test_plot_step_size_sweep_bad_input():
    with pytest.raises(ValueError, match="sweeps"):
        cviz.plot_step_size_sweep([])


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


_H = np.array([1e-6, 1e-4, 1e-2])


@pytest.mark.parametrize("call, name", [
    (lambda: cviz.plot_tangent(None, 0.5, 1.0), "f"),
    (lambda: cviz.plot_tangent(np.sin, 0.5, 1.0, zoom=-1.0), "zoom"),
    (lambda: cviz.plot_tangent(np.sin, 0.5, 1.0, legend="no"), "legend"),
    (lambda: cviz.plot_tangent(np.sin, 1e308, 1.0), "x0"),
    (lambda: cviz.plot_tangent(np.sin, 0.5, 1e308, halfwidth=10.0),
     "slope"),
    (lambda: cviz.plot_tangent(np.log, 0.5, 2.0), "f"),     # log(<0) = nan
    (lambda: cviz.plot_tangent_gap(_H * 1e300, _H, 1.0), "h"),
    (lambda: cviz.plot_taylor_models(np.exp, [1.0, 1.0], 0.0, orders=(2,)),
     "orders"),
    (lambda: cviz.plot_taylor_models(np.exp, [1.0, 1.0], 0.0,
                                     orders=(1.0,)), "orders"),
    (lambda: cviz.plot_loglog_errors(_H, 3), "errors"),
    (lambda: cviz.plot_loglog_errors(_H, {"a": _H},
                                     ref_slopes={"a": "1"}), "ref_slopes"),
    (lambda: cviz.plot_step_size_sweep(3), "sweeps"),
    (lambda: cviz.plot_step_size_sweep(
        [calc.step_error_sweep(np.sin, [0.5], [np.cos(0.5)], _H)],
        eps=-1.0), "eps"),
    (lambda: cviz.plot_tangent(np.sin, 0.5, 1.0, ax=3), "ax"),
])
def test_calculus_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


def test_taylor_models_of_constant_function_draw():
    # a constant f used to give identical y-limits (a warning, an error in
    # the tests): the range is padded now
    ax = cviz.plot_taylor_models(lambda x: np.ones_like(x), [1.0, 0.0], 0.0,
                                 orders=(1,))
    lo, hi = ax.get_ylim()
    assert lo < 1.0 < hi
