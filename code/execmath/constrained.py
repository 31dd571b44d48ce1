r"""Constrained and convex optimisation: projections, projected gradient
descent, KKT conditions, equality-constrained quadratics and duality.

The problems have the form

.. math::

    \min_{x \in \mathbb{R}^n} f(x) \quad\text{subject to}\quad
    c_{\mathrm{eq}}(x) = 0, \quad c_{\mathrm{in}}(x) \le 0,

with the Lagrangian :math:`L(x, \lambda, \mu) = f(x) + \lambda^\top
c_{\mathrm{eq}}(x) + \mu^\top c_{\mathrm{in}}(x)` (the sign convention of
Boyd and Vandenberghe). The module holds

* Euclidean projections onto a box, a ball and the probability simplex
  (the sort-based algorithm of Held, Wolfe and Crowder, 1974, and Duchi et
  al., 2008), computed safely at extreme scales;
* projected gradient descent with a full trace record;
* KKT residuals with least-squares multiplier estimates and a LICQ check;
* the KKT system of an equality-constrained quadratic, solved by the
  null-space method (orthogonal factorisations only);
* a randomised convexity check along lines (Jensen's inequality);
* the Lagrangian dual of a strictly convex quadratic programme.

Quadratics are :class:`execmath.optim.Quadratic` objects,
:math:`f(x) = \tfrac12 x^\top H x - c^\top x + c_0`. Nothing here prints
or plots; randomness enters only through an explicit ``rng``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath._validate import as_float_array, check_rng
from execmath.optim import Quadratic

__all__ = [
    "ConvexityReport",
    "EqQPSolution",
    "KKTReport",
    "LinearInequalities",
    "PGDResult",
    "QPDual",
    "box_constraints",
    "convexity_check",
    "kkt_residuals",
    "project_ball",
    "project_box",
    "project_simplex",
    "projected_gradient_descent",
    "solve_eq_qp",
]

_EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.finfo(np.float64).tiny)
#: Largest number of steps or random lines a call may ask for; the trace
#: records every iterate, so memory grows with the count.
MAX_COUNT = 1_000_000


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

def _points(x: Any) -> np.ndarray:
    """``x`` as a float64 array of one or more points, shape (..., n)."""
    arr = as_float_array(x, "x")
    if arr.ndim == 0:
        raise ValueError(f"x must have at least 1 dimension(s), got shape "
                         f"{arr.shape}")
    return arr


def _real_scalar(
    value: Any,
    name: str,
    *,
    positive: bool = False,
    nonnegative: bool = False,
) -> float:
    """``value`` as a finite float; bools, strings, complex are refused."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__}"
        )
    try:
        out = float(value)
    except OverflowError as exc:                 # e.g. an int like 10**400
        raise ValueError(f"{name} must be finite in float64, got an integer "
                         f"with {len(str(value))} digits") from exc
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and out <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    if nonnegative and out < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return out


def _count(value: Any, name: str, *, minimum: int = 1,
           maximum: int = MAX_COUNT) -> int:
    """An integer count in ``[minimum, maximum]``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__}"
        )
    if not minimum <= value <= maximum:
        raise ValueError(
            f"{name} must be in [{minimum}, {maximum}], got {value!r}"
        )
    return int(value)


def _check_callable(fn: Any, name: str) -> Callable:
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
    return fn


def _call(fn: Callable, x: np.ndarray, name: str,
          shape: tuple[int, ...], origin: str = "x") -> np.ndarray | None:
    """``fn(x)`` as float64 of ``shape``; None when it is not finite.

    A wrong shape or a non-real result is the caller's bug and raises; a
    non-finite value is a numerical event (overflow) the loop reports. An
    error raised inside ``fn`` is re-raised naming ``fn`` and ``origin``,
    the argument the point came from (e.g. ``x0``).
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            raw = fn(x.copy())
        except OverflowError:
            return None
        except (ValueError, TypeError) as exc:
            kind = TypeError if isinstance(exc, TypeError) else ValueError
            raise kind(
                f"{name} failed at a point of shape {x.shape} obtained from "
                f"{origin}: {exc}") from exc
    if type(raw) is float and shape == ():          # the common case
        return np.asarray(raw) if math.isfinite(raw) else None
    out = np.asarray(raw)
    if out.dtype.kind not in "iuf":
        raise TypeError(f"{name} must return real numbers, got dtype "
                        f"{out.dtype}")
    out = out.astype(np.float64)
    if out.size == 1 and shape == ():
        out = out.reshape(())
    if out.shape != shape:
        raise ValueError(f"{name} must return shape {shape}, got shape "
                         f"{out.shape}")
    return out if np.all(np.isfinite(out)) else None


def _scaled_norm(d: np.ndarray) -> np.ndarray:
    """Euclidean norm along the last axis without overflow or underflow."""
    s = np.max(np.abs(d), axis=-1, keepdims=True)                # (..., 1)
    safe = np.where(s > 0, s, 1.0)
    with np.errstate(over="ignore"):          # inf when the norm overflows
        return (s * np.linalg.norm(d / safe, axis=-1, keepdims=True))[..., 0]


# --------------------------------------------------------------------------
# Projections
# --------------------------------------------------------------------------

