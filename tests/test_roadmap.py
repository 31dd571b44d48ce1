"""Tests for execmath.roadmap: the book's chapter graph and its algorithms.

Oracles: the book's own files (``_quarto.yml`` and the chapter headings),
NetworkX (skipped when it is not installed) and brute-force definitions
(every edge checked against a proposed order, ancestors by repeated
closure). Everything here is integer arithmetic: results are exact.
"""

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from execmath import roadmap as rm

ROOT = Path(__file__).resolve().parents[1]
G = rm.book_graph()


# ----------------------------------------------------------- helpers
def random_dag(data, n_max=12):
    """A DAG drawn by Hypothesis: edges go forward in a random permutation."""
    n = data.draw(st.integers(1, n_max))
    ids = data.draw(st.lists(st.integers(1, 60), min_size=n, max_size=n,
                             unique=True))
    perm = data.draw(st.permutations(ids))
    pairs = [(perm[i], perm[j]) for i in range(n) for j in range(i + 1, n)]
    edges = data.draw(st.lists(st.sampled_from(pairs), unique=True,
                               max_size=20)) if pairs else []
    return rm.make_graph(ids, np.array(edges, dtype=int).reshape(-1, 2))


def ancestors_by_closure(graph, v):
    """Ancestors as the fixed point of "add every predecessor"."""
    found = {u for u, w in graph.edges if w == v}
    while True:
        more = {u for u, w in graph.edges if w in found} - found
        if not more:
            return found
        found |= more


def to_nx(graph):
    nx = pytest.importorskip("networkx")
    d = nx.DiGraph()
    d.add_nodes_from(graph.nodes)
    d.add_edges_from(graph.edges)
    return nx, d


# ----------------------------------------------------------- the book's data
class TestBookGraph:
    def test_every_chapter_once(self):
        assert G.nodes == tuple(range(1, 27))
        assert [c.number for c in rm.CHAPTERS] == list(range(1, 27))
        labels = [c.label for c in rm.CHAPTERS]
        assert len(set(labels)) == 26
        assert all(re.fullmatch(r"sec-[a-z]+", s) for s in labels)

    def test_chapter_info(self):
        assert rm.chapter_info(22).label == "sec-attn"
        assert all(rm.chapter_info(c.number) == c for c in rm.CHAPTERS)
        for bad in (0, 27, 2.0, True, "3", None):
            with pytest.raises(ValueError, match="number"):
                rm.chapter_info(bad)

    def test_parts_are_contiguous_and_increasing(self):
        parts = [c.part for c in rm.CHAPTERS]
        assert parts == sorted(parts)
        assert sorted(set(parts)) == list(range(1, len(rm.PARTS) + 1))
        assert len(rm.PART_TAGS) == len(rm.PARTS)

    def test_edges_point_forward(self):
        assert all(u < v for u, v in G.edges)
        assert len(G.edges) == len(rm.EDGES) == len(set(rm.EDGES))

    def test_every_chapter_but_the_first_builds_on_something(self):
        heads = {v for _, v in G.edges}
        assert set(G.nodes) - heads == {1}

    def test_matches_quarto_yml(self):
        book = yaml.safe_load((ROOT / "_quarto.yml").read_text())["book"]
        parts = [e for e in book["chapters"] if isinstance(e, dict)]
        assert [p["part"] for p in parts] == list(rm.PARTS)
        for k, p in enumerate(parts, start=1):
            numbers = [int(Path(f).name[:2]) for f in p["chapters"]]
            assert numbers == [c.number for c in rm.CHAPTERS if c.part == k]

    def test_labels_and_titles_match_chapter_files(self):
        checked = 0
        for c in rm.CHAPTERS:
            files = list((ROOT / "chapters").glob(f"{c.number:02d}-*.qmd"))
            if not files:          # chapters being written now: skip
                continue
            first = files[0].read_text().splitlines()[0]
            assert first == f"# {c.title} {{#{c.label}}}"
            checked += 1
        assert checked >= 23

    def test_edges_are_mirrored_by_cross_references(self):
        """Each edge among chapters 1-23 is backed by a cross-reference
        from one of the two chapters to the other (chapters 24-26 were
        written together with this graph, so they are not an oracle)."""
        prefix = {c.number: c.label[4:] for c in rm.CHAPTERS}
        text = {}
        for c in rm.CHAPTERS:
            files = list((ROOT / "chapters").glob(f"{c.number:02d}-*.qmd"))
            if files:
                text[c.number] = files[0].read_text()

        def cites(a, b):
            return re.search(rf"@(sec|eq|fig|exr)-{prefix[b]}\b",
                             text[a]) is not None

        for u, v in G.edges:
            if v <= 23:
                assert cites(v, u) or cites(u, v), (u, v)


