"""Contract examples for execmath.summation."""

import numpy as np

from contract import call, constant, returned_by

X = [0.1, 0.2, 0.3, 1e-3, 5.0]

EXAMPLES = {
    "SUPPORTED_DTYPES": constant("the working precisions"),
    "SummationErrors": returned_by("summation_errors"),
    "error_bound": call(X, method="kahan", dtype=np.float32),
    "exact_sum": call(X, dtype=np.float32),
    "kahan_cumsum": call(X, dtype=np.float32),
    "kahan_sum": call(X, dtype=np.float32),
    "naive_cumsum": call(X, dtype=np.float32),
    "naive_sum": call(X, dtype=np.float32),
    "neumaier_sum": call(X, dtype=np.float32),
    "pairwise_sum": call(X, dtype=np.float32),
    "summation_errors": call(X, [1, 3, 5], dtype=np.float32),
}
