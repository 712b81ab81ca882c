"""Speed-ups must not change a single output: results are compared with committed golden files.

The golden files were written by ``python -m tests.golden`` *before* the
performance work (issue 7), with the shipped model; see ``tests/golden.py``.
"""

from __future__ import annotations

import json

import pytest

from tests.golden import GOLDEN, corpus_line, corpus_paragraphs, full_record, golden_texts, read_corpus_golden
from vnparty_nlp import classify, classify_batch, iter_classify

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _golden() -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines()]
    return {row["key"]: row for row in rows}


def test_golden_set_covers_seeds_authored_and_awkward_texts() -> None:
    keys = [key for key, _ in golden_texts()]
    assert len(keys) == len(set(keys)) == len(_golden())
    assert {k.split(":")[0] for k in keys} >= {"seed", "clear_theme_cases", "authored_north", "awkward"}


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_batch_outputs_equal_the_golden_file(n_jobs: int) -> None:
    golden = _golden()
    keys, texts = zip(*golden_texts(), strict=True)
    results = classify_batch(texts, n_jobs=n_jobs)
    mismatched = [k for k, r in zip(keys, results, strict=True) if full_record(k, r) != golden[k]]
    assert not mismatched, f"{len(mismatched)} outputs changed, e.g. {mismatched[:5]}"


def test_single_calls_equal_the_golden_file() -> None:
    golden = _golden()
    for key, text in golden_texts():
        if key.startswith(("seed:", "awkward:", "clear_theme_cases:")):
            assert full_record(key, classify(text)) == golden[key], key


@pytest.mark.corpus
def test_corpus_outputs_equal_the_golden_file(corpus_dir: object) -> None:
    expected = read_corpus_golden()
    paragraphs = list(corpus_paragraphs())
    assert len(paragraphs) == len(expected), "the corpus changed; regenerate with python -m tests.golden"
    actual = [corpus_line(p, r) for p, r in zip(paragraphs, classify_batch(p.text for p in paragraphs), strict=True)]
    mismatched = [a.split("\t")[0] for a, e in zip(actual, expected, strict=True) if a != e]
    assert not mismatched, f"{len(mismatched)} of {len(actual)} corpus outputs changed, e.g. {mismatched[:5]}"


def test_compiled_features_equal_the_scikit_learn_pipeline_bit_for_bit() -> None:
    import numpy as np

    from vnparty_nlp.artifacts import THEME_ARRAYS, THEME_CLASSIFIER, load_artifact, shipped_models_dir
    from vnparty_nlp.themes.compiled import CompiledThemeClassifier

    estimator = load_artifact(shipped_models_dir(), THEME_CLASSIFIER)
    shipped = CompiledThemeClassifier.load(shipped_models_dir() / THEME_ARRAYS)
    compiled = CompiledThemeClassifier.from_estimator(estimator)
    texts = [text for _, text in golden_texts()]
    expected = estimator.features(texts)
    for model in (shipped, compiled):
        actual = model.features(texts)
        assert np.array_equal(actual.indptr, expected.indptr)
        assert np.array_equal(actual.indices, expected.indices)
        assert np.array_equal(actual.data, expected.data)
        assert np.array_equal(model.proba_from_features(actual), estimator.predict_proba(texts))
        assert np.array_equal(model.coef_, estimator.coef_)
        assert np.array_equal(model.thresholds_, estimator.thresholds_)
        assert list(model.feature_names()) == list(estimator.feature_names())


def test_classify_does_not_import_scikit_learn() -> None:
    import subprocess
    import sys

    code = "import sys, vnparty_nlp; vnparty_nlp.classify('Chi bộ họp.'); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_workers_use_the_models_the_caller_loaded(tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    from vnparty_nlp import load_models
    from vnparty_nlp.artifacts import shipped_models_dir
    from vnparty_nlp.themes.api import MODELS

    folder = Path(str(tmp_path)) / "models"
    shutil.copytree(shipped_models_dir(), folder)
    texts = [text for _, text in golden_texts()][:40]
    expected = classify_batch(texts)
    try:
        load_models(folder)
        assert MODELS.folder == folder
        # chunks of 10: four chunks, so they go to the worker processes
        assert list(iter_classify(texts, n_jobs=2, chunk_size=10)) == expected
    finally:
        MODELS.use(None, None)
