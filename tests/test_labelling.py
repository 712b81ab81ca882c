"""`vnparty-nlp label` and vnparty_nlp.labelling, driven without a terminal.

The corpus here is written by the team for the tests (no collected text): a
JSONL corpus with ``paragraphs`` records, one with one-sentence-per-line
``text``, and a folder of two article files.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from vnparty_nlp.corpus.files import InputProblem
from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs, text_fingerprint
from vnparty_nlp.labelling import (
    LabelFile,
    LabellingError,
    Paragraph,
    Proposal,
    iter_paragraphs,
    parse_answer,
    read_batch,
    run_session,
    select,
    thresholds_of,
    uncertainty,
    write_batch,
)
from vnparty_nlp.labelling.command import add_arguments, run
from vnparty_nlp.registry import current_models
from vnparty_nlp.themes.labels import LABELS
from vnparty_nlp.training.dataset import load_corpus_labels
from vnparty_nlp.training.train import collect_training_data

PORTAL = [
    {"id": "p1", "title": "Huyện ủy quán triệt nghị quyết", "paragraphs": [
        "Ban Thường vụ Huyện ủy tổ chức hội nghị quán triệt Nghị quyết Trung ương cho 300 cán bộ, đảng viên.",
        "Hội nghị diễn ra trong một buổi sáng.",
        "Năm qua, Đảng bộ huyện kết nạp 120 đảng viên mới, đạt 105% chỉ tiêu.",
    ]},
    {"id": "p2", "title": "Kinh tế huyện tăng trưởng", "paragraphs": [
        "Huyện đạt tốc độ tăng trưởng kinh tế 8,2%, thu ngân sách vượt dự toán 12%.",
        "Tỉnh ủy điều động, bổ nhiệm đồng chí Trưởng ban Tổ chức giữ chức Bí thư Huyện ủy.",
        "Bà con trồng cà phê và hồ tiêu trên các sườn đồi.",
        "   ",
    ]},
]
NEWS = [
    {"id": "n1", "title": "Kỷ luật cảnh cáo", "para_breaks": False, "text": (
        "Ủy ban Kiểm tra Tỉnh ủy họp kỳ thứ 12.\n\nỦy ban đã thi hành kỷ luật cảnh cáo một đảng viên.\n"
        "Đảng viên này vi phạm quy định về những điều đảng viên không được làm.\nChi bộ đã kiểm điểm.\n"
        "Cuộc họp kết thúc lúc 11 giờ.\nTỉnh đạt tốc độ tăng trưởng 7%.\nThu ngân sách vượt dự toán.")},
]
ARTICLES = {
    "a1.txt": "Chi bộ thôn 3 sinh hoạt chuyên đề\n\nChi bộ thôn 3 tổ chức sinh hoạt chuyên đề về học tập và "
              "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n\nCác đảng viên đăng ký một việc làm nêu gương.\n",
    "a2.txt": "Xã tổ chức lễ chào cờ\n\nSáng 3/4, Đảng ủy xã tổ chức lễ chào cờ đầu tháng với sự tham dự của "
              "cán bộ, công chức và đoàn viên thanh niên.\n\n"
              "Huyện cử 15 công chức xã đi bồi dưỡng kỹ năng quản lý nhà nước.\n",
}


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> list[Path]:
    """Two JSONL corpora and a folder of articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [_write_jsonl(tmp_path / "portal.jsonl", PORTAL), _write_jsonl(tmp_path / "news.jsonl", NEWS), folder]


def _paragraphs(paths: list[Path]) -> list[Paragraph]:
    items = list(iter_paragraphs(paths))
    assert not [i for i in items if isinstance(i, InputProblem)]
    return [i for i in items if isinstance(i, Paragraph)]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- reading the corpus: the keys are the label format ---------------------------------------------

