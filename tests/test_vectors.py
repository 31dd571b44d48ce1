"""Tests for execmath.vectors against NumPy, SciPy and analytic values.

The claim tests at the end use the same data as the chapter
(chapters/04-vectors-norms-geometry.qmd) so that the figures' captions
are checked on exactly what the figures show.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import linalg as sla
from scipy.optimize import minimize_scalar
from scipy.spatial import distance as sd

from execmath import vectors

INF = np.inf
METRICS = {1: "cityblock", 2: "euclidean", INF: "chebyshev"}

# The chapter's data (keep in sync with 04-vectors-norms-geometry.qmd).
PROTOTYPES = np.array([[-1.6, -0.9], [1.7, -1.3], [0.3, 1.9], [0.9, 0.2]])
QUERY = np.array([[-0.8, 0.55]])
COSINE_DIMS = [2, 5, 10, 30, 100, 300, 1000]
COSINE_PAIRS = 1000
COSINE_SEED = 42
PROJ_V = np.array([1.0, 2.4])
PROJ_U = np.array([3.0, 1.0])

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
vec5 = arrays(np.float64, 5, elements=finite)

U = np.finfo(np.float64).eps / 2        # unit roundoff


def norm_rtol(n: int, p: float = 2.0) -> float:
    """Relative error bound for comparing two p-norm implementations.

    Each side sums n non-negative terms (<= (n - 1)u relative), rounds the
    terms and the scaling (a few u) and takes a p-th root (which divides the
    relative error by p, plus one rounding): <= (n + 4)u per side.
    """
    return 2 * (n + 4) * U


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# --------------------------------------------------------------- check_p
class TestCheckP:
    @pytest.mark.parametrize("p", [1, 1.5, 2, 3.0, INF, float("inf")])
    def test_accepts_norm_orders(self, p):
        assert vectors.check_p(p) == float(p)

    @pytest.mark.parametrize("p", [0.5, 0, -1, np.nan, "two", None, True])
    def test_rejects_non_norms(self, p):
        with pytest.raises(ValueError, match="p"):
            vectors.check_p(p)


# ---------------------------------------------------------------- p_norm
class TestPNorm:
    @pytest.mark.parametrize("p", [1, 2, INF])
    def test_matches_numpy_vector(self, rng, p):
        x = rng.standard_normal(50)
        assert vectors.p_norm(x, p) == pytest.approx(
            np.linalg.norm(x, ord=p), rel=norm_rtol(50))

    @pytest.mark.parametrize("p", [1, 2, INF])
    def test_matches_numpy_rows(self, rng, p):
        X = rng.standard_normal((7, 11))
        np.testing.assert_allclose(vectors.p_norm(X, p),
                                   np.linalg.norm(X, ord=p, axis=1),
                                   rtol=norm_rtol(11))

    @pytest.mark.parametrize("p", [1.5, 3, 7.5])
    def test_general_p_matches_scipy_minkowski(self, rng, p):
        x = rng.standard_normal(20)
        # |x_i|^p amplifies the scaling's rounding by p: (n + 2p + 4)u/side
        assert vectors.p_norm(x, p) == pytest.approx(
            sd.minkowski(x, np.zeros_like(x), p),
            rel=2 * (20 + 2 * p + 4) * U)

    def test_analytic_values(self):
        x = [3.0, -4.0]
        assert vectors.p_norm(x, 1) == 7.0
        assert vectors.p_norm(x, 2) == 5.0
        assert vectors.p_norm(x, INF) == 4.0

    def test_returns_float_for_vector(self):
        assert isinstance(vectors.p_norm([1.0, 2.0]), float)

    def test_zero_vector(self):
        for p in (1, 2, 3, INF):
            assert vectors.p_norm(np.zeros(4), p) == 0.0

    def test_large_p_approaches_max(self):
        x = np.array([1.0, -3.0, 2.0])
        # max|x| <= ||x||_p <= n^(1/p) max|x| (mathematics), plus rounding
        for p in (500, 1e6):
            got = vectors.p_norm(x, p)
            assert 3.0 * (1 - 4 * U) <= got <= 3.0 * 3 ** (1 / p) * (1 + 8 * U)

    @pytest.mark.parametrize("big", [1e200, 1e300, 1.7e308 / 4])
    def test_no_overflow_where_numpy_overflows(self, big):
        """sum(x**2) overflows; the scaled norm agrees with BLAS nrm2."""
        x = np.array([big, big, -big])
        assert vectors.p_norm(x, 2) == pytest.approx(sla.norm(x),
                                                     rel=norm_rtol(3))
        assert vectors.p_norm(x, 2) == pytest.approx(math.sqrt(3) * big,
                                                     rel=norm_rtol(3))

    def test_no_underflow(self):
        x = np.array([1e-200, 1e-200])
        assert vectors.p_norm(x, 2) == pytest.approx(math.hypot(*x),
                                                     rel=norm_rtol(2))
        assert vectors.p_norm(x, 2) > 0.0

    def test_unrepresentable_norm_is_an_error_not_inf(self):
        """A norm beyond the float64 range is refused (it used to come back
        as inf, which then flows silently into later arithmetic)."""
        with pytest.raises(ValueError, match="norm of x exceeds"):
            vectors.p_norm([1e308, 1e308], 1)
        with pytest.raises(ValueError, match="norm of x exceeds"):
            vectors.p_norm([1.5e308, 1.5e308], 2)

    @settings(max_examples=60, deadline=None)
    @given(x=vec5, y=vec5, a=finite,
           p=st.sampled_from([1.0, 1.5, 2.0, 3.0, INF]))
    def test_norm_axioms(self, x, y, a, p):
        nx, ny = vectors.p_norm(x, p), vectors.p_norm(y, p)
        scale = nx + ny + 1e-300
        # triangle inequality, up to rounding: three norms of 5 entries
        # ((5 + 4)u each, p-th powers add 2p u) and the sum x + y (u)
        tol = (3 * (5 + 4) + 2 * min(p, 3) + 4) * U
        assert vectors.p_norm(x + y, p) <= nx + ny + tol * scale
        # absolute homogeneity: a * x rounds (u, amplified by p then the
        # root), both norms err by (5 + 2p + 4)u; tiny products may fall
        # into the subnormal range (abs)
        assert vectors.p_norm(a * x, p) == pytest.approx(
            abs(a) * nx, rel=2 * (5 + 2 * min(p, 3) + 5) * U, abs=1e-300)
        # definiteness
        assert (nx == 0.0) == (not np.any(x))

    @settings(max_examples=60, deadline=None)
    @given(x=arrays(np.float64, st.integers(1, 30), elements=finite))
    def test_norm_equivalence_chain(self, x):
        """||x||_inf <= ||x||_2 <= ||x||_1 <= sqrt(n)||x||_2 <= n||x||_inf."""
        n = x.size
        ninf, n2, n1 = (vectors.p_norm(x, p) for p in (INF, 2, 1))
        # each norm of n entries errs by <= (n + 4)u relative
        tol = 2 * (n + 4) * U * math.sqrt(n) * (n1 + 1e-300)
        assert ninf <= n2 + tol
        assert n2 <= n1 + tol
        assert n1 <= math.sqrt(n) * n2 + tol
        assert n2 <= math.sqrt(n) * ninf + tol

    def test_equivalence_bounds_are_attained(self):
        n = 9
        e1, ones = np.eye(n)[0], np.ones(n)
        assert (vectors.p_norm(e1, INF) == vectors.p_norm(e1, 2)
                == vectors.p_norm(e1, 1) == 1.0)
        # ones: sums of 1 are exact, sqrt(9) = 3 exactly
        assert vectors.p_norm(ones, 1) == math.sqrt(n) * vectors.p_norm(ones, 2)

    @pytest.mark.parametrize("p", [0.5, -2, np.nan, "l2"])
    def test_bad_p(self, p):
        with pytest.raises(ValueError, match="p"):
            vectors.p_norm([1.0, 2.0], p)

    @pytest.mark.parametrize("x", [[1.0, np.nan], [np.inf, 0.0],
                                   np.zeros((2, 2, 2)), []])
    def test_bad_x(self, x):
        with pytest.raises(ValueError, match="x"):
            vectors.p_norm(x)


class TestNaiveNorm:
    def test_agrees_for_moderate_values(self, rng):
        x = rng.standard_normal(30)
        assert vectors.naive_norm(x) == pytest.approx(np.linalg.norm(x),
                                                      rel=norm_rtol(30))

    def test_overflows_and_underflows(self):
        assert vectors.naive_norm([1e200, 1e200]) == INF
        assert vectors.naive_norm([1e-200, 1e-200]) == 0.0

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            vectors.naive_norm([[1.0, 2.0]])


# ------------------------------------------------------------- unit balls
class TestUnitBallBoundary:
    @pytest.mark.parametrize("p", [1, 1.5, 2, 4, INF])
    def test_points_have_norm_one(self, p):
        pts = vectors.unit_ball_boundary(p, 401)
        assert pts.shape == (401, 2)
        norms = (np.linalg.norm(pts, ord=p, axis=1) if p in (1, 2, INF)
                 else np.sum(np.abs(pts) ** p, axis=1) ** (1 / p))
        # two entries: the division d / ||d||_p and the re-measurement
        # each err by a few u, |.|^p amplifies by p <= 4
        np.testing.assert_allclose(norms, 1.0, rtol=0, atol=32 * U)

    def test_closed_curve_and_corners(self):
        pts = vectors.unit_ball_boundary(INF, 401)
        # t = 2 pi: cos and sin of the rounded 2 pi differ from 1 and 0 by
        # at most ~ulp(2 pi) = 8.9e-16 (the same for the corners at
        # multiples of pi/4, divided by a max-norm in [0.7, 1])
        np.testing.assert_allclose(pts[0], pts[-1], atol=16 * U)
        # the four corners of the square are hit (to rounding)
        for corner in ([1, 1], [-1, 1], [-1, -1], [1, -1]):
            assert np.min(np.linalg.norm(pts - corner, axis=1)) < 64 * U
        diamond = vectors.unit_ball_boundary(1, 401)
        for tip in ([1, 0], [0, 1], [-1, 0], [0, -1]):
            assert np.min(np.linalg.norm(diamond - tip, axis=1)) < 64 * U

    def test_directions_are_counterclockwise(self):
        pts = vectors.unit_ball_boundary(2, 9)
        ang = np.unwrap(np.arctan2(pts[:, 1], pts[:, 0]))
        assert np.all(np.diff(ang) > 0)

    @pytest.mark.parametrize("n", [2, 0, 3.5, "many"])
    def test_bad_n_points(self, n):
        with pytest.raises(ValueError, match="n_points"):
            vectors.unit_ball_boundary(2, n)

    def test_bad_p(self):
        with pytest.raises(ValueError, match="p"):
            vectors.unit_ball_boundary(0.5)


def test_claim_fig_vec_unit_balls():
    """Claim of fig-vec-unit-balls: every plotted boundary point has norm 1
    in its own norm, and the balls are nested, l1 ball inside l2 ball
    inside l_inf ball."""
    b1, b2, binf = (vectors.unit_ball_boundary(p, 401) for p in (1, 2, INF))
    # a few roundings of numbers <= 1 (see test_points_have_norm_one)
    for pts, p in ((b1, 1), (b2, 2), (binf, INF)):
        np.testing.assert_allclose(np.linalg.norm(pts, ord=p, axis=1), 1.0,
                                   rtol=0, atol=32 * U)
    # Boundary of the smaller ball lies inside the larger one ...
    assert np.all(np.linalg.norm(b1, ord=2, axis=1) <= 1 + 32 * U)
    assert np.all(np.linalg.norm(b2, ord=INF, axis=1) <= 1 + 32 * U)
    # ... and so does every point of the smaller ball (dense random check).
    pts = np.random.default_rng(1).uniform(-1.2, 1.2, (20_000, 2))
    in1 = np.linalg.norm(pts, ord=1, axis=1) <= 1
    in2 = np.linalg.norm(pts, ord=2, axis=1) <= 1
    inf_ = np.linalg.norm(pts, ord=INF, axis=1) <= 1
    assert np.all(in2[in1]) and np.all(inf_[in2])
    # and the nesting is strict: each ball misses part of the next one
    assert np.any(in2 & ~in1) and np.any(inf_ & ~in2)


# ------------------------------------------------- distances and prototypes
class TestDistance:
    @pytest.mark.parametrize("p", [1, 2, INF])
    def test_matches_scipy(self, rng, p):
        x, y = rng.standard_normal((2, 13))
        fn = {1: sd.cityblock, 2: sd.euclidean, INF: sd.chebyshev}[p]
        # plus one rounding per difference x - y on each side
        assert vectors.distance(x, y, p) == pytest.approx(
            fn(x, y), rel=norm_rtol(13) + 4 * U)

    def test_minkowski(self, rng):
        x, y = rng.standard_normal((2, 13))
        assert vectors.distance(x, y, 3) == pytest.approx(
            sd.minkowski(x, y, 3), rel=2 * (13 + 2 * 3 + 6) * U)

    def test_mismatched_shapes(self):
        with pytest.raises(ValueError, match="x and y"):
            vectors.distance([1.0, 2.0], [1.0, 2.0, 3.0])

    def test_nan(self):
        with pytest.raises(ValueError, match="y"):
            vectors.distance([1.0, 2.0], [np.nan, 2.0])


class TestPairwiseDistances:
    @pytest.mark.parametrize("p", [1, 2, INF])
    def test_matches_cdist(self, rng, p):
        X, C = rng.standard_normal((40, 3)), rng.standard_normal((5, 3))
        np.testing.assert_allclose(vectors.pairwise_distances(X, C, p),
                                   sd.cdist(X, C, metric=METRICS[p]),
                                   rtol=norm_rtol(3) + 4 * U, atol=0)

    def test_minkowski_p(self, rng):
        X, C = rng.standard_normal((10, 4)), rng.standard_normal((3, 4))
        np.testing.assert_allclose(vectors.pairwise_distances(X, C, 1.5),
                                   sd.cdist(X, C, "minkowski", p=1.5),
                                   rtol=2 * (4 + 2 * 1.5 + 6) * U)

    def test_column_mismatch(self):
        with pytest.raises(ValueError, match="points and prototypes"):
            vectors.pairwise_distances(np.zeros((3, 2)), np.zeros((2, 3)))

    def test_bad_points_ndim(self):
        with pytest.raises(ValueError, match="points"):
            vectors.pairwise_distances([1.0, 2.0], np.zeros((2, 2)))


class TestNearestPrototype:
    @pytest.mark.parametrize("p", [1, 2, INF])
    def test_matches_cdist_argmin(self, rng, p):
        X, C = rng.standard_normal((200, 2)), rng.standard_normal((4, 2))
        D = sd.cdist(X, C, metric=METRICS[p])
        expected = np.argmin(D, axis=1)
        # compare where the nearest prototype is clear beyond rounding
        # (the two distance computations differ by <= norm_rtol relative)
        srt = np.sort(D, axis=1)
        clear = srt[:, 1] - srt[:, 0] > 4 * norm_rtol(2) * srt[:, 1]
        assert clear.mean() > 0.95
        np.testing.assert_array_equal(
            vectors.nearest_prototype(X, C, p)[clear], expected[clear])

    def test_tie_goes_to_first(self):
        assert vectors.nearest_prototype([[0.0, 0.0]],
                                         [[1.0, 0.0], [-1.0, 0.0]])[0] == 0

    def test_label_depends_on_norm(self):
        labels = [int(vectors.nearest_prototype(QUERY, PROTOTYPES, p)[0])
                  for p in (1, 2, INF)]
        assert labels == [3, 0, 2]

    def test_bad_p(self):
        with pytest.raises(ValueError, match="p"):
            vectors.nearest_prototype(QUERY, PROTOTYPES, 0.3)

    def test_nan_prototypes(self):
        with pytest.raises(ValueError, match="prototypes"):
            vectors.nearest_prototype(QUERY, [[0.0, np.nan]])


class TestDecisionGrid:
    def test_layout_matches_pcolormesh_convention(self):
        g = vectors.decision_grid(PROTOTYPES, 2, extent=(-3, 3, -2, 2),
                                  n_grid=11)
        assert g.x.shape == g.y.shape == (11,)
        assert g.labels.shape == (11, 11)
        i, j = 2, 7
        point = np.array([[g.x[j], g.y[i]]])
        assert g.labels[i, j] == vectors.nearest_prototype(point,
                                                           PROTOTYPES)[0]
        assert g.y[0] == -2 and g.x[-1] == 3

    def test_bad_prototypes_shape(self):
        with pytest.raises(ValueError, match="prototypes"):
            vectors.decision_grid(np.zeros((3, 3)))

    @pytest.mark.parametrize("extent", [(1, -1, 0, 1), (0, 1, 0), (0, 1, 2, 2)])
    def test_bad_extent(self, extent):
        with pytest.raises(ValueError, match="extent"):
            vectors.decision_grid(PROTOTYPES, extent=extent)

    def test_bad_n_grid(self):
        with pytest.raises(ValueError, match="n_grid"):
            vectors.decision_grid(PROTOTYPES, n_grid=1)


def test_claim_fig_vec_decision_regions():
    """Claim of fig-vec-decision-regions: with the same prototypes, the
    nearest-prototype regions differ between the l1, l2 and l_inf norms
    (some grid points change label), and every grid point carries the label
    of its nearest prototype (checked with scipy's cdist)."""
    grids = {p: vectors.decision_grid(PROTOTYPES, p, n_grid=301)
             for p in (1, 2, INF)}
    for a, b in ((1, 2), (2, INF), (1, INF)):
        changed = np.mean(grids[a].labels != grids[b].labels)
        assert 0.01 < changed < 0.5
    for p, g in grids.items():
        xx, yy = np.meshgrid(g.x, g.y)
        pts = np.column_stack([xx.ravel(), yy.ravel()])
        D = sd.cdist(pts, PROTOTYPES, metric=METRICS[p])          # (m, k)
        lab = g.labels.ravel()
        chosen = D[np.arange(lab.size), lab]
        best = D.min(axis=1)
        # the chosen prototype is a nearest one ...
        assert np.all(chosen <= best * (1 + 2 * norm_rtol(2)))
        # ... and equals scipy's argmin wherever there is no (near-)tie
        second = np.sort(D, axis=1)[:, 1]
        clear = second - best > 4 * norm_rtol(2) * second
        assert clear.mean() > 0.9
        np.testing.assert_array_equal(lab[clear], D.argmin(axis=1)[clear])


# -------------------------------------------------- cosine, angle, normalize
class TestCosineSimilarity:
    def test_matches_scipy(self, rng):
        x, y = rng.standard_normal((2, 25))
        # cos = <x, y> / (|x| |y|): the dot product of unit vectors errs by
        # <= n u absolute (Cauchy-Schwarz), the norms by (n + 4)u; scipy's
        # 1 - (1 - cos) adds u. Both sides: 2 (2n + 5) u absolute.
        assert vectors.cosine_similarity(x, y) == pytest.approx(
            1.0 - sd.cosine(x, y), abs=2 * (2 * 25 + 5) * U)

    def test_analytic(self):
        assert vectors.cosine_similarity([1, 0], [0, 2]) == 0.0
        # two-entry vectors: a handful of roundings
        tol = 16 * U
        assert vectors.cosine_similarity([1, 2], [2, 4]) == pytest.approx(
            1.0, abs=tol)
        assert vectors.cosine_similarity([1, 2], [-3, -6]) == pytest.approx(
            -1, abs=tol)
        assert vectors.cosine_similarity([1, 0], [1, 1]) == pytest.approx(
            1 / math.sqrt(2), abs=tol)

    def test_in_range_and_scale_invariant(self, rng):
        x, y = rng.standard_normal((2, 8))
        c = vectors.cosine_similarity(x, y)
        assert -1.0 <= c <= 1.0
        # scaling by 1e+-250 rounds each entry (u); the cosine moves by a
        # few u per entry, absolutely
        assert vectors.cosine_similarity(1e250 * x, 1e-250 * y) == \
            pytest.approx(c, abs=2 * (2 * 8 + 5) * U)

    def test_parallel_is_clipped_to_one(self):
        x = np.array([0.1, 0.2, 0.3])
        assert vectors.cosine_similarity(x, 3 * x) <= 1.0

    @pytest.mark.parametrize("which", ["x", "y"])
    def test_zero_vector_raises(self, which):
        args = {"x": [1.0, 2.0], "y": [3.0, 4.0]}
        args[which] = [0.0, 0.0]
        with pytest.raises(ValueError, match=f"{which} contains a zero vector"):
            vectors.cosine_similarity(args["x"], args["y"])

    def test_nan_and_shape(self):
        with pytest.raises(ValueError, match="x"):
            vectors.cosine_similarity([np.nan, 1.0], [1.0, 1.0])
        with pytest.raises(ValueError, match="x and y"):
            vectors.cosine_similarity([1.0, 1.0], [1.0, 1.0, 1.0])


class TestPairwiseCosine:
    def test_matches_cdist(self, rng):
        X, Y = rng.standard_normal((6, 9)), rng.standard_normal((4, 9))
        np.testing.assert_allclose(vectors.pairwise_cosine(X, Y),
                                   1.0 - sd.cdist(X, Y, "cosine"),
                                   rtol=0, atol=2 * (2 * 9 + 5) * U)

    def test_consistent_with_scalar_version(self, rng):
        X = rng.standard_normal((3, 5))
        S = vectors.pairwise_cosine(X, X)
        # matrix product vs dot product: different summation order only
        tol = 2 * (2 * 5 + 5) * U
        assert S[0, 2] == pytest.approx(vectors.cosine_similarity(X[0], X[2]),
                                        abs=tol)
        np.testing.assert_allclose(np.diag(S), 1.0, atol=tol)

    def test_zero_row_raises_with_index(self):
        X = np.array([[1.0, 2.0], [0.0, 0.0]])
        with pytest.raises(ValueError,
                           match=r"X contains a zero vector \(row 1\)"):
            vectors.pairwise_cosine(X, X + 1.0)

    def test_column_mismatch(self):
        with pytest.raises(ValueError, match="X and Y"):
            vectors.pairwise_cosine(np.ones((2, 3)), np.ones((2, 4)))


class TestAngle:
    def test_matches_arccos_for_moderate_angles(self, rng):
        x, y = rng.standard_normal((2, 6))
        # arccos amplifies the cosine's absolute error (<= 2(2n + 5)u) by
        # 1/sin(theta); the atan2 form is accurate to a few u
        theta = vectors.angle(x, y)
        tol = 2 * (2 * 6 + 5) * U / math.sin(theta) + 8 * U
        assert theta == pytest.approx(np.arccos(1.0 - sd.cosine(x, y)),
                                      abs=tol)

    def test_analytic_and_degrees(self):
        # atan2 of exact arguments, doubled (and converted): a few u
        assert vectors.angle([1, 0], [0, 3], degrees=True) == pytest.approx(
            90, rel=8 * U)
        assert vectors.angle([1, 0], [-1, 0]) == pytest.approx(math.pi,
                                                               rel=8 * U)
        assert vectors.angle([1, 1], [1, 1]) == 0.0

    def test_tiny_angle_is_accurate(self):
        """arccos(cos) returns 0 here; the atan2 form is accurate to a few
        units of u in absolute terms."""
        t = 1e-10
        x, y = [1.0, 0.0], [math.cos(t), math.sin(t)]
        # cos(t) rounds to 1 - (t^2/2 rounded to the grid: absolute error
        # u), which moves the angle by ~u absolutely; the docstring's
        # "a few u in absolute terms"
        assert vectors.angle(x, y) == pytest.approx(t, abs=8 * U)
        assert np.arccos(vectors.cosine_similarity(x, y)) == 0.0

    def test_nearly_parallel_absolute_accuracy(self, rng):
        """Docstring claim: accurate to a few units of u in absolute terms
        for nearly parallel vectors (angle 1e-9 between random 3-vectors),
        against a 60-digit mpmath evaluation on the stored vectors."""
        mpmath = pytest.importorskip("mpmath")
        u = np.finfo(np.float64).eps / 2

        def unit(v):
            v = [mpmath.mpf(float(t)) for t in v]      # exact conversion
            n = mpmath.sqrt(mpmath.fsum(t * t for t in v))
            return mpmath.matrix([t / n for t in v])

        with mpmath.workdps(60):
            for _ in range(50):
                x, w = rng.standard_normal((2, 3))
                w -= (w @ x) / (x @ x) * x          # w perpendicular to x
                w *= np.linalg.norm(x) / np.linalg.norm(w)
                y = math.cos(1e-9) * x + math.sin(1e-9) * w
                ux, uy = unit(x), unit(y)
                exact = float(2 * mpmath.atan2(mpmath.norm(ux - uy),
                                               mpmath.norm(ux + uy)))
                assert abs(vectors.angle(x, y) - exact) <= 4 * u
        # arccos of the largest float below 1 is the smallest angle it sees
        # nextafter(1, 0) = 1 - u and arccos(1 - u) = sqrt(2u)(1 + u/12 +
        # ...): libm's arccos is within an ulp or two
        assert np.arccos(np.nextafter(1.0, 0.0)) == pytest.approx(
            math.sqrt(2 * u), rel=4 * u)

    def test_zero_vector_raises(self):
        with pytest.raises(ValueError, match="y contains a zero vector"):
            vectors.angle([1.0, 0.0], [0.0, 0.0])


class TestNormalize:
    def test_unit_norm_rows(self, rng):
        X = rng.standard_normal((5, 7))
        # the division by a norm that errs by (7 + 4)u, re-measured with
        # the same error: 2 (7 + 4) u
        np.testing.assert_allclose(np.linalg.norm(vectors.normalize(X),
                                                  axis=1), 1.0,
                                   rtol=norm_rtol(7))

    def test_does_not_modify_input(self, rng):
        X = rng.standard_normal((3, 4))
        before = X.copy()
        out = vectors.normalize(X)
        np.testing.assert_array_equal(X, before)
        assert not np.shares_memory(out, X)

    def test_integer_input_and_huge_values(self):
        np.testing.assert_allclose(vectors.normalize([3, 4]), [0.6, 0.8],
                                   rtol=norm_rtol(2))
        np.testing.assert_allclose(vectors.normalize([3e300, 4e300]),
                                   [0.6, 0.8], rtol=norm_rtol(2))

    def test_zero_vector_raises(self):
        with pytest.raises(ValueError, match="x contains a zero vector"):
            vectors.normalize(np.zeros(3))


# ------------------------------------------------------------- projection
class TestProjectOntoLine:
    def test_analytic(self):
        res = vectors.project_onto_line([2.0, 3.0], [1.0, 0.0])
        # exact arithmetic on these integers
        np.testing.assert_array_equal(res.projection, [2.0, 0.0])
        np.testing.assert_array_equal(res.residual, [0.0, 3.0])
        assert res.coefficient == 2.0

    def test_coefficient_matches_least_squares(self, rng):
        v, u = rng.standard_normal((2, 10))
        coef = np.linalg.lstsq(u[:, None], v, rcond=None)[0][0]
        res = vectors.project_onto_line(v, u)
        # <u, v> / <u, u>: the numerator may cancel; its absolute error is
        # <= n u |u||v|, relative to the coefficient's size |<u, v>| that is
        # n u |u||v| / |<u, v>| (a condition number), for both solvers.
        kappa = np.linalg.norm(u) * np.linalg.norm(v) / abs(u @ v)
        assert res.coefficient == pytest.approx(
            coef, rel=2 * (10 + 4) * U * (kappa + 1))
        # residual = v - projection rounds once: adding back is within u|v|
        np.testing.assert_allclose(res.projection + res.residual, v,
                                   rtol=0, atol=2 * U * np.abs(v).max())

    def test_idempotent_and_pythagoras(self, rng):
        v, u = rng.standard_normal((2, 6))
        res = vectors.project_onto_line(v, u)
        again = vectors.project_onto_line(res.projection, u)
        # projecting a multiple of u: the coefficient is well conditioned
        # (kappa = 1), so (n + 4)u per projection, twice
        np.testing.assert_allclose(again.projection, res.projection,
                                   rtol=2 * (6 + 4) * U)
        # Pythagoras: three sums of 6 squares ((n - 1)u each) plus the
        # residual's rounding (u |v| |r| absolute)
        assert np.dot(v, v) == pytest.approx(
            np.dot(res.projection, res.projection)
            + np.dot(res.residual, res.residual), rel=4 * (6 + 4) * U)

    def test_huge_direction_does_not_overflow(self):
        res = vectors.project_onto_line([2.0, 3.0], [1e300, 0.0])
        np.testing.assert_array_equal(res.projection, [2.0, 0.0])

    def test_zero_u_raises(self):
        with pytest.raises(ValueError, match="u must be non-zero"):
            vectors.project_onto_line([1.0, 2.0], [0.0, 0.0])

    def test_mismatched_shapes(self):
        with pytest.raises(ValueError, match="v and u"):
            vectors.project_onto_line([1.0, 2.0, 3.0], [1.0, 2.0])


def test_claim_fig_vec_projection():
    """Claim of fig-vec-projection: the residual v - proj_u(v) is orthogonal
    to the line, and the projection is the point of the line closest to v."""
    res = vectors.project_onto_line(PROJ_V, PROJ_U)
    scale = np.linalg.norm(PROJ_U) * np.linalg.norm(PROJ_V)
    # <u, r> for the computed r: a few roundings of 2-entry products
    assert abs(np.dot(PROJ_U, res.residual)) < 16 * U * scale
    # closest point: a scalar minimiser and a dense search agree with it
    dist = lambda t: np.linalg.norm(PROJ_V - t * PROJ_U)  # noqa: E731
    opt = minimize_scalar(dist, bounds=(-5, 5), method="bounded",
                          options={"xatol": 1e-10})
    # Brent's method locates a minimiser of a smooth function only to about
    # sqrt(u) relative (the function is flat there to second order), i.e.
    # ~1.5e-8 * 5; 1e-7 covers it.
    assert opt.x == pytest.approx(res.coefficient, abs=1e-7)
    t = np.linspace(-5, 5, 200_001)                       # step 5e-5
    d = np.linalg.norm(PROJ_V[None, :] - t[:, None] * PROJ_U, axis=1)
    assert np.min(d) >= np.linalg.norm(res.residual) - 16 * U * scale
    assert abs(t[np.argmin(d)] - res.coefficient) <= 5e-5


# ---------------------------------------------------- random cosines
class TestRandomCosines:
    def test_shape_range_and_reproducible(self):
        a = vectors.random_cosine_similarities(
            20, 500, rng=np.random.default_rng(3))
        b = vectors.random_cosine_similarities(
            20, 500, rng=np.random.default_rng(3))
        assert a.shape == (500,)
        np.testing.assert_array_equal(a, b)
        assert np.all(np.abs(a) <= 1.0)

    def test_matches_pairwise_cosine_on_same_draws(self):
        rng = np.random.default_rng(5)
        got = vectors.random_cosine_similarities(7, 4, rng=rng)
        rng = np.random.default_rng(5)
        x, y = rng.standard_normal((4, 7)), rng.standard_normal((4, 7))
        # row-wise dot vs matrix product: summation order only, n = 7
        np.testing.assert_allclose(got, np.diag(vectors.pairwise_cosine(x, y)),
                                   rtol=0, atol=2 * (7 + 1) * U)

    def test_mean_zero_var_one_over_d(self):
        c = vectors.random_cosine_similarities(
            50, 20_000, rng=np.random.default_rng(7))
        # se of the mean: sqrt(1/(d n)) -> 4 se; the sample variance has
        # relative se sqrt(2/n) ~ 1% (the cosine is nearly normal): 5 se
        assert abs(c.mean()) < 4 / math.sqrt(50 * 20_000)
        assert c.var() == pytest.approx(1 / 50, rel=0.05)

    @pytest.mark.parametrize("d", [1, 0, 2.5])
    def test_bad_d(self, d):
        with pytest.raises(ValueError, match="d"):
            vectors.random_cosine_similarities(d, 10,
                                               rng=np.random.default_rng(0))

    @pytest.mark.parametrize("rng_", [None, 42, np.random.RandomState(0)])
    def test_bad_rng(self, rng_):
        with pytest.raises(ValueError, match="rng"):
            vectors.random_cosine_similarities(3, 10, rng=rng_)


class TestCosineSpread:
    def test_fields(self):
        s = vectors.cosine_spread([4, 16], 300, rng=np.random.default_rng(0))
        np.testing.assert_array_equal(s.dims, [4, 16])
        np.testing.assert_array_equal(s.reference, [0.5, 0.25])  # exact
        assert s.std.shape == s.mean.shape == (2,)

    @pytest.mark.parametrize("dims", [[], [[2, 3]], [1, 4], [2.5]])
    def test_bad_dims(self, dims):
        with pytest.raises(ValueError, match="dims"):
            vectors.cosine_spread(dims, 10, rng=np.random.default_rng(0))

    def test_bad_n_pairs(self):
        with pytest.raises(ValueError, match="n_pairs"):
            vectors.cosine_spread([3], 1, rng=np.random.default_rng(0))


def test_claim_fig_vec_cosine():
    """Claim of fig-vec-cosine: the cosine similarity of independent
    Gaussian vectors concentrates at 0 as the dimension grows; its standard
    deviation is within 10% of 1/sqrt(d) for every d shown and decreases
    with d."""
    # caption: "1,000 pairs per $d$"; alt text: "seven dots"
    assert COSINE_PAIRS == 1000 and len(COSINE_DIMS) == 7
    s = vectors.cosine_spread(COSINE_DIMS, COSINE_PAIRS,
                              rng=np.random.default_rng(COSINE_SEED))
    # relative se of a sample sd from 1000 draws: about
    # sqrt((kurtosis - 1) / 1000) / 2 <= 1/sqrt(2 * 1000) = 2.2% (the
    # cosine's kurtosis is 3 - 6/(d + 2) <= 3), so the caption's 10% is at
    # least 4.5 standard errors
    np.testing.assert_allclose(s.std, 1 / np.sqrt(COSINE_DIMS), rtol=0.10)
    assert np.all(np.diff(s.std) < 0)
    assert np.all(np.abs(s.mean) < 4 * s.std / math.sqrt(COSINE_PAIRS))


# ------------------------------------------------ issue 8: defect classes
POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))
MODERATE_VEC = arrays(np.float64, 4, elements=st.floats(0.5, 2.0).flatmap(
    lambda v: st.sampled_from([v, -v])))


