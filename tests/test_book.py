"""The book itself, checked without Quarto.

* every chapter listed in ``_quarto.yml`` executes top to bottom in a fresh
  kernel (one test per chapter, so one failure does not hide the others);
* the markup lint finds nothing;
* every formula compiles under LaTeX;
* the whole book, assembled as Quarto assembles its PDF (one LaTeX file
  with the book's class and header), compiles with lualatex, with the
  inline values of the executions above.
"""

from pathlib import Path

import pytest

from bookcheck import book
from bookcheck.execute import execute_chapter, write_outputs
from bookcheck.lint import lint_book
from bookcheck.mathcheck import check_math
from bookcheck.pdfbook import check_pdf_book

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = book.executable_files(ROOT)

pytestmark = pytest.mark.book

# inline values of each executed chapter, for the PDF assembly (test order:
# the chapters run first; a chapter not run here is executed again there)
INLINE: dict = {}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_executes(chapter):
    result = execute_chapter(chapter)
    # keep what ran for a look afterwards (make notebooks does the same)
    write_outputs(result, ROOT / "_build")
    INLINE[chapter.resolve()] = result.inline_values
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


def test_pdf_book_compiles():
    """Quarto joins all chapters into one .tex: it must compile as a whole."""
    for chapter in CHAPTERS:
        if chapter.resolve() not in INLINE:
            INLINE[chapter.resolve()] = execute_chapter(chapter).inline_values
    problems, tex = check_pdf_book(ROOT, INLINE)
    assert not problems, "\n".join(map(str, problems)) + f"\n(see {tex})"
