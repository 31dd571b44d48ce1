"""Plots for :mod:`execmath.constrained`: descent paths in a box and the
tangency picture of the KKT conditions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like
from matplotlib.patches import Rectangle

from execmath import constrained as cons
from execmath import optim, surfaces
from execmath._validate import as_float_array
from execmath.constrained import _real_scalar
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_box_descent", "plot_kkt_tangency"]

Field = Callable[[np.ndarray], Any]


def _window(lim: Any, name: str) -> tuple[float, float]:
    arr = as_float_array(lim, name, ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(f"{name} must be (low, high) with low < high, got "
                         f"{arr.tolist()}")
    with np.errstate(over="ignore"):
        if not np.isfinite(arr[1] - arr[0]):
            raise ValueError(f"{name} is outside the supported range: its "
                             f"width overflows float64")
    return float(arr[0]), float(arr[1])


def _point(p: Any, name: str) -> np.ndarray | None:
    if p is None:
        return None
    p = as_float_array(p, name, ndim=1)
    if p.shape != (2,):
        raise ValueError(f"{name} must have shape (2,), got shape {p.shape}")
    return p


def _check_levels(levels: Any) -> int | np.ndarray:
    """A number of contour levels (1 to 100) or increasing finite values."""
    if isinstance(levels, (bool, np.bool_)):
        raise TypeError("levels must be an int or an array of values, got "
                        "bool")
    if isinstance(levels, (int, np.integer)):
        if not 1 <= levels <= 100:
            raise ValueError(f"levels must be in [1, 100], got {levels!r}")
        return int(levels)
    if isinstance(levels, (float, np.floating, str, complex)) or \
            levels is None:
        raise TypeError(f"levels must be an int or an array of values, got "
                        f"{type(levels).__name__}")
    arr = as_float_array(levels, "levels", ndim=1)
    if arr.size > 100 or np.any(np.diff(arr) <= 0):
        raise ValueError(f"levels must be at most 100 increasing values, got "
                         f"shape {arr.shape}")
    return arr


def _field(f: Field, xlim, ylim, n: int = 201) -> surfaces.ScalarField:
    """Sample a vectorised ``f`` (points (..., 2) -> values (...))."""
    if not callable(f):
        raise ValueError(f"f must be callable, got {type(f).__name__}")
    X, Y = surfaces.grid(xlim, ylim, n)                          # (n, n)
    with np.errstate(all="ignore"):
        try:
            Z = np.asarray(f(np.stack([X, Y], axis=-1)))
        except ValueError as exc:          # e.g. f(x) beyond float64
            raise ValueError(f"f must be finite on the window xlim x ylim "
                             f"= {xlim} x {ylim}: {exc}") from exc
    if Z.dtype.kind not in "iuf" or Z.shape != X.shape:
        raise ValueError(
            f"f must map points (..., 2) to real values (...), got dtype "
            f"{Z.dtype} and shape {Z.shape} for a grid of shape {X.shape}"
        )
    Z = Z.astype(np.float64)
    if not np.all(np.isfinite(Z)):
        raise ValueError("f must be finite on the window xlim x ylim, got "
                         f"{int(np.count_nonzero(~np.isfinite(Z)))} "
                         "non-finite values")
    return surfaces.ScalarField(X, Y, Z)


def _path(run: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Iterates (k + 1, 2) and proposals (k, 2) or None from a run."""
    if isinstance(run, cons.PGDResult):
        path, prop = run.iterates, run.proposals
    elif isinstance(run, optim.GDResult):
        path, prop = run.iterates, None
    else:
        path, prop = run, None
    path = as_float_array(path, "run", ndim=2)
    if path.shape[1] != 2:
        raise ValueError(f"run must hold a 2-D path of shape (k + 1, 2), "
                         f"got shape {path.shape}")
    return path, prop


def _term(coef: float, var: str) -> str:
    """``coef * var`` as LaTeX, with the coefficient 1 left out."""
    return var if coef == 1 else f"-{var}" if coef == -1 else f"{coef:g}{var}"


def _linear_form(a: np.ndarray) -> str:
    """:math:`a_1 x_1 + a_2 x_2` as LaTeX, zero terms left out."""
    terms = [_term(float(c), f"x_{i + 1}") for i, c in enumerate(a) if c]
    out = terms[0]
    for t in terms[1:]:
        out += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return out


