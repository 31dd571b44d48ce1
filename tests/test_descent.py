"""Tests for execmath.descent: the figure claims of chapter 15, the rate
theorems on quadratics, Newton's local quadratic convergence, momentum
against torch.optim.SGD, and CG in exact and floating-point arithmetic."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from execmath import descent, linesearch, optim
from execmath import testfunctions as tf

U = 2.0**-53

# The set-ups of chapters/15-unconstrained-optimization
BOWL = dict(kappa=20.0, angle=np.pi / 6, center=[0.5, -0.25])
XQ0 = np.array([-2.0, 1.5])
RB_X0 = np.array([-1.2, 1.0])
BUDGET = 3000


def _bowl():
    return tf.anisotropic_quadratic(**BOWL)


# --------------------------------------------------------------------------
# Figure claims
# --------------------------------------------------------------------------

def test_claim_fig_unc_quadratic_paths():
    """Caption: "Left: the fixed step 1.8/L zig-zags across the narrow
    direction, while backtracking (c = 0.1, beta = 1/2) varies its step and
    its zig-zags across the valley are much smaller. ... Observe that
    backtracking reaches the tolerance with fewer gradients (dashed) than
    either fixed step, but counting its function values as well (solid) it
    spends the most evaluations." Counts are evaluations, not time."""
    assert BOWL["kappa"] == 20.0             # caption: "kappa = 20"
    q = _bowl()
    L = 20.0
    fixed = {s: descent.gradient_descent(q.value, q.gradient, XQ0,
                                         line_search="fixed", step=s / L,
                                         tol=1e-6) for s in (1.0, 1.8)}
    bt = descent.gradient_descent(q.value, q.gradient, XQ0, c=0.1, beta=0.5,
                                  alpha0=1.0, tol=1e-6)
    for r in (*fixed.values(), bt):
        assert r.converged and r.grad_norms[-1] <= 1e-6
    # fixed steps count one gradient per step and no function values
    for r in fixed.values():
        np.testing.assert_array_equal(r.g_evals, np.arange(r.n_iter + 1) + 1)
        assert r.f_evals[-1] == 0
    # the claim, in gradient evaluations ...
    assert bt.g_evals[-1] < fixed[1.8].g_evals[-1] < fixed[1.0].g_evals[-1]
    # ... and honestly in all evaluations
    assert bt.evals[-1] > max(r.evals[-1] for r in fixed.values())
    assert bt.f_evals[-1] == bt.evals[-1] - bt.g_evals[-1] > 0
    # varies its step
    assert np.unique(bt.steps).size >= 3
    # zig-zag: the error along the steep eigenvector flips sign at every
    # fixed step (factor 1 - 1.8 = -0.8); the distance travelled across the
    # valley is several times larger than backtracking's
    v = np.linalg.eigh(q.A)[1][:, -1]
    c_fix = (fixed[1.8].iterates - q.minimiser()) @ v
    c_bt = (bt.iterates - q.minimiser()) @ v
    assert np.all(np.sign(c_fix[1:-1]) == -np.sign(c_fix[:-2]))
    assert np.abs(np.diff(c_bt)).sum() < np.abs(np.diff(c_fix)).sum() / 3