class TestScaleLaws:
    """Scale-invariant results stay equal and homogeneous ones scale
    exactly, for scale factors 2^j spanning 10^-300 .. 10^300."""

    @given(MODERATE_VEC, POW2, st.sampled_from([1.0, 2.0, 3.0, INF]))
    @settings(max_examples=100)
    def test_p_norm_is_homogeneous(self, x, j, p):
        assert vectors.p_norm(np.ldexp(x, j), p) == math.ldexp(
            vectors.p_norm(x, p), j)

    @given(MODERATE_VEC, MODERATE_VEC, POW2)
    @settings(max_examples=100)
    def test_distance_is_homogeneous(self, x, y, j):
        assert vectors.distance(np.ldexp(x, j), np.ldexp(y, j)) == \
            math.ldexp(vectors.distance(x, y), j)

    @given(MODERATE_VEC, MODERATE_VEC, POW2, POW2)
    @settings(max_examples=100)
    def test_directions_are_scale_invariant(self, x, y, j, k):
        xs, ys = np.ldexp(x, j), np.ldexp(y, k)
        assert vectors.cosine_similarity(xs, ys) == \
            vectors.cosine_similarity(x, y)
        assert vectors.angle(xs, ys) == vectors.angle(x, y)
        np.testing.assert_array_equal(vectors.normalize(xs),
                                      vectors.normalize(x))

    @given(MODERATE_VEC, MODERATE_VEC, POW2, POW2)
    @settings(max_examples=100)
    def test_projection_scales_with_v_only(self, v, u, j, k):
        """proj_{2^k u}(2^j v) = 2^j proj_u(v), coefficient 2^(j-k) c
        (while the coefficient stays in range: |j - k| <= 1000)."""
        if abs(j - k) > 1000:
            return
        base = vectors.project_onto_line(v, u)
        got = vectors.project_onto_line(np.ldexp(v, j), np.ldexp(u, k))
        np.testing.assert_array_equal(got.projection,
                                      np.ldexp(base.projection, j))
        assert got.coefficient == math.ldexp(base.coefficient, j - k)

    def test_nearest_prototype_at_any_scale(self):
        X = np.array([[1e308, -1e308], [-1e308, 1e308]])
        C = np.array([[1.7e308, -1.7e308], [-1.7e308, 1.7e308]])
        np.testing.assert_array_equal(vectors.nearest_prototype(X, C), [0, 1])
        with pytest.raises(ValueError, match="distance"):
            vectors.pairwise_distances(X, C)      # 3.4e308: not a float


