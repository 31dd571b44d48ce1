"""Tests for execmath.constrained against SciPy, closed forms and laws.

Oracles: ``scipy.optimize.minimize`` (SLSQP, L-BFGS-B with bounds,
trust-constr with ``LinearConstraint``), ``scipy.optimize.brentq`` for the
simplex threshold, direct solves of the KKT matrix, closed-form multipliers,
and Hypothesis properties that every Euclidean projection onto a closed
convex set must have (feasible, idempotent, non-expansive, obtuse angle).
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize, special

from execmath import constrained as cons
from execmath import optim

U = 2.0**-53                          # unit roundoff of float64

# The chapter's examples (chapters/16-constrained-convex.qmd).
BOX_EIGS, BOX_ANGLE, BOX_CENTER = (1.0, 6.0), np.pi / 12, (1.3, 1.4)
BOX_LO, BOX_HI, BOX_X0 = np.zeros(2), np.ones(2), np.array([0.05, 0.05])
BOX_STEP, BOX_STEPS, BOX_TOL = 1.0 / 6.0, 300, 1e-12
KKT_EIGS, KKT_ANGLE, KKT_CENTER = (1.0, 4.0), np.pi / 6, (1.2, 0.9)
KKT_A, KKT_B = np.array([[1.0, 1.0]]), np.array([1.0])


def box_problem():
    return optim.make_quadratic(BOX_EIGS, angle=BOX_ANGLE, center=BOX_CENTER)


def box_run(q, n_steps=BOX_STEPS, tol=BOX_TOL):
    return cons.projected_gradient_descent(
        q.value, q.gradient, lambda z: cons.project_box(z, BOX_LO, BOX_HI),
        BOX_X0, BOX_STEP, n_steps, tol=tol)


def slsqp(fun, jac, x0, **kw):
    # ftol 1e-12: SLSQP stops when f changes by less than this; near a
    # minimum with curvature of order one the error in x is then at most
    # ~ sqrt(1e-12) = 1e-6, the tolerance used against it below
    res = optimize.minimize(fun, x0, jac=jac, method="SLSQP",
                            options={"ftol": 1e-12, "maxiter": 500}, **kw)
    assert res.success, res.message
    return res.x


# ------------------------------------------------------------- strategies
def vectors(n, lo=-1e3, hi=1e3):
    return st.lists(st.floats(lo, hi, allow_nan=False), min_size=n,
                    max_size=n).map(np.array)


@st.composite
def point_pairs(draw):
    n = draw(st.integers(1, 7))
    return draw(vectors(n)), draw(vectors(n))


def scale(*arrays):
    return max([1.0] + [float(np.max(np.abs(a))) for a in arrays])


# ------------------------------------------------------------------- box
class TestProjectBox:
    def test_matches_clip(self):
        x = np.random.default_rng(0).normal(size=(5, 3)) * 3
        lo, hi = np.array([-1.0, 0.0, -2.0]), np.array([1.0, 0.5, 2.0])
        np.testing.assert_array_equal(cons.project_box(x, lo, hi),
                                      np.clip(x, lo, hi))

    def test_infinite_sides(self):
        out = cons.project_box([5.0, -5.0], [0.0, -np.inf], [np.inf, 1.0])
        assert out.tolist() == [5.0, -5.0]

    def test_extreme_values(self):
        out = cons.project_box([1e308, -1e308, 5e-324], -1.0, 1.0)
        assert out.tolist() == [1.0, -1.0, 5e-324]

    @pytest.mark.parametrize("kw, match", [
        (dict(lower=2.0, upper=1.0), "lower must be <= upper"),
        (dict(lower=np.inf, upper=np.inf), "lower must not be"),
        (dict(lower=0.0, upper=-np.inf), "upper must not be"),
        (dict(lower=[0.0, 0.0, 0.0], upper=1.0), "lower"),
        (dict(lower=np.nan, upper=1.0), "lower"),
    ])
    def test_bad_bounds(self, kw, match):
        with pytest.raises(ValueError, match=match):
            cons.project_box([0.5, 0.5], **kw)

    @pytest.mark.parametrize("x, err", [
        ([np.nan, 0.0], ValueError), ([np.inf, 0.0], ValueError),
        ([], ValueError), (3.0, ValueError), (None, TypeError),
        ("ab", TypeError), ([True, False], TypeError),
        ([1j, 0.0], TypeError), ([[1.0], [1.0, 2.0]], ValueError),
    ])
    def test_bad_x(self, x, err):
        with pytest.raises(err, match="x"):
            cons.project_box(x, 0.0, 1.0)


# ------------------------------------------------------------------ ball
class TestProjectBall:
    def test_inside_is_unchanged(self):
        x = np.array([0.3, -0.4])
        np.testing.assert_array_equal(cons.project_ball(x), x)

    def test_matches_slsqp(self):
        rng = np.random.default_rng(1)
        c, r = rng.normal(size=4), 0.7
        x = c + 3 * rng.normal(size=4)
        # start off-centre: at p = c the constraint's gradient vanishes
        ref = slsqp(lambda p: np.sum((p - x) ** 2), lambda p: 2 * (p - x),
                    c + 0.1, constraints=[{"type": "ineq",
                                  "fun": lambda p: r**2 - np.sum((p - c)**2),
                                  "jac": lambda p: -2 * (p - c)}])
        # SLSQP with ftol 1e-12 on a problem of unit curvature: <= 1e-6
        np.testing.assert_allclose(cons.project_ball(x, r, c), ref,
                                   atol=1e-6)

    def test_stack_along_last_axis(self):
        X = np.array([[3.0, 4.0], [0.1, 0.0], [0.0, -2.0]])
        out = cons.project_ball(X)
        np.testing.assert_allclose(out, [[0.6, 0.8], [0.1, 0.0], [0, -1.0]],
                                   rtol=4 * U)

    @pytest.mark.parametrize("s", [1e-300, 1e300])
    def test_extreme_scales(self, s):
        # np.linalg.norm of [s, s] would underflow / overflow
        out = cons.project_ball([s, s], radius=1.0)
        if s > 1:
            np.testing.assert_allclose(out, [2**-0.5] * 2, rtol=4 * U)
        else:
            assert out.tolist() == [s, s]
        c = np.array([-1e308, 1e308])
        big = cons.project_ball([1e308, -1e308], radius=1e300, center=c)
        # ||x - c|| = 2.8e308 overflows unscaled; the answer c + r u is
        # exact to one rounding of c, i.e. relative eps |c| / r to the radius
        np.testing.assert_allclose(np.linalg.norm((big - c) / 1e300), 1.0,
                                   rtol=4 * U * 1e308 / 1e300)
        np.testing.assert_allclose((big - c) / 1e300, [2**-0.5, -2**-0.5],
                                   rtol=4 * U * 1e308 / 1e300)

    @pytest.mark.parametrize("kw, err, match", [
        (dict(radius=0.0), ValueError, "radius"),
        (dict(radius=-1.0), ValueError, "radius"),
        (dict(radius=np.inf), ValueError, "radius"),
        (dict(radius=True), TypeError, "radius"),
        (dict(radius="1"), TypeError, "radius"),
        (dict(radius=10**400), ValueError, "radius"),   # no OverflowError
        (dict(center=[0.0]), ValueError, "center"),
        (dict(center=[np.nan, 0.0]), ValueError, "center"),
    ])
    def test_bad_input(self, kw, err, match):
        with pytest.raises(err, match=match):
            cons.project_ball([1.0, 2.0], **kw)

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            cons.project_ball([np.nan, 1.0])


# --------------------------------------------------------------- simplex
def simplex_by_bisection(x, z=1.0):
    """Oracle: the threshold theta solves sum(max(x - theta, 0)) = z,
    a monotone equation solved by Brent's method (independent of sorting)."""
    phi = lambda th: np.sum(np.maximum(x - th, 0.0)) - z          # noqa: E731
    theta = optimize.brentq(phi, x.min() - z, x.max(), xtol=1e-300,
                            rtol=4 * np.finfo(float).eps)   # brentq's min
    return np.maximum(x - theta, 0.0)


