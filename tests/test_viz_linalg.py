"""Tests for execmath.viz.linalg: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import linalg as la
from execmath.viz import linalg as lviz

A = np.array([[1.0, 0.2], [0.1, 1.0], [0.3, 0.4]])
B = np.array([0.6, 1.0, 1.8])


def axes3d():
    return plt.subplots(subplot_kw={"projection": "3d"})


class TestPlotProjection3D:
    def test_draws_plane_arrows_and_residual(self):
        fig, ax = axes3d()
        out = lviz.plot_projection_3d(A, B, ax=ax)
        assert out is ax
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == [r"plane $\mathrm{col}(A)$", "columns $a_1, a_2$",
                          "$b$", "$Pb$", "$r = b - Pb$"]
        res = la.project_onto_column_space(A, B)
        dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
        xs, ys, zs = dashed[0].get_data_3d()
        np.testing.assert_allclose([xs[0], ys[0], zs[0]], res.projection)
        np.testing.assert_allclose([xs[1], ys[1], zs[1]], B)

    def test_equal_axis_ranges(self):
        fig, ax = axes3d()
        lviz.plot_projection_3d(A, B, ax=ax)
        spans = [np.ptp(f()) for f in (ax.get_xlim, ax.get_ylim,
                                        ax.get_zlim)]
        np.testing.assert_allclose(spans, spans[0])

    def test_new_axes_when_none(self):
        assert lviz.plot_projection_3d(A, B).name == "3d"

    def test_needs_3d_axes(self):
        fig, ax = plt.subplots()
        with pytest.raises(ValueError, match="ax"):
            lviz.plot_projection_3d(A, B, ax=ax)

    def test_bad_shapes(self):
        with pytest.raises(ValueError, match="a must have shape"):
            lviz.plot_projection_3d(np.ones((3, 3)), B)


class TestPlotLstsqStudy:
    @pytest.fixture
    def study(self):
        return la.lstsq_accuracy_study([1.0, 1e3, 1e6], m=10, n=3,
                                       n_trials=2,
                                       rng=np.random.default_rng(0))

    def test_error_panel(self, study):
        fig, ax = plt.subplots()
        assert lviz.plot_lstsq_study(study, ax=ax) is ax
        labels = [ln.get_label() for ln in ax.get_lines()]
        assert labels == ["normal equations", "Householder QR",
                          r"$\kappa u$", r"$\kappa^2 u$"]
        np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(),
                                      study.err_normal)
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"

    def test_residual_panel(self, study):
        fig, ax = plt.subplots()
        lviz.plot_lstsq_study(study, quantity="residual", ax=ax)
        assert len(ax.get_lines()) == 3
        np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(),
                                      study.res_qr)

    def test_bad_quantity(self, study):
        with pytest.raises(ValueError, match="quantity"):
            lviz.plot_lstsq_study(study, quantity="time")


class TestPlotBasisGrid:
    def test_path_ends_at_x(self):
        basis, x = np.array([[1.0, 0.5], [0.25, 1.0]]), np.array([2.5, 1.5])
        fig, ax = plt.subplots()
        assert lviz.plot_basis_grid(basis, x, ax=ax) is ax
        path = [ln for ln in ax.get_lines()
                if ln.get_label().startswith("path")][0]
        xy = np.asarray(path.get_xydata())                   # (3, 2)
        np.testing.assert_allclose(xy[1], 2.0 * basis[:, 0], atol=1e-14)
        np.testing.assert_allclose(xy[-1], x, atol=1e-14)
        assert "2.00" in ax.get_title() and "1.00" in ax.get_title()
        assert ax.get_aspect() == 1.0
        assert len(ax.texts) == 3                      # arrows b1, b2, x

    def test_grid_lines_follow_the_basis(self):
        basis = np.array([[1.0, 0.5], [0.25, 1.0]])
        fig, ax = plt.subplots()
        lviz.plot_basis_grid(basis, [1.0, 1.0], ax=ax, n_lines=2)
        grid = [ln for ln in ax.get_lines() if ln.get_label().startswith("_")
                and len(ln.get_xdata()) == 2]
        assert len(grid) == 2 * 5                     # i = -2..2, 2 families
        d = np.diff(np.asarray(grid[0].get_xydata()), axis=0)[0]
        assert abs(d[0] * basis[1, 1] - d[1] * basis[0, 1]) < 1e-12  # b_2

    def test_bad_shape(self):
        with pytest.raises(ValueError, match="basis"):
            lviz.plot_basis_grid(np.eye(3), [1.0, 1.0, 1.0])

    def test_singular_basis(self):
        with pytest.raises(ValueError, match="basis"):
            lviz.plot_basis_grid([[1.0, 2.0], [1.0, 2.0]], [1.0, 0.0])


class TestPlotSingularValues:
    def test_curve_and_tol_line(self):
        s = np.array([3.0, 1.0, 1e-9, 0.0])
        fig, ax = plt.subplots()
        assert lviz.plot_singular_values(s, tol=1e-6, ax=ax,
                                         label="sv") is ax
        curve, tol = ax.get_lines()
        np.testing.assert_array_equal(curve.get_xdata(), [1, 2, 3, 4])
        assert curve.get_ydata()[-1] > 0               # zero kept on log axis
        assert tol.get_ydata()[0] == 1e-6
        assert tol.get_color() == curve.get_color()
        assert ax.get_yscale() == "log"

    def test_without_tol(self):
        fig, ax = plt.subplots()
        lviz.plot_singular_values([2.0, 1.0], ax=ax)
        assert len(ax.get_lines()) == 1

    def test_negative(self):
        with pytest.raises(ValueError, match="s"):
            lviz.plot_singular_values([1.0, -1.0])
