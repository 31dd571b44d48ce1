"""Tests for execmath.numerics against independent oracles.

Oracles: np.finfo, np.spacing, math.ulp, mpmath / fractions exact values,
scipy.special.logsumexp / softmax, numpy.roots, analytic derivatives,
NumPy's float16/float32 casts and PyTorch's float16/bfloat16 casts and
finfo (skipped without PyTorch).
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


class TestFloatFormat:
    """The format parameters against np.finfo and torch.finfo."""

    @pytest.mark.parametrize("name", ["float16", "float32", "float64"])
    def test_matches_np_finfo(self, name):
        f, fi = numerics.float_format(name), np.finfo(name)
        assert (f.eps, f.u, f.max, f.tiny) == (
            float(fi.eps), float(fi.eps) / 2, float(fi.max),
            float(fi.smallest_normal))
        assert f.p == fi.nmant + 1 and f.emax == fi.maxexp - 1

    @pytest.mark.parametrize("name", ["float16", "bfloat16", "float32",
                                      "float64"])
    def test_matches_torch_finfo(self, name):
        torch = pytest.importorskip("torch")
        f, fi = numerics.float_format(name), torch.finfo(getattr(torch, name))
        assert (f.eps, f.u, f.max, f.tiny) == (fi.eps, fi.eps / 2, fi.max,
                                               fi.tiny)

    @pytest.mark.parametrize("bad, exc", [("float8", ValueError),
                                          (None, TypeError), (16, TypeError)])
    def test_bad_name(self, bad, exc):
        with pytest.raises(exc, match="name"):
            numerics.float_format(bad)


def _float32_sample(n=100_000, seed=0):
    """float32 values from every binade (random bit patterns, subnormals
    included) plus exact ties of the bfloat16 rounding (low 16 bits
    0x8000), as a float32 array of finite values."""
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)
    ties = (rng.integers(0, 2**16, size=n // 10, dtype=np.uint64)
            .astype(np.uint32) << np.uint32(16)) | np.uint32(0x8000)
    x = np.concatenate([bits, ties]).view(np.float32)
    return x[np.isfinite(x)]


class TestRoundToFormat:
    """Oracles: NumPy's casts, the float32 bit pattern, and PyTorch."""

    def test_float16_and_float32_match_numpy_casts(self):
        rng = np.random.default_rng(1)
        x = rng.standard_normal(50_000) * 2.0 ** rng.integers(-160, 160,
                                                                 50_000)
        with np.errstate(over="ignore"):
            for dt in (np.float16, np.float32):
                expected = x.astype(dt).astype(np.float64)
                got = numerics.round_to_format(x, np.dtype(dt).name)
                np.testing.assert_array_equal(got, expected)

    def test_bfloat16_is_top_16_bits_rounded_to_nearest_even(self):
        """bfloat16(x) for a float32 x: add 0x7FFF plus the lowest kept
        bit to the bit pattern, clear the low 16 bits (round to nearest,
        ties to even; a carry into the exponent overflows to inf)."""
        x = _float32_sample()
        b = x.view(np.uint32).astype(np.uint64)
        r = (b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000
        expected = r.astype(np.uint32).view(np.float32).astype(np.float64)
        got = numerics.round_to_format(x, "bfloat16")
        np.testing.assert_array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(x))

    @pytest.mark.parametrize("name", ["float16", "bfloat16"])
    def test_matches_torch_cast_of_float32(self, name):
        torch = pytest.importorskip("torch")
        x = _float32_sample(seed=2)
        expected = (torch.from_numpy(x.copy()).to(getattr(torch, name))
                    .to(torch.float64).numpy())
        np.testing.assert_array_equal(numerics.round_to_format(x, name),
                                      expected)

    def test_overflow_ties_and_zero(self):
        f16 = numerics.float_format("float16")
        half_ulp = 2.0**(15 - 11)                       # ulp at max is 32
        got = numerics.round_to_format(
            [f16.max + half_ulp - 1, f16.max + half_ulp, -1e6, -0.0,
             1 + 2.0**-11, 1 + 3 * 2.0**-11], "float16")
        assert got[0] == f16.max and got[1] == np.inf and got[2] == -np.inf
        assert got[3] == 0.0 and np.signbit(got[3])
        assert got[4] == 1.0 and got[5] == 1 + 2 * 2.0**-10   # to even

    def test_chapter_values(self):
        """Chapter 3's half-precision paragraph: 70,000 and exp(12) overflow
        float16 and not bfloat16; 1 + 2^-9 survives float16 and rounds to
        1 in bfloat16. PyTorch computes a half-precision exp in float32 and
        rounds the result, which is what the chapter emulates."""
        big = np.array([70_000.0, 1.0 + 2.0**-9], dtype=np.float32)
        e12 = np.exp(np.float32(12.0))
        assert numerics.round_to_format(big, "float16").tolist() == [
            np.inf, 1.0 + 2.0**-9]
        assert numerics.round_to_format(big, "bfloat16").tolist() == [
            70144.0, 1.0]
        assert numerics.round_to_format(e12, "float16") == np.inf
        assert numerics.round_to_format(e12, "bfloat16") == 162816.0

    def test_chapter_values_against_torch(self):
        """The same values from PyTorch itself, and its default dtype,
        float32, which the chapter states (NumPy's is float64)."""
        torch = pytest.importorskip("torch")
        big = torch.tensor([70_000.0, 1.0 + 2.0**-9])
        assert big.dtype == torch.float32 == torch.get_default_dtype()
        assert torch.tensor([0.1]).dtype == torch.float32
        assert np.array([0.1]).dtype == np.float64
        for name in ("float16", "bfloat16"):
            dt = getattr(torch, name)
            assert big.to(dt).tolist() == numerics.round_to_format(
                big.numpy(), name).tolist()
            e12 = torch.exp(torch.tensor(12.0, dtype=dt)).item()
            assert e12 == numerics.round_to_format(
                np.exp(np.float32(12.0)), name)

    @pytest.mark.parametrize("kwargs, exc, match", [
        ({"x": [1.0, np.nan]}, ValueError, "x"),
        ({"x": "abc"}, TypeError, "x"),
        ({"fmt": "float8"}, ValueError, "fmt"),
        ({"fmt": None}, TypeError, "fmt"),
    ])
    def test_bad_input(self, kwargs, exc, match):
        args = {"x": [1.0], "fmt": "float16"} | kwargs
        with pytest.raises(exc, match=match):
            numerics.round_to_format(**args)


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
        # One rounding in the subtraction (none within a factor 2, by
        # Sterbenz) and one in the division: <= 2u(1 + u) relative.
        np.testing.assert_allclose(numerics.relative_error(approx, exact),
                                   expected, rtol=4 * U)

    def test_exact_zero_convention(self):
        got = numerics.relative_error([0.0, 1e-300, 2.0], [0.0, 0.0, 1.0])
        np.testing.assert_array_equal(got, [0.0, np.inf, 1.0])

    def test_non_finite_approx_reports_failure(self):
        """Planted fault: a NaN/inf approximation must never look accurate
        (a NaN error fails `err > tol` and so passes as "small")."""
        bad = [np.nan, np.inf, -np.inf]
        got = numerics.relative_error(bad, [1.0, 1.0, 1.0])
        np.testing.assert_array_equal(got, np.inf)
        got = numerics.absolute_error(bad, [1.0, 1.0, 1.0])
        np.testing.assert_array_equal(got, np.inf)
        dec = numerics.relative_error(bad, [Decimal(1)] * 3)
        np.testing.assert_array_equal(dec, np.inf)

    def test_decimal_reference_matches_mpmath(self):
        # Reference kept in 50 digits: error of fl(sqrt 2) is tiny, not 0.
        exact = numerics.decimal_eval(Decimal.sqrt, [2.0], as_decimal=True)
        got = numerics.relative_error(np.sqrt([2.0]), exact)[0]
        with mpmath.workdps(60):
            ref = float(abs(mpmath.mpf(np.sqrt(2.0)) - mpmath.sqrt(2))
                        / mpmath.sqrt(2))
        assert 0 < got <= U
        # Both round the same real number (to within 1e-33 relative, the
        # 50-digit reference error over a 1e-17 difference) to float64.
        assert got == pytest.approx(ref, rel=4 * U)

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
        # |x| * (1/x) and one division: <= 3 roundings on each side.
        np.testing.assert_allclose(got, 1 / np.abs(np.log(x)), rtol=8 * U)

    def test_finite_difference_default(self):
        x = np.array([0.3, 1.001, 5.0])
        got = numerics.condition_number(lambda t: t - 1, x)
        # f is linear (no truncation error); the central difference rounds
        # f(x +- h) by u max(|x|, 1) each and divides by 2h, h = eps^(1/3)
        # max(1, |x|): relative error <= 2u / eps^(1/3) ~ 7e-11, plus the
        # rounding of x +- h itself (same size).
        bound = 4 * U / np.cbrt(EPS)
        np.testing.assert_allclose(got, np.abs(x / (x - 1)), rtol=bound)

    def test_exp_is_abs_x(self):
        x = np.array([-3.0, 0.5, 20.0])
        got = numerics.condition_number(np.exp, x, h=1e-6)
        # Truncation h^2/6 ~ 2e-13; rounding of e^(x +- h) ~ u/h ~ 1e-10;
        # rounding of x + h moves the step by ulp(20)/2 ~ 1.8e-15, i.e.
        # 1.8e-9 of h. Sum < 2e-9 relative.
        np.testing.assert_allclose(got, np.abs(x), rtol=4e-9)

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
        # x + 1, two square roots (which halve incoming errors), one sum,
        # one division: about 3.5u; 8u = 4 eps bounds it.
        np.testing.assert_allclose(got, expected, rtol=4 * EPS, atol=0)

    def test_naive_agrees_at_small_x(self):
        x = np.array([0.0, 0.25, 1.0, 2.0])
        # The naive subtraction amplifies the roots' rounding (u each) by
        # kappa_- = (sqrt(x+1) + sqrt(x)) / (sqrt(x+1) - sqrt(x)); the
        # stable value is within 4u. Bound per point: (kappa_- + 4) u.
        a, b = np.sqrt(x + 1), np.sqrt(x)
        bound = ((a + b) / (a - b) + 4) * U
        stable = numerics.sqrt_diff_stable(x)
        err = np.abs(numerics.sqrt_diff_naive(x) - stable)
        assert np.all(err <= bound * stable)

    def test_naive_is_zero_when_x_plus_one_rounds_to_x(self):
        x = 2.0**60
        assert x + 1.0 == x
        assert numerics.sqrt_diff_naive([x])[0] == 0.0

    def test_reference_matches_mpmath(self):
        # Both are correct roundings of values accurate to ~1e-48: they can
        # differ only if the exact value lies that close to a tie.
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
        # Central difference with h = eps^(1/3) max(1, x): truncation
        # h^2 |f3/f1| / 6 with f3/f1 ~ 2/x^2 (third over first derivative),
        # i.e. <= eps^(2/3) ~ 4e-11, and rounding ~ 4u / eps^(1/3) ~ 1.5e-10.
        np.testing.assert_allclose(numerics.sqrt_diff_condition(x), fd,
                                   rtol=1e-8)
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
        # Against the float64-rounded reference the error moves by at most
        # the reference's own rounding, u relative to exact: |delta| <= 2u
        # absolute (atol); relative_error's own |a - b| / |b| adds <= 3u
        # relative to the error itself (rtol 4u).
        np.testing.assert_allclose(
            rep.err_naive,
            numerics.relative_error(rep.naive, rep.exact), rtol=4 * U,
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
        # libm's log1p is accurate to about 1 ulp = 2u.
        np.testing.assert_allclose(np.log1p(x), expected, rtol=2 * EPS)

    def test_log1p_naive_fine_for_moderate_x(self):
        x = np.array([0.5, 3.0, 100.0])
        # log(1 + x) with 1 + x rounded (u, amplified by 1/|log(1+x)| <=
        # 2.5 here) plus log's own ulp; log1p within an ulp: < 8u.
        np.testing.assert_allclose(numerics.log1p_naive(x), np.log1p(x),
                                   rtol=4 * EPS)

    def test_expm1_naive_cancels(self):
        x = 1e-10
        got = numerics.expm1_naive([x])[0]
        exact = mp_float(mpmath.expm1, x)
        assert abs(got - exact) / exact > 1e-8
        # libm's expm1 is accurate to about 1 ulp = 2u.
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
            expected = np.array(sorted(np.roots([a, b, c]).real, key=abs))
            # A root's absolute condition number is about
            # (|b| + 2|a||x|) / sqrt(b^2 - 4ac); np.roots (an eigenvalue
            # solver) and the formulas each err by a small multiple of
            # kappa u |x|_max; the naive one adds its cancellation,
            # kappa_- u with kappa_- <= b^2 / |ac| + 1.
            disc = np.sqrt(b * b - 4 * a * c)
            big = np.max(np.abs(expected))
            kappa = (abs(b) + 2 * abs(a) * big) / disc
            kappa_sub = (b * b) / abs(a * c) + 1
            tol = 64 * (kappa + kappa_sub) * U * big
            for f in (numerics.quadratic_roots_naive,
                      numerics.quadratic_roots_stable):
                got = np.array(f(a, b, c))
                assert np.all(np.abs(got - expected) <= tol)

    def test_stable_small_root_exact(self):
        # x^2 - 1e8 x + 1: small root (1e8 - sqrt(1e16 - 4)) / 2 ~ 1e-8.
        with mpmath.workdps(60):
            small = float((mpmath.mpf(10)**8 - mpmath.sqrt(
                mpmath.mpf(10)**16 - 4)) / 2)
        stable = numerics.quadratic_roots_stable(1.0, -1e8, 1.0)
        naive = numerics.quadratic_roots_naive(1.0, -1e8, 1.0)
        # stable: sqrt, add, two divisions, all well conditioned: <= 4u.
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
        # Both evaluate m + log(sum exp(a - m)): the sum of <= 24 terms in
        # [0, 1] errs by <= 24u relative (log of it: 24u absolute, plus
        # exp's ulp per term); relative to |LSE| that is 32 n u / |LSE|.
        got = numerics.logsumexp(a, axis=axis)
        want = special.logsumexp(a, axis=axis)
        tol = 32 * a.size * U / np.min(np.abs(want)) + 2 * U
        np.testing.assert_allclose(got, want, rtol=tol)

    def test_huge_and_tiny(self):
        # m + log(2) rounded once: <= u relative (2u for safety).
        assert numerics.logsumexp([1000.0, 1000.0]) == pytest.approx(
            1000.0 + np.log(2.0), rel=2 * U)
        assert numerics.logsumexp([-1000.0, -1000.0]) == pytest.approx(
            -1000.0 + np.log(2.0), rel=2 * U)

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
            # exp(a - m) has condition |a - m| (a few hundred here): each
            # weight carries up to ~(|a - m| + 8) u relative error, and
            # both implementations do: twice that bounds the difference.
            spread = float(np.max(np.abs(a - a.max(axis=axis,
                                                   keepdims=True))))
            np.testing.assert_allclose(numerics.softmax(a, axis=axis),
                                       special.softmax(a, axis=axis),
                                       rtol=2 * (spread + 8) * U,
                                       # weights below 1e-300 may be
                                       # subnormal: no relative accuracy
                                       atol=1e-300)

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


# ------------------------------------------------ issue 8: defect classes
# Powers of two that span the decimal scales 10^-300 .. 10^300: scaling by
# them is exact, so scale-invariant results must not move at all.
POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))
MODERATE = st.floats(1e-3, 1e3).flatmap(
    lambda v: st.sampled_from([v, -v]))