class TestProjectSimplex:
    def test_doc_example(self):
        np.testing.assert_allclose(cons.project_simplex([0.5, 0.2, -0.4]),
                                   [0.65, 0.35, 0.0], atol=4 * U)

    @pytest.mark.parametrize("seed", range(5))
    def test_matches_bisection(self, seed):
        rng = np.random.default_rng(seed)
        x, z = rng.normal(size=9) * 2, rng.uniform(0.5, 3)
        # both are exact up to rounding of sums of 9 terms of size <= |x|
        np.testing.assert_allclose(cons.project_simplex(x, z),
                                   simplex_by_bisection(x, z),
                                   atol=64 * 9 * U * (1 + np.abs(x).max()))

    @pytest.mark.parametrize("seed", range(3))
    def test_matches_slsqp_qp(self, seed):
        """Brute force: the projection as a generic QP solved by SLSQP."""
        rng = np.random.default_rng(10 + seed)
        x = rng.normal(size=5)
        ref = slsqp(lambda p: np.sum((p - x) ** 2), lambda p: 2 * (p - x),
                    np.full(5, 0.2), bounds=[(0, None)] * 5,
                    constraints=[{"type": "eq", "fun": lambda p: p.sum() - 1,
                                  "jac": lambda p: np.ones(5)}])
        np.testing.assert_allclose(cons.project_simplex(x), ref, atol=1e-6)

    def test_matches_trust_constr(self):
        x = np.array([0.9, -0.3, 0.4, 0.05])
        res = optimize.minimize(
            lambda p: np.sum((p - x) ** 2), np.full(4, 0.25),
            jac=lambda p: 2 * (p - x), hess=lambda p: 2 * np.eye(4),
            method="trust-constr", bounds=optimize.Bounds(0, np.inf),
            constraints=optimize.LinearConstraint(np.ones((1, 4)), 1, 1),
            options={"gtol": 1e-12, "xtol": 1e-14})
        # interior-point barrier: the solution is accurate to ~ its xtol
        np.testing.assert_allclose(cons.project_simplex(x), res.x, atol=1e-6)

    def test_rows_of_a_stack(self):
        X = np.random.default_rng(3).normal(size=(4, 6))
        out = cons.project_simplex(X)
        for row, o in zip(X, out):
            np.testing.assert_allclose(o, simplex_by_bisection(row),
                                       atol=64 * 6 * U * 4)

    def test_shift_invariance(self):
        x = np.array([0.3, 0.1, -0.2])
        np.testing.assert_allclose(cons.project_simplex(x + 1e6),
                                   cons.project_simplex(x), atol=1e6 * 4 * U)

    @pytest.mark.parametrize("x", [[1e308, -1e308, 0.0], [-1e308, -1e308],
                                   [5e-324, 0.0, 1e-300], [1e300, 1e300]])
    def test_extreme_values(self, x):
        out = cons.project_simplex(x)
        assert np.all(out >= 0) and np.all(np.isfinite(out))
        assert abs(out.sum() - 1) <= 4 * len(x) * U

    @pytest.mark.parametrize("z", [1e-300, 1e300])
    def test_extreme_radius(self, z):
        out = cons.project_simplex([0.3, 0.2, 0.9], radius=z)
        assert np.all(np.isfinite(out))
        np.testing.assert_allclose(out.sum(), z, rtol=16 * U)

    @pytest.mark.parametrize("kw, err", [
        (dict(x=[np.nan, 1.0]), ValueError), (dict(x=[]), ValueError),
        (dict(x=None), TypeError), (dict(x=[1 + 1j]), TypeError),
        (dict(x=2.0), ValueError),
    ])
    def test_bad_x(self, kw, err):
        with pytest.raises(err, match="x"):
            cons.project_simplex(**kw)

    @pytest.mark.parametrize("z", [0.0, -1.0, np.nan, np.inf])
    def test_bad_radius(self, z):
        with pytest.raises(ValueError, match="radius"):
            cons.project_simplex([0.2, 0.3], radius=z)


