"""Tests for execmath.tensors against NumPy, SciPy and PyTorch oracles."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial.distance import cdist

from execmath import tensors

U = np.finfo(np.float64).eps / 2        # unit roundoff


def gamma(k):
    """Higham's gamma_k = k u / (1 - k u): the bound of k roundings."""
    return k * U / (1 - k * U)


def matmul_bound(a, b):
    """|fl(AB) - AB| <= gamma_k |A||B| for any summation order (k inner
    dimension); two implementations differ by at most twice that."""
    return 2 * gamma(a.shape[-1]) * np.matmul(np.abs(a), np.abs(b))

# --------------------------------------------------------------------------
# strategies
# --------------------------------------------------------------------------

# Small sizes with 1 over-represented, so compatible pairs are common.
_size = st.sampled_from([0, 1, 1, 1, 2, 3, 4])
_shape = st.lists(_size, min_size=0, max_size=4).map(tuple)


@st.composite
def _compatible_shapes(draw, count=2):
    """Shapes that broadcast by construction: drop leading axes and replace
    some sizes of a common base shape by 1."""
    base = draw(st.lists(st.integers(1, 4), min_size=0, max_size=4))
    out = []
    for _ in range(count):
        keep = draw(st.integers(0, len(base)))
        tail = base[len(base) - keep:]
        ones = draw(st.lists(st.booleans(), min_size=keep, max_size=keep))
        out.append(tuple(1 if o else n for n, o in zip(tail, ones)))
    return out


def _numpy_outcome(*shapes):
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        return ValueError


def _our_outcome(*shapes):
    try:
        return tensors.broadcast_shape(*shapes)
    except ValueError:
        return ValueError


# --------------------------------------------------------------------------
# Figure claims
# --------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(shapes=st.lists(_shape, min_size=1, max_size=3))
def test_claim_fig_tens_broadcasting(shapes):
    """Caption: "Observe that cell (i, j) of the result is u_i + v_j: the
    (3, 4) grid holds every pairwise sum." The rule behind it (align
    trailing axes, sizes equal or 1) gives the same shape as NumPy and
    fails exactly when NumPy fails."""
    # the rule, against NumPy, on arbitrary (mostly incompatible) shapes
    assert _our_outcome(*shapes) == _numpy_outcome(*shapes)
    # the grid of the figure
    u = np.array([0.0, 10.0, 20.0])
    v = np.array([1.0, 2.0, 3.0, 4.0])
    grid = tensors.outer_sum(u, v)
    assert grid.shape == (3, 4)
    # caption: "a column (3, 1) and a row (1, 4)"; alt text: "holds the
    # sums from 1 to 24"
    assert u[:, None].shape == (3, 1) and v[None, :].shape == (1, 4)
    assert (grid.min(), grid.max()) == (1.0, 24.0)
    np.testing.assert_array_equal(grid, np.add.outer(u, v))
    np.testing.assert_array_equal(
        tensors.broadcast_add(u[:, None], v[None, :]), np.add.outer(u, v))


def test_claim_fig_tens_batched_matmul():
    """Prose of the figure: "all three methods, np.einsum and torch.bmm
    agree to 1e-12" on C_bij = sum_k A_bik B_bkj, shape (b, m, n).
    (The timing panel is measured, never asserted: see make bench.)"""
    torch = pytest.importorskip("torch", reason="PyTorch is an optional "
                                "oracle; the NumPy ones still run below")
    rng = np.random.default_rng(7)
    a = rng.standard_normal((16, 5, 3))   # (b, m, k)
    b = rng.standard_normal((16, 3, 4))   # (b, k, n)
    oracles = [
        np.matmul(a, b),
        np.einsum("bik,bkj->bij", a, b),
        torch.bmm(torch.from_numpy(a), torch.from_numpy(b)).numpy(),
        torch.einsum("bik,bkj->bij", torch.from_numpy(a),
                     torch.from_numpy(b)).numpy(),
    ]
    for impl in (tensors.batched_matmul_loop,
                 tensors.batched_matmul_per_batch,
                 tensors.batched_matmul):
        out = impl(a, b)
        assert out.shape == (16, 5, 4)
        assert out.dtype == np.float64
        bound = matmul_bound(a, b)          # ~1e-15: within the "1e-12"
        assert bound.max() < 1e-12
        for ref in oracles:
            assert np.all(np.abs(out - ref) <= bound)


