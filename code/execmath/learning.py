r"""Statistical learning basics: risk, polynomial regression, data splits,
cross-validation, ridge regression and the bias-variance trade-off.

Everything here is small enough to read. Least squares is solved with the
Householder QR of :mod:`execmath.linalg` (never the normal equations), ridge
regression through the SVD with its filter factors or an augmented
least-squares problem (never an explicit inverse), and every random
experiment draws from an explicit ``rng``. The simulation studies return
per-repetition arrays together with Monte Carlo means and standard errors,
so that every number the book quotes can carry its error bar.

Examples
--------
>>> import numpy as np
>>> folds = kfold_indices(7, 3)
>>> [f.validation.tolist() for f in folds]
[[0, 1, 2], [3, 4], [5, 6]]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath import linalg
from execmath._validate import (as_float_array, as_int_array,
                                check_positive_int, check_rng)

__all__ = [
    "BASES",
    "BiasVarianceStudy",
    "CVResult",
    "Fold",
    "LeakageStudy",
    "NestedPolynomialFits",
    "PolynomialFit",
    "RidgePath",
    "Split",
    "VarianceEstimatorStudy",
    "bias_variance_study",
    "cv_polynomial_mse",
    "fit_polynomial",
    "kfold_indices",
    "leakage_study",
    "mse",
    "nested_polynomial_fits",
    "polynomial_design",
    "predict_polynomial",
    "ridge_augmented_qr",
    "ridge_effective_dof",
    "ridge_filter_factors",
    "ridge_path",
    "ridge_svd",
    "select_top_k_features",
    "step_target",
    "to_unit_interval",
    "train_test_split_indices",
    "variance_estimator_study",
]

#: Polynomial bases understood by :func:`polynomial_design`.
BASES = ("legendre", "chebyshev", "monomial")

_EPS = float(np.finfo(np.float64).eps)
_MAX_DEGREE = 200          # beyond this a polynomial design is meaningless
_MAX_SAMPLES = 10**7       # index arrays of this length still fit in memory
_MAX_REPS = 10**6
_MAX_CELLS = 5 * 10**7     # cap on the entries a study allocates at once
_BLOCK_CELLS = 2**20        # entries of one block of a Monte Carlo study


# ------------------------------------------------------------ validation
def _check_int(value: Any, name: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    value = check_positive_int(value, name, minimum=minimum)
    if value > maximum:
        raise ValueError(
            f"{name} must be <= {maximum} (outside the supported range), "
            f"got {value}"
        )
    return value


def _check_real(value: Any, name: str, *, minimum: float | None = None,
                strict: bool = False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    try:
        out = float(value)
    except OverflowError as exc:          # a Python int beyond float64
        raise ValueError(f"{name} is outside the float64 range") from exc
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if minimum is not None and (out < minimum or (strict and out == minimum)):
        rel = ">" if strict else ">="
        raise ValueError(f"{name} must be {rel} {minimum}, got {value!r}")
    return out


def _check_basis(basis: Any) -> str:
    if not isinstance(basis, str) or basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
    return basis


def _check_domain(domain: Any) -> tuple[float, float]:
    try:
        shape = np.shape(domain)
    except (TypeError, ValueError):       # ragged nesting
        shape = None
    if isinstance(domain, (str, bytes)) or not isinstance(
            domain, (tuple, list, np.ndarray)) or shape != (2,):
        raise ValueError(f"domain must be a pair (lo, hi), got {domain!r}")
    lo = _check_real(domain[0], "domain[0]")
    hi = _check_real(domain[1], "domain[1]")
    if not lo < hi:
        raise ValueError(f"domain must have lo < hi, got {domain!r}")
    return lo, hi


def _check_bool(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_pair(x: np.ndarray, y: np.ndarray, xname: str, yname: str) -> None:
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"{yname} must have {x.shape[0]} entries to match {xname} "
            f"{x.shape}, got shape {y.shape}"
        )


def _pow2(a: np.ndarray) -> float:
    """A power of two in (max|a|/2, max|a|] (1 for a zero array).

    Dividing by it is exact and leaves entries of size below 2, and it never
    overflows (the largest value it takes is 2**1023).
    """
    top = float(np.max(np.abs(a)))
    return 1.0 if top == 0.0 else math.ldexp(1.0, math.frexp(top)[1] - 1)


def _mean_se(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Monte Carlo mean and standard error :math:`s/\sqrt{R}` along ``axis``."""
    r = values.shape[axis]
    mean = values.mean(axis=axis)
    if r < 2:
        return mean, np.zeros_like(mean)
    return mean, values.std(axis=axis, ddof=1) / math.sqrt(r)


# ------------------------------------------------------------------- risk
def mse(y_true: Any, y_pred: Any) -> float:
    r"""Mean squared error, the empirical risk under squared loss.

    .. math::

        \widehat R_n = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat y_i)^2

    Computed with the residuals rescaled by a power of two, so that it
    neither overflows nor underflows for any finite input whose result is
    representable.

    Parameters
    ----------
    y_true, y_pred : array_like, shape (n,)

    Returns
    -------
    float

    Examples
    --------
    >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    1.3333333333333333
    """
    y_true = as_float_array(y_true, "y_true", ndim=1)
    y_pred = as_float_array(y_pred, "y_pred", ndim=1)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_pred must have shape {y_true.shape} to match y_true, "
            f"got {y_pred.shape}"
        )
    scale = max(_pow2(y_true), _pow2(y_pred))
    r = y_true / scale - y_pred / scale                     # (n,), |r| <= 2
    with np.errstate(over="ignore"):
        out = float(np.mean(r * r) * scale * scale)         # scale is 2**k
    if not math.isfinite(out):
        raise ValueError(
            "y_true and y_pred differ by more than the float64 range allows "
            "(mean squared error overflows); rescale the data"
        )
    return out


def step_target(x: Any, sharpness: float = 8.0, center: float = 0.2
                ) -> np.ndarray:
    r"""A smooth step, the "unknown truth" of the chapter's experiments.

    .. math::

        f(x) = \tanh\big(s\,(x - c)\big)

    It is analytic, but for large :math:`s` it is steep, so polynomials
    need a moderate degree to follow it: a good stage for the
    bias-variance trade-off.

    Parameters
    ----------
    x : array_like, shape (n,)
    sharpness : float, > 0
    center : float

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> step_target([0.2, 10.0]).tolist()
    [0.0, 1.0]
    """
    x = as_float_array(x, "x", ndim=1)
    s = _check_real(sharpness, "sharpness", minimum=0.0, strict=True)
    c = _check_real(center, "center")
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.tanh(s * (x - c))                          # |out| <= 1
    if not np.all(np.isfinite(out)):                        # inf - inf
        raise ValueError("x and center are outside the supported range")
    return out


