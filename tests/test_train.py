"""The bundled retraining script: determinism, atomic writes, verified loading, bad training input."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vnparty_nlp
from vnparty_nlp.artifacts import (
    MANIFEST,
    THEME_CLASSIFIER,
    TOPIC_ARRAYS,
    TOPIC_LABELS,
    TOPIC_MODEL,
    ArtifactError,
    load_artifact,
    shipped_models_dir,
)
from vnparty_nlp.errors import TrainingDataError
from vnparty_nlp.registry import MODELS
from vnparty_nlp.training.export import write_artifacts
from vnparty_nlp.training.train import collect_topic_documents, train_topic_model

from .conftest import ROOT, SEEDS

PROBES = [
    "Đảng uỷ xã kết nạp 5 đảng viên mới, nâng tổng số đảng viên lên 240 đồng chí.",
    "Huyện đạt tốc độ tăng trưởng kinh tế 8,5%, thu nhập bình quân đầu người 45 triệu đồng.",
    "Ban Thường vụ Huyện uỷ quyết định điều động, bổ nhiệm 12 cán bộ chủ chốt.",
]


def _train(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vnparty_nlp.train", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def small_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 authored paragraphs (15 from each file's start) and three seed articles, outside the checkout."""
    folder = tmp_path_factory.mktemp("inputs")
    lines = []
    for name in ("authored_north", "authored_central", "authored_south"):
        lines += (SEEDS / "labels" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[:20]
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "articles").mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, folder / "articles" / seed.name)
    return folder


@pytest.fixture(scope="module")
def two_trainings(small_inputs: Path) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    outs = []
    result = None
    for name in ("first", "second"):
        out = small_inputs / name
        result = _train("--labels", "labels.jsonl", "--corpus", "articles", "--topics", "3", "--seed", "5",
                        "--out", str(out), cwd=small_inputs)
        assert result.returncode == 0, result.stderr
        outs.append(out)
    assert result is not None
    return outs[0], outs[1], result


def _predictions(folder: Path) -> dict[str, Any]:
    try:
        vnparty_nlp.load_models(folder)
        return {
            "themes": [r.to_dict() for r in vnparty_nlp.classify_batch(PROBES)],
            "topics": [vnparty_nlp.topic_mix(p) for p in PROBES],
            "topic_words": [t.to_dict() for t in vnparty_nlp.topics()],
        }
    finally:
        vnparty_nlp.load_models(shipped_models_dir())


