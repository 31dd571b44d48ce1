"""Small helpers shared by the plotting modules."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes


def get_ax(ax: Axes | None = None, **subplot_kw) -> Axes:
    """Return ``ax`` or, when it is None, the Axes of a new figure.

    Plotting functions take ``ax=None`` so a reader can call them alone or
    place them into a multi-panel figure; this is the one place that
    decides what "alone" means.
    """
    if ax is not None:
        return ax
    _, new_ax = plt.subplots(subplot_kw=subplot_kw or None)
    return new_ax