class TestClaimFigOnward:
    def test_claim_fig_onward_roadmap(self):
        """'The dependency graph has no cycle, so the book can be read
        front to back: every arrow points from a lower-numbered chapter to
        a higher-numbered one, and every chapter 1-26 appears once. The
        highlighted chain of 16 chapters is the longest.'"""
        order = rm.topological_order(G)
        assert order == tuple(range(1, 27))
        assert rm.order_violations(G, order) == ()
        assert all(u < v for u, v in G.edges)
        chain = rm.longest_chain(G)
        assert len(chain) == 16 == max(rm.depths(G).values())
        assert all(e in G.edges for e in zip(chain[:-1], chain[1:]))
        # caption and alt text: 26 discs in eight columns (parts I to VIII),
        # the orange path 1, 2, ..., 7, 9, 10, 15, 16, 18, 19, 24, 25, 26
        assert G.nodes == tuple(range(1, 27))
        assert len(rm.PARTS) == 8 and set(G.parts) == set(range(1, 9))
        assert chain == (1, 2, 3, 4, 5, 6, 7, 9, 10, 15, 16, 18, 19, 24, 25,
                         26)
        nx, d = to_nx(G)
        assert nx.is_directed_acyclic_graph(d)
        assert nx.dag_longest_path_length(d) + 1 == len(chain)


# ----------------------------------------------------------- make_graph
class TestMakeGraph:
    def test_sorts_and_keeps_parts_aligned(self):
        g = rm.make_graph([3, 1, 2], [[2, 3], [1, 2]], [5, 4, 4])
        assert g.nodes == (1, 2, 3)
        assert g.parts == (4, 4, 5)
        assert g.edges == ((1, 2), (2, 3))

    def test_empty_edges(self):
        assert rm.make_graph([1, 2], []).edges == ()
        assert rm.make_graph([1, 2], np.empty((0, 2))).edges == ()

    @pytest.mark.parametrize("nodes, match", [
        ([], "nodes must not be empty"), ([1, 1], "nodes must be distinct"),
        ([0, 1], "nodes entries"), ([1.5, 2.0], "nodes must hold integers"),
        ([True, False], "nodes"), ("12", "nodes"), (None, "nodes"),
        ([[1, 2]], "nodes must have 1"), ([1, 10**30], "nodes"),
    ])
    def test_bad_nodes(self, nodes, match):
        with pytest.raises(ValueError, match=match):
            rm.make_graph(nodes, [])

    @pytest.mark.parametrize("edges, match", [
        ([[1, 3]], "not in nodes"), ([[1, 1]], "self-loop"),
        ([[1, 2], [1, 2]], "twice"), ([1, 2], r"shape \(m, 2\)"),
        ([[1, 2, 3]], r"shape \(m, 2\)"), ([[1.0, 2.0]], "edges"),
        ([[1, np.nan]], "edges"), ([[1], [1, 2]], "edges"),
    ])
    def test_bad_edges(self, edges, match):
        with pytest.raises(ValueError, match=match):
            rm.make_graph([1, 2], edges)

    def test_bad_parts(self):
        with pytest.raises(ValueError, match="parts has shape"):
            rm.make_graph([1, 2], [], [1])
        with pytest.raises(ValueError, match="parts"):
            rm.make_graph([1, 2], [], [1, 0])


# ----------------------------------------------------------- orders
class TestTopologicalOrder:
    @given(st.data())
    def test_order_respects_every_edge(self, data):
        g = random_dag(data)
        order = rm.topological_order(g)
        assert sorted(order) == list(g.nodes)
        pos = {v: i for i, v in enumerate(order)}
        assert all(pos[u] < pos[v] for u, v in g.edges)

    @given(st.data())
    def test_lexicographically_smallest_like_networkx(self, data):
        g = random_dag(data)
        nx, d = to_nx(g)
        assert rm.topological_order(g) == tuple(
            nx.lexicographical_topological_sort(d))

    def test_cycle_is_named(self):
        g = rm.make_graph(range(1, 6), [[1, 2], [2, 3], [3, 4], [4, 2],
                                        [4, 5]])
        with pytest.raises(ValueError,
                           match=r"graph has a cycle: 2 -> 3 -> 4 -> 2"):
            rm.topological_order(g)

    @given(st.data())
    def test_reported_cycle_is_a_cycle(self, data):
        g = random_dag(data)
        if not g.edges:
            return
        u, v = data.draw(st.sampled_from(g.edges))
        cyc = rm.make_graph(g.nodes, list(g.edges) + [(v, u)])
        with pytest.raises(ValueError, match="cycle") as info:
            rm.topological_order(cyc)
        nodes = [int(s) for s in
                 str(info.value).split(": ")[1].split(" -> ")]
        assert nodes[0] == nodes[-1]
        assert all(e in cyc.edges for e in zip(nodes[:-1], nodes[1:]))

    def test_bad_graph(self):
        with pytest.raises(TypeError, match="graph"):
            rm.topological_order(tuple(G))
        with pytest.raises(ValueError, match="graph"):
            rm.topological_order(None)


