"""The back matter's glossary page stays true to the book.

* the notation table lists exactly the macros that ``_macros.tex``
  defines (a new macro must be documented, a removed one must go);
* every cross-reference of the glossary resolves to a label that a
  chapter defines (``@sec-``, and ``@eq-``/``@fig-`` if any are used);
* every library call that a cheatsheet shows exists as written.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import execmath
from bookcheck.macros import MACROS_FILE, read_macros

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary.qmd"
CHAPTERS = sorted((ROOT / "chapters").glob("*.qmd"))

_CODE_SPAN = re.compile(r"`([^`]+)`")
_MACRO_NAME = re.compile(r"\\([A-Za-z]+)")
_LABEL = re.compile(r"\{#((?:sec|eq|fig)-[\w-]+)")
# Pandoc's cross-reference syntax: @label, not preceded by a word character
# (so an e-mail address is not one); a trailing '.' ends a sentence
_XREF = re.compile(r"(?<![\w@])@((?:sec|eq|fig)-[\w-]*\w)")


def _text() -> str:
    return GLOSSARY.read_text(encoding="utf-8")


def _section(text: str, label: str) -> str:
    """The body of the level-two section labelled ``label``."""
    m = re.search(r"^## .*\{#" + re.escape(label) + r"\}\s*$", text, re.M)
    assert m, f"glossary.qmd has no section {{#{label}}}"
    end = re.search(r"^## ", text[m.end():], re.M)
    return text[m.end():m.end() + end.start()] if end else text[m.end():]


def _table_rows(section: str, first_header: str) -> list[list[str]]:
    """Body rows (as cells) of the pipe table whose first header is given."""
    lines = section.split("\n")
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and cells[0] == first_header:
            rows = []
            for body in lines[i + 2:]:          # skip the |:---| rule
                if not body.lstrip().startswith("|"):
                    break
                rows.append([c.strip() for c in body.strip().strip("|").split("|")])
            return rows
    raise AssertionError(f"no table with first header {first_header!r}")


def _notation_macros() -> dict[str, list[str]]:
    """Macro names of the notation table's first column, with their rows."""
    rows = _table_rows(_section(_text(), "sec-glossary-notation"), "Macro")
    found: dict[str, list[str]] = {}
    for row in rows:
        names = {n for span in _CODE_SPAN.findall(row[0])
                 for n in _MACRO_NAME.findall(span)}
        assert names, f"notation row without a macro in its first column: {row}"
        for name in names:
            found[name] = row
    return found


def _without_code(text: str) -> str:
    """``text`` with fenced blocks and inline code removed."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return _CODE_SPAN.sub("", text)


def test_glossary_opens_with_its_label():
    first = _text().lstrip().split("\n", 1)[0]
    assert first == "# Glossary, Notation, and Cheatsheets {#sec-glossary}"


def test_notation_table_lists_every_macro():
    """Defined but undocumented, or documented but undefined, both fail."""
    defined = set(read_macros(ROOT / MACROS_FILE))
    assert defined, f"{MACROS_FILE} defines no macro"
    listed = set(_notation_macros())
    missing = sorted(defined - listed)
    unknown = sorted(listed - defined)
    assert not missing, f"macros of {MACROS_FILE} missing from the notation table: {missing}"
    assert not unknown, f"notation table lists macros {MACROS_FILE} does not define: {unknown}"


def test_notation_rows_render_their_macro():
    """The 'Renders as' column shows each macro in math, not just its name."""
    for name, row in _notation_macros().items():
        math = " ".join(re.findall(r"\$([^$]+)\$", row[1]))
        assert re.search(r"\\" + name + r"(?![A-Za-z])", math), (
            f"row of \\{name} does not render it in $...$: {row[1]!r}")


def test_glossary_references_resolve_to_chapter_labels():
    labels = {m for path in CHAPTERS
              for m in _LABEL.findall(path.read_text(encoding="utf-8"))}
    refs = set(_XREF.findall(_without_code(_text())))
    assert any(r.startswith("sec-") for r in refs), "the glossary links no section"
    unresolved = sorted(refs - labels)
    assert not unresolved, f"references to labels no chapter defines: {unresolved}"


def test_every_glossary_term_is_linked():
    """Each glossary entry points at the section that defines it."""
    body = _section(_text(), "sec-glossary-terms")
    entries = re.split(r"^- ", body, flags=re.M)[1:]
    assert len(entries) >= 60, f"only {len(entries)} glossary entries"
    unlinked = [e.split("\n", 1)[0] for e in entries if "@sec-" not in e]
    assert not unlinked, f"glossary entries without a section link: {unlinked}"


_EXECMATH = sorted(m.name for m in pkgutil.iter_modules(execmath.__path__)
                   if not m.name.startswith("_"))
_ALIASES = {"np": "numpy"}
_CALL = re.compile(r"(?<![\w.])((?:np|numpy|scipy|math|torch|sklearn|"
                   + "|".join(_EXECMATH) + r")(?:\.[A-Za-z_]\w*)+)")


def _resolve(dotted: str) -> object:
    """Import the longest module prefix of ``dotted``, then get attributes."""
    parts = dotted.split(".")
    head = _ALIASES.get(parts[0], parts[0])
    if head in _EXECMATH:
        head = f"execmath.{head}"
    parts = [*head.split("."), *parts[1:]]
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def test_cheatsheet_calls_exist():
    """Every dotted name shown in the cheatsheets is a real attribute."""
    sheets = _section(_text(), "sec-glossary-cheatsheets")
    code = "\n".join(re.findall(r"^```python\n(.*?)^```", sheets, re.M | re.S))
    code += "\n" + "\n".join(_CODE_SPAN.findall(
        re.sub(r"^```.*?^```", "", sheets, flags=re.M | re.S)))
    names = sorted(set(_CALL.findall(code)))
    assert len(names) > 40, names
    problems = []
    for name in names:
        if name.split(".")[0] in ("torch", "sklearn"):
            # optional here: the suite also runs without torch
            if importlib.util.find_spec(name.split(".")[0]) is None:
                continue
        try:
            _resolve(name)
        except (ImportError, AttributeError) as exc:
            problems.append(f"{name}: {exc}")
    assert not problems, "cheatsheet names that do not exist:\n" + "\n".join(problems)


@pytest.mark.parametrize("sheet", [
    "NumPy shapes and broadcasting", "Floating point",
    "Derivatives and gradients", "Distributions", "Optimisers", "Metrics"])
def test_cheatsheet_fits_a_page(sheet):
    """Each cheatsheet exists and stays short enough for a printed page."""
    sheets = _section(_text(), "sec-glossary-cheatsheets")
    m = re.search(r"^### " + re.escape(sheet) + r"\s*$(.*?)(?=^### |\Z)",
                  sheets, re.M | re.S)
    assert m, f"cheatsheet '{sheet}' is missing"
    lines = [line for line in m.group(1).split("\n") if line.strip()]
    # about 50 printed lines fit an A4/letter page at the book's font size
    assert len(lines) <= 45, f"cheatsheet '{sheet}' has {len(lines)} lines"
    assert "@sec-" in m.group(1), f"cheatsheet '{sheet}' references no section"
