"""``classify``, ``classify_batch`` and ``classify_article`` with the pretrained model.

The models are loaded on first use, once per process (see
:mod:`vnparty_nlp.registry`). Prediction only reads the loaded arrays, so calls
from many threads are safe.

Themes are the loaded model's (``current_models().labels``): the four shipped
themes (:data:`vnparty_nlp.LABELS`) for the shipped model, your own names for a
model trained on your own label file. A model trained with context reads each
paragraph's :class:`~vnparty_nlp.themes.context.ParagraphContext` (the article's
title and neighbouring paragraphs): ``classify_article`` gives it by itself,
``classify(text, context=...)`` and ``classify_batch(texts, contexts=...)`` take
it; without it the model reads the paragraph alone. Evidence from the context
is marked ``context:`` before the term.
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
from vnparty_nlp.themes.context import ParagraphContext, article_contexts, check_context

__all__ = [
    "ArticleThemes",
    "ParagraphContext",
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


def _cut(context: ParagraphContext | None) -> ParagraphContext | None:
    if context is None:
        return None
    return ParagraphContext(context.title[:MAX_CHARS], tuple(t[:MAX_CHARS] for t in context.before),
                            tuple(t[:MAX_CHARS] for t in context.after))


def _results(
    classifier: Any, texts: list[str], contexts: list[ParagraphContext | None] | None = None,
) -> list[ThemeResult]:
    if not texts:
        return []
    cut = [_cut(c) for c in contexts] if contexts is not None and classifier.uses_context else None
    features = classifier.features([text[:MAX_CHARS] for text in texts], cut)
    proba = classifier.proba_from_features(features)
    names, is_term = _term_columns(classifier)
    labels = classifier.labels
    results = []
    for row, text in enumerate(texts):
        scores = {label: round(float(proba[row, k]), 6) for k, label in enumerate(labels)}
        if not text.strip():
            results.append(ThemeResult((), scores, None, {}))
            continue
        assigned = [
            label for k, label in enumerate(labels) if proba[row, k] >= classifier.thresholds_[k]
        ]
        assigned.sort(key=lambda label: (-scores[label], labels.index(label)))
        evidence = {}
        start, end = features.indptr[row], features.indptr[row + 1]
        columns, values = features.indices[start:end], features.data[start:end]
        keep = is_term[columns]
        columns, values = columns[keep], values[keep]
        for label in assigned:
            pushes = values * classifier.coef_[labels.index(label), columns]
            order = np.argsort(-pushes, kind="stable")[:_EVIDENCE_TERMS]
            evidence[label] = tuple(
                (names[columns[i]], round(float(pushes[i]), 4)) for i in order if pushes[i] > 0
            )
        results.append(ThemeResult(tuple(assigned), scores, assigned[0] if assigned else None, evidence))
    return results


def _term_columns(classifier: Any) -> tuple[list[str], Any]:
    """Readable names of the word n-gram features (of the paragraph, and of its context), and which columns they are.

    Evidence is given in words: character n-grams and cue counts also push the
    score but mean little to a reader. Terms read in the context (title and
    neighbouring paragraphs) are marked ``context:``.
    """
    cached = classifier.__dict__.get("_terms_cache")
    if cached is None:
        raw = classifier.feature_names()
        names = [("context:" if str(n).startswith("context__") else "") + str(n).split("__", 1)[-1].replace(" ", " + ")
                 for n in raw]
        is_term = np.asarray([str(n).startswith(("words__", "context__")) for n in raw])
        cached = classifier.__dict__["_terms_cache"] = (names, is_term)
    return cached  # type: ignore[no-any-return]


def classify(
    text: str,
    context: ParagraphContext | None = None,
    *,
    title: str | None = None,
    before: Iterable[str] = (),
    after: Iterable[str] = (),
) -> ThemeResult:
    """The themes of one paragraph, with the pretrained model.

    An empty or blank text gives no labels and every score present. Only the
    first :data:`MAX_CHARS` (100,000) characters are read. ``context`` (or
    ``title``, ``before``, ``after``: the article's title and the paragraphs
    before and after this one) is read by a model trained with context, and
    ignored by one that is not (the shipped model).
    """
    return _classify_with(MODELS.current(), text, _context_of(context, title, before, after, "classify"))


def _context_of(
    context: object, title: str | None, before: Iterable[str], after: Iterable[str], function: str,
) -> ParagraphContext | None:
    found = check_context(context, function)
    parts = title is not None or tuple(before) or tuple(after)
    if found is not None and parts:
        raise TypeError(f"{function}() takes context= or title=/before=/after=, not both")
    if found is None and parts:
        for name, value in (("before", before), ("after", after)):
            if isinstance(value, str):
                raise TypeError(f"{function}() expects {name}= as a list of paragraphs, not one str: {name}=[text]")
        found = ParagraphContext(title if title is not None else "", tuple(before), tuple(after))
    return found


def _classify_with(bundle: ModelBundle, text: str, context: ParagraphContext | None = None) -> ThemeResult:
    contexts = [check_context(context, "classify")] if context is not None else None
    return _results(bundle.require_classifier(), [_check_text(text, "classify")], contexts)[0]


def _batch_with(
    bundle: ModelBundle, texts: Iterable[str], contexts: Iterable[ParagraphContext | None] | None = None,
) -> list[ThemeResult]:
    classifier = bundle.require_classifier()
    return [r for chunk, chunk_contexts in _checked_chunks(_iter_texts(texts, "classify_batch"), _CHUNK,
                                                            _iter_contexts(contexts, "classify_batch"))
            for r in _results(classifier, chunk, chunk_contexts)]


_Chunk = tuple[list[str], list[ParagraphContext | None] | None]


def _iter_contexts(
    contexts: Iterable[ParagraphContext | None] | None, function: str,
) -> Iterator[ParagraphContext | None] | None:
    if contexts is None:
        return None
    if isinstance(contexts, ParagraphContext | str):
        raise TypeError(f"{function}() expects contexts= as one ParagraphContext (or None) per text, in a list")
    return iter(contexts)


def _checked_chunks(
    iterator: Iterator[object], chunk_size: int, contexts: Iterator[object] | None = None,
) -> Iterator[_Chunk]:
    offset = 0
    while chunk := list(islice(iterator, chunk_size)):
        texts = [_check_text(text, "classify_batch", offset + i) for i, text in enumerate(chunk)]
        found: list[ParagraphContext | None] | None = None
        if contexts is not None:
            found = [check_context(c, "classify_batch") for c in islice(contexts, len(chunk))]
            if len(found) < len(chunk):
                raise ValueError(f"contexts ran out at text {offset + len(found)}: give one context (or None) per text")
        yield texts, found
        offset += len(chunk)
    if contexts is not None and next(contexts, _END) is not _END:
        raise ValueError(f"contexts has more entries than the {offset} texts: give one context (or None) per text")


_END = object()


def _worker_results(
    folder: Path | None, texts: list[str], contexts: list[ParagraphContext | None] | None = None,
) -> list[ThemeResult]:
    """In a worker process: the same models as the caller (loaded once per worker), then the results."""
    MODELS.follow(folder)
    return _results(MODELS.classifier(), texts, contexts)


def iter_classify(
    texts: Iterable[str],
    n_jobs: int = 1,
    chunk_size: int = _CHUNK,
    contexts: Iterable[ParagraphContext | None] | None = None,
) -> Iterator[ThemeResult]:
    """Classify a stream of paragraphs chunk by chunk; memory does not grow with the stream.

    With ``n_jobs`` other than 1, chunks go to that many worker processes (-1: one per
    core), each loading the models once; results come back in input order, equal to
    ``n_jobs=1``'s. Processes rather than threads: tokenising holds the GIL. The
    streaming form of :func:`classify_batch`: results come out as the texts go in.
    ``contexts``: one :class:`ParagraphContext` (or None) per text, read by a model
    trained with context.
    """
    iterator = _iter_texts(texts, "iter_classify")
    _check_n_jobs(n_jobs)
    chunks = _checked_chunks(iterator, chunk_size, _iter_contexts(contexts, "iter_classify"))
    if n_jobs != 1:
        # A stream that fits in one chunk is classified here: starting or waking worker
        # processes for it costs more (hundreds of ms on a first call) than the work.
        head = list(islice(chunks, 2))
        if len(head) == 2:
            yield from _parallel_results(chain(head, chunks), n_jobs)
            return
        chunks = iter(head)
    classifier = MODELS.classifier()
    for chunk, chunk_contexts in chunks:
        yield from _results(classifier, chunk, chunk_contexts)


def _parallel_results(chunks: Iterator[_Chunk], n_jobs: int) -> Iterator[ThemeResult]:
    from joblib import Parallel, delayed

    folder = MODELS.folder
    # return_as="generator": results in order, as they come, with a bounded number of
    # chunks in flight (pre_dispatch), so a long stream is never held in memory.
    with Parallel(n_jobs=n_jobs, backend="loky", return_as="generator", pre_dispatch="2*n_jobs") as parallel:
        for part in parallel(delayed(_worker_results)(folder, chunk, found) for chunk, found in chunks):
            yield from part


def _iter_texts(texts: Iterable[str], function: str) -> Iterator[str]:
    return check_texts_iter(texts, function)


def _check_n_jobs(n_jobs: object) -> None:
    check_n_jobs(n_jobs)


def classify_batch(
    texts: Iterable[str], n_jobs: int = 1, contexts: Iterable[ParagraphContext | None] | None = None,
) -> list[ThemeResult]:
    """The themes of many paragraphs; equal to calling :func:`classify` on each, but vectorised.

    ``texts`` may be any iterable (a generator is read chunk by chunk); for
    results that stream out too, use :func:`iter_classify`. ``contexts``: one
    :class:`ParagraphContext` (or None) per text, as ``classify(text, context=...)``.
    """
    _iter_texts(texts, "classify_batch")
    _check_n_jobs(n_jobs)
    _iter_contexts(contexts, "classify_batch")
    return list(iter_classify(texts, n_jobs=n_jobs, contexts=contexts))


def classify_article(raw: str) -> ArticleThemes:
    """Parse a raw article and classify its body paragraphs.

    Each paragraph also carries its key figures, places and organisations
    (``figures``, ``places``, ``organisations``; in ``to_dict()``, per paragraph).
    ``shares`` gives, for each theme, the fraction of body paragraphs that
    carry it (0 for an article with no body paragraphs). A model trained with
    context reads each paragraph with the article's title and its neighbouring
    body paragraphs.
    """
    return classify_article_with(MODELS.current(), raw)


def classify_article_with(bundle: ModelBundle, raw: str) -> ArticleThemes:
    """:func:`classify_article` with the models of ``bundle``."""
    article = parse_article(check_str(raw, "classify_article", what="the article text"))
    classifier = bundle.require_classifier()
    contexts = article_contexts(article.title, article.paragraphs) if classifier.uses_context else None
    results = tuple(_batch_with(bundle, article.paragraphs, contexts))
    n = len(results)
    shares = {label: (sum(label in r.labels for r in results) / n if n else 0.0) for label in classifier.labels}
    from vnparty_nlp.extract import extract_figures, extract_organisations, extract_places

    paragraphs = article.paragraphs
    return ArticleThemes(article, results, shares,
                         # Read as far as the classifier reads (MAX_CHARS): bounded time on a pasted book.
                         figures=tuple(tuple(extract_figures(p[:MAX_CHARS])) for p in paragraphs),
                         places=tuple(tuple(extract_places(p[:MAX_CHARS])) for p in paragraphs),
                         organisations=tuple(tuple(extract_organisations(p[:MAX_CHARS])) for p in paragraphs))
