"""Tests for execmath.calculus against analytic derivatives, SciPy and PyTorch."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import differentiate, optimize

from execmath import calculus as calc
from execmath import fitting

EPS = float(np.finfo(np.float64).eps)
X0 = 1.0                                         # the chapter's point
SIN_DERIVS = np.array([np.sin(X0), np.cos(X0), -np.sin(X0), -np.cos(X0)])


def rosenbrock(x):
    """Scalar test function R^n -> R (NumPy)."""
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def small_map(x):
    """Vector test function R^3 -> R^4."""
    return np.array([x[0] * x[1], np.sin(x[2]), np.exp(x[0] - x[2]),
                     x @ x])


def small_map_torch(x):
    return torch.stack([x[0] * x[1], torch.sin(x[2]), torch.exp(x[0] - x[2]),
                        x @ x])


# --------------------------------------------------------------------------
# scalar difference quotients
# --------------------------------------------------------------------------
class TestDifferences:
    @pytest.mark.parametrize("method", ["forward", "backward", "central"])
    def test_analytic_sin_exp(self, method):
        x = np.linspace(-2.0, 2.0, 9)
        np.testing.assert_allclose(calc.derivative(np.sin, x, method=method),
                                   np.cos(x), atol=1e-7)
        np.testing.assert_allclose(calc.derivative(np.exp, x, method=method),
                                   np.exp(x), rtol=1e-7)

    def test_named_functions_match_dispatcher(self):
        x = np.array([0.3, 1.7])
        for name, fn in [("forward", calc.forward_difference),
                         ("backward", calc.backward_difference),
                         ("central", calc.central_difference)]:
            np.testing.assert_array_equal(
                fn(np.exp, x, 1e-3), calc.derivative(np.exp, x, 1e-3, name))

    def test_truncation_constants(self):
        """Leading errors: +f''h/2 (forward), -f''h/2 (backward), f'''h^2/6."""
        h = 1e-3
        fwd = calc.forward_difference(np.exp, 0.0, h) - 1.0
        bwd = calc.backward_difference(np.exp, 0.0, h) - 1.0
        cen = calc.central_difference(np.exp, 0.0, h) - 1.0
        assert fwd == pytest.approx(h / 2, rel=1e-3)
        assert bwd == pytest.approx(-h / 2, rel=1e-3)
        assert cen == pytest.approx(h**2 / 6, rel=1e-3)

    def test_central_exact_for_quadratics(self):
        # f''' = 0: no truncation error, only rounding.
        quad = np.polynomial.Polynomial([1.0, -2.0, 3.0])
        x = np.linspace(-1, 1, 5)
        np.testing.assert_allclose(calc.central_difference(quad, x, 1e-2),
                                   quad.deriv()(x), atol=1e-12)

    def test_matches_scipy_differentiate(self):
        x = np.array([0.2, 0.9, 2.5])
        ref = differentiate.derivative(np.log1p, x).df
        np.testing.assert_allclose(calc.central_difference(np.log1p, x), ref,
                                   rtol=1e-9)

    def test_array_steps_broadcast(self):
        h = np.array([1e-1, 1e-2, 1e-3])
        err = np.abs(calc.forward_difference(np.sin, np.full(3, X0), h)
                     - np.cos(X0))
        assert np.all(np.diff(err) < 0)

    def test_float32_is_float32_and_coarser(self):
        d32 = calc.central_difference(np.sin, X0, dtype=np.float32)
        d64 = calc.central_difference(np.sin, X0)
        assert d32.dtype == np.float32
        assert abs(d64 - np.cos(X0)) < 1e-9 < abs(float(d32) - np.cos(X0))

    def test_two_steps_measure_the_leading_error(self):
        """Chapter: D+(h) - D+(h/2) ~ f''(x0) h / 4, the leading error of
        D+(h/2); subtracting it (2 D+(h/2) - D+(h)) gains an order."""
        for h in (1e-2, 1e-3):
            d_h = float(calc.forward_difference(np.sin, X0, h))
            d_h2 = float(calc.forward_difference(np.sin, X0, h / 2))
            assert (d_h - d_h2) == pytest.approx(SIN_DERIVS[2] * h / 4,
                                                 rel=0.02)
            assert abs(2 * d_h2 - d_h - SIN_DERIVS[1]) < \
                abs(d_h2 - SIN_DERIVS[1]) / 50

    def test_default_step_is_relative(self):
        # At x = 1e8 a fixed step 1e-8 is about one unit in the last place:
        # log(x + h) rounds to log(x) and the quotient is 0. The default
        # step, relative to |x|, keeps about half the digits.
        x = 1e8
        bad = calc.forward_difference(np.log, x, 1e-8)
        good = calc.forward_difference(np.log, x)
        assert bad == 0.0
        assert abs(good * x - 1) < 1e-6

    @pytest.mark.parametrize("h", [0.0, -1e-3, np.nan, np.inf])
    def test_bad_h(self, h):
        with pytest.raises(ValueError, match="h"):
            calc.forward_difference(np.sin, 1.0, h)

    def test_h_wrong_shape(self):
        with pytest.raises(ValueError, match="h"):
            calc.central_difference(np.sin, np.ones(3), np.ones(2) * 1e-3)

    @pytest.mark.parametrize("x", [np.nan, [1.0, np.inf]])
    def test_nonfinite_x(self, x):
        with pytest.raises(ValueError, match="x"):
            calc.central_difference(np.sin, x)

    def test_f_wrong_shape(self):
        with pytest.raises(ValueError, match="f returned shape"):
            calc.backward_difference(np.sum, np.ones(3))

    def test_f_not_callable(self):
        with pytest.raises(ValueError, match="f must be callable"):
            calc.forward_difference(3.0, 1.0)

    def test_unknown_method(self):
        with pytest.raises(ValueError, match="method"):
            calc.derivative(np.sin, 1.0, method="upwind")

    def test_bad_dtype(self):
        with pytest.raises(ValueError, match="dtype"):
            calc.central_difference(np.sin, 1.0, dtype=np.int64)


