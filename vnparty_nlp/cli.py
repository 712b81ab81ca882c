"""The ``vnparty-nlp`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from vnparty_nlp._checks import positive_int_arg
from vnparty_nlp._version import __version__
from vnparty_nlp.output import FORMATS

__all__ = ["main"]

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE = 0, 1, 2


def _analyze(args: argparse.Namespace) -> int:
    from vnparty_nlp.corpus.files import ArticleSource, iter_article_sources
    from vnparty_nlp.errors import ArtifactError
    from vnparty_nlp.output import make_writer
    from vnparty_nlp.preprocess.article import parse_article
    from vnparty_nlp.progress import progress

    # One bundle for the whole run: themes, topic mixes and topic labels all come from the same models.
    bundle = None if args.no_themes else _bundle(args)

    n_in = n_out = n_failed = n_skipped = n_duplicates = 0
    writer = make_writer(args.format, sys.stdout)
    items: Iterable[Any] = iter_article_sources(args.paths, max_bytes=args.max_bytes)
    if args.dedupe:
        from vnparty_nlp.corpus.dedupe import Duplicate, dedupe_sources

        def report(duplicate: Duplicate[Any]) -> None:
            nonlocal n_duplicates
            n_duplicates += 1
            print(f"vnparty-nlp analyze: {duplicate.name}: skipped, a near-duplicate of {duplicate.of}",
                  file=sys.stderr)

        items = dedupe_sources(items, on_duplicate=report)
    if any(Path(path).is_dir() for path in args.paths):
        items = progress(items, "analysing", unit="article")
    try:
        for item in items:
            if not isinstance(item, ArticleSource) and item.skipped:
                n_skipped += 1
                print(f"vnparty-nlp analyze: {item.name}: skipped, {item.reason}", file=sys.stderr)
                continue
            n_in += 1
            if not isinstance(item, ArticleSource):
                n_failed += 1
                print(f"vnparty-nlp analyze: {item.name}: {item.reason}", file=sys.stderr)
                continue
            try:
                if bundle is None:
                    data = parse_article(item.raw).to_dict()
                else:
                    from vnparty_nlp.themes.api import classify_article_with

                    data = classify_article_with(bundle, item.raw).to_dict()
                    if not args.no_topics:
                        _add_topics(data, bundle)
            except ArtifactError:
                raise  # the models are unusable: a usage error for the whole run, not one bad article
            except Exception as error:  # one bad article must not stop the run or lose the others
                n_failed += 1
                print(f"vnparty-nlp analyze: {item.name}: could not be analysed ({type(error).__name__}: "
                      f"{str(error)[:200]})", file=sys.stderr)
                continue
            data.pop("dropped", None)
            data = {"name": item.name, **data}
            writer.write(data)
            n_out += 1
    finally:
        writer.close()
        skipped = f", skipped (not articles): {n_skipped}" if n_skipped else ""
        skipped += f", near-duplicates skipped: {n_duplicates}" if args.dedupe else ""
        print(f"articles read: {n_in}, analysed: {n_out}, failed: {n_failed}{skipped}", file=sys.stderr)
    if n_in == 0:
        print("vnparty-nlp analyze: no articles found; pass .txt/.html files, folders or JSONL", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED_RECORDS if n_failed else EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from vnparty_nlp.errors import ReportError
    from vnparty_nlp.progress import progress
    from vnparty_nlp.report import build_report

    def problem(name: str, reason: str) -> None:
        print(f"vnparty-nlp report: {name}: {reason}", file=sys.stderr)

    bundle = _bundle(args)
    client = None
    try:
        if args.dask:
            client = _dask_client(args.dask)
            if client is None:
                return EXIT_USAGE
        counts = build_report(args.paths, args.out, bundle=bundle, dedupe=args.dedupe, max_bytes=args.max_bytes,
                              with_topics=not args.no_topics, client=client, on_problem=problem,
                              progress=lambda items: progress(items, "reporting", unit="article"))
    except ReportError as error:
        print(f"vnparty-nlp report: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if client is not None:
            client.close()
    skipped = f", skipped (not articles): {counts.skipped}" if counts.skipped else ""
    skipped += f", near-duplicates skipped: {counts.duplicates}" if args.dedupe else ""
    print(f"articles read: {counts.read}, analysed: {counts.analysed}, failed: {counts.failed}{skipped}",
          file=sys.stderr)
    if counts.read == 0:
        print("vnparty-nlp report: no articles found; pass .txt/.html files, folders or JSONL", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {', '.join(str(path) for path in counts.written)} ({counts.paragraphs:,} paragraphs)",
          file=sys.stderr)
    return EXIT_FAILED_RECORDS if counts.failed else EXIT_OK


def _dask_client(scheduler: str) -> Any:
    """A ``distributed.Client`` for ``--dask``: a scheduler address, or ``local`` for a cluster on this machine."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("vnparty-nlp report: --dask needs Dask: pip install 'vnparty_nlp[dask]'", file=sys.stderr)
        return None
    try:
        if scheduler == "local":
            return Client(LocalCluster(dashboard_address=None, threads_per_worker=1,  # type: ignore[no-untyped-call]
                                       silence_logs=40))
        return Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        print(f"vnparty-nlp report: --dask {scheduler}: cannot reach the scheduler ({error}); pass its address "
              "(tcp://HOST:8786) or 'local'", file=sys.stderr)
        return None


def _bundle(args: argparse.Namespace) -> Any:
    """The models of ``--models DIR``, or the ones in use (the shipped models unless changed)."""
    from vnparty_nlp.registry import current_models, load_models

    folder = getattr(args, "models", None)
    return load_models(folder) if folder else current_models()


def _add_topics(data: dict[str, Any], bundle: Any) -> None:
    """Each paragraph's main topics, and the article's topic mix and main topics (all from ``bundle``)."""
    from vnparty_nlp.topicmodel.api import article_topic_mix, main_topics

    labels = {topic.id: topic.label for topic in bundle.topics(1)}
    mixes = []
    for paragraph in data["paragraphs"]:
        mix = bundle.topic_mix(paragraph["text"])
        mixes.append(mix)
        paragraph["topics"] = [[k, w] for k, w in main_topics(mix)]
    article_mix = article_topic_mix(mixes)
    data["topic_mix"] = [[k, w] for k, w in article_mix]
    data["main_topics"] = [{"id": k, "label": labels[k], "weight": w} for k, w in main_topics(article_mix)]


def _topics(args: argparse.Namespace) -> int:
    bundle = _bundle(args)
    found = bundle.topics(args.n_words)
    if args.json:
        print(json.dumps([topic.to_dict() for topic in found], ensure_ascii=False, indent=2))
    else:
        for topic in found:
            theme = f" [{topic.theme}]" if topic.theme else ""
            print(f"#{topic.id:<2} {topic.label}{theme}")
            print("    " + ", ".join(f"{w.replace('_', ' ')} {p:.3f}" for w, p in topic.words))
    try:
        _draw(args, bundle.require_topic_model(), [label.label for label in bundle.topic_labels])
    except (ImportError, ValueError) as error:
        print(f"vnparty-nlp topics: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _draw(args: argparse.Namespace, model: Any, labels: list[str]) -> None:
    if args.html:
        from vnparty_nlp.topicmodel.plots import write_html

        print(f"wrote {write_html(model, args.html)}", file=sys.stderr)
    if args.png:
        from vnparty_nlp.topicmodel.plots import write_png

        print(f"wrote {write_png(model, args.png, labels, args.n_words)}", file=sys.stderr)


def _classify(args: argparse.Namespace) -> int:
    from vnparty_nlp.corpus.files import not_a_regular_file
    from vnparty_nlp.output import dumps
    from vnparty_nlp.themes.api import _batch_with

    bundle = _bundle(args)
    if args.jsonl:
        return _classify_jsonl(args.jsonl, lambda texts: _batch_with(bundle, texts), args.max_bytes)
    source = f"{args.file}" if args.file is not None else "standard input"
    if args.text is not None:
        text = args.text
    else:
        try:
            if args.file is not None:
                problem = not_a_regular_file(args.file)
                if problem is not None:
                    print(f"vnparty-nlp classify: {args.file}: {problem}; pass a text file", file=sys.stderr)
                    return EXIT_USAGE
                with open(args.file, "rb") as handle:
                    data = handle.read(args.max_bytes + 1)
            else:
                data = sys.stdin.buffer.read(args.max_bytes + 1)
        except OSError as error:
            print(f"vnparty-nlp classify: {source}: {error.strerror or error}", file=sys.stderr)
            return EXIT_USAGE
        if len(data) > args.max_bytes:
            print(f"vnparty-nlp classify: {source} is larger than {args.max_bytes:,} bytes; pass --max-bytes to "
                  "read bigger inputs", file=sys.stderr)
            return EXIT_FAILED_RECORDS
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            print(f"vnparty-nlp classify: {source} is not UTF-8 text ({error.reason} at byte {error.start}); "
                  "convert it to UTF-8", file=sys.stderr)
            return EXIT_FAILED_RECORDS
    print(dumps(_batch_with(bundle, [text])[0].to_dict()))
    return EXIT_OK


#: A batch of --jsonl records is classified once it holds this many characters or records, so memory is
#: bounded by bytes: 120 lines of 10 MB once reached 4 GB when 512 whole records were held.
BATCH_CHARS = 1 << 20
BATCH_RECORDS = 512


def _classify_jsonl(source: str, classify_batch: Any, max_bytes: int) -> int:
    from vnparty_nlp.corpus.files import display_name, iter_capped_lines, not_a_regular_file, parse_record
    from vnparty_nlp.output import dumps

    shown = display_name(source)
    problem = None if source == "-" else not_a_regular_file(source)
    if problem is None:
        try:
            handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
        except OSError as error:
            problem = error.strerror or str(error)
    if problem is not None:
        print(f"vnparty-nlp classify: {shown}: {problem}; pass a JSONL file or - for stdin", file=sys.stderr)
        print("records read: 0, classified: 0, failed: 0", file=sys.stderr)
        return EXIT_USAGE
    n_in = n_failed = n_out = 0
    ids: list[Any] = []
    texts: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal n_out, size
        for record_id, result in zip(ids, classify_batch(texts), strict=True):
            print(dumps({"id": record_id, **result.to_dict()}))
            n_out += 1
        ids.clear()
        texts.clear()
        size = 0

    def fail(number: int, reason: str) -> None:
        nonlocal n_failed
        n_failed += 1
        print(f"vnparty-nlp classify: {shown}:{number}: {reason}", file=sys.stderr)

    try:
        with handle:
            for number, line in iter_capped_lines(handle, max_bytes):
                if line is None:
                    n_in += 1
                    fail(number, f"line larger than {max_bytes:,} bytes: skipped; pass --max-bytes to read it")
                    continue
                if not line.strip():
                    continue
                n_in += 1
                record = parse_record(line)
                if isinstance(record, str):
                    fail(number, record)
                    continue
                if "text" not in record:
                    fail(number, 'no "text" field; each line needs {"id": ..., "text": "..."}')
                    continue
                if not isinstance(record["text"], str):
                    fail(number, f'"text" is {type(record["text"]).__name__}, not a string')
                    continue
                ids.append(record.get("id"))
                texts.append(record["text"])
                size += len(record["text"])
                del record, line
                if size >= BATCH_CHARS or len(texts) >= BATCH_RECORDS:
                    flush()
            flush()
    finally:
        print(f"records read: {n_in}, classified: {n_out}, failed: {n_failed}", file=sys.stderr)
    if n_in == 0:
        print(f"vnparty-nlp classify: {shown}: no records; each line needs {{\"id\": ..., \"text\": \"...\"}}",
              file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED_RECORDS if n_failed else EXIT_OK


AUTHORED_ONLY = ("measured on the repository's seed and authored paragraphs only (../shared/corpus not found): "
                 "text written to teach the model, easier than real articles. These figures are NOT comparable "
                 "with the real-paragraph figures of docs/model-card.md; run beside ../shared/corpus for those.")


def _evaluate(args: argparse.Namespace) -> int:
    from vnparty_nlp.errors import TrainingDataError
    from vnparty_nlp.progress import steps
    from vnparty_nlp.training import train as train_module
    from vnparty_nlp.training.evaluate import evaluate_all, format_table

    root = train_module.repository_root()
    try:
        data = train_module.collect_training_data(args.labels, args.corpus, root)
    except TrainingDataError as error:
        print(f"vnparty-nlp evaluate: {error}", file=sys.stderr)
        return EXIT_FAILED_RECORDS
    for source in data.sources:
        print(f"source: {_relative(source)}", file=sys.stderr)
    authored_only = not data.real and not args.labels
    if args.models:
        return _evaluate_folder(args, data, authored_only)

    from vnparty_nlp.training.dataset import sample_weights

    def make() -> Any:
        return train_module.make_classifier(args.seed, data.labels)

    training = data.mix()
    with steps("evaluating", total=3) as step:
        metrics = evaluate_all(training, bool(data.real), data.real, make, progress=step, labels=data.labels,
                               sample_weight=sample_weights(training, train_module.AUTHORED_WEIGHT))
    measured = "seed and authored paragraphs only" if authored_only else (
        "training data and real paragraphs" if data.real else "the labelled paragraphs given")
    if args.json:
        print(json.dumps({"measured_on": measured, **metrics}, indent=2))
        return EXIT_OK
    if authored_only:
        print(f"NOTE: {AUTHORED_ONLY}\n")
    if metrics["training_cv"]:
        title = "cross-validation grouped by source article, " + (
            "AUTHORED TEXT ONLY (not the real figure)" if authored_only else "the labelled paragraphs given")
        print(format_table(title, metrics["training_cv"]))
        print()
    if metrics["real_dev"]:
        print(format_table("real paragraphs, out-of-fold by article", metrics["real_dev"]))
        for source, block in metrics.get("real_dev_by_source", {}).items():
            print()
            print(format_table(f"of which {source}", block))
    else:
        print("real paragraphs: ../shared/corpus not found, not evaluated")
    return EXIT_OK


def _evaluate_folder(args: argparse.Namespace, data: Any, authored_only: bool) -> int:
    """Score the classifier of ``--models DIR`` as it is (no retraining) on the labelled paragraphs."""
    from vnparty_nlp.themes.api import _batch_with
    from vnparty_nlp.training.classifier import to_indicator
    from vnparty_nlp.training.evaluate import format_table, score

    bundle = _bundle(args)
    paragraphs = data.real or data.mix()
    predicted = []
    from vnparty_nlp.progress import progress

    for chunk_start in progress(range(0, len(paragraphs), 256), "classifying", unit="batch"):
        chunk = paragraphs[chunk_start:chunk_start + 256]
        predicted += [list(r.labels) for r in _batch_with(bundle, [p.text for p in chunk])]
    scores = score(to_indicator([p.labels for p in paragraphs]), to_indicator(predicted))
    measured = "real paragraphs" if data.real else (
        "seed and authored paragraphs only" if authored_only else "the labelled paragraphs given")
    if args.json:
        print(json.dumps({"measured_on": measured, "models": str(args.models), "scores": scores}, indent=2))
        return EXIT_OK
    if authored_only:
        print(f"NOTE: {AUTHORED_ONLY}\n")
    print("NOTE: the folder's models were trained on part of these paragraphs, so these are not held-out "
          "figures.\n" if not args.labels else "", end="")
    print(format_table(f"the models of {args.models} on {measured}", {"model": scores}))
    return EXIT_OK


def _relative(source: str) -> str:
    """A training source as printed: paths under the current folder or its parent shown relative."""
    here = str(Path.cwd())
    for base, prefix in ((here + "/", ""), (str(Path.cwd().parent) + "/", "../")):
        source = source.replace(base, prefix)
    return source


def _train(args: argparse.Namespace) -> int:
    from vnparty_nlp.training.train import build_parser as train_parser
    from vnparty_nlp.training.train import run

    parser = train_parser(argparse.ArgumentParser(prog="vnparty-nlp train", description=_train_doc(),
                                                  formatter_class=argparse.RawDescriptionHelpFormatter))
    return run(parser.parse_args(args.train_args))


def _train_doc() -> str | None:
    from vnparty_nlp.training import train

    return train.__doc__


def _info(args: argparse.Namespace) -> int:
    from vnparty_nlp.artifacts import read_manifest, shipped_models_dir

    folder = Path(args.models) if args.models else shipped_models_dir()
    manifest = read_manifest(folder)
    if args.json:
        print(json.dumps({"models": str(folder), **manifest}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for line in info_lines(manifest, args.models):
        print(line)
    return EXIT_OK


def _label(args: argparse.Namespace) -> int:
    from vnparty_nlp.labelling.command import run

    return run(args)


def info_lines(manifest: dict[str, Any], folder: str | None = None) -> list[str]:
    """A short description of a model folder's manifest: at most 30 lines, no absolute paths.

    >>> info_lines({"versions": {"vnparty_nlp": "0.1.0"}})[:2]
    ['models: the shipped models (installed with vnparty_nlp)', 'built with vnparty_nlp 0.1.0']
    """
    lines = [f"models: {folder}" if folder else "models: the shipped models (installed with vnparty_nlp)"]
    versions = manifest.get("versions", {})
    lines.append("built with " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    themes = manifest.get("theme_classifier")
    if isinstance(themes, dict):
        lines.append(f"theme classifier (trained {themes.get('trained', '?')})")
        lines.append("  themes: " + ", ".join(themes.get("labels", [])))
        thresholds = themes.get("thresholds", {})
        if thresholds:
            lines.append("  thresholds: " + ", ".join(f"{k} {v:g}" for k, v in thresholds.items()))
        counts = themes.get("training_data", {}).get("counts", {})
        if counts:
            lines.append("  trained on: " + ", ".join(f"{part} {c.get('total', 0)}" for part, c in counts.items())
                         + " paragraphs")
        metrics = themes.get("metrics") or {}
        for key, what in (("real_dev", "real paragraphs, out-of-fold by article"),
                          ("training_cv", "training data, cross-validated by article")):
            model = (metrics.get(key) or {}).get("model")
            if model:
                lines.append(f"  macro F1 {model['macro_f1']:.3f} on {what}")
        if not metrics.get("real_dev"):
            lines.append("  (no figure on real paragraphs: trained without ../shared/corpus)")
    topics = manifest.get("topic_model")
    if isinstance(topics, dict):
        lines.append(f"topic model (trained {topics.get('trained', '?')})")
        corpus = topics.get("corpus", {})
        lines.append(f"  {topics.get('k', '?')} topics, {topics.get('vocabulary', '?')} words, trained on "
                     f"{corpus.get('paragraphs', '?')} paragraphs of {corpus.get('articles', '?')} articles")
        coherence = topics.get("coherence") or {}
        if coherence.get("lda"):
            lines.append(f"  coherence c_v {coherence['lda'].get('c_v')} (NMF baseline "
                         f"{coherence.get('nmf_baseline', {}).get('c_v')})")
    lines.append(f"files: {', '.join(sorted(manifest.get('files', {})))}")
    lines.append("everything (sources, parameters, checksums): vnparty-nlp info --json")
    return lines[:30]


def _add_models(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--models", type=str, default=None, metavar="DIR",
                        help="a model folder written by `vnparty-nlp train --out DIR` (default: the shipped models)")


def _size(value: str) -> int:
    from vnparty_nlp.corpus.files import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    from vnparty_nlp.corpus.files import DEFAULT_MAX_BYTES

    parser.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                        help=f"skip (with the reason) any file or JSONL line larger than this (default "
                        f"{DEFAULT_MAX_BYTES // 2**20}M; K, M, G suffixes)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnparty-nlp",
        description="Tag Vietnamese Party-building news by theme and topic.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="parse articles and show their body paragraphs with their themes and topics",
        description="Parse raw articles (plain text or HTML; files, folders or JSONL) and print each "
        "article's metadata, cleaned body paragraphs, each paragraph's themes and main topics, and the "
        "article's theme shares and main topics.",
    )
    analyze.add_argument("paths", nargs="+", help="article files, folders of .txt/.html files, or JSONL files")
    analyze.add_argument("--format", choices=FORMATS, default="table",
                         help="table (default): every paragraph for reading; summary: one line per article "
                         "(themes, topics); json: one JSON document (an array of articles); jsonl: one article "
                         "per line; csv: one row per body paragraph")
    _add_models(analyze)
    _add_max_bytes(analyze)
    analyze.add_argument("--no-themes", action="store_true",
                         help="only parse; do not classify paragraphs or find their topics")
    analyze.add_argument("--no-topics", action="store_true", help="themes only; skip the topic model")
    analyze.add_argument("--dedupe", action="store_true",
                         help="skip an article whose body near-duplicates an earlier one's (the same story twice)")
    analyze.set_defaults(run=_analyze)

    report = commands.add_parser(
        "report",
        help="an offline HTML report and CSV tables of a corpus: themes, topics, key figures",
        description="Analyse a corpus (article files, folders or JSONL) and write into --out DIR: index.html "
        "(one self-contained page: theme shares by year, place and source, topic prevalence over time, the top "
        "articles of each theme with evidence, key figures summed by year and place, a method note) and "
        "paragraphs.csv, figures.csv, articles.csv. Streams: memory does not grow with the corpus.",
    )
    report.add_argument("paths", nargs="+", help="article files, folders of .txt/.html files, or JSONL files")
    report.add_argument("--out", required=True, metavar="DIR",
                        help="the folder to write (created if missing; its other files are kept)")
    _add_models(report)
    _add_max_bytes(report)
    report.add_argument("--dedupe", action="store_true",
                        help="skip an article whose body near-duplicates an earlier one's (the same story twice)")
    report.add_argument("--no-topics", action="store_true", help="skip the topic model")
    report.add_argument("--dask", metavar="SCHEDULER", default=None,
                        help="analyse on a Dask cluster: its scheduler address (tcp://HOST:8786), or 'local' for "
                        "one worker per core here (needs the [dask] extra)")
    report.set_defaults(run=_report)

    classify = commands.add_parser(
        "classify",
        help="themes of a paragraph (argument, --file, stdin, or --jsonl records)",
        description="Print the themes of one paragraph as JSON. With --jsonl, read {\"id\", \"text\"} "
        "lines and write one result per line, keeping the id.",
    )
    classify.add_argument("text", nargs="?", help="the paragraph (default: read standard input)")
    classify.add_argument("--file", type=str, metavar="FILE", help="read the text from FILE")
    classify.add_argument("--jsonl", type=str, metavar="FILE", help="JSONL of {\"id\", \"text\"}; - for stdin")
    _add_models(classify)
    _add_max_bytes(classify)
    classify.set_defaults(run=_classify)

    evaluate = commands.add_parser(
        "evaluate",
        help="per-theme precision, recall, F1 of the model and two baselines",
        description="Cross-validation grouped by source article on the training data, and the real "
        "development set, for the model, a keyword baseline and the majority baseline. By default it runs "
        "on the repository's seeds/labels and ../shared/corpus when present; --labels evaluates on yours.",
    )
    evaluate.add_argument("--labels", action="append", type=Path, default=[],
                          help="labelled paragraphs to evaluate on (as for train); default: the repository's")
    evaluate.add_argument("--corpus", action="append", type=Path, default=[],
                          help="corpus that keyed labels refer to (default: ../shared/corpus)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--models", type=str, default=None, metavar="DIR",
                          help="score the classifier of this model folder as it is, without retraining "
                          "(default: cross-validate freshly trained models)")
    evaluate.set_defaults(run=_evaluate)

    topics = commands.add_parser(
        "topics",
        help="the topic model's topics; --html and --png draw them",
        description="Print each topic's label, theme and top words. --html writes an interactive pyLDAvis "
        "page, --png a grid of top-word bar charts (both need the [viz] extra).",
    )
    topics.add_argument("--n-words", type=positive_int_arg, default=10, help="top words per topic (default 10)")
    topics.add_argument("--json", action="store_true", help="print the topics as JSON")
    topics.add_argument("--html", type=str, metavar="FILE", help="write the pyLDAvis page to FILE")
    topics.add_argument("--png", type=str, metavar="FILE", help="write the top-word bar charts to FILE")
    _add_models(topics)
    topics.set_defaults(run=_topics)

    # The training code (and scikit-learn, gensim) is imported only when `train` runs: its own
    # parser reads the arguments, so `vnparty-nlp train --help` is the full help.
    train = commands.add_parser("train", help="retrain the models (the bundled retraining script)",
                                add_help=False, description="Retrain the models; see `vnparty-nlp train --help`.")
    train.add_argument("train_args", nargs=argparse.REMAINDER)
    train.set_defaults(run=_train)

    from vnparty_nlp.labelling.command import DESCRIPTION, add_arguments

    label = commands.add_parser("label", help="label your own paragraphs, the ones the model is least sure of first",
                                description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(label)
    label.set_defaults(run=_label)

    info = commands.add_parser("info", help="the models' versions, training data and metrics",
                               description="Describe the models in use in a few lines; --json prints the whole "
                               "manifest.")
    _add_models(info)
    info.add_argument("--json", action="store_true", help="print the whole manifest as JSON")
    info.set_defaults(run=_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if arguments[:1] == ["train"]:
        # `train` has its own parser (in the training package, imported only now).
        args = argparse.Namespace(command="train", run=_train, train_args=arguments[1:])
    else:
        args = parser.parse_args(arguments)
    from vnparty_nlp.errors import ArtifactError

    try:
        code: int = args.run(args)
    except BrokenPipeError:  # piped into `head`: not an error
        return EXIT_OK
    except ArtifactError as error:
        print(f"vnparty-nlp {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
