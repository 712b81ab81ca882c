from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATA, read_jsonl
from vnparty_nlp import normalize
from vnparty_nlp.preprocess.normalize import clean_text

TONE_CASES = read_jsonl(DATA / "tone_marks.jsonl")


@pytest.mark.parametrize("case", TONE_CASES, ids=[c["case"] for c in TONE_CASES])
def test_tone_placement_both_styles_in_one_style_out(case: dict) -> None:
    assert normalize(case["input"]) == case["modern"]
    assert normalize(case["input"], tone_style="traditional") == case["traditional"]


def test_there_are_enough_tone_cases() -> None:
    assert len(TONE_CASES) >= 60


@pytest.mark.parametrize(
    ("label", "raw", "expected"),
    [
        ("eth U+00D0 to Đ", "\u00d0ảng bộ", "Đảng bộ"),
        ("small eth U+00F0 to đ", "\u00f0ảng viên", "đảng viên"),
        ("NBSP is a space", "chi\u00a0bộ", "chi bộ"),
        ("narrow NBSP is a space", "chi\u202fbộ", "chi bộ"),
        ("zero-width space removed", "chi\u200b bộ", "chi bộ"),
        ("BOM removed", "\ufeffChi bộ", "Chi bộ"),
        ("soft hyphen removed", "kết\u00adnạp", "kếtnạp"),
        ("tab is a space", "chi\tbộ", "chi bộ"),
        ("control character is a space", "chi\x07bộ", "chi bộ"),
        ("spaces collapsed", "chi    bộ  ", "chi bộ"),
        ("CRLF to LF", "a b\r\nc d", "a b\nc d"),
        ("blank lines collapsed to one", "A\n\n\n\nB", "A\n\nB"),
        ("NFD composed", unicodedata.normalize("NFD", "Đảng uỷ"), "Đảng uỷ"),
    ],
)
def test_character_fixes(label: str, raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_nfd_input_gives_the_same_output_as_nfc(seed_paths) -> None:
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        assert normalize(unicodedata.normalize("NFD", text)) == normalize(text)


def test_clean_text_keeps_the_tone_placement() -> None:
    assert clean_text("Huyện ủy và Huyện uỷ") == "Huyện ủy và Huyện uỷ"


@pytest.mark.parametrize("bad", [None, 3, b"chi b\xe1\xbb\x99", ["a"]])
def test_non_str_raises_type_error_saying_what_to_pass(bad: object) -> None:
    with pytest.raises(TypeError, match="expects a str"):
        normalize(bad)  # type: ignore[arg-type]


def test_unknown_tone_style_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="modern"):
        normalize("hoà", tone_style="old")  # type: ignore[arg-type]


def test_empty_and_blank() -> None:
    assert normalize("") == ""
    assert normalize(" \n\t\u00a0 ") == ""


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâeêioôơuưyAĂÂEÊIOÔƠUƯYbcdđghklmnpqrstvxĐ .,\n\u00a0\u200b")
                             + list("\u0300\u0301\u0303\u0309\u0323")
                             + list("hoàhòathuỷthủyuỷủykhoẻkhỏequýgiữagìquốc")),
    max_size=60,
)


@given(st.one_of(VIETNAMESE, st.text(max_size=60)))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert normalize(once, tone_style="traditional") == normalize(text, tone_style="traditional")


def _letters_without_marks(text: str) -> str:
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return "".join(ch for ch in stripped.replace("đ", "d").replace("Đ", "D") if ch.isalpha())


@given(VIETNAMESE)
def test_normalize_only_moves_marks_never_letters(text: str) -> None:
    # Remove all diacritics from input and output: the same letters remain.
    assert _letters_without_marks(normalize(text)) == _letters_without_marks(
        clean_text(text.replace("\u00d0", "Đ").replace("\u00f0", "đ"))
    )


@given(st.one_of(VIETNAMESE, st.text(max_size=60)), st.sampled_from(["modern", "traditional"]))
def test_tones_placed_piece_by_piece_as_over_the_whole_text(text: str, style: str) -> None:
    # normalize re-tones each space-separated piece (and remembers the short ones): the result
    # must be the one regular-expression pass over the whole cleaned text that it replaces.
    from vnparty_nlp.preprocess import normalize as module

    cleaned = clean_text(text)
    whole = module._WORD.sub(lambda m: module._retone(m, style), cleaned)  # type: ignore[arg-type]
    assert module._retone_text(cleaned, style) == whole  # type: ignore[arg-type]
    assert normalize(text, tone_style=style) == unicodedata.normalize("NFC", whole)  # type: ignore[arg-type]
