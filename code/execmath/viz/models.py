"""Plots for :mod:`execmath.models`: ridge and lasso coefficient paths,
validation curves over the regularisation strength, and residual
diagnostics with leverage.

Every function validates its inputs before it touches a figure, draws on
the Axes it is given (or a new one), and returns that Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from execmath import models
from execmath._validate import (
    as_float_array,
    check_finite_scalar,
    check_positive_int,
)
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = [
    "plot_heldout_leverage",
    "plot_lasso_path",
    "plot_residuals_leverage",
    "plot_ridge_path",
    "plot_validation_curve",
]

#: one colour per coefficient (Okabe-Ito without black, then a grey)
_COEF_COLOURS = PALETTE[:7] + ("#999999",)


def _colour(j: int) -> str:
    return _COEF_COLOURS[j % len(_COEF_COLOURS)]


def _check_model(model: Any, p: int, name: str) -> np.ndarray:
    if not isinstance(model, (models.LinearModel, models.LassoFit)):
        raise TypeError(f"{name} must be a LinearModel, got "
                        f"{type(model).__name__}")
    w = as_float_array(model.coef, name, ndim=1)
    if w.size != p:
        raise ValueError(f"{name} must have {p} coefficients to match the "
                         f"path, got {w.size}")
    if not np.any(w != 0):
        raise ValueError(f"{name} must have a non-zero coefficient (it sets "
                         "the scale of the horizontal axis)")
    return w


def _check_z(z: Any) -> float:
    z = check_finite_scalar(z, "z")
    if not 0.0 <= z <= 10.0:
        raise ValueError(f"z must lie in [0, 10], got {z!r}")
    return z


def _labels(p: int) -> list[str]:
    return [f"$w_{{{j + 1}}}$" for j in range(p)]


# ------------------------------------------------------------------ paths
def plot_ridge_path(path: models.RidgePath, *, ols: Any = None,
                    ax: Axes | None = None) -> Axes:
    r"""Ridge coefficients against the effective degrees of freedom of the
    slopes, :math:`\operatorname{df}(\lambda) = \sum_k
    \sigma_k^2/(\sigma_k^2+\lambda)` (``path.dof - 1``), from 0 (all
    shrunk) on the left to :math:`p` (least squares) on the right.

    ``ols`` (a :class:`~execmath.models.LinearModel`) marks the
    least-squares coefficients with triangles at :math:`\operatorname{df}
    = p`.
    """
    if not isinstance(path, models.RidgePath):
        raise TypeError(f"path must be a RidgePath, got "
                        f"{type(path).__name__}")
    coef = as_float_array(path.coef, "path", ndim=2)
    dof = as_float_array(path.dof, "path", ndim=1) - 1.0
    if dof.size != coef.shape[0]:
        raise ValueError("path must have one dof per row of coef")
    p = coef.shape[1]
    w_ols = None if ols is None else _check_model(ols, p, "ols")
    ax = get_ax(ax)
    for j, label in enumerate(_labels(p)):
        ax.plot(dof, coef[:, j], color=_colour(j), lw=1.5, label=label)
        if w_ols is not None:
            ax.plot(p, w_ols[j], marker="<", ms=6, color=_colour(j),
                    clip_on=False, ls="none")
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(0.0, p)
    ax.set_xlabel(r"effective degrees of freedom $\mathrm{df}(\lambda)$")
    ax.set_ylabel(r"coefficient $\hat w_j$")
    ax.set_title(r"ridge ($\ell_2$)", fontsize=10)
    return ax


def plot_lasso_path(path: models.LassoPath, ols: Any, *,
                    kinks: models.LassoKinks | None = None,
                    ax: Axes | None = None) -> Axes:
    r"""Lasso coefficients against the shrinkage factor
    :math:`s = \|\hat w_\lambda\|_1 / \|\hat w_{\text{OLS}}\|_1`, from 0
    (:math:`\lambda \ge \lambda_{\max}`) to 1 (least squares).

    The grid solutions of coordinate descent are drawn as lines with small
    dots; ``kinks`` (from :func:`~execmath.models.lasso_kinks`) adds the
    exact kinks of the path as black rings, and ``ols`` sets the scale and
    marks the least-squares coefficients with triangles at :math:`s = 1`.
    """
    if not isinstance(path, models.LassoPath):
        raise TypeError(f"path must be a LassoPath, got "
                        f"{type(path).__name__}")
    coef = as_float_array(path.coef, "path", ndim=2)
    p = coef.shape[1]
    w_ols = _check_model(ols, p, "ols")
    if kinks is not None:
        if not isinstance(kinks, models.LassoKinks):
            raise TypeError(f"kinks must be a LassoKinks, got "
                            f"{type(kinks).__name__}")
        kc = as_float_array(kinks.coef, "kinks", ndim=2)
        if kc.shape[1] != p:
            raise ValueError(f"kinks must have {p} columns to match path, "
                             f"got shape {kc.shape}")
    ax = get_ax(ax)
    norm1 = float(np.sum(np.abs(w_ols)))
    s = np.sum(np.abs(coef), axis=1) / norm1                       # (L,)
    for j, label in enumerate(_labels(p)):
        ax.plot(s, coef[:, j], color=_colour(j), lw=1.3, marker=".",
                ms=2.5, label=label)
        ax.plot(1.0, w_ols[j], marker="<", ms=6, color=_colour(j),
                clip_on=False, ls="none")
    if kinks is not None:
        sk = np.sum(np.abs(kc), axis=1) / norm1                    # (K,)
        moving = kc != 0                                           # (K, p)
        moving[:-1] |= kc[1:] != 0          # about to leave zero
        moving[1:] |= kc[:-1] != 0          # just reached zero
        xs = np.broadcast_to(sk[:, None], kc.shape)[moving]
        ys = kc[moving]
        ax.plot(xs, ys, "o", ms=4.5, mfc="none", mec=PALETTE[7], mew=0.9,
                label="kinks (exact)", zorder=3)
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(0.0, 1.0)
    ax.legend(loc="upper left", fontsize=8, ncol=3, columnspacing=1.0,
              handlelength=1.5)
    ax.set_xlabel(r"shrinkage $\|\hat w_\lambda\|_1 / "
                  r"\|\hat w_{\mathrm{OLS}}\|_1$")
    ax.set_ylabel(r"coefficient $\hat w_j$")
    ax.set_title(r"lasso ($\ell_1$)", fontsize=10)
    return ax


# ----------------------------------------------------------- validation
def plot_validation_curve(curve: models.ValidationCurve, *, z: float = 2.0,
                          show_splits: bool = True,
                          ax: Axes | None = None) -> Axes:
    r"""Mean training and validation MSE against :math:`\lambda` (log
    scale) over the random splits, with bands of :math:`\pm z` standard
    errors over the splits. ``show_splits`` draws each split's validation
    curve as a faint line (the spread); a ring marks the minimum of the
    mean validation curve.
    """
    if not isinstance(curve, models.ValidationCurve):
        raise TypeError(f"curve must be a ValidationCurve, got "
                        f"{type(curve).__name__}")
    lams = as_float_array(curve.lams, "curve", ndim=1)
    if np.any(lams <= 0):
        raise ValueError("curve must have lams > 0 to be drawn on a log "
                         f"axis, got min {lams.min()!r}")
    val = as_float_array(curve.val_mse, "curve", ndim=2)
    as_float_array(curve.train_mse, "curve", ndim=2)
    z = _check_z(z)
    if not isinstance(show_splits, (bool, np.bool_)):
        raise TypeError(f"show_splits must be True or False, got "
                        f"{show_splits!r}")
    ax = get_ax(ax)
    if show_splits:
        segs = [np.column_stack([lams, v]) for v in val]
        ax.add_collection(LineCollection(segs, colors=PALETTE[1], lw=0.5,
                                         alpha=0.18,
                                         label="validation, each split"))
    for mean, se, colour, marker, label in (
            (curve.train_mean, curve.train_se, PALETTE[0], "s",
             "training MSE (mean)"),
            (curve.val_mean, curve.val_se, PALETTE[1], "o",
             "validation MSE (mean)")):
        ax.fill_between(lams, mean - z * se, mean + z * se, color=colour,
                        alpha=0.3, lw=0)
        ax.plot(lams, mean, marker=marker, ms=3, color=colour, label=label)
    b = curve.best
    ax.plot(lams[b], curve.val_mean[b], "o", ms=11, mfc="none",
            mec=PALETTE[7], mew=1.4,
            label=rf"minimum at $\lambda$ = {lams[b]:.3g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(r"ridge penalty $\lambda$")
    ax.set_ylabel("mean squared error")
    ax.legend(loc="lower right", fontsize=8)
    return ax


# ------------------------------------------------------------ residuals
def _pair(a: Any, b: Any, an: str, bn: str) -> tuple[np.ndarray, np.ndarray]:
    a = as_float_array(a, an, ndim=1)
    b = as_float_array(b, bn, ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"{bn} must have shape {a.shape} to match {an}, "
                         f"got {b.shape}")
    return a, b


def plot_residuals_leverage(h_ols: Any, e_ols: Any, h_ridge: Any,
                            e_ridge: Any, *, n_mark: int = 5,
                            ax: Axes | None = None) -> Axes:
    r"""Residuals against leverage for OLS (circles) and ridge (squares),
    the two positions of each observation joined by a grey segment.

    The ``n_mark`` observations of highest OLS leverage are ringed. Ridge
    moves every point to the left (:math:`h_{ii}(\lambda) \le h_{ii}(0)`).
    """
    h_ols, e_ols = _pair(h_ols, e_ols, "h_ols", "e_ols")
    _, h_ridge = _pair(h_ols, h_ridge, "h_ols", "h_ridge")
    _, e_ridge = _pair(h_ols, e_ridge, "h_ols", "e_ridge")
    for name, h in (("h_ols", h_ols), ("h_ridge", h_ridge)):
        if np.any(h < 0) or np.any(h > 1):
            raise ValueError(f"{name} must hold leverages in [0, 1], got "
                             f"values from {h.min()!r} to {h.max()!r}")
    for name, e in (("e_ols", e_ols), ("e_ridge", e_ridge)):
        if np.max(np.abs(e)) > 1e300:
            raise ValueError(f"{name} is outside the range that can be "
                             "drawn (|residual| > 1e300); rescale it")
    n_mark = check_positive_int(n_mark, "n_mark", minimum=0,
                                maximum=h_ols.size)
    ax = get_ax(ax)
    segs = np.stack([np.column_stack([h_ols, e_ols]),
                     np.column_stack([h_ridge, e_ridge])], axis=1)  # (n, 2, 2)
    ax.add_collection(LineCollection(segs, colors="0.6", lw=0.8))
    ax.plot(h_ols, e_ols, "o", ms=4.5, color=PALETTE[0], label="OLS")
    ax.plot(h_ridge, e_ridge, "s", ms=4, color=PALETTE[1], label="ridge")
    if n_mark:
        top = np.argsort(-h_ols)[:n_mark]
        ax.plot(h_ols[top], e_ols[top], "o", ms=11, mfc="none",
                mec=PALETTE[7], mew=1.1,
                label=f"{n_mark} highest OLS leverages")
        ax.plot(h_ridge[top], e_ridge[top], "s", ms=10, mfc="none",
                mec=PALETTE[7], mew=1.1)
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(0.0, min(1.0, float(h_ols.max()) * 1.1))
    ax.set_xlabel(r"leverage $h_{ii}$")
    ax.set_ylabel(r"training residual $y_i - \hat y_i$")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def plot_heldout_leverage(study: models.HeldoutStudy, *, z: float = 2.0,
                          ax: Axes | None = None) -> Axes:
    r"""Mean held-out squared error of OLS and ridge in each leverage bin
    (error bars :math:`\pm z` standard errors over the repetitions),
    against the mean OLS leverage :math:`h(x_0)` of the bin; the dashed
    line is the OLS expectation :math:`\sigma^2(1 + h)`, the dotted line
    the noise floor :math:`\sigma^2`.
    """
    if not isinstance(study, models.HeldoutStudy):
        raise TypeError(f"study must be a HeldoutStudy, got "
                        f"{type(study).__name__}")
    z = _check_z(z)
    edges = as_float_array(study.edges, "study", ndim=1)
    theory = as_float_array(study.theory_ols, "study", ndim=1)
    noise = float(study.noise_var)
    if not (np.isfinite(noise) and noise > 0):
        raise ValueError(f"study must have noise_var > 0, got {noise!r}")
    ax = get_ax(ax)
    h_mid = theory / noise - 1.0                                   # (B,)
    for mean, se, colour, marker, label, dx in (
            (study.mse_ols, study.se_ols, PALETTE[0], "o", "OLS", -0.004),
            (study.mse_ridge, study.se_ridge, PALETTE[1], "s", "ridge",
             0.004)):
        ax.errorbar(h_mid + dx, mean, yerr=z * se, fmt=marker + "-",
                    ms=4.5, color=colour, capsize=2.5, lw=1.3, label=label)
    pad = 0.08 * float(h_mid[-1] - h_mid[0]) + 1e-3
    grid = np.linspace(max(float(h_mid[0]) - pad, float(edges[0])),
                       float(h_mid[-1]) + pad, 50)
    ax.plot(grid, noise * (1.0 + grid), "--", color=PALETTE[7], lw=1.0,
            label=r"OLS theory $\sigma^2(1 + h)$")
    ax.axhline(noise, color="0.35", ls=":", lw=1.0,
               label=r"noise floor $\sigma^2$")
    ax.set_ylim(bottom=0.9 * noise)
    ax.set_xlabel(r"leverage of the new point $h(x_0)$")
    ax.set_ylabel("held-out squared error")
    ax.legend(loc="upper left", fontsize=8)
    return ax
