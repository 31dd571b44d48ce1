r"""Optimization landscapes: quadratic models, stationary points and
gradient descent.

The quadratic model

.. math::

    f(x) = \tfrac12 x^\top A x - b^\top x + c,
    \qquad \nabla f(x) = A x - b, \qquad \nabla^2 f(x) = A,

is the local picture of every smooth loss near a stationary point, and
the one landscape on which gradient descent can be analysed exactly: in
the eigenbasis of :math:`A` each error component is multiplied by
:math:`1 - \eta\lambda_i` per step. This module holds that model, the
second-order classification of stationary points, a plain gradient-descent
loop that stops (without warnings) when the iterates blow up, the step-size
formulas of the quadratic analysis, and a small non-convex example (a
double well). Nothing here prints or plots.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from execmath import spectral
from execmath._validate import (
    RangeError,
    as_float_array,
    check_callable,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
    pow2_scale,
)

__all__ = [
    "GDResult",
    "Quadratic",
    "classify_stationary_point",
    "contraction_factor",
    "convergence_rate",
    "double_well",
    "double_well_gradient",
    "double_well_hessian",
    "gradient_descent",
    "make_quadratic",
    "max_stable_step",
    "observed_rate",
    "optimal_step",
    "rate_bound",
    "step_factors",
    "steps_to_reduce",
]


# --------------------------------------------------------------------------
# The quadratic model
# --------------------------------------------------------------------------

def _unscale(values, e, what: str):
    """``values * 2**e``; a result beyond float64 is a ValueError."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, e)
    if not np.all(np.isfinite(out)):
        raise RangeError(f"{what} exceeds the float64 range (> 1.8e308)")
    return out


def _check_symmetric(A: Any, name: str = "A") -> np.ndarray:
    """Return ``A`` as a finite, square, symmetric float array."""
    A = as_float_array(A, name, ndim=2)
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"{name} must be square, got shape {A.shape}")
    As, _ = pow2_scale(A)                 # the test is scale invariant
    scale = max(float(np.abs(As).max()), np.finfo(float).tiny)
    asym = float(np.abs(As - As.T).max())
    # A Hessian is symmetric; a tiny asymmetry is rounding, a large one a bug.
    if asym > 1e-10 * scale:
        raise ValueError(
            f"{name} must be symmetric, got max |{name} - {name}.T| = "
            f"{asym * float(np.abs(A).max()) / scale:.3e} for shape "
            f"{A.shape}"
        )
    # halve before adding: the same bits as 0.5 (A + A.T), never overflows
    return 0.5 * A + 0.5 * A.T


def _as_points(x: Any, n: int, name: str = "x") -> np.ndarray:
    """Validate a point (n,) or a stack of points (..., n)."""
    x = as_float_array(x, name)
    if x.ndim == 0 or x.shape[-1] != n:
        raise ValueError(
            f"{name} must have last axis of length {n}, got shape {x.shape}"
        )
    return x


