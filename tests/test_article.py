from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, SEEDS
from vnparty_nlp import Article, parse_article
from vnparty_nlp.preprocess.normalize import clean_text

GOLDEN = json.loads((DATA / "seed_articles_golden.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_seed_article_matches_what_a_careful_reader_finds(name: str) -> None:
    expected = GOLDEN[name]
    article = parse_article((SEEDS / name).read_text(encoding="utf-8"))
    assert article.title == expected["title"]
    assert (article.date.isoformat() if article.date else None) == expected["date"]
    assert article.byline == expected["byline"]
    assert article.source == expected["source"]
    assert len(article.paragraphs) == len(expected["paragraphs"])
    for got, want in zip(article.paragraphs, expected["paragraphs"], strict=True):
        assert got.startswith(want["starts"]) and got.endswith(want["ends"])
    assert [c[:60] for c in article.captions] == expected["captions"]
    assert len(article.related) == expected["related"]
    assert sorted({d.reason for d in article.dropped}) == expected["dropped_reasons"]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_input_line_is_a_paragraph_or_dropped_with_a_reason(name: str) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    article = parse_article(raw)
    lines = Counter(line for line in clean_text(raw).split("\n") if line)
    accounted = Counter(article.paragraphs) + Counter(d.text for d in article.dropped)
    assert accounted == lines
    assert all(d.reason for d in article.dropped)


def test_no_body_paragraph_is_boilerplate() -> None:
    for name in GOLDEN:
        article = parse_article((SEEDS / name).read_text(encoding="utf-8"))
        for paragraph in article.paragraphs:
            assert "Ảnh:" not in paragraph
            assert "Lượt xem" not in paragraph and "truy cập" not in paragraph
            assert paragraph not in article.captions and paragraph not in article.related
        assert len(set(article.paragraphs)) == len(article.paragraphs)


def test_paragraphs_keep_their_original_wording() -> None:
    article = parse_article((SEEDS / "002_36fbaf0990d157c1.txt").read_text(encoding="utf-8"))
    # Tone marks are not moved in paragraphs: "Huyện uỷ" stays as the source wrote it.
    assert "Ban Thường vụ Huyện uỷ" in article.paragraphs[0]
    article = parse_article((SEEDS / "004_a4aaadf90ddeff47.txt").read_text(encoding="utf-8"))
    assert "chủ trương của Đảng" in article.paragraphs[2]  # U+00D0 "Ð" fixed


HTML_ARTICLE = """<html><head><title>Cổng TTĐT huyện</title><style>p {color: red}</style></head><body>
<h1>Đảng bộ x&atilde; Nam B&igrave;nh kết nạp 12 đảng vi&ecirc;n mới</h1>
<p>09:15, 12/03/2021</p>
<p>Năm 2020, Đảng ủy x&atilde; Nam B&igrave;nh đ&atilde; kết nạp 12 đảng vi&ecirc;n mới,&nbsp;n&acirc;ng tổng
số đảng vi&ecirc;n to&agrave;n Đảng bộ l&ecirc;n 214 đồng ch&iacute;.</p>
<script>var views = 1234; document.write("Lượt xem");</script>
<table><tr><td><img src="a.jpg" alt=""></td></tr><tr><td>Lễ kết nạp đảng vi&ecirc;n tại Chi bộ thôn 3</td></tr></table>
<p>C&aacute;c chi bộ duy tr&igrave; sinh hoạt định kỳ, nội dung sinh hoạt được đổi mới theo hướng thiết thực.</p>
<p>Minh Anh</p>
</body></html>"""


def test_html_with_entities_scripts_and_captions() -> None:
    article = parse_article(HTML_ARTICLE)
    assert article.title == "Đảng bộ xã Nam Bình kết nạp 12 đảng viên mới"
    assert article.date == dt.date(2021, 3, 12)
    assert article.paragraphs == (
        "Năm 2020, Đảng ủy xã Nam Bình đã kết nạp 12 đảng viên mới, nâng tổng số đảng viên toàn Đảng bộ "
        "lên 214 đồng chí.",
        "Các chi bộ duy trì sinh hoạt định kỳ, nội dung sinh hoạt được đổi mới theo hướng thiết thực.",
    )
    assert article.captions == ("Lễ kết nạp đảng viên tại Chi bộ thôn 3",)
    assert article.byline == "Minh Anh"
    assert not any("document.write" in d.text or "color" in d.text for d in article.dropped)


def test_html_and_plain_text_give_the_same_paragraphs() -> None:
    plain = "Tin ngắn về chi bộ thôn\n\nChi bộ thôn 5 tổ chức sinh hoạt chuyên đề về nêu gương."
    html = ("<h2>Tin ngắn về chi bộ thôn</h2>"
            "<p>Chi bộ th&ocirc;n 5 tổ chức sinh hoạt chuy&ecirc;n đề về n&ecirc;u gương.</p>")
    assert parse_article(plain).paragraphs == parse_article(html).paragraphs


@pytest.mark.parametrize("blank", ["", "   ", "\n\n\t", "\u00a0\u200b"])
def test_empty_input_gives_an_empty_article(blank: str) -> None:
    assert parse_article(blank) == Article()


@pytest.mark.parametrize("bad", [None, 12, b"<p>x</p>", ["a"]])
def test_non_str_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expects the article as a str"):
        parse_article(bad)  # type: ignore[arg-type]


def test_to_dict_is_json_ready() -> None:
    article = parse_article((SEEDS / "000_9756f1c40b1f5186.txt").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    assert data["date"] == "2019-12-30"
    assert data["paragraphs"] == list(article.paragraphs)


@settings(max_examples=300)
@given(st.text(max_size=400) | st.lists(st.sampled_from(
    ["<p>", "</p>", "&nbsp;", "&agrave;", "Tin liên quan", "Ảnh: A", "10:04, 20/08/2020", ".", "\n", "\n\n",
     "Chi bộ kết nạp đảng viên.", "Lượt xem: 3", "Thu Chung", "<table><img>", "<script>", "...", "<br>"]),
    max_size=40).map("".join))
def test_parse_article_never_raises_on_any_str(text: str) -> None:
    article = parse_article(text)
    assert isinstance(article, Article)
    assert all(isinstance(p, str) and p for p in article.paragraphs)


# ----------------------------------------------- places, organisations and people of an article

ENTITY_CASES = [
    # (title, paragraphs, places as (name, level, province_2025), organisations, people as (name, position))
    (
        "Huyện ủy Đắk Song tổng kết năm 2019",
        ("Đảng bộ huyện Đăk Song, tỉnh Đắk Nông có 35 chi, đảng bộ.", "Chi bộ thôn 3 xã Trường Xuân và Đắk Nông."),
        [("Đắk Song", "district", "Lâm Đồng"), ("Đắk Nông", "province", "Lâm Đồng"),
         ("Trường Xuân", "commune", None)],
        ["Huyện ủy Đắk Song", "Đảng bộ huyện Đăk Song", "Chi bộ thôn 3 xã Trường Xuân"],
        [],
    ),
    (  # an old province and a new one; the title is read too
        "Tỉnh ủy Hà Giang làm việc với tỉnh Tuyên Quang",
        ("Đồng chí Nguyễn Văn A, Bí thư Tỉnh ủy Hà Giang phát biểu.", "Hà Giang và Tuyên Quang hợp nhất."),
        [("Hà Giang", "province", "Tuyên Quang"), ("Tuyên Quang", "province", "Tuyên Quang")],
        ["Tỉnh ủy Hà Giang"],
        [("Nguyễn Văn A", "Bí thư Tỉnh ủy Hà Giang")],
    ),
    (  # one person, named twice: the position written anywhere is kept
        None,
        ("Ông Trần Văn B phát biểu tại UBND xã Quảng Lâm.", "Đồng chí Trần Văn B, Chủ tịch UBND xã, kết luận."),
        [("Quảng Lâm", "commune", None)],
        ["UBND xã Quảng Lâm", "UBND xã"],
        [("Trần Văn B", "Chủ tịch UBND xã")],
    ),
    (None, (), [], [], []),
]


@pytest.mark.parametrize(("title", "paragraphs", "places", "organisations", "people"), ENTITY_CASES)
def test_article_places_organisations_and_people(title, paragraphs, places, organisations, people) -> None:
    article = Article(title=title, paragraphs=paragraphs)
    assert [(p.name, p.level, p.province_2025) for p in article.places] == places
    assert [o.text for o in article.organisations] == organisations
    assert [(p.name, p.position) for p in article.people] == people
    assert article.places is article.places  # computed once


def test_parsed_article_entities_and_to_dict_unchanged() -> None:
    article = parse_article((SEEDS / "000_9756f1c40b1f5186.txt").read_text(encoding="utf-8"))
    assert ("Đầm Hà", "district") in [(p.name, p.level) for p in article.places]
    assert "places" not in article.to_dict()  # the properties are not fields: JSON output is as before


def test_preprocess_does_not_import_the_extractors() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from vnparty_nlp.preprocess.article import parse_article; "
        "a = parse_article('Tiêu đề\\n\\nĐảng bộ huyện Đầm Hà có 35 chi bộ trực thuộc.'); "
        "print('vnparty_nlp.extract' in sys.modules, end=' '); a.places; print('vnparty_nlp.extract' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
