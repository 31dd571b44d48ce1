"""Contract examples for execmath.viz.constrained."""

from contract import call
from execmath import constrained as cons
from execmath import optim

Q = optim.make_quadratic([1.0, 6.0], angle=0.26, center=[1.3, 1.4])
RUN = cons.projected_gradient_descent(
    Q.value, Q.gradient, lambda z: cons.project_box(z, 0.0, 1.0),
    [0.05, 0.05], 1 / 6, 10)
Q2 = optim.make_quadratic([1.0, 4.0], angle=0.52, center=[1.2, 0.9])
SOL = cons.solve_eq_qp(Q2, [[1.0, 1.0]], [1.0])

EXAMPLES = {
    "plot_box_descent": call(Q.value, RUN, [0.0, 0.0], [1.0, 1.0],
                             xlim=(-0.5, 2.0), ylim=(-0.5, 1.5), levels=6,
                             x_star=[0.9, 1.0], star_label="star",
                             color="C1", label="run", show_proposals=True),
    "plot_kkt_tangency": call(Q2, [1.0, 1.0], 1.0, SOL, xlim=(-0.5, 2.0),
                              ylim=(-0.5, 2.0), n_levels=5,
                              arrow_length=0.4),
}
