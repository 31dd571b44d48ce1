"""Tests for execmath.attention against PyTorch, SciPy and analytic oracles.

Tolerances are rounding bounds: a length-k inner product carries a
relative error of at most gamma_k = k u / (1 - k u) (Higham 2002, ch. 3),
so two implementations of the same chain of products differ by at most a
small multiple of u times the summed inner-product lengths, times the
magnitude of the result. Monte Carlo claims use the standard errors that
the study reports and z = 4.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special as sps
from scipy import stats as sst
from scipy.spatial import ConvexHull, Delaunay

from execmath import attention as at
from execmath import fitting, info

U = np.finfo(np.float64).eps / 2        # unit roundoff
Z = 4.0                                 # z for Monte Carlo bands


def gamma(k):
    """Higham's gamma_k: the relative bound of k roundings."""
    return k * U / (1 - k * U)


def rng(seed=0):
    return np.random.default_rng(seed)


def sdpa_tol(q, k, v, scale=None):
    """First-order bound for |attention(ours) - attention(other)|.

    Scores differ by at most 2 gamma_d |q||k| c (two summation orders);
    a score perturbation delta changes a softmax weight by a relative
    2 delta at most, plus (m + 4) u from the exp, sum and division; the
    output adds 2 gamma_m. Everything is multiplied by max |v|.
    """
    q, k, v = map(np.asarray, (q, k, v))
    d, m = q.shape[-1], k.shape[-2]
    c = 1 / math.sqrt(d) if scale is None else scale
    ds = 2 * gamma(d) * c * np.max(np.abs(q) @ np.abs(np.swapaxes(k, -1, -2)))
    return (4 * ds + 2 * gamma(m + 4) + 2 * gamma(m)) * max(
        np.abs(v).max(), 1e-300)


# ------------------------------------------------------------- embeddings
class TestEmbeddings:
    def test_one_hot_rows(self):
        h = at.one_hot([1, 0, 2, 1], 3)
        np.testing.assert_array_equal(h, np.eye(3)[[1, 0, 2, 1]])
        assert h.shape == (4, 3)

    def test_one_hot_any_shape(self):
        ids = np.array([[0, 2], [1, 1]])
        assert at.one_hot(ids, 4).shape == (2, 2, 4)

    @given(st.integers(0, 2**32 - 1), st.integers(1, 9), st.integers(1, 6))
    def test_lookup_equals_one_hot_product_exactly(self, seed, vocab, d):
        """Each sum of H @ E has one non-zero term: bit-for-bit equality."""
        g = rng(seed)
        table = g.standard_normal((vocab, d)) * 10.0 ** g.integers(-5, 5)
        ids = g.integers(0, vocab, size=7)
        np.testing.assert_array_equal(at.one_hot(ids, vocab) @ table,
                                      at.embed(table, ids))

    def test_embed_is_indexing(self):
        t = np.arange(12.0).reshape(4, 3)
        np.testing.assert_array_equal(at.embed(t, [[3, 0]]), t[[[3, 0]]])

    @pytest.mark.parametrize("ids", [[0.0, 1.0], [True, False], ["0"],
                                     [1.5], None])
    def test_ids_must_be_integers(self, ids):
        with pytest.raises(TypeError, match="ids"):
            at.one_hot(ids, 3)
        with pytest.raises(TypeError, match="ids"):
            at.embed(np.eye(3), ids)

    @pytest.mark.parametrize("ids", [[3], [-1], []])
    def test_ids_out_of_range_or_empty(self, ids):
        with pytest.raises(ValueError, match="ids"):
            at.one_hot(np.array(ids, dtype=int), 3)
        with pytest.raises(ValueError, match="ids"):
            at.embed(np.eye(3), np.array(ids, dtype=int))

    def test_bad_vocab_and_table(self):
        with pytest.raises(ValueError, match="vocab_size"):
            at.one_hot([0], 0)
        with pytest.raises(TypeError, match="vocab_size"):
            at.one_hot([0], 2.0)
        with pytest.raises(ValueError, match="table"):
            at.embed(np.ones(3), [0])
        with pytest.raises(ValueError, match="table"):
            at.embed([[1.0, np.nan]], [0])

    def test_huge_result_refused(self):
        with pytest.raises(ValueError, match="vocab_size"):
            at.one_hot(np.zeros(2**20, dtype=int), 2**20)


# ------------------------------------------------------------------ masks
class TestMasks:
    @pytest.mark.parametrize("n, m", [(1, 1), (4, 4), (3, 5), (5, 3)])
    def test_causal_is_tril(self, n, m):
        np.testing.assert_array_equal(at.causal_mask(n, m),
                                      np.tril(np.ones((n, m), bool)))

    def test_causal_matches_torch_is_causal(self):
        torch = pytest.importorskip("torch")
        g = rng(3)
        q, k, v = (g.standard_normal((4, 6, 3)) for _ in range(3))
        t = [torch.from_numpy(a) for a in (q, k, v)]
        f = torch.nn.functional.scaled_dot_product_attention
        np.testing.assert_allclose(
            f(*t, is_causal=True).numpy(),
            f(*t, attn_mask=torch.from_numpy(at.causal_mask(6))).numpy(),
            rtol=0, atol=sdpa_tol(q, k, v))

    def test_padding(self):
        np.testing.assert_array_equal(
            at.padding_mask([0, 2, 3], 3),
            [[False, False, False], [True, True, False], [True, True, True]])

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="n"):
            at.causal_mask(0)
        with pytest.raises(TypeError, match="m"):
            at.causal_mask(3, 2.5)
        with pytest.raises(ValueError, match="n and m"):
            at.causal_mask(2**20, 2**20)
        with pytest.raises(ValueError, match="lengths"):
            at.padding_mask([4], 3)
        with pytest.raises(ValueError, match="lengths"):
            at.padding_mask([-1], 3)
        with pytest.raises(ValueError, match="lengths"):
            at.padding_mask([[1]], 3)
        with pytest.raises(TypeError, match="lengths"):
            at.padding_mask([1.0], 3)
        with pytest.raises(ValueError, match="m"):
            at.padding_mask([1], 0)


