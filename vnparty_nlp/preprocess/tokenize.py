"""Text to tokens: normalise, expand abbreviations, segment words with pyvi, filter.

pyvi is imported on first use, not when the package is imported: it loads
its CRF model at import time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from vnparty_nlp.config import TokenizerConfig
from vnparty_nlp.preprocess.abbreviations import expand_abbreviations
from vnparty_nlp.preprocess.normalize import normalize
from vnparty_nlp.preprocess.stopwords import stopwords

__all__ = ["DEFAULT_CONFIG", "segment", "tokenize"]

DEFAULT_CONFIG = TokenizerConfig()


@lru_cache(maxsize=1)
def _pyvi() -> Any:
    from pyvi import ViTokenizer

    return ViTokenizer


# pyvi's time grows faster than the length of its input (800,000 characters
# take five times longer in one call than in pieces), so long texts are
# segmented in pieces of at most this many characters, cut after a sentence
# end, else at a line break or space. A paragraph is far shorter and is never cut.
MAX_PIECE = 10_000
_SENTENCE_END = re.compile(r"[.!?…;:]\s")


def _pieces(text: str, limit: int = MAX_PIECE) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at the last sentence end, line break or space.

    A run of more than ``limit`` characters without a space is cut where the limit falls.

    >>> _pieces("Một câu. Hai câu. Ba bốn năm sáu bảy tám", limit=12)
    ['Một câu.', 'Hai câu.', 'Ba bốn năm', 'sáu bảy tám']
    """
    pieces: list[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends else max(window.rfind("\n"), window.rfind(" ")) + 1
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].strip())
        text = text[cut:]
    pieces.append(text.strip())
    return [piece for piece in pieces if piece]


def segment(text: str) -> list[str]:
    """Segment already-normalised text into words, syllables joined by ``_``.

    Texts longer than :data:`MAX_PIECE` characters are segmented piece by
    piece (cut at sentence ends), so time grows linearly with the length.

    >>> segment("Huyện uỷ tổ chức hội nghị")
    ['Huyện_uỷ', 'tổ_chức', 'hội_nghị']
    """
    if not text.strip():
        return []
    tokenizer = _pyvi()
    if len(text) <= MAX_PIECE:
        tokens: list[str] = tokenizer.tokenize(text).split()
        return tokens
    return [token for piece in _pieces(text) for token in tokenizer.tokenize(piece).split()]


def _keep(token: str) -> bool:
    # A token with no letter is punctuation or a bare number (2.068, 10%, 2015-2020).
    return any(ch.isalpha() for ch in token)


@lru_cache(maxsize=8192)
def _tokenize_cached(text: str, config: TokenizerConfig) -> tuple[str, ...]:
    text = normalize(text, tone_style=config.tone_style)
    if config.expand_abbreviations:
        text = expand_abbreviations(text)
    tokens = [t for t in segment(text) if _keep(t)]
    if config.lowercase:
        tokens = [t.lower() for t in tokens]
    if config.remove_stopwords:
        stop = stopwords()
        tokens = [t for t in tokens if t.lower() not in stop]
    return tuple(tokens)


def tokenize(text: str, config: TokenizerConfig = DEFAULT_CONFIG) -> list[str]:
    """Normalise, expand abbreviations, segment with pyvi, lowercase and filter.

    Punctuation, bare numbers and the team's stopwords are dropped. An empty
    or blank text gives ``[]``.

    >>> tokenize("Năm 2019, BTV Huyện ủy đã kết nạp 185 đảng viên mới.")
    ['ban', 'thường_vụ', 'huyện_uỷ', 'kết_nạp', 'đảng_viên']
    """
    if not isinstance(text, str):
        raise TypeError(
            f"tokenize() expects a str, got {type(text).__name__}; pass the paragraph text "
            "(decode bytes with .decode('utf-8'))"
        )
    if not isinstance(config, TokenizerConfig):
        raise TypeError(f"config must be a TokenizerConfig, got {type(config).__name__}")
    return list(_tokenize_cached(text, config))
