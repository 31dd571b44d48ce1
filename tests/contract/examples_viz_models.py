"""Contract examples for execmath.viz.models."""

import numpy as np

from contract import call
from execmath import models as M

_D = M.correlated_regression(30, [1.0, -0.5, 0.0], rho=0.6, noise_sd=0.5,
                             rng=np.random.default_rng(0))
RIDGE = M.ridge_path(_D.X, _D.y, [0.1, 1.0, 10.0])
LASSO = M.lasso_path(_D.X, _D.y, n_lams=6, eps=0.05)
KINKS = M.lasso_kinks(_D.X, _D.y)
OLS = M.fit_ols(_D.X, _D.y)
CURVE = M.validation_curve(_D.X, _D.y, [0.1, 1.0, 10.0], n_splits=3,
                           rng=np.random.default_rng(1))
_NEW = M.correlated_regression(40, [1.0, -0.5, 0.0], rho=0.6, noise_sd=0.5,
                               rng=np.random.default_rng(2)).X
STUDY = M.heldout_leverage_study(_D.X, [1.0, -0.5, 0.0], 0.5, 1.0, _NEW, 5,
                                 rng=np.random.default_rng(3), n_bins=3)

EXAMPLES = {
    "plot_heldout_leverage": call(STUDY, z=2.0),
    "plot_lasso_path": call(LASSO, OLS, kinks=KINKS),
    "plot_residuals_leverage": call([0.2, 0.5, 0.3], [0.1, -0.2, 0.4],
                                    [0.1, 0.3, 0.2], [0.2, -0.3, 0.5],
                                    n_mark=2),
    "plot_ridge_path": call(RIDGE, ols=OLS),
    "plot_validation_curve": call(CURVE, z=2.0, show_splits=True),
}
