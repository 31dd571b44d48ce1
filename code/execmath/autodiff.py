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

from execmath._validate import as_float_array, check_finite_scalar

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
        self.value = check_finite_scalar(value, "value")
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
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
        self.op = str(op)
        self.name = str(name)
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


def _lift(x: Any) -> Node:
    """Wrap a plain number as a constant node."""
    if isinstance(x, Node):
        return x
    return Node(check_finite_scalar(x, "other"), op="const", name=f"{x:g}")


def variable(value: float, name: str = "") -> Node:
    """An input of the graph: a leaf node with op ``"input"``."""
    return Node(check_finite_scalar(value, "value"), op="input", name=name)


# -- elementary functions ---------------------------------------------------
def _unary(x: Any, value: float, local: float, op: str) -> Node:
    x = _lift(x)
    return Node(value, (x,), (local,), op)


def sin(x: Any) -> Node:
    r""":math:`\sin x`, local derivative :math:`\cos x`."""
    v = _lift(x).value
    return _unary(x, math.sin(v), math.cos(v), "sin")


def cos(x: Any) -> Node:
    r""":math:`\cos x`, local derivative :math:`-\sin x`."""
    v = _lift(x).value
    return _unary(x, math.cos(v), -math.sin(v), "cos")


def tanh(x: Any) -> Node:
    r""":math:`y = \tanh x`, local derivative :math:`1 - y^2`."""
    y = math.tanh(_lift(x).value)
    return _unary(x, y, 1.0 - y * y, "tanh")


def exp(x: Any) -> Node:
    r""":math:`y = e^x`, local derivative :math:`y`."""
    v = _lift(x).value
    if v > 709.0:                    # e^709.8 overflows float64
        raise ValueError(f"x must be <= 709 for exp, got {v!r}")
    y = math.exp(v)
    return _unary(x, y, y, "exp")


def log(x: Any) -> Node:
    r""":math:`\log x` for :math:`x > 0`, local derivative :math:`1/x`."""
    v = _lift(x).value
    if v <= 0.0:
        raise ValueError(f"x must be > 0 for log, got {v!r}")
    return _unary(x, math.log(v), 1.0 / v, "log")


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
    """
    order = topological_order(output)
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
    x = as_float_array(x, "x", ndim=1)                   # (n,)
    leaves = [variable(float(xi), f"x_{i + 1}") for i, xi in enumerate(x)]
    out = fn(*leaves)
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
    """
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