@dataclass(frozen=True, eq=False)
class Quadratic:
    r"""The quadratic :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric matrix: the (constant) Hessian.
    b : array_like, shape (n,)
        Linear term; the gradient is :math:`A x - b`.
    c : float, default 0
        Constant term.

    Notes
    -----
    ``A`` is symmetrised and both arrays are copied, so changing the
    caller's arrays afterwards does not change the ``Quadratic``. Methods
    accept one point of shape ``(n,)`` or a stack of shape ``(..., n)``
    (e.g. a whole grid of points).
    """

    A: np.ndarray  # (n, n)
    b: np.ndarray  # (n,)
    c: float = 0.0

    def __post_init__(self) -> None:
        A = _check_symmetric(self.A, "A")
        b = as_float_array(self.b, "b", ndim=1)
        if b.shape != (A.shape[0],):
            raise ValueError(
                f"b must have shape ({A.shape[0]},) to match A {A.shape}, "
                f"got shape {b.shape}"
            )
        c = check_finite_scalar(self.c, "c")
        b = b.copy()   # never share the caller's buffers
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "c", c)

    @property
    def dim(self) -> int:
        """Number of variables :math:`n`."""
        return self.b.size

    def value(self, x: Any) -> np.ndarray | float:
        r""":math:`f(x) = \tfrac12 x^\top A x - b^\top x + c`.

        Returns a float for one point, an array of shape ``x.shape[:-1]``
        for a stack.
        """
        x = _as_points(x, self.dim)                           # (..., n)
        with np.errstate(over="ignore", invalid="ignore"):
            quad = np.einsum("...i,ij,...j->...", x, self.A, x)   # (...,)
            out = 0.5 * quad - x @ self.b + self.c
        if not np.all(np.isfinite(out)):
            out = self._value_scaled(x)
        return float(out) if out.ndim == 0 else out

    def _value_scaled(self, x: np.ndarray) -> np.ndarray:
        """f(x) from scaled operands, for inputs where the plain formula
        overflows in an intermediate; a value beyond float64 is an error."""
        xs, ex = pow2_scale(x)
        As, ea = pow2_scale(self.A)
        bs, eb = pow2_scale(self.b)
        with np.errstate(under="ignore"):
            quad = np.einsum("...i,ij,...j->...", xs, As, xs)
            lin = xs @ bs
        e2, e1 = int(ea + 2 * ex - 1), int(eb + ex)       # 0.5 x^T A x, b x
        top = max(e2, e1, math.frexp(self.c)[1] if self.c else -1100)
        with np.errstate(under="ignore"):
            out = (np.ldexp(quad, e2 - top) - np.ldexp(lin, e1 - top)
                   + math.ldexp(self.c, -top))
        return _unscale(out, top, "f(x) of this quadratic at x")

    def gradient(self, x: Any) -> np.ndarray:
        r""":math:`\nabla f(x) = A x - b`, same shape as ``x``."""
        x = _as_points(x, self.dim)                           # (..., n)
        with np.errstate(over="ignore", invalid="ignore"):
            g = x @ self.A - self.b     # A symmetric: x A = (A x)^T
        if np.all(np.isfinite(g)):
            return g
        xs, ex = pow2_scale(x)                  # intermediate overflow:
        As, ea = pow2_scale(self.A)             # products of scaled factors
        bs, eb = pow2_scale(self.b)
        with np.errstate(under="ignore"):
            p = xs @ As
        top = max(int(ea + ex), int(eb))
        with np.errstate(under="ignore"):
            g = np.ldexp(p, int(ea + ex) - top) - np.ldexp(bs, int(eb) - top)
        return _unscale(g, top, "the gradient of this quadratic at x")

    def hessian(self, x: Any = None) -> np.ndarray:
        r""":math:`\nabla^2 f(x) = A`, the same at every ``x``, (n, n)."""
        if x is not None:
            _as_points(x, self.dim)
        return self.A.copy()

    def eigenvalues(self) -> np.ndarray:
        r"""Eigenvalues of :math:`A`, ascending (``numpy.linalg.eigvalsh``),
        computed on ``A / 2**e`` (exact) and scaled back."""
        As, e = pow2_scale(self.A)
        return _unscale(np.linalg.eigvalsh(As), e, "an eigenvalue of A")

    def stationary_point(self) -> np.ndarray:
        r"""The solution of :math:`\nabla f(x) = 0`, i.e. :math:`A x = b`.

        Raises
        ------
        ValueError
            If ``A`` is singular (no unique stationary point).
        """
        As, ea = pow2_scale(self.A)
        bs, eb = pow2_scale(self.b)
        try:
            with np.errstate(all="ignore"):
                xs = np.linalg.solve(As, bs)
        except np.linalg.LinAlgError as exc:
            raise ValueError(
                f"A is singular, so A x = b has no unique solution "
                f"(shape {self.A.shape})"
            ) from exc
        if not np.all(np.isfinite(xs)):
            raise ValueError("A is singular to working precision: A x = b "
                             "has no representable solution")
        return _unscale(xs, int(eb - ea), "the stationary point A^-1 b")

    def minimiser(self) -> np.ndarray:
        r"""The unique minimiser :math:`x^\star = A^{-1} b`.

        Raises
        ------
        ValueError
            If ``A`` is not positive definite: then ``f`` has no minimiser
            (it is unbounded below) or no unique one.
        """
        lam = self.eigenvalues()
        if lam[0] <= 0:
            raise ValueError(
                "A must be positive definite for a minimiser, got smallest "
                f"eigenvalue {lam[0]:.3e}; use stationary_point()"
            )
        return self.stationary_point()

    def condition_number(self) -> float:
        r""":math:`\kappa = L / \mu = \lambda_{\max} / \lambda_{\min}`
        (positive definite ``A`` only)."""
        lam = np.linalg.eigvalsh(pow2_scale(self.A)[0])  # kappa: invariant
        if lam[0] <= 0:
            raise ValueError(
                "A must be positive definite for a condition number, got "
                f"smallest eigenvalue {lam[0]:.3e} (of A scaled to max 1)"
            )
        with np.errstate(over="ignore"):
            kappa = float(lam[-1] / lam[0])
        if not math.isfinite(kappa):
            raise ValueError("A is so ill conditioned that its condition "
                             "number exceeds the float64 range")
        return kappa


