"""Plots for :mod:`execmath.cluster`: elbow curves, cluster assignments,
principal axes and projections, spectral embeddings and spectra.

Scatter plots of points in the plane use an equal aspect ratio, so that
round clusters look round and distances can be judged by eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, to_rgb

from execmath import cluster, spectral, vectors
from execmath._validate import (InputTypeError, as_float_array,
                                check_positive_int)
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "plot_clusters",
    "plot_eigenvalues",
    "plot_elbow",
    "plot_embedding",
    "plot_pca",
    "plot_pca_scores",
]


# ------------------------------------------------------------ validation


def _check_text(value: Any, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string or None, got "
                             f"{type(value).__name__}")
    return value


def _check_flag(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be True or False, got "
                             f"{type(value).__name__}")
    return bool(value)


def _points_2d(x: Any, name: str = "x") -> np.ndarray:
    x = as_float_array(x, name, ndim=2)
    if x.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2) to be drawn in the "
                         f"plane, got {x.shape}")
    return x


def _point_labels(labels: Any, n: int, points: str,
                  name: str = "labels") -> np.ndarray:
    """Integer labels, one per point, renumbered 0..m-1 for the colours."""
    lab = cluster._labels(labels, name)
    if lab.size != n:
        raise ValueError(f"{name} must have one entry per row of {points} "
                         f"({n}), got {lab.size}")
    codes, m = cluster._codes(lab)
    if m > len(PALETTE):
        raise ValueError(f"{name} has {m} distinct labels; at most "
                         f"{len(PALETTE)} colours can be told apart")
    return codes


def _light(colour: str, weight: float = 0.22) -> tuple[float, float, float]:
    """``colour`` mixed with white: region fills stay behind the points."""
    r, g, b = to_rgb(colour)
    return (1 - weight + weight * r, 1 - weight + weight * g,
            1 - weight + weight * b)


def _frame(x: np.ndarray, pad: float = 0.08) -> tuple[float, ...]:
    """A rectangle around the points with a margin of ``pad`` of the span."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.maximum(hi - lo, 1e-12 * np.maximum(np.abs(hi), 1.0))
    lo, hi = lo - pad * span, hi + pad * span
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


# ----------------------------------------------------------------- plots
def plot_elbow(studies: Sequence[cluster.ElbowStudy], names: Sequence[str],
               *, normalize: bool = True, ax: Axes | None = None) -> Axes:
    r"""WCSS against the number of clusters, one curve per study.

    With ``normalize`` each curve is divided by its WCSS at the first
    :math:`k` (the total sum of squares when that is :math:`k = 1`), so
    data sets of different size and spread share one axis.
    """
    if isinstance(studies, cluster.ElbowStudy):
        studies = [studies]
    if not isinstance(studies, (list, tuple)) or not studies or not all(
            isinstance(s, cluster.ElbowStudy) for s in studies):
        raise InputTypeError("studies must be a non-empty list of "
                             "execmath.cluster.ElbowStudy records")
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or \
            len(names) != len(studies) or not all(
                isinstance(s, str) for s in names):
        raise InputTypeError(f"names must be a list of {len(studies)} "
                             "strings, one per study")
    if len(studies) > len(PALETTE):
        raise ValueError(f"studies: at most {len(PALETTE)} curves, got "
                         f"{len(studies)}")
    normalize = _check_flag(normalize, "normalize")
    check_ax(ax)
    ax = get_ax(ax)
    markers = "osD^v<>p"
    for i, (st, name) in enumerate(zip(studies, names)):
        y = st.wcss / st.wcss[0] if normalize and st.wcss[0] > 0 else st.wcss
        ax.plot(st.ks, y, marker=markers[i], ms=4.5, color=PALETTE[i],
                label=name)
    ks = np.unique(np.concatenate([st.ks for st in studies]))
    ax.set_xticks(ks)
    ax.set_xlabel("number of clusters $k$")
    ax.set_ylabel(r"WCSS$_k$ / WCSS$_1$" if normalize else "WCSS")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right")
    return ax


