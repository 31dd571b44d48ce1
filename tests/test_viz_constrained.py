"""Tests for execmath.viz.constrained: the right artists on the given Axes,
and bad input rejected before any figure exists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle
from matplotlib.quiver import Quiver

from execmath import constrained as cons
from execmath import optim
from execmath.viz import constrained as cviz

LO, HI = np.zeros(2), np.ones(2)


@pytest.fixture
def q():
    return optim.make_quadratic([1.0, 6.0], angle=np.pi / 12,
                                center=[1.3, 1.4])


@pytest.fixture
def runs(q):
    proj = lambda z: cons.project_box(z, LO, HI)                 # noqa: E731
    pgd = cons.projected_gradient_descent(q.value, q.gradient, proj,
                                          [0.05, 0.05], 1 / 6, 30)
    gd = optim.gradient_descent(q.gradient, [0.05, 0.05], 1 / 6, 30)
    return pgd, gd


class TestPlotBoxDescent:
    def test_projected_run(self, q, runs):
        pgd, _ = runs
        fig, ax = plt.subplots()
        out = cviz.plot_box_descent(q.value, pgd, LO, HI, label="PGD",
                                    x_star=pgd.iterates[-1], ax=ax)
        assert out is ax
        boxes = [p for p in ax.patches if isinstance(p, Rectangle)
                 and p.get_label() == "feasible box"]
        assert len(boxes) == 1
        assert boxes[0].get_xy() == (0.0, 0.0)
        assert boxes[0].get_width() == 1.0 and boxes[0].get_height() == 1.0
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(lines["PGD"].get_xydata(),
                                      pgd.iterates)
        # hollow markers: exactly the proposals that left the box
        prop = lines["unprojected step"].get_xydata()
        outside = ~np.all(np.isclose(pgd.proposals, pgd.iterates[1:]), axis=1)
        np.testing.assert_array_equal(prop, pgd.proposals[outside])
        assert prop.shape[0] > 0
        assert np.all(np.any((prop < LO) | (prop > HI), axis=1))
        assert "start" in lines and "minimiser" in lines
        assert ax.get_aspect() == 1.0

    def test_unconstrained_run_has_no_proposals(self, q, runs):
        _, gd = runs
        fig, ax = plt.subplots()
        cviz.plot_box_descent(q.value, gd, LO, HI, label="GD", ax=ax)
        labels = [ln.get_label() for ln in ax.get_lines()]
        assert "unprojected step" not in labels and "GD" in labels

    def test_array_path_and_new_axes(self, q):
        ax = cviz.plot_box_descent(q.value, np.array([[0.0, 0.0],
                                                      [0.5, 0.5]]), LO, HI)
        assert ax is not None and len(ax.get_lines()) >= 2

    @pytest.mark.parametrize("kw, match", [
        (dict(run=np.ones((3, 3))), "run"),
        (dict(lower=[1.0, 1.0]), "lower and upper"),
        (dict(upper=[1.0]), "lower and upper"),
        (dict(xlim=(1.0, 0.0)), "xlim"),
        (dict(x_star=[1.0]), "x_star"),
        (dict(f=None), "f must be callable"),
        (dict(f=lambda p: 1.0), "f must map"),
        (dict(show_proposals="yes"), "show_proposals"),
        (dict(levels=0), "levels"),
        (dict(levels=2**40), "levels"),
        (dict(levels=[1.0, 0.5]), "levels"),
        (dict(color="bogus"), "color"),
        (dict(xlim=(0.0, 1e300)), "xlim"),
    ])
    def test_bad_input_leaves_no_figure(self, q, runs, kw, match):
        args = dict(f=q.value, run=runs[0], lower=LO, upper=HI)
        args.update(kw)
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match=match):
            cviz.plot_box_descent(**args)
        assert len(plt.get_fignums()) == before

    @pytest.mark.parametrize("kw, match", [
        (dict(ax="not an Axes"), "ax"), (dict(levels=2.5), "levels"),
        (dict(label=3), "label"), (dict(lower=[1j, 0.0]), "lower"),
    ])
    def test_wrong_types(self, q, runs, kw, match):
        args = dict(f=q.value, run=runs[0], lower=LO, upper=HI)
        args.update(kw)
        before = len(plt.get_fignums())
        with pytest.raises(TypeError, match=match):
            cviz.plot_box_descent(**args)
        assert len(plt.get_fignums()) == before


class TestPlotKKTTangency:
    @pytest.fixture
    def problem(self):
        q = optim.make_quadratic([1.0, 4.0], angle=np.pi / 6,
                                 center=[1.2, 0.9])
        return q, cons.solve_eq_qp(q, [[1.0, 1.0]], [1.0])

    def test_arrows_level_set_and_line(self, problem):
        q, sol = problem
        fig, ax = plt.subplots()
        out = cviz.plot_kkt_tangency(q, [1.0, 1.0], 1.0, sol, ax=ax,
                                     arrow_length=0.4)
        assert out is ax
        quivers = [c for c in ax.collections if isinstance(c, Quiver)]
        assert len(quivers) == 1
        qv = quivers[0]
        np.testing.assert_allclose(qv.X, sol.x[0])
        np.testing.assert_allclose(qv.Y, sol.x[1])
        vecs = np.column_stack([qv.U, qv.V])                   # (2, 2)
        np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 0.4)
        # first arrow: direction of grad f, second: the normal a
        g = q.gradient(sol.x)
        np.testing.assert_allclose(vecs[0], 0.4 * g / np.linalg.norm(g))
        np.testing.assert_allclose(vecs[1], 0.4 * np.array([1, 1]) / 2**0.5)
        # the two arrows are antiparallel (lambda > 0)
        assert vecs[0] @ vecs[1] == pytest.approx(-0.16, rel=1e-10)
        labels = [ln.get_label() for ln in ax.get_lines()]
        assert "constraint $x_1 + x_2 = 1$" in labels
        line = [ln for ln in ax.get_lines()
                if ln.get_label().startswith("constraint")][0]
        xy = line.get_xydata()
        np.testing.assert_allclose(xy.sum(axis=1), 1.0, atol=1e-12)
        star = [ln for ln in ax.get_lines()
                if ln.get_label().startswith("constrained optimum")][0]
        np.testing.assert_allclose(star.get_xydata()[0], sol.x)

    def test_linear_form_labels(self, problem):
        q, _ = problem
        sol = cons.solve_eq_qp(q, [[2.0, -1.0]], [0.5])
        fig, ax = plt.subplots()
        cviz.plot_kkt_tangency(q, [2.0, -1.0], 0.5, sol, ax=ax)
        labels = [ln.get_label() for ln in ax.get_lines()]
        assert "constraint $2x_1 - x_2 = 0.5$" in labels

    @pytest.mark.parametrize("kw, match", [
        (dict(a=[0.0, 0.0]), "a must be a non-zero"),
        (dict(a=[1.0]), "a must have shape"),
        (dict(b=2.0), "solution must satisfy"),
        (dict(solution=(1, 2)), "solution"),
        (dict(q=np.eye(2)), "q must be"),
        (dict(n_levels=0), "n_levels"),
        (dict(arrow_length=-1.0), "arrow_length"),
        (dict(ylim=(0.0, 0.0)), "ylim"),
        (dict(arrow_length=1e308), "arrow_length"),
        (dict(a=[1e-300, 1e-300]), "solution must satisfy"),
    ])
    def test_bad_input_leaves_no_figure(self, problem, kw, match):
        q, sol = problem
        args = dict(q=q, a=[1.0, 1.0], b=1.0, solution=sol)
        args.update(kw)
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match=match):
            cviz.plot_kkt_tangency(**args)
        assert len(plt.get_fignums()) == before

    def test_wrong_ax_type(self, problem):
        q, sol = problem
        with pytest.raises(TypeError, match="ax"):
            cviz.plot_kkt_tangency(q, [1.0, 1.0], 1.0, sol, ax=3)
