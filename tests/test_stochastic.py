"""Tests for execmath.stochastic against NumPy, SciPy, PyTorch, exact
enumeration and analytic identities, plus the claims of the figures of
chapters/17-stochastic-optimization.qmd."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import linalg as sla

from execmath import fitting, optim
from execmath import stochastic as sto

try:
    import torch
except ImportError:         # the Python 3.13 job installs no PyTorch wheel
    torch = None
needs_torch = pytest.mark.skipif(
    torch is None, reason="PyTorch is not installed (oracle tests only)")

U = 2.0**-53                                   # unit roundoff of float64

# ---------------------------------------------------------------- the chapter
# The running problem and the experiments of chapters/17-...qmd.
DATA_SEED, N, D, NOISE, COND = 17, 500, 10, 0.5, 10.0
CURVE_SEED, CURVE_EPOCHS, CURVE_LR, CURVE_B, CURVE_BETA = 171, 20, 0.04, 10, 0.9
VAR_SEED, VAR_DRAWS = 172, 1000
SCHED_SEED, SCHED_EPOCHS, SCHED_LR0 = 173, 30, 0.2
FLOOR_SEED, FLOOR_ETAS = 174, (0.005, 0.01, 0.02, 0.04)
N_SEEDS = 8


@pytest.fixture(scope="module")
def prob():
    return sto.make_least_squares(N, D, rng=np.random.default_rng(DATA_SEED),
                                  noise=NOISE, condition=COND)


def small_problem(n=40, d=3, seed=0, condition=4.0):
    return sto.make_least_squares(n, d, rng=np.random.default_rng(seed),
                                  noise=0.5, condition=condition)


# ------------------------------------------------------------ LeastSquares
class TestLeastSquares:
    @needs_torch
    def test_per_example_gradients_match_torch_autograd(self):
        p = small_problem()
        w = np.array([0.3, -1.2, 0.7])
        Xt, yt = torch.tensor(p.X), torch.tensor(p.y)

        def loss_i(wt, x, y):
            return 0.5 * (x @ wt - y) ** 2

        per = torch.func.vmap(torch.func.grad(loss_i), in_dims=(None, 0, 0))(
            torch.tensor(w), Xt, yt).numpy()                     # (N, d)
        # Both evaluate (x.w - y) x with d multiply-adds: a few u relative
        # to |x| (|x||w| + |y|) per entry.
        scale = np.abs(p.X).max() * (np.abs(p.X).max() * np.abs(w).sum()
                                     + np.abs(p.y).max())
        np.testing.assert_allclose(p.per_example_gradients(w), per,
                                   rtol=0, atol=8 * D * U * scale)

    def test_batch_gradient_and_loss_are_means(self):
        p = small_problem()
        w, idx = np.array([0.5, 0.1, -0.4]), np.array([3, 7, 7, 20])
        G = p.per_example_gradients(w, idx)
        np.testing.assert_allclose(p.gradient(w, idx), G.mean(axis=0),
                                   rtol=1e-13, atol=1e-15)
        r = p.X[idx] @ w - p.y[idx]
        assert math.isclose(p.loss(w, idx), 0.5 * np.mean(r * r),
                            rel_tol=1e-14)
        np.testing.assert_allclose(p.gradient(w),
                                   p.X.T @ (p.X @ w - p.y) / p.n,
                                   rtol=1e-12, atol=1e-14)

    @needs_torch
    def test_hessian_matches_torch(self):
        p = small_problem()
        Xt, yt = torch.tensor(p.X), torch.tensor(p.y)
        # reverse-over-reverse (forward mode would import torch.jit)
        H = torch.func.jacrev(torch.func.grad(
            lambda w: 0.5 * torch.mean((Xt @ w - yt) ** 2)))(
                torch.zeros(3, dtype=torch.float64)).numpy()
        np.testing.assert_allclose(p.hessian(), H, rtol=1e-12, atol=1e-14)
        lam = np.linalg.eigvalsh(H)
        assert math.isclose(p.smoothness(), lam[-1], rel_tol=1e-12)
        assert math.isclose(p.strong_convexity(), lam[0], rel_tol=1e-10)

    def test_minimiser_and_excess(self):
        p = small_problem()
        w_star = p.minimiser()
        np.testing.assert_allclose(w_star, sla.lstsq(p.X, p.y)[0],
                                   rtol=1e-10)
        assert np.abs(p.gradient(w_star)).max() < 1e-12
        w = np.array([1.0, -2.0, 0.5])
        diff = p.loss(w) - p.loss(w_star)
        # the subtraction loses about u * loss(w) absolutely
        assert abs(diff - p.excess(w)) < 16 * U * p.loss(w)
        stack = np.stack([w, w_star, 2 * w])                      # (3, d)
        ex = p.excess(stack)
        assert ex.shape == (3,) and ex[1] == 0.0
        assert math.isclose(ex[0], p.excess(w), rel_tol=1e-14)

    def test_residual_variance_is_gradient_variance_at_minimum(self):
        p = small_problem()
        G = p.per_example_gradients(p.minimiser())
        assert math.isclose(p.residual_variance(),
                            float(np.var(G, axis=0).sum()), rel_tol=1e-12)

    def test_make_least_squares_condition(self):
        # With n >> d the sample Hessian is within O(sqrt(d/n)) of
        # diag(s_j^2), whose condition number is exactly `condition`.
        p = sto.make_least_squares(20000, 3, rng=np.random.default_rng(3),
                                   condition=25.0)
        kappa = p.smoothness() / p.strong_convexity()
        assert abs(kappa / 25.0 - 1) < 0.1

    def test_make_least_squares_reproducible(self):
        a = sto.make_least_squares(30, 2, rng=np.random.default_rng(5))
        b = sto.make_least_squares(30, 2, rng=np.random.default_rng(5))
        assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)

    @pytest.mark.parametrize("kwargs, match", [
        ({"n": 2, "d": 3}, "n"),
        ({"n": 10, "d": 2, "noise": -1.0}, "noise"),
        ({"n": 10, "d": 2, "condition": 0.5}, "condition"),
        ({"n": 10, "d": 2, "rng": None}, "rng"),
        ({"n": 0, "d": 2}, "n"),
        ({"n": 10, "d": 2.0}, "d"),
    ])
    def test_make_least_squares_bad_input(self, kwargs, match):
        kw = {"rng": np.random.default_rng(0), **kwargs}
        with pytest.raises((ValueError, TypeError), match=match):
            sto.make_least_squares(**kw)

    @pytest.mark.parametrize("X, y, match", [
        (np.ones(3), np.ones(3), "X"),
        (np.ones((3, 2)), np.ones(4), "y"),
        ([[1.0, np.nan], [1.0, 2.0]], [1.0, 2.0], "X"),
        ([[1.0, 2.0]], [np.inf], "y"),
        (np.ones((2, 2)) + 1j, np.ones(2), "X"),
        ("abc", np.ones(2), "X"),
        (np.full((2, 2), 1e200), np.ones(2), "X"),
    ])
    def test_bad_data(self, X, y, match):
        with pytest.raises((ValueError, TypeError), match=match):
            sto.LeastSquares(X, y)

    def test_bad_points_and_indices(self):
        p = small_problem()
        with pytest.raises(ValueError, match="w"):
            p.loss(np.ones(4))
        with pytest.raises(ValueError, match="w"):
            p.gradient([np.nan, 0.0, 0.0])
        with pytest.raises(ValueError, match="w"):
            p.loss(np.full(3, 1e300))                 # residuals overflow
        with pytest.raises(ValueError, match="idx"):
            p.gradient(np.zeros(3), [0, 40])
        with pytest.raises(TypeError, match="idx"):
            p.gradient(np.zeros(3), [0.0, 1.0])
        with pytest.raises(ValueError, match="idx"):
            p.losses(np.zeros(3), np.array([], dtype=int))
        with pytest.raises(ValueError, match="w"):
            p.excess(np.ones((2, 4)))


# ------------------------------------------------------------ mini-batches
class TestBatches:
    @given(n=st.integers(1, 300), data=st.data())
    def test_an_epoch_visits_every_index_exactly_once(self, n, data):
        B = data.draw(st.integers(1, n))
        seed = data.draw(st.integers(0, 2**32 - 1))
        batches = sto.epoch_batches(n, B, np.random.default_rng(seed))
        assert len(batches) == -(-n // B)
        assert all(b.size == B for b in batches[:-1])
        assert 1 <= batches[-1].size <= B
        allidx = np.concatenate(batches)
        assert np.array_equal(np.sort(allidx), np.arange(n))

    def test_epoch_is_the_generators_permutation(self):
        batches = sto.epoch_batches(10, 4, np.random.default_rng(9))
        perm = np.random.default_rng(9).permutation(10)
        assert np.array_equal(np.concatenate(batches), perm)

    def test_sample_batch(self):
        rng = np.random.default_rng(0)
        b = sto.sample_batch(10, 10, rng, replace=False)
        assert np.array_equal(np.sort(b), np.arange(10))
        b = sto.sample_batch(3, 50, rng, replace=True)
        assert b.min() >= 0 and b.max() <= 2 and b.size == 50

    def test_bad_input(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="batch_size"):
            sto.epoch_batches(5, 6, rng)
        with pytest.raises(ValueError, match="n"):
            sto.epoch_batches(0, 1, rng)
        with pytest.raises(TypeError, match="rng"):
            sto.epoch_batches(5, 2, 42)
        with pytest.raises(ValueError, match="batch_size"):
            sto.sample_batch(5, 6, rng, replace=False)
        with pytest.raises(TypeError, match="replace"):
            sto.sample_batch(5, 2, rng, replace="no")


# ------------------------------------------------------------ variance
def enumerate_variance(G, B, replace):
    """Exact E|g_B - gbar|^2 by averaging over every possible batch."""
    n = G.shape[0]
    gbar = G.mean(axis=0)
    batches = (itertools.product(range(n), repeat=B) if replace
               else itertools.combinations(range(n), B))
    devs = [np.sum((G[list(b)].mean(axis=0) - gbar) ** 2) for b in batches]
    return float(np.mean(devs))


class TestVariance:
    def test_gradient_variance_matches_numpy(self):
        G = np.random.default_rng(1).standard_normal((50, 4))
        assert math.isclose(sto.gradient_variance(G),
                            float(np.var(G, axis=0).sum()), rel_tol=1e-13)

    def test_gradient_variance_extreme_scales(self):
        G = np.random.default_rng(2).standard_normal((20, 3))
        base = sto.gradient_variance(G)
        # scaling by a power of two is exact, so the variance scales exactly
        assert sto.gradient_variance(G * 2.0**500) == base * 2.0**1000
        assert sto.gradient_variance(G * 2.0**-500) == base * 2.0**-1000
        with pytest.raises(ValueError, match="grads"):
            sto.gradient_variance(np.array([[1e308], [-1e308]]))

    @pytest.mark.parametrize("B", [1, 2, 3, 5])
    def test_without_replacement_matches_enumeration(self, B):
        G = np.random.default_rng(3).standard_normal((7, 2))
        s2 = sto.gradient_variance(G)
        exact = enumerate_variance(G, B, replace=False)
        assert math.isclose(sto.minibatch_variance(s2, 7, B, replace=False),
                            exact, rel_tol=1e-12, abs_tol=1e-15)

    @pytest.mark.parametrize("B", [1, 2, 3])
    def test_with_replacement_matches_enumeration(self, B):
        G = np.random.default_rng(4).standard_normal((5, 2))
        s2 = sto.gradient_variance(G)
        exact = enumerate_variance(G, B, replace=True)
        assert math.isclose(sto.minibatch_variance(s2, 5, B, replace=True),
                            exact, rel_tol=1e-12)

    def test_full_batch_without_replacement_is_zero(self):
        assert sto.minibatch_variance(3.0, 9, 9, replace=False) == 0.0
        assert sto.minibatch_variance(3.0, 1, 1, replace=False) == 3.0

    def test_study_matches_exact_law(self):
        G = np.random.default_rng(5).standard_normal((60, 3))
        for replace in (True, False):
            s = sto.minibatch_variance_study(
                G, [1, 3, 10, 30, 59], n_draws=400,
                rng=np.random.default_rng(6), replace=replace)
            # each estimate is a mean of 400 iid draws: CLT, z = 4
            assert np.all(np.abs(s.variance - s.exact) <= 4 * s.se)

    def test_variance_slope_standard_error(self):
        study = sto.VarianceStudy(
            batch_sizes=np.array([1, 4, 16]),
            variance=np.array([2.0, 0.5, 0.125]),
            se=np.array([0.02, 0.01, 0.0025]),
            exact=np.array([2.0, 0.5, 0.125]), sigma2=2.0, n=100,
            replace=True)
        fit = sto.variance_slope(study)
        u = np.log([1.0, 4.0, 16.0])
        du = u - u.mean()
        r = np.array([0.01, 0.02, 0.02])
        assert math.isclose(fit.slope, -1.0, rel_tol=1e-13)
        assert math.isclose(fit.se, math.sqrt(np.sum(du**2 * r**2))
                            / np.sum(du**2), rel_tol=1e-13)

    def test_bad_input(self):
        G = np.ones((5, 2))
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="batch_size"):
            sto.minibatch_variance(1.0, 5, 6, replace=False)
        with pytest.raises(ValueError, match="sigma2"):
            sto.minibatch_variance(-1.0, 5, 2, replace=True)
        with pytest.raises(ValueError, match="batch_sizes"):
            sto.minibatch_variance_study(G, [1, 6], n_draws=10, rng=rng,
                                         replace=True)
        with pytest.raises(ValueError, match="n_draws"):
            sto.minibatch_variance_study(G, [1], n_draws=1, rng=rng,
                                         replace=True)
        with pytest.raises(ValueError, match="grads"):
            sto.gradient_variance([[np.nan, 1.0]])
        with pytest.raises(TypeError, match="study"):
            sto.variance_slope((1, 2, 3))


def chapter_variance_studies(prob):
    G_star = prob.per_example_gradients(prob.minimiser())
    sizes = fitting.geomspace_int(1, N - 1, 12)
    rng = np.random.default_rng(VAR_SEED)
    with_rep = sto.minibatch_variance_study(G_star, sizes, n_draws=VAR_DRAWS,
                                            rng=rng, replace=True)
    without = sto.minibatch_variance_study(G_star, np.append(sizes, N),
                                           n_draws=VAR_DRAWS, rng=rng,
                                           replace=False)
    return with_rep, without


def test_claim_fig_sgd_variance(prob):
    """Observe that with replacement the points follow a straight line of
    slope -1, the 1/B law; without replacement they follow it for small B
    and then bend down towards zero as B approaches N = 500, the
    finite-population correction (N - B)/(N - 1)."""
    # caption: "1,000 batches per size", "N = 500"
    assert (VAR_DRAWS, N) == (1000, 500)
    with_rep, without = chapter_variance_studies(prob)
    fit = sto.variance_slope(with_rep)
    # Band: 3 standard errors of the slope (delta method from the Monte
    # Carlo standard errors of each point, see variance_slope).
    assert abs(fit.slope + 1.0) <= 3 * fit.se, (fit.slope, fit.se)
    assert fit.se < 0.02                      # the band is informative
    # Without replacement: every point within 4 SE of sigma^2/B (N-B)/(N-1)
    inner = without.batch_sizes < N
    assert np.all(np.abs(without.variance[inner] - without.exact[inner])
                  <= 4 * without.se[inner])
    # ... which equals the 1/B law for small B and bends to 0 at B = N
    fpc = without.exact[inner] / (with_rep.sigma2
                                  / without.batch_sizes[inner])
    assert fpc[0] == 1.0 and np.all(np.diff(fpc) < 0)
    assert fpc[-1] < 0.01
    # at B = N only rounding is left (u^2 relative to sigma^2)
    assert without.variance[-1] <= 100 * U**2 * without.sigma2


# ------------------------------------------------------------ schedules
steps_st = st.lists(st.integers(0, 10**6), min_size=2, max_size=30).map(
    lambda v: np.sort(np.array(v, dtype=np.int64)))
lr_st = st.floats(1e-6, 10.0)


class TestSchedules:
    @given(t=steps_st, lr=lr_st, every=st.integers(1, 1000),
           factor=st.floats(1e-3, 1.0))
    def test_step_decay_nonnegative_nonincreasing(self, t, lr, every,
                                                  factor):
        v = sto.step_decay_lr(t, lr, every=every, factor=factor)
        assert np.all(v >= 0) and np.all(v <= lr)
        assert np.all(np.diff(v) <= 0)

    @given(t=steps_st, lr=lr_st, total=st.integers(1, 10**5),
           frac=st.floats(0.0, 1.0))
    def test_cosine_bounded_nonincreasing(self, t, lr, total, frac):
        lr_min = frac * lr
        v = sto.cosine_lr(t, lr, total=total, lr_min=lr_min)
        # lr_min + (lr - lr_min) c with c in [0, 1]: a few u outside at most
        assert np.all(v >= lr_min * (1 - 4 * U))
        assert np.all(v <= lr * (1 + 4 * U))
        assert np.all(np.diff(v) <= 0)

    @given(t=steps_st, lr=lr_st, warmup=st.integers(1, 1000))
    def test_warmup_nonnegative_nondecreasing(self, t, lr, warmup):
        v = sto.linear_warmup_lr(t, lr, warmup=warmup)
        assert np.all(v > 0) and np.all(v <= lr)
        assert np.all(np.diff(v) >= 0)

    @given(t=steps_st, lr=lr_st, decay=st.floats(1e-3, 1e6))
    def test_inverse_time_positive_nonincreasing(self, t, lr, decay):
        v = sto.inverse_time_lr(t, lr, decay=decay)
        assert np.all(v > 0) and np.all(v <= lr)
        assert np.all(np.diff(v) <= 0)

    def test_constant(self):
        assert sto.constant_lr(5, 0.3) == 0.3
        assert np.array_equal(sto.constant_lr(np.arange(4), 0.3),
                              np.full(4, 0.3))

    def _torch_lrs(self, make_scheduler, n_steps, base=0.1):
        w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=base)
        sched = make_scheduler(opt)
        out = []
        for _ in range(n_steps):
            out.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        return np.array(out)

    @needs_torch
    def test_step_decay_matches_torch(self):
        ref = self._torch_lrs(lambda o: torch.optim.lr_scheduler.StepLR(
            o, step_size=7, gamma=0.5), 40)
        # torch multiplies by gamma once per boundary; we take a power:
        # at most a few roundings apart
        np.testing.assert_allclose(
            sto.step_decay_lr(np.arange(40), 0.1, every=7, factor=0.5), ref,
            rtol=8 * U)

    @needs_torch
    def test_cosine_matches_torch(self):
        ref = self._torch_lrs(
            lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(
                o, T_max=100, eta_min=1e-3), 101)
        # torch's recursive form accumulates ~5u per step over 100 steps
        np.testing.assert_allclose(
            sto.cosine_lr(np.arange(101), 0.1, total=100, lr_min=1e-3), ref,
            rtol=1e-12)

    @needs_torch
    def test_warmup_matches_torch(self):
        W = 8
        ref = self._torch_lrs(lambda o: torch.optim.lr_scheduler.LinearLR(
            o, start_factor=1 / W, end_factor=1.0, total_iters=W - 1), 20)
        np.testing.assert_allclose(
            sto.linear_warmup_lr(np.arange(20), 0.1, warmup=W), ref,
            rtol=1e-14)

    def test_inverse_time_satisfies_robbins_monro_form(self):
        t = np.arange(10**5)
        v = sto.inverse_time_lr(t, 1.0, decay=10.0)
        np.testing.assert_allclose(v * (10.0 + t), 10.0, rtol=4 * U)

    @pytest.mark.parametrize("call, match", [
        (lambda: sto.constant_lr(-1, 0.1), "step"),
        (lambda: sto.constant_lr(1.5, 0.1), "step"),
        (lambda: sto.constant_lr(True, 0.1), "step"),
        (lambda: sto.constant_lr(1, 0.0), "lr"),
        (lambda: sto.step_decay_lr(1, 0.1, every=0), "every"),
        (lambda: sto.step_decay_lr(1, 0.1, every=2, factor=1.5), "factor"),
        (lambda: sto.cosine_lr(1, 0.1, total=10, lr_min=0.2), "lr_min"),
        (lambda: sto.cosine_lr(1, np.nan, total=10), "lr"),
        (lambda: sto.linear_warmup_lr(1, 0.1, warmup=0), "warmup"),
        (lambda: sto.inverse_time_lr(1, 0.1, decay=0.0), "decay"),
        (lambda: sto.inverse_time_lr(10**30, 0.1, decay=1.0), "step"),
    ])
    def test_bad_input(self, call, match):
        with pytest.raises((ValueError, TypeError), match=match):
            call()


# ------------------------------------------------------------ clipping
vec_st = st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20).map(
    np.array)


class TestClipping:
    @given(g=vec_st, c=st.floats(1e-6, 1e6))
    def test_clipping_never_increases_the_norm(self, g, c):
        out = sto.clip_by_global_norm(g, c)
        # componentwise: no entry grows, signs are kept
        assert np.all(np.abs(out) <= np.abs(g))
        assert np.all(out * g >= 0)
        norm = math.hypot(*g)
        # the computed norm of the result: at most c or |g|, up to the
        # rounding of one scaled sum of squares (~ (len + 2) u)
        tol = 1 + (g.size + 4) * U
        assert sto.global_norm(out) <= min(c, norm) * tol or norm == 0
        if norm <= c:
            assert np.array_equal(out, g)

    def test_direction_is_kept(self):
        g = np.array([3.0, -4.0, 12.0])
        out = sto.clip_by_global_norm(g, 1.3)
        np.testing.assert_allclose(out / 1.3, g / 13.0, rtol=4 * U)

    @needs_torch
    def test_matches_torch_clip_grad_norm(self):
        g = np.random.default_rng(0).standard_normal(50) * 10
        t = torch.tensor(g.copy(), requires_grad=True)
        t.grad = torch.tensor(g.copy())
        torch.nn.utils.clip_grad_norm_([t], max_norm=2.0)
        # torch divides by |g| + 1e-6: a relative difference 1e-6 / |g|
        norm = np.linalg.norm(g)
        np.testing.assert_allclose(sto.clip_by_global_norm(g, 2.0),
                                   t.grad.numpy(), rtol=2e-6 / norm)

    @pytest.mark.parametrize("g", [[3e200, 4e200], [3e-200, 4e-200],
                                   [1e308, 1e308, 1e308]])
    def test_global_norm_extreme_scales(self, g):
        assert math.isclose(sto.global_norm(g), math.hypot(*g),
                            rel_tol=4 * U)

    def test_global_norm_beyond_range(self):
        with pytest.raises(ValueError, match="g"):
            sto.global_norm([1e308] * 4)
        # ... but clipping such a gradient still works
        out = sto.clip_by_global_norm([1e308] * 4, 1.0)
        np.testing.assert_allclose(out, 0.5, rtol=4 * U)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="max_norm"):
            sto.clip_by_global_norm([1.0], 0.0)
        with pytest.raises(ValueError, match="g"):
            sto.clip_by_global_norm([np.inf], 1.0)
        with pytest.raises(TypeError, match="g"):
            sto.global_norm("abc")


# ------------------------------------------------------------ update rules
def replay_batches(n, batch_size, seed, n_epochs):
    """The batch sequence that sto.sgd / sto.adam draw from ``seed``."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_epochs):
        out.extend(sto.epoch_batches(n, batch_size, rng))
    return out


