"""Contract examples for execmath.viz.bayes."""

import numpy as np

from contract import call
from execmath import bayes

PATH = bayes.beta_bernoulli_path(np.array([1, 0, 1, 1, 0, 1, 1, 0, 1, 1]),
                                 [1, 3, 10], a=2.0, b=3.0)

EXAMPLES = {
    "plot_beta_posteriors": call(PATH, p_true=0.7, n_grid=101),
    "plot_posterior_sd": call(PATH, p_true=0.7),
}
