"""Tests for execmath.llm against PyTorch, SciPy, complex arithmetic and
analytic values."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special as sps

from execmath import attention as at
from execmath import llm

U = 2.0**-53
TEXT = ("the cat sat on the mat. a dog ran to the cat; the cat ran off, "
        "and the dog sat down on the warm mat by the door.")


@pytest.fixture(scope="module")
def corpus():
    v = llm.char_vocab(TEXT)
    return v, len(v.chars), v.ids


# ----------------------------------------------------------- vocabulary
def test_char_vocab_roundtrip():
    v = llm.char_vocab(TEXT)
    assert list(v.chars) == sorted(set(TEXT))
    assert "".join(v.chars[i] for i in v.ids) == TEXT


@pytest.mark.parametrize("bad, exc", [(None, TypeError), (b"ab", TypeError),
                                      (["a", "b"], TypeError),
                                      ("a", ValueError)])
def test_char_vocab_rejects(bad, exc):
    with pytest.raises(exc, match="text"):
        llm.char_vocab(bad)


# ------------------------------------------------------- counts, probs
def test_bigram_counts_oracle(corpus):
    _, V, ids = corpus
    c = llm.bigram_counts(ids, V)
    ref = np.zeros((V, V))
    for a, b in zip(ids[:-1], ids[1:]):
        ref[a, b] += 1
    assert np.array_equal(c, ref) and c.sum() == ids.size - 1


def test_bigram_probs_rows_and_smoothing(corpus):
    _, V, ids = corpus
    p = llm.bigram_probs(ids, V, smoothing=0.5)
    c = llm.bigram_counts(ids, V)
    assert np.allclose(p.sum(1), 1.0, atol=4 * V * U)
    np.testing.assert_allclose(
        p, (c + 0.5) / (c.sum(1, keepdims=True) + 0.5 * V), rtol=4 * U)


def test_bigram_probs_empty_row_uniform():
    p = llm.bigram_probs([0, 1], 3)     # tokens 1 and 2 have no successor
    assert p[2].tolist() == [1 / 3] * 3 and p[0].tolist() == [0, 1, 0]


@pytest.mark.parametrize("kw", [dict(ids=[0, 3], vocab_size=3),
                                dict(ids=[0], vocab_size=3),
                                dict(ids=[0.0, 1.0], vocab_size=3),
                                dict(ids=[[0, 1]], vocab_size=3)])
def test_bigram_counts_bad_ids(kw):
    with pytest.raises((ValueError, TypeError), match="ids"):
        llm.bigram_counts(**kw)


def test_bigram_bad_vocab_and_smoothing():
    with pytest.raises(ValueError, match="vocab_size"):
        llm.bigram_counts([0, 1], 0)
    with pytest.raises(TypeError, match="vocab_size"):
        llm.bigram_counts([0, 1], True)
    for bad in (-1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="smoothing"):
            llm.bigram_probs([0, 1], 2, smoothing=bad)


# ------------------------------------------------------ nll, perplexity
def test_token_nll_and_perplexity(corpus):
    _, V, ids = corpus
    uniform = np.full((V, V), 1.0 / V)
    nll = llm.token_nll(uniform, ids)
    # log V computed to within a few u; the mean of identical terms adds
    # at most n u relative error
    np.testing.assert_allclose(nll, math.log(V), rtol=4 * U)
    assert llm.perplexity(nll) == pytest.approx(V, rel=ids.size * 8 * U)


def test_token_nll_zero_probability_is_inf():
    nll = llm.token_nll([[1.0, 0.0], [0.5, 0.5]], [0, 1, 1])
    assert nll[0] == math.inf and nll[1] == pytest.approx(math.log(2))
    assert llm.perplexity(nll) == math.inf


def test_token_nll_rejects():
    with pytest.raises(ValueError, match="probs"):
        llm.token_nll([[0.5, 0.6], [0.5, 0.5]], [0, 1])
    with pytest.raises(ValueError, match="probs"):
        llm.token_nll([[0.5, 0.5, 0.0]], [0, 1])
    with pytest.raises(ValueError, match="probs"):
        llm.token_nll([[np.nan, 1.0], [0.5, 0.5]], [0, 1])
    with pytest.raises(ValueError, match="ids"):
        llm.token_nll([[0.5, 0.5], [0.5, 0.5]], [0, 2])


def test_perplexity_rejects_and_overflow():
    for bad in ([-1.0], [math.nan], []):
        with pytest.raises(ValueError, match="nll"):
            llm.perplexity(bad)
    with pytest.raises(ValueError, match="nll"):
        llm.perplexity([800.0, 800.0])


def test_perplexity_huge_entries_raise():
    with pytest.raises(ValueError, match="nll"):
        llm.perplexity([1.7e308, 1.7e308])


# ------------------------------------------------------ loss and grad
def test_loss_and_grad_vs_torch(corpus):
    torch = pytest.importorskip("torch")
    _, V, ids = corpus
    w0 = np.random.default_rng(0).standard_normal((V, V))
    x, y = ids[:-1], ids[1:]
    r = llm.bigram_loss_and_grad(w0, x, y)
    W = torch.tensor(w0, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(W[torch.from_numpy(x)],
                                             torch.from_numpy(y))
    loss.backward()
    # a loss and each gradient entry are means of N terms of size O(1),
    # each with O(V) roundings: tolerance (N + V) u times a safety of 4
    tol = 4 * (x.size + V) * U
    assert r.loss == pytest.approx(loss.item(), rel=tol)
    np.testing.assert_allclose(r.grad, W.grad.numpy(), atol=tol)


def test_loss_matches_special_cross_entropy(corpus):
    from execmath import special
    _, V, ids = corpus
    w0 = np.random.default_rng(1).standard_normal((V, V))
    r = llm.bigram_loss_and_grad(w0, ids[:-1], ids[1:])
    ref = special.cross_entropy_with_logits(w0[ids[:-1]], ids[1:]).mean()
    assert r.loss == pytest.approx(ref, rel=4 * (ids.size + V) * U)


def test_grad_by_central_differences():
    rng = np.random.default_rng(2)
    w = rng.standard_normal((3, 4))
    x, y = np.array([0, 2, 2, 1]), np.array([3, 0, 1, 1])
    g = llm.bigram_loss_and_grad(w, x, y).grad
    h = 1e-6
    fd = np.zeros_like(w)
    for idx in np.ndindex(*w.shape):
        e = np.zeros_like(w)
        e[idx] = h
        fd[idx] = (llm.bigram_loss_and_grad(w + e, x, y).loss
                   - llm.bigram_loss_and_grad(w - e, x, y).loss) / (2 * h)
    # central differences: truncation O(h^2) plus rounding O(u / h)
    np.testing.assert_allclose(fd, g, atol=1e-9)


def test_loss_grad_rejects():
    with pytest.raises(ValueError, match="inputs and targets"):
        llm.bigram_loss_and_grad(np.zeros((2, 2)), [0, 1], [1])
    with pytest.raises(ValueError, match="logits"):
        llm.bigram_loss_and_grad(np.full((2, 2), np.inf), [0], [1])
    with pytest.raises(ValueError, match="targets"):
        llm.bigram_loss_and_grad(np.zeros((2, 2)), [0], [2])


def test_train_bigram_vs_torch_adam(corpus):
    torch = pytest.importorskip("torch")
    _, V, ids = corpus
    w0 = 0.1 * np.random.default_rng(3).standard_normal((V, V))
    x, y = ids[:-1], ids[1:]
    run = llm.train_bigram(w0, x, y, lr=0.1, steps=60)
    W = torch.nn.Parameter(torch.from_numpy(w0.copy()))
    opt = torch.optim.Adam([W], lr=0.1)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    losses = []
    for _ in range(60):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(W[xt], yt)
        loss.backward()
        losses.append(loss.item())
        opt.step()
    losses.append(torch.nn.functional.cross_entropy(W[xt], yt).item())
    # per step both sides differ by rounding in O(N + V) operations; Adam
    # normalises the step, so differences do not grow beyond a modest
    # factor over 60 steps: allow 60 steps x (N + V) u x 4
    tol = 4 * 60 * (x.size + V) * U
    np.testing.assert_allclose(run.losses, losses, atol=tol)
    np.testing.assert_allclose(run.logits, W.detach().numpy(), atol=tol)


def test_train_bigram_approaches_conditional_entropy(corpus):
    """The proposition: loss >= H_hat, and training approaches it."""
    _, V, ids = corpus
    h_hat = llm.token_nll(llm.bigram_probs(ids, V), ids).mean()
    run = llm.train_bigram(np.zeros((V, V)), ids[:-1], ids[1:], lr=0.1,
                           steps=400)
    assert np.all(run.losses >= h_hat - 1e-12)
    assert run.losses[-1] - h_hat < 0.01 * (run.losses[0] - h_hat)


def test_train_bigram_rejects():
    for kw, name in ((dict(lr=0.0), "lr"), (dict(lr=1e3), "lr"),
                     (dict(steps=0), "steps"), (dict(steps=2.0), "steps")):
        with pytest.raises((ValueError, TypeError), match=name):
            llm.train_bigram(np.zeros((2, 2)), [0], [1], **kw)


# ------------------------------------------------------------ sampling
def test_temperature_probs_vs_scipy():
    z = np.random.default_rng(4).standard_normal((5, 7))
    for T in (0.01, 0.5, 1.0, 3.0, 1000.0):
        np.testing.assert_allclose(llm.temperature_probs(z, T),
                                   sps.softmax(z / T, axis=-1),
                                   rtol=1e-13, atol=1e-300)


@given(st.lists(st.floats(-50, 50), min_size=2, max_size=8),
       st.floats(0.01, 100.0))
def test_entropy_increases_with_temperature(z, T):
    """dH/dT = Var(z) / T^3 >= 0 (eq-bridge-temperature)."""
    z = np.array(z)
    h1 = at.attention_entropy(llm.temperature_probs(z, T))
    h2 = at.attention_entropy(llm.temperature_probs(z, 1.1 * T))
    assert h2 >= h1 - 1e-12


def test_temperature_rejects():
    for bad in (0.0, -1.0, math.inf, 1e-5, 1e5):
        with pytest.raises(ValueError, match="temperature"):
            llm.temperature_probs([0.0, 1.0], bad)
    with pytest.raises(ValueError, match="logits"):
        llm.temperature_probs([0.0, np.nan])


def test_sample_tokens_frequencies():
    """Empirical transition frequencies match the table within 4 MC s.e."""
    p = np.array([[0.2, 0.8, 0.0], [0.5, 0.0, 0.5], [0.1, 0.1, 0.8]])
    with np.errstate(divide="ignore"):
        w = np.log(p)
    w = np.where(np.isfinite(w), w, -800.0)      # finite logits
    s = llm.sample_tokens(w, 0, 20000, rng=np.random.default_rng(5))
    c = llm.bigram_counts(s, 3)
    freq = c / c.sum(1, keepdims=True)
    se = np.sqrt(p * (1 - p) / c.sum(1, keepdims=True))
    assert np.all(np.abs(freq - p) <= 4 * se + 1e-12)
    assert c[0, 2] == 0 and c[1, 1] == 0         # zero-probability moves


def test_sample_tokens_reproducible_and_rejects():
    w = np.zeros((3, 3))
    a = llm.sample_tokens(w, 1, 50, rng=np.random.default_rng(6))
    b = llm.sample_tokens(w, 1, 50, rng=np.random.default_rng(6))
    assert np.array_equal(a, b) and a[0] == 1
    with pytest.raises(ValueError, match="start"):
        llm.sample_tokens(w, 3, 5, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        llm.sample_tokens(w, 0, 5, rng=0)
    with pytest.raises(ValueError, match="n_tokens"):
        llm.sample_tokens(w, 0, 0, rng=np.random.default_rng(0))


# ------------------------------------------------ positions, rotations
def _rotation_tolerance(omega, p, k):
    """Rounding budget of R(k) P_p versus P_{p+k}, per pair.

    fl(p w) has absolute error <= u |p w|, which moves sin/cos by as much;
    the library's sin and cos add about one ulp (<= 2u for values <= 1);
    the 2x2 product adds 2u per entry. Summing the direct side
    (|w (p+k)|) and the rotated side (two products of two factors with
    errors |w k| and |w p|), a safety factor of 2 on the constants gives
    u (|w(p+k)| + 2|w k| + 2|w p| + 16).
    """
    return U * (np.abs(omega * (p + k)) + 2 * np.abs(omega * k)
                + 2 * np.abs(omega * p) + 16)


@pytest.mark.parametrize("k", [1, 7, 37, 150])
def test_claim_fig_bridge_positions(k):
    """'a shift of position is a rotation': the encoding of p + k is a
    fixed rotation R_i(k), independent of p, of that of p, per pair."""
    d, n = 64, 400
    P = at.sinusoidal_positions(n + k, d)                 # (n + k, d)
    omega = at.sinusoidal_frequencies(d)
    R = llm.offset_rotation(d, k)                         # (d/2, 2, 2)
    pairs = P[:n].reshape(n, d // 2, 2)
    moved = np.einsum("iab,pib->pia", R, pairs)
    target = P[k:].reshape(n, d // 2, 2)
    p = np.arange(n)[:, None]                             # (n, 1)
    tol = _rotation_tolerance(omega[None, :], p, k)       # (n, d/2)
    err = np.abs(moved - target).max(axis=2)
    assert np.all(err <= tol)
    # and R(k) is a rotation: orthogonal with determinant 1
    np.testing.assert_allclose(np.einsum("iab,icb->iac", R, R),
                               np.broadcast_to(np.eye(2), R.shape),
                               atol=4 * U)
    np.testing.assert_allclose(np.linalg.det(R), 1.0, atol=4 * U)


def test_claim_fig_bridge_positions_caption_numbers():
    """The caption and alt text of fig-bridge-positions (d = 64, the first
    100 positions, ladder of dimensions 0, 8, 16, 24): four pairs up divide
    the frequency by 10000^(8/64) ~ 3.2, wavelengths run from about 6 to
    about 200, and the four curves make about 16, 5, 1.6 and half a wave."""
    d, n_show = 64, 100                       # the chapter's d_pos, n_show
    omega = at.sinusoidal_frequencies(d)
    np.testing.assert_allclose(omega[:-4] / omega[4:], 10000 ** (8 / d),
                               rtol=1e-12)
    assert round(10000 ** (8 / d), 1) == 3.2
    wavelength = 2 * np.pi / omega[[0, 12]]   # dimensions 0 and 24
    assert round(wavelength[0]) == 6 and round(wavelength[1], -1) == 200
    waves = n_show / (2 * np.pi / omega[[0, 4, 8, 12]])
    np.testing.assert_allclose(waves, [16, 5, 1.6, 0.5], rtol=0.02)


def test_offset_rotation_rejects():
    with pytest.raises(ValueError, match="d_model"):
        llm.offset_rotation(3, 1)
    with pytest.raises(TypeError, match="offset"):
        llm.offset_rotation(4, 1.5)
    with pytest.raises(ValueError, match="offset"):
        llm.offset_rotation(4, 2**41)


def test_rotate_pairs_vs_complex():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((5, 8))
    th = rng.uniform(-10, 10, (5, 4))
    y = llm.rotate_pairs(x, th)
    z = (x[:, 0::2] + 1j * x[:, 1::2]) * np.exp(1j * th)
    np.testing.assert_allclose(y[:, 0::2], z.real, atol=1e-14)
    np.testing.assert_allclose(y[:, 1::2], z.imag, atol=1e-14)
    np.testing.assert_allclose(np.linalg.norm(y, axis=1),
                               np.linalg.norm(x, axis=1), rtol=1e-14)


def test_rotate_pairs_rejects():
    with pytest.raises(ValueError, match="x"):
        llm.rotate_pairs([1.0, 2.0, 3.0], [0.0])
    with pytest.raises(ValueError, match="angles"):
        llm.rotate_pairs([1.0, 2.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="angles"):
        llm.rotate_pairs([1.0, 2.0], [1e20])


@given(st.integers(0, 10_000), st.integers(0, 10_000),
       st.integers(-500, 500))
def test_rope_scores_depend_on_offset_only(m, n, shift):
    """eq-bridge-rope: <rope(q, m), rope(k, n)> = <rope(q, m+s), rope(k, n+s)>."""
    rng = np.random.default_rng(8)
    q, k = rng.standard_normal((2, 1, 16))
    if m + shift < 0 or n + shift < 0:
        shift = 0
    s1 = (llm.rope(q, [m]) @ llm.rope(k, [n]).T).item()
    s2 = (llm.rope(q, [m + shift]) @ llm.rope(k, [n + shift]).T).item()
    # angles up to 2e4 rad carry absolute error u * 2e4 each; 16 terms
    tol = 16 * U * (2e4 + 10) * np.abs(q).max() * np.abs(k).max() * 4
    assert abs(s1 - s2) <= tol


def test_rope_rejects():
    with pytest.raises(ValueError, match="positions"):
        llm.rope(np.zeros((2, 4)), [0])
    with pytest.raises(ValueError, match="positions"):
        llm.rope(np.zeros((1, 4)), [-1])
    with pytest.raises(ValueError, match="x"):
        llm.rope(np.zeros(4))
    with pytest.raises(ValueError, match="x"):
        llm.rope(np.zeros((2, 3)))


# ---------------------------------------------------------- KV cache
def test_kv_cache_bytes_formula_and_measured():
    r = llm.incremental_attention(*np.random.default_rng(9)
                                  .standard_normal((3, 10, 6)))
    f = llm.kv_cache_bytes(10, n_layers=1, n_kv_heads=1, d_head=6,
                           dtype="float64")
    assert r.cache_bytes == f[0] == 2 * 10 * 6 * 8
    assert llm.kv_cache_bytes([1, 2], n_layers=32, n_kv_heads=8, d_head=128,
                              batch=3, dtype="bfloat16").tolist() == [
        2 * 32 * 3 * 8 * 128 * 2, 2 * 2 * 32 * 3 * 8 * 128 * 2]


def test_kv_cache_bytes_rejects():
    kw = dict(n_layers=1, n_kv_heads=1, d_head=1)
    with pytest.raises(ValueError, match="dtype"):
        llm.kv_cache_bytes(4, dtype="int8", **kw)
    with pytest.raises(TypeError, match="dtype"):
        llm.kv_cache_bytes(4, dtype=np.float16, **kw)
    with pytest.raises(ValueError, match="seq_len"):
        llm.kv_cache_bytes(0, **kw)
    with pytest.raises(ValueError, match="n_layers"):
        llm.kv_cache_bytes(4, n_layers=0, n_kv_heads=1, d_head=1)


def test_incremental_attention_vs_torch_causal():
    torch = pytest.importorskip("torch")
    q, k, v = np.random.default_rng(10).standard_normal((3, 9, 5))
    r = llm.incremental_attention(q, k, v)
    ref = torch.nn.functional.scaled_dot_product_attention(
        *(torch.from_numpy(a) for a in (q, k, v)), is_causal=True).numpy()
    # each output is a softmax-weighted sum of <= 9 terms from dot
    # products of length 5: (9 + 5) u times a safety of 8, times max |v|
    np.testing.assert_allclose(r.output, ref,
                               atol=8 * 14 * U * np.abs(v).max())
    assert r.flops == sum(2 * t * (5 + 5) for t in range(1, 10))


def test_incremental_attention_rejects():
    with pytest.raises(ValueError, match="q and k"):
        llm.incremental_attention(np.zeros((3, 2)), np.zeros((4, 2)),
                                  np.zeros((4, 2)))
    with pytest.raises(ValueError, match="scores"):
        llm.incremental_attention(np.full((2, 2), 1e200),
                                  np.full((2, 2), 1e200), np.zeros((2, 1)))


# --------------------------------------------------------- blockwise
@pytest.mark.parametrize("block", [1, 3, 16, 100])
@pytest.mark.parametrize("causal", [False, True])
def test_blockwise_equals_full(block, causal):
    q, k, v = np.random.default_rng(11).standard_normal((3, 40, 8))
    full = at.scaled_dot_product_attention(q, k, v, causal=causal).output
    r = llm.blockwise_attention(q, k, v, block=block, causal=causal)
    # the online rescaling adds O(m / block) roundings per entry on top
    # of the O(m + d) of the plain computation
    np.testing.assert_allclose(r.output, full, atol=8 * (40 + 8) * U * 4)
    assert r.block_bytes == 40 * min(block, 40) * 8
    assert r.full_bytes == 40 * 40 * 8


def test_blockwise_extreme_scores_no_nan():
    q = np.array([[300.0, 0.0], [0.0, 1.0]])
    k = np.array([[300.0, 0.0], [-300.0, 0.0], [0.0, 0.0]])
    v = np.array([[1.0], [2.0], [3.0]])
    r = llm.blockwise_attention(q, k, v, block=1)
    full = at.scaled_dot_product_attention(q, k, v).output
    assert np.all(np.isfinite(r.output))
    np.testing.assert_allclose(r.output, full, atol=1e-14)


def test_blockwise_rejects():
    z = np.zeros((3, 2))
    with pytest.raises(ValueError, match="causal"):
        llm.blockwise_attention(z, np.zeros((4, 2)), np.zeros((4, 1)),
                                causal=True)
    with pytest.raises(TypeError, match="causal"):
        llm.blockwise_attention(z, z, z, causal=1)
    with pytest.raises(ValueError, match="block"):
        llm.blockwise_attention(z, z, z, block=0)
    with pytest.raises(ValueError, match="k and v"):
        llm.blockwise_attention(z, z, np.zeros((2, 2)))


# ------------------------------------------------------------ cost study
@pytest.fixture(scope="module")
def study():
    return llm.cost_study([16, 32, 64, 128], 8, heads=2, batch=3,
                          repeats=1, rng=np.random.default_rng(12),
                          fit_from=32)


def test_claim_fig_bridge_cost(study):
    """'the measured bytes of the score array sit exactly on the formula
    b h n^2 s (slope 2) ... the counted flops also grow with slope 2'."""
    n = study.seq_len
    assert np.array_equal(study.measured_bytes, 3 * 2 * n**2 * 8)
    assert np.array_equal(study.measured_bytes, study.cost.score_bytes)
    # a power law fitted exactly in logs: error ~ u log(y) / spread(log n)
    assert abs(study.bytes_slope - 2.0) < 1e-12
    assert abs(study.flops_slope - 2.0) < 1e-12
    # blockwise memory is linear: n * block * s per head
    assert np.array_equal(study.block_bytes,
                          3 * 2 * n * np.minimum(n, study.block) * 8)
    # measured time: reported, only a loose sanity band
    assert np.all(study.seconds > 0) and -1.0 < study.time_slope < 5.0


def test_claim_fig_bridge_cost_nbytes_of_real_arrays():
    """The score array of actual attention code has b h n^2 s bytes."""
    rng = np.random.default_rng(13)
    for n, dtype in ((5, np.float64), (11, np.float32)):
        q, k = rng.standard_normal((2, 2, 3, n, 4)).astype(dtype)
        s = q @ np.swapaxes(k, -1, -2)
        c = at.attention_cost(n, 4, batch=2, heads=3, dtype=dtype.__name__)
        assert s.nbytes == c.score_bytes[0] == 2 * 3 * n * n * s.itemsize


def test_cost_study_rejects():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="seq_len"):
        llm.cost_study([8, 8], 4, rng=rng)
    with pytest.raises(ValueError, match="seq_len"):
        llm.cost_study([8], 4, rng=rng)
    with pytest.raises(ValueError, match="seq_len"):
        llm.cost_study([8, 2**13], 4, rng=rng)
    with pytest.raises(TypeError, match="rng"):
        llm.cost_study([8, 16], 4, rng=None)
    with pytest.raises(ValueError, match="repeats"):
        llm.cost_study([8, 16], 4, repeats=0, rng=rng)