def test_claim_fig_unc_rosenbrock():
    """Caption: "Observe that the fixed step 2.5e-3 touches the dotted stall
    level once, about halfway through the budget, and then bounces across
    the valley above it for the rest of the run, while backtracking passes
    that level within a few dozen evaluations; the stable fixed step 1e-3
    keeps creeping down the valley." Budget: 3,000 counted evaluations
    (gradients; plus every function value for backtracking)."""
    f, g, h = tf.rosenbrock, tf.rosenbrock_gradient, tf.rosenbrock_hessian
    runs = {s: descent.gradient_descent(f, g, RB_X0, line_search="fixed",
                                        step=s, tol=1e-10, max_iter=BUDGET,
                                        max_evals=BUDGET)
            for s in (2.5e-3, 1e-3)}
    bt = descent.gradient_descent(f, g, RB_X0, c=0.1, beta=0.5, alpha0=1.0,
                                  tol=1e-10, max_iter=BUDGET,
                                  max_evals=BUDGET)
    for r in (*runs.values(), bt):
        assert r.status == "max_evals"
        assert BUDGET <= r.evals[-1] <= BUDGET + 61   # one search overshoots
    big = runs[2.5e-3]
    stall = big.best_within(BUDGET)
    k_best = int(np.argmin(big.values))
    assert 0.3 * BUDGET < big.evals[k_best] < 0.7 * BUDGET   # about halfway
    # caption: "a budget of 3,000"; alt text: the stall level is reached
    # "once near 1,600 evaluations"
    assert BUDGET == 3000
    assert abs(big.evals[k_best] - 1600) <= 100
    last = big.evals > BUDGET - 1000
    assert big.values[last].min() > 2 * stall               # stays above
    # why: 2.5e-3 > 2 / lambda_max at the minimiser, an unstable fixed point
    assert 2.5e-3 > 2 / np.linalg.eigvalsh(h(np.ones(2)))[-1]
    # backtracking passes the stall level within a few dozen evaluations
    passed = bt.cost_to_reach(stall, metric="values", count="evals")
    assert passed is not None and passed < 100
    assert bt.best_within(BUDGET) < stall / 100
    # the small fixed step is below 2/lambda_max on its whole path, and
    # therefore decreases f monotonically (the descent lemma)
    small = runs[1e-3]
    lam = np.linalg.eigvalsh(h(small.iterates))[:, -1]
    assert 1e-3 < 2 / lam.max()
    assert np.all(np.diff(small.values) <= 0)
    assert small.values[-1] > stall                     # still creeping


# --------------------------------------------------------------------------
# Rates of gradient descent (theorems of the chapter)
# --------------------------------------------------------------------------

@given(seed=st.integers(0, 2**16), n=st.integers(2, 30))
@settings(max_examples=30)
def test_gd_rate_bounds_hold_on_quadratics(seed, n):
    rng = np.random.default_rng(seed)
    lam = rng.uniform(0.0, 1.0, n)
    lam[-1] = 1.0                                      # L = 1
    x0 = rng.standard_normal(n)
    f = lambda x: 0.5 * x @ (lam * x)                  # noqa: E731, x* = 0
    r = descent.gradient_descent(f, lambda x: lam * x, x0,
                                 line_search="fixed", step=1.0, tol=0.0,
                                 max_iter=60)
    sub = descent.gd_convex_bound(1.0, float(np.linalg.norm(x0)), 60)
    assert np.all(r.values[1:] <= sub * (1 + 1e-12))
    mu = float(lam.min())
    if mu > 0:
        lin = descent.gd_strongly_convex_bound(mu, 1.0, r.values[0], 60)
        assert np.all(r.values <= lin * (1 + 1e-12) + 1e-300)


def test_sublinear_and_linear_shapes():
    """The chapter's printout: on a spectrum spread over (0, 1] the gap
    falls like 1/k (log-log slope near -1); on [0.1, 1] by (1 - mu/L)^2
    per step, the square of the guaranteed factor."""
    n = 1000
    lam = np.arange(1, n + 1) / n
    start = 1 / np.sqrt(lam)
    flat = descent.gradient_descent(
        lambda x: 0.5 * x @ (lam * x), lambda x: lam * x, start,
        line_search="fixed", step=1.0, tol=0.0, max_iter=120)
    ks = np.arange(10, 101)
    slope = np.polyfit(np.log(ks), np.log(flat.values[ks]), 1)[0]
    assert -1.1 < slope < -0.95
    # closed form of the gap: 1/2 sum (1 - lam)^(2k) (weights lam e^2 = 1)
    k = 50
    np.testing.assert_allclose(flat.values[k],
                               0.5 * np.sum((1 - lam) ** (2 * k)),
                               rtol=1e-10)
    lam2 = np.linspace(0.1, 1.0, n)
    strong = descent.gradient_descent(
        lambda x: 0.5 * x @ (lam2 * x), lambda x: lam2 * x, start,
        line_search="fixed", step=1.0, tol=0.0, max_iter=220)
    ratio = strong.values[201] / strong.values[200]
    assert abs(ratio - 0.81) < 2e-3


