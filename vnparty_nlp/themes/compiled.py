"""The fitted theme classifier as plain arrays: the same numbers, without scikit-learn.

:class:`CompiledThemeClassifier` computes exactly what the fitted
``ThemeClassifier`` pipeline computes (its tests compare the feature matrices
bit for bit) but:

* it is built from the arrays of ``theme_classifier.npz``, read by
  :func:`vnparty_nlp.artifacts.read_arrays` (checked against the manifest,
  ``allow_pickle=False``): no scikit-learn or scipy import (over a second of
  a cold start) and no unpickling;
* it counts n-grams with a cache per word: the character n-grams of a word are
  looked up once, not once per occurrence, and a chunk of paragraphs is counted
  with one ``numpy.unique`` instead of a Python dict per paragraph.

Three array formats: format 1 (the four shipped themes, no context, the
guideline's cue list read from ``cues.json``); format 2, written only for a
model that needs it, which adds ``labels`` (the model's own theme names),
``context`` (context weight, title weight, window) and the cue phrases the
model was trained with (``cue_terms``, ``cue_owner``); format 3, format 2 with
the syllable n-grams (``syllable_terms``, ``syllable_idf``, ``syllable_ngrams``)
of a model that reads them.

:mod:`vnparty_nlp.training.export` writes the ``.npz`` (from the fitted
estimator) next to the joblib file; this module only reads it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from vnparty_nlp._numeric import SparseRows, expit
from vnparty_nlp.config import TokenizerConfig
from vnparty_nlp.errors import ArtifactError
from vnparty_nlp.preprocess.tokenize import check_texts
from vnparty_nlp.themes.context import CONTEXT_SEPARATOR, ParagraphContext
from vnparty_nlp.themes.labels import LABELS, check_label_names

__all__ = ["FORMAT", "FORMATS", "CompiledThemeClassifier", "calibrated_proba"]

# The per-word character n-gram cache holds at most this many bytes (then starts again empty), and
# only words of up to _CHAR_CACHE_WORD characters: longer "words" are junk that never repeats.
CHAR_CACHE_BYTES = 16 * 1024 * 1024
_CHAR_CACHE_WORD = 40

FORMAT = _FORMAT = 1  # what a model with the shipped defaults is written as
FORMATS = (1, 2, 3)  # what this reader understands
_LONG_ROW = 2048


def _terms(blob: np.ndarray[Any, Any]) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _l2_normalise(data: np.ndarray[Any, Any], indptr: np.ndarray[Any, Any]) -> None:
    """scikit-learn's ``_inplace_csr_row_normalize_l2``: squares summed left to right, in place.

    ``numpy.cumsum`` adds strictly in order, like the Cython loop, so the norms
    are bit-identical (``numpy.sum`` would add pairwise and could differ in the last bit).
    """
    sizes = np.diff(indptr)
    if not len(sizes) or not sizes.max(initial=0):
        return
    squares = data * data
    if len(sizes) == 1:  # one paragraph (classify): the same left-to-right sum, without the padding
        norm = float(np.cumsum(squares)[-1])
        if norm != 0.0:
            data /= np.sqrt(norm)
        return
    norms = np.zeros(len(sizes))
    short = (sizes > 0) & (sizes <= _LONG_ROW)
    if short.any():
        rows = np.flatnonzero(short)
        width = int(sizes[rows].max())
        padded = np.zeros((len(rows), width))
        mask = np.arange(width)[None, :] < sizes[rows][:, None]
        padded[mask] = squares[np.concatenate([np.arange(indptr[r], indptr[r + 1]) for r in rows])]
        norms[rows] = np.cumsum(padded, axis=1)[np.arange(len(rows)), sizes[rows] - 1]
    for r in np.flatnonzero(sizes > _LONG_ROW):
        norms[r] = np.cumsum(squares[indptr[r] : indptr[r + 1]])[-1]
    nonzero = norms != 0.0
    per_item = np.repeat(np.where(nonzero, np.sqrt(norms), 1.0), sizes)
    divide = np.repeat(nonzero, sizes)
    data[divide] /= per_item[divide]


class CompiledThemeClassifier:
    """Inference-only twin of a fitted ``ThemeClassifier`` (word + char_wb TF-IDF, cues, linear)."""

    def __init__(self, arrays: dict[str, np.ndarray[Any, Any]]) -> None:
        _check_arrays(arrays)
        self.arrays = arrays  # as read: what training.export writes back unchanged
        self._words = {t: i for i, t in enumerate(_terms(arrays["word_terms"]))}
        self._chars = {t: i for i, t in enumerate(_terms(arrays["char_terms"]))}
        self._word_idf = arrays["word_idf"]
        self._syllable_idf = arrays.get("syllable_idf", np.zeros(0))
        self._char_idf = arrays["char_idf"]
        self._word_ngrams = (int(arrays["word_ngrams"][0]), int(arrays["word_ngrams"][-1]))
        self._char_ngrams = tuple(int(x) for x in arrays["char_ngrams"])
        self._cues = bool(arrays["cues"][0])
        self.format = int(arrays["format"][0])
        if self.format == 1:
            self.labels: tuple[str, ...] = LABELS
            self.context_weight, self.title_weight, self.context_window = 0.0, 1.0, 1
            self._cue_phrases: dict[str, tuple[str, ...]] | None = None  # the guideline's, read when first needed
        else:
            self.labels = tuple(_terms(arrays["labels"]))
            weight, title, window = (float(x) for x in arrays["context"])
            self.context_weight, self.title_weight, self.context_window = weight, title, int(window)
            owners = arrays["cue_owner"]
            phrases = _terms(arrays["cue_terms"])
            self._cue_phrases = {label: tuple(p for p, o in zip(phrases, owners, strict=True) if o == k)
                                 for k, label in enumerate(LABELS)}
        tone, expand, stop, lower = (str(x) for x in arrays["tokenizer"])
        try:
            self.config = TokenizerConfig(tone_style=tone, expand_abbreviations=expand == "1",  # type: ignore[arg-type]
                                          remove_stopwords=stop == "1", lowercase=lower == "1")
        except ValueError as error:
            raise ArtifactError(f"theme classifier arrays: {error}") from None
        width = len(self._words) + len(self._chars) + (len(LABELS) if self._cues else 0)
        width += len(self._words) if self.context_weight > 0 else 0
        self._syllables: dict[str, int] = {}
        self._syllable_ngrams = (1, 1)
        if self.format == 3:
            self._syllables = {t: i for i, t in enumerate(_terms(arrays["syllable_terms"]))}
            self._syllable_ngrams = (int(arrays["syllable_ngrams"][0]), int(arrays["syllable_ngrams"][1]))
            if len(self._syllables) != len(_terms(arrays["syllable_terms"])):
                raise ArtifactError("theme classifier arrays: a vocabulary repeats a term")
            if len(arrays["syllable_idf"]) != len(self._syllables):
                raise ArtifactError("theme classifier arrays: an idf vector does not match its vocabulary")
            width += len(self._syllables)
        terms = (len(_terms(arrays["word_terms"])), len(_terms(arrays["char_terms"])))
        if (len(self._words), len(self._chars)) != terms:
            raise ArtifactError("theme classifier arrays: a vocabulary repeats a term")
        if len(arrays["word_idf"]) != len(self._words) or len(arrays["char_idf"]) != len(self._chars):
            raise ArtifactError("theme classifier arrays: an idf vector does not match its vocabulary")
        if arrays["weights"].shape[0] != width:
            raise ArtifactError(f"theme classifier arrays: weights have {arrays['weights'].shape[0]} rows for "
                                f"{width} features")
        self._linear = (arrays["weights"], arrays["intercepts"], arrays["slopes"], arrays["offsets"])
        self.thresholds_ = arrays["thresholds"]
        self.classes_ = np.asarray(self.labels)
        # The mean over calibration folds of each theme's coefficients, as ThemeClassifier.coef_.
        n_labels = len(self.labels)
        folds = arrays["weights"].shape[1] // n_labels
        weights = arrays["weights"].T
        self.coef_ = np.vstack([np.mean(weights[k * folds : (k + 1) * folds], axis=0) for k in range(n_labels)])
        self._char_cache: dict[str, np.ndarray[Any, Any]] = {}
        self._char_cache_bytes = 0
        self._names: np.ndarray[Any, Any] | None = None

    # -- building -------------------------------------------------------------------------

    @classmethod
    def from_estimator(cls, estimator: Any) -> CompiledThemeClassifier:
        """From a fitted ``ThemeClassifier`` (imports the training code: for modellers and tests)."""
        from vnparty_nlp.training.export import theme_arrays

        return cls(theme_arrays(estimator))

    @classmethod
    def load(cls, path: Path) -> CompiledThemeClassifier:
        """From a model folder's ``theme_classifier.npz``, checked against the folder's manifest."""
        from vnparty_nlp.artifacts import read_arrays

        path = Path(path)
        return cls(read_arrays(path.parent, path.name))

    # -- inference ---------------------------------------------------------------------------

    @property
    def uses_context(self) -> bool:
        """Whether the model reads a paragraph's context (trained with ``context_weight > 0``)."""
        return self.context_weight > 0

    def feature_names(self) -> np.ndarray[Any, Any]:
        """As ``ThemeClassifier.feature_names()``: ``words__``, ``chars__``, ``cues__cue:``, ``context__``,
        ``syllables__`` names."""
        if self._names is None:
            names = [f"words__{t}" for t in self._words] + [f"chars__{t}" for t in self._chars]
            if self._cues:
                names += [f"cues__cue:{label}" for label in LABELS]
            if self.uses_context:
                names += [f"context__{t}" for t in self._words]
            names += [f"syllables__{t}" for t in self._syllables]
            self._names = np.asarray(names, dtype=object)
        return self._names

    def _char_columns(self, word: str) -> np.ndarray[Any, Any]:
        columns = self._char_cache.get(word)
        if columns is None:
            # scikit-learn's _char_wb_ngrams for one word, then the vocabulary's columns.
            low, high = self._char_ngrams
            padded = f" {word} "
            size = len(padded)
            grams = []
            for n in range(low, high + 1):
                offset = 0
                grams.append(padded[offset : offset + n])
                while offset + n < size:
                    offset += 1
                    grams.append(padded[offset : offset + n])
                if offset == 0:
                    break
            vocabulary = self._chars
            columns = np.asarray([c for g in grams if (c := vocabulary.get(g)) is not None], dtype=np.int64)
            # Bounded by bytes, not words: a stream of junk tokens (a base64 image, random
            # syllables) must not grow the process. When full, start a new generation.
            if len(word) <= _CHAR_CACHE_WORD:
                bytes_needed = sys.getsizeof(word) + columns.nbytes + 200
                if self._char_cache_bytes + bytes_needed > CHAR_CACHE_BYTES:
                    self._char_cache, self._char_cache_bytes = {}, 0
                self._char_cache[word] = columns
                self._char_cache_bytes += bytes_needed
        return columns

    def features(self, X: Sequence[str], context: Sequence[ParagraphContext | None] | None = None) -> SparseRows:
        """The feature rows of ``X`` (CSR arrays equal to the pipeline's, bit for bit).

        ``context``: one :class:`~vnparty_nlp.themes.context.ParagraphContext` or None per
        text; read only by a model trained with context (its context block), ignored otherwise.
        """
        from vnparty_nlp.preprocess.tokenize import tokenize_batch, tokens_and_syllables_batch

        texts = check_texts(X)
        contexts: list[ParagraphContext | None] = list(context) if context is not None else [None] * len(texts)
        if len(contexts) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(contexts)} contexts; give one per text (None for none)")
        window = self.context_window
        with_context = [i for i, c in enumerate(contexts) if c is not None] if self.uses_context else []
        distinct: dict[str, int] = {}
        for text in texts:
            distinct.setdefault(text, len(distinct))
        for i in with_context:
            c = contexts[i]
            assert c is not None
            for text in (c.title, *c.neighbours(window)):
                distinct.setdefault(text, len(distinct))
        syllables: list[str] = []
        if self._syllables:
            # Both streams from one preparation of each text (normalising is a third of the work).
            token_lists, syllables = tokens_and_syllables_batch(list(distinct), self.config)
        else:
            token_lists = tokenize_batch(list(distinct), self.config)
        tokenised = [" ".join(tokens) for tokens in token_lists]
        doc = {text: tokenised[k] for text, k in distinct.items()}
        docs = [doc[text] for text in texts]
        blocks, widths = [self._word_block(docs)], [len(self._words)]
        if self._chars:
            blocks.append(self._char_block(docs))
            widths.append(len(self._chars))
        if self._cues:
            blocks.append(self._cue_block(docs))
            widths.append(len(LABELS))
        if self.uses_context:
            blocks.append(self._context_block(contexts, with_context, doc, len(docs)))
            widths.append(len(self._words))
        if self._syllables:
            blocks.append(self._ngram_block([syllables[distinct[t]] for t in texts], self._syllables,
                                            self._syllable_ngrams, self._syllable_idf))
            widths.append(len(self._syllables))
        return _hstack(blocks, widths, len(docs))

    def _context_block(
        self, contexts: list[ParagraphContext | None], rows: list[int], doc: dict[str, str], n_rows: int,
    ) -> tuple[np.ndarray[Any, Any], ...]:
        """``context_weight * (tfidf(neighbours) + title_weight * tfidf(title))``, as ``ThemeClassifier``'s."""
        width = len(self._words)
        if not rows:
            return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(n_rows + 1, dtype=np.int64)
        neighbours = [CONTEXT_SEPARATOR.join(doc[t] for t in contexts[i].neighbours(self.context_window))  # type: ignore[union-attr]
                      for i in rows]
        titles = [doc[contexts[i].title] for i in rows]  # type: ignore[union-attr]
        keys, values = [], []
        for part, scale in ((self._word_block(neighbours), None), (self._word_block(titles), self.title_weight)):
            data, columns, indptr = part
            local = np.repeat(np.arange(len(rows), dtype=np.int64), np.diff(indptr))
            keys.append(local * width + columns)
            values.append(data if scale is None else data * scale)
        # Neighbours first, then the title: each sum is a + t, added in scipy's order.
        unique, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        sums = np.bincount(inverse, weights=np.concatenate(values), minlength=len(unique)) * self.context_weight
        keep = sums != 0.0
        local_rows, columns = np.divmod(unique[keep], width)
        row_of = np.asarray(rows, dtype=np.int64)[local_rows]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=n_rows), out=indptr[1:])
        return sums[keep], columns, indptr

    def _word_block(self, docs: list[str]) -> tuple[np.ndarray[Any, Any], ...]:
        return self._ngram_block(docs, self._words, self._word_ngrams, self._word_idf)

    def _ngram_block(self, docs: list[str], vocabulary: dict[str, int], ngrams: tuple[int, int],
                     idf: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], ...]:
        """TF-IDF rows of white-space-token n-grams, as a word ``TfidfVectorizer`` with ``token_pattern=r"\\S+"``."""
        low, high = ngrams
        get = vocabulary.get
        per_doc: list[list[int]] = []
        for doc in docs:
            tokens = doc.split()  # what r"\S+" finds: str.split and re's \s agree on every code point
            found = [c for c in map(get, tokens) if c is not None] if low <= 1 else []
            # The n-grams scikit-learn builds ("a b", "b c", ...), joined and looked up at C speed.
            shifted = [tokens]
            for n in range(2, high + 1):
                shifted.append(tokens[n - 1 :])
                if n >= low:
                    found += [c for c in map(get, map(" ".join, zip(*shifted, strict=False))) if c is not None]
            per_doc.append(found)
        if len(docs) == 1:
            return self._tfidf_one(per_doc[0], idf)
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), [len(found) for found in per_doc])
        columns = np.fromiter(chain.from_iterable(per_doc), dtype=np.int64, count=len(rows))
        return self._tfidf(rows, columns, len(docs), len(vocabulary), idf)

    def _char_block(self, docs: list[str]) -> tuple[np.ndarray[Any, Any], ...]:
        parts: list[np.ndarray[Any, Any]] = []
        counts: list[int] = []
        for doc in docs:
            cache = self._char_cache  # (a hit read here saves a method call a word; a miss fills it)
            # The vectorizer lowercases the document and splits it on white space.
            columns = [cache[w] if w in cache else self._char_columns(w) for w in doc.lower().split()]
            parts += columns
            counts.append(sum(map(len, columns)))
        columns_all = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        if len(docs) == 1:
            return self._tfidf_one(columns_all, self._char_idf)
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
        return self._tfidf(rows, columns_all, len(docs), len(self._chars), self._char_idf)

    @staticmethod
    def _tfidf_one(columns: Any, idf: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], ...]:
        """:meth:`_tfidf` of one paragraph (classify): counted with ``numpy.bincount``, no sort."""
        counts = np.bincount(np.asarray(columns, dtype=np.int64))
        key_columns = np.flatnonzero(counts)
        data = counts[key_columns].astype(np.float64)
        np.log(data, data)
        data += 1.0
        data *= idf[key_columns]
        indptr = np.asarray([0, len(key_columns)], dtype=np.int64)
        _l2_normalise(data, indptr)
        return data, key_columns, indptr

    @staticmethod
    def _tfidf(
        rows: np.ndarray[Any, Any], columns: np.ndarray[Any, Any], n_rows: int, n_columns: int,
        idf: np.ndarray[Any, Any],
    ) -> tuple[np.ndarray[Any, Any], ...]:
        # Counts per (row, column), sorted like a CSR matrix after sort_indices().
        keys, counts = np.unique(rows * n_columns + columns, return_counts=True)
        key_rows, key_columns = np.divmod(keys, n_columns)
        data = counts.astype(np.float64)
        np.log(data, data)  # sublinear_tf, as TfidfTransformer.transform does it
        data += 1.0
        data *= idf[key_columns]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(key_rows, minlength=n_rows), out=indptr[1:])
        _l2_normalise(data, indptr)
        return data, key_columns, indptr

    def _cue_block(self, docs: list[str]) -> tuple[np.ndarray[Any, Any], ...]:
        cues = self._cue_phrases
        if cues is None:
            from vnparty_nlp.themes.cue_data import cue_phrases

            cues = self._cue_phrases = cue_phrases("guideline")
        patterns = [[f" {c} " for c in cues[label]] for label in LABELS]
        padded = [f" {doc} " for doc in docs]
        counts = np.asarray(
            [[sum(map(text.count, label)) for label in patterns] for text in padded], dtype=np.float64,
        ).reshape(-1, len(LABELS))
        values = np.log1p(counts)
        mask = values != 0.0
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(mask.sum(axis=1), out=indptr[1:])
        return values[mask], np.nonzero(mask)[1].astype(np.int64), indptr

    def proba_from_features(self, features: Any) -> np.ndarray[Any, Any]:
        """Probabilities for rows made by :meth:`features` (as ``ThemeClassifier.proba_from_features``)."""
        return calibrated_proba(features, self._linear, len(self.labels))

    def predict_proba(
        self, X: Sequence[str], context: Sequence[ParagraphContext | None] | None = None,
    ) -> np.ndarray[Any, Any]:
        texts = list(X)
        if not texts:
            return np.zeros((0, len(self.labels)))
        return self.proba_from_features(self.features(texts, context))