def torch_replay(opt_factory, iterates, grads, lrs=None):
    """Drive a torch optimiser with given gradients; return its iterates."""
    w = torch.tensor(iterates[0].copy(), requires_grad=True)
    opt = opt_factory([w])
    out = [w.detach().numpy().copy()]
    for t, g in enumerate(grads):
        if lrs is not None:
            opt.param_groups[0]["lr"] = float(lrs[t])
        w.grad = torch.tensor(g)
        opt.step()
        out.append(w.detach().numpy().copy())
    return np.array(out)


@needs_torch
class TestUpdateRulesAgainstTorch:
    """Same gradients in, same iterates out.

    The gradients fed to torch are recomputed at *our* iterates from the
    replayed batches, so the two runs differ only in the rounding of the
    update formulas: a few u per step relative to |w| + |step|, summed
    over at most 80 steps, i.e. below 1e-13 relative; 1e-12 is the claim.
    """

    def run(self, method, **kw):
        p = small_problem(seed=11)
        tr = method(p, np.array([0.5, -0.5, 1.0]), kw.pop("lr"), 4,
                    batch_size=8, rng=np.random.default_rng(12),
                    record_iterates=True, **kw)
        batches = replay_batches(p.n, 8, 12, 4)
        grads = [p.gradient(w, b) for w, b in zip(tr.iterates[:-1],
                                                  batches)]
        return tr, grads

    def test_sgd_matches_torch(self):
        tr, grads = self.run(sto.sgd, lr=0.05)
        ref = torch_replay(lambda ps: torch.optim.SGD(ps, lr=0.05),
                           tr.iterates, grads)
        np.testing.assert_allclose(tr.iterates, ref, rtol=1e-12, atol=0)

    def test_momentum_matches_torch(self):
        tr, grads = self.run(sto.sgd, lr=0.05, momentum=0.9)
        ref = torch_replay(
            lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9),
            tr.iterates, grads)
        np.testing.assert_allclose(tr.iterates, ref, rtol=1e-12, atol=0)

    def test_momentum_with_schedule_matches_torch(self):
        lrs = sto.step_decay_lr(np.arange(20), 0.05, every=7, factor=0.3)
        tr, grads = self.run(sto.sgd, lr=lrs, momentum=0.8)
        ref = torch_replay(
            lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8),
            tr.iterates, grads, lrs=tr.lrs)
        np.testing.assert_allclose(tr.iterates, ref, rtol=1e-12, atol=0)

    def test_adam_matches_torch(self):
        tr, grads = self.run(sto.adam, lr=0.05)
        ref = torch_replay(
            lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.9, 0.999),
                                        eps=1e-8),
            tr.iterates, grads)
        np.testing.assert_allclose(tr.iterates, ref, rtol=1e-12, atol=0)

    def test_autograd_gradient_of_a_batch(self):
        p = small_problem(seed=11)
        w, idx = np.array([0.5, -0.5, 1.0]), np.array([1, 5, 9, 30])
        wt = torch.tensor(w, requires_grad=True)
        Xb, yb = torch.tensor(p.X[idx]), torch.tensor(p.y[idx])
        (0.5 * torch.mean((Xb @ wt - yb) ** 2)).backward()
        np.testing.assert_allclose(p.gradient(w, idx), wt.grad.numpy(),
                                   rtol=1e-13, atol=1e-15)


