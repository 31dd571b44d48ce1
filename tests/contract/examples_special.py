"""Contract examples for execmath.special."""

from contract import call

EXAMPLES = {
    "binary_cross_entropy_with_logits": call([-3.0, 0.0, 40.0],
                                             [1.0, 0.5, 0.0]),
    "cross_entropy_with_logits": call([[0.0, 1.0, 2.0], [5.0, -1.0, 0.0]],
                                      [2, 0]),
    "log_sigmoid": call([-800.0, 0.0, 3.0]),
    "log_softmax": call([[0.0, 1.0, 2.0], [5.0, -1.0, 0.0]], axis=1),
    "logit": call([0.1, 0.5, 0.99]),
    "sigmoid": call([-800.0, 0.0, 3.0]),
    "softplus": call([-800.0, 0.0, 800.0]),
}
