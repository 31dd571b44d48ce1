"""Tests for execmath.gradcheck: the relative criterion, central
differences against analytic derivatives, the step-size bound, the
chapter's gradient-check figure (with mpmath as the oracle for the loss
evaluation error), and torch.autograd.gradcheck as a second opinion on the
engine."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from execmath import calculus, gradcheck as gc, nn, tape

U = 2.0**-53

# torch.func's forward mode imports a module that calls the deprecated
# torch.jit.script: torch's internals, not ours.
pytestmark = pytest.mark.filterwarnings(
    "ignore:`torch.jit.script` is deprecated:DeprecationWarning")


def rng(seed=0):
    return np.random.default_rng(seed)


def cubic(v):
    return float(np.sum(v**3) + v[0] * v[-1])


def cubic_grad(v):
    g = 3 * v**2
    g[0] += v[-1]
    g[-1] += v[0]
    return g


class TestRelativeError:
    @given(a=st.floats(-1e6, 1e6), b=st.floats(-1e6, 1e6))
    def test_symmetric_and_bounded(self, a, b):
        r1 = gc.relative_error([a], [b])[0]
        r2 = gc.relative_error([b], [a])[0]
        assert r1 == r2
        assert 0.0 <= r1 <= 2.0 + 4 * U

    @given(a=st.floats(1e-3, 1e3), b=st.floats(1e-3, 1e3),
           k=st.integers(-20, 20))
    def test_scale_invariant_above_the_floor(self, a, b, k):
        c = 2.0**k                                   # exact scaling
        r = gc.relative_error([a], [b], floor=1e-12)[0]
        rc = gc.relative_error([c * a], [c * b], floor=1e-12)[0]
        assert rc == pytest.approx(r, rel=8 * U, abs=8 * U)

    def test_floor(self):
        r = gc.relative_error([1e-12, 0.0], [-1e-12, 0.0], floor=1e-6)
        np.testing.assert_allclose(r, [2e-6, 0.0])

    def test_extreme_values(self):
        r = gc.relative_error([1e308], [-1e308])
        assert r[0] == 2.0

    def test_bad_input(self):
        with pytest.raises(ValueError, match="floor"):
            gc.relative_error([1.0], [1.0], floor=0.0)
        with pytest.raises(ValueError, match="broadcast"):
            gc.relative_error([1.0, 2.0], [1.0, 2.0, 3.0])
        with pytest.raises(ValueError, match="a"):
            gc.relative_error([np.nan], [1.0])


class TestDifferences:
    def test_numerical_gradient_of_a_cubic(self):
        x = np.linspace(-1, 1, 7)
        g = gc.numerical_gradient(cubic, x, h=1e-4)
        # truncation h^2 |f'''| / 6 = 1e-8 exactly for a cubic, plus
        # rounding u |f| / h with |f| <= 2
        np.testing.assert_allclose(g, cubic_grad(x), rtol=0,
                                   atol=1e-8 + 4 * U * 2 / 1e-4)

    def test_matches_calculus(self):
        x = np.array([0.3, -0.7])
        f = lambda v: float(np.sin(v[0]) * np.cos(v[1]))      # noqa
        np.testing.assert_array_equal(
            gc.numerical_gradient(f, x, h=1e-5),
            calculus.fd_gradient(f, x, h=np.full(2, 1e-5),
                                 method="central"))

    def test_third_derivatives_exact_for_quartics(self):
        f = lambda v: float(v[0]**4 + 2 * v[1]**3 - v[0] * v[1])  # noqa
        x = np.array([0.5, -1.5])
        t = gc.third_derivatives(f, x, h=1e-2)
        # the stencil is exact for polynomials of degree <= 4; rounding:
        # 6 values of size <= 10 with error u each, over 2 h^3
        np.testing.assert_allclose(t, [24 * 0.5, 12.0], rtol=0,
                                   atol=6 * 10 * U / (2 * 1e-6))

    def test_bound_holds_for_sin(self):
        """|D_h sin(x) - cos(x)| <= h^2/6 |cos| + eps |sin| / h, eps = 2u
        (np.sin is accurate to about one ulp)."""
        xs = np.linspace(0.1, 3.0, 30)
        for h in (1e-2, 1e-4, 1e-6, 1e-8):
            for x in xs:
                d = gc.numerical_gradient(lambda v: float(np.sin(v[0])),
                                          [x], h=h)[0]
                # the bound with |f'''| = max over [x-h, x+h] of |cos|,
                # and |f| the max of |sin| there; the step x +- h itself
                # rounds (relative u |x| / h in the quotient)
                bound = float(gc.central_difference_bound(
                    h, abs(math.cos(x)) + h, abs(math.sin(x)) + h,
                    eps=2 * U)) + U * abs(x) / h
                assert abs(d - math.cos(x)) <= bound

    def test_bound_formula(self):
        b = gc.central_difference_bound(1e-3, [6.0, 0.0], [2.0, 2.0],
                                        eps=1e-10)
        np.testing.assert_allclose(b, [1e-6 + 2e-7, 2e-7], rtol=4 * U)

    def test_bad_input(self):
        with pytest.raises(TypeError, match="f"):
            gc.numerical_gradient(None, [1.0])
        with pytest.raises(ValueError, match="h"):
            gc.numerical_gradient(cubic, [1.0], h=2.0)
        with pytest.raises(ValueError, match="x"):
            gc.numerical_gradient(cubic, [[1.0]])
        with pytest.raises(ValueError, match="f"):
            gc.numerical_gradient(lambda v: float("nan"), [1.0])
        with pytest.raises(ValueError, match="f"):
            gc.numerical_gradient(lambda v: v, [1.0, 2.0])
        with pytest.raises(ValueError, match="eps"):
            gc.central_difference_bound(1e-3, [1.0], [1.0], eps=1.0)
        with pytest.raises(ValueError, match="third"):
            gc.central_difference_bound(1e-3, [np.inf], [1.0])
        with pytest.raises(ValueError, match="h"):
            gc.third_derivatives(cubic, [1.0], h=0.0)


class TestChecks:
    def test_gradient_check(self):
        x = np.linspace(-1, 1, 9)
        good = gc.gradient_check(cubic, cubic_grad, x)
        # at x = 0 the gradient is 0: rounding noise u |f| / h with
        # |f| <= 2 and h ~ 6e-6, i.e. 4e-11, against the floor 1e-4
        assert good.passed and good.max_rel_error < 1e-6
        bad = gc.gradient_check(cubic, lambda v: cubic_grad(v) * np.r_[
            np.ones(8), 1.001], x)
        assert not bad.passed and bad.worst == 8

    def test_directional_check(self):
        x = np.linspace(-1, 1, 200)
        good = gc.directional_check(cubic, cubic_grad, x, rng=rng(1),
                                    n_directions=5)
        assert good.passed and good.evaluations == 10
        # one wrong entry out of 200, off by 100 %: the shift delta g_i v_i
        # is about |g_i| / |g| relative, here 3 / 19 ~ 0.16
        bad = gc.directional_check(
            cubic, lambda v: cubic_grad(v) * np.r_[np.ones(199), 2.0], x,
            rng=rng(1), n_directions=5)
        assert not bad.passed

    def test_bad_input(self):
        with pytest.raises(TypeError, match="grad"):
            gc.gradient_check(cubic, None, [1.0])
        with pytest.raises(ValueError, match="grad"):
            gc.gradient_check(cubic, lambda v: np.ones(3), [1.0, 2.0])
        with pytest.raises(ValueError, match="grad"):
            gc.gradient_check(cubic, lambda v: v * np.nan, [1.0, 2.0])
        with pytest.raises(ValueError, match="tol"):
            gc.gradient_check(cubic, cubic_grad, [1.0, 2.0], tol=1.0)
        with pytest.raises(TypeError, match="rng"):
            gc.directional_check(cubic, cubic_grad, [1.0], rng=0)
        with pytest.raises(ValueError, match="n_directions"):
            gc.directional_check(cubic, cubic_grad, [1.0], rng=rng(),
                                 n_directions=0)


# --------------------------------------------------------------------------
# the chapter's figure
# --------------------------------------------------------------------------
H = 1e-5


@pytest.fixture(scope="module")
def chapter_check():
    """The configuration of fig-ad-gradcheck."""
    X, y = nn.two_moons(200, noise=0.1, rng=rng(0))
    params = nn.init_mlp((2, 16, 16, 2), scheme="xavier", rng=rng(1))
    Xc, yc = nn.two_moons(64, noise=0.1, rng=rng(3))
    obj = nn.flat_objective(params, Xc, yc)
    buggy = lambda z: tape.elementwise(                      # noqa: E731
        z, np.tanh, lambda t: 1 - np.tanh(t), "tanh_bug")
    obj_bug = nn.flat_objective(params, Xc, yc, activation=buggy)
    chk = gc.gradient_check(obj.value, obj.gradient, obj.theta, h=H)
    chk_bug = gc.gradient_check(obj_bug.value, obj_bug.gradient,
                                obj_bug.theta, h=H)
    third = gc.third_derivatives(obj.value, obj.theta)
    bound = gc.central_difference_bound(H, third, obj.value(obj.theta),
                                        eps=64 * U)
    return params, Xc, yc, obj, chk, chk_bug, bound, third


def _loss_mp(params, X, y):
    """The mean cross-entropy in 40-digit arithmetic."""
    with mpmath.workdps(40):
        total = mpmath.mpf(0)
        for x, label in zip(X, y):
            h = [mpmath.mpf(float(v)) for v in x]
            for i, p in enumerate(params):
                z = [sum((h[k] * mpmath.mpf(float(p.W[k, j]))
                          for k in range(len(h))), mpmath.mpf(0))
                     + mpmath.mpf(float(p.b[j])) for j in range(p.W.shape[1])]
                h = z if i == len(params) - 1 else [mpmath.tanh(v) for v in z]
            lse = mpmath.log(sum(mpmath.exp(v) for v in h))
            total += lse - h[int(label)]
        return total / len(y)


def test_eps_model_holds(chapter_check):
    """The bound assumes each evaluation of the loss is accurate to
    64 u relative; measure the error against mpmath at x and x + h e_i."""
    params, Xc, yc, obj, *_ = chapter_check
    for i in (0, 100, 353):
        theta = obj.theta.copy()
        theta[i] += H
        got = obj.value(theta)
        exact = _loss_mp(nn.unflatten_params(theta, params), Xc, yc)
        assert abs(got - float(exact)) <= 64 * U * abs(got)


def test_third_derivative_estimate_against_torch(chapter_check):
    """The stencil's third derivatives against torch: d^3/dt^3 of
    loss(theta + t e_i) at t = 0 by three nested reverse sweeps in t."""
    torch = pytest.importorskip("torch")
    params, Xc, yc, obj, *_, third = chapter_check
    shapes = [(p.W.shape, p.b.shape) for p in params]

    def loss(theta):
        h, pos = torch.from_numpy(Xc), 0
        for i, (ws, bs) in enumerate(shapes):
            nw, nb = ws[0] * ws[1], bs[0]
            W = theta[pos:pos + nw].reshape(ws)
            b = theta[pos + nw:pos + nw + nb]
            pos += nw + nb
            h = h @ W + b
            if i < len(shapes) - 1:
                h = torch.tanh(h)
        return torch.nn.functional.cross_entropy(h, torch.from_numpy(yc))

    for i in (0, 40, 200, 340):
        t = torch.zeros((), dtype=torch.float64, requires_grad=True)
        e = torch.zeros(obj.theta.size, dtype=torch.float64)
        e[i] = 1.0
        d = loss(torch.from_numpy(obj.theta) + t * e)
        for _ in range(3):
            (d,) = torch.autograd.grad(d, t, create_graph=True)
        exact = d.item()
        # stencil truncation h^2 |f^(5)| / 4 with h = 1e-2, plus rounding
        # 3 * 64 u |f| / h^3 ~ 1e-8: together far below 1e-3 here
        assert abs(third[i] - exact) <= 1e-3 + 1e-2 * abs(exact)


def test_claim_fig_ad_gradcheck(chapter_check):
    """'Observe that the engine's points lie on y = x and every one of its
    errors sits below its bound, while the planted bug has relative errors
    of order one, far above the tolerance, except for the last 34
    parameters, the output layer, which the bug does not touch.'"""
    params, Xc, yc, obj, chk, chk_bug, bound, _ = chapter_check
    # caption: "354 parameters, batch of 64", "the tolerance 10^{-5}"
    assert obj.theta.size == 354 and Xc.shape[0] == 64
    assert chk.tol == 1e-5
    err = np.abs(chk.analytic - chk.numerical)
    assert np.all(err <= bound)
    assert chk.passed and chk.max_rel_error < chk.tol
    assert not chk_bug.passed
    out = 16 * 2 + 2
    hidden = chk_bug.rel_error[:-out]
    assert 0.5 < hidden.max() <= 2.0                   # order one
    assert np.mean(hidden > chk.tol) > 0.9
    # the output layer's gradient does not pass through tanh: unchanged
    # by the bug (up to the rounding of a different evaluation order),
    # its errors are those of the correct engine
    np.testing.assert_allclose(chk_bug.analytic[-out:], chk.analytic[-out:],
                               rtol=0, atol=1e-15)
    assert np.all(chk_bug.rel_error[-out:] < chk.tol / 100)
    # the bug is in the derivative only: the buggy network's loss (a tape
    # forward through tape.elementwise) equals obj.value at every point
    # the check evaluates, which is why the chapter differences obj.value
    np.testing.assert_array_equal(chk_bug.numerical, chk.numerical)


