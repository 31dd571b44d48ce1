r"""A small reverse-mode automatic differentiation engine over NumPy arrays.

The scalar graph of :mod:`execmath.autodiff` made every number a node.
Training code works with whole arrays instead: one node is a matrix
product of a ``(B, n)`` batch with an ``(n, m)`` weight matrix. Each node
here holds

* its ``value``, a float64 array computed in the forward pass;
* its ``parents`` and the name of the operation (``op``) that made it;
* the arrays the operation ``saved`` for the backward pass (this is the
  memory that reverse mode costs), and
* after :func:`backward`, its ``grad``: the adjoint
  :math:`\bar v = \partial \ell / \partial v`, an array of the *same shape*
  as ``value``.

Every operation has a vector-Jacobian product (VJP) rule that turns the
cotangent of its output into cotangents of its inputs, and a
Jacobian-vector product (JVP) rule used by the forward sweep
:func:`forward_tangents`. Rules with broadcasting sum the cotangent back to
the input's shape (:func:`unbroadcast`); ``tanh`` uses
:math:`\operatorname{sech}^2 z` evaluated from :math:`z`, not
:math:`1 - \tanh^2 z`, which cancels for large :math:`|z|`
(:func:`sech2`).

:func:`backward` visits the graph in reverse topological order and *adds*
every contribution to a parent's ``grad``, so a value used twice collects
both. :func:`no_grad` switches recording off, :func:`checkpoint` trades
memory for recomputation, and :func:`graph_memory` counts the bytes a graph
keeps for its backward pass. Nothing here prints or plots.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from execmath import special
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_axis,
    check_callable,
    check_finite_scalar,
)

__all__ = [
    "MemoryReport",
    "TapeEntry",
    "Var",
    "add",
    "backward",
    "checkpoint",
    "cross_entropy",
    "elementwise",
    "exp",
    "forward_tangents",
    "graph_memory",
    "is_grad_enabled",
    "log",
    "log_softmax",
    "matmul",
    "mean",
    "mul",
    "no_grad",
    "relu",
    "saturation_band",
    "sech2",
    "softmax",
    "sum",
    "tanh",
    "tanh_derivative_naive",
    "tape_entries",
    "topological_order",
    "unbroadcast",
]

# Recording switch (PyTorch's grad mode). A dict so that the context
# manager can flip it without a ``global`` statement.
_MODE = {"enabled": True}

# Largest argument of exp whose value is a finite float64.
_EXP_MAX = float(np.log(np.finfo(np.float64).max))


# --------------------------------------------------------------------------
# the node
# --------------------------------------------------------------------------
class Var:
    r"""A node of the graph: an array value and, after :func:`backward`,
    its gradient.

    Calling ``Var(value)`` makes a *leaf* (an input or a parameter);
    operations (:func:`matmul`, :func:`add`, :func:`tanh`, ... and the
    operators ``+``, ``-``, ``*``, ``@``) make the inner nodes.

    Parameters
    ----------
    value : array_like
        Finite real numbers, any shape (a 0-d array is a scalar).
    name : str, default ""
        A label for printing.
    requires_grad : bool, default True
        Whether :func:`backward` computes :math:`\partial\ell/\partial v`
        for this leaf. Data (inputs, labels) need not; parameters do.

    Attributes
    ----------
    value : numpy.ndarray
    grad : numpy.ndarray or None
        Same shape as ``value``; None until a backward pass reaches it.
    parents : tuple of Var
    op : str
        ``"leaf"`` for leaves, else the operation's name.
    saved : tuple of numpy.ndarray
        What the operation keeps for its VJP rule.

    Examples
    --------
    >>> W = Var([[1.0, 2.0], [3.0, 4.0]], name="W")
    >>> loss = sum(W * W)                       # sum of squares
    >>> _ = backward(loss)
    >>> W.grad.tolist()                         # 2 W
    [[2.0, 4.0], [6.0, 8.0]]
    """

    __slots__ = ("value", "grad", "parents", "op", "name", "requires_grad",
                 "saved", "meta")

    # NumPy defers to Var's reflected operators: ``X @ W`` with an array X
    # and a Var W records a matmul instead of building an object array.
    __array_ufunc__ = None

    def __init__(self, value: Any, name: str = "",
                 requires_grad: bool = True) -> None:
        # a copy: a later in-place change of the caller's array must not
        # alter what the graph recorded (PyTorch's version counters guard
        # against the same thing)
        self.value = np.array(as_float_array(value, "value"), copy=True)
        if not isinstance(name, str):
            raise InputTypeError(
                f"name must be a str, got {type(name).__name__}")
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise InputTypeError(
                f"requires_grad must be a bool, got "
                f"{type(requires_grad).__name__}")
        self.name = name
        self.requires_grad = bool(requires_grad)
        self.grad: np.ndarray | None = None
        self.parents: tuple[Var, ...] = ()
        self.op = "leaf"
        self.saved: tuple[np.ndarray, ...] = ()
        self.meta: dict[str, Any] = {}

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of ``value``."""
        return self.value.shape

    @property
    def is_leaf(self) -> bool:
        """True for inputs and parameters (nodes without parents)."""
        return not self.parents

    def __repr__(self) -> str:
        label = f"{self.name}, " if self.name else ""
        return f"Var({label}op={self.op}, shape={self.value.shape})"

    # operators: each records one node
    def __add__(self, other: Any) -> Var:
        return add(self, other)

    def __radd__(self, other: Any) -> Var:
        return add(other, self)

    def __sub__(self, other: Any) -> Var:
        return add(self, mul(other, -1.0))

    def __rsub__(self, other: Any) -> Var:
        return add(other, mul(self, -1.0))

    def __neg__(self) -> Var:
        return mul(self, -1.0)

    def __mul__(self, other: Any) -> Var:
        return mul(self, other)

    def __rmul__(self, other: Any) -> Var:
        return mul(other, self)

    def __matmul__(self, other: Any) -> Var:
        return matmul(self, other)

    def __rmatmul__(self, other: Any) -> Var:
        return matmul(other, self)


