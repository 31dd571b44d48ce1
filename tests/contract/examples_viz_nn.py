"""Contract examples for execmath.viz.nn."""

import numpy as np

from contract import call
from execmath import nn

MODES = nn.mode_cost_study([1, 4], width=4, repeats=1,
                           rng=np.random.default_rng(0))
MEM = nn.memory_study([1, 4], width=4, batch=3,
                      rng=np.random.default_rng(0))
DEPTH = [nn.depth_study(6, 3, rng=np.random.default_rng(1)),
         nn.depth_study(6, 3, gain=2.0, rng=np.random.default_rng(1))]

EXAMPLES = {
    "plot_depth_study": call(DEPTH, ["gain 1", "gain 2"],
                             factors=[1.0, 2.0], title="tanh"),
    "plot_memory_study": call(MEM),
    "plot_mode_times": call(MODES),
}
