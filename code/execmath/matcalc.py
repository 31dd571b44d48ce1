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

Products of user data are formed on operands divided by powers of two
(exact) and scaled back, so an intermediate overflow cannot turn a
representable result into ``inf`` or ``nan``; a result beyond float64 is
a ValueError.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_callable,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    check_rng,
    norm2,
    pow2_scale,
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


def _unscale(values, e, what: str) -> np.ndarray:
    """``values * 2**e``; a result beyond float64 is a ValueError."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, e)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{what} exceeds the float64 range (> 1.8e308)")
    return out


def _matvec(W: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, int]:
    """``W @ x`` as ``(scaled product, exponent)``: never overflows.

    Only the vector is scaled (``x = xs 2**ex``, ``max |xs| < 1``) and
    ``W @ xs`` is tried first: if it is finite, no partial sum overflowed
    (an infinity never returns to a finite value), and if its largest
    entry is at least ``2**-900``, products that underflowed contribute
    less than ``n 2**-1022``, far below its rounding. Otherwise (rare:
    huge or tiny ``W``) ``W`` is scaled too. Scaling ``W`` on every call
    would cost more than the matrix-vector product itself.
    """
    xs, ex = pow2_scale(x)
    with np.errstate(all="ignore"):
        p = W @ xs
    top = max(np.max(p, initial=0.0), -np.min(p, initial=0.0))
    if np.isfinite(top) and top >= 2.0**-900:
        return p, int(ex)
    Ws, ew = pow2_scale(W)
    with np.errstate(under="ignore"):
        return Ws @ xs, int(ew + ex)


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

    Examples
    --------
    >>> tanh_layer([[1.0, 0.0]], [0.0], [0.5, 9.0]).round(6).tolist()
    [0.462117]
    """
    W, b, x = _check_layer(W, b, x)
    return _tanh_layer(W, b, x)


