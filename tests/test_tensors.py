"""Tests for execmath.tensors against NumPy, SciPy and PyTorch oracles."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial.distance import cdist

from execmath import tensors

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
    np.testing.assert_array_equal(grid, np.add.outer(u, v))
    np.testing.assert_array_equal(
        tensors.broadcast_add(u[:, None], v[None, :]), np.add.outer(u, v))


def test_claim_fig_tens_batched_matmul():
    """Prose of the figure: "all three methods, np.einsum and torch.bmm
    agree to 1e-12" on C_bij = sum_k A_bik B_bkj, shape (b, m, n).
    (The timing panel is measured, never asserted: see make bench.)"""
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
        for ref in oracles:
            np.testing.assert_allclose(out, ref, rtol=1e-12, atol=1e-12)


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
        np.testing.assert_allclose(tensors.standardize(x, axis=axis),
                                   stats.zscore(x, axis=axis), rtol=1e-12,
                                   atol=1e-12)

    def test_without_keepdims_square_is_silently_wrong(self):
        """The pitfall the function avoids: on a square matrix the row
        means without keepdims broadcast along the wrong axis."""
        x = np.random.default_rng(3).standard_normal((4, 4))
        wrong = x - x.mean(axis=1)                  # (4,) acts as a row
        right = x - x.mean(axis=1, keepdims=True)   # (4, 1) a column
        assert wrong.shape == right.shape == (4, 4)
        assert not np.allclose(wrong, right)
        np.testing.assert_allclose(right.mean(axis=1), 0.0, atol=1e-15)
        # entry (i, j) loses the mean of row j instead of row i
        np.testing.assert_allclose(wrong, x - x.mean(axis=1)[None, :])

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
        np.testing.assert_allclose(impl(a, c),
                                   np.einsum("bik,bkj->bij", a, c),
                                   rtol=1e-12, atol=1e-12)

    @pytest.mark.parametrize("impl", _IMPLS)
    def test_wrong_ndim(self, impl):
        with pytest.raises(ValueError, match="a must have ndim"):
            impl(np.ones((2, 3)), np.ones((3, 2)))
        with pytest.raises(ValueError, match="b must have ndim"):
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
        np.testing.assert_allclose(fn(x, y), cdist(x, y, "sqeuclidean"),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(fn(x), cdist(x, x, "sqeuclidean"),
                                   rtol=1e-12, atol=1e-12)

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
        np.testing.assert_allclose(study.speedup(),
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
    rng = np.random.default_rng(9)
    bias = torch.zeros((1, 4), dtype=torch.float64, requires_grad=True)
    x = torch.from_numpy(rng.standard_normal((2, 3, 4)))
    g = torch.from_numpy(rng.standard_normal((2, 3, 4)))
    assert tensors.broadcast_shape((1, 4), (2, 3, 4)) == tuple(x.shape)
    ((x + bias) * g).sum().backward()
    expected = g.sum(dim=0).sum(dim=0, keepdim=True)     # (1, 4)
    assert tuple(bias.grad.shape) == (1, 4)
    torch.testing.assert_close(bias.grad, expected)
