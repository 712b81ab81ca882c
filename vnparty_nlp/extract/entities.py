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
# word and its place ("huyện Đắk Song") or by its own name ("Chi bộ Bưu điện").
_PREFIXES = (
    "ban thường vụ", "btv", "ban chấp hành", "bch", "ban tổ chức", "ban tuyên giáo", "ban dân vận",
    "ban kiểm tra", "uỷ ban kiểm tra", "ubkt", "văn phòng", "ban nội chính", "ban cán sự đảng",
    "ban chỉ đạo", "ban thường trực", "thường trực", "ban kinh tế",
)
_COMMITTEES = (
    "huyện uỷ", "tỉnh uỷ", "thành uỷ", "thị uỷ", "quận uỷ", "đảng uỷ", "đảng bộ", "chi bộ", "huyện đoàn",
    "tỉnh đoàn", "chi đoàn", "đoàn thanh niên", "ubnd", "hđnd", "uỷ ban nhân dân", "hội đồng nhân dân",
    "tand", "toà án nhân dân",
    "viện kiểm sát nhân dân", "vksnd", "công an", "bộ chỉ huy quân sự", "ban chỉ huy quân sự",
    "hội nông dân", "hội phụ nữ", "hội liên hiệp phụ nữ", "hội cựu chiến binh", "liên đoàn lao động",
    "trung tâm", "sở", "phòng", "bộ chính trị", "ban bí thư", "trung ương đảng", "khối", "trường chính trị",
    "ban xây dựng đảng",
    # The State's central bodies, its ministries and inspectorates, the council's committees.
    "quốc hội", "chính phủ", "đoàn đại biểu quốc hội", "bộ", "cục", "thanh tra", "hạt kiểm lâm",
    "cơ quan cảnh sát điều tra", "ban dân tộc", "ban pháp chế", "ban văn hoá - xã hội", "ban kinh tế - xã hội",
    "ubkttw", "trung ương", "t.ư", "t.w", "tw", "kiểm toán nhà nước",
)
_LEVEL_WORDS = (
    "xã", "huyện", "tỉnh", "thị trấn", "thành phố", "thị xã", "phường", "quận", "thôn", "bon", "buôn",
    "bản", "tổ dân phố", "khu phố", "trung ương", "tối cao", "cơ sở", "tp.", "tp",
)
_MODIFIERS = ("quân sự", "khối các cơ quan", "các cơ quan", "khối cơ quan", "cơ quan", "nhân dân", "cơ sở", "khối")
_ORG_RE = re.compile(
    r"(?<![^\W\d_])(?:(?P<prefix>" + "|".join(map(re.escape, sorted(_PREFIXES, key=len, reverse=True)))
    + r")\s+)?(?P<head>" + "|".join(map(re.escape, sorted(_COMMITTEES, key=len, reverse=True))) + r")(?![^\W\d_])"
)
# Bodies that are one organisation even when written alone ("Huyện uỷ", "Bộ Chính trị"). A people's
# committee or council ("UBND", "HĐND") alone is any of them: it needs its level ("UBND huyện").
_STANDALONE = frozenset({
    "huyện uỷ", "tỉnh uỷ", "thành uỷ", "thị uỷ", "quận uỷ", "huyện đoàn", "tỉnh đoàn",
    "bộ chính trị", "ban bí thư", "ban xây dựng đảng", "ubkttw", "đoàn đại biểu quốc hội",
})
# Written with a capital when they name the body ("Quốc hội", "Chính phủ"; not "đề án chính phủ").
_CAPITALISED = frozenset({"quốc hội", "chính phủ", "kiểm toán nhà nước"})
# A model of government, not the body: "Chính phủ điện tử", "Chính phủ số", "Chính phủ không giấy tờ",
# "Chính phủ kiến tạo" (not "Chính phủ số 163": a number).
_GOVERNMENT_MODEL = re.compile(r"\s+(?:điện tử|số hoá|số(?!\s*\d)|không giấy tờ|kiến tạo|liêm chính)(?![^\W\d_])")
# Only after a prefix: "Uỷ ban Kiểm tra Trung ương", "Ban Chấp hành Trung ương", "Uỷ ban Kiểm tra T.Ư"
# (not "Nghị quyết Trung ương 4").
_AFTER_PREFIX = frozenset({"trung ương", "t.ư", "t.w", "tw"})
# Heads that are common words too: a capital and a name or a level make them a body
# ("Sở Tài nguyên và Môi trường", "Thanh tra tỉnh"; not "thanh tra công tác").
_NEEDS_NAME = frozenset({
    "trung tâm", "sở", "phòng", "khối", "công an", "trường chính trị", "chi đoàn", "bộ", "cục", "thanh tra",
    "hạt kiểm lâm", "cơ quan cảnh sát điều tra", "ban dân tộc", "ban pháp chế", "ban văn hoá - xã hội",
    "ban kinh tế - xã hội",
})
# A position word right before a prefix makes the prefix part of the position.
_POSITION_BEFORE = re.compile(r"(?:bí thư|chủ tịch|chánh|trưởng)\s+$")
# A title written into a body's name makes a lower-case head one ("trưởng phòng Tài nguyên").
_TITLE_BEFORE = re.compile(r"(?:trưởng|phó|giám đốc|chánh)\s+$")
# Bodies whose own name may be lower-case: "Trung tâm bồi dưỡng chính trị huyện", "Cục thi hành án".
_LOWER_NAMED = frozenset({"trung tâm", "cục", "ban chỉ đạo"})
# Lower-case words that end an organisation's name ("Chi bộ Bưu điện | và").
_ORG_BREAKS = frozenset(
    """và với của đã được có tại trong trên là cho thuộc trực đi ở từ đến vào về ra tham hoàn đang sẽ bị như
    gồm theo để do nên mà thì các những mỗi này đó luôn cũng đều tổ chức tăng giảm phối mở chỉ lãnh thực
    triển quán kiểm giám xây nâng phát tiếp chủ nhằm cùng vừa họp ban hành lần sinh còn nhiệm khoá
    khóa năm ngày tháng giai đề""".split()
)
# Lower-case level words inside a name: the name runs up to them and the caller reads the place.
_INNER_LEVELS = frozenset({"xã", "huyện", "tỉnh", "thôn", "phường", "quận"})
# A word (its marks may come decomposed) and the dash or "&" before it.
_TOKEN_RE = re.compile(r"\s*(?P<sep>[-–&]\s*)?(?P<tok>(?:[^\W_]|[\u0300-\u036f])+(?:['’](?:[^\W_]|[\u0300-\u036f])+)?)")
_LOWER_RUN = 5  # lower-case syllables a name may hold between two capitalised words
# Abbreviations written with a dot inside a name: "TP. HCM", "TX. Gia Nghĩa", "T.Ư".
_DOTTED = frozenset({"tp", "tx", "tt", "t"})
_ABBREVIATION_DOT = re.compile(r"\.\s?(?=[^\W\d_])")