# ----------------------------------------------------------------- scores
class TestScores:
    def test_matches_definition(self):
        g = rng(1)
        q, k = g.standard_normal((5, 4)), g.standard_normal((7, 4))
        np.testing.assert_allclose(
            at.attention_scores(q, k), q @ k.T / 2.0,
            rtol=0, atol=2 * gamma(4) * np.max(np.abs(q) @ np.abs(k.T)) / 2)

    def test_scale_argument_and_broadcast(self):
        g = rng(2)
        q, k = g.standard_normal((2, 3, 5, 4)), g.standard_normal((5, 4))
        s = at.attention_scores(q, k, scale=0.5)
        assert s.shape == (2, 3, 5, 5)
        np.testing.assert_allclose(s, 0.5 * q @ k.T, rtol=0,
                                   atol=2 * gamma(4) * 0.5 * 20 * 16)

    @pytest.mark.parametrize("j", [-1000, -300, 300, 500])
    def test_scale_law_exact(self, j):
        """Scores of 2^j q are 2^j times the scores, bit for bit, where
        representable (the power-of-two scaling is exact)."""
        g = rng(4)
        q, k = g.standard_normal((3, 4)), g.standard_normal((3, 4))
        np.testing.assert_array_equal(
            at.attention_scores(np.ldexp(q, j), np.ldexp(k, -j)),
            at.attention_scores(q, k))

    def test_overflow_is_a_value_error(self):
        with pytest.raises(ValueError, match="q, k"):
            at.attention_scores([[1e200]], [[1e200]], scale=1.0)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="q and k"):
            at.attention_scores(np.ones((2, 3)), np.ones((2, 4)))
        with pytest.raises(ValueError, match="q"):
            at.attention_scores(np.ones(3), np.ones((2, 3)))
        with pytest.raises(ValueError, match="k"):
            at.attention_scores(np.ones((2, 3)), [[np.inf, 0, 0]])
        with pytest.raises(ValueError, match="scale"):
            at.attention_scores(np.ones((2, 3)), np.ones((2, 3)), scale=0.0)
        with pytest.raises(TypeError, match="q"):
            at.attention_scores(np.ones((2, 3)) + 1j, np.ones((2, 3)))
        with pytest.raises(ValueError, match="broadcast"):
            at.attention_scores(np.ones((2, 2, 3)), np.ones((3, 2, 3)))


# --------------------------------------------------------- masked softmax
class TestMaskedSoftmax:
    def test_unmasked_is_scipy_softmax(self):
        s = rng(5).standard_normal((4, 6)) * 30
        np.testing.assert_allclose(at.masked_softmax(s).weights,
                                   sps.softmax(s, axis=-1), rtol=8 * gamma(6),
                                   atol=0)

    def test_masked_entries_exactly_zero_and_rest_renormalised(self):
        g = rng(6)
        s = g.standard_normal((5, 7))
        keep = g.random((5, 7)) < 0.6
        keep[:, 0] = True
        r = at.masked_softmax(s, keep)
        assert np.all(r.weights[~keep] == 0.0)
        for i in range(5):
            np.testing.assert_allclose(r.weights[i, keep[i]],
                                       sps.softmax(s[i, keep[i]]),
                                       rtol=8 * gamma(7), atol=0)
        assert not r.fully_masked.any()

    def test_fully_masked_row_gives_zeros_and_flag_no_nan(self):
        s = np.array([[1.0, 2.0], [3.0, 4.0], [-np.inf, -np.inf]])
        keep = np.array([[True, True], [False, False], [True, True]])
        r = at.masked_softmax(s, keep)
        np.testing.assert_array_equal(r.weights[1:], 0.0)
        np.testing.assert_array_equal(r.fully_masked, [False, True, True])
        assert np.all(np.isfinite(r.weights))

    def test_huge_scores(self):
        r = at.masked_softmax([[1e308, -1e308, 1e308]])
        np.testing.assert_array_equal(r.weights, [[0.5, 0.0, 0.5]])

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="scores"):
            at.masked_softmax([[np.nan, 0.0]])
        with pytest.raises(ValueError, match="scores"):
            at.masked_softmax([[np.inf, 0.0]])
        with pytest.raises(ValueError, match="scores"):
            at.masked_softmax(1.0)
        with pytest.raises(TypeError, match="mask"):
            at.masked_softmax([[0.0, 1.0]], mask=[[1, 0]])
        with pytest.raises(TypeError, match="mask"):
            at.masked_softmax([[0.0, 1.0]], mask="yes")
        with pytest.raises(ValueError, match="mask"):
            at.masked_softmax([[0.0, 1.0]], mask=np.ones((3, 2), bool))


# ------------------------------------------------------------- attention
def _torch_sdpa(q, k, v, **kw):
    torch = pytest.importorskip("torch")
    t = [torch.from_numpy(np.ascontiguousarray(a)) for a in (q, k, v)]
    if "attn_mask" in kw and kw["attn_mask"] is not None:
        kw["attn_mask"] = torch.from_numpy(np.ascontiguousarray(
            kw["attn_mask"]))
    return torch.nn.functional.scaled_dot_product_attention(*t, **kw).numpy()


