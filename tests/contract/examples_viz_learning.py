"""Contract examples for execmath.viz.learning."""

import numpy as np

from contract import call
from execmath import learning

STUDY = learning.bias_variance_study(learning.step_target, 4, n_train=15,
                                     noise_sd=0.3, n_reps=5,
                                     rng=np.random.default_rng(1), n_grid=20)
RNG = np.random.default_rng(0)
XD = RNG.standard_normal((12, 3))
YD = XD @ np.array([1.0, -2.0, 0.5]) + 0.1 * RNG.standard_normal(12)
PATH = learning.ridge_path(XD, YD, [0.01, 0.1, 1.0, 10.0])
FOLDS = learning.kfold_indices(12, 3)

EXAMPLES = {
    "plot_bias_variance": call(STUDY),
    "plot_kfold": call(FOLDS, scores=[0.3, 0.2, 0.4], name="k-fold"),
    "plot_ridge_norm": call(PATH, show_dof=True),
    "plot_ridge_paths": call(PATH, cmap="viridis"),
    "plot_train_test_mse": call(STUDY, z=2.0),
}
