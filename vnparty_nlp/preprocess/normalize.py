"""Unicode and tone-mark normalisation of Vietnamese text.

Two layers, because callers need both:

* :func:`clean_text` fixes what is wrong with the *characters* (Unicode form,
  look-alike letters, invisible and control characters, spacing) and keeps
  every word as it was written. :func:`parse_article` uses it so that body
  paragraphs keep their original wording.
* :func:`normalize` also moves tone marks to one placement for the whole
  corpus ("Huyện ủy" and "Huyện uỷ" become one spelling), which is what the
  tokenizer and the models want.

The default placement is the *modern* one, on the main vowel ("hoà", "uỷ",
"thuỷ"), rather than the traditional one on the first vowel ("hòa", "ủy"):
on the seeds pyvi joins more compounds with it (``docs/preprocessing.md``
has the measurement and the command).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from vnparty_nlp._checks import check_str

__all__ = ["ToneStyle", "clean_text", "fix_mojibake", "i_to_y", "normalize", "place_tone"]

ToneStyle = Literal["modern", "traditional"]

# Combining tone marks after NFD: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
# Vowels whose modifier (circumflex, breve, horn) makes them the tone carrier.
_MARKED = frozenset("ăâêôơư")

# Characters that look like Vietnamese letters but are not: U+00D0/U+00F0 (eth)
# are what some old fonts and converters emit for Đ/đ.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# Invisible characters that split words when left in: zero-width space and
# joiners, word joiner, BOM, soft hyphen, and bidi marks.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a-\u202e]")
# Lone surrogates: what bytes that were not UTF-8 become when decoded with
# errors="surrogateescape" (stdin, file names under a C locale). They cannot be
# encoded again, and pyvi's CRF fails on them, so they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A run of two or more spaces, or one space that is not " ": a lone " " (most of them) is not
# rewritten, which halves the time of this step on a paragraph.
_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S \n]")
_BLANK_LINES = re.compile(r"\n{3,}")
# Only a word with two vowels in a row can have its tone mark in two places;
# matching just those (and any combining marks left attached) keeps normalize
# off the rest of the text.
_ALL_VOWELS = "".join(
    sorted(
        ch for ch in map(chr, range(0x41, 0x1EFA))
        if ch.isalpha() and unicodedata.normalize("NFD", ch)[0].lower() in "aeiouy"
        and len(unicodedata.normalize("NFD", ch)) <= 3
    )
)
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
# The look-behinds anchor each match at the start of a word: without them a
# long word with no two vowels in a row ("đảngđảng..." 200,000 letters) is
# retried from every letter, which is quadratic (minutes instead of milliseconds).
_WORD = re.compile(
    rf"(?<![^\W\d_])(?<![\u0300-\u036f]){_LETTER}*[{_ALL_VOWELS}][\u0300-\u036f]*[{_ALL_VOWELS}]{_LETTER}*"
)


# Tabs, vertical tabs, form feeds, other C0/C1 controls and invisible format
# characters become spaces, so the words they separated stay separated.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u2061-\u2064\u206a-\u206f\ufff9-\ufffb]")


# Mojibake: UTF-8 bytes decoded again as Latin-1 or Windows-1252 ("Đảng" -> "Ä\x90áº£ng").
# Every such character pair is a lead byte (U+00C2-U+00F4 in Latin-1) followed by a
# continuation byte (U+0080-U+00BF, or what Windows-1252 makes of 0x80-0x9F). Clean text
# almost never has one, so ftfy (which decides, and repairs) only sees the texts that do.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded twice (as Latin-1 or Windows-1252), with ftfy; else ``text`` itself.

    Only ftfy's encoding steps run (``ftfy.fix_encoding``), and only on text with a
    byte pair that mojibake makes; tone marks, spacing and the rest are this
    module's job. On every paragraph of the real corpus and the seeds it changes
    nothing (``tests/test_normalize.py``).

    >>> fix_mojibake("Ä\x90áº£ng bá»™ xÃ£")
    'Đảng bộ xã'
    >>> fix_mojibake("Đảng bộ xã")
    'Đảng bộ xã'
    """
    if text.isascii() or _MOJIBAKE_HINT.search(text) is None:
        return text
    import ftfy  # imported on the first suspicious text only

    fixed: str = ftfy.fix_encoding(text)
    return fixed


