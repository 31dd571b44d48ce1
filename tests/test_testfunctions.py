"""Tests for execmath.testfunctions against SciPy, torch.func, finite
differences and the known stationary points."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize

from execmath import optim
from execmath import testfunctions as tf
from execmath.calculus import fd_gradient, fd_jacobian

U = 2.0**-53                       # unit roundoff of float64


def _points(n, m=40, seed=0, box=2.0):
    return np.random.default_rng(seed).uniform(-box, box, size=(m, n))


# --------------------------------------------------------------------------
# Rosenbrock
# --------------------------------------------------------------------------

@pytest.mark.parametrize("n", [2, 3, 5])
def test_rosenbrock_matches_scipy(n):
    # Same polynomial, different evaluation order: on [-2, 2]^n every term
    # is below T = 4 b (|x|^3 + |x| |y|) + 2 (1 + |x|) < 5000, and each
    # entry is a sum of <= 10 such terms, so the rounding differences are
    # below 10 * 8 u * T (a few ulps per operation).
    atol = 10 * 8 * U * 5000
    for p in _points(n):
        assert abs(tf.rosenbrock(p) - optimize.rosen(p)) <= atol
        np.testing.assert_allclose(tf.rosenbrock_gradient(p),
                                   optimize.rosen_der(p), rtol=0, atol=atol)
        np.testing.assert_allclose(tf.rosenbrock_hessian(p),
                                   optimize.rosen_hess(p), rtol=0, atol=atol)


def test_rosenbrock_vectorised_and_minimum():
    P = _points(3, m=12).reshape(3, 4, 3)                     # (3, 4, 3)
    v, g, H = (tf.rosenbrock(P), tf.rosenbrock_gradient(P),
               tf.rosenbrock_hessian(P))
    assert v.shape == (3, 4) and g.shape == (3, 4, 3)
    assert H.shape == (3, 4, 3, 3)
    np.testing.assert_array_equal(H[1, 2], tf.rosenbrock_hessian(P[1, 2]))
    ones = np.ones(4)
    assert tf.rosenbrock(ones) == 0.0
    np.testing.assert_array_equal(tf.rosenbrock_gradient(ones), 0.0)
    assert np.linalg.eigvalsh(tf.rosenbrock_hessian(ones))[0] > 0
    # the b parameter: f = b (y - x^2)^2 + (1 - x)^2
    p = np.array([0.3, -0.4])
    b = 7.0
    assert tf.rosenbrock(p, b=b) == pytest.approx(
        b * (p[1] - p[0] ** 2) ** 2 + (1 - p[0]) ** 2, rel=4 * U)


def test_rosenbrock_single_point_path_is_bitwise_the_array_path():
    # one float64 point of shape (2,) with a float b takes a path on
    # Python floats; a point in a stack, or b as numpy.float64, takes the
    # array path. Same operations in the same order: equal to the bit
    # (signs of zeros included), and the same errors where they overflow.
    g = np.random.default_rng(3)
    P = np.concatenate([
        g.uniform(-3.0, 3.0, (300, 2)),
        g.standard_normal((300, 2)) * 10.0 ** g.integers(-200, 150, (300, 1)),
        [[0.0, 0.0], [-0.0, -0.0], [1.0, 1.0], [-0.0, 1.0], [1e154, 1e154],
         [1e-320, -1e-320]]])
    for b in (100.0, 1.0, 1e-300):
        for fn in (tf.rosenbrock, tf.rosenbrock_gradient):
            for p in P:
                try:
                    fast = fn(p, b)
                except ValueError as exc:
                    with pytest.raises(ValueError, match="x and b"):
                        fn(p[None, :], b)
                    assert "x and b" in str(exc)
                    continue
                slow = fn(p, np.float64(b))
                assert type(fast) is type(slow)
                np.testing.assert_array_equal(fast, slow)
                np.testing.assert_array_equal(np.signbit(fast),
                                              np.signbit(slow))
                np.testing.assert_array_equal(fn(p[None, :], b)[0], fast)


def test_rosenbrock_overflow_is_refused():
    with pytest.raises(ValueError, match="x and b"):
        tf.rosenbrock([1e300, 1e300])
    with pytest.raises(ValueError, match="x and b"):
        tf.rosenbrock_gradient([1e200, 1.0])
    with pytest.raises(ValueError, match="x and b"):
        tf.rosenbrock_hessian([1.0, 1.0], b=1e308)


# --------------------------------------------------------------------------
# Oracles: torch.func and finite differences
# --------------------------------------------------------------------------

def _torch_cases():
    torch = pytest.importorskip("torch")

    def rosen(z):
        return torch.sum(100.0 * (z[1:] - z[:-1] ** 2) ** 2
                         + (1.0 - z[:-1]) ** 2)

    def himm(z):
        return (z[0] ** 2 + z[1] - 11) ** 2 + (z[0] + z[1] ** 2 - 7) ** 2

    def sabs(z):
        return torch.sum(torch.sqrt(1 + z ** 2) - 1)

    return torch, [
        (rosen, tf.rosenbrock_gradient, tf.rosenbrock_hessian, 4),
        (himm, tf.himmelblau_gradient, tf.himmelblau_hessian, 2),
        (sabs, tf.smooth_abs_gradient, tf.smooth_abs_hessian, 3),
    ]


# torch.func.hessian (forward over reverse) imports a module that calls the
# deprecated torch.jit.script: torch's internals, not ours.
@pytest.mark.filterwarnings(
    "ignore:`torch.jit.script` is deprecated:DeprecationWarning")
def test_derivatives_match_torch_func():
    torch, cases = _torch_cases()
    from torch.func import grad, hessian
    for fn, g, h, n in cases:
        for p in _points(n, m=10, seed=n):
            z = torch.tensor(p, dtype=torch.float64)
            g_t = grad(fn)(z).numpy()
            h_t = hessian(fn)(z).numpy()
            # different operation order on polynomials with terms < 5000
            # on [-2, 2]^n: a few ulps of the largest term
            atol = 100 * U * 5000
            np.testing.assert_allclose(g(p), g_t, rtol=0, atol=atol)
            np.testing.assert_allclose(h(p), h_t, rtol=0, atol=atol)


@pytest.mark.parametrize("fns,n", [
    ((tf.rosenbrock, tf.rosenbrock_gradient, tf.rosenbrock_hessian), 3),
    ((tf.himmelblau, tf.himmelblau_gradient, tf.himmelblau_hessian), 2),
    ((tf.smooth_abs, tf.smooth_abs_gradient, tf.smooth_abs_hessian), 2),
])
def test_derivatives_match_finite_differences(fns, n):
    f, g, h = fns
    for p in _points(n, m=8, seed=3):
        # central differences: error ~ h^2 |f'''| + u |f| / h, with h
        # about u^(1/3) ~ 6e-6 this is ~1e-10 |f'''| + 4e-11 |f|; with
        # |f|, |f'''| < 1e4 on [-2, 2]^n a tolerance of 1e-5 is ample.
        np.testing.assert_allclose(fd_gradient(f, p, method="central"),
                                   g(p), rtol=1e-6, atol=1e-5)
        np.testing.assert_allclose(fd_jacobian(g, p, method="central"),
                                   h(p), rtol=1e-6, atol=1e-5)


# --------------------------------------------------------------------------
# Himmelblau
# --------------------------------------------------------------------------

def test_himmelblau_stationary_points():
    for pts, kind in [(tf.HIMMELBLAU_MINIMA, "minimum"),
                      (tf.HIMMELBLAU_MAXIMUM[None], "maximum"),
                      (tf.HIMMELBLAU_SADDLES, "saddle")]:
        # the constants carry 17 digits; the gradient there is at most
        # |H| * 1e-16 * |x| < 200 * 1e-16 * 4 plus rounding of terms < 500
        np.testing.assert_allclose(tf.himmelblau_gradient(pts), 0.0,
                                   atol=1e-11)
        for p in pts:
            assert optim.classify_stationary_point(
                tf.himmelblau_hessian(p)) == kind
    np.testing.assert_allclose(tf.himmelblau(tf.HIMMELBLAU_MINIMA), 0.0,
                               atol=1e-24)
    assert tf.himmelblau(tf.HIMMELBLAU_MAXIMUM) == pytest.approx(
        181.61652, abs=1e-5)
    # SciPy's minimiser from near each minimum finds the tabulated point
    for m in tf.HIMMELBLAU_MINIMA:
        res = optimize.minimize(tf.himmelblau, m + 0.1,
                                jac=tf.himmelblau_gradient, method="BFGS",
                                options={"gtol": 1e-12})
        np.testing.assert_allclose(res.x, m, atol=1e-8)


# --------------------------------------------------------------------------
# smooth_abs
# --------------------------------------------------------------------------

@given(st.floats(-1e150, 1e150, allow_nan=False))
def test_smooth_abs_curvature_is_in_0_1(x):
    h = tf.smooth_abs_hessian([x])[0, 0]
    assert 0.0 <= h <= 1.0
    g = tf.smooth_abs_gradient([x])[0]
    assert abs(g) < 1.0 or abs(x) > 1e7          # |x| / sqrt(1 + x^2)


def test_smooth_abs_accuracy_at_both_ends():
    # small x: f = x^2/2 - x^4/8 + ..., computed without cancellation
    for x in (1e-3, 1e-8, 1e-150):
        assert tf.smooth_abs([x]) == pytest.approx(x * x / 2 - x**4 / 8,
                                                   rel=4 * U)
    # huge x: f = |x| - 1 + O(1/|x|), no overflow in x^2
    assert tf.smooth_abs([1e200]) == pytest.approx(1e200, rel=4 * U)
    assert tf.smooth_abs_gradient([-1e200])[0] == pytest.approx(-1.0)
    assert tf.smooth_abs_hessian([1e200])[0, 0] == 0.0      # underflow


# --------------------------------------------------------------------------
# anisotropic quadratic
# --------------------------------------------------------------------------

def test_anisotropic_quadratic():
    q = tf.anisotropic_quadratic(50.0, angle=0.4, center=[1.0, -2.0])
    np.testing.assert_allclose(q.eigenvalues(), [1.0, 50.0], rtol=1e-14)
    np.testing.assert_allclose(q.minimiser(), [1.0, -2.0], rtol=1e-13)
    v = np.linalg.eigh(q.A)[1][:, 0]                          # mu direction
    assert abs(abs(v[0]) - np.cos(0.4)) < 1e-13
    q5 = tf.anisotropic_quadratic(1e4, n=5)
    np.testing.assert_allclose(np.diag(q5.A), np.geomspace(1, 1e4, 5),
                               rtol=1e-14)
    assert q5.condition_number() == pytest.approx(1e4, rel=1e-14)
    assert tf.anisotropic_quadratic(1.0, n=1).condition_number() == 1.0


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------

FUNCS = [tf.rosenbrock, tf.rosenbrock_gradient, tf.rosenbrock_hessian,
         tf.himmelblau, tf.himmelblau_gradient, tf.himmelblau_hessian,
         tf.smooth_abs, tf.smooth_abs_gradient, tf.smooth_abs_hessian]


@pytest.mark.parametrize("fn", FUNCS)
@pytest.mark.parametrize("bad", [None, "ab", [1.0 + 1j, 2.0], [True, False],
                                 [np.nan, 1.0], [np.inf, 1.0], [], 1.0,
                                 [[1.0], [1.0, 2.0]]])
def test_points_bad_input(fn, bad):
    with pytest.raises((ValueError, TypeError), match="x"):
        fn(bad)


@pytest.mark.parametrize("fn", FUNCS[:6])
def test_wrong_dimension(fn):
    with pytest.raises(ValueError, match="x must have last axis"):
        fn([1.0] if fn in FUNCS[:3] else [1.0, 2.0, 3.0])


def test_rosenbrock_bad_b():
    for bad in (0.0, -1.0, np.nan, np.inf):
        with pytest.raises(ValueError, match="b"):
            tf.rosenbrock([1.0, 2.0], b=bad)
    for bad in (True, "1", 1j, None):
        with pytest.raises(TypeError, match="b"):
            tf.rosenbrock_gradient([1.0, 2.0], b=bad)
    with pytest.raises(ValueError, match="b"):
        tf.rosenbrock([1.0, 2.0], b=10**400)


def test_huge_hessian_stack_is_refused():
    with pytest.raises(ValueError, match="x"):
        tf.smooth_abs_hessian(np.zeros((1, 20_000)))


def test_anisotropic_quadratic_bad_input():
    with pytest.raises(ValueError, match="kappa"):
        tf.anisotropic_quadratic(0.5)
    with pytest.raises(ValueError, match="kappa"):
        tf.anisotropic_quadratic(np.nan)
    with pytest.raises(TypeError, match="kappa"):
        tf.anisotropic_quadratic("10")
    with pytest.raises(ValueError, match="kappa"):
        tf.anisotropic_quadratic(10.0, n=1)
    with pytest.raises(ValueError, match="n"):
        tf.anisotropic_quadratic(10.0, n=0)
    with pytest.raises(TypeError, match="n"):
        tf.anisotropic_quadratic(10.0, n=2.0)
    with pytest.raises(ValueError, match="angle"):
        tf.anisotropic_quadratic(10.0, n=3, angle=0.2)
    with pytest.raises(ValueError, match="angle"):
        tf.anisotropic_quadratic(10.0, angle=np.inf)
    with pytest.raises(ValueError, match="center"):
        tf.anisotropic_quadratic(10.0, center=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="center"):
        tf.anisotropic_quadratic(10.0, center=[np.nan, 1.0])
    with pytest.raises(ValueError, match="kappa and center"):
        tf.anisotropic_quadratic(1e10, center=[1e299, 0.0])
