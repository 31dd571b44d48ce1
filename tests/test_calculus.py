"""Tests for execmath.calculus against analytic derivatives, SciPy and PyTorch."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import differentiate, optimize

from execmath import calculus as calc
from execmath import fitting

EPS = float(np.finfo(np.float64).eps)
U = EPS / 2                                      # unit roundoff
X0 = 1.0                                         # the chapter's point
SIN_DERIVS = np.array([np.sin(X0), np.cos(X0), -np.sin(X0), -np.cos(X0)])


def rosenbrock(x):
    """Scalar test function R^n -> R (NumPy)."""
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def small_map(x):
    """Vector test function R^3 -> R^4."""
    return np.array([x[0] * x[1], np.sin(x[2]), np.exp(x[0] - x[2]),
                     x @ x])


def small_map_jacobian(x):
    """The exact Jacobian of small_map (an analytic oracle), (4, 3)."""
    e = np.exp(x[0] - x[2])
    return np.array([[x[1], x[0], 0.0], [0.0, 0.0, np.cos(x[2])],
                     [e, 0.0, -e], 2 * x])


def fd_bound(method, h, x, m0, m1, mk, u=U):
    """Error bound of a difference quotient with step h at x.

    Truncation: |f''| h / 2 (one-sided) or |f3| h^2 / 6 (central), with
    mk bounding that derivative near x. Rounding: each of the two function
    values is off by <= 2u |f| (<= m0; libm is within an ulp), divided by
    the step; and x +- h is itself rounded by u|x|, which moves the
    quotient by |f'| u |x| / h (m1 bounds |f'|). ``u`` is the unit
    roundoff of the working precision.
    """
    x = np.abs(x)
    if method == "central":
        return mk * h**2 / 6 + (2 * u * m0 + u * x * m1) / h
    return mk * h / 2 + (4 * u * m0 + 2 * u * x * m1) / h


# --------------------------------------------------------------------------
# scalar difference quotients
# --------------------------------------------------------------------------
class TestDifferences:
    @pytest.mark.parametrize("method", ["forward", "backward", "central"])
    def test_analytic_sin_exp(self, method):
        x = np.linspace(-2.0, 2.0, 9)
        h = calc.optimal_step(method, x=x)
        err = np.abs(calc.derivative(np.sin, x, method=method) - np.cos(x))
        assert np.all(err <= fd_bound(method, h, x, 1.0, 1.0, 1.0))
        big = np.exp(x + h)                 # bounds all derivatives of exp
        err = np.abs(calc.derivative(np.exp, x, method=method) - np.exp(x))
        assert np.all(err <= fd_bound(method, h, x, big, big, big))

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
        # Next terms: h^2/6 (relative h/3 of h/2) and h^4/120 (relative
        # h^2/20 of h^2/6); rounding (4u e^h / h, 2u e^h / h) relative to
        # the leading term. Factor 1.1 covers the higher terms.
        r1 = 1.1 * h / 3 + 4 * U * np.exp(h) / h / (h / 2)
        r2 = 1.1 * h**2 / 20 + 2 * U * np.exp(h) / h / (h**2 / 6)
        assert fwd == pytest.approx(h / 2, rel=r1)
        assert bwd == pytest.approx(-h / 2, rel=r1)
        assert cen == pytest.approx(h**2 / 6, rel=r2)

    def test_central_exact_for_quadratics(self):
        # f''' = 0: no truncation error, only rounding.
        quad = np.polynomial.Polynomial([1.0, -2.0, 3.0])
        x = np.linspace(-1, 1, 5)
        # |quad| <= 6.1 and |quad'| <= 8.1 on [-1.01, 1.01]; f3 = 0
        bound = fd_bound("central", 1e-2, x, 6.1, 8.1, 0.0)
        err = np.abs(calc.central_difference(quad, x, 1e-2)
                     - quad.deriv()(x))
        assert np.all(err <= bound)

    def test_matches_scipy_differentiate(self):
        x = np.array([0.2, 0.9, 2.5])
        res = differentiate.derivative(np.log1p, x)
        exact = 1 / (1 + x)
        # ours within its bound (|f| <= 1.3, |f'| <= 1, |f3| <= 2 there)
        h = calc.optimal_step("central", x=x)
        ours = calc.central_difference(np.log1p, x)
        assert np.all(np.abs(ours - exact)
                      <= fd_bound("central", h, x, 1.3, 1.0, 2.0))
        # SciPy's within its own error estimate (times 10, an estimate)
        assert np.all(np.abs(res.df - exact) <= 10 * res.error + 4 * U)

    def test_array_steps_broadcast(self):
        h = np.array([1e-1, 1e-2, 1e-3])
        err = np.abs(calc.forward_difference(np.sin, np.full(3, X0), h)
                     - np.cos(X0))
        assert np.all(np.diff(err) < 0)

    def test_float32_is_float32_and_coarser(self):
        d32 = calc.central_difference(np.sin, X0, dtype=np.float32)
        d64 = calc.central_difference(np.sin, X0)
        assert d32.dtype == np.float32
        bound64 = fd_bound("central", calc.optimal_step("central", x=X0), X0,
                           1.0, 1.0, 1.0)
        assert abs(d64 - np.cos(X0)) <= bound64
        # no float32 lies closer to cos(1) than delta: the float32 result
        # is coarser than the float64 bound whatever its rounding
        c = np.float32(np.cos(X0))
        near = [c, np.nextafter(c, np.float32(0)), np.nextafter(c,
                                                                np.float32(1))]
        delta = min(abs(float(t) - np.cos(X0)) for t in near)
        assert bound64 < delta <= abs(float(d32) - np.cos(X0))

    def test_two_steps_measure_the_leading_error(self):
        """Chapter: D+(h) - D+(h/2) ~ f''(x0) h / 4, the leading error of
        D+(h/2); subtracting it (2 D+(h/2) - D+(h)) gains an order."""
        for h in (1e-2, 1e-3):
            d_h = float(calc.forward_difference(np.sin, X0, h))
            d_h2 = float(calc.forward_difference(np.sin, X0, h / 2))
            # D(h) - D(h/2) = f'' h/4 + f3 h^2/8 + O(h^3): relative
            # |f3/f''| h/2 (+ h^2 for the rest); rounding 8u/h over f''h/4
            ratio = abs(SIN_DERIVS[3] / SIN_DERIVS[2])
            rel = ratio * h / 2 + h**2 + 8 * U / h / abs(SIN_DERIVS[2] * h / 4)
            assert (d_h - d_h2) == pytest.approx(SIN_DERIVS[2] * h / 4,
                                                 rel=rel)
            # Richardson: the O(h) term cancels, |f3| h^2 / 12 remains,
            # i.e. |f3/f''| h / 3 <= 0.003 of D(h/2)'s error (< 1/50)
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
        h = calc.optimal_step("forward", x=x)
        bound = fd_bound("forward", h, x, np.log(x + h), 1 / x, 1 / x**2)
        assert abs(good * x - 1) <= bound * x          # relative to 1/x

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
        # one pow each (an ulp or two)
        assert calc.optimal_step("forward") == pytest.approx(math.sqrt(EPS),
                                                             rel=4 * U)
        assert calc.optimal_step("backward") == pytest.approx(math.sqrt(EPS),
                                                              rel=4 * U)
        assert calc.optimal_step("central") == pytest.approx(EPS ** (1 / 3),
                                                             rel=4 * U)
        assert calc.optimal_step("central", 1e-6) == pytest.approx(
            1e-2, rel=4 * U)

    def test_optimal_step_scales_with_x(self):
        h = calc.optimal_step("forward", x=[0.5, -10.0, 1e4])
        np.testing.assert_allclose(h, math.sqrt(EPS) * np.array([1, 10, 1e4]),
                                   rtol=4 * U)

    def test_model_minimiser_matches_scipy(self):
        for p, c1, c2 in [(1, 0.4, 2.0), (2, 0.1, 1.0), (4, 3.0, 0.5)]:
            res = optimize.minimize_scalar(
                lambda t: np.log(calc.total_error_model(np.exp(t), p, c1, c2,
                                                        EPS)),
                bounds=(-40, 0), method="bounded",
                options={"xatol": 1e-10})
            # Brent finds a minimiser of a smooth function only to about
            # sqrt(u) relative in t = log h (the function is flat there),
            # |t| <= 40: |dt| <= 40 * 1.5e-8, so h to 6e-7 relative
            assert calc.model_optimal_step(p, c1, c2, EPS) == pytest.approx(
                np.exp(res.x), rel=1e-6)

    def test_total_error_model_formula(self):
        h = np.array([1e-8, 1e-4])
        # the same operations: bit for bit
        np.testing.assert_array_equal(
            calc.total_error_model(h, 2, 0.5, 1.0, EPS), 0.5 * h**2 + EPS / h)

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
        # Horner (and numpy's evaluation) err by gamma_(2n) sum |c_j| |dx|^j
        # each; the derivatives at x0 by a few u of their size
        dx = np.abs(x - x0)
        scale = sum(abs(d) / math.factorial(j) * dx**j
                    for j, d in enumerate(derivs)) + np.abs(cubic.coef) @ \
            np.abs(x)[None, :] ** np.arange(4)[:, None]
        err = np.abs(calc.taylor_polynomial(derivs, x0, x) - cubic(x))
        assert np.all(err <= 32 * U * scale)

    def test_exp_series(self):
        derivs = np.ones(20)                     # all derivatives of exp at 0
        # truncation 1/20! ~ 4e-19; Horner: gamma_40 times sum 1/j! = e
        assert calc.taylor_polynomial(derivs, 0.0, 1.0) == pytest.approx(
            math.e, rel=40 * U + 1e-18)

    def test_remainder_lagrange_bound(self):
        h = np.linspace(-0.5, 0.5, 11)
        for k in range(3):
            r = calc.taylor_remainder(np.sin, SIN_DERIVS, X0, h, k)
            bound = np.abs(h) ** (k + 1) / math.factorial(k + 1)  # |sin^(j)|<=1
            # plus rounding: sin and the polynomial (|.| <= 2) within 8u
            assert np.all(r <= bound + 16 * U)

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

    def exact_jac(self):
        return small_map_jacobian(self.x)

    def bound(self, method, h):
        """fd_bound for small_map near x: |f| <= 2.3, |f'| <= 2.5 and the
        second/third derivatives <= e^0.6 + 2 < 3.9 (exp(x0 - x2) and x.x
        dominate) on [x - h, x + h]."""
        return fd_bound(method, h, np.max(np.abs(self.x)), 2.3, 2.5, 3.9)

    @pytest.mark.parametrize("method", ["forward", "backward", "central"])
    def test_matches_analytic_jacobian(self, method):
        jac = calc.fd_jacobian(small_map, self.x, method=method)
        assert jac.shape == (4, 3)
        h = calc.optimal_step(method, x=1.2)      # the largest step used
        assert np.all(np.abs(jac - self.exact_jac()) <= self.bound(method, h))

    def test_matches_torch_jacrev(self):
        torch = pytest.importorskip("torch", reason="PyTorch is an optional "
                                    "oracle; the analytic one runs above")

        def small_map_torch(x):
            return torch.stack([x[0] * x[1], torch.sin(x[2]),
                                torch.exp(x[0] - x[2]), x @ x])

        ref = torch.func.jacrev(small_map_torch)(
            torch.tensor(self.x, dtype=torch.float64)).numpy()
        # reverse mode is exact up to a few roundings per entry
        np.testing.assert_allclose(ref, self.exact_jac(), rtol=8 * U,
                                   atol=8 * U)

    def test_matches_scipy_jacobian(self):
        def vec_map(x):                          # scipy's (n, ...) convention
            return np.stack([x[0] * x[1], np.sin(x[2]),
                             np.exp(x[0] - x[2]), np.sum(x * x, axis=0)])

        res = differentiate.jacobian(vec_map, self.x)
        exact = self.exact_jac()
        h = calc.optimal_step("central", x=1.2)
        ours = calc.fd_jacobian(small_map, self.x, method="central")
        assert np.all(np.abs(ours - exact) <= self.bound("central", h))
        # SciPy's within its own error estimate (times 10, an estimate)
        assert np.all(np.abs(res.df - exact) <= 10 * res.error + 8 * U)

    @pytest.mark.parametrize("method,calls", [("forward", 6), ("backward", 6),
                                              ("central", 10)])
    def test_cost_in_evaluations(self, method, calls):
        counter = calc.CallCounter(rosenbrock)
        calc.fd_gradient(counter, np.zeros(5), method=method)
        assert counter.calls == calls            # n + 1 or 2n, n = 5

    def test_gradient_matches_autograd(self):
        torch = pytest.importorskip("torch", reason="PyTorch autograd is "
                                    "the oracle of this test")
        rng = np.random.default_rng(0)
        x = rng.normal(size=6)
        xt = torch.tensor(x, requires_grad=True)
        val = torch.sum(100 * (xt[1:] - xt[:-1] ** 2) ** 2
                        + (1 - xt[:-1]) ** 2)
        (g_ref,) = torch.autograd.grad(val, xt)
        # Rosenbrock near x: |f| <= 2 f(x), |grad| <= max |g|, third
        # derivative along a coordinate 2400 |x_i| (+ slack)
        h = calc.optimal_step("central", x=np.max(np.abs(x)))
        m = np.max(np.abs(x)) + h
        bound = fd_bound("central", h, m, 2 * rosenbrock(x),
                         np.max(np.abs(g_ref.numpy())), 2400 * m + 10)
        np.testing.assert_allclose(
            calc.fd_gradient(rosenbrock, x, method="central"), g_ref.numpy(),
            rtol=0, atol=bound)

    def test_scalar_output_gives_one_row(self):
        assert calc.fd_jacobian(rosenbrock, np.ones(4)).shape == (1, 4)

    def test_directional_is_gradient_dot_v(self):
        rng = np.random.default_rng(1)
        x, v = rng.normal(size=4), rng.normal(size=4)
        g = calc.fd_gradient(rosenbrock, x, method="central")
        dd = calc.directional_derivative(rosenbrock, x, v)
        assert dd.shape == ()
        # both are central differences: bounds as in the autograd test, the
        # directional one with f(x + t v) (third derivative times |v|^3)
        m, vm = np.max(np.abs(x)), np.max(np.abs(v))
        h = calc.optimal_step("central", x=m)
        mk = 2400 * (m + h) + 10
        b_grad = fd_bound("central", h, m + h, 2 * rosenbrock(x) + 10,
                          1e3, mk)
        hv = h / vm
        b_dir = fd_bound("central", hv, m, 2 * rosenbrock(x) + 10,
                         1e3 * 4 * vm, mk * (4 * vm) ** 3)
        assert abs(float(dd) - g @ v) <= b_dir + np.sum(np.abs(v)) * b_grad

    def test_directional_vector_is_jv(self):
        v = np.array([1.0, -2.0, 0.5])
        jv = self.exact_jac() @ v
        # along v: the t-derivatives of f(x + t v) are bounded by those of
        # f times |v|_1^k (|v|_1 = 3.5); step h / |v|_inf
        h = calc.optimal_step("central", x=1.2) / 2.0
        bound = fd_bound("central", h, 1.2, 2.3, 2.5 * 3.5, 3.9 * 3.5**3)
        assert np.all(np.abs(calc.directional_derivative(small_map, self.x, v)
                             - jv) <= bound)

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
        jv = self.exact_jac() @ v                            # (4,)
        d32 = calc.directional_derivative(small_map, self.x, v,
                                          method=method, dtype=np.float32)
        d64 = calc.directional_derivative(small_map, self.x, v,
                                          method=method)
        assert d32.dtype == np.float32 and d32.shape == (4,)
        err32 = np.max(np.abs(d32.astype(np.float64) - jv))
        err64 = np.max(np.abs(d64 - jv))
        # the bound of test_directional_vector_is_jv in each precision
        # (plus the float32 rounding of x, v and h: u32 |x|, once more)
        u32 = float(np.finfo(np.float32).eps) / 2
        bounds = {}
        for dt, u in ((np.float32, u32), (np.float64, U)):
            eps = 2 * u
            h = calc.optimal_step(method, eps, x=1.2) / 2.0
            mk = 3.9 * 3.5 ** (3 if method == "central" else 2)
            bounds[dt] = fd_bound(method, h, 1.2, 2.3, 2.5 * 3.5, mk, u=2 * u)
        assert err32 <= bounds[np.float32]
        assert err64 <= bounds[np.float64]
        # "far worse": float32's guarantee is > 100 times weaker
        assert bounds[np.float32] > 100 * bounds[np.float64]
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
    # central differences are exact for quadratics: rounding only, with
    # |f| <= 0.5 |x|^2 + |c||x| and |f'| <= |x| + |c| near x
    m = np.max(np.abs(x)) if n else 0.0
    h = calc.optimal_step("central", x=m)
    f0 = 0.5 * n * (m + h) ** 2 + n * 3 * (m + h)
    bound = fd_bound("central", h, m, f0, m + h + 3, 0.0)
    np.testing.assert_allclose(g, x + c, atol=bound)


# --------------------------------------------------------------------------
# sweeps and orders
# --------------------------------------------------------------------------
class TestSweeps:
    def test_loglog_slope_of_power_law(self):
        h = np.logspace(-4, 0, 9)
        # logs of exact powers (an ulp each) fitted by least squares: the
        # slope errs by a few u times log ranges ~ 10; 1e-12 is far above
        assert fitting.loglog_slope(h, 3.0 * h**2.5) == pytest.approx(
            2.5, rel=64 * U)
        assert fitting.loglog_slope(h, h**1, x_min=1e-2) == pytest.approx(
            1.0, rel=64 * U)

    def test_sweep_record(self):
        h = np.array([1e-2, 1e-4, 1e-3])
        s = calc.step_error_sweep(np.exp, 0.0, 1.0, h, "central")
        np.testing.assert_array_equal(s.h, np.sort(h))
        # next term h^4/120 (relative h^2/20, times 1.1 for the rest) and
        # rounding 2u e^h / h relative to h^2/6
        rel = 1.1 * s.h**2 / 20 + 2 * U * np.exp(s.h) / s.h / (s.h**2 / 6)
        assert np.all(np.abs(s.error - s.h**2 / 6) <= rel * s.h**2 / 6)
        assert s.order == 2
        assert s.h_best == 1e-4 and s.error_best == s.error[0]

    def test_sweep_rms_over_points(self):
        pts = np.array([0.0, 1.0])
        s = calc.step_error_sweep(np.exp, pts, np.exp(pts), [1e-3], "forward")
        each = np.exp(pts) * 1e-3 / 2
        # the next truncation term is h/3 of the leading one (times 1.1);
        # rounding 4u e^(x+h)/h relative to e^x h / 2
        rel = 1.1 * 1e-3 / 3 + 4 * U * np.exp(1e-3) / 1e-3 / (1e-3 / 2)
        assert s.error[0] == pytest.approx(np.sqrt(np.mean(each**2)), rel=rel)

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
    assert X0 == 1.0                          # caption: "at $x_0 = 1$"
    h = np.array([1e-1, 1e-2, 1e-3, -1e-3, -1e-2])
    gap = calc.taylor_remainder(np.sin, SIN_DERIVS, X0, h, 1)
    ratio = gap / h**2
    target = abs(SIN_DERIVS[2]) / 2
    # the caption's "a few %": the next term is |f3/f''| h / 3 <= 0.2% of
    # the target for |h| <= 1e-2, rounding 4u / h^2 <= 4.4e-10
    np.testing.assert_allclose(ratio[1:], target, rtol=0.02)
    assert abs(ratio[2] / target - 1) < abs(ratio[0] / target - 1)


def test_claim_fig_diff_taylor():
    """The linear model's error is O(h^2), the quadratic model's O(h^3).

    Fitted log-log slopes lie in [1.8, 2.2] and [2.8, 3.2], and the
    quadratic model is the more accurate one at every h <= 1.
    """
    assert X0 == 1.0                          # caption: "at $x_0 = 1$"
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
    # caption: "RMS over 64 points in [0.5, 1.5]"; alt text: "step size
    # from 1e-14 to 1"
    assert (pts.size, pts[0], pts[-1]) == (64, 0.5, 1.5)
    assert (hs[0], hs[-1]) == (1e-14, 1.0)
    fwd = calc.step_error_sweep(np.sin, pts, np.cos(pts), hs, "forward")
    cen = calc.step_error_sweep(np.sin, pts, np.cos(pts), hs, "central")
    # alt text: forward minimum "near h = 1e-8 at an error of about 5e-9",
    # central "near h = 5e-6 at an error of a few times 1e-12"
    assert fwd.h_best == pytest.approx(1e-8, rel=0.5)
    assert 3e-9 <= fwd.error_best <= 8e-9
    assert cen.h_best == pytest.approx(5e-6, rel=0.5)
    assert 1e-12 <= cen.error_best < 1e-11
    for s, h_star in [(fwd, math.sqrt(EPS)), (cen, EPS ** (1 / 3))]:
        assert h_star / 10 <= s.h_best <= h_star * 10
    assert cen.error_best < fwd.error_best / 100
    assert fitting.loglog_slope(fwd.h, fwd.error, x_min=1e-5, x_max=1e-1) == \
        pytest.approx(1.0, abs=0.1)
    assert fitting.loglog_slope(cen.h, cen.error, x_min=1e-3, x_max=1e-1) == \
        pytest.approx(2.0, abs=0.1)
    # Left branch: rounding error grows as h shrinks (slope about -1).
    assert fitting.loglog_slope(fwd.h, fwd.error, x_max=1e-10) < -0.8


def test_claim_diff_jacobian():
    """Same data as the chapter's diff-jacobian: the exact Jacobian of
    tanh(Wx + b), (1 - g^2) W row by row, is PyTorch's reverse-mode one
    up to rounding, and the central-difference Jacobian is within its
    error bound of it."""
    rng = np.random.default_rng(42)
    W, b = rng.standard_normal((2, 3)), rng.standard_normal(2)
    xv = rng.standard_normal(3)
    layer = lambda z: np.tanh(W @ z + b)
    J_ex = (1 - layer(xv) ** 2)[:, None] * W
    J_fd = calc.fd_jacobian(layer, xv, method="central")
    # |dg_i/dx_j| <= |W_ij|, |tanh'''| <= 2; an evaluation is off by
    # u + (n + 1) u (sum_j |W_ij x_j| + |b_i|) (the tanh and the product)
    s = float((np.abs(W) @ (np.abs(xv) + 1) + np.abs(b)).max())
    h = calc.optimal_step("central", x=np.max(np.abs(xv)))
    tol = fd_bound("central", h, np.max(np.abs(xv)), 1 + 2 * s,
                   np.abs(W).max(), 2 * np.abs(W).max() ** 3)
    assert np.abs(J_fd - J_ex).max() <= tol
    torch = pytest.importorskip("torch", reason="PyTorch is the oracle of "
                                "the exact Jacobian in this test")
    Wt, bt = torch.tensor(W), torch.tensor(b)
    J_ad = torch.func.jacrev(lambda z: torch.tanh(Wt @ z + bt))(
        torch.tensor(xv)).numpy()
    np.testing.assert_allclose(J_ad, J_ex, rtol=8 * U, atol=8 * U)


def test_claim_diff_kink():
    """Chapter (diff-kink): at the kink of |x| the forward, backward and
    central quotients give 1, -1 and 0, and PyTorch's autograd returns 0
    for abs at 0 (a convention)."""
    kink = {m: float(calc.derivative(np.abs, 0.0, 1e-6, m))
            for m in ("forward", "backward", "central")}
    assert kink == {"forward": 1.0, "backward": -1.0, "central": 0.0}
    torch = pytest.importorskip("torch", reason="the claim is about PyTorch")
    t0 = torch.tensor(0.0, requires_grad=True)
    (g_abs,) = torch.autograd.grad(torch.abs(t0), t0)
    assert float(g_abs) == 0.0


# --------------------------------------------------------------------------
# issue 8: memory, overflow, leaking exceptions, reinterpretation
# --------------------------------------------------------------------------
class TestIssue8:
    def test_gradient_memory_grows_like_the_answer(self):
        """Issue: fd_gradient built np.eye(n) (n = 1e5: 75 GiB for an
        800 kB result). Now the points are made one at a time."""
        import tracemalloc
        n = 2_000
        x = np.linspace(-1.0, 1.0, n)
        tracemalloc.start()
        g = calc.fd_gradient(lambda z: 0.5 * float(z @ z), x, h=2.0**-20)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert g.shape == (n,)
        # a few copies of x; an eye(n) would be n = 2000 times x
        assert peak < 20 * x.nbytes
        # forward difference of a quadratic: the truncation h/2 exactly
        # (f'' = 1), rounding (4u |f| + 2u |x| |f'|)/h with |f| <= n/2
        bound = fd_bound("forward", 2.0**-20, 1.0, n / 2 + 1, 1.0, 1.0)
        assert np.all(np.abs(g - x) <= bound)

    def test_taylor_with_many_derivatives(self):
        """Issue: taylor_polynomial with >= 172 derivatives raised
        OverflowError (172! is not a float)."""
        derivs = np.ones(200)               # exp at 0: T(1) -> e
        assert calc.taylor_polynomial(derivs, 0.0, 1.0) == pytest.approx(
            math.e, rel=2 * 200 * U)

    @pytest.mark.parametrize("method", [["forward"], None, 3])
    def test_method_of_the_wrong_type(self, method):
        """Issue: method=[...] leaked "TypeError: unhashable type"."""
        with pytest.raises(TypeError, match="method"):
            calc.derivative(np.sin, 1.0, method=method)
        with pytest.raises(TypeError, match="method"):
            calc.fd_gradient(np.sum, [1.0], method=method)

    def test_steps_beyond_the_range(self):
        with pytest.raises(ValueError, match="x [+]- h"):
            calc.forward_difference(np.sin, 1.7e308, 1e307)
        with pytest.raises(ValueError, match="h must be representable"):
            calc.central_difference(np.sin, 1.0, 1e-50, dtype=np.float32)
        with pytest.raises(ValueError, match="float32 range"):
            calc.central_difference(np.sin, 1e39, dtype=np.float32)

    def test_function_failures_name_f_and_the_point(self):
        with pytest.raises(ValueError, match="f returned non-finite"):
            calc.forward_difference(np.exp, 709.7, 1.0)
        with pytest.raises(ValueError, match="f raised IndexError"):
            calc.fd_jacobian(lambda z: z[3], [1.0, 2.0])

    @pytest.mark.parametrize("bad", ["1.0", [1 + 1j], [True], None])
    def test_reinterpretation(self, bad):
        with pytest.raises(TypeError, match="x"):
            calc.derivative(np.sin, bad)

    def test_check_that_cannot_fail_is_gone(self):
        """The error sweep reports large, not NaN, errors for a broken f."""
        with pytest.raises(ValueError, match="f returned non-finite"):
            calc.step_error_sweep(lambda t: np.full_like(t, np.nan), 0.5,
                                  1.0, [1e-3])


# --------------------------------------------------------------------------
# fd_hessian (function values only) and the multivariate Taylor claim
# --------------------------------------------------------------------------
def _trig_field(v):
    """f = sin(v0) cos(v1) + 0.5 v0 v2: every 4th derivative is <= 1."""
    return float(np.sin(v[0]) * np.cos(v[1]) + 0.5 * v[0] * v[2])


def _trig_hessian(v):
    s0, c0, s1, c1 = np.sin(v[0]), np.cos(v[0]), np.sin(v[1]), np.cos(v[1])
    return np.array([[-s0 * c1, -c0 * s1, 0.5],
                     [-c0 * s1, -s0 * c1, 0.0],
                     [0.5, 0.0, 0.0]])


def test_fd_hessian_against_the_analytic_hessian_and_its_cost():
    rng = np.random.default_rng(4)
    for _ in range(5):
        x = rng.uniform(-2, 2, 3)
        f = calc.CallCounter(_trig_field)
        H = calc.fd_hessian(f, x)
        assert f.calls == 1 + 2 * 3 + 2 * 3 * 2
        np.testing.assert_array_equal(H, H.T)          # symmetric by design
        h = EPS ** 0.25 * np.maximum(1.0, np.abs(x)).max()
        # truncation: h^2/12 max|f''''| (diagonal), h^2/3 (mixed: two
        # third-order Taylor terms of size h^3/6 each over 4h^2... bounded
        # by h^2/3 with |4th derivatives| <= 1); rounding: four values
        # of |f| <= 3 + 0.5*|x|^2 each off by ~2u|f|, divided by 4h^2 or h^2
        fmax = 3.0 + 0.5 * np.max(np.abs(x) + h) ** 2
        tol = h**2 / 3 + 8 * U * fmax / h**2
        assert np.abs(H - _trig_hessian(x)).max() <= tol


def test_fd_hessian_matches_scipy_rosen_hess():
    x = np.array([0.8, 1.1, 0.9])
    H = calc.fd_hessian(optimize.rosen, x)
    exact = optimize.rosen_hess(x)
    # rosen is a quartic: its 4th derivative is 2400 in the diagonal
    # directions, so truncation h^2 * 2400 / 12; rounding 8u|f|/h^2
    h = EPS ** 0.25 * 1.1
    tol = h**2 * 2400 / 12 + 8 * U * optimize.rosen(x + h) / h**2
    assert np.abs(H - exact).max() <= tol + 1e-12 * np.abs(exact).max()


def test_fd_hessian_rejects_bad_input():
    with pytest.raises(ValueError, match="x"):
        calc.fd_hessian(_trig_field, [np.nan, 0.0, 0.0])
    with pytest.raises(ValueError, match="h"):
        calc.fd_hessian(_trig_field, [0.0, 0.0, 0.0], h=-1.0)
    with pytest.raises(ValueError, match="scalar"):
        calc.fd_hessian(lambda v: v, [0.0, 1.0])
    with pytest.raises(TypeError, match="f"):
        calc.fd_hessian("sin", [0.0])
    with pytest.raises(ValueError, match="non-finite"):
        calc.fd_hessian(lambda v: float(np.exp(v[0])), [709.7], h=1.0)


def test_claim_diff_taylor_hessian():
    """Chapter (diff-taylor-hessian): the finite-difference Hessian of
    log-sum-exp matches diag(p) - p p^T (p the softmax) to about
    sqrt(eps), and the quadratic model with the Hessian has an error that
    falls eight-fold when the step halves, the linear model's four-fold."""
    from execmath import numerics
    rng = np.random.default_rng(8)
    x = rng.standard_normal(3)
    p = numerics.softmax(x)
    exact = np.diag(p) - np.outer(p, p)
    H = calc.fd_hessian(numerics.logsumexp, x)
    h = EPS ** 0.25 * np.maximum(1.0, np.abs(x)).max()
    f_abs = float(numerics.logsumexp(np.abs(x) + 2 * h))
    # |4th derivatives of lse| <= 1; rounding 8u|f|/h^2
    assert np.abs(H - exact).max() <= h**2 / 3 + 8 * U * f_abs / h**2
    d = rng.standard_normal(3)
    f0, g = float(numerics.logsumexp(x)), p
    errs = []
    for t in (0.02, 0.01):
        ft = float(numerics.logsumexp(x + t * d))
        errs.append((abs(ft - f0 - t * g @ d),
                     abs(ft - f0 - t * g @ d - 0.5 * t**2 * d @ exact @ d)))
    lin_ratio = errs[0][0] / errs[1][0]
    quad_ratio = errs[0][1] / errs[1][1]
    # leading terms t^2 and t^3; the next term changes the ratio by O(t)
    assert 3.6 < lin_ratio < 4.4
    assert 7.0 < quad_ratio < 9.0