# -------------------------------------------- projection laws (Hypothesis)
BOX = (np.array([-1.0, 0.0, -5.0, 2.0, -0.5, 0.0, -3.0]),
       np.array([1.0, 0.0, 5.0, 9.0, 0.5, 1e3, 3.0]))


def projectors(n):
    lo, hi = BOX[0][:n], BOX[1][:n]
    c = np.linspace(-1.0, 1.0, n)
    return {
        "box": (lambda x: cons.project_box(x, lo, hi), 0.0),
        "ball": (lambda x: cons.project_ball(x, 2.5, c), 2.5),
        "simplex": (lambda x: cons.project_simplex(x, 3.0), 3.0),
    }


def feasible(kind, p, n):
    """Membership up to rounding: tolerances from a few n*u relative."""
    if kind == "box":
        return np.all(p >= BOX[0][:n]) and np.all(p <= BOX[1][:n])
    if kind == "ball":
        c = np.linspace(-1.0, 1.0, n)
        return np.linalg.norm(p - c) <= 2.5 * (1 + 8 * n * U)
    return np.all(p >= 0) and abs(p.sum() - 3.0) <= 3.0 * 8 * n * U


KINDS = ["box", "ball", "simplex"]


@pytest.mark.parametrize("kind", KINDS)
@given(pair=point_pairs())
def test_projection_is_feasible_and_idempotent(kind, pair):
    x, _ = pair
    n = x.size
    proj, r = projectors(n)[kind]
    p = proj(x)
    assert feasible(kind, p, n)
    # a feasible point moves by rounding only: a few n*u of its size
    np.testing.assert_allclose(proj(p), p, atol=16 * n * U * scale(p, r))


@pytest.mark.parametrize("kind", KINDS)
@given(pair=point_pairs())
def test_projection_is_nonexpansive(kind, pair):
    x, y = pair
    n = x.size
    proj, r = projectors(n)[kind]
    lhs = np.linalg.norm(proj(x) - proj(y))
    # ||P x - P y|| <= ||x - y||, plus rounding of both projections
    assert lhs <= np.linalg.norm(x - y) + 32 * n * U * scale(x, y, r)


@pytest.mark.parametrize("kind", KINDS)
@given(pair=point_pairs())
def test_projection_obtuse_angle(kind, pair):
    """(x - P x)^T (w - P x) <= 0 for every feasible w (closest point)."""
    x, y = pair
    n = x.size
    proj, r = projectors(n)[kind]
    p, w = proj(x), proj(y)                  # w is an arbitrary feasible pt
    lhs = (x - p) @ (w - p)
    assert lhs <= 64 * n * U * scale(x, y, r) ** 2


@given(x=st.integers(1, 9).flatmap(lambda n: vectors(n, -50, 50)))
def test_simplex_sums_to_one_and_nonnegative(x):
    p = cons.project_simplex(x)
    assert np.all(p >= 0)
    assert abs(p.sum() - 1.0) <= 4 * x.size * U


# ------------------------------------------------------- box constraints
class TestBoxConstraints:
    def test_rows(self):
        G, h = cons.box_constraints([0.0, -np.inf, -1.0], [1.0, 2.0, np.inf])
        np.testing.assert_array_equal(G, [[1, 0, 0], [0, 1, 0], [-1, 0, 0],
                                          [0, 0, -1]])
        np.testing.assert_array_equal(h, [1.0, 2.0, 0.0, 1.0])

    def test_membership_matches_bounds(self):
        lo, hi = np.array([-1.0, 0.0]), np.array([1.0, 3.0])
        G, h = cons.box_constraints(lo, hi)
        for x in np.random.default_rng(0).uniform(-2, 4, size=(50, 2)):
            assert np.all(G @ x <= h) == (np.all(x >= lo) and
                                          np.all(x <= hi))

    def test_bad_input(self):
        with pytest.raises(ValueError, match="lower must be <= upper"):
            cons.box_constraints([1.0], [0.0])
        with pytest.raises(ValueError, match="upper"):
            cons.box_constraints([0.0, 0.0], [1.0, 1.0, 1.0])
        with pytest.raises(ValueError, match="lower"):
            cons.box_constraints(0.0, 1.0)


