"""Plots for :mod:`execmath.spectral`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from execmath import spectral
from execmath._validate import as_float_array, check_finite_scalar
from execmath.viz._axes import get_ax

__all__ = [
    "plot_explained_variance",
    "plot_low_rank_errors",
    "plot_matrix_image",
    "plot_power_iteration",
    "plot_svd_input",
    "plot_svd_output",
]

#: Number of coloured marker points on the circle; the same colours mark
#: the same points in the input and output panels.
_N_MARKERS = 16


def _markers(a) -> spectral.CircleImage:
    return spectral.unit_circle_image(a, num_points=_N_MARKERS)


def _arrows(ax: Axes, vecs: np.ndarray, labels: list[str]) -> None:
    """Draw the columns of ``vecs`` (2, r) as arrows from the origin."""
    colors = ["C1", "C2"]
    ax.quiver(np.zeros(vecs.shape[1]), np.zeros(vecs.shape[1]),
              vecs[0], vecs[1], color=colors[: vecs.shape[1]],
              angles="xy", scale_units="xy", scale=1, width=0.012,
              zorder=3)
    for i, label in enumerate(labels):
        tip = vecs[:, i]
        off = 0.3 * tip / max(np.linalg.norm(tip), 1e-12)
        ax.annotate(label, tip + off, color=colors[i], ha="center",
                    va="center", fontsize=11, zorder=5,
                    bbox=dict(boxstyle="round,pad=0.1", fc="white",
                              ec="none", alpha=0.85))


def _square_frame(ax: Axes, lim: float | None, data: np.ndarray) -> None:
    lim = 1.15 * float(np.max(np.abs(data))) if lim is None else lim
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)


def _plot_svd_side(a, which: str, ax: Axes | None, lim: float | None) -> Axes:
    """One side of the SVD picture: the circle (``which="input"``) or its image.

    Both sides share the coloured markers, so a reader can follow points
    through the map, and a square frame of the same size.
    """
    a = as_float_array(a, "a", ndim=2)
    if a.shape != (2, 2):
        raise ValueError(f"a must have shape (2, 2), got {a.shape}")
    ax = get_ax(ax)
    curve = spectral.unit_circle_image(a)
    marks = _markers(a)
    geo = spectral.svd_ellipse(a)
    if which == "input":
        pts, dots, label = curve.circle, marks.circle, r"$\|x\|_2 = 1$"
        arrows, names = geo.v, [r"$v_1$", r"$v_2$"]
    else:
        pts, dots, label = curve.image, marks.image, r"$\{Ax\}$"
        arrows, names = geo.semi_axes, [r"$\sigma_1 u_1$", r"$\sigma_2 u_2$"]
    ax.plot(pts[:, 0], pts[:, 1], color="C0", label=label)
    ax.scatter(dots[:, 0], dots[:, 1], c=marks.theta, cmap="twilight", s=22,
               zorder=4, edgecolors="0.2", linewidths=0.4)
    _arrows(ax, arrows, names)
    _square_frame(ax, lim, pts)
    return ax


def plot_svd_input(a, *, ax: Axes | None = None,
                   lim: float | None = None) -> Axes:
    r"""Unit circle with the right singular vectors :math:`v_1, v_2` of ``a``.

    Coloured markers on the circle match those of :func:`plot_svd_output`,
    so the reader can follow individual points through the map.
    """
    ax = _plot_svd_side(a, "input", ax, lim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(r"input: unit circle and $v_i$")
    return ax


def plot_svd_output(a, *, ax: Axes | None = None,
                    lim: float | None = None) -> Axes:
    r"""Image ellipse :math:`\{Ax\}` with semi-axes :math:`\sigma_i u_i`."""
    ax = _plot_svd_side(a, "output", ax, lim)
    s = spectral.svd_ellipse(np.asarray(a, dtype=float)).s
    ax.set_xlabel("$y_1$")
    ax.set_ylabel("$y_2$")
    ax.set_title(rf"output: $\sigma_1 = {s[0]:.2f}$, $\sigma_2 = {s[1]:.2f}$")
    return ax


def plot_power_iteration(
    result: spectral.PowerIterationResult,
    eigenvalue: float,
    *,
    ratio: float | None = None,
    ax: Axes | None = None,
    floor: float = 1e-16,
) -> Axes:
    r"""Convergence of power iteration on a log scale.

    Draws :math:`\tan\angle(x_k, q_1)` and
    :math:`\lvert r_S(x_k) - \lambda_1\rvert / \lvert\lambda_1\rvert`
    against :math:`k`; with ``ratio`` = :math:`\lvert\lambda_2/\lambda_1
    \rvert` also the guides :math:`\propto \text{ratio}^k` and
    :math:`\propto \text{ratio}^{2k}`. Values below ``floor`` (exact zeros
    from rounding) are drawn at ``floor`` so the log axis keeps them.
    """
    if result.angles is None:
        raise ValueError("result must carry angles (pass reference=...)")
    lam1 = check_finite_scalar(eigenvalue, "eigenvalue")
    if lam1 == 0:
        raise ValueError("eigenvalue must be non-zero")
    ax = get_ax(ax)
    k = np.arange(result.rayleigh.size)
    tan = np.maximum(np.tan(result.angles), floor)
    rq_err = np.maximum(np.abs(result.rayleigh - lam1) / abs(lam1), floor)
    ax.semilogy(k, tan, "o-", ms=2.5, color="C0",
                label=r"$\tan\angle(x_k, q_1)$")
    ax.semilogy(k, rq_err, "s-", ms=2.5, color="C1",
                label=r"$|r_S(x_k) - \lambda_1| / |\lambda_1|$")
    if ratio is not None:
        q = check_finite_scalar(ratio, "ratio", positive=True)
        # Guides pass a factor 5 below the last point, so parallel means
        # "same rate" without hiding the data.
        last = k[-1]
        ax.semilogy(k, 0.2 * tan[-1] * q ** (k - last), "--", color="C0",
                    lw=1, label=rf"slope $|\lambda_2/\lambda_1|^k$, {q:.2f}")
        ax.semilogy(k, 0.2 * rq_err[-1] * q ** (2 * (k - last)), "--",
                    color="C1", lw=1,
                    label=r"slope $|\lambda_2/\lambda_1|^{2k}$")
    ax.set_ylim(bottom=max(floor, 0.02 * min(tan.min(), rq_err.min())),
                top=10 * max(tan.max(), rq_err.max()))
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel("error (log scale)")
    ax.legend(loc="lower left")
    return ax


def plot_matrix_image(a, *, ax: Axes | None = None, title: str | None = None,
                      vmin: float | None = None,
                      vmax: float | None = None) -> Axes:
    """Show a matrix as a grey-scale image without ticks."""
    a = as_float_array(a, "a", ndim=2)
    ax = get_ax(ax)
    ax.imshow(a, cmap="gray", vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_low_rank_errors(errors: spectral.LowRankErrors, *,
                         ax: Axes | None = None,
                         relative: bool = True) -> Axes:
    r"""Measured :math:`\lVert A - A_k\rVert` vs rank with the predictions.

    Markers are measured norms; lines are :math:`\sigma_{k+1}` and
    :math:`(\sum_{i>k}\sigma_i^2)^{1/2}`. With ``relative`` both are
    divided by the corresponding norm of :math:`A`.
    """
    ax = get_ax(ax)
    s = errors.singular_values
    d2 = s[0] if relative else 1.0
    dF = np.sqrt(np.sum(s ** 2)) if relative else 1.0
    keep = errors.predicted_spectral > 0          # log axis: drop k = r
    ks = errors.ks[keep]
    ax.semilogy(ks, errors.predicted_frobenius[keep] / dF, color="C0",
                label=r"$(\sigma_{k+1}^2 + \sigma_{k+2}^2 + \cdots)^{1/2}$")
    ax.semilogy(ks, errors.frobenius[keep] / dF, "o", ms=3.5, mfc="none",
                color="C0", label=r"measured $\|A-A_k\|_F$")
    ax.semilogy(ks, errors.predicted_spectral[keep] / d2, color="C1",
                label=r"$\sigma_{k+1}$")
    ax.semilogy(ks, errors.spectral[keep] / d2, "s", ms=3, mfc="none",
                color="C1", label=r"measured $\|A-A_k\|_2$")
    ax.set_xlabel("rank $k$")
    ax.set_ylabel("relative error" if relative else "error")
    ax.legend(ncols=2)
    return ax


def plot_explained_variance(result: spectral.PCAResult, *,
                            threshold: float = 0.9,
                            ax: Axes | None = None) -> Axes:
    """Bars of explained-variance ratios with the cumulative curve."""
    ratio = result.explained_variance_ratio
    ax = get_ax(ax)
    comp = np.arange(1, ratio.size + 1)
    ax.bar(comp, ratio, color="C0", alpha=0.75, label="per component")
    cum = np.cumsum(ratio)
    ax.plot(comp, cum, "o-", color="C1", label="cumulative")
    k_star = spectral.components_for_variance(ratio, threshold)
    ax.axhline(threshold, color="0.4", ls="--", lw=1,
               label=f"{threshold:.0%} of variance")
    ax.plot([k_star], [cum[k_star - 1]], "o", ms=10, mfc="none",
            color="C2", mew=1.8, label=f"reached at k = {k_star}")
    ax.set_xticks(comp)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("principal component")
    ax.set_ylabel("explained variance ratio")
    ax.legend(loc="center right")
    return ax
