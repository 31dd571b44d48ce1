"""Contract examples for execmath.viz.classify."""

import numpy as np

from contract import call
from execmath import classify as clf

YB = [0, 0, 1, 1, 0, 1, 0, 1]
S = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9]
S2 = [0.3, 0.2, 0.9, 0.4, 0.1, 0.8, 0.5, 0.7]
CC = clf.cost_curves(YB, S, [[[0, 1], [1, 0]], [[0, 1], [4, 0]]],
                     np.linspace(0.0, 1.0, 11))

EXAMPLES = {
    "plot_cost_curves": call(CC, tolerances=[0.05, 0.1]),
    "plot_precision_recall": call([clf.precision_recall_curve(YB, S),
                                   clf.precision_recall_curve(YB, S2)],
                                  labels=["a", "b"]),
    "plot_roc": call([clf.roc_curve(YB, S), clf.roc_curve(YB, S2)],
                     labels=["a", "b"]),
}
