r"""Binary and multi-class classification: models, decisions and their scores.

A probabilistic classifier does two separate things, and this module keeps
them apart:

1. it **scores**: a model maps features to a logit or a probability
   (:func:`fit_logistic_newton`, :func:`fit_logistic_gd` and
   :func:`fit_softmax` fit logistic and softmax regression with the book's
   stable losses from logits);
2. someone **decides**: a threshold turns a score into a label. Confusion
   counts and their metrics (:func:`confusion_counts`,
   :func:`classification_metrics`), the threshold sweeps behind the ROC and
   precision-recall curves (:func:`roc_curve`, :func:`roc_auc`,
   :func:`precision_recall_curve`, :func:`average_precision`) and the
   expected cost of a decision rule under a cost matrix
   (:func:`expected_cost`, :func:`cost_curves`, :func:`bayes_threshold`)
   all take the threshold as an argument, because it is a decision, not a
   property of the model. :func:`threshold_tolerance` says how far an
   empirical cost minimum may stray from the Bayes threshold, and
   :func:`bootstrap_metric` attaches a standard error to any test-set
   metric.

:func:`gaussian_classes` draws labelled data from a Gaussian class model
whose exact posterior class probabilities are known, so that "calibrated"
and "Bayes optimal" can be checked against the truth.

The losses come from :mod:`execmath.special` (softplus and log-softmax
written without overflow) and the optimisers from :mod:`execmath.descent`
and :mod:`execmath.linesearch`. Nothing here prints or plots.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath import descent, linesearch, special
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_rng,
    norm2,
    pow2_scale,
)

__all__ = [
    "ClassificationMetrics",
    "ConfusionCounts",
    "CostCurves",
    "LabelledData",
    "LogisticFit",
    "MetricEstimate",
    "PrecisionRecallCurve",
    "RocCurve",
    "SoftmaxFit",
    "average_precision",
    "bayes_threshold",
    "bootstrap_metric",
    "classification_metrics",
    "confusion_counts",
    "cost_curves",
    "expected_cost",
    "fit_logistic_gd",
    "fit_logistic_newton",
    "fit_softmax",
    "gaussian_classes",
    "logistic_gradient",
    "logistic_logits",
    "logistic_objective",
    "precision_recall_curve",
    "roc_auc",
    "roc_curve",
    "softmax_gradient",
    "softmax_logits",
    "softmax_objective",
    "threshold_tolerance",
]

_EPS = float(np.finfo(np.float64).eps)
_MAX_SAMPLES = 10**7          # rows of a generated data set
_MAX_CLASSES = 10_000
_LINE_SEARCHES = ("backtracking", "wolfe")


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
def _real(x: Any, name: str, ndim: int) -> np.ndarray:
    """A finite, non-empty float64 array with ``ndim`` dimensions."""
    return as_float_array(x, name, ndim=ndim)


def _labels01(y: Any, name: str, n: int | None = None,
              *, soft: bool = False, other: str = "X") -> np.ndarray:
    """Binary labels (0/1) or, with ``soft``, soft labels in [0, 1]."""
    arr = _real(y, name, 1)
    if n is not None and arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match the rows "
                         f"of {other}, got shape {arr.shape}")
    if soft:
        bad = (arr < 0) | (arr > 1)
        what = "lie in [0, 1]"
    else:
        bad = (arr != 0) & (arr != 1)
        what = "contain only 0 and 1"
    if np.any(bad):
        raise ValueError(f"{name} must {what}, got {int(bad.sum())} other "
                         f"values, e.g. {arr[bad][0]!r}")
    return arr


def _both_classes(y: np.ndarray, name: str) -> None:
    """Both labels must occur (soft labels: some > 0 and some < 1)."""
    if not (np.any(y > 0) and np.any(y < 1)):
        raise ValueError(f"{name} must contain both classes (some labels 0 "
                         f"and some 1), got all {float(y[0])!r}")


def _int_labels(y: Any, name: str, n: int, k: int | None = None,
                other: str = "X") -> np.ndarray:
    """Integer class labels 0..k-1 of length n."""
    if y is None or isinstance(y, (str, bytes)):
        raise InputTypeError(f"{name} must be integer class labels, got "
                             f"{type(y).__name__}")
    try:
        arr = np.asarray(y)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"{name} must be a 1-D integer array, got "
                             f"{type(y).__name__}") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(f"{name} must be integer class labels, got "
                             f"dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match the rows "
                         f"of {other}, got shape {arr.shape}")
    if k is not None and (arr.min() < 0 or arr.max() >= k):
        raise ValueError(f"{name} must lie in 0..{k - 1} (the classes of "
                         f"{other}), got values from {arr.min()} to "
                         f"{arr.max()}")
    return arr.astype(np.int64)


def _design(X: Any) -> np.ndarray:
    X = _real(X, "X", 2)
    if X.shape[1] == 0:
        raise ValueError(f"X must have at least one column, got shape "
                         f"{X.shape}")
    return X


def _lam(lam: Any) -> float:
    lam = check_finite_scalar(lam, "lam")
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam!r}")
    return lam


def _tol(tol: Any) -> float:
    tol = check_finite_scalar(tol, "tol")
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    return tol


def _cost_matrix(cost: Any) -> tuple[float, float, float, float]:
    """(c00, c01, c10, c11) with wrong decisions dearer than right ones."""
    c = _real(cost, "cost", 2)
    if c.shape != (2, 2):
        raise ValueError(f"cost must have shape (2, 2), got {c.shape}")
    c00, c01, c10, c11 = (float(v) for v in c.ravel())
    if not (c01 > c00 and c10 > c11):
        raise ValueError(
            "cost must make each wrong decision dearer than the right one "
            f"(cost[0, 1] > cost[0, 0] and cost[1, 0] > cost[1, 1]), got "
            f"{c.tolist()}")
    return c00, c01, c10, c11


def _scores_pair(y_true: Any, scores: Any) -> tuple[np.ndarray, np.ndarray]:
    y = _labels01(y_true, "y_true")
    s = _real(scores, "scores", 1)
    if s.shape != y.shape:
        raise ValueError(f"scores must have shape {y.shape} to match y_true, "
                         f"got shape {s.shape}")
    return y, s


# --------------------------------------------------------------------------
# data with a known posterior
# --------------------------------------------------------------------------
class LabelledData(NamedTuple):
    r"""Samples of a class model with known posterior.

    ``log_posterior[i, k]`` is :math:`\log P(Y = k \mid X = x_i)` under the
    model that generated the data; for two classes the true log-odds are
    ``log_posterior[:, 1] - log_posterior[:, 0]``.
    """

    X: np.ndarray                # (n, d)
    y: np.ndarray                # (n,) int64 in 0..K-1
    log_posterior: np.ndarray    # (n, K)

    @property
    def true_logit(self) -> np.ndarray:
        """Log-odds of class 1 against class 0, shape (n,)."""
        return self.log_posterior[:, 1] - self.log_posterior[:, 0]


def gaussian_classes(n: int, means: Any, *, priors: Any = None,
                     scale: float = 1.0,
                     rng: np.random.Generator) -> LabelledData:
    r"""Labelled samples from Gaussian classes with a shared covariance s^2 I.

    .. math::

        Y \sim \operatorname{Cat}(\pi), \qquad
        X \mid Y = k \sim \mathcal N(\mu_k, s^2 I), \qquad
        \log P(Y = k \mid x) = \log\pi_k - \frac{\lVert x - \mu_k\rVert^2}
        {2 s^2} - \log\sum_j \pi_j e^{-\lVert x - \mu_j\rVert^2/(2 s^2)} .

    The log-odds between two classes are affine in :math:`x`, so logistic
    (and softmax) regression is the correct model for these data.

    Parameters
    ----------
    n : int
        Number of samples, 1 to 10**7.
    means : array_like, shape (K, d)
        Class means, K >= 2.
    priors : array_like, shape (K,), optional
        Class probabilities (positive, summing to 1); uniform by default.
    scale : float, default 1
        Standard deviation :math:`s > 0` of every coordinate.
    rng : numpy.random.Generator

    Returns
    -------
    LabelledData

    Examples
    --------
    >>> d = gaussian_classes(5, [[0.0], [2.0]], rng=np.random.default_rng(0))
    >>> d.X.shape, d.y.shape, d.log_posterior.shape
    ((5, 1), (5,), (5, 2))
    >>> bool(np.allclose(np.exp(d.log_posterior).sum(axis=1), 1.0))
    True
    """
    n = check_positive_int(n, "n", maximum=_MAX_SAMPLES)
    mu = _real(means, "means", 2)
    k, dim = mu.shape
    if k < 2 or k > _MAX_CLASSES:
        raise ValueError(f"means must have 2 to {_MAX_CLASSES} rows (one per "
                         f"class), got shape {mu.shape}")
    if n * dim * 2 > 2**27:
        raise ValueError(f"n and means ask for {n} x {dim} samples, more than "
                         "the supported 2**26 numbers")
    if priors is None:
        pi = np.full(k, 1.0 / k)
    else:
        pi = _real(priors, "priors", 1)
        if pi.shape != (k,):
            raise ValueError(f"priors must have shape ({k},) to match means, "
                             f"got shape {pi.shape}")
        if np.any(pi <= 0) or np.any(pi > 1) or abs(
                math.fsum(pi) - 1.0) > 1e-9:
            raise ValueError(f"priors must be positive and sum to 1, got "
                             f"{pi.tolist()}")
        pi = pi / math.fsum(pi)
    s = check_finite_scalar(scale, "scale", positive=True)
    rng = check_rng(rng)
    # X = mu_y + s Z: the noise is scaled before the shift, so a huge or tiny
    # s cannot overflow the draw; the squared distances below are computed
    # from (x - mu_k)/s, which is Z for the true class.
    y = rng.choice(k, size=n, p=pi)                          # (n,)
    Z = rng.standard_normal((n, dim))                        # (n, d)
    with np.errstate(over="ignore"):
        X = mu[y] + s * Z                                    # (n, d)
    if not np.all(np.isfinite(X)):
        raise ValueError("means and scale are outside the supported range: "
                         "the samples overflow float64")
    log_pi = np.log(pi)
    scores = np.empty((n, k))                                # (n, K)
    for j in range(k):
        with np.errstate(over="ignore"):
            diff = (X - mu[j]) / s                           # (n, d)
        if not np.all(np.isfinite(diff)):
            raise ValueError("means and scale are outside the supported "
                             "range: the class distances overflow float64")
        with np.errstate(over="ignore"):
            sq = np.einsum("ij,ij->i", diff, diff)           # (n,)
        if not np.all(np.isfinite(sq)):
            raise ValueError("means and scale are outside the supported "
                             "range: the class distances overflow float64")
        scores[:, j] = log_pi[j] - 0.5 * sq
    return LabelledData(X=X, y=y.astype(np.int64),
                        log_posterior=special.log_softmax(scores, axis=1))


# --------------------------------------------------------------------------
# logistic regression: objective and gradient
# --------------------------------------------------------------------------
def _bce_mean(z: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy from logits (no validation)."""
    loss = ((1.0 - y) * np.maximum(z, 0.0) + y * np.maximum(-z, 0.0)
            + np.log1p(np.exp(-np.abs(z))))                  # (n,)
    return float(np.mean(loss))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _check_coef(X: np.ndarray, coef: Any, intercept: Any
                ) -> tuple[np.ndarray, float]:
    w = _real(coef, "coef", 1)
    if w.shape != (X.shape[1],):
        raise ValueError(f"coef must have shape ({X.shape[1]},) to match X "
                         f"{X.shape}, got shape {w.shape}")
    b = check_finite_scalar(intercept, "intercept")
    return w, b