def _tanh_layer(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """tanh(W x + b) on validated arrays; a huge pre-activation saturates
    (tanh of +-inf is +-1, the right answer) instead of becoming NaN.

    ``W @ x`` is tried unscaled first and kept if it is finite with its
    largest entry at least ``2**-900`` (see :func:`_matvec`; an overflow of
    ``z + b`` itself is a saturation, exact after tanh).
    """
    with np.errstate(all="ignore"):
        z = W @ x                                         # (m,)
        top = max(float(z.max(initial=0.0)), -float(z.min(initial=0.0)))
        if 2.0**-900 <= top < np.inf:
            return np.tanh(z + b)
    zs, e = _matvec(W, x)                                 # W x = zs 2**e
    with np.errstate(over="ignore"):
        z = np.ldexp(zs, e) + b                           # (m,), may be inf
    return np.tanh(z)


def tanh_layer_jacobian(W: Any, b: Any, x: Any) -> np.ndarray:
    r"""Jacobian of the tanh layer with respect to its input.

    .. math::

        J = \frac{\partial y}{\partial x}
          = \operatorname{diag}(1 - y^2)\, W \in \mathbb{R}^{m\times n},
        \qquad J_{ij} = (1 - y_i^2)\, W_{ij}.

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Examples
    --------
    >>> tanh_layer_jacobian([[2.0, 1.0]], [0.0], [0.0, 0.0]).tolist()
    [[2.0, 1.0]]
    """
    W, b, x = _check_layer(W, b, x)
    y = _tanh_layer(W, b, x)                              # (m,)
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

    Examples
    --------
    >>> tanh_layer_jvp([[2.0, 1.0]], [0.0], [0.0, 0.0], [1.0, 1.0]).tolist()
    [3.0]
    """
    W, b, x = _check_layer(W, b, x)
    v = _check_vector(v, W.shape[1], "v", "input space, like x")
    return _jvp(W, _tanh_layer(W, b, x), v)


def _jvp(W: np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    wv, e = _matvec(W, v)                                 # (m,) scaled
    return _unscale((1.0 - y**2) * wv, e, "the JVP of W and v")


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

    Examples
    --------
    >>> tanh_layer_vjp([[2.0, 1.0]], [0.0], [0.0, 0.0], [1.0]).tolist()
    [2.0, 1.0]
    """
    W, b, x = _check_layer(W, b, x)
    u = _check_vector(u, W.shape[0], "u", "output space, like y")
    return _vjp(W, _tanh_layer(W, b, x), u)


def _vjp(W: np.ndarray, y: np.ndarray, u: np.ndarray) -> np.ndarray:
    zb, e = _matvec(W.T, (1.0 - y**2) * u)                # (n,) scaled
    return _unscale(zb, e, "the VJP of W and u")


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

    Examples
    --------
    >>> g = tanh_layer_grads([[2.0, 1.0]], [0.0], [1.0, 0.0], [1.0])
    >>> g.W.round(6).tolist(), g.b.round(6).tolist()
    ([[0.070651, 0.0]], [0.070651])
    """
    W, b, x = _check_layer(W, b, x)
    u = _check_vector(u, W.shape[0], "u", "output space, like y")
    y = _tanh_layer(W, b, x)                              # (m,)
    z_bar = (1.0 - y**2) * u                              # (m,)
    zs, ez = pow2_scale(z_bar)
    xs, ex = pow2_scale(x)
    with np.errstate(under="ignore"):
        outer = np.outer(zs, xs)                          # (m, n)
    return LayerGrads(W=_unscale(outer, ez + ex, "the W-gradient of u, x"),
                      b=z_bar, x=_vjp(W, y, u))


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

    Examples
    --------
    >>> p = layer_products([[2.0, 1.0]], [0.0], [0.0, 0.0], [1.0], [1.0, 1.0])
    >>> p.u_dot_jvp, p.vjp_dot_v
    (3.0, 3.0)
    """
    W, b, x = _check_layer(W, b, x)
    v = _check_vector(v, W.shape[1], "v", "input space, like x")
    u = _check_vector(u, W.shape[0], "u", "output space, like y")
    y = _tanh_layer(W, b, x)
    jv = _jvp(W, y, v)                                    # (m,)
    uj = _vjp(W, y, u)                                    # (n,)
    return LayerProducts(x=x, y=y, v=v, jvp=jv, u=u, vjp=uj,
                         u_dot_jvp=_dot(u, jv, "u . Jv of u and v"),
                         vjp_dot_v=_dot(uj, v, "(u J) . v of u and v"))


def _dot(a: np.ndarray, b: np.ndarray, what: str) -> float:
    """``a @ b`` without intermediate overflow; beyond float64 an error."""
    a_s, ea = pow2_scale(a)
    b_s, eb = pow2_scale(b)
    with np.errstate(under="ignore"):
        d = float(a_s @ b_s)
    return float(_unscale(d, ea + eb, what))


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
        At most 1,000.

    Returns
    -------
    float
        The largest relative gap; ``inf`` if a callable returned a NaN or
        infinite entry (a check must fail on broken input: ``max(0.0,
        nan)`` is ``0.0``, which would report a perfect pair).

    Raises
    ------
    ValueError
        If a callable returns the wrong shape.

    Examples
    --------
    >>> W = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0]])
    >>> gap = dot_product_test(lambda v: W @ v, lambda u: W.T @ u, 2, 3,
    ...                        rng=np.random.default_rng(0))
    >>> bool(gap < 1e-15)
    True
    >>> S = np.array([[1.0, 2.0], [3.0, 4.0]])        # a transposed VJP:
    >>> dot_product_test(lambda v: S @ v, lambda u: S @ u, 2, 2,
    ...                  rng=np.random.default_rng(0)) > 0.01
    True
    >>> dot_product_test(lambda v: np.full(3, np.nan), lambda u: W.T @ u,
    ...                  2, 3, rng=np.random.default_rng(0))   # broken: fails
    inf
    """
    check_callable(jvp, "jvp")
    check_callable(vjp, "vjp")
    n = check_positive_int(n, "n")
    m = check_positive_int(m, "m")
    check_result_size(n + m, "n + m")
    trials = check_positive_int(trials, "trials", maximum=1000)
    rng = check_rng(rng)
    worst = 0.0
    for _ in range(trials):
        u, v = rng.standard_normal(m), rng.standard_normal(n)
        jv = _checked_output(jvp, v, (m,), "jvp")
        uj = _checked_output(vjp, u, (n,), "vjp")
        if not (np.all(np.isfinite(jv)) and np.all(np.isfinite(uj))):
            return math.inf                  # a broken pair fails the test
        # J enters jv and uj alike: divide both by one power of two, so
        # neither the dot products nor the norms can overflow
        top = max(float(np.max(np.abs(jv))), float(np.max(np.abs(uj))))
        e = math.frexp(top)[1] if top > 0 else 0
        jv, uj = np.ldexp(jv, -e), np.ldexp(uj, -e)
        scale = norm2(u) * norm2(jv) + norm2(uj) * norm2(v)
        gap = abs(float(u @ jv) - float(uj @ v))
        ratio = gap / scale if scale > 0 else gap
        worst = max(worst, ratio)
    return worst


def _checked_output(fn: Callable, arg: np.ndarray, shape: tuple[int, ...],
                    name: str) -> np.ndarray:
    """``fn(arg)`` as float64 of ``shape``; wrong types name ``fn``."""
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(fn(arg))
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} raised {type(exc).__name__}: {exc}") from exc
    if out.dtype.kind not in "iuf":
        raise InputTypeError(
            f"{name} must return real numbers, got dtype {out.dtype}")
    out = out.astype(np.float64)
    if out.shape != shape:
        raise ValueError(f"{name} must return shape {shape}, got {out.shape}")
    return out


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

    Examples
    --------
    >>> layers = init_mlp((3, 4, 2), rng=np.random.default_rng(0))
    >>> [layer.W.shape for layer in layers]
    [(4, 3), (2, 4)]
    """
    rng = check_rng(rng)
    scale = check_finite_scalar(scale, "scale", positive=True)
    if not 0 < scale <= 1e100:
        raise ValueError(f"scale must lie in (0, 1e100], got {scale!r}")
    if sizes is None or isinstance(sizes, (str, bytes)) or not hasattr(
            sizes, "__len__"):
        raise InputTypeError(
            f"sizes must be a sequence of widths, got {sizes!r:.40}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two widths, got {sizes!r}")
    dims = [check_positive_int(s, "sizes") for s in sizes]
    check_result_size(sum(a * b for a, b in zip(dims[:-1], dims[1:])),
                      "sizes (the weights)")
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
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InputTypeError(
                f"layers[{i}] must be a (W, b) pair, got "
                f"{type(pair).__name__}")
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

    Examples
    --------
    >>> layers = init_mlp((2, 3, 1), rng=np.random.default_rng(0))
    >>> acts, flops = mlp_forward(layers, [1.0, 0.5])
    >>> [a.shape for a in acts], flops
    ([(2,), (3,), (1,)], 26)
    """
    layers = _check_layers(layers)
    return _forward(layers, x)


def _forward(layers: list[Layer], x: Any) -> tuple[list[np.ndarray], int]:
    """:func:`mlp_forward` on validated layers (``x`` is still checked)."""
    h = _check_vector(x, _input_dim(layers), "x", "input of layers[0]")
    acts, flops = [h], 0
    for W, b in layers:
        h = _tanh_layer(W, b, h)                          # (m_l,)
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

    Examples
    --------
    >>> layers = init_mlp((2, 3, 1), rng=np.random.default_rng(0))
    >>> sw = mlp_jvp(layers, [1.0, 0.5], [1.0, 0.0])
    >>> sw.value.shape, sw.flops
    ((1,), 22)
    """
    layers = _check_layers(layers)
    acts, _ = _forward(layers, x)
    v = _check_vector(v, _input_dim(layers), "v", "input space, like x")
    return _jvp_sweep(layers, _slopes(acts), v)


