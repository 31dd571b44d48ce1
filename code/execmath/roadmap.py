"""The book as a dependency graph: chapters, prerequisites, reading orders.

The book's 26 chapters form a *directed acyclic graph* (DAG): an edge
``(u, v)`` says that chapter ``v`` builds on chapter ``u``. This module
stores that graph as data (:data:`CHAPTERS`, :data:`PARTS`, :data:`EDGES`)
and answers the questions a reader asks of it:

* :func:`topological_order` -- an order in which every chapter comes after
  all chapters it builds on (Kahn's algorithm); it raises a ``ValueError``
  that names a cycle if there is none;
* :func:`order_violations` -- which dependencies a proposed order breaks;
* :func:`prerequisites` and :func:`reading_order` -- what must be read
  before a chapter, and in which order;
* :func:`depths` and :func:`longest_chain` -- the longest dependency chain,
  the minimal number of "rounds" in which the book can be read;
* :func:`layout` -- positions for a drawing: one column per part, chapters
  top to bottom within it.

Graphs are small (a few dozen nodes), so the algorithms favour clarity:
everything is :math:`O(n + m)` or :math:`O(n\\,m)` with plain Python sets.
Ties are broken by the smaller chapter number so that every answer is
deterministic.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from execmath._validate import InputTypeError, check_positive_int

__all__ = [
    "CHAPTERS",
    "EDGES",
    "PARTS",
    "PART_TAGS",
    "Chapter",
    "Graph",
    "book_graph",
    "chapter_info",
    "depths",
    "layout",
    "longest_chain",
    "make_graph",
    "order_violations",
    "prerequisites",
    "reading_order",
    "topological_order",
]

#: Largest node number accepted: a chapter graph with ids beyond this is a
#: typo, and bounding ids keeps every integer exact in float64 layouts.
MAX_NODE = 10_000


class Chapter(NamedTuple):
    """One chapter of the book: number, title, cross-reference label, part."""

    number: int
    title: str
    label: str
    part: int


class Graph(NamedTuple):
    """A directed graph on numbered nodes.

    Attributes
    ----------
    nodes : tuple of int
        Node ids, distinct positive integers, in increasing order.
    edges : tuple of (int, int)
        ``(u, v)``: ``v`` builds on ``u``. Sorted, without duplicates.
    parts : tuple of int
        ``parts[i]`` is the part (column of a drawing) of ``nodes[i]``.
    """

    nodes: tuple[int, ...]
    edges: tuple[tuple[int, int], ...]
    parts: tuple[int, ...]


#: The eight parts of the book, as ``_quarto.yml`` names them.
PARTS: tuple[str, ...] = (
    "The Back-and-Forth Method: Python Meets Math",
    "Linear Algebra That Actually Moves Code",
    "Calculus & Matrix Calculus for Learning",
    "Probability & Statistics: From RNG to Inference",
    "Optimization for ML",
    "Statistical Models & Classical ML Bridge",
    "Bridges to Deep Learning & LLMs",
    "Projects, Patterns, and Practices",
)

#: Short column headings for a drawing, one per part.
PART_TAGS: tuple[str, ...] = (
    "Method", "Linear algebra", "Calculus", "Probability",
    "Optimization", "Models", "Deep learning", "Practice",
)

#: The 26 chapters: number, title, label (for ``@sec-...``), part (1-8).
CHAPTERS: tuple[Chapter, ...] = (
    Chapter(1, "Why Math With Code (and Code With Math)", "sec-why", 1),
    Chapter(2, "Python Essentials", "sec-py", 1),
    Chapter(3, "Numerical Thinking & Error", "sec-num", 1),
    Chapter(4, "Vectors, Norms, and Geometry", "sec-vec", 2),
    Chapter(5, "Matrices, Linear Maps, and Bases", "sec-mat", 2),
    Chapter(6, "Eigenvalues, SVD, and Low-Rank Structure", "sec-svd", 2),
    Chapter(7, "Tensors & Broadcasting for ML", "sec-tens", 2),
    Chapter(8, "Differentiation & Taylor Intuition", "sec-diff", 3),
    Chapter(9, "Chain Rule at Scale & Matrix Calculus", "sec-chain", 3),
    Chapter(10, "Optimization Landscapes", "sec-land", 3),
    Chapter(11, "Probability Foundations", "sec-prob", 4),
    Chapter(12, "Named Distributions & Transformations", "sec-dist", 4),
    Chapter(13, "Bayes & Information", "sec-bayes", 4),
    Chapter(14, "Statistical Learning Basics", "sec-learn", 4),
    Chapter(15, "Unconstrained Optimization", "sec-unc", 5),
    Chapter(16, "Constrained & Convex Optimization", "sec-cons", 5),
    Chapter(17, "Stochastic Optimization", "sec-sgd", 5),
    Chapter(18, "Linear Models Revisited (End-to-End)", "sec-lin", 6),
    Chapter(19, "Classification & Calibration", "sec-clf", 6),
    Chapter(20, "Unsupervised Learning & Spectral Methods", "sec-unsup", 6),
    Chapter(21, "Autodiff, Backprop, and What PyTorch Automates",
            "sec-ad", 7),
    Chapter(22, "Embeddings & Attention as Linear Algebra", "sec-attn", 7),
    Chapter(23, "From Here to PyTorch & LLM Books", "sec-bridge", 7),
    Chapter(24, "Mini Projects & Executable Math", "sec-proj", 8),
    Chapter(25, "Reproducible Research Playbook", "sec-repro", 8),
    Chapter(26, "Where to Go Next", "sec-onward", 8),
)

#: "Builds on" edges ``(u, v)``: chapter ``v`` uses what chapter ``u``
#: teaches. Each edge among chapters 1-23 is mirrored by a cross-reference
#: between the two chapters (a test checks it).
EDGES: tuple[tuple[int, int], ...] = (
    (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (2, 7), (6, 7),
    (3, 8), (7, 9), (8, 9), (6, 10), (9, 10),
    (1, 11), (6, 11), (3, 12), (11, 12), (11, 13), (12, 13),
    (5, 14), (11, 14),
    (8, 15), (10, 15), (10, 16), (15, 16), (11, 17), (15, 17),
    (5, 18), (14, 18), (16, 18),
    (12, 19), (13, 19), (14, 19), (15, 19), (18, 19),
    (4, 20), (6, 20), (11, 20),
    (3, 21), (8, 21), (9, 21), (17, 21),
    (4, 22), (7, 22), (13, 22), (21, 22),
    (12, 23), (17, 23), (21, 23), (22, 23),
    (11, 24), (19, 24), (20, 24),
    (3, 25), (11, 25), (24, 25),
    (23, 26), (25, 26),
)


# ---------------------------------------------------------------- validation
def _int_array(x: Any, name: str, *, ndim: int | None) -> np.ndarray:
    """``x`` as an int64 array of node ids in ``[1, MAX_NODE]``."""
    if x is None or isinstance(x, (str, bytes)):
        raise InputTypeError(f"{name} must be a sequence of integers, "
                             f"got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except ValueError as exc:               # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of "
                         f"integers") from exc
    if arr.dtype.kind == "O" and arr.size:
        # Python ints beyond int64 or mixed objects: check entry by entry
        if not all(isinstance(v, (int, np.integer))
                   and not isinstance(v, (bool, np.bool_))
                   for v in arr.flat):
            raise InputTypeError(f"{name} must hold integers only, got "
                                 f"{arr.flat[0]!r:.40} among its entries")
        if any(not 1 <= int(v) <= MAX_NODE for v in arr.flat):
            raise ValueError(f"{name} entries must lie in [1, {MAX_NODE}]")
        arr = arr.astype(np.int64)
    elif arr.size == 0 and arr.dtype.kind == "f":
        arr = arr.astype(np.int64)          # [] and np.empty(...) are float
    if arr.dtype.kind not in "iu":
        raise InputTypeError(f"{name} must hold integers, got dtype "
                             f"{arr.dtype} (shape {arr.shape})")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got "
                         f"shape {arr.shape}")
    if arr.size and (arr.min() < 1 or arr.max() > MAX_NODE):
        raise ValueError(f"{name} entries must lie in [1, {MAX_NODE}], got "
                         f"values from {arr.min()} to {arr.max()}")
    return arr.astype(np.int64)


def _check_graph(graph: Any, name: str = "graph") -> Graph:
    """Require a :class:`Graph` (as built by :func:`make_graph`)."""
    if not isinstance(graph, Graph):
        raise InputTypeError(f"{name} must be a Graph (see make_graph), "
                             f"got {type(graph).__name__}")
    return graph


def _check_node(graph: Graph, node: Any, name: str) -> int:
    node = check_positive_int(node, name, maximum=MAX_NODE)
    if node not in graph.nodes:
        raise ValueError(f"{name} = {node} is not a node of the graph "
                         f"(nodes {graph.nodes[0]}..{graph.nodes[-1]})")
    return node


def _adjacency(graph: Graph) -> tuple[dict, dict]:
    """Successor and predecessor sets of every node."""
    succ: dict[int, set[int]] = {v: set() for v in graph.nodes}
    pred: dict[int, set[int]] = {v: set() for v in graph.nodes}
    for u, v in graph.edges:
        succ[u].add(v)
        pred[v].add(u)
    return succ, pred


# ---------------------------------------------------------------- building
def make_graph(nodes: Any, edges: Any, parts: Any = None) -> Graph:
    """Build and validate a directed graph on numbered nodes.

    Acyclicity is *not* required here, so that a cycle can be built and
    then diagnosed by :func:`topological_order`.

    Parameters
    ----------
    nodes : sequence of int
        Distinct node ids in ``[1, 10000]``.
    edges : array_like of int, shape (m, 2)
        ``(u, v)`` pairs, meaning "``v`` builds on ``u``"; ``m = 0`` is
        allowed. No self-loops, no duplicates, endpoints in ``nodes``.
    parts : sequence of int, optional
        Part (column) of each node, aligned with ``nodes``; default all 1.

    Returns
    -------
    Graph
        Nodes sorted increasingly, with their parts; edges sorted.

    Examples
    --------
    >>> g = make_graph([1, 2, 3], [[1, 2], [2, 3]])
    >>> g.edges
    ((1, 2), (2, 3))
    """
    nodes_arr = _int_array(nodes, "nodes", ndim=1)
    if nodes_arr.size == 0:
        raise ValueError("nodes must not be empty")
    if np.unique(nodes_arr).size != nodes_arr.size:
        raise ValueError(f"nodes must be distinct, got {nodes_arr.size} "
                         f"entries with {np.unique(nodes_arr).size} "
                         "distinct values")
    if parts is None:
        parts_arr = np.ones(nodes_arr.size, dtype=np.int64)
    else:
        parts_arr = _int_array(parts, "parts", ndim=1)
        if parts_arr.shape != nodes_arr.shape:
            raise ValueError(f"parts has shape {parts_arr.shape} but nodes "
                             f"has shape {nodes_arr.shape}")
    edges_arr = _int_array(edges, "edges", ndim=None)
    if edges_arr.size == 0:
        edges_arr = edges_arr.reshape(0, 2)
    if edges_arr.ndim != 2 or edges_arr.shape[1] != 2:
        raise ValueError(f"edges must have shape (m, 2), got "
                         f"{edges_arr.shape}")
    node_set = set(nodes_arr.tolist())
    seen: set[tuple[int, int]] = set()
    for u, v in edges_arr.tolist():
        for end in (u, v):
            if end not in node_set:
                raise ValueError(f"edges entry ({u}, {v}) uses node {end}, "
                                 "which is not in nodes")
        if u == v:
            raise ValueError(f"edges entry ({u}, {v}) is a self-loop")
        if (u, v) in seen:
            raise ValueError(f"edges entry ({u}, {v}) appears twice")
        seen.add((u, v))
    order = np.argsort(nodes_arr, kind="stable")
    return Graph(nodes=tuple(int(v) for v in nodes_arr[order]),
                 edges=tuple(sorted(seen)),
                 parts=tuple(int(p) for p in parts_arr[order]))


def book_graph() -> Graph:
    """The book's chapter graph: :data:`CHAPTERS` and :data:`EDGES`.

    Examples
    --------
    >>> g = book_graph()
    >>> len(g.nodes), len(g.edges), max(g.parts)
    (26, 57, 8)
    """
    return make_graph([c.number for c in CHAPTERS], EDGES,
                      [c.part for c in CHAPTERS])


def chapter_info(number: int) -> Chapter:
    """The :class:`Chapter` record of chapter ``number`` (1-26).

    Examples
    --------
    >>> chapter_info(6).label
    'sec-svd'
    """
    number = check_positive_int(number, "number", maximum=len(CHAPTERS))
    return CHAPTERS[number - 1]


# ---------------------------------------------------------------- orders
def _find_cycle(graph: Graph, remaining: set[int]) -> list[int]:
    """A directed cycle among ``remaining`` (every one has a predecessor)."""
    _, pred = _adjacency(graph)
    # Walk backwards along predecessors: in a finite set where every node
    # has a predecessor inside it, the walk must revisit a node.
    node = min(remaining)
    path: list[int] = []
    index: dict[int, int] = {}
    while node not in index:
        index[node] = len(path)
        path.append(node)
        node = min(pred[node] & remaining)
    cycle = path[index[node]:][::-1]               # forward direction
    start = cycle.index(min(cycle))                # report from its smallest
    cycle = cycle[start:] + cycle[:start]
    return cycle + [cycle[0]]


def topological_order(graph: Graph) -> tuple[int, ...]:
    r"""An order of the nodes in which every edge points forward.

    Kahn's algorithm: repeatedly take a node without unread prerequisites.
    Taking the *smallest* such node gives the lexicographically smallest
    topological order, so for a graph whose edges all point from smaller
    to larger numbers the answer is ``1, 2, ..., n``.

    .. math::
        \pi(u) < \pi(v) \quad \text{for every edge } (u, v).

    Parameters
    ----------
    graph : Graph

    Returns
    -------
    tuple of int

    Raises
    ------
    ValueError
        If the graph has a directed cycle; the message lists one.

    Examples
    --------
    >>> topological_order(make_graph([1, 2, 3], [[3, 1], [1, 2]]))
    (3, 1, 2)
    >>> topological_order(make_graph([1, 2], [[1, 2], [2, 1]]))
    Traceback (most recent call last):
    ...
    ValueError: graph has a cycle: 1 -> 2 -> 1
    """
    graph = _check_graph(graph)
    succ, pred = _adjacency(graph)
    indegree = {v: len(pred[v]) for v in graph.nodes}
    ready = sorted(v for v in graph.nodes if indegree[v] == 0)
    order: list[int] = []
    while ready:
        node = ready.pop(0)                # smallest ready node first
        order.append(node)
        for w in sorted(succ[node]):
            indegree[w] -= 1
            if indegree[w] == 0:
                ready.append(w)
        ready.sort()
    if len(order) < len(graph.nodes):
        cycle = _find_cycle(graph, set(graph.nodes) - set(order))
        raise ValueError("graph has a cycle: "
                         + " -> ".join(str(v) for v in cycle))
    return tuple(order)


def order_violations(graph: Graph, order: Any) -> tuple[tuple[int, int], ...]:
    """Edges ``(u, v)`` that a proposed reading order breaks (``v`` first).

    An empty result means ``order`` is a topological order.

    Parameters
    ----------
    graph : Graph
    order : sequence of int
        A permutation of ``graph.nodes``.

    Examples
    --------
    >>> g = make_graph([1, 2, 3], [[1, 2], [2, 3]])
    >>> order_violations(g, [1, 3, 2])
    ((2, 3),)
    """
    graph = _check_graph(graph)
    arr = _int_array(order, "order", ndim=1)
    if sorted(arr.tolist()) != list(graph.nodes):
        raise ValueError(f"order must be a permutation of the graph's "
                         f"{len(graph.nodes)} nodes, got {arr.size} entries")
    position = {v: i for i, v in enumerate(arr.tolist())}
    return tuple((u, v) for u, v in graph.edges
                 if position[u] > position[v])


def prerequisites(graph: Graph, chapter: int) -> tuple[int, ...]:
    r"""All nodes ``chapter`` depends on, directly or indirectly.

    The set of ancestors :math:`\{u : u \to \cdots \to v\}`, sorted.

    Examples
    --------
    >>> g = make_graph([1, 2, 3, 4], [[1, 2], [2, 3], [4, 3]])
    >>> prerequisites(g, 3)
    (1, 2, 4)
    """
    graph = _check_graph(graph)
    chapter = _check_node(graph, chapter, "chapter")
    _, pred = _adjacency(graph)
    seen: set[int] = set()
    stack = [chapter]
    while stack:                                   # depth-first search
        for u in pred[stack.pop()]:
            if u not in seen:
                seen.add(u)
                stack.append(u)
    if chapter in seen:
        raise ValueError(f"graph has a cycle through chapter = {chapter}")
    return tuple(sorted(seen))


def reading_order(graph: Graph, targets: Any) -> tuple[int, ...]:
    """The chapters needed to read ``targets``, in a valid reading order.

    The targets and all their prerequisites, listed in the order of
    :func:`topological_order`: the shortest route to the targets that
    never meets an idea before its foundations.

    Examples
    --------
    >>> g = make_graph([1, 2, 3, 4], [[1, 2], [2, 3], [1, 4]])
    >>> reading_order(g, [4])
    (1, 4)
    """
    graph = _check_graph(graph)
    arr = _int_array(targets, "targets", ndim=1)
    if arr.size == 0:
        raise ValueError("targets must not be empty")
    needed: set[int] = set()
    for t in arr.tolist():
        needed.add(_check_node(graph, t, "targets"))
        needed.update(prerequisites(graph, t))
    return tuple(v for v in topological_order(graph) if v in needed)


def depths(graph: Graph) -> dict[int, int]:
    r"""Depth of each node: the length of the longest chain ending there.

    .. math::
        d(v) = 1 + \max_{(u, v) \in E} d(u), \qquad d(v) = 1
        \text{ if } v \text{ has no prerequisites}.

    Nodes of equal depth never depend on each other, so they can be read in
    the same round; the number of rounds is the largest depth.

    Examples
    --------
    >>> depths(make_graph([1, 2, 3], [[1, 3], [2, 3]]))
    {1: 1, 2: 1, 3: 2}
    """
    graph = _check_graph(graph)
    _, pred = _adjacency(graph)
    depth: dict[int, int] = {}
    for v in topological_order(graph):             # prerequisites first
        depth[v] = 1 + max((depth[u] for u in pred[v]), default=0)
    return {v: depth[v] for v in graph.nodes}


def longest_chain(graph: Graph) -> tuple[int, ...]:
    """A longest dependency chain ``v_1 -> v_2 -> ... -> v_k``.

    Dynamic programming over :func:`depths`: end at a deepest node and walk
    back through a prerequisite one level shallower (the smallest such, for
    determinism). Its length ``k`` equals the largest depth.

    Examples
    --------
    >>> longest_chain(make_graph([1, 2, 3, 4], [[1, 2], [2, 4], [3, 4]]))
    (1, 2, 4)
    """
    graph = _check_graph(graph)
    _, pred = _adjacency(graph)
    depth = depths(graph)
    k = max(depth.values())
    node = min(v for v in graph.nodes if depth[v] == k)
    chain = [node]
    while depth[node] > 1:
        node = min(u for u in pred[node] if depth[u] == depth[node] - 1)
        chain.append(node)
    return tuple(chain[::-1])


def layout(graph: Graph) -> np.ndarray:
    """Drawing positions: one column per part, one row per chapter.

    Column ``x`` is the node's part; within a part, nodes run downwards in
    increasing order (``y = 0, -1, -2, ...``). Odd-numbered parts are
    shifted down by half a row, so an arrow between two columns rarely
    passes straight through a third column's node.

    Returns
    -------
    ndarray, shape (n, 2)
        ``(x, y)`` of ``graph.nodes[i]`` in row ``i``.

    Examples
    --------
    >>> layout(make_graph([1, 2, 3], [[1, 2]], [1, 1, 2])).tolist()
    [[1.0, -0.5], [1.0, -1.5], [2.0, 0.0]]
    """
    graph = _check_graph(graph)
    xy = np.empty((len(graph.nodes), 2))                 # (n, 2)
    row_in_part: dict[int, int] = {}
    for i, part in enumerate(graph.parts):
        row = row_in_part.get(part, 0)
        row_in_part[part] = row + 1
        xy[i] = (part, -row - 0.5 * (part % 2))
    return xy
