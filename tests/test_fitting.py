"""Tests for execmath.fitting against NumPy, SciPy and exact power laws."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from execmath import fitting

U = np.finfo(np.float64).eps / 2        # unit roundoff


def fit_bounds(x, y):
    """Error bounds of the fitted slope and log-prefactor, from the errors
    of the logs: |d log| <= (|log x| + |log y|) 2u + 2u per point (the data
    themselves were rounded, log within an ulp); the least-squares slope
    sum du_i dv_i / sum du_i^2 errs by <= |d log| sum|du| / sum du^2 (x2
    for the rounding of the sums), log C = mean v - p mean u by |d log| +
    |mean u| times that."""
    u, v = np.log(x), np.log(y)
    d = np.max((np.abs(u) + np.abs(v)) * 2 * U + 2 * U)
    du = u - u.mean()
    ds = 2 * d * np.sum(np.abs(du)) / np.sum(du * du) + 8 * x.size * U
    return ds, d + abs(u.mean()) * ds + 8 * x.size * U


class TestLogLogFit:
    def test_exact_power_law(self):
        x = np.geomspace(1.0, 1e6, 13)
        y = 3.0 * x**-0.5
        fit = fitting.loglog_fit(x, y)
        ds, dc = fit_bounds(x, y)
        assert fit.slope == pytest.approx(-0.5, abs=ds)
        assert fit.prefactor == pytest.approx(3.0, rel=2 * dc)
        # 1 - r2 = (residuals / deviations)^2: the squares of errors ~ ds
        assert fit.r2 == pytest.approx(1.0, abs=64 * x.size * U)

    def test_matches_polyfit_and_linregress_on_noisy_data(self):
        rng = np.random.default_rng(7)
        x = np.geomspace(10, 1e4, 30)
        y = 2.0 * x**1.3 * np.exp(0.2 * rng.standard_normal(x.size))
        fit = fitting.loglog_fit(x, y)
        slope, intercept = np.polyfit(np.log(x), np.log(y), 1)
        lr = stats.linregress(np.log(x), np.log(y))
        # the same logs, two least-squares solvers: each errs by
        # cond([log x, 1])^2 u relative to the coefficients' scale
        cond = np.linalg.cond(np.vander(np.log(x), 2))
        tol = 2 * 8 * x.size * cond**2 * U
        assert fit.slope == pytest.approx(slope, rel=tol)
        assert fit.prefactor == pytest.approx(np.exp(intercept),
                                              rel=tol * 10)
        assert fit.r2 == pytest.approx(lr.rvalue**2, rel=tol)

    def test_flat_data_has_zero_slope(self):
        fit = fitting.loglog_fit([1.0, 10.0, 100.0], [4.0, 4.0, 4.0])
        assert fit.slope == 0.0
        assert fit.prefactor == pytest.approx(4.0, rel=4 * U)   # exp(log 4)
        assert fit.r2 == 1.0

    def test_loglog_slope_is_the_fits_slope(self):
        x = np.array([1.0, 2.0, 4.0, 8.0])
        y = np.array([1.0, 0.3, 0.2, 0.05])
        assert fitting.loglog_slope(x, y) == fitting.loglog_fit(x, y).slope

    @settings(max_examples=50, deadline=None)
    @given(p=st.floats(-4, 4), c=st.floats(1e-3, 1e3))
    def test_recovers_any_power_law(self, p, c):
        x = np.geomspace(1.0, 1e3, 8)
        y = c * x**p
        fit = fitting.loglog_fit(x, y)
        ds, dc = fit_bounds(x, y)
        assert fit.slope == pytest.approx(p, abs=ds)
        assert fit.prefactor == pytest.approx(c, rel=2 * dc)

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


# --------------------------------------------------------------------------
# issue 8: counts beyond the range, huge integers, reinterpretation
# --------------------------------------------------------------------------
def test_geomspace_int_refuses_integers_beyond_2_53():
    """Issue example: stop = 10**20 leaked a TypeError from np.geomspace."""
    with pytest.raises(ValueError, match="stop"):
        fitting.geomspace_int(1, 10**20, 5)
    with pytest.raises(ValueError, match="num"):
        fitting.geomspace_int(1, 10, 2**40)
    assert fitting.geomspace_int(1, 2**53, 2).tolist() == [1, 2**53]


@pytest.mark.parametrize("bad", [["1", "2"], [1 + 1j, 2.0], [True, False]])
def test_loglog_inputs_are_not_reinterpreted(bad):
    with pytest.raises(TypeError, match="x"):
        fitting.loglog_fit(bad, [1.0, 2.0])


def test_loglog_fit_at_extreme_scales():
    """Logs take any positive float: the slope of 2^j x^p is p for data
    from 5e-324 to 1e308."""
    x = np.array([5e-324, 1e-200, 1e-100, 1.0, 1e100, 1e300])
    fit = fitting.loglog_fit(x, x)
    ds, _ = fit_bounds(x, x)
    assert fit.slope == pytest.approx(1.0, abs=ds)
