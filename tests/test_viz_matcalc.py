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
    np.testing.assert_allclose(heights, np.concatenate([left, right]))
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
