"""Contract examples for execmath.viz.repro."""

import numpy as np

from contract import call
from execmath import repro

X = np.array([[0.0], [1.0], [2.0], [3.0], [0.5], [2.5], [1.5], [1.2]])
Y = np.array([0, 0, 1, 1, 0, 1, 1, 0])
STUDY = repro.run_study(X, Y, [1, 2, 3])
STREAMS = repro.stream_study(1, 2, 20)
PAIR = repro.spawned_draws(0, 2, 50)

EXAMPLES = {
    "plot_run_losses": call(STUDY, color="C1", title="runs"),
    "plot_stream_pair": call(PAIR[0], PAIR[1], label="pair", z=4.0),
    "plot_stream_paths": call(STREAMS),
}
