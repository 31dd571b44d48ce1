"""Plots for :mod:`execmath.surfaces`: 3-D surfaces and contour maps."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d import Axes3D

from execmath._validate import as_float_array
from execmath.viz._axes import get_ax

__all__ = ["plot_surface3d", "plot_contours"]


def _check_field(X: Any, Y: Any, Z: Any) -> tuple[np.ndarray, ...]:
    """Validate three 2-D arrays of one shape (a sampled scalar field)."""
    X = as_float_array(X, "X", ndim=2)
    Y = as_float_array(Y, "Y", ndim=2)
    Z = as_float_array(Z, "Z", ndim=2)
    if not X.shape == Y.shape == Z.shape:
        raise ValueError(
            f"X, Y and Z must have one shape, got X {X.shape}, Y {Y.shape}, "
            f"Z {Z.shape}"
        )
    return X, Y, Z


def plot_surface3d(
    X: Any,
    Y: Any,
    Z: Any,
    *,
    ax: Axes3D | None = None,
    cmap: str = "viridis",
    zlabel: str = "z",
    elev: float = 28.0,
    azim: float = -60.0,
) -> Axes3D:
    """Shaded 3-D surface of a field sampled on a grid.

    Parameters
    ----------
    X, Y, Z : array_like, shape (ny, nx)
        Grid coordinates and field values (:func:`execmath.surfaces.grid`).
    ax : Axes3D, optional
        A 3-D Axes (``subplot_kw={"projection": "3d"}``); a new figure with
        one when None.
    cmap : str, default "viridis"
        Colour map; colour repeats the height, which helps in print.
    zlabel : str, default "z"
        Label of the vertical axis.
    elev, azim : float
        Viewing angles in degrees.

    Returns
    -------
    mpl_toolkits.mplot3d.Axes3D
    """
    X, Y, Z = _check_field(X, Y, Z)
    ax = get_ax(ax, projection="3d")
    if not isinstance(ax, Axes3D):
        raise ValueError(
            "ax must be a 3-D Axes (subplot_kw={'projection': '3d'}), got "
            f"{type(ax).__name__}"
        )
    # no antialiasing: it leaves hairline seams between the facets
    ax.plot_surface(X, Y, Z, cmap=cmap, rstride=1, cstride=1,
                    linewidth=0, antialiased=False)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(5))
    ax.view_init(elev=elev, azim=azim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_zlabel(zlabel)
    return ax


def plot_contours(
    X: Any,
    Y: Any,
    Z: Any,
    *,
    ax: Axes | None = None,
    levels: int | Any = 10,
    filled: bool = True,
    cmap: str = "viridis",
) -> Axes:
    """Contour map of a field sampled on a grid, with equal axis scales.

    Equal scales matter: a circle must look like a circle for the reader to
    judge symmetry or elongation.

    Parameters
    ----------
    X, Y, Z : array_like, shape (ny, nx)
        Grid coordinates and field values.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    levels : int or array_like, default 10
        Number of levels or the level values.
    filled : bool, default True
        Filled bands (``contourf``) under the labelled level lines.
    cmap : str, default "viridis"
        Colour map of the filled bands.

    Returns
    -------
    matplotlib.axes.Axes
    """
    X, Y, Z = _check_field(X, Y, Z)
    ax = get_ax(ax)
    if filled:
        ax.contourf(X, Y, Z, levels=levels, cmap=cmap, alpha=0.85)
    lines = ax.contour(X, Y, Z, levels=levels, colors="k", linewidths=0.6)
    ax.clabel(lines, fontsize=7, fmt="%.2g")
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax
