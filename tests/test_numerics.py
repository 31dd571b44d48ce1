"""Tests for execmath.numerics against independent oracles.

Oracles: np.finfo, np.spacing, math.ulp, mpmath / fractions exact values,
scipy.special.logsumexp / softmax, numpy.roots, analytic derivatives.
"""

import math
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from execmath import fitting, numerics

EPS = np.finfo(np.float64).eps
U = EPS / 2


def mp_float(func, x, dps=80):
    """Float64 of an mpmath evaluation at the exact binary value of x."""
    with mpmath.workdps(dps):
        return float(func(mpmath.mpf(float(x))))


# ---------------------------------------------------------------- the grid

class TestMachineEpsilon:
    @pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
    def test_matches_finfo(self, dtype):
        assert numerics.machine_epsilon(dtype) == float(np.finfo(dtype).eps)

    def test_float64_is_two_to_minus_52(self):
        assert numerics.machine_epsilon() == 2.0**-52

    @pytest.mark.parametrize("dtype", [np.int64, "not a dtype", bool])
    def test_bad_dtype(self, dtype):
        with pytest.raises(ValueError, match="dtype"):
            numerics.machine_epsilon(dtype)


class TestUnitRoundoff:
    @pytest.mark.parametrize("dtype, t", [(np.float32, 24), (np.float64, 53)])
    def test_is_two_to_minus_t(self, dtype, t):
        assert numerics.unit_roundoff(dtype) == 2.0**-t

    def test_rounding_property(self):
        u = numerics.unit_roundoff()
        assert 1.0 + u == 1.0              # a tie rounds to even: back to 1
        assert 1.0 + u * (1 + EPS) > 1.0   # just above the tie rounds up

    def test_bad_dtype(self):
        with pytest.raises(ValueError, match="dtype"):
            numerics.unit_roundoff(np.int32)


class TestUlp:
    @given(st.floats(allow_nan=False, allow_infinity=False))
    @settings(max_examples=200, deadline=None)
    def test_matches_math_ulp(self, x):
        assert numerics.ulp(x) == math.ulp(x)

    def test_matches_np_spacing_float32(self):
        x = np.array([1.0, 3.5, 1e6, -2.0], dtype=np.float32)
        expected = np.abs(np.spacing(x))
        got = numerics.ulp(x, dtype=np.float32)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, expected)

    def test_powers_of_two(self):
        k = np.arange(-20, 60)
        np.testing.assert_array_equal(numerics.ulp(2.0**k), 2.0**(k - 52))

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            numerics.ulp([1.0, np.nan])

    def test_bad_dtype(self):
        with pytest.raises(ValueError, match="dtype"):
            numerics.ulp(1.0, dtype=np.int8)


# ---------------------------------------------------------------- errors

class TestAbsoluteError:
    def test_values(self):
        np.testing.assert_array_equal(
            numerics.absolute_error([1.5, -2.0], [1.0, 1.0]), [0.5, 3.0])

    def test_bad_exact(self):
        with pytest.raises(ValueError, match="exact"):
            numerics.absolute_error([1.0], [np.inf])

    def test_bad_shapes(self):
        with pytest.raises(ValueError, match="approx"):
            numerics.absolute_error([1.0, 2.0], [1.0, 2.0, 3.0])


