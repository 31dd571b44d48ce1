r"""Scalar fields :math:`z = f(x, y)` evaluated on rectangular 2-D grids.

A grid is the pair of arrays ``X, Y`` of shape (ny, nx) that
``np.meshgrid`` returns (``indexing="xy"``: rows follow :math:`y`,
columns follow :math:`x`), so ``X[i, j] = xs[j]`` and ``Y[i, j] = ys[i]``.
Fields are written as NumPy expressions in ``x`` and ``y`` that broadcast,
which lets one call evaluate them on a whole grid (or on a column ``(m, 1)``
and a row ``(1, n)`` without ever building the full grid).

Later chapters add their own fields here (quadratic bowls, saddles, loss
surfaces); :func:`evaluate_on_grid` works for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_callable,
    check_finite_scalar,
    check_positive_int,
    check_result_size,
)

__all__ = ["Grid", "ScalarField", "grid", "gaussian_bump", "evaluate_on_grid"]


class Grid(NamedTuple):
    """Coordinate arrays of a rectangular grid, both of shape (ny, nx)."""

    X: np.ndarray  # (ny, nx) x-coordinate of each node
    Y: np.ndarray  # (ny, nx) y-coordinate of each node


class ScalarField(NamedTuple):
    """A field sampled on a grid: ``Z[i, j] = f(X[i, j], Y[i, j])``."""

    X: np.ndarray  # (ny, nx)
    Y: np.ndarray  # (ny, nx)
    Z: np.ndarray  # (ny, nx)


def _check_limits(lim: Any, name: str) -> tuple[float, float]:
    """Return ``lim`` as ``(lo, hi)`` with finite ``lo < hi``."""
    arr = as_float_array(lim, name, ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(
            f"{name} must be (lo, hi) with lo < hi, got {arr.tolist()}"
        )
    return float(arr[0]), float(arr[1])


def _check_sizes(n: Any) -> tuple[int, int]:
    """Return ``(nx, ny)`` from an int or a pair of ints, each >= 2."""
    if isinstance(n, (tuple, list)):
        if len(n) != 2:
            raise ValueError(f"n must be an int or a pair (nx, ny), got {n!r}")
        nx, ny = (check_positive_int(n[0], "n", minimum=2),
                  check_positive_int(n[1], "n", minimum=2))
    else:
        nx = ny = check_positive_int(n, "n", minimum=2)
    check_result_size(nx * ny, "n (nx * ny grid nodes)")
    return nx, ny


def grid(
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    n: int | tuple[int, int] = 101,
) -> Grid:
    r"""Rectangular grid of equally spaced nodes on :math:`[x_0,x_1]\times[y_0,y_1]`.

    .. math::

        X_{ij} = x_0 + j\,\frac{x_1 - x_0}{n_x - 1}, \qquad
        Y_{ij} = y_0 + i\,\frac{y_1 - y_0}{n_y - 1}.

    Parameters
    ----------
    xlim, ylim : (float, float)
        Ranges with ``lo < hi``; both end points are nodes.
    n : int or (int, int), default 101
        Nodes per axis (``nx = ny = n``) or ``(nx, ny)``; each >= 2.
        An odd ``n`` on a symmetric range puts a node at 0.

    Returns
    -------
    Grid
        ``X, Y`` of shape (ny, nx), as from ``np.meshgrid(xs, ys)``.

    Examples
    --------
    >>> g = grid((0.0, 1.0), (0.0, 2.0), (3, 2))
    >>> g.X.tolist(), g.Y.tolist()
    ([[0.0, 0.5, 1.0], [0.0, 0.5, 1.0]], [[0.0, 0.0, 0.0], [2.0, 2.0, 2.0]])
    """
    x0, x1 = _check_limits(xlim, "xlim")
    y0, y1 = _check_limits(ylim, "ylim")
    nx, ny = _check_sizes(n)
    xs = np.linspace(x0, x1, nx)  # (nx,)
    ys = np.linspace(y0, y1, ny)  # (ny,)
    X, Y = np.meshgrid(xs, ys, indexing="xy")  # (ny, nx) each
    return Grid(X, Y)


def gaussian_bump(
    x: Any,
    y: Any,
    *,
    center: tuple[float, float] = (0.0, 0.0),
    width: float = 1.0,
) -> np.ndarray:
    r"""Gaussian bump :math:`z = \exp\!\big(-(r/w)^2\big)`.

    .. math::

        z(x, y) = \exp\!\Big(-\frac{(x - a)^2 + (y - b)^2}{w^2}\Big),

    with centre :math:`(a, b)` and width :math:`w`. It depends on
    :math:`(x, y)` only through the distance :math:`r` from the centre
    (radial symmetry) and takes its maximum 1 at the centre. The defaults
    give :math:`z = e^{-(x^2+y^2)}`.

    Parameters
    ----------
    x, y : array_like
        Coordinates; any shapes that broadcast together, e.g. (m, 1) and
        (1, n) for an (m, n) grid.
    center : (float, float), default (0, 0)
        Location :math:`(a, b)` of the peak.
    width : float, default 1.0
        Width :math:`w > 0`.

    Returns
    -------
    numpy.ndarray
        Values of shape ``np.broadcast_shapes(x.shape, y.shape)``.

    Examples
    --------
    >>> gaussian_bump([0.0, 1.0], 0.0).round(6).tolist()
    [1.0, 0.367879]
    """
    x = as_float_array(x, "x", allow_empty=True)
    y = as_float_array(y, "y", allow_empty=True)
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError as exc:
        raise ValueError(
            f"x and y must broadcast together, got x {x.shape}, y {y.shape}"
        ) from exc
    a, b = _check_center(center)
    w = check_finite_scalar(width, "width", positive=True)
    check_result_size(np.prod(np.broadcast_shapes(x.shape, y.shape)),
                      "x and y (their broadcast shape)")
    # (r / w)^2 from the scaled offsets: an overflow to inf means a point
    # far from the centre, where exp(-inf) = 0 is the right value
    with np.errstate(over="ignore"):
        r2 = _scaled_offset(x, a, w) ** 2 + _scaled_offset(y, b, w) ** 2
    return np.exp(-r2)


def _scaled_offset(x: np.ndarray, a: float, w: float) -> np.ndarray:
    """``(x - a) / w`` without a spurious overflow (or a warning)."""
    with np.errstate(over="ignore", under="ignore"):
        d = (x - a) / w
        far = ~np.isfinite(x - a)
        if np.any(far):           # x - a overflowed: quarter everything
            d = np.where(far, (0.25 * x - 0.25 * a) / (0.25 * w), d)
        return np.abs(d)


def _check_center(center: Any) -> tuple[float, float]:
    """Return ``center`` as a finite pair of floats."""
    arr = as_float_array(center, "center", ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"center must be a pair (a, b), got shape {arr.shape}")
    return float(arr[0]), float(arr[1])


def evaluate_on_grid(
    f: Callable[[np.ndarray, np.ndarray], Any],
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    n: int | tuple[int, int] = 101,
) -> ScalarField:
    r"""Sample a vectorised field :math:`f(x, y)` on a :func:`grid`.

    ``f`` is called once, with the whole coordinate arrays ``X, Y``; it must
    be written with NumPy operations that act elementwise, and return an
    array of the grid's shape (or a scalar, for a constant field).

    Parameters
    ----------
    f : callable
        ``f(X, Y) -> Z``.
    xlim, ylim, n
        As in :func:`grid`.

    Returns
    -------
    ScalarField
        ``X, Y, Z``, each of shape (ny, nx).

    Examples
    --------
    >>> fld = evaluate_on_grid(lambda x, y: x * y, (0.0, 1.0), (0.0, 1.0), 2)
    >>> fld.Z.tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    check_callable(f, "f")
    X, Y = grid(xlim, ylim, n)  # (ny, nx) each
    try:
        with np.errstate(all="ignore"):
            raw = np.asarray(f(X, Y))
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        raise ValueError(
            f"f failed on the grid: {type(exc).__name__}: {exc}") from exc
    if raw.dtype.kind not in "iuf":
        raise InputTypeError(f"f must return real numbers, got {raw.dtype}")
    Z = raw.astype(np.float64)
    if Z.ndim == 0:
        Z = np.full(X.shape, float(Z))  # a constant field
    if Z.shape != X.shape:
        raise ValueError(
            f"f must return an array of the grid's shape {X.shape}, got "
            f"shape {Z.shape}: is f written with elementwise operations?"
        )
    if not np.all(np.isfinite(Z)):
        raise ValueError("f returned non-finite values on the grid given by "
                         "xlim, ylim and n")
    return ScalarField(X, Y, Z)
