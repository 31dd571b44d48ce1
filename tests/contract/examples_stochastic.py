"""Contract examples for execmath.stochastic."""

import numpy as np

from contract import call, returned_by
from execmath import stochastic as sto

P = sto.make_least_squares(40, 3, rng=np.random.default_rng(0), noise=0.5,
                           condition=4.0)
G = P.per_example_gradients(np.zeros(3))
STUDY = sto.minibatch_variance_study(G, [1, 4, 16], n_draws=50,
                                     rng=np.random.default_rng(1),
                                     replace=True)

EXAMPLES = {
    "AdamMoments": returned_by("adam_moments"),
    "LeastSquares": call([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]],
                         [1.0, 2.0, 0.0]),
    "LeastSquares.losses": call([0.5, -1.0], [0, 2]),
    "LeastSquares.loss": call([0.5, -1.0], [0, 2]),
    "LeastSquares.per_example_gradients": call([0.5, -1.0], [0, 2]),
    "LeastSquares.gradient": call([0.5, -1.0], [0, 2]),
    "LeastSquares.hessian": call(),
    "LeastSquares.minimiser": call(),
    "LeastSquares.smoothness": call(),
    "LeastSquares.strong_convexity": call(),
    "LeastSquares.excess": call([[0.5, -1.0], [1.0, 1.0]]),
    "LeastSquares.residual_variance": call(),
    "NoiseFloor": returned_by("noise_floor"),
    "SlopeFit": returned_by("variance_slope"),
    "Trace": returned_by("sgd"),
    "VarianceStudy": returned_by("minibatch_variance_study"),
    "adam": call(P, np.zeros(3), 0.05, 2, batch_size=8,
                 rng=np.random.default_rng(1), beta1=0.9, beta2=0.999,
                 eps=1e-8, bias_correction=True, clip=5.0, replace=False,
                 record_iterates=True, blowup=1e50),
    "adam_moments": call([[1.0, -2.0], [0.5, 1.0], [2.0, 0.0]], beta1=0.9,
                         beta2=0.99),
    "adam_update": call([1.0, 2.0], [0.1, 0.0], [0.01, 0.02], [0.5, -1.0],
                        3, 0.1, beta1=0.9, beta2=0.999, eps=1e-8,
                        bias_correction=True),
    "bias_correction_factor": call(5, 0.9, 0.999),
    "clip_by_global_norm": call([3.0, 4.0], 1.0),
    "constant_lr": call(7, 0.1),
    "cosine_lr": call(7, 0.1, total=20, lr_min=0.01),
    "epoch_batches": call(10, 3, np.random.default_rng(0)),
    "global_norm": call([3.0, 4.0]),
    "gradient_variance": call([[1.0, 0.0], [-1.0, 0.5], [0.0, 2.0]]),
    "inverse_time_lr": call(7, 0.1, decay=10.0),
    "linear_warmup_lr": call(7, 0.1, warmup=10),
    "make_least_squares": call(30, 3, rng=np.random.default_rng(0),
                               noise=0.5, condition=4.0),
    "minibatch_variance": call(2.0, 10, 4, replace=False),
    "minibatch_variance_study": call(G, [1, 4, 16], n_draws=20,
                                     rng=np.random.default_rng(1),
                                     replace=False),
    "momentum_update": call([1.0, 2.0], [0.1, 0.0], [0.5, -1.0], 0.1, 0.9),
    "noise_floor": call(P, 0.02, batch_size=2, n_chains=10, n_burn=20,
                        n_avg=20, rng=np.random.default_rng(2)),
    "sample_batch": call(10, 4, np.random.default_rng(0), replace=False),
    "sgd": call(P, np.zeros(3), 0.05, 2, batch_size=8,
                rng=np.random.default_rng(1), momentum=0.9, clip=5.0,
                replace=False, record_iterates=True, blowup=1e50),
    "stationary_excess": call(P, 0.02, batch_size=2),
    "step_decay_lr": call(7, 0.1, every=3, factor=0.5),
    "variance_slope": call(STUDY),
}