# ------------------------------------------- projected gradient descent
class TestProjectedGD:
    def test_trace_shapes_and_counts(self):
        q = box_problem()
        run = box_run(q, n_steps=25, tol=0.0)
        k = run.n_steps
        assert k == 25 and not run.converged and not run.diverged
        assert run.iterates.shape == (k + 1, 2)
        assert run.proposals.shape == (k, 2)
        assert run.losses.shape == (k + 1,) and run.steps.shape == (k,)
        assert (run.n_f_evals, run.n_grad_evals, run.n_projections) == \
            (k + 1, k, k + 1)
        # same formula, evaluated on a stack: equal up to a few rounding
        np.testing.assert_allclose(run.losses, q.value(run.iterates),
                                   rtol=16 * U)
        np.testing.assert_array_equal(
            run.iterates[1:],
            cons.project_box(run.proposals, BOX_LO, BOX_HI))
        np.testing.assert_array_equal(
            run.proposals,
            run.iterates[:-1] - BOX_STEP * q.gradient(run.iterates[:-1]))

    def test_matches_lbfgsb_with_bounds(self):
        q = box_problem()
        res = optimize.minimize(q.value, BOX_X0, jac=q.gradient,
                                method="L-BFGS-B",
                                bounds=optimize.Bounds(BOX_LO, BOX_HI),
                                options={"ftol": 1e-15, "gtol": 1e-12})
        # L-BFGS-B stops at projected gradient 1e-12 -> x error ~ 1e-12/mu
        np.testing.assert_allclose(box_run(q).iterates[-1], res.x,
                                   atol=1e-9)

    def test_matches_slsqp_on_ball(self):
        q = optim.make_quadratic([1.0, 3.0, 8.0],
                                 rng=np.random.default_rng(4),
                                 center=[2.0, -1.0, 1.0])
        run = cons.projected_gradient_descent(
            q.value, q.gradient, lambda z: cons.project_ball(z, 1.0),
            np.zeros(3), 1 / 8, 2000, tol=1e-13)
        ref = slsqp(q.value, q.gradient, np.zeros(3), constraints=[
            {"type": "ineq", "fun": lambda p: 1 - p @ p,
             "jac": lambda p: -2 * p}])
        assert run.converged
        np.testing.assert_allclose(run.iterates[-1], ref, atol=1e-6)

    def test_monotone_with_step_one_over_L(self):
        """alpha = 1/L: f(x_{k+1}) <= f(x_k) (sufficient-decrease lemma)."""
        run = box_run(box_problem(), n_steps=60, tol=0.0)
        dec = np.diff(run.losses)
        # rounding in f: a few u times the size of its terms (~10)
        assert np.all(dec <= 64 * U * 10)

    def test_contraction_factor_of_chapter_10(self):
        """Non-expansiveness: ||x_k - x*|| <= rho^k ||x_0 - x*||, with the
        unconstrained factor rho = max|1 - alpha lambda_i|."""
        q = box_problem()
        run = box_run(q, n_steps=80, tol=0.0)
        x_star = box_run(q).iterates[-1]
        dist = np.linalg.norm(run.iterates - x_star, axis=1)
        rho = optim.contraction_factor(q.eigenvalues(), BOX_STEP)
        bound = rho ** np.arange(dist.size) * dist[0]
        assert np.all(dist <= bound + 1e-14)

    def test_converged_flag_and_gradient_mapping(self):
        run = box_run(box_problem())
        assert run.converged and run.n_steps < BOX_STEPS
        assert run.gradient_mapping[-1] <= BOX_TOL
        assert run.gradient_mapping.shape == (run.n_steps,)

    def test_start_is_projected(self):
        q = box_problem()
        run = cons.projected_gradient_descent(
            q.value, q.gradient, lambda z: cons.project_box(z, 0, 1),
            [5.0, -5.0], 0.1, 3)
        assert run.iterates[0].tolist() == [1.0, 0.0]

    def test_diverges_on_unbounded_set_with_huge_step(self):
        # f = -x^2 on x >= 0: the iterates grow geometrically and overflow
        run = cons.projected_gradient_descent(
            lambda x: -float(x @ x), lambda x: -2 * x,
            lambda z: cons.project_box(z, 0.0, np.inf), [1.0], 1e100, 50)
        assert run.diverged and np.all(np.isfinite(run.iterates))

    def test_bad_input(self):
        q = box_problem()
        proj = lambda z: cons.project_box(z, 0, 1)              # noqa: E731
        args = (q.value, q.gradient, proj, [0.5, 0.5])
        with pytest.raises(TypeError, match="f"):
            cons.projected_gradient_descent(None, q.gradient, proj,
                                            [0.5, 0.5], 0.1, 5)
        with pytest.raises(TypeError, match="project"):
            cons.projected_gradient_descent(q.value, q.gradient, 3,
                                            [0.5, 0.5], 0.1, 5)
        with pytest.raises(ValueError, match="step"):
            cons.projected_gradient_descent(*args, 0.0, 5)
        with pytest.raises(ValueError, match="step"):
            cons.projected_gradient_descent(*args, np.nan, 5)
        with pytest.raises(ValueError, match="n_steps"):
            cons.projected_gradient_descent(*args, 0.1, 0)
        with pytest.raises(ValueError, match="n_steps"):
            cons.projected_gradient_descent(*args, 0.1, 10**9)
        with pytest.raises(TypeError, match="n_steps"):
            cons.projected_gradient_descent(*args, 0.1, True)
        with pytest.raises(TypeError, match="n_steps"):
            cons.projected_gradient_descent(*args, 0.1, 5.0)
        with pytest.raises(ValueError, match="tol"):
            cons.projected_gradient_descent(*args, 0.1, 5, tol=-1.0)
        with pytest.raises(ValueError, match="x0"):
            cons.projected_gradient_descent(q.value, q.gradient, proj,
                                            [np.nan, 0.0], 0.1, 5)
        with pytest.raises(ValueError, match="project must return shape"):
            cons.projected_gradient_descent(q.value, q.gradient,
                                            lambda z: z[:1], [0.5, 0.5],
                                            0.1, 5)
        with pytest.raises(ValueError, match="f must return shape"):
            cons.projected_gradient_descent(lambda z: z, q.gradient, proj,
                                            [0.5, 0.5], 0.1, 5)
        with pytest.raises(ValueError, match="x0"):
            # the objective expects 2 variables: its error is re-raised
            # naming the argument the bad point came from
            cons.projected_gradient_descent(q.value, q.gradient, proj,
                                            [0.5], 0.1, 5)
        with pytest.raises(TypeError, match="grad must return real"):
            cons.projected_gradient_descent(q.value, lambda z: z + 1j, proj,
                                            [0.5, 0.5], 0.1, 5)


