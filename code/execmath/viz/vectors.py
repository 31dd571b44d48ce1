"""Plots for :mod:`execmath.vectors`: unit balls, decision regions,
cosine concentration and projections.

Geometric pictures (balls, regions, projections) use an equal aspect
ratio: a circle must look like a circle and a right angle like one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from execmath import vectors
from execmath._validate import as_float_array
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "norm_label",
    "plot_angle_cosine",
    "plot_cosine_spread",
    "plot_decision_regions",
    "plot_projection",
    "plot_unit_balls",
]


def norm_label(p: float) -> str:
    r"""Mathtext label of the :math:`\ell_p` norm, e.g. ``$\ell_\infty$``."""
    p = vectors.check_p(p)
    if math.isinf(p):
        return r"$\ell_\infty$"
    return rf"$\ell_{{{p:g}}}$"


def plot_unit_balls(
    ps: Sequence[float] = (1, 2, np.inf),
    *,
    n_points: int = 401,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw the unit spheres :math:`\|x\|_p = 1` in the plane, one per p.

    Each curve is :func:`execmath.vectors.unit_ball_boundary`; the balls
    are lightly filled so that the nesting is visible.
    """
    if len(ps) == 0:
        raise ValueError("ps must contain at least one p, got an empty "
                         "sequence")
    ax = get_ax(ax)
    for i, p in enumerate(ps):
        pts = vectors.unit_ball_boundary(p, n_points)       # (n_points, 2)
        colour = PALETTE[i % len(PALETTE)]
        ax.fill(pts[:, 0], pts[:, 1], color=colour, alpha=0.08, lw=0)
        ax.plot(pts[:, 0], pts[:, 1], color=colour, label=norm_label(p))
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.axvline(0.0, color="0.6", lw=0.8)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title=r"$\|x\|_p = 1$")
    return ax


def _light(colour: str, weight: float = 0.35) -> tuple[float, float, float]:
    """``colour`` mixed with white: region fills stay quiet behind markers."""
    r, g, b = to_rgb(colour)
    return (1 - weight + weight * r, 1 - weight + weight * g,
            1 - weight + weight * b)


