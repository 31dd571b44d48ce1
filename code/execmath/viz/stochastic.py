"""Plots for :mod:`execmath.stochastic`: loss against epochs over several
seeds, mini-batch gradient variance against batch size, and learning-rate
schedules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like
from matplotlib.ticker import MaxNLocator

from execmath import stochastic
from execmath._validate import InputTypeError, as_float_array
from execmath.viz._axes import check_ax, get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_epoch_curves", "plot_lr_schedules", "plot_variance_study"]

_LINESTYLES = frozenset({"-", "--", ":", "-."})


def _strings(values: Any, n: int, name: str) -> list[str]:
    """Exactly ``n`` strings (list or tuple), else an error naming ``name``."""
    if not isinstance(values, (list, tuple)):
        raise InputTypeError(f"{name} must be a list of {n} strings, got "
                             f"{type(values).__name__}")
    values = list(values)
    if len(values) != n or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{name} must be {n} strings, got {values!r:.80}")
    return values


def _labels(labels: Any, n: int) -> list[str]:
    return _strings(labels, n, "labels")


def _colors(colors: Any, n: int) -> list[str]:
    if colors is None:
        return [PALETTE[i % len(PALETTE)] for i in range(n)]
    colors = _strings(colors, n, "colors")
    bad = [c for c in colors if not is_color_like(c)]
    if bad:
        raise ValueError(f"colors must be Matplotlib colours, got {bad!r:.60}")
    return colors


def _styles(styles: Any, n: int) -> list[str]:
    if styles is None:
        return ["-"] * n
    styles = _strings(styles, n, "styles")
    bad = [s for s in styles if s not in _LINESTYLES]
    if bad:
        raise ValueError(f"styles must be among {sorted(_LINESTYLES)}, got "
                         f"{bad!r:.60}")
    return styles


def plot_epoch_curves(
    curves: Sequence[Any],
    labels: Sequence[str],
    *,
    colors: Sequence[str] | None = None,
    styles: Sequence[str] | None = None,
    ylabel: str = r"loss excess $f(w) - f^\star$",
    ax: Axes | None = None,
) -> Axes:
    r"""Loss against epoch for several methods, each run with several seeds.

    Each entry of ``curves`` is an array of shape ``(n_seeds, n_epochs + 1)``
    (one row per seed; a deterministic method has one row). The line is the
    mean over seeds at each epoch and the shaded band the range (minimum
    to maximum) over seeds; the y-axis is logarithmic.

    Parameters
    ----------
    curves : sequence of array_like, each (n_seeds, n_epochs + 1)
        Positive values, e.g. :meth:`execmath.stochastic.LeastSquares.excess`
        of ``Trace.epoch_iterates`` for each seed.
    labels : sequence of str
        One legend entry per method.
    colors, styles : sequence of str, optional
        Line colours and line styles, one per method.
    ylabel : str
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_epoch_curves([np.array([[1.0, 0.5], [1.0, 0.3]])], ["SGD"])
    >>> ax.get_lines()[0].get_ydata().tolist()
    [1.0, 0.4]
    >>> plt.close(ax.figure)
    """
    if not isinstance(curves, (list, tuple)):
        raise ValueError("curves must be a list of (n_seeds, n_epochs + 1) "
                         f"arrays, got {type(curves).__name__}")
    arrays = []
    for k, c in enumerate(curves):
        a = as_float_array(c, f"curves[{k}]", ndim=2)
        if np.any(a <= 0):
            raise ValueError(f"curves[{k}] must be > 0 for a log axis, got "
                             f"minimum {a.min():.3e}")
        arrays.append(a)
    if not arrays:
        raise ValueError("curves must hold at least one array, got 0")
    labels = _labels(labels, len(arrays))
    colors = _colors(colors, len(arrays))
    styles = _styles(styles, len(arrays))
    if not isinstance(ylabel, str):
        raise InputTypeError(f"ylabel must be a str, got {ylabel!r:.40}")
    check_ax(ax)
    ax = get_ax(ax)
    for a, label, color, ls in zip(arrays, labels, colors, styles):
        epochs = np.arange(a.shape[1])
        mean = a.mean(axis=0)
        if a.shape[0] > 1:
            ax.fill_between(epochs, a.min(axis=0), a.max(axis=0),
                            color=color, alpha=0.2, lw=0)
            label = f"{label} (mean of {a.shape[0]} seeds)"
        ax.semilogy(epochs, mean, ls, color=color, marker="o", ms=2.5,
                    label=label)
    last = max(a.shape[1] for a in arrays) - 1
    ax.set_xlim(-0.02 * last - 0.2, 1.02 * last + 0.2)  # no tick past data
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch (one pass = $N$ per-example gradients)")
    ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax


def plot_variance_study(
    studies: Sequence[stochastic.VarianceStudy],
    labels: Sequence[str],
    *,
    colors: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Mini-batch gradient variance against batch size, log-log.

    Measured means are markers with :math:`\pm 2` standard-error bars; the
    exact laws of :func:`execmath.stochastic.minibatch_variance` are dashed
    lines in the same colour. A dotted vertical line marks :math:`B = N`,
    where sampling without replacement has zero variance (not drawable on a
    log axis).

    Parameters
    ----------
    studies : sequence of VarianceStudy
        From :func:`execmath.stochastic.minibatch_variance_study`, all with
        the same population size.
    labels : sequence of str
    colors : sequence of str, optional
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> G = np.random.default_rng(0).standard_normal((20, 2))
    >>> s = stochastic.minibatch_variance_study(
    ...     G, [1, 5], n_draws=10, rng=np.random.default_rng(1), replace=True)
    >>> ax = plot_variance_study([s], ["with replacement"])
    >>> ax.get_xscale(), len(ax.containers)
    ('log', 1)
    >>> plt.close(ax.figure)
    """
    studies = list(studies) if isinstance(studies, (list, tuple)) and \
        not isinstance(studies, stochastic.VarianceStudy) else None
    if not studies or not all(isinstance(s, stochastic.VarianceStudy)
                              for s in studies):
        raise ValueError("studies must be a non-empty list of VarianceStudy")
    n = studies[0].n
    if any(s.n != n for s in studies):
        raise ValueError(f"studies must share n, got "
                         f"{[s.n for s in studies]}")
    labels = _labels(labels, len(studies))
    colors = _colors(colors, len(studies))
    check_ax(ax)
    ax = get_ax(ax)
    for s, label, color in zip(studies, labels, colors):
        B = s.batch_sizes.astype(np.float64)
        # B = N without replacement has variance exactly 0 (what is measured
        # there is rounding), which a log axis cannot show: leave it out.
        keep = (s.variance > 0) & (s.replace | (s.batch_sizes < n))
        ax.errorbar(B[keep], s.variance[keep], yerr=2 * s.se[keep],
                    fmt="o", ms=4, color=color, capsize=2, label=label)
        grid = np.unique(np.geomspace(1, n if s.replace else n - 1,
                                      200).round().astype(np.int64))
        exact = np.atleast_1d(stochastic.minibatch_variance(
            s.sigma2, n, grid, replace=s.replace))
        ax.loglog(grid, exact, "--", color=color, lw=1.2)
    ax.axvline(n, color="0.4", ls=":", lw=1.2)
    ax.annotate(f"$B = N = {n}$: variance 0\nwithout replacement\n"
                "(not drawable on a log axis)",
                xy=(n, 0.2), xycoords=("data", "axes fraction"),
                xytext=(-8, 0), textcoords="offset points", ha="right",
                va="center", fontsize=8, color="0.3")
    ax.plot([], [], "--", color="0.3", lw=1.2, label="exact law")
    ax.set_xlabel("batch size $B$")
    ax.set_ylabel(r"$\mathbb{E}\,\|g_{\mathcal{B}} - \nabla f\|^2$")
    ax.legend(loc="lower left")
    return ax


