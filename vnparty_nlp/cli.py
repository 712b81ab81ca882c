"""The ``vnparty-nlp`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
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
    print(file=out)


def _analyze(args: argparse.Namespace) -> int:
    from vnparty_nlp.corpus.files import ArticleSource, iter_article_sources
    from vnparty_nlp.preprocess.article import parse_article

    n_in = n_out = n_failed = n_skipped = 0
    for item in iter_article_sources(args.paths):
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
                from vnparty_nlp.themes.api import classify_article

                data = classify_article(item.raw).to_dict()
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
    print(f"articles read: {n_in}, analysed: {n_out}, failed: {n_failed}{skipped}", file=sys.stderr)
    if n_in == 0:
        print("vnparty-nlp analyze: no articles found; pass .txt/.html files, folders or JSONL", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED_RECORDS if n_failed else EXIT_OK


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
    from vnparty_nlp import train as train_module
    from vnparty_nlp.themes.evaluate import evaluate_all, format_table

    root = train_module.repository_root()
    data = train_module.collect_training_data((), None, root)
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


def _info(args: argparse.Namespace) -> int:
    from pathlib import Path

    from vnparty_nlp.artifacts import read_manifest, shipped_models_dir

    folder = Path(args.models) if args.models else shipped_models_dir()
    manifest = read_manifest(folder)
    print(f"models: {folder}")
    print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnparty-nlp",
        description="Tag Vietnamese Party-building news by theme and topic.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="parse articles and show their body paragraphs with their themes",
        description="Parse raw articles (plain text or HTML; files, folders or JSONL) and print each "
        "article's metadata, cleaned body paragraphs, each paragraph's themes and the article's theme shares.",
    )
    analyze.add_argument("paths", nargs="+", help="article files, folders of .txt/.html files, or JSONL files")
    analyze.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    analyze.add_argument("--no-themes", action="store_true", help="only parse; do not classify paragraphs")
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
        "development set, for the model, a keyword baseline and the majority baseline. Run inside the "
        "repository (uses seeds/labels and ../shared/corpus when present).",
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.set_defaults(run=_evaluate)

    from vnparty_nlp import train as train_module

    train = commands.add_parser("train", help="retrain the models (the bundled retraining script)",
                                description=train_module.__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    train_module.build_parser(train)
    train.set_defaults(run=train_module.run)

    info = commands.add_parser("info", help="the models' versions, training data and metrics",
                               description="Print the manifest of the models in use.")
    info.add_argument("--models", type=str, default=None, help="a model folder (default: the shipped models)")
    info.set_defaults(run=_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from vnparty_nlp.artifacts import ArtifactError

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