# --------------------------------------------------------------------------
# gradient descent mechanics
# --------------------------------------------------------------------------

def test_wolfe_descent_steps_satisfy_strong_wolfe():
    f, g = tf.rosenbrock, tf.rosenbrock_gradient
    r = descent.gradient_descent(f, g, RB_X0, line_search="wolfe", c=1e-4,
                                 c2=0.9, max_iter=40, tol=0.0)
    for k in range(r.n_iter):
        x, a = r.iterates[k], r.steps[k]
        p = -g(x)
        assert f(x + a * p) <= f(x) + 1e-4 * a * (g(x) @ p)
        assert abs(g(x + a * p) @ p) <= 0.9 * abs(g(x) @ p)
    assert np.all(np.diff(r.values) < 0)


def test_preconditioning_is_gradient_descent_in_scaled_variables():
    """x = D^(-1/2) z: GD on z with step a equals x - a D^-1 grad f(x)."""
    q = optim.make_quadratic([1.0, 100.0], angle=0.3, center=[1.0, 2.0])
    d = np.array([3.0, 50.0])
    s = np.sqrt(d)
    pre = descent.gradient_descent(q.value, q.gradient, [0.0, 0.0],
                                   line_search="fixed", step=0.2,
                                   preconditioner=d, tol=0.0, max_iter=30)
    fz = lambda z: q.value(z / s)                      # noqa: E731
    gz = lambda z: q.gradient(z / s) / s               # noqa: E731
    plain = descent.gradient_descent(fz, gz, [0.0, 0.0], line_search="fixed",
                                     step=0.2, tol=0.0, max_iter=30)
    np.testing.assert_allclose(pre.iterates, plain.iterates / s,
                               rtol=1e-12, atol=1e-14)


def test_divergence_is_a_result():
    q = _bowl()
    r = descent.gradient_descent(q.value, q.gradient, XQ0,
                                 line_search="fixed", step=0.2, tol=1e-8,
                                 max_iter=5000)
    assert r.status == "diverged"
    assert np.all(np.isfinite(r.iterates)) and np.all(np.isfinite(r.values))
    assert np.linalg.norm(r.iterates[-1]) > 1e90


def test_trace_helpers():
    q = _bowl()
    r = descent.gradient_descent(q.value, q.gradient, XQ0, c=0.1, tol=1e-6)
    k = r.cost_to_reach(1e-3, metric="grad_norms", count="iterations")
    assert r.grad_norms[k] <= 1e-3 < r.grad_norms[k - 1]
    assert r.cost_to_reach(1e-300) is None
    assert r.best_within(int(r.evals[-1])) == r.values.min()
    np.testing.assert_allclose(r.distances(q.minimiser())[-1],
                               np.linalg.norm(r.x - q.minimiser()))
    with pytest.raises(ValueError, match="budget"):
        r.best_within(0)
    with pytest.raises(ValueError, match="metric"):
        r.cost_to_reach(1.0, metric="loss")
    with pytest.raises(ValueError, match="count"):
        r.best_within(100, count="time")


# --------------------------------------------------------------------------
# Newton
# --------------------------------------------------------------------------

RB = (tf.rosenbrock, tf.rosenbrock_gradient, tf.rosenbrock_hessian)
HIMM = (tf.himmelblau, tf.himmelblau_gradient, tf.himmelblau_hessian)
SABS = (tf.smooth_abs, tf.smooth_abs_gradient, tf.smooth_abs_hessian)


