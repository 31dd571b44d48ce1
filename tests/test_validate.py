"""Tests for execmath._validate: the messages every module's users see."""

import numpy as np
import pytest

from execmath import _validate as v


def test_as_float_array_converts_and_checks_ndim():
    out = v.as_float_array([1, 2, 3], "x", ndim=1)
    assert out.dtype == np.float64 and out.shape == (3,)
    with pytest.raises(ValueError, match=r"x must have ndim in \(2,\), got shape \(3,\)"):
        v.as_float_array([1, 2, 3], "x", ndim=2)


@pytest.mark.parametrize("bad, match", [
    ([1.0, np.nan], r"x must be finite, got 1 NaN/inf entries in shape \(2,\)"),
    ([], r"x must not be empty"),
    ("abc", r"x must be numeric array-like, got str"),
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
