r"""Information measures for discrete distributions and the log-loss.

Entropy, cross-entropy, Kullback-Leibler divergence and mutual information
are sums of terms :math:`p_i \log(\cdot)` that must respect two
conventions: :math:`0 \log 0 = 0` (an outcome of probability zero
contributes nothing) and :math:`p_i \log(p_i / 0) = +\infty` for
:math:`p_i > 0` (a model that rules out something that happens is
infinitely surprised). ``scipy.special.xlogy`` encodes the first; the
second is checked explicitly and returned as ``math.inf``, the exact
answer, never as a NaN.

The KL divergence is summed from the non-negative terms
:math:`p\log(p/q) - p + q` (the form of ``scipy.special.kl_div``), each
evaluated without cancellation, so the computed divergence is never
negative and is positive whenever the two distributions differ by more
than rounding noise.

The log-loss from logits uses :mod:`execmath.special`, which computes it
without forming a probability that could round to 0 or 1.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import special as sps

from execmath import special as xsp
from execmath._validate import (
    as_float_array,
    check_finite_scalar,
    check_positive_int,
)

__all__ = [
    "LogLossCurve",
    "bernoulli_cross_entropy",
    "bernoulli_entropy",
    "bernoulli_kl",
    "binary_log_loss",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_loss_from_logits",
    "logloss_curve",
    "mutual_information",
]

#: Probabilities must sum to one within this absolute tolerance. It is far
#: above the rounding error of normalising ``c / c.sum()`` (about ``K u``
#: for ``K`` entries) and far below any real modelling difference.
SUM_TOL = 1e-9


# ------------------------------------------------------------ validation
def _as_unit_interval(x: Any, name: str, *, ndim=None) -> np.ndarray:
    """Probabilities: a finite array with every entry in [0, 1]."""
    arr = as_float_array(x, name, ndim=ndim)
    if np.any((arr < 0) | (arr > 1)):
        bad = arr[(arr < 0) | (arr > 1)]
        raise ValueError(f"{name} must lie in [0, 1], got {bad.size} entries "
                         f"outside, e.g. {bad[0]!r}")
    return arr


def _as_labels(y: Any, name: str, *, ndim=None) -> np.ndarray:
    """Binary labels: numbers equal to 0 or 1 (bools are refused)."""
    arr = as_float_array(y, name, ndim=ndim)
    bad = (arr != 0) & (arr != 1)
    if np.any(bad):
        raise ValueError(f"{name} must contain only 0 and 1, got "
                         f"{int(bad.sum())} other values, e.g. "
                         f"{arr[bad][0]!r}")
    return arr


def _as_distribution(p: Any, name: str, *, ndim=1) -> np.ndarray:
    """A probability vector (or table): entries >= 0 that sum to 1."""
    arr = as_float_array(p, name, ndim=ndim)
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got minimum {arr.min()!r}")
    with np.errstate(over="ignore"):       # a huge sum is simply "not 1"
        total = float(np.sum(arr))
    if not abs(total - 1.0) <= SUM_TOL:
        raise ValueError(f"{name} must sum to 1 (within {SUM_TOL:g}), got "
                         f"sum {total!r} for shape {arr.shape}")
    return arr / total           # a rounding-level change: sum is now 1


def _as_base(base: Any) -> float:
    """A logarithm base: None (nats) or a real number > 0, != 1."""
    if base is None:
        return 1.0
    b = check_finite_scalar(base, "base")
    if b <= 0 or b == 1:
        raise ValueError(f"base must be > 0 and != 1, got {base!r}")
    return math.log(b)


def _same_shape(p: np.ndarray, q: np.ndarray, np_: str, nq: str) -> None:
    if p.shape != q.shape:
        raise ValueError(f"{np_} and {nq} must have the same shape, "
                         f"got {np_} {p.shape} and {nq} {q.shape}")


# -------------------------------------------------------- stable kernels
def _log1pmx(t: np.ndarray) -> np.ndarray:
    r""":math:`\log(1+t) - t` for :math:`|t| \le 1/4`, without cancellation.

    With :math:`s = t/(2+t)` one has :math:`\log(1+t) = 2\,\mathrm{atanh}(s)`
    and :math:`t = 2s/(1-s)`, so

    .. math::

        \log(1+t) - t = 2\sum_{j\ge1} \frac{s^{2j+1}}{2j+1}
                        - \frac{2s^2}{1-s},

    a sum of terms of one sign plus one dominant term: no digits are lost.
    For :math:`|t| \le 1/4`, :math:`|s| \le 1/7` and twelve terms of the
    series reach :math:`(1/49)^{12} < 10^{-20}`, below the unit roundoff.
    """
    s = t / (2.0 + t)
    s2 = s * s
    series = np.zeros_like(s)
    for j in range(12, 0, -1):                 # Horner in s^2, from the tail
        series = s2 * (1.0 / (2 * j + 1) + series)
    return 2.0 * s * series - 2.0 * s2 / (1.0 - s)


def _kl_terms(p: np.ndarray, q: np.ndarray, diff: np.ndarray) -> np.ndarray:
    r"""Elementwise :math:`p\log(p/q) - p + q \ge 0`, with ``diff = q - p``.

    ``diff`` is passed in so that callers can supply it without the
    rounding of a complement (for :math:`1-p` and :math:`1-q` it is
    :math:`p - q`). Conventions: :math:`p = 0` gives :math:`q`;
    :math:`p > 0 = q` gives :math:`+\infty`.
    """
    out = np.where(p == 0, q, 0.0)
    out = np.where((p > 0) & (q == 0), np.inf, out)
    both = (p > 0) & (q > 0)
    pb, qb, db = p[both], q[both], diff[both]
    near = np.abs(db) <= 0.25 * pb          # t = (q - p)/p in [-1/4, 1/4]
    t = np.where(near, db, 0.0) / pb
    val_near = -pb * _log1pmx(t)
    # elsewhere: (q - p) + p log(p/q); log(p/q) >= log(4/3) in size, so the
    # sum loses at most a digit; logs of p and q only where p/q would leave
    # the normal range
    with np.errstate(over="ignore", under="ignore"):
        r = pb / qb
    ok = (r > 1e-300) & (r < 1e300)
    log_r = np.where(ok, np.log(np.where(ok, r, 1.0)),
                     np.log(pb) - np.log(qb))
    val_far = db + pb * log_r
    out[both] = np.maximum(np.where(near, val_near, val_far), 0.0)
    return out


# ---------------------------------------------------------------- entropy
def entropy(p: Any, base: float | None = None) -> float:
    r"""Shannon entropy of a discrete distribution.

    .. math::

        H(p) = -\sum_{i=1}^{K} p_i \log p_i, \qquad 0 \log 0 = 0,
        \qquad 0 \le H(p) \le \log K

    Parameters
    ----------
    p : array_like, shape (K,)
        Probabilities, ``>= 0``, summing to 1 (within ``SUM_TOL``).
    base : float, optional
        Logarithm base: ``None`` for nats, ``2`` for bits.

    Returns
    -------
    float

    Examples
    --------
    >>> round(entropy([0.5, 0.5], base=2), 12)
    1.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    p = _as_distribution(p, "p")
    scale = _as_base(base)
    # every term -p log p is >= 0: the sum has no cancellation
    h = float(np.sum(-sps.xlogy(p, p)))
    return max(h, 0.0) / scale + 0.0


