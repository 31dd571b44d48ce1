"""Lint the Quarto markup of the book without Quarto.

Two linters run. `panache <https://panache.bz>`_ (PyPI ``panache-cli``), a
Quarto-aware linter, checks the markdown itself: cross-references and
labels across the book (unresolved, duplicated), citation keys against the
bibliography, math that Pandoc would not read as math (a closing ``$``
after a space), heading levels, list markers, citation spacing. Its rules
and any exceptions live in ``panache.toml``.

The rules below are the book's own, which no generic linter knows; every
problem is reported as ``file:line: message``:

* every file listed in ``_quarto.yml`` exists, and every page-like ``.qmd``
  in the project is listed;
* every figure is referenced, every bibliography entry is cited, and the
  bibliography parses without duplicate keys;
* every cell option is one Quarto knows and stands on ONE ``#|`` line: a
  folded or multi-line YAML value breaks the figure in Quarto (upstream
  bug quarto-dev/quarto-cli#10216: the newlines are doubled and the
  attribute block falls apart); options are valid YAML and keep LaTeX
  intact (a backslash in a double-quoted YAML string is an escape);
* every ``fig-`` cell has ``fig-cap`` and ``fig-alt``;
* every exercise is followed by a ``.solution`` block with a code cell;
* chapter files open with a labelled level-one heading; code lines fit the
  PDF page (80 characters; ``#|`` option lines are not printed);
* LaTeX macros are defined once per output, in ``_macros.tex``: no page
  defines or includes macros (the PDF book is ONE ``.tex`` file, so a
  definition in each chapter is a definition many times), ``_quarto.yml``
  wires the file into both formats, and ``_macros-mathjax.html`` is current;
* pointers resolve: a chapter is named by its label (``@sec-…``), never
  by its number; a part by number only if the book has it; "a later
  chapter" or "later in the book" is an error (it points at nothing);
* inline ``{python}`` expressions stand on one line, as Quarto requires;
* math avoids ``\\bm``, which MathJax does not know.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import bibtexparser

from bookcheck import book
from bookcheck.macros import MACROS_FILE, MATHJAX_FILE, mathjax_html, read_macros
from bookcheck.qmd import Markdown, QmdDoc, _strip_inline_code, parse_file

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
_INCLUDE_MACROS = re.compile(r"\{\{<\s*include\s+\S*_macros[^\s>]*\s*>\}\}")
_MACRO_DEF = re.compile(r"\\(newcommand|renewcommand|providecommand|def|"
                        r"DeclareMathOperator)(?![A-Za-z])")
# "#| key: value" starts an option; anything else on a "#|" line continues one
_OPTION_START = re.compile(r"^[\w-]+\s*:")
_BLOCK_SCALAR = re.compile(r"^[\w-]+\s*:\s*[>|][+-]?\d*\s*(#.*)?$")
_PANACHE_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): "
                           r"(?P<level>\w+)\[(?P<rule>[\w-]+)\]: (?P<msg>.*)$")


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


def _multiline_option_problems(cell, add, path: Path) -> None:
    """Each option on one ``#|`` line (quarto-dev/quarto-cli#10216)."""
    current = None
    for line_no, body in cell.raw_options:
        text = body.strip()
        if not text:
            continue
        if _OPTION_START.match(text) and not body.startswith((" ", "\t")):
            current = text.split(":", 1)[0].strip()
            if _BLOCK_SCALAR.match(text):
                add(path, line_no,
                    f"cell option '{current}' is a multi-line YAML block; Quarto "
                    "breaks multi-line option values (quarto-dev/quarto-cli#10216): "
                    "put the whole value on one '#|' line")
                current = None           # reported once per option
        elif current is not None:
            add(path, line_no,
                f"cell option '{current}' continues on a second '#|' line; Quarto "
                "breaks multi-line option values (quarto-dev/quarto-cli#10216): "
                "put the whole value on one '#|' line")
            current = None


def _cell_problems(doc: QmdDoc, add) -> None:
    for cell in doc.cells:
        if cell.option_error:
            add(doc.path, cell.line, cell.option_error)
        _multiline_option_problems(cell, add, doc.path)
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


def _strip_inline_code_lines(text: str) -> str:
    """``text`` with inline code blanked, fenced code blocks emptied."""
    out, fence = [], False
    for line in text.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            fence = not fence
            out.append("")
        else:
            out.append("" if fence else _strip_inline_code(line))
    return "\n".join(out)


def _space_closed_math(paragraph: str) -> list[int]:
    """Offsets of inline ``$...$`` in ``paragraph`` that close after a space.

    Pandoc reads ``$`` as an opener only before a non-space and as a closer
    only after one, so in ``$x = $ 3`` the second ``$`` closes nothing and
    the reader sees dollar signs and raw LaTeX (chapter 9 had this defect).
    """
    text = re.sub(r"\\.", "xx", paragraph.replace("$$", "  "))  # escapes, displays
    bad, i = [], 0
    while (i := text.find("$", i)) != -1:
        close = text.find("$", i + 1)
        if close == -1:
            break
        if text[i + 1:i + 2].strip():           # a real opener
            if not text[close - 1].strip():
                bad.append(i)
            i = close + 1
        else:
            i += 1
    return bad


_CHAPTER_NUMBER = re.compile(r"\b[Cc]hapters?\s+\d+")
_PART_NUMBERS = re.compile(r"\bParts?\s+([IVX]+)\b(?:\s*(?:,|and|or|to|through|–|-)\s*([IVX]+)\b)?")
_VAGUE_LATER = re.compile(
    r"\b(later (chapters?|parts?|sections?)|later (on )?in (the|this) book|"
    r"(a|the) later part|(upcoming|coming|future) (chapters?|parts?)|"
    r"chapters? to come)\b", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v
               for k, v in enumerate(values))


def _forward_reference_problems(doc: QmdDoc, n_parts: int, add) -> None:
    """Pointers at chapters and parts must resolve; vague "later" ones cannot.

    A chapter is referred to by its label (``@sec-…``), which the lint
    resolves, never by a number; a part by its number only if the book has
    it; "a later chapter" points at nothing a reader can follow.
    """
    for block in doc.blocks:
        if not isinstance(block, Markdown):
            continue
        for offset, line in enumerate(_strip_inline_code_lines(block.text).split("\n")):
            where = block.line + offset
            if _CHAPTER_NUMBER.search(line):
                add(doc.path, where, "a chapter is referred to by its label "
                    "(@sec-…), not its number: the reference then resolves or fails")
            for m in _PART_NUMBERS.finditer(line):
                top = max(_roman(g) for g in m.groups() if g)
                if top > n_parts:
                    add(doc.path, where, f"'{m.group(0)}' points at a part the book "
                        f"does not contain (it has {n_parts})")
            if (m := _VAGUE_LATER.search(line)):
                add(doc.path, where, f"'{m.group(0)}' points at nothing a reader can "
                    "follow: cross-reference the section (@sec-…) or leave it out")


def _prose_line_problems(doc: QmdDoc, add) -> None:
    """Macros (defined once, in ``_macros.tex``) and math Pandoc would not read."""
    for block in doc.blocks:
        if not isinstance(block, Markdown):
            continue
        prose = _strip_inline_code_lines(block.text)
        start = 0
        for paragraph in re.split(r"(\n[ \t]*\n)", prose):
            for offset in _space_closed_math(paragraph):
                add(doc.path, block.line + prose.count("\n", 0, start + offset),
                    "a '$' after a space does not close math in Pandoc: "
                    "write '$x$ =' instead of '$x = $'")
            start += len(paragraph)
        for offset, line in enumerate(block.text.split("\n")):
            where = block.line + offset
            if _INCLUDE_MACROS.search(line):
                add(doc.path, where,
                    f"pages do not include macros: the book defines them once in "
                    f"{MACROS_FILE} (the PDF book is one .tex file, so an include "
                    "in every chapter defines each macro many times)")
            if _MACRO_DEF.search(_strip_inline_code(line)):
                add(doc.path, where,
                    f"LaTeX macros are defined once, in {MACROS_FILE}, not in a "
                    "page (a definition here is repeated in the one-.tex PDF book "
                    "and warned about by pandoc)")


def _macro_wiring_problems(root: Path, add) -> None:
    """``_macros.tex`` reaches both formats, and the MathJax copy is current."""
    cfg = root / "_quarto.yml"
    source = root / MACROS_FILE
    if not source.exists():
        add(cfg, 1, f"{MACROS_FILE} is missing: it defines the book's macros")
        return
    try:
        macros = read_macros(source)
    except ValueError as exc:
        add(source, 1, str(exc))
        return
    formats = book.load_config(root).get("format", {}) or {}

    def listed(fmt: str, key: str) -> list[str]:
        value = (formats.get(fmt) or {}).get(key) or []
        items = value if isinstance(value, list) else [value]
        return [i if isinstance(i, str) else str((i or {}).get("file", ""))
                for i in items]

    if MACROS_FILE not in listed("pdf", "include-in-header"):
        add(cfg, 1, f"format.pdf.include-in-header must list {MACROS_FILE}")
    if MATHJAX_FILE not in listed("html", "include-before-body"):
        add(cfg, 1, f"format.html.include-before-body must list {MATHJAX_FILE}")
    html = root / MATHJAX_FILE
    if not html.exists() or html.read_text(encoding="utf-8") != mathjax_html(macros):
        add(html, 1, f"{MATHJAX_FILE} is not current with {MACROS_FILE}: "
                     "run `python -m bookcheck macros`")


def panache_command() -> list[str] | None:
    """How to run panache: the venv's own binary first, then PATH."""
    local = Path(sys.executable).with_name("panache")
    if local.exists():
        return [str(local)]
    found = shutil.which("panache")
    return [found] if found else None


def panache_problems(root: Path, paths: list[Path], add) -> None:
    """Run ``panache lint`` (config: ``panache.toml``) and report its findings."""
    if not paths:
        return
    cmd = panache_command()
    if cmd is None:
        add(root / "panache.toml", 1,
            "panache is not installed: pip install panache-cli (the test extra has it)")
        return
    config = root / "panache.toml"
    proc = subprocess.run(
        [*cmd, "lint", "--message-format", "short",
         *(["--config", str(config)] if config.exists() else []),
         *map(str, paths)],
        cwd=root, capture_output=True, text=True, timeout=300,
        # panache caches results per file and misses changes to the
        # bibliography it checks keys against: always lint afresh
        env={**os.environ, "PANACHE_NO_CACHE": "true"})
    found = 0
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        m = _PANACHE_LINE.match(line.strip())
        if m:
            found += 1
            add(Path(m["path"]).resolve(), int(m["line"]),
                f"panache {m['level']}[{m['rule']}]: {m['msg']}")
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not found):
        add(root / "panache.toml", 1,
            f"panache failed (exit {proc.returncode}): "
            f"{(proc.stderr or proc.stdout).strip()[:300]}")


def lint_book(root: Path, only: list[Path] | None = None) -> list[LintProblem]:
    """Lint the whole book, or only the files in ``only``.

    With ``only``, figure references still count from every listed
    chapter, but the book-wide rules (listing, unused bibliography entries,
    the macro wiring) are skipped.
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

    n_parts = book.count_parts(root)
    qmd_paths = [p for p in listed if p.suffix == ".qmd" and p.exists()]
    for extra in only or []:
        if extra not in qmd_paths:
            qmd_paths.append(extra)
    docs = {p: parse_file(p) for p in qmd_paths}
    checked = set(only) if only is not None else set(docs)

    # Labels, references and citation keys are panache's job (it knows the
    # whole project); the book's own rules: every figure is referenced and
    # every bibliography entry is cited.
    referenced = {span.text for doc in docs.values() for span in doc.xrefs}
    for path in checked:
        for span in docs[path].labels:
            if span.text.startswith("fig-") and span.text not in referenced:
                add(path, span.line, f"figure '{span.text}' is never referenced (@{span.text})")
    keys, bib_errors = load_bibliography(book.bibliography_paths(root))
    for message in bib_errors:
        add(root / "references.bib", 1, message)
    if only is None:
        cited = {span.text for doc in docs.values() for span in doc.citations}
        for key, (bib_path, line) in keys.items():
            if key not in cited:
                add(bib_path, line, f"bibliography entry '{key}' is never cited")
        _macro_wiring_problems(root, add)
    panache_problems(root, sorted(checked), add)

    for path in checked:
        doc = docs[path]
        _cell_problems(doc, add)
        _exercise_problems(doc, add)
        _chapter_shape_problems(doc, root, add)
        _prose_line_problems(doc, add)
        _forward_reference_problems(doc, n_parts, add)
        for span in doc.broken_inline:
            add(path, span.line, "inline `{python} expr` must be on one line, with a "
                                 "space after {python}; Quarto leaves this one as code")
        for span in doc.math:
            if _BM.search(span.text):
                add(path, span.line, "\\bm is not available in MathJax: use \\mathbf "
                                     "or \\boldsymbol")
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.message))
