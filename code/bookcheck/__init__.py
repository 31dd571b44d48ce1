"""Checks of the Quarto book that need no Quarto.

``python -m bookcheck execute|lint|math|notebooks|bench`` — see
``python -m bookcheck --help``. ``tests/test_book.py`` runs the same checks
under pytest.
"""
