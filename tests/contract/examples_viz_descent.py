"""Contract examples for execmath.viz.descent."""

import numpy as np

from contract import call
from execmath import descent

LAM = np.array([1.0, 10.0])
F = lambda x: 0.5 * np.sum(LAM * np.asarray(x) ** 2, axis=-1)  # noqa: E731
G = lambda x: LAM * np.asarray(x, dtype=float)                 # noqa: E731
RUN = descent.gradient_descent(F, G, [1.5, 1.0], line_search="fixed",
                               step=0.15, tol=1e-6, max_iter=50)
BT = descent.gradient_descent(F, G, [1.5, 1.0], c=0.1, tol=1e-6,
                              max_iter=50)

K = {"labels": "other", "colors": "other", "linestyles": "other"}

EXAMPLES = {
    "plot_paths": call(F, [RUN, BT], labels=["fixed", "bt"],
                       colors=["C0", "C1"], xlim=(-2.0, 2.0),
                       ylim=(-2.0, 2.0), levels=6, x_star=[0.0, 0.0],
                       max_markers=20, legend_loc="best", _kinds=K),
    "plot_progress": call([RUN, BT], metric="values", count="evals",
                          f_star=0.0, labels=["fixed", "bt"],
                          colors=["C0", "C1"], linestyles=["-", "--"],
                          level=1e-3, level_label="tol",
                          legend_loc="upper right", _kinds=K),
}
