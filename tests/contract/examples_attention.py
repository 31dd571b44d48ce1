"""Contract examples for execmath.attention."""

import numpy as np

from contract import call, returned_by
from execmath import attention as at

G = np.random.default_rng(0)
Q = G.standard_normal((3, 4))                   # (n, d)
K = G.standard_normal((5, 4))                   # (m, d)
V = G.standard_normal((5, 2))                   # (m, d_v)
MASK = np.tril(np.ones((3, 5), dtype=bool))     # (n, m), True = attend
X = G.standard_normal((2, 3, 4))                # (b, n, D)
W_QKV = G.standard_normal((4, 12)) / 2          # (D, 3D)
W_O = G.standard_normal((4, 4)) / 2             # (D, D)
PARAMS = at.init_block_params(4, 2, 8, rng=np.random.default_rng(1))

EXAMPLES = {
    "AttentionCost": returned_by("attention_cost"),
    "AttentionResult": returned_by("scaled_dot_product_attention"),
    "BlockParams": returned_by("init_block_params"),
    "MaskedSoftmax": returned_by("masked_softmax"),
    "ScalingStudy": returned_by("scaling_study"),
    "TemperatureSweep": returned_by("temperature_sweep"),
    "attention_cost": call([16, 32], 8, batch=2, heads=3, dtype="float32"),
    "attention_entropy": call([[0.25, 0.75], [1.0, 0.0], [0.0, 0.0]]),
    "attention_scores": call(Q, K, scale=0.5),
    "causal_mask": call(3, 4),
    "embed": call(G.standard_normal((6, 3)), np.array([0, 5, 2])),
    "init_block_params": call(4, 2, 8, rng=np.random.default_rng(2)),
    "layer_norm": call(X, np.ones(4), np.zeros(4), eps=1e-5),
    "masked_softmax": call(Q @ K.T, MASK),
    "merge_heads": call(G.standard_normal((2, 2, 3, 2))),
    "multi_head_attention": call(X, W_QKV, W_O, n_heads=2,
                                 b_qkv=np.zeros(12), b_o=np.zeros(4),
                                 mask=np.ones((2, 1, 1, 3), dtype=bool),
                                 causal=True),
    "one_hot": call(np.array([1, 0, 3]), 4),
    "padding_mask": call(np.array([2, 0, 3]), 3),
    "scaled_dot_product_attention": call(Q, K, V, mask=MASK, causal=False,
                                         scale=0.5),
    "scaling_study": call([2, 4], n_tokens=4, n_trials=3,
                          rng=np.random.default_rng(3)),
    "sinusoidal_frequencies": call(6, base=100.0),
    "sinusoidal_positions": call(5, 4, base=100.0),
    "split_heads": call(X, 2),
    "temperature_sweep": call(Q, K, V, [2.0, 0.5]),
    "transformer_block": call(X, PARAMS, n_heads=2,
                              mask=np.ones((2, 1, 1, 3), dtype=bool),
                              causal=True, eps=1e-5, activation="gelu"),
}
