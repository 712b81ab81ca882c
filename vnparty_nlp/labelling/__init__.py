"""Active labelling: propose the paragraphs the model is least sure of, record the answers.

``vnparty-nlp label`` (:mod:`vnparty_nlp.labelling.command`) drives it:
:mod:`~vnparty_nlp.labelling.paragraphs` reads corpora and article files with
the keys of the project's label format, :mod:`~vnparty_nlp.labelling.selection`
chooses what to label, :mod:`~vnparty_nlp.labelling.session` asks on a terminal
(or any stream), :mod:`~vnparty_nlp.labelling.batch` writes and reads to-label
files for an editor, and :mod:`~vnparty_nlp.labelling.labelfile` appends to the
label file that ``vnparty-nlp train --labels FILE --corpus CORPUS`` reads.
"""

from __future__ import annotations

from vnparty_nlp.labelling.batch import BatchSummary, read_batch, write_batch
from vnparty_nlp.labelling.labelfile import LabelFile, LabellingError, label_record
from vnparty_nlp.labelling.paragraphs import Paragraph, iter_paragraphs, key_of
from vnparty_nlp.labelling.selection import STRATEGIES, Proposal, select, thresholds_of, uncertainty
from vnparty_nlp.labelling.session import Answer, SessionSummary, parse_answer, run_session

__all__ = [
    "STRATEGIES",
    "Answer",
    "BatchSummary",
    "LabelFile",
    "LabellingError",
    "Paragraph",
    "Proposal",
    "SessionSummary",
    "iter_paragraphs",
    "key_of",
    "label_record",
    "parse_answer",
    "read_batch",
    "run_session",
    "select",
    "thresholds_of",
    "uncertainty",
    "write_batch",
]
