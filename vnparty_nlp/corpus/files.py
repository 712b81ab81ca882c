"""Articles from paths: files, folders of ``.txt`` / ``.html`` files, or JSONL."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from vnparty_nlp.corpus.jsonl import NO_ARTICLE_TEXT, RecordSplit, record_paragraphs

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "ArticleSource",
    "InputProblem",
    "display_name",
    "iter_article_sources",
    "iter_capped_lines",
    "not_a_regular_file",
    "parse_record",
    "parse_size",
]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: The largest article file or JSONL line read (``--max-bytes``): 40 times a long article. A 200 MB
#: "article" cost 547 s and 2.9 GB before this cap; one over it is skipped with the reason.
DEFAULT_MAX_BYTES = 2 * 2**20


def display_name(path: str | Path) -> str:
    """A path as it can be printed: bytes that are not UTF-8 are shown as ``\\xNN``, never a crash.

    >>> display_name(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def parse_size(text: str) -> int:
    """A byte count such as ``2000000``, ``512K``, ``2M`` or ``1G`` (binary multiples).

    >>> parse_size("2M"), parse_size("512k"), parse_size("1000")
    (2097152, 524288, 1000)
    """
    value = text.strip().upper().removesuffix("B")
    scale = {"K": 2**10, "M": 2**20, "G": 2**30}.get(value[-1:], 1)
    number = value[:-1] if scale != 1 else value
    try:
        size = int(float(number) * scale)
    except ValueError:
        raise ValueError(f"expected a size such as 2000000, 512K or 2M, got {text!r}") from None
    if size < 1:
        raise ValueError(f"expected a positive size, got {text!r}")
    return size


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def not_a_regular_file(path: str | Path) -> str | None:
    """Why ``path`` is not read as a file (checked before opening: a FIFO would block), or None.

    >>> not_a_regular_file("/dev/null")
    'a character device, not a file: skipped (reading it could block or never end)'
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return "no such file or folder" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if kind == "a folder":
        return "Is a directory"
    return f"{kind}, not a file: skipped (reading it could block or never end)"


def iter_capped_lines(handle: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Number and bytes of each line; None for a line over ``max_bytes`` (read through, never held).

    >>> import io
    >>> list(iter_capped_lines(io.BytesIO(b"ab\\n" + b"x" * 10 + b"\\ncd"), 5))
    [(1, b'ab\\n'), (2, None), (3, b'cd')]
    """
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_bytes or (len(line) == max_bytes + 1 and line.endswith(b"\n")):
            yield number, line
            continue
        while not line.endswith(b"\n"):  # the rest of the long line, in bounded pieces
            line = handle.readline(1 << 20)
            if not line:
                break
        yield number, None


def _unicode_problem(value: Any, what: str) -> str | None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            return (f"{what} is not valid Unicode (lone surrogate {value[error.start]!r} at character "
                    f"{error.start}); write the text as UTF-8")
    return None


def parse_record(line: bytes, max_bytes: int | None = None) -> dict[str, Any] | str:
    """A JSONL line as an object, or the reason it cannot be read (never an exception).

    >>> parse_record(b'{"id": 1, "text": "Chi b\\xe1\\xbb\\x99"}')
    {'id': 1, 'text': 'Chi bộ'}
    >>> parse_record(b"[" * 100_000 + b"]" * 100_000)
    'nested too deeply to read (JSON arrays or objects inside each other)'
    >>> parse_record(b'{"id": "\\\\ud800", "text": "x"}')
    "the id is not valid Unicode (lone surrogate '\\\\ud800' at character 0); write the text as UTF-8"
    """
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return f"not UTF-8 text ({error.reason} at byte {error.start} of the line)"
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg} at column {error.colno})"
    except RecursionError:
        return "nested too deeply to read (JSON arrays or objects inside each other)"
    except ValueError as error:  # e.g. a number of more than 4,300 digits
        return f"cannot be read ({str(error).split(';')[0]})"
    if not isinstance(record, dict):
        return f'expected an object with a "text" string, got a JSON {type(record).__name__}'
    for key, what in (("id", "the id"), ("text", '"text"'), ("raw_html", '"raw_html"')):
        problem = _unicode_problem(record.get(key), what)
        if problem:
            return problem
    paragraphs = record.get("paragraphs")
    if isinstance(paragraphs, list):
        for paragraph in paragraphs:
            problem = _unicode_problem(paragraph, "a paragraph")
            if problem:
                return problem
    return record


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
        try:
            entries = sorted(path.iterdir())
        except OSError as error:
            yield InputProblem(display_name(path), f"folder cannot be read ({error.strerror or error})")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files (.DS_Store, .gitkeep) are not inputs
            if entry.is_dir():
                yield InputProblem(display_name(entry), "a folder inside a folder is not read (only the folder's "
                                   "own files are)", skipped=True)
            elif entry.suffix.lower() in (*ARTICLE_SUFFIXES, ".jsonl"):
                yield entry
            else:
                yield InputProblem(display_name(entry), f"not an article file ({', '.join(ARTICLE_SUFFIXES)} or "
                                   ".jsonl)", skipped=True)