def _starts_person(text: str, i: int) -> bool:
    """A personal name starts at ``i``: a surname and two more capitalised syllables ("Nguyễn Thiện Nhân")."""
    m = re.compile(r"\s*([^\W\d_]+)\s+([^\W\d_]+)\s+([^\W\d_]+)").match(text, i)
    return bool(m and fold(m.group(1)).key in _SURNAMES and all(g[0].isupper() for g in m.groups()))


def _known_place(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a province or a district."""
    from vnparty_nlp.extract.places import _gazetteer, _place_key

    provinces, districts = _gazetteer()
    return _place_key(name) in provinces or _place_key(name) in districts


def _place_at(text: str, i: int) -> bool:
    """A province or district the gazetteer knows is named at ``i`` ("Đồng Nai", "Hóc Môn")."""
    from vnparty_nlp.extract.places import _gazetteer, _place_key

    provinces, districts = _gazetteer()
    words = re.findall(r"[^\W\d_]+", text[i : i + 30])
    city_before = re.search(r"(?:thành phố|tp\.?)\s*$", fold(text[max(0, i - 12) : i]).key)
    if fold(" ".join(words[:3])).key == "hồ chí minh" and not city_before:
        return False  # "Hồ Chí Minh" alone is the person (as in extract_places)
    return any(
        all(w[0].isupper() for w in words[:n]) and (_place_key(" ".join(words[:n])) in provinces
                                                     or _place_key(" ".join(words[:n])) in districts)
        for n in (3, 2) if len(words) >= n
    )


# Level words whose places the gazetteer lists in full (provinces and districts; not communes).
_GAZETTEER_LEVEL = re.compile(r"(?<![^\W\d_])(?:tỉnh|thành phố|huyện|quận|thị xã|tp\.?)\s*$")


def _person_here(text: str, m: re.Match[str], first: bool, so_far: int, after_level: bool) -> bool:
    """Whether a person's name starts at token ``m`` of a place's name: a surname and two more
    capitalised syllables ("Tỉnh uỷ | Phan Thị Mỹ Thanh"), or, after a name of two syllables or
    more, a surname and one ("Huyện uỷ Hóc Môn | Nguyễn Cư")."""
    if _INSTITUTION_BEFORE.search(fold(text[max(0, m.start("tok") - 25) : m.start("tok")]).key):
        return False  # "trường THCS Phan Bội Châu": named after a person, not the person
    if first and after_level and _GAZETTEER_LEVEL.search(fold(text[max(0, m.start("tok") - 12) : m.start("tok")]).key):
        # After a province's or a district's word the gazetteer knows every name: one it does not
        # know that reads as a person is the person ("UBND thành phố | Nguyễn Thế Thảo").
        return _starts_person(text, m.start("tok")) and not _place_at(text, m.start("tok"))
    if (first and after_level) or _place_at(text, m.start("tok")):
        return False  # "huyện Hoàng Su Phì", "Tỉnh uỷ Đồng Nai", "xã Hoàng Văn Thụ": the place itself
    if _starts_person(text, m.start("tok")):
        return True
    if first or " " not in text[m.start() - so_far : m.start()].strip():
        return False
    nxt = _TOKEN_RE.match(text, m.end())
    capitalised_next = bool(nxt and nxt.group("tok")[0].isupper() and not nxt.group("sep"))
    return fold(m.group("tok")).key in _SURNAMES and capitalised_next


def _starts_body(text: str, i: int, *, inside: bool = False) -> bool:
    """Another organisation's head starts at ``i`` ("và Chi bộ Đài viễn thông", "– UBND huyện").
    ``inside`` a name a one-word head is a word of it ("Hải Phòng", "Thanh tra Bộ Xây dựng")."""
    m = _ORG_RE.match(fold(text[i : i + 40]).key)
    return bool(m and not (inside and " " not in m.group(0)))


def _name_run(text: str, i: int, *, after_level: bool, lower_first: bool = False, place: bool = False) -> int:
    """End of an organisation's own name starting at ``i`` ("Bưu điện", "Quân khu 2", "Đầm Hà",
    "Tài nguyên và Môi trường", "Tổng công ty Tài chính cổ phần dầu khí VN").

    Capitalised words, digits after them, and lower-case words between capitalised ones belong
    to the name; lower-case words at its end only when pyvi reads them as nouns ("Chi bộ Quản
    lý thị trường", not "UBKT Huyện uỷ Kim Bôi | kết luận"). A place's name (``after_level``)
    is capitalised throughout. A body not named after a person (``place``: all but schools) stops
    before a person's name ("Thành uỷ | Nguyễn Thiện Nhân"); any name stops before another body's head.
    """
    end = pos = i
    first = True
    run: list[tuple[int, int]] = []  # lower-case syllables not yet known to belong to the name
    while True:
        m = _TOKEN_RE.match(text, pos)
        if not m:
            break
        tok = m.group("tok")
        folded = fold(tok).key
        upper = tok[0].isupper()
        if m.group("sep") is not None and m.group("sep").strip() == "&":
            # "&" is written only inside names: it joins two parts of one, whatever their case
            # ("Bộ Kế hoạch & đầu tư", "Sở GD & ĐT"). The word after it is pyvi's word there.
            if run:
                done = _nouns_end(text, i, end, run, trailing=True)
                if done < run[-1][1]:
                    break
                run = []
            end = pos = _word_end(text, m.start("tok"))
            first = False
            continue
        if m.group("sep") is not None and (not upper or _starts_body(text, m.start("tok"))):
            break  # "Huyện uỷ – UBND huyện": a second body, not this one's name
        if folded in ("khoá", "khóa", "nhiệm"):
            break  # "Thành uỷ Đà Nẵng | nhiệm kỳ 2015-2020", "| Khoá IV"
        if first and not upper and not (after_level and tok.isdigit()) and not lower_first:
            break
        if upper or tok.isdigit():
            if not first and upper and _starts_body(text, m.start("tok"), inside=True):
                break  # "Tỉnh uỷ Đồng Nai việc | Uỷ ban Kiểm tra ..."
            if (place or after_level) and upper and _person_here(text, m, first, end - i, after_level):
                break
            end = pos = m.end()
            run = []
            first = False
            if tok.isdigit():
                break
            dot = _ABBREVIATION_DOT.match(text, end)
            if dot and fold(tok).key in _DOTTED and text[dot.end()].isupper():
                end = pos = dot.end()  # "Công an TP. HCM", "Uỷ ban Kiểm tra T.Ư": the dot of an abbreviation
            continue
        if after_level:
            if not first and _known_place(text[i : m.end()]):
                end = m.end()  # "huyện Đại từ": a known place written with a small letter
            break  # a place's name is capitalised: "xã Đức Hạnh | trước đây"
        if folded == "và":
            nxt = _TOKEN_RE.match(text, m.end())
            if (
                not nxt
                or not nxt.group("tok")[0].isupper()
                or _starts_body(text, nxt.start("tok"))
                or _POSITION_START.match(fold(text[nxt.start("tok") : nxt.start("tok") + 30]).key)
            ):
                break  # "và" joins two capitalised parts of one name only: "Tài nguyên và Môi trường"
        if folded != "và" and folded in _ORG_BREAKS:
            break
        if folded in _INNER_LEVELS:
            end = run[-1][1] if run else end
            return end if not run else _nouns_end(text, i, end, run)
        run.append((m.start("tok"), m.end()))
        first = False
        pos = m.end()
        if len(run) > _LOWER_RUN:
            break
    if run:
        end = _nouns_end(text, i, end, run, trailing=True)
    return end


def _word_end(text: str, i: int) -> int:
    """End of pyvi's word starting at ``i`` ("đầu_tư" of "đầu tư, liên quan")."""
    from vnparty_nlp.extract.figures import _pos_tags

    window = re.match(r"[^\W\d_]+(?:\s+[^\W\d_]+){0,3}", text[i:])
    if not window:
        return i
    first_word = _pos_tags(window.group(0))[0][0]
    syllables = list(re.finditer(r"[^\W\d_]+", text[i : i + window.end()]))
    n = min(first_word.count("_") + 1, len(syllables))
    return i + syllables[n - 1].end()


def _nouns_end(
    text: str, i: int, end: int, run: list[tuple[int, int]], trailing: bool = False, words_only: bool = False
) -> int:
    """The end of a lower-case run after a name: all of it before a level word ("Trung tâm bồi
    dưỡng chính trị | huyện"); at the name's end, the syllables that finish a capitalised word
    ("Bộ Xây dựng", "Thanh tra Chính phủ") and compound nouns after it ("Quản lý thị trường"),
    by pyvi's words and tags."""
    if not trailing:
        return run[-1][1]
    from vnparty_nlp.extract.figures import _pos_tags

    tags = _pos_tags(text[i : run[-1][1]])
    syllables = [(w.start() + i, w.end() + i) for w in re.finditer(r"[^\W_]+(?:['’][^\W_]+)?", text[i : run[-1][1]])]
    k = 0
    for word, tag in tags:
        if not any(ch.isalnum() for ch in word):
            continue  # punctuation: "Lao động- Thương binh"
        n = word.count("_") + 1
        if k + n > len(syllables):
            break
        word_start, word_end = syllables[k][0], syllables[k + n - 1][1]
        k += n
        if word_end <= end:
            continue
        if word_start < end:
            capitals = sum(text[a].isupper() for a, _b in syllables[k - n : k])
            if capitals != 1:
                break  # pyvi glues a name to the next word ("Vạn_Thạnh_bị"): not one word
            end = word_end  # the rest of a capitalised word: "Xây | dựng"
        elif n > 1 and tag in ("N", "Np", "Ny") and not words_only:
            end = word_end  # a compound noun: "thị_trường", "cổ_phần"
        else:
            break
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

    Generic mentions ("các chi bộ", "đảng bộ cơ sở", "chi bộ thôn, bản", "UBND" alone) are not
    organisations: a body needs its own name, its place, or a capital letter.

    >>> [o.text for o in extract_organisations("Sở Tài nguyên và Môi trường tỉnh Quảng Nam; Thanh tra Chính phủ.")]
    ['Sở Tài nguyên và Môi trường tỉnh Quảng Nam', 'Thanh tra Chính phủ']
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
        head, prefix = m.group("head"), m.group("prefix")
        capital = text[s].isupper()
        if key.startswith((" viên", " trưởng", " phó"), m.end()):
            continue  # "Tỉnh uỷ viên", "Cục trưởng": a position, not the body
        if prefix in ("thường trực", "văn phòng") and _POSITION_BEFORE.search(key, max(0, m.start() - 12), m.start()):
            # "Phó Bí thư Thường trực Huyện uỷ", "Chánh Văn phòng UBND": the prefix is the position's
            s = folded.pos[m.start("head")]
            prefix = None
            capital = text[s].isupper()
        if head in _AFTER_PREFIX and not prefix:
            continue
        head_capital = text[folded.pos[m.start("head")]].isupper()
        if head in _CAPITALISED and not head_capital:
            continue  # "đề án của chính phủ": a common word
        if head in _CAPITALISED and not prefix and _GOVERNMENT_MODEL.match(key, m.end()):
            continue  # "Chính phủ điện tử", "theo hướng Chính phủ không giấy tờ": a model of government
        end_k = _phrase(key, m.end(), _MODIFIERS)
        level_k = _phrase(key, end_k, _LEVEL_WORDS)
        has_level = level_k > end_k
        end = folded.pos[level_k]
        name_end = _name_run(
            text, end, after_level=has_level, lower_first=head in _LOWER_NAMED and capital and not has_level,
            place=head != "trường chính trị",
        )
        has_name = name_end > end
        end = name_end
        if has_name:
            # "Phòng Nông nghiệp - PTNT huyện Đắk Song": the name, then its place; "Trung tâm bồi
            # dưỡng chính trị huyện": a level word alone ends the name too.
            k = folded.key_index(end)
            level2 = _phrase(key, k, _LEVEL_WORDS)
            if level2 > k:
                end = max(folded.pos[level2], _name_run(text, folded.pos[level2], after_level=True))
        # A title written into the body's name stands for its capital: with its own name ("trưởng
        # phòng Tài nguyên và Môi trường"), or with its level after the head's own title ("Chánh
        # thanh tra tỉnh", "Phó thanh tra tỉnh"; not the role "trưởng công an xã" of any commune).
        title = _TITLE_BEFORE.search(key, max(0, m.start() - 12), m.start())
        titled = bool(title) and not _starts_body(text, folded.pos[level_k] + 1) and (
            has_name or title.group(0).strip() in ("chánh", "phó")  # type: ignore[union-attr]
        )
        if head in _NEEDS_NAME and not ((head_capital or titled) and (has_name or has_level)):
            # "Thanh tra tỉnh", "trưởng phòng Tài nguyên và Môi trường", "Chánh thanh tra tỉnh"; not
            # "cán bộ Ban ...", "thanh tra công tác"
            continue
        written = capital or titled
        if not (has_name or prefix or head in _STANDALONE or (head in _CAPITALISED) or (has_level and written)):
            continue
        if has_level and not has_name and not written and head not in _STANDALONE and not prefix:
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
    "tổng giám đốc", "phó tổng giám đốc", "chánh văn phòng", "phó chánh văn phòng", "chánh thanh tra",
    "phó chánh thanh tra", "hiệu trưởng", "phó hiệu trưởng", "giáo viên", "chuyên viên", "phó ban",
    "đại biểu hđnd", "đảng viên", "cục trưởng", "phó cục trưởng", "vụ trưởng", "phó vụ trưởng", "tài xế",
    # Members of any committee.
    "thành uỷ viên", "quận uỷ viên", "thị uỷ viên", "đảng uỷ viên",
)
_POSITION_RE = "|".join(map(re.escape, sorted(_POSITION_HEADS, key=len, reverse=True)))
_POSITION_START = re.compile(rf"(?:nguyên\s+)?(?:{_POSITION_RE})(?![^\W\d_])")  # "nguyên Chủ tịch ..."
_POSITION_ANY = re.compile(rf"(?<![^\W\d_])(?:nguyên\s+)?(?:{_POSITION_RE})(?![^\W\d_])")
# Titles before a name: "đồng chí", "ông", "bà", "anh", "chị", "cô", "thầy" (with "giáo").
_TITLE_RE = re.compile(r"(?<![^\W\d_])(?:đồng chí|đ/c|ông|bà|anh|chị|cô giáo|thầy giáo|cô|thầy)\s+$")
_UPPER = "".join(sorted({chr(c) for c in range(0x41, 0x1EFA) if chr(c).isupper() and chr(c).isalpha()}))
# A syllable of a name; ethnic minorities' names may hold an apostrophe ("H’Hoa", "K’Ré").
_SYL = rf"[{_UPPER}](?:[^\W\d_]|[\u0300-\u036f])*(?:['’](?:[^\W\d_]|[\u0300-\u036f])+)?"
_NAME_RUN = re.compile(rf"(?<![^\W\d_]){_SYL}(?:\s+{_SYL}){{0,9}}")
_SURNAMES = frozenset(
    fold(s).key
    for s in """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đoàn Đào Đinh Mai Trịnh
    Lương Lâm Hà Tô Tạ Chu Vương Quách Nông Triệu Thái Cao Kiều Lục Hứa Phùng Lưu Đàm Tăng La Lò Y H' Kim Âu Mạc
    Thân Khổng Giáp Diệp Tôn Ninh Đồng Bế Hầu Lã Sầm Tống Văn Đàng Quan Bạch Lượng Trương Tất Mao""".split()
)
# The first words of the names of the Central Highlands' peoples, which stand where a surname does:
# "Ka" (K'Ho and Mạ women), "Điểu" (Stiêng, M'Nông), and "H’", "K’" written onto the next syllable.
_ETHNIC_FIRST = frozenset({"ka", "điểu"})
_APOSTROPHE_FIRST = re.compile(r"[hk]['’]")


