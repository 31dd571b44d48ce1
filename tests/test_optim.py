"""Tests for execmath.optim against NumPy, SciPy, PyTorch, finite
differences and the closed-form analysis of gradient descent.

PyTorch is an optional oracle (its test skips without it). Tolerances are
forward error bounds: a value 0.5 x^T A x - b^T x + c errs by
gamma_(n+2) times the same sum of absolute values (``value_err``), a
gradient A x - b by gamma_(n+1) (|A||x| + |b|) (``grad_err``), and a
gradient-descent iterate accumulates eta * grad_err + 2u|x| per step,
contracted by the step's factor (``gd_err``).
"""

import math

import numpy as np
import pytest
from scipy import optimize

from execmath import optim, surfaces
from execmath.calculus import fd_gradient, fd_jacobian

# The landscapes of the chapter's figures (chapters/10-optimization-landscapes)
BOWL = dict(eigenvalues=[1.0, 4.0], angle=np.pi / 6, center=[0.5, 0.25])
SADDLE_A = np.diag([2.0, -2.0])                    # f = x^2 - y^2
VALLEY = dict(eigenvalues=[1.0, 12.0], angle=np.pi / 6, center=[0.5, -0.25])
VALLEY_X0 = np.array([-1.8, -1.2])


U = np.finfo(np.float64).eps / 2        # unit roundoff


def gamma(k):
    """Higham's gamma_k = k u / (1 - k u): the bound of k roundings."""
    return k * U / (1 - k * U)


def value_err(q, x):
    """Bound on the rounding error of q.value at x (one implementation)."""
    x = np.asarray(x, float)
    n = q.dim
    return gamma(n + 3) * (0.5 * np.abs(x) @ np.abs(q.A) @ np.abs(x)
                           + np.abs(q.b) @ np.abs(x) + abs(q.c))


def grad_err(q, x):
    """Bound on the rounding error of each entry of q.gradient at x."""
    x = np.asarray(x, float)
    return gamma(q.dim + 1) * (np.abs(x) @ np.abs(q.A) + np.abs(q.b))


def eig_err(n, norm_a):
    """Weyl bound for computed eigenvalues: c n^2 u ||A|| (c = 8)."""
    return gamma(8 * n * n) * norm_a


def gd_err(q, iterates, eta):
    """Accumulated rounding of GD iterates: each step adds eta * grad_err +
    2u|x| (the product and the subtraction); |I - eta A| <= 1 for the
    steps used here, so the errors at most add up (k steps)."""
    per = [eta * np.max(grad_err(q, x)) + 2 * U * np.max(np.abs(x))
           for x in iterates]
    return np.sqrt(q.dim) * np.cumsum([0.0] + per[:-1])


def _random_quadratic(rng, n, kappa):
    """SPD quadratic with spectrum in [1, kappa] (both ends attained)."""
    lam = np.concatenate([[1.0, kappa], rng.uniform(1.0, kappa, n - 2)])
    center = rng.standard_normal(n)
    return optim.make_quadratic(lam, rng=rng, center=center), lam


# --------------------------------------------------------------------------
# Figure claims
# --------------------------------------------------------------------------

def test_claim_fig_land_bowl_saddle():
    """Caption: "Observe that on the bowl every arrow has a component
    towards the minimiser, though it rarely points straight at it, while on
    the saddle the arrows point towards the stationary point along the
    stable axis and away from it along the unstable axis."
    Also: the Hessian eigenvalues (1 and 4; 2 and -2) classify the two
    points as minimum and saddle, in agreement with numpy.linalg.eigvalsh.
    """
    # caption: "Hessian eigenvalues 1 and 4", "eigenvalues 2 and -2"; alt
    # text: "a star at (0.5, 0.25)"
    assert BOWL["eigenvalues"] == [1.0, 4.0]
    assert BOWL["center"] == [0.5, 0.25]
    np.testing.assert_array_equal(np.diag(SADDLE_A), [2.0, -2.0])
    bowl = optim.make_quadratic(**BOWL)
    saddle = optim.Quadratic(SADDLE_A, np.zeros(2))
    X, Y = surfaces.grid((-2, 2), (-2, 2), 41)
    P = np.stack([X, Y], axis=-1).reshape(-1, 2)              # (m, 2)

    x_star = bowl.minimiser()
    to_min = x_star - P                                       # (m, 2)
    far = np.linalg.norm(to_min, axis=1) > 1e-12
    inner = np.sum(-bowl.gradient(P) * to_min, axis=1)
    assert np.all(inner[far] > 0)

    lam, V = np.linalg.eigh(saddle.A)
    v_unstable, v_stable = V[:, 0], V[:, 1]                   # lam[0] < 0
    t = np.linspace(-2, 2, 41)
    t = t[t != 0][:, None]                                    # (40, 1)
    for v, sign in ((v_unstable, 1.0), (v_stable, -1.0)):
        pts = t * v                                           # (40, 2)
        down = -saddle.gradient(pts)
        radial = np.sum(down * pts, axis=1)
        assert np.all(sign * radial > 0)
        # the arrow is parallel to the axis: the axis is invariant (the
        # gradient's rounding, grad_err, and v's, u, in the cross product)
        cross = down[:, 0] * v[1] - down[:, 1] * v[0]
        tol = np.array([2 * np.max(grad_err(saddle, p)) + 4 * U *
                        np.max(np.abs(d)) for p, d in zip(pts, down)])
        assert np.all(np.abs(cross) <= tol)

    for q, kind in ((bowl, "minimum"), (saddle, "saddle")):
        ev = np.linalg.eigvalsh(q.hessian())
        assert optim.classify_stationary_point(q.hessian()) == kind
        if kind == "minimum":
            assert np.all(ev > 0)
        else:
            assert ev[0] < 0 < ev[-1]
    # constructed Q diag Q^T (gamma_4 |lam|) and eigvalsh (eig_err)
    np.testing.assert_allclose(np.linalg.eigvalsh(bowl.A), [1.0, 4.0],
                               rtol=0, atol=2 * eig_err(2, 4.0))


