"""Contract examples for execmath.spectral."""

import numpy as np

from contract import call, returned_by

S = [[2.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 1.0]]
A = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
X = [[1.0, 2.0], [2.0, 3.5], [3.0, 6.5], [4.0, 8.0]]

EXAMPLES = {
    "CircleImage": returned_by("unit_circle_image"),
    "LowRankErrors": returned_by("low_rank_errors"),
    "PCAResult": returned_by("pca"),
    "PowerIterationResult": returned_by("power_iteration"),
    "RandomSymmetric": returned_by("random_symmetric"),
    "SVDEllipse": returned_by("svd_ellipse"),
    "SpectralDecomposition": returned_by("spectral_decomposition"),
    "TruncatedSVD": returned_by("truncated_svd"),
    "angle_between_lines": call([1.0, 1.0, 0.0], [1.0, 0.0, 0.0]),
    "components_for_variance": call([0.6, 0.3, 0.1], threshold=0.85),
    "low_rank_errors": call(A, ks=[1, 2]),
    "pca": call(X, 1, center=True),
    "power_iteration": call(S, num_iters=5, x0=[1.0, 0.5, 0.2],
                            reference=[0.4, 0.8, 0.3]),
    "random_orthogonal": call(3, rng=np.random.default_rng(0)),
    "random_symmetric": call([3.0, 1.0, -1.0], rng=np.random.default_rng(0)),
    "rank_k_approximation": call(A, 1),
    "rayleigh_quotient": call(S, [1.0, 0.5, 0.2]),
    "sample_with_spectrum": call(5, [2.0, 0.5], rng=np.random.default_rng(0),
                                 mean=[1.0, -1.0]),
    "singular_values_via_gram": call(A),
    "spectral_decomposition": call(S),
    "step_ratios": call([1.0, 0.5, 0.26]),
    "svd_ellipse": call([[2.0, 1.0], [0.0, 1.0]]),
    "svd_flip_signs": call([[-1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
    "synthetic_image": call((6, 8), noise=0.1, rng=np.random.default_rng(0)),
    "truncated_svd": call(A, 1),
    "unit_circle_image": call([[2.0, 1.0], [0.0, 1.0]], 8),
}
