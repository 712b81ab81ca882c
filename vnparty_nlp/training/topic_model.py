"""``TopicModel``: gensim LDA over tokenised paragraphs, with a scikit-learn-style contract.

``fit`` learns the dictionary (with optional ``Phrases`` bigrams) and an
``LdaModel`` with a fixed ``random_state``; ``transform`` gives each text's
topic distribution with :func:`vnparty_nlp.topicmodel.compiled.infer_theta`,
the same loop the runtime runs over the exported arrays (not gensim's
``get_document_topics``, which starts from random draws).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from vnparty_nlp._checks import check_choice, check_int, check_number
from vnparty_nlp.config import TokenizerConfig
from vnparty_nlp.errors import ParameterError
from vnparty_nlp.topicmodel.compiled import infer_theta

__all__ = ["MIN_SOURCE_DOCUMENTS", "TopicModel"]

# A source smaller than this is not filtered on its own (its few documents say little about its boilerplate).
MIN_SOURCE_DOCUMENTS = 20


class TopicModel(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """LDA topics of Vietnamese paragraphs.

    Parameters (keyword-only):

    ``n_topics``: number of topics. ``phrases``: join frequent word pairs
    into bigram tokens with gensim ``Phrases`` before counting.
    ``no_below`` / ``no_above``: drop words in fewer than ``no_below``
    documents or in more than the fraction ``no_above`` of them (relaxed
    for corpora under 200 documents; the bounds used are ``no_below_`` and
    ``no_above_``). ``source_no_above``: also drop words in more than this
    fraction of the documents of any one source (``fit(X, sources=...)``,
    sources of at least ``MIN_SOURCE_DOCUMENTS`` documents): a portal's
    boilerplate (its district's name, its own institutions) is common within
    it however rare it is in the whole corpus; None keeps them.
    ``passes`` / ``iterations`` / ``chunksize``: LDA training effort and
    how many documents each online update reads. ``alpha``: the
    document-topic prior (``"symmetric"``, ``"asymmetric"``, ``"auto"`` or a
    number); ``eta``: the topic-word prior (a number; None is 1 / n_topics).
    ``init``: where the topics start: ``"random"`` (gensim's random draws
    from ``random_state``) or ``"nmf"`` (the topic-word weights of a
    scikit-learn NMF with the deterministic ``nndsvd`` start, on sublinear
    TF-IDF of the same counts): the first E-step then reads NMF's topics, so
    the fitted topics no longer hinge on the seed's first draws.
    ``seed_words``: optional ``{topic id: words}`` that the topic-word prior
    ``eta`` pushes toward those topics (guided LDA); ``seed_weight`` is
    the prior given to a seed word in its topic. ``random_state``: the seed
    that makes training reproducible. ``tokenizer``: how texts become tokens.

    Learned: ``dictionary_`` (gensim ``Dictionary``), ``lda_`` (gensim
    ``LdaModel``), ``phrases_`` (frozen ``Phrases`` or None),
    ``n_documents_``, ``doc_topic_`` (the training documents' mixes) and
    ``doc_lengths_`` (their token counts), kept for the pyLDAvis page.
    """

    def __init__(
        self,
        *,
        n_topics: int = 10,
        phrases: bool = False,
        no_below: int = 5,
        no_above: float = 0.4,
        source_no_above: float | None = None,
        passes: int = 20,
        iterations: int = 400,
        chunksize: int = 2000,
        alpha: str | float = "symmetric",
        eta: float | None = None,
        init: str = "random",
        seed_words: Mapping[int, Sequence[str]] | None = None,
        seed_weight: float = 1.0,
        random_state: int = 0,
        tokenizer: TokenizerConfig | None = None,
    ) -> None:
        self.n_topics = n_topics
        self.phrases = phrases
        self.no_below = no_below
        self.no_above = no_above
        self.source_no_above = source_no_above
        self.passes = passes
        self.iterations = iterations
        self.chunksize = chunksize
        self.alpha = alpha
        self.eta = eta
        self.init = init
        self.seed_words = seed_words
        self.seed_weight = seed_weight
        self.random_state = random_state
        self.tokenizer = tokenizer

    # -- tokens -----------------------------------------------------------------------------

    def _base_tokens(self, document: str | Sequence[str]) -> list[str]:
        if isinstance(document, str):
            from vnparty_nlp.preprocess.tokenize import DEFAULT_CONFIG, tokenize

            return tokenize(document, self.tokenizer or DEFAULT_CONFIG)
        if isinstance(document, Sequence) and all(isinstance(t, str) for t in document):
            return list(document)
        raise TypeError(
            f"a document must be a str or a sequence of str tokens, got {type(document).__name__}"
        )

    def tokens(self, document: str | Sequence[str]) -> list[str]:
        """The tokens the model counts for ``document`` (a text, or tokens from ``tokenize``)."""
        tokens = self._base_tokens(document)
        phrases = getattr(self, "phrases_", None)
        return list(phrases[tokens]) if phrases is not None else tokens

    # -- fitting ----------------------------------------------------------------------------

    def fit(
        self, X: Iterable[str | Sequence[str]], y: object = None, sources: Sequence[str] | None = None
    ) -> TopicModel:
        """Learn topics from documents: texts, or token lists from ``tokenize``.

        ``sources``: each document's source (a corpus or portal name), read by
        ``source_no_above`` (without it, the whole corpus is one source).
        """
        from gensim.corpora import Dictionary
        from gensim.models import LdaModel

        if isinstance(X, str):
            raise TypeError("fit() expects an iterable of documents, not one str")
        self._validate_params()
        token_docs = [self._base_tokens(doc) for doc in X]
        self.phrases_ = None
        if self.phrases:
            from gensim.models.phrases import Phrases

            # A space joins the pair: "_" already joins the syllables of one word.
            self.phrases_ = Phrases(
                token_docs, min_count=5, threshold=0.5, scoring="npmi", delimiter=" "
            ).freeze()
            token_docs = [list(self.phrases_[doc]) for doc in token_docs]
        dictionary = Dictionary(token_docs)
        no_below, no_above = self._filter_bounds(len(token_docs))
        dictionary.filter_extremes(no_below=no_below, no_above=no_above, keep_n=None)
        self.source_words_dropped_ = self._filter_by_source(dictionary, token_docs, sources)
        corpus = [dictionary.doc2bow(doc) for doc in token_docs]
        if not any(corpus):
            raise ValueError(
                f"no words left to model: {len(token_docs)} documents, none with a word kept by the "
                f"dictionary filter (no_below={no_below}, no_above={no_above}); give more or "
                "longer documents, or lower no_below"
            )
        self.dictionary_ = dictionary
        self.no_below_, self.no_above_ = no_below, no_above
        start = self._initial_topics(corpus, len(dictionary))
        self.lda_ = LdaModel(
            corpus=corpus if start is None else None,
            id2word=dictionary,
            num_topics=self.n_topics,
            passes=self.passes,
            iterations=self.iterations,
            alpha=self.alpha,
            eta=self._eta(dictionary),
            random_state=self.random_state,
            eval_every=None,
            chunksize=self.chunksize,
            dtype=np.float64,
        )
        if start is not None:
            from gensim.matutils import dirichlet_expectation

            self.lda_.state.sstats[...] = start
            self.lda_.expElogbeta = np.exp(dirichlet_expectation(self.lda_.state.sstats))
            self.lda_.update(corpus)
        self.n_documents_ = len(corpus)
        self.doc_lengths_ = np.asarray([sum(c for _, c in bow) for bow in corpus], dtype=np.int64)
        self.doc_topic_ = np.vstack([self._theta(bow) for bow in corpus]) if corpus else np.zeros((0, 0))
        # gensim stamps its objects with the time, host and Python of training
        # (lifecycle_events); without them the same inputs give the same file bytes.
        for part in (self.dictionary_, self.lda_, self.phrases_):
            if part is not None:
                part.lifecycle_events = None
        return self

    def _initial_topics(self, corpus: Sequence[Sequence[tuple[int, int]]], n_words: int) -> np.ndarray | None:
        """The starting topic-word counts for ``init="nmf"`` (None for gensim's random start).

        NMF's rows, each scaled to the corpus's mean number of tokens per
        topic, plus a small floor so that no word starts impossible.
        """
        if self.init == "random":
            return None
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfTransformer

        rows = [i for i, doc in enumerate(corpus) for _ in doc]
        cols = [w for doc in corpus for w, _ in doc]
        vals = [c for doc in corpus for _, c in doc]
        counts = csr_matrix((vals, (rows, cols)), shape=(len(corpus), n_words), dtype=np.float64)
        tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        nmf = NMF(n_components=self.n_topics, init="nndsvd", max_iter=500, random_state=0).fit(tfidf)
        weights = np.asarray(nmf.components_, dtype=np.float64)
        totals = weights.sum(axis=1, keepdims=True)
        weights = np.divide(weights, totals, out=np.full_like(weights, 1.0 / n_words), where=totals > 0)
        start: np.ndarray = weights * (float(counts.sum()) / self.n_topics) + 0.01
        return start

    def _filter_by_source(self, dictionary: Any, token_docs: Sequence[Sequence[str]],
                          sources: Sequence[str] | None) -> list[str]:
        """Drop the words in more than ``source_no_above`` of some source's documents; returns them, sorted."""
        if self.source_no_above is None:
            return []
        if sources is None:
            sources = [""] * len(token_docs)  # one source: the filter is then corpus-wide
        if isinstance(sources, str) or len(sources) != len(token_docs):
            raise ParameterError(f"TopicModel.fit: sources must give one source per document "
                                 f"({len(token_docs)} documents)")
        by_source: dict[str, list[Sequence[str]]] = {}
        for source, doc in zip(sources, token_docs, strict=True):
            by_source.setdefault(str(source), []).append(doc)
        # A small corpus relaxes this bound as it relaxes no_above (see _filter_bounds).
        bound = self.source_no_above if len(token_docs) >= 200 else max(self.source_no_above, 0.5)
        dropped: set[str] = set()
        for docs in by_source.values():
            if len(docs) < MIN_SOURCE_DOCUMENTS:
                continue
            frequency: dict[str, int] = {}
            for doc in docs:
                for word in set(doc):
                    frequency[word] = frequency.get(word, 0) + 1
            dropped |= {w for w, n in frequency.items() if n > bound * len(docs)}
        known = sorted(w for w in dropped if w in dictionary.token2id)
        dictionary.filter_tokens(bad_ids=[dictionary.token2id[w] for w in known])
        return known

    def _validate_params(self) -> None:
        """Each parameter checked before any work, the error naming this estimator's parameter."""
        owner = "TopicModel"
        check_int(self.n_topics, "n_topics", owner=owner)
        check_int(self.passes, "passes", owner=owner)
        check_int(self.iterations, "iterations", owner=owner)
        check_int(self.chunksize, "chunksize", owner=owner)
        check_int(self.no_below, "no_below", owner=owner)
        check_number(self.no_above, "no_above", high=1.0, owner=owner)
        if self.source_no_above is not None:
            check_number(self.source_no_above, "source_no_above", high=1.0, owner=owner)
        if isinstance(self.alpha, str):
            check_choice(self.alpha, "alpha", ("symmetric", "asymmetric", "auto"), owner=owner)
        else:
            check_number(self.alpha, "alpha", owner=owner)
        if self.eta is not None:
            check_number(self.eta, "eta", owner=owner)
        check_choice(self.init, "init", ("random", "nmf"), owner=owner)
        check_number(self.seed_weight, "seed_weight", owner=owner)
        check_int(self.random_state, "random_state", minimum=0, owner=owner)
        check_choice(self.phrases, "phrases", (True, False), owner=owner)
        for topic in (self.seed_words or {}):
            if not isinstance(topic, int) or not 0 <= topic < self.n_topics:
                raise ParameterError(f"{owner}: seed_words has topic {topic!r}, not in 0..{self.n_topics - 1}")
        if self.tokenizer is not None and not isinstance(self.tokenizer, TokenizerConfig):
            raise ParameterError(f"{owner}: tokenizer must be a TokenizerConfig or None, "
                                 f"got {type(self.tokenizer).__name__}")

    def _filter_bounds(self, n_documents: int) -> tuple[int, float]:
        """The dictionary filter for a corpus of this size.

        In a small corpus a word in a tenth of the documents is not
        ubiquitous and a word in five is not rare, so below 200 documents
        the bounds relax: words in up to half the documents are kept, and
        ``no_below`` shrinks to one document in fifty (at least one).
        """
        if n_documents >= 200:
            return self.no_below, self.no_above
        return min(self.no_below, max(1, n_documents // 50)), max(self.no_above, 0.5)

    def _eta(self, dictionary: Any) -> Any:
        base = 1.0 / self.n_topics if self.eta is None else float(self.eta)
        if not self.seed_words:
            return base
        eta = np.full((self.n_topics, len(dictionary)), base)
        for topic, words in self.seed_words.items():
            for word in words:
                word_id = dictionary.token2id.get(word)
                if word_id is not None:
                    # The seed word is made likely in its topic and unlikely elsewhere.
                    eta[:, word_id] = base / 10
                    eta[topic, word_id] = self.seed_weight
        return eta

    # -- inference --------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        check_is_fitted(self, "lda_", msg="this TopicModel is not fitted yet; call fit(documents) first")

    def _arrays(self) -> tuple[np.ndarray, np.ndarray]:
        cached = self.__dict__.get("_arrays_cache")
        if cached is None:
            exp_elog_beta = np.asarray(self.lda_.expElogbeta, dtype=np.float64)
            alpha = np.asarray(self.lda_.alpha, dtype=np.float64)
            cached = self.__dict__["_arrays_cache"] = (exp_elog_beta, alpha)
        return cached

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_cache")}

    def _theta(self, bow: Sequence[tuple[int, int]]) -> np.ndarray:
        """A document's topic distribution (the runtime's loop, over this model's arrays)."""
        exp_elog_beta, alpha = self._arrays()
        return infer_theta(exp_elog_beta, alpha, bow, int(self.lda_.iterations),
                           float(getattr(self.lda_, "gamma_threshold", 1e-3)))

    def bow(self, document: str | Sequence[str]) -> list[tuple[int, int]]:
        """The bag of known words of a document, as gensim counts it."""
        self._check_fitted()
        return self.dictionary_.doc2bow(self.tokens(document))  # type: ignore[no-any-return]

    def transform(self, X: Iterable[str | Sequence[str]]) -> np.ndarray:
        """Each document's topic distribution, one row per document.

        A row sums to 1, except for a document with no known word: its row
        is all zeros.
        """
        self._check_fitted()
        if isinstance(X, str):
            raise TypeError("transform() expects an iterable of documents; use topic_mix(text) for one")
        rows = [self._theta(self.bow(doc)) for doc in X]
        return np.vstack(rows) if rows else np.zeros((0, self.lda_.num_topics))

    def topic_mix(self, document: str | Sequence[str], min_weight: float = 0.0) -> list[tuple[int, float]]:
        """``(topic id, weight)`` pairs of one document, highest first; ``[]`` with no known word.

        Weights sum to 1 within rounding when ``min_weight`` is 0.
        """
        theta = self.transform([document])[0]
        if not theta.any():
            return []
        order = np.argsort(-theta, kind="stable")
        return [(int(k), float(theta[k])) for k in order if theta[k] > min_weight or min_weight == 0.0]

    def top_words(self, topic: int, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` most probable words of ``topic`` with their probabilities."""
        self._check_fitted()
        if not 0 <= topic < self.lda_.num_topics:
            raise IndexError(f"topic must be in 0..{self.lda_.num_topics - 1}, got {topic}")
        return [(str(w), float(p)) for w, p in self.lda_.show_topic(topic, topn=n)]

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The dictionary's words in id order."""
        self._check_fitted()
        return tuple(self.dictionary_[i] for i in range(len(self.dictionary_)))

    @property
    def term_frequency(self) -> np.ndarray:
        """How often each word occurs in the training documents, in id order."""
        self._check_fitted()
        cfs = self.dictionary_.cfs
        return np.asarray([cfs.get(i, 0) for i in range(len(self.dictionary_))], dtype=np.float64)

    def topic_term_matrix(self) -> np.ndarray:
        """Topics x vocabulary word probabilities (rows sum to 1)."""
        self._check_fitted()
        return np.asarray(self.lda_.get_topics(), dtype=np.float64)
