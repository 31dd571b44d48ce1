"""Contract examples for execmath.viz.linalg."""

import numpy as np

from contract import call
from execmath import linalg

STUDY = linalg.lstsq_accuracy_study([1.0, 1e4], m=6, n=3, n_trials=1,
                                    rng=np.random.default_rng(0))

EXAMPLES = {
    "plot_basis_grid": call([[1.0, 0.5], [0.0, 1.0]], [1.0, 2.0],
                            names=("b_1", "b_2"), n_lines=3, lim=3.0),
    "plot_lstsq_study": call(STUDY, quantity="residual"),
    "plot_projection_3d": call([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]],
                               [1.0, 2.0, 3.0], elev=20.0, azim=-50.0),
    "plot_singular_values": call([3.0, 1.0, 1e-3], tol=1e-2, label="s",
                                 tol_label="tol", colour="C1", marker="s"),
}