def cross_entropy(p: Any, q: Any, base: float | None = None) -> float:
    r"""Cross-entropy of a model :math:`q` under the truth :math:`p`.

    .. math::

        H(p, q) = -\sum_{i} p_i \log q_i = H(p) + D_{\mathrm{KL}}(p\,\|\,q)

    Returns ``math.inf`` when some :math:`p_i > 0` has :math:`q_i = 0`:
    the model calls an outcome impossible that the truth produces.

    Parameters
    ----------
    p, q : array_like, shape (K,)
        Probability vectors of the same length.
    base : float, optional
        ``None`` for nats, ``2`` for bits.

    Returns
    -------
    float

    Examples
    --------
    >>> round(cross_entropy([0.5, 0.5], [0.9, 0.1]), 6)
    1.203973
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    """
    p = _as_distribution(p, "p")
    q = _as_distribution(q, "q")
    _same_shape(p, q, "p", "q")
    scale = _as_base(base)
    if np.any((p > 0) & (q == 0)):
        return math.inf
    return float(np.sum(-sps.xlogy(p, q))) / scale + 0.0


def kl_divergence(p: Any, q: Any, base: float | None = None) -> float:
    r"""Kullback-Leibler divergence :math:`D_{\mathrm{KL}}(p\,\|\,q)`.

    .. math::

        D_{\mathrm{KL}}(p\,\|\,q) = \sum_i p_i \log\frac{p_i}{q_i}
        = \sum_i \Big(p_i \log\frac{p_i}{q_i} - p_i + q_i\Big) \ge 0

    The second form (equal to the first because both vectors sum to one)
    adds non-negative terms only, each evaluated with
    :math:`\log(1+t) - t` for :math:`t = (q_i - p_i)/p_i` when the two are
    close, so the result is never negative and keeps its relative accuracy
    even when :math:`p \approx q`. Returns ``math.inf`` when some
    :math:`p_i > 0` has :math:`q_i = 0`. Not symmetric in :math:`p, q`.

    Parameters
    ----------
    p, q : array_like, shape (K,)
        Probability vectors of the same length.
    base : float, optional
        ``None`` for nats, ``2`` for bits.

    Returns
    -------
    float

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 6)
    0.510826
    >>> round(kl_divergence([0.9, 0.1], [0.5, 0.5]), 6)
    0.368064
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    """
    p = _as_distribution(p, "p")
    q = _as_distribution(q, "q")
    _same_shape(p, q, "p", "q")
    scale = _as_base(base)
    terms = _kl_terms(p, q, q - p)                          # (K,), >= 0
    return float(np.sum(terms)) / scale + 0.0


