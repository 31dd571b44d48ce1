"""Tests for execmath.linesearch: the Armijo and Wolfe conditions, the
backtracking guarantee, and SciPy's line_search as an oracle."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize

from execmath import linesearch as ls
from execmath import optim
from execmath import testfunctions as tf

U = 2.0**-53

# The slice of chapters/15-unconstrained-optimization (Figures 15.3, 15.4)
X0 = np.array([-1.2, 1.0])
G0 = tf.rosenbrock_gradient(X0)
ALPHA0 = 0.004


def _armijo_ok(f0, slope0, a, value, c):
    return value <= f0 + c * a * slope0


def _largest_grid_step(f, x, p, f0, slope0, alpha0, beta, c, kmax=80):
    """Brute force: max{alpha0 beta^k : the Armijo inequality holds}."""
    for k in range(kmax):
        a = alpha0 * beta**k
        if _armijo_ok(f0, slope0, a, f(x + a * p), c):
            return a
    return None


# --------------------------------------------------------------------------
# Figure claims
# --------------------------------------------------------------------------

def test_claim_fig_unc_backtracking():
    """Caption: "Observe that the rejected trials (crosses) lie above the
    Armijo line, the vertical segments showing by how much, and the
    accepted step (dot) lies below it, inside the shaded
    sufficient-decrease region." Also (outline): the accepted step sits
    just inside that region: the next larger trial is outside it."""
    r = ls.backtracking(tf.rosenbrock, X0, -G0, G0, alpha0=ALPHA0, beta=0.5,
                        c=0.1)
    assert r.success and r.message == "accepted"
    np.testing.assert_allclose(r.trials, [0.004, 0.002, 0.001])
    # caption: "alpha_0 = 0.004, beta = 1/2, c = 0.1"; alt text: the curve
    # starts "at 24" and rises "to over 150 at step 0.004"
    assert (ALPHA0, r.c) == (0.004, 0.1)
    assert round(r.f0) == 24 and r.values[0] > 150
    line = r.f0 + r.c * r.trials * r.slope0
    for a, v, bound in zip(r.rejected, r.values, line):
        assert v > bound                                   # violated
        assert v == tf.rosenbrock(X0 - a * G0)             # recorded value
    assert r.value <= r.f0 + r.c * r.step * r.slope0       # satisfied
    # the region {phi <= line} is [0, a_edge]: the accepted step is inside,
    # the last rejected trial (accepted / beta) outside
    phi_minus_line = (lambda a: tf.rosenbrock(X0 - a * G0)
                      - (r.f0 + r.c * a * r.slope0))
    a_edge = optimize.brentq(phi_minus_line, r.step, r.rejected[-1])
    assert r.step < a_edge < r.rejected[-1]
    grid = np.linspace(1e-7, a_edge * (1 - 1e-9), 2001)
    assert all(phi_minus_line(a) <= 0 for a in grid)


def test_claim_fig_unc_armijo():
    """Caption: "Observe that a larger c moves the line down and accepts a
    shorter step, and that a larger beta tries more, finer trials and
    accepts a step closer to the edge of the acceptable interval." Each
    accepted step is the largest alpha0 beta^k satisfying the bound for
    its c (brute force over k)."""
    f0, slope0 = tf.rosenbrock(X0), -G0 @ G0
    by_c = [ls.backtracking(tf.rosenbrock, X0, -G0, G0, alpha0=ALPHA0,
                            beta=0.5, c=c) for c in (0.1, 0.5, 0.9)]
    by_beta = [ls.backtracking(tf.rosenbrock, X0, -G0, G0, alpha0=ALPHA0,
                               beta=b, c=0.5) for b in (0.3, 0.5, 0.8)]
    for r, beta in [(r, 0.5) for r in by_c] + list(zip(by_beta,
                                                       (0.3, 0.5, 0.8))):
        best = _largest_grid_step(tf.rosenbrock, X0, -G0, f0, slope0,
                                  ALPHA0, beta, r.c)
        assert r.success and r.step == best
    steps_c = [r.step for r in by_c]
    assert steps_c[0] > steps_c[1] > steps_c[2]        # larger c, shorter
    # alt text: accepted steps "0.001, 0.0005 and 0.000125" (left) and
    # "about 0.00036, 0.0005 and 0.00067" (right)
    np.testing.assert_allclose(steps_c, [0.001, 0.0005, 0.000125])
    np.testing.assert_allclose([r.step for r in by_beta],
                               [0.00036, 0.0005, 0.00067], rtol=0.01)
    trials_b = [r.n_trials for r in by_beta]
    assert trials_b[0] <= trials_b[1] < trials_b[2]     # larger beta, more
    edge = optimize.brentq(
        lambda a: tf.rosenbrock(X0 - a * G0) - (f0 + 0.5 * a * slope0),
        1e-5, 0.0015)
    gaps = [edge - r.step for r in by_beta]
    assert all(g > 0 for g in gaps) and gaps[0] > gaps[1] > gaps[2]


# --------------------------------------------------------------------------
# Backtracking
# --------------------------------------------------------------------------

def _random_quadratic(seed, n, kappa):
    rng = np.random.default_rng(seed)
    lam = np.concatenate([[1.0, kappa], rng.uniform(1, kappa, n - 2)])
    return optim.make_quadratic(lam, rng=rng, center=rng.standard_normal(n))


@given(seed=st.integers(0, 2**16), n=st.integers(2, 5),
       kappa=st.floats(1.0, 1e3), beta=st.floats(0.1, 0.9),
       c=st.floats(1e-4, 0.9), alpha0=st.floats(1e-3, 10.0))
def test_backtracking_laws(seed, n, kappa, beta, c, alpha0):
    """Every rejected trial violates Armijo, the accepted one satisfies it,
    it is the largest of its grid, and (L-smooth f, p = -grad) it is at
    least min(alpha0, 2 beta (1 - c) / L)."""
    q = _random_quadratic(seed, n, kappa)
    x = np.random.default_rng(seed + 1).uniform(-3, 3, n)
    g = q.gradient(x)
    if g @ g < 1e-20:
        return
    L = float(np.linalg.eigvalsh(q.A)[-1])
    r = ls.backtracking(q.value, x, -g, g, alpha0=alpha0, beta=beta, c=c,
                        max_trials=1000)
    assert r.success
    # termination: at most ceil(log(alpha0 L / (2 (1 - c))) / log(1/beta))
    # rejections before a trial falls below the threshold 2 (1 - c) / L
    k_max = max(0, int(np.ceil(np.log(alpha0 * L / (2 * (1 - c)))
                               / np.log(1 / beta))))
    assert r.n_trials <= k_max + 1
    for a, v in zip(r.rejected, r.values):
        assert not _armijo_ok(r.f0, r.slope0, a, v, c)
    assert _armijo_ok(r.f0, r.slope0, r.step, r.value, c)
    np.testing.assert_allclose(r.trials, alpha0 * beta ** np.arange(
        r.n_trials), rtol=1e-13)
    bound = ls.backtracking_step_bound(L, alpha0=alpha0, beta=beta, c=c)
    # the theorem is exact; 1e-9 absorbs the rounding of 2 beta (1-c) / L
    # and of the eigenvalue L (a few u times kappa <= 1e3)
    assert r.step >= bound * (1 - 1e-9)
    assert r.n_f == r.n_trials + 1 and r.n_g == 0


def test_backtracking_counts_and_f_x():
    f = lambda z: float(z @ z)                                  # noqa: E731
    r = ls.backtracking(f, [1.0, 1.0], [-2.0, -2.0], [2.0, 2.0], f_x=2.0,
                        c=0.5)
    assert r.n_f == r.n_trials == 2 and r.step == 0.5
    np.testing.assert_array_equal(r.x_new, [0.0, 0.0])


def test_backtracking_rejects_overflowing_trials():
    def f(z):
        if np.abs(z).max() > 10:
            raise ValueError("x outside the range")
        return float(z @ z)
    r = ls.backtracking(f, [1.0], [-100.0], [2.0], alpha0=1.0, c=0.1)
    assert r.success and r.step == 1 / 64
    assert r.values[0] == np.finfo(float).max          # refused: capped
    assert np.all(np.isfinite(r.values))


def test_backtracking_stops_below_rounding():
    q = optim.Quadratic(np.diag([1.0, 4.0]), np.zeros(2), c=1.0)
    x = np.array([1e-9, 1e-9])                  # f = 1 + 2.5e-18
    g = q.gradient(x)
    r = ls.backtracking(q.value, x, -g, g, c=0.1)
    assert not r.success and r.message == "rounding" and r.step == 0.0
    np.testing.assert_array_equal(r.x_new, x)


def test_armijo_helpers():
    np.testing.assert_allclose(ls.armijo_line(1.0, -2.0, [0.0, 1.0], 0.5),
                               [1.0, 0.0])
    assert ls.armijo_holds(1.0, -2.0, 0.5, 0.5, 0.5)
    assert not ls.armijo_holds(1.0, -2.0, 0.5, 0.51, 0.5)
    assert not ls.armijo_holds(1.0, -2.0, 0.5, np.inf, 0.5)
    assert ls.curvature_holds(-1.0, -0.5, 0.6)
    assert not ls.curvature_holds(-1.0, 0.7, 0.6)
    assert ls.curvature_holds(-1.0, 0.7, 0.6, strong=False)
    assert ls.backtracking_step_bound(4.0, alpha0=1.0, beta=0.5,
                                      c=0.5) == 0.125
    np.testing.assert_allclose(
        ls.line_values(tf.himmelblau, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]),
        [170.0, tf.himmelblau([1.0, 0.0])])


# --------------------------------------------------------------------------
# Wolfe
# --------------------------------------------------------------------------

def _strong_wolfe(f, grad, x, p, a, c1, c2):
    g0 = grad(x)
    f0, s0 = f(x), g0 @ p
    return (f(x + a * p) <= f0 + c1 * a * s0
            and abs(grad(x + a * p) @ p) <= c2 * abs(s0))


@pytest.mark.parametrize("seed", range(8))
def test_wolfe_and_scipy_both_satisfy_the_conditions(seed):
    """Our step and scipy.optimize.line_search's need not coincide; both
    must satisfy the strong Wolfe conditions."""
    rng = np.random.default_rng(seed)
    f, grad = tf.rosenbrock, tf.rosenbrock_gradient
    x = rng.uniform(-1.5, 1.5, 2)
    p = -grad(x)
    for c2 in (0.1, 0.9):
        r = ls.wolfe(f, grad, x, p, alpha0=1e-3, c1=1e-4, c2=c2)
        assert r.success
        assert _strong_wolfe(f, grad, x, p, r.step, 1e-4, c2)
        np.testing.assert_array_equal(r.gradient, grad(x + r.step * p))
        a_sp = optimize.line_search(f, grad, x, p, c1=1e-4, c2=c2)[0]
        assert a_sp is not None
        assert _strong_wolfe(f, grad, x, p, a_sp, 1e-4, c2)


@given(seed=st.integers(0, 2**16), n=st.integers(2, 5),
       kappa=st.floats(1.0, 1e4), alpha0=st.floats(1e-4, 1e2),
       c2=st.floats(0.01, 0.99))
def test_wolfe_on_quadratics(seed, n, kappa, alpha0, c2):
    q = _random_quadratic(seed, n, kappa)
    x = np.random.default_rng(seed + 2).uniform(-3, 3, n)
    g = q.gradient(x)
    if g @ g < 1e-12:
        return
    r = ls.wolfe(q.value, q.gradient, x, -g, alpha0=alpha0, c1=1e-4, c2=c2)
    assert r.success
    assert _strong_wolfe(q.value, q.gradient, x, -g, r.step, 1e-4, c2)
    assert r.n_f == r.n_trials + 1
    assert r.n_g == r.slope_steps.size + 1


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------

F = lambda z: float(z @ z)                                      # noqa: E731
GR = lambda z: 2 * z                                            # noqa: E731


def test_backtracking_bad_input():
    x, g = [1.0, 1.0], [2.0, 2.0]
    with pytest.raises(ValueError, match="p must be a descent direction"):
        ls.backtracking(F, x, [1.0, 0.0], g)
    with pytest.raises(TypeError, match="f"):
        ls.backtracking(None, x, [-1.0, 0.0], g)
    for name, kw in [("alpha0", dict(alpha0=0.0)), ("beta", dict(beta=1.0)),
                     ("c", dict(c=0.0)), ("max_trials", dict(max_trials=0)),
                     ("f_x", dict(f_x=np.nan))]:
        with pytest.raises(ValueError, match=name):
            ls.backtracking(F, x, [-1.0, 0.0], g, **kw)
    with pytest.raises(ValueError, match="p"):
        ls.backtracking(F, x, [-1.0], g)
    with pytest.raises(ValueError, match="x"):
        ls.backtracking(F, [np.nan, 1.0], [-1.0, 0.0], g)
    with pytest.raises(ValueError, match="f must be finite at x"):
        ls.backtracking(lambda z: np.inf, x, [-1.0, 0.0], g)
    with pytest.raises(ValueError, match="f must return a real scalar"):
        ls.backtracking(lambda z: z, x, [-1.0, 0.0], g)


def test_wolfe_bad_input():
    x = [1.0, 1.0]
    with pytest.raises(ValueError, match="c2"):
        ls.wolfe(F, GR, x, [-1.0, 0.0], c1=0.5, c2=0.4)
    with pytest.raises(ValueError, match="alpha0"):
        ls.wolfe(F, GR, x, [-1.0, 0.0], alpha0=10.0, alpha_max=1.0)
    with pytest.raises(TypeError, match="grad"):
        ls.wolfe(F, 3, x, [-1.0, 0.0])
    with pytest.raises(ValueError, match="g_x"):
        ls.wolfe(F, GR, x, [-1.0, -1.0], g_x=[1e308, 1e308])
    with pytest.raises(ValueError, match="grad must return"):
        ls.wolfe(F, lambda z: 1.0, x, [-1.0, 0.0])


def test_helpers_bad_input():
    with pytest.raises(ValueError, match="slope0"):
        ls.armijo_line(1.0, 0.5, [1.0], 0.5)
    with pytest.raises(ValueError, match="steps"):
        ls.armijo_line(1.0, -0.5, [-1.0], 0.5)
    with pytest.raises(ValueError, match="c"):
        ls.armijo_holds(1.0, -1.0, 0.5, 0.0, 1.5)
    with pytest.raises(ValueError, match="value"):
        ls.armijo_holds(1.0, -1.0, 0.5, np.nan, 0.5)
    with pytest.raises(TypeError, match="strong"):
        ls.curvature_holds(-1.0, 0.5, 0.5, strong="yes")
    with pytest.raises(ValueError, match="L"):
        ls.backtracking_step_bound(0.0)
    with pytest.raises(ValueError, match="f is not finite"):
        ls.line_values(lambda z: np.inf, [0.0], [1.0], [1.0])
    with pytest.raises(ValueError, match="steps"):
        ls.line_values(F, [0.0], [1.0], [np.nan])
