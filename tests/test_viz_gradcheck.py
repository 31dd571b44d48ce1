"""Tests for execmath.viz.gradcheck: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import gradcheck as gc
from execmath.viz import gradcheck as gviz


def f(v):
    return float(np.sum(np.sin(v)))


X = np.linspace(-1, 1, 12)
GOOD = gc.gradient_check(f, np.cos, X)
BAD = gc.gradient_check(f, lambda v: np.cos(v) * 1.1, X)
BOUND = gc.central_difference_bound(
    1e-5, np.ones(12), f(X), eps=2.0**-52)


class TestParity:
    def test_points_and_diagonal(self):
        fig, ax = plt.subplots()
        assert gviz.plot_gradient_parity(GOOD, bug=BAD, ax=ax) is ax
        diag, bug, good = ax.get_lines()
        np.testing.assert_array_equal(good.get_xdata(), GOOD.analytic)
        np.testing.assert_array_equal(good.get_ydata(), GOOD.numerical)
        np.testing.assert_array_equal(bug.get_xdata(), BAD.analytic)
        x0, x1 = diag.get_xdata()
        assert diag.get_ydata().tolist() == [x0, x1]
        assert ax.get_aspect() == 1.0

    def test_without_bug(self):
        fig, ax = plt.subplots()
        gviz.plot_gradient_parity(GOOD, ax=ax)
        assert len(ax.get_lines()) == 2

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(TypeError, match="check"):
            gviz.plot_gradient_parity(GOOD.analytic)
        other = gc.gradient_check(f, np.cos, X[:5])
        with pytest.raises(ValueError, match="bug"):
            gviz.plot_gradient_parity(GOOD, bug=other)
        assert len(plt.get_fignums()) == n


class TestResiduals:
    def test_errors_bound_and_tolerance(self):
        fig, ax = plt.subplots()
        assert gviz.plot_gradcheck_residuals(GOOD, BOUND, bug=BAD,
                                             ax=ax) is ax
        bound, good, bug, tol = ax.get_lines()
        den = np.maximum(np.maximum(np.abs(GOOD.analytic),
                                    np.abs(GOOD.numerical)), GOOD.floor)
        np.testing.assert_allclose(bound.get_ydata(), BOUND / den)
        np.testing.assert_array_equal(bug.get_ydata(),
                                      np.maximum(BAD.rel_error, 1e-17))
        assert tol.get_ydata()[0] == GOOD.tol
        assert ax.get_yscale() == "log"

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(ValueError, match="bound"):
            gviz.plot_gradcheck_residuals(GOOD, BOUND[:3])
        with pytest.raises(ValueError, match="bound"):
            gviz.plot_gradcheck_residuals(GOOD, -BOUND)
        with pytest.raises(TypeError, match="check"):
            gviz.plot_gradcheck_residuals(None, BOUND)
        assert len(plt.get_fignums()) == n