def test_paragraphs_are_keyed_as_the_label_format_splits_them(corpus: list[Path]) -> None:
    paragraphs = _paragraphs(corpus)
    jsonl = [p for p in paragraphs if "corpus" in dict(p.fields)]
    expected = [(c.corpus, c.article_id, c.index, c.text) for f in corpus[:2] for c in iter_corpus_paragraphs(f)]
    assert [(*(dict(p.fields)[k] for k in ("corpus", "id", "index")), p.text) for p in jsonl] == expected
    news = [p for p in jsonl if dict(p.fields)["corpus"] == "news"]
    assert len(news) == 3  # pseudo-paragraphs: the lead, then runs of 3 sentences
    assert news[1].text.startswith("Ủy ban đã thi hành") and news[2].text.startswith("Cuộc họp")
    articles = [p for p in paragraphs if "article" in dict(p.fields)]
    assert articles[0].record() == {
        "article": "a1.txt", "index": 0, "fingerprint": text_fingerprint(articles[0].text)}
    assert articles[0].title == "Chi bộ thôn 3 sinh hoạt chuyên đề"
    assert [p.position for p in paragraphs] == list(range(len(paragraphs)))


def test_unreadable_inputs_are_reported_and_the_rest_read(tmp_path: Path, corpus: list[Path]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "paragraphs": ["Chi bộ họp."]}\nnot json\n', encoding="utf-8")
    twin = tmp_path / "other"
    twin.mkdir()
    (twin / "a1.txt").write_text("Tiêu đề\n\nMột đoạn khác.\n", encoding="utf-8")
    items = list(iter_paragraphs([bad, tmp_path / "absent.jsonl", *corpus, twin]))
    problems = {(i.name, i.reason.split(";")[0].split(" (")[0]) for i in items if isinstance(i, InputProblem)}
    assert problems == {(f"{bad}:2", "not a JSON line"), (str(tmp_path / "absent.jsonl"), "no such file or folder"),
                        (str(twin / "a1.txt"), "an article named a1.txt was already read from "
                                               f"{corpus[2] / 'a1.txt'}")}
    assert sum(isinstance(i, Paragraph) for i in items) == len(_paragraphs(corpus))


# -- selection -------------------------------------------------------------------------------------

def test_uncertain_proposals_are_ordered_by_distance_to_the_threshold(corpus: list[Path]) -> None:
    bundle = current_models()
    thresholds = thresholds_of(bundle)
    assert thresholds == dict(bundle.manifest["theme_classifier"]["thresholds"])
    paragraphs = _paragraphs(corpus)
    proposals = select(paragraphs, strategy="uncertain", n=100, bundle=bundle)
    candidates = [p for p in paragraphs if p.text.strip()]
    assert len(proposals) == len(candidates)  # blank paragraphs are never proposed
    by_hand = sorted(
        candidates,
        key=lambda p: (min(abs(bundle.classify(p.text).scores[k] - thresholds[k]) for k in LABELS), p.position),
    )
    assert [p.paragraph for p in proposals] == by_hand
    margins = [p.uncertainty for p in proposals]
    assert margins == sorted(margins)  # type: ignore[type-var]
    first = proposals[0]
    assert first.result is not None and first.closest is not None
    assert first.uncertainty == round(abs(first.result.scores[first.closest] - thresholds[first.closest]), 6)
    assert select(paragraphs, n=3, bundle=bundle) == proposals[:3]  # deterministic, --n keeps the head


def test_ties_go_to_the_earlier_paragraph(tmp_path: Path) -> None:
    same = "Chi bộ thôn 3 tổ chức sinh hoạt thường kỳ."
    path = _write_jsonl(tmp_path / "twins.jsonl", [{"id": i, "paragraphs": [same]} for i in ("z", "a", "m")])
    proposals = select(_paragraphs([path]), n=3, bundle=current_models())
    assert [dict(p.paragraph.fields)["id"] for p in proposals] == ["z", "a", "m"]
    assert len({p.uncertainty for p in proposals}) == 1