# --------------------------------------------------------- polynomial design
def to_unit_interval(x: Any, domain: Any) -> np.ndarray:
    r"""Map ``x`` affinely so that ``domain = (lo, hi)`` becomes :math:`[-1, 1]`.

    .. math::

        t = \frac{x - m}{h}, \qquad m = \frac{lo + hi}{2},
        \quad h = \frac{hi - lo}{2}

    (evaluated as ``lo/2 + hi/2`` so that wide domains do not overflow).
    Points outside the domain map outside :math:`[-1, 1]`.

    Parameters
    ----------
    x : array_like, shape (n,)
    domain : pair of float, lo < hi

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> to_unit_interval([0.0, 5.0, 10.0], (0.0, 10.0)).tolist()
    [-1.0, 0.0, 1.0]
    """
    x = as_float_array(x, "x", ndim=1)
    lo, hi = _check_domain(domain)
    mid, half = lo / 2 + hi / 2, hi / 2 - lo / 2
    if half == 0.0:
        raise ValueError(f"domain is too narrow to rescale, got {domain!r}")
    with np.errstate(over="ignore", invalid="ignore"):
        t = (x - mid) / half                                # (n,)
    if not np.all(np.isfinite(t)):
        raise ValueError(
            f"x lies too far outside domain {domain!r} to be rescaled "
            "(outside the supported range)"
        )
    return t


def polynomial_design(x: Any, degree: int, *, basis: str = "legendre",
                      domain: Any = (-1.0, 1.0)) -> np.ndarray:
    r"""Design matrix of a polynomial model of degree ``degree``.

    The variable is first mapped to :math:`t \in [-1, 1]`
    (:func:`to_unit_interval`), then column :math:`j` holds
    :math:`\phi_j(t_i)`:

    .. math::

        \text{monomial: } \phi_j(t) = t^j, \qquad
        \text{Chebyshev: } T_{j+1} = 2t\,T_j - T_{j-1}, \qquad
        \text{Legendre: } (j+1) P_{j+1} = (2j+1)\,t\,P_j - j\,P_{j-1}

    with :math:`\phi_0 = 1`, :math:`\phi_1 = t`. All three span the same
    space of polynomials, so the least-squares fits coincide in exact
    arithmetic; they differ in the condition number of the matrix. The
    monomial columns become nearly parallel as the degree grows (a
    Vandermonde matrix), the orthogonal-polynomial columns do not.

    Parameters
    ----------
    x : array_like, shape (n,)
    degree : int, 0 <= degree <= 200
    basis : {"legendre", "chebyshev", "monomial"}
    domain : pair of float, default (-1, 1)
        The interval mapped to :math:`[-1, 1]`.

    Returns
    -------
    numpy.ndarray, shape (n, degree + 1)

    Examples
    --------
    >>> polynomial_design([0.5], 3, basis="legendre").round(4).tolist()
    [[1.0, 0.5, -0.125, -0.4375]]
    >>> polynomial_design([2.0], 2, basis="monomial", domain=(0, 4)).tolist()
    [[1.0, 0.0, 0.0]]
    """
    t = to_unit_interval(x, domain)                         # (n,)
    degree = _check_int(degree, "degree", 0, _MAX_DEGREE)
    basis = _check_basis(basis)
    out = np.empty((t.size, degree + 1))                    # (n, d + 1)
    out[:, 0] = 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        if degree >= 1:
            out[:, 1] = t
        for j in range(1, degree):
            if basis == "monomial":
                out[:, j + 1] = out[:, j] * t
            elif basis == "chebyshev":
                out[:, j + 1] = 2.0 * t * out[:, j] - out[:, j - 1]
            else:
                out[:, j + 1] = ((2 * j + 1) * t * out[:, j]
                                 - j * out[:, j - 1]) / (j + 1)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"x lies too far outside domain {tuple(domain)!r} for degree "
            f"{degree}: the design overflows (outside the supported range)"
        )
    return out


class PolynomialFit(NamedTuple):
    """A fitted polynomial: coefficients in ``basis`` on ``domain``."""

    coef: np.ndarray              # (degree + 1,)
    basis: str
    domain: tuple[float, float]


def _default_domain(x: np.ndarray) -> tuple[float, float]:
    lo, hi = float(x.min()), float(x.max())
    if lo == hi:                  # one distinct point: any interval around it
        pad = max(abs(lo), 1.0)
        lo, hi = lo - pad, hi + pad
    if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(hi - lo)):
        raise ValueError(f"x spans [{x.min()!r}, {x.max()!r}], whose width is "
                         "outside the float64 range: rescale x")
    return lo, hi


def _check_fit_inputs(x: Any, y: Any, degree: Any, basis: Any, domain: Any,
                      degree_name: str = "degree"):
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    _check_pair(x, y, "x", "y")
    degree = _check_int(degree, degree_name, 0, _MAX_DEGREE)
    basis = _check_basis(basis)
    domain = _default_domain(x) if domain is None else _check_domain(domain)
    if x.size < degree + 1:
        raise ValueError(
            f"x must hold at least degree + 1 = {degree + 1} points, "
            f"got {x.size}"
        )
    return x, y, degree, basis, domain


def _rank_check(r: np.ndarray, n_cols: int, shape) -> None:
    """Refuse a design whose R factor is singular to working precision."""
    d = np.abs(np.diag(r)[:n_cols])                         # (n_cols,)
    tol = max(shape) * _EPS * float(d.max(initial=0.0))
    if d.size < n_cols or np.any(d <= tol):
        raise ValueError(
            f"x must contain at least {n_cols} distinct points for this "
            f"degree (the design of shape {shape} is rank deficient; a "
            f"domain much wider than x also collapses its points)"
        )


def fit_polynomial(x: Any, y: Any, degree: int, *, basis: str = "legendre",
                   domain: Any = None) -> PolynomialFit:
    r"""Least-squares polynomial fit by Householder QR.

    .. math::

        \hat\beta = \argmin_{\beta} \| \Phi \beta - y \|_2,
        \qquad \Phi = \text{polynomial\_design}(x, d)

    solved by :func:`execmath.linalg.lstsq_qr` (never the normal
    equations). With ``domain=None`` the interval is taken from the
    training inputs, ``(min x, max x)``, and stored in the result, so that
    predictions on new data reuse the training scaling.

    Parameters
    ----------
    x, y : array_like, shape (n,), n >= degree + 1
    degree : int
    basis : {"legendre", "chebyshev", "monomial"}
    domain : pair of float, optional

    Returns
    -------
    PolynomialFit

    Examples
    --------
    >>> x = np.linspace(0.0, 2.0, 5)
    >>> fit = fit_polynomial(x, 1.0 + 2.0 * x - x**2, 2, basis="monomial")
    >>> fit.domain
    (0.0, 2.0)
    >>> np.allclose(predict_polynomial(fit, [3.0]), [-2.0])
    True
    """
    x, y, degree, basis, domain = _check_fit_inputs(x, y, degree, basis,
                                                    domain)
    phi = polynomial_design(x, degree, basis=basis, domain=domain)
    s = _pow2(y)
    q, r = linalg.householder_qr(phi)                      # (n, d+1), (d+1,)*2
    _rank_check(r, degree + 1, phi.shape)
    coef = linalg.back_substitution(r, q.T @ (y / s)) * s   # (d + 1,)
    if not np.all(np.isfinite(coef)):
        raise ValueError("y is outside the supported range: the coefficients "
                         "overflow")
    return PolynomialFit(coef=coef, basis=basis, domain=domain)


