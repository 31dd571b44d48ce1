r"""Matrix calculus for layers: Jacobians, JVPs, VJPs and what they cost.

The running example is the tanh layer :math:`y = \tanh(Wx + b)` with
:math:`W \in \mathbb{R}^{m \times n}`, whose Jacobian is
:math:`J = \operatorname{diag}(1 - y^2)\,W`. The functions here compute

* Jacobian-vector products :math:`Jv` (forward mode) and vector-Jacobian
  products :math:`u^\top J` (reverse mode) without forming :math:`J`;
* the parameter gradients :math:`\bar W = \bar z x^\top`,
  :math:`\bar b = \bar z` of a layer;
* the Jacobian of a stack of tanh layers, built column by column from
  :math:`n` JVPs or row by row from :math:`m` VJPs, with the number of
  sweeps and of floating-point operations counted as the code runs;
* three gradient identities used throughout machine learning.

A multiply-add is counted as two flops and each elementwise operation
(including ``tanh``) as one. Nothing here prints or plots.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_rng,
)

__all__ = [
    "JacobianBuild",
    "Layer",
    "LayerGrads",
    "LayerProducts",
    "ModeCostStudy",
    "Sweep",
    "dot_product_test",
    "init_mlp",
    "jacobian_by_jvps",
    "jacobian_by_vjps",
    "layer_products",
    "linear_form",
    "linear_form_grad",
    "mlp_forward",
    "mlp_jacobian",
    "mlp_jvp",
    "mlp_vjp",
    "mode_cost_study",
    "quadratic_form",
    "quadratic_form_grad",
    "squared_residual",
    "squared_residual_grad_W",
    "squared_residual_grad_x",
    "tanh_layer",
    "tanh_layer_grads",
    "tanh_layer_jacobian",
    "tanh_layer_jvp",
    "tanh_layer_vjp",
]


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
def _check_matrix_vector(W: Any, x: Any, *, w_name: str = "W",
                         x_name: str = "x") -> tuple[np.ndarray, np.ndarray]:
    """Return float arrays ``W (m, n)`` and ``x (n,)`` or raise."""
    W = as_float_array(W, w_name, ndim=2)                 # (m, n)
    x = as_float_array(x, x_name, ndim=1)                 # (n,)
    if x.shape[0] != W.shape[1]:
        raise ValueError(
            f"{x_name} must have shape ({W.shape[1]},) to match "
            f"{w_name}.shape {W.shape}, got {x.shape}"
        )
    return W, x


def _check_vector(v: Any, size: int, name: str, what: str) -> np.ndarray:
    """Return ``v`` as a float vector of length ``size`` or raise."""
    v = as_float_array(v, name, ndim=1)
    if v.shape[0] != size:
        raise ValueError(
            f"{name} must have shape ({size},) ({what}), got {v.shape}"
        )
    return v


def _check_layer(W: Any, b: Any, x: Any
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W, x = _check_matrix_vector(W, x)
    b = _check_vector(b, W.shape[0], "b", f"one per row of W {W.shape}")
    return W, b, x


# --------------------------------------------------------------------------
# the tanh layer
# --------------------------------------------------------------------------
def tanh_layer(W: Any, b: Any, x: Any) -> np.ndarray:
    r"""The layer :math:`y = \tanh(Wx + b)`.

    Parameters
    ----------
    W : array_like, shape (m, n)
    b : array_like, shape (m,)
    x : array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (m,)
    """
    W, b, x = _check_layer(W, b, x)
    return np.tanh(W @ x + b)                             # (m,)


def tanh_layer_jacobian(W: Any, b: Any, x: Any) -> np.ndarray:
    r"""Jacobian of the tanh layer with respect to its input.

    .. math::

        J = \frac{\partial y}{\partial x}
          = \operatorname{diag}(1 - y^2)\, W \in \mathbb{R}^{m\times n},
        \qquad J_{ij} = (1 - y_i^2)\, W_{ij}.

    Returns
    -------
    numpy.ndarray, shape (m, n)
    """
    y = tanh_layer(W, b, x)                               # (m,)
    W = np.asarray(W, dtype=np.float64)
    return (1.0 - y**2)[:, None] * W                      # (m, 1) * (m, n)


def tanh_layer_jvp(W: Any, b: Any, x: Any, v: Any) -> np.ndarray:
    r"""Jacobian-vector product :math:`Jv = (1 - y^2) \odot (W v)`.

    Pushes an input perturbation (tangent) ``v`` forward to the output
    without forming :math:`J`: one matrix-vector product and one
    elementwise scaling.

    Parameters
    ----------
    W, b, x : as in :func:`tanh_layer`
    v : array_like, shape (n,)
        Tangent in input space.

    Returns
    -------
    numpy.ndarray, shape (m,)
    """
    y = tanh_layer(W, b, x)                               # (m,)
    W = np.asarray(W, dtype=np.float64)
    v = _check_vector(v, W.shape[1], "v", "input space, like x")
    return (1.0 - y**2) * (W @ v)                         # (m,)


def tanh_layer_vjp(W: Any, b: Any, x: Any, u: Any) -> np.ndarray:
    r"""Vector-Jacobian product :math:`u^\top J = W^\top((1 - y^2) \odot u)`.

    Pulls an output sensitivity (cotangent) ``u`` back to the input, as
    backpropagation does, without forming :math:`J`. Returned as a 1-D
    array, i.e. the column :math:`J^\top u`.

    Parameters
    ----------
    W, b, x : as in :func:`tanh_layer`
    u : array_like, shape (m,)
        Cotangent in output space.

    Returns
    -------
    numpy.ndarray, shape (n,)
    """
    y = tanh_layer(W, b, x)                               # (m,)
    W = np.asarray(W, dtype=np.float64)
    u = _check_vector(u, W.shape[0], "u", "output space, like y")
    return W.T @ ((1.0 - y**2) * u)                       # (n, m) @ (m,)


class LayerGrads(NamedTuple):
    r"""Gradients of :math:`L = u^\top y` for :math:`y = \tanh(Wx + b)`.

    Attributes
    ----------
    W : numpy.ndarray, shape (m, n)
        :math:`\bar z\, x^\top` (an outer product).
    b : numpy.ndarray, shape (m,)
        :math:`\bar z = (1 - y^2) \odot u`.
    x : numpy.ndarray, shape (n,)
        :math:`W^\top \bar z`, the VJP.
    """

    W: np.ndarray
    b: np.ndarray
    x: np.ndarray


def tanh_layer_grads(W: Any, b: Any, x: Any, u: Any) -> LayerGrads:
    r"""All gradients of a tanh layer for an upstream cotangent ``u``.

    With :math:`z = Wx + b`, :math:`y = \tanh z` and
    :math:`u = \partial L / \partial y`:

    .. math::

        \bar z = (1 - y^2)\odot u,\qquad
        \frac{\partial L}{\partial W} = \bar z\, x^\top,\qquad
        \frac{\partial L}{\partial b} = \bar z,\qquad
        \frac{\partial L}{\partial x} = W^\top \bar z .

    Returns
    -------
    LayerGrads
    """
    y = tanh_layer(W, b, x)                               # (m,)
    W = np.asarray(W, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    u = _check_vector(u, W.shape[0], "u", "output space, like y")
    z_bar = (1.0 - y**2) * u                              # (m,)
    return LayerGrads(W=np.outer(z_bar, x),              # (m, n)
                      b=z_bar, x=W.T @ z_bar)


class LayerProducts(NamedTuple):
    r"""A tanh layer evaluated with one tangent and one cotangent.

    Attributes
    ----------
    x, y : numpy.ndarray
        Input ``(n,)`` and output ``(m,)``.
    v, jvp : numpy.ndarray
        Tangent ``(n,)`` and its push-forward :math:`Jv` ``(m,)``.
    u, vjp : numpy.ndarray
        Cotangent ``(m,)`` and its pull-back :math:`u^\top J` ``(n,)``.
    u_dot_jvp, vjp_dot_v : float
        :math:`u^\top (Jv)` and :math:`(u^\top J) v`.
    """

    x: np.ndarray
    y: np.ndarray
    v: np.ndarray
    jvp: np.ndarray
    u: np.ndarray
    vjp: np.ndarray
    u_dot_jvp: float
    vjp_dot_v: float


def layer_products(W: Any, b: Any, x: Any, u: Any, v: Any) -> LayerProducts:
    r"""JVP, VJP and both sides of the duality identity for a tanh layer.

    .. math::

        u^\top (J v) = (u^\top J)\, v
        \quad\text{for all } u \in \mathbb{R}^m,\ v \in \mathbb{R}^n .

    Returns
    -------
    LayerProducts
    """
    W, b, x = _check_layer(W, b, x)
    v = _check_vector(v, W.shape[1], "v", "input space, like x")
    u = _check_vector(u, W.shape[0], "u", "output space, like y")
    jv = tanh_layer_jvp(W, b, x, v)                       # (m,)
    uj = tanh_layer_vjp(W, b, x, u)                       # (n,)
    return LayerProducts(x=x, y=tanh_layer(W, b, x), v=v, jvp=jv, u=u,
                         vjp=uj, u_dot_jvp=float(u @ jv),
                         vjp_dot_v=float(uj @ v))


def dot_product_test(jvp: Callable[[np.ndarray], Any],
                     vjp: Callable[[np.ndarray], Any], n: int, m: int, *,
                     rng: np.random.Generator, trials: int = 3) -> float:
    r"""Largest relative gap in :math:`u^\top(Jv)` vs :math:`(u^\top J)v`.

    For random Gaussian :math:`u \in \mathbb{R}^m`, :math:`v \in
    \mathbb{R}^n`, computes

    .. math::

        \max_{\text{trials}}
        \frac{|u^\top \mathrm{jvp}(v) - \mathrm{vjp}(u)^\top v|}
             {\lVert u\rVert\,\lVert \mathrm{jvp}(v)\rVert
              + \lVert \mathrm{vjp}(u)\rVert\,\lVert v\rVert} .

    For a correct pair this is at rounding level (about
    :math:`10^{-16}`); a transposed or mis-scaled VJP gives a gap of order
    one, even when its shapes happen to fit.

    Parameters
    ----------
    jvp : callable
        ``v (n,) -> J v (m,)``.
    vjp : callable
        ``u (m,) -> J^T u (n,)``.
    n, m : int
        Input and output dimensions.
    rng : numpy.random.Generator
    trials : int, default 3

    Raises
    ------
    ValueError
        If a callable returns the wrong shape.
    """
    n = check_positive_int(n, "n")
    m = check_positive_int(m, "m")
    trials = check_positive_int(trials, "trials")
    rng = check_rng(rng)
    worst = 0.0
    for _ in range(trials):
        u, v = rng.standard_normal(m), rng.standard_normal(n)
        jv = np.asarray(jvp(v), dtype=np.float64)
        uj = np.asarray(vjp(u), dtype=np.float64)
        if jv.shape != (m,):
            raise ValueError(f"jvp must return shape ({m},), got {jv.shape}")
        if uj.shape != (n,):
            raise ValueError(f"vjp must return shape ({n},), got {uj.shape}")
        scale = (np.linalg.norm(u) * np.linalg.norm(jv)
                 + np.linalg.norm(uj) * np.linalg.norm(v))
        gap = abs(float(u @ jv) - float(uj @ v))
        worst = max(worst, gap / scale if scale > 0 else gap)
    return worst


# --------------------------------------------------------------------------
# a network as a composition of tanh layers
# --------------------------------------------------------------------------
class Layer(NamedTuple):
    """One tanh layer: weights ``W (m, n)`` and bias ``b (m,)``."""

    W: np.ndarray
    b: np.ndarray


class Sweep(NamedTuple):
    """A JVP or VJP through a network and the flops it took."""

    value: np.ndarray
    flops: int


class JacobianBuild(NamedTuple):
    """A Jacobian and what building it cost.

    Attributes
    ----------
    jacobian : numpy.ndarray, shape (m, n)
    mode : str
        ``"forward"`` (columns from JVPs), ``"reverse"`` (rows from VJPs)
        or ``"explicit"`` (product of the layer Jacobians).
    sweeps : int
        Number of JVP or VJP sweeps (0 for ``"explicit"``).
    sweep_flops : int
        Flops of all sweeps (or of the matrix products, when explicit).
    primal_flops : int
        Flops of the one forward evaluation they all share.
    """

    jacobian: np.ndarray
    mode: str
    sweeps: int
    sweep_flops: int
    primal_flops: int

    @property
    def total_flops(self) -> int:
        """``primal_flops + sweep_flops``."""
        return self.primal_flops + self.sweep_flops


def init_mlp(sizes: Sequence[int], *, rng: np.random.Generator,
             scale: float = 1.0) -> list[Layer]:
    r"""Random tanh network with layer widths ``sizes = (n, h_1, ..., m)``.

    Weights are drawn as :math:`W_{ij} \sim \mathcal{N}(0,
    \text{scale}^2 / n_{\text{in}})`, biases as
    :math:`\mathcal{N}(0, 0.1^2)`; ``scale = 1`` keeps pre-activations of
    order one, larger scales saturate the tanh units.

    Returns
    -------
    list of Layer
        ``len(sizes) - 1`` layers; layer ``l`` maps ``sizes[l]`` to
        ``sizes[l + 1]`` dimensions.
    """
    rng = check_rng(rng)
    scale = check_finite_scalar(scale, "scale", positive=True)
    if isinstance(sizes, (str, bytes)) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two widths, got {sizes!r}")
    dims = [check_positive_int(s, "sizes") for s in sizes]
    layers = []
    for n_in, n_out in zip(dims[:-1], dims[1:]):
        W = rng.standard_normal((n_out, n_in)) * scale / np.sqrt(n_in)
        layers.append(Layer(W=W, b=0.1 * rng.standard_normal(n_out)))
    return layers


def _check_layers(layers: Any) -> list[Layer]:
    """Validate a list of (W, b) pairs whose shapes chain together."""
    try:
        pairs = list(layers)
    except TypeError as exc:
        raise ValueError(
            f"layers must be a list of (W, b) pairs, got "
            f"{type(layers).__name__}"
        ) from exc
    if not pairs:
        raise ValueError("layers must not be empty")
    out = []
    for i, pair in enumerate(pairs):
        if len(pair) != 2:
            raise ValueError(f"layers[{i}] must be a (W, b) pair")
        W = as_float_array(pair[0], f"layers[{i}].W", ndim=2)
        b = _check_vector(pair[1], W.shape[0], f"layers[{i}].b",
                          f"one per row of W {W.shape}")
        if out and W.shape[1] != out[-1].W.shape[0]:
            raise ValueError(
                f"layers[{i}].W must have {out[-1].W.shape[0]} columns to "
                f"follow layers[{i - 1}].W {out[-1].W.shape}, got {W.shape}"
            )
        out.append(Layer(W, b))
    return out


def _input_dim(layers: list[Layer]) -> int:
    return layers[0].W.shape[1]


def _output_dim(layers: list[Layer]) -> int:
    return layers[-1].W.shape[0]


def mlp_forward(layers: Any, x: Any) -> tuple[list[np.ndarray], int]:
    r"""Evaluate :math:`f = f_L \circ \cdots \circ f_1` with
    :math:`f_l(h) = \tanh(W_l h + b_l)`.

    Returns
    -------
    activations : list of numpy.ndarray
        :math:`h_0 = x, h_1, \dots, h_L`, stored for the sweeps.
    flops : int
        :math:`\sum_l (2 m_l n_l + m_l + m_l)`: product, bias, tanh.
    """
    layers = _check_layers(layers)
    h = _check_vector(x, _input_dim(layers), "x", "input of layers[0]")
    acts, flops = [h], 0
    for W, b in layers:
        h = np.tanh(W @ h + b)                            # (m_l,)
        acts.append(h)
        flops += 2 * W.size + 2 * W.shape[0]
    return acts, flops


def _slopes(acts: list[np.ndarray]) -> list[np.ndarray]:
    """Local derivatives :math:`1 - h_l^2` of every layer, (m_l,) each."""
    return [1.0 - h**2 for h in acts[1:]]


def mlp_jvp(layers: Any, x: Any, v: Any) -> Sweep:
    r"""Forward mode: push ``v`` through the network, :math:`J v`.

    .. math::

        \dot h_0 = v, \qquad
        \dot h_l = (1 - h_l^2) \odot (W_l \dot h_{l-1}),
        \qquad J v = \dot h_L .

    ``flops`` counts the tangent arithmetic only, :math:`\sum_l (2 m_l n_l
    + m_l)`; the primal evaluation is reported by :func:`mlp_forward`.
    """
    layers = _check_layers(layers)
    acts, _ = mlp_forward(layers, x)
    v = _check_vector(v, _input_dim(layers), "v", "input space, like x")
    return _jvp_sweep(layers, _slopes(acts), v)


def _jvp_sweep(layers: list[Layer], slopes: list[np.ndarray],
               v: np.ndarray) -> Sweep:
    flops = 0
    for (W, _), d in zip(layers, slopes):
        v = d * (W @ v)                                   # (m_l,)
        flops += 2 * W.size + W.shape[0]
    return Sweep(v, flops)


def mlp_vjp(layers: Any, x: Any, u: Any) -> Sweep:
    r"""Reverse mode: pull ``u`` back through the network, :math:`u^\top J`.

    .. math::

        \bar h_L = u, \qquad
        \bar h_{l-1} = W_l^\top \big((1 - h_l^2) \odot \bar h_l\big),
        \qquad J^\top u = \bar h_0 .

    ``flops`` counts the cotangent arithmetic only,
    :math:`\sum_l (2 m_l n_l + m_l)`.
    """
    layers = _check_layers(layers)
    acts, _ = mlp_forward(layers, x)
    u = _check_vector(u, _output_dim(layers), "u", "output space")
    return _vjp_sweep(layers, _slopes(acts), u)


def _vjp_sweep(layers: list[Layer], slopes: list[np.ndarray],
               u: np.ndarray) -> Sweep:
    flops = 0
    for (W, _), d in zip(reversed(layers), reversed(slopes)):
        u = W.T @ (d * u)                                 # (n_l,)
        flops += 2 * W.size + W.shape[0]
    return Sweep(u, flops)


def jacobian_by_jvps(layers: Any, x: Any) -> JacobianBuild:
    r"""Build :math:`J \in \mathbb{R}^{m\times n}` column by column.

    Column :math:`j` is :math:`J e_j`, one forward sweep each: :math:`n`
    sweeps after one shared primal evaluation.
    """
    layers = _check_layers(layers)
    acts, primal = mlp_forward(layers, x)
    slopes = _slopes(acts)
    n = _input_dim(layers)
    cols, flops = [], 0
    for e_j in np.eye(n):                                 # (n,) each
        sweep = _jvp_sweep(layers, slopes, e_j)
        cols.append(sweep.value)
        flops += sweep.flops
    return JacobianBuild(np.stack(cols, axis=1), "forward", n, flops, primal)


def jacobian_by_vjps(layers: Any, x: Any) -> JacobianBuild:
    r"""Build :math:`J \in \mathbb{R}^{m\times n}` row by row.

    Row :math:`i` is :math:`e_i^\top J`, one reverse sweep each: :math:`m`
    sweeps after one shared primal evaluation.
    """
    layers = _check_layers(layers)
    acts, primal = mlp_forward(layers, x)
    slopes = _slopes(acts)
    m = _output_dim(layers)
    rows, flops = [], 0
    for e_i in np.eye(m):                                 # (m,) each
        sweep = _vjp_sweep(layers, slopes, e_i)
        rows.append(sweep.value)
        flops += sweep.flops
    return JacobianBuild(np.stack(rows, axis=0), "reverse", m, flops, primal)


def mlp_jacobian(layers: Any, x: Any) -> JacobianBuild:
    r"""The chain rule as a matrix product, :math:`J = J_L \cdots J_1`.

    Each :math:`J_l = \operatorname{diag}(1 - h_l^2) W_l` is formed
    explicitly (:math:`m_l n_l` flops) and multiplied onto the running
    product from the left (:math:`2 m_l n_l n` flops): the way *not* to
    compute a gradient, kept as a reference and for cost comparisons.
    """
    layers = _check_layers(layers)
    acts, primal = mlp_forward(layers, x)
    J, flops = None, 0
    for (W, _), d in zip(layers, _slopes(acts)):
        J_l = d[:, None] * W                              # (m_l, n_l)
        flops += W.size
        if J is None:
            J = J_l                                       # J_1 itself
        else:
            flops += 2 * W.size * J.shape[1]
            J = J_l @ J                                   # (m_l, n)
    return JacobianBuild(J, "explicit", 0, flops, primal)


class ModeCostStudy(NamedTuple):
    r"""Cost of building a full Jacobian in forward and reverse mode.

    Attributes
    ----------
    n, m : numpy.ndarray of int, shape (k,)
        Input and output dimensions of each network.
    hidden : int
        Width of the hidden layer.
    varying : str
        ``"n"`` or ``"m"``: which dimension the study sweeps.
    forward_sweeps, reverse_sweeps : numpy.ndarray of int
        :math:`n` JVPs and :math:`m` VJPs.
    forward_flops, reverse_flops : numpy.ndarray of int
        Total flops, shared primal evaluation included.
    max_disagreement : float
        Largest :math:`|J_{\text{fwd}} - J_{\text{rev}}|` over the study.
    """

    n: np.ndarray
    m: np.ndarray
    hidden: int
    varying: str
    forward_sweeps: np.ndarray
    reverse_sweeps: np.ndarray
    forward_flops: np.ndarray
    reverse_flops: np.ndarray
    max_disagreement: float


def mode_cost_study(dims: Sequence[int], *, fixed: int, varying: str,
                    hidden: int = 32,
                    rng: np.random.Generator) -> ModeCostStudy:
    """Build Jacobians of ``n -> hidden -> m`` tanh networks both ways.

    Parameters
    ----------
    dims : sequence of int
        Values of the varying dimension.
    fixed : int
        Value of the other dimension.
    varying : {"n", "m"}
        ``"n"``: many inputs, ``m = fixed`` outputs (a loss has ``m = 1``);
        ``"m"``: ``n = fixed`` inputs, many outputs.
    hidden : int, default 32
    rng : numpy.random.Generator
        For the weights and the evaluation point.

    Returns
    -------
    ModeCostStudy
    """
    if varying not in ("n", "m"):
        raise ValueError(f"varying must be 'n' or 'm', got {varying!r}")
    fixed = check_positive_int(fixed, "fixed")
    hidden = check_positive_int(hidden, "hidden")
    rng = check_rng(rng)
    dims_arr = np.array([check_positive_int(d, "dims") for d in dims])
    if dims_arr.size == 0:
        raise ValueError("dims must not be empty")
    rows, worst = [], 0.0
    for d in dims_arr:
        n, m = (int(d), fixed) if varying == "n" else (fixed, int(d))
        layers = init_mlp((n, hidden, m), rng=rng)
        x = rng.standard_normal(n)
        fwd = jacobian_by_jvps(layers, x)
        rev = jacobian_by_vjps(layers, x)
        worst = max(worst, float(np.abs(fwd.jacobian - rev.jacobian).max()))
        rows.append((n, m, fwd.sweeps, rev.sweeps, fwd.total_flops,
                     rev.total_flops))
    cols = [np.array(c) for c in zip(*rows)]
    return ModeCostStudy(cols[0], cols[1], hidden, varying, cols[2],
                         cols[3], cols[4], cols[5], worst)


# --------------------------------------------------------------------------
# gradient identities (gradients have the shape of the variable; Jacobians are
# numerator layout)
# --------------------------------------------------------------------------
def linear_form(a: Any, x: Any) -> float:
    r""":math:`f(x) = a^\top x`."""
    a = as_float_array(a, "a", ndim=1)
    x = _check_vector(x, a.size, "x", "like a")
    return float(a @ x)


def linear_form_grad(a: Any, x: Any) -> np.ndarray:
    r""":math:`\nabla_x (a^\top x) = a`, shape ``(n,)``."""
    a = as_float_array(a, "a", ndim=1)
    _check_vector(x, a.size, "x", "like a")
    return a.copy()


def _check_square(A: Any, x: Any) -> tuple[np.ndarray, np.ndarray]:
    A, x = _check_matrix_vector(A, x, w_name="A")
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be square, got shape {A.shape}")
    return A, x


def quadratic_form(A: Any, x: Any) -> float:
    r""":math:`f(x) = x^\top A x` for square :math:`A`."""
    A, x = _check_square(A, x)
    return float(x @ A @ x)


def quadratic_form_grad(A: Any, x: Any) -> np.ndarray:
    r""":math:`\nabla_x (x^\top A x) = (A + A^\top)\, x`, shape ``(n,)``.

    Reduces to :math:`2Ax` only when :math:`A` is symmetric.
    """
    A, x = _check_square(A, x)
    return (A + A.T) @ x


def _check_residual(W: Any, x: Any, y: Any
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W, x = _check_matrix_vector(W, x)
    y = _check_vector(y, W.shape[0], "y", f"one per row of W {W.shape}")
    return W, x, y


def squared_residual(W: Any, x: Any, y: Any) -> float:
    r""":math:`f = \lVert Wx - y\rVert^2`."""
    W, x, y = _check_residual(W, x, y)
    r = W @ x - y                                         # (m,)
    return float(r @ r)


def squared_residual_grad_W(W: Any, x: Any, y: Any) -> np.ndarray:
    r""":math:`\nabla_W \lVert Wx - y\rVert^2 = 2(Wx - y)\,x^\top`.

    An outer product with the shape of :math:`W`, ``(m, n)``.
    """
    W, x, y = _check_residual(W, x, y)
    return 2.0 * np.outer(W @ x - y, x)                   # (m, n)


def squared_residual_grad_x(W: Any, x: Any, y: Any) -> np.ndarray:
    r""":math:`\nabla_x \lVert Wx - y\rVert^2 = 2W^\top(Wx - y)`,
    shape ``(n,)``."""
    W, x, y = _check_residual(W, x, y)
    return 2.0 * W.T @ (W @ x - y)                        # (n,)