class TestUpdateRules:
    def test_momentum_is_heavy_ball_for_constant_step(self):
        rng = np.random.default_rng(0)
        grads = rng.standard_normal((30, 3))
        eta, beta = 0.1, 0.7
        w, buf = np.zeros(3), None
        ours = [w]
        for g in grads:
            w, buf = sto.momentum_update(w, buf, g, eta, beta)
            ours.append(w)
        hb = [np.zeros(3), np.zeros(3) - eta * grads[0]]
        for g in grads[1:]:
            hb.append(hb[-1] - eta * g + beta * (hb[-1] - hb[-2]))
        # different but equivalent formulas: rounding only, ~30 steps
        np.testing.assert_allclose(ours, hb, rtol=1e-12, atol=1e-14)

    def test_adam_first_step_is_lr_sign(self):
        g = np.array([4.0, -1e-3, 250.0])
        w, m, v = sto.adam_update(np.zeros(3), np.zeros(3), np.zeros(3), g,
                                  1, 0.1, eps=1e-8)
        np.testing.assert_allclose(w, -0.1 * g / (np.abs(g) + 1e-8),
                                   rtol=8 * U)
        w0, _, _ = sto.adam_update(np.zeros(3), np.zeros(3), np.zeros(3), g,
                                   1, 0.1, eps=1e-8, bias_correction=False)
        raw = -0.1 * 0.1 * g / (np.sqrt(0.001) * np.abs(g) + 1e-8)
        np.testing.assert_allclose(w0, raw, rtol=16 * U)

    @given(g=st.floats(-1e3, 1e3).filter(lambda x: abs(x) > 1e-3),
           b1=st.floats(0.0, 0.99), b2=st.floats(0.0, 0.9999))
    def test_bias_correction_is_exact_for_constant_gradients(self, g, b1,
                                                            b2):
        T = 50
        mo = sto.adam_moments(np.full(T, g), beta1=b1, beta2=b2)
        # the recursion accumulates ~2u per step; the divisor is accurate
        np.testing.assert_allclose(mo.m_hat, g, rtol=4 * T * U)
        np.testing.assert_allclose(mo.v_hat, g * g, rtol=4 * T * U)
        t = np.arange(1, T + 1)
        np.testing.assert_allclose(mo.m, (1 - b1**t) * g, rtol=4 * T * U,
                                   atol=4 * T * U * abs(g))

    def test_bias_correction_factor(self):
        t = np.array([1, 2, 10, 1000])
        ref = np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        np.testing.assert_allclose(sto.bias_correction_factor(t), ref,
                                   rtol=1e-12)
        # ... and it is the ratio of Adam's corrected and raw first steps
        g = np.array([2.0])
        a, _, _ = sto.adam_update([0.0], [0.0], [0.0], g, 1, 1.0, eps=1e-300)
        b, _, _ = sto.adam_update([0.0], [0.0], [0.0], g, 1, 1.0, eps=1e-300,
                                  bias_correction=False)
        assert math.isclose(a[0] / b[0], sto.bias_correction_factor(1),
                            rel_tol=16 * U)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="g"):
            sto.momentum_update([1.0, 2.0], None, [1.0], 0.1, 0.9)
        with pytest.raises(ValueError, match="momentum"):
            sto.momentum_update([1.0], None, [1.0], 0.1, 1.0)
        with pytest.raises(ValueError, match="lr"):
            sto.momentum_update([1.0], None, [1.0], -0.1, 0.5)
        with pytest.raises(ValueError, match="t"):
            sto.adam_update([1.0], [0.0], [0.0], [1.0], 0, 0.1)
        with pytest.raises(ValueError, match="v"):
            sto.adam_update([1.0], [0.0], [-1.0], [1.0], 1, 0.1)
        with pytest.raises(ValueError, match="beta2"):
            sto.adam_update([1.0], [0.0], [0.0], [1.0], 1, 0.1, beta2=1.0)
        with pytest.raises(ValueError, match="t"):
            sto.bias_correction_factor(0)
        with pytest.raises(ValueError, match="grads"):
            sto.adam_moments([[np.nan]])