@pytest.mark.parametrize("safeguard", [None, "eigen", "shift", "gradient"])
def test_newton_on_rosenbrock_converges_quadratically(safeguard):
    r = descent.newton(*RB, RB_X0, safeguard=safeguard, tol=1e-13)
    assert r.converged
    res = optimize.minimize(RB[0], RB_X0, jac=RB[1], hess=RB[2],
                            method="Newton-CG", options={"xtol": 1e-12})
    np.testing.assert_allclose(r.x, res.x, atol=1e-8)
    np.testing.assert_allclose(r.x, np.ones(2), atol=1e-12)
    e = r.distances(np.ones(2))
    e = e[e > 0]
    # e_{k+1} <= C e_k^2 once close (C ~ |H^-1| |d3 f| / 2 ~ 1e3 here)
    close = e[:-1] < 1e-2
    assert np.all(e[1:][close] <= 1e3 * e[:-1][close] ** 2)
    if safeguard is not None:
        assert np.all(np.diff(r.values) < 0)          # Armijo: descent
        assert np.all(r.steps[-3:] == 1.0)            # unit steps at the end


def test_pure_newton_on_smooth_abs_is_minus_x_cubed():
    r = descent.newton(*SABS, [0.9], max_iter=5)
    x = r.iterates[:, 0]
    # x - x (1 + x^2) cancels: the error is a few u times |x_k|, not |x^3|
    assert np.all(np.abs(x[1:] + x[:-1] ** 3) <= 8 * U * np.abs(x[:-1]))
    far = descent.newton(*SABS, [1.1], max_iter=50)
    assert far.status == "diverged"
    assert np.all(np.isfinite(far.iterates))
    for sg in ("eigen", "shift", "gradient"):
        assert descent.newton(*SABS, [1.1], safeguard=sg).converged


@pytest.mark.parametrize("start", [[0.0, 0.0], [-1.0, -1.0], [0.5, -0.5]])
def test_pure_newton_finds_the_maximum_safeguard_a_minimum(start):
    pure = descent.newton(*HIMM, start)
    assert pure.converged
    np.testing.assert_allclose(pure.x, tf.HIMMELBLAU_MAXIMUM, atol=1e-10)
    for sg in ("eigen", "shift", "gradient"):
        r = descent.newton(*HIMM, start, safeguard=sg)
        assert r.converged and r.modified.any()
        d = np.linalg.norm(tf.HIMMELBLAU_MINIMA - r.x, axis=1)
        assert d.min() < 1e-10
        assert np.all(np.diff(r.values) < 0)


def test_newton_singular_hessian_is_reported():
    f = lambda x: float(x[0] ** 2)                     # noqa: E731
    g = lambda x: np.array([2 * x[0], 0.0])            # noqa: E731
    h = lambda x: np.diag([2.0, 0.0])                  # noqa: E731
    pure = descent.newton(f, g, h, [1.0, 1.0], tol=0.0, max_iter=3)
    assert pure.status == "singular Hessian" and pure.n_iter == 0
    # the eigenvalue floor turns the zero curvature into delta > 0
    r = descent.newton(f, g, h, [1.0, 1.0], safeguard="eigen", delta=1e-6)
    assert r.converged and abs(r.x[0]) < 1e-10


# --------------------------------------------------------------------------
# Momentum
# --------------------------------------------------------------------------

