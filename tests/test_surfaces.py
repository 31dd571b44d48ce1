"""Tests for execmath.surfaces against meshgrid, loops and analytic values."""

import math

import numpy as np
import pytest

from execmath import surfaces as sf

U = 2.0**-53                    # unit roundoff of float64


# --------------------------------------------------------------------- grid
def test_grid_matches_meshgrid():
    X, Y = sf.grid((-1.0, 3.0), (0.0, 2.0), (5, 3))
    eX, eY = np.meshgrid(np.linspace(-1, 3, 5), np.linspace(0, 2, 3))
    assert X.shape == Y.shape == (3, 5)      # (ny, nx)
    np.testing.assert_array_equal(X, eX)
    np.testing.assert_array_equal(Y, eY)


def test_grid_odd_symmetric_has_origin_node():
    X, Y = sf.grid((-2, 2), (-2, 2), 41)
    assert X[20, 20] == 0.0 and Y[20, 20] == 0.0
    np.testing.assert_array_equal(X.T, Y)  # same axis -> transposes


@pytest.mark.parametrize("kw, name", [
    ({"xlim": (1.0, 1.0)}, "xlim"),
    ({"xlim": (0.0, 1.0, 2.0)}, "xlim"),
    ({"ylim": (2.0, -2.0)}, "ylim"),
    ({"ylim": (0.0, np.inf)}, "ylim"),
    ({"n": 1}, "n"),
    ({"n": 2.5}, "n"),
    ({"n": (3, 4, 5)}, "n"),
])
def test_grid_bad(kw, name):
    with pytest.raises(ValueError, match=name):
        sf.grid(**kw)


# ------------------------------------------------------------- gaussian_bump
def test_gaussian_bump_matches_math_exp_loop():
    xs, ys = np.linspace(-2, 2, 7), np.linspace(-1, 1, 5)
    Z = sf.gaussian_bump(xs[None, :], ys[:, None])  # (5, 7)
    assert Z.shape == (5, 7)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            # the exponent (<= 5) is rounded twice (2u relative, so 10u
            # absolute), which exp keeps as 10u relative, plus each exp's
            # ulp (numpy and math may use different libms)
            assert Z[i, j] == pytest.approx(math.exp(-(x * x + y * y)),
                                            rel=(10 + 4) * U)


def test_gaussian_bump_center_and_width():
    z = sf.gaussian_bump(1.0 + 0.5, -2.0, center=(1.0, -2.0), width=0.5)
    assert float(z) == pytest.approx(math.exp(-1.0), rel=4 * U)   # exact arg
    assert float(sf.gaussian_bump(1.0, -2.0, center=(1.0, -2.0))) == 1.0


def test_gaussian_bump_integral_is_pi():
    # ∫∫ exp(-(x²+y²)) dx dy = π; the grid's trapezoid sum agrees
    X, Y = sf.grid((-6, 6), (-6, 6), 401)
    Z = sf.gaussian_bump(X, Y)
    h = X[0, 1] - X[0, 0]
    integral = np.trapezoid(np.trapezoid(Z, dx=h, axis=1), dx=h)
    # The trapezoid rule is spectrally accurate for the Gaussian (error
    # ~ exp(-pi^2/h^2) ~ 0), the tails beyond 6 weigh exp(-36) ~ 2e-16;
    # rounding: two nested sums of 401 terms (401 u each) and exp's ulps
    assert integral == pytest.approx(math.pi, rel=2 * 401 * U + 8 * U + 1e-15)


@pytest.mark.parametrize("args, kw, name", [
    (([1.0, 2.0], [1.0, 2.0, 3.0]), {}, "x and y"),
    (([np.nan], [0.0]), {}, "x"),
    (([0.0], ["a"]), {}, "y"),
    (([0.0], [0.0]), {"width": 0.0}, "width"),
    (([0.0], [0.0]), {"center": (0.0,)}, "center"),
])
def test_gaussian_bump_bad(args, kw, name):
    with pytest.raises(ValueError, match=name):
        sf.gaussian_bump(*args, **kw)


