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

Hint = Literal["text", "heading", "caption", "title"]

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})
_HTML_SIGNS = re.compile(r"<\s*(?:p|div|br|html|body|table|h[1-6]|span|li|img|figure|article|strong|em)\b[^>]*>",
                         re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


@dataclass(frozen=True)
class MarkupLine:
    """A line of text and what the markup said it was."""

    text: str
    hint: Hint = "text"


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup rather than plain lines.

    >>> looks_like_html("<p>Chi b&ocirc;</p>"), looks_like_html("Chi bộ < 5 năm")
    (True, False)
    """
    return bool(_HTML_SIGNS.search(text)) or len(_ENTITY.findall(text)) >= 3


class _LineCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[MarkupLine] = []
        self._buffer: list[str] = []
        self._skip_depth = 0
        self._stack: list[str] = []
        # Each open table/figure records whether it holds a picture; text in
        # one that does is a caption.
        self._media: list[bool] = []
        self._buffer_hint: Hint = "text"

    def _current_hint(self) -> Hint:
        if "title" in self._stack:
            return "title"
        if "figcaption" in self._stack or any(self._media):
            return "caption"
        if any(tag in _HEADING_TAGS for tag in self._stack):
            return "heading"
        return "text"

    def flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.lines.append(MarkupLine(text, self._buffer_hint))
        self._buffer = []
        self._buffer_hint = "text"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag in ("table", "figure"):
            self._media.append(False)
        elif tag == "img" and self._media:
            self._media[-1] = True
        if tag not in ("br", "img", "hr", "meta", "link", "input"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK_TAGS or tag == "title":
            self.flush()
        if tag in self._stack:
            while self._stack:
                if self._stack.pop() == tag:
                    break
        if tag in ("table", "figure") and self._media:
            self._media.pop()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._buffer or not "".join(self._buffer).strip():
            self._buffer_hint = self._current_hint()
        self._buffer.append(data)


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
    return collector.lines
