"""Contract examples for execmath.viz.stochastic."""

import numpy as np

from contract import call
from execmath import stochastic as sto

_G = np.random.default_rng(0).standard_normal((30, 3))
_S1 = sto.minibatch_variance_study(_G, [1, 4, 16], n_draws=20,
                                   rng=np.random.default_rng(1), replace=True)
_S2 = sto.minibatch_variance_study(_G, [1, 4, 16, 30], n_draws=20,
                                   rng=np.random.default_rng(2),
                                   replace=False)

K = {"labels": "other", "colors": "other", "styles": "other"}

EXAMPLES = {
    "plot_epoch_curves": call([np.array([[1.0, 0.5, 0.2], [1.0, 0.4, 0.3]]),
                               np.array([[1.0, 0.8, 0.6], [1.0, 0.7, 0.5]])],
                              ["SGD", "GD"], colors=["C0", "C1"],
                              styles=["-", "--"], ylabel="loss",
                              _kinds=K),
    "plot_lr_schedules": call([[0.1, 0.1, 0.01, 0.01], [0.1, 0.1, 0.1, 0.1]],
                              ["decay", "constant"], steps_per_epoch=2,
                              colors=["C0", "C1"], styles=["-", "--"],
                              _kinds=K),
    "plot_variance_study": call([_S1, _S2], ["with", "without"],
                                colors=["C0", "C1"], _kinds=K),
}
