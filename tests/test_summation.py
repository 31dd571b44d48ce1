"""Tests for execmath.summation against math.fsum, NumPy and exact rationals."""

import functools
import math
import operator
from fractions import Fraction

import numpy as np
import pytest

from execmath import fitting, numerics
from hypothesis import given, settings
from hypothesis import strategies as st

from execmath import summation as sm

F32 = np.float32


def _python_naive(values, zero):
    """Independent oracle: the textbook left-to-right loop."""
    s = zero
    out = []
    for v in values:
        s = s + v
        out.append(s)
    return out


def _recursive_pairwise(x):
    """Independent oracle: split in halves recursively (n a power of 2)."""
    if x.size == 1:
        return x[0]
    h = x.size // 2
    return _recursive_pairwise(x[:h]) + _recursive_pairwise(x[h:])


def _exact(x32):
    """Exact sum with rationals, rounded once to float64."""
    return float(sum(Fraction(float(v)) for v in x32))


# -------------------------------------------------------------- naive summation
def test_naive_cumsum_matches_python_loop_float32():
    x = np.random.default_rng(0).random(2000).astype(F32)
    expected = np.array(_python_naive(x, F32(0)), dtype=F32)
    np.testing.assert_array_equal(sm.naive_cumsum(x), expected)


def test_naive_sum_matches_python_left_fold_float64():
    # functools.reduce(operator.add) is left to right in binary64 on every
    # Python (the built-in sum is compensated from Python 3.12 on, so it
    # is no oracle for naive summation on some versions)
    x = np.random.default_rng(1).standard_normal(3000)
    assert sm.naive_sum(x) == functools.reduce(operator.add, x.tolist())


def test_naive_sum_dtype_and_rounding():
    s = sm.naive_sum([0.1] * 10, dtype="float32")
    assert isinstance(s, np.float32)
    assert float(s) == float(_python_naive([F32(0.1)] * 10, F32(0))[-1])


def test_naive_sum_empty_is_zero():
    assert sm.naive_sum([]) == 0.0


def test_naive_float32_of_many_tenths_is_far_off():
    """The classic: a million float32 dimes do not make 100,000."""
    x = np.full(10**6, 0.1, dtype=F32)
    rel = abs(float(sm.naive_sum(x)) - sm.exact_sum(x)) / sm.exact_sum(x)
    assert rel > 1e-3


@pytest.mark.parametrize("bad", [[[1.0, 2.0]], ["a", "b"], [1.0, np.nan],
                                 [1.0, np.inf]])
def test_naive_bad_x(bad):
    with pytest.raises(ValueError, match="x"):
        sm.naive_sum(bad)
    with pytest.raises(ValueError, match="x"):
        sm.naive_cumsum(bad)


def test_cast_overflow_is_reported():
    with pytest.raises(ValueError, match="x must be finite in float16"):
        sm.naive_sum([1e6], dtype=np.float16)


# --------------------------------------------------------------- Kahan
def test_kahan_cumsum_matches_numpy_scalar_loop():
    x = np.random.default_rng(2).random(500).astype(F32)
    s, c, out = F32(0), F32(0), []
    for v in x:
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
        out.append(s)
    np.testing.assert_array_equal(sm.kahan_cumsum(x), np.array(out, F32))
    assert sm.kahan_sum(x) == out[-1]


def test_kahan_float64_python_path_equals_numpy_scalar_path():
    # Python floats and np.float64 scalars are the same IEEE arithmetic
    x = np.random.default_rng(3).standard_normal(400)
    s, c = np.float64(0), np.float64(0)
    for v in x:
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    assert sm.kahan_sum(x) == s


@pytest.mark.parametrize("seed", range(5))
def test_kahan_within_bound_against_fsum(seed):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(20_000) * 10.0 ** rng.uniform(-3, 3, 20_000))
    x32 = x.astype(F32)
    err = abs(float(sm.kahan_sum(x32)) - sm.exact_sum(x32))
    # first-order bound; the O(n u^2) term is < 1e-3 of it for n u ~ 1e-3
    assert err <= 1.01 * sm.error_bound(x32, "kahan")