def mutual_information(joint: Any, base: float | None = None) -> float:
    r"""Mutual information of two discrete variables from their joint pmf.

    .. math::

        I(X; Y) = D_{\mathrm{KL}}\big(p_{XY} \,\|\, p_X \otimes p_Y\big)
        = H(X) + H(Y) - H(X, Y) \ge 0

    with equality exactly when :math:`X` and :math:`Y` are independent.

    Parameters
    ----------
    joint : array_like, shape (m, n)
        Joint probabilities ``P(X = i, Y = j)``, ``>= 0``, summing to 1.
    base : float, optional
        ``None`` for nats, ``2`` for bits.

    Returns
    -------
    float

    Examples
    --------
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])
    0.0
    >>> round(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2), 12)
    1.0
    """
    pxy = _as_distribution(joint, "joint", ndim=2)          # (m, n)
    scale = _as_base(base)
    px = pxy.sum(axis=1)                                    # (m,)
    py = pxy.sum(axis=0)                                    # (n,)
    with np.errstate(under="ignore"):
        prod = np.outer(px, py)                             # (m, n)
    # prod > 0 wherever pxy > 0 mathematically; where the product of two
    # tiny marginals underflows, take the term from logs instead
    lost = (pxy > 0) & (prod == 0)
    safe = np.where(lost, pxy, prod)
    terms = _kl_terms(pxy.ravel(), safe.ravel(), (safe - pxy).ravel())
    if np.any(lost):
        i, j = np.nonzero(lost)
        t = pxy[i, j] * (np.log(pxy[i, j]) - np.log(px[i]) - np.log(py[j]))
        terms = terms.reshape(pxy.shape)
        terms[i, j] = np.maximum(t - pxy[i, j], 0.0)
    return float(np.sum(terms)) / scale + 0.0


# --------------------------------------------------------------- Bernoulli
def bernoulli_entropy(p: Any) -> np.ndarray:
    r"""Entropy (nats) of :math:`\mathrm{Bernoulli}(p)`, elementwise.

    .. math::

        H(p) = -p\log p - (1-p)\log(1-p), \qquad H(0) = H(1) = 0,
        \qquad \max_p H(p) = H(\tfrac12) = \log 2

    ``(1-p) log(1-p)`` is evaluated as ``xlog1py(1 - p, -p)``, accurate for
    small :math:`p`.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1].

    Returns
    -------
    numpy.ndarray
        Same shape as ``p`` (0-d for a scalar).

    Examples
    --------
    >>> bool(bernoulli_entropy(0.5) == np.log(2))
    True
    >>> bernoulli_entropy([0.0, 1.0]).tolist()
    [0.0, 0.0]
    """
    p = _as_unit_interval(p, "p")
    h = -sps.xlogy(p, p) - sps.xlog1py(1.0 - p, -p)
    return np.maximum(h, 0.0)


