"""Contract examples for execmath.calculus."""

import numpy as np

from contract import call, constant, returned_by


def _vec(x):
    return np.array([x[0] * x[1], np.sin(x[0])])


EXAMPLES = {
    "METHOD_ORDERS": constant("orders of the difference quotients"),
    "CallCounter": call(np.sin),
    "StepSweep": returned_by("step_error_sweep"),
    "backward_difference": call(np.sin, [0.5, 1.0], 1e-6, dtype=np.float64),
    "central_difference": call(np.sin, [0.5, 1.0], 1e-5, dtype=np.float32),
    "derivative": call(np.sin, [0.5, 1.0], 1e-5, "central", dtype=np.float64),
    "directional_derivative": call(_vec, [0.5, 1.0], [1.0, -1.0], 1e-6,
                                   "central", dtype=np.float64),
    "fd_gradient": call(lambda x: float(x @ x), [1.0, 2.0], 1e-6, "central"),
    "fd_hessian": call(lambda x: float(x @ x) + x[0] * x[1], [1.0, 2.0],
                       1e-4),
    "fd_jacobian": call(_vec, [0.5, 1.0], 1e-6, "forward"),
    "forward_difference": call(np.sin, [0.5, 1.0], 1e-6, dtype=np.float64),
    "model_optimal_step": call(1, 0.5, 1.0, 2.2e-16),
    "optimal_step": call("central", 2.2e-16, x=[1.0, 100.0]),
    "step_error_sweep": call(np.sin, [0.5, 1.0], [np.cos(0.5), np.cos(1.0)],
                             [1e-8, 1e-6, 1e-4], "forward", dtype=np.float64),
    "taylor_polynomial": call([1.0, 1.0, 1.0, 1.0], 0.0, [0.1, 0.5]),
    "taylor_remainder": call(np.exp, [1.0, 1.0, 1.0], 0.0, [0.1, 0.2], 2),
    "total_error_model": call([1e-8, 1e-4], 2, 1.0, 1.0, 2.2e-16),
}