# --------------------------------------------------------------------------
# broadcast_shape
# --------------------------------------------------------------------------

class TestBroadcastShape:
    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(shapes=_compatible_shapes(count=3))
    def test_compatible_matches_numpy(self, shapes):
        assert tensors.broadcast_shape(*shapes) == \
            np.broadcast_shapes(*shapes)

    @pytest.mark.parametrize("shapes, expected", [
        (((3, 1), (1, 4)), (3, 4)),
        (((5,), (2, 1)), (2, 5)),
        (((8, 1, 6, 1), (7, 1, 5)), (8, 7, 6, 5)),
        (((0,), (1,)), (0,)),
        (((), (2, 3)), (2, 3)),
        ((3, (2, 3)), (2, 3)),
    ])
    def test_known_cases(self, shapes, expected):
        assert tensors.broadcast_shape(*shapes) == expected
        assert np.broadcast_shapes(*shapes) == expected

    def test_no_shapes(self):
        assert tensors.broadcast_shape() == np.broadcast_shapes() == ()

    @pytest.mark.parametrize("a, b, axis", [
        ((3,), (4,), -1),
        ((2, 3, 1), (4, 5), -2),
        ((2, 1), (3, 3, 1), -2),
        ((4, 2), (3, 2), -2),
    ])
    def test_error_names_axis(self, a, b, axis):
        with pytest.raises(ValueError, match=f"axis {axis} "):
            tensors.broadcast_shape(a, b)
        with pytest.raises(ValueError):
            np.broadcast_shapes(a, b)

    @pytest.mark.parametrize("bad", [(2, -1), (2.0, 3), "ab", None, (True,)])
    def test_malformed_shape(self, bad):
        with pytest.raises(ValueError, match="shapes"):
            tensors.broadcast_shape((2, 3), bad)


# --------------------------------------------------------------------------
# stretch, broadcast_add, outer_sum
# --------------------------------------------------------------------------

class TestStretch:
    @settings(max_examples=100, deadline=None, derandomize=True, database=None)
    @given(shapes=_compatible_shapes(count=2))
    def test_matches_broadcast_to(self, shapes):
        target = np.broadcast_shapes(*shapes)
        x = np.arange(np.prod(shapes[0]), dtype=float).reshape(shapes[0])
        out = tensors.stretch(x, target)
        np.testing.assert_array_equal(out, np.broadcast_to(x, target))
        assert not np.shares_memory(out, x)

    def test_bad_target(self):
        with pytest.raises(ValueError, match="shape"):
            tensors.stretch(np.ones((3, 2)), (3, 4))
        with pytest.raises(ValueError, match="shape"):
            tensors.stretch(np.ones((3, 2)), (2,))


class TestBroadcastAdd:
    @settings(max_examples=100, deadline=None, derandomize=True, database=None)
    @given(shapes=_compatible_shapes(count=2))
    def test_matches_numpy_plus(self, shapes):
        rng = np.random.default_rng(0)
        a = rng.standard_normal(shapes[0])
        b = rng.standard_normal(shapes[1])
        np.testing.assert_array_equal(tensors.broadcast_add(a, b), a + b)

    def test_incompatible(self):
        with pytest.raises(ValueError, match="axis -1"):
            tensors.broadcast_add(np.ones(3), np.ones(4))

    def test_nan(self):
        with pytest.raises(ValueError, match="a"):
            tensors.broadcast_add([1.0, np.nan], [1.0])
        with pytest.raises(ValueError, match="b"):
            tensors.broadcast_add([1.0], [np.nan])


class TestOuterSum:
    def test_matches_add_outer(self):
        rng = np.random.default_rng(1)
        u, v = rng.standard_normal(5), rng.standard_normal(7)
        np.testing.assert_array_equal(tensors.outer_sum(u, v),
                                      np.add.outer(u, v))

    def test_bad_ndim(self):
        with pytest.raises(ValueError, match="u"):
            tensors.outer_sum(np.ones((2, 1)), np.ones(3))
        with pytest.raises(ValueError, match="v"):
            tensors.outer_sum(np.ones(2), np.ones((3, 1)))


# --------------------------------------------------------------------------
# standardize (reductions with keepdims)
# --------------------------------------------------------------------------