@pytest.mark.parametrize("kappa", [10.0, 100.0, 400.0])
def test_momentum_rates_match_theory(kappa):
    q = tf.anisotropic_quadratic(kappa, angle=np.pi / 6)
    xs = q.minimiser()
    a, b = descent.heavy_ball_parameters(1.0, kappa)
    hb = descent.heavy_ball(q.value, q.gradient, XQ0, step=a, momentum=b,
                            tol=1e-11, max_iter=20000)
    a2, b2 = descent.nesterov_parameters(1.0, kappa)
    nv = descent.nesterov(q.value, q.gradient, XQ0, step=a2, momentum=b2,
                          tol=1e-11, max_iter=20000)
    for r, rho in [(hb, descent.heavy_ball_rate(kappa)),
                   (nv, descent.nesterov_rate(kappa))]:
        assert r.converged
        d = r.distances(xs)
        k0 = d.size // 3
        fitted = optim.observed_rate(d, skip=k0)
        # e_k ~ C k rho^k at a double root: the fitted slope of log e_k
        # over [k0, K] exceeds log rho by at most about 1/k0
        assert rho * (1 - 1e-3) <= fitted <= rho * np.exp(1.5 / k0)
    gd = descent.gradient_descent(q.value, q.gradient, XQ0,
                                  line_search="fixed", tol=1e-11,
                                  step=optim.optimal_step(1, kappa),
                                  max_iter=50000)
    assert hb.n_iter < nv.n_iter < gd.n_iter


def test_heavy_ball_and_nesterov_match_torch_sgd():
    """torch.optim.SGD(momentum=beta, lr=alpha) is the heavy ball; with
    nesterov=True its parameters are Nesterov's look-ahead points y_k."""
    torch = pytest.importorskip("torch")
    q = optim.make_quadratic([1.0, 30.0], angle=0.7, center=[0.3, -0.2])
    alpha, beta, K = 0.05, 0.8, 25
    for nesterov, method in [(False, descent.heavy_ball),
                             (True, descent.nesterov)]:
        r = method(q.value, q.gradient, XQ0, step=alpha, momentum=beta,
                   tol=0.0, max_iter=K)
        w = torch.tensor(XQ0, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=alpha, momentum=beta,
                              nesterov=nesterov)
        A = torch.tensor(q.A)
        bvec = torch.tensor(q.b)
        xs = r.iterates
        ys = (xs[1:] + beta * (xs[1:] - xs[:-1])) if nesterov else xs[1:]
        for k in range(K):
            opt.zero_grad()
            loss = 0.5 * w @ A @ w - bvec @ w
            loss.backward()
            opt.step()
            # same recurrence, different rounding order: a few ulps per
            # step, growing at most linearly over 25 steps
            np.testing.assert_allclose(w.detach().numpy(), ys[k],
                                       rtol=0, atol=1e-12)


def test_momentum_counts():
    q = _bowl()
    hb = descent.heavy_ball(q.value, q.gradient, XQ0, step=0.01,
                            momentum=0.5, tol=0.0, max_iter=10)
    nv = descent.nesterov(q.value, q.gradient, XQ0, step=0.01,
                          momentum=0.5, tol=0.0, max_iter=10)
    np.testing.assert_array_equal(hb.g_evals, np.arange(11) + 1)
    np.testing.assert_array_equal(nv.g_evals, np.arange(11))
    assert hb.f_evals[-1] == nv.f_evals[-1] == 0


# --------------------------------------------------------------------------
# Conjugate gradient
# --------------------------------------------------------------------------

def _spd_integer(seed, n):
    rng = np.random.default_rng(seed)
    M = rng.integers(-3, 4, size=(n, n))
    return M.T @ M + np.eye(n, dtype=int), rng.integers(-5, 6, size=n)


@given(seed=st.integers(0, 2**16), n=st.integers(1, 6))
@settings(max_examples=25)
def test_exact_cg_terminates_in_n_steps_with_orthogonal_residuals(seed, n):
    A, b = _spd_integer(seed, n)
    r = descent.conjugate_gradient_exact(A, b)
    assert r.n_iter <= n and r.residual_norms_sq[-1] == 0
    # exact: A x = b and r_i^T r_j = 0 for i != j, with Fractions
    Aq = [[Fraction(int(v)) for v in row] for row in A]
    for i, row in enumerate(Aq):
        assert sum(a * x for a, x in zip(row, r.solution)) == b[i]
    R = r.residuals
    for i in range(len(R)):
        for j in range(i):
            assert sum(u * v for u, v in zip(R[i], R[j])) == 0


