"""Tests for execmath.viz.llm (Agg backend, set in conftest)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import attention as at
from execmath import llm
from execmath.viz import llm as lviz

P = at.sinusoidal_positions(30, 16)


@pytest.fixture(scope="module")
def study():
    return llm.cost_study([8, 16, 32], 4, repeats=1,
                          rng=np.random.default_rng(0), block=4)


def test_heatmap_returns_axes_with_image():
    fig, ax = plt.subplots()
    out = lviz.plot_positional_heatmap(P, ax=ax)
    assert out is ax and len(ax.images) == 1
    assert ax.images[0].get_array().shape == P.shape
    plt.close(fig)


def test_ladder_draws_one_line_per_dim():
    fig, ax = plt.subplots()
    out = lviz.plot_positional_ladder(P, [0, 4, 8], ax=ax)
    assert out is ax
    curves = [ln for ln in ax.lines if len(ln.get_xdata()) == 30]
    assert len(curves) == 3 and len(ax.texts) == 3
    plt.close(fig)


@pytest.mark.parametrize("quantity, n_lines", [("memory", 4), ("flops", 1),
                                               ("time", 2)])
def test_cost_study_panels(study, quantity, n_lines):
    fig, ax = plt.subplots()
    out = lviz.plot_cost_study(study, quantity, ax=ax)
    assert out is ax and len(ax.lines) == n_lines
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    plt.close(fig)


@pytest.mark.parametrize("call, match", [
    (lambda: lviz.plot_positional_heatmap(np.zeros((3, 3))), "encoding"),
    (lambda: lviz.plot_positional_heatmap(2 * P), "encoding"),
    (lambda: lviz.plot_positional_heatmap(P, colorbar=1), "colorbar"),
    (lambda: lviz.plot_positional_ladder(P, [0, 0]), "dims"),
    (lambda: lviz.plot_positional_ladder(P, [16]), "dims"),
    (lambda: lviz.plot_positional_ladder(P, [0.0]), "dims"),
    (lambda: lviz.plot_positional_ladder(P, [0], spacing=1.0), "spacing"),
    (lambda: lviz.plot_positional_heatmap(np.full((2, 2), np.nan)),
     "encoding"),
    (lambda: lviz.plot_cost_study("study"), "study"),
])
def test_bad_input_raises_before_figure(call, match):
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError), match=match):
        call()
    assert len(plt.get_fignums()) == before


def test_bad_quantity_raises_before_figure(study):
    before = len(plt.get_fignums())
    with pytest.raises(ValueError, match="quantity"):
        lviz.plot_cost_study(study, "bytes")
    assert len(plt.get_fignums()) == before
