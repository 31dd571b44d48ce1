"""Plots for :mod:`execmath.surfaces`: 3-D surfaces and contour maps."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d import Axes3D

from execmath._validate import InputTypeError, check_result_size
from execmath.viz._axes import (
    PLOT_LIMIT,
    check_angle,
    check_ax,
    check_cmap,
    check_flag,
    check_label,
    check_levels,
    check_plot_data,
    get_ax,
)

__all__ = ["plot_surface3d", "plot_contours"]


def _check_field(X: Any, Y: Any, Z: Any, *, limit: float = PLOT_LIMIT
                 ) -> tuple[np.ndarray, ...]:
    """Validate three 2-D arrays of one shape (a sampled scalar field)."""
    X = check_plot_data(X, "X", ndim=2, limit=limit)
    Y = check_plot_data(Y, "Y", ndim=2, limit=limit)
    Z = check_plot_data(Z, "Z", ndim=2, limit=limit)
    if not X.shape == Y.shape == Z.shape:
        raise ValueError(
            f"X, Y and Z must have one shape, got X {X.shape}, Y {Y.shape}, "
            f"Z {Z.shape}"
        )
    if min(X.shape) < 2:
        raise ValueError(f"X, Y and Z must have at least 2 rows and 2 "
                         f"columns (a grid), got shape {X.shape}")
    check_result_size(X.size * 8, "X (number of grid nodes)")
    return X, Y, Z


#: matplotlib's message for a field with no level inside its range (a
#: constant Z): the empty picture is the right one, not a warning.
_NO_LEVELS = "No contour levels were found within the data range"


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

    Notes
    -----
    Coordinates and values must have magnitude at most 1e100: the shading
    takes cross products of facet edges.

    Examples
    --------
    >>> from execmath import surfaces
    >>> g = surfaces.evaluate_on_grid(lambda x, y: x**2 - y**2, n=9)
    >>> ax = plot_surface3d(g.X, g.Y, g.Z)
    >>> ax.name
    '3d'
    """
    X, Y, Z = _check_field(X, Y, Z, limit=1e100)
    cmap = check_cmap(cmap)
    zlabel = check_label(zlabel, "zlabel", optional=False)
    elev = check_angle(elev, "elev")
    azim = check_angle(azim, "azim")
    check_ax(ax)
    if ax is not None and not isinstance(ax, Axes3D):
        raise InputTypeError(
            "ax must be a 3-D Axes (subplot_kw={'projection': '3d'}), got "
            f"{type(ax).__name__}"
        )
    ax = get_ax(ax, projection="3d")
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

    Examples
    --------
    >>> from execmath import surfaces
    >>> g = surfaces.evaluate_on_grid(lambda x, y: x**2 + y**2, n=21)
    >>> ax = plot_contours(g.X, g.Y, g.Z, levels=[0.5, 1.0, 2.0])
    >>> ax.get_aspect()
    1.0
    """
    X, Y, Z = _check_field(X, Y, Z)
    filled = check_flag(filled, "filled")
    levels = check_levels(levels, "levels", min_values=2 if filled else 1)
    cmap = check_cmap(cmap)
    check_ax(ax)
    ax = get_ax(ax)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_NO_LEVELS)
        if filled:
            ax.contourf(X, Y, Z, levels=levels, cmap=cmap, alpha=0.85)
        lines = ax.contour(X, Y, Z, levels=levels, colors="k",
                           linewidths=0.6)
    ax.clabel(lines, fontsize=7, fmt="%.2g")
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax
