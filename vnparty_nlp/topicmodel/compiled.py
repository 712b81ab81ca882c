"""The fitted topic model as plain arrays, and the project's own inference over them.

:class:`CompiledTopicModel` holds what inference needs from a fitted
:class:`~vnparty_nlp.training.topic_model.TopicModel` (``topic_model.npz``):

* ``vocabulary``: the dictionary's words in id order (UTF-8, ``\\n``-joined);
* ``exp_elog_beta``: topics x words, gensim's ``expElogbeta`` (what the
  variational update multiplies by);
* ``topic_word``: topics x words, gensim's ``get_topics()`` (the top words);
* ``alpha``: the document-topic prior; ``iterations`` and
  ``gamma_threshold``: the update's limits;
* ``tokenizer``: the :class:`~vnparty_nlp.config.TokenizerConfig` of training;
* for the pyLDAvis page: ``term_frequency``, ``doc_topic``, ``doc_lengths``.

:func:`infer_theta` is the one inference loop: the estimator calls it too,
so the runtime computes the same numbers as the fitted model, bit for bit.
No gensim, scikit-learn or scipy is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from vnparty_nlp._numeric import digamma
from vnparty_nlp.config import TokenizerConfig
from vnparty_nlp.errors import ArtifactError

__all__ = ["CompiledTopicModel", "infer_theta", "join_terms", "split_terms"]

FORMAT = 1
_EPS = float(np.finfo(np.float64).eps)


def join_terms(terms: Sequence[str]) -> np.ndarray[Any, Any]:
    """Words as one uint8 array (UTF-8, joined by line breaks): no object arrays, no pickles."""
    if any("\n" in t for t in terms):
        raise ValueError("a vocabulary term contains a line break")
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


def split_terms(blob: np.ndarray[Any, Any]) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _dirichlet_expectation(alpha: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    values = digamma(np.append(alpha, alpha.sum()))
    return values[:-1] - values[-1]  # type: ignore[no-any-return]


def infer_theta(
    exp_elog_beta: np.ndarray[Any, Any],
    alpha: np.ndarray[Any, Any],
    bow: Sequence[tuple[int, int]],
    iterations: int,
    gamma_threshold: float,
) -> np.ndarray[Any, Any]:
    """A document's topic distribution: gensim's variational update, started from a fixed point.

    gensim starts each inference from random draws of the model's random
    state, so the same text could get a different mix on each call (and two
    threads race on that state); this starts from ones, so the same text
    always gets the same mix, from any thread.
    """
    if not bow:
        return np.zeros(len(alpha))
    ids = [i for i, _ in bow]
    counts = np.asarray([c for _, c in bow], dtype=np.float64)
    beta = exp_elog_beta[:, ids]
    gamma = np.ones(len(alpha))
    exp_theta = np.exp(_dirichlet_expectation(gamma))
    norm = exp_theta @ beta + _EPS
    for _ in range(iterations):
        last = gamma
        gamma = alpha + exp_theta * ((counts / norm) @ beta.T)
        exp_theta = np.exp(_dirichlet_expectation(gamma))
        norm = exp_theta @ beta + _EPS
        if np.mean(np.abs(gamma - last)) < gamma_threshold:
            break
    return gamma / gamma.sum()  # type: ignore[no-any-return]


def top_word_ids(topic: np.ndarray[Any, Any], n: int) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """gensim's ``get_topic_terms``: the ``n`` best word ids of a topic row, and the renormalised row."""
    topic = topic / topic.sum()
    if n <= 0:
        return np.zeros(0, dtype=np.int64), topic
    negative = -topic
    if n >= negative.size:
        return np.argsort(negative)[:n], topic
    best = np.argpartition(negative, n)[:n]
    return best.take(np.argsort(negative.take(best))), topic


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ArtifactError(f"topic model arrays: {message}")


