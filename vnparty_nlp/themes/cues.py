"""The guideline's cue words: a keyword baseline and features for the classifier."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from vnparty_nlp.themes.labels import LABELS

__all__ = ["CueFeatures", "cue_phrases", "cue_words"]


@lru_cache(maxsize=1)
def cue_words() -> dict[str, tuple[str, ...]]:
    """Each theme's cue words as written in the guideline (``data/cues.json``)."""
    raw = json.loads(resources.files("vnparty_nlp.themes").joinpath("data/cues.json").read_text("utf-8"))
    return {label: tuple(raw[label]) for label in LABELS}


@lru_cache(maxsize=1)
def cue_phrases() -> dict[str, tuple[str, ...]]:
    """Each theme's cue phrases as token sequences (" "-joined output of ``tokenize``)."""
    from vnparty_nlp.preprocess.tokenize import tokenize

    out = {}
    for label, cues in cue_words().items():
        phrases = {" ".join(tokenize(cue)) for cue in cues}
        out[label] = tuple(sorted(p for p in phrases if p))
    return out


class CueFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Token strings in, four columns out: log(1 + number of each theme's cue phrases found)."""

    def fit(self, X: Any, y: Any = None) -> CueFeatures:
        self.n_features_in_ = 1
        return self

    def transform(self, X: Any) -> Any:
        cues = cue_phrases()
        rows = []
        for tokens in X:
            padded = f" {tokens} "
            rows.append([np.log1p(sum(padded.count(f" {c} ") for c in cues[label])) for label in LABELS])
        return sparse.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(-1, len(LABELS)))

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        return np.asarray([f"cue:{label}" for label in LABELS], dtype=object)
