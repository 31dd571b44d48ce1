"""Tests for execmath.typeset: numbers as text for the prose."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from execmath.typeset import num, pct, pm, sci


@pytest.mark.parametrize("x, digits, expected", [
    (3.2e-8, 2, r"$3.2\times 10^{-8}$"),
    (1e-16, 2, r"$10^{-16}$"),
    (-2.5e6, 3, r"$-2.50\times 10^{6}$"),
    (0.0123, 2, "$0.012$"),
    (12.34, 3, "$12.3$"),
    (0.0, 2, "$0$"),
    (np.float32(1e-3), 1, r"$10^{-3}$"),
])
def test_sci(x, digits, expected):
    assert sci(x, digits) == expected


def test_sci_without_math_mode():
    assert sci(4.4e-16, 2, math_mode=False) == r"4.4\times 10^{-16}"


@given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)
       .filter(lambda v: v == 0 or abs(v) > 1e-300),
       st.integers(min_value=1, max_value=6))
def test_sci_round_trips_to_the_shown_digits(x, digits):
    """The text parses back to x within half a unit of the last digit."""
    body = sci(x, digits, math_mode=False)
    body = body.replace(r"\times 10^{", "e").replace("10^{", "1e").rstrip("}")
    back = float(body)
    assert math.isclose(back, x, rel_tol=0.5 * 10.0 ** (1 - digits) + 1e-15,
                        abs_tol=1e-300)


def test_num():
    assert num(1_000_000) == "1,000,000"
    assert num(np.int64(2048)) == "2,048"
    assert num(12345.678, 1) == "12,345.7"
    assert num(0.031416) == "0.0314"
    assert num(3.0) == "3"


def test_pct_and_pm():
    assert pct(0.0312) == r"3.1\%"
    assert pm(0.61234, 0.0049) == r"$0.612 \pm 0.005$"
    assert pm(132.7, 12.0, 2) == r"$133 \pm 12$"
    assert pm(1.5e-7, 2.0e-9) == r"$(1.50 \pm 0.02)\times 10^{-7}$"


@pytest.mark.parametrize("bad", ["1.0", True, None, 1 + 2j, [1.0]])
def test_non_numbers_are_rejected(bad):
    with pytest.raises(TypeError, match="x"):
        sci(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_is_rejected(bad):
    with pytest.raises(ValueError, match="x must be finite"):
        sci(bad)
    with pytest.raises(ValueError, match="value must be finite"):
        pm(bad, 0.1)


def test_bad_digits_and_error():
    with pytest.raises(ValueError, match="digits"):
        sci(1.0, 0)
    with pytest.raises(TypeError, match="digits"):
        sci(1.0, 2.5)
    with pytest.raises(ValueError, match="error must be >= 0"):
        pm(1.0, -0.1)
    with pytest.raises(ValueError, match="digits"):
        num(5, 2)
