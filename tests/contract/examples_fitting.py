"""Contract examples for execmath.fitting."""

from contract import call, returned_by

EXAMPLES = {
    "LogLogFit": returned_by("loglog_fit"),
    "geomspace_int": call(1, 1000, 7),
    "loglog_fit": call([1.0, 10.0, 100.0, 1000.0], [2.0, 0.7, 0.2, 0.06],
                       x_min=1.0, x_max=1000.0),
    "loglog_slope": call([1.0, 10.0, 100.0], [2.0, 0.7, 0.2],
                         x_min=1.0, x_max=100.0),
}
