"""Run the contract for some ``execmath`` modules; print one JSON line each.

Usage (from ``tests/``, or with ``tests`` on ``PYTHONPATH``)::

    python -m contract.runner execmath.numerics execmath.viz.numerics

For every example of :mod:`contract` the runner calls the function once as
given (it must return a finite result), then once per hostile value of
each argument in turn. A mutated call passes if it

* raises ``ValueError`` or ``TypeError`` whose message names the mutated
  argument (and, for a plotting function called with ``ax=None``, leaves
  no figure open), or
* returns a finite result (finite floats and arrays, records whose fields
  are finite), or anything, if the example documents non-finite output.

Anything else is a failure: another exception type (``OverflowError``,
``ZeroDivisionError``, ``MemoryError``, ``AttributeError``, ...), an error
message that does not name the argument, a warning (warnings are errors
here), a non-finite result, a leaked figure, or a call that exceeds its
time limit. The process caps its own address space (``RLIMIT_AS``) so a
call that tries to allocate far more than the answer needs fails with a
``MemoryError`` instead of exhausting the machine.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import json
import math
import numbers
import os
import re
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import numpy as np

from contract import Call, Constant, ReturnedBy

#: Head-room above the address space in use after the imports. The
#: package refuses results above 2**27 float64 elements (1 GiB), so 3 GiB
#: leaves room for an honest result and its temporaries.
MEMORY_HEADROOM = 3 * 2**30

HUGE_COUNT = 2**40           # far more than any machine holds
ENORMOUS_INT = 10**30        # beyond int64 and float64's exact integers


class ContractTimeout(BaseException):
    """Raised by the alarm; BaseException so ``except Exception`` in the
    code under test cannot swallow it."""


def _on_alarm(signum, frame):  # pragma: no cover - signal handler
    raise ContractTimeout()


# --------------------------------------------------------------------------
# discovery
# --------------------------------------------------------------------------
def public_names(mod) -> list[str]:
    """The public names of ``mod``: its ``__all__``, or (without one) the
    functions, classes and UPPER_CASE constants it defines itself.

    Functions and classes that a package merely re-exports from one of its
    submodules are checked in the submodule that defines them.
    """
    if hasattr(mod, "__all__"):
        names = list(mod.__all__)
    else:
        names = []
        for name, obj in vars(mod).items():
            if name.startswith("_") or inspect.ismodule(obj):
                continue
            if callable(obj) and getattr(obj, "__module__", None) == mod.__name__:
                names.append(name)
            elif not callable(obj) and name.isupper():
                names.append(name)
    out = []
    for name in names:
        obj = getattr(mod, name, None)
        home = getattr(obj, "__module__", None)
        if (callable(obj) and home and home != mod.__name__
                and home.startswith("execmath")):
            continue                      # re-export: checked at home
        out.append(name)
    return sorted(out)


def examples_module_name(modname: str) -> str:
    """``execmath.viz.numerics`` -> ``contract.examples_viz_numerics``."""
    rel = modname.split(".", 1)[1] if "." in modname else modname
    return "contract.examples_" + rel.replace(".", "_")


# --------------------------------------------------------------------------
# hostile values
# --------------------------------------------------------------------------
def _is_record(obj: Any) -> bool:
    return (isinstance(obj, tuple) and hasattr(obj, "_fields")) or (
        dataclasses.is_dataclass(obj) and not isinstance(obj, type))


def infer_kind(name: str, value: Any) -> str:
    """Which family of hostile values suits an argument."""
    from matplotlib.axes import Axes

    if name == "ax" or isinstance(value, Axes):
        return "ax"
    if isinstance(value, np.random.Generator) or name == "rng":
        return "rng"
    if name == "dtype" or (isinstance(value, type)
                           and issubclass(value, np.generic)) or isinstance(
                               value, np.dtype):
        return "dtype"
    if value is None:
        return "none"
    if isinstance(value, (bool, np.bool_)):
        return "flag"
    if isinstance(value, (int, np.integer)):
        return "count"
    if isinstance(value, (float, np.floating)):
        return "scalar"
    if isinstance(value, str):
        return "choice"
    if type(value).__name__ == "Node":
        return "node"
    if _is_record(value):
        return "record"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, (list, tuple)) and value and all(
            _is_record(v) for v in value):
        return "records"
    if isinstance(value, tuple) and value and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool)
            for v in value):
        return "shape"
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, str) for v in value):
        return "strings"
    if callable(value) and not isinstance(value, type):
        return "callable"
    if isinstance(value, (np.ndarray, list, tuple)):
        return "array"
    return "other"


def _array_mutations(value: Any) -> list[tuple[str, Callable[[], Any]]]:
    try:
        a = np.asarray(value)
    except ValueError:
        return [("None", lambda: None), ("a string", lambda: "abc")]
    if a.dtype.kind not in "biuf":
        return [("None", lambda: None), ("a string", lambda: "abc"),
                ("an int", lambda: 3)]
    f = a.astype(np.float64) if a.dtype.kind in "iuf" else a

    def with_first(v):
        def make():
            out = f.astype(object if v is None else np.float64, copy=True)
            if out.size:
                out.flat[0] = v
            return out
        return make

    muts = [
        ("NaN entry", with_first(np.nan)),
        ("+inf entry", with_first(np.inf)),
        ("-inf entry", with_first(-np.inf)),
        ("None entry", with_first(None)),
        ("empty array", lambda: np.empty((0,) + a.shape[1:])),
        ("empty list", lambda: []),
        ("complex", lambda: f + 1j),
        ("complex, zero imaginary part", lambda: f + 0j),
        ("bool array", lambda: f != 0),
        ("numeric strings", lambda: f.astype(str)),
        ("a string", lambda: "abc"),
        ("None", lambda: None),
        ("ragged rows", lambda: [[1.0], [1.0, 2.0]]),
        ("all 1e308", lambda: np.full(a.shape, 1e308)),
        ("alternating +-1e308",
         lambda: np.where(np.arange(a.size).reshape(a.shape) % 2, -1e308,
                          1e308)),
        ("all 5e-324", lambda: np.full(a.shape, 5e-324)),
        ("extra axis", lambda: f[None]),
    ]
    if a.ndim >= 1:
        muts.append(("0-d", lambda: np.asarray(f.flat[0])))
        if a.shape[0] > 1:
            muts.append(("one row fewer", lambda: f[:-1]))
    if a.ndim >= 2:
        muts.append(("one axis fewer", lambda: f[0]))
        if a.shape[-1] > 1:
            muts.append(("one column fewer", lambda: f[..., :-1]))
    with np.errstate(all="ignore"):
        big = f * 1e300
    if np.all(np.isfinite(big)):
        muts.append(("scaled by 1e300", lambda: f * 1e300))
    muts.append(("scaled by 1e-300", lambda: f * 1e-300))
    if a.dtype.kind in "iu":
        muts.append(("float entries", lambda: f + 0.5))
    return muts


def mutations(kind: str, value: Any) -> list[tuple[str, Callable[[], Any]]]:
    """(label, factory) pairs of hostile values for an argument."""
    common_type = [("None", lambda: None), ("a string", lambda: "abc")]
    if kind == "array":
        return _array_mutations(value)
    if kind == "scalar":
        v = float(value)
        return [
            ("NaN", lambda: math.nan), ("+inf", lambda: math.inf),
            ("-inf", lambda: -math.inf), ("1e308", lambda: 1e308),
            ("-1e308", lambda: -1e308), ("5e-324", lambda: 5e-324),
            ("zero", lambda: 0.0), ("negated", lambda: -v),
            ("-1", lambda: -1.0), ("complex", lambda: complex(v, 1.0)),
            ("bool True", lambda: True), ("numeric string", lambda: str(v)),
            ("10**400 (int)", lambda: 10**400),
            ("1-element list", lambda: [v]),
            ("2-element array", lambda: np.array([v, v])),
        ] + common_type
    if kind == "count":
        v = int(value)
        return [
            ("zero", lambda: 0), ("-1", lambda: -1),
            ("huge (2**40)", lambda: HUGE_COUNT),
            ("10**30", lambda: ENORMOUS_INT), ("2.5", lambda: 2.5),
            ("float of the count", lambda: float(v)),
            ("bool True", lambda: True), ("numeric string", lambda: str(v)),
            ("NaN", lambda: math.nan), ("complex", lambda: complex(v, 0)),
            ("1-element list", lambda: [v]),
        ] + common_type
    if kind == "choice":
        return [("None", lambda: None), ("unknown option", lambda: "bogus"),
                ("an int", lambda: 3), ("a list", lambda: [value]),
                ("NaN", lambda: math.nan)]
    if kind == "flag":
        return [("None", lambda: None), ("a string", lambda: "no"),
                ("NaN", lambda: math.nan)]
    if kind == "callable":
        return [("None", lambda: None), ("an int", lambda: 3),
                ("a string", lambda: "f")]
    if kind == "rng":
        return [("None", lambda: None), ("an int seed", lambda: 42),
                ("legacy RandomState",
                 lambda: np.random.RandomState(0))]
    if kind == "dtype":
        return [("int32", lambda: "int32"), ("complex128", lambda: "complex128"),
                ("unknown name", lambda: "bogus"), ("object", lambda: object),
                ("an int", lambda: 3)]
    if kind == "shape":
        n = len(value)
        return [
            ("zeros", lambda: (0,) * n), ("negative", lambda: (-1,) * n),
            ("huge (2**40)", lambda: (HUGE_COUNT,) * n),
            ("10**30", lambda: (ENORMOUS_INT,) * n),
            ("floats", lambda: (2.5,) * n), ("bools", lambda: (True,) * n),
            ("empty tuple", lambda: ()), ("one entry more",
                                          lambda: tuple(value) + (2,)),
            ("NaN entry", lambda: (math.nan,) * n),
        ] + common_type
    if kind == "record":
        muts = [("None", lambda: None), ("an int", lambda: 3),
                ("a string", lambda: "abc")]
        if isinstance(value, tuple):
            muts.append(("plain tuple of its fields", lambda: tuple(value)))
        return muts
    if kind == "strings":
        return [("None", lambda: None), ("an int", lambda: 3),
                ("numbers", lambda: [1.0] * len(value)),
                ("one entry fewer", lambda: list(value)[:-1])]
    if kind == "records":
        return [("None", lambda: None), ("empty list", lambda: []),
                ("[None]", lambda: [None]), ("an int", lambda: 3)]
    if kind == "mapping":
        return [("None", lambda: None), ("an int", lambda: 3),
                ("a string", lambda: "abc")]
    if kind == "node":
        return [("None", lambda: None), ("a string", lambda: "x"),
                ("NaN", lambda: math.nan), ("complex", lambda: 1j)]
    if kind == "ax":
        return [("a string", lambda: "not an Axes"), ("an int", lambda: 3)]
    if kind == "other":
        return [("None", lambda: None), ("an int", lambda: 3)]
    return []


# --------------------------------------------------------------------------
# judging a result
# --------------------------------------------------------------------------
def nonfinite_part(obj: Any, path: str = "result", depth: int = 0) -> str | None:
    """Path of the first NaN/inf inside ``obj``, or None if all finite."""
    if depth > 6 or obj is None:
        return None
    if isinstance(obj, (bool, str, bytes, np.bool_, numbers.Integral)):
        return None
    if isinstance(obj, (float, np.floating, complex, np.complexfloating)):
        return None if np.isfinite(obj) else path
    if isinstance(obj, Decimal):
        return None if obj.is_finite() else path
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            return None if np.all(np.isfinite(obj)) else path
        if obj.dtype.kind == "O":
            for i, v in enumerate(obj.flat):
                bad = nonfinite_part(v, f"{path}.flat[{i}]", depth + 1)
                if bad:
                    return bad
        return None
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        for fname, v in zip(obj._fields, obj):
            bad = nonfinite_part(v, f"{path}.{fname}", depth + 1)
            if bad:
                return bad
        return None
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for fld in dataclasses.fields(obj):
            bad = nonfinite_part(getattr(obj, fld.name),
                                 f"{path}.{fld.name}", depth + 1)
            if bad:
                return bad
        return None
    if isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            bad = nonfinite_part(v, f"{path}[{i}]", depth + 1)
            if bad:
                return bad
        return None
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            bad = nonfinite_part(v, f"{path}[{k!r}]", depth + 1)
            if bad:
                return bad
        return None
    if type(obj).__name__ == "Node":
        return nonfinite_part(obj.value, f"{path}.value", depth + 1)
    return None


def names_argument(message: str, name: str) -> bool:
    """True if ``message`` mentions ``name`` as a word."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])",
                     message) is not None