def test_kahan_float64_matches_fsum_to_u():
    x = np.random.default_rng(4).random(50_000)
    exact = math.fsum(x.tolist())
    assert abs(sm.kahan_sum(x) - exact) <= 2 * numerics.unit_roundoff() * exact


def test_kahan_bad_input():
    with pytest.raises(ValueError, match="x"):
        sm.kahan_sum(np.ones((2, 2)))
    with pytest.raises(ValueError, match="dtype"):
        sm.kahan_cumsum([1.0], dtype=np.int32)


# --------------------------------------------------------------- pairwise
@pytest.mark.parametrize("k", [0, 1, 5, 10])
def test_pairwise_equals_recursive_halving(k):
    x = np.random.default_rng(k).random(2**k).astype(F32)
    assert sm.pairwise_sum(x) == _recursive_pairwise(x)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 1000, 4097])
def test_pairwise_within_bound(n):
    x = np.random.default_rng(n).standard_normal(n).astype(F32)
    err = abs(float(sm.pairwise_sum(x)) - sm.exact_sum(x))
    assert err <= sm.error_bound(x, "pairwise") * 1.001 + 0.0


def test_pairwise_close_to_numpy_sum():
    # np.sum is blocked pairwise: same error class, not bitwise the same
    x = np.full(10**6, 0.1, dtype=F32)
    exact = sm.exact_sum(x)
    u = numerics.unit_roundoff(F32)
    # pairwise: ceil(log2 n) u = 20u. np.sum: blocks of 128 summed by 8
    # accumulators (16 additions each, 3 to combine), then a tree over
    # n/128 blocks: (16 + 3 + ceil(log2(n/128))) u = 32u (summands > 0, so
    # the relative error bound is the absolute one over the sum).
    bounds = {"pairwise": math.ceil(math.log2(x.size)) * u,
              "np.sum": (19 + math.ceil(math.log2(x.size / 128))) * u}
    for name, s in (("pairwise", sm.pairwise_sum(x)), ("np.sum", np.sum(x))):
        assert abs(float(s) - exact) / exact <= bounds[name]


def test_pairwise_empty_and_bad():
    assert sm.pairwise_sum(np.array([], dtype=F32)) == 0
    with pytest.raises(ValueError, match="x"):
        sm.pairwise_sum({"a": 1})


# --------------------------------------------------------------- exact_sum
def test_exact_sum_matches_fractions():
    x = np.random.default_rng(5).standard_normal(300).astype(F32)
    assert sm.exact_sum(x) == _exact(x)


def test_exact_sum_classic_cancellation():
    assert sm.exact_sum([1e16, 1.0, -1e16]) == 1.0
    assert sm.naive_sum([1e16, 1.0, -1e16]) == 0.0


def test_exact_sum_bad():
    with pytest.raises(ValueError, match="x"):
        sm.exact_sum([[1.0]])


# --------------------------------------------------------------- error_bound
def test_error_bound_values():
    x = np.array([1.0, -2.0, 3.0, 4.0])
    u = numerics.unit_roundoff()
    assert sm.error_bound(x, "naive") == 3 * u * 10
    assert sm.error_bound(x, "pairwise") == 2 * u * 10
    assert sm.error_bound(x, "kahan") == 2 * u * 10
    assert sm.error_bound([5.0], "pairwise") == 0.0


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1,
                max_size=200))
@settings(max_examples=60, deadline=None)
def test_naive_error_within_bound_property(values):
    x = np.array(values, dtype=F32)
    err = abs(float(sm.naive_sum(x)) - _exact(x))
    # γ_{n-1} = (n-1)u / (1-(n-1)u) is the rigorous form of the bound
    n, u = x.size, numerics.unit_roundoff(F32)
    gamma = (n - 1) * u / (1 - (n - 1) * u)
    total = float(sum(Fraction(abs(float(v))) for v in x))
    assert err <= gamma * total * (1 + 1e-12) + 1e-300


