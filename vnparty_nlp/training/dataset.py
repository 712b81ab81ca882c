"""Labelled paragraphs for training and evaluating the theme classifier.

Three kinds, all committed under ``seeds/labels/``:

* ``seed_paragraphs.jsonl``: labels of the seed articles' body paragraphs,
  keyed by seed file, paragraph index and text fingerprint;
* ``authored_*.jsonl``: paragraphs the team wrote, with their text;
* ``corpus_*.jsonl``: labels of real paragraphs of ``../shared/corpus``, keyed
  by corpus, article id, paragraph index and fingerprint. The text is read
  from the corpus at load time and never committed.

Each paragraph carries a *group* (its source article, or itself for authored
paragraphs) so that cross-validation never splits one article across folds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs, text_fingerprint
from vnparty_nlp.errors import TrainingDataError
from vnparty_nlp.themes.labels import LABELS, check_labels

__all__ = [
    "LabelledParagraph",
    "TrainingDataError",
    "data_hash",
    "label_counts",
    "load_authored",
    "load_corpus_labels",
    "load_seed_labels",
]


@dataclass(frozen=True)
class LabelledParagraph:
    text: str
    labels: tuple[str, ...]
    group: str
    origin: str  # "seed", "authored" or "real"


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, object]]]:
    from vnparty_nlp.corpus.jsonl import JsonlProblem, iter_jsonl

    if not path.exists():
        raise TrainingDataError(f"{path}: no such file")
    for number, record in iter_jsonl(path):
        if isinstance(record, JsonlProblem):
            raise TrainingDataError(f"{record.where}: {record.reason}")
        if "_comment" in record:
            continue
        yield number, record


def _labels_of(record: dict[str, object], where: str) -> tuple[str, ...]:
    labels = record.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise TrainingDataError(f'{where}: "labels" must be a list of theme names (may be empty)')
    try:
        return check_labels(labels)
    except ValueError as error:
        raise TrainingDataError(f"{where}: {error}") from None


def load_authored(paths: Iterable[str | Path]) -> list[LabelledParagraph]:
    """Paragraphs with their text and labels: ``{"text": ..., "labels": [...]}`` per line."""
    out: list[LabelledParagraph] = []
    for path in map(Path, paths):
        for number, record in _read_jsonl(path):
            where = f"{path}:{number}"
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                raise TrainingDataError(f'{where}: "text" is missing or empty')
            group = str(record.get("group") or record.get("id") or where)
            origin = str(record.get("origin", "authored"))
            out.append(LabelledParagraph(text, _labels_of(record, where), f"{path.stem}/{group}", origin))
    return out


def load_seed_labels(label_file: str | Path, seeds_dir: str | Path) -> list[LabelledParagraph]:
    """The seed articles' body paragraphs (from :func:`parse_article`) with their labels."""
    from vnparty_nlp.preprocess.article import parse_article

    label_file, seeds_dir = Path(label_file), Path(seeds_dir)
    articles: dict[str, tuple[str, ...]] = {}
    out: list[LabelledParagraph] = []
    for number, record in _read_jsonl(label_file):
        where = f"{label_file}:{number}"
        name, index = str(record.get("seed")), record.get("index")
        if name not in articles:
            path = seeds_dir / name
            if not path.exists():
                raise TrainingDataError(f"{where}: seed article {path} not found")
            articles[name] = parse_article(path.read_text(encoding="utf-8")).paragraphs
        paragraphs = articles[name]
        if not isinstance(index, int) or not 0 <= index < len(paragraphs):
            raise TrainingDataError(f"{where}: {name} has no body paragraph {index!r}")
        text = paragraphs[index]
        if text_fingerprint(text) != record.get("fingerprint"):
            raise TrainingDataError(f"{where}: paragraph {index} of {name} changed since it was labelled")
        out.append(LabelledParagraph(text, _labels_of(record, where), f"seed/{name}", "seed"))
    return out


def _corpus_files(corpus: str | Path | Sequence[str | Path]) -> dict[str, Path]:
    """``{corpus name: JSONL file}`` from folders and files (the first of a name wins)."""
    paths = [Path(corpus)] if isinstance(corpus, str | Path) else [Path(p) for p in corpus]
    found: dict[str, Path] = {}
    for path in paths:
        for file in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
            found.setdefault(file.stem, file)
    return found


def load_corpus_labels(
    label_files: Iterable[str | Path], corpus_dir: str | Path | Sequence[str | Path]
) -> list[LabelledParagraph]:
    """Real paragraphs: labels keyed by corpus id, joined with the corpus text.

    ``corpus_dir`` is the folder of the corpus JSONL files, or a list of
    folders and JSONL files; a label's ``corpus`` names the file's stem.
    A label whose paragraph is missing or whose fingerprint differs is an error:
    the label would otherwise silently apply to other text.
    """
    files = _corpus_files(corpus_dir)
    texts: dict[str, dict[tuple[str, int], str]] = {}
    out: list[LabelledParagraph] = []
    for label_file in map(Path, label_files):
        for number, record in _read_jsonl(label_file):
            where = f"{label_file}:{number}"
            corpus = str(record.get("corpus"))
            if corpus not in texts:
                source = files.get(corpus)
                if source is None or not source.exists():
                    raise TrainingDataError(f"{where}: corpus file {corpus}.jsonl not found in {corpus_dir}")
                texts[corpus] = {(p.article_id, p.index): p.text for p in iter_corpus_paragraphs(source)}
            key = (str(record.get("id")), record.get("index"))
            text = texts[corpus].get(key)  # type: ignore[arg-type]
            if text is None:
                raise TrainingDataError(f"{where}: {corpus} has no paragraph {key[1]!r} in article {key[0]!r}")
            if text_fingerprint(text) != record.get("fingerprint"):
                raise TrainingDataError(f"{where}: the text of {corpus} {key} changed since it was labelled")
            out.append(LabelledParagraph(text, _labels_of(record, where), f"{corpus}/{key[0]}", "real"))
    return out


def data_hash(paragraphs: Sequence[LabelledParagraph]) -> str:
    """sha256 over texts and labels, in order: what the manifest records as the training data."""
    digest = hashlib.sha256()
    for p in paragraphs:
        digest.update(p.text.encode("utf-8") + b"\x00" + ",".join(p.labels).encode() + b"\x01")
    return digest.hexdigest()


def label_counts(paragraphs: Sequence[LabelledParagraph]) -> dict[str, int]:
    counts = {label: sum(label in p.labels for p in paragraphs) for label in LABELS}
    counts["none"] = sum(not p.labels for p in paragraphs)
    counts["multi"] = sum(len(p.labels) > 1 for p in paragraphs)
    counts["total"] = len(paragraphs)
    return counts
