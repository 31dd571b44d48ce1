r"""Linear regression end to end: design, standardisation, OLS, ridge, lasso,
diagnostics and validation.

This module assembles whole models from the book's earlier tools instead of
re-deriving them. Least squares is Householder QR from
:mod:`execmath.linalg`; ridge is the SVD with filter factors of
:mod:`execmath.learning`; splits and folds come from
:mod:`execmath.learning` as well. What is new here:

* a :class:`Standardizer` fitted on the *training* rows only and applied
  unchanged to any other rows;
* an intercept that is never penalised (the data are centred with the
  training means, the penalised problem is solved on the centred data, and
  the intercept is recovered afterwards);
* the lasso by cyclic coordinate descent with soft-thresholding, its
  duality-gap certificate, a warm-started path from
  :math:`\lambda_{\max}` down, and the exact piecewise-linear path
  (homotopy) for comparison;
* leverage (the hat-matrix diagonal, from the thin :math:`Q` of a QR) and
  internally studentised residuals;
* repeated-split validation curves and two simulation studies.

Objective conventions (they match scikit-learn, the tests' oracle):

.. math::

    \text{ridge: } \|y - b\mathbf 1 - Xw\|_2^2 + \lambda\|w\|_2^2,
    \qquad
    \text{lasso: } \frac{1}{2n}\|y - b\mathbf 1 - Xw\|_2^2
    + \lambda\|w\|_1 ,

``Ridge(alpha=lam)`` and ``Lasso(alpha=lam)`` with ``fit_intercept=True``.

Scale. Inputs are rescaled by powers of two (exact) before any
factorisation, so results are right for entries of size 1e-300 as for
entries of size 1; a result that itself leaves the float64 range is
refused with a ValueError.

Examples
--------
>>> import numpy as np
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> m = fit_ols(X, [1.0, 3.0, 5.0, 7.0])
>>> round(m.intercept, 12), m.coef.round(12).tolist()
(1.0, [2.0])
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath import learning, linalg, stats
from execmath._validate import (
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    check_rng,
    norm2,
    pow2_scale,
)

__all__ = [
    "CoefficientDraws",
    "HeldoutStudy",
    "LassoFit",
    "LassoKinks",
    "LassoPath",
    "LinearModel",
    "OLSDiagnostics",
    "RegressionData",
    "RidgePath",
    "Standardizer",
    "ValidationCurve",
    "add_intercept",
    "apply_standardizer",
    "coef_covariance",
    "coefficient_draws",
    "correlated_regression",
    "fit_lasso",
    "fit_ols",
    "fit_ridge",
    "fit_standardizer",
    "heldout_leverage_study",
    "lasso_kinks",
    "lasso_lambda_max",
    "lasso_leakage_study",
    "lasso_path",
    "leverage",
    "ols_diagnostics",
    "predict",
    "ridge_dof",
    "ridge_path",
    "soft_threshold",
    "validation_curve",
]

_EPS = float(np.finfo(np.float64).eps)
_MAX_SWEEPS = 10**6
_MAX_REPS = 10**6
_MAX_N = 10**7


# ---------------------------------------------------------------- records
class Standardizer(NamedTuple):
    r"""Column means and scales fitted on training rows:
    :math:`z_{ij} = (x_{ij} - m_j)/s_j`."""

    mean: np.ndarray              # (p,)
    scale: np.ndarray             # (p,), > 0


class LinearModel(NamedTuple):
    r"""A fitted linear predictor :math:`\hat y = b + x^\top w`."""

    intercept: float
    coef: np.ndarray              # (p,)


class OLSDiagnostics(NamedTuple):
    r"""Fitted values, residuals :math:`e = y - \hat y`, leverages
    :math:`h_{ii}`, internally studentised residuals
    :math:`e_i / (\hat\sigma\sqrt{1 - h_{ii}})` and :math:`\hat\sigma`."""

    fitted: np.ndarray            # (n,)
    residuals: np.ndarray         # (n,)
    leverage: np.ndarray          # (n,)
    studentized: np.ndarray       # (n,)
    sigma: float


class RidgePath(NamedTuple):
    r"""Ridge fits (unpenalised intercept) along ``lams``; ``dof`` counts
    the intercept, :math:`1 + \operatorname{df}(\lambda)`."""

    lams: np.ndarray              # (L,)
    intercept: np.ndarray         # (L,)
    coef: np.ndarray              # (L, p)
    dof: np.ndarray               # (L,)


class LassoFit(NamedTuple):
    r"""A lasso fit by coordinate descent. ``gap`` is the duality gap
    relative to the objective at :math:`w = 0`; ``converged`` says whether
    the stopping rule was met within ``max_sweeps``."""

    intercept: float
    coef: np.ndarray              # (p,)
    gap: float
    n_sweeps: int
    converged: bool


class LassoPath(NamedTuple):
    r"""Lasso fits along a decreasing grid ``lams``, each warm-started
    from the previous one."""

    lams: np.ndarray              # (L,) decreasing
    intercept: np.ndarray         # (L,)
    coef: np.ndarray              # (L, p)
    gap: np.ndarray               # (L,) relative duality gaps
    n_sweeps: np.ndarray          # (L,) int64
    converged: np.ndarray         # (L,) bool


class LassoKinks(NamedTuple):
    r"""The exact lasso path at its kinks (homotopy): between consecutive
    entries the coefficients are affine in :math:`\lambda`."""

    lams: np.ndarray              # (K,) decreasing, lams[0] = lambda_max
    intercept: np.ndarray         # (K,)
    coef: np.ndarray              # (K, p)


class ValidationCurve(NamedTuple):
    r"""Training and validation MSE for each random split (rows) and each
    :math:`\lambda` (columns)."""

    lams: np.ndarray              # (L,)
    train_mse: np.ndarray         # (R, L)
    val_mse: np.ndarray           # (R, L)

    @property
    def train_mean(self) -> np.ndarray:
        """Mean training MSE over splits, shape (L,)."""
        return self.train_mse.mean(axis=0)

    @property
    def val_mean(self) -> np.ndarray:
        """Mean validation MSE over splits, shape (L,)."""
        return self.val_mse.mean(axis=0)

    @property
    def train_se(self) -> np.ndarray:
        """Standard error of :attr:`train_mean` over the splits."""
        return _se(self.train_mse)

    @property
    def val_se(self) -> np.ndarray:
        """Standard error of :attr:`val_mean` over the splits."""
        return _se(self.val_mse)

    @property
    def best(self) -> int:
        """Index of the smallest mean validation MSE."""
        return int(np.argmin(self.val_mean))


class RegressionData(NamedTuple):
    """A design ``X`` and responses ``y`` from a known linear model."""

    X: np.ndarray                 # (n, p)
    y: np.ndarray                 # (n,)


class CoefficientDraws(NamedTuple):
    """OLS and ridge slope coefficients refitted on fresh noise, one row
    per draw, for a fixed design."""

    ols: np.ndarray               # (R, p)
    ridge: np.ndarray             # (R, p)


class HeldoutStudy(NamedTuple):
    r"""Held-out squared error of OLS and ridge by leverage bin, averaged
    over training-noise redraws (fixed design). ``theory_ols`` is the exact
    OLS expectation :math:`\sigma^2 (1 + h(x_0))` averaged over the bin."""

    edges: np.ndarray             # (B + 1,) leverage bin edges (quantiles)
    leverage: np.ndarray          # (m,) OLS leverage h(x0) of each new row
    mse_ols: np.ndarray           # (B,)
    mse_ridge: np.ndarray         # (B,)
    se_ols: np.ndarray            # (B,)
    se_ridge: np.ndarray          # (B,)
    se_diff: np.ndarray           # (B,) s.e. of mse_ols - mse_ridge (paired)
    theory_ols: np.ndarray        # (B,)
    noise_var: float


def _se(a: np.ndarray) -> np.ndarray:
    r"""Standard error :math:`s/\sqrt R` along axis 0 (0 for one row)."""
    if a.shape[0] < 2:
        return np.zeros(a.shape[1:])
    return a.std(axis=0, ddof=1) / math.sqrt(a.shape[0])


# ------------------------------------------------------------ validation
def _matrix(X: Any, name: str = "X") -> np.ndarray:
    return as_float_array(X, name, ndim=2)


def _vector(y: Any, name: str = "y") -> np.ndarray:
    return as_float_array(y, name, ndim=1)


def _xy(X: Any, y: Any, min_rows: int = 2) -> tuple[np.ndarray, np.ndarray]:
    X = _matrix(X)
    y = _vector(y)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have {X.shape[0]} entries to match X "
                         f"{X.shape}, got shape {y.shape}")
    if X.shape[0] < min_rows:
        raise ValueError(f"X must have at least {min_rows} rows, got shape "
                         f"{X.shape}")
    return X, y


def _lam(lam: Any, name: str = "lam", *, positive: bool = False) -> float:
    value = check_finite_scalar(lam, name)
    if value < 0 or (positive and value == 0):
        rel = ">" if positive else ">="
        raise ValueError(f"{name} must be {rel} 0, got {lam!r}")
    return value


def _lams(lams: Any, name: str = "lams", *, positive: bool = False
          ) -> np.ndarray:
    arr = _vector(lams, name)
    if np.any(arr < 0) or (positive and np.any(arr == 0)):
        rel = ">" if positive else ">="
        raise ValueError(f"{name} must be {rel} 0, got min {arr.min()!r}")
    return arr


def _tol(tol: Any) -> float:
    value = check_finite_scalar(tol, "tol")
    if not 0.0 < value < 1.0:
        raise ValueError(f"tol must lie in (0, 1), got {tol!r}")
    return value


def _finite(arr: np.ndarray, what: str) -> np.ndarray:
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} are outside the supported range: the "
                         "result overflows float64")
    return arr


# ------------------------------------------------------- scale and centre
def _center(X: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Column-centred copy of ``X`` (n, p) and the column means, computed
    on a per-column power-of-two rescaling so that neither overflows."""
    xs, e = pow2_scale(X, axis=0)                            # (n, p), (1, p)
    m_s = xs.mean(axis=0, keepdims=True)                     # (1, p)
    with np.errstate(over="ignore"):
        xc = np.ldexp(xs - m_s, e)                           # (n, p)
    if not np.all(np.isfinite(xc)):
        raise ValueError(f"{name} is outside the supported range: its "
                         "centred values overflow float64")
    return xc, np.ldexp(m_s, e)[0]


