"""Contract examples for execmath.stats."""

import numpy as np

from contract import call, returned_by
from execmath import stats

S2 = np.array([[1.0, 0.8], [0.8, 1.0]])
X2 = np.array([[0.1, 0.3], [-0.5, -0.2], [1.2, 0.9], [0.4, -0.1]])
CLT = stats.bernoulli_clt_sample(50, 0.3, 20, np.random.default_rng(0))

EXAMPLES = {
    "AxisAngleStudy": returned_by("axis_angle_study"),
    "BootstrapCI": returned_by("bootstrap_percentile_ci"),
    "CLTSample": returned_by("bernoulli_clt_sample"),
    "Covariance": returned_by("covariance"),
    "Diagnostic": returned_by("diagnostic_posterior"),
    "ECDF": returned_by("ecdf"),
    "MCEstimate": returned_by("mc_mean"),
    "PrincipalAxes": returned_by("principal_axes"),
    "axis_angle_sd": call(S2, 100),
    "axis_angle_study": call(S2, np.array([10, 40]), 20,
                             np.random.default_rng(1)),
    "bernoulli_clt_sample": call(50, 0.3, 20, np.random.default_rng(2)),
    "bootstrap_coverage": call("exponential", 1.0, 10, 20,
                               np.random.default_rng(3), statistic=np.mean,
                               level=0.9, n_boot=50, scale=1.0),
    "bootstrap_percentile_ci": call([1.0, 2.5, 0.3, 4.0, 2.2],
                                    np.random.default_rng(4),
                                    statistic=np.median, level=0.9,
                                    n_boot=50),
    "correlation_matrix": call(X2),
    "covariance": call(X2, ddof=1, method="welford"),
    "davis_kahan_bound": call(S2, [[1.1, 0.7], [0.7, 0.9]]),
    "diagnostic_posterior": call(0.01, 0.99, 0.95),
    "dkw_radius": call([10, 100], 0.05),
    "ecdf": call([3.0, 1.0, 2.0, 1.0]),
    "ecdf_at": call([3.0, 1.0, 2.0, 1.0], [0.0, 1.5, 4.0]),
    "hoeffding_bound": call([10, 100], 0.1, low=0.0, high=2.0),
    "hoeffding_radius": call([10, 100], 0.05, low=-1.0, high=1.0),
    "ks_distance": call([0.1, 0.4, 0.7], stats.normal_cdf),
    "lattice_bin_edges": call(CLT, 3),
    "lil_envelope": call([10, 1000], sigma=2.0),
    "mahalanobis": call(X2, [0.0, 0.1], S2),
    "mc_frequency": call([True, False, True, True]),
    "mc_mean": call([1.0, 2.0, 4.0, 3.5]),
    "mvn_logpdf": call(X2, [0.0, 0.1], S2),
    "mvn_sample": call([0.0, 1.0], S2, 5, np.random.default_rng(5)),
    "normal_cdf": call([-1.0, 0.0, 2.0], mu=0.5, sigma=2.0),
    "principal_axes": call(S2),
    "sample_leading_axes": call(S2, 10, 4, np.random.default_rng(6)),
    "simulate_diagnostic": call(0.1, 0.9, 0.8, 1000,
                                np.random.default_rng(7)),
}
