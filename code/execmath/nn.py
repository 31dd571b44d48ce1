r"""A multilayer perceptron on the array engine of :mod:`execmath.tape`.

The model is the smallest network that shows every part of
backpropagation: dense layers :math:`h_l = \phi(h_{l-1} W_l + b_l)` with
``W_l`` of shape ``(n_in, n_out)`` acting on a batch of rows (the layout of
``x @ W`` in nanoGPT; PyTorch's ``nn.Linear`` stores the transpose), a
linear output layer giving logits, and the mean cross-entropy. Besides
the model, initialisation and training, the module runs the three
measurements of the chapter:

* :func:`depth_study`: how the gradient norm and the singular values of
  the end-to-end Jacobian change with depth and initial weight scale
  (vanishing and exploding gradients);
* :func:`mode_cost_study`: CPU time of the gradient of a scalar
  with respect to ``d`` inputs by ``d`` forward (JVP) sweeps and by one
  reverse (VJP) sweep;
* :func:`memory_study`: bytes kept for the backward pass against depth,
  with and without checkpointing.

Randomness enters only through an explicit ``rng``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from execmath import special, tape
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_finite_scalar,
    check_increasing_sizes,
    check_positive_int,
    check_rng,
)

__all__ = [
    "Dataset",
    "Dense",
    "DepthStudy",
    "FlatObjective",
    "LossGrads",
    "MemoryStudy",
    "ModeCostStudy",
    "TrainResult",
    "depth_study",
    "flat_objective",
    "flatten_params",
    "init_mlp",
    "init_std",
    "loss_and_grads",
    "memory_study",
    "mlp_forward",
    "mode_cost_study",
    "predict",
    "train_mlp",
    "two_moons",
    "unflatten_params",
]

#: Largest width or batch the studies accept (a typo guard).
_MAX_SIZE = 4096
_ACTIVATIONS = {"tanh": tape.tanh, "relu": tape.relu}


# --------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------
class Dense(NamedTuple):
    """One dense layer: ``W`` of shape ``(n_in, n_out)``, ``b`` of shape
    ``(n_out,)``; the layer maps a batch ``(B, n_in)`` to ``(B, n_out)``."""

    W: np.ndarray
    b: np.ndarray


class Dataset(NamedTuple):
    """Points ``X`` of shape ``(n, 2)`` and integer labels ``y`` ``(n,)``."""

    X: np.ndarray
    y: np.ndarray


class LossGrads(NamedTuple):
    """Loss value, one :class:`Dense` of gradients per layer, and logits."""

    loss: float
    grads: list
    logits: np.ndarray


class TrainResult(NamedTuple):
    """Trained parameters, the loss before every step, and the training
    accuracy of the final parameters."""

    params: list
    losses: np.ndarray
    accuracy: float


class FlatObjective(NamedTuple):
    r"""The loss as a function of one flat parameter vector
    :math:`\theta \in \mathbb{R}^P`, for gradient checks.

    ``value(theta)`` returns the loss (a float); ``gradient(theta)``
    returns the engine's gradient, shape ``(P,)``; ``theta`` is the
    starting point.
    """

    theta: np.ndarray
    value: Callable
    gradient: Callable


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
def _check_activation(activation: Any) -> Callable:
    if isinstance(activation, str):
        if activation not in _ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(_ACTIVATIONS)} or a "
                f"callable, got {activation!r}")
        return _ACTIVATIONS[activation]
    if callable(activation) and not isinstance(activation, type):
        return activation
    raise InputTypeError(
        f"activation must be 'tanh', 'relu' or a callable, got "
        f"{type(activation).__name__}")


def _check_params(params: Any, name: str = "params") -> list[tuple]:
    """A list of (W, b) pairs (arrays or Vars) whose shapes chain."""
    if isinstance(params, (str, bytes, np.ndarray)) or not isinstance(
            params, Sequence):
        raise InputTypeError(
            f"{name} must be a list of (W, b) pairs, got "
            f"{type(params).__name__}")
    if not params:
        raise ValueError(f"{name} must not be empty")
    out = []
    for i, pair in enumerate(params):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InputTypeError(
                f"{name}[{i}] must be a (W, b) pair, got "
                f"{type(pair).__name__}")
        W, b = pair
        Wv = W.value if isinstance(W, tape.Var) else as_float_array(
            W, f"{name}[{i}].W", ndim=2)
        bv = b.value if isinstance(b, tape.Var) else as_float_array(
            b, f"{name}[{i}].b", ndim=1)
        if Wv.ndim != 2 or bv.shape != (Wv.shape[1],):
            raise ValueError(
                f"{name}[{i}] must have W (n_in, n_out) and b (n_out,), got "
                f"shapes {Wv.shape} and {bv.shape}")
        if out and Wv.shape[0] != out[-1][2]:
            raise ValueError(
                f"{name}[{i}].W must have {out[-1][2]} rows to follow "
                f"{name}[{i - 1}], got shape {Wv.shape}")
        out.append((W, b, Wv.shape[1], Wv, bv))
    return [(W, b) for W, b, _, _, _ in out]


def _param_arrays(params: Any, name: str = "params") -> list[Dense]:
    pairs = _check_params(params, name)
    return [Dense(np.array(W.value if isinstance(W, tape.Var) else W,
                           dtype=np.float64),
                  np.array(b.value if isinstance(b, tape.Var) else b,
                           dtype=np.float64)) for W, b in pairs]


def _check_X(X: Any, n_in: int, name: str = "X") -> np.ndarray:
    X = as_float_array(X, name, ndim=2)
    if X.shape[1] != n_in:
        raise ValueError(
            f"{name} must have {n_in} columns (params[0].W has {n_in} rows), "
            f"got shape {X.shape}")
    return X


def _check_y(y: Any, n: int, k: int) -> np.ndarray:
    if y is None or isinstance(y, (str, bytes)):
        raise InputTypeError(f"y must be integer labels, got {y!r:.40}")
    try:
        lab = np.asarray(y)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"y must be a 1-D integer array: {exc}") from exc
    if lab.dtype.kind not in "iu":
        raise InputTypeError(f"y must hold integers, got dtype {lab.dtype}")
    if lab.shape != (n,):
        raise ValueError(
            f"y must have shape ({n},), one label per row of X, got "
            f"{lab.shape}")
    if np.any(lab < 0) or np.any(lab >= k):
        raise ValueError(
            f"y must lie in 0..{k - 1} ({k} outputs), got values from "
            f"{lab.min()} to {lab.max()}")
    return lab.astype(np.int64)


def _range_error(exc: Exception, names: str) -> ValueError:
    return ValueError(
        f"{names} lead to values outside the float64 range ({exc})")


# --------------------------------------------------------------------------
# data and initialisation
# --------------------------------------------------------------------------
def two_moons(n: int, *, noise: float = 0.1,
              rng: np.random.Generator) -> Dataset:
    r"""Two interleaving half circles with Gaussian noise.

    Class 0 lies on :math:`(\cos t, \sin t)` and class 1 on
    :math:`(1 - \cos t, \tfrac12 - \sin t)`, with :math:`t \sim
    \mathcal{U}(0, \pi)` and noise :math:`\mathcal{N}(0, \text{noise}^2
    I)` added to every point: a problem no linear classifier solves.

    Parameters
    ----------
    n : int
        Number of points (at least 2); class 0 gets ``n // 2``.
    noise : float, default 0.1
        Standard deviation of the noise, ``>= 0``.
    rng : numpy.random.Generator

    Examples
    --------
    >>> X, y = two_moons(6, rng=np.random.default_rng(0))
    >>> X.shape, y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])
    """
    n = check_positive_int(n, "n", minimum=2, maximum=10**6)
    noise = check_finite_scalar(noise, "noise")
    if noise < 0 or noise > 1e3:
        raise ValueError(f"noise must be in [0, 1000], got {noise!r}")
    rng = check_rng(rng)
    n0 = n // 2
    t = rng.uniform(0.0, np.pi, size=n)                     # (n,)
    top = np.c_[np.cos(t[:n0]), np.sin(t[:n0])]             # (n0, 2)
    bottom = np.c_[1.0 - np.cos(t[n0:]), 0.5 - np.sin(t[n0:])]
    X = np.vstack([top, bottom]) + noise * rng.standard_normal((n, 2))
    y = np.r_[np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)]
    return Dataset(X, y)


def init_std(n_in: int, n_out: int, scheme: str = "xavier",
             gain: float = 1.0) -> float:
    r"""Standard deviation of the initial weights of one layer.

    .. math::

        \sigma_{\text{Xavier}} = g\sqrt{\frac{2}{n_{\text{in}} +
        n_{\text{out}}}},
        \qquad
        \sigma_{\text{He}} = g\sqrt{\frac{2}{n_{\text{in}}}}

    Xavier (Glorot) initialisation keeps the variance of activations and of
    back-propagated gradients roughly constant through layers whose
    activation has slope 1 at zero (tanh); He initialisation compensates
    for ReLU, which zeroes half of its inputs. ``gain`` scales either
    (1 is the standard choice).

    Examples
    --------
    >>> round(init_std(64, 64, "xavier"), 6), round(init_std(64, 64, "he"), 6)
    (0.125, 0.176777)
    """
    n_in = check_positive_int(n_in, "n_in", maximum=10**7)
    n_out = check_positive_int(n_out, "n_out", maximum=10**7)
    gain = check_finite_scalar(gain, "gain", positive=True)
    if gain > 1e6:
        raise ValueError(f"gain must be <= 1e6, got {gain!r}")
    if scheme == "xavier":
        return gain * math.sqrt(2.0 / (n_in + n_out))
    if scheme == "he":
        return gain * math.sqrt(2.0 / n_in)
    if not isinstance(scheme, str):
        raise InputTypeError(
            f"scheme must be 'xavier' or 'he', got {type(scheme).__name__}")
    raise ValueError(f"scheme must be 'xavier' or 'he', got {scheme!r}")


def init_mlp(sizes: Sequence[int], *, scheme: str = "xavier",
             gain: float = 1.0, rng: np.random.Generator) -> list[Dense]:
    r"""Random dense layers with widths ``sizes = (n_0, n_1, ..., n_L)``.

    Weights :math:`W_l \sim \mathcal{N}(0, \sigma_l^2)` with
    :math:`\sigma_l` from :func:`init_std`; biases start at zero.

    Examples
    --------
    >>> params = init_mlp((2, 16, 2), rng=np.random.default_rng(0))
    >>> [(p.W.shape, p.b.shape) for p in params]
    [((2, 16), (16,)), ((16, 2), (2,))]
    """
    rng = check_rng(rng)
    if isinstance(sizes, (str, bytes)) or not isinstance(
            sizes, (Sequence, np.ndarray)) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two widths, got "
                         f"{sizes!r:.60}")
    dims = [check_positive_int(s, "sizes", maximum=_MAX_SIZE) for s in sizes]
    if len(dims) > 1001:
        raise ValueError(f"sizes must have at most 1001 entries, got "
                         f"{len(dims)}")
    out = []
    for n_in, n_out in zip(dims[:-1], dims[1:]):
        std = init_std(n_in, n_out, scheme, gain)
        out.append(Dense(std * rng.standard_normal((n_in, n_out)),
                         np.zeros(n_out)))
    return out


# --------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------
def _segment(act: Callable, n_layers: int) -> Callable:
    """A function of (h, W_1, b_1, ..., W_k, b_k) running k hidden layers."""
    def run(h, *ps):
        for i in range(n_layers):
            h = act(h @ ps[2 * i] + ps[2 * i + 1])          # (B, n_out)
        return h
    return run


def mlp_forward(params: Any, X: Any, *, activation: Any = "tanh",
                checkpoint_every: int | None = None) -> tape.Var:
    r"""Logits of the network, recorded on the tape.

    .. math::

        h_0 = X, \qquad h_l = \phi(h_{l-1} W_l + b_l)\ (l < L), \qquad
        z = h_{L-1} W_L + b_L

    Parameters
    ----------
    params : list of (W, b)
        Arrays (then treated as constants) or :class:`~execmath.tape.Var`
        leaves (then :func:`~execmath.tape.backward` fills their ``grad``).
    X : array_like or Var, shape (B, n_0)
    activation : {"tanh", "relu"} or callable, default "tanh"
        A callable maps a Var to a Var (e.g. a custom
        :func:`~execmath.tape.elementwise`).
    checkpoint_every : int, optional
        Group the hidden layers into segments of this many layers and run
        each through :func:`~execmath.tape.checkpoint`: only segment
        boundaries are kept for the backward pass.

    Returns
    -------
    tape.Var, shape (B, n_L)

    Examples
    --------
    >>> params = init_mlp((2, 8, 3), rng=np.random.default_rng(0))
    >>> mlp_forward(params, np.zeros((5, 2))).shape
    (5, 3)
    """
    pairs = _check_params(params)
    act = _check_activation(activation)
    n_in = (pairs[0][0].value if isinstance(pairs[0][0], tape.Var)
            else np.asarray(pairs[0][0])).shape[0]
    if isinstance(X, tape.Var):
        if X.value.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(f"X must have shape (B, {n_in}), got {X.shape}")
        h = X
    else:
        h = tape.Var(_check_X(X, n_in), requires_grad=False)
    if checkpoint_every is not None:
        checkpoint_every = check_positive_int(
            checkpoint_every, "checkpoint_every", maximum=10**6)
    pv = [(W if isinstance(W, tape.Var) else tape.Var(W, requires_grad=False),
           b if isinstance(b, tape.Var) else tape.Var(b, requires_grad=False))
          for W, b in pairs]
    hidden, (W_out, b_out) = pv[:-1], pv[-1]
    try:
        if checkpoint_every is None:
            for W, b in hidden:
                h = act(h @ W + b)                          # (B, n_l)
        else:
            for start in range(0, len(hidden), checkpoint_every):
                seg = hidden[start:start + checkpoint_every]
                flat = [v for pair in seg for v in pair]
                h = tape.checkpoint(_segment(act, len(seg)), h, *flat)
        return h @ W_out + b_out                            # (B, n_L)
    except ValueError as exc:
        raise _range_error(exc, "X and params") from exc


def loss_and_grads(params: Any, X: Any, y: Any, *,
                   activation: Any = "tanh") -> LossGrads:
    r"""Mean cross-entropy of the network and its gradient by one reverse
    sweep.

    .. math::

        \ell(\theta) = \frac1B \sum_{i=1}^B
        \big(\operatorname{LSE}(z_i) - z_{i,y_i}\big)

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> params = init_mlp((2, 4, 2), rng=rng)
    >>> X, y = two_moons(10, rng=rng)
    >>> res = loss_and_grads(params, X, y)
    >>> [g.W.shape for g in res.grads]
    [(2, 4), (4, 2)]
    """
    arrays = _param_arrays(params)
    X = _check_X(X, arrays[0].W.shape[0])
    y = _check_y(y, X.shape[0], arrays[-1].W.shape[1])
    pv = [(tape.Var(p.W, f"W{i + 1}"), tape.Var(p.b, f"b{i + 1}"))
          for i, p in enumerate(arrays)]
    logits = mlp_forward(pv, X, activation=activation)       # (B, K)
    try:
        loss = tape.cross_entropy(logits, y)
        tape.backward(loss)
    except ValueError as exc:
        raise _range_error(exc, "X and params") from exc
    grads = [Dense(W.grad, b.grad) for W, b in pv]
    return LossGrads(float(loss.value), grads, logits.value)


def predict(params: Any, X: Any, *, activation: Any = "tanh") -> np.ndarray:
    """Class with the largest logit for every row of ``X``; nothing is
    recorded.

    Examples
    --------
    >>> params = [Dense(np.eye(2), np.zeros(2))]
    >>> predict(params, [[1.0, 0.0], [0.0, 2.0]]).tolist()
    [0, 1]
    """
    with tape.no_grad():
        logits = mlp_forward(params, X, activation=activation)
    return np.argmax(logits.value, axis=1)


def train_mlp(params: Any, X: Any, y: Any, *, lr: float = 0.5,
              steps: int = 300, activation: Any = "tanh") -> TrainResult:
    r"""Full-batch gradient descent on the mean cross-entropy.

    .. math::

        \theta_{k+1} = \theta_k - \eta\, \nabla \ell(\theta_k)

    The caller's arrays are not modified.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> data = two_moons(40, rng=rng)
    >>> res = train_mlp(init_mlp((2, 8, 2), rng=rng), *data, steps=50)
    >>> bool(res.losses[-1] < res.losses[0])
    True
    """
    params = _param_arrays(params)
    X = _check_X(X, params[0].W.shape[0])
    y = _check_y(y, X.shape[0], params[-1].W.shape[1])
    lr = check_finite_scalar(lr, "lr", positive=True)
    steps = check_positive_int(steps, "steps", maximum=10**6)
    _check_activation(activation)
    losses = np.empty(steps)
    for k in range(steps):
        try:
            res = loss_and_grads(params, X, y, activation=activation)
        except ValueError as exc:
            if k == 0:
                raise
            raise ValueError(
                f"lr {lr!r} made gradient descent diverge at step {k}: "
                f"{exc}") from exc
        losses[k] = res.loss
        with np.errstate(over="ignore", invalid="ignore"):
            params = [Dense(p.W - lr * g.W, p.b - lr * g.b)
                      for p, g in zip(params, res.grads)]
        if not all(np.all(np.isfinite(p.W)) and np.all(np.isfinite(p.b))
                   for p in params):
            raise ValueError(
                f"lr {lr!r} made gradient descent diverge: the parameters "
                f"left the float64 range at step {k}")
    acc = float(np.mean(predict(params, X, activation=activation) == y))
    return TrainResult(params, losses, acc)


# --------------------------------------------------------------------------
# flat parameter vectors (for gradient checks)
# --------------------------------------------------------------------------
def flatten_params(params: Any) -> np.ndarray:
    r"""All weights and biases in one vector :math:`\theta`, layer by layer
    (``W_1`` row-major, ``b_1``, ``W_2``, ...).

    Examples
    --------
    >>> flatten_params([Dense(np.ones((2, 3)), np.zeros(3))]).shape
    (9,)
    """
    arrays = _param_arrays(params)
    return np.concatenate([np.r_[p.W.ravel(), p.b] for p in arrays])


def unflatten_params(theta: Any, like: Any) -> list[Dense]:
    """Inverse of :func:`flatten_params`, with the shapes of ``like``.

    Examples
    --------
    >>> like = [Dense(np.ones((2, 3)), np.zeros(3))]
    >>> unflatten_params(np.arange(9.0), like)[0].b.tolist()
    [6.0, 7.0, 8.0]
    """
    arrays = _param_arrays(like, "like")
    theta = as_float_array(theta, "theta", ndim=1)
    total = int(np.sum([p.W.size + p.b.size for p in arrays]))
    if theta.size != total:
        raise ValueError(
            f"theta must have {total} entries to fill like, got "
            f"{theta.size}")
    out, pos = [], 0
    for p in arrays:
        W = theta[pos:pos + p.W.size].reshape(p.W.shape)
        pos += p.W.size
        b = theta[pos:pos + p.b.size].copy()
        pos += p.b.size
        out.append(Dense(W.copy(), b))
    return out


def _unflatten(theta: Any, shapes: list) -> list[Dense]:
    """Lean :func:`unflatten_params` for a known list of shapes."""
    theta = as_float_array(theta, "theta", ndim=1)
    total = int(np.sum([math.prod(w) + math.prod(b) for w, b in shapes]))
    if theta.size != total:
        raise ValueError(f"theta must have {total} entries, got {theta.size}")
    out, pos = [], 0
    for w, b in shapes:
        nw, nb = math.prod(w), math.prod(b)
        out.append(Dense(theta[pos:pos + nw].reshape(w),
                         theta[pos + nw:pos + nw + nb]))
        pos += nw + nb
    return out


def flat_objective(params: Any, X: Any, y: Any, *,
                   activation: Any = "tanh") -> FlatObjective:
    r"""The loss and its engine gradient as functions of a flat
    :math:`\theta` (see :class:`FlatObjective`).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> params = init_mlp((2, 3, 2), rng=rng)
    >>> obj = flat_objective(params, *two_moons(8, rng=rng))
    >>> obj.theta.shape, obj.gradient(obj.theta).shape
    ((17,), (17,))
    """
    arrays = _param_arrays(params)
    X = _check_X(X, arrays[0].W.shape[0])
    y = _check_y(y, X.shape[0], arrays[-1].W.shape[1])
    _check_activation(activation)
    theta0 = flatten_params(arrays)
    shapes = [(p.W.shape, p.b.shape) for p in arrays]

    def value(theta):
        params = _unflatten(theta, shapes)
        if isinstance(activation, str):       # plain NumPy: fast, no tape
            act = np.tanh if activation == "tanh" else (
                lambda z: np.maximum(z, 0.0))
            h = X
            with np.errstate(over="ignore", invalid="ignore"):
                for p in params[:-1]:
                    h = act(h @ p.W + p.b)                  # (B, n_l)
                z = h @ params[-1].W + params[-1].b         # (B, K)
            if not np.all(np.isfinite(z)):
                raise ValueError("theta leads to logits outside the "
                                 "float64 range")
        else:
            with tape.no_grad():
                z = mlp_forward(params, X, activation=activation).value
        return float(np.mean(special.cross_entropy_with_logits(z, y)))

    def gradient(theta):
        res = loss_and_grads(_unflatten(theta, shapes), X, y,
                             activation=activation)
        return flatten_params(res.grads)

    return FlatObjective(theta0, value, gradient)


# --------------------------------------------------------------------------
# vanishing and exploding gradients
# --------------------------------------------------------------------------
class DepthStudy(NamedTuple):
    r"""Gradients through a deep network at initialisation.

    Attributes
    ----------
    grad_ratio : numpy.ndarray, shape (depth + 1,)
        :math:`\lVert \bar h_l\rVert_F / \lVert \bar h_L\rVert_F` for
        :math:`l = 0, \dots, L`: the back-propagated gradient at layer
        :math:`l` relative to the one at the top.
    singular_values : numpy.ndarray, shape (width,)
        Singular values, descending, of the input-output Jacobian
        :math:`J = J_L \cdots J_1` at the first input,
        :math:`J_l = \operatorname{diag}(\phi'(z_l))\, W_l^\top`.
    act_std : numpy.ndarray, shape (depth + 1,)
        Standard deviation of the activations :math:`h_l`.
    """

    grad_ratio: np.ndarray
    singular_values: np.ndarray
    act_std: np.ndarray


def depth_study(width: int, depth: int, *, scheme: str = "xavier",
                gain: float = 1.0, activation: str = "tanh",
                batch: int = 64, rng: np.random.Generator) -> DepthStudy:
    r"""Back-propagate a random cotangent through ``depth`` square layers.

    The gradient that reaches layer :math:`l` is a product of Jacobians,

    .. math::

        \bar h_{l}^\top = \bar h_L^\top J_L J_{L-1} \cdots J_{l+1},
        \qquad
        \prod_k \sigma_{\min}(J_k) \le
        \frac{\lVert \bar h_l\rVert}{\lVert \bar h_L\rVert} \le
        \prod_k \sigma_{\max}(J_k),

    so it shrinks or grows geometrically unless the layers preserve norms
    on average, which is what Xavier (tanh) and He (ReLU) scaling aim at.

    Parameters
    ----------
    width, depth : int
    scheme : {"xavier", "he"}, gain : float
        Initial weights (:func:`init_mlp`); biases are zero.
    activation : {"tanh", "relu"}
    batch : int
        Rows of the standard normal input batch.
    rng : numpy.random.Generator

    Examples
    --------
    >>> st = depth_study(16, 5, rng=np.random.default_rng(0))
    >>> st.grad_ratio.shape, st.singular_values.shape
    ((6,), (16,))
    """
    width = check_positive_int(width, "width", minimum=2, maximum=512)
    depth = check_positive_int(depth, "depth", maximum=1000)
    batch = check_positive_int(batch, "batch", maximum=_MAX_SIZE)
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        _check_activation(activation)
        raise ValueError(
            f"activation must be 'tanh' or 'relu', got {activation!r}")
    rng = check_rng(rng)
    layers = init_mlp([width] * (depth + 1), scheme=scheme, gain=gain,
                      rng=rng)
    act = _ACTIVATIONS[activation]
    x = tape.Var(rng.standard_normal((batch, width)), "X")  # (B, w)
    u = rng.standard_normal((batch, width))                 # top cotangent
    hs, zs, h = [x], [], x
    try:
        for p in layers:
            z = h @ tape.Var(p.W, requires_grad=False) + p.b    # (B, w)
            h = act(z)
            zs.append(z.value[0])
            hs.append(h)
        tape.backward(h, u)
    except ValueError as exc:
        raise _range_error(exc, "depth and gain") from exc
    norms = np.array([np.linalg.norm(v.grad) for v in hs])
    ratio = norms / norms[-1]
    J = np.eye(width)                                       # (w, w)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for p, z in zip(layers, zs):
            slope = (tape.sech2(z) if activation == "tanh"
                     else (z > 0).astype(float))            # (w,)
            J = (slope[:, None] * p.W.T) @ J                # J_l J
    if not (np.all(np.isfinite(J)) and np.all(np.isfinite(ratio))):
        raise ValueError(
            f"depth {depth} and gain {gain!r} give a Jacobian outside the "
            "float64 range")
    with np.errstate(over="ignore", invalid="ignore"):
        stds = np.array([float(np.std(v.value)) for v in hs])
    if not np.all(np.isfinite(stds)):
        raise ValueError(
            f"depth {depth} and gain {gain!r} give activations outside the "
            "float64 range")
    sv = np.linalg.svd(J, compute_uv=False)
    return DepthStudy(ratio, sv, stds)


# --------------------------------------------------------------------------
# forward vs reverse mode: time
# --------------------------------------------------------------------------
class ModeCostStudy(NamedTuple):
    r"""Cost of :math:`\nabla f(x)` for a scalar :math:`f:\mathbb{R}^d
    \to \mathbb{R}` by :math:`d` JVP sweeps and by one VJP sweep.

    Attributes
    ----------
    dims : numpy.ndarray of int
    forward_seconds, reverse_seconds : numpy.ndarray
        Best CPU time (:func:`time.process_time`, so that other programs
        on a shared machine disturb it less than wall-clock time) over
        ``repeats`` runs, the forward evaluation included in both.
    forward_rules, reverse_rules : numpy.ndarray of int
        Local rules evaluated: forward evaluation plus ``d`` JVP rules per
        operation, or plus one VJP rule per operation.
    max_disagreement : float
        Largest relative difference between the two gradients.
    """

    dims: np.ndarray
    forward_seconds: np.ndarray
    reverse_seconds: np.ndarray
    forward_rules: np.ndarray
    reverse_rules: np.ndarray
    max_disagreement: float


def _scalar_net(d: int, width: int, rng: np.random.Generator):
    """A scalar function of x (1, d): two tanh layers and a readout."""
    W1 = tape.Var(rng.standard_normal((d, width)) / math.sqrt(d),
                  requires_grad=False)
    W2 = tape.Var(rng.standard_normal((width, width)) / math.sqrt(width),
                  requires_grad=False)
    w3 = tape.Var(rng.standard_normal((width, 1)) / math.sqrt(width),
                  requires_grad=False)
    x0 = rng.standard_normal((1, d))

    def f(x):
        return tape.sum(tape.tanh(tape.tanh(x @ W1) @ W2) @ w3)
    return f, x0


def mode_cost_study(dims: Any, *, width: int = 32, repeats: int = 3,
                    rng: np.random.Generator) -> ModeCostStudy:
    r"""Time the gradient of a scalar network output with respect to ``d``
    inputs both ways (CPU time), on the engine of :mod:`execmath.tape`.

    Forward mode seeds :math:`e_1, \dots, e_d` in turn
    (:func:`~execmath.tape.forward_tangents`); reverse mode runs one
    :func:`~execmath.tape.backward`. Both start with one recorded forward
    evaluation. The network is
    :math:`f(x) = w_3^\top \tanh(W_2^\top \tanh(W_1^\top x))`, width
    ``width``.

    Parameters
    ----------
    dims : array_like of int
        Strictly increasing input dimensions, at most 4096.
    width : int, default 32
    repeats : int, default 3
        Runs per dimension; the fastest counts (the least disturbed by
        other work on the machine).
    rng : numpy.random.Generator

    Examples
    --------
    >>> st = mode_cost_study([2, 8], rng=np.random.default_rng(0))
    >>> st.forward_rules.tolist(), st.reverse_rules.tolist()
    ([18, 54], [12, 12])
    """
    dims = check_increasing_sizes(dims, "dims", 4096)
    width = check_positive_int(width, "width", maximum=512)
    repeats = check_positive_int(repeats, "repeats", maximum=100)
    rng = check_rng(rng)
    fwd_t, rev_t, fwd_n, rev_n, worst = [], [], [], [], 0.0
    for d in dims:
        f, x0 = _scalar_net(int(d), width, rng)
        best_f = best_r = math.inf
        for _ in range(repeats):
            t0 = time.process_time()
            x = tape.Var(x0)
            out = f(x)                                      # forward pass
            g_fwd = np.empty(int(d))
            seed = np.zeros((1, int(d)))
            for i in range(int(d)):                         # d JVP sweeps
                seed[0, i] = 1.0
                g_fwd[i] = tape.forward_tangents(out, {x: seed})
                seed[0, i] = 0.0
            best_f = min(best_f, time.process_time() - t0)
            t0 = time.process_time()
            xr = tape.Var(x0)
            out_r = f(xr)
            tape.backward(out_r)                            # one VJP sweep
            best_r = min(best_r, time.process_time() - t0)
        n_ops = tape.graph_memory(out).n_ops
        fwd_t.append(best_f)
        rev_t.append(best_r)
        fwd_n.append(n_ops + int(d) * n_ops)
        rev_n.append(2 * n_ops)
        g_rev = xr.grad.ravel()
        scale = max(float(np.max(np.abs(g_rev))), np.finfo(float).tiny)
        worst = max(worst, float(np.max(np.abs(g_fwd - g_rev))) / scale)
    return ModeCostStudy(dims, np.array(fwd_t), np.array(rev_t),
                         np.array(fwd_n), np.array(rev_n), worst)


# --------------------------------------------------------------------------
# memory of the backward pass
# --------------------------------------------------------------------------
class MemoryStudy(NamedTuple):
    r"""Bytes kept for the backward pass of a tanh network of width ``w``
    on a batch of ``B`` rows, against depth.

    Attributes
    ----------
    depths : numpy.ndarray of int
    plain_bytes : numpy.ndarray of int
        Activation bytes saved by the plain graph.
    checkpoint_bytes : numpy.ndarray of int
        Activation bytes saved when every segment of ``segments[i]``
        layers runs through :func:`~execmath.tape.checkpoint`.
    checkpoint_peak_bytes : numpy.ndarray of int
        ``checkpoint_bytes`` plus the largest temporary graph rebuilt in
        the backward pass: the peak.
    segments : numpy.ndarray of int
        Segment length :math:`\lceil\sqrt{L}\rceil`.
    plain_ops, checkpoint_ops : numpy.ndarray of int
        Forward operations executed (recomputation included).
    max_disagreement : float
        Largest relative difference between the two gradients.
    """

    depths: np.ndarray
    plain_bytes: np.ndarray
    checkpoint_bytes: np.ndarray
    checkpoint_peak_bytes: np.ndarray
    segments: np.ndarray
    plain_ops: np.ndarray
    checkpoint_ops: np.ndarray
    max_disagreement: float


def memory_study(depths: Any, *, width: int = 64, batch: int = 32,
                 rng: np.random.Generator) -> MemoryStudy:
    r"""Measure the activation memory of reverse mode, with and without
    checkpointing, for tanh networks of increasing depth.

    A plain graph keeps two ``(B, w)`` arrays per hidden layer (the
    pre-activation that tanh's rule needs and the activation that the next
    matrix product needs), so its memory grows like :math:`L`. With
    segments of :math:`s = \lceil\sqrt{L}\rceil` layers only the
    :math:`\lceil L/s\rceil` segment inputs stay, plus one rebuilt segment
    at a time during the backward pass: a peak of order
    :math:`\sqrt{L}`, paid for by running every segment's forward pass
    twice.

    Examples
    --------
    >>> st = memory_study([4, 16], width=8, batch=4,
    ...                   rng=np.random.default_rng(0))
    >>> st.segments.tolist()
    [2, 4]
    >>> bool(np.all(st.checkpoint_bytes < st.plain_bytes))
    True
    """
    depths = check_increasing_sizes(depths, "depths", 1000)
    width = check_positive_int(width, "width", minimum=2, maximum=1024)
    batch = check_positive_int(batch, "batch", maximum=_MAX_SIZE)
    rng = check_rng(rng)
    cols: dict[str, list] = {k: [] for k in (
        "plain", "ckpt", "peak", "seg", "plain_ops", "ckpt_ops")}
    worst = 0.0
    for L in depths:
        L = int(L)
        params = init_mlp([width] * (L + 1) + [2], rng=rng)
        X = rng.standard_normal((batch, width))             # (B, w)
        y = rng.integers(0, 2, size=batch)                  # (B,)
        s = math.ceil(math.sqrt(L))
        grads = []
        for every in (None, s):
            pv = [(tape.Var(p.W), tape.Var(p.b)) for p in params]
            loss = tape.cross_entropy(
                mlp_forward(pv, X, checkpoint_every=every), y)
            rep = tape.graph_memory(loss)
            order = tape.backward(loss)
            grads.append(np.concatenate([W.grad.ravel() for W, _ in pv]))
            if every is None:
                cols["plain"].append(rep.activation_bytes)
                cols["plain_ops"].append(rep.n_ops)
            else:
                ck = [v for v in order if v.op == "checkpoint"]
                cols["ckpt"].append(rep.activation_bytes)
                cols["peak"].append(rep.activation_bytes + max(
                    v.meta["recompute_bytes"] for v in ck))
                cols["seg"].append(s)
                cols["ckpt_ops"].append(cols["plain_ops"][-1] + int(np.sum(
                    [v.meta["recompute_ops"] for v in ck])))
        scale = max(float(np.max(np.abs(grads[0]))), np.finfo(float).tiny)
        worst = max(worst, float(np.max(np.abs(grads[0] - grads[1]))) / scale)
    as_int = lambda k: np.array(cols[k], dtype=np.int64)    # noqa: E731
    return MemoryStudy(depths, as_int("plain"), as_int("ckpt"),
                       as_int("peak"), as_int("seg"), as_int("plain_ops"),
                       as_int("ckpt_ops"), worst)
