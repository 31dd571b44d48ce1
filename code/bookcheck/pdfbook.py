"""Assemble the book as Quarto's PDF does, one LaTeX document, and compile it.

Quarto renders a book's PDF by joining every chapter into ONE ``.tex``
file with the book's document class and header includes. A LaTeX error
anywhere, or anything a chapter defines that another already defined,
breaks the whole PDF; the per-formula math check (:mod:`bookcheck.mathcheck`)
cannot see that. This check builds the same shape without Quarto:

1. every file listed in ``_quarto.yml``, in order, with ``\\part`` for the
   parts; includes inlined; inline ``{python}`` values filled in from an
   execution (or a neutral ``0`` without one); echoed code as code blocks;
   figure cells as figures with their captions (a placeholder image);
   labelled equations as ``equation`` environments and cross-references as
   ``\\ref``, as Quarto writes them;
2. pandoc (the binary of PyPI ``pypandoc-binary``, or ``pandoc`` on PATH)
   turns the joined markdown into one standalone LaTeX file with the
   book's document class, class options, paper size and every
   ``include-in-header`` of ``format.pdf``, and resolves citations with
   citeproc; each pandoc warning is a problem (e.g. a macro defined twice);
3. ``lualatex`` (the book's ``pdf-engine``) compiles it once in non-stop
   mode; each error is mapped back to the ``.qmd`` file and line through
   comments the assembly leaves before every paragraph.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from bookcheck import book
from bookcheck.qmd import CROSSREF_KINDS, Cell, Markdown, outside_code, parse_file

_INCLUDE = re.compile(r"\{\{<\s*include\s+(?P<path>\S+)\s*>\}\}")
_INLINE = re.compile(r"`\{python\} (?P<expr>[^`]+)`")
_EQUATION = re.compile(r"\$\$(?P<body>.+?)\$\$\s*\{#(?P<label>eq-[\w-]+)\}", re.S)
_XREF = re.compile(r"(?<![\w@./-])@(?P<id>(?:" + "|".join(CROSSREF_KINDS)
                   + r")-[\w-]*\w)")
_MARK = "% bookcheck-source: "
_TEX_ERROR = re.compile(r"^(?:\./)?(?P<file>[^:\s]+\.tex):(?P<line>\d+): (?P<msg>.*)$")


@dataclass(frozen=True)
class PdfProblem:
    path: Path | str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def pandoc_binary() -> str | None:
    """The pandoc of ``pypandoc-binary`` if installed, else ``pandoc`` on PATH."""
    try:
        import pypandoc  # noqa: PLC0415 - optional dependency

        path = pypandoc.get_pandoc_path()
        if path and Path(path).exists():
            return str(path)
    except (ImportError, OSError):
        pass
    return shutil.which("pandoc")


def _placeholder_png(path: Path) -> None:
    """A 1x1 grey PNG, the stand-in for every figure."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (len(data).to_bytes(4, "big") + body
                + zlib.crc32(body).to_bytes(4, "big"))
    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
           + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))
    path.write_bytes(png)


def _raw(latex: str) -> str:
    return "\n```{=latex}\n" + latex + "\n```\n"


def _markdown_with_marks(text: str, rel: str, first_line: int) -> str:
    """Insert a source comment before every paragraph of a markdown run.

    Comments go only at paragraph starts outside fenced code and display
    math, so they never split a construct pandoc reads as one block.
    """
    out: list[str] = []
    in_fence = in_math = False
    previous_blank = True
    for offset, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if (previous_blank and stripped and not in_fence and not in_math
                and not line.startswith((" ", "\t"))):
            out.append(_raw(f"{_MARK}{rel}:{first_line + offset}"))
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_fence = not in_fence
        elif not in_fence and stripped.count("$$") % 2 == 1:
            in_math = not in_math
        out.append(line)
        previous_blank = not stripped
    return "\n".join(out)


def _latex_prose(text: str, values: dict[str, str]) -> str:
    """Quarto's transformations of prose: inline values, equations, refs."""
    text = _INLINE.sub(lambda m: values.get(m["expr"].strip(), "0"), text)

    def equation(m: re.Match) -> str:
        body = " ".join(m["body"].split("\n"))
        return (f"`\\begin{{equation}}{body}\\label{{{m['label']}}}"
                "\\end{equation}`{=latex}")
    text = _EQUATION.sub(equation, text)
    return outside_code(text, lambda prose: _XREF.sub(
        lambda m: f"`\\ref{{{m['id']}}}`{{=latex}}", prose))


