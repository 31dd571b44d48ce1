"""Plots for :mod:`execmath.classify`: ROC and precision-recall curves and
expected-cost curves.

Each function takes records computed by :mod:`execmath.classify`,
validates them before it touches a figure, draws on the Axes it is given
(or a new one), and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import classify
from execmath._validate import InputTypeError, as_float_array
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_cost_curves", "plot_precision_recall", "plot_roc"]

_MAX_CURVES = len(PALETTE)


def _records(curves: Any, cls: type, name: str) -> list:
    """One record or a non-empty list/tuple of records of type ``cls``."""
    if isinstance(curves, cls):
        return [curves]
    if not isinstance(curves, (list, tuple)) or len(curves) == 0:
        raise InputTypeError(f"{name} must be a {cls.__name__} or a non-empty "
                             f"list of them, got {type(curves).__name__}")
    if len(curves) > _MAX_CURVES:
        raise ValueError(f"{name} may hold at most {_MAX_CURVES} curves, got "
                         f"{len(curves)}")
    for i, c in enumerate(curves):
        if not isinstance(c, cls):
            raise InputTypeError(f"{name}[{i}] must be a {cls.__name__}, got "
                                 f"{type(c).__name__}")
    return list(curves)


def _labels(labels: Any, k: int) -> list[str]:
    """None (numbered curves) or k strings."""
    if labels is None:
        return [f"curve {i + 1}" for i in range(k)]
    if isinstance(labels, str) and k == 1:
        return [labels]
    if not isinstance(labels, (list, tuple)) or not all(
            isinstance(s, str) for s in labels):
        raise InputTypeError(f"labels must be a list of {k} strings, got "
                             f"{labels!r:.60}")
    if len(labels) != k:
        raise ValueError(f"labels must hold {k} strings (one per curve), got "
                         f"{len(labels)}")
    return list(labels)


def plot_roc(curves: Any, *, labels: Any = None,
             ax: Axes | None = None) -> Axes:
    r"""ROC curves with their AUC in the legend and the chance diagonal.

    Consecutive ROC points are joined by straight segments, so a group of
    tied scores appears as a diagonal segment, and the area under the
    drawn polyline is exactly :func:`execmath.classify.roc_auc`.

    Parameters
    ----------
    curves : RocCurve or list of RocCurve
        From :func:`execmath.classify.roc_curve`.
    labels : list of str, optional
        One legend label per curve.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    curves = _records(curves, classify.RocCurve, "curves")
    labels = _labels(labels, len(curves))
    ax = get_ax(ax)
    ax.plot([0.0, 1.0], [0.0, 1.0], ls="--", color="0.5", lw=1.0,
            label="chance (AUC = 0.5)")
    for i, (c, lab) in enumerate(zip(curves, labels)):
        auc = float(np.sum(np.diff(c.fpr) * (c.tpr[1:] + c.tpr[:-1])) / 2)
        ax.plot(c.fpr, c.tpr, color=PALETTE[i], label=f"{lab} (AUC = "
                f"{auc:.3f})")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate (recall)")
    ax.legend(loc="lower right")
    return ax


def plot_precision_recall(curves: Any, *, labels: Any = None,
                          ax: Axes | None = None) -> Axes:
    r"""Precision-recall curves with AP in the legend and their baselines.

    Each curve is drawn as the step function whose area is the average
    precision (precision :math:`P_j` on the recall interval
    :math:`(R_{j-1}, R_j]`). The dashed line in the same colour is the
    precision of a classifier that cannot rank: the positive rate, read
    off the curve's last point, where every sample is predicted positive.

    Parameters
    ----------
    curves : PrecisionRecallCurve or list of them
        From :func:`execmath.classify.precision_recall_curve`.
    labels : list of str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    curves = _records(curves, classify.PrecisionRecallCurve, "curves")
    labels = _labels(labels, len(curves))
    ax = get_ax(ax)
    for i, (c, lab) in enumerate(zip(curves, labels)):
        ap = float(np.sum(np.diff(c.recall) * c.precision[1:]))
        ax.step(c.recall, c.precision, where="pre", color=PALETTE[i],
                label=f"{lab} (AP = {ap:.3f})")
        base = float(c.precision[-1])
        ax.axhline(base, ls="--", lw=1.0, color=PALETTE[i], alpha=0.8,
                   label=f"positive rate {100 * base:.1f}%")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.05)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    # below the axes: PR curves can pass through any part of the square
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
              fontsize=8)
    return ax


def _cost_label(c: np.ndarray) -> str:
    if c[0, 0] == 0 and c[1, 1] == 0:
        ratio = c[1, 0] / c[0, 1]
        return rf"$c_{{FN}}/c_{{FP}} = {ratio:g}$"
    return f"cost {c.tolist()}"


def plot_cost_curves(cc: classify.CostCurves, *, tolerances: Any = None,
                     ax: Axes | None = None) -> Axes:
    r"""Expected cost against threshold, one curve per cost matrix.

    A dotted vertical line in the curve's colour marks its Bayes threshold
    :math:`t^\star`; a dot marks the empirical minimum on the grid. With
    ``tolerances``, a light band :math:`t^\star \pm \delta_k` shows how
    far the minimum may stray (see
    :func:`execmath.classify.threshold_tolerance`).

    Parameters
    ----------
    cc : CostCurves
        From :func:`execmath.classify.cost_curves`.
    tolerances : array_like, shape (k,), optional
        Half-widths :math:`\delta_k \in [0, 1]` of the bands.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(cc, classify.CostCurves):
        raise InputTypeError(f"cc must be a CostCurves, got "
                             f"{type(cc).__name__}")
    k = cc.costs.shape[0]
    if k > _MAX_CURVES:
        raise ValueError(f"cc may hold at most {_MAX_CURVES} cost matrices, "
                         f"got {k}")
    if tolerances is not None:
        tolerances = as_float_array(tolerances, "tolerances", ndim=1)
        if tolerances.shape != (k,) or np.any(tolerances < 0) or np.any(
                tolerances > 1):
            raise ValueError(f"tolerances must be {k} numbers in [0, 1] (one "
                             f"per cost matrix), got {tolerances.tolist()}")
    ax = get_ax(ax)
    t = cc.thresholds
    for j in range(k):
        colour = PALETTE[j]
        ax.plot(t, cc.costs[j], color=colour,
                label=rf"{_cost_label(cc.cost_matrices[j])}, "
                      rf"$t^\star = {cc.bayes[j]:.2f}$")
        ax.axvline(cc.bayes[j], color=colour, ls=":", lw=1.2)
        if tolerances is not None:
            ax.axvspan(cc.bayes[j] - tolerances[j],
                       cc.bayes[j] + tolerances[j], color=colour,
                       alpha=0.12, lw=0)
        i = int(np.argmin(cc.costs[j]))
        ax.plot([t[i]], [cc.costs[j, i]], "o", color=colour, ms=6,
                mec="white", mew=0.8)
    ax.plot([], [], "o", color="0.3", ms=6, label="empirical minimum")
    ax.plot([], [], ls=":", color="0.3", label=r"Bayes threshold $t^\star$")
    if tolerances is not None:
        ax.fill_between([], [], color="0.3", alpha=0.2,
                        label=r"$t^\star \pm$ tolerance")
    ax.set_xlim(t[0], t[-1])
    ax.set_xlabel("decision threshold $t$ on the probability")
    ax.set_ylabel("expected cost per sample")
    ax.legend(loc="upper center", fontsize=8)
    return ax