def _center_vec(y: np.ndarray, name: str) -> tuple[np.ndarray, float]:
    yc, m = _center(y[:, None], name)
    return yc[:, 0], float(m[0])


def _scaled_centred(X: np.ndarray, y: np.ndarray):
    """Centred ``X`` and ``y`` divided by powers of two ``2**a``, ``2**b``
    (exact), plus the means: the working problem of the penalised fits."""
    xc, mx = _center(X, "X")
    yc, my = _center_vec(y, "y")
    xs, a = pow2_scale(xc)
    ys, b = pow2_scale(yc)
    return xs, ys, int(a), int(b), mx, my


def _intercept(my: float, mx: np.ndarray, w: np.ndarray) -> float:
    """:math:`b = \\bar y - \\bar x^\\top w`, refusing overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        b = my - float(mx @ w)
    if not math.isfinite(b):
        raise ValueError("X and y are outside the supported range: the "
                         "intercept overflows float64")
    return b


# --------------------------------------------------------- data generator
def correlated_regression(n: int, coef: Any, *, rho: float, noise_sd: float,
                          rng: np.random.Generator, intercept: float = 0.0
                          ) -> RegressionData:
    r"""Draw a regression data set with correlated Gaussian features.

    .. math::

        x_i \sim \mathcal N(0, \Sigma),\quad \Sigma_{jk} = \rho^{|j-k|},
        \qquad y_i = b + x_i^\top w + \varepsilon_i,\quad
        \varepsilon_i \sim \mathcal N(0, \sigma^2)

    Neighbouring features have correlation :math:`\rho`; the rows are drawn
    with :func:`execmath.stats.mvn_sample` (a Cholesky factor of
    :math:`\Sigma`).

    Parameters
    ----------
    n : int, >= 2
    coef : array_like, shape (p,)
        The true slopes :math:`w`.
    rho : float in (-1, 1)
    noise_sd : float, >= 0
    rng : numpy.random.Generator
    intercept : float

    Returns
    -------
    RegressionData

    Examples
    --------
    >>> d = correlated_regression(5, [1.0, 0.0], rho=0.5, noise_sd=0.1,
    ...                           rng=np.random.default_rng(0))
    >>> d.X.shape, d.y.shape
    ((5, 2), (5,))
    """
    n = check_positive_int(n, "n", minimum=2, maximum=_MAX_N)
    w = _vector(coef, "coef")
    rho = check_finite_scalar(rho, "rho")
    if not -1.0 < rho < 1.0:
        raise ValueError(f"rho must lie in (-1, 1), got {rho!r}")
    noise_sd = check_finite_scalar(noise_sd, "noise_sd")
    if noise_sd < 0:
        raise ValueError(f"noise_sd must be >= 0, got {noise_sd!r}")
    rng = check_rng(rng)
    b = check_finite_scalar(intercept, "intercept")
    p = w.size
    check_result_size(n * p, "n and coef")
    lag = np.abs(np.subtract.outer(np.arange(p), np.arange(p)))   # (p, p)
    cov = rho ** lag.astype(float)                                 # (p, p)
    X = stats.mvn_sample(np.zeros(p), cov, n, rng)                 # (n, p)
    with np.errstate(over="ignore", invalid="ignore"):
        y = b + X @ w + noise_sd * rng.standard_normal(n)          # (n,)
    _finite(y, "coef, intercept and noise_sd")
    return RegressionData(X=X, y=y)


# --------------------------------------------------------- standardising
def fit_standardizer(X: Any) -> Standardizer:
    r"""Column means and standard deviations of the *training* rows.

    .. math::

        m_j = \frac1n \sum_i x_{ij}, \qquad
        s_j = \Big(\frac1n \sum_i (x_{ij} - m_j)^2\Big)^{1/2}

    (divisor :math:`n`, as scikit-learn's ``StandardScaler``). Fit it on
    the training split and apply it, unchanged, to validation and test
    rows: refitting on those rows lets them influence the model (leakage).
    A column that is constant on the training rows (to working precision)
    cannot be standardised and is refused.

    Parameters
    ----------
    X : array_like, shape (n, p), n >= 2

    Returns
    -------
    Standardizer

    Examples
    --------
    >>> s = fit_standardizer([[1.0, 10.0], [3.0, 30.0]])
    >>> s.mean.tolist(), s.scale.tolist()
    ([2.0, 20.0], [1.0, 10.0])
    """
    X = _matrix(X)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X must have at least 2 rows to estimate a scale, "
                         f"got shape {X.shape}")
    xs, e = pow2_scale(X, axis=0)                        # (n, p), (1, p)
    m_s = xs.mean(axis=0)                                # (p,)
    sd_s = np.sqrt(np.mean((xs - m_s) ** 2, axis=0))     # (p,), max|xs| < 1
    # a constant column leaves only the rounding error of its mean, of
    # order n * eps relative to its size (which is 1/2..1 after scaling)
    flat = np.flatnonzero(sd_s <= n * _EPS)
    if flat.size:
        raise ValueError(
            f"X column {int(flat[0])} has zero variance on these rows "
            f"(constant to working precision; {flat.size} such column(s)): "
            "drop it before standardising")
    mean = np.ldexp(m_s, e[0])
    scale = np.ldexp(sd_s, e[0])
    if np.any(scale == 0.0):                             # lost to underflow
        raise ValueError("X is outside the supported range: a column scale "
                         "underflows float64")
    return Standardizer(mean=mean, scale=scale)


def _check_standardizer(s: Any, p: int | None = None) -> Standardizer:
    if not isinstance(s, Standardizer):
        raise TypeError(f"standardizer must be a Standardizer (from "
                        f"fit_standardizer), got {type(s).__name__}")
    mean = as_float_array(s.mean, "standardizer", ndim=1)
    scale = as_float_array(s.scale, "standardizer", ndim=1)
    if mean.shape != scale.shape or np.any(scale <= 0):
        raise ValueError("standardizer must have mean and scale of equal "
                         "length and scale > 0")
    if p is not None and mean.size != p:
        raise ValueError(f"standardizer was fitted on {mean.size} columns, "
                         f"X has {p}")
    return Standardizer(mean, scale)


def apply_standardizer(standardizer: Standardizer, X: Any) -> np.ndarray:
    r"""Standardise rows with a fitted :class:`Standardizer`:
    :math:`z_{ij} = (x_{ij} - m_j)/s_j`.

    Parameters
    ----------
    standardizer : Standardizer
        From :func:`fit_standardizer` on the training rows.
    X : array_like, shape (n, p)

    Returns
    -------
    numpy.ndarray, shape (n, p)

    Examples
    --------
    >>> s = fit_standardizer([[1.0, 10.0], [3.0, 30.0]])
    >>> apply_standardizer(s, [[2.0, 50.0]]).tolist()
    [[0.0, 3.0]]
    """
    X = _matrix(X)
    s = _check_standardizer(standardizer, X.shape[1])
    _, k = np.frexp(s.scale)                              # scale = f 2**k
    with np.errstate(over="ignore", invalid="ignore"):
        z = (np.ldexp(X, -k) - np.ldexp(s.mean, -k)) / np.ldexp(s.scale, -k)
    if not np.all(np.isfinite(z)):
        raise ValueError("X is outside the supported range for this "
                         "standardizer: the standardised values overflow")
    return z


def add_intercept(X: Any) -> np.ndarray:
    r"""The design matrix :math:`[\mathbf 1 \mid X]` of a model with an
    intercept.

    Parameters
    ----------
    X : array_like, shape (n, p)

    Returns
    -------
    numpy.ndarray, shape (n, p + 1)

    Examples
    --------
    >>> add_intercept([[2.0], [3.0]]).tolist()
    [[1.0, 2.0], [1.0, 3.0]]
    """
    X = _matrix(X)
    check_result_size(X.shape[0] * (X.shape[1] + 1), "X")
    return np.column_stack([np.ones(X.shape[0]), X])


def predict(model: Any, X: Any) -> np.ndarray:
    r"""Predictions :math:`\hat y = b + Xw` of a fitted model.

    Parameters
    ----------
    model : LinearModel or LassoFit
    X : array_like, shape (n, p)

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> predict(LinearModel(1.0, np.array([2.0])), [[0.0], [1.5]]).tolist()
    [1.0, 4.0]
    """
    if not isinstance(model, (LinearModel, LassoFit)):
        raise TypeError(f"model must be a LinearModel or LassoFit, got "
                        f"{type(model).__name__}")
    b = check_finite_scalar(model.intercept, "model")
    w = as_float_array(model.coef, "model", ndim=1)
    X = _matrix(X)
    if X.shape[1] != w.size:
        raise ValueError(f"X must have {w.size} columns to match model, got "
                         f"shape {X.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        out = b + X @ w                                           # (n,)
    return _finite(out, "model and X")


# -------------------------------------------------------------------- OLS
def _equilibrated_qr(X: np.ndarray):
    """Householder QR of ``[1 | X] D`` with ``D`` a power-of-two column
    scaling (exact; it changes neither the column space nor the fit), and
    ``D``'s exponents. Refuses a rank-deficient design."""
    n, p = X.shape
    if n < p + 1:
        raise ValueError(f"X must have more rows than columns (n >= p + 1 "
                         f"with the intercept), got shape {X.shape}")
    check_result_size(n * (p + 1), "X")
    design = np.column_stack([np.ones(n), X])                 # (n, p + 1)
    ds, e = pow2_scale(design, axis=0)                        # per column
    q, r = linalg.householder_qr(ds)                          # (n, p+1), (p+1,)*2
    d = np.abs(np.diag(r))
    tol = max(n, p + 1) * _EPS * float(d.max())
    bad = np.flatnonzero(d <= tol)
    if bad.size:
        what = "the intercept" if bad[0] == 0 else f"column {bad[0] - 1}"
        raise ValueError(
            f"X must have full column rank together with the intercept "
            f"column, got shape {X.shape}: {what} is (numerically) a "
            "combination of the others")
    return q, r, e[0]


def fit_ols(X: Any, y: Any, *, method: str = "qr") -> LinearModel:
    r"""Ordinary least squares with an intercept.

    .. math::

        (\hat b, \hat w) = \argmin_{b, w} \|y - b\mathbf 1 - Xw\|_2

    ``method="qr"`` factors the design :math:`[\mathbf 1 \mid X] = QR`
    (Householder, :func:`execmath.linalg.householder_qr`) and solves
    :math:`R\hat\beta = Q^\top y`; it needs full column rank.
    ``method="svd"`` centres :math:`X` and :math:`y` and takes the
    minimum-norm solution from the SVD (:func:`execmath.learning.ridge_svd`
    at :math:`\lambda = 0`): it is :func:`fit_ridge` at ``lam=0`` and also
    works for rank-deficient designs.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    method : {"qr", "svd"}

    Returns
    -------
    LinearModel

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = 1.0 + X @ [2.0, -1.0]
    >>> m = fit_ols(X, y)
    >>> round(m.intercept, 10), m.coef.round(10).tolist()
    (1.0, [2.0, -1.0])
    >>> np.allclose(fit_ols(X, y, method="svd").coef, m.coef)
    True
    """
    X, y = _xy(X, y)
    check_choice(method, "method", ("qr", "svd"))
    if method == "svd":
        return fit_ridge(X, y, 0.0)
    q, r, e = _equilibrated_qr(X)
    ys, ey = pow2_scale(y)
    beta = linalg.back_substitution(r, q.T @ ys)              # (p + 1,)
    with np.errstate(over="ignore"):
        beta = np.ldexp(beta, int(ey) - e)                    # undo D and y
    _finite(beta, "X and y")
    return LinearModel(intercept=float(beta[0]), coef=beta[1:])


# ------------------------------------------------------------------ ridge
def fit_ridge(X: Any, y: Any, lam: float) -> LinearModel:
    r"""Ridge regression with an unpenalised intercept.

    .. math::

        (\hat b, \hat w_\lambda) = \argmin_{b, w}
        \|y - b\mathbf 1 - Xw\|_2^2 + \lambda \|w\|_2^2 ,
        \qquad \hat b = \bar y - \bar x^\top \hat w_\lambda

    Minimising over :math:`b` first centres the problem: :math:`\hat
    w_\lambda` is the ridge solution for the centred :math:`X_c, y_c`,
    computed by :func:`execmath.learning.ridge_svd` (filter factors, no
    inverse). This is scikit-learn's ``Ridge(alpha=lam,
    fit_intercept=True)``.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lam : float, >= 0

    Returns
    -------
    LinearModel

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0]])
    >>> m = fit_ridge(X, [1.0, 2.0, 3.0], 2.0)
    >>> m.intercept, m.coef.round(12).tolist()
    (2.0, [0.5])
    """
    X, y = _xy(X, y)
    lam = _lam(lam)
    xc, mx = _center(X, "X")
    yc, my = _center_vec(y, "y")
    w = learning.ridge_svd(xc, yc, lam)                        # (p,)
    return LinearModel(intercept=_intercept(my, mx, w), coef=w)


def ridge_dof(X: Any, lam: Any) -> float | np.ndarray:
    r"""Effective degrees of freedom of ridge with an unpenalised intercept.

    .. math::

        \operatorname{tr} H_\lambda = 1 + \sum_k
        \frac{\sigma_k^2}{\sigma_k^2 + \lambda}

    where :math:`\sigma_k` are the singular values of the centred
    :math:`X_c` and the 1 counts the intercept
    (:func:`execmath.learning.ridge_effective_dof` on :math:`X_c`).

    Parameters
    ----------
    X : array_like, shape (n, p)
    lam : float or array_like, shape (L,), >= 0

    Returns
    -------
    float or numpy.ndarray of shape (L,)

    Examples
    --------
    >>> ridge_dof([[-1.0], [0.0], [1.0]], [0.0, 2.0])
    array([2. , 1.5])
    """
    X = _matrix(X)
    arr = as_float_array(lam, "lam", ndim=(0, 1))
    if np.any(arr < 0):
        raise ValueError(f"lam must be >= 0, got min {arr.min()!r}")
    xc, _ = _center(X, "X")
    return 1.0 + learning.ridge_effective_dof(xc, arr if arr.ndim else
                                              float(arr))


def ridge_path(X: Any, y: Any, lams: Any) -> RidgePath:
    r"""Ridge fits with an unpenalised intercept for every :math:`\lambda`
    in ``lams``, all from one SVD of the centred design
    (:func:`execmath.learning.ridge_svd`).

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lams : array_like, shape (L,), >= 0

    Returns
    -------
    RidgePath

    Examples
    --------
    >>> path = ridge_path([[-1.0], [0.0], [1.0]], [1.0, 2.0, 3.0], [0.0, 2.0])
    >>> path.coef[:, 0].round(12).tolist(), path.dof.tolist()
    ([1.0, 0.5], [2.0, 1.5])
    """
    X, y = _xy(X, y)
    lam = _lams(lams)
    check_result_size(lam.size * X.shape[1], "lams and X")
    xc, mx = _center(X, "X")
    yc, my = _center_vec(y, "y")
    coef = learning.ridge_svd(xc, yc, lam)                      # (L, p)
    with np.errstate(over="ignore", invalid="ignore"):
        intercept = my - coef @ mx                              # (L,)
    _finite(intercept, "X and y")
    return RidgePath(lams=lam, intercept=intercept, coef=coef,
                     dof=1.0 + learning.ridge_effective_dof(xc, lam))


# ------------------------------------------------------------- leverage
def leverage(X: Any, lam: float = 0.0, *, X_new: Any = None) -> np.ndarray:
    r"""Leverages: the diagonal of the hat matrix of a model with intercept.

    For OLS (``lam = 0``), with :math:`[\mathbf 1 \mid X] = QR` (thin
    Householder QR),

    .. math::

        H = Q Q^\top, \qquad h_{ii} = \|q_{i,:}\|_2^2 \in [1/n, 1],
        \qquad \sum_i h_{ii} = p + 1 ,

    read off the rows of :math:`Q` without forming :math:`H` or any
    inverse. For ridge (``lam > 0``), from the thin SVD
    :math:`X_c = U\Sigma V^\top` of the centred design,

    .. math::

        h_{ii}(\lambda) = \frac1n + \sum_k
        \frac{\sigma_k^2}{\sigma_k^2+\lambda}\, u_{ik}^2 \le h_{ii}(0),

    the diagonal of :math:`H_\lambda`, whose trace is :func:`ridge_dof`.
    :math:`h_{ii} = \partial \hat y_i / \partial y_i` is the weight of an
    observation in its own fitted value.

    With ``X_new``, the same quantity for new rows :math:`x_0` measured
    against the training design ``X``: :math:`u_{0k} = (x_0 - \bar
    x)^\top v_k/\sigma_k` in place of :math:`u_{ik}`, so that for OLS
    :math:`h(x_0) = \frac1n + (x_0 - \bar x)^\top (X_c^\top
    X_c)^{-1}(x_0 - \bar x)` and :math:`\Var \hat y(x_0) = \sigma^2
    h(x_0)`.

    Parameters
    ----------
    X : array_like, shape (n, p); for ``lam = 0`` n >= p + 1 and full
        column rank with the intercept column
    lam : float, >= 0
    X_new : array_like, shape (m, p), optional

    Returns
    -------
    numpy.ndarray, shape (n,), or (m,) with ``X_new``

    Examples
    --------
    >>> h = leverage([[0.0], [1.0], [2.0], [10.0]])
    >>> h.round(4).tolist(), round(float(h.sum()), 12)
    ([0.4183, 0.3307, 0.2749, 0.9761], 2.0)
    >>> leverage([[0.0], [1.0], [2.0], [10.0]], X_new=[[10.0]]).round(4)
    array([0.9761])
    """
    X = _matrix(X)
    lam = _lam(lam)
    n, p = X.shape
    if n < 2:
        raise ValueError(f"X must have at least 2 rows, got shape {X.shape}")
    if X_new is not None:
        X_new = _matrix(X_new, "X_new")
        if X_new.shape[1] != p:
            raise ValueError(f"X_new must have {p} columns to match X, got "
                             f"shape {X_new.shape}")
        check_result_size(X_new.shape[0] * max(p, 1), "X_new")
    if lam == 0.0 and X_new is None:
        q, _, _ = _equilibrated_qr(X)
        return np.sum(q * q, axis=1)                            # (n,)
    if lam == 0.0:
        _equilibrated_qr(X)                     # refuses a rank-deficient X
    xc, mx = _center(X, "X")
    xs, a = pow2_scale(xc)
    a = int(a)
    u, s, vt = np.linalg.svd(xs, full_matrices=False)           # (n, r), (r,)
    keep = s > s.max(initial=0.0) * max(X.shape) * _EPS
    lam_s = _ldexp_or_inf(lam, -2 * a)                          # λ, scaled
    if math.isinf(lam_s):                                       # λ dominates
        f = np.zeros_like(s)
    else:
        f = np.where(keep, learning.ridge_filter_factors(s, lam_s), 0.0)
    if X_new is None:
        return 1.0 / n + (u * u) @ f                             # (n,)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        d0 = np.ldexp(X_new, -a) - np.ldexp(mx, -a)              # (m, p)
        u0 = np.where(keep, (d0 @ vt.T) / np.where(keep, s, 1.0), 0.0)
        out = 1.0 / n + (u0 * u0) @ f                            # (m,)
    return _finite(out, "X_new (relative to X)")


def ols_diagnostics(X: Any, y: Any) -> OLSDiagnostics:
    r"""Residual diagnostics of an OLS fit with intercept.

    With :math:`p' = p + 1` parameters,

    .. math::

        e = (I - QQ^\top) y, \qquad
        \hat\sigma^2 = \frac{\|e\|_2^2}{n - p'}, \qquad
        r_i = \frac{e_i}{\hat\sigma \sqrt{1 - h_{ii}}} ,

    the internally studentised residuals: under
    :math:`\varepsilon \sim \mathcal N(0, \sigma^2 I)`,
    :math:`\Var e_i = \sigma^2 (1 - h_{ii})`, so dividing by
    :math:`\sqrt{1 - h_{ii}}` puts all residuals on one scale, and
    :math:`\E r_i^2 = 1` exactly. A point with leverage 1 (to within
    :math:`10^{-8}`) has a residual of pure rounding error and is refused.

    Parameters
    ----------
    X : array_like, shape (n, p), n >= p + 2
    y : array_like, shape (n,)

    Returns
    -------
    OLSDiagnostics

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> d = ols_diagnostics(X, [0.0, 1.0, 1.0, 3.0])
    >>> d.residuals.round(4).tolist(), round(d.sigma, 4)
    ([0.1, 0.2, -0.7, 0.4], 0.5916)
    """
    X, y = _xy(X, y)
    n, p = X.shape
    if n < p + 2:
        raise ValueError(f"X must have at least p + 2 = {p + 2} rows to "
                         f"estimate the noise, got shape {X.shape}")
    q, _, _ = _equilibrated_qr(X)                                # (n, p + 1)
    h = np.sum(q * q, axis=1)                                    # (n,)
    ys, ey = pow2_scale(y)
    fit_s = q @ (q.T @ ys)                                       # (n,)
    e_s = ys - fit_s                                             # (n,)
    sig_s = norm2(e_s) / math.sqrt(n - p - 1)
    if sig_s <= 8 * n * _EPS * float(np.max(np.abs(ys))):
        raise ValueError("y is fitted exactly by X (zero residual variance "
                         "to working precision): studentised residuals are "
                         "undefined")
    top = np.flatnonzero(1.0 - h <= 1e-8)
    if top.size:
        raise ValueError(f"X row {int(top[0])} has leverage 1 (it alone "
                         "determines a direction of the fit): its residual "
                         "is rounding error and cannot be studentised")
    r = e_s / (sig_s * np.sqrt(1.0 - h))                          # (n,)
    with np.errstate(over="ignore", under="ignore"):
        fitted = np.ldexp(fit_s, ey)
        resid = np.ldexp(e_s, ey)
        sigma = _ldexp_or_inf(sig_s, int(ey))
    _finite(np.r_[fitted, resid, sigma], "X and y")
    return OLSDiagnostics(fitted=fitted, residuals=resid, leverage=h,
                          studentized=r, sigma=sigma)


# ------------------------------------------------ coefficient variability
def _batch_ridge(xc: np.ndarray, Y: np.ndarray, lams, what: str
                 ) -> list[np.ndarray]:
    """Ridge slopes (unpenalised intercept) for every row of ``Y`` (R, n)
    and every λ in ``lams``, from one SVD of the centred ``xc`` (n, p).

    The same filter-factor formula as :func:`execmath.learning.ridge_svd`
    (same rank cut-off at λ = 0), applied to many responses at once; the
    estimators are linear in y, so one factorisation serves all draws.
    ``what`` names the arguments an overflow is blamed on.
    """
    xs, a = pow2_scale(xc)                                    # xc = 2**a xs
    a = int(a)
    u, s, vt = np.linalg.svd(xs, full_matrices=False)         # (n, r), (r, p)
    keep = s > s.max(initial=0.0) * max(xc.shape) * _EPS
    out = []
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        yc = Y - Y.mean(axis=1, keepdims=True)                # (R, n)
        c = yc @ u                                            # (R, r)
        for lam in lams:
            lam_s = _ldexp_or_inf(lam, -2 * a)
            g = np.where(keep, 1.0 / (s + lam_s / np.where(keep, s, 1.0)),
                         0.0)                                 # (r,)
            w = np.ldexp((c * g) @ vt, -a)                    # (R, p)
            out.append(_finite(w, what))
    return out


def coef_covariance(X: Any, sigma: float, lam: float = 0.0) -> np.ndarray:
    r"""Covariance of the slope coefficients over noise, for a fixed design.

    With :math:`y = b\mathbf 1 + Xw + \varepsilon`,
    :math:`\varepsilon \sim (0, \sigma^2 I)`, and the thin SVD
    :math:`X_c = U\Sigma V^\top` of the centred design,

    .. math::

        \operatorname{Cov}(\hat w_\lambda) = \sigma^2\, V
        \diag\Big(\frac{\sigma_k^2}{(\sigma_k^2 + \lambda)^2}\Big) V^\top,
        \qquad
        \operatorname{Cov}(\hat w_0) = \sigma^2 (X_c^\top X_c)^{-1} .

    A small :math:`\sigma_k` (a nearly collinear design, large
    :math:`\kappa(X_c)`) makes the OLS variance along :math:`v_k` of size
    :math:`\sigma^2/\sigma_k^2`; ridge caps it at
    :math:`\sigma^2/(4\lambda)`.

    Parameters
    ----------
    X : array_like, shape (n, p); for ``lam = 0`` full column rank after
        centring
    sigma : float, > 0
    lam : float, >= 0

    Returns
    -------
    numpy.ndarray, shape (p, p)

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0]])
    >>> np.allclose(coef_covariance(X, 1.0), 0.5)     # 1 / sum (x - mean)^2
    True
    >>> np.allclose(coef_covariance(X, 1.0, 2.0), 2 / 4**2)
    True
    """
    X = _matrix(X)
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    lam = _lam(lam)
    xc, _ = _center(X, "X")
    xs, a = pow2_scale(xc)                                        # xc = 2**a xs
    a = int(a)
    _, s, vt = np.linalg.svd(xs, full_matrices=False)             # (r,), (r, p)
    keep = s > s.max(initial=0.0) * max(X.shape) * _EPS
    if lam == 0.0 and (not np.all(keep) or s.size < X.shape[1]):
        raise ValueError(f"X must have full column rank after centring for "
                         f"lam = 0 (shape {X.shape}): the OLS coefficient "
                         "variance is infinite along a null direction")
    # on the scaled problem: sigma_k = 2**a s_k, so
    # sigma g_k = sigma 2**-a / (s_k + lam 2**-2a / s_k)
    lam_s = _ldexp_or_inf(lam, -2 * a)
    sig_s = _ldexp_or_inf(sigma, -a)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        g = np.where(keep, 1.0 / (s + lam_s / s), 0.0)            # (r,)
        vt_scaled = vt * (sig_s * g)[:, None]                     # (r, p)
        cov = vt_scaled.T @ vt_scaled                             # (p, p)
    cov = np.where(np.isnan(cov), np.inf, cov)                    # inf * 0
    return _finite(cov, "sigma, lam and X")


def coefficient_draws(X: Any, coef: Any, sigma: float, lam: float,
                      n_reps: int, *, rng: np.random.Generator
                      ) -> CoefficientDraws:
    r"""Refit OLS and ridge on ``n_reps`` fresh noise vectors.

    For a fixed design :math:`X`, each draw is
    :math:`y^{(r)} = Xw + \sigma\varepsilon^{(r)}`, and both fits use the
    same :math:`y^{(r)}` (OLS as ridge at :math:`\lambda = 0`, the
    minimum-norm SVD solution, as :func:`fit_ols` with ``method="svd"``;
    ridge as :func:`fit_ridge`). Both estimators are linear in
    :math:`y`, so one SVD of the centred design fits every draw. The
    sample covariance of the rows estimates :func:`coef_covariance`.

    Parameters
    ----------
    X : array_like, shape (n, p)
    coef : array_like, shape (p,)
    sigma : float, > 0
    lam : float, >= 0
    n_reps : int, >= 2
    rng : numpy.random.Generator

    Returns
    -------
    CoefficientDraws

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0], [2.0]])
    >>> d = coefficient_draws(X, [1.0], 0.1, 1.0, 3,
    ...                       rng=np.random.default_rng(0))
    >>> d.ols.shape, bool(np.all(np.abs(d.ridge) < np.abs(d.ols)))
    ((3, 1), True)
    """
    X = _matrix(X)
    w = _vector(coef, "coef")
    if w.size != X.shape[1]:
        raise ValueError(f"coef must have {X.shape[1]} entries to match X "
                         f"{X.shape}, got shape {w.shape}")
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    lam = _lam(lam)
    n_reps = check_positive_int(n_reps, "n_reps", minimum=2,
                                maximum=_MAX_REPS)
    rng = check_rng(rng)
    n, p = X.shape
    check_result_size(n_reps * max(n, p), "n_reps and X")
    xc, _ = _center(X, "X")
    with np.errstate(over="ignore", invalid="ignore"):
        signal = xc @ w                                            # (n,)
        big = float(np.max(np.abs(signal))) + sigma
    if not math.isfinite(big) or big > 1e150:
        raise ValueError("X, coef and sigma are outside the supported range "
                         "(the responses exceed 1e150)")
    ys = signal[None, :] + sigma * rng.standard_normal((n_reps, n))
    ols, ridge = _batch_ridge(xc, ys, (0.0, lam), "X, coef and sigma")
    return CoefficientDraws(ols=ols, ridge=ridge)


# ------------------------------------------------------------------ lasso
def soft_threshold(z: Any, t: float) -> np.ndarray:
    r"""The soft-thresholding operator, the proximal map of
    :math:`t\|\cdot\|_1`.

    .. math::

        S_t(z) = \operatorname{sign}(z)\,\max(|z| - t, 0)
        = \argmin_x \tfrac12 (x - z)^2 + t|x|

    Entries with :math:`|z| \le t` become exactly zero; the others move
    towards zero by :math:`t`.

    Parameters
    ----------
    z : array_like, shape (m,)
    t : float, >= 0

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.0, 2.0], 1.0).tolist()
    [-2.0, -0.0, 0.0, 1.0]
    """
    z = as_float_array(z, "z", ndim=1)
    t = _lam(t, "t")
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def lasso_lambda_max(X: Any, y: Any) -> float:
    r"""The smallest :math:`\lambda` at which the lasso solution is zero.

    .. math::

        \lambda_{\max} = \frac1n \|X_c^\top y_c\|_\infty

    At :math:`w = 0` the KKT condition
    :math:`\frac1n X_c^\top y_c \in \lambda\,\partial\|0\|_1 =
    [-\lambda, \lambda]^p` holds exactly when
    :math:`\lambda \ge \lambda_{\max}`.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)

    Returns
    -------
    float

    Examples
    --------
    >>> lasso_lambda_max([[-1.0], [0.0], [1.0]], [0.0, 1.0, 4.0])
    1.3333333333333333
    """
    X, y = _xy(X, y)
    xs, ys, a, b, _, _ = _scaled_centred(X, y)
    top = float(np.max(np.abs(xs.T @ ys))) / X.shape[0]
    return _ldexp_scalar(top, a + b, "X and y")


def _ldexp_or_inf(v: float, e: int) -> float:
    """``v * 2**e``, with ``inf`` instead of an OverflowError."""
    try:
        return math.ldexp(v, e)
    except OverflowError:
        return math.inf


def _ldexp_scalar(v: float, e: int, what: str) -> float:
    try:
        out = math.ldexp(v, e)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise ValueError(f"{what} are outside the supported range: the "
                         "result overflows float64")
    return out


class _GramRows:
    """Rows of the Gram matrix X^T X / n, computed when first needed.

    Only coordinates that ever change need their row, so a sparse lasso
    on many columns never forms the whole p x p matrix.
    """

    def __init__(self, xs: np.ndarray):
        self.xs = xs
        self.n = xs.shape[0]
        self.diag = (np.einsum("ij,ij->j", xs, xs) / self.n).tolist()
        self.rows: dict[int, np.ndarray] = {}

    def row(self, j: int) -> np.ndarray:
        out = self.rows.get(j)
        if out is None:
            out = self.xs.T @ self.xs[:, j] / self.n               # (p,)
            self.rows[j] = out
        return out


def _lasso_gap(xs, ys, v, r, lam_s, n) -> float:
    r"""Duality gap of :math:`\frac1{2n}\|y - Xv\|^2 + \lambda\|v\|_1`
    at ``v`` with residual ``r``, from the dual point :math:`c\,r`,
    :math:`c = \min(1, n\lambda/\|X^\top r\|_\infty)`."""
    g = float(np.max(np.abs(xs.T @ r), initial=0.0))
    c = 1.0 if g <= n * lam_s else n * lam_s / g
    rr = float(r @ r)
    primal = rr / (2 * n) + lam_s * float(np.sum(np.abs(v)))
    dual = (c * float(ys @ r) - 0.5 * c * c * rr) / n
    return max(primal - dual, 0.0)


def _cd(xs: np.ndarray, ys: np.ndarray, gram: _GramRows, lam_s: float,
        v0: np.ndarray, tol: float, max_sweeps: int, stop: str):
    """Cyclic coordinate descent on the scaled, centred problem.

    Returns (v, relative gap, sweeps, converged). The gradient
    q = X^T r / n is updated with the Gram matrix after every change
    (covariance updates: O(p) per changed coordinate, O(1) for a
    coordinate that stays at zero) and recomputed from the residual of
    X itself after every full sweep, so rounding in the updates cannot
    accumulate, and the duality gap is always evaluated with X, not with
    the Gram matrix. Full sweeps over every coordinate alternate with
    sweeps over the non-zero coordinates (the active set) until those
    settle; the stopping rule is checked after each full sweep.
    """
    n, p = xs.shape
    d = gram.diag                                            # ||x_j||^2 / n
    p0 = float(ys @ ys) / (2 * n)                            # objective at 0
    if p0 == 0.0:
        return np.zeros(p), 0.0, 0, True
    v = v0.astype(float).tolist()
    thr = tol * 2 * p0                                       # change scale

    def residual():
        w = np.array(v)
        r = ys - xs @ w                                      # (n,)
        return r, xs.T @ r / n                               # (n,), (p,)

    def sweep(idx, q) -> float:
        biggest = 0.0
        for j in idx:
            dj = d[j]
            if dj == 0.0:                                    # zero column
                continue
            old = v[j]
            z = old + float(q[j]) / dj
            shrunk = abs(z) - lam_s / dj
            new = math.copysign(shrunk, z) if shrunk > 0.0 else 0.0
            if new != old:
                delta = new - old
                q -= delta * gram.row(j)                      # (p,)
                v[j] = new
                biggest = max(biggest, dj * delta * delta)
        return biggest

    sweeps, converged = 0, False
    r, q = residual()
    while sweeps < max_sweeps:
        change = sweep(range(p), q)
        sweeps += 1
        r, q = residual()                                    # no drift
        if stop == "change":
            if change <= thr:
                converged = True
                break
        elif _lasso_gap(xs, ys, np.array(v), r, lam_s, n) <= tol * p0:
            converged = True
            break
        elif change == 0.0:          # a floating-point fixed point: no sweep
            break                    # can lower the gap below its rounding
        active = [j for j in range(p) if v[j] != 0.0]
        while sweeps < max_sweeps and active:
            inner = sweep(active, q)
            sweeps += 1
            if inner <= thr:
                break
        r, q = residual()
    w = np.array(v)
    gap = _lasso_gap(xs, ys, w, r, lam_s, n) / p0
    return w, gap, sweeps, converged


def _lasso_core(xs, ys, gram, lam_s, v0, tol, max_sweeps, stop):
    n = xs.shape[0]
    lam_max_s = float(np.max(np.abs(xs.T @ ys), initial=0.0)) / n
    if lam_s >= lam_max_s:                                   # KKT at zero
        return np.zeros(xs.shape[1]), 0.0, 0, True
    return _cd(xs, ys, gram, lam_s, v0, tol, max_sweeps, stop)


def _lam_scaled(lam: float, a: int, b: int) -> float:
    """λ on the scaled problem: λ 2**(-a-b) (overflow means 'huge')."""
    return _ldexp_or_inf(lam, -a - b)


def _check_lasso_opts(tol, max_sweeps, stop):
    tol = _tol(tol)
    max_sweeps = check_positive_int(max_sweeps, "max_sweeps",
                                    maximum=_MAX_SWEEPS)
    check_choice(stop, "stop", ("gap", "change"))
    return tol, max_sweeps, stop


def fit_lasso(X: Any, y: Any, lam: float, *, w0: Any = None,
              tol: float = 1e-10, max_sweeps: int = 10_000,
              stop: str = "gap") -> LassoFit:
    r"""The lasso with an unpenalised intercept, by cyclic coordinate
    descent.

    .. math::

        \min_{b, w}\; \frac{1}{2n}\|y - b\mathbf 1 - Xw\|_2^2
        + \lambda\|w\|_1 ,
        \qquad
        w_j \leftarrow \frac{S_\lambda\big(d_j w_j
        + \tfrac1n x_j^\top r\big)}{d_j},\quad d_j = \tfrac1n\|x_j\|^2

    (:func:`soft_threshold` is the exact minimiser over one coordinate).
    The gradient :math:`\frac1n X_c^\top r`, :math:`r = y_c - X_c w`, is
    updated with columns of the Gram matrix :math:`\frac1n X_c^\top X_c`
    after each change (covariance updates, Friedman, Hastie and
    Tibshirani 2010) and recomputed from :math:`X_c` after every full
    sweep, where the stopping rule is checked. The stopping rule
    ``stop="gap"`` is a certificate: the duality gap
    :math:`P(w) - D(\theta) \ge P(w) - P(w^\star)` falls below
    ``tol`` times :math:`P(0)`. ``stop="change"`` stops when no coordinate
    moved by more than :math:`\max_j d_j\,\Delta w_j^2 \le 2\,\mathrm{tol}\,
    P(0)` in a full sweep, a cheaper heuristic that certifies nothing.
    The reported ``gap`` is always the relative duality gap.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lam : float, > 0 (same scaling as scikit-learn's ``Lasso(alpha=lam)``)
    w0 : array_like, shape (p,), optional
        Warm start for the slopes.
    tol : float in (0, 1)
    max_sweeps : int
    stop : {"gap", "change"}

    Returns
    -------
    LassoFit

    Examples
    --------
    >>> X = np.array([[-1.0, 0.5], [0.0, -1.0], [1.0, 0.5]])
    >>> fit = fit_lasso(X, [-2.0, 0.0, 2.0], 0.1)
    >>> fit.coef.round(6).tolist(), fit.converged
    ([1.85, 0.0], True)
    """
    X, y = _xy(X, y)
    lam = _lam(lam, positive=True)
    tol, max_sweeps, stop = _check_lasso_opts(tol, max_sweeps, stop)
    xs, ys, a, b, mx, my = _scaled_centred(X, y)
    p = X.shape[1]
    if w0 is None:
        v0 = np.zeros(p)
    else:
        w0 = _vector(w0, "w0")
        if w0.size != p:
            raise ValueError(f"w0 must have {p} entries to match X, got "
                             f"shape {w0.shape}")
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            v0 = np.ldexp(w0, a - b)
            r0 = ys - xs @ v0                                 # (n,)
            obj0 = float(r0 @ r0)
        if not (np.all(np.isfinite(v0)) and math.isfinite(obj0)):
            raise ValueError("w0 is outside the supported range for X and "
                             "y: its residual overflows float64")
    v, gap, sweeps, ok = _lasso_core(xs, ys, _GramRows(xs),
                                     _lam_scaled(lam, a, b), v0, tol,
                                     max_sweeps, stop)
    with np.errstate(over="ignore", under="ignore"):
        w = np.ldexp(v, b - a)
    _finite(w, "X and y")
    return LassoFit(intercept=_intercept(my, mx, w), coef=w, gap=gap,
                    n_sweeps=sweeps, converged=ok)


def lasso_path(X: Any, y: Any, lams: Any = None, *, n_lams: int = 100,
               eps: float = 1e-3, tol: float = 1e-10,
               max_sweeps: int = 10_000) -> LassoPath:
    r"""The lasso along a decreasing grid of :math:`\lambda`, warm-started.

    Without ``lams`` the grid is geometric from :math:`\lambda_{\max}`
    (:func:`lasso_lambda_max`, where every coefficient is zero) down to
    ``eps`` :math:`\lambda_{\max}`, ``n_lams`` values, as scikit-learn's
    ``lasso_path``. Each fit (:func:`fit_lasso`, ``stop="gap"``) starts
    from the previous solution, which is close: neighbouring solutions on
    a fine grid differ little.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lams : array_like, shape (L,), > 0, optional (sorted decreasing)
    n_lams : int, >= 2
    eps : float in (0, 1)
    tol : float in (0, 1)
    max_sweeps : int

    Returns
    -------
    LassoPath

    Examples
    --------
    >>> X = np.array([[-1.0, 0.5], [0.0, -1.0], [1.0, 0.5]])
    >>> path = lasso_path(X, [-2.0, 0.0, 2.0], n_lams=5)
    >>> path.coef[0].tolist(), bool(path.converged.all())
    ([0.0, 0.0], True)
    """
    X, y = _xy(X, y)
    tol, max_sweeps, _ = _check_lasso_opts(tol, max_sweeps, "gap")
    xs, ys, a, b, mx, my = _scaled_centred(X, y)
    n, p = X.shape
    if lams is None:
        n_lams = check_positive_int(n_lams, "n_lams", minimum=2,
                                    maximum=10**5)
        eps = check_finite_scalar(eps, "eps")
        if not 0.0 < eps < 1.0:
            raise ValueError(f"eps must lie in (0, 1), got {eps!r}")
        top = float(np.max(np.abs(xs.T @ ys), initial=0.0)) / n
        if top == 0.0:
            raise ValueError("y is constant (or X has only constant "
                             "columns): lambda_max = 0 and the lasso path "
                             "is the single point w = 0")
        lam_s = top * np.geomspace(1.0, eps, n_lams)              # (L,)
        with np.errstate(over="ignore"):
            lam_arr = np.ldexp(lam_s, a + b)
        _finite(lam_arr, "X and y")
    else:
        lam_arr = -np.sort(-_lams(lams, positive=True))           # decreasing
        lam_s = np.array([_lam_scaled(float(v), a, b) for v in lam_arr])
    L = lam_arr.size
    check_result_size(L * p, "lams and X")
    coef = np.empty((L, p))
    gap = np.empty(L)
    sweeps = np.empty(L, dtype=np.int64)
    ok = np.empty(L, dtype=bool)
    v = np.zeros(p)
    gram = _GramRows(xs)                                              # (p, p)
    for i in range(L):
        v, gap[i], sweeps[i], ok[i] = _lasso_core(
            xs, ys, gram, float(lam_s[i]), v, tol, max_sweeps, "gap")
        coef[i] = v
    with np.errstate(over="ignore", under="ignore"):
        coef = np.ldexp(coef, b - a)
        intercept = my - coef @ mx
    _finite(coef, "X and y")
    _finite(intercept, "X and y")
    return LassoPath(lams=lam_arr, intercept=intercept, coef=coef, gap=gap,
                     n_sweeps=sweeps, converged=ok)


def _triangular_pair(r: np.ndarray, s: np.ndarray) -> np.ndarray:
    r"""Solve :math:`R^\top R\, x = s` with two triangular solves."""
    z = sla.solve_triangular(r, s, trans="T", check_finite=False)
    return sla.solve_triangular(r, z, check_finite=False)


def lasso_kinks(X: Any, y: Any, lam_min: float = 0.0) -> LassoKinks:
    r"""The exact lasso path by homotopy: its kinks from
    :math:`\lambda_{\max}` down to ``lam_min``.

    While the active set :math:`A` and the signs :math:`s_A` are fixed,
    the KKT conditions :math:`\frac1n X_A^\top(y_c - X_A w_A) = \lambda
    s_A` give a solution affine in :math:`\lambda`,

    .. math::

        w_A(\lambda) = a - \lambda\, b,\qquad
        a = \argmin_u \|y_c - X_A u\|_2,\qquad
        b = n\,(X_A^\top X_A)^{-1} s_A ,

    (both from one Householder QR :math:`X_A = QR`; no inverse is formed).
    The segment ends at the largest smaller :math:`\lambda` at which an
    active coefficient reaches zero (it leaves :math:`A`) or an inactive
    correlation :math:`|\frac1n x_j^\top (y_c - X_A w_A(\lambda))|`
    reaches :math:`\lambda` (it joins). This is the LARS-lasso algorithm
    of Efron, Hastie, Johnstone and Tibshirani (2004). It stops at
    ``lam_min`` or when the active columns would become rank deficient.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,), not constant
    lam_min : float, >= 0

    Returns
    -------
    LassoKinks

    Examples
    --------
    >>> X = np.array([[-1.0, 0.5], [0.0, -1.0], [1.0, 0.5], [0.5, 0.0]])
    >>> k = lasso_kinks(X, [-2.0, 0.2, 2.0, 1.0])
    >>> k.lams.round(4).tolist()
    [1.0875, 0.05, 0.0]
    >>> (k.coef != 0).sum(axis=1).tolist()
    [0, 1, 2]
    """
    X, y = _xy(X, y)
    lam_min = _lam(lam_min, "lam_min")
    xs, ys, a_exp, b_exp, mx, my = _scaled_centred(X, y)
    n, p = xs.shape
    corr = xs.T @ ys / n                                          # (p,)
    lam = float(np.max(np.abs(corr)))
    if lam == 0.0:
        raise ValueError("y is constant (or X has only constant columns): "
                         "the lasso path is the single point w = 0")
    lam_min_s = _lam_scaled(lam_min, a_exp, b_exp)
    j0 = int(np.argmax(np.abs(corr)))
    active, signs = [j0], [float(np.sign(corr[j0]))]
    lams, coefs = [lam], [np.zeros(p)]
    for _ in range(20 * (p + 1)):                  # kinks: a few per column
        if lam <= lam_min_s:
            break                                  # lam_min >= lambda_max
        xa = xs[:, active]                                        # (n, k)
        q, r = linalg.householder_qr(xa)
        dr = np.abs(np.diag(r))
        if dr.min() <= max(n, len(active)) * _EPS * dr.max():
            break                                  # rank deficient: stop
        a_vec = linalg.back_substitution(r, q.T @ ys)             # (k,)
        b_vec = n * _triangular_pair(r, np.asarray(signs))        # (k,)
        resid_a = ys - xa @ a_vec                                 # (n,)
        dir_b = xa @ b_vec                                        # (n,)
        alpha = xs.T @ resid_a / n                                # (p,)
        beta = xs.T @ dir_b / n                                   # (p,)
        cands: list[tuple[float, str, int, float]] = []
        upper = lam * (1.0 - 1e-10)
        inactive = np.setdiff1d(np.arange(p), active)
        for j in inactive:
            for sgn in (1.0, -1.0):                 # alpha + lam beta = ±lam
                den = sgn - beta[j]
                if den != 0.0:
                    t = alpha[j] / den
                    if 0.0 < t < upper:
                        cands.append((t, "join", int(j), sgn))
        for k, j in enumerate(active):
            if b_vec[k] != 0.0:
                t = a_vec[k] / b_vec[k]
                if 0.0 < t < upper:
                    cands.append((t, "leave", j, 0.0))
        nxt = max(cands, default=(0.0, "end", -1, 0.0))
        lam_next = max(nxt[0], lam_min_s)
        w = np.zeros(p)
        w[active] = a_vec - lam_next * b_vec
        if nxt[1] == "leave" and lam_next == nxt[0]:
            w[nxt[2]] = 0.0                        # exactly zero at the kink
        lams.append(lam_next)
        coefs.append(w)
        if lam_next <= lam_min_s or nxt[1] == "end":
            break
        lam = lam_next
        if nxt[1] == "join":
            active.append(nxt[2])
            signs.append(nxt[3])
        else:
            k = active.index(nxt[2])
            del active[k], signs[k]
    lam_arr = np.array(lams)
    with np.errstate(over="ignore", under="ignore"):
        lam_out = np.ldexp(lam_arr, a_exp + b_exp)
        coef = np.ldexp(np.array(coefs), b_exp - a_exp)           # (K, p)
        intercept = my - coef @ mx
    _finite(lam_out, "X and y")
    _finite(coef, "X and y")
    _finite(intercept, "X and y")
    return LassoKinks(lams=lam_out, intercept=intercept, coef=coef)


def heldout_leverage_study(X: Any, coef: Any, sigma: float, lam: float,
                           X_new: Any, n_reps: int, *,
                           rng: np.random.Generator, n_bins: int = 8
                           ) -> HeldoutStudy:
    r"""Held-out squared error of OLS and ridge against the leverage of the
    new point, by simulation over the training noise.

    The design ``X`` and the new rows ``X_new`` stay fixed. Each of
    ``n_reps`` repetitions draws :math:`y = Xw + \sigma\varepsilon`, fits
    OLS and ridge (as :func:`fit_ols` with the SVD and :func:`fit_ridge`;
    one SVD serves all repetitions), draws fresh
    responses :math:`y_0 = X_{\text{new}} w + \sigma\varepsilon_0` and
    records the squared errors. The new rows are binned by their OLS
    leverage :math:`h(x_0)` (:func:`leverage` with ``X_new``; equal-count
    bins), and each repetition contributes one mean per bin, so the
    standard errors come from independent repetitions. For a correct model,
    OLS is unbiased and

    .. math::

        \E\big[(y_0 - \hat y_0)^2\big] = \sigma^2\,(1 + h(x_0)),

    noise plus prediction variance (``theory_ols``).

    Parameters
    ----------
    X : array_like, shape (n, p), full column rank with the intercept
    coef : array_like, shape (p,)
    sigma : float, > 0
    lam : float, >= 0
    X_new : array_like, shape (m, p), m >= n_bins
    n_reps : int, >= 2
    rng : numpy.random.Generator
    n_bins : int, >= 1

    Returns
    -------
    HeldoutStudy

    Examples
    --------
    >>> d = correlated_regression(20, [1.0, -1.0], rho=0.9, noise_sd=1.0,
    ...                           rng=np.random.default_rng(0))
    >>> new = correlated_regression(200, [1.0, -1.0], rho=0.9, noise_sd=1.0,
    ...                             rng=np.random.default_rng(1)).X
    >>> st = heldout_leverage_study(d.X, [1.0, -1.0], 1.0, 5.0, new, 50,
    ...                             rng=np.random.default_rng(2), n_bins=4)
    >>> st.mse_ols.shape, bool(st.edges[0] >= 1 / 20)
    ((4,), True)
    """
    X = _matrix(X)
    w = _vector(coef, "coef")
    n, p = X.shape
    if w.size != p:
        raise ValueError(f"coef must have {p} entries to match X {X.shape}, "
                         f"got shape {w.shape}")
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    lam = _lam(lam)
    n_reps = check_positive_int(n_reps, "n_reps", minimum=2,
                                maximum=_MAX_REPS)
    rng = check_rng(rng)
    n_bins = check_positive_int(n_bins, "n_bins", maximum=1000)
    h0 = leverage(X, 0.0, X_new=X_new)                             # (m,)
    X_new = _matrix(X_new, "X_new")
    m = X_new.shape[0]
    if m < n_bins:
        raise ValueError(f"X_new must have at least n_bins = {n_bins} rows, "
                         f"got shape {X_new.shape}")
    check_result_size(n_reps * n_bins + m, "n_reps and n_bins")
    with np.errstate(over="ignore", invalid="ignore"):
        mean_tr = X @ w                                            # (n,)
        mean_new = X_new @ w                                       # (m,)
        big = float(np.max(np.abs(np.r_[mean_tr, mean_new]))) + sigma
    if not math.isfinite(big) or big > 1e150:
        raise ValueError("X, X_new, coef and sigma are outside the supported "
                         "range (the responses exceed 1e150)")
    edges = np.quantile(h0, np.linspace(0.0, 1.0, n_bins + 1))     # (B + 1,)
    which = np.clip(np.searchsorted(edges, h0, side="right") - 1, 0,
                    n_bins - 1)                                    # (m,)
    count = np.bincount(which, minlength=n_bins)
    if np.any(count == 0):
        raise ValueError("X_new has too many equal leverages for n_bins "
                         f"= {n_bins} equal-count bins")
    check_result_size(n_reps * max(n, m), "n_reps and X_new")
    xc, mx = _center(X, "X")
    y = mean_tr[None, :] + sigma * rng.standard_normal((n_reps, n))  # (R, n)
    y0 = mean_new[None, :] + sigma * rng.standard_normal((n_reps, m))
    onehot = np.zeros((m, n_bins))                                # (m, B)
    onehot[np.arange(m), which] = 1.0 / count[which]
    per = np.empty((2, n_reps, n_bins))
    # both estimators are linear in y: one SVD fits every draw (R, p)
    for k, w in enumerate(_batch_ridge(xc, y, (0.0, lam),
                                       "X, X_new, coef and sigma")):
        b = y.mean(axis=1) - w @ mx                               # (R,)
        with np.errstate(over="ignore", invalid="ignore"):
            err = (y0 - b[:, None] - w @ X_new.T) ** 2            # (R, m)
        per[k] = _finite(err, "X, X_new, coef and sigma") @ onehot
    theory = sigma**2 * (1.0 + np.bincount(which, weights=h0,
                                           minlength=n_bins) / count)
    return HeldoutStudy(
        edges=edges, leverage=h0, mse_ols=per[0].mean(axis=0),
        mse_ridge=per[1].mean(axis=0), se_ols=_se(per[0]),
        se_ridge=_se(per[1]), se_diff=_se(per[0] - per[1]),
        theory_ols=theory, noise_var=sigma**2)


# ------------------------------------------------------------ validation
def _lasso_on_grid(z, y, lams):
    """Lasso slopes (L, p) and intercepts (L,) at every λ of ``lams``.

    Between kinks the exact path is affine in λ (:func:`lasso_kinks`), so
    linear interpolation between the kinks gives each solution to rounding
    error, for the price of one homotopy. If the homotopy cannot reach
    min(lams) (an active set that turns rank deficient, or constant ``y``),
    the warm-started coordinate-descent path is used instead, certified to
    a relative duality gap of 1e-6.
    """
    lam_min = float(lams.min())
    try:
        k = lasso_kinks(z, y, lam_min)
    except ValueError:
        k = None
    if k is not None and min(k.lams[-1], k.lams[0]) <= lam_min:
        at = -lams                                   # np.interp wants x up
        coef = np.column_stack([np.interp(at, -k.lams, k.coef[:, j])
                                for j in range(z.shape[1])])       # (L, p)
        return coef, np.interp(at, -k.lams, k.intercept)
    order = np.argsort(-lams)
    path = lasso_path(z, y, lams, tol=1e-6)
    coef = np.empty_like(path.coef)
    icpt = np.empty_like(path.intercept)
    coef[order], icpt[order] = path.coef, path.intercept
    return coef, icpt


def _split_mse(X, y, split, lams, model, scaling, std_all):
    tr, va = split
    std = fit_standardizer(X[tr]) if scaling == "train" else std_all
    z_tr = apply_standardizer(std, X[tr])                         # (n_tr, p)
    z_va = apply_standardizer(std, X[va])                         # (n_va, p)
    if model == "ridge":
        path = ridge_path(z_tr, y[tr], lams)
        coef, icpt = path.coef, path.intercept                     # (L, p)
    else:
        coef, icpt = _lasso_on_grid(z_tr, y[tr], lams)
    with np.errstate(over="ignore", invalid="ignore"):
        res_tr = y[tr, None] - icpt[None, :] - z_tr @ coef.T       # (n_tr, L)
        res_va = y[va, None] - icpt[None, :] - z_va @ coef.T       # (n_va, L)
        return np.mean(res_tr**2, axis=0), np.mean(res_va**2, axis=0)


def validation_curve(X: Any, y: Any, lams: Any, *, n_splits: int,
                     rng: np.random.Generator, test_fraction: float = 0.25,
                     model: str = "ridge", scaling: str = "train"
                     ) -> ValidationCurve:
    r"""Training and validation MSE over :math:`\lambda` for repeated
    random splits.

    For each of ``n_splits`` splits
    (:func:`execmath.learning.train_test_split_indices`, drawn from
    ``rng``): fit a :class:`Standardizer` on the training rows, apply it
    to both parts, fit the model for every :math:`\lambda`
    (:func:`ridge_path`, or the lasso path as below), and record

    .. math::

        \text{MSE}_{\text{train}}(\lambda) = \frac{1}{|T|}\sum_{i\in T}
        (y_i - \hat y_i)^2, \qquad
        \text{MSE}_{\text{val}}(\lambda) = \frac{1}{|V|}\sum_{i\in V}
        (y_i - \hat y_i)^2 .

    ``scaling="all"`` fits the standardiser on all rows instead, the
    leaky variant, kept to measure the leak. The lasso is solved exactly
    along its piecewise-linear path (:func:`lasso_kinks`, one homotopy per
    split, interpolated at each :math:`\lambda`); where the homotopy stops
    early (a rank-deficient active set), :func:`lasso_path` is used, with
    fits certified to a relative duality gap of :math:`10^{-6}`, far below
    what changes a validation error.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lams : array_like, shape (L,), >= 0 (> 0 for the lasso)
    n_splits : int, >= 2
    rng : numpy.random.Generator
    test_fraction : float in (0, 1)
    model : {"ridge", "lasso"}
    scaling : {"train", "all"}

    Returns
    -------
    ValidationCurve

    Examples
    --------
    >>> d = correlated_regression(40, [1.0, 0.5, 0.0], rho=0.5, noise_sd=1.0,
    ...                           rng=np.random.default_rng(0))
    >>> vc = validation_curve(d.X, d.y, [0.1, 10.0, 1000.0], n_splits=5,
    ...                       rng=np.random.default_rng(1))
    >>> vc.val_mse.shape, bool(np.all(np.diff(vc.train_mean) > 0))
    ((5, 3), True)
    """
    X, y = _xy(X, y, min_rows=4)
    model = check_choice(model, "model", ("ridge", "lasso"))
    lam = _lams(lams, positive=(model == "lasso"))
    n_splits = check_positive_int(n_splits, "n_splits", minimum=2,
                                  maximum=_MAX_REPS)
    rng = check_rng(rng)
    scaling = check_choice(scaling, "scaling", ("train", "all"))
    test_fraction = check_finite_scalar(test_fraction, "test_fraction")
    check_result_size(n_splits * lam.size, "n_splits and lams")
    n = X.shape[0]
    std_all = fit_standardizer(X) if scaling == "all" else None
    train = np.empty((n_splits, lam.size))
    val = np.empty((n_splits, lam.size))
    for r in range(n_splits):
        split = learning.train_test_split_indices(n, test_fraction, rng=rng)
        if split.train.size < 2:
            raise ValueError(f"test_fraction={test_fraction!r} leaves fewer "
                             f"than 2 training rows of n={n}")
        train[r], val[r] = _split_mse(X, y, split, lam, model, scaling,
                                      std_all)
    _finite(train, "X and y")
    _finite(val, "X and y")
    return ValidationCurve(lams=lam, train_mse=train, val_mse=val)


# --------------------------------------------------------------- leakage
def _select_and_refit(X, y, lam_ratio):
    """Standardise, select the lasso support at lam_ratio * lambda_max,
    refit OLS on it; return (standardizer, support, model)."""
    std = fit_standardizer(X)
    z = apply_standardizer(std, X)
    lam = lam_ratio * lasso_lambda_max(z, y)
    coef = fit_lasso(z, y, lam, tol=1e-8).coef
    support = np.flatnonzero(coef)
    # an OLS refit needs more rows than columns: keep the largest
    if support.size > X.shape[0] - 3:
        keep = np.argsort(-np.abs(coef[support]))[: X.shape[0] - 3]
        support = np.sort(support[keep])
    return std, support


def _refit_predict(z_tr, y_tr, z_va, support):
    support = support[: max(z_tr.shape[0] - 2, 0)]       # room for the refit
    if support.size == 0:
        return np.full(z_va.shape[0], y_tr.mean()), (y_tr.mean(), None)
    m = fit_ols(z_tr[:, support], y_tr, method="svd")
    return predict(m, z_va[:, support]), (m.intercept, m.coef)


def lasso_leakage_study(n: int, p: int, lam_ratio: float, n_folds: int,
                        n_reps: int, *, rng: np.random.Generator
                        ) -> learning.LeakageStudy:
    r"""Leakage through lasso-based feature selection, measured on noise.

    Each repetition draws :math:`X_{ij} \sim \mathcal N(0, 1)` and an
    independent :math:`y_i \sim \mathcal N(0, 1)`. The pipeline is:
    standardise (:func:`fit_standardizer`), keep the features the lasso
    selects at :math:`\lambda = ` ``lam_ratio`` :math:`\lambda_{\max}`,
    refit OLS with intercept on them. It is scored by ``n_folds``-fold CV
    (pooled squared error):

    * *leaky*: standardiser and selection computed once on all rows, only
      the OLS refit inside the folds;
    * *honest*: the whole pipeline inside every training fold.

    No predictor beats :math:`\hat y = 0` here; a model
    :math:`b + \sum_j w_j (x_j - m_j)/s_j` fitted on all rows has true
    risk :math:`1 + (b - \sum_j w_j m_j/s_j)^2 + \sum_j (w_j/s_j)^2`
    (``true_risk``).

    Parameters
    ----------
    n : int, >= 2 * n_folds
    p : int
    lam_ratio : float in [0.001, 1)
    n_folds : int, >= 2
    n_reps : int, >= 2
    rng : numpy.random.Generator

    Returns
    -------
    execmath.learning.LeakageStudy

    Examples
    --------
    >>> st = lasso_leakage_study(30, 60, 0.5, 5, 4,
    ...                          rng=np.random.default_rng(0))
    >>> st.leaky.shape
    (4,)
    """
    n = check_positive_int(n, "n", minimum=4, maximum=10**5)
    p = check_positive_int(p, "p", maximum=10**4)
    lam_ratio = check_finite_scalar(lam_ratio, "lam_ratio")
    if not 1e-3 <= lam_ratio < 1.0:
        raise ValueError(f"lam_ratio must lie in [0.001, 1), got "
                         f"{lam_ratio!r}")
    n_folds = check_positive_int(n_folds, "n_folds", minimum=2, maximum=n)
    n_reps = check_positive_int(n_reps, "n_reps", minimum=2, maximum=10**4)
    rng = check_rng(rng)
    check_result_size(n * p, "n and p")
    if n - math.ceil(n / n_folds) < 3:
        raise ValueError(f"n={n} with n_folds={n_folds} leaves training "
                         "folds of fewer than 3 rows")
    out = np.empty((3, n_reps))
    for rep in range(n_reps):
        X = rng.standard_normal((n, p))                          # (n, p)
        y = rng.standard_normal(n)                               # (n,)
        folds = learning.kfold_indices(n, n_folds, shuffle=True, rng=rng)
        std_all, supp_all = _select_and_refit(X, y, lam_ratio)
        z_all = apply_standardizer(std_all, X)
        sse = np.zeros(2)
        for fold in folds:
            tr, va = fold.train, fold.validation
            pred, _ = _refit_predict(z_all[tr], y[tr], z_all[va], supp_all)
            sse[0] += float(np.sum((y[va] - pred) ** 2))
            std, supp = _select_and_refit(X[tr], y[tr], lam_ratio)
            z_tr = apply_standardizer(std, X[tr])
            z_va = apply_standardizer(std, X[va])
            pred, _ = _refit_predict(z_tr, y[tr], z_va, supp)
            sse[1] += float(np.sum((y[va] - pred) ** 2))
        out[:2, rep] = sse / n
        _, (b, w) = _refit_predict(z_all, y, z_all[:1], supp_all)
        if w is None:
            out[2, rep] = 1.0 + b * b
        else:
            ws = w / std_all.scale[supp_all]
            shift = b - float(ws @ std_all.mean[supp_all])
            out[2, rep] = 1.0 + shift * shift + float(ws @ ws)
    return learning.LeakageStudy(leaky=out[0], honest=out[1],
                                 true_risk=out[2])
