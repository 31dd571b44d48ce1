"""The package's contract, as data: one valid example per public name.

Each module ``execmath.<dotted.name>`` has a file
``tests/contract/examples_<dotted_name>.py`` (dots become underscores, e.g.
``examples_viz_numerics.py``) that defines ``EXAMPLES``, a dict from every
public name of the module (its ``__all__``) to one of

* :func:`call` -- a valid call of a function or class, whose arguments the
  contract test mutates one at a time with hostile values;
* :func:`returned_by` -- for a result record (a NamedTuple or dataclass
  that validates nothing): the name of a function whose example returns it;
* :func:`constant` -- for a public constant (a dict, tuple, number).

Public methods of a class may be given too, as ``"Class.method"``; the
instance is built from the class's own example.

``tests/test_contract.py`` runs the examples and the mutations (see
``contract.runner``) and accepts, for every mutated call, only a
``ValueError``/``TypeError`` whose message names the mutated argument, or a
finite result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Call", "Constant", "ReturnedBy", "call", "constant", "returned_by"]


@dataclass
class Call:
    """A valid call: positional and keyword arguments, plus options."""

    args: tuple
    kwargs: dict
    #: Why the result may hold NaN/inf (a documented demonstration of
    #: failure, or a documented sentinel such as ``inf`` for "undefined").
    nonfinite: str | None = None
    #: Arguments not to mutate, with the reason (name -> reason).
    fixed: dict = field(default_factory=dict)
    #: Override the inferred kind of an argument (name -> kind).
    kinds: dict = field(default_factory=dict)
    #: Per-call time limit in seconds for this function's calls.
    timeout: float = 5.0


@dataclass
class ReturnedBy:
    """A result record, checked through the example of ``function``."""

    function: str


@dataclass
class Constant:
    """A public constant; nothing to call."""

    note: str = ""


def call(*args: Any, _nonfinite: str | None = None,
         _fixed: dict | None = None, _kinds: dict | None = None,
         _timeout: float = 5.0, **kwargs: Any) -> Call:
    """Record a valid call ``f(*args, **kwargs)``.

    Options start with an underscore so they cannot clash with the
    function's own keyword arguments.
    """
    return Call(args=args, kwargs=kwargs, nonfinite=_nonfinite,
                fixed=dict(_fixed or {}), kinds=dict(_kinds or {}),
                timeout=_timeout)


def returned_by(function: str) -> ReturnedBy:
    """The record is what the example of ``function`` returns."""
    return ReturnedBy(function)


def constant(note: str = "") -> Constant:
    """A public constant (no call)."""
    return Constant(note)