def test_error_bound_bad_method():
    with pytest.raises(ValueError, match="method"):
        sm.error_bound([1.0], "fancy")


# --------------------------------------------------------------- experiment
def test_summation_errors_record():
    x = np.full(1000, 0.1, dtype=F32)
    res = sm.summation_errors(x, [10, 100, 1000])
    assert res.dtype == "float32"
    assert res.u == 2.0**-24
    np.testing.assert_array_equal(res.n, [10, 100, 1000])
    for n, ex in zip(res.n, res.exact):
        assert ex == _exact(x[:n])
    naive = abs(float(np.cumsum(x, dtype=F32)[99]) - res.exact[1])
    assert res.naive[1] == naive / res.exact[1]
    assert res.kahan[2] == abs(float(sm.kahan_sum(x)) - res.exact[2]) \
        / res.exact[2]


def test_summation_errors_zero_exact_sum():
    res = sm.summation_errors([1.0, -1.0, 0.5], [2, 3])
    assert res.naive[0] == 0.0
    assert res.naive[1] == 0.0


@pytest.mark.parametrize("ns", [[0, 5], [5, 5], [3, 2], [1, 11], [1.5],
                                [[1, 2]], []])
def test_summation_errors_bad_ns(ns):
    with pytest.raises(ValueError, match="ns"):
        sm.summation_errors(np.ones(10), ns)


def test_summation_errors_bad_x():
    with pytest.raises(ValueError, match="x"):
        sm.summation_errors(np.ones((2, 5)), [1])


# --------------------------------------------------------------- figure claim
# Same data as the chapter's Fig. fig-py-summation-error.
FIG_N = 10**6
FIG_NS = fitting.geomspace_int(10, FIG_N, 21)


@pytest.fixture(scope="module")
def fig_result():
    x = np.full(FIG_N, 0.1, dtype=F32)
    return sm.summation_errors(x, FIG_NS)


def test_claim_fig_py_summation_error(fig_result):
    """Fig. fig-py-summation-error: "Left, log-log axes: the naive
    left-to-right error climbs roughly in proportion to n and stays under
    its worst-case bound (n-1)u. Right, in units of u: pairwise summation
    (squares) and Kahan's compensated sum (triangles) stay below 1.5u at
    every n, far under their bounds ceil(log2 n) u and 2u (dashed)."

    Tested as: Kahan <= 2u at every n up to a million float32 summands;
    pairwise <= ceil(log2 n) u; both <= 1.5u; naive log-log slope > 0.5,
    naive <= (n-1)u, and naive at the largest n >= 100 x Kahan's error."""
    res = fig_result
    u = res.u
    assert np.all(res.kahan <= 2 * u)
    slope = fitting.loglog_slope(res.n, res.naive)
    assert slope > 0.5
    assert res.naive[-1] >= 100 * max(res.kahan[-1], u)
    # the naive error respects its worst-case bound (n-1)u at every n
    assert np.all(res.naive <= (res.n - 1) * u)
    # pairwise sits in between: bounded by ceil(log2 n) u
    assert np.all(res.pairwise <= np.ceil(np.log2(res.n)) * u)
    # the caption's "at or below about u": neither exceeds 1.5u
    assert max(res.kahan.max(), res.pairwise.max()) <= 1.5 * u


# ------------------------------------------------ issue 8: defect classes
@pytest.mark.parametrize("func", [sm.naive_sum, sm.kahan_sum,
                                  sm.pairwise_sum, sm.exact_sum])
def test_no_spurious_overflow(func):
    """Issue example: kahan_sum([1e308, 1e308, -1e308]) gave NaN. The
    partial sum 2e308 overflows, the sum 1e308 does not; the summands are
    scaled by a power of two (exact), so every method gets it right."""
    assert float(func([1e308, 1e308, -1e308])) == 1e308
    assert float(func([-1e308, -1e308, 1e308, 5.0])) == -1e308