class TestScaleAndOverflow:
    @given(MODERATE, MODERATE, POW2)
    @settings(max_examples=200)
    def test_relative_error_is_scale_invariant(self, a, e, j):
        """relerr(2^j a, 2^j e) == relerr(a, e) exactly, j up to +-997."""
        base = numerics.relative_error([a], [e])[0]
        scaled = numerics.relative_error([math.ldexp(a, j)],
                                         [math.ldexp(e, j)])[0]
        assert scaled == base

    def test_relative_error_does_not_overflow(self):
        got = numerics.relative_error([1e308, 1e-323, 1.0],
                                      [-1e308, 5e-324, 5e-324])
        # 2, exactly 1 (two ulps of the smallest subnormal), and a ratio
        # beyond the float range reported as inf, without a warning.
        np.testing.assert_array_equal(got, [2.0, 1.0, np.inf])

    def test_subtraction_condition_at_the_extremes(self):
        got = numerics.subtraction_condition([1e308, 5e-324], [-1e308, 0.0])
        np.testing.assert_array_equal(got, [1.0, 1.0])

    @pytest.mark.parametrize("a, b, c", [
        (1.0, 1e155, 1.0), (1.0, -1e200, 1.0), (1e-300, 1.0, 1e-300),
        (1e300, -3e300, 2e300), (1.0, 0.0, -1e300), (3e-310, 1e-300, -2e-310),
        (1e-200, 1e-100, -1e100),
    ])
    def test_quadratic_roots_where_float64_holds_them(self, a, b, c):
        """Issue example: (1, 1e155, 1) gave (-0, -inf). Compared with
        mpmath at 60 digits; the stable roots are well conditioned here and
        within 4u (plus the rounding of the coefficients' scaling: none)."""
        with mpmath.workdps(60):
            A, B, C = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(c)
            d = mpmath.sqrt(B * B - 4 * A * C)
            exact = sorted([(-B + d) / (2 * A), (-B - d) / (2 * A)],
                           key=abs)
            # the cancelling one recomputed stably as a product
            q = -(B + mpmath.sign(B or 1) * d) / 2
            exact = sorted([q / A, C / q], key=abs)
            exact = [float(r) for r in exact]
        got = numerics.quadratic_roots_stable(a, b, c)
        for g, e in zip(sorted(got), sorted(exact)):   # ties in |.|: sort
            assert g == pytest.approx(e, rel=8 * U, abs=0)

    def test_quadratic_root_beyond_the_range_is_an_error(self):
        with pytest.raises(ValueError, match="outside the float64 range"):
            numerics.quadratic_roots_stable(5e-324, 1.0, -1.0)
        with pytest.raises(ValueError, match="outside the float64 range"):
            numerics.quadratic_roots_naive(1e-300, 1e300, 0.0)

    @given(MODERATE, MODERATE, POW2.filter(lambda j: abs(j) <= 490))
    @settings(max_examples=200)
    def test_quadratic_scale_laws(self, r1, r2, j):
        """Coefficients times 2^j: same roots; x -> 2^j x: roots times
        2^j. Both exactly (the scalings are powers of two)."""
        b, c = -(r1 + r2), r1 * r2
        if b * b - 4 * c < 0 or c == 0:
            return
        for f in (numerics.quadratic_roots_stable,
                  numerics.quadratic_roots_naive):
            base = f(1.0, b, c)
            assert f(math.ldexp(1.0, j), math.ldexp(b, j),
                     math.ldexp(c, j)) == base
            assert f(1.0, math.ldexp(b, j), math.ldexp(c, 2 * j)) == tuple(
                math.ldexp(r, j) for r in base)

    def test_quadratic_scaling_keeps_the_textbook_bits(self):
        """The scaling changes no rounding in the normal range: the chapter's
        demonstration of cancellation is the textbook one, bit for bit."""
        a, b, c = 1.0, 1e5, 1.0
        s = math.sqrt(b * b - 4 * a * c)
        textbook = sorted([(-b + s) / (2 * a), (-b - s) / (2 * a)], key=abs)
        assert tuple(numerics.quadratic_roots_naive(a, b, c)) == tuple(
            textbook)

    def test_logsumexp_and_softmax_at_extreme_scores(self):
        a = np.array([1e308, -1e308, 1e308])
        assert numerics.logsumexp(a) == 1e308
        np.testing.assert_array_equal(numerics.softmax(a), [0.5, 0.0, 0.5])

    def test_ulp_outside_the_dtype_range(self):
        with pytest.raises(ValueError, match="x must lie within the range"):
            numerics.ulp([1e39], dtype=np.float32)

    def test_condition_number_of_an_overflowing_f(self):
        with pytest.raises(ValueError, match="f.x. and its derivative"):
            numerics.condition_number(np.exp, [800.0])
        # kappa beyond the float range: inf, no warning
        got = numerics.condition_number(lambda t: t, [1e300],
                                        df=lambda t: 1e300 * np.ones_like(t))
        assert got[0] == np.inf


