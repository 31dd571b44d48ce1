r"""Descent methods for unconstrained minimisation, each returning a trace.

Every method here iterates :math:`x_{k+1} = x_k + \alpha_k p_k` with a
direction :math:`p_k` and a step :math:`\alpha_k`:

* :func:`gradient_descent` -- :math:`p_k = -D^{-1}\nabla f(x_k)` (plain
  steepest descent when no diagonal preconditioner :math:`D` is given),
  with a fixed step, Armijo backtracking or a strong-Wolfe line search;
* :func:`newton` -- :math:`p_k = -\nabla^2 f(x_k)^{-1}\nabla f(x_k)`, pure
  (unit steps) or safeguarded (a modified Hessian or a fall-back to the
  gradient, then backtracking);
* :func:`heavy_ball` and :func:`nesterov` -- gradient steps with momentum;
* :func:`conjugate_gradient` -- for quadratics
  :math:`\tfrac12 x^\top A x - b^\top x`, i.e. :math:`A x = b`, plus an
  exact rational version :func:`conjugate_gradient_exact`.

Each returns a :class:`Trace` (or :class:`CGResult`) with the iterates,
the values, the gradient norms, the steps and the *cumulative* numbers of
function, gradient and Hessian evaluations, so methods can be compared at
equal cost. Only the evaluations a method needs are counted; values that
are recorded for the plot alone (e.g. :math:`f(x_k)` along a fixed-step
run, which never needs :math:`f`) are not. Divergence is a result: the run
stops with status ``"diverged"`` and the finite part of the path, without
warnings. Nothing here prints or plots.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
from scipy import linalg as sla

from execmath import linesearch
from execmath._validate import as_float_array, check_choice
from execmath.linesearch import (
    _backtrack,
    _call_scalar,
    _call_vector,
    _callable,
    _count,
    _real_scalar,
    _real_vector,
)

__all__ = [
    "CGResult",
    "ExactCGResult",
    "Trace",
    "conjugate_gradient",
    "conjugate_gradient_exact",
    "gd_convex_bound",
    "gd_strongly_convex_bound",
    "gradient_descent",
    "heavy_ball",
    "heavy_ball_parameters",
    "heavy_ball_rate",
    "nesterov",
    "nesterov_parameters",
    "nesterov_rate",
    "newton",
]

_BIG = float(np.finfo(np.float64).max)
_METRICS = ("grad_norms", "values")
_COUNTS = ("iterations", "f_evals", "g_evals", "evals")


# --------------------------------------------------------------------------
# The trace record
# --------------------------------------------------------------------------

class Trace(NamedTuple):
    r"""Record of a descent run.

    ``iterates[k]`` is :math:`x_k` (k = 0 .. n_iter), ``values[k]`` is
    :math:`f(x_k)` and ``grad_norms[k]`` is
    :math:`\lVert\nabla f(x_k)\rVert_2`; ``steps[k]`` is the step
    :math:`\alpha_k` that led from :math:`x_k` to :math:`x_{k+1}` and
    ``modified[k]`` says whether a safeguard changed the direction there.
    ``f_evals[k]``, ``g_evals[k]``, ``h_evals[k]`` are the cumulative
    evaluation counts the method had spent when :math:`x_k` was reached.
    ``status`` is ``"converged"`` (gradient norm <= tol), ``"max_iter"``,
    ``"max_evals"``, ``"diverged"``, ``"line search failed"`` or
    ``"singular Hessian"``.
    """

    method: str
    iterates: np.ndarray      # (k + 1, n)
    values: np.ndarray        # (k + 1,)
    grad_norms: np.ndarray    # (k + 1,)
    steps: np.ndarray         # (k,)
    f_evals: np.ndarray       # (k + 1,) cumulative
    g_evals: np.ndarray       # (k + 1,) cumulative
    h_evals: np.ndarray       # (k + 1,) cumulative
    modified: np.ndarray      # (k,) bool
    status: str

    @property
    def n_iter(self) -> int:
        """Number of steps taken."""
        return int(self.iterates.shape[0] - 1)

    @property
    def x(self) -> np.ndarray:
        """The last iterate, shape (n,)."""
        return self.iterates[-1].copy()

    @property
    def converged(self) -> bool:
        """Whether the gradient-norm tolerance was met."""
        return self.status == "converged"

    @property
    def evals(self) -> np.ndarray:
        """Cumulative function plus gradient evaluations, (k + 1,)."""
        return self.f_evals + self.g_evals

    def distances(self, x_star: Any) -> np.ndarray:
        r""":math:`\lVert x_k - x^\star\rVert_2` for all iterates, (k + 1,)."""
        x_star = _real_vector(x_star, "x_star", self.iterates.shape[1])
        return np.linalg.norm(self.iterates - x_star, axis=1)

    def _counts(self, count: str) -> np.ndarray:
        if count not in _COUNTS:
            raise ValueError(f"count must be one of {_COUNTS}, got {count!r}")
        if count == "iterations":
            return np.arange(self.iterates.shape[0])
        return getattr(self, count)

    def cost_to_reach(self, threshold: float, *, metric: str = "grad_norms",
                      count: str = "g_evals") -> int | None:
        """First cost (``count``) at which ``metric`` <= ``threshold``.

        Parameters
        ----------
        threshold : float
            Target level, >= 0.
        metric : {"grad_norms", "values"}
        count : {"iterations", "f_evals", "g_evals", "evals"}

        Returns
        -------
        int or None
            None when the run never reached the level.
        """
        threshold = _real_scalar(threshold, "threshold", lo=0.0,
                                 lo_open=False)
        if metric not in _METRICS:
            raise ValueError(f"metric must be one of {_METRICS}, got "
                             f"{metric!r}")
        hit = np.flatnonzero(getattr(self, metric) <= threshold)
        return int(self._counts(count)[hit[0]]) if hit.size else None

    def best_within(self, budget: int, *, metric: str = "values",
                    count: str = "evals") -> float:
        """Smallest ``metric`` among iterates reached within ``budget``.

        Parameters
        ----------
        budget : int
            Largest allowed cost, >= the cost of the first iterate.
        metric : {"grad_norms", "values"}
        count : {"iterations", "f_evals", "g_evals", "evals"}
        """
        budget = _count(budget, "budget", lo=0, hi=10**12)
        if metric not in _METRICS:
            raise ValueError(f"metric must be one of {_METRICS}, got "
                             f"{metric!r}")
        cost = self._counts(count)
        inside = cost <= budget
        if not inside.any():
            raise ValueError(f"budget must be >= {int(cost[0])} (the cost "
                             f"of x_0), got {budget}")
        return float(getattr(self, metric)[inside].min())


class _Run:
    """Evaluation counters and the growing record of one run."""

    def __init__(self, method: str, f: Callable, grad: Callable,
                 hess: Callable | None = None) -> None:
        self.method, self.f, self.grad, self.hess = method, f, grad, hess
        self.nf = self.ng = self.nh = 0
        self.xs: list[np.ndarray] = []
        self.fs: list[float] = []
        self.gn: list[float] = []
        self.steps: list[float] = []
        self.mod: list[bool] = []
        self.cf: list[int] = []
        self.cg: list[int] = []
        self.ch: list[int] = []

    # evaluations -------------------------------------------------------
    def value(self, x: np.ndarray, count: bool) -> float:
        self.nf += int(count)
        return _call_scalar(self.f, x)

    def gradient(self, x: np.ndarray, count: bool = True
                 ) -> np.ndarray | None:
        self.ng += int(count)
        return _call_vector(self.grad, x)

    def hessian(self, x: np.ndarray) -> np.ndarray | None:
        self.nh += 1
        try:
            with np.errstate(all="ignore"):
                out = self.hess(x.copy())
        except (ArithmeticError, ValueError):
            return None
        H = np.asarray(out)
        n = x.size
        if H.dtype.kind not in "iuf" or H.shape != (n, n):
            raise ValueError(f"hess must return a real array of shape "
                             f"({n}, {n}), got dtype {H.dtype} and shape "
                             f"{H.shape}")
        H = H.astype(np.float64)
        if not np.all(np.isfinite(H)):
            return None
        return 0.5 * (H + H.T)

    # record ------------------------------------------------------------
    def start(self, x: np.ndarray, fx: float, g: np.ndarray) -> None:
        self.record(x, fx, g, None, False)

    def record(self, x: np.ndarray, fx: float, g: np.ndarray,
               step: float | None, modified: bool) -> bool:
        """Append an iterate; False (nothing appended) if its gradient
        norm overflows, which the caller reports as divergence."""
        gn = _norm(g)
        if not math.isfinite(gn):
            return False
        self.xs.append(x.copy())
        self.fs.append(fx)
        self.gn.append(gn)
        if step is not None:
            self.steps.append(step)
            self.mod.append(modified)
        self.cf.append(self.nf)
        self.cg.append(self.ng)
        self.ch.append(self.nh)
        return True

    def over_budget(self, max_evals: int | None) -> bool:
        return max_evals is not None and self.nf + self.ng >= max_evals

    def trace(self, status: str) -> Trace:
        return Trace(
            method=self.method,
            iterates=np.stack(self.xs),                        # (k + 1, n)
            values=np.array(self.fs),
            grad_norms=np.array(self.gn),
            steps=np.array(self.steps, dtype=np.float64),
            f_evals=np.array(self.cf, dtype=np.int64),
            g_evals=np.array(self.cg, dtype=np.int64),
            h_evals=np.array(self.ch, dtype=np.int64),
            modified=np.array(self.mod, dtype=bool),
            status=status,
        )


def _norm(v: np.ndarray) -> float:
    """Euclidean norm without overflow or underflow for extreme entries."""
    ss = float(v @ v)                   # callers silence floating errors
    if 1e-290 < ss < 1e290:                 # the common case: no rescaling
        return math.sqrt(ss)
    scale = float(np.abs(v).max())
    if scale == 0.0:
        return 0.0
    return scale * float(np.linalg.norm(v / scale))


def _start(run: _Run, x0: np.ndarray, count_f: bool
           ) -> tuple[float, np.ndarray]:
    """f(x0) and grad f(x0), which must be finite."""
    fx = run.value(x0, count_f)
    if not np.isfinite(fx):
        raise ValueError("f must be finite at x0, got a non-finite value")
    g = run.gradient(x0)
    if g is None:
        raise ValueError("grad must be finite at x0, got a non-finite value")
    if not math.isfinite(_norm(g)):
        raise ValueError("grad and x0 are outside the supported range: the "
                         "gradient norm at x0 overflows float64")
    run.start(x0, fx, g)
    return fx, g


def _common(x0: Any, tol: Any, max_iter: Any, max_evals: Any, blowup: Any
            ) -> tuple[np.ndarray, float, int, int | None, float]:
    x0 = _real_vector(x0, "x0")
    tol = _real_scalar(tol, "tol", lo=0.0, lo_open=False)
    max_iter = _count(max_iter, "max_iter")
    if max_evals is not None:
        max_evals = _count(max_evals, "max_evals", hi=10**8)
    blowup = _real_scalar(blowup, "blowup", lo=0.0)
    return x0, tol, max_iter, max_evals, blowup


def _escaped(x: np.ndarray, blowup: float) -> bool:
    """True when an iterate left the finite range or the blow-up ball."""
    return not np.isfinite(x).all() or _norm(x) > blowup


def _step(x: np.ndarray, alpha: float, p: np.ndarray) -> np.ndarray:
    return x + alpha * p                # callers silence floating errors


# --------------------------------------------------------------------------
# Gradient descent
# --------------------------------------------------------------------------

_LINE_SEARCHES = ("fixed", "backtracking", "wolfe")


def gradient_descent(
    f: Callable[[np.ndarray], Any],
    grad: Callable[[np.ndarray], Any],
    x0: Any,
    *,
    line_search: str = "backtracking",
    step: float | None = None,
    alpha0: float = 1.0,
    beta: float = 0.5,
    c: float = 1e-4,
    c2: float = 0.9,
    preconditioner: Any = None,
    tol: float = 1e-8,
    max_iter: int = 10_000,
    max_evals: int | None = None,
    blowup: float = 1e100,
) -> Trace:
    r"""(Preconditioned) gradient descent with a fixed step or a line search.

    .. math::

        x_{k+1} = x_k - \alpha_k D^{-1}\nabla f(x_k),

    with :math:`D = \operatorname{diag}(d)` (the identity when no
    ``preconditioner`` is given) and :math:`\alpha_k` the fixed ``step``, the
    Armijo backtracking step (trials :math:`\alpha_0\beta^j`) or a strong
    Wolfe step.

    Parameters
    ----------
    f, grad : callable
        ``f(x) -> float`` and ``grad(x) -> array (n,)``.
    x0 : array_like, shape (n,)
        Starting point.
    line_search : {"fixed", "backtracking", "wolfe"}
    step : float
        The step size for ``"fixed"`` (required there, unused otherwise).
    alpha0, beta, c : float
        First trial step, shrink factor and Armijo constant of the line
        searches.
    c2 : float
        Curvature constant of the Wolfe search, ``c < c2 < 1``.
    preconditioner : array_like, shape (n,), optional
        Positive diagonal :math:`d` of :math:`D`.
    tol : float, default 1e-8
        Stop when :math:`\lVert\nabla f(x_k)\rVert_2 \le` ``tol``.
    max_iter : int, default 10,000
    max_evals : int, optional
        Stop at the first iterate whose cumulative number of counted
        function plus gradient evaluations reaches this budget.
    blowup : float, default 1e100
        Stop (``"diverged"``) when :math:`\lVert x_k\rVert` exceeds this.

    Returns
    -------
    Trace
        A fixed step counts one gradient per iteration and no function
        values; the line searches count every trial value as well.

    Examples
    --------
    >>> f = lambda x: float(x @ x); g = lambda x: 2 * x
    >>> t = gradient_descent(f, g, [3.0, 4.0], line_search="fixed",
    ...                      step=0.25, tol=1e-6)
    >>> t.status, t.n_iter, int(t.g_evals[-1]), int(t.f_evals[-1])
    ('converged', 24, 25, 0)
    """
    f = _callable(f, "f")
    grad = _callable(grad, "grad")
    x, tol, max_iter, max_evals, blowup = _common(x0, tol, max_iter,
                                                 max_evals, blowup)
    line_search = check_choice(line_search, "line_search", _LINE_SEARCHES)
    if line_search == "fixed":
        if step is None:
            raise ValueError("step must be given for line_search='fixed', "
                             "got None")
        step = _real_scalar(step, "step", lo=0.0)
    alpha0 = _real_scalar(alpha0, "alpha0", lo=0.0)
    beta = _real_scalar(beta, "beta", lo=0.0, hi=1.0)
    c = _real_scalar(c, "c", lo=0.0, hi=1.0)
    c2 = _real_scalar(c2, "c2", lo=c, hi=1.0)
    d = None
    if preconditioner is not None:
        d = _real_vector(preconditioner, "preconditioner", x.size, "x0")
        if np.any(d <= 0):
            raise ValueError(f"preconditioner must be > 0, got min "
                             f"{float(d.min())!r}")

    name = f"gd-{line_search}" + ("-preconditioned" if d is not None else "")
    with np.errstate(all="ignore"):   # divergence is a result
        run = _Run(name, f, grad)
        fx, g = _start(run, x, count_f=line_search != "fixed")
        status = "max_iter"
        for _ in range(max_iter):
            if run.gn[-1] <= tol:
                status = "converged"
                break
            if run.over_budget(max_evals):
                status = "max_evals"
                break
            p = -g if d is None else -g / d                         # (n,)
            g_new = None
            if line_search == "fixed":
                alpha = step
                x_new = _step(x, alpha, p)
                if _escaped(x_new, blowup):
                    status = "diverged"
                    break
                fx_new = run.value(x_new, count=False)      # monitoring only
            else:
                slope = float(g @ p)
                if not (math.isfinite(slope) and slope < 0):
                    status = "diverged"               # g^T p overflowed
                    break
                if line_search == "backtracking":
                    ls = _backtrack(f, x, p, fx, slope, 0, alpha0, beta, c,
                                    60)
                else:
                    ls = linesearch.wolfe(f, grad, x, p, f_x=fx, g_x=g,
                                          alpha0=alpha0, c1=c, c2=c2)
                    g_new = ls.gradient if ls.success else None
                run.nf += ls.n_f
                run.ng += ls.n_g
                if not ls.success:
                    status = "line search failed"
                    break
                alpha, x_new, fx_new = ls.step, ls.x_new, ls.value
                if _escaped(x_new, blowup):
                    status = "diverged"
                    break
            if g_new is None:
                g_new = run.gradient(x_new)
            if g_new is None or not np.isfinite(fx_new):
                status = "diverged"
                break
            x, fx, g = x_new, fx_new, g_new
            if not run.record(x, fx, g, alpha, False):
                status = "diverged"
                break
        else:
            status = "converged" if run.gn[-1] <= tol else "max_iter"
        return run.trace(status)


# --------------------------------------------------------------------------
# Newton's method
# --------------------------------------------------------------------------

_SAFEGUARDS = (None, "eigen", "shift", "gradient")


def _cholesky_solve(H: np.ndarray, g: np.ndarray) -> np.ndarray | None:
    """-H^{-1} g by Cholesky, or None when H is not positive definite."""
    try:
        factor = sla.cho_factor(H, check_finite=False)
    except (np.linalg.LinAlgError, sla.LinAlgError, ValueError):
        return None
    if not np.all(np.isfinite(factor[0])) or np.any(
            np.diag(factor[0]) <= 0):
        return None
    with np.errstate(all="ignore"):
        p = -sla.cho_solve(factor, g, check_finite=False)
    return p if np.all(np.isfinite(p)) else None


def _modified_direction(H: np.ndarray, g: np.ndarray, safeguard: str,
                        delta: float) -> tuple[np.ndarray, bool]:
    r"""A descent direction -B^{-1} g with B a positive definite stand-in
    for H, and whether B differs from H."""
    n = g.size
    if safeguard == "eigen":
        lam, V = np.linalg.eigh(H)                         # (n,), (n, n)
        lam_mod = np.maximum(np.abs(lam), delta)           # flip and floor
        with np.errstate(all="ignore"):
            p = -V @ ((V.T @ g) / lam_mod)
        return p, bool(np.any(lam_mod != lam))
    if safeguard == "gradient":
        p = _cholesky_solve(H, g)
        return (-g, True) if p is None else (p, False)
    # "shift": add tau I until Cholesky succeeds (Nocedal & Wright, Alg. 3.3)
    scale = float(np.abs(H).max())
    b = 1e-3 * scale if scale > 0 else 1e-3
    dmin = float(np.diag(H).min())
    tau = 0.0 if dmin > 0 else b - dmin
    idx = np.arange(n)
    for _ in range(200):
        Ht = H.copy()
        Ht[idx, idx] += tau
        p = _cholesky_solve(Ht, g)
        if p is not None:
            return p, tau > 0
        tau = max(2.0 * tau, b)
    return -g, True                                      # pragma: no cover


def newton(
    f: Callable[[np.ndarray], Any],
    grad: Callable[[np.ndarray], Any],
    hess: Callable[[np.ndarray], Any],
    x0: Any,
    *,
    safeguard: str | None = None,
    delta: float = 1e-8,
    beta: float = 0.5,
    c: float = 1e-4,
    tol: float = 1e-10,
    max_iter: int = 100,
    max_evals: int | None = None,
    blowup: float = 1e100,
) -> Trace:
    r"""Newton's method, pure or safeguarded.

    Pure (``safeguard=None``): :math:`x_{k+1} = x_k - H_k^{-1}\nabla f(x_k)`
    with :math:`H_k = \nabla^2 f(x_k)` and unit steps; it converges
    quadratically near a minimiser with positive definite Hessian, and may
    go anywhere (a maximum, a saddle, infinity) far from one.

    Safeguarded: the direction is :math:`p_k = -B_k^{-1}\nabla f(x_k)` with
    a positive definite :math:`B_k`, then an Armijo backtracking step from
    :math:`\alpha = 1`:

    * ``"eigen"``: :math:`B = Q\,\max(|\Lambda|, \delta)\,Q^\top` from
      :math:`H = Q\Lambda Q^\top` (flip negative curvature, floor tiny);
    * ``"shift"``: :math:`B = H + \tau I` with the smallest
      :math:`\tau` in a doubling sequence for which Cholesky succeeds;
    * ``"gradient"``: :math:`B = H` if Cholesky succeeds, else
      :math:`p = -\nabla f` (a gradient step).

    Where :math:`H_k` is positive definite, ``"shift"`` and ``"gradient"``
    use the Newton direction unchanged, and so does ``"eigen"`` when all
    eigenvalues exceed ``delta``; near a strict minimum the unit step then
    passes the Armijo test (for ``c < 1/2``) and quadratic convergence is
    kept.

    Parameters
    ----------
    f, grad, hess : callable
        Value, gradient (n,) and Hessian (n, n).
    x0 : array_like, shape (n,)
    safeguard : {None, "eigen", "shift", "gradient"}
    delta : float, default 1e-8
        Eigenvalue floor for ``"eigen"``.
    beta, c : float
        Backtracking parameters (safeguarded runs).
    tol, max_iter, max_evals, blowup
        As in :func:`gradient_descent`.

    Returns
    -------
    Trace
        ``modified[k]`` marks the steps whose direction the safeguard
        changed; the pure method counts no function values (they are
        recorded for monitoring only).

    Examples
    --------
    >>> f = lambda x: float(np.sum(np.hypot(1, x) - 1))
    >>> g = lambda x: x / np.hypot(1, x)
    >>> h = lambda x: np.diag(np.hypot(1, x) ** -3)
    >>> newton(f, g, h, [0.5]).iterates[:3, 0].round(6)
    array([ 0.5     , -0.125   ,  0.001953])
    >>> newton(f, g, h, [1.5], max_iter=10).status
    'diverged'
    """
    f = _callable(f, "f")
    grad = _callable(grad, "grad")
    hess = _callable(hess, "hess")
    x, tol, max_iter, max_evals, blowup = _common(x0, tol, max_iter,
                                                 max_evals, blowup)
    if safeguard is not None:
        safeguard = check_choice(safeguard, "safeguard", _SAFEGUARDS[1:])
    delta = _real_scalar(delta, "delta", lo=0.0)
    beta = _real_scalar(beta, "beta", lo=0.0, hi=1.0)
    c = _real_scalar(c, "c", lo=0.0, hi=1.0)
    with np.errstate(all="ignore"):   # divergence is a result
        run = _Run("newton" if safeguard is None else f"newton-{safeguard}",
                   f, grad, hess)
        fx, g = _start(run, x, count_f=safeguard is not None)
        status = "max_iter"
        for _ in range(max_iter):
            if run.gn[-1] <= tol:
                status = "converged"
                break
            if run.over_budget(max_evals):
                status = "max_evals"
                break
            H = run.hessian(x)
            if H is None:
                status = "diverged"
                break
            if safeguard is None:
                try:
                    p = -np.linalg.solve(H, g)
                except np.linalg.LinAlgError:
                    status = "singular Hessian"
                    break
                if not np.all(np.isfinite(p)):
                    status = "singular Hessian"
                    break
                alpha, modified = 1.0, False
                x_new = _step(x, 1.0, p)
                if _escaped(x_new, blowup):
                    status = "diverged"
                    break
                fx_new = run.value(x_new, count=False)      # monitoring only
            else:
                p, modified = _modified_direction(H, g, safeguard, delta)
                slope = float(np.dot(g, p))
                if not np.all(np.isfinite(p)) or not slope < 0:
                    p, modified = -g, True         # rounding: fall back
                ls = _backtrack(f, x, p, fx, slope, 0, 1.0, beta, c, 60)
                run.nf += ls.n_f
                if not ls.success:
                    status = "line search failed"
                    break
                alpha, x_new, fx_new = ls.step, ls.x_new, ls.value
                if _escaped(x_new, blowup):
                    status = "diverged"
                    break
            g_new = run.gradient(x_new)
            if g_new is None or not np.isfinite(fx_new):
                status = "diverged"
                break
            x, fx, g = x_new, fx_new, g_new
            if not run.record(x, fx, g, alpha, modified):
                status = "diverged"
                break
        else:
            status = "converged" if run.gn[-1] <= tol else "max_iter"
        return run.trace(status)


# --------------------------------------------------------------------------
# Momentum
# --------------------------------------------------------------------------

def _momentum_args(step: Any, momentum: Any) -> tuple[float, float]:
    step = _real_scalar(step, "step", lo=0.0)
    momentum = _real_scalar(momentum, "momentum", lo=0.0, hi=1.0,
                            lo_open=False)
    return step, momentum


def heavy_ball(
    f: Callable[[np.ndarray], Any],
    grad: Callable[[np.ndarray], Any],
    x0: Any,
    *,
    step: float,
    momentum: float,
    tol: float = 1e-8,
    max_iter: int = 10_000,
    max_evals: int | None = None,
    blowup: float = 1e100,
) -> Trace:
    r"""Polyak's heavy-ball method.

    .. math::

        x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta\,(x_k - x_{k-1}),
        \qquad x_{-1} = x_0 .

    One gradient per step (counted); ``f`` is evaluated for the record
    only.

    Parameters
    ----------
    f, grad : callable
    x0 : array_like, shape (n,)
    step : float
        :math:`\alpha > 0`.
    momentum : float
        :math:`\beta \in [0, 1)`; 0 is plain gradient descent.
    tol, max_iter, max_evals, blowup
        As in :func:`gradient_descent`.

    Examples
    --------
    >>> f = lambda x: 0.5 * float(x @ (np.array([1.0, 100.0]) * x))
    >>> g = lambda x: np.array([1.0, 100.0]) * x
    >>> a, b = heavy_ball_parameters(1.0, 100.0)
    >>> heavy_ball(f, g, [1.0, 1.0], step=a, momentum=b).n_iter < 150
    True
    """
    f = _callable(f, "f")
    grad = _callable(grad, "grad")
    x, tol, max_iter, max_evals, blowup = _common(x0, tol, max_iter,
                                                 max_evals, blowup)
    step, momentum = _momentum_args(step, momentum)
    with np.errstate(all="ignore"):   # divergence is a result
        run = _Run("heavy-ball", f, grad)
        _, g = _start(run, x, count_f=False)
        x_prev = x.copy()
        status = "max_iter"
        for _ in range(max_iter):
            if run.gn[-1] <= tol:
                status = "converged"
                break
            if run.over_budget(max_evals):
                status = "max_evals"
                break
            x_new = x - step * g + momentum * (x - x_prev)             # (n,)
            if _escaped(x_new, blowup):
                status = "diverged"
                break
            fx_new = run.value(x_new, count=False)
            g_new = run.gradient(x_new)
            if g_new is None or not np.isfinite(fx_new):
                status = "diverged"
                break
            x_prev, x, g = x, x_new, g_new
            if not run.record(x, fx_new, g, step, False):
                status = "diverged"
                break
        else:
            status = "converged" if run.gn[-1] <= tol else "max_iter"
        return run.trace(status)


def nesterov(
    f: Callable[[np.ndarray], Any],
    grad: Callable[[np.ndarray], Any],
    x0: Any,
    *,
    step: float,
    momentum: float,
    tol: float = 1e-8,
    max_iter: int = 10_000,
    max_evals: int | None = None,
    blowup: float = 1e100,
) -> Trace:
    r"""Nesterov's accelerated gradient method (constant momentum).

    .. math::

        y_k = x_k + \beta\,(x_k - x_{k-1}), \qquad
        x_{k+1} = y_k - \alpha\nabla f(y_k), \qquad x_{-1} = x_0 .

    The gradient at the look-ahead point :math:`y_k` is the one the method
    needs (counted); :math:`f(x_k)` and :math:`\nabla f(x_k)` are evaluated
    for the record and the stopping test only (not counted).

    Parameters
    ----------
    f, grad : callable
    x0 : array_like, shape (n,)
    step : float
        :math:`\alpha > 0`, typically :math:`1/L`.
    momentum : float
        :math:`\beta \in [0, 1)`.
    tol, max_iter, max_evals, blowup
        As in :func:`gradient_descent`.

    Examples
    --------
    >>> f = lambda x: 0.5 * float(x @ (np.array([1.0, 100.0]) * x))
    >>> g = lambda x: np.array([1.0, 100.0]) * x
    >>> a, b = nesterov_parameters(1.0, 100.0)
    >>> nesterov(f, g, [1.0, 1.0], step=a, momentum=b).converged
    True
    """
    f = _callable(f, "f")
    grad = _callable(grad, "grad")
    x, tol, max_iter, max_evals, blowup = _common(x0, tol, max_iter,
                                                 max_evals, blowup)
    step, momentum = _momentum_args(step, momentum)
    with np.errstate(all="ignore"):   # divergence is a result
        run = _Run("nesterov", f, grad)
        _, g = _start(run, x, count_f=False)
        run.ng = 0                   # the gradient at x_0 is monitoring only
        run.cg[-1] = 0
        x_prev = x.copy()
        status = "max_iter"
        for _ in range(max_iter):
            if run.gn[-1] <= tol:
                status = "converged"
                break
            if run.over_budget(max_evals):
                status = "max_evals"
                break
            y = x + momentum * (x - x_prev)                            # (n,)
            gy = run.gradient(y) if np.isfinite(y).all() else None
            if gy is None:
                status = "diverged"
                break
            x_new = _step(y, -step, gy)
            if _escaped(x_new, blowup):
                status = "diverged"
                break
            fx_new = run.value(x_new, count=False)
            g_new = run.gradient(x_new, count=False)
            if g_new is None or not np.isfinite(fx_new):
                status = "diverged"
                break
            x_prev, x, g = x, x_new, g_new
            if not run.record(x, fx_new, g, step, False):
                status = "diverged"
                break
        else:
            status = "converged" if run.gn[-1] <= tol else "max_iter"
        return run.trace(status)


def _curvatures(mu: Any, L: Any) -> tuple[float, float]:
    mu = _real_scalar(mu, "mu", lo=0.0)
    L = _real_scalar(L, "L", lo=0.0)
    if mu > L:
        raise ValueError(f"mu must be <= L, got mu={mu!r}, L={L!r}")
    return mu, L


def heavy_ball_parameters(mu: float, L: float) -> tuple[float, float]:
    r"""Polyak's tuning for a quadratic with spectrum in :math:`[\mu, L]`.

    .. math::

        \alpha = \frac{4}{(\sqrt{L} + \sqrt{\mu})^2}, \qquad
        \beta = \Big(\frac{\sqrt{L} - \sqrt{\mu}}{\sqrt{L} + \sqrt{\mu}}
        \Big)^2 .

    Examples
    --------
    >>> heavy_ball_parameters(1.0, 9.0)
    (0.25, 0.25)
    """
    mu, L = _curvatures(mu, L)
    s = math.sqrt(L) + math.sqrt(mu)
    if s * s < 4.0 / _BIG:
        raise ValueError(f"mu and L are outside the supported range: the "
                         f"step 4/(sqrt L + sqrt mu)^2 overflows, got L={L!r}")
    return 4.0 / (s * s), ((math.sqrt(L) - math.sqrt(mu)) / s) ** 2


def nesterov_parameters(mu: float, L: float) -> tuple[float, float]:
    r"""Constant-momentum Nesterov tuning for a :math:`\mu`-strongly convex,
    :math:`L`-smooth function: :math:`\alpha = 1/L`,
    :math:`\beta = (\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)`.

    Examples
    --------
    >>> nesterov_parameters(1.0, 9.0)
    (0.1111111111111111, 0.5)
    """
    mu, L = _curvatures(mu, L)
    if L < 1.0 / _BIG:
        raise ValueError(f"L is outside the supported range: the step 1/L "
                         f"overflows, got L={L!r}")
    rk = math.sqrt(L) / math.sqrt(mu)          # no overflow in L / mu
    return 1.0 / L, (rk - 1.0) / (rk + 1.0)


def _kappa(kappa: Any) -> float:
    kappa = _real_scalar(kappa, "kappa")
    if kappa < 1:
        raise ValueError(f"kappa must be >= 1, got {kappa!r}")
    return kappa


def heavy_ball_rate(kappa: float) -> float:
    r"""Asymptotic error contraction of the tuned heavy ball on a quadratic:
    :math:`(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)`.

    Examples
    --------
    >>> heavy_ball_rate(100.0)
    0.8181818181818182
    """
    rk = math.sqrt(_kappa(kappa))
    return (rk - 1.0) / (rk + 1.0)


def nesterov_rate(kappa: float) -> float:
    r"""Asymptotic error contraction of tuned Nesterov on a quadratic:
    :math:`1 - 1/\sqrt{\kappa}`.

    Examples
    --------
    >>> nesterov_rate(100.0)
    0.9
    """
    return 1.0 - 1.0 / math.sqrt(_kappa(kappa))


# --------------------------------------------------------------------------
# Rate bounds for gradient descent with step 1/L
# --------------------------------------------------------------------------

def gd_convex_bound(L: float, dist0: float, n_steps: int) -> np.ndarray:
    r"""Sublinear bound for convex, L-smooth f and step :math:`1/L`:

    .. math::

        f(x_k) - f^\star \le \frac{L\,\lVert x_0 - x^\star\rVert^2}{2k},
        \qquad k = 1, \dots, K.

    Returns
    -------
    numpy.ndarray, shape (K,)
        Entry ``k - 1`` is the bound after ``k`` steps.

    Examples
    --------
    >>> gd_convex_bound(2.0, 1.0, 4)
    array([1.        , 0.5       , 0.33333333, 0.25      ])
    """
    L = _real_scalar(L, "L", lo=0.0)
    dist0 = _real_scalar(dist0, "dist0", lo=0.0, lo_open=False)
    n_steps = _count(n_steps, "n_steps", hi=10**7)
    top = L * dist0 * dist0 / 2.0
    if not math.isfinite(top):
        raise ValueError("L and dist0 are outside the supported range: "
                         "L * dist0**2 overflows float64")
    k = np.arange(1, n_steps + 1, dtype=np.float64)           # (K,)
    return top / k


def gd_strongly_convex_bound(mu: float, L: float, gap0: float,
                             n_steps: int) -> np.ndarray:
    r"""Linear bound for :math:`\mu`-strongly convex, L-smooth f, step
    :math:`1/L`:

    .. math::

        f(x_k) - f^\star \le \Big(1 - \frac{\mu}{L}\Big)^k
        \big(f(x_0) - f^\star\big), \qquad k = 0, \dots, K.

    Returns
    -------
    numpy.ndarray, shape (K + 1,)

    Examples
    --------
    >>> gd_strongly_convex_bound(1.0, 4.0, 1.0, 2)
    array([1.    , 0.75  , 0.5625])
    """
    mu, L = _curvatures(mu, L)
    gap0 = _real_scalar(gap0, "gap0", lo=0.0, lo_open=False)
    n_steps = _count(n_steps, "n_steps", lo=0, hi=10**7)
    with np.errstate(under="ignore"):
        return gap0 * (1.0 - mu / L) ** np.arange(n_steps + 1)


# --------------------------------------------------------------------------
# Conjugate gradient
# --------------------------------------------------------------------------

class CGResult(NamedTuple):
    r"""Record of a conjugate-gradient run on :math:`A x = b`.

    ``iterates[k]`` is :math:`x_k`, ``residuals[k]`` is
    :math:`r_k = b - A x_k` as updated by the recurrence, ``alphas[k]`` and
    ``betas[k]`` are the step and the conjugation coefficient of step k.
    One matrix-vector product is spent per step (plus one for
    :math:`r_0` when ``x0`` is not zero).
    """

    iterates: np.ndarray      # (k + 1, n)
    residuals: np.ndarray     # (k + 1, n)
    directions: np.ndarray    # (k, n)
    alphas: np.ndarray        # (k,)
    betas: np.ndarray         # (k,)
    n_matvec: int
    converged: bool

    @property
    def n_iter(self) -> int:
        """Number of steps taken."""
        return int(self.iterates.shape[0] - 1)

    @property
    def x(self) -> np.ndarray:
        """The last iterate, shape (n,)."""
        return self.iterates[-1].copy()

    @property
    def residual_norms(self) -> np.ndarray:
        r""":math:`\lVert r_k\rVert_2`, shape (k + 1,)."""
        return np.linalg.norm(self.residuals, axis=1)


def _spd_input(A: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """A finite symmetric (n, n) float matrix and a matching b."""
    A = np.array(as_float_array(A, "A", ndim=2), dtype=np.float64)
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {A.shape}")
    b = _real_vector(b, "b", A.shape[0])
    scale = float(np.abs(A).max())
    half_asym = float(np.abs(0.5 * A - 0.5 * A.T).max())    # no overflow
    if half_asym > 0.5e-12 * scale:
        raise ValueError(f"A must be symmetric, got max |A - A.T| / 2 = "
                         f"{half_asym:.3e}")
    return 0.5 * A + 0.5 * A.T, b


def _not_pd(k: int, curv: float) -> ValueError:
    return ValueError(f"A must be positive definite: step {k} found "
                      f"p^T A p = {curv:.3e} <= 0")


def conjugate_gradient(
    A: Any,
    b: Any,
    x0: Any = None,
    *,
    tol: float = 1e-12,
    max_iter: int | None = None,
) -> CGResult:
    r"""Conjugate gradient for a symmetric positive definite :math:`A x = b`.

    Minimises :math:`f(x) = \tfrac12 x^\top A x - b^\top x`:

    .. math::

        \alpha_k = \frac{r_k^\top r_k}{p_k^\top A p_k}, \quad
        x_{k+1} = x_k + \alpha_k p_k, \quad
        r_{k+1} = r_k - \alpha_k A p_k, \quad
        p_{k+1} = r_{k+1} + \frac{r_{k+1}^\top r_{k+1}}{r_k^\top r_k}\,p_k,

    with :math:`r_0 = p_0 = b - A x_0`. In exact arithmetic the residuals
    are mutually orthogonal, so :math:`r_n = 0`: at most :math:`n` steps
    (Hestenes & Stiefel 1952). In floating point orthogonality is lost
    gradually and ill-conditioned systems can need more.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite (checked along the way: a direction
        with :math:`p^\top A p \le 0` raises).
    b : array_like, shape (n,)
    x0 : array_like, shape (n,), optional
        Start; default zero.
    tol : float, default 1e-12
        Stop when :math:`\lVert r_k\rVert \le` ``tol`` :math:`\lVert b\rVert`
        (:math:`\lVert r_0\rVert` when :math:`b = 0`).
    max_iter : int, optional
        Default ``10 * n``.

    Returns
    -------
    CGResult

    Examples
    --------
    >>> A = np.array([[4.0, 1.0], [1.0, 3.0]]); b = np.array([1.0, 2.0])
    >>> r = conjugate_gradient(A, b)
    >>> r.n_iter, np.allclose(r.x, np.linalg.solve(A, b))
    (2, True)
    """
    A, b = _spd_input(A, b)
    n = b.size
    x = np.zeros(n) if x0 is None else _real_vector(x0, "x0", n, "b")
    tol = _real_scalar(tol, "tol", lo=0.0, lo_open=False)
    max_iter = 10 * n if max_iter is None else _count(max_iter, "max_iter")
    # Scale A and b by powers of two (exact, so every iterate is the same
    # as unscaled) to keep p^T A p and r^T r inside the float64 range.
    ea = math.frexp(float(np.abs(A).max()))[1]
    bmax = float(np.abs(b).max())
    eb = math.frexp(bmax)[1] if bmax > 0 else 0
    As, bs = np.ldexp(A, -ea), np.ldexp(b, -eb)
    with np.errstate(all="ignore"):
        y = np.ldexp(x, ea - eb)                             # scaled x0
        n_matvec = 0
        if np.any(y != 0):
            r = bs - As @ y
            n_matvec = 1
        else:
            r = bs.copy()
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(r))):
        raise ValueError("x0 is outside the supported range for A and b "
                         "(it overflows after scaling)")
    range_error = ValueError("A, b and x0 are outside the supported range: "
                             "the CG recurrences overflow float64")
    with np.errstate(all="ignore"):
        ref = float(np.linalg.norm(bs)) or float(np.linalg.norm(r))
        ys, rs, ps, alphas, betas = [y.copy()], [r.copy()], [], [], []
        p = r.copy()
        rr = float(r @ r)
        if not math.isfinite(rr):
            raise range_error
        converged = math.sqrt(rr) <= tol * ref
        k = 0
        while not converged and k < max_iter:
            Ap = As @ p                                      # (n,)
            n_matvec += 1
            curv = float(p @ Ap)
            if not math.isfinite(curv):
                raise range_error
            if not curv > 0:
                raise _not_pd(k, curv)
            alpha = rr / curv
            y = y + alpha * p
            r = r - alpha * Ap
            rr_new = float(r @ r)
            if not (math.isfinite(rr_new) and np.isfinite(y).all()):
                raise range_error
            beta = rr_new / rr
            ps.append(p.copy())
            p = r + beta * p
            ys.append(y.copy())
            rs.append(r.copy())
            alphas.append(alpha)
            betas.append(beta)
            rr = rr_new
            k += 1
            converged = math.sqrt(rr) <= tol * ref
    with np.errstate(all="ignore"):
        xs = np.ldexp(np.stack(ys), eb - ea)                 # (k + 1, n)
        res = np.ldexp(np.stack(rs), eb)
        dirs = np.ldexp(np.stack(ps), eb) if ps else np.empty((0, n))
        al = np.ldexp(np.array(alphas, dtype=np.float64), -ea)
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(res))):
        raise ValueError("A and b are outside the supported range: the "
                         "solution overflows float64")
    return CGResult(xs, res, dirs, al, np.array(betas, dtype=np.float64),
                    n_matvec, bool(converged))


class ExactCGResult(NamedTuple):
    r"""Conjugate gradient in exact rational arithmetic.

    ``residual_norms_sq[k]`` is :math:`\lVert r_k\rVert^2` and
    ``residuals[k]`` the residual vector :math:`r_k`, as
    ``fractions.Fraction``; ``solution`` is the last iterate, as Fractions.
    """

    residual_norms_sq: tuple[Fraction, ...]
    residuals: tuple[tuple[Fraction, ...], ...]
    solution: tuple[Fraction, ...]

    @property
    def n_iter(self) -> int:
        """Number of steps taken until the residual was exactly zero."""
        return len(self.residual_norms_sq) - 1


def conjugate_gradient_exact(A: Any, b: Any) -> ExactCGResult:
    r"""Conjugate gradient in exact rational arithmetic, from :math:`x_0 = 0`.

    Every float converts to a ``Fraction`` without rounding, so this is CG
    as the theorem sees it: the run stops when the residual is exactly
    zero, which happens after at most :math:`n` steps (after exactly as
    many steps as :math:`A` has distinct eigenvalues whose eigenvectors
    :math:`b` touches).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite, ``n <= 24`` (rational numbers grow
        quickly).
    b : array_like, shape (n,)

    Returns
    -------
    ExactCGResult

    Examples
    --------
    >>> r = conjugate_gradient_exact([[4, 1], [1, 3]], [1, 2])
    >>> r.n_iter, r.residual_norms_sq[-1], r.solution
    (2, Fraction(0, 1), (Fraction(1, 11), Fraction(7, 11)))
    """
    Af, bf = _spd_input(A, b)
    n = bf.size
    if n > 24:
        raise ValueError(f"A is outside the supported range: exact CG "
                         f"takes n <= 24, got shape {Af.shape}")
    Aq = [[Fraction(float(v)) for v in row] for row in Af]
    r = [Fraction(float(v)) for v in bf]
    x = [Fraction(0)] * n
    p = list(r)
    rr = sum(v * v for v in r)
    norms, res = [rr], [tuple(r)]
    k = 0
    while rr != 0 and k < n:
        Ap = [sum(a * q for a, q in zip(row, p)) for row in Aq]
        curv = sum(a * q for a, q in zip(p, Ap))
        if curv <= 0:
            raise _not_pd(k, float(curv))
        alpha = rr / curv
        x = [xi + alpha * pi for xi, pi in zip(x, p)]
        r = [ri - alpha * api for ri, api in zip(r, Ap)]
        rr_new = sum(v * v for v in r)
        p = [ri + (rr_new / rr) * pi for ri, pi in zip(r, p)]
        rr = rr_new
        norms.append(rr)
        res.append(tuple(r))
        k += 1
    return ExactCGResult(tuple(norms), tuple(res), tuple(x))
