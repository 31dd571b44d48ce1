"""Contract examples for execmath.bayes."""

import numpy as np

from contract import call, returned_by

X = np.array([1, 0, 1, 1, 0, 1, 1, 0])

EXAMPLES = {
    "BetaMoments": returned_by("beta_moments"),
    "BetaPath": returned_by("beta_bernoulli_path"),
    "BetaPosterior": returned_by("beta_bernoulli_update"),
    "CredibleInterval": returned_by("beta_credible_interval"),
    "GridPosterior": returned_by("grid_posterior"),
    "NormalPosterior": returned_by("normal_normal_update"),
    "beta_bernoulli_path": call(X, [1, 4, 8], a=2.0, b=3.0),
    "beta_bernoulli_predictive": call(3.0, 5.0, m=4),
    "beta_bernoulli_update": call(X, a=2.0, b=3.0),
    "beta_credible_interval": call(3.0, 5.0, level=0.9),
    "beta_moments": call(3.0, 5.0),
    "beta_pdf": call([0.1, 0.5, 0.9], 3.0, 5.0),
    "grid_posterior": call(np.log(np.full(5, 0.2)),
                           np.array([-3.0, -2.0, -1.0, -2.0, -3.0])),
    "normal_credible_interval": call(0.5, 0.2, level=0.95),
    "normal_normal_predictive": call(0.5, 0.2, 1.0),
    "normal_normal_update": call([0.3, 1.2, 0.8], 0.0, 2.0, 1.0),
}
