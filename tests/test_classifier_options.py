"""The classifier's choices for model selection (issue 13 items 7-8, issue 18 item 9, issue 14 item 6b).

Context block, linear SVM, refined cue list, own theme names, sample weights
and byte-for-byte determinism; every default is the shipped model's behaviour.
Small fits (48 authored paragraphs, two folds) keep these tests quick.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import vnparty_nlp
from vnparty_nlp import ParagraphContext
from vnparty_nlp.bundle import ModelBundle
from vnparty_nlp.errors import ParameterError, TrainingDataError
from vnparty_nlp.themes.compiled import CompiledThemeClassifier
from vnparty_nlp.themes.context import article_contexts
from vnparty_nlp.training.classifier import ThemeClassifier

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

TITLE = "Đảng bộ huyện tổng kết công tác xây dựng Đảng và phát triển kinh tế"
FAST: dict[str, Any] = {"calibration_folds": 2, "threshold_folds": 2}


def _rows(n: int = 48) -> list[dict[str, Any]]:
    lines = (SEEDS / "labels" / "authored_north.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if "text" in row][:n]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    rows = _rows()
    texts = [row["text"] for row in rows]
    contexts: list[ParagraphContext | None] = []
    for start in range(0, len(texts), 4):  # articles of four paragraphs each
        contexts += article_contexts(TITLE, texts[start : start + 4])
    return {"texts": texts, "labels": [row["labels"] for row in rows], "contexts": contexts,
            "groups": [str(i // 4) for i in range(len(texts))]}


def _fit(data: dict[str, Any], context: bool = True, **params: Any) -> ThemeClassifier:
    return ThemeClassifier(**FAST, **params).fit(data["texts"], data["labels"], data["groups"],
                                                  context=data["contexts"] if context else None)


@pytest.fixture(scope="module")
def plain(data: dict[str, Any]) -> ThemeClassifier:
    return _fit(data, context=False, cue_features=True)


@pytest.fixture(scope="module")
def with_context(data: dict[str, Any]) -> ThemeClassifier:
    return _fit(data, cue_features=True, context_weight=0.5, title_weight=2.0, context_window=1)


# -- context -------------------------------------------------------------------------------------


def test_context_changes_scores_only_when_given(data: dict[str, Any], with_context: ThemeClassifier) -> None:
    texts, contexts = data["texts"], data["contexts"]
    alone = with_context.predict_proba(texts)
    assert np.array_equal(with_context.predict_proba(texts, [None] * len(texts)), alone)
    read = with_context.predict_proba(texts, contexts)
    assert np.abs(read - alone).max() > 0.01
    # A paragraph's score moves with its own context only.
    one = [None] * len(texts)
    one[5] = contexts[5]
    moved = np.flatnonzero(np.abs(with_context.predict_proba(texts, one) - alone).max(axis=1) > 0)
    assert moved.tolist() == [5]


def test_zero_context_rows_equal_the_model_without_context(
    data: dict[str, Any], plain: ThemeClassifier, with_context: ThemeClassifier,
) -> None:
    texts = data["texts"]
    base = plain.features(texts)
    rows = with_context.features(texts)  # no context: the paragraph's own features, then a zero block
    assert rows.shape[1] == base.shape[1] + len(with_context.pipeline_.named_steps["features"]
                                                  .transformer_list[0][1].vocabulary_)
    assert np.array_equal(rows[:, : base.shape[1]].toarray(), base.toarray())
    assert rows[:, base.shape[1] :].nnz == 0
    assert with_context.features(texts, data["contexts"])[:, base.shape[1] :].nnz > 0


def test_context_weight_zero_ignores_context_and_is_the_model_without_it(
    data: dict[str, Any], plain: ThemeClassifier,
) -> None:
    given = _fit(data, context=True, cue_features=True)
    assert np.array_equal(given.thresholds_, plain.thresholds_)
    assert np.array_equal(given.coef_, plain.coef_)
    assert np.array_equal(given.predict_proba(data["texts"], data["contexts"]), plain.predict_proba(data["texts"]))
    assert list(given.feature_names()) == list(plain.feature_names())


def test_the_window_and_the_title_decide_what_context_is_read(data: dict[str, Any]) -> None:
    texts, contexts = data["texts"], data["contexts"]
    title_only = _fit(data, context_weight=1.0, context_window=0)
    only_title = [ParagraphContext(TITLE) for _ in texts]
    assert np.array_equal(title_only.predict_proba(texts, contexts), title_only.predict_proba(texts, only_title))
    no_title = _fit(data, context_weight=1.0, title_weight=0.0, context_window=1)
    untitled = [ParagraphContext("", c.before, c.after) if c else None for c in contexts]
    assert np.array_equal(no_title.predict_proba(texts, contexts), no_title.predict_proba(texts, untitled))
    far = [ParagraphContext(c.title, ("Một đoạn xa về thể thao.", *c.before), c.after) if c else None
           for c in contexts]
    for model in (title_only, no_title):  # a paragraph beyond the window changes nothing
        window = int(model.context_window)
        changed = [i for i, c in enumerate(contexts) if c is not None and len(c.before) < window]
        keep = [i for i in range(len(texts)) if i not in changed]
        a, b = model.predict_proba(texts, contexts), model.predict_proba(texts, far)
        assert np.array_equal(a[keep], b[keep])


@pytest.mark.parametrize(
    "params",
    [
        {"context_weight": 0.5, "title_weight": 2.0, "cue_features": True},
        {"context_weight": 1.0, "context_window": 2, "model": "linear_svm", "char_ngrams": (2, 4)},
        {"context_weight": 0.3, "cue_features": True, "cue_list": "refined"},
        {"context_weight": 0.5, "cue_features": True, "cue_list": "refined", "model": "nb_logistic"},
        {"context_weight": 0.5, "cue_features": True, "cue_list": "refined", "model": "nb_logistic",
         "syllable_ngrams": (1, 3)},
        {"context_weight": 0.5, "char_ngrams": (2, 4), "syllable_ngrams": (2, 2), "max_syllables": 50},
    ],
    ids=["logistic", "linear_svm_chars", "refined_cues", "nb_logistic", "syllables", "syllable_pairs_chars"],
)
def test_compiled_runtime_equals_the_estimator_with_context(data: dict[str, Any], params: dict[str, Any]) -> None:
    from vnparty_nlp.artifacts import read_arrays
    from vnparty_nlp.training.export import save_arrays, theme_arrays

    model = _fit(data, **params)
    arrays = theme_arrays(model)
    assert int(arrays["format"][0]) == (3 if "syllable_ngrams" in params else 2)
    compiled = CompiledThemeClassifier(arrays)
    texts = data["texts"]
    for contexts in (data["contexts"], None):
        expected = model.features(texts, contexts)
        actual = compiled.features(texts, contexts)
        assert np.array_equal(actual.indptr, expected.indptr) and np.array_equal(actual.indices, expected.indices)
        assert np.allclose(actual.data, expected.data, rtol=0, atol=1e-12)
        assert np.abs(compiled.predict_proba(texts, contexts) - model.predict_proba(texts, contexts)).max() < 1e-9
    assert list(compiled.feature_names()) == list(model.feature_names())
    assert np.array_equal(compiled.coef_, model.coef_)
    # ...and after a round trip through the .npz file and its manifest description
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        description = save_arrays(Path(tmp) / "theme_classifier.npz", arrays)
        manifest = {"files": {"theme_classifier.npz": {"sha256": _sha(Path(tmp) / "theme_classifier.npz"),
                                                       **description}}}
        again = CompiledThemeClassifier(read_arrays(Path(tmp), "theme_classifier.npz", manifest))
    assert np.array_equal(again.predict_proba(texts, data["contexts"]), compiled.predict_proba(texts, data["contexts"]))


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_evidence_marks_terms_read_in_the_context(data: dict[str, Any], with_context: ThemeClassifier) -> None:
    from vnparty_nlp.themes.api import _results

    compiled = CompiledThemeClassifier.from_estimator(with_context)
    texts, contexts = data["texts"], data["contexts"]
    results = _results(compiled, texts, contexts)
    terms = [term for r in results for found in r.evidence.values() for term, _ in found]
    assert any(term.startswith("context:") for term in terms)
    assert not any(term.startswith("context:") for r in _results(compiled, texts)
                   for found in r.evidence.values() for term, _ in found)


def test_the_shipped_model_reads_context_only_when_given() -> None:
    """The shipped model was chosen with the article context (docs/model-card.md): a context moves the
    scores, no context is the paragraph alone, and the keyword forms mean the same as ParagraphContext."""
    text = "Chi bộ thôn 3 tổ chức sinh hoạt chuyên đề, kết nạp 2 đảng viên mới."
    context = ParagraphContext("Huyện đạt tốc độ tăng trưởng kinh tế cao", ("Doanh thu 50 tỷ đồng.",), ())
    assert vnparty_nlp.current_models().labels == vnparty_nlp.LABELS
    alone = vnparty_nlp.classify(text)
    assert vnparty_nlp.classify(text, context=None) == alone
    assert vnparty_nlp.classify(text, context=context).scores != alone.scores
    assert vnparty_nlp.classify(text, title=context.title, before=list(context.before)) == vnparty_nlp.classify(
        text, context=context)
    assert vnparty_nlp.classify_batch([text, text], contexts=[context, None]) == [
        vnparty_nlp.classify(text, context=context), alone]


def test_context_arguments_are_checked() -> None:
    text = "Chi bộ họp."
    with pytest.raises(TypeError, match="ParagraphContext"):
        vnparty_nlp.classify(text, context="Tiêu đề")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not both"):
        vnparty_nlp.classify(text, context=ParagraphContext("a"), title="b")
    with pytest.raises(TypeError, match="not one str"):
        vnparty_nlp.classify(text, before="Đoạn trước.")
    with pytest.raises(ValueError, match="one context"):
        vnparty_nlp.classify_batch([text, text], contexts=[None])
    with pytest.raises(ValueError, match="more entries"):
        vnparty_nlp.classify_batch([text], contexts=[None, None])
    with pytest.raises(TypeError, match="before must be a tuple"):
        ParagraphContext("t", before="a")  # type: ignore[arg-type]


def test_a_context_model_reads_the_article_in_classify_article(
    tmp_path: Path, with_context: ThemeClassifier,
) -> None:
    from vnparty_nlp.training.export import model_writers, write_artifacts

    folder = write_artifacts(tmp_path / "m", model_writers(theme_classifier=with_context), {})
    bundle = ModelBundle.load(folder)
    raw = (sorted(SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    article = vnparty_nlp.parse_article(raw)
    with vnparty_nlp.use_models(folder):
        themes = vnparty_nlp.classify_article(raw)
    expected = bundle.classify_batch(article.paragraphs, article_contexts(article.title, article.paragraphs))
    assert list(themes.paragraphs) == expected
    assert list(themes.paragraphs) != bundle.classify_batch(article.paragraphs)


# -- sample weights, model choice, cue lists -------------------------------------------------------


def test_sample_weights_reach_the_linear_models_and_ones_change_nothing(data: dict[str, Any]) -> None:
    n = len(data["texts"])
    base = _fit(data, context=False)
    ones = ThemeClassifier(**FAST).fit(data["texts"], data["labels"], data["groups"], sample_weight=[1.0] * n)
    assert np.allclose(ones.predict_proba(data["texts"]), base.predict_proba(data["texts"]), atol=1e-9)
    weights = [0.2 if i % 3 else 3.0 for i in range(n)]
    weighted = ThemeClassifier(**FAST).fit(data["texts"], data["labels"], data["groups"], sample_weight=weights)
    assert np.abs(weighted.coef_ - base.coef_).max() > 1e-3
    again = ThemeClassifier(**FAST).fit(data["texts"], data["labels"], data["groups"], sample_weight=weights)
    assert np.array_equal(again.coef_, weighted.coef_)


def test_the_training_mix_weights_authored_paragraphs() -> None:
    from vnparty_nlp.training.dataset import LabelledParagraph, sample_weights

    rows = [LabelledParagraph("a", (), "g", "seed"), LabelledParagraph("b", (), "h", "authored"),
            LabelledParagraph("c", (), "i", "real")]
    assert sample_weights(rows, 0.25) == [0.25, 0.25, 1.0]
    assert sample_weights(rows) is None
    with pytest.raises(ValueError, match="authored_weight"):
        sample_weights(rows, -1.0)


def test_nb_logistic_is_a_logistic_regression_on_ratio_scaled_features(data: dict[str, Any]) -> None:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from vnparty_nlp.training.nb_logistic import NBLogisticRegression, log_count_ratio

    model = _fit(data, context=False, cue_features=True, model="nb_logistic")
    assert type(model.pipeline_.named_steps["model"].estimators_[0].estimator).__name__ == "NBLogisticRegression"
    assert model.predict(data["texts"]).sum() > 0
    X = model.features(data["texts"])
    y = np.asarray(["personnel" in labels for labels in data["labels"]], dtype=int)
    nb = NBLogisticRegression(C=4.0).fit(X, y)
    ratio = log_count_ratio(X, y)
    assert np.array_equal(nb.ratio_, ratio)
    # A feature seen only in positive paragraphs is scaled up, one seen only in negative ones down.
    present = (X > 0).toarray()
    only_pos = present[y == 1].any(0) & ~present[y == 0].any(0)
    only_neg = present[y == 0].any(0) & ~present[y == 1].any(0)
    assert (ratio[only_pos] > 0).all() and (ratio[only_neg] < 0).all()
    plain = LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=0)
    plain.fit(X @ sparse.diags(ratio), y)
    # The exported coefficients act on the unscaled features: the same scores as the model on scaled ones.
    assert np.allclose(nb.decision_function(X), plain.decision_function(X @ sparse.diags(ratio)), atol=1e-10)
    assert np.array_equal(nb.predict(X), plain.predict(X @ sparse.diags(ratio)))
    with pytest.raises(ValueError, match="binary"):
        NBLogisticRegression().fit(X, np.zeros(X.shape[0]))


def test_linear_svm_and_the_refined_cue_list(data: dict[str, Any]) -> None:
    svm = _fit(data, context=False, model="linear_svm")
    assert type(svm.pipeline_.named_steps["model"].estimators_[0].estimator).__name__ == "LinearSVC"
    assert svm.predict(data["texts"]).sum() > 0
    from vnparty_nlp.themes.cue_data import cue_words

    guideline, refined = cue_words("guideline"), cue_words("refined")
    # The refined list drops words used in passing and adds phrases that name the work itself.
    for word in ("dư luận", "tuyên truyền"):
        assert word in guideline["ideology"] and word not in refined["ideology"]
    assert "nhân sự" in guideline["personnel"] and "nhân sự" not in refined["personnel"]
    assert {"khiển trách", "cảnh cáo", "uỷ ban kiểm tra"} <= set(refined["cell_quality"])
    assert "cách chức" in refined["personnel"] and "di chúc" in refined["ideology"]
    model = _fit(data, context=False, cue_features=True, cue_list="refined")
    cues = dict(model.pipeline_.named_steps["features"].transformer_list)["cues"]
    assert cues.phrases_["ideology"] != cue_words("guideline")["ideology"]
    assert "dư_luận" not in cues.phrases_["ideology"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"model": "svm"}, "model must be one of"),
        ({"context_weight": -0.1}, "context_weight must be a number >= 0"),
        ({"context_weight": float("nan")}, "context_weight"),
        ({"title_weight": "1"}, "title_weight"),
        ({"context_window": -1}, "context_window must be an int >= 0"),
        ({"context_window": 1.5}, "context_window"),
        ({"cue_list": "mine"}, "cue_list must be one of"),
        ({"labels": "safety"}, "not one str"),
        ({"labels": ("a", "a")}, "repeat"),
        ({"labels": ("a b",)}, "not allowed"),
        ({"labels": ()}, "at least one"),
        ({"syllable_ngrams": (0, 2)}, r"syllable_ngrams must be a \(low, high\) pair"),
        ({"syllable_ngrams": "1,3"}, "syllable_ngrams"),
        ({"max_syllables": 0}, "max_syllables"),
    ],
)
def test_bad_parameters_are_refused_before_any_work(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        ThemeClassifier(**params).fit(["x"], [[]])


def test_bad_fit_inputs_say_what_to_give(data: dict[str, Any]) -> None:
    texts, labels = data["texts"], data["labels"]
    model = ThemeClassifier(**FAST, context_weight=1.0)
    with pytest.raises(ValueError, match="one per paragraph"):
        model.fit(texts, labels, context=[None])
    with pytest.raises(TypeError, match="context\\[0\\]"):
        model.fit(texts, labels, context=["title"] * len(texts))
    with pytest.raises(ValueError, match="sample_weight must be finite, >= 0"):
        model.fit(texts, labels, sample_weight=[-1.0] * len(texts))
    with pytest.raises(ValueError, match="one number per paragraph"):
        model.fit(texts, labels, sample_weight=[1.0])


# -- own themes ------------------------------------------------------------------------------------

# Written by the vnparty_nlp team for this test (no corpus text): two themes of our own.
OWN_LABELS = [
    ("Công an xã tuần tra bảo đảm an ninh trật tự trên địa bàn dịp Tết.", ["an_ninh"]),
    ("Lực lượng công an triệt phá đường dây đánh bạc, bắt giữ 5 đối tượng.", ["an_ninh"]),
    ("Xã ra quân trấn áp tội phạm, giữ vững an ninh nông thôn.", ["an_ninh"]),
    ("Công an huyện tuyên truyền phòng chống tội phạm ma tuý tại trường học.", ["an_ninh"]),
    ("Tổ an ninh tự quản thôn 2 phối hợp tuần tra ban đêm.", ["an_ninh"]),
    ("Trạm y tế xã tiêm vắc xin cho trẻ em dưới 5 tuổi.", ["y_tế"]),
    ("Bệnh viện huyện khám bệnh miễn phí cho người cao tuổi.", ["y_tế"]),
    ("Ngành y tế phun thuốc phòng chống sốt xuất huyết.", ["y_tế"]),
    ("Trạm y tế tổ chức khám sức khoẻ định kỳ cho người dân.", ["y_tế"]),
    ("Bác sĩ trung tâm y tế hướng dẫn phòng bệnh mùa mưa.", ["y_tế"]),
    ("Công an và trạm y tế cùng kiểm tra an toàn thực phẩm, bắt giữ cơ sở vi phạm.", ["an_ninh", "y_tế"]),
    ("Xã tổ chức ngày hội đại đoàn kết toàn dân tộc.", []),
    ("Nhân dân thôn 4 góp công làm đường giao thông nông thôn.", []),
    ("Hội nông dân tập huấn kỹ thuật trồng cà phê.", []),
]


@pytest.fixture(scope="module")
def own_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("own")
    lines = ['{"_comment": "Authored by the vnparty_nlp team for tests/test_classifier_options.py."}']
    lines += [json.dumps({"text": text, "labels": labels}, ensure_ascii=False) for text, labels in OWN_LABELS]
    (folder / "my.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp.train", "--labels", "my.jsonl", "--only", "themes",
                             "--no-eval", "--out", "models"], capture_output=True, text=True, encoding="utf-8",
                            cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "models"


def test_a_label_file_with_its_own_themes_gives_a_model_with_those_themes(own_model: Path) -> None:
    bundle = ModelBundle.load(own_model)
    assert bundle.labels == ("an_ninh", "y_tế")
    assert json.loads((own_model / "manifest.json").read_text())["theme_classifier"]["labels"] == ["an_ninh", "y_tế"]
    result = bundle.classify("Công an xã bắt giữ đối tượng trộm cắp, giữ vững an ninh trật tự.")
    assert set(result.scores) == {"an_ninh", "y_tế"}
    assert result.labels == ("an_ninh",) and result.top == "an_ninh"
    with vnparty_nlp.use_models(own_model):
        assert vnparty_nlp.current_models().labels == ("an_ninh", "y_tế")
        assert vnparty_nlp.classify("Trạm y tế xã tiêm vắc xin phòng bệnh cho trẻ em.").labels == ("y_tế",)
        article = vnparty_nlp.classify_article("Tin xã\n\nCông an xã tuần tra bảo đảm an ninh trật tự dịp lễ.\n")
        assert set(article.shares) == {"an_ninh", "y_tế"}
    assert vnparty_nlp.LABELS == ("ideology", "personnel", "cell_quality", "economics")
    assert vnparty_nlp.current_models().labels == vnparty_nlp.LABELS


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["an ninh"], "theme name 'an ninh' is not allowed"),
        ([""], "a theme name is empty"),
        (["a,b"], "theme name .a,b. is not allowed"),
        (["_x"], "theme name ._x. is not allowed"),
    ],
)
def test_bad_theme_names_in_a_label_file_are_refused_with_file_and_line(
    tmp_path: Path, labels: list[str], message: str,
) -> None:
    from vnparty_nlp.training.train import main

    path = tmp_path / "my.jsonl"
    path.write_text('{"text": "Chi bộ họp.", "labels": []}\n' + json.dumps({"text": "Xã họp.", "labels": labels})
                    + "\n", encoding="utf-8")
    from vnparty_nlp.training.dataset import label_names

    with pytest.raises(TrainingDataError, match=f"{path}:2: {message}"):
        label_names([path])
    assert main(["--labels", str(path), "--only", "themes", "--no-eval", "--out", str(tmp_path / "m")]) == 1
    assert not (tmp_path / "m").exists()


def test_label_files_with_only_shipped_themes_keep_the_shipped_order(tmp_path: Path) -> None:
    from vnparty_nlp.training.dataset import label_names

    path = tmp_path / "my.jsonl"
    path.write_text('{"text": "a", "labels": ["economics"]}\n{"text": "b", "labels": ["ideology"]}\n', "utf-8")
    assert label_names([path]) == vnparty_nlp.LABELS
    path.write_text('{"text": "a", "labels": ["economics"]}\n{"text": "b", "labels": ["personel"]}\n', "utf-8")
    with pytest.raises(TrainingDataError, match=f"{path}:2: unknown theme 'personel'.*name every theme yourself"):
        label_names([path])


# -- determinism -----------------------------------------------------------------------------------

_TRAIN_SCRIPT = """
import json, sys
from pathlib import Path
from vnparty_nlp.training.classifier import ThemeClassifier
from vnparty_nlp.training.export import model_writers, write_artifacts
rows = [json.loads(l) for l in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if l.strip()]
rows = [r for r in rows if "text" in r][:40]
model = ThemeClassifier(calibration_folds=2, threshold_folds=2, char_ngrams=(2, 4), cue_features=True,
                        context_weight=float(sys.argv[3]))