def _cell_markdown(cell: Cell, image: str, values: dict[str, str]) -> str:
    """What a code cell contributes to the PDF: its code and its figure."""
    opts = cell.options
    parts = []
    hidden = opts.get("include") is False or opts.get("echo") is False
    if not hidden:
        code = "\n".join(line for line in cell.source.split("\n")
                         if not line.lstrip().startswith("#|"))
        parts.append("```python\n" + code.strip("\n") + "\n```")
    label = cell.label or ""
    if label.startswith("fig-") and opts.get("include") is not False:
        caption = " ".join(str(opts.get("fig-cap", "")).split())
        parts.append(f"![{_latex_prose(caption, values)}]({image}){{#{label}}}")
    return "\n\n".join(parts)


def _chapter_markdown(path: Path, root: Path, image: str,
                      values: dict[str, str]) -> str:
    rel = str(path.relative_to(root))
    doc = parse_file(path)
    pieces = []
    for block in doc.blocks:
        if isinstance(block, Markdown):
            text = _INCLUDE.sub(
                lambda m: (path.parent / m["path"]).read_text(encoding="utf-8"),
                block.text)
            text = _markdown_with_marks(text, rel, block.line)
            pieces.append(_latex_prose(text, values))
        elif block.lang == "python":
            pieces.append(_raw(f"{_MARK}{rel}:{block.line}"))
            pieces.append(_cell_markdown(block, image, values))
    return "\n\n".join(pieces)


def _book_items(root: Path) -> list[tuple[str, object]]:
    """("part", title) and ("file", path) in book order."""
    cfg = book.load_config(root).get("book", {}) or {}
    items: list[tuple[str, object]] = []

    def walk(entries) -> None:
        for entry in entries or []:
            if isinstance(entry, str):
                items.append(("file", root / entry))
            elif isinstance(entry, dict):
                part = entry.get("part")
                if isinstance(part, str) and part.endswith((".qmd", ".md")):
                    items.append(("file", root / part))
                elif isinstance(part, str):
                    items.append(("part", part))
                walk(entry.get("chapters"))
    walk(cfg.get("chapters"))
    if cfg.get("appendices"):
        items.append(("appendix", None))
        walk(cfg.get("appendices"))
    return items


def assemble_markdown(root: Path, inline_values: dict | None = None,
                      image: str = "placeholder.png") -> str:
    """The whole book as one markdown document, as Quarto joins it for PDF.

    ``inline_values`` maps a chapter's path to ``{expression: text}`` from
    an execution; expressions without a value print as ``0``.
    """
    inline_values = inline_values or {}
    out = []
    for kind, item in _book_items(root):
        if kind == "part":
            title = re.sub(r"([&%#_$])", r"\\\1", str(item))
            out.append(_raw(f"{_MARK}_quarto.yml:1\n\\part{{{title}}}"))
        elif kind == "appendix":
            out.append(_raw("\\appendix"))
        elif item.suffix == ".qmd" and item.exists():
            values = inline_values.get(Path(item).resolve(), {})
            out.append(_chapter_markdown(item, root, image, values))
    return "\n\n".join(out) + "\n"


def _header_files(root: Path, build: Path) -> list[Path]:
    """``format.pdf.include-in-header`` as files (``text:`` entries written out)."""
    pdf = (book.load_config(root).get("format", {}) or {}).get("pdf", {}) or {}
    entries = pdf.get("include-in-header") or []
    entries = entries if isinstance(entries, list) else [entries]
    files = []
    for k, entry in enumerate(entries):
        if isinstance(entry, str):
            files.append(root / entry)
        elif isinstance(entry, dict) and "file" in entry:
            files.append(root / entry["file"])
        elif isinstance(entry, dict) and "text" in entry:
            out = build / f"header-{k}.tex"
            out.write_text(str(entry["text"]), encoding="utf-8")
            files.append(out)
    return files