def calibrated_proba(
    features: Any, linear: tuple[Any, Any, Any, Any], n_labels: int = len(LABELS),
) -> np.ndarray[Any, Any]:
    """Theme probabilities: each calibration fold's sigmoid of the linear decision, averaged.

    ``linear`` is ``(weights, intercepts, slopes, offsets)`` with one column per
    theme and fold; this is what ``CalibratedClassifierCV(method="sigmoid")``
    computes, written once for the estimator and for the compiled arrays.
    """
    weights, intercepts, slopes, offsets = linear
    decision = np.asarray(features @ weights) + intercepts
    per_fold = expit(-(slopes * decision + offsets))
    folds = per_fold.shape[1] // n_labels
    proba: np.ndarray[Any, Any] = np.clip(per_fold.reshape(-1, n_labels, folds).mean(axis=2), 0.0, 1.0)
    return proba


_REQUIRED = {
    "format": "i", "word_terms": "u", "word_idf": "f", "word_ngrams": "i", "char_terms": "u", "char_idf": "f",
    "char_ngrams": "i", "cues": "b", "tokenizer": "U", "weights": "f", "intercepts": "f", "slopes": "f",
    "offsets": "f", "thresholds": "f",
}
_REQUIRED_2 = {"labels": "u", "context": "f", "cue_terms": "u", "cue_owner": "i"}
_REQUIRED_3 = {"syllable_terms": "u", "syllable_idf": "f", "syllable_ngrams": "i"}