def _lift(x: Any, name: str) -> Var:
    """A Var as is; anything else becomes a constant leaf (no gradient)."""
    if isinstance(x, Var):
        return x
    if callable(x) or isinstance(x, Mapping):
        raise InputTypeError(
            f"{name} must be a Var or an array, got {type(x).__name__}")
    return Var(as_float_array(x, name), requires_grad=False)


def _check_range(value: np.ndarray, what: str) -> np.ndarray:
    """Refuse a result that left the float64 range (inf or NaN)."""
    if not np.all(np.isfinite(value)):
        raise ValueError(
            f"{what} is outside the float64 range (|x| > 1.8e308) for "
            "these inputs; rescale them"
        )
    return value


def _node(value: np.ndarray, parents: Sequence[Var], op: str,
          saved: tuple = (), **meta: Any) -> Var:
    """An inner node, or a constant when nothing upstream needs a gradient
    or recording is off (the graph is then not kept at all)."""
    out = Var.__new__(Var)
    out.value = value
    out.name = ""
    out.grad = None
    out.meta = {}
    if _MODE["enabled"] and any(p.requires_grad for p in parents):
        out.parents = tuple(parents)
        out.op = op
        out.saved = saved
        out.meta = meta
        out.requires_grad = True
    else:
        out.parents, out.op, out.saved = (), "leaf", ()
        out.requires_grad = False
    return out


