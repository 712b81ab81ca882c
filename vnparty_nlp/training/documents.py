"""The documents a topic model is trained on: one body paragraph, one document.

Sources are read the way an analyst's articles are: raw articles (``.txt`` or
``.html``) go through :func:`~vnparty_nlp.preprocess.article.parse_article`
and give their body paragraphs; a JSONL record gives the paragraphs of the one
documented split (:func:`~vnparty_nlp.corpus.jsonl.record_paragraphs`): its
``paragraphs`` list, the pseudo-paragraphs of a ``"para_breaks": false`` text,
or ``parse_article``'s body paragraphs of its ``text`` or ``raw_html``. So a
training document is exactly a paragraph that the committed labels key to.
Folders are read as ``vnparty-nlp analyze`` reads them (their ``.txt``,
``.html`` and ``.jsonl`` files, not subfolders); unreadable inputs are
reported, never skipped silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vnparty_nlp.corpus.files import InputProblem, iter_article_sources

__all__ = ["TopicDocument", "corpus_hash", "iter_topic_documents"]


@dataclass(frozen=True)
class TopicDocument:
    """One paragraph of one article, keyed by where it came from.

    ``article_id`` does not name the folder the files sit in (see
    :attr:`ArticleSource.key`): the manifest's corpus hash must be the same
    in every checkout of the same data.
    """

    source: str
    article_id: str
    index: int
    text: str


def iter_topic_documents(
    paths: Iterable[str | Path],
    on_problem: Callable[[InputProblem], None] | None = None,
) -> Iterator[TopicDocument]:
    """Body paragraphs of the articles in ``paths`` (files, folders, JSONL corpora), in order.

    Inputs that cannot be read are passed to ``on_problem``; without it the
    first one raises :class:`ValueError` naming the file and the reason.
    """
    for item in iter_article_sources(paths):
        if isinstance(item, InputProblem):
            if on_problem is None:
                raise ValueError(f"{item.name}: {item.reason}")
            on_problem(item)
            continue
        for index, text in enumerate(item.paragraphs):
            if text.strip():
                yield TopicDocument(item.origin, item.key, index, text)


def corpus_hash(documents: Iterable[TopicDocument]) -> str:
    """sha256 over the documents' keys and texts, in order: which data a model saw.

    >>> corpus_hash([]) == hashlib.sha256().hexdigest()
    True
    """
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(f"{doc.source}\t{doc.article_id}\t{doc.index}\t{doc.text}\n".encode())
    return digest.hexdigest()