def _plain_sweep(mats: list[np.ndarray], slopes: list[np.ndarray],
                 v: np.ndarray, reverse: bool) -> np.ndarray | None:
    """The sweep without scaling, or None where scaling is needed.

    Forward: ``v <- d * (W @ v)``; reverse: ``v <- W.T @ (d * v)``. The
    result is returned only if every intermediate vector is zero or has
    ``v . v`` in ``[2**-1000, 2**1000]`` (one BLAS call; NaN fails it):
    then no partial sum overflowed (an infinity or NaN would have shown
    up) and every vector is far from the underflow range, where products
    that flush to zero are below rounding relative to the vector they
    enter. In that range scaling by powers of two is exact, so the bits
    are those of the scaled sweep; scaling at every layer costs more than
    the arithmetic for small layers.
    """
    lo, hi = 2.0**-1000, 2.0**1000
    with np.errstate(all="ignore"):
        for W, d in zip(mats, slopes):
            v = d * (W @ v) if not reverse else W.T @ (d * v)
            ss = float(v @ v)
            if not (lo <= ss <= hi or ss == 0.0):
                return None
    return v


def _sweep_flops(layers: list[Layer]) -> int:
    """Flops of one tangent or cotangent sweep, sum of 2 m n + m."""
    return sum(2 * W.size + W.shape[0] for W, _ in layers)


