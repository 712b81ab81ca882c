"""Hostile inputs: every row of the table in docs/robustness.md, for every public function.

Each row is one kind of input; each public function either raises the
documented exception with a message that says what to do, or returns a valid
result. Nothing here asserts a timing: ``benchmarks/bench_robustness.py``
measures how long each row takes. Hypothesis then fuzzes the same functions.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnparty_nlp
from tests.conftest import ROOT, SEEDS
from vnparty_nlp import (
    LABELS,
    Article,
    ArticleThemes,
    ThemeResult,
    classify,
    classify_article,
    classify_batch,
    iter_classify,
    normalize,
    parse_article,
    tokenize,
)
from vnparty_nlp.preprocess.tokenize import MAX_PIECE, _pieces, _tokenize_cached

HAS_TOPICS = hasattr(vnparty_nlp, "topic_mix")
needs_topics = pytest.mark.skipif(not HAS_TOPICS, reason="vnparty_nlp.topic_mix does not exist in this branch yet")

SENTENCE = "Chiều 19/8, Chi bộ thôn 3 tổ chức sinh hoạt chuyên đề về kết nạp đảng viên mới."
MEGABYTES_5 = 5_000_000


@lru_cache(maxsize=1)
def five_megabytes() -> str:
    """A 5 MB paragraph (one line) of real Vietnamese: the seed paragraphs, numbered, repeated."""
    paragraphs = [p for path in sorted(SEEDS.glob("*.txt"))
                  for p in parse_article(path.read_text(encoding="utf-8")).paragraphs]
    parts: list[str] = []
    size = 0
    while size < MEGABYTES_5:
        text = f"{paragraphs[len(parts) % len(paragraphs)]} ({len(parts)})"
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
    return " ".join([*parts, LAST_SENTENCE])


LAST_SENTENCE = "Cuối cùng là từ xyzzy"


# name -> how to make the input. The names are the rows of docs/robustness.md.
HOSTILE: dict[str, Callable[[], object]] = {
    "None": lambda: None,
    "int": lambda: 42,
    "float": lambda: math.nan,
    "bytes": lambda: SENTENCE.encode("utf-8"),
    "empty": lambda: "",
    "whitespace": lambda: " \t\n\u00a0\u3000\r\n ",
    "5 MB string": five_megabytes,
    "200,000-character word": lambda: "đảng" * 50_000,
    "NFD text": lambda: unicodedata.normalize("NFD", SENTENCE),
    "HTML with scripts and styles": lambda: (
        "<html><head><title>Tin</title><style>p { color: red }</style><script>alert('Chi bộ đảng viên')</script>"
        f"</head><body><p>{SENTENCE}</p><script>document.write('<p>kết nạp</p>')</script></body></html>"
    ),
    "control characters": lambda: "Chi\x00 bộ\x07 thôn\x0b 3\x7f kết\x85 nạp\u2028đảng\x1f viên\ufeff mới.",
    "lone surrogates": lambda: b"Chi b\xf4 th\xf4n 3 k\xe9t n\xe1p".decode("utf-8", "surrogateescape"),
    "mojibake (UTF-8 decoded twice)": lambda: SENTENCE.encode("utf-8").decode("latin-1"),
    "emoji": lambda: "🎉 Chi bộ 👍🏽 kết nạp đảng viên mới 🇻🇳👨‍👩‍👧",
    "English": lambda: "The Party committee admitted twelve new members this year.",
    "Chinese": lambda: "中国共产党第二十次全国代表大会在北京召开。",
    "Vietnamese without diacritics": lambda: "Chi bo thon 3 to chuc sinh hoat chuyen de ve ket nap dang vien moi.",
    "all numbers": lambda: "123 456 7.890 2019-2020 10% 1/2 ٣٤",
    "all punctuation": lambda: "!!! ... ??? ;;; --- *** «» “” …",
}
NOT_STR = ["None", "int", "float", "bytes"]
STRINGS = [name for name in HOSTILE if name not in NOT_STR]
NOTHING_TO_READ = ["empty", "whitespace", "all numbers", "all punctuation"]  # no word at all

FUNCTIONS = ["normalize", "parse_article", "tokenize", "classify", "classify_batch", "classify_article",
             "topic_mix"]


def _marks(function: str) -> list[Any]:
    return [needs_topics] if function == "topic_mix" else []


def call(function: str, value: object) -> Any:
    if function == "classify_batch":
        return classify_batch([value])  # type: ignore[list-item]
    return getattr(vnparty_nlp, function)(value)


# --- validity of a result -------------------------------------------------------------

def check_text(out: object) -> None:
    assert isinstance(out, str)
    assert unicodedata.is_normalized("NFC", out)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b\ufeff]", out)
    assert out == out.strip()


def check_theme_result(result: object) -> None:
    assert isinstance(result, ThemeResult)
    assert list(result.scores) == list(LABELS)
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in result.scores.values())
    assert set(result.labels) <= set(LABELS) and len(set(result.labels)) == len(result.labels)
    assert result.top == (result.labels[0] if result.labels else None)
    assert set(result.evidence) == set(result.labels)


def check_topic_mix(mix: object) -> None:
    assert isinstance(mix, list)
    if mix:
        assert all(isinstance(t, int) and isinstance(w, float) and 0.0 <= w <= 1.0 for t, w in mix)
        assert abs(sum(w for _, w in mix) - 1.0) <= 1e-6
        weights = [w for _, w in mix]
        assert weights == sorted(weights, reverse=True)


def check_valid(function: str, value: str, out: object) -> None:
    if function == "normalize":
        check_text(out)
        assert normalize(out) == out  # type: ignore[arg-type]
    elif function == "parse_article":
        assert isinstance(out, Article)
        for paragraph in out.paragraphs:
            check_text(paragraph)
            assert paragraph
    elif function == "tokenize":
        assert isinstance(out, list)
        assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in out)
        assert all(t == t.lower() and any(c.isalpha() for c in t) for t in out)
    elif function in ("classify", "classify_batch"):
        results = out if function == "classify_batch" else [out]
        assert isinstance(results, list) and len(results) == 1
        check_theme_result(results[0])
    elif function == "classify_article":
        assert isinstance(out, ArticleThemes)
        assert out.article == parse_article(value)
        assert len(out.paragraphs) == len(out.article.paragraphs)
        for result in out.paragraphs:
            check_theme_result(result)
        assert list(out.shares) == list(LABELS) and all(0.0 <= s <= 1.0 for s in out.shares.values())
    elif function == "topic_mix":
        check_topic_mix(out)
    else:  # pragma: no cover
        raise AssertionError(function)


# --- the table: non-str rows ------------------------------------------------------------

@pytest.mark.parametrize("name", NOT_STR)
@pytest.mark.parametrize("function", [pytest.param(f, marks=_marks(f)) for f in FUNCTIONS])
def test_non_str_is_a_type_error_saying_what_to_pass(function: str, name: str) -> None:
    value = HOSTILE[name]()
    with pytest.raises(TypeError) as raised:
        call(function, value)
    message = str(raised.value)
    assert function in message or (function == "classify_batch" and "classify_batch" in message)
    assert type(value).__name__ in message
    if name == "bytes":
        assert "decode" in message  # the bytes policy: no guessing of encodings, say how to decode


@pytest.mark.parametrize("name", NOT_STR)
def test_classify_batch_given_a_non_iterable_or_bytes_says_what_to_pass(name: str) -> None:
    value = HOSTILE[name]()
    with pytest.raises(TypeError, match="expects an iterable of str texts") as raised:
        classify_batch(value)  # type: ignore[arg-type]
    if name == "bytes":
        assert "decode" in str(raised.value)
    with pytest.raises(TypeError, match="expects an iterable of str texts"):
        next(iter_classify(value))  # type: ignore[arg-type]


# --- the table: str rows ----------------------------------------------------------------

@pytest.mark.parametrize("name", STRINGS)
@pytest.mark.parametrize("function", [pytest.param(f, marks=_marks(f)) for f in FUNCTIONS])
def test_str_gives_a_valid_result(function: str, name: str) -> None:
    value = HOSTILE[name]()
    assert isinstance(value, str)
    check_valid(function, value, call(function, value))


@pytest.mark.parametrize("name", NOTHING_TO_READ)
def test_nothing_to_read_gives_empty_results(name: str) -> None:
    value = HOSTILE[name]()
    assert isinstance(value, str)
    assert tokenize(value) == []
    assert parse_article(value).paragraphs == ()
    assert classify(value).labels == ()
    assert classify_article(value).paragraphs == ()
    if HAS_TOPICS:
        assert vnparty_nlp.topic_mix(value) == []


def test_empty_and_whitespace_normalize_to_the_empty_string() -> None:
    assert normalize(HOSTILE["empty"]()) == normalize(HOSTILE["whitespace"]()) == ""  # type: ignore[arg-type]


def test_nfd_text_gives_the_same_results_as_nfc() -> None:
    nfd = HOSTILE["NFD text"]()
    assert isinstance(nfd, str) and nfd != SENTENCE
    assert normalize(nfd) == normalize(SENTENCE)
    assert parse_article(nfd) == parse_article(SENTENCE)
    assert tokenize(nfd) == tokenize(SENTENCE)
    assert classify(nfd) == classify(SENTENCE)
    if HAS_TOPICS:
        assert vnparty_nlp.topic_mix(nfd) == vnparty_nlp.topic_mix(SENTENCE)


def test_html_scripts_and_styles_never_reach_the_paragraphs() -> None:
    html = HOSTILE["HTML with scripts and styles"]()
    assert isinstance(html, str)
    article = classify_article(html)
    assert article.article.paragraphs == (SENTENCE,)
    assert not any("alert" in p or "color" in p or "document" in p for p in article.article.paragraphs)
    assert article.paragraphs == (classify(SENTENCE),)


def test_control_characters_and_emoji_separate_words_and_are_dropped() -> None:
    control, emoji = HOSTILE["control characters"](), HOSTILE["emoji"]()
    assert isinstance(control, str) and isinstance(emoji, str)
    assert normalize(control) == "Chi bộ thôn 3 kết nạp đảng viên mới."
    assert tokenize(control) == tokenize("Chi bộ thôn 3 kết nạp đảng viên mới.")
    assert tokenize(emoji) == tokenize("Chi bộ kết nạp đảng viên mới")


def test_lone_surrogates_become_replacement_characters() -> None:
    text = HOSTILE["lone surrogates"]()
    assert isinstance(text, str)
    assert normalize(text) == "Chi b\ufffd th\ufffdn 3 k\ufffdt n\ufffdp"
    normalize(text).encode("utf-8")  # can be written out again


def test_non_vietnamese_text_gets_no_theme() -> None:
    for name in ("English", "Chinese"):
        value = HOSTILE[name]()
        assert isinstance(value, str)
        assert classify(value).labels == (), name


def test_a_5_mb_string_is_tokenized_whole_and_classified_on_its_first_100k_characters() -> None:
    from vnparty_nlp.themes.api import MAX_CHARS

    text = five_megabytes()
    assert len(text.encode("utf-8")) >= MEGABYTES_5 and "\n" not in text
    # pyvi gets it in pieces, but tokenize reads all of it, to the last word.
    tokens = tokenize(text)
    assert tokens[-1] == "xyzzy" and tokens[:3] == tokenize(text[:200])[:3]
    assert len(tokens) > len(text) / 10  # about one token per 6-8 characters: nothing was cut off
    assert classify(text) == classify(text[:MAX_CHARS])


def test_the_200k_character_word_is_kept_whole_except_by_tokenize_which_cuts_it_every_10k() -> None:
    word = HOSTILE["200,000-character word"]()
    assert isinstance(word, str)
    assert normalize(word) == word
    assert parse_article(word).paragraphs == (word,)
    assert tokenize(word) == [word[i : i + MAX_PIECE] for i in range(0, len(word), MAX_PIECE)]


# --- long texts are segmented in pieces --------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Chi bộ", "kết nạp.", "đảng viên!", "\n", "x" * 40, "Huyện uỷ;", " "]),
                max_size=80), st.integers(min_value=5, max_value=60))
def test_pieces_keep_every_word_in_order_and_respect_the_limit(words: list[str], limit: int) -> None:
    text = " ".join(words)
    pieces = _pieces(text, limit=limit)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    assert all(0 < len(p) <= limit for p in pieces)


def test_a_text_just_over_the_piece_size_gives_the_tokens_of_its_sentences() -> None:
    sentences = [f"Chi bộ thôn {i} tổ chức sinh hoạt chuyên đề về kết nạp đảng viên mới." for i in range(200)]
    text = " ".join(sentences)
    assert len(text) > MAX_PIECE
    assert tokenize(text) == [t for s in sentences for t in tokenize(s)]


# --- the table is the documented one ---------------------------------------------------

def test_docs_table_has_a_row_for_every_hostile_input_and_a_column_per_function() -> None:
    lines = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Input |"))
    header = [c.strip().strip("`") for c in lines[start].strip().strip("|").split("|")]
    assert header[1:] == FUNCTIONS
    rest = lines[start + 2 :]
    table = rest[: next((i for i, line in enumerate(rest) if not line.startswith("|")), len(rest))]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table]
    assert all(len(row) == len(header) and all(row) for row in rows), "every cell says the outcome"
    assert [row[0] for row in rows] == list(HOSTILE), "docs/robustness.md and HOSTILE list the same rows, in order"


# --- fuzzing ---------------------------------------------------------------------------

VIETNAMESE_WORDS = st.sampled_from(
    "Chi bộ đảng viên kết nạp Huyện uỷ ủy hòa hoà BTV HĐND KT-XH cán bộ luân chuyển sản xuất cà phê "
    "nghị quyết học tập tư tưởng . , ! ? ( ) « » 2019 10% <p> </p> <script>x()</script> &nbsp;".split()
)
ANY_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=200),  # includes surrogates and controls
    st.lists(VIETNAMESE_WORDS, max_size=40).map(" ".join),
    st.lists(st.one_of(VIETNAMESE_WORDS, st.text(max_size=5)), max_size=30).map("".join),
)
NOT_A_STR = st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.booleans(),
                      st.lists(st.text(max_size=3), max_size=2), st.dictionaries(st.text(max_size=2), st.text()))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fresh(function: str, value: str) -> Any:
    _tokenize_cached.cache_clear()  # "same input, same output" must not come from the cache
    return call(function, value)


@FUZZ
@given(ANY_TEXT)
def test_fuzz_preprocessing_is_valid_and_deterministic(text: str) -> None:
    for function in ("normalize", "parse_article", "tokenize"):
        first = _fresh(function, text)
        check_valid(function, text, first)
        assert _fresh(function, text) == first


@FUZZ
@given(ANY_TEXT)
def test_fuzz_classification_is_valid_and_deterministic(text: str) -> None:
    for function in ("classify", "classify_batch", "classify_article"):
        first = _fresh(function, text)
        check_valid(function, text, first)
        assert _fresh(function, text) == first


@needs_topics
@FUZZ
@given(ANY_TEXT)
def test_fuzz_topic_mix_is_valid_and_deterministic(text: str) -> None:
    first = _fresh("topic_mix", text)
    check_topic_mix(first)
    assert _fresh("topic_mix", text) == first


@settings(max_examples=40, deadline=None)
@given(NOT_A_STR)
def test_fuzz_non_str_is_always_a_type_error(value: object) -> None:
    functions = [f for f in FUNCTIONS if f != "topic_mix" or HAS_TOPICS]
    for function in functions:
        with pytest.raises(TypeError):
            call(function, value)
