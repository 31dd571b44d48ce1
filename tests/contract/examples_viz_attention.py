"""Contract examples for execmath.viz.attention."""

import numpy as np

from contract import call
from execmath import attention as at

G = np.random.default_rng(0)
X = G.standard_normal((4, 6))
WEIGHTS = at.scaled_dot_product_attention(X, X, X, causal=True).weights
SWEEP = at.temperature_sweep(
    G.standard_normal((3, 2)), G.standard_normal((4, 2)),
    np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]), [1.0, 0.2])
STUDY = at.scaling_study([2, 4], n_tokens=4, n_trials=3,
                         rng=np.random.default_rng(1))

EXAMPLES = {
    "plot_attention_weights": call(WEIGHTS, title="causal", vmax=0.9,
                                   colorbar=True),
    "plot_convex_mixing": call(SWEEP),
    "plot_scaling_study": call(STUDY, "entropy"),
    "plot_sharpening": call(SWEEP),
}
