"""Contract examples for execmath.models."""

import numpy as np

from contract import call, returned_by
from execmath import models as M

X = np.array([[-1.0, 0.5, 0.2], [0.0, -1.0, 0.4], [1.0, 0.5, -0.3],
              [0.5, 0.0, 0.9], [-0.4, 0.8, -1.1], [1.3, -0.6, 0.1]])  # (6, 3)
Y = np.array([-2.0, 0.3, 2.1, 1.2, -0.4, 1.9])                          # (6,)
STD = M.fit_standardizer(X)
MODEL = M.fit_ols(X, Y)

EXAMPLES = {
    "CoefficientDraws": returned_by("coefficient_draws"),
    "HeldoutStudy": returned_by("heldout_leverage_study"),
    "LassoFit": returned_by("fit_lasso"),
    "LassoKinks": returned_by("lasso_kinks"),
    "LassoPath": returned_by("lasso_path"),
    "LinearModel": returned_by("fit_ols"),
    "OLSDiagnostics": returned_by("ols_diagnostics"),
    "RegressionData": returned_by("correlated_regression"),
    "RidgePath": returned_by("ridge_path"),
    "Standardizer": returned_by("fit_standardizer"),
    "ValidationCurve": returned_by("validation_curve"),
    "add_intercept": call(X),
    "apply_standardizer": call(STD, X[:2]),
    "coef_covariance": call(X, 0.5, 0.3),
    "coefficient_draws": call(X, [1.0, -0.5, 0.2], 0.5, 0.3, 4,
                              rng=np.random.default_rng(0)),
    "correlated_regression": call(8, [1.0, 0.0, -0.5], rho=0.6,
                                  noise_sd=0.3, rng=np.random.default_rng(0),
                                  intercept=0.5),
    "fit_lasso": call(X, Y, 0.1, w0=[0.5, 0.0, 0.0], tol=1e-10,
                      max_sweeps=1000, stop="gap"),
    "fit_ols": call(X, Y, method="qr"),
    "fit_ridge": call(X, Y, 0.7),
    "fit_standardizer": call(X),
    "heldout_leverage_study": call(X, [1.0, -0.5, 0.2], 0.5, 0.3, X[:4], 3,
                                   rng=np.random.default_rng(0), n_bins=2),
    "lasso_kinks": call(X, Y, 0.01),
    "lasso_lambda_max": call(X, Y),
    "lasso_leakage_study": call(12, 6, 0.5, 3, 2, rng=np.random.default_rng(0)),
    "lasso_path": call(X, Y, [1.0, 0.3, 0.1], n_lams=5, eps=0.01, tol=1e-10,
                       max_sweeps=1000),
    "leverage": call(X, 0.0, X_new=X[:2]),
    "ols_diagnostics": call(X, Y),
    "predict": call(MODEL, X[:3]),
    "ridge_dof": call(X, [0.0, 1.0]),
    "ridge_path": call(X, Y, [0.0, 0.5, 5.0]),
    "soft_threshold": call([-2.0, 0.3, 1.5], 0.5),
    "validation_curve": call(X, Y, [0.1, 1.0, 10.0], n_splits=3,
                             rng=np.random.default_rng(0), test_fraction=0.34,
                             model="ridge", scaling="train"),
}
