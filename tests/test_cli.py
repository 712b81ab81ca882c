from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS
from vnparty_nlp import LABELS


def run(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vnparty_nlp", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_analyze_seeds_shows_paragraph_themes_and_article_shares() -> None:
    result = run("analyze", str(SEEDS))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("== ") == 5
    assert "title: Đầm Hà: Nâng cao chất lượng tổ chức đảng" in result.stdout
    assert "themes: ideology" in result.stdout
    assert "articles read: 5, analysed: 5, failed: 0" in result.stderr


def test_analyze_jsonl_output_is_one_article_per_line() -> None:
    result = run("analyze", "--format", "jsonl", str(SEEDS / "000_9756f1c40b1f5186.txt"))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["date"] == "2019-12-30"
    assert set(record["paragraphs"][0]["scores"]) == set(LABELS)
    assert set(record["theme_shares"]) == set(LABELS)


def test_analyze_reports_a_missing_file_and_exits_non_zero(tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path / "absent.txt"), str(SEEDS / "002_36fbaf0990d157c1.txt"))
    assert result.returncode == 1
    assert "absent.txt: no such file" in result.stderr
    assert "articles read: 2, analysed: 1, failed: 1" in result.stderr


def test_classify_argument_and_stdin_agree() -> None:
    text = "Đảng uỷ xã kết nạp 7 đảng viên mới trong năm 2023."
    by_argument = run("classify", text)
    by_stdin = run("classify", stdin=text)
    assert by_argument.returncode == by_stdin.returncode == 0
    assert json.loads(by_argument.stdout) == json.loads(by_stdin.stdout)
    assert "cell_quality" in json.loads(by_argument.stdout)["labels"]


def test_classify_jsonl_keeps_ids_and_counts_failures(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "Huyện uỷ luân chuyển 12 cán bộ."}\n{"id": "b", "text": \n'
                    '{"id": "c", "text": "Sản lượng cà phê đạt 2.000 tấn."}\n', encoding="utf-8")
    result = run("classify", "--jsonl", str(path))
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["a", "c"]
    assert f"{path}:2" in result.stderr
    assert "records read: 3, classified: 2, failed: 1" in result.stderr


def test_info_is_short_without_absolute_paths_and_json_has_everything() -> None:
    result = run("info")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 30
    shipped = json.loads((ROOT / "models" / "metrics.json").read_text(encoding="utf-8"))
    assert f"macro F1 {shipped['real_dev']['model']['macro_f1']:.3f} on real paragraphs" in result.stdout
    assert not any(word.startswith(("/", "~")) or ":\\" in word for line in lines for word in line.split()), lines
    full = run("info", "--json")
    manifest = json.loads(full.stdout)
    assert "sha256" in manifest["files"]["theme_classifier.npz"] and "theme_classifier" in manifest


def test_help_for_every_command() -> None:
    for command in ("analyze", "classify", "evaluate", "train", "info"):
        result = run(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_usage_error_exits_2() -> None:
    assert run("no-such-command").returncode == 2


def test_evaluate_on_a_small_labels_file(tmp_path: Path) -> None:
    lines = []
    for name in ("authored_north", "authored_south"):
        lines += (SEEDS / "labels" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[:25]
    (tmp_path / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("evaluate", "--labels", str(tmp_path / "labels.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    cv = metrics["training_cv"]
    assert set(cv) == {"model", "keyword_baseline", "majority_baseline"}
    assert 0 <= cv["majority_baseline"]["macro_f1"] <= cv["model"]["macro_f1"] <= 1
    assert cv["model"]["n"] == 50
    assert "real development set" not in result.stdout


def test_models_option_of_classify_analyze_and_evaluate(tmp_path: Path) -> None:
    from vnparty_nlp.artifacts import shipped_models_dir

    folder = str(shipped_models_dir())
    text = "Đảng uỷ xã kết nạp 7 đảng viên mới trong năm 2023."
    assert json.loads(run("classify", "--models", folder, text).stdout) == json.loads(run("classify", text).stdout)
    article = str(SEEDS / "000_9756f1c40b1f5186.txt")
    assert run("analyze", "--models", folder, "--format", "json", article).stdout == run(
        "analyze", "--format", "json", article).stdout
    lines = (SEEDS / "labels" / "authored_north.jsonl").read_text(encoding="utf-8").splitlines()[:30]
    (tmp_path / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("evaluate", "--models", folder, "--labels", str(tmp_path / "labels.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["measured_on"] == "the labelled paragraphs given" and report["scores"]["n"] == 30
    missing = run("classify", "--models", str(tmp_path / "nowhere"), text)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