class TestRelativeError:
    def test_matches_fraction_arithmetic(self):
        approx, exact = [0.1 + 0.2, 1e-8], [0.3, 1.1e-8]
        expected = [float(abs(Fraction(a) - Fraction(e)) / abs(Fraction(e)))
                    for a, e in zip(approx, exact)]
        np.testing.assert_allclose(numerics.relative_error(approx, exact),
                                   expected, rtol=1e-15)

    def test_exact_zero_convention(self):
        got = numerics.relative_error([0.0, 1e-300, 2.0], [0.0, 0.0, 1.0])
        np.testing.assert_array_equal(got, [0.0, np.inf, 1.0])

    def test_nan_approx_propagates(self):
        assert np.isnan(numerics.relative_error([np.nan], [1.0])[0])

    def test_decimal_reference_matches_mpmath(self):
        # Reference kept in 50 digits: error of fl(sqrt 2) is tiny, not 0.
        exact = numerics.decimal_eval(Decimal.sqrt, [2.0], as_decimal=True)
        got = numerics.relative_error(np.sqrt([2.0]), exact)[0]
        with mpmath.workdps(60):
            ref = float(abs(mpmath.mpf(np.sqrt(2.0)) - mpmath.sqrt(2))
                        / mpmath.sqrt(2))
        assert 0 < got <= U
        assert got == pytest.approx(ref, rel=1e-12)

    def test_decimal_reference_zero(self):
        got = numerics.relative_error([0.0, 1.0], [Decimal(0), Decimal(0)])
        np.testing.assert_array_equal(got, [0.0, np.inf])

    def test_bad_exact(self):
        with pytest.raises(ValueError, match="exact"):
            numerics.relative_error([1.0], [np.nan])

    def test_bad_decimal_shape(self):
        with pytest.raises(ValueError, match="approx"):
            numerics.relative_error([1.0, 2.0], [Decimal(1)])

    def test_bad_digits(self):
        with pytest.raises(ValueError, match="digits"):
            numerics.relative_error([1.0], [Decimal(1)], digits=5)


class TestDecimalEval:
    def test_sqrt_matches_mpmath(self):
        x = np.array([2.0, 3.0, 1e10 + 1, 0.1])
        got = numerics.decimal_eval(Decimal.sqrt, x)
        expected = [mp_float(mpmath.sqrt, v) for v in x]
        np.testing.assert_array_equal(got, expected)   # both correctly rounded

    def test_strings_are_exact_decimals(self):
        # "0.1" is the decimal 1/10, not the float 0.1000000000000000055...
        got = numerics.decimal_eval(lambda d: d * 10 - 1, ["0.1"],
                                    as_decimal=True)
        assert got[0] == 0
        got_f = numerics.decimal_eval(lambda d: d * 10 - 1, [0.1],
                                      as_decimal=True)
        assert got_f[0] != 0
        assert float(got_f[0]) == float(Fraction(0.1) * 10 - 1)

    def test_shape_preserved(self):
        out = numerics.decimal_eval(Decimal.exp, np.zeros((2, 3)))
        assert out.shape == (2, 3)
        np.testing.assert_array_equal(out, 1.0)

    def test_ln_matches_mpmath(self):
        x = 1 + 2.0**-30
        got = numerics.decimal_eval(Decimal.ln, [x])[0]
        assert got == mp_float(mpmath.log, x)

    def test_bad_func(self):
        with pytest.raises(ValueError, match="func"):
            numerics.decimal_eval("sqrt", [1.0])

    def test_bad_digits(self):
        with pytest.raises(ValueError, match="digits"):
            numerics.decimal_eval(Decimal.sqrt, [1.0], digits=10)

    @pytest.mark.parametrize("x", [[np.nan], [], ["abc"], ["inf"]])
    def test_bad_x(self, x):
        with pytest.raises(ValueError, match="x"):
            numerics.decimal_eval(Decimal.sqrt, x)


# ---------------------------------------------------------------- conditioning

class TestConditionNumber:
    def test_log_analytic(self):
        x = np.array([1.001, 2.0, 10.0])
        got = numerics.condition_number(np.log, x, df=lambda t: 1 / t)
        np.testing.assert_allclose(got, 1 / np.abs(np.log(x)), rtol=1e-14)

    def test_finite_difference_default(self):
        x = np.array([0.3, 1.001, 5.0])
        got = numerics.condition_number(lambda t: t - 1, x)
        np.testing.assert_allclose(got, np.abs(x / (x - 1)), rtol=1e-8)

    def test_exp_is_abs_x(self):
        x = np.array([-3.0, 0.5, 20.0])
        got = numerics.condition_number(np.exp, x, h=1e-6)
        np.testing.assert_allclose(got, np.abs(x), rtol=1e-8)

    def test_zero_of_f_is_inf(self):
        got = numerics.condition_number(lambda t: t - 1, [1.0],
                                        df=np.ones_like)
        assert got[0] == np.inf

    def test_bad_f(self):
        with pytest.raises(ValueError, match="f"):
            numerics.condition_number(3.0, [1.0])

    def test_bad_df(self):
        with pytest.raises(ValueError, match="df"):
            numerics.condition_number(np.log, [2.0], df=1.0)

    def test_bad_h(self):
        with pytest.raises(ValueError, match="h"):
            numerics.condition_number(np.log, [2.0], h=-1e-3)


