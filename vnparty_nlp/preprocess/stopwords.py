"""The team's Vietnamese stopword list (function words only)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["stopwords"]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Segmented, lowercase function words that :func:`vnparty_nlp.tokenize` drops.

    >>> "của" in stopwords(), "chi_bộ" in stopwords(), "đảng" in stopwords()
    (True, False, False)
    """
    text = resources.files("vnparty_nlp.preprocess").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
