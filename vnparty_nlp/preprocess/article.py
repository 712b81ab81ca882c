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
import functools
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from vnparty_nlp.preprocess._dates import Stamp, read_stamp, store_stamp
from vnparty_nlp.preprocess._furniture import (
    furniture_reason,
    is_agency_lead,
    is_bracketed_credit,
    is_footer,
    is_image_placeholder,
    is_related_heading,
    looks_like_caption_sentence,
    syllables,
)
from vnparty_nlp.preprocess.html import MarkupLine, html_to_lines, looks_like_html
from vnparty_nlp.preprocess.normalize import clean_text

if TYPE_CHECKING:  # the extractors load only when a property below is read
    from vnparty_nlp.extract import Organisation, Person, Place

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

    @property
    def fingerprint(self) -> int:
        """64-bit SimHash of the body paragraphs: near-duplicate stories differ in a few bits.

        Compare with :func:`vnparty_nlp.preprocess.fingerprint.hamming`; see
        :func:`vnparty_nlp.corpus.dedupe.dedupe` for a whole corpus.
        """
        from vnparty_nlp.preprocess.fingerprint import simhash

        return simhash(self.paragraphs)

    @property
    def repeated_lead(self) -> int | None:
        """Index of a later paragraph that restates the lead (most of its word shingles), or None.

        Pages often print the sapo and then open the body with the same text,
        lightly edited; a word-for-word copy is already dropped as a duplicate.

        >>> Article(paragraphs=("Sáng 7-7, Ủy ban Kiểm tra tổ chức hội nghị sơ kết công tác 6 tháng.",
        ...     "Sáng 7-7, Ủy ban Kiểm tra (UBKT) tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.")).repeated_lead
        1
        """
        from vnparty_nlp.preprocess.fingerprint import shingles

        if len(self.paragraphs) < 2:
            return None
        lead = set(shingles(self.paragraphs[0]))
        for index, paragraph in enumerate(self.paragraphs[1:], start=1):
            if lead and len(lead & set(shingles(paragraph))) >= _LEAD_OVERLAP * len(lead):
                return index
        return None

    def _texts(self) -> tuple[str, ...]:
        """The title, then the body paragraphs: where the entities below are read."""
        return ((self.title,) if self.title else ()) + self.paragraphs

    @functools.cached_property
    def places(self) -> tuple[Place, ...]:
        """Provinces, districts and communes named in the title and body, each once, first seen first.

        One place written several ways is one: with or without its administrative word
        ("huyện Đắk Song", "Huyện uỷ Đắk Song"), with either spelling of Đắk/Đăk, a bare
        province and "tỉnh ..." (:func:`vnparty_nlp.extract.extract_places` normalises; a
        place is its name key and level). Each carries ``province`` and ``province_2025``:
        the provinces before the 2025 merger and the one it went into. Offsets
        (``start``/``end``) are in the text it was first found in (the title or a paragraph).

        >>> a = Article(title="Huyện ủy Đắk Song tổng kết năm 2019",
        ...             paragraphs=("Đảng bộ huyện Đăk Song, tỉnh Đắk Nông có 35 chi, đảng bộ.",
        ...                         "Chi bộ thôn 3 xã Trường Xuân và Đắk Nông."))
        >>> [(p.name, p.level, p.province_2025) for p in a.places]
        [('Đắk Song', 'district', 'Lâm Đồng'), ('Đắk Nông', 'province', 'Lâm Đồng'), \
('Trường Xuân', 'commune', None)]
        >>> [o.text for o in a.organisations]
        ['Huyện ủy Đắk Song', 'Đảng bộ huyện Đăk Song', 'Chi bộ thôn 3 xã Trường Xuân']
        """
        from vnparty_nlp.extract import extract_places
        from vnparty_nlp.extract.places import _place_key

        seen: dict[tuple[str, str], Place] = {}
        for text in self._texts():
            for place in extract_places(text):
                seen.setdefault((_place_key(place.name), place.level), place)
        return tuple(seen.values())

    @functools.cached_property
    def organisations(self) -> tuple[Organisation, ...]:
        """Party and State bodies named in the title and body, each once (folded case and tone
        marks), first seen first; see :func:`vnparty_nlp.extract.extract_organisations`."""
        from vnparty_nlp.extract import extract_organisations
        from vnparty_nlp.extract._fold import fold_key

        seen: dict[str, Organisation] = {}
        for text in self._texts():
            for organisation in extract_organisations(text):
                seen.setdefault(fold_key(organisation.text), organisation)
        return tuple(seen.values())

    @functools.cached_property
    def people(self) -> tuple[Person, ...]:
        """People named in the title and body, each once, first seen first, with the first position
        written for them anywhere in the article; see :func:`vnparty_nlp.extract.extract_people`.

        >>> a = Article(paragraphs=("Ông Nguyễn Văn A phát biểu.", "Đồng chí Nguyễn Văn A, Bí thư Huyện uỷ, chủ trì."))
        >>> [(p.name, p.position) for p in a.people]
        [('Nguyễn Văn A', 'Bí thư Huyện uỷ')]
        """
        import dataclasses

        from vnparty_nlp.extract import extract_people
        from vnparty_nlp.extract._fold import fold

        seen: dict[str, Person] = {}
        for text in self._texts():
            for person in extract_people(text):
                name = fold(person.name).key
                if name not in seen:
                    seen[name] = person
                elif person.position and not seen[name].position:
                    seen[name] = dataclasses.replace(seen[name], position=person.position)
        return tuple(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the date as ISO text)."""
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        data["paragraphs"] = list(self.paragraphs)
        data["captions"] = list(self.captions)
        data["related"] = list(self.related)
        data["dropped"] = [{"text": d.text, "reason": d.reason} for d in self.dropped]
        return data


_LEAD_OVERLAP = 0.5  # share of the lead's word shingles a restatement repeats


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
    r"^(?:bài\s*(?:,|và|&)?\s*ảnh|bài|ảnh|tin\s*(?:,|và)?\s*ảnh|tin|nhóm\s+pv|pv|ctv|phóng\s+viên|"
    r"tác\s+giả(?:\s+bài\s+viết)?|người\s+viết|thực\s+hiện)\s*:\s*(.{2,80})$",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(r"(?:^|[\s(–-])(?:ảnh|ảnh\s+minh\s+hoạ|ảnh\s+minh\s+họa|ảnh\s+tư\s+liệu)\s*:", re.IGNORECASE)
# "Lữ Minh Hương - Đảng ủy Khối": a name, a dash, the writer's unit.
_NAME_UNIT = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w.]*\s+){1,3}[A-ZĐÀ-Ỹ][\w.]*\s*[-–]\s*[^.!?]{2,60}$")
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w.]*|[A-ZĐ]\.[\wÀ-Ỹ.]+|-|–)$")
_AGENCY_PREFIX = re.compile(r"^([A-ZĐ]{2,6})\s*[-–—]\s+\S")
_CLOSING = tuple(".!?…:;\"”’»)")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\.{3}|…)\s*$")
_WORDLIKE = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_INSIDE = re.compile(r"\w[.!?]\s+[A-ZĐÀ-Ỹ]")


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
    """Short, with a word, not ending like a sentence (a closing bracket is fine: "(nhiệm kỳ 2020-2025)")."""
    ends_sentence = _is_sentence(line) and not line.endswith(")")
    return len(line) <= 220 and not ends_sentence and bool(_WORDLIKE.search(line))


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


_MARKUP_FURNITURE = {
    "furniture": "page furniture (navigation, header, footer, sidebar or form)",
    "outside": "outside the article element",
}


@dataclass(frozen=True)
class _Line:
    text: str
    hint: str = "text"
    gap_before: bool = False  # a blank line separated it from the line before

    # Read once per line: the header and body rules ask about a line more than once.
    @functools.cached_property
    def stamp(self) -> Stamp | None:
        return read_stamp(self.text)

    @functools.cached_property
    def furniture(self) -> str | None:
        return furniture_reason(self.text)

    @functools.cached_property
    def is_furniture(self) -> bool:
        text = self.text
        return bool(_COUNTER.match(text) or _STATS_HEADING.match(text) or self.furniture
                    or is_image_placeholder(text))


def _lines(raw: str, out: _Builder) -> list[_Line]:
    """Cleaned non-blank lines; an archive's date stamp in front of the text is set aside first."""
    if stamp := store_stamp(raw):
        text, out.store_date = stamp
        out.dropped.append((-1, DroppedLine(text.strip(), "archive date stamp")))
        raw = raw[len(text) :]
    out.markup = looks_like_html(raw)
    blocks = html_to_lines(raw) if out.markup else [MarkupLine(line) for line in raw.split("\n")]
    lines: list[_Line] = []
    gap = False
    for block in blocks:
        if block.hint in _MARKUP_FURNITURE:
            for line in clean_text(block.text).split("\n"):
                if line:
                    out.dropped.append((len(lines) - 0.5, DroppedLine(line, _MARKUP_FURNITURE[block.hint])))
            continue
        for line in clean_text(block.text).split("\n"):
            if line:
                lines.append(_Line(line, block.hint, gap))
                gap = False
            else:
                gap = True
    return lines


