"""Contract examples for execmath.calibration."""

import numpy as np

from contract import call, constant, returned_by

Y = [0, 0, 1, 1, 0, 1, 0, 1]
P = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9]
Z = [-2.0, 0.5, 1.5, 3.0, -1.0, 0.2, 2.5, 4.0]
Z3 = np.array([[2.0, 0.0, -1.0], [0.5, 1.0, 0.0], [0.0, -1.0, 2.0],
               [1.0, 2.0, 0.0], [-1.0, 0.0, 1.0]])
Y3 = np.array([0, 0, 2, 0, 1])

EXAMPLES = {
    "BrierDecomposition": returned_by("brier_decomposition"),
    "PlattFit": returned_by("fit_platt"),
    "ReliabilityBins": returned_by("reliability_bins"),
    "STRATEGIES": constant("binning strategies"),
    "TemperatureFit": returned_by("fit_temperature"),
    "brier_decomposition": call(Y, P, 4, strategy="uniform"),
    "brier_score": call(Y, P),
    "expected_calibration_error": call(Y, P, 4, strategy="quantile"),
    "fit_platt": call(Z, Y, smooth_targets=True),
    "fit_temperature": call(Z, Y, tol=1e-12, max_iter=50),
    "reliability_bins": call(Y, P, 4, strategy="quantile"),
    "temperature_nll": call(Z3, Y3, [0.5, 1.0, 2.0]),
}
