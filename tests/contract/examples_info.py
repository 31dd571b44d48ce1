"""Contract examples for execmath.info."""

from contract import call, returned_by

P = [0.5, 0.3, 0.2]
Q = [0.4, 0.4, 0.2]

EXAMPLES = {
    "LogLossCurve": returned_by("logloss_curve"),
    "bernoulli_cross_entropy": call([1, 0, 1, 1], [0.2, 0.5, 0.7]),
    "bernoulli_entropy": call([0.1, 0.5, 0.9]),
    "bernoulli_kl": call([0.5, 0.2], [0.3, 0.4]),
    "binary_log_loss": call([1, 0, 1], [0.9, 0.2, 0.6]),
    "cross_entropy": call(P, Q, base=2.0),
    "entropy": call(P, base=2.0),
    "kl_divergence": call(P, Q, base=2.0),
    "log_loss_from_logits": call([1, 0, 1], [2.0, -1.0, 0.5]),
    "logloss_curve": call(eps=1e-6, n=21),
    "mutual_information": call([[0.3, 0.1], [0.1, 0.5]], base=2.0),
}
