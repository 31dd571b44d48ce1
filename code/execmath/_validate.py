"""Input validation shared by the compute modules.

Every public function validates what the user passes and raises
``ValueError`` naming the argument and showing the bad shape or value.
These helpers keep those messages uniform; they never use ``assert``,
which ``python -O`` strips.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def as_float_array(
    x: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_nan: bool = False,
    allow_empty: bool = False,
) -> np.ndarray:
    """Convert ``x`` to a float64 array and check its shape and values.

    Parameters
    ----------
    x : array_like
        The user's input.
    name : str
        The argument's name, used in the error message.
    ndim : int or tuple of int, optional
        Allowed number(s) of dimensions.
    allow_nan : bool, default False
        Whether NaN or infinite entries are accepted.
    allow_empty : bool, default False
        Whether an array with zero elements is accepted.
    """
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be numeric array-like, got {type(x).__name__}"
        ) from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise ValueError(
                f"{name} must have ndim in {allowed}, got shape {arr.shape}"
            )
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not allow_nan and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} must be finite, got {bad} NaN/inf entries "
            f"in shape {arr.shape}"
        )
    return arr


def check_positive_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as int if it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def check_finite_scalar(
    value: Any,
    name: str,
    *,
    positive: bool = False,
) -> float:
    """Return ``value`` as float if it is a finite (optionally > 0) scalar."""
    try:
        out = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real scalar, got {value!r}") from exc
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and out <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return out


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """Require an explicit ``numpy.random.Generator``.

    The book never seeds global state: randomness flows through an ``rng``
    argument made with ``np.random.default_rng(seed)``.
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a numpy.random.Generator "
            f"(np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    return rng


def check_increasing_sizes(values: Any, name: str, upper: int) -> np.ndarray:
    """Return ``values`` as int64 if they are strictly increasing in [1, upper].

    Used for the sample sizes or prefix lengths at which an experiment is
    read off (``n = 10, 100, 1000, ...``).
    """
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu":
        raise ValueError(
            f"{name} must be a non-empty 1-D integer array, got dtype "
            f"{arr.dtype} and shape {arr.shape}"
        )
    if arr[0] < 1 or arr[-1] > upper or np.any(np.diff(arr) <= 0):
        raise ValueError(
            f"{name} must increase strictly within [1, {upper}], "
            f"got values from {arr.min()} to {arr.max()}"
        )
    return arr.astype(np.int64)
