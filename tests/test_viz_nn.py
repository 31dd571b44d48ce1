"""Tests for execmath.viz.nn: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import nn
from execmath.viz import nn as nviz

MODES = nn.mode_cost_study([1, 4, 16], repeats=1,
                           rng=np.random.default_rng(0))
MEM = nn.memory_study([1, 4, 9], width=8, batch=4,
                      rng=np.random.default_rng(0))
DEPTH = [nn.depth_study(8, 5, gain=g, scheme="he", activation="relu",
                        rng=np.random.default_rng(1)) for g in (0.5, 1.0)]


class TestModeTimes:
    def test_lines(self):
        fig, ax = plt.subplots()
        assert nviz.plot_mode_times(MODES, ax=ax) is ax
        fwd, rev, ref = ax.get_lines()[:3]
        np.testing.assert_allclose(fwd.get_ydata(),
                                   MODES.forward_seconds * 1e3)
        np.testing.assert_allclose(rev.get_ydata(),
                                   MODES.reverse_seconds * 1e3)
        np.testing.assert_allclose(ref.get_ydata()[-1], fwd.get_ydata()[-1])
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
        assert any(t.get_text().endswith("x") for t in ax.texts)

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(TypeError, match="study"):
            nviz.plot_mode_times(MEM)
        assert len(plt.get_fignums()) == n


class TestMemory:
    def test_lines(self):
        fig, ax = plt.subplots()
        assert nviz.plot_memory_study(MEM, ax=ax) is ax
        plain, peak, ck = ax.get_lines()
        np.testing.assert_allclose(plain.get_ydata(), MEM.plain_bytes / 1024)
        np.testing.assert_allclose(peak.get_ydata(),
                                   MEM.checkpoint_peak_bytes / 1024)
        np.testing.assert_allclose(ck.get_ydata(),
                                   MEM.checkpoint_bytes / 1024)
        assert "recomputation" in ax.texts[0].get_text()

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(TypeError, match="study"):
            nviz.plot_memory_study(None)
        assert len(plt.get_fignums()) == n


class TestDepth:
    def test_lines_and_predictions(self):
        fig, ax = plt.subplots()
        out = nviz.plot_depth_study(DEPTH, ["a", "b"], factors=[0.5, 1.0],
                                    title="ReLU", ax=ax)
        assert out is ax
        lines = ax.get_lines()
        assert len(lines) == 5                   # 2 studies, 2 fits, proxy
        np.testing.assert_allclose(lines[0].get_ydata(), DEPTH[0].grad_ratio)
        np.testing.assert_allclose(lines[1].get_ydata(),
                                   0.5 ** np.arange(5, -1, -1))
        assert ax.get_title() == "ReLU"

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(TypeError, match="labels"):
            nviz.plot_depth_study(DEPTH, ["a"])
        with pytest.raises(TypeError, match="studies"):
            nviz.plot_depth_study([], [])
        with pytest.raises(ValueError, match="factors"):
            nviz.plot_depth_study(DEPTH, ["a", "b"], factors=[1.0, -1.0])
        with pytest.raises(TypeError, match="studies"):
            nviz.plot_depth_study([MEM], ["a"])
        assert len(plt.get_fignums()) == n
