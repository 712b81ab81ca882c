"""The ``vnparty-nlp`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

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

    n_in = n_out = n_failed = 0
    for item in iter_article_sources(args.paths):
        n_in += 1
        if not isinstance(item, ArticleSource):
            n_failed += 1
            print(f"vnparty-nlp analyze: {item.name}: {item.reason}", file=sys.stderr)
            continue
        data = parse_article(item.raw).to_dict()
        data.pop("dropped")
        if args.format == "table":
            _print_article_table(item.name, data, sys.stdout)
        else:
            data["name"] = item.name
            print(json.dumps(data, ensure_ascii=False, indent=2 if args.format == "json" else None))
        n_out += 1
    print(f"articles read: {n_in}, analysed: {n_out}, failed: {n_failed}", file=sys.stderr)
    if n_in == 0:
        print("vnparty-nlp analyze: no articles found; pass .txt/.html files, folders or JSONL", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FAILED_RECORDS if n_failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnparty-nlp",
        description="Tag Vietnamese Party-building news by theme and topic.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="parse articles and show their body paragraphs",
        description="Parse raw articles (plain text or HTML; files, folders or JSONL) and print each "
        "article's metadata and cleaned body paragraphs.",
    )
    analyze.add_argument("paths", nargs="+", help="article files, folders of .txt/.html files, or JSONL files")
    analyze.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    analyze.set_defaults(run=_analyze)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # piped into `head`: not an error
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