class TestStandardize:
    @pytest.mark.parametrize("shape, axis", [
        ((20, 3), 0), ((20, 3), 1), ((4, 5, 6), -1), ((4, 5, 6), 1),
        ((6, 6), 1),
    ])
    def test_matches_scipy_zscore(self, shape, axis):
        x = np.random.default_rng(2).standard_normal(shape)
        # mean and sd of n entries carry ~n u |x|max and ~n u relative
        # errors; z = (x - mu)/sigma therefore ~ n u (|x|max/sigma + |z|),
        # on each side
        n = x.shape[axis]
        want = stats.zscore(x, axis=axis)
        sd = x.std(axis=axis, keepdims=True)
        tol = 4 * n * U * (np.abs(x).max() / sd + np.abs(want))
        assert np.all(np.abs(tensors.standardize(x, axis=axis) - want) <= tol)

    def test_without_keepdims_square_is_silently_wrong(self):
        """The pitfall the function avoids: on a square matrix the row
        means without keepdims broadcast along the wrong axis."""
        x = np.random.default_rng(3).standard_normal((4, 4))
        wrong = x - x.mean(axis=1)                  # (4,) acts as a row
        right = x - x.mean(axis=1, keepdims=True)   # (4, 1) a column
        assert wrong.shape == right.shape == (4, 4)
        assert not np.allclose(wrong, right)
        # the mean of x - mean(x): n u max|x| (two sums of n terms)
        np.testing.assert_allclose(right.mean(axis=1), 0.0,
                                   atol=2 * 4 * U * np.abs(x).max())
        # entry (i, j) loses the mean of row j instead of row i (the same
        # operations: bit for bit)
        np.testing.assert_array_equal(wrong, x - x.mean(axis=1)[None, :])

    def test_without_keepdims_non_square(self):
        """Chapter: "for a non-square one the shapes clash and NumPy raises
        (except for a single column, which silently becomes an (n, n)
        table)"."""
        x = np.random.default_rng(4).standard_normal((3, 5))
        with pytest.raises(ValueError):
            x - x.mean(axis=1)                      # (3, 5) - (3,)
        col = x[:, :1]                              # (3, 1)
        assert (col - col.mean(axis=1)).shape == (3, 3)

    def test_constant_slice(self):
        with pytest.raises(ValueError, match="constant"):
            tensors.standardize(np.ones((5, 2)), axis=0)

    @pytest.mark.parametrize("axis", [2, -3, 1.0, True])
    def test_bad_axis(self, axis):
        with pytest.raises(ValueError, match="axis"):
            tensors.standardize(np.ones((3, 2)) + np.eye(3, 2), axis=axis)

    def test_nan(self):
        with pytest.raises(ValueError, match="x"):
            tensors.standardize([[1.0, np.nan], [2.0, 3.0]])


# --------------------------------------------------------------------------
# batched matmul
# --------------------------------------------------------------------------

_IMPLS = [tensors.batched_matmul_loop, tensors.batched_matmul_per_batch,
          tensors.batched_matmul]


class TestBatchedMatmul:
    @pytest.mark.parametrize("impl", _IMPLS)
    @pytest.mark.parametrize("b, m, k, n", [(1, 1, 1, 1), (3, 2, 5, 1),
                                            (4, 3, 3, 3), (2, 1, 6, 4)])
    def test_matches_einsum(self, impl, b, m, k, n):
        rng = np.random.default_rng(b * 1000 + m * 100 + k * 10 + n)
        a = rng.standard_normal((b, m, k))
        c = rng.standard_normal((b, k, n))
        got = impl(a, c)
        assert np.all(np.abs(got - np.einsum("bik,bkj->bij", a, c))
                      <= matmul_bound(a, c))

    @pytest.mark.parametrize("impl", _IMPLS)
    def test_wrong_ndim(self, impl):
        with pytest.raises(ValueError, match="a must be 3-D"):
            impl(np.ones((2, 3)), np.ones((3, 2)))
        with pytest.raises(ValueError, match="b must be 3-D"):
            impl(np.ones((1, 2, 3)), np.ones((3, 2)))

    @pytest.mark.parametrize("impl", _IMPLS)
    def test_inner_mismatch(self, impl):
        with pytest.raises(ValueError, match="inner dimensions"):
            impl(np.ones((2, 3, 4)), np.ones((2, 5, 2)))

    @pytest.mark.parametrize("impl", _IMPLS)
    def test_batch_mismatch(self, impl):
        with pytest.raises(ValueError, match="batch size"):
            impl(np.ones((2, 3, 4)), np.ones((3, 4, 2)))

    @pytest.mark.parametrize("impl", _IMPLS)
    def test_nan(self, impl):
        bad = np.ones((1, 2, 2))
        bad[0, 1, 1] = np.nan
        with pytest.raises(ValueError, match="b must be finite"):
            impl(np.ones((1, 2, 2)), bad)


