"""The ``--out`` label file: which paragraphs it already has, appending an answer, undoing the last.

Each answer is appended and flushed at once, so an interrupted session loses
nothing; the file is the session's only state, which is how a new session
resumes (it never proposes a paragraph whose key is already in the file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from vnparty_nlp.corpus.jsonl import JsonlProblem, iter_jsonl
from vnparty_nlp.labelling.paragraphs import Key, Paragraph, key_of
from vnparty_nlp.themes.labels import check_labels

__all__ = ["LabelFile", "LabellingError", "label_record"]


class LabellingError(Exception):
    """A problem that stops the labelling command; the message says where and what to do."""


def label_record(paragraph: Paragraph, labels: Iterable[str], note: str = "") -> dict[str, object]:
    """The label record of ``paragraph`` in the project's format (labels in theme order)."""
    record: dict[str, object] = {**paragraph.record(), "labels": list(check_labels(labels))}
    if note:
        record["note"] = note
    return record


class LabelFile:
    """A JSONL label file opened for appending; ``labels`` maps the paragraphs it holds to their labels.

    A missing file is created on the first append. A line that is not a label
    record keyed to a corpus or an article file raises :class:`LabellingError`:
    appending after it would leave a file that training refuses.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.labels: dict[Key, tuple[str, ...]] = read_keys(self.path)

    def __contains__(self, key: object) -> bool:
        return key in self.labels

    def __len__(self) -> int:
        return len(self.labels)

    def append(self, record: dict[str, object]) -> tuple[int, int]:
        """Append one record and flush it to disk; returns the file size before and after."""
        key = key_of(record)
        if key is None:
            raise LabellingError(f"not a label record keyed to a paragraph: {record!r}")
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as handle:
            before = handle.tell()
            if before and not _ends_with_newline(self.path, before):
                line = "\n" + line  # a file edited by hand may lack its last newline
            handle.write(line.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
            after = handle.tell()
        self.labels[key] = check_labels(record.get("labels", ()))  # type: ignore[arg-type]
        return before, after

    def undo(self, record: dict[str, object], before: int, after: int) -> None:
        """Remove ``record``, appended by :meth:`append` as the file's last bytes ``before``..``after``."""
        size = self.path.stat().st_size
        if size != after:
            raise LabellingError(f"{self.path} changed since the last answer was written (edited elsewhere?); "
                                 "not undone: remove its last line by hand")
        with self.path.open("r+b") as handle:
            handle.truncate(before)
            handle.flush()
            os.fsync(handle.fileno())
        key = key_of(record)
        if key is not None:
            self.labels.pop(key, None)


def _ends_with_newline(path: Path, size: int) -> bool:
    with path.open("rb") as handle:
        handle.seek(size - 1)
        return handle.read(1) == b"\n"


def read_keys(path: Path) -> dict[Key, tuple[str, ...]]:
    """``{key: labels}`` of an existing label file (empty when there is none yet)."""
    if not path.exists():
        return {}
    if path.is_dir():
        raise LabellingError(f"{path} is a folder; --out needs a JSONL file name")
    found: dict[Key, tuple[str, ...]] = {}
    for number, record in iter_jsonl(path):  # the project's one JSONL reader
        where = f"{path}:{number}"
        if isinstance(record, JsonlProblem) and not record.not_object:
            raise LabellingError(f"{where}: not a JSON line ({record.reason}); fix or remove the line")
        key = None if isinstance(record, JsonlProblem) else key_of(record)
        if key is None or isinstance(record, JsonlProblem):
            raise LabellingError(f'{where}: not a label keyed to a paragraph ({{"corpus", "id", "index"}} or '
                                 f'{{"article", "index"}}); --out must be a file written by vnparty-nlp label')
        labels = record.get("labels")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise LabellingError(f'{where}: "labels" must be a list of theme names')
        try:
            found[key] = check_labels(labels)
        except ValueError as error:
            raise LabellingError(f"{where}: {error}") from None
    return found
