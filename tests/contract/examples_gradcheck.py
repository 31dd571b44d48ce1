"""Contract examples for execmath.gradcheck."""

import numpy as np

from contract import call, returned_by


def F(v):
    return float(np.sum(np.sin(v)))


def G(v):
    return np.cos(v)


X = [0.1, 0.7, -0.4]

EXAMPLES = {
    "DirectionalCheck": returned_by("directional_check"),
    "GradCheck": returned_by("gradient_check"),
    "central_difference_bound": call(1e-5, [6.0, 1.0], 1.0, eps=1e-16),
    "directional_check": call(F, G, X, rng=np.random.default_rng(0),
                              n_directions=3, h=1e-5, floor=1e-4, tol=1e-5),
    "gradient_check": call(F, G, X, h=1e-5, floor=1e-4, tol=1e-5),
    "numerical_gradient": call(F, X, h=1e-5),
    "relative_error": call([1.0, 1e-9, 0.0], [1.001, -1e-9, 0.0],
                           floor=1e-4),
    "third_derivatives": call(F, X, h=1e-2),
}