def _logits_checked(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ w + b                                        # (n,)
    if not np.all(np.isfinite(z)):
        raise ValueError("X, coef or intercept is outside the supported "
                         "range: the logits X @ coef + intercept overflow")
    return z


def logistic_objective(X: Any, y: Any, coef: Any, intercept: float = 0.0,
                       *, lam: float = 0.0) -> float:
    r"""Penalised mean log-loss of logistic regression, from logits.

    .. math::

        J(w, b) = \frac1n\sum_{i=1}^n \big[\operatorname{softplus}(z_i)
        - y_i z_i\big] + \frac{\lambda}{2}\lVert w\rVert_2^2,
        \qquad z_i = x_i^\top w + b .

    The intercept is not penalised. With :math:`\lambda = 1/(nC)` this is
    scikit-learn's ``LogisticRegression(C=C)`` objective divided by
    :math:`nC`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Labels 0/1 or soft labels in [0, 1].
    coef : array_like, shape (d,)
    intercept : float, default 0
    lam : float, default 0
        Ridge penalty :math:`\lambda \ge 0`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(logistic_objective([[1.0], [2.0]], [0, 1], [0.0]), 6)  # log 2
    0.693147
    """
    X = _design(X)
    y = _labels01(y, "y", X.shape[0], soft=True)
    w, b = _check_coef(X, coef, intercept)
    lam = _lam(lam)
    z = _logits_checked(X, w, b)
    nw = float(norm2(w))
    with np.errstate(over="ignore"):
        out = float(np.float64(_bce_mean(z, y))
                    + np.float64(0.5 * lam) * np.float64(nw) * nw)
    if not math.isfinite(out):
        raise ValueError("X, coef, intercept or lam is outside the supported "
                         "range: the objective overflows float64")
    return out + 0.0


def logistic_gradient(X: Any, y: Any, coef: Any, intercept: float = 0.0,
                      *, lam: float = 0.0) -> np.ndarray:
    r"""Gradient of :func:`logistic_objective` with respect to ``(w, b)``.

    .. math::

        \nabla_w J = \frac1n X^\top (p - y) + \lambda w, \qquad
        \frac{\partial J}{\partial b} = \frac1n\sum_i (p_i - y_i), \qquad
        p = \sigma(Xw + b).

    Returns
    -------
    numpy.ndarray, shape (d + 1,)
        The coefficient part followed by the intercept part.

    Examples
    --------
    >>> logistic_gradient([[1.0], [-1.0]], [1, 0], [0.0]).tolist()
    [-0.5, 0.0]
    """
    X = _design(X)
    y = _labels01(y, "y", X.shape[0], soft=True)
    w, b = _check_coef(X, coef, intercept)
    lam = _lam(lam)
    z = _logits_checked(X, w, b)
    r = _sigmoid(z) - y                                      # (n,)
    with np.errstate(over="ignore", invalid="ignore"):
        g = np.concatenate([X.T @ r / X.shape[0] + lam * w, [np.mean(r)]])
    if not np.all(np.isfinite(g)):
        raise ValueError("X, coef or lam is outside the supported range: "
                         "the gradient overflows float64")
    return g


# --------------------------------------------------------------------------
# logistic regression: fitting
# --------------------------------------------------------------------------
class LogisticFit(NamedTuple):
    r"""A fitted logistic regression :math:`p(x) = \sigma(x^\top w + b)`.

    ``values[k]`` is the objective :math:`J` after k iterations (the trace
    of the optimiser); ``grad_norm`` is :math:`\lVert\nabla J\rVert_2` at the
    returned point in the original coordinates. ``status`` is
    ``"converged"``, ``"max_iter"``, ``"separable"`` (no penalty and the
    classes are linearly separated by the current coefficients: the
    maximum-likelihood estimate does not exist) or ``"line search failed"``.
    """

    coef: np.ndarray          # (d,)
    intercept: float
    objective: float
    grad_norm: float
    n_iter: int
    status: str
    values: np.ndarray        # (n_iter + 1,)
    method: str
    lam: float


class _Scaled:
    r"""Logistic objective in power-of-two-scaled coordinates.

    Columns of X are divided by exact powers of two :math:`s_j` so that
    every column has max-abs in [1/2, 1); the parameter
    :math:`\tilde w_j = s_j w_j` gives the same logits, and the penalty
    becomes :math:`\tfrac12\sum_j (\rho_j\tilde w_j)^2` with
    :math:`\rho_j = \sqrt\lambda / s_j`. The scaling is exact, so nothing
    changes but the range: huge or tiny features no longer overflow.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, lam: float) -> None:
        self.Xs, e = pow2_scale(X, axis=0)                   # (n, d), (1, d)
        self.e = e.ravel()
        self.y = y
        self.n, self.d = X.shape
        with np.errstate(over="ignore", under="ignore"):
            rho = np.ldexp(math.sqrt(lam), -self.e)          # sqrt(lam)/s_j
        self.rho = np.minimum(rho, 1e150)   # beyond this w_j is 0 anyway
        self.rho2 = self.rho * self.rho

    def logits(self, t: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore"):
            return self.Xs @ t[:-1] + t[-1]

    def value(self, t: np.ndarray) -> float:
        z = self.logits(t)
        if not np.all(np.isfinite(z)):
            return math.inf
        with np.errstate(over="ignore"):
            pen = 0.5 * float(np.sum(np.square(self.rho * t[:-1])))
        return _bce_mean(z, self.y) + pen

    def grad(self, t: np.ndarray) -> np.ndarray:
        r = _sigmoid(self.logits(t)) - self.y                # (n,)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.concatenate([self.Xs.T @ r / self.n
                                   + self.rho2 * t[:-1], [np.mean(r)]])

    def newton_direction(self, t: np.ndarray, g: np.ndarray) -> np.ndarray:
        r"""Solve :math:`H\Delta = -g` from a QR factorisation, not from H.

        :math:`H = A^\top A` with the weighted design
        :math:`A = [\sqrt{v/n}\,(\tilde X, 1);\ \operatorname{diag}(\rho), 0]`,
        :math:`v = p(1-p)`. The thin QR factor R of A satisfies
        :math:`R^\top R = H`, so :math:`\Delta = -R^{-1}R^{-\top} g`
        without ever squaring the entries of A. If R is numerically
        singular (collinear columns and no penalty), the minimum-norm
        solution from the SVD of A is used instead.
        """
        p = _sigmoid(self.logits(t))
        sw = np.sqrt(p * (1.0 - p) / self.n)                 # (n,)
        top = np.hstack([self.Xs * sw[:, None], sw[:, None]])   # (n, d+1)
        pen = np.zeros((self.d, self.d + 1))
        pen[np.arange(self.d), np.arange(self.d)] = self.rho
        A = np.vstack([top, pen])                            # (n+d, d+1)
        R = sla.qr(A, mode="r", check_finite=False)[0][: self.d + 1]
        diag = np.abs(np.diag(R))
        if diag.min() > 10 * A.shape[0] * _EPS * max(diag.max(), 1e-300):
            with np.errstate(all="ignore"):
                u = sla.solve_triangular(R, g, trans="T",
                                         check_finite=False)
                delta = -sla.solve_triangular(R, u, check_finite=False)
            if np.all(np.isfinite(delta)):
                return delta
        _, s, vt = np.linalg.svd(A, full_matrices=False)
        keep = s > 10 * A.shape[0] * _EPS * s[0]
        coef = (vt[keep] @ g) / s[keep] ** 2
        return -(vt[keep].T @ coef)

    def separable(self, t: np.ndarray) -> bool:
        z = self.logits(t)
        hard = (self.y == 0) | (self.y == 1)
        return bool(np.all(hard) and np.all((2 * self.y - 1) * z > 0))

    def unscale(self, t: np.ndarray) -> tuple[np.ndarray, float]:
        with np.errstate(over="ignore", under="ignore"):
            w = np.ldexp(t[:-1], -self.e)                    # (d,)
        if not np.all(np.isfinite(w)):
            raise ValueError("X is outside the supported range: the fitted "
                             "coefficients overflow float64")
        return w, float(t[-1])

    def grad_norm_original(self, g: np.ndarray) -> float:
        # dJ/dw_j = s_j dJ/dw~_j (chain rule through w~_j = s_j w_j)
        with np.errstate(over="ignore", under="ignore"):
            gw = np.ldexp(g[:-1], self.e)
        out = float(norm2(np.concatenate([gw, g[-1:]])))
        if not math.isfinite(out):
            raise ValueError("X is outside the supported range: the gradient "
                             "overflows float64")
        return out


def _fit_inputs(X: Any, y: Any, lam: Any) -> tuple[np.ndarray, np.ndarray,
                                                    float]:
    X = _design(X)
    y = _labels01(y, "y", X.shape[0], soft=True)
    _both_classes(y, "y")
    return X, y, _lam(lam)


def fit_logistic_newton(X: Any, y: Any, *, lam: float = 0.0,
                        tol: float = 1e-20, max_iter: int = 100
                        ) -> LogisticFit:
    r"""Logistic regression by damped Newton (IRLS), each step solved by QR.

    Minimises :func:`logistic_objective`. The Newton step solves

    .. math::

        \big(\tfrac1n \tilde X^\top V \tilde X + \lambda E\big)\,\Delta
        = -\nabla J, \qquad V = \operatorname{diag}\big(p_i(1-p_i)\big),

    with :math:`\tilde X = (X, 1)` and :math:`E` the identity without its
    intercept entry. It is the weighted least-squares problem of iteratively
    reweighted least squares (IRLS); here it is solved from the QR factor
    of the weighted design (never forming the Hessian) and the step length
    comes from Armijo backtracking (:func:`execmath.linesearch.backtracking`)
    from :math:`\alpha = 1`, so the objective decreases at every iteration.
    The run stops when the squared Newton decrement
    :math:`-\nabla J^\top\Delta`, which estimates twice the remaining
    suboptimality and does not depend on the units of the features, is
    at most ``tol``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features (no column of ones: the intercept is always fitted).
    y : array_like, shape (n,)
        Labels 0/1, or soft labels in [0, 1] (as in Platt scaling).
    lam : float, default 0
        Ridge penalty on the coefficients (not the intercept).
    tol : float, default 1e-20
        Tolerance on the squared Newton decrement.
    max_iter : int, default 100

    Returns
    -------
    LogisticFit
        With ``lam = 0`` and data that a hyperplane separates, the
        unpenalised likelihood has no maximiser; the run stops with status
        ``"separable"`` as soon as the iterate separates the training set.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> fit = fit_logistic_newton(X, [0, 1, 0, 1])
    >>> fit.status, round(float(fit.coef[0]), 6), round(fit.intercept, 6)
    ('converged', 0.908184, -1.362276)
    >>> fit_logistic_newton(X, [0, 0, 1, 1]).status
    'separable'
    """
    X, y, lam = _fit_inputs(X, y, lam)
    tol = _tol(tol)
    max_iter = check_positive_int(max_iter, "max_iter", maximum=10_000)
    prob = _Scaled(X, y, lam)
    t = np.zeros(prob.d + 1)
    f = prob.value(t)
    g = prob.grad(t)
    values = [f]
    status = "max_iter"
    for _ in range(max_iter):
        delta = prob.newton_direction(t, g)                  # (d + 1,)
        dec2 = -float(g @ delta)
        if not dec2 > tol or not np.all(np.isfinite(delta)):
            status = "converged"
            break
        ls = linesearch.backtracking(prob.value, t, delta, g, f_x=f,
                                     alpha0=1.0, beta=0.5, c=1e-4)
        if ls.success:
            t, f = ls.x_new, ls.value
            g = prob.grad(t)
        elif dec2 <= 1e3 * _EPS * max(abs(f), 1.0):
            # The decrease Newton promises (dec2 / 2) is below the rounding
            # of J, so the Armijo test cannot see it. The minimiser can
            # still be sharpened: accept the full step if it shrinks the
            # gradient, and stop when it no longer does.
            t_new = t + delta
            g_new = prob.grad(t_new)
            if not float(norm2(g_new)) < float(norm2(g)):
                status = "converged"
                break
            t, g = t_new, g_new
            f = prob.value(t)
        else:
            status = "line search failed"
            break
        values.append(f)
        if lam == 0.0 and prob.separable(t):
            status = "separable"
            break
    w, b = prob.unscale(t)
    return LogisticFit(coef=w, intercept=b, objective=float(f),
                       grad_norm=prob.grad_norm_original(g),
                       n_iter=len(values) - 1, status=status,
                       values=np.array(values), method="newton", lam=lam)


def fit_logistic_gd(X: Any, y: Any, *, lam: float = 0.0,
                    line_search: str = "wolfe", tol: float = 1e-6,
                    max_iter: int = 10_000) -> LogisticFit:
    r"""Logistic regression by gradient descent with a line search.

    Minimises :func:`logistic_objective` with
    :func:`execmath.descent.gradient_descent` (Armijo backtracking or strong
    Wolfe steps), starting from zero. The features are first divided by
    exact powers of two so that every column has max-abs in [1/2, 1): a
    diagonal preconditioner that leaves the minimiser unchanged and only
    protects against features on absurd scales. ``tol`` applies to the
    gradient norm in these scaled coordinates.

    Parameters
    ----------
    X, y, lam
        As in :func:`fit_logistic_newton`.
    line_search : {"wolfe", "backtracking"}
    tol : float, default 1e-6
        Gradient-norm tolerance. The Armijo test cannot see a decrease
        below the rounding of :math:`J` (about :math:`u\,|J|`), and the
        decrease a gradient step demands is :math:`c\,\alpha\,\lVert
        \nabla J\rVert^2`, so far smaller tolerances end with status
        ``"line search failed"`` at a gradient norm near
        :math:`\sqrt{u|J|/(c\alpha)}`.
    max_iter : int, default 10,000

    Returns
    -------
    LogisticFit
        ``values`` holds the objective at every iterate; the number of
        iterations is typically hundreds where Newton needs a handful.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> fit = fit_logistic_gd(X, [0, 1, 0, 1])
    >>> fit.status, round(float(fit.coef[0]), 3), round(fit.intercept, 3)
    ('converged', 0.908, -1.362)
    """
    X, y, lam = _fit_inputs(X, y, lam)
    line_search = check_choice(line_search, "line_search", _LINE_SEARCHES)
    tol = _tol(tol)
    max_iter = check_positive_int(max_iter, "max_iter", maximum=1_000_000)
    prob = _Scaled(X, y, lam)
    tr = descent.gradient_descent(prob.value, prob.grad, np.zeros(prob.d + 1),
                                  line_search=line_search, tol=tol,
                                  max_iter=max_iter)
    t = tr.x
    status = tr.status
    if status == "diverged":      # pragma: no cover - f is bounded below
        raise ValueError("X is outside the supported range: gradient "
                         "descent left the finite range")
    w, b = prob.unscale(t)
    return LogisticFit(coef=w, intercept=b, objective=float(tr.values[-1]),
                       grad_norm=prob.grad_norm_original(prob.grad(t)),
                       n_iter=tr.n_iter, status=status,
                       values=tr.values.copy(), method=f"gd-{line_search}",
                       lam=lam)


def _check_fit(fit: Any, cls: type, name: str = "fit") -> None:
    if not isinstance(fit, cls):
        raise InputTypeError(f"{name} must be a {cls.__name__}, got "
                             f"{type(fit).__name__}")


def logistic_logits(fit: LogisticFit, X: Any) -> np.ndarray:
    r"""Logits :math:`z = Xw + b` of a fitted logistic regression.

    Probabilities are :func:`execmath.special.sigmoid` of these; keeping
    the logits avoids probabilities that round to 0 or 1.

    Parameters
    ----------
    fit : LogisticFit
    X : array_like, shape (m, d)

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> fit = fit_logistic_newton([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1])
    >>> logistic_logits(fit, [[1.5]]).round(6).tolist()
    [0.0]
    """
    _check_fit(fit, LogisticFit)
    X = _design(X)
    w, b = _check_coef(X, fit.coef, fit.intercept)
    return _logits_checked(X, w, b)


# --------------------------------------------------------------------------
# softmax regression
# --------------------------------------------------------------------------
def _softmax_params(X: np.ndarray, coef: Any, intercept: Any
                    ) -> tuple[np.ndarray, np.ndarray]:
    W = _real(coef, "coef", 2)
    if W.shape[0] != X.shape[1] or W.shape[1] < 2:
        raise ValueError(f"coef must have shape ({X.shape[1]}, K) with K >= 2 "
                         f"to match X {X.shape}, got shape {W.shape}")
    b = _real(intercept, "intercept", 1)
    if b.shape != (W.shape[1],):
        raise ValueError(f"intercept must have shape ({W.shape[1]},) to match "
                         f"coef {W.shape}, got shape {b.shape}")
    return W, b


def _softmax_logits(X: np.ndarray, W: np.ndarray, b: np.ndarray
                    ) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        Z = X @ W + b                                        # (n, K)
    if not np.all(np.isfinite(Z)):
        raise ValueError("X, coef or intercept is outside the supported "
                         "range: the logits X @ coef + intercept overflow")
    return Z


def _ce_and_probs(Z: np.ndarray, y: np.ndarray
                  ) -> tuple[float, np.ndarray]:
    """Mean cross-entropy and softmax probabilities (no validation)."""
    try:
        lp = special.log_softmax(Z, axis=1)                  # (n, K)
    except ValueError as exc:
        raise ValueError("X, coef or intercept is outside the supported "
                         f"range: {exc}") from exc
    n = Z.shape[0]
    return float(-np.mean(lp[np.arange(n), y])), np.exp(lp)


def softmax_objective(X: Any, y: Any, coef: Any, intercept: Any, *,
                      lam: float = 0.0) -> float:
    r"""Penalised mean cross-entropy of softmax (multinomial) regression.

    .. math::

        J(W, b) = -\frac1n\sum_{i=1}^n \log\operatorname{softmax}(z_i)_{y_i}
        + \frac{\lambda}{2}\lVert W\rVert_F^2, \qquad
        z_i = W^\top x_i + b \in \R^K .

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like of int, shape (n,)
        Class labels in 0..K-1.
    coef : array_like, shape (d, K)
    intercept : array_like, shape (K,)
    lam : float, default 0

    Returns
    -------
    float

    Examples
    --------
    >>> W = np.zeros((1, 3)); b = np.zeros(3)
    >>> round(softmax_objective([[1.0], [2.0]], [0, 2], W, b), 6)  # log 3
    1.098612
    """
    X = _design(X)
    W, b = _softmax_params(X, coef, intercept)
    y = _int_labels(y, "y", X.shape[0], W.shape[1])
    lam = _lam(lam)
    ce, _ = _ce_and_probs(_softmax_logits(X, W, b), y)
    nw = float(norm2(W.ravel()))
    with np.errstate(over="ignore"):
        out = float(np.float64(ce) + np.float64(0.5 * lam) * np.float64(nw)
                    * nw)
    if not math.isfinite(out):
        raise ValueError("X, coef, intercept or lam is outside the supported "
                         "range: the objective overflows float64")
    return out + 0.0


def softmax_gradient(X: Any, y: Any, coef: Any, intercept: Any, *,
                     lam: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    r"""Gradient of :func:`softmax_objective`: the residual is :math:`P - Y`.

    .. math::

        \nabla_W J = \frac1n X^\top (P - Y) + \lambda W, \qquad
        \nabla_b J = \frac1n (P - Y)^\top \mathbf 1,

    with :math:`P_{ik} = \operatorname{softmax}(z_i)_k` and :math:`Y` the
    one-hot labels.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Shapes (d, K) and (K,).

    Examples
    --------
    >>> gW, gb = softmax_gradient([[1.0], [-1.0]], [0, 1], np.zeros((1, 2)),
    ...                           np.zeros(2))
    >>> gW.tolist(), gb.tolist()
    ([[-0.5, 0.5]], [0.0, 0.0])
    """
    X = _design(X)
    W, b = _softmax_params(X, coef, intercept)
    y = _int_labels(y, "y", X.shape[0], W.shape[1])
    lam = _lam(lam)
    _, P = _ce_and_probs(_softmax_logits(X, W, b), y)
    P[np.arange(X.shape[0]), y] -= 1.0                       # P - Y, (n, K)
    with np.errstate(over="ignore", invalid="ignore"):
        gW = X.T @ P / X.shape[0] + lam * W                  # (d, K)
    if not np.all(np.isfinite(gW)):
        raise ValueError("X, coef or lam is outside the supported range: "
                         "the gradient overflows float64")
    return gW, P.mean(axis=0)


class SoftmaxFit(NamedTuple):
    """A fitted softmax regression; fields as in :class:`LogisticFit`."""

    coef: np.ndarray          # (d, K)
    intercept: np.ndarray     # (K,)
    objective: float
    grad_norm: float
    n_iter: int
    status: str
    values: np.ndarray        # (n_iter + 1,)
    lam: float


def fit_softmax(X: Any, y: Any, n_classes: int, *, lam: float = 0.0,
                tol: float = 1e-6, max_iter: int = 10_000) -> SoftmaxFit:
    r"""Softmax regression by gradient descent with strong Wolfe steps.

    Minimises :func:`softmax_objective` with
    :func:`execmath.descent.gradient_descent` (``line_search="wolfe"``)
    from zero, in coordinates where each feature column is divided by an
    exact power of two (as in :func:`fit_logistic_gd`). The intercepts are
    determined only up to a common shift (softmax ignores it); starting
    from zero, their gradient sums to zero, so the fitted intercepts sum to
    zero.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like of int, shape (n,)
        Labels in 0..n_classes-1; every class must occur.
    n_classes : int
        K >= 2.
    lam : float, default 0
    tol : float, default 1e-6
        Gradient-norm tolerance in the scaled coordinates (see
        :func:`fit_logistic_gd` for why much smaller values cannot be
        reached by a line-searched gradient method).
    max_iter : int, default 10,000

    Returns
    -------
    SoftmaxFit

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> fit = fit_softmax(X, [0, 1, 0, 1, 2, 2], 3, lam=0.01)
    >>> fit.status, fit.coef.shape, abs(float(fit.intercept.sum())) < 1e-12
    ('converged', (1, 3), True)
    """
    X = _design(X)
    k = check_positive_int(n_classes, "n_classes", minimum=2,
                           maximum=_MAX_CLASSES)
    y = _int_labels(y, "y", X.shape[0], k)
    counts = np.bincount(y, minlength=k)
    if np.any(counts == 0):
        raise ValueError(f"y must contain every class 0..{k - 1} (an absent "
                         f"class has no finite intercept), got counts "
                         f"{counts.tolist()}")
    lam = _lam(lam)
    tol = _tol(tol)
    max_iter = check_positive_int(max_iter, "max_iter", maximum=1_000_000)
    if X.shape[1] * k > 10**6:
        raise ValueError(f"X and n_classes ask for {X.shape[1] * k} "
                         "coefficients, more than the supported 10**6")
    Xs, e = pow2_scale(X, axis=0)
    e = e.ravel()
    n, d = X.shape
    with np.errstate(over="ignore", under="ignore"):
        rho2 = np.minimum(np.ldexp(math.sqrt(lam), -e), 1e150) ** 2  # (d,)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0

    def unpack(t):
        return t[: d * k].reshape(d, k), t[d * k:]

    # The line search asks for the value and the gradient at the same
    # point: keep the logits and probabilities of the last point.
    last: dict = {"key": None}

    def at(t):
        key = t.tobytes()
        if last["key"] != key:
            W, b = unpack(t)
            with np.errstate(over="ignore", invalid="ignore"):
                Z = Xs @ W + b
            last.update(key=key, Z=Z, ce=None)
        return last

    def ce_and_probs(t):
        c = at(t)
        if c["ce"] is None:
            c["ce"] = _ce_and_probs(c["Z"], y)
        return c["ce"]

    def value(t):
        W, b = unpack(t)
        with np.errstate(over="ignore", invalid="ignore"):
            pen = 0.5 * float(np.sum(rho2[:, None] * W * W))
        if not np.all(np.isfinite(at(t)["Z"])):
            return math.inf
        return ce_and_probs(t)[0] + pen

    def grad(t):
        W, b = unpack(t)
        with np.errstate(over="ignore", invalid="ignore"):
            _, P = ce_and_probs(t)
            R = P - onehot                                   # (n, K)
            gW = Xs.T @ R / n + rho2[:, None] * W
        return np.concatenate([gW.ravel(), R.mean(axis=0)])

    tr = descent.gradient_descent(value, grad, np.zeros(d * k + k),
                                  line_search="wolfe", tol=tol,
                                  max_iter=max_iter)
    Wt, b = unpack(tr.x)
    with np.errstate(over="ignore", under="ignore"):
        W = np.ldexp(Wt, -e[:, None])
    if not np.all(np.isfinite(W)):
        raise ValueError("X is outside the supported range: the fitted "
                         "coefficients overflow float64")
    gt = grad(tr.x)
    with np.errstate(over="ignore", under="ignore"):
        g_orig = np.concatenate([np.ldexp(unpack(gt)[0], e[:, None]).ravel(),
                                 gt[d * k:]])
    gn = float(norm2(g_orig))
    if not math.isfinite(gn):
        raise ValueError("X is outside the supported range: the gradient "
                         "overflows float64")
    return SoftmaxFit(coef=W, intercept=b.copy(),
                      objective=float(tr.values[-1]), grad_norm=gn,
                      n_iter=tr.n_iter, status=tr.status,
                      values=tr.values.copy(), lam=lam)


def softmax_logits(fit: SoftmaxFit, X: Any) -> np.ndarray:
    r"""Logits :math:`Z = XW + \mathbf 1 b^\top` of a fitted softmax model.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> fit = fit_softmax(X, [0, 1, 0, 1, 2, 2], 3, lam=0.01)
    >>> softmax_logits(fit, [[0.0], [5.0]]).argmax(axis=1).tolist()
    [0, 2]
    """
    _check_fit(fit, SoftmaxFit)
    X = _design(X)
    W, b = _softmax_params(X, fit.coef, fit.intercept)
    return _softmax_logits(X, W, b)


# --------------------------------------------------------------------------
# decisions at a threshold
# --------------------------------------------------------------------------
class ConfusionCounts(NamedTuple):
    """Counts of the four outcomes of a thresholded binary decision."""

    tp: int
    fp: int
    tn: int
    fn: int


def confusion_counts(y_true: Any, scores: Any, threshold: float
                     ) -> ConfusionCounts:
    r"""Confusion counts of the decision "positive iff score >= threshold".

    .. math::

        \mathrm{TP} = \#\{i : s_i \ge t,\ y_i = 1\},\quad
        \mathrm{FP} = \#\{i : s_i \ge t,\ y_i = 0\},\quad
        \mathrm{TN},\ \mathrm{FN} \text{ likewise with } s_i < t .

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Labels 0/1.
    scores : array_like, shape (n,)
        Scores, probabilities or logits (higher means "more positive").
    threshold : float

    Returns
    -------
    ConfusionCounts

    Examples
    --------
    >>> confusion_counts([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5)
    ConfusionCounts(tp=1, fp=1, tn=1, fn=1)
    """
    y, s = _scores_pair(y_true, scores)
    t = check_finite_scalar(threshold, "threshold")
    pred = s >= t
    pos = y == 1
    tp = int(np.sum(pred & pos))
    fp = int(np.sum(pred & ~pos))
    return ConfusionCounts(tp=tp, fp=fp, tn=int(np.sum(~pos)) - fp,
                           fn=int(np.sum(pos)) - tp)


class ClassificationMetrics(NamedTuple):
    """Metrics of one thresholded decision (ratios with an empty
    denominator are reported as 0, as scikit-learn does by default)."""

    accuracy: float
    precision: float
    recall: float
    specificity: float
    f1: float
    balanced_accuracy: float


def _ratio(a: int, b: int) -> float:
    return a / b if b > 0 else 0.0


def classification_metrics(y_true: Any, scores: Any, threshold: float
                           ) -> ClassificationMetrics:
    r"""Accuracy, precision, recall, specificity, F1 and balanced accuracy.

    .. math::

        \text{precision} = \frac{TP}{TP + FP},\quad
        \text{recall} = \frac{TP}{TP + FN},\quad
        \text{specificity} = \frac{TN}{TN + FP},\quad
        F_1 = \frac{2\,TP}{2\,TP + FP + FN},

    accuracy :math:`(TP + TN)/n` and balanced accuracy the mean of recall
    and specificity. A ratio whose denominator is zero (e.g. precision when
    nothing is predicted positive) is reported as 0.

    Parameters
    ----------
    y_true, scores, threshold
        As in :func:`confusion_counts`.

    Returns
    -------
    ClassificationMetrics

    Examples
    --------
    >>> m = classification_metrics([0, 0, 0, 1], [0.1, 0.2, 0.3, 0.4], 0.9)
    >>> m.accuracy, m.recall, m.balanced_accuracy   # "always negative"
    (0.75, 0.0, 0.5)
    """
    c = confusion_counts(y_true, scores, threshold)
    n = c.tp + c.fp + c.tn + c.fn
    rec = _ratio(c.tp, c.tp + c.fn)
    spec = _ratio(c.tn, c.tn + c.fp)
    return ClassificationMetrics(
        accuracy=(c.tp + c.tn) / n,
        precision=_ratio(c.tp, c.tp + c.fp),
        recall=rec, specificity=spec,
        f1=_ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
        balanced_accuracy=0.5 * (rec + spec))


# --------------------------------------------------------------------------
# threshold sweeps: ROC and precision-recall
# --------------------------------------------------------------------------
def _sweep(y: np.ndarray, s: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative TP and FP at each distinct score, highest first.

    Tied scores form one group: a threshold cannot split them, so the
    curve moves diagonally across a tie.
    """
    # any sort will do: ties are merged into one group below, so their
    # order within the group cannot change the counts
    order = np.argsort(-s)                                   # (n,)
    s_sorted, y_sorted = s[order], y[order]
    # last index of each group of equal scores (no subtraction: it could
    # overflow for scores near the float64 range)
    last = np.r_[np.flatnonzero(s_sorted[1:] != s_sorted[:-1]),
                 s.size - 1]                                 # (m,)
    tps = np.cumsum(y_sorted)[last]                          # (m,)
    fps = (last + 1) - tps
    return s_sorted[last], tps, fps


def _need_both(y: np.ndarray) -> None:
    if np.all(y == 0) or np.all(y == 1):
        raise ValueError(f"y_true must contain both classes, got all "
                         f"{int(y[0])}")


class RocCurve(NamedTuple):
    """ROC points, highest threshold first.

    Point 0 is (0, 0), the decision "nothing is positive"; point j >= 1 is
    the decision "positive iff score >= thresholds[j - 1]", so ``fpr`` and
    ``tpr`` have one entry more than ``thresholds``.
    """

    fpr: np.ndarray           # (m + 1,)
    tpr: np.ndarray           # (m + 1,)
    thresholds: np.ndarray    # (m,) distinct scores, decreasing


def roc_curve(y_true: Any, scores: Any) -> RocCurve:
    r"""Receiver operating characteristic: TPR against FPR over all thresholds.

    .. math::

        \mathrm{TPR}(t) = \frac{\#\{s_i \ge t,\ y_i = 1\}}{n_+}, \qquad
        \mathrm{FPR}(t) = \frac{\#\{s_i \ge t,\ y_i = 0\}}{n_-},

    at every distinct score :math:`t` (ties grouped), plus the origin.

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Labels 0/1, both present.
    scores : array_like, shape (n,)

    Returns
    -------
    RocCurve

    Examples
    --------
    >>> r = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> r.fpr.tolist(), r.tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    y, s = _scores_pair(y_true, scores)
    _need_both(y)
    thr, tps, fps = _sweep(y, s)
    n_pos = float(tps[-1])
    n_neg = float(fps[-1])
    return RocCurve(fpr=np.r_[0.0, fps / n_neg], tpr=np.r_[0.0, tps / n_pos],
                    thresholds=thr)


def roc_auc(y_true: Any, scores: Any) -> float:
    r"""Area under the ROC curve by the trapezoid rule over its steps.

    .. math::

        \mathrm{AUC} = \sum_{j} \tfrac12 (\mathrm{FPR}_j - \mathrm{FPR}_{j-1})
        (\mathrm{TPR}_j + \mathrm{TPR}_{j-1})
        = P(S_+ > S_-) + \tfrac12 P(S_+ = S_-),

    the second form over all positive-negative pairs of the sample (the
    Mann-Whitney statistic): a tie between a positive and a negative counts
    one half, which is what the diagonal segment of a tied group adds.

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> roc_auc([0, 1], [0.5, 0.5])      # a tie: half credit
    0.5
    """
    r = roc_curve(y_true, scores)
    return float(np.sum(np.diff(r.fpr) * (r.tpr[1:] + r.tpr[:-1])) / 2.0)


class PrecisionRecallCurve(NamedTuple):
    """Precision-recall points, highest threshold first.

    Point 0 is the convention (recall 0, precision 1); point j >= 1 is the
    decision "positive iff score >= thresholds[j - 1]". This is
    scikit-learn's ``precision_recall_curve`` in reverse order.
    """

    precision: np.ndarray     # (m + 1,)
    recall: np.ndarray        # (m + 1,)
    thresholds: np.ndarray    # (m,) distinct scores, decreasing


def precision_recall_curve(y_true: Any, scores: Any) -> PrecisionRecallCurve:
    r"""Precision and recall at every distinct score (ties grouped).

    .. math::

        P(t) = \frac{\#\{s_i \ge t,\ y_i = 1\}}{\#\{s_i \ge t\}}, \qquad
        R(t) = \frac{\#\{s_i \ge t,\ y_i = 1\}}{n_+} .

    At the lowest threshold everything is predicted positive and precision
    equals the positive rate :math:`n_+/n`, the level of a classifier that
    cannot rank.

    Examples
    --------
    >>> pr = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> pr.precision.round(4).tolist(), pr.recall.tolist()
    ([1.0, 1.0, 0.5, 0.6667, 0.5], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    y, s = _scores_pair(y_true, scores)
    _need_both(y)
    thr, tps, fps = _sweep(y, s)
    return PrecisionRecallCurve(precision=np.r_[1.0, tps / (tps + fps)],
                                recall=np.r_[0.0, tps / tps[-1]],
                                thresholds=thr)


def average_precision(y_true: Any, scores: Any) -> float:
    r"""Average precision: precision summed over the recall steps.

    .. math::

        \mathrm{AP} = \sum_{j \ge 1} (R_j - R_{j-1})\, P_j,

    over the points of :func:`precision_recall_curve` (a step-wise, not a
    trapezoidal, area; scikit-learn's ``average_precision_score``).

    Examples
    --------
    >>> average_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333333333333333
    """
    pr = precision_recall_curve(y_true, scores)
    return float(np.sum(np.diff(pr.recall) * pr.precision[1:]))


# --------------------------------------------------------------------------
# costs
# --------------------------------------------------------------------------
def bayes_threshold(cost: Any) -> float:
    r"""Threshold on calibrated probabilities that minimises expected cost.

    ``cost[i, j]`` is the cost of deciding j when the truth is i. Deciding
    1 at probability :math:`p = P(Y = 1 \mid x)` costs
    :math:`p\,c_{11} + (1-p)\,c_{01}` in expectation, deciding 0 costs
    :math:`p\,c_{10} + (1-p)\,c_{00}`; deciding 1 is cheaper exactly when
    :math:`p \ge t^\star` with

    .. math::

        t^\star = \frac{c_{01} - c_{00}}{(c_{01} - c_{00}) + (c_{10} - c_{11})}
        \;=\; \frac{c_{FP}}{c_{FP} + c_{FN}} \quad
        (c_{00} = c_{11} = 0).

    Parameters
    ----------
    cost : array_like, shape (2, 2)
        With ``cost[0, 1] > cost[0, 0]`` and ``cost[1, 0] > cost[1, 1]``.

    Returns
    -------
    float in (0, 1)

    Examples
    --------
    >>> bayes_threshold([[0.0, 1.0], [4.0, 0.0]])   # a miss costs 4 x
    0.2
    """
    c00, c01, c10, c11 = _cost_matrix(cost)
    # scale by a power of two (exact) so that neither the differences nor
    # their sum can overflow
    _, e = math.frexp(max(abs(c00), abs(c01), abs(c10), abs(c11)))
    c00, c01, c10, c11 = (math.ldexp(c, -e) for c in (c00, c01, c10, c11))
    a, b = c01 - c00, c10 - c11
    return a / (a + b) if a <= b else 1.0 - b / (a + b)


def expected_cost(y_true: Any, scores: Any, thresholds: Any, cost: Any
                  ) -> np.ndarray:
    r"""Average cost per sample of "positive iff score >= t" for each t.

    .. math::

        \widehat C(t) = \frac1n\big[c_{11}\,TP(t) + c_{01}\,FP(t)
        + c_{00}\,TN(t) + c_{10}\,FN(t)\big] .

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Labels 0/1.
    scores : array_like, shape (n,)
    thresholds : array_like, shape (m,)
    cost : array_like, shape (2, 2)
        ``cost[i, j]``: cost of deciding j when the truth is i.

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> C = [[0.0, 1.0], [4.0, 0.0]]
    >>> expected_cost([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], [0.0, 0.5, 1.0], C)
    array([0.5, 1. , 2. ])
    """
    y, s = _scores_pair(y_true, scores)
    t = _real(thresholds, "thresholds", 1)
    c00, c01, c10, c11 = _cost_matrix(cost)
    pos = np.sort(s[y == 1])
    neg = np.sort(s[y == 0])
    # counts with score >= t: everything from the first index >= t
    tp = pos.size - np.searchsorted(pos, t, side="left")     # (m,)
    fp = neg.size - np.searchsorted(neg, t, side="left")
    fn, tn = pos.size - tp, neg.size - fp
    n = s.size
    # divide each count by n first so that huge costs cannot overflow a sum
    with np.errstate(over="ignore", invalid="ignore"):
        out = (c11 * (tp / n) + c01 * (fp / n) + c00 * (tn / n)
               + c10 * (fn / n))
    if not np.all(np.isfinite(out)):
        raise ValueError("cost is outside the supported range: the expected "
                         "cost overflows float64")
    return out


class CostCurves(NamedTuple):
    """Expected cost against threshold for several cost matrices.

    ``costs[k, j]`` is the average cost of "positive iff score >=
    thresholds[j]" under ``cost_matrices[k]``; ``bayes[k]`` is that
    matrix's Bayes threshold and ``best[k]`` the grid threshold with the
    smallest empirical cost (the first one, if several tie).
    """

    thresholds: np.ndarray     # (m,)
    costs: np.ndarray          # (k, m)
    bayes: np.ndarray          # (k,)
    best: np.ndarray           # (k,)
    cost_matrices: np.ndarray  # (k, 2, 2)


def cost_curves(y_true: Any, scores: Any, costs: Any, thresholds: Any
                ) -> CostCurves:
    r"""Empirical expected-cost curves and their minima, one per cost matrix.

    For each cost matrix :math:`C_k`, evaluates :func:`expected_cost` on
    the threshold grid, finds its minimiser on the grid and records the
    Bayes threshold :func:`bayes_threshold` it should be compared with
    (when ``scores`` are calibrated probabilities).

    Parameters
    ----------
    y_true : array_like, shape (n,)
    scores : array_like, shape (n,)
    costs : array_like, shape (k, 2, 2)
        Cost matrices, ``costs[k][i, j]`` = cost of deciding j when the
        truth is i.
    thresholds : array_like, shape (m,)
        Increasing threshold grid.

    Returns
    -------
    CostCurves

    Examples
    --------
    >>> cc = cost_curves([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8],
    ...                  [[[0, 1], [1, 0]], [[0, 1], [4, 0]]],
    ...                  np.linspace(0, 1, 11))
    >>> cc.costs.shape, cc.bayes.tolist()
    ((2, 11), [0.5, 0.2])
    """
    y, s = _scores_pair(y_true, scores)
    c = _real(costs, "costs", 3)
    if c.shape[1:] != (2, 2) or c.shape[0] > 1000:
        raise ValueError(f"costs must have shape (k, 2, 2) with k <= 1000, "
                         f"got shape {c.shape}")
    t = _real(thresholds, "thresholds", 1)
    if t.size > 10**6 or np.any(t[1:] <= t[:-1]):
        raise ValueError("thresholds must increase strictly (at most 10**6 "
                         f"of them), got shape {t.shape}")
    curves = np.empty((c.shape[0], t.size))
    bayes = np.empty(c.shape[0])
    for k in range(c.shape[0]):
        try:
            curves[k] = expected_cost(y, s, t, c[k])
            bayes[k] = bayes_threshold(c[k])
        except ValueError as exc:
            raise ValueError(f"costs[{k}]: {exc}") from exc
    return CostCurves(thresholds=t, costs=curves, bayes=bayes,
                      best=t[np.argmin(curves, axis=1)], cost_matrices=c)


def threshold_tolerance(probs: Any, cost: Any, *, z: float = 4.0,
                        window: float = 0.02, grid_step: float = 0.0
                        ) -> float:
    r"""How far the empirical cost minimiser may stray from the threshold t*.

    For calibrated probabilities :math:`p_i` with density :math:`f` near
    :math:`t^\star` (:func:`bayes_threshold`), moving the threshold from
    :math:`t^\star` to :math:`t^\star + \delta` raises the expected cost by
    about :math:`\tfrac12 (a + b) f \delta^2` (:math:`a = c_{01} - c_{00}`,
    :math:`b = c_{10} - c_{11}`), while the sample noise in that change has
    standard deviation about :math:`\sqrt{a b f \delta / n}`. The empirical
    minimiser can therefore sit at :math:`\delta` only where the rise is
    within ``z`` noise standard deviations:

    .. math::

        \lvert \hat t - t^\star\rvert \le
        \Big(\frac{2 z \sqrt{ab}}{(a + b)\sqrt{n f}}\Big)^{2/3}
        + h,

    with h the spacing of the threshold grid. This is a heuristic with the
    right cube-root scale :math:`n^{-1/3}` of such argmin problems; the
    density :math:`f` is estimated from ``probs`` as the fraction within
    ``window`` of :math:`t^\star` divided by the window's width.

    Parameters
    ----------
    probs : array_like, shape (n,)
        Calibrated probabilities of class 1, in [0, 1].
    cost : array_like, shape (2, 2)
    z : float, default 4
        Number of noise standard deviations allowed (> 0).
    window : float, default 0.02
        Half-width of the density window, in (0, 0.5].
    grid_step : float, default 0
        Spacing of the threshold grid the minimum is searched on (>= 0).

    Returns
    -------
    float

    Examples
    --------
    >>> p = np.linspace(0.0, 1.0, 10_001)      # density 1 everywhere
    >>> round(threshold_tolerance(p, [[0, 1], [1, 0]]), 4)
    0.1169
    """
    p = _real(probs, "probs", 1)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("probs must lie in [0, 1], got values from "
                         f"{p.min()!r} to {p.max()!r}")
    c00, c01, c10, c11 = _cost_matrix(cost)
    z = check_finite_scalar(z, "z", positive=True)
    window = check_finite_scalar(window, "window", positive=True)
    if window > 0.5:
        raise ValueError(f"window must be <= 0.5, got {window!r}")
    h = check_finite_scalar(grid_step, "grid_step")
    if h < 0:
        raise ValueError(f"grid_step must be >= 0, got {grid_step!r}")
    t_star = bayes_threshold(cost)
    lo, hi = max(t_star - window, 0.0), min(t_star + window, 1.0)
    if not hi > lo:
        raise ValueError(f"window={window!r} is too small: no interval "
                         "around the Bayes threshold is left to measure the "
                         "density of probs in")
    inside = int(np.sum((p >= lo) & (p <= hi)))
    if inside == 0:
        raise ValueError(f"probs has no values within window={window!r} of "
                         f"the Bayes threshold {t_star:.4g}: the density "
                         "there cannot be estimated")
    f = inside / (p.size * (hi - lo))            # may be inf: then delta = 0
    m = max(abs(c00), abs(c01), abs(c10), abs(c11))
    a, b = c01 / m - c00 / m, c10 / m - c11 / m     # scale-free ratio
    base = 2.0 * z * math.sqrt(a * b) / ((a + b) * math.sqrt(p.size * f))
    try:
        out = base ** (2.0 / 3.0) + h
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise ValueError(f"z={z!r} or grid_step={h!r} is outside the "
                         "supported range: the tolerance overflows")
    return out


# --------------------------------------------------------------------------
# sampling error of a metric
# --------------------------------------------------------------------------
class MetricEstimate(NamedTuple):
    """A metric on the sample and its bootstrap standard error."""

    estimate: float
    se: float
    n_boot: int


def bootstrap_metric(metric: Any, y_true: Any, scores: Any, *,
                     n_boot: int = 200,
                     rng: np.random.Generator) -> MetricEstimate:
    r"""A metric of (labels, scores) with its bootstrap standard error.

    Resample the n pairs :math:`(y_i, s_i)` with replacement ``n_boot``
    times, recompute the metric on each resample and report the standard
    deviation of the replicates (Efron & Tibshirani 1993):

    .. math::

        \widehat{\mathrm{se}} = \Big(\frac{1}{B-1}\sum_{b=1}^B
        (\hat\theta^{*b} - \bar\theta^*)^2\Big)^{1/2} .

    Test-set metrics (AUC, AP, ECE, accuracy) are estimates from a sample;
    this says how much they would move on another test set of the same
    size. Resamples that miss a class are redrawn.

    Parameters
    ----------
    metric : callable
        ``metric(y_true, scores) -> float``, e.g. :func:`roc_auc`.
    y_true : array_like, shape (n,)
        Labels 0/1, both present.
    scores : array_like, shape (n,)
    n_boot : int, default 200
        Number of resamples, 2 to 100,000.
    rng : numpy.random.Generator

    Returns
    -------
    MetricEstimate

    Examples
    --------
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1]
    >>> s = [0.1, 0.3, 0.7, 0.8, 0.4, 0.35, 0.2, 0.9]
    >>> est = bootstrap_metric(roc_auc, y, s, rng=np.random.default_rng(0))
    >>> est.estimate, 0.0 < est.se < 0.2
    (0.9375, True)
    """
    if not callable(metric):
        raise InputTypeError(f"metric must be callable, got "
                             f"{type(metric).__name__}")
    y, s = _scores_pair(y_true, scores)
    _need_both(y)
    n_boot = check_positive_int(n_boot, "n_boot", minimum=2,
                                maximum=100_000)
    rng = check_rng(rng)
    if y.size * n_boot > 2**27:
        raise ValueError(f"n_boot={n_boot} resamples of {y.size} pairs are "
                         "more than the supported 2**27 draws")

    def call(yy: np.ndarray, ss: np.ndarray) -> float:
        try:
            out = metric(yy, ss)
            val = float(out)
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ValueError(f"metric failed on the data: {exc}") from exc
        if not math.isfinite(val):
            raise ValueError(f"metric must return a finite number, got "
                             f"{out!r}")
        return val

    est = call(y, s)
    reps = np.empty(n_boot)
    n = y.size
    for b in range(n_boot):
        for _ in range(100):
            idx = rng.integers(0, n, n)                      # (n,)
            yb = y[idx]
            if 0 < yb.sum() < n:
                break
        else:
            raise ValueError("y_true has too few samples of one class: "
                             "resamples keep missing it")
        reps[b] = call(yb, s[idx])
    return MetricEstimate(estimate=est, se=float(np.std(reps, ddof=1)),
                          n_boot=n_boot)