def bernoulli_kl(p: Any, q: Any) -> np.ndarray:
    r"""KL divergence :math:`D_{\mathrm{KL}}(\mathrm{Ber}(p)\,\|\,
    \mathrm{Ber}(q))`, elementwise with broadcasting.

    .. math::

        D_{\mathrm{KL}} = p\log\frac{p}{q} + (1-p)\log\frac{1-p}{1-q}

    Each of the two outcomes contributes a non-negative term (see
    :func:`kl_divergence`); the difference of the complements,
    :math:`(1-q) - (1-p)`, is taken as :math:`p - q`, without rounding
    :math:`1-p`. Entries where the supports disagree (e.g. :math:`p > 0 = q`)
    are ``inf``.

    Parameters
    ----------
    p, q : array_like
        Probabilities in [0, 1], broadcastable against each other.

    Returns
    -------
    numpy.ndarray
        Broadcast shape of ``p`` and ``q``.

    Examples
    --------
    >>> np.round(bernoulli_kl(0.5, [0.5, 0.9]), 6).tolist()
    [0.0, 0.510826]
    >>> float(bernoulli_kl(0.5, 0.0))
    inf
    """
    p = _as_unit_interval(p, "p")
    q = _as_unit_interval(q, "q")
    try:
        p, q = np.broadcast_arrays(p, q)
    except ValueError as exc:
        raise ValueError(f"p and q must broadcast, got shapes {p.shape} and "
                         f"{q.shape}") from exc
    shape = p.shape
    p, q = p.ravel(), q.ravel()
    out = _kl_terms(p, q, q - p) + _kl_terms(1.0 - p, 1.0 - q, p - q)
    return out.reshape(shape)


def bernoulli_cross_entropy(x: Any, theta: Any) -> np.ndarray:
    r"""Empirical cross-entropy of :math:`\mathrm{Ber}(\theta)` on data.

    With :math:`\hat p = \frac1n\sum_i x_i` the empirical frequency,

    .. math::

        \hat H(\theta) = -\frac1n \sum_{i=1}^n \big[x_i\log\theta
        + (1-x_i)\log(1-\theta)\big]
        = H(\hat p) + D_{\mathrm{KL}}(\hat p\,\|\,\theta),

    the mean log-loss of the constant prediction :math:`\theta`, i.e. the
    negative mean log-likelihood. It is minimised at
    :math:`\theta = \hat p`: maximum likelihood.

    Parameters
    ----------
    x : array_like, shape (n,)
        Observations, each 0 or 1.
    theta : array_like
        Model probabilities in [0, 1] (any shape).

    Returns
    -------
    numpy.ndarray
        Same shape as ``theta``; ``inf`` where :math:`\theta` rules out an
        observed outcome.

    Examples
    --------
    >>> np.round(bernoulli_cross_entropy([1, 0, 1, 1], [0.5, 0.75]), 6)
    array([0.693147, 0.562335])
    """
    x = _as_labels(x, "x", ndim=1)
    theta = _as_unit_interval(theta, "theta")
    k, n = float(x.sum()), x.size
    phat = k / n
    return -sps.xlogy(phat, theta) - sps.xlog1py(1.0 - phat, -theta)


# ---------------------------------------------------------------- log-loss
def binary_log_loss(y: Any, p: Any) -> float:
    r"""Mean log-loss (binary cross-entropy) of predicted probabilities.

    .. math::

        \ell(y, p) = -\frac1n\sum_{i=1}^n \big[y_i\log p_i
        + (1 - y_i)\log(1 - p_i)\big]

    Returns ``math.inf`` when a label receives probability exactly 0
    (``y = 1, p = 0`` or ``y = 0, p = 1``); no clipping is applied, so the
    answer is the exact loss of the numbers given. A probability that has
    rounded to 0 or 1 has lost its information: compute from logits
    (:func:`log_loss_from_logits`) instead.

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels, 0 or 1.
    p : array_like, shape (n,)
        Predicted probabilities of label 1, in [0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> round(binary_log_loss([1, 0], [0.8, 0.3]), 6)
    0.289909
    >>> binary_log_loss([1], [0.0])
    inf
    """
    y = _as_labels(y, "y", ndim=1)
    p = _as_unit_interval(p, "p", ndim=1)
    _same_shape(y, p, "y", "p")
    if np.any(((y == 1) & (p == 0)) | ((y == 0) & (p == 1))):
        return math.inf
    loss = -sps.xlogy(y, p) - sps.xlog1py(1.0 - y, -p)     # (n,), >= 0
    return float(np.mean(loss)) + 0.0