# --------------------------------------------------------------------------
# pairwise squared distances
# --------------------------------------------------------------------------

class TestPairwiseSqDistances:
    @pytest.mark.parametrize("fn", [tensors.pairwise_sq_distances,
                                    tensors.pairwise_sq_distances_direct])
    def test_matches_cdist(self, fn):
        rng = np.random.default_rng(4)
        x, y = rng.standard_normal((6, 3)), rng.standard_normal((4, 3))
        for p, q in ((x, y), (x, x)):
            # the expanded formula cancels: its error is bounded by
            # (d + 3) u (|p_i|^2 + |q_j|^2 + 2 |p_i||q_j|) <= 2 (d + 3) u
            # (|p_i| + |q_j|)^2; the direct one and cdist by (d + 1) u D.
            sq = (np.linalg.norm(p, axis=1)[:, None]
                  + np.linalg.norm(q, axis=1)[None, :]) ** 2
            tol = 4 * (3 + 3) * U * sq
            got = fn(p, q) if p is not q else fn(p)
            assert np.all(np.abs(got - cdist(p, q, "sqeuclidean")) <= tol)

    def test_cancellation_negative_without_clip(self):
        """Far from the origin the expanded formula cancels: the diagonal
        (distance of a point to itself) comes out negative unless clipped;
        the direct difference is exactly zero there."""
        rng = np.random.default_rng(0)
        x = 1e4 + rng.standard_normal((50, 3))
        raw = tensors.pairwise_sq_distances(x, clip=False)
        assert raw.min() < 0.0
        assert tensors.pairwise_sq_distances(x).min() == 0.0
        np.testing.assert_array_equal(
            np.diag(tensors.pairwise_sq_distances_direct(x)), 0.0)

    @pytest.mark.parametrize("fn", [tensors.pairwise_sq_distances,
                                    tensors.pairwise_sq_distances_direct])
    def test_bad_inputs(self, fn):
        with pytest.raises(ValueError, match="features"):
            fn(np.ones((3, 2)), np.ones((3, 4)))
        with pytest.raises(ValueError, match="x"):
            fn(np.ones(3))
        with pytest.raises(ValueError, match="y"):
            fn(np.ones((2, 2)), [[np.nan, 1.0]])


# --------------------------------------------------------------------------
# memory layout
# --------------------------------------------------------------------------

class TestLayout:
    @settings(max_examples=100, deadline=None, derandomize=True, database=None)
    @given(shape=st.lists(st.integers(1, 5), max_size=4).map(tuple),
           dtype=st.sampled_from([np.float64, np.float32, np.int16]))
    def test_c_strides_match_numpy(self, shape, dtype):
        arr = np.empty(shape, dtype=dtype, order="C")
        assert tensors.c_strides(shape, arr.itemsize) == arr.strides

    def test_byte_offset_c_order(self):
        shape = (3, 4, 5)
        arr = np.empty(shape)
        for idx in [(0, 0, 0), (1, 2, 3), (2, 3, 4)]:
            off = tensors.byte_offset(idx, arr.strides)
            assert off // arr.itemsize == np.ravel_multi_index(idx, shape)

    def test_byte_offset_on_views(self):
        """Offsets with a view's strides find the view's elements in the
        base array's memory (transpose, step slicing, broadcast)."""
        base = np.arange(60.0).reshape(3, 4, 5)
        flat = base.ravel()
        views = [base.T, base[:, ::2, 1:], base[::-1],
                 np.broadcast_to(base[:, :1, :], (3, 4, 5))]
        for v in views:
            start = (v.__array_interface__["data"][0]
                     - base.__array_interface__["data"][0])
            for idx in np.ndindex(v.shape):
                off = start + tensors.byte_offset(idx, v.strides)
                assert flat[off // base.itemsize] == v[idx]

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="index"):
            tensors.byte_offset((1, 2), (8,))
        with pytest.raises(ValueError, match="index"):
            tensors.byte_offset((-1,), (8,))
        with pytest.raises(ValueError, match="shape"):
            tensors.c_strides((2, -3))
        with pytest.raises(ValueError, match="itemsize"):
            tensors.c_strides((2, 3), itemsize=0)


