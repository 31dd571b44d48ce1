"""Read a Quarto ``.qmd`` file without Quarto.

The parser knows just enough of Quarto's markdown for the book's checks:
executable ``{python}`` cells and their ``#|`` options, headings with
labels, display-equation labels, fenced divs (exercises), inline
``{python}`` expressions, math spans, cross-references and citations, each
with the line it stands on so that every report reads ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CROSSREF_KINDS = ("fig", "tbl", "eq", "sec", "exr", "thm", "lem", "def")

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
_EXEC_INFO = re.compile(r"^\{(?P<lang>[A-Za-z0-9_]+)(?P<rest>[^}]*)\}\s*$")
_OPTION = re.compile(r"^#\|\s?(?P<body>.*)$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#(?P<id>[A-Za-z][\w:-]*)[^}]*\}\s*$")
_DIV_OPEN = re.compile(r"^(?P<colons>:{3,})\s*(?P<attrs>\{[^}]*\}|[\w-]+)?\s*$")
_EQ_LABEL = re.compile(r"\$\$\s*\{#(?P<id>[A-Za-z][\w-]*)\}")
# Quarto's own pattern (execute-inline.ts): `{python}[ \t]expr`. A line break
# after {python} is not a separator there: such a span stays literal code.
_INLINE_EXPR = re.compile(r"(?<!`)`\{python\}[ \t](?P<expr>[^`\n]+)`")
_INLINE_START = re.compile(r"(?<!`)`\{python\}")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_XREF = re.compile(
    r"(?<![\w@./-])-?@(?P<id>(?:" + "|".join(CROSSREF_KINDS) + r")-[\w-]*\w)"
)
_CITE = re.compile(r"(?<![\w@./-])-?@(?P<key>[A-Za-z][\w:.#$%&+?<>~/-]*\w|\{[^}]+\})")


@dataclass
class Cell:
    """An executable code cell of a chapter."""

    lang: str
    source: str
    line: int                     # line of the opening fence (1-based)
    options: dict = field(default_factory=dict)
    option_lines: dict = field(default_factory=dict)
    raw_options: list = field(default_factory=list)
    option_error: str | None = None

    @property
    def label(self) -> str | None:
        value = self.options.get("label")
        return str(value) if value is not None else None

    def where(self) -> str:
        """How a report names this cell: its label, else its line."""
        return f"cell '{self.label}'" if self.label else f"cell at line {self.line}"


@dataclass
class Markdown:
    """A run of markdown lines between code cells."""

    text: str
    line: int                     # first line (1-based)


@dataclass
class Span:
    """A piece of text found at a line: a math formula, a reference, ..."""

    text: str
    line: int
    display: bool = False


@dataclass
class QmdDoc:
    """Everything the checks need to know about one ``.qmd`` file."""

    path: Path
    blocks: list                  # Markdown and Cell in document order
    front_matter: dict
    labels: list[Span]            # label definitions (text = label)
    xrefs: list[Span]             # @fig-..., @eq-... uses
    citations: list[Span]         # @key uses (non-crossref)
    math: list[Span]
    inline_exprs: list[Span]
    broken_inline: list[Span]     # `{python} spans Quarto would not evaluate
    headings: list[Span]          # text with level prefix, e.g. "## Formalism"
    code_lines: list[Span]        # every line of every cell, for the width rule

    @property
    def cells(self) -> list[Cell]:
        return [b for b in self.blocks if isinstance(b, Cell)]


def outside_code(text: str, transform) -> str:
    """Apply ``transform`` to the parts of ``text`` that are not code spans.

    Backtick code spans (and fences, which are runs of backticks too) are
    copied unchanged: references, citations and macros live in prose.
    """
    parts, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        parts.append(transform(text[last:m.start()]))
        parts.append(m.group(0))
        last = m.end()
    parts.append(transform(text[last:]))
    return "".join(parts)


def _strip_inline_code(line: str) -> str:
    """Blank out inline code so references inside it are not seen."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _parse_options(cell: Cell, opt_lines: list[tuple[int, str]]) -> None:
    text = "\n".join(body for _, body in opt_lines)
    cell.raw_options = opt_lines
    if not text.strip():
        return
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        cell.option_error = f"cell options are not valid YAML: {exc}"
        return
    if not isinstance(parsed, dict):
        cell.option_error = "cell options must be 'key: value' lines"
        return
    cell.options = parsed
    for line_no, body in opt_lines:
        key = body.split(":", 1)[0].strip()
        if key in parsed and key not in cell.option_lines:
            cell.option_lines[key] = line_no