def predict_polynomial(fit: PolynomialFit, x: Any) -> np.ndarray:
    r"""Evaluate a :class:`PolynomialFit` at new inputs,
    :math:`\hat y = \Phi(x)\,\hat\beta`, using the fit's own domain.

    Examples
    --------
    >>> fit = PolynomialFit(np.array([1.0, 2.0]), "monomial", (-1.0, 1.0))
    >>> predict_polynomial(fit, [0.0, 0.5]).tolist()
    [1.0, 2.0]
    """
    if not isinstance(fit, PolynomialFit):
        raise TypeError(f"fit must be a PolynomialFit, got {type(fit).__name__}")
    coef = as_float_array(fit.coef, "fit.coef", ndim=1)
    phi = polynomial_design(x, coef.size - 1, basis=fit.basis,
                            domain=fit.domain)              # (n, d + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        out = phi @ coef                                    # (n,)
    if not np.all(np.isfinite(out)):
        raise ValueError("x is outside the supported range: predictions "
                         "overflow")
    return out


class NestedPolynomialFits(NamedTuple):
    r"""Least-squares fits of every degree :math:`0, \dots, D` at once.

    Row ``d`` of ``coef`` holds the degree-``d`` coefficients followed by
    zeros; ``train_mse[d]`` is its training mean squared error.
    """

    coef: np.ndarray              # (D + 1, D + 1), lower triangular
    train_mse: np.ndarray         # (D + 1,)
    basis: str
    domain: tuple[float, float]


def nested_polynomial_fits(x: Any, y: Any, max_degree: int, *,
                           basis: str = "legendre",
                           domain: Any = None) -> NestedPolynomialFits:
    r"""Fit all degrees :math:`d = 0, \dots, D` from one QR factorisation.

    The column spaces are nested, :math:`\operatorname{col}\Phi_0 \subset
    \dots \subset \operatorname{col}\Phi_D`. Factor the augmented matrix
    :math:`[\Phi_D \mid y] = QR` and let :math:`c = R_{0:D+1, D+1}` and
    :math:`\rho = |R_{D+1, D+1}|`. Then

    .. math::

        R_{0:d+1,0:d+1}\,\hat\beta_d = c_{0:d+1}, \qquad
        n \cdot \text{MSE}_d = \sum_{j=d+1}^{D} c_j^2 + \rho^2 ,

    a tail sum of non-negative terms. Summed from the end, it is
    non-increasing in :math:`d` even in floating point, because rounding
    is monotone: the training error of nested least squares can never go
    up.

    Parameters
    ----------
    x, y : array_like, shape (n,), n >= max_degree + 1
    max_degree : int
    basis : {"legendre", "chebyshev", "monomial"}
    domain : pair of float, optional (default: the range of ``x``)

    Returns
    -------
    NestedPolynomialFits

    Examples
    --------
    >>> x = np.linspace(-1.0, 1.0, 6)
    >>> nf = nested_polynomial_fits(x, x**2, 3, basis="monomial")
    >>> (np.round(nf.coef[2], 12) + 0.0).tolist()
    [0.0, 0.0, 1.0, 0.0]
    >>> bool(np.all(np.diff(nf.train_mse) <= 0))
    True
    """
    x, y, degree, basis, domain = _check_fit_inputs(x, y, max_degree, basis,
                                                    domain, "max_degree")
    phi = polynomial_design(x, degree, basis=basis, domain=domain)
    coef, train = _nested_core(phi, y)
    return NestedPolynomialFits(coef=coef, train_mse=train, basis=basis,
                                domain=domain)


def _nested_core(phi: np.ndarray, y: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of all nested fits and their training MSE (see above):
    :func:`_nested_core_batch` for one problem."""
    coef, train = _nested_core_batch(phi, y[None, :])
    return coef[0], train[0]


def _nested_core_batch(phi: np.ndarray, y: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_nested_core` for R problems at once.

    ``phi`` is (R, n, p) (or (n, p), shared), ``y`` is (R, n); returns
    coefficients (R, p, p), row d of each the degree-d fit, and training
    MSE (R, p). Each problem is scaled by its own power of two, factored
    by LAPACK's Householder QR (NumPy's stacked ``qr``) and solved by one
    back substitution vectorised over the problems.
    """
    reps, n = y.shape
    p = phi.shape[-1]
    top = np.max(np.abs(y), axis=1)                         # (R,)
    s = np.ones(reps)
    nz = top > 0.0
    s[nz] = np.ldexp(1.0, np.frexp(top[nz])[1] - 1)         # powers of two
    aug = np.empty((reps, n, p + 1))
    aug[..., :p] = phi
    aug[..., p] = y / s[:, None]                            # exact
    r = np.linalg.qr(aug, mode="r")                         # (R, k, p + 1)
    d = np.abs(np.diagonal(r[:, :p, :p], axis1=1, axis2=2))  # (R, <= p)
    tol = max(n, p) * _EPS * d.max(axis=1, initial=0.0)
    if d.shape[1] < p or np.any(d <= tol[:, None]):
        _rank_check(r[int(np.argmax(np.any(d <= tol[:, None], axis=1)))],
                    p, (n, p))                              # raises
    c = r[:, :p, p]                                         # (R, p)
    rho = np.abs(r[:, p, p]) if r.shape[1] > p else np.zeros(reps)
    terms = np.concatenate([c[:, 1:] ** 2, rho[:, None] ** 2], axis=1)
    sse = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1]        # tail sums
    rm = r[:, :p, :p]                                       # (R, p, p)
    rhs = np.triu(np.broadcast_to(c[:, :, None], (reps, p, p)))
    x = np.zeros((reps, p, p))                              # column d: fit d
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for i in reversed(range(p)):
            x[:, i] = (rhs[:, i] - np.einsum("rj,rjd->rd", rm[:, i, i + 1:],
                                             x[:, i + 1:])) / rm[:, i, i, None]
        coef = np.swapaxes(x, 1, 2) * s[:, None, None]      # (R, p, p)
        train = sse * (s * s)[:, None] / n
    if not (np.all(np.isfinite(coef)) and np.all(np.isfinite(train))):
        raise ValueError("y is outside the supported range: the fit overflows")
    return np.tril(coef), train


# -------------------------------------------------------------- data splits
class Split(NamedTuple):
    """Indices of a training set and a held-out set (sorted, disjoint)."""

    train: np.ndarray             # (n_train,) int64
    test: np.ndarray              # (n_test,) int64


class Fold(NamedTuple):
    """One fold of k-fold cross-validation: fit on ``train``, score on
    ``validation``."""

    train: np.ndarray             # (n - n_k,) int64
    validation: np.ndarray        # (n_k,) int64


def train_test_split_indices(n: int, test_fraction: float = 0.25, *,
                             rng: np.random.Generator) -> Split:
    r"""Random split of ``range(n)`` into a training and a test set.

    A uniformly random permutation is cut after
    :math:`n_{\text{test}} = \lceil f\,n \rceil` entries (the convention of
    scikit-learn's ``train_test_split``); both parts are returned sorted.

    Parameters
    ----------
    n : int, 2 <= n <= 10**7
    test_fraction : float in (0, 1)
    rng : numpy.random.Generator

    Returns
    -------
    Split

    Examples
    --------
    >>> sp = train_test_split_indices(10, 0.3, rng=np.random.default_rng(0))
    >>> len(sp.train), len(sp.test)
    (7, 3)
    >>> sorted(np.concatenate(sp).tolist()) == list(range(10))
    True
    """
    n = _check_int(n, "n", 2, _MAX_SAMPLES)
    f = _check_real(test_fraction, "test_fraction", minimum=0.0, strict=True)
    if f >= 1.0:
        raise ValueError(f"test_fraction must be < 1, got {test_fraction!r}")
    rng = check_rng(rng)
    n_test = math.ceil(f * n)
    if not 1 <= n_test <= n - 1:
        raise ValueError(
            f"test_fraction={test_fraction!r} with n={n} leaves "
            f"{n_test} test and {n - n_test} training samples; both must be >= 1"
        )
    perm = rng.permutation(n)                               # (n,)
    return Split(train=np.sort(perm[n_test:]), test=np.sort(perm[:n_test]))