class TestOracle:
    """Class 3: a reference chooses its precision from its input."""

    @pytest.mark.parametrize("k", [0, 10, 17, 35, 49, 50, 100, 200, 300, 308])
    def test_reference_against_an_independent_oracle(self, k):
        """The decimal reference (naive formula, adaptive digits) against
        mpmath's conjugate formula (no cancellation) at 80 digits: they
        share no step. 50 correct digits: relative gap <= 1e-48."""
        x = 10.0**k
        ref = numerics.sqrt_diff_reference([x], as_decimal=True)[0]
        with mpmath.workdps(80):
            X = mpmath.mpf(x)
            oracle = 1 / (mpmath.sqrt(X + 1) + mpmath.sqrt(X))
            gap = abs(mpmath.mpf(str(ref)) - oracle) / oracle
        assert gap < mpmath.mpf("1e-48")

    def test_stable_error_measured_correctly_at_huge_x(self):
        """The issue: from x ~ 1e35 the 50-digit reference was wrong, and
        the stable formula's error came out as inf from 1e50 on."""
        x = np.array([1e35, 1e49, 1e50, 1e200, 1e308])
        rep = numerics.cancellation_experiment(x)
        assert np.all(rep.err_stable <= 4 * EPS)      # see the figure claim
        np.testing.assert_array_equal(rep.err_naive, 1.0)

    def test_fixed_precision_that_cancels_completely_is_refused(self):
        with pytest.raises(ValueError, match="digits=40 is too few"):
            numerics.sqrt_diff_reference([1e100], digits=40)
        # ... but a fixed precision that keeps a few digits still works,
        # as the chapter's pitfall shows (20 digits at 3.7e17 keep ~2).
        truth = numerics.sqrt_diff_reference([3.7e17], as_decimal=True)
        ref20 = numerics.sqrt_diff_reference([3.7e17], digits=20)
        err = numerics.relative_error(ref20, truth)[0]
        assert 1e-6 < err < 1e-1


