"""Contract examples for execmath.optim."""

import numpy as np

from contract import call, returned_by
from execmath import optim

Q = optim.make_quadratic([1.0, 4.0], angle=0.3, center=[1.0, -1.0])

EXAMPLES = {
    "GDResult": returned_by("gradient_descent"),
    "Quadratic": call([[2.0, 0.5], [0.5, 1.0]], [1.0, -1.0], 0.5),
    "Quadratic.value": call([[0.5, 0.2], [1.0, 1.0]]),
    "Quadratic.gradient": call([0.5, 0.2]),
    "Quadratic.hessian": call([0.5, 0.2]),
    "Quadratic.eigenvalues": call(),
    "Quadratic.stationary_point": call(),
    "Quadratic.minimiser": call(),
    "Quadratic.condition_number": call(),
    "classify_stationary_point": call([[2.0, 0.0], [0.0, -1.0]], tol=1e-8),
    "contraction_factor": call([1.0, 4.0], 0.3),
    "convergence_rate": call(10.0),
    "double_well": call([[0.5, 0.2], [1.0, 1.0]]),
    "double_well_gradient": call([0.5, 0.2]),
    "double_well_hessian": call([0.5, 0.2]),
    "gradient_descent": call(Q.gradient, [0.0, 0.0], 0.2, 10, f=Q.value,
                             blowup=1e50),
    "make_quadratic": call([1.0, 4.0], angle=0.3, center=[1.0, -1.0], c=0.5),
    "max_stable_step": call(4.0),
    "observed_rate": call([1.0, 0.5, 0.25, 0.13], skip=1),
    "optimal_step": call(1.0, 4.0),
    "rate_bound": call(0.5, 2.0, 4),
    "step_factors": call([1.0, 4.0], 0.3),
    "steps_to_reduce": call([1.0, 0.5, 0.2, 0.05], 0.1),
}