# --------------------------------------------------------------------------
# grad mode
# --------------------------------------------------------------------------
@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Context manager: operations inside record nothing (PyTorch's
    ``torch.no_grad``). Results are constants without parents, and no array
    is saved for a backward pass.

    Examples
    --------
    >>> W = Var([1.0, 2.0])
    >>> with no_grad():
    ...     y = W * W
    >>> y.requires_grad, y.is_leaf
    (False, True)
    """
    previous = _MODE["enabled"]
    _MODE["enabled"] = False
    try:
        yield
    finally:
        _MODE["enabled"] = previous


@contextlib.contextmanager
def _enable_grad() -> Iterator[None]:
    previous = _MODE["enabled"]
    _MODE["enabled"] = True
    try:
        yield
    finally:
        _MODE["enabled"] = previous


def is_grad_enabled() -> bool:
    """Whether operations are being recorded (False inside :func:`no_grad`).

    Examples
    --------
    >>> is_grad_enabled()
    True
    """
    return _MODE["enabled"]


# --------------------------------------------------------------------------
# broadcasting in reverse
# --------------------------------------------------------------------------
def _unbroadcast(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    lead = g.ndim - len(shape)
    if lead:
        g = g.sum(axis=tuple(range(lead)))                  # drop new axes
    axes = tuple(i for i, s in enumerate(shape) if s == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)                 # stretched axes
    return g.reshape(shape)


def _check_shape(shape: Any, name: str) -> tuple[int, ...]:
    if not isinstance(shape, tuple) or not all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool)
            for s in shape):
        raise InputTypeError(
            f"{name} must be a tuple of ints, got {shape!r:.60}")
    if any(s < 0 for s in shape):
        raise ValueError(f"{name} must not have negative sizes, got {shape}")
    return tuple(int(s) for s in shape)


def unbroadcast(g: Any, shape: tuple[int, ...]) -> np.ndarray:
    r"""Sum a cotangent over the axes that broadcasting created.

    If :math:`b` of shape ``shape`` was broadcast to the shape of
    :math:`z = a + b`, every copy of :math:`b_j` receives the cotangent of
    its own output entry, and the chain rule adds them up:

    .. math::

        \bar b_j = \sum_{i \,:\, i \mapsto j} \bar z_i ,

    i.e. a sum over the leading axes that broadcasting prepended and over
    the axes where ``shape`` has size 1.

    Parameters
    ----------
    g : array_like
        Cotangent of the broadcast result.
    shape : tuple of int
        Shape of the operand before broadcasting; it must broadcast to
        ``g.shape``.

    Returns
    -------
    numpy.ndarray
        Array of shape ``shape``.

    Examples
    --------
    >>> g = np.ones((4, 3))                     # (B, m) cotangent
    >>> unbroadcast(g, (3,)).tolist()           # bias (m,): sum over B
    [4.0, 4.0, 4.0]
    >>> unbroadcast(g, (4, 1)).tolist()         # column (B, 1)
    [[3.0], [3.0], [3.0], [3.0]]
    """
    g = as_float_array(g, "g")
    shape = _check_shape(shape, "shape")
    try:
        ok = np.broadcast_shapes(shape, g.shape) == g.shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"shape {shape} must broadcast to g's shape {g.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        out = _unbroadcast(g, shape)
    return _check_range(out, "the sum of g over the broadcast axes")


# --------------------------------------------------------------------------
# binary operations
# --------------------------------------------------------------------------
def _binary_shape(a: Var, b: Var) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError as exc:
        raise ValueError(
            f"a of shape {a.shape} and b of shape {b.shape} do not "
            "broadcast together") from exc


def add(a: Any, b: Any) -> Var:
    r"""Sum with broadcasting, :math:`z = a + b`.

    VJP: :math:`\bar a = \operatorname{unbroadcast}(\bar z)`,
    :math:`\bar b = \operatorname{unbroadcast}(\bar z)` (a bias of shape
    ``(m,)`` added to a ``(B, m)`` batch collects the sum over the batch).

    Examples
    --------
    >>> Z = Var(np.zeros((4, 3)))               # (B, m)
    >>> b = Var([1.0, 2.0, 3.0])                # (m,)
    >>> _ = backward(sum(Z + b))
    >>> b.grad.tolist()
    [4.0, 4.0, 4.0]
    """
    a, b = _lift(a, "a"), _lift(b, "b")
    _binary_shape(a, b)
    with np.errstate(over="ignore", invalid="ignore"):
        value = a.value + b.value
    _check_range(value, "a + b")
    return _node(value, (a, b), "add", (), a_shape=a.shape, b_shape=b.shape)


def mul(a: Any, b: Any) -> Var:
    r"""Elementwise product with broadcasting, :math:`z = a \odot b`.

    VJP: :math:`\bar a = \operatorname{unbroadcast}(\bar z \odot b)`,
    :math:`\bar b = \operatorname{unbroadcast}(\bar z \odot a)`. Both
    factors are saved.

    Examples
    --------
    >>> x = Var([3.0])
    >>> _ = backward(sum(x * x))                # x used twice: 2x
    >>> x.grad.tolist()
    [6.0]
    """
    a, b = _lift(a, "a"), _lift(b, "b")
    _binary_shape(a, b)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        value = a.value * b.value
    _check_range(value, "a * b")
    return _node(value, (a, b), "mul", (a.value, b.value))


def matmul(a: Any, b: Any) -> Var:
    r"""Matrix product :math:`Z = A B` of 2-D arrays, ``(n, k) @ (k, m)``.

    VJP: :math:`\bar A = \bar Z B^\top` and :math:`\bar B = A^\top \bar Z`,
    the shapes ``(n, m)(m, k)`` and ``(k, n)(n, m)`` checking themselves.
    Both factors are saved.

    Examples
    --------
    >>> X = Var(np.ones((5, 2)), requires_grad=False)    # (B, n) data
    >>> W = Var(np.zeros((2, 3)))                        # (n, m)
    >>> _ = backward(sum(X @ W))
    >>> W.grad.tolist()                                  # X^T 1: column sums
    [[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]
    """
    a, b = _lift(a, "a"), _lift(b, "b")
    if a.value.ndim != 2 or b.value.ndim != 2:
        raise ValueError(
            f"a and b must be 2-D, got shapes {a.shape} and {b.shape}")
    if a.shape[1] != b.shape[0]:
        raise ValueError(
            f"a {a.shape} and b {b.shape} do not chain: a has "
            f"{a.shape[1]} columns, b has {b.shape[0]} rows")
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        value = a.value @ b.value                             # (n, m)
    _check_range(value, "a @ b")
    return _node(value, (a, b), "matmul", (a.value, b.value))


# --------------------------------------------------------------------------
# elementwise functions
# --------------------------------------------------------------------------
def _sech2(z: np.ndarray) -> np.ndarray:
    with np.errstate(under="ignore", over="ignore"):   # -2|z| = -inf: e = 0
        e = np.exp(-2.0 * np.abs(z))                        # in (0, 1]
        return 4.0 * e / (1.0 + e) ** 2


def sech2(z: Any) -> np.ndarray:
    r"""Derivative of tanh, :math:`\operatorname{sech}^2 z`, without
    cancellation.

    .. math::

        \tanh'(z) = \operatorname{sech}^2 z
        = \frac{4\, e^{-2|z|}}{\big(1 + e^{-2|z|}\big)^2}

    The formula evaluates one exponential of a non-positive number and
    combines positive terms only, so it keeps full relative accuracy for
    every :math:`z` (it underflows to 0 only beyond :math:`|z| \approx
    373`). The textbook :math:`1 - \tanh^2 z` subtracts two numbers that
    agree in more and more digits as :math:`|z|` grows and is exactly 0
    for :math:`|z| > 19.1`.

    Parameters
    ----------
    z : array_like
        Finite real numbers.

    Returns
    -------
    numpy.ndarray
        Values in :math:`[0, 1]`, shape of ``z``.

    Examples
    --------
    >>> sech2([0.0]).tolist()
    [1.0]
    >>> print(f"{float(sech2(20.0)):.4e}")     # 1 - tanh(20)**2 gives 0.0
    1.6993e-17
    """
    return _sech2(as_float_array(z, "z"))


def tanh_derivative_naive(z: Any) -> np.ndarray:
    r"""The textbook :math:`1 - \tanh^2 z`, for comparison with
    :func:`sech2`.

    Once :math:`\tanh z` is rounded to a float :math:`t` with relative
    error :math:`\delta`, the difference :math:`1 - t^2` carries the
    absolute error :math:`2|\delta| \tanh^2 z`, i.e. a relative error of
    about :math:`2u \sinh^2 z`: it grows like :math:`e^{2|z|}` and reaches
    100 % (the value 0) once :math:`t` rounds to :math:`\pm 1` near
    :math:`|z| = 19.1`. PyTorch's tanh backward computes this form from
    the saved output.

    Examples
    --------
    >>> tanh_derivative_naive([0.0, 20.0]).tolist()
    [1.0, 0.0]
    """
    t = np.tanh(as_float_array(z, "z"))
    return 1.0 - t * t


def saturation_band(threshold: float) -> float:
    r"""Half-width :math:`z^*` of the band where :math:`\tanh' \ge`
    ``threshold``.

    .. math::

        \operatorname{sech}^2 z \ge \tau \iff |z| \le z^* =
        \operatorname{arccosh}\big(1/\sqrt{\tau}\big)

    Outside the band a tanh unit passes less than the fraction
    :math:`\tau` of the gradient it receives.

    Parameters
    ----------
    threshold : float
        :math:`\tau` in :math:`(0, 1]`.

    Examples
    --------
    >>> round(saturation_band(0.01), 4)
    2.9932
    """
    tau = check_finite_scalar(threshold, "threshold", positive=True)
    if tau > 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    return float(np.arccosh(1.0 / np.sqrt(tau)))


def tanh(a: Any) -> Var:
    r"""Hyperbolic tangent. Saves the input :math:`z`; VJP
    :math:`\bar z = \bar y \odot \operatorname{sech}^2 z` (:func:`sech2`).

    Examples
    --------
    >>> z = Var([0.0, 20.0])
    >>> _ = backward(sum(tanh(z)))
    >>> bool(z.grad[1] > 0)                      # tiny, but not zero
    True
    """
    a = _lift(a, "a")
    return _node(np.tanh(a.value), (a,), "tanh", (a.value,))


def relu(a: Any) -> Var:
    r"""Rectified linear unit :math:`\max(z, 0)`. Saves the boolean mask
    :math:`[z > 0]` (one byte per entry); VJP
    :math:`\bar z = \bar y \odot [z > 0]`.

    Examples
    --------
    >>> z = Var([-1.0, 2.0])
    >>> _ = backward(sum(relu(z)))
    >>> z.grad.tolist()
    [0.0, 1.0]
    """
    a = _lift(a, "a")
    mask = a.value > 0                                      # (…,) bool
    return _node(np.where(mask, a.value, 0.0), (a,), "relu", (mask,))


def exp(a: Any) -> Var:
    r"""Exponential. Saves the output :math:`y = e^z`; VJP
    :math:`\bar z = \bar y \odot y`.

    Raises
    ------
    ValueError
        If some entry of ``a`` exceeds 709.78, where :math:`e^z` overflows.

    Examples
    --------
    >>> z = Var([0.0, 1.0])
    >>> _ = backward(sum(exp(z)))
    >>> np.allclose(z.grad, np.exp([0.0, 1.0]))
    True
    """
    a = _lift(a, "a")
    with np.errstate(under="ignore", over="ignore"):
        y = np.exp(a.value)
    if not np.all(np.isfinite(y)):
        raise ValueError(
            f"a must be <= {_EXP_MAX:.2f} for exp to stay finite, got max "
            f"{a.value.max()!r}")
    return _node(y, (a,), "exp", (y,))


def log(a: Any) -> Var:
    r"""Natural logarithm of positive entries. Saves :math:`z`; VJP
    :math:`\bar z = \bar y / z`.

    Raises
    ------
    ValueError
        If some entry of ``a`` is :math:`\le 0`, or so small that
        :math:`1/z` overflows.

    Examples
    --------
    >>> z = Var([1.0, 4.0])
    >>> _ = backward(sum(log(z)))
    >>> z.grad.tolist()
    [1.0, 0.25]
    """
    a = _lift(a, "a")
    if np.any(a.value <= 0):
        raise ValueError(
            f"a must be > 0 for log, got min {a.value.min()!r}")
    if np.any(a.value < 1.0 / np.finfo(np.float64).max):
        raise ValueError(
            f"a must be >= 5.6e-309 (1/a overflows below), got min "
            f"{a.value.min()!r}")
    return _node(np.log(a.value), (a,), "log", (a.value,))


def elementwise(a: Any, fn: Callable[[np.ndarray], Any],
                dfn: Callable[[np.ndarray], Any], name: str = "f") -> Var:
    r"""A user-defined elementwise primitive :math:`y = f(z)` with its local
    derivative :math:`f'`.

    The engine needs nothing else to differentiate through it: the VJP is
    :math:`\bar z = \bar y \odot f'(z)`. A wrong ``dfn`` is exactly the bug
    a gradient check must catch (:mod:`execmath.gradcheck`).

    Parameters
    ----------
    a : Var or array_like
    fn, dfn : callable
        Map a float array to a float array of the same shape (finite).
    name : str, default "f"
        The op name shown by :func:`tape_entries`.

    Examples
    --------
    >>> z = Var([0.5])
    >>> y = elementwise(z, np.sin, np.cos, "sin")
    >>> _ = backward(sum(y))
    >>> np.allclose(z.grad, np.cos(0.5))
    True
    """
    a = _lift(a, "a")
    check_callable(fn, "fn")
    check_callable(dfn, "dfn")
    if not isinstance(name, str):
        raise InputTypeError(f"name must be a str, got {type(name).__name__}")
    value = _user_array(fn(a.value.copy()), a.shape, "fn")
    return _node(value, (a,), name, (a.value,), dfn=dfn, custom=True)


def _user_array(out: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """The output of a user callable: finite float array of ``shape``."""
    try:
        arr = as_float_array(out, f"{name}'s output")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must return finite real numbers: {exc}"
                         ) from exc
    if arr.shape != shape:
        raise ValueError(
            f"{name} must return an array of shape {shape}, got {arr.shape}")
    return arr


# --------------------------------------------------------------------------
# reductions, softmax and the loss
# --------------------------------------------------------------------------
def _check_reduce_axis(axis: Any, a: Var) -> int | None:
    if axis is None:
        return None
    if a.value.ndim == 0:
        raise ValueError("axis must be None for a 0-d a")
    return check_axis(axis, a.value.ndim, "axis", "a")


def _check_flag(flag: Any, name: str) -> bool:
    if not isinstance(flag, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be a bool, got {flag!r:.40}")
    return bool(flag)


def sum(a: Any, axis: int | None = None, keepdims: bool = False) -> Var:  # noqa: A001
    r"""Sum over ``axis`` (all entries when None).

    VJP: every summed entry receives the cotangent of its sum,
    :math:`\bar a = \operatorname{broadcast}(\bar s)`.

    Examples
    --------
    >>> x = Var(np.arange(6.0).reshape(2, 3))
    >>> s = sum(x, axis=0)                      # (3,)
    >>> s.value.tolist()
    [3.0, 5.0, 7.0]
    """
    a = _lift(a, "a")
    axis = _check_reduce_axis(axis, a)
    keepdims = _check_flag(keepdims, "keepdims")
    with np.errstate(over="ignore", invalid="ignore"):
        value = np.asarray(np.sum(a.value, axis=axis, keepdims=keepdims))
    _check_range(value, "sum(a)")
    return _node(value, (a,), "sum", (), axis=axis, keepdims=keepdims,
                 a_shape=a.shape)


def mean(a: Any, axis: int | None = None, keepdims: bool = False) -> Var:
    r"""Mean over ``axis`` (all entries when None): :func:`sum` divided by
    the number of entries summed; VJP :math:`\bar a = \bar m / n`.

    Examples
    --------
    >>> x = Var([1.0, 2.0, 3.0, 6.0])
    >>> _ = backward(mean(x))
    >>> x.grad.tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    a = _lift(a, "a")
    axis = _check_reduce_axis(axis, a)
    keepdims = _check_flag(keepdims, "keepdims")
    count = a.value.size if axis is None else a.shape[axis]
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        value = np.asarray(np.mean(a.value, axis=axis, keepdims=keepdims))
        if not np.all(np.isfinite(value)):
            # the sum overflowed: average the scaled values instead
            value = np.asarray(np.sum(a.value / count, axis=axis,
                                      keepdims=keepdims))
    _check_range(value, "mean(a)")
    return _node(value, (a,), "mean", (), axis=axis, keepdims=keepdims,
                 a_shape=a.shape, count=count)


def _log_softmax(z: np.ndarray, axis: int, name: str) -> np.ndarray:
    """special.log_softmax with the message naming our argument."""
    try:
        return special.log_softmax(z, axis=axis)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc


def _check_class_axis(a: Var, axis: Any) -> int:
    if a.value.ndim == 0:
        raise ValueError(f"a must be at least 1-D, got shape {a.shape}")
    return check_axis(axis, a.value.ndim, "axis", "a")


def softmax(a: Any, axis: int = -1) -> Var:
    r"""Softmax along ``axis``, computed with the max-shift.

    Saves :math:`s`; VJP
    :math:`\bar z = s \odot \big(\bar s - \langle \bar s, s\rangle\big)`,
    the inner product taken along ``axis``.

    Examples
    --------
    >>> z = Var([[1000.0, 1000.0]])
    >>> softmax(z).value.tolist()                # no overflow
    [[0.5, 0.5]]
    """
    a = _lift(a, "a")
    axis = _check_class_axis(a, axis)
    with np.errstate(under="ignore"):
        s = np.exp(_log_softmax(a.value, axis, "a"))
    return _node(s, (a,), "softmax", (s,), axis=axis)


def log_softmax(a: Any, axis: int = -1) -> Var:
    r"""Log-softmax :math:`z - \operatorname{LSE}(z)` along ``axis``
    (:func:`execmath.special.log_softmax`).

    Saves the output :math:`\ell`; VJP
    :math:`\bar z = \bar\ell - e^{\ell} \sum \bar\ell` (the sum along
    ``axis``): no logarithm of a probability that may have underflowed.

    Examples
    --------
    >>> z = Var([[0.0, -1000.0]])
    >>> log_softmax(z).value.tolist()           # log(softmax) gives -inf
    [[0.0, -1000.0]]
    """
    a = _lift(a, "a")
    axis = _check_class_axis(a, axis)
    ls = _log_softmax(a.value, axis, "a")
    return _node(ls, (a,), "log_softmax", (ls,), axis=axis)


def _check_labels(labels: Any, n: int, k: int) -> np.ndarray:
    if labels is None or isinstance(labels, (str, bytes, Var)) or callable(
            labels):
        raise InputTypeError(
            f"labels must be an integer array, got {type(labels).__name__}")
    try:
        lab = np.asarray(labels)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"labels must be a 1-D integer array, got {labels!r:.60}"
        ) from exc
    if lab.dtype.kind not in "iu":
        raise InputTypeError(
            f"labels must be integers, got dtype {lab.dtype}")
    if lab.shape != (n,):
        raise ValueError(
            f"labels must have shape ({n},), one per row of logits, got "
            f"{lab.shape}")
    if np.any(lab < 0) or np.any(lab >= k):
        raise ValueError(
            f"labels must lie in 0..{k - 1} (the columns of logits), got "
            f"values from {lab.min()} to {lab.max()}")
    return lab.astype(np.int64)


