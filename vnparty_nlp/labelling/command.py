"""``vnparty-nlp label``: its arguments and what it runs (the logic lives in the other modules)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from vnparty_nlp._checks import positive_int_arg

__all__ = ["DESCRIPTION", "add_arguments", "run"]

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DESCRIPTION = """\
Label paragraphs of your own corpus, the ones the model is least sure of first.

Interactive (on a terminal, or with answers piped to standard input):
  vnparty-nlp label CORPUS... --out labels.jsonl [--blind] [--n 20]
Each answer is appended to --out at once; a new session resumes where the last
stopped (paragraphs already in --out are never proposed again). Answers:
i p c e (ideology, personnel, cell_quality, economics), 1-4, theme names,
- for none, s skip, u undo, q quit; '# text' after an answer is kept as a note.

In an editor:
  vnparty-nlp label CORPUS... --batch todo.jsonl [--out labels.jsonl]
  (fill in each "labels": null with a list of theme names, [] for none)
  vnparty-nlp label --read-batch todo.jsonl --out labels.jsonl

Then: vnparty-nlp train --labels labels.jsonl --corpus CORPUS --out my-models/

Uncertainty is the smallest distance of any theme's probability to that theme's
threshold (from the model folder's manifest); ties go to the earlier paragraph.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``vnparty-nlp label``."""
    parser.add_argument("corpus", nargs="*", metavar="CORPUS",
                        help="JSONL corpus files, article files (.txt/.html), or folders of them")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="the label file answers are appended to (created if missing)")
    parser.add_argument("--strategy", choices=("uncertain", "random"), default="uncertain",
                        help="uncertain: the paragraphs the model is least sure of (default); random: a sample")
    parser.add_argument("--n", type=positive_int_arg, default=20, metavar="N",
                        help="how many paragraphs to propose (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --strategy random (default 0)")
    parser.add_argument("--blind", action="store_true",
                        help="never show the model's suggestion, so that it does not pull your labels")
    parser.add_argument("--exclude", type=Path, action="append", default=[], metavar="FILE",
                        help="another label file whose paragraphs are not proposed either (repeatable)")
    parser.add_argument("--models", type=Path, metavar="DIR",
                        help="a model folder from `vnparty-nlp train` (default: the shipped models)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--batch", type=Path, metavar="TODO",
                      help="write a to-label JSONL file to fill in with an editor, instead of asking")
    mode.add_argument("--read-batch", type=Path, metavar="TODO",
                      help="read a filled-in to-label file and append its labels to --out")


def _say(message: str) -> None:
    print(f"vnparty-nlp label: {message}", file=sys.stderr)


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run ``vnparty-nlp label`` with parsed ``args``; returns the exit code."""
    from vnparty_nlp.labelling.labelfile import LabelFile, LabellingError

    try:
        if args.read_batch is not None:
            return _read_batch(args)
        if not args.corpus:
            _say("no CORPUS given; pass JSONL corpus files, article files or folders")
            return EXIT_USAGE
        if args.batch is None and args.out is None:
            _say("pass --out FILE (the label file answers go to), or --batch TODO to label in an editor")
            return EXIT_USAGE
        labels = LabelFile(args.out) if args.out is not None else None
        return _propose(args, labels, stdin or sys.stdin, stdout or sys.stdout)
    except LabellingError as error:
        _say(str(error))
        return EXIT_FAILED_RECORDS
    except KeyboardInterrupt:
        _say("interrupted" + (f"; every answer given is in {args.out}" if args.out is not None else ""))
        return EXIT_INTERRUPTED


def _read_batch(args: argparse.Namespace) -> int:
    from vnparty_nlp.labelling.batch import read_batch
    from vnparty_nlp.labelling.labelfile import LabelFile

    if args.out is None:
        _say("--read-batch needs --out FILE, the label file to append to")
        return EXIT_USAGE
    labels = LabelFile(args.out)
    summary = read_batch(args.read_batch, labels)
    for message in summary.problems:
        _say(message)
    for message in summary.notices:
        _say(message)
    print(f"lines read: {summary.read}, labels written: {summary.written}, left unlabelled (null): "
          f"{summary.unlabelled}, already in {args.out}: {summary.duplicates}, failed: {len(summary.problems)}",
          file=sys.stderr)
    return EXIT_FAILED_RECORDS if summary.problems else EXIT_OK


def _propose(args: argparse.Namespace, labels: object, stdin: TextIO, stdout: TextIO) -> int:
    from vnparty_nlp.corpus.files import InputProblem
    from vnparty_nlp.labelling.batch import write_batch
    from vnparty_nlp.labelling.labelfile import LabelFile
    from vnparty_nlp.labelling.paragraphs import Paragraph, iter_paragraphs
    from vnparty_nlp.labelling.selection import select
    from vnparty_nlp.labelling.session import run_session

    assert labels is None or isinstance(labels, LabelFile)
    paragraphs: list[Paragraph] = []
    failed = 0
    for item in iter_paragraphs(args.corpus):
        if isinstance(item, InputProblem):
            failed += not item.skipped
            _say(f"{item.name}: {item.reason}")
        else:
            paragraphs.append(item)
    if not paragraphs:
        _say("no paragraphs found in " + ", ".join(map(str, args.corpus)))
        return EXIT_USAGE
    bundle = None
    if args.strategy == "uncertain" or not args.blind:
        from vnparty_nlp.bundle import ModelBundle
        from vnparty_nlp.registry import current_models

        bundle = ModelBundle.load(args.models) if args.models is not None else current_models()
    done = set(labels.labels) if labels is not None else set()
    for other in args.exclude:
        if not other.is_file():
            _say(f"--exclude {other}: no such file")
            return EXIT_USAGE
        done |= set(LabelFile(other).labels)
    proposals = select(paragraphs, strategy=args.strategy, n=args.n, seed=args.seed, bundle=bundle,
                       exclude=done, show_progress=True)
    where = f" in {', '.join(map(str, [*([args.out] if args.out else []), *args.exclude]))}"
    where = where if args.out is not None or args.exclude else ""
    print(f"paragraphs: {len(paragraphs)}, already labelled{where}: {len(done & {p.key for p in paragraphs})}, "
          f"proposed: {len(proposals)} ({args.strategy})", file=sys.stderr)
    if not proposals:
        _say(f"nothing left to label: every paragraph is already{where}")
        return EXIT_FAILED_RECORDS if failed else EXIT_OK
    if args.batch is not None:
        written = write_batch(proposals, args.batch, blind=args.blind)
        print(f"wrote {written} paragraphs to {args.batch}; fill in each \"labels\": null, then run "
              f"vnparty-nlp label --read-batch {args.batch} --out LABELS", file=sys.stderr)
        return EXIT_FAILED_RECORDS if failed else EXIT_OK
    assert labels is not None
    summary = run_session(proposals, labels, stdin, stdout, blind=args.blind)
    print(f"labelled: {summary.labelled}, skipped: {summary.skipped}, undone: {summary.undone}; "
          f"{args.out} holds {len(labels)} labels", file=sys.stderr)
    return EXIT_FAILED_RECORDS if failed else EXIT_OK
