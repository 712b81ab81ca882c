from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA, SEEDS, read_jsonl
from vnparty_nlp import (
    LABELS,
    ArticleThemes,
    ThemeClassifier,
    ThemeResult,
    classify,
    classify_article,
    classify_batch,
    parse_article,
)
from vnparty_nlp.artifacts import THEME_CLASSIFIER, ArtifactError, load_artifact, shipped_models_dir
from vnparty_nlp.themes.api import ThemeResult as _ThemeResult
from vnparty_nlp.training.dataset import load_authored

CLEAR_CASES = read_jsonl(DATA / "clear_theme_cases.jsonl")
SEED_PARAGRAPHS = [p for path in sorted(SEEDS.glob("*.txt"))
                   for p in parse_article(path.read_text(encoding="utf-8")).paragraphs]


def test_labels_are_the_four_themes_in_a_fixed_order() -> None:
    assert LABELS == ("ideology", "personnel", "cell_quality", "economics")


@pytest.mark.parametrize("text", [*SEED_PARAGRAPHS[:6], "Chi bộ thôn 3 kết nạp 2 đảng viên mới.", "x"])
def test_result_contract(text: str) -> None:
    result = classify(text)
    assert isinstance(result, ThemeResult)
    assert list(result.scores) == list(LABELS)
    assert all(0.0 <= s <= 1.0 for s in result.scores.values())
    assert set(result.labels) <= set(LABELS)
    assert list(result.labels) == sorted(result.labels, key=lambda label: -result.scores[label])
    assert result.top == (result.labels[0] if result.labels else None)
    assert set(result.evidence) == set(result.labels)
    for terms in result.evidence.values():
        assert all(isinstance(t, str) and w > 0 for t, w in terms)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert _ThemeResult.from_dict(data) == result


def test_evidence_terms_come_from_the_text() -> None:
    result = classify("Đảng uỷ xã tổ chức lễ kết nạp 5 đảng viên mới, nâng tổng số đảng viên lên 240 đồng chí.")
    assert "cell_quality" in result.labels
    terms = [t for t, _ in result.evidence["cell_quality"]]
    assert any("kết_nạp" in t or "đảng_viên" in t for t in terms)


@pytest.mark.parametrize("case", CLEAR_CASES, ids=[c["case"] for c in CLEAR_CASES])
def test_paragraphs_clearly_about_one_theme_get_it(case: dict) -> None:
    result = classify(case["text"])
    assert case["theme"] in result.labels, result.scores


def test_clear_cases_are_kept_out_of_training() -> None:
    training = {p.text for p in load_authored(sorted((SEEDS / "labels").glob("authored_*.jsonl")))}
    assert len(CLEAR_CASES) >= 20
    assert not training & {c["text"] for c in CLEAR_CASES}


def test_batch_equals_single_calls() -> None:
    texts = [*SEED_PARAGRAPHS, "", "  ", "Hội Phụ nữ tổ chức giải bóng chuyền."]
    assert classify_batch(texts) == [classify(t) for t in texts]
    assert classify_batch(iter(texts), n_jobs=2) == classify_batch(texts)
    assert classify_batch([]) == []


@pytest.mark.parametrize("blank", ["", "   ", "\n\n"])
def test_empty_text_gives_no_labels_and_all_scores(blank: str) -> None:
    result = classify(blank)
    assert result.labels == () and result.top is None
    assert list(result.scores) == list(LABELS)


