"""The paragraphs to label, read from corpora and article files, each with the key its label uses.

Two kinds of input, two kinds of key (the project's label format, read back by
:func:`vnparty_nlp.training.dataset.load_corpus_labels`):

* a JSONL corpus (records with ``paragraphs``, or one-sentence-per-line
  ``text``), split by :func:`vnparty_nlp.corpus.jsonl.iter_corpus_paragraphs`:
  ``{"corpus": file stem, "id": record id, "index": i, "fingerprint": ...}``;
* an article file (``.txt``/``.html``), split by :func:`parse_article`:
  ``{"article": file name, "index": i, "fingerprint": ...}``.

The key of a label is its place (corpus and id, or file name, and index);
the fingerprint checks at training time that the text is still the one labelled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from vnparty_nlp.corpus.files import ARTICLE_SUFFIXES, ArticleSource, InputProblem, iter_article_sources
from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs, text_fingerprint

__all__ = ["Key", "Paragraph", "iter_paragraphs", "key_of"]

Key = tuple[str, ...]
"""Where a paragraph is: ``("corpus", stem, id, index)`` or ``("article", file name, index)``."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph to label: its label key fields, its text and its article's title."""

    fields: tuple[tuple[str, str | int], ...]
    text: str
    title: str
    position: int  # its place among all paragraphs read, the deterministic tie-breaker

    @property
    def key(self) -> Key:
        key = key_of(dict(self.fields))
        assert key is not None
        return key

    @property
    def where(self) -> str:
        """A short human name: ``corpus id ¶index`` or ``file ¶index`` (index counted from 0, as in the key)."""
        values = dict(self.fields)
        if "corpus" in values:
            return f"{values['corpus']} {values['id']} ¶{values['index']}"
        return f"{values['article']} ¶{values['index']}"

    def record(self) -> dict[str, str | int]:
        """The key fields of its label record, with the fingerprint."""
        return {**dict(self.fields), "fingerprint": text_fingerprint(self.text)}


def key_of(record: Mapping[str, object]) -> Key | None:
    """The key of a label record, or None when it has neither a corpus nor an article key.

    >>> key_of({"corpus": "portal", "id": 7, "index": 2, "labels": []})
    ('corpus', 'portal', '7', '2')
    >>> key_of({"article": "a.txt", "index": 0})
    ('article', 'a.txt', '0')
    >>> key_of({"text": "Chi bộ họp."}) is None
    True
    """
    index = record.get("index")
    if not isinstance(index, int) or isinstance(index, bool):
        return None
    if "corpus" in record and "id" in record:
        return ("corpus", str(record["corpus"]), str(record["id"]), str(index))
    if "article" in record:
        return ("article", str(record["article"]), str(index))
    return None


class CorpusReadError(ValueError):
    """A corpus line that cannot be read: ``args`` are where (``file:line``) and why."""


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | InputProblem]:
    for path in map(Path, paths):
        if not path.exists():
            yield InputProblem(str(path), "no such file or folder")
        elif not path.is_dir():
            yield path
        else:
            for entry in sorted(path.iterdir()):
                if entry.name.startswith("."):
                    continue
                if entry.is_file() and entry.suffix.lower() in (*ARTICLE_SUFFIXES, ".jsonl"):
                    yield entry
                else:
                    yield InputProblem(str(entry), "not a corpus (.jsonl) or an article (.txt/.html); skipped",
                                       skipped=True)


def _titles(path: Path) -> dict[str, str]:
    """``{record id: title}`` of a JSONL corpus, checking each line as :func:`iter_corpus_paragraphs` needs it."""
    titles: dict[str, str] = {}
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                reason = f"not a JSON line ({error}); fix or remove the line"
                raise CorpusReadError(f"{path}:{number}", reason) from None
            if not isinstance(record, dict) or "id" not in record:
                raise CorpusReadError(f"{path}:{number}", 'a corpus record needs an "id" and "paragraphs" or "text"')
            titles[str(record["id"])] = str(record.get("title") or "")
    return titles


def _corpus(path: Path, start: int) -> Iterator[Paragraph]:
    titles = _titles(path)
    for offset, paragraph in enumerate(iter_corpus_paragraphs(path)):
        fields = (("corpus", paragraph.corpus), ("id", paragraph.article_id), ("index", paragraph.index))
        yield Paragraph(fields, paragraph.text, titles.get(paragraph.article_id, ""), start + offset)


def _article(source: ArticleSource, start: int) -> Iterator[Paragraph]:
    from vnparty_nlp.preprocess.article import parse_article

    article = parse_article(source.raw)
    for index, text in enumerate(article.paragraphs):
        yield Paragraph((("article", source.key), ("index", index)), text, article.title or "", start + index)


def iter_paragraphs(paths: Iterable[str | Path]) -> Iterator[Paragraph | InputProblem]:
    """Every paragraph of ``paths`` (JSONL corpora, article files, folders of them), in order.

    A file that cannot be read gives an :class:`InputProblem` and the others
    are read. Two article files with the same name would share their labels'
    keys: the second is refused with a problem saying so.
    """
    seen_articles: dict[str, str] = {}
    seen_corpora: dict[str, str] = {}
    position = 0
    for path in _expand(paths):
        if isinstance(path, InputProblem):
            yield path
            continue
        if path.suffix.lower() == ".jsonl":
            if path.stem in seen_corpora:
                yield InputProblem(str(path), f"a corpus named {path.stem} was already read from "
                                              f"{seen_corpora[path.stem]}; labels are keyed by file name, rename one")
                continue
            seen_corpora[path.stem] = str(path)
            try:
                paragraphs = list(_corpus(path, position))
            except CorpusReadError as error:
                yield InputProblem(*error.args)
                continue
            except (OSError, UnicodeDecodeError) as error:
                yield InputProblem(str(path), f"cannot be read ({error})")
                continue
        else:
            source = next(iter_article_sources([path]))
            if isinstance(source, InputProblem):
                yield source
                continue
            if source.key in seen_articles:
                yield InputProblem(str(path), f"an article named {source.key} was already read from "
                                              f"{seen_articles[source.key]}; labels are keyed by file name, "
                                              "rename one")
                continue
            seen_articles[source.key] = str(path)
            paragraphs = list(_article(source, position))
        yield from paragraphs
        position += len(paragraphs)
