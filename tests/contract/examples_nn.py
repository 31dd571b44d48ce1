"""Contract examples for execmath.nn."""

import numpy as np

from contract import call, returned_by
from execmath import nn

PARAMS = nn.init_mlp((2, 3, 2), rng=np.random.default_rng(0))
X = [[0.5, -0.2], [1.0, 0.3], [-0.4, 0.8], [0.0, -1.0]]
Y = np.array([0, 1, 1, 0])

EXAMPLES = {
    "Dataset": returned_by("two_moons"),
    "Dense": returned_by("init_mlp"),
    "DepthStudy": returned_by("depth_study"),
    "FlatObjective": returned_by("flat_objective"),
    "LossGrads": returned_by("loss_and_grads"),
    "MemoryStudy": returned_by("memory_study"),
    "ModeCostStudy": returned_by("mode_cost_study"),
    "TrainResult": returned_by("train_mlp"),
    "depth_study": call(6, 3, scheme="xavier", gain=1.0, activation="tanh",
                        batch=4, rng=np.random.default_rng(0)),
    "flat_objective": call(PARAMS, X, Y, activation="tanh"),
    "flatten_params": call(PARAMS),
    "init_mlp": call((2, 3, 2), scheme="he", gain=1.5,
                     rng=np.random.default_rng(0)),
    "init_std": call(4, 3, "xavier", 1.0),
    "loss_and_grads": call(PARAMS, X, Y, activation="tanh"),
    "memory_study": call([1, 4], width=4, batch=3,
                         rng=np.random.default_rng(0)),
    "mlp_forward": call(PARAMS, X, activation="relu", checkpoint_every=1),
    "mode_cost_study": call([2, 4], width=4, repeats=1,
                            rng=np.random.default_rng(0)),
    "predict": call(PARAMS, X, activation="tanh"),
    "train_mlp": call(PARAMS, X, Y, lr=0.5, steps=3, activation="tanh"),
    "two_moons": call(10, noise=0.1, rng=np.random.default_rng(0)),
    "unflatten_params": call(np.arange(17.0) / 10, PARAMS),
}