def cross_entropy(logits: Any, labels: Any) -> Var:
    r"""Mean cross-entropy of integer labels from logits, a scalar.

    .. math::

        \ell = \frac{1}{B}\sum_{i=1}^{B}
        \big(\operatorname{LSE}(z_i) - z_{i, y_i}\big),
        \qquad
        \frac{\partial \ell}{\partial z} = \frac{1}{B}
        \big(\operatorname{softmax}(z) - Y\big),

    with :math:`Y` the one-hot labels. The value comes from
    :func:`execmath.special.cross_entropy_with_logits` (no overflow for
    any finite logits); the saved array is :math:`\operatorname{softmax}(z)`.

    Parameters
    ----------
    logits : Var or array_like, shape (B, K)
    labels : array_like of int, shape (B,)

    Examples
    --------
    >>> z = Var([[2.0, 0.0], [0.0, 0.0]])
    >>> loss = cross_entropy(z, [0, 1])
    >>> round(float(loss.value), 6)
    0.410038
    >>> _ = backward(loss)
    >>> np.allclose(z.grad.sum(axis=1), 0.0)    # rows of p - Y sum to 0
    True
    """
    z = _lift(logits, "logits")
    if z.value.ndim != 2:
        raise ValueError(f"logits must be 2-D (B, K), got shape {z.shape}")
    n, k = z.shape
    lab = _check_labels(labels, n, k)
    try:
        losses = special.cross_entropy_with_logits(z.value, lab)   # (B,)
    except ValueError as exc:
        raise ValueError(f"logits: {exc}") from exc
    with np.errstate(over="ignore"):
        value = np.asarray(np.mean(losses))
    _check_range(value, "cross_entropy(logits)")
    with np.errstate(under="ignore"):
        p = np.exp(_log_softmax(z.value, 1, "logits"))           # (B, K)
    return _node(value, (z,), "cross_entropy", (p, lab))


