"""Contract examples for execmath.typeset."""

from contract import call

EXAMPLES = {
    "num": call(1234567),
    "pct": call(0.0312, digits=1),
    "pm": call(0.61234, 0.0049, digits=1),
    "sci": call(3.2e-8, 2, math_mode=True, threshold=3),
}
