"""Tests for execmath._validate: the messages every module's users see."""

import numpy as np
import pytest

from execmath import _validate as v


def test_as_float_array_converts_and_checks_ndim():
    out = v.as_float_array([1, 2, 3], "x", ndim=1)
    assert out.dtype == np.float64 and out.shape == (3,)
    with pytest.raises(ValueError, match=r"x must be 2-D, got shape \(3,\)"):
        v.as_float_array([1, 2, 3], "x", ndim=2)


@pytest.mark.parametrize("bad, match", [
    ([1.0, np.nan], r"x must be finite, got 1 NaN/inf entries in shape \(2,\)"),
    ([], r"x must not be empty"),
    ("abc", r"x must be a real number or an array of real numbers, got a "
            r"string"),
])
def test_as_float_array_rejects(bad, match):
    with pytest.raises(ValueError, match=match):
        v.as_float_array(bad, "x")


def test_as_float_array_allows_nan_and_empty_when_asked():
    assert np.isnan(v.as_float_array([np.nan], "x", allow_nan=True)).all()
    assert v.as_float_array([], "x", allow_empty=True).size == 0


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "4"])
def test_check_positive_int(bad):
    assert v.check_positive_int(4, "n") == 4
    with pytest.raises(ValueError, match="n must be"):
        v.check_positive_int(bad, "n")


@pytest.mark.parametrize("bad", [np.inf, "x", None])
def test_check_finite_scalar(bad):
    assert v.check_finite_scalar(np.float32(2.5), "h") == 2.5
    with pytest.raises(ValueError, match="h must be"):
        v.check_finite_scalar(bad, "h")
    with pytest.raises(ValueError, match="h must be > 0"):
        v.check_finite_scalar(0.0, "h", positive=True)


def test_check_rng_requires_a_generator():
    rng = np.random.default_rng(0)
    assert v.check_rng(rng) is rng
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        v.check_rng(42)


def test_check_increasing_sizes():
    np.testing.assert_array_equal(v.check_increasing_sizes([1, 10, 100], "at", 100),
                                  [1, 10, 100])
    with pytest.raises(ValueError, match=r"at must increase strictly within \[1, 50\]"):
        v.check_increasing_sizes([1, 10, 100], "at", 50)
    with pytest.raises(ValueError, match="at must be a non-empty 1-D integer"):
        v.check_increasing_sizes([1.0, 2.0], "at", 5)


# --------------------------------------------------------------------------
# issue 8: nothing is silently reinterpreted as a number
# --------------------------------------------------------------------------
import math  # noqa: E402
from decimal import Decimal  # noqa: E402
from fractions import Fraction  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.mark.parametrize("bad", [
    [3 + 4j], np.array([1.0 + 0j]), 1j,                 # complex (was: cut)
    True, [True, False], np.array([1, 0], dtype=bool),  # bools
    "4", ["1", "2"], b"4", np.array(["1.5"]),           # numeric text
    None, [1.0, None], [[1.0], [1.0, 2.0]],             # None, ragged
    [object()], np.array([1, "a"], dtype=object),       # objects
])
def test_as_float_array_rejects_what_is_not_a_real_number(bad):
    with pytest.raises(TypeError, match="x"):
        v.as_float_array(bad, "x", allow_nan=True)


def test_type_errors_are_also_value_errors():
    """InputTypeError keeps `except ValueError` code working."""
    with pytest.raises(ValueError):
        v.as_float_array("4", "x")
    assert issubclass(v.InputTypeError, TypeError)
    assert issubclass(v.RangeError, ValueError)


@pytest.mark.parametrize("good, want", [
    ([1, 2], [1.0, 2.0]), (np.array([1, 2], dtype=np.int8), [1.0, 2.0]),
    (np.float32(2.5), 2.5), ([10**20], [1e20]),            # huge int: object
    ([Fraction(1, 4), Decimal("0.5")], [0.25, 0.5]),
    (np.array([1.5], dtype=np.longdouble), [1.5]),
])
def test_as_float_array_accepts_real_numbers(good, want):
    np.testing.assert_array_equal(v.as_float_array(good, "x"), want)


def test_as_float_array_integers_beyond_the_range():
    with pytest.raises(ValueError, match="outside the float64 range"):
        v.as_float_array([10**400], "x")


