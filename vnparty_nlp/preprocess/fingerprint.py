"""Near-duplicate fingerprints: 64-bit SimHash over word shingles.

Why SimHash and not a library: a 64-bit SimHash of 3-word shingles is about
twenty lines, has no dependency, and its fingerprint is one integer that fits
in a JSONL record or a database column; ``datasketch`` MinHash would add a
dependency and 128 integers per article for a corpus of thousands. Near
duplicates differ in a few bits: the same story syndicated with another
agency mark, byline or a cut last sentence stays within 3 bits of 64; two
different stories differ in about 32.

Text is compared after Unicode normalisation, casefolding and tone-mark
placement, so "Huyện ủy" and "Huyện uỷ" give the same shingles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["NEAR_DUPLICATE_BITS", "hamming", "shingles", "simhash"]

NEAR_DUPLICATE_BITS = 3  # at most this many differing bits of 64: the same text, lightly edited
_WORD = re.compile(r"\w+")
_BITS = 64


def _words(text: str) -> list[str]:
    from vnparty_nlp.preprocess.normalize import normalize

    return _WORD.findall(normalize(unicodedata.normalize("NFC", text)).casefold())


def shingles(text: str, size: int = 3) -> list[str]:
    """The overlapping runs of ``size`` words (one run for a shorter text).

    >>> shingles("Chi bộ thôn 3 họp")
    ['chi bộ thôn', 'bộ thôn 3', 'thôn 3 họp']
    """
    words = _words(text)
    if len(words) <= size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def _hash64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str | Iterable[str]) -> int:
    """The 64-bit SimHash of a text (or of paragraphs, read as one text); 0 for a text without words.

    >>> a = simhash("Đảng ủy xã Nam Bình kết nạp 12 đảng viên mới, nâng tổng số lên 214 đồng chí trong năm 2023.")
    >>> b = simhash("Đảng uỷ xã Nam Bình kết nạp 12 đảng viên mới, nâng tổng số lên 214 đồng chí trong năm 2023")
    >>> hamming(a, b)
    0
    """
    if not isinstance(text, str):
        text = "\n".join(text)
    weights = [0] * _BITS
    grams = shingles(text)
    if not grams:
        return 0
    for gram in grams:
        h = _hash64(gram)
        for bit in range(_BITS):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    return sum(1 << bit for bit in range(_BITS) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    """The number of bits in which two fingerprints differ.

    >>> hamming(0b1011, 0b0001)
    2
    """
    return bin(a ^ b).count("1")
