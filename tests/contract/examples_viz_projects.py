"""Contract examples for execmath.viz.projects."""

import numpy as np

from contract import call
from execmath import projects

IMG = np.outer(np.linspace(0.0, 1.0, 8), np.linspace(0.2, 0.9, 8))  # (8, 8)
_rng = np.random.default_rng(0)
X = _rng.standard_normal((40, 2))
Y = (X[:, 0] + _rng.standard_normal(40) > 0).astype(float)
STUDY = projects.denoising_study(IMG, 0.1, size=2,
                                 rng=np.random.default_rng(2))
SEEDS = projects.seed_study(X, Y, [1, 2, 3, 4], n_train=20, lam=0.01)

EXAMPLES = {
    "plot_denoise_mse": call(STUDY),
    "plot_grey_image": call(IMG, title="clean"),
    "plot_seed_histogram": call(SEEDS, bins=5),
}