class TestOrderViolations:
    def test_book_order_and_reverse(self):
        assert rm.order_violations(G, range(1, 27)) == ()
        assert rm.order_violations(G, range(26, 0, -1)) == G.edges

    def test_swap_breaks_exactly_the_edge(self):
        g = rm.make_graph([1, 2, 3], [[1, 2], [2, 3]])
        assert rm.order_violations(g, [2, 1, 3]) == ((1, 2),)

    @pytest.mark.parametrize("order", [[1, 2], [1, 2, 2], [1, 2, 4],
                                       [1.0, 2.0, 3.0], None])
    def test_bad_order(self, order):
        g = rm.make_graph([1, 2, 3], [[1, 2]])
        with pytest.raises(ValueError, match="order"):
            rm.order_violations(g, order)


class TestPrerequisites:
    @given(st.data())
    def test_match_closure_and_networkx(self, data):
        g = random_dag(data)
        v = data.draw(st.sampled_from(g.nodes))
        got = rm.prerequisites(g, v)
        assert set(got) == ancestors_by_closure(g, v)
        nx, d = to_nx(g)
        assert set(got) == nx.ancestors(d, v)

    def test_book_values(self):
        assert rm.prerequisites(G, 1) == ()
        assert rm.prerequisites(G, 4) == (1, 2, 3)
        assert len(rm.prerequisites(G, 26)) == 25   # the last needs all

    @pytest.mark.parametrize("chapter, match", [
        (27, "not a node"), (0, "chapter"), (2.0, "chapter"),
        (True, "chapter"), ("3", "chapter"), (None, "chapter"),
    ])
    def test_bad_chapter(self, chapter, match):
        with pytest.raises(ValueError, match=match):
            rm.prerequisites(G, chapter)

    def test_cycle(self):
        g = rm.make_graph([1, 2], [[1, 2], [2, 1]])
        with pytest.raises(ValueError, match="cycle"):
            rm.prerequisites(g, 1)


class TestReadingOrder:
    @given(st.data())
    def test_closed_under_prerequisites_and_ordered(self, data):
        g = random_dag(data)
        targets = data.draw(st.lists(st.sampled_from(g.nodes), min_size=1,
                                     max_size=3))
        route = rm.reading_order(g, targets)
        needed = set(targets).union(*(rm.prerequisites(g, t)
                                      for t in targets))
        assert set(route) == needed
        pos = {v: i for i, v in enumerate(route)}
        assert all(pos[u] < pos[v] for u, v in g.edges
                   if u in pos and v in pos)

    def test_book_route_to_attention_skips_chapters(self):
        route = rm.reading_order(G, [22])
        assert route[-1] == 22
        assert {14, 16, 18, 19, 20} & set(route) == set()

    @pytest.mark.parametrize("targets, match", [
        ([], "targets must not be empty"), ([99], "targets"),
        ([2.5], "targets"), ("22", "targets"),
    ])
    def test_bad_targets(self, targets, match):
        with pytest.raises(ValueError, match=match):
            rm.reading_order(G, targets)


class TestDepthsAndChain:
    @given(st.data())
    def test_levels_are_antichains_and_chain_is_longest(self, data):
        """Mirsky: the longest chain has as many nodes as there are
        levels, and no edge joins two nodes of one level."""
        g = random_dag(data)
        depth = rm.depths(g)
        assert all(depth[u] < depth[v] for u, v in g.edges)
        chain = rm.longest_chain(g)
        assert len(chain) == max(depth.values())
        assert all(e in g.edges for e in zip(chain[:-1], chain[1:]))
        nx, d = to_nx(g)
        assert len(chain) == nx.dag_longest_path_length(d) + 1

    def test_book_chain(self):
        assert rm.longest_chain(G) == (1, 2, 3, 4, 5, 6, 7, 9, 10, 15, 16,
                                       18, 19, 24, 25, 26)

    def test_single_node(self):
        g = rm.make_graph([7], [])
        assert rm.depths(g) == {7: 1}
        assert rm.longest_chain(g) == (7,)

    def test_bad_graph(self):
        for f in (rm.depths, rm.longest_chain, rm.layout):
            with pytest.raises(ValueError, match="graph"):
                f("graph")


class TestLayout:
    def test_columns_are_parts_rows_are_order(self):
        xy = rm.layout(G)
        assert xy.shape == (26, 2)
        np.testing.assert_array_equal(xy[:, 0], G.parts)
        for p in set(G.parts):
            ys = xy[xy[:, 0] == p, 1]
            assert np.all(np.diff(ys) == -1.0)          # one row apart
        assert len({tuple(r) for r in xy}) == 26        # no two coincide
