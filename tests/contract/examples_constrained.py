"""Contract examples for execmath.constrained."""

import numpy as np

from contract import call, returned_by
from execmath import constrained as cons
from execmath import optim

Q = optim.make_quadratic([1.0, 6.0], angle=0.26, center=[1.3, 1.4])
BOX = lambda z: cons.project_box(z, 0.0, 1.0)                  # noqa: E731
SQUARE = lambda v: float(v @ v)                                # noqa: E731

EXAMPLES = {
    "ConvexityReport": returned_by("convexity_check"),
    "EqQPSolution": returned_by("solve_eq_qp"),
    "KKTReport": returned_by("kkt_residuals"),
    "LinearInequalities": returned_by("box_constraints"),
    "PGDResult": returned_by("projected_gradient_descent"),
    "QPDual": call(Q, G=[[-1.0, 0.0], [0.0, -1.0]], h=[0.0, 0.0],
                   A=[[1.0, 1.0]], b=[1.0]),
    "QPDual.primal_point": call([0.5, 0.1, 0.2]),
    "QPDual.value": call([0.5, 0.1, 0.2]),
    "QPDual.gradient": call([0.5, 0.1, 0.2]),
    "QPDual.smoothness": call(),
    "QPDual.project": call([0.5, -0.1, 0.2]),
    "box_constraints": call([0.0, -1.0], [1.0, 2.0]),
    "convexity_check": call(SQUARE, [-1.0, -1.0], [1.0, 1.0], n_lines=20,
                            rng=np.random.default_rng(0), t=0.5, rtol=1e-10),
    "kkt_residuals": call([2.0, 0.5], eq=[0.0], eq_jac=[[1.0, 1.0]],
                          ineq=[0.0, -1.0], ineq_jac=[[-1.0, 0.0],
                                                      [0.0, -1.0]],
                          lam=[-0.5], mu=[1.5, 0.0], active_tol=1e-8),
    "project_ball": call([3.0, 4.0], 2.0, [0.5, -0.5]),
    "project_box": call([1.5, -0.2, 0.3], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]),
    "project_simplex": call([0.5, 0.2, -0.4], 1.5),
    "projected_gradient_descent": call(Q.value, Q.gradient, BOX, [0.05, 0.05],
                                       0.15, 20, tol=1e-10),
    "solve_eq_qp": call(Q, [[1.0, 1.0]], [1.0]),
}
