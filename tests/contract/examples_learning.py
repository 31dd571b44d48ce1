"""Contract examples for execmath.learning."""

import numpy as np

from contract import call, constant, returned_by
from execmath import learning

RNG = np.random.default_rng(0)
X1 = np.linspace(-1.0, 1.0, 12)
Y1 = np.sin(3.0 * X1) + 0.1 * RNG.standard_normal(12)
XD = RNG.standard_normal((12, 3))
YD = XD @ np.array([1.0, -2.0, 0.5]) + 0.1 * RNG.standard_normal(12)
FIT = learning.fit_polynomial(X1, Y1, 3)
FOLDS = learning.kfold_indices(12, 3)

EXAMPLES = {
    "BASES": constant("the supported polynomial bases"),
    "BiasVarianceStudy": returned_by("bias_variance_study"),
    "CVResult": returned_by("cv_polynomial_mse"),
    "Fold": returned_by("kfold_indices"),
    "LeakageStudy": returned_by("leakage_study"),
    "NestedPolynomialFits": returned_by("nested_polynomial_fits"),
    "PolynomialFit": returned_by("fit_polynomial"),
    "RidgePath": returned_by("ridge_path"),
    "Split": returned_by("train_test_split_indices"),
    "VarianceEstimatorStudy": returned_by("variance_estimator_study"),
    "bias_variance_study": call(learning.step_target, 4, n_train=15,
                                noise_sd=0.3, n_reps=5,
                                rng=np.random.default_rng(1), n_grid=20),
    "cv_polynomial_mse": call(X1, Y1, [1, 2, 3], FOLDS, basis="legendre"),
    "fit_polynomial": call(X1, Y1, 3, basis="legendre", domain=(-1.0, 1.0)),
    "kfold_indices": call(12, 3, shuffle=True, rng=np.random.default_rng(2)),
    "leakage_study": call(20, 30, 3, 4, 2, rng=np.random.default_rng(3)),
    "mse": call([1.0, 2.0, 3.0], [1.1, 1.9, 3.2]),
    "nested_polynomial_fits": call(X1, Y1, 4, basis="chebyshev"),
    "polynomial_design": call(X1, 3, basis="legendre", domain=(-1.0, 1.0)),
    "predict_polynomial": call(FIT, [0.0, 0.5]),
    "ridge_augmented_qr": call(XD, YD, 0.5),
    "ridge_effective_dof": call(XD, [0.1, 1.0]),
    "ridge_filter_factors": call([3.0, 1.0, 0.1], [0.5, 1.0]),
    "ridge_path": call(XD, YD, [0.01, 0.1, 1.0]),
    "ridge_svd": call(XD, YD, 0.5),
    "select_top_k_features": call(XD, YD, 2),
    "step_target": call([-0.5, 0.0, 0.5], sharpness=8.0, center=0.2),
    "to_unit_interval": call([0.0, 5.0, 10.0], (0.0, 10.0)),
    "train_test_split_indices": call(20, 0.25, rng=np.random.default_rng(4)),
    "variance_estimator_study": call([2, 5, 10], 50, sigma=1.0,
                                     rng=np.random.default_rng(5)),
}
