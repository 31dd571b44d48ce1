"""Contract examples for execmath.viz.autodiff."""

from contract import call
from execmath import autodiff as ad

SUMMARY = ad.describe_graph(ad.tanh_sin_graph(0.8, -0.5)[0])

EXAMPLES = {
    "node_expression": call(SUMMARY, 3),
    "plot_sensitivity_flow": call(SUMMARY, fmt="{:.2f}"),
}
