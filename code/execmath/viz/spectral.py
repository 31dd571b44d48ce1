"""Plots for :mod:`execmath.spectral`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

from execmath import spectral
from execmath._validate import check_finite_scalar, norm2
from execmath.viz._axes import (
    check_ax,
    check_flag,
    check_label,
    check_plot_data,
    check_plot_scalar,
    check_record,
    get_ax,
    plottable,
)
from execmath.viz.style import PALETTE

__all__ = [
    "plot_explained_variance",
    "plot_low_rank_errors",
    "plot_matrix_image",
    "plot_power_iteration",
    "plot_svd_input",
    "plot_svd_output",
]

#: Number of coloured marker points on the circle; the same colours mark
#: the same points in the input and output panels (one palette colour
#: each, so no two markers look alike).
_N_MARKERS = 8


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
        length = float(norm2(tip))
        off = 0.3 * tip / length if length > 0 else np.zeros(2)
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


def _fmt(v: float) -> str:
    """Two decimals, or three significant digits for huge values."""
    return f"{v:.2f}" if abs(v) < 1e6 else f"{v:.3g}"


def _plot_svd_side(a, which: str, ax: Axes | None, lim: float | None) -> Axes:
    """One side of the SVD picture: the circle (``which="input"``) or its image.

    Both sides share the coloured markers, so a reader can follow points
    through the map, and a square frame of the same size. Entries of ``a``
    must have magnitude at most 1e150 (arrow lengths are squared).
    """
    a = check_plot_data(a, "a", ndim=2, limit=1e150)
    if a.shape != (2, 2):
        raise ValueError(f"a must have shape (2, 2), got {a.shape}")
    if lim is not None:
        lim = check_plot_scalar(lim, "lim", positive=True, limit=1e150)
        if lim < 1e-150:
            raise ValueError(f"lim must be at least 1e-150, got {lim!r}")
    check_ax(ax)
    curve = spectral.unit_circle_image(a)
    marks = _markers(a)
    geo = spectral.svd_ellipse(a)
    if which == "input":
        pts, dots, label = curve.circle, marks.circle, r"$\|x\|_2 = 1$"
        arrows, names = geo.v, [r"$v_1$", r"$v_2$"]
    else:
        pts, dots, label = curve.image, marks.image, r"$\{Ax\}$"
        arrows, names = geo.semi_axes, [r"$\sigma_1 u_1$", r"$\sigma_2 u_2$"]
    if lim is None and not float(np.max(np.abs(pts))) >= 1e-150:
        raise ValueError("a maps the unit circle to a set too small to "
                         "frame (below 1e-150); pass lim")
    ax = get_ax(ax)
    ax.plot(pts[:, 0], pts[:, 1], color="C0", label=label)
    ax.scatter(dots[:, 0], dots[:, 1], c=list(PALETTE[:_N_MARKERS]), s=46,
               zorder=4, edgecolors="black", linewidths=0.8)
    _arrows(ax, arrows, names)
    _square_frame(ax, lim, pts)
    return ax


def plot_svd_input(a, *, ax: Axes | None = None,
                   lim: float | None = None) -> Axes:
    r"""Unit circle with the right singular vectors :math:`v_1, v_2` of ``a``.

    Coloured markers on the circle match those of :func:`plot_svd_output`,
    so the reader can follow individual points through the map.

    Examples
    --------
    >>> ax = plot_svd_input([[2.0, 1.0], [0.0, 1.0]], lim=2.5)
    >>> ax.get_title()
    'input: unit circle and $v_i$'
    """
    ax = _plot_svd_side(a, "input", ax, lim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(r"input: unit circle and $v_i$")
    return ax


def plot_svd_output(a, *, ax: Axes | None = None,
                    lim: float | None = None) -> Axes:
    r"""Image ellipse :math:`\{Ax\}` with semi-axes :math:`\sigma_i u_i`.

    Examples
    --------
    >>> ax = plot_svd_output([[3.0, 0.0], [0.0, 1.0]])
    >>> ax.get_title()
    'output: $\\sigma_1 = 3.00$, $\\sigma_2 = 1.00$'
    """
    ax = _plot_svd_side(a, "output", ax, lim)
    s = spectral.svd_ellipse(np.asarray(a, dtype=float)).s
    ax.set_xlabel("$y_1$")
    ax.set_ylabel("$y_2$")
    ax.set_title(rf"output: $\sigma_1 = {_fmt(s[0])}$, "
                 rf"$\sigma_2 = {_fmt(s[1])}$")
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
    from rounding) are drawn at ``floor`` so the log axis keeps them;
    ``floor`` lies in ``[1e-300, 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> from execmath import spectral
    >>> s = np.array([[2.0, 1.0], [1.0, 1.0]])
    >>> d = spectral.spectral_decomposition(s)
    >>> res = spectral.power_iteration(s, num_iters=8, x0=[1.0, 0.0],
    ...                                reference=d.eigenvectors[:, 0])
    >>> ax = plot_power_iteration(res, d.eigenvalues[0], ratio=0.15)
    >>> ax.get_yscale(), len(ax.get_lines())
    ('log', 4)
    """
    check_record(result, spectral.PowerIterationResult, "result")
    if result.angles is None:
        raise ValueError("result must carry angles (pass reference=...)")
    lam1 = check_finite_scalar(eigenvalue, "eigenvalue")
    if not abs(lam1) >= np.finfo(float).tiny:
        raise ValueError(f"eigenvalue must be non-zero (and normal, "
                         f"|eigenvalue| >= 2.2e-308), got {eigenvalue!r}")
    floor = check_plot_scalar(floor, "floor", positive=True)
    if not 1e-300 <= floor < 1.0:
        raise ValueError(f"floor must be in [1e-300, 1), got {floor!r}")
    check_ax(ax)
    k = np.arange(result.rayleigh.size)
    angles = check_plot_data(result.angles, "result.angles", ndim=1)
    with np.errstate(over="ignore"):
        tan = np.maximum(np.tan(angles), floor)
        rq_err = np.maximum(
            np.abs(check_plot_data(result.rayleigh, "result.rayleigh", ndim=1)
                   - lam1) / abs(lam1), floor)
    if not plottable(rq_err):
        raise ValueError("the relative error of the Rayleigh quotients "
                         "against eigenvalue is beyond the plottable range")
    guides = None
    if ratio is not None:
        q = check_finite_scalar(ratio, "ratio", positive=True)
        # Guides pass a factor 5 below the last point, so parallel means
        # "same rate" without hiding the data.
        last = k[-1]
        with np.errstate(over="ignore", under="ignore"):
            guides = (0.2 * tan[-1] * q ** (k - last),
                      0.2 * rq_err[-1] * q ** (2 * (k - last)))
        if not plottable(np.concatenate(guides)):
            raise ValueError(f"ratio {q!r} makes the guides ratio**k leave "
                             f"the plottable range over {k.size} iterations")
    ax = get_ax(ax)
    ax.semilogy(k, tan, "o-", ms=2.5, color="C0",
                label=r"$\tan\angle(x_k, q_1)$")
    ax.semilogy(k, rq_err, "s-", ms=2.5, color="C1",
                label=r"$|r_S(x_k) - \lambda_1| / |\lambda_1|$")
    if guides is not None:
        ax.semilogy(k, np.maximum(guides[0], 1e-300), "--", color="C0",
                    lw=1, label=rf"slope $|\lambda_2/\lambda_1|^k$, {q:.2f}")
        ax.semilogy(k, np.maximum(guides[1], 1e-300), "--",
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
    """Show a matrix as a grey-scale image without ticks.

    ``vmin`` and ``vmax`` (optional, ``vmin < vmax``) fix the grey scale;
    entries must have magnitude at most 1e300.

    Examples
    --------
    >>> ax = plot_matrix_image([[0.0, 1.0], [2.0, 3.0]], title="A")
    >>> ax.get_title(), ax.images[0].get_array().shape
    ('A', (2, 2))
    """
    a = check_plot_data(a, "a", ndim=2)
    title = check_label(title, "title")
    if vmin is not None:
        vmin = check_plot_scalar(vmin, "vmin")
    if vmax is not None:
        vmax = check_plot_scalar(vmax, "vmax")
    if vmin is not None and vmax is not None and not vmin < vmax:
        raise ValueError(f"vmin must be < vmax, got vmin={vmin!r}, "
                         f"vmax={vmax!r}")
    check_ax(ax)
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
    divided by the corresponding norm of :math:`A` (which must then be
    non-zero). Measured errors of exactly 0 are drawn at 1e-300.

    Examples
    --------
    >>> from execmath import spectral
    >>> err = spectral.low_rank_errors([[3.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> ax = plot_low_rank_errors(err)
    >>> ax.get_ylabel()
    'relative error'
    """
    check_record(errors, spectral.LowRankErrors, "errors")
    relative = check_flag(relative, "relative")
    check_ax(ax)
    s = check_plot_data(errors.singular_values, "errors", ndim=1)
    d2 = float(s[0]) if relative else 1.0
    dF = float(norm2(s)) if relative else 1.0
    if relative and not d2 > 0:
        raise ValueError("errors describe a zero matrix: relative errors "
                         "are undefined (pass relative=False)")
    fields = {}
    for name in ("frobenius", "spectral", "predicted_frobenius",
                 "predicted_spectral"):
        vals = check_plot_data(getattr(errors, name), "errors", ndim=1)
        fields[name] = np.maximum(vals / (dF if "frob" in name else d2),
                                  1e-300)
    ax = get_ax(ax)
    keep = errors.predicted_spectral > 0          # log axis: drop k = r
    ks = errors.ks[keep]
    ax.semilogy(ks, fields["predicted_frobenius"][keep], color="C0",
                label=r"$(\sigma_{k+1}^2 + \sigma_{k+2}^2 + \cdots)^{1/2}$")
    ax.semilogy(ks, fields["frobenius"][keep], "o", ms=3.5, mfc="none",
                color="C0", label=r"measured $\|A-A_k\|_F$")
    ax.semilogy(ks, fields["predicted_spectral"][keep], color="C1",
                label=r"$\sigma_{k+1}$")
    ax.semilogy(ks, fields["spectral"][keep], "s", ms=3, mfc="none",
                color="C1", label=r"measured $\|A-A_k\|_2$")
    ax.set_xlabel("rank $k$")
    ax.set_ylabel("relative error" if relative else "error")
    # label 1, 2, 5 times powers of ten only: minor labels clutter the axis
    ax.yaxis.set_major_locator(LogLocator(base=10.0, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.legend(ncols=2)
    return ax


def plot_explained_variance(result: spectral.PCAResult, *,
                            threshold: float = 0.9,
                            ax: Axes | None = None) -> Axes:
    """Bars of explained-variance ratios with the cumulative curve.

    ``threshold`` in ``(0, 1]`` is drawn as a dashed line; the first
    component count reaching it is circled.

    Examples
    --------
    >>> from execmath import spectral
    >>> res = spectral.pca([[1.0, 2.0], [2.0, 3.9], [3.0, 6.1], [4.0, 8.0]])
    >>> ax = plot_explained_variance(res, threshold=0.9)
    >>> len(ax.patches)
    2
    """
    check_record(result, spectral.PCAResult, "result")
    ratio = check_plot_data(result.explained_variance_ratio, "result",
                            ndim=1)
    k_star = spectral.components_for_variance(ratio, threshold)
    threshold = float(threshold)
    check_ax(ax)
    ax = get_ax(ax)
    comp = np.arange(1, ratio.size + 1)
    ax.bar(comp, ratio, color="C0", alpha=0.75, label="per component")
    cum = np.cumsum(ratio)
    ax.plot(comp, cum, "o-", color="C1", label="cumulative")
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