def _rotation(angle: float) -> np.ndarray:
    """2-D rotation by ``angle`` radians, shape (2, 2)."""
    co, si = np.cos(angle), np.sin(angle)
    return np.array([[co, -si], [si, co]])


def make_quadratic(
    eigenvalues: Any,
    *,
    angle: float | None = None,
    rng: np.random.Generator | None = None,
    center: Any = None,
    c: float = 0.0,
) -> Quadratic:
    r"""Quadratic with prescribed Hessian eigenvalues and stationary point.

    .. math::

        A = Q \operatorname{diag}(\lambda_1, \dots, \lambda_n) Q^\top,
        \qquad b = A\,x_c,

    so that :math:`\nabla f(x) = A (x - x_c)` vanishes at the centre
    :math:`x_c`. The eigenvectors :math:`Q` are the columns of a rotation
    by ``angle`` (2-D only), a Haar-random orthogonal matrix drawn with
    ``rng``, or the identity when neither is given.

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        The spectrum of ``A``; all positive gives a convex bowl, mixed signs
        a saddle.
    angle : float, optional
        Rotation angle in radians of the eigenvectors (``n == 2`` only).
    rng : numpy.random.Generator, optional
        Source of random eigenvectors (any ``n``); not with ``angle``.
    center : array_like, shape (n,), optional
        Stationary point :math:`x_c`; default the origin.
    c : float, default 0
        Constant term.

    Returns
    -------
    Quadratic

    Examples
    --------
    >>> q = make_quadratic([1.0, 4.0], center=[1.0, 2.0])
    >>> q.minimiser().tolist(), q.condition_number()
    ([1.0, 2.0], 4.0)
    """
    lam = as_float_array(eigenvalues, "eigenvalues", ndim=1)
    n = lam.size
    if angle is not None and rng is not None:
        raise ValueError("give angle or rng, not both (got angle and rng)")
    check_result_size(n * n, "eigenvalues (A is n x n)")
    lam_s, el = pow2_scale(lam)                  # exact; scaled back below
    if angle is not None:
        if n != 2:
            raise ValueError(
                f"angle needs 2 eigenvalues, got eigenvalues shape {lam.shape}"
            )
        Q = _rotation(check_finite_scalar(angle, "angle"))      # (2, 2)
        A = (Q * lam_s) @ Q.T                                  # (2, 2)
    elif rng is not None:
        A = spectral.random_symmetric(lam_s, rng=rng).a        # (n, n)
    else:
        A = np.diag(lam_s)                                     # (n, n)
    A = 0.5 * A + 0.5 * A.T                      # = 0.5 (A + A.T), exactly
    xc = np.zeros(n) if center is None else as_float_array(
        center, "center", ndim=1)
    if xc.shape != (n,):
        raise ValueError(
            f"center must have shape ({n},), got shape {xc.shape}"
        )
    xs, ex = pow2_scale(xc)
    with np.errstate(under="ignore"):
        b = A @ xs                                             # (n,) scaled
    A = _unscale(A, el, "an entry of A for these eigenvalues")
    b = _unscale(b, el + ex, "b = A center for these eigenvalues and center")
    return Quadratic(A, b, c)


# --------------------------------------------------------------------------
# Stationary points
# --------------------------------------------------------------------------

