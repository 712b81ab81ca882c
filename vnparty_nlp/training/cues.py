"""The guideline's cue words: a keyword baseline and features for the classifier."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from vnparty_nlp.themes.cue_data import cue_phrases, cue_words
from vnparty_nlp.themes.labels import LABELS

__all__ = ["CueFeatures", "cue_phrases", "cue_words"]


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
