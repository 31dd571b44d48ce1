"""The book's checks must be able to fail: each is fed a small broken book.

These tests build throw-away books in ``tmp_path`` and assert that the
parser, the lint, the math check and the executor report exactly the
planted problems, with the file and line (or cell) where they stand.
"""

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from bookcheck import book
from bookcheck.bench import chapter_table, read_baseline, slowest_cells
from bookcheck.execute import execute_chapter
from bookcheck.lint import lint_book
from bookcheck.crossref import number_book, resolve
from bookcheck.macros import expand_macros, read_macros
from bookcheck.mathcheck import check_math
from bookcheck.pdfbook import check_pdf_book, pandoc_binary
from bookcheck.qmd import parse_text

ROOT = Path(__file__).resolve().parents[1]

GOOD = textwrap.dedent('''\
    # A Chapter {#sec-t}

    See @fig-t-line and @eq-t-one, as in\\ [@knuth1984].

    $$
    \\norm{x}_2 = \\sqrt{x\\T x}
    $$ {#eq-t-one}

    ```{python}
    #| label: setup-t
    import matplotlib.pyplot as plt
    n_txt = f"{2 ** 10:,}"
    ```

    There are `{python} n_txt` points.

    ```{python}
    #| label: fig-t-line
    #| fig-cap: 'A line with slope $\\alpha$.'
    #| fig-alt: "A straight rising line."
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1]);
    ```

    ::: {#exr-t-one}
    **Try.** Change the slope.
    :::

    ::: {.solution}
    ```{python}
    #| label: sol-t-one
    print(2 * 3)
    ```
    :::
    ''')

BIB = "@book{knuth1984, author={Knuth, Donald E.}, title={The TeXbook}, " \
      "publisher={Addison-Wesley}, year={1984}}\n"
CORPORATE = "@misc{ieee2019, author={{IEEE Computer Society}}, title={754}, " \
            "year={2019}}\n"


