"""``vnparty-nlp report``: a corpus turned into one offline HTML page and three CSV tables.

The stages, one module each:

* :mod:`~vnparty_nlp.report.collect`: one article in, one :class:`ArticleRecord` out (themes,
  topics, key figures, places and organisations of each body paragraph);
* :mod:`~vnparty_nlp.report.aggregate`: the running totals the page is drawn from (counters and
  bounded heaps: memory does not grow with the number of paragraphs);
* :mod:`~vnparty_nlp.report.tables`: ``paragraphs.csv``, ``figures.csv`` and ``articles.csv``,
  written row by row as articles come;
* :mod:`~vnparty_nlp.report.charts`: inline SVG charts drawn by small functions (no library, no
  script, no outside request);
* :mod:`~vnparty_nlp.report.html`: the page;
* :mod:`~vnparty_nlp.report.build`: the run (streaming, bad files named, optional Dask).

Importing this package loads no model.
"""

from __future__ import annotations

from vnparty_nlp.report.build import ReportCounts, build_report

__all__ = ["ReportCounts", "build_report"]