def classify_stationary_point(hessian: Any, tol: float | None = None) -> str:
    r"""Second-order test: the type of a stationary point from its Hessian.

    With the eigenvalues :math:`\lambda_1 \le \dots \le \lambda_n` of the
    symmetric Hessian :math:`H` and a tolerance :math:`\tau`:

    .. math::

        \lambda_1 > \tau \Rightarrow \text{minimum}, \quad
        \lambda_n < -\tau \Rightarrow \text{maximum}, \quad
        \lambda_1 < -\tau < \tau < \lambda_n \Rightarrow \text{saddle},

    and otherwise (a zero eigenvalue and no sign change) the test is
    inconclusive: "degenerate".

    Parameters
    ----------
    hessian : array_like, shape (n, n)
        Symmetric Hessian at a point where the gradient vanishes.
    tol : float, optional
        Eigenvalues with :math:`|\lambda| \le \tau` count as zero. Default
        :math:`\tau = n\,\varepsilon\,\max_i |\lambda_i|`, the rank
        tolerance of ``numpy.linalg.matrix_rank``; pass a larger value for
        Hessians estimated by finite differences.

    Returns
    -------
    str
        ``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"degenerate"``.

    Examples
    --------
    >>> classify_stationary_point([[2.0, 0.0], [0.0, -1.0]])
    'saddle'
    >>> classify_stationary_point([[1e300, 0.0], [0.0, 1e300]])
    'minimum'
    """
    H = _check_symmetric(hessian, "hessian")
    Hs, e = pow2_scale(H)
    lam_s = np.linalg.eigvalsh(Hs)                  # ascending, (n,)
    if tol is None:
        # relative test: invariant under the exact scaling
        lam = lam_s
        tau = H.shape[0] * np.finfo(np.float64).eps * float(np.abs(lam).max())
    else:
        tau = check_finite_scalar(tol, "tol")
        if tau < 0:
            raise ValueError(f"tol must be >= 0, got {tol!r}")
        with np.errstate(over="ignore"):
            lam = np.ldexp(lam_s, e)                # +-inf only if huge
    has_pos, has_neg = lam[-1] > tau, lam[0] < -tau
    if has_pos and has_neg:
        return "saddle"
    if lam[0] > tau:
        return "minimum"
    if lam[-1] < -tau:
        return "maximum"
    return "degenerate"


# --------------------------------------------------------------------------
# Gradient descent
# --------------------------------------------------------------------------

class GDResult(NamedTuple):
    """Record of a gradient-descent run.

    ``iterates[k]`` is :math:`x_k` for ``k = 0 .. n_steps``; ``values[k]``
    is :math:`f(x_k)` when a function was given (else None). ``diverged``
    is True when the run stopped early because an iterate, its gradient
    or its value left the finite range or exceeded ``blowup`` in norm.
    """

    iterates: np.ndarray          # (k + 1, n)
    values: np.ndarray | None     # (k + 1,)
    step: float
    diverged: bool

    @property
    def n_steps(self) -> int:
        """Number of steps actually taken."""
        return self.iterates.shape[0] - 1

    def distances(self, x_star: Any) -> np.ndarray:
        r""":math:`\lVert x_k - x^\star\rVert_2` for all iterates, (k + 1,)."""
        x_star = as_float_array(x_star, "x_star", ndim=1)
        if x_star.shape != self.iterates.shape[1:]:
            raise ValueError(
                f"x_star must have shape {self.iterates.shape[1:]}, got "
                f"shape {x_star.shape}"
            )
        return np.linalg.norm(self.iterates - x_star, axis=1)


def _safe_call(fn: Callable, x: np.ndarray, name: str = "grad"
               ) -> np.ndarray | None:
    """Call ``fn(x)`` silently; None if it overflows or is not finite.

    Other failures of ``fn`` (e.g. a shape error because ``x0`` has the
    wrong length) are reported as a ValueError naming ``fn`` and ``x0``.
    """
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            raw = np.asarray(fn(x))
    except (OverflowError, RangeError):
        return None                 # the iterate left the float64 range
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} failed at an iterate of shape {x.shape} (from x0): "
            f"{type(exc).__name__}: {exc}") from exc
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"{name} must return real numbers, got {raw.dtype}")
    out = raw.astype(np.float64)
    return out if np.all(np.isfinite(out)) else None


