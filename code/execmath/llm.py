r"""From attention to language models: the pieces a training loop adds.

:mod:`execmath.attention` builds one transformer block. This module adds
what turns blocks into a language model and what limits its size:

* a character-level **bigram model** (:func:`char_vocab`,
  :func:`bigram_counts`, :func:`bigram_probs`, :func:`bigram_loss_and_grad`,
  :func:`train_bigram`): next-token prediction with the cross-entropy from
  logits, its exact gradient, and Adam (:mod:`execmath.stochastic`), small
  enough to check against PyTorch step by step;
* the **per-token loss and perplexity** of a model on a text
  (:func:`token_nll`, :func:`perplexity`);
* **sampling** with a temperature and an explicit generator
  (:func:`temperature_probs`, :func:`sample_tokens`);
* **relative positions as rotations**: the sinusoidal encoding of position
  :math:`p + k` is a fixed rotation of that of :math:`p`
  (:func:`offset_rotation`), and rotary embeddings apply such rotations to
  queries and keys (:func:`rotate_pairs`, :func:`rope`);
* the **memory of generation and of attention**: the key/value cache
  (:func:`kv_cache_bytes`, :func:`incremental_attention`), attention by
  key blocks with an online softmax that never stores the score matrix
  (:func:`blockwise_attention`), and a measured cost study of the score
  matrix against the sequence length (:func:`cost_study`).

Conventions as in :mod:`execmath.attention`: tokens are rows, token ids are
integers in ``[0, V)``, everything is float64 unless a ``dtype`` says
otherwise. Nothing here prints or plots.
"""

from __future__ import annotations

import math
import time
from typing import Any, NamedTuple

import numpy as np

from execmath import attention, fitting, special, stochastic
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    check_rng,
)

__all__ = [
    "BigramTrace",
    "BlockwiseResult",
    "CharVocab",
    "CostStudy",
    "KVDecode",
    "LossGrad",
    "bigram_counts",
    "bigram_loss_and_grad",
    "bigram_probs",
    "blockwise_attention",
    "char_vocab",
    "cost_study",
    "incremental_attention",
    "kv_cache_bytes",
    "offset_rotation",
    "perplexity",
    "rope",
    "rotate_pairs",
    "sample_tokens",
    "temperature_probs",
    "token_nll",
    "train_bigram",
]

#: Bytes per number of the storage formats of :func:`kv_cache_bytes`
#: (bfloat16 has no NumPy dtype but the same size as float16).
ITEMSIZE = {"bfloat16": 2, "float16": 2, "float32": 4, "float64": 8}

#: Longest text, token sequence or sample this module accepts.
MAX_TOKENS = 10_000_000

#: Largest position or sequence length accepted (as in attention.py).
MAX_POSITION = 2**40

#: Most score entries one measured study may allocate (128 MiB in float64).
MAX_STUDY_ELEMENTS = 2**24

#: log of the largest float64: exp of anything above overflows.
_LOG_MAX = math.log(np.finfo(np.float64).max)


