"""The cue words of each theme, read from ``data/cues.json`` (no scikit-learn needed).

Two lists: ``"guideline"`` (``cues.json``, the guideline's cue words: the
keyword baseline and the default cue features) and ``"refined"``
(``cues_refined.json``: without words that also occur in passing; a choice of
the classifier's cue features, ``ThemeClassifier(cue_list="refined")``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from vnparty_nlp.themes.labels import LABELS

__all__ = ["CUE_LISTS", "cue_phrases", "cue_words"]

CUE_LISTS = {"guideline": "data/cues.json", "refined": "data/cues_refined.json"}


def _check(cue_list: str) -> str:
    if cue_list not in CUE_LISTS:
        raise ValueError(f"cue_list must be one of {', '.join(map(repr, CUE_LISTS))}, got {cue_list!r}")
    return CUE_LISTS[cue_list]


@lru_cache(maxsize=len(CUE_LISTS))
def cue_words(cue_list: str = "guideline") -> dict[str, tuple[str, ...]]:
    """Each theme's cue words as written (``data/cues.json``, or ``cues_refined.json`` for ``"refined"``)."""
    raw = json.loads(resources.files("vnparty_nlp.themes").joinpath(_check(cue_list)).read_text("utf-8"))
    return {label: tuple(raw[label]) for label in LABELS}


@lru_cache(maxsize=len(CUE_LISTS))
def cue_phrases(cue_list: str = "guideline") -> dict[str, tuple[str, ...]]:
    """Each theme's cue phrases as token sequences (" "-joined output of ``tokenize``)."""
    from vnparty_nlp.preprocess.tokenize import tokenize

    out = {}
    for label, cues in cue_words(cue_list).items():
        phrases = {" ".join(tokenize(cue)) for cue in cues}
        out[label] = tuple(sorted(p for p in phrases if p))
    return out
