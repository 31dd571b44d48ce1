"""Small helpers shared by the plotting modules.

A plotting function validates *everything* it was given (data, numbers,
labels, colours, limits and ``ax``) before :func:`get_ax` creates a figure:
a call that raises must not leave an empty figure behind, which would
otherwise show up as a blank image in a notebook or leak memory in a loop.
The ``check_*`` helpers below raise a ``ValueError`` or ``TypeError``
naming the argument, like the compute modules' validators.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like

from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
)

#: Largest magnitude a plotted coordinate may have. Matplotlib pads the
#: data limits (by 5 % and to round tick values) and takes differences of
#: coordinates; at 1e308 those steps overflow. 1e300 leaves room for them.
PLOT_LIMIT = 1e300

#: Smallest width of a drawable range: below about 2e-287 matplotlib
#: treats the data limits as singular and replaces them by +-0.055.
PLOT_TINY = 1e-280

#: Most bins a histogram may have (more are not distinguishable on screen).
MAX_BINS = 10_000


def check_ax(ax: Any) -> None:
    """Require ``ax`` to be a matplotlib Axes or None.

    Raises :class:`~execmath._validate.InputTypeError` (a ``TypeError``
    that is also a ``ValueError``) naming ``ax`` otherwise.
    """
    if ax is not None and not isinstance(ax, Axes):
        raise InputTypeError(f"ax must be a matplotlib Axes or None, "
                             f"got {type(ax).__name__}")


def get_ax(ax: Axes | None = None, **subplot_kw) -> Axes:
    """Return ``ax`` or, when it is None, the Axes of a new figure.

    Plotting functions take ``ax=None`` so a reader can call them alone or
    place them into a multi-panel figure; this is the one place that
    decides what "alone" means. Anything else than an Axes or None is
    refused with a ``TypeError`` naming ``ax`` before any figure exists
    (plotting functions validate their data first, then call this).
    """
    import matplotlib.pyplot as plt

    check_ax(ax)
    if ax is not None:
        return ax
    _, new_ax = plt.subplots(subplot_kw=subplot_kw or None)
    return new_ax


def check_plot_data(x: Any, name: str, *, ndim=None, positive: bool = False,
                    allow_empty: bool = False,
                    limit: float = PLOT_LIMIT) -> np.ndarray:
    """``x`` as a finite float array whose entries matplotlib can draw.

    Entries must satisfy ``|x| <= limit`` (and ``x > 0`` with ``positive``,
    for a logarithmic axis).
    """
    arr = as_float_array(x, name, ndim=ndim, allow_empty=allow_empty)
    if arr.size and float(np.max(np.abs(arr))) > limit:
        raise ValueError(
            f"{name} has entries of magnitude up to "
            f"{float(np.max(np.abs(arr))):.3g}, beyond the plottable "
            f"{limit:g}"
        )
    if positive and arr.size and not np.all(arr > 0):
        raise ValueError(f"{name} must be > 0 (it is drawn on a logarithmic "
                         f"axis), got minimum {float(np.min(arr))!r}")
    return arr


def check_plot_scalar(value: Any, name: str, *, positive: bool = False,
                      limit: float = PLOT_LIMIT) -> float:
    """A finite real scalar with ``|value| <= limit`` (and > 0 if asked)."""
    v = check_finite_scalar(value, name, positive=positive)
    if abs(v) > limit:
        raise ValueError(f"{name} must have magnitude at most {limit:g} to "
                         f"be drawn, got {value!r}")
    return v


def check_limits(lim: Any, name: str, *, positive: bool = False
                 ) -> tuple[float, float] | None:
    """``None``, or ``(low, high)``: two finite numbers with ``low < high``."""
    if lim is None:
        return None
    arr = check_plot_data(lim, name, ndim=1, positive=positive)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be (low, high), got shape {arr.shape}")
    low, high = float(arr[0]), float(arr[1])
    if not low < high:
        raise ValueError(f"{name} must be increasing (low < high), "
                         f"got ({low!r}, {high!r})")
    # matplotlib cannot build a transformation for limits closer than this
    if (high - low) <= 1e3 * np.spacing(max(abs(low), abs(high))) or (
            high - low) < PLOT_TINY:
        raise ValueError(f"{name} spans too narrow a range to draw, got "
                         f"({low!r}, {high!r})")
    return low, high


def check_label(label: Any, name: str, *, optional: bool = True) -> str | None:
    """``None`` (if ``optional``) or a str."""
    if label is None and optional:
        return None
    if not isinstance(label, str):
        raise InputTypeError(f"{name} must be a str, got "
                             f"{type(label).__name__}")
    return label


def check_color(color: Any, name: str) -> Any:
    """A colour matplotlib understands (name, hex string or RGB(A) tuple)."""
    if isinstance(color, (bool, np.bool_)) or color is None:
        raise InputTypeError(f"{name} must be a matplotlib colour, got "
                             f"{color!r}")
    try:
        ok = is_color_like(color)
    except Exception:  # noqa: BLE001 - any failure means "not a colour"
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a matplotlib colour (a name, "
                         f"'#rrggbb' or an RGB tuple), got {color!r:.60}")
    return color


def check_marker(marker: Any, name: str = "marker") -> Any:
    """A marker matplotlib understands (``"o"``, ``"s"``, ``"^"``, ...)."""
    from matplotlib.markers import MarkerStyle

    if marker is None or isinstance(marker, (bool, np.bool_, float)):
        raise InputTypeError(f"{name} must be a matplotlib marker such as "
                             f"'o', got {marker!r}")
    try:
        MarkerStyle(marker)
    except Exception as exc:  # noqa: BLE001 - any failure: not a marker
        raise ValueError(f"{name} must be a matplotlib marker such as 'o', "
                         f"got {marker!r:.60}") from exc
    return marker


def check_angle(value: Any, name: str) -> float:
    """A finite view angle in degrees (``elev``, ``azim``), |angle| <= 1e6."""
    v = check_finite_scalar(value, name)
    if abs(v) > 1e6:
        raise ValueError(f"{name} must be an angle in degrees with "
                         f"|{name}| <= 1e6, got {value!r}")
    return v


def check_format(fmt: Any, name: str = "fmt") -> str:
    """A ``str.format`` pattern that formats one number (``"{:.3f}"``)."""
    if not isinstance(fmt, str):
        raise InputTypeError(f"{name} must be a format string such as "
                             f"'{{:g}}', got {type(fmt).__name__}")
    try:
        fmt.format(1.0)
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"{name} must format one number, e.g. '{{:g}}', "
                         f"got {fmt!r:.60} ({exc})") from exc
    return fmt


def check_cmap(cmap: Any, name: str = "cmap") -> Any:
    """A registered colormap name or a ``Colormap`` instance."""
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        return cmap
    if not isinstance(cmap, str):
        raise InputTypeError(f"{name} must be a colormap name such as "
                             f"'viridis', got {type(cmap).__name__}")
    if cmap not in colormaps:
        raise ValueError(f"{name} must be a registered colormap name such "
                         f"as 'viridis', got {cmap!r:.60}")
    return cmap


#: Most contour levels (as a count) a map may ask for.
MAX_LEVELS = 200


def check_levels(levels: Any, name: str = "levels", *,
                 min_values: int = 1) -> Any:
    """Contour levels: a count in ``[1, MAX_LEVELS]`` or increasing values.

    As values: a 1-D array of at least ``min_values`` finite, strictly
    increasing, plottable numbers (filled contours need two).
    """
    if isinstance(levels, (int, np.integer)) and not isinstance(
            levels, (bool, np.bool_)):
        return check_positive_int(levels, name, maximum=MAX_LEVELS)
    if isinstance(levels, (float, np.floating, complex, str, bytes,
                           bool, np.bool_)) or levels is None:
        raise InputTypeError(f"{name} must be a number of levels (int) or "
                             f"an array of level values, got {levels!r:.40}")
    arr = check_plot_data(levels, name, ndim=1)
    if arr.size < min_values or arr.size > 10 * MAX_LEVELS:
        raise ValueError(f"{name} must hold {min_values} to "
                         f"{10 * MAX_LEVELS} values, got {arr.size}")
    if np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing, got "
                         f"{arr[:5]!r}")
    return arr


def check_flag(value: Any, name: str) -> bool:
    """A bool (numbers and strings are refused: ``"no"`` is truthy)."""
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be a bool, got "
                             f"{type(value).__name__}")
    return bool(value)


def check_bins(bins: Any, name: str = "bins") -> int:
    """A number of histogram bins in ``[1, MAX_BINS]``."""
    return check_positive_int(bins, name, maximum=MAX_BINS)


def check_record(obj: Any, cls: type | tuple[type, ...], name: str) -> Any:
    """Require ``obj`` to be an instance of the record type ``cls``."""
    if not isinstance(obj, cls):
        want = (cls.__name__ if isinstance(cls, type)
                else " or ".join(c.__name__ for c in cls))
        raise InputTypeError(f"{name} must be a {want}, got "
                             f"{type(obj).__name__}")
    return obj


def check_records(objs: Any, cls: type | tuple[type, ...], name: str,
                  *, allow_empty: bool = False) -> list:
    """A non-empty list/tuple of ``cls`` instances."""
    if isinstance(objs, (str, bytes)) or not isinstance(objs, (list, tuple)):
        raise InputTypeError(f"{name} must be a list of records, got "
                             f"{type(objs).__name__}")
    if not objs and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    for i, obj in enumerate(objs):
        check_record(obj, cls, f"{name}[{i}]")
    return list(objs)


def check_span(lo: float, hi: float, name: str) -> tuple[float, float]:
    """Require ``[lo, hi]`` to be a drawable x-range (``name`` explains it).

    Both ends must be plottable and the range wider than a few thousand
    ulps of its ends, or ``np.linspace`` and ``set_xlim`` degenerate.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        width = hi - lo
    if not (plottable([lo, hi]) and np.isfinite(width) and width > 0
            and width > 1e3 * np.spacing(max(abs(lo), abs(hi)))
            and width > PLOT_TINY):
        raise ValueError(f"{name} must give a drawable range of x, "
                         f"got [{lo!r}, {hi!r}]")
    return lo, hi


