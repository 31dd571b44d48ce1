"""Contract examples for execmath.viz.spectral."""

import numpy as np

from contract import call
from execmath import spectral

S = np.array([[2.0, 1.0], [1.0, 1.0]])
POWER = spectral.power_iteration(S, num_iters=6, x0=[1.0, 0.0],
                                 reference=spectral.spectral_decomposition(
                                     S).eigenvectors[:, 0])
A = [[1.0, 2.0, 0.5], [3.0, 4.0, 1.0], [5.0, 7.0, 2.0], [1.0, 0.0, 1.0]]

EXAMPLES = {
    "plot_explained_variance": call(spectral.pca(A), threshold=0.8),
    "plot_low_rank_errors": call(spectral.low_rank_errors(A), relative=True),
    "plot_matrix_image": call(A, title="A", vmin=0.0, vmax=7.0),
    "plot_power_iteration": call(
        POWER, float(spectral.spectral_decomposition(S).eigenvalues[0]),
        ratio=0.15, floor=1e-16),
    "plot_svd_input": call([[2.0, 1.0], [0.0, 1.0]], lim=2.5),
    "plot_svd_output": call([[2.0, 1.0], [0.0, 1.0]], lim=2.5),
}