class TestSubtractionCondition:
    def test_values(self):
        got = numerics.subtraction_condition([3.0, 1.0, 2.0], [1.0, -1.0, 2.0])
        np.testing.assert_array_equal(got, [2.0, 1.0, np.inf])

    def test_bad_shapes(self):
        with pytest.raises(ValueError, match="a and b"):
            numerics.subtraction_condition([1.0, 2.0], [1.0, 2.0, 3.0])

    def test_bad_a(self):
        with pytest.raises(ValueError, match="a"):
            numerics.subtraction_condition([np.nan], [1.0])


# ---------------------------------------------------------------- sqrt diff

def mp_sqrt_diff(x):
    return mp_float(lambda t: mpmath.sqrt(t + 1) - mpmath.sqrt(t), x)


class TestSqrtDiff:
    x = np.array([0.0, 0.5, 1.0, 1e3, 1e8, 3e12, 1e16, 1e20])

    def test_stable_matches_mpmath(self):
        expected = np.array([mp_sqrt_diff(v) for v in self.x])
        got = numerics.sqrt_diff_stable(self.x)
        np.testing.assert_allclose(got, expected, rtol=4 * EPS, atol=0)

    def test_naive_agrees_at_small_x(self):
        x = np.array([0.0, 0.25, 1.0, 2.0])
        np.testing.assert_allclose(numerics.sqrt_diff_naive(x),
                                   numerics.sqrt_diff_stable(x), rtol=4 * EPS)

    def test_naive_is_zero_when_x_plus_one_rounds_to_x(self):
        x = 2.0**60
        assert x + 1.0 == x
        assert numerics.sqrt_diff_naive([x])[0] == 0.0

    def test_reference_matches_mpmath(self):
        expected = np.array([mp_sqrt_diff(v) for v in self.x])
        np.testing.assert_array_equal(numerics.sqrt_diff_reference(self.x),
                                      expected)

    def test_reference_as_decimal(self):
        out = numerics.sqrt_diff_reference([3.0], as_decimal=True)
        assert isinstance(out[0], Decimal)
        with mpmath.workdps(60):
            err = abs(mpmath.mpf(str(out[0])) - (2 - mpmath.sqrt(3)))
        assert err < mpmath.mpf("1e-48")

    def test_condition_analytic_vs_finite_difference(self):
        x = np.array([0.5, 3.0, 100.0, 1e6])
        fd = numerics.condition_number(numerics.sqrt_diff_stable, x)
        np.testing.assert_allclose(numerics.sqrt_diff_condition(x), fd,
                                   rtol=1e-6)
        assert np.all(numerics.sqrt_diff_condition(x) < 0.5)

    @pytest.mark.parametrize("func", [
        numerics.sqrt_diff_naive, numerics.sqrt_diff_stable,
        numerics.sqrt_diff_condition, numerics.sqrt_diff_reference,
    ])
    def test_negative_x(self, func):
        with pytest.raises(ValueError, match="x"):
            func([1.0, -2.0])


class TestCancellationExperiment:
    def test_fields(self):
        x = np.logspace(0, 18, 19)
        rep = numerics.cancellation_experiment(x)
        for field in rep:
            assert field.shape == (19,)
        np.testing.assert_array_equal(rep.exact,
                                      numerics.sqrt_diff_reference(x))
        np.testing.assert_allclose(
            rep.err_naive,
            numerics.relative_error(rep.naive, rep.exact), rtol=1e-6,
            atol=2 * U)

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            numerics.cancellation_experiment(np.ones((2, 2)))


