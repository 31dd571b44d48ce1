"""Tests for execmath.viz.classify: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import classify as C
from execmath.viz import classify as V


def data(n=400, rate=0.3, seed=0):
    r = np.random.default_rng(seed)
    y = (r.random(n) < rate).astype(int)
    return y, r.standard_normal(n) + 1.5 * y


Y1, S1 = data()
Y2, S2 = data(2000, 0.05, seed=1)


class TestPlotRoc:
    def test_draws_curves_and_diagonal(self):
        fig, ax = plt.subplots()
        rocs = [C.roc_curve(Y1, S1), C.roc_curve(Y2, S2)]
        assert V.plot_roc(rocs, labels=["a", "b"], ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 3
        np.testing.assert_array_equal(lines[1].get_xdata(), rocs[0].fpr)
        np.testing.assert_array_equal(lines[2].get_ydata(), rocs[1].tpr)
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[1] == f"a (AUC = {C.roc_auc(Y1, S1):.3f})"
        assert texts[0].startswith("chance")

    def test_single_record_and_new_axes(self):
        ax = V.plot_roc(C.roc_curve(Y1, S1))
        assert len(ax.get_lines()) == 2

    def test_bad_input_leaves_no_figure(self):
        before = len(plt.get_fignums())
        with pytest.raises(TypeError, match="curves"):
            V.plot_roc([C.precision_recall_curve(Y1, S1)])
        with pytest.raises(TypeError, match="curves"):
            V.plot_roc(None)
        with pytest.raises(ValueError, match="labels"):
            V.plot_roc([C.roc_curve(Y1, S1)], labels=["a", "b"])
        with pytest.raises(TypeError, match="labels"):
            V.plot_roc([C.roc_curve(Y1, S1)], labels=[3])
        assert len(plt.get_fignums()) == before


class TestPlotPrecisionRecall:
    def test_steps_and_baselines(self):
        fig, ax = plt.subplots()
        prs = [C.precision_recall_curve(Y1, S1),
               C.precision_recall_curve(Y2, S2)]
        assert V.plot_precision_recall(prs, labels=["a", "b"], ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 4                 # two steps, two baselines
        # the baselines sit at the positive rates
        assert lines[1].get_ydata()[0] == pytest.approx(Y1.mean())
        assert lines[3].get_ydata()[0] == pytest.approx(Y2.mean())
        assert lines[0].get_drawstyle() == "steps-pre"
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[0] == f"a (AP = {C.average_precision(Y1, S1):.3f})"
        assert texts[3] == f"positive rate {100 * Y2.mean():.1f}%"

    def test_bad_input_leaves_no_figure(self):
        before = len(plt.get_fignums())
        with pytest.raises(TypeError, match="curves"):
            V.plot_precision_recall([C.roc_curve(Y1, S1)])
        with pytest.raises(TypeError, match="curves"):
            V.plot_precision_recall([])
        assert len(plt.get_fignums()) == before


class TestPlotCostCurves:
    def test_curves_lines_and_minima(self):
        p = 1 / (1 + np.exp(-S1))
        costs = [[[0, 1], [1, 0]], [[0, 1], [4, 0]]]
        cc = C.cost_curves(Y1, p, costs, np.linspace(0, 1, 101))
        fig, ax = plt.subplots()
        assert V.plot_cost_curves(cc, ax=ax) is ax
        curves = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 101]
        assert len(curves) == 2
        np.testing.assert_array_equal(curves[1].get_ydata(), cc.costs[1])
        vlines = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"
                  and len(ln.get_xdata()) == 2]
        assert sorted(ln.get_xdata()[0] for ln in vlines) == [0.2, 0.5]
        dots = [ln for ln in ax.get_lines() if ln.get_marker() == "o"
                and len(ln.get_xdata()) == 1]
        assert sorted(d.get_xdata()[0] for d in dots) == sorted(cc.best)
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert any("t^\\star = 0.20" in t for t in texts)

    def test_tolerance_bands(self):
        cc = C.cost_curves(Y1, 1 / (1 + np.exp(-S1)), [[[0, 1], [1, 0]]],
                           np.linspace(0, 1, 51))
        fig, ax = plt.subplots()
        V.plot_cost_curves(cc, tolerances=[0.1], ax=ax)
        spans = [p for p in ax.patches]
        assert len(spans) == 1
        lo, width = spans[0].get_x(), spans[0].get_width()
        assert (lo, lo + width) == pytest.approx((0.4, 0.6))

    def test_bad_input_leaves_no_figure(self):
        before = len(plt.get_fignums())
        cc = C.cost_curves(Y1, S1, [[[0, 1], [1, 0]]], [0.0, 0.5])
        with pytest.raises(TypeError, match="cc"):
            V.plot_cost_curves((1, 2, 3))
        with pytest.raises(ValueError, match="tolerances"):
            V.plot_cost_curves(cc, tolerances=[0.1, 0.2])
        with pytest.raises(ValueError, match="tolerances"):
            V.plot_cost_curves(cc, tolerances=[-0.1])
        assert len(plt.get_fignums()) == before
