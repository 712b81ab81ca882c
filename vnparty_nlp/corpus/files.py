"""Articles from paths: files, folders of ``.txt`` / ``.html`` files, or JSONL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ARTICLE_SUFFIXES", "ArticleSource", "InputProblem", "iter_article_sources"]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class ArticleSource:
    """A raw article and where it came from.

    ``name``: the file, or a JSONL record's ``id`` (``file:line`` without one);
    ``origin``: the folder of a file, or the stem of a JSONL file;
    ``sentence_per_line``: the record says it lost its paragraph breaks
    (``"para_breaks": false``), one sentence per line.
    """

    name: str
    raw: str
    origin: str = ""
    sentence_per_line: bool = False


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read, and why."""

    name: str
    reason: str


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix.lower() in (*ARTICLE_SUFFIXES, ".jsonl"))
        else:
            yield path


def iter_article_sources(paths: Iterable[str | Path]) -> Iterator[ArticleSource | InputProblem]:
    """Yield each article of ``paths`` in order, or a problem for each that cannot be read.

    A JSONL file holds one article per line: ``{"id": ..., "text": ...}``
    (``raw_html`` or ``paragraphs`` are read too).
    """
    for path in _expand(paths):
        if not path.exists():
            yield InputProblem(str(path), "no such file or folder")
            continue
        if path.suffix.lower() != ".jsonl":
            try:
                yield ArticleSource(str(path), path.read_text(encoding="utf-8"), path.parent.name)
            except UnicodeDecodeError as error:
                yield InputProblem(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})")
            except OSError as error:
                yield InputProblem(str(path), error.strerror or str(error))
            continue
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                name = f"{path}:{number}"
                if not line.strip():
                    continue
                try:
                    record = json.loads(line.decode("utf-8"))
                except UnicodeDecodeError:
                    yield InputProblem(name, "not UTF-8 text")
                    continue
                except json.JSONDecodeError as error:
                    yield InputProblem(name, f"not valid JSON ({error.msg})")
                    continue
                raw = _record_text(record)
                if raw is None:
                    yield InputProblem(name, 'no "text" field (or "raw_html" / "paragraphs")')
                    continue
                label = str(record.get("id", name)) if isinstance(record, dict) else name
                yield ArticleSource(label, raw, path.stem, record.get("para_breaks") is False)


def _record_text(record: object) -> str | None:
    if not isinstance(record, dict):
        return None
    for key in ("text", "raw_html"):
        if isinstance(record.get(key), str):
            return str(record[key])
    paragraphs = record.get("paragraphs")
    if isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs):
        return "\n\n".join(paragraphs)
    return None
