"""Contract examples for execmath.viz.info."""

from contract import call
from execmath import info

CURVE = info.logloss_curve(eps=1e-6, n=21)

EXAMPLES = {
    "plot_bernoulli_entropy": call(n_grid=51),
    "plot_bernoulli_kl": call(0.5, 0.05, q_min=0.01, n_grid=51),
    "plot_logloss": call(CURVE, scale="linear"),
}