# --------------------------------------------------------------------------
# checkpointing
# --------------------------------------------------------------------------
def checkpoint(fn: Callable[..., Var], *args: Var) -> Var:
    r"""Run ``fn(*args)`` without keeping its inner graph; recompute it in
    the backward pass.

    The result is one node whose parents are ``args`` and whose saved
    arrays are the values of ``args``: the activations *inside* ``fn``
    are not kept. Its VJP re-runs ``fn`` on fresh leaves with recording
    on, back-propagates the cotangent through that temporary graph and
    discards it, so memory falls to the segment boundaries at the price of
    a second forward pass through the segment. Afterwards
    ``node.meta["recompute_bytes"]`` holds the bytes the temporary graph
    saved and ``node.meta["recompute_nodes"]`` its number of operations.

    Parameters
    ----------
    fn : callable
        Takes ``len(args)`` Vars and returns a Var; it must be a pure
        function of them (parameters it uses are passed in ``args``).
    *args : Var
        Inputs and parameters of the segment.

    Examples
    --------
    >>> W = Var(np.full((2, 2), 0.5))
    >>> x = Var(np.ones((1, 2)), requires_grad=False)
    >>> y = checkpoint(lambda h, w: tanh(h @ w) @ w, x, W)
    >>> _ = backward(sum(y))
    >>> y2 = tanh(x @ W) @ W                   # same, with its graph kept
    >>> W2 = W.grad.copy()
    >>> _ = backward(sum(y2))
    >>> np.allclose(W.grad, W2)
    True
    """
    check_callable(fn, "fn")
    if not args:
        raise ValueError("args must hold at least one Var")
    for i, v in enumerate(args):
        if not isinstance(v, Var):
            raise InputTypeError(
                f"args[{i}] must be a Var, got {type(v).__name__}")
    with no_grad():
        out = fn(*args)
    if not isinstance(out, Var):
        raise InputTypeError(
            f"fn must return a Var, got {type(out).__name__}")
    return _node(out.value, args, "checkpoint",
                 tuple(v.value for v in args), fn=fn)


