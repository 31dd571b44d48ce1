r"""Reproducibility: seed streams, output fingerprints, drift and environment.

A computation is *reproducible* when the same code, data, seed and
environment give the same bits. This module holds the small tools that make
that checkable:

* seed streams: independent generators spawned from one seed
  (:func:`spawn_generators`, :func:`spawned_draws`) and the experiment that
  shows what a seed does (:func:`stream_study`);
* fingerprints: a SHA-256 digest of an array's dtype, shape and bytes
  (:func:`array_digest`) and a bitwise comparison of two outputs that
  reports how far apart they are in units in the last place
  (:func:`ulp_distance`, :func:`compare_outputs`);
* drift: how the order of a floating-point reduction moves the last bits
  (:func:`blocked_sum`, :func:`order_drift`);
* run-to-run studies of a whole pipeline, split + fit + validation
  log-loss, one run per seed (:func:`seed_run`, :func:`run_study`);
* the environment a result depends on (:func:`environment_record`) and two
  readers for the project's own files (:func:`parse_pins`,
  :func:`make_recipe`).

Randomness flows only through seeds and explicit generators; nothing here
touches NumPy's or PyTorch's global random state.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import sys
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from execmath import summation
from execmath._validate import (
    InputTypeError,
    MAX_ELEMENTS,
    as_float_array,
    check_finite_scalar,
    check_positive_int,
    check_rng,
)
from execmath.classify import fit_logistic_newton, logistic_logits
from execmath.info import log_loss_from_logits
from execmath.learning import train_test_split_indices

__all__ = [
    "DriftStudy",
    "EnvironmentRecord",
    "OutputComparison",
    "RunResult",
    "RunStudy",
    "StreamStudy",
    "array_digest",
    "blocked_sum",
    "compare_outputs",
    "environment_record",
    "make_recipe",
    "order_drift",
    "parse_pins",
    "run_study",
    "seed_run",
    "spawn_generators",
    "spawned_draws",
    "stream_study",
    "ulp_distance",
]

_MAX_SEED = 2**128 - 1          # SeedSequence entropy: any size works; cap it
_MAX_STREAMS = 10_000
_MAX_RUNS = 10_000
_MAX_ORDERS = 100_000
_MAX_TEXT = 10_000_000          # characters of a lock file or Makefile


# ------------------------------------------------------------ validation
def _check_seed(seed: Any, name: str = "seed") -> int:
    """A non-negative integer seed (bools and floats are refused)."""
    return check_positive_int(seed, name, minimum=0, maximum=_MAX_SEED)


def _check_seeds(seeds: Any, name: str = "seeds") -> tuple[int, ...]:
    """A non-empty 1-D sequence of non-negative integer seeds."""
    if seeds is None or isinstance(seeds, (str, bytes, bool, np.bool_)):
        raise InputTypeError(
            f"{name} must be a 1-D sequence of non-negative integers, "
            f"got {type(seeds).__name__}"
        )
    try:
        arr = np.asarray(seeds, dtype=object)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"{name} must be a 1-D sequence of non-negative integers"
        ) from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence, got shape {arr.shape}"
        )
    if arr.size > _MAX_RUNS:
        raise ValueError(f"{name} has {arr.size} seeds, more than {_MAX_RUNS}")
    return tuple(_check_seed(s, name) for s in arr)


def _check_numeric_array(x: Any, name: str) -> np.ndarray:
    """A non-empty, finite int/uint/float array, *keeping* its dtype."""
    if x is None or isinstance(x, (str, bytes)):
        raise InputTypeError(
            f"{name} must be a real (int or float) array, got "
            f"{type(x).__name__}"
        )
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(
            f"{name} must be a rectangular real array"
        ) from exc
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(
            f"{name} must be a real (int or float) array, got dtype "
            f"{arr.dtype} and shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if arr.size > MAX_ELEMENTS:
        raise ValueError(f"{name} has {arr.size} elements, more than "
                         f"{MAX_ELEMENTS}")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got NaN/inf entries in "
                         f"shape {arr.shape}")
    return arr


def _check_text(text: Any, name: str) -> str:
    if not isinstance(text, str):
        raise InputTypeError(f"{name} must be a str, got {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise ValueError(f"{name} has {len(text)} characters, more than "
                         f"{_MAX_TEXT}")
    return text


# ------------------------------------------------------------ seed streams
def spawn_generators(seed: int, n_streams: int) -> list[np.random.Generator]:
    r"""Independent generators spawned from one root seed.

    .. math::

        s \;\longmapsto\; \mathrm{SeedSequence}(s)
        \;\longmapsto\; (c_1, \dots, c_k), \qquad
        G_j = \mathrm{PCG64}(c_j)

    Each child :math:`c_j` mixes the root entropy with its spawn key
    :math:`(j-1)`, so the streams are reproducible from ``seed`` alone and
    statistically independent of each other (NumPy's documented guarantee
    for ``SeedSequence.spawn``), unlike ``seed, seed + 1, ...``, which
    only relies on the hash being good.

    Parameters
    ----------
    seed : int
        Root seed, ``0 <= seed < 2**128``.
    n_streams : int
        Number of children, 1 to 10,000.

    Returns
    -------
    list of numpy.random.Generator

    Examples
    --------
    >>> a = spawn_generators(7, 2)
    >>> b = spawn_generators(7, 2)
    >>> bool(a[0].random() == b[0].random()), len(a)
    (True, 2)
    """
    seed = _check_seed(seed)
    n_streams = check_positive_int(n_streams, "n_streams",
                                   maximum=_MAX_STREAMS)
    children = np.random.SeedSequence(seed).spawn(n_streams)
    return [np.random.default_rng(c) for c in children]


def spawned_draws(seed: int, n_streams: int, n: int) -> np.ndarray:
    r"""Standard normal draws, one row per spawned stream.

    .. math::

        Z_{ji} \sim \mathcal N(0, 1) \text{ from } G_j, \qquad
        j = 1..k,\; i = 1..n

    Parameters
    ----------
    seed : int
        Root seed, ``0 <= seed < 2**128``.
    n_streams : int
        Number of streams :math:`k` (1 to 10,000).
    n : int
        Draws per stream (``k n`` at most ``2**27``).

    Returns
    -------
    numpy.ndarray, shape (n_streams, n)

    Examples
    --------
    >>> z = spawned_draws(0, 3, 4)
    >>> z.shape, bool(np.array_equal(z, spawned_draws(0, 3, 4)))
    ((3, 4), True)
    """
    gens = spawn_generators(seed, n_streams)
    n = check_positive_int(n, "n", maximum=MAX_ELEMENTS)
    if len(gens) * n > MAX_ELEMENTS:
        raise ValueError(f"n_streams * n = {len(gens) * n} exceeds "
                         f"{MAX_ELEMENTS}; reduce n or n_streams")
    return np.stack([g.standard_normal(n) for g in gens])     # (k, n)


class StreamStudy(NamedTuple):
    """Draws that show what a seed fixes (each array has shape (n,)).

    ``reference`` and ``same_seed`` come from two fresh generators with
    ``seed``; ``other`` from ``other_seed``; ``continued`` is the *next*
    block of the reference generator (no re-seeding); ``reseeded`` is a
    block drawn after re-creating the generator from ``seed``.
    """

    seed: int
    other_seed: int
    reference: np.ndarray
    same_seed: np.ndarray
    other: np.ndarray
    continued: np.ndarray
    reseeded: np.ndarray


def stream_study(seed: int, other_seed: int, n: int) -> StreamStudy:
    r"""Draw the streams of the same, another, a continued and a re-seeded run.

    A generator is a deterministic map of its state,
    :math:`(x_i, S_{i+1}) = g(S_i)`, with :math:`S_0` fixed by the seed.
    So equal seeds give equal streams; a generator that has advanced
    continues from :math:`S_n` (new values), and re-seeding resets it to
    :math:`S_0`, which restores the reference stream.

    Parameters
    ----------
    seed, other_seed : int
        Two different non-negative seeds.
    n : int
        Length of each block, 1 to 10**6.

    Returns
    -------
    StreamStudy

    Examples
    --------
    >>> s = stream_study(1, 2, 5)
    >>> bool(np.array_equal(s.reference, s.reseeded))
    True
    >>> bool(np.any(s.reference != s.other))
    True
    """
    seed = _check_seed(seed)
    other_seed = _check_seed(other_seed, "other_seed")
    if other_seed == seed:
        raise ValueError(f"other_seed must differ from seed, got both {seed}")
    n = check_positive_int(n, "n", maximum=10**6)
    rng = np.random.default_rng(seed)
    reference = rng.standard_normal(n)                        # (n,)
    continued = rng.standard_normal(n)                        # next block
    same_seed = np.random.default_rng(seed).standard_normal(n)
    other = np.random.default_rng(other_seed).standard_normal(n)
    rng = np.random.default_rng(seed)                         # re-seed
    reseeded = rng.standard_normal(n)
    return StreamStudy(seed, other_seed, reference, same_seed, other,
                       continued, reseeded)


# ------------------------------------------------------------ fingerprints
def array_digest(x: Any) -> str:
    r"""SHA-256 fingerprint of an array's dtype, shape and bytes.

    .. math::

        h(x) = \mathrm{SHA256}\big(\text{dtype} \,\|\, \text{shape}
        \,\|\, \text{bytes}(x)\big)

    Two arrays get the same digest exactly when they have the same dtype,
    shape and bit pattern (up to SHA-256 collisions, never observed). The
    bytes are taken in C order and little-endian, so the digest does not
    depend on memory layout or the machine's byte order. Equal values with
    different bits (``0.0`` and ``-0.0``) get different digests: that is a
    feature of a drift detector, not a bug.

    Parameters
    ----------
    x : array_like
        Finite integer or float entries (scalar allowed).

    Returns
    -------
    str
        64 hexadecimal characters.

    Examples
    --------
    >>> array_digest(np.arange(3.0))[:12]
    '8ba00ca203f7'
    >>> array_digest([0.0]) == array_digest([-0.0])
    False
    """
    arr = _check_numeric_array(x, "x")
    little = arr.dtype.newbyteorder("<")
    data = np.ascontiguousarray(arr, dtype=little)
    h = hashlib.sha256()
    h.update(f"{little.str}|{arr.shape}|".encode())
    h.update(data.tobytes())
    return h.hexdigest()


def _ordered_bits(x: np.ndarray) -> np.ndarray:
    """float64 -> int64 keys whose order and differences count ulps."""
    bits = x.view(np.int64)
    # IEEE doubles are sign-magnitude: flip negatives so keys increase
    # with the value and -0.0 and +0.0 share the key 0
    return np.where(bits >= 0, bits, -(bits & np.int64(0x7FFFFFFFFFFFFFFF)))


def ulp_distance(a: Any, b: Any) -> np.ndarray:
    r"""Number of float64 values between ``a`` and ``b``, entry by entry.

    .. math::

        d(a, b) = \lvert k(a) - k(b) \rvert, \qquad k = \text{rank of the
        float in the ordered set of doubles}

    So :math:`d = 0` means the same value (``0.0`` and ``-0.0`` count as
    equal here), and :math:`d = 1` means neighbours: the two results
    differ only in the last bit.

    Parameters
    ----------
    a, b : array_like
        Finite real arrays of equal shape (converted to float64).

    Returns
    -------
    numpy.ndarray of uint64, the broadcast shape

    Examples
    --------
    >>> int(ulp_distance(1.0, np.nextafter(1.0, 2.0)))
    1
    >>> ulp_distance([0.1 + 0.2, 1.0], [0.3, 1.0]).tolist()
    [1, 0]
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} "
                         f"and {b.shape}")
    ka = np.atleast_1d(_ordered_bits(np.ascontiguousarray(a)))
    kb = np.atleast_1d(_ordered_bits(np.ascontiguousarray(b)))
    # the difference can reach 2**64 - 2**53: exact in uint64 arithmetic
    # (wrap-around makes the larger-minus-smaller difference correct)
    ua, ub = ka.view(np.uint64), kb.view(np.uint64)
    d = np.where(ka >= kb, ua - ub, ub - ua)
    return d.reshape(a.shape)