# ------------------------------------------------------------------- KKT
class TestKKTResiduals:
    def test_box_limit_multipliers_match_closed_form(self):
        """On a box the multiplier of an active upper bound x_i <= u_i is
        -df/dx_i, of an active lower bound +df/dx_i."""
        q = box_problem()
        x = box_run(q).iterates[-1]
        G, h = cons.box_constraints(BOX_LO, BOX_HI)
        rep = cons.kkt_residuals(q.gradient(x), ineq=G @ x - h, ineq_jac=G)
        g = q.gradient(x)
        assert rep.n_active == 1 and rep.licq
        # active: x_2 <= 1 (row 1); mu_2 = -g_2 up to the stationarity error
        np.testing.assert_allclose(rep.mu, [0.0, -g[1], 0.0, 0.0],
                                   atol=1e-12)
        assert rep.worst <= 1e-12

    def test_matches_slsqp_multipliers(self):
        # min (x1 - 2)^2 + (x2 - 1)^2 s.t. x1 + x2 <= 1: x* = (1, 0), mu = 2
        q = optim.Quadratic(2 * np.eye(2), np.array([4.0, 2.0]))
        G, h = np.array([[1.0, 1.0]]), np.array([1.0])
        res = optimize.minimize(
            q.value, np.zeros(2), jac=q.gradient, method="SLSQP",
            constraints=[{"type": "ineq", "fun": lambda x: h - G @ x,
                          "jac": lambda x: -G}],
            options={"ftol": 1e-12})
        x = np.array([1.0, 0.0])
        rep = cons.kkt_residuals(q.gradient(x), ineq=G @ x - h, ineq_jac=G)
        np.testing.assert_allclose(rep.mu, [2.0], rtol=4 * U)
        # SLSQP's multiplier is accurate to ~ sqrt(ftol) = 1e-6 relative
        np.testing.assert_allclose(res.multipliers, rep.mu, rtol=1e-5)
        assert rep.worst <= 8 * U

    def test_wrong_vertex_is_dual_infeasible(self):
        # min (x1-2)^2 + (x2-1)^2 over the box [0,1]^2 at the vertex (0, 0):
        # the estimated multipliers of the lower bounds are negative
        q = optim.Quadratic(2 * np.eye(2), np.array([4.0, 2.0]))
        G, h = cons.box_constraints([0.0, 0.0], [1.0, 1.0])
        x = np.zeros(2)
        rep = cons.kkt_residuals(q.gradient(x), ineq=G @ x - h, ineq_jac=G)
        assert rep.dual_feasibility == pytest.approx(4.0, rel=4 * U)

    def test_equality_and_given_multipliers(self):
        q = optim.make_quadratic(KKT_EIGS, angle=KKT_ANGLE, center=KKT_CENTER)
        sol = cons.solve_eq_qp(q, KKT_A, KKT_B)
        rep = cons.kkt_residuals(q.gradient(sol.x), eq=KKT_A @ sol.x - KKT_B,
                                 eq_jac=KKT_A, lam=sol.lam, mu=[])
        assert rep.worst <= 64 * U
        rep_bad = cons.kkt_residuals(q.gradient(sol.x),
                                     eq=KKT_A @ sol.x - KKT_B, eq_jac=KKT_A,
                                     lam=sol.lam + 0.1, mu=[])
        assert rep_bad.stationarity == pytest.approx(0.1, rel=1e-12)

    def test_complementarity_and_primal(self):
        rep = cons.kkt_residuals([0.0, 0.0], ineq=[-0.5, 0.25],
                                 ineq_jac=np.eye(2), mu=[2.0, 0.0], lam=[])
        assert rep.complementary_slackness == 1.0
        assert rep.primal_feasibility == 0.25

    def test_licq_fails_without_multiplier(self):
        # min x s.t. x^2 <= 0: x* = 0 but grad of the constraint vanishes
        rep = cons.kkt_residuals([1.0], ineq=[0.0], ineq_jac=[[0.0]])
        assert not rep.licq and rep.stationarity == 1.0

    def test_bad_input(self):
        with pytest.raises(ValueError, match="eq and eq_jac"):
            cons.kkt_residuals([1.0], eq=[0.0])
        with pytest.raises(ValueError, match="ineq_jac"):
            cons.kkt_residuals([1.0, 2.0], ineq=[0.0], ineq_jac=[[1.0]])
        with pytest.raises(ValueError, match="grad"):
            cons.kkt_residuals([np.nan])
        with pytest.raises(TypeError, match="grad"):
            cons.kkt_residuals(None)
        with pytest.raises(ValueError, match="mu"):
            cons.kkt_residuals([1.0], ineq=[0.0], ineq_jac=[[1.0]],
                               lam=[], mu=[1.0, 2.0])
        with pytest.raises(ValueError, match="active_tol"):
            cons.kkt_residuals([1.0], active_tol=-1.0)
        with pytest.raises(ValueError, match="supported range"):
            cons.kkt_residuals([1e308], ineq=[1e308], ineq_jac=[[1e308]],
                               lam=[], mu=[1e308])


# --------------------------------------------------------- equality QPs
def kkt_direct(q, A, b):
    """Oracle: the KKT matrix solved by LU with partial pivoting."""
    n, p = q.dim, A.shape[0]
    K = np.block([[q.A, A.T], [A, np.zeros((p, p))]])
    sol = np.linalg.solve(K, np.concatenate([q.b, b]))
    return sol[:n], sol[n:], np.linalg.cond(K)


