"""Honest evaluation of theme classifiers, next to two baselines on the same data.

* cross-validation grouped by source article on the training data: no
  article contributes paragraphs to both sides of a fold;
* the real development set (paragraphs of real articles labelled by reading):
  when real paragraphs are part of the training mix, they are predicted
  out-of-fold, by models that never saw their article.

Baselines: a keyword baseline built from the guideline's cue words
(``data/cues.json``) and the majority baseline (each theme predicted for every
paragraph if most training paragraphs have it, else never).

Models are fitted with each paragraph's context (read by a classifier with
``context_weight > 0``) and, when given, its sample weight; a model with its
own theme names is scored on those (the keyword baseline knows cue words of
the four shipped themes only and never predicts another).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from vnparty_nlp.preprocess.normalize import normalize
from vnparty_nlp.themes.cue_data import cue_words
from vnparty_nlp.themes.labels import LABELS
from vnparty_nlp.training.classifier import ThemeClassifier, to_indicator
from vnparty_nlp.training.dataset import LabelledParagraph

__all__ = ["KeywordBaseline", "MajorityBaseline", "Scores", "cross_validate", "score", "weights_by_id"]

Scores = dict[str, Any]


def score(y_true: np.ndarray[Any, Any], y_pred: np.ndarray[Any, Any], labels: Sequence[str] = LABELS) -> Scores:
    """Per-theme precision, recall, F1 and support; micro and macro F1 (columns in ``labels`` order).

    >>> s = score(np.array([[1, 0, 0, 0], [0, 1, 0, 0]]), np.array([[1, 0, 0, 0], [0, 0, 0, 0]]))
    >>> s["ideology"]["f1"], s["personnel"]["recall"], round(s["micro_f1"], 3)
    (1.0, 0.0, 0.667)
    """
    out: Scores = {}
    f1s = []
    for k, label in enumerate(labels):
        truth, pred = y_true[:, k].astype(bool), y_pred[:, k].astype(bool)
        tp = int(np.sum(truth & pred))
        precision = tp / pred.sum() if pred.sum() else 0.0
        recall = tp / truth.sum() if truth.sum() else 0.0
        f1 = 2 * tp / (pred.sum() + truth.sum()) if (pred.sum() + truth.sum()) else 0.0
        out[label] = {"precision": float(precision), "recall": float(recall), "f1": float(f1),
                      "support": int(truth.sum())}
        f1s.append(f1)
    tp = int(np.sum(y_true.astype(bool) & y_pred.astype(bool)))
    denominator = int(y_true.sum() + y_pred.sum())
    out["micro_f1"] = float(2 * tp / denominator) if denominator else 0.0
    out["macro_f1"] = float(np.mean(f1s))
    out["n"] = len(y_true)
    return out


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    return {label: tuple(normalize(cue).lower() for cue in cues) for label, cues in cue_words().items()}


class KeywordBaseline:
    """Assigns a theme when any of its guideline cue words occurs in the paragraph (context unread)."""

    def __init__(self, labels: Sequence[str] = LABELS) -> None:
        self.labels = tuple(labels)

    def fit(self, X: Sequence[str], y: Any, groups: Any = None, **ignored: Any) -> KeywordBaseline:
        return self

    def predict(self, X: Sequence[str], context: Any = None) -> np.ndarray[Any, Any]:
        cues = _cues()
        rows = []
        for text in X:
            low = normalize(text).lower()
            rows.append([int(any(cue in low for cue in cues.get(label, ()))) for label in self.labels])
        return np.asarray(rows, dtype=np.int64).reshape(-1, len(self.labels))


class MajorityBaseline:
    """Predicts, for each theme, what most training paragraphs have."""

    def __init__(self, labels: Sequence[str] = LABELS) -> None:
        self.labels = tuple(labels)

    def fit(self, X: Sequence[str], y: Any, groups: Any = None, **ignored: Any) -> MajorityBaseline:
        self.majority_ = (to_indicator(y, self.labels).mean(axis=0) > 0.5).astype(np.int64)
        return self

    def predict(self, X: Sequence[str], context: Any = None) -> np.ndarray[Any, Any]:
        return np.tile(self.majority_, (len(X), 1))


def _fit(model: Any, paragraphs: Sequence[LabelledParagraph], weights: dict[int, float] | None) -> Any:
    """Fit ``model`` on ``paragraphs`` with their contexts (and weights, keyed by ``id`` of the paragraph)."""
    extra: dict[str, Any] = {"context": [p.context for p in paragraphs]}
    real = [p.origin == "real" for p in paragraphs]
    if any(real) and not all(real) and isinstance(model, ThemeClassifier):
        extra["threshold_rows"] = real  # thresholds suit real text (see ThemeClassifier.fit)
    if weights is not None:
        extra["sample_weight"] = [weights.get(id(p), 1.0) for p in paragraphs]
    return model.fit([p.text for p in paragraphs], [p.labels for p in paragraphs], [p.group for p in paragraphs],
                     **extra)


def _folds(paragraphs: Sequence[LabelledParagraph], n_splits: int) -> list[np.ndarray[Any, Any]]:
    groups = np.asarray([p.group for p in paragraphs])
    n_splits = min(n_splits, len(set(groups.tolist())))
    return [test for _, test in GroupKFold(n_splits=n_splits).split(groups, groups=groups)]


def cross_validate(
    make_model: Callable[[], Any],
    fixed_train: Sequence[LabelledParagraph],
    rotating: Sequence[LabelledParagraph],
    n_splits: int = 5,
    progress: Callable[[str], None] | None = None,
    labels: Sequence[str] = LABELS,
    weights: dict[int, float] | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Out-of-fold predictions for ``rotating``, grouped by source article.

    Each fold's model is trained on all of ``fixed_train`` plus the other
    folds of ``rotating``. With ``fixed_train`` empty this is plain grouped
    cross-validation. Returns ``(y_true, y_pred)`` for ``rotating``.
    ``weights``: sample weights keyed by ``id()`` of the paragraph (see :func:`weights_by_id`).
    """
    y_true = to_indicator([p.labels for p in rotating], labels)
    y_pred = np.zeros_like(y_true)
    for number, test in enumerate(_folds(rotating, n_splits), start=1):
        if progress:
            progress(f"fold {number}")
        test_set = set(test.tolist())
        train = list(fixed_train) + [p for i, p in enumerate(rotating) if i not in test_set]
        model = _fit(make_model(), train, weights)
        y_pred[test] = model.predict([rotating[i].text for i in test], [rotating[i].context for i in test])
    return y_true, y_pred


