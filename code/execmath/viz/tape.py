"""Plots for :mod:`execmath.tape`: tanh, its derivative and where it
saturates, and the cancellation of :math:`1 - \\tanh^2 z`."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from execmath import tape
from execmath._validate import as_float_array, check_finite_scalar
from execmath.viz._axes import get_ax
from execmath.viz.style import PALETTE

__all__ = ["plot_tanh_cancellation", "plot_tanh_saturation"]

_U = 2.0**-53


def _grid(z: Any) -> np.ndarray:
    z = as_float_array(z, "z", ndim=1)
    if z.size < 2 or np.any(z[1:] <= z[:-1]):
        raise ValueError(
            f"z must be a strictly increasing grid of at least 2 points, got "
            f"{z.size} points")
    return z


def plot_tanh_saturation(z: Any, threshold: float = 0.01, *,
                         ax: Axes | None = None) -> Axes:
    r"""Draw :math:`\tanh z` and :math:`\tanh' z = \operatorname{sech}^2 z`
    on the grid ``z``, shade the band :math:`|z| \le z^*` where the
    derivative is at least ``threshold``
    (:func:`~execmath.tape.saturation_band`), and mark the threshold.
    """
    z = _grid(z)
    tau = check_finite_scalar(threshold, "threshold", positive=True)
    if tau > 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    zstar = tape.saturation_band(tau)
    ax = get_ax(ax)
    ax.axvspan(-zstar, zstar, color=PALETTE[5], alpha=0.15, lw=0,
               label=rf"$\tanh' \geq {tau:g}$: $|z| \leq {zstar:.2f}$")
    ax.plot(z, np.tanh(z), color=PALETTE[0], lw=2.0, label=r"$\tanh z$")
    ax.plot(z, tape.sech2(z), color=PALETTE[1], lw=2.0,
            label=r"$\tanh' z = \mathrm{sech}^2 z$")
    ax.axhline(tau, color="0.35", ls=":", lw=1.2)
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.text(z[-1], tau, rf" {tau:g}", va="bottom", ha="right", fontsize=8,
            color="0.35")
    ax.set_xlim(z[0], z[-1])
    ax.set_ylim(-1.1, 1.25)
    ax.set_xlabel("pre-activation $z$")
    ax.set_ylabel("value")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_tanh_cancellation(z: Any, *, ax: Axes | None = None) -> Axes:
    r"""Relative error of :math:`1 - \tanh^2 z` against the stable
    :math:`\operatorname{sech}^2 z` on a log scale, with the model
    :math:`2u\sinh^2 z` and the point where :math:`\tanh z` rounds to 1.

    Entries where the naive value is exactly 0 (relative error 1) are
    drawn at 1.
    """
    z = _grid(z)
    if np.any(z < 0):
        raise ValueError(f"z must be >= 0 (the error is even in z), got min "
                         f"{z.min()!r}")
    if np.any(z > 300):
        raise ValueError(f"z must be <= 300 (sech^2 underflows beyond), got "
                         f"max {z.max()!r}")
    exact = tape.sech2(z)
    naive = tape.tanh_derivative_naive(z)
    rel = np.abs(naive - exact) / exact
    shown = np.maximum(rel, _U / 8)                 # zeros on a log axis
    ax = get_ax(ax)
    model = np.minimum(2 * _U * np.sinh(np.minimum(z, 30.0)) ** 2, 1.0)
    ax.semilogy(z, shown, ".", color=PALETTE[1], ms=3.5,
                label=r"$1 - \tanh^2 z$ (as PyTorch)")
    ax.semilogy(z, model, "--", color="0.3", lw=1.2,
                label=r"model $2u\,\sinh^2 z$")
    ax.axhline(_U, color=PALETTE[0], lw=1.2, ls=":",
               label=r"unit roundoff $u$")
    first_zero = z[naive == 0.0]
    if first_zero.size:
        ax.axvline(first_zero[0], color=PALETTE[3], lw=1.0, ls="-.",
                   label=rf"$\tanh z$ rounds to 1: $z \approx "
                         rf"{first_zero[0]:.1f}$")
    ax.set_ylim(_U / 10, 10.0)
    ax.set_xlim(z[0], z[-1])
    ax.set_xlabel("pre-activation $z$")
    ax.set_ylabel(r"relative error vs $\mathrm{sech}^2 z$")
    ax.legend(loc="upper left", fontsize=8)
    return ax