def make_book(tmp_path, chapter_text=GOOD, bib=BIB, extra_files=()):
    (tmp_path / "chapters").mkdir()
    for name in ("_macros.tex", "_macros-mathjax.html", "panache.toml"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "references.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "index.qmd").write_text("# Preface {.unnumbered}\n", encoding="utf-8")
    (tmp_path / "chapters" / "01-t.qmd").write_text(chapter_text, encoding="utf-8")
    for name in extra_files:
        (tmp_path / name).write_text("# Extra\n", encoding="utf-8")
    (tmp_path / "_quarto.yml").write_text(textwrap.dedent('''\
        project:
          type: book
        book:
          chapters:
            - index.qmd
            - part: "Part"
              chapters:
                - chapters/01-t.qmd
        bibliography: references.bib
        format:
          html:
            include-before-body: _macros-mathjax.html
          pdf:
            documentclass: scrbook
            classoption: [oneside, open=any]
            include-in-header:
              - _macros.tex
        '''), encoding="utf-8")
    return tmp_path


def messages(problems):
    return [str(p) for p in problems]


class TestParser:
    def test_finds_labels_refs_cites_math_inline(self):
        doc = parse_text(GOOD, "x.qmd")
        assert {s.text for s in doc.labels} == {
            "sec-t", "eq-t-one", "setup-t", "fig-t-line", "exr-t-one", "sol-t-one"}
        assert [s.text for s in doc.xrefs] == ["fig-t-line", "eq-t-one"]
        assert [s.text for s in doc.citations] == ["knuth1984"]
        assert [s.text for s in doc.inline_exprs] == ["n_txt"]
        assert any(s.display and "\\sqrt" in s.text for s in doc.math)
        assert any(s.text == "\\alpha" for s in doc.math)   # from fig-cap

    def test_code_is_not_prose(self):
        text = "Inline `@fig-x` and `$y$`.\n\n```python\n@fig-z $w$\n```\n"
        doc = parse_text(text, "x.qmd")
        assert doc.xrefs == [] and doc.math == []

    def test_email_is_not_a_citation(self):
        doc = parse_text("Write to someone@example.org today.\n", "x.qmd")
        assert doc.citations == []

    def test_lines_are_one_based(self):
        doc = parse_text("# T\n\nsee @fig-a here\n", "x.qmd")
        assert doc.xrefs[0].line == 3


class TestLint:
    def test_good_book_is_clean(self, tmp_path):
        assert messages(lint_book(make_book(tmp_path))) == []

    def test_unresolved_reference(self, tmp_path):
        root = make_book(tmp_path, GOOD.replace("@eq-t-one,", "@eq-t-two,"))
        assert any("chapters/01-t.qmd:3: panache warning[undefined-reference-label]"
                   in m and "@eq-t-two" in m for m in messages(lint_book(root)))

    def test_duplicate_label(self, tmp_path):
        root = make_book(tmp_path, GOOD.replace("#| label: sol-t-one",
                                                "#| label: setup-t"))
        assert any("[duplicate-reference-labels]" in m and "setup-t" in m
                   for m in messages(lint_book(root)))

    def test_missing_and_unused_citations(self, tmp_path):
        bib = BIB + "@article{unused2000, author={A}, title={B}, journal={C}, year={2000}}\n"
        root = make_book(tmp_path, GOOD.replace("knuth1984", "lamport1994"), bib)
        found = messages(lint_book(root))
        assert any("01-t.qmd:3: panache warning[missing-bibliography-key]" in m
                   and "lamport1994" in m for m in found), found
        assert any("entry 'knuth1984' is never cited" in m for m in found)
        assert any("entry 'unused2000' is never cited" in m for m in found)

    def test_math_that_pandoc_would_not_read(self, tmp_path):
        """A closing $ after a space is not math (chapter 9's old defect)."""
        text = GOOD.replace("There are `{python} n_txt` points.",
                            "So $\\partial f/\\partial x_1 = $ `{python} n_txt` and\n"
                            "$\\partial f/\\partial x_2 = $ `{python} n_txt`.")
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any("01-t.qmd:15: a '$' after a space does not close math" in m
                   for m in found), found

    @pytest.mark.parametrize("options, line", [
        ("#| fig-cap: >-\n#|   A line with slope\n#|   $\\alpha$.", 19),
        ("#| fig-cap: 'A line with slope\n#|   $\\alpha$.'", 20),
    ], ids=["folded-block", "continued-line"])
    def test_multiline_cell_option(self, tmp_path, options, line):
        """quarto-dev/quarto-cli#10216: a multi-line option value breaks a figure."""
        text = GOOD.replace("#| fig-cap: 'A line with slope $\\alpha$.'", options)
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any(f"01-t.qmd:{line}:" in m and "cell option 'fig-cap'" in m
                   and "#10216" in m for m in found), found

    def test_page_must_not_define_or_include_macros(self, tmp_path):
        text = GOOD.replace("See @fig-t-line",
                            "{{< include ../_macros.tex >}}\n\n"
                            "$\\newcommand{\\R}{\\mathbb{R}}$\n\nSee @fig-t-line")
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any("01-t.qmd:3: pages do not include macros" in m for m in found), found
        assert any("01-t.qmd:5: LaTeX macros are defined once, in _macros.tex" in m
                   for m in found), found

    def test_macros_wired_and_mathjax_copy_current(self, tmp_path):
        root = make_book(tmp_path)
        with open(root / "_macros.tex", "a", encoding="utf-8") as fh:
            fh.write("\\newcommand{\\Prob}{\\mathbb{P}}\n")
        cfg = (root / "_quarto.yml").read_text(encoding="utf-8")
        (root / "_quarto.yml").write_text(
            cfg.replace("      - _macros.tex\n", "      - other.tex\n"),
            encoding="utf-8")
        found = messages(lint_book(root))
        assert "_macros-mathjax.html:1: _macros-mathjax.html is not current with " \
               "_macros.tex: run `python -m bookcheck macros`" in found
        assert "_quarto.yml:1: format.pdf.include-in-header must list _macros.tex" \
            in found

    def test_pointers_at_chapters_and_parts_must_resolve(self, tmp_path):
        text = GOOD.replace(
            "There are `{python} n_txt` points.",
            "There are `{python} n_txt` points, as Chapter 4 shows;\n"
            "Part I has them and Part II will too,\nas a later chapter explains.")
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any("01-t.qmd:15: a chapter is referred to by its label" in m
                   for m in found), found
        assert any("01-t.qmd:16: 'Part II' points at a part the book does not "
                   "contain (it has 1)" in m for m in found), found
        assert not any("'Part I'" in m for m in found)
        assert any("01-t.qmd:17: 'later chapter' points at nothing" in m
                   for m in found), found

    def test_figure_needs_caption_and_alt(self, tmp_path):
        root = make_book(tmp_path, GOOD.replace('#| fig-alt: "A straight rising line."\n', ""))
        assert any("has no fig-alt" in m for m in messages(lint_book(root)))

    def test_unknown_option_and_backslash_in_double_quotes(self, tmp_path):
        text = GOOD.replace("#| fig-cap: 'A line with slope $\\alpha$.'",
                            '#| fig-cap: "A line with slope $\\alpha$."\n#| fig-colour: red')
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any("unknown cell option 'fig-colour'" in m for m in found)
        assert any("double-quoted YAML string with a backslash" in m for m in found)

    def test_inline_expression_split_across_lines(self, tmp_path):
        text = GOOD.replace("There are `{python} n_txt` points.",
                            "There are `{python}\nn_txt` points.")
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any("01-t.qmd:15: inline `{python} expr` must be on one line" in m
                   for m in found), found

    def test_long_code_line(self, tmp_path):
        text = GOOD.replace("print(2 * 3)", "print(" + "1 + " * 30 + "1)")
        assert any("code line is" in m for m in messages(lint_book(make_book(tmp_path, text))))

    def test_exercise_without_solution(self, tmp_path):
        text = GOOD.split("::: {.solution}")[0]
        assert any("exercise 'exr-t-one' has no ::: {.solution} block" in m
                   for m in messages(lint_book(make_book(tmp_path, text))))

    def test_unlisted_and_missing_files(self, tmp_path):
        root = make_book(tmp_path, extra_files=["stray.qmd"])
        (root / "chapters" / "01-t.qmd").rename(root / "chapters" / "01-moved.qmd")
        found = messages(lint_book(root))
        assert "stray.qmd:1: file is not listed in _quarto.yml" in found
        assert any("listed file chapters/01-t.qmd does not exist" in m for m in found)

    def test_unreferenced_figure_and_bm(self, tmp_path):
        text = GOOD.replace("See @fig-t-line and", "See").replace(
            "\\sqrt{x\\T x}", "\\bm{x}")
        found = messages(lint_book(make_book(tmp_path, text)))
        assert any("figure 'fig-t-line' is never referenced" in m for m in found)
        assert any("\\bm is not available in MathJax" in m for m in found)


class TestMath:
    def test_good_math_compiles(self, tmp_path):
        problems, count = check_math(make_book(tmp_path))
        assert count == 2 and problems == []

    def test_errors_are_mapped_to_file_and_line(self, tmp_path):
        text = GOOD.replace("as in\\ [@knuth1984].",
                            "as in\\ [@knuth1984]. Bad $\\nosuchmacro x$ and $\\frac{1}{2$.")
        problems, _ = check_math(make_book(tmp_path, text))
        found = messages(problems)
        assert len(found) == 2
        assert any("01-t.qmd:3: Undefined control sequence" in m for m in found)
        assert any("01-t.qmd:3: unbalanced braces" in m for m in found)

    def test_book_macros_are_known(self, tmp_path):
        text = GOOD.replace("\\sqrt{x\\T x}", "\\E[\\abs{X}] \\le \\norm{x}_\\infty")
        problems, _ = check_math(make_book(tmp_path, text))
        assert problems == []


class TestExecute:
    def test_good_chapter_runs(self, tmp_path):
        root = make_book(tmp_path)
        result = execute_chapter(root / "chapters" / "01-t.qmd")
        assert result.ok, result.report()
        assert set(result.figures) == {"fig-t-line"}
        # every code cell is timed, under its label
        names = [name for name, _ in result.cell_seconds]
        assert names[0] == "setup-t" and "fig-t-line" in names
        assert len(names) == len(parse_text((root / "chapters" / "01-t.qmd").read_text()).cells)
        assert all(s >= 0 for _, s in result.cell_seconds)
        assert sum(s for _, s in result.cell_seconds) <= result.seconds
        md = "".join(c.source for c in result.notebook.cells if c.cell_type == "markdown")
        assert "There are 1,024 points." in md

    @pytest.mark.parametrize("bad_code, expected", [
        ("1 / 0", "cell 'sol-t-one': ZeroDivisionError"),
        ("import warnings; warnings.warn('x')", "cell 'sol-t-one': wrote to stderr"),
    ])
    def test_failures_name_the_cell(self, tmp_path, bad_code, expected):
        root = make_book(tmp_path, GOOD.replace("print(2 * 3)", bad_code))
        result = execute_chapter(root / "chapters" / "01-t.qmd")
        assert any(str(p).startswith(expected) for p in result.problems), result.report()

    def test_plotting_repr_is_reported(self, tmp_path):
        text = GOOD.replace("ax.plot([0, 1], [0, 1]);", "ax.plot([0, 1], [0, 1])")
        result = execute_chapter(make_book(tmp_path, text) / "chapters" / "01-t.qmd")
        assert any("prints the repr '[<matplotlib.lines.Line2D" in str(p)
                   for p in result.problems), \
            result.report()

    def test_figure_count_and_inline_type(self, tmp_path):
        text = GOOD.replace("ax.plot([0, 1], [0, 1])",
                            "ax.plot([0, 1])\nfig2, ax2 = plt.subplots()").replace(
            'n_txt = f"{2 ** 10:,}"', "n_txt = 2 ** 0.5")
        result = execute_chapter(make_book(tmp_path, text) / "chapters" / "01-t.qmd")
        found = [str(p) for p in result.problems]
        assert any("exactly one figure, got 2" in m for m in found)
        assert any("line 15: inline `{python} n_txt` is a float" in m for m in found)

    def test_runs_in_the_chapter_folder(self, tmp_path):
        text = GOOD.replace("print(2 * 3)",
                            "import os\nassert os.path.basename(os.getcwd()) == 'chapters'")
        result = execute_chapter(make_book(tmp_path, text) / "chapters" / "01-t.qmd")
        assert result.ok, result.report()


def test_listed_files_walks_parts(tmp_path):
    root = make_book(tmp_path)
    assert [p.relative_to(root).as_posix() for p in book.listed_files(root)] == [
        "index.qmd", "chapters/01-t.qmd"]


class TestMacros:
    def test_book_macros_expand_to_plain_latex(self):
        macros = read_macros(ROOT / "_macros.tex")
        out = expand_macros(r"$\norm{x}_2 \in \R$, $\argmin_w \E[\abs{X}]$, "
                            r"$A\T b$, `\R` stays", macros)
        assert out == (r"$\lVert x \rVert_2 \in \mathbb{R}$, "
                       r"$\operatorname*{arg\,min}_w \mathbb{E}[\lvert X \rvert]$, "
                       r"$A^{\top} b$, `\R` stays")

    def test_unbalanced_argument_is_an_error(self):
        macros = read_macros(ROOT / "_macros.tex")
        with pytest.raises(ValueError, match="unbalanced"):
            expand_macros(r"$\norm{x$", macros)

    def test_notebook_math_needs_no_macros(self, tmp_path):
        root = make_book(tmp_path)
        result = execute_chapter(root / "chapters" / "01-t.qmd")
        md = "".join(c.source for c in result.notebook.cells
                     if c.cell_type == "markdown")
        assert r"\lVert x \rVert_2 = \sqrt{x^{\top} x}" in md
        assert "_macros" not in md and r"\norm" not in md


class TestCrossref:
    def test_notebook_shows_quartos_numbers(self, tmp_path):
        root = make_book(tmp_path)
        result = execute_chapter(root / "chapters" / "01-t.qmd")
        assert result.ok, result.report()
        md = "\n".join(c.source for c in result.notebook.cells
                       if c.cell_type == "markdown")
        assert md.startswith("# 1 A Chapter")
        assert "See Figure 1.1 and Equation 1.1, as in\u00a0(Knuth 1984)." in md
        assert "\\tag{1.1} $$" in md
        assert "**Exercise 1.1.**" in md and "*Solution.*" in md
        assert "**Figure 1.1.** A line with slope $\\alpha$." in md
        assert "@" not in md and "{#" not in md and ":::" not in md

    def test_exercise_heading_is_its_title_not_a_section(self, tmp_path):
        """Quarto reads '## Title' opening an exercise div as its title."""
        text = GOOD.replace("::: {#exr-t-one}\n**Try.** Change the slope.",
                            "::: {#exr-t-one}\n## Slopes\n\nChange the slope.")
        result = execute_chapter(make_book(tmp_path, text) / "chapters" / "01-t.qmd")
        md = "\n".join(c.source for c in result.notebook.cells
                       if c.cell_type == "markdown")
        assert "**Exercise 1.1 (Slopes).**" in md
        assert "## 1.1 Slopes" not in md and "Slopes\n" not in md

    def test_numbering_is_book_wide(self, tmp_path):
        root = make_book(tmp_path)
        numbering = number_book(root)
        assert numbering.display["sec-t"] == "Chapter 1"
        assert numbering.display["fig-t-line"] == "Figure 1.1"
        assert numbering.display["exr-t-one"] == "Exercise 1.1"
        assert numbering.authors["knuth1984"] == ("Knuth", "1984")

    def test_corporate_author_keeps_its_name(self, tmp_path):
        numbering = number_book(make_book(tmp_path, bib=BIB + CORPORATE))
        assert numbering.authors["ieee2019"] == ("IEEE Computer Society", "2019")

    def test_citation_groups_keep_locators(self, tmp_path):
        numbering = number_book(make_book(tmp_path))
        out = resolve("As shown [@knuth1984, ch. 2; see @knuth1984].", 1,
                      tmp_path / "x.qmd", numbering)
        assert out == "As shown (Knuth 1984, ch. 2; see Knuth 1984)."


def test_macro_definitions_must_be_expandable(tmp_path):
    root = make_book(tmp_path)
    with open(root / "_macros.tex", "a", encoding="utf-8") as fh:
        fh.write("\\DeclareMathOperator{\\sgn}{sgn}\n")
    with pytest.raises(ValueError, match="one-line"):
        read_macros(root / "_macros.tex")


needs_pdf_tools = pytest.mark.skipif(
    pandoc_binary() is None or shutil.which("lualatex") is None,
    reason="the PDF assembly check needs pandoc and lualatex")


@needs_pdf_tools
class TestPdfBook:
    """The whole book as one LaTeX file, as Quarto builds its PDF."""

    def test_good_book_compiles(self, tmp_path):
        root = make_book(tmp_path)
        problems, tex = check_pdf_book(root, {
            (root / "chapters" / "01-t.qmd").resolve(): {"n_txt": "1,024"}})
        assert messages(problems) == []
        text = tex.read_text(encoding="utf-8")
        assert text.count("\\newcommand{\\R}") == 1          # once, in the preamble
        assert "There are 1,024 points." in text
        assert "\\label{eq-t-one}" in text and "\\ref{fig-t-line}" in text

    def test_macro_defined_twice_fails_with_chapter_and_line(self, tmp_path):
        """The render defect: every chapter including the macros file."""
        (tmp_path / "defs").mkdir()
        (tmp_path / "defs" / "_m.qmd").write_text(
            "\\newcommand{\\R}{\\mathbb{R}}\n", encoding="utf-8")
        text = GOOD.replace("See @fig-t-line", "{{< include ../defs/_m.qmd >}}\n\n"
                                               "See @fig-t-line")
        problems, _ = check_pdf_book(make_book(tmp_path, text))
        found = messages(problems)
        assert any(m.startswith("chapters/01-t.qmd:3: LaTeX: ")
                   and "Command \\R already defined" in m for m in found), found

    def test_latex_error_in_a_caption_is_mapped(self, tmp_path):
        text = GOOD.replace("#| fig-cap: 'A line with slope $\\alpha$.'",
                            "#| fig-cap: 'A line with slope \\nosuchcommand.'")
        problems, _ = check_pdf_book(make_book(tmp_path, text))
        found = messages(problems)
        assert any(m.startswith("chapters/01-t.qmd:17: LaTeX: Undefined control")
                   for m in found), found


def test_kernel_start_is_quiet(tmp_path):
    """A kernel start writes nothing to stderr (Quarto prints it in its log).

    ipykernel 7.3 added a warning on every start over local TCP, the
    transport Quarto uses; the pinned ipykernel does not print it.
    """
    from jupyter_client import KernelManager

    with open(tmp_path / "stderr.txt", "w+", encoding="utf-8") as err:
        km = KernelManager(kernel_name="python3")
        km.start_kernel(stderr=err, stdout=subprocess.DEVNULL)
        try:
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=120)
            kc.stop_channels()
        finally:
            km.shutdown_kernel()
        err.seek(0)
        assert err.read().strip() == ""