def kfold_indices(n: int, k: int, *, shuffle: bool = False,
                  rng: np.random.Generator | None = None) -> tuple[Fold, ...]:
    r"""Index sets of k-fold cross-validation.

    ``range(n)`` (or a random permutation of it when ``shuffle``) is cut
    into :math:`k` consecutive blocks; the first :math:`n \bmod k` blocks
    have :math:`\lfloor n/k \rfloor + 1` entries, the others
    :math:`\lfloor n/k \rfloor` (scikit-learn's ``KFold`` convention).
    Fold :math:`j` validates on block :math:`j` and trains on the rest:

    .. math::

        V_1 \cup \dots \cup V_k = \{0, \dots, n-1\}, \qquad
        V_i \cap V_j = \emptyset \ (i \ne j), \qquad T_j = V_j^{c} .

    Parameters
    ----------
    n : int, 2 <= n <= 10**7
    k : int, 2 <= k <= n
    shuffle : bool, default False
    rng : numpy.random.Generator, required when ``shuffle`` is True

    Returns
    -------
    tuple of Fold
        Sorted int64 index arrays.

    Examples
    --------
    >>> [f.validation.size for f in kfold_indices(10, 4)]
    [3, 3, 2, 2]
    >>> folds = kfold_indices(6, 3, shuffle=True, rng=np.random.default_rng(1))
    >>> sorted(np.concatenate([f.validation for f in folds]).tolist())
    [0, 1, 2, 3, 4, 5]
    """
    n = _check_int(n, "n", 2, _MAX_SAMPLES)
    k = _check_int(k, "k", 2, _MAX_SAMPLES)
    if k > n:
        raise ValueError(f"k must be <= n = {n}, got k={k}")
    shuffle = _check_bool(shuffle, "shuffle")
    if rng is not None:
        rng = check_rng(rng)
    if shuffle and rng is None:
        raise ValueError("rng must be a numpy.random.Generator when "
                         "shuffle=True, got None")
    order = rng.permutation(n) if shuffle else np.arange(n)  # (n,)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - sizes, stops):
        member = np.zeros(n, dtype=bool)                    # (n,)
        member[order[start:stop]] = True
        folds.append(Fold(train=np.flatnonzero(~member),
                          validation=np.flatnonzero(member)))
    return tuple(folds)


def _check_folds(folds: Any, n: int) -> list[Fold]:
    """Folds with integer index arrays inside ``range(n)``."""
    if isinstance(folds, (str, bytes)) or not isinstance(folds, Sequence) \
            or len(folds) == 0:
        raise ValueError(f"folds must be a non-empty sequence of Fold, "
                         f"got {type(folds).__name__}")
    out = []
    for j, fold in enumerate(folds):
        if not isinstance(fold, tuple) or len(fold) != 2:
            raise ValueError(f"folds[{j}] must be a (train, validation) pair")
        parts = []
        for name, idx in zip(("train", "validation"), fold):
            # indices into range(n)
            parts.append(as_int_array(idx, f"folds[{j}].{name}", low=0,
                                      high=n - 1))
        out.append(Fold(*parts))
    return out


class CVResult(NamedTuple):
    r"""Cross-validated mean squared errors, one row per model.

    ``mean`` is the average over folds; ``se`` is
    :math:`\text{sd}/\sqrt{k}` of the fold errors, a heuristic spread (the
    folds share training data, so they are not independent).
    """

    degrees: np.ndarray           # (D,)
    fold_mse: np.ndarray          # (D, k)
    mean: np.ndarray              # (D,)
    se: np.ndarray                # (D,)


def cv_polynomial_mse(x: Any, y: Any, degrees: Any, folds: Any, *,
                      basis: str = "legendre") -> CVResult:
    r"""K-fold cross-validated MSE of polynomial fits of several degrees.

    .. math::

        \text{CV}(d) = \frac{1}{k} \sum_{j=1}^{k}
        \frac{1}{|V_j|} \sum_{i \in V_j} \big(y_i - \hat f_d^{(-j)}(x_i)\big)^2

    where :math:`\hat f_d^{(-j)}` is fitted on the training part of fold
    :math:`j` only, with the input scaling taken from that training part
    too (nothing about the validation fold leaks into the fit).

    Parameters
    ----------
    x, y : array_like, shape (n,)
    degrees : array_like of int, shape (D,)
    folds : sequence of Fold, e.g. from :func:`kfold_indices`
    basis : {"legendre", "chebyshev", "monomial"}

    Returns
    -------
    CVResult

    Examples
    --------
    >>> x = np.linspace(-1.0, 1.0, 12)
    >>> cv = cv_polynomial_mse(x, 3 * x - 1, [0, 1], kfold_indices(12, 3))
    >>> bool(cv.mean[1] < 1e-20 < cv.mean[0])
    True
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    _check_pair(x, y, "x", "y")
    deg = as_int_array(degrees, "degrees", low=0, high=_MAX_DEGREE)
    folds = _check_folds(folds, x.size)
    basis = _check_basis(basis)
    d_max = int(deg.max())
    out = np.empty((deg.size, len(folds)))                  # (D, k)
    for j, fold in enumerate(folds):
        if fold.train.size < d_max + 1:
            raise ValueError(
                f"folds[{j}].train has {fold.train.size} samples, fewer "
                f"than max(degrees) + 1 = {d_max + 1}")
        nf = nested_polynomial_fits(x[fold.train], y[fold.train], d_max,
                                    basis=basis)
        phi = polynomial_design(x[fold.validation], d_max, basis=basis,
                                domain=nf.domain)           # (n_j, D + 1)
        with np.errstate(over="ignore", invalid="ignore"):
            resid = y[fold.validation, None] - phi @ nf.coef[deg].T
            out[:, j] = np.mean(resid**2, axis=0)
    if not np.all(np.isfinite(out)):
        raise ValueError("x or y is outside the supported range: the "
                         "validation error overflows")
    mean, se = _mean_se(out, axis=1)
    return CVResult(degrees=deg.astype(np.int64), fold_mse=out, mean=mean,
                    se=se)


# ------------------------------------------------------------------- ridge
def _check_lams(lam: Any, name: str = "lam") -> tuple[np.ndarray, bool]:
    """λ as a 1-D array of finite values >= 0, and whether it was scalar."""
    arr = as_float_array(lam, name, ndim=(0, 1))
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got min {arr.min()!r}")
    return np.atleast_1d(arr), arr.ndim == 0


def ridge_filter_factors(singular_values: Any, lam: Any) -> np.ndarray:
    r"""Ridge filter factors :math:`f_i = \sigma_i^2 / (\sigma_i^2 + \lambda)`.

    Evaluated as :math:`1 / (1 + (\sqrt\lambda/\sigma_i)^2)`, which never
    forms :math:`\sigma_i^2` and so cannot overflow. A zero singular value
    has :math:`f_i = 0`; at :math:`\lambda = 0` every positive one has
    :math:`f_i = 1`.

    Parameters
    ----------
    singular_values : array_like, shape (r,), >= 0
    lam : float or array_like, shape (L,), >= 0

    Returns
    -------
    numpy.ndarray, shape (r,) for scalar ``lam``, else (L, r)

    Examples
    --------
    >>> ridge_filter_factors([2.0, 1.0, 0.0], 1.0).tolist()
    [0.8, 0.5, 0.0]
    """
    s = as_float_array(singular_values, "singular_values", ndim=1)
    if np.any(s < 0):
        raise ValueError(f"singular_values must be >= 0, got min {s.min()!r}")
    lams, scalar = _check_lams(lam)
    f = _filters(s, np.sqrt(lams))
    return f[0] if scalar else f


def _filters(s: np.ndarray, root: np.ndarray) -> np.ndarray:
    r"""Filter factors from singular values ``s`` (r,) and
    :math:`\sqrt\lambda` values ``root`` (L,), both on the same scale.

    An overflowing ratio gives the correct limit :math:`f = 0`.
    """
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = root[:, None] / s[None, :]                  # (L, r)
        f = 1.0 / (1.0 + ratio * ratio)
    f = np.where(s[None, :] > 0, f, 0.0)                    # 0/0 -> 0
    return np.where((root[:, None] == 0) & (s[None, :] > 0), 1.0, f)


def _svd(x: np.ndarray):
    try:
        return np.linalg.svd(x, full_matrices=False)
    except np.linalg.LinAlgError as exc:                    # pragma: no cover
        raise ValueError(f"X: the SVD of shape {x.shape} did not converge "
                         "(outside the supported range)") from exc


def _rank_tol(s: np.ndarray, shape) -> float:
    """NumPy's lstsq cut-off: σ_max · max(n, p) · ε."""
    return float(s.max(initial=0.0)) * max(shape) * _EPS


