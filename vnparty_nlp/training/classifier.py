"""The theme classifier: TF-IDF over tokens, one calibrated linear model per theme.

A scikit-learn estimator: ``__init__`` stores keyword-only parameters, ``fit``
learns ``pipeline_``, ``thresholds_`` and ``coef_`` and returns ``self``.
The per-theme thresholds are chosen on out-of-fold probabilities (grouped by
source article), not on the data the final model is fitted to.

Every parameter's default is the shipped model's behaviour; the others are
choices for model selection on real text (issue 13):

* ``context_weight > 0`` adds a *context block* to each paragraph's row: the
  word TF-IDF (same fitted word vectorizer) of the paragraphs within
  ``context_window`` before and after it in its article, plus ``title_weight``
  times the word TF-IDF of the article's title, all times ``context_weight``.
  A paragraph without context (authored text, ``classify(text)``) has an
  all-zero block. ``fit(..., context=[ParagraphContext | None, ...])``.
* ``model="linear_svm"``: a linear SVM instead of a logistic regression, with
  the same sigmoid calibration (so the same exported arrays).
* ``model="nb_logistic"``: a logistic regression on the features scaled by their
  naive Bayes log-count ratio (:mod:`~vnparty_nlp.training.nb_logistic`); still
  linear in the unscaled features, so again the same exported arrays.
* ``cue_list="refined"``: the cue features count ``data/cues_refined.json``.
* ``labels``: the model's own theme names (default: the four shipped themes).
* ``fit(..., sample_weight=...)``: e.g. authored paragraphs weighted against real ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from vnparty_nlp._checks import check_choice, check_int, check_number
from vnparty_nlp.errors import ParameterError
from vnparty_nlp.preprocess.tokenize import check_texts as _check_texts
from vnparty_nlp.preprocess.tokenize import tokens_and_syllables_batch
from vnparty_nlp.preprocess.transformer import Preprocessor
from vnparty_nlp.themes.compiled import calibrated_proba
from vnparty_nlp.themes.context import CONTEXT_SEPARATOR, ParagraphContext
from vnparty_nlp.themes.cue_data import CUE_LISTS
from vnparty_nlp.themes.labels import LABELS, check_label_names, check_labels

__all__ = ["MODELS", "ThemeClassifier", "best_thresholds", "drop_pickle_noise", "to_indicator"]

_THRESHOLD_GRID = np.round(np.arange(0.10, 0.91, 0.025), 3)
MODELS = ("logistic", "linear_svm", "nb_logistic")
# Parameters added after models were shipped: an estimator unpickled from an older file gets these.
_LATER_DEFAULTS: dict[str, Any] = {"cue_list": "guideline", "model": "logistic", "context_weight": 0.0,
                                   "title_weight": 1.0, "context_window": 1, "labels": None,
                                   "syllable_ngrams": None, "max_syllables": 20000, "syllables_": None}


def to_indicator(
    y: Sequence[Iterable[str]] | np.ndarray[Any, Any], labels: Sequence[str] = LABELS,
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Label lists (or an indicator matrix) to an ``(n, len(labels))`` 0/1 matrix in ``labels`` order.

    >>> to_indicator([["economics"], [], ["ideology", "cell_quality"]]).tolist()
    [[0, 0, 0, 1], [0, 0, 0, 0], [1, 0, 1, 0]]
    >>> to_indicator([["b"], ["a", "b"]], labels=("a", "b")).tolist()
    [[0, 1], [1, 1]]
    """
    if isinstance(y, np.ndarray) and y.ndim == 2:
        if y.shape[1] != len(labels):
            raise ValueError(f"an indicator matrix needs {len(labels)} columns ({', '.join(labels)})")
        return y.astype(np.int64)
    rows = []
    for i, names in enumerate(y):
        if isinstance(names, str):
            raise TypeError(f"y[{i}] is a str; give each paragraph a list of themes, e.g. [{names!r}]")
        given = check_labels(names, where=f"y[{i}]", themes=labels)
        rows.append([int(label in given) for label in labels])
    return np.asarray(rows, dtype=np.int64).reshape(-1, len(labels))


