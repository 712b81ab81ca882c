"""Retraining never destroys (issue 14, item 2): the --out folder is checked, locked and swapped safely.

The fitting is replaced by copies of the shipped models, so these tests take seconds; what is under
test is everything around it: the checks before training, the lock, the swap and what is kept.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vnparty_nlp
from vnparty_nlp.artifacts import MANIFEST, THEME_ARRAYS, TOPIC_ARRAYS, TOPIC_LABELS, shipped_models_dir
from vnparty_nlp.training import outdir, train
from vnparty_nlp.training.outdir import lock_path, locked, other_model_writers

from .conftest import ROOT

CALLS: list[str] = []


@pytest.fixture(autouse=True)
def fake_fitting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Training reads no input and fits nothing: each model is the shipped one, copied."""
    CALLS.clear()
    empty = tmp_path / "empty-for-writers"
    empty.mkdir()

    def themes(*args: Any, **kwargs: Any) -> Any:
        CALLS.append("themes")
        return other_model_writers(empty, "topics")

    def topics(*args: Any, **kwargs: Any) -> Any:
        CALLS.append("topics")
        return other_model_writers(empty, "themes")

    monkeypatch.setattr(train, "collect_training_data", lambda *a, **k: train.TrainingData())
    monkeypatch.setattr(train, "collect_topic_documents",
                        lambda *a, **k: train.TopicCorpus([["w"]] * 1000, "0" * 64, 10, []))
    monkeypatch.setattr(train, "train_theme_classifier", themes)
    monkeypatch.setattr(train, "train_topic_model", topics)
    monkeypatch.chdir(tmp_path)
    return CALLS


def _run(*args: str) -> int:
    return train.run(train.build_parser().parse_args([*args]))


def _model_folder(path: Path) -> Path:
    assert _run("--out", str(path)) == 0
    return path


def test_training_into_a_model_folder_keeps_its_subfolders_links_and_other_files(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "models")
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "objects" / "ab").write_text("object")
    (folder / "notes.txt").write_text("my notes")
    (folder / "link").symlink_to("notes.txt")
    assert _run("--out", str(folder)) == 0
    assert (folder / ".git" / "objects" / "ab").read_text() == "object"
    assert (folder / "notes.txt").read_text() == "my notes"
    assert os.readlink(folder / "link") == "notes.txt"
    vnparty_nlp.load_models(folder)  # the new models load
    vnparty_nlp.load_models(None)


def test_a_non_empty_folder_that_is_not_a_model_folder_is_refused_unless_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "project"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "code.py").write_text("print(1)")
    assert _run("--out", str(folder)) == 2
    err = capsys.readouterr().err
    assert "not a model folder" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert CALLS == []  # refused before any training
    assert _run("--out", str(folder), "--force") == 0
    assert (folder / "src" / "code.py").read_text() == "print(1)"
    assert (folder / MANIFEST).exists()


def _read_only_parent(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        parent = tmp_path / "read-only"
        parent.mkdir()
        parent.chmod(0o555)
        return parent / "models"
    if Path("/sys").is_dir() and outdir._probe_writable(Path("/sys")) is not None:
        return Path("/sys/vnparty-models")  # root ignores permission bits; /sys is read-only
    pytest.skip("no read-only folder to try as root")


@pytest.mark.parametrize("case", ["file", "dot", "parent-of-cwd", "symlink", "read-only-parent"])
def test_a_bad_out_is_one_line_no_traceback_and_no_training(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "target").mkdir()
    (tmp_path / "a-link").symlink_to("target")
    out = {"file": "a-file", "dot": ".", "parent-of-cwd": "..", "symlink": "a-link",
           "read-only-parent": str(_read_only_parent(tmp_path)) if case == "read-only-parent" else ""}[case]
    assert _run("--out", out) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("vnparty-nlp train: --out") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert CALLS == []
    assert (tmp_path / "a-file").read_text() == "x"


def test_the_command_line_reports_a_bad_out_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "train", "--out", "a-file"], capture_output=True,
                            text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "vnparty-nlp train: --out a-file is a file, not a folder; pass a new folder such as --out my-models"]


