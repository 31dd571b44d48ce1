"""Quarto's numbering and cross-references, for the notebooks.

Quarto numbers chapters, sections, equations, figures and exercises and
turns ``@fig-...`` into "Figure 3.1" and ``[@higham2002]`` into a citation.
A notebook written by ``make notebooks`` has no Quarto to do this, so
:func:`resolve` does the same, in the same order Quarto uses (chapters in
the order ``_quarto.yml`` lists them; within a chapter, items in the order
they appear), so that a reader of a notebook sees the numbers of the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser

from bookcheck import book
from bookcheck.qmd import _CITE, _XREF, QmdDoc, outside_code, parse_file

_KIND_NAME = {"fig": "Figure", "eq": "Equation", "exr": "Exercise",
              "tbl": "Table"}
_HEADING = re.compile(r"^(?P<hashes>#{1,3})\s+(?P<title>.*?)\s*"
                      r"(?P<attrs>\{[^}]*\})?\s*$")
_EQ_LABEL = re.compile(r"\$\$\s*\{#(?P<id>eq-[\w-]+)\}")
_CITE_GROUP = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\]")
_EXR_OPEN = re.compile(r"^:{3,}\s*\{#(?P<id>exr-[\w-]+)[^}]*\}\s*$")
_SOLUTION_OPEN = re.compile(r"^:{3,}\s*\{[^}]*\.solution[^}]*\}\s*$")
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")


@dataclass
class Numbering:
    """Display text for every label of the book, and heading numbers."""

    display: dict[str, str] = field(default_factory=dict)   # label -> text
    numbers: dict[str, str] = field(default_factory=dict)   # label -> "3.2"
    headings: dict[tuple[Path, int], str] = field(default_factory=dict)
    authors: dict[str, tuple[str, str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)    # exr label -> title


def _exercise_titles(path: Path) -> dict[int, tuple[str, str]]:
    """Headings that title an exercise: line -> (exercise label, title).

    Quarto reads a heading that opens a cross-reference div
    (``::: {#exr-x}`` then ``## Title``) as the exercise's title, not as a
    section: it is neither numbered nor shown as a heading.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    found = {}
    for i, line in enumerate(lines):
        m = _EXR_OPEN.match(line.strip())
        if not m:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        h = _HEADING.match(lines[j]) if j < len(lines) else None
        if h:
            found[j + 1] = (m["id"], h["title"])
    return found


def _is_unnumbered(attrs: str | None) -> bool:
    return bool(attrs) and (".unnumbered" in attrs or re.search(r"(^|\s)-(\s|\})", attrs))


def _number_chapter(doc: QmdDoc, chapter: int, out: Numbering) -> None:
    counters = {"fig": 0, "eq": 0, "exr": 0, "tbl": 0}
    section = [0, 0]
    titles = _exercise_titles(doc.path)
    for span in doc.headings:
        m = _HEADING.match(span.text)
        if m is None:
            continue
        if span.line in titles:
            label, title = titles[span.line]
            out.titles[label] = title
            out.headings[(doc.path, span.line)] = ""     # shown with the label
            continue
        level, attrs = len(m["hashes"]), m["attrs"]
        label = re.search(r"#([\w:-]+)", attrs or "")
        if level == 1:
            number = str(chapter)
            out.headings[(doc.path, span.line)] = f"# {number} {m['title']}"
            kind = "Chapter"
        elif _is_unnumbered(attrs):
            out.headings[(doc.path, span.line)] = "#" * level + f" {m['title']}"
            continue
        elif level == 2:
            section = [section[0] + 1, 0]
            number = f"{chapter}.{section[0]}"
            kind = "Section"
        else:
            section[1] += 1
            number = f"{chapter}.{section[0]}.{section[1]}"
            kind = "Section"
        out.headings[(doc.path, span.line)] = "#" * level + f" {number} {m['title']}"
        if label:
            out.display[label.group(1)] = f"{kind} {number}"
            out.numbers[label.group(1)] = number
    for span in doc.labels:
        prefix = span.text.split("-", 1)[0]
        if prefix in counters and span.text not in out.display:
            counters[prefix] += 1
            number = f"{chapter}.{counters[prefix]}"
            out.display[span.text] = f"{_KIND_NAME[prefix]} {number}"
            out.numbers[span.text] = number


def _surname(author: str) -> str:
    author = author.strip()
    if author.startswith("{") and author.endswith("}"):
        return author.strip("{}")          # {IEEE Computer Society}: a body
    return author.split(",")[0].strip() if "," in author else author.split()[-1]


def _citation_names(root: Path) -> dict[str, tuple[str, str]]:
    names = {}
    for path in book.bibliography_paths(root):
        if not path.exists():
            continue
        for entry in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries:
            fields = {f.key.lower(): str(f.value) for f in entry.fields}
            people = [a for a in re.split(r"\s+and\s+", fields.get("author", ""))
                      if a.strip()]
            if not people:
                who = fields.get("organization") or fields.get("institution") \
                    or entry.key
            elif len(people) == 1:
                who = _surname(people[0])
            elif len(people) == 2:
                who = f"{_surname(people[0])} and {_surname(people[1])}"
            else:
                who = f"{_surname(people[0])} et al."
            names[entry.key] = (who.replace("{", "").replace("}", ""),
                                fields.get("year", "n.d."))
    return names


def number_book(root: Path) -> Numbering:
    """Number every listed chapter of the book at ``root``."""
    out = Numbering(authors=_citation_names(root))
    chapter = 0
    for path in book.listed_files(root):
        if path.suffix != ".qmd" or not path.exists():
            continue
        doc = parse_file(path)
        first = doc.headings[0].text if doc.headings else ""
        m = _HEADING.match(first)
        if path.name == "index.qmd" or m is None or _is_unnumbered(m["attrs"]):
            for span in doc.headings:
                h = _HEADING.match(span.text)
                if h:
                    out.headings[(doc.path, span.line)] = h["hashes"] + " " + h["title"]
            continue
        chapter += 1
        _number_chapter(doc, chapter, out)
    return out


def _cite_group(body: str, numbering: Numbering) -> str:
    parts = []
    for item in body.split(";"):
        m = _CITE.search(item)
        if m is None:
            parts.append(item.strip())
            continue
        key = m.group("key").strip("{}")
        who, year = numbering.authors.get(key, (key, ""))
        locator = item[m.end():].strip(" ,")
        prefix = item[:m.start()].strip()
        text = f"{who} {year}".strip()
        parts.append(" ".join(p for p in (prefix, text) if p)
                     + (f", {locator}" if locator else ""))
    return "(" + "; ".join(parts) + ")"


def _resolve_prose(text: str, numbering: Numbering) -> str:
    # Pandoc's escaped space (a non-breaking space, used before citations)
    # is not markdown that notebook renderers know: write the character.
    text = re.sub(r"(?<!\\)\\ ", "\u00a0", text)
    text = _CITE_GROUP.sub(lambda m: _cite_group(m["body"], numbering), text)
    text = _XREF.sub(lambda m: numbering.display.get(m["id"], m.group(0)), text)

    def bare_cite(m: re.Match) -> str:
        key = m["key"].strip("{}")
        if key not in numbering.authors:
            return m.group(0)
        who, year = numbering.authors[key]
        return f"{who} ({year})"
    return _CITE.sub(bare_cite, text)


def resolve(markdown: str, first_line: int, path: Path, numbering: Numbering) -> str:
    """Markdown of one notebook cell with Quarto's numbers filled in."""
    lines = markdown.split("\n")
    out = []
    for off, line in enumerate(lines):
        heading = numbering.headings.get((path, first_line + off))
        if heading is not None:
            out.append(heading)
            continue
        stripped = line.strip()
        if (m := _EXR_OPEN.match(stripped)):
            title = numbering.titles.get(m["id"])
            name = numbering.display.get(m["id"], "Exercise")
            out.append(f"**{name} ({title}).**" if title else f"**{name}.**")
            continue
        if _SOLUTION_OPEN.match(stripped):
            out.append("*Solution.*")
            continue
        if _DIV_CLOSE.match(stripped):
            out.append("")
            continue
        line = _EQ_LABEL.sub(
            lambda m: f"\\tag{{{numbering.numbers.get(m['id'], '?')}}} $$", line)
        out.append(line)
    return outside_code("\n".join(out),
                        lambda prose: _resolve_prose(prose, numbering))