def _jvp_sweep(layers: list[Layer], slopes: list[np.ndarray],
               v: np.ndarray, mats: list[np.ndarray] | None = None,
               flops: int | None = None) -> Sweep:
    """Forward sweep; ``mats`` (the W_l) and ``flops`` may be passed in
    precomputed when many sweeps share the layers."""
    flops = _sweep_flops(layers) if flops is None else flops
    top = max(float(v.max(initial=0.0)), -float(v.min(initial=0.0)))
    if 2.0**-900 <= top <= 2.0**900:
        mats = [W for W, _ in layers] if mats is None else mats
        fast = _plain_sweep(mats, slopes, v, False)
        if fast is not None:
            return Sweep(fast, flops)
    flops = 0
    e = 0                                   # v = v_scaled * 2**e throughout
    v, e0 = pow2_scale(v)
    e += int(e0)
    for (W, _), d in zip(layers, slopes):
        wv, ew = _matvec(W, v)
        v, es = pow2_scale(d * wv)                        # (m_l,)
        e += int(ew) + int(es)
        flops += 2 * W.size + W.shape[0]
    return Sweep(_unscale(v, e, "the JVP of layers and v"), flops)


def mlp_vjp(layers: Any, x: Any, u: Any) -> Sweep:
    r"""Reverse mode: pull ``u`` back through the network, :math:`u^\top J`.

    .. math::

        \bar h_L = u, \qquad
        \bar h_{l-1} = W_l^\top \big((1 - h_l^2) \odot \bar h_l\big),
        \qquad J^\top u = \bar h_0 .

    ``flops`` counts the cotangent arithmetic only,
    :math:`\sum_l (2 m_l n_l + m_l)`.

    Examples
    --------
    >>> layers = init_mlp((2, 3, 1), rng=np.random.default_rng(0))
    >>> mlp_vjp(layers, [1.0, 0.5], [1.0]).value.shape
    (2,)
    """
    layers = _check_layers(layers)
    acts, _ = _forward(layers, x)
    u = _check_vector(u, _output_dim(layers), "u", "output space")
    return _vjp_sweep(layers, _slopes(acts), u)


def _vjp_sweep(layers: list[Layer], slopes: list[np.ndarray],
               u: np.ndarray, mats: list[np.ndarray] | None = None,
               flops: int | None = None) -> Sweep:
    """Reverse sweep; ``mats`` (the W_l, last layer first) and ``flops``
    may be passed in precomputed when many sweeps share the layers."""
    flops = _sweep_flops(layers) if flops is None else flops
    top = max(float(u.max(initial=0.0)), -float(u.min(initial=0.0)))
    if 2.0**-900 <= top <= 2.0**900:
        mats = [W for W, _ in reversed(layers)] if mats is None else mats
        fast = _plain_sweep(mats, slopes[::-1], u, True)
        if fast is not None:
            return Sweep(fast, flops)
    flops = 0
    e = 0                                   # u = u_scaled * 2**e throughout
    u, e0 = pow2_scale(u)
    e += int(e0)
    for (W, _), d in zip(reversed(layers), reversed(slopes)):
        zb, ew = _matvec(W.T, d * u)
        u, es = pow2_scale(zb)                            # (n_l,)
        e += int(ew) + int(es)
        flops += 2 * W.size + W.shape[0]
    return Sweep(_unscale(u, e, "the VJP of layers and u"), flops)


