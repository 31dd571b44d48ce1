"""Tests for execmath.viz.attention: the right artists on the given Axes,
and bad input rejected before any figure is created."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import attention as at
from execmath.viz import attention as aviz


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.fixture
def weights():
    x = rng(2).standard_normal((6, 8))
    return at.scaled_dot_product_attention(x, x, x, causal=True).weights


@pytest.fixture
def sweep():
    g = rng(7)
    v = np.array([[0.0, 0.0], [4.0, 0.5], [3.2, 3.4], [0.6, 3.9]])
    return at.temperature_sweep(g.standard_normal((5, 3)),
                                g.standard_normal((4, 3)), v,
                                [2.0, 0.5, 0.1])


@pytest.fixture(scope="module")
def study():
    return at.scaling_study([2, 8, 32], n_tokens=8, n_trials=10, rng=rng(1))


def _no_new_figure(call):
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError)):
        call()
    assert len(plt.get_fignums()) == before


class TestAttentionWeights:
    def test_image_colorbar_and_masked_cells(self, weights):
        fig, ax = plt.subplots()
        assert aviz.plot_attention_weights(weights, ax=ax, title="t") is ax
        img = ax.get_images()[0]
        data = img.get_array()
        # exact zeros are masked (drawn grey), the rest is the weights
        np.testing.assert_array_equal(data.mask, weights == 0.0)
        np.testing.assert_array_equal(data.data, weights)
        assert len(fig.axes) == 2                       # the colour bar
        assert ax.get_title() == "t"
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["weight exactly 0 (masked)"]

    def test_no_legend_without_zeros(self):
        fig, ax = plt.subplots()
        aviz.plot_attention_weights(np.full((3, 3), 1 / 3), ax=ax,
                                    colorbar=False)
        assert ax.get_legend() is None and len(fig.axes) == 1

    def test_bad_inputs_leave_no_figure(self, weights):
        _no_new_figure(lambda: aviz.plot_attention_weights(weights + 1))
        _no_new_figure(lambda: aviz.plot_attention_weights(weights[0]))
        _no_new_figure(lambda: aviz.plot_attention_weights(weights,
                                                           vmax=0.0))
        _no_new_figure(lambda: aviz.plot_attention_weights(weights,
                                                           title=3))
        with pytest.raises(ValueError, match="weights"):
            aviz.plot_attention_weights([[np.nan, 1.0]])


class TestConvexMixing:
    def test_artists(self, sweep):
        fig, ax = plt.subplots()
        assert aviz.plot_convex_mixing(sweep, ax=ax) is ax
        # one grey path per query, the hull, one scatter per temperature
        # plus the values
        assert len(ax.collections) == 3 + 1
        hull = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
        assert len(hull) == 1
        xs, ys = hull[0].get_data()
        assert len(xs) == 5                              # 4 vertices, closed
        offsets = ax.collections[-1].get_offsets()
        np.testing.assert_array_equal(offsets, sweep.values)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[0] == "convex hull of values"
        assert labels[-1] == "values $v_j$"

    def test_collinear_values_draw_without_hull(self):
        v = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
        sw = at.temperature_sweep(np.ones((2, 2)), np.eye(3, 2), v, [1.0])
        fig, ax = plt.subplots()
        aviz.plot_convex_mixing(sw, ax=ax)
        assert not [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]

    def test_bad_inputs_leave_no_figure(self, sweep):
        _no_new_figure(lambda: aviz.plot_convex_mixing(tuple(sweep)))
        v3 = sweep._replace(values=np.ones((4, 3)))
        _no_new_figure(lambda: aviz.plot_convex_mixing(v3))
        with pytest.raises(TypeError, match="sweep"):
            aviz.plot_convex_mixing(None)


class TestSharpening:
    def test_line_is_distance_against_inverse_temperature(self, sweep):
        fig, ax = plt.subplots()
        assert aviz.plot_sharpening(sweep, ax=ax) is ax
        line = ax.get_lines()[0]
        order = np.argsort(1 / sweep.temperatures)
        np.testing.assert_allclose(line.get_xdata(),
                                   1 / sweep.temperatures[order])
        np.testing.assert_array_equal(line.get_ydata(),
                                      sweep.mean_nearest_distance[order])
        assert ax.get_xscale() == "log"

    def test_bad_inputs_leave_no_figure(self, sweep):
        bad = sweep._replace(mean_nearest_distance=np.ones(2))
        _no_new_figure(lambda: aviz.plot_sharpening(bad))
        _no_new_figure(lambda: aviz.plot_sharpening("sweep"))


class TestScalingStudy:
    @pytest.mark.parametrize("quantity, field", [
        ("variance", "var"), ("saturation", "max_weight"),
        ("entropy", "entropy")])
    def test_panels(self, study, quantity, field):
        fig, ax = plt.subplots()
        assert aviz.plot_scaling_study(study, quantity, ax=ax) is ax
        assert len(ax.containers) == 2                  # two error bars
        ys = [c.lines[0].get_ydata() for c in ax.containers]
        np.testing.assert_array_equal(ys[0], getattr(study, f"{field}_unscaled"))
        np.testing.assert_array_equal(ys[1], getattr(study, f"{field}_scaled"))
        assert ax.get_xscale() == "log"
        assert ax.get_legend() is not None

    def test_variance_panel_is_log_log_with_reference(self, study):
        fig, ax = plt.subplots()
        aviz.plot_scaling_study(study, "variance", ax=ax)
        assert ax.get_yscale() == "log"
        ref = ax.get_lines()[0]
        np.testing.assert_array_equal(ref.get_ydata(), study.dims)

    def test_bad_inputs_leave_no_figure(self, study):
        _no_new_figure(lambda: aviz.plot_scaling_study(study, "time"))
        _no_new_figure(lambda: aviz.plot_scaling_study(tuple(study)))
        with pytest.raises(ValueError, match="quantity"):
            aviz.plot_scaling_study(study, "bogus")
        _no_new_figure(lambda: aviz.plot_scaling_study(
            study._replace(log_n=np.nan), "entropy"))
        with pytest.raises(ValueError, match="study"):
            aviz.plot_scaling_study(study._replace(
                var_scaled=study.var_scaled[:1]))