# --------------------------------------------------------------------------
# running calls
# --------------------------------------------------------------------------
def _short(obj: Any, n: int = 160) -> str:
    text = str(obj).replace("\n", " ")
    return text if len(text) <= n else text[: n - 3] + "..."


def run_one(fn: Callable, args: tuple, kwargs: dict, timeout: float):
    """Call ``fn`` under warnings-as-errors and a time limit.

    Returns ``("ok", result)``, ``("raised", exc)`` or ``("timeout", None)``.
    """
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = fn(*args, **kwargs)
        return "ok", result
    except ContractTimeout:
        return "timeout", None
    except Exception as exc:  # noqa: BLE001 - judged by the caller
        return "raised", exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _open_figures() -> list:
    import matplotlib.pyplot as plt
    return plt.get_fignums()


def _close_figures() -> None:
    import matplotlib.pyplot as plt
    plt.close("all")


def judge(outcome: str, value: Any, *, argname: str | None, spec: Call,
          is_viz: bool, ax_none: bool) -> str | None:
    """None if the outcome honours the contract, else what went wrong."""
    leaked = bool(_open_figures()) if is_viz else False
    if outcome == "timeout":
        return f"exceeded the {spec.timeout:g} s time limit"
    if outcome == "raised":
        exc = value
        kind = type(exc).__name__
        if not isinstance(exc, (ValueError, TypeError)) or isinstance(
                exc, Warning):
            return f"raised {kind}: {_short(exc)}"
        if argname is not None and not names_argument(str(exc), argname):
            return (f"raised {kind} without naming {argname!r}: "
                    f"{_short(exc)}")
        if argname is None:
            return f"example raised {kind}: {_short(exc)}"
        if is_viz and ax_none and leaked:
            return (f"raised {kind} but left a figure open (validate "
                    "before get_ax)")
        return None
    # a result
    if is_viz:
        from matplotlib.axes import Axes
        if not isinstance(value, Axes):
            return f"returned {type(value).__name__}, not the Axes"
        return None
    if spec.nonfinite is None:
        bad = nonfinite_part(value)
        if bad:
            return f"returned a non-finite value in {bad}"
    return None


