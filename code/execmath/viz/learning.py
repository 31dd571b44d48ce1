"""Plots for :mod:`execmath.learning`: the bias-variance trade-off, ridge
paths, and k-fold cross-validation splits.

Every function validates its inputs before it touches a figure, draws on
the Axes it is given (or a new one), and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from execmath import learning
from execmath._validate import as_float_array
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "plot_bias_variance",
    "plot_kfold",
    "plot_ridge_norm",
    "plot_ridge_paths",
    "plot_train_test_mse",
]


def _check_study(study: Any) -> learning.BiasVarianceStudy:
    if not isinstance(study, learning.BiasVarianceStudy):
        raise TypeError(
            f"study must be a BiasVarianceStudy, got {type(study).__name__}")
    return study


def _check_z(z: Any) -> float:
    if isinstance(z, bool) or not isinstance(z, (int, float, np.floating,
                                                 np.integer)):
        raise TypeError(f"z must be a real number, got {z!r}")
    if not 0 <= z <= 10:                  # compare before float(): 10**400
        raise ValueError(f"z must lie in [0, 10], got {z!r}")
    z = float(z)
    if not 0.0 <= z <= 10.0:
        raise ValueError(f"z must lie in [0, 10], got {z!r}")
    return z


# --------------------------------------------------------- bias / variance
def plot_train_test_mse(study: learning.BiasVarianceStudy, *, z: float = 2.0,
                        ax: Axes | None = None) -> Axes:
    r"""Mean training and test MSE against polynomial degree (log scale).

    Bands are :math:`\pm z` Monte Carlo standard errors over the
    repetitions; the dashed line is the noise variance :math:`\sigma^2`,
    the smallest expected test MSE any model can reach; a circle marks the
    degree with the smallest mean test MSE.
    """
    study = _check_study(study)
    z = _check_z(z)
    ax = get_ax(ax)
    d = study.degrees
    for mean, se, colour, marker, label in (
            (study.train_mean, study.train_se, PALETTE[0], "s",
             "training MSE"),
            (study.test_mean, study.test_se, PALETTE[1], "o", "test MSE")):
        ax.fill_between(d, mean - z * se, mean + z * se, color=colour,
                        alpha=0.25, lw=0)
        ax.plot(d, mean, marker=marker, ms=3.5, color=colour, label=label)
    best = int(np.argmin(study.test_mean))
    ax.plot(d[best], study.test_mean[best], "o", ms=11, mfc="none",
            mec=PALETTE[7], mew=1.4, label=f"test minimum (degree {best})")
    if study.noise_var > 0:
        ax.axhline(study.noise_var, color="0.35", ls="--", lw=1.0,
                   label=r"noise variance $\sigma^2$")
    ax.set_yscale("log")
    ax.set_xlabel("polynomial degree $d$")
    ax.set_ylabel("mean squared error")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper center")
    return ax


def plot_bias_variance(study: learning.BiasVarianceStudy, *,
                       ax: Axes | None = None) -> Axes:
    r"""Squared bias, variance and noise against degree, with their sum and
    the simulated test MSE (log scale).

    The squared-bias estimate is unbiased and can dip below zero where the
    true bias is negligible compared with its Monte Carlo error; such
    points are not drawn.
    """
    study = _check_study(study)
    ax = get_ax(ax)
    d = study.degrees
    bias2 = np.where(study.bias2 > 0, study.bias2, np.nan)
    ax.plot(d, bias2, "v-", ms=4, color=PALETTE[2],
            label=r"bias$^2$ (grid average)")
    ax.plot(d, study.variance, "^-", ms=4, color=PALETTE[3],
            label="variance (grid average)")
    total = study.noise_var + study.bias2 + study.variance
    ax.plot(d, total, "-", color=PALETTE[7], lw=1.2,
            label=r"$\sigma^2$ + bias$^2$ + variance")
    ax.plot(d, study.test_mean, "o", ms=5, mfc="none", mec=PALETTE[1],
            label="simulated test MSE")
    if study.noise_var > 0:
        ax.axhline(study.noise_var, color="0.35", ls="--", lw=1.0,
                   label=r"$\sigma^2$")
    ax.set_yscale("log")
    ax.set_xlabel("polynomial degree $d$")
    ax.set_ylabel("error component")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper center", ncol=2, fontsize=8)
    return ax


# ------------------------------------------------------------------ ridge
def _check_path(path: Any) -> learning.RidgePath:
    if not isinstance(path, learning.RidgePath):
        raise TypeError(f"path must be a RidgePath, got {type(path).__name__}")
    lams = as_float_array(path.lams, "path.lams", ndim=1)
    if np.any(lams <= 0):
        raise ValueError("path.lams must be > 0 to be drawn on a log axis, "
                         f"got min {lams.min()!r}")
    return path


def plot_ridge_paths(path: learning.RidgePath, *, ax: Axes | None = None,
                     cmap: str = "viridis") -> Axes:
    r"""Every ridge coefficient :math:`\hat w_{\lambda, j}` against
    :math:`\lambda` (log scale), coloured by its index :math:`j` (the
    colour bar is the key).

    Markers at the left edge show the least-squares coefficients, the
    limit of the path as :math:`\lambda \to 0`.
    """
    path = _check_path(path)
    if not isinstance(cmap, str) or cmap not in matplotlib.colormaps:
        raise ValueError(f"cmap must be a Matplotlib colormap name, got "
                         f"{cmap!r}")
    colours = matplotlib.colormaps[cmap]
    ax = get_ax(ax)
    p = path.coef.shape[1]
    for j in range(p):
        colour = colours(j / max(p - 1, 1))
        ax.semilogx(path.lams, path.coef[:, j], color=colour, lw=1.3)
        ax.plot(path.lams[0], path.lstsq[j], marker="<", ms=5, color=colour,
                clip_on=False)
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlabel(r"regularisation strength $\lambda$")
    ax.set_ylabel(r"coefficient $\hat w_{\lambda, j}$")
    key = ScalarMappable(norm=Normalize(0, max(p - 1, 1)), cmap=colours)
    bar = ax.figure.colorbar(key, ax=ax, pad=0.02, fraction=0.05)
    bar.set_label("coefficient index $j$")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return ax


def plot_ridge_norm(path: learning.RidgePath, *, ax: Axes | None = None,
                    show_dof: bool = True) -> Axes:
    r"""The norm :math:`\|\hat w_\lambda\|_2` against :math:`\lambda`
    (log-log), with the least-squares norm as a dashed line and, on a second
    axis, the effective degrees of freedom
    :math:`\sum_i \sigma_i^2/(\sigma_i^2+\lambda)`.
    """
    path = _check_path(path)
    if not isinstance(show_dof, (bool, np.bool_)):
        raise TypeError(f"show_dof must be True or False, got {show_dof!r}")
    ax = get_ax(ax)
    ax.loglog(path.lams, path.norm, color=PALETTE[0], lw=1.8,
              label=r"$\|\hat w_\lambda\|_2$")
    ax.axhline(float(np.linalg.norm(path.lstsq)), color=PALETTE[0], ls="--",
               lw=1.0, label=r"least squares $\|\hat w_0\|_2$")
    ax.set_xlabel(r"regularisation strength $\lambda$")
    ax.set_ylabel(r"coefficient norm $\|\hat w_\lambda\|_2$",
                  color=PALETTE[0])
    handles, labels = ax.get_legend_handles_labels()
    if show_dof:
        twin = ax.twinx()
        (line,) = twin.semilogx(path.lams, path.dof, color=PALETTE[1],
                                ls="-.", lw=1.6,
                                label=r"effective dof $\mathrm{df}(\lambda)$")
        twin.set_ylabel(r"effective dof $\mathrm{df}(\lambda)$",
                        color=PALETTE[1])
        twin.set_ylim(0.0, float(path.dof.max()) * 1.05 + 1e-12)
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        handles.append(line)
        labels.append(line.get_label())
    ax.legend(handles, labels, loc="lower left", fontsize=8)
    return ax


# ------------------------------------------------------------------ k-fold
def plot_kfold(folds: Any, *, scores: Any = None, name: str = "",
               ax: Axes | None = None) -> Axes:
    r"""K-fold splits as a picture: one row per fold, one column per sample;
    validation samples in the second palette colour, training samples in a
    light first colour.

    ``scores`` (one validation error per fold) are written at the end of
    each row, with their mean in the title: averaging the validation errors
    is the cross-validation estimate. ``name`` prefixes the title.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if isinstance(folds, (str, bytes)) or not isinstance(folds, (list, tuple)) \
            or len(folds) == 0:
        raise ValueError(f"folds must be a non-empty sequence of Fold, got "
                         f"{type(folds).__name__}")
    n = 0
    for j, fold in enumerate(folds):
        if not isinstance(fold, tuple) or len(fold) != 2:
            raise ValueError(f"folds[{j}] must be a (train, validation) pair")
        for part in fold:
            arr = np.asarray(part)
            if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu" \
                    or arr.min() < 0:
                raise ValueError(f"folds[{j}] must hold non-empty 1-D arrays "
                                 "of non-negative integer indices")
            n = max(n, int(arr.max()) + 1)
    if n > 10_000:
        raise ValueError(f"folds index {n} samples; at most 10,000 can be "
                         "drawn")
    k = len(folds)
    if scores is not None:
        scores = as_float_array(scores, "scores", ndim=1)
        if scores.shape != (k,):
            raise ValueError(f"scores must have shape ({k},), got "
                             f"{scores.shape}")
    ax = get_ax(ax)
    grid = np.zeros((k, n))                                 # 0 = unused
    for j, fold in enumerate(folds):
        grid[j, np.asarray(fold[0])] = 1.0                  # training
        grid[j, np.asarray(fold[1])] = 2.0                  # validation
    cmap = ListedColormap(["white", PALETTE[5], PALETTE[1]])
    ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto",
              interpolation="nearest",
              extent=(-0.5, n - 0.5, k + 0.5, 0.5))
    ax.set_yticks(np.arange(1, k + 1))
    ax.set_yticklabels([f"fold {j}" for j in range(1, k + 1)])
    ax.set_xlabel("sample index $i$")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(False)
    for x in np.arange(0.5, n - 0.5):
        ax.axvline(x, color="white", lw=0.6)
    handles = [Patch(color=PALETTE[5], label="training"),
               Patch(color=PALETTE[1], label="validation")]
    if scores is not None:
        for j, s in enumerate(scores):
            ax.text(n - 0.5 + 0.012 * n, j + 1, f"MSE {s:.3g}",
                    va="center", ha="left", fontsize=8)
        ax.set_title(f"{name}CV estimate = mean of the {k} validation "
                     f"MSEs = {np.mean(scores / k) * k:.3g}", fontsize=9.5)
    elif name:
        ax.set_title(name.rstrip(": "), fontsize=9.5)
    ax.legend(handles=handles, loc="upper center",
              bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8)
    return ax