def _check_arrays(arrays: dict[str, np.ndarray[Any, Any]]) -> None:
    """The arrays fit together (the reader already checked them against the manifest)."""

    def fail(message: str) -> None:
        raise ArtifactError(f"theme classifier arrays: {message}")

    if "format" not in arrays or arrays["format"].dtype.kind != "i" or arrays["format"].shape != (1,):
        fail("missing its format number")
    version = int(arrays["format"][0])
    if version not in FORMATS:
        fail(f"unknown format {version}; this vnparty_nlp reads formats {', '.join(map(str, FORMATS))}: "
             "upgrade vnparty_nlp or retrain with `vnparty-nlp train --out DIR`")
    required = {**_REQUIRED, **(_REQUIRED_2 if version >= 2 else {}), **(_REQUIRED_3 if version == 3 else {})}
    missing = [name for name in required if name not in arrays]
    if missing:
        fail(f"missing {missing}")
    for name, kind in required.items():
        if arrays[name].dtype.kind != kind:
            fail(f"{name} has dtype {arrays[name].dtype}")
    n_labels = len(LABELS)
    if version >= 2:
        try:
            n_labels = len(check_label_names(_terms(arrays["labels"])))
        except (ValueError, UnicodeDecodeError) as error:
            fail(f"labels: {error}")
        if arrays["context"].shape != (3,) or (arrays["context"] < 0).any() or arrays["context"][2] != int(
                arrays["context"][2]):
            fail("context must hold (context weight, title weight, window), none negative, the window whole")
        owners = arrays["cue_owner"]
        if owners.shape != (len(_terms(arrays["cue_terms"])),) or ((owners < 0) | (owners >= len(LABELS))).any():
            fail("cue_owner must give one theme index per cue phrase")
    if arrays["word_idf"].ndim != 1 or arrays["char_idf"].ndim != 1 or arrays["weights"].ndim != 2:
        fail("idf vectors must be 1-d and weights 2-d")
    columns = arrays["weights"].shape[1]
    if columns == 0 or columns % n_labels:
        fail(f"weights have {columns} columns, not a multiple of {n_labels} themes")
    for name in ("intercepts", "slopes", "offsets"):
        if arrays[name].shape != (columns,):
            fail(f"{name} must have one value per weight column ({columns})")
    if arrays["thresholds"].shape != (n_labels,):
        fail(f"thresholds must have one value per theme ({n_labels})")
    if arrays["tokenizer"].shape != (4,) or arrays["cues"].shape != (1,):
        fail("tokenizer must have 4 entries and cues 1")
    for name in ("word_ngrams", "char_ngrams", *(("syllable_ngrams",) if version == 3 else ())):
        low, high = (int(x) for x in arrays[name]) if arrays[name].shape == (2,) else (-1, -2)
        if not (0 <= low <= high <= 64):
            fail(f"{name} must be a (low, high) range")
    if int(arrays["word_ngrams"][0]) < 1 or (version == 3 and int(arrays["syllable_ngrams"][0]) < 1):
        fail("word_ngrams and syllable_ngrams must start at 1 or more")
    if version == 3 and arrays["syllable_idf"].ndim != 1:
        fail("idf vectors must be 1-d")


def _hstack(blocks: list[tuple[np.ndarray[Any, Any], ...]], widths: list[int], n_rows: int) -> SparseRows:
    """Blocks side by side, each row's entries block after block (as FeatureUnion's hstack)."""
    offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    if n_rows == 1:  # one paragraph: the blocks one after another, nothing to sort
        data = np.concatenate([b[0] for b in blocks])
        cols = np.concatenate([b[1] + offsets[k] for k, b in enumerate(blocks)])
        return SparseRows(data, cols, np.asarray([0, len(data)], dtype=np.int64), (1, int(offsets[-1])))
    datas, columns, rows = [], [], []
    offset = 0
    for (data, cols, indptr), width in zip(blocks, widths, strict=True):
        datas.append(data)
        columns.append(cols + offset)
        rows.append(np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr)))
        offset += width
    # A stable sort by row keeps the blocks in order, and each block's entries in order.
    order = np.argsort(np.concatenate(rows), kind="stable")
    data = np.concatenate(datas)[order]
    cols = np.concatenate(columns)[order]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(sum(np.diff(b[2]) for b in blocks), out=indptr[1:])
    return SparseRows(data, cols, indptr, (n_rows, offset))
