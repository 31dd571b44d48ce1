"""Contract examples for execmath.tape."""

import numpy as np

from contract import call, returned_by
from execmath import tape

A = [[0.5, -1.0, 0.2], [0.3, 0.8, -0.5]]                # (2, 3)
B = [[1.0, 0.5], [-0.5, 0.2], [0.1, 0.3]]               # (3, 2)
Z = [[0.1, -0.4, 0.9], [1.2, 0.0, -0.7]]                # (2, 3)
ROW = [0.1, -0.2, 0.3]                                  # (3,)


def _graph():
    """A small graph: loss = mean(tanh(X @ W + b))."""
    W = tape.Var(np.array(B), "W")
    b = tape.Var([0.1, -0.1], "b")
    return tape.mean(tape.tanh(tape.matmul(A, W) + b))


def _segment(h, w):
    return tape.tanh(h @ w)


def _seeded():
    x = tape.Var([1.0, 2.0], "x")
    return tape.sum(x * x), {x: [1.0, 0.0]}


OUT, SEEDS = _seeded()

EXAMPLES = {
    "MemoryReport": returned_by("graph_memory"),
    "TapeEntry": returned_by("tape_entries"),
    "Var": call([1.0, 2.0], "x", True),
    "add": call(Z, ROW),
    "backward": call(_graph()),
    "checkpoint": call(_segment, tape.Var(A), tape.Var(B)),
    "cross_entropy": call(Z, [0, 2]),
    "elementwise": call([0.5, 1.0], np.tanh, tape.sech2, "tanh"),
    "exp": call(Z),
    "forward_tangents": call(OUT, SEEDS),
    "graph_memory": call(_graph()),
    "is_grad_enabled": call(),
    "log": call([[0.5, 1.5], [2.0, 0.1]]),
    "log_softmax": call(Z, axis=1),
    "matmul": call(A, B),
    "mean": call(Z, axis=0, keepdims=True),
    "mul": call(Z, ROW),
    "no_grad": call(),
    "relu": call(Z),
    "saturation_band": call(0.01),
    "sech2": call(Z),
    "softmax": call(Z, axis=-1),
    "sum": call(Z, axis=1, keepdims=False),
    "tanh": call(Z),
    "tanh_derivative_naive": call(Z),
    "tape_entries": call(_graph()),
    "topological_order": call(_graph()),
    "unbroadcast": call(np.ones((4, 3)), (3,)),
}
