"""Article cleaning on page layouts the seeds do not show (issue 15).

``tests/data/authored_pages.jsonl`` holds pages the team wrote to imitate what
Vietnamese news and portal sites print around an article; each case names the
layout it exercises. ``../shared/pages`` (real page text, never committed) is
scored too when present, against the goals of issue 15.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from typing import Any

import pytest

from tests.conftest import DATA, ROOT, read_jsonl
from vnparty_nlp import parse_article
from vnparty_nlp.corpus.dedupe import dedupe, near_duplicate_groups
from vnparty_nlp.preprocess.html import html_to_lines

CASES = read_jsonl(DATA / "authored_pages.jsonl")
PAGES = ROOT.parent / "shared" / "pages"


@pytest.mark.parametrize("case", CASES, ids=[c["case"][:60] for c in CASES])
def test_authored_layout(case: dict[str, Any]) -> None:
    article = parse_article(case["text"])
    assert article.title == case["title"]
    assert (article.date.isoformat() if article.date else None) == case["date"]
    assert len(article.paragraphs) == len(case["body"]), article.paragraphs
    for paragraph, start in zip(article.paragraphs, case["body"], strict=True):
        assert paragraph.startswith(start)
    assert list(article.captions) == case["captions"]
    if "byline" in case:
        assert article.byline == case["byline"]
    assert all(d.reason for d in article.dropped)


def test_furniture_is_dropped_with_its_reason() -> None:
    case = next(c for c in CASES if c["case"].startswith("widgets, related box and footer"))
    reasons = {d.text: d.reason for d in parse_article(case["text"]).dropped}
    assert reasons["In bài viết"] == "navigation or widget"
    assert reasons["Tin liên quan"] == "related-articles heading"
    assert reasons["Xã Bình Lợi học tập và làm theo Bác"] == "related-article teaser"
    case = next(c for c in CASES if c["case"].startswith("footer without a related box"))
    reasons = {d.text: d.reason for d in parse_article(case["text"]).dropped}
    assert reasons["Địa chỉ: số 1 đường Trần Phú"] == "page footer"
    assert reasons["Lượt xem: 532"] == "view counter"


def test_html_furniture_elements_and_the_article_element() -> None:
    case = next(c for c in CASES if c.get("html"))
    dropped = {d.text: d.reason for d in parse_article(case["text"]).dropped}
    assert dropped["Thứ Ba, 12/03/2024"].startswith("page furniture")
    assert dropped["Kinh tế"].startswith("page furniture")
    assert dropped["© Báo Nam Bình. Liên hệ quảng cáo: 0123 456 789"].startswith("page furniture")
    assert dropped["Chi bộ thôn 5 họp chuyên đề về nêu gương của đảng viên"].startswith("page furniture")


def test_a_form_that_wraps_the_whole_page_is_not_furniture() -> None:
    page = "<form><h1>Tin chi bộ thôn 3 sinh hoạt</h1><p>" + "Chi bộ thôn 3 sinh hoạt chuyên đề. " * 5 + "</p></form>"
    assert [line.hint for line in html_to_lines(page)] == ["heading", "text"]


def test_unclosed_list_items_are_closed_by_the_next_one() -> None:
    lines = html_to_lines("<ul><li>Một<li>Hai<li><b>Ba</b></ul><p>Bốn")
    assert [line.text for line in lines] == ["Một", "Hai", "Ba", "Bốn"]


def test_unclosed_items_do_not_pile_up_as_open_elements() -> None:
    # The shape that made parsing quadratic; timings are in benchmarks/bench_parse_scaling.py, not here.
    lines = html_to_lines("<ul>" + "<li>Chi bộ thôn sinh hoạt" * 40_000 + "</ul>")
    assert len(lines) == 40_000


def test_repeated_lead_is_flagged_and_fingerprints_find_the_same_story() -> None:
    body = [f"Năm {y}, Đảng ủy xã Nam Bình kết nạp {y % 40} đảng viên mới, nâng chất lượng chi bộ."
            for y in range(2001, 2016)]
    story = "Tin chi bộ xã Nam Bình\n\n" + "\n\n".join(body)
    syndicated = "Tin chi bộ xã Nam Bình\n\nBáo Nam Phong\n\n" + "\n\n".join(body) + "\n\nTheo: Báo Nam Bình"
    other = "Tin khác\n\n" + "\n\n".join(p.replace("Nam Bình", "Bắc Sơn").replace("kết nạp", "khen thưởng")
                                        for p in body)
    articles = [parse_article(t) for t in (story, syndicated, other)]
    assert near_duplicate_groups(["\n".join(a.paragraphs) for a in articles]) == [[0, 1]]
    kept = list(dedupe(articles, text=lambda a: "\n".join(a.paragraphs), name=lambda a: str(id(a))))
    assert kept == [articles[0], articles[2]]
    assert articles[0].fingerprint != articles[2].fingerprint
    lead = parse_article("Tin\n\nSáng 7-7, Ủy ban Kiểm tra tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.\n\n"
                         "Sáng 7-7, Ủy ban Kiểm tra (UBKT) tổ chức hội nghị sơ kết công tác, giám sát 6 tháng.")
    assert lead.repeated_lead == 1


def _report() -> Any:
    spec = importlib.util.spec_from_file_location("parsing_report", ROOT / "benchmarks" / "parsing_report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (PAGES / "index.jsonl").exists(), reason="../shared/pages is not present")
def test_real_pages_meet_the_goals_of_issue_15() -> None:
    score = _report().score_pages(PAGES)
    assert score.bodies >= 0.95 * score.pages, score.missed
    assert score.titles >= 0.95 * score.titled, score.missed
    assert score.dates >= 0.95 * score.dated, score.missed


def test_seed_dates_are_unchanged() -> None:
    seed = (ROOT / "seeds" / "002_36fbaf0990d157c1.txt").read_text(encoding="utf-8")
    assert parse_article(seed).date is None  # the portal's clock above the headline
    assert parse_article((ROOT / "seeds" / "000_9756f1c40b1f5186.txt").read_text("utf-8")).date == dt.date(2019, 12, 30)


def test_an_archive_stamp_counts_only_in_front_of_the_text() -> None:
    assert parse_article("Tin\n\n date 2020-01-01 Chi bộ họp định kỳ hằng tháng theo đúng quy định.").date is None
