"""The book's single figure style.

Every chapter calls :func:`use_book_style` once in its setup cell; plotting
functions never touch ``rcParams`` themselves. The colour cycle is the
Okabe-Ito palette, which stays distinguishable for the common forms of
colour-blindness and in greyscale print.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import matplotlib.pyplot as plt

STYLE_PATH = Path(__file__).with_name("book.mplstyle")

#: Okabe-Ito colours in the order of the style's cycle, for code that needs
#: a named colour (e.g. "the stable curve is always the second colour").
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7",
    "#E69F00", "#56B4E9", "#F0E442", "#000000",
)


def use_book_style() -> None:
    """Apply the book style to every figure drawn afterwards."""
    plt.style.use(STYLE_PATH)


@contextlib.contextmanager
def book_style() -> Iterator[None]:
    """Context manager: draw inside the block with the book style.

    Examples
    --------
    >>> with book_style():
    ...     fig, ax = plt.subplots()
    """
    with plt.style.context(STYLE_PATH):
        yield