def ridge_svd(X: Any, y: Any, lam: Any) -> np.ndarray:
    r"""Ridge regression through the thin SVD :math:`X = U \Sigma V^\top`.

    .. math::

        \hat w_\lambda = \argmin_w \|Xw - y\|_2^2 + \lambda \|w\|_2^2
        = \sum_{i} \frac{\sigma_i}{\sigma_i^2 + \lambda}\,
          (u_i^\top y)\, v_i
        = \sum_i f_i \frac{u_i^\top y}{\sigma_i}\, v_i

    with filter factors :math:`f_i = \sigma_i^2/(\sigma_i^2+\lambda)`. The
    coefficient :math:`\sigma_i/(\sigma_i^2+\lambda)` is evaluated as
    :math:`1/(\sigma_i + \lambda/\sigma_i)`, so nothing is squared and no
    inverse is formed. Singular values below
    :math:`\sigma_1 \max(n, p)\,\varepsilon` are rounding noise and are
    treated as zero for every :math:`\lambda` (a perturbation of
    :math:`X` of the size of its rounding error); at :math:`\lambda = 0`
    this gives the minimum-norm least-squares solution of
    ``numpy.linalg.lstsq(X, y, rcond=None)``. The objective has no
    :math:`1/n` and no intercept: it is scikit-learn's
    ``Ridge(alpha=lam, fit_intercept=False)``.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lam : float or array_like, shape (L,), >= 0

    Returns
    -------
    numpy.ndarray, shape (p,) for scalar ``lam``, else (L, p)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    >>> ridge_svd(X, [1.0, 2.0, 5.0], 1.0).tolist()
    [0.5, 0.8]
    >>> ridge_svd(X, [1.0, 2.0, 5.0], [0.0, 4.0]).tolist()
    [[1.0, 1.0], [0.2, 0.5]]
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    _check_pair(X, y, "X", "y")
    lams, scalar = _check_lams(lam)
    sx, sy = _pow2(X), _pow2(y)                             # exact rescaling
    u, s, vt = _svd(X / sx)                              # (n, r), (r,), (r, p)
    c = u.T @ (y / sy)                                      # (r,)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        lam_s = np.sqrt(lams) / sx                         # sqrt(λ), X's scale
        g = 1.0 / (s[None, :] + (lam_s**2)[:, None] / s[None, :])   # (L, r)
    # singular values at rounding level are zeros (numerical rank): drop
    # them for every λ, so the path is continuous and monotone at λ = 0
    g = np.where(s[None, :] > _rank_tol(s, X.shape), g, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        w = ((g * c[None, :]) @ vt) * sy / sx               # (L, p)
    if not np.all(np.isfinite(w)):
        raise ValueError("X and y are outside the supported range: the ridge "
                         "coefficients overflow")
    return w[0] if scalar else w


def ridge_augmented_qr(X: Any, y: Any, lam: float) -> np.ndarray:
    r"""Ridge regression as an ordinary least-squares problem, solved by
    Householder QR.

    .. math::

        \|Xw - y\|_2^2 + \lambda\|w\|_2^2 =
        \left\| \begin{bmatrix} X \\ \sqrt\lambda\, I_p \end{bmatrix} w
        - \begin{bmatrix} y \\ 0 \end{bmatrix} \right\|_2^2

    The stacked matrix has singular values
    :math:`\sqrt{\sigma_i^2 + \lambda}`, so for :math:`\lambda > 0` it has
    full column rank for every :math:`X` and condition number
    :math:`\sqrt{(\sigma_1^2+\lambda)/(\sigma_p^2+\lambda)}`; QR never
    squares it (the normal equations would).

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lam : float, >= 0 (0 requires full column rank)

    Returns
    -------
    numpy.ndarray, shape (p,)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    >>> np.allclose(ridge_augmented_qr(X, [1.0, 2.0, 5.0], 1.0), [0.5, 0.8])
    True
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    _check_pair(X, y, "X", "y")
    lam = _check_real(lam, "lam", minimum=0.0)
    n, p = X.shape
    if p > _MAX_SAMPLES // max(n + p, 1):
        raise ValueError(f"X of shape {X.shape} is outside the supported range")
    sx, sy = _pow2(X), _pow2(y)
    try:
        root = math.sqrt(lam) / sx                         # sqrt(λ), X's scale
    except OverflowError:
        root = math.inf
    if math.isinf(root):                                    # λ dominates X
        return np.zeros(p)
    a = np.zeros((n + p, p))                                # (n + p, p)
    a[:n] = X / sx
    a[np.arange(n, n + p), np.arange(p)] = root             # sqrt(λ) I_p
    b = np.concatenate([y / sy, np.zeros(p)])               # (n + p,)
    q, r = linalg.householder_qr(a)                         # (n+p, p), (p, p)
    d = np.abs(np.diag(r))
    if np.any(d <= (n + p) * _EPS * float(d.max(initial=0.0))):
        raise ValueError(
            f"X must have full column rank when lam = 0, got shape {X.shape} "
            "with a (numerically) dependent column")
    with np.errstate(over="ignore", invalid="ignore"):
        w = linalg.back_substitution(r, q.T @ b) * sy / sx  # (p,)
    if not np.all(np.isfinite(w)):
        raise ValueError("X and y are outside the supported range: the ridge "
                         "coefficients overflow")
    return w


