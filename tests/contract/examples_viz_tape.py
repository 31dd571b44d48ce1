"""Contract examples for execmath.viz.tape."""

import numpy as np

from contract import call

EXAMPLES = {
    "plot_tanh_cancellation": call(np.linspace(0.0, 25.0, 26)),
    "plot_tanh_saturation": call(np.linspace(-6.0, 6.0, 25), 0.01),
}
