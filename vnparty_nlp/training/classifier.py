"""The theme classifier: TF-IDF over tokens, one calibrated linear model per theme.

A scikit-learn estimator: ``__init__`` stores keyword-only parameters, ``fit``
learns ``pipeline_``, ``thresholds_`` and ``coef_`` and returns ``self``.
The per-theme thresholds are chosen on out-of-fold probabilities (grouped by
source article), not on the data the final model is fitted to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from vnparty_nlp._checks import check_choice, check_int, check_number
from vnparty_nlp.errors import ParameterError
from vnparty_nlp.preprocess.tokenize import check_texts as _check_texts
from vnparty_nlp.preprocess.transformer import Preprocessor
from vnparty_nlp.themes.compiled import calibrated_proba
from vnparty_nlp.themes.labels import LABELS, check_labels

__all__ = ["ThemeClassifier", "best_thresholds", "to_indicator"]

_THRESHOLD_GRID = np.round(np.arange(0.10, 0.91, 0.025), 3)


def to_indicator(y: Sequence[Iterable[str]] | np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Label lists (or an indicator matrix) to an ``(n, 4)`` 0/1 matrix in ``LABELS`` order.

    >>> to_indicator([["economics"], [], ["ideology", "cell_quality"]]).tolist()
    [[0, 0, 0, 1], [0, 0, 0, 0], [1, 0, 1, 0]]
    """
    if isinstance(y, np.ndarray) and y.ndim == 2:
        if y.shape[1] != len(LABELS):
            raise ValueError(f"an indicator matrix needs {len(LABELS)} columns ({', '.join(LABELS)})")
        return y.astype(np.int64)
    rows = []
    for i, labels in enumerate(y):
        if isinstance(labels, str):
            raise TypeError(f"y[{i}] is a str; give each paragraph a list of themes, e.g. [{labels!r}]")
        names = check_labels(labels, where=f"y[{i}]")
        rows.append([int(label in names) for label in LABELS])
    return np.asarray(rows, dtype=np.int64).reshape(-1, len(LABELS))