# --------------------------------------------------------------------------
# timing (structure only: timings are never asserted)
# --------------------------------------------------------------------------

class TestTimeCallable:
    def test_calls_and_record(self):
        calls = []
        rec = tensors.time_callable(lambda: calls.append(1), repeat=4,
                                    number=3)
        assert len(calls) == 12
        assert len(rec.times) == 4 and rec.number == 3
        assert all(t >= 0.0 for t in rec.times)
        assert rec.best == min(rec.times) <= rec.median

    @pytest.mark.parametrize("kw, name", [({"repeat": 0}, "repeat"),
                                          ({"number": -1}, "number"),
                                          ({"repeat": 2.5}, "repeat")])
    def test_bad_counts(self, kw, name):
        with pytest.raises(ValueError, match=name):
            tensors.time_callable(lambda: None, **kw)

    def test_not_callable(self):
        with pytest.raises(ValueError, match="fn"):
            tensors.time_callable(3)


class TestMatmulTimingStudy:
    def test_structure(self):
        study = tensors.matmul_timing_study(
            [1, 3], 2, 3, 2, rng=np.random.default_rng(0), repeat=1)
        assert study.shape == (2, 3, 2)
        np.testing.assert_array_equal(study.batch_sizes, [1, 3])
        for t in (study.loop, study.per_batch, study.vectorised):
            assert t.shape == (2,) and np.all(t > 0)
        np.testing.assert_array_equal(study.speedup(),
                                      study.loop / study.vectorised)

    def test_bad_inputs(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="batch_sizes"):
            tensors.matmul_timing_study([], rng=rng)
        with pytest.raises(ValueError, match="batch_sizes"):
            tensors.matmul_timing_study([0, 2], rng=rng)
        with pytest.raises(ValueError, match="rng"):
            tensors.matmul_timing_study([1], rng=0)
        with pytest.raises(ValueError, match="k"):
            tensors.matmul_timing_study([1], 2, 0, 2, rng=rng)


def test_gradient_of_broadcast_is_reduction():
    """The chapter's bridge claim: an operand broadcast over some axes gets
    the upstream gradient summed over those axes (torch autograd as the
    oracle, the stretched shape computed by broadcast_shape)."""
    torch = pytest.importorskip("torch", reason="PyTorch autograd is the "
                                "oracle of this test")
    rng = np.random.default_rng(9)
    bias = torch.zeros((1, 4), dtype=torch.float64, requires_grad=True)
    x = torch.from_numpy(rng.standard_normal((2, 3, 4)))
    g = torch.from_numpy(rng.standard_normal((2, 3, 4)))
    assert tensors.broadcast_shape((1, 4), (2, 3, 4)) == tuple(x.shape)
    ((x + bias) * g).sum().backward()
    expected = g.sum(dim=0).sum(dim=0, keepdim=True)     # (1, 4)
    assert tuple(bias.grad.shape) == (1, 4)
    # two sums of the same 6 numbers in possibly different orders
    tol = 2 * gamma(6) * float(g.abs().sum(dim=(0, 1)).max())
    torch.testing.assert_close(bias.grad, expected, rtol=0, atol=tol)


# --------------------------------------------------------------------------
# issue 8: scale laws, overflow, reinterpretation
# --------------------------------------------------------------------------
POW2 = st.integers(-300, 300).map(lambda k: round(k * math.log2(10)))