def plot_clusters(x, labels, *, centers=None, regions: bool = False,
                  title: str | None = None, ax: Axes | None = None) -> Axes:
    """Points in the plane coloured by cluster, centres as crosses.

    With ``regions`` (and ``centers``) the plane is shaded by the nearest
    centre (:func:`execmath.vectors.decision_grid`): the cells of k-means
    are the Voronoi cells of its centres, bounded by straight lines.
    """
    x = _points_2d(x)
    codes = _point_labels(labels, x.shape[0], "x")
    c = None if centers is None else _points_2d(centers, "centers")
    if c is not None and c.shape[0] > len(PALETTE):
        raise ValueError(f"centers: at most {len(PALETTE)} centres can be "
                         f"coloured, got {c.shape[0]}")
    regions = _check_flag(regions, "regions")
    if regions and c is None:
        raise ValueError("regions=True needs centers")
    title = _check_text(title, "title")
    check_ax(ax)
    pts = x if c is None else np.vstack([x, c])
    frame = _frame(pts)
    grid = None
    if regions:
        grid = vectors.decision_grid(c, 2, extent=frame, n_grid=241)
    ax = get_ax(ax)
    if grid is not None:
        k = c.shape[0]
        cmap = ListedColormap([_light(PALETTE[j]) for j in range(k)])
        ax.pcolormesh(grid.x, grid.y, grid.labels, cmap=cmap, vmin=-0.5,
                      vmax=k - 0.5, shading="nearest", rasterized=True)
    colours = np.array(PALETTE)[codes]
    ax.scatter(x[:, 0], x[:, 1], c=colours, s=9, linewidths=0, alpha=0.85,
               zorder=2)
    if c is not None:
        ax.scatter(c[:, 0], c[:, 1], marker="X", s=110,
                   c=[PALETTE[j] for j in range(c.shape[0])],
                   edgecolors="black", linewidths=1.0, zorder=3)
    ax.set_xlim(frame[0], frame[1])
    ax.set_ylim(frame[2], frame[3])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    return ax


def _check_pca(result: Any, name: str = "result") -> spectral.PCAResult:
    if not isinstance(result, spectral.PCAResult):
        raise InputTypeError(f"{name} must be an execmath.spectral.PCAResult,"
                             f" got {type(result).__name__}")
    return result


def plot_pca(x, result: spectral.PCAResult, *, ax: Axes | None = None
             ) -> Axes:
    r"""A 2-D cloud, its principal axes, and its projection onto the first.

    Arrows from the mean have length :math:`2\sqrt{\lambda_i}` (two
    standard deviations along each axis) and are labelled with their
    explained-variance ratios; every point is joined by a thin segment to
    its orthogonal projection on the first axis (orange dots), the
    one-dimensional summary :math:`\bar x + z_1 v_1`.
    """
    x = _points_2d(x)
    res = _check_pca(result)
    if res.components.shape != (2, 2):
        raise ValueError(f"result must hold both components of 2-D data, got "
                         f"components of shape {res.components.shape}")
    check_ax(ax)
    z = cluster.pca_transform(res, x)                         # (n, 2)
    proj = res.mean + z[:, :1] * res.components[0]            # (n, 2)
    ax = get_ax(ax)
    seg = np.stack([x, proj], axis=1)                         # (n, 2, 2)
    ax.add_collection(LineCollection(seg, colors="0.55", linewidths=0.4,
                                     alpha=0.5, zorder=1))
    ax.scatter(x[:, 0], x[:, 1], s=8, color=PALETTE[0], alpha=0.6,
               linewidths=0, zorder=2, label="data")
    ax.scatter(proj[:, 0], proj[:, 1], s=6, color=PALETTE[1], zorder=3,
               linewidths=0, label="projection on PC1")
    ratio = res.explained_variance_ratio
    for i in range(2):
        v = 2 * np.sqrt(res.explained_variance[i]) * res.components[i]
        v = v if v[np.argmax(np.abs(v))] >= 0 else -v   # axes have no sign
        ax.annotate("", xy=res.mean + v, xytext=res.mean,
                    arrowprops=dict(arrowstyle="-|>", color="black", lw=1.6,
                                    shrinkA=0, shrinkB=0), zorder=4)
        ax.annotate(f"PC{i + 1}: {ratio[i]:.0%}", res.mean + 1.12 * v,
                    ha="center", va="center", fontsize=9, zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white",
                              ec="none", alpha=0.85))
    frame = _frame(np.vstack([x, proj]))
    ax.set_xlim(frame[0], frame[1])
    ax.set_ylim(frame[2], frame[3])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper left", markerscale=2)
    return ax