def _surname(word: str) -> bool:
    """Whether a name may start with ``word``: a common surname or an ethnic name's first word.

    >>> _surname("Nguyễn"), _surname("Ka"), _surname("H’Hoa"), _surname("Thành")
    (True, True, True, False)
    """
    key = fold(word).key
    return key in _SURNAMES or key in _ETHNIC_FIRST or bool(_APOSTROPHE_FIRST.match(key))


# Words that make the capitalised words after them a place or an institution, not a person
# ("đường Nguyễn Văn Linh", "trường THCS Phan Bội Châu", "tư tưởng Hồ Chí Minh" stays a person).
_NOT_PERSON_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:xã|phường|thị trấn|huyện|quận|tỉnh|thành phố|tp\.?|thôn|bản|ấp|làng|khu|bon|buôn|"
    r"khu phố|tổ dân phố|xóm)\s+$"
)
# Institutions named after people: the name after them is the institution's.
_INSTITUTION_BEFORE = re.compile(
    # "phố" is a street, not the end of "thành phố" or "khu phố"
    r"(?<![^\W\d_])(?:đường|(?<!thành )(?<!khu )phố|trường|thcs|thpt|tiểu học|mầm non|cầu|chợ|công ty|quỹ|"
    r"giải|bệnh viện|nhà máy|tập đoàn|học viện|đại học|quảng trường|cộng sản|tncs)\s+$"  # "Đoàn TNCS Hồ Chí Minh"
)
# The campaign "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" names him in a title.
_CAMPAIGN = re.compile(r"học tập và làm theo")
# Words that stop a position ("Phó Bí thư Huyện uỷ | vào chức danh ..."): verbs and connectives.
_POSITION_STOP = frozenset(
    """cho nói nhận chia chủ phát đã đến dự làm cùng nhấn khẳng yêu đề trao tặng được vừa là với tại về
    trong có giữ và bị cũng vào ghi xác tỏ đối kể hiện thì mà nên do để theo từ sẽ đang ra kết thống còn
    ký tiếp đánh quyết thi năm tuổi này thay ở""".split()
)
# Lower-case words that belong to a position's body ("phó bí thư huyện uỷ", "chủ tịch ubnd huyện").
_POSITION_WORDS = (
    "huyện", "tỉnh", "xã", "quận", "phường", "thôn", "ban", "sở", "phòng", "khối", "đoàn", "trường", "viện",
    "nước", "ubnd", "hđnd", "mttq", "uỷ", "thị trấn", "thành phố", "thị xã", "thường vụ", "thường trực",
    "nhân dân", "hội đồng", "uỷ ban", "kiểm tra", "thành viên", "uỷ viên", "đảng uỷ", "đảng bộ", "chi bộ",
    "đảng", "trung ương", "cơ quan", "mặt trận", "tổ quốc", "quân sự", "tổ chức", "tuyên giáo", "dân vận",
    "nội chính", "công an", "chi cục", "cục", "hành chính",
)
_POSITION_WORD_RE = re.compile(
    r"(?:" + "|".join(map(re.escape, sorted(_POSITION_WORDS, key=len, reverse=True))) + r")(?![^\W\d_])"
)