def _bind(fn: Callable, spec: Call) -> inspect.BoundArguments:
    return inspect.signature(fn).bind(*spec.args, **spec.kwargs)


def _targets(fn: Callable, spec: Call) -> list[tuple[str, str, Any, Any]]:
    """(label, message name, current value, setter-key) for each argument."""
    sig = inspect.signature(fn)
    bound = sig.bind(*spec.args, **spec.kwargs)
    out = []
    for name, value in bound.arguments.items():
        if name in spec.fixed:
            continue
        param = sig.parameters[name]
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            for i, v in enumerate(value):
                out.append((f"{name}[{i}]", name, v, (name, i)))
        elif param.kind is inspect.Parameter.VAR_KEYWORD:
            for key, v in value.items():
                if key not in spec.fixed:
                    out.append((key, key, v, (name, key)))
        else:
            out.append((name, name, value, (name, None)))
    if "ax" in sig.parameters and "ax" not in bound.arguments:
        out.append(("ax", "ax", None, ("ax", None)))
    return out


def _mutated_call(fn, spec: Call, key, new_value):
    bound = _bind(fn, spec)
    bound.arguments = copy.deepcopy(dict(bound.arguments))
    name, sub = key
    if sub is None:
        bound.arguments[name] = new_value
    elif isinstance(sub, int):
        items = list(bound.arguments[name])
        items[sub] = new_value
        bound.arguments[name] = tuple(items)
    else:
        bound.arguments[name] = {**bound.arguments[name], sub: new_value}
    return bound.args, bound.kwargs


