"""Shared pytest set-up: a headless backend, closed figures, fixed examples.

One conftest at the root serves both collected trees: ``tests/`` (unit
tests and book checks) and ``code/execmath`` (the numpydoc Examples, run
as doctests).
"""

import matplotlib

# Tests never open windows; Agg draws to memory.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run and every machine (a
# red CI run must be reproducible), keep no example database in the work
# tree, and have no per-example deadline (CI machines are shared and slow).
settings.register_profile("book", derandomize=True, database=None, deadline=None)
settings.load_profile("book")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never leak between tests."""
    yield
    plt.close("all")
