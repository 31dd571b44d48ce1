"""Command line: ``python -m bookcheck <command> [files...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bookcheck import book


def _targets(root: Path, files: list[str]) -> list[Path]:
    if files:
        return [Path(f).resolve() for f in files]
    return book.executable_files(root)


def cmd_execute(args) -> int:
    from bookcheck.execute import execute_chapter, write_outputs

    root = book.find_root()
    failed = 0
    for path in _targets(root, args.files):
        result = execute_chapter(path)
        write_outputs(result, root / "_build")
        print(result.report(), flush=True)
        failed += not result.ok
    return 1 if failed else 0


def cmd_lint(args) -> int:
    from bookcheck.lint import lint_book

    root = book.find_root()
    problems = lint_book(root, only=[Path(f).resolve() for f in args.files] or None)
    for p in problems:
        print(p)
    print(f"lint: {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_math(args) -> int:
    from bookcheck.mathcheck import check_math

    root = book.find_root()
    files = [Path(f).resolve() for f in args.files] or None
    problems, count = check_math(root, files)
    for p in problems:
        print(p)
    print(f"math: {count} formula(s) compiled, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_notebooks(args) -> int:
    from bookcheck.notebooks import build_notebooks

    return build_notebooks(book.find_root(), _targets(book.find_root(), args.files))


def cmd_macros(args) -> int:
    from bookcheck.macros import write_mathjax_html

    print(f"wrote {write_mathjax_html(book.find_root())}")
    return 0


def cmd_pdf(args) -> int:
    from bookcheck.pdfbook import check_pdf_book

    root = book.find_root()
    problems, tex = check_pdf_book(root)
    for p in problems:
        print(p)
    print(f"pdf: {tex} assembled and compiled, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_bench(args) -> int:
    from bookcheck.bench import run_bench

    root = book.find_root()
    baseline = Path(args.baseline).resolve() if args.baseline else None
    return run_bench(root, [Path(f).resolve() for f in args.files] or None, baseline)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookcheck",
                                     description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_ in [
        ("execute", cmd_execute, "run chapters in fresh kernels"),
        ("lint", cmd_lint, "check references, labels, citations, cell options"),
        ("math", cmd_math, "compile every formula with LaTeX"),
        ("notebooks", cmd_notebooks, "write executed notebooks to _build/notebooks"),
        ("bench", cmd_bench, "time chapters and unit tests"),
        ("macros", cmd_macros, "write _macros-mathjax.html from _macros.tex"),
        ("pdf", cmd_pdf, "assemble the whole book as one LaTeX file and compile it"),
    ]:
        p = sub.add_parser(name, help=help_)
        p.add_argument("files", nargs="*", help="chapter files (default: the book)")
        if name == "bench":
            p.add_argument("--baseline", metavar="BENCH_JSON",
                           help="an earlier _build/bench.json to compare with")
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