class TestScaledDotProductAttention:
    @pytest.mark.parametrize("shape", [(5, 4), (3, 6, 4), (2, 3, 7, 8)])
    def test_matches_torch(self, shape):
        g = rng(7)
        q = g.standard_normal(shape)
        k = g.standard_normal(shape[:-2] + (9, shape[-1]))
        v = g.standard_normal(shape[:-2] + (9, 3))
        r = at.scaled_dot_product_attention(q, k, v)
        np.testing.assert_allclose(r.output, _torch_sdpa(q, k, v), rtol=0,
                                   atol=sdpa_tol(q, k, v))
        assert r.weights.shape == shape[:-1] + (9,)
        np.testing.assert_allclose(r.weights.sum(-1), 1.0, rtol=0,
                                   atol=gamma(9 + 4))

    def test_matches_torch_with_mask_causal_and_scale(self):
        g = rng(8)
        q, k, v = (g.standard_normal((2, 6, 4)) for _ in range(3))
        mask = g.random((2, 6, 6)) < 0.7
        mask[..., 0] = True
        r = at.scaled_dot_product_attention(q, k, v, mask=mask, scale=0.3)
        np.testing.assert_allclose(
            r.output, _torch_sdpa(q, k, v, attn_mask=mask, scale=0.3),
            rtol=0, atol=sdpa_tol(q, k, v, 0.3))
        rc = at.scaled_dot_product_attention(q, k, v, causal=True)
        np.testing.assert_allclose(rc.output,
                                   _torch_sdpa(q, k, v, is_causal=True),
                                   rtol=0, atol=sdpa_tol(q, k, v))

    def test_fully_masked_rows_match_torch_zeros(self):
        """PyTorch 2.x's SDPA also returns zeros for rows with no key."""
        g = rng(9)
        q, k, v = (g.standard_normal((1, 4, 3)) for _ in range(3))
        mask = np.ones((4, 4), bool)
        mask[2] = False
        r = at.scaled_dot_product_attention(q, k, v, mask=mask)
        np.testing.assert_array_equal(r.fully_masked, [[False, False, True,
                                                        False]])
        np.testing.assert_array_equal(r.output[0, 2], 0.0)
        np.testing.assert_allclose(r.output,
                                   _torch_sdpa(q, k, v, attn_mask=mask),
                                   rtol=0, atol=sdpa_tol(q, k, v))

    @given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.integers(1, 6),
           st.floats(-3, 3))
    def test_outputs_are_convex_combinations(self, seed, n, m, log_c):
        """Each output coordinate lies between the smallest and largest
        value coordinate (eq-attn-convex), up to the rounding gamma_m."""
        g = rng(seed)
        q, k = g.standard_normal((n, 3)), g.standard_normal((m, 3))
        v = g.standard_normal((m, 2))
        r = at.scaled_dot_product_attention(q, k, v, scale=10.0 ** log_c)
        assert np.all(r.weights >= 0)
        np.testing.assert_allclose(r.weights.sum(1), 1.0, rtol=0,
                                   atol=gamma(m + 4))
        slack = 2 * gamma(m + 4) * np.abs(v).max()
        assert np.all(r.output >= v.min(0) - slack)
        assert np.all(r.output <= v.max(0) + slack)

    def test_hard_lookup_limit(self):
        k = np.eye(3)
        v = np.array([[1.0], [2.0], [3.0]])
        r = at.scaled_dot_product_attention([[0.1, 0.9, 0.2]], k, v,
                                            scale=1e4)
        assert r.output[0, 0] == 2.0

    def test_bad_inputs(self):
        q = np.ones((2, 3))
        with pytest.raises(ValueError, match="v"):
            at.scaled_dot_product_attention(q, q, np.ones((3, 3)))
        with pytest.raises(ValueError, match="v"):
            at.scaled_dot_product_attention(q, q, [[np.nan], [0.0]])
        with pytest.raises(TypeError, match="causal"):
            at.scaled_dot_product_attention(q, q, q, causal=1)
        with pytest.raises(TypeError, match="mask"):
            at.scaled_dot_product_attention(q, q, q, mask=np.ones((2, 2)))
        with pytest.raises(ValueError, match="mask"):
            at.scaled_dot_product_attention(q, q, q,
                                            mask=np.ones((3, 2), bool))
        with pytest.raises(ValueError, match="scale"):
            at.scaled_dot_product_attention(q, q, q, scale=np.nan)
        with pytest.raises(ValueError, match="q, k, v"):
            at.scaled_dot_product_attention([[1e200]], [[1e200]], [[1.0]],
                                            scale=1.0)


class TestEntropy:
    def test_matches_info_entropy_and_scipy(self):
        w = at.masked_softmax(rng(10).standard_normal((6, 5)) * 3).weights
        h = at.attention_entropy(w)
        ref = [info.entropy(row) for row in w]
        np.testing.assert_allclose(h, ref, rtol=0, atol=8 * gamma(5))
        np.testing.assert_allclose(h, sst.entropy(w, axis=1), rtol=0,
                                   atol=8 * gamma(5))

    def test_extremes_and_zero_rows(self):
        h = at.attention_entropy([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3],
                                  [0.0, 0.0, 0.0]])
        assert h[0] == 0.0 and h[2] == 0.0
        assert abs(h[1] - math.log(3)) <= 4 * gamma(3)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="weights"):
            at.attention_entropy([[0.5, 0.6]])
        with pytest.raises(ValueError, match="weights"):
            at.attention_entropy([[1.5, -0.5]])
        with pytest.raises(ValueError, match="weights"):
            at.attention_entropy([[np.nan, 1.0]])
        with pytest.raises(ValueError, match="weights"):
            at.attention_entropy(1.0)


# ------------------------------------------------------------- multi-head
def _torch_mha(d_model, h, w_qkv, w_o, b_qkv=None, b_o=None):
    torch = pytest.importorskip("torch")
    bias = b_qkv is not None
    mha = torch.nn.MultiheadAttention(d_model, h, bias=bias,
                                      batch_first=True, dtype=torch.float64)
    state = {"in_proj_weight": w_qkv.T, "out_proj.weight": w_o.T}
    if bias:
        state.update({"in_proj_bias": b_qkv, "out_proj.bias": b_o})
    mha.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v))
                         for k, v in state.items()})
    return mha.eval()


def mha_tol(x, w_qkv, w_o, n_heads):
    """Inner-product lengths D (projection), d_h, n, D (output)."""
    b, n, d_model = x.shape
    ops = 2 * d_model + d_model // n_heads + n + 4
    mag = (np.abs(x).max() + 1) * np.abs(w_qkv).max() * d_model \
        * np.abs(w_o).max() * d_model
    return 8 * ops * U * mag