def test_random_strategy_is_seeded_and_needs_no_model_when_blind(corpus: list[Path]) -> None:
    paragraphs = _paragraphs(corpus)
    first = select(paragraphs, strategy="random", n=4, seed=3)
    assert first == select(paragraphs, strategy="random", n=4, seed=3)
    assert {p.paragraph.key for p in first} != {p.paragraph.key for p in select(paragraphs, strategy="random",
                                                                                  n=4, seed=4)}
    assert all(p.result is None for p in first)
    with_model = select(paragraphs, strategy="random", n=4, seed=3, bundle=current_models())
    assert [p.paragraph for p in with_model] == [p.paragraph for p in first]
    assert all(p.result is not None for p in with_model)


def test_selection_excludes_what_is_labelled_and_checks_its_options(corpus: list[Path]) -> None:
    paragraphs = _paragraphs(corpus)
    done = {p.key for p in paragraphs[:5]}
    assert not done & {p.paragraph.key for p in select(paragraphs, strategy="random", n=100, exclude=done)}
    with pytest.raises(LabellingError, match="unknown strategy 'smart'"):
        select(paragraphs, strategy="smart", n=1)  # type: ignore[arg-type]
    with pytest.raises(LabellingError, match="needs a model"):
        select(paragraphs, strategy="uncertain", n=1)


def test_uncertainty_is_the_smallest_distance() -> None:
    thresholds = {"ideology": 0.25, "personnel": 0.4, "cell_quality": 0.475, "economics": 0.3}
    assert uncertainty({"ideology": 0.25, "personnel": 0.0, "cell_quality": 1.0, "economics": 0.9}, thresholds) == 0
    assert uncertainty({"ideology": 0.95, "personnel": 0.9, "cell_quality": 0.975, "economics": 0.8},
                       thresholds) == 0.5


# -- answers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "kind", "labels", "note"),
    [
        ("i p c e\n", "labels", LABELS, ""),
        ("1 3", "labels", ("ideology", "cell_quality"), ""),
        ("13", "labels", ("ideology", "cell_quality"), ""),
        ("e,p", "labels", ("personnel", "economics"), ""),
        ("ECONOMICS cell_quality", "labels", ("cell_quality", "economics"), ""),
        ("-", "labels", (), ""),
        ("none # attendance list", "labels", (), "attendance list"),
        ("c  #  reprimand,  not personnel ", "labels", ("cell_quality",), "reprimand, not personnel"),
        ("s", "skip", (), ""),
        ("u", "undo", (), ""),
        ("q", "quit", (), ""),
        ("?", "help", (), ""),
    ],
)
def test_answers(line: str, kind: str, labels: tuple[str, ...], note: str) -> None:
    answer = parse_answer(line)
    assert (answer.kind, answer.labels, answer.note) == (kind, labels, note)


@pytest.mark.parametrize(("line", "message"), [("", "empty answer"), ("  \n", "empty answer"),
                                               ("culture", "'culture' is not a theme"),
                                               ("5", "'5' is not a theme"), ("p x", "'x' is not a theme")])
