"""Tests for execmath.optim against NumPy, SciPy, PyTorch, finite
differences and the closed-form analysis of gradient descent."""

import numpy as np
import pytest
import torch
from scipy import optimize

from execmath import optim, surfaces
from execmath.calculus import fd_gradient, fd_jacobian

# The landscapes of the chapter's figures (chapters/10-optimization-landscapes)
BOWL = dict(eigenvalues=[1.0, 4.0], angle=np.pi / 6, center=[0.5, 0.25])
SADDLE_A = np.diag([2.0, -2.0])                    # f = x^2 - y^2
VALLEY = dict(eigenvalues=[1.0, 12.0], angle=np.pi / 6, center=[0.5, -0.25])
VALLEY_X0 = np.array([-1.8, -1.2])


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
        # the arrow is parallel to the axis: the axis is invariant
        cross = down[:, 0] * v[1] - down[:, 1] * v[0]
        np.testing.assert_allclose(cross, 0.0, atol=1e-12)

    for q, kind in ((bowl, "minimum"), (saddle, "saddle")):
        ev = np.linalg.eigvalsh(q.hessian())
        assert optim.classify_stationary_point(q.hessian()) == kind
        if kind == "minimum":
            assert np.all(ev > 0)
        else:
            assert ev[0] < 0 < ev[-1]
    np.testing.assert_allclose(np.linalg.eigvalsh(bowl.A), [1.0, 4.0])


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
    assert 10.0 - 1e-9 <= kappa <= 25.0 + 1e-9
    x_star = q.minimiser()
    e0 = np.linalg.norm(x0 - x_star)

    # 1. the stability threshold 2/L
    below = optim.gradient_descent(q.gradient, x0,
                                   0.99 * optim.max_stable_step(L), 3000)
    above = optim.gradient_descent(q.gradient, x0,
                                   1.01 * optim.max_stable_step(L), 30000)
    assert not below.diverged
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

    # 3. the bound rho^k ||x0 - x*||
    bound = optim.rate_bound(rho, e0, run.n_steps)
    assert np.all(dist <= bound * (1 + 1e-9) + 1e-13)