class _Builder:
    def __init__(self) -> None:
        self.title: str | None = None
        self.date: _dt.date | None = None
        self.store_date: _dt.date | None = None
        self.markup = False  # the input was HTML: captions are known from the markup
        self.byline: str | None = None
        self.source: str | None = None
        self.paragraphs: list[tuple[int, str]] = []
        self.captions: list[str] = []
        self.related: list[str] = []
        self.dropped: list[tuple[float, DroppedLine]] = []
        self.at = 0  # index of the input line being read

    def drop(self, text: str, reason: str) -> None:
        self.dropped.append((self.at, DroppedLine(text, reason)))

    def caption(self, text: str, reason: str = "caption") -> None:
        self.captions.append(text)
        self.drop(text, reason)

    def build(self) -> Article:
        return Article(
            title=self.title,
            date=self.date or self.store_date,
            byline=self.byline,
            source=self.source,
            paragraphs=tuple(text for _, text in self.paragraphs),
            captions=tuple(self.captions),
            related=tuple(self.related),
            dropped=tuple(d for _, d in sorted(self.dropped, key=lambda item: item[0])),
        )


def _box_end(lines: list[_Line], i: int) -> int:
    """A page box under a short label ending in ":" ("Lời hay ý đẹp:") runs to the next blank line."""
    text = lines[i].text
    if not (text.endswith(":") and syllables(text) <= 6):
        return i
    j = i + 1
    while j < len(lines) and not lines[j].gap_before:
        j += 1
    return j - 1 if j - 1 > i else i


