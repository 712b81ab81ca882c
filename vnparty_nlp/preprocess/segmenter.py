"""pyvi's word segmentation, computed in batches: the same model, the same output, less work.

``pyvi.ViTokenizer.tokenize`` builds a Python dict of 10 to 15 features for
every syllable, which python-crfsuite then converts, string by string, into
C++ objects before its Viterbi search: four fifths of its time. All its
features are 0/1 indicators of a syllable and its neighbours, so the score of
a syllable is a sum of weights. This module reads pyvi's own model (the
CRFsuite weights inside ``pyvi/models/pyvi3.pkl`` and the n-gram lists of
``pyvi/models/words.txt``) and computes those sums with numpy, adding the
weights in the order CRFsuite adds them, then runs the same Viterbi search
with the same tie-breaking. The output is pyvi's, string for string (tests
compare them on the seeds, the authored paragraphs, the real corpus and
random text).

pyvi's pickle is read with an unpickler that only builds plain containers
(it never imports ``sklearn_crfsuite``, which imports scikit-learn, and it
runs no code from the file). If pyvi's files are not what this module
expects, :func:`get_segmenter` falls back to calling pyvi itself and says why
in a ``RuntimeWarning``; ``VNPARTY_NLP_SEGMENTER=pyvi`` chooses pyvi silently.

Thread safety and memory: the table of syllables seen so far is read and grown
under a lock, and holds at most :data:`TABLE_BYTES`; when full, its next
generation keeps only the syllables pyvi's model knows, so a stream of new
syllables (numbers, names, base64) neither races nor grows it.
"""

from __future__ import annotations

import os
import pickle
import re
import string
import struct
import sys
import threading
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CRFSegmenter", "get_segmenter", "pyvi_tokenize"]

# pyvi's syllable pattern (ViTokenizer.sylabelize), verbatim.
_SYLLABLE = re.compile(
    "(" + "|".join([
        r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\.",
        "==>", "->", r"\.\.\.", ">>", "\n",
        r"\w+://[^\s]+", r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",
        r"\d+([\.,_]\d+)+", r"[^\w\s]", r"\w+",
    ]) + ")",
    re.UNICODE,
)
_PUNCTUATION = string.punctuation
_FLOAT = np.float64
# Up to this many texts in one call, the Viterbi search runs text by text in plain Python;
# above it, all texts step together in numpy. Measured on real paragraphs, the two cross
# between 64 and 128 texts (1,927 vs 1,975 paragraphs/s at 64; 2,202 vs 2,040 at 256).
_FEW = 64
# The most memory the table of remembered syllables may take (see CRFSegmenter._resolve).
# pyvi's whole vocabulary in its usual cases takes about 2 MB.
TABLE_BYTES = 8 * 1024 * 1024
# Longer syllables (a base64 image, a run of digits) are described afresh each time, never
# remembered: no Vietnamese syllable or pyvi attribute is anywhere near this long.
_LONGEST_REMEMBERED = 40


class _Table:
    """Remembered syllables: an id each, into rows of attribute rows, flags and lowercase forms.

    Only grown, never changed in place, and only by the thread holding the segmenter's lock.
    """

    # Per entry besides the two strings: the dict slot and int, the list slot, and the array rows
    # (3 intp + 6 bools, counted twice because the arrays grow by doubling).
    OVERHEAD = 160

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.lower: list[str] = []
        self.rows = np.zeros((256, 3), dtype=np.intp)
        self.flags = np.zeros((256, 6), dtype=bool)
        self.nbytes = 0

    @classmethod
    def entry_bytes(cls, syllable: str, lower: str) -> int:
        return sys.getsizeof(syllable) + (0 if lower is syllable else sys.getsizeof(lower)) + cls.OVERHEAD

    def known_only(self, known: frozenset[str], max_bytes: int) -> _Table:
        """A new table (the next generation) with this one's syllables that pyvi's model knows.

        Up to ``max_bytes`` of them, so that a new generation always has room; the rest (numbers,
        names, junk seen once) are dropped. Repeated text stays on the fast path, and an endless
        stream of new syllables only ever replaces the unknown ones.
        """
        table = _Table()
        for syllable, k in self.ids.items():
            lower = self.lower[k]
            if lower in known:
                if table.nbytes + self.entry_bytes(syllable, lower) > max_bytes:
                    break
                table.add(syllable, tuple(self.rows[k].tolist()), tuple(self.flags[k].tolist()), lower)
        return table

    def add(self, syllable: str, rows: tuple[int, int, int], flags: tuple[bool, ...], lower: str) -> None:
        k = len(self.lower)
        if k == len(self.rows):
            self.rows = np.vstack([self.rows, np.zeros_like(self.rows)])
            self.flags = np.vstack([self.flags, np.zeros_like(self.flags)])
        self.rows[k], self.flags[k] = rows, flags
        self.lower.append(lower)
        self.ids[syllable] = k
        self.nbytes += self.entry_bytes(syllable, lower)


