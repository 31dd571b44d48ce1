r"""A tiny scalar computational graph with forward and reverse sweeps.

Every intermediate number of a computation becomes a :class:`Node` that
remembers its value, the nodes it was computed from (its *parents*) and the
*local* partial derivatives of its value with respect to each parent. The
chain rule then needs only two loops over the graph in topological order:

* the **forward sweep** (:func:`forward_tangents`) pushes a tangent
  :math:`\dot v` from the inputs to the output,
  :math:`\dot v_k = \sum_{j \to k} \frac{\partial v_k}{\partial v_j}
  \dot v_j`;
* the **reverse sweep** (:func:`backward`) pulls an adjoint
  :math:`\bar v` from the output back to the inputs,
  :math:`\bar v_j = \sum_{k \leftarrow j} \bar v_k
  \frac{\partial v_k}{\partial v_j}`.

The design follows Karpathy's micrograd: small and readable rather than
fast. :func:`describe_graph` turns a graph into a plain record (names,
values, adjoints, edges, levels) for plotting and printing. Nothing here
prints or plots.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_callable,
    check_finite_scalar,
)

__all__ = [
    "GraphSummary",
    "Node",
    "backward",
    "cos",
    "describe_graph",
    "exp",
    "forward_tangents",
    "gradient",
    "jvp",
    "log",
    "sin",
    "tanh",
    "tanh_sin_graph",
    "topological_order",
    "variable",
]


class Node:
    r"""One scalar of a computational graph.

    Attributes
    ----------
    value : float
        The number computed in the forward evaluation.
    parents : tuple of Node
        The nodes this value was computed from (empty for inputs).
    local_grads : tuple of float
        :math:`\partial\,\text{value} / \partial\,\text{parent}`, one per
        parent, evaluated at the parents' values.
    op : str
        The operation that made the node: ``"input"``, ``"const"``,
        ``"add"``, ``"mul"``, ``"sin"``, ...
    name : str
        A label for printing and plotting (LaTeX allowed, without ``$``).
    grad : float
        The adjoint :math:`\bar v = \partial\,\text{output} / \partial v`
        after :func:`backward`.
    tangent : float
        The tangent :math:`\dot v` after :func:`forward_tangents`.
    """

    __slots__ = ("value", "parents", "local_grads", "op", "name",
                 "grad", "tangent")

    def __init__(self, value: float, parents: Sequence[Node] = (),
                 local_grads: Sequence[float] = (), op: str = "input",
                 name: str = "") -> None:
        if parents and _is_real(value) and not math.isfinite(float(value)):
            # an operation on finite numbers gave inf or NaN: say which
            raise ValueError(
                f"the result of {op} is not finite (got {value!r}): its "
                "inputs are outside the range where it fits float64")
        self.value = check_finite_scalar(value, "value")
        self.parents = _as_tuple(parents, "parents")
        self.local_grads = tuple(
            check_finite_scalar(g, "local_grads")
            for g in _as_tuple(local_grads, "local_grads"))
        if len(self.parents) != len(self.local_grads):
            raise ValueError(
                f"local_grads must have one entry per parent: "
                f"{len(self.local_grads)} for {len(self.parents)} parents"
            )
        for p in self.parents:
            if not isinstance(p, Node):
                raise ValueError(
                    f"parents must be Nodes, got {type(p).__name__}"
                )
        if not isinstance(op, str) or not isinstance(name, str):
            raise InputTypeError(
                f"op and name must be strings, got {type(op).__name__} and "
                f"{type(name).__name__}")
        self.op = op
        self.name = name
        self.grad = 0.0
        self.tangent = 0.0

    def __repr__(self) -> str:
        label = f"{self.name}, " if self.name else ""
        return (f"Node({label}op={self.op}, value={self.value:.6g}, "
                f"grad={self.grad:.6g})")

    # -- arithmetic: each operation records its local derivatives ---------
    def __add__(self, other: Any) -> Node:
        other = _lift(other)
        return Node(self.value + other.value, (self, other), (1.0, 1.0),
                    "add")

    def __radd__(self, other: Any) -> Node:
        return _lift(other) + self

    def __neg__(self) -> Node:
        return Node(-self.value, (self,), (-1.0,), "neg")

    def __sub__(self, other: Any) -> Node:
        other = _lift(other)
        return Node(self.value - other.value, (self, other), (1.0, -1.0),
                    "sub")

    def __rsub__(self, other: Any) -> Node:
        return _lift(other) - self

    def __mul__(self, other: Any) -> Node:
        other = _lift(other)
        # d(ab)/da = b, d(ab)/db = a
        return Node(self.value * other.value, (self, other),
                    (other.value, self.value), "mul")

    def __rmul__(self, other: Any) -> Node:
        return _lift(other) * self

    def __truediv__(self, other: Any) -> Node:
        other = _lift(other)
        if other.value == 0.0:
            raise ValueError("other must be nonzero to divide by it, got 0")
        q = self.value / other.value
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        return Node(q, (self, other), (1.0 / other.value, -q / other.value),
                    "div")

    def __rtruediv__(self, other: Any) -> Node:
        return _lift(other) / self

    def __pow__(self, power: float) -> Node:
        p = check_finite_scalar(power, "power")
        if self.value == 0.0 and p < 1.0 and p != 0.0:
            raise ValueError(
                f"power must be 0 or >= 1 at base 0 (the derivative is "
                f"infinite), got {power!r}"
            )
        if self.value < 0.0 and not float(p).is_integer():
            raise ValueError(
                f"power must be an integer for a base <= 0, got {power!r} "
                f"for base {self.value!r}"
            )
        return Node(self.value ** p, (self,),
                    (p * self.value ** (p - 1.0) if p != 0 else 0.0,),
                    f"pow{p:g}")


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and \
        not isinstance(value, (bool, np.bool_))


def _as_tuple(items: Any, name: str) -> tuple:
    """A tuple of ``items``; anything that is not a sequence names itself."""
    if items is None or isinstance(items, (str, bytes)) or not hasattr(
            items, "__iter__"):
        raise InputTypeError(
            f"{name} must be a sequence, got {type(items).__name__}")
    return tuple(items)


def _lift(x: Any, name: str = "other") -> Node:
    """Wrap a plain number as a constant node; ``name`` is the argument."""
    if isinstance(x, Node):
        return x
    value = check_finite_scalar(x, name)
    return Node(value, op="const", name=f"{value:g}")


def variable(value: float, name: str = "") -> Node:
    """An input of the graph: a leaf node with op ``"input"``.

    Examples
    --------
    >>> variable(2.0, "x")
    Node(x, op=input, value=2, grad=0)
    """
    return Node(check_finite_scalar(value, "value"), op="input", name=name)


# -- elementary functions ---------------------------------------------------
def _unary(x: Node, value: float, local: float, op: str) -> Node:
    return Node(value, (x,), (local,), op)


def sin(x: Any) -> Node:
    r""":math:`\sin x`, local derivative :math:`\cos x`.

    Examples
    --------
    >>> sin(0.0).local_grads
    (1.0,)
    """
    x = _lift(x, "x")
    return _unary(x, math.sin(x.value), math.cos(x.value), "sin")


def cos(x: Any) -> Node:
    r""":math:`\cos x`, local derivative :math:`-\sin x`.

    Examples
    --------
    >>> cos(0.0).value
    1.0
    """
    x = _lift(x, "x")
    return _unary(x, math.cos(x.value), -math.sin(x.value), "cos")


def tanh(x: Any) -> Node:
    r""":math:`y = \tanh x`, local derivative :math:`1 - y^2`.

    Examples
    --------
    >>> tanh(0.0).local_grads
    (1.0,)
    """
    x = _lift(x, "x")
    y = math.tanh(x.value)
    return _unary(x, y, 1.0 - y * y, "tanh")


def exp(x: Any) -> Node:
    r""":math:`y = e^x`, local derivative :math:`y`.

    Examples
    --------
    >>> exp(0.0).value
    1.0
    """
    x = _lift(x, "x")
    if x.value > 709.0:              # e^709.8 overflows float64
        raise ValueError(f"x must be <= 709 for exp, got {x.value!r}")
    y = math.exp(x.value)
    return _unary(x, y, y, "exp")


def log(x: Any) -> Node:
    r""":math:`\log x` for :math:`x > 0`, local derivative :math:`1/x`.

    Examples
    --------
    >>> log(1.0).local_grads
    (1.0,)
    """
    x = _lift(x, "x")
    if x.value <= 0.0:
        raise ValueError(f"x must be > 0 for log, got {x.value!r}")
    local = 1.0 / x.value
    if not math.isfinite(local):
        raise ValueError(
            f"x must be at least 5.6e-309 for log (1/x must be finite), "
            f"got {x.value!r}")
    return _unary(x, math.log(x.value), local, "log")


# -- graph traversal and the two sweeps ---------------------------------------
def _check_node(node: Any, name: str) -> Node:
    if not isinstance(node, Node):
        raise ValueError(f"{name} must be a Node, got {type(node).__name__}")
    return node


def topological_order(output: Node) -> list[Node]:
    """All nodes ``output`` depends on, each after all of its parents.

    An iterative depth-first search (no recursion limit): a node is
    appended once every parent has been appended, so the list ends with
    ``output`` and starts with inputs or constants.

    Examples
    --------
    >>> x = variable(1.0, "x")
    >>> [n.op for n in topological_order(sin(x * x))]
    ['input', 'mul', 'sin']
    """
    _check_node(output, "output")
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(output, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:                 # all parents are already in `order`
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in node.parents if id(p) not in seen)
    return order


def backward(output: Node) -> list[Node]:
    r"""Reverse sweep: set ``node.grad`` to :math:`\partial f/\partial v`.

    With :math:`f` the value of ``output``, seed :math:`\bar f = 1` and visit
    the nodes in reverse topological order, sending each adjoint to the
    parents:

    .. math::

        \bar v_j \mathrel{+}= \bar v_k\,\frac{\partial v_k}{\partial v_j}
        \quad\text{for every edge } j \to k .

    A node used by several children (fan-out) accumulates the sum of their
    contributions, which is the multivariate chain rule.

    Returns
    -------
    list of Node
        The topological order used (inputs first, ``output`` last).

    Examples
    --------
    >>> x = variable(3.0, "x")
    >>> _ = backward(x * x)
    >>> x.grad
    6.0
    """
    order = topological_order(output)
    for node in order:
        node.grad = 0.0
    output.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local * node.grad
    return order


def forward_tangents(output: Node, seeds: Mapping[Node, float]) -> float:
    r"""Forward sweep: set ``node.tangent`` and return the output's tangent.

    Inputs get the tangents in ``seeds`` (zero when absent); every other
    node, in topological order, combines its parents' tangents:

    .. math::

        \dot v_k = \sum_{j \to k} \frac{\partial v_k}{\partial v_j}\,
        \dot v_j .

    The result is the directional derivative :math:`\nabla f \cdot \dot x`
    of the output along the seeded direction.

    Raises
    ------
    ValueError
        If a key of ``seeds`` is not a leaf of the graph or a seed is not
        finite.

    Examples
    --------
    >>> x = variable(3.0, "x")
    >>> forward_tangents(x * x, {x: 1.0})
    6.0
    """
    order = topological_order(output)
    if not isinstance(seeds, Mapping):
        raise InputTypeError(
            f"seeds must be a mapping from leaves to numbers, got "
            f"{type(seeds).__name__}")
    leaves = {id(n) for n in order if not n.parents}
    for key, val in seeds.items():
        if not isinstance(key, Node) or id(key) not in leaves:
            raise ValueError(
                f"seeds must map leaves of the graph to numbers, got key "
                f"{key!r}"
            )
        check_finite_scalar(val, "seeds value")
    for node in order:
        if node.parents:
            node.tangent = sum(local * p.tangent for p, local
                               in zip(node.parents, node.local_grads))
        else:
            node.tangent = float(seeds.get(node, 0.0))
    return output.tangent


# -- array conveniences -------------------------------------------------------
def _build(fn: Callable[..., Node], x: Any) -> tuple[list[Node], Node]:
    check_callable(fn, "fn")
    x = as_float_array(x, "x", ndim=1)                   # (n,)
    leaves = [variable(float(xi), f"x_{i + 1}") for i, xi in enumerate(x)]
    try:
        out = fn(*leaves)
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        raise ValueError(
            f"fn failed on the {x.size} inputs of x: {type(exc).__name__}: "
            f"{exc}") from exc
    if not isinstance(out, Node):
        raise ValueError(
            f"fn must return a Node built from its arguments, got "
            f"{type(out).__name__}"
        )
    return leaves, out


def gradient(fn: Callable[..., Node], x: Any) -> np.ndarray:
    r"""Gradient of a scalar graph by one reverse sweep.

    ``fn(x_1, ..., x_n)`` receives ``n`` input nodes and returns the output
    node; the result is :math:`\nabla f(x) = (\bar x_1, \dots, \bar x_n)`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> gradient(lambda a, b: a * b + sin(a), [0.0, 2.0]).tolist()
    [3.0, 0.0]
    """
    leaves, out = _build(fn, x)
    backward(out)
    return np.array([leaf.grad for leaf in leaves])      # (n,)


def jvp(fn: Callable[..., Node], x: Any, v: Any) -> float:
    r"""Directional derivative :math:`\nabla f(x)\cdot v` by one forward sweep.

    Parameters
    ----------
    fn : callable
        As in :func:`gradient`.
    x, v : array_like, shape (n,)
        Point and tangent direction.

    Examples
    --------
    >>> jvp(lambda a, b: a * b, [2.0, 3.0], [1.0, 1.0])
    5.0
    """
    leaves, out = _build(fn, x)
    v = as_float_array(v, "v", ndim=1)
    if v.size != len(leaves):
        raise ValueError(
            f"v must have x's shape ({len(leaves)},), got {v.shape}"
        )
    used = {id(n) for n in topological_order(out)}   # fn may ignore inputs
    seeds = {leaf: vi for leaf, vi in zip(leaves, v.tolist())
             if id(leaf) in used}
    return forward_tangents(out, seeds)


# -- the chapter's example and a plain description for plots -----------------
def tanh_sin_graph(x1: float, x2: float) -> tuple[Node, tuple[Node, Node]]:
    r"""Graph of :math:`f(x_1, x_2) = \tanh(x_1 x_2 + \sin x_1)`.

    The intermediate nodes are named :math:`a = x_1 x_2`,
    :math:`b = \sin x_1`, :math:`c = a + b` and :math:`f = \tanh c`;
    :math:`x_1` feeds two nodes, so its adjoint is a sum of two paths.

    Returns
    -------
    (f, (x1, x2)) : the output node and the two input nodes.

    Examples
    --------
    >>> f, (x1, x2) = tanh_sin_graph(0.0, 1.0)
    >>> f.value, f.name
    (0.0, 'f')
    """
    x1 = check_finite_scalar(x1, "x1")
    x2 = check_finite_scalar(x2, "x2")
    n1, n2 = variable(x1, "x_1"), variable(x2, "x_2")
    a = n1 * n2
    a.name = "a"
    b = sin(n1)
    b.name = "b"
    c = a + b
    c.name = "c"
    f = tanh(c)
    f.name = "f"
    return f, (n1, n2)


class GraphSummary(NamedTuple):
    r"""A computational graph as plain data, in topological order.

    Attributes
    ----------
    names, ops : tuple of str
        Node labels and operations.
    values : numpy.ndarray, shape (k,)
        Forward values.
    adjoints : numpy.ndarray, shape (k,)
        :math:`\partial f / \partial v` from a reverse sweep.
    parents : tuple of tuple of int
        Indices of each node's parents.
    edges : tuple of (int, int, float)
        ``(parent, child, local derivative)`` for every edge.
    levels : tuple of int
        Length of the longest path from a leaf (inputs are level 0).
    """

    names: tuple[str, ...]
    ops: tuple[str, ...]
    values: np.ndarray
    adjoints: np.ndarray
    parents: tuple[tuple[int, ...], ...]
    edges: tuple[tuple[int, int, float], ...]
    levels: tuple[int, ...]


def describe_graph(output: Node) -> GraphSummary:
    """Run :func:`backward` on ``output`` and return the graph as data.

    Unnamed nodes are labelled ``v_<index>``.

    Examples
    --------
    >>> s = describe_graph(tanh_sin_graph(0.8, -0.5)[0])
    >>> s.names, s.levels
    (('x_1', 'b', 'x_2', 'a', 'c', 'f'), (0, 1, 0, 1, 2, 3))
    """
    order = backward(output)
    index = {id(n): i for i, n in enumerate(order)}
    parents = tuple(tuple(index[id(p)] for p in n.parents) for n in order)
    levels: list[int] = []
    for ps in parents:               # parents come first: levels are known
        levels.append(1 + max((levels[p] for p in ps), default=-1))
    edges = tuple((index[id(p)], k, g) for k, n in enumerate(order)
                  for p, g in zip(n.parents, n.local_grads))
    return GraphSummary(
        names=tuple(n.name or f"v_{k}" for k, n in enumerate(order)),
        ops=tuple(n.op for n in order),
        values=np.array([n.value for n in order]),
        adjoints=np.array([n.grad for n in order]),
        parents=parents,
        edges=edges,
        levels=tuple(levels),
    )
