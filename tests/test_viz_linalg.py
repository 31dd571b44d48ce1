"""Tests for execmath.viz.linalg: the right artists on the given Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from execmath import linalg as la
from execmath.viz import linalg as lviz

# Tolerances below are error bounds in units of EPS = 2u (u = 2**-53, the
# unit roundoff) times an operation count, or exact where the plot only
# passes data through.
EPS = np.finfo(np.float64).eps

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
        # the dashed line joins the computed projection and b: passed on
        np.testing.assert_array_equal([xs[0], ys[0], zs[0]], res.projection)
        np.testing.assert_array_equal([xs[1], ys[1], zs[1]], B)

    def test_equal_axis_ranges(self):
        fig, ax = axes3d()
        lviz.plot_projection_3d(A, B, ax=ax)
        spans = [np.ptp(f()) for f in (ax.get_xlim, ax.get_ylim,
                                        ax.get_zlim)]
        # limits are centre +- half: each span (c + h) - (c - h) has <= 3
        # roundings of magnitude <= |c| + h <= 2 h
        np.testing.assert_allclose(spans, spans[0], rtol=6 * EPS, atol=0)

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

    def test_breakdown_nan_is_a_gap(self):
        """A NaN (Cholesky broke down, as LstsqStudy documents) is drawn
        as a gap, not refused; inf is still refused."""
        st = la.lstsq_accuracy_study([1.0, 1e4, 1e12], m=10, n=3,
                                     n_trials=1, rng=np.random.default_rng(0))
        assert np.isnan(st.err_normal[-1])
        fig, ax = plt.subplots()
        lviz.plot_lstsq_study(st, ax=ax)
        y = ax.get_lines()[0].get_ydata()
        assert np.isnan(y[-1]) and np.all(np.isfinite(y[:-1]))
        bad = st._replace(err_qr=np.array([1e-16, np.inf, 1e-10]))
        n_figs = len(plt.get_fignums())
        with pytest.raises(ValueError, match="study"):
            lviz.plot_lstsq_study(bad)
        assert len(plt.get_fignums()) == n_figs


class TestPlotBasisGrid:
    def test_path_ends_at_x(self):
        basis, x = np.array([[1.0, 0.5], [0.25, 1.0]]), np.array([2.5, 1.5])
        fig, ax = plt.subplots()
        assert lviz.plot_basis_grid(basis, x, ax=ax) is ax
        path = [ln for ln in ax.get_lines()
                if ln.get_label().startswith("path")][0]
        xy = np.asarray(path.get_xydata())                   # (3, 2)
        # c solves B c = x by QR: |c - c_true| <= ~4 kappa(B) u |c| (plus
        # one rounding in c_1 b_1); kappa(B) < 2 here, so 16 EPS |c| |b_1|
        c_true = np.array([2.0, 1.0])
        bound = 16 * EPS * np.linalg.norm(c_true) * np.linalg.norm(basis)
        np.testing.assert_allclose(xy[1], 2.0 * basis[:, 0], rtol=0,
                                   atol=bound)
        np.testing.assert_array_equal(xy[-1], x)      # the path ends at x
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
        # a grid line is t b_2 + i b_1 with |t|, |i| <= n_lines = 2: its
        # direction is b_2 up to roundings of size EPS * 2 * |B| per point;
        # the cross product with b_2 is then <= 8 EPS n_lines |B|^2
        cross = d[0] * basis[1, 1] - d[1] * basis[0, 1]           # b_2
        assert abs(cross) <= 8 * EPS * 2 * np.linalg.norm(basis) ** 2

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


_STUDY = la.lstsq_accuracy_study([1.0, 1e4], m=6, n=3, n_trials=1,
                                 rng=np.random.default_rng(0))
_A3 = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]


@pytest.mark.parametrize("call, name", [
    (lambda: lviz.plot_lstsq_study(None), "study"),
    (lambda: lviz.plot_lstsq_study(_STUDY, quantity="bogus"), "quantity"),
    (lambda: lviz.plot_projection_3d(_A3, [1.0, 2.0, 3.0], elev=np.inf),
     "elev"),
    (lambda: lviz.plot_projection_3d(_A3, [1.0, 2.0, 1e300]), "b"),
    (lambda: lviz.plot_basis_grid(np.eye(2), [1.0, 2.0], n_lines=2**40),
     "n_lines"),
    (lambda: lviz.plot_basis_grid(np.eye(2), [1.0, 2.0], lim=0.0), "lim"),
    (lambda: lviz.plot_basis_grid(np.eye(2), [1.0, 2.0], names=("b",)),
     "names"),
    (lambda: lviz.plot_singular_values([3.0, 1.0], colour="notacolour"),
     "colour"),
    (lambda: lviz.plot_singular_values([3.0, 1.0], marker="bogus"),
     "marker"),
    (lambda: lviz.plot_singular_values([3.0, 1.0], tol=-1.0), "tol"),
    (lambda: lviz.plot_singular_values([1e308, 1.0]), "s"),
    (lambda: lviz.plot_singular_values([3.0, 1.0], ax="ax"), "ax"),
])
def test_linalg_plots_validate_before_drawing(call, name):
    _raises_without_figure(call, name)


def test_basis_grid_n_lines_huge_is_fast():
    # was: a Python loop over 2 * n_lines + 1 lines (hours for 2**40)
    import time
    t0 = time.perf_counter()
    _raises_without_figure(
        lambda: lviz.plot_basis_grid(np.eye(2), [1.0, 1.0], n_lines=10**30),
        "n_lines")
    assert time.perf_counter() - t0 < 1.0
