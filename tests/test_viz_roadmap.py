"""Tests for execmath.viz.roadmap: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch

from execmath import roadmap as rm
from execmath.viz import PALETTE
from execmath.viz import roadmap as rviz

G = rm.book_graph()


def arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


class TestPlotRoadmap:
    def test_one_marker_per_chapter_one_arrow_per_edge(self):
        fig, ax = plt.subplots()
        out = rviz.plot_roadmap(G, ax=ax)
        assert out is ax
        assert len(ax.collections) == 1
        offsets = ax.collections[0].get_offsets()
        assert offsets.shape == (26, 2)
        np.testing.assert_array_equal(offsets, rm.layout(G))
        assert len(arrows(ax)) == len(G.edges)
        numbers = {t.get_text() for t in ax.texts}
        assert {str(v) for v in G.nodes} <= numbers

    def test_highlight_colours_chain(self):
        fig, ax = plt.subplots()
        chain = rm.longest_chain(G)
        rviz.plot_roadmap(G, highlight=chain, part_names=rm.PART_TAGS,
                          ax=ax)
        faces = [to_hex(c) for c in ax.collections[0].get_facecolors()]
        hot = {v for v, c in zip(G.nodes, faces)
               if c == PALETTE[1].lower()}
        assert hot == set(chain)
        hot_arrows = [a for a in arrows(ax)
                      if to_hex(a.get_edgecolor()) == PALETTE[1].lower()]
        assert len(hot_arrows) == len(chain) - 1
        assert any("Optimization" in t.get_text() for t in ax.texts)

    def test_new_axes_when_none(self):
        ax = rviz.plot_roadmap(rm.make_graph([1, 2], [[1, 2]]))
        assert len(ax.collections[0].get_offsets()) == 2

    def test_graph_without_edges(self):
        fig, ax = plt.subplots()
        rviz.plot_roadmap(rm.make_graph([1, 2, 3], [], [1, 2, 2]), ax=ax)
        assert arrows(ax) == []

    @pytest.mark.parametrize("kwargs, match", [
        ({"graph": "G"}, "graph"),
        ({"graph": tuple(G)}, "graph"),
        ({"graph": G, "highlight": [1, 99]}, "highlight"),
        ({"graph": G, "highlight": [1.5]}, "highlight"),
        ({"graph": G, "part_names": ["a"]}, "part_names"),
        ({"graph": G, "part_names": "abc"}, "part_names"),
        ({"graph": G, "ax": "ax"}, "ax"),
        ({"graph": rm.make_graph([1, 2], [], [1, 3])}, "parts"),
    ])
    def test_bad_input_leaves_no_figure(self, kwargs, match):
        before = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=match):
            rviz.plot_roadmap(**kwargs)
        assert len(plt.get_fignums()) == before
