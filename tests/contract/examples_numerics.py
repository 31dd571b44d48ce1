"""Contract examples for execmath.numerics."""

import numpy as np

from contract import call, constant, returned_by

EXAMPLES = {
    "FLOAT_FORMATS": constant("(p, emax) of each binary format"),
    "FloatFormat": returned_by("float_format"),
    "CancellationReport": returned_by("cancellation_experiment"),
    "QuadraticRoots": returned_by("quadratic_roots_stable"),
    "absolute_error": call([1.0, 2.0], [1.0, 2.5],
                           _nonfinite="documented: inf marks a non-finite "
                                      "approximation (a failure)"),
    "cancellation_experiment": call([1.0, 1e8, 1e16], digits=40),
    "condition_number": call(np.exp, [0.5, 2.0], df=np.exp, h=1e-5,
                             _nonfinite="documented: inf where f(x) = 0"),
    "decimal_eval": call(lambda d: d.sqrt(), [2.0, 3.0], digits=30),
    "expm1_naive": call([1e-3, 0.5]),
    "float_format": call("bfloat16"),
    "log1p_naive": call([1e-3, 0.5]),
    "logsumexp": call([[1.0, 2.0], [3.0, -1.0]], axis=1),
    "logsumexp_naive": call([1.0, 2.0, 3.0], axis=0,
                            _nonfinite="documented: the naive formula "
                                       "overflows (chapter 3)"),
    "machine_epsilon": call(np.float32),
    "quadratic_roots_naive": call(1.0, -3.0, 2.0),
    "quadratic_roots_stable": call(1.0, -3.0, 2.0),
    "relative_error": call([1.0, 2.0], [1.0, 2.5],
                           _nonfinite="documented: inf where exact = 0 or "
                                      "approx is not finite (a failure)"),
    "round_to_format": call([70_000.0, 1.001953125], "float16",
                            _nonfinite="documented: a value beyond the "
                                       "format's range rounds to inf "
                                       "(chapter 3)"),
    "softmax": call([[1.0, 2.0], [3.0, -1.0]], axis=1),
    "softmax_naive": call([1.0, 2.0, 3.0], axis=-1,
                          _nonfinite="documented: the naive formula gives "
                                     "inf/inf = nan (chapter 3)"),
    "sqrt_diff_backward_error": call(
        [1.0, 1e12, 1e17], [0.41421356237309503, 4.9999e-7, 0.0],
        _nonfinite="documented: inf where no input gives y_hat (an "
                   "infimum over the empty set)"),
    "sqrt_diff_condition": call([1.0, 1e10]),
    "sqrt_diff_naive": call([1.0, 1e10]),
    "sqrt_diff_reference": call([1.0, 1e10], digits=40),
    "sqrt_diff_stable": call([1.0, 1e10]),
    "subtraction_condition": call([1.0, 2.0], [1.5, 3.0],
                                  _nonfinite="documented: inf where a == b"),
    "ulp": call([1.0, 1e10], dtype=np.float32),
    "unit_roundoff": call(np.float64),
}
