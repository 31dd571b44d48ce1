"""Contract examples for execmath.viz.tensors."""

import numpy as np

from contract import call
from execmath import tensors

STUDY = tensors.matmul_timing_study([1, 2], 2, 2, 2,
                                    rng=np.random.default_rng(0), repeat=1)

EXAMPLES = {
    "plot_batched_matmul_shapes": call(2, 3, 4, 2),
    "plot_broadcast_sum": call([1.0, 2.0], [10.0, 20.0, 30.0], fmt="{:g}"),
    "plot_matmul_timings": call(STUDY),
}