def plot_pca_scores(result: spectral.PCAResult, *, bins: int = 30,
                    ax: Axes | None = None) -> Axes:
    r"""Histograms of the scores on each principal axis, on common bins.

    The legend gives each score's sample variance, which is the
    eigenvalue :math:`\lambda_i` of the sample covariance.
    """
    res = _check_pca(result)
    bins = check_positive_int(bins, "bins", minimum=2, maximum=1000)
    check_ax(ax)
    z = res.scores                                           # (n, k)
    edges = np.linspace(z.min(), z.max(), bins + 1)
    ax = get_ax(ax)
    for i in range(min(z.shape[1], len(PALETTE))):
        var = np.var(z[:, i], ddof=1)
        ax.hist(z[:, i], bins=edges, color=PALETTE[i], alpha=0.55,
                label=rf"$z_{i + 1}$: variance {var:.2f}")
    ax.set_xlabel("score on principal axis")
    ax.set_ylabel("count")
    ax.legend(loc="upper right")
    return ax


def plot_embedding(embedding, labels, *, centers=None,
                   ax: Axes | None = None) -> Axes:
    r"""The first two coordinates of a spectral embedding, by cluster.

    For the Ng-Jordan-Weiss embedding the rows have unit length, so with
    :math:`k = 2` the points lie on the unit circle (drawn faintly).
    Optional ``centers`` (the k-means centres in the embedding, first two
    coordinates used) are drawn as black rings.
    """
    y = as_float_array(embedding, "embedding", ndim=2)
    if y.shape[1] < 2:
        raise ValueError(f"embedding must have at least 2 columns, got "
                         f"shape {y.shape}")
    codes = _point_labels(labels, y.shape[0], "embedding")
    c = None
    if centers is not None:
        c = as_float_array(centers, "centers", ndim=2)
        if c.shape[1] != y.shape[1] or c.shape[0] > len(PALETTE):
            raise ValueError(f"centers must have {y.shape[1]} columns and at "
                             f"most {len(PALETTE)} rows, got {c.shape}")
    check_ax(ax)
    ax = get_ax(ax)
    t = np.linspace(0, 2 * np.pi, 361)
    ax.plot(np.cos(t), np.sin(t), color="0.75", lw=0.8, zorder=1)
    ax.scatter(y[:, 0], y[:, 1], c=np.array(PALETTE)[codes], s=12,
               linewidths=0, alpha=0.6, zorder=2)
    if c is not None:
        # hollow rings: the groups can be tight enough to hide under a
        # filled marker
        ax.scatter(c[:, 0], c[:, 1], marker="o", s=320, facecolors="none",
                   edgecolors="black", linewidths=1.0, zorder=3)
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-1.15, 1.15)
    ax.set_aspect("equal")
    ax.set_xlabel("embedding coordinate 1")
    ax.set_ylabel("embedding coordinate 2")
    ax.set_title("spectral embedding")
    return ax


def plot_eigenvalues(eigenvalues, *, k: int | None = None,
                     ax: Axes | None = None) -> Axes:
    r"""The smallest Laplacian eigenvalues; the gap after the k-th marked.

    With ``k`` the gap :math:`\lambda_{k+1} - \lambda_k` is drawn as a
    bracket (default: the largest gap, :func:`execmath.cluster.eigengap_k`).
    """
    lam = as_float_array(eigenvalues, "eigenvalues", ndim=1)
    k_gap = cluster.eigengap_k(lam)                  # validates the order
    if k is not None:
        k_gap = check_positive_int(k, "k", maximum=lam.size - 1)
    check_ax(ax)
    ax = get_ax(ax)
    idx = np.arange(1, lam.size + 1)
    ax.plot(idx, lam, "o", color=PALETTE[0], ms=5)
    lo, hi = lam[k_gap - 1], lam[k_gap]
    xg = k_gap + 0.5
    ax.annotate("", xy=(xg, hi), xytext=(xg, lo),
                arrowprops=dict(arrowstyle="<->", color=PALETTE[1], lw=1.4))
    ax.annotate(f"eigengap after $k = {k_gap}$",
                (xg + 0.25, 0.5 * lo + 0.5 * hi),
                color=PALETTE[1], va="center", fontsize=9)
    ax.set_xticks(idx)
    ax.set_xlabel("index $i$")
    ax.set_ylabel(r"eigenvalue $\lambda_i$ of $L_{\mathrm{sym}}$")
    return ax