def _boxes(lines: list[_Line], end: int) -> set[int]:
    """Indices of the lines in page boxes above ``end``, labels included."""
    inside: set[int] = set()
    for i in range(end):
        if i not in inside and (box_end := _box_end(lines, i)) > i:
            inside.update(range(i, box_end + 1))
    return inside


def _body_start(lines: list[_Line]) -> int:
    """Index of the first line that reads as body text (a sentence, long, or a lead with the paper's mark).

    Lines set aside on the way (furniture, stamps, a page box) are never the start.
    """
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if line.hint in ("caption", "title") or line.is_furniture or line.stamp:
            i += 1
            continue
        if (end := _box_end(lines, i)) > i:
            i = end + 1
            continue
        if ((_is_sentence(text) and not text.endswith(")") and len(text) >= 60) or len(text) > 220
                or (is_agency_lead(text) and len(text) >= 60) or _is_cut_ending(lines, i)):
            return i
        i += 1
    return len(lines)


def _title_candidate(line: _Line) -> bool:
    text = line.text
    return (line.hint != "caption" and _is_heading_like(text) and len(text) > 1 and not text.endswith(":")
            and not line.stamp and not line.is_furniture and not _PHOTO_CREDIT.search(text))


_TITLE_WINDOW = 80  # the headline is looked for among the last lines above the body, not in a whole menu


def _pick_title(lines: list[_Line], end: int) -> int | None:
    """The headline among the lines above the body.

    Marked-up headings win. Otherwise the first line of five syllables or more
    (shorter ones above it are section labels: "Hà Giang", "Thời sự Chính trị"),
    unless it is a kicker: in capitals, or much shorter than a headline right
    under it. With no such line, a short line right above the body ("Hội xuân").
    """
    first = max(0, end - _TITLE_WINDOW)
    boxed = _boxes(lines, end)
    candidates = [i for i in range(first, end) if i not in boxed and _title_candidate(lines[i])]
    pool = [i for i in candidates if lines[i].hint in ("title", "heading")] or candidates
    strong = [i for i in pool if syllables(lines[i].text) >= 5 and not _is_byline(lines[i].text)]
    if strong:
        first = strong[0]
        nxt = strong[1] if len(strong) > 1 else None
        text = lines[first].text
        if nxt is not None and nxt == first + 1 and (
            (text.isupper() and not lines[nxt].text.isupper()) or len(text) < 0.6 * len(lines[nxt].text)
        ):
            return nxt
        return first
    if pool:
        last = pool[-1]
        between = range(last + 1, end)
        if all(lines[k].is_furniture or lines[k].stamp or _is_byline(lines[k].text)
               for k in between) and not _is_byline(lines[last].text):
            return last
    return None


