r"""Unsupervised learning: k-means, PCA projections, spectral clustering.

Three ideas of "structure in unlabelled data" live here.

* **Prototypes.** k-means minimises the within-cluster sum of squares
  (WCSS) :math:`\sum_i \lVert x_i - \mu_{c(i)}\rVert^2` by Lloyd's
  alternation (assign every point to its nearest centre, move every centre
  to the mean of its points), seeded by k-means++ and restarted several
  times because the iteration stops at a fixed point that depends on
  its seeds and is in general not the global minimum.
* **Directions.** PCA itself is :func:`execmath.spectral.pca` (the SVD of
  the centred data); this module adds the projection of *new* points with
  a fitted mean and axes, and the reconstruction from the scores.
* **Graphs.** Spectral clustering builds a Gaussian-kernel affinity
  :math:`W`, the symmetric normalised Laplacian
  :math:`L_{\mathrm{sym}} = I - D^{-1/2} W D^{-1/2}`, embeds each point by
  the rows of its eigenvectors for the :math:`k` smallest eigenvalues
  (rows normalised, as Ng, Jordan and Weiss propose) and runs k-means in
  that embedding. It is the relaxation of the normalised cut.

Partitions are compared with the (adjusted) Rand index, computed exactly
from the contingency table. Randomness enters only through an explicit
``rng``.

Scale. Data are divided by a power of two before any distance is formed
(exact), so no difference or square can overflow; sums of squares are
scaled back at the end and a result beyond float64 is a ValueError.
Laplacians, normalised cuts, embeddings and labels do not depend on the
scale of the data or of the affinities at all.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import scipy.linalg

from execmath import spectral
from execmath._validate import (
    MAX_ELEMENTS,
    InputTypeError,
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_increasing_sizes,
    check_positive_int,
    check_result_size,
    check_rng,
    pow2_scale,
)

__all__ = [
    "ElbowStudy",
    "KMeansResult",
    "LabelledData",
    "SpectralClusteringResult",
    "SpectralEmbedding",
    "adjusted_rand_index",
    "bandwidth_heuristic",
    "eigengap_k",
    "elbow_study",
    "gaussian_affinity",
    "gaussian_blobs",
    "kmeans",
    "kmeans_plus_plus",
    "lloyd",
    "normalized_cut",
    "normalized_laplacian",
    "pca_reconstruct",
    "pca_transform",
    "rand_index",
    "spectral_clustering",
    "spectral_embedding",
    "two_moons",
    "uniform_ball",
    "within_cluster_ss",
]

#: Relative tolerance for "is this affinity matrix symmetric?" (a matrix
#: built from floating-point distances is symmetric only up to rounding).
SYMMETRY_RTOL = 1e-10

#: Upper limits on counts that set the running time (not the memory): a
#: request for 10**12 restarts is a typo, not an experiment.
MAX_RESTARTS = 1000
MAX_ITER = 100_000


# ---------------------------------------------------------------- records
class LabelledData(NamedTuple):
    """Points with their generating group, for clustering experiments."""

    x: np.ndarray  # (n, d) points, one per row
    y: np.ndarray  # (n,) int, the group each point was drawn from


class KMeansResult(NamedTuple):
    """Outcome of k-means: the best of its restarts, with its history."""

    centers: np.ndarray        # (k, d) cluster means
    labels: np.ndarray         # (n,) int in [0, k)
    wcss: float                # within-cluster sum of squares, final
    trace: np.ndarray          # (n_iter + 1,) WCSS after each assignment
    n_iter: int                # update steps of the best run
    converged: bool            # assignments stopped changing
    restart_wcss: np.ndarray   # (n_init,) final WCSS of every restart


class ElbowStudy(NamedTuple):
    """Best WCSS for each number of clusters, and where it came from."""

    ks: np.ndarray         # (K,) numbers of clusters, increasing
    wcss: np.ndarray       # (K,) best WCSS found for each k
    cold_wcss: np.ndarray  # (K, n_init) restarts seeded by k-means++
    warm_wcss: np.ndarray  # (K,) run warm-started from the previous best


class SpectralEmbedding(NamedTuple):
    """Smallest eigenpairs of :math:`L_{\\mathrm{sym}}` and the NJW rows."""

    eigenvalues: np.ndarray   # (m,) ascending, m >= k
    eigenvectors: np.ndarray  # (n, k) columns for the k smallest
    embedding: np.ndarray     # (n, k) rows of eigenvectors, unit length


class SpectralClusteringResult(NamedTuple):
    """Labels of spectral clustering with the pieces that produced them."""

    labels: np.ndarray         # (n,) int in [0, k)
    bandwidth: float           # sigma of the Gaussian kernel used
    eigenvalues: np.ndarray    # (m,) smallest eigenvalues of L_sym
    embedding: np.ndarray      # (n, k) row-normalised eigenvector rows
    kmeans: KMeansResult       # k-means run in the embedding


# ------------------------------------------------------------ validation
def _data(x: Any, name: str = "x") -> np.ndarray:
    return as_float_array(x, name, ndim=2)


def _labels(labels: Any, name: str) -> np.ndarray:
    """A 1-D array of integer labels (bools, floats, strings rejected)."""
    if labels is None or isinstance(labels, (str, bytes)):
        raise InputTypeError(
            f"{name} must be a 1-D array of integer labels, got "
            f"{type(labels).__name__}")
    try:
        arr = np.asarray(labels)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"{name} must be a 1-D array of integer labels") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(
            f"{name} must hold integer labels, got dtype {arr.dtype} of "
            f"shape {arr.shape}")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    if arr.size > MAX_ELEMENTS:
        raise ValueError(f"{name} has {arr.size} elements, more than the "
                         f"supported {MAX_ELEMENTS}")
    return arr


def _codes(labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Labels renumbered 0..m-1 (in sorted order) and their number m."""
    uniq, inv = np.unique(labels, return_inverse=True)
    return inv.reshape(-1), int(uniq.size)


def _distinct_rows(xs: np.ndarray) -> int:
    return int(np.unique(xs, axis=0).shape[0])


def _check_k(n_clusters: Any, xs: np.ndarray, name: str = "n_clusters",
             xname: str = "x") -> int:
    k = check_positive_int(n_clusters, name)
    n = xs.shape[0]
    if k > n:
        raise ValueError(f"{name} must be <= the number of rows of {xname} "
                         f"({n}), got {k}")
    m = _distinct_rows(xs)
    if m < k:
        raise ValueError(
            f"{xname} has only {m} distinct row(s) at float64 resolution, "
            f"fewer than {name}={k}: k-means needs k distinct points")
    return k


