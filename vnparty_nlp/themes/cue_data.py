"""The guideline's cue words, read from ``data/cues.json`` (no scikit-learn needed)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from vnparty_nlp.themes.labels import LABELS

__all__ = ["cue_phrases", "cue_words"]


@lru_cache(maxsize=1)
def cue_words() -> dict[str, tuple[str, ...]]:
    """Each theme's cue words as written in the guideline (``data/cues.json``)."""
    raw = json.loads(resources.files("vnparty_nlp.themes").joinpath("data/cues.json").read_text("utf-8"))
    return {label: tuple(raw[label]) for label in LABELS}


@lru_cache(maxsize=1)
def cue_phrases() -> dict[str, tuple[str, ...]]:
    """Each theme's cue phrases as token sequences (" "-joined output of ``tokenize``)."""
    from vnparty_nlp.preprocess.tokenize import tokenize

    out = {}
    for label, cues in cue_words().items():
        phrases = {" ".join(tokenize(cue)) for cue in cues}
        out[label] = tuple(sorted(p for p in phrases if p))
    return out
