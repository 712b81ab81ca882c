"""Cue-word features for the classifier: one column per shipped theme, counting its cue phrases."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from vnparty_nlp.themes.cue_data import CUE_LISTS, cue_phrases, cue_words
from vnparty_nlp.themes.labels import LABELS

__all__ = ["CueFeatures", "cue_phrases", "cue_words"]


class CueFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Token strings in, four columns out: log(1 + number of each theme's cue phrases found).

    ``cue_list``: ``"guideline"`` (``data/cues.json``) or ``"refined"``
    (``data/cues_refined.json``). The phrases are read at ``fit`` and kept
    (``phrases_``), so a fitted model does not change when a list is edited.
    """

    def __init__(self, cue_list: str = "guideline") -> None:
        self.cue_list = cue_list

    def fit(self, X: Any, y: Any = None) -> CueFeatures:
        if self.cue_list not in CUE_LISTS:
            raise ValueError(f"cue_list must be one of {', '.join(map(repr, CUE_LISTS))}, got {self.cue_list!r}")
        self.phrases_ = {label: tuple(phrases) for label, phrases in cue_phrases(self.cue_list).items()}
        self.n_features_in_ = 1
        return self

    def phrases(self) -> dict[str, tuple[str, ...]]:
        """The phrases counted: those read at fit (a model pickled before they were kept: the guideline's)."""
        found: dict[str, tuple[str, ...]] | None = self.__dict__.get("phrases_")
        return found if found is not None else cue_phrases(self.cue_list)

    def transform(self, X: Any) -> Any:
        cues = self.phrases()
        rows = []
        for tokens in X:
            padded = f" {tokens} "
            rows.append([np.log1p(sum(padded.count(f" {c} ") for c in cues[label])) for label in LABELS])
        return sparse.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(-1, len(LABELS)))

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("cue_list", "guideline")  # pickled before there was a choice
        super().__setstate__(state)

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        return np.asarray([f"cue:{label}" for label in LABELS], dtype=object)
