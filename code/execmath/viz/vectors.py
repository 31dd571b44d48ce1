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
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    norm2,
)
from execmath.viz._axes import (
    check_ax,
    check_plot_data,
    check_record,
    get_ax,
    plottable,
)
from execmath.viz.style import PALETTE

__all__ = [
    "norm_label",
    "plot_angle_cosine",
    "plot_cosine_histograms",
    "plot_cosine_spread",
    "plot_decision_inset",
    "plot_decision_regions",
    "plot_projection",
    "plot_unit_balls",
]


def norm_label(p: float) -> str:
    r"""Mathtext label of the :math:`\ell_p` norm, e.g. ``$\ell_\infty$``.

    Examples
    --------
    >>> norm_label(2), norm_label(float("inf"))
    ('$\\ell_{2}$', '$\\ell_\\infty$')
    """
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

    Parameters
    ----------
    ps : sequence of float
        Orders ``p >= 1`` (or ``numpy.inf``), one ball each; at most 20.
    n_points : int, default 401
        Points per curve, in ``[3, 10**6]``.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> ax = plot_unit_balls((1, 2), n_points=9)
    >>> len(ax.get_lines())      # two balls and the two axis lines
    4
    """
    if isinstance(ps, (str, bytes)) or not isinstance(
            ps, (Sequence, np.ndarray)) or np.ndim(np.asarray(ps, dtype=object)) != 1:
        raise InputTypeError(f"ps must be a sequence of norm orders, got "
                             f"{type(ps).__name__} {ps!r:.40}")
    if not 1 <= len(ps) <= 20:
        raise ValueError(f"ps must contain 1 to 20 orders, got {len(ps)}")
    ps = [vectors.check_p(p, f"ps[{i}]") for i, p in enumerate(ps)]
    n_points = check_positive_int(n_points, "n_points", minimum=3,
                                  maximum=10**6)
    check_ax(ax)
    curves = [vectors.unit_ball_boundary(p, n_points) for p in ps]
    ax = get_ax(ax)
    for i, (p, pts) in enumerate(zip(ps, curves)):     # pts: (n_points, 2)
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

    Examples
    --------
    >>> ax = plot_decision_regions([[-1.0, 0.0], [1.0, 0.0]], 1, n_grid=21)
    >>> ax.get_title().startswith("nearest prototype")
    True
    """
    c = check_plot_data(prototypes, "prototypes", ndim=2)
    if queries is not None:
        queries = check_plot_data(queries, "queries", ndim=2)
        if queries.shape[1] != 2:
            raise ValueError(
                f"queries must have shape (q, 2), got {queries.shape}"
            )
    lims = check_plot_data(extent, "extent", ndim=1)
    if lims.shape == (4,) and not (
            lims[1] - lims[0] > 1e-280 and lims[3] - lims[2] > 1e-280):
        raise ValueError(f"extent must span a drawable rectangle, got "
                         f"{tuple(lims)}")
    if c.shape[0] > 20:
        raise ValueError(f"prototypes must have at most 20 rows (one "
                         f"colour each), got {c.shape[0]}")
    n_grid = check_positive_int(n_grid, "n_grid", minimum=2, maximum=2000)
    check_ax(ax)
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

    Examples
    --------
    >>> import numpy as np
    >>> from execmath import vectors
    >>> sp = vectors.cosine_spread([2, 8, 32], 50,
    ...                            rng=np.random.default_rng(0))
    >>> plot_cosine_spread(sp).get_xscale()
    'log'
    """
    check_record(spread, vectors.CosineSpread, "spread")
    check_ax(ax)
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

    Examples
    --------
    >>> ax = plot_angle_cosine({3: [0.1, -0.2, 0.5, 0.0]}, coverage=0.5)
    >>> [float(t) for t in ax.get_xlim()]
    [0.0, 180.0]
    """
    coverage = check_finite_scalar(coverage, "coverage")
    if not 0.0 < coverage < 1.0:
        raise ValueError(f"coverage must lie in (0, 1), got {coverage!r}")
    if samples is None:
        samples = {}
    if not isinstance(samples, Mapping):
        raise InputTypeError(f"samples must be a mapping from dimension to "
                             f"cosines, got {type(samples).__name__}")
    if len(samples) > 20:
        raise ValueError(f"samples must have at most 20 entries, got "
                         f"{len(samples)}")
    arrays = {d: as_float_array(cos, f"samples[{d!r}]", ndim=1)
              for d, cos in samples.items()}
    for d, cos in arrays.items():
        if np.any(np.abs(cos) > 1.0 + 1e-12):
            raise ValueError(f"samples[{d!r}] must hold cosines in [-1, 1], "
                             f"got values up to {float(np.max(np.abs(cos)))!r}")
    check_ax(ax)
    ax = get_ax(ax)
    theta = np.linspace(0.0, 180.0, 361)
    ax.plot(theta, np.cos(np.radians(theta)), color="black",
            label=r"$\cos\theta$")
    tail = 50.0 * (1.0 - coverage)
    for i, (d, cos) in enumerate(arrays.items()):
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

    Coordinates must have magnitude at most 1e300 (matplotlib pads the
    limits); lengths are computed without overflow or underflow
    (:func:`execmath._validate.norm2`).

    Examples
    --------
    >>> ax = plot_projection([2.0, 3.0], [1.0, 0.0])
    >>> ax.get_aspect()
    1.0
    """
    v = check_plot_data(v, "v", ndim=1)
    u = check_plot_data(u, "u", ndim=1)
    if v.shape != (2,) or u.shape != (2,):
        raise ValueError(
            f"v and u must be 2-D vectors of shape (2,), "
            f"got {v.shape} and {u.shape}"
        )
    check_ax(ax)
    res = vectors.project_onto_line(v, u)
    u_len = float(norm2(u))
    uhat = u / u_len
    t_proj = float(res.coefficient) * u_len      # signed length of proj
    # Draw the line a little beyond the origin, u and the projection.
    t_hi = max(u_len, t_proj)
    t_lo = min(0.0, t_proj)
    pad = 0.25 * max(t_hi - t_lo, float(norm2(v)))
    if not plottable([t_lo - pad, t_hi + pad]) or not t_hi - t_lo > 1e-280:
        raise ValueError("v and u must give a drawable picture: lengths in "
                         "[1e-280, 1e299], got |u| = "
                         f"{u_len:.3g}, |v| = {float(norm2(v)):.3g}")
    ax = get_ax(ax)
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
    r_norm = float(norm2(residual))
    if r_norm == 0.0:
        return                       # v lies on the line: no angle to mark
    a = -along if corner @ along > 0 else along   # back towards the origin
    b = residual / r_norm
    pts = np.array([corner + size * a, corner + size * (a + b),
                    corner + size * b])                      # (3, 2)
    ax.plot(pts[:, 0], pts[:, 1], color="black", lw=0.9)


# ------------------------------------------------ additions for issue 9
def plot_decision_inset(
    prototypes: Any,
    p: float,
    center: Any,
    *,
    ax: Axes | None = None,
    half_width: float = 0.2,
    bounds: Sequence[float] = (0.6, 0.02, 0.38, 0.38),
    n_grid: int = 121,
) -> Axes:
    r"""Zoom on the nearest-prototype regions around one point, as an inset.

    Draws the regions of :func:`plot_decision_regions` on the square
    ``center`` :math:`\pm` ``half_width`` in an inset of ``ax`` (a new
    figure's Axes when None; ``bounds``
    in Axes coordinates: left, bottom, width, height) with a white star at
    ``center``, and outlines the zoomed square on ``ax``. Use it when a
    query lies close to a boundary and the full view cannot show on which
    side.

    Returns
    -------
    matplotlib.axes.Axes
        The inset Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ins = plot_decision_inset([[-1.0, 0.0], [1.0, 0.0]], 2, [0.1, 0.0],
    ...                           ax=ax, n_grid=21)
    >>> ins in ax.child_axes
    True
    """
    c = check_plot_data(prototypes, "prototypes", ndim=2, limit=1e100)
    if c.shape[1] != 2 or not 1 <= c.shape[0] <= 20:
        raise ValueError(f"prototypes must have shape (k, 2) with "
                         f"1 <= k <= 20, got {c.shape}")
    p = vectors.check_p(p)
    q = check_plot_data(center, "center", ndim=1, limit=1e100)
    if q.shape != (2,):
        raise ValueError(f"center must have shape (2,), got {q.shape}")
    h = check_finite_scalar(half_width, "half_width", positive=True)
    if not 1e-100 <= h <= 1e100:
        raise ValueError(f"half_width must lie in [1e-100, 1e100], got {h!r}")
    if float(np.max(np.abs(q))) > 0 and h < 1e-9 * float(np.max(np.abs(q))):
        raise ValueError(f"half_width must be at least 1e-9 |center| to be "
                         f"drawable, got {h!r}")
    b = check_plot_data(bounds, "bounds", ndim=1)
    if b.shape != (4,) or np.any(b[2:] <= 0) or np.any(b[2:] > 1):
        raise ValueError(f"bounds must be (left, bottom, width, height) with "
                         f"widths in (0, 1], got {tuple(b)}")
    n_grid = check_positive_int(n_grid, "n_grid", minimum=2, maximum=2000)
    check_ax(ax)
    extent = (q[0] - h, q[0] + h, q[1] - h, q[1] + h)
    grid = vectors.decision_grid(c, p, extent=extent, n_grid=n_grid)
    ax = get_ax(ax)
    k = c.shape[0]
    cmap = ListedColormap([_light(PALETTE[j % len(PALETTE)])
                           for j in range(k)])
    ins = ax.inset_axes(list(b))
    ins.pcolormesh(grid.x, grid.y, grid.labels, cmap=cmap, vmin=-0.5,
                   vmax=k - 0.5, shading="nearest", rasterized=True)
    ins.scatter([q[0]], [q[1]], marker="*", s=110, color="white",
                edgecolors="black", linewidths=0.8, zorder=4)
    ins.set_xlim(extent[0], extent[1])
    ins.set_ylim(extent[2], extent[3])
    ins.set_aspect("equal")
    ins.set_xticks([])
    ins.set_yticks([])
    ins.grid(False)
    ax.plot([extent[0], extent[1], extent[1], extent[0], extent[0]],
            [extent[2], extent[2], extent[3], extent[3], extent[2]],
            color="black", lw=0.8)
    return ins


def plot_cosine_histograms(
    samples: Mapping[str, Any],
    *,
    d: int | None = None,
    bins: int = 60,
    ax: Axes | None = None,
) -> Axes:
    r"""Histograms (densities) of cosine similarities on a shared axis.

    ``samples`` maps a legend label to an array of cosines in
    :math:`[-1, 1]`; each is drawn as a step histogram on common bins. With
    ``d`` the density of :math:`\mathcal N(0, 1/d)`, the large-``d`` law of
    the cosine of independent isotropic vectors, is drawn dashed for
    reference.

    Examples
    --------
    >>> ax = plot_cosine_histograms({"a": [0.1, -0.1, 0.0]}, d=100, bins=5)
    >>> ax.get_xlabel()
    'cosine similarity'
    """
    if not isinstance(samples, Mapping):
        raise InputTypeError(f"samples must be a mapping from label to "
                             f"cosines, got {type(samples).__name__}")
    if not 1 <= len(samples) <= 8:
        raise ValueError(f"samples must have 1 to 8 entries, got "
                         f"{len(samples)}")
    arrays = {}
    for label, cos in samples.items():
        if not isinstance(label, str):
            raise InputTypeError(f"samples keys must be str labels, got "
                                 f"{type(label).__name__}")
        arr = as_float_array(cos, f"samples[{label!r}]", ndim=1)
        if np.any(np.abs(arr) > 1.0 + 1e-12):
            raise ValueError(f"samples[{label!r}] must hold cosines in "
                             f"[-1, 1], got values up to "
                             f"{float(np.max(np.abs(arr)))!r}")
        arrays[label] = np.clip(arr, -1.0, 1.0)
    if d is not None:
        d = check_positive_int(d, "d", minimum=2, maximum=10**12)
    bins = check_positive_int(bins, "bins", minimum=2, maximum=10_000)
    check_ax(ax)
    lo = min(float(a.min()) for a in arrays.values())
    hi = max(float(a.max()) for a in arrays.values())
    if d is not None:
        lo, hi = min(lo, -4 / math.sqrt(d)), max(hi, 4 / math.sqrt(d))
    pad = 0.05 * (hi - lo) if hi > lo else 0.05
    edges = np.linspace(max(lo - pad, -1.0), min(hi + pad, 1.0), bins + 1)
    ax = get_ax(ax)
    for i, (label, arr) in enumerate(arrays.items()):
        ax.hist(arr, bins=edges, density=True, histtype="step", lw=1.6,
                color=PALETTE[i % len(PALETTE)], label=label)
    if d is not None:
        t = np.linspace(edges[0], edges[-1], 400)
        ax.plot(t, np.sqrt(d / (2 * np.pi)) * np.exp(-d * t**2 / 2), "--",
                color="0.3", lw=1.0, label=rf"$\mathcal{{N}}(0, 1/{d})$")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel("cosine similarity")
    ax.set_ylabel("density")
    ax.legend(loc="upper left", fontsize=8)
    return ax
