"""Contract examples for execmath.viz.vectors."""

import numpy as np

from contract import call
from execmath import vectors

SPREAD = vectors.cosine_spread([2, 8, 32], 20, rng=np.random.default_rng(0))
COS = vectors.random_cosine_similarities(8, 30, rng=np.random.default_rng(1))

EXAMPLES = {
    "norm_label": call(2.0),
    "plot_angle_cosine": call({8: COS}, coverage=0.9),
    "plot_cosine_spread": call(SPREAD),
    "plot_decision_regions": call([[0.0, 0.0], [1.0, 1.0]], 2.0,
                                  extent=(-2.0, 2.0, -2.0, 2.0), n_grid=11,
                                  queries=[[0.5, 0.2]]),
    "plot_projection": call([2.0, 3.0], [1.0, 0.5]),
    "plot_unit_balls": call((1, 2.0), n_points=33),
}

EXAMPLES["plot_decision_inset"] = call([[0.0, 0.0], [1.0, 1.0]], 2.0,
                                       [0.5, 0.4], half_width=0.2,
                                       bounds=(0.6, 0.0, 0.4, 0.4),
                                       n_grid=11)
EXAMPLES["plot_cosine_histograms"] = call({"iso": COS}, d=8, bins=10)
