"""Execute a chapter the way Quarto's Jupyter engine would, without Quarto.

Each chapter runs top to bottom in a fresh ``python3`` kernel, in the
chapter's own folder (Quarto's default ``execute-dir``). Inline
``{python} expr`` expressions are evaluated where they stand, after the
cells before them. The run fails, naming the chapter and the cell, on:

* an exception in a cell;
* anything written to stderr (warnings included);
* a ``fig-`` cell that does not yield exactly one figure;
* a cell whose last expression is a matplotlib object, whose repr
  (``<Axes: ...>``) would be printed under the figure;
* an inline expression that raises, or whose value is not ``str`` or
  ``int`` (a float would print seventeen digits into the prose).
"""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from bookcheck.crossref import Numbering, number_book, resolve
from bookcheck.macros import MACROS_FILE, expand_macros, read_macros
from bookcheck.qmd import Cell, Markdown, QmdDoc, parse_file

FIGURE_MIMES = ("image/png", "image/svg+xml", "application/pdf", "image/jpeg")
_INCLUDE = re.compile(r"\{\{<\s*include\s+(?P<path>\S+)\s*>\}\}")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The repr of a plotting call's return value (e.g. "<Axes: ...>") would be
# printed under the figure in the book.
_ARTIST_REPR = re.compile(r"<(Axes|Figure|matplotlib\.|mpl_toolkits\.)|^Text\(")

_INLINE_PROBE = """\
import json as _bc_json
_bc_out = []
for _bc_src in {exprs!r}:
    try:
        _bc_val = eval(_bc_src)
        _bc_out.append({{"ok": True, "type": type(_bc_val).__name__,
                        "text": str(_bc_val)}})
    except Exception as _bc_exc:
        _bc_out.append({{"ok": False,
                        "text": f"{{type(_bc_exc).__name__}}: {{_bc_exc}}"}})
print(_bc_json.dumps(_bc_out))
del _bc_json, _bc_out, _bc_src
"""


@dataclass
class Problem:
    """One thing wrong with a chapter run."""

    where: str                    # "cell 'fig-py-kahan'" or "line 120"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class RunResult:
    """What executing one chapter produced."""

    path: Path
    notebook: nbformat.NotebookNode
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0          # executing the cells
    kernel_seconds: float = 0.0   # starting the kernel
    figures: dict = field(default_factory=dict)   # label -> PNG bytes
    inline_values: dict = field(default_factory=dict)  # expression -> text
    cell_seconds: list = field(default_factory=list)   # (cell name, seconds)

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        head = f"{self.path.name}: {'ok' if self.ok else 'FAILED'}"
        head += f" ({self.seconds:.1f} s, {len(self.figures)} figures)"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def _markdown_source(block: Markdown, chapter: Path, macros: dict,
                     numbering: Numbering) -> str:
    """Markdown for the notebook, as a reader of the notebook should see it.

    The macros are expanded in place (see :mod:`bookcheck.macros`);
    includes are inlined; numbers,
    cross-references and citations are filled in as Quarto would
    (see :mod:`bookcheck.crossref`).
    """
    def inline_include(m: re.Match) -> str:
        target = (chapter.parent / m.group("path")).resolve()
        return target.read_text(encoding="utf-8")
    text = resolve(block.text, block.line, chapter, numbering)
    return expand_macros(_INCLUDE.sub(inline_include, text), macros)


def _book_root(chapter: Path) -> Path:
    """The folder with the ``_quarto.yml`` that the chapter belongs to."""
    for folder in (chapter.parent, *chapter.parents):
        if (folder / "_quarto.yml").is_file():
            return folder
    return chapter.parent


def _caption_cell(cell: Cell, chapter: Path, macros: dict, numbering: Numbering):
    """A markdown cell with the figure's number and caption, under it."""
    caption = " ".join(str(cell.options.get("fig-cap", "")).split())
    name = numbering.display.get(cell.label, "Figure")
    text = resolve(f"**{name}.** {caption}", 0, chapter, numbering)
    md = nbformat.v4.new_markdown_cell(expand_macros(text, macros))
    md.metadata["figure_caption"] = cell.label
    return md


