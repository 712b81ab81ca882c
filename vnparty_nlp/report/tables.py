"""``paragraphs.csv``, ``figures.csv`` and ``articles.csv``, written row by row as articles come.

Each file is written under a hidden temporary name in the output folder and renamed into place
by :meth:`Tables.close`, so a run that stops half-way never leaves a table that looks complete.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import IO, Any

from vnparty_nlp.report.aggregate import SUMMABLE_KINDS
from vnparty_nlp.report.collect import ArticleRecord

__all__ = ["TABLES", "Tables", "article_columns", "figure_columns", "paragraph_columns"]

TABLES = ("paragraphs.csv", "figures.csv", "articles.csv")


def paragraph_columns(themes: tuple[str, ...]) -> list[str]:
    """The header of ``paragraphs.csv``.

    >>> paragraph_columns(("ideology",))[:6]
    ['article', 'title', 'date', 'place', 'province', 'paragraph']
    """
    return ["article", "title", "date", "place", "province", "paragraph", "text", "labels",
            *(f"score_{t}" for t in themes), "topics", "figures", "places", "organisations"]


def figure_columns() -> list[str]:
    """The header of ``figures.csv``."""
    return ["article", "title", "date", "place", "province", "paragraph", "value", "of", "unit", "kind",
            "qualifier", "summable", "text", "start", "end"]


def article_columns(themes: tuple[str, ...]) -> list[str]:
    """The header of ``articles.csv``."""
    return ["article", "title", "date", "source", "byline", "place", "province", "paragraphs",
            *(f"share_{t}" for t in themes), "main_topics", "figures", "organisations"]


def _number(value: float | None) -> str:
    """
    >>> _number(1857.0), _number(76.5), _number(None)
    ('1857', '76.5', '')
    """
    return "" if value is None else f"{value:g}" if abs(value) < 1e15 else repr(value)


def _topics(pairs: tuple[tuple[int, float], ...]) -> str:
    return ";".join(f"{k}:{w:.3f}" for k, w in pairs)


class Tables:
    """The three CSV writers of one report; :meth:`write` adds one article's rows to each."""

    def __init__(self, out: Path, themes: tuple[str, ...]) -> None:
        self.out = out
        self.themes = themes
        self._handles: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        headers = {"paragraphs.csv": paragraph_columns(themes), "figures.csv": figure_columns(),
                   "articles.csv": article_columns(themes)}
        try:
            for name, header in headers.items():
                handle = open(self._partial(name), "w", encoding="utf-8", newline="")  # noqa: SIM115
                self._handles[name] = handle
                self._writers[name] = csv.writer(handle, lineterminator="\n")
                self._writers[name].writerow(header)
        except BaseException:
            self.abort()
            raise

    def _partial(self, name: str) -> Path:
        return self.out / f".{name}.partial"

    def write(self, record: ArticleRecord) -> None:
        from vnparty_nlp.output import extracted_cells

        rows = self._writers["paragraphs.csv"]
        figures = self._writers["figures.csv"]
        meta = [record.name, record.title, record.date or "", record.place, record.province]
        n_figures = 0
        organisations: dict[str, None] = {}
        for number, p in enumerate(record.paragraphs, start=1):
            cells = extracted_cells({"figures": [f.to_dict() for f in p.figures],
                                     "places": [pl.to_dict() for pl in p.places],
                                     "organisations": [o.to_dict() for o in p.organisations]})
            rows.writerow([*meta, number, p.text, ";".join(p.labels),
                           *(f"{p.scores.get(t, 0.0):.4f}" for t in self.themes), _topics(p.topics), *cells])
            for f in p.figures:
                n_figures += 1
                figures.writerow([*meta, number, _number(f.value), _number(f.of), f.unit, f.kind, f.qualifier,
                                  "yes" if f.kind in SUMMABLE_KINDS else "no", f.text, f.start, f.end])
            organisations.update(dict.fromkeys(o.text for o in p.organisations))
        self._writers["articles.csv"].writerow([
            record.name, record.title, record.date or "", record.source, record.byline, record.place,
            record.province, len(record.paragraphs), *(f"{record.shares.get(t, 0.0):.4f}" for t in self.themes),
            _topics(record.main_topics), n_figures, "; ".join(organisations)])

    def close(self) -> list[Path]:
        """Finish the files and move them into place; returns their paths."""
        for handle in self._handles.values():
            handle.close()
        written = []
        for name in self._handles:
            os.replace(self._partial(name), self.out / name)
            written.append(self.out / name)
        self._handles.clear()
        return written

    def abort(self) -> None:
        """Close and remove the unfinished files (the run failed)."""
        for name, handle in self._handles.items():
            handle.close()
            self._partial(name).unlink(missing_ok=True)
        self._handles.clear()