class TestIssue8:
    @given(st.integers(0, 2**32 - 1), POW2)
    @settings(max_examples=60)
    def test_standardize_is_scale_invariant(self, seed, j):
        """z(2^j x) == z(x) bit for bit for 2^j from 1e-300 to 1e300."""
        x = np.random.default_rng(seed).standard_normal((5, 3))
        np.testing.assert_array_equal(tensors.standardize(np.ldexp(x, j)),
                                      tensors.standardize(x))

    def test_standardize_issue_example(self):
        np.testing.assert_array_equal(tensors.standardize([1e200, -1e200]),
                                      [1.0, -1.0])

    @given(st.integers(0, 2**32 - 1), POW2, POW2)
    @settings(max_examples=40)
    def test_matmul_is_homogeneous(self, seed, j, k):
        if abs(j + k) > 1000:
            return
        rng = np.random.default_rng(seed)
        a, b = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 4, 2))
        for impl in _IMPLS:
            np.testing.assert_array_equal(
                impl(np.ldexp(a, j), np.ldexp(b, k)),
                np.ldexp(impl(a, b), j + k))

    def test_squared_distances_beyond_the_range(self):
        with pytest.raises(ValueError, match="squared distance"):
            tensors.pairwise_sq_distances([[1e200, 0.0]], [[0.0, 0.0]])
        # (4e150)^2 fits: one subtraction and one square, 3u
        np.testing.assert_allclose(
            tensors.pairwise_sq_distances_direct([[3e150]], [[-1e150]]),
            [[1.6e301]], rtol=4 * U)

    @pytest.mark.parametrize("bad", [(1.5, 2), (2.0, 1), ("1", 2), (True, 8)])
    def test_strides_are_not_truncated(self, bad):
        """Issue example: float strides were truncated by int()."""
        with pytest.raises(TypeError, match="strides"):
            tensors.byte_offset((1, 1), bad)

    def test_stretch_refuses_what_is_not_a_number(self):
        for bad in (["a", "b"], [1j], [True], None):
            with pytest.raises(TypeError, match="x"):
                tensors.stretch(bad, (2,))

    def test_counts_that_would_run_for_hours(self):
        with pytest.raises(ValueError, match="repeat"):
            tensors.time_callable(lambda: None, repeat=2**40)
        with pytest.raises(ValueError, match="batch_sizes"):
            tensors.matmul_timing_study([10**6], 64, 64, 64,
                                        rng=np.random.default_rng(0))


@pytest.mark.parametrize("n", [50, 200])
def test_claim_tens_contraction_order(n):
    """Chapter: the literal evaluation of "ij,jk,k->i" costs 3 n^3
    operations, the optimal pairwise path (B v first, then A) about 4 n^2,
    and both give the value of A (B v)."""
    g = np.random.default_rng(8)
    a, b = g.standard_normal((2, n, n))
    v = g.standard_normal(n)
    path, info = np.einsum_path("ij,jk,k->i", a, b, v, optimize="optimal")
    assert path == ["einsum_path", (1, 2), (0, 1)]
    counts = {line.split(":")[0].strip(): float(line.split(":")[1])
              for line in info.splitlines() if "FLOP count" in line}
    assert counts["Naive FLOP count"] == 3 * n**3
    assert 4 * n**2 <= counts["Optimized FLOP count"] <= 4 * n**2 + 2 * n
    ref = a @ (b @ v)
    # both orders sum n^2 products per entry: error <= 2 n u sum|a||b||v|
    bound = 2 * n * np.finfo(float).eps * (np.abs(a) @ (np.abs(b) @ np.abs(v)))
    for opt in (False, True):
        got = np.einsum("ij,jk,k->i", a, b, v, optimize=opt)
        assert np.all(np.abs(got - ref) <= bound)


@pytest.mark.parametrize("a, b, out", [((0, 3), (1, 3), (0, 3)),
                                       ((1, 1), (1, 1), (1, 1)),
                                       ((0,), (1,), (0,))])
def test_claim_tens_broadcast_rule_zero_size(a, b, out):
    """@eq-tens-broadcast-shape: the result size is the common size other
    than one (zero against one gives zero, not the maximum one)."""
    assert tensors.broadcast_shape(a, b) == out == np.broadcast_shapes(a, b)


class TestMatmulKernelTimingStudy:
    def test_record_shapes_and_positive_times(self):
        st = tensors.matmul_kernel_timing_study(
            [1, 3], 2, 3, 2, rng=np.random.default_rng(0), repeat=1)
        assert st.batch_sizes.tolist() == [1, 3] and st.shape == (2, 3, 2)
        for t in (st.loop, st.per_batch, st.vectorised):
            assert t.shape == (2,) and np.all(t > 0)

    @pytest.mark.parametrize("kwargs, name", [
        (dict(batch_sizes=[]), "batch_sizes"),
        (dict(batch_sizes=[0]), "batch_sizes"),
        (dict(batch_sizes="12"), "batch_sizes"),
        (dict(m=0), "m"), (dict(repeat=0), "repeat"),
        (dict(batch_sizes=[10**6], m=100), "batch_sizes")])
    def test_bad_input(self, kwargs, name):
        args = dict(batch_sizes=[1], rng=np.random.default_rng(0))
        args.update(kwargs)
        with pytest.raises((ValueError, TypeError), match=name):
            tensors.matmul_kernel_timing_study(**args)