def _bounds(lower: Any, upper: Any, n: int, ref: str
            ) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of a box, broadcast to shape (n,); infinite sides allowed.

    ``ref`` names the argument that fixed ``n`` (for the error message).
    """
    lo = as_float_array(lower, "lower", ndim=(0, 1), allow_inf=True)
    hi = as_float_array(upper, "upper", ndim=(0, 1), allow_inf=True)
    for arr, name in ((lo, "lower"), (hi, "upper")):
        if arr.ndim == 1 and arr.shape != (n,):
            raise ValueError(f"{name} must be a scalar or have shape ({n},) "
                             f"to match {ref}, got shape {arr.shape}")
    lo, hi = np.broadcast_to(lo, (n,)), np.broadcast_to(hi, (n,))
    if np.any(lo == np.inf):
        raise ValueError("lower must not be +inf (the box would be empty)")
    if np.any(hi == -np.inf):
        raise ValueError("upper must not be -inf (the box would be empty)")
    if np.any(lo > hi):
        i = int(np.flatnonzero(lo > hi)[0])
        raise ValueError(f"lower must be <= upper, got lower[{i}] = "
                         f"{lo[i]!r} > upper[{i}] = {hi[i]!r}")
    return lo.copy(), hi.copy()


def project_box(x: Any, lower: Any, upper: Any) -> np.ndarray:
    r"""Euclidean projection onto the box :math:`\{l \le x \le u\}`.

    .. math::

        P_{[l, u]}(x)_i = \min\big(\max(x_i, l_i),\, u_i\big),

    coordinate by coordinate: the squared distance is a sum of independent
    one-dimensional terms, each minimised by clipping.

    Parameters
    ----------
    x : array_like, shape (n,) or (..., n)
        Point or stack of points (projected along the last axis).
    lower, upper : float or array_like, shape (n,)
        Bounds with ``lower <= upper``; infinite sides are allowed
        (``-inf`` below, ``+inf`` above).

    Returns
    -------
    numpy.ndarray, same shape as ``x``

    Examples
    --------
    >>> project_box([1.5, -0.2, 0.3], 0.0, 1.0).tolist()
    [1.0, 0.0, 0.3]
    >>> project_box([2.0, -3.0], [0.0, -np.inf], [1.0, 0.0]).tolist()
    [1.0, -3.0]
    """
    x = _points(x)                          # (..., n)
    lo, hi = _bounds(lower, upper, x.shape[-1], "x")
    return np.minimum(np.maximum(x, lo), hi)


def project_ball(x: Any, radius: float = 1.0, center: Any = None
                 ) -> np.ndarray:
    r"""Euclidean projection onto the ball :math:`\{\lVert x - c\rVert_2
    \le r\}`.

    .. math::

        P(x) = \begin{cases} x, & \lVert x - c\rVert_2 \le r,\\
        c + r\,\dfrac{x - c}{\lVert x - c\rVert_2}, & \text{otherwise:}
        \end{cases}

    a point outside is pulled back radially onto the sphere. The
    difference and its norm are computed after dividing by the largest
    magnitude involved, so that points near the overflow threshold are
    projected correctly.

    Parameters
    ----------
    x : array_like, shape (n,) or (..., n)
    radius : float, default 1
        Radius :math:`r > 0`.
    center : array_like, shape (n,), optional
        Centre :math:`c`; default the origin.

    Returns
    -------
    numpy.ndarray, same shape as ``x``

    Raises
    ------
    ValueError
        If the projection itself is not representable in float64.

    Examples
    --------
    >>> project_ball([3.0, 4.0]).tolist()
    [0.6, 0.8]
    >>> project_ball([0.1, 0.2], radius=2.0).tolist()
    [0.1, 0.2]
    """
    x = _points(x)                          # (..., n)
    r = _real_scalar(radius, "radius", positive=True)
    n = x.shape[-1]
    c = np.zeros(n) if center is None else as_float_array(center, "center",
                                                       ndim=1)
    if c.shape != (n,):
        raise ValueError(f"center must have shape ({n},) to match x, got "
                         f"shape {c.shape}")
    # scale by the largest magnitude per point so x - c cannot overflow
    s = np.maximum(np.max(np.abs(x), axis=-1, keepdims=True),
                   float(np.max(np.abs(c))))                     # (..., 1)
    s = np.where(s > 0, s, 1.0)
    d = x / s - c / s                                            # (..., n)
    nd = _scaled_norm(d)[..., None]                              # (..., 1)
    with np.errstate(over="ignore", under="ignore"):
        inside = nd <= r / s             # ||x - c|| <= r, without overflow
        unit = d / np.where(nd > 0, nd, 1.0)                     # (..., n)
        out = np.where(inside, x, c + r * unit)                  # (..., n)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "x, center and radius are outside the supported range: the "
            "projection overflows float64"
        )
    return out


def project_simplex(x: Any, radius: float = 1.0) -> np.ndarray:
    r"""Euclidean projection onto the simplex :math:`\{w \ge 0,\
    \textstyle\sum_i w_i = z\}`.

    The projection is :math:`w_i = \max(x_i - \theta, 0)` with the unique
    threshold :math:`\theta` for which the entries sum to :math:`z`. Sort
    :math:`x` decreasingly into :math:`u`; then

    .. math::

        \rho = \max\Big\{j : u_j - \tfrac1j\big(\textstyle\sum_{i \le j}
        u_i - z\big) > 0\Big\}, \qquad
        \theta = \tfrac1\rho\Big(\textstyle\sum_{i \le \rho} u_i - z\Big),

    an :math:`O(n \log n)` algorithm (Held, Wolfe and Crowder, 1974;
    Duchi et al., 2008). Because :math:`P(x + t\mathbf 1) = P(x)`, the
    input is first shifted by its maximum; entries more than :math:`z`
    below the maximum always project to zero and are clipped there, which
    keeps every intermediate sum bounded by :math:`nz`.

    Parameters
    ----------
    x : array_like, shape (n,) or (..., n)
        Scores; a stack is projected row by row along the last axis.
    radius : float, default 1
        The total :math:`z > 0` (1 for probability vectors).

    Returns
    -------
    numpy.ndarray, same shape as ``x``
        Non-negative entries summing to ``radius`` up to rounding
        (relative error at most about :math:`n\,\varepsilon`).

    Examples
    --------
    >>> project_simplex([0.5, 0.2, -0.4]).round(12).tolist()
    [0.65, 0.35, 0.0]
    >>> project_simplex([[2.0, 0.0], [0.3, 0.3]]).tolist()
    [[1.0, 0.0], [0.5, 0.5]]
    """
    x = _points(x)                          # (..., n)
    z = _real_scalar(radius, "radius", positive=True)
    n = x.shape[-1]
    top = np.max(x, axis=-1, keepdims=True)                      # (..., 1)
    with np.errstate(over="ignore"):
        y = np.maximum(x - top, -z) / z       # (..., n) in [-1, 0]; top = 0
    u = -np.sort(-y, axis=-1)                                    # descending
    css = np.cumsum(u, axis=-1) - 1.0                            # (..., n)
    j = np.arange(1, n + 1, dtype=np.float64)                    # (n,)
    cond = u - css / j > 0                    # True for j = 1, ..., rho
    rho = n - 1 - np.argmax(cond[..., ::-1], axis=-1)            # (...,)
    theta = np.take_along_axis(css, rho[..., None], axis=-1) / (
        rho[..., None] + 1.0)                                    # (..., 1)
    return np.maximum(y - theta, 0.0) * z


# --------------------------------------------------------------------------
# Boxes as linear inequalities
# --------------------------------------------------------------------------

class LinearInequalities(NamedTuple):
    r"""Constraints :math:`G x \le h`; unpacks as ``G, h = ...``."""

    G: np.ndarray   # (m, n)
    h: np.ndarray   # (m,)


def box_constraints(lower: Any, upper: Any) -> LinearInequalities:
    r"""The box :math:`l \le x \le u` as inequalities :math:`Gx \le h`.

    .. math::

        x_i \le u_i \;\;(\text{row } e_i^\top), \qquad
        -x_i \le -l_i \;\;(\text{row } -e_i^\top),

    one row per *finite* bound: first the upper bounds, then the lower
    bounds, each in coordinate order.

    Parameters
    ----------
    lower, upper : array_like, shape (n,)
        Bounds with ``lower <= upper``; infinite entries add no row.

    Returns
    -------
    LinearInequalities
        ``G`` of shape (m, n) and ``h`` of shape (m,), m = number of finite
        bounds.

    Examples
    --------
    >>> G, h = box_constraints([0.0, -np.inf], [1.0, 2.0])
    >>> G.tolist(), h.tolist()
    ([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], [1.0, 2.0, 0.0])
    """
    lo = as_float_array(lower, "lower", ndim=1, allow_inf=True)
    lo, hi = _bounds(lo, upper, lo.size, "lower")
    n = lo.size
    up_idx = np.flatnonzero(np.isfinite(hi))
    lo_idx = np.flatnonzero(np.isfinite(lo))
    G = np.zeros((up_idx.size + lo_idx.size, n))                  # (m, n)
    G[np.arange(up_idx.size), up_idx] = 1.0
    G[up_idx.size + np.arange(lo_idx.size), lo_idx] = -1.0
    h = np.concatenate([hi[up_idx], -lo[lo_idx]]) + 0.0    # (m,), no -0.0
    return LinearInequalities(G, h)


# --------------------------------------------------------------------------
# Projected gradient descent
# --------------------------------------------------------------------------

class PGDResult(NamedTuple):
    r"""Trace of projected gradient descent.

    ``iterates[k]`` is :math:`x_k` (``iterates[0]`` is the projected
    start), ``proposals[k]`` the unprojected gradient step
    :math:`x_k - \alpha_k \nabla f(x_k)`, ``losses[k]`` is
    :math:`f(x_k)` and ``steps[k]`` is :math:`\alpha_k`. The counts say how
    often ``f``, ``grad`` and ``project`` were called. ``converged`` means
    the stopping test on the gradient mapping was met; ``diverged`` that
    the run stopped at a non-finite value.
    """

    iterates: np.ndarray     # (k + 1, n)
    proposals: np.ndarray    # (k, n)
    losses: np.ndarray       # (k + 1,)
    steps: np.ndarray        # (k,)
    n_f_evals: int
    n_grad_evals: int
    n_projections: int
    converged: bool
    diverged: bool

    @property
    def n_steps(self) -> int:
        """Number of steps actually taken."""
        return self.steps.size

    @property
    def gradient_mapping(self) -> np.ndarray:
        r""":math:`\lVert x_k - x_{k+1}\rVert_2 / \alpha_k`, shape (k,).

        It vanishes exactly at the fixed points of the iteration, which for
        a convex problem are its minimisers.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            d = self.iterates[:-1] - self.iterates[1:]           # (k, n)
            return _scaled_norm(d) / self.steps


