"""Contract examples for execmath.viz.gradcheck."""

import numpy as np

from contract import call
from execmath import gradcheck as gc


def _f(v):
    return float(np.sum(np.sin(v)))


X = np.linspace(-1.0, 1.0, 6)
GOOD = gc.gradient_check(_f, np.cos, X)
BAD = gc.gradient_check(_f, lambda v: 1.1 * np.cos(v), X)
BOUND = gc.central_difference_bound(1e-5, np.ones(6), 1.0, eps=1e-15)

EXAMPLES = {
    "plot_gradcheck_residuals": call(GOOD, BOUND, bug=BAD),
    "plot_gradient_parity": call(GOOD, bug=BAD),
}
