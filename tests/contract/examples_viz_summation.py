"""Contract examples for execmath.viz.summation."""

import numpy as np

from contract import call
from execmath import summation

RESULT = summation.summation_errors(
    np.random.default_rng(0).random(64), [1, 8, 64], dtype=np.float32)

EXAMPLES = {
    "plot_errors_in_units": call(RESULT, methods=("pairwise", "kahan")),
    "plot_summation_errors": call(RESULT, methods=("naive", "kahan"),
                                  show_bounds=True),
}