def projected_gradient_descent(
    f: Callable[[np.ndarray], Any],
    grad: Callable[[np.ndarray], Any],
    project: Callable[[np.ndarray], Any],
    x0: Any,
    step: float,
    n_steps: int,
    *,
    tol: float = 0.0,
) -> PGDResult:
    r"""Projected gradient descent with a fixed step.

    .. math::

        x_0 = P_C(\tilde x_0), \qquad
        x_{k+1} = P_C\big(x_k - \alpha \nabla f(x_k)\big).

    For convex :math:`f` with an :math:`L`-Lipschitz gradient and a closed
    convex :math:`C`, the step :math:`\alpha = 1/L` makes
    :math:`f(x_k)` non-increasing and
    :math:`f(x_k) - f^\star \le L \lVert x_0 - x^\star\rVert^2 / (2k)`;
    under :math:`\mu`-strong convexity and :math:`0 < \alpha < 2/L` the
    error contracts by :math:`\max(|1 - \alpha\mu|, |1 - \alpha L|)` per
    step, the same factor as without constraints.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for ``x`` of shape (n,); recorded at every iterate.
    grad : callable
        ``grad(x) -> array (n,)``.
    project : callable
        ``project(x) -> array (n,)``: the Euclidean projection onto
        :math:`C`, e.g. ``lambda z: project_box(z, lo, hi)``.
    x0 : array_like, shape (n,)
        Start; it is projected first, so it may be infeasible.
    step : float
        Step size :math:`\alpha > 0`.
    n_steps : int
        Maximum number of steps, 1 to ``MAX_COUNT``.
    tol : float, default 0
        Stop (``converged``) once the gradient mapping
        :math:`\lVert x_k - x_{k+1}\rVert / \alpha \le` ``tol``; with 0 the
        run stops early only at an exact fixed point.

    Returns
    -------
    PGDResult

    Examples
    --------
    >>> run = projected_gradient_descent(
    ...     lambda x: float(x @ x), lambda x: 2 * x,
    ...     lambda x: project_box(x, 1.0, 2.0), [3.0, 0.0], 0.25, 50)
    >>> run.iterates[-1].tolist(), bool(run.converged)
    ([1.0, 1.0], True)
    >>> run.n_grad_evals == run.n_steps, run.iterates.shape[1]
    (True, 2)
    """
    f = _check_callable(f, "f")
    grad = _check_callable(grad, "grad")
    project = _check_callable(project, "project")
    x = as_float_array(x0, "x0", ndim=1)                            # (n,)
    alpha = _real_scalar(step, "step", positive=True)
    n_steps = _count(n_steps, "n_steps")
    tol = _real_scalar(tol, "tol", nonnegative=True)
    n = x.size

    x = _call(project, x, "project", (n,), "x0")
    if x is None:
        raise ValueError("project must return finite values at x0")
    fx = _call(f, x, "f", (), "x0")
    if fx is None:
        raise ValueError("f must be finite at the projected x0")
    iterates, proposals, losses = [x], [], [float(fx)]
    n_f, n_g, n_p = 1, 0, 1
    converged = diverged = False
    for _ in range(n_steps):
        g = _call(grad, x, "grad", (n,), "x0")
        n_g += 1
        if g is None:
            diverged = True
            break
        with np.errstate(over="ignore", invalid="ignore"):
            y = x - alpha * g                                    # (n,)
        if not np.all(np.isfinite(y)):
            diverged = True
            break
        x_new = _call(project, y, "project", (n,), "x0")
        n_p += 1
        if x_new is None:
            diverged = True
            break
        fx = _call(f, x_new, "f", (), "x0")
        n_f += 1
        if fx is None:
            diverged = True
            break
        proposals.append(y)
        iterates.append(x_new)
        losses.append(float(fx))
        # the gradient mapping ||x_k - x_{k+1}|| / alpha vanishes exactly
        # at fixed points, i.e. at the constrained minimisers
        with np.errstate(over="ignore", invalid="ignore"):
            moved = float(_scaled_norm(x - x_new)) / alpha   # inf: not yet
        x = x_new
        if moved <= tol:
            converged = True
            break
    k = len(proposals)
    return PGDResult(
        iterates=np.stack(iterates),                             # (k + 1, n)
        proposals=np.stack(proposals) if k else np.empty((0, n)),  # (k, n)
        losses=np.asarray(losses),                               # (k + 1,)
        steps=np.full(k, alpha),                                 # (k,)
        n_f_evals=n_f,
        n_grad_evals=n_g,
        n_projections=n_p,
        converged=converged,
        diverged=diverged,
    )