class TestMultiHead:
    def test_split_merge_roundtrip(self):
        x = rng(11).standard_normal((2, 5, 12))
        xs = at.split_heads(x, 3)
        assert xs.shape == (2, 3, 5, 4)
        np.testing.assert_array_equal(xs[:, 1], x[:, :, 4:8])
        np.testing.assert_array_equal(at.merge_heads(xs), x)

    def test_matches_torch_multihead(self):
        torch = pytest.importorskip("torch")
        g = rng(12)
        b, n, d_model, h = 2, 6, 8, 4
        x = g.standard_normal((b, n, d_model))
        w_qkv = g.standard_normal((d_model, 3 * d_model)) / 3
        w_o = g.standard_normal((d_model, d_model)) / 3
        b_qkv, b_o = g.standard_normal(3 * d_model), g.standard_normal(d_model)
        r = at.multi_head_attention(x, w_qkv, w_o, n_heads=h, b_qkv=b_qkv,
                                    b_o=b_o)
        mha = _torch_mha(d_model, h, w_qkv, w_o, b_qkv, b_o)
        tx = torch.from_numpy(x)
        with torch.no_grad():
            out, w = mha(tx, tx, tx, average_attn_weights=False)
        tol = mha_tol(x, w_qkv, w_o, h) + np.abs(b_o).max() * 4 * U
        np.testing.assert_allclose(r.output, out.numpy(), rtol=0, atol=tol)
        np.testing.assert_allclose(r.weights, w.numpy(), rtol=0, atol=tol)

    def test_masks_match_torch_inverted_convention(self):
        """nn.MultiheadAttention reads True as *blocked*: pass ~mask."""
        torch = pytest.importorskip("torch")
        g = rng(13)
        b, n, d_model, h = 2, 5, 6, 2
        x = g.standard_normal((b, n, d_model))
        w_qkv = g.standard_normal((d_model, 3 * d_model)) / 3
        w_o = g.standard_normal((d_model, d_model)) / 3
        pad = at.padding_mask([5, 3], n)                       # (b, n)
        r = at.multi_head_attention(x, w_qkv, w_o, n_heads=h, causal=True,
                                    mask=pad[:, None, None, :])
        mha = _torch_mha(d_model, h, w_qkv, w_o)
        tx = torch.from_numpy(x)
        with torch.no_grad():
            out, _ = mha(tx, tx, tx,
                         attn_mask=torch.from_numpy(~at.causal_mask(n)),
                         key_padding_mask=torch.from_numpy(~pad))
        np.testing.assert_allclose(r.output, out.numpy(), rtol=0,
                                   atol=mha_tol(x, w_qkv, w_o, h))

    @given(st.integers(0, 2**32 - 1), st.integers(1, 7), st.sampled_from(
        [1, 2, 4]))
    def test_permutation_equivariance(self, seed, n, h):
        """MHA(PX) = P MHA(X) without a mask (eq-attn-equivariance), to
        rounding: the permuted run sums in a different order."""
        g = rng(seed)
        d_model = 8
        x = g.standard_normal((1, n, d_model))
        w_qkv = g.standard_normal((d_model, 3 * d_model)) / 3
        w_o = g.standard_normal((d_model, d_model)) / 3
        perm = g.permutation(n)
        y = at.multi_head_attention(x, w_qkv, w_o, n_heads=h).output
        yp = at.multi_head_attention(x[:, perm], w_qkv, w_o,
                                     n_heads=h).output
        np.testing.assert_allclose(yp, y[:, perm], rtol=0,
                                   atol=2 * mha_tol(x, w_qkv, w_o, h))

    def test_bad_inputs(self):
        x = np.ones((1, 2, 4))
        w, wo = np.ones((4, 12)), np.ones((4, 4))
        with pytest.raises(ValueError, match="n_heads"):
            at.multi_head_attention(x, w, wo, n_heads=3)
        with pytest.raises(ValueError, match="w_qkv"):
            at.multi_head_attention(x, np.ones((4, 8)), wo, n_heads=2)
        with pytest.raises(ValueError, match="w_o"):
            at.multi_head_attention(x, w, np.ones((3, 4)), n_heads=2)
        with pytest.raises(ValueError, match="b_qkv"):
            at.multi_head_attention(x, w, wo, n_heads=2, b_qkv=np.ones(4))
        with pytest.raises(ValueError, match="b_o"):
            at.multi_head_attention(x, w, wo, n_heads=2, b_o=[np.nan] * 4)
        with pytest.raises(ValueError, match="x"):
            at.multi_head_attention(np.ones((2, 4)), w, wo, n_heads=2)
        with pytest.raises(ValueError, match="mask"):
            at.multi_head_attention(x, w, wo, n_heads=2,
                                    mask=np.ones((3, 2), bool))
        with pytest.raises(ValueError, match="n_heads"):
            at.split_heads(x, 3)
        with pytest.raises(ValueError, match="x"):
            at.merge_heads(x)
        with pytest.raises(ValueError, match="x, w_qkv"):
            at.multi_head_attention(x * 1e300, w * 1e300, wo, n_heads=2)


