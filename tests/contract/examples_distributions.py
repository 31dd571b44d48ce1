"""Contract examples for execmath.distributions."""

import numpy as np

from contract import call, constant, returned_by
from execmath import distributions as dist

MINF = ("-inf is the documented log-density outside the support (density "
        "0), e.g. for negative counts or points")
MIX = ([0.3, 0.7], [-2.0, 1.5], [0.6, 1.0])

EXAMPLES = {
    "FAMILIES": constant("family names, parameters, discreteness"),
    "LOG_UNDERFLOW": constant("log of half the smallest subnormal"),
    "LikelihoodAccumulation": returned_by("accumulate_likelihood"),
    "Moments": returned_by("moments"),
    "accumulate_likelihood": call(
        [-1.0, -2.5, -0.7],
        _nonfinite="the naive product is the demonstration of failure: it "
                   "overflows to inf for huge log-densities by design"),
    "bernoulli_logpmf": call([0, 1, 1], 0.3, _nonfinite=MINF),
    "beta_logpdf": call([0.2, 0.5], 2.0, 3.0, _nonfinite=MINF),
    "binomial_logpmf": call([0, 3, 10], 10, 0.4, _nonfinite=MINF),
    "categorical_logpmf": call([0, 2], [0.2, 0.3, 0.5], _nonfinite=MINF),
    "categorical_ppf": call([0.1, 0.6, 0.9], [0.2, 0.3, 0.5]),
    "exponential_cdf": call([0.0, 0.5, 3.0], rate=2.0),
    "exponential_logpdf": call([0.0, 0.5, 3.0], rate=2.0, _nonfinite=MINF),
    "exponential_ppf": call([0.0, 0.5, 0.9], rate=2.0),
    "fit_mle": call("normal", [1.0, 2.0, 3.5, 0.2]),
    "gamma_logpdf": call([0.5, 2.0], 2.0, scale=1.5, _nonfinite=MINF),
    "log_likelihood": call("poisson", [0, 2, 3], _nonfinite=MINF, lam=2.0),
    "logpdf": call("gamma", [0.5, 2.0], _nonfinite=MINF, shape=2.0,
                   scale=1.5),
    "lognormal_logpdf": call([0.5, 2.0], mu=0.1, sigma=0.7, _nonfinite=MINF),
    "mixture_logpdf": call([-1.0, 0.0, 60.0], *MIX),
    "mixture_loglik_reference": call([-1.0, 0.0, 2.0], *MIX, digits=30),
    "mixture_pdf_naive": call([-1.0, 0.0, 60.0], *MIX),
    "moments": call("beta", a=2.0, b=3.0),
    "normal_logpdf": call([-1.0, 0.0, 40.0], mu=0.5, sigma=2.0),
    "pdf": call("beta", [0.2, 0.5], a=2.0, b=3.0),
    "poisson_logpmf": call([0, 2, 7], 3.0, _nonfinite=MINF),
    "sample": call("gamma", (3, 2), np.random.default_rng(0), shape=2.0,
                   scale=1.5),
    "sample_inverse_cdf": call(dist.exponential_ppf, 4,
                               np.random.default_rng(1)),
    "transformed_logpdf": call(dist.normal_logpdf, np.log,
                               np.negative, [0.5, 1.0, 4.0],
                               _fixed={"log_abs_dinverse":
                                       "np.negative is -log|h'| only "
                                       "after np.log; any callable is "
                                       "the user's own"}),
}