# --------------------------------------------------------------------------
# KKT conditions
# --------------------------------------------------------------------------

class KKTReport(NamedTuple):
    r"""Residuals of the four KKT conditions at a point (max norms).

    ``stationarity`` :math:`\lVert\nabla f + J_{\mathrm{eq}}^\top\lambda +
    J_{\mathrm{in}}^\top\mu\rVert_\infty`; ``primal_feasibility``
    :math:`\max(\lVert c_{\mathrm{eq}}\rVert_\infty,
    \max_i (c_{\mathrm{in}, i})_+)`; ``dual_feasibility``
    :math:`\max_i (-\mu_i)_+`; ``complementary_slackness``
    :math:`\max_i |\mu_i c_{\mathrm{in}, i}|`. ``lam`` and ``mu`` are the
    multipliers used (given or estimated), ``n_active`` the number of
    inequalities counted as active and ``licq`` whether the gradients of
    the equalities and active inequalities are linearly independent.
    """

    stationarity: float
    primal_feasibility: float
    dual_feasibility: float
    complementary_slackness: float
    lam: np.ndarray     # (p,)
    mu: np.ndarray      # (m,)
    n_active: int
    licq: bool

    @property
    def worst(self) -> float:
        """The largest of the four residuals."""
        return max(self.stationarity, self.primal_feasibility,
                   self.dual_feasibility, self.complementary_slackness)


def _constraint_pair(values: Any, jac: Any, n: int, vname: str,
                     jname: str) -> tuple[np.ndarray, np.ndarray]:
    """Validated constraint values (m,) and Jacobian (m, n); m may be 0."""
    if (values is None) != (jac is None):
        raise ValueError(f"{vname} and {jname} must be given together, got "
                         f"only {vname if jac is None else jname}")
    if values is None:
        return np.zeros(0), np.zeros((0, n))
    v = as_float_array(values, vname, ndim=(0, 1)).reshape(-1)      # (m,)
    J = as_float_array(jac, jname, ndim=(1, 2))
    J = J.reshape(1, -1) if J.ndim == 1 else J                    # (m, n)
    if J.shape != (v.size, n):
        raise ValueError(f"{jname} must have shape ({v.size}, {n}) to match "
                         f"{vname} and grad, got shape {J.shape}")
    return v, J


def _multipliers(value: Any, name: str, size: int) -> np.ndarray:
    """Given multipliers of shape (size,); an empty vector when size is 0."""
    if size == 0 and np.size(value) == 0 and not isinstance(value, str):
        return np.zeros(0)
    v = as_float_array(value, name, ndim=(0, 1)).reshape(-1)
    if v.shape != (size,):
        raise ValueError(f"{name} must have shape ({size},), got shape "
                         f"{v.shape}")
    return v


