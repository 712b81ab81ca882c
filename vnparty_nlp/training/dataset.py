"""Labelled paragraphs for training and evaluating the theme classifier.

Three kinds, all committed under ``seeds/labels/``:

* ``seed_paragraphs.jsonl``: labels of the seed articles' body paragraphs,
  keyed by seed file, paragraph index and text fingerprint;
* ``authored_*.jsonl``: paragraphs the team wrote, with their text;
* ``corpus_*.jsonl``: labels of real paragraphs of ``../shared/corpus``, keyed
  by corpus, article id, paragraph index and fingerprint. The text is read
  from the corpus at load time and never committed.

Users' label files (``vnparty-nlp label``) are keyed the same way, to a JSONL
corpus (``{"corpus", "id", "index", "fingerprint", "labels"}``) or to an article
file (``{"article": file name, "index", "fingerprint", "labels"}``, the index
counting the body paragraphs :func:`parse_article` finds, as for the seeds).

Each paragraph carries a *group* (its source article, or itself for authored
paragraphs) so that cross-validation never splits one article across folds,
and a *context*: for a paragraph of a real or seed article, the article's
title and its other paragraphs (a corpus record's paragraphs as
:func:`~vnparty_nlp.corpus.jsonl.iter_corpus_paragraphs` splits them, a seed
article's body paragraphs as :func:`~vnparty_nlp.parse_article` finds them);
authored paragraphs have none.

Theme names are checked against ``themes``: the four shipped themes by
default, or a model's own names (:func:`label_names` finds them in a label file).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vnparty_nlp.corpus.files import ARTICLE_SUFFIXES
from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs, iter_jsonl, text_fingerprint
from vnparty_nlp.errors import TrainingDataError
from vnparty_nlp.themes.context import ParagraphContext
from vnparty_nlp.themes.labels import LABELS, check_label_names, check_labels

__all__ = [
    "LabelledParagraph",
    "TrainingDataError",
    "data_hash",
    "label_counts",
    "label_names",
    "load_authored",
    "load_corpus_labels",
    "load_seed_labels",
    "sample_weights",
]


@dataclass(frozen=True)
class LabelledParagraph:
    text: str
    labels: tuple[str, ...]
    group: str
    origin: str  # "seed", "authored" or "real"
    context: ParagraphContext | None = None  # the article around it, when it comes from one


def _context(title: object, paragraphs: Sequence[str], index: int) -> ParagraphContext:
    return ParagraphContext(title if isinstance(title, str) else "", tuple(paragraphs[:index]),
                            tuple(paragraphs[index + 1 :]))


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


def _labels_of(record: dict[str, object], where: str, themes: Sequence[str] = LABELS) -> tuple[str, ...]:
    labels = record.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise TrainingDataError(f'{where}: "labels" must be a list of theme names (may be empty)')
    try:
        return check_labels(labels, themes=themes)
    except ValueError as error:
        raise TrainingDataError(f"{where}: {error}") from None


def label_names(paths: Iterable[str | Path]) -> tuple[str, ...]:
    r"""The theme names a set of label files uses: the four shipped themes (in ``LABELS`` order) when
    they use no other name, else every name in the order of first use, each checked. Shipped names
    beside other names are refused (the other name is most likely a misspelt shipped theme).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "my.jsonl"
    >>> _ = path.write_text('{"text": "a", "labels": ["safety"]}\n{"text": "b", "labels": ["water", "safety"]}\n')
    >>> label_names([path])
    ('safety', 'water')
    """
    found: dict[str, str] = {}
    for path in map(Path, paths):
        for number, record in _read_jsonl(path):
            labels = record.get("labels")
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                raise TrainingDataError(f'{path}:{number}: "labels" must be a list of theme names (may be empty)')
            for label in labels:
                found.setdefault(label, f"{path}:{number}")
    if set(found) <= set(LABELS):
        return LABELS
    if set(found) & set(LABELS):
        # Shipped names beside others: most likely a misspelt shipped theme, not themes of your own.
        name, where = next((n, w) for n, w in found.items() if n not in LABELS)
        raise TrainingDataError(f"{where}: unknown theme {name!r}; themes are {', '.join(LABELS)}. To train "
                                "themes of your own, name every theme yourself (the label files use "
                                f"{', '.join(n for n in found if n in LABELS)} beside them)")
    for name, where in found.items():
        try:
            check_label_names([name])
        except ValueError as error:
            raise TrainingDataError(f"{where}: {error}") from None
    return tuple(found)


def load_authored(paths: Iterable[str | Path], themes: Sequence[str] = LABELS) -> list[LabelledParagraph]:
    """Paragraphs with their text and labels: ``{"text": ..., "labels": [...]}`` per line (no context)."""
    out: list[LabelledParagraph] = []
    for path in map(Path, paths):
        for number, record in _read_jsonl(path):
            where = f"{path}:{number}"
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                raise TrainingDataError(f'{where}: "text" is missing or empty')
            group = str(record.get("group") or record.get("id") or where)
            origin = str(record.get("origin", "authored"))
            out.append(LabelledParagraph(text, _labels_of(record, where, themes), f"{path.stem}/{group}", origin))
    return out


def load_seed_labels(
    label_file: str | Path, seeds_dir: str | Path, themes: Sequence[str] = LABELS,
) -> list[LabelledParagraph]:
    """The seed articles' body paragraphs (from :func:`parse_article`) with their labels and context."""
    from vnparty_nlp.preprocess.article import Article, parse_article

    label_file, seeds_dir = Path(label_file), Path(seeds_dir)
    articles: dict[str, Article] = {}
    out: list[LabelledParagraph] = []
    for number, record in _read_jsonl(label_file):
        where = f"{label_file}:{number}"
        name, index = str(record.get("seed")), record.get("index")
        if name not in articles:
            path = seeds_dir / name
            if not path.exists():
                raise TrainingDataError(f"{where}: seed article {path} not found")
            articles[name] = parse_article(path.read_text(encoding="utf-8"))
        paragraphs = articles[name].paragraphs
        if not isinstance(index, int) or not 0 <= index < len(paragraphs):
            raise TrainingDataError(f"{where}: {name} has no body paragraph {index!r}")
        text = paragraphs[index]
        if text_fingerprint(text) != record.get("fingerprint"):
            raise TrainingDataError(f"{where}: paragraph {index} of {name} changed since it was labelled")
        out.append(LabelledParagraph(text, _labels_of(record, where, themes), f"seed/{name}", "seed",
                                     _context(articles[name].title, paragraphs, index)))
    return out


