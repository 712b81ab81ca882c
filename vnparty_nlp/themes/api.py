"""``classify``, ``classify_batch`` and ``classify_article`` with the pretrained model.

The model is loaded on first use, once per process, under a lock so that
many threads asking at once still load it once. Prediction only reads the
fitted model, so calls from many threads are safe.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from vnparty_nlp.preprocess.article import Article, parse_article
from vnparty_nlp.themes.labels import LABELS

__all__ = [
    "ArticleThemes",
    "ThemeResult",
    "classify",
    "classify_article",
    "classify_batch",
    "iter_classify",
    "load_models",
]

_EVIDENCE_TERMS = 5
_CHUNK = 512


@dataclass(frozen=True)
class ThemeResult:
    """The themes of one paragraph.

    ``labels``: assigned themes, highest score first (empty when none passes
    its threshold); ``scores``: every theme's probability in [0, 1];
    ``top``: the best assigned theme or None; ``evidence``: for each assigned
    theme, the terms of this text that pushed it most, with their weights.
    """

    labels: tuple[str, ...]
    scores: dict[str, float]
    top: str | None
    evidence: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: lists and floats only."""
        return {
            "labels": list(self.labels),
            "scores": dict(self.scores),
            "top": self.top,
            "evidence": {k: [[term, weight] for term, weight in v] for k, v in self.evidence.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThemeResult:
        return cls(
            labels=tuple(data["labels"]),
            scores={k: float(v) for k, v in data["scores"].items()},
            top=data["top"],
            evidence={k: tuple((str(t), float(w)) for t, w in v) for k, v in data["evidence"].items()},
        )


@dataclass(frozen=True)
class ArticleThemes:
    """An article's body paragraphs with their themes, and each theme's share of the body."""

    article: Article
    paragraphs: tuple[ThemeResult, ...]
    shares: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        data = self.article.to_dict()
        data["paragraphs"] = [
            {"text": text, **result.to_dict()}
            for text, result in zip(self.article.paragraphs, self.paragraphs, strict=True)
        ]
        data["theme_shares"] = dict(self.shares)
        return data


class _Models:
    """The process-wide pretrained (or user-loaded) models, loaded once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._classifier: Any = None
        self.folder: Path | None = None

    def classifier(self) -> Any:
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    from vnparty_nlp.artifacts import shipped_models_dir

                    self._classifier = _load_classifier(self.folder or shipped_models_dir())
        return self._classifier

    def use(self, folder: Path, classifier: Any) -> None:
        with self._lock:
            self.folder, self._classifier = folder, classifier


MODELS = _Models()


def _load_classifier(folder: Path) -> Any:
    """The folder's classifier for inference: its arrays (no scikit-learn needed) when shipped,
    else compiled from the joblib estimator. Both are checked against the manifest first."""
    from vnparty_nlp.artifacts import THEME_ARRAYS, THEME_CLASSIFIER, has_artifact, load_artifact, verified_path
    from vnparty_nlp.themes.compiled import CompiledThemeClassifier

    if has_artifact(folder, THEME_ARRAYS):
        return CompiledThemeClassifier.load(verified_path(folder, THEME_ARRAYS))
    return CompiledThemeClassifier.from_estimator(load_artifact(folder, THEME_CLASSIFIER))


def load_models(path: str | Path) -> None:
    """Use the artifacts in ``path`` (made by ``vnparty-nlp train``) instead of the shipped ones.

    The files are checked against the folder's ``manifest.json`` before
    anything is loaded.
    """
    folder = Path(path)
    MODELS.use(folder, _load_classifier(folder))


def _check_text(text: object, function: str) -> str:
    if not isinstance(text, str):
        hint = " (decode bytes with .decode('utf-8'))" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(f"{function}() expects a str, got {type(text).__name__}; pass the paragraph text{hint}")
    return text


def _results(classifier: Any, texts: list[str]) -> list[ThemeResult]:
    if not texts:
        return []
    features = classifier.features(texts)
    proba = classifier.proba_from_features(features)
    names, is_term = _term_columns(classifier)
    results = []
    for row, text in enumerate(texts):
        scores = {label: round(float(proba[row, k]), 6) for k, label in enumerate(LABELS)}
        if not text.strip():
            results.append(ThemeResult((), scores, None, {}))
            continue
        assigned = [
            label for k, label in enumerate(LABELS) if proba[row, k] >= classifier.thresholds_[k]
        ]
        assigned.sort(key=lambda label: (-scores[label], LABELS.index(label)))
        evidence = {}
        start, end = features.indptr[row], features.indptr[row + 1]
        columns, values = features.indices[start:end], features.data[start:end]
        keep = is_term[columns]
        columns, values = columns[keep], values[keep]
        for label in assigned:
            pushes = values * classifier.coef_[LABELS.index(label), columns]
            order = np.argsort(-pushes, kind="stable")[:_EVIDENCE_TERMS]
            evidence[label] = tuple(
                (names[columns[i]], round(float(pushes[i]), 4)) for i in order if pushes[i] > 0
            )
        results.append(ThemeResult(tuple(assigned), scores, assigned[0] if assigned else None, evidence))
    return results


def _term_columns(classifier: Any) -> tuple[list[str], Any]:
    """Readable names of the word n-gram features, and which columns they are.

    Evidence is given in words: character n-grams and cue counts also push the
    score but mean little to a reader.
    """
    cached = classifier.__dict__.get("_terms_cache")
    if cached is None:
        raw = classifier.feature_names()
        names = [str(n).split("__", 1)[-1].replace(" ", " + ") for n in raw]
        is_term = np.asarray([str(n).startswith("words__") for n in raw])
        cached = classifier.__dict__["_terms_cache"] = (names, is_term)
    return cached  # type: ignore[no-any-return]


def classify(text: str) -> ThemeResult:
    """The themes of one paragraph, with the pretrained model.

    An empty or blank text gives no labels and every score present.
    """
    return _results(MODELS.classifier(), [_check_text(text, "classify")])[0]


def _checked_chunks(texts: Iterable[str], chunk_size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    offset = 0
    while chunk := list(islice(iterator, chunk_size)):
        for i, text in enumerate(chunk):
            _check_text(text, f"classify_batch (item {offset + i})")
        yield chunk
        offset += len(chunk)


def _worker_results(folder: Path | None, texts: list[str]) -> list[ThemeResult]:
    """In a worker process: the same models as the caller (loaded once per worker), then the results."""
    if folder is not None and folder != MODELS.folder:
        load_models(folder)
    return _results(MODELS.classifier(), texts)


def iter_classify(texts: Iterable[str], n_jobs: int = 1, chunk_size: int = _CHUNK) -> Iterator[ThemeResult]:
    """Classify a stream of paragraphs chunk by chunk; memory does not grow with the stream.

    With ``n_jobs`` other than 1, chunks go to that many worker processes (-1: one per
    core), each loading the models once; results come back in input order, equal to
    ``n_jobs=1``'s. Processes rather than threads: tokenising holds the GIL.
    """
    if n_jobs == 1:
        classifier = MODELS.classifier()
        for chunk in _checked_chunks(texts, chunk_size):
            yield from _results(classifier, chunk)
        return
    from joblib import Parallel, delayed

    folder = MODELS.folder
    # return_as="generator": results in order, as they come, with a bounded number of
    # chunks in flight (pre_dispatch), so a long stream is never held in memory.
    with Parallel(n_jobs=n_jobs, backend="loky", return_as="generator", pre_dispatch="2*n_jobs") as parallel:
        for part in parallel(delayed(_worker_results)(folder, chunk) for chunk in _checked_chunks(texts, chunk_size)):
            yield from part


def classify_batch(texts: Iterable[str], n_jobs: int = 1) -> list[ThemeResult]:
    """The themes of many paragraphs; equal to calling :func:`classify` on each, but vectorised."""
    if isinstance(texts, str):
        raise TypeError("classify_batch() expects an iterable of texts, not one str; use classify(text)")
    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive int or -1 (all cores), got {n_jobs!r}")
    return list(iter_classify(texts, n_jobs=n_jobs))


def classify_article(raw: str) -> ArticleThemes:
    """Parse a raw article and classify its body paragraphs.

    ``shares`` gives, for each theme, the fraction of body paragraphs that
    carry it (0 for an article with no body paragraphs).
    """
    article = parse_article(_check_text(raw, "classify_article"))
    results = tuple(classify_batch(article.paragraphs))
    n = len(results)
    shares = {label: (sum(label in r.labels for r in results) / n if n else 0.0) for label in LABELS}
    return ArticleThemes(article, results, shares)
