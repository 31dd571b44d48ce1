"""Tests for execmath.viz.calibration: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import calibration as K
from execmath.viz import calibration as V

R = np.random.default_rng(0)
Q = R.beta(2, 2, 2000)
Y = (R.random(2000) < Q).astype(int)
P_SHARP = 1 / (1 + ((1 - Q) / Q) ** 2)        # overconfident forecasts


class TestPlotReliability:
    @pytest.mark.parametrize("strategy, name", [("uniform", "equal-width"),
                                                ("quantile", "equal-mass")])
    def test_curves_diagonal_and_ece(self, strategy, name):
        bins = [K.reliability_bins(Y, p, 10, strategy=strategy)
                for p in (P_SHARP, Q)]
        fig, ax = plt.subplots()
        assert V.plot_reliability(bins, labels=["sharp", "true"], ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 3
        np.testing.assert_array_equal(lines[0].get_xdata(), [0.0, 1.0])
        np.testing.assert_array_equal(lines[1].get_xdata(), bins[0].mean_pred)
        np.testing.assert_array_equal(lines[2].get_ydata(), bins[1].frac_pos)
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        ece = K.expected_calibration_error(Y, P_SHARP, 10, strategy=strategy)
        assert texts[1] == f"sharp (ECE = {ece:.3f})"
        assert ax.get_title() == f"10 {name} bins"

    def test_single_record(self):
        ax = V.plot_reliability(K.reliability_bins(Y, Q))
        assert len(ax.get_lines()) == 2

    def test_bad_input_leaves_no_figure(self):
        before = len(plt.get_fignums())
        with pytest.raises(TypeError, match="bins"):
            V.plot_reliability(None)
        with pytest.raises(TypeError, match="bins"):
            V.plot_reliability([K.reliability_bins(Y, Q), 3])
        with pytest.raises(ValueError, match="bins"):
            V.plot_reliability([K.reliability_bins(Y, Q, 10),
                                K.reliability_bins(Y, Q, 5)])
        with pytest.raises(ValueError, match="bins"):
            V.plot_reliability([K.reliability_bins(Y, Q),
                                K.reliability_bins(Y, Q, strategy="quantile")])
        with pytest.raises(ValueError, match="labels"):
            V.plot_reliability([K.reliability_bins(Y, Q)], labels=["a", "b"])
        assert len(plt.get_fignums()) == before
