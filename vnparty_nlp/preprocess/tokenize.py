"""Text to tokens: normalise, expand abbreviations, segment words with pyvi, filter.

Segmentation is pyvi's, computed by :mod:`vnparty_nlp.preprocess.segmenter`
(the same model and output, many texts at a time); it is loaded on first use,
not when the package is imported. :func:`tokenize_batch` tokenises a list in
one go, which is what the classifier does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from vnparty_nlp._checks import check_str
from vnparty_nlp.config import TokenizerConfig
from vnparty_nlp.preprocess._cache import ByteLRU
from vnparty_nlp.preprocess.abbreviations import expand_abbreviations
from vnparty_nlp.preprocess.normalize import normalize
from vnparty_nlp.preprocess.stopwords import stopwords

__all__ = ["DEFAULT_CONFIG", "check_texts", "segment", "syllables_batch", "tokenize", "tokenize_batch",
           "tokens_and_syllables_batch"]

DEFAULT_CONFIG = TokenizerConfig()


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


def _segment_many(texts: Sequence[str]) -> list[str]:
    """Segmented text of each non-blank text, long ones piece by piece, in one segmenter call."""
    from vnparty_nlp.preprocess.segmenter import get_segmenter

    pieces = [_pieces(text) if len(text) > MAX_PIECE else [text] for text in texts]
    flat = get_segmenter()([piece for group in pieces for piece in group])
    out, start = [], 0
    for group in pieces:
        out.append(" ".join(flat[start : start + len(group)]))
        start += len(group)
    return out


def segment(text: str) -> list[str]:
    """Segment already-normalised text into words, syllables joined by ``_``.

    Texts longer than :data:`MAX_PIECE` characters are segmented piece by
    piece (cut at sentence ends), so time grows linearly with the length.

    >>> segment("Huyện uỷ tổ chức hội nghị")
    ['Huyện_uỷ', 'tổ_chức', 'hội_nghị']
    """
    if not text.strip():
        return []
    return _segment_many([text])[0].split()


def _keep(token: str) -> bool:
    # A token with no letter is punctuation or a bare number (2.068, 10%, 2015-2020).
    # Most tokens are letters joined by "_": one C-level test instead of a loop.
    return token.replace("_", "").isalpha() or any(ch.isalpha() for ch in token)


def _prepare(text: str, config: TokenizerConfig) -> str:
    text = normalize(text, tone_style=config.tone_style, fix_mojibake=config.fix_mojibake, i_to_y=config.i_to_y)
    if config.expand_abbreviations:
        text = expand_abbreviations(text)
    return text


def _finish(segmented: str, config: TokenizerConfig) -> tuple[str, ...]:
    # t.isalpha() first: it answers most tokens without a call to _keep.
    if config.lowercase:
        tokens = [t.lower() for t in segmented.split() if t.isalpha() or _keep(t)]
    else:
        tokens = [t for t in segmented.split() if t.isalpha() or _keep(t)]
    if config.remove_stopwords:
        stop = stopwords()
        tokens = [t for t in tokens if t not in stop] if config.lowercase else [
            t for t in tokens if t.lower() not in stop]
    return tuple(tokens)


# tokenize (and so topic_mix) remembers recent results, up to this many bytes of texts and
# tokens (about 12,000 typical paragraphs); a text whose entry would take over a sixteenth
# of it is not kept. Bytes, not entries: 8,192 entries of 100,000 characters were 3 GB.
TOKENIZE_CACHE_BYTES = 32 * 1024 * 1024


class _CachedTokenize:
    """``tokenize_batch([text], config)[0]`` behind a :class:`ByteLRU` (``cache``)."""

    def __init__(self, max_bytes: int) -> None:
        self.cache = ByteLRU(max_bytes)

    @staticmethod
    def __wrapped__(text: str, config: TokenizerConfig) -> tuple[str, ...]:
        return tokenize_batch([text], config)[0]

    def __call__(self, text: str, config: TokenizerConfig) -> tuple[str, ...]:
        key = (text, config)
        tokens: tuple[str, ...] | None = self.cache.get(key)
        if tokens is None:
            tokens = self.__wrapped__(text, config)
            self.cache.put(key, tokens)
        return tokens

    def cache_clear(self) -> None:
        self.cache.clear()


_tokenize_cached = _CachedTokenize(TOKENIZE_CACHE_BYTES)


_ONE_STR = "expected a list of texts, got one str; wrap it in a list: [text]"


def check_texts(X: Iterable[object], one_str: str = _ONE_STR) -> list[str]:
    """``X`` as a list of str, or a TypeError that says how to pass it (``one_str`` when ``X`` is one str).

    >>> check_texts(("Chi bộ", "Đảng bộ"))
    ['Chi bộ', 'Đảng bộ']
    """
    if isinstance(X, str):
        raise TypeError(one_str)
    texts: list[str] = []
    for i, text in enumerate(X):
        if not isinstance(text, str):
            raise TypeError(f"text {i} is {type(text).__name__}, not str; pass paragraph texts as str")
        texts.append(text)
    return texts


def tokenize_batch(texts: Sequence[str], config: TokenizerConfig = DEFAULT_CONFIG) -> list[tuple[str, ...]]:
    """:func:`tokenize` of each text (as tuples), segmenting them all in one call.

    No cache: every text is processed, so a stream's cost does not depend on repeats.

    >>> tokenize_batch(["Chi bộ thôn 3 kết nạp đảng viên.", ""])
    [('chi_bộ', 'thôn', 'kết_nạp', 'đảng_viên'), ()]
    """
    return _tokens_of_prepared([_prepare(text, config) for text in texts], config)


def _tokens_of_prepared(prepared: list[str], config: TokenizerConfig) -> list[tuple[str, ...]]:
    todo = [i for i, text in enumerate(prepared) if text.strip()]
    out: list[tuple[str, ...]] = [()] * len(prepared)
    if todo:
        for i, segmented in zip(todo, _segment_many([prepared[i] for i in todo]), strict=True):
            out[i] = _finish(segmented, config)
    return out


_SYLLABLE = re.compile(r"\w+")


def syllables_batch(texts: Sequence[str], config: TokenizerConfig = DEFAULT_CONFIG) -> list[str]:
    """Each text as its syllables, one space between: prepared as for :func:`tokenize` (normalised,
    i/y spellings made one, abbreviations expanded) and lowercased, but not segmented into words
    and with no stopword dropped; bare numbers and punctuation go.

    The theme classifier reads n-grams of these beside the word n-grams: they keep the small words
    ("đã", "cần", "phải", "của") that tell work reported from work named in passing, and they do not
    depend on how pyvi segments a phrase.

    >>> syllables_batch(["Năm 2019, BTV Chi bộ đã học lí luận.", ""])
    ['năm ban thường vụ chi bộ đã học lý luận', '']
    """
    return _syllables_of_prepared([_prepare(text, config) for text in texts], config)


def _syllables_of_prepared(prepared: list[str], config: TokenizerConfig) -> list[str]:
    out = []
    for text in prepared:
        # Most syllables are all letters: str.isalpha answers them without a loop over characters.
        kept = " ".join(s for s in _SYLLABLE.findall(text) if s.isalpha() or any(ch.isalpha() for ch in s))
        out.append(kept.lower() if config.lowercase else kept)
    return out


def tokens_and_syllables_batch(
    texts: Sequence[str], config: TokenizerConfig = DEFAULT_CONFIG,
) -> tuple[list[tuple[str, ...]], list[str]]:
    """``(tokenize_batch(texts, config), syllables_batch(texts, config))``, preparing each text once.

    >>> tokens_and_syllables_batch(["Chi bộ đã kết nạp đảng viên."])
    ([('chi_bộ', 'kết_nạp', 'đảng_viên')], ['chi bộ đã kết nạp đảng viên'])
    """
    prepared = [_prepare(text, config) for text in texts]
    return _tokens_of_prepared(prepared, config), _syllables_of_prepared(prepared, config)


def tokenize(text: str, config: TokenizerConfig = DEFAULT_CONFIG) -> list[str]:
    """Normalise, expand abbreviations, segment with pyvi, lowercase and filter.

    Punctuation, bare numbers and the team's stopwords are dropped. An empty
    or blank text gives ``[]``.

    >>> tokenize("Năm 2019, BTV Huyện ủy đã kết nạp 185 đảng viên mới.")
    ['ban', 'thường_vụ', 'huyện_uỷ', 'kết_nạp', 'đảng_viên']
    """
    text = check_str(text, "tokenize", what="the paragraph text")
    if not isinstance(config, TokenizerConfig):
        raise TypeError(f"config must be a TokenizerConfig, got {type(config).__name__}")
    return list(_tokenize_cached(text, config))