# --------------------------------------------------------------------------
# step sizes and the error model
# --------------------------------------------------------------------------
class TestSteps:
    def test_optimal_step_values(self):
        assert calc.optimal_step("forward") == pytest.approx(math.sqrt(EPS))
        assert calc.optimal_step("backward") == pytest.approx(math.sqrt(EPS))
        assert calc.optimal_step("central") == pytest.approx(EPS ** (1 / 3))
        assert calc.optimal_step("central", 1e-6) == pytest.approx(1e-2)

    def test_optimal_step_scales_with_x(self):
        h = calc.optimal_step("forward", x=[0.5, -10.0, 1e4])
        np.testing.assert_allclose(h, math.sqrt(EPS) * np.array([1, 10, 1e4]))

    def test_model_minimiser_matches_scipy(self):
        for p, c1, c2 in [(1, 0.4, 2.0), (2, 0.1, 1.0), (4, 3.0, 0.5)]:
            res = optimize.minimize_scalar(
                lambda t: np.log(calc.total_error_model(np.exp(t), p, c1, c2,
                                                        EPS)),
                bounds=(-40, 0), method="bounded",
                options={"xatol": 1e-10})
            assert calc.model_optimal_step(p, c1, c2, EPS) == pytest.approx(
                np.exp(res.x), rel=1e-4)

    def test_total_error_model_formula(self):
        h = np.array([1e-8, 1e-4])
        np.testing.assert_allclose(calc.total_error_model(h, 2, 0.5, 1.0, EPS),
                                   0.5 * h**2 + EPS / h)

    @pytest.mark.parametrize("method", ["sideways", None])
    def test_optimal_step_bad_method(self, method):
        with pytest.raises(ValueError, match="method"):
            calc.optimal_step(method)

    def test_optimal_step_bad_eps(self):
        with pytest.raises(ValueError, match="eps"):
            calc.optimal_step("central", eps=0.0)

    def test_model_bad_inputs(self):
        with pytest.raises(ValueError, match="c_trunc"):
            calc.model_optimal_step(1, 0.0, 1.0, EPS)
        with pytest.raises(ValueError, match="p"):
            calc.model_optimal_step(0, 1.0, 1.0, EPS)
        with pytest.raises(ValueError, match="h"):
            calc.total_error_model([-1.0], 1, 1.0, 1.0, EPS)


