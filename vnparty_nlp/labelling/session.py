"""The interactive labelling session: show a paragraph, read an answer, append it at once.

It reads answers line by line from any text stream and writes to any text
stream, so it runs the same on a terminal, with piped standard input, and in
tests with ``io.StringIO``. An answer is one line:

* themes: letters ``i p c e`` (ideology, personnel, cell_quality, economics),
  numbers ``1 2 3 4`` in the same order, or the theme names; separated by spaces
  or commas, letters may be run together (``pc``);
* ``-`` (or ``none``): none of the four themes;
* ``s``: skip (not written; proposed again in a later session);
* ``u``: undo the last answer of this session (its line is removed from the file)
  and show that paragraph again;
* ``q`` (or end of input): stop; everything answered is already in the file;
* ``?``: help.

Anything after ``#`` is kept as the label's ``"note"``: ``p c # reprimand, not personnel``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

from vnparty_nlp.labelling.labelfile import LabelFile, label_record
from vnparty_nlp.labelling.selection import Proposal
from vnparty_nlp.themes.labels import LABELS

__all__ = ["Answer", "SessionSummary", "parse_answer", "run_session"]

_LETTERS = {label[0]: label for label in LABELS}  # i, p, c, e
_NUMBERS = {str(k): label for k, label in enumerate(LABELS, start=1)}
_COMMANDS = {"s": "skip", "skip": "skip", "u": "undo", "undo": "undo", "q": "quit", "quit": "quit",
             "?": "help", "h": "help", "help": "help"}
HELP = ("answer with the paragraph's themes: i=ideology p=personnel c=cell_quality e=economics "
        "(or 1-4, or the names), - for none; s skip, u undo the last answer, q quit; "
        "'# text' after an answer is kept as a note")
_WIDTH = 100


@dataclass(frozen=True)
class Answer:
    """One parsed answer: ``kind`` is ``labels`` (with ``labels``, maybe empty, and ``note``) or a command."""

    kind: Literal["labels", "skip", "undo", "quit", "help"]
    labels: tuple[str, ...] = ()
    note: str = ""


def parse_answer(line: str) -> Answer:
    """Parse one answer line; a ValueError says what is wrong.

    >>> parse_answer("i p c e").labels
    ('ideology', 'personnel', 'cell_quality', 'economics')
    >>> parse_answer("3, 1").labels
    ('ideology', 'cell_quality')
    >>> parse_answer("pc # discipline of a member")
    Answer(kind='labels', labels=('personnel', 'cell_quality'), note='discipline of a member')
    >>> parse_answer("-")
    Answer(kind='labels', labels=(), note='')
    >>> parse_answer("q").kind
    'quit'
    >>> parse_answer("x")
    Traceback (most recent call last):
    ...
    ValueError: 'x' is not a theme: use i p c e, 1-4, theme names, or - for none (? for help)
    """
    answer, _, note = line.partition("#")
    tokens = answer.replace(",", " ").lower().split()
    note = " ".join(note.split())
    if not tokens:
        raise ValueError("empty answer: give themes, - for none, s to skip, q to quit (? for help)")
    if len(tokens) == 1 and tokens[0] in _COMMANDS and not note:
        return Answer(_COMMANDS[tokens[0]])  # type: ignore[arg-type]
    if tokens in (["-"], ["none"]):
        return Answer("labels", (), note)
    chosen: set[str] = set()
    for token in tokens:
        if token in LABELS:
            chosen.add(token)
        elif set(token) <= set(_LETTERS):
            chosen.update(_LETTERS[letter] for letter in token)
        elif set(token) <= set(_NUMBERS):
            chosen.update(_NUMBERS[digit] for digit in token)
        else:
            raise ValueError(f"{token!r} is not a theme: use i p c e, 1-4, theme names, or - for none (? for help)")
    return Answer("labels", tuple(label for label in LABELS if label in chosen), note)


@dataclass
class SessionSummary:
    """What a session did: answers written (after undos), paragraphs skipped, and whether it was quit early."""

    labelled: int = 0
    skipped: int = 0
    undone: int = 0
    stopped_early: bool = False


def _show(proposal: Proposal, number: int, total: int, blind: bool, out: TextIO) -> None:
    paragraph = proposal.paragraph
    print(f"\n[{number}/{total}] {paragraph.where}", file=out)
    print(textwrap.fill(f"title: {paragraph.title or '-'}", _WIDTH, subsequent_indent="       "), file=out)
    print(textwrap.fill(paragraph.text, _WIDTH, initial_indent="  ", subsequent_indent="  "), file=out)
    result = proposal.result
    if blind or result is None:
        return
    suggested = ", ".join(f"{label} {result.scores[label]:.2f}" for label in result.labels) or "no theme"
    unsure = ""
    if proposal.uncertainty is not None and proposal.closest is not None:
        unsure = f" (closest call: {proposal.closest} {result.scores[proposal.closest]:.2f}, " \
                 f"uncertainty {proposal.uncertainty:.3f})"
    print(f"model suggests: {suggested}{unsure}", file=out)
    for label in result.labels:
        terms = ", ".join(f"{term} {weight:.2f}" for term, weight in result.evidence.get(label, ()))
        print(f"  {label}: {terms or '-'}", file=out)


def run_session(
    proposals: Sequence[Proposal],
    labels: LabelFile,
    stdin: TextIO,
    stdout: TextIO,
    *,
    blind: bool = False,
) -> SessionSummary:
    """Ask for the labels of each proposal in turn, appending each answer to ``labels`` at once.

    ``blind``: show only the title and text, never the model's suggestion,
    scores, evidence or uncertainty, so the answer is not pulled towards the model.
    Proposals already in ``labels`` are passed over.
    """
    summary = SessionSummary()
    history: list[tuple[int, dict[str, object] | None, int, int]] = []  # (proposal, record written, offsets)
    print(HELP, file=stdout)
    position, shown = 0, -1
    while position < len(proposals):
        proposal = proposals[position]
        if proposal.paragraph.key in labels:
            position += 1
            continue
        if shown != position:
            _show(proposal, position + 1, len(proposals), blind, stdout)
            shown = position
        print("themes> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            print(file=stdout)
            summary.stopped_early = True
            break
        try:
            answer = parse_answer(line)
        except ValueError as error:
            print(str(error), file=stdout)
            continue
        if answer.kind == "quit":
            summary.stopped_early = True
            break
        if answer.kind == "help":
            print(HELP, file=stdout)
        elif answer.kind == "skip":
            history.append((position, None, 0, 0))
            summary.skipped += 1
            position += 1
        elif answer.kind == "undo":
            if not history:
                print("nothing to undo in this session", file=stdout)
                continue
            position, record, before, after = history.pop()
            if record is None:
                summary.skipped -= 1
            else:
                labels.undo(record, before, after)
                summary.labelled -= 1
            summary.undone += 1
            print(f"undone: {proposals[position].paragraph.where}", file=stdout)
            shown = -1
        else:
            record = label_record(proposal.paragraph, answer.labels, answer.note)
            before, after = labels.append(record)
            history.append((position, record, before, after))
            summary.labelled += 1
            position += 1
    return summary