# ---------------------------------------------------------- evaluate_on_grid
def test_evaluate_on_grid_matches_pointwise():
    field = sf.evaluate_on_grid(lambda x, y: x**2 - y, (0, 1), (0, 2), (4, 3))
    assert field.Z.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            x, y = field.X[i, j], field.Y[i, j]
            assert field.Z[i, j] == x**2 - y


def test_evaluate_on_grid_constant_field():
    field = sf.evaluate_on_grid(lambda x, y: 2.0, n=5)
    np.testing.assert_array_equal(field.Z, np.full((5, 5), 2.0))


def test_evaluate_on_grid_bad():
    with pytest.raises(ValueError, match="f"):
        sf.evaluate_on_grid("not callable")
    with pytest.raises(ValueError, match="f must return"):
        sf.evaluate_on_grid(lambda x, y: x[0], n=5)   # (5,) not (5, 5)


# ------------------------------------------------------------- figure claim
def test_claim_fig_py_gaussian_bump():
    """Fig. fig-py-gaussian-bump: "Observe the single peak of height 1 at
    the origin and the radial symmetry: every vertical slice through the
    centre shows the same bell, and the bands of equal colour, the level
    curves, are circles."

    Tested as: on the chapter's grid z(x, y) = z(y, x) = z(-x, y) =
    z(x, -y), the maximum 1 sits at the origin, and z depends on the
    radius r = sqrt(x² + y²) only (z = exp(-r²)), so the colour, which
    repeats the height, is constant on circles."""
    field = sf.evaluate_on_grid(sf.gaussian_bump, (-2, 2), (-2, 2), 61)
    X, Y, Z = field
    np.testing.assert_array_equal(Z, Z.T)                       # swap x, y
    # linspace(-2, 2, 61) is antisymmetric only to ~2u|x|; z = exp(-r^2)
    # moves by 2|x| dx relatively (|x| <= 2), plus exp's ulp
    np.testing.assert_allclose(Z, Z[:, ::-1], rtol=32 * U)      # x -> -x
    np.testing.assert_allclose(Z, Z[::-1, :], rtol=32 * U)      # y -> -y
    i, j = np.unravel_index(np.argmax(Z), Z.shape)
    assert Z[i, j] == 1.0 and X[i, j] == 0.0 and Y[i, j] == 0.0
    # depends on r only: nodes at equal radius carry equal heights
    R = np.hypot(X, Y)
    # hypot^2 vs x^2 + y^2: a few u relative in r^2 <= 8, i.e. ~ 32u
    # absolute in the exponent, kept relative by exp (and its ulp)
    np.testing.assert_allclose(Z, np.exp(-R**2), rtol=64 * U)


# --------------------------------------------------------------- issue 8
def test_gaussian_bump_far_away_and_wide():
    """Offsets whose squares overflow give 0 (the true value), a huge width
    no OverflowError (the issue: width = 1e200 leaked one)."""
    z = sf.gaussian_bump([1e300, -1e308], 0.0)
    np.testing.assert_array_equal(z, [0.0, 0.0])
    z = sf.gaussian_bump(1e308, 0.0, center=(-1e308, 0.0), width=1e308)
    assert float(z) == pytest.approx(math.exp(-4.0), rel=16 * U)
    assert float(sf.gaussian_bump(0.0, 0.0, width=1e200)) == 1.0


def test_grid_sizes_are_bounded_by_name():
    with pytest.raises(ValueError, match="n"):
        sf.grid(n=2**30)
    with pytest.raises(TypeError, match="f must be callable"):
        sf.evaluate_on_grid(None)


def test_field_values_must_be_finite():
    with pytest.raises(ValueError, match="non-finite"):
        sf.evaluate_on_grid(lambda x, y: 1.0 / (x * 0.0))
