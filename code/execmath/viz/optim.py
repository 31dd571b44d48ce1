"""Plots for :mod:`execmath.optim`: gradient fields, descent paths and
convergence curves on 2-D landscapes."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import optim, surfaces
from execmath._validate import (
    InputTypeError,
    check_callable,
    check_finite_scalar,
    check_positive_int,
    norm2,
    pow2_scale,
)
from execmath.viz._axes import (
    check_ax,
    check_cmap,
    check_color,
    check_levels,
    check_plot_data,
    get_ax,
    plottable,
)
from execmath.viz.style import PALETTE
from execmath.viz.surfaces import plot_contours

__all__ = ["plot_convergence", "plot_gradient_field", "plot_trajectories"]

Field = Callable[[np.ndarray], Any]


def _window(xlim, ylim, n: int) -> surfaces.Grid:
    """The plot window's grid; limits must be plottable (|.| <= 1e300)."""
    check_plot_data(xlim, "xlim", ndim=1)
    check_plot_data(ylim, "ylim", ndim=1)
    return surfaces.grid(xlim, ylim, n)                  # (n, n) each


def _evaluate(fn: Field, name: str, X: np.ndarray, Y: np.ndarray,
              tail: tuple[int, ...]) -> np.ndarray:
    """``fn`` on the points of the grid ``X, Y``; shape ``X.shape + tail``.

    An exception inside ``fn`` or a non-finite value becomes a ValueError
    naming ``fn`` and the window (``xlim``, ``ylim``).
    """
    check_callable(fn, name)
    where = (f"on the window xlim=({X.min():.3g}, {X.max():.3g}), "
             f"ylim=({Y.min():.3g}, {Y.max():.3g})")
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(fn(np.stack([X, Y], axis=-1)), dtype=np.float64)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError(f"{name} failed {where}: {exc}") from exc
    if out.shape != X.shape + tail:
        raise ValueError(
            f"{name} must map points (..., 2) to shape (...{', 2' * len(tail)}), "
            f"got shape {out.shape} for a grid of shape {X.shape}"
        )
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be finite {where}")
    return out


def _sample(f: Field, xlim, ylim, n: int) -> surfaces.ScalarField:
    """Evaluate ``f`` (points (..., 2) -> values (...)) on a grid."""
    check_callable(f, "f")
    X, Y = _window(xlim, ylim, n)                        # (n, n) each
    Z = _evaluate(f, "f", X, Y, ())
    if not plottable(Z):
        raise ValueError("f has values beyond the plottable 1e300 on the "
                         "window xlim, ylim")
    return surfaces.ScalarField(X, Y, Z)


def _check_point(p: Any, name: str) -> np.ndarray | None:
    if p is None:
        return None
    p = check_plot_data(p, name, ndim=1)
    if p.shape != (2,):
        raise ValueError(f"{name} must have shape (2,), got shape {p.shape}")
    return p


