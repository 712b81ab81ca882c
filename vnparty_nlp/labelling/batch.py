"""Labelling in an editor: write a to-label JSONL file, read it back into the label file.

A to-label line holds the paragraph's key (as in the label format), its title
and text, the model's suggestion unless blind, and ``"labels": null``::

    {"corpus": "portal", "id": "a1", "index": 2, "fingerprint": "...", "labels": null,
     "title": "...", "text": "...", "suggested": ["economics"], "scores": {...},
     "evidence": {...}, "uncertainty": 0.013, "closest": "economics"}

The labeller replaces ``null`` with a list of theme names (``[]`` for none) and
may add a ``"note"``. Reading it back writes only the label format (key,
fingerprint, labels, note: never the text) and checks every line; a bad line is
reported as ``file:line: reason`` and the good lines are kept.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vnparty_nlp.corpus.jsonl import text_fingerprint
from vnparty_nlp.labelling.labelfile import LabelFile, LabellingError
from vnparty_nlp.labelling.paragraphs import key_of
from vnparty_nlp.labelling.selection import Proposal
from vnparty_nlp.themes.labels import check_labels

__all__ = ["BatchSummary", "read_batch", "todo_record", "write_batch"]

_KEY_FIELDS = ("corpus", "id", "article", "index", "fingerprint")


def todo_record(proposal: Proposal, blind: bool = False) -> dict[str, object]:
    """One to-label line: key, ``"labels": null``, title, text and (unless ``blind``) the suggestion."""
    paragraph = proposal.paragraph
    record: dict[str, object] = {**paragraph.record(), "labels": None, "title": paragraph.title,
                                 "text": paragraph.text}
    result = proposal.result
    if not blind and result is not None:
        record["suggested"] = list(result.labels)
        record["scores"] = dict(result.scores)
        record["evidence"] = {k: [[term, weight] for term, weight in v] for k, v in result.evidence.items()}
        record["uncertainty"] = proposal.uncertainty
        record["closest"] = proposal.closest
    return record


def write_batch(proposals: Sequence[Proposal], path: str | Path, blind: bool = False) -> int:
    """Write the to-label file (whole, or not at all); an existing file is never overwritten."""
    path = Path(path)
    if path.exists():
        raise LabellingError(f"{path} already exists (labels filled in there would be lost); read it back with "
                             "--read-batch, or remove it, or choose another file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for proposal in proposals:
                out.write(json.dumps(todo_record(proposal, blind), ensure_ascii=False) + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(proposals)


@dataclass
class BatchSummary:
    """What reading a to-label file did; ``problems`` are ``file:line: reason`` messages."""

    read: int = 0
    written: int = 0
    unlabelled: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _label_of(record: object) -> tuple[dict[str, object] | None, str]:
    """The label record of a to-label line, or None (unlabelled, or bad with a reason)."""
    if not isinstance(record, dict):
        return None, f"expected a JSON object, got {type(record).__name__}"
    if key_of(record) is None:
        return None, ('no paragraph key: a line needs "corpus", "id", "index" or "article", "index" '
                      "as written by --batch")
    fingerprint = record.get("fingerprint")
    if not isinstance(fingerprint, str):
        return None, 'no "fingerprint" string: keep the line as --batch wrote it'
    text = record.get("text")
    if isinstance(text, str) and text_fingerprint(text) != fingerprint:
        return None, '"text" was edited: the label would not match the corpus; restore the text'
    labels = record.get("labels")
    if labels is None:
        return None, ""
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        return None, '"labels" must be a list of theme names ([] for none), or null to leave it unlabelled'
    try:
        checked = check_labels(labels)
    except ValueError as error:
        return None, str(error)
    note = record.get("note", "")
    if not isinstance(note, str):
        return None, '"note" must be a string'
    label = {k: record[k] for k in _KEY_FIELDS if k in record}
    label["labels"] = list(checked)
    if note.strip():
        label["note"] = note.strip()
    return label, ""


def read_batch(path: str | Path, labels: LabelFile) -> BatchSummary:
    """Append the labelled lines of a to-label file to ``labels``, skipping paragraphs it already has."""
    path = Path(path)
    if not path.is_file():
        raise LabellingError(f"{path}: no such file; write one with --batch first")
    summary = BatchSummary()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            summary.read += 1
            where = f"{path}:{number}"
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                summary.problems.append(f"{where}: not UTF-8 text ({error.reason} at byte {error.start})")
                continue
            except json.JSONDecodeError as error:
                summary.problems.append(f"{where}: not valid JSON ({error.msg} at column {error.colno})")
                continue
            label, reason = _label_of(record)
            if label is None:
                if reason:
                    summary.problems.append(f"{where}: {reason}")
                else:
                    summary.unlabelled += 1
                continue
            key = key_of(label)
            if key in labels:
                summary.duplicates += 1
                earlier = labels.labels[key]  # type: ignore[index]
                if list(earlier) != label["labels"]:
                    summary.notices.append(f"{where}: already labelled {list(earlier)} in {labels.path}; "
                                           f"kept that, not {label['labels']}")
                continue
            labels.append(label)
            summary.written += 1
    return summary