def check_function(qualname: str, fn: Callable, spec: Call, *,
                   is_viz: bool, failures: list, stats: dict) -> Any:
    """Run the example and all its mutations; return the example's result."""
    bound = _bind(fn, spec)
    args, kwargs = copy.deepcopy((bound.args, bound.kwargs))
    _close_figures()
    outcome, value = run_one(fn, args, kwargs, spec.timeout)
    stats["calls"] += 1
    ax_none = kwargs.get("ax") is None
    problem = judge(outcome, value, argname=None, spec=spec, is_viz=is_viz,
                    ax_none=ax_none)
    if outcome == "raised" and problem is None:
        problem = f"example raised {type(value).__name__}: {_short(value)}"
    if problem:
        failures.append({"name": qualname, "arg": None, "mutation": "example",
                         "problem": problem})
        _close_figures()
        return None
    example_result = value
    _close_figures()
    for label, msg_name, current, key in _targets(fn, spec):
        kind = spec.kinds.get(label) or infer_kind(msg_name, current)
        try:
            muts = mutations(kind, current)
        except Exception:  # noqa: BLE001 - no hostile values for this kind
            muts = []
        for mlabel, make in muts:
            try:
                new_value = make()
            except Exception:  # noqa: BLE001 - a mutation that cannot exist
                continue
            margs, mkwargs = _mutated_call(fn, spec, key, new_value)
            ax_none = mkwargs.get("ax") is None and not any(
                type(a).__name__.endswith("Axes") for a in margs)
            t0 = time.perf_counter()
            outcome, value = run_one(fn, margs, mkwargs, spec.timeout)
            dt = time.perf_counter() - t0
            stats["calls"] += 1
            if dt > stats["slowest"][0]:
                stats["slowest"] = (dt, f"{qualname}({label}={mlabel})")
            problem = judge(outcome, value, argname=msg_name, spec=spec,
                            is_viz=is_viz, ax_none=ax_none)
            _close_figures()
            if problem:
                failures.append({"name": qualname, "arg": label,
                                 "mutation": mlabel, "problem": problem})
    return example_result


