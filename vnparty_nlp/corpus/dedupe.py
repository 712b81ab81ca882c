"""Near-duplicate articles in a corpus: the same story syndicated by several papers.

``dedupe`` keeps the first of each group of near-duplicates and reports the
rest; ``near_duplicate_groups`` lists the groups. Both compare 64-bit SimHash
fingerprints (:mod:`vnparty_nlp.preprocess.fingerprint`); candidate pairs are
found by splitting each fingerprint into four 16-bit bands (two fingerprints
within 3 bits agree on at least one band), so a corpus is read in one pass,
not compared pair by pair.

Used by ``vnparty-nlp analyze --dedupe`` and ``benchmarks/parsing_report.py --dedupe``;
training can call ``dedupe`` on its article sources the same way (the training
code is being moved, so it is not wired in yet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from vnparty_nlp.preprocess.fingerprint import NEAR_DUPLICATE_BITS, hamming, simhash

__all__ = ["Duplicate", "FingerprintIndex", "article_body", "dedupe", "dedupe_sources", "near_duplicate_groups"]

T = TypeVar("T")
_BANDS = 4
_BAND_BITS = 64 // _BANDS


class FingerprintIndex:
    """Fingerprints seen so far, looked up by band: which earlier one is within ``max_bits``?

    >>> index = FingerprintIndex()
    >>> index.add(0b1111, "a"); index.find(0b1110), index.find(1 << 40 | 1 << 20 | 1 << 50 | 1 << 5)
    ('a', None)
    """

    def __init__(self, max_bits: int = NEAR_DUPLICATE_BITS) -> None:
        if not 0 <= max_bits < _BANDS:
            raise ValueError(f"max_bits must be from 0 to {_BANDS - 1} (four 16-bit bands), got {max_bits}")
        self.max_bits = max_bits
        self._bands: list[dict[int, list[tuple[int, str]]]] = [{} for _ in range(_BANDS)]

    @staticmethod
    def _keys(fingerprint: int) -> list[int]:
        mask = (1 << _BAND_BITS) - 1
        return [(fingerprint >> (band * _BAND_BITS)) & mask for band in range(_BANDS)]

    def find(self, fingerprint: int) -> str | None:
        """The name of an earlier fingerprint within ``max_bits``, or None."""
        for band, key in enumerate(self._keys(fingerprint)):
            for other, name in self._bands[band].get(key, ()):
                if hamming(fingerprint, other) <= self.max_bits:
                    return name
        return None

    def add(self, fingerprint: int, name: str) -> None:
        """Remember ``fingerprint`` under ``name``."""
        for band, key in enumerate(self._keys(fingerprint)):
            self._bands[band].setdefault(key, []).append((fingerprint, name))


@dataclass(frozen=True)
class Duplicate(Generic[T]):
    """An item left out because it near-duplicates an earlier one."""

    item: T
    name: str
    of: str


def dedupe(
    items: Iterable[T],
    text: Callable[[T], str],
    name: Callable[[T], str] = str,
    max_bits: int = NEAR_DUPLICATE_BITS,
    on_duplicate: Callable[[Duplicate[T]], None] | None = None,
) -> Iterator[T]:
    """Yield the items whose text does not near-duplicate an earlier item's; report the others.

    Texts without words (fingerprint 0) are always kept.

    >>> story = " ".join(f"Năm {y}, Đảng ủy xã Nam Bình kết nạp {y % 50} đảng viên mới." for y in range(2000, 2020))
    >>> items = [("a", story), ("b", "BHG - " + story), ("c", "Chi bộ thôn 3 họp chuyên đề về nêu gương.")]
    >>> [n for n, _ in dedupe(items, text=lambda x: x[1], name=lambda x: x[0])]
    ['a', 'c']
    """
    index = FingerprintIndex(max_bits)
    for item in items:
        fingerprint = simhash(text(item))
        label = name(item)
        if fingerprint and (earlier := index.find(fingerprint)) is not None:
            if on_duplicate is not None:
                on_duplicate(Duplicate(item, label, earlier))
            continue
        if fingerprint:
            index.add(fingerprint, label)
        yield item


def near_duplicate_groups(texts: Iterable[str], max_bits: int = NEAR_DUPLICATE_BITS) -> list[list[int]]:
    """Groups (of two or more) of the positions of texts that near-duplicate the group's first.

    >>> story = " ".join(f"Năm {y}, Đảng ủy xã Nam Bình kết nạp {y % 50} đảng viên mới." for y in range(2000, 2020))
    >>> near_duplicate_groups([story, "Chi bộ thôn 3 họp chuyên đề về nêu gương.", story + " Minh Anh"])
    [[0, 2]]
    """
    index = FingerprintIndex(max_bits)
    groups: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        fingerprint = simhash(text)
        if not fingerprint:
            continue
        first = index.find(fingerprint)
        if first is None:
            index.add(fingerprint, str(position))
            groups[str(position)] = [position]
        else:
            groups[first].append(position)
    return [group for group in groups.values() if len(group) > 1]


def article_body(raw: str) -> str:
    """The body paragraphs of a raw article, as one text: what a story's fingerprint is taken of."""
    from vnparty_nlp.preprocess.article import parse_article

    return "\n".join(parse_article(raw).paragraphs)


def dedupe_sources(
    items: Iterable[Any],
    on_duplicate: Callable[[Duplicate[Any]], None] | None = None,
    max_bits: int = NEAR_DUPLICATE_BITS,
) -> Iterator[Any]:
    """Pass on :func:`~vnparty_nlp.corpus.files.iter_article_sources` output without near-duplicate articles.

    Problems (unreadable inputs) pass through untouched; an article whose body
    near-duplicates an earlier one's is reported to ``on_duplicate`` instead.
    """
    from vnparty_nlp.corpus.files import ArticleSource

    index = FingerprintIndex(max_bits)
    for item in items:
        if not isinstance(item, ArticleSource):
            yield item
            continue
        fingerprint = simhash(article_body(item.raw))
        if fingerprint and (earlier := index.find(fingerprint)) is not None:
            if on_duplicate is not None:
                on_duplicate(Duplicate(item, item.name, earlier))
            continue
        if fingerprint:
            index.add(fingerprint, item.name)
        yield item
