"""The batched segmenter must give pyvi's output exactly, text for text."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.golden import corpus_paragraphs, golden_texts
from vnparty_nlp.preprocess import segmenter
from vnparty_nlp.preprocess.normalize import normalize
from vnparty_nlp.preprocess.segmenter import CRFSegmenter, _load, get_segmenter, pyvi_tokenize


def test_the_batched_segmenter_is_used() -> None:
    assert isinstance(_load(), CRFSegmenter)
    assert get_segmenter() == _load().tokenize_many


def _both_searches(texts: list[str]) -> dict[str, list[str]]:
    """The segmentation with the Viterbi search stepping all texts together, and text by text."""
    seg, saved = _load(), segmenter._FEW
    try:
        segmenter._FEW = 0
        together = seg.tokenize_many(texts)
        segmenter._FEW = len(texts)
        each = seg.tokenize_many(texts)
    finally:
        segmenter._FEW = saved
    return {"together": together, "text by text": each}


def _check(texts: list[str]) -> None:
    expected = pyvi_tokenize(texts)
    for search, actual in _both_searches(texts).items():
        diff = [(t, e, a) for t, e, a in zip(texts, expected, actual, strict=True) if e != a]
        assert not diff, f"{search}: {len(diff)} of {len(texts)} differ from pyvi, e.g. {diff[0]!r}"


def test_equals_pyvi_on_the_golden_texts_raw_and_normalised() -> None:
    texts = [text for _, text in golden_texts()]
    _check(texts)
    _check([normalize(t) for t in texts])


def test_one_at_a_time_equals_batched() -> None:
    texts = [text for _, text in golden_texts()][:50]
    seg = _load()
    assert [seg.tokenize(t) for t in texts] == seg.tokenize_many(texts)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n", "a", "Đ.", "Tp. Hồ Chí Minh", "x ==> y -> z ... >> w", "TP.HCM, 2.068,5 người; 10%",
     "email a.b@c-d.vn https://x.vn/a?b=1", "ΑΣ Σ ας", "İstanbul İ", "Hà Nội\nHải Phòng", "___", "1_000"],
)
def test_equals_pyvi_on_awkward_strings(text: str) -> None:
    _check([text])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aăâđeêioôơuưyAĐƯ ạảãáàệỳýỹ_.,-:/@0123456789\n\tΣİ")),
                        max_size=40), min_size=1, max_size=6))
def test_equals_pyvi_on_random_text(texts: list[str]) -> None:
    _check(texts)


@pytest.mark.corpus
def test_equals_pyvi_on_the_real_corpus(corpus_dir: object) -> None:
    texts = [p.text for p in corpus_paragraphs()]
    for start in range(0, len(texts), 500):
        _check(texts[start : start + 500])


def test_falling_back_to_pyvi_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ValueError("unexpected pyvi labels ['X']")

    monkeypatch.setattr(segmenter, "_load", broken)
    monkeypatch.delenv("VNPARTY_NLP_SEGMENTER", raising=False)
    get_segmenter.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match=r"ValueError: unexpected pyvi labels.*5x slower"):
            assert get_segmenter() is pyvi_tokenize
        monkeypatch.setenv("VNPARTY_NLP_SEGMENTER", "pyvi")
        get_segmenter.cache_clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert get_segmenter() is pyvi_tokenize  # chosen on purpose: no warning
    finally:
        get_segmenter.cache_clear()