def jacobian_by_jvps(layers: Any, x: Any) -> JacobianBuild:
    r"""Build :math:`J \in \mathbb{R}^{m\times n}` column by column.

    Column :math:`j` is :math:`J e_j`, one forward sweep each: :math:`n`
    sweeps after one shared primal evaluation. The basis vectors are made
    one at a time (no identity matrix): memory grows like the answer.

    Examples
    --------
    >>> layers = init_mlp((2, 3, 1), rng=np.random.default_rng(0))
    >>> jb = jacobian_by_jvps(layers, [1.0, 0.5])
    >>> jb.jacobian.shape, jb.sweeps
    ((1, 2), 2)
    """
    layers = _check_layers(layers)
    acts, primal = _forward(layers, x)
    slopes = _slopes(acts)
    n, m = _input_dim(layers), _output_dim(layers)
    check_result_size(m * n, "layers (the Jacobian is m x n)")
    jac, flops = np.empty((m, n)), 0                      # (m, n)
    mats, per_sweep = [W for W, _ in layers], _sweep_flops(layers)
    e_j = np.zeros(n)                   # one basis vector at a time, no eye
    for j in range(n):
        e_j[j] = 1.0
        sweep = _jvp_sweep(layers, slopes, e_j, mats, per_sweep)
        e_j[j] = 0.0
        jac[:, j] = sweep.value
        flops += sweep.flops
    return JacobianBuild(jac, "forward", n, flops, primal)


def jacobian_by_vjps(layers: Any, x: Any) -> JacobianBuild:
    r"""Build :math:`J \in \mathbb{R}^{m\times n}` row by row.

    Row :math:`i` is :math:`e_i^\top J`, one reverse sweep each: :math:`m`
    sweeps after one shared primal evaluation.

    Examples
    --------
    >>> layers = init_mlp((2, 3, 1), rng=np.random.default_rng(0))
    >>> jb = jacobian_by_vjps(layers, [1.0, 0.5])
    >>> jb.jacobian.shape, jb.sweeps
    ((1, 2), 1)
    """
    layers = _check_layers(layers)
    acts, primal = _forward(layers, x)
    slopes = _slopes(acts)
    n, m = _input_dim(layers), _output_dim(layers)
    check_result_size(m * n, "layers (the Jacobian is m x n)")
    jac, flops = np.empty((m, n)), 0                      # (m, n)
    mats, per_sweep = [W for W, _ in reversed(layers)], _sweep_flops(layers)
    e_i = np.zeros(m)                   # one basis vector at a time, no eye
    for i in range(m):
        e_i[i] = 1.0
        sweep = _vjp_sweep(layers, slopes, e_i, mats, per_sweep)
        e_i[i] = 0.0
        jac[i] = sweep.value
        flops += sweep.flops
    return JacobianBuild(jac, "reverse", m, flops, primal)