class TestSolveEqQP:
    def test_closed_form_single_constraint(self):
        q = optim.make_quadratic(KKT_EIGS, angle=KKT_ANGLE, center=KKT_CENTER)
        sol = cons.solve_eq_qp(q, KKT_A, KKT_B)
        a = KKT_A[0]
        Hinv_c, Hinv_a = np.linalg.solve(q.A, q.b), np.linalg.solve(q.A, a)
        lam = (a @ Hinv_c - KKT_B[0]) / (a @ Hinv_a)
        # backward-stable solves of a system with condition number ~10:
        # relative error a few hundred u
        np.testing.assert_allclose(sol.lam, [lam], rtol=1e-13)
        np.testing.assert_allclose(sol.x, Hinv_c - lam * Hinv_a, rtol=1e-13)

    @pytest.mark.parametrize("seed", range(4))
    def test_matches_direct_kkt_solve_and_slsqp(self, seed):
        rng = np.random.default_rng(seed)
        n, p = 6, 2 + seed % 3
        q = optim.make_quadratic(rng.uniform(0.5, 5, n), rng=rng,
                                 center=rng.normal(size=n))
        A, b = rng.normal(size=(p, n)), rng.normal(size=p)
        sol = cons.solve_eq_qp(q, A, b)
        x_ref, lam_ref, kappa = kkt_direct(q, A, b)
        # both methods are backward stable: error <= ~ kappa * n * u
        tol = 16 * kappa * (n + p) * U
        np.testing.assert_allclose(sol.x, x_ref, atol=tol * scale(x_ref))
        np.testing.assert_allclose(sol.lam, lam_ref,
                                   atol=tol * scale(lam_ref))
        ref = slsqp(q.value, q.gradient, np.zeros(n), constraints=[
            {"type": "eq", "fun": lambda x: A @ x - b, "jac": lambda x: A}])
        np.testing.assert_allclose(sol.x, ref, atol=1e-6)

    def test_indefinite_objective_positive_on_null_space(self):
        # f = x1^2 - x2^2 on x2 = 0.5: a minimum on the line (x1 = 0)
        q = optim.Quadratic(np.diag([2.0, -2.0]), np.zeros(2))
        sol = cons.solve_eq_qp(q, [[0.0, 1.0]], [0.5])
        np.testing.assert_allclose(sol.x, [0.0, 0.5], atol=4 * U)
        np.testing.assert_allclose(sol.lam, [1.0], rtol=4 * U)

    def test_square_constraints(self):
        q = optim.Quadratic(np.eye(2), np.zeros(2))
        sol = cons.solve_eq_qp(q, [[1.0, 0.0], [1.0, 1.0]], [1.0, 3.0])
        np.testing.assert_allclose(sol.x, [1.0, 2.0], rtol=4 * U)

    def test_sensitivity_is_minus_lambda(self):
        """p*(b) is quadratic in b: the central difference is exact, so
        dp*/db = -lambda up to rounding of p* (|p*| ~ 1, delta = 1e-3)."""
        q = optim.make_quadratic(KKT_EIGS, angle=KKT_ANGLE, center=KKT_CENTER)
        sol = cons.solve_eq_qp(q, KKT_A, KKT_B)
        d = 1e-3
        fd = (cons.solve_eq_qp(q, KKT_A, KKT_B + d).value
              - cons.solve_eq_qp(q, KKT_A, KKT_B - d).value) / (2 * d)
        assert fd == pytest.approx(-sol.lam[0], abs=64 * U / d)

    @pytest.mark.parametrize("s", [1e-150, 1e150])
    def test_extreme_scaling(self, s):
        # scaling A and b by s leaves x unchanged and divides lambda by s
        q = optim.make_quadratic(KKT_EIGS, angle=KKT_ANGLE, center=KKT_CENTER)
        ref = cons.solve_eq_qp(q, KKT_A, KKT_B)
        sol = cons.solve_eq_qp(q, s * KKT_A, s * KKT_B)
        np.testing.assert_allclose(sol.x, ref.x, rtol=1e-14)
        np.testing.assert_allclose(sol.lam * s, ref.lam, rtol=1e-14)

    def test_unrepresentable_answer(self):
        q = optim.Quadratic(np.eye(2), np.zeros(2))          # x* = 1e600
        with pytest.raises(ValueError, match="supported range"):
            cons.solve_eq_qp(q, [[1e-300, 0.0]], [1e300])

    def test_bad_input(self):
        q = optim.Quadratic(np.eye(2), np.zeros(2))
        with pytest.raises(ValueError, match="full row rank"):
            cons.solve_eq_qp(q, [[1.0, 1.0], [2.0, 2.0]], [1.0, 2.0])
        with pytest.raises(ValueError, match="full row rank"):
            cons.solve_eq_qp(q, [[0.0, 0.0]], [1.0])
        with pytest.raises(ValueError, match="A must have at most"):
            cons.solve_eq_qp(q, np.ones((3, 2)), np.ones(3))
        with pytest.raises(ValueError, match="null space"):
            cons.solve_eq_qp(optim.Quadratic(np.diag([-1.0, 1.0]),
                                             np.zeros(2)), [[0, 1.0]], [1.0])
        with pytest.raises(ValueError, match="b must have shape"):
            cons.solve_eq_qp(q, [[1.0, 1.0]], [1.0, 2.0])
        with pytest.raises(ValueError, match="A must have 2 columns"):
            cons.solve_eq_qp(q, [[1.0, 1.0, 1.0]], [1.0])
        with pytest.raises(TypeError, match="q"):
            cons.solve_eq_qp(np.eye(2), [[1.0, 1.0]], [1.0])
        with pytest.raises(ValueError, match="A"):
            cons.solve_eq_qp(q, [[np.inf, 1.0]], [1.0])


# ------------------------------------------------------------ convexity
class TestConvexityCheck:
    @pytest.mark.parametrize("f", [
        lambda v: float(special.logsumexp(v)),
        lambda v: float(np.linalg.norm(v)),
        lambda v: float(np.abs(v).sum()),
        lambda v: float(v @ np.diag([1.0, 3.0, 0.5]) @ v),
    ])
    def test_convex_functions_pass(self, f):
        rep = cons.convexity_check(f, -np.ones(3) * 4, np.ones(3) * 4,
                                   n_lines=400,
                                   rng=np.random.default_rng(0))
        assert rep.passed and rep.n_lines == 400

    def test_double_well_fails_with_a_certificate(self):
        f = lambda v: float(optim.double_well(v))                  # noqa
        rep = cons.convexity_check(f, [-1.5, -1.0], [1.5, 1.0], n_lines=300,
                                   rng=np.random.default_rng(1), t=0.5)
        assert not rep.passed and rep.n_violations > 0 and rep.t == 0.5
        z = rep.t * rep.x + (1 - rep.t) * rep.y
        gap = f(z) - (rep.t * f(rep.x) + (1 - rep.t) * f(rep.y))
        scale_ = abs(f(z)) + abs(f(rep.x)) + abs(f(rep.y))
        assert gap / scale_ == pytest.approx(rep.max_violation, rel=1e-12)

    def test_violation_rate_matches_exhaustive_count(self):
        """The count of violations is a binomial count of independent
        segments; compare with a vectorised recount on the same draws."""
        f = lambda v: float(np.sin(v).sum())                        # noqa
        rep = cons.convexity_check(f, [-3.0, -3.0], [3.0, 3.0], n_lines=500,
                                   rng=np.random.default_rng(2), rtol=0.0)
        rng = np.random.default_rng(2)
        X = rng.uniform([-3, -3], [3, 3], size=(500, 2))
        Y = rng.uniform([-3, -3], [3, 3], size=(500, 2))
        T = rng.uniform(0, 1, 500)[:, None]
        gap = np.sin(T * X + (1 - T) * Y).sum(1) - (
            T[:, 0] * np.sin(X).sum(1) + (1 - T[:, 0]) * np.sin(Y).sum(1))
        assert rep.n_violations == int(np.count_nonzero(gap > 0))

    def test_same_seed_same_report(self):
        f = lambda v: float(v[0] * v[1])                            # noqa
        r1, r2 = (cons.convexity_check(f, [-1, -1], [1, 1], n_lines=50,
                                       rng=np.random.default_rng(9))
                  for _ in range(2))
        assert r1.n_violations == r2.n_violations and np.array_equal(r1.x,
                                                                     r2.x)

    def test_bad_input(self):
        f = lambda v: float(v @ v)                                  # noqa
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="lower must be < upper"):
            cons.convexity_check(f, [1.0], [1.0], n_lines=5, rng=rng)
        with pytest.raises(ValueError, match="upper"):
            cons.convexity_check(f, [0.0], [1.0, 2.0], n_lines=5, rng=rng)
        with pytest.raises(ValueError, match="n_lines"):
            cons.convexity_check(f, [0.0], [1.0], n_lines=0, rng=rng)
        with pytest.raises(ValueError, match="rng"):
            cons.convexity_check(f, [0.0], [1.0], n_lines=5, rng=42)
        with pytest.raises(ValueError, match="t must be in"):
            cons.convexity_check(f, [0.0], [1.0], n_lines=5, rng=rng, t=1.0)
        with pytest.raises(TypeError, match="f"):
            cons.convexity_check("f", [0.0], [1.0], n_lines=5, rng=rng)
        with pytest.raises(ValueError, match="f must be finite"):
            cons.convexity_check(lambda v: np.inf, [0.0], [1.0], n_lines=5,
                                 rng=rng)
        with pytest.raises(ValueError, match="lower"):
            cons.convexity_check(f, [-np.inf], [1.0], n_lines=5, rng=rng)
        with pytest.raises(ValueError, match="supported range"):
            cons.convexity_check(f, [-1e308], [1e308], n_lines=5, rng=rng)


