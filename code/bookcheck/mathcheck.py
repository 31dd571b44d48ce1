"""Compile every formula of the book with LaTeX.

All inline (``$...$``) and display (``$$...$$``) math of the chosen files
goes into one LaTeX document with amsmath, amssymb, bm and the book's own
macros (read from ``_macros.tex``), one formula per paragraph. LaTeX runs
once in non-stop mode; each error in its log is mapped back from the
LaTeX line to the ``.qmd`` file and line the formula came from.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bookcheck import book
from bookcheck.macros import MACROS_FILE, read_macros
from bookcheck.qmd import parse_file

PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{bm}
"""

@dataclass(frozen=True)
class MathProblem:
    path: Path
    line: int
    message: str
    formula: str

    def __str__(self) -> str:
        short = " ".join(self.formula.split())[:70]
        return f"{self.path}:{self.line}: {self.message} in ${short}$"


def book_macros(root: Path) -> list[str]:
    """The definitions of ``_macros.tex``, as LaTeX lines."""
    return [m.latex for m in read_macros(root / MACROS_FILE).values()]


def structural_problem(formula: str) -> str | None:
    """A brace or environment imbalance, found before LaTeX sees it.

    An unbalanced formula would swallow the formulas after it in the shared
    document, hiding their errors; it is reported here and left out.
    """
    depth = 0
    text = re.sub(r"\\.", "", formula)   # drop escaped characters (\{, \})
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return "unbalanced braces: '}' without '{'"
    if depth:
        return f"unbalanced braces: {depth} '{{' not closed"
    begins = re.findall(r"\\begin\{([^}]*)\}", formula)
    ends = re.findall(r"\\end\{([^}]*)\}", formula)
    if begins != ends[::-1] and sorted(begins) != sorted(ends):
        return f"unbalanced environments: begin {begins} vs end {ends}"
    if len(re.findall(r"\\left(?![a-zA-Z])", formula)) != \
            len(re.findall(r"\\right(?![a-zA-Z])", formula)):
        return "unbalanced \\left ... \\right"
    return None


def _latex_body(formula: str, display: bool) -> str:
    if display:
        # A display may hold its own environment (aligned, cases, ...);
        # \[ \] accepts those, like MathJax and pandoc's LaTeX writer.
        return "\\[\n" + formula.strip() + "\n\\]"
    return "$" + formula + "$"


def build_document(root: Path, spans: list[tuple[Path, object]]) -> tuple[str, list]:
    """The LaTeX source and, per formula, its first and last LaTeX line."""
    lines = PREAMBLE.splitlines() + book_macros(root) + ["\\begin{document}"]
    table = []
    for path, span in spans:
        body = _latex_body(span.text, span.display).split("\n")
        first = len(lines) + 1
        lines.extend(body)
        lines.append("")          # paragraph break: errors stay local
        table.append((first, len(lines), path, span))
    lines.append("\\end{document}")
    return "\n".join(lines) + "\n", table


def _parse_log(log: str) -> list[tuple[int, str]]:
    """(LaTeX line, message) for each error in a LaTeX log."""
    errors = []
    current = None
    for line in log.splitlines():
        if line.startswith("! "):
            current = line[2:].strip()
        elif current is not None:
            m = re.match(r"^l\.(\d+)", line)
            if m:
                errors.append((int(m.group(1)), current))
                current = None
    return errors


def check_math(root: Path, files: list[Path] | None = None) -> tuple[list[MathProblem], int]:
    """Compile the math of ``files`` (default: the listed chapters)."""
    latex = shutil.which("latex")
    if latex is None:
        raise RuntimeError("the math check needs LaTeX ('latex' on PATH); on Debian: "
                           "apt-get install texlive-latex-base texlive-latex-recommended")
    targets = files if files is not None else [
        p for p in book.listed_files(root) if p.suffix == ".qmd" and p.exists()]
    spans = [(p, s) for p in targets for s in parse_file(p).math]
    problems = []
    compiled = []
    for path, span in spans:
        why = structural_problem(span.text)
        if why is None:
            compiled.append((path, span))
            continue
        rel = path.relative_to(root) if path.is_relative_to(root) else path
        problems.append(MathProblem(rel, span.line, why, span.text))
    source, table = build_document(root, compiled)
    with tempfile.TemporaryDirectory() as tmp:
        tex = Path(tmp) / "math.tex"
        tex.write_text(source, encoding="utf-8")
        # non-stop (not halt-on-error): one run reports every bad formula
        subprocess.run([latex, "-interaction=nonstopmode", "-no-shell-escape",
                        tex.name],
                       cwd=tmp, capture_output=True, timeout=300, check=False)
        log_path = Path(tmp) / "math.log"
        log = log_path.read_text(encoding="utf-8", errors="replace") \
            if log_path.exists() else ""
    for tex_line, message in _parse_log(log):
        hit = next((t for t in table if t[0] <= tex_line <= t[1]), None)
        if hit is None:
            problems.append(MathProblem(root / MACROS_FILE, 1,
                                        f"LaTeX error outside any formula: {message}", ""))
            continue
        _, _, path, span = hit
        rel = path.relative_to(root) if path.is_relative_to(root) else path
        problems.append(MathProblem(rel, span.line, message, span.text))
    if not log:
        problems.append(MathProblem(Path("math.tex"), 0, "LaTeX produced no log", ""))
    return problems, len(spans)
