"""Contract examples for execmath.repro."""

import numpy as np

from contract import call, returned_by

X = np.array([[0.0], [1.0], [2.0], [3.0], [0.5], [2.5], [1.5], [1.2]])
Y = np.array([0, 0, 1, 1, 0, 1, 1, 0])

EXAMPLES = {
    "DriftStudy": returned_by("order_drift"),
    "EnvironmentRecord": returned_by("environment_record"),
    "OutputComparison": returned_by("compare_outputs"),
    "RunResult": returned_by("seed_run"),
    "RunStudy": returned_by("run_study"),
    "StreamStudy": returned_by("stream_study"),
    "array_digest": call([1.0, 2.5, -3.0]),
    "blocked_sum": call([1.0, 1e16, -1e16, 1.0], 2),
    "compare_outputs": call([0.1 + 0.2, 1.0], [0.3, 1.0]),
    "environment_record": call(("numpy", "scipy")),
    "make_recipe": call("all: x\n\techo hi\ntest: all\n\tpytest\n", "test"),
    "order_drift": call([0.1, 0.2, 0.3, 0.4], 5,
                        rng=np.random.default_rng(0)),
    "parse_pins": call("# lock\nnumpy==2.4.6\ntorch==2.13.0\n"),
    "run_study": call(X, Y, [1, 2], test_fraction=0.3, lam=0.01),
    "seed_run": call(X, Y, 3, test_fraction=0.3, lam=0.01),
    "spawn_generators": call(7, 2),
    "spawned_draws": call(7, 2, 5),
    "stream_study": call(1, 2, 5),
    "ulp_distance": call([1.0, 0.3], [1.0, 0.1 + 0.2]),
}
