"""Stable elementwise functions of probabilistic models: sigmoid and friends.

Each function here is a one-line formula that fails in floating point when
typed as written: :math:`1/(1+e^{-z})` overflows inside ``exp`` for
:math:`z < -709.78`, :math:`\\log(1+e^{z})` returns ``inf`` for
:math:`z > 709.78`, and :math:`\\log\\sigma(z)` returns ``-inf`` long before
the true value leaves the float64 range. The rewrites below never evaluate
an exponential of a positive number, so they are finite for every finite
input whose answer is representable:

* :func:`sigmoid` and :func:`log_sigmoid` (the logistic function and its
  logarithm), :func:`softplus` and its inverse partner :func:`logit`;
* losses computed directly from logits: :func:`binary_cross_entropy_with_logits`,
  :func:`cross_entropy_with_logits` and :func:`log_softmax`.

Every function validates its input first (no complex, bool, string, NaN,
inf or empty input) and returns a float64 :class:`numpy.ndarray` (0-d for a
scalar input). The reasons these rewrites work (overflow, cancellation,
``log1p``) are the subject of chapter 3 of the book; the max-shift of
log-sum-exp is :func:`execmath.numerics.logsumexp`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from execmath._validate import as_float_array

__all__ = [
    "binary_cross_entropy_with_logits",
    "cross_entropy_with_logits",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "sigmoid",
    "softplus",
]


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def _log1p_exp_neg_abs(z: np.ndarray) -> np.ndarray:
    """:math:`\\log(1 + e^{-|z|})`, in ``[0, log 2]``: the exponent is <= 0."""
    with np.errstate(under="ignore"):  # e^{-|z|} -> 0 is the right answer
        return np.log1p(np.exp(-np.abs(z)))


# ---------------------------------------------------------------------------
# Sigmoid, softplus, logit
# ---------------------------------------------------------------------------

def sigmoid(z) -> np.ndarray:
    r"""Logistic sigmoid, computed without overflow.

    .. math::

        \sigma(z) = \frac{1}{1 + e^{-z}}
        = \begin{cases} 1/(1 + e^{-z}) & z \ge 0,\\
                        e^{z}/(1 + e^{z}) & z < 0, \end{cases}

    Both branches evaluate :math:`e^{-|z|} \le 1`, so nothing overflows, and
    both are quotients of positive numbers, so the result is accurate to a
    few units in the last place relative to :math:`\sigma(z)`, including the
    tiny values :math:`\sigma(z) \approx e^{z}` for very negative :math:`z`.

    Parameters
    ----------
    z : array_like
        Finite real numbers.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(z)` in :math:`[0, 1]`, float64, shape of ``z``.

    Examples
    --------
    >>> from execmath.special import sigmoid
    >>> sigmoid([-1000.0, 0.0, 1000.0]).tolist()
    [0.0, 0.5, 1.0]
    >>> print(f"{float(sigmoid(-30.0)):.6e}")  # e^{-30}/(1 + e^{-30}), not 0
    9.357623e-14
    """
    z = as_float_array(z, "z")
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))  # in (0, 1]
        return np.asarray(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def softplus(z) -> np.ndarray:
    r"""Softplus :math:`\log(1 + e^{z})`, computed without overflow.

    .. math::

        \operatorname{softplus}(z) = \log(1 + e^{z})
        = \max(z, 0) + \log\!\big(1 + e^{-|z|}\big)

    The second term lies in :math:`[0, \log 2]` and is computed with
    ``log1p``, so it keeps full relative accuracy when :math:`e^{-|z|}` is
    tiny; for large :math:`z` the result is :math:`z` itself.

    Parameters
    ----------
    z : array_like
        Finite real numbers.

    Returns
    -------
    numpy.ndarray
        Non-negative values, float64, shape of ``z``.

    Examples
    --------
    >>> from execmath.special import softplus
    >>> softplus([-800.0, 0.0, 800.0]).round(6).tolist()
    [0.0, 0.693147, 800.0]
    >>> bool(softplus(-40.0) > 0)  # e^{-40} ~ 4e-18 survives
    True
    """
    z = as_float_array(z, "z")
    return np.asarray(np.maximum(z, 0.0) + _log1p_exp_neg_abs(z))


def log_sigmoid(z) -> np.ndarray:
    r"""Logarithm of the sigmoid, :math:`\log\sigma(z) = -\operatorname{softplus}(-z)`.

    .. math::

        \log \sigma(z) = -\log(1 + e^{-z})
        = \min(z, 0) - \log\!\big(1 + e^{-|z|}\big)

    Taking ``log(sigmoid(z))`` instead returns ``-inf`` once
    :math:`\sigma(z)` underflows (:math:`z \lesssim -745`), although the
    true value :math:`\approx z` is an ordinary number.

    Parameters
    ----------
    z : array_like
        Finite real numbers.

    Returns
    -------
    numpy.ndarray
        Non-positive values, float64, shape of ``z``.

    Examples
    --------
    >>> from execmath.special import log_sigmoid
    >>> log_sigmoid([-1000.0, 0.0]).round(6).tolist()
    [-1000.0, -0.693147]
    """
    z = as_float_array(z, "z")
    return np.asarray(np.minimum(z, 0.0) - _log1p_exp_neg_abs(z))


def logit(p) -> np.ndarray:
    r"""Log-odds :math:`\log\frac{p}{1-p}`, the inverse of :func:`sigmoid`.

    .. math::

        \operatorname{logit}(p) = \log \frac{p}{1 - p}
        = \begin{cases} \log p - \log(1 - p) & p < 1/4,\\
                        2\,\operatorname{artanh}(2p - 1) & p \ge 1/4. \end{cases}

    For :math:`p \ge 1/4` the difference :math:`2p - 1` is exact (Sterbenz),
    and ``arctanh`` keeps the relative accuracy near :math:`p = 1/2`, where
    the log-odds pass through zero and ``log(p) - log1p(-p)`` would cancel.

    Parameters
    ----------
    p : array_like
        Probabilities in the open interval :math:`(0, 1)`.

    Returns
    -------
    numpy.ndarray
        Finite log-odds, float64, shape of ``p``.

    Raises
    ------
    ValueError
        If some ``p`` lies outside :math:`(0, 1)`, where the log-odds are
        infinite or undefined.

    Examples
    --------
    >>> from execmath.special import logit, sigmoid
    >>> logit([0.5, 0.75]).round(6).tolist()
    [0.0, 1.098612]
    >>> bool(np.allclose(sigmoid(logit([0.1, 0.9])), [0.1, 0.9]))
    True
    """
    p = as_float_array(p, "p")
    outside = (p <= 0.0) | (p >= 1.0)
    if np.any(outside):
        raise ValueError(
            f"p must lie in the open interval (0, 1), got {p[outside].ravel()[:5]}"
        )
    low = p < 0.25
    # Evaluate each branch only where it is valid (no spurious warnings).
    out = np.empty_like(p)
    out[low] = np.log(p[low]) - np.log1p(-p[low])
    out[~low] = 2.0 * np.arctanh(2.0 * p[~low] - 1.0)
    return out


# ---------------------------------------------------------------------------
# Losses from logits
# ---------------------------------------------------------------------------

def binary_cross_entropy_with_logits(logits, y) -> np.ndarray:
    r"""Per-sample binary cross-entropy from logits, without overflow.

    .. math::

        \ell(z, y) = -\big[y \log \sigma(z) + (1 - y)\log(1 - \sigma(z))\big]
        = \operatorname{softplus}(z) - y z
        = (1 - y)\max(z, 0) + y \max(-z, 0) + \log\!\big(1 + e^{-|z|}\big)

    The last form adds non-negative terms only (no cancellation, even for
    soft labels), and its size is at most :math:`|z| + \log 2`, so it is
    finite for every finite logit.

    Parameters
    ----------
    logits : array_like
        Finite logits :math:`z` (log-odds of the label 1).
    y : array_like
        Labels or soft labels in :math:`[0, 1]`, broadcastable to the shape of
        ``logits`` (a scalar label is allowed).

    Returns
    -------
    numpy.ndarray
        Non-negative losses, float64, shape of ``logits``.

    Examples
    --------
    >>> from execmath.special import binary_cross_entropy_with_logits as bce
    >>> bce([0.0, 0.0], [0.0, 1.0]).round(6).tolist()   # log 2 either way
    [0.693147, 0.693147]
    >>> bce([-1000.0], [1.0]).tolist()   # confidently wrong: loss ~ |z|
    [1000.0]
    """
    z = as_float_array(logits, "logits")
    y = as_float_array(y, "y")
    try:
        shape = np.broadcast_shapes(z.shape, y.shape)
    except ValueError as exc:
        raise ValueError(
            f"y must broadcast to logits' shape {z.shape}, got shape {y.shape}"
        ) from exc
    if shape != z.shape:
        raise ValueError(
            f"y must broadcast to logits' shape {z.shape}, got shape {y.shape}"
        )
    if np.any((y < 0.0) | (y > 1.0)):
        raise ValueError(
            f"y must lie in [0, 1], got values from {y.min()} to {y.max()}"
        )
    return np.asarray(
        (1.0 - y) * np.maximum(z, 0.0)
        + y * np.maximum(-z, 0.0)
        + _log1p_exp_neg_abs(z)
    )


def _log_softmax_along(z: np.ndarray, axis: int) -> np.ndarray:
    """Log-softmax along ``axis`` of a validated finite array.

    Written as :math:`z_i - m - \\log(1 + t)`, with :math:`m` the maximum and
    :math:`t = \\sum_{j \\ne j^*} e^{z_j - m}` the sum over all but one
    maximiser :math:`j^*`, so the entry of the winning class is
    ``-log1p(t)``: accurate even when :math:`t` is far below machine epsilon
    (:func:`execmath.numerics.logsumexp` returns ``log(1 + t) = 0`` there).
    """
    m = np.max(z, axis=axis, keepdims=True)
    j_star = np.argmax(z, axis=axis)
    # z - m <= 0; it overflows to -inf only when the true exponential
    # underflows anyway, so the overflow is harmless here.
    with np.errstate(over="ignore", under="ignore"):
        shifted = z - m
        e = np.exp(shifted)
    np.put_along_axis(e, np.expand_dims(j_star, axis), 0.0, axis=axis)
    t = np.sum(e, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        out = shifted - np.log1p(t)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "logits span more than the float64 range: some log-probability "
            "is below -1.8e308 and cannot be represented"
        )
    return out


def log_softmax(logits, axis: int = -1) -> np.ndarray:
    r"""Log-softmax :math:`z_i - \log\sum_j e^{z_j}`, without overflow.

    .. math::

        \log \operatorname{softmax}(z)_i = z_i - \operatorname{LSE}(z)
        = (z_i - m) - \log\!\Big(1 + \sum_{j \ne j^*} e^{z_j - m}\Big),
        \qquad m = z_{j^*} = \max_j z_j

    Parameters
    ----------
    logits : array_like
        Finite scores, at least 1-D.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        Log-probabilities (:math:`\le 0`, exponentials sum to 1 along
        ``axis``), float64, shape of ``logits``.

    Raises
    ------
    ValueError
        If the logits along ``axis`` are so far apart that a log-probability
        falls below the most negative float64 (about :math:`-1.8 \times
        10^{308}`).

    Examples
    --------
    >>> from execmath.special import log_softmax
    >>> log_softmax([0.0, 0.0]).round(6).tolist()
    [-0.693147, -0.693147]
    >>> float(log_softmax([1000.0, 0.0])[1])
    -1000.0
    """
    z = as_float_array(logits, "logits")
    if z.ndim == 0:
        raise ValueError(f"logits must be at least 1-D, got shape {z.shape}")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an int, got {axis!r}")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis {axis} is out of range for logits of shape {z.shape}")
    return _log_softmax_along(z, int(axis))


def cross_entropy_with_logits(logits, labels) -> np.ndarray:
    r"""Per-sample categorical cross-entropy from logits and integer labels.

    .. math::

        \ell_i = -\log \operatorname{softmax}(z_i)_{y_i}
        = \operatorname{LSE}(z_i) - z_{i, y_i}
        = (m_i - z_{i, y_i}) + \log\!\Big(1 + \sum_{j \ne j^*_i}
          e^{z_{ij} - m_i}\Big)

    Parameters
    ----------
    logits : array_like, shape (n, K)
        Finite scores of ``n`` samples over ``K`` classes.
    labels : array_like of int, shape (n,)
        Class indices in :math:`\{0, \dots, K - 1\}`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Non-negative losses, float64.

    Raises
    ------
    ValueError
        If a loss exceeds the float64 range (logits more than about
        :math:`1.8 \times 10^{308}` apart, with the label on the low side).

    Examples
    --------
    >>> from execmath.special import cross_entropy_with_logits as ce
    >>> z = [[0.0, 0.0, 0.0], [1000.0, 0.0, -1000.0]]
    >>> ce(z, [2, 0]).round(6).tolist()   # log 3, then a sure right answer
    [1.098612, 0.0]
    """
    z = as_float_array(logits, "logits", ndim=2)
    if labels is None or isinstance(labels, (str, bytes)):
        raise TypeError(f"labels must be integers, got {type(labels).__name__}")
    try:
        lab = np.asarray(labels)
    except (TypeError, ValueError) as exc:   # ragged nested lists
        raise ValueError(f"labels must be a 1-D integer array, got {labels!r}") from exc
    if lab.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {lab.dtype}")
    if lab.shape != (z.shape[0],):
        raise ValueError(
            f"labels must have shape ({z.shape[0]},) to match logits "
            f"{z.shape}, got shape {lab.shape}"
        )
    k = z.shape[1]
    if np.any(lab < 0) or np.any(lab >= k):
        raise ValueError(
            f"labels must lie in 0..{k - 1} (the columns of logits), got "
            f"values from {lab.min()} to {lab.max()}"
        )
    m = np.max(z, axis=1)
    j_star = np.argmax(z, axis=1)
    with np.errstate(over="ignore", under="ignore"):
        e = np.exp(z - m[:, None])          # (n, K), entries in [0, 1]
    e[np.arange(z.shape[0]), j_star] = 0.0  # the max's own term is the "1"
    rows = np.arange(z.shape[0])
    with np.errstate(over="ignore"):
        loss = (m - z[rows, lab]) + np.log1p(np.sum(e, axis=1))
    if not np.all(np.isfinite(loss)):
        raise ValueError(
            "logits span more than the float64 range: some loss exceeds "
            "1.8e308 and cannot be represented"
        )
    return loss