model.fit([r["text"] for r in rows], [r["labels"] for r in rows])
write_artifacts(Path(sys.argv[2]), model_writers(theme_classifier=model), {})
"""


@pytest.mark.parametrize("context_weight", ["0.0", "0.5"])
def test_two_identical_trainings_write_identical_bytes(tmp_path: Path, context_weight: str) -> None:
    source = SEEDS / "labels" / "authored_south.jsonl"
    runs = []
    for name, seed in (("first", "1"), ("second", "2")):
        # Another hash seed and another process: set order and memory addresses differ.
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs.append(subprocess.Popen([sys.executable, "-c", _TRAIN_SCRIPT, str(source), str(tmp_path / name),
                                      context_weight], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True))
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    for name in ("theme_classifier.joblib", "theme_classifier.npz"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_threshold_rows_choose_the_thresholds_and_nothing_else(
    data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Training passes its real paragraphs as ``threshold_rows``: only their out-of-fold scores pick the cut-offs."""
    from vnparty_nlp.training import classifier as module

    seen: list[int] = []
    original = module.best_thresholds

    def recording(truth: Any, proba: Any) -> Any:
        seen.append(len(truth))
        return original(truth, proba)

    monkeypatch.setattr(module, "best_thresholds", recording)
    n = len(data["texts"])
    mask = [i % 2 == 0 for i in range(n)]
    base = _fit(data, context=False)
    masked = ThemeClassifier(**FAST).fit(data["texts"], data["labels"], data["groups"], threshold_rows=mask)
    assert seen == [n, sum(mask)]
    assert np.array_equal(masked.coef_, base.coef_)  # the fitted models are the same; only the cut-offs may move
    for bad in ([False] * n, [True] * (n - 1)):
        with pytest.raises(ValueError, match="threshold_rows"):
            ThemeClassifier(**FAST).fit(data["texts"], data["labels"], data["groups"], threshold_rows=bad)