def _eigen(hessian: Any) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and eigenvectors of the symmetric part of ``hessian``,
    computed on ``H / 2**e`` (exact) so that no entry overflows."""
    H = check_plot_data(hessian, "hessian", ndim=2)
    if H.shape != (2, 2):
        raise ValueError(f"hessian must have shape (2, 2), got {H.shape}")
    Hs, e = pow2_scale(H)
    lam, V = np.linalg.eigh(0.5 * Hs + 0.5 * Hs.T)      # (2,), (2, 2)
    with np.errstate(over="ignore"):
        lam = np.ldexp(lam, e)
    if not np.all(np.isfinite(lam)):
        raise ValueError("hessian has eigenvalues beyond the float64 range")
    return lam, V


def _eigen_axes(ax: Axes, eig: tuple[np.ndarray, np.ndarray],
                center: np.ndarray, half_length: float) -> None:
    """Dashed lines through ``center`` along the Hessian's eigenvectors,
    labelled stable (positive curvature) or unstable (negative)."""
    lam, V = eig
    n_stable = 0
    for i in range(2):
        stable = lam[i] > 0
        # two stable axes (a minimum) get two styles, so that the legend
        # tells the shallow axis from the steep one
        second = stable and n_stable == 1
        n_stable += int(stable)
        ends = center + np.outer([-half_length, half_length], V[:, i])
        ax.plot(ends[:, 0], ends[:, 1], ls="-." if second else "--",
                lw=2.0,
                color=(PALETTE[0] if second else PALETTE[2]) if stable
                else PALETTE[1],
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
    cmap : str, default "GnBu"
        Colour map of the filled contours.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from execmath import optim
    >>> q = optim.make_quadratic([1.0, 4.0], angle=0.4)
    >>> ax = plot_gradient_field(q.value, q.gradient, n_arrows=5, levels=6)
    >>> [float(t) for t in ax.get_xlim()]
    [-2.0, 2.0]
    """
    check_callable(f, "f")
    check_callable(grad, "grad")
    n_arrows = check_positive_int(n_arrows, "n_arrows", minimum=2,
                                  maximum=100)
    x_star = _check_point(x_star, "x_star")
    levels = check_levels(levels, "levels", min_values=2)
    cmap = check_cmap(cmap)
    eig = _eigen(hessian) if hessian is not None else None
    check_ax(ax)
    field = _sample(f, xlim, ylim, 201)
    X, Y = _window(xlim, ylim, n_arrows)                 # (m, m) each
    G = -_evaluate(grad, "grad", X, Y, (2,))             # (m, m, 2)
    norm = norm2(G, axis=-1)                             # (m, m)
    safe = np.where(norm > 0, norm, 1.0)
    with np.errstate(under="ignore"):
        U, V = G[..., 0] / safe, G[..., 1] / safe       # unit, 0 where flat
    ax = get_ax(ax)
    n_texts = len(ax.texts)
    plot_contours(field.X, field.Y, field.Z, ax=ax, levels=levels,
                  cmap=cmap)
    for label in ax.texts[n_texts:]:
        # contour labels above the arrows, on a light patch: readable
        label.set_zorder(3.5)
        label.set_bbox({"facecolor": "white", "edgecolor": "none",
                        "alpha": 0.8, "pad": 0.5})
    ax.quiver(X, Y, U, V, color=PALETTE[7], angles="xy", pivot="mid",
              width=0.006, scale=n_arrows * 1.35, zorder=3)
    if x_star is not None:
        if eig is not None:
            half = 2.0 * max(np.ptp(np.asarray(xlim, float)),
                             np.ptp(np.asarray(ylim, float)))
            _eigen_axes(ax, eig, x_star, half)
        ax.plot(*x_star, marker="*", ms=13, color=PALETTE[4],
                mec="k", ls="none", zorder=4, label="stationary point")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  ncol=1, fontsize=8)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return ax


def _as_path(run: Any, name: str) -> np.ndarray:
    """An iterate array (k + 1, 2) from a GDResult or an array."""
    path = run.iterates if isinstance(run, optim.GDResult) else run
    path = check_plot_data(path, name, ndim=2)
    if path.shape[1] != 2:
        raise ValueError(
            f"{name} must be a 2-D path of shape (k + 1, 2), got {path.shape}"
        )
    return path


def _check_sequence(items: Any, name: str) -> list:
    """A list, tuple or array of items (not a string, not a scalar)."""
    if isinstance(items, (str, bytes)) or not isinstance(
            items, (Sequence, np.ndarray)):
        raise InputTypeError(f"{name} must be a sequence, got "
                             f"{type(items).__name__}")
    return list(items)


def _check_labels(labels: Sequence[str] | None, n: int) -> list[str | None]:
    if labels is None:
        return [None] * n
    labels = _check_sequence(labels, "labels")
    if len(labels) != n:
        raise ValueError(f"labels must have {n} entries, got {len(labels)}")
    for i, lab in enumerate(labels):
        if lab is not None and not isinstance(lab, str):
            raise InputTypeError(f"labels[{i}] must be a str or None, got "
                                 f"{type(lab).__name__}")
    return labels


