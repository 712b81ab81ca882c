"""Topic labels: a short name for each topic and the theme it belongs to, if any.

They live in ``topic_labels.json`` next to the model, a file meant to be
edited by hand: training writes suggestions made from each topic's top words,
and a reader replaces them with better names. Because it is plain JSON (loading
it runs no code) it is validated, not pinned by sha256 like the arrays.

The file::

    {"note": "...", "topics": [{"id": 0, "label": "...", "theme": "personnel" or null,
                                "top_words": ["...", ...], "reviewed": true}, ...]}

``reviewed`` is false for a label suggested by training and not yet read by a
person; retraining carries reviewed labels to the topics they still describe
(``vnparty_nlp.training.train.carry_labels``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vnparty_nlp.themes.labels import LABELS

__all__ = ["TopicLabel", "read_topic_labels", "suggest_label", "suggest_theme", "write_topic_labels"]

# A topic maps to a theme when that theme's cue words carry this share of the
# topic's top-word probability and at least twice the next theme's share.
THEME_SHARE = 0.15


@dataclass(frozen=True)
class TopicLabel:
    id: int
    label: str
    theme: str | None


def suggest_label(words: Sequence[str], n: int = 3) -> str:
    """A label made of the top words, syllables spaced.

    >>> suggest_label(["kỷ_luật", "kiểm_tra", "vi_phạm", "đảng_viên"])
    'kỷ luật / kiểm tra / vi phạm'
    """
    return " / ".join(w.replace("_", " ") for w in words[:n])


def suggest_theme(words: Sequence[tuple[str, float]], cue_tokens: Mapping[str, set[str]]) -> str | None:
    """The theme whose cue words hold most of a topic's top-word weight, when it clearly leads.

    >>> suggest_theme([("kết_nạp", 0.1), ("chi_bộ", 0.1), ("xã", 0.1)],
    ...               {"cell_quality": {"kết_nạp", "chi_bộ"}, "economics": {"xã"}})
    'cell_quality'
    """
    total = sum(weight for _, weight in words) or 1.0
    shares = sorted(
        ((sum(w for word, w in words if word in tokens) / total, theme) for theme, tokens in cue_tokens.items()),
        reverse=True,
    )
    if not shares:
        return None
    (best, theme), runner_up = shares[0], (shares[1][0] if len(shares) > 1 else 0.0)
    return theme if best >= THEME_SHARE and best >= 2 * runner_up else None


def theme_cue_tokens() -> dict[str, set[str]]:
    """Each theme's cue words as the topic model's tokens."""
    from vnparty_nlp.themes.cue_data import cue_phrases

    return {theme: {t for phrase in phrases for t in phrase.split()} for theme, phrases in cue_phrases().items()}


def write_topic_labels(path: Path, entries: Sequence[Mapping[str, Any]], note: str | None = None) -> None:
    data: dict[str, Any] = {"note": note} if note else {}
    path.write_text(json.dumps({**data, "topics": list(entries)}, ensure_ascii=False, indent=2) + "\n", "utf-8")


def read_topic_labels(path: Path, n_topics: int) -> tuple[TopicLabel, ...]:
    """The labels of a model with ``n_topics`` topics; a clear error when the file does not fit.

    Read as every file of a model folder is (a regular file inside the folder,
    size-capped; see :mod:`vnparty_nlp.artifacts`), then validated.
    """
    import os

    from vnparty_nlp.artifacts import read_json
    from vnparty_nlp.errors import ArtifactError

    path = Path(path)
    if not os.path.lexists(path):
        return tuple(TopicLabel(k, f"topic {k}", None) for k in range(n_topics))
    hint = f"fix {path} by hand, or delete it to fall back to numbered topics"
    try:
        entries = read_json(path.parent, path.name)["topics"]
        labels = tuple(
            TopicLabel(int(e["id"]), str(e["label"]), None if e.get("theme") is None else str(e["theme"]))
            for e in entries
        )
    except ArtifactError as error:
        raise ArtifactError(f"{path} is not a topic label file ({error}); {hint}") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ArtifactError(f"{path} is not a topic label file ({error!r}); {hint}") from None
    if sorted(label.id for label in labels) != list(range(n_topics)):
        raise ArtifactError(f"{path} must give each topic id 0..{n_topics - 1} exactly once; {hint}")
    for label in labels:
        if label.theme is not None and label.theme not in LABELS:
            raise ArtifactError(f"{path}: topic {label.id} has theme {label.theme!r}, not one of {LABELS}; {hint}")
    return tuple(sorted(labels, key=lambda label: label.id))