# --------------------------------------------------------------- positions
class TestPositions:
    def test_formula(self):
        pe = at.sinusoidal_positions(50, 8)
        p = np.arange(50)[:, None]
        omega = 10000.0 ** (-np.arange(4) * 2 / 8)
        np.testing.assert_allclose(pe[:, 0::2], np.sin(p * omega), rtol=0,
                                   atol=50 * 4 * U)
        np.testing.assert_allclose(pe[:, 1::2], np.cos(p * omega), rtol=0,
                                   atol=50 * 4 * U)
        np.testing.assert_allclose(at.sinusoidal_frequencies(8), omega,
                                   rtol=4 * U)

    def test_rotation_per_pair_and_norm(self):
        """Position p + k is position p rotated by k omega_i in every pair."""
        d, k = 16, 7
        pe = at.sinusoidal_positions(40, d)
        omega = at.sinusoidal_frequencies(d)
        c, s = np.cos(k * omega), np.sin(k * omega)
        for p in (0, 5, 30):
            sin_p, cos_p = pe[p, 0::2], pe[p, 1::2]
            np.testing.assert_allclose(pe[p + k, 0::2],
                                       sin_p * c + cos_p * s, atol=1e-13)
            np.testing.assert_allclose(pe[p + k, 1::2],
                                       cos_p * c - sin_p * s, atol=1e-13)
        np.testing.assert_allclose(np.sum(pe ** 2, axis=1), d / 2,
                                   rtol=4 * gamma(d))

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="d_model"):
            at.sinusoidal_positions(4, 5)
        with pytest.raises(ValueError, match="base"):
            at.sinusoidal_positions(4, 4, base=1.0)
        with pytest.raises(ValueError, match="n_positions"):
            at.sinusoidal_positions(0, 4)
        with pytest.raises(ValueError, match="n_positions"):
            at.sinusoidal_positions(2**40, 4)
        with pytest.raises(ValueError, match="base"):
            at.sinusoidal_frequencies(4, base=np.inf)


# ------------------------------------------------------------------ block
class TestLayerNorm:
    def test_matches_torch(self):
        torch = pytest.importorskip("torch")
        g = rng(14)
        x = g.standard_normal((3, 4, 10)) * 5 + 2
        w, b = g.standard_normal(10), g.standard_normal(10)
        ref = torch.nn.functional.layer_norm(
            torch.from_numpy(x), (10,), torch.from_numpy(w),
            torch.from_numpy(b), eps=1e-5).numpy()
        # mean and variance are length-10 sums: a few gamma_10 relative
        np.testing.assert_allclose(at.layer_norm(x, w, b), ref, rtol=0,
                                   atol=16 * gamma(10) * np.abs(ref).max())

    @pytest.mark.parametrize("j", [-450, -200, 200, 450])
    def test_scale_law_exact(self, j):
        """LN(2^j x; 4^j eps) = LN(x; eps) bit for bit."""
        x = rng(15).standard_normal((2, 6))
        np.testing.assert_array_equal(
            at.layer_norm(np.ldexp(x, j), eps=math.ldexp(1e-5, 2 * j)),
            at.layer_norm(x, eps=1e-5))

    def test_huge_and_tiny_rows(self):
        x = np.array([[1e300, -1e300, 0.0], [5e-324, 0.0, 0.0]])
        y = at.layer_norm(x)
        np.testing.assert_allclose(y[0], [math.sqrt(1.5), -math.sqrt(1.5),
                                          0.0], atol=1e-14)
        np.testing.assert_array_equal(y[1], 0.0)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="weight"):
            at.layer_norm(np.ones((2, 3)), np.ones(2))
        with pytest.raises(ValueError, match="bias"):
            at.layer_norm(np.ones((2, 3)), None, [0, np.inf, 0])
        with pytest.raises(ValueError, match="eps"):
            at.layer_norm(np.ones((2, 3)), eps=0.0)
        with pytest.raises(ValueError, match="x"):
            at.layer_norm([[np.nan]])
        with pytest.raises(ValueError, match="weight"):   # 2 * 1e308
            at.layer_norm([[0.0, 0.0, 0.0, 0.0, 10.0]], [1e308] * 5)


def _torch_block(p, d_model, h, activation="relu"):
    torch = pytest.importorskip("torch")
    d_ff = p.w_1.shape[1]
    layer = torch.nn.TransformerEncoderLayer(
        d_model, h, d_ff, dropout=0.0, activation=activation,
        batch_first=True, norm_first=True, dtype=torch.float64)
    state = {"norm1.weight": p.ln1_weight, "norm1.bias": p.ln1_bias,
             "self_attn.in_proj_weight": p.w_qkv.T,
             "self_attn.in_proj_bias": p.b_qkv,
             "self_attn.out_proj.weight": p.w_o.T,
             "self_attn.out_proj.bias": p.b_o,
             "norm2.weight": p.ln2_weight, "norm2.bias": p.ln2_bias,
             "linear1.weight": p.w_1.T, "linear1.bias": p.b_1,
             "linear2.weight": p.w_2.T, "linear2.bias": p.b_2}
    layer.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v))
                           for k, v in state.items()})
    return layer.eval()


def block_tol(y, d_model, h, n, d_ff):
    """Sum of inner-product lengths on the path of one output entry (two
    layer norms, three D-long products, the scores, A @ V and W_2), times
    u and the output magnitude, with a safety factor 10 for the products
    of weight magnitudes (of order one with init_block_params)."""
    ops = 4 * d_model + 3 * d_model + d_model // h + n + d_ff
    return 10 * ops * U * max(np.abs(y).max(), 1.0)