def mlp_jacobian(layers: Any, x: Any) -> JacobianBuild:
    r"""The chain rule as a matrix product, :math:`J = J_L \cdots J_1`.

    Each :math:`J_l = \operatorname{diag}(1 - h_l^2) W_l` is formed
    explicitly (:math:`m_l n_l` flops) and multiplied onto the running
    product from the left (:math:`2 m_l n_l n` flops): the way *not* to
    compute a gradient, kept as a reference and for cost comparisons.

    Examples
    --------
    >>> layers = init_mlp((2, 3, 1), rng=np.random.default_rng(0))
    >>> a = mlp_jacobian(layers, [1.0, 0.5]).jacobian
    >>> b = jacobian_by_vjps(layers, [1.0, 0.5]).jacobian
    >>> bool(np.allclose(a, b))
    True
    """
    layers = _check_layers(layers)
    acts, primal = _forward(layers, x)
    slopes = _slopes(acts)
    fast = _plain_jacobian(layers, slopes)
    if fast is not None:
        return JacobianBuild(*fast, primal)
    J, flops, e = None, 0, 0            # J = J_scaled * 2**e throughout
    for (W, _), d in zip(layers, slopes):
        J_l = d[:, None] * W                              # (m_l, n_l)
        flops += W.size
        J_l, el = pow2_scale(J_l)
        if J is None:
            J, e = J_l, int(el)                           # J_1 itself
        else:
            flops += 2 * W.size * J.shape[1]
            with np.errstate(under="ignore"):
                J, es = pow2_scale(J_l @ J)               # (m_l, n)
            e += int(el) + int(es)
    return JacobianBuild(_unscale(J, e, "the Jacobian of layers"),
                         "explicit", 0, flops, primal)


