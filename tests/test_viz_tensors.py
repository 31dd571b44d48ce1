"""Tests for execmath.viz.tensors."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

from execmath import tensors
from execmath.viz import tensors as tviz


def _rectangles(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_broadcast_sum_draws_three_grids():
    fig, ax = plt.subplots()
    u, v = np.array([0.0, 10.0, 20.0]), np.array([1.0, 2.0, 3.0, 4.0])
    out = tviz.plot_broadcast_sum(u, v, ax=ax)
    assert out is ax
    assert len(_rectangles(ax)) == 3 * 3 * 4      # three (m, n) grids
    texts = {t.get_text() for t in ax.texts}
    for value in np.add.outer(u, v).ravel():       # every sum annotated
        assert f"{value:g}" in texts
    assert {"+", "="} <= texts


def test_broadcast_sum_marks_stored_entries_solid():
    """Only m + n + m*n cells are solid: the column, the row and the sum;
    the stretched copies are dashed."""
    fig, ax = plt.subplots()
    tviz.plot_broadcast_sum([1.0, 2.0], [1.0, 2.0, 3.0], ax=ax)
    solid = [p for p in _rectangles(ax) if p.get_linestyle() == "-"]
    assert len(solid) == 2 + 3 + 2 * 3


def test_broadcast_sum_bad_input():
    with pytest.raises(ValueError, match="u"):
        tviz.plot_broadcast_sum(np.ones((2, 2)), [1.0])
    with pytest.raises(ValueError, match="v"):
        tviz.plot_broadcast_sum([1.0], [np.nan])


@pytest.mark.parametrize("b, sheets", [(1, 1), (3, 3), (256, 4)])
def test_batched_matmul_shapes(b, sheets):
    fig, ax = plt.subplots()
    out = tviz.plot_batched_matmul_shapes(b, 4, 3, 5, ax=ax)
    assert out is ax
    assert len(_rectangles(ax)) == 3 * sheets
    assert f"({b}, 4, 3)" in ax.get_title()


def test_batched_matmul_shapes_bad_input():
    with pytest.raises(ValueError, match="b"):
        tviz.plot_batched_matmul_shapes(0, 2, 2, 2)
    with pytest.raises(ValueError, match="k"):
        tviz.plot_batched_matmul_shapes(2, 2, 2.5, 2)


def test_matmul_timings():
    study = tensors.MatmulTimingStudy(
        batch_sizes=np.array([1, 4, 16]), shape=(2, 3, 4),
        loop=np.array([1e-4, 4e-4, 1.6e-3]),
        per_batch=np.array([1e-5, 2e-5, 6e-5]),
        vectorised=np.array([1e-6, 1.2e-6, 2e-6]))
    fig, ax = plt.subplots()
    out = tviz.plot_matmul_timings(study, ax=ax)
    assert out is ax
    assert len(ax.get_lines()) == 3
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.get_lines()[2].get_ydata(),
                                  study.vectorised)      # passed through
    assert any("800" in t.get_text() for t in ax.texts)   # 1.6e-3 / 2e-6


def test_matmul_timings_bad_input():
    with pytest.raises(ValueError, match="study"):
        tviz.plot_matmul_timings({"loop": [1.0]})


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


@pytest.mark.parametrize("call, name", [
    (lambda: tviz.plot_broadcast_sum([1.0, 2.0], [1.0], fmt=None), "fmt"),
    (lambda: tviz.plot_broadcast_sum([1.0, 2.0], [1.0], fmt="{:q}"), "fmt"),
    (lambda: tviz.plot_broadcast_sum(np.arange(100.0), [1.0]), "u"),
    (lambda: tviz.plot_broadcast_sum([1e308, -1e308], [1.0]), "u"),
    (lambda: tviz.plot_batched_matmul_shapes(2, 3, 4, 0), "n"),
    (lambda: tviz.plot_matmul_timings(None), "study"),
    (lambda: tviz.plot_batched_matmul_shapes(2, 3, 4, 5, ax="a"), "ax"),
])
def test_tensors_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)
