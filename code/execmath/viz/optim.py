"""Plots for :mod:`execmath.optim`: gradient fields, descent paths and
convergence curves on 2-D landscapes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import optim, surfaces
from execmath._validate import as_float_array, check_positive_int
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE
from execmath.viz.surfaces import plot_contours

__all__ = ["plot_convergence", "plot_gradient_field", "plot_trajectories"]

Field = Callable[[np.ndarray], Any]


def _sample(f: Field, xlim, ylim, n: int) -> surfaces.ScalarField:
    """Evaluate ``f`` (points (..., 2) -> values (...)) on a grid."""
    if not callable(f):
        raise ValueError(f"f must be callable, got {type(f).__name__}")
    X, Y = surfaces.grid(xlim, ylim, n)                  # (n, n) each
    Z = np.asarray(f(np.stack([X, Y], axis=-1)), dtype=np.float64)
    if Z.shape != X.shape:
        raise ValueError(
            f"f must map points (..., 2) to values (...), got shape "
            f"{Z.shape} for a grid of shape {X.shape}"
        )
    return surfaces.ScalarField(X, Y, Z)


def _check_point(p: Any, name: str) -> np.ndarray | None:
    if p is None:
        return None
    p = as_float_array(p, name, ndim=1)
    if p.shape != (2,):
        raise ValueError(f"{name} must have shape (2,), got shape {p.shape}")
    return p


def _eigen_axes(ax: Axes, hessian: Any, center: np.ndarray,
                half_length: float) -> None:
    """Dashed lines through ``center`` along the Hessian's eigenvectors,
    labelled stable (positive curvature) or unstable (negative)."""
    H = as_float_array(hessian, "hessian", ndim=2)
    if H.shape != (2, 2):
        raise ValueError(f"hessian must have shape (2, 2), got {H.shape}")
    lam, V = np.linalg.eigh(0.5 * (H + H.T))            # (2,), (2, 2)
    for i in range(2):
        stable = lam[i] > 0
        ends = center + np.outer([-half_length, half_length], V[:, i])
        ax.plot(ends[:, 0], ends[:, 1], ls="--", lw=2.0,
                color=PALETTE[2] if stable else PALETTE[1],
                label=(f"{'stable' if stable else 'unstable'} axis, "
                       f"$\\lambda = {lam[i]:.3g}$"))


def plot_gradient_field(
    f: Field,
    grad: Field,
    *,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    ax: Axes | None = None,
    levels: int | Any = 12,
    n_arrows: int = 13,
    x_star: Any = None,
    hessian: Any = None,
    cmap: str = "GnBu",
) -> Axes:
    r"""Contour map of ``f`` with arrows of :math:`-\nabla f` (unit length).

    Arrows point downhill: the direction a small gradient step moves. They
    are normalised to one length, so direction is readable everywhere;
    steepness is read from the spacing of the contour lines.

    Parameters
    ----------
    f, grad : callable
        Vectorised: points of shape (..., 2) to values (...) and to
        gradients (..., 2), e.g. ``Quadratic.value`` and
        ``Quadratic.gradient``.
    xlim, ylim : (float, float)
        Plot window.
    ax : Axes, optional
    levels : int or array_like, default 12
        Contour levels (number or values).
    n_arrows : int, default 13
        Arrows per axis, >= 2.
    x_star : array_like, shape (2,), optional
        Stationary point to mark.
    hessian : array_like, shape (2, 2), optional
        When given (with ``x_star``), its eigen-axes are drawn through
        ``x_star``, coloured stable/unstable by the sign of the eigenvalue.

    Returns
    -------
    matplotlib.axes.Axes
    """
    n_arrows = check_positive_int(n_arrows, "n_arrows", minimum=2)
    x_star = _check_point(x_star, "x_star")
    field = _sample(f, xlim, ylim, 201)
    ax = get_ax(ax)
    plot_contours(field.X, field.Y, field.Z, ax=ax, levels=levels,
                  cmap=cmap)
    if not callable(grad):
        raise ValueError(f"grad must be callable, got {type(grad).__name__}")
    X, Y = surfaces.grid(xlim, ylim, n_arrows)          # (m, m) each
    G = -np.asarray(grad(np.stack([X, Y], axis=-1)), dtype=np.float64)
    if G.shape != X.shape + (2,):
        raise ValueError(
            f"grad must map points (..., 2) to (..., 2), got shape {G.shape}"
        )
    norm = np.linalg.norm(G, axis=-1)                  # (m, m)
    safe = np.where(norm > 0, norm, 1.0)
    U, V = G[..., 0] / safe, G[..., 1] / safe          # unit, 0 where flat
    ax.quiver(X, Y, U, V, color=PALETTE[7], angles="xy", pivot="mid",
              width=0.006, scale=n_arrows * 1.35, zorder=3)
    if x_star is not None:
        if hessian is not None:
            half = 2.0 * max(np.ptp(xlim), np.ptp(ylim))
            _eigen_axes(ax, hessian, x_star, half)
        ax.plot(*x_star, marker="*", ms=13, color=PALETTE[4],
                mec="k", ls="none", zorder=4, label="stationary point")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  ncol=1, fontsize=8)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return ax


def _as_path(run: Any) -> np.ndarray:
    """An iterate array (k + 1, 2) from a GDResult or an array."""
    path = run.iterates if isinstance(run, optim.GDResult) else run
    path = as_float_array(path, "runs", ndim=2)
    if path.shape[1] != 2:
        raise ValueError(
            f"runs must hold 2-D paths of shape (k + 1, 2), got {path.shape}"
        )
    return path


def _check_labels(labels: Sequence[str] | None, n: int) -> list[str | None]:
    if labels is None:
        return [None] * n
    labels = list(labels)
    if len(labels) != n:
        raise ValueError(f"labels must have {n} entries, got {len(labels)}")
    return labels


def _check_colors(colors: Sequence[str] | None, n: int) -> list[str]:
    if colors is None:
        return [PALETTE[i % len(PALETTE)] for i in range(n)]
    colors = list(colors)
    if len(colors) != n:
        raise ValueError(f"colors must have {n} entries, got {len(colors)}")
    return colors


def plot_trajectories(
    f: Field,
    runs: Sequence[Any],
    *,
    labels: Sequence[str] | None = None,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    levels: int | Any = 12,
    x_star: Any = None,
    colors: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Descent paths over the contour lines of ``f`` (equal axis scales).

    Parameters
    ----------
    f : callable
        Vectorised objective, points (..., 2) -> values (...).
    runs : sequence of GDResult or array_like (k + 1, 2)
        One path per run; each is drawn as a polyline with a dot per
        iterate. Paths that leave the window are clipped at its edge.
    labels : sequence of str, optional
        Legend entries, one per run.
    xlim, ylim, levels
        Window and contour levels.
    x_star : array_like, shape (2,), optional
        Minimiser to mark.
    colors : sequence of str, optional
        One colour per run; default the book palette in order.
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    paths = [_as_path(r) for r in runs]
    if not paths:
        raise ValueError("runs must contain at least one path, got 0")
    labels = _check_labels(labels, len(paths))
    x_star = _check_point(x_star, "x_star")
    field = _sample(f, xlim, ylim, 201)
    ax = get_ax(ax)
    ax.contour(field.X, field.Y, field.Z, levels=levels, colors="0.6",
               linewidths=0.7, negative_linestyles="solid")
    colors = _check_colors(colors, len(paths))
    for path, label, color in zip(paths, labels, colors):
        ax.plot(path[:, 0], path[:, 1], "-o", color=color, ms=3, lw=1.3,
                label=label, zorder=3)
    ax.plot(*paths[0][0], "s", color="k", ms=6, zorder=4, label="start")
    if x_star is not None:
        ax.plot(*x_star, marker="*", ms=13, color=PALETTE[4], mec="k",
                ls="none", zorder=4, label="minimiser")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if any(lab is not None for lab in labels):
        ax.legend(loc="best", fontsize=8)
    return ax


def plot_convergence(
    runs: Sequence[optim.GDResult],
    f_star: float,
    *,
    labels: Sequence[str] | None = None,
    rates: Sequence[float] | None = None,
    colors: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Optimality gap :math:`f(x_k) - f^\star` against :math:`k`, log y-axis.

    Gaps that are not positive (the run reached :math:`f^\star` to rounding)
    are left out rather than drawn at :math:`-\infty`.

    Parameters
    ----------
    runs : sequence of GDResult
        Runs made with ``f`` given, so that ``values`` is recorded.
    f_star : float
        The minimum value.
    labels : sequence of str, optional
    rates : sequence of float, optional
        Contraction factor :math:`\rho` of each run's error; its bound
        :math:`(f(x_0) - f^\star)\,\rho^{2k}` on the gap of a quadratic is
        drawn dashed in the run's colour.
    colors : sequence of str, optional
        One colour per run; default the book palette in order.
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    runs = list(runs)
    if not runs:
        raise ValueError("runs must contain at least one GDResult, got 0")
    for run in runs:
        if not isinstance(run, optim.GDResult) or run.values is None:
            raise ValueError(
                "runs must be GDResults recorded with f=..., got "
                f"{type(run).__name__}"
            )
    labels = _check_labels(labels, len(runs))
    if rates is not None:
        rates = as_float_array(rates, "rates", ndim=1)
        if rates.size != len(runs):
            raise ValueError(
                f"rates must have {len(runs)} entries, got {rates.size}"
            )
    f_star = float(f_star)
    ax = get_ax(ax)
    colors = _check_colors(colors, len(runs))
    for i, (run, label, color) in enumerate(zip(runs, labels, colors)):
        gap = run.values - f_star                            # (k + 1,)
        gap = np.where(gap > 0, gap, np.nan)
        k = np.arange(gap.size)
        ax.semilogy(k, gap, "-", color=color, label=label)
        if rates is not None and np.isfinite(gap[0]):
            with np.errstate(over="ignore"):
                bound = gap[0] * rates[i] ** (2.0 * k)
            ax.semilogy(k, bound, "--", color=color, lw=1.0, alpha=0.8)
    ax.set_xlabel("step $k$")
    ax.set_ylabel(r"$f(x_k) - f^\star$")
    if any(lab is not None for lab in labels):
        ax.legend(loc="best", fontsize=8)
    return ax
