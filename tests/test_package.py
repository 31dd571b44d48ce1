"""Rules the package keeps as a whole (see CONTRIBUTING.md)."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import execmath

COMPUTE = sorted(m.name for m in pkgutil.iter_modules(execmath.__path__)
                 if not m.ispkg and not m.name.startswith("_"))
PACKAGE = Path(execmath.__file__).parent


@pytest.mark.parametrize("module", COMPUTE)
def test_compute_modules_never_import_matplotlib(module):
    code = (f"import sys, execmath.{module}; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "False", f"execmath.{module} pulls in matplotlib"


def _calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            names.append(ast.unparse(node.func))
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_global_state(path):
    """No global seeding, no plt.show, no rcParams changes outside the style."""
    calls = _calls(path)
    assert not any(c.endswith("random.seed") or c.endswith("manual_seed")
                   for c in calls)
    assert "plt.show" not in calls
    if path.name != "style.py":
        assert not any(c.startswith(("plt.style.use", "matplotlib.rc", "mpl.rc"))
                       for c in calls)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_assert_for_validation(path):
    """User input is validated with ValueError; `python -O` strips asserts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not any(isinstance(node, ast.Assert) for node in ast.walk(tree))
