"""pyvi's part-of-speech tagger, read without scikit-learn.

``pyvi.ViPosTagger`` unpickles a ``sklearn_crfsuite.CRF`` when it is imported,
which imports scikit-learn, scipy and joblib (2 s on a cold process) and would
make every ``classify_article`` pay for them. The CRFsuite model inside that
pickle is read here the way the segmenter reads pyvi's (no pyvi code runs) and
tagged with ``pycrfsuite`` directly, with pyvi's own features: the tags are
pyvi's, tested against ``ViPosTagger`` in ``tests/test_extract.py``.
"""

from __future__ import annotations

import string
import threading
from functools import lru_cache
from typing import Any

__all__ = ["pos_tags"]

_FILTERED = frozenset(string.punctuation) | {"\u2026", "\u201d", "\u201c", "\u2019", "..."}
_LOCK = threading.Lock()  # a pycrfsuite Tagger is not safe to share between threads


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import pycrfsuite

    from vnparty_nlp.preprocess.segmenter import _PlainUnpickler, _pyvi_dir

    with (_pyvi_dir() / "models" / "pyvipos3.pkl").open("rb") as handle:
        crf = _PlainUnpickler(handle).load()
    model = bytes(crf.__dict__["modelfile"].__dict__["__FILE_RESOURCE_DATA__"])
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(model)
    # CRFsuite reads the model from this buffer for as long as the tagger lives: keep it alive with it
    # (freed, it crashes the process).
    return tagger, model


def _features(words: list[str], i: int) -> dict[str, Any]:
    """pyvi's ``ViPosTagger.word2features`` for word ``i``, unchanged."""
    word = words[i]
    features: dict[str, Any] = {
        "bias": 1.0,
        "word.lower()": word.lower(),
        "word.istitle()": word.istitle(),
        "word.isdigit()": word.isdigit(),
        "word[:1].isdigit()": word[:1].isdigit(),
        "word[:3].isupper()": word[:3].isupper(),
        "word.isfiltered": word in _FILTERED,
    }
    if i > 0:
        before = words[i - 1]
        features.update({"-1:word.lower()": before.lower(), "-1:word.istitle()": before.istitle(),
                         "-1:word[:1].isdigit()": before[:1].isdigit(), "-1:word[:3].isupper()": before[:3].isupper()})
        if i > 1:
            two = words[i - 2]
            features.update({"-2:word.lower()": two.lower(), "-2:word.istitle()": two.istitle(),
                             "-2:word.isupper()": two.isupper()})
    else:
        features["BOS"] = True
    if i < len(words) - 1:
        after = words[i + 1]
        features.update({"+1:word.lower()": after.lower(), "+1:word.istitle()": after.istitle(),
                         "+1:word[:1].isdigit()": after[:1].isdigit(), "+1:word.isupper()": after.isupper()})
        if i < len(words) - 2:
            two = words[i + 2]
            features.update({"+2:word.lower()": two.lower(), "+2:word.istitle()": two.istitle(),
                             "+2:word.isupper()": two.isupper()})
    else:
        features["EOS"] = True
    return features


def pos_tags(segmented: str) -> list[tuple[str, str]]:
    """``(word, tag)`` pairs of a pyvi-segmented string (words joined by spaces, syllables by ``_``).

    >>> pos_tags("Chi_bộ kết_nạp 2 đảng_viên")[-1]
    ('đảng_viên', 'N')
    """
    words = segmented.split(" ")
    xseq = [_features(words, i) for i in range(len(words))]
    with _LOCK:
        tags = _tagger()[0].tag(xseq)
    return list(zip(words, tags, strict=True))