def best_thresholds(y_true: np.ndarray[Any, Any], proba: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """For each theme, the probability cut-off with the best F1 (ties: the lowest)."""
    out = np.empty(len(LABELS))
    for k in range(len(LABELS)):
        truth = y_true[:, k].astype(bool)
        best, best_f1 = 0.5, -1.0
        for t in _THRESHOLD_GRID:
            pred = proba[:, k] >= t
            tp = np.sum(pred & truth)
            f1 = 2 * tp / max(1, pred.sum() + truth.sum())
            if f1 > best_f1 + 1e-12:
                best, best_f1 = float(t), f1
        out[k] = best
    return out


class ThemeClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Multi-label theme classifier for Vietnamese paragraphs.

    Parameters
    ----------
    C : inverse regularisation strength of the logistic regressions.
    word_ngrams : n-gram range over :func:`vnparty_nlp.tokenize` tokens.
    char_ngrams : character n-gram range over the tokens, or ``None`` for none.
    min_df : minimum document frequency of a word n-gram.
    cue_features : add four features counting the guideline's cue phrases of each theme.
    calibration_folds : folds of the sigmoid calibration of each theme's model.
    threshold_folds : grouped folds used to choose the per-theme thresholds.
    random_state : seed; the same data and seed give the same model.
    """

    def __init__(
        self,
        *,
        C: float = 4.0,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] | None = None,
        min_df: int = 1,
        cue_features: bool = False,
        calibration_folds: int = 3,
        threshold_folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.cue_features = cue_features
        self.calibration_folds = calibration_folds
        self.threshold_folds = threshold_folds
        self.random_state = random_state

    def _build(self) -> Pipeline:
        features: list[tuple[str, Any]] = [
            ("words", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=self.word_ngrams,
                                      min_df=self.min_df, sublinear_tf=True, dtype=np.float64)),
        ]
        if self.char_ngrams is not None:
            features.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams,
                                                      min_df=2, sublinear_tf=True, max_features=60000)))
        if self.cue_features:
            from vnparty_nlp.training.cues import CueFeatures

            features.append(("cues", CueFeatures()))
        base = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear",
                                  max_iter=1000, random_state=self.random_state)
        model = OneVsRestClassifier(CalibratedClassifierCV(base, method="sigmoid", cv=self.calibration_folds))
        return Pipeline([("tokens", Preprocessor()), ("features", FeatureUnion(features)), ("model", model)])

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Iterable[str]] | np.ndarray[Any, Any],
        groups: Sequence[str] | None = None,
    ) -> ThemeClassifier:
        """Fit on texts ``X`` and their themes ``y`` (label lists or a 0/1 matrix).

        ``groups`` (e.g. the source article of each paragraph) keeps related
        paragraphs in the same fold when the thresholds are chosen.
        """
        self._validate_params()
        texts = _check_texts(X)
        Y = to_indicator(y)
        if len(texts) != len(Y):
            raise ValueError(f"X has {len(texts)} texts but y has {len(Y)} label sets")
        missing = [LABELS[k] for k in range(len(LABELS)) if Y[:, k].sum() < 2 or (1 - Y[:, k]).sum() < 2]
        if missing:
            raise ValueError(f"each theme needs at least 2 paragraphs with it and 2 without; not: {missing}")
        group_array = np.asarray(groups if groups is not None else [str(i) for i in range(len(texts))])
        n_folds = min(self.threshold_folds, len(set(group_array.tolist())))
        if n_folds >= 2:
            oof = np.zeros(Y.shape, dtype=np.float64)
            for train, test in GroupKFold(n_splits=n_folds).split(texts, Y, group_array):
                fold = self._build().fit([texts[i] for i in train], Y[train])
                oof[test] = fold.predict_proba([texts[i] for i in test])
            self.thresholds_ = best_thresholds(Y, oof)
        else:
            self.thresholds_ = np.full(len(LABELS), 0.5)
        self.__dict__.pop("_linear_cache", None)
        self.__dict__.pop("_names_cache", None)
        self.pipeline_ = self._build().fit(texts, Y)
        self.classes_ = np.asarray(LABELS)
        self.coef_ = self._mean_coefficients()
        self.n_features_in_ = 1
        return self

    def _validate_params(self) -> None:
        """Each parameter checked before any work, the error naming this estimator's parameter."""
        owner = "ThemeClassifier"
        check_number(self.C, "C", owner=owner)
        for name in ("word_ngrams", "char_ngrams"):
            value = getattr(self, name)
            if value is None and name == "char_ngrams":
                continue
            if (not isinstance(value, tuple | list) or len(value) != 2
                    or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
                    or not 1 <= value[0] <= value[1]):
                raise ParameterError(f"{owner}: {name} must be a (low, high) pair of ints with 1 <= low <= high, "
                                     f"got {value!r}")
        check_int(self.min_df, "min_df", owner=owner)
        check_choice(self.cue_features, "cue_features", (True, False), owner=owner)
        check_int(self.calibration_folds, "calibration_folds", minimum=2, owner=owner)
        check_int(self.threshold_folds, "threshold_folds", minimum=2, owner=owner)
        check_int(self.random_state, "random_state", minimum=0, owner=owner)

    def _mean_coefficients(self) -> np.ndarray[Any, Any]:
        # Each theme's calibrated model averages several fitted logistic
        # regressions; their mean coefficients say which terms push the theme.
        rows = []
        for calibrated in self.pipeline_.named_steps["model"].estimators_:
            coefs = [c.estimator.coef_.ravel() for c in calibrated.calibrated_classifiers_]
            rows.append(np.mean(coefs, axis=0))
        return np.vstack(rows)

    def _calibrated_linear(self) -> tuple[Any, Any, Any, Any]:
        # The fitted calibrated models, flattened once into arrays: each theme's
        # probability is the mean over its calibration folds of
        # expit(-(a * (x . w + b) + c)), exactly what scikit-learn computes,
        # without its per-call validation overhead (30 ms a paragraph).
        cached = self.__dict__.get("_linear_cache")
        if cached is None:
            weights, intercepts, slopes, offsets = [], [], [], []
            for calibrated in self.pipeline_.named_steps["model"].estimators_:
                for fold in calibrated.calibrated_classifiers_:
                    weights.append(fold.estimator.coef_.ravel())
                    intercepts.append(float(fold.estimator.intercept_[0]))
                    slopes.append(float(fold.calibrators[0].a_))
                    offsets.append(float(fold.calibrators[0].b_))
            cached = (np.vstack(weights).T, np.asarray(intercepts), np.asarray(slopes), np.asarray(offsets))
            self.__dict__["_linear_cache"] = cached
        return cached

    def feature_names(self) -> np.ndarray[Any, Any]:
        """Names of the model's features (word n-grams prefixed ``words__``, and so on)."""
        check_is_fitted(self, "pipeline_")
        names: np.ndarray[Any, Any] | None = self.__dict__.get("_names_cache")
        if names is None:
            names = self.pipeline_.named_steps["features"].get_feature_names_out()
            self.__dict__["_names_cache"] = names
        return names

    def features(self, X: Sequence[str]) -> Any:
        """The feature rows of ``X`` (a sparse CSR matrix)."""
        check_is_fitted(self, "pipeline_")
        tokens = self.pipeline_.named_steps["tokens"].transform(_check_texts(X))
        return self.pipeline_.named_steps["features"].transform(tokens).tocsr()

    def proba_from_features(self, features: Any) -> np.ndarray[Any, Any]:
        """Probabilities for rows already made by :meth:`features`."""
        return calibrated_proba(features, self._calibrated_linear())

    def predict_proba(self, X: Sequence[str]) -> np.ndarray[Any, Any]:
        """Probabilities, shape ``(n, 4)``, columns in ``LABELS`` order."""
        check_is_fitted(self, "pipeline_")
        texts = _check_texts(X)
        if not texts:
            return np.zeros((0, len(LABELS)))
        return self.proba_from_features(self.features(texts))

    def predict(self, X: Sequence[str]) -> np.ndarray[Any, Any]:
        """0/1 matrix, shape ``(n, 4)``: a theme is assigned when its probability reaches its threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int64)

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = super().__getstate__()
        return {k: v for k, v in state.items() if not (k.startswith("_") and k.endswith("_cache"))}

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        return tags