def _replay(node: Var) -> tuple[list[Var], Var]:
    """Fresh leaves for a checkpoint node's inputs and fn's graph on them."""
    fresh = [Var(v, requires_grad=p.requires_grad)
             for v, p in zip(node.saved, node.parents)]
    with _enable_grad():
        out = node.meta["fn"](*fresh)
    return fresh, out


# --------------------------------------------------------------------------
# the rules
# --------------------------------------------------------------------------
def _expand(g: np.ndarray, node: Var) -> np.ndarray:
    """Cotangent of a reduction, broadcast back to the input's shape."""
    axis, shape = node.meta["axis"], node.meta["a_shape"]
    if axis is not None and not node.meta["keepdims"]:
        g = np.expand_dims(g, axis)
    return np.broadcast_to(g, shape)


def _vjp(node: Var, g: np.ndarray) -> tuple[np.ndarray, ...]:
    """Cotangents of the parents of ``node`` given its cotangent ``g``."""
    op, s = node.op, node.saved
    if op == "add":
        return (_unbroadcast(g, node.meta["a_shape"]),
                _unbroadcast(g, node.meta["b_shape"]))
    if op == "mul":
        a, b = s
        return (_unbroadcast(g * b, a.shape), _unbroadcast(g * a, b.shape))
    if op == "matmul":
        a, b = s                                   # (n, k), (k, m)
        return (g @ b.T, a.T @ g)                  # (n, k), (k, m)
    if op == "tanh":
        return (g * _sech2(s[0]),)
    if op == "relu":
        return (g * s[0],)
    if op == "exp":
        return (g * s[0],)
    if op == "log":
        return (g / s[0],)
    if op == "sum":
        return (_expand(g, node),)
    if op == "mean":
        return (_expand(g, node) / node.meta["count"],)
    if op == "softmax":
        sm, ax = s[0], node.meta["axis"]
        return (sm * (g - np.sum(g * sm, axis=ax, keepdims=True)),)
    if op == "log_softmax":
        ls, ax = s[0], node.meta["axis"]
        return (g - np.exp(ls) * np.sum(g, axis=ax, keepdims=True),)
    if op == "cross_entropy":
        p, lab = s                                 # (B, K), (B,)
        dz = p.copy()
        dz[np.arange(lab.size), lab] -= 1.0
        return (g * dz / lab.size,)
    if op == "checkpoint":
        fresh, out = _replay(node)
        backward(out, g)
        rep = graph_memory(out)
        node.meta["recompute_bytes"] = rep.activation_bytes
        node.meta["recompute_ops"] = rep.n_ops
        return tuple(f.grad if f.grad is not None else np.zeros(f.shape)
                     for f in fresh)
    if node.meta.get("custom"):
        d = _user_array(node.meta["dfn"](s[0].copy()), s[0].shape, "dfn")
        return (g * d,)
    raise ValueError(f"node has an unknown op {op!r}")     # pragma: no cover


