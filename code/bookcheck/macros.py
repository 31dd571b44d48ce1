"""The book's LaTeX macros: read from ``_macros.tex``, expanded, published.

``_macros.tex`` is the single source. Each output defines the macros once:
the PDF includes the file in its LaTeX preamble, the HTML pages include
``_macros-mathjax.html`` (written from it by :func:`mathjax_html`, checked
for drift by the lint), and the math check compiles with it.

A notebook has no preamble, and each renderer treats macros differently
(MathJax keeps ``\\newcommand`` across cells, KaTeX in VS Code does not,
LaTeX export sees one cell at a time). So the notebooks that ``make
notebooks`` writes carry math with the macros already expanded: plain
LaTeX that every renderer understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookcheck.qmd import outside_code

_DEF = re.compile(r"^\\newcommand\{\\(?P<name>[A-Za-z]+)\}(?:\[(?P<n>\d)\])?"
                  r"\{(?P<body>.*)\}\s*$")
_ANY_DEF = re.compile(r"^\\(newcommand|renewcommand|providecommand|def|"
                      r"DeclareMathOperator)\b")


@dataclass(frozen=True)
class Macro:
    name: str
    n_args: int
    body: str

    @property
    def latex(self) -> str:
        """The definition as LaTeX source."""
        args = f"[{self.n_args}]" if self.n_args else ""
        return f"\\newcommand{{\\{self.name}}}{args}{{{self.body}}}"


def read_macros(path: Path) -> dict[str, Macro]:
    """The one-line ``\\newcommand`` definitions of a macros file.

    Blank lines and ``%`` comments are skipped. Any other kind of
    definition raises ``ValueError``: the notebooks could not expand it,
    and the math check must see the same macros as Quarto.
    """
    macros = {}
    if not path.exists():
        return macros
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("%"):
            continue
        m = _DEF.match(line.strip())
        if m:
            macros[m["name"]] = Macro(m["name"], int(m["n"] or 0), m["body"])
        elif _ANY_DEF.match(line.strip()):
            raise ValueError(f"{path.name}:{number}: write macros as one-line "
                             f"\\newcommand{{\\name}}[n]{{body}}, got {line.strip()!r}")
    return macros


def _braced(text: str, i: int) -> tuple[str, int]:
    """The group ``{...}`` starting at ``text[i]`` (or one token) and its end."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        raise ValueError("macro argument missing at end of text")
    if text[i] != "{":
        return text[i], i + 1
    depth = 0
    for j in range(i, len(text)):
        depth += (text[j] == "{") - (text[j] == "}")
        if depth == 0:
            return text[i + 1:j], j + 1
    raise ValueError(f"unbalanced braces in macro argument: {text[i:i + 40]!r}")


def _expand(text: str, macros: dict[str, Macro]) -> str:
    names = "|".join(sorted(map(re.escape, macros), key=len, reverse=True))
    if not names:
        return text
    pattern = re.compile(r"\\(" + names + r")(?![A-Za-z])")
    pos = 0
    for _ in range(10_000):           # bodies may use other macros
        m = pattern.search(text, pos)
        if m is None:
            break
        macro = macros[m.group(1)]
        end, args = m.end(), []
        for _ in range(macro.n_args):
            arg, end = _braced(text, end)
            args.append(arg)
        body = macro.body
        for k, arg in enumerate(args, start=1):
            body = body.replace(f"#{k}", arg)
        # no braces around the body: \argmin_x must keep its limits below
        text = text[:m.start()] + body + text[end:]
        pos = m.start()
    return text


def expand_macros(markdown: str, macros: dict[str, Macro]) -> str:
    """Expand ``macros`` in markdown, leaving inline and fenced code alone."""
    return outside_code(markdown, lambda prose: _expand(prose, macros))


MACROS_FILE = "_macros.tex"
MATHJAX_FILE = "_macros-mathjax.html"


def mathjax_html(macros: dict[str, Macro]) -> str:
    """The HTML snippet that defines ``macros`` for MathJax, once per page.

    The definitions sit in a hidden display-math span at the top of the
    body (Quarto's ``include-before-body``), marked up as pandoc marks up
    display math, so MathJax reads them before any formula of the page and
    pandoc never sees them (no "already defined" warnings).
    """
    defs = "\n".join(m.latex for m in macros.values())
    return ("<!-- Generated from _macros.tex by `python -m bookcheck macros`; "
            "do not edit. -->\n"
            '<div style="display:none" aria-hidden="true">\n'
            '<span class="math display">\\[\n' + defs + "\n\\]</span>\n</div>\n")


def write_mathjax_html(root: Path) -> Path:
    """Write ``_macros-mathjax.html`` from ``_macros.tex``; return its path."""
    out = root / MATHJAX_FILE
    out.write_text(mathjax_html(read_macros(root / MACROS_FILE)), encoding="utf-8")
    return out