class TestTransformerBlock:
    @pytest.mark.parametrize("activation", ["relu", "gelu"])
    @pytest.mark.parametrize("causal", [False, True])
    def test_matches_torch_encoder_layer(self, activation, causal):
        torch = pytest.importorskip("torch")
        g = rng(16)
        d_model, h, d_ff, n = 12, 3, 20, 6
        p = at.init_block_params(d_model, h, d_ff, rng=g)
        x = g.standard_normal((2, n, d_model))
        y = at.transformer_block(x, p, n_heads=h, causal=causal,
                                 activation=activation)
        layer = _torch_block(p, d_model, h, activation)
        kw = {"src_mask": torch.from_numpy(~at.causal_mask(n))} \
            if causal else {}
        with torch.no_grad():
            yt = layer(torch.from_numpy(x), **kw).numpy()
        np.testing.assert_allclose(y, yt, rtol=0,
                                   atol=block_tol(y, d_model, h, n, d_ff))

    def test_padding_matches_torch(self):
        torch = pytest.importorskip("torch")
        g = rng(17)
        d_model, h, d_ff, n = 8, 2, 16, 5
        p = at.init_block_params(d_model, h, d_ff, rng=g)
        x = g.standard_normal((2, n, d_model))
        pad = at.padding_mask([5, 2], n)
        y = at.transformer_block(x, p, n_heads=h, mask=pad[:, None, None, :])
        layer = _torch_block(p, d_model, h)
        with torch.no_grad():
            yt = layer(torch.from_numpy(x),
                       src_key_padding_mask=torch.from_numpy(~pad)).numpy()
        # torch's fast path may leave padded query rows undefined: compare
        # the real tokens only
        for bi, length in enumerate([5, 2]):
            np.testing.assert_allclose(
                y[bi, :length], yt[bi, :length], rtol=0,
                atol=block_tol(y, d_model, h, n, d_ff))

    def test_permutation_equivariance_and_how_it_breaks(self):
        g = rng(18)
        p = at.init_block_params(8, 2, 16, rng=g)
        x = g.standard_normal((1, 6, 8))
        perm = np.array([3, 0, 5, 1, 4, 2])
        y = at.transformer_block(x, p, n_heads=2)
        yp = at.transformer_block(x[:, perm], p, n_heads=2)
        tol = block_tol(y, 8, 2, 6, 16)
        np.testing.assert_allclose(yp, y[:, perm], rtol=0, atol=tol)
        pos = at.sinusoidal_positions(6, 8)
        z = at.transformer_block(x + pos, p, n_heads=2)
        zp = at.transformer_block(x[:, perm] + pos, p, n_heads=2)
        assert np.abs(zp - z[:, perm]).max() > 1e6 * tol
        c = at.transformer_block(x, p, n_heads=2, causal=True)
        cp = at.transformer_block(x[:, perm], p, n_heads=2, causal=True)
        assert np.abs(cp - c[:, perm]).max() > 1e6 * tol

    def test_fully_masked_sequence_has_no_nan(self):
        p = at.init_block_params(4, 2, 8, rng=rng(19))
        pad = at.padding_mask([0], 3)[:, None, None, :]
        y = at.transformer_block(np.ones((1, 3, 4)), p, n_heads=2, mask=pad)
        assert np.all(np.isfinite(y))

    def test_init_shapes_and_scale(self):
        p = at.init_block_params(64, 8, 256, rng=rng(20))
        assert p.w_qkv.shape == (64, 192) and p.w_2.shape == (256, 64)
        # entries N(0, 1/fan_in): variance 1/64 within 4 standard errors
        var = p.w_qkv.var()
        assert abs(var * 64 - 1) < Z * math.sqrt(2 / p.w_qkv.size)

    def test_bad_inputs(self):
        p = at.init_block_params(4, 2, 8, rng=rng(21))
        x = np.ones((1, 3, 4))
        with pytest.raises(TypeError, match="params"):
            at.transformer_block(x, tuple(p), n_heads=2)
        with pytest.raises(ValueError, match="params"):
            at.transformer_block(np.ones((1, 3, 6)), p, n_heads=2)
        with pytest.raises(ValueError, match="params"):
            at.transformer_block(x, p._replace(b_1=np.full(8, np.nan)),
                                 n_heads=2)
        with pytest.raises(ValueError, match="activation"):
            at.transformer_block(x, p, n_heads=2, activation="tanh")
        with pytest.raises(ValueError, match="eps"):
            at.transformer_block(x, p, n_heads=2, eps=-1.0)
        with pytest.raises(ValueError, match="n_heads"):
            at.transformer_block(x, p, n_heads=3)
        with pytest.raises(ValueError, match="n_heads"):
            at.init_block_params(4, 3, 8, rng=rng())
        with pytest.raises(TypeError, match="rng"):
            at.init_block_params(4, 2, 8, rng=0)
        with pytest.raises(ValueError, match="d_ff"):
            at.init_block_params(4, 2, 0, rng=rng())
        with pytest.raises(ValueError, match="x and params"):
            at.transformer_block(x, p._replace(w_2=np.full((8, 4), 1e308),
                                               b_1=np.full(8, 10.0)),
                                 n_heads=2)


# ------------------------------------------------------------- cost model
class TestCost:
    def test_formula(self):
        c = at.attention_cost([1, 10, 100], 16, batch=3, heads=4,
                              dtype="float32")
        n = np.array([1.0, 10.0, 100.0])
        np.testing.assert_array_equal(c.score_elements, 12 * n ** 2)
        np.testing.assert_array_equal(c.score_bytes, 48 * n ** 2)
        np.testing.assert_array_equal(c.matmul_flops, 4 * 12 * n ** 2 * 16)
        np.testing.assert_array_equal(c.softmax_flops, 6 * 12 * n ** 2)
        np.testing.assert_array_equal(c.qkv_bytes, 3 * 12 * n * 16 * 4)
        np.testing.assert_allclose(c.score_bytes / c.qkv_bytes, n / 48,
                                   rtol=2 * U)

    @pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
    def test_score_bytes_equal_measured_nbytes(self, dtype):
        g = rng(22)
        b, h, n, d = 2, 3, 40, 8
        q = g.standard_normal((b, h, n, d)).astype(dtype)
        k = g.standard_normal((b, h, n, d)).astype(dtype)
        s = q @ np.swapaxes(k, -1, -2)                          # (b, h, n, n)
        c = at.attention_cost(n, d, batch=b, heads=h, dtype=dtype)
        assert s.dtype == dtype and s.nbytes == c.score_bytes[0]
        if dtype == np.float64:
            assert at.attention_scores(q, k).nbytes == c.score_bytes[0]
        qkv = np.stack([q, k, k])
        assert qkv.nbytes == c.qkv_bytes[0]

    def test_loglog_slope_two(self):
        ns = 2 ** np.arange(4, 15)
        c = at.attention_cost(ns, 64, batch=2, heads=8)
        # exact power laws: the fitted slopes equal 2 to rounding
        assert abs(fitting.loglog_slope(ns, c.score_bytes) - 2) < 1e-12
        assert abs(fitting.loglog_slope(ns, c.total_flops) - 2) < 1e-12
        assert abs(fitting.loglog_slope(ns, c.qkv_bytes) - 1) < 1e-12

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="seq_len"):
            at.attention_cost(0, 4)
        with pytest.raises(ValueError, match="seq_len"):
            at.attention_cost([4, 2**41], 4)
        with pytest.raises(TypeError, match="seq_len"):
            at.attention_cost([4.0], 4)
        with pytest.raises(ValueError, match="d_head"):
            at.attention_cost(4, 0)
        with pytest.raises(ValueError, match="dtype"):
            at.attention_cost(4, 4, dtype="int32")
        with pytest.raises(ValueError, match="dtype"):
            at.attention_cost(4, 4, dtype="bogus")
        with pytest.raises(TypeError, match="dtype"):
            at.attention_cost(4, 4, dtype=3)
        with pytest.raises(ValueError, match="heads"):
            at.attention_cost(4, 4, heads=-1)
        with pytest.raises(TypeError, match="batch"):
            at.attention_cost(4, 4, batch=True)


