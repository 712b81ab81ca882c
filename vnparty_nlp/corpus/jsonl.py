"""Paragraphs of the JSONL corpora that the project develops and evaluates on.

Two shapes of record are understood:

* records with a ``paragraphs`` list (a portal that kept real paragraph breaks)
  give those paragraphs as they are;
* records with a ``text`` field whose sentences are one per line (a source that
  lost its paragraph breaks) give *pseudo-paragraphs*: the lead block, then the
  body sentences grouped into runs of 3 to 5 consecutive sentences.

Labels of real paragraphs are committed keyed by ``(corpus, id, index)`` and a
fingerprint of the text, never with the text itself, so the grouping below is
part of the label format and must not change.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CorpusParagraph", "iter_corpus_paragraphs", "pseudo_paragraphs", "text_fingerprint"]


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


def iter_corpus_paragraphs(path: str | Path) -> Iterator[CorpusParagraph]:
    """Yield every paragraph of a JSONL corpus file, in file order."""
    path = Path(path)
    corpus = path.stem
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            article_id = str(record["id"])
            if isinstance(record.get("paragraphs"), list):
                texts, pseudo = [str(p) for p in record["paragraphs"]], False
            else:
                texts, pseudo = pseudo_paragraphs(str(record.get("text", ""))), True
            for index, text in enumerate(texts):
                yield CorpusParagraph(corpus, article_id, index, text, pseudo)
