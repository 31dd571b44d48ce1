"""Contract examples for execmath.viz.numerics."""

from contract import call
from execmath import numerics

REPORT = numerics.cancellation_experiment([1.0, 1e8, 1e16], digits=40)

EXAMPLES = {
    "plot_cancellation_error": call(REPORT, floor=1e-19),
}
