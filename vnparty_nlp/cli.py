"""The ``vnparty-nlp`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from vnparty_nlp._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE = 0, 1, 2


def _print_article_table(name: str, article_dict: dict[str, object], out: TextIO) -> None:
    print(f"== {name}", file=out)
    for key in ("title", "date", "byline", "source"):
        print(f"{key:>8}: {article_dict.get(key) or '-'}", file=out)
    paragraphs = article_dict["paragraphs"]
    assert isinstance(paragraphs, list)
    for number, paragraph in enumerate(paragraphs, start=1):
        if isinstance(paragraph, dict):
            themes = ", ".join(f"{t} {paragraph['scores'][t]:.2f}" for t in paragraph["labels"]) or "no theme"
            topics = ", ".join(f"#{t} {w:.2f}" for t, w in paragraph.get("topics", [])[:2])
            print(f"  [{number}] {themes}" + (f" | topics {topics}" if topics else ""), file=out)
            print(f"      {paragraph['text']}", file=out)
        else:
            print(f"  [{number}] {paragraph}", file=out)
    shares = article_dict.get("theme_shares")
    if isinstance(shares, dict):
        print("  themes: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()), file=out)
    main = article_dict.get("main_topics")
    if isinstance(main, list) and main:
        print("  topics: " + ", ".join(f"#{t['id']} {t['label']} {t['weight']:.0%}" for t in main), file=out)
    print(file=out)


def _analyze(args: argparse.Namespace) -> int:
    from vnparty_nlp.corpus.files import ArticleSource, iter_article_sources
    from vnparty_nlp.errors import ArtifactError
    from vnparty_nlp.preprocess.article import parse_article
    from vnparty_nlp.registry import current_models

    # One bundle for the whole run: themes, topic mixes and topic labels all come from the same models.
    bundle = None if args.no_themes else current_models()

    n_in = n_out = n_failed = n_skipped = n_duplicates = 0
    items: Iterable[Any] = iter_article_sources(args.paths)
    if args.dedupe:
        from vnparty_nlp.corpus.dedupe import Duplicate, dedupe_sources

        def report(duplicate: Duplicate[Any]) -> None:
            nonlocal n_duplicates
            n_duplicates += 1
            print(f"vnparty-nlp analyze: {duplicate.name}: skipped, a near-duplicate of {duplicate.of}",
                  file=sys.stderr)

        items = dedupe_sources(items, on_duplicate=report)
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
            if args.no_themes:
                data = parse_article(item.raw).to_dict()
            else:
                from vnparty_nlp.themes.api import classify_article_with

                assert bundle is not None
                data = classify_article_with(bundle, item.raw).to_dict()
                if not args.no_topics:
                    _add_topics(data, bundle)
        except ArtifactError:
            raise  # the models are unusable: a usage error for the whole run, not one bad article
        except Exception as error:  # one bad article must not stop the run or lose the others
            n_failed += 1
            print(f"vnparty-nlp analyze: {item.name}: could not be analysed ({type(error).__name__}: {error})",
                  file=sys.stderr)
            continue
        data.pop("dropped")
        if args.format == "table":
            _print_article_table(item.name, data, sys.stdout)
        else:
            data["name"] = item.name
            print(json.dumps(data, ensure_ascii=False, indent=2 if args.format == "json" else None))
        n_out += 1
    skipped = f", skipped (not articles): {n_skipped}" if n_skipped else ""
    skipped += f", near-duplicates skipped: {n_duplicates}" if args.dedupe else ""
    print(f"articles read: {n_in}, analysed: {n_out}, failed: {n_failed}{skipped}", file=sys.stderr)
    if n_in == 0:
        print("vnparty-nlp analyze: no articles found; pass .txt/.html files, folders or JSONL", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED_RECORDS if n_failed else EXIT_OK


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
    from vnparty_nlp.registry import current_models, load_models

    bundle = load_models(args.models) if args.models else current_models()
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
    from vnparty_nlp.themes.api import classify, classify_batch

    if args.jsonl:
        return _classify_jsonl(args.jsonl, classify_batch)
    source = "the file" if args.file is not None else "standard input"
    try:
        if args.text is not None:
            text = args.text
        elif args.file is not None:
            text = args.file.read()
        else:
            text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        print(f"vnparty-nlp classify: {source} is not UTF-8 text ({error.reason} at byte {error.start}); "
              "convert it to UTF-8", file=sys.stderr)
        return EXIT_FAILED_RECORDS
    print(json.dumps(classify(text).to_dict(), ensure_ascii=False))
    return EXIT_OK


def _classify_jsonl(source: str, classify_batch: Any) -> int:
    try:
        handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as error:
        print(f"vnparty-nlp classify: {source}: {error.strerror or error}; pass a JSONL file or - for stdin",
              file=sys.stderr)
        return EXIT_USAGE
    n_in = n_failed = n_out = 0
    ids: list[Any] = []
    texts: list[str] = []

    def flush() -> None:
        nonlocal n_out
        for record_id, result in zip(ids, classify_batch(texts), strict=True):
            print(json.dumps({"id": record_id, **result.to_dict()}, ensure_ascii=False))
            n_out += 1
        ids.clear()
        texts.clear()

    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            n_in += 1
            reason = None
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as error:
                reason = f"not UTF-8 text ({error.reason} at byte {error.start} of the line)"
            except json.JSONDecodeError as error:
                reason = f"not valid JSON ({error.msg} at column {error.colno})"
            else:
                if not isinstance(record, dict):
                    reason = f'expected an object with a "text" string, got a JSON {type(record).__name__}'
                elif "text" not in record:
                    reason = 'no "text" field; each line needs {"id": ..., "text": "..."}'
                elif not isinstance(record["text"], str):
                    reason = f'"text" is {type(record["text"]).__name__}, not a string'
            if reason is not None:
                n_failed += 1
                print(f"vnparty-nlp classify: {source}:{number}: {reason}", file=sys.stderr)
                continue
            ids.append(record.get("id"))
            texts.append(record["text"])
            if len(texts) >= 512:
                flush()
    flush()
    print(f"records read: {n_in}, classified: {n_out}, failed: {n_failed}", file=sys.stderr)
    if n_in == 0:
        print(f"vnparty-nlp classify: {source}: no records; each line needs {{\"id\": ..., \"text\": \"...\"}}",
              file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED_RECORDS if n_failed else EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from vnparty_nlp.errors import TrainingDataError
    from vnparty_nlp.training import train as train_module
    from vnparty_nlp.training.evaluate import evaluate_all, format_table

    root = train_module.repository_root()
    try:
        data = train_module.collect_training_data(args.labels, args.corpus, root)
    except TrainingDataError as error:
        print(f"vnparty-nlp evaluate: {error}", file=sys.stderr)
        return EXIT_FAILED_RECORDS
    for source in data.sources:
        print(f"source: {source}", file=sys.stderr)

    def make() -> Any:
        return train_module.make_classifier(args.seed)

    metrics = evaluate_all(data.mix(), bool(data.real), data.real, make)
    if args.json:
        print(json.dumps(metrics, indent=2))
        return EXIT_OK
    print(format_table("(a) cross-validation grouped by source article, training data", metrics["training_cv"]))
    print()
    if metrics["real_dev"]:
        print(format_table("(b) real development set (out-of-fold by article)", metrics["real_dev"]))
    else:
        print("(b) real development set: ../shared/corpus not found, not evaluated")
    return EXIT_OK


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
    print(f"models: {folder}")
    print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return EXIT_OK


def _label(args: argparse.Namespace) -> int:
    from vnparty_nlp.labelling.command import run

    return run(args)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


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
    analyze.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    analyze.add_argument("--no-themes", action="store_true",
                         help="only parse; do not classify paragraphs or find their topics")
    analyze.add_argument("--no-topics", action="store_true", help="themes only; skip the topic model")
    analyze.add_argument("--dedupe", action="store_true",
                         help="skip an article whose body near-duplicates an earlier one's (the same story twice)")
    analyze.set_defaults(run=_analyze)

    classify = commands.add_parser(
        "classify",
        help="themes of a paragraph (argument, --file, stdin, or --jsonl records)",
        description="Print the themes of one paragraph as JSON. With --jsonl, read {\"id\", \"text\"} "
        "lines and write one result per line, keeping the id.",
    )
    classify.add_argument("text", nargs="?", help="the paragraph (default: read standard input)")
    classify.add_argument("--file", type=argparse.FileType("r", encoding="utf-8"), help="read the text from FILE")
    classify.add_argument("--jsonl", type=str, metavar="FILE", help="JSONL of {\"id\", \"text\"}; - for stdin")
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
    evaluate.set_defaults(run=_evaluate)

    topics = commands.add_parser(
        "topics",
        help="the topic model's topics; --html and --png draw them",
        description="Print each topic's label, theme and top words. --html writes an interactive pyLDAvis "
        "page, --png a grid of top-word bar charts (both need the [viz] extra).",
    )
    topics.add_argument("--n-words", type=_positive_int, default=10, help="top words per topic (default 10)")
    topics.add_argument("--json", action="store_true", help="print the topics as JSON")
    topics.add_argument("--html", type=str, metavar="FILE", help="write the pyLDAvis page to FILE")
    topics.add_argument("--png", type=str, metavar="FILE", help="write the top-word bar charts to FILE")
    topics.add_argument("--models", type=str, default=None, help="a model folder (default: the shipped models)")
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
                               description="Print the manifest of the models in use.")
    info.add_argument("--models", type=str, default=None, help="a model folder (default: the shipped models)")
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