def ridge_effective_dof(X: Any, lam: Any) -> float | np.ndarray:
    r"""Effective degrees of freedom of ridge regression.

    .. math::

        \operatorname{df}(\lambda) = \operatorname{tr} H_\lambda
        = \sum_i \frac{\sigma_i^2}{\sigma_i^2 + \lambda},
        \qquad H_\lambda = X (X^\top X + \lambda I)^{-1} X^\top

    It falls from :math:`\operatorname{rank} X` at :math:`\lambda = 0` (the
    numerical rank, with NumPy's tolerance) towards 0 as
    :math:`\lambda \to \infty`.

    Parameters
    ----------
    X : array_like, shape (n, p)
    lam : float or array_like, shape (L,), >= 0

    Returns
    -------
    float or numpy.ndarray of shape (L,)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    >>> ridge_effective_dof(X, [0.0, 1.0, 4.0]).tolist()
    [2.0, 1.3, 0.7]
    """
    X = as_float_array(X, "X", ndim=2)
    lams, scalar = _check_lams(lam)
    sx = _pow2(X)
    s = np.linalg.svd(X / sx, compute_uv=False)             # (r,)
    s = np.where(s > _rank_tol(s, X.shape), s, 0.0)
    with np.errstate(over="ignore"):
        root = np.sqrt(lams) / sx                        # sqrt(λ) on X's scale
    dof = _filters(s, root).sum(axis=-1)                    # (L,)
    return float(dof[0]) if scalar else dof


class RidgePath(NamedTuple):
    r"""Ridge solutions along a grid of :math:`\lambda`.

    ``coef[i]`` solves the problem at ``lams[i]``; ``norm[i]`` is its
    Euclidean norm and ``dof[i]`` the effective degrees of freedom;
    ``lstsq`` is the minimum-norm least-squares solution
    (:math:`\lambda = 0`), the limit of the path as :math:`\lambda \to 0`.
    """

    lams: np.ndarray              # (L,)
    coef: np.ndarray              # (L, p)
    norm: np.ndarray              # (L,)
    dof: np.ndarray               # (L,)
    lstsq: np.ndarray             # (p,)


def ridge_path(X: Any, y: Any, lams: Any) -> RidgePath:
    r"""Ridge coefficients, their norm and effective degrees of freedom
    along an increasing grid of :math:`\lambda`, all from one SVD.

    .. math::

        \|\hat w_\lambda\|_2^2 = \sum_i
        \Big(\frac{\sigma_i\, u_i^\top y}{\sigma_i^2 + \lambda}\Big)^2

    Every term decreases in :math:`\lambda`, so the norm is non-increasing
    along the path.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    lams : array_like, shape (L,), strictly increasing, >= 0

    Returns
    -------
    RidgePath

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    >>> path = ridge_path(X, [1.0, 2.0, 5.0], [0.5, 1.0, 4.0])
    >>> bool(np.all(np.diff(path.norm) < 0)), path.lstsq.tolist()
    (True, [1.0, 1.0])
    """
    lam_arr = as_float_array(lams, "lams", ndim=1)
    if np.any(lam_arr < 0) or np.any(np.diff(lam_arr) <= 0):
        raise ValueError("lams must be >= 0 and strictly increasing, got "
                         f"values from {lam_arr.min()!r} to {lam_arr.max()!r}")
    coef = ridge_svd(X, y, lam_arr)                         # (L, p)
    lstsq = ridge_svd(X, y, 0.0)                            # (p,)
    scale = np.max(np.abs(coef), axis=1, keepdims=True)     # (L, 1)
    scale = np.where(scale > 0, scale, 1.0)
    norm = np.linalg.norm(coef / scale, axis=1) * scale[:, 0]
    return RidgePath(lams=lam_arr, coef=coef, norm=norm,
                     dof=ridge_effective_dof(X, lam_arr), lstsq=lstsq)


# ------------------------------------------------------ bias and variance
class BiasVarianceStudy(NamedTuple):
    r"""Monte Carlo bias-variance study of polynomial regression.

    Per repetition :math:`r` (a fresh training set) and degree :math:`d`:
    ``train_mse[r, d]`` and ``test_mse[r, d]`` (on the grid, with fresh
    noise). Averaged over the grid :math:`x_g`: ``bias2[d]`` estimates
    :math:`\overline{(\E \hat f_d - f)^2}` and ``variance[d]`` estimates
    :math:`\overline{\Var \hat f_d}`, so that
    ``noise_var + bias2 + variance`` estimates the expected test MSE.
    """

    degrees: np.ndarray           # (D + 1,)
    train_mse: np.ndarray         # (R, D + 1)
    test_mse: np.ndarray          # (R, D + 1)
    bias2: np.ndarray             # (D + 1,)
    variance: np.ndarray          # (D + 1,)
    noise_var: float
    x_grid: np.ndarray            # (G,)

    @property
    def train_mean(self) -> np.ndarray:
        """Mean training MSE over repetitions, shape (D + 1,)."""
        return _mean_se(self.train_mse)[0]

    @property
    def train_se(self) -> np.ndarray:
        """Monte Carlo standard error of :attr:`train_mean`."""
        return _mean_se(self.train_mse)[1]

    @property
    def test_mean(self) -> np.ndarray:
        """Mean test MSE over repetitions, shape (D + 1,)."""
        return _mean_se(self.test_mse)[0]

    @property
    def test_se(self) -> np.ndarray:
        """Monte Carlo standard error of :attr:`test_mean`."""
        return _mean_se(self.test_mse)[1]


def _evaluate_target(target: Any, x: np.ndarray) -> np.ndarray:
    if not callable(target):
        raise TypeError(f"target must be callable, got {type(target).__name__}")
    try:
        fx = target(x.copy())
    except Exception as exc:  # noqa: BLE001 - the user's function failed
        raise ValueError(f"target raised {type(exc).__name__} on an array of "
                         f"shape {x.shape}") from exc
    fx = as_float_array(fx, "target(x)", ndim=1)
    if fx.shape != x.shape:
        raise ValueError(f"target(x) must have shape {x.shape}, got "
                         f"{fx.shape}")
    return fx