def _find_math(text: str, first_line: int) -> list[Span]:
    """Math spans in a markdown run: ``$$...$$`` (display) and ``$...$``.

    Inline code is blanked first; ``\\$`` is an escaped dollar sign.
    """
    lines = [_strip_inline_code(line) for line in text.split("\n")]
    joined = "\n".join(lines)
    spans: list[Span] = []
    i, n = 0, len(joined)
    while i < n:
        ch = joined[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch != "$":
            i += 1
            continue
        display = joined.startswith("$$", i)
        opener = 2 if display else 1
        j = i + opener
        close = None
        while j < n:
            if joined[j] == "\\":
                j += 2
                continue
            if display and joined.startswith("$$", j):
                close = j
                break
            if not display and joined[j] == "$":
                close = j
                break
            if not display and joined[j] == "\n" and joined[j + 1:j + 2] == "\n":
                break  # inline math never spans a blank line
            j += 1
        if close is None:
            i += opener
            continue
        body = joined[i + opener:close]
        # pandoc: inline math may not start or end with a space
        if display or (body and not body[0].isspace() and not body[-1].isspace()):
            spans.append(Span(body, first_line + joined.count("\n", 0, i), display))
        i = close + opener
    return spans


def parse_text(text: str, path: Path | str = "<string>") -> QmdDoc:
    """Parse the text of a ``.qmd`` file."""
    path = Path(path)
    lines = text.split("\n")
    front: dict = {}
    start = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() == "---":
                front = yaml.safe_load("\n".join(lines[1:j])) or {}
                start = j + 1
                break

    blocks: list = []
    labels: list[Span] = []
    headings: list[Span] = []
    code_lines: list[Span] = []
    md_buf: list[str] = []
    md_start = start + 1
    i = start

    def flush_md(next_line: int) -> None:
        nonlocal md_buf, md_start
        if md_buf:
            blocks.append(Markdown("\n".join(md_buf), md_start))
        md_buf = []
        md_start = next_line

    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line.strip()) if not line.startswith("    ") else None
        if fence:
            info = fence.group("info").strip()
            exec_info = _EXEC_INFO.match(info)
            body_start = i + 1
            j = body_start
            closing = fence.group("fence")
            while j < len(lines):
                stripped = lines[j].strip()
                if stripped.startswith(closing[0] * len(closing)) and \
                        stripped.strip(closing[0]) == "":
                    break
                j += 1
            body = lines[body_start:j]
            if exec_info:
                flush_md(j + 2)
                opt_lines, k = [], 0
                while k < len(body) and _OPTION.match(body[k]):
                    opt_lines.append((body_start + k + 1,
                                      _OPTION.match(body[k]).group("body")))
                    k += 1
                cell = Cell(exec_info.group("lang"), "\n".join(body), i + 1)
                _parse_options(cell, opt_lines)
                blocks.append(cell)
                for off, code in enumerate(body):
                    code_lines.append(Span(code, body_start + off + 1))
                if cell.label:
                    labels.append(Span(cell.label, cell.option_lines.get("label", i + 1)))
                md_start = j + 2
            else:
                # a plain (display-only) code block is markdown to pandoc
                md_buf.extend(lines[i:j + 1])
            i = j + 1
            continue

        heading = _HEADING.match(line)
        if heading and not _in_display_math(md_buf):
            headings.append(Span(line.strip(), i + 1))
            attr = _ATTR_ID.search(heading.group("text"))
            if attr:
                labels.append(Span(attr.group("id"), i + 1))
        div = _DIV_OPEN.match(line.strip())
        if div and div.group("attrs"):
            attr = re.search(r"#(?P<id>[A-Za-z][\w:-]*)", div.group("attrs"))
            if attr:
                labels.append(Span(attr.group("id"), i + 1))
        for eq in _EQ_LABEL.finditer(line):
            labels.append(Span(eq.group("id"), i + 1))
        md_buf.append(line)
        i += 1
    flush_md(len(lines) + 1)

    math, xrefs, cites, inline, broken = [], [], [], [], []
    for block in blocks:
        if isinstance(block, Markdown):
            visible = _blank_fenced(block.text)
            math.extend(_find_math(visible, block.line))
            _scan_refs(visible, block.line, xrefs, cites, inline, broken)
        else:
            for key in ("fig-cap", "fig-alt", "tbl-cap", "fig-subcap"):
                value = block.options.get(key)
                if value is None:
                    continue
                where = block.option_lines.get(key, block.line)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    math.extend(_find_math(str(v), where))
                    _scan_refs(str(v), where, xrefs, cites, [])
    return QmdDoc(path, blocks, front, labels, xrefs, cites, math, inline,
                  broken, headings, code_lines)