# ------------------------------------------------------------ optimisers
class TestOptimisers:
    def test_trace_shapes_and_counts(self):
        p = small_problem(n=45)
        tr = sto.sgd(p, np.zeros(3), 0.05, 3, batch_size=10,
                     rng=np.random.default_rng(0), record_iterates=True)
        steps = 3 * 5                                   # ceil(45 / 10) = 5
        assert tr.n_steps == steps and tr.n_epochs == 3
        assert tr.step_losses.shape == tr.lrs.shape == (steps,)
        assert tr.grad_norms.shape == (steps,)
        assert tr.iterates.shape == (steps + 1, 3)
        assert tr.epoch_iterates.shape == (4, 3)
        assert tr.n_grad_evals == 3 * 45 and tr.n_loss_evals == 4 * 45
        assert np.array_equal(tr.epoch_iterates[-1], tr.w)
        assert np.array_equal(tr.iterates[::5], tr.epoch_iterates)
        np.testing.assert_allclose(tr.epoch_losses,
                                   [p.loss(w) for w in tr.epoch_iterates],
                                   rtol=1e-14)

    def test_sgd_is_the_documented_loop(self):
        p = small_problem(n=30)
        tr = sto.sgd(p, np.zeros(3), 0.05, 2, batch_size=7,
                     rng=np.random.default_rng(3), record_iterates=True)
        w = np.zeros(3)
        manual = [w]
        for b in replay_batches(30, 7, 3, 2):
            w = w - 0.05 * p.gradient(w, b)
            manual.append(w)
        np.testing.assert_allclose(tr.iterates, manual, rtol=4 * U, atol=0)

    def test_full_batch_sgd_is_gradient_descent(self):
        p = small_problem(n=30)
        tr = sto.sgd(p, np.zeros(3), 0.2, 6, batch_size=30,
                     rng=np.random.default_rng(0))
        gd = optim.gradient_descent(p.gradient, np.zeros(3), 0.2, 6)
        # same formula, rows summed in a permuted order: each gradient
        # differs by at most N u max|grad_i| per entry
        G = np.abs(p.per_example_gradients(np.zeros(3))).max()
        np.testing.assert_allclose(tr.epoch_iterates, gd.iterates, rtol=0,
                                   atol=6 * 0.2 * 30 * U * G * 10)

    def test_same_seed_same_run(self):
        p = small_problem()
        a = sto.sgd(p, np.zeros(3), 0.05, 2, batch_size=5,
                    rng=np.random.default_rng(1), momentum=0.5)
        b = sto.sgd(p, np.zeros(3), 0.05, 2, batch_size=5,
                    rng=np.random.default_rng(1), momentum=0.5)
        c = sto.sgd(p, np.zeros(3), 0.05, 2, batch_size=5,
                    rng=np.random.default_rng(2), momentum=0.5)
        assert np.array_equal(a.step_losses, b.step_losses)
        assert not np.array_equal(a.w, c.w)

    def test_schedule_forms_agree(self):
        p = small_problem()
        lrs = sto.cosine_lr(np.arange(10), 0.1, total=10)
        kw = dict(batch_size=8, rng=None)
        a = sto.sgd(p, np.zeros(3), lrs, 2, **{**kw, "rng":
                                                np.random.default_rng(0)})
        b = sto.sgd(p, np.zeros(3),
                    lambda t: sto.cosine_lr(t, 0.1, total=10), 2,
                    **{**kw, "rng": np.random.default_rng(0)})
        assert np.array_equal(a.w, b.w) and np.array_equal(a.lrs, lrs)

    def test_clipping_bounds_every_step(self):
        p = small_problem()
        tr = sto.sgd(p, np.full(3, 5.0), 0.1, 2, batch_size=4, clip=0.5,
                     rng=np.random.default_rng(0), record_iterates=True)
        steps = np.linalg.norm(np.diff(tr.iterates, axis=0), axis=1)
        # the difference of two iterates of size ~5 carries ~u |w| rounding
        slack = 4 * U * np.abs(tr.iterates).max() * math.sqrt(3)
        assert np.all(steps <= 0.1 * 0.5 * (1 + 8 * U) + slack)
        assert tr.grad_norms.max() > 0.5           # recorded unclipped

    def test_divergence_is_reported(self):
        p = small_problem()
        tr = sto.sgd(p, np.zeros(3), 50.0, 20, batch_size=4,
                     rng=np.random.default_rng(0))
        assert tr.diverged
        assert np.all(np.isfinite(tr.w)) and np.all(np.isfinite(
            tr.epoch_losses))

    def test_replacement_sampling_counts(self):
        p = small_problem(n=20)
        tr = sto.sgd(p, np.zeros(3), 0.05, 3, batch_size=6, replace=True,
                     rng=np.random.default_rng(0))
        assert tr.n_steps == 3 * 4 and tr.n_grad_evals == 3 * 4 * 6

    def test_adam_without_correction_steps_are_larger(self):
        p = small_problem()
        kw = dict(batch_size=8, record_iterates=True, n_epochs=1)
        a = sto.adam(p, np.zeros(3), lr=0.01, rng=np.random.default_rng(0),
                     **kw)
        b = sto.adam(p, np.zeros(3), lr=0.01, rng=np.random.default_rng(0),
                     bias_correction=False, **kw)
        sa = np.linalg.norm(a.iterates[1] - a.iterates[0])
        sb = np.linalg.norm(b.iterates[1] - b.iterates[0])
        # first step: ratio sqrt(1 - b2) / (1 - b1) per coordinate, up to
        # a relative eps / (sqrt(1 - b2) |g_j|) from the eps in Adam
        g1 = p.gradient(np.zeros(3), replay_batches(p.n, 8, 0, 1)[0])
        tol = 4 * 1e-8 / (math.sqrt(1e-3) * np.abs(g1).min())
        assert math.isclose(sa / sb, sto.bias_correction_factor(1),
                            rel_tol=tol)

    @pytest.mark.parametrize("kwargs, match", [
        ({"problem": "p"}, "problem"),
        ({"w0": np.zeros(4)}, "w0"),
        ({"w0": np.full(3, 1e300)}, "w0"),
        ({"lr": -0.1}, "lr"),
        ({"lr": np.array([0.1, 0.1])}, "lr"),
        ({"lr": lambda t: float("nan")}, "lr"),
        ({"n_epochs": 0}, "n_epochs"),
        ({"batch_size": 41}, "batch_size"),
        ({"momentum": 1.0}, "momentum"),
        ({"clip": 0.0}, "clip"),
        ({"rng": 3}, "rng"),
        ({"replace": "no"}, "replace"),
        ({"n_epochs": 10**7}, "n_epochs"),
    ])
    def test_bad_input(self, kwargs, match):
        p = small_problem()
        kw = dict(problem=p, w0=np.zeros(3), lr=0.1, n_epochs=1,
                  batch_size=4, rng=np.random.default_rng(0))
        kw.update(kwargs)
        with pytest.raises((ValueError, TypeError), match=match):
            sto.sgd(**kw)

    def test_adam_bad_input(self):
        p = small_problem()
        with pytest.raises(ValueError, match="beta1"):
            sto.adam(p, np.zeros(3), 0.1, 1, batch_size=4,
                     rng=np.random.default_rng(0), beta1=1.0)
        with pytest.raises(ValueError, match="eps"):
            sto.adam(p, np.zeros(3), 0.1, 1, batch_size=4,
                     rng=np.random.default_rng(0), eps=0.0)