@dataclass(frozen=True)
class OutputComparison:
    """How two outputs of the same shape differ.

    ``identical`` means bitwise equal float64 arrays (equal digests);
    ``n_different`` counts entries whose bits differ; ``max_abs_diff`` and
    ``max_ulps`` say by how much.
    """

    identical: bool
    n_different: int
    max_abs_diff: float
    max_ulps: int


def compare_outputs(a: Any, b: Any) -> OutputComparison:
    r"""Bitwise comparison of two outputs, with the size of the difference.

    .. math::

        \text{identical} \iff h(a) = h(b), \qquad
        \max_i \lvert a_i - b_i\rvert, \qquad \max_i d(a_i, b_i)

    Parameters
    ----------
    a, b : array_like
        Finite real arrays of equal shape (compared as float64).

    Returns
    -------
    OutputComparison

    Examples
    --------
    >>> c = compare_outputs([0.1 + 0.2, 1.0], [0.3, 1.0])
    >>> c.identical, c.n_different, c.max_ulps
    (False, 1, 1)
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} "
                         f"and {b.shape}")
    ab = np.ascontiguousarray(a).view(np.int64)
    bb = np.ascontiguousarray(b).view(np.int64)
    n_diff = int(np.count_nonzero(ab != bb))
    # both finite and at most 1.8e308 apart in magnitude: halve to avoid
    # overflow of a - b, then double (exact: powers of two)
    diff = 2.0 * float(np.max(np.abs(a / 2.0 - b / 2.0)))
    return OutputComparison(
        identical=n_diff == 0,
        n_different=n_diff,
        max_abs_diff=min(diff, float(np.finfo(np.float64).max)),
        max_ulps=int(ulp_distance(a, b).max()),
    )


# ------------------------------------------------------------ drift
def blocked_sum(x: Any, n_blocks: int) -> float:
    r"""Sum as ``n_blocks`` workers would: contiguous partial sums, then total.

    .. math::

        \hat s = \fl\Big(\sum_{t=1}^{T} \fl\big(\textstyle\sum_{i\in B_t}
        x_i\big)\Big), \qquad B_1, \dots, B_T \text{ contiguous blocks}

    Each block and the final combination use recursive summation
    (:func:`execmath.summation.naive_sum`). This is how a multi-threaded
    reduction (a BLAS dot product, ``torch.sum`` on T threads) reorders
    the additions: the mathematical sum is the same for every T, the
    rounded one need not be.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite summands.
    n_blocks : int
        Number of blocks :math:`T`, 1 to ``n``.

    Returns
    -------
    float

    Examples
    --------
    >>> x = [1.0, 1e16, -1e16, 1.0]
    >>> blocked_sum(x, 1), blocked_sum(x, 2)
    (1.0, 0.0)
    """
    x = as_float_array(x, "x", ndim=1)
    n_blocks = check_positive_int(n_blocks, "n_blocks", maximum=x.size)
    blocks = np.array_split(x, n_blocks)                      # T x (~n/T,)
    partial = np.array([summation.naive_sum(b) for b in blocks])  # (T,)
    return float(summation.naive_sum(partial))


@dataclass(frozen=True)
class DriftStudy:
    r"""Sums of the same numbers in ``n_orders`` random orders.

    ``sums`` are the recursive sums, ``exact`` the correctly rounded sum,
    ``n_distinct`` the number of different results, ``max_ulps`` the
    largest distance of a result from the exact sum, ``bound`` Higham's
    first-order error bound :math:`(n-1)u\sum\lvert x_i\rvert`.
    """

    sums: np.ndarray
    exact: float
    n_distinct: int
    max_ulps: int
    bound: float


def order_drift(x: Any, n_orders: int, *,
                rng: np.random.Generator) -> DriftStudy:
    r"""Recursive sums of ``x`` in random orders: how far the bits drift.

    .. math::

        \hat s_\pi = \fl\big(\cdots\fl(x_{\pi(1)} + x_{\pi(2)}) + \cdots
        + x_{\pi(n)}\big), \qquad
        \lvert \hat s_\pi - S\rvert \le (n-1)u\sum_i\lvert x_i\rvert

    Every :math:`\hat s_\pi` is within the bound of the exact sum
    :math:`S`, but the bits depend on the order :math:`\pi`.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite summands, n >= 2.
    n_orders : int
        Number of random orders, 1 to 100,000 (``n * n_orders`` at most
        ``2**27``).
    rng : numpy.random.Generator
        Source of the permutations.

    Returns
    -------
    DriftStudy

    Examples
    --------
    >>> d = order_drift([0.1, 0.2, 0.3], 20, rng=np.random.default_rng(0))
    >>> d.n_distinct, d.max_ulps
    (2, 1)
    """
    x = as_float_array(x, "x", ndim=1)
    if x.size < 2:
        raise ValueError(f"x must have at least 2 entries, got shape {x.shape}")
    n_orders = check_positive_int(n_orders, "n_orders", maximum=_MAX_ORDERS)
    if x.size * n_orders > MAX_ELEMENTS:
        raise ValueError(f"n_orders * len(x) = {x.size * n_orders} exceeds "
                         f"{MAX_ELEMENTS}")
    rng = check_rng(rng)
    sums = np.array([float(summation.naive_sum(x[rng.permutation(x.size)]))
                     for _ in range(n_orders)])               # (n_orders,)
    exact = float(summation.exact_sum(x))
    return DriftStudy(
        sums=sums,
        exact=exact,
        n_distinct=int(np.unique(sums).size),
        max_ulps=int(ulp_distance(sums, np.full_like(sums, exact)).max()),
        bound=float(summation.error_bound(x, "naive")),
    )


# ------------------------------------------------------------ run studies
class RunResult(NamedTuple):
    """One run of the pipeline: validation log-loss and its fingerprint.

    ``digest`` is :func:`array_digest` of ``[w, b, loss]``: the fitted
    weights, intercept and validation log-loss.
    """

    seed: int
    loss: float
    coef: np.ndarray
    intercept: float
    digest: str


def _check_xy(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got "
                         f"X {X.shape} and y {y.shape}")
    if not np.all((y == 0.0) | (y == 1.0)):
        raise ValueError("y must hold 0/1 labels only")
    if X.shape[0] < 4:
        raise ValueError(f"X must have at least 4 rows, got shape {X.shape}")
    return X, y


def _one_run(X: np.ndarray, y: np.ndarray, seed: int, test_fraction: float,
             lam: float) -> RunResult:
    rng = np.random.default_rng(seed)
    split = train_test_split_indices(X.shape[0], test_fraction, rng=rng)
    ytr, yte = y[split.train], y[split.test]
    if ytr.min() == ytr.max():
        raise ValueError(f"seed {seed} leaves one class only in the training "
                         "split; use more rows or a smaller test_fraction")
    fit = fit_logistic_newton(X[split.train], ytr, lam=lam)
    loss = log_loss_from_logits(yte, logistic_logits(fit, X[split.test]))
    record = np.concatenate([fit.coef, [fit.intercept, loss]])  # (d + 2,)
    return RunResult(seed, float(loss), fit.coef, float(fit.intercept),
                     array_digest(record))


def _check_fit_options(test_fraction: Any, lam: Any) -> tuple[float, float]:
    f = check_finite_scalar(test_fraction, "test_fraction", positive=True)
    if f >= 1.0:
        raise ValueError(f"test_fraction must be < 1, got {test_fraction!r}")
    lam = check_finite_scalar(lam, "lam")
    if lam <= 0.0 or lam > 1e6:
        raise ValueError(f"lam must be in (0, 1e6], got {lam!r}")
    return f, lam


def seed_run(X: Any, y: Any, seed: int, *, test_fraction: float = 0.3,
             lam: float = 1e-2) -> RunResult:
    r"""One seeded run: random split, ridge-logistic fit, validation log-loss.

    .. math::

        \text{seed} \to (\mathcal T, \mathcal V), \quad
        \hat w = \argmin_w \frac1{\lvert\mathcal T\rvert}
        \sum_{i\in\mathcal T}\ell(y_i, x_i^\top w + b)
        + \frac{\lambda}{2}\lVert w\rVert^2, \quad
        L = \frac1{\lvert\mathcal V\rvert}\sum_{i\in\mathcal V}
        \ell(y_i, x_i^\top\hat w + \hat b)

    with :math:`\ell` the stable log-loss from logits
    (:func:`execmath.info.log_loss_from_logits`) and the fit by
    :func:`execmath.classify.fit_logistic_newton`. The seed is the only
    source of randomness, so the same seed gives the same bits.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        0/1 labels.
    seed : int
        Seed of the split.
    test_fraction : float, default 0.3
        Share of rows held out for validation, in (0, 1).
    lam : float, default 0.01
        Ridge penalty, in (0, 1e6]; it keeps the fit finite on separable
        splits.

    Returns
    -------
    RunResult

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [0.5], [2.5], [1.5], [1.2]])
    >>> y = np.array([0, 0, 1, 1, 0, 1, 1, 0])
    >>> a, b = seed_run(X, y, 3), seed_run(X, y, 3)
    >>> a.digest == b.digest, a.loss == b.loss
    (True, True)
    """
    X, y = _check_xy(X, y)
    seed = _check_seed(seed)
    f, lam = _check_fit_options(test_fraction, lam)
    return _one_run(X, y, seed, f, lam)


@dataclass(frozen=True)
class RunStudy:
    """Runs of the pipeline, one per seed.

    ``losses`` has shape ``(n_runs,)``; ``digests`` holds one SHA-256
    fingerprint per run; ``n_distinct`` counts distinct fingerprints.
    """

    seeds: tuple
    losses: np.ndarray
    digests: tuple
    n_distinct: int


def run_study(X: Any, y: Any, seeds: Any, *, test_fraction: float = 0.3,
              lam: float = 1e-2) -> RunStudy:
    r"""Repeat :func:`seed_run` for each seed and fingerprint every run.

    .. math::

        L_r = L(\text{seed}_r), \qquad r = 1, \dots, R

    Different seeds give a *distribution* of validation losses (the split
    is random); a repeated seed must give one value and one digest.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        0/1 labels.
    seeds : sequence of int
        One seed per run (repeats allowed), 1 to 10,000 runs.
    test_fraction, lam : float
        As in :func:`seed_run`.

    Returns
    -------
    RunStudy

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [0.5], [2.5], [1.5], [1.2]])
    >>> y = np.array([0, 0, 1, 1, 0, 1, 1, 0])
    >>> run_study(X, y, [5, 5, 5]).n_distinct
    1
    """
    X, y = _check_xy(X, y)
    seeds = _check_seeds(seeds)
    f, lam = _check_fit_options(test_fraction, lam)
    runs = [_one_run(X, y, s, f, lam) for s in seeds]
    digests = tuple(r.digest for r in runs)
    return RunStudy(seeds=seeds,
                    losses=np.array([r.loss for r in runs]),    # (R,)
                    digests=digests,
                    n_distinct=len(set(digests)))


# ------------------------------------------------------------ environment
@dataclass(frozen=True)
class EnvironmentRecord:
    """What a numerical result depends on besides code, data and seed.

    ``packages`` pairs each name with its installed version (or
    ``"not installed"``); ``blas`` lists, per loaded BLAS/OpenMP library,
    ``(api, library, version, threads)``.
    """

    python: str
    implementation: str
    system: str
    machine: str
    cpu_count: int
    packages: tuple
    blas: tuple


def _blas_info() -> tuple:
    """Loaded BLAS and thread pools: threadpoolctl if present, else NumPy."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:                      # fall back to NumPy's build info
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return ((
            "blas", str(cfg.get("name", "unknown")),
            str(cfg.get("version", "unknown")), -1,
        ),)
    return tuple(
        (str(p.get("user_api")), str(p.get("internal_api")),
         str(p.get("version")), int(p.get("num_threads", -1)))
        for p in threadpool_info()
    )


