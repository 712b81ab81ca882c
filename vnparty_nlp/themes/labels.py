"""The four themes, in the fixed order used by every score vector and matrix."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["LABELS", "check_labels"]

LABELS: tuple[str, ...] = ("ideology", "personnel", "cell_quality", "economics")


def check_labels(labels: Iterable[str], where: str = "") -> tuple[str, ...]:
    """Validate theme names and return them in ``LABELS`` order.

    >>> check_labels(["economics", "ideology"])
    ('ideology', 'economics')
    """
    given = list(labels)
    unknown = [label for label in given if label not in LABELS]
    if unknown:
        place = f"{where}: " if where else ""
        raise ValueError(f"{place}unknown theme {unknown[0]!r}; themes are {', '.join(LABELS)}")
    return tuple(label for label in LABELS if label in given)
