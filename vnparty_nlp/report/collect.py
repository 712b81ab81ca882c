"""One article in, one :class:`ArticleRecord` out: everything the report needs from it.

A record is plain data (frozen dataclasses of strings, numbers and the
:mod:`vnparty_nlp.extract` results), so it pickles cheaply to and from Dask
workers. The article's text is analysed once, by :func:`classify_article_with`
(themes, figures, places, organisations per paragraph) and the topic model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnparty_nlp.extract import Figure, Organisation, Place

if TYPE_CHECKING:
    from vnparty_nlp.bundle import ModelBundle
    from vnparty_nlp.corpus.files import ArticleSource

__all__ = ["NO_DATE", "NO_PLACE", "NO_SOURCE", "ArticleRecord", "ParagraphRecord", "analyse_source",
           "article_place", "year_of"]

#: The group of an article that names no place (and of one without a date, for years).
NO_PLACE = "(no place named)"
NO_DATE = "(no date)"
NO_SOURCE = "(no source)"


@dataclass(frozen=True)
class ParagraphRecord:
    """One body paragraph: themes (labels, scores, evidence), topics, and what was extracted."""

    text: str
    labels: tuple[str, ...]
    scores: dict[str, float]
    evidence: dict[str, tuple[tuple[str, float], ...]]
    mix: tuple[tuple[int, float], ...]
    topics: tuple[tuple[int, float], ...]
    figures: tuple[Figure, ...]
    places: tuple[Place, ...]
    organisations: tuple[Organisation, ...]


@dataclass(frozen=True)
class ArticleRecord:
    """An analysed article: metadata, its place, its paragraphs, theme shares and main topics.

    ``place`` is the place it names most often (any level, with its administrative word);
    ``province`` the province (name before the 2025 merger) it names most often, directly or
    through a district or commune the gazetteer knows; both are :data:`NO_PLACE` when none.
    """

    name: str
    title: str
    date: str | None
    source: str
    byline: str
    place: str
    province: str
    paragraphs: tuple[ParagraphRecord, ...]
    shares: dict[str, float]
    main_topics: tuple[tuple[int, float], ...]

    @property
    def year(self) -> str:
        return year_of(self.date)


def year_of(date: str | None) -> str:
    """The year of an ISO date, or :data:`NO_DATE`.

    >>> year_of("2019-12-30"), year_of(None)
    ('2019', '(no date)')
    """
    return date[:4] if date else NO_DATE


def article_place(places: list[Place]) -> tuple[str, str]:
    """The place an article names most, and the province it names most (ties: the first named).

    >>> from vnparty_nlp.extract import extract_places
    >>> article_place(extract_places("Huyện Đắk Song, tỉnh Đắk Nông. Huyện Đắk Song và xã Trường Xuân."))
    ('huyện Đắk Song', 'Đắk Nông')
    >>> article_place([])
    ('(no place named)', '(no place named)')
    """
    named = Counter(place.full for place in places)
    provinces = Counter(p.province or (p.name if p.level == "province" else "") for p in places)
    provinces.pop("", None)
    place = max(named, key=lambda k: named[k], default=NO_PLACE)  # max keeps the first of equals
    province = max(provinces, key=lambda k: provinces[k], default=NO_PLACE)
    return place, province


def analyse_source(bundle: ModelBundle, source: ArticleSource, with_topics: bool = True) -> ArticleRecord:
    """Parse, classify, topic-model and extract one article (errors propagate to the caller)."""
    from vnparty_nlp.extract import extract_places
    from vnparty_nlp.themes.api import classify_article_with
    from vnparty_nlp.topicmodel.api import article_topic_mix, main_topics

    themes = classify_article_with(bundle, source.raw)
    article = themes.article
    paragraphs = []
    mixes = []
    for i, (text, result) in enumerate(zip(article.paragraphs, themes.paragraphs, strict=True)):
        mix = bundle.topic_mix(text) if with_topics else []
        mixes.append(mix)
        paragraphs.append(ParagraphRecord(
            text, result.labels, result.scores, result.evidence, tuple(mix), tuple(main_topics(mix)),
            themes.figures[i] if themes.figures else (), themes.places[i] if themes.places else (),
            themes.organisations[i] if themes.organisations else ()))
    places = extract_places(article.title) if article.title else []
    places += [place for paragraph in paragraphs for place in paragraph.places]
    place, province = article_place(places)
    return ArticleRecord(
        name=source.name, title=article.title or "", date=article.date.isoformat() if article.date else None,
        source=article.source or source.origin or "", byline=article.byline or "", place=place, province=province,
        paragraphs=tuple(paragraphs), shares=dict(themes.shares),
        main_topics=tuple(main_topics(article_topic_mix(mixes))))