# ----------------------------------------------------------- experiments
# The data of the chapter's figures (chapters/22-embeddings-attention.qmd):
# keep the seeds and sizes in step with the cells attn-causal-data,
# attn-hull-data and attn-scaling-study.
CAUSAL_SEED = 2
HULL_SEED = 7
HULL_VALUES = np.array([[0.0, 0.0], [4.0, 0.5], [3.2, 3.4],
                        [0.6, 3.9], [-1.2, 1.8]])
HULL_SHOW = [4.0, 1.0, 0.25, 0.05]
HULL_TEMPS = np.geomspace(8.0, 0.05, 12)
SCALING_SEED = 22
SCALING_DIMS = 2 ** np.arange(1, 11)


def hull_data():
    g = rng(HULL_SEED)
    k = g.standard_normal((5, 4))
    q = g.standard_normal((12, 4))
    return q, k


class TestTemperatureSweep:
    def test_limits(self):
        q, k = hull_data()
        hot = at.temperature_sweep(q, k, HULL_VALUES, [1e6])
        np.testing.assert_allclose(hot.outputs[0],
                                   np.broadcast_to(HULL_VALUES.mean(0),
                                                   (12, 2)), atol=1e-5)
        cold = at.temperature_sweep(q, k, HULL_VALUES, [1e-4])
        best = np.argmax(q @ k.T, axis=1)
        np.testing.assert_array_equal(cold.outputs[0], HULL_VALUES[best])
        assert np.all(cold.nearest_distance == 0.0)

    def test_entropy_falls_as_temperature_falls(self):
        q, k = hull_data()
        sw = at.temperature_sweep(q, k, HULL_VALUES, HULL_TEMPS)
        assert np.all(np.diff(sw.mean_entropy) < 0)

    def test_bad_inputs(self):
        q, k = hull_data()
        with pytest.raises(ValueError, match="temperatures"):
            at.temperature_sweep(q, k, HULL_VALUES, [1.0, 0.0])
        with pytest.raises(ValueError, match="temperatures"):
            at.temperature_sweep(q, k, HULL_VALUES, [5e-324])
        with pytest.raises(ValueError, match="v"):
            at.temperature_sweep(q, k, HULL_VALUES[:3], [1.0])
        with pytest.raises(ValueError, match="q and k"):
            at.temperature_sweep(q[:, :3], k, HULL_VALUES, [1.0])


class TestScalingStudy:
    def test_small_dimensions_exact_moments(self):
        """Var(q.k) = d (eq-attn-variance): within Z standard errors."""
        st_ = at.scaling_study([1, 3, 9], n_tokens=16, n_trials=200,
                               rng=rng(23))
        assert np.all(np.abs(st_.var_unscaled - [1, 3, 9])
                      <= Z * st_.var_unscaled_se)
        assert np.all(np.abs(st_.var_scaled - 1) <= Z * st_.var_scaled_se)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="dims"):
            at.scaling_study([0, 4], rng=rng())
        with pytest.raises(TypeError, match="dims"):
            at.scaling_study([2.0], rng=rng())
        with pytest.raises(ValueError, match="n_tokens"):
            at.scaling_study([2], n_tokens=1, rng=rng())
        with pytest.raises(ValueError, match="n_trials"):
            at.scaling_study([2], n_trials=1, rng=rng())
        with pytest.raises(ValueError, match="n_trials"):
            at.scaling_study([2**16], n_tokens=2**10, n_trials=2**10,
                             rng=rng())
        with pytest.raises(TypeError, match="rng"):
            at.scaling_study([2], rng=None)


# ------------------------------------------------------- figure claims
def test_claim_fig_attn_causal():
    """'with the mask every entry above the diagonal is exactly zero ...;
    the diagonal is the largest entry of every row in both panels; ...
    without it every query spreads some weight over all keys': the masked
    matrix is exactly lower triangular and its rows sum to 1 within the
    rounding bound of an 8-term softmax."""
    x = rng(CAUSAL_SEED).standard_normal((8, 16))
    assert x.shape == (8, 16)          # caption: "eight tokens", "d = 16"
    full = at.scaled_dot_product_attention(x, x, x).weights
    causal = at.scaled_dot_product_attention(x, x, x, causal=True).weights
    assert np.all(np.triu(causal, 1) == 0.0)
    assert np.all(causal[np.tril_indices(8)] > 0.0)
    assert causal[0, 0] == 1.0
    # exp, sum of 8 terms and a division: (8 + 4) roundings at most
    np.testing.assert_allclose(causal.sum(1), 1.0, rtol=0, atol=gamma(12))
    np.testing.assert_allclose(full.sum(1), 1.0, rtol=0, atol=gamma(12))
    assert np.all(full > 0.0)
    for w in (full, causal):
        np.testing.assert_array_equal(w.argmax(1), np.arange(8))