def plot_box_descent(
    f: Field,
    run: Any,
    lower: Any,
    upper: Any,
    *,
    xlim: tuple[float, float] = (-0.5, 2.0),
    ylim: tuple[float, float] = (-0.5, 1.5),
    levels: int | Any = 12,
    x_star: Any = None,
    star_label: str = "minimiser",
    color: str | None = None,
    label: str | None = None,
    show_proposals: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """A descent path over the contours of ``f``, with the feasible box.

    The box is drawn shaded. For a :class:`~execmath.constrained.PGDResult`
    each unprojected gradient step is drawn as a hollow marker joined by a
    dotted segment to the point it was projected onto, so the "snap" back
    into the box is visible.

    Parameters
    ----------
    f : callable
        Vectorised objective, points (..., 2) -> values (...).
    run : PGDResult, GDResult or array_like (k + 1, 2)
        The path.
    lower, upper : array_like, shape (2,)
        Finite corners of the box.
    xlim, ylim : (float, float)
        Window.
    levels : int or array_like
        Contour levels.
    x_star : array_like, shape (2,), optional
        Point to mark with a star (e.g. the constrained minimiser).
    star_label : str
        Legend entry of the star.
    color, label : str, optional
        Colour and legend entry of the path.
    show_proposals : bool, default True
        Draw the unprojected steps of a PGDResult.
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_ax(ax)
    path, proposals = _path(run)
    lo = as_float_array(lower, "lower", ndim=1)
    hi = as_float_array(upper, "upper", ndim=1)
    if lo.shape != (2,) or hi.shape != (2,) or np.any(lo >= hi):
        raise ValueError(f"lower and upper must be finite corners of shape "
                         f"(2,) with lower < upper, got {lo.tolist()} and "
                         f"{hi.tolist()}")
    xlim, ylim = _window(xlim, "xlim"), _window(ylim, "ylim")
    x_star = _point(x_star, "x_star")
    if not isinstance(show_proposals, bool):
        raise ValueError(f"show_proposals must be a bool, got "
                         f"{show_proposals!r}")
    levels = _check_levels(levels)
    color = PALETTE[0] if color is None else color
    if not isinstance(color, str) or not is_color_like(color):
        raise ValueError(f"color must be a matplotlib colour string, got "
                         f"{color!r}")
    for name, text in (("label", label), ("star_label", star_label)):
        if text is not None and not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got "
                            f"{type(text).__name__}")
    field = _field(f, xlim, ylim)
    ax = get_ax(ax)
    ax.contour(field.X, field.Y, field.Z, levels=levels, colors="0.6",
               linewidths=0.7, negative_linestyles="solid")
    ax.add_patch(Rectangle(tuple(lo), *(hi - lo), facecolor=PALETTE[5],
                           alpha=0.18, edgecolor="k", lw=1.4,
                           label="feasible box", zorder=1))
    if show_proposals and proposals is not None and proposals.size:
        for y, x_next in zip(proposals, path[1:]):
            if np.allclose(y, x_next):
                continue                  # the step stayed feasible
            ax.plot([y[0], x_next[0]], [y[1], x_next[1]], ":", color="0.25",
                    lw=1.0, zorder=2)
        outside = ~np.all(np.isclose(proposals, path[1:]), axis=1)
        ax.plot(proposals[outside, 0], proposals[outside, 1], "o", mfc="none",
                mec="0.25", ms=5, ls="none", zorder=3,
                label="unprojected step")
    ax.plot(path[:, 0], path[:, 1], "-o", color=color, ms=3.5, lw=1.4,
            label=label, zorder=4)
    ax.plot(*path[0], "s", color="k", ms=6, zorder=5, label="start")
    if x_star is not None:
        ax.plot(*x_star, marker="*", ms=14, color=PALETTE[4], mec="k",
                ls="none", zorder=6, label=star_label)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_kkt_tangency(
    q: optim.Quadratic,
    a: Any,
    b: float,
    solution: cons.EqQPSolution,
    *,
    xlim: tuple[float, float] = (-0.5, 2.0),
    ylim: tuple[float, float] = (-0.5, 2.0),
    n_levels: int = 7,
    arrow_length: float = 0.45,
    ax: Axes | None = None,
) -> Axes:
    r"""Level sets of a quadratic, the line :math:`a^\top x = b`, and the
    gradient and the constraint normal at the constrained optimum.

    The level set through the optimum is drawn thick: it touches the line
    there. Both arrows start at the optimum and are drawn with the same
    length ``arrow_length`` (in data units), so only their directions are
    compared: :math:`\nabla f(x^\star)` and the normal :math:`a` lie on one
    line, :math:`\nabla f = -\lambda a`.

    Parameters
    ----------
    q : execmath.optim.Quadratic
        Two-variable objective.
    a : array_like, shape (2,)
        Constraint normal.
    b : float
        Right-hand side.
    solution : EqQPSolution
        From :func:`execmath.constrained.solve_eq_qp` for ``q``, ``a``,
        ``b``.
    xlim, ylim : (float, float)
    n_levels : int, default 7
        Number of thin level sets.
    arrow_length : float, default 0.45
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_ax(ax)
    if not isinstance(q, optim.Quadratic) or q.dim != 2:
        raise ValueError(f"q must be a two-variable optim.Quadratic, got "
                         f"{type(q).__name__}")
    if a is None:
        raise TypeError("a must be a vector of shape (2,), got None")
    a = _point(a, "a")
    if not np.any(a):
        raise ValueError("a must be a non-zero vector of shape (2,)")
    b = _real_scalar(b, "b")
    if not isinstance(solution, cons.EqQPSolution) or \
            solution.x.shape != (2,):
        raise ValueError(f"solution must be an EqQPSolution in 2-D, got "
                         f"{type(solution).__name__}")
    # feasibility of the solution, in units of the largest |a_i|
    s_a = float(np.max(np.abs(a)))
    with np.errstate(all="ignore"):
        resid = (a / s_a) @ solution.x - b / s_a
        tol = 1e-8 * (1.0 + abs(b / s_a))
    if not (np.isfinite(resid) and abs(resid) <= tol):
        raise ValueError(f"solution must satisfy a @ x = b, got residual "
                         f"{resid:.3e} (relative to max |a|)")
    xlim, ylim = _window(xlim, "xlim"), _window(ylim, "ylim")
    if not isinstance(n_levels, int) or isinstance(n_levels, bool) or \
            not 1 <= n_levels <= 50:
        raise ValueError(f"n_levels must be an integer in [1, 50], got "
                         f"{n_levels!r}")
    arrow_length = _real_scalar(arrow_length, "arrow_length", positive=True)
    diag = float(np.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0]))
    if arrow_length > diag:
        raise ValueError(f"arrow_length must be at most the window diagonal "
                         f"{diag:.3g}, got {arrow_length!r}")
    field = _field(q.value, xlim, ylim)
    x_s, f_s = solution.x, solution.value
    ax = get_ax(ax)
    f_min = float(field.Z.min())
    thin = np.linspace(f_min, float(field.Z.max()), n_levels + 2)[1:-1]
    ax.contour(field.X, field.Y, field.Z, levels=np.sort(thin),
               colors="0.6", linewidths=0.7, negative_linestyles="solid")
    ax.contour(field.X, field.Y, field.Z, levels=[f_s], colors=PALETTE[0],
               linewidths=2.0, negative_linestyles="solid")
    ax.plot([], [], color=PALETTE[0], lw=2.0,
            label=r"level set $f = f(x^\star)$")
    # the line a^T x = b across the window, parametrised along a's normal
    a_unit = (a / s_a) / np.hypot(*(a / s_a))                    # (2,)
    t_dir = np.array([-a_unit[1], a_unit[0]])
    x_on = solution.x                      # a point on the line
    span = 2.0 * max(np.ptp(xlim), np.ptp(ylim))
    ends = x_on + np.outer([-span, span], t_dir)                 # (2, 2)
    ax.plot(ends[:, 0], ends[:, 1], "-", color=PALETTE[1], lw=1.8,
            label=f"constraint ${_linear_form(a)} = {b:g}$")
    g = q.gradient(x_s)
    g_max = float(np.max(np.abs(g)))
    g_s = g / g_max if g_max > 0 else g                          # (2,)
    g_norm = float(np.hypot(*g_s))
    g_dir = g_s / g_norm if g_norm > 0 else np.zeros(2)   # zero: no force
    arrows = np.vstack([g_dir, a_unit]) * arrow_length
    ax.quiver([x_s[0], x_s[0]], [x_s[1], x_s[1]], arrows[:, 0], arrows[:, 1],
              color=[PALETTE[2], PALETTE[3]], angles="xy", scale_units="xy",
              scale=1.0, width=0.012, zorder=5)
    ax.plot([], [], color=PALETTE[2], lw=2.5,
            label=r"$\nabla f(x^\star)$ (direction)")
    ax.plot([], [], color=PALETTE[3], lw=2.5, label="normal $a$ (direction)")
    try:
        x_free = q.minimiser()
    except ValueError:
        x_free = None
    if x_free is not None:
        ax.plot(*x_free, "P", color="k", ms=8, ls="none",
                label="unconstrained minimiser", zorder=5)
    ax.plot(*x_s, marker="*", ms=15, color=PALETTE[4], mec="k", ls="none",
            zorder=6, label=r"constrained optimum $x^\star$")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax
