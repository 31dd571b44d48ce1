"""Lint the Quarto markup of the book without Quarto.

Every problem is reported as ``file:line: message``. The rules:

* every file listed in ``_quarto.yml`` exists, and every page-like ``.qmd``
  in the project is listed;
* labels are unique across the book and every ``@fig-/@eq-/@sec-/@tbl-/
  @exr-`` reference resolves to one; every figure is referenced;
* every citation key is in the bibliography (parsed with bibtexparser) and
  every bibliography entry is cited;
* every cell option is one Quarto knows; options are valid YAML and keep
  LaTeX intact (a backslash in a double-quoted YAML string is an escape);
* every ``fig-`` cell has ``fig-cap`` and ``fig-alt``;
* every exercise is followed by a ``.solution`` block with a code cell;
* chapter files open with a labelled level-one heading and include the
  book's macros; code lines fit the PDF page (80 characters; ``#|``
  option lines are not printed and are exempt);
* inline ``{python}`` expressions stand on one line, as Quarto requires;
* math avoids ``\\bm``, which MathJax does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser

from bookcheck import book
from bookcheck.qmd import QmdDoc, parse_file

MAX_CODE_WIDTH = 80

KNOWN_CELL_OPTIONS = frozenset("""
label echo eval output include warning error message code-fold code-summary
code-overflow code-line-numbers code-copy filename classes column
fig-cap fig-subcap fig-alt fig-width fig-height fig-align fig-env fig-pos
fig-scap fig-link fig-column fig-format fig-dpi fig-responsive
fig-cap-location tbl-cap tbl-subcap tbl-colwidths tbl-column
tbl-cap-location cap-location layout layout-ncol layout-nrow layout-align
layout-valign output-location panel lst-label lst-cap renderings
""".split())

_SOLUTION = re.compile(r"^:{3,}\s*\{[^}]*\.solution[^}]*\}\s*$")
_EXERCISE = re.compile(r"^:{3,}\s*\{#(exr-[\w-]+)[^}]*\}\s*$")
_BM = re.compile(r"\\bm(?![A-Za-z])")
_INCLUDE_MACROS = re.compile(r"\{\{<\s*include\s+\S*_macros\.qmd\s*>\}\}")


@dataclass(frozen=True)
class LintProblem:
    path: Path
    line: int
    message: str
    root: Path

    def __str__(self) -> str:
        try:
            rel = self.path.relative_to(self.root)
        except ValueError:
            rel = self.path
        return f"{rel}:{self.line}: {self.message}"


def load_bibliography(paths: list[Path]) -> tuple[dict[str, tuple[Path, int]], list[str]]:
    """Citation keys with where they are defined, and parse errors."""
    keys: dict[str, tuple[Path, int]] = {}
    errors: list[str] = []
    for path in paths:
        if not path.exists():
            errors.append(f"{path}: bibliography file is missing")
            continue
        text = path.read_text(encoding="utf-8")
        library = bibtexparser.parse_string(text)
        for block in library.failed_blocks:
            errors.append(f"{path.name}:{block.start_line + 1}: "
                          f"unparsable bibliography entry ({type(block).__name__})")
        for entry in library.entries:
            if entry.key in keys:
                errors.append(f"{path.name}:{entry.start_line + 1}: "
                              f"duplicate bibliography key '{entry.key}'")
            keys[entry.key] = (path, entry.start_line + 1)
    return keys, errors


def _cell_problems(doc: QmdDoc, add) -> None:
    for cell in doc.cells:
        if cell.option_error:
            add(doc.path, cell.line, cell.option_error)
        for line_no, body in cell.raw_options:
            key, _, value = body.partition(":")
            value = value.strip()
            if value.startswith('"') and "\\" in value:
                add(doc.path, line_no,
                    f"option '{key.strip()}' is a double-quoted YAML string with a "
                    "backslash, which YAML treats as an escape (\\a, \\t, ...); "
                    "use single quotes for text with LaTeX")
        for key in cell.options:
            if key not in KNOWN_CELL_OPTIONS:
                add(doc.path, cell.option_lines.get(key, cell.line),
                    f"unknown cell option '{key}'")
        label = cell.label or ""
        if label.startswith("fig-"):
            for need in ("fig-cap", "fig-alt"):
                if not str(cell.options.get(need, "")).strip():
                    add(doc.path, cell.line, f"figure cell '{label}' has no {need}")
    for span in doc.code_lines:
        # '#|' option lines are not printed in the book, so they may be long
        if span.text.lstrip().startswith("#|"):
            continue
        if len(span.text) > MAX_CODE_WIDTH:
            add(doc.path, span.line,
                f"code line is {len(span.text)} characters (max {MAX_CODE_WIDTH})")


def _exercise_problems(doc: QmdDoc, add) -> None:
    lines = doc.path.read_text(encoding="utf-8").split("\n")
    exercises = [(i + 1, m.group(1)) for i, line in enumerate(lines)
                 if (m := _EXERCISE.match(line.strip()))]
    solutions = [i + 1 for i, line in enumerate(lines) if _SOLUTION.match(line.strip())]
    cell_lines = [c.line for c in doc.cells]
    bounds = [line for line, _ in exercises[1:]] + [len(lines) + 1]
    for (line, label), end in zip(exercises, bounds):
        sol = [s for s in solutions if line < s < end]
        if not sol:
            add(doc.path, line, f"exercise '{label}' has no ::: {{.solution}} block")
        elif not any(sol[0] < c < end for c in cell_lines):
            add(doc.path, sol[0], f"solution of '{label}' has no code cell to execute")


def _chapter_shape_problems(doc: QmdDoc, root: Path, add) -> None:
    if doc.path.parent != root / "chapters":
        return
    first = doc.headings[0] if doc.headings else None
    if first is None or not first.text.startswith("# ") or "{#sec-" not in first.text:
        add(doc.path, first.line if first else 1,
            "a chapter opens with '# Title {#sec-<prefix>}'")
    if not _INCLUDE_MACROS.search(doc.path.read_text(encoding="utf-8")):
        add(doc.path, 1, "a chapter includes the macros: {{< include ../_macros.qmd >}}")


def lint_book(root: Path, only: list[Path] | None = None) -> list[LintProblem]:
    """Lint the whole book, or only the files in ``only``.

    With ``only``, references still resolve against every listed chapter,
    but the book-wide rules (listing, unused bibliography entries,
    unreferenced figures elsewhere) are skipped.
    """
    root = root.resolve()
    problems: list[LintProblem] = []

    def add(path: Path, line: int, message: str) -> None:
        problems.append(LintProblem(path, line, message, root))

    listed = book.listed_files(root)
    cfg = root / "_quarto.yml"
    if only is None:
        for path in listed:
            if not path.exists():
                add(cfg, 1, f"listed file {path.relative_to(root)} does not exist")
        listed_set = {p.resolve() for p in listed}
        for path in book.source_files(root):
            if path.resolve() not in listed_set and path.name != "references.qmd":
                add(path, 1, "file is not listed in _quarto.yml")

    qmd_paths = [p for p in listed if p.suffix == ".qmd" and p.exists()]
    for extra in only or []:
        if extra not in qmd_paths:
            qmd_paths.append(extra)
    docs = {p: parse_file(p) for p in qmd_paths}
    checked = set(only) if only is not None else set(docs)

    # labels: unique, and every reference resolves
    defined: dict[str, tuple[Path, int]] = {}
    for path, doc in docs.items():
        for span in doc.labels:
            if span.text in defined and (path in checked or defined[span.text][0] in checked):
                other = defined[span.text]
                add(path, span.line, f"label '{span.text}' is also defined at "
                                     f"{other[0].name}:{other[1]}")
            defined.setdefault(span.text, (path, span.line))
    referenced: set[str] = set()
    for path, doc in docs.items():
        for span in doc.xrefs:
            referenced.add(span.text)
            if path in checked and span.text not in defined:
                add(path, span.line, f"reference @{span.text} does not resolve to a label")
    for path in checked:
        for span in docs[path].labels:
            if span.text.startswith("fig-") and span.text not in referenced:
                add(path, span.line, f"figure '{span.text}' is never referenced (@{span.text})")

    # citations against the bibliography
    keys, bib_errors = load_bibliography(book.bibliography_paths(root))
    for message in bib_errors:
        add(root / "references.bib", 1, message)
    cited: set[str] = set()
    for path, doc in docs.items():
        for span in doc.citations:
            cited.add(span.text)
            if path in checked and span.text not in keys:
                add(path, span.line, f"citation @{span.text} is not in the bibliography")
    if only is None:
        for key, (bib_path, line) in keys.items():
            if key not in cited:
                add(bib_path, line, f"bibliography entry '{key}' is never cited")

    for path in checked:
        doc = docs[path]
        _cell_problems(doc, add)
        _exercise_problems(doc, add)
        _chapter_shape_problems(doc, root, add)
        for span in doc.broken_inline:
            add(path, span.line, "inline `{python} expr` must be on one line, with a "
                                 "space after {python}; Quarto leaves this one as code")
        for span in doc.math:
            if _BM.search(span.text):
                add(path, span.line, "\\bm is not available in MathJax: use \\mathbf "
                                     "or \\boldsymbol")
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.message))