@given(seed=st.integers(0, 2**16), n=st.integers(2, 8),
       kappa=st.floats(1.0, 100.0))
@settings(max_examples=30)
def test_float_cg_residuals_nearly_orthogonal(seed, n, kappa):
    rng = np.random.default_rng(seed)
    lam = np.concatenate([[1.0, kappa], rng.uniform(1, kappa, n - 2)])
    q = optim.make_quadratic(lam, rng=rng)
    b = rng.standard_normal(n)
    r = descent.conjugate_gradient(q.A, b, tol=1e-13)
    assert r.converged and r.n_iter <= 3 * n
    np.testing.assert_allclose(r.x, np.linalg.solve(q.A, b), rtol=0,
                               atol=1e-10 * kappa * np.linalg.norm(b))
    # loss of orthogonality between the first n residuals grows like
    # u * kappa per step; n <= 8 steps and kappa <= 100 give < 1e-10
    m = min(r.residuals.shape[0] - 1, n)
    R = r.residuals[:m]
    R = R / np.linalg.norm(R, axis=1)[:, None]
    G = R @ R.T - np.eye(m)
    assert np.abs(G).max() < 1e-10 * n
    # the recurred residual is the true one, to rounding
    np.testing.assert_allclose(r.residuals[-1], b - q.A @ r.x,
                               atol=1e-12 * kappa * np.linalg.norm(b))


def test_cg_matches_scipy_and_float_behaviour():
    from scipy.sparse.linalg import cg as scipy_cg
    q = optim.make_quadratic(np.geomspace(1, 1e6, 40),
                             rng=np.random.default_rng(1))
    b = np.random.default_rng(2).standard_normal(40)
    r = descent.conjugate_gradient(q.A, b, tol=1e-10)
    ref, info = scipy_cg(q.A, b, rtol=1e-10, maxiter=2000)
    assert info == 0 and r.converged
    np.testing.assert_allclose(r.x, np.linalg.solve(q.A, b), rtol=1e-3)
    np.testing.assert_allclose(r.x, ref, rtol=1e-3)
    # the float behaviour of the chapter: far more than n = 40 steps
    assert r.n_iter > 3 * 40
    assert r.residual_norms[40] > 1e-3 * np.linalg.norm(b)
    # A-conjugate directions early on (before orthogonality is lost)
    P = r.directions[:5]
    C = P @ q.A @ P.T
    off = C - np.diag(np.diag(C))
    assert np.abs(off).max() < 1e-8 * np.abs(np.diag(C)).max()


def test_cg_scaling_is_exact():
    """Scaling A and b by powers of two inside CG changes nothing."""
    A, b = _spd_integer(5, 6)
    r1 = descent.conjugate_gradient(A, b)
    r2 = descent.conjugate_gradient(A * 2.0**-300, b * 2.0**200)
    np.testing.assert_array_equal(r2.x, r1.x * 2.0**500)
    np.testing.assert_array_equal(r2.alphas, r1.alphas * 2.0**300)


# --------------------------------------------------------------------------
# parameters and bounds
# --------------------------------------------------------------------------

def test_parameters_and_rates():
    a, b = descent.heavy_ball_parameters(1.0, 100.0)
    assert a == pytest.approx(4 / 121) and b == pytest.approx((9 / 11) ** 2)
    assert descent.nesterov_parameters(1.0, 100.0) == pytest.approx(
        (0.01, 9 / 11))
    assert descent.heavy_ball_rate(100.0) == pytest.approx(9 / 11)
    assert descent.nesterov_rate(100.0) == pytest.approx(0.9)
    np.testing.assert_allclose(descent.gd_convex_bound(2.0, 3.0, 3),
                               [9.0, 4.5, 3.0])
    np.testing.assert_allclose(
        descent.gd_strongly_convex_bound(1.0, 2.0, 8.0, 3),
        [8.0, 4.0, 2.0, 1.0])


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------