# A token and the punctuation before it (a position's words may be joined by commas).
_GAP_TOKEN_RE = re.compile(
    r"(?P<gap>[^\w’'\u0300-\u036f]*)(?P<tok>(?:[^\W_]|[\u0300-\u036f])+(?:['’](?:[^\W_]|[\u0300-\u036f])+)?)"
)


def _position_extent(text: str, start: int, limit: int) -> int:
    """End of the position that starts at ``start`` (at a position head): its head, the body
    and place it names, and more positions or bodies joined by ", " ("Bí thư Huyện uỷ, Chủ
    tịch UBND huyện"). It stops at a verb or connective, at punctuation, at a title or a
    person's name ("Bí thư Thành uỷ | Nguyễn Thiện Nhân"), and before ``limit``."""
    window = fold(text[start : start + 40])
    head = _POSITION_START.match(window.key)
    if not head:
        return start
    end = pos = start + window.pos[head.end()]
    pending: list[tuple[int, int]] = []
    while pos < limit:
        m = _GAP_TOKEN_RE.match(text, pos)
        if not m or m.end() > limit:
            break
        gap = m.group("gap")
        if gap.strip() == "." and fold(text[max(start, pos - 2) : pos]).key == "tp":
            gap = " "  # "Thành uỷ TP. HCM"
        if re.search(r"[.;:()\n“”\"!?]", gap):
            break
        tok = m.group("tok")
        key = fold(tok).key
        ahead = fold(text[m.start("tok") : m.start("tok") + 40]).key
        if "," in gap:
            if pending:
                done = _nouns_end(text, start, end, pending, trailing=True, words_only=True)
                if done < pending[-1][1]:
                    break
                end, pending = done, []  # "Bộ Chính trị, ...": "trị" ends a capitalised word
            ahead_f = fold(text[m.start("tok") : m.start("tok") + 40])
            again = _POSITION_START.match(ahead_f.key)
            if not (again or _starts_body(text, m.start("tok"))):
                break  # ", huyện Đức Cơ": not another position or body
            if again:
                end = pos = m.start("tok") + ahead_f.pos[again.end()]
                continue  # ", Phó chủ tịch ...": the next position's head
        title = re.match(r"(?:đồng chí|đ/c|ông|bà)\s", ahead)
        if (title and not (tok[0].isupper() and _title_word_is_place(text, m.start("tok"), []))) or (
            tok[0].isupper() and _person_here(text, m, False, 9, False)
        ):  # (not "tỉnh Bà Rịa - Vũng Tàu": a place)
            break  # a title or a person's name: the position ends before it
        if tok[0].isupper() or tok.isdigit():
            end = pos = m.end()
            pending = []
            continue
        nxt = _GAP_TOKEN_RE.match(text, m.end())
        if key == "và" and nxt and nxt.group("tok")[0].isupper() and not _POSITION_START.match(
            fold(text[nxt.start("tok") : nxt.start("tok") + 30]).key
        ):
            pending.append((m.start("tok"), m.end()))
            pos = m.end()
            continue  # "Trưởng phòng Tài nguyên và Môi trường"
        if key in _POSITION_STOP:
            break
        body_word = _POSITION_WORD_RE.match(ahead)
        if body_word:
            end = pos = m.start("tok") + fold(text[m.start("tok") : m.start("tok") + 40]).pos[body_word.end()]
            pending = []
            continue
        pending.append((m.start("tok"), m.end()))
        pos = m.end()
        if len(pending) > 6:
            break
    if pending and pending[0][0] >= end:
        # Only the rest of a capitalised word ("Bộ Chính | trị"): a lower-case word after a position
        # is far more often a verb pyvi calls a noun ("Bí thư Huyện uỷ | động viên").
        end = _nouns_end(text, start, end, pending, trailing=True, words_only=True)
    return end


