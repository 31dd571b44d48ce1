"""Tests for execmath.viz.matcalc."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

from execmath import matcalc as mc
from execmath.viz import matcalc as mviz


def _products(m=4, n=7):
    rng = np.random.default_rng(9)
    W = rng.standard_normal((m, n)) / np.sqrt(n)
    b, x = 0.1 * rng.standard_normal(m), rng.standard_normal(n)
    return mc.layer_products(W, b, x, rng.standard_normal(m),
                             rng.standard_normal(n))


@pytest.mark.parametrize("mode", ["jvp", "vjp"])
def test_layer_products_bars(mode):
    p = _products()
    fig, ax = plt.subplots()
    out = mviz.plot_layer_products(p, mode, ax=ax)
    assert out is ax
    bars = [r for r in ax.patches if isinstance(r, Rectangle)]
    heights = np.array([r.get_height() for r in bars])
    assert heights.size == 7 + 4                   # input block + output
    left, right = (p.v, p.jvp) if mode == "jvp" else (p.vjp, p.u)
    # bar heights are the vectors, passed through
    np.testing.assert_array_equal(heights, np.concatenate([left, right]))
    scalar = p.u_dot_jvp if mode == "jvp" else p.vjp_dot_v
    assert f"{scalar:.12f}" in ax.get_title()
    assert len(ax.get_legend().get_texts()) == 2


def test_layer_products_bad_input():
    with pytest.raises(ValueError, match="mode"):
        mviz.plot_layer_products(_products(), "both")
    with pytest.raises(ValueError, match="products"):
        mviz.plot_layer_products((1, 2), "jvp")


@pytest.mark.parametrize("varying", ["n", "m"])
def test_mode_costs(varying):
    rng = np.random.default_rng(0)
    study = mc.mode_cost_study([1, 4, 16, 64], fixed=4, varying=varying,
                               hidden=8, rng=rng)
    fig, ax = plt.subplots()
    out = mviz.plot_mode_costs(study, ax=ax)
    assert out is ax
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    fwd, rev = ax.get_lines()[:2]
    np.testing.assert_array_equal(fwd.get_ydata(), study.forward_flops)
    np.testing.assert_array_equal(rev.get_ydata(), study.reverse_flops)
    winner = "reverse" if varying == "n" else "forward"
    assert any(t.get_text().startswith(winner) for t in ax.texts)


def test_mode_costs_bad_input():
    with pytest.raises(ValueError, match="study"):
        mviz.plot_mode_costs({"n": [1]})


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


def test_matcalc_plots_validate_before_drawing():
    _raises_without_figure(lambda: mviz.plot_layer_products(None, "jvp"),
                           "products")
    _raises_without_figure(lambda: mviz.plot_mode_costs(3), "study")
    _raises_without_figure(lambda: mviz.plot_mode_costs(None, ax="a"),
                           "study")


# ----------------------------------------------------- plot_jacobian_slices
def _slices(m=4, n=7, j=2, i=1):
    rng = np.random.default_rng(5)
    W = rng.standard_normal((m, n)) / np.sqrt(n)
    b, x = 0.1 * rng.standard_normal(m), rng.standard_normal(n)
    J = mc.tanh_layer_jacobian(W, b, x)
    col = mc.tanh_layer_jvp(W, b, x, np.eye(n)[j])
    row = mc.tanh_layer_vjp(W, b, x, np.eye(m)[i])
    return J, col, row


def test_jacobian_slices_draws_j_the_column_and_the_row():
    J, col, row = _slices()
    fig, ax = plt.subplots()
    out = mviz.plot_jacobian_slices(J, col, row, column=2, row=1, ax=ax)
    assert out is ax
    images = [im.get_array() for im in ax.images]
    assert len(images) == 3
    np.testing.assert_array_equal(images[0], J)
    np.testing.assert_array_equal(np.ravel(images[1]), col)
    np.testing.assert_array_equal(np.ravel(images[2]), row)
    frames = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(frames) == 4                        # column, strip, row, strip
    assert sum(t.get_text().startswith("$J e_{3}$") for t in ax.texts) == 1
    assert any("one VJP" in t.get_text() for t in ax.texts)
    # every entry of J and of both strips is printed
    assert len([t for t in ax.texts if "." in t.get_text()
                and "$" not in t.get_text()]) == J.size + col.size + row.size


def test_jacobian_slices_validate_before_drawing():
    J, col, row = _slices()
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        J, col[:3], row, column=2, row=1), "column_jvp")
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        J, col, row[:3], column=2, row=1), "row_vjp")
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        J, col, row, column=7, row=1), "column")
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        J, col, row, column=2, row=-1), "row")
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        J[0], col, row, column=2, row=1), "jacobian")
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        np.full_like(J, np.nan), col, row, column=2, row=1), "jacobian")
    _raises_without_figure(lambda: mviz.plot_jacobian_slices(
        J, col, row, column=True, row=1), "column")
