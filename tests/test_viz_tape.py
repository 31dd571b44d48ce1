"""Tests for execmath.viz.tape: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import tape
from execmath.viz import tape as tviz


class TestTanhSaturation:
    def test_curves_band_and_threshold(self):
        fig, ax = plt.subplots()
        z = np.linspace(-6, 6, 101)
        assert tviz.plot_tanh_saturation(z, 0.01, ax=ax) is ax
        lines = ax.get_lines()
        np.testing.assert_array_equal(lines[0].get_ydata(), np.tanh(z))
        np.testing.assert_array_equal(lines[1].get_ydata(), tape.sech2(z))
        assert lines[2].get_ydata()[0] == 0.01           # threshold
        band = ax.patches[0]
        x0, x1 = band.get_x(), band.get_x() + band.get_width()
        zstar = tape.saturation_band(0.01)
        np.testing.assert_allclose([x0, x1], [-zstar, zstar])
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "2.99" in labels[0]

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(ValueError, match="z"):
            tviz.plot_tanh_saturation([1.0, 0.0])
        with pytest.raises(ValueError, match="threshold"):
            tviz.plot_tanh_saturation([0.0, 1.0], threshold=2.0)
        assert len(plt.get_fignums()) == n


class TestTanhCancellation:
    def test_points_model_and_zero_marker(self):
        fig, ax = plt.subplots()
        z = np.linspace(0, 25, 251)
        assert tviz.plot_tanh_cancellation(z, ax=ax) is ax
        dots, model, ref, vline = ax.get_lines()
        assert ax.get_yscale() == "log"
        y = dots.get_ydata()
        assert y[-1] == 1.0                    # naive value 0: 100 % error
        assert y[0] <= 2.0**-53                # z = 0: exact
        assert ref.get_ydata()[0] == 2.0**-53
        assert 18.5 <= vline.get_xdata()[0] <= 19.2

    def test_without_zero(self):
        fig, ax = plt.subplots()
        tviz.plot_tanh_cancellation(np.linspace(0, 5, 11), ax=ax)
        assert len(ax.get_lines()) == 3

    def test_bad_input_leaves_no_figure(self):
        n = len(plt.get_fignums())
        with pytest.raises(ValueError, match="z"):
            tviz.plot_tanh_cancellation([-1.0, 1.0])
        with pytest.raises(ValueError, match="z"):
            tviz.plot_tanh_cancellation([0.0, 400.0])
        with pytest.raises(ValueError, match="z"):
            tviz.plot_tanh_cancellation([0.0, np.nan])
        assert len(plt.get_fignums()) == n