def eval_on_grid(f: Any, x: np.ndarray, name: str = "f") -> np.ndarray:
    """``f(x)`` as a float array of ``x``'s shape with plottable values.

    ``f`` must be callable and vectorised; an exception inside it, a
    result of the wrong shape, or a non-finite or huge value becomes a
    ``ValueError`` naming ``name`` (before any figure is made).
    """
    if not callable(f):
        raise InputTypeError(f"{name} must be callable, got "
                             f"{type(f).__name__}")
    try:
        with np.errstate(all="ignore"):
            y = np.asarray(f(x), dtype=float)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError(f"{name} failed on the plotting grid "
                         f"[{x.min():.6g}, {x.max():.6g}]: {exc}") from exc
    if y.shape != x.shape:
        try:
            y = np.broadcast_to(y, x.shape).astype(float)
        except ValueError as exc:
            raise ValueError(f"{name} must be vectorised: it returned shape "
                             f"{y.shape} for {x.shape} points") from exc
    if not plottable(y):
        raise ValueError(f"{name} must be finite (and of magnitude <= "
                         f"{PLOT_LIMIT:g}) on the plotting grid "
                         f"[{x.min():.6g}, {x.max():.6g}]")
    return y


def padded_range(lo: float, hi: float) -> tuple[float, float]:
    """``(lo, hi)`` widened when it is too narrow for binning or limits.

    ``np.histogram`` and ``set_xlim`` fail (or warn) when the two ends are
    equal or only a few ulps apart; widen such a range symmetrically.
    """
    scale = max(abs(lo), abs(hi))
    if hi - lo > 1e6 * np.spacing(scale) and hi - lo > PLOT_TINY:
        return lo, hi
    pad = max(scale * 1e-3, 0.5)
    return lo - pad, hi + pad


def plottable(value: Any) -> bool:
    """True if ``value`` (scalar or array) is finite with ``|.| <= PLOT_LIMIT``."""
    arr = np.asarray(value, dtype=float)
    return bool(np.all(np.isfinite(arr)) and (
        arr.size == 0 or np.max(np.abs(arr)) <= PLOT_LIMIT))