def kkt_residuals(
    grad: Any,
    *,
    eq: Any = None,
    eq_jac: Any = None,
    ineq: Any = None,
    ineq_jac: Any = None,
    lam: Any = None,
    mu: Any = None,
    active_tol: float | None = None,
) -> KKTReport:
    r"""Residuals of the KKT conditions for :math:`c_{\mathrm{eq}}(x) = 0`,
    :math:`c_{\mathrm{in}}(x) \le 0`.

    .. math::

        \nabla f(x) + J_{\mathrm{eq}}^\top \lambda + J_{\mathrm{in}}^\top
        \mu = 0, \quad c_{\mathrm{eq}} = 0, \quad c_{\mathrm{in}} \le 0,
        \quad \mu \ge 0, \quad \mu_i\, c_{\mathrm{in}, i} = 0.

    Everything is evaluated at one point :math:`x`, so the function takes
    the gradient, the constraint values and their Jacobians there (for
    linear constraints :math:`Gx \le h`: ``ineq = G @ x - h`` and
    ``ineq_jac = G``). Missing multipliers are estimated: inequalities with
    :math:`c_{\mathrm{in}, i} \ge -\tau` count as active, inactive ones get
    :math:`\mu_i = 0`, and :math:`(\lambda, \mu_{\mathcal A})` minimise
    the stationarity residual in the least-squares sense.

    Parameters
    ----------
    grad : array_like, shape (n,)
        :math:`\nabla f(x)`.
    eq, eq_jac : array_like, shapes (p,) and (p, n), optional
        Equality constraint values and Jacobian (given together).
    ineq, ineq_jac : array_like, shapes (m,) and (m, n), optional
        Inequality constraint values and Jacobian (given together).
    lam, mu : array_like, shapes (p,) and (m,), optional
        Multipliers; when either is None, both are estimated.
    active_tol : float, optional
        :math:`\tau \ge 0` of the active set; default :math:`\sqrt\varepsilon
        \approx 1.5\times 10^{-8}`, suited to constraints of order one.

    Returns
    -------
    KKTReport

    Examples
    --------
    Minimise :math:`x_1^2 + x_2^2` subject to :math:`1 - x_1 \le 0` at
    :math:`x = (1, 0)`: the multiplier is 2.

    >>> r = kkt_residuals([2.0, 0.0], ineq=[0.0], ineq_jac=[[-1.0, 0.0]])
    >>> r.mu.round(12).tolist(), r.worst < 1e-15, r.licq
    ([2.0], True, True)
    """
    g = as_float_array(grad, "grad", ndim=1)                        # (n,)
    n = g.size
    ce, Je = _constraint_pair(eq, eq_jac, n, "eq", "eq_jac")      # (p,), (p, n)
    ci, Ji = _constraint_pair(ineq, ineq_jac, n, "ineq", "ineq_jac")
    tau = np.sqrt(_EPS) if active_tol is None else _real_scalar(
        active_tol, "active_tol", nonnegative=True)
    active = ci >= -tau                                          # (m,)
    J_act = np.vstack([Je, Ji[active]])                          # (q, n)
    licq = bool(J_act.shape[0] == 0 or
                np.linalg.matrix_rank(J_act) == J_act.shape[0])
    if lam is None or mu is None:
        lam_v, mu_v = np.zeros(ce.size), np.zeros(ci.size)
        if J_act.shape[0]:
            # least squares for J_act^T y = -grad (SVD based, rank-safe)
            y = np.linalg.lstsq(J_act.T, -g, rcond=None)[0]      # (q,)
            lam_v = y[: ce.size]
            mu_v[active] = y[ce.size:]
    else:
        lam_v = _multipliers(lam, "lam", ce.size)
        mu_v = _multipliers(mu, "mu", ci.size)
    with np.errstate(over="ignore", invalid="ignore"):
        stat = g + Je.T @ lam_v + Ji.T @ mu_v                    # (n,)
        res = (
            float(np.max(np.abs(stat))),
            max(float(np.max(np.abs(ce), initial=0.0)),
                float(np.max(np.maximum(ci, 0.0), initial=0.0))),
            float(np.max(np.maximum(-mu_v, 0.0), initial=0.0)),
            float(np.max(np.abs(mu_v * ci), initial=0.0)),
        )
    if not all(np.isfinite(res)):
        raise ValueError("grad, constraints and multipliers are outside the "
                         "supported range: a KKT residual overflows float64")
    return KKTReport(*res, lam=lam_v, mu=mu_v,
                     n_active=int(np.count_nonzero(active)), licq=licq)


# --------------------------------------------------------------------------
# Equality-constrained quadratic programmes
# --------------------------------------------------------------------------

class EqQPSolution(NamedTuple):
    r"""Solution of :math:`\min \tfrac12 x^\top H x - c^\top x + c_0`
    subject to :math:`Ax = b`: the minimiser ``x`` (n,), the multipliers
    ``lam`` (p,) of :math:`L = f + \lambda^\top(Ax - b)` and the optimal
    ``value``."""

    x: np.ndarray       # (n,)
    lam: np.ndarray     # (p,)
    value: float


def _check_quadratic(q: Any) -> Quadratic:
    if not isinstance(q, Quadratic):
        raise TypeError(f"q must be an execmath.optim.Quadratic, got "
                        f"{type(q).__name__}")
    return q


