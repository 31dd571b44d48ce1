"""Contract examples for execmath.viz.optim."""

from contract import call
from execmath import optim

Q = optim.make_quadratic([1.0, 4.0], angle=0.4, center=[0.5, 0.25])
RUN = optim.gradient_descent(Q.gradient, [-1.5, 1.5], 0.2, 8, f=Q.value)

EXAMPLES = {
    "plot_convergence": call([RUN], 0.0, labels=["eta = 0.2"], rates=[0.6],
                             colors=["C0"]),
    "plot_gradient_field": call(Q.value, Q.gradient, xlim=(-2.0, 2.0),
                                ylim=(-2.0, 2.0), levels=6, n_arrows=5,
                                x_star=[0.5, 0.25], hessian=Q.A),
    "plot_trajectories": call(Q.value, [RUN], labels=["run"],
                              xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), levels=6,
                              x_star=[0.5, 0.25], colors=["C1"]),
}
