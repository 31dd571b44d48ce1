"""Contract examples for execmath.viz.roadmap."""

from contract import call
from execmath import roadmap as rm

SMALL = rm.make_graph([1, 2, 3, 4], [[1, 2], [2, 3], [1, 4]], [1, 1, 2, 2])

EXAMPLES = {
    "plot_roadmap": call(SMALL, highlight=[1, 2, 3],
                         part_names=["first", "second"]),
}