def _jvp(node: Var, tangents: Sequence[np.ndarray | None]) -> np.ndarray:
    """Tangent of ``node`` from its parents' tangents (None means zero,
    and a zero term is skipped rather than multiplied out)."""
    op, s = node.op, node.saved
    t = list(tangents)
    if op in ("add", "mul", "matmul"):
        a, b = (s if op != "add" else (None, None))
        terms = []
        if t[0] is not None:
            terms.append(t[0] if op == "add" else
                         t[0] * b if op == "mul" else t[0] @ b)
        if t[1] is not None:
            terms.append(t[1] if op == "add" else
                         a * t[1] if op == "mul" else a @ t[1])
        total = terms[0] if len(terms) == 1 else terms[0] + terms[1]
        return np.broadcast_to(total, node.shape)
    t = [np.zeros(p.shape) if tt is None else tt
         for p, tt in zip(node.parents, t)]
    if op == "tanh":
        return _sech2(s[0]) * t[0]
    if op in ("relu", "exp"):
        return s[0] * t[0]
    if op == "log":
        return t[0] / s[0]
    if op in ("sum", "mean"):
        out = np.sum(t[0], axis=node.meta["axis"],
                     keepdims=node.meta["keepdims"])
        return out / node.meta["count"] if op == "mean" else out
    if op == "softmax":
        sm, ax = s[0], node.meta["axis"]
        return sm * (t[0] - np.sum(sm * t[0], axis=ax, keepdims=True))
    if op == "log_softmax":
        ls, ax = s[0], node.meta["axis"]
        return t[0] - np.sum(np.exp(ls) * t[0], axis=ax, keepdims=True)
    if op == "cross_entropy":
        p, lab = s
        picked = t[0][np.arange(lab.size), lab]
        return np.asarray(np.mean(np.sum(p * t[0], axis=1) - picked))
    if op == "checkpoint":
        fresh, out = _replay(node)
        return forward_tangents(out, dict(zip(fresh, t)))
    if node.meta.get("custom"):
        d = _user_array(node.meta["dfn"](s[0].copy()), s[0].shape, "dfn")
        return d * t[0]
    raise ValueError(f"node has an unknown op {op!r}")     # pragma: no cover


# --------------------------------------------------------------------------
# the two sweeps
# --------------------------------------------------------------------------
def _check_var(v: Any, name: str) -> Var:
    if not isinstance(v, Var):
        raise InputTypeError(f"{name} must be a Var, got {type(v).__name__}")
    return v