# --------------------------------------------------------------------------
# Taylor polynomials
# --------------------------------------------------------------------------
class TestTaylor:
    def test_reproduces_a_cubic(self):
        cubic = np.polynomial.Polynomial([2.0, -1.0, 0.5, 3.0])
        x0 = 0.7
        derivs = [cubic.deriv(k)(x0) for k in range(4)]
        x = np.linspace(-3, 3, 13)
        np.testing.assert_allclose(calc.taylor_polynomial(derivs, x0, x),
                                   cubic(x), rtol=1e-12, atol=1e-12)

    def test_exp_series(self):
        derivs = np.ones(20)                     # all derivatives of exp at 0
        assert calc.taylor_polynomial(derivs, 0.0, 1.0) == pytest.approx(
            math.e, rel=1e-15)

    def test_remainder_lagrange_bound(self):
        h = np.linspace(-0.5, 0.5, 11)
        for k in range(3):
            r = calc.taylor_remainder(np.sin, SIN_DERIVS, X0, h, k)
            bound = np.abs(h) ** (k + 1) / math.factorial(k + 1)  # |sin^(j)|<=1
            assert np.all(r <= bound + 1e-15)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="derivs_at_x0"):
            calc.taylor_polynomial([[1.0, 2.0]], 0.0, 1.0)
        with pytest.raises(ValueError, match="x0"):
            calc.taylor_polynomial([1.0], np.nan, 1.0)
        with pytest.raises(ValueError, match="order"):
            calc.taylor_remainder(np.sin, SIN_DERIVS, X0, [0.1], 4)


