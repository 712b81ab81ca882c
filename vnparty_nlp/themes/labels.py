"""Theme names: the four shipped themes in their fixed order, and the checks of any model's names.

A model trained on its own label file (``vnparty-nlp train --labels my.jsonl``)
has its own themes: the loaded bundle's ``labels`` (and the compiled
classifier's ``labels``) say which; :data:`LABELS` stays the four shipped names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["LABELS", "MAX_LABEL_LENGTH", "check_label_names", "check_labels"]

LABELS: tuple[str, ...] = ("ideology", "personnel", "cell_quality", "economics")
MAX_LABEL_LENGTH = 64
# Letters (any script), digits, "_", "-" and "."; starting with a letter or digit. No spaces, commas
# or quotes: a name must survive CSV columns, command-line options and file names unchanged.
_NAME = re.compile(r"[^\W_][\w.-]*")


def check_label_names(names: Sequence[object], where: str = "") -> tuple[str, ...]:
    """Validate a model's theme names: non-empty, unique, NFC, ``[letter/digit][letters, digits, _ . -]*``.

    >>> check_label_names(["kinh_tế", "an-ninh"])
    ('kinh_tế', 'an-ninh')
    >>> check_label_names(["a b"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: theme name 'a b' is not allowed: use letters, digits, ...
    """
    place = f"{where}: " if where else ""
    if isinstance(names, str) or not len(names):
        raise ValueError(f"{place}a model needs at least one theme name, got {names!r}")
    out = []
    for name in names:
        if not isinstance(name, str):
            raise ValueError(f"{place}theme names must be str, got {type(name).__name__} {name!r}")
        if not name:
            raise ValueError(f"{place}a theme name is empty")
        if len(name) > MAX_LABEL_LENGTH:
            raise ValueError(f"{place}theme name {name[:20]!r}... is longer than {MAX_LABEL_LENGTH} characters")
        if unicodedata.normalize("NFC", name) != name or not _NAME.fullmatch(name):
            raise ValueError(f"{place}theme name {name!r} is not allowed: use letters, digits, '_', '-' or '.', "
                             "starting with a letter or digit (e.g. 'an_ninh')")
        out.append(name)
    repeated = sorted({n for n in out if out.count(n) > 1})
    if repeated:
        raise ValueError(f"{place}theme names repeat: {', '.join(repeated)}")
    return tuple(out)


def check_labels(labels: Iterable[str], where: str = "", themes: Sequence[str] = LABELS) -> tuple[str, ...]:
    """Validate a paragraph's theme names against ``themes`` and return them in that order.

    >>> check_labels(["economics", "ideology"])
    ('ideology', 'economics')
    """
    given = list(labels)
    unknown = [label for label in given if label not in themes]
    if unknown:
        place = f"{where}: " if where else ""
        raise ValueError(f"{place}unknown theme {unknown[0]!r}; themes are {', '.join(themes)}")
    return tuple(label for label in themes if label in given)