def gradient_descent(
    grad: Callable[[np.ndarray], Any],
    x0: Any,
    step: float,
    n_steps: int,
    *,
    f: Callable[[np.ndarray], Any] | None = None,
    blowup: float = 1e100,
) -> GDResult:
    r"""Fixed-step gradient descent :math:`x_{k+1} = x_k - \eta\nabla f(x_k)`.

    Parameters
    ----------
    grad : callable
        ``grad(x) -> array (n,)``: the gradient at a point ``x`` of shape (n,).
    x0 : array_like, shape (n,)
        Starting point, finite.
    step : float
        Step size (learning rate) :math:`\eta > 0`.
    n_steps : int
        Maximum number of steps, ``>= 1``.
    f : callable, optional
        ``f(x) -> float``; when given, its values along the path are recorded.
    blowup : float, default 1e100
        The run stops, flagged ``diverged``, as soon as
        :math:`\lVert x_k\rVert_2` exceeds this, or a gradient or value is
        not finite. Arithmetic overflow is caught silently: divergence is a
        result to report, not a warning.

    Returns
    -------
    GDResult
        ``iterates`` (k + 1, n) with ``k <= n_steps``, ``values`` (k + 1,)
        or None, ``step`` and ``diverged``.
    """
    check_callable(grad, "grad")
    if f is not None:
        check_callable(f, "f")
    x = as_float_array(x0, "x0", ndim=1).copy()                  # (n,)
    eta = check_finite_scalar(step, "step", positive=True)
    n_steps = check_positive_int(n_steps, "n_steps", maximum=10**7)
    check_result_size((n_steps + 1) * x.size, "n_steps (times len(x0))")
    blowup = check_finite_scalar(blowup, "blowup", positive=True)

    iterates = [x]
    values = None if f is None else [float(_checked_value(f, x))]
    diverged = False
    for _ in range(n_steps):
        g = _safe_call(grad, x)
        if g is None:
            diverged = True
            break
        if g.shape != x.shape:
            raise ValueError(
                f"grad must return shape {x.shape}, got shape {g.shape}"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            x = x - eta * g                                      # (n,)
        if not np.all(np.isfinite(x)):
            diverged = True
            break
        fx = None if f is None else _safe_call(f, x, "f")
        if f is not None and fx is None:
            diverged = True
            break
        iterates.append(x)
        if values is not None:
            values.append(float(fx))
        if np.linalg.norm(x) > blowup:
            diverged = True
            break
    return GDResult(
        iterates=np.stack(iterates),                             # (k + 1, n)
        values=None if values is None else np.asarray(values),  # (k + 1,)
        step=eta,
        diverged=diverged,
    )


def _checked_value(f: Callable, x: np.ndarray) -> float:
    """``f(x0)``, which must be a finite scalar."""
    out = _safe_call(f, x, "f")
    if out is None or out.size != 1:
        shape = "non-finite" if out is None else f"shape {out.shape}"
        raise ValueError(f"f must return a finite scalar at x0, got {shape}")
    return float(out.reshape(()))


# --------------------------------------------------------------------------
# Step sizes and rates on a quadratic
# --------------------------------------------------------------------------

def _check_curvatures(mu: Any, L: Any) -> tuple[float, float]:
    mu = check_finite_scalar(mu, "mu", positive=True)
    L = check_finite_scalar(L, "L", positive=True)
    if mu > L:
        raise ValueError(f"mu must be <= L, got mu={mu!r}, L={L!r}")
    return mu, L


def max_stable_step(L: float) -> float:
    r"""Largest step for which GD on a quadratic converges: :math:`2/L`.

    Convergence needs :math:`|1 - \eta\lambda_i| < 1` for every eigenvalue,
    i.e. :math:`0 < \eta < 2/\lambda_{\max}` with :math:`L = \lambda_{\max}`.
    The bound itself is excluded (the top component then oscillates).

    Examples
    --------
    >>> max_stable_step(4.0)
    0.5
    """
    L = check_finite_scalar(L, "L", positive=True)
    return _finite(2.0 / L, "2 / L (L is too small)")


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what}: the result exceeds the float64 range")
    return value


def optimal_step(mu: float, L: float) -> float:
    r"""Best fixed step on a quadratic: :math:`\eta^\star = 2/(\mu + L)`.

    It balances the extreme factors, :math:`1 - \eta\mu = -(1 - \eta L)`,
    minimising :math:`\max_i |1 - \eta\lambda_i|` over :math:`\eta`.

    Examples
    --------
    >>> optimal_step(1.0, 3.0)
    0.5
    """
    mu, L = _check_curvatures(mu, L)
    # 2 / (mu + L) with the sum halved first: mu + L cannot overflow
    return _finite(1.0 / (0.5 * mu + 0.5 * L), "2 / (mu + L) (mu and L are "
                   "too small)")


def convergence_rate(kappa: float) -> float:
    r"""Error contraction per step at :math:`\eta^\star`.

    .. math::

        \rho(\eta^\star) = \frac{\kappa - 1}{\kappa + 1}, \qquad
        \kappa = L / \mu .

    Parameters
    ----------
    kappa : float
        Condition number :math:`\kappa = L/\mu \ge 1`.

    Examples
    --------
    >>> convergence_rate(3.0)
    0.5
    """
    kappa = check_finite_scalar(kappa, "kappa")
    if kappa < 1:
        raise ValueError(f"kappa must be >= 1, got {kappa!r}")
    return (kappa - 1.0) / (kappa + 1.0)