def test_claim_fig_num_cancellation():
    """Figure fig-num-cancellation claims: the stable formula's relative
    error stays within a small multiple of machine epsilon (<= 4 eps) for
    every x shown; the naive one grows roughly linearly in x (log-log slope
    between 0.8 and 1.2 where it is not saturated) and loses all digits
    once x >= 2**53: there fl(x+1) is x or x+2, never x+1, so the relative
    error is >= 1, and from 2**54 on fl(x+1) == x and the error is exactly 1.
    The naive error climbs below the dotted prediction kappa_- u, mostly
    within a factor of ten of it, and exactly two points lie above 1.
    """
    x = np.logspace(0, 18, 181)                       # the figure's grid
    rep = numerics.cancellation_experiment(x)
    assert np.all(rep.err_stable <= 4 * EPS)
    unsat = (x >= 1e1) & (x <= 1e15)
    slope = fitting.loglog_slope(x[unsat], rep.err_naive[unsat])
    assert 0.8 <= slope <= 1.2
    big = x >= 2.0**53
    assert np.all(rep.err_naive[big] >= 1.0)
    huge = x >= 2.0**54
    assert np.all(x[huge] + 1.0 == x[huge])
    np.testing.assert_array_equal(rep.err_naive[huge], 1.0)
    # and the naive error stays below the subtraction's prediction kappa*u
    a, b = np.sqrt(x + 1), np.sqrt(x)
    kappa = numerics.subtraction_condition(a, b)
    ok = np.isfinite(kappa) & (x < 2.0**53)
    assert np.all(rep.err_naive[ok] <= 1.5 * kappa[ok] * U)
    assert np.all(rep.err_naive[unsat] <= kappa[unsat] * U)
    assert np.mean(rep.err_naive[unsat] >= kappa[unsat] * U / 10) > 0.5
    assert np.sum(rep.err_naive > 1.0) == 2


# ---------------------------------------------------------------- log1p/expm1

class TestLog1pExpm1:
    def test_log1p_naive_loses_tiny_x(self):
        x = np.array([1e-20, 1e-17])
        assert np.all(numerics.log1p_naive(x) == 0.0)
        expected = [mp_float(mpmath.log1p, v) for v in x]
        np.testing.assert_allclose(np.log1p(x), expected, rtol=2 * EPS)

    def test_log1p_naive_fine_for_moderate_x(self):
        x = np.array([0.5, 3.0, 100.0])
        np.testing.assert_allclose(numerics.log1p_naive(x), np.log1p(x),
                                   rtol=4 * EPS)

    def test_expm1_naive_cancels(self):
        x = 1e-10
        got = numerics.expm1_naive([x])[0]
        exact = mp_float(mpmath.expm1, x)
        assert abs(got - exact) / exact > 1e-8
        assert np.expm1(x) == pytest.approx(exact, rel=2 * EPS)

    def test_bad_log1p(self):
        with pytest.raises(ValueError, match="x"):
            numerics.log1p_naive([-1.0])

    def test_bad_expm1(self):
        with pytest.raises(ValueError, match="x"):
            numerics.expm1_naive([710.0])


# ---------------------------------------------------------------- quadratics

class TestQuadratic:
    def test_matches_numpy_roots(self):
        rng = np.random.default_rng(3)
        for _ in range(50):
            a, r1, r2 = rng.normal(), rng.normal(), rng.normal()
            b, c = -a * (r1 + r2), a * r1 * r2
            expected = sorted(np.roots([a, b, c]).real, key=abs)
            for f in (numerics.quadratic_roots_naive,
                      numerics.quadratic_roots_stable):
                np.testing.assert_allclose(f(a, b, c), expected,
                                           rtol=1e-6, atol=1e-12)

    def test_stable_small_root_exact(self):
        # x^2 - 1e8 x + 1: small root (1e8 - sqrt(1e16 - 4)) / 2 ~ 1e-8.
        with mpmath.workdps(60):
            small = float((mpmath.mpf(10)**8 - mpmath.sqrt(
                mpmath.mpf(10)**16 - 4)) / 2)
        stable = numerics.quadratic_roots_stable(1.0, -1e8, 1.0)
        naive = numerics.quadratic_roots_naive(1.0, -1e8, 1.0)
        assert abs(stable.small - small) / small <= 2 * EPS
        assert abs(naive.small - small) / small > 0.1
        assert stable.large == naive.large == 1e8

    def test_zero_b_and_c(self):
        assert numerics.quadratic_roots_stable(2.0, 0.0, 0.0) == (0.0, 0.0)
        r = numerics.quadratic_roots_stable(1.0, 0.0, -4.0)
        assert sorted(r) == [-2.0, 2.0]

    def test_a_zero(self):
        with pytest.raises(ValueError, match="a must be nonzero"):
            numerics.quadratic_roots_stable(0.0, 1.0, 1.0)

    def test_complex_roots(self):
        with pytest.raises(ValueError, match="complex"):
            numerics.quadratic_roots_naive(1.0, 0.0, 1.0)

    def test_bad_c(self):
        with pytest.raises(ValueError, match="c"):
            numerics.quadratic_roots_stable(1.0, 2.0, np.nan)


