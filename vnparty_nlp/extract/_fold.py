"""A folded view of a text for matching, with a map back to the original offsets.

Extractors match word lists against a *folded* copy of the text: NFC, one tone-mark
placement ("Huyện ủy" and "Huyện uỷ" are one key), look-alike Đ fixed, lower-case.
Offsets they report must still slice the caller's original string, so the fold keeps
a table from each folded character to its position in the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from vnparty_nlp.preprocess.normalize import place_tone

__all__ = ["Folded", "fold"]

_TOKEN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+|.", re.DOTALL)
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


# Longer texts are folded each time, so the cache stays small: at most 64 texts of 5,000 characters
# (a folded text costs about 40 bytes a character: its key and the offsets).
_CACHED_CHARS = 5_000

@dataclass(frozen=True)
class Folded:
    """``key`` is the folded text; ``pos[i]`` is where ``key[i]`` starts in ``text``."""

    text: str
    key: str
    pos: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded range ``key[start:end]``."""
        return self.pos[start], self.pos[end]

    def key_index(self, offset: int) -> int:
        """The first folded index whose original offset is at least ``offset`` (``len(key)`` if none).

        A binary search (``pos`` never decreases): a scan per match was quadratic on long texts.

        >>> fold("Chi bộ thôn 3").key_index(4)
        4
        """
        return min(bisect_left(self.pos, offset), len(self.key))


def _fold_word(word: str) -> str:
    if len(word) < 12:  # a syllable-sized word (most): folded once, then remembered
        return _fold_word_cached(word)
    return _fold_any_word(word)


def _fold_any_word(word: str) -> str:
    nfc = unicodedata.normalize("NFC", word.translate(_LOOKALIKES))
    return place_tone(nfc).lower() if len(nfc) < 12 else nfc.lower()


# At most 16,384 words of under 12 characters: a few megabytes at most.
_fold_word_cached = lru_cache(maxsize=16384)(_fold_any_word)


def fold(text: str) -> Folded:
    """Fold ``text``; every folded character maps back to an original offset.

    >>> f = fold("Huyện ủy Đắk Song")
    >>> f.key
    'huyện uỷ đắk song'
    >>> s, e = f.span(9, 17); f.text[s:e]
    'Đắk Song'

    Cached: the four extractors fold the same paragraph, and names and words again and again
    (1,243 folds for the 30 seed paragraphs). Only texts of up to 5,000 characters are kept, so the
    cache holds a few megabytes at most.
    """
    if len(text) <= _CACHED_CHARS:
        return _fold_cached(text)
    return _fold(text)


def fold_key(text: str) -> str:
    """``text`` folded (case, tone-mark placement, look-alike letters) with its spaces collapsed:
    the key under which two spellings of one name or unit are the same.

    >>> fold_key("Huyện  ủy Đắk Song") == fold_key("huyện uỷ đắk song")
    True
    """
    return " ".join(fold(text).key.split())


@lru_cache(maxsize=64)
def _fold_cached(text: str) -> Folded:
    return _fold(text)


def _fold(text: str) -> Folded:
    if text.isascii():
        low = text.lower()
        return Folded(text, low, tuple(range(len(text) + 1)))
    key: list[str] = []
    pos: list[int] = []
    for match in _TOKEN.finditer(text):
        token, start = match.group(0), match.start()
        folded = _fold_word(token) if len(token) > 1 or token.isalpha() else token.lower()
        if len(folded) != len(token) and len(token) == 1:
            folded = token  # a character whose lower-case is longer (e.g. "İ")
        key.append(folded)
        if len(folded) == len(token):
            pos.extend(range(start, start + len(token)))
        else:
            # NFD input or a casing that changes length: inner positions map to the
            # word's start, so spans still begin and end on word boundaries.
            pos.extend([start] * len(folded))
    pos.append(len(text))
    return Folded(text, "".join(key), tuple(pos))