_fix_mojibake = fix_mojibake  # clean_text's keyword of the same name hides the function


def clean_text(text: str, *, fix_mojibake: bool = True) -> str:
    """Fix the characters of ``text`` without changing how words are spelt.

    Mojibake repaired first (:func:`fix_mojibake`, unless ``fix_mojibake=False``:
    its C1 characters would otherwise become spaces and the text could not be
    repaired later), NFC composition, Ð/ð (U+00D0/U+00F0) to Đ/đ, invisible characters removed,
    lone surrogates (undecodable bytes) replaced by U+FFFD,
    control characters and Unicode spaces (NBSP...) turned into plain spaces,
    spaces collapsed and each line stripped, runs of blank lines reduced to
    one. Line breaks are kept: they separate paragraphs.

    >>> clean_text("Ðảng\\u00a0bộ   xã\\u200b\\r\\n\\n\\n\\nChi bộ ")
    'Đảng bộ xã\\n\\nChi bộ'
    """
    text = check_str(text, "clean_text")
    text = _clean(text, fix_mojibake)
    # Cleaning can complete a mojibake pair that the first repair left alone (a control
    # character between two of its bytes becomes a space, which ftfy reads as a lost NBSP
    # byte): repeat until nothing changes, so that clean_text (and normalize) stay idempotent.
    for _ in range(4):
        if not fix_mojibake or text.isascii() or _MOJIBAKE_HINT.search(text) is None:
            break
        again = _clean(text, fix_mojibake)
        if again == text:
            break
        text = again
    return text


