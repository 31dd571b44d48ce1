r"""Embeddings and attention as linear algebra.

A transformer layer is a handful of matrix products glued together by two
non-linear steps, the softmax and the feed-forward activation. This module
writes every step out in NumPy, small enough to read and to check against
PyTorch:

* embeddings: a lookup ``E[ids]`` that equals the product of a one-hot
  matrix with the embedding table (:func:`one_hot`, :func:`embed`);
* scaled dot-product attention, single and multi-head, with causal and
  padding masks applied *before* the softmax (:func:`attention_scores`,
  :func:`masked_softmax`, :func:`scaled_dot_product_attention`,
  :func:`multi_head_attention`, :func:`causal_mask`,
  :func:`padding_mask`, :func:`split_heads`, :func:`merge_heads`);
* the entropy of attention rows (:func:`attention_entropy`);
* sinusoidal positional encodings (:func:`sinusoidal_frequencies`,
  :func:`sinusoidal_positions`);
* a minimal pre-norm transformer block (:func:`layer_norm`,
  :func:`init_block_params`, :func:`transformer_block`);
* experiments for the chapter's figures (:func:`temperature_sweep`,
  :func:`scaling_study`) and the cost model of the score matrix
  (:func:`attention_cost`).

Conventions. Tokens are rows: a sequence is an ``(n, d)`` array and a
batch of multi-head activations is ``(b, h, n, d)``. A boolean mask is
``True`` where a query *may attend* to a key (the convention of
``torch.nn.functional.scaled_dot_product_attention``; note that
``torch.nn.MultiheadAttention`` uses the opposite one).

Fully masked rows. A query row whose keys are all masked has no
distribution to normalise: :math:`\sum_j e^{-\infty} = 0`. The
mathematically honest answer is "undefined"; the practical one, which
PyTorch's ``scaled_dot_product_attention`` also returns, is a row of zero
weights and hence a zero output. Every function here returns that, *and*
a boolean flag ``fully_masked`` so the caller can see which rows had no
keys. No NaN is ever produced.

Scale. Products are computed on operands divided by a power of two (an
exact operation) and scaled back, so that scores are correct whenever
they are representable; scores or activations beyond the float64 range
raise a ``ValueError`` naming the arguments.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import special as sps

from execmath import info, numerics, stats, tensors
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    check_rng,
    pow2_scale,
)

__all__ = [
    "AttentionCost",
    "AttentionResult",
    "BlockParams",
    "MaskedSoftmax",
    "ScalingStudy",
    "TemperatureSweep",
    "attention_cost",
    "attention_entropy",
    "attention_scores",
    "causal_mask",
    "embed",
    "init_block_params",
    "layer_norm",
    "masked_softmax",
    "merge_heads",
    "multi_head_attention",
    "one_hot",
    "padding_mask",
    "scaled_dot_product_attention",
    "scaling_study",
    "sinusoidal_frequencies",
    "sinusoidal_positions",
    "split_heads",
    "temperature_sweep",
    "transformer_block",
]

#: Largest sequence length the cost model accepts: 2**40 tokens is far
#: beyond any context window, and keeps n**2 exact enough in float64.
MAX_SEQ_LEN = 2**40

#: Softmax flops per score entry in the cost model (a convention, stated
#: so that counts are reproducible): scale, max, subtract, exp, sum,
#: divide -- six elementwise passes.
SOFTMAX_FLOPS_PER_SCORE = 6

_FLOAT_DTYPES = ("float16", "float32", "float64")


# ------------------------------------------------------------ validation
def _real(x: Any, name: str, *, min_ndim: int = 1,
          ndim: int | None = None) -> np.ndarray:
    """A finite, non-empty float64 array with enough dimensions."""
    arr = as_float_array(x, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have ndim {ndim}, got shape {arr.shape}")
    if arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimension(s), got shape "
            f"{arr.shape}"
        )
    return arr


def _int_array(x: Any, name: str) -> np.ndarray:
    """An integer array (bools, floats, strings and None are refused)."""
    if x is None or isinstance(x, (str, bytes)):
        raise InputTypeError(f"{name} must be an integer array, got "
                             f"{type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(
            f"{name} must be a rectangular integer array") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(
            f"{name} must hold integers, got dtype {arr.dtype} and shape "
            f"{arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr.astype(np.int64)


def _check_flag(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(
            f"{name} must be True or False, got {type(value).__name__} "
            f"{value!r:.40}"
        )
    return bool(value)


def _check_mask(mask: Any, shape: tuple[int, ...], source: str,
                name: str = "mask") -> np.ndarray | None:
    """A boolean mask (True = may attend) broadcastable to ``shape``."""
    if mask is None:
        return None
    if isinstance(mask, (str, bytes)):
        raise InputTypeError(f"{name} must be a boolean array, got a string")
    try:
        arr = np.asarray(mask)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"{name} must be a rectangular boolean array") from exc
    if arr.dtype != np.bool_:
        raise InputTypeError(
            f"{name} must be a boolean array (True = may attend), got dtype "
            f"{arr.dtype} and shape {arr.shape}"
        )
    try:
        return np.broadcast_to(arr, shape)
    except ValueError as exc:
        raise ValueError(
            f"{name} of shape {arr.shape} does not broadcast to the "
            f"scores' shape {shape} given by {source}"
        ) from exc


def _scale_value(scale: Any, d: int, name: str = "scale") -> float:
    if scale is None:
        return 1.0 / math.sqrt(d)
    return check_finite_scalar(scale, name, positive=True)


# --------------------------------------------------------- scaled kernels
def _scaled_matmul(a: np.ndarray, b: np.ndarray, factor: float,
                   what: str) -> np.ndarray:
    """``factor * (a @ b)`` computed on power-of-two scaled operands.

    Only the exponent is carried separately, so an intermediate never
    overflows unless an entry of the result itself does; then a ValueError
    names ``what``.
    """
    a_s, ea = pow2_scale(a)
    b_s, eb = pow2_scale(b)
    f_m, f_e = math.frexp(factor)            # factor = f_m * 2**f_e
    with np.errstate(under="ignore"):
        c = np.matmul(a_s, b_s) * f_m        # |entries| <= inner size
    with np.errstate(over="ignore", under="ignore"):
        c = np.ldexp(c, int(ea) + int(eb) + f_e)
    if not np.all(np.isfinite(c)):
        raise ValueError(
            f"{what} give values beyond the float64 range (> 1.8e308)")
    return c


def _affine(x: np.ndarray, w: np.ndarray, b: np.ndarray | None,
            what: str) -> np.ndarray:
    """``x @ w + b`` with overflow reported as a ValueError naming ``what``."""
    y = _scaled_matmul(x, w, 1.0, what)
    if b is not None:
        with np.errstate(over="ignore"):
            y = y + b
        if not np.all(np.isfinite(y)):
            raise ValueError(
                f"{what} give values beyond the float64 range (> 1.8e308)")
    return y


def _softmax_rows(s: np.ndarray, keep: np.ndarray | None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Masked softmax over the last axis; fully masked rows give zeros.

    ``s`` may hold -inf (a masked entry). Masked entries are set to -inf
    *before* the softmax, so their weights are exactly zero; a row with
    no admissible entry is replaced by zeros before the (max-shifted)
    softmax of :func:`execmath.numerics.softmax` and zeroed afterwards.
    """
    admissible = s > -np.inf                                 # (..., n, m)
    if keep is not None:
        admissible = admissible & keep
    fully = ~np.any(admissible, axis=-1)                     # (..., n)
    z = np.where(admissible, s, -np.inf)
    z = np.where(fully[..., None], 0.0, z)   # any finite row: discarded
    w = numerics.softmax(z, axis=-1)
    w = np.where(fully[..., None], 0.0, w)
    return w, fully


