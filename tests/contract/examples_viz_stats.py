"""Contract examples for execmath.viz.stats."""

import numpy as np

from contract import call
from execmath import prob, stats

NS = np.array([1, 3, 10, 30, 100])
PATHS = prob.sample_mean_paths("bernoulli", 100, 3, np.random.default_rng(0),
                               at=NS, p=0.3)
CLT = stats.bernoulli_clt_sample(200, 0.3, 300, np.random.default_rng(1))
S2 = np.array([[1.0, 0.8], [0.8, 1.0]])
X2 = stats.mvn_sample([0.0, 0.0], S2, 50, np.random.default_rng(2))
REPS = stats.sample_leading_axes(S2, 50, 4, np.random.default_rng(3))

EXAMPLES = {
    "plot_clt_histogram": call(CLT, per_bin=4),
    "plot_gaussian_cloud": call(X2, S2, mean=[0.0, 0.0], radius=2.0,
                                replicate_axes=REPS, title="cloud"),
    "plot_lln_paths": call(PATHS, NS, 0.3, alpha=0.05),
}