def environment_record(
        packages: Any = ("numpy", "scipy", "matplotlib", "torch"),
) -> EnvironmentRecord:
    r"""Record Python, platform, CPU count, package versions and BLAS.

    Versions are read from the installed distributions' metadata
    (:func:`importlib.metadata.version`), so a package need not be
    imported (importing ``torch`` costs a second). BLAS comes from
    ``threadpoolctl`` when it is installed (the libraries actually loaded
    and their thread counts), else from ``numpy.show_config``.

    .. math::

        \text{result} = F(\text{code}, \text{data}, \text{seed},
        \underbrace{\text{versions}, \text{BLAS}, \text{threads},
        \text{CPU}}_{\text{this record}})

    Parameters
    ----------
    packages : sequence of str
        Distribution names (1 to 100), e.g. ``("numpy", "torch")``.

    Returns
    -------
    EnvironmentRecord

    Examples
    --------
    >>> rec = environment_record(("numpy",))
    >>> rec.packages[0][0], rec.packages[0][1] == np.__version__
    ('numpy', True)
    """
    if isinstance(packages, str) or not isinstance(packages, (list, tuple)):
        raise InputTypeError(
            f"packages must be a list or tuple of names, got "
            f"{type(packages).__name__}"
        )
    if not 1 <= len(packages) <= 100:
        raise ValueError(f"packages must name 1 to 100 packages, got "
                         f"{len(packages)}")
    for p in packages:
        if not isinstance(p, str) or not p.strip():
            raise InputTypeError(f"packages must hold non-empty names, got "
                                 f"{p!r:.40}")
    versions = []
    for p in packages:
        try:
            versions.append((p, importlib.metadata.version(p)))
        except (importlib.metadata.PackageNotFoundError, ValueError):
            versions.append((p, "not installed"))
    return EnvironmentRecord(
        python=platform.python_version(),
        implementation=sys.implementation.name,
        system=platform.system(),
        machine=platform.machine(),
        cpu_count=int(os.cpu_count() or 0),
        packages=tuple(versions),
        blas=_blas_info(),
    )


