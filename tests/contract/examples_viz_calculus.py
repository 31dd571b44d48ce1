"""Contract examples for execmath.viz.calculus."""

import numpy as np

from contract import call
from execmath import calculus

H = np.array([1e-6, 1e-4, 1e-2])
SWEEP = calculus.step_error_sweep(np.sin, [0.5, 1.0],
                                  [np.cos(0.5), np.cos(1.0)], H)

EXAMPLES = {
    "plot_loglog_errors": call(H, {"forward": [1e-9, 1e-7, 1e-5]},
                               ref_slopes={"forward": 1.0}, xlabel="h",
                               ylabel="error"),
    "plot_step_size_sweep": call([SWEEP], eps=2.2e-16),
    "plot_tangent": call(np.sin, 0.5, float(np.cos(0.5)), halfwidth=1.0,
                         zoom=0.2, legend=True),
    "plot_tangent_gap": call(H, [1e-13, 1e-9, 1e-5], 1.0),
    "plot_taylor_models": call(np.exp, [1.0, 1.0, 1.0], 0.0, orders=(1, 2),
                               halfwidth=1.0),
}