def plot_decision_regions(
    prototypes: Any,
    p: float,
    *,
    extent: tuple[float, float, float, float] = (-3.0, 3.0, -3.0, 3.0),
    n_grid: int = 301,
    queries: Any = None,
    ax: Axes | None = None,
) -> Axes:
    """Colour the plane by the nearest prototype in the :math:`\\ell_p` norm.

    The labels come from :func:`execmath.vectors.decision_grid`; prototypes
    are drawn as numbered markers in their region's colour. Optional
    ``queries`` (shape ``(q, 2)``) are drawn as white stars, so that the
    same point can be followed across panels drawn with different norms.
    """
    c = as_float_array(prototypes, "prototypes", ndim=2)
    if queries is not None:
        queries = as_float_array(queries, "queries", ndim=2)
        if queries.shape[1] != 2:
            raise ValueError(
                f"queries must have shape (q, 2), got {queries.shape}"
            )
    grid = vectors.decision_grid(c, p, extent=extent, n_grid=n_grid)
    k = c.shape[0]
    colours = [PALETTE[j % len(PALETTE)] for j in range(k)]
    ax = get_ax(ax)
    cmap = ListedColormap([_light(col) for col in colours])
    ax.pcolormesh(grid.x, grid.y, grid.labels, cmap=cmap, vmin=-0.5,
                  vmax=k - 0.5, shading="nearest", rasterized=True)
    ax.scatter(c[:, 0], c[:, 1], c=colours, s=60, edgecolors="black",
               linewidths=0.8, zorder=3)
    for j, (cx, cy) in enumerate(c):
        ax.annotate(f"$c_{j + 1}$", (cx, cy), xytext=(5, 5),
                    textcoords="offset points", fontsize=9)
    if queries is not None:
        ax.scatter(queries[:, 0], queries[:, 1], marker="*", s=160,
                   color="white", edgecolors="black", linewidths=0.9,
                   zorder=4)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_title(f"nearest prototype, {norm_label(p)}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_cosine_spread(
    spread: vectors.CosineSpread,
    *,
    ax: Axes | None = None,
) -> Axes:
    r"""Empirical standard deviation of random cosines against dimension,
    on log-log axes, with the exact :math:`1/\sqrt d` line for reference.
    """
    if not isinstance(spread, vectors.CosineSpread):
        raise ValueError(
            f"spread must be a vectors.CosineSpread, "
            f"got {type(spread).__name__}"
        )
    ax = get_ax(ax)
    d = spread.dims.astype(float)
    d_line = np.geomspace(d.min(), d.max(), 100)
    ax.plot(d_line, 1.0 / np.sqrt(d_line), ls="--", color="0.35",
            label=r"$1/\sqrt{d}$")
    ax.plot(d, spread.std, "o", color=PALETTE[0],
            label=r"std of $\cos\theta$ (random pairs)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    # Plain decimals read better than 6x10^-1 on a short log axis.
    ax.yaxis.set_major_locator(LogLocator(base=10.0, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("dimension $d$")
    ax.set_ylabel(r"standard deviation of $\cos\theta$")
    ax.legend()
    return ax


def plot_angle_cosine(
    samples: Mapping[int, Any] | None = None,
    *,
    coverage: float = 0.95,
    ax: Axes | None = None,
) -> Axes:
    r"""The curve :math:`\cos\theta` for :math:`\theta \in [0°, 180°]`.

    For each dimension ``d`` in ``samples`` (a mapping from ``d`` to an
    array of cosine similarities), a shaded vertical band marks the central
    ``coverage`` fraction of the corresponding angles.
    """
    if not 0.0 < coverage < 1.0:
        raise ValueError(f"coverage must lie in (0, 1), got {coverage!r}")
    ax = get_ax(ax)
    theta = np.linspace(0.0, 180.0, 361)
    ax.plot(theta, np.cos(np.radians(theta)), color="black",
            label=r"$\cos\theta$")
    tail = 50.0 * (1.0 - coverage)
    for i, (d, cos) in enumerate((samples or {}).items()):
        cos = as_float_array(cos, "samples", ndim=1)
        ang = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
        lo, hi = np.percentile(ang, [tail, 100.0 - tail])
        ax.axvspan(lo, hi, color=PALETTE[(i + 1) % len(PALETTE)],
                   alpha=0.25, lw=0,
                   label=f"{100 * coverage:.0f}% of angles, d = {d}")
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.set_xlim(0.0, 180.0)
    ax.set_xticks([0, 45, 90, 135, 180])
    ax.set_xlabel(r"angle $\theta$ (degrees)")
    ax.set_ylabel(r"$\cos\theta$")
    ax.legend(loc="lower left")
    return ax


def plot_projection(
    v: Any,
    u: Any,
    *,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw :math:`v`, the line spanned by :math:`u`, the projection
    :math:`\operatorname{proj}_u(v)` and the residual, with a right-angle
    marker where the residual meets the line.
    """
    v = as_float_array(v, "v", ndim=1)
    u = as_float_array(u, "u", ndim=1)
    if v.shape != (2,) or u.shape != (2,):
        raise ValueError(
            f"v and u must be 2-D vectors of shape (2,), "
            f"got {v.shape} and {u.shape}"
        )
    res = vectors.project_onto_line(v, u)
    ax = get_ax(ax)
    uhat = u / np.linalg.norm(u)
    # Draw the line a little beyond the origin, u and the projection.
    t_hi = max(float(np.linalg.norm(u)), float(res.projection @ uhat))
    t_lo = min(0.0, float(res.projection @ uhat))
    pad = 0.25 * max(t_hi - t_lo, float(np.linalg.norm(v)))
    line = np.outer([t_lo - pad, t_hi + pad], uhat)          # (2, 2)
    ax.plot(line[:, 0], line[:, 1], color="0.55", lw=1.0,
            label=r"line $\{t\,u\}$")
    for vec, colour, lw in ((u, PALETTE[2], 2.4), (v, PALETTE[0], 2.0),
                            (res.projection, PALETTE[1], 2.0)):
        _arrow(ax, vec, colour, lw)
    tip = res.projection
    ax.plot([tip[0], v[0]], [tip[1], v[1]], ls="--", color=PALETTE[3],
            label=r"residual $r = v - \mathrm{proj}_u(v)$")
    _right_angle(ax, tip, uhat, res.residual, size=0.06 * (t_hi - t_lo + pad))
    # Proxy handles so the legend shows the arrows as coloured lines.
    ax.plot([], [], color=PALETTE[2], lw=2.4, label="$u$")
    ax.plot([], [], color=PALETTE[0], lw=2.0, label="$v$")
    ax.plot([], [], color=PALETTE[1], lw=2.0,
            label=r"$\mathrm{proj}_u(v)$")
    ax.plot(0, 0, "k.", ms=5)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best")
    return ax


def _arrow(ax: Axes, vec: np.ndarray, colour: str, lw: float) -> None:
    """Arrow from the origin to ``vec`` with a head of fixed size."""
    ax.annotate("", xy=(vec[0], vec[1]), xytext=(0.0, 0.0),
                arrowprops=dict(arrowstyle="-|>", color=colour, lw=lw,
                                mutation_scale=14, shrinkA=0, shrinkB=0))


def _right_angle(ax: Axes, corner: np.ndarray, along: np.ndarray,
                 residual: np.ndarray, size: float) -> None:
    """Small square at ``corner`` between the line and the residual."""
    r_norm = float(np.linalg.norm(residual))
    if r_norm == 0.0:
        return                       # v lies on the line: no angle to mark
    a = -along if corner @ along > 0 else along   # back towards the origin
    b = residual / r_norm
    pts = np.array([corner + size * a, corner + size * (a + b),
                    corner + size * b])                      # (3, 2)
    ax.plot(pts[:, 0], pts[:, 1], color="black", lw=0.9)