# --------------------------------------------------------------------------
# gradients, Jacobians, directional derivatives
# --------------------------------------------------------------------------
class TestJacobian:
    x = np.array([0.3, -1.2, 0.8])

    def torch_jac(self):
        return torch.func.jacrev(small_map_torch)(
            torch.tensor(self.x, dtype=torch.float64)).numpy()

    @pytest.mark.parametrize("method,rtol",
                             [("forward", 1e-6), ("backward", 1e-6),
                              ("central", 1e-9)])
    def test_matches_torch(self, method, rtol):
        jac = calc.fd_jacobian(small_map, self.x, method=method)
        assert jac.shape == (4, 3)
        np.testing.assert_allclose(jac, self.torch_jac(), rtol=rtol,
                                   atol=rtol)

    def test_matches_scipy_jacobian(self):
        def vec_map(x):                          # scipy's (n, ...) convention
            return np.stack([x[0] * x[1], np.sin(x[2]),
                             np.exp(x[0] - x[2]), np.sum(x * x, axis=0)])

        ref = differentiate.jacobian(vec_map, self.x).df
        np.testing.assert_allclose(
            calc.fd_jacobian(small_map, self.x, method="central"), ref,
            rtol=1e-9, atol=1e-9)

    @pytest.mark.parametrize("method,calls", [("forward", 6), ("backward", 6),
                                              ("central", 10)])
    def test_cost_in_evaluations(self, method, calls):
        counter = calc.CallCounter(rosenbrock)
        calc.fd_gradient(counter, np.zeros(5), method=method)
        assert counter.calls == calls            # n + 1 or 2n, n = 5

    def test_gradient_matches_autograd(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=6)
        xt = torch.tensor(x, requires_grad=True)
        val = torch.sum(100 * (xt[1:] - xt[:-1] ** 2) ** 2
                        + (1 - xt[:-1]) ** 2)
        (g_ref,) = torch.autograd.grad(val, xt)
        np.testing.assert_allclose(
            calc.fd_gradient(rosenbrock, x, method="central"), g_ref.numpy(),
            rtol=1e-7, atol=1e-6)

    def test_scalar_output_gives_one_row(self):
        assert calc.fd_jacobian(rosenbrock, np.ones(4)).shape == (1, 4)

    def test_directional_is_gradient_dot_v(self):
        rng = np.random.default_rng(1)
        x, v = rng.normal(size=4), rng.normal(size=4)
        g = calc.fd_gradient(rosenbrock, x, method="central")
        dd = calc.directional_derivative(rosenbrock, x, v)
        assert dd.shape == ()
        assert float(dd) == pytest.approx(g @ v, rel=1e-7)

    def test_directional_vector_is_jv(self):
        v = np.array([1.0, -2.0, 0.5])
        jv = self.torch_jac() @ v
        np.testing.assert_allclose(
            calc.directional_derivative(small_map, self.x, v), jv,
            rtol=1e-8, atol=1e-9)

    def test_directional_costs_two_calls(self):
        counter = calc.CallCounter(rosenbrock)
        calc.directional_derivative(counter, np.zeros(50), np.ones(50))
        assert counter.calls == 2

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            calc.fd_jacobian(small_map, np.ones((3, 1)))
        with pytest.raises(ValueError, match="x"):
            calc.fd_gradient(rosenbrock, [1.0, np.nan])

    def test_bad_h(self):
        with pytest.raises(ValueError, match="h"):
            calc.fd_jacobian(small_map, self.x, h=-1e-6)

    def test_f_returns_matrix(self):
        with pytest.raises(ValueError, match="f must return"):
            calc.fd_jacobian(lambda x: np.outer(x, x), self.x)

    def test_f_changes_shape(self):
        def grows(x):                            # shape depends on the input
            return np.ones(3) if x[0] == 0.3 else np.ones(2)

        with pytest.raises(ValueError, match="f returned shape"):
            calc.fd_jacobian(grows, self.x)

    def test_gradient_needs_scalar(self):
        with pytest.raises(ValueError, match="f must return a scalar"):
            calc.fd_gradient(small_map, self.x)

    def test_unknown_method(self):
        with pytest.raises(ValueError, match="method"):
            calc.fd_jacobian(small_map, self.x, method="complex")

    def test_directional_default_dtype_is_float64(self):
        rng = np.random.default_rng(2)
        x, v = rng.normal(size=4), rng.normal(size=4)
        for method in ("forward", "backward", "central"):
            dd = calc.directional_derivative(rosenbrock, x, v, method=method)
            assert dd.dtype == np.float64
            np.testing.assert_array_equal(
                dd, calc.directional_derivative(rosenbrock, x, v,
                                                method=method,
                                                dtype=np.float64))

    @pytest.mark.parametrize("method", ["forward", "backward", "central"])
    def test_directional_float32(self, method):
        """In float32 the quotient is held in float32 and its default step
        uses float32's epsilon: accurate to about sqrt(eps32) (forward) or
        eps32^(2/3) (central), far worse than float64."""
        v = np.array([1.0, -2.0, 0.5])
        jv = self.torch_jac() @ v                            # (4,)
        d32 = calc.directional_derivative(small_map, self.x, v,
                                          method=method, dtype=np.float32)
        d64 = calc.directional_derivative(small_map, self.x, v,
                                          method=method)
        assert d32.dtype == np.float32 and d32.shape == (4,)
        err32 = np.max(np.abs(d32.astype(np.float64) - jv))
        err64 = np.max(np.abs(d64 - jv))
        assert err32 < (3e-3 if method != "central" else 3e-4)
        assert err64 < err32 / 100
        # the calls see float32 points
        seen = []
        calc.directional_derivative(lambda z: seen.append(z.dtype) or
                                    float(z @ z), self.x, v,
                                    dtype=np.float32)
        assert seen == [np.float32, np.float32]

    def test_directional_bad_dtype(self):
        with pytest.raises(ValueError, match="dtype"):
            calc.directional_derivative(rosenbrock, self.x, np.ones(3),
                                        dtype=np.int32)

    def test_directional_bad_v(self):
        with pytest.raises(ValueError, match="v"):
            calc.directional_derivative(rosenbrock, self.x, np.zeros(3))
        with pytest.raises(ValueError, match="v"):
            calc.directional_derivative(rosenbrock, self.x, np.ones(2))

    def test_counter_needs_callable(self):
        with pytest.raises(ValueError, match="f"):
            calc.CallCounter("sin")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=2, max_size=5),
       st.lists(st.floats(-3, 3), min_size=2, max_size=5))
def test_gradient_of_quadratic_property(a, b):
    """For f(x) = 0.5 x.x + c.x, the gradient is x + c (central: exact)."""
    n = min(len(a), len(b))
    x, c = np.array(a[:n]), np.array(b[:n])
    g = calc.fd_gradient(lambda z: 0.5 * z @ z + c @ z, x, method="central")
    np.testing.assert_allclose(g, x + c, atol=1e-8)