# ------------------------------------------------------------------ dual
def simplex_qp():
    """The chapter's duality example: a QP over the probability simplex."""
    q = optim.make_quadratic([0.5, 2.0, 4.0], rng=np.random.default_rng(16),
                             center=[0.9, 0.6, -0.4])
    return q, cons.QPDual(q, G=-np.eye(3), h=np.zeros(3),
                          A=np.ones((1, 3)), b=np.ones(1))


class TestQPDual:
    def test_weak_duality_on_random_multipliers(self):
        q, dual = simplex_qp()
        rng = np.random.default_rng(0)
        p_star = q.value(slsqp(q.value, q.gradient, np.full(3, 1 / 3),
                               bounds=[(0, None)] * 3,
                               constraints=[{"type": "eq",
                                             "fun": lambda x: x.sum() - 1}]))
        Y = np.column_stack([rng.normal(size=500) * 5,
                             rng.exponential(2.0, size=(500, 3))])
        g = np.array([dual.value(y) for y in Y])
        # p_star from SLSQP is accurate to ~ftol = 1e-12 in value
        assert np.all(g <= p_star + 1e-10)

    def test_strong_duality_by_projected_ascent(self):
        q, dual = simplex_qp()
        run = cons.projected_gradient_descent(
            lambda y: -dual.value(y), lambda y: -dual.gradient(y),
            dual.project, np.zeros(4), 1 / dual.smoothness(), 20000,
            tol=1e-12)
        y = run.iterates[-1]
        primal = cons.projected_gradient_descent(
            q.value, q.gradient, cons.project_simplex, np.full(3, 1 / 3),
            1 / q.eigenvalues()[-1], 5000, tol=1e-13)
        x = primal.iterates[-1]
        assert run.converged and primal.converged
        # zero gap (Slater holds: the centre of the simplex is strictly
        # feasible); both values are limits of contracting iterations
        assert abs(q.value(x) - dual.value(y)) <= 1e-10
        np.testing.assert_allclose(dual.primal_point(y), x, atol=1e-9)
        # the dual solution is the KKT multiplier vector of the primal
        rep = cons.kkt_residuals(q.gradient(x), eq=[x.sum() - 1],
                                 eq_jac=np.ones((1, 3)), ineq=-x,
                                 ineq_jac=-np.eye(3))
        np.testing.assert_allclose(np.concatenate([rep.lam, rep.mu]), y,
                                   atol=1e-8)

    def test_gradient_matches_finite_differences(self):
        _, dual = simplex_qp()
        y = np.array([0.3, 0.5, 0.1, 1.2])
        # approx_fprime forward differences: error ~ sqrt(u) * scale
        fd = optimize.approx_fprime(y, dual.value, 1e-7)
        np.testing.assert_allclose(dual.gradient(y), fd, atol=1e-5)

    def test_smoothness_is_tight(self):
        q, dual = simplex_qp()
        K = np.vstack([np.ones((1, 3)), -np.eye(3)])
        M = K @ np.linalg.inv(q.A) @ K.T
        assert dual.smoothness() == pytest.approx(
            np.linalg.eigvalsh(M)[-1], rel=1e-12)

    def test_project(self):
        _, dual = simplex_qp()
        np.testing.assert_array_equal(dual.project([-1.0, -2.0, 3.0, -0.5]),
                                      [-1.0, 0.0, 3.0, 0.0])

    def test_bad_input(self):
        q = optim.Quadratic(np.eye(2), np.zeros(2))
        with pytest.raises(ValueError, match="at least one constraint"):
            cons.QPDual(q)
        with pytest.raises(ValueError, match="G and h"):
            cons.QPDual(q, G=np.eye(2))
        with pytest.raises(ValueError, match="positive definite"):
            cons.QPDual(optim.Quadratic(np.diag([1.0, -1.0]), np.zeros(2)),
                        G=np.eye(2), h=np.zeros(2))
        with pytest.raises(ValueError, match="G must have shape"):
            cons.QPDual(q, G=np.ones((1, 3)), h=np.zeros(1))
        with pytest.raises(TypeError, match="q"):
            cons.QPDual(np.eye(2), G=np.eye(2), h=np.zeros(2))
        dual = cons.QPDual(q, G=np.eye(2), h=np.zeros(2))
        with pytest.raises(ValueError, match="y must have shape"):
            dual.value([1.0])
        with pytest.raises(ValueError, match="supported range"):
            dual.value([1e308, -1e308])           # the value is ~1e616
        with pytest.raises(ValueError, match="y"):
            dual.gradient([np.nan, 1.0])


