"""Contract examples for execmath.viz.llm."""

import numpy as np

from contract import call
from execmath import attention as at
from execmath import llm

P = at.sinusoidal_positions(20, 8)
STUDY = llm.cost_study([8, 16], 4, repeats=1, rng=np.random.default_rng(0),
                       fit_from=8, block=4)

EXAMPLES = {
    "plot_cost_study": call(STUDY, "memory"),
    "plot_positional_heatmap": call(P, colorbar=True),
    "plot_positional_ladder": call(P, [0, 2, 4], spacing=2.5),
}