def _valley_cases():
    rng = np.random.default_rng(2024)
    yield optim.make_quadratic(**VALLEY), VALLEY_X0
    for n, kappa in ((2, 10.0), (2, 25.0), (5, 16.0), (8, 20.0)):
        q, _ = _random_quadratic(rng, n, kappa)
        yield q, q.minimiser() + 2.0 * rng.standard_normal(n)


@pytest.mark.parametrize("case", range(5))
def test_claim_fig_land_gd_steps(case):
    """Caption: "Observe the slow crawl with a small step, the fastest
    straight-line decay at eta* = 2/(mu + L), persistent zig-zag just below
    2/L and divergence just above it." Asserted on the chapter's valley and
    on random quadratics with kappa in [10, 25]: convergence at 0.99 * 2/L,
    divergence at 1.01 * 2/L, the fitted rate at eta* within 2% of
    (kappa - 1)/(kappa + 1), and ||x_k - x*|| <= rho^k ||x0 - x*||."""
    q, x0 = list(_valley_cases())[case]
    lam = q.eigenvalues()
    mu, L = lam[0], lam[-1]
    kappa = q.condition_number()
    # constructed spectrum ends at 10 or 25 up to eig_err relative to mu
    slack = 2 * eig_err(q.dim, 25.0) * 25.0
    assert 10.0 - slack <= kappa <= 25.0 + slack
    x_star = q.minimiser()
    e0 = np.linalg.norm(x0 - x_star)

    # 1. the stability threshold 2/L
    below = optim.gradient_descent(q.gradient, x0,
                                   0.99 * optim.max_stable_step(L), 3000)
    above = optim.gradient_descent(q.gradient, x0,
                                   1.01 * optim.max_stable_step(L), 30000)
    assert not below.diverged
    # rho = 0.98 over 3000 steps (0.98^3000 ~ 1e-27); rounding stalls the
    # iterates at ~ gd_err, far below 1e-8 e0 (the caption's "converges")
    assert below.distances(x_star)[-1] < 1e-8 * e0
    assert above.diverged
    assert np.all(np.isfinite(above.iterates))
    assert above.distances(x_star)[-1] > 1e50 * e0

    # 2. the rate at the best fixed step
    eta = optim.optimal_step(mu, L)
    run = optim.gradient_descent(q.gradient, x0, eta, 120, f=q.value)
    dist = run.distances(x_star)
    rho = optim.convergence_rate(kappa)
    fitted = optim.observed_rate(dist[:121], skip=30)
    assert abs(fitted - rho) <= 0.02 * rho

    # 3. the bound rho^k ||x0 - x*||, plus the iterates' rounding: each
    # step adds eta grad_err + 2u|x|, later contracted by rho, so at most
    # (that) / (1 - rho); the minimiser's own error kappa gamma_n |x*|
    bound = optim.rate_bound(rho, e0, run.n_steps)
    per_step = max(eta * np.max(grad_err(q, x)) + 2 * U * np.max(np.abs(x))
                   for x in run.iterates)
    excess = np.sqrt(q.dim) * per_step / (1 - rho) \
        + kappa * gamma(8 * q.dim) * np.linalg.norm(x_star)
    assert np.all(dist <= bound * (1 + 4 * U) + excess)


def test_claim_fig_land_gd_steps_panels():
    """Caption (fig-land-gd-steps), the four panels of the chapter: with
    eta = 0.3/L, eta*, 0.97 * 2/L and 1.05 * 2/L for 60 steps, eta* ends
    with the smallest gap, the step just above 2/L ends with a larger gap
    than it started with, and only the cross-valley factor is negative
    (zig-zag) for the three large steps."""
    # caption: "a valley with condition number kappa = 12", "60 steps
    # each" (the chapter's land-valley and land-gd-runs cells)
    assert VALLEY["eigenvalues"] == [1.0, 12.0]
    q = optim.make_quadratic(**VALLEY)
    lam = q.eigenvalues()
    mu, L = lam[0], lam[-1]
    steps = [0.3 / L, optim.optimal_step(mu, L), 0.97 * 2 / L, 1.05 * 2 / L]
    f_star = q.value(q.minimiser())
    gaps = [optim.gradient_descent(q.gradient, VALLEY_X0, s, 60,
                                   f=q.value).values - f_star
            for s in steps]
    final = [g[-1] for g in gaps]
    assert int(np.argmin(final)) == 1
    assert final[3] > gaps[3][0] > final[2]
    factors = np.array([optim.step_factors(lam, s) for s in steps])
    assert np.all(factors[0] > 0)
    assert np.all(factors[1:, 1] < 0) and np.all(factors[1:, 0] > 0)
    rhos = [optim.contraction_factor(lam, s) for s in steps]
    assert int(np.argmin(rhos)) == 1 and rhos[3] > 1 > rhos[2]


# --------------------------------------------------------------------------
# Quadratic
# --------------------------------------------------------------------------