# -------------------------------------------------------- figure claims
def test_claim_fig_cons_projected_gd():
    """Caption: 'Left: unconstrained updates leave the box and head for
    the minimiser outside it. Right: projected steps snap back ... onto the
    top edge and slide along it to the box minimiser.' Also asserted: every
    projected iterate is feasible, the loss decreases at every step, and
    the limit satisfies the KKT conditions to 1e-8.

    Tolerance: the error contracts at least by rho = max|1 - alpha
    lambda_i| = 5/6 per step (non-expansive projection, chapter 10's
    factor), so the stationarity residual is at most L rho^k ||e_0|| plus
    rounding of order u (||H|| ||x|| + ||c||) ~ 1e-15. With the chapter's
    stopping rule (gradient mapping <= 1e-12) the residual is ~1e-12, far
    below the 1e-8 the caption's claim needs.
    """
    # caption: "kappa = 6, step 1/L"; alt text: stars "at about (1.3,
    # 1.4)" (unconstrained) and "at about (0.93, 1)" (box minimiser)
    assert BOX_EIGS == (1.0, 6.0) and BOX_STEP == 1.0 / 6.0
    assert BOX_CENTER == (1.3, 1.4)
    q = box_problem()
    unc = optim.gradient_descent(q.gradient, BOX_X0, BOX_STEP, 40,
                                 f=q.value)
    assert np.any((unc.iterates < BOX_LO) | (unc.iterates > BOX_HI))
    run = box_run(q)
    assert run.converged
    it = run.iterates
    np.testing.assert_allclose(it[-1], [0.93, 1.0], atol=0.005)
    assert np.all((it >= BOX_LO) & (it <= BOX_HI))          # exact: clip
    # after the first step every iterate lies on the top edge x_2 = 1
    assert np.all(it[1:, 1] == 1.0) and np.all(np.diff(it[1:, 0]) > 0)
    assert np.all(np.diff(run.losses) <= 64 * U * 10)       # decreasing
    x = it[-1]
    G, h = cons.box_constraints(BOX_LO, BOX_HI)
    rep = cons.kkt_residuals(q.gradient(x), ineq=G @ x - h, ineq_jac=G)
    assert rep.worst <= 1e-8 and rep.licq and rep.n_active == 1
    # The derived bound. With rho the contraction factor and G the last
    # gradient mapping, ||x_k - x*|| <= ||x_k - x_{k+1}|| + rho ||x_k - x*||
    # gives ||x_k - x*|| <= alpha G / (1 - rho); the stationarity residual
    # (with the best multiplier) is at most L times that, plus rounding of
    # the gradient, a few u (||H|| ||x|| + ||c||).
    rho = optim.contraction_factor(q.eigenvalues(), BOX_STEP)
    assert rho == pytest.approx(5 / 6)
    L = q.eigenvalues()[-1]
    dist_bound = BOX_STEP * run.gradient_mapping[-1] / (1 - rho)
    rounding = 64 * U * (L * np.linalg.norm(x) + np.linalg.norm(q.b))
    assert rep.stationarity <= L * dist_bound + rounding <= 1e-8
    ref = optimize.minimize(q.value, BOX_X0, jac=q.gradient,
                            method="L-BFGS-B",
                            bounds=optimize.Bounds(BOX_LO, BOX_HI),
                            options={"ftol": 1e-15, "gtol": 1e-12}).x
    np.testing.assert_allclose(x, ref, atol=1e-9)


def test_claim_fig_cons_kkt():
    """Caption: 'The level set through the constrained optimum (thick)
    touches the line exactly there, and the gradient grad f(x*) lies on the
    same line as the constraint normal a = (1, 1), pointing the opposite
    way: grad f(x*) = -lambda a with lambda > 0.' Also asserted: lambda
    matches the closed form (a^T H^-1 c - b) / (a^T H^-1 a).

    Tolerance: the null-space solve is backward stable; with condition
    number ~10 the computed x* has relative error of a few hundred u, and
    the angle between grad f(x*) and a is of the same order (1e-12 is
    generous).
    """
    # caption: "the constraint normal a = (1, 1)"; alt text: "a black plus
    # sign at (1.2, 0.9)", the star "near (0.54, 0.46)"
    np.testing.assert_array_equal(KKT_A, [[1.0, 1.0]])
    assert KKT_CENTER == (1.2, 0.9)
    q = optim.make_quadratic(KKT_EIGS, angle=KKT_ANGLE, center=KKT_CENTER)
    sol = cons.solve_eq_qp(q, KKT_A, KKT_B)
    np.testing.assert_allclose(sol.x, [0.54, 0.46], atol=0.005)
    g, a = q.gradient(sol.x), KKT_A[0]
    sin_angle = abs(g[0] * a[1] - g[1] * a[0]) / (np.linalg.norm(g) *
                                                  np.linalg.norm(a))
    assert sin_angle <= 1e-12
    np.testing.assert_allclose(g, -sol.lam[0] * a, atol=1e-12)
    H_inv_c, H_inv_a = np.linalg.solve(q.A, q.b), np.linalg.solve(q.A, a)
    lam_closed = (a @ H_inv_c - KKT_B[0]) / (a @ H_inv_a)
    np.testing.assert_allclose(sol.lam[0], lam_closed, rtol=1e-13)
    assert sol.lam[0] > 0           # the gradient points against the normal
    # tangency: along the line, f is smallest at x* (the line touches the
    # level set f = f(x*) there and stays outside it elsewhere)
    t = np.linspace(-2, 2, 401)
    line = sol.x + np.outer(t, [1.0, -1.0])
    assert np.all(q.value(line) >= sol.value - 8 * U * abs(sol.value))
    # SciPy's SLSQP agrees (ftol 1e-12 -> x accurate to ~1e-6)
    ref = slsqp(q.value, q.gradient, np.zeros(2), constraints=[
        {"type": "eq", "fun": lambda x: KKT_A @ x - KKT_B,
         "jac": lambda x: KKT_A}])
    np.testing.assert_allclose(sol.x, ref, atol=1e-6)
    assert math.isfinite(sol.value)
