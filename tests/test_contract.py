"""The package's contract under hostile input, for every public name.

Two checks per module of ``execmath`` (found with ``pkgutil``, including
``execmath.viz.*``):

* ``test_every_public_name_has_an_example``: every name in the module's
  ``__all__`` has an entry in ``tests/contract/examples_<module>.py`` (a
  valid call, the function that returns a record, or a constant), so a new
  public function without an example fails the suite;
* ``test_contract_holds``: every example runs and returns a finite result,
  and every argument, mutated in turn with hostile values (NaN, +-inf,
  empty, 0-d, wrong ndim, mismatched length, complex, bool, strings, None,
  1e308, 5e-324, zero/negative/huge counts, wrong types for callables, rng
  and ax), gives either a ``ValueError``/``TypeError`` that names the
  argument or a finite result -- never another exception, a warning, a
  non-finite result, a figure left open, a blown memory cap or a timeout.

The mutations run in two worker processes (``contract.runner``), each with
a capped address space and a per-call time limit; the rules are documented
there and in ``tests/contract/__init__.py``.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import execmath

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:          # `contract` lives next to this file
    sys.path.insert(0, str(TESTS))

from contract.runner import examples_module_name, public_names  # noqa: E402

WORKERS = 2
#: Wall-clock limit for all workers together (the per-call limit is 5 s).
TOTAL_TIMEOUT = 600


def _modules() -> list[str]:
    out = []
    for info in pkgutil.walk_packages(execmath.__path__, "execmath."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        out.append(info.name)
    return sorted(out)


MODULES = _modules()


def _examples_path(modname: str) -> Path:
    return TESTS / (examples_module_name(modname).replace(".", "/") + ".py")


@pytest.mark.parametrize("module", MODULES)
def test_every_public_name_has_an_example(module):
    """A public name without an example is a contract nobody checks."""
    names = public_names(importlib.import_module(module))
    if not names:
        return
    path = _examples_path(module)
    rel = path.relative_to(TESTS.parent)
    if not path.exists():
        pytest.fail(
            f"{module} has no examples file {rel}. Create it with\n"
            "    from contract import call, constant, returned_by\n"
            "    EXAMPLES = {...}\n"
            f"and one entry for each of its {len(names)} public names:\n    "
            + "\n    ".join(names)
        )
    examples = importlib.import_module(examples_module_name(module)).EXAMPLES
    missing = [n for n in names if n not in examples]
    extra = [n for n in examples if n.split(".")[0] not in names]
    assert not missing, (
        f"{rel} lacks examples for these public names of {module}: "
        + ", ".join(missing)
    )
    assert not extra, (
        f"{rel} has examples for names that are not public in {module}: "
        + ", ".join(extra)
    )


def _weight(modname: str) -> int:
    mod = importlib.import_module(modname)
    return len(public_names(mod)) * (3 if ".viz" in modname else 1)


def _run_workers(modules: list[str]) -> dict[str, dict]:
    """Run contract.runner over ``modules`` in WORKERS processes."""
    groups: list[list[str]] = [[] for _ in range(WORKERS)]
    loads = [0] * WORKERS
    for mod in sorted(modules, key=_weight, reverse=True):
        i = loads.index(min(loads))
        groups[i].append(mod)
        loads[i] += _weight(mod)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(TESTS)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                        if p])
    # One BLAS thread per worker: two workers already fill two cores, and
    # BLAS thread pools do not mix well with a capped address space.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["MPLBACKEND"] = "Agg"
    procs = [subprocess.Popen([sys.executable, "-m", "contract.runner", *g],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=TESTS)
             for g in groups if g]
    reports: dict[str, dict] = {}
    deadline = time.monotonic() + TOTAL_TIMEOUT
    for proc in procs:
        try:
            out, err = proc.communicate(
                timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            err = f"worker killed after {TOTAL_TIMEOUT} s\n" + err
        for line in out.splitlines():
            if line.startswith("{"):
                rep = json.loads(line)
                reports[rep["module"]] = rep
        if proc.returncode:
            reports.setdefault("_errors", []).append(
                f"worker exited with {proc.returncode}: {err[-3000:]}")
    return reports


@pytest.fixture(scope="session")
def contract_reports(request) -> dict[str, dict]:
    """Run the contract once, for the modules whose tests were collected."""
    wanted = sorted({
        item.callspec.params["module"] for item in request.session.items
        if getattr(item, "originalname", "") == "test_contract_holds"
        and hasattr(item, "callspec")
    })
    runnable = [m for m in wanted if _examples_path(m).exists()]
    t0 = time.perf_counter()
    reports = _run_workers(runnable)
    reports["_seconds"] = time.perf_counter() - t0
    return reports


@pytest.mark.parametrize("module", MODULES)
def test_contract_holds(module, contract_reports):
    """Every hostile argument is refused by name or gives a finite result."""
    if not public_names(importlib.import_module(module)):
        return
    if not _examples_path(module).exists():
        pytest.fail(f"{module}: no examples file "
                    f"{_examples_path(module).relative_to(TESTS.parent)} "
                    "(see test_every_public_name_has_an_example)")
    report = contract_reports.get(module)
    if report is None:
        pytest.fail(f"{module}: the contract worker produced no report; "
                    + "\n".join(contract_reports.get("_errors", [])))
    assert report["error"] is None, report["error"]
    lines = [
        f"{f['name']}({f['arg']} = {f['mutation']}): {f['problem']}"
        if f["arg"] else f"{f['name']}: {f['problem']}"
        for f in report["failures"]
    ]
    assert not lines, (
        f"{len(lines)} contract violations in {module} "
        f"({report['calls']} calls):\n" + "\n".join(lines)
    )