def _is_name(words: list[str], titled: bool) -> bool:
    if not words or len(words) > 5 or (len(words) < 2 and not titled):
        return False
    if any(fold(w).key in ("uỷ", "ubnd", "hđnd", "huyện", "tỉnh", "đảng", "ban", "bộ", "thcs", "thpt") for w in words):
        return False
    return titled or _surname(words[0])


def _position_before(text: str, key: str, name_start: int, folded_text: Any) -> str:
    """The position written right before a name ("Bí thư Thành uỷ Nguyễn Thiện Nhân",
    "Uỷ viên Bộ Chính trị, Bí thư Thành uỷ TP HCM Nguyễn Thiện Nhân"), or ""."""
    lo = max(0, name_start - 160)
    cuts = [c.end() for c in _CLAUSE_END.finditer(text, lo, name_start)]
    lo = cuts[-1] if cuts else lo
    k_lo, k_hi = folded_text.key_index(lo), folded_text.key_index(name_start)
    for head in _POSITION_ANY.finditer(key, k_lo, k_hi):
        h = folded_text.pos[head.start()]
        end = _position_extent(text, h, name_start)
        between = fold(text[end:name_start]).key.strip(" ,-–")
        if not between or _TITLE_RE.fullmatch(between + " "):
            return text[h:end].strip(" ,-–")
    return ""


