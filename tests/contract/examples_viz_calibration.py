"""Contract examples for execmath.viz.calibration."""

from contract import call
from execmath import calibration as cal

Y = [0, 0, 1, 1, 0, 1, 0, 1]
P = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9]
P2 = [0.2, 0.3, 0.6, 0.7, 0.1, 0.6, 0.4, 0.8]

EXAMPLES = {
    "plot_reliability": call([cal.reliability_bins(Y, P, 4),
                              cal.reliability_bins(Y, P2, 4)],
                             labels=["a", "b"]),
}
