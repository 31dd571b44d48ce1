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
