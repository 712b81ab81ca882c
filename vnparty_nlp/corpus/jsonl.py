"""The one JSONL reader: records of a JSONL file, and the one paragraph split of a record.

Every JSONL file the project reads goes through :func:`iter_jsonl` (one JSON
object a line; blank lines are passed over; a line that is not UTF-8, not JSON
or not an object is reported with its line number, never skipped silently).
An article record is split into paragraphs by :func:`record_paragraphs`, the
one split used by ``vnparty-nlp analyze`` inputs, the topic model's training
documents and the committed paragraph labels:

1. a ``paragraphs`` list of strings (a portal that kept real paragraph
   breaks, such as ``daksong-portal.jsonl``) gives those paragraphs as they
   are, bylines and source lines included;
2. a ``text`` string with ``"para_breaks": false`` (a source that lost its
   paragraph breaks and keeps one sentence a line, such as
   ``vietnews-politics.jsonl``) gives *pseudo-paragraphs*: each blank-line
   block's sentences grouped into runs of 3 to 5 consecutive sentences
   (:func:`pseudo_paragraphs`);
3. otherwise a ``text`` string, else a ``raw_html`` string, is a raw article:
   its body paragraphs are those :func:`~vnparty_nlp.preprocess.article.parse_article`
   finds (title, date, byline and captions dropped), as for a ``.txt`` file.

Labels of real paragraphs are committed keyed by ``(corpus, id, index)`` and a
fingerprint of the text (:func:`text_fingerprint`), never with the text
itself, so this split is part of the label format and must not change: a
changed split makes :func:`vnparty_nlp.training.dataset.load_corpus_labels`
refuse the labels whose paragraph moved.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CorpusParagraph",
    "JsonlProblem",
    "RecordSplit",
    "iter_corpus_paragraphs",
    "iter_jsonl",
    "pseudo_paragraphs",
    "record_paragraphs",
    "text_fingerprint",
]

# What an article record lacks when it has none of the fields of the split (the message names them).
NO_ARTICLE_TEXT = 'no "text" string (or "raw_html" string or "paragraphs" list of strings)'


@dataclass(frozen=True)
class CorpusParagraph:
    """One paragraph of a corpus record, with the key its labels use."""

    corpus: str
    article_id: str
    index: int
    text: str
    pseudo: bool

    @property
    def fingerprint(self) -> str:
        return text_fingerprint(self.text)


@dataclass(frozen=True)
class JsonlProblem:
    """A line of a JSONL file that is not a JSON object, and why.

    ``where`` is ``file:line``; ``not_object`` marks valid JSON that is not an
    object (a list, a string), which a caller may report in its own words.
    """

    where: str
    reason: str
    not_object: bool = False


@dataclass(frozen=True)
class RecordSplit:
    """Which rule of the split applies to a record, and its paragraphs.

    ``rule``: ``"paragraphs"`` (the record's own list), ``"pseudo"``
    (pseudo-paragraphs of a one-sentence-a-line text) or ``"article"``
    (``parse_article`` of a raw text or HTML, run when :attr:`paragraphs`
    is first read). ``raw``: the record's text as one article (what
    ``analyze`` parses and shows).
    """

    rule: str
    raw: str
    given: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        if self.rule != "article":
            return self.given
        from vnparty_nlp.preprocess.article import parse_article

        return tuple(parse_article(self.raw).paragraphs)

    @property
    def pseudo(self) -> bool:
        return self.rule == "pseudo"


def text_fingerprint(text: str) -> str:
    """A short stable hash of a paragraph, insensitive to Unicode form and spacing.

    >>> text_fingerprint("Chi  bộ") == text_fingerprint("Chi bộ")
    True
    """
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


def _group_sizes(n: int) -> list[int]:
    if n <= 0:
        return []
    groups = max(1, int(n / 4 + 0.5))
    base, extra = divmod(n, groups)
    return [base + 1 if i < extra else base for i in range(groups)]


def pseudo_paragraphs(text: str) -> list[str]:
    """Split a one-sentence-per-line text into pseudo-paragraphs.

    Blocks are separated by blank lines; each block's sentences are grouped
    into runs of 3 to 5 (fewer only when the block itself is shorter).

    >>> pseudo_paragraphs("Mở đầu.\\n\\nA.\\nB.\\nC.\\nD.\\nE.\\nF.")
    ['Mở đầu.', 'A. B. C.', 'D. E. F.']
    """
    out: list[str] = []
    for block in text.split("\n\n"):
        sentences = [s.strip() for s in block.split("\n") if s.strip()]
        start = 0
        for size in _group_sizes(len(sentences)):
            out.append(" ".join(sentences[start : start + size]))
            start += size
    return out


def record_paragraphs(record: Mapping[str, Any]) -> RecordSplit | None:
    """The paragraphs of an article record, by the split in this module's docstring; None without text.

    >>> record_paragraphs({"id": "a", "paragraphs": ["Một.", "Hai."]}).paragraphs
    ('Một.', 'Hai.')
    >>> record_paragraphs({"text": "Mở đầu.\\n\\nA.\\nB.\\nC.", "para_breaks": False}).paragraphs
    ('Mở đầu.', 'A. B. C.')
    >>> record_paragraphs({"text": 42}) is None
    True
    """
    paragraphs = record.get("paragraphs")
    text, html = record.get("text"), record.get("raw_html")
    if isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs):
        whole = text if isinstance(text, str) else html if isinstance(html, str) else "\n\n".join(paragraphs)
        return RecordSplit("paragraphs", whole, tuple(paragraphs))
    if isinstance(text, str) and record.get("para_breaks") is False:
        return RecordSplit("pseudo", text, tuple(pseudo_paragraphs(text)))
    raw = text if isinstance(text, str) else html if isinstance(html, str) else None
    return None if raw is None else RecordSplit("article", raw)


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | JsonlProblem]]:
    """``(line number, record)`` for each non-blank line of a JSONL file; a :class:`JsonlProblem` for a bad line.

    Opening the file may raise :class:`OSError` (the caller names the file).
    """
    path = Path(path)
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as error:
                yield number, JsonlProblem(where, f"not UTF-8 text ({error.reason} at byte {error.start} of the line)")
                continue
            except json.JSONDecodeError as error:
                yield number, JsonlProblem(where, f"not valid JSON ({error.msg} at column {error.colno})")
                continue
            if not isinstance(record, dict):
                yield number, JsonlProblem(where, f"expected a JSON object, got a JSON {type(record).__name__}",
                                           not_object=True)
                continue
            yield number, record


def iter_corpus_paragraphs(path: str | Path) -> Iterator[CorpusParagraph]:
    """Yield every paragraph of a JSONL corpus file, in file order, keyed as its labels are.

    A bad line, or a record without an ``id`` or text, raises :class:`ValueError`
    naming the file and line: a corpus that labels key into must be whole.
    """
    path = Path(path)
    for number, record in iter_jsonl(path):
        if isinstance(record, JsonlProblem):
            raise ValueError(f"{record.where}: {record.reason}")
        split = record_paragraphs(record)
        if "id" not in record or split is None:
            raise ValueError(f"{path}:{number}: {NO_ARTICLE_TEXT}" if split is None
                             else f'{path}:{number}: no "id": a corpus record needs one, its labels are keyed by it')
        for index, text in enumerate(split.paragraphs):
            yield CorpusParagraph(path.stem, str(record["id"]), index, text, split.pseudo)