def _clean(text: str, fix_mojibake: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
        if fix_mojibake:
            text = _fix_mojibake(text)
    if "\u00d0" in text or "\u00f0" in text:  # str.translate visits every character: most texts have neither
        text = text.translate(_LOOKALIKES)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _HSPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _vowel_span(letters: str) -> tuple[int, int] | None:
    """Start and end (exclusive) of the vowel nucleus of a lowercase, toneless syllable."""
    start = 0
    while start < len(letters) and letters[start] not in _VOWELS:
        start += 1
    if start == len(letters):
        return None
    end = start
    while end < len(letters) and letters[end] in _VOWELS:
        end += 1
    # "qu" and "gi" are initials: their u / i is not part of the nucleus
    # (quý, quốc, giữa), except in "gi" + consonant, where i is the vowel (gìn, gì).
    after_qu = start > 0 and letters[start - 1] == "q" and letters[start] == "u"
    after_gi = start == 1 and letters[0] == "g" and letters[1] == "i"
    if (after_qu or after_gi) and end - start > 1:
        start += 1
    if end != len(letters) and any(ch in _VOWELS for ch in letters[end:]):
        return None  # vowels after a consonant: not one Vietnamese syllable
    return start, end


def _tone_index(letters: str, start: int, end: int, style: ToneStyle) -> int:
    nucleus = letters[start:end]
    for offset in range(len(nucleus) - 1, -1, -1):
        if nucleus[offset] in _MARKED:
            return start + offset  # ươ puts it on ơ, the later one
    if len(nucleus) == 1:
        return start
    if end < len(letters):
        return end - 1  # closed syllable: hoàn, toán, huỳnh, suýt
    if len(nucleus) == 3:
        return start + 1  # hoài, khuỷu, ngoáy
    if nucleus in ("oa", "oe", "uy"):
        return start + (1 if style == "modern" else 0)
    return start  # mái, mía, múa, gửi, của


# place_tone remembers the syllables it has seen; only words of at most this many characters
# (a Vietnamese syllable has at most 7 letters: "nghiêng") are remembered, so the cache holds
# at most 16,384 short strings, under 5 MB, whatever the text (see tests/test_memory.py).
_CACHED_WORD_CHARS = 12


@lru_cache(maxsize=16384)
def _place_tone_cached(word: str, style: ToneStyle) -> str:
    return place_tone(word, style)


def place_tone(word: str, style: ToneStyle = "modern") -> str:
    """Put the tone mark of one syllable where ``style`` says it goes.

    ``"modern"`` puts it on the main vowel (hoà, uỷ, thuỷ), ``"traditional"``
    on the first (hòa, ủy, thủy); they differ only in open oa, oe, uy. Syllables
    whose placement does not depend on the style are returned unchanged, as is
    anything that is not a single Vietnamese syllable.

    >>> place_tone("hòa"), place_tone("Thủy"), place_tone("hoàn"), place_tone("quý")
    ('hoà', 'Thuỷ', 'hoàn', 'quý')
    >>> place_tone("uỷ", style="traditional")
    'ủy'
    """
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    base_chars: list[str] = []
    for ch in decomposed:
        if ch in _TONES:
            if tone:
                return word  # two tones: not a syllable, leave it alone
            tone = ch
        elif unicodedata.combining(ch):
            if not base_chars:
                return word
            base_chars[-1] += ch
        else:
            base_chars.append(ch)
    if not tone:
        return word
    letters = [unicodedata.normalize("NFC", c) for c in base_chars]
    lower = "".join(c.lower() for c in letters)
    if len(lower) != len(letters):
        return word
    span = _vowel_span(lower)
    if span is None:
        return word
    index = _tone_index(lower, span[0], span[1], style)
    letters[index] = unicodedata.normalize("NFC", letters[index] + tone)
    return "".join(letters)


def _retone(match: re.Match[str], style: ToneStyle) -> str:
    word = match.group(0)
    if len(word) > _CACHED_WORD_CHARS:
        return place_tone(word, style)
    return _place_tone_cached(word, style)


# normalize re-tones a text space-separated piece by piece and remembers the pieces of at most
# this many characters ("hoà,", "Huyện", "(2020-2025)"): a paragraph's pieces mostly recur, and
# a remembered piece costs one look-up instead of a regular-expression pass (a third of the
# time of normalize on real paragraphs). At most 16,384 pieces of at most 20 characters: under
# 8 MB even when every piece is new and made of 4-byte characters (tests/test_memory.py).
_CACHED_PIECE_CHARS = 20


def _retone_piece(piece: str, style: ToneStyle) -> str:
    return _WORD.sub(lambda m: _retone(m, style), piece)


_retone_piece_cached = lru_cache(maxsize=16384)(_retone_piece)


def _retone_text(text: str, style: ToneStyle) -> str:
    # The same result as _WORD.sub over the whole text: a space is not a letter, so a word
    # never spans two pieces, and the look-behinds see a piece's start as a word start.
    return " ".join([
        _retone_piece_cached(piece, style) if len(piece) <= _CACHED_PIECE_CHARS else _retone_piece(piece, style)
        for piece in text.split(" ")
    ])


# The i/y spellings of one syllable that are both standard (the 1984 spelling rules write "i"
# after a consonant, common usage "y"): h, k, l, m, t and qu + i/y with a tone mark, and the
# toneless hi/hy (hi sinh), li/ly (li hôn), ti/ty (công ti), qui/quy. Left out on purpose:
# "ki" (ki-ốt), "mi" (lông mi), "mí", "hí", whose y forms are not words, and "sĩ/sỹ" ("sỹ" is
# common but not standard). "y" alone, "uy" (tuy, huy), "ay", "ây" and "iê/yê" are never touched.
_I_TO_Y_VOWEL = str.maketrans("iìíỉĩịIÌÍỈĨỊ", "yỳýỷỹỵYỲÝỶỸỴ")
_I_TO_Y_SYLLABLES = (
    "hi", "hỉ", "kì", "kí", "kỉ", "kĩ", "kị", "li", "lí", "lì", "lị", "mĩ", "mì", "mị",
    "ti", "tỉ", "tí", "tì", "tị", "qui", "quí", "quì", "quỉ", "quĩ", "quị",
)
# Whole syllables only: no letter, digit, combining mark or hyphen on either side (a hyphen
# marks a transliteration: Li-băng, ti-vi, where "i" is the only spelling).
# The pattern finds the last two letters of a candidate cheaply (a consonant or the u of qu,
# then i, at the end of a word); the replacement checks the rest: the whole syllable is in the
# list and nothing but a space or punctuation (no hyphen) comes before it. One alternation of
# the 25 syllables with look-arounds took 15 times longer on real paragraphs.
_I_TO_Y = re.compile(r"[hklmtuHKLMTU][iìíỉĩịIÌÍỈĨỊ](?![\w\u0300-\u036f-])")
_I_TO_Y_SET = frozenset(_I_TO_Y_SYLLABLES)
_NOT_BEFORE = re.compile(r"[\w\u0300-\u036f-]")


def _y_spelling(match: re.Match[str]) -> str:
    pair, start, text = match.group(0), match.start(), match.string
    if pair[0] in "uU":
        start -= 1  # qu: the q comes first
        if start < 0 or text[start] not in "qQ":
            return pair
    if start and _NOT_BEFORE.match(text, start - 1):
        return pair
    if text[start : match.end()].lower() not in _I_TO_Y_SET:
        return pair
    return pair[0] + pair[1].translate(_I_TO_Y_VOWEL)


def i_to_y(text: str) -> str:
    """Write the syllables that Vietnamese spells with either i or y with y (lí -> lý, tỉ -> tỷ, quí -> quý).

    The y spelling is the common one in the real corpus and the labelled paragraphs
    (lý 1,811 vs lí 1; tỷ 406 vs tỉ 68; kỷ 1,414 vs kỉ 5; quy 1,757 vs qui 8;
    ``docs/preprocessing.md``), so the models know its words. Case is kept.

    >>> i_to_y("Lí luận, kĩ thuật, mĩ thuật, 5 tỉ đồng, QUÍ I, hi sinh")
    'Lý luận, kỹ thuật, mỹ thuật, 5 tỷ đồng, QUÝ I, hy sinh'
    >>> i_to_y("y tế, tuy nhiên, huy động, kiên trì, khi, Li-băng, ki-ốt, bác sĩ")
    'y tế, tuy nhiên, huy động, kiên trì, khi, Li-băng, ki-ốt, bác sĩ'
    """
    return _I_TO_Y.sub(_y_spelling, text)


def normalize(
    text: str, *, tone_style: ToneStyle = "modern", fix_mojibake: bool = True, i_to_y: bool = False
) -> str:
    """Clean ``text`` (see :func:`clean_text`) and give it one tone-mark placement.

    ``fix_mojibake``: repair UTF-8 that was decoded twice (:func:`fix_mojibake`; on by
    default). ``i_to_y``: also write i/y spelling variants with y (:func:`i_to_y`; off by
    default, so the text keeps its spelling; ``tokenize`` turns it on for the token stream).

    Idempotent: ``normalize(normalize(x)) == normalize(x)``.

    >>> normalize("Huyện ủy  Chi Lăng hòa giải, thuở khuya, Ðảng")
    'Huyện uỷ Chi Lăng hoà giải, thuở khuya, Đảng'
    >>> normalize("Huyện uỷ", tone_style="traditional")
    'Huyện ủy'
    >>> normalize("hi sinh, lí luận, 5 tỉ đồng"), normalize("hi sinh, lí luận, 5 tỉ đồng", i_to_y=True)
    ('hi sinh, lí luận, 5 tỉ đồng', 'hy sinh, lý luận, 5 tỷ đồng')
    >>> normalize("Ä\x90áº£ng bá»™")
    'Đảng bộ'
    """
    text = check_str(text, "normalize")
    if tone_style not in ("modern", "traditional"):
        raise ValueError(f"tone_style must be 'modern' or 'traditional', got {tone_style!r}")
    text = clean_text(text, fix_mojibake=fix_mojibake)
    if i_to_y:
        text = _i_to_y(text)
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _retone_text(text, tone_style))


_i_to_y = i_to_y  # normalize's keyword of the same name hides the function