# ------------------------------------------------------------ noise floor
def brute_force_second_moments(p, lr, B, n_iter):
    """Iterate C <- E[(I - lr H_B) C (I - lr H_B)] + lr^2 E[s_B s_B^T] with
    the expectation taken over every ordered batch of B indices."""
    X, n, d = p.X, p.n, p.dim
    eps = X @ p.minimiser() - p.y
    As, ss = [], []
    for b in itertools.product(range(n), repeat=B):
        Xb = X[list(b)]
        As.append(np.eye(d) - lr * Xb.T @ Xb / B)
        ss.append(eps[list(b)] @ Xb / B)
    As, ss = np.array(As), np.array(ss)                 # (n^B, d, d), (., d)
    noise = lr**2 * np.einsum("ki,kj->ij", ss, ss) / len(ss)
    C = np.zeros((d, d))
    for _ in range(n_iter):
        C = np.einsum("kij,jl,kml->im", As, C, As) / len(As) + noise
    return 0.5 * np.sum(p.hessian() * C)


class TestNoiseFloor:
    @pytest.mark.parametrize("B", [1, 2])
    def test_stationary_excess_matches_brute_force(self, B):
        p = small_problem(n=6, d=2, seed=4)
        lr = 0.1
        # the fixed-point iteration converges like rho^k; 3000 steps put
        # the remainder below 1e-14 relative for this problem
        ref = brute_force_second_moments(p, lr, B, 3000)
        assert math.isclose(sto.stationary_excess(p, lr, batch_size=B), ref,
                            rel_tol=1e-9)

    def test_small_step_law(self):
        p = small_problem(n=50, d=3, seed=5)
        for lr in (1e-4, 1e-3):
            first = lr * p.residual_variance() / 4
            # the correction is O(lr) relative, with constant ~ L-ish
            assert abs(sto.stationary_excess(p, lr) / first - 1) < 10 * lr

    def test_noise_floor_matches_expectation(self):
        p = small_problem(n=30, d=2, seed=6)
        nf = sto.noise_floor(p, 0.05, batch_size=2, n_chains=200, n_burn=50,
                             n_avg=100, rng=np.random.default_rng(7))
        # mean of 200 independent chains: CLT, z = 4
        assert abs(nf.excess - nf.expected) <= 4 * nf.se
        assert nf.expected <= nf.exact          # the spread builds up from 0

    def test_bad_input(self):
        p = small_problem()
        with pytest.raises(ValueError, match="lr"):
            sto.stationary_excess(p, 100.0)
        with pytest.raises(TypeError, match="problem"):
            sto.stationary_excess("p", 0.1)
        with pytest.raises(ValueError, match="n_chains"):
            sto.noise_floor(p, 0.01, n_chains=1, n_burn=1, n_avg=1,
                            rng=np.random.default_rng(0))
        with pytest.raises(ValueError, match="lr"):
            sto.noise_floor(p, 1e-300, n_chains=2, n_burn=1, n_avg=1,
                            rng=np.random.default_rng(0))


