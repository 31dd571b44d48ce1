r"""Numbers as typeset text for the book's prose.

A number the prose quotes comes from executed code through an inline
expression. These helpers turn it into text a reader expects on a page:
``3.2\times 10^{-8}`` instead of Python's ``3.2e-08``, ``1,000,000``
instead of ``1e+06``, and a Monte Carlo estimate together with its
standard error. Every function returns a ``str`` (inline math already
wrapped in ``$...$`` where it needs LaTeX), so a chapter can write
``{python} sci(err)`` with nothing else around it.

Examples
--------
>>> sci(3.2e-08)
'$3.2\\times 10^{-8}$'
>>> num(1234567)
'1,234,567'
>>> pm(0.4123, 0.0031)
'$0.412 \\pm 0.003$'
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal

__all__ = ["num", "pct", "pm", "sci"]


def _real(x, name: str) -> float:
    """``x`` as a finite float; bools, strings and complex are refused."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    try:
        out = float(x)
    except OverflowError as exc:          # a huge Python int
        raise ValueError(f"{name} is outside the float64 range") from exc
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite, got {x!r}")
    return out


def _digits(digits, name: str = "digits") -> int:
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(digits).__name__}")
    if not 1 <= digits <= 17:
        raise ValueError(f"{name} must be in [1, 17], got {digits!r}")
    return int(digits)


def _mantissa_exponent(x: float, digits: int) -> tuple[str, int]:
    """Mantissa text with ``digits`` significant digits and the exponent."""
    mant, _, exp = f"{x:.{digits - 1}e}".partition("e")
    return mant, int(exp)


def sci(x, digits: int = 2, *, math_mode: bool = True, threshold: int = 3) -> str:
    r"""Scientific notation as LaTeX: :math:`m \times 10^{k}`.

    Numbers whose decimal exponent :math:`k` has :math:`|k| <` ``threshold``
    print as plain decimals with ``digits`` significant digits; zero prints
    as ``0``; a mantissa of exactly one is dropped (``10^{-16}``).

    Parameters
    ----------
    x : real
        The number, finite.
    digits : int, default 2
        Significant digits, 1 to 17.
    math_mode : bool, default True
        Wrap the result in ``$...$``.
    threshold : int, default 3
        Smallest ``|k|`` written with a power of ten.

    Examples
    --------
    >>> sci(1.0e-16)
    '$10^{-16}$'
    >>> sci(-2.5e6, 3)
    '$-2.50\\times 10^{6}$'
    >>> sci(0.0123)
    '$0.012$'
    """
    x = _real(x, "x")
    digits = _digits(digits)
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Integral):
        raise TypeError(f"threshold must be an integer, got {type(threshold).__name__}")
    if x == 0.0:
        body = "0"
    else:
        mant, exp = _mantissa_exponent(x, digits)
        if abs(exp) < threshold:
            decimals = max(digits - 1 - exp, 0)
            body = f"{x:.{decimals}f}"
        elif abs(float(mant)) == 1.0:
            # a unit mantissa is noise on the page: 10^{-16}, not 1.0×10^{-16}
            body = f"{'-' if x < 0 else ''}10^{{{exp}}}"
        else:
            body = f"{mant}\\times 10^{{{exp}}}"
    return f"${body}$" if math_mode else body


def num(x, digits: int | None = None) -> str:
    """A number with thousands separators.

    Integers print exactly (``1,000,000``); a float prints with ``digits``
    decimals (default: as an integer when it is whole, else 3 significant
    digits).

    Examples
    --------
    >>> num(1_000_000)
    '1,000,000'
    >>> num(12345.678, 1)
    '12,345.7'
    >>> num(0.031416)
    '0.0314'
    """
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        if digits is not None:
            raise ValueError(f"digits must be None for an integer x, got {digits!r}")
        return f"{int(x):,}"
    x = _real(x, "x")
    if digits is None:
        if x.is_integer() and abs(x) < 1e15:
            return f"{int(x):,}"
        mag = math.floor(math.log10(abs(x))) if x else 0
        digits = max(2 - mag, 0)
    elif isinstance(digits, bool) or not isinstance(digits, numbers.Integral) \
            or not 0 <= digits <= 17:
        raise ValueError(f"digits must be an integer in [0, 17], got {digits!r}")
    return f"{x:,.{digits}f}"


def pct(x, digits: int = 1) -> str:
    r"""A fraction as a percentage, ``0.0312`` → ``3.1%`` (LaTeX-safe ``\%``).

    Examples
    --------
    >>> pct(0.0312)
    '3.1\\%'
    """
    x = _real(x, "x")
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) \
            or not 0 <= digits <= 17:
        raise ValueError(f"digits must be an integer in [0, 17], got {digits!r}")
    return f"{100 * x:.{digits}f}\\%"


def pm(value, error, digits: int = 1) -> str:
    r"""An estimate with its (standard) error: :math:`v \pm e`.

    The error is rounded to ``digits`` significant digits and the value to
    the same decimal place, the usual convention for reporting a Monte
    Carlo estimate with its standard error.

    Examples
    --------
    >>> pm(0.61234, 0.0049)
    '$0.612 \\pm 0.005$'
    >>> pm(132.7, 12.0, 2)
    '$133 \\pm 12$'
    >>> pm(1.5e-7, 2.0e-9)
    '$(1.50 \\pm 0.02)\\times 10^{-7}$'
    """
    value = _real(value, "value")
    error = _real(error, "error")
    digits = _digits(digits)
    if error < 0:
        raise ValueError(f"error must be >= 0, got {error!r}")
    if error == 0:
        return f"${sci(value, 6, math_mode=False)} \\pm 0$"
    err_exp = math.floor(math.log10(error))
    place = err_exp - digits + 1               # last decimal place shown
    scale_exp = math.floor(math.log10(abs(value))) if value else err_exp
    if abs(scale_exp) >= 4 or place <= -6:
        # factor out the value's power of ten so the pair stays readable
        k = scale_exp
        # Decimal scales exactly: 10.0**k underflows to 0 for k < -323
        v = float(Decimal(value).scaleb(-k))
        e = float(Decimal(error).scaleb(-k))
        decimals = max(k - place, 0)
        return f"$({v:.{decimals}f} \\pm {e:.{decimals}f})\\times 10^{{{k}}}$"
    decimals = max(-place, 0)
    return f"${value:.{decimals}f} \\pm {error:.{decimals}f}$"
