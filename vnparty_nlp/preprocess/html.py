"""HTML pages to lines of text, with a hint of what each line was in the markup.

District portals serve articles as CKEditor HTML: ``<p>`` paragraphs, named
entities (``&agrave;``, ``&nbsp;``), photos in ``<table>`` or ``<figure>``
blocks with the caption in the next cell. The standard library's
:class:`html.parser.HTMLParser` reads all of this (it also resolves entities),
so no third-party parser is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

__all__ = ["MarkupLine", "html_to_lines", "looks_like_html"]

Hint = Literal["text", "heading", "caption", "title", "furniture", "outside"]

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})
# Page furniture by element: navigation, page header and footer, sidebars, forms.
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_REGION_TAGS = frozenset({"article", "main"})
# Elements whose end tag may be left out: opening one closes the open one (as browsers do),
# looking no further up than the element that contains the list, row or table.
_IMPLIED = {
    "li": ("li", frozenset({"ul", "ol", "menu"})),
    "dt": ("dt dd", frozenset({"dl"})),
    "dd": ("dt dd", frozenset({"dl"})),
    "tr": ("tr td th", frozenset({"table", "tbody", "thead", "tfoot"})),
    "td": ("td th", frozenset({"tr", "table"})),
    "th": ("td th", frozenset({"tr", "table"})),
    "option": ("option", frozenset({"select", "datalist"})),
    "p": ("p", frozenset({"div", "td", "li", "section", "article", "main", "body", "blockquote"})),
}
_IMPLIED_LOOKUP = 16  # how far up the open elements an implied end is looked for: constant work per tag
_HTML_SIGNS = re.compile(r"<\s*(?:p|div|br|html|body|table|h[1-6]|span|li|img|figure|article|strong|em)\b[^>]*>",
                         re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


@dataclass(frozen=True)
class MarkupLine:
    """A line of text and what the markup said it was.

    ``furniture`` and ``outside`` lines are page furniture (in ``nav``,
    ``header``, ``footer``, ``aside`` or ``form``) and text outside the page's
    ``article``/``main`` element; :func:`~vnparty_nlp.preprocess.article.parse_article`
    drops them with that reason.
    """

    text: str
    hint: Hint = "text"


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup rather than plain lines.

    >>> looks_like_html("<p>Chi b&ocirc;</p>"), looks_like_html("Chi bộ < 5 năm")
    (True, False)
    """
    return bool(_HTML_SIGNS.search(text)) or len(_ENTITY.findall(text)) >= 3


@dataclass
class _Open:
    tag: str
    furniture: int | None = None  # id of this furniture element
    region: int | None = None  # id of this article/main element
    media: bool = False  # a table/figure that holds an image


@dataclass
class _RawLine:
    text: str
    hint: Hint
    furniture: tuple[int, ...]
    regions: tuple[int, ...]
    heading: bool


