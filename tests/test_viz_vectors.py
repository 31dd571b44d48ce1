"""Tests for execmath.viz.vectors: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import vectors
from execmath.viz import vectors as vviz

# Tolerances below are error bounds in units of EPS = 2u (u = 2**-53, the
# unit roundoff) times an operation count, or exact where the plot only
# passes data through.
EPS = np.finfo(np.float64).eps

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
            # d / ||d||_p, then ||.||_p again: each p-norm of a 2-vector is
            # 2 powers, 1 sum, 1 root (the root divides the powers' error by
            # p), <= 6u; twice plus the division: 13u < 8 EPS
            np.testing.assert_allclose(np.linalg.norm(xy, ord=p, axis=1),
                                       1.0, rtol=0, atol=8 * EPS)
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
        # the reference line is 1 / sqrt(d) computed the same way
        np.testing.assert_array_equal(ref.get_ydata(),
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
        # the curve is cos(radians(theta)) computed the same way
        np.testing.assert_array_equal(curve.get_ydata(),
                                      np.cos(np.radians(curve.get_xdata())))
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
        # residual = v - c u with c = (v.u)/(u.u): orthogonal to u up to
        # a few roundings relative to |v| |u| (Higham 2002, eq. 3.5):
        # <= 8 EPS |v| |u|
        v, u = np.array([1.0, 2.4]), np.array([3.0, 1.0])
        assert abs(np.dot(xy[1] - xy[0], u)) <= (
            8 * EPS * np.linalg.norm(v) * np.linalg.norm(u))
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


# ------------------------------------------------------------------ issue 8
# Every argument is validated before a figure exists: a call that raises
# names the bad argument and leaves no figure open (conftest closes figures
# only after the test, so a leak shows here), and ``ax`` must be an Axes.
def _raises_without_figure(call, name):
    plt.close("all")
    with pytest.raises((ValueError, TypeError),
                       match=rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_])"):
        call()
    assert plt.get_fignums() == []


@pytest.mark.parametrize("call, name", [
    (lambda: vviz.plot_unit_balls((1, np.nan)), "ps"),
    (lambda: vviz.plot_unit_balls(None), "ps"),
    (lambda: vviz.plot_unit_balls((1, 2), n_points=0), "n_points"),
    (lambda: vviz.plot_unit_balls((1, 2), n_points=2**40), "n_points"),
    (lambda: vviz.plot_angle_cosine({3: [0.1]}, coverage="0.9"), "coverage"),
    (lambda: vviz.plot_angle_cosine(3), "samples"),
    (lambda: vviz.plot_angle_cosine({3: [2.0]}), "samples"),
    (lambda: vviz.plot_projection([1e308, 1.0], [1.0, 0.0]), "v"),
    (lambda: vviz.plot_decision_regions([[0.0, 0.0], [1.0, 1.0]], 2,
                                        n_grid=10**6), "n_grid"),
    (lambda: vviz.plot_cosine_spread(None), "spread"),
    (lambda: vviz.plot_projection([1.0, 2.0], [1.0, 0.0], ax=3), "ax"),
])
def test_vectors_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


@pytest.mark.parametrize("k", [-270, -150, 0, 150, 299])
def test_projection_plot_is_scale_free(k):
    # lengths are computed with norm2: no overflow/underflow warning (an
    # error under the test configuration) at any scale 10**k that matplotlib
    # can draw (it treats ranges below ~2e-287 as singular)
    ax = vviz.plot_projection(np.array([2.0, 3.0]) * 10.0**k,
                              np.array([1.0, 0.5]) * 10.0**k)
    assert len(ax.get_lines()) >= 3


def test_projection_plot_refuses_undrawably_small_picture():
    _raises_without_figure(
        lambda: vviz.plot_projection([2e-300, 3e-300], [1e-300, 0.0]), "u")


# ------------------------------------------------------ issue 9 additions
class TestPlotDecisionInset:
    PROTOS = [[-1.6, -0.9], [1.7, -1.3], [0.3, 1.9], [0.9, 0.2]]

    def test_inset_on_given_axes(self):
        fig, ax = plt.subplots()
        ins = vviz.plot_decision_inset(self.PROTOS, 2, [-0.8, 0.55], ax=ax,
                                       half_width=0.15, n_grid=31)
        assert ins in ax.child_axes
        assert ins.get_xlim() == pytest.approx((-0.95, -0.65))
        assert len(ins.collections) == 2            # mesh and star
        assert len(ax.get_lines()) == 1             # the outlined square
        assert ins.get_xticks().size == 0

    def test_new_figure_when_none(self):
        n = len(plt.get_fignums())
        vviz.plot_decision_inset(self.PROTOS, 1, [0.0, 0.0], n_grid=11)
        assert len(plt.get_fignums()) == n + 1

    @pytest.mark.parametrize("kwargs, name", [
        (dict(center=[0.0]), "center"), (dict(center=[0.0, np.nan]), "center"),
        (dict(half_width=0.0), "half_width"), (dict(half_width=-1.0), "half_width"),
        (dict(bounds=(0.1, 0.1, 0.0, 0.3)), "bounds"), (dict(n_grid=1), "n_grid"),
        (dict(p=0.5), "p"), (dict(prototypes=[[0.0, 0.0, 1.0]]), "prototypes")])
    def test_bad_input_before_drawing(self, kwargs, name):
        args = dict(prototypes=self.PROTOS, p=2, center=[0.0, 0.0])
        args.update(kwargs)
        n = len(plt.get_fignums())
        with pytest.raises(ValueError, match=name):
            vviz.plot_decision_inset(args.pop("prototypes"), args.pop("p"),
                                     args.pop("center"), **args)
        assert len(plt.get_fignums()) == n

    def test_bad_ax(self):
        with pytest.raises(TypeError, match="ax"):
            vviz.plot_decision_inset(self.PROTOS, 2, [0.0, 0.0], ax="no")


class TestPlotCosineHistograms:
    def test_draws_histograms_and_reference(self):
        g = np.random.default_rng(0)
        samples = {"a": g.normal(0, 0.1, 500), "b": g.normal(0.2, 0.1, 500)}
        fig, ax = plt.subplots()
        assert vviz.plot_cosine_histograms(samples, d=100, ax=ax) is ax
        assert len(ax.patches) == 2                 # two step histograms
        assert [ln.get_label() for ln in ax.get_lines()] == [
            r"$\mathcal{N}(0, 1/100)$"]
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[:2] == ["a", "b"]

    @pytest.mark.parametrize("samples, name", [
        ({}, "samples"), ({"a": [0.1, 1.5]}, "samples"),
        ({"a": [0.1, np.nan]}, "samples"), ([0.1, 0.2], "samples")])
    def test_bad_samples(self, samples, name):
        n = len(plt.get_fignums())
        with pytest.raises((ValueError, TypeError), match=name):
            vviz.plot_cosine_histograms(samples)
        assert len(plt.get_fignums()) == n

    def test_bad_d_and_bins(self):
        with pytest.raises(ValueError, match="d"):
            vviz.plot_cosine_histograms({"a": [0.1]}, d=1)
        with pytest.raises(ValueError, match="bins"):
            vviz.plot_cosine_histograms({"a": [0.1]}, bins=1)
