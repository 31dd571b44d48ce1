"""Tests for execmath.viz.numerics."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import numerics
from execmath.viz import numerics as nviz


def test_cancellation_plot_draws_on_given_axes():
    rep = numerics.cancellation_experiment(np.logspace(0, 18, 37))
    fig, ax = plt.subplots()
    out = nviz.plot_cancellation_error(rep, ax=ax)
    assert out is ax
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    # naive, stable, kappa*u prediction, u line, 2**53 line
    assert len(ax.get_lines()) == 5
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("naive" in s for s in labels)
    assert any("stable" in s for s in labels)
    naive_line = ax.get_lines()[0]
    np.testing.assert_array_equal(naive_line.get_xdata(), rep.x)


def test_cancellation_plot_floors_zeros():
    rep = numerics.cancellation_experiment(np.array([1.0, 2.0]))
    rep = rep._replace(err_stable=np.zeros(2))
    ax = nviz.plot_cancellation_error(rep, floor=1e-20)
    assert np.all(ax.get_lines()[1].get_ydata() == 1e-20)


def test_cancellation_plot_rejects_bad_report():
    with pytest.raises(ValueError, match="report"):
        nviz.plot_cancellation_error((1, 2, 3))


def test_cancellation_plot_rejects_bad_floor():
    rep = numerics.cancellation_experiment(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="floor"):
        nviz.plot_cancellation_error(rep, floor=0.0)


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


_REP = numerics.cancellation_experiment([1.0, 1e8], digits=40)


@pytest.mark.parametrize("kwargs, name", [
    ({"floor": "1e-19"}, "floor"), ({"floor": np.inf}, "floor"),
    ({"floor": 5e-324}, "floor"), ({"floor": 2.0}, "floor"),
    ({"ax": "not an Axes"}, "ax"),
])
def test_cancellation_plot_validates_before_drawing(kwargs, name):
    _raises_without_figure(
        lambda: nviz.plot_cancellation_error(_REP, **kwargs), name)


def test_cancellation_plot_report_type_error():
    _raises_without_figure(lambda: nviz.plot_cancellation_error(None),
                           "report")
