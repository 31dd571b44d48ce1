r"""Mini projects on real data: image patches, rank rules and seed studies.

The projects of the closing part reuse the book's machinery (PCA from
:mod:`execmath.spectral`, logistic regression and calibration from
:mod:`execmath.classify` and :mod:`execmath.calibration`, splits from
:mod:`execmath.learning`, log-loss from :mod:`execmath.info`). This module
adds only what the projects need on top of it:

* loading a photograph that ships with matplotlib, with checks on what was
  read (:func:`load_sample_grey`, :func:`to_grey`);
* cutting an image into non-overlapping patches and putting it back
  (:func:`extract_patches`, :func:`reassemble_patches`);
* choosing a PCA rank *without* the clean image: the Marchenko-Pastur
  noise edge and the Gavish-Donoho optimal hard threshold
  (:func:`gavish_donoho_lambda`, :func:`select_rank`);
* the denoising experiment (:func:`pca_denoise`, :func:`denoising_study`);
* a labelled task built from the photograph (:func:`brightness_task`);
* the spread of a validation score over seeds, with the uncertainty of the
  spread itself (:func:`spread_summary`, :func:`seed_study`).

The module never imports matplotlib at import time: only
:func:`load_sample_grey` imports it, inside the function, to locate and
decode the sample file (matplotlib is the package that ships it).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from execmath import classify, info, learning, spectral
from execmath._validate import (
    InputTypeError,
    as_float_array,
    check_choice,
    check_finite_scalar,
    check_positive_int,
    check_rng,
)

__all__ = [
    "DenoisingStudy",
    "PatchTask",
    "RankChoice",
    "SeedStudy",
    "Spread",
    "brightness_task",
    "denoising_study",
    "extract_patches",
    "gavish_donoho_lambda",
    "load_sample_grey",
    "pca_denoise",
    "reassemble_patches",
    "seed_study",
    "select_rank",
    "spread_summary",
    "to_grey",
]

#: ITU-R BT.601 luma weights: the usual grey conversion of an RGB image.
_LUMA = np.array([0.299, 0.587, 0.114])

#: Largest noise level the studies accept: pixels live in [0, 1], so a
#: standard deviation of 10 already drowns any image a million times over.
_MAX_SIGMA = 10.0


class RankChoice(NamedTuple):
    """A rank chosen by a threshold on singular values."""

    k: int
    threshold: float
    rule: str


class DenoisingStudy(NamedTuple):
    """PCA denoising of one noisy image at every rank ``k = 0..r``."""

    noisy: np.ndarray
    ks: np.ndarray
    mse: np.ndarray
    noisy_mse: float
    singular_values: np.ndarray
    k_oracle: int
    k_mp: int
    k_gd: int
    sigma: float
    n_patches: int
    patch_dim: int


class PatchTask(NamedTuple):
    """A binary task built from image patches: noisy pixels -> label."""

    X: np.ndarray
    y: np.ndarray
    threshold: float


class Spread(NamedTuple):
    """Mean and standard deviation of a sample, each with its standard error."""

    mean: float
    sd: float
    se_mean: float
    se_sd: float
    n: int


class SeedStudy(NamedTuple):
    """Validation log-loss of one model refitted under many seeds."""

    seeds: np.ndarray
    losses: np.ndarray
    spread: Spread
    n_train: int


# --------------------------------------------------------------------------
# loading and checking images
# --------------------------------------------------------------------------


def to_grey(image: Any) -> np.ndarray:
    r"""Convert an image array to grey levels in :math:`[0, 1]`, checking it.

    .. math::

        g = 0.299\,R + 0.587\,G + 0.114\,B

    (ITU-R BT.601 luma). ``uint8`` images are divided by 255; float images
    must already lie in :math:`[0, 1]`. An alpha channel is dropped.

    Parameters
    ----------
    image : array_like, shape (h, w) or (h, w, 3) or (h, w, 4)
        Integer (``uint8``) or float pixel values.

    Returns
    -------
    numpy.ndarray, shape (h, w)
        Float64 grey levels in :math:`[0, 1]`.

    Raises
    ------
    ValueError
        On a wrong shape, a dtype other than uint8/float, or values outside
        the range of the dtype's convention.

    Examples
    --------
    >>> to_grey(np.array([[[255, 255, 255], [0, 0, 0]]], dtype=np.uint8))
    array([[1., 0.]])
    """
    if isinstance(image, (str, bytes)) or image is None:
        raise InputTypeError(f"image must be an array of pixels, got "
                             f"{type(image).__name__}")
    try:
        arr = np.asarray(image)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"image must be a rectangular array of pixels, "
                             f"got {type(image).__name__}") from exc
    kind = arr.dtype.kind
    if kind not in "uif":
        raise InputTypeError(f"image must hold uint8 or float pixels, got "
                             f"dtype {arr.dtype} of shape {arr.shape}")
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise ValueError(f"image must have shape (h, w), (h, w, 3) or "
                         f"(h, w, 4), got {arr.shape}")
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"image must not be empty, got shape {arr.shape}")
    if kind in "ui":
        if arr.dtype != np.uint8 and (arr.min() < 0 or arr.max() > 255):
            raise ValueError(f"image has integer pixels outside [0, 255]: "
                             f"range [{arr.min()}, {arr.max()}]")
        arr = arr.astype(np.float64) / 255.0
    else:
        arr = as_float_array(arr, "image", ndim=(2, 3))
        lo, hi = float(arr.min()), float(arr.max())
        if lo < 0.0 or hi > 1.0:
            raise ValueError(f"image has float pixels outside [0, 1]: "
                             f"range [{lo:.3g}, {hi:.3g}]")
    if arr.ndim == 3:
        arr = arr[:, :, :3] @ _LUMA                          # (h, w)
    return np.clip(arr, 0.0, 1.0)        # luma weights sum to 1 (+- ulp)


def _block_mean(image: np.ndarray, factor: int) -> np.ndarray:
    """Average ``factor x factor`` blocks (the remainder rows are cropped)."""
    h, w = (image.shape[0] // factor) * factor, (image.shape[1] // factor) * factor
    blocks = image[:h, :w].reshape(h // factor, factor, w // factor, factor)
    return blocks.mean(axis=(1, 3))                          # (h/f, w/f)


def load_sample_grey(name: str = "grace_hopper.jpg", *,
                     downsample: int = 1) -> np.ndarray:
    r"""Load a sample image shipped with matplotlib, as grey levels in [0, 1].

    Nothing is downloaded: the file lives in matplotlib's ``sample_data``
    folder. What was read is checked (:func:`to_grey`): a 2-D or RGB(A)
    array, uint8 or float, in range.

    Parameters
    ----------
    name : str, default ``"grace_hopper.jpg"``
        File name inside matplotlib's sample data.
    downsample : int, default 1
        Average ``downsample x downsample`` blocks (cropping a remainder),
        which shrinks the image and its noise.

    Returns
    -------
    numpy.ndarray, shape (h, w)

    Raises
    ------
    ValueError
        If the file does not exist in the sample data, cannot be decoded,
        or fails the checks of :func:`to_grey`.

    Examples
    --------
    >>> g = load_sample_grey(downsample=4)
    >>> g.shape, g.dtype.name, bool(0.0 <= g.min() and g.max() <= 1.0)
    ((150, 128), 'float64', True)
    """
    if not isinstance(name, str):
        raise InputTypeError(f"name must be a file name (str), got "
                             f"{type(name).__name__}")
    if not name or Path(name).name != name:
        raise ValueError(f"name must be a plain file name in matplotlib's "
                         f"sample data, got {name!r}")
    downsample = check_positive_int(downsample, "downsample", maximum=64)
    from matplotlib import cbook, image as mimage   # I/O only, not compute

    try:
        path = Path(cbook.get_sample_data(name, asfileobj=False))
    except (FileNotFoundError, OSError) as exc:
        raise ValueError(f"name {name!r} is not in matplotlib's sample data "
                         f"(is matplotlib fully installed?)") from exc
    if not path.is_file():
        raise ValueError(f"name {name!r} is not in matplotlib's sample data: "
                         f"{path} does not exist")
    try:
        raw = mimage.imread(path)
    except Exception as exc:  # noqa: BLE001 - any decoder failure
        raise ValueError(f"name {name!r} could not be read as an image: "
                         f"{type(exc).__name__}") from exc
    grey = to_grey(raw)                                      # (h, w)
    if min(grey.shape) < downsample:
        raise ValueError(f"downsample={downsample} is larger than the image "
                         f"{grey.shape}")
    return _block_mean(grey, downsample) if downsample > 1 else grey


# --------------------------------------------------------------------------
# patches
# --------------------------------------------------------------------------


def _grey_image(image: Any, name: str) -> np.ndarray:
    arr = as_float_array(image, name, ndim=2)
    lo, hi = float(arr.min()), float(arr.max())
    if lo < 0.0 or hi > 1.0:
        raise ValueError(f"{name} must hold grey levels in [0, 1], got range "
                         f"[{lo:.3g}, {hi:.3g}]")
    return arr


def _check_grid(shape: tuple[int, ...], size: int, name: str) -> None:
    h, w = shape
    if h % size or w % size:
        raise ValueError(f"{name} of shape {shape} is not tiled by "
                         f"{size}x{size} patches (crop it to a multiple)")


def extract_patches(image: Any, size: int) -> np.ndarray:
    r"""Cut an image into non-overlapping ``size x size`` patches, as rows.

    Patch :math:`(a, b)` holds pixels
    :math:`[a s, (a+1)s) \times [b s, (b+1)s)`; it is flattened row by row
    and stored as row :math:`a\,(w/s) + b` of the result.

    Parameters
    ----------
    image : array_like, shape (h, w)
        Both sides must be multiples of ``size``.
    size : int

    Returns
    -------
    numpy.ndarray, shape (h w / s^2, s^2)

    Examples
    --------
    >>> extract_patches(np.arange(16.0).reshape(4, 4), 2)[1].tolist()
    [2.0, 3.0, 6.0, 7.0]
    """
    img = as_float_array(image, "image", ndim=2)
    size = check_positive_int(size, "size", maximum=min(img.shape))
    _check_grid(img.shape, size, "image")
    h, w = img.shape
    blocks = img.reshape(h // size, size, w // size, size)   # (a, i, b, j)
    return blocks.transpose(0, 2, 1, 3).reshape(-1, size * size)


def reassemble_patches(patches: Any, image_shape: Any) -> np.ndarray:
    r"""Inverse of :func:`extract_patches`: put the patches back in place.

    Parameters
    ----------
    patches : array_like, shape (n, s^2)
    image_shape : (h, w)
        With :math:`n = h w / s^2`.

    Returns
    -------
    numpy.ndarray, shape (h, w)

    Examples
    --------
    >>> x = np.arange(24.0).reshape(4, 6)
    >>> np.array_equal(reassemble_patches(extract_patches(x, 2), x.shape), x)
    True
    """
    P = as_float_array(patches, "patches", ndim=2)
    if not isinstance(image_shape, (tuple, list)) or len(image_shape) != 2:
        raise ValueError(f"image_shape must be a pair (h, w), got "
                         f"{image_shape!r:.60}")
    h = check_positive_int(image_shape[0], "image_shape")
    w = check_positive_int(image_shape[1], "image_shape")
    n, p = P.shape
    size = math.isqrt(p)
    if size * size != p:
        raise ValueError(f"patches must have s*s columns, got shape {P.shape}")
    _check_grid((h, w), size, "image_shape")
    if n != (h // size) * (w // size):
        raise ValueError(f"patches has {n} rows but image_shape {(h, w)} "
                         f"needs {(h // size) * (w // size)}")
    blocks = P.reshape(h // size, w // size, size, size)     # (a, b, i, j)
    return blocks.transpose(0, 2, 1, 3).reshape(h, w)


# --------------------------------------------------------------------------
# rank rules
# --------------------------------------------------------------------------


def gavish_donoho_lambda(beta: float) -> float:
    r"""Gavish-Donoho optimal hard-threshold coefficient for known noise.

    .. math::

        \lambda^*(\beta) = \sqrt{2(\beta + 1) +
        \frac{8\beta}{\beta + 1 + \sqrt{\beta^2 + 14\beta + 1}}}

    For an :math:`n \times p` matrix (:math:`\beta = p/n \le 1`) with
    white noise of level :math:`\sigma`, keeping the singular values above
    :math:`\lambda^*(\beta)\sqrt n\,\sigma` minimises the asymptotic mean
    squared error among hard thresholds (Gavish & Donoho 2014).

    Parameters
    ----------
    beta : float
        Aspect ratio in :math:`(0, 1]`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(gavish_donoho_lambda(1.0), 6), round(4 / math.sqrt(3), 6)
    (2.309401, 2.309401)
    """
    beta = check_finite_scalar(beta, "beta", positive=True)
    if beta > 1.0:
        raise ValueError(f"beta must be in (0, 1] (transpose the matrix), "
                         f"got {beta!r}")
    inner = beta + 1.0 + math.sqrt(beta * beta + 14.0 * beta + 1.0)
    return math.sqrt(2.0 * (beta + 1.0) + 8.0 * beta / inner)


def select_rank(singular_values: Any, sigma: float, n_samples: int, *,
                rule: str = "gd") -> RankChoice:
    r"""Choose a PCA rank from the singular values and the noise level.

    With :math:`n` samples of dimension :math:`p` (:math:`\beta = p/n`) and
    white noise of standard deviation :math:`\sigma`, keep the singular
    values above

    .. math::

        \tau_{\mathrm{mp}} = \sigma(\sqrt n + \sqrt p)
        \qquad\text{or}\qquad
        \tau_{\mathrm{gd}} = \lambda^*(\beta)\,\sqrt n\,\sigma .

    ``"mp"`` is the upper edge of the Marchenko-Pastur law (the largest
    singular value pure noise reaches), i.e. covariance eigenvalues above
    :math:`\sigma^2(1+\sqrt{\beta})^2`; ``"gd"`` is the Gavish-Donoho
    optimal hard threshold (:func:`gavish_donoho_lambda`).

    Parameters
    ----------
    singular_values : array_like, shape (r,)
        Of the (centred) n x p data matrix, r = min(n, p) of them.
    sigma : float
        Noise standard deviation, > 0.
    n_samples : int
        Number of rows n (>= r).
    rule : {"gd", "mp"}

    Returns
    -------
    RankChoice

    Examples
    --------
    >>> select_rank([50.0, 30.0, 12.0, 9.0], 1.0, 100, rule="mp")
    RankChoice(k=2, threshold=12.0, rule='mp')
    """
    s = as_float_array(singular_values, "singular_values", ndim=1)
    if np.any(s < 0):
        raise ValueError("singular_values must be >= 0, got minimum "
                         f"{float(s.min())!r}")
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    n = check_positive_int(n_samples, "n_samples", minimum=s.size)
    rule = check_choice(rule, "rule", ("gd", "mp"))
    p = s.size
    if rule == "mp":
        tau = sigma * (math.sqrt(n) + math.sqrt(p))
    else:
        tau = gavish_donoho_lambda(p / n) * math.sqrt(n) * sigma
    if not math.isfinite(tau):
        raise ValueError(f"sigma={sigma!r} is outside the supported range")
    return RankChoice(k=int(np.count_nonzero(s > tau)), threshold=tau,
                      rule=rule)


# --------------------------------------------------------------------------
# denoising
# --------------------------------------------------------------------------


def _check_sigma(sigma: Any) -> float:
    sigma = check_finite_scalar(sigma, "sigma", positive=True)
    if sigma > _MAX_SIGMA:
        raise ValueError(f"sigma must be <= {_MAX_SIGMA} for grey levels in "
                         f"[0, 1], got {sigma!r}")
    return sigma


def pca_denoise(noisy: Any, k: int, *, size: int = 8) -> np.ndarray:
    r"""Denoise an image by projecting its patches on k principal axes.

    .. math::

        \hat x_i = \bar x + V_k V_k^\top (x_i - \bar x)

    for every patch :math:`x_i` (a row of :func:`extract_patches`), with
    :math:`V_k` the leading principal axes of the noisy patches
    (:func:`execmath.spectral.pca`).

    Parameters
    ----------
    noisy : array_like, shape (h, w)
    k : int
        Rank, ``0 <= k <= size**2`` (0 keeps only the mean patch).
    size : int, default 8

    Returns
    -------
    numpy.ndarray, shape (h, w)

    Examples
    --------
    >>> x = np.outer(np.linspace(0, 1, 8), np.ones(8))
    >>> np.allclose(pca_denoise(x, 4, size=2), x)
    True
    """
    img = as_float_array(noisy, "noisy", ndim=2)
    if float(np.max(np.abs(img))) > 1e100:
        raise ValueError(f"noisy has pixels of magnitude up to "
                         f"{float(np.max(np.abs(img))):.3g}; grey levels "
                         f"beyond 1e100 are outside the supported range")
    size = check_positive_int(size, "size", maximum=min(img.shape))
    _check_grid(img.shape, size, "noisy")
    X = extract_patches(img, size)                            # (n, p)
    if X.shape[0] < 2:
        raise ValueError(f"noisy must hold at least 2 patches of size {size}, "
                         f"got shape {img.shape}")
    k = check_positive_int(k, "k", minimum=0, maximum=min(X.shape))
    res = spectral.pca(X)
    Xh = res.mean + res.scores[:, :k] @ res.components[:k]     # (n, p)
    return reassemble_patches(Xh, img.shape)


def denoising_study(clean: Any, sigma: float, *, size: int = 8,
                    rng: np.random.Generator) -> DenoisingStudy:
    r"""Add noise to an image and denoise it by patch PCA at every rank.

    The noisy image is :math:`y = x + \sigma z`, :math:`z` standard
    normal. For each :math:`k = 0, \dots, r` the rank-``k`` reconstruction
    :math:`\hat x_k` (:func:`pca_denoise`) is scored against the clean
    image,

    .. math::

        \mathrm{MSE}(k) = \frac{1}{hw}\lVert \hat x_k - x\rVert_F^2 ,

    which only an oracle can compute; ``k_mp`` and ``k_gd`` are what the
    rules of :func:`select_rank` choose from the noisy data and
    :math:`\sigma` alone.

    Parameters
    ----------
    clean : array_like, shape (h, w)
        Grey levels in [0, 1], sides multiples of ``size``.
    sigma : float
        Noise level, ``0 < sigma <= 10``.
    size : int, default 8
    rng : numpy.random.Generator

    Returns
    -------
    DenoisingStudy

    Examples
    --------
    >>> x = np.outer(np.linspace(0, 1, 32), np.linspace(0, 1, 32))
    >>> st = denoising_study(x, 0.1, size=4, rng=np.random.default_rng(0))
    >>> bool(st.mse[st.k_oracle] < st.noisy_mse), st.mse.shape
    (True, (17,))
    """
    x = _grey_image(clean, "clean")
    sigma = _check_sigma(sigma)
    size = check_positive_int(size, "size", maximum=min(x.shape))
    _check_grid(x.shape, size, "clean")
    rng = check_rng(rng)
    noisy = x + sigma * rng.standard_normal(x.shape)          # (h, w)
    X = extract_patches(noisy, size)                          # (n, p)
    C = extract_patches(x, size)                              # (n, p)
    n, p = X.shape
    if n < 2:
        raise ValueError(f"clean must hold at least 2 patches of size "
                         f"{size}, got shape {x.shape}")
    res = spectral.pca(X)
    d0 = res.mean - C                                         # (n, p), k = 0
    # The k-term error is d0 + sum_i s_i c_i^T; the c_i are orthonormal, so
    # ||.||^2 = ||d0||^2 + sum_i (2 s_i^T d0 c_i + ||s_i||^2): O(r n p) once.
    cross = np.sum((res.scores.T @ d0) * res.components, axis=1)   # (r,)
    sq = np.sum(res.scores ** 2, axis=0)                          # (r,)
    total = np.concatenate([[np.sum(d0 ** 2)],
                            np.sum(d0 ** 2) + np.cumsum(2 * cross + sq)])
    mse = np.maximum(total, 0.0) / (n * p)                        # (r + 1,)
    s = res.singular_values
    return DenoisingStudy(
        noisy=noisy, ks=np.arange(mse.size), mse=mse,
        noisy_mse=float(np.mean((noisy - x) ** 2)),
        singular_values=s, k_oracle=int(np.argmin(mse)),
        k_mp=select_rank(s, sigma, n, rule="mp").k,
        k_gd=select_rank(s, sigma, n, rule="gd").k,
        sigma=sigma, n_patches=n, patch_dim=p)


# --------------------------------------------------------------------------
# a labelled task from the photograph, and seed studies
# --------------------------------------------------------------------------


def brightness_task(clean: Any, sigma: float, *, size: int = 4,
                    rng: np.random.Generator) -> PatchTask:
    r"""Bright or dark patch? A binary task built from a grey image.

    Each non-overlapping patch of the clean image gets the label

    .. math::

        y_i = \mathbb 1\{\bar x_i > \operatorname{median}_j \bar x_j\},

    (balanced by construction), and the features are its pixels with
    Gaussian noise of level ``sigma`` added: the label is a fact about the
    clean image that the classifier must infer from noisy evidence.

    Parameters
    ----------
    clean : array_like, shape (h, w)
        Grey levels in [0, 1].
    sigma : float
        Feature noise, ``0 < sigma <= 10``.
    size : int, default 4
    rng : numpy.random.Generator

    Returns
    -------
    PatchTask
        ``X`` of shape (n, size**2), ``y`` in {0, 1}, and the median.

    Examples
    --------
    >>> x = np.outer(np.linspace(0, 1, 8), np.ones(8))
    >>> t = brightness_task(x, 0.1, size=2, rng=np.random.default_rng(0))
    >>> t.X.shape, int(t.y.sum())
    ((16, 4), 8)
    """
    x = _grey_image(clean, "clean")
    sigma = _check_sigma(sigma)
    size = check_positive_int(size, "size", maximum=min(x.shape))
    _check_grid(x.shape, size, "clean")
    rng = check_rng(rng)
    C = extract_patches(x, size)                              # (n, p)
    means = C.mean(axis=1)                                    # (n,)
    thr = float(np.median(means))
    y = (means > thr).astype(np.float64)
    if y.min() == y.max():
        raise ValueError("clean has too little contrast: all patches fall on "
                         "one side of the median brightness")
    X = C + sigma * rng.standard_normal(C.shape)              # (n, p)
    return PatchTask(X=X, y=y, threshold=thr)


def spread_summary(values: Any) -> Spread:
    r"""Mean and standard deviation of a sample, with standard errors.

    .. math::

        \bar v,\quad s = \Big(\tfrac{1}{n-1}\sum_i (v_i-\bar v)^2\Big)^{1/2},
        \quad \mathrm{se}(\bar v) = \frac{s}{\sqrt n},\quad
        \mathrm{se}(s) \approx \frac{s}{\sqrt{2(n-1)}} .

    The last formula is exact to first order for normal samples; for
    heavy-tailed ones it is optimistic (use a bootstrap).

    Parameters
    ----------
    values : array_like, shape (n,)
        n >= 2 finite values.

    Returns
    -------
    Spread

    Examples
    --------
    >>> s = spread_summary([1.0, 2.0, 3.0, 4.0, 5.0])
    >>> round(s.mean, 6), round(s.sd ** 2, 6), round(s.se_sd, 6)
    (3.0, 2.5, 0.559017)
    """
    v = as_float_array(values, "values", ndim=1)
    n = v.size
    if n < 2:
        raise ValueError(f"values must hold at least 2 entries, got {n}")
    scale = float(np.max(np.abs(v)))
    if scale == 0.0:
        return Spread(0.0, 0.0, 0.0, 0.0, n)
    vs = v / scale                                 # no overflow in squares
    m = float(np.mean(vs))
    sd = float(np.sqrt(np.sum((vs - m) ** 2) / (n - 1)))
    m, sd = m * scale, sd * scale
    return Spread(mean=m, sd=sd, se_mean=sd / math.sqrt(n),
                  se_sd=sd / math.sqrt(2.0 * (n - 1)), n=n)


def _seeds(seeds: Any) -> np.ndarray:
    if isinstance(seeds, (str, bytes)) or seeds is None:
        raise InputTypeError(f"seeds must be a sequence of integers, got "
                             f"{type(seeds).__name__}")
    try:
        arr = np.asarray(seeds)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"seeds must be a flat sequence of integers, "
                             f"got {type(seeds).__name__}") from exc
    if arr.dtype.kind not in "iu":
        raise InputTypeError(f"seeds must hold integers, got dtype "
                             f"{arr.dtype}")
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"seeds must be 1-D with at least 2 entries, got "
                         f"shape {arr.shape}")
    if arr.size > 10_000:
        raise ValueError(f"seeds has {arr.size} entries, more than 10,000")
    if np.any(arr < 0):
        raise ValueError(f"seeds must be >= 0, got {int(arr.min())}")
    if np.unique(arr).size != arr.size:
        raise ValueError("seeds must be distinct (a repeated seed repeats a "
                         "run and understates the spread)")
    return arr.astype(np.int64)


def seed_study(X: Any, y: Any, seeds: Any, *, n_train: int,
               lam: float = 0.0) -> SeedStudy:
    r"""Validation log-loss of logistic regression, one run per seed.

    For seed :math:`s`, ``np.random.default_rng(s)`` draws a random split
    (:func:`execmath.learning.train_test_split_indices`) with ``n_train``
    training rows; :func:`execmath.classify.fit_logistic_newton` fits the
    model and :func:`execmath.info.log_loss_from_logits` scores the rest:

    .. math::

        L_s = -\frac{1}{\lvert V_s\rvert}\sum_{i\in V_s}
        \big[y_i\log\sigma(z_i) + (1-y_i)\log(1-\sigma(z_i))\big].

    The seeds change nothing but the split, so the spread of :math:`L_s`
    is the spread a reader would see by rerunning with another seed.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Labels in {0, 1}.
    seeds : sequence of int
        Distinct non-negative seeds, at least 2.
    n_train : int
        Training rows per run, ``d + 2 <= n_train <= n - 2``.
    lam : float, default 0.0
        Ridge penalty of the fit.

    Returns
    -------
    SeedStudy

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 2))
    >>> y = (X[:, 0] + rng.standard_normal(200) > 0).astype(float)
    >>> st = seed_study(X, y, [1, 2, 3], n_train=100)
    >>> st.losses.shape, bool(np.all(st.losses > 0))
    ((3,), True)
    """
    X = as_float_array(X, "X", ndim=2)
    n, d = X.shape
    yv = as_float_array(y, "y", ndim=1)
    if yv.size != n:
        raise ValueError(f"y must have {n} entries like X's rows, got "
                         f"{yv.size}")
    if not np.all((yv == 0) | (yv == 1)):
        raise ValueError("y must hold labels 0 and 1 only")
    seeds = _seeds(seeds)
    if n < d + 4:
        raise ValueError(f"X needs at least d + 4 = {d + 4} rows, got {n}")
    n_train = check_positive_int(n_train, "n_train", minimum=d + 2,
                                 maximum=n - 2)
    lam = check_finite_scalar(lam, "lam")
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam!r}")
    losses = np.empty(seeds.size)
    for j, seed in enumerate(seeds):
        rng = np.random.default_rng(int(seed))
        # ceil((n - n_train - 1/2)) = n - n_train exactly, whatever the
        # rounding of the fraction: every run trains on n_train rows
        frac = (n - n_train - 0.5) / n
        split = learning.train_test_split_indices(n, frac, rng=rng)
        tr, va = split.train, split.test
        if yv[tr].min() == yv[tr].max():
            raise ValueError(f"seeds: seed {int(seed)} draws a training set "
                             f"with one class; increase n_train")
        fit = classify.fit_logistic_newton(X[tr], yv[tr], lam=lam)
        z = classify.logistic_logits(fit, X[va])              # (n_va,)
        losses[j] = info.log_loss_from_logits(yv[va], z)
    if not np.all(np.isfinite(losses)):
        raise ValueError("X is outside the supported range: a validation "
                         "log-loss is not finite")
    return SeedStudy(seeds=seeds, losses=losses,
                     spread=spread_summary(losses), n_train=n_train)
