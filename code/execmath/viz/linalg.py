"""Plots for :mod:`execmath.linalg`: projection onto a column space,
normal equations vs QR, change of basis, and singular-value spectra.

Geometric pictures use equal scales on all axes, so that a right angle
looks like one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from execmath import linalg
from execmath._validate import (
    InputTypeError,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    norm2,
)
from execmath.viz._axes import (
    check_angle,
    check_ax,
    check_color,
    check_label,
    check_marker,
    check_plot_data,
    check_plot_scalar,
    check_record,
    get_ax,
    plottable,
)
from execmath.viz.style import PALETTE

__all__ = [
    "plot_basis_grid",
    "plot_lstsq_study",
    "plot_projection_3d",
    "plot_singular_values",
]

_U = float(np.finfo(np.float64).eps) / 2                    # unit roundoff


# ------------------------------------------------------------ projection
def _check_projection_inputs(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    # 3-D arrows take squared lengths: keep coordinates well inside range
    a = check_plot_data(a, "a", ndim=2, limit=1e100)
    b = check_plot_data(b, "b", ndim=1, limit=1e100)
    if a.shape != (3, 2) or b.shape != (3,):
        raise ValueError(
            f"a must have shape (3, 2) and b shape (3,), "
            f"got {a.shape} and {b.shape}"
        )
    return a, b


def _arrow3d(ax, vec: np.ndarray, colour: str, label: str, start=None,
             lw: float = 2.0) -> None:
    """Arrow from ``start`` (default origin) to ``start + vec``."""
    s = np.zeros(3) if start is None else start
    ax.quiver(*s, *vec, color=colour, lw=lw, arrow_length_ratio=0.08,
              label=label)


def _plane_patch(a: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """Corners of a parallelogram in span(a) that contains ``a @ coef``."""
    lo = np.minimum(coef, 0.0) - 0.35                       # (2,)
    hi = np.maximum(np.maximum(coef, 1.0), 0.0) + 0.35      # (2,)
    corners = np.array([[lo[0], lo[1]], [hi[0], lo[1]],
                        [hi[0], hi[1]], [lo[0], hi[1]]])    # (4, 2)
    return corners @ a.T                                    # (4, 3)


def _right_angle_3d(ax, corner, d1, d2, size: float) -> None:
    """Small square at ``corner`` spanned by unit directions d1, d2."""
    pts = np.array([corner + size * d1, corner + size * (d1 + d2),
                    corner + size * d2])                    # (3, 3)
    ax.plot(pts[:, 0], pts[:, 1], pts[:, 2], color="k", lw=0.9)


def plot_projection_3d(a: Any, b: Any, *, ax: Axes | None = None,
                       elev: float = 22.0, azim: float = -58.0) -> Axes:
    r"""Draw :math:`b`, its projection :math:`Pb` onto the plane
    :math:`\operatorname{col}(A)` spanned by the two columns of ``a``, and
    the residual :math:`r = b - Pb`, with a right-angle marker at
    :math:`Pb`.

    ``ax`` must be a 3-D Axes (``subplot_kw={"projection": "3d"}``); a new
    one is made when it is None. The projection is
    :func:`execmath.linalg.project_onto_column_space`. Entries of ``a``
    and ``b`` must have magnitude at most 1e100, and the picture a size
    of at least 1e-100 (3-D arrows take squared lengths).

    Examples
    --------
    >>> a = [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    >>> ax = plot_projection_3d(a, [1.0, 2.0, 3.0])
    >>> ax.name
    '3d'
    """
    a, b = _check_projection_inputs(a, b)
    elev = check_angle(elev, "elev")
    azim = check_angle(azim, "azim")
    check_ax(ax)
    if ax is not None and getattr(ax, "name", "") != "3d":
        raise ValueError(f"ax must be a 3-D Axes, got projection {ax.name!r}")
    proj = linalg.project_onto_column_space(a, b)
    plane = _plane_patch(a, proj.coefficients)              # (4, 3)
    scale = float(np.abs(np.r_[plane.ravel(), b]).max())
    if not (plottable(plane) and 1e-100 <= scale <= 1e100):
        raise ValueError(f"a and b must give a picture of size in [1e-100, "
                         f"1e100], got {scale:.3g}")
    ax = get_ax(ax, projection="3d")
    ax.add_collection3d(Poly3DCollection(
        [plane], alpha=0.18, facecolor=PALETTE[5], edgecolor=PALETTE[5],
        label=r"plane $\mathrm{col}(A)$"))
    _arrow3d(ax, a[:, 0], PALETTE[2], "columns $a_1, a_2$", lw=1.6)
    _arrow3d(ax, a[:, 1], PALETTE[2], None, lw=1.6)
    _arrow3d(ax, b, PALETTE[0], "$b$")
    _arrow3d(ax, proj.projection, PALETTE[1], "$Pb$")
    tip, r = proj.projection, proj.residual
    ax.plot(*np.c_[tip, b], ls="--", color=PALETTE[3], lw=1.8,
            label=r"$r = b - Pb$")
    r_len, tip_len = float(norm2(r)), float(norm2(tip))
    if r_len > 0 and tip_len > 0:
        _right_angle_3d(ax, tip, -tip / tip_len, r / r_len,
                        size=0.08 * scale)
    for vec, text in ((a[:, 0], "$a_1$"), (a[:, 1], "$a_2$"), (b, "$b$"),
                      (tip, "$Pb$")):
        ax.text(*(1.07 * vec), text, fontsize=10)
    _equal_3d(ax, np.vstack([plane, b, np.zeros(3)]))
    ax.view_init(elev=elev, azim=azim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_zlabel("$x_3$")
    ax.legend(loc="upper left")
    return ax


def _equal_3d(ax, pts: np.ndarray) -> None:
    """Equal data ranges on all three axes, so right angles look right."""
    centre = (pts.max(axis=0) + pts.min(axis=0)) / 2        # (3,)
    half = float((pts.max(axis=0) - pts.min(axis=0)).max()) / 2
    for set_lim, c in zip((ax.set_xlim, ax.set_ylim, ax.set_zlim), centre):
        set_lim(c - half, c + half)
    ax.set_box_aspect((1, 1, 1))
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(4))


# --------------------------------------------------- normal equations vs QR
def _study_values(values: Any, size: int) -> np.ndarray:
    """A study column for a log axis; NaN (a solver broke down, as
    :class:`~execmath.linalg.LstsqStudy` documents) stays NaN: a gap."""
    arr = np.asarray(values)
    gaps = np.isnan(arr) if arr.dtype.kind == "f" else np.zeros(arr.shape, bool)
    out = check_plot_data(np.where(gaps, 1.0, arr) if gaps.any() else arr,
                          "study", ndim=1)
    if out.shape != (size,):
        raise ValueError(f"study columns must have the shape {(size,)} of "
                         f"study.kappa, got {out.shape}")
    return np.where(gaps, np.nan, np.maximum(out, _U / 4))


def plot_lstsq_study(study: linalg.LstsqStudy, *, quantity: str = "error",
                     ax: Axes | None = None) -> Axes:
    r"""Log-log plot of a :class:`~execmath.linalg.LstsqStudy`.

    ``quantity="error"`` draws the relative errors of :math:`\hat x` with
    the reference lines :math:`\kappa u` and :math:`\kappa^2 u`;
    ``quantity="residual"`` draws the relative residuals
    :math:`\|b - A\hat x\|/\|b\|` with the line :math:`\kappa u`.
    Values below :math:`u/4` (exact zeros included) are drawn at the
    bottom edge of the Axes, :math:`u/4`; NaN entries (a breakdown of the
    solver) are left as gaps in the curve.

    Examples
    --------
    >>> import numpy as np
    >>> from execmath import linalg
    >>> st = linalg.lstsq_accuracy_study([1.0, 1e4], m=6, n=3, n_trials=1,
    ...                                  rng=np.random.default_rng(0))
    >>> plot_lstsq_study(st).get_xscale()
    'log'
    """
    check_record(study, linalg.LstsqStudy, "study")
    quantity = check_choice(quantity, "quantity", ("error", "residual"))
    check_ax(ax)
    k = check_plot_data(study.kappa, "study.kappa", ndim=1, positive=True,
                        limit=1e150)
    ne, qr = ((study.err_normal, study.err_qr) if quantity == "error"
              else (study.res_normal, study.res_qr))
    ne = _study_values(ne, k.size)
    qr = _study_values(qr, k.size)
    ax = get_ax(ax)
    ax.loglog(k, ne, "o-", color=PALETTE[1], ms=4, label="normal equations")
    ax.loglog(k, qr, "s-", color=PALETTE[0], ms=4, label="Householder QR")
    ax.loglog(k, k * _U, ":", color="0.35", label=r"$\kappa u$")
    if quantity == "error":
        ax.loglog(k, k**2 * _U, "--", color="0.35", label=r"$\kappa^2 u$")
    ax.set_ylim(_U / 4, 10.0)
    ax.set_xlabel(r"condition number $\kappa(A)$")
    ax.set_ylabel(r"$\|\hat x - x\| / \|x\|$" if quantity == "error"
                  else r"$\|b - A\hat x\| / \|b\|$")
    ax.legend(loc="upper left")
    return ax


# ---------------------------------------------------------- change of basis
def _basis_lines(basis: np.ndarray, n_lines: int):
    """Segments of the lattice {i b1 + j b2}, |i|, |j| <= n_lines."""
    t = np.array([-n_lines, n_lines], dtype=float)
    for i in range(-n_lines, n_lines + 1):
        yield np.outer(t, basis[:, 1]) + i * basis[:, 0]   # (2, 2)
        yield np.outer(t, basis[:, 0]) + i * basis[:, 1]   # (2, 2)


def plot_basis_grid(basis: Any, x: Any, *, ax: Axes | None = None,
                    names: tuple[str, str] = ("b_1", "b_2"),
                    n_lines: int = 12, lim: float = 3.6) -> Axes:
    r"""Draw the coordinate grid of a 2-D basis and the path to ``x``.

    Grid lines are :math:`\{i b_1 + t b_2\}` and :math:`\{t b_1 + j b_2\}`
    for integers :math:`i, j`; the path goes from the origin along
    :math:`c_1 b_1` and then :math:`c_2 b_2` to :math:`x = B c`, with
    :math:`c` from :func:`execmath.linalg.change_of_basis`. The title
    prints the coordinates.

    Parameters
    ----------
    basis : array_like, shape (2, 2)
        The basis vectors as columns.
    x : array_like, shape (2,)
        The point to reach.
    ax : matplotlib Axes, optional
    names : (str, str), default ("b_1", "b_2")
        Mathtext names of the basis vectors.
    n_lines : int, default 12
        Grid lines on each side of the origin, in ``[0, 100]``.
    lim : float, default 3.6
        Half-width (> 0) of the square view.

    Examples
    --------
    >>> ax = plot_basis_grid([[1.0, 1.0], [0.0, 1.0]], [2.0, 1.0], n_lines=2)
    >>> ax.get_title()
    'coordinates $c = (1.00,\\ 1.00)$'
    """
    basis = check_plot_data(basis, "basis", ndim=2)
    x = check_plot_data(x, "x", ndim=1)
    if basis.shape != (2, 2) or x.shape != (2,):
        raise ValueError(
            f"basis must have shape (2, 2) and x shape (2,), "
            f"got {basis.shape} and {x.shape}"
        )
    if (isinstance(names, (str, bytes)) or not isinstance(names, (tuple, list))
            or len(names) != 2 or not all(isinstance(t, str) for t in names)):
        raise InputTypeError(f"names must be a pair of str, got {names!r:.60}")
    n_lines = check_positive_int(n_lines, "n_lines", minimum=0, maximum=100)
    lim = check_plot_scalar(lim, "lim", positive=True)
    if lim < 1e-280:
        raise ValueError(f"lim must be at least 1e-280, got {lim!r}")
    check_ax(ax)
    c = linalg.change_of_basis(basis, x)                    # (2,)
    reach = float(np.max(np.abs(basis))) * 2.0 * max(n_lines, 1)
    with np.errstate(over="ignore"):
        leg1 = c[0] * basis[:, 0]                           # (2,)
    if not (plottable(reach) and plottable(leg1)):
        raise ValueError("basis and x must give a drawable picture: the "
                         "grid or the path leaves the range 1e300")
    ax = get_ax(ax)
    for seg in _basis_lines(basis, n_lines):
        ax.plot(seg[:, 0], seg[:, 1], color=PALETTE[5], lw=0.7, alpha=0.7)
    path = np.array([[0.0, 0.0], leg1, x])                  # (3, 2)
    ax.plot(path[:, 0], path[:, 1], color=PALETTE[4], lw=2.2, ls="--",
            label=rf"path ${_coord(c[0])}\,{names[0]} + {_coord(c[1])}\,"
                  rf"{names[1]}$")
    for j, colour in ((0, PALETTE[2]), (1, PALETTE[3])):
        _arrow2d(ax, basis[:, j], colour, 2.2)
        ax.plot([], [], color=colour, lw=2.2, label=f"${names[j]}$")
    _arrow2d(ax, x, PALETTE[0], 2.4)
    ax.plot([], [], color=PALETTE[0], lw=2.4, label="$x$")
    ax.plot(0, 0, "k.", ms=5)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("$x_1$ (standard axis)")
    ax.set_ylabel("$x_2$ (standard axis)")
    ax.set_title(rf"coordinates $c = ({_coord(c[0])},\ {_coord(c[1])})$")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def _coord(v: float) -> str:
    """Two decimals, or three significant digits for huge coordinates."""
    return f"{v:.2f}" if abs(v) < 1e6 else f"{v:.3g}"


def _arrow2d(ax: Axes, vec: np.ndarray, colour: str, lw: float) -> None:
    ax.annotate("", xy=(vec[0], vec[1]), xytext=(0.0, 0.0),
                arrowprops=dict(arrowstyle="-|>", color=colour, lw=lw,
                                mutation_scale=14, shrinkA=0, shrinkB=0))


# ---------------------------------------------------------- singular values
def plot_singular_values(
    s: Any,
    *,
    tol: float | None = None,
    label: str = "singular values",
    tol_label: str = "tolerance",
    colour: str | None = None,
    marker: str = "o",
    ax: Axes | None = None,
) -> Axes:
    r"""Singular values :math:`\sigma_1 \ge \sigma_2 \ge \dots` against their
    index on a log scale, with an optional horizontal tolerance line.

    Values above the line count towards the numerical rank
    (:func:`execmath.linalg.rank_report`); the line takes the curve's
    colour. Values below the smallest normal float (exact zeros included)
    are drawn at it.

    Examples
    --------
    >>> ax = plot_singular_values([3.0, 1.0, 1e-3], tol=1e-2)
    >>> ax.get_yscale(), len(ax.get_lines())
    ('log', 2)
    """
    s = check_plot_data(s, "s", ndim=1)
    if np.any(s < 0):
        raise ValueError(f"s must be >= 0, got min {s.min()!r}")
    if tol is not None:
        tol = check_plot_scalar(tol, "tol", positive=True)
    label = check_label(label, "label", optional=False)
    tol_label = check_label(tol_label, "tol_label", optional=False)
    if colour is not None:
        check_color(colour, "colour")
    check_marker(marker, "marker")
    check_ax(ax)
    ax = get_ax(ax)
    idx = np.arange(1, s.size + 1)
    (line,) = ax.semilogy(idx, np.maximum(s, np.finfo(float).tiny),
                          marker=marker, ms=4, lw=1.0, color=colour,
                          label=label)
    if tol is not None:
        ax.axhline(tol, color=line.get_color(), ls="--", lw=1.0,
                   label=tol_label)
    ax.set_xlabel("index $i$")
    ax.set_ylabel(r"singular value $\sigma_i$")
    ax.legend(loc="best", fontsize=8)
    return ax