def test_a_second_training_into_a_locked_folder_stops_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _model_folder(tmp_path / "models")
    CALLS.clear()
    with locked(folder.resolve()):
        assert _run("--out", str(folder)) == 2
    assert "another training" in capsys.readouterr().err
    assert CALLS == []
    assert _run("--out", str(folder)) == 0  # released
    assert lock_path(folder).exists()


def test_stale_staging_folders_are_cleaned_up(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "models")
    dead = 2**22 + 12345  # above pid_max on Linux: no such process
    for kind in ("staging", "old"):
        stale = tmp_path / f".models-{kind}-{dead}"
        stale.mkdir()
        (stale / "junk").write_text("x")
    unrelated = tmp_path / ".models-cache"
    unrelated.mkdir()
    assert _run("--out", str(folder)) == 0
    assert not list(tmp_path.glob(".models-staging-*")) and not list(tmp_path.glob(".models-old-*"))
    assert unrelated.exists()


def test_only_themes_into_a_new_folder_keeps_a_topic_model(tmp_path: Path) -> None:
    folder = tmp_path / "themes-only"
    assert _run("--only", "themes", "--out", str(folder)) == 0
    assert CALLS == ["themes"]
    for name in (THEME_ARRAYS, TOPIC_ARRAYS, TOPIC_LABELS):
        assert (folder / name).exists()
    try:
        bundle = vnparty_nlp.load_models(folder)
        assert bundle.topic_model is not None and bundle.classifier is not None
        assert bundle.topic_mix("Chi bộ kết nạp đảng viên mới") == vnparty_nlp.load_models(None).topic_mix(
            "Chi bộ kết nạp đảng viên mới")
    finally:
        vnparty_nlp.load_models(None)


def test_only_themes_into_a_model_folder_keeps_its_own_topic_model(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "models")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["topic_model"]["marker"] = "mine"
    (folder / MANIFEST).write_text(json.dumps(manifest))
    assert _run("--only", "themes", "--out", str(folder)) == 0
    assert json.loads((folder / MANIFEST).read_text())["topic_model"]["marker"] == "mine"


def test_too_few_paragraphs_per_topic_from_the_default_sources_is_refused_with_the_way_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(train, "collect_topic_documents",
                        lambda *a, **k: train.TopicCorpus([["chi_bộ"]] * 30, "0" * 64, 6, []))
    assert _run("--out", str(tmp_path / "m")) == 1
    err = capsys.readouterr().err
    assert f"30 paragraphs for {train.TOPIC_PARAMS['n_topics']} topics" in err and "--only themes" in err
    assert CALLS == [] and not (tmp_path / "m").exists()
    assert _run("--out", str(tmp_path / "m"), "--force") == 0
    assert "WARNING" in capsys.readouterr().err


_KILLER = """
import os, signal, sys
from pathlib import Path
from vnparty_nlp.training import outdir
from vnparty_nlp.training.export import write_artifacts
mode, folder = sys.argv[1], Path(sys.argv[2])
def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)
if mode == "fallback":
    outdir._exchange = lambda a, b: False
    outdir._between_renames = die
else:
    real = outdir._exchange
    def exchange_then_die(a, b):
        real(a, b)
        die()
    outdir._exchange = exchange_then_die
write_artifacts(folder, {"theme_classifier.npz": lambda p: p.write_bytes(b"new")}, {})
"""


@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_kill_during_the_swap_leaves_the_old_folder_or_the_new_one(tmp_path: Path, mode: str) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / MANIFEST).write_text(json.dumps({"files": {}}))
    (folder / "theme_classifier.npz").write_bytes(b"old")
    (folder / "keep.txt").write_text("mine")
    result = subprocess.run([sys.executable, "-c", _KILLER, mode, str(folder)], cwd=ROOT, timeout=120)
    assert result.returncode == -signal.SIGKILL
    if mode == "exchange":
        assert (folder / "theme_classifier.npz").read_bytes() == b"new"  # the new folder, whole
    else:
        assert not folder.exists()  # between the two renames: the next run puts the old one back
        outdir.clean_stale(folder)
        assert (folder / "theme_classifier.npz").read_bytes() == b"old"
    assert (folder / "keep.txt").read_text() == "mine"


def test_the_shipped_models_folder_is_a_model_folder_for_the_checks() -> None:
    assert outdir.check_out_dir(shipped_models_dir(), cwd=ROOT) == shipped_models_dir().resolve()
