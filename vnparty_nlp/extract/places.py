"""Provinces, districts and communes named in a text.

``extract_places(text)`` finds every place named with its administrative word
("huyện Đắk Song", "xã Trường Xuân", "tỉnh Đắk Nông", "Huyện uỷ Bắc Quang") and
every province named bare ("Hà Giang", "Quảng Ninh"), and gives each one its name
without the administrative word, as written, and its level.

Province names are those before *and* after the 2025 merger (63 -> 34 provinces);
an old province also says which new one it went into (Đắk Nông -> Lâm Đồng). The
list is ``data/admin_units.tsv``, built from the GSO data of ``vietnamadminunits``
by ``tools/build_admin_units.py`` (``docs/figures.md`` says why a file, not a dependency).

>>> [(p.name, p.level, p.full) for p in extract_places("Đảng bộ xã Nâm N'Jang, huyện Đắk Song, tỉnh Đắk Nông")]
[("Nâm N'Jang", 'commune', "xã Nâm N'Jang"), ('Đắk Song', 'district', 'huyện Đắk Song'), \
('Đắk Nông', 'province', 'tỉnh Đắk Nông')]
>>> p = extract_places("Hà Giang")[0]; (p.level, p.province, p.province_2025)
('province', 'Hà Giang', 'Tuyên Quang')
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from vnparty_nlp._checks import check_str
from vnparty_nlp.extract._fold import _CACHED_CHARS, fold

__all__ = ["LEVELS", "Place", "extract_places", "province_names"]

LEVELS = ("province", "district", "commune")


@dataclass(frozen=True)
class Place:
    """A place named in a text.

    ``name`` is as written without its administrative word; ``admin`` is that word as
    written ("" for a bare province name); ``text == source[start:end]`` covers both.
    ``province`` and ``province_2025`` are filled when the gazetteer knows the name
    (a district's province before 2025, and the province it belongs to after the merger).
    """

    name: str
    level: str
    admin: str
    text: str
    start: int
    end: int
    province: str | None = None
    province_2025: str | None = None

    @property
    def full(self) -> str:
        """The name with its administrative word, lower-case: "huyện Đắk Song"."""
        return f"{fold(self.admin).key} {self.name}".strip() if self.admin else self.name

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "full": self.full}


@dataclass(frozen=True)
class _Unit:
    name: str
    level: str
    province: str
    province_2025: str


def _place_key(name: str) -> str:
    """Folded, with the spellings of Đắk/Đăk/Đắc and hyphen spacing made one."""
    key = fold(name).key
    key = re.sub(r"\bđ[ăa][kc]\b|\bđắc\b", "đắk", key)
    key = re.sub(r"\s*[-–]\s*", " - ", key)
    return " ".join(key.split())


_ALIASES = {
    "thừa thiên huế": "Huế", "thừa thiên - huế": "Huế", "tp.hcm": "Hồ Chí Minh", "tp hcm": "Hồ Chí Minh",
    "hcm": "Hồ Chí Minh",
    "sài gòn": "Hồ Chí Minh", "đắk lắc": "Đắk Lắk", "bà rịa vũng tàu": "Bà Rịa - Vũng Tàu",
}


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, _Unit], dict[str, list[_Unit]]]:
    provinces: dict[str, _Unit] = {}
    districts: dict[str, list[_Unit]] = {}
    text = resources.files("vnparty_nlp.extract").joinpath("data", "admin_units.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        level, name, _type, province, _era, province_2025 = line.split("\t")
        unit = _Unit(name, level, province, province_2025)
        if level == "province":
            provinces.setdefault(_place_key(name), unit)
        else:
            districts.setdefault(_place_key(name), []).append(unit)
    for alias, name in _ALIASES.items():
        provinces[_place_key(alias)] = provinces[_place_key(name)]
    return provinces, districts


def province_names(era: str = "all") -> list[str]:
    """The province names the extractor knows: ``"before-2025"`` (63), ``"from-2025"`` (34) or ``"all"``.

    >>> len(province_names("before-2025")), len(province_names("from-2025"))
    (63, 34)
    """
    text = resources.files("vnparty_nlp.extract").joinpath("data", "admin_units.tsv").read_text(encoding="utf-8")
    names: list[str] = []
    for line in text.splitlines()[3:]:
        level, name, _type, _province, row_era, _new = line.split("\t")
        if level == "province" and era in ("all", row_era) and name not in names:
            names.append(name)
    return names


# Administrative words, folded, with the level of the name after them. "thành phố" is a
# province for the centrally governed cities and a district otherwise (decided below).
_ADMIN = {
    "tỉnh": "province", "tỉnh uỷ": "province", "tỉnh đoàn": "province", "thành phố": "city",
    "tp.": "city", "tp": "city", "thành uỷ": "city", "huyện": "district", "huyện uỷ": "district",
    "huyện đoàn": "district", "quận": "district", "quận uỷ": "district", "thị xã": "district",
    "thị uỷ": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
    "tt": "commune",  # "TT Đức An", written in capitals
}
_ADMIN_RE = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(map(re.escape, _ADMIN), key=len, reverse=True)) + r")(?=\s)"
)
# A name: capitalised syllables (with N'Jang, Đắk R'Lấp, Bà Rịa - Vũng Tàu), at most 5.
_UPPER = "".join(sorted({chr(c) for c in range(0x41, 0x1EFA) if chr(c).isupper() and chr(c).isalpha()}))
# A syllable of a name: capitalised, with marks that may come decomposed and N'Jang / N’Jang.
_SYL = rf"[{_UPPER}](?:[\w'’]|[\u0300-\u036f])*"
_NAME_RE = re.compile(rf"\s+({_SYL}(?:(?:\s+|\s*[-–]\s*){_SYL}){{0,4}})")
_CENTRAL_CITIES = frozenset(map(_place_key, ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")))
# Capitalised words that end a place name ("huyện Đắk Song Nguyễn ..." is rare; these are not).
_NOT_NAME = frozenset({
    "uỷ", "ủy", "đảng", "ubnd", "hđnd", "ban", "về", "và", "năm",
    # References and terms, not places: "cấp xã | Khoản 3", "HĐND huyện | Khoá IV".
    "khoản", "điều", "điểm", "khoá", "khóa", "nhiệm",
})


def _resolve(name: str, level: str) -> tuple[str | None, str | None]:
    provinces, districts = _gazetteer()
    key = _place_key(name)
    if level == "province" and key in provinces:
        unit = provinces[key]
        return unit.name if unit.province == unit.name else unit.province, unit.province_2025
    if level == "district" and len(districts.get(key, [])) == 1:
        unit = districts[key][0]
        return unit.province, unit.province_2025
    return None, None


def _name_words(text: str, start: int, words: list[str]) -> list[str]:
    """The words of a place's name from ``words`` (capitalised, after an administrative word): cut
    at a word that is no name's ("Huyện uỷ", "Khoản"), at a second administrative word ("Nghi Lộc
    | Tỉnh Nghệ An") and before a person's name ("Thành uỷ TP. HCM | Nguyễn Thiện Nhân")."""
    from vnparty_nlp.extract.entities import _SURNAMES

    provinces, districts = _gazetteer()
    kept: list[str] = []
    for i, word in enumerate(words):
        low = fold(word).key
        if low in _NOT_NAME:
            break
        rest = fold(" ".join(words[i:])).key
        if i and _ADMIN_RE.match(rest) and _ADMIN_RE.match(rest).end() < len(rest):  # type: ignore[union-attr]
            break
        if low in _SURNAMES and i + 1 < len(words):
            prefix = _place_key(" ".join(kept))
            if i >= 2 or prefix in provinces or prefix in districts:
                break  # "Hóc Môn | Nguyễn Cư", "HCM | Nguyễn Thiện Nhân"
            known = any(_place_key(" ".join(words[:n])) in districts or _place_key(" ".join(words[:n])) in provinces
                        for n in range(2, len(words) + 1))
            if i == 0 and len(words) >= 3 and not known:
                return []  # "Tỉnh uỷ Phan Thị Mỹ Thanh": a person, not a place
        kept.append(word)
    return kept


def _starts_body(text: str, i: int) -> bool:
    from vnparty_nlp.extract.entities import _starts_body as starts

    return starts(text, i)


def _common_word(text: str, end: int, name: str) -> bool:
    """A one-syllable "name" that pyvi joins to the lower-case syllable after it ("TP. Xác định")."""
    if " " in name:
        return False
    nxt = re.compile(r"\s+([^\W\d_]+)").match(text, end)
    if not nxt or not nxt.group(1)[0].islower():
        return False
    from vnparty_nlp.extract.figures import _segmented

    return "_" in _segmented(f"{name} {nxt.group(1)}")


def extract_places(text: str) -> list[Place]:
    """Provinces, districts and communes named in ``text``, in text order, each once per level.

    Several names after one administrative word are all places of its level ("3 xã Nam Bình,
    Đăk Mol và Nâm N'Jang").

    >>> [(p.name, p.level) for p in extract_places("UBND thành phố Gia Nghĩa và thành phố Hà Nội")]
    [('Gia Nghĩa', 'district'), ('Hà Nội', 'province')]
    >>> [p.name for p in extract_places("các xã Thuận Hà và Thuận Hạnh; Thành uỷ TP. HCM")]
    ['Thuận Hà', 'Thuận Hạnh', 'HCM']
    """
    text = check_str(text, "extract_places")
    # extract_people reads a paragraph's places again (a title word that is part of a place's name is
    # no title), so the last few paragraphs' places are kept: Places are frozen, the list is a copy.
    if len(text) <= _CACHED_CHARS:
        return list(_places_cached(text))
    return _places(text)


@lru_cache(maxsize=32)
def _places_cached(text: str) -> tuple[Place, ...]:
    return tuple(_places(text))


def _places(text: str) -> list[Place]:
    folded = fold(text)
    key = folded.key
    provinces, districts = _gazetteer()
    found: list[Place] = []
    taken: list[tuple[int, int]] = []
    for m in _ADMIN_RE.finditer(key):
        admin = m.group(1)
        s = folded.pos[m.start()]
        if admin == "xã" and key[: m.start()].endswith("hợp tác "):
            continue  # "Hợp tác xã Hồ Tiêu Bình Tiến": a cooperative
        if admin == "tt" and text[s : s + 2] != "TT":
            continue
        name_end = folded.pos[m.end()]
        level = _ADMIN[admin]
        first = True
        while True:
            name_m = _NAME_RE.match(text, name_end)
            if not name_m:
                break
            parts = re.split(r"(\s+)", name_m.group(1))
            words = _name_words(text, name_m.start(1), parts[0::2])
            if not words or _ADMIN_RE.match(key, folded.key_index(name_m.start(1))):
                break  # "Thành uỷ | TP. HCM", "Ba Vì, | TP. Hà Nội": the inner administrative word names it
            name = "".join(parts[: 2 * len(words) - 1])
            name_start = name_m.start(1)
            e = name_start + len(name)
            lower = re.compile(r"\s+([^\W\d_]+)").match(text, e)
            if lower and lower.group(1).islower() and _place_key(f"{name} {lower.group(1)}") in districts:
                name, e = text[name_start : lower.end()], lower.end()  # "huyện Đại từ": the gazetteer knows it
            pkey = _place_key(name)
            starts_province = any(_place_key(" ".join(words[:n])) in provinces for n in range(1, len(words) + 1))
            if _common_word(text, e, name):
                break
            if not first and (starts_province or pkey in _CENTRAL_CITIES or _starts_body(text, name_start)):
                break  # "xã Nam Bình, Đắk Nông": the province, found as a bare name; "và Sở Giao thông": a body
            lvl = level
            if lvl == "city":
                central = pkey in _CENTRAL_CITIES or (pkey in provinces and _place_key(provinces[pkey].name)
                                                      in _CENTRAL_CITIES)
                lvl = "province" if central else "district"
            if lvl == "province" and pkey not in provinces:
                break  # "tỉnh Chiết Giang": not a Vietnamese province
            province, province_2025 = _resolve(name, lvl)
            admin_text = text[s:name_end] if first else ""
            found.append(Place(name, lvl, admin_text, text[s if first else name_start : e], s if first else name_start,
                               e, province, province_2025))
            taken.append((s if first else name_start, e))
            # More names of the same level: ", Đăk Mol và Nâm N'Jang".
            more = re.compile(r"\s*(?:,|và|,\s*và)\s*(?=[" + _UPPER + "])").match(text, e)
            if level in ("province", "city") or not more:
                break
            name_end, first = more.end() - 1, False
    # Bare province names, written with capitals.
    for pkey in sorted(provinces, key=len, reverse=True):
        if pkey in ("hồ chí minh",):  # a person's name far more often than the city
            continue
        for m in re.finditer(rf"(?<![\w']){re.escape(pkey)}(?![\w'])", key):
            s, e = folded.span(m.start(), m.end())
            if any(a < e and s < b for a, b in taken) or not text[s].isupper():
                continue
            if not all(w[:1].isupper() for w in re.split(r"\s*[-–]\s*|\s+", text[s:e]) if w):
                continue
            if re.match(r"\s*\d", text[e:]):
                continue  # "Nhà máy Nhiệt điện Thái Bình 2": part of a name
            unit = provinces[pkey]
            name = text[s:e]
            found.append(Place(name, "province", "", name, s, e, unit.province, unit.province_2025))
            taken.append((s, e))
    found.sort(key=lambda p: p.start)
    seen: set[tuple[str, str]] = set()
    out: list[Place] = []
    for place in found:
        ident = (_place_key(place.name), place.level)
        if ident not in seen:
            seen.add(ident)
            out.append(place)
    return out
