"""Contract examples for execmath.cluster."""

import numpy as np

from contract import call, returned_by
from execmath import cluster, spectral

X = [[0.0, 0.0], [0.3, 0.1], [0.1, 0.4], [0.2, 0.2], [4.0, 4.0],
     [4.3, 4.1], [4.1, 3.8], [3.9, 4.2], [8.0, 0.0], [8.2, 0.3],
     [7.9, 0.2], [8.1, -0.2]]                                # (12, 2)
LABELS = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
W = cluster.gaussian_affinity(X, 1.0)                        # (12, 12)
PCA = spectral.pca(X)
PCA1 = spectral.pca(X, n_components=1)

EXAMPLES = {
    "ElbowStudy": returned_by("elbow_study"),
    "KMeansResult": returned_by("kmeans"),
    "LabelledData": returned_by("two_moons"),
    "SpectralClusteringResult": returned_by("spectral_clustering"),
    "SpectralEmbedding": returned_by("spectral_embedding"),
    "adjusted_rand_index": call(LABELS, [1, 1, 1, 0, 0, 0, 0, 0, 2, 2, 2,
                                         2]),
    "bandwidth_heuristic": call(X, method="knn", n_neighbors=3),
    "eigengap_k": call([0.0, 0.01, 0.02, 0.6, 0.7, 0.8], k_max=4),
    "elbow_study": call(X, [1, 2, 3], rng=np.random.default_rng(0),
                        n_init=2, max_iter=50),
    "gaussian_affinity": call(X, 1.0),
    "gaussian_blobs": call([3, 4], [[0.0, 0.0], [5.0, 5.0]], scale=0.5,
                           rng=np.random.default_rng(0)),
    "kmeans": call(X, 3, rng=np.random.default_rng(0), n_init=3,
                   max_iter=50, init="k-means++"),
    "kmeans_plus_plus": call(X, 3, rng=np.random.default_rng(0),
                             centers=[[0.0, 0.0]]),
    "lloyd": call(X, [[0.0, 0.0], [4.0, 4.0], [8.0, 0.0]], max_iter=50),
    "normalized_cut": call(W, LABELS),
    "normalized_laplacian": call(W),
    "pca_reconstruct": call(PCA1, [[1.0], [-2.0]]),
    "pca_transform": call(PCA, [[1.0, 2.0], [3.0, 0.5]]),
    "rand_index": call(LABELS, [1, 1, 1, 0, 0, 0, 0, 0, 2, 2, 2, 2]),
    "spectral_clustering": call(X, 3, rng=np.random.default_rng(0),
                                bandwidth=1.0, n_neighbors=3, n_init=3,
                                n_eigenvalues=5),
    "spectral_embedding": call(W, 3, n_eigenvalues=5),
    "two_moons": call(20, noise=0.1, rng=np.random.default_rng(0)),
    "uniform_ball": call(20, 3, radius=2.0, rng=np.random.default_rng(0)),
    "within_cluster_ss": call(X, LABELS, [[0.0, 0.0], [4.0, 4.0],
                                          [8.0, 0.0]]),
}