def chapter_noise_floors(prob):
    mu = prob.strong_convexity()
    rng = np.random.default_rng(FLOOR_SEED)
    return [sto.noise_floor(prob, eta, n_chains=100, n_avg=300,
                            n_burn=int(1 / (eta * mu)), rng=rng)
            for eta in FLOOR_ETAS]


def test_claim_noise_floor_proportional_to_step(prob):
    """Constant-step SGD hovers at a level proportional to the step: the
    measured floors divided by eta are nearly constant, with log-log
    slope near 1 (chapter 17, From Code -> Math)."""
    floors = chapter_noise_floors(prob)
    etas = np.array(FLOOR_ETAS)
    excess = np.array([f.excess for f in floors])
    se = np.array([f.se for f in floors])
    expected = np.array([f.expected for f in floors])
    exact = np.array([f.exact for f in floors])
    # each measurement: mean of 100 independent chains, CLT with z = 4
    assert np.all(np.abs(excess - expected) <= 4 * se)
    # after n_burn = 1/(eta mu) steps the window is within 2% of the limit
    assert np.all(np.abs(expected / exact - 1) < 0.02)
    # slope of the exact floors: 1 up to the O(eta^2) term
    exact_slope = fitting.loglog_fit(etas, exact).slope
    assert abs(exact_slope - 1) < 0.1
    # measured slope: within 3 standard errors (delta method) of the
    # exact slope
    u = np.log(etas)
    du = u - u.mean()
    slope_se = math.sqrt(np.sum(du**2 * (se / excess) ** 2)) / np.sum(du**2)
    slope = fitting.loglog_fit(etas, excess).slope
    assert abs(slope - exact_slope) <= 3 * slope_se, (slope, slope_se)
    # and excess / eta is within 15% of sigma*^2 / 4 at every step
    ratio = excess / etas / (prob.residual_variance() / 4)
    assert np.all(np.abs(ratio - 1) < 0.15), ratio