def log_loss_from_logits(y: Any, logits: Any) -> float:
    r"""Mean log-loss computed from logits :math:`z = \log\frac{p}{1-p}`.

    .. math::

        \ell(y, z) = \frac1n\sum_{i=1}^n \big[\operatorname{softplus}(z_i)
        - y_i z_i\big], \qquad \operatorname{softplus}(z) = \log(1 + e^z)

    Finite for every finite logit: the probability is never formed, so it
    cannot round to 0 or 1. Per-sample losses come from
    :func:`execmath.special.binary_cross_entropy_with_logits`.

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels, 0 or 1.
    logits : array_like, shape (n,)
        Finite real logits.

    Returns
    -------
    float

    Examples
    --------
    >>> round(log_loss_from_logits([1, 0], [0.0, 0.0]), 12) == round(
    ...     math.log(2), 12)
    True
    >>> round(log_loss_from_logits([0], [-800.0]), 6)
    0.0
    """
    y = _as_labels(y, "y", ndim=1)
    z = as_float_array(logits, "logits", ndim=1)
    _same_shape(y, z, "y", "logits")
    loss = xsp.binary_cross_entropy_with_logits(z, y)       # (n,), >= 0
    # scale by the largest loss so that the sum cannot overflow
    top = float(np.max(loss))
    return top * float(np.mean(loss / top)) + 0.0 if top > 0 else 0.0


class LogLossCurve(NamedTuple):
    r"""Per-sample log-loss along a grid of predictions.

    ``logits`` run from :math:`-L` to :math:`L` with
    :math:`L = \log\frac{1-\varepsilon}{\varepsilon}`, so the predicted
    probabilities ``p`` run from :math:`\varepsilon` to
    :math:`1 - \varepsilon`; ``loss_pos`` is the loss when the label is 1,
    ``loss_neg`` when it is 0.
    """

    logits: np.ndarray      # (m,), increasing
    p: np.ndarray           # (m,), sigmoid(logits)
    loss_pos: np.ndarray    # (m,), -log p
    loss_neg: np.ndarray    # (m,), -log(1 - p)
    eps: float


def logloss_curve(eps: float = 1e-12, n: int = 201) -> LogLossCurve:
    r"""Log-loss of both labels on a grid of predicted probabilities.

    The grid joins ``n`` logits spaced evenly on :math:`[-L, L]`,
    :math:`L = \log(1-\varepsilon) - \log\varepsilon`, with the logits of
    ``n`` probabilities spaced evenly on :math:`[10^{-3}, 1 - 10^{-3}]`
    (so both a linear and a logit axis show a smooth curve). The losses
    come from logits, so at the extreme prediction the wrong label costs
    exactly :math:`-\log\varepsilon`, finite, even where :math:`1 - p`
    would round.

    Parameters
    ----------
    eps : float, default 1e-12
        Smallest predicted probability, in
        :math:`[10^{-300}, 10^{-3}]`.
    n : int, default 201
        Points per part of the grid, ``>= 3``.

    Returns
    -------
    LogLossCurve

    Examples
    --------
    >>> c = logloss_curve(1e-6, n=5)
    >>> bool(np.isclose(c.loss_pos[0], -np.log(1e-6), rtol=1e-14))
    True
    >>> bool(np.isclose(c.loss_neg[-1], -np.log(1e-6), rtol=1e-14))
    True
    """
    eps = check_finite_scalar(eps, "eps")
    if not 1e-300 <= eps <= 1e-3:
        raise ValueError(f"eps must lie in [1e-300, 1e-3], got {eps!r}")
    n = check_positive_int(n, "n", minimum=3)
    if n > 1_000_000:
        raise ValueError(f"n must be <= 1,000,000, got {n!r}")
    big = math.log1p(-eps) - math.log(eps)                  # logit(1 - eps)
    pm = np.linspace(1e-3, 1 - 1e-3, n)                     # (n,)
    z_mid = np.log(pm) - np.log1p(-pm)                      # logit, (n,)
    z = np.unique(np.concatenate([np.linspace(-big, big, n), z_mid]))
    z[0], z[-1] = -big, big                    # exact ends survive unique
    p = xsp.sigmoid(z)
    loss_pos = xsp.binary_cross_entropy_with_logits(z, np.ones_like(z))
    loss_neg = xsp.binary_cross_entropy_with_logits(z, np.zeros_like(z))
    return LogLossCurve(logits=z, p=p, loss_pos=loss_pos, loss_neg=loss_neg,
                        eps=eps)