def best_thresholds(y_true: np.ndarray[Any, Any], proba: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """For each theme (column), the probability cut-off with the best F1 (ties: the lowest)."""
    out = np.empty(y_true.shape[1])
    for k in range(y_true.shape[1]):
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


def drop_pickle_noise(estimator: Any) -> None:
    """Remove what makes two pickles of equal models differ, in place.

    scikit-learn's word vectorizer caches ``_stop_words_id = id(self.stop_words)``,
    a memory address (of ``None``) that changes from process to process, so two
    identical trainings pickled different bytes (issue 14 item 6b). It is only
    a cache: scikit-learn sets it again when it needs it. ``stop_words_`` lists
    every n-gram that ``min_df``/``max_features`` dropped (86,000 words and more
    for the shipped model): scikit-learn documents it as introspection only, safe
    to remove before pickling, and it was most of the joblib file. Likewise each
    fitted :class:`~vnparty_nlp.training.nb_logistic.NBLogisticRegression`'s
    ``ratio_``: its ``coef_`` already holds ``w * ratio_``, and the ratios were
    a third of the shipped joblib file.
    """
    pipeline = getattr(estimator, "pipeline_", None)
    if pipeline is None:
        return
    for calibrated in getattr(pipeline.named_steps["model"], "estimators_", ()):
        for fold in getattr(calibrated, "calibrated_classifiers_", ()):
            fold.estimator.__dict__.pop("ratio_", None)
    parts = [part for _, part in pipeline.named_steps["features"].transformer_list]
    for part in [*parts, estimator.__dict__.get("syllables_")]:
        if part is not None:
            part.__dict__.pop("_stop_words_id", None)
            part.__dict__.pop("stop_words_", None)


class _Docs:
    """Token strings of the texts of one ``fit`` or ``predict`` call: each distinct text tokenised once."""

    def __init__(self, tokens: Preprocessor, texts: Sequence[str], contexts: Sequence[ParagraphContext | None],
                 window: int, with_context: bool, with_syllables: bool = False) -> None:
        distinct: dict[str, int] = {}
        for text in texts:
            distinct.setdefault(text, len(distinct))
        if with_context:
            for context in contexts:
                if context is not None:
                    for text in (context.title, *context.neighbours(window)):
                        distinct.setdefault(text, len(distinct))
        syllables: list[str] = []
        if with_syllables:  # both from one preparation of each text, as the runtime does
            token_lists, syllables = tokens_and_syllables_batch(list(distinct), tokens.config)
            tokenised = [" ".join(t) for t in token_lists]
        else:
            tokenised = tokens.transform(list(distinct)) if distinct else []
        doc = {text: tokenised[i] for text, i in distinct.items()}
        self.paragraphs = [doc[text] for text in texts]
        self.syllables = [syllables[distinct[text]] for text in texts] if with_syllables else []
        self.has_context = np.asarray([with_context and c is not None for c in contexts], dtype=bool)
        self.neighbours = ["" for _ in texts]
        self.titles = ["" for _ in texts]
        if with_context:
            for i, context in enumerate(contexts):
                if context is not None:
                    self.neighbours[i] = neighbour_doc(context, window, doc)
                    self.titles[i] = doc[context.title]

    def subset(self, rows: np.ndarray[Any, Any]) -> _Docs:
        out = _Docs.__new__(_Docs)
        out.paragraphs = [self.paragraphs[i] for i in rows]
        out.syllables = [self.syllables[i] for i in rows] if self.syllables else []
        out.neighbours = [self.neighbours[i] for i in rows]
        out.titles = [self.titles[i] for i in rows]
        out.has_context = self.has_context[rows]
        return out


def neighbour_doc(context: ParagraphContext, window: int, doc: dict[str, str]) -> str:
    """The token string of the paragraphs within ``window`` of a paragraph, joined by a separator token.

    The separator is never a token of ``tokenize`` (a NUL), so no n-gram spans two paragraphs.
    """
    return CONTEXT_SEPARATOR.join(doc[text] for text in context.neighbours(window))


class ThemeClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Multi-label theme classifier for Vietnamese paragraphs.

    Parameters
    ----------
    C : inverse regularisation strength of the linear models.
    word_ngrams : n-gram range over :func:`vnparty_nlp.tokenize` tokens.
    char_ngrams : character n-gram range over the tokens, or ``None`` for none.
    min_df : minimum document frequency of a word n-gram.
    max_words : keep only the most frequent word n-grams (``None``: all); bounds the model's size.
    max_chars : the most character n-grams kept.
    cue_features : add four features counting each shipped theme's cue phrases.
    cue_list : which cue phrases those features count: ``"guideline"`` (``data/cues.json``)
        or ``"refined"`` (``data/cues_refined.json``, without words used in passing).
    model : ``"logistic"`` (logistic regression), ``"linear_svm"`` (a linear SVM) or ``"nb_logistic"``
        (logistic regression on naive-Bayes-scaled features, NBSVM); each is calibrated with a sigmoid,
        balanced class weights.
    context_weight : weight of the context block (0: none, the shipped model).
    title_weight : weight of the title inside the context block, relative to the neighbours.
    context_window : how many paragraphs before and after a paragraph its context reads (0: the title only).
    syllable_ngrams : n-gram range over the paragraph's syllables, or ``None`` for none (the default):
        :func:`~vnparty_nlp.preprocess.tokenize.syllables_batch`, not segmented, small words kept.
    max_syllables : the most syllable n-grams kept.
    labels : the model's theme names, in order (``None``: the four shipped themes, ``LABELS``).
    calibration_folds : folds of the sigmoid calibration of each theme's model.
    threshold_folds : grouped folds used to choose the per-theme thresholds.
    random_state : seed; the same data and seed give the same model, to the byte.
    """

    def __init__(
        self,
        *,
        C: float = 4.0,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] | None = None,
        min_df: int = 1,
        max_words: int | None = None,
        max_chars: int = 60000,
        cue_features: bool = False,
        cue_list: str = "guideline",
        model: str = "logistic",
        context_weight: float = 0.0,
        title_weight: float = 1.0,
        context_window: int = 1,
        syllable_ngrams: tuple[int, int] | None = None,
        max_syllables: int = 20000,
        labels: tuple[str, ...] | None = None,
        calibration_folds: int = 3,
        threshold_folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_words = max_words
        self.max_chars = max_chars
        self.cue_features = cue_features
        self.cue_list = cue_list
        self.model = model
        self.context_weight = context_weight
        self.title_weight = title_weight
        self.context_window = context_window
        self.syllable_ngrams = syllable_ngrams
        self.max_syllables = max_syllables
        self.labels = labels
        self.calibration_folds = calibration_folds
        self.threshold_folds = threshold_folds
        self.random_state = random_state

    # -- building ---------------------------------------------------------------------------------

    @property
    def _labels(self) -> tuple[str, ...]:
        return LABELS if self.labels is None else tuple(self.labels)

    @property
    def _uses_context(self) -> bool:
        return float(self.context_weight) > 0.0

    def _build_features(self) -> FeatureUnion:
        features: list[tuple[str, Any]] = [
            ("words", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=self.word_ngrams,
                                      min_df=self.min_df, max_features=self.max_words, sublinear_tf=True,
                                      dtype=np.float64)),
        ]
        if self.char_ngrams is not None:
            features.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams,
                                                      min_df=2, sublinear_tf=True, max_features=self.max_chars)))
        if self.cue_features:
            from vnparty_nlp.training.cues import CueFeatures

            # The default list keeps the shipped model's exact parameters (CueFeatures()).
            features.append(("cues", CueFeatures() if self.cue_list == "guideline"
                             else CueFeatures(cue_list=self.cue_list)))
        return FeatureUnion(features)

    def _build_syllables(self) -> TfidfVectorizer | None:
        if self.syllable_ngrams is None:
            return None
        return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=tuple(self.syllable_ngrams),
                               min_df=2, max_features=self.max_syllables, sublinear_tf=True, dtype=np.float64)

    def _build_model(self, weighted: bool) -> OneVsRestClassifier:
        base: Any
        if self.model == "linear_svm":
            base = LinearSVC(C=self.C, class_weight="balanced", max_iter=10000, random_state=self.random_state)
        elif self.model == "nb_logistic":
            from vnparty_nlp.training.nb_logistic import NBLogisticRegression

            base = NBLogisticRegression(C=self.C, class_weight="balanced", random_state=self.random_state)
        else:
            base = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear",
                                      max_iter=1000, random_state=self.random_state)
        calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=self.calibration_folds)
        if weighted:
            # OneVsRestClassifier hands sample weights on only through metadata routing.
            base.set_fit_request(sample_weight=True)
            calibrated.set_fit_request(sample_weight=True)
        return OneVsRestClassifier(calibrated)

    def _context_block(self, words: TfidfVectorizer, docs: _Docs) -> Any:
        """``context_weight * (tfidf(neighbours) + title_weight * tfidf(title))``; zero rows without context."""
        n = len(docs.paragraphs)
        rows = np.flatnonzero(docs.has_context)
        block = sparse.csr_matrix((n, len(words.vocabulary_)), dtype=np.float64)
        if len(rows):
            neighbours = words.transform([docs.neighbours[i] for i in rows])
            titles = words.transform([docs.titles[i] for i in rows])
            part = float(self.context_weight) * (neighbours + float(self.title_weight) * titles)
            select = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(n, len(rows)))
            block = (select @ part).tocsr()
        block.eliminate_zeros()
        block.sort_indices()
        return block

    def _rows(self, features: FeatureUnion, docs: _Docs, syllables: TfidfVectorizer | None) -> Any:
        """Blocks in the order the runtime builds them: words, chars, cues, context, syllables."""
        X = features.transform(docs.paragraphs)
        blocks = [X]
        if self._uses_context:
            words = dict(features.transformer_list)["words"]
            blocks.append(self._context_block(words, docs))
        if syllables is not None:
            blocks.append(syllables.transform(docs.syllables))
        return sparse.hstack(blocks).tocsr() if len(blocks) > 1 else X

    def _fit_parts(
        self, docs: _Docs, Y: np.ndarray[Any, Any], weights: np.ndarray[Any, Any] | None,
    ) -> tuple[FeatureUnion, TfidfVectorizer | None, OneVsRestClassifier]:
        features = self._build_features()
        blocks = [features.fit_transform(docs.paragraphs, Y)]
        if self._uses_context:
            blocks.append(self._context_block(dict(features.transformer_list)["words"], docs))
        syllables = self._build_syllables()
        if syllables is not None:
            blocks.append(syllables.fit_transform(docs.syllables))
        X = sparse.hstack(blocks).tocsr() if len(blocks) > 1 else blocks[0]
        if weights is None:
            model = self._build_model(False).fit(X, Y)
        else:
            with config_context(enable_metadata_routing=True):
                model = self._build_model(True).fit(X, Y, sample_weight=weights)
        return features, syllables, model

    def _docs(self, texts: Sequence[str], context: Sequence[ParagraphContext | None] | None,
              tokens: Preprocessor | None = None) -> _Docs:
        contexts = _check_contexts(context, len(texts))
        return _Docs(tokens or Preprocessor(), texts, contexts, int(self.context_window), self._uses_context,
                     self.syllable_ngrams is not None)

    # -- fitting --------------------------------------------------------------------------------------

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Iterable[str]] | np.ndarray[Any, Any],
        groups: Sequence[str] | None = None,
        context: Sequence[ParagraphContext | None] | None = None,
        sample_weight: Sequence[float] | np.ndarray[Any, Any] | None = None,
        threshold_rows: Sequence[bool] | np.ndarray[Any, Any] | None = None,
    ) -> ThemeClassifier:
        """Fit on texts ``X`` and their themes ``y`` (label lists or a 0/1 matrix).

        ``groups`` (e.g. the source article of each paragraph) keeps related
        paragraphs in the same fold when the thresholds are chosen.
        ``context``: each paragraph's :class:`~vnparty_nlp.themes.context.ParagraphContext`
        or None (read only when ``context_weight > 0``). ``sample_weight``:
        each paragraph's weight in the linear models and their calibration.
        ``threshold_rows``: a mask of the paragraphs whose out-of-fold scores choose
        the thresholds (default: all). Training passes the real paragraphs, so the
        cut-offs suit the text users meet rather than the easier authored text.
        """
        self._validate_params()
        labels = self._labels
        texts = _check_texts(X)
        Y = to_indicator(y, labels)
        if len(texts) != len(Y):
            raise ValueError(f"X has {len(texts)} texts but y has {len(Y)} label sets")
        weights = _check_weights(sample_weight, len(texts))
        missing = [labels[k] for k in range(len(labels)) if Y[:, k].sum() < 2 or (1 - Y[:, k]).sum() < 2]
        if missing:
            raise ValueError(f"each theme needs at least 2 paragraphs with it and 2 without; not: {missing}")
        if groups is not None and len(groups) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but groups has {len(groups)} entries")
        rows = np.ones(len(texts), dtype=bool) if threshold_rows is None else np.asarray(threshold_rows, dtype=bool)
        if rows.shape != (len(texts),) or not rows.any():
            raise ValueError(f"threshold_rows must be a mask of {len(texts)} booleans with at least one True")
        tokens = Preprocessor().fit(texts)
        docs = self._docs(texts, context, tokens)
        group_array = np.asarray(groups if groups is not None else [str(i) for i in range(len(texts))])
        n_folds = min(self.threshold_folds, len(set(group_array.tolist())))
        if n_folds >= 2:
            oof = np.zeros(Y.shape, dtype=np.float64)
            for train, test in GroupKFold(n_splits=n_folds).split(texts, Y, group_array):
                features, syllables, model = self._fit_parts(docs.subset(train), Y[train],
                                                             None if weights is None else weights[train])
                oof[test] = model.predict_proba(self._rows(features, docs.subset(test), syllables))
            self.thresholds_ = best_thresholds(Y[rows], oof[rows])
        else:
            self.thresholds_ = np.full(len(labels), 0.5)
        for cache in ("_linear_cache", "_names_cache"):
            self.__dict__.pop(cache, None)
        features, syllables, model = self._fit_parts(docs, Y, weights)
        self.pipeline_ = Pipeline([("tokens", tokens), ("features", features), ("model", model)])
        self.syllables_ = syllables
        drop_pickle_noise(self)
        self.classes_ = np.asarray(labels)
        self.coef_ = self._mean_coefficients()
        self.n_features_in_ = 1
        return self

    def _validate_params(self) -> None:
        """Each parameter checked before any work, the error naming this estimator's parameter."""
        owner = "ThemeClassifier"
        check_number(self.C, "C", owner=owner)
        for name in ("word_ngrams", "char_ngrams", "syllable_ngrams"):
            value = getattr(self, name)
            if value is None and name != "word_ngrams":
                continue
            if (not isinstance(value, tuple | list) or len(value) != 2
                    or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
                    or not 1 <= value[0] <= value[1]):
                raise ParameterError(f"{owner}: {name} must be a (low, high) pair of ints with 1 <= low <= high, "
                                     f"got {value!r}")
        check_int(self.min_df, "min_df", owner=owner)
        if self.max_words is not None:
            check_int(self.max_words, "max_words", owner=owner)
        check_int(self.max_chars, "max_chars", owner=owner)
        check_int(self.max_syllables, "max_syllables", owner=owner)
        check_choice(self.cue_features, "cue_features", (True, False), owner=owner)
        check_choice(self.cue_list, "cue_list", tuple(CUE_LISTS), owner=owner)
        check_choice(self.model, "model", MODELS, owner=owner)
        check_number(self.context_weight, "context_weight", owner=owner, low_inclusive=True)
        check_number(self.title_weight, "title_weight", owner=owner, low_inclusive=True)
        check_int(self.context_window, "context_window", minimum=0, owner=owner)
        if self.labels is not None:
            if isinstance(self.labels, str):
                raise ParameterError(f"{owner}: labels must be a tuple of theme names, not one str: "
                                     f"labels=({self.labels!r},)")
            try:
                check_label_names(list(self.labels))
            except ValueError as error:
                raise ParameterError(f"{owner}: labels: {error}") from None
        check_int(self.calibration_folds, "calibration_folds", minimum=2, owner=owner)
        check_int(self.threshold_folds, "threshold_folds", minimum=2, owner=owner)
        check_int(self.random_state, "random_state", minimum=0, owner=owner)

    def _mean_coefficients(self) -> np.ndarray[Any, Any]:
        # Each theme's calibrated model averages several fitted linear models;
        # their mean coefficients say which terms push the theme.
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
                    intercepts.append(float(np.ravel(fold.estimator.intercept_)[0]))
                    slopes.append(float(fold.calibrators[0].a_))
                    offsets.append(float(fold.calibrators[0].b_))
            cached = (np.vstack(weights).T, np.asarray(intercepts), np.asarray(slopes), np.asarray(offsets))
            self.__dict__["_linear_cache"] = cached
        return cached

    # -- inference --------------------------------------------------------------------------------------

    def feature_names(self) -> np.ndarray[Any, Any]:
        """Names of the model's features (``words__...``, ``chars__...``, ``cues__...``, ``context__...``,
        ``syllables__...``)."""
        check_is_fitted(self, "pipeline_")
        names: np.ndarray[Any, Any] | None = self.__dict__.get("_names_cache")
        if names is None:
            features = self.pipeline_.named_steps["features"]
            names = features.get_feature_names_out()
            if self._uses_context:
                words = dict(features.transformer_list)["words"].get_feature_names_out()
                names = np.concatenate([names, np.asarray([f"context__{w}" for w in words], dtype=object)])
            if self.syllables_ is not None:
                terms = self.syllables_.get_feature_names_out()
                names = np.concatenate([names, np.asarray([f"syllables__{t}" for t in terms], dtype=object)])
            self.__dict__["_names_cache"] = names
        return names

    def features(self, X: Sequence[str], context: Sequence[ParagraphContext | None] | None = None) -> Any:
        """The feature rows of ``X`` (a sparse CSR matrix); ``context`` as in :meth:`fit`."""
        check_is_fitted(self, "pipeline_")
        texts = _check_texts(X)
        docs = self._docs(texts, context, self.pipeline_.named_steps["tokens"])
        return self._rows(self.pipeline_.named_steps["features"], docs, self.syllables_).tocsr()

    def proba_from_features(self, features: Any) -> np.ndarray[Any, Any]:
        """Probabilities for rows already made by :meth:`features`."""
        return calibrated_proba(features, self._calibrated_linear(), len(self.classes_))

    def predict_proba(
        self, X: Sequence[str], context: Sequence[ParagraphContext | None] | None = None,
    ) -> np.ndarray[Any, Any]:
        """Probabilities, shape ``(n, n_themes)``, columns in ``classes_`` order."""
        check_is_fitted(self, "pipeline_")
        texts = _check_texts(X)
        if not texts:
            _check_contexts(context, 0)
            return np.zeros((0, len(self.classes_)))
        return self.proba_from_features(self.features(texts, context))

    def predict(
        self, X: Sequence[str], context: Sequence[ParagraphContext | None] | None = None,
    ) -> np.ndarray[Any, Any]:
        """0/1 matrix, shape ``(n, n_themes)``: a theme is assigned when its probability reaches its threshold."""
        return (self.predict_proba(X, context) >= self.thresholds_).astype(np.int64)

    # -- pickling --------------------------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = super().__getstate__()
        return {k: v for k, v in state.items() if not (k.startswith("_") and k.endswith("_cache"))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in _LATER_DEFAULTS.items():
            state.setdefault(name, value)
        super().__setstate__(state)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        return tags


def _check_contexts(context: object, n: int) -> list[ParagraphContext | None]:
    """One ParagraphContext or None per paragraph; a clear error otherwise."""
    if context is None:
        return [None] * n
    if isinstance(context, ParagraphContext | str) or not isinstance(context, Sequence):
        raise TypeError("context must be a sequence with one ParagraphContext (or None) per paragraph, got "
                        f"{type(context).__name__}")
    if len(context) != n:
        raise ValueError(f"X has {n} texts but context has {len(context)} entries; give one per paragraph "
                         "(None where there is none)")
    for i, item in enumerate(context):
        if item is not None and not isinstance(item, ParagraphContext):
            raise TypeError(f"context[{i}] is {type(item).__name__}; give a ParagraphContext(title=..., "
                            "before=(...), after=(...)) or None")
    return list(context)


def _check_weights(sample_weight: object, n: int) -> np.ndarray[Any, Any] | None:
    """Sample weights as a float array (None when absent): finite, non-negative, some positive."""
    if sample_weight is None:
        return None
    try:
        weights = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("sample_weight must be a sequence of numbers, one per paragraph") from None
    if weights.shape != (n,):
        raise ValueError(f"X has {n} texts but sample_weight has shape {weights.shape}; give one number per paragraph")
    if not np.isfinite(weights).all() or (weights < 0).any() or not (weights > 0).any():
        raise ValueError("sample_weight must be finite, >= 0, and not all 0")
    return weights
