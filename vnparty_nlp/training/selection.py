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

__all__ = ["SweepRow", "coherence", "lda_topics", "model_tokens", "nmf_topics", "sweep"]

TOP_N = 10


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
) -> list[SweepRow]:
    """Fit an LDA (and an NMF on the same tokens) for each k and score both."""
    rows = []
    for k in ks:
        model = TopicModel(**{**params, "n_topics": k}).fit(token_docs)
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
