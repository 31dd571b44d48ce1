"""Contract examples for execmath.projects."""

import numpy as np

from contract import call, returned_by

IMG = np.outer(np.linspace(0.0, 1.0, 8), np.linspace(0.2, 0.9, 8))  # (8, 8)
RGB = np.stack([IMG, IMG * 0.5, IMG * 0.25], axis=-1)               # (8,8,3)
_rng = np.random.default_rng(0)
X = _rng.standard_normal((40, 2))
Y = (X[:, 0] + _rng.standard_normal(40) > 0).astype(float)

EXAMPLES = {
    "DenoisingStudy": returned_by("denoising_study"),
    "PatchTask": returned_by("brightness_task"),
    "RankChoice": returned_by("select_rank"),
    "SeedStudy": returned_by("seed_study"),
    "Spread": returned_by("spread_summary"),
    "brightness_task": call(IMG, 0.1, size=2,
                            rng=np.random.default_rng(1)),
    "denoising_study": call(IMG, 0.1, size=2,
                            rng=np.random.default_rng(2)),
    "extract_patches": call(IMG, 2),
    "gavish_donoho_lambda": call(0.25),
    "load_sample_grey": call("grace_hopper.jpg", downsample=8),
    "pca_denoise": call(IMG, 2, size=2),
    "reassemble_patches": call(np.ones((16, 4)), (8, 8)),
    "seed_study": call(X, Y, [1, 2, 3], n_train=20, lam=0.01),
    "select_rank": call([5.0, 3.0, 1.0], 0.2, 10, rule="mp"),
    "spread_summary": call([0.4, 0.5, 0.45, 0.6]),
    "to_grey": call(RGB),
}
