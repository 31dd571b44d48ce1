"""Contract examples for execmath.viz.cluster."""

import numpy as np

from contract import call
from execmath import cluster, spectral

X = np.array([[0.0, 0.0], [0.3, 0.1], [0.1, 0.4], [0.2, 0.2], [4.0, 4.0],
              [4.3, 4.1], [4.1, 3.8], [3.9, 4.2]])           # (8, 2)
LABELS = [0, 0, 0, 0, 1, 1, 1, 1]
CENTERS = [[0.15, 0.175], [4.075, 4.025]]
STUDY = cluster.elbow_study(X, [1, 2, 3], rng=np.random.default_rng(0),
                            n_init=1)
SC = cluster.spectral_clustering(X, 2, rng=np.random.default_rng(0),
                                 bandwidth=1.0, n_init=2, n_eigenvalues=4)

EXAMPLES = {
    "plot_clusters": call(X, LABELS, centers=CENTERS, regions=True,
                          title="k-means"),
    "plot_eigenvalues": call(SC.eigenvalues, k=2),
    "plot_elbow": call([STUDY], ["data"], normalize=True),
    "plot_embedding": call(SC.embedding, SC.labels,
                           centers=SC.kmeans.centers),
    "plot_pca": call(X, spectral.pca(X)),
    "plot_pca_scores": call(spectral.pca(X), bins=10),
}