def _header_date(line: _Line, above_title: bool, out: _Builder) -> None:
    """A stamp above the body: the article's date, or the site's clock.

    A stamp saying "Hôm nay", or a date without a time printed above the
    headline, is the portal's clock, not the article's date.
    """
    text, stamp = line.text, line.stamp
    if stamp is None:  # pragma: no cover - callers check
        return
    if stamp.clock or (above_title and not stamp.has_time):
        out.drop(text, "page date (above the headline)")
    elif out.date is None:
        out.date = stamp.date
        out.drop(text, "date line")
    else:
        out.drop(text, "date line")


def _read_header(lines: list[_Line], end: int, out: _Builder) -> None:
    """Title, date and page furniture above the body."""
    title_at = _pick_title(lines, end)
    if title_at is not None:
        out.title = lines[title_at].text
    box_until = -1
    for i in range(end):
        text = lines[i].text
        out.at = i
        if i == title_at:
            out.drop(text, "title")
        elif i <= box_until:
            out.drop(text, "page box")
        elif lines[i].stamp:
            _header_date(lines[i], title_at is None or i < title_at, out)
        elif _COUNTER.match(text) or _STATS_HEADING.match(text):
            out.drop(text, "view counter")
        elif lines[i].hint == "caption":
            out.caption(text)
        elif len(text) <= 2 or not _WORDLIKE.search(text):
            out.drop(text, "stray fragment")
        elif reason := lines[i].furniture:
            out.drop(text, reason)
        elif is_image_placeholder(text):
            out.drop(text, "image placeholder")
        elif (box_end := _box_end(lines, i)) > i and (title_at is None or i < title_at):
            box_until = box_end
            out.drop(text, "page box")
        elif lines[i].hint == "title":
            out.drop(text, "page title")
        elif title_at is not None and i > title_at and _is_byline(text):
            out.byline = out.byline or text
            out.drop(text, "byline")
        elif title_at is not None and i > title_at and syllables(text) >= 5:
            out.caption(text)
        elif not out.markup and looks_like_caption_sentence(text):
            out.caption(text, "caption (a photo caption sentence)")
        else:
            out.drop(text, "section or site label")


def _classify_body_line(line: _Line, previous: str | None, out: _Builder) -> bool:
    """Handle a line of the body region that is not a paragraph. True if handled."""
    text = line.text
    if stamp := line.stamp:
        if out.date is None and not stamp.clock:
            out.date = stamp.date
        out.drop(text, "date line")
    elif len(text) <= 2 or not _WORDLIKE.search(text):
        out.drop(text, "stray fragment")
    elif _COUNTER.match(text) or _STATS_HEADING.match(text):
        out.drop(text, "view counter")
    elif line.hint == "caption":
        if previous is not None and _squash(previous) == _squash(text):
            out.drop(text, "caption printed twice")
        else:
            out.caption(text)
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
        out.caption(text)
    elif _is_byline(text) or _NAME_UNIT.match(text) or is_bracketed_credit(text):
        out.byline = out.byline or text
        out.drop(text, "byline")
    else:
        return False
    return True


def _is_credit_only(text: str) -> bool:
    return bool(_PHOTO_CREDIT.match(text)) and len(text) <= 50


def _is_cut_ending(lines: list[_Line], i: int) -> bool:
    """The last line of a text stored with a length cap, cut mid-sentence: still a paragraph.

    It is long, or opens like a paragraph ("Điều 2, ...", "Trên cơ sở đó, ...").
    """
    text = lines[i].text
    if not (i == len(lines) - 1 and lines[i].hint == "text" and text[:1].isupper() and text[-1:].isalnum()):
        return False
    opens_with_link = "," in text and syllables(text.split(",", 1)[0]) <= 4
    return len(text) >= 120 or (len(text) >= 60 and "," in text) or (len(text) >= 40 and opens_with_link)


class _BodyState:
    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.in_related = False
        self.in_stats = False
        self.in_footer = False
        self.after_placeholder = False