# Where a clause ends, for a position written before a name (not the dot of "TP. HCM").
_CLAUSE_END = re.compile(r"(?<!TP)(?<!Tp)[.;:()\n\"“”!?]")


def _quoted(text: str, i: int) -> bool:
    """Whether ``i`` is inside a quotation opened in the same sentence."""
    lo = max(text.rfind(ch, 0, i) for ch in ".!?\n") + 1
    return text.count("“", lo, i) > text.count("”", lo, i)


# The voter who speaks at a meeting is named right after the word ("Cử tri Lê Văn Tuyến thôn 6, ý kiến
# ..."); "tiếp xúc cử tri, ông X" and "cử tri Đồng Nai, ông X" are the meeting's, not X's.
_VOTER_BEFORE = re.compile(r"(?<![^\W\d_])cử tri\s+$")

def _voter_before(text: str, start: int) -> str:
    """"Cử tri" written right before the name at ``start``, as written, or "".

    >>> _voter_before("Cử tri Lê Văn Tuyến thôn 6", 7), _voter_before("tiếp xúc cử tri, ông Nhưỡng", 21)
    ('Cử tri', '')
    """
    lo = max(0, start - 12)
    before = fold(text[lo:start])
    voter = _VOTER_BEFORE.search(before.key)
    return text[lo + before.pos[voter.start()] : start].strip() if voter else ""


# "bổ nhiệm ông X làm Giám đốc ...": after an appointment, "làm" names the post the person holds
# (not "kết nạp ông X làm đảng viên dự bị", an admission).
_APPOINTED = re.compile(r"(?:bổ nhiệm|điều động|luân chuyển|bầu|cử|phân công|giao)(?:\s+(?:lại|giữ))?\s+$")


