"""Tests for execmath.viz.repro: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import repro
from execmath.viz import repro as rviz

X = np.array([[0.0], [1.0], [2.0], [3.0], [0.5], [2.5], [1.5], [1.2],
              [0.2], [2.8]])
Y = np.array([0, 0, 1, 1, 0, 1, 1, 0, 0, 1])


@pytest.fixture(scope="module")
def studies():
    return (repro.run_study(X, Y, [1, 2, 3, 4]),
            repro.run_study(X, Y, [5, 5, 5]))


class TestRunLosses:
    def test_points_mean_and_legend(self, studies):
        fig, ax = plt.subplots()
        out = rviz.plot_run_losses(studies[0], ax=ax, title="t")
        assert out is ax
        xs, ys = ax.get_lines()[0].get_data()
        np.testing.assert_array_equal(ys, studies[0].losses)
        np.testing.assert_array_equal(xs, [1, 2, 3, 4])
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        n = np.unique(studies[0].losses).size
        assert texts[0].startswith(f"4 runs: {n} distinct value")
        assert ax.get_title() == "t"

    def test_fixed_seed_singular(self, studies):
        fig, ax = plt.subplots()
        rviz.plot_run_losses(studies[1], ax=ax)
        text = ax.get_legend().get_texts()[0].get_text()
        assert "1 distinct value, 1 distinct digest" in text
        lo, hi = ax.get_ylim()
        assert lo < studies[1].losses[0] < hi          # drawable range

    def test_legend_above_points(self, studies):
        fig, ax = plt.subplots()
        rviz.plot_run_losses(studies[0], ax=ax)
        assert ax.get_ylim()[1] > studies[0].losses.max()

    def test_bad_input_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(TypeError, match="study"):
            rviz.plot_run_losses([0.5, 0.6])
        with pytest.raises(ValueError, match="color"):
            rviz.plot_run_losses(repro.run_study(X, Y, [1]),
                                 color="no-colour")
        assert len(plt.get_fignums()) == n


class TestStreamPaths:
    def test_five_walks(self):
        s = repro.stream_study(1, 2, 50)
        fig, ax = plt.subplots()
        assert rviz.plot_stream_paths(s, ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 5
        np.testing.assert_allclose(lines[0].get_ydata(),
                                   np.cumsum(s.reference))
        np.testing.assert_array_equal(lines[0].get_ydata(),
                                      lines[2].get_ydata())
        assert len(ax.get_legend().get_texts()) == 5

    def test_bad_input_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(TypeError, match="study"):
            rviz.plot_stream_paths(np.zeros(3))
        s = repro.stream_study(1, 2, 5)._replace(other=np.full(5, np.nan))
        with pytest.raises(ValueError, match="study.other"):
            rviz.plot_stream_paths(s)
        assert len(plt.get_fignums()) == n


class TestStreamPair:
    def test_scatter_and_title(self):
        z = repro.spawned_draws(0, 2, 400)
        fig, ax = plt.subplots()
        assert rviz.plot_stream_pair(z[0], z[1], ax=ax, label="pair") is ax
        np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), z[0])
        r = np.corrcoef(z)[0, 1]
        assert f"{r:.3f}" in ax.get_title()
        assert f"{4 / np.sqrt(400):.3f}" in ax.get_title()

    @pytest.mark.parametrize("kw, match", [
        ({"x": [1.0, 2.0]}, "x and y"),
        ({"x": [1.0, 1.0, 1.0]}, "x must not be constant"),
        ({"y": [1.0, np.nan, 2.0]}, "y"),
        ({"z": 0.0}, "z"),
        ({"label": 3}, "label"),
    ])
    def test_bad_input_no_figure(self, kw, match):
        args = {"x": [1.0, 2.0, 4.0], "y": [0.5, 3.0, 1.0]}
        args.update(kw)
        n = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=match):
            rviz.plot_stream_pair(args.pop("x"), args.pop("y"), **args)
        assert len(plt.get_fignums()) == n