@pytest.mark.parametrize("bad", [None, 42, b"chi bo", ["chi bộ"]])
def test_non_str_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expects a str"):
        classify(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        classify_batch([bad])  # type: ignore[list-item]


def test_batch_rejects_a_single_string_and_bad_n_jobs() -> None:
    with pytest.raises(TypeError, match="not one str"):
        classify_batch("chi bộ")
    with pytest.raises(ValueError, match="n_jobs"):
        classify_batch(["a"], n_jobs=0)


def test_classify_article_on_a_seed() -> None:
    raw = (SEEDS / "003_3f63b8ba318bf8eb.txt").read_text(encoding="utf-8")
    result = classify_article(raw)
    assert isinstance(result, ArticleThemes)
    assert len(result.paragraphs) == len(result.article.paragraphs) == 7
    assert list(result.shares) == list(LABELS)
    assert all(0.0 <= v <= 1.0 for v in result.shares.values())
    assert result.shares["personnel"] > 0 and result.shares["ideology"] > 0
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["paragraphs"][0]["text"] == result.article.paragraphs[0]
    empty = classify_article("")
    assert empty.paragraphs == () and all(v == 0.0 for v in empty.shares.values())


def test_threads_get_the_sequential_results() -> None:
    texts = SEED_PARAGRAPHS[:8]
    expected = [classify(t) for t in texts]
    results: dict[int, list[ThemeResult]] = {}

    def work(k: int) -> None:
        results[k] = [classify(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results.values())


# --- the estimator ----------------------------------------------------------------------

def _small_training_set() -> tuple[list[str], list[tuple[str, ...]], list[str]]:
    rows = load_authored([SEEDS / "labels" / "authored_north.jsonl"])[:120]
    return [r.text for r in rows], [r.labels for r in rows], [r.group for r in rows]


def test_retraining_is_deterministic() -> None:
    texts, labels, groups = _small_training_set()
    first = ThemeClassifier(random_state=3, threshold_folds=3).fit(texts, labels, groups)
    second = ThemeClassifier(random_state=3, threshold_folds=3).fit(texts, labels, groups)
    probe = SEED_PARAGRAPHS
    np.testing.assert_array_equal(first.predict_proba(probe), second.predict_proba(probe))
    np.testing.assert_array_equal(first.thresholds_, second.thresholds_)


def test_fast_probabilities_equal_the_scikit_learn_pipeline() -> None:
    from vnparty_nlp.artifacts import load_artifact

    model = load_artifact(shipped_models_dir(), THEME_CLASSIFIER)
    texts = [*SEED_PARAGRAPHS, "", "Hội Nông dân xã tổ chức hội thi."]
    # The shipped model reads an article context, a feature block the pipeline's FeatureUnion does not
    # make: its rows come from model.features (zero context here), then scikit-learn's calibrated models.
    reference = model.pipeline_.named_steps["model"].predict_proba(model.features(texts))
    np.testing.assert_allclose(model.predict_proba(texts), reference, atol=1e-12)


def test_estimator_follows_the_scikit_learn_contract() -> None:
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    model = ThemeClassifier(C=2.0, char_ngrams=None)
    assert model.get_params()["C"] == 2.0
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError):
        model.predict(["chi bộ"])
    texts, labels, groups = _small_training_set()
    assert model.fit(texts, labels, groups) is model
    assert model.predict(["Chi bộ kết nạp đảng viên mới."]).shape == (1, 4)
    assert model.predict_proba([]).shape == (0, 4)
    with pytest.raises(ValueError, match="unknown theme"):
        ThemeClassifier().fit(["a", "b"], [["ideology"], ["culture"]])
    with pytest.raises(TypeError, match="list of themes"):
        ThemeClassifier().fit(["a"], ["ideology"])


# --- the shipped artifact -----------------------------------------------------------------

def test_the_shipped_manifest_describes_the_classifier() -> None:
    manifest = json.loads((shipped_models_dir() / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["theme_classifier"]
    assert entry["labels"] == list(LABELS)
    assert set(entry["thresholds"]) == set(LABELS)
    assert len(entry["training_data"]["sha256"]) == 64
    assert manifest["files"][THEME_CLASSIFIER]["sha256"]
    assert "scikit-learn" in manifest["versions"]


@pytest.mark.parametrize("name", [THEME_CLASSIFIER, "topic_model.joblib"])
def test_a_tampered_artifact_is_refused(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    path = folder / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match=rf"{name} does not match its manifest"):
        load_artifact(folder, name)