def _plain_jacobian(layers: list[Layer], slopes: list[np.ndarray]):
    """``J_L ... J_1`` without scaling, or None where scaling is needed.

    As in :func:`_plain_sweep`: every factor and running product must be
    zero or have its largest entry in ``[2**-900, 2**900]`` (NaN and inf
    fail); in that range the scaled computation gives the same bits.
    """
    lo, hi = 2.0**-900, 2.0**900
    J, flops = None, 0
    with np.errstate(all="ignore"):
        for (W, _), d in zip(layers, slopes):
            J_l = d[:, None] * W                          # (m_l, n_l)
            flops += W.size
            if J is None:
                J = J_l
            else:
                flops += 2 * W.size * J.shape[1]
                J = J_l @ J                               # (m_l, n)
            top = max(float(J.max(initial=0.0)), -float(J.min(initial=0.0)))
            if not (lo <= top <= hi or top == 0.0):
                return None
    return J, "explicit", 0, flops


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

    Examples
    --------
    >>> st = mode_cost_study([2, 8], fixed=1, varying="n", hidden=4,
    ...                      rng=np.random.default_rng(0))
    >>> st.forward_sweeps.tolist(), st.reverse_sweeps.tolist()
    ([2, 8], [1, 1])
    """
    check_choice(varying, "varying", ("n", "m"))
    fixed = check_positive_int(fixed, "fixed")
    hidden = check_positive_int(hidden, "hidden")
    rng = check_rng(rng)
    if dims is None or isinstance(dims, (str, bytes)):
        raise InputTypeError(f"dims must be a sequence of ints, got {dims!r}")
    try:
        items = list(dims)
    except TypeError as exc:
        raise InputTypeError(
            f"dims must be a sequence of ints, got {type(dims).__name__}"
        ) from exc
    dims_arr = np.array([check_positive_int(d, "dims") for d in items])
    if dims_arr.size == 0:
        raise ValueError("dims must not be empty")
    # n + m sweeps of cost ~hidden (n + m) each: keep the study bounded
    big = int(dims_arr.max()) + fixed
    check_result_size(big * big * hidden, "dims, fixed and hidden (work)")
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
    r""":math:`f(x) = a^\top x`.

    Examples
    --------
    >>> linear_form([1.0, 2.0], [3.0, -1.0])
    1.0
    """
    a = as_float_array(a, "a", ndim=1)
    x = _check_vector(x, a.size, "x", "like a")
    return _dot(a, x, "a . x")


def linear_form_grad(a: Any, x: Any) -> np.ndarray:
    r""":math:`\nabla_x (a^\top x) = a`, shape ``(n,)``.

    Examples
    --------
    >>> linear_form_grad([1.0, 2.0], [3.0, -1.0]).tolist()
    [1.0, 2.0]
    """
    a = as_float_array(a, "a", ndim=1)
    _check_vector(x, a.size, "x", "like a")
    return a.copy()


def _check_square(A: Any, x: Any) -> tuple[np.ndarray, np.ndarray]:
    A, x = _check_matrix_vector(A, x, w_name="A")
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be square, got shape {A.shape}")
    return A, x


def quadratic_form(A: Any, x: Any) -> float:
    r""":math:`f(x) = x^\top A x` for square :math:`A`.

    Examples
    --------
    >>> quadratic_form([[2.0, 1.0], [0.0, 3.0]], [1.0, -1.0])
    4.0
    """
    A, x = _check_square(A, x)
    As, ea = pow2_scale(A)
    xs, ex = pow2_scale(x)
    with np.errstate(under="ignore"):
        q = float(xs @ As @ xs)
    return float(_unscale(q, ea + 2 * ex, "x^T A x"))


def quadratic_form_grad(A: Any, x: Any) -> np.ndarray:
    r""":math:`\nabla_x (x^\top A x) = (A + A^\top)\, x`, shape ``(n,)``.

    Reduces to :math:`2Ax` only when :math:`A` is symmetric.

    Examples
    --------
    >>> quadratic_form_grad([[2.0, 1.0], [0.0, 3.0]], [1.0, -1.0]).tolist()
    [3.0, -5.0]
    """
    A, x = _check_square(A, x)
    As, ea = pow2_scale(A)
    xs, ex = pow2_scale(x)
    with np.errstate(under="ignore"):
        g = (0.5 * As + 0.5 * As.T) @ xs          # halves: exact, no overflow
    return _unscale(g, ea + ex + 1, "(A + A^T) x")


def _check_residual(W: Any, x: Any, y: Any
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W, x = _check_matrix_vector(W, x)
    y = _check_vector(y, W.shape[0], "y", f"one per row of W {W.shape}")
    return W, x, y


def _residual(W: np.ndarray, x: np.ndarray, y: np.ndarray
              ) -> tuple[np.ndarray, int]:
    """``W x - y`` as ``(scaled residual, exponent)``, without overflow."""
    p, ep = _matvec(W, x)                                 # W x = p 2**ep
    ys, ey = pow2_scale(y)
    top = max(ep, int(ey))
    with np.errstate(under="ignore"):
        r = np.ldexp(p, ep - top) - np.ldexp(ys, int(ey) - top)   # (m,)
    return r, top


def squared_residual(W: Any, x: Any, y: Any) -> float:
    r""":math:`f = \lVert Wx - y\rVert^2`.

    Examples
    --------
    >>> squared_residual([[1.0, 0.0], [0.0, 1.0]], [1.0, 2.0], [0.0, 0.0])
    5.0
    """
    W, x, y = _check_residual(W, x, y)
    r, e = _residual(W, x, y)                             # (m,)
    rs, er = pow2_scale(r)
    with np.errstate(under="ignore"):
        f = float(rs @ rs)
    return float(_unscale(f, 2 * (e + int(er)), "||W x - y||^2"))


def squared_residual_grad_W(W: Any, x: Any, y: Any) -> np.ndarray:
    r""":math:`\nabla_W \lVert Wx - y\rVert^2 = 2(Wx - y)\,x^\top`.

    An outer product with the shape of :math:`W`, ``(m, n)``.

    Examples
    --------
    >>> squared_residual_grad_W([[1.0, 0.0]], [1.0, 2.0], [0.0]).tolist()
    [[2.0, 4.0]]
    """
    W, x, y = _check_residual(W, x, y)
    r, e = _residual(W, x, y)
    xs, ex = pow2_scale(x)
    with np.errstate(under="ignore"):
        g = np.outer(r, xs)                               # (m, n)
    return _unscale(g, e + int(ex) + 1, "2 (W x - y) x^T")


def squared_residual_grad_x(W: Any, x: Any, y: Any) -> np.ndarray:
    r""":math:`\nabla_x \lVert Wx - y\rVert^2 = 2W^\top(Wx - y)`,
    shape ``(n,)``.

    Examples
    --------
    >>> squared_residual_grad_x([[1.0, 0.0]], [1.0, 2.0], [0.0]).tolist()
    [2.0, 0.0]
    """
    W, x, y = _check_residual(W, x, y)
    r, e = _residual(W, x, y)
    g, eg = _matvec(W.T, r)                               # (n,)
    return _unscale(g, e + eg + 1, "2 W^T (W x - y)")