def test_claim_fig_land_gd_steps_panels():
    """Caption (fig-land-gd-steps), the four panels of the chapter: with
    eta = 0.3/L, eta*, 0.99 * 2/L and 1.05 * 2/L for 60 steps, eta* ends
    with the smallest gap, the step just above 2/L ends with a larger gap
    than it started with, and only the cross-valley factor is negative
    (zig-zag) for the three large steps."""
    q = optim.make_quadratic(**VALLEY)
    lam = q.eigenvalues()
    mu, L = lam[0], lam[-1]
    steps = [0.3 / L, optim.optimal_step(mu, L), 0.99 * 2 / L, 1.05 * 2 / L]
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
    assert q.value(x) == pytest.approx(explicit, rel=1e-13)
    np.testing.assert_allclose(
        q.gradient(x), fd_gradient(q.value, x, method="central"),
        rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(
        q.hessian(x), fd_jacobian(q.gradient, x, method="central"),
        rtol=1e-6, atol=1e-7)
    # torch autograd on the same formula
    xt = torch.tensor(x, requires_grad=True)
    ft = 0.5 * xt @ torch.from_numpy(A) @ xt - torch.from_numpy(b) @ xt
    ft.backward()
    np.testing.assert_allclose(q.gradient(x), xt.grad.numpy(), rtol=1e-12)


def test_quadratic_batched_points():
    q = optim.make_quadratic(**BOWL)
    P = np.random.default_rng(1).standard_normal((3, 5, 2))
    vals, grads = q.value(P), q.gradient(P)
    assert vals.shape == (3, 5) and grads.shape == (3, 5, 2)
    for i in range(3):
        for j in range(5):
            assert vals[i, j] == pytest.approx(q.value(P[i, j]), rel=1e-13)
            np.testing.assert_allclose(grads[i, j], q.A @ P[i, j] - q.b)


def test_minimiser_matches_solve_and_scipy():
    rng = np.random.default_rng(3)
    q, _ = _random_quadratic(rng, 5, 20.0)
    x_star = q.minimiser()
    np.testing.assert_allclose(x_star, np.linalg.solve(q.A, q.b))
    res = optimize.minimize(q.value, np.zeros(5), jac=q.gradient,
                            method="BFGS", options={"gtol": 1e-11})
    np.testing.assert_allclose(x_star, res.x, atol=1e-7)
    np.testing.assert_allclose(q.gradient(x_star), 0.0, atol=1e-12)
    assert q.condition_number() == pytest.approx(20.0, rel=1e-10)


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
    np.testing.assert_allclose(saddle.stationary_point(), [1.0, -2.0])
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
    np.testing.assert_allclose(np.linalg.eigvalsh(q.A), np.sort(lam),
                               atol=1e-12)
    np.testing.assert_allclose(q.gradient(center), 0.0, atol=1e-12)
    np.testing.assert_allclose(q.stationary_point(), center, atol=1e-12)


def test_make_quadratic_angle_rotates_eigenvectors():
    theta = 0.4
    q = optim.make_quadratic([1.0, 5.0], angle=theta)
    v1 = np.array([np.cos(theta), np.sin(theta)])
    np.testing.assert_allclose(q.A @ v1, 1.0 * v1, atol=1e-13)
    v2 = np.array([-np.sin(theta), np.cos(theta)])
    np.testing.assert_allclose(q.A @ v2, 5.0 * v2, atol=1e-13)
    np.testing.assert_allclose(optim.make_quadratic([2.0, 3.0]).A,
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
    for k in (0, 1, 7, 25):
        expected = x_star + np.linalg.matrix_power(M, k) @ (x0 - x_star)
        np.testing.assert_allclose(run.iterates[k], expected, atol=1e-12)
    ev, V = np.linalg.eigh(q.A)
    comps = (run.iterates[:9] - x_star) @ V                  # (9, 4)
    # (early steps only: later, fast components sink below rounding)
    np.testing.assert_allclose(comps[1:] / comps[:-1],
                               np.broadcast_to(1 - eta * ev, (8, 4)),
                               rtol=1e-8)
    np.testing.assert_allclose(run.values, q.value(run.iterates),
                               rtol=1e-13)


def test_gd_matches_torch_sgd():
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
    np.testing.assert_allclose(run.iterates[-1], xt.detach().numpy(),
                               rtol=1e-12, atol=1e-14)


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
    np.testing.assert_allclose(on.iterates[-1], 0.0, atol=1e-15)
    off = optim.gradient_descent(saddle.gradient, [1.0, 1e-8], 0.1, 200)
    # y grows by 1 + 2 eta per step
    np.testing.assert_allclose(off.iterates[:, 1],
                               1e-8 * 1.2 ** np.arange(201), rtol=1e-12)


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
    assert eta_star == pytest.approx(res.x, rel=1e-5)
    kappa = L / mu
    assert optim.contraction_factor(lam, eta_star) == pytest.approx(
        optim.convergence_rate(kappa), rel=1e-14)
    assert optim.convergence_rate(kappa) == pytest.approx(11.0 / 13.0)
    assert optim.max_stable_step(L) == pytest.approx(2.0 / 12.0)
    # at the threshold the top factor is exactly -1
    f = optim.step_factors(lam, optim.max_stable_step(L))
    assert f[-1] == pytest.approx(-1.0) and np.all(np.abs(f[:-1]) < 1)


def test_step_factors_are_eigenvalues_of_iteration_matrix():
    rng = np.random.default_rng(4)
    q, lam = _random_quadratic(rng, 5, 9.0)
    eta = 0.17
    np.testing.assert_allclose(
        np.sort(optim.step_factors(lam, eta)),
        np.linalg.eigvalsh(np.eye(5) - eta * q.A), atol=1e-12)


def test_observed_rate_and_rate_bound():
    k = np.arange(40)
    assert optim.observed_rate(3.0 * 0.8 ** k) == pytest.approx(0.8,
                                                                rel=1e-12)
    transient = np.concatenate([[50.0, 20.0, 9.0], 0.5 ** np.arange(30)])
    assert optim.observed_rate(transient, skip=3) == pytest.approx(0.5)
    rng = np.random.default_rng(9)
    noisy = 0.9 ** k * np.exp(0.05 * rng.standard_normal(40))
    slope = np.polyfit(k, np.log(noisy), 1)[0]
    assert optim.observed_rate(noisy) == pytest.approx(np.exp(slope),
                                                       rel=1e-10)
    np.testing.assert_allclose(optim.rate_bound(0.5, 2.0, 3),
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
        np.testing.assert_allclose(
            optim.double_well_gradient(x),
            fd_gradient(optim.double_well, x, method="central"),
            rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(
            optim.double_well_hessian(x),
            fd_jacobian(optim.double_well_gradient, x, method="central"),
            rtol=1e-6, atol=1e-6)
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
        np.testing.assert_allclose(run.iterates[-1], [sign, 0.0],
                                   atol=1e-10)
    on_axis = optim.gradient_descent(optim.double_well_gradient,
                                     [0.0, 1.0], 0.05, 2000)
    np.testing.assert_allclose(on_axis.iterates[-1], 0.0, atol=1e-10)


def test_double_well_bad_input():
    with pytest.raises(ValueError, match="x must have last axis"):
        optim.double_well([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x"):
        optim.double_well_gradient([[np.inf, 0.0]])
    with pytest.raises(ValueError, match="x"):
        optim.double_well_hessian(1.0)