def step_factors(eigenvalues: Any, step: float) -> np.ndarray:
    r"""Per-step multipliers :math:`1 - \eta\lambda_i` of the eigen-components.

    On a quadratic the error :math:`e_k = x_k - x^\star` obeys
    :math:`e_{k+1} = (I - \eta A) e_k`; in the eigenbasis of :math:`A`
    component :math:`i` is multiplied by :math:`1 - \eta\lambda_i`.

    Examples
    --------
    >>> step_factors([1.0, 4.0], 0.25).tolist()
    [0.75, 0.0]
    """
    lam = as_float_array(eigenvalues, "eigenvalues", ndim=1)
    eta = check_finite_scalar(step, "step", positive=True)
    with np.errstate(over="ignore"):
        out = 1.0 - eta * lam
    if not np.all(np.isfinite(out)):
        raise ValueError("step * eigenvalues exceeds the float64 range")
    return out


def contraction_factor(eigenvalues: Any, step: float) -> float:
    r"""Worst-case factor :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|`.

    :math:`\lVert e_k\rVert_2 \le \rho^k \lVert e_0\rVert_2`; GD converges
    from every start iff :math:`\rho < 1`.

    Examples
    --------
    >>> contraction_factor([1.0, 4.0], 0.25)
    0.75
    """
    return float(np.abs(step_factors(eigenvalues, step)).max())


def rate_bound(rho: float, e0: float, n_steps: int) -> np.ndarray:
    r"""The bound :math:`\rho^k e_0` for :math:`k = 0, \dots, K`.

    Returns
    -------
    numpy.ndarray, shape (K + 1,)

    Examples
    --------
    >>> rate_bound(0.5, 2.0, 3).tolist()
    [2.0, 1.0, 0.5, 0.25]
    """
    rho = check_finite_scalar(rho, "rho")
    if rho < 0:
        raise ValueError(f"rho must be >= 0, got {rho!r}")
    e0 = check_finite_scalar(e0, "e0")
    if e0 < 0:
        raise ValueError(f"e0 must be >= 0, got {e0!r}")
    n_steps = check_positive_int(n_steps, "n_steps", minimum=0)
    check_result_size(n_steps + 1, "n_steps")
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        out = e0 * rho ** np.arange(n_steps + 1)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"e0 * rho^k exceeds the float64 range within n_steps={n_steps} "
            f"steps (rho={rho!r})")
    return out


def observed_rate(errors: Any, skip: int = 0) -> float:
    r"""Per-step contraction fitted to an error history.

    Fits :math:`\log e_k \approx a + k \log r` by least squares over
    :math:`k \ge` ``skip`` and returns :math:`r`. For a linearly convergent
    method :math:`e_k \approx C r^k` once the transient is over.

    Parameters
    ----------
    errors : array_like, shape (K,)
        Positive errors, e.g. :math:`\lVert x_k - x^\star\rVert`.
    skip : int, default 0
        Number of leading entries (the transient) to ignore; at least two
        entries must remain.

    Returns
    -------
    float
        The fitted rate :math:`r` (below 1: convergence).

    Examples
    --------
    >>> round(observed_rate([1.0, 0.5, 0.25, 0.125]), 12)
    0.5
    """
    e = as_float_array(errors, "errors", ndim=1)
    skip = check_positive_int(skip, "skip", minimum=0)
    e = e[skip:]
    if e.size < 2:
        raise ValueError(
            f"errors must keep >= 2 entries after skip={skip}, got "
            f"{e.size}"
        )
    if np.any(e <= 0):
        raise ValueError(
            f"errors must be > 0, got {int(np.count_nonzero(e <= 0))} "
            f"non-positive entries in shape {e.shape}"
        )
    k = np.arange(e.size, dtype=np.float64)
    dk, le = k - k.mean(), np.log(e)
    slope = float(np.dot(dk, le - le.mean()) / np.dot(dk, dk))
    with np.errstate(over="ignore"):
        rate = float(np.exp(slope))
    return _finite(rate, "the fitted rate (errors grow by more than 1e308 "
                   "per step)")


