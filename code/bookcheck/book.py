"""The book as a whole: its root, its configuration and its chapter list."""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def find_root(start: Path | None = None) -> Path:
    """The folder holding ``_quarto.yml``, searched upwards from ``start``."""
    env = os.environ.get("BOOK_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_quarto.yml").is_file():
            return folder
    raise FileNotFoundError(f"no _quarto.yml in {here} or any parent folder")


def load_config(root: Path) -> dict:
    """``_quarto.yml`` as a dict."""
    return yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8")) or {}


def listed_files(root: Path) -> list[Path]:
    """Every file listed under ``book.chapters`` and ``book.appendices``.

    Parts may be plain titles or files; both are walked in order.
    """
    book = load_config(root).get("book", {}) or {}
    files: list[Path] = []

    def walk(items) -> None:
        for item in items or []:
            if isinstance(item, str):
                files.append(root / item)
            elif isinstance(item, dict):
                part = item.get("part")
                if isinstance(part, str) and part.endswith((".qmd", ".md")):
                    files.append(root / part)
                walk(item.get("chapters"))
                if "href" in item:
                    files.append(root / item["href"])

    walk(book.get("chapters"))
    walk(book.get("appendices"))
    return files


def count_parts(root: Path) -> int:
    """How many parts ``book.chapters`` has."""
    chapters = (load_config(root).get("book", {}) or {}).get("chapters") or []
    return sum(1 for item in chapters if isinstance(item, dict) and "part" in item)


def executable_files(root: Path) -> list[Path]:
    """Listed ``.qmd`` files that hold at least one ``{python}`` cell."""
    from bookcheck.qmd import parse_file

    return [p for p in listed_files(root)
            if p.suffix == ".qmd" and p.exists() and parse_file(p).cells]


def source_files(root: Path) -> list[Path]:
    """Every ``.qmd`` the book could contain: top level and ``chapters/``.

    Files whose name starts with ``_`` are includes (e.g. ``_macros.qmd``),
    not pages.
    """
    found = sorted(root.glob("*.qmd")) + sorted((root / "chapters").glob("*.qmd"))
    return [p for p in found if not p.name.startswith("_")]


def bibliography_paths(root: Path) -> list[Path]:
    """The bibliography files named in ``_quarto.yml``."""
    bib = load_config(root).get("bibliography", [])
    bib = [bib] if isinstance(bib, str) else list(bib or [])
    return [root / b for b in bib]