def build_notebook(doc: QmdDoc) -> nbformat.NotebookNode:
    """The chapter as an (unexecuted) notebook, one cell per block."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    root = _book_root(doc.path)
    macros = read_macros(root / MACROS_FILE)
    numbering = number_book(root)
    for block in doc.blocks:
        if isinstance(block, Markdown):
            if block.text.strip():
                cell = nbformat.v4.new_markdown_cell(
                    _markdown_source(block, doc.path, macros, numbering))
                cell.metadata["qmd_line"] = block.line
                nb.cells.append(cell)
        elif block.lang == "python":
            cell = nbformat.v4.new_code_cell(block.source)
            cell.metadata["qmd_line"] = block.line
            if block.label:
                cell.metadata["label"] = block.label
            nb.cells.append(cell)
            if (block.label or "").startswith("fig-"):
                nb.cells.append(_caption_cell(block, doc.path, macros, numbering))
    return nb


def _count_figures(outputs) -> int:
    return sum(1 for o in outputs
               if o.get("output_type") in ("display_data", "execute_result")
               and any(m in o.get("data", {}) for m in FIGURE_MIMES))


def _first_png(outputs) -> bytes | None:
    for o in outputs:
        data = o.get("data", {})
        if "image/png" in data:
            return base64.b64decode(data["image/png"])
    return None


def _stderr_text(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


def _error_text(exc: CellExecutionError) -> str:
    name = getattr(exc, "ename", "") or "Error"
    value = getattr(exc, "evalue", "") or str(exc).strip().splitlines()[-1]
    return _ANSI.sub("", f"{name}: {value}")


def _code_cell_for(doc: QmdDoc, nb_cell) -> Cell | None:
    line = nb_cell.metadata.get("qmd_line")
    for c in doc.cells:
        if c.line == line:
            return c
    return None


def _check_code_cell(cell: Cell, nb_cell, problems: list[Problem]) -> None:
    stderr = _stderr_text(nb_cell.outputs)
    if stderr.strip():
        problems.append(Problem(cell.where(),
                                f"wrote to stderr: {stderr.strip()[:300]}"))
    for o in nb_cell.outputs:
        text = o.get("data", {}).get("text/plain", "") \
            if o.get("output_type") == "execute_result" else ""
        if _ARTIST_REPR.search(text) and not _count_figures([o]):
            problems.append(Problem(cell.where(),
                                    f"prints the repr {text[:40]!r} under its output; "
                                    "end the last line with ';' or assign it"))
    label = cell.label or ""
    figures = _count_figures(nb_cell.outputs)
    if label.startswith("fig-") and figures != 1:
        problems.append(Problem(cell.where(),
                                f"a fig- cell must yield exactly one figure, got {figures}"))


def _evaluate_inline(client: NotebookClient, doc: QmdDoc, nb, index: int,
                     md_block: Markdown, problems: list[Problem],
                     values: dict[str, str]) -> None:
    """Evaluate the inline expressions of one markdown cell, in place."""
    exprs = [s for s in doc.inline_exprs
             if md_block.line <= s.line < md_block.line + md_block.text.count("\n") + 1]
    if not exprs:
        return
    probe = nbformat.v4.new_code_cell(_INLINE_PROBE.format(exprs=[e.text for e in exprs]))
    md_cell = nb.cells[index]
    try:
        client.execute_cell(probe, index, store_history=False)
    except CellExecutionError as exc:
        nb.cells[index] = md_cell
        problems.append(Problem(f"line {exprs[0].line}",
                                f"inline expressions failed: {_error_text(exc)}"))
        return
    stdout = "".join(o.get("text", "") for o in probe.outputs
                     if o.get("output_type") == "stream" and o.get("name") == "stdout")
    # nbclient stores the executed cell at ``index``: put the markdown back
    nb.cells[index] = md_cell
    results = json.loads(stdout.strip().splitlines()[-1])
    for span, res in zip(exprs, results):
        where = f"line {span.line}"
        if not res["ok"]:
            problems.append(Problem(where, f"inline `{{python}} {span.text}` "
                                           f"raised {res['text']}"))
            continue
        if res["type"] not in ("str", "int"):
            problems.append(Problem(where, f"inline `{{python}} {span.text}` is a "
                                           f"{res['type']} ({res['text'][:40]}); "
                                           "format it as a str in a cell"))
        values[span.text] = res["text"]
        md_cell.source = md_cell.source.replace(
            f"`{{python}} {span.text}`", res["text"], 1)


def execute_chapter(path: Path | str, timeout: int = 600) -> RunResult:
    """Run one chapter in a fresh kernel and check what it produced."""
    path = Path(path).resolve()
    doc = parse_file(path)
    nb = build_notebook(doc)
    result = RunResult(path, nb)
    md_blocks = {b.line: b for b in doc.blocks if isinstance(b, Markdown)}
    client = NotebookClient(
        nb, kernel_name="python3", timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        result.kernel_seconds = time.perf_counter() - start
        start = time.perf_counter()
        for index, nb_cell in enumerate(nb.cells):
            if nb_cell.cell_type == "markdown":
                block = md_blocks.get(nb_cell.metadata.get("qmd_line"))
                if block is not None:
                    _evaluate_inline(client, doc, nb, index, block, result.problems,
                                     result.inline_values)
                continue
            cell = _code_cell_for(doc, nb_cell)
            cell_start = time.perf_counter()
            try:
                client.execute_cell(nb_cell, index)
            except CellExecutionError as exc:
                result.problems.append(Problem(cell.where(), _error_text(exc)))
                break  # later cells depend on this one
            except (CellTimeoutError, DeadKernelError) as exc:
                result.problems.append(Problem(cell.where(),
                                               f"{type(exc).__name__}: {exc}"))
                break
            finally:
                result.cell_seconds.append(
                    (cell.label or f"line {cell.line}", time.perf_counter() - cell_start))
            _check_code_cell(cell, nb_cell, result.problems)
            if cell.label and cell.label.startswith("fig-"):
                png = _first_png(nb_cell.outputs)
                if png is not None:
                    result.figures[cell.label] = png
    result.seconds = time.perf_counter() - start
    return result


def write_outputs(result: RunResult, build_dir: Path) -> None:
    """Save the executed notebook and its figures under ``build_dir``."""
    stem = result.path.stem
    nb_dir = build_dir / "notebooks"
    fig_dir = build_dir / "figures" / stem
    nb_dir.mkdir(parents=True, exist_ok=True)
    fig_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(result.notebook, nb_dir / f"{stem}.ipynb")
    for label, png in result.figures.items():
        (fig_dir / f"{label}.png").write_bytes(png)