def _position_after(text: str, name_end: int, name_start: int | None = None) -> str:
    """The position written after a name: "NAME, Bí thư ...", "NAME - Phó Bí thư ...",
    "NAME (54 tuổi, giáo viên ...)", "NAME (Chủ tịch xã Hoá Tiến)", "bổ nhiệm ông NAME làm Giám
    đốc ..."."""
    after = re.compile(
        r"\s*(?:,|[-–]|\(|\s(?i:giữ chức vụ|giữ chức|hiện là|là|làm)(?![^\W\d_]))\s*(?:\d+\s*tuổi\s*[,)]\s*)?"
    ).match(text, name_end)
    if not after:
        return ""
    if fold(after.group(0)).key.strip() == "làm":
        before = "" if name_start is None else fold(text[max(0, name_start - 30) : name_start]).key
        before = _TITLE_RE.sub("", before)
        if not _APPOINTED.search(before):
            return ""
    p_start = after.end()
    if not _POSITION_START.match(fold(text[p_start : p_start + 40]).key):
        return ""
    limit = len(text)
    if "(" in after.group(0):
        close = text.find(")", p_start)
        limit = close if close != -1 else limit
    p_end = _position_extent(text, p_start, limit)
    follow = _TOKEN_RE.match(text, p_end)
    if follow and not re.search(r"[,.;:()]", text[p_end : follow.start("tok")]) and _starts_person(text, p_end):
        return ""  # "NAME, Bí thư Tỉnh uỷ Đồng Nai Nguyễn Phú Cường": the next name's position
    return text[p_start:p_end].strip(" ,-–")


def _position_head_at(text: str, i: int) -> bool:
    """Whether a position's head is written at ``i``; "nguyên" ("former") alone is none, it is the
    name Nguyên ("đồng chí Nguyên"), or it stands before a head ("ông Nguyên Bí thư").

    >>> _position_head_at("Phó Bí thư", 0), _position_head_at("Nguyên cho biết", 0)
    (True, False)
    """
    head = _POSITION_START.match(fold(text[i : i + 40]).key)
    return head is not None and head.group(0) != "nguyên"


def _head_after_title(text: str, i: int, run_end: int) -> int:
    """End of the position written at ``i`` right after a title ("đồng chí | Phó Bí thư Tỉnh uỷ"),
    or of a body's head that the capitalised run breaks in two ("các đồng chí | Trung ương"); ``i``
    when neither stands there. A title names the person; a position after it comes first, then the
    name ("đồng chí Phó Bí thư Tỉnh uỷ Nguyễn Văn A").

    >>> text = "Đồng chí Phó Bí thư Tỉnh uỷ Lê Văn A; các đồng chí Trung ương; ông Nguyên"
    >>> [text[9:_head_after_title(text, 9, 15)], text[51:_head_after_title(text, 51, 56)]]
    ['Phó Bí thư Tỉnh uỷ', 'Trung ương']
    >>> _head_after_title(text, 66, 73)  # "nguyên" ("former") alone is no position: the name Nguyên
    66
    """
    if _position_head_at(text, i):
        return _position_extent(text, i, len(text))
    return _broken_head_end(text, i, run_end)


def _broken_head_end(text: str, i: int, end: int) -> int:
    """End of a body's head of two words or more that starts at ``i`` and runs on past ``end``, in
    lower case, where a capitalised run stops ("Bí thư | Đoàn Thanh | niên", "đồng chí | Trung | ương");
    ``i`` if there is none.

    >>> text = "Bí thư Đoàn Thanh niên xã; ông Đoàn Thanh Hải"
    >>> text[7:_broken_head_end(text, 7, 17)], _broken_head_end(text, 30, 45)
    ('Đoàn Thanh niên', 30)
    """
    window = fold(text[i : i + 40])
    body = _ORG_RE.match(window.key)
    if body and " " in body.group(0) and i + window.pos[body.end()] > end:
        return i + window.pos[body.end()]
    return i


# Title-like words written with a capital may open a place's name: "Bà Rịa", "Anh Sơn", "Cô Tô", "xã Bà Điểm".
def _title_word_is_place(text: str, i: int, places: list[tuple[int, int]]) -> bool:
    """Whether the capitalised title-like word at ``i`` opens a place's name, not a title: it lies in a
    place found in ``text``, follows an administrative word, or, inside a sentence (where a title is
    written in lower case), opens a place the gazetteer knows and no person's name follows it.

    >>> text = "tỉnh Bà Rịa - Vũng Tàu; đến Anh Sơn; Anh Tuấn nói; thôn Bà Tơ"
    >>> [_title_word_is_place(text, text.index(w), []) for w in ("Bà Rịa", "Anh Sơn", "Anh Tuấn", "Bà Tơ")]
    [True, True, False, True]
    """
    if any(a <= i < b for a, b in places) or _NOT_PERSON_BEFORE.search(fold(text[max(0, i - 25) : i]).key):
        return True
    prefix = text[:i].rstrip()
    opens_sentence = prefix[-1:] in ("", *".!?:;“\"(-–") or "\n" in text[len(prefix) : i]
    title = _TOKEN_RE.match(text, i)
    nxt = _TOKEN_RE.match(text, title.end()) if title else None
    person_next = bool(nxt and _starts_person(text, nxt.start("tok")))  # "Cô Tô Thị Hoa": the title and a name
    return not opens_sentence and not person_next and _place_at(text, i)


def _place_after_level(text: str, start: int) -> bool:
    """Whether the name at ``start``, after a position, is the place of the administrative word right
    before it ("Chủ tịch UBND phường | Dương Đông", "Bí thư xã | Đồng Tâm"), not the position's holder
    ("Chủ tịch UBND xã | Lê Hoàng Hải"). A holder's name is a surname and two more syllables; places
    named like that are few ("xã Hoàng Văn Thụ"), places named with two syllables, a surname first,
    many. A known province or district is a place whatever its length.

    >>> text = "Chủ tịch UBND phường Dương Đông; Chủ tịch UBND xã Trần Văn Bình; trưởng thôn Lê Văn An"
    >>> [_place_after_level(text, text.index(w)) for w in ("Dương", "Trần", "Lê")]
    [True, False, False]
    """
    if not _NOT_PERSON_BEFORE.search(fold(text[max(0, start - 25) : start]).key):
        return False
    return not _starts_person(text, start) or _place_at(text, start)


