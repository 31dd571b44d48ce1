"""Contract examples for execmath.prob."""

import numpy as np

from contract import call, constant, returned_by
from execmath import prob

MEANS = np.array([[0.1, -0.2, 0.05], [0.3, 0.1, -0.02], [-0.4, 0.0, 0.01]])

EXAMPLES = {
    "BandExits": returned_by("band_exits"),
    "DISTRIBUTIONS": constant("names and default parameters"),
    "HistogramZ": returned_by("histogram_zscores"),
    "Moments": returned_by("moments"),
    "band_exits": call("uniform", 50, 20, np.random.default_rng(3), k=2.0,
                       low=-1.0, high=3.0),
    "chebyshev_bound": call(1.0, [10, 100], 0.5),
    "draw": call("normal", (2, 3), np.random.default_rng(0), mu=1.0,
                 sigma=2.0),
    "fraction_within": call(MEANS, [0.2, 0.2, 0.05], center=0.0),
    "histogram_zscores": call(
        np.random.default_rng(1).standard_normal(200), prob.normal_pdf, 8,
        min_count=5.0, _nonfinite="documented: z is NaN where p_b is 0 or 1"),
    "iqr_spread": call(MEANS),
    "mean_envelope": call([1, 10, 100], 2.0, k=2.0),
    "moments": call("uniform", low=-1.0, high=3.0),
    "normal_pdf": call([0.0, 1.0, -2.0], mu=0.5, sigma=2.0),
    "rms_deviation": call(MEANS, center=0.1),
    "running_mean": call([[1.0, 2.0, 3.0], [0.5, 0.0, 1.0]], axis=1),
    "sample_mean_paths": call("exponential", 20, 3,
                              np.random.default_rng(2), at=[1, 5, 20],
                              scale=2.0),
}
