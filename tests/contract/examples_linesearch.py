"""Contract examples for execmath.linesearch."""

import numpy as np

from contract import call, returned_by

SQUARE = lambda z: float(z @ z)                                # noqa: E731
GRAD = lambda z: 2.0 * np.asarray(z, dtype=float)              # noqa: E731

EXAMPLES = {
    "LineSearchResult": returned_by("backtracking"),
    "armijo_holds": call(1.0, -2.0, 0.5, 0.2, 0.5),
    "armijo_line": call(2.0, -4.0, [0.0, 0.5, 1.0], 0.25),
    "backtracking": call(SQUARE, [1.0, 1.0], [-2.0, -2.0], [2.0, 2.0],
                         f_x=2.0, alpha0=1.0, beta=0.5, c=0.5,
                         max_trials=30),
    "backtracking_step_bound": call(10.0, alpha0=1.0, beta=0.5, c=0.5),
    "curvature_holds": call(-1.0, 0.5, 0.9, strong=True),
    "line_values": call(SQUARE, [1.0, 0.0], [-1.0, 0.0], [0.0, 0.5, 1.0]),
    "wolfe": call(SQUARE, GRAD, [1.0, 1.0], [-1.0, -1.0], f_x=2.0,
                  g_x=[2.0, 2.0], alpha0=4.0, c1=1e-4, c2=0.9,
                  alpha_max=100.0, max_trials=30),
}
