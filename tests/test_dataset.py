from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from vnparty_nlp.themes.labels import LABELS
from vnparty_nlp.training.dataset import (
    TrainingDataError,
    load_authored,
    load_corpus_labels,
    load_seed_labels,
)

LABEL_DIR = SEEDS / "labels"


def test_every_seed_body_paragraph_is_labelled() -> None:
    from vnparty_nlp import parse_article

    rows = load_seed_labels(LABEL_DIR / "seed_paragraphs.jsonl", SEEDS)
    total = sum(len(parse_article(p.read_text(encoding="utf-8")).paragraphs) for p in SEEDS.glob("*.txt"))
    assert len(rows) == total


def test_authored_paragraphs_meet_the_quotas() -> None:
    rows = load_authored(sorted(LABEL_DIR.glob("authored_*.jsonl")))
    assert len(rows) >= 600
    assert all(r.origin == "authored" for r in rows)
    for label in LABELS:
        assert sum(label in r.labels for r in rows) >= 150, label
    assert sum(len(r.labels) > 1 for r in rows) >= 100
    assert sum(not r.labels for r in rows) >= 60
    assert len({r.text for r in rows}) == len(rows)


def test_corpus_label_files_hold_no_text() -> None:
    for path in LABEL_DIR.glob("corpus_*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert "text" not in record
            assert set(record) <= {"corpus", "id", "index", "fingerprint", "labels", "note", "round", "selected_by",
                                   "review"}
            # A note is the annotator's short reason, never a copy of the paragraph.
            assert len(record.get("note", "")) <= 160


def test_label_review_files_hold_keys_not_text() -> None:
    """The audit and agreement records (seeds/labels/review/) name paragraphs by key only."""
    files = sorted((LABEL_DIR / "review").glob("*.jsonl"))
    assert files
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "_comment" in record:
                continue
            assert "text" not in record
            assert all(len(str(value)) <= 200 for value in record.values() if isinstance(value, str))


def test_eval_label_files_hold_keys_not_text() -> None:
    """seeds/labels/eval/ holds evaluation-only labels: a comment first, then keys, fingerprints and labels."""
    files = sorted((LABEL_DIR / "eval").glob("*.jsonl"))
    assert files
    keys = {"corpus", "id", "index", "fingerprint", "labels", "note"}
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert "never for training" in json.loads(lines[0])["_comment"]
        for line in lines[1:]:
            record = json.loads(line)
            assert set(record) <= keys and "text" not in record
            assert set(record["labels"]) <= set(LABELS)
            assert len(record.get("note", "")) <= 160


def test_training_never_reads_the_eval_labels(tmp_path: Path) -> None:
    """Labels under seeds/labels/eval/ are for evaluation: the default training data must not pick them
    up, even when a file there is named like a training file."""
    from vnparty_nlp.training.train import collect_training_data

    labels = tmp_path / "repo" / "seeds" / "labels"
    (labels / "eval").mkdir(parents=True)
    (labels / "seed_paragraphs.jsonl").write_text('{"_comment": "no seed articles here"}\n', encoding="utf-8")
    train_row = {"text": "Chi bộ thôn kết nạp 2 đảng viên mới.", "labels": ["cell_quality"]}
    eval_row = {"text": "Huyện tinh giản 12 biên chế.", "labels": ["personnel"]}
    (labels / "authored_a.jsonl").write_text(json.dumps(train_row, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("authored_b.jsonl", "corpus_pages.jsonl", "pages_themes.jsonl"):
        (labels / "eval" / name).write_text(json.dumps(eval_row, ensure_ascii=False) + "\n", encoding="utf-8")
    data = collect_training_data(root=tmp_path / "repo")
    assert [p.text for p in data.mix(("seed", "authored", "real"))] == [train_row["text"]]
    assert not any("eval" in source for source in data.sources)


def test_real_labels_join_the_corpus(corpus_dir: Path) -> None:
    rows = load_corpus_labels(sorted(LABEL_DIR.glob("corpus_*.jsonl")), corpus_dir)
    assert len(rows) >= 250
    assert len({r.group for r in rows}) >= 50


@pytest.mark.parametrize(
    ("label", "content", "message"),
    [
        ("malformed JSON", '{"text": "Chi bộ", "labels": []}\n{"text": \n', ":2: not valid JSON"),
        ("unknown label", '{"text": "Chi bộ", "labels": ["culture"]}\n', ":1: unknown theme 'culture'"),
        ("empty text", '{"text": "  ", "labels": []}\n', ':1: "text" is missing or empty'),
        ("labels not a list", '{"text": "Chi bộ", "labels": "ideology"}\n', ':1: "labels" must be a list'),
        ("not an object", '["Chi bộ"]\n', ":1: expected a JSON object"),
    ],
)
def test_bad_training_input_names_file_line_and_reason(tmp_path: Path, label: str, content: str,
                                                       message: str) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TrainingDataError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        load_authored([path])
    assert str(path) in str(info.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="no such file"):
        load_authored([tmp_path / "absent.jsonl"])


def test_a_changed_seed_paragraph_is_detected(tmp_path: Path) -> None:
    rows = (LABEL_DIR / "seed_paragraphs.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(rows[0])
    first["fingerprint"] = "0" * 16
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps(first) + "\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="changed since it was labelled"):
        load_seed_labels(path, SEEDS)


def test_labels_keyed_to_article_files_read_the_same_paragraphs_as_the_seed_labels(tmp_path: Path) -> None:
    """``{"article": file name, "index", "fingerprint"}``, as `vnparty-nlp label` writes for .txt/.html files."""
    rows = [json.loads(line) for line in (LABEL_DIR / "seed_paragraphs.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    keyed = tmp_path / "labels.jsonl"
    keyed.write_text("".join(json.dumps({"article": r["seed"], **{k: r[k] for k in ("index", "fingerprint", "labels")}})
                             + "\n" for r in rows), encoding="utf-8")
    seeds = load_seed_labels(LABEL_DIR / "seed_paragraphs.jsonl", SEEDS)
    articles = load_corpus_labels([keyed], [SEEDS])
    assert [(p.text, p.labels) for p in articles] == [(p.text, p.labels) for p in seeds]
    assert [p.group for p in articles] == [p.group.replace("seed/", "article/") for p in seeds]
    assert {p.origin for p in articles} == {"real"}
    first = json.loads(keyed.read_text(encoding="utf-8").splitlines()[0])
    for change, message in [({"index": 999}, "has no body paragraph 999"),
                            ({"fingerprint": "0" * 16}, "changed since it was labelled"),
                            ({"article": "absent.txt"}, "article file absent.txt not found")]:
        keyed.write_text(json.dumps({**first, **change}) + "\n", encoding="utf-8")
        with pytest.raises(TrainingDataError, match=f"labels.jsonl:1: .*{message}"):
            load_corpus_labels([keyed], [SEEDS])
def test_seed_paragraphs_carry_their_article_as_context() -> None:
    from vnparty_nlp import parse_article

    rows = load_seed_labels(LABEL_DIR / "seed_paragraphs.jsonl", SEEDS)
    first = rows[0]
    article = parse_article((SEEDS / first.group.split("/", 1)[1]).read_text(encoding="utf-8"))
    assert first.context is not None and first.context.title == (article.title or "")
    index = article.paragraphs.index(first.text)
    assert first.context.before == article.paragraphs[:index]
    assert first.context.after == article.paragraphs[index + 1 :]
    assert all(r.context is not None for r in rows)
    assert all(r.context is None for r in load_authored([LABEL_DIR / "authored_north.jsonl"]))


def test_real_paragraphs_carry_their_corpus_article_as_context(corpus_dir: Path) -> None:
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    rows = load_corpus_labels([LABEL_DIR / "corpus_daksong.jsonl"], corpus_dir)
    row = rows[0]
    corpus, article_id = row.group.split("/", 1)
    article = [p.text for p in iter_corpus_paragraphs(corpus_dir / f"{corpus}.jsonl") if p.article_id == article_id]
    titles = [json.loads(line).get("title") for line in (corpus_dir / f"{corpus}.jsonl").read_text("utf-8").splitlines()
              if line.strip() and str(json.loads(line)["id"]) == article_id]
    assert row.context is not None and row.context.title == titles[0]
    index = len(row.context.before)
    assert (*row.context.before, row.text, *row.context.after) == tuple(article)
    assert article[index] == row.text


def test_no_committed_data_file_copies_corpus_text(corpus_dir: Path) -> None:
    """Labels, gold sets and fixtures keep ids and offsets, never corpus text: no 80-character run of a
    corpus paragraph (checked at every 40th character, as the project's stop hook does) appears in them."""
    width = 80
    shingles: set[str] = set()
    for path in corpus_dir.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for text in record.get("paragraphs") or [record.get("text", "")]:
                text = " ".join(str(text).split())
                shingles.update(text[i : i + width] for i in range(0, max(0, len(text) - width), 40))
    root = LABEL_DIR.parent.parent
    # seeds/ is left out as the hook leaves it out: the authored paragraphs use official names (a directive's
    # 90-character title) that the corpus uses too. The label files there are checked key by key above.
    # Test modules too: table-driven cases are written by hand and must not be pasted from the corpus.
    files = [*root.glob("tests/data/*.jsonl"), *root.glob("tests/*.py"), *root.glob("docs/*.md"),
             *root.glob("README.md")]
    for path in files:
        text = " ".join(path.read_text(encoding="utf-8").split())
        copied = next((i for i in range(len(text) - width) if text[i : i + width] in shingles), None)
        assert copied is None, f"{path.relative_to(root)} copies corpus text at character {copied}"