# --------------------------------------------------------------------------
# sweeps and orders
# --------------------------------------------------------------------------
class TestSweeps:
    def test_loglog_slope_of_power_law(self):
        h = np.logspace(-4, 0, 9)
        assert fitting.loglog_slope(h, 3.0 * h**2.5) == pytest.approx(2.5)
        assert fitting.loglog_slope(h, h**1, x_min=1e-2) == pytest.approx(1.0)

    def test_sweep_record(self):
        h = np.array([1e-2, 1e-4, 1e-3])
        s = calc.step_error_sweep(np.exp, 0.0, 1.0, h, "central")
        np.testing.assert_array_equal(s.h, np.sort(h))
        np.testing.assert_allclose(s.error, s.h**2 / 6, rtol=1e-2)
        assert s.order == 2
        assert s.h_best == 1e-4 and s.error_best == s.error[0]

    def test_sweep_rms_over_points(self):
        pts = np.array([0.0, 1.0])
        s = calc.step_error_sweep(np.exp, pts, np.exp(pts), [1e-3], "forward")
        each = np.exp(pts) * 1e-3 / 2
        assert s.error[0] == pytest.approx(np.sqrt(np.mean(each**2)), rel=1e-3)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="y must be > 0"):
            fitting.loglog_slope([1.0, 2.0], [0.0, 1.0])
        with pytest.raises(ValueError, match="x_min"):
            fitting.loglog_slope([1.0, 2.0], [1.0, 1.0], x_min=1.5)
        with pytest.raises(ValueError, match="exact"):
            calc.step_error_sweep(np.sin, [0.0, 1.0], 1.0, [1e-3])
        with pytest.raises(ValueError, match="method"):
            calc.step_error_sweep(np.sin, 0.0, 1.0, [1e-3], "sideways")


# --------------------------------------------------------------------------
# figure claims
# --------------------------------------------------------------------------
def test_claim_fig_diff_tangent():
    """Near x0 the gap between f and its tangent shrinks like |f''(x0)| h^2 / 2.

    |f(x0+h) - t(x0+h)| / h^2 -> |f''(x0)| / 2 as h -> 0 (within a few %).
    """
    h = np.array([1e-1, 1e-2, 1e-3, -1e-3, -1e-2])
    gap = calc.taylor_remainder(np.sin, SIN_DERIVS, X0, h, 1)
    ratio = gap / h**2
    target = abs(SIN_DERIVS[2]) / 2
    np.testing.assert_allclose(ratio[1:], target, rtol=0.02)
    assert abs(ratio[2] / target - 1) < abs(ratio[0] / target - 1)


def test_claim_fig_diff_taylor():
    """The linear model's error is O(h^2), the quadratic model's O(h^3).

    Fitted log-log slopes lie in [1.8, 2.2] and [2.8, 3.2], and the
    quadratic model is the more accurate one at every h <= 1.
    """
    h = np.logspace(-3, 0, 13)
    e1 = calc.taylor_remainder(np.sin, SIN_DERIVS, X0, h, 1)
    e2 = calc.taylor_remainder(np.sin, SIN_DERIVS, X0, h, 2)
    assert 1.8 <= fitting.loglog_slope(h, e1, x_max=1e-1) <= 2.2
    assert 2.8 <= fitting.loglog_slope(h, e2, x_max=1e-1) <= 3.2
    assert np.all(e2 < e1)


def test_claim_fig_diff_step_size():
    """Error vs step is V-shaped: rounding on the left, truncation on the right.

    The empirical best step lies within a factor 10 of sqrt(eps) (forward)
    and cbrt(eps) (central); the best central error is far (>100x) smaller
    than the best forward error; the right branches have slopes ~1 and ~2.
    """
    pts = np.linspace(0.5, 1.5, 64)
    hs = np.logspace(-14, 0, 113)
    fwd = calc.step_error_sweep(np.sin, pts, np.cos(pts), hs, "forward")
    cen = calc.step_error_sweep(np.sin, pts, np.cos(pts), hs, "central")
    for s, h_star in [(fwd, math.sqrt(EPS)), (cen, EPS ** (1 / 3))]:
        assert h_star / 10 <= s.h_best <= h_star * 10
    assert cen.error_best < fwd.error_best / 100
    assert fitting.loglog_slope(fwd.h, fwd.error, x_min=1e-5, x_max=1e-1) == \
        pytest.approx(1.0, abs=0.1)
    assert fitting.loglog_slope(cen.h, cen.error, x_min=1e-3, x_max=1e-1) == \
        pytest.approx(2.0, abs=0.1)
    # Left branch: rounding error grows as h shrinks (slope about -1).
    assert fitting.loglog_slope(fwd.h, fwd.error, x_max=1e-10) < -0.8
