"""Shared pytest set-up: a headless backend and the book style."""

import matplotlib

# Tests never open windows; Agg draws to memory.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never leak between tests."""
    yield
    plt.close("all")