def test_gradient_descent_bad_input():
    q = _bowl()
    f, g = q.value, q.gradient
    with pytest.raises(ValueError, match="step"):
        descent.gradient_descent(f, g, XQ0, line_search="fixed")
    with pytest.raises(ValueError, match="line_search"):
        descent.gradient_descent(f, g, XQ0, line_search="exact")
    with pytest.raises(ValueError, match="preconditioner"):
        descent.gradient_descent(f, g, XQ0, preconditioner=[1.0, -1.0])
    with pytest.raises(ValueError, match="x0"):
        descent.gradient_descent(f, g, [np.nan, 0.0])
    with pytest.raises(ValueError, match="max_iter"):
        descent.gradient_descent(f, g, XQ0, max_iter=0)
    with pytest.raises(ValueError, match="c2"):
        descent.gradient_descent(f, g, XQ0, c=0.5, c2=0.4)
    with pytest.raises(TypeError, match="grad"):
        descent.gradient_descent(f, None, XQ0)
    with pytest.raises(ValueError, match="f must be finite at x0"):
        descent.gradient_descent(lambda x: np.nan, g, XQ0)
    with pytest.raises(ValueError, match="grad must return"):
        descent.gradient_descent(f, lambda x: 1.0, XQ0)


def test_newton_and_momentum_bad_input():
    with pytest.raises(ValueError, match="safeguard"):
        descent.newton(*RB, RB_X0, safeguard="levenberg")
    with pytest.raises(ValueError, match="delta"):
        descent.newton(*RB, RB_X0, safeguard="eigen", delta=0.0)
    with pytest.raises(ValueError, match="hess must return"):
        descent.newton(RB[0], RB[1], lambda x: np.eye(3), RB_X0)
    q = _bowl()
    with pytest.raises(ValueError, match="momentum"):
        descent.heavy_ball(q.value, q.gradient, XQ0, step=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="step"):
        descent.nesterov(q.value, q.gradient, XQ0, step=-0.1, momentum=0.5)
    with pytest.raises(ValueError, match="mu"):
        descent.heavy_ball_parameters(2.0, 1.0)
    with pytest.raises(ValueError, match="L"):
        descent.nesterov_parameters(1e-320, 1e-320)
    with pytest.raises(ValueError, match="kappa"):
        descent.nesterov_rate(0.5)
    with pytest.raises(ValueError, match="kappa"):
        descent.heavy_ball_rate(np.nan)
    with pytest.raises(ValueError, match="L and dist0"):
        descent.gd_convex_bound(1e300, 1e10, 3)
    with pytest.raises(ValueError, match="n_steps"):
        descent.gd_strongly_convex_bound(1.0, 2.0, 1.0, -1)


def test_cg_bad_input():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    with pytest.raises(ValueError, match="A must be symmetric"):
        descent.conjugate_gradient([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="positive definite"):
        descent.conjugate_gradient(-A, [1.0, 1.0])
    with pytest.raises(ValueError, match="b"):
        descent.conjugate_gradient(A, [1.0])
    with pytest.raises(ValueError, match="A"):
        descent.conjugate_gradient([[1.0, 2.0, 3.0]], [1.0])
    with pytest.raises(ValueError, match="x0"):
        descent.conjugate_gradient(A, [1.0, 1.0], x0=[np.inf, 0.0])
    with pytest.raises(ValueError, match="tol"):
        descent.conjugate_gradient(A, [1.0, 1.0], tol=-1.0)
    with pytest.raises(ValueError, match="A"):
        descent.conjugate_gradient_exact(np.eye(25), np.ones(25))
    with pytest.raises(ValueError, match="positive definite"):
        descent.conjugate_gradient_exact([[0, 0], [0, 0]], [1, 1])
