"""Tests for execmath.viz.surfaces."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from mpl_toolkits.mplot3d import Axes3D
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from execmath import surfaces as sf
from execmath.viz import surfaces as sfviz


@pytest.fixture
def field():
    return sf.evaluate_on_grid(sf.gaussian_bump, n=21)


def test_surface3d_on_given_axes(field):
    fig, ax = plt.subplots(subplot_kw={"projection": "3d"})
    out = sfviz.plot_surface3d(*field, ax=ax)
    assert out is ax
    polys = [c for c in ax.collections if isinstance(c, Poly3DCollection)]
    assert len(polys) == 1
    fig.canvas.draw()                             # facets are projected on draw
    assert len(polys[0].get_paths()) == 20 * 20   # one facet per grid cell
    assert ax.get_zlabel() == "z"


def test_surface3d_makes_3d_axes(field):
    ax = sfviz.plot_surface3d(*field)
    assert isinstance(ax, Axes3D)


def test_surface3d_rejects_2d_axes(field):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="ax"):
        sfviz.plot_surface3d(*field, ax=ax)


def test_surface3d_bad_shapes(field):
    X, Y, Z = field
    with pytest.raises(ValueError, match="X, Y and Z"):
        sfviz.plot_surface3d(X, Y, Z[:-1])
    with pytest.raises(ValueError, match="Z"):
        sfviz.plot_surface3d(X, Y, Z.ravel())


def test_contours(field):
    fig, ax = plt.subplots()
    out = sfviz.plot_contours(*field, ax=ax, levels=[0.25, 0.5, 0.75])
    assert out is ax
    assert ax.get_aspect() == 1.0
    assert len(ax.collections) == 2    # filled bands + level lines
    assert len(ax.texts) >= 3          # at least one label per level


def test_contours_bad():
    with pytest.raises(ValueError, match="X"):
        sfviz.plot_contours(np.zeros(3), np.zeros((3, 3)), np.zeros((3, 3)))


def test_claim_fig_py_gaussian_bump_contours():
    """Fig. fig-py-gaussian-bump, right panel: "the level curves are
    concentric circles". Tested on the chapter's grid and levels: every
    vertex of the drawn level line z = c lies at radius sqrt(-ln c) from
    the origin. Contouring interpolates linearly between grid nodes
    (spacing h = 4/60), so a vertex is off the true curve by at most
    h^2/8 times the curvature of z along the cell edge over |grad z|;
    0.01 covers it for these levels."""
    field = sf.evaluate_on_grid(sf.gaussian_bump, (-2, 2), (-2, 2), 61)
    fig, ax = plt.subplots()
    levels = np.linspace(0, 1, 11)
    sfviz.plot_contours(*field, ax=ax, levels=levels)
    assert ax.get_aspect() == 1.0                  # circles look round
    checked = 0
    for c in ax.collections:
        levs = getattr(c, "levels", None)
        if levs is None or getattr(c, "filled", True):
            continue
        for level, path in zip(levs, c.get_paths()):
            if not 0 < level < 1 or len(path.vertices) == 0:
                continue
            r = np.hypot(*path.vertices.T)
            np.testing.assert_allclose(r, np.sqrt(-np.log(level)), atol=0.01)
            checked += 1
    assert checked >= 8                 # the levels 0.1, ..., 0.9 are drawn
    plt.close(fig)


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


_G = sf.evaluate_on_grid(lambda x, y: x**2 - y**2, n=9)


@pytest.mark.parametrize("call, name", [
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z, levels=0), "levels"),
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z, levels=[1.0]), "levels"),
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z, levels=[2.0, 1.0]),
     "levels"),
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z, cmap="bogus"), "cmap"),
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z, filled="no"), "filled"),
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z * 1e307), "Z"),
    (lambda: sfviz.plot_surface3d(_G.X, _G.Y, _G.Z, elev=np.nan), "elev"),
    (lambda: sfviz.plot_surface3d(_G.X, _G.Y, _G.Z * 1e200), "Z"),
    (lambda: sfviz.plot_surface3d(_G.X, _G.Y, _G.Z, zlabel=None), "zlabel"),
    (lambda: sfviz.plot_contours(_G.X, _G.Y, _G.Z, ax="ax"), "ax"),
])
def test_surfaces_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


def test_contours_of_constant_field_draw_nothing_without_warning():
    ax = sfviz.plot_contours(_G.X, _G.Y, np.zeros_like(_G.Z), filled=False)
    assert ax.get_aspect() == 1.0
