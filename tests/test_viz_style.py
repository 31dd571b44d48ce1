"""Tests for execmath.viz.style: the one book style."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from execmath.viz import PALETTE, book_style, use_book_style
from execmath.viz.style import STYLE_PATH


@pytest.fixture
def restore_rcparams():
    saved = mpl.rcParams.copy()
    yield
    mpl.rcParams.update(saved)


def test_style_file_ships_with_the_package():
    assert STYLE_PATH.is_file() and STYLE_PATH.suffix == ".mplstyle"


def test_use_book_style_sets_cycle_and_spines(restore_rcparams):
    mpl.rcdefaults()
    use_book_style()
    colours = [c["color"].lower() for c in mpl.rcParams["axes.prop_cycle"]]
    assert colours == [c.lower() for c in PALETTE]
    assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["pdf.fonttype"] == 42     # editable text in PDFs


def test_book_style_context_restores_defaults(restore_rcparams):
    mpl.rcdefaults()
    before = mpl.rcParams["axes.grid"]
    with book_style():
        assert mpl.rcParams["axes.grid"] is True
        fig, ax = plt.subplots()
        # the style's figure.figsize, stored as given
        assert tuple(fig.get_size_inches()) == (6.4, 3.8)
    assert mpl.rcParams["axes.grid"] == before
