r"""Calibration of predicted probabilities: measuring it and repairing it.

A forecaster of binary events is *calibrated* when, among all the cases it
gives probability :math:`p`, a fraction :math:`p` is positive. This module
measures calibration and fits the two classic one-dimensional repairs:

* :func:`reliability_bins` groups predictions into equal-width or
  equal-mass bins and returns each bin's mean prediction and observed
  frequency (the points of a reliability diagram);
  :func:`expected_calibration_error` averages their gaps;
* :func:`brier_score` and :func:`brier_decomposition` (Murphy's
  reliability - resolution + uncertainty, with the two within-bin terms
  that make it an identity when the forecasts inside a bin differ);
* :func:`fit_temperature` rescales logits by one temperature fitted by
  minimising the log-loss on a validation set (a convex problem in
  :math:`1/T`, solved with the book's safeguarded Newton method), and
  :func:`fit_platt` fits :math:`\sigma(a s + b)` to scores by Newton's
  method on the log-loss.

Every function validates its input and names the offending argument.
Nothing here prints or plots.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from execmath import classify, descent, info, special
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    pow2_scale,
)

__all__ = [
    "BrierDecomposition",
    "PlattFit",
    "ReliabilityBins",
    "STRATEGIES",
    "TemperatureFit",
    "brier_decomposition",
    "brier_score",
    "expected_calibration_error",
    "fit_platt",
    "fit_temperature",
    "reliability_bins",
    "temperature_nll",
]

#: Binning strategies: equal-width bins on [0, 1] or equal-mass bins whose
#: edges are quantiles of the predictions (scikit-learn's names).
STRATEGIES = ("uniform", "quantile")

_MAX_BINS = 10**6


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
def _labels_probs(y_true: Any, probs: Any) -> tuple[np.ndarray, np.ndarray]:
    y = as_float_array(y_true, "y_true", ndim=1)
    bad = (y != 0) & (y != 1)
    if np.any(bad):
        raise ValueError(f"y_true must contain only 0 and 1, got "
                         f"{int(bad.sum())} other values, e.g. "
                         f"{y[bad][0]!r}")
    p = as_float_array(probs, "probs", ndim=1)
    if p.shape != y.shape:
        raise ValueError(f"probs must have shape {y.shape} to match y_true, "
                         f"got shape {p.shape}")
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"probs must lie in [0, 1], got values from "
                         f"{p.min()!r} to {p.max()!r}")
    return y, p


def _n_bins(n_bins: Any) -> int:
    return check_positive_int(n_bins, "n_bins", maximum=_MAX_BINS)


# --------------------------------------------------------------------------
# reliability diagrams and ECE
# --------------------------------------------------------------------------
class ReliabilityBins(NamedTuple):
    r"""The non-empty bins of a reliability diagram.

    ``edges`` are all bin edges (equal-mass edges may repeat); bin k is
    :math:`(e_k, e_{k+1}]`, the first one closed at :math:`e_0`. ``index``
    says which of the ``len(edges) - 1`` bins each row describes.
    """

    edges: np.ndarray        # (n_bins + 1,)
    index: np.ndarray        # (m,) int64, the non-empty bins
    counts: np.ndarray       # (m,) int64
    mean_pred: np.ndarray    # (m,) mean predicted probability in the bin
    frac_pos: np.ndarray     # (m,) observed frequency of label 1
    strategy: str


def reliability_bins(y_true: Any, probs: Any, n_bins: int = 10, *,
                     strategy: str = "uniform") -> ReliabilityBins:
    r"""Bin predictions and compare mean prediction with observed frequency.

    .. math::

        \bar p_k = \frac{1}{n_k}\sum_{i \in B_k} p_i, \qquad
        \bar o_k = \frac{1}{n_k}\sum_{i \in B_k} y_i .

    ``strategy="uniform"`` uses the edges :math:`k/K`;
    ``"quantile"`` uses the :math:`k/K` quantiles of ``probs`` (linear
    interpolation), so that the bins hold about equally many predictions.
    The bin of :math:`p` is the number of inner edges strictly below it
    (the convention of scikit-learn's ``calibration_curve``). Empty bins
    are left out.

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Labels 0/1.
    probs : array_like, shape (n,)
        Predicted probabilities of label 1, in [0, 1].
    n_bins : int, default 10
    strategy : {"uniform", "quantile"}

    Returns
    -------
    ReliabilityBins

    Examples
    --------
    >>> rb = reliability_bins([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], n_bins=2)
    >>> rb.counts.tolist(), rb.mean_pred.tolist(), rb.frac_pos.tolist()
    ([2, 2], [0.2, 0.75], [0.0, 1.0])
    """
    y, p = _labels_probs(y_true, probs)
    k = _n_bins(n_bins)
    strategy = check_choice(strategy, "strategy", STRATEGIES)
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, k + 1)
    else:
        # quantile levels computed as scikit-learn does, so that an edge
        # that falls exactly on a forecast is the same number
        edges = np.percentile(p, np.linspace(0.0, 1.0, k + 1) * 100)
        edges[0], edges[-1] = min(edges[0], 0.0), max(edges[-1], 1.0)
    ids = np.searchsorted(edges[1:-1], p, side="left")       # (n,)
    counts = np.bincount(ids, minlength=k)                   # (k,)
    sum_p = np.bincount(ids, weights=p, minlength=k)
    sum_y = np.bincount(ids, weights=y, minlength=k)
    nz = np.flatnonzero(counts)
    return ReliabilityBins(edges=edges, index=nz.astype(np.int64),
                           counts=counts[nz].astype(np.int64),
                           mean_pred=sum_p[nz] / counts[nz],
                           frac_pos=sum_y[nz] / counts[nz],
                           strategy=strategy)


def expected_calibration_error(y_true: Any, probs: Any, n_bins: int = 10, *,
                               strategy: str = "uniform") -> float:
    r"""Expected calibration error of binary probabilities, for one binning.

    .. math::

        \mathrm{ECE}_K = \sum_{k=1}^{K} \frac{n_k}{n}\,
        \lvert \bar o_k - \bar p_k \rvert,

    with the bins of :func:`reliability_bins`. The value depends on the
    binning (the number of bins and the strategy), which must therefore be
    reported with it. This is the calibration error of the predicted
    probability of class 1; the "confidence" ECE of multi-class models bins
    the top-class probability instead.

    Examples
    --------
    >>> expected_calibration_error([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], 2)
    0.225
    """
    rb = reliability_bins(y_true, probs, n_bins, strategy=strategy)
    n = float(np.sum(rb.counts))
    return float(np.sum(rb.counts / n * np.abs(rb.frac_pos - rb.mean_pred)))


# --------------------------------------------------------------------------
# Brier score
# --------------------------------------------------------------------------
def brier_score(y_true: Any, probs: Any) -> float:
    r"""Mean squared error of probability forecasts.

    .. math::

        \mathrm{BS} = \frac1n\sum_{i=1}^n (p_i - y_i)^2 \in [0, 1] .

    Examples
    --------
    >>> round(brier_score([0, 1], [0.2, 0.6]), 12)
    0.1
    """
    y, p = _labels_probs(y_true, probs)
    return float(np.mean((p - y) ** 2))


class BrierDecomposition(NamedTuple):
    r"""Murphy's partition of the Brier score, with the within-group terms.

    ``brier = reliability - resolution + uncertainty + within_variance
    - 2 * within_covariance`` holds exactly (up to rounding); the last two
    terms vanish when the forecasts are constant inside each group.
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_variance: float
    within_covariance: float
    n_groups: int


def brier_decomposition(y_true: Any, probs: Any, n_bins: int | None = None,
                        *, strategy: str = "uniform") -> BrierDecomposition:
    r"""Brier score = reliability - resolution + uncertainty (+ within terms).

    Group the forecasts (by their distinct values when ``n_bins`` is None,
    else by the bins of :func:`reliability_bins`), with :math:`\bar p_k`,
    :math:`\bar o_k` the group means and :math:`\bar o` the base rate:

    .. math::

        \mathrm{REL} = \sum_k \frac{n_k}{n}(\bar p_k - \bar o_k)^2, \quad
        \mathrm{RES} = \sum_k \frac{n_k}{n}(\bar o_k - \bar o)^2, \quad
        \mathrm{UNC} = \bar o(1 - \bar o),

    .. math::

        \mathrm{BS} = \mathrm{REL} - \mathrm{RES} + \mathrm{UNC}
        + \underbrace{\frac1n\sum_k\sum_{i \in B_k}(p_i - \bar p_k)^2}_{
        \text{within variance}}
        - 2\,\underbrace{\frac1n\sum_k\sum_{i \in B_k}(p_i - \bar p_k)
        (y_i - \bar o_k)}_{\text{within covariance}} .

    Murphy's three-term partition is exact when every group holds a single
    forecast value (grouping by distinct values, or forecasts that are
    themselves binned); with bins of varying forecasts the two within-group
    terms are needed.

    Parameters
    ----------
    y_true, probs
        As in :func:`reliability_bins`.
    n_bins : int, optional
        Number of bins; None groups by distinct forecast values.
    strategy : {"uniform", "quantile"}
        Binning when ``n_bins`` is given.

    Returns
    -------
    BrierDecomposition

    Examples
    --------
    >>> d = brier_decomposition([0, 1, 1, 0], [0.2, 0.2, 0.8, 0.8])
    >>> [round(v, 12) for v in d[:4]]   # brier, rel, res, unc
    [0.34, 0.09, 0.0, 0.25]
    """
    y, p = _labels_probs(y_true, probs)
    n = p.size
    uniq = None
    if n_bins is None:
        uniq, ids = np.unique(p, return_inverse=True)
        ids = ids.ravel()
    else:
        k = _n_bins(n_bins)
        strategy = check_choice(strategy, "strategy", STRATEGIES)
        rb = reliability_bins(y, p, k, strategy=strategy)
        ids = np.searchsorted(rb.edges[1:-1], p, side="left")
    counts = np.bincount(ids)
    nz = counts > 0
    cnt = counts[nz].astype(np.float64)
    if uniq is None:
        pbar = np.bincount(ids, weights=p)[nz] / cnt         # (m,)
    else:
        pbar = uniq             # one value per group: its mean, exactly
    obar = np.bincount(ids, weights=y)[nz] / cnt
    # group means back on the samples, for the within-group terms
    rank = np.cumsum(nz) - 1
    pb_i, ob_i = pbar[rank[ids]], obar[rank[ids]]            # (n,)
    base = float(np.mean(y))
    w = cnt / n
    return BrierDecomposition(
        brier=float(np.mean((p - y) ** 2)),
        reliability=float(np.sum(w * (pbar - obar) ** 2)),
        resolution=float(np.sum(w * (obar - base) ** 2)),
        uncertainty=base * (1.0 - base),
        within_variance=float(np.mean((p - pb_i) ** 2)),
        within_covariance=float(np.mean((p - pb_i) * (y - ob_i))),
        n_groups=int(cnt.size))


# --------------------------------------------------------------------------
# temperature scaling
# --------------------------------------------------------------------------
def _logits_labels(logits: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Binary logits (n,) with 0/1 labels, or (n, K) with int labels."""
    z = as_float_array(logits, "logits", ndim=(1, 2))
    n = z.shape[0]
    if z.ndim == 1:
        lab = as_float_array(y, "y", ndim=1)
        if lab.shape != (n,):
            raise ValueError(f"y must have shape ({n},) to match the rows of "
                             f"logits {z.shape}, got shape {lab.shape}")
        bad = (lab != 0) & (lab != 1)
        if np.any(bad):
            raise ValueError(f"y must contain only 0 and 1 for 1-D logits, "
                             f"got e.g. {lab[bad][0]!r}")
        return z, lab
    if z.shape[1] < 2:
        raise ValueError(f"logits must have K >= 2 columns, got shape "
                         f"{z.shape}")
    lab = classify._int_labels(y, "y", n, z.shape[1], other="logits")
    return z, lab


def _nll(z: np.ndarray, y: np.ndarray) -> float:
    """Mean log-loss of (scaled) logits; finite for finite logits."""
    if z.ndim == 1:
        return info.log_loss_from_logits(y, z)
    loss = special.cross_entropy_with_logits(z, y)           # (n,)
    top = float(np.max(loss))
    return top * float(np.mean(loss / top)) + 0.0 if top > 0 else 0.0


def temperature_nll(logits: Any, y: Any, temperature: Any) -> Any:
    r"""Mean log-loss of the logits divided by a temperature.

    .. math::

        \mathrm{NLL}(T) = \frac1n\sum_{i=1}^n
        -\log\operatorname{softmax}(z_i / T)_{y_i}
        \quad(\text{binary: } \operatorname{softplus}(z_i/T) - y_i z_i/T).

    Parameters
    ----------
    logits : array_like, shape (n,) or (n, K)
        Binary logits (log-odds of label 1) or K-class logits.
    y : array_like, shape (n,)
        Labels 0/1 (binary) or class indices (K classes).
    temperature : float or array_like, shape (m,)
        Temperatures :math:`T > 0`.

    Returns
    -------
    float or numpy.ndarray of shape (m,)

    Examples
    --------
    >>> round(temperature_nll([2.0, -2.0], [1, 0], 1.0), 6)
    0.126928
    >>> temperature_nll([2.0, -2.0], [1, 0], [1.0, 2.0]).round(6).tolist()
    [0.126928, 0.313262]
    """
    z, lab = _logits_labels(logits, y)
    scalar = not isinstance(temperature, (list, tuple, np.ndarray)) or (
        isinstance(temperature, np.ndarray) and temperature.ndim == 0)
    if scalar:
        temps = np.array([check_finite_scalar(temperature, "temperature",
                                              positive=True)])
    else:
        temps = as_float_array(temperature, "temperature", ndim=1)
        if np.any(temps <= 0):
            raise ValueError(f"temperature must be > 0, got minimum "
                             f"{temps.min()!r}")
    with np.errstate(over="ignore", under="ignore"):
        big = np.abs(z).max() / temps.min()
    if not math.isfinite(big):
        raise ValueError(f"temperature={temps.min()!r} is outside the "
                         "supported range: logits / temperature overflows")
    out = np.empty(temps.size)
    if z.ndim == 1:
        # all temperatures at once, in chunks of at most 2**22 losses
        step = max(1, 2**22 // z.size)
        for j in range(0, temps.size, step):
            zt = z[None, :] / temps[j:j + step, None]        # (m_j, n)
            loss = special.binary_cross_entropy_with_logits(zt, lab)
            top = loss.max(axis=1, keepdims=True)            # (m_j, 1)
            safe = np.where(top > 0, top, 1.0)
            out[j:j + step] = (safe * np.mean(loss / safe, axis=1,
                                              keepdims=True)).ravel()
    else:
        for j, t in enumerate(temps):
            out[j] = _nll(z / t, lab)
    out = out + 0.0
    return float(out[0]) if scalar else out


class TemperatureFit(NamedTuple):
    r"""A fitted temperature: calibrated logits are ``logits / temperature``.

    ``nll_before``/``nll_after`` are the mean log-losses on the fitting set
    at :math:`T = 1` and at the fitted :math:`T`; ``values`` is the Newton
    trace of the objective in :math:`\beta = 1/T`.
    """

    temperature: float
    nll_before: float
    nll_after: float
    n_iter: int
    status: str
    values: np.ndarray


def fit_temperature(logits: Any, y: Any, *, tol: float = 1e-12,
                    max_iter: int = 100) -> TemperatureFit:
    r"""Temperature scaling: the T that minimises the log-loss of logits / T.

    With :math:`\beta = 1/T` the objective
    :math:`g(\beta) = \mathrm{NLL}(z\beta)` is a convex function of one
    variable (a convex loss of a linear function of :math:`\beta`), with

    .. math::

        g'(\beta) = \frac1n\sum_i \big(\mathbb E_{p_i(\beta)}[z_i]
        - z_{i, y_i}\big), \qquad
        g''(\beta) = \frac1n\sum_i \operatorname{Var}_{p_i(\beta)}[z_i]
        \ge 0,

    where :math:`p_i(\beta) = \operatorname{softmax}(\beta z_i)` (binary:
    :math:`g' = \frac1n\sum_i(\sigma(\beta z_i) - y_i) z_i`,
    :math:`g'' = \frac1n\sum_i \sigma(1-\sigma) z_i^2`). It is minimised by
    :func:`execmath.descent.newton` with the ``"gradient"`` safeguard and
    Armijo backtracking, in units where the largest logit is between 1/2
    and 1 (an exact power-of-two rescaling). A minimiser with
    :math:`\beta > 0` exists exactly when the logits rank better than
    chance on average (:math:`g'(0) < 0`) and do not classify every
    sample correctly (otherwise :math:`g` decreases for ever); both
    conditions are checked.

    Parameters
    ----------
    logits : array_like, shape (n,) or (n, K)
        Validation-set logits (binary log-odds, or K-class logits).
    y : array_like, shape (n,)
        Labels 0/1 (binary) or class indices.
    tol : float, default 1e-12
        Tolerance on :math:`|g'(\beta)|` in the rescaled units.
    max_iter : int, default 100

    Returns
    -------
    TemperatureFit

    Examples
    --------
    >>> z = np.array([4.0, -4.0, 4.0, -4.0, 4.0])
    >>> fit = fit_temperature(z, [1, 0, 1, 0, 0])   # 4 of 5 right
    >>> round(fit.temperature, 6), round(4.0 / fit.temperature, 6)
    (2.88539, 1.386294)
    """
    z, lab = _logits_labels(logits, y)
    tol = check_finite_scalar(tol, "tol")
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    max_iter = check_positive_int(max_iter, "max_iter", maximum=10_000)
    n = z.shape[0]
    # work in units where the largest |logit| is in [1/2, 1): exact, and
    # nothing below can overflow
    zs, e = pow2_scale(z)                                    # z = zs 2**e
    e = int(e)
    if z.ndim == 1:
        margin = (2.0 * lab - 1.0) * zs                      # (n,)
        slope0 = -0.5 * float(np.mean(margin))               # g'(0), scaled
        all_right = bool(np.all(margin >= 0) and np.any(margin > 0))
    else:
        rows = np.arange(n)
        zy = zs[rows, lab]
        others = zs.copy()
        others[rows, lab] = -np.inf
        all_right = bool(np.all(zy > others.max(axis=1)))
        slope0 = float(np.mean(zs.mean(axis=1) - zy))
    if all_right:
        raise ValueError("logits classify every sample of y correctly: the "
                         "log-loss keeps falling as T -> 0 and has no "
                         "minimiser")
    if not slope0 < 0:
        raise ValueError("logits rank no better than chance on y (the "
                         "log-loss does not decrease from T = infinity): "
                         "temperature scaling has no positive solution")

    if zs.ndim == 1:
        def g(u):
            return info.log_loss_from_logits(lab, u[0] * zs)

        def dg(u):
            p = special.sigmoid(u[0] * zs)
            return np.array([np.mean((p - lab) * zs)])

        def d2g(u):
            p = special.sigmoid(u[0] * zs)
            return np.array([[np.mean(p * (1.0 - p) * zs * zs)]])
    else:
        def g(u):
            return _nll(u[0] * zs, lab)

        def moments(u):
            P = np.exp(special.log_softmax(u[0] * zs, axis=1))   # (n, K)
            m1 = np.sum(P * zs, axis=1)
            return m1, np.sum(P * zs * zs, axis=1) - m1 * m1

        def dg(u):
            return np.array([np.mean(moments(u)[0] - zs[np.arange(n), lab])])

        def d2g(u):
            return np.array([[np.mean(np.maximum(moments(u)[1], 0.0))]])

    # start at u = 1: the largest scaled logit is then between 1/2 and 1,
    # a start that does not depend on the units of the logits
    tr = descent.newton(g, dg, d2g, [1.0], safeguard="gradient", tol=tol,
                        max_iter=max_iter)
    u = float(tr.x[0])
    status = tr.status
    values = list(tr.values)
    if status == "line search failed":
        # The Armijo test stops where the promised decrease g'^2 / g'' is
        # below the rounding of g; Newton steps accepted on |g'| alone
        # still sharpen the minimiser (at most a few: convergence is
        # quadratic).
        d1 = float(dg(np.array([u]))[0])
        for _ in range(10):
            h = float(d2g(np.array([u]))[0, 0])
            if not h > 0:
                break
            u_new = u - d1 / h
            d1_new = float(dg(np.array([u_new]))[0])
            if not abs(d1_new) < abs(d1):
                break
            u, d1 = u_new, d1_new
            values.append(g(np.array([u])))
        h = float(d2g(np.array([u]))[0, 0])
        if abs(d1) <= tol or (h > 0 and d1 * d1 / h
                              <= 1e3 * 2.0**-52 * max(values[-1], 1.0)):
            status = "converged"
    if not u > 0:                     # pragma: no cover - excluded above
        raise ValueError("logits give no positive temperature")
    with np.errstate(over="ignore"):
        temp = math.ldexp(1.0 / u, e)
    if not (math.isfinite(temp) and temp > 0):
        raise ValueError("logits are outside the supported range: the "
                         "fitted temperature is not a finite float64")
    return TemperatureFit(temperature=temp,
                          nll_before=_nll(z, lab),
                          nll_after=float(values[-1]),
                          n_iter=len(values) - 1, status=status,
                          values=np.array(values))


# --------------------------------------------------------------------------
# Platt scaling
# --------------------------------------------------------------------------
class PlattFit(NamedTuple):
    r"""Platt scaling :math:`p(s) = \sigma(a s + b)` fitted to scores."""

    slope: float
    intercept: float
    objective: float
    n_iter: int
    status: str


def fit_platt(scores: Any, y: Any, *, smooth_targets: bool = True
              ) -> PlattFit:
    r"""Platt scaling: logistic regression of the labels on one score.

    Minimises the log-loss of :math:`\sigma(a s_i + b)` against targets
    :math:`t_i` by :func:`execmath.classify.fit_logistic_newton` (Newton /
    IRLS). With ``smooth_targets`` (Platt's recipe) the targets are
    :math:`t_+ = (n_+ + 1)/(n_+ + 2)` for positives and
    :math:`t_- = 1/(n_- + 2)` for negatives, which keeps the fit finite even
    when the scores separate the classes.

    Parameters
    ----------
    scores : array_like, shape (n,)
        Uncalibrated scores (any real numbers, e.g. margins or logits).
    y : array_like, shape (n,)
        Labels 0/1, both present.
    smooth_targets : bool, default True

    Returns
    -------
    PlattFit
        Calibrated probabilities are
        ``special.sigmoid(fit.slope * scores + fit.intercept)``.

    Examples
    --------
    >>> fit = fit_platt([-2.0, -1.0, 1.0, 2.0], [0, 0, 1, 1])
    >>> fit.status, round(fit.slope, 4), abs(fit.intercept) < 1e-12
    ('converged', 0.674, True)
    """
    s = as_float_array(scores, "scores", ndim=1)
    lab = as_float_array(y, "y", ndim=1)
    if lab.shape != s.shape:
        raise ValueError(f"y must have shape {s.shape} to match scores, got "
                         f"shape {lab.shape}")
    bad = (lab != 0) & (lab != 1)
    if np.any(bad):
        raise ValueError(f"y must contain only 0 and 1, got e.g. "
                         f"{lab[bad][0]!r}")
    if not isinstance(smooth_targets, (bool, np.bool_)):
        raise InputTypeError(f"smooth_targets must be True or False, got "
                             f"{smooth_targets!r}")
    n_pos = float(np.sum(lab))
    n_neg = lab.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("y must contain both classes (some 0 and some 1)")
    if smooth_targets:
        t = np.where(lab == 1, (n_pos + 1.0) / (n_pos + 2.0),
                     1.0 / (n_neg + 2.0))
    else:
        t = lab
    try:
        fit = classify.fit_logistic_newton(s[:, None], t)
    except ValueError as exc:
        raise ValueError(f"scores are outside the supported range: {exc}"
                         ) from exc
    return PlattFit(slope=float(fit.coef[0]), intercept=fit.intercept,
                    objective=fit.objective, n_iter=fit.n_iter,
                    status=fit.status)