def _pandoc_args(root: Path, build: Path) -> list[str]:
    cfg = book.load_config(root)
    pdf = (cfg.get("format", {}) or {}).get("pdf", {}) or {}
    meta = cfg.get("book", {}) or {}
    args = ["-f", "markdown", "-t", "latex", "--standalone",
            "--top-level-division=chapter", "--citeproc"]
    if pdf.get("number-sections", True):
        args.append("--number-sections")
    if pdf.get("toc"):
        args.append("--toc")
    for bib in book.bibliography_paths(root):
        args.append(f"--bibliography={bib}")
    args += ["-V", f"documentclass={pdf.get('documentclass', 'scrbook')}"]
    options = pdf.get("classoption") or []
    for opt in options if isinstance(options, list) else [options]:
        args += ["-V", f"classoption={opt}"]
    if pdf.get("papersize"):
        args += ["-V", f"papersize={pdf['papersize']}"]
    if pdf.get("lof"):
        args += ["-V", "lof=true"]
    for key in ("title", "subtitle", "author", "date"):
        if meta.get(key):
            args += ["-M", f"{key}={meta[key]}"]
    for header in _header_files(root, build):
        args.append(f"--include-in-header={header}")
    return args


def _source_of(tex_lines: list[str], line: int) -> tuple[str, int]:
    """The ``.qmd`` file and line of the paragraph holding LaTeX ``line``."""
    for k in range(min(line, len(tex_lines)) - 1, -1, -1):
        text = tex_lines[k]
        if text.startswith(_MARK):
            where, _, number = text[len(_MARK):].strip().rpartition(":")
            return where, int(number)
    return "preamble", line


def _latex_errors(log: str, tex_lines: list[str], limit: int = 20) -> list[PdfProblem]:
    problems = []
    lines = log.splitlines()
    for k, text in enumerate(lines):
        m = _TEX_ERROR.match(text)
        if not m:
            continue
        message = m["msg"].strip()
        # the offending input is on the "l.<n> ..." line that follows
        context = next((t for t in lines[k + 1:k + 12] if t.startswith("l.")), "")
        if context:
            message += f" [{context.strip()[:100]}]"
        if m["file"].endswith("book.tex"):
            where, line = _source_of(tex_lines, int(m["line"]))
        else:
            where, line = m["file"], int(m["line"])
        problems.append(PdfProblem(where, line, f"LaTeX: {message}"))
        if len(problems) >= limit:
            break
    return problems


def check_pdf_book(root: Path, inline_values: dict | None = None,
                   build: Path | None = None) -> tuple[list[PdfProblem], Path]:
    """Assemble and compile the PDF book; return its problems and the .tex."""
    root = root.resolve()
    build = (build or root / "_build" / "pdfbook").resolve()
    build.mkdir(parents=True, exist_ok=True)
    tex = build / "book.tex"
    problems: list[PdfProblem] = []
    pandoc = pandoc_binary()
    engine = shutil.which("lualatex")
    if pandoc is None:
        return [PdfProblem("pandoc", 0, "pandoc is not installed "
                           "(pip install pypandoc-binary, or apt-get install pandoc)")], tex
    if engine is None:
        return [PdfProblem("lualatex", 0, "lualatex is not installed "
                           "(apt-get install texlive-luatex)")], tex
    _placeholder_png(build / "placeholder.png")
    markdown = assemble_markdown(root, inline_values)
    (build / "book.md").write_text(markdown, encoding="utf-8")
    proc = subprocess.run([pandoc, *_pandoc_args(root, build), "-o", str(tex),
                           str(build / "book.md")],
                          cwd=build, capture_output=True, text=True, timeout=600)
    for line in proc.stderr.splitlines():
        if line.strip():
            problems.append(PdfProblem("pandoc", 0, line.strip()))
    if proc.returncode != 0 or not tex.exists():
        problems.append(PdfProblem("pandoc", 0, f"pandoc failed (exit {proc.returncode})"))
        return problems, tex
    run = subprocess.run([engine, "-interaction=nonstopmode", "-file-line-error",
                          "-halt-on-error", tex.name],
                         cwd=build, capture_output=True, text=True,
                         errors="replace", timeout=1200)
    log_path = build / "book.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") \
        if log_path.exists() else run.stdout
    tex_lines = tex.read_text(encoding="utf-8").splitlines()
    problems += _latex_errors(log, tex_lines)
    if run.returncode != 0 and not any(str(p.message).startswith("LaTeX")
                                       for p in problems):
        tail = " | ".join(run.stdout.strip().splitlines()[-5:])
        problems.append(PdfProblem(tex, 0, f"lualatex failed (exit {run.returncode}): {tail}"))
    return problems, tex

