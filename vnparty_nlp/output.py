"""How ``vnparty-nlp analyze`` writes articles: ``table``, ``json``, ``jsonl``, ``csv`` or ``summary``.

Each writer takes the analysed articles one at a time (a dict as
:meth:`vnparty_nlp.ArticleThemes.to_dict` gives, with ``name`` and, with the
topic model, ``topics`` per paragraph and ``main_topics``) and streams them:

* ``table``: every paragraph with its themes and topics, for reading;
* ``json``: one valid JSON document, an array of the articles, however many files are read;
* ``jsonl``: one article per line (a stream for other programs);
* ``csv``: one row per body paragraph: article, title, date, paragraph number, text, labels, a score
  column per theme, the paragraph's main topics, and its key figures, places and organisations;
* ``summary``: one line per article, without paragraph text: its themes and main topics.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

__all__ = ["FORMATS", "ArticleWriter", "dumps", "extracted_cells", "make_writer"]

FORMATS = ("table", "summary", "json", "jsonl", "csv")


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON with the text as it is, or ``\\uXXXX`` escapes for what UTF-8 cannot hold (a lone surrogate).

    >>> dumps({"id": "\\ud800"})
    '{"id": "\\\\ud800"}'
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, indent=indent)
    return text


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _themes_line(article: dict[str, Any]) -> str:
    shares = article.get("theme_shares")
    if not isinstance(shares, dict):
        return ""
    ranked = sorted(((v, k) for k, v in shares.items() if v > 0), reverse=True)
    return ", ".join(f"{k} {_percent(v)}" for v, k in ranked) or "no theme"


def _topics_line(article: dict[str, Any]) -> str:
    return ", ".join(f"#{t['id']} {t['label']} {_percent(t['weight'])}" for t in article.get("main_topics") or [])


class ArticleWriter:
    """Writes articles to ``out`` in one format; :meth:`close` ends the document."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, article: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class _Table(ArticleWriter):
    def write(self, article: dict[str, Any]) -> None:
        out = self.out
        print(f"== {article['name']}", file=out)
        for key in ("title", "date", "byline", "source"):
            print(f"{key:>8}: {article.get(key) or '-'}", file=out)
        for number, paragraph in enumerate(article["paragraphs"], start=1):
            if isinstance(paragraph, dict):
                themes = ", ".join(f"{t} {paragraph['scores'][t]:.2f}" for t in paragraph["labels"]) or "no theme"
                topics = ", ".join(f"#{t} {w:.2f}" for t, w in paragraph.get("topics", [])[:2])
                print(f"  [{number}] {themes}" + (f" | topics {topics}" if topics else ""), file=out)
                print(f"      {paragraph['text']}", file=out)
            else:
                print(f"  [{number}] {paragraph}", file=out)
        if isinstance(article.get("theme_shares"), dict):
            print("  themes: " + ", ".join(f"{k} {v:.0%}" for k, v in article["theme_shares"].items()), file=out)
        if article.get("main_topics"):
            print("  topics: " + _topics_line(article), file=out)
        print(file=out)


class _Summary(ArticleWriter):
    def write(self, article: dict[str, Any]) -> None:
        title = str(article.get("title") or "-")
        title = title if len(title) <= 70 else title[:69] + "…"
        parts = [f"{article['name']}: {title} ({article.get('date') or 'no date'}, "
                 f"{len(article['paragraphs'])} paragraphs)"]
        themes = _themes_line(article)
        if themes:
            parts.append(f"themes: {themes}")
        topics = _topics_line(article)
        if topics:
            parts.append(f"topics: {topics}")
        print(" | ".join(parts), file=self.out)


class _Json(ArticleWriter):
    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.count = 0

    def write(self, article: dict[str, Any]) -> None:
        body = dumps(article, indent=2).replace("\n", "\n  ")
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + body)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


class _Jsonl(ArticleWriter):
    def write(self, article: dict[str, Any]) -> None:
        print(dumps(article), file=self.out)


class _Csv(ArticleWriter):
    FIXED = ("article", "title", "date", "paragraph", "text", "labels")
    EXTRACTED = ("figures", "places", "organisations")

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.writer = csv.writer(out, lineterminator="\n")
        self.themes: list[str] | None = None

    def _header(self, themes: list[str]) -> None:
        self.themes = themes
        self.writer.writerow([*self.FIXED, *(f"score_{t}" for t in themes), "topics", *self.EXTRACTED])

    def write(self, article: dict[str, Any]) -> None:
        paragraphs = article["paragraphs"]
        if self.themes is None:
            first = next((p for p in paragraphs if isinstance(p, dict)), None)
            self._header(list(first["scores"]) if first else [])
        assert self.themes is not None
        for number, paragraph in enumerate(paragraphs, start=1):
            if isinstance(paragraph, dict):
                text, labels = paragraph["text"], ";".join(paragraph["labels"])
                scores = [f"{paragraph['scores'].get(t, 0.0):.4f}" for t in self.themes]
                topics = ";".join(f"{k}:{w:.3f}" for k, w in paragraph.get("topics", []))
                extracted = extracted_cells(paragraph)
            else:
                text, labels, scores, topics = str(paragraph), "", [""] * len(self.themes), ""
                extracted = ["", "", ""]
            self.writer.writerow([article["name"], article.get("title") or "", article.get("date") or "", number,
                                  text, labels, *scores, topics, *extracted])

    def close(self) -> None:
        if self.themes is None:
            self._header([])
        super().close()


def extracted_cells(paragraph: dict[str, Any]) -> list[str]:
    """A paragraph's figures, places and organisations as three CSV cells, items ``;``-separated.

    A figure is ``value unit [kind]`` (a ratio ``value/of unit [kind]``), with its qualifier first when
    there is one; a place is its name with its administrative word; an organisation is as written.

    >>> extracted_cells({"figures": [{"value": 185.0, "unit": "đảng viên mới", "kind": "new_members",
    ...                               "qualifier": "hơn", "of": None}],
    ...                  "places": [{"full": "huyện Đắk Song"}], "organisations": [{"text": "Chi bộ thôn 3"}]})
    ['hơn 185 đảng viên mới [new_members]', 'huyện Đắk Song', 'Chi bộ thôn 3']
    """
    figures = []
    for figure in paragraph.get("figures") or []:
        value = f"{figure['value']:g}" + (f"/{figure['of']:g}" if figure.get("of") is not None else "")
        words = [figure.get("qualifier") or "", value, figure.get("unit") or ""]
        figures.append(" ".join(w for w in words if w) + f" [{figure['kind']}]")
    places = list(dict.fromkeys(str(p.get("full") or p.get("name")) for p in paragraph.get("places") or []))
    organisations = list(dict.fromkeys(str(o["text"]) for o in paragraph.get("organisations") or []))
    return ["; ".join(figures), "; ".join(places), "; ".join(organisations)]


def make_writer(fmt: str, out: TextIO) -> ArticleWriter:
    """The writer of format ``fmt`` (one of :data:`FORMATS`).

    >>> import io
    >>> buffer = io.StringIO()
    >>> writer = make_writer("json", buffer)
    >>> writer.write({"name": "a", "paragraphs": []}); writer.write({"name": "b", "paragraphs": []})
    >>> writer.close()
    >>> [article["name"] for article in json.loads(buffer.getvalue())]
    ['a', 'b']
    """
    writers: dict[str, type[ArticleWriter]] = {"table": _Table, "summary": _Summary, "json": _Json,
                                               "jsonl": _Jsonl, "csv": _Csv}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](out)
