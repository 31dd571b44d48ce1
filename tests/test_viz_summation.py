"""Tests for execmath.viz.summation."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import summation as sm
from execmath.viz import summation as sviz


@pytest.fixture(scope="module")
def result():
    x = np.full(5000, 0.1, dtype=np.float32)
    return sm.summation_errors(x, [10, 31, 100, 1000, 5000])


def test_draws_on_given_axes(result):
    fig, ax = plt.subplots()
    out = sviz.plot_summation_errors(result, ax=ax)
    assert out is ax
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    assert "naive (left to right)" in labels
    assert "Kahan (compensated)" in labels
    assert "pairwise (tree)" in labels
    assert any("(n-1)u" in lab for lab in labels)
    naive = ax.get_lines()[0]
    np.testing.assert_array_equal(naive.get_xdata(), result.n)
    np.testing.assert_array_equal(naive.get_ydata(), result.naive)


def test_zero_errors_drawn_at_floor():
    # 1 + 1 + ... is exact for every method: all errors are 0
    res = sm.summation_errors(np.ones(64, dtype=np.float32), [2, 8, 64])
    fig, ax = plt.subplots()
    sviz.plot_summation_errors(res, ax=ax, methods=("kahan",),
                               show_bounds=False)
    ydata = ax.get_lines()[0].get_ydata()
    np.testing.assert_array_equal(ydata, np.full(3, res.u / 16))
    assert any("exactly 0" in t.get_text()
               for t in ax.get_legend().get_texts())


def test_new_figure_when_no_axes(result):
    ax = sviz.plot_summation_errors(result, methods=("naive",))
    assert len(ax.get_lines()) == 3   # naive + bound + u line


@pytest.mark.parametrize("kw, name", [({"methods": ("magic",)}, "methods"),
                                      ({"methods": ()}, "methods")])
def test_bad_methods(result, kw, name):
    with pytest.raises(ValueError, match=name):
        sviz.plot_summation_errors(result, **kw)


def test_bad_result():
    with pytest.raises(ValueError, match="result"):
        sviz.plot_summation_errors({"n": [1]})


# --------------------------------------- plot_errors_in_units (chapter 2)
def test_errors_in_units_draws_on_given_axes(result):
    fig, ax = plt.subplots()
    out = sviz.plot_errors_in_units(result, ax=ax)
    assert out is ax
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    lines = {line.get_label(): line for line in ax.get_lines()}
    # the markers are the errors in units of u, dodged sideways in n
    pw = lines["pairwise (tree)"]
    keep = result.pairwise > 0
    # the plot divides by u exactly as here: bitwise equal
    np.testing.assert_array_equal(pw.get_ydata(),
                                  result.pairwise[keep] / result.u)
    assert np.all(pw.get_xdata() < result.n[keep])          # shifted left
    kahan = lines["Kahan (compensated)"]
    assert np.all(kahan.get_xdata() > result.n[result.kahan > 0])
    # each method has its own bound
    np.testing.assert_array_equal(
        lines[r"bound $\lceil\log_2 n\rceil u$"].get_ydata(),
        np.ceil(np.log2(result.n)))
    np.testing.assert_array_equal(lines["bound $2u$"].get_ydata(), 2.0)
    plt.close(fig)


def test_errors_in_units_one_method(result):
    fig, ax = plt.subplots()
    sviz.plot_errors_in_units(result, methods=("kahan",), ax=ax)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "pairwise (tree)" not in labels and "bound $2u$" in labels
    plt.close(fig)


@pytest.mark.parametrize("kwargs, name", [
    ({"methods": ("naive",)}, "methods"),
    ({"methods": ()}, "methods"),
    ({"methods": "kahan"}, "methods"),
    ({"ax": "axes"}, "ax"),
])
def test_errors_in_units_bad_input_leaves_no_figure(result, kwargs, name):
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError), match=name):
        sviz.plot_errors_in_units(result, **kwargs)
    assert len(plt.get_fignums()) == before


def test_errors_in_units_bad_result():
    before = len(plt.get_fignums())
    with pytest.raises(ValueError, match="result"):
        sviz.plot_errors_in_units((1, 2, 3))
    assert len(plt.get_fignums()) == before


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


@pytest.mark.parametrize("kwargs, name", [
    ({"methods": 3}, "methods"), ({"methods": ("naive", "bogus")}, "methods"),
    ({"show_bounds": "no"}, "show_bounds"), ({"ax": 3}, "ax"),
])
def test_summation_plot_validates_before_drawing(result, kwargs, name):
    _raises_without_figure(
        lambda: sviz.plot_summation_errors(result, **kwargs), name)


def test_summation_plots_reject_plain_tuple(result):
    _raises_without_figure(
        lambda: sviz.plot_summation_errors(tuple(result)), "result")
    _raises_without_figure(
        lambda: sviz.plot_errors_in_units(tuple(result)), "result")
