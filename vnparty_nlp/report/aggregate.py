"""Running totals for the page: counters and bounded heaps, never a list of paragraphs.

:class:`Aggregates` takes :class:`~vnparty_nlp.report.collect.ArticleRecord` objects one at a
time. What it keeps grows with the number of *groups* (years, provinces, sources, figure units)
and never with the number of articles or paragraphs: counts are :class:`~collections.Counter`
entries, the top articles of each theme a heap of at most ``top_n`` entries. Two aggregates of
two halves of a corpus merge into the aggregate of the whole (:meth:`Aggregates.merge`), so a
distributed run can sum them.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from vnparty_nlp.report.collect import NO_SOURCE, ArticleRecord

__all__ = ["DIMENSIONS", "SUMMABLE_KINDS", "Aggregates", "TopArticle"]

#: The groupings of theme shares on the page.
DIMENSIONS = ("year", "province", "source")
#: Figure kinds whose values add up when kind and unit agree (counts and money). Percentages,
#: rates, ratios and multiples do not: they are counted, never summed.
SUMMABLE_KINDS = frozenset({
    "party_members", "new_members", "party_cells", "party_organisations", "organisations_rated", "cadres",
    "trainees", "classes", "villages", "households", "money", "other",
})
EXCERPT_CHARS = 280


def _add_into(target: defaultdict[Any, float], source: dict[Any, float]) -> None:
    """Add ``source``'s sums into ``target``, key by key.

    >>> totals = defaultdict(float, {"a": 1.5}); _add_into(totals, {"a": 1.0, "b": 2.0}); dict(totals)
    {'a': 2.5, 'b': 2.0}
    """
    for key, value in source.items():
        target[key] += value


@dataclass(frozen=True)
class TopArticle:
    """An article that carries a theme strongly, with the evidence of its strongest paragraph."""

    share: float
    mean_score: float
    name: str
    title: str
    date: str | None
    place: str
    paragraphs: int
    paragraph: int
    excerpt: str
    evidence: tuple[tuple[str, float], ...]


class Aggregates:
    """What the page shows, added up article by article (see the module docstring)."""

    def __init__(self, themes: tuple[str, ...], top_n: int = 5) -> None:
        self.themes = themes
        self.top_n = top_n
        self.articles = 0
        self.paragraphs = 0
        self.labelled = 0
        self.dated = 0
        self.figures = 0
        self.theme_paragraphs: Counter[str] = Counter()
        # dimension -> group -> count of paragraphs; dimension -> group -> theme -> paragraphs carrying it
        self.group_paragraphs: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
        self.group_articles: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
        self.group_themes: dict[str, dict[str, Counter[str]]] = {d: defaultdict(Counter) for d in DIMENSIONS}
        # year -> topic -> summed weight; year -> paragraphs with a topic mix
        self.topic_weight: dict[str, defaultdict[int, float]] = defaultdict(lambda: defaultdict(float))
        self.topic_paragraphs: Counter[str] = Counter()
        # (kind, unit) -> mentions, articles, total; and totals by year and by province
        self.figure_mentions: Counter[tuple[str, str]] = Counter()
        self.figure_articles: Counter[tuple[str, str]] = Counter()
        self.figure_total: defaultdict[tuple[str, str], float] = defaultdict(float)
        self.figure_by: dict[str, defaultdict[tuple[str, str], defaultdict[str, float]]] = {
            "year": defaultdict(lambda: defaultdict(float)), "province": defaultdict(lambda: defaultdict(float))}
        self._top: dict[str, list[tuple[tuple[float, float, int], TopArticle]]] = {t: [] for t in themes}
        self._seq = 0

    def add(self, record: ArticleRecord) -> None:
        """Count one article in."""
        self.articles += 1
        self._seq += 1
        self.dated += record.date is not None
        groups = {"year": record.year, "province": record.province, "source": record.source or NO_SOURCE}
        n = len(record.paragraphs)
        self.paragraphs += n
        for dimension, group in groups.items():
            self.group_paragraphs[dimension][group] += n
            self.group_articles[dimension][group] += 1
        seen_units: set[tuple[str, str]] = set()
        for paragraph in record.paragraphs:
            self.labelled += bool(paragraph.labels)
            for theme in paragraph.labels:
                self.theme_paragraphs[theme] += 1
                for dimension, group in groups.items():
                    self.group_themes[dimension][group][theme] += 1
            if paragraph.mix:
                self.topic_paragraphs[record.year] += 1
                weights = self.topic_weight[record.year]
                for topic, weight in paragraph.mix:
                    weights[topic] += weight
            for figure in paragraph.figures:
                self.figures += 1
                key = (figure.kind, figure.unit)
                self.figure_mentions[key] += 1
                seen_units.add(key)
                if figure.kind in SUMMABLE_KINDS:
                    self.figure_total[key] += figure.value
                    self.figure_by["year"][key][record.year] += figure.value
                    self.figure_by["province"][key][record.province] += figure.value
        for key in seen_units:
            self.figure_articles[key] += 1
        if n:
            self._add_top(record)

    def _add_top(self, record: ArticleRecord) -> None:
        for theme in self.themes:
            share = record.shares.get(theme, 0.0)
            if share <= 0:
                continue
            mean = sum(p.scores.get(theme, 0.0) for p in record.paragraphs) / len(record.paragraphs)
            key = (round(share, 6), round(mean, 6), -self._seq)  # ties: the article read first
            heap = self._top[theme]
            if len(heap) == self.top_n and key <= heap[0][0]:
                continue
            best_i, best = max(enumerate(record.paragraphs), key=lambda ip: ip[1].scores.get(theme, 0.0))
            text = best.text if len(best.text) <= EXCERPT_CHARS else best.text[:EXCERPT_CHARS - 1] + "…"
            entry = (key, TopArticle(share, mean, record.name, record.title, record.date, record.place, len(
                record.paragraphs), best_i + 1, text, best.evidence.get(theme, ())))
            if len(heap) < self.top_n:
                heapq.heappush(heap, entry)
            else:
                heapq.heapreplace(heap, entry)

    def top_articles(self, theme: str) -> list[TopArticle]:
        """The articles that carry ``theme`` most (share, then mean score), best first."""
        return [entry for _, entry in sorted(self._top[theme], key=lambda e: e[0], reverse=True)]

    def merge(self, other: Aggregates) -> None:
        """Add ``other`` (the aggregate of other articles) into this one."""
        for name in ("articles", "paragraphs", "labelled", "dated", "figures"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.theme_paragraphs.update(other.theme_paragraphs)
        for dimension in DIMENSIONS:
            self.group_paragraphs[dimension].update(other.group_paragraphs[dimension])
            self.group_articles[dimension].update(other.group_articles[dimension])
            for group, counts in other.group_themes[dimension].items():
                self.group_themes[dimension][group].update(counts)
        for year, weights in other.topic_weight.items():
            _add_into(self.topic_weight[year], weights)
        self.topic_paragraphs.update(other.topic_paragraphs)
        self.figure_mentions.update(other.figure_mentions)
        self.figure_articles.update(other.figure_articles)
        _add_into(self.figure_total, other.figure_total)
        for by in ("year", "province"):
            for key, sums in other.figure_by[by].items():
                _add_into(self.figure_by[by][key], sums)
        offset = self._seq
        for theme in self.themes:
            for (share, mean, seq), entry in other._top[theme]:
                item = ((share, mean, seq - offset), entry)
                heap = self._top[theme]
                if len(heap) < self.top_n:
                    heapq.heappush(heap, item)
                elif item[0] > heap[0][0]:
                    heapq.heapreplace(heap, item)
        self._seq += other._seq

    def shares(self, dimension: str, group: str) -> dict[str, float]:
        """Each theme's share of the group's body paragraphs (0 for a group without paragraphs)."""
        n = self.group_paragraphs[dimension][group]
        counts = self.group_themes[dimension].get(group, Counter())
        return {theme: (counts[theme] / n if n else 0.0) for theme in self.themes}

    def topic_prevalence(self, year: str) -> dict[int, float]:
        """The mean topic weight of the year's paragraphs (those with words the topic model knows)."""
        n = self.topic_paragraphs[year]
        return {topic: weight / n for topic, weight in self.topic_weight.get(year, {}).items()} if n else {}

    def memory_items(self) -> int:
        """How many entries the aggregate holds: grows with groups, not with paragraphs (tested)."""
        return (sum(len(c) for c in self.group_paragraphs.values())
                + sum(len(c) for d in self.group_themes.values() for c in d.values())
                + sum(len(c) for c in self.topic_weight.values()) + len(self.figure_mentions)
                + sum(len(c) for by in self.figure_by.values() for c in by.values())
                + sum(len(h) for h in self._top.values()))
