"""The input checks of the public functions, written once.

Each error says what was expected, what came instead and what to do, in the
same words everywhere (``bytes`` get the decoding hint: the commonest mistake).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

from vnparty_nlp.errors import ParameterError

__all__ = [
    "BYTES_HINT",
    "check_choice",
    "check_int",
    "check_n_jobs",
    "check_number",
    "check_str",
    "check_texts_iter",
    "positive_int_arg",
]

BYTES_HINT = " (decode bytes first, e.g. data.decode('utf-8'))"


def check_str(value: object, function: str, *, what: str = "the text", item: int | None = None) -> str:
    """``value`` when it is a str; else a ``TypeError`` naming ``function`` (and the item's position)."""
    if isinstance(value, str):
        return value
    hint = BYTES_HINT if isinstance(value, bytes | bytearray) else ""
    if item is None:
        raise TypeError(f"{function}() expects a str, got {type(value).__name__}; pass {what}{hint}")
    raise TypeError(f"{function}() expects a str for each paragraph, item {item} is {type(value).__name__}; "
                    f"pass {what}{hint}")


def check_texts_iter(texts: Iterable[str], function: str) -> Iterator[str]:
    """An iterator over ``texts``; a clear ``TypeError`` for one str, bytes, or a non-iterable."""
    if isinstance(texts, str):
        raise TypeError(f"{function}() expects an iterable of texts, not one str; use classify(text)")
    if isinstance(texts, bytes | bytearray):
        raise TypeError(f"{function}() expects an iterable of str texts, not bytes; decode first, "
                        "e.g. [data.decode('utf-8')]")
    try:
        return iter(texts)
    except TypeError:
        raise TypeError(f"{function}() expects an iterable of str texts (a list or generator of paragraphs), "
                        f"got {type(texts).__name__}") from None


def check_int(value: object, name: str, *, minimum: int = 1, owner: str = "") -> int:
    """``value`` when it is an int (not a bool) of at least ``minimum``; else a ``ParameterError``."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        where = f"{owner}: " if owner else ""
        raise ParameterError(f"{where}{name} must be an int >= {minimum}, got {value!r}")
    return value


def check_number(
    value: object, name: str, *, low: float = 0.0, high: float | None = None, owner: str = "",
    low_inclusive: bool = False,
) -> float:
    """``value`` when it is a finite real number in the range; else a ``ParameterError``."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    if ok:
        number = float(value)  # type: ignore[arg-type]
        ok = (number >= low if low_inclusive else number > low) and (high is None or number <= high)
    if not ok:
        where = f"{owner}: " if owner else ""
        bound = f"{'>=' if low_inclusive else '>'} {low}" + (f" and <= {high}" if high is not None else "")
        raise ParameterError(f"{where}{name} must be a number {bound}, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def check_choice(value: object, name: str, choices: tuple[Any, ...], *, owner: str = "") -> Any:
    if value not in choices:
        where = f"{owner}: " if owner else ""
        raise ParameterError(f"{where}{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_n_jobs(n_jobs: object) -> int:
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ParameterError(f"n_jobs must be a positive int or -1 (all cores), got {n_jobs!r}")
    return n_jobs


def positive_int_arg(value: str) -> int:
    """A command-line option's whole number of at least 1 (an ``argparse`` type).

    >>> positive_int_arg("20")
    20
    """
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number
