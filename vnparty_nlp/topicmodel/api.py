"""``topics`` and ``topic_mix`` with the pretrained topic model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vnparty_nlp._checks import check_int, check_str
from vnparty_nlp.registry import MODELS

if TYPE_CHECKING:
    from vnparty_nlp.bundle import ModelBundle

__all__ = [
    "ThemeTopics",
    "Topic",
    "article_topic_mix",
    "group_by_theme",
    "main_topics",
    "topic_mix",
    "topic_mix_by_theme",
    "topics",
]

# A paragraph's or an article's "main" topics: the heaviest, down to this weight.
MAIN_TOPIC_WEIGHT = 0.15
MAIN_TOPICS = 3


@dataclass(frozen=True)
class Topic:
    """One topic of the model: its id, a short label, the theme it maps to (or None), its top words."""

    id: int
    label: str
    theme: str | None
    words: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.id, "label": self.label, "theme": self.theme,
                "words": [[word, weight] for word, weight in self.words]}


@dataclass(frozen=True)
class ThemeTopics:
    """One theme of a two-level topic mix: the theme (None: topics of no theme), its weight, its topics.

    ``weight`` is the sum of its topics' weights; ``topics`` are ``(topic id,
    weight)`` pairs, highest first.
    """

    theme: str | None
    weight: float
    topics: tuple[tuple[int, float], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"theme": self.theme, "weight": self.weight, "topics": [[k, w] for k, w in self.topics]}


def group_by_theme(mix: list[tuple[int, float]], themes: dict[int, str | None]) -> list[ThemeTopics]:
    """A topic mix grouped by the theme each topic maps to: themes heaviest first, then their topics.

    >>> group_by_theme([(2, 0.5), (0, 0.3), (1, 0.2)], {0: "economics", 1: None, 2: "economics"})
    [ThemeTopics(theme='economics', weight=0.8, topics=((2, 0.5), (0, 0.3))), \
ThemeTopics(theme=None, weight=0.2, topics=((1, 0.2),))]
    """
    groups: dict[str | None, list[tuple[int, float]]] = {}
    for k, w in mix:
        groups.setdefault(themes.get(k), []).append((k, w))
    out = [ThemeTopics(theme, round(sum(w for _, w in members), 6), tuple(members))
           for theme, members in groups.items()]
    return sorted(out, key=lambda group: -group.weight)  # stable: a tie keeps the order of the mix


def topic_mix_by_theme(text: str) -> list[ThemeTopics]:
    """The two-level view of :func:`topic_mix`: themes (by ``topic_labels.json``), then their topics.

    Topics that map to no theme are grouped under ``theme=None``. ``[]`` when
    ``topic_mix`` is empty.
    """
    bundle = MODELS.current()
    return group_by_theme(_topic_mix_with(bundle, text), {label.id: label.theme for label in bundle.topic_labels})


def topics(n_words: int = 10) -> list[Topic]:
    """The shipped (or loaded) model's topics, each with its ``n_words`` most probable words."""
    return _topics_with(MODELS.current(), n_words)


def _topics_with(bundle: ModelBundle, n_words: int) -> list[Topic]:
    check_int(n_words, "n_words")
    model, labels = bundle.require_topic_model(), bundle.topic_labels
    return [
        Topic(label.id, label.label, label.theme,
              tuple((w, round(p, 6)) for w, p in model.top_words(label.id, n_words)))
        for label in labels
    ]


def topic_mix(text: str) -> list[tuple[int, float]]:
    """The topic distribution of a text: ``(topic id, weight)`` pairs, highest first.

    Weights are rounded to 6 decimals and sum to 1 (within float error). An empty
    text, or one with no word the model knows, gives ``[]``. The same text
    always gives the same mix.
    """
    return _topic_mix_with(MODELS.current(), text)


def _topic_mix_with(bundle: ModelBundle, text: str) -> list[tuple[int, float]]:
    check_str(text, "topic_mix")
    model = bundle.require_topic_model()
    mix = [(k, round(w, 6)) for k, w in model.topic_mix(text)]
    if mix:
        # Rounding 14 weights can leave the sum a few millionths off 1; the heaviest absorbs it.
        top, weight = mix[0]
        mix[0] = (top, round(weight + 1.0 - sum(w for _, w in mix), 6))
        mix.sort(key=lambda kw: -kw[1])  # stable: a tie keeps the model's order
    return mix


def main_topics(mix: list[tuple[int, float]], n: int = MAIN_TOPICS) -> list[tuple[int, float]]:
    """The heaviest topics of a mix (at most ``n``, each weighing at least 0.15).

    >>> main_topics([(2, 0.6), (0, 0.3), (1, 0.1)])
    [(2, 0.6), (0, 0.3)]
    """
    return [(k, w) for k, w in mix[:n] if w >= MAIN_TOPIC_WEIGHT]


def article_topic_mix(mixes: list[list[tuple[int, float]]]) -> list[tuple[int, float]]:
    """An article's topic mix: the mean of its paragraphs' mixes (those with known words), highest first.

    >>> article_topic_mix([[(0, 0.8), (1, 0.2)], [(1, 1.0), (0, 0.0)], []])
    [(1, 0.6), (0, 0.4)]
    """
    totals: dict[int, float] = {}
    counted = [mix for mix in mixes if mix]
    for mix in counted:
        for k, w in mix:
            totals[k] = totals.get(k, 0.0) + w
    return sorted(((k, round(w / len(counted), 6)) for k, w in totals.items()), key=lambda kw: (-kw[1], kw[0]))
