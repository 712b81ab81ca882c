from __future__ import annotations

import pytest

from vnparty_nlp import Preprocessor, TokenizerConfig, tokenize
from vnparty_nlp.preprocess.abbreviations import abbreviation_table, expand_abbreviations
from vnparty_nlp.preprocess.stopwords import stopwords
from vnparty_nlp.preprocess.tokenize import syllables_batch


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("TCCSĐ", "củng cố TCCSĐ yếu kém", "củng cố tổ chức cơ sở đảng yếu kém"),
        ("KT - XH spaced", "điều kiện KT - XH", "điều kiện kinh tế - xã hội"),
        ("KT-XH tight", "điều kiện KT-XH", "điều kiện kinh tế - xã hội"),
        ("VH – XH en dash", "lĩnh vực VH – XH", "lĩnh vực văn hoá - xã hội"),
        ("BTV", "BTV Huyện uỷ", "ban thường vụ Huyện uỷ"),
        ("HĐND and UBND", "HĐND, UBND xã", "hội đồng nhân dân, uỷ ban nhân dân xã"),
        ("MTTQ", "Ủy ban MTTQ", "Ủy ban mặt trận tổ quốc"),
        ("TCCS Đảng", "68 TCCS Đảng", "68 tổ chức cơ sở đảng"),
        ("bracketed repeat removed", "tổ chức cơ sở đảng (TCCSĐ) vững mạnh", "tổ chức cơ sở đảng vững mạnh"),
        ("not inside a word", "BTVX và ABTV", "BTVX và ABTV"),
        ("case-sensitive", "btv", "btv"),
    ],
)
def test_abbreviation_expansion(label: str, text: str, expected: str) -> None:
    assert expand_abbreviations(text) == expected


def test_the_abbreviation_table_covers_what_the_seeds_use() -> None:
    table = abbreviation_table()
    for abbreviation in ("TCCSĐ", "KT - XH", "VH - XH", "BTV", "HĐND", "UBND", "MTTQ"):
        assert abbreviation in table


def test_stopwords_are_function_words_not_domain_words() -> None:
    words = stopwords()
    assert {"và", "của", "các", "những", "được"} <= words
    assert not words & {"đảng", "chi_bộ", "đảng_viên", "cán_bộ", "kinh_tế", "kết_nạp", "quy_hoạch", "tuyên_truyền"}


def test_tokenize_segments_lowercases_and_filters() -> None:
    tokens = tokenize("Năm 2019, Đảng bộ huyện kết nạp 185 đảng viên mới; tăng trưởng đạt 10,5%.")
    assert "đảng_bộ" in tokens and "kết_nạp" in tokens and "tăng_trưởng" in tokens
    assert all(t == t.lower() for t in tokens)
    assert not any(t in {"2019", "185", "10,5", "%", ",", ".", ";"} for t in tokens)
    assert "của" not in tokens


def test_both_tone_styles_give_the_same_tokens() -> None:
    assert tokenize("Huyện ủy chỉ đạo hòa giải, văn hóa") == tokenize("Huyện uỷ chỉ đạo hoà giải, văn hoá")


def test_abbreviation_and_spelt_out_form_give_the_same_tokens() -> None:
    assert tokenize("xây dựng TCCSĐ trong sạch") == tokenize("xây dựng tổ chức cơ sở đảng trong sạch")


@pytest.mark.parametrize("blank", ["", "   ", "\n", "... ,,, !!!", "2019 10% 1.400"])
def test_nothing_to_tokenize_gives_an_empty_list(blank: str) -> None:
    assert tokenize(blank) == []


@pytest.mark.parametrize("bad", [None, 1.5, b"chi bo", ["chi bộ"]])
def test_non_str_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expects a str"):
        tokenize(bad)  # type: ignore[arg-type]


def test_config_switches_change_the_output() -> None:
    text = "Các chi bộ của Đảng bộ xã"
    assert "các" in tokenize(text, TokenizerConfig(remove_stopwords=False))
    assert "Đảng_bộ" in tokenize(text, TokenizerConfig(lowercase=False))
    with pytest.raises(ValueError):
        TokenizerConfig(tone_style="old")  # type: ignore[arg-type]


def test_tokenize_returns_a_fresh_list_each_time() -> None:
    first = tokenize("chi bộ thôn")
    first.append("x")
    assert tokenize("chi bộ thôn") == ["chi_bộ", "thôn"]


def test_preprocessor_applies_tokenize_and_follows_sklearn() -> None:
    from sklearn.base import clone

    texts = ["Chi bộ kết nạp đảng viên.", "Huyện ủy luân chuyển cán bộ."]
    prep = Preprocessor()
    assert prep.fit(texts) is prep
    assert prep.transform(texts) == [" ".join(tokenize(t)) for t in texts]
    assert clone(prep).get_params() == prep.get_params()
    assert Preprocessor(remove_stopwords=False).transform(["các chi bộ"]) == ["các chi_bộ"]
    with pytest.raises(TypeError, match="list of texts"):
        prep.transform("Chi bộ")


def test_every_abbreviation_starts_with_two_capitals() -> None:
    # expand_abbreviations skips texts without two capitals in a row.
    for abbreviation in abbreviation_table():
        assert abbreviation[:2].isupper() and abbreviation[:2].isalpha(), abbreviation


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("small words kept", "Chi bộ đã và đang cần phải học.", "chi bộ đã và đang cần phải học"),
        ("numbers and punctuation dropped", "Năm 2019: 185 đảng viên (12%)!", "năm đảng viên"),
        ("abbreviations expanded", "BTV Huyện ủy họp", "ban thường vụ huyện uỷ họp"),
        ("one tone placement", "hòa giải, Huyện ủy", "hoà giải huyện uỷ"),
        ("i/y spellings made one", "lí luận, 5 tỉ đồng", "lý luận tỷ đồng"),
        ("mixed letters and digits kept", "tổ 3a, COVID-19", "tổ 3a covid"),
        ("blank", " \n… ,, 2019", ""),
    ],
)
def test_syllables_are_prepared_as_tokens_but_not_segmented_or_filtered(label: str, text: str, expected: str) -> None:
    assert syllables_batch([text]) == [expected]
    assert " ".join(expected.split()) == expected  # one space between syllables, none at the ends


def test_syllables_follow_the_config() -> None:
    text = "Huyện ủy lí luận"
    assert syllables_batch([text], TokenizerConfig(lowercase=False)) == ["Huyện uỷ lý luận"]
    assert syllables_batch([text], TokenizerConfig(tone_style="traditional")) == ["huyện ủy lý luận"]
    assert syllables_batch([text, text, ""]) == ["huyện uỷ lý luận"] * 2 + [""]