def weights_by_id(
    paragraphs: Sequence[LabelledParagraph], sample_weight: Sequence[float] | None,
) -> dict[int, float] | None:
    """Sample weights keyed by ``id()`` of each paragraph, as :func:`cross_validate` takes them."""
    if sample_weight is None:
        return None
    return {id(p): float(w) for p, w in zip(paragraphs, sample_weight, strict=True)}


def evaluate_all(
    training: Sequence[LabelledParagraph],
    real_in_training: bool,
    real: Sequence[LabelledParagraph],
    make_model: Callable[[], Any] = ThemeClassifier,
    progress: Callable[[str], None] | None = None,
    labels: Sequence[str] = LABELS,
    sample_weight: Sequence[float] | None = None,
) -> dict[str, Any]:
    """The figures of ``vnparty-nlp evaluate``: model and baselines on (a) training CV and (b) real text.

    ``sample_weight``: one weight per paragraph of ``training``, used by the model only.
    """
    makers: dict[str, Callable[[], Any]] = {
        "model": make_model, "keyword_baseline": lambda: KeywordBaseline(labels),
        "majority_baseline": lambda: MajorityBaseline(labels),
    }
    weights = weights_by_id(training, sample_weight)
    results: dict[str, Any] = {"training_cv": {}, "real_dev": {}, "real_dev_by_source": {}}
    sources = [p.group.split("/", 1)[0] for p in real]
    for name, maker in makers.items():
        used = weights if name == "model" else None
        if not real:
            # Without real paragraphs the only figure is cross-validation on the (authored) training
            # text. With them, the real development set below is the honest figure, so the costly
            # cross-validation of the whole mix is skipped.
            if progress:
                progress(f"{name}: cross-validation on the training data")
            results["training_cv"][name] = score(*cross_validate(maker, [], training, labels=labels, weights=used),
                                                 labels)
            continue
        if progress:
            progress(f"{name}: real development set")
        if real_in_training:
            others = [p for p in training if p.origin != "real"]
            truth, predicted = cross_validate(maker, others, real, labels=labels, weights=used)
            results["real_dev"][name] = score(truth, predicted, labels)
            for source in sorted(set(sources)):
                rows = np.asarray([s == source for s in sources])
                results["real_dev_by_source"].setdefault(source, {})[name] = score(truth[rows], predicted[rows],
                                                                                   labels)
        else:
            model = _fit(maker(), training, used)
            truth = to_indicator([p.labels for p in real], labels)
            results["real_dev"][name] = score(truth, model.predict([p.text for p in real],
                                                                   [p.context for p in real]), labels)
    return results


def format_table(title: str, block: dict[str, Scores]) -> str:
    """A plain-text table: one row per theme and average, one column group per system."""
    systems = list(block)
    header = f"{title}\n{'':<14}" + "".join(f"{s:>27}" for s in systems)
    sub = f"{'':<14}" + "".join(f"{'P':>9}{'R':>9}{'F1':>9}" for _ in systems)
    lines = [header, sub]
    first = block[systems[0]] if systems else {}
    for label in [k for k in first if isinstance(first[k], dict)]:
        row = f"{label:<14}"
        for s in systems:
            m = block[s][label]
            row += f"{m['precision']:>9.3f}{m['recall']:>9.3f}{m['f1']:>9.3f}"
        lines.append(row)
    for avg in ("micro_f1", "macro_f1"):
        lines.append(f"{avg:<14}" + "".join(f"{'':>18}{block[s][avg]:>9.3f}" for s in systems))
    lines.append(f"{'paragraphs':<14}" + "".join(f"{block[s]['n']:>27}" for s in systems))
    return "\n".join(lines)
