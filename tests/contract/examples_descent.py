"""Contract examples for execmath.descent."""

import numpy as np

from contract import call, returned_by
from execmath import testfunctions as tf

LAM = np.array([1.0, 10.0])
F = lambda x: 0.5 * float(x @ (LAM * x))                       # noqa: E731
G = lambda x: LAM * np.asarray(x, dtype=float)                 # noqa: E731

EXAMPLES = {
    "CGResult": returned_by("conjugate_gradient"),
    "ExactCGResult": returned_by("conjugate_gradient_exact"),
    "Trace": returned_by("gradient_descent"),
    "conjugate_gradient": call([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0],
                               [0.5, 0.5], tol=1e-12, max_iter=10),
    "conjugate_gradient_exact": call([[4, 1], [1, 3]], [1, 2]),
    "gd_convex_bound": call(2.0, 1.0, 4),
    "gd_strongly_convex_bound": call(1.0, 4.0, 1.0, 3),
    "gradient_descent": call(F, G, [1.0, 1.0], line_search="fixed",
                             step=0.1, alpha0=1.0, beta=0.5, c=0.1, c2=0.9,
                             preconditioner=[1.0, 2.0], tol=1e-8,
                             max_iter=30, max_evals=200, blowup=1e100),
    "heavy_ball": call(F, G, [1.0, 1.0], step=0.1, momentum=0.5, tol=1e-8,
                       max_iter=30, max_evals=200, blowup=1e100),
    "heavy_ball_parameters": call(1.0, 9.0),
    "heavy_ball_rate": call(100.0),
    "nesterov": call(F, G, [1.0, 1.0], step=0.1, momentum=0.5, tol=1e-8,
                     max_iter=30, max_evals=200, blowup=1e100),
    "nesterov_parameters": call(1.0, 9.0),
    "nesterov_rate": call(100.0),
    "newton": call(tf.rosenbrock, tf.rosenbrock_gradient,
                   tf.rosenbrock_hessian, [-1.2, 1.0], safeguard="eigen",
                   delta=1e-8, beta=0.5, c=1e-4, tol=1e-10, max_iter=40,
                   max_evals=400, blowup=1e100),
}
