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
from execmath._validate import as_float_array
from execmath.viz._axes import get_ax
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
    a = as_float_array(a, "a", ndim=2)
    b = as_float_array(b, "b", ndim=1)
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
    :func:`execmath.linalg.project_onto_column_space`.
    """
    a, b = _check_projection_inputs(a, b)
    ax = get_ax(ax, projection="3d")
    if getattr(ax, "name", "") != "3d":
        raise ValueError(f"ax must be a 3-D Axes, got projection {ax.name!r}")
    proj = linalg.project_onto_column_space(a, b)
    plane = _plane_patch(a, proj.coefficients)              # (4, 3)
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
    scale = float(np.abs(np.r_[plane.ravel(), b]).max())
    if np.linalg.norm(r) > 0 and np.linalg.norm(tip) > 0:
        _right_angle_3d(ax, tip, -tip / np.linalg.norm(tip),
                        r / np.linalg.norm(r), size=0.08 * scale)
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
def plot_lstsq_study(study: linalg.LstsqStudy, *, quantity: str = "error",
                     ax: Axes | None = None) -> Axes:
    r"""Log-log plot of a :class:`~execmath.linalg.LstsqStudy`.

    ``quantity="error"`` draws the relative errors of :math:`\hat x` with
    the reference lines :math:`\kappa u` and :math:`\kappa^2 u`;
    ``quantity="residual"`` draws the relative residuals
    :math:`\|b - A\hat x\|/\|b\|` with the line :math:`\kappa u`.
    """
    if quantity not in ("error", "residual"):
        raise ValueError(
            f"quantity must be 'error' or 'residual', got {quantity!r}")
    ax = get_ax(ax)
    k = study.kappa
    ne, qr = ((study.err_normal, study.err_qr) if quantity == "error"
              else (study.res_normal, study.res_qr))
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
    """
    basis = as_float_array(basis, "basis", ndim=2)
    x = as_float_array(x, "x", ndim=1)
    if basis.shape != (2, 2) or x.shape != (2,):
        raise ValueError(
            f"basis must have shape (2, 2) and x shape (2,), "
            f"got {basis.shape} and {x.shape}"
        )
    c = linalg.change_of_basis(basis, x)                    # (2,)
    ax = get_ax(ax)
    for seg in _basis_lines(basis, n_lines):
        ax.plot(seg[:, 0], seg[:, 1], color=PALETTE[5], lw=0.7, alpha=0.7)
    leg1 = c[0] * basis[:, 0]                               # (2,)
    path = np.array([[0.0, 0.0], leg1, x])                  # (3, 2)
    ax.plot(path[:, 0], path[:, 1], color=PALETTE[4], lw=2.2, ls="--",
            label=rf"path ${c[0]:.2f}\,{names[0]} + {c[1]:.2f}\,{names[1]}$")
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
    ax.set_title(rf"coordinates $c = ({c[0]:.2f},\ {c[1]:.2f})$")
    ax.legend(loc="lower right", fontsize=8)
    return ax


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
    colour.
    """
    s = as_float_array(s, "s", ndim=1)
    if np.any(s < 0):
        raise ValueError(f"s must be >= 0, got min {s.min()!r}")
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