def solve_eq_qp(q: Quadratic, A: Any, b: Any) -> EqQPSolution:
    r"""Minimise a quadratic subject to linear equalities (KKT system).

    The KKT conditions of :math:`\min \tfrac12 x^\top H x - c^\top x`
    subject to :math:`Ax = b` are the linear system

    .. math::

        \begin{pmatrix} H & A^\top \\ A & 0 \end{pmatrix}
        \begin{pmatrix} x \\ \lambda \end{pmatrix}
        = \begin{pmatrix} c \\ b \end{pmatrix}.

    It is solved by the null-space method: with :math:`A^\top = [Q_1\
    Q_2] \binom{R}{0}`, :math:`x = Q_1 R^{-\top} b + Q_2 z` satisfies the
    constraints for every :math:`z`, the reduced Hessian
    :math:`Q_2^\top H Q_2` gives :math:`z` by a Cholesky solve, and
    :math:`R\lambda = Q_1^\top (c - Hx)`. Only orthogonal transformations
    touch :math:`A`, and the problem is first scaled (rows of :math:`A` to
    unit norm, :math:`H, c` by their largest entry), so the answer stays
    accurate at extreme scales.

    Parameters
    ----------
    q : execmath.optim.Quadratic
        The objective; :math:`H` = ``q.A``, :math:`c` = ``q.b``.
    A : array_like, shape (p, n)
        Constraint matrix with full row rank :math:`p \le n` (LICQ).
    b : array_like, shape (p,)

    Returns
    -------
    EqQPSolution

    Raises
    ------
    ValueError
        If ``A`` is rank deficient, or the reduced Hessian is not positive
        definite (then there is no unique minimiser).

    Examples
    --------
    Minimise :math:`x_1^2 + x_2^2` on :math:`x_1 + x_2 = 1`:

    >>> from execmath.optim import Quadratic
    >>> sol = solve_eq_qp(Quadratic(2 * np.eye(2), np.zeros(2)),
    ...                   [[1.0, 1.0]], [1.0])
    >>> sol.x.round(12).tolist(), sol.lam.round(12).tolist()
    ([0.5, 0.5], [-1.0])
    """
    q = _check_quadratic(q)
    n = q.dim
    A = as_float_array(A, "A", ndim=(1, 2))
    A = A.reshape(1, -1) if A.ndim == 1 else A                    # (p, n)
    if A.shape[1] != n:
        raise ValueError(f"A must have {n} columns to match q, got shape "
                         f"{A.shape}")
    p = A.shape[0]
    if p > n:
        raise ValueError(f"A must have at most {n} rows (full row rank), got "
                         f"shape {A.shape}")
    b = as_float_array(b, "b", ndim=(0, 1)).reshape(-1)              # (p,)
    if b.shape != (p,):
        raise ValueError(f"b must have shape ({p},) to match A, got shape "
                         f"{b.shape}")
    # scale: rows of A to unit norm (in two steps, so that a row norm
    # above the overflow threshold never forms), H and c by their largest
    # entry; x is unchanged and lambda is rescaled at the end
    s_row = np.max(np.abs(A), axis=1)                            # (p,)
    if np.any(s_row == 0):
        raise ValueError(f"A must have full row rank (LICQ), got a zero row "
                         f"{int(np.flatnonzero(s_row == 0)[0])}")
    A1 = A / s_row[:, None]                                      # |A1| <= 1
    n1 = np.linalg.norm(A1, axis=1)                              # in [1, sqrt n]
    As = A1 / n1[:, None]                                        # (p, n)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore",
                     under="ignore"):
        bs = b / s_row / n1                                      # (p,)
    if not np.all(np.isfinite(bs)):
        raise ValueError("A and b are outside the supported range: b / |A| "
                         "overflows float64, so the solution is too large")
    s = max(float(np.max(np.abs(q.A))), float(np.max(np.abs(q.b))), _TINY)
    Hs, cs = q.A / s, q.b / s                                    # (n, n), (n,)
    sv = np.linalg.svd(As, compute_uv=False)                     # (p,)
    if sv[-1] <= max(p, n) * _EPS * sv[0]:
        raise ValueError(
            f"A must have full row rank (LICQ), got smallest singular value "
            f"{sv[-1]:.3e} of the row-normalised A, shape {A.shape}"
        )
    Q, R = np.linalg.qr(As.T, mode="complete")                   # (n, n), (n, p)
    Q1, Q2, R1 = Q[:, :p], Q[:, p:], R[:p]                       # R1 (p, p)
    if p < n:
        Hz = Q2.T @ Hs @ Q2                                       # (n-p, n-p)
        Hz = 0.5 * (Hz + Hz.T)
        w = np.linalg.eigvalsh(Hz)
        if w[0] <= n * _EPS * max(float(np.max(np.abs(w))), 1.0):
            raise ValueError(
                "q must be positive definite on the null space of A (the "
                f"second-order condition), got reduced Hessian eigenvalue "
                f"{w[0] * s:.3e}"
            )
    with np.errstate(over="ignore", invalid="ignore", divide="ignore",
                     under="ignore"):
        # particular solution of A x = b, then the null-space correction
        x = Q1 @ sla.solve_triangular(R1, bs, trans="T", check_finite=False)
        if p < n:
            rhs = Q2.T @ (cs - Hs @ x)                            # (n - p,)
            z = sla.cho_solve(sla.cho_factor(Hz, check_finite=False), rhs,
                              check_finite=False)
            x = x + Q2 @ z                                        # (n,)
        lam_s = sla.solve_triangular(R1, Q1.T @ (cs - Hs @ x),
                                     check_finite=False)          # (p,)
        lam = lam_s * s / s_row / n1                              # (p,)
        finite = bool(np.all(np.isfinite(x)) and np.all(np.isfinite(lam)))
        try:
            value = float(q.value(x)) if finite else np.inf
        except ValueError:                 # optim reports f(x) out of range
            value = np.inf
    if not (finite and np.isfinite(value)):
        raise ValueError("q, A and b are outside the supported range: the "
                         "solution or its multipliers overflow float64")
    return EqQPSolution(x=x, lam=lam, value=value)


# --------------------------------------------------------------------------
# Convexity along random lines
# --------------------------------------------------------------------------

class ConvexityReport(NamedTuple):
    r"""Result of :func:`convexity_check`.

    ``max_violation`` is the largest relative Jensen gap
    :math:`\big(f(z) - t f(x) - (1 - t) f(y)\big) / s` over the lines
    tried (:math:`s` the sum of the magnitudes of the three values);
    ``x``, ``y``, ``t`` are the line where it occurred. A line counts as a
    violation when the gap exceeds ``rtol``.
    """

    n_lines: int
    n_violations: int
    max_violation: float
    x: np.ndarray    # (n,)
    y: np.ndarray    # (n,)
    t: float

    @property
    def passed(self) -> bool:
        """No violation found (evidence of convexity, not a proof)."""
        return self.n_violations == 0