def _in_display_math(buf: list[str]) -> bool:
    """True while an unclosed ``$$`` is open in the markdown seen so far."""
    return sum(line.count("$$") for line in buf) % 2 == 1


def _blank_fenced(text: str) -> str:
    """Blank the lines of display-only fenced code blocks inside markdown."""
    out, fence = [], None
    for raw in text.split("\n"):
        stripped = raw.strip()
        m = _FENCE.match(stripped)
        if fence is None and m:
            fence = m.group("fence")
            out.append("")
        elif fence is not None:
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            out.append("")
        else:
            out.append(raw)
    return "\n".join(out)


def _scan_refs(text: str, first_line: int, xrefs, cites, inline,
               broken=None) -> None:
    """Collect cross-references, citations and inline expressions."""
    in_display = False
    for off, raw in enumerate(text.split("\n")):
        line_no = first_line + off
        for m in _INLINE_EXPR.finditer(raw):
            inline.append(Span(m.group("expr").strip(), line_no))
        if broken is not None and \
                len(_INLINE_START.findall(raw)) > len(_INLINE_EXPR.findall(raw)):
            broken.append(Span(raw.strip(), line_no))
        # math is not prose: skip $$ blocks, drop $...$ before looking for @
        if in_display:
            if "$$" in raw:
                in_display = False
            continue
        line = re.sub(r"\$\$.*?\$\$", " ", raw)
        if "$$" in line:
            in_display = True
            line = line.split("$$", 1)[0]
        prose = _strip_inline_code(line)
        prose = re.sub(r"(?<!\\)\$[^$]*\$", " ", prose)
        prose = re.sub(r"<[^>]*>", " ", prose)          # html, autolinks
        prose = re.sub(r"\]\([^)]*\)", "]", prose)      # link targets
        prose = re.sub(r"\{#[^}]*\}", " ", prose)       # label definitions
        for m in _XREF.finditer(prose):
            xrefs.append(Span(m.group("id"), line_no))
        for m in _CITE.finditer(prose):
            key = m.group("key").strip("{}")
            if key.split("-", 1)[0] in CROSSREF_KINDS and "-" in key:
                continue
            cites.append(Span(key, line_no))


def parse_file(path: Path | str) -> QmdDoc:
    """Parse a ``.qmd`` file from disk."""
    path = Path(path)
    return parse_text(path.read_text(encoding="utf-8"), path)