def topological_order(out: Var) -> list[Var]:
    """Every node ``out`` depends on, each after all of its parents.

    An iterative depth-first search (no recursion limit for deep
    networks): the list starts with leaves and ends with ``out``.

    Examples
    --------
    >>> x = Var([1.0])
    >>> [v.op for v in topological_order(tanh(x) * x)]
    ['leaf', 'tanh', 'mul']
    """
    _check_var(out, "out")
    order: list[Var] = []
    seen: set[int] = set()
    stack: list[tuple[Var, bool]] = [(out, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:                    # every parent is already in order
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in reversed(node.parents)
                     if id(p) not in seen)
    return order


def backward(out: Var, grad: Any = None) -> list[Var]:
    r"""Reverse sweep: set ``v.grad`` to :math:`\bar v` for every node.

    Seeds :math:`\bar{\text{out}} = 1` (``out`` must then have one entry)
    or the given cotangent, and visits the nodes in reverse topological
    order, adding each node's VJP contributions to its parents:

    .. math::

        \bar v_j \mathrel{+}= \operatorname{VJP}_{k \to j}(\bar v_k)
        \quad\text{for every edge } j \to k .

    A node read by several others (a reused weight, a residual branch)
    collects the sum of their contributions. Unlike PyTorch, gradients are
    reset at the start of every call (no accumulation across calls) and
    inner nodes keep theirs.

    Parameters
    ----------
    out : Var
    grad : array_like, optional
        Cotangent of ``out`` (its shape); required unless ``out`` has one
        entry.

    Returns
    -------
    list of Var
        The topological order used (leaves first, ``out`` last).

    Raises
    ------
    ValueError
        If a gradient leaves the float64 range.

    Examples
    --------
    >>> w = Var([2.0])
    >>> h = w * w                               # h = w^2, used twice below
    >>> _ = backward(sum(h * h + h))            # d/dw (w^4 + w^2) = 4w^3 + 2w
    >>> w.grad.tolist()
    [36.0]
    """
    out = _check_var(out, "out")
    if grad is None:
        if out.value.size != 1:
            raise ValueError(
                f"grad must be given for out of shape {out.shape} (an "
                "implicit seed exists only for one-entry outputs)")
        seed = np.ones(out.shape)
    else:
        seed = as_float_array(grad, "grad")
        if seed.shape != out.shape:
            raise ValueError(
                f"grad must have out's shape {out.shape}, got {seed.shape}")
    order = topological_order(out)
    for node in order:
        node.grad = None
    out.grad = np.array(seed, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for node in reversed(order):
            if node.grad is None or not node.parents:
                continue
            for parent, contrib in zip(node.parents, _vjp(node, node.grad)):
                if not parent.requires_grad:
                    continue
                if parent.grad is None:
                    parent.grad = np.array(contrib, dtype=np.float64)
                else:
                    parent.grad = parent.grad + contrib   # fan-out: add
    for node in order:
        if node.requires_grad and node.grad is None:
            node.grad = np.zeros(node.shape)
        if node.grad is not None and not np.all(np.isfinite(node.grad)):
            raise ValueError(
                f"backward gave a non-finite gradient at a {node.op} node of "
                f"shape {node.shape}: out's graph holds values outside the "
                "range where its derivatives are representable")
    return order


def forward_tangents(out: Var, seeds: Mapping[Var, Any]) -> np.ndarray:
    r"""Forward sweep over the recorded graph: the tangent of ``out``.

    Leaves get the tangents in ``seeds`` (zero when absent); every other
    node, in topological order, applies its JVP rule to its parents'
    tangents. One sweep costs about one forward evaluation and yields one
    directional derivative :math:`\dot{\text{out}} = J\,\dot x`; a full
    gradient of a scalar with respect to :math:`d` inputs needs :math:`d`
    sweeps.

    Parameters
    ----------
    out : Var
    seeds : mapping from leaf Var to array_like
        Tangent of each seeded leaf, in its shape.

    Returns
    -------
    numpy.ndarray
        The tangent of ``out``, shape of ``out``.

    Examples
    --------
    >>> x = Var([1.0, 2.0])
    >>> y = sum(x * x)
    >>> forward_tangents(y, {x: [1.0, 0.0]}).tolist()   # dy/dx_1 = 2 x_1
    2.0
    """
    out = _check_var(out, "out")
    if not isinstance(seeds, Mapping):
        raise InputTypeError(
            f"seeds must be a mapping from Var to array, got "
            f"{type(seeds).__name__}")
    order = topological_order(out)
    ids = {id(v) for v in order}
    tangent: dict[int, np.ndarray | None] = {}
    for key, val in seeds.items():
        if not isinstance(key, Var):
            raise InputTypeError(
                f"seeds keys must be Vars, got {type(key).__name__}")
        if id(key) not in ids:
            raise ValueError("seeds has a key that out does not depend on")
        arr = as_float_array(val, "seeds value")
        if arr.shape != key.shape:
            raise ValueError(
                f"seeds value must have its key's shape {key.shape}, got "
                f"{arr.shape}")
        tangent[id(key)] = arr
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for node in order:
            if not node.parents:
                tangent.setdefault(id(node), None)
                continue
            ts = [tangent[id(p)] for p in node.parents]
            tangent[id(node)] = (None if all(t is None for t in ts)
                                 else np.asarray(_jvp(node, ts)))
    res = tangent[id(out)]
    res = np.zeros(out.shape) if res is None else np.array(res)
    return _check_range(res, "the tangent of out")


# --------------------------------------------------------------------------
# inspecting a graph
# --------------------------------------------------------------------------
class TapeEntry(NamedTuple):
    """One recorded operation, for printing the tape.

    ``parents`` are indices into the list :func:`tape_entries` returns.
    """

    index: int
    op: str
    shape: tuple[int, ...]
    parents: tuple[int, ...]
    saved_bytes: int


def tape_entries(out: Var) -> list[TapeEntry]:
    """The graph of ``out`` as a list in topological order (the tape).

    Examples
    --------
    >>> x = Var(np.ones((3, 2)), requires_grad=False)
    >>> W = Var(np.ones((2, 4)))
    >>> [(e.op, e.shape) for e in tape_entries(sum(tanh(x @ W)))]
    [('leaf', (3, 2)), ('leaf', (2, 4)), ('matmul', (3, 4)), ('tanh', (3, 4)), ('sum', ())]
    """
    order = topological_order(out)
    index = {id(v): i for i, v in enumerate(order)}
    return [TapeEntry(i, v.op, v.shape,
                      tuple(index[id(p)] for p in v.parents),
                      int(np.sum([a.nbytes for a in v.saved], dtype=np.int64)))
            for i, v in enumerate(order)]


class MemoryReport(NamedTuple):
    r"""Bytes a graph keeps alive for its backward pass.

    Attributes
    ----------
    saved_bytes : int
        Distinct arrays saved by the operations (each counted once).
    activation_bytes : int
        The part that is not the value of a leaf: intermediate results
        (activations, masks, softmax outputs) that exist only because a
        backward pass will need them.
    n_ops : int
        Number of recorded operations.
    """

    saved_bytes: int
    activation_bytes: int
    n_ops: int


def graph_memory(out: Var) -> MemoryReport:
    """Count the bytes ``out``'s graph saved for :func:`backward`.

    Examples
    --------
    >>> x = Var(np.ones((10, 4)), requires_grad=False)    # (B, n) data
    >>> W = Var(np.ones((4, 4)))
    >>> rep = graph_memory(sum(tanh(x @ W)))
    >>> rep.activation_bytes          # the (10, 4) pre-activation of tanh
    320
    """
    order = topological_order(out)
    leaf_ids = {id(v.value) for v in order if not v.parents}
    seen: dict[int, int] = {}
    for v in order:
        for arr in v.saved:
            seen[id(arr)] = int(arr.nbytes)
    total = int(np.sum(list(seen.values()), dtype=np.int64))
    act = int(np.sum([b for i, b in seen.items() if i not in leaf_ids],
                     dtype=np.int64))
    return MemoryReport(total, act, int(np.sum(
        [1 for v in order if v.parents], dtype=np.int64)))
