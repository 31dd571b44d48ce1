"""Tests for execmath.viz.autodiff."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import FancyBboxPatch

from execmath import autodiff as ad
from execmath.viz import autodiff as aviz


def _summary():
    f, _ = ad.tanh_sin_graph(0.8, -0.5)
    return ad.describe_graph(f)


def test_sensitivity_flow_draws_two_lanes():
    s = _summary()
    fig, ax = plt.subplots()
    out = aviz.plot_sensitivity_flow(s, ax=ax)
    assert out is ax
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 2 * len(s.names)          # a value and an adjoint
    texts = " ".join(t.get_text() for t in ax.texts)
    for k in range(len(s.names)):                  # every number is shown
        assert f"{s.values[k]:.3f}".replace("-", "\u2212") in texts
        assert f"{s.adjoints[k]:.3f}".replace("-", "\u2212") in texts
    for _, _, g in s.edges:                        # every local derivative
        assert f"{g:.3f}".replace("-", "\u2212") in texts
    assert "sum of paths" in texts                 # x_1 fans out
    # one forward and one backward arrow per edge
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None)]
    assert len(arrows) == 2 * len(s.edges)


def test_node_expression():
    s = _summary()
    exprs = {s.names[k]: aviz.node_expression(s, k)
             for k in range(len(s.names))}
    assert exprs["x_1"] == "x_1"
    assert exprs["a"] == r"a = x_1\,x_2"
    assert exprs["f"] == r"f = \tanh c"
    s2 = ad.describe_graph(ad.variable(2.0, "x") ** 3)
    assert aviz.node_expression(s2, len(s2.names) - 1).endswith("x^{3}")


def test_sensitivity_flow_bad_input():
    with pytest.raises(ValueError, match="summary"):
        aviz.plot_sensitivity_flow({"names": ("x",)})


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


_SUMMARY = ad.describe_graph(ad.tanh_sin_graph(0.8, -0.5)[0])


@pytest.mark.parametrize("call, name", [
    (lambda: aviz.plot_sensitivity_flow(_SUMMARY, fmt=None), "fmt"),
    (lambda: aviz.plot_sensitivity_flow(_SUMMARY, fmt="{:q}"), "fmt"),
    (lambda: aviz.plot_sensitivity_flow(None), "summary"),
    (lambda: aviz.plot_sensitivity_flow(_SUMMARY, ax=3), "ax"),
    (lambda: aviz.node_expression(_SUMMARY, -1), "k"),
    (lambda: aviz.node_expression(_SUMMARY, 2**40), "k"),
    (lambda: aviz.node_expression(_SUMMARY, 1.0), "k"),
    (lambda: aviz.node_expression(None, 0), "summary"),
])
def test_autodiff_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)
