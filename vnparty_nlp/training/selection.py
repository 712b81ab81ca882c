"""Choosing a topic model: coherence scores, a sweep over k, and an NMF baseline.

Coherence is gensim's ``CoherenceModel`` over the training documents' tokens:
``c_v`` (Röder et al. 2015; roughly 0.3 to 0.7 for useful topics) and
``c_npmi`` (normalised PMI in [-1, 1]). Both read each topic's top words, so
an NMF model, scored on the same tokens and dictionary, is comparable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from vnparty_nlp.training.topic_model import TopicModel

__all__ = [
    "DISTRICT_SOURCES",
    "DistrictFigures",
    "SweepRow",
    "coherence",
    "district_figures",
    "lda_topics",
    "match_topics",
    "model_tokens",
    "nmf_topics",
    "stability",
    "sweep",
]

TOP_N = 10
# The district articles of issue 16's goal: the seed articles and the Đắk Song portal's.
DISTRICT_SOURCES = ("seeds", "daksong-portal", "daksong-portal-more")


@dataclass(frozen=True)
class DistrictFigures:
    """How a model spreads district articles over topics.

    ``articles``: how many were scored; ``heaviest_share``: the mean, over
    articles, of the weight of the article's heaviest topic (its mix is the
    mean of its paragraphs' mixes, as ``analyze`` computes it);
    ``leading_topics``: how many different topics lead at least one article.
    """

    articles: int
    heaviest_share: float
    leading_topics: int


def district_figures(
    doc_topic: np.ndarray[Any, Any], keys: Sequence[tuple[str, str]], sources: Sequence[str] = DISTRICT_SOURCES
) -> DistrictFigures:
    """:class:`DistrictFigures` from paragraph mixes (one row per paragraph) and their (source, article) keys.

    >>> rows = np.array([[0.8, 0.2], [0.4, 0.6], [0.1, 0.9], [0.5, 0.5]])
    >>> district_figures(rows, [("seeds", "a"), ("seeds", "a"), ("seeds", "b"), ("news", "c")])
    DistrictFigures(articles=2, heaviest_share=0.75, leading_topics=2)
    """
    articles: dict[tuple[str, str], list[np.ndarray[Any, Any]]] = {}
    for row, key in zip(doc_topic, keys, strict=True):
        if key[0] in sources and row.any():  # a paragraph with no known word has no mix
            articles.setdefault(key, []).append(row)
    mixes = [np.mean(rows, axis=0) for rows in articles.values()]
    if not mixes:
        return DistrictFigures(0, 0.0, 0)
    return DistrictFigures(len(mixes), round(float(np.mean([m.max() for m in mixes])), 4),
                           len({int(np.argmax(m)) for m in mixes}))


def match_topics(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]) -> list[float]:
    """Jaccard of the top-word sets of two models' topics, paired one to one to maximise the total.

    >>> match_topics([["a", "b"], ["c", "d"]], [["c", "e"], ["a", "b"]])
    [1.0, 0.3333]
    """
    from scipy.optimize import linear_sum_assignment

    sets_a, sets_b = [set(t) for t in first], [set(t) for t in second]
    scores = np.array([[len(a & b) / len(a | b) if a | b else 0.0 for b in sets_b] for a in sets_a])
    rows, cols = linear_sum_assignment(-scores)
    return [round(float(scores[r, c]), 4) for r, c in zip(rows, cols, strict=True)]


def stability(topic_sets: Sequence[Sequence[Sequence[str]]]) -> float:
    """Median Jaccard of matched top-word sets over every pair of models (e.g. three seeds).

    >>> stability([[["a", "b"], ["c", "d"]], [["a", "b"], ["c", "e"]], [["a", "b"], ["c", "d"]]])
    1.0
    """
    scores = [score for i, a in enumerate(topic_sets) for b in topic_sets[i + 1:] for score in match_topics(a, b)]
    return round(float(np.median(scores)), 4) if scores else 0.0


@dataclass(frozen=True)
class SweepRow:
    """One candidate model's scores."""

    model: str
    k: int
    c_v: float
    c_npmi: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def coherence(
    topics: Sequence[Sequence[str]], token_docs: Sequence[Sequence[str]], dictionary: Any
) -> dict[str, float]:
    """c_v and c_npmi of topics given as top-word lists, over ``token_docs``."""
    from gensim.models import CoherenceModel

    out = {}
    for measure in ("c_v", "c_npmi"):
        model = CoherenceModel(
            topics=[list(t) for t in topics], texts=[list(d) for d in token_docs], dictionary=dictionary,
            coherence=measure, topn=TOP_N, processes=1,
        )
        out[measure] = round(float(model.get_coherence()), 4)
    return out


def lda_topics(model: TopicModel, n: int = TOP_N) -> list[list[str]]:
    return [[w for w, _ in model.top_words(k, n)] for k in range(model.n_topics)]


def model_tokens(model: TopicModel, token_docs: Sequence[Sequence[str]]) -> list[list[str]]:
    """The documents as the fitted model counts them (phrases applied, filtered words dropped)."""
    known = model.dictionary_.token2id
    return [[t for t in model.tokens(doc) if t in known] for doc in token_docs]


def nmf_topics(
    token_docs: Sequence[Sequence[str]], dictionary: Any, k: int, random_state: int = 0, n: int = TOP_N
) -> list[list[str]]:
    """Top words of scikit-learn NMF topics on TF-IDF of the same tokens and vocabulary."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    vocabulary = {dictionary[i]: i for i in range(len(dictionary))}
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, vocabulary=vocabulary, sublinear_tf=True)
    matrix = vectorizer.fit_transform(token_docs)
    nmf = NMF(n_components=k, init="nndsvd", random_state=random_state, max_iter=500)
    nmf.fit(matrix)
    words = vectorizer.get_feature_names_out()
    return [[str(words[i]) for i in np.argsort(-row, kind="stable")[:n]] for row in nmf.components_]


def sweep(
    token_docs: Sequence[Sequence[str]],
    ks: Sequence[int],
    params: dict[str, Any],
    progress: Callable[[str], None] | None = None,
    with_nmf: bool = True,
    sources: Sequence[str] | None = None,
) -> list[SweepRow]:
    """Fit an LDA (and an NMF on the same tokens) for each k and score both."""
    rows = []
    for k in ks:
        model = TopicModel(**{**params, "n_topics": k}).fit(token_docs, sources=sources)
        docs = model_tokens(model, token_docs)
        scores = coherence(lda_topics(model), docs, model.dictionary_)
        rows.append(SweepRow("lda", k, scores["c_v"], scores["c_npmi"]))
        if with_nmf:
            nmf = coherence(nmf_topics(docs, model.dictionary_, k, params.get("random_state", 0)), docs,
                            model.dictionary_)
            rows.append(SweepRow("nmf", k, nmf["c_v"], nmf["c_npmi"]))
        if progress:
            progress(" ".join(f"{r.model} k={r.k} c_v={r.c_v} npmi={r.c_npmi}" for r in rows[-2:]))
    return rows
