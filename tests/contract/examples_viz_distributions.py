"""Contract examples for execmath.viz.distributions."""

import numpy as np

from contract import call, constant
from execmath import distributions as dist

MIX = ([0.3, 0.7], [-2.0, 1.5], [0.6, 1.0])
_X = np.array([-2.1, 1.3, 0.4, -1.7, 2.2, 1.1])
ACC = dist.accumulate_likelihood(dist.mixture_logpdf(_X, *MIX))
REF = dist.mixture_loglik_reference(_X, *MIX, digits=30)

EXAMPLES = {
    "FAMILY_EXAMPLES": constant("default parameter settings per family"),
    "plot_family": call("gamma", [{"shape": 2.0, "scale": 1.0}],
                        legend_loc="upper right",
                        _kinds={"settings": "other"}),
    "plot_likelihood_accumulation": call(ACC),
    "plot_loglik_error": call(ACC, REF, per_term=24.0),
}
