"""The book itself, checked without Quarto.

* every chapter listed in ``_quarto.yml`` executes top to bottom in a fresh
  kernel (one test per chapter, so one failure does not hide the others);
* the markup lint finds nothing;
* every formula compiles under LaTeX.
"""

from pathlib import Path

import pytest

from bookcheck import book
from bookcheck.execute import execute_chapter, write_outputs
from bookcheck.lint import lint_book
from bookcheck.mathcheck import check_math

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = book.executable_files(ROOT)

pytestmark = pytest.mark.book


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_executes(chapter):
    result = execute_chapter(chapter)
    # keep what ran for a look afterwards (make notebooks does the same)
    write_outputs(result, ROOT / "_build")
    assert result.ok, result.report()


def test_book_has_chapters():
    assert CHAPTERS, "no chapter with Python cells is listed in _quarto.yml"


def test_markup_lint():
    problems = lint_book(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_math_compiles():
    problems, count = check_math(ROOT)
    assert count > 0
    assert not problems, "\n".join(map(str, problems))
