"""The project's requirements without PyTorch, for a Python that has no wheel.

The PyTorch CPU wheel this project pins exists for CPython 3.11 here; on a
newer Python, pip would fetch several GB of CUDA wheels instead. The
second-Python test job (``make test-py313``) therefore installs every other
requirement (the package's, the book's and the tests') from
``pyproject.toml`` with this list, and the tests that need PyTorch skip.

Usage: ``python -m bookcheck.requirements`` prints one requirement a line.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def requirements_without_torch(pyproject: Path) -> list[str]:
    """Runtime, ``book`` and ``test`` requirements, minus ``torch``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    wanted = list(project.get("dependencies", []))
    for group in ("book", "test"):
        wanted += [r for r in extras.get(group, []) if not r.startswith("execmath")]
    return [r for r in wanted if not r.replace(" ", "").startswith("torch")]


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    print("\n".join(requirements_without_torch(root / "pyproject.toml")))