class TestReinterpretation:
    """Class 5: nothing is silently read as a number it is not."""

    @pytest.mark.parametrize("bad", [
        [3 + 4j], "4", ["4"], [True, False], None, [1.0, None],
        np.array([1, 2], dtype=object).astype(str)])
    def test_inputs_that_are_not_real_numbers(self, bad):
        with pytest.raises(TypeError, match="x"):
            numerics.sqrt_diff_stable(bad)

    @pytest.mark.parametrize("bad", [True, "1.0", 1 + 0j, None, [1.0]])
    def test_scalars_that_are_not_real_scalars(self, bad):
        with pytest.raises((TypeError, ValueError), match="b"):
            numerics.quadratic_roots_stable(1.0, bad, 1.0)

    def test_decimal_eval_inputs(self):
        for bad in ([None], [1j], [[1.0], [1.0, 2.0]], [True]):
            with pytest.raises(TypeError, match="x"):
                numerics.decimal_eval(Decimal.sqrt, bad)
        with pytest.raises(ValueError, match="func failed"):
            numerics.decimal_eval(Decimal.sqrt, [-1.0])
        with pytest.raises(ValueError, match="digits"):
            numerics.decimal_eval(Decimal.sqrt, [1.0], digits=2**40)

    @pytest.mark.parametrize("axis", [0.5, "0", True, [0]])
    def test_axis_must_be_an_integer(self, axis):
        with pytest.raises(TypeError, match="axis"):
            numerics.logsumexp([[1.0, 2.0]], axis=axis)
        with pytest.raises(TypeError, match="axis"):
            numerics.softmax([[1.0, 2.0]], axis=axis)

    def test_axis_out_of_range_names_both(self):
        with pytest.raises(ValueError, match="axis.*a has 1 dimension"):
            numerics.logsumexp([1.0, 2.0], axis=1)


