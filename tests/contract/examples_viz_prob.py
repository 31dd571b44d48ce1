"""Contract examples for execmath.viz.prob."""

import numpy as np

from contract import call
from execmath import prob

SAMPLES = np.random.default_rng(0).standard_normal(100)
MEANS = prob.sample_mean_paths("normal", 16, 3, np.random.default_rng(1))

EXAMPLES = {
    "plot_histogram_with_pdf": call(SAMPLES, prob.normal_pdf, bins=10,
                                    label="N(0, 1)"),
    "plot_mean_paths": call(MEANS, np.arange(1, 17), center=0.0,
                            scaled=True, half_width=2.0,
                            band_label="band", center_label="mean 0",
                            ylim=(-3.0, 3.0)),
    "plot_running_means": call(MEANS, np.arange(1, 17), sigma=1.0,
                               center=0.0, k=2.0, ylim=(-2.0, 2.0),
                               center_label="mean 0"),
}
