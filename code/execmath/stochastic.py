r"""Stochastic optimization: finite sums, mini-batches, SGD, momentum, Adam.

A training loss is a *finite sum*, an average of per-example losses,

.. math::

    f(w) = \frac1N \sum_{i=1}^N f_i(w),
    \qquad \nabla f(w) = \frac1N \sum_{i=1}^N \nabla f_i(w),

and a mini-batch :math:`\mathcal B` of indices drawn uniformly at random
gives an unbiased estimate :math:`g_{\mathcal B}(w) = |\mathcal B|^{-1}
\sum_{i \in \mathcal B} \nabla f_i(w)` of the full gradient. This module
holds a least-squares finite sum on synthetic data, the mini-batch
samplers (epochs that shuffle without replacement, or independent draws
with replacement), learning-rate schedules as pure functions of the step,
the update rules of SGD with heavy-ball momentum and of Adam, gradient
clipping by global norm, and two experiments with exact answers: the
variance of the mini-batch gradient against the batch size, and the
stationary loss excess ("noise floor") of constant-step SGD.

Every optimiser returns a :class:`Trace` (losses per epoch and per step,
learning rates, gradient norms, iterates on request, evaluation counts).
Randomness enters only through an explicit ``rng``; nothing prints or
plots.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    MAX_ELEMENTS,
    InputTypeError,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_rng,
    norm2,
    pow2_scale,
)
from execmath.fitting import loglog_fit

__all__ = [
    "AdamMoments",
    "LeastSquares",
    "NoiseFloor",
    "SlopeFit",
    "Trace",
    "VarianceStudy",
    "adam",
    "adam_moments",
    "adam_update",
    "bias_correction_factor",
    "clip_by_global_norm",
    "constant_lr",
    "cosine_lr",
    "epoch_batches",
    "global_norm",
    "gradient_variance",
    "inverse_time_lr",
    "linear_warmup_lr",
    "make_least_squares",
    "minibatch_variance",
    "minibatch_variance_study",
    "momentum_update",
    "noise_floor",
    "sample_batch",
    "sgd",
    "stationary_excess",
    "step_decay_lr",
    "variance_slope",
]

#: Largest number of optimiser steps (or chain steps) one call may take:
#: far beyond what the book needs, small enough to fail fast on a typo.
MAX_STEPS = 10**7
#: Largest number of array entries one call may allocate at once.
MAX_ENTRIES = MAX_ELEMENTS


# --------------------------------------------------------------------------
# Validation helpers (messages name the argument and show the bad value)
# --------------------------------------------------------------------------

def _real(value: Any, name: str, *, low: float | None = None,
          high: float | None = None, low_open: bool = False,
          high_open: bool = False) -> float:
    """``value`` as a finite float, optionally inside an interval."""
    out = check_finite_scalar(value, name)
    if low is not None and (out < low or (low_open and out == low)):
        sign = ">" if low_open else ">="
        raise ValueError(f"{name} must be {sign} {low}, got {value!r}")
    if high is not None and (out > high or (high_open and out == high)):
        sign = "<" if high_open else "<="
        raise ValueError(f"{name} must be {sign} {high}, got {value!r}")
    return out


def _count(value: Any, name: str, *, minimum: int = 1,
           maximum: int = MAX_STEPS) -> int:
    """A positive integer count, bounded above so typos fail fast."""
    return check_positive_int(value, name, minimum=minimum, maximum=maximum)


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be a bool, got {value!r:.40}")
    return bool(value)


def _steps(step: Any, name: str = "step") -> np.ndarray:
    """Step counters ``t >= 0`` (int or integer array) as an int64 array."""
    if isinstance(step, (bool, np.bool_)) or step is None or isinstance(
            step, (str, bytes)):
        raise InputTypeError(f"{name} must be an integer or an integer "
                             f"array, got {step!r:.40}")
    if isinstance(step, numbers.Integral) and abs(int(step)) > 2**62:
        raise ValueError(f"{name} must be < 2**62, got {step!r:.40}")
    try:
        arr = np.asarray(step)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(f"{name} must be an integer array") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(
            f"{name} must be an integer or an integer array, got dtype "
            f"{arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if arr.size > MAX_ENTRIES:
        raise ValueError(f"{name} has {arr.size} entries, more than "
                         f"{MAX_ENTRIES}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got minimum {arr.min()}")
    if np.any(arr > 2**62):
        raise ValueError(f"{name} must be < 2**62, got maximum {arr.max()}")
    return arr.astype(np.int64)


def _out(values: np.ndarray) -> float | np.ndarray:
    """A float for a 0-d result, the array otherwise."""
    return float(values) if values.ndim == 0 else values


def _indices(idx: Any, n: int, name: str = "idx") -> np.ndarray:
    """A non-empty 1-D integer index array with entries in ``[0, n)``."""
    if isinstance(idx, (str, bytes, bool, np.bool_)):
        raise InputTypeError(f"{name} must be an integer array, got "
                             f"{idx!r:.40}")
    try:
        arr = np.asarray(idx)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(f"{name} must be an integer array") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(f"{name} must hold integers, got dtype "
                             f"{arr.dtype}")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= n:
        raise ValueError(
            f"{name} must lie in [0, {n - 1}], got values from {arr.min()} "
            f"to {arr.max()}")
    return arr.astype(np.intp)


# --------------------------------------------------------------------------
# The finite-sum problem
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class LeastSquares:
    r"""Least squares as a finite sum of per-example losses.

    .. math::

        f(w) = \frac1N \sum_{i=1}^N f_i(w), \qquad
        f_i(w) = \tfrac12 (x_i^\top w - y_i)^2, \qquad
        \nabla f_i(w) = (x_i^\top w - y_i)\, x_i .

    The Hessian :math:`H = X^\top X / N` is the same everywhere, so
    :math:`f(w) - f^\star = \tfrac12 (w - w^\star)^\top H (w - w^\star)`
    exactly (:meth:`excess`), with no cancellation.

    Parameters
    ----------
    X : array_like, shape (N, d)
        Features, one example per row.
    y : array_like, shape (N,)
        Targets.

    Examples
    --------
    >>> p = LeastSquares([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]], [1.0, 2.0, 0.0])
    >>> p.n, p.dim
    (3, 2)
    >>> w = np.array([0.5, -1.0])
    >>> np.allclose(p.gradient(w), p.per_example_gradients(w).mean(axis=0))
    True
    >>> bool(np.isclose(p.loss(w) - p.loss(p.minimiser()), p.excess(w)))
    True
    """

    X: np.ndarray   # (N, d)
    y: np.ndarray   # (N,)

    def __post_init__(self) -> None:
        X = as_float_array(self.X, "X", ndim=2)
        y = as_float_array(self.y, "y", ndim=1)
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                f"y must have shape ({X.shape[0]},) to match X {X.shape}, "
                f"got shape {y.shape}")
        # Residuals and squared norms must stay finite for every w we can
        # reach; data near the overflow threshold cannot promise that.
        scale = max(float(np.abs(X).max()), float(np.abs(y).max()))
        if scale > 1e100:
            raise ValueError(
                f"X and y must have entries below 1e100 in magnitude, got "
                f"max {scale:.3e}; rescale the data")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    # -- sizes -------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of examples :math:`N`."""
        return self.X.shape[0]

    @property
    def dim(self) -> int:
        """Number of parameters :math:`d`."""
        return self.X.shape[1]

    # -- evaluation --------------------------------------------------------
    def _w(self, w: Any) -> np.ndarray:
        w = as_float_array(w, "w", ndim=1)
        if w.shape != (self.dim,):
            raise ValueError(
                f"w must have shape ({self.dim},), got shape {w.shape}")
        return w

    def _rows(self, idx: Any) -> np.ndarray:
        return (np.arange(self.n) if idx is None
                else _indices(idx, self.n, "idx"))

    def _residuals(self, w: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """:math:`x_i^\\top w - y_i` for the chosen rows, checked finite."""
        with np.errstate(over="ignore", invalid="ignore"):
            r = self.X[rows] @ w - self.y[rows]                   # (B,)
            ok = np.all(np.isfinite(r)) and np.all(np.isfinite(r * r))
        if not ok:
            raise ValueError(
                "w is outside the supported range: the residuals overflow "
                f"(max |w| = {np.abs(w).max():.3e})")
        return r

    def losses(self, w: Any, idx: Any = None) -> np.ndarray:
        r"""Per-example losses :math:`f_i(w)` for ``idx`` (default: all),
        shape (B,)."""
        r = self._residuals(self._w(w), self._rows(idx))
        return 0.5 * r * r

    def loss(self, w: Any, idx: Any = None) -> float:
        r"""Mean loss over ``idx`` (default: all examples, i.e.
        :math:`f(w)`)."""
        return float(np.mean(self.losses(w, idx)))

    def per_example_gradients(self, w: Any, idx: Any = None) -> np.ndarray:
        r"""Rows :math:`\nabla f_i(w) = (x_i^\top w - y_i) x_i`, shape
        (B, d)."""
        rows = self._rows(idx)
        r = self._residuals(self._w(w), rows)                     # (B,)
        with np.errstate(over="ignore", invalid="ignore"):
            G = r[:, None] * self.X[rows]                         # (B, d)
        if not np.all(np.isfinite(G)):
            raise ValueError("w is outside the supported range: the "
                             "gradients overflow")
        return G

    def gradient(self, w: Any, idx: Any = None) -> np.ndarray:
        r"""Mini-batch gradient :math:`|\mathcal B|^{-1}\sum_{i\in\mathcal B}
        \nabla f_i(w)`; the full gradient when ``idx`` is None, (d,)."""
        rows = self._rows(idx)
        w = self._w(w)
        with np.errstate(over="ignore", invalid="ignore"):
            loss, g = self._loss_grad(w, rows)
        if not (math.isfinite(loss) and np.all(np.isfinite(g))):
            raise ValueError("w is outside the supported range: the "
                             "gradient overflows")
        return g

    def _loss_grad(self, w: np.ndarray, rows: np.ndarray
                   ) -> tuple[float, np.ndarray]:
        """Batch loss and gradient without validation (for the loops).

        Overflow is silenced: the caller checks finiteness and reports
        divergence as a result instead of a warning.
        """
        return _batch_loss_grad(self.X[rows], self.y[rows], w)

    # -- exact quantities ---------------------------------------------------
    def hessian(self) -> np.ndarray:
        r""":math:`H = X^\top X / N`, shape (d, d)."""
        return (self.X.T @ self.X) / self.n

    def minimiser(self) -> np.ndarray:
        r"""A minimiser :math:`w^\star` (``numpy.linalg.lstsq``; the
        minimum-norm one when :math:`X` has dependent columns), (d,)."""
        return np.linalg.lstsq(self.X, self.y, rcond=None)[0]

    def smoothness(self) -> float:
        r""":math:`L = \lambda_{\max}(H)`, the Lipschitz constant of
        :math:`\nabla f`."""
        return float(np.linalg.eigvalsh(self.hessian())[-1])

    def strong_convexity(self) -> float:
        r""":math:`\mu = \lambda_{\min}(H)` (zero when :math:`X` is rank
        deficient)."""
        return float(max(np.linalg.eigvalsh(self.hessian())[0], 0.0))

    def excess(self, w: Any) -> float | np.ndarray:
        r""":math:`f(w) - f^\star = \tfrac12 e^\top H e`, :math:`e = w -
        w^\star`, for one point (d,) or a stack (..., d)."""
        w = as_float_array(w, "w")
        if w.ndim == 0 or w.shape[-1] != self.dim:
            raise ValueError(
                f"w must have last axis of length {self.dim}, got shape "
                f"{w.shape}")
        e = w - self.minimiser()                                  # (..., d)
        with np.errstate(over="ignore", invalid="ignore"):
            Xe = e @ self.X.T                                     # (..., N)
            out = 0.5 * np.mean(Xe * Xe, axis=-1)                 # (...,)
        if not np.all(np.isfinite(out)):
            raise ValueError("w is outside the supported range: the excess "
                             "overflows")
        return _out(np.asarray(out))

    def residual_variance(self) -> float:
        r"""Summed gradient variance at the minimiser,
        :math:`\sigma_\star^2 = \frac1N \sum_i \lVert \nabla f_i(w^\star)
        \rVert^2` (the mean gradient vanishes there)."""
        return gradient_variance(self.per_example_gradients(self.minimiser()))


def _batch_loss_grad(Xb: np.ndarray, yb: np.ndarray, w: np.ndarray
                     ) -> tuple[float, np.ndarray]:
    """Mean loss and gradient of one batch, ``Xb`` (B, d), ``yb`` (B,)."""
    r = Xb @ w - yb                                               # (B,)
    return 0.5 * float(r @ r) / yb.size, (r @ Xb) / yb.size       # (d,)


def make_least_squares(n: int, d: int, *, rng: np.random.Generator,
                       noise: float = 0.5, condition: float = 1.0
                       ) -> LeastSquares:
    r"""Synthetic least squares with a chosen spread of feature scales.

    .. math::

        x_{ij} = s_j z_{ij}, \quad s_j = \kappa^{-(j-1)/(2(d-1))}, \quad
        y_i = x_i^\top w_{\text{true}} + \sigma \varepsilon_i,

    with :math:`z_{ij}, \varepsilon_i, (w_{\text{true}})_j` independent
    standard normal. The Hessian is then close to
    :math:`\operatorname{diag}(s_j^2)`, whose condition number is
    :math:`\kappa` (``condition``); the exact one is ``smoothness() /
    strong_convexity()``.

    Parameters
    ----------
    n, d : int
        Number of examples and of parameters, ``n >= d >= 1``.
    rng : numpy.random.Generator
        Source of the data.
    noise : float, default 0.5
        Standard deviation :math:`\sigma \ge 0` of the target noise.
    condition : float, default 1
        Target condition number :math:`\kappa \ge 1` of the Hessian.

    Examples
    --------
    >>> p = make_least_squares(200, 3, rng=np.random.default_rng(0))
    >>> p.X.shape, p.y.shape
    ((200, 3), (200,))
    """
    n = _count(n, "n", maximum=10**7)
    d = _count(d, "d", maximum=10**5)
    if n < d:
        raise ValueError(f"n must be >= d for a unique minimiser, got n={n}, "
                         f"d={d}")
    if n * d > MAX_ENTRIES:
        raise ValueError(f"n * d must be <= {MAX_ENTRIES}, got {n * d}")
    rng = check_rng(rng)
    noise = _real(noise, "noise", low=0.0, high=1e100)
    kappa = _real(condition, "condition", low=1.0, high=1e16)
    expo = np.arange(d) / max(d - 1, 1)                         # (d,)
    scales = kappa ** (-0.5 * expo)                             # (d,)
    X = rng.standard_normal((n, d)) * scales                    # (n, d)
    w_true = rng.standard_normal(d)                             # (d,)
    y = X @ w_true + noise * rng.standard_normal(n)             # (n,)
    return LeastSquares(X, y)


def _check_problem(problem: Any) -> LeastSquares:
    if not isinstance(problem, LeastSquares):
        raise InputTypeError(f"problem must be a LeastSquares, got "
                        f"{type(problem).__name__}")
    return problem


# --------------------------------------------------------------------------
# Mini-batches
# --------------------------------------------------------------------------

def epoch_batches(n: int, batch_size: int, rng: np.random.Generator
                  ) -> list[np.ndarray]:
    r"""The mini-batches of one epoch: a random permutation cut into pieces.

    The permutation :math:`\pi` of :math:`\{0, \dots, N-1\}` is drawn with
    ``rng.permutation(n)``; batch :math:`k` is
    :math:`\pi_{kB}, \dots, \pi_{\min((k+1)B, N)-1}`. Every index appears in
    exactly one batch (sampling *without replacement*); when :math:`B` does
    not divide :math:`N` the last batch is smaller, as in PyTorch's
    ``DataLoader`` with ``drop_last=False``.

    Parameters
    ----------
    n : int
        Number of examples :math:`N`.
    batch_size : int
        :math:`B`, ``1 <= B <= N``.
    rng : numpy.random.Generator

    Returns
    -------
    list of numpy.ndarray of int
        :math:`\lceil N/B \rceil` index arrays.

    Examples
    --------
    >>> bs = epoch_batches(7, 3, np.random.default_rng(0))
    >>> [b.size for b in bs]
    [3, 3, 1]
    >>> sorted(np.concatenate(bs).tolist())
    [0, 1, 2, 3, 4, 5, 6]
    """
    n = _count(n, "n", maximum=MAX_ENTRIES)
    batch_size = _count(batch_size, "batch_size", maximum=MAX_ENTRIES)
    if batch_size > n:
        raise ValueError(f"batch_size must be <= n = {n}, got {batch_size}")
    rng = check_rng(rng)
    perm = rng.permutation(n)                                     # (n,)
    return [perm[s:s + batch_size] for s in range(0, n, batch_size)]


def sample_batch(n: int, batch_size: int, rng: np.random.Generator, *,
                 replace: bool = True) -> np.ndarray:
    r"""One mini-batch of indices drawn uniformly from :math:`\{0..N-1\}`.

    With ``replace=True`` the :math:`B` indices are independent
    (``rng.integers``), so an index can repeat; with ``replace=False`` they
    are distinct (``rng.choice(n, B, replace=False)``).

    Examples
    --------
    >>> b = sample_batch(10, 4, np.random.default_rng(1), replace=False)
    >>> b.shape, len(set(b.tolist()))
    ((4,), 4)
    """
    n = _count(n, "n", maximum=MAX_ENTRIES)
    batch_size = _count(batch_size, "batch_size", maximum=MAX_ENTRIES)
    rng = check_rng(rng)
    replace = _flag(replace, "replace")
    if not replace and batch_size > n:
        raise ValueError(f"batch_size must be <= n = {n} without "
                         f"replacement, got {batch_size}")
    if replace:
        return rng.integers(0, n, size=batch_size)
    return rng.choice(n, size=batch_size, replace=False)


# --------------------------------------------------------------------------
# Gradient variance versus batch size
# --------------------------------------------------------------------------

def gradient_variance(grads: Any) -> float:
    r"""Summed (total) variance of per-example gradients.

    .. math::

        \sigma^2 = \frac1N \sum_{i=1}^N \lVert g_i - \bar g\rVert_2^2,
        \qquad \bar g = \frac1N \sum_i g_i,

    the trace of their covariance matrix (population convention, divisor
    :math:`N`): the variance of one uniformly drawn :math:`g_i`.

    Parameters
    ----------
    grads : array_like, shape (N, d)
        One gradient per row.

    Examples
    --------
    >>> gradient_variance([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    2.5
    """
    G = as_float_array(grads, "grads", ndim=2)
    # Exact power-of-two scaling (no overflow of the squares), then centre
    # first (two-pass): the one-pass E|g|^2 - |E g|^2 cancels.
    Gs, e = pow2_scale(G)                                         # (N, d)
    D = Gs - Gs.mean(axis=0)                                      # (N, d)
    with np.errstate(under="ignore"):
        var = float(np.mean(np.sum(D * D, axis=1)))
        with np.errstate(over="ignore"):
            out = float(np.ldexp(var, 2 * int(e)))
    if not math.isfinite(out):
        raise ValueError(f"grads are too large: their variance exceeds the "
                         f"float64 range (max |g| = {np.abs(G).max():.3e})")
    return out


def minibatch_variance(sigma2: float, n: int, batch_size: Any, *,
                       replace: bool) -> float | np.ndarray:
    r"""Exact :math:`\mathbb E \lVert g_{\mathcal B} - \nabla f\rVert^2` of a
    uniform mini-batch mean.

    .. math::

        \text{with replacement: } \frac{\sigma^2}{B},
        \qquad
        \text{without: } \frac{\sigma^2}{B}\,\frac{N - B}{N - 1},

    where :math:`\sigma^2` is :func:`gradient_variance`. The factor
    :math:`(N - B)/(N - 1)` is the finite-population correction of
    survey sampling; it is 1 at :math:`B = 1` and 0 at :math:`B = N`.

    Parameters
    ----------
    sigma2 : float
        Summed per-example variance :math:`\sigma^2 \ge 0`.
    n : int
        Population size :math:`N`.
    batch_size : int or array_like of int
        :math:`B \ge 1` (and :math:`\le N` without replacement).
    replace : bool
        Sampling with (independent indices) or without replacement.

    Examples
    --------
    >>> minibatch_variance(2.0, 10, 4, replace=True)
    0.5
    >>> minibatch_variance(2.0, 10, [1, 10], replace=False).tolist()
    [2.0, 0.0]
    """
    sigma2 = _real(sigma2, "sigma2", low=0.0)
    n = _count(n, "n", maximum=MAX_ENTRIES)
    replace = _flag(replace, "replace")
    B = _batch_sizes(batch_size, None if replace else n)
    Bf = B.astype(np.float64)
    out = sigma2 / Bf
    if not replace:
        fpc = 1.0 if n == 1 else (n - Bf) / (n - 1)
        out = out * fpc
    return _out(np.asarray(out))


def _batch_sizes(batch_size: Any, upper: int | None,
                 name: str = "batch_size") -> np.ndarray:
    if isinstance(batch_size, (bool, np.bool_, str, bytes)) or \
            batch_size is None:
        raise InputTypeError(f"{name} must be an integer, got "
                             f"{batch_size!r:.40}")
    try:
        B = np.asarray(batch_size)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(f"{name} must be integers") from exc
    if B.dtype.kind not in "iu" or B.size == 0 or B.ndim > 1:
        raise InputTypeError(
            f"{name} must be an integer or a 1-D integer array, got "
            f"dtype {B.dtype} and shape {B.shape}")
    if np.any(B < 1) or np.any(B > MAX_ENTRIES):
        raise ValueError(f"{name} must be in [1, {MAX_ENTRIES}], got "
                         f"values from {B.min()} to {B.max()}")
    if upper is not None and np.any(B > upper):
        raise ValueError(f"{name} must be <= n = {upper}, got {B.max()}")
    return B.astype(np.int64)


class VarianceStudy(NamedTuple):
    r"""Monte Carlo estimate of :math:`\mathbb E\lVert g_{\mathcal B} -
    \nabla f\rVert^2` for several batch sizes.

    ``variance[k]`` is the mean over ``n_draws`` batches of size
    ``batch_sizes[k]``, ``se[k]`` its Monte Carlo standard error and
    ``exact[k]`` the value of :func:`minibatch_variance`.
    """

    batch_sizes: np.ndarray   # (m,)
    variance: np.ndarray      # (m,)
    se: np.ndarray            # (m,)
    exact: np.ndarray         # (m,)
    sigma2: float
    n: int
    replace: bool


def minibatch_variance_study(grads: Any, batch_sizes: Any, *,
                             n_draws: int, rng: np.random.Generator,
                             replace: bool) -> VarianceStudy:
    r"""Measure the variance of mini-batch gradient means by simulation.

    For each batch size :math:`B`, draw ``n_draws`` batches (with or
    without replacement), average their per-example gradients and record
    :math:`D = \lVert g_{\mathcal B} - \bar g\rVert^2`. The estimate is the
    sample mean of :math:`D`; its standard error is the sample standard
    deviation of :math:`D` over :math:`\sqrt{\text{n\_draws}}`.

    Parameters
    ----------
    grads : array_like, shape (N, d)
        Per-example gradients at one point (e.g.
        :meth:`LeastSquares.per_example_gradients`).
    batch_sizes : array_like of int, shape (m,)
        Batch sizes, each in :math:`[1, N]`.
    n_draws : int
        Batches per size, ``>= 2``.
    rng : numpy.random.Generator
    replace : bool
        Sampling with or without replacement within a batch.

    Examples
    --------
    >>> G = np.random.default_rng(0).standard_normal((50, 3))
    >>> s = minibatch_variance_study(G, [1, 50], n_draws=200,
    ...                              rng=np.random.default_rng(1),
    ...                              replace=False)
    >>> bool(s.variance[1] < 1e-28)   # B = N: the batch is the population
    True
    """
    G = as_float_array(grads, "grads", ndim=2)
    n, d = G.shape
    if n < 2:
        raise ValueError(f"grads must have at least 2 rows, got shape "
                         f"{G.shape}")
    replace = _flag(replace, "replace")
    B = _batch_sizes(batch_sizes, n, "batch_sizes")
    if B.ndim == 0:
        B = B[None]
    n_draws = _count(n_draws, "n_draws", minimum=2)
    work = n_draws * max(int(B.max()) * d, 0 if replace else n)
    if work > MAX_ENTRIES:
        raise ValueError(
            f"n_draws * max(batch_sizes) * d (and n_draws * n without "
            f"replacement) must be <= {MAX_ENTRIES}, got {work}")
    rng = check_rng(rng)
    sigma2 = gradient_variance(G)
    Gs, e = pow2_scale(G)                  # exact: G = Gs * 2**e
    gbar = Gs.mean(axis=0)                                        # (d,)
    means, ses = [], []
    for b in B:
        if replace:
            idx = rng.integers(0, n, size=(n_draws, b))           # (R, b)
        else:
            keys = rng.random((n_draws, n))                       # (R, N)
            idx = np.argpartition(keys, b - 1, axis=1)[:, :b] if b < n \
                else np.argsort(keys, axis=1)                     # (R, b)
        # Gs[idx].mean(axis=1), summed slice by slice in the same order,
        # without forming the (R, b, d) array
        acc = Gs[idx[:, 0]]                                       # (R, d)
        for j in range(1, int(b)):
            acc += Gs[idx[:, j]]
        dev = acc / b - gbar                                      # (R, d)
        D = np.sum(dev * dev, axis=1)                             # (R,)
        means.append(D.mean())
        ses.append(D.std(ddof=1) / math.sqrt(n_draws))
    with np.errstate(under="ignore", over="ignore"):
        variance = np.ldexp(np.asarray(means), 2 * int(e))
        se = np.ldexp(np.asarray(ses), 2 * int(e))
    if not (np.all(np.isfinite(variance)) and np.all(np.isfinite(se))):
        raise ValueError("grads are too large: the measured variances "
                         "exceed the float64 range")
    return VarianceStudy(
        batch_sizes=B, variance=variance, se=se,
        exact=np.atleast_1d(minibatch_variance(sigma2, n, B,
                                               replace=replace)),
        sigma2=sigma2, n=n, replace=replace)


class SlopeFit(NamedTuple):
    """Fitted log-log slope with its standard error and prefactor."""

    slope: float
    se: float
    prefactor: float


def variance_slope(study: VarianceStudy) -> SlopeFit:
    r"""Slope of :math:`\log \widehat{V}(B)` against :math:`\log B`, with its
    standard error.

    The slope :math:`p` is the least-squares line of
    :func:`execmath.fitting.loglog_fit`. Each :math:`\log \widehat V_k` has
    standard error :math:`r_k = \mathrm{se}_k / \widehat V_k` (delta
    method), independently across :math:`k`, so with :math:`u_k = \log B_k`

    .. math::

        \operatorname{se}(p) = \frac{\sqrt{\sum_k (u_k - \bar u)^2 r_k^2}}
                                     {\sum_k (u_k - \bar u)^2}.

    Examples
    --------
    >>> G = np.random.default_rng(0).standard_normal((100, 4))
    >>> s = minibatch_variance_study(G, [1, 4, 16, 64], n_draws=400,
    ...                              rng=np.random.default_rng(2),
    ...                              replace=True)
    >>> fit = variance_slope(s)
    >>> bool(abs(fit.slope + 1) < 4 * fit.se)
    True
    """
    if not isinstance(study, VarianceStudy):
        raise InputTypeError(f"study must be a VarianceStudy, got "
                        f"{type(study).__name__}")
    V = np.asarray(study.variance, dtype=np.float64)
    if V.size < 2 or np.any(V <= 0):
        raise ValueError("study must have >= 2 batch sizes with positive "
                         f"variance, got {V.tolist()}")
    u = np.log(study.batch_sizes.astype(np.float64))
    fit = loglog_fit(study.batch_sizes.astype(np.float64), V)
    du = u - u.mean()
    r = np.asarray(study.se) / V
    se = float(np.sqrt(np.sum(du * du * r * r)) / np.sum(du * du))
    return SlopeFit(slope=fit.slope, se=se, prefactor=fit.prefactor)


# --------------------------------------------------------------------------
# Learning-rate schedules (pure functions of the step t = 0, 1, 2, ...)
# --------------------------------------------------------------------------

def constant_lr(step: Any, lr: float) -> float | np.ndarray:
    r"""Constant schedule :math:`\eta_t = \eta_0`.

    Examples
    --------
    >>> constant_lr(np.arange(3), 0.1).tolist()
    [0.1, 0.1, 0.1]
    """
    t = _steps(step)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    return _out(np.full(t.shape, lr))


def step_decay_lr(step: Any, lr: float, *, every: int,
                  factor: float = 0.1) -> float | np.ndarray:
    r"""Step decay :math:`\eta_t = \eta_0\, \gamma^{\lfloor t / T\rfloor}`.

    The rate is multiplied by ``factor`` :math:`\gamma \in (0, 1]` every
    ``every`` :math:`= T` steps (PyTorch's ``StepLR``).

    Examples
    --------
    >>> np.round(step_decay_lr(np.array([0, 9, 10, 25]), 1.0, every=10), 12)
    array([1.  , 1.  , 0.1 , 0.01])
    """
    t = _steps(step)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    every = _count(every, "every", maximum=2**62)
    factor = _real(factor, "factor", low=0.0, high=1.0, low_open=True)
    return _out(lr * np.power(factor, (t // every).astype(np.float64)))


def cosine_lr(step: Any, lr: float, *, total: int,
              lr_min: float = 0.0) -> float | np.ndarray:
    r"""Cosine annealing from :math:`\eta_0` to :math:`\eta_{\min}` over
    ``total`` steps, constant afterwards.

    .. math::

        \eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
        \big(1 + \cos(\pi \min(t, T) / T)\big)

    (PyTorch's ``CosineAnnealingLR`` for :math:`t \le T`).

    Examples
    --------
    >>> np.round(cosine_lr(np.array([0, 5, 10, 20]), 1.0, total=10), 12)
    array([1. , 0.5, 0. , 0. ])
    """
    t = _steps(step)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    total = _count(total, "total", maximum=2**62)
    lr_min = _real(lr_min, "lr_min", low=0.0)
    if lr_min > lr:
        raise ValueError(f"lr_min must be <= lr, got lr_min={lr_min!r} > "
                         f"lr={lr!r}")
    frac = np.minimum(t, total) / total
    return _out(lr_min + (lr - lr_min) * 0.5 * (1.0 + np.cos(np.pi * frac)))


def linear_warmup_lr(step: Any, lr: float, *, warmup: int
                     ) -> float | np.ndarray:
    r"""Linear warm-up :math:`\eta_t = \eta_0 \min\big(1, (t+1)/W\big)`.

    The first step uses :math:`\eta_0 / W` and step :math:`W - 1` the full
    rate (PyTorch's ``LinearLR`` with ``start_factor = 1/W``,
    ``total_iters = W - 1``). Multiply by another schedule to warm it up.

    Examples
    --------
    >>> linear_warmup_lr(np.arange(6), 1.0, warmup=4).tolist()
    [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    """
    t = _steps(step)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    warmup = _count(warmup, "warmup", maximum=2**62)
    return _out(lr * np.minimum(1.0, (t + 1.0) / warmup))


def inverse_time_lr(step: Any, lr: float, *, decay: float
                    ) -> float | np.ndarray:
    r"""Inverse-time decay :math:`\eta_t = \eta_0 / (1 + t/\tau)`.

    It satisfies the Robbins-Monro conditions
    :math:`\sum_t \eta_t = \infty`, :math:`\sum_t \eta_t^2 < \infty`.

    Examples
    --------
    >>> inverse_time_lr(np.array([0, 10, 30]), 1.0, decay=10.0).tolist()
    [1.0, 0.5, 0.25]
    """
    t = _steps(step)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    tau = _real(decay, "decay", low=0.0, low_open=True)
    with np.errstate(over="ignore"):      # t / tau = inf gives lr_t = 0
        return _out(lr / (1.0 + t / tau))


# --------------------------------------------------------------------------
# Gradient clipping and update rules
# --------------------------------------------------------------------------

def global_norm(g: Any) -> float:
    r"""Euclidean norm of all entries, :math:`\lVert g\rVert_2 =
    (\sum g_j^2)^{1/2}`, computed with scaling so it never overflows.

    Examples
    --------
    >>> global_norm([3.0, 4.0])
    5.0
    >>> round(global_norm([3e200, 4e200]) / 1e200, 12)   # no overflow
    5.0
    """
    g = as_float_array(g, "g")
    out = _norm(g)
    if not math.isfinite(out):
        raise ValueError("g has a norm beyond the float64 range (> 1.8e308)")
    return out


def _norm(g: np.ndarray) -> float:
    """Overflow-free Euclidean norm (inf only if the norm exceeds float64,
    or ``g`` itself is not finite)."""
    if not np.all(np.isfinite(g)):
        return math.inf
    return float(norm2(g))


def clip_by_global_norm(g: Any, max_norm: float) -> np.ndarray:
    r"""Rescale ``g`` so that its global norm is at most ``max_norm``.

    .. math::

        \operatorname{clip}(g) = g \cdot \min\Big(1,
        \frac{c}{\lVert g\rVert_2}\Big).

    The direction is kept and no entry grows in magnitude. (PyTorch's
    ``clip_grad_norm_`` divides by :math:`\lVert g\rVert + 10^{-6}`, a
    difference of order :math:`10^{-6}` relative.)

    Parameters
    ----------
    g : array_like
        Gradient, any shape; the norm is taken over all entries.
    max_norm : float
        Threshold :math:`c > 0`.

    Examples
    --------
    >>> np.round(clip_by_global_norm([3.0, 4.0], 1.0), 12).tolist()
    [0.6, 0.8]
    >>> clip_by_global_norm([0.3, 0.4], 1.0).tolist()
    [0.3, 0.4]
    """
    g = as_float_array(g, "g")
    c = _real(max_norm, "max_norm", low=0.0, low_open=True)
    return _clip(g, c)


def _fast_norm(g: np.ndarray) -> float:
    """``sqrt(g @ g)``, falling back to the scaled norm when the plain sum
    of squares over- or underflows (or g is not finite: then inf/NaN)."""
    sq = float(g @ g)
    if 1e-290 < sq < 1e290:
        return math.sqrt(sq)
    if not np.all(np.isfinite(g)):
        return math.inf
    return _norm(g)


def _clip(g: np.ndarray, c: float) -> np.ndarray:
    norm = _norm(g)
    if norm <= c:
        return g.copy()
    if not math.isfinite(norm):
        # the norm overflows: scale exactly by a power of two first
        e = math.frexp(float(np.abs(g).max()))[1]
        gs = np.ldexp(g, -e)                        # max |gs| in [0.5, 1)
        return gs * (c / _norm(gs))
    return g * (c / norm)


def momentum_update(w: Any, buf: Any, g: Any, lr: float, momentum: float
                    ) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of SGD with heavy-ball momentum, in PyTorch's form.

    .. math::

        v_{t+1} = \beta v_t + g_t, \qquad w_{t+1} = w_t - \eta_t v_{t+1},

    with :math:`v_0 = 0` (pass ``buf=None`` at the first step; PyTorch then
    sets :math:`v_1 = g_0`, the same thing). For a constant :math:`\eta`
    this is the heavy-ball iteration :math:`w_{t+1} = w_t - \eta g_t +
    \beta (w_t - w_{t-1})`.

    Returns
    -------
    (w_new, buf_new) : tuple of numpy.ndarray

    Examples
    --------
    >>> w, v = momentum_update([1.0], None, [2.0], 0.1, 0.9)
    >>> w, v = momentum_update(w, v, [2.0], 0.1, 0.9)
    >>> np.round(w, 12).tolist(), np.round(v, 12).tolist()
    ([0.42], [3.8])
    """
    w = as_float_array(w, "w", ndim=1)
    g = as_float_array(g, "g", ndim=1)
    if g.shape != w.shape:
        raise ValueError(f"g must have the shape of w {w.shape}, got "
                         f"{g.shape}")
    if buf is not None:
        buf = as_float_array(buf, "buf", ndim=1)
        if buf.shape != w.shape:
            raise ValueError(f"buf must have the shape of w {w.shape}, got "
                             f"{buf.shape}")
    lr = _real(lr, "lr", low=0.0, low_open=True)
    beta = _real(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    with np.errstate(over="ignore", invalid="ignore"):
        w_new, buf_new = _momentum(w, buf, g, lr, beta)
    if not (np.all(np.isfinite(w_new)) and np.all(np.isfinite(buf_new))):
        raise ValueError("the update overflows: w, buf, g or lr is outside "
                         "the supported range")
    return w_new, buf_new


def _momentum(w, buf, g, lr, beta):
    buf = g.copy() if buf is None else beta * buf + g
    return w - lr * buf, buf


def bias_correction_factor(t: Any, beta1: float = 0.9,
                           beta2: float = 0.999) -> float | np.ndarray:
    r"""How much Adam's bias correction rescales the raw step at step ``t``.

    .. math::

        \frac{\eta\, \hat m_t / \sqrt{\hat v_t}}{\eta\, m_t / \sqrt{v_t}}
        = \frac{\sqrt{1 - \beta_2^{\,t}}}{1 - \beta_1^{\,t}}
        \qquad (t = 1, 2, \dots;\ \epsilon \to 0).

    A value below one means that, without the correction, the step would be
    larger by its reciprocal.

    Examples
    --------
    >>> round(bias_correction_factor(1), 4)
    0.3162
    """
    t = _steps(t, "t")
    if np.any(t < 1):
        raise ValueError(f"t must be >= 1 (Adam counts from 1), got "
                         f"minimum {t.min()}")
    b1 = _real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
    b2 = _real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
    tf = t.astype(np.float64)
    # 1 - beta**t computed as -expm1(t log beta): accurate when beta^t ~ 1
    one_minus_b1 = 1.0 if b1 == 0 else -np.expm1(tf * math.log(b1))
    one_minus_b2 = 1.0 if b2 == 0 else -np.expm1(tf * math.log(b2))
    return _out(np.asarray(np.sqrt(one_minus_b2) / one_minus_b1))


def adam_update(w: Any, m: Any, v: Any, g: Any, t: int, lr: float, *,
                beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                bias_correction: bool = True
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One Adam step (Kingma & Ba), with or without bias correction.

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \quad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \\
        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \quad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \quad
        w_t = w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon},

    with :math:`m_0 = v_0 = 0` and :math:`t = 1, 2, \dots`. With
    ``bias_correction=False`` the raw :math:`m_t, v_t` are used instead of
    :math:`\hat m_t, \hat v_t`.

    Returns
    -------
    (w_new, m_new, v_new) : tuple of numpy.ndarray

    Examples
    --------
    >>> w, m, v = adam_update([1.0], [0.0], [0.0], [4.0], 1, 0.1)
    >>> round(float(w[0]), 6)        # first step: lr * sign(g)
    0.9
    """
    w = as_float_array(w, "w", ndim=1)
    arrs = {}
    for name, a in (("m", m), ("v", v), ("g", g)):
        a = as_float_array(a, name, ndim=1)
        if a.shape != w.shape:
            raise ValueError(f"{name} must have the shape of w {w.shape}, "
                             f"got {a.shape}")
        arrs[name] = a
    if np.any(arrs["v"] < 0):
        raise ValueError(f"v must be >= 0, got minimum {arrs['v'].min()}")
    t = _steps(t, "t")
    if t.ndim != 0:
        raise ValueError(f"t must be a single integer, got shape {t.shape}")
    t = int(t)
    if t < 1:
        raise ValueError(f"t must be >= 1 (Adam counts from 1), got {t}")
    lr = _real(lr, "lr", low=0.0, low_open=True)
    b1 = _real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
    b2 = _real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
    eps = _real(eps, "eps", low=0.0, low_open=True)
    bias_correction = _flag(bias_correction, "bias_correction")
    with np.errstate(over="ignore", invalid="ignore"):
        out = _adam(w, arrs["m"], arrs["v"], arrs["g"], t, lr, b1, b2, eps,
                    bool(bias_correction))
    if not all(np.all(np.isfinite(a)) for a in out):
        raise ValueError("the update overflows: w, m, v, g or lr is outside "
                         "the supported range")
    return out


def _adam(w, m, v, g, t, lr, b1, b2, eps, correct):
    m = b1 * m + (1.0 - b1) * g
    v = b2 * v + (1.0 - b2) * (g * g)
    if correct:
        m_hat = m / (1.0 - b1**t)
        v_hat = v / (1.0 - b2**t)
    else:
        m_hat, v_hat = m, v
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


class AdamMoments(NamedTuple):
    r"""Adam's moment estimates along a gradient sequence, each (T, ...):
    raw :math:`m_t, v_t` and bias-corrected :math:`\hat m_t, \hat v_t`."""

    m: np.ndarray
    v: np.ndarray
    m_hat: np.ndarray
    v_hat: np.ndarray


def adam_moments(grads: Any, *, beta1: float = 0.9, beta2: float = 0.999
                 ) -> AdamMoments:
    r"""Run Adam's two moving averages over a given gradient sequence.

    Row :math:`t - 1` of each output holds the value after step :math:`t`.
    For a constant gradient :math:`g` the raw averages are
    :math:`m_t = (1 - \beta_1^t) g` and :math:`v_t = (1 - \beta_2^t) g^2`:
    biased towards the zero start, and :math:`\hat m_t = g`,
    :math:`\hat v_t = g^2` exactly undo it.

    Parameters
    ----------
    grads : array_like, shape (T,) or (T, d)

    Examples
    --------
    >>> mo = adam_moments([2.0, 2.0, 2.0])
    >>> np.round(mo.m, 6).tolist(), np.round(mo.m_hat, 12).tolist()
    ([0.2, 0.38, 0.542], [2.0, 2.0, 2.0])
    """
    G = as_float_array(grads, "grads")
    if G.ndim not in (1, 2):
        raise ValueError(f"grads must have shape (T,) or (T, d), got "
                         f"{G.shape}")
    b1 = _real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
    b2 = _real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
    scale = float(np.abs(G).max())
    if scale > 1e150:
        raise ValueError(f"grads must be below 1e150 in magnitude (v holds "
                         f"squares), got {scale:.3e}")
    m = np.zeros_like(G)
    v = np.zeros_like(G)
    mt = np.zeros(G.shape[1:])
    vt = np.zeros(G.shape[1:])
    for k in range(G.shape[0]):
        mt = b1 * mt + (1.0 - b1) * G[k]
        vt = b2 * vt + (1.0 - b2) * G[k] * G[k]
        m[k], v[k] = mt, vt
    t = np.arange(1, G.shape[0] + 1, dtype=np.float64)
    c1 = 1.0 if b1 == 0 else -np.expm1(t * math.log(b1))          # (T,)
    c2 = 1.0 if b2 == 0 else -np.expm1(t * math.log(b2))          # (T,)
    shape = (-1,) + (1,) * (G.ndim - 1)
    return AdamMoments(m=m, v=v, m_hat=m / np.reshape(c1, shape),
                       v_hat=v / np.reshape(c2, shape))


# --------------------------------------------------------------------------
# The optimisers
# --------------------------------------------------------------------------

class Trace(NamedTuple):
    r"""Record of a stochastic optimisation run.

    ``epoch_losses[k]`` is the full loss :math:`f` after :math:`k` epochs
    (``k = 0`` is the start) and ``epoch_iterates[k]`` the iterate there;
    ``step_losses[t]``, ``lrs[t]`` and ``grad_norms[t]`` are the
    mini-batch loss, learning rate and (unclipped) mini-batch gradient norm
    at step :math:`t`, measured before the update. ``iterates`` holds every
    :math:`w_t` (``record_iterates=True``) or is None. ``n_grad_evals``
    counts per-example gradient evaluations (the algorithm's cost) and
    ``n_loss_evals`` the per-example loss evaluations spent on monitoring
    the full loss once per epoch. ``diverged`` is True when the run
    stopped early because an iterate or gradient left the finite range or
    :math:`\lVert w\rVert` exceeded ``blowup``.
    """

    w: np.ndarray                  # (d,)
    epoch_losses: np.ndarray       # (k + 1,)
    epoch_iterates: np.ndarray     # (k + 1, d)
    step_losses: np.ndarray        # (s,)
    lrs: np.ndarray                # (s,)
    grad_norms: np.ndarray         # (s,)
    iterates: np.ndarray | None    # (s + 1, d)
    n_grad_evals: int
    n_loss_evals: int
    diverged: bool

    @property
    def n_steps(self) -> int:
        """Number of updates taken."""
        return int(self.lrs.size)

    @property
    def n_epochs(self) -> int:
        """Number of completed epochs."""
        return int(self.epoch_losses.size - 1)


def _schedule(lr: Any, n_steps: int) -> tuple[Any, np.ndarray | None]:
    """A learning rate: a callable of the step, or per-step values.

    Returns ``(callable or None, per-step array or None)``.
    """
    if callable(lr):
        return lr, None
    if isinstance(lr, (list, tuple, np.ndarray)):
        rates = as_float_array(lr, "lr", ndim=1)
        if rates.size < n_steps:
            raise ValueError(f"lr must hold one rate per step, >= "
                             f"{n_steps} values, got {rates.size}")
        if np.any(rates < 0):
            raise ValueError(f"lr must be >= 0, got minimum {rates.min()}")
        return None, rates
    value = _real(lr, "lr", low=0.0, low_open=True)
    return None, np.full(n_steps, value)


def _lr_at(value: Any, t: int) -> float:
    """Check the value ``lr(t)`` returned by a schedule."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(
        value, numbers.Real)
    try:
        out = float(value) if ok else math.nan
    except OverflowError:
        out = math.inf
    if not (math.isfinite(out) and out >= 0):
        raise ValueError(f"lr must be a number or a schedule returning a "
                         f"finite number >= 0, got lr({t}) = {value!r:.40}")
    return out


def _run(problem, w0, n_epochs, batch_size, rng, replace, lr, clip,
         record_iterates, blowup, update) -> Trace:
    """The loop shared by :func:`sgd` and :func:`adam`."""
    problem = _check_problem(problem)
    w = as_float_array(w0, "w0", ndim=1)
    if w.shape != (problem.dim,):
        raise ValueError(f"w0 must have shape ({problem.dim},), got "
                         f"shape {w.shape}")
    n_epochs = _count(n_epochs, "n_epochs")
    batch_size = _count(batch_size, "batch_size", maximum=problem.n)
    rng = check_rng(rng)
    replace = _flag(replace, "replace")
    c = None if clip is None else _real(clip, "clip", low=0.0,
                                        low_open=True)
    record_iterates = _flag(record_iterates, "record_iterates")
    blowup = _real(blowup, "blowup", low=0.0, low_open=True)
    n, d = problem.n, problem.dim
    per_epoch = -(-n // batch_size)                       # ceil(N / B)
    if n_epochs * per_epoch > MAX_STEPS:
        raise ValueError(f"n_epochs * ceil(n / batch_size) must be <= "
                         f"{MAX_STEPS}, got {n_epochs * per_epoch}")
    if record_iterates and n_epochs * per_epoch * d > MAX_ENTRIES:
        raise ValueError("record_iterates would store more than "
                         f"{MAX_ENTRIES} numbers; record fewer steps")
    schedule, rates = _schedule(lr, n_epochs * per_epoch)

    all_rows = np.arange(n)
    with np.errstate(over="ignore", invalid="ignore"):
        epoch_losses = [problem._loss_grad(w, all_rows)[0]]
    if not math.isfinite(epoch_losses[0]):
        raise ValueError("w0 is outside the supported range: the loss "
                         f"overflows there (max |w0| = {np.abs(w).max():.3e})")
    epoch_iterates = [w.copy()]
    step_losses, lrs, norms = [], [], []
    iterates = [w.copy()] if record_iterates else None
    n_grad, n_loss = 0, n
    state: dict[str, Any] = {}
    diverged = False
    t = 0
    # One errstate for the whole loop (entering it costs microseconds):
    # overflow is detected below and reported as ``diverged``.
    X, y = problem.X, problem.y
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_epochs):
            if replace:
                rows = rng.integers(0, n, size=(per_epoch, batch_size))
                Xe, ye = X[rows.ravel()], y[rows.ravel()]
            else:
                # the permutation of epoch_batches(n, batch_size, rng):
                # gather once per epoch, then every batch is a slice
                perm = epoch_batches(n, batch_size, rng)
                rows = np.concatenate(perm)
                Xe, ye = X[rows], y[rows]                     # (N, d), (N,)
            for s in range(0, Xe.shape[0], batch_size):
                eta = float(rates[t]) if schedule is None else \
                    _lr_at(schedule(t), t)
                loss, g = _batch_loss_grad(Xe[s:s + batch_size],
                                           ye[s:s + batch_size], w)
                n_grad += min(batch_size, Xe.shape[0] - s)
                g_norm = _fast_norm(g)
                if not (math.isfinite(loss) and math.isfinite(g_norm)):
                    diverged = True
                    break
                if c is not None and g_norm > c:
                    g = g * (c / g_norm)
                w_new = update(w, g, eta, t, state)
                w_norm = _fast_norm(w_new)
                if not w_norm <= blowup:          # also catches NaN
                    diverged = True
                    break
                w = w_new
                step_losses.append(loss)
                lrs.append(eta)
                norms.append(g_norm)
                if iterates is not None:
                    iterates.append(w)
                t += 1
            if diverged:
                break
            full, _ = problem._loss_grad(w, all_rows)
            n_loss += n
            if not math.isfinite(full):
                diverged = True
                break
            epoch_losses.append(full)
            epoch_iterates.append(w)
    return Trace(
        w=w,
        epoch_losses=np.asarray(epoch_losses),
        epoch_iterates=np.stack(epoch_iterates),
        step_losses=np.asarray(step_losses),
        lrs=np.asarray(lrs),
        grad_norms=np.asarray(norms),
        iterates=None if iterates is None else np.stack(iterates),
        n_grad_evals=n_grad, n_loss_evals=n_loss, diverged=diverged)


def sgd(problem: LeastSquares, w0: Any,
        lr: float | Callable[[int], float] | np.ndarray,
        n_epochs: int, *, batch_size: int, rng: np.random.Generator,
        momentum: float = 0.0, clip: float | None = None,
        replace: bool = False, record_iterates: bool = False,
        blowup: float = 1e100) -> Trace:
    r"""Mini-batch SGD, optionally with heavy-ball momentum and clipping.

    .. math::

        g_t = \frac1B \sum_{i \in \mathcal B_t} \nabla f_i(w_t), \qquad
        v_{t+1} = \beta v_t + \operatorname{clip}(g_t), \qquad
        w_{t+1} = w_t - \eta_t v_{t+1},

    (:func:`momentum_update`; :math:`\beta = 0` is plain SGD). By default
    each epoch is one pass over the data in the order of
    :func:`epoch_batches` (the batches of epoch :math:`e` are
    ``epoch_batches(n, batch_size, rng)``, drawn in order, so a run is
    reproduced exactly by its seed); with ``replace=True`` each of the
    :math:`\lceil N/B\rceil` steps of an "epoch" uses :math:`B` independent
    uniform indices (one ``rng.integers(0, n, (ceil(N/B), B))`` call per
    epoch).

    Parameters
    ----------
    problem : LeastSquares
    w0 : array_like, shape (d,)
        Starting point.
    lr : float, callable or array_like
        Learning rate :math:`\eta > 0`; a schedule ``lr(t)`` of the step
        :math:`t = 0, 1, \dots` (e.g. a lambda around :func:`step_decay_lr`);
        or the rates of all steps at once, shape (n_steps,) (e.g.
        ``step_decay_lr(np.arange(n_steps), ...)``, which is faster).
    n_epochs : int
        Passes over the data.
    batch_size : int
        :math:`B`, ``1 <= B <= N``.
    rng : numpy.random.Generator
        The only source of randomness (batch order).
    momentum : float, default 0
        :math:`\beta \in [0, 1)`.
    clip : float, optional
        Clip each mini-batch gradient to global norm at most ``clip``
        (:func:`clip_by_global_norm`) before the update.
    replace : bool, default False
        Sample batches with replacement instead of shuffled epochs.
    record_iterates : bool, default False
        Keep every iterate in ``Trace.iterates``.
    blowup : float, default 1e100
        Stop, flagged ``diverged``, once :math:`\lVert w\rVert` exceeds it.

    Returns
    -------
    Trace

    Examples
    --------
    >>> p = make_least_squares(100, 3, rng=np.random.default_rng(0))
    >>> tr = sgd(p, np.zeros(3), 0.05, 5, batch_size=10,
    ...          rng=np.random.default_rng(1))
    >>> tr.n_steps, tr.n_grad_evals, tr.epoch_losses.shape
    (50, 500, (6,))
    >>> bool(tr.epoch_losses[-1] < tr.epoch_losses[0])
    True
    """
    beta = _real(momentum, "momentum", low=0.0, high=1.0, high_open=True)

    def update(w, g, eta, t, state):
        if beta == 0.0:
            return w - eta * g
        w_new, state["buf"] = _momentum(w, state.get("buf"), g, eta, beta)
        return w_new

    return _run(problem, w0, n_epochs, batch_size, rng, replace, lr, clip,
                record_iterates, blowup, update)


def adam(problem: LeastSquares, w0: Any,
         lr: float | Callable[[int], float] | np.ndarray,
         n_epochs: int, *, batch_size: int, rng: np.random.Generator,
         beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
         bias_correction: bool = True, clip: float | None = None,
         replace: bool = False, record_iterates: bool = False,
         blowup: float = 1e100) -> Trace:
    r"""Mini-batch Adam (:func:`adam_update` at every step).

    Batches, schedules, clipping and the returned :class:`Trace` are as in
    :func:`sgd`; the Adam step counter starts at :math:`t = 1` while the
    schedule is called with the zero-based step :math:`t - 1`.

    Examples
    --------
    >>> p = make_least_squares(100, 3, rng=np.random.default_rng(0))
    >>> tr = adam(p, np.zeros(3), 0.05, 5, batch_size=10,
    ...           rng=np.random.default_rng(1))
    >>> bool(tr.epoch_losses[-1] < tr.epoch_losses[0])
    True
    """
    b1 = _real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
    b2 = _real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
    eps = _real(eps, "eps", low=0.0, low_open=True)
    bias_correction = _flag(bias_correction, "bias_correction")

    def update(w, g, eta, t, state):
        m = state.get("m", np.zeros_like(w))
        v = state.get("v", np.zeros_like(w))
        w_new, state["m"], state["v"] = _adam(w, m, v, g, t + 1, eta, b1, b2,
                                              eps, bool(bias_correction))
        return w_new

    return _run(problem, w0, n_epochs, batch_size, rng, replace, lr, clip,
                record_iterates, blowup, update)


# --------------------------------------------------------------------------
# The noise floor of constant-step SGD on least squares
# --------------------------------------------------------------------------

def _second_moment_operator(problem: LeastSquares, lr: float,
                            batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    r"""The map :math:`C \mapsto \mathbb E[(I - \eta\hat H) C (I -
    \eta\hat H)]` as a :math:`d^2 \times d^2` matrix, and
    :math:`\operatorname{vec}(S)`, :math:`S = \frac1N\sum_i \varepsilon_i^2
    x_i x_i^\top`."""
    X = problem.X                                                 # (N, d)
    n, d = X.shape
    H = problem.hessian()                                         # (d, d)
    eps = X @ problem.minimiser() - problem.y                     # (N,)
    K = (X[:, :, None] * X[:, None, :]).reshape(n, d * d)         # (N, d^2)
    M4 = (K.T @ K) / n                        # E[(x x^T) kron (x x^T)]
    I = np.eye(d)
    HH = np.kron(H, H)
    b = 1.0 / batch_size
    # E[H_B kron H_B] for a batch of B independent indices
    E_HH = b * M4 + (1.0 - b) * HH
    T = np.eye(d * d) - lr * (np.kron(I, H) + np.kron(H, I)) + lr**2 * E_HH
    S = (X * (eps * eps)[:, None]).T @ X / n                      # (d, d)
    return T, S.reshape(-1)


def stationary_excess(problem: LeastSquares, lr: float, *,
                      batch_size: int = 1) -> float:
    r"""Exact long-run mean loss excess of constant-step SGD (least
    squares, batches of :math:`B` indices drawn with replacement).

    With :math:`e_t = w_t - w^\star` and residuals
    :math:`\varepsilon_i = x_i^\top w^\star - y_i`, one step is
    :math:`e_{t+1} = (I - \eta \hat H_t) e_t - \eta \hat s_t` with
    :math:`\hat H_t = B^{-1}\sum_{i \in \mathcal B_t} x_i x_i^\top` and
    :math:`\hat s_t = B^{-1}\sum_{i\in\mathcal B_t}\varepsilon_i x_i`. The mean
    of :math:`e_t` tends to zero and its second moment :math:`C_t` obeys a
    linear recursion whose fixed point solves

    .. math::

        C = \mathbb E\big[(I - \eta\hat H) C (I - \eta\hat H)\big]
          + \frac{\eta^2}{B} S, \qquad
        S = \frac1N \sum_i \varepsilon_i^2 x_i x_i^\top,

    so :math:`\lim_t \mathbb E f(w_t) - f^\star = \tfrac12 \operatorname{tr}
    (H C)`. For small :math:`\eta` this is
    :math:`\eta \operatorname{tr}(S) / (4B) + O(\eta^2)`: proportional to
    the step.

    Raises
    ------
    ValueError
        If ``lr`` is too large for the second moments to converge.

    Examples
    --------
    >>> p = make_least_squares(200, 2, rng=np.random.default_rng(0))
    >>> small = 1e-4
    >>> first = small * np.trace(
    ...     p.per_example_gradients(p.minimiser()).T
    ...     @ p.per_example_gradients(p.minimiser())) / p.n / 4
    >>> bool(abs(stationary_excess(p, small) / first - 1) < 1e-3)
    True
    """
    problem = _check_problem(problem)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    batch_size = _count(batch_size, "batch_size", maximum=MAX_ENTRIES)
    _, c_inf = _stationary_moments(problem, lr, batch_size)
    return _half_trace_hc(problem, c_inf)


def _stationary_moments(problem: LeastSquares, lr: float, batch_size: int
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The operator ``T`` and ``vec(C_inf)``; raises if ``lr`` is unstable."""
    d = problem.dim
    if d > 40:
        raise ValueError(f"problem.dim must be <= 40 for the d^2 x d^2 "
                         f"solve, got {d}")
    L = problem.smoothness()
    # Beyond 2/L even the mean of the iterates diverges, and T(C) dominates
    # (I - lr H) C (I - lr H), so the second moments cannot converge.
    if lr * L >= 2.0 or lr > 1e150:
        raise ValueError(
            f"lr = {lr!r} is too large: lr * L = {lr * L:.3g} >= 2, so "
            f"constant-step SGD has no stationary distribution")
    T, s = _second_moment_operator(problem, lr, batch_size)
    rho = float(np.max(np.abs(np.linalg.eigvals(T))))
    if not rho < 1.0:
        raise ValueError(
            f"lr = {lr!r} is too large: the second moments of constant-step "
            f"SGD do not converge (spectral radius {rho:.4f} >= 1)")
    if rho > 1.0 - 1e-9:
        # I - T is then numerically singular: the chain mixes in > 1e9 steps
        raise ValueError(
            f"lr = {lr!r} is too small (or the problem too flat): the "
            f"stationary state is reached only after ~1e9 steps")
    c_inf = np.linalg.solve(np.eye(d * d) - T, lr**2 / batch_size * s)
    return T, c_inf


def _half_trace_hc(problem: LeastSquares, c: np.ndarray) -> float:
    r""":math:`\tfrac12 \operatorname{tr}(H C)` for ``c = vec(C)``."""
    d = problem.dim
    C = c.reshape(d, d)
    return float(0.5 * np.sum(problem.hessian() * (0.5 * (C + C.T))))


class NoiseFloor(NamedTuple):
    r"""Measured and predicted stationary loss excess of constant-step SGD.

    ``excess`` is the mean over ``n_chains`` independent chains of each
    chain's time-averaged :math:`f(w_t) - f^\star` over ``n_avg`` steps
    after ``n_burn`` steps; ``se`` is its standard error (the chains are
    independent). ``exact`` is :func:`stationary_excess` and
    ``first_order`` the small-step law :math:`\eta\sigma_\star^2/(4B)`.
    ``expected`` is the exact expectation of the measured window average:
    it differs from ``exact`` only by what is left of the start-up
    transient after ``n_burn`` steps.
    """

    lr: float
    batch_size: int
    excess: float
    se: float
    expected: float
    exact: float
    first_order: float


def noise_floor(problem: LeastSquares, lr: float, *, batch_size: int = 1,
                n_chains: int, n_burn: int, n_avg: int,
                rng: np.random.Generator) -> NoiseFloor:
    r"""Simulate many constant-step SGD chains and measure where they hover.

    The chains start at :math:`w^\star` (the stationary spread builds up
    from zero), take ``n_burn`` steps, then average
    :math:`f(w_t) - f^\star = \tfrac12 e_t^\top H e_t` over ``n_avg``
    further steps. Batches of ``batch_size`` indices are drawn with
    replacement, independently for every chain and step, which is the
    setting of :func:`stationary_excess`. All chains advance together as
    one array of shape ``(n_chains, d)``.

    Examples
    --------
    >>> p = make_least_squares(200, 2, rng=np.random.default_rng(0))
    >>> nf = noise_floor(p, 0.02, n_chains=200, n_burn=500, n_avg=500,
    ...                  rng=np.random.default_rng(1))
    >>> bool(abs(nf.excess - nf.expected) < 4 * nf.se)
    True
    """
    problem = _check_problem(problem)
    lr = _real(lr, "lr", low=0.0, low_open=True)
    B = _count(batch_size, "batch_size", maximum=MAX_ENTRIES)
    R = _count(n_chains, "n_chains", minimum=2)
    n_burn = _count(n_burn, "n_burn", minimum=0)
    n_avg = _count(n_avg, "n_avg")
    rng = check_rng(rng)
    d = problem.dim
    if (n_burn + n_avg) * R > MAX_STEPS * 10:
        raise ValueError(f"(n_burn + n_avg) * n_chains must be <= "
                         f"{MAX_STEPS * 10}, got {(n_burn + n_avg) * R}")
    if R * B * d > MAX_ENTRIES // 10:
        raise ValueError(f"n_chains * batch_size * d must be <= "
                         f"{MAX_ENTRIES // 10}, got {R * B * d}")
    T, c_inf = _stationary_moments(problem, lr, B)
    exact = _half_trace_hc(problem, c_inf)
    # C_j = (I - T^j) C_inf (vec form) when C_0 = 0; average j over the
    # window n_burn + 1 .. n_burn + n_avg.
    v = np.linalg.matrix_power(T, n_burn + 1) @ c_inf
    tail = np.zeros_like(c_inf)
    for _ in range(n_avg):
        tail += v
        v = T @ v
    expected = _half_trace_hc(problem, c_inf - tail / n_avg)
    X, y = problem.X, problem.y
    n = problem.n
    H = problem.hessian()
    w_star = problem.minimiser()
    W = np.tile(w_star, (R, 1))                                   # (R, d)
    acc = np.zeros(R)
    total = n_burn + n_avg
    block = max(1, min(total, MAX_ENTRIES // (100 * R * B)))
    with np.errstate(over="ignore", invalid="ignore"):
        for k0 in range(0, total, block):
            # indices for a block of steps at once: (steps, R, B)
            idx_block = rng.integers(0, n, size=(min(block, total - k0),
                                                 R, B))
            for j, idx in enumerate(idx_block):
                Xb = X[idx]                                       # (R, B, d)
                r = (Xb @ W[:, :, None])[..., 0] - y[idx]         # (R, B)
                W = W - (lr / B) * (r[:, None, :] @ Xb)[:, 0, :]  # (R, d)
                if k0 + j >= n_burn:
                    E = W - w_star                                # (R, d)
                    acc += 0.5 * np.sum((E @ H) * E, axis=1)      # (R,)
    per_chain = acc / n_avg                                       # (R,)
    if not np.all(np.isfinite(per_chain)):
        raise ValueError(f"lr = {lr!r} makes the chains diverge")
    first = lr * problem.residual_variance() / (4.0 * B)
    return NoiseFloor(lr=lr, batch_size=B, excess=float(per_chain.mean()),
                      se=float(per_chain.std(ddof=1) / math.sqrt(R)),
                      expected=expected, exact=exact, first_order=first)
