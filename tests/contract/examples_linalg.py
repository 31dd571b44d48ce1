"""Contract examples for execmath.linalg."""

import numpy as np

from contract import call, returned_by

A = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
B = [1.0, 0.0, 2.0]

EXAMPLES = {
    "ColumnSpaceProjection": returned_by("project_onto_column_space"),
    "LstsqStudy": returned_by("lstsq_accuracy_study"),
    "QR": returned_by("householder_qr"),
    "RankReport": returned_by("rank_report"),
    "back_substitution": call([[2.0, 1.0], [0.0, 4.0]], [3.0, 8.0]),
    "change_of_basis": call([[1.0, 1.0], [0.0, 2.0]], [3.0, 4.0]),
    "column_space_basis": call(A, tol=1e-8),
    "gram_schmidt": call(A, modified=False),
    "householder_qr": call(A, mode="complete"),
    "low_rank_plus_noise": call(4, 3, 2, 0.01, rng=np.random.default_rng(0)),
    "lstsq_accuracy_study": call([1.0, 1e4], m=6, n=3, residual=0.1,
                                 n_trials=2, rng=np.random.default_rng(0)),
    "lstsq_normal": call(A, B),
    "lstsq_qr": call(A, B),
    "lstsq_svd": call(A, B, tol=1e-8),
    "matrix_condition": call(A, _nonfinite="documented: inf for a singular a"),
    "matrix_with_condition": call(4, 3, 100.0, rng=np.random.default_rng(0)),
    "matrix_with_spectrum": call(4, 3, [3.0, 2.0, 1.0],
                                 rng=np.random.default_rng(0)),
    "matvec_by_columns": call(A, [1.0, -1.0]),
    "null_space_basis": call([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]], tol=1e-8),
    "numerical_rank": call(A, tol=1e-8),
    "project_onto_column_space": call(A, B),
    "projection_matrix": call(A),
    "rank_report": call(A, tol=1e-8,
                        _nonfinite="documented: gap_ratio is inf when "
                                   "nothing lies below the cut"),
}