def run_module(modname: str) -> dict:
    """Check every example of one module; a JSON-able summary."""
    t0 = time.perf_counter()
    report = {"module": modname, "functions": 0, "calls": 0, "failures": [],
              "missing": [], "extra": [], "error": None, "seconds": 0.0,
              "slowest": None}
    try:
        mod = importlib.import_module(modname)
    except Exception:  # noqa: BLE001
        report["error"] = "import failed:\n" + traceback.format_exc()
        return report
    names = public_names(mod)
    try:
        ex_mod = importlib.import_module(examples_module_name(modname))
        examples = dict(ex_mod.EXAMPLES)
    except ModuleNotFoundError as exc:
        if exc.name == examples_module_name(modname):
            report["missing"] = names
            return report
        report["error"] = "examples failed to import:\n" + traceback.format_exc()
        return report
    except Exception:  # noqa: BLE001
        report["error"] = "examples failed to import:\n" + traceback.format_exc()
        return report
    report["missing"] = [n for n in names if n not in examples]
    report["extra"] = [n for n in examples
                       if n.split(".")[0] not in names]
    is_viz = modname.startswith("execmath.viz")
    stats = {"calls": 0, "slowest": (0.0, "")}
    failures: list = []
    results: dict[str, Any] = {}
    instances: dict[str, Any] = {}
    # functions and classes first, methods next, records last
    order = sorted(examples, key=lambda n: ("." in n,
                                            isinstance(examples[n], ReturnedBy)))
    for name in order:
        spec = examples[name]
        if isinstance(spec, Constant):
            continue
        if isinstance(spec, ReturnedBy):
            target = results.get(spec.function)
            cls = getattr(mod, name, None)
            found = cls is not None and (isinstance(target, cls) or (
                isinstance(target, (list, tuple))
                and any(isinstance(t, cls) for t in target)))
            if not found:
                failures.append({
                    "name": name, "arg": None, "mutation": "example",
                    "problem": (f"the example of {spec.function!r} did not "
                                f"return a {name} (got "
                                f"{type(target).__name__})")})
            continue
        if "." in name:
            cls_name, meth = name.split(".", 1)
            inst = instances.get(cls_name)
            if inst is None:
                failures.append({"name": name, "arg": None,
                                 "mutation": "example",
                                 "problem": f"no instance of {cls_name}"})
                continue
            fn = getattr(inst, meth)
        else:
            fn = getattr(mod, name, None)
            if fn is None:
                continue
        report["functions"] += 1
        try:
            plots = is_viz and "ax" in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            plots = False
        res = check_function(f"{modname}.{name}", fn, spec, is_viz=plots,
                             failures=failures, stats=stats)
        results[name] = res
        if isinstance(fn, type):
            instances[name] = res
    report["failures"] = failures
    report["calls"] = stats["calls"]
    report["slowest"] = list(stats["slowest"])
    report["seconds"] = round(time.perf_counter() - t0, 3)
    return report


def _cap_memory() -> None:
    """Limit the address space to what is in use plus a head-room."""
    try:
        import resource
        with open("/proc/self/status", encoding="ascii") as fh:
            vm = next(int(line.split()[1]) * 1024 for line in fh
                      if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = vm + MEMORY_HEADROOM
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, StopIteration, ImportError):
        pass   # not Linux: the size guards of the package still apply


def main(argv: list[str]) -> int:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401 - import before the memory cap
    import scipy.linalg  # noqa: F401
    signal.signal(signal.SIGALRM, _on_alarm)
    _cap_memory()
    for modname in argv:
        report = run_module(modname)
        print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