def _unscale_sq(values: Any, e: int, what: str) -> np.ndarray:
    """``values * 4**e`` (sums of squares scale with the square)."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, 2 * int(e))
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{what} is outside the supported range: the sum "
                         "of squares exceeds float64 (> 1.8e308)")
    return out


def _check_symmetric_affinity(w: Any, name: str = "w") -> np.ndarray:
    """Square, symmetric, non-negative, finite; returned scaled, with a
    zero diagonal (self-loops are ignored, as in scipy.sparse.csgraph)."""
    w = as_float_array(w, name, ndim=2)
    n = w.shape[0]
    if w.shape != (n, n) or n < 2:
        raise ValueError(f"{name} must be a square matrix with at least 2 "
                         f"rows, got shape {w.shape}")
    if np.any(w < 0):
        raise ValueError(f"{name} must be non-negative, got min "
                         f"{float(w.min())!r}")
    ws, _ = pow2_scale(w)                  # exact; every result is invariant
    gap = float(np.max(np.abs(ws - ws.T)))
    if gap > SYMMETRY_RTOL * max(float(np.max(ws)), np.finfo(float).tiny):
        raise ValueError(f"{name} must be symmetric, got max |w - w.T| = "
                         f"{gap:.3e} relative to max w")
    ws = ws.copy()
    np.fill_diagonal(ws, 0.0)
    return ws


# ------------------------------------------------------------------ data
def two_moons(n_samples: int, *, noise: float, rng: np.random.Generator
              ) -> LabelledData:
    r"""Two interleaved half circles with Gaussian noise.

    .. math::

        \text{moon 0: } (\cos t, \sin t), \qquad
        \text{moon 1: } (1 - \cos t,\ \tfrac12 - \sin t), \qquad
        t \sim \mathcal U[0, \pi],

    plus independent :math:`\mathcal N(0, \eta^2)` noise on each
    coordinate. The first ``n_samples // 2`` points form moon 0, the rest
    moon 1 (the split of scikit-learn's ``make_moons``; unlike it, the
    angles are drawn at random rather than equally spaced).

    Parameters
    ----------
    n_samples : int, >= 2
    noise : float
        Noise standard deviation :math:`\eta` in ``[0, 1e300]``.
    rng : numpy.random.Generator

    Returns
    -------
    LabelledData
        ``x`` of shape ``(n_samples, 2)`` and the moon of each point in
        ``y``.

    Examples
    --------
    >>> data = two_moons(6, noise=0.0, rng=np.random.default_rng(0))
    >>> data.x.shape, data.y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])
    >>> bool(np.allclose(np.hypot(*data.x[:3].T), 1.0))
    True
    """
    n = check_positive_int(n_samples, "n_samples", minimum=2)
    check_result_size(2 * n, "n_samples")
    eta = check_finite_scalar(noise, "noise")
    if not 0.0 <= eta <= 1e300:
        raise ValueError(f"noise must lie in [0, 1e300], got {noise!r}")
    rng = check_rng(rng)
    n_out = n // 2
    t = rng.uniform(0.0, np.pi, size=n)                    # (n,)
    outer = np.column_stack([np.cos(t[:n_out]), np.sin(t[:n_out])])
    inner = np.column_stack([1.0 - np.cos(t[n_out:]),
                             0.5 - np.sin(t[n_out:])])
    x = np.vstack([outer, inner])                          # (n, 2)
    x = x + eta * rng.standard_normal((n, 2))
    y = np.repeat([0, 1], [n_out, n - n_out])
    return LabelledData(x=x, y=y)


def gaussian_blobs(sizes, centers, *, scale, rng: np.random.Generator
                   ) -> LabelledData:
    r"""Isotropic Gaussian clusters around given centres.

    .. math::

        x = \mu_j + s_j z,\qquad z \sim \mathcal N(0, I_d)
        \quad\text{for the } n_j \text{ points of cluster } j

    Parameters
    ----------
    sizes : array_like of int, shape (k,)
        Number of points :math:`n_j \ge 1` in each cluster.
    centers : array_like, shape (k, d)
        Cluster centres :math:`\mu_j`.
    scale : float or array_like, shape (k,)
        Standard deviation :math:`s_j \ge 0` of each coordinate, one for
        all clusters or one per cluster.
    rng : numpy.random.Generator

    Returns
    -------
    LabelledData
        Points cluster by cluster, ``y`` the cluster index.

    Examples
    --------
    >>> data = gaussian_blobs([2, 3], [[0.0, 0.0], [5.0, 5.0]], scale=0.0,
    ...                       rng=np.random.default_rng(0))
    >>> data.x[:, 0].tolist(), data.y.tolist()
    ([0.0, 0.0, 5.0, 5.0, 5.0], [0, 0, 1, 1, 1])
    """
    sz = _labels(sizes, "sizes")
    if np.any(sz < 1):
        raise ValueError(f"sizes must be >= 1, got {sz.tolist()!r:.60}")
    mu = as_float_array(centers, "centers", ndim=2)
    k, d = mu.shape
    if sz.size != k:
        raise ValueError(f"sizes must have one entry per row of centers "
                         f"({k}), got {sz.size}")
    n = sum(int(v) for v in sz)                 # exact, no int64 wrap-around
    check_result_size(n * d, "sizes (total) times the columns of centers")
    s = as_float_array(scale, "scale", ndim=(0, 1))
    s = np.broadcast_to(s, (k,)) if s.ndim == 0 else s
    if s.shape != (k,):
        raise ValueError(f"scale must be a scalar or have shape ({k},) to "
                         f"match centers, got {s.shape}")
    if np.any(s < 0) or np.any(s > 1e300):
        raise ValueError(f"scale must lie in [0, 1e300], got {s.tolist()}")
    rng = check_rng(rng)
    y = np.repeat(np.arange(k), sz)                          # (n,)
    z = rng.standard_normal((n, d))                          # (n, d)
    with np.errstate(over="ignore", invalid="ignore"):
        x = mu[y] + s[y, None] * z
    if not np.all(np.isfinite(x)):
        raise ValueError("centers and scale are outside the supported "
                         "range: the points overflow float64")
    return LabelledData(x=x, y=y)


def uniform_ball(n_samples: int, dim: int = 2, *, radius: float = 1.0,
                 rng: np.random.Generator) -> np.ndarray:
    r"""Points drawn uniformly from a ball: data with no clusters at all.

    .. math::

        x = R\, U^{1/d}\, rac{g}{\lVert g 
Vert_2},\qquad
        U \sim \mathcal U[0, 1],\quad g \sim \mathcal N(0, I_d)

    The direction :math:`g/\lVert g\rVert` is uniform on the sphere, and
    :math:`P(\lVert x\rVert \le r) = (r/R)^d` is the volume fraction of
    the smaller ball, so the density is constant on the ball.

    Parameters
    ----------
    n_samples : int
    dim : int, default 2
    radius : float, default 1.0
        :math:`R > 0` (at most 1e300).
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (n_samples, dim)

    Examples
    --------
    >>> x = uniform_ball(1000, 3, radius=2.0, rng=np.random.default_rng(0))
    >>> x.shape, bool(np.all(np.linalg.norm(x, axis=1) <= 2.0))
    ((1000, 3), True)
    """
    n = check_positive_int(n_samples, "n_samples")
    d = check_positive_int(dim, "dim")
    check_result_size(n * d, "n_samples * dim")
    r = check_finite_scalar(radius, "radius", positive=True)
    if r > 1e300:
        raise ValueError(f"radius must be at most 1e300, got {radius!r}")
    rng = check_rng(rng)
    g = rng.standard_normal((n, d))                          # (n, d)
    norms = np.linalg.norm(g, axis=1)                        # (n,)
    while np.any(norms == 0):              # probability zero, but be safe
        bad = norms == 0
        g[bad] = rng.standard_normal((int(bad.sum()), d))
        norms = np.linalg.norm(g, axis=1)
    u = rng.uniform(size=n) ** (1.0 / d)                     # (n,)
    return (r * u / norms)[:, None] * g


# -------------------------------------------------------------- k-means
def _sq_dist(xs: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Squared distances from explicit differences (no cancellation).

    The formula of :func:`execmath.tensors.pairwise_sq_distances_direct`,
    inlined because Lloyd's loop calls it on already validated, scaled
    arrays (entries below 1, so no square can overflow).
    """
    with np.errstate(under="ignore"):
        diff = xs[:, None, :] - c[None, :, :]                 # (n, k, d)
        return np.einsum("ikd,ikd->ik", diff, diff)           # (n, k)