def _too_big(max_bytes: int) -> str:
    return f"larger than {max_bytes:,} bytes: skipped; pass --max-bytes to read bigger inputs"


def _utf8_problem(name: str, data: bytes, error: UnicodeDecodeError) -> InputProblem:
    line = data.count(b"\n", 0, error.start) + 1
    return InputProblem(f"{name}:{line}", f"not UTF-8 text ({error.reason} at byte {error.start}); "
                                          "convert the file to UTF-8")


def iter_article_sources(
    paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ArticleSource | InputProblem]:
    """Yield each article of ``paths`` in order, or a problem for each that cannot be read.

    A JSONL file holds one article per line: ``{"id": ..., "text": ...}``
    (``raw_html`` or ``paragraphs`` are read too). Nothing is skipped
    silently: a missing, empty or non-UTF-8 file and a bad JSONL line each
    give an :class:`InputProblem` (named ``file`` or ``file:line``); in a
    folder, a file of another type or a subfolder gives one marked
    ``skipped``. Only hidden files (names starting with ``.``) are passed over.

    One hostile input costs only itself: FIFOs and devices are never opened,
    a file or line over ``max_bytes`` is not read, a line nested too deeply or
    holding invalid Unicode is a problem, and names that are not UTF-8 are
    shown with ``\\xNN`` escapes.
    """
    for path in _expand(paths):
        if isinstance(path, InputProblem):
            yield path
            continue
        shown = display_name(path)
        problem = not_a_regular_file(path)
        if problem is not None:
            yield InputProblem(shown, problem)
            continue
        if path.suffix.lower() != ".jsonl":
            yield _read_article_file(path, shown, max_bytes)
            continue
        try:
            handle = path.open("rb")
        except OSError as error:
            yield InputProblem(shown, error.strerror or str(error))
            continue
        records = 0
        with handle:
            for number, line in iter_capped_lines(handle, max_bytes):
                name = f"{shown}:{number}"
                if line is None:
                    records += 1
                    yield InputProblem(name, "line " + _too_big(max_bytes))
                    continue
                if not line.strip():
                    continue
                records += 1
                record = parse_record(line)
                if isinstance(record, str):
                    yield InputProblem(name, record)
                    continue
                split = record_paragraphs(record) if isinstance(record, dict) else None
                if split is None:
                    yield InputProblem(name, NO_ARTICLE_TEXT)
                    continue
                has_id = "id" in record
                label = str(record["id"]) if has_id else name
                key = label if has_id else f"{path.name}:{number}"
                yield ArticleSource(label, split.raw, path.stem, split.pseudo, key, split)
        if not records:
            yield InputProblem(shown, "empty file (no JSONL records)")


def _read_article_file(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ArticleSource | InputProblem:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # bounded even when the size on disk lies (/proc, a growing file)
    except OSError as error:
        return InputProblem(shown, error.strerror or str(error))
    if len(data) > max_bytes:
        return InputProblem(shown, "file " + _too_big(max_bytes))
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _utf8_problem(shown, data, error)
    if not raw.strip():
        return InputProblem(shown, "empty file (no text)")
    return ArticleSource(shown, raw, display_name(path.parent.name), key=display_name(path.name))