# ---------------------------------------------------------------- LSE/softmax

class TestLogSumExp:
    @pytest.mark.parametrize("axis", [None, 0, 1, -1])
    def test_matches_scipy(self, axis):
        rng = np.random.default_rng(0)
        a = rng.normal(scale=300.0, size=(4, 6))      # (4, 6) some huge
        np.testing.assert_allclose(numerics.logsumexp(a, axis=axis),
                                   special.logsumexp(a, axis=axis),
                                   rtol=1e-14)

    def test_huge_and_tiny(self):
        assert numerics.logsumexp([1000.0, 1000.0]) == pytest.approx(
            1000.0 + np.log(2.0), rel=1e-15)
        assert numerics.logsumexp([-1000.0, -1000.0]) == pytest.approx(
            -1000.0 + np.log(2.0), rel=1e-15)

    def test_neg_inf_entries(self):
        a = np.array([[0.0, -np.inf], [-np.inf, -np.inf]])
        got = numerics.logsumexp(a, axis=1)
        np.testing.assert_array_equal(got, special.logsumexp(a, axis=1))

    def test_naive_overflows_silently(self):
        assert numerics.logsumexp_naive([1000.0, 0.0]) == np.inf
        assert numerics.logsumexp_naive([-1000.0]) == -np.inf
        np.testing.assert_allclose(numerics.logsumexp_naive([[1.0, 2.0]],
                                                            axis=1),
                                   special.logsumexp([[1.0, 2.0]], axis=1))

    @pytest.mark.parametrize("func", [numerics.logsumexp,
                                      numerics.logsumexp_naive])
    def test_bad_a(self, func):
        with pytest.raises(ValueError, match="a"):
            func([1.0, np.nan])


class TestSoftmax:
    def test_matches_scipy(self):
        rng = np.random.default_rng(1)
        a = rng.normal(scale=50.0, size=(3, 5))
        for axis in (0, 1, -1):
            np.testing.assert_allclose(numerics.softmax(a, axis=axis),
                                       special.softmax(a, axis=axis),
                                       rtol=1e-13, atol=1e-300)

    def test_large_scores(self):
        p = numerics.softmax([1000.0, 1000.0, -np.inf])
        np.testing.assert_array_equal(p, [0.5, 0.5, 0.0])

    def test_naive_nan(self):
        p = numerics.softmax_naive([1000.0, 0.0])
        assert np.isnan(p[0])

    def test_all_masked(self):
        with pytest.raises(ValueError, match="a has a slice"):
            numerics.softmax([-np.inf, -np.inf])

    @pytest.mark.parametrize("func", [numerics.softmax,
                                      numerics.softmax_naive])
    def test_bad_a(self, func):
        with pytest.raises(ValueError, match="a"):
            func([np.inf, 1.0])


# ------------------------------------- unit_roundoff per dtype (float16-64)
@pytest.mark.parametrize("dtype, p", [(np.float16, 11), (np.float32, 24),
                                      (np.float64, 53)])
def test_unit_roundoff_is_half_eps(dtype, p):
    u = numerics.unit_roundoff(dtype)
    assert u == 2.0**-p == np.finfo(dtype).eps / 2


def test_unit_roundoff_defines_rounding_of_one():
    # 1 + u is a tie between 1 and 1 + 2u and rounds to even (= 1)
    for dt in (np.float16, np.float32, np.float64):
        u = dt(numerics.unit_roundoff(dt))
        one = dt(1)
        assert one + u == one
        assert one + 2 * u > one


@pytest.mark.parametrize("bad", ["int64", "complex128", "not-a-dtype"])
def test_unit_roundoff_bad_dtype(bad):
    with pytest.raises(ValueError, match="dtype"):
        numerics.unit_roundoff(bad)