def parse_pins(text: str) -> dict[str, str]:
    r"""Exact pins ``name==version`` of a lock file, as a dict.

    Comments (``#``) and blank lines are skipped; any other line without
    ``==`` is an error, because a lock file that allows a range does not
    lock anything.

    Parameters
    ----------
    text : str
        Contents of a ``requirements``-style lock file.

    Returns
    -------
    dict
        Lower-case name -> version string.

    Examples
    --------
    >>> parse_pins("# lock\nnumpy==2.4.6\nTorch==2.13.0\n")
    {'numpy': '2.4.6', 'torch': '2.13.0'}
    """
    text = _check_text(text, "text")
    pins = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        if not sep or not name.strip() or not version.strip():
            raise ValueError(f"text line {number} is not an exact pin "
                             f"name==version: {raw!r:.60}")
        pins[name.strip().lower()] = version.strip()
    return pins


def make_recipe(text: str, target: str) -> tuple[str, ...]:
    r"""The rule of ``target`` in a Makefile: its line and its recipe lines.

    Parameters
    ----------
    text : str
        Contents of a Makefile.
    target : str
        Name of the target, e.g. ``"test"``.

    Returns
    -------
    tuple of str
        The ``target:`` line followed by its tab-indented recipe lines.

    Examples
    --------
    >>> make_recipe("all: x\n\techo hi\ntest: all\n\tpytest\n", "test")
    ('test: all', '\tpytest')
    """
    text = _check_text(text, "text")
    target = _check_text(target, "target").strip()
    if not target or any(c in target for c in " \t:\n"):
        raise ValueError(f"target must be a single target name, got "
                         f"{target!r:.40}")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(target + ":"):
            rule = [line]
            for nxt in lines[i + 1:]:
                if not nxt.startswith("\t"):
                    break
                rule.append(nxt)
            return tuple(rule)
    raise ValueError(f"target {target!r:.40} has no rule in text")