def convexity_check(
    f: Callable[[np.ndarray], Any],
    lower: Any,
    upper: Any,
    *,
    n_lines: int,
    rng: np.random.Generator,
    t: float | None = None,
    rtol: float = 1e-10,
) -> ConvexityReport:
    r"""Test Jensen's inequality on random segments inside a box.

    For random :math:`x, y` uniform in :math:`[l, u]` and
    :math:`t \in (0, 1)`, with :math:`z = t x + (1 - t) y`,

    .. math::

        f(z) \le t f(x) + (1 - t) f(y) + \text{rtol}\cdot
        \big(|f(x)| + |f(y)| + |f(z)|\big)

    must hold if :math:`f` is convex. One violation, larger than the
    rounding allowance, *proves* that :math:`f` is not convex (the
    segment is a certificate); no violation is evidence, not proof.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for one point of shape (n,).
    lower, upper : array_like, shape (n,)
        Finite box with ``lower < upper`` in which points are drawn.
    n_lines : int
        Number of random segments, 1 to ``MAX_COUNT``.
    rng : numpy.random.Generator
    t : float, optional
        Fixed weight in (0, 1), e.g. 0.5 for the midpoint test; default a
        fresh uniform :math:`t` per segment.
    rtol : float, default 1e-10
        Relative rounding allowance; well above the rounding of a
        well-conditioned evaluation (a few :math:`n\varepsilon`), far below
        any curvature that matters.

    Returns
    -------
    ConvexityReport

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> convexity_check(lambda v: float(v @ v), [-1, -1], [1, 1],
    ...                 n_lines=200, rng=rng).passed
    True
    >>> bad = convexity_check(lambda v: float(np.sin(v).sum()), [-3, -3],
    ...                       [3, 3], n_lines=200, rng=rng)
    >>> bad.passed, bad.n_violations > 0
    (False, True)
    """
    f = _check_callable(f, "f")
    lo = as_float_array(lower, "lower", ndim=1)
    hi = as_float_array(upper, "upper", ndim=1)
    if hi.shape != lo.shape:
        raise ValueError(f"upper must have shape {lo.shape} to match lower, "
                         f"got shape {hi.shape}")
    if np.any(lo >= hi):
        raise ValueError("lower must be < upper in every coordinate, got "
                         f"lower {lo.tolist()} and upper {hi.tolist()}")
    n_lines = _count(n_lines, "n_lines")
    rng = check_rng(rng)
    if t is not None:
        t = _real_scalar(t, "t")
        if not 0.0 < t < 1.0:
            raise ValueError(f"t must be in (0, 1), got {t!r}")
    rtol = _real_scalar(rtol, "rtol", nonnegative=True)
    n = lo.size
    with np.errstate(over="ignore"):
        if not np.all(np.isfinite(hi - lo)):
            raise ValueError("lower and upper are outside the supported "
                             "range: upper - lower overflows float64")
    X = rng.uniform(lo, hi, size=(n_lines, n))                   # (N, n)
    Y = rng.uniform(lo, hi, size=(n_lines, n))                   # (N, n)
    T = rng.uniform(0.0, 1.0, size=n_lines) if t is None else \
        np.full(n_lines, t)                                       # (N,)
    worst, worst_i, n_bad = -np.inf, 0, 0
    for i in range(n_lines):
        zi = T[i] * X[i] + (1.0 - T[i]) * Y[i]                   # (n,)
        vals = [_call(f, p, "f", (), "the box [lower, upper]")
                for p in (X[i], Y[i], zi)]
        if any(v is None for v in vals):
            raise ValueError(f"f must be finite on the box [lower, upper], "
                             f"got a non-finite value on segment {i}")
        fx, fy, fz = (float(v) for v in vals)
        with np.errstate(over="ignore", invalid="ignore"):
            gap = fz - (T[i] * fx + (1.0 - T[i]) * fy)
            scale = abs(fx) + abs(fy) + abs(fz)
        if not (np.isfinite(gap) and np.isfinite(scale)):
            raise ValueError("f is outside the supported range: the Jensen "
                             f"gap overflows float64 on segment {i}")
        rel = gap / scale if scale > 0 else 0.0
        n_bad += rel > rtol
        if rel > worst:
            worst, worst_i = rel, i
    return ConvexityReport(n_lines=n_lines, n_violations=int(n_bad),
                           max_violation=float(worst), x=X[worst_i].copy(),
                           y=Y[worst_i].copy(), t=float(T[worst_i]))