def _check_colors(colors: Sequence[str] | None, n: int) -> list[str]:
    if colors is None:
        return [PALETTE[i % len(PALETTE)] for i in range(n)]
    colors = _check_sequence(colors, "colors")
    if len(colors) != n:
        raise ValueError(f"colors must have {n} entries, got {len(colors)}")
    for i, c in enumerate(colors):
        check_color(c, f"colors[{i}]")
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

    Examples
    --------
    >>> from execmath import optim
    >>> q = optim.make_quadratic([1.0, 4.0])
    >>> run = optim.gradient_descent(q.gradient, [-1.5, 1.5], 0.2, 8)
    >>> ax = plot_trajectories(q.value, [run], labels=["eta = 0.2"])
    >>> ax.get_lines()[0].get_xydata().shape      # 9 iterates
    (9, 2)
    """
    check_callable(f, "f")
    runs = _check_sequence(runs, "runs")
    if not 1 <= len(runs) <= 50:
        raise ValueError(f"runs must contain 1 to 50 paths, got {len(runs)}")
    paths = [_as_path(r, f"runs[{i}]") for i, r in enumerate(runs)]
    labels = _check_labels(labels, len(paths))
    x_star = _check_point(x_star, "x_star")
    levels = check_levels(levels, "levels")
    colors = _check_colors(colors, len(paths))
    check_ax(ax)
    field = _sample(f, xlim, ylim, 201)
    ax = get_ax(ax)
    with warnings.catch_warnings():     # a constant f has no level lines
        warnings.filterwarnings("ignore", message="No contour levels")
        ax.contour(field.X, field.Y, field.Z, levels=levels, colors="0.6",
                   linewidths=0.7, negative_linestyles="solid")
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

    Examples
    --------
    >>> from execmath import optim
    >>> q = optim.make_quadratic([1.0, 4.0])
    >>> run = optim.gradient_descent(q.gradient, [-1.5, 1.5], 0.2, 8,
    ...                              f=q.value)
    >>> ax = plot_convergence([run], 0.0, rates=[0.8])
    >>> ax.get_yscale()
    'log'
    """
    runs = _check_sequence(runs, "runs")
    if not 1 <= len(runs) <= 50:
        raise ValueError(f"runs must contain 1 to 50 GDResults, got "
                         f"{len(runs)}")
    for i, run in enumerate(runs):
        if not isinstance(run, optim.GDResult) or run.values is None:
            raise InputTypeError(
                f"runs[{i}] must be a GDResult recorded with f=..., got "
                f"{type(run).__name__}"
            )
    labels = _check_labels(labels, len(runs))
    if rates is not None:
        rates = check_plot_data(rates, "rates", ndim=1, positive=True)
        if rates.size != len(runs):
            raise ValueError(
                f"rates must have {len(runs)} entries, got {rates.size}"
            )
    f_star = check_finite_scalar(f_star, "f_star")
    colors = _check_colors(colors, len(runs))
    check_ax(ax)
    curves = []
    for i, run in enumerate(runs):
        with np.errstate(over="ignore", invalid="ignore"):
            gap = np.asarray(run.values, dtype=float) - f_star   # (k + 1,)
        if not plottable(gap[np.isfinite(run.values)]):
            raise ValueError(f"f_star {f_star!r} is too far from the values "
                             f"of runs[{i}] for a plottable gap")
        # gaps <= 0 (f* reached to rounding) and non-finite values (a
        # diverged run) are left out of the log plot
        gap = np.where((gap > 0) & np.isfinite(gap), gap, np.nan)
        k = np.arange(gap.size)
        bound = None
        if rates is not None and np.isfinite(gap[0]):
            with np.errstate(over="ignore", under="ignore"):
                bound = gap[0] * rates[i] ** (2.0 * k)
            bound = np.where((bound > 0) & (bound <= 1e300), bound, np.nan)
        curves.append((k, gap, bound))
    ax = get_ax(ax)
    for (k, gap, bound), label, color in zip(curves, labels, colors):
        ax.semilogy(k, gap, "-", color=color, label=label)
        if bound is not None:
            ax.semilogy(k, bound, "--", color=color, lw=1.0, alpha=0.8)
    ax.set_xlabel("step $k$")
    ax.set_ylabel(r"$f(x_k) - f^\star$")
    if any(lab is not None for lab in labels):
        ax.legend(loc="best", fontsize=8)
    return ax