def test_bad_answers_say_what_to_type(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_answer(line)


# -- the interactive session with injected streams -------------------------------------------------

def _session(proposals: list[Proposal], out: Path, answers: str, blind: bool = False) -> tuple[str, object]:
    stdout = io.StringIO()
    summary = run_session(proposals, LabelFile(out), io.StringIO(answers), stdout, blind=blind)
    return stdout.getvalue(), summary


def test_session_appends_each_answer_in_the_label_format(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=4, bundle=current_models())
    out = tmp_path / "labels.jsonl"
    shown, summary = _session(proposals, out, "i p # a note\nbad\n-\ns\nq\n")
    rows = _lines(out)
    assert [r["labels"] for r in rows] == [["ideology", "personnel"], []]
    assert rows[0] == {**proposals[0].paragraph.record(), "labels": ["ideology", "personnel"], "note": "a note"}
    assert all("text" not in r for r in rows)
    assert "'bad' is not a theme" in shown
    assert (summary.labelled, summary.skipped, summary.stopped_early) == (2, 1, True)  # type: ignore[attr-defined]
    assert proposals[0].paragraph.title in shown


def test_each_answer_is_on_disk_before_the_next_question(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=3, bundle=current_models())
    out = tmp_path / "labels.jsonl"
    seen: list[int] = []

    class Answers(io.StringIO):
        def readline(self, *args: object) -> str:
            seen.append(len(_lines(out)) if out.exists() else 0)
            return super().readline()

    run_session(proposals, LabelFile(out), Answers("c\ne\np\n"), io.StringIO())
    assert seen == [0, 1, 2]


def test_undo_removes_the_last_answer_and_asks_again(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=4, bundle=current_models())
    out = tmp_path / "labels.jsonl"
    shown, summary = _session(proposals, out, "u\np\ns\nu\nu\nc\ne\n-\ni\n")
    assert "nothing to undo" in shown
    rows = _lines(out)
    assert [r["labels"] for r in rows] == [["cell_quality"], ["economics"], [], ["ideology"]]
    assert [r["fingerprint"] for r in rows] == [p.paragraph.record()["fingerprint"] for p in proposals]
    assert shown.count(f"] {proposals[0].paragraph.where}\n") == 2  # shown again after the undo
    assert (summary.labelled, summary.skipped, summary.undone) == (4, 0, 2)  # type: ignore[attr-defined]


def test_blind_mode_shows_no_suggestion(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=6, bundle=current_models())
    assert any(p.result and p.result.labels for p in proposals)
    seeing, _ = _session(proposals, tmp_path / "seeing.jsonl", "s\n" * 6)
    blind, _ = _session(proposals, tmp_path / "blind.jsonl", "s\n" * 6, blind=True)
    assert "model suggests" in seeing and "uncertainty" in seeing
    for word in ("model suggests", "uncertainty", "closest", *LABELS):
        assert word not in blind.replace("i=ideology p=personnel c=cell_quality e=economics", "")
    assert all(p.paragraph.text[:40] in blind for p in proposals)


def test_a_new_session_resumes_where_the_last_stopped(tmp_path: Path, corpus: list[Path]) -> None:
    paragraphs = _paragraphs(corpus)
    out = tmp_path / "labels.jsonl"
    first = select(paragraphs, n=3, bundle=current_models())
    _session(first, out, "c\ns\ne\n")
    labels = LabelFile(out)
    second = select(paragraphs, n=3, bundle=current_models(), exclude=labels.labels)
    assert second[0] == first[1]  # the skipped paragraph is proposed again; the answered ones are not
    assert not {p.paragraph.key for p in second} & set(labels.labels)
    _session(second, out, "p\np\np\n")
    keys = [tuple(r[k] for k in ("corpus", "article", "id", "index") if k in r) for r in _lines(out)]
    assert len(keys) == len(set(keys)) == 5


# -- batch files -----------------------------------------------------------------------------------

def test_batch_round_trip(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=6, bundle=current_models())
    todo, out = tmp_path / "todo.jsonl", tmp_path / "labels.jsonl"
    assert write_batch(proposals, todo) == 6
    rows = _lines(todo)
    assert all(r["labels"] is None and {"text", "title", "suggested", "scores", "evidence"} <= set(r) for r in rows)
    assert rows[0]["uncertainty"] == proposals[0].uncertainty
    with pytest.raises(LabellingError, match="already exists"):
        write_batch(proposals, todo)
    _session(proposals[:1], out, "e\n")  # labelled before the batch comes back
    rows[0]["labels"] = ["personnel"]  # a duplicate with other labels: the earlier label stays
    rows[1]["labels"] = ["cell_quality", "ideology"]
    rows[1]["note"] = "checked twice"
    rows[2]["labels"] = ["culture"]
    rows[3]["labels"] = []
    rows[5]["labels"] = "economics"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(4, "{not json")
    todo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = read_batch(todo, LabelFile(out))
    assert summary.problems == [
        f"{todo}:3: unknown theme 'culture'; themes are ideology, personnel, cell_quality, economics",
        f"{todo}:5: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f'{todo}:7: "labels" must be a list of theme names ([] for none), or null to leave it unlabelled',
    ]
    assert (summary.read, summary.written, summary.unlabelled, summary.duplicates) == (7, 2, 1, 1)
    assert "already labelled ['economics']" in summary.notices[0]
    written = _lines(out)
    assert [r["labels"] for r in written] == [["economics"], ["ideology", "cell_quality"], []]
    assert written[1] == {**proposals[1].paragraph.record(), "labels": ["ideology", "cell_quality"],
                          "note": "checked twice"}
    assert all(set(r) <= {"corpus", "id", "article", "index", "fingerprint", "labels", "note"} for r in written)
    again = read_batch(todo, LabelFile(out))  # reading it twice adds nothing
    assert again.written == 0 and again.duplicates == 3 and len(_lines(out)) == 3


def test_blind_batch_has_no_suggestion(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=4, bundle=current_models())
    write_batch(proposals, tmp_path / "todo.jsonl", blind=True)
    for row in _lines(tmp_path / "todo.jsonl"):
        assert set(row) == {*row.keys() & {"corpus", "id", "article"}, "index", "fingerprint", "labels",
                            "title", "text"}


def test_an_edited_text_or_key_is_refused(tmp_path: Path, corpus: list[Path]) -> None:
    proposals = select(_paragraphs(corpus), n=2, bundle=current_models())
    todo = tmp_path / "todo.jsonl"
    write_batch(proposals, todo, blind=True)
    rows = _lines(todo)
    rows[0].update(labels=[], text=str(rows[0]["text"]) + " thêm")
    rows[1].update(labels=[])
    del rows[1]["index"]
    todo.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    summary = read_batch(todo, LabelFile(tmp_path / "labels.jsonl"))
    assert [p.split(": ", 1)[1][:20] for p in summary.problems] == ['"text" was edited: t', "no paragraph key: a "]
    assert summary.written == 0


# -- what the labels are for: training reads them -------------------------------------------------

def test_labels_written_are_accepted_by_training(tmp_path: Path, corpus: list[Path]) -> None:
    paragraphs = _paragraphs(corpus)
    proposals = [Proposal(p) for p in paragraphs if p.text.strip()]
    out = tmp_path / "labels.jsonl"
    answers = [("ic", "e", "c", "-", "p")[k % 5] for k in range(len(proposals))]
    _session(proposals, out, "".join(f"{a}\n" for a in answers))
    data = collect_training_data([out], corpus)
    assert [p.text for p in data.real] == [p.paragraph.text for p in proposals]
    assert [p.labels for p in data.real] == [parse_answer(a).labels for a in answers]
    assert {p.group for p in data.real} == {"portal/p1", "portal/p2", "news/n1", "article/a1.txt", "article/a2.txt"}
    assert data.authored == []


def test_training_refuses_a_changed_article(tmp_path: Path, corpus: list[Path]) -> None:
    out = tmp_path / "labels.jsonl"
    articles = [p for p in _paragraphs(corpus) if "article" in dict(p.fields)]
    _session([Proposal(p) for p in articles], out, "c\n" * len(articles))
    (corpus[2] / "a2.txt").write_text(ARTICLES["a2.txt"].replace("15", "16"), encoding="utf-8")
    from vnparty_nlp.training.dataset import TrainingDataError

    with pytest.raises(TrainingDataError, match=r"labels.jsonl:4: paragraph 1 of a2.txt changed since it was labelled"):
        load_corpus_labels([out], corpus)
    with pytest.raises(TrainingDataError, match=r"labels.jsonl:1: article file a1.txt not found"):
        load_corpus_labels([out], corpus[:2])


# -- the label file --------------------------------------------------------------------------------

def test_a_broken_label_file_stops_before_anything_is_asked(tmp_path: Path, corpus: list[Path]) -> None:
    out = tmp_path / "labels.jsonl"
    out.write_text('{"text": "Chi bộ họp.", "labels": []}\n', encoding="utf-8")
    with pytest.raises(LabellingError, match=r"labels.jsonl:1: not a label keyed to a paragraph"):
        LabelFile(out)
    out.write_text('{"article": "a1.txt", "index": 0, "fingerprint": "x", "labels": ["culture"]}\n', encoding="utf-8")
    with pytest.raises(LabellingError, match=r"labels.jsonl:1: unknown theme 'culture'"):
        LabelFile(out)


def test_an_answer_after_a_hand_edit_without_final_newline_starts_a_new_line(tmp_path: Path,
                                                                            corpus: list[Path]) -> None:
    out = tmp_path / "labels.jsonl"
    paragraphs = _paragraphs(corpus)
    out.write_text(json.dumps({**paragraphs[0].record(), "labels": []}), encoding="utf-8")
    _session([Proposal(p) for p in paragraphs[:3]], out, "e\nu\np\np\n")
    assert [r["labels"] for r in _lines(out)] == [[], ["personnel"], ["personnel"]]


# -- the command line, with piped standard input ---------------------------------------------------

def _cli(*args: str, answers: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "vnparty_nlp", "label", *args], input=answers, text=True,
                          capture_output=True, cwd=cwd, env=env, timeout=300, check=False)