def test_as_float_array_refuses_huge_arrays_by_name():
    huge = np.broadcast_to(np.float64(0.0), (v.MAX_ELEMENTS + 1,))
    with pytest.raises(ValueError, match="x has"):
        v.as_float_array(huge, "x")


@pytest.mark.parametrize("bad", [True, "2", 2j, None, [2.0], np.array([2.0]),
                                 10**400])
def test_check_finite_scalar_rejects(bad):
    with pytest.raises((TypeError, ValueError), match="h"):
        v.check_finite_scalar(bad, "h")


def test_check_finite_scalar_accepts_real_scalars():
    for good in (2, 2.5, np.int64(2), np.float32(2.5), np.array(2.0),
                 Fraction(1, 2), Decimal("0.5")):
        assert v.check_finite_scalar(good, "h") == float(good)


def test_check_positive_int_maximum_and_types():
    assert v.check_positive_int(5, "n", maximum=5) == 5
    with pytest.raises(ValueError, match="n must be <= 5"):
        v.check_positive_int(6, "n", maximum=5)
    with pytest.raises(TypeError, match="n must be an integer"):
        v.check_positive_int(2.0, "n")


def test_check_callable_choice_axis_and_size():
    with pytest.raises(TypeError, match="f must be callable"):
        v.check_callable(3, "f")
    with pytest.raises(TypeError, match="method"):
        v.check_choice(["a"], "method", ("a", "b"))     # unhashable
    with pytest.raises(ValueError, match="method must be one of"):
        v.check_choice("c", "method", ("a", "b"))
    assert v.check_axis(-1, 3) == 2
    with pytest.raises(TypeError, match="axis"):
        v.check_axis(0.5, 2)
    with pytest.raises(ValueError, match="axis.*a has 2 dimension"):
        v.check_axis(2, 2, array="a")
    with pytest.raises(ValueError, match="n asks for"):
        v.check_result_size(v.MAX_ELEMENTS + 1, "n")


POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))


@given(st.lists(st.floats(0.5, 2.0), min_size=1, max_size=8), POW2)
@settings(max_examples=100)
def test_norm2_is_homogeneous_across_the_range(x, j):
    """||2^j x|| == 2^j ||x|| exactly, from 1e-300 to 1e300: no square
    overflows or underflows (the issue's range limit [1e-156, 1e152])."""
    x = np.array(x)
    assert v.norm2(np.ldexp(x, j)) == math.ldexp(v.norm2(x), j)


def test_norm2_against_an_exact_oracle():
    x = np.array([3e-200, 4e-200, 1e-210])
    exact = math.sqrt(sum(Fraction(t) ** 2 for t in x * 1e200)) / 1e200
    # (n + 2) roundings in the sum and the root: (n + 2)u relative
    assert v.norm2(x) == pytest.approx(exact, rel=5 * 2.0**-53)
    assert v.norm2([0.0, 0.0]) == 0.0


def test_pow2_scale_is_exact():
    x = np.array([1e300, -3e200, 5e-300])
    xs, e = v.pow2_scale(x)
    # exact for entries within 2^1022 of the largest (the third underflows,
    # harmlessly for norms: it is 1e-600 of the largest)
    np.testing.assert_array_equal(np.ldexp(xs[:2], e), x[:2])
    assert 0.5 <= np.abs(xs).max() < 1.0
    ys, f = v.pow2_scale(np.array([5e-324, -1e-320]))
    np.testing.assert_array_equal(np.ldexp(ys, f), [5e-324, -1e-320])


def test_as_int_array_checks_type_shape_and_bounds():
    out = v.as_int_array(np.array([3, 0, 7], dtype=np.uint8), "k", low=0, high=7)
    assert out.dtype == np.int64 and out.tolist() == [3, 0, 7]
    for bad in ([1.0, 2.0], [True, False], [], [[1, 2]], "12", None):
        with pytest.raises(v.InputTypeError, match="k must be"):
            v.as_int_array(bad, "k")
    with pytest.raises(ValueError, match=r"k must lie in \[0, 5\], got values from 1 to 6"):
        v.as_int_array([1, 6], "k", low=0, high=5)
    with pytest.raises(ValueError, match=r"k must lie in \[2, inf\]"):
        v.as_int_array([1], "k", low=2)