def test_quadratic_value_gradient_hessian_against_oracles():
    rng = np.random.default_rng(0)
    M = rng.standard_normal((4, 4))
    A = M @ M.T + 0.5 * np.eye(4)
    b = rng.standard_normal(4)
    q = optim.Quadratic(A, b, 1.5)
    x = rng.standard_normal(4)
    explicit = 0.5 * sum(x[i] * A[i, j] * x[j]
                         for i in range(4) for j in range(4)) - b @ x + 1.5
    # the explicit sum of 16 terms errs like value_err with n^2 terms
    assert abs(q.value(x) - explicit) <= value_err(q, x) * (1 + 16 / 7)
    # Central differences are exact for quadratics (and linear maps):
    # rounding only, 2 value_err / (2h) plus u|x||g|/h, h = eps^(1/3) max.
    h = np.cbrt(2 * U) * max(1.0, np.max(np.abs(x)) + 1)
    g = q.gradient(x)
    fd_tol = (2 * value_err(q, np.abs(x) + h) / (2 * h)
              + U * np.max(np.abs(x)) * np.abs(g) / h + grad_err(q, x))
    assert np.all(np.abs(g - fd_gradient(q.value, x, method="central"))
                  <= fd_tol)
    hes_tol = (2 * np.max(grad_err(q, np.abs(x) + h)) / (2 * h)
               + U * np.max(np.abs(x)) * np.abs(q.A) / h)
    assert np.all(np.abs(q.hessian(x) - fd_jacobian(q.gradient, x,
                                                    method="central"))
                  <= hes_tol)
    # torch autograd on the same formula
    torch = pytest.importorskip("torch", reason="PyTorch autograd is an "
                                "optional oracle")
    xt = torch.tensor(x, requires_grad=True)
    ft = 0.5 * xt @ torch.from_numpy(A) @ xt - torch.from_numpy(b) @ xt
    ft.backward()
    # autograd forms (A + A^T) x / 2 - b: the same bound, on each side
    assert np.all(np.abs(g - xt.grad.numpy()) <= 2 * grad_err(q, x))


def test_quadratic_batched_points():
    q = optim.make_quadratic(**BOWL)
    P = np.random.default_rng(1).standard_normal((3, 5, 2))
    vals, grads = q.value(P), q.gradient(P)
    assert vals.shape == (3, 5) and grads.shape == (3, 5, 2)
    for i in range(3):
        for j in range(5):
            # batched einsum vs one point: the order of the sums may differ
            assert abs(vals[i, j] - q.value(P[i, j])) <= \
                2 * value_err(q, P[i, j])
            assert np.all(np.abs(grads[i, j] - (q.A @ P[i, j] - q.b))
                          <= 2 * grad_err(q, P[i, j]))


def test_minimiser_matches_solve_and_scipy():
    rng = np.random.default_rng(3)
    q, _ = _random_quadratic(rng, 5, 20.0)
    x_star = q.minimiser()
    kappa = 20.0
    # two backward-stable solves: forward error kappa gamma_(8n) |x*|
    tol = 2 * kappa * gamma(8 * 5) * np.linalg.norm(x_star)
    np.testing.assert_allclose(x_star, np.linalg.solve(q.A, q.b), atol=tol)
    res = optimize.minimize(q.value, np.zeros(5), jac=q.gradient,
                            method="BFGS", options={"gtol": 1e-11})
    # BFGS stops at |grad|_inf <= gtol: then |x - x*| <= sqrt(n) gtol / mu
    # (mu = 1 here), plus our own error
    np.testing.assert_allclose(x_star, res.x,
                               atol=np.sqrt(5) * 1e-11 + tol)
    # the residual of a backward-stable solve: |A x - b| <= gamma |A||x|
    np.testing.assert_allclose(q.gradient(x_star), 0.0,
                               atol=2 * gamma(8 * 5) * np.max(
                                   np.abs(q.A) @ np.abs(x_star) + np.abs(q.b)))
    # eigenvalues 1 and 20 constructed and computed to eig_err
    assert q.condition_number() == pytest.approx(
        20.0, rel=4 * eig_err(5, 20.0) * 20.0)


def test_quadratic_copies_and_symmetrises():
    A = np.array([[2.0, 1.0], [1.0 + 1e-14, 3.0]])
    b = np.array([1.0, 0.0])
    q = optim.Quadratic(A, b)
    np.testing.assert_array_equal(q.A, q.A.T)
    A[0, 0], b[0] = 99.0, 99.0        # the caller's arrays are not shared
    assert q.b[0] == 1.0
    assert q.A[0, 0] == 2.0


def test_saddle_has_stationary_point_but_no_minimiser():
    saddle = optim.Quadratic(SADDLE_A, [2.0, 4.0])
    np.testing.assert_array_equal(saddle.stationary_point(), [1.0, -2.0])
    with pytest.raises(ValueError, match="positive definite"):
        saddle.minimiser()
    with pytest.raises(ValueError, match="positive definite"):
        saddle.condition_number()
    with pytest.raises(ValueError, match="singular"):
        optim.Quadratic(np.diag([1.0, 0.0]), [1.0, 1.0]).stationary_point()


