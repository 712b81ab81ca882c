"""Raw article (plain text or HTML, pasted from a web page) to an :class:`Article`.

Every non-blank line of the input ends up in exactly one place: a body
paragraph, or ``Article.dropped`` with the reason it is not one (title, date,
byline, caption, view counter, related-article teaser, duplicate...). Captions,
related teasers, the title, byline and source are also exposed in their own
fields. Nothing vanishes silently.

The rules are written from the shapes that Vietnamese provincial and district
news portals print around an article body; each rule says what it recognises.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from vnparty_nlp.preprocess.html import MarkupLine, html_to_lines, looks_like_html
from vnparty_nlp.preprocess.normalize import clean_text

__all__ = ["Article", "DroppedLine", "parse_article"]


@dataclass(frozen=True)
class DroppedLine:
    """A line of the input that is not a body paragraph, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """A parsed article: metadata, body paragraphs and everything set aside."""

    title: str | None = None
    date: _dt.date | None = None
    byline: str | None = None
    source: str | None = None
    paragraphs: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    dropped: tuple[DroppedLine, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the date as ISO text)."""
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        data["paragraphs"] = list(self.paragraphs)
        data["captions"] = list(self.captions)
        data["related"] = list(self.related)
        data["dropped"] = [{"text": d.text, "reason": d.reason} for d in self.dropped]
        return data


# --- what the lines around an article body look like ---------------------------------

_WEEKDAY = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn|t[2-7])\s*,?\s*)"
_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_TIME = r"(?:\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch))?)"
_GMT = r"(?:\(?\[?\s*gmt\s*[+-]\s*\d{1,2}\s*\]?\)?)"
_DATE_LINE = re.compile(
    rf"^(?:ngày\s+)?{_WEEKDAY}?(?:{_TIME}\s*[,|-]?\s*)?{_WEEKDAY}?(?:ngày\s+)?{_DMY}"
    rf"(?:\s*[,|-]?\s*(?:lúc\s+)?{_TIME})?\s*{_GMT}?\s*$",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"^[•·\-*]?\s*(?:lượt\s+xem|số\s+lượt\s+xem|lượt\s+đọc|đang\s+truy\s+cập|đang\s+online|hôm\s+nay|hôm\s+qua|"
    r"trong\s+tuần|tuần\s+này|trong\s+tháng|tháng\s+này|tổng\s+(?:số\s+)?lượt\s+truy\s+cập|"
    r"tổng\s+truy\s+cập|lượt\s+truy\s+cập|số\s+người\s+truy\s+cập|thống\s+kê\s+truy\s+cập)\s*:?\s*[\d.,]*\s*$",
    re.IGNORECASE,
)
_STATS_HEADING = re.compile(r"^thống\s+kê\s+truy\s+cập\s*:?$", re.IGNORECASE)
_RELATED_HEADING = re.compile(
    r"^(?:tin\s+liên\s+quan|bài\s+(?:viết\s+)?liên\s+quan|tin\s+(?:cùng|khác\s+cùng)\s+chuyên\s+mục|"
    r"cùng\s+chuyên\s+mục|các\s+tin\s+(?:khác|đã\s+đưa)|tin\s+khác|tin\s+mới\s+hơn|tin\s+cũ\s+hơn|"
    r"xem\s+thêm|đọc\s+thêm|tin\s+bài\s+liên\s+quan|bài\s+cùng\s+chuyên\s+mục)\s*:?$",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"^(?:nguồn|theo)\s*:?\s+(.{2,80}?)\s*$", re.IGNORECASE)
_BYLINE_LABEL = re.compile(
    r"^(?:bài\s*(?:,|và|&)?\s*ảnh|bài|ảnh|tin\s*(?:,|và)?\s*ảnh|tin|nhóm\s+pv|pv|ctv)\s*:\s*(.{2,80})$",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(r"(?:^|[\s(–-])(?:ảnh|ảnh\s+minh\s+hoạ|ảnh\s+minh\s+họa|ảnh\s+tư\s+liệu)\s*:", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w.]*|[A-ZĐ]\.[\wÀ-Ỹ.]+|-|–)$")
_AGENCY_PREFIX = re.compile(r"^([A-ZĐ]{2,6})\s*[-–—]\s+\S")
_CLOSING = tuple(".!?…:;\"”’»)")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\.{3}|…)\s*$")
_WORDLIKE = re.compile(r"[^\W\d_]{2,}")


def _parse_date(line: str) -> _dt.date | None:
    match = _DATE_LINE.match(line)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line))


def _is_byline(line: str) -> bool:
    """A short run of capitalised name words with no sentence punctuation: "Thu Chung", "T.PHƯƠNG - N.PHƯƠNG"."""
    if len(line) > 45 or line.endswith(_CLOSING[:3]):
        return False
    words = line.split()
    return 1 <= len(words) <= 6 and all(_NAME_WORD.match(w) for w in words) and any(len(w) > 1 for w in words)


def _is_sentence(line: str) -> bool:
    return line.rstrip().endswith(_CLOSING)


def _is_heading_like(line: str) -> bool:
    return len(line) <= 220 and not _is_sentence(line) and bool(_WORDLIKE.search(line))


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class _Line:
    text: str
    hint: str = "text"
    gap_before: bool = False  # a blank line separated it from the line before


def _lines(raw: str) -> list[_Line]:
    blocks = html_to_lines(raw) if looks_like_html(raw) else [MarkupLine(line) for line in raw.split("\n")]
    out: list[_Line] = []
    gap = False
    for block in blocks:
        for line in clean_text(block.text).split("\n"):
            if line:
                out.append(_Line(line, block.hint, gap))
                gap = False
            else:
                gap = True
    return out


class _Builder:
    def __init__(self) -> None:
        self.title: str | None = None
        self.date: _dt.date | None = None
        self.byline: str | None = None
        self.source: str | None = None
        self.paragraphs: list[tuple[int, str]] = []
        self.captions: list[str] = []
        self.related: list[str] = []
        self.dropped: list[tuple[int, DroppedLine]] = []
        self.at = 0  # index of the input line being read

    def drop(self, text: str, reason: str) -> None:
        self.dropped.append((self.at, DroppedLine(text, reason)))

    def build(self) -> Article:
        return Article(
            title=self.title,
            date=self.date,
            byline=self.byline,
            source=self.source,
            paragraphs=tuple(text for _, text in self.paragraphs),
            captions=tuple(self.captions),
            related=tuple(self.related),
            dropped=tuple(d for _, d in sorted(self.dropped, key=lambda item: item[0])),
        )


def _body_start(lines: list[_Line]) -> int:
    """Index of the first line that reads as body text (a sentence, or long)."""
    for i, line in enumerate(lines):
        text = line.text
        if line.hint in ("caption", "title") or _COUNTER.match(text) or _is_date_line(text):
            continue
        if (_is_sentence(text) and len(text) >= 60) or len(text) > 220:
            return i
    return len(lines)


def _read_header(lines: list[_Line], end: int, out: _Builder) -> None:
    """Title, date and page furniture above the body.

    A date printed *above* the title is the portal's clock (today's date in
    the page header), not the article's date.
    """
    candidates = [
        i for i in range(end)
        if lines[i].hint != "caption" and _is_heading_like(lines[i].text)
        and not _is_date_line(lines[i].text) and not _COUNTER.match(lines[i].text)
        and not _STATS_HEADING.match(lines[i].text) and len(lines[i].text) > 1
    ]
    # Marked-up headings win; otherwise the first line of four words or more
    # (a shorter one above it is a section label: "Hà Giang"), else the longest.
    pool = [i for i in candidates if lines[i].hint in ("title", "heading")] or candidates
    worded = [i for i in pool if len(lines[i].text.split()) >= 4]
    title_at = worded[0] if worded else max(pool, key=lambda i: len(lines[i].text), default=None)
    if title_at is not None:
        out.title = lines[title_at].text
    for i in range(end):
        text = lines[i].text
        out.at = i
        if i == title_at:
            out.drop(text, "title")
        elif _is_date_line(text):
            if title_at is not None and i < title_at:
                out.drop(text, "page date (above the headline)")
            elif out.date is None and (date := _parse_date(text)):
                out.date = date
                out.drop(text, "date line")
            else:
                out.drop(text, "date line")
        elif _COUNTER.match(text) or _STATS_HEADING.match(text):
            out.drop(text, "view counter")
        elif lines[i].hint == "caption":
            out.captions.append(text)
            out.drop(text, "caption")
        elif len(text) <= 2 or not _WORDLIKE.search(text):
            out.drop(text, "stray fragment")
        elif lines[i].hint == "title":
            out.drop(text, "page title")
        else:
            out.drop(text, "section or site label")


def _classify_body_line(line: _Line, previous: str | None, out: _Builder) -> bool:
    """Handle a line of the body region that is not a paragraph. True if handled."""
    text = line.text
    if len(text) <= 2 or not _WORDLIKE.search(text):
        out.drop(text, "stray fragment")
    elif _COUNTER.match(text) or _STATS_HEADING.match(text):
        out.drop(text, "view counter")
    elif _is_date_line(text):
        out.drop(text, "date line")
    elif line.hint == "caption":
        if previous is not None and _squash(previous) == _squash(text):
            out.drop(text, "caption printed twice")
        else:
            out.captions.append(text)
            out.drop(text, "caption")
    elif (m := _BYLINE_LABEL.match(text)) and len(text) < 90:
        out.byline = out.byline or m.group(1).strip()
        out.drop(text, "byline")
    elif _URL_LINE.match(text):
        out.source = out.source or text
        out.drop(text, "source link")
    elif (m := _SOURCE.match(text)) and not _is_sentence(text):
        out.source = out.source or m.group(1).strip()
        out.drop(text, "source line")
    elif _PHOTO_CREDIT.search(text) and len(text) < 300:
        out.captions.append(text)
        out.drop(text, "caption")
    elif _is_byline(text):
        out.byline = out.byline or text
        out.drop(text, "byline")
    else:
        return False
    return True


def _read_body(lines: list[_Line], start: int, out: _Builder) -> None:
    seen: set[str] = set()
    in_related = False
    in_stats = False
    for i in range(start, len(lines)):
        line = lines[i]
        text = line.text
        out.at = i
        previous = lines[i - 1].text if i > start else None
        if in_stats:
            out.drop(text, "view counter")
            continue
        if _STATS_HEADING.match(text):
            in_stats = True
            out.drop(text, "view counter")
            continue
        if _RELATED_HEADING.match(text):
            in_related = True
            out.drop(text, "related-articles heading")
            continue
        if in_related:
            if _COUNTER.match(text) or _is_date_line(text) or len(text) <= 2 or not _WORDLIKE.search(text):
                out.drop(text, "related-articles furniture")
            else:
                out.related.append(text)
                out.drop(text, "related-article teaser")
            continue
        # A short line printed twice on consecutive lines (no blank line between)
        # is a photo caption: portals print the alt text and the caption.
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (nxt is not None and not nxt.gap_before and len(text) < 300 and line.hint != "caption"
                and _squash(nxt.text) == _squash(text)):
            out.captions.append(text)
            out.drop(text, "caption")
            continue
        if previous is not None and not line.gap_before and len(text) < 300 and _squash(previous) == _squash(text):
            out.drop(text, "caption printed twice")
            continue
        if _classify_body_line(line, previous, out):
            continue
        key = _squash(text)
        if key in seen:
            out.drop(text, "duplicate of an earlier paragraph")
            continue
        if not _is_sentence(text) and len(text) < 160 and not _ELLIPSIS.search(text):
            out.captions.append(text)
            out.drop(text, "caption (a line without closing punctuation)")
            continue
        seen.add(key)
        out.paragraphs.append((i, text))


def _drop_teasers(out: _Builder) -> None:
    """Remove a truncated teaser ("... Không còn thôn,...") that repeats the paragraphs after it."""
    kept: list[tuple[int, str]] = []
    paragraphs = out.paragraphs
    for k, (at, text) in enumerate(paragraphs):
        if _ELLIPSIS.search(text) and k + 1 < len(paragraphs):
            stem = _squash(_ELLIPSIS.sub("", text)).rstrip(" ,;")
            rest = _squash(" ".join(later for _, later in paragraphs[k + 1 :]))
            if len(stem) >= 40 and rest.startswith(stem):
                out.at = at
                out.drop(text, "truncated teaser repeating the body")
                continue
        kept.append((at, text))
    out.paragraphs = kept


def _agency_source(out: _Builder) -> None:
    if out.source is None and out.paragraphs and (m := _AGENCY_PREFIX.match(out.paragraphs[0][1])):
        out.source = m.group(1)


def parse_article(raw: str) -> Article:
    """Parse a raw article (plain text or HTML) into metadata and body paragraphs.

    Body paragraphs keep their wording; only Unicode form and spacing are
    cleaned (:func:`clean_text`). Every other line is in ``dropped`` with a
    reason. An empty or blank input gives an empty :class:`Article`.

    >>> a = parse_article("Chi bộ thôn 3 sinh hoạt chuyên đề\\n10:04, 20/08/2020\\n"
    ...     "Chiều 19/8, Chi bộ thôn 3 tổ chức sinh hoạt chuyên đề về kết nạp đảng viên mới.\\nLa Nam")
    >>> a.title, a.date, a.byline, len(a.paragraphs)
    ('Chi bộ thôn 3 sinh hoạt chuyên đề', datetime.date(2020, 8, 20), 'La Nam', 1)
    """
    if not isinstance(raw, str):
        raise TypeError(
            f"parse_article() expects the article as a str, got {type(raw).__name__}; "
            "read files with encoding='utf-8' or decode bytes first"
        )
    lines = _lines(raw)
    out = _Builder()
    if not lines:
        return out.build()
    start = _body_start(lines)
    _read_header(lines, start, out)
    _read_body(lines, start, out)
    _drop_teasers(out)
    _agency_source(out)
    return out.build()
