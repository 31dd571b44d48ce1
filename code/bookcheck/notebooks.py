"""``make notebooks``: every chapter as an executed Jupyter notebook."""

from __future__ import annotations

from pathlib import Path

from bookcheck.execute import execute_chapter, write_outputs


def build_notebooks(root: Path, chapters: list[Path]) -> int:
    """Execute ``chapters`` into ``_build/notebooks`` with a line each.

    Returns a shell exit code: 0 when every chapter ran cleanly.
    """
    build = root / "_build"
    failed = 0
    for i, path in enumerate(chapters, start=1):
        print(f"[{i}/{len(chapters)}] {path.relative_to(root)} ...", end=" ",
              flush=True)
        result = execute_chapter(path)
        write_outputs(result, build)
        out = build / "notebooks" / f"{path.stem}.ipynb"
        status = "ok" if result.ok else "FAILED"
        print(f"{status} in {result.seconds:.1f} s -> {out.relative_to(root)}",
              flush=True)
        for problem in result.problems:
            print(f"    {problem}")
        failed += not result.ok
    return 1 if failed else 0
