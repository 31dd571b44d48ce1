"""``make bench``: how long the book takes to run, cold.

A benchmark, not a test: nothing here passes or fails on time. Each
chapter runs in a fresh kernel (a cold start, imports included), then the
unit tests run once in a fresh interpreter. The table is printed and
written to ``_build/bench.md`` and ``_build/bench.json``.
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


def _unit_test_seconds(root: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not book", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc.returncode


def run_bench(root: Path, files: list[Path] | None = None) -> int:
    """Time every chapter (or only ``files``) and the unit tests; write the table.

    With ``files`` only those chapters are timed and the unit tests are not
    run: a quick per-chapter measurement while writing.
    """
    rows = []
    for path in files or book.executable_files(root):
        result = execute_chapter(path)
        rows.append({"chapter": str(Path(path).resolve().relative_to(root)),
                     "kernel_start": round(result.kernel_seconds, 2),
                     "cells": round(result.seconds, 2),
                     "total": round(result.kernel_seconds + result.seconds, 2),
                     "ok": result.ok})
        print(f"  {rows[-1]['chapter']:<45} {rows[-1]['total']:7.2f} s", flush=True)
    if files:
        return 0 if all(r["ok"] for r in rows) else 1
    unit_s, unit_rc = _unit_test_seconds(root)
    total = sum(r["total"] for r in rows)
    lines = ["| chapter | kernel start (s) | cells (s) | total (s) | ok |",
             "| --- | ---: | ---: | ---: | --- |"]
    lines += [f"| {r['chapter']} | {r['kernel_start']:.2f} | {r['cells']:.2f} "
              f"| {r['total']:.2f} | {'yes' if r['ok'] else 'NO'} |" for r in rows]
    lines += [f"| **all chapters** | | | **{total:.2f}** | |",
              f"| unit tests (pytest -m 'not book') | | | {unit_s:.2f} "
              f"| {'yes' if unit_rc == 0 else 'NO'} |"]
    table = "\n".join(lines)
    print(table)
    build = root / "_build"
    build.mkdir(exist_ok=True)
    machine = f"{platform.machine()}, {platform.python_version()}, {platform.node()}"
    (build / "bench.md").write_text(f"Machine: {machine}\n\n{table}\n", encoding="utf-8")
    (build / "bench.json").write_text(json.dumps(
        {"machine": machine, "chapters": rows, "total_seconds": round(total, 2),
         "unit_test_seconds": round(unit_s, 2)}, indent=2), encoding="utf-8")
    print(f"written: {(build / 'bench.md').relative_to(root)}")
    return 0 if all(r["ok"] for r in rows) and unit_rc == 0 else 1