class TestHostileInput:
    @pytest.mark.parametrize("p", ["2", True, 2 + 0j, None, [2]])
    def test_p_is_never_reinterpreted(self, p):
        with pytest.raises(TypeError, match="p"):
            vectors.check_p(p)

    def test_p_beyond_the_float_range(self):
        with pytest.raises(ValueError, match="use numpy.inf"):
            vectors.p_norm([1.0], 10**400)

    @pytest.mark.parametrize("bad", [[3 + 4j], ["3", "4"], [True, False]])
    def test_complex_is_not_cut_to_its_real_part(self, bad):
        """Issue example: p_norm([3+4j]) returned 3.0 with a warning."""
        with pytest.raises(TypeError, match="x"):
            vectors.p_norm(bad)

    @pytest.mark.parametrize("call", [
        lambda: vectors.unit_ball_boundary(2, 2**40),
        lambda: vectors.decision_grid([[0.0, 0.0]], n_grid=2**20),
        lambda: vectors.random_cosine_similarities(2**20, 2**20,
                                                   rng=np.random.default_rng()),
    ])
    def test_huge_counts_are_refused_before_allocating(self, call):
        with pytest.raises(ValueError, match="n_points|n_grid|d"):
            call()

    def test_tiny_direction(self):
        """u = 5e-324 spans a line; the coefficient 2/5e-324 does not fit."""
        with pytest.raises(ValueError, match="coefficient"):
            vectors.project_onto_line([2.0, 0.0], [5e-324, 0.0])
        res = vectors.project_onto_line([2.0, 0.0], [1e-300, 0.0])
        assert res.coefficient == 2.0 / 1e-300


