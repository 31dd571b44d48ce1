"""Tests for execmath.viz.info: the right artists on the given Axes."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import info
from execmath.viz import info as iviz


class TestPlotBernoulliEntropy:
    def test_curve_and_maximum(self):
        fig, ax = plt.subplots()
        assert iviz.plot_bernoulli_entropy(ax=ax) is ax
        curve, level, peak = ax.get_lines()
        assert level.get_ydata()[0] == math.log(2)      # the dotted log 2
        np.testing.assert_array_equal(
            curve.get_ydata(), info.bernoulli_entropy(curve.get_xdata()))
        assert peak.get_xdata()[0] == 0.5
        assert peak.get_ydata()[0] == pytest.approx(math.log(2), rel=1e-15)
        assert len(ax.get_legend().get_texts()) == 2

    def test_even_grid_refused(self):
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match="n_grid"):
            iviz.plot_bernoulli_entropy(n_grid=200)
        with pytest.raises(TypeError, match="n_grid"):
            iviz.plot_bernoulli_entropy(n_grid=201.0)
        assert len(plt.get_fignums()) == before


class TestPlotBernoulliKL:
    def test_two_directions_and_pair(self):
        fig, ax = plt.subplots()
        assert iviz.plot_bernoulli_kl(0.5, 0.05, ax=ax) is ax
        fwd, rev, pf, pr = ax.get_lines()
        q = fwd.get_xdata()
        np.testing.assert_array_equal(fwd.get_ydata(),
                                      info.bernoulli_kl(0.5, q))
        np.testing.assert_array_equal(rev.get_ydata(),
                                      info.bernoulli_kl(q, 0.5))
        assert pf.get_ydata()[0] == float(info.bernoulli_kl(0.5, 0.05))
        assert pr.get_ydata()[0] == float(info.bernoulli_kl(0.05, 0.5))
        assert [t.get_text() for t in ax.texts] == [
            f"{pf.get_ydata()[0]:.3f}", f"{pr.get_ydata()[0]:.3f}"]

    @pytest.mark.parametrize("kw, match", [
        ({"p": 0.0}, "p"), ({"q_pair": 0.9999}, "q_pair"),
        ({"q_min": 0.5}, "q_min"), ({"n_grid": 1}, "n_grid"),
    ])
    def test_bad_input_leaves_no_figure(self, kw, match):
        before = len(plt.get_fignums())
        args = {"p": 0.5, "q_pair": 0.05} | kw
        with pytest.raises(ValueError, match=match):
            iviz.plot_bernoulli_kl(**args)
        assert len(plt.get_fignums()) == before


class TestPlotLogloss:
    @pytest.mark.parametrize("scale", ["linear", "logit"])
    def test_both_labels(self, scale):
        c = info.logloss_curve(1e-9, n=51)
        fig, ax = plt.subplots()
        assert iviz.plot_logloss(c, scale=scale, ax=ax) is ax
        pos, neg, m_pos, m_neg = ax.get_lines()
        np.testing.assert_array_equal(pos.get_ydata(), c.loss_pos)
        np.testing.assert_array_equal(neg.get_ydata(), c.loss_neg)
        assert m_pos.get_ydata()[0] == c.loss_pos[0]
        assert m_neg.get_ydata()[0] == c.loss_neg[-1]
        assert ax.get_xscale() == scale

    def test_logit_ticks(self):
        c = info.logloss_curve(1e-12, n=11)
        fig, ax = plt.subplots()
        iviz.plot_logloss(c, scale="logit", ax=ax)
        fmt = ax.xaxis.get_major_formatter()
        labels = [fmt(t) for t in ax.get_xticks()]
        assert labels == ["$10^{-12}$", "$10^{-6}$", r"$\frac{1}{2}$",
                          "$1 - 10^{-6}$", "$1 - 10^{-12}$"]
        assert "27.6" in ax.texts[0].get_text()

    def test_bad_input_leaves_no_figure(self):
        before = len(plt.get_fignums())
        with pytest.raises(TypeError, match="curve"):
            iviz.plot_logloss([0.1, 0.2])
        with pytest.raises(ValueError, match="scale"):
            iviz.plot_logloss(info.logloss_curve(1e-6, n=5), scale="log")
        assert len(plt.get_fignums()) == before