def plot_lr_schedules(
    schedules: Sequence[Any],
    labels: Sequence[str],
    *,
    steps_per_epoch: int,
    colors: Sequence[str] | None = None,
    styles: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Learning rate :math:`\eta_t` against epoch :math:`t / (N/B)`, log y.

    Parameters
    ----------
    schedules : sequence of array_like, each (n_steps,)
        Positive learning rates per step, e.g. ``Trace.lrs``.
    labels : sequence of str
    steps_per_epoch : int
        Steps per epoch, :math:`\lceil N/B \rceil`.
    colors, styles : sequence of str, optional
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_lr_schedules([[0.1, 0.1, 0.01, 0.01]], ["step decay"],
    ...                        steps_per_epoch=2)
    >>> ax.get_lines()[0].get_xdata().tolist()
    [0.0, 0.5, 1.0, 1.5]
    >>> plt.close(ax.figure)
    """
    if not isinstance(schedules, (list, tuple)):
        raise ValueError("schedules must be a list of 1-D arrays, got "
                         f"{type(schedules).__name__}")
    arrays = []
    for k, s in enumerate(schedules):
        a = as_float_array(s, f"schedules[{k}]", ndim=1)
        if np.any(a <= 0):
            raise ValueError(f"schedules[{k}] must be > 0 for a log axis, "
                             f"got minimum {a.min():.3e}")
        arrays.append(a)
    if not arrays:
        raise ValueError("schedules must hold at least one array, got 0")
    labels = _labels(labels, len(arrays))
    if isinstance(steps_per_epoch, bool) or not isinstance(
            steps_per_epoch, (int, np.integer)) or steps_per_epoch < 1:
        raise InputTypeError(f"steps_per_epoch must be a positive integer, got "
                         f"{steps_per_epoch!r}")
    colors = _colors(colors, len(arrays))
    styles = _styles(styles, len(arrays))
    check_ax(ax)
    ax = get_ax(ax)
    for a, label, color, ls in zip(arrays, labels, colors, styles):
        ax.semilogy(np.arange(a.size) / steps_per_epoch, a, ls, color=color,
                    label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel(r"learning rate $\eta_t$")
    ax.legend(loc="best")
    return ax