# ------------------------------------------------------ issue 9 additions
def _offset_cosines(seed=5, d=300, n=2000, offset=0.5):
    """The chapter's vec-offset cell: isotropic, shifted, centred pairs."""
    g = np.random.default_rng(seed)
    iso = g.standard_normal((2 * n, d))
    shifted = iso + offset
    centred = shifted - shifted.mean(axis=0)
    out = {}
    for name, e in [("iso", iso), ("shifted", shifted), ("centred", centred)]:
        eu = vectors.normalize(e)
        out[name] = np.sum(eu[:n] * eu[n:], axis=1)
    return out


@pytest.mark.parametrize("seed", [5, 6])
def test_claim_fig_vec_cosine_offset(seed):
    """Right panel of fig-vec-cosine: "isotropic pairs follow the dashed
    N(0, 1/d) density, a shared offset moves the whole distribution to
    about 0.2, and centring the vectors brings it back to zero"."""
    d, n = 300, 2000
    # caption: "histograms of 2,000 cosines in $d = 300$" (vec-offset cell)
    assert (d, n) == (300, 2000)
    c = _offset_cosines(seed, d, n)
    se = {k: v.std(ddof=1) / math.sqrt(n) for k, v in c.items()}
    # offset a per coordinate: cos -> a^2 / (1 + a^2) = 0.2, up to O(1/d)
    assert abs(c["shifted"].mean() - 0.2) < 4 * se["shifted"] + 2 / d
    for k in ("iso", "centred"):
        assert abs(c[k].mean()) < 4 * se[k] + 1 / n   # centring bias -1/(2n-1)
        # sd of a sample sd from n draws: ~ 1/sqrt(2n) relative -> 1.6%;
        # 10% is about 6 of them
        assert c[k].std(ddof=1) == pytest.approx(1 / math.sqrt(d), rel=0.10)
    # a KS test against N(0, 1/d) for the isotropic set (d = 300: the exact
    # law differs from the normal by O(1/d))
    from scipy import stats
    assert stats.kstest(c["iso"] * math.sqrt(d), "norm").pvalue > 1e-3
    # the shifted and isotropic distributions barely overlap
    assert np.median(c["shifted"]) > np.quantile(c["iso"], 0.99)


