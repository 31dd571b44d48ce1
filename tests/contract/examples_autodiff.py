"""Contract examples for execmath.autodiff."""

from contract import call, returned_by
from execmath import autodiff as ad


def _f(x1, x2):
    return ad.tanh(x1 * x2 + ad.sin(x1))


def _graph():
    return ad.tanh_sin_graph(0.5, -1.0)[0]


EXAMPLES = {
    "GraphSummary": returned_by("describe_graph"),
    "Node": call(2.0, (), (), "input", "x",
                 _kinds={"parents": "other", "local_grads": "other"}),
    "backward": call(_graph()),
    "cos": call(0.5),
    "describe_graph": call(_graph()),
    "exp": call(0.5),
    "forward_tangents": call(_graph(), {}),
    "gradient": call(_f, [0.5, -1.0]),
    "jvp": call(_f, [0.5, -1.0], [1.0, 2.0]),
    "log": call(0.5),
    "sin": call(0.5),
    "tanh": call(0.5),
    "tanh_sin_graph": call(0.5, -1.0),
    "topological_order": call(_graph()),
    "variable": call(1.5, "x"),
}
