"""Contract examples for execmath.viz.matcalc."""

import numpy as np

from contract import call
from execmath import matcalc

PRODUCTS = matcalc.layer_products([[0.5, -1.0, 0.2], [0.3, 0.8, -0.5]],
                                  [0.1, -0.2], [1.0, 0.5, -0.3],
                                  [1.0, -2.0], [0.2, 0.1, 1.0])
STUDY = matcalc.mode_cost_study([2, 4], fixed=1, varying="n", hidden=3,
                                rng=np.random.default_rng(0))

EXAMPLES = {
    "plot_layer_products": call(PRODUCTS, "jvp"),
    "plot_mode_costs": call(STUDY),
}

EXAMPLES["plot_jacobian_slices"] = call(
    [[0.5, -1.0, 0.2], [0.3, 0.8, -0.5]], [-1.0, 0.8], [0.5, -1.0, 0.2],
    column=1, row=0)