def test_retraining_twice_gives_the_same_predictions_and_metrics(
    two_trainings: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    first, second, _ = two_trainings
    assert _predictions(first) == _predictions(second)
    assert (first / "metrics.json").read_text() == (second / "metrics.json").read_text()
    metrics = json.loads((first / "metrics.json").read_text())
    assert metrics["training_cv"]["model"]["macro_f1"] > 0.5
    manifests = [json.loads((f / MANIFEST).read_text()) for f in (first, second)]
    for key in ("theme_classifier", "topic_model"):
        a, b = (dict(m[key]) for m in manifests)
        a.pop("trained"), b.pop("trained")
        assert a == b


def test_the_training_run_says_which_sources_it_used_and_writes_a_manifest(
    two_trainings: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    first, _, result = two_trainings
    assert "source: labels.jsonl" in result.stderr and "source: articles (" in result.stderr
    assert "\r" not in result.stderr  # no progress bar when the output is not a terminal
    manifest = json.loads((first / MANIFEST).read_text())
    assert set(manifest["files"]) >= {THEME_CLASSIFIER, TOPIC_MODEL, "topic_labels.json", "metrics.json"}
    assert manifest["topic_model"]["k"] == 3 and manifest["topic_model"]["corpus"]["articles"] == 3
    assert manifest["theme_classifier"]["training_data"]["counts"]["authored"]["total"] == 60
    info = subprocess.run([sys.executable, "-m", "vnparty_nlp", "info", "--json", "--models", str(first)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert info.returncode == 0 and '"k": 3' in info.stdout


def test_worker_processes_use_the_models_the_caller_loaded(
    two_trainings: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    first, _, _ = two_trainings
    texts = PROBES * 4
    shipped = vnparty_nlp.classify_batch(texts)
    try:
        vnparty_nlp.load_models(first)
        retrained = vnparty_nlp.classify_batch(texts)
        workers = list(vnparty_nlp.iter_classify(texts, n_jobs=2, chunk_size=3))
    finally:
        MODELS.use(None, None)  # back to the shipped models, as in a fresh process
    assert retrained != shipped  # the small model scores differently, so the checks below can fail
    assert workers == retrained
    # the same (reused) worker processes follow the caller back to the shipped models
    assert list(vnparty_nlp.iter_classify(texts, n_jobs=2, chunk_size=3)) == shipped


def test_only_topics_keeps_the_classifier_of_the_output_folder(
    two_trainings: tuple[Path, Path, subprocess.CompletedProcess[str]], small_inputs: Path
) -> None:
    first, _, _ = two_trainings
    folder = small_inputs / "only-topics"
    shutil.copytree(first, folder)
    before = (folder / THEME_CLASSIFIER).read_bytes()
    result = _train("--only", "topics", "--corpus", "articles", "--topics", "2", "--no-eval", "--out", str(folder),
                    cwd=small_inputs)
    assert result.returncode == 0, result.stderr
    assert (folder / THEME_CLASSIFIER).read_bytes() == before
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["topic_model"]["k"] == 2 and "theme_classifier" in manifest
    load_artifact(folder, THEME_CLASSIFIER)  # its manifest entry was carried over


# --- atomic writes -----------------------------------------------------------------------------------

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failure_half_way_through_writing_leaves_the_previous_models(
    tmp_path: Path, failure: BaseException
) -> None:
    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    before = _snapshot(folder)

    def fail(path: Path) -> None:
        path.write_bytes(b"half a model")
        raise failure

    with pytest.raises(type(failure)):
        write_artifacts(folder, {THEME_CLASSIFIER: lambda p: p.write_bytes(b"new"), TOPIC_MODEL: fail},
                        {"note": "never written"})
    assert _snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models"]  # no staging folder left behind


def test_training_that_fails_midway_leaves_the_previous_models(
    small_inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import joblib

    from vnparty_nlp.training import train

    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    before = _snapshot(folder)
    real_dump = joblib.dump

    def dump(value: object, path: Path, **kwargs: Any) -> Any:
        if Path(path).name == TOPIC_MODEL:
            raise RuntimeError("killed while writing the topic model")
        return real_dump(value, path, **kwargs)

    monkeypatch.setattr(joblib, "dump", dump)
    monkeypatch.chdir(small_inputs)
    args = train.build_parser().parse_args(["--labels", "labels.jsonl", "--corpus", "articles", "--topics", "2",
                                            "--no-eval", "--out", str(folder)])
    with pytest.raises(RuntimeError, match="killed"):
        train.run(args)
    assert _snapshot(folder) == before


# --- verified loading ------------------------------------------------------------------------------

def _copy_with_versions(tmp_path: Path, **versions: str) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["versions"].update(versions)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def _bump(version: str, part: int) -> str:
    numbers = [int(x) for x in version.split(".")[:2]]
    numbers[part] += 1
    return ".".join(map(str, numbers)) + ".0"


@pytest.mark.parametrize("library", ["scikit-learn", "gensim"])
def test_a_different_minor_version_warns_with_the_retrain_command(tmp_path: Path, library: str) -> None:
    from vnparty_nlp.artifacts import library_versions

    folder = _copy_with_versions(tmp_path, **{library: _bump(library_versions()[library], 1)})
    with pytest.warns(UserWarning, match=r"vnparty-nlp train --out DIR"):
        load_artifact(folder, THEME_CLASSIFIER)


@pytest.mark.parametrize("library", ["scikit-learn", "gensim"])
def test_a_different_major_version_is_refused(tmp_path: Path, library: str) -> None:
    from vnparty_nlp.artifacts import library_versions

    folder = _copy_with_versions(tmp_path, **{library: _bump(library_versions()[library], 0)})
    with pytest.raises(ArtifactError, match=rf"{library} .* major version.*vnparty-nlp train"):
        load_artifact(folder, THEME_CLASSIFIER)
    vnparty_nlp.load_models(folder)  # the arrays do not depend on scikit-learn or gensim
    vnparty_nlp.load_models(None)


def test_load_models_refuses_a_tampered_folder_and_keeps_the_models_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    data = bytearray((folder / TOPIC_ARRAYS).read_bytes())
    data[100] ^= 0x01
    (folder / TOPIC_ARRAYS).write_bytes(bytes(data))
    expected = vnparty_nlp.topic_mix(PROBES[0])
    with pytest.raises(ArtifactError, match=r"does not match its manifest.*will not be loaded"):
        vnparty_nlp.load_models(folder)
    assert vnparty_nlp.topic_mix(PROBES[0]) == expected


def test_a_folder_without_a_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / THEME_CLASSIFIER).write_bytes(b"anything")
    with pytest.raises(ArtifactError, match="needs its manifest"):
        vnparty_nlp.load_models(tmp_path)


# --- bad training input ----------------------------------------------------------------------------

GOOD = '{"text": "Chi bộ kết nạp đảng viên mới.", "labels": ["cell_quality"]}'


@pytest.mark.parametrize(
    ("label", "content", "reason"),
    [
        ("malformed JSONL", GOOD + '\n{"text": "Huyện uỷ', r"labels\.jsonl:2: .*JSON"),
        ("unknown label", GOOD + '\n{"text": "Văn hoá.", "labels": ["culture"]}', r"labels\.jsonl:2: .*culture"),
        ("empty text", GOOD + '\n{"text": "  ", "labels": []}', r"labels\.jsonl:2: .*empty"),
        ("labels not a list", GOOD + '\n{"text": "Văn hoá.", "labels": "economics"}', r"labels\.jsonl:2: .*list"),
    ],
)
def test_bad_training_input_stops_with_file_line_and_reason_and_writes_nothing(
    tmp_path: Path, label: str, content: str, reason: str
) -> None:
    (tmp_path / "labels.jsonl").write_text(content + "\n", encoding="utf-8")
    result = _train("--labels", "labels.jsonl", "--no-eval", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert pytest.importorskip("re").search(reason, result.stderr), result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_labels_file_or_corpus_stops_training(tmp_path: Path) -> None:
    result = _train("--labels", "nowhere.jsonl", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "nowhere.jsonl: no such file" in result.stderr
    (tmp_path / "labels.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    result = _train("--labels", "labels.jsonl", "--corpus", "no-such-folder", "--no-eval", "--out", "out",
                    cwd=tmp_path)
    assert result.returncode == 1 and "no-such-folder: no such file or folder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_topics_value_is_a_usage_error(tmp_path: Path) -> None:
    result = _train("--topics", "many", cwd=tmp_path)
    assert result.returncode != 0 and "--topics takes a number or 'sweep'" in result.stderr


@pytest.fixture(scope="module")
def default_topic_corpus() -> tuple[Any, str]:
    """What `vnparty-nlp train` with no arguments reads for the topic model in this checkout."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        corpus = collect_topic_documents(root=ROOT)
    return corpus, err.getvalue()


def test_default_topic_sources_skip_the_labels_folder_beside_the_seed_articles(
    default_topic_corpus: tuple[Any, str],
) -> None:
    corpus, err = default_topic_corpus
    assert corpus.sources[0] == "seeds (30 paragraphs)"
    assert "seeds/labels: skipped, a folder inside a folder is not read" in err


def test_the_shipped_topic_model_was_trained_on_the_default_sources(
    default_topic_corpus: tuple[Any, str], corpus_dir: Path
) -> None:
    corpus, _ = default_topic_corpus
    manifest = json.loads((shipped_models_dir() / MANIFEST).read_text())
    assert corpus.sha256 == manifest["topic_model"]["corpus"]["sha256"]
    assert corpus.sources == manifest["topic_model"]["corpus"]["sources"]


def test_the_topic_corpus_hash_does_not_depend_on_where_the_checkout_sits(tmp_path: Path) -> None:
    # CI clones the project somewhere else than a developer's machine; the
    # manifest's hash must still say the same data was read.
    # Authored text, not collected.
    cell = "Chi bộ thôn 3 họp định kỳ hằng tháng, đánh giá chất lượng sinh hoạt và kết nạp hai đảng viên mới."
    rotation = "Ban Thường vụ Huyện ủy quyết định luân chuyển, điều động năm cán bộ chủ chốt về các xã khó khăn."
    lines = [json.dumps({"text": cell}), json.dumps({"id": "a-2", "paragraphs": [rotation]})]
    hashes = []
    for place in ("here", "there/deeper"):
        seeds = tmp_path / place / "seeds"
        shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns("labels"))
        (tmp_path / place / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        corpus = collect_topic_documents([seeds, tmp_path / place / "corpus.jsonl"])
        hashes.append(corpus.sha256)
    assert hashes[0] == hashes[1]
    # ... while the data itself still counts.
    (tmp_path / "here" / "corpus.jsonl").write_text(lines[1] + "\n" + lines[0] + "\n", encoding="utf-8")
    assert collect_topic_documents([tmp_path / "here" / "seeds", tmp_path / "here" / "corpus.jsonl"]).sha256 \
        != hashes[0]


def test_retraining_carries_reviewed_topic_labels_to_the_topics_they_describe(tmp_path: Path) -> None:
    corpus = collect_topic_documents([SEEDS])
    labels_file = tmp_path / TOPIC_LABELS

    def labels_written(previous: Path | None) -> dict[str, Any]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            writers, _ = train_topic_model(corpus, n_topics=3, evaluate=False, previous_labels=previous)
        writers[TOPIC_LABELS](tmp_path / "written.json")
        return {"labels": json.loads((tmp_path / "written.json").read_text("utf-8")), "log": err.getvalue()}

    suggested = labels_written(None)["labels"]
    assert [t["reviewed"] for t in suggested["topics"]] == [False, False, False]
    edited = json.loads(json.dumps(suggested))
    edited["note"] = "labels written by hand"
    for topic in edited["topics"]:
        topic["label"], topic["reviewed"] = f"written by hand {topic['id']}", True
    edited["topics"][0]["theme"] = "cell_quality"
    labels_file.write_text(json.dumps(edited, ensure_ascii=False), "utf-8")
    kept = labels_written(labels_file)
    assert kept["labels"] == edited and "kept the reviewed labels of 3 of 3 topics" in kept["log"]
    # A label follows its topic's words, whatever id the topic had before.
    moved = json.loads(json.dumps(edited))
    words = [t["top_words"] for t in moved["topics"]]
    for topic, other in zip(moved["topics"], [words[1], words[2], words[0]], strict=True):
        topic["top_words"] = other
    labels_file.write_text(json.dumps(moved, ensure_ascii=False), "utf-8")
    assert labels_written(labels_file)["labels"]["topics"][1]["label"] == "written by hand 0"
    # A topic whose words changed gets a suggestion to review; the others keep their labels.
    edited["topics"][0]["top_words"] = ["kinh_tế", "tăng_trưởng"]
    labels_file.write_text(json.dumps(edited, ensure_ascii=False), "utf-8")
    replaced = labels_written(labels_file)
    assert replaced["labels"]["topics"][0] == suggested["topics"][0]
    assert replaced["labels"]["topics"][1:] == edited["topics"][1:] and replaced["labels"]["note"] == edited["note"]
    assert "for the topics with new top words: 0\n" in replaced["log"]


def test_an_unreadable_article_still_stops_topic_training(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"empty\.txt: empty file"):
        collect_topic_documents([tmp_path])