# --------------------------------------------------------------------------
# The Lagrangian dual of a strictly convex QP
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class QPDual:
    r"""Dual of :math:`\min \tfrac12 x^\top H x - c^\top x + c_0` subject to
    :math:`Ax = b`, :math:`Gx \le h`, with :math:`H \succ 0`.

    With :math:`K = \binom{A}{G}`, :math:`d = \binom{b}{h}` and
    :math:`y = (\lambda, \mu)`, the Lagrangian
    :math:`L(x, y) = f(x) + y^\top(Kx - d)` is minimised over :math:`x` at
    :math:`x(y) = H^{-1}(c - K^\top y)`, which gives the concave dual
    function

    .. math::

        g(y) = -\tfrac12 (c - K^\top y)^\top H^{-1} (c - K^\top y)
        - d^\top y + c_0, \qquad \nabla g(y) = K x(y) - d.

    The dual problem maximises :math:`g` over :math:`\lambda` free and
    :math:`\mu \ge 0` (:meth:`project` is the projection onto that set).
    Weak duality: :math:`g(y) \le f(x)` for every feasible :math:`x` and
    every :math:`y` with :math:`\mu \ge 0`.

    Parameters
    ----------
    q : execmath.optim.Quadratic
        Objective with positive definite ``q.A``.
    G, h : array_like, shapes (m, n) and (m,), optional
        Inequalities :math:`Gx \le h`.
    A, b : array_like, shapes (p, n) and (p,), optional
        Equalities :math:`Ax = b`. At least one constraint is required.

    Examples
    --------
    Minimise :math:`\tfrac12 x^2` subject to :math:`1 - x \le 0`:
    :math:`p^\star = 1/2` at :math:`\mu^\star = 1`.

    >>> from execmath.optim import Quadratic
    >>> dual = QPDual(Quadratic([[1.0]], [0.0]), G=[[-1.0]], h=[-1.0])
    >>> dual.value([1.0]), dual.primal_point([1.0]).tolist()
    (0.5, [1.0])
    """

    q: Quadratic
    G: Any = None
    h: Any = None
    A: Any = None
    b: Any = None

    def __post_init__(self) -> None:
        q = _check_quadratic(self.q)
        n = q.dim
        mats = {}
        for mname, vname in (("A", "b"), ("G", "h")):
            M, v = getattr(self, mname), getattr(self, vname)
            if (M is None) != (v is None):
                raise ValueError(f"{mname} and {vname} must be given "
                                 f"together, got only "
                                 f"{vname if M is None else mname}")
            if M is None:
                M, v = np.zeros((0, n)), np.zeros(0)
            else:
                M = as_float_array(M, mname, ndim=2)
                v = as_float_array(v, vname, ndim=1)
                if M.shape[1] != n or v.shape != (M.shape[0],):
                    raise ValueError(
                        f"{mname} must have shape (k, {n}) and {vname} shape "
                        f"(k,), got {M.shape} and {v.shape}"
                    )
            mats[mname], mats[vname] = M, v
        if mats["A"].shape[0] + mats["G"].shape[0] == 0:
            raise ValueError("give at least one constraint (G, h or A, b), "
                             "got none")
        try:
            chol = sla.cho_factor(q.A)
        except np.linalg.LinAlgError as exc:
            raise ValueError("q.A must be positive definite for the dual "
                             "of a strictly convex QP") from exc
        if np.min(np.abs(np.diag(chol[0]))) ** 2 <= n * _EPS * float(
                np.max(np.abs(q.A))):
            raise ValueError("q.A must be positive definite, got a "
                             "numerically singular matrix")
        for key, val in mats.items():
            object.__setattr__(self, key, val)
        K = np.vstack([mats["A"], mats["G"]])                    # (p + m, n)
        object.__setattr__(self, "_K", K)
        object.__setattr__(self, "_d", np.concatenate([mats["b"],
                                                       mats["h"]]))
        object.__setattr__(self, "_chol", chol)
        # LAPACK's potrs, the routine scipy.linalg.cho_solve calls, without
        # its per-call checks (primal_point checks its right-hand side)
        object.__setattr__(self, "_potrs",
                           sla.get_lapack_funcs("potrs", (chol[0],)))

    @property
    def n_eq(self) -> int:
        """Number :math:`p` of equality multipliers (first in ``y``)."""
        return self.A.shape[0]

    @property
    def size(self) -> int:
        """Length :math:`p + m` of the dual variable ``y``."""
        return self._d.size

    def _y(self, y: Any) -> np.ndarray:
        y = as_float_array(y, "y", ndim=1)
        if y.shape != (self.size,):
            raise ValueError(f"y must have shape ({self.size},), got shape "
                             f"{y.shape}")
        return y

    @staticmethod
    def _finite(out: Any, what: str) -> Any:
        if not np.all(np.isfinite(out)):
            raise ValueError(f"y is outside the supported range: the dual "
                             f"{what} overflows float64")
        return out

    def primal_point(self, y: Any) -> np.ndarray:
        r"""Minimiser :math:`x(y) = H^{-1}(c - K^\top y)` of the
        Lagrangian, shape (n,)."""
        y = self._y(y)
        with np.errstate(over="ignore", invalid="ignore"):
            r = self.q.b - self._K.T @ y                          # (n,)
            if not np.all(np.isfinite(r)):
                return self._finite(r, "primal point")
            x, info = self._potrs(self._chol[0], r, lower=self._chol[1])
            if info != 0:                                  # pragma: no cover
                raise ValueError(f"LAPACK potrs failed (info = {info})")
            return self._finite(x, "primal point")

    def value(self, y: Any) -> float:
        r"""Dual function :math:`g(y) = L(x(y), y)`."""
        x = self.primal_point(y)
        y = self._y(y)
        try:
            fx = float(self.q.value(x))
        except ValueError:                 # optim reports f(x) out of range
            fx = np.inf
        with np.errstate(over="ignore", invalid="ignore"):
            out = float(fx + y @ (self._K @ x - self._d))
        return self._finite(out, "value")

    def gradient(self, y: Any) -> np.ndarray:
        r""":math:`\nabla g(y) = K x(y) - d`: the constraint values at
        :math:`x(y)`, shape (p + m,)."""
        x = self.primal_point(y)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._finite(self._K @ x - self._d, "gradient")

    def smoothness(self) -> float:
        r"""Lipschitz constant :math:`\lambda_{\max}(K H^{-1} K^\top)` of
        :math:`\nabla g`; a step :math:`1/L` suits projected gradient
        ascent."""
        M = self._K @ sla.cho_solve(self._chol, self._K.T)       # (k, k)
        return float(np.linalg.eigvalsh(0.5 * (M + M.T))[-1])

    def project(self, y: Any) -> np.ndarray:
        r"""Projection onto the dual feasible set: :math:`\lambda` free,
        :math:`\mu \ge 0`."""
        y = self._y(y)
        lo = np.concatenate([np.full(self.n_eq, -np.inf),
                             np.zeros(self.size - self.n_eq)])
        return np.maximum(y, lo)