class _Plain:
    """Stands in for every class named in pyvi's pickle: keeps the pickled state, runs nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):
            import codecs

            return codecs.encode  # how Python 3 pickles bytes with protocol 2
        return _Plain


def _pyvi_dir() -> Path:
    spec = find_spec("pyvi")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvi is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _cqdb_strings(data: bytes, offset: int) -> list[str]:
    """The strings of a CRFsuite CQDB chunk, by id (its backward array)."""
    magic, _size, _flag, _order, count, backward = struct.unpack_from("<4sIIIII", data, offset)
    if magic != b"CQDB":
        raise ValueError("not a CQDB chunk")
    out = []
    for i in range(count):
        (record,) = struct.unpack_from("<I", data, offset + backward + 4 * i)
        rid, size = struct.unpack_from("<II", data, offset + record)
        if rid != i:
            raise ValueError("CQDB ids out of order")
        out.append(data[offset + record + 8 : offset + record + 7 + size].decode("utf-8"))
    return out


def _read_crfsuite(data: bytes) -> tuple[list[str], list[str], np.ndarray[Any, Any]]:
    """Labels, attributes and features (type, source, destination, weight) of a CRFsuite model file."""
    header = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    magic, _size, kind, _version, _nf, _nl, _na, off_features, off_labels, off_attrs = header[:10]
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a CRFsuite 1st-order model")
    chunk, _chunk_size, count = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ValueError("no FEAT chunk")
    features = np.frombuffer(
        data, dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")]),
        count=count, offset=off_features + 12,
    )
    return _cqdb_strings(data, off_labels), _cqdb_strings(data, off_attrs), features


class CRFSegmenter:
    """pyvi's tokenizer (``ViTokenizer.tokenize``) from its model's weights, many texts at a time."""

    def __init__(self, model_bytes: bytes, bi_grams: set[str], tri_grams: set[str]) -> None:
        labels, attrs, features = _read_crfsuite(model_bytes)
        if labels != ["B_W", "I_W"]:
            raise ValueError(f"unexpected pyvi labels {labels}")
        weights = np.zeros((len(attrs), 2), dtype=_FLOAT)
        trans = np.zeros((2, 2), dtype=_FLOAT)
        for kind, src, dst, weight in features.tolist():
            if kind == 0:
                weights[src, dst] = weight
            elif kind == 1:
                trans[src, dst] = weight
        self._attr = {a: i for i, a in enumerate(attrs)}
        # Row 0 of the table is all zeros: an attribute the model does not know adds nothing.
        self._table = np.vstack([np.zeros((1, 2), dtype=_FLOAT), weights])
        self._trans = [float(x) for x in trans.ravel()]  # t00, t01, t10, t11
        self._bi = bi_grams
        self._tri = tri_grams
        self._fixed = {name: self._row(name) for name in (
            "bias", "word.isupper()", "word.istitle()", "word.isdigit()",
            "-1:word.istitle()", "-1:word.isupper()", "-1:word.bi_gram()", "-2:word.tri_gram()",
            "+1:word.istitle()", "+1:word.isupper()", "+1:word.bi_gram()", "+2:word.tri_gram()",
        )}
        # Every syllable seen is remembered, up to TABLE_BYTES. When a new one would pass that, the
        # next generation of the table keeps only the syllables pyvi's model knows (a
        # ``word.lower()`` attribute, or a part of one of its n-grams: 7,062 lowercase syllables)
        # and drops the rest (numbers, names, junk), which add nothing to a score and are simply
        # described again if they come back. Calls still running keep the table they started with.
        known = {a.rsplit("word.lower():", 1)[1] for a in attrs if "word.lower():" in a}
        self._known = frozenset(known | {s for gram in (*bi_grams, *tri_grams) for s in gram.split(" ")})
        self.max_bytes = TABLE_BYTES
        self._lock = threading.Lock()
        self._table_now = _Table()
        self.generations = 1

    def _row(self, attribute: str) -> int:
        index = self._attr.get(attribute)
        return 0 if index is None else index + 1

    def _describe(self, syllable: str) -> tuple[tuple[int, int, int], tuple[bool, ...], str]:
        """The rows of a syllable's three ``word.lower()`` attributes, its flags and its lowercase form."""
        lower = syllable.lower()
        if lower == syllable:
            lower = syllable  # one string, not two
        rows = (self._row(f"word.lower():{lower}"), self._row(f"-1:word.lower():{lower}"),
                self._row(f"+1:word.lower():{lower}"))
        flags = (syllable.isupper(), syllable.istitle(), syllable.isdigit(), syllable in _PUNCTUATION,
                 syllable[0].isdigit(), syllable[0].istitle())
        return rows, flags, lower

    def table_bytes(self) -> int:
        """The size of the table of remembered syllables, as counted against ``max_bytes``."""
        return self._table_now.nbytes

    def _resolve(self, flat: list[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], list[str]]:
        """Rows, flags and lowercase forms of the syllables of one call.

        Under a lock: the table is read and grown by one thread at a time, and what a call reads
        is copied out (numpy fancy indexing copies), so nothing it uses can change under it.
        With the GIL a lock costs nothing in throughput (threads run Python one at a time anyway).
        """
        with self._lock:
            table = self._table_now
            get = table.ids.get
            ids = [get(s) for s in flat]
            if None not in ids:  # the fast path: every syllable remembered
                index = np.array(ids, dtype=np.intp)
                lower = table.lower
                return table.rows[index], table.flags[index], [lower[i] for i in ids]  # type: ignore[index]
            return self._resolve_new(flat, ids, table)

    def _resolve_new(
        self, flat: list[str], ids: list[int | None], table: _Table
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], list[str]]:
        # Remembered syllables are gathered at once (row 0 stands in for the others), then the
        # new ones are described and written over them; a paragraph with one new number pays
        # for that number only.
        index = np.array([0 if i is None else i for i in ids], dtype=np.intp)
        rows, flags = table.rows[index], table.flags[index]
        remembered = table.lower
        lower = [remembered[i] if i is not None else "" for i in ids]
        new = [j for j, i in enumerate(ids) if i is None]
        seen: dict[str, tuple[tuple[int, int, int], tuple[bool, ...], str]] = {}
        known = self._known
        grown = table  # ``ids`` point into ``table``; new syllables go into ``grown``
        described = []
        for j in new:
            s = flat[j]
            description = seen.get(s)
            if description is None:
                description = seen[s] = self._describe(s)
                if len(s) <= _LONGEST_REMEMBERED:
                    if grown.nbytes + _Table.entry_bytes(s, description[2]) > self.max_bytes:
                        grown = self._table_now = grown.known_only(known, self.max_bytes // 2)
                        self.generations += 1
                    grown.add(s, *description)
            described.append(description)
            lower[j] = description[2]
        rows[new] = [d[0] for d in described]
        flags[new] = [d[1] for d in described]
        return rows, flags, lower

    @staticmethod
    def syllables(text: str) -> list[str]:
        """pyvi's ``sylabelize``: NFC, then words, numbers, punctuation and a few specials."""
        text = unicodedata.normalize("NFC", text)
        return [m[0] for m in _SYLLABLE.findall(text)]

    def tokenize_many(self, texts: Sequence[str]) -> list[str]:
        """``[ViTokenizer.tokenize(t) for t in texts]``, computed together."""
        sylls = [self.syllables(t) for t in texts]
        flat = [s for ss in sylls for s in ss]
        out = list(texts)  # pyvi returns its input when there is no syllable
        if not flat:
            return out
        rows, flags, lower = self._resolve(flat)
        lengths = np.array([len(ss) for ss in sylls if ss], dtype=np.intp)
        labels = self._labels(rows, flags, lower, lengths)
        # pyvi joins a syllable to the previous one when it is labelled I_W, neither is
        # punctuation, neither starts with a digit, and it is not a capital after a lower case.
        punct, digit0, title0 = flags[:, 3], flags[:, 4], flags[:, 5]
        joined = labels == 1
        joined[1:] &= ~punct[1:] & ~punct[:-1] & ~digit0[1:] & ~digit0[:-1] & ~(title0[1:] & ~title0[:-1])
        separators = np.where(joined, "_", " ").tolist()
        start = 0
        for n, ss in enumerate(sylls):
            if ss:
                end = start + len(ss)
                out[n] = ss[0] + "".join(map(str.__add__, separators[start + 1 : end], ss[1:]))
                start = end
        return out

    def tokenize(self, text: str) -> str:
        return self.tokenize_many([text])[0]

    def _labels(
        self, rows: np.ndarray[Any, Any], flags: np.ndarray[Any, Any], lower: list[str],
        lengths: np.ndarray[Any, Any],
    ) -> np.ndarray[Any, Any]:
        n = len(rows)
        upper, title, digit = flags[:, 0], flags[:, 1], flags[:, 2]
        pos = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        remaining = np.repeat(lengths, lengths) - pos - 1  # syllables after this one
        # bigram[i]: syllables i and i+1 form one of pyvi's bigrams; trigram[i]: i, i+1, i+2.
        # (pyvi lowercases the joined string; lowercasing is context-free across a space.)
        bi, tri = self._bi, self._tri
        pairs = [f"{a} {b}" for a, b in pairwise(lower)]
        bigram = np.zeros(n, dtype=bool)
        bigram[:-1] = [p in bi for p in pairs]
        trigram = np.zeros(n, dtype=bool)
        trigram[:-2] = [f"{p} {c}" in tri for p, c in zip(pairs, lower[2:], strict=False)]
        # Pairs and triples that cross from one text into the next are masked below.
        table, fixed = self._table, self._fixed
        zero = np.zeros((n, 2), dtype=_FLOAT)

        def flag(name: str, mask: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            return np.where(mask[:, None], table[fixed[name]], zero)

        def shifted(values: np.ndarray[Any, Any], by: int) -> np.ndarray[Any, Any]:
            out = np.zeros_like(values)
            if by > 0:
                out[:-by] = values[by:]
            else:
                out[-by:] = values[:by]
            return out

        has_prev, has_prev2 = pos >= 1, pos >= 2
        has_next, has_next2 = remaining >= 1, remaining >= 2
        # The attributes in the order pyvi's dict lists them, which is the order CRFsuite adds them in.
        state = np.broadcast_to(table[fixed["bias"]], (n, 2)) + table[rows[:, 0]]
        state = state + flag("word.isupper()", upper)
        state = state + flag("word.istitle()", title)
        state = state + flag("word.isdigit()", digit)
        state = state + np.where(has_prev[:, None], table[shifted(rows[:, 1], -1)], zero)
        state = state + flag("-1:word.istitle()", has_prev & shifted(title, -1))
        state = state + flag("-1:word.isupper()", has_prev & shifted(upper, -1))
        state = state + flag("-1:word.bi_gram()", has_prev & shifted(bigram, -1))
        state = state + flag("-2:word.tri_gram()", has_prev2 & shifted(trigram, -2))
        state = state + np.where(has_next[:, None], table[shifted(rows[:, 2], 1)], zero)
        state = state + flag("+1:word.istitle()", has_next & shifted(title, 1))
        state = state + flag("+1:word.isupper()", has_next & shifted(upper, 1))
        state = state + flag("+1:word.bi_gram()", has_next & bigram)
        state = state + flag("+2:word.tri_gram()", has_next2 & trigram)
        return self._viterbi(state, lengths)

    def _viterbi(self, state: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """CRFsuite's crf1dc_viterbi, all sequences at once (a later label wins only if strictly better)."""
        if len(lengths) <= _FEW:
            return self._viterbi_each(state, lengths)
        t00, t01, t10, t11 = self._trans
        m, longest = len(lengths), int(lengths.max())
        padded = np.zeros((m, longest, 2), dtype=_FLOAT)
        mask = np.arange(longest)[None, :] < lengths[:, None]
        padded[mask] = state
        back = np.zeros((m, longest, 2), dtype=bool)
        final = np.zeros((m, 2), dtype=_FLOAT)
        cur0, cur1 = padded[:, 0, 0].copy(), padded[:, 0, 1].copy()
        ends = lengths - 1
        done = ends == 0
        final[done, 0], final[done, 1] = cur0[done], cur1[done]
        for t in range(1, longest):
            a0, b0 = cur0 + t00, cur1 + t10
            a1, b1 = cur0 + t01, cur1 + t11
            k0, k1 = b0 > a0, b1 > a1
            back[:, t, 0], back[:, t, 1] = k0, k1
            cur0 = np.where(k0, b0, a0) + padded[:, t, 0]
            cur1 = np.where(k1, b1, a1) + padded[:, t, 1]
            now = ends == t
            final[now, 0], final[now, 1] = cur0[now], cur1[now]
        label = (final[:, 1] > final[:, 0]).astype(np.intp)
        labels = np.zeros((m, longest), dtype=np.intp)
        rows = np.arange(m)
        for t in range(longest - 1, -1, -1):
            at_end = ends == t
            label = np.where(at_end, (final[:, 1] > final[:, 0]).astype(np.intp), label)
            labels[:, t] = label
            if t:
                label = back[rows, t, label].astype(np.intp)
        out: np.ndarray[Any, Any] = labels[mask]
        return out

    def _viterbi_each(self, state: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The same search, one sequence at a time in plain Python floats.

        For one text (``classify``, ``tokenize``) the step loop above pays numpy's
        per-call cost on arrays of one row. Python floats are the same IEEE doubles
        and the additions and comparisons come in the same order, so the labels are
        identical (``tests/test_segmenter.py`` checks both paths against pyvi).
        """
        t00, t01, t10, t11 = self._trans
        scores = state.tolist()
        labels: list[int] = []
        start = 0
        for length in lengths.tolist():
            cur0, cur1 = scores[start]
            back: list[tuple[bool, bool]] = [(False, False)]
            for s0, s1 in scores[start + 1 : start + length]:
                a0, b0, a1, b1 = cur0 + t00, cur1 + t10, cur0 + t01, cur1 + t11
                k0, k1 = b0 > a0, b1 > a1
                back.append((k0, k1))
                cur0 = (b0 if k0 else a0) + s0
                cur1 = (b1 if k1 else a1) + s1
            label = int(cur1 > cur0)
            path = [label]
            for step in range(length - 1, 0, -1):
                label = int(back[step][label])
                path.append(label)
            labels += reversed(path)
            start += length
        return np.asarray(labels, dtype=np.intp)


@lru_cache(maxsize=1)
def _load() -> CRFSegmenter:
    folder = _pyvi_dir() / "models"
    with (folder / "pyvi3.pkl").open("rb") as handle:
        crf = _PlainUnpickler(handle).load()
    data = crf.__dict__["modelfile"].__dict__["__FILE_RESOURCE_DATA__"]
    bi_grams, tri_grams = set(), set()
    for token in (folder / "words.txt").read_text("utf-8").split("\n"):
        parts = token.split(" ")
        if len(parts) == 2:
            bi_grams.add(token)
        elif len(parts) == 3:
            tri_grams.add(token)
    return CRFSegmenter(bytes(data), bi_grams, tri_grams)


def pyvi_tokenize(texts: Sequence[str]) -> list[str]:
    """pyvi itself, one text at a time (the reference, and the fallback)."""
    from pyvi import ViTokenizer

    return [ViTokenizer.tokenize(t) for t in texts]


@lru_cache(maxsize=1)
def get_segmenter() -> Callable[[Sequence[str]], list[str]]:
    """A function from texts to pyvi's segmented strings: the batched one, or pyvi's if it cannot load."""
    if os.environ.get("VNPARTY_NLP_SEGMENTER", "").lower() == "pyvi":
        return pyvi_tokenize
    try:
        return _load().tokenize_many
    except Exception as error:  # an unexpected pyvi release: its own code is always right, but slower
        warnings.warn(
            f"vnparty_nlp: the batched segmenter could not read pyvi's model ({type(error).__name__}: {error}); "
            "falling back to pyvi itself, which gives the same words about 5x slower. "
            "Set VNPARTY_NLP_SEGMENTER=pyvi to choose pyvi without this warning.",
            RuntimeWarning,
            stacklevel=2,
        )
        return pyvi_tokenize


def _after_fork_in_child() -> None:
    # A thread of the parent may have held the lock at the fork; the child has only one thread.
    if _load.cache_info().currsize:
        _load()._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