def test_quadratic_bad_input():
    with pytest.raises(ValueError, match="A must be symmetric"):
        optim.Quadratic([[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="A must be square"):
        optim.Quadratic(np.ones((2, 3)), [0.0, 0.0])
    with pytest.raises(ValueError, match="b must have shape"):
        optim.Quadratic(np.eye(2), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="A must be finite"):
        optim.Quadratic([[np.nan, 0.0], [0.0, 1.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="c must be finite"):
        optim.Quadratic(np.eye(2), [0.0, 0.0], np.inf)
    q = optim.Quadratic(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="x must have last axis"):
        q.value([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x must be finite"):
        q.gradient([np.nan, 0.0])


# --------------------------------------------------------------------------
# make_quadratic
# --------------------------------------------------------------------------

def test_make_quadratic_spectrum_and_center():
    rng = np.random.default_rng(5)
    lam = np.array([3.0, -1.0, 0.5, 7.0])
    center = rng.standard_normal(4)
    q = optim.make_quadratic(lam, rng=rng, center=center, c=2.0)
    tol = 2 * eig_err(4, 7.0)
    np.testing.assert_allclose(np.linalg.eigvalsh(q.A), np.sort(lam),
                               atol=tol)
    # b = A center was rounded (gamma_n |A||center|) and so is A center - b
    np.testing.assert_allclose(q.gradient(center), 0.0,
                               atol=2 * np.max(grad_err(q, center)))
    kappa = 7.0 / 0.5
    np.testing.assert_allclose(q.stationary_point(), center,
                               atol=2 * kappa * gamma(8 * 4)
                               * np.linalg.norm(center))


def test_make_quadratic_angle_rotates_eigenvectors():
    theta = 0.4
    q = optim.make_quadratic([1.0, 5.0], angle=theta)
    v1 = np.array([np.cos(theta), np.sin(theta)])
    # Q diag Q^T and the product with v: a few roundings of size 5
    tol = 2 * gamma(8) * 5.0
    np.testing.assert_allclose(q.A @ v1, 1.0 * v1, atol=tol)
    v2 = np.array([-np.sin(theta), np.cos(theta)])
    np.testing.assert_allclose(q.A @ v2, 5.0 * v2, atol=tol)
    np.testing.assert_array_equal(optim.make_quadratic([2.0, 3.0]).A,
                                  np.diag([2.0, 3.0]))


def test_make_quadratic_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="angle"):
        optim.make_quadratic([1.0, 2.0, 3.0], angle=0.1)
    with pytest.raises(ValueError, match="angle or rng"):
        optim.make_quadratic([1.0, 2.0], angle=0.1, rng=rng)
    with pytest.raises(ValueError, match="center"):
        optim.make_quadratic([1.0, 2.0], center=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="eigenvalues"):
        optim.make_quadratic([[1.0, 2.0]])
    with pytest.raises(ValueError, match="rng"):
        optim.make_quadratic([1.0, 2.0], rng=42)


# --------------------------------------------------------------------------
# classify_stationary_point
# --------------------------------------------------------------------------

@pytest.mark.parametrize("lam, kind", [
    ([1.0, 2.0], "minimum"),
    ([-1.0, -2.0], "maximum"),
    ([1.0, -1.0], "saddle"),
    ([1.0, 0.0, -1.0], "saddle"),
    ([1.0, 0.0], "degenerate"),
    ([0.0, 0.0], "degenerate"),
    ([-3.0, 0.0], "degenerate"),
])
def test_classify_examples_in_random_bases(lam, kind):
    rng = np.random.default_rng(7)
    H = optim.make_quadratic(lam, rng=rng).A
    assert optim.classify_stationary_point(H) == kind


def test_classify_agrees_with_eigvalsh_signs():
    rng = np.random.default_rng(8)
    for _ in range(200):
        n = int(rng.integers(1, 6))
        H = rng.standard_normal((n, n))
        H = H + H.T
        ev = np.linalg.eigvalsh(H)
        expected = ("minimum" if ev.min() > 0 else "maximum"
                    if ev.max() < 0 else "saddle")
        assert optim.classify_stationary_point(H) == expected


def test_classify_tolerance_and_fd_hessians():
    assert optim.classify_stationary_point(np.diag([1.0, 1e-9])) == "minimum"
    assert optim.classify_stationary_point(
        np.diag([1.0, 1e-9]), tol=1e-6) == "degenerate"
    # double well: Hessians by finite differences of the gradient
    kinds = []
    for p in ([-1.0, 0.0], [0.0, 0.0], [1.0, 0.0]):
        H = fd_jacobian(optim.double_well_gradient, p, method="central")
        kinds.append(optim.classify_stationary_point(0.5 * (H + H.T),
                                                     tol=1e-5))
    assert kinds == ["minimum", "saddle", "minimum"]


def test_classify_bad_input():
    with pytest.raises(ValueError, match="hessian must be symmetric"):
        optim.classify_stationary_point([[1.0, 1.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="hessian must be square"):
        optim.classify_stationary_point(np.ones((2, 3)))
    with pytest.raises(ValueError, match="tol"):
        optim.classify_stationary_point(np.eye(2), tol=-1.0)


# --------------------------------------------------------------------------
# gradient_descent
# --------------------------------------------------------------------------

def test_gd_matches_closed_form_error_recursion():
    """e_k = (I - eta A)^k e_0, and each eigen-component is multiplied by
    1 - eta lambda_i per step."""
    rng = np.random.default_rng(11)
    q, lam = _random_quadratic(rng, 4, 15.0)
    x_star, x0, eta = q.minimiser(), rng.standard_normal(4), 0.1
    run = optim.gradient_descent(q.gradient, x0, eta, 25, f=q.value)
    assert run.iterates.shape == (26, 4) and run.n_steps == 25
    M = np.eye(4) - eta * q.A
    errs = gd_err(q, run.iterates, eta)
    xs_err = 15.0 * gamma(8 * 4) * np.linalg.norm(x_star)   # kappa gamma
    for k in (0, 1, 7, 25):
        expected = x_star + np.linalg.matrix_power(M, k) @ (x0 - x_star)
        # matrix_power: k products, gamma_(k n) |M|^k |e0| (|M| <= 1.5)
        mp_err = gamma(4 * k + 4) * 1.5**k * np.linalg.norm(x0 - x_star)
        np.testing.assert_allclose(run.iterates[k], expected,
                                   atol=errs[k] + 2 * xs_err + mp_err)
    ev, V = np.linalg.eigh(q.A)
    comps = (run.iterates[:9] - x_star) @ V                  # (9, 4)
    # (early steps only: later, fast components sink below rounding) The
    # ratio of two components errs by their absolute errors (gd_err, the
    # eigenvectors' eig_err/gap, x*'s) over their size.
    cerr = errs[:9] + 2 * xs_err + eig_err(4, 15.0) * np.linalg.norm(
        x0 - x_star)
    ratio_err = (cerr[1:, None] + np.abs(comps[1:]) * cerr[:-1, None]
                 / np.abs(comps[:-1])) / np.abs(comps[:-1])
    assert np.all(np.abs(comps[1:] / comps[:-1] - (1 - eta * ev))
                  <= ratio_err)
    vals = q.value(run.iterates)
    assert np.all(np.abs(run.values - vals)
                  <= 2 * np.array([value_err(q, x) for x in run.iterates]))


def test_gd_matches_torch_sgd():
    torch = pytest.importorskip("torch", reason="torch.optim.SGD is an "
                                "optional oracle")
    q = optim.make_quadratic(**VALLEY)
    eta = 0.1
    run = optim.gradient_descent(q.gradient, VALLEY_X0, eta, 30)
    xt = torch.tensor(VALLEY_X0, requires_grad=True)
    opt = torch.optim.SGD([xt], lr=eta)
    A, b = torch.from_numpy(q.A), torch.from_numpy(q.b)
    for _ in range(30):
        opt.zero_grad()
        loss = 0.5 * xt @ A @ xt - b @ xt
        loss.backward()
        opt.step()
    # both accumulate gd_err (|I - 0.1 A| <= 1 for lambda in [1, 12])
    np.testing.assert_allclose(run.iterates[-1], xt.detach().numpy(),
                               rtol=0,
                               atol=2 * gd_err(q, run.iterates, eta)[-1])


def test_gd_divergence_is_silent_and_flagged():
    # quartic growth: would overflow within a few steps without protection
    run = optim.gradient_descent(optim.double_well_gradient, [3.0, 1.0],
                                 1.0, 100, f=optim.double_well)
    assert run.diverged and run.n_steps < 100
    assert np.all(np.isfinite(run.iterates))
    assert np.all(np.isfinite(run.values))
    # a gradient that overflows to inf
    run = optim.gradient_descent(lambda x: np.exp(x * 800.0), [1.0],
                                 1.0, 5)
    assert run.diverged and run.n_steps == 0
    # the blowup threshold
    q = optim.Quadratic(np.eye(1), [0.0])
    run = optim.gradient_descent(q.gradient, [1.0], 3.0, 100, blowup=1e3)
    assert run.diverged and np.abs(run.iterates[-1, 0]) == 2.0 ** 10


def test_gd_saddle_stable_manifold_and_escape():
    saddle = optim.Quadratic(SADDLE_A, np.zeros(2))
    on = optim.gradient_descent(saddle.gradient, [1.0, 0.0], 0.1, 200)
    # y stays exactly 0; x shrinks by 0.8 per step (two roundings each)
    np.testing.assert_allclose(on.iterates[-1], 0.0,
                               atol=0.8**200 * (1 + gamma(400)))
    off = optim.gradient_descent(saddle.gradient, [1.0, 1e-8], 0.1, 200)
    # y grows by 1 + 2 eta per step: two roundings per step, and 1.2^k
    # computed by pow (an ulp)
    k = np.arange(201)
    np.testing.assert_allclose(off.iterates[:, 1], 1e-8 * 1.2 ** k,
                               rtol=gamma(2 * 200 + 4))


def test_gd_bad_input():
    q = optim.Quadratic(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="step"):
        optim.gradient_descent(q.gradient, [1.0, 1.0], 0.0, 10)
    with pytest.raises(ValueError, match="step"):
        optim.gradient_descent(q.gradient, [1.0, 1.0], -0.1, 10)
    with pytest.raises(ValueError, match="x0"):
        optim.gradient_descent(q.gradient, [np.nan, 1.0], 0.1, 10)
    with pytest.raises(ValueError, match="n_steps"):
        optim.gradient_descent(q.gradient, [1.0, 1.0], 0.1, 0)
    with pytest.raises(ValueError, match="grad must be callable"):
        optim.gradient_descent(None, [1.0, 1.0], 0.1, 10)
    with pytest.raises(ValueError, match="grad must return shape"):
        optim.gradient_descent(lambda x: np.zeros(3), [1.0, 1.0], 0.1, 10)
    with pytest.raises(ValueError, match="f must return"):
        optim.gradient_descent(q.gradient, [1.0, 1.0], 0.1, 10,
                               f=lambda x: np.zeros(2))
    run = optim.gradient_descent(q.gradient, [1.0, 1.0], 0.1, 3)
    with pytest.raises(ValueError, match="x_star"):
        run.distances([0.0, 0.0, 0.0])


# --------------------------------------------------------------------------
# step sizes and rates
# --------------------------------------------------------------------------

def test_optimal_step_minimises_contraction_factor():
    lam = np.array([1.0, 3.0, 7.0, 12.0])
    mu, L = lam[0], lam[-1]
    eta_star = optim.optimal_step(mu, L)
    res = optimize.minimize_scalar(
        lambda eta: optim.contraction_factor(lam, eta),
        bounds=(1e-6, optim.max_stable_step(L)), method="bounded",
        options={"xatol": 1e-12})
    # SciPy's bounded Brent stops when the bracket is within 2 (sqrt(eps)
    # |x| + xatol/3) of the minimiser: 4 sqrt(eps) relative is a bound
    assert eta_star == pytest.approx(res.x, rel=4 * math.sqrt(2 * U))
    kappa = L / mu
    # |1 - eta* mu| and (kappa - 1)/(kappa + 1): a few roundings each, the
    # subtraction 1 - 2/13 amplifies by at most 1.2
    assert optim.contraction_factor(lam, eta_star) == pytest.approx(
        optim.convergence_rate(kappa), rel=8 * U)
    assert optim.convergence_rate(kappa) == pytest.approx(11.0 / 13.0,
                                                          rel=4 * U)
    assert optim.max_stable_step(L) == pytest.approx(2.0 / 12.0, rel=2 * U)
    # at the threshold the top factor is exactly -1 (to a rounding or two)
    f = optim.step_factors(lam, optim.max_stable_step(L))
    assert f[-1] == pytest.approx(-1.0, rel=4 * U)
    assert np.all(np.abs(f[:-1]) < 1)


def test_step_factors_are_eigenvalues_of_iteration_matrix():
    rng = np.random.default_rng(4)
    q, lam = _random_quadratic(rng, 5, 9.0)
    eta = 0.17
    # the construction of A (eig_err) and eigvalsh of I - eta A (eig_err of
    # a matrix of norm <= 1 + eta kappa)
    np.testing.assert_allclose(
        np.sort(optim.step_factors(lam, eta)),
        np.linalg.eigvalsh(np.eye(5) - eta * q.A), rtol=0,
        atol=eta * eig_err(5, 9.0) + eig_err(5, 1 + eta * 9.0))


def test_observed_rate_and_rate_bound():
    k = np.arange(40)
    # log e_k carries <= |log e_k| 2u + u (pow and log within an ulp);
    # the least-squares slope errs by <= 3 max|d log e| / n, and exp keeps
    # that relative: 3 (2 * 10 + 1) u / 40 for |log e| <= 10, n = 40
    assert optim.observed_rate(3.0 * 0.8 ** k) == pytest.approx(
        0.8, rel=3 * 21 * U / 40 + 4 * U)
    transient = np.concatenate([[50.0, 20.0, 9.0], 0.5 ** np.arange(30)])
    assert optim.observed_rate(transient, skip=3) == pytest.approx(
        0.5, rel=3 * 43 * U / 30 + 4 * U)
    rng = np.random.default_rng(9)
    noisy = 0.9 ** k * np.exp(0.05 * rng.standard_normal(40))
    slope = np.polyfit(k, np.log(noisy), 1)[0]
    # two least-squares solvers on the same data: cond([k, 1])^2 u times
    # the slope's scale on each side
    cond = np.linalg.cond(np.vander(k.astype(float), 2))
    assert optim.observed_rate(noisy) == pytest.approx(
        np.exp(slope), rel=2 * cond**2 * 8 * U)
    np.testing.assert_array_equal(optim.rate_bound(0.5, 2.0, 3),
                                  [2.0, 1.0, 0.5, 0.25])


def test_steps_to_reduce():
    k = np.arange(30)
    e = 2.0 * 0.5 ** k                          # e_k / e_0 = 2^-k
    # 2^-10 <= 1e-3 < 2^-9: the target is first met at k = 10
    assert optim.steps_to_reduce(e, 1e-3) == 10
    assert optim.steps_to_reduce(e, 0.5) == 1   # equality counts as reached
    # the oracle np.argmax agrees whenever the target is reached ...
    assert optim.steps_to_reduce(e, 1e-6) == int(np.argmax(e <= 1e-6 * e[0]))
    # ... but where argmax silently says 0, the target was never reached
    assert optim.steps_to_reduce(e, 1e-12) is None
    assert int(np.argmax(e <= 1e-12 * e[0])) == 0
    assert optim.steps_to_reduce([1.0, 2.0, 4.0], 0.5) is None  # diverging
    assert optim.steps_to_reduce([3.0], 0.1) is None
    assert optim.steps_to_reduce([1.0, 0.0], 1e-8) == 1         # exact hit


def test_steps_to_reduce_matches_closed_form_rate():
    """On a 2-D quadratic at eta* the error shrinks by exactly rho per step,
    so the count is the smallest k with rho^k <= tau."""
    q = optim.make_quadratic(**VALLEY)
    run = optim.gradient_descent(q.gradient, VALLEY_X0,
                                 optim.optimal_step(1.0, 12.0), 200)
    rho = optim.convergence_rate(12.0)
    expected = int(np.ceil(np.log(1e-6) / np.log(rho)))
    got = optim.steps_to_reduce(run.distances(q.minimiser()), 1e-6)
    assert abs(got - expected) <= 1          # rounding at the boundary


def test_steps_to_reduce_bad_input():
    with pytest.raises(ValueError, match="distances"):
        optim.steps_to_reduce([[1.0, 0.5]], 0.1)
    with pytest.raises(ValueError, match="distances"):
        optim.steps_to_reduce([], 0.1)
    with pytest.raises(ValueError, match="distances"):
        optim.steps_to_reduce([1.0, np.nan], 0.1)
    with pytest.raises(ValueError, match="distances"):
        optim.steps_to_reduce([1.0, -0.5], 0.1)
    with pytest.raises(ValueError, match=r"distances\[0\]"):
        optim.steps_to_reduce([0.0, 0.0], 0.1)
    for bad in (0.0, -1e-3, 1.0, 1e6, np.inf):
        with pytest.raises(ValueError, match="factor"):
            optim.steps_to_reduce([1.0, 0.5], bad)


def test_rate_helpers_bad_input():
    with pytest.raises(ValueError, match="L"):
        optim.max_stable_step(0.0)
    with pytest.raises(ValueError, match="mu"):
        optim.optimal_step(-1.0, 2.0)
    with pytest.raises(ValueError, match="mu must be <= L"):
        optim.optimal_step(3.0, 2.0)
    with pytest.raises(ValueError, match="kappa"):
        optim.convergence_rate(0.5)
    with pytest.raises(ValueError, match="step"):
        optim.step_factors([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="step"):
        optim.contraction_factor([1.0, 2.0], np.nan)
    with pytest.raises(ValueError, match="errors"):
        optim.observed_rate([1.0, 0.0, 0.5])
    with pytest.raises(ValueError, match="errors"):
        optim.observed_rate([1.0, 0.5], skip=1)
    with pytest.raises(ValueError, match="rho"):
        optim.rate_bound(-0.5, 1.0, 3)
    with pytest.raises(ValueError, match="n_steps"):
        optim.rate_bound(0.5, 1.0, -1)


# --------------------------------------------------------------------------
# double well
# --------------------------------------------------------------------------

def test_double_well_derivatives_against_fd():
    rng = np.random.default_rng(12)
    for x in rng.uniform(-1.5, 1.5, size=(5, 2)):
        # central differences with h = eps^(1/3) max(1, |x|): truncation
        # h^2/6 times the third derivative (24 |x| for f, 24 for the
        # gradient), rounding 2u |f| / h (|f| <= 3.6 near |x| <= 1.5,
        # |grad| <= 7.5) and u |x| |f'| / h for the rounding of x +- h
        h = np.cbrt(2 * U) * max(1.0, np.max(np.abs(x)))
        g = optim.double_well_gradient(x)
        tol = h**2 / 6 * 24 * 1.6 + (2 * U * 3.6 + U * 1.5 * 7.5) / h
        assert np.all(np.abs(g - fd_gradient(optim.double_well, x,
                                             method="central")) <= tol)
        tol = h**2 / 6 * 24 + (2 * U * 7.5 + U * 1.5 * 23.0) / h
        assert np.all(np.abs(optim.double_well_hessian(x) - fd_jacobian(
            optim.double_well_gradient, x, method="central")) <= tol)
    assert optim.double_well([1.0, 0.0]) == 0.0
    assert optim.double_well([0.0, 0.0]) == 1.0
    P = rng.standard_normal((3, 4, 2))
    assert optim.double_well(P).shape == (3, 4)
    assert optim.double_well_gradient(P).shape == (3, 4, 2)
    assert optim.double_well_hessian(P).shape == (3, 4, 2, 2)


def test_double_well_gd_picks_the_well_of_the_perturbation():
    for sign in (1.0, -1.0):
        run = optim.gradient_descent(optim.double_well_gradient,
                                     [sign * 1e-6, 1.0], 0.05, 2000)
        # near the minimum the error contracts by 1 - 0.05 * 8 = 0.6 (x)
        # and 0.9 (y) per step: after the escape (~300 steps) it is far
        # below 1e-10, where rounding (u per step, contracted) rests
        np.testing.assert_allclose(run.iterates[-1], [sign, 0.0],
                                   atol=1e-10)
    on_axis = optim.gradient_descent(optim.double_well_gradient,
                                     [0.0, 1.0], 0.05, 2000)
    # x = 0 stays exactly 0; y contracts by 0.9 per step: 0.9^2000 ~ 1e-92
    np.testing.assert_allclose(on_axis.iterates[-1], 0.0, atol=1e-10)


def test_double_well_bad_input():
    with pytest.raises(ValueError, match="x must have last axis"):
        optim.double_well([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x"):
        optim.double_well_gradient([[np.inf, 0.0]])
    with pytest.raises(ValueError, match="x"):
        optim.double_well_hessian(1.0)


# --------------------------------------------------------------------------
# issue 8: overflow where the answer fits, leaking errors, names
# --------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))


def test_quadratic_of_huge_curvature_is_stored_finite():
    """Issue example: Quadratic(diag(1e308)) stored inf (0.5 (A + A.T)
    overflowed)."""
    q = optim.Quadratic(np.diag([1e308, 1e308]), [0.0, 0.0])
    np.testing.assert_array_equal(q.A, np.diag([1e308, 1e308]))
    assert q.value([1e-160, 0.0]) == pytest.approx(0.5e-12, rel=4 * U)
    np.testing.assert_allclose(q.gradient([1e-10, 0.0]), [1e298, 0.0],
                               rtol=2 * U)            # one product
    with pytest.raises(ValueError, match="f\\(x\\)"):
        q.value([2.0, 2.0])                       # 4e308: does not fit


@given(st.integers(0, 2**32 - 1), POW2)
@settings(max_examples=50)
def test_classification_is_scale_invariant(seed, j):
    H = np.random.default_rng(seed).standard_normal((3, 3))
    H = H + H.T
    assert optim.classify_stationary_point(np.ldexp(H, j)) == \
        optim.classify_stationary_point(H)


def test_gradient_descent_names_x0_when_grad_fails():
    q = optim.Quadratic(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="x0"):
        optim.gradient_descent(q.gradient, [1.0], 0.1, 5)


def test_step_helpers_refuse_results_beyond_the_range():
    with pytest.raises(ValueError, match="L"):
        optim.max_stable_step(5e-324)
    with pytest.raises(ValueError, match="rho"):
        optim.rate_bound(1e308, 1.0, 3)
    with pytest.raises(ValueError, match="step"):
        optim.step_factors([1e308], 10.0)
    assert optim.optimal_step(1e308, 1.5e308) == pytest.approx(
        2 / 2.5e308, rel=4 * U)                   # mu + L overflowed


def test_counts_are_bounded():
    q = optim.Quadratic(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="n_steps"):
        optim.gradient_descent(q.gradient, [1.0, 1.0], 0.1, 2**40)
    with pytest.raises(ValueError, match="n_steps"):
        optim.rate_bound(0.5, 1.0, 2**40)


@pytest.mark.parametrize("bad", [[1 + 1j, 0.0], ["1", "0"], [True, False]])
def test_points_are_never_reinterpreted(bad):
    with pytest.raises(TypeError, match="x"):
        optim.double_well(bad)


# --------------------------------------------------------------------------
# Chapter claims added with the issue-9 revision
# --------------------------------------------------------------------------
def test_claim_land_descent_lemma():
    """Chapter (eq-land-descent-lemma, land-descent-newton): for
    0 < eta < 2/L one gradient step lowers f by at least
    eta (1 - L eta / 2) |grad f|^2; checked on the chapter's valley at 200
    random points and on random quadratics, and, beyond quadratics, on
    log-sum-exp (whose Hessian has eigenvalues in [0, 1], so L = 1)."""
    from execmath import numerics
    rng = np.random.default_rng(6)
    cases = [optim.make_quadratic(**VALLEY)]
    cases += [_random_quadratic(rng, n, k)[0] for n, k in ((3, 5.0),
                                                          (6, 40.0))]
    for q in cases:
        L = q.eigenvalues()[-1]
        pts = q.minimiser() + rng.uniform(-2, 2, (200, q.dim))
        g = q.gradient(pts)
        gg = np.sum(g**2, axis=1)
        for frac in (0.1, 0.5, 1.0, 1.5, 1.99):
            s = frac / L
            drop = q.value(pts) - q.value(pts - s * g)
            bound = s * (1 - L * s / 2) * gg
            # rounding of two values of size |f| (value_err each)
            tol = np.array([2 * value_err(q, p) + 2 * value_err(q, p - s * gp)
                            for p, gp in zip(pts, g)])
            assert np.all(drop - bound >= -tol)
    x = rng.standard_normal((100, 5))
    for x_k in x:
        g = numerics.softmax(x_k)
        for s in (0.5, 1.0, 1.9):
            drop = numerics.logsumexp(x_k) - numerics.logsumexp(x_k - s * g)
            bound = s * (1 - s / 2) * g @ g
            assert drop - bound >= -8 * U * abs(numerics.logsumexp(x_k))


def test_claim_land_newton_step():
    """Chapter (eq-land-newton, land-descent-newton): one Newton step lands
    on the minimiser of an SPD quadratic whatever kappa is; on the double
    well, started where the Hessian is indefinite, Newton's method
    converges to the saddle at the origin."""
    rng = np.random.default_rng(11)
    for kappa in (12.0, 1e3, 1e6):
        q, _ = _random_quadratic(rng, 4, kappa)
        x0 = rng.standard_normal(4) * 3
        x1 = x0 - np.linalg.solve(q.hessian(), q.gradient(x0))
        x_star = q.minimiser()
        # two solves with A: each relative error ~ kappa * gamma_n
        tol = 2 * kappa * gamma(8 * q.dim) * (np.linalg.norm(x0)
                                              + np.linalg.norm(x_star))
        assert np.linalg.norm(x1 - x_star) <= tol
    p = np.array([0.3, 0.5])
    assert np.linalg.eigvalsh(optim.double_well_hessian(p))[0] < 0
    for _ in range(5):
        p = p - np.linalg.solve(optim.double_well_hessian(p),
                                optim.double_well_gradient(p))
    assert np.all(np.abs(p) <= 1e-12)
    assert optim.classify_stationary_point(
        optim.double_well_hessian(p)) == "saddle"


def test_claim_land_exact_zero_stays_zero():
    """Chapter (sol-land-saddle): from (1, 0) on x^2 - y^2 the y-component
    stays exactly 0 in floating point (rounding supplies no perturbation),
    and gradient descent converges to the saddle."""
    saddle = optim.Quadratic(SADDLE_A, np.zeros(2))
    run = optim.gradient_descent(saddle.gradient, [1.0, 0.0], 0.1, 300)
    assert np.all(run.iterates[:, 1] == 0.0)
    assert abs(run.iterates[-1, 0]) < 1e-20


def test_claim_land_valley_oracles():
    """Same data as the chapter's land-valley: the valley's minimiser
    reproduces the centre it was built around, and SciPy's BFGS from the
    chapter's start x0 finds it too (the oracle the chapter cites)."""
    q = optim.make_quadratic(**VALLEY)
    x_star = q.minimiser()
    kappa = 12.0
    tol = 2 * kappa * gamma(8 * 2) * np.linalg.norm(x_star)
    np.testing.assert_allclose(x_star, VALLEY["center"], atol=tol)
    res = optimize.minimize(q.value, VALLEY_X0, jac=q.gradient,
                            method="BFGS", options={"gtol": 1e-10})
    # BFGS stops at |grad|_inf <= gtol: |x - x*| <= sqrt(n) gtol / mu
    np.testing.assert_allclose(res.x, x_star,
                               atol=np.sqrt(2) * 1e-10 + tol)
