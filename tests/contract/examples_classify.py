"""Contract examples for execmath.classify."""

import numpy as np

from contract import call, returned_by
from execmath import classify as clf

X = [[0.0, 1.0], [1.0, 0.5], [2.0, -0.3], [3.0, 0.2], [0.5, -1.0],
     [2.5, 1.2]]
Y = [0, 1, 0, 1, 0, 1]
Y3 = np.array([0, 1, 2, 0, 1, 2])
FIT = clf.fit_logistic_newton(X, Y, lam=0.1)
SFIT = clf.fit_softmax(X, Y3, 3, lam=0.1)
YB = [0, 0, 1, 1, 0, 1, 0, 1]
S = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9]
COST = [[0.0, 1.0], [4.0, 0.0]]
COST2 = [[0.0, 1.0], [1.0, 0.0]]
P = np.linspace(0.0, 1.0, 41)

EXAMPLES = {
    "ClassificationMetrics": returned_by("classification_metrics"),
    "ConfusionCounts": returned_by("confusion_counts"),
    "CostCurves": returned_by("cost_curves"),
    "LabelledData": returned_by("gaussian_classes"),
    "LogisticFit": returned_by("fit_logistic_newton"),
    "MetricEstimate": returned_by("bootstrap_metric"),
    "PrecisionRecallCurve": returned_by("precision_recall_curve"),
    "RocCurve": returned_by("roc_curve"),
    "SoftmaxFit": returned_by("fit_softmax"),
    "average_precision": call(YB, S),
    "bayes_threshold": call(COST),
    "bootstrap_metric": call(clf.roc_auc, YB, S, n_boot=20,
                             rng=np.random.default_rng(0)),
    "classification_metrics": call(YB, S, 0.5),
    "confusion_counts": call(YB, S, 0.5),
    "cost_curves": call(YB, S, [COST, COST2], [0.2, 0.5, 0.8]),
    "expected_cost": call(YB, S, [0.2, 0.5, 0.8], COST),
    "fit_logistic_gd": call(X, Y, lam=0.1, line_search="wolfe", tol=1e-4,
                            max_iter=200),
    "fit_logistic_newton": call(X, Y, lam=0.1, tol=1e-20, max_iter=50),
    "fit_softmax": call(X, Y3, 3, lam=0.1, tol=1e-4, max_iter=200),
    "gaussian_classes": call(6, [[0.0, 0.0], [1.0, 0.5]], priors=[0.6, 0.4],
                             scale=1.0, rng=np.random.default_rng(0)),
    "logistic_gradient": call(X, Y, [0.2, -0.1], 0.1, lam=0.1),
    "logistic_logits": call(FIT, X),
    "logistic_objective": call(X, Y, [0.2, -0.1], 0.1, lam=0.1),
    "precision_recall_curve": call(YB, S),
    "roc_auc": call(YB, S),
    "roc_curve": call(YB, S),
    "softmax_gradient": call(X, Y3, np.zeros((2, 3)), [0.1, 0.0, -0.1],
                             lam=0.1),
    "softmax_logits": call(SFIT, X),
    "softmax_objective": call(X, Y3, np.ones((2, 3)), [0.1, 0.0, -0.1],
                              lam=0.1),
    "threshold_tolerance": call(P, COST, z=4.0, window=0.1, grid_step=0.01),
}