# ------------------------------------------------------------ figure claims
def chapter_loss_curves(prob):
    w0 = np.zeros(D)
    gd = optim.gradient_descent(prob.gradient, w0, 1 / prob.smoothness(),
                                CURVE_EPOCHS)
    curves = {"GD": prob.excess(gd.iterates)}
    for name, beta in (("SGD", 0.0), ("momentum", CURVE_BETA)):
        seeds = np.random.default_rng(CURVE_SEED).spawn(N_SEEDS)
        curves[name] = np.array([prob.excess(sto.sgd(
            prob, w0, CURVE_LR, CURVE_EPOCHS, batch_size=CURVE_B,
            momentum=beta, rng=r).epoch_iterates) for r in seeds])
    return curves


def test_claim_fig_sgd_loss_curves(prob):
    """Observe that after epochs 1 and 2 the order is momentum below SGD
    below gradient descent; gradient descent decreases smoothly at every
    epoch; momentum then levels off, and at epoch 20 plain SGD is below
    it."""
    # caption: "N = 500", "batches of 10 and eta = 0.04", "beta = 0.9",
    # "means over 8 seeds"; alt text: "epochs 0 to 20"
    assert (N, CURVE_B, CURVE_LR, CURVE_BETA) == (500, 10, 0.04, 0.9)
    assert (N_SEEDS, CURVE_EPOCHS) == (8, 20)
    c = chapter_loss_curves(prob)
    gd, sgd_x, mom_x = c["GD"], c["SGD"], c["momentum"]
    spread = {k: (sgd_x[:, k].min(), sgd_x[:, k].max(),
                  mom_x[:, k].min(), mom_x[:, k].max())
              for k in (1, 2, CURVE_EPOCHS)}
    for k in (1, 2):
        # the means are ordered ...
        assert mom_x[:, k].mean() < sgd_x[:, k].mean() < gd[k], spread[k]
        # ... and so are the whole ranges over the 8 seeds
        assert mom_x[:, k].max() < sgd_x[:, k].min(), spread[k]
        assert sgd_x[:, k].max() < gd[k], spread[k]
    assert np.all(np.diff(gd) < 0)                 # smooth: every epoch
    k = CURVE_EPOCHS
    assert sgd_x[:, k].mean() < mom_x[:, k].mean(), spread[k]
    assert sgd_x[:, k].max() < mom_x[:, k].min(), spread[k]
    # levels off: the last ten epochs of momentum stay within a factor 5
    # of each other while SGD keeps falling by more than that
    late = mom_x[:, 10:].mean(axis=0)
    assert late.max() / late.min() < 5
    assert sgd_x[:, 2].mean() / sgd_x[:, k].mean() > 50