def test_torch_gradcheck_on_the_engine():
    """torch.autograd.gradcheck as a second opinion: wrap the engine's
    forward and backward in a torch.autograd.Function."""
    torch = pytest.importorskip("torch")
    X, y = nn.two_moons(12, rng=rng(5))
    params = nn.init_mlp((2, 4, 2), rng=rng(6))

    def make(activation):
        obj = nn.flat_objective(params, X, y, activation=activation)

        class EngineLoss(torch.autograd.Function):
            @staticmethod
            def forward(ctx, theta):
                ctx.save_for_backward(theta)
                return torch.tensor(obj.value(theta.detach().numpy()),
                                    dtype=torch.float64)

            @staticmethod
            def backward(ctx, g):
                (theta,) = ctx.saved_tensors
                return g * torch.from_numpy(
                    obj.gradient(theta.detach().numpy()))

        return EngineLoss.apply, obj.theta

    fn, theta = make("tanh")
    t = torch.tensor(theta, requires_grad=True)
    assert torch.autograd.gradcheck(fn, (t,))
    bug = lambda z: tape.elementwise(z, np.tanh,              # noqa: E731
                                     lambda v: 1 - np.tanh(v))
    fn_bug, _ = make(bug)
    assert not torch.autograd.gradcheck(fn_bug, (t,), raise_exception=False)