class CompiledTopicModel:
    """Inference-only twin of a fitted ``TopicModel``: tokens, bag of words, topic mixes, top words."""

    def __init__(self, arrays: dict[str, np.ndarray[Any, Any]]) -> None:
        required = ("format", "vocabulary", "exp_elog_beta", "topic_word", "alpha", "iterations",
                    "gamma_threshold", "tokenizer")
        missing = [name for name in required if name not in arrays]
        _check(not missing, f"missing {missing}")
        _check(arrays["format"].shape == (1,) and int(arrays["format"][0]) == FORMAT,
               f"unknown format {arrays['format']!r}")
        self.vocabulary = tuple(split_terms(arrays["vocabulary"]))
        self._token2id = {word: i for i, word in enumerate(self.vocabulary)}
        beta, words, alpha = arrays["exp_elog_beta"], arrays["topic_word"], arrays["alpha"]
        k, v = len(alpha), len(self.vocabulary)
        _check(k >= 1 and alpha.ndim == 1 and bool((alpha > 0).all()), "alpha must be a positive vector")
        _check(len(self._token2id) == v, "the vocabulary repeats a word")
        _check(beta.shape == (k, v) and words.shape == (k, v),
               f"exp_elog_beta {beta.shape} and topic_word {words.shape} must be topics x words ({k}, {v})")
        _check(bool((beta >= 0).all() and (words >= 0).all()) and bool((words.sum(axis=1) > 0).all()),
               "topic-word weights must be non-negative, each topic with some weight")
        self.iterations = int(arrays["iterations"][0])
        self.gamma_threshold = float(arrays["gamma_threshold"][0])
        _check(0 <= self.iterations <= 100_000, f"iterations {self.iterations} out of range")
        tone, expand, stop, lower = (str(x) for x in arrays["tokenizer"])
        try:
            self.config = TokenizerConfig(tone_style=tone, expand_abbreviations=expand == "1",  # type: ignore[arg-type]
                                          remove_stopwords=stop == "1", lowercase=lower == "1")
        except ValueError as error:
            raise ArtifactError(f"topic model arrays: {error}") from None
        self.exp_elog_beta, self.topic_word, self.alpha = beta, words, alpha
        self.n_topics = k
        self.term_frequency = arrays.get("term_frequency")
        self.doc_topic_ = arrays.get("doc_topic")
        self.doc_lengths_ = arrays.get("doc_lengths")
        if self.doc_topic_ is not None:
            _check(self.doc_topic_.ndim == 2 and self.doc_topic_.shape[1] == k, "doc_topic must be documents x topics")
            _check(self.doc_lengths_ is not None and self.doc_lengths_.shape == (len(self.doc_topic_),),
                   "doc_lengths must give one length per document")
        if self.term_frequency is not None:
            _check(self.term_frequency.shape == (v,), "term_frequency must give one count per word")
        for name in arrays:
            arrays[name].flags.writeable = False  # shared by every thread: never changed after loading

    # -- inference -----------------------------------------------------------------------------

    def tokens(self, document: str | Sequence[str]) -> list[str]:
        """The tokens the model counts for ``document`` (a text, or tokens from ``tokenize``)."""
        if isinstance(document, str):
            from vnparty_nlp.preprocess.tokenize import tokenize

            return tokenize(document, self.config)
        if isinstance(document, Sequence) and all(isinstance(t, str) for t in document):
            return list(document)
        raise TypeError(f"a document must be a str or a sequence of str tokens, got {type(document).__name__}")

    def bow(self, document: str | Sequence[str]) -> list[tuple[int, int]]:
        """The bag of known words of a document, ``(word id, count)`` by id, as gensim's ``doc2bow``."""
        counts: dict[str, int] = {}
        for word in self.tokens(document):
            counts[word] = counts.get(word, 0) + 1
        token2id = self._token2id
        return sorted((token2id[w], c) for w, c in counts.items() if w in token2id)

    def theta(self, bow: Sequence[tuple[int, int]]) -> np.ndarray[Any, Any]:
        return infer_theta(self.exp_elog_beta, self.alpha, bow, self.iterations, self.gamma_threshold)

    def transform(self, X: Iterable[str | Sequence[str]]) -> np.ndarray[Any, Any]:
        """Each document's topic distribution, one row per document (zeros with no known word)."""
        if isinstance(X, str):
            raise TypeError("transform() expects an iterable of documents; use topic_mix(text) for one")
        rows = [self.theta(self.bow(doc)) for doc in X]
        return np.vstack(rows) if rows else np.zeros((0, self.n_topics))

    def topic_mix(self, document: str | Sequence[str], min_weight: float = 0.0) -> list[tuple[int, float]]:
        """``(topic id, weight)`` pairs of one document, highest first; ``[]`` with no known word."""
        theta = self.theta(self.bow(document))
        if not theta.any():
            return []
        order = np.argsort(-theta, kind="stable")
        return [(int(k), float(theta[k])) for k in order if theta[k] > min_weight or min_weight == 0.0]

    def top_words(self, topic: int, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` most probable words of ``topic`` with their probabilities (as gensim's ``show_topic``)."""
        if not 0 <= topic < self.n_topics:
            raise IndexError(f"topic must be in 0..{self.n_topics - 1}, got {topic}")
        ids, row = top_word_ids(self.topic_word[topic], n)
        return [(self.vocabulary[i], float(row[i])) for i in ids.tolist()]

    def topic_term_matrix(self) -> np.ndarray[Any, Any]:
        """Topics x vocabulary word probabilities (rows sum to 1)."""
        return self.topic_word