class _LineCollector(HTMLParser):
    """Block text of a page in one pass; every tag costs constant work (no rescans of open elements)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[_RawLine] = []
        self._buffer: list[str] = []
        self._buffer_started = False
        self._skip_depth = 0
        self._stack: list[_Open] = []
        self._counts: dict[str, int] = {}
        self._media_with_image = 0
        self._media: list[_Open] = []
        self._furniture: list[int] = []
        self._regions: list[int] = []
        self._ids = 0
        self.region_tags: dict[int, str] = {}
        self._buffer_hint: Hint = "text"
        self._buffer_at: tuple[tuple[int, ...], tuple[int, ...], bool] = ((), (), False)

    def _current_hint(self) -> Hint:
        counts = self._counts
        if counts.get("title"):
            return "title"
        if counts.get("figcaption") or self._media_with_image:
            return "caption"
        if counts.get("h1") or counts.get("h2") or counts.get("h3"):
            return "heading"
        return "text"

    def flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            furniture, regions, heading = self._buffer_at
            self.lines.append(_RawLine(text, self._buffer_hint, furniture, regions, heading))
        self._buffer = []
        self._buffer_started = False
        self._buffer_hint = "text"

    def _push(self, tag: str) -> None:
        entry = _Open(tag)
        if tag in _FURNITURE_TAGS:
            self._ids += 1
            entry.furniture = self._ids
            self._furniture.append(self._ids)
        elif tag in _REGION_TAGS:
            self._ids += 1
            entry.region = self._ids
            self.region_tags[self._ids] = tag
            self._regions.append(self._ids)
        if tag in ("table", "figure"):
            self._media.append(entry)
        self._stack.append(entry)
        self._counts[tag] = self._counts.get(tag, 0) + 1

    def _pop(self) -> None:
        entry = self._stack.pop()
        self._counts[entry.tag] -= 1
        if entry.furniture is not None:
            self._furniture.pop()
        if entry.region is not None:
            self._regions.pop()
        if entry.tag in ("table", "figure"):
            self._media.pop()
            self._media_with_image -= entry.media

    def _close_implied(self, tag: str) -> None:
        closes, limits = _IMPLIED[tag]
        names = closes.split()
        if not any(self._counts.get(name) for name in names):
            return
        for depth in range(1, min(len(self._stack), _IMPLIED_LOOKUP) + 1):
            open_tag = self._stack[-depth].tag
            if open_tag in limits:
                return
            if open_tag in names:
                for _ in range(depth):
                    self._pop()
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag in _IMPLIED:
            self._close_implied(tag)
        if tag == "img" and self._media and not self._media[-1].media:
            self._media[-1].media = True
            self._media_with_image += 1
        if tag not in _VOID_TAGS:
            self._push(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK_TAGS or tag == "title":
            self.flush()
        if self._counts.get(tag):  # an end tag with no open element is ignored
            while self._stack and self._stack[-1].tag != tag:
                self._pop()
            self._pop()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._buffer_started and data.strip():
            self._buffer_started = True
            self._buffer_hint = self._current_hint()
            heading = bool(self._counts.get("h1") or self._counts.get("h2") or self._counts.get("h3"))
            self._buffer_at = (tuple(self._furniture), tuple(self._regions), heading)
        self._buffer.append(data)


def _finish(lines: list[_RawLine], region_tags: dict[int, str]) -> list[MarkupLine]:
    """Hints for furniture and for text outside the main article.

    A furniture element that holds most of the page's text is a wrapper (many
    sites put the whole page in one ``<form>``), not furniture. The main
    article is the ``<main>`` element if there is one, else the ``<article>``
    with the most text; headings outside it are kept (the headline may sit
    above it).
    """
    total = sum(len(line.text) for line in lines) or 1
    sizes: dict[int, int] = {}
    for line in lines:
        for ident in set(line.furniture):
            sizes[ident] = sizes.get(ident, 0) + len(line.text)
    wrappers = {ident for ident, size in sizes.items() if size > total / 2}
    region_sizes: dict[int, int] = {}
    for line in lines:
        for ident in line.regions:
            region_sizes[ident] = region_sizes.get(ident, 0) + len(line.text)
    mains = [r for r in region_sizes if region_tags.get(r) == "main"]
    main = max(mains or region_sizes, key=lambda r: region_sizes[r], default=None)
    out = []
    for line in lines:
        hint = line.hint
        inside = main is None or main in line.regions
        if not inside and not line.heading:
            hint = "outside"
        if any(ident not in wrappers for ident in line.furniture) and not (line.heading and inside):
            hint = "furniture"
        out.append(MarkupLine(line.text, hint))
    return out


def html_to_lines(markup: str) -> list[MarkupLine]:
    """Extract the text blocks of an HTML page, one line per block.

    Scripts, styles and other non-text elements are skipped; entities are
    resolved; text inside a ``<figcaption>`` or a table/figure that holds an
    image is hinted as a caption, ``<h1>``-``<h3>`` as headings.

    >>> [(l.text, l.hint) for l in html_to_lines(
    ...     "<h1>Tin</h1><p>Th&ocirc;n&nbsp;3</p><script>x()</script>"
    ...     "<table><tr><td><img src=a.jpg></td></tr><tr><td>Ảnh</td></tr></table>")]
    [('Tin', 'heading'), ('Thôn 3', 'text'), ('Ảnh', 'caption')]
    """
    collector = _LineCollector()
    collector.feed(markup)
    collector.close()
    collector.flush()
    return _finish(collector.lines, collector.region_tags)