# ------------------------------------------------------------------ helpers
def _int_array(x: Any, name: str, *, ndim: int = 1) -> np.ndarray:
    """A 1-D non-empty integer array (bools, floats, strings rejected)."""
    if x is None or isinstance(x, (str, bytes, bool, np.bool_)):
        raise InputTypeError(
            f"{name} must be an array of integers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a rectangular integer array, got "
                         f"{x!r:.60}") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(
            f"{name} must hold integers, got dtype {arr.dtype} of shape "
            f"{arr.shape}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if arr.size > MAX_TOKENS:
        raise ValueError(f"{name} has {arr.size} entries, more than the "
                         f"supported {MAX_TOKENS}")
    return arr.astype(np.int64)


def _ids(ids: Any, vocab_size: int, name: str = "ids", *,
         min_len: int = 1) -> np.ndarray:
    arr = _int_array(ids, name)
    if arr.size < min_len:
        raise ValueError(f"{name} must hold at least {min_len} tokens, got "
                         f"shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= vocab_size:
        raise ValueError(
            f"{name} must lie in [0, {vocab_size}), got values from "
            f"{arr.min()} to {arr.max()}")
    return arr


def _vocab(vocab_size: Any, name: str = "vocab_size") -> int:
    v = check_positive_int(vocab_size, name, maximum=1_000_000)
    check_result_size(v * v, name)
    return v


def _real(x: Any, name: str, *, ndim: int | tuple[int, ...] | None = None
          ) -> np.ndarray:
    return as_float_array(x, name, ndim=ndim)


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be True or False, got "
                             f"{value!r:.40}")
    return bool(value)


def _softmax_last(z: np.ndarray) -> np.ndarray:
    """Max-shifted softmax over the last axis of finite ``z`` (no NaN)."""
    with np.errstate(over="ignore"):       # z - max may be -inf: weight 0
        shifted = z - z.max(axis=-1, keepdims=True)           # <= 0
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


# ------------------------------------------------------- the bigram model
class CharVocab(NamedTuple):
    """Characters of a text, sorted, and the text as ids into them."""

    chars: tuple[str, ...]
    ids: np.ndarray


def char_vocab(text: str) -> CharVocab:
    r"""Character vocabulary of ``text`` and the text encoded as ids.

    The vocabulary is the sorted set of distinct characters, so id
    :math:`j` is the :math:`j`-th smallest character: a tokenizer with
    :math:`V` = ``len(chars)`` tokens and no unknown-token handling.

    Parameters
    ----------
    text : str
        At least two characters.

    Returns
    -------
    CharVocab
        ``chars`` (tuple of V one-character strings) and ``ids``
        (int64 array of shape ``(len(text),)``).

    Examples
    --------
    >>> v = char_vocab("abba")
    >>> v.chars, v.ids.tolist()
    (('a', 'b'), [0, 1, 1, 0])
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str, got {type(text).__name__}")
    if len(text) < 2:
        raise ValueError(f"text must hold at least 2 characters, got "
                         f"{len(text)}")
    if len(text) > MAX_TOKENS:
        raise ValueError(f"text has {len(text)} characters, more than the "
                         f"supported {MAX_TOKENS}")
    chars = tuple(sorted(set(text)))
    index = {c: i for i, c in enumerate(chars)}
    ids = np.fromiter((index[c] for c in text), dtype=np.int64,
                      count=len(text))
    return CharVocab(chars=chars, ids=ids)


def bigram_counts(ids: Any, vocab_size: int) -> np.ndarray:
    r"""Counts of consecutive token pairs.

    .. math::

        C_{ab} = \#\{t : x_t = a,\ x_{t+1} = b\}, \qquad t = 0, \dots, n-2

    Parameters
    ----------
    ids : array_like of int, shape (n,)
        Token ids in ``[0, vocab_size)``, ``n >= 2``.
    vocab_size : int

    Returns
    -------
    numpy.ndarray, shape (vocab_size, vocab_size)
        Float64 counts summing to ``n - 1``.

    Examples
    --------
    >>> bigram_counts([0, 1, 1, 0], 2).tolist()
    [[0.0, 1.0], [1.0, 1.0]]
    """
    v = _vocab(vocab_size)
    x = _ids(ids, v, min_len=2)
    c = np.zeros((v, v))
    np.add.at(c, (x[:-1], x[1:]), 1.0)     # repeated pairs accumulate
    return c


def bigram_probs(ids: Any, vocab_size: int, *, smoothing: float = 0.0
                 ) -> np.ndarray:
    r"""Maximum-likelihood (optionally add-:math:`\alpha`) bigram model.

    .. math::

        P(b \mid a) = \frac{C_{ab} + \alpha}{\sum_{c} C_{ac} + V\alpha}

    With :math:`\alpha = 0` this is the maximiser of the likelihood of the
    text, i.e. the minimiser of the mean cross-entropy over all
    row-stochastic tables; a row whose token never occurs before another
    (:math:`\sum_c C_{ac} = 0`) is set to the uniform distribution.

    Parameters
    ----------
    ids : array_like of int, shape (n,)
    vocab_size : int
    smoothing : float, default 0.0
        :math:`\alpha \ge 0`, at most ``1e6``.

    Returns
    -------
    numpy.ndarray, shape (vocab_size, vocab_size)
        Rows are probability distributions over the next token.

    Examples
    --------
    >>> bigram_probs([0, 1, 1, 0], 2).tolist()
    [[0.0, 1.0], [0.5, 0.5]]
    >>> bigram_probs([0, 1, 1, 0], 2, smoothing=1.0).round(4).tolist()
    [[0.3333, 0.6667], [0.5, 0.5]]
    """
    c = bigram_counts(ids, vocab_size)                        # (V, V)
    alpha = check_finite_scalar(smoothing, "smoothing")
    if not 0.0 <= alpha <= 1e6:
        raise ValueError(f"smoothing must lie in [0, 1e6], got {smoothing!r}")
    c = c + alpha
    total = c.sum(axis=1, keepdims=True)                      # (V, 1)
    v = c.shape[0]
    return np.where(total > 0, c / np.where(total > 0, total, 1.0), 1.0 / v)


def _probs_table(probs: Any) -> np.ndarray:
    p = _real(probs, "probs", ndim=2)
    if p.shape[0] != p.shape[1]:
        raise ValueError(f"probs must be square (V, V), got shape {p.shape}")
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("probs must lie in [0, 1]")
    # each row sum has V roundings of relative size u: allow a generous
    # multiple of V u
    tol = 8 * p.shape[1] * np.finfo(np.float64).eps
    if np.any(np.abs(p.sum(axis=1) - 1.0) > tol):
        worst = float(np.abs(p.sum(axis=1) - 1.0).max())
        raise ValueError(f"probs rows must sum to 1, worst row is off by "
                         f"{worst:.3g}")
    return p


def token_nll(probs: Any, ids: Any) -> np.ndarray:
    r"""Negative log-likelihood of every next token under a bigram table.

    .. math::

        \ell_t = -\log P(x_{t+1} \mid x_t), \qquad t = 0, \dots, n-2

    A token the model gives probability exactly zero has
    :math:`\ell_t = +\infty`: this is returned as ``inf`` on purpose (it
    is the true value, and the reason models are smoothed).

    Parameters
    ----------
    probs : array_like, shape (V, V)
        Row-stochastic table, e.g. from :func:`bigram_probs`.
    ids : array_like of int, shape (n,)
        ``n >= 2`` ids in ``[0, V)``.

    Returns
    -------
    numpy.ndarray, shape (n - 1,)
        Non-negative losses in nats, possibly ``inf``.

    Examples
    --------
    >>> token_nll([[0.5, 0.5], [1.0, 0.0]], [0, 1, 0]).round(4).tolist()
    [0.6931, 0.0]
    """
    p = _probs_table(probs)
    x = _ids(ids, p.shape[0], min_len=2)
    q = p[x[:-1], x[1:]]                                      # (n-1,)
    with np.errstate(divide="ignore"):                        # log 0 = -inf
        return np.maximum(-np.log(q), 0.0)


def perplexity(nll: Any) -> float:
    r"""Perplexity: the exponential of the mean negative log-likelihood.

    .. math::

        \operatorname{PPL} = \exp\Big(\frac1n \sum_{t=1}^{n} \ell_t\Big)

    A model that spreads its probability uniformly over :math:`V` tokens
    has :math:`\ell_t = \log V` and perplexity :math:`V`: perplexity is
    the effective number of equally likely choices per token.

    Parameters
    ----------
    nll : array_like, shape (n,)
        Non-negative per-token losses in nats; ``inf`` entries (tokens of
        probability zero) are allowed and give ``inf``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the mean loss is finite but its exponential exceeds the float64
        range.

    Examples
    --------
    >>> round(perplexity([np.log(4.0)] * 3), 12)
    4.0
    """
    x = as_float_array(nll, "nll", ndim=1, allow_nan=True)
    if np.any(np.isnan(x)) or np.any(x < 0):
        raise ValueError("nll must be non-negative numbers (inf allowed), "
                         f"got NaN or negative entries in shape {x.shape}")
    if np.any(np.isinf(x)):
        return math.inf
    mean = float(np.sum(x / x.size))        # no overflow in the sum
    if mean > _LOG_MAX:
        raise ValueError(f"nll has mean {mean:.6g}: its exponential exceeds "
                         "the float64 range")
    return math.exp(mean)


class LossGrad(NamedTuple):
    """Mean loss (float) and its gradient (array of the logits' shape)."""

    loss: float
    grad: np.ndarray


def _bigram_data(logits: Any, inputs: Any, targets: Any
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = _real(logits, "logits", ndim=2)
    x = _int_array(inputs, "inputs")
    y = _int_array(targets, "targets")
    for arr, name, size, axis in ((x, "inputs", w.shape[0], "rows"),
                                  (y, "targets", w.shape[1], "columns")):
        if arr.min() < 0 or arr.max() >= size:
            raise ValueError(
                f"{name} must index the {size} {axis} of logits "
                f"{w.shape}, got values from {arr.min()} to {arr.max()}")
    if x.shape != y.shape:
        raise ValueError(f"inputs and targets must have the same shape, got "
                         f"{x.shape} and {y.shape}")
    return w, x, y


def _loss_grad(w: np.ndarray, x: np.ndarray, y: np.ndarray,
               onehot: np.ndarray | None = None,
               used: tuple[np.ndarray, np.ndarray] | None = None) -> LossGrad:
    # The log-softmax is row-wise, so each distinct input row is normalised
    # once and looked up per position: the same numbers as
    # log_softmax(w[x]), with the exponentials taken on (V_used, V) only.
    ux, inv = np.unique(x, return_inverse=True) if used is None else used
    table = special.log_softmax(w[ux])                        # (V_used, V)
    logp = table[inv]                                         # (N, V)
    rows = np.arange(y.size)
    loss = float(-logp[rows, y].mean())      # LSE(z) - z_y, averaged
    p = np.exp(table)[inv]                                    # softmax
    p[rows, y] -= 1.0                                         # - onehot(y)
    if onehot is None:
        g = np.zeros_like(w)
        np.add.at(g, x, p / y.size)    # rows of repeated inputs accumulate
    else:
        g = onehot.T @ (p / y.size)    # H^T (softmax - Y) / N
    return LossGrad(loss=loss, grad=g)


def bigram_loss_and_grad(logits: Any, inputs: Any, targets: Any) -> LossGrad:
    r"""Mean next-token cross-entropy of a logit table and its gradient.

    Row :math:`a` of the table :math:`W \in \R^{V \times V}` holds the
    logits of the token after :math:`a`. For pairs :math:`(x_t, y_t)`,

    .. math::

        L(W) = \frac1N \sum_{t=1}^{N}
               \big(\operatorname{LSE}(W_{x_t,:}) - W_{x_t, y_t}\big),
        \qquad
        \nabla_W L = \frac1N \sum_{t} e_{x_t}
               \big(\operatorname{softmax}(W_{x_t,:}) - e_{y_t}\big)^{\mathsf T}

    (the row lookup is a one-hot product, so the gradient scatters back
    into the rows that were used).

    Parameters
    ----------
    logits : array_like, shape (V_in, V_out)
    inputs : array_like of int, shape (N,)
        Row indices in ``[0, V_in)``.
    targets : array_like of int, shape (N,)
        Next tokens in ``[0, V_out)``.

    Returns
    -------
    LossGrad

    Examples
    --------
    >>> r = bigram_loss_and_grad(np.zeros((2, 2)), [0, 1], [1, 1])
    >>> round(r.loss, 6), r.grad.tolist()
    (0.693147, [[0.25, -0.25], [0.25, -0.25]])
    """
    return _loss_grad(*_bigram_data(logits, inputs, targets))


class BigramTrace(NamedTuple):
    """Final logits (V, V) and the loss before each step and at the end."""

    logits: np.ndarray
    losses: np.ndarray


def train_bigram(logits: Any, inputs: Any, targets: Any, *,
                 lr: float = 0.1, steps: int = 100) -> BigramTrace:
    r"""Full-batch Adam on the bigram loss of :func:`bigram_loss_and_grad`.

    Each step computes :math:`L(W_{t-1})` and its gradient and applies
    :func:`execmath.stochastic.adam_update` (:math:`\beta_1 = 0.9`,
    :math:`\beta_2 = 0.999`, :math:`\epsilon = 10^{-8}`, bias-corrected),
    the defaults of ``torch.optim.Adam``.

    Parameters
    ----------
    logits : array_like, shape (V_in, V_out)
        Initial table :math:`W_0`.
    inputs, targets : array_like of int, shape (N,)
    lr : float, default 0.1
        Step size in ``(0, 100]``.
    steps : int, default 100
        At most 100,000.

    Returns
    -------
    BigramTrace
        ``losses`` has shape ``(steps + 1,)``: :math:`L(W_0), \dots,
        L(W_{\text{steps}})`.

    Examples
    --------
    >>> tr = train_bigram(np.zeros((2, 2)), [0, 1, 0], [1, 0, 1], steps=20)
    >>> bool(tr.losses[-1] < tr.losses[0] < 0.7)
    True
    """
    w, x, y = _bigram_data(logits, inputs, targets)
    check_result_size(x.size * w.shape[0], "inputs and logits")
    lr = check_finite_scalar(lr, "lr", positive=True)
    if lr > 100:
        raise ValueError(f"lr must lie in (0, 100], got {lr!r}")
    steps = check_positive_int(steps, "steps", maximum=100_000)
    shape = w.shape
    onehot = np.zeros((x.size, shape[0]))                     # (N, V_in)
    onehot[np.arange(x.size), x] = 1.0
    used = np.unique(x, return_inverse=True)
    flat = w.ravel().copy()                     # adam_update works on vectors
    m, v = np.zeros_like(flat), np.zeros_like(flat)
    losses = np.empty(steps + 1)
    for t in range(1, steps + 1):
        r = _loss_grad(flat.reshape(shape), x, y, onehot, used)
        losses[t - 1] = r.loss
        # the arithmetic of stochastic.adam_update, without re-validating
        # arrays this loop built: every |g| <= 1 and an Adam step moves each
        # entry by at most a few lr, so nothing here can overflow
        flat, m, v = stochastic._adam(flat, m, v, r.grad.ravel(), t, lr,
                                      0.9, 0.999, 1e-8, True)
    w = flat.reshape(shape)
    if not np.all(np.isfinite(w)):
        raise ValueError("lr and logits drove the table beyond the float64 "
                         "range")
    losses[steps] = _loss_grad(w, x, y, onehot, used).loss
    return BigramTrace(logits=w, losses=losses)


# ------------------------------------------------------------- sampling
def temperature_probs(logits: Any, temperature: float = 1.0) -> np.ndarray:
    r"""Softmax of logits divided by a temperature, over the last axis.

    .. math::

        p_j(T) = \frac{e^{z_j / T}}{\sum_l e^{z_l / T}}
               = \frac{e^{(z_j - z_{\max}) / T}}
                      {\sum_l e^{(z_l - z_{\max}) / T}}

    :math:`T \to 0` tends to the uniform distribution over the largest
    logits (greedy decoding), :math:`T \to \infty` to the uniform
    distribution over all tokens; :math:`T = 1` is the model's own
    distribution.

    Parameters
    ----------
    logits : array_like, shape (..., V)
    temperature : float, default 1.0
        :math:`T` in ``[1e-3, 1e3]``.

    Returns
    -------
    numpy.ndarray, shape (..., V)

    Examples
    --------
    >>> temperature_probs([0.0, np.log(3.0)], 1.0).round(6).tolist()
    [0.25, 0.75]
    >>> temperature_probs([0.0, np.log(3.0)], 1e-3).round(6).tolist()
    [0.0, 1.0]
    """
    z = _real(logits, "logits")
    if z.ndim < 1:
        raise ValueError(f"logits must be at least 1-D, got shape {z.shape}")
    t = check_finite_scalar(temperature, "temperature", positive=True)
    if not 1e-3 <= t <= 1e3:
        raise ValueError(f"temperature must lie in [1e-3, 1e3], got "
                         f"{temperature!r}")
    # shift first (differences <= 0), then divide: the quotient can be
    # huge and negative, whose exponential underflows harmlessly to 0
    with np.errstate(over="ignore", under="ignore"):
        shifted = z - z.max(axis=-1, keepdims=True)           # <= 0
        e = np.exp(np.maximum(shifted / t, -1e300))
    return e / e.sum(axis=-1, keepdims=True)


def sample_tokens(logits: Any, start: int, n_tokens: int, *,
                  temperature: float = 1.0,
                  rng: np.random.Generator) -> np.ndarray:
    r"""Generate a sequence from a bigram logit table, one token at a time.

    .. math::

        x_{t+1} \sim \operatorname{Categorical}\big(
        \operatorname{softmax}(W_{x_t,:} / T)\big)

    Each draw inverts the cumulative distribution at one uniform number of
    ``rng`` (@eq-dist-inverse-cdf), so a seed fixes the sample.

    Parameters
    ----------
    logits : array_like, shape (V, V)
    start : int
        First token, in ``[0, V)``.
    n_tokens : int
        Number of tokens to generate, at most 1,000,000.
    temperature : float, default 1.0
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of int64, shape (n_tokens + 1,)
        ``start`` followed by the generated tokens.

    Examples
    --------
    >>> w = np.log([[0.01, 0.99], [0.99, 0.01]])
    >>> sample_tokens(w, 0, 5, temperature=0.01,
    ...               rng=np.random.default_rng(0)).tolist()
    [0, 1, 0, 1, 0, 1]
    """
    w = _real(logits, "logits", ndim=2)
    if w.shape[0] != w.shape[1]:
        raise ValueError(f"logits must be square (V, V), got {w.shape}")
    v = w.shape[0]
    start = check_positive_int(start, "start", minimum=0, maximum=v - 1)
    n_tokens = check_positive_int(n_tokens, "n_tokens", maximum=1_000_000)
    p = temperature_probs(w, temperature)                     # (V, V)
    rng = check_rng(rng)
    cdf = np.cumsum(p, axis=1)                                # (V, V)
    u = rng.random(n_tokens)                                  # (n_tokens,)
    out = np.empty(n_tokens + 1, dtype=np.int64)
    out[0] = cur = start
    for t in range(n_tokens):
        row = cdf[cur]
        # side="right": never lands on a token of probability zero
        j = int(np.searchsorted(row, u[t] * row[-1], side="right"))
        cur = min(j, v - 1)
        out[t + 1] = cur
    return out


# ----------------------------------------------- positions and rotations
def offset_rotation(d_model: int, offset: int, base: float = 10000.0
                    ) -> np.ndarray:
    r"""Rotations that move a sinusoidal encoding by ``offset`` positions.

    For the pair :math:`(s, c) = (\sin p\omega_i, \cos p\omega_i)` of
    :func:`execmath.attention.sinusoidal_positions`, the angle-addition
    formulas give

    .. math::

        \begin{pmatrix} \sin (p+k)\omega_i \\ \cos (p+k)\omega_i
        \end{pmatrix}
        = R_i(k)
        \begin{pmatrix} \sin p\omega_i \\ \cos p\omega_i \end{pmatrix},
        \qquad
        R_i(k) = \begin{pmatrix} \cos k\omega_i & \sin k\omega_i \\
                                 -\sin k\omega_i & \cos k\omega_i
                 \end{pmatrix},

    a rotation by :math:`-k\omega_i` that does not depend on :math:`p`.

    Parameters
    ----------
    d_model : int
        Even encoding dimension.
    offset : int
        :math:`k`, any integer with :math:`|k| \le 2^{40}`.
    base : float, default 10000.0

    Returns
    -------
    numpy.ndarray, shape (d_model // 2, 2, 2)

    Examples
    --------
    >>> R = offset_rotation(2, 1)
    >>> P = attention.sinusoidal_positions(5, 2)
    >>> bool(np.allclose(R[0] @ P[3], P[4]))
    True
    """
    omega = attention.sinusoidal_frequencies(d_model, base)   # (d/2,)
    k = check_positive_int(offset, "offset", minimum=-MAX_POSITION,
                           maximum=MAX_POSITION)
    a = k * omega                                             # (d/2,)
    c, s = np.cos(a), np.sin(a)
    return np.stack([np.stack([c, s], -1), np.stack([-s, c], -1)], -2)


def rotate_pairs(x: Any, angles: Any) -> np.ndarray:
    r"""Rotate each consecutive pair of coordinates by its own angle.

    .. math::

        \begin{pmatrix} y_{2i} \\ y_{2i+1} \end{pmatrix}
        = \begin{pmatrix} \cos\theta_i & -\sin\theta_i \\
                          \sin\theta_i & \cos\theta_i \end{pmatrix}
          \begin{pmatrix} x_{2i} \\ x_{2i+1} \end{pmatrix}

    A rotation preserves the length of every pair, hence
    :math:`\lVert y \rVert_2 = \lVert x \rVert_2`.

    Parameters
    ----------
    x : array_like, shape (..., d)
        ``d`` even.
    angles : array_like, shape broadcastable to (..., d // 2)
        Angles :math:`\theta_i` in radians, :math:`|\theta_i| \le 2^{50}`.

    Returns
    -------
    numpy.ndarray, shape of the broadcast (..., d)

    Examples
    --------
    >>> rotate_pairs([1.0, 0.0, 0.0, 2.0], [np.pi / 2, 0.0]).round(12).tolist()
    [0.0, 1.0, 0.0, 2.0]
    """
    xa = _real(x, "x")
    if xa.ndim < 1 or xa.shape[-1] % 2:
        raise ValueError(f"x must have an even last axis, got shape "
                         f"{xa.shape}")
    th = _real(angles, "angles")
    if np.any(np.abs(th) > 2.0**50):
        raise ValueError("angles must satisfy |angle| <= 2**50 (beyond it "
                         "one ulp exceeds a full turn)")
    half = xa.shape[:-1] + (xa.shape[-1] // 2,)
    try:
        shape = np.broadcast_shapes(half, th.shape)
    except ValueError as exc:
        raise ValueError(f"angles of shape {th.shape} do not broadcast "
                         f"against the pairs of x, shape {half}") from exc
    if shape[-1] != half[-1]:
        raise ValueError(f"angles must have one angle per pair of x "
                         f"({half[-1]}) or 1 on the last axis, got shape "
                         f"{th.shape}")
    check_result_size(2 * math.prod(shape), "x and angles")
    a, b = xa[..., 0::2], xa[..., 1::2]                       # (..., d/2)
    c, s = np.cos(th), np.sin(th)
    out = np.empty(shape[:-1] + (2 * shape[-1],))
    out[..., 0::2] = a * c - b * s
    out[..., 1::2] = a * s + b * c
    return out


def rope(x: Any, positions: Any = None, base: float = 10000.0
         ) -> np.ndarray:
    r"""Rotary position embedding (RoPE) of rows of ``x``.

    Row :math:`p` is rotated pair by pair by the angles
    :math:`p\,\omega_i`, :math:`\omega_i = \text{base}^{-2i/d}`
    (the interleaved layout of Su et al.):

    .. math::

        \operatorname{rope}(x, p) = R(p\omega)\, x, \qquad
        \langle \operatorname{rope}(q, m), \operatorname{rope}(k, n)\rangle
        = \langle q, R((n - m)\omega)\, k\rangle,

    so scores of rotated queries and keys depend on the positions only
    through the offset :math:`n - m`.

    Parameters
    ----------
    x : array_like, shape (..., n, d)
        ``d`` even.
    positions : array_like of int, shape (n,), optional
        Default ``0, ..., n-1``; entries in ``[0, 2**40]``.
    base : float, default 10000.0

    Returns
    -------
    numpy.ndarray, shape (..., n, d)

    Examples
    --------
    >>> q = np.array([[1.0, 0.0]])
    >>> rope(q, [1], base=100.0).round(4).tolist()
    [[0.5403, 0.8415]]
    """
    xa = _real(x, "x")
    if xa.ndim < 2:
        raise ValueError(f"x must be at least 2-D (n, d), got shape "
                         f"{xa.shape}")
    n, d = xa.shape[-2:]
    if d % 2:
        raise ValueError(f"x must have an even last axis, got shape "
                         f"{xa.shape}")
    omega = attention.sinusoidal_frequencies(d, base)         # (d/2,)
    if positions is None:
        pos = np.arange(n)
    else:
        pos = _int_array(positions, "positions")
        if pos.shape != (n,):
            raise ValueError(f"positions must have shape ({n},) to match x "
                             f"{xa.shape}, got {pos.shape}")
        if pos.min() < 0 or pos.max() > MAX_POSITION:
            raise ValueError(f"positions must lie in [0, 2**40], got values "
                             f"from {pos.min()} to {pos.max()}")
    return rotate_pairs(xa, pos[:, None] * omega[None, :])    # (..., n, d)


# ------------------------------------------------------ memory of decoding
def _check_dtype(dtype: Any) -> int:
    if not isinstance(dtype, str):
        raise InputTypeError(f"dtype must be one of {list(ITEMSIZE)}, got "
                             f"{type(dtype).__name__}")
    if dtype not in ITEMSIZE:
        raise ValueError(f"dtype must be one of {list(ITEMSIZE)}, got "
                         f"{dtype!r}")
    return ITEMSIZE[dtype]


def _lengths(seq_len: Any) -> np.ndarray:
    if isinstance(seq_len, (int, np.integer)) and not isinstance(
            seq_len, (bool, np.bool_)):
        n = check_positive_int(seq_len, "seq_len", maximum=MAX_POSITION)
        return np.array([n], dtype=np.int64)
    arr = _int_array(seq_len, "seq_len")
    if arr.min() < 1 or arr.max() > MAX_POSITION:
        raise ValueError(f"seq_len must lie in [1, 2**40], got values from "
                         f"{arr.min()} to {arr.max()}")
    return arr


def kv_cache_bytes(seq_len: Any, *, n_layers: int, n_kv_heads: int,
                   d_head: int, batch: int = 1,
                   dtype: str = "float16") -> np.ndarray:
    r"""Bytes of the key/value cache of a decoder during generation.

    Every layer keeps one key and one value vector of width
    :math:`d_h` per cached head, per token and per sequence:

    .. math::

        \text{bytes} = 2 \cdot L \cdot b \cdot n \cdot h_{kv}
                       \cdot d_h \cdot s

    for :math:`L` layers, batch :math:`b`, :math:`n` cached tokens,
    :math:`h_{kv}` key/value heads and :math:`s` bytes per number. It
    grows *linearly* in :math:`n`, unlike the :math:`n^2` score matrix.

    Parameters
    ----------
    seq_len : int or array_like of int, shape (k,)
        Tokens in the cache, in ``[1, 2**40]``.
    n_layers, n_kv_heads, d_head, batch : int
        Positive, each at most ``2**40``.
    dtype : {"bfloat16", "float16", "float32", "float64"}

    Returns
    -------
    numpy.ndarray of float64, shape (k,)

    Examples
    --------
    >>> kv_cache_bytes([1024, 2048], n_layers=2, n_kv_heads=4, d_head=64,
    ...                dtype="float32").tolist()
    [4194304.0, 8388608.0]
    """
    n = _lengths(seq_len).astype(np.float64)
    dims = [check_positive_int(val, name, maximum=MAX_POSITION)
            for name, val in (("n_layers", n_layers),
                              ("n_kv_heads", n_kv_heads),
                              ("d_head", d_head), ("batch", batch))]
    s = _check_dtype(dtype)
    per_token = 2.0 * math.prod(float(x) for x in dims) * s
    with np.errstate(over="ignore"):
        out = per_token * n
    if not np.all(np.isfinite(out)):
        raise ValueError("seq_len, n_layers, n_kv_heads, d_head and batch "
                         "give a byte count beyond the float64 range")
    return out


def _qkv(q: Any, k: Any, v: Any) -> tuple[np.ndarray, ...]:
    qa = _real(q, "q", ndim=2)
    ka = _real(k, "k", ndim=2)
    va = _real(v, "v", ndim=2)
    if qa.shape[1] != ka.shape[1]:
        raise ValueError(f"q and k must have the same width d, got q "
                         f"{qa.shape} and k {ka.shape}")
    if ka.shape[0] != va.shape[0]:
        raise ValueError(f"k and v must have the same length, got k "
                         f"{ka.shape} and v {va.shape}")
    check_result_size(qa.shape[0] * ka.shape[0], "q and k (scores)")
    return qa, ka, va


def _v_exponent(v: np.ndarray) -> int:
    """Exponent e with max|v| / 2**e <= 1: outputs are convex combinations
    of the rows of v, so working with v / 2**e (exact) and scaling back
    cannot overflow where the answer is finite."""
    top = float(np.abs(v).max())
    return math.frexp(top)[1] if top > 0 else 0


def _check_scores(s: np.ndarray) -> None:
    if not np.all(np.isfinite(s)):
        raise ValueError("q and k give scores beyond the float64 range")


class KVDecode(NamedTuple):
    """Outputs of step-by-step causal attention and its cache size.

    ``output`` (n, d_v); ``cache_bytes`` the ``nbytes`` of the key and
    value caches after the last step; ``flops`` the multiply-adds (times
    two) of all steps, :math:`\\sum_t 2 t (d + d_v)`.
    """

    output: np.ndarray
    cache_bytes: int
    flops: int


def incremental_attention(q: Any, k: Any, v: Any) -> KVDecode:
    r"""Causal attention computed the way a decoder generates: one query at
    a time, against a growing key/value cache.

    At step :math:`t` the new key and value are appended to the cache and

    .. math::

        o_t = \sum_{j \le t} \operatorname{softmax}_j
              \Big(\frac{q_t^{\mathsf T} k_j}{\sqrt d}\Big) v_j ,

    which equals row :math:`t` of causal attention over the whole sequence.
    Step :math:`t` reads :math:`t` cached rows, so the work per new token
    grows linearly and the cache holds :math:`2 n d` numbers.

    Parameters
    ----------
    q, k : array_like, shape (n, d)
    v : array_like, shape (n, d_v)

    Returns
    -------
    KVDecode

    Examples
    --------
    >>> r = incremental_attention(np.eye(2), np.eye(2), [[1.0], [3.0]])
    >>> r.output.round(4).tolist(), r.cache_bytes
    ([[1.0], [2.3395]], 48)
    """
    qa, ka, va = _qkv(q, k, v)
    n, d = qa.shape
    if ka.shape[0] != n:
        raise ValueError(f"q and k must have the same length for causal "
                         f"decoding, got q {qa.shape} and k {ka.shape}")
    e = _v_exponent(va)
    vs = np.ldexp(va, -e)                                     # |vs| <= 1
    k_cache = np.empty_like(ka)                               # (n, d)
    v_cache = np.empty_like(va)                               # (n, d_v)
    out = np.empty((n, va.shape[1]))
    c = 1.0 / math.sqrt(d)
    for t in range(n):
        k_cache[t], v_cache[t] = ka[t], vs[t]                 # append
        with np.errstate(over="ignore", invalid="ignore"):
            s = (k_cache[: t + 1] @ (qa[t] * c))              # (t+1,)
        _check_scores(s)
        w = _softmax_last(s)
        out[t] = w @ v_cache[: t + 1]
    flops = sum(2 * (t + 1) * (d + va.shape[1]) for t in range(n))
    return KVDecode(output=np.ldexp(out, e), cache_bytes=k_cache.nbytes + v_cache.nbytes,
                    flops=flops)


class BlockwiseResult(NamedTuple):
    """Output of :func:`blockwise_attention` and the memory it used.

    ``output`` (n, d_v); ``block_bytes`` the ``nbytes`` of the largest
    score block held at once; ``full_bytes`` those of the full
    :math:`n \\times m` score matrix it never formed.
    """

    output: np.ndarray
    block_bytes: int
    full_bytes: int


def blockwise_attention(q: Any, k: Any, v: Any, *, block: int = 64,
                        causal: bool = False) -> BlockwiseResult:
    r"""Exact attention over key blocks with an online softmax.

    Keys are visited in blocks of ``block``. A running row maximum
    :math:`m`, normaliser :math:`\ell` and unnormalised output :math:`a`
    are rescaled whenever the maximum grows:

    .. math::

        m' = \max(m, \max_j s_j), \quad
        \ell' = e^{m - m'}\ell + \sum_j e^{s_j - m'}, \quad
        a' = e^{m - m'} a + \sum_j e^{s_j - m'} v_j ,

    and the output is :math:`a / \ell` after the last block. This is the
    same number as the softmax of the whole row, but only an
    :math:`n \times \text{block}` piece of the scores exists at any time:
    the memory of the scores falls from :math:`O(nm)` to
    :math:`O(n \cdot \text{block})`; the flops do not change.

    Parameters
    ----------
    q : array_like, shape (n, d)
    k : array_like, shape (m, d)
    v : array_like, shape (m, d_v)
    block : int, default 64
        Keys per block, at least 1.
    causal : bool, default False
        Query :math:`i` sees keys :math:`j \le i` (needs ``n == m``).

    Returns
    -------
    BlockwiseResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> q, k, v = rng.standard_normal((3, 8, 4))
    >>> full = attention.scaled_dot_product_attention(q, k, v).output
    >>> r = blockwise_attention(q, k, v, block=3)
    >>> bool(np.allclose(r.output, full)), r.block_bytes, r.full_bytes
    (True, 192, 512)
    """
    qa, ka, va = _qkv(q, k, v)
    n, d = qa.shape
    m = ka.shape[0]
    block = check_positive_int(block, "block", maximum=MAX_POSITION)
    causal = _flag(causal, "causal")
    if causal and n != m:
        raise ValueError(f"causal attention needs as many queries as keys, "
                         f"got q {qa.shape} and k {ka.shape}")
    c = 1.0 / math.sqrt(d)
    e = _v_exponent(va)
    vs = np.ldexp(va, -e)                                     # |vs| <= 1
    run_max = np.full(n, -np.inf)                             # (n,)
    run_sum = np.zeros(n)                                     # (n,)
    acc = np.zeros((n, va.shape[1]))                          # (n, d_v)
    rows = np.arange(n)[:, None]
    peak = 0
    for j0 in range(0, m, block):
        j1 = min(j0 + block, m)
        with np.errstate(over="ignore", invalid="ignore"):
            s = (qa * c) @ ka[j0:j1].T                        # (n, B)
        _check_scores(s)
        peak = max(peak, s.nbytes)
        if causal:
            s = np.where(np.arange(j0, j1)[None, :] <= rows, s, -np.inf)
        new_max = np.maximum(run_max, s.max(axis=1))          # (n,)
        # rows with no admissible key yet keep max -inf: shift by 0 there
        shift = np.where(np.isfinite(new_max), new_max, 0.0)
        corr = np.exp(run_max - shift)                        # (n,)
        p = np.exp(s - shift[:, None])                        # (n, B)
        run_sum = corr * run_sum + p.sum(axis=1)
        acc = corr[:, None] * acc + p @ vs[j0:j1]
        run_max = new_max
    out = acc / np.where(run_sum > 0, run_sum, 1.0)[:, None]
    return BlockwiseResult(output=np.ldexp(out, e), block_bytes=int(peak),
                           full_bytes=int(n * m * qa.itemsize))


# ------------------------------------------------------ cost, measured
class CostStudy(NamedTuple):
    r"""Counted and measured cost of the score matrix against :math:`n`.

    ``cost`` is :func:`execmath.attention.attention_cost` for the lengths
    ``seq_len``; ``measured_bytes`` the ``nbytes`` of the score arrays
    actually built; ``block_bytes`` the largest score block that
    :func:`blockwise_attention` held (one head, times :math:`b h`);
    ``seconds`` the best-of-``repeats`` time of the scores plus their
    softmax; ``bytes_slope``, ``flops_slope`` and ``time_slope`` the
    fitted log-log slopes (the last over ``n >= fit_from``).
    """

    seq_len: np.ndarray
    cost: attention.AttentionCost
    measured_bytes: np.ndarray
    block_bytes: np.ndarray
    block: int
    seconds: np.ndarray
    bytes_slope: float
    flops_slope: float
    time_slope: float
    fit_from: int


def cost_study(seq_len: Any, d_head: int, *, heads: int = 1, batch: int = 1,
               repeats: int = 3, rng: np.random.Generator,
               fit_from: int | None = None, block: int = 64) -> CostStudy:
    r"""Build and time the score matrix and its softmax for several
    lengths, next to the counted cost of @eq-attn-cost.

    For each :math:`n`, queries and keys of shape :math:`(b, h, n, d)`
    are drawn from ``rng``; the scores :math:`QK^{\mathsf T}/\sqrt d`
    (by ``np.einsum``, single-threaded) and their softmax
    (:func:`execmath.attention.masked_softmax`) are computed ``repeats``
    times and the fastest run is kept (the least disturbed by other work
    on the machine). The same queries and keys of
    the first head also go through :func:`blockwise_attention`, whose
    largest score block is recorded.

    Parameters
    ----------
    seq_len : array_like of int, shape (k,)
        Strictly increasing lengths, ``k >= 2``; the largest score array
        :math:`b h n^2` may hold at most ``2**24`` numbers.
    d_head : int
    heads, batch : int, default 1
    repeats : int, default 3
        At most 20.
    rng : numpy.random.Generator
    fit_from : int, optional
        Fit the time slope on ``n >= fit_from`` (default: the lower
        median length), where fixed overheads no longer dominate.
    block : int, default 64
        Key block of :func:`blockwise_attention`.

    Returns
    -------
    CostStudy

    Examples
    --------
    >>> st = cost_study([8, 16, 32], 4, repeats=1,
    ...                 rng=np.random.default_rng(0))
    >>> st.measured_bytes.tolist(), round(st.bytes_slope, 12)
    ([512, 2048, 8192], 2.0)
    """
    n = _lengths(seq_len)
    if n.size < 2 or np.any(np.diff(n) <= 0):
        raise ValueError(f"seq_len must hold at least 2 strictly increasing "
                         f"lengths, got {n.tolist()!r:.80}")
    d_head = check_positive_int(d_head, "d_head", maximum=4096)
    heads = check_positive_int(heads, "heads", maximum=4096)
    batch = check_positive_int(batch, "batch", maximum=4096)
    repeats = check_positive_int(repeats, "repeats", maximum=20)
    rng = check_rng(rng)
    if batch * heads * float(n[-1]) ** 2 > MAX_STUDY_ELEMENTS:
        raise ValueError(
            f"seq_len, heads and batch ask for {batch * heads} score "
            f"matrices of {n[-1]}^2 entries, more than the supported "
            f"{MAX_STUDY_ELEMENTS}")
    if batch * heads * int(n[-1]) * d_head > MAX_STUDY_ELEMENTS:
        raise ValueError("seq_len, heads, batch and d_head ask for query "
                         "arrays larger than the supported size")
    if fit_from is None:
        fit_from = int(n[(n.size - 1) // 2])     # keeps >= 2 points
    else:
        fit_from = check_positive_int(fit_from, "fit_from",
                                      maximum=int(n[-2]))
    block = check_positive_int(block, "block", maximum=MAX_POSITION)
    cost = attention.attention_cost(n, d_head, batch=batch, heads=heads)
    measured = np.empty(n.size, dtype=np.int64)
    blocked = np.empty(n.size, dtype=np.int64)
    seconds = np.empty(n.size)
    scale = 1.0 / math.sqrt(d_head)
    for i, ni in enumerate(n):
        qk = rng.standard_normal((2, batch, heads, int(ni), d_head))
        best = math.inf
        for _ in range(repeats):
            t0 = time.perf_counter()
            # einsum's own loops run on one thread: threads competing for
            # a shared machine's cores would distort a BLAS product's time
            s = np.einsum("...nd,...md->...nm", qk[0], qk[1]) * scale
            attention.masked_softmax(s)                       # (b, h, n, n)
            best = min(best, time.perf_counter() - t0)
        measured[i] = s.nbytes
        q0 = qk[0, 0, 0]                                      # (n, d)
        bw = blockwise_attention(q0, qk[1, 0, 0], qk[1, 0, 0], block=block)
        blocked[i] = bw.block_bytes * batch * heads
        # a clock tick of zero would break the log: floor at 1 ns
        seconds[i] = max(best, 1e-9)
    nf = n.astype(np.float64)
    return CostStudy(
        seq_len=n, cost=cost, measured_bytes=measured, block_bytes=blocked,
        block=block, seconds=seconds,
        bytes_slope=fitting.loglog_slope(nf, measured.astype(np.float64)),
        flops_slope=fitting.loglog_slope(nf, cost.total_flops),
        time_slope=fitting.loglog_slope(nf, seconds, x_min=fit_from),
        fit_from=fit_from)
