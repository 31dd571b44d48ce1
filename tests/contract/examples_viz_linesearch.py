"""Contract examples for execmath.viz.linesearch."""

import numpy as np

from contract import call
from execmath import linesearch as ls

SQUARE = lambda z: float(z @ z)                                # noqa: E731
X = np.array([1.0, 1.0])
G = 2.0 * X
R1 = ls.backtracking(SQUARE, X, -G, G, alpha0=1.0, beta=0.5, c=0.1)
R2 = ls.backtracking(SQUARE, X, -G, G, alpha0=1.0, beta=0.3, c=0.6)

K = {"labels": "other"}

EXAMPLES = {
    "plot_armijo": call(SQUARE, [1.0, 1.0], [-2.0, -2.0], [R1, R2],
                        labels=["a", "b"], alpha_max=1.2, n_grid=50, _kinds=K),
    "plot_line_search": call(SQUARE, [1.0, 1.0], [-2.0, -2.0], R1,
                             alpha_max=1.2, y_max=5.0, n_grid=50),
}