def _paths(corpus: str | Path | Sequence[str | Path]) -> list[Path]:
    return [Path(corpus)] if isinstance(corpus, str | Path) else [Path(p) for p in corpus]


def _corpus_files(corpus: str | Path | Sequence[str | Path]) -> dict[str, Path]:
    """``{corpus name: JSONL file}`` from folders and files (the first of a name wins)."""
    found: dict[str, Path] = {}
    for path in _paths(corpus):
        for file in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
            found.setdefault(file.stem, file)
    return found


def _article_files(corpus: str | Path | Sequence[str | Path]) -> dict[str, Path]:
    """``{file name: article file}`` (``.txt``/``.html``) from folders and files (the first of a name wins)."""
    found: dict[str, Path] = {}
    for path in _paths(corpus):
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() in ARTICLE_SUFFIXES and file.is_file():
                found.setdefault(file.name, file)
    return found


def _article_paragraphs(path: Path, where: str) -> tuple[str, tuple[str, ...]]:
    from vnparty_nlp.preprocess.article import parse_article

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TrainingDataError(f"{where}: article {path} cannot be read ({error})") from None
    article = parse_article(raw)
    return article.title or "", article.paragraphs


def _corpus_articles(source: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{article id: (title, paragraphs)}`` of a corpus file, paragraphs as ``iter_corpus_paragraphs`` gives them."""
    paragraphs: dict[str, list[str]] = {}
    for p in iter_corpus_paragraphs(source):
        found = paragraphs.setdefault(p.article_id, [])
        if p.index != len(found):
            raise TrainingDataError(f"{source}: article {p.article_id!r} appears twice")
        found.append(p.text)
    titles: dict[str, str] = {}
    for _, record in iter_jsonl(source):
        if isinstance(record, dict) and "id" in record:
            title = record.get("title")
            titles.setdefault(str(record["id"]), title if isinstance(title, str) else "")
    return {key: (titles.get(key, ""), tuple(texts)) for key, texts in paragraphs.items()}


def load_corpus_labels(
    label_files: Iterable[str | Path], corpus_dir: str | Path | Sequence[str | Path], themes: Sequence[str] = LABELS,
) -> list[LabelledParagraph]:
    """Real paragraphs: labels keyed by corpus id or article file, joined with the corpus text, and their
    article as context.

    ``corpus_dir`` is the folder of the corpus JSONL files, or a list of
    folders and files (JSONL, ``.txt``, ``.html``). A label's ``corpus`` names a
    JSONL file's stem (paragraphs as :func:`iter_corpus_paragraphs` splits
    them); a label's ``article`` names an article file (body paragraphs as
    :func:`parse_article` finds them). A label whose paragraph is missing or
    whose fingerprint differs is an error: the label would otherwise silently
    apply to other text.
    """
    files = _corpus_files(corpus_dir)
    article_files: dict[str, Path] | None = None
    article_texts: dict[str, tuple[str, tuple[str, ...]]] = {}
    articles: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
    out: list[LabelledParagraph] = []
    for label_file in map(Path, label_files):
        for number, record in _read_jsonl(label_file):
            where = f"{label_file}:{number}"
            if "corpus" not in record and "article" in record:
                name, index = str(record["article"]), record.get("index")
                if name not in article_texts:
                    article_files = _article_files(corpus_dir) if article_files is None else article_files
                    if name not in article_files:
                        raise TrainingDataError(f"{where}: article file {name} not found in {corpus_dir}")
                    article_texts[name] = _article_paragraphs(article_files[name], where)
                title, paragraphs = article_texts[name]
                if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(paragraphs):
                    raise TrainingDataError(f"{where}: article {name} has no body paragraph {index!r}")
                body = paragraphs[index]
                if text_fingerprint(body) != record.get("fingerprint"):
                    raise TrainingDataError(f"{where}: paragraph {index} of {name} changed since it was labelled")
                out.append(LabelledParagraph(body, _labels_of(record, where, themes), f"article/{name}", "real",
                                             _context(title, paragraphs, index)))
                continue
            corpus = str(record.get("corpus"))
            if corpus not in articles:
                source = files.get(corpus)
                if source is None or not source.exists():
                    raise TrainingDataError(f"{where}: corpus file {corpus}.jsonl not found in {corpus_dir}")
                articles[corpus] = _corpus_articles(source)
            key = (str(record.get("id")), record.get("index"))
            title, paragraphs = articles[corpus].get(key[0], ("", ()))
            index = key[1]
            text = paragraphs[index] if isinstance(index, int) and 0 <= index < len(paragraphs) else None
            if text is None:
                raise TrainingDataError(f"{where}: {corpus} has no paragraph {key[1]!r} in article {key[0]!r}")
            if text_fingerprint(text) != record.get("fingerprint"):
                raise TrainingDataError(f"{where}: the text of {corpus} {key} changed since it was labelled")
            out.append(LabelledParagraph(text, _labels_of(record, where, themes), f"{corpus}/{key[0]}", "real",
                                         _context(title, paragraphs, index)))  # type: ignore[arg-type]
    return out


def data_hash(paragraphs: Sequence[LabelledParagraph]) -> str:
    """sha256 over texts and labels, in order: what the manifest records as the training data."""
    digest = hashlib.sha256()
    for p in paragraphs:
        digest.update(p.text.encode("utf-8") + b"\x00" + ",".join(p.labels).encode() + b"\x01")
    return digest.hexdigest()


def sample_weights(paragraphs: Sequence[LabelledParagraph], authored_weight: float = 1.0) -> list[float] | None:
    """Each paragraph's training weight: ``authored_weight`` for seed and authored paragraphs, 1 for real
    ones; None when every weight is 1 (an unweighted fit, as before there was a choice).

    >>> rows = [LabelledParagraph("a", (), "g", "authored"), LabelledParagraph("b", (), "h", "real")]
    >>> sample_weights(rows, 0.5), sample_weights(rows, 1.0)
    ([0.5, 1.0], None)
    """
    if not authored_weight >= 0:
        raise ValueError(f"authored_weight must be a number >= 0, got {authored_weight!r}")
    weights = [1.0 if p.origin == "real" else float(authored_weight) for p in paragraphs]
    return None if all(w == 1.0 for w in weights) else weights


def label_counts(paragraphs: Sequence[LabelledParagraph], themes: Sequence[str] = LABELS) -> dict[str, int]:
    counts = {label: sum(label in p.labels for p in paragraphs) for label in themes}
    counts["none"] = sum(not p.labels for p in paragraphs)
    counts["multi"] = sum(len(p.labels) > 1 for p in paragraphs)
    counts["total"] = len(paragraphs)
    return counts