def test_cli_session_with_piped_stdin_resumes(tmp_path: Path, corpus: list[Path]) -> None:
    names = [str(p) for p in corpus]
    first = _cli(*names, "--out", "labels.jsonl", "--n", "2", answers="i p\n-\n", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "model suggests" in first.stdout
    assert "labelled: 2, skipped: 0, undone: 0; labels.jsonl holds 2 labels" in first.stderr
    assert "scoring paragraphs" not in first.stderr  # the progress bar is for terminals only
    second = _cli(*names, "--out", "labels.jsonl", "--n", "2", "--blind", answers="c\nq\n", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "model suggests" not in second.stdout
    assert "already labelled in labels.jsonl: 2, proposed: 2" in second.stderr
    rows = _lines(tmp_path / "labels.jsonl")
    assert [r["labels"] for r in rows] == [["ideology", "personnel"], [], ["cell_quality"]]
    expected = [p.paragraph.record() for p in select(_paragraphs(corpus), n=3, bundle=current_models())]
    assert [{k: v for k, v in r.items() if k != "labels"} for r in rows] == expected


def test_cli_batch_round_trip_and_usage_errors(tmp_path: Path, corpus: list[Path]) -> None:
    names = [str(p) for p in corpus]
    made = _cli(*names, "--batch", "todo.jsonl", "--strategy", "random", "--seed", "1", "--n", "3", "--blind",
                cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    rows = _lines(tmp_path / "todo.jsonl")
    assert len(rows) == 3 and all("suggested" not in r for r in rows)
    rows[0]["labels"], rows[1]["labels"] = ["economics"], ["nonsense"]
    (tmp_path / "todo.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    back = _cli("--read-batch", "todo.jsonl", "--out", "labels.jsonl", cwd=tmp_path)
    assert back.returncode == 1
    assert "todo.jsonl:2: unknown theme 'nonsense'" in back.stderr
    assert "labels written: 1, left unlabelled (null): 1" in back.stderr
    assert [r["labels"] for r in _lines(tmp_path / "labels.jsonl")] == [["economics"]]
    assert _cli(*names, cwd=tmp_path).returncode == 2  # neither --out nor --batch
    assert _cli("--out", "labels.jsonl", cwd=tmp_path).returncode == 2  # no corpus
    assert _cli("--read-batch", "todo.jsonl", cwd=tmp_path).returncode == 2  # nowhere to write
    missing_models = _cli(*names, "--out", "x.jsonl", "--models", "nowhere", cwd=tmp_path)
    assert missing_models.returncode == 2 and "nowhere is not a folder" in missing_models.stderr


def test_run_takes_injected_streams(tmp_path: Path, corpus: list[Path]) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([*map(str, corpus), "--out", str(tmp_path / "labels.jsonl"), "--n", "1"])
    stdout = io.StringIO()
    assert run(args, io.StringIO("e\n"), stdout) == 0
    assert "[1/1]" in stdout.getvalue()
    assert [r["labels"] for r in _lines(tmp_path / "labels.jsonl")] == [["economics"]]


def test_label_train_and_label_again_with_the_retrained_models(tmp_path: Path) -> None:
    """The whole loop on the command line: label article files, retrain on the labels, propose with --models."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        (articles / seed.name).write_bytes(seed.read_bytes())
    authored = [line for name in ("north", "central", "south")
                for line in (ROOT / "seeds" / "labels" / f"authored_{name}.jsonl").read_text(
                    encoding="utf-8").splitlines()[:20]]
    (tmp_path / "authored.jsonl").write_text("\n".join(authored) + "\n", encoding="utf-8")
    labelled = _cli("articles", "--out", "labels.jsonl", "--n", "8", answers="c\n" * 8, cwd=tmp_path)
    assert labelled.returncode == 0, labelled.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    trained = subprocess.run(
        [sys.executable, "-m", "vnparty_nlp", "train", "--labels", "labels.jsonl", "--labels", "authored.jsonl",
         "--corpus", "articles", "--only", "themes", "--no-eval", "--out", "models"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600, check=False)
    assert trained.returncode == 0, trained.stderr
    manifest = json.loads((tmp_path / "models" / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["theme_classifier"]["training_data"]["counts"]
    assert (counts["real"]["total"], counts["real"]["cell_quality"], counts["authored"]["total"]) == (8, 8, 60)
    again = _cli("articles", "--out", "labels.jsonl", "--models", "models", "--batch", "todo.jsonl", "--n", "100",
                 cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    todo = _lines(tmp_path / "todo.jsonl")
    done = {(r["article"], r["index"]) for r in _lines(tmp_path / "labels.jsonl")}
    assert todo and not done & {(r["article"], r["index"]) for r in todo}
    thresholds = manifest["theme_classifier"]["thresholds"]
    assert [r["uncertainty"] for r in todo] == sorted(
        round(min(abs(r["scores"][k] - thresholds[k]) for k in LABELS), 6) for r in todo)


def test_exclude_leaves_out_paragraphs_labelled_in_other_files(tmp_path: Path, corpus: list[Path]) -> None:
    names = [str(p) for p in corpus]
    assert _cli(*names, "--out", "theirs.jsonl", "--n", "3", answers="c\nc\nc\n", cwd=tmp_path).returncode == 0
    made = _cli(*names, "--exclude", "theirs.jsonl", "--batch", "todo.jsonl", "--n", "100", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "already labelled in theirs.jsonl: 3" in made.stderr
    theirs = {tuple(r[k] for k in ("corpus", "id", "article", "index") if k in r) for r in _lines(tmp_path /
                                                                                                 "theirs.jsonl")}
    todo = [tuple(r[k] for k in ("corpus", "id", "article", "index") if k in r) for r in _lines(tmp_path /
                                                                                                "todo.jsonl")]
    assert len(todo) == len([p for p in _paragraphs(corpus) if p.text.strip()]) - 3 and not theirs & set(todo)
    assert _cli(*names, "--exclude", "absent.jsonl", "--batch", "t2.jsonl", cwd=tmp_path).returncode == 2


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_progress_bar_shows_when_standard_error_is_a_terminal(tmp_path: Path, corpus: list[Path]) -> None:
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 columns wide
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run([sys.executable, "-m", "vnparty_nlp", "label", *map(str, corpus), "--batch",
                               "todo.jsonl", "--n", "2"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=follower, cwd=tmp_path, env=env, timeout=300, check=False)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"scoring paragraphs" in seen
