"""The book's LaTeX macros, read from ``_macros.qmd`` and expanded.

Quarto (through pandoc) expands the macros of ``_macros.qmd`` itself. A
notebook has no such step, and each renderer treats macros differently
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

    Any other kind of definition raises ``ValueError``: the notebooks could
    not expand it, and the math check must see the same macros as Quarto.
    """
    macros = {}
    if not path.exists():
        return macros
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
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
