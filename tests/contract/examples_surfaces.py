"""Contract examples for execmath.surfaces."""

from contract import call, returned_by

EXAMPLES = {
    "Grid": returned_by("grid"),
    "ScalarField": returned_by("evaluate_on_grid"),
    "evaluate_on_grid": call(lambda x, y: x * y, (-1.0, 1.0), (0.0, 2.0), 5),
    "gaussian_bump": call([[0.0], [1.0]], [0.0, 0.5, 2.0], center=(0.5, 0.0),
                          width=1.5),
    "grid": call((-1.0, 1.0), (0.0, 2.0), (4, 3)),
}
