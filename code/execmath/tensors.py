"""Tensors and broadcasting: shape algebra, contractions and their costs.

A tensor here is a NumPy array whose axes carry a meaning (batch, sequence,
feature). The functions in this module spell out what NumPy does implicitly
-- the broadcasting rule, stretching an operand, a batched contraction, the
strides of a C-ordered array -- so that each can be checked against NumPy,
SciPy or PyTorch in the tests. Nothing here prints or plots.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np

from execmath._validate import (
    InputTypeError,
    MAX_ELEMENTS,
    as_float_array,
    check_axis,
    check_callable,
    check_positive_int,
    check_result_size,
    check_rng,
    pow2_scale,
)

__all__ = [
    "MatmulTimingStudy",
    "TimingRecord",
    "batched_matmul",
    "batched_matmul_loop",
    "batched_matmul_per_batch",
    "broadcast_add",
    "broadcast_shape",
    "byte_offset",
    "c_strides",
    "matmul_kernel_timing_study",
    "matmul_timing_study",
    "outer_sum",
    "pairwise_sq_distances",
    "pairwise_sq_distances_direct",
    "standardize",
    "stretch",
    "time_callable",
]


# --------------------------------------------------------------------------
# Shape algebra
# --------------------------------------------------------------------------

def _as_shape(shape: Any, name: str, *, signed: bool = False
              ) -> tuple[int, ...]:
    """Return ``shape`` as a tuple of non-negative ints (an int is 1-D).

    Floats (even ``2.0``), bools and strings are refused, never truncated;
    ``signed`` allows negative entries (strides).
    """
    if isinstance(shape, (int, np.integer)) and not isinstance(
            shape, (bool, np.bool_)):
        shape = (shape,)
    if shape is None or isinstance(shape, (str, bytes)):
        raise InputTypeError(
            f"{name} must be a tuple of ints, got {shape!r}")
    try:
        dims = tuple(shape)
    except TypeError as exc:
        raise InputTypeError(
            f"{name} must be a tuple of ints, got {shape!r}"
        ) from exc
    for d in dims:
        if isinstance(d, (bool, np.bool_)) or not isinstance(
                d, (int, np.integer)):
            raise InputTypeError(
                f"{name} must contain only ints, got {shape!r}"
            )
        if d < 0 and not signed:
            raise ValueError(
                f"{name} must contain non-negative sizes, got {shape!r}"
            )
    return tuple(int(d) for d in dims)


def broadcast_shape(*shapes: Sequence[int] | int) -> tuple[int, ...]:
    r"""Shape of the result of broadcasting arrays of the given ``shapes``.

    Align the shapes at their trailing axes, padding the shorter ones with
    ones on the left to a common length :math:`d`. Axis :math:`a` is
    compatible when the sizes other than one agree; the result size is
    that common size, or one if every size is one:

    .. math::

        n_a = \max_r \tilde s^{(r)}_a
        \quad\text{provided}\quad
        \tilde s^{(r)}_a \in \{1, n_a\}\ \text{for all } r,

    (with the convention that a size-0 axis broadcasts against 1 to 0).

    Parameters
    ----------
    *shapes : tuple of int or int
        The operand shapes; an int ``n`` means ``(n,)``.

    Returns
    -------
    tuple of int
        The broadcast shape; ``()`` when no shape is given.

    Examples
    --------
    >>> broadcast_shape((2, 1), (3,), 1)
    (2, 3)

    Raises
    ------
    ValueError
        If a shape is malformed, or if two sizes at the same (right-aligned)
        axis differ and neither is one. The message names that axis, counted
        from the right (``-1`` is the last axis).
    """
    dims = [_as_shape(s, f"shapes[{i}]") for i, s in enumerate(shapes)]
    ndim = max((len(s) for s in dims), default=0)
    padded = [(1,) * (ndim - len(s)) + s for s in dims]  # left-pad with 1s
    out = []
    for axis in range(ndim):
        sizes = [s[axis] for s in padded]
        not_one = {n for n in sizes if n != 1}
        if len(not_one) > 1:
            from_right = axis - ndim
            culprits = [dims[r] for r, n in enumerate(sizes) if n != 1]
            raise ValueError(
                f"shapes are incompatible at axis {from_right} (counted "
                f"from the right): sizes {sorted(not_one)} in shapes "
                f"{culprits}; sizes must be equal or 1"
            )
        out.append(not_one.pop() if not_one else 1)
    return tuple(out)


def stretch(x: Any, shape: Sequence[int]) -> np.ndarray:
    r"""Materialise ``x`` broadcast to ``shape`` by repeating size-1 axes.

    The stretched array :math:`\tilde x` satisfies

    .. math::

        \tilde x[i_1, \dots, i_d] = x[j_1, \dots, j_{d'}], \qquad
        j_a = \begin{cases} i_{a+d-d'} & \text{if } x \text{ has size }
        n_{a+d-d'} \text{ on axis } a,\\ 0 & \text{if it has size } 1,
        \end{cases}

    which is what :func:`numpy.broadcast_to` returns as a zero-stride view;
    here it is an explicit copy, built with :func:`numpy.repeat`.

    Parameters
    ----------
    x : array_like
        The operand.
    shape : tuple of int
        Target shape; ``x.shape`` must broadcast to exactly this shape.

    Returns
    -------
    numpy.ndarray
        A new array of shape ``shape`` (never a view of ``x``), with the
        dtype of ``x``. Values are copied as they are (a NaN stays NaN).

    Examples
    --------
    >>> stretch([[1], [2]], (2, 3)).tolist()
    [[1, 1, 1], [2, 2, 2]]
    """
    x = _as_numeric(x, "x")
    target = _as_shape(shape, "shape")
    try:
        ok = len(target) >= x.ndim and \
            broadcast_shape(x.shape, target) == target
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"shape {target} is not a broadcast target of x.shape {x.shape}"
        )
    check_result_size(math.prod(target), "shape")
    out = x.reshape((1,) * (len(target) - x.ndim) + x.shape)
    for axis, n in enumerate(target):
        if out.shape[axis] == 1 and n != 1:
            out = np.repeat(out, n, axis=axis)
    return np.array(out, copy=True)


def _as_numeric(x: Any, name: str) -> np.ndarray:
    """An int or float array (any dtype kept); anything else is refused."""
    if x is None or isinstance(x, (str, bytes)):
        raise InputTypeError(
            f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except ValueError as exc:
        raise InputTypeError(
            f"{name} must be a rectangular array of numbers") from exc
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(
            f"{name} must hold ints or floats, got dtype {arr.dtype}")
    return arr


def broadcast_add(a: Any, b: Any) -> np.ndarray:
    r"""Add ``a`` and ``b`` by stretching both to their broadcast shape.

    .. math::

        (a \oplus b)[i] = \tilde a[i] + \tilde b[i], \qquad
        \tilde a, \tilde b \text{ of shape }
        \operatorname{broadcast}(\text{shape}(a), \text{shape}(b))

    A reference implementation of NumPy's ``a + b``: after :func:`stretch`
    the two operands have equal shapes, so the final addition is purely
    elementwise.

    Raises
    ------
    ValueError
        If the shapes are incompatible (the message names the axis), or a
        sum exceeds the float64 range.

    Examples
    --------
    >>> broadcast_add([[1.0], [2.0]], [10.0, 20.0]).tolist()
    [[11.0, 21.0], [12.0, 22.0]]
    """
    a = as_float_array(a, "a", allow_empty=True)
    b = as_float_array(b, "b", allow_empty=True)
    try:
        shape = broadcast_shape(a.shape, b.shape)
    except ValueError as exc:
        raise ValueError(f"a and b must broadcast: {exc}") from None
    check_result_size(math.prod(shape), "a and b (their broadcast shape)")
    with np.errstate(over="ignore"):
        out = stretch(a, shape) + stretch(b, shape)
    _check_finite(out, "a + b")
    return out


def _check_finite(out: np.ndarray, what: str) -> np.ndarray:
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{what} exceeds the float64 range (> 1.8e308)")
    return out


def outer_sum(u: Any, v: Any) -> np.ndarray:
    r"""Grid of pairwise sums :math:`S_{ij} = u_i + v_j`.

    Computed as a column ``(m, 1)`` plus a row ``(1, n)``, which broadcasts
    to ``(m, n)``.

    Parameters
    ----------
    u : array_like, shape (m,)
    v : array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Examples
    --------
    >>> outer_sum([1.0, 2.0], [10.0, 20.0, 30.0]).tolist()
    [[11.0, 21.0, 31.0], [12.0, 22.0, 32.0]]
    """
    u = as_float_array(u, "u", ndim=1)
    v = as_float_array(v, "v", ndim=1)
    check_result_size(u.size * v.size, "u and v (len(u) * len(v))")
    with np.errstate(over="ignore"):
        out = u[:, None] + v[None, :]  # (m, 1) + (1, n) -> (m, n)
    return _check_finite(out, "u_i + v_j")


# --------------------------------------------------------------------------
# Reductions
# --------------------------------------------------------------------------

def standardize(x: Any, axis: int = 0) -> np.ndarray:
    r"""Centre and scale ``x`` along ``axis``: :math:`z = (x - \mu)/\sigma`.

    .. math::

        \mu = \frac{1}{n}\sum_{k} x_{\dots k \dots}, \qquad
        \sigma = \Big(\frac{1}{n}\sum_k (x_{\dots k \dots} - \mu)^2
        \Big)^{1/2}

    with the sums running over ``axis``. The statistics are kept with
    ``keepdims=True`` so that they broadcast back against ``x`` along the
    axis they were reduced over, whatever the other sizes are.

    Raises
    ------
    ValueError
        If ``x`` has NaN/inf, ``axis`` is out of range, or a slice along
        ``axis`` is constant (:math:`\sigma = 0`).

    Notes
    -----
    :math:`z` is scale invariant: each slice is divided by its own power
    of two first (exact), so neither the mean nor the squares can overflow
    or underflow; ``[1e200, -1e200]`` gives ``[1, -1]`` (it gave
    ``[0, -0]``, the variance having overflowed).

    Examples
    --------
    >>> standardize([1.0, 2.0, 3.0]).round(6).tolist()
    [-1.224745, 0.0, 1.224745]
    >>> standardize([1e200, -1e200]).tolist()
    [1.0, -1.0]
    """
    x = as_float_array(x, "x", ndim=tuple(range(1, 33)))
    axis = check_axis(axis, x.ndim, array="x")
    x, _ = pow2_scale(x, axis=axis)            # exact, per slice
    mu = x.mean(axis=axis, keepdims=True)      # size 1 along `axis`
    with np.errstate(under="ignore"):
        sigma = x.std(axis=axis, keepdims=True)    # size 1 along `axis`
    if np.any(sigma == 0):
        raise ValueError(f"x is constant along axis {axis} in some slice "
                         f"(zero standard deviation), x.shape {x.shape}")
    return (x - mu) / sigma


# --------------------------------------------------------------------------
# Batched matrix multiplication
# --------------------------------------------------------------------------

def _scaled_product(a: np.ndarray, b: np.ndarray, product) -> np.ndarray:
    """``product(a, b)`` computed on ``a / 2**ea`` and ``b / 2**eb``.

    Exact scalings: the same bits in the normal range, and an overflow
    only where an entry of the product itself exceeds float64.
    """
    a, ea = pow2_scale(a)
    b, eb = pow2_scale(b)
    with np.errstate(under="ignore"):
        c = product(a, b)
    with np.errstate(over="ignore"):
        c = np.ldexp(c, ea + eb)
    return _check_finite(c, "an entry of a @ b")


def _check_batched_pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate a ``(b, m, k) @ (b, k, n)`` pair and return float arrays."""
    a = as_float_array(a, "a", ndim=3)
    b = as_float_array(b, "b", ndim=3)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"a and b must have the same batch size, got "
                         f"a.shape {a.shape} and b.shape {b.shape}")
    if a.shape[2] != b.shape[1]:
        raise ValueError(f"inner dimensions differ: a.shape {a.shape} has "
                         f"k={a.shape[2]} but b.shape {b.shape} has "
                         f"k={b.shape[1]}")
    check_result_size(a.shape[0] * a.shape[1] * b.shape[2],
                      "a and b (the product b * m * n)")
    return a, b


def batched_matmul_loop(a: Any, b: Any) -> np.ndarray:
    r"""Batched matrix product by the definition, in plain Python loops.

    .. math::

        C_{bij} = \sum_{k} A_{bik} B_{bkj}

    Every index is an explicit Python ``for`` loop over Python floats.
    This is the reference implementation and the slow end of the timing
    comparison; use it only for small tensors.

    Parameters
    ----------
    a : array_like, shape (b, m, k)
    b : array_like, shape (b, k, n)

    Returns
    -------
    numpy.ndarray, shape (b, m, n), float64

    Examples
    --------
    >>> batched_matmul_loop([[[1.0, 2.0]]], [[[3.0], [4.0]]]).tolist()
    [[[11.0]]]
    """
    a, b = _check_batched_pair(a, b)
    return _scaled_product(a, b, _loop_product)


def _loop_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    nb, m, nk = a.shape
    n = b.shape[2]
    al, bl = a.tolist(), b.tolist()  # Python floats: no NumPy in the loop
    out = [[[0.0] * n for _ in range(m)] for _ in range(nb)]
    for s in range(nb):
        for i in range(m):
            for j in range(n):
                acc = 0.0
                for k in range(nk):
                    acc += al[s][i][k] * bl[s][k][j]
                out[s][i][j] = acc
    return np.array(out, dtype=np.float64).reshape(nb, m, n)


def batched_matmul_per_batch(a: Any, b: Any) -> np.ndarray:
    r"""Batched product with a Python loop over the batch axis only.

    .. math::

        C_{b} = A_{b} B_{b}, \qquad b = 1, \dots, B

    Each slice is one 2-D ``@``; the loop over ``b`` stays in Python.

    Parameters
    ----------
    a : array_like, shape (b, m, k)
    b : array_like, shape (b, k, n)

    Returns
    -------
    numpy.ndarray, shape (b, m, n)

    Examples
    --------
    >>> batched_matmul_per_batch([[[1.0, 2.0]]], [[[3.0], [4.0]]]).tolist()
    [[[11.0]]]
    """
    a, b = _check_batched_pair(a, b)
    return _scaled_product(a, b, _per_batch_product)


def _per_batch_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.empty((a.shape[0], a.shape[1], b.shape[2]))  # (b, m, n)
    for s in range(a.shape[0]):
        out[s] = a[s] @ b[s]                              # (m, k) @ (k, n)
    return out


def batched_matmul(a: Any, b: Any) -> np.ndarray:
    r"""Vectorised batched matrix product, one library call.

    .. math::

        C_{bij} = \sum_{k} A_{bik} B_{bkj}

    Unlike bare ``np.matmul`` this refuses anything but two 3-D operands
    with equal batch sizes, so a shape bug surfaces as an error instead of
    a silent broadcast.

    Parameters
    ----------
    a : array_like, shape (b, m, k)
    b : array_like, shape (b, k, n)

    Returns
    -------
    numpy.ndarray, shape (b, m, n)

    Examples
    --------
    >>> batched_matmul(np.ones((2, 1, 3)), np.ones((2, 3, 1))).tolist()
    [[[3.0]], [[3.0]]]
    """
    a, b = _check_batched_pair(a, b)
    # (b, m, k) @ (b, k, n) -> (b, m, n)
    return _scaled_product(a, b, np.matmul)


# --------------------------------------------------------------------------
# Pairwise squared distances
# --------------------------------------------------------------------------

def _check_point_sets(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    x = as_float_array(x, "x", ndim=2)
    y = x if y is None else as_float_array(y, "y", ndim=2)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"x and y must have the same number of features, "
                         f"got x.shape {x.shape} and y.shape {y.shape}")
    check_result_size(x.shape[0] * y.shape[0] * x.shape[1],
                      "x and y (n * m * d)")
    return x, y


def _common_scale(x: np.ndarray, y: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, int]:
    """``x`` and ``y`` divided by one power of two (exact), and its exponent."""
    m = max(float(np.max(np.abs(x))), float(np.max(np.abs(y))))
    e = math.frexp(m)[1] if m > 0 else 0
    with np.errstate(under="ignore"):
        return np.ldexp(x, -e), np.ldexp(y, -e), e


def _unscale_sq(d2: np.ndarray, e: int) -> np.ndarray:
    """Squared distances times ``4**e``; refuse those beyond float64."""
    with np.errstate(over="ignore"):
        out = np.ldexp(d2, 2 * e)
    return _check_finite(out, "a squared distance between x and y")


def pairwise_sq_distances(x: Any, y: Any = None, *,
                          clip: bool = True) -> np.ndarray:
    r"""Squared Euclidean distances by the expanded (Gram) formula.

    .. math::

        D_{ij} = \lVert x_i - y_j \rVert^2
               = \lVert x_i \rVert^2 + \lVert y_j \rVert^2
                 - 2\, x_i \cdot y_j

    The norms are a column ``(n, 1)`` and a row ``(1, m)``; the cross term
    is one matrix product ``(n, d) @ (d, m)``. The subtraction can cancel
    catastrophically when :math:`x_i \approx y_j`, leaving tiny negative
    values; with ``clip=True`` they are set to zero.

    Parameters
    ----------
    x : array_like, shape (n, d)
    y : array_like, shape (m, d), optional
        Defaults to ``x``.
    clip : bool, default True
        Clip the result at zero.

    Returns
    -------
    numpy.ndarray, shape (n, m)

    Notes
    -----
    Both point sets are divided by one power of two first (exact: the same
    bits, the same cancellation), so the squared norms cannot overflow
    where the squared distances are representable.

    Examples
    --------
    >>> pairwise_sq_distances([[0.0, 0.0], [1.0, 1.0]]).tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """
    x, y = _check_point_sets(x, y)
    x, y, e = _common_scale(x, y)
    with np.errstate(under="ignore"):
        xx = np.sum(x * x, axis=1, keepdims=True)     # (n, 1)
        yy = np.sum(y * y, axis=1, keepdims=True).T   # (1, m)
        d2 = xx + yy - 2.0 * (x @ y.T)                # (n, m)
    d2 = np.maximum(d2, 0.0) if clip else d2
    return _unscale_sq(d2, e)


def pairwise_sq_distances_direct(x: Any, y: Any = None) -> np.ndarray:
    r"""Squared distances from explicit differences (no cancellation).

    .. math::

        D_{ij} = \sum_{k} (x_{ik} - y_{jk})^2

    Broadcasting ``(n, 1, d) - (1, m, d)`` builds all differences at once,
    at the price of an ``(n, m, d)`` temporary.

    Examples
    --------
    >>> pairwise_sq_distances_direct([[0.0, 0.0]], [[3.0, 4.0]]).tolist()
    [[25.0]]
    """
    x, y = _check_point_sets(x, y)
    x, y, e = _common_scale(x, y)
    diff = x[:, None, :] - y[None, :, :]          # (n, m, d)
    with np.errstate(under="ignore"):
        d2 = np.sum(diff * diff, axis=-1)         # (n, m)
    return _unscale_sq(d2, e)


# --------------------------------------------------------------------------
# Memory layout
# --------------------------------------------------------------------------

def c_strides(shape: Sequence[int], itemsize: int = 8) -> tuple[int, ...]:
    r"""Byte strides of a C-ordered (row-major) array.

    .. math::

        s_a = \text{itemsize} \cdot \prod_{l > a} n_l

    Parameters
    ----------
    shape : tuple of int
    itemsize : int, default 8
        Bytes per element (8 for float64, 4 for float32).

    Notes
    -----
    For arrays with a size-0 axis no element exists and NumPy is free to
    report other strides; the formula is meant for non-empty shapes.

    Examples
    --------
    >>> c_strides((2, 3, 4))
    (96, 32, 8)
    """
    dims = _as_shape(shape, "shape")
    itemsize = check_positive_int(itemsize, "itemsize")
    strides = []
    step = itemsize
    for n in reversed(dims):
        strides.append(step)
        step *= n
    return tuple(reversed(strides))


def byte_offset(index: Sequence[int], strides: Sequence[int]) -> int:
    r"""Byte offset of element ``index``: :math:`\sum_a i_a s_a`.

    Parameters
    ----------
    index : tuple of int
        A multi-index (non-negative).
    strides : tuple of int
        Byte strides, one per axis (may be negative or zero for views).
        Floats are refused, not truncated.

    Examples
    --------
    >>> byte_offset((2, 1), (8, 32))
    48
    """
    idx = _as_shape(index, "index")
    st = _as_shape(strides, "strides", signed=True)
    if len(idx) != len(st):
        raise ValueError(f"index {idx} and strides {st} must have the "
                         f"same length")
    return sum(i * s for i, s in zip(idx, st))


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

class TimingRecord(NamedTuple):
    """Seconds per call of one callable, over ``repeat`` measurements."""

    times: tuple[float, ...]   #: seconds per call, one per repeat
    number: int                #: calls averaged inside each measurement

    @property
    def best(self) -> float:
        """Fastest time per call (least disturbed by other processes)."""
        return min(self.times)

    @property
    def median(self) -> float:
        """Median time per call."""
        return statistics.median(self.times)


def time_callable(fn: Callable[[], Any], *, repeat: int = 5,
                  number: int = 1) -> TimingRecord:
    r"""Time ``fn()`` with :func:`time.perf_counter`.

    Each of ``repeat`` measurements calls ``fn`` ``number`` times in a row
    and records the elapsed time divided by ``number``:

    .. math::

        t_r = \frac{T_r}{\text{number}}, \qquad r = 1, \dots,
        \text{repeat}

    Report :attr:`TimingRecord.best`: on a shared machine the minimum is
    the measurement least polluted by other work. ``repeat`` is at most
    1,000 and ``number`` at most 10**6 (a larger count is a typo that would
    run for hours).

    Examples
    --------
    >>> rec = time_callable(lambda: None, repeat=3, number=10)
    >>> len(rec.times), rec.number, rec.best >= 0
    (3, 10, True)
    """
    check_callable(fn, "fn")
    repeat = check_positive_int(repeat, "repeat", maximum=1000)
    number = check_positive_int(number, "number", maximum=10**6)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return TimingRecord(times=tuple(times), number=number)


class MatmulTimingStudy(NamedTuple):
    """Best seconds per call of three batched-matmul implementations."""

    batch_sizes: np.ndarray   #: (p,) batch sizes b
    shape: tuple[int, int, int]  #: (m, k, n) of each matrix product
    loop: np.ndarray          #: (p,) pure Python loops over b, i, j, k
    per_batch: np.ndarray     #: (p,) Python loop over b, 2-D ``@`` inside
    vectorised: np.ndarray    #: (p,) one ``np.matmul`` call

    def speedup(self) -> np.ndarray:
        """Ratio loop time / vectorised time, one per batch size."""
        return self.loop / self.vectorised


def matmul_timing_study(batch_sizes: Iterable[int], m: int = 8, k: int = 8,
                        n: int = 8, *, rng: np.random.Generator,
                        repeat: int = 3) -> MatmulTimingStudy:
    """Time the three batched-matmul implementations over ``batch_sizes``.

    For each batch size ``b`` draw standard normal ``(b, m, k)`` and
    ``(b, k, n)`` tensors and record the best time per call of
    :func:`batched_matmul_loop`, :func:`batched_matmul_per_batch` and
    :func:`batched_matmul`. The fast implementations are called several
    times per measurement so that each measurement is long enough to time.
    Timings depend on the machine; this function is for figures and
    ``make bench``, never for assertions in tests.

    Examples
    --------
    >>> st = matmul_timing_study([1, 2], 2, 2, 2,
    ...                          rng=np.random.default_rng(0), repeat=1)
    >>> st.batch_sizes.tolist(), st.loop.shape
    ([1, 2], (2,))
    """
    rng = check_rng(rng)
    if isinstance(batch_sizes, (str, bytes)) or batch_sizes is None:
        raise InputTypeError(
            f"batch_sizes must be a sequence of ints, got {batch_sizes!r}")
    try:
        items = list(batch_sizes)
    except TypeError as exc:
        raise InputTypeError(
            f"batch_sizes must be a sequence of ints, got "
            f"{type(batch_sizes).__name__}") from exc
    sizes = [check_positive_int(s, "batch_sizes") for s in items]
    if not sizes:
        raise ValueError("batch_sizes must not be empty")
    m, k, n = (check_positive_int(v, name)
               for v, name in ((m, "m"), (k, "k"), (n, "n")))
    # The Python triple loop does b m k n multiply-adds: keep it bounded.
    work = max(sizes) * m * k * n
    if work > 10**8:
        raise ValueError(
            f"batch_sizes, m, k, n ask for {work} multiply-adds in the pure "
            "Python loop (hours); keep max(batch_sizes) * m * k * n <= 1e8")
    repeat = check_positive_int(repeat, "repeat", maximum=1000)
    loop, per_batch, vec = [], [], []
    for b in sizes:
        a = rng.standard_normal((b, m, k))   # (b, m, k)
        c = rng.standard_normal((b, k, n))   # (b, k, n)
        fast_number = max(1, math.ceil(2000 / b))
        # default arguments bind this iteration's tensors to each lambda
        loop.append(time_callable(
            lambda a=a, c=c: batched_matmul_loop(a, c),
            repeat=repeat).best)
        per_batch.append(time_callable(
            lambda a=a, c=c: batched_matmul_per_batch(a, c),
            repeat=repeat, number=max(1, fast_number // 20)).best)
        vec.append(time_callable(
            lambda a=a, c=c: batched_matmul(a, c),
            repeat=repeat, number=fast_number).best)
    return MatmulTimingStudy(np.array(sizes), (m, k, n), np.array(loop),
                             np.array(per_batch), np.array(vec))


def matmul_kernel_timing_study(batch_sizes: Iterable[int], m: int = 8,
                               k: int = 8, n: int = 8, *,
                               rng: np.random.Generator,
                               repeat: int = 3) -> MatmulTimingStudy:
    """Like :func:`matmul_timing_study`, but times the bare computations.

    The public functions validate their input and scale it by powers of
    two, a fixed cost per call that dominates for tiny matrices. This
    study validates the arguments once and then times only the three
    kernels: the pure Python loops over ``b, i, j, k``, a Python loop over
    ``b`` with a 2-D ``@`` inside, and one ``np.matmul`` call. It is what a
    figure about vectorisation should show. Timings depend on the machine;
    never assert them in tests.

    Examples
    --------
    >>> st = matmul_kernel_timing_study([1, 2], 2, 2, 2,
    ...                                 rng=np.random.default_rng(0),
    ...                                 repeat=1)
    >>> st.batch_sizes.tolist(), st.vectorised.shape
    ([1, 2], (2,))
    """
    rng = check_rng(rng)
    if isinstance(batch_sizes, (str, bytes)) or batch_sizes is None:
        raise InputTypeError(
            f"batch_sizes must be a sequence of ints, got {batch_sizes!r}")
    try:
        items = list(batch_sizes)
    except TypeError as exc:
        raise InputTypeError(
            f"batch_sizes must be a sequence of ints, got "
            f"{type(batch_sizes).__name__}") from exc
    sizes = [check_positive_int(s, "batch_sizes") for s in items]
    if not sizes:
        raise ValueError("batch_sizes must not be empty")
    m, k, n = (check_positive_int(v, name)
               for v, name in ((m, "m"), (k, "k"), (n, "n")))
    work = max(sizes) * m * k * n
    if work > 10**8:
        raise ValueError(
            f"batch_sizes, m, k, n ask for {work} multiply-adds in the pure "
            "Python loop (hours); keep max(batch_sizes) * m * k * n <= 1e8")
    repeat = check_positive_int(repeat, "repeat", maximum=1000)
    loop, per_batch, vec = [], [], []
    for b in sizes:
        a = rng.standard_normal((b, m, k))   # (b, m, k)
        c = rng.standard_normal((b, k, n))   # (b, k, n)
        fast_number = max(1, math.ceil(2000 / b))
        loop.append(time_callable(lambda a=a, c=c: _loop_product(a, c),
                                  repeat=repeat).best)
        per_batch.append(time_callable(
            lambda a=a, c=c: _per_batch_product(a, c),
            repeat=repeat, number=max(1, fast_number // 20)).best)
        vec.append(time_callable(lambda a=a, c=c: np.matmul(a, c),
                                 repeat=repeat, number=fast_number).best)
    return MatmulTimingStudy(np.array(sizes), (m, k, n), np.array(loop),
                             np.array(per_batch), np.array(vec))