def test_claim_fig_vec_decision_regions_query():
    """Caption: the star "falls in a different region in each panel"; the
    insets magnify a square of half-width 0.15 around it, inside which
    every norm's boundary passes (so the zoom is needed) while the query's
    own label is unambiguous (margin well above rounding)."""
    labels, margins = [], []
    for p, metric in METRICS.items():
        dist = sd.cdist(QUERY, PROTOTYPES, metric)[0]
        order = np.argsort(dist)
        labels.append(int(vectors.nearest_prototype(QUERY, PROTOTYPES, p)[0]))
        assert labels[-1] == order[0]
        margins.append(dist[order[1]] - dist[order[0]])
    assert len(set(labels)) == 3
    assert min(margins) > 0.05                      # >> rounding
    h = 0.15
    for p in (1, 2, INF):
        g = vectors.decision_grid(PROTOTYPES, p, extent=(
            QUERY[0, 0] - h, QUERY[0, 0] + h, QUERY[0, 1] - h,
            QUERY[0, 1] + h), n_grid=61)
        assert np.unique(g.labels).size >= 2       # a boundary in the zoom


def test_claim_vec_float32_near_ties():
    """Exercise vec-float32: float32 keeps the top ten of well-separated
    scores, but reorders near-duplicates whose scores differ by less than
    its rounding error."""
    g = np.random.default_rng(4)
    e = g.standard_normal((1000, 384))
    q = e[:1] + 0.5 * g.standard_normal((1, 384))
    s64 = vectors.pairwise_cosine(e, q)[:, 0]
    e32 = vectors.normalize(e).astype(np.float32)
    q32 = vectors.normalize(q).astype(np.float32)
    s32 = (e32 @ q32.T)[:, 0]
    # float32 dot of unit vectors: error <= n u32 (n = 384) plus casting
    u32 = np.finfo(np.float32).eps / 2
    diff = np.max(np.abs(s64 - s32))
    assert diff < 2 * 384 * u32
    assert np.array_equal(np.argsort(-s64)[:10], np.argsort(-s32)[:10])
    dup = e[1] + 1e-6 * g.standard_normal((10, 384))
    d64 = vectors.pairwise_cosine(dup, q)[:, 0]
    d32 = (vectors.normalize(dup).astype(np.float32) @ q32.T)[:, 0]
    assert np.min(np.diff(np.sort(d64))) < diff     # ties below the error
    assert np.sum(np.argsort(-d64) != np.argsort(-d32)) >= 2