# ------------------------------------- chapter 3 revision: backward error
def _mp_backward_error(x, y_hat, dps=60):
    """Independent oracle with mpmath: solve f(x*) = y_hat for x* >= 0 by
    bisection on the decreasing f(t) = sqrt(t+1) - sqrt(t), then
    |x* - x|/x."""
    with mpmath.workdps(dps):
        y = mpmath.mpf(y_hat)
        f = lambda t: mpmath.sqrt(t + 1) - mpmath.sqrt(t)  # noqa: E731
        lo, hi = mpmath.mpf(0), mpmath.mpf(1)
        while f(hi) > y:
            hi *= 2
        for _ in range(400):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) > y else (lo, mid)
        return float(abs((lo + hi) / 2 - x) / x)


class TestSqrtDiffBackwardError:
    def test_against_mpmath_bisection(self):
        x = np.array([1.0, 3.0, 1e4, 1e8, 1e12, 1e15])
        for y_hat in (numerics.sqrt_diff_naive(x),
                      numerics.sqrt_diff_stable(x)):
            got = numerics.sqrt_diff_backward_error(x, y_hat)
            want = [_mp_backward_error(a, b) for a, b in zip(x, y_hat)]
            # both sides carry ~50 correct digits before one rounding to
            # float64; eta can be tiny, so compare relatively, to 4u
            np.testing.assert_allclose(got, want, rtol=4 * U, atol=0)

    def test_no_input_gives_zero_or_more_than_one(self):
        """inf {} = +inf: f maps [0, inf) onto (0, 1]."""
        got = numerics.sqrt_diff_backward_error([1e17, 5.0, 5.0, 0.0, 0.0],
                                                [0.0, -1e-3, 1.5, 1.0, 0.5])
        assert got.tolist() == [np.inf, np.inf, np.inf, 0.0, np.inf]

    def test_stable_formula_is_backward_stable(self):
        """Chapter 3: the conjugate form's backward error is a few u. Its
        forward error is <= 3u (three roundings and a division), and
        eta ~ forward / kappa_f with kappa_f >= 0.35 for x >= 1: <= 9u."""
        x = np.logspace(0, 300, 301)
        eta = numerics.sqrt_diff_backward_error(
            x, numerics.sqrt_diff_stable(x))
        assert np.all(eta <= 9 * U)

    def test_naive_backward_error_is_forward_error_over_kappa(self):
        """Chapter 3 (code to math): to first order forward error =
        kappa_f x backward error. The naive formula's eta agrees with
        err / kappa_f to a relative O(err) (here err <= 1e-5: 1e-4 with
        room), and eta/u grows like x (log-log slope 1)."""
        x = 10.0 ** np.arange(1, 13)
        rep = numerics.cancellation_experiment(x)
        eta = numerics.sqrt_diff_backward_error(x, rep.naive)
        kappa = numerics.sqrt_diff_condition(x)
        np.testing.assert_allclose(eta, rep.err_naive / kappa, rtol=1e-4)
        slope = fitting.loglog_slope(x, eta)
        assert 0.8 <= slope <= 1.2
        assert eta[-1] > 1e6 * U          # far from backward stable

    def test_bad_input(self):
        with pytest.raises(ValueError, match="x"):
            numerics.sqrt_diff_backward_error([-1.0], [0.5])
        with pytest.raises(ValueError, match="y_hat"):
            numerics.sqrt_diff_backward_error([1.0], [np.nan])
        with pytest.raises(ValueError, match="y_hat"):
            numerics.sqrt_diff_backward_error([1.0, 2.0], [0.1, 0.2, 0.3])
