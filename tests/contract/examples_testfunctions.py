"""Contract examples for execmath.testfunctions."""

from contract import call, constant

EXAMPLES = {
    "HIMMELBLAU_MAXIMUM": constant("the local maximum, shape (2,)"),
    "HIMMELBLAU_MINIMA": constant("the four minima, shape (4, 2)"),
    "HIMMELBLAU_SADDLES": constant("the four saddles, shape (4, 2)"),
    "anisotropic_quadratic": call(10.0, n=2, angle=0.5, center=[1.0, -1.0]),
    "himmelblau": call([[0.5, 0.2], [1.0, 1.0]]),
    "himmelblau_gradient": call([0.5, 0.2]),
    "himmelblau_hessian": call([0.5, 0.2]),
    "rosenbrock": call([[-1.2, 1.0], [0.5, 0.3]], b=100.0),
    "rosenbrock_gradient": call([-1.2, 1.0, 0.4], b=100.0),
    "rosenbrock_hessian": call([-1.2, 1.0], b=100.0),
    "smooth_abs": call([0.75, -2.0]),
    "smooth_abs_gradient": call([0.75, -2.0]),
    "smooth_abs_hessian": call([0.75, -2.0]),
}