def steps_to_reduce(distances: Any, factor: float) -> int | None:
    r"""First step at which an error history has shrunk by ``factor``.

    .. math::

        k^\star = \min\{k \ge 0 : e_k \le \tau\, e_0\},

    with :math:`\tau` = ``factor``. Unlike ``np.argmax(e <= tau * e[0])``,
    which returns 0 both when the target is met at once and when it is
    never met, a history that never reaches the target gives ``None``.

    Parameters
    ----------
    distances : array_like, shape (K,)
        Errors :math:`e_0, \dots, e_{K-1}`, e.g. ``GDResult.distances``:
        finite, non-negative, with :math:`e_0 > 0`.
    factor : float
        Reduction factor :math:`0 < \tau < 1`, e.g. ``1e-6`` for six digits.

    Returns
    -------
    int or None
        The smallest :math:`k` with :math:`e_k \le \tau e_0`, or None if no
        entry reaches it.

    Examples
    --------
    >>> steps_to_reduce([1.0, 0.5, 0.05], 0.1), steps_to_reduce([1.0], 0.1)
    (2, None)
    """
    e = as_float_array(distances, "distances", ndim=1)          # (K,)
    if np.any(e < 0):
        raise ValueError(
            f"distances must be >= 0, got min {float(e.min())!r} in shape "
            f"{e.shape}"
        )
    if e[0] == 0:
        raise ValueError("distances[0] must be > 0 to measure a reduction, "
                         "got 0.0")
    tau = check_finite_scalar(factor, "factor", positive=True)
    if tau >= 1:
        raise ValueError(f"factor must be < 1, got {factor!r}")
    hit = np.flatnonzero(e <= tau * e[0])
    return int(hit[0]) if hit.size else None


# --------------------------------------------------------------------------
# A non-convex example: the double well
# --------------------------------------------------------------------------

def _as_planar(x: Any) -> np.ndarray:
    return _as_points(x, 2, "x")


def double_well(x: Any) -> np.ndarray | float:
    r"""Double well :math:`f(x, y) = (x^2 - 1)^2 + y^2`.

    Two minima at :math:`(\pm 1, 0)` with :math:`f = 0`, separated by a
    saddle at the origin with :math:`f = 1`.

    Parameters
    ----------
    x : array_like, shape (2,) or (..., 2)

    Returns
    -------
    float or numpy.ndarray of shape ``x.shape[:-1]``

    Examples
    --------
    >>> double_well([0.0, 0.0]), double_well([1.0, 0.0])
    (1.0, 0.0)
    """
    x = _as_planar(x)
    with np.errstate(over="ignore"):
        out = (x[..., 0] ** 2 - 1.0) ** 2 + x[..., 1] ** 2
    _check_landscape(out, "double_well")
    return float(out) if out.ndim == 0 else out


def _check_landscape(out: np.ndarray, what: str) -> None:
    if not np.all(np.isfinite(out)):
        raise RangeError(
            f"{what} at x exceeds the float64 range (|x| too large)")


def double_well_gradient(x: Any) -> np.ndarray:
    r"""Gradient :math:`\big(4x(x^2 - 1),\; 2y\big)` of :func:`double_well`.

    Examples
    --------
    >>> double_well_gradient([2.0, 1.0]).tolist()
    [24.0, 2.0]
    """
    x = _as_planar(x)
    with np.errstate(over="ignore", invalid="ignore"):
        gx = 4.0 * x[..., 0] * (x[..., 0] ** 2 - 1.0)
        out = np.stack([gx, 2.0 * x[..., 1]], axis=-1)     # (..., 2)
    _check_landscape(out, "double_well_gradient")
    return out


def double_well_hessian(x: Any) -> np.ndarray:
    r"""Hessian :math:`\operatorname{diag}(12x^2 - 4,\, 2)` of the double well.

    Returns
    -------
    numpy.ndarray, shape (..., 2, 2)

    Examples
    --------
    >>> double_well_hessian([0.0, 0.0]).tolist()
    [[-4.0, 0.0], [0.0, 2.0]]
    """
    x = _as_planar(x)
    check_result_size(4 * (x.size // 2), "x (one 2 x 2 Hessian per point)")
    H = np.zeros(x.shape[:-1] + (2, 2))
    with np.errstate(over="ignore"):
        H[..., 0, 0] = 12.0 * x[..., 0] ** 2 - 4.0
    H[..., 1, 1] = 2.0
    _check_landscape(H, "double_well_hessian")
    return H
