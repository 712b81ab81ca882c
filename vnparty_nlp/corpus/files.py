"""Articles from paths: files, folders of ``.txt`` / ``.html`` files, or JSONL.

JSONL files are read by :mod:`vnparty_nlp.corpus.jsonl`, whose one paragraph
split gives each record's paragraphs (:attr:`ArticleSource.paragraphs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vnparty_nlp.corpus.jsonl import NO_ARTICLE_TEXT, JsonlProblem, RecordSplit, iter_jsonl, record_paragraphs

__all__ = ["ARTICLE_SUFFIXES", "ArticleSource", "InputProblem", "iter_article_sources"]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class ArticleSource:
    """A raw article and where it came from.

    ``name``: the file, or a JSONL record's ``id`` (``file:line`` without one);
    ``origin``: the folder of a file, or the stem of a JSONL file;
    ``sentence_per_line``: the record says it lost its paragraph breaks
    (``"para_breaks": false``), one sentence per line;
    ``key``: the article within its origin, whichever folder the files sit
    in (a file's name, a record's ``id`` or ``file-name:line``), so that a
    hash over keys is the same in every checkout. Defaults to ``name``.
    ``split``: a JSONL record's paragraph split (None for a file, whose
    paragraphs are ``parse_article``'s).
    """

    name: str
    raw: str
    origin: str = ""
    sentence_per_line: bool = False
    key: str = ""
    split: RecordSplit | None = None

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.name)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The article's paragraphs: the record's split (:func:`~vnparty_nlp.corpus.jsonl.record_paragraphs`)
        for a JSONL record, ``parse_article``'s body paragraphs for a file."""
        if self.split is not None:
            return self.split.paragraphs
        from vnparty_nlp.preprocess.article import parse_article

        return tuple(parse_article(self.raw).paragraphs)


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read, and why.

    ``skipped`` marks an entry of a folder that is not an article at all (a
    subfolder, a file of another type): it is reported but is not a failed record.
    """

    name: str
    reason: str
    skipped: bool = False


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | InputProblem]:
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for entry in sorted(path.iterdir()):
            if entry.name.startswith("."):
                continue  # hidden files (.DS_Store, .gitkeep) are not inputs
            if entry.is_dir():
                yield InputProblem(str(entry), "a folder inside a folder is not read; pass it as its own argument",
                                   skipped=True)
            elif entry.suffix.lower() in (*ARTICLE_SUFFIXES, ".jsonl"):
                yield entry
            else:
                yield InputProblem(str(entry), f"not an article file ({', '.join(ARTICLE_SUFFIXES)} or .jsonl)",
                                   skipped=True)


def _utf8_problem(name: str, data: bytes, error: UnicodeDecodeError) -> InputProblem:
    line = data.count(b"\n", 0, error.start) + 1
    return InputProblem(f"{name}:{line}", f"not UTF-8 text ({error.reason} at byte {error.start}); "
                                          "convert the file to UTF-8")


def iter_article_sources(paths: Iterable[str | Path]) -> Iterator[ArticleSource | InputProblem]:
    """Yield each article of ``paths`` in order, or a problem for each that cannot be read.

    A JSONL file holds one article per line: ``{"id": ..., "text": ...}``
    (``raw_html`` or ``paragraphs`` are read too). Nothing is skipped
    silently: a missing, empty or non-UTF-8 file and a bad JSONL line each
    give an :class:`InputProblem` (named ``file`` or ``file:line``); in a
    folder, a file of another type or a subfolder gives one marked
    ``skipped``. Only hidden files (names starting with ``.``) are passed over.
    """
    for path in _expand(paths):
        if isinstance(path, InputProblem):
            yield path
            continue
        if not path.exists():
            yield InputProblem(str(path), "no such file or folder")
            continue
        if path.suffix.lower() != ".jsonl":
            yield _read_article_file(path)
            continue
        records = 0
        try:
            for number, record in iter_jsonl(path):
                records += 1
                if isinstance(record, JsonlProblem):
                    yield InputProblem(record.where, NO_ARTICLE_TEXT if record.not_object else record.reason)
                    continue
                split = record_paragraphs(record)
                if split is None:
                    yield InputProblem(f"{path}:{number}", NO_ARTICLE_TEXT)
                    continue
                has_id = "id" in record
                label = str(record["id"]) if has_id else f"{path}:{number}"
                key = label if has_id else f"{path.name}:{number}"
                yield ArticleSource(label, split.raw, path.stem, split.pseudo, key, split)
        except OSError as error:
            yield InputProblem(str(path), error.strerror or str(error))
            continue
        if not records:
            yield InputProblem(str(path), "empty file (no JSONL records)")


def _read_article_file(path: Path) -> ArticleSource | InputProblem:
    try:
        data = path.read_bytes()
    except OSError as error:
        return InputProblem(str(path), error.strerror or str(error))
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _utf8_problem(str(path), data, error)
    if not raw.strip():
        return InputProblem(str(path), "empty file (no text)")
    return ArticleSource(str(path), raw, path.parent.name, key=path.name)

