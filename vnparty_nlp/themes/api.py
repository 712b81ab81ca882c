"""``classify``, ``classify_batch`` and ``classify_article`` with the pretrained model.

The models are loaded on first use, once per process (see
:mod:`vnparty_nlp.registry`). Prediction only reads the loaded arrays, so calls
from many threads are safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vnparty_nlp._checks import check_n_jobs, check_str, check_texts_iter
from vnparty_nlp.preprocess.article import Article, parse_article
from vnparty_nlp.registry import MODELS, load_models
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

if TYPE_CHECKING:
    from vnparty_nlp.bundle import ModelBundle
    from vnparty_nlp.extract import Figure, Organisation, Place

_EVIDENCE_TERMS = 5
_CHUNK = 512
# The classifier reads at most this many characters of a text. Its training
# paragraphs are under 3,000 characters; the cap keeps a pasted book or a 5 MB
# string to about a second instead of a minute, and never cuts a real paragraph.
MAX_CHARS = 100_000


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
    """An article's body paragraphs with their themes, and each theme's share of the body.

    ``figures``, ``places`` and ``organisations`` hold, per body paragraph and in the same
    order, what :mod:`vnparty_nlp.extract` finds in it (empty when built without them).
    """

    article: Article
    paragraphs: tuple[ThemeResult, ...]
    shares: dict[str, float]
    figures: tuple[tuple[Figure, ...], ...] = ()
    places: tuple[tuple[Place, ...], ...] = ()
    organisations: tuple[tuple[Organisation, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = self.article.to_dict()
        data["paragraphs"] = [
            {"text": text, **result.to_dict()}
            for text, result in zip(self.article.paragraphs, self.paragraphs, strict=True)
        ]
        extracted: tuple[tuple[str, tuple[tuple[Figure | Place | Organisation, ...], ...]], ...] = (
            ("figures", self.figures), ("places", self.places), ("organisations", self.organisations))
        for key, found in extracted:
            if len(found) == len(data["paragraphs"]):
                for paragraph, items in zip(data["paragraphs"], found, strict=True):
                    paragraph[key] = [item.to_dict() for item in items]
        data["theme_shares"] = dict(self.shares)
        return data


def _check_text(text: object, function: str, item: int | None = None) -> str:
    return check_str(text, function, what="the paragraph text", item=item)


def _results(classifier: Any, texts: list[str]) -> list[ThemeResult]:
    if not texts:
        return []
    features = classifier.features([text[:MAX_CHARS] for text in texts])
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

    An empty or blank text gives no labels and every score present. Only the
    first :data:`MAX_CHARS` (100,000) characters are read.
    """
    return _classify_with(MODELS.current(), text)


def _classify_with(bundle: ModelBundle, text: str) -> ThemeResult:
    return _results(bundle.require_classifier(), [_check_text(text, "classify")])[0]


def _batch_with(bundle: ModelBundle, texts: Iterable[str]) -> list[ThemeResult]:
    classifier = bundle.require_classifier()
    return [r for chunk in _checked_chunks(_iter_texts(texts, "classify_batch"), _CHUNK)
            for r in _results(classifier, chunk)]


def _checked_chunks(iterator: Iterator[object], chunk_size: int) -> Iterator[list[str]]:
    offset = 0
    while chunk := list(islice(iterator, chunk_size)):
        yield [_check_text(text, "classify_batch", offset + i) for i, text in enumerate(chunk)]
        offset += len(chunk)


def _worker_results(folder: Path | None, texts: list[str]) -> list[ThemeResult]:
    """In a worker process: the same models as the caller (loaded once per worker), then the results."""
    MODELS.follow(folder)
    return _results(MODELS.classifier(), texts)


def iter_classify(texts: Iterable[str], n_jobs: int = 1, chunk_size: int = _CHUNK) -> Iterator[ThemeResult]:
    """Classify a stream of paragraphs chunk by chunk; memory does not grow with the stream.

    With ``n_jobs`` other than 1, chunks go to that many worker processes (-1: one per
    core), each loading the models once; results come back in input order, equal to
    ``n_jobs=1``'s. Processes rather than threads: tokenising holds the GIL. The
    streaming form of :func:`classify_batch`: results come out as the texts go in.
    """
    iterator = _iter_texts(texts, "iter_classify")
    _check_n_jobs(n_jobs)
    chunks = _checked_chunks(iterator, chunk_size)
    if n_jobs != 1:
        # A stream that fits in one chunk is classified here: starting or waking worker
        # processes for it costs more (hundreds of ms on a first call) than the work.
        head = list(islice(chunks, 2))
        if len(head) == 2:
            yield from _parallel_results(chain(head, chunks), n_jobs)
            return
        chunks = iter(head)
    classifier = MODELS.classifier()
    for chunk in chunks:
        yield from _results(classifier, chunk)


def _parallel_results(chunks: Iterator[list[str]], n_jobs: int) -> Iterator[ThemeResult]:
    from joblib import Parallel, delayed

    folder = MODELS.folder
    # return_as="generator": results in order, as they come, with a bounded number of
    # chunks in flight (pre_dispatch), so a long stream is never held in memory.
    with Parallel(n_jobs=n_jobs, backend="loky", return_as="generator", pre_dispatch="2*n_jobs") as parallel:
        for part in parallel(delayed(_worker_results)(folder, chunk) for chunk in chunks):
            yield from part


def _iter_texts(texts: Iterable[str], function: str) -> Iterator[str]:
    return check_texts_iter(texts, function)


def _check_n_jobs(n_jobs: object) -> None:
    check_n_jobs(n_jobs)


def classify_batch(texts: Iterable[str], n_jobs: int = 1) -> list[ThemeResult]:
    """The themes of many paragraphs; equal to calling :func:`classify` on each, but vectorised.

    ``texts`` may be any iterable (a generator is read chunk by chunk); for
    results that stream out too, use :func:`iter_classify`.
    """
    _iter_texts(texts, "classify_batch")
    _check_n_jobs(n_jobs)
    return list(iter_classify(texts, n_jobs=n_jobs))


def classify_article(raw: str) -> ArticleThemes:
    """Parse a raw article and classify its body paragraphs.

    Each paragraph also carries its key figures, places and organisations
    (``figures``, ``places``, ``organisations``; in ``to_dict()``, per paragraph).
    ``shares`` gives, for each theme, the fraction of body paragraphs that
    carry it (0 for an article with no body paragraphs).
    """
    return classify_article_with(MODELS.current(), raw)


def classify_article_with(bundle: ModelBundle, raw: str) -> ArticleThemes:
    """:func:`classify_article` with the models of ``bundle``."""
    article = parse_article(check_str(raw, "classify_article", what="the article text"))
    results = tuple(_batch_with(bundle, article.paragraphs))
    n = len(results)
    shares = {label: (sum(label in r.labels for r in results) / n if n else 0.0) for label in LABELS}
    from vnparty_nlp.extract import extract_figures, extract_organisations, extract_places

    paragraphs = article.paragraphs
    return ArticleThemes(article, results, shares,
                         figures=tuple(tuple(extract_figures(p)) for p in paragraphs),
                         places=tuple(tuple(extract_places(p)) for p in paragraphs),
                         organisations=tuple(tuple(extract_organisations(p)) for p in paragraphs))
