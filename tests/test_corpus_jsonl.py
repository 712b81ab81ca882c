"""The one JSONL reader and its one paragraph split (vnparty_nlp/corpus/jsonl.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnparty_nlp.corpus.files import ArticleSource, iter_article_sources
from vnparty_nlp.corpus.jsonl import JsonlProblem, iter_corpus_paragraphs, iter_jsonl, record_paragraphs
from vnparty_nlp.training.documents import iter_topic_documents

# Authored text, not collected.
ARTICLE = ("Đảng bộ xã Quảng Sơn tổ chức hội nghị sơ kết\n\n"
           "Chi bộ thôn 3 họp định kỳ hằng tháng, đánh giá chất lượng sinh hoạt và kết nạp hai đảng viên mới.\n\n"
           "Ban Thường vụ Huyện ủy quyết định luân chuyển năm cán bộ chủ chốt về các xã khó khăn.\n")
SENTENCES = "Mở đầu.\n\nCâu một.\nCâu hai.\nCâu ba.\nCâu bốn.\nCâu năm.\nCâu sáu."
RECORDS = [
    {"id": "p", "paragraphs": ["Đoạn một.", "Đoạn hai."], "raw_html": "<p>Khác hẳn.</p>"},
    {"id": "s", "text": SENTENCES, "para_breaks": False},
    {"id": "a", "text": ARTICLE},
]


@pytest.mark.parametrize(
    ("record", "rule", "paragraphs"),
    [
        (RECORDS[0], "paragraphs", ("Đoạn một.", "Đoạn hai.")),  # the list wins over raw_html
        (RECORDS[1], "pseudo", ("Mở đầu.", "Câu một. Câu hai. Câu ba.", "Câu bốn. Câu năm. Câu sáu.")),
        (RECORDS[2], "article", None),
        ({"id": "h", "raw_html": "<p>" + ARTICLE.replace("\n\n", "</p><p>") + "</p>"}, "article", None),
    ],
    ids=["paragraphs-list", "para-breaks-false", "text", "raw-html"],
)
def test_each_rule_of_the_split(record: dict[str, object], rule: str, paragraphs: tuple[str, ...] | None) -> None:
    from vnparty_nlp.preprocess.article import parse_article

    split = record_paragraphs(record)
    assert split is not None and split.rule == rule
    raw = str(record.get("text", record.get("raw_html")))
    assert split.paragraphs == (paragraphs if paragraphs is not None else tuple(parse_article(raw).paragraphs))
    assert split.paragraphs


@pytest.mark.parametrize("record", [{"id": 1}, {"text": 3}, {"paragraphs": ["a", 2]}])
def test_a_record_without_article_text_has_no_split(record: dict[str, object]) -> None:
    assert record_paragraphs(record) is None


def test_every_reader_gives_the_same_paragraphs(tmp_path: Path) -> None:
    # The labels (iter_corpus_paragraphs), analyze's sources and the topic model's documents agree.
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    labelled = [(p.article_id, p.index, p.text) for p in iter_corpus_paragraphs(path)]
    sources = [s for s in iter_article_sources([path]) if isinstance(s, ArticleSource)]
    from_sources = [(s.key, i, text) for s in sources for i, text in enumerate(s.paragraphs)]
    documents = [(d.article_id, d.index, d.text) for d in iter_topic_documents([path])]
    assert labelled == from_sources == documents
    assert [p.pseudo for p in iter_corpus_paragraphs(path)].count(True) == 3


def test_bad_lines_are_reported_with_their_line_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": 1, "text": "A."}\n\n{"id": \n["a"]\n{"text": "\xff"}\n')
    found = list(iter_jsonl(path))
    assert [n for n, _ in found] == [1, 3, 4, 5]
    problems = [r for _, r in found if isinstance(r, JsonlProblem)]
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["3", "4", "5"]
    assert "not valid JSON" in problems[0].reason and problems[1].not_object
    assert "not UTF-8" in problems[2].reason
    with pytest.raises(ValueError, match=r"bad\.jsonl:3: not valid JSON"):
        list(iter_corpus_paragraphs(path))


def test_a_corpus_record_needs_an_id(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r'c\.jsonl:1: no "id"'):
        list(iter_corpus_paragraphs(path))


@pytest.mark.corpus
def test_the_shared_corpus_splits_as_its_committed_labels_say(corpus_dir: Path) -> None:
    # Every committed real label names a paragraph whose fingerprint still matches.
    from vnparty_nlp.training.dataset import load_corpus_labels

    labels = sorted((Path(__file__).parent.parent / "seeds" / "labels").glob("corpus_*.jsonl"))
    assert len(load_corpus_labels(labels, corpus_dir)) >= 3000
