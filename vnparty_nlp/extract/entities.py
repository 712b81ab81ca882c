"""Party and state organisations, and people with their positions.

``extract_organisations(text)``: "Đảng bộ xã Trường Xuân", "Chi bộ thôn 3", "Huyện uỷ Đắk Song",
"Ban Tổ chức Huyện uỷ", "UBND huyện", "Uỷ ban Kiểm tra Tỉnh uỷ" ... as written.

``extract_people(text)``: a personal name with the position written next to it
("đồng chí Nguyễn Văn A, Bí thư Huyện uỷ", "Chủ tịch UBND huyện Trần Văn B",
"Đoàn Văn Sự - Phó Bí thư Huyện uỷ"); ``position`` is "" when none is given.

Rules over a small grammar of Vietnamese administrative writing: the heads of
organisation names and of positions are a closed, short list, and names are
capitalised, so a rule set is measurable and explainable (``docs/figures.md``).

>>> [o.text for o in extract_organisations("Ban Thường vụ Huyện uỷ Chi Lăng chỉ đạo Chi bộ thôn 3 và UBND huyện.")]
['Ban Thường vụ Huyện uỷ Chi Lăng', 'Chi bộ thôn 3', 'UBND huyện']
>>> [(p.name, p.position) for p in extract_people("Đồng chí Nguyễn Thị Thu Hà, Bí thư Huyện ủy Đầm Hà cho biết")]
[('Nguyễn Thị Thu Hà', 'Bí thư Huyện ủy Đầm Hà')]
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from vnparty_nlp._checks import check_str
from vnparty_nlp.extract._fold import fold

__all__ = ["Organisation", "Person", "extract_organisations", "extract_people"]


@dataclass(frozen=True)
class Organisation:
    """An organisation named in a text; ``text == source[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Person:
    """A person named in a text with the position written next to it ("" when none)."""

    name: str
    position: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------ organisations
# Heads, folded (one tone placement, lower-case). A prefix ("Ban Tổ chức") may stand
# before a committee ("Huyện uỷ"); a committee or body may be followed by its level
# word and its place ("huyện Đắk Song") or by a capitalised name ("Chi bộ Bưu điện").
_PREFIXES = (
    "ban thường vụ", "btv", "ban chấp hành", "bch", "ban tổ chức", "ban tuyên giáo", "ban dân vận",
    "ban kiểm tra", "uỷ ban kiểm tra", "ubkt", "văn phòng", "ban nội chính", "ban cán sự đảng",
    "ban chỉ đạo", "ban thường trực",
)
_COMMITTEES = (
    "huyện uỷ", "tỉnh uỷ", "thành uỷ", "thị uỷ", "quận uỷ", "đảng uỷ", "đảng bộ", "chi bộ", "huyện đoàn",
    "tỉnh đoàn", "chi đoàn", "đoàn thanh niên", "ubnd", "hđnd", "uỷ ban nhân dân", "hội đồng nhân dân",
    "tand", "toà án nhân dân",
    "viện kiểm sát nhân dân", "vksnd", "công an", "bộ chỉ huy quân sự", "ban chỉ huy quân sự",
    "hội nông dân", "hội phụ nữ", "hội liên hiệp phụ nữ", "hội cựu chiến binh", "liên đoàn lao động",
    "trung tâm", "sở", "phòng", "bộ chính trị", "ban bí thư", "trung ương đảng", "khối", "trường chính trị",
    "ban xây dựng đảng",
)
_LEVEL_WORDS = (
    "xã", "huyện", "tỉnh", "thị trấn", "thành phố", "thị xã", "phường", "quận", "thôn", "bon", "buôn",
    "bản", "tổ dân phố", "khu phố", "trung ương", "tối cao", "cơ sở",
)
_MODIFIERS = ("quân sự", "các cơ quan", "khối cơ quan", "cơ quan", "nhân dân", "cơ sở")
_ORG_RE = re.compile(
    r"(?<![^\W\d_])(?:(?P<prefix>" + "|".join(map(re.escape, sorted(_PREFIXES, key=len, reverse=True)))
    + r")\s+)?(?P<head>" + "|".join(map(re.escape, sorted(_COMMITTEES, key=len, reverse=True))) + r")(?![^\W\d_])"
)
# Bodies that are one organisation even when written alone ("Huyện uỷ", "UBND huyện").
_STANDALONE = frozenset({
    "huyện uỷ", "tỉnh uỷ", "thành uỷ", "thị uỷ", "quận uỷ", "ubnd", "hđnd", "huyện đoàn", "tỉnh đoàn",
    "uỷ ban nhân dân", "hội đồng nhân dân", "tand", "toà án nhân dân", "bộ chính trị", "ban bí thư",
    "ban xây dựng đảng", "vksnd", "viện kiểm sát nhân dân",
})
_NEEDS_NAME = frozenset({"trung tâm", "sở", "phòng", "khối", "công an", "trường chính trị", "chi đoàn"})
# Lower-case words that end an organisation's name ("Chi bộ Bưu điện | và").
_ORG_BREAKS = frozenset(
    """và với của đã được có tại trong trên là cho thuộc trực đi ở từ đến vào về ra tham hoàn đang sẽ bị như
    gồm theo để do nên mà thì các những mỗi này đó luôn cũng đều tổ chức tăng giảm phối mở chỉ lãnh thực
    triển quán kiểm giám xây nâng phát tiếp chủ nhằm cùng vừa họp ban hành lần sinh""".split()
)
_TOKEN_RE = re.compile(r"\s*(?P<sep>[-–]\s*)?(?P<tok>[^\W_]+(?:'[^\W_]+)?)")


def _name_run(text: str, i: int, *, after_level: bool) -> int:
    """End of an organisation's own name starting at ``i`` ("Bưu điện", "Quân khu 2", "Đầm Hà")."""
    end = i
    first = True
    lower_run = 0
    while True:
        m = _TOKEN_RE.match(text, end)
        if not m:
            break
        tok = m.group("tok")
        folded = fold(tok).key
        if first:
            if not (tok[0].isupper() or (after_level and tok.isdigit())):
                break
        elif m.group("sep") and not tok[0].isupper():
            break
        elif tok.isdigit():
            end = m.end()
            break
        elif not tok[0].isupper():
            if after_level:
                break  # a place's name is capitalised: "xã Đức Hạnh | trước đây"
            if folded in _ORG_BREAKS or lower_run >= 2 or folded in ("xã", "huyện", "tỉnh", "thôn"):
                if folded in ("tỉnh", "huyện") and not _TOKEN_RE.match(text, m.end()):
                    end = m.end()
                elif folded in ("tỉnh", "huyện"):
                    nxt = _TOKEN_RE.match(text, m.end())
                    if nxt and not nxt.group("tok")[0].isupper():
                        end = m.end()  # "Bệnh viện Đa khoa tỉnh": a trailing level word
                break
            lower_run += 1
        else:
            lower_run = 0
        if first and tok.isdigit():
            end = m.end()
            break
        first = False
        end = m.end()
        if folded in ("đảng",) and not tok[0].isupper():
            break
    # A name never ends on a lower-case word that is only a connector.
    return end


def _phrase(key: str, i: int, phrases: tuple[str, ...]) -> int:
    """End of the phrase of ``phrases`` after the spaces at ``i`` (``i`` if none)."""
    m = re.compile(r"\s+").match(key, i)
    if not m:
        return i
    j = m.end()
    for phrase in sorted(phrases, key=len, reverse=True):
        if key.startswith(phrase, j) and (j + len(phrase) >= len(key) or not key[j + len(phrase)].isalnum()):
            return j + len(phrase)
    return i


def extract_organisations(text: str) -> list[Organisation]:
    """Organisations named in ``text``, as written, in text order.

    Generic mentions ("các chi bộ", "đảng bộ cơ sở", "chi bộ thôn, bản") are not
    organisations: a Party body needs its own name, its place, or a capital letter.
    """
    text = check_str(text, "extract_organisations")
    folded = fold(text)
    key = folded.key
    out: list[Organisation] = []
    last_end = -1
    for m in _ORG_RE.finditer(key):
        s = folded.pos[m.start()]
        if s < last_end:
            continue
        head = m.group("head")
        end_k = _phrase(key, m.end(), _MODIFIERS)
        level_k = _phrase(key, end_k, _LEVEL_WORDS)
        has_level = level_k > end_k
        end = folded.pos[level_k]
        name_end = _name_run(text, end, after_level=has_level)
        has_name = name_end > end
        end = name_end
        if has_name:
            # "Phòng Nông nghiệp - PTNT huyện Đắk Song": the name, then its place.
            k = folded.key_index(end)
            level2 = _phrase(key, k, _LEVEL_WORDS)
            if level2 > k:
                end2 = _name_run(text, folded.pos[level2], after_level=True)
                if end2 > folded.pos[level2]:
                    end = end2
        capital = text[s].isupper()
        if head in _NEEDS_NAME and not (capital and (has_name or _name_run(text, folded.pos[m.end()], after_level=False)
                                                     > folded.pos[m.end()])):
            continue
        if head in _NEEDS_NAME and not has_name:
            end = _name_run(text, folded.pos[m.end()], after_level=False)
            level_k = _phrase(key, folded.key_index(end), _LEVEL_WORDS)
            end = max(end, folded.pos[level_k])
        elif not (has_name or m.group("prefix") or head in _STANDALONE or (has_level and capital)):
            continue
        if has_level and not has_name and not capital and head not in _STANDALONE and not m.group("prefix"):
            continue
        name = text[s:end].rstrip(" ,-–")
        out.append(Organisation(name, s, s + len(name)))
        last_end = s + len(name)
    return out


# ------------------------------------------------------------------- people
_POSITION_HEADS = (
    "phó bí thư", "bí thư", "phó chủ tịch", "chủ tịch", "phó trưởng ban", "trưởng ban", "phó trưởng",
    "trưởng", "phó giám đốc", "giám đốc", "phó chánh án", "chánh án", "uỷ viên", "uvbtv", "ubtv",
    "phó ct", "ct", "chủ nhiệm", "phó chủ nhiệm", "tỉnh uỷ viên", "huyện uỷ viên", "thường trực",
    "nguyên", "đại biểu quốc hội", "chính uỷ", "chỉ huy trưởng", "viện trưởng", "phó viện trưởng",
    "thủ tướng", "phó thủ tướng", "bộ trưởng", "thứ trưởng", "tổng bí thư", "chủ nhiệm uỷ ban",
    "trưởng phòng", "phó trưởng phòng", "trưởng đoàn", "thành viên", "đại tá", "thiếu tướng", "trung tướng",
)
_POSITION_RE = "|".join(map(re.escape, sorted(_POSITION_HEADS, key=len, reverse=True)))
_TITLES = r"đồng chí|đ/c|ông|bà|anh|chị|đồng chí"
_SYL = r"[^\W\d_a-zđ][^\W\d_]*"
_NAME = rf"{_SYL}(?:\s+{_SYL}){{1,4}}"
_SURNAMES = frozenset(
    fold(s).key
    for s in """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đoàn Đào Đinh Mai Trịnh
    Lương Lâm Hà Tô Tạ Chu Vương Quách Nông Triệu Thái Cao Kiều Lục Hứa Phùng Lưu Đàm Tăng La Lò Y H' Kim Âu Mạc
    Thân Khổng Giáp Diệp Tôn Ninh Đồng Bế Hầu Lã Sầm Tống Văn Đàng Quan""".split()
)
# Where a position ends: a verb or connective that starts the rest of the sentence.
_POSITION_STOP = re.compile(
    r"\s+(?:cho biết|cho hay|nói|nhận định|chia sẻ|chủ trì|phát biểu|đã|đến dự|dự|làm|và các|cùng|tham dự|"
    r"nhấn mạnh|khẳng định|"
    r"yêu cầu|đề nghị|trao|tặng|được|vừa|là|với|tại|về|trong|có|giữ chức)(?![^\W\d_])"
)


def _position_end(text: str, key: str, start: int) -> int:
    """End of the position phrase that starts at ``start`` (several, joined by ", ")."""
    limit = len(text)
    for ch in ".;:()\n“\"":
        i = text.find(ch, start)
        if i != -1:
            limit = min(limit, i)
    stop = _POSITION_STOP.search(key, start, limit)
    end = stop.start() if stop else limit
    # Several positions joined by commas: keep a part only if it is a position too.
    parts = text[start:end].split(",")
    kept = [parts[0]]
    for part in parts[1:]:
        if re.match(rf"\s*(?:{_POSITION_RE})(?![^\W\d_])", fold(part).key):
            kept.append(part)
        else:
            break
    return start + len(",".join(kept).rstrip(" -–"))


def _is_name(name: str, titled: bool) -> bool:
    words = name.split()
    if len(words) < 2 or len(words) > 5:
        return False
    if any(fold(w).key in ("uỷ", "ubnd", "huyện", "tỉnh", "đảng", "ban", "bộ") for w in words):
        return False
    return titled or fold(words[0]).key in _SURNAMES


def extract_people(text: str) -> list[Person]:
    """People named in ``text`` with their positions, in text order, each once."""
    text = check_str(text, "extract_people")
    folded = fold(text)
    key = folded.key
    found: dict[str, Person] = {}
    # 1. [title] NAME, POSITION   /   [title] NAME - POSITION
    for m in re.finditer(rf"(?:(?<![^\W\d_])(?P<title>(?i:{_TITLES}))\s+)?(?P<name>{_NAME})", text):
        name, titled = m.group("name"), m.group("title") is not None
        # Trim trailing words that start a position ("Nguyễn Văn A Bí thư").
        name_words = name.split()
        while name_words and fold(name_words[-1]).key in ("bí", "phó", "chủ", "trưởng", "giám", "uỷ", "cán"):
            name_words.pop()
        name = " ".join(name_words)
        if not _is_name(name, titled) or name[0].islower():
            continue
        name_end = m.start("name") + len(name)
        after = re.match(r"\s*(?:,|[-–])\s*", text[name_end:])
        position = ""
        if after:
            p_start = name_end + after.end()
            k_start = folded.key_index(p_start)
            if re.match(rf"(?:{_POSITION_RE})(?![^\W\d_])", key[k_start:]):
                p_end = _position_end(text, key, k_start)
                position = text[folded.pos[k_start] : folded.pos[min(p_end, len(key))]].strip(" ,-–")
        if position or titled:
            found.setdefault(name, Person(name, position, m.start("name"), name_end))
    # 2. POSITION NAME: "Chủ tịch UBND huyện Trần Văn B", "Phó bí thư Huyện uỷ - Đoàn Văn Sự".
    for m in re.finditer(rf"(?<![^\W\d_])(?:{_POSITION_RE})(?![^\W\d_])", key):
        s = folded.pos[m.start()]
        window = text[s : s + 120]
        cut = re.search(r"[.;:()\n]", window)
        window = window[: cut.start()] if cut else window
        for nm in re.finditer(rf"(?:^|[\s\-–,]+)({_NAME})", window):
            cand = nm.group(1)
            words = cand.split()
            # The name is the last 2-4 capitalised words that look like a name.
            for n in (4, 3, 2):
                if len(words) >= n and fold(words[-n]).key in _SURNAMES and _is_name(" ".join(words[-n:]), False):
                    name = " ".join(words[-n:])
                    if name in found:
                        break
                    position = window[: nm.start(1) + cand.index(name)].strip(" ,-–")
                    if position and not re.search(r"\b(?:ông|bà|đồng chí)$", fold(position).key):
                        found.setdefault(name, Person(name, position, s + nm.start(1) + cand.index(name),
                                                      s + nm.start(1) + cand.index(name) + len(name)))
                    break
            break
    return sorted(found.values(), key=lambda p: p.start)
