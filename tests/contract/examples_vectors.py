"""Contract examples for execmath.vectors."""

import numpy as np

from contract import call, returned_by

P = [[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]]

EXAMPLES = {
    "CosineSpread": returned_by("cosine_spread"),
    "DecisionGrid": returned_by("decision_grid"),
    "LineProjection": returned_by("project_onto_line"),
    "angle": call([1.0, 0.0, 0.0], [1.0, 1.0, 0.0], degrees=True),
    "check_p": call(3.0, name="p",
                    _nonfinite="documented: inf is the maximum norm's order"),
    "cosine_similarity": call([1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]),
    "cosine_spread": call([2, 8], 20, rng=np.random.default_rng(0)),
    "decision_grid": call(P, 1.0, extent=(-2.0, 2.0, -2.0, 2.0), n_grid=9),
    "distance": call([1.0, 2.0], [4.0, 6.0], 2.0),
    "naive_norm": call([3.0, 4.0],
                       _nonfinite="documented: the unscaled formula "
                                  "overflows (chapter 4 shows it)"),
    "nearest_prototype": call([[0.2, 0.1], [1.0, 1.5]], P, 2.0),
    "normalize": call([[3.0, 4.0], [1.0, 0.0]]),
    "p_norm": call([3.0, -4.0], 2.0),
    "pairwise_cosine": call([[1.0, 0.0], [1.0, 1.0]], [[0.0, 1.0]]),
    "pairwise_distances": call([[0.2, 0.1], [1.0, 1.5]], P, 1.0),
    "project_onto_line": call([2.0, 3.0], [1.0, 1.0]),
    "random_cosine_similarities": call(5, 4, rng=np.random.default_rng(0)),
    "unit_ball_boundary": call(1.0, 9),
}
