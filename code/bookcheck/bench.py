"""``make bench``: how long the book takes to run, cold.

A benchmark, not a test: nothing here passes or fails on time. Each
chapter runs in a fresh kernel (a cold start, imports included), then the
unit tests run once in a fresh interpreter. The tables are printed and
written to ``_build/bench.md``; ``_build/bench.json`` keeps every cell's
time, so a later run can be compared with it::

    cp _build/bench.json _build/bench-before.json
    # ... change a chapter ...
    python -m bookcheck bench --baseline _build/bench-before.json

Quarto executes each chapter once per output format (HTML and PDF), so a
second saved here is two seconds saved in ``quarto render``.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from pathlib import Path

from bookcheck import book
from bookcheck.execute import execute_chapter

#: How many of the slowest cells the report lists.
SLOWEST = 15


def _unit_test_seconds(root: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not book", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc.returncode


def time_chapter(path: Path, root: Path) -> dict:
    """Execute one chapter cold; its kernel-start, cell and per-cell seconds."""
    result = execute_chapter(path)
    return {"chapter": str(Path(path).resolve().relative_to(root)),
            "kernel_start": round(result.kernel_seconds, 2),
            "cells": round(result.seconds, 2),
            "total": round(result.kernel_seconds + result.seconds, 2),
            "ok": result.ok,
            "cell_seconds": {name: round(s, 3) for name, s in result.cell_seconds}}


def read_baseline(path: Path) -> dict[str, float]:
    """Chapter -> total seconds from an earlier ``bench.json``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        return {row["chapter"]: float(row["total"]) for row in data["chapters"]}
    except (KeyError, TypeError) as exc:
        raise ValueError(f"baseline {path} is not a bench.json "
                         f"(missing {exc})") from exc


def chapter_table(rows: list[dict], baseline: dict[str, float] | None = None) -> str:
    """Markdown table of the chapter times, with the baseline beside them."""
    head = "| chapter | kernel start (s) | cells (s) | total (s) |"
    rule = "| --- | ---: | ---: | ---: |"
    if baseline is not None:
        head += " before (s) | change |"
        rule += " ---: | ---: |"
    lines = [head + " ok |", rule + " --- |"]
    for r in rows:
        line = (f"| {r['chapter']} | {r['kernel_start']:.2f} | {r['cells']:.2f} "
                f"| {r['total']:.2f} |")
        if baseline is not None:
            before = baseline.get(r["chapter"])
            line += (f" {before:.2f} | {100 * (r['total'] / before - 1):+.0f}% |"
                     if before else " | |")
        lines.append(line + f" {'yes' if r['ok'] else 'NO'} |")
    total = sum(r["total"] for r in rows)
    line = f"| **all chapters** | | | **{total:.2f}** |"
    if baseline is not None:
        before = sum(baseline.get(r["chapter"], 0.0) for r in rows)
        line += (f" **{before:.2f}** | **{100 * (total / before - 1):+.0f}%** |"
                 if before else " | |")
    lines.append(line + " |")
    return "\n".join(lines)


def slowest_cells(rows: list[dict], n: int = SLOWEST) -> str:
    """Markdown table of the ``n`` slowest cells of the book."""
    cells = sorted(((s, r["chapter"], name) for r in rows
                    for name, s in r["cell_seconds"].items()), reverse=True)[:n]
    lines = ["| cell | chapter | s |", "| --- | --- | ---: |"]
    lines += [f"| {name} | {chapter} | {s:.2f} |" for s, chapter, name in cells]
    return "\n".join(lines)


def run_bench(root: Path, files: list[Path] | None = None,
              baseline: Path | None = None) -> int:
    """Time every chapter (or only ``files``) and the unit tests; write the tables.

    With ``files`` only those chapters are timed and the unit tests are not
    run: a quick per-chapter measurement while writing. With ``baseline``
    (an earlier ``bench.json``) each chapter's change is shown.
    """
    before = read_baseline(baseline) if baseline is not None else None
    rows = []
    for path in files or book.executable_files(root):
        rows.append(time_chapter(path, root))
        print(f"  {rows[-1]['chapter']:<45} {rows[-1]['total']:7.2f} s", flush=True)
    table = chapter_table(rows, before) + "\n\nSlowest cells:\n\n" + slowest_cells(rows)
    unit_s, unit_rc = (None, 0) if files else _unit_test_seconds(root)
    if unit_s is not None:
        table += (f"\n\nUnit tests (pytest -m 'not book'): {unit_s:.2f} s, "
                  f"{'passed' if unit_rc == 0 else 'FAILED'}")
    print(table)
    build = root / "_build"
    build.mkdir(exist_ok=True)
    machine = f"{platform.machine()}, {platform.python_version()}, {platform.node()}"
    (build / "bench.md").write_text(f"Machine: {machine}\n\n{table}\n", encoding="utf-8")
    (build / "bench.json").write_text(json.dumps(
        {"machine": machine, "chapters": rows,
         "total_seconds": round(sum(r["total"] for r in rows), 2),
         "unit_test_seconds": None if unit_s is None else round(unit_s, 2)},
        indent=2), encoding="utf-8")
    print(f"written: {(build / 'bench.md').relative_to(root)}")
    return 0 if all(r["ok"] for r in rows) and unit_rc == 0 else 1