def bias_variance_study(
    target: Callable[[np.ndarray], np.ndarray],
    max_degree: int,
    *,
    n_train: int,
    noise_sd: float,
    n_reps: int,
    rng: np.random.Generator,
    n_grid: int = 200,
    basis: str = "legendre",
    x_train: Any = None,
) -> BiasVarianceStudy:
    r"""Simulate the bias-variance decomposition for polynomial regression.

    Data: :math:`x_i \sim U[-1, 1]`, :math:`y_i = f(x_i) + \varepsilon_i`,
    :math:`\varepsilon_i \sim \mathcal N(0, \sigma^2)`. For each of
    ``n_reps`` independent training sets every degree
    :math:`0, \dots, D` is fitted (:func:`nested_polynomial_fits`, scaling
    fixed to :math:`[-1, 1]`) and evaluated on ``n_grid`` equispaced test
    points with fresh noise. At a fixed test point :math:`x`, over training
    sets and the test noise,

    .. math::

        \E\big[(y - \hat f(x))^2\big] = \sigma^2
        + \big(\E \hat f(x) - f(x)\big)^2 + \Var \hat f(x) .

    ``variance`` averages the sample variance (ddof 1) of
    :math:`\hat f_r(x_g)` over the grid; ``bias2`` averages
    :math:`(\bar f(x_g) - f(x_g))^2 - \widehat{\Var}/R`, the plug-in
    squared bias minus its own upward bias, which is unbiased.

    Parameters
    ----------
    target : callable
        The true regression function :math:`f`, vectorised.
    max_degree : int
    n_train : int, > max_degree + 1
    noise_sd : float, >= 0
    n_reps : int, >= 2
    rng : numpy.random.Generator
    n_grid : int, default 200
    basis : {"legendre", "chebyshev", "monomial"}

    Returns
    -------
    BiasVarianceStudy

    Examples
    --------
    >>> st = bias_variance_study(np.sin, 3, n_train=20, noise_sd=0.1,
    ...                          n_reps=50, rng=np.random.default_rng(0))
    >>> st.test_mse.shape, bool(np.all(np.diff(st.train_mse, axis=1) <= 0))
    ((50, 4), True)
    """
    max_degree = _check_int(max_degree, "max_degree", 0, _MAX_DEGREE)
    n_train = _check_int(n_train, "n_train", 1, _MAX_SAMPLES)
    if n_train < max_degree + 2:
        raise ValueError(f"n_train must be >= max_degree + 2 = "
                         f"{max_degree + 2}, got {n_train}")
    noise_sd = _check_real(noise_sd, "noise_sd", minimum=0.0)
    if noise_sd > 1e100:
        raise ValueError(f"noise_sd must be <= 1e100 (the supported range), "
                         f"got {noise_sd!r}")
    n_reps = _check_int(n_reps, "n_reps", 2, _MAX_REPS)
    rng = check_rng(rng)
    n_grid = _check_int(n_grid, "n_grid", 1, _MAX_SAMPLES)
    basis = _check_basis(basis)
    p = max_degree + 1
    if n_reps * p > _MAX_CELLS or n_grid * p > _MAX_CELLS:
        raise ValueError(f"n_reps={n_reps}, n_grid={n_grid} and "
                         f"max_degree={max_degree} are outside the supported "
                         "range (too much memory)")
    x_grid = np.linspace(-1.0, 1.0, n_grid)                 # (G,)
    f_grid = _evaluate_target(target, x_grid)               # (G,)
    phi_grid = polynomial_design(x_grid, max_degree, basis=basis)  # (G, p)
    train = np.empty((n_reps, p))                           # (R, p)
    test = np.empty((n_reps, p))                            # (R, p)
    mean = np.zeros((n_grid, p))                            # running mean
    m2 = np.zeros((n_grid, p))                             # and sum of squares
    if x_train is not None:
        x_fixed = as_float_array(x_train, "x_train", ndim=1)
        if x_fixed.size != n_train or np.any(np.abs(x_fixed) > 1.0):
            raise ValueError(f"x_train must hold n_train={n_train} points in "
                             f"[-1, 1], got shape {x_fixed.shape}")
        f_fixed = _evaluate_target(target, x_fixed)         # (n,)
        phi_fixed = polynomial_design(x_fixed, max_degree, basis=basis)
    # Repetitions are processed in blocks: the draws in the order of one
    # repetition after another (x, training noise, test noise), then every
    # fit and prediction of the block at once.
    block = max(1, min(n_reps, _BLOCK_CELLS // (max(n_grid, n_train) * p)))
    # Overflow (enormous targets or noise) turns into inf/nan, which the
    # finiteness check below refuses: a ValueError, never a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, n_reps, block):
            m = min(block, n_reps - start)
            y = np.empty((m, n_train))                          # (m, n)
            y_new = np.empty((m, n_grid))                       # (m, G)
            if x_train is None:                                 # random design
                xs = np.empty((m, n_train))
                for k in range(m):
                    xs[k] = rng.uniform(-1.0, 1.0, n_train)
                    y[k] = _evaluate_target(target, xs[k])
                    y[k] += noise_sd * rng.standard_normal(n_train)
                    y_new[k] = noise_sd * rng.standard_normal(n_grid)
                phi = polynomial_design(xs.ravel(), max_degree, basis=basis
                                        ).reshape(m, n_train, p)
            else:                                               # fixed design
                for k in range(m):
                    y[k] = noise_sd * rng.standard_normal(n_train)
                    y_new[k] = noise_sd * rng.standard_normal(n_grid)
                y += f_fixed
                phi = phi_fixed
            y_new += f_grid
            coef, train[start:start + m] = _nested_core_batch(phi, y)
            pred = phi_grid @ np.swapaxes(coef, 1, 2)           # (m, G, p)
            test[start:start + m] = np.mean(
                (y_new[:, :, None] - pred) ** 2, axis=1)
            # merge the block's mean and sum of squares (Chan et al.)
            b_mean = pred.mean(axis=0)                          # (G, p)
            b_m2 = np.sum((pred - b_mean) ** 2, axis=0)
            delta = b_mean - mean
            mean += delta * (m / (start + m))
            m2 += b_m2 + delta**2 * (start * m / (start + m))
    var_g = m2 / (n_reps - 1)                               # (G, p)
    bias2_g = (mean - f_grid[:, None]) ** 2 - var_g / n_reps
    out = (train, test, bias2_g, var_g)
    if not all(np.all(np.isfinite(a)) for a in out):
        raise ValueError("target values or noise_sd are outside the "
                         "supported range: the study overflows")
    return BiasVarianceStudy(
        degrees=np.arange(p), train_mse=train, test_mse=test,
        bias2=bias2_g.mean(axis=0), variance=var_g.mean(axis=0),
        noise_var=noise_sd**2, x_grid=x_grid)


class VarianceEstimatorStudy(NamedTuple):
    r"""Means (over repetitions) of the two variance estimators, with
    Monte Carlo standard errors, for each sample size ``n``."""

    n: np.ndarray                 # (N,)
    mean_biased: np.ndarray       # (N,) divisor n
    se_biased: np.ndarray         # (N,)
    mean_unbiased: np.ndarray     # (N,) divisor n - 1
    se_unbiased: np.ndarray       # (N,)
    sigma2: float


def variance_estimator_study(ns: Any, n_reps: int, *, sigma: float = 1.0,
                             rng: np.random.Generator
                             ) -> VarianceEstimatorStudy:
    r"""Monte Carlo check of :math:`\E\hat\sigma^2_n = \frac{n-1}{n}\sigma^2`.

    For each :math:`n`, draw ``n_reps`` samples of size :math:`n` from
    :math:`\mathcal N(0, \sigma^2)` and average

    .. math::

        \hat\sigma^2_n = \frac1n \sum_i (x_i - \bar x)^2, \qquad
        s^2 = \frac{1}{n-1} \sum_i (x_i - \bar x)^2 ,

    both computed in two passes (mean first), never as
    :math:`\overline{x^2} - \bar x^2`.

    Parameters
    ----------
    ns : array_like of int, shape (N,), each >= 2
    n_reps : int, >= 2
    sigma : float, > 0
    rng : numpy.random.Generator

    Returns
    -------
    VarianceEstimatorStudy

    Examples
    --------
    >>> st = variance_estimator_study([2, 5], 4000, rng=np.random.default_rng(0))
    >>> bool(abs(st.mean_biased[0] - 0.5) < 4 * st.se_biased[0])
    True
    """
    ns_arr = as_int_array(ns, "ns", low=2, high=_MAX_SAMPLES)
    n_reps = _check_int(n_reps, "n_reps", 2, _MAX_REPS)
    sigma = _check_real(sigma, "sigma", minimum=0.0, strict=True)
    if not 1e-150 <= sigma <= 1e150:
        raise ValueError(f"sigma must lie in [1e-150, 1e150] (the supported "
                         f"range), got {sigma!r}")
    rng = check_rng(rng)
    if int(ns_arr.max()) * n_reps > _MAX_CELLS:
        raise ValueError(f"max(ns) * n_reps = {int(ns_arr.max()) * n_reps} "
                         "is outside the supported range (too much memory)")
    res = np.empty((4, ns_arr.size))
    for i, n in enumerate(ns_arr):
        z = rng.standard_normal((n_reps, int(n)))          # (R, n), unit scale
        ss = np.sum((z - z.mean(axis=1, keepdims=True)) ** 2, axis=1)  # (R,)
        res[0, i], res[1, i] = _mean_se(ss / n)
        res[2, i], res[3, i] = _mean_se(ss / (n - 1))
    res *= sigma**2                                         # scale at the end
    return VarianceEstimatorStudy(
        n=ns_arr.astype(np.int64), mean_biased=res[0], se_biased=res[1],
        mean_unbiased=res[2], se_unbiased=res[3], sigma2=sigma**2)


# ----------------------------------------------------------------- leakage
def select_top_k_features(X: Any, y: Any, k: int) -> np.ndarray:
    r"""Indices of the ``k`` columns most correlated (in absolute value,
    uncentred) with ``y``.

    .. math::

        \text{score}_j = \frac{|x_{:,j}^\top y|}{\|x_{:,j}\|\,\|y\|}

    Ties are broken by the column index. A zero column scores 0.

    Parameters
    ----------
    X : array_like, shape (n, p)
    y : array_like, shape (n,)
    k : int, 1 <= k <= p

    Returns
    -------
    numpy.ndarray of int64, shape (k,), sorted

    Examples
    --------
    >>> X = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, -1.0]])
    >>> select_top_k_features(X, [2.0, 0.0, 2.0], 1).tolist()
    [0]
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    _check_pair(X, y, "X", "y")
    k = _check_int(k, "k", 1, X.shape[1])
    xs = X / _pow2(X)                                       # (n, p)
    ys = y / _pow2(y)                                       # (n,)
    norms = np.linalg.norm(xs, axis=0)                      # (p,)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(norms > 0, np.abs(xs.T @ ys) / norms, 0.0)
    order = np.lexsort((np.arange(score.size), -score))     # best first
    return np.sort(order[:k]).astype(np.int64)


class LeakageStudy(NamedTuple):
    r"""Cross-validated MSE with feature selection outside (leaky) and
    inside (honest) the folds, per repetition, and the true risk
    :math:`1 + \|\hat w\|^2` of the model fitted on all data."""

    leaky: np.ndarray             # (R,)
    honest: np.ndarray            # (R,)
    true_risk: np.ndarray         # (R,)

    def summary(self) -> dict[str, tuple[float, float]]:
        """Mean and Monte Carlo standard error of each column."""
        return {name: tuple(float(v) for v in _mean_se(getattr(self, name)))
                for name in ("leaky", "honest", "true_risk")}


def _lstsq_small(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Least squares by LAPACK's Householder QR and back substitution: the
    algorithm of ``linalg.lstsq_qr``, fast enough for Monte Carlo loops
    (LAPACK's triangular solve: the loop of ``linalg.back_substitution``
    costs more than the factorisation at these sizes)."""
    q, r = sla.qr(a, mode="economic", check_finite=False)  # (m, n), (n, n)
    if np.any(np.diag(r) == 0.0):
        raise ValueError("the selected columns are rank deficient")
    return sla.solve_triangular(r, q.T @ b, check_finite=False)


def _cv_mse_selected(X, y, folds, k, select_inside: bool,
                     fixed: np.ndarray) -> float:
    sse = 0.0
    for fold in folds:
        cols = (select_top_k_features(X[fold.train], y[fold.train], k)
                if select_inside else fixed)
        w = _lstsq_small(X[np.ix_(fold.train, cols)], y[fold.train])
        resid = y[fold.validation] - X[np.ix_(fold.validation, cols)] @ w
        sse += float(resid @ resid)
    return sse / y.size


def leakage_study(n: int, p: int, k_features: int, n_folds: int,
                  n_reps: int, *, rng: np.random.Generator) -> LeakageStudy:
    r"""Data leakage through feature selection, measured by simulation.

    Each repetition draws pure noise: :math:`X_{ij} \sim \mathcal N(0,1)`
    and an independent :math:`y_i \sim \mathcal N(0,1)`, so no predictor
    beats the risk of :math:`\hat y = 0`, which is 1. The
    ``k_features`` columns most correlated with :math:`y` are selected
    (:func:`select_top_k_features`) and fitted by least squares without
    intercept, and the procedure is scored by ``n_folds``-fold CV
    (shuffled, pooled squared error):

    * *leaky*: selection on all :math:`n` rows, then cross-validation;
    * *honest*: selection repeated inside every training fold.

    For a fitted :math:`\hat w` on independent standard normal features,
    the risk on new data is exactly :math:`\E(y - x^\top\hat w)^2 =
    1 + \|\hat w\|^2`; ``true_risk`` records it for the model selected and
    fitted on all data, the quantity the CV estimates try to measure.

    Parameters
    ----------
    n : int, samples
    p : int, candidate features, >= k_features
    k_features : int, selected features, small enough that every
        training fold has more rows than ``k_features``
    n_folds : int, 2 <= n_folds <= n
    n_reps : int, >= 2
    rng : numpy.random.Generator

    Returns
    -------
    LeakageStudy

    Examples
    --------
    >>> st = leakage_study(30, 200, 5, 5, 20, rng=np.random.default_rng(0))
    >>> s = st.summary()
    >>> bool(s["leaky"][0] < 1.0 < s["honest"][0])
    True
    """
    n = _check_int(n, "n", 4, 10**5)
    p = _check_int(p, "p", 1, 10**5)
    k_features = _check_int(k_features, "k_features", 1, p)
    n_folds = _check_int(n_folds, "n_folds", 2, n)
    n_reps = _check_int(n_reps, "n_reps", 2, _MAX_REPS)
    rng = check_rng(rng)
    if n * p > _MAX_CELLS:
        raise ValueError(f"n * p = {n * p} is outside the supported range "
                         "(too much memory)")
    smallest_train = n - math.ceil(n / n_folds)
    if smallest_train <= k_features:
        raise ValueError(
            f"k_features must be < the smallest training fold "
            f"({smallest_train} rows for n={n}, n_folds={n_folds}), "
            f"got {k_features}")
    out = np.empty((3, n_reps))
    for r in range(n_reps):
        X = rng.standard_normal((n, p))                     # (n, p)
        y = rng.standard_normal(n)                          # (n,)
        folds = kfold_indices(n, n_folds, shuffle=True, rng=rng)
        cols = select_top_k_features(X, y, k_features)      # uses all rows
        out[0, r] = _cv_mse_selected(X, y, folds, k_features, False, cols)
        out[1, r] = _cv_mse_selected(X, y, folds, k_features, True, cols)
        w_all = _lstsq_small(X[:, cols], y)                 # (k,)
        out[2, r] = 1.0 + float(w_all @ w_all)
    return LeakageStudy(leaky=out[0], honest=out[1], true_risk=out[2])
