"""Date stamps as Vietnamese news sites print them.

A *stamp* is a line that holds a date and nothing else of substance: labels
("Cập nhật:", "Ngày đăng:", "Đăng lúc"), weekdays ("Thứ Ba", "Chủ nhật", "T5"),
"lúc", times ("15:37", "9h30"), a time zone ("(GMT+7)") and a trailing view or
comment count may surround it. The date itself is numeric (12/3/2020,
12-03-2020, 12.03.2020, 2020-03-12) or written out ("ngày 12 tháng 3 năm 2020").
A body sentence that mentions a date ("Ngày 12/3/2020, Đảng ủy xã ...") is not
a stamp: words of its own are left over once the stamp's parts are removed.

A stamp that says "Hôm nay" is the site's clock (today's date in the page
header), never the article's date.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

__all__ = ["Stamp", "read_stamp", "store_stamp"]

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_WORDED = re.compile(
    r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})(?!\d)", re.IGNORECASE
)
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|giờ)\s*\d{0,2}(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch)\b)?", re.IGNORECASE)
_CLOCK_WORDS = re.compile(r"\b(?:hôm\s+nay|today)\b", re.IGNORECASE)
# Everything that may surround a date in a stamp, removed before checking that nothing is left.
_FILLER = re.compile(
    r"(?:cập\s+nhật|ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|đăng\s+tải|ngày\s+xuất\s+bản|xuất\s+bản|"
    r"thời\s+gian\s+đăng|thời\s+gian|ngày\s+viết|ngày\s+gửi|gửi\s+lúc|published|posted|updated|"
    r"hôm\s+nay|today|vào\s+lúc|lúc|ngày|"
    r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|\bcn\b|\bt[2-7]\b|"
    r"gmt\s*[+-]\s*\d{1,2}|"
    r"(?:số\s+)?lượt\s+(?:xem|đọc|truy\s+cập)|lượt\s+thích|bình\s+luận|views?|\bxem\b)",
    re.IGNORECASE,
)
_LEFTOVER_WORD = re.compile(r"[^\W\d_]{2,}")
_STORE = re.compile(r"^\s*(?:date\s+(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?|null)(?=\s)")


@dataclass(frozen=True)
class Stamp:
    """A date stamp read from a line: the date, whether it prints a time, whether it is the site's clock."""

    date: _dt.date
    has_time: bool
    clock: bool


def _make_date(year: int, month: int, day: int) -> _dt.date | None:
    if not 1945 <= year <= 2100:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _find_date(line: str) -> tuple[_dt.date, re.Match[str]] | None:
    for pattern, order in ((_WORDED, "dmy"), (_NUMERIC, "dmy"), (_ISO, "ymd")):
        match = pattern.search(line)
        if match:
            numbers = [int(g) for g in match.groups() if g and g.isdigit()]
            day, month, year = numbers if order == "dmy" else numbers[::-1]
            date = _make_date(year, month, day)
            if date:
                return date, match
    return None


def read_stamp(line: str) -> Stamp | None:
    """The stamp on ``line``, or None when the line is not a date stamp.

    >>> read_stamp("Cập nhật lúc 08:43, Thứ Năm, 22/12/2016 (GMT+7)")
    Stamp(date=datetime.date(2016, 12, 22), has_time=True, clock=False)
    >>> read_stamp("Ngày đăng: 12/03/2020 | Lượt xem: 1.234").date
    datetime.date(2020, 3, 12)
    >>> read_stamp("Hôm nay, Thứ hai ngày 10/08/2020").clock
    True
    >>> read_stamp("Thứ Sáu, ngày 12 tháng 3 năm 2021 - 9h30").date
    datetime.date(2021, 3, 12)
    >>> read_stamp("Ngày 12/3/2020, Đảng ủy xã kết nạp 5 đảng viên.") is None
    True
    """
    if len(line) > 120:
        return None
    found = _find_date(line)
    if found is None:
        return None
    date, match = found
    rest = line[: match.start()] + " " + line[match.end() :]
    has_time = bool(_TIME.search(rest))
    rest = _FILLER.sub(" ", _TIME.sub(" ", rest))
    if _LEFTOVER_WORD.search(rest):
        return None
    return Stamp(date, has_time, bool(_CLOCK_WORDS.search(line)))


def store_stamp(text: str) -> tuple[str, _dt.date | None] | None:
    """The stamp an archive put in front of a stored page: `` date 2020-03-12 `` or ``null``.

    Returns the stamp's text and its date (None unless it gives a full day), or
    None when the text does not start with one.

    >>> store_stamp(" date 2025-09-30 Sáng 30/9, Đại hội khai mạc.")
    (' date 2025-09-30', datetime.date(2025, 9, 30))
    >>> store_stamp(" date 2023-07 Kỳ họp thứ 13")
    (' date 2023-07', None)
    >>> store_stamp("Dated text") is None
    True
    """
    match = _STORE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    date = _make_date(int(year), int(month), int(day)) if year and month and day else None
    return match.group(0), date
