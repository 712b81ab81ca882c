"""Mojibake is repaired, and i/y spelling variants are one word (issues 14.5 and 13.5). Table-driven pairs."""

from __future__ import annotations

import json

import pytest

import vnparty_nlp
from tests.conftest import ROOT
from tests.golden import corpus_paragraphs, golden_texts
from vnparty_nlp import TokenizerConfig, classify, normalize, parse_article, tokenize
from vnparty_nlp.preprocess.normalize import clean_text, fix_mojibake, i_to_y
from vnparty_nlp.preprocess.tokenize import syllables_batch


def double_decoded(text: str, codec: str) -> str:
    """What a page shows when its UTF-8 bytes were read as ``codec``."""
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252 (0x81, 0x8D... kept as C1)

    return text.encode("utf-8").decode(codec)


CLEAN = [
    "Đảng bộ xã kết nạp 12 đảng viên mới, đạt 120% chỉ tiêu.",
    "Ban Thường vụ Huyện uỷ bổ nhiệm đồng chí Nguyễn Văn Trường giữ chức Phó Bí thư.",
    "Đầu tư 50 tỷ đồng xây dựng nông thôn mới; thu nhập bình quân đạt 45 triệu đồng/người/năm.",
]
MOJIBAKE_PAIRS = [
    ("Ä\x90áº£ng", "Đảng"),  # the example
    *[(double_decoded(t, "latin-1"), t) for t in CLEAN],
    *[(double_decoded(t, "sloppy-windows-1252"), t) for t in CLEAN],
    (double_decoded(double_decoded(CLEAN[0], "latin-1"), "latin-1"), CLEAN[0]),  # decoded three times
]


@pytest.mark.parametrize(("broken", "fixed"), MOJIBAKE_PAIRS)
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert fix_mojibake(broken) == fixed
    assert clean_text(broken) == clean_text(fixed)
    assert normalize(broken) == normalize(fixed)
    assert tokenize(broken) == tokenize(fixed)
    assert classify(broken) == classify(fixed)
    assert normalize(broken, fix_mojibake=False) != normalize(fixed)  # the option turns it off
    assert tokenize(broken, TokenizerConfig(fix_mojibake=False)) != tokenize(fixed)


def test_a_mojibake_paragraph_gets_its_themes_back() -> None:
    text = "Đảng uỷ xã kết nạp 5 đảng viên mới, nâng tổng số lên 240 đồng chí."
    broken = double_decoded(text, "latin-1")
    assert classify(text).labels and classify(broken).labels == classify(text).labels
    assert parse_article(broken).paragraphs == parse_article(text).paragraphs


@pytest.mark.parametrize("text", [
    "Hà Nội « 30/4 » – Đảng bộ",  # Latin-1 punctuation next to Vietnamese letters
    "Nhiệt độ 35°C, độ ẩm 80%, ½ diện tích, giá 3€",
    "Ông Đỗ Văn Ân — Bí thư, ‘Đổi mới’ và “hội nhập”…",
    "naïve café Ålborg Øresund São Paulo",
])
def test_clean_text_with_latin_characters_is_left_alone(text: str) -> None:
    assert fix_mojibake(text) == text


def test_mojibake_repair_changes_no_seed_or_labelled_paragraph() -> None:
    texts = [t for _, t in golden_texts()]
    texts += [p for f in sorted((ROOT / "seeds").glob("*.txt")) for p in [f.read_text("utf-8")]]
    for path in sorted((ROOT / "seeds" / "labels").glob("*.jsonl")):
        texts += [json.loads(line).get("text", "") for line in path.read_text("utf-8").splitlines() if line.strip()]
    changed = [t[:60] for t in texts if fix_mojibake(t) != t]
    assert changed == []


@pytest.mark.corpus
def test_mojibake_repair_changes_no_corpus_paragraph(corpus_dir: object) -> None:
    paragraphs = list(corpus_paragraphs())
    assert len(paragraphs) > 3_000
    changed = [p.fingerprint for p in paragraphs if fix_mojibake(p.text) != p.text]
    assert changed == []


