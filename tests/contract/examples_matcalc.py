"""Contract examples for execmath.matcalc."""

import numpy as np

from contract import call, returned_by
from execmath import matcalc

W = [[0.5, -1.0, 0.2], [0.3, 0.8, -0.5]]
B = [0.1, -0.2]
X = [1.0, 0.5, -0.3]
U = [1.0, -2.0]
V = [0.2, 0.1, 1.0]
LAYERS = matcalc.init_mlp((3, 4, 2), rng=np.random.default_rng(0))
WA = np.array(W)

EXAMPLES = {
    "JacobianBuild": returned_by("jacobian_by_jvps"),
    "Layer": returned_by("init_mlp"),
    "LayerGrads": returned_by("tanh_layer_grads"),
    "LayerProducts": returned_by("layer_products"),
    "ModeCostStudy": returned_by("mode_cost_study"),
    "Sweep": returned_by("mlp_jvp"),
    "dot_product_test": call(lambda v: WA @ v, lambda u: WA.T @ u, 3, 2,
                             rng=np.random.default_rng(0), trials=2),
    "init_mlp": call((3, 4, 2), rng=np.random.default_rng(0), scale=1.5),
    "jacobian_by_jvps": call(LAYERS, X),
    "jacobian_by_vjps": call(LAYERS, X),
    "layer_products": call(W, B, X, U, V),
    "linear_form": call([1.0, 2.0], [3.0, -1.0]),
    "linear_form_grad": call([1.0, 2.0], [3.0, -1.0]),
    "mlp_forward": call(LAYERS, X),
    "mlp_jacobian": call(LAYERS, X),
    "mlp_jvp": call(LAYERS, X, V),
    "mlp_vjp": call(LAYERS, X, U),
    "mode_cost_study": call([2, 4], fixed=1, varying="n", hidden=3,
                            rng=np.random.default_rng(0)),
    "quadratic_form": call([[2.0, 1.0], [0.0, 3.0]], [1.0, -1.0]),
    "quadratic_form_grad": call([[2.0, 1.0], [0.0, 3.0]], [1.0, -1.0]),
    "squared_residual": call(W, X, U),
    "squared_residual_grad_W": call(W, X, U),
    "squared_residual_grad_x": call(W, X, U),
    "tanh_layer": call(W, B, X),
    "tanh_layer_grads": call(W, B, X, U),
    "tanh_layer_jacobian": call(W, B, X),
    "tanh_layer_jvp": call(W, B, X, V),
    "tanh_layer_vjp": call(W, B, X, U),
}
