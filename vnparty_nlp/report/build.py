"""The report run: read articles as a stream, analyse each, write the tables and the page.

:func:`build_report` reads its inputs with :func:`~vnparty_nlp.corpus.files.iter_article_sources`
(the reader of ``analyze``), so bad inputs are reported the same way: each one is passed to
``on_problem`` with its name and reason and counted, and the others are reported. Articles are
analysed in this process, or on a Dask cluster (``dask=``): then the articles go to the workers in
chunks with a bounded number in flight, and the results come back in input order. Either way,
memory holds the aggregates (counters and heaps) and the chunks in flight, never the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnparty_nlp.report.collect import ArticleRecord

if TYPE_CHECKING:
    from vnparty_nlp.bundle import ModelBundle
    from vnparty_nlp.corpus.files import ArticleSource, InputProblem

__all__ = ["Failed", "ReportCounts", "build_report", "iter_records"]


@dataclass
class ReportCounts:
    """What a run read: ``read`` = ``analysed`` + ``failed``; skipped entries and near-duplicates apart."""

    read: int = 0
    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    paragraphs: int = 0
    written: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Failed:
    """An article that could not be analysed, and why."""

    name: str
    reason: str


def _analyse(bundle: ModelBundle, source: ArticleSource, with_topics: bool) -> ArticleRecord | Failed:
    from vnparty_nlp.errors import ArtifactError
    from vnparty_nlp.report.collect import analyse_source

    try:
        return analyse_source(bundle, source, with_topics)
    except ArtifactError:
        raise  # the models are unusable: the whole run stops, not one article
    except Exception as error:  # one bad article must not stop the run or lose the others
        return Failed(source.name, f"could not be analysed ({type(error).__name__}: {str(error)[:200]})")


def analyse_chunk(sources: list[ArticleSource], models: Path | None, with_topics: bool = True
                  ) -> list[ArticleRecord | Failed]:
    """In a Dask worker: the records of a chunk of articles, with the models of ``models``.

    The models are loaded once per worker process (the same process-wide bundle that
    :mod:`vnparty_nlp.dask` uses) and kept for its next chunks.
    """
    from vnparty_nlp.registry import MODELS

    MODELS.follow(models)
    bundle = MODELS.current()
    return [_analyse(bundle, source, with_topics) for source in sources]


Item = Any  # ArticleSource | InputProblem, from the reader


def iter_records(items: Iterable[Item], bundle: ModelBundle, with_topics: bool = True
                 ) -> Iterator[ArticleRecord | Failed | InputProblem]:
    """Each input analysed in this process, in order; a problem of the reader passes through."""
    from vnparty_nlp.corpus.files import ArticleSource

    for item in items:
        yield _analyse(bundle, item, with_topics) if isinstance(item, ArticleSource) else item


def iter_records_dask(items: Iterable[Item], client: Any, models: Path | None, with_topics: bool = True,
                      chunk_size: int = 16, in_flight: int | None = None
                      ) -> Iterator[ArticleRecord | Failed | InputProblem]:
    """:func:`iter_records` on a Dask cluster: chunks of articles to the workers, results in input order.

    At most ``in_flight`` chunks (default: twice the workers' threads) are out at once, so the
    client holds a bounded number of articles whatever the corpus size.
    """
    from collections import deque

    from vnparty_nlp.corpus.files import ArticleSource

    if in_flight is None:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
        in_flight = max(2, 2 * threads)
    pending: deque[tuple[list[Item], Any]] = deque()  # problems before the chunk, the chunk's future

    def drain_one() -> Iterator[ArticleRecord | Failed | InputProblem]:
        problems, future = pending.popleft()
        yield from problems
        if future is not None:
            yield from future.result()

    chunk: list[ArticleSource] = []
    problems: list[Item] = []
    for item in items:
        if not isinstance(item, ArticleSource):
            if chunk:  # keep input order: a problem goes after the chunk read before it
                pending.append((problems, client.submit(analyse_chunk, chunk, models, with_topics, pure=False)))
                chunk, problems = [], []
            problems.append(item)
            continue
        chunk.append(item)
        if len(chunk) >= chunk_size:
            pending.append((problems, client.submit(analyse_chunk, chunk, models, with_topics, pure=False)))
            chunk, problems = [], []
        while len(pending) >= in_flight:
            yield from drain_one()
    if chunk or problems:
        future = client.submit(analyse_chunk, chunk, models, with_topics, pure=False) if chunk else None
        pending.append((problems, future))
    while pending:
        yield from drain_one()


def _check_out(out: Path) -> None:
    from vnparty_nlp.errors import ReportError

    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out} is a file, not a folder; pass a folder such as --out report")
    if out.is_symlink():
        raise ReportError(f"--out {out} is a symbolic link; pass a real folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"--out {out} cannot be created ({error.strerror or error}); pass a folder you can "
                          "write") from None
    if not os.access(out, os.W_OK):
        raise ReportError(f"--out {out} cannot be written; pass a folder you can write")


def _classifier_line(themes: dict[str, Any]) -> str:
    """The theme classifier in a few words, from its manifest entry.

    >>> _classifier_line({"trained": "2026-11-21", "metrics": {"real_dev": {"model": {"macro_f1": 0.784}}}})
    'one calibrated linear model per theme, trained 2026-11-21; macro F1 0.784 on real paragraphs'
    """
    if not themes:
        return ""
    line = f"one calibrated linear model per theme, trained {themes.get('trained', '?')}"
    model = ((themes.get("metrics") or {}).get("real_dev") or {}).get("model")
    if model and "macro_f1" in model:
        line += f"; macro F1 {model['macro_f1']:.3f} on real paragraphs"
    return line


def _describe_models(bundle: ModelBundle) -> dict[str, Any]:
    manifest = bundle.manifest
    themes = dict(manifest.get("theme_classifier") or {})
    topics = manifest.get("topic_model") or {}
    corpus = topics.get("corpus") or {}
    return {
        "models": "The shipped models" if bundle.shipped else f"The models of {bundle.path.name}/",
        "classifier": _classifier_line(themes),
        "thresholds": dict(themes.get("thresholds") or {}),
        "topic_model": (f"LDA, {topics.get('k', '?')} topics, trained {topics.get('trained', '?')} on "
                        f"{corpus.get('paragraphs', '?')} paragraphs") if topics else "",
    }


def build_report(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    bundle: ModelBundle | None = None,
    dedupe: bool = False,
    max_bytes: int | None = None,
    with_topics: bool = True,
    client: Any = None,
    on_problem: Callable[[str, str], None] | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ReportCounts:
    """Analyse the articles of ``paths`` and write ``index.html`` and the three CSV tables into ``out``.

    ``on_problem(name, reason)`` hears of each input that failed or was skipped (default: nothing);
    ``client``: a ``distributed.Client`` to analyse on a Dask cluster; ``progress`` wraps the
    stream of inputs (a progress bar). Returns the counts; the folder is written even when some
    inputs failed. Raises :class:`~vnparty_nlp.errors.ReportError` for an unusable ``out``.
    """
    from vnparty_nlp.corpus.files import DEFAULT_MAX_BYTES, ArticleSource, InputProblem, iter_article_sources
    from vnparty_nlp.registry import current_models
    from vnparty_nlp.report.aggregate import Aggregates
    from vnparty_nlp.report.html import PageContext, render_page
    from vnparty_nlp.report.tables import Tables
    from vnparty_nlp.themes.labels import LABELS

    out = Path(out)
    inputs = [str(p) for p in paths]
    _check_out(out)
    bundle = bundle if bundle is not None else current_models()
    bundle.require_classifier()
    with_topics = with_topics and bundle.topic_model is not None
    report = on_problem or (lambda name, reason: None)
    counts = ReportCounts()
    items: Iterable[Any] = iter_article_sources(inputs, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    if dedupe:
        from vnparty_nlp.corpus.dedupe import Duplicate, dedupe_sources

        def duplicate(found: Duplicate[Any]) -> None:
            counts.duplicates += 1
            report(found.name, f"skipped, a near-duplicate of {found.of}")

        items = dedupe_sources(items, on_duplicate=duplicate)
    if progress is not None:
        items = progress(items)
    records = (iter_records_dask(items, client, bundle.folder, with_topics) if client is not None
               else iter_records(items, bundle, with_topics))
    themes = tuple(LABELS)
    aggregates = Aggregates(themes)
    tables = Tables(out, themes)
    try:
        for record in records:
            if isinstance(record, InputProblem) and record.skipped:
                counts.skipped += 1
                report(record.name, f"skipped, {record.reason}")
                continue
            counts.read += 1
            if isinstance(record, (InputProblem, Failed)):
                counts.failed += 1
                report(record.name, record.reason)
                continue
            assert not isinstance(record, ArticleSource)
            counts.analysed += 1
            counts.paragraphs += len(record.paragraphs)
            tables.write(record)
            aggregates.add(record)
    except BaseException:
        tables.abort()
        raise
    written = tables.close()
    labels = {t.id: t.label for t in bundle.topics(1)} if with_topics else {}
    described = _describe_models(bundle)
    context = PageContext(themes=themes, topic_labels=labels, thresholds=described["thresholds"],
                          models=described["models"], classifier=described["classifier"],
                          topic_model=described["topic_model"], inputs=inputs, failed=counts.failed,
                          duplicates=counts.duplicates if dedupe else None, with_topics=with_topics)
    page = out / "index.html"
    partial = out / ".index.html.partial"
    partial.write_text(render_page(aggregates, context), encoding="utf-8")
    os.replace(partial, page)
    counts.written = (page, *written)
    return counts