def _row_entropy(w: np.ndarray) -> np.ndarray:
    """Entropy in nats of each row of a validated weight array."""
    # entr(p) = -p log p with entr(0) = 0: the convention 0 log 0 = 0 of
    # execmath.info.entropy, applied to every row at once.
    return np.maximum(np.sum(sps.entr(w), axis=-1), 0.0)


def _sdpa(q: np.ndarray, k: np.ndarray, v: np.ndarray,
          keep: np.ndarray | None, scale: float,
          what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Attention on validated arrays: (output, weights, fully_masked)."""
    s = _scaled_matmul(q, np.swapaxes(k, -1, -2), scale, what)  # (..., n, m)
    w, fully = _softmax_rows(s, keep)
    out = _scaled_matmul(w, v, 1.0, what)                        # (..., n, dv)
    return out, w, fully


# ------------------------------------------------------------ embeddings
def one_hot(ids: Any, vocab_size: int) -> np.ndarray:
    r"""One-hot rows: :math:`H_{tj} = 1` if :math:`j = \mathrm{ids}_t`.

    .. math::

        H = [\,e_{i_1}, \dots, e_{i_n}\,]^{\mathsf T} \in \{0, 1\}^{n \times V}

    Parameters
    ----------
    ids : array_like of int, any shape
        Token ids in ``[0, vocab_size)``.
    vocab_size : int
        Number of distinct tokens :math:`V`.

    Returns
    -------
    numpy.ndarray, shape ``ids.shape + (vocab_size,)``, float64

    Examples
    --------
    >>> one_hot([2, 0], 3).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    vocab_size = check_positive_int(vocab_size, "vocab_size")
    ids = _int_array(ids, "ids")
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(
            f"ids must lie in [0, vocab_size) = [0, {vocab_size}), got values "
            f"from {ids.min()} to {ids.max()}"
        )
    check_result_size(ids.size * vocab_size, "ids and vocab_size")
    out = np.zeros(ids.shape + (vocab_size,))
    np.put_along_axis(out, ids[..., None], 1.0, axis=-1)
    return out


def embed(table: Any, ids: Any) -> np.ndarray:
    r"""Embedding lookup: row :math:`i_t` of the table for each token.

    .. math::

        x_t = E_{i_t,:} = e_{i_t}^{\mathsf T} E,
        \qquad E \in \mathbb{R}^{V \times d}

    The lookup is the product of the one-hot matrix (:func:`one_hot`) with
    ``table``, computed without forming the one-hot matrix.

    Parameters
    ----------
    table : array_like, shape (V, d)
        The embedding table, one row per token.
    ids : array_like of int, any shape
        Token ids in ``[0, V)``.

    Returns
    -------
    numpy.ndarray, shape ``ids.shape + (d,)``

    Examples
    --------
    >>> embed([[0.0, 1.0], [2.0, 3.0]], [1, 1, 0]).tolist()
    [[2.0, 3.0], [2.0, 3.0], [0.0, 1.0]]
    """
    table = _real(table, "table", ndim=2)
    ids = _int_array(ids, "ids")
    v = table.shape[0]
    if ids.min() < 0 or ids.max() >= v:
        raise ValueError(
            f"ids must lie in [0, {v}) for a table of shape {table.shape}, "
            f"got values from {ids.min()} to {ids.max()}"
        )
    check_result_size(ids.size * table.shape[1], "ids and table")
    return table[ids]


# ----------------------------------------------------------------- masks
def causal_mask(n: int, m: int | None = None) -> np.ndarray:
    r"""Causal mask: query :math:`i` may attend to key :math:`j \le i`.

    .. math::

        C_{ij} = [\, j \le i \,], \qquad 0 \le i < n,\; 0 \le j < m

    Aligned at the top left, as ``is_causal=True`` in PyTorch's
    ``scaled_dot_product_attention``: the diagonal is kept, so a token
    always sees itself.

    Parameters
    ----------
    n : int
        Number of queries.
    m : int, optional
        Number of keys (default ``n``).

    Returns
    -------
    numpy.ndarray of bool, shape (n, m)

    Examples
    --------
    >>> causal_mask(3).astype(int).tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    n = check_positive_int(n, "n")
    m = n if m is None else check_positive_int(m, "m")
    check_result_size(n * m, "n and m")
    return np.tril(np.ones((n, m), dtype=bool))


def padding_mask(lengths: Any, m: int) -> np.ndarray:
    r"""Padding mask: in sequence :math:`b` only the first
    :math:`\ell_b` keys are real tokens.

    .. math::

        P_{bj} = [\, j < \ell_b \,], \qquad 0 \le j < m

    Broadcast it over heads and queries as ``mask[:, None, None, :]`` for
    scores of shape ``(b, h, n, m)``. A length 0 masks a whole sequence,
    and its query rows become fully masked (zero weights, flagged).

    Parameters
    ----------
    lengths : array_like of int, shape (b,)
        Real lengths, in ``[0, m]``.
    m : int
        Padded length (number of keys).

    Returns
    -------
    numpy.ndarray of bool, shape (b, m)

    Examples
    --------
    >>> padding_mask([2, 3], 3).astype(int).tolist()
    [[1, 1, 0], [1, 1, 1]]
    """
    m = check_positive_int(m, "m")
    lengths = _int_array(lengths, "lengths")
    if lengths.ndim != 1:
        raise ValueError(f"lengths must be 1-D, got shape {lengths.shape}")
    if lengths.min() < 0 or lengths.max() > m:
        raise ValueError(
            f"lengths must lie in [0, m] = [0, {m}], got values from "
            f"{lengths.min()} to {lengths.max()}"
        )
    check_result_size(lengths.size * m, "lengths and m")
    return np.arange(m)[None, :] < lengths[:, None]          # (b, m)


# -------------------------------------------------------------- attention
def attention_scores(q: Any, k: Any, *, scale: float | None = None
                     ) -> np.ndarray:
    r"""Scaled scores :math:`S = c\, Q K^{\mathsf T}`, by default
    :math:`c = 1/\sqrt d`.

    .. math::

        S_{ij} = c \sum_{l=1}^{d} q_{il} k_{jl}

    Parameters
    ----------
    q : array_like, shape (..., n, d)
    k : array_like, shape (..., m, d)
        Leading axes broadcast against each other.
    scale : float, optional
        The factor :math:`c > 0`; default :math:`1/\sqrt d`.

    Returns
    -------
    numpy.ndarray, shape (..., n, m)

    Examples
    --------
    >>> attention_scores([[1.0, 1.0]], [[2.0, 0.0], [1.0, 1.0]],
    ...                  scale=1.0).tolist()
    [[2.0, 2.0]]
    """
    q, k = _check_qk(q, k)
    c = _scale_value(scale, q.shape[-1])
    return _scaled_matmul(q, np.swapaxes(k, -1, -2), c, "q, k and scale")


def _check_qk(q: Any, k: Any) -> tuple[np.ndarray, np.ndarray]:
    q = _real(q, "q", min_ndim=2)
    k = _real(k, "k", min_ndim=2)
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"q and k must have the same last axis d, got q {q.shape} and "
            f"k {k.shape}"
        )
    try:
        lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2])
    except ValueError as exc:
        raise ValueError(
            f"the leading axes of q {q.shape} and k {k.shape} do not "
            "broadcast") from exc
    check_result_size(math.prod(lead) * q.shape[-2] * k.shape[-2],
                      "q and k (the score matrix)")
    return q, k


class MaskedSoftmax(NamedTuple):
    r"""Row-wise softmax with a mask.

    ``weights`` has the shape of the scores, each row non-negative and
    summing to one, or all zero when the row is fully masked;
    ``fully_masked`` flags those rows (shape of the scores without the
    last axis).
    """

    weights: np.ndarray
    fully_masked: np.ndarray


def masked_softmax(scores: Any, mask: Any = None) -> MaskedSoftmax:
    r"""Softmax over the last axis after masking, safe for empty rows.

    .. math::

        a_{ij} = \frac{M_{ij}\, e^{s_{ij} - m_i}}
                      {\sum_{l} M_{il}\, e^{s_{il} - m_i}},
        \qquad m_i = \max_{l : M_{il} = 1} s_{il},

    and :math:`a_{i\cdot} = 0` (flagged in ``fully_masked``) when
    :math:`M_{il} = 0` for all :math:`l`. Masked entries are replaced by
    :math:`-\infty` *before* the max-shifted softmax, so their weights are
    exactly zero. Entries of ``scores`` equal to :math:`-\infty` count as
    masked too.

    Parameters
    ----------
    scores : array_like, shape (..., m)
        Finite scores or ``-inf``; no NaN or ``+inf``.
    mask : array_like of bool, optional
        Broadcastable to ``scores``; True where the entry may be attended.

    Returns
    -------
    MaskedSoftmax
        ``(weights, fully_masked)``.

    Examples
    --------
    >>> r = masked_softmax([[0.0, 0.0], [5.0, 1.0]],
    ...                    mask=[[True, True], [False, False]])
    >>> r.weights.tolist(), r.fully_masked.tolist()
    ([[0.5, 0.5], [0.0, 0.0]], [False, True])
    """
    s = as_float_array(scores, "scores", allow_nan=True)
    if s.ndim < 1:
        raise ValueError(f"scores must be at least 1-D, got shape {s.shape}")
    if np.any(np.isnan(s)) or np.any(s == np.inf):
        raise ValueError(
            f"scores must not contain NaN or +inf (use -inf or mask to "
            f"exclude an entry), shape {s.shape}")
    keep = _check_mask(mask, s.shape, "scores")
    w, fully = _softmax_rows(s, keep)
    return MaskedSoftmax(weights=w, fully_masked=fully)


class AttentionResult(NamedTuple):
    r"""Output of (multi-head) attention.

    ``output`` (..., n, d_v) holds the attention outputs, ``weights``
    (..., n, m) the attention matrix (rows sum to one or are zero), and
    ``fully_masked`` (..., n) flags the query rows with no admissible key,
    whose weights and outputs are zero.
    """

    output: np.ndarray
    weights: np.ndarray
    fully_masked: np.ndarray


def scaled_dot_product_attention(
    q: Any, k: Any, v: Any, *, mask: Any = None, causal: bool = False,
    scale: float | None = None,
) -> AttentionResult:
    r"""Scaled dot-product attention: a soft, differentiable lookup.

    .. math::

        \operatorname{Attn}(Q, K, V) = A V, \qquad
        A = \operatorname{softmax}_{\text{rows}}\!\Big(
            \frac{Q K^{\mathsf T}}{\sqrt d} + B\Big),
        \qquad B_{ij} \in \{0, -\infty\}

    Each output row is a convex combination of the rows of :math:`V`. The
    mask enters as :math:`B` (0 where allowed, :math:`-\infty` where not),
    before the softmax; a fully masked query row gets zero weights and a
    zero output, flagged in ``fully_masked`` (PyTorch's
    ``scaled_dot_product_attention`` also returns zeros there).

    Parameters
    ----------
    q : array_like, shape (..., n, d)
        Queries.
    k : array_like, shape (..., m, d)
        Keys.
    v : array_like, shape (..., m, d_v)
        Values, one per key.
    mask : array_like of bool, optional
        Broadcastable to (..., n, m); True where query ``i`` may attend to
        key ``j``.
    causal : bool, default False
        Also apply :func:`causal_mask` ``(n, m)``.
    scale : float, optional
        Multiplies the scores; default :math:`1/\sqrt d`.

    Returns
    -------
    AttentionResult
        ``(output, weights, fully_masked)``.

    Examples
    --------
    >>> r = scaled_dot_product_attention([[0.0], [1.0]], [[0.0], [1.0]],
    ...                                  [[1.0, 0.0], [0.0, 1.0]],
    ...                                  causal=True)
    >>> r.weights.round(4).tolist()
    [[1.0, 0.0], [0.2689, 0.7311]]
    >>> bool(np.allclose(r.output, r.weights))
    True
    """
    q, k = _check_qk(q, k)
    v = _real(v, "v", min_ndim=2)
    if v.shape[-2] != k.shape[-2]:
        raise ValueError(
            f"v must have one row per key: k has shape {k.shape}, v has "
            f"shape {v.shape}"
        )
    try:
        lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError as exc:
        raise ValueError(
            f"the leading axes of q {q.shape}, k {k.shape} and v {v.shape} "
            "do not broadcast") from exc
    check_result_size(math.prod(lead) * q.shape[-2] * v.shape[-1],
                      "q and v (the output)")
    c = _scale_value(scale, q.shape[-1])
    shape = lead + (q.shape[-2], k.shape[-2])
    keep = _check_mask(mask, shape, f"q {q.shape} and k {k.shape}")
    if _check_flag(causal, "causal"):
        cm = causal_mask(q.shape[-2], k.shape[-2])
        keep = cm if keep is None else keep & cm
    out, w, fully = _sdpa(q, k, v, keep, c, "q, k, v and scale")
    return AttentionResult(output=out, weights=w, fully_masked=fully)


def attention_entropy(weights: Any) -> np.ndarray:
    r"""Entropy (nats) of each attention row.

    .. math::

        H(a_{i\cdot}) = -\sum_{j} a_{ij} \log a_{ij},
        \qquad 0 \log 0 = 0, \qquad 0 \le H \le \log m

    The row-wise form of :func:`execmath.info.entropy`. :math:`H = 0` for a
    one-hot row (a hard lookup) and :math:`\log m` for a uniform one. A
    row of zeros (a fully masked query) has entropy 0 by convention.

    Parameters
    ----------
    weights : array_like, shape (..., m)
        Rows that are probability vectors (sum 1 within
        :data:`execmath.info.SUM_TOL`) or all zero.

    Returns
    -------
    numpy.ndarray, shape (...)

    Examples
    --------
    >>> attention_entropy([[0.5, 0.5], [1.0, 0.0]]).round(6).tolist()
    [0.693147, 0.0]
    """
    w = _real(weights, "weights", min_ndim=1)
    if np.any(w < 0):
        raise ValueError(f"weights must be >= 0, got minimum {w.min()!r}")
    with np.errstate(over="ignore"):       # a huge sum is simply "not 1"
        sums = np.sum(w, axis=-1)
    ok = (np.abs(sums - 1.0) <= info.SUM_TOL) | (sums == 0.0)
    if not np.all(ok):
        bad = sums[~ok].flat[0]
        raise ValueError(
            f"weights rows must sum to 1 (within {info.SUM_TOL:g}) or be all "
            f"zero, got a row sum {bad!r}")
    return _row_entropy(w)


# -------------------------------------------------------------- multi-head
def split_heads(x: Any, n_heads: int) -> np.ndarray:
    r"""Split the feature axis into heads: (b, n, D) -> (b, h, n, D/h).

    .. math::

        X^{(h)}_{b,t,:} = X_{b,t,\,h d_h : (h+1) d_h},
        \qquad d_h = D / h

    Examples
    --------
    >>> split_heads(np.arange(8.0).reshape(1, 2, 4), 2)[0].tolist()
    [[[0.0, 1.0], [4.0, 5.0]], [[2.0, 3.0], [6.0, 7.0]]]
    """
    x = _real(x, "x", ndim=3)
    n_heads = check_positive_int(n_heads, "n_heads")
    b, n, d_model = x.shape
    if d_model % n_heads:
        raise ValueError(
            f"n_heads must divide the feature size of x {x.shape}, got "
            f"n_heads={n_heads}")
    # (b, n, h, dh) -> (b, h, n, dh)
    return x.reshape(b, n, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)


def merge_heads(x: Any) -> np.ndarray:
    r"""Inverse of :func:`split_heads`: (b, h, n, d_h) -> (b, n, h d_h).

    .. math::

        Y_{b,t,\,h d_h + l} = X_{b,h,t,l}

    Examples
    --------
    >>> x = np.arange(8.0).reshape(1, 2, 4)
    >>> bool(np.array_equal(merge_heads(split_heads(x, 2)), x))
    True
    """
    x = _real(x, "x", ndim=4)
    b, h, n, dh = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, n, h * dh)     # (b, n, D)


def _check_weight(w: Any, name: str, shape: tuple[int, ...],
                  source: str = "x") -> np.ndarray:
    arr = _real(w, name, ndim=len(shape))
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape} to match {source}, "
                         f"got {arr.shape}")
    return arr


def _mha(x: np.ndarray, w_qkv: np.ndarray, b_qkv: np.ndarray | None,
         w_o: np.ndarray, b_o: np.ndarray | None, n_heads: int,
         keep: np.ndarray | None, what: str) -> AttentionResult:
    """Multi-head self-attention on validated arrays."""
    b, n, d_model = x.shape
    dh = d_model // n_heads
    qkv = _affine(x, w_qkv, b_qkv, what)                     # (b, n, 3D)
    q, k, v = (split_heads(t, n_heads)                       # (b, h, n, dh)
               for t in np.split(qkv, 3, axis=-1))
    out, w, fully = _sdpa(q, k, v, keep, 1.0 / math.sqrt(dh), what)
    y = _affine(merge_heads(out), w_o, b_o, what)            # (b, n, D)
    return AttentionResult(output=y, weights=w, fully_masked=fully)


def multi_head_attention(
    x: Any, w_qkv: Any, w_o: Any, *, n_heads: int, b_qkv: Any = None,
    b_o: Any = None, mask: Any = None, causal: bool = False,
) -> AttentionResult:
    r"""Multi-head self-attention with projections.

    .. math::

        [Q \mid K \mid V] = X W_{QKV} + b_{QKV}, \qquad
        H_h = \operatorname{Attn}(Q_h, K_h, V_h), \qquad
        Y = [H_1 \mid \dots \mid H_{h}]\, W_O + b_O

    where :math:`Q_h` is the :math:`h`-th block of :math:`d_h = D/h`
    columns of :math:`Q` (:func:`split_heads`), each head scaled by
    :math:`1/\sqrt{d_h}`. Weights act on row vectors: PyTorch's
    ``nn.MultiheadAttention`` stores the transposes,
    ``in_proj_weight = w_qkv.T`` and ``out_proj.weight = w_o.T``.

    Parameters
    ----------
    x : array_like, shape (b, n, D)
    w_qkv : array_like, shape (D, 3D)
        Query, key and value projections side by side.
    w_o : array_like, shape (D, D)
        Output projection.
    n_heads : int
        Number of heads :math:`h`; must divide ``D``.
    b_qkv : array_like, shape (3D,), optional
    b_o : array_like, shape (D,), optional
    mask : array_like of bool, optional
        Broadcastable to (b, h, n, n); True where attention is allowed.
    causal : bool, default False
        Also apply :func:`causal_mask`.

    Returns
    -------
    AttentionResult
        ``output`` (b, n, D), ``weights`` (b, h, n, n), ``fully_masked``
        (b, h, n).

    Examples
    --------
    >>> x = np.ones((1, 2, 2))
    >>> r = multi_head_attention(x, np.eye(2, 6), np.eye(2), n_heads=2)
    >>> r.output.shape, r.weights.shape
    ((1, 2, 2), (1, 2, 2, 2))
    """
    x = _real(x, "x", ndim=3)
    n_heads = check_positive_int(n_heads, "n_heads")
    b, n, d_model = x.shape
    if d_model % n_heads:
        raise ValueError(
            f"n_heads must divide the feature size D of x {x.shape}, got "
            f"n_heads={n_heads}")
    w_qkv = _check_weight(w_qkv, "w_qkv", (d_model, 3 * d_model))
    w_o = _check_weight(w_o, "w_o", (d_model, d_model))
    if b_qkv is not None:
        b_qkv = _check_weight(b_qkv, "b_qkv", (3 * d_model,))
    if b_o is not None:
        b_o = _check_weight(b_o, "b_o", (d_model,))
    check_result_size(b * n_heads * n * n, "x and n_heads (the scores)")
    keep = _check_mask(mask, (b, n_heads, n, n),
                       f"x {x.shape} and n_heads={n_heads}")
    if _check_flag(causal, "causal"):
        cm = causal_mask(n)
        keep = cm if keep is None else keep & cm
    return _mha(x, w_qkv, b_qkv, w_o, b_o, n_heads, keep,
                "x, w_qkv, b_qkv, w_o and b_o")


# ----------------------------------------------------- positional encoding
def sinusoidal_frequencies(d_model: int, base: float = 10000.0
                           ) -> np.ndarray:
    r"""Angular frequencies of the sinusoidal encoding.

    .. math::

        \omega_i = \text{base}^{-2i/d}, \qquad i = 0, \dots, d/2 - 1

    A geometric ladder from 1 radian per position down to almost
    :math:`1/\text{base}`.

    Parameters
    ----------
    d_model : int
        Even encoding dimension :math:`d \ge 2`.
    base : float, default 10000.0
        Must exceed 1.

    Returns
    -------
    numpy.ndarray, shape (d_model // 2,)

    Examples
    --------
    >>> sinusoidal_frequencies(4, base=100.0).tolist()
    [1.0, 0.1]
    """
    d_model = check_positive_int(d_model, "d_model", minimum=2)
    if d_model % 2:
        raise ValueError(f"d_model must be even (sin/cos pairs), got {d_model}")
    check_result_size(d_model, "d_model")
    base = check_finite_scalar(base, "base")
    if base <= 1.0:
        raise ValueError(f"base must be > 1, got {base!r}")
    i = np.arange(d_model // 2)
    with np.errstate(under="ignore"):      # tiny frequencies: harmless
        return np.power(base, -2.0 * i / d_model)


def sinusoidal_positions(n_positions: int, d_model: int,
                         base: float = 10000.0) -> np.ndarray:
    r"""Sinusoidal positional encodings, one row per position.

    .. math::

        P_{p,\,2i} = \sin(p\,\omega_i), \qquad
        P_{p,\,2i+1} = \cos(p\,\omega_i), \qquad
        \omega_i = \text{base}^{-2i/d}

    Column pairs :math:`(2i, 2i+1)` are points on the unit circle at angle
    :math:`p\omega_i`, so each row has norm :math:`\sqrt{d/2}` and moving
    from position :math:`p` to :math:`p + k` rotates every pair by the
    angle :math:`k\omega_i`, whatever :math:`p` is.

    Parameters
    ----------
    n_positions : int
        Number of positions :math:`0, \dots, n-1`.
    d_model : int
        Even encoding dimension.
    base : float, default 10000.0

    Returns
    -------
    numpy.ndarray, shape (n_positions, d_model)

    Examples
    --------
    >>> sinusoidal_positions(2, 2).round(4).tolist()
    [[0.0, 1.0], [0.8415, 0.5403]]
    """
    n_positions = check_positive_int(n_positions, "n_positions")
    omega = sinusoidal_frequencies(d_model, base)            # (d/2,)
    check_result_size(n_positions * d_model, "n_positions and d_model")
    angles = np.arange(n_positions)[:, None] * omega[None, :]  # (n, d/2)
    pe = np.empty((n_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe


# ---------------------------------------------------- the transformer block
def layer_norm(x: Any, weight: Any = None, bias: Any = None, *,
               eps: float = 1e-5) -> np.ndarray:
    r"""Layer normalisation over the last axis.

    .. math::

        \operatorname{LN}(x) = \gamma \odot
        \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta,
        \qquad \mu = \frac1D \sum_l x_l,\quad
        \sigma^2 = \frac1D \sum_l (x_l - \mu)^2

    (the biased variance, as ``torch.nn.functional.layer_norm``). Each row
    is first divided by a power of two :math:`2^e` (exact) and
    :math:`\varepsilon` by :math:`2^{2e}`, which is the same formula, so
    rows of size :math:`10^{300}` or :math:`10^{-300}` are normalised
    without overflow or underflow.

    Parameters
    ----------
    x : array_like, shape (..., D)
    weight, bias : array_like, shape (D,), optional
        :math:`\gamma` (default ones) and :math:`\beta` (default zeros).
    eps : float, default 1e-5
        :math:`\varepsilon > 0`.

    Returns
    -------
    numpy.ndarray, shape of ``x``

    Examples
    --------
    >>> layer_norm([[1.0, 3.0]], eps=1e-12).round(6).tolist()
    [[-1.0, 1.0]]
    """
    x = _real(x, "x", min_ndim=1)
    d = x.shape[-1]
    if weight is not None:
        weight = _check_weight(weight, "weight", (d,))
    if bias is not None:
        bias = _check_weight(bias, "bias", (d,))
    eps = check_finite_scalar(eps, "eps", positive=True)
    return _layer_norm(x, weight, bias, eps, "x, weight and bias")


def _layer_norm(x: np.ndarray, weight: np.ndarray | None,
                bias: np.ndarray | None, eps: float, what: str) -> np.ndarray:
    xs, e = pow2_scale(x, axis=-1)                           # (..., D), (..., 1)
    mu = np.mean(xs, axis=-1, keepdims=True)
    xc = xs - mu
    with np.errstate(under="ignore"):
        var = np.mean(xc * xc, axis=-1, keepdims=True)
    with np.errstate(over="ignore", under="ignore"):
        # eps / 2**(2e): overflows to inf only for rows so tiny that the
        # exact answer is 0 to working precision; then xc / inf = 0.
        eps_s = np.ldexp(eps, -2 * e)
    denom = np.sqrt(var + eps_s)
    # denom = 0 only for a constant row whose eps underflowed in the scaled
    # units (|x| ~ 1e308): then xc = 0 and the normalised row is 0.
    y = np.divide(xc, denom, out=np.zeros_like(xc), where=denom > 0)
    if weight is not None:
        with np.errstate(over="ignore"):
            y = y * weight
    if bias is not None:
        with np.errstate(over="ignore"):
            y = y + bias
    if not np.all(np.isfinite(y)):
        raise ValueError(
            f"{what} give values beyond the float64 range (> 1.8e308)")
    return y


class BlockParams(NamedTuple):
    r"""Weights of a pre-norm transformer block (row-vector convention).

    Shapes for model width :math:`D` and hidden width :math:`F`:
    ``ln1_weight, ln1_bias, ln2_weight, ln2_bias, b_o, b_2`` (D,),
    ``w_qkv`` (D, 3D), ``b_qkv`` (3D,), ``w_o`` (D, D), ``w_1`` (D, F),
    ``b_1`` (F,), ``w_2`` (F, D). PyTorch's ``nn.Linear`` stores the
    transposes of the ``w_*`` matrices.
    """

    ln1_weight: np.ndarray
    ln1_bias: np.ndarray
    w_qkv: np.ndarray
    b_qkv: np.ndarray
    w_o: np.ndarray
    b_o: np.ndarray
    ln2_weight: np.ndarray
    ln2_bias: np.ndarray
    w_1: np.ndarray
    b_1: np.ndarray
    w_2: np.ndarray
    b_2: np.ndarray


def init_block_params(d_model: int, n_heads: int, d_ff: int, *,
                      rng: np.random.Generator) -> BlockParams:
    r"""Random weights for :func:`transformer_block`.

    Matrices have independent :math:`\mathcal N(0, 1/\text{fan-in})`
    entries, so activations keep a variance of order one through the
    block; layer-norm gains are :math:`1 + 0.1\,\mathcal N(0, 1)` and all
    biases :math:`0.1\,\mathcal N(0, 1)`, so that a comparison with
    PyTorch exercises every parameter.

    Parameters
    ----------
    d_model : int
        Model width :math:`D`.
    n_heads : int
        Number of heads; must divide ``d_model``.
    d_ff : int
        Hidden width :math:`F` of the MLP.
    rng : numpy.random.Generator

    Returns
    -------
    BlockParams

    Examples
    --------
    >>> p = init_block_params(4, 2, 8, rng=np.random.default_rng(0))
    >>> p.w_qkv.shape, p.w_1.shape, p.w_2.shape
    ((4, 12), (4, 8), (8, 4))
    """
    d_model = check_positive_int(d_model, "d_model")
    n_heads = check_positive_int(n_heads, "n_heads")
    d_ff = check_positive_int(d_ff, "d_ff")
    if d_model % n_heads:
        raise ValueError(
            f"n_heads must divide d_model, got d_model={d_model}, "
            f"n_heads={n_heads}")
    check_result_size(3 * d_model * d_model + 2 * d_model * d_ff,
                      "d_model and d_ff")
    rng = check_rng(rng)

    def mat(fan_in: int, fan_out: int) -> np.ndarray:
        return rng.standard_normal((fan_in, fan_out)) / math.sqrt(fan_in)

    def vec(size: int, centre: float = 0.0) -> np.ndarray:
        return centre + 0.1 * rng.standard_normal(size)

    return BlockParams(
        ln1_weight=vec(d_model, 1.0), ln1_bias=vec(d_model),
        w_qkv=mat(d_model, 3 * d_model), b_qkv=vec(3 * d_model),
        w_o=mat(d_model, d_model), b_o=vec(d_model),
        ln2_weight=vec(d_model, 1.0), ln2_bias=vec(d_model),
        w_1=mat(d_model, d_ff), b_1=vec(d_ff),
        w_2=mat(d_ff, d_model), b_2=vec(d_model),
    )


def _check_params(params: Any, d_model: int) -> BlockParams:
    if not isinstance(params, BlockParams):
        raise InputTypeError(
            f"params must be a BlockParams (see init_block_params), got "
            f"{type(params).__name__}")
    w1 = as_float_array(params.w_1, "params.w_1", ndim=2)
    d_ff = w1.shape[1]
    shapes = {
        "ln1_weight": (d_model,), "ln1_bias": (d_model,),
        "w_qkv": (d_model, 3 * d_model), "b_qkv": (3 * d_model,),
        "w_o": (d_model, d_model), "b_o": (d_model,),
        "ln2_weight": (d_model,), "ln2_bias": (d_model,),
        "w_1": (d_model, d_ff), "b_1": (d_ff,),
        "w_2": (d_ff, d_model), "b_2": (d_model,),
    }
    out = {}
    for field, shape in shapes.items():
        arr = as_float_array(getattr(params, field), f"params.{field}")
        if arr.shape != shape:
            raise ValueError(
                f"params.{field} must have shape {shape} for x with D = "
                f"{d_model}, got {arr.shape}")
        out[field] = arr
    return BlockParams(**out)


def transformer_block(
    x: Any, params: BlockParams, *, n_heads: int, mask: Any = None,
    causal: bool = False, eps: float = 1e-5, activation: str = "relu",
) -> np.ndarray:
    r"""A pre-norm transformer block.

    .. math::

        H = X + \operatorname{MHA}\big(\operatorname{LN}_1(X)\big), \qquad
        Y = H + \phi\big(\operatorname{LN}_2(H)\, W_1 + b_1\big) W_2 + b_2

    with :math:`\phi` = ReLU or the exact GELU
    :math:`\tfrac12 z\,\operatorname{erfc}(-z/\sqrt2)`. It is what
    ``torch.nn.TransformerEncoderLayer(norm_first=True, dropout=0.0,
    batch_first=True)`` computes in evaluation mode.

    Parameters
    ----------
    x : array_like, shape (b, n, D)
    params : BlockParams
        Weights (:func:`init_block_params`).
    n_heads : int
        Number of heads; must divide ``D``.
    mask : array_like of bool, optional
        Broadcastable to (b, h, n, n); True where attention is allowed.
    causal : bool, default False
    eps : float, default 1e-5
        Layer-norm :math:`\varepsilon`.
    activation : {"relu", "gelu"}

    Returns
    -------
    numpy.ndarray, shape (b, n, D)

    Examples
    --------
    >>> p = init_block_params(4, 2, 8, rng=np.random.default_rng(0))
    >>> y = transformer_block(np.ones((1, 3, 4)), p, n_heads=2)
    >>> y.shape, bool(np.all(np.isfinite(y)))
    ((1, 3, 4), True)
    """
    x = _real(x, "x", ndim=3)
    b, n, d_model = x.shape
    n_heads = check_positive_int(n_heads, "n_heads")
    if d_model % n_heads:
        raise ValueError(
            f"n_heads must divide the feature size D of x {x.shape}, got "
            f"n_heads={n_heads}")
    p = _check_params(params, d_model)
    eps = check_finite_scalar(eps, "eps", positive=True)
    activation = check_choice(activation, "activation", ("relu", "gelu"))
    check_result_size(b * n * max(n_heads * n, p.w_1.shape[1]),
                      "x, n_heads and params (the scores and hidden layer)")
    keep = _check_mask(mask, (b, n_heads, n, n),
                       f"x {x.shape} and n_heads={n_heads}")
    if _check_flag(causal, "causal"):
        cm = causal_mask(n)
        keep = cm if keep is None else keep & cm
    what = "x and params"
    a = _layer_norm(x, p.ln1_weight, p.ln1_bias, eps, what)     # (b, n, D)
    att = _mha(a, p.w_qkv, p.b_qkv, p.w_o, p.b_o, n_heads, keep, what)
    h = _add(x, att.output, what)                               # residual
    z = _affine(_layer_norm(h, p.ln2_weight, p.ln2_bias, eps, what),
                p.w_1, p.b_1, what)                             # (b, n, F)
    if activation == "relu":
        z = np.maximum(z, 0.0)
    else:
        with np.errstate(under="ignore"):
            z = 0.5 * z * sps.erfc(-z / math.sqrt(2.0))
    return _add(h, _affine(z, p.w_2, p.b_2, what), what)        # (b, n, D)


def _add(a: np.ndarray, b: np.ndarray, what: str) -> np.ndarray:
    with np.errstate(over="ignore"):
        out = a + b
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"{what} give values beyond the float64 range (> 1.8e308)")
    return out


# --------------------------------------------------------------- cost model
class AttentionCost(NamedTuple):
    r"""Cost of the score matrix of attention, per sequence length.

    Every array field has the shape of ``seq_len`` (k,), as float64 (exact
    below :math:`2^{53}`). ``score_elements`` :math:`= b h n^2`,
    ``score_bytes`` :math:`= b h n^2 s` for ``itemsize`` :math:`s`,
    ``qkv_bytes`` :math:`= 3 b h n d s` (queries, keys and values, for
    comparison), ``matmul_flops`` :math:`= 4 b h n^2 d` (:math:`QK^{\mathsf
    T}` and :math:`AV`), ``softmax_flops`` :math:`= 6 b h n^2` and
    ``total_flops`` their sum.
    """

    seq_len: np.ndarray
    d_head: int
    batch: int
    heads: int
    itemsize: int
    score_elements: np.ndarray
    score_bytes: np.ndarray
    qkv_bytes: np.ndarray
    matmul_flops: np.ndarray
    softmax_flops: np.ndarray
    total_flops: np.ndarray


def _check_dtype(dtype: Any) -> np.dtype:
    if isinstance(dtype, (bool, int, float)) or dtype is None:
        raise InputTypeError(
            f"dtype must be one of {list(_FLOAT_DTYPES)}, got {dtype!r}")
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"dtype must be one of {list(_FLOAT_DTYPES)}, got {dtype!r}"
        ) from exc
    if dt.name not in _FLOAT_DTYPES:
        raise ValueError(
            f"dtype must be one of {list(_FLOAT_DTYPES)}, got {dt.name}")
    return dt


def _seq_lens(seq_len: Any) -> np.ndarray:
    if isinstance(seq_len, (int, np.integer)) and not isinstance(
            seq_len, (bool, np.bool_)):
        return np.array([check_positive_int(seq_len, "seq_len",
                                            maximum=MAX_SEQ_LEN)],
                        dtype=np.int64)
    arr = _int_array(seq_len, "seq_len")
    if arr.ndim != 1:
        raise ValueError(f"seq_len must be an int or 1-D, got shape "
                         f"{arr.shape}")
    if arr.min() < 1 or arr.max() > MAX_SEQ_LEN:
        raise ValueError(
            f"seq_len must lie in [1, 2**40], got values from {arr.min()} "
            f"to {arr.max()}")
    check_result_size(arr.size, "seq_len")
    return arr


def attention_cost(seq_len: Any, d_head: int, *, batch: int = 1,
                   heads: int = 1, dtype: Any = "float64") -> AttentionCost:
    r"""Flops and memory of the attention score matrix, by formula.

    For :math:`b` sequences, :math:`h` heads, length :math:`n`, head width
    :math:`d` and :math:`s` bytes per number,

    .. math::

        \text{bytes}(S) = b h n^2 s, \qquad
        \text{flops} = \underbrace{4 b h n^2 d}_{QK^{\mathsf T},\ AV}
                     + \underbrace{6 b h n^2}_{\text{scale, softmax}}

    counting a multiply-add as two flops and six elementwise passes for
    scaling and the max-shifted softmax (:data:`SOFTMAX_FLOPS_PER_SCORE`,
    a convention). Both grow like :math:`n^2`, while the inputs
    :math:`Q, K, V` take :math:`3 b h n d s` bytes, linear in :math:`n`.

    Parameters
    ----------
    seq_len : int or array_like of int, shape (k,)
        Sequence lengths :math:`n` in ``[1, 2**40]``.
    d_head : int
        Head width :math:`d`.
    batch, heads : int, default 1
    dtype : {"float16", "float32", "float64"}, default "float64"

    Returns
    -------
    AttentionCost

    Examples
    --------
    >>> c = attention_cost([1024, 2048], 64, heads=8, dtype="float32")
    >>> c.score_bytes.tolist(), float(c.score_bytes[1] / c.score_bytes[0])
    ([33554432.0, 134217728.0], 4.0)
    """
    n = _seq_lens(seq_len).astype(np.float64)               # (k,)
    d_head = check_positive_int(d_head, "d_head", maximum=MAX_SEQ_LEN)
    batch = check_positive_int(batch, "batch", maximum=MAX_SEQ_LEN)
    heads = check_positive_int(heads, "heads", maximum=MAX_SEQ_LEN)
    itemsize = _check_dtype(dtype).itemsize
    elements = float(batch) * heads * n * n
    with np.errstate(over="ignore"):
        score_bytes = elements * itemsize
        matmul = 4.0 * elements * d_head
        softmax = float(SOFTMAX_FLOPS_PER_SCORE) * elements
        total = matmul + softmax
        qkv = 3.0 * batch * heads * n * d_head * itemsize
    if not np.all(np.isfinite(total)):
        raise ValueError(
            "seq_len, d_head, batch and heads give counts beyond the float64 "
            "range")
    return AttentionCost(
        seq_len=n.astype(np.int64), d_head=d_head, batch=batch, heads=heads,
        itemsize=itemsize, score_elements=elements, score_bytes=score_bytes,
        qkv_bytes=qkv, matmul_flops=matmul, softmax_flops=softmax,
        total_flops=total)


# ------------------------------------------------------ figure experiments
class TemperatureSweep(NamedTuple):
    r"""Attention outputs for one set of queries at several temperatures.

    ``temperatures`` (T,); ``weights`` (T, n, m); ``outputs`` (T, n, d_v);
    ``values`` (m, d_v); ``nearest_distance`` (T, n) is the Euclidean
    distance of each output to the closest value row;
    ``mean_nearest_distance`` (T,) and ``mean_entropy`` (T,) average over
    the queries.
    """

    temperatures: np.ndarray
    weights: np.ndarray
    outputs: np.ndarray
    values: np.ndarray
    nearest_distance: np.ndarray
    mean_nearest_distance: np.ndarray
    mean_entropy: np.ndarray


def temperature_sweep(q: Any, k: Any, v: Any,
                      temperatures: Any) -> TemperatureSweep:
    r"""Attention at temperatures :math:`T`: scores
    :math:`QK^{\mathsf T} / (T \sqrt d)`.

    .. math::

        o_i(T) = \sum_j a_{ij}(T)\, v_j, \qquad
        a_{i\cdot}(T) = \operatorname{softmax}\!\Big(
            \frac{q_i^{\mathsf T} K^{\mathsf T}}{T\sqrt d}\Big)

    As :math:`T \to 0` each row tends to a one-hot vector (a hard lookup
    of the best-matching key, if unique) and :math:`o_i` to a single
    value :math:`v_j`; as :math:`T \to \infty` it tends to the mean of
    the values.

    Parameters
    ----------
    q : array_like, shape (n, d)
    k : array_like, shape (m, d)
    v : array_like, shape (m, d_v)
    temperatures : array_like, shape (T,)
        Positive temperatures.

    Returns
    -------
    TemperatureSweep

    Examples
    --------
    >>> sw = temperature_sweep([[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]],
    ...                        [[0.0, 0.0], [1.0, 0.0]], [1.0, 0.01])
    >>> sw.mean_nearest_distance.round(4).tolist()
    [0.3302, 0.0]
    """
    q = _real(q, "q", ndim=2)
    k = _real(k, "k", ndim=2)
    v = _real(v, "v", ndim=2)
    if q.shape[1] != k.shape[1]:
        raise ValueError(f"q and k must have the same number of columns, got "
                         f"q {q.shape} and k {k.shape}")
    if v.shape[0] != k.shape[0]:
        raise ValueError(f"v must have one row per key, got k {k.shape} and "
                         f"v {v.shape}")
    temps = _real(temperatures, "temperatures", ndim=1)
    if np.any(temps <= 0):
        raise ValueError(f"temperatures must be > 0, got minimum "
                         f"{temps.min()!r}")
    n, m = q.shape[0], k.shape[0]
    check_result_size(temps.size * n * max(m, v.shape[1]),
                      "temperatures, q and k")
    d = q.shape[1]
    weights, outputs = [], []
    for t in temps:
        with np.errstate(over="ignore"):
            c = 1.0 / (float(t) * math.sqrt(d))
        if not math.isfinite(c):
            raise ValueError(f"temperatures must be >= 1e-300, got {t!r}")
        out, w, _ = _sdpa(q, k, v, None, c, "q, k, v and temperatures")
        weights.append(w)
        outputs.append(out)
    w = np.stack(weights)                                     # (T, n, m)
    o = np.stack(outputs)                                     # (T, n, dv)
    # distance of each output to its nearest value row: (T, n, m) -> (T, n)
    # Outputs lie in the hull of the values, so one power of two scales
    # both into [-1, 1] exactly and the squares cannot overflow.
    v_s, e = pow2_scale(v)
    dist = np.empty((temps.size, n))
    for i in range(temps.size):
        o_s = np.ldexp(o[i], -int(e))
        d2 = tensors.pairwise_sq_distances(o_s, v_s)          # (n, m)
        with np.errstate(over="ignore"):
            dist[i] = np.ldexp(np.sqrt(np.min(d2, axis=1)), int(e))
    if not np.all(np.isfinite(dist)):
        raise ValueError("v spans more than the float64 range: a distance "
                         "between an output and a value overflows")
    return TemperatureSweep(
        temperatures=temps, weights=w, outputs=o, values=v,
        nearest_distance=dist, mean_nearest_distance=dist.mean(axis=1),
        mean_entropy=_row_entropy(w).mean(axis=1))


class ScalingStudy(NamedTuple):
    r"""Scores, saturation and entropy of random attention against
    :math:`d`, without and with the :math:`1/\sqrt d` factor.

    Each ``*_se`` field is the Monte Carlo standard error of the field
    before it (over independent trials). Arrays have shape (k,) for the
    ``dims``. ``entropy_reference`` is the mean row entropy of the
    softmax of i.i.d. standard normal scores (the :math:`d \to \infty`
    limit of the scaled case) and ``log_n`` the maximum, :math:`\log n`.
    """

    dims: np.ndarray
    n_tokens: int
    n_trials: int
    var_unscaled: np.ndarray
    var_unscaled_se: np.ndarray
    var_scaled: np.ndarray
    var_scaled_se: np.ndarray
    max_weight_unscaled: np.ndarray
    max_weight_unscaled_se: np.ndarray
    max_weight_scaled: np.ndarray
    max_weight_scaled_se: np.ndarray
    entropy_unscaled: np.ndarray
    entropy_unscaled_se: np.ndarray
    entropy_scaled: np.ndarray
    entropy_scaled_se: np.ndarray
    entropy_reference: float
    entropy_reference_se: float
    log_n: float


def _dims(dims: Any) -> np.ndarray:
    arr = _int_array(dims, "dims")
    if arr.ndim != 1:
        raise ValueError(f"dims must be 1-D, got shape {arr.shape}")
    if arr.min() < 1 or arr.max() > 2**16:
        raise ValueError(f"dims must lie in [1, 65536], got values from "
                         f"{arr.min()} to {arr.max()}")
    return arr


def _mc(per_trial: np.ndarray) -> tuple[float, float]:
    est = stats.mc_mean(per_trial)
    return est.estimate, est.se


def scaling_study(dims: Any, *, n_tokens: int = 64, n_trials: int = 100,
                  rng: np.random.Generator) -> ScalingStudy:
    r"""Why :math:`1/\sqrt d`: random attention scores against dimension.

    Queries and keys have i.i.d. :math:`\mathcal N(0, 1)` entries, so a
    score :math:`q^{\mathsf T} k = \sum_{l=1}^d q_l k_l` has

    .. math::

        \mathbb E[q^{\mathsf T} k] = 0, \qquad
        \operatorname{Var}[q^{\mathsf T} k] = d, \qquad
        \operatorname{Var}[q^{\mathsf T} k / \sqrt d] = 1 .

    For each :math:`d` the study draws ``n_trials`` independent sets of
    ``n_tokens`` queries and keys and records, averaged per trial, the
    score variance (mean of :math:`S_{ij}^2`, the mean being known to be
    0), the largest weight of each softmax row (saturation) and the row
    entropy, for the unscaled and the scaled scores.

    Parameters
    ----------
    dims : array_like of int, shape (k,)
        Dimensions :math:`d` in ``[1, 65536]``.
    n_tokens : int, default 64
        Queries = keys per trial, at least 2.
    n_trials : int, default 100
        Independent trials, at least 2 (for the standard errors).
    rng : numpy.random.Generator

    Returns
    -------
    ScalingStudy

    Examples
    --------
    >>> st = scaling_study([4, 64], n_tokens=8, n_trials=20,
    ...                    rng=np.random.default_rng(0))
    >>> bool(st.var_unscaled[1] > st.var_unscaled[0])
    True
    >>> bool(st.entropy_unscaled[1] < st.entropy_scaled[1])
    True
    """
    ds = _dims(dims)
    n_tokens = check_positive_int(n_tokens, "n_tokens", minimum=2)
    n_trials = check_positive_int(n_trials, "n_trials", minimum=2)
    check_result_size(n_trials * n_tokens * max(int(ds.max()), n_tokens),
                      "dims, n_tokens and n_trials")
    check_result_size(ds.size * n_trials, "dims and n_trials")
    rng = check_rng(rng)
    fields: dict[str, list[float]] = {}
    for d in ds:
        q = rng.standard_normal((n_trials, n_tokens, int(d)))   # (t, n, d)
        k = rng.standard_normal((n_trials, n_tokens, int(d)))   # (t, n, d)
        s = q @ k.transpose(0, 2, 1)                            # (t, n, n)
        for tag, sc in (("unscaled", s), ("scaled", s / math.sqrt(d))):
            w = numerics.softmax(sc, axis=-1)                   # (t, n, n)
            per_trial = {
                "var": np.mean(sc * sc, axis=(1, 2)),           # (t,)
                "max_weight": np.mean(np.max(w, axis=-1), axis=1),
                "entropy": np.mean(_row_entropy(w), axis=1),
            }
            for name, vals in per_trial.items():
                est, se = _mc(vals)
                fields.setdefault(f"{name}_{tag}", []).append(est)
                fields.setdefault(f"{name}_{tag}_se", []).append(se)
    z = rng.standard_normal((n_trials, n_tokens, n_tokens))     # (t, n, n)
    ref, ref_se = _mc(np.mean(_row_entropy(numerics.softmax(z, axis=-1)),
                              axis=1))
    return ScalingStudy(
        dims=ds, n_tokens=n_tokens, n_trials=n_trials,
        **{key: np.array(val) for key, val in fields.items()},
        entropy_reference=ref, entropy_reference_se=ref_se,
        log_n=math.log(n_tokens))