def _assign(d2: np.ndarray, old: np.ndarray | None) -> np.ndarray:
    """Nearest centre; ties go to the smallest index, and a point keeps
    its current centre unless another one is strictly closer (so that
    labels change only when the WCSS strictly decreases: no cycling)."""
    new = np.argmin(d2, axis=1)                               # (n,)
    if old is None:
        return new
    rows = np.arange(d2.shape[0])
    keep = d2[rows, old] <= d2[rows, new]
    return np.where(keep, old, new)


def _cost(d2: np.ndarray, labels: np.ndarray) -> float:
    return float(np.sum(d2[np.arange(d2.shape[0]), labels]))


def _update(xs: np.ndarray, labels: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Means of the clusters; an empty cluster's centre moves to a point.

    The empty clusters, in increasing index order, take the points that
    are farthest from the (new) centre of their own cluster, farthest
    first, ties to the smallest point index. This is deterministic, and it
    cannot raise the WCSS: the moved centre serves no point at the moment
    it moves, and at the next assignment its new point costs zero.
    """
    k, d = c.shape
    counts = np.bincount(labels, minlength=k)                  # (k,)
    sums = np.column_stack([np.bincount(labels, weights=xs[:, j],
                                        minlength=k)
                            for j in range(d)])                # (k, d)
    new = c.copy()
    full = counts > 0
    new[full] = sums[full] / counts[full, None]
    empty = np.flatnonzero(~full)
    if empty.size:
        diff = xs - new[labels]                                # (n, d)
        far = np.sum(diff * diff, axis=1)                      # (n,)
        order = np.argsort(-far, kind="stable")
        new[empty] = xs[order[: empty.size]]
    return new


def _lloyd_scaled(xs: np.ndarray, c0: np.ndarray, max_iter: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, bool]:
    """Lloyd's iterations on scaled data; WCSS trace after each assignment."""
    c = c0.copy()
    d2 = _sq_dist(xs, c)                                       # (n, k)
    labels = _assign(d2, None)
    trace = [_cost(d2, labels)]
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        c = _update(xs, labels, c)                             # (k, d)
        d2 = _sq_dist(xs, c)
        new = _assign(d2, labels)
        trace.append(_cost(d2, new))
        if np.array_equal(new, labels):
            converged = True
            break
        labels = new
    return c, labels, np.array(trace), it, converged


def _kpp_scaled(xs: np.ndarray, k: int, rng: np.random.Generator,
                start: np.ndarray | None, xname: str) -> np.ndarray:
    """k-means++ on scaled data, optionally continuing from ``start``."""
    n, d = xs.shape
    if start is None or start.shape[0] == 0:
        first = int(rng.integers(n))
        chosen = [xs[first]]
        closest = _sq_dist(xs, xs[first][None, :])[:, 0]        # (n,)
    else:
        chosen = list(start)
        closest = np.min(_sq_dist(xs, start), axis=1)           # (n,)
    while len(chosen) < k:
        cum = np.cumsum(closest)                                # (n,)
        total = cum[-1]
        if not total > 0:
            raise ValueError(
                f"{xname} has too few points away from the chosen centres "
                f"to seed {k} clusters (all remaining squared distances "
                "are zero at float64 resolution)")
        idx = int(np.searchsorted(cum, rng.random() * total, side="right"))
        idx = min(idx, n - 1)
        chosen.append(xs[idx])
        closest = np.minimum(closest, _sq_dist(xs, xs[idx][None, :])[:, 0])
    return np.array(chosen)                                     # (k, d)


def _scale_pair(x: np.ndarray, c: np.ndarray | None
                ) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Scale data and centres by one common power of two (exact)."""
    m = float(np.max(np.abs(x)))
    if c is not None and c.size:
        m = max(m, float(np.max(np.abs(c))))
    e = math.frexp(m)[1] if m > 0 else 0
    with np.errstate(under="ignore"):
        xs = np.ldexp(x, -e)
        cs = None if c is None else np.ldexp(c, -e)
    return xs, cs, e


def kmeans_plus_plus(x, n_clusters: int, *, rng: np.random.Generator,
                     centers=None) -> np.ndarray:
    r"""k-means++ seeding: centres drawn with probability :math:`\propto D^2`.

    The first centre is a data point drawn uniformly; each further centre
    is a data point drawn with probability

    .. math::

        P(x_i) = \frac{D(x_i)^2}{\sum_{l} D(x_l)^2},\qquad
        D(x) = \min_{c \in \text{chosen}} \lVert x - c \rVert_2 ,

    so far-away points are favoured and a point already chosen (D = 0)
    never is. Arthur and Vassilvitskii (2007) prove
    :math:`\mathbb E[\mathrm{WCSS}] \le 8(\ln k + 2)\,
    \mathrm{WCSS}_{\mathrm{opt}}` for the seeds alone.

    Parameters
    ----------
    x : array_like, shape (n, d)
    n_clusters : int
        Total number of centres :math:`k`, at most the number of distinct
        rows of ``x``.
    rng : numpy.random.Generator
    centers : array_like, shape (m, d), optional
        Centres already chosen (``m < k``); the seeding continues from
        them (used to warm-start k + 1 clusters from a k-cluster solution).

    Returns
    -------
    numpy.ndarray, shape (n_clusters, d)

    Examples
    --------
    >>> x = [[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]]
    >>> c = kmeans_plus_plus(x, 2, rng=np.random.default_rng(0))
    >>> sorted(c[:, 0].tolist())
    [0.0, 10.0]
    """
    x = _data(x)
    rng = check_rng(rng)
    c0 = None
    if centers is not None:
        c0 = as_float_array(centers, "centers", ndim=2)
        if c0.shape[1] != x.shape[1]:
            raise ValueError(f"centers must have {x.shape[1]} columns to "
                             f"match x, got shape {c0.shape}")
    xs, cs, e = _scale_pair(x, c0)
    k = _check_k(n_clusters, xs)
    if cs is not None and cs.shape[0] >= k:
        raise ValueError(f"centers must have fewer than n_clusters={k} "
                         f"rows, got shape {cs.shape}")
    check_result_size(xs.shape[0] * xs.shape[1], "x")
    out = _kpp_scaled(xs, k, rng, cs, "x" if cs is None else "x and centers")
    return np.ldexp(out, e)


def _kmeans_result(xs, e, runs, xname):
    """Best run (first among ties) as a KMeansResult in original units."""
    finals = np.array([r[2][-1] for r in runs])
    b = int(np.argmin(finals))
    c, labels, trace, it, conv = runs[b]
    trace = _unscale_sq(trace, e, xname)
    return KMeansResult(
        centers=np.ldexp(c, e), labels=labels, wcss=float(trace[-1]),
        trace=trace, n_iter=int(it), converged=bool(conv),
        restart_wcss=_unscale_sq(finals, e, xname))


def lloyd(x, centers, *, max_iter: int = 300) -> KMeansResult:
    r"""Lloyd's algorithm for k-means from given initial centres.

    Alternate the two steps that each minimise the WCSS over one block of
    variables with the other fixed:

    .. math::

        c(i) \leftarrow \operatorname*{arg\,min}_j \lVert x_i - \mu_j\rVert^2,
        \qquad
        \mu_j \leftarrow \frac{1}{|C_j|}\sum_{i \in C_j} x_i ,

    so the WCSS after each assignment, recorded in ``trace``, never
    increases (up to rounding). It stops when no label changes, or after
    ``max_iter`` updates.

    Ties and empty clusters are handled deterministically. A point keeps
    its current centre unless another is strictly closer (first
    assignment: the smallest index wins), so labels change only when the
    WCSS strictly drops and the iteration cannot cycle. A centre left
    without points is moved to the point farthest from its own cluster's
    mean (several empty clusters take the farthest points in turn), which
    cannot increase the WCSS either.

    Parameters
    ----------
    x : array_like, shape (n, d)
    centers : array_like, shape (k, d)
        Initial centres, 1 <= k <= n.
    max_iter : int, default 300
        Maximum number of update steps (1 to 100,000).

    Returns
    -------
    KMeansResult
        ``restart_wcss`` holds the one final WCSS.

    Examples
    --------
    >>> x = [[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0]]
    >>> res = lloyd(x, [[0.0, 0.0], [10.0, 0.0]])
    >>> res.centers.tolist(), res.labels.tolist(), res.trace.tolist()
    ([[0.0, 1.0], [10.0, 1.0]], [0, 0, 1, 1], [8.0, 4.0])
    >>> lloyd(x, [[0.0, 0.0], [0.0, 2.0]]).wcss    # a worse fixed point
    100.0
    """
    x = _data(x)
    c0 = as_float_array(centers, "centers", ndim=2)
    if c0.shape[1] != x.shape[1]:
        raise ValueError(f"centers must have {x.shape[1]} columns to match "
                         f"x, got shape {c0.shape}")
    if c0.shape[0] > x.shape[0]:
        raise ValueError(f"centers must have at most as many rows as x "
                         f"({x.shape[0]}), got shape {c0.shape}")
    it = check_positive_int(max_iter, "max_iter", maximum=MAX_ITER)
    check_result_size(x.shape[0] * c0.shape[0] * x.shape[1],
                      "x rows times centers")
    xs, cs, e = _scale_pair(x, c0)
    run = _lloyd_scaled(xs, cs, it)
    return _kmeans_result(xs, e, [run], "x and centers")


def kmeans(x, n_clusters: int, *, rng: np.random.Generator, n_init: int = 10,
           max_iter: int = 300, init: str = "k-means++") -> KMeansResult:
    r"""k-means: several seeded runs of Lloyd's algorithm, best one kept.

    .. math::

        \min_{c,\ \mu}\ \mathrm{WCSS} = \sum_{i=1}^{n}
        \lVert x_i - \mu_{c(i)} \rVert_2^2

    Lloyd's algorithm (:func:`lloyd`) only finds a fixed point that
    depends on the seeds, so ``n_init`` runs are made from independent
    seeds and the run with the smallest final WCSS is returned (the first
    one among exact ties). Empty clusters are handled as in :func:`lloyd`.

    Parameters
    ----------
    x : array_like, shape (n, d)
    n_clusters : int
        :math:`k`, at most the number of distinct rows of ``x``.
    rng : numpy.random.Generator
    n_init : int, default 10
        Number of restarts (1 to 1000).
    max_iter : int, default 300
        Maximum number of update steps per run.
    init : {"k-means++", "random"}
        Seeding: :func:`kmeans_plus_plus`, or k distinct data points drawn
        uniformly without replacement (Forgy's method).

    Returns
    -------
    KMeansResult

    Examples
    --------
    >>> x = [[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0]]
    >>> res = kmeans(x, 2, rng=np.random.default_rng(1), n_init=3)
    >>> sorted(res.centers.tolist()), res.wcss
    ([[0.0, 1.0], [10.0, 1.0]], 4.0)
    """
    x = _data(x)
    rng = check_rng(rng)
    n_init = check_positive_int(n_init, "n_init", maximum=MAX_RESTARTS)
    it = check_positive_int(max_iter, "max_iter", maximum=MAX_ITER)
    init = check_choice(init, "init", {"k-means++", "random"})
    xs, _, e = _scale_pair(x, None)
    k = _check_k(n_clusters, xs)
    check_result_size(xs.shape[0] * k * xs.shape[1], "x rows times n_clusters")
    runs = [_lloyd_scaled(xs, _seed(xs, k, rng, init), it)
            for _ in range(n_init)]
    return _kmeans_result(xs, e, runs, "x")


def _seed(xs: np.ndarray, k: int, rng: np.random.Generator, init: str
          ) -> np.ndarray:
    if init == "random":
        return xs[rng.choice(xs.shape[0], size=k, replace=False)].copy()
    return _kpp_scaled(xs, k, rng, None, "x")


def elbow_study(x, ks, *, rng: np.random.Generator, n_init: int = 10,
                max_iter: int = 300) -> ElbowStudy:
    r"""Best WCSS against the number of clusters, monotone by construction.

    For every :math:`k` in ``ks``, ``n_init`` k-means++ restarts are run
    (``cold_wcss``) plus one run warm-started from the best solution found
    for the previous :math:`k` with the missing centres added by
    k-means++ (``warm_wcss``; for the first :math:`k` it is one more
    k-means++ run). ``wcss`` is the best of them.

    The warm start makes ``wcss`` non-increasing in :math:`k` (up to
    rounding): adding a centre to the previous best centres cannot raise
    any point's distance to its nearest centre, and Lloyd's iterations
    never raise the WCSS. Independent restarts alone do not guarantee
    this, because each run only finds a fixed point, not the minimum.

    Parameters
    ----------
    x : array_like, shape (n, d)
    ks : array_like of int
        Strictly increasing numbers of clusters, each at most the number
        of distinct rows of ``x``.
    rng : numpy.random.Generator
    n_init : int, default 10
        Cold restarts per :math:`k` (1 to 1000).
    max_iter : int, default 300

    Returns
    -------
    ElbowStudy

    Examples
    --------
    >>> x = [[0.0], [1.0], [10.0], [11.0], [30.0]]
    >>> st = elbow_study(x, [1, 2, 3], rng=np.random.default_rng(0))
    >>> st.wcss.round(9).tolist()
    [581.2, 101.0, 1.0]
    >>> sorted(set(st.cold_wcss[1].tolist()))     # a worse fixed point too
    [101.0, 254.5]
    """
    x = _data(x)
    rng = check_rng(rng)
    n_init = check_positive_int(n_init, "n_init", maximum=MAX_RESTARTS)
    it = check_positive_int(max_iter, "max_iter", maximum=MAX_ITER)
    ks = check_increasing_sizes(ks, "ks", x.shape[0], "len(x)")
    xs, _, e = _scale_pair(x, None)
    _check_k(int(ks[-1]), xs, name="ks")
    check_result_size(xs.shape[0] * int(ks[-1]) * xs.shape[1],
                      "x rows times max(ks)")
    best, cold, warm = [], [], []
    prev = None
    for k in ks:
        k = int(k)
        runs = [_lloyd_scaled(xs, _kpp_scaled(xs, k, rng, None, "x"), it)
                for _ in range(n_init)]
        start = _kpp_scaled(xs, k, rng, prev, "x")
        warm_run = _lloyd_scaled(xs, start, it)
        finals = [r[2][-1] for r in runs]
        cold.append(finals)
        warm.append(warm_run[2][-1])
        all_runs = runs + [warm_run]
        b = int(np.argmin([r[2][-1] for r in all_runs]))
        best.append(all_runs[b][2][-1])
        prev = all_runs[b][0]                             # best centres
    return ElbowStudy(ks=ks, wcss=_unscale_sq(np.array(best), e, "x"),
                      cold_wcss=_unscale_sq(np.array(cold), e, "x"),
                      warm_wcss=_unscale_sq(np.array(warm), e, "x"))


def within_cluster_ss(x, labels, centers=None) -> float:
    r"""Within-cluster sum of squares of a partition.

    .. math::

        \mathrm{WCSS} = \sum_{i=1}^{n} \lVert x_i - \mu_{c(i)} \rVert_2^2,

    with :math:`\mu_j` the mean of cluster :math:`j` (default) or the
    given centres (then ``labels`` index their rows).

    Parameters
    ----------
    x : array_like, shape (n, d)
    labels : array_like of int, shape (n,)
    centers : array_like, shape (k, d), optional

    Examples
    --------
    >>> within_cluster_ss([[0.0], [2.0], [10.0]], [0, 0, 1])
    2.0
    >>> within_cluster_ss([[0.0], [2.0], [10.0]], [0, 0, 1], [[0.0], [9.0]])
    5.0
    """
    x = _data(x)
    lab = _labels(labels, "labels")
    if lab.size != x.shape[0]:
        raise ValueError(f"labels must have one entry per row of x "
                         f"({x.shape[0]}), got {lab.size}")
    if centers is None:
        xs, _, e = _scale_pair(x, None)
        codes, k = _codes(lab)
        c = _update(xs, codes, np.zeros((k, xs.shape[1])))
    else:
        c0 = as_float_array(centers, "centers", ndim=2)
        if c0.shape[1] != x.shape[1]:
            raise ValueError(f"centers must have {x.shape[1]} columns to "
                             f"match x, got shape {c0.shape}")
        if lab.min() < 0 or lab.max() >= c0.shape[0]:
            raise ValueError(f"labels must index the rows of centers "
                             f"[0, {c0.shape[0]}), got values from "
                             f"{lab.min()} to {lab.max()}")
        xs, c, e = _scale_pair(x, c0)
        codes = lab
    diff = xs - c[codes]                                       # (n, d)
    with np.errstate(under="ignore"):
        ss = float(np.sum(diff * diff))
    return float(_unscale_sq(ss, e, "x" if centers is None
                             else "x and centers"))


# --------------------------------------------------------- PCA helpers
def _check_pca(result: Any) -> spectral.PCAResult:
    if not isinstance(result, spectral.PCAResult):
        raise InputTypeError(f"result must be an execmath.spectral.PCAResult "
                             f"(from spectral.pca), got "
                             f"{type(result).__name__}")
    return result


def pca_transform(result: spectral.PCAResult, x) -> np.ndarray:
    r"""Scores of (new) points on fitted principal axes.

    .. math::

        z = V_k^\top (x - \bar x_{\mathrm{fit}})

    with the mean and the axes of the *fitted* data: projecting a test set
    with its own mean would leak information about it into the features.

    Parameters
    ----------
    result : spectral.PCAResult
        From :func:`execmath.spectral.pca`.
    x : array_like, shape (m, d)

    Returns
    -------
    numpy.ndarray, shape (m, k)

    Examples
    --------
    >>> fit = spectral.pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]])
    >>> pca_transform(fit, [[5.0, 1.0]]).round(12).tolist()
    [[3.0, 1.0]]
    """
    res = _check_pca(result)
    x = _data(x)
    if x.shape[1] != res.components.shape[1]:
        raise ValueError(f"x must have {res.components.shape[1]} columns to "
                         f"match the fitted axes, got shape {x.shape}")
    m = max(float(np.max(np.abs(x))), float(np.max(np.abs(res.mean))))
    e = math.frexp(m)[1] if m > 0 else 0
    with np.errstate(under="ignore"):
        z = (np.ldexp(x, -e) - np.ldexp(res.mean, -e)) @ res.components.T
    with np.errstate(over="ignore"):
        out = np.ldexp(z, e)                                   # (m, k)
    if not np.all(np.isfinite(out)):
        raise ValueError("x is outside the supported range: its scores "
                         "overflow float64")
    return out


def pca_reconstruct(result: spectral.PCAResult, scores) -> np.ndarray:
    r"""Points rebuilt from their scores on the fitted axes.

    .. math::

        \hat x = \bar x_{\mathrm{fit}} + V_k z

    With all components this inverts :func:`pca_transform`; with
    :math:`k` components it is the orthogonal projection onto the affine
    :math:`k`-dimensional principal subspace.

    Parameters
    ----------
    result : spectral.PCAResult
    scores : array_like, shape (m, k)

    Returns
    -------
    numpy.ndarray, shape (m, d)

    Examples
    --------
    >>> fit = spectral.pca([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]],
    ...                    n_components=1)
    >>> pca_reconstruct(fit, [[3.0]]).round(12).tolist()
    [[5.0, 0.0]]
    """
    res = _check_pca(result)
    z = as_float_array(scores, "scores", ndim=2)
    k = res.components.shape[0]
    if z.shape[1] != k:
        raise ValueError(f"scores must have {k} columns (one per fitted "
                         f"component), got shape {z.shape}")
    m = max(float(np.max(np.abs(z))), float(np.max(np.abs(res.mean))))
    e = math.frexp(m)[1] if m > 0 else 0
    with np.errstate(under="ignore", over="ignore"):
        xs = np.ldexp(res.mean, -e) + np.ldexp(z, -e) @ res.components
        out = np.ldexp(xs, e)                                  # (m, d)
    if not np.all(np.isfinite(out)):
        raise ValueError("scores are outside the supported range: the "
                         "reconstruction overflows float64")
    return out


# ------------------------------------------------------ spectral methods
def bandwidth_heuristic(x, *, method: str = "knn", n_neighbors: int = 7
                        ) -> float:
    r"""A kernel bandwidth :math:`\sigma` read off the data (a heuristic).

    * ``"median"``: the median of all pairwise distances
      :math:`\lVert x_i - x_j \rVert`, :math:`i < j` (the "median
      heuristic"); it measures the size of the whole cloud.
    * ``"knn"``: the median over points of the distance to their
      ``n_neighbors``-th nearest neighbour; it measures the *local*
      spacing, which is what a graph of neighbours needs.

    Neither is a theorem: both are rules of thumb, and the right scale
    depends on the structure one wants the graph to see.

    Parameters
    ----------
    x : array_like, shape (n, d), n >= 2
    method : {"knn", "median"}
    n_neighbors : int, default 7
        For ``"knn"``: 1 <= n_neighbors < n.

    Returns
    -------
    float, > 0

    Examples
    --------
    >>> x = [[0.0], [1.0], [2.0], [10.0]]
    >>> bandwidth_heuristic(x, method="median")
    5.0
    >>> bandwidth_heuristic(x, method="knn", n_neighbors=1)
    1.0
    """
    x = _data(x)
    method = check_choice(method, "method", {"knn", "median"})
    n = x.shape[0]
    if n < 2:
        raise ValueError(f"x must have at least 2 rows, got {x.shape}")
    check_result_size(n * n * x.shape[1], "x rows squared times columns")
    xs, _, e = _scale_pair(x, None)
    d = np.sqrt(_sq_dist(xs, xs))                              # (n, n)
    if method == "median":
        sigma = float(np.median(d[np.triu_indices(n, 1)]))
    else:
        m = check_positive_int(n_neighbors, "n_neighbors", maximum=n - 1)
        np.fill_diagonal(d, np.inf)
        kth = np.partition(d, m - 1, axis=1)[:, m - 1]         # (n,)
        sigma = float(np.median(kth))
    if not sigma > 0:
        raise ValueError(f"x gives a zero bandwidth with method={method!r}: "
                         "too many coincident points")
    with np.errstate(over="ignore"):
        out = float(np.ldexp(sigma, e))
    if not np.isfinite(out):
        raise ValueError("x is outside the supported range: its distances "
                         "overflow float64")
    return out


def gaussian_affinity(x, bandwidth: float) -> np.ndarray:
    r"""Gaussian-kernel affinity matrix with a zero diagonal.

    .. math::

        W_{ij} = \exp\!\Big(-\frac{\lVert x_i - x_j\rVert_2^2}
        {2\sigma^2}\Big)\ (i \ne j), \qquad W_{ii} = 0

    Parameters
    ----------
    x : array_like, shape (n, d), n >= 2
    bandwidth : float
        :math:`\sigma > 0`, in the units of ``x``.

    Returns
    -------
    numpy.ndarray, shape (n, n), symmetric, entries in [0, 1]

    Examples
    --------
    >>> w = gaussian_affinity([[0.0], [1.0], [3.0]], 1.0)
    >>> w.round(6)
    array([[0.      , 0.606531, 0.011109],
           [0.606531, 0.      , 0.135335],
           [0.011109, 0.135335, 0.      ]])
    """
    x = _data(x)
    sigma = check_finite_scalar(bandwidth, "bandwidth", positive=True)
    n = x.shape[0]
    if n < 2:
        raise ValueError(f"x must have at least 2 rows, got {x.shape}")
    check_result_size(n * n * x.shape[1], "x rows squared times columns")
    xs, _, e = _scale_pair(x, None)
    with np.errstate(all="ignore"):
        # r_ij = ||x_i - x_j|| / sigma, formed on the common scale 2**-e;
        # an over- or underflowing sigma just saturates W at 1 or 0.
        s = np.ldexp(sigma, -e)
        r = np.sqrt(_sq_dist(xs, xs)) / s                      # (n, n)
        w = np.exp(-0.5 * r * r)
    np.fill_diagonal(w, 0.0)
    return 0.5 * (w + w.T)                                     # exact symmetry


def normalized_laplacian(w) -> np.ndarray:
    r"""Symmetric normalised graph Laplacian.

    .. math::

        L_{\mathrm{sym}} = I - D^{-1/2} W D^{-1/2},\qquad
        D = \operatorname{diag}(d_i),\quad d_i = \sum_{j \ne i} W_{ij}

    Self-loops (the diagonal of ``w``) are ignored, as in
    ``scipy.sparse.csgraph.laplacian(w, normed=True)``. The result does not
    change when ``w`` is multiplied by a positive constant.

    Parameters
    ----------
    w : array_like, shape (n, n)
        Symmetric, non-negative affinities; every vertex needs a positive
        degree.

    Returns
    -------
    numpy.ndarray, shape (n, n), symmetric positive semi-definite with
    eigenvalues in [0, 2].

    Examples
    --------
    >>> normalized_laplacian([[0.0, 1.0], [1.0, 0.0]]).round(12).tolist()
    [[1.0, -1.0], [-1.0, 1.0]]
    """
    ws = _check_symmetric_affinity(w)
    return _laplacian_scaled(ws, "w")


def _laplacian_scaled(ws: np.ndarray, name: str) -> np.ndarray:
    deg = np.sum(ws, axis=1)                                   # (n,)
    if np.any(deg <= 0):
        i = int(np.flatnonzero(deg <= 0)[0])
        raise ValueError(f"{name} has an isolated vertex (row {i} has zero "
                         "degree): the normalised Laplacian is undefined")
    inv = 1.0 / np.sqrt(deg)                                   # (n,)
    with np.errstate(under="ignore"):
        lap = -(inv[:, None] * ws * inv[None, :])              # (n, n)
    lap[np.diag_indices_from(lap)] += 1.0
    return 0.5 * (lap + lap.T)


def _fix_signs(v: np.ndarray) -> np.ndarray:
    """Eigenvectors have no sign: make each column's largest entry > 0."""
    big = np.argmax(np.abs(v), axis=0)
    s = np.sign(v[big, np.arange(v.shape[1])])
    s[s == 0] = 1.0
    return v * s


def _embedding_scaled(ws: np.ndarray, k: int, m: int, name: str
                      ) -> SpectralEmbedding:
    lap = _laplacian_scaled(ws, name)
    lam, vec = scipy.linalg.eigh(lap, subset_by_index=[0, m - 1])
    vec = _fix_signs(vec[:, :k])                               # (n, k)
    norms = np.linalg.norm(vec, axis=1)                        # (n,)
    # A zero row (possible only when the graph falls apart into more than
    # k pieces) stays zero instead of becoming 0/0.
    safe = np.where(norms > 0, norms, 1.0)
    return SpectralEmbedding(eigenvalues=np.clip(lam, 0.0, 2.0),
                             eigenvectors=vec,
                             embedding=vec / safe[:, None])


def spectral_embedding(w, n_components: int, *, n_eigenvalues: int | None
                       = None) -> SpectralEmbedding:
    r"""Ng-Jordan-Weiss embedding: rows of the bottom eigenvectors of L_sym.

    With :math:`U = [u_1, \dots, u_k]` the orthonormal eigenvectors of
    :math:`L_{\mathrm{sym}}` for its :math:`k` smallest eigenvalues, the
    embedding of point :math:`i` is the :math:`i`-th row of :math:`U`
    scaled to unit length,

    .. math::

        y_i = \frac{U_{i,:}}{\lVert U_{i,:} \rVert_2} \in \mathbb R^k .

    Eigenvectors are computed with ``scipy.linalg.eigh`` restricted to
    the smallest eigenvalues; each column's sign is fixed so that its
    largest-magnitude entry is positive.

    Parameters
    ----------
    w : array_like, shape (n, n)
        Affinities (see :func:`normalized_laplacian`).
    n_components : int
        :math:`k`, 1 <= k <= n.
    n_eigenvalues : int, optional
        How many of the smallest eigenvalues to return (at least
        ``n_components``, at most n), e.g. to look for an eigengap.

    Returns
    -------
    SpectralEmbedding

    Examples
    --------
    >>> w = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]
    >>> emb = spectral_embedding(w, 2, n_eigenvalues=3)
    >>> emb.eigenvalues.round(12).tolist()
    [0.0, 0.0, 2.0]
    >>> bool(np.allclose(np.abs(emb.embedding @ emb.embedding.T),
    ...                  [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1],
    ...                   [0, 0, 1, 1]]))
    True
    """
    ws = _check_symmetric_affinity(w)
    n = ws.shape[0]
    k = check_positive_int(n_components, "n_components", maximum=n)
    m = k if n_eigenvalues is None else check_positive_int(
        n_eigenvalues, "n_eigenvalues", maximum=n)
    return _embedding_scaled(ws, k, max(k, m), "w")


def eigengap_k(eigenvalues, k_max: int | None = None) -> int:
    r"""The number of clusters suggested by the largest eigengap (heuristic).

    .. math::

        \hat k = \operatorname*{arg\,max}_{1 \le k \le k_{\max}}
        (\lambda_{k+1} - \lambda_k)

    for Laplacian eigenvalues :math:`\lambda_1 \le \lambda_2 \le \dots`.
    If the graph had exactly :math:`k` connected components,
    :math:`\lambda_1 = \dots = \lambda_k = 0 < \lambda_{k+1}`; for nearly
    separated clusters the gap is a hint, not a guarantee.

    Parameters
    ----------
    eigenvalues : array_like, shape (m,), non-decreasing, m >= 2
    k_max : int, optional
        Largest :math:`k` considered (default ``m - 1``).

    Examples
    --------
    >>> eigengap_k([0.0, 0.01, 0.02, 0.6, 0.7])
    3
    """
    lam = as_float_array(eigenvalues, "eigenvalues", ndim=1)
    if lam.size < 2:
        raise ValueError(f"eigenvalues must have at least 2 entries, got "
                         f"shape {lam.shape}")
    ls, _ = pow2_scale(lam)                     # gaps cannot overflow
    gaps = np.diff(ls)                                         # (m - 1,)
    if np.any(gaps < 0):
        raise ValueError("eigenvalues must be sorted in non-decreasing "
                         "order")
    top = lam.size - 1 if k_max is None else check_positive_int(
        k_max, "k_max", maximum=lam.size - 1)
    return int(np.argmax(gaps[:top])) + 1


def normalized_cut(w, labels) -> float:
    r"""Normalised cut of a partition of a weighted graph.

    .. math::

        \mathrm{NCut}(A_1, \dots, A_k) = \sum_{j=1}^{k}
        \frac{W(A_j, \bar A_j)}{\mathrm{vol}(A_j)},\qquad
        W(A, B) = \sum_{i \in A,\, l \in B} W_{il},\quad
        \mathrm{vol}(A) = \sum_{i \in A} d_i

    For two parts this is the criterion of Shi and Malik (2000). The
    cut weights are summed directly (not as volume minus association),
    so a tiny cut keeps its relative accuracy. Self-loops are ignored.

    Parameters
    ----------
    w : array_like, shape (n, n)
        Symmetric, non-negative affinities.
    labels : array_like of int, shape (n,)
        Any integer labels; every part needs a positive volume.

    Examples
    --------
    >>> w = [[0, 1, 0.1, 0], [1, 0, 0, 0], [0.1, 0, 0, 1], [0, 0, 1, 0]]
    >>> round(normalized_cut(w, [0, 0, 1, 1]), 12)
    0.095238095238
    """
    ws = _check_symmetric_affinity(w)
    lab = _labels(labels, "labels")
    n = ws.shape[0]
    if lab.size != n:
        raise ValueError(f"labels must have one entry per row of w ({n}), "
                         f"got {lab.size}")
    codes, k = _codes(lab)
    check_result_size(n * k, "w rows times the number of labels")
    h = np.zeros((n, k))
    h[np.arange(n), codes] = 1.0                               # (n, k)
    with np.errstate(under="ignore"):
        m = h.T @ ws @ h                                       # (k, k)
    vol = m.sum(axis=1)                                        # (k,)
    if np.any(vol <= 0):
        raise ValueError("labels have a part of zero volume (no edges of w "
                         "touch it): its normalised cut is undefined")
    cut = np.array([m[j, np.arange(k) != j].sum() for j in range(k)])
    return float(np.sum(cut / vol))


def spectral_clustering(x, n_clusters: int, *, rng: np.random.Generator,
                        bandwidth: float | None = None, n_neighbors: int = 7,
                        n_init: int = 10, n_eigenvalues: int = 10
                        ) -> SpectralClusteringResult:
    r"""Spectral clustering (Ng, Jordan and Weiss 2002).

    1. Affinity :math:`W_{ij} = \exp(-\lVert x_i - x_j\rVert^2/2\sigma^2)`
       (:func:`gaussian_affinity`); without ``bandwidth``, :math:`\sigma`
       is the ``"knn"`` heuristic of :func:`bandwidth_heuristic`.
    2. :math:`L_{\mathrm{sym}} = I - D^{-1/2} W D^{-1/2}`.
    3. The eigenvectors of its :math:`k` smallest eigenvalues, rows scaled
       to unit length (:func:`spectral_embedding`).
    4. :func:`kmeans` on those rows; point :math:`i` gets the label of row
       :math:`i`.

    It computes a relaxed minimiser of the normalised cut, rounded back
    to a partition by k-means; it is not guaranteed to minimise the cut.

    Parameters
    ----------
    x : array_like, shape (n, d)
    n_clusters : int
    rng : numpy.random.Generator
        For the k-means seeding in the embedding.
    bandwidth : float, optional
        :math:`\sigma > 0` in the units of ``x``.
    n_neighbors : int, default 7
        For the bandwidth heuristic when ``bandwidth`` is None.
    n_init : int, default 10
        k-means restarts in the embedding.
    n_eigenvalues : int, default 10
        Smallest Laplacian eigenvalues to report (clipped to ``[k, n]``).

    Returns
    -------
    SpectralClusteringResult

    Examples
    --------
    >>> x = [[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [5.1, 5.0]]
    >>> res = spectral_clustering(x, 2, rng=np.random.default_rng(0),
    ...                           bandwidth=1.0)
    >>> adjusted_rand_index(res.labels, [0, 0, 0, 1, 1])
    1.0
    """
    x = _data(x)
    rng = check_rng(rng)
    n = x.shape[0]
    if n < 2:
        raise ValueError(f"x must have at least 2 rows, got {x.shape}")
    k = check_positive_int(n_clusters, "n_clusters", maximum=n)
    n_init = check_positive_int(n_init, "n_init", maximum=MAX_RESTARTS)
    m = check_positive_int(n_eigenvalues, "n_eigenvalues", maximum=MAX_ITER)
    if bandwidth is None:
        sigma = bandwidth_heuristic(x, method="knn", n_neighbors=n_neighbors)
    else:
        sigma = check_finite_scalar(bandwidth, "bandwidth", positive=True)
    w = gaussian_affinity(x, sigma)                            # (n, n)
    if np.any(np.sum(w, axis=1) <= 0):
        raise ValueError(
            f"bandwidth={sigma:.3g} is too small for x: some point has zero "
            "affinity to every other point (an isolated vertex)")
    ws, _ = pow2_scale(w)
    emb = _embedding_scaled(ws, k, min(max(k, m), n), "w")
    km = kmeans(emb.embedding, k, rng=rng, n_init=n_init)
    return SpectralClusteringResult(labels=km.labels, bandwidth=float(sigma),
                                    eigenvalues=emb.eigenvalues,
                                    embedding=emb.embedding, kmeans=km)


# ---------------------------------------------------- comparing partitions
def _pair_counts(labels_true: Any, labels_pred: Any
                 ) -> tuple[int, int, int, int]:
    """Exact pair counts.

    Returns (sum C(n_ij, 2), sum C(a_i, 2), sum C(b_j, 2), C(n, 2)).
    """
    a = _labels(labels_true, "labels_true")
    b = _labels(labels_pred, "labels_pred")
    if a.size != b.size:
        raise ValueError(f"labels_true and labels_pred must have the same "
                         f"length, got {a.size} and {b.size}")
    n = a.size
    if n < 2:
        raise ValueError(f"labels_true and labels_pred need at least 2 "
                         f"points to form a pair, got {n}")
    ca, ka = _codes(a)
    cb, _ = _codes(b)
    # the contingency table's non-zero cells only: memory O(n), not O(k^2)
    _, nij = np.unique(ca.astype(np.int64) * (int(cb.max()) + 1) + cb,
                       return_counts=True)

    def pairs(counts: np.ndarray) -> int:
        c = counts.astype(object)                 # exact Python integers
        return int(np.sum(c * (c - 1) // 2)) if c.size else 0

    return (pairs(nij), pairs(np.bincount(ca)), pairs(np.bincount(cb)),
            n * (n - 1) // 2)


def rand_index(labels_true, labels_pred) -> float:
    r"""Rand index: the share of point pairs on which two partitions agree.

    .. math::

        \mathrm{RI} = \frac{\#\{\text{pairs together in both}\}
        + \#\{\text{pairs apart in both}\}}{\binom n2}

    Permutation invariant (only co-membership matters), but not corrected
    for chance: two unrelated random partitions usually score well above
    0. See :func:`adjusted_rand_index`.

    Examples
    --------
    >>> rand_index([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> rand_index([0, 0, 1, 1], [0, 1, 0, 1])
    0.3333333333333333
    """
    s_ij, s_a, s_b, total = _pair_counts(labels_true, labels_pred)
    agree = total + 2 * s_ij - s_a - s_b          # together + apart in both
    return float(Fraction(agree, total))


def adjusted_rand_index(labels_true, labels_pred) -> float:
    r"""Adjusted Rand index of Hubert and Arabie (1985).

    With the contingency table :math:`n_{ij}` (points in class :math:`i`
    of the first and cluster :math:`j` of the second partition), row sums
    :math:`a_i`, column sums :math:`b_j`:

    .. math::

        \mathrm{ARI} = \frac{\sum_{ij}\binom{n_{ij}}2 - E}
        {\tfrac12\big[\sum_i\binom{a_i}2 + \sum_j\binom{b_j}2\big] - E},
        \qquad
        E = \frac{\sum_i\binom{a_i}2\sum_j\binom{b_j}2}{\binom n2}.

    It is 1 for identical partitions (up to renaming), has expectation 0
    when one labelling is a random permutation of the other's labels with
    the cluster sizes fixed, and can be negative. The counts are exact
    integers and the ratio is formed as a fraction, so the only rounding
    is the final conversion to float. When the denominator vanishes (both
    partitions trivial: one cluster each, or all singletons each) the
    partitions are identical and 1.0 is returned.

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], [5, 5, 3, 3])
    1.0
    >>> adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1])
    -0.5
    """
    s_ij, s_a, s_b, total = _pair_counts(labels_true, labels_pred)
    expected = Fraction(s_a * s_b, total)
    maximum = Fraction(s_a + s_b, 2)
    if maximum == expected:
        return 1.0
    return float((s_ij - expected) / (maximum - expected))
