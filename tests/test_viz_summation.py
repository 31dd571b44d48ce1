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