# i/y: (written with i, written with y). Every tone mark, upper and title case.
I_Y_PAIRS = [
    ("lí luận chính trị", "lý luận chính trị"),
    ("quản lí", "quản lý"),
    ("tỉ đồng", "tỷ đồng"),
    ("tỉ lệ", "tỷ lệ"),
    ("kĩ thuật", "kỹ thuật"),
    ("kỉ luật đảng viên", "kỷ luật đảng viên"),
    ("kì họp thứ 5", "kỳ họp thứ 5"),
    ("kí kết", "ký kết"),
    ("kị binh", "kỵ binh"),
    ("mĩ thuật", "mỹ thuật"),
    ("mì ăn liền", "mỳ ăn liền"),
    ("Mị Châu", "Mỵ Châu"),
    ("quí I", "quý I"),
    ("qui định", "quy định"),
    ("qui hoạch cán bộ", "quy hoạch cán bộ"),
    ("quĩ đất", "quỹ đất"),
    ("quì gối", "quỳ gối"),
    ("quỉ", "quỷ"),
    ("quị", "quỵ"),
    ("hi sinh", "hy sinh"),
    ("hi vọng", "hy vọng"),
    ("hoan hỉ", "hoan hỷ"),
    ("li hôn", "ly hôn"),
    ("lì lợm", "lỳ lợm"),
    ("huyện lị", "huyện lỵ"),
    ("công ti", "công ty"),
    ("tì vết", "tỳ vết"),
    ("một tí", "một tý"),
    ("tị nạn", "tỵ nạn"),
    ("LÍ LUẬN", "LÝ LUẬN"),
    ("Kỉ luật", "Kỷ luật"),
    ("QUÍ", "QUÝ"),
]


@pytest.mark.parametrize(("with_i", "with_y"), I_Y_PAIRS)
def test_i_and_y_spellings_are_one_word(with_i: str, with_y: str) -> None:
    assert i_to_y(with_i) == with_y and i_to_y(with_y) == with_y
    assert normalize(with_i) == with_i  # normalize keeps the spelling unless asked
    assert normalize(with_i, i_to_y=True) == normalize(with_y)
    assert tokenize(with_i) == tokenize(with_y)
    assert tokenize(with_i, TokenizerConfig(i_to_y=False)) != tokenize(with_y, TokenizerConfig(i_to_y=False))
    assert syllables_batch([with_i]) == syllables_batch([with_y])  # the classifier's syllable n-grams
    assert syllables_batch([with_i], TokenizerConfig(i_to_y=False)) != syllables_batch([with_y])
    assert classify(with_i) == classify(with_y)


@pytest.mark.parametrize(("with_i", "with_y"), [
    ("Chi bộ bồi dưỡng lí luận chính trị cho đảng viên.", "Chi bộ bồi dưỡng lý luận chính trị cho đảng viên."),
    ("Huyện đầu tư 50 tỉ đồng xây dựng đường giao thông nông thôn.",
     "Huyện đầu tư 50 tỷ đồng xây dựng đường giao thông nông thôn."),
    ("Ủy ban Kiểm tra đề nghị thi hành kỉ luật khiển trách một đảng viên.",
     "Ủy ban Kiểm tra đề nghị thi hành kỷ luật khiển trách một đảng viên."),
    ("Đẩy mạnh ứng dụng khoa học kĩ thuật vào sản xuất nông nghiệp.",
     "Đẩy mạnh ứng dụng khoa học kỹ thuật vào sản xuất nông nghiệp."),
])
def test_paragraphs_with_either_spelling_get_the_same_themes_and_topics(with_i: str, with_y: str) -> None:
    assert classify(with_i) == classify(with_y)
    if hasattr(vnparty_nlp, "topic_mix"):
        assert vnparty_nlp.topic_mix(with_i) == vnparty_nlp.topic_mix(with_y)


@pytest.mark.parametrize("text", [
    "y tế", "Y", "ý kiến", "ỷ lại", "tuy nhiên", "huy động", "thuỷ lợi", "khuya", "hay", "cây", "kiên trì",
    "yêu nước", "khi", "thi đua", "chỉ thị", "nghị quyết", "phi", "bác sĩ", "chiến sỹ", "ki-ốt", "Li-băng", "ti-vi",
    "lông mi", "hí hửng", "tim", "lý", "kỳ", "Ki", "Mi", "mí mắt", "tiểu", "quyết", "quyền", "khuỷu", "HI-TECH",
])
def test_other_i_and_y_are_never_touched(text: str) -> None:
    assert i_to_y(text) == text
