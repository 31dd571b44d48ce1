"""Tests for execmath.viz.vectors: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import vectors
from execmath.viz import vectors as vviz

INF = np.inf
PROTOTYPES = np.array([[-1.6, -0.9], [1.7, -1.3], [0.3, 1.9], [0.9, 0.2]])


def test_norm_label():
    assert vviz.norm_label(1) == r"$\ell_{1}$"
    assert vviz.norm_label(1.5) == r"$\ell_{1.5}$"
    assert vviz.norm_label(INF) == r"$\ell_\infty$"
    with pytest.raises(ValueError, match="p"):
        vviz.norm_label(0.5)


class TestPlotUnitBalls:
    def test_one_curve_per_norm_with_unit_norm_points(self):
        fig, ax = plt.subplots()
        out = vviz.plot_unit_balls((1, 2, INF), ax=ax)
        assert out is ax
        curves = [ln for ln in ax.get_lines() if ln.get_label().startswith("$")]
        assert [ln.get_label() for ln in curves] == [
            r"$\ell_{1}$", r"$\ell_{2}$", r"$\ell_\infty$"]
        for ln, p in zip(curves, (1, 2, INF)):
            xy = np.asarray(ln.get_xydata())                 # (n, 2)
            np.testing.assert_allclose(np.linalg.norm(xy, ord=p, axis=1),
                                       1.0, atol=1e-12)
        assert len(ax.patches) == 3                         # light fills
        assert ax.get_aspect() == 1.0

    def test_empty_ps(self):
        with pytest.raises(ValueError, match="ps"):
            vviz.plot_unit_balls(())

    def test_bad_p(self):
        with pytest.raises(ValueError, match="p"):
            vviz.plot_unit_balls((1, 0.5))


class TestPlotDecisionRegions:
    def test_mesh_matches_decision_grid(self):
        fig, ax = plt.subplots()
        out = vviz.plot_decision_regions(PROTOTYPES, 1, n_grid=41, ax=ax,
                                         queries=[[-0.8, 0.55]])
        assert out is ax
        mesh = ax.collections[0]
        grid = vectors.decision_grid(PROTOTYPES, 1, n_grid=41)
        np.testing.assert_array_equal(np.asarray(mesh.get_array()).ravel(),
                                      grid.labels.ravel())
        assert len(ax.collections) == 3          # mesh, prototypes, query
        assert ax.get_aspect() == 1.0
        assert r"\ell_{1}" in ax.get_title()

    def test_bad_queries(self):
        with pytest.raises(ValueError, match="queries"):
            vviz.plot_decision_regions(PROTOTYPES, 2, queries=[[1, 2, 3]])

    def test_bad_prototypes(self):
        with pytest.raises(ValueError, match="prototypes"):
            vviz.plot_decision_regions(np.zeros((3, 3)), 2)


class TestPlotCosine:
    def test_spread_plot_is_log_log_with_reference(self):
        s = vectors.cosine_spread([2, 20, 200], 200,
                                  rng=np.random.default_rng(0))
        fig, ax = plt.subplots()
        out = vviz.plot_cosine_spread(s, ax=ax)
        assert out is ax
        assert ax.get_xscale() == ax.get_yscale() == "log"
        ref, pts = ax.get_lines()
        np.testing.assert_allclose(ref.get_ydata(),
                                   1 / np.sqrt(ref.get_xdata()))
        np.testing.assert_array_equal(pts.get_ydata(), s.std)

    def test_spread_needs_record(self):
        with pytest.raises(ValueError, match="spread"):
            vviz.plot_cosine_spread({"std": [1.0]})

    def test_angle_cosine_bands(self):
        rng = np.random.default_rng(0)
        samples = {d: vectors.random_cosine_similarities(d, 500, rng=rng)
                   for d in (3, 300)}
        fig, ax = plt.subplots()
        out = vviz.plot_angle_cosine(samples, ax=ax)
        assert out is ax
        curve = ax.get_lines()[0]
        np.testing.assert_allclose(curve.get_ydata(),
                                   np.cos(np.radians(curve.get_xdata())),
                                   atol=1e-15)
        assert len(ax.patches) == 2
        # the high-dimensional band is narrower and contains 90 degrees
        (lo3, hi3), (lo300, hi300) = [(p.get_x(), p.get_x() + p.get_width())
                                      for p in ax.patches]
        assert hi300 - lo300 < hi3 - lo3
        assert lo300 < 90 < hi300

    def test_bad_coverage(self):
        with pytest.raises(ValueError, match="coverage"):
            vviz.plot_angle_cosine(coverage=1.5)


class TestPlotProjection:
    def test_artists_and_right_angle(self):
        fig, ax = plt.subplots()
        out = vviz.plot_projection([1.0, 2.4], [3.0, 1.0], ax=ax)
        assert out is ax
        assert len(ax.texts) == 3                       # three arrows
        labels = [ln.get_label() for ln in ax.get_lines()]
        assert any("residual" in lab for lab in labels)
        res = next(ln for ln in ax.get_lines() if "residual" in ln.get_label())
        xy = np.asarray(res.get_xydata())               # (2, 2)
        assert abs(np.dot(xy[1] - xy[0], [3.0, 1.0])) < 1e-12
        assert ax.get_aspect() == 1.0

    def test_on_line_has_no_marker(self):
        fig, ax = plt.subplots()
        vviz.plot_projection([2.0, 0.0], [1.0, 0.0], ax=ax)
        fig2, ax2 = plt.subplots()
        vviz.plot_projection([2.0, 1.0], [1.0, 0.0], ax=ax2)
        assert len(ax2.get_lines()) == len(ax.get_lines()) + 1

    def test_needs_plane_vectors(self):
        with pytest.raises(ValueError, match="v and u"):
            vviz.plot_projection([1.0, 2.0, 3.0], [1.0, 0.0, 0.0])
