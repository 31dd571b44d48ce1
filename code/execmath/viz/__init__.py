"""Plotting for the book: one module per compute module of ``execmath``.

Plotting functions take ``ax=None``, draw, and return the Axes. They never
call ``plt.show()`` and never change global ``rcParams``; the one book style
is applied by :func:`use_book_style`.
"""

from execmath.viz.style import PALETTE, book_style, use_book_style

__all__ = ["PALETTE", "book_style", "use_book_style"]