def test_claim_fig_attn_convex_hull():
    """'every output lies inside the dashed convex hull of the values,
    ... close to a vertex at T = 0.05 ... the mean distance from an output to
    its nearest value falls steadily as the sharpness 1/T grows': weights
    are >= 0 and sum to 1, every output is inside the hull (Delaunay and
    facet inequalities, slack from the rounding of a 5-term convex
    combination), and the mean nearest distance decreases strictly in
    1/T."""
    q, k = hull_data()
    # caption: "five values", "twelve queries", "T = 4, 1, 0.25, 0.05";
    # alt text: sharpness "from about 0.1 to 20", distance "near 2.1"
    assert len(HULL_VALUES) == 5 and q.shape == (12, 4) and k.shape == (5, 4)
    assert HULL_SHOW == [4.0, 1.0, 0.25, 0.05]
    assert (1 / HULL_TEMPS[0], 1 / HULL_TEMPS[-1]) == (0.125, 20.0)
    d0 = at.temperature_sweep(q, k, HULL_VALUES, HULL_TEMPS[:1])
    assert round(float(d0.mean_nearest_distance[0]), 1) == 2.1
    hull = ConvexHull(HULL_VALUES)
    tri = Delaunay(HULL_VALUES)
    slack = 4 * gamma(5 + 4) * np.abs(HULL_VALUES).max()
    for temps in (HULL_SHOW, HULL_TEMPS):
        sw = at.temperature_sweep(q, k, HULL_VALUES, temps)
        assert np.all(sw.weights >= 0)
        np.testing.assert_allclose(sw.weights.sum(-1), 1.0, rtol=0,
                                   atol=gamma(5 + 4))
        pts = sw.outputs.reshape(-1, 2)
        assert np.all(tri.find_simplex(pts, tol=slack) >= 0)
        assert np.all(pts @ hull.equations[:, :2].T
                      + hull.equations[:, 2] <= slack)
        order = np.argsort(1.0 / sw.temperatures)
        assert np.all(np.diff(sw.mean_nearest_distance[order]) < 0)
    sharp = at.temperature_sweep(q, k, HULL_VALUES, HULL_SHOW)
    # at T = 0.05 every output is close to a vertex: within 5% of the
    # diameter of the values (about the size of a marker in the figure)
    diam = max(np.linalg.norm(a - b) for a in HULL_VALUES for b in HULL_VALUES)
    assert sharp.nearest_distance[-1].max() < 0.05 * diam
    # and at T = 4 they cluster near the centre: closer to the mean of the
    # values than to any value
    centre = HULL_VALUES.mean(0)
    d_centre = np.linalg.norm(sharp.outputs[0] - centre, axis=1)
    assert np.all(d_centre < sharp.nearest_distance[0])


def test_claim_fig_attn_scaling():
    """'the unscaled score variance follows the band d while the scaled
    one stays on the band 1 ... without scaling the largest weight of a
    row climbs towards 1 ... the unscaled row entropy collapses towards 0,
    while the scaled entropy stays flat, close to its d -> infinity level
    and below the maximum log n'."""
    st_ = at.scaling_study(SCALING_DIMS, n_tokens=32, n_trials=100,
                           rng=rng(SCALING_SEED))
    # caption: "32 queries and keys per trial, 100 trials"; alt text:
    # dimension "from 2 to 1024", unscaled variance "to about 1000", largest
    # weight "from about 0.2 to about 0.95" against "near 0.16", entropy
    # "from about 2.8 to about 0.1" against "near 3.0", "log n ~ 3.47"
    assert (SCALING_DIMS[0], SCALING_DIMS[-1]) == (2, 1024)
    assert round(st_.var_unscaled[-1], -2) == 1000
    np.testing.assert_allclose(st_.max_weight_unscaled[[0, -1]],
                               [0.2, 0.95], atol=0.03)
    assert round(st_.max_weight_scaled.mean(), 2) == 0.16
    np.testing.assert_allclose(st_.entropy_unscaled[[0, -1]], [2.8, 0.1],
                               atol=0.05)
    assert round(st_.entropy_scaled.mean(), 1) == 3.0
    assert round(st_.log_n, 2) == 3.47
    d = st_.dims.astype(float)
    # log-log slope 1 within a Monte Carlo band: delta method for the
    # ordinary least-squares slope, se(log var) = se(var) / var
    u = np.log(d)
    c = (u - u.mean()) / np.sum((u - u.mean()) ** 2)
    se_slope = math.sqrt(np.sum((c * st_.var_unscaled_se
                                 / st_.var_unscaled) ** 2))
    slope = fitting.loglog_slope(d, st_.var_unscaled)
    assert abs(slope - 1.0) <= Z * se_slope
    # each variance on its exact value within Z standard errors
    assert np.all(np.abs(st_.var_unscaled - d) <= Z * st_.var_unscaled_se)
    assert np.all(np.abs(st_.var_scaled - 1.0) <= Z * st_.var_scaled_se)
    # unscaled: saturation rises and entropy falls, each step significant
    for y, se, sign in ((st_.max_weight_unscaled, st_.max_weight_unscaled_se,
                         1), (st_.entropy_unscaled, st_.entropy_unscaled_se,
                              -1)):
        step = sign * np.diff(y)
        band = Z * np.sqrt(se[1:] ** 2 + se[:-1] ** 2)
        assert np.all(step > band)
    assert st_.max_weight_unscaled[-1] > 0.9
    assert st_.entropy_unscaled[-1] < 0.1 * st_.log_n
    # scaled: entropy within Z standard errors of the d -> infinity level
    # from d = 16 on; for smaller d the spread of |q|^2 / d (relative
    # size sqrt(2/d)) adds a visible bias, bounded here by 0.1 nats
    gap = np.abs(st_.entropy_scaled - st_.entropy_reference)
    band = Z * np.sqrt(st_.entropy_scaled_se ** 2
                       + st_.entropy_reference_se ** 2)
    assert np.all(gap[d >= 16] <= band[d >= 16])
    assert np.all(gap <= 0.1)
    assert np.all(st_.entropy_scaled < st_.log_n)
    assert np.ptp(st_.max_weight_scaled) < 0.05