def _read_furniture_line(line: _Line, state: _BodyState, out: _Builder) -> bool:
    """Boxes and furniture of the body region; True if the line was handled."""
    text = line.text
    if state.in_stats or state.in_footer:
        out.drop(text, "view counter" if state.in_stats else "page footer")
    elif _STATS_HEADING.match(text):
        state.in_stats = True
        out.drop(text, "view counter")
    elif _RELATED_HEADING.match(text) or is_related_heading(text):
        state.in_related = True
        out.drop(text, "related-articles heading")
    elif state.in_related:
        if _COUNTER.match(text) or line.stamp or len(text) <= 2 or not _WORDLIKE.search(text):
            out.drop(text, "related-articles furniture")
        else:
            out.related.append(text)
            out.drop(text, "related-article teaser")
    elif is_footer(text):
        state.in_footer = True
        out.drop(text, "page footer")
    elif (reason := line.furniture) and not _is_sentence(text):
        out.drop(text, reason)
    elif is_image_placeholder(text):
        state.after_placeholder = True
        out.drop(text, "image placeholder")
        return True
    else:
        return False
    state.after_placeholder = False
    return True


def _read_body(lines: list[_Line], start: int, out: _Builder) -> None:
    state = _BodyState()
    title_key = _squash(out.title) if out.title else None
    for i in range(start, len(lines)):
        line = lines[i]
        text = line.text
        out.at = i
        previous = lines[i - 1].text if i > start else None
        if _read_furniture_line(line, state, out):
            continue
        after_placeholder, state.after_placeholder = state.after_placeholder, False
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if title_key is not None and _squash(text) == title_key:
            out.drop(text, "title printed again")
            continue
        # A short line printed twice on consecutive lines (no blank line between)
        # is a photo caption: portals print the alt text and the caption.
        if (nxt is not None and not nxt.gap_before and len(text) < 300 and line.hint != "caption"
                and _squash(nxt.text) == _squash(text)):
            out.caption(text)
            continue
        if previous is not None and not line.gap_before and len(text) < 300 and _squash(previous) == _squash(text):
            out.drop(text, "caption printed twice")
            continue
        if _classify_body_line(line, previous, out):
            continue
        key = _squash(text)
        if key in state.seen:
            out.drop(text, "duplicate of an earlier paragraph")
            continue
        if not is_agency_lead(text) and not _is_cut_ending(lines, i):
            if after_placeholder and len(text) <= 250:
                out.caption(text, "caption (after an image placeholder)")
                continue
            if nxt is not None and _is_credit_only(nxt.text) and len(text) <= 250:
                out.caption(text, "caption (above a photo credit)")
                continue
            if not out.markup and looks_like_caption_sentence(text):
                out.caption(text, "caption (a photo caption sentence)")
                continue
            if (not _is_sentence(text) and len(text) < 160 and not _ELLIPSIS.search(text)
                    and not _SENTENCE_INSIDE.search(text)):
                out.caption(text, "caption (a line without closing punctuation)")
                continue
        state.seen.add(key)
        out.paragraphs.append((i, text))


def _title_printed_twice(lines: list[_Line]) -> str | None:
    """With no headline above the body, a heading-like line the page prints twice is the headline.

    Some mobile pages open with the lead and print the headline twice further down.
    """
    counts: dict[str, int] = {}
    for line in lines:
        if _title_candidate(line) and syllables(line.text) >= 5:
            key = _squash(line.text)
            counts[key] = counts.get(key, 0) + 1
            if counts[key] == 2:
                return line.text
    return None


def _drop_teasers(out: _Builder) -> None:
    """Remove a truncated teaser ("... Không còn thôn,...") that repeats the paragraphs after it."""
    kept: list[tuple[int, str]] = []
    paragraphs = out.paragraphs
    for k, (at, text) in enumerate(paragraphs):
        if _ELLIPSIS.search(text) and k + 1 < len(paragraphs):
            stem = _squash(_ELLIPSIS.sub("", text)).rstrip(" ,;")
            rest, size = [], 0
            for _, later in paragraphs[k + 1 :]:  # only as much of the rest as the stem needs
                rest.append(later)
                size += len(later) + 1
                if size > len(stem):
                    break
            if len(stem) >= 40 and _squash(" ".join(rest)).startswith(stem):
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
    out = _Builder()
    lines = _lines(raw, out)
    if not lines:
        return out.build()
    start = _body_start(lines)
    _read_header(lines, start, out)
    if out.title is None and (title := _title_printed_twice(lines[start:])):
        out.title = title
    _read_body(lines, start, out)
    _drop_teasers(out)
    _agency_source(out)
    return out.build()
