"""Contract examples for execmath.llm."""

import numpy as np

from contract import call, returned_by

IDS = np.array([0, 1, 2, 1, 0, 2, 2, 1])
PROBS = np.array([[0.2, 0.5, 0.3], [0.4, 0.2, 0.4], [0.3, 0.3, 0.4]])
W = np.array([[0.1, -0.2, 0.3], [0.0, 0.5, -0.1], [0.2, 0.2, -0.3]])
G = np.random.default_rng(0)
Q, K, V = G.standard_normal((3, 6, 4))

EXAMPLES = {
    "BigramTrace": returned_by("train_bigram"),
    "BlockwiseResult": returned_by("blockwise_attention"),
    "CharVocab": returned_by("char_vocab"),
    "CostStudy": returned_by("cost_study"),
    "KVDecode": returned_by("incremental_attention"),
    "LossGrad": returned_by("bigram_loss_and_grad"),
    "bigram_counts": call(IDS, 3),
    "bigram_loss_and_grad": call(W, IDS[:-1], IDS[1:]),
    "bigram_probs": call(IDS, 3, smoothing=0.5),
    "blockwise_attention": call(Q, K, V, block=4, causal=True),
    "char_vocab": call("hello world"),
    "cost_study": call([8, 16], 4, heads=2, batch=1, repeats=1,
                       rng=np.random.default_rng(0), fit_from=8, block=4),
    "incremental_attention": call(Q, K, V),
    "kv_cache_bytes": call([16, 32], n_layers=2, n_kv_heads=2, d_head=8,
                           batch=1, dtype="float16"),
    "offset_rotation": call(8, 3, 100.0),
    "perplexity": call([0.5, 1.0, 0.25], _nonfinite="an infinite loss "
                       "(probability zero) has infinite perplexity, "
                       "documented"),
    "rope": call(Q, [0, 1, 2, 3, 4, 5], 100.0),
    "rotate_pairs": call(Q, [0.1, 0.2]),
    "sample_tokens": call(W, 0, 10, temperature=0.7,
                          rng=np.random.default_rng(0)),
    "temperature_probs": call(W, 0.5),
    "token_nll": call(PROBS, IDS, _nonfinite="a token of probability zero "
                      "has loss +inf, documented"),
    "train_bigram": call(W, IDS[:-1], IDS[1:], lr=0.05, steps=5),
}