@pytest.mark.parametrize("func", [sm.naive_sum, sm.kahan_sum,
                                  sm.pairwise_sum, sm.exact_sum,
                                  sm.naive_cumsum, sm.kahan_cumsum])
def test_a_sum_beyond_the_range_is_an_error(func):
    with pytest.raises(ValueError, match="beyond the float64 range"):
        func([1e308, 1e308])
    if func is not sm.exact_sum:        # exact_sum answers in float64
        with pytest.raises(ValueError, match="beyond the float16 range"):
            func(np.full(3, 6e4), dtype=np.float16)


def test_scaling_changes_no_bits_in_the_normal_range():
    """The overflow guard only acts when needed: the naive float32 sum of
    the chapter's dimes is the plain left-to-right loop."""
    x = np.full(1000, 0.1, dtype=F32)
    assert sm.naive_sum(x) == _python_naive(x, F32(0))[-1]


@pytest.mark.parametrize("j", [-1000, -500, 0, 500, 960])
def test_relative_errors_are_scale_invariant(j):
    """summation_errors(2^j x) == summation_errors(x): every algorithm does
    the same roundings on exactly scaled summands (j spans 10^-301 to
    10^289; the summands stay normal)."""
    x = np.random.default_rng(7).standard_normal(300) + 2.0
    a = sm.summation_errors(x, [10, 100, 300])
    b = sm.summation_errors(np.ldexp(x, j), [10, 100, 300])
    for field in ("naive", "pairwise", "kahan"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    np.testing.assert_array_equal(b.exact, np.ldexp(a.exact, j))


def test_error_bound_of_huge_summands():
    x = [1e308, -1e308, 1e308]
    assert sm.error_bound(x, "naive") == pytest.approx(
        2 * numerics.unit_roundoff() * 1e308 * 3,
        rel=4 * numerics.unit_roundoff())


@pytest.mark.parametrize("bad", [[1 + 2j], [True, False], ["1", "2"], None,
                                 [[1.0], [1.0, 2.0]], "12"])
def test_inputs_that_are_not_real_numbers(bad):
    with pytest.raises(TypeError, match="x"):
        sm.naive_sum(bad)


def test_method_of_the_wrong_type():
    with pytest.raises(TypeError, match="method"):
        sm.error_bound([1.0], ["naive"])


def test_empty_x_in_the_experiment_names_x():
    with pytest.raises(ValueError, match="x must not be empty"):
        sm.summation_errors([], [1])
    with pytest.raises(ValueError, match=r"len\(x\) = 3"):
        sm.summation_errors([1.0, 2.0, 3.0], [1, 5])


# ------------------------------------------- chapter 2 revision: Neumaier
def _neumaier_python(values):
    """Independent oracle: Neumaier's recurrence typed from the paper."""
    s, c = 0.0, 0.0
    for v in values:
        t = s + v
        c += (s - t) + v if abs(s) >= abs(v) else (v - t) + s
        s = t
    return s + c


def test_neumaier_keeps_what_kahan_loses():
    """Chapter 2 (pitfalls): [1e16, 1, -1e16] sums to 1 with Neumaier's
    recurrence; Kahan's folds the correction into -1e16 and returns 0."""
    z = [1e16, 1.0, -1e16]
    assert float(sm.neumaier_sum(z)) == 1.0 == math.fsum(z)
    assert float(sm.kahan_sum(z)) == 0.0
    assert float(sm.naive_sum(z)) == 0.0


def test_neumaier_matches_the_textbook_loop():
    x = np.random.default_rng(3).standard_normal(500) * 10.0 ** \
        np.random.default_rng(4).integers(-10, 11, 500)
    assert float(sm.neumaier_sum(x)) == _neumaier_python(x.tolist())


@settings(max_examples=200)
@given(st.lists(st.floats(min_value=-1e12, max_value=1e12,
                          allow_nan=False, allow_infinity=False),
                min_size=1, max_size=60))
def test_neumaier_error_bound(xs):
    """eq-py-neumaier-bound (Neumaier 1974, IV.12):
    |s - S| <= u|S| + (3/4 n^2 + n) u^2 sum|x_i|."""
    u = numerics.unit_roundoff()
    exact = _exact(np.array(xs))            # Fraction sum, rounded once
    err = abs(float(sm.neumaier_sum(xs)) - exact)
    n, total = len(xs), math.fsum(abs(v) for v in xs)
    # the reference is itself rounded once: another u|S|; 1.01 absorbs
    # the rounding of the right-hand side's own evaluation
    assert err <= 1.01 * (2 * u * abs(exact)
                          + (0.75 * n * n + n) * u * u * total)


def test_neumaier_in_float32_needs_n_below_one_over_sqrt_u():
    """Chapter 2 (math to code): on a million float32 dimes Neumaier's
    error lies between Kahan's and the naive one, within
    eq-py-neumaier-bound; its second-order term dominates because
    n >> u^(-1/2) = 2^12 in float32."""
    x = np.full(10**6, 0.1, dtype=F32)
    exact = sm.exact_sum(x)
    u = numerics.unit_roundoff(np.float32)
    err = {m: abs(float(f(x)) - exact) / exact for m, f in
           [("neumaier", sm.neumaier_sum), ("kahan", sm.kahan_sum),
            ("naive", sm.naive_sum)]}
    assert err["kahan"] <= 2 * u
    assert 100 * u < err["neumaier"] < err["naive"] / 10
    n = x.size
    assert err["neumaier"] <= u + (0.75 * n * n + n) * u * u  # sum|x| = S


def test_neumaier_bad_input():
    with pytest.raises(ValueError, match="x"):
        sm.neumaier_sum([1.0, np.nan])
    with pytest.raises(ValueError, match="x"):
        sm.neumaier_sum(np.ones((2, 2)))
    with pytest.raises(ValueError, match="dtype"):
        sm.neumaier_sum([1.0], dtype=np.int32)
    assert float(sm.neumaier_sum([])) == 0.0


def test_builtin_sum_by_python_version():
    """Chapter 2: up to Python 3.11 the builtin sum of floats is the
    left-to-right loop; from 3.12 on it is Neumaier's recurrence. Both
    statements are checked bit for bit on whichever Python runs this."""
    import sys
    rng = np.random.default_rng(9)
    xs = (rng.standard_normal(5000)
          * 10.0 ** rng.integers(-8, 9, 5000)).tolist()
    tenths = [0.1] * 10
    if sys.version_info >= (3, 12):
        assert sum(xs) == float(sm.neumaier_sum(xs))
        assert sum(tenths) == 1.0
        assert sum([1e16, 1.0, -1e16]) == 1.0
    else:
        assert sum(xs) == float(sm.naive_sum(xs))
        assert sum(tenths) == 0.9999999999999999
    # the explicit loop of the chapter is version independent
    s = 0.0
    for v in tenths:
        s += v
    assert s == 0.9999999999999999 == float(sm.naive_sum(tenths))


def test_numpy_sum_order_depends_on_the_axis():
    """Chapter 2 (code to math): np.sum along axis 0 of a C-ordered (n, 4)
    float32 table is recursive summation, bit for bit, with error growing
    like n; np.cumsum is sequential; along the contiguous axis np.sum is
    pairwise-accurate (a few u)."""
    n = 200_000
    x = np.full(n, 0.1, dtype=F32)
    table = np.full((n, 4), 0.1, dtype=F32)
    naive = sm.naive_sum(x)
    assert np.all(np.sum(table, axis=0) == naive)
    assert np.cumsum(x)[-1] == naive
    u = numerics.unit_roundoff(np.float32)
    exact = sm.exact_sum(x)
    assert abs(float(np.sum(x)) - exact) / exact <= 8 * u
    assert abs(float(naive) - exact) / exact > 1000 * u
    # accumulating in float64 along the slow axis repairs it (one rounding
    # of a float64 sum with error <= n u64, then nothing else)
    s64 = np.sum(table, axis=0, dtype=np.float64)[0]
    assert abs(s64 - exact) / exact <= n * 2.0**-53
