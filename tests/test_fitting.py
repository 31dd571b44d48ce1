"""Tests for execmath.fitting against NumPy, SciPy and exact power laws."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from execmath import fitting


class TestLogLogFit:
    def test_exact_power_law(self):
        x = np.geomspace(1.0, 1e6, 13)
        fit = fitting.loglog_fit(x, 3.0 * x**-0.5)
        assert fit.slope == pytest.approx(-0.5, abs=1e-12)
        assert fit.prefactor == pytest.approx(3.0, rel=1e-12)
        assert fit.r2 == pytest.approx(1.0, abs=1e-12)

    def test_matches_polyfit_and_linregress_on_noisy_data(self):
        rng = np.random.default_rng(7)
        x = np.geomspace(10, 1e4, 30)
        y = 2.0 * x**1.3 * np.exp(0.2 * rng.standard_normal(x.size))
        fit = fitting.loglog_fit(x, y)
        slope, intercept = np.polyfit(np.log(x), np.log(y), 1)
        lr = stats.linregress(np.log(x), np.log(y))
        assert fit.slope == pytest.approx(slope, rel=1e-10)
        assert fit.prefactor == pytest.approx(np.exp(intercept), rel=1e-10)
        assert fit.r2 == pytest.approx(lr.rvalue**2, rel=1e-10)

    def test_flat_data_has_zero_slope(self):
        fit = fitting.loglog_fit([1.0, 10.0, 100.0], [4.0, 4.0, 4.0])
        assert fit.slope == 0.0
        assert fit.prefactor == pytest.approx(4.0)
        assert fit.r2 == 1.0

    def test_loglog_slope_is_the_fits_slope(self):
        x = np.array([1.0, 2.0, 4.0, 8.0])
        y = np.array([1.0, 0.3, 0.2, 0.05])
        assert fitting.loglog_slope(x, y) == fitting.loglog_fit(x, y).slope

    @settings(max_examples=50, deadline=None)
    @given(p=st.floats(-4, 4), c=st.floats(1e-3, 1e3))
    def test_recovers_any_power_law(self, p, c):
        x = np.geomspace(1.0, 1e3, 8)
        fit = fitting.loglog_fit(x, c * x**p)
        assert fit.slope == pytest.approx(p, abs=1e-9)
        assert fit.prefactor == pytest.approx(c, rel=1e-9)

    @pytest.mark.parametrize("name, x, y", [
        ("x", [1.0, -2.0, 3.0], [1.0, 2.0, 3.0]),
        ("y", [1.0, 2.0, 3.0], [1.0, 0.0, 3.0]),
        ("x", [1.0], [1.0]),
        ("x", [[1.0, 2.0]], [[1.0, 2.0]]),
        ("x", [2.0, 2.0, 2.0], [1.0, 2.0, 3.0]),
        ("y", [1.0, 2.0, 3.0], [1.0, np.nan, 3.0]),
    ])
    def test_bad_input(self, name, x, y):
        with pytest.raises(ValueError, match=name):
            fitting.loglog_fit(x, y)

    def test_shape_mismatch(self):
        with pytest.raises(ValueError, match="x and y"):
            fitting.loglog_slope([1.0, 2.0, 3.0], [1.0, 2.0])


class TestGeomspaceInt:
    def test_matches_rounded_geomspace(self):
        got = fitting.geomspace_int(10, 10_000, 25)
        want = np.unique(np.rint(np.geomspace(10, 10_000, 25)).astype(int))
        np.testing.assert_array_equal(got, want)
        assert got.dtype == np.int64
        assert got[0] == 10 and got[-1] == 10_000
        assert np.all(np.diff(got) > 0)

    def test_drops_duplicates_at_small_end(self):
        got = fitting.geomspace_int(1, 10, 30)
        assert got.size < 30
        np.testing.assert_array_equal(got, np.arange(1, 11))

    def test_evenly_spaced_in_log(self):
        got = fitting.geomspace_int(1000, 10**6, 4)
        np.testing.assert_array_equal(got, [1000, 10**4, 10**5, 10**6])

    @pytest.mark.parametrize("name, args", [
        ("start", (0, 10, 5)),
        ("stop", (10, 10, 5)),
        ("num", (1, 10, 1)),
        ("start", (1.5, 10, 5)),
    ])
    def test_bad_input(self, name, args):
        with pytest.raises(ValueError, match=name):
            fitting.geomspace_int(*args)