class TestBench:
    ROWS = [{"chapter": "chapters/01-a.qmd", "kernel_start": 1.0, "cells": 3.0,
             "total": 4.0, "ok": True, "cell_seconds": {"setup-a": 1.5, "fig-a": 1.0}},
            {"chapter": "chapters/02-b.qmd", "kernel_start": 1.0, "cells": 1.0,
             "total": 2.0, "ok": False, "cell_seconds": {"setup-b": 0.5}}]

    def test_table_compares_with_the_baseline(self):
        table = chapter_table(self.ROWS, {"chapters/01-a.qmd": 8.0})
        assert "| chapters/01-a.qmd | 1.00 | 3.00 | 4.00 | 8.00 | -50% | yes |" in table
        # a chapter the baseline does not have gets no change, not a crash
        assert "| chapters/02-b.qmd | 1.00 | 1.00 | 2.00 | | | NO |" in table
        assert "**6.00** | **8.00** | **-25%**" in table

    def test_slowest_cells_across_chapters(self):
        table = slowest_cells(self.ROWS, n=2).splitlines()
        assert table[2:] == ["| setup-a | chapters/01-a.qmd | 1.50 |",
                             "| fig-a | chapters/01-a.qmd | 1.00 |"]

    def test_baseline_must_be_a_bench_json(self, tmp_path):
        bad = tmp_path / "bench.json"
        bad.write_text('{"rows": []}')
        with pytest.raises(ValueError, match="not a bench.json"):
            read_baseline(bad)
        good = tmp_path / "good.json"
        good.write_text('{"chapters": [{"chapter": "c.qmd", "total": 2.5}]}')
        assert read_baseline(good) == {"c.qmd": 2.5}