def extract_people(text: str) -> list[Person]:
    """People named in ``text`` with their positions, in text order, each once.

    A person is a titled name ("ông Bình", "đồng chí Nguyễn Văn A"), a name of two to four
    capitalised syllables that starts with a common surname, or any such name right after a
    position ("Phó Bí thư Thường trực Tất Thành Cang"). Names inside a place or an
    organisation ("Tỉnh uỷ Đồng Nai", "đường Nguyễn Văn Linh") are not people.

    >>> text = "Ông Đinh Ngọc Thuỷ (Chủ tịch xã Hoá Tiến) và ông Sinh bị khiển trách."
    >>> [(p.name, p.position) for p in extract_people(text)]
    [('Đinh Ngọc Thuỷ', 'Chủ tịch xã Hoá Tiến'), ('Sinh', '')]
    """
    text = check_str(text, "extract_people")
    folded = fold(text)
    key = folded.key
    from vnparty_nlp.extract.places import extract_places

    place_spans = [(p.start, p.end) for p in extract_places(text)]
    taken = [(o.start, o.end) for o in extract_organisations(text)] + place_spans
    found: dict[str, Person] = {}
    for run in _NAME_RUN.finditer(text):
        words = run.group(0).split()
        offsets = [m.start() + run.start() for m in re.finditer(r"\S+", run.group(0))]
        before = fold(text[max(0, run.start() - 20) : run.start()]).key
        titled = bool(_TITLE_RE.search(before))
        if len(words) > 1 and _TITLE_RE.search(fold(words[0]).key + " ") and not _title_word_is_place(
            text, run.start(), place_spans
        ):
            words, offsets, titled = words[1:], offsets[1:], True  # "Ông Nghĩa có ...": the title opens it
        if titled:
            # "đồng chí Phó Bí thư Tỉnh uỷ (Nguyễn Văn A)": a title may stand before a position, and
            # the name, if any, comes after the position; "các đồng chí Trung ương": before a body.
            after_head = _head_after_title(text, offsets[0], run.end())
            if after_head > offsets[0]:
                keep = [k for k, o in enumerate(offsets) if o >= after_head]
                if not keep:
                    continue
                words, offsets, titled = [words[k] for k in keep], [offsets[k] for k in keep], False
        # Where the name starts: the whole run after a title; else after a position head written
        # with capitals ("Bí thư Thành uỷ TP HCM Nguyễn Thiện Nhân"), at the last surname.
        first = 0
        if not titled:
            heads = [i for i in range(len(words)) if _surname(words[i])]
            first = next((i for i in heads if 2 <= len(words) - i <= 4), -1)
            if first < 0:
                continue
        name_words = words[first:]
        # Trim words that start a position ("Nguyễn Văn A Bí thư").
        for i in range(1, len(name_words)):
            if _POSITION_START.match(fold(" ".join(name_words[i:])).key):
                name_words = name_words[:i]
                break
        start = offsets[first]
        end = start + len(" ".join(name_words))
        if not titled:
            titled = bool(_TITLE_RE.search(fold(text[max(0, start - 20) : start]).key))
        if not _is_name(name_words, titled) or (len(name_words) == 1 and first > 0):
            continue
        if len(name_words) == 1 and (len(name_words[0]) < 2 or text[end : end + 1] == "."
                                     or _position_head_at(text, start)
                                     or fold(text[start : start + 8]).key.startswith("đồng chí")):
            continue  # an initial ("ông L.T. B."), a title ("ông Chủ tịch", "đ/c Đồng chí ...")
        if _broken_head_end(text, start, end) > start:
            continue  # "Bí thư Đoàn Thanh niên": a body's head broken by its lower-case word, no name
        left = fold(text[max(0, start - 90) : start]).key
        if _INSTITUTION_BEFORE.search(left[-25:]) or (not titled and _place_at(text, start)):
            continue  # "trường THCS Phan Bội Châu", "Phó bí thư Đồng Nai"
        inside = any(a <= start < b or a < end <= b for a, b in taken)
        position = _position_after(text, end, start) or _position_before(text, key, start, folded)
        if not position:
            position = _voter_before(text, start)
        # Ethnic minorities' names are often two words, one with an apostrophe ("Ka H’Hoa", "Điểu K’Ré").
        short_ok = len(name_words) == 2 and any("’" in w or "'" in w for w in name_words)
        if not titled and not position and (
            inside
            or (len(name_words) < 3 and not short_ok)
            or _NOT_PERSON_BEFORE.search(fold(text[max(0, start - 25) : start]).key)
        ):
            continue  # an untitled name with no position: three syllables, outside places and bodies
        if not titled and position and _place_after_level(text, start):
            continue  # "Chủ tịch UBND phường Dương Đông": the commune of the position, not a person
        if not titled and not position and (_quoted(text, start) or _CAMPAIGN.search(left)):
            continue  # inside a quoted title or the campaign's name
        name = " ".join(name_words)
        if name not in found or (position and not found[name].position):
            found[name] = Person(name, position, start, end)
    # "bà Phan Thị Mỹ Thanh ... bà Thanh": a short mention of someone named in full is that person.
    people = sorted(found.values(), key=lambda p: p.start)
    full = [p.name.split() for p in people]
    return [
        p for p in people
        if not any(len(f) > len(p.name.split()) and f[-len(p.name.split()) :] == p.name.split() for f in full)
    ]