def chapter_schedule_curves(prob):
    w0 = np.zeros(D)
    per_epoch = N // 10
    lrs = sto.step_decay_lr(np.arange(SCHED_EPOCHS * per_epoch), SCHED_LR0,
                            every=10 * per_epoch, factor=0.1)
    out = {}
    for name, lr in (("constant", SCHED_LR0), ("step decay", lrs)):
        out[name] = np.array([prob.excess(sto.sgd(
            prob, w0, lr, SCHED_EPOCHS, batch_size=10, rng=r).epoch_iterates)
            for r in np.random.default_rng(SCHED_SEED).spawn(N_SEEDS)])
    return out["constant"], out["step decay"]


def test_claim_fig_sgd_schedules(prob):
    """Observe that the constant-step runs stay on one plateau, while after
    each cut of the step the step-decay runs fall further; at the last
    epoch every step-decay run is below every constant-step run."""
    # caption: "eta_0 = 0.2 and batches of 10", "divided by 10 after epochs
    # 10 and 20", "8 seeds"; alt text: "epochs 0 to 30"
    assert (SCHED_LR0, SCHED_EPOCHS, N_SEEDS) == (0.2, 30, 8)
    const_x, decay_x = chapter_schedule_curves(prob)
    spread = (const_x[:, -1].min(), const_x[:, -1].max(),
              decay_x[:, -1].min(), decay_x[:, -1].max())
    # step decay ends lower: on average and for every pair of seeds
    assert decay_x[:, -1].mean() < const_x[:, -1].mean(), spread
    assert decay_x[:, -1].max() < const_x[:, -1].min(), spread
    # one plateau: the means over epochs 6-10 and 21-30 agree within 2x
    early, late = const_x[:, 6:11].mean(), const_x[:, 21:].mean()
    assert 0.5 < late / early < 2.0, (early, late)
    # falls further after each cut (epochs 10 and 20)
    m = decay_x.mean(axis=0)
    assert m[20] < m[10] / 10 and m[30] < m[20], m[[10, 20, 30]]
