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
from vnparty_nlp.extract._fold import fold

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
}
_ADMIN_RE = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(map(re.escape, _ADMIN), key=len, reverse=True)) + r")(?=\s)"
)
# A name: capitalised syllables (with N'Jang, Đắk R'Lấp, Bà Rịa - Vũng Tàu), at most 5.
_NAME_RE = re.compile(r"\s+((?:[^\W\d_a-zđ][\w']*)(?:(?:\s+|\s*[-–]\s*)[^\W\d_a-zđ][\w']*){0,4})")
_CENTRAL_CITIES = frozenset(map(_place_key, ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")))
# Capitalised words that end a place name ("huyện Đắk Song Nguyễn ..." is rare; these are not).
_NOT_NAME = frozenset({"uỷ", "ủy", "đảng", "ubnd", "hđnd", "ban", "về", "và", "năm"})


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


def extract_places(text: str) -> list[Place]:
    """Provinces, districts and communes named in ``text``, in text order, each once per level.

    >>> [(p.name, p.level) for p in extract_places("UBND thành phố Gia Nghĩa và thành phố Hà Nội")]
    [('Gia Nghĩa', 'district'), ('Hà Nội', 'province')]
    """
    text = check_str(text, "extract_places")
    folded = fold(text)
    key = folded.key
    provinces, _districts = _gazetteer()
    found: list[Place] = []
    taken: list[tuple[int, int]] = []
    for m in _ADMIN_RE.finditer(key):
        name_m = _NAME_RE.match(text, folded.pos[m.end()])
        if not name_m:
            continue
        words = re.split(r"(\s+)", name_m.group(1))
        # Cut at a word that is not part of a name ("Huyện uỷ", "Đảng").
        kept: list[str] = []
        for i in range(0, len(words), 2):
            if fold(words[i]).key in _NOT_NAME:
                break
            kept.extend(words[i : i + 2] if i + 1 < len(words) else words[i : i + 1])
        name = "".join(kept).strip()
        if not name:
            continue
        level = _ADMIN[m.group(1)]
        if level == "city":
            level = "province" if _place_key(name) in _CENTRAL_CITIES else "district"
        s = folded.pos[m.start()]
        name_start = name_m.start(1)
        e = name_start + len(name)
        province, province_2025 = _resolve(name, level)
        found.append(Place(name, level, text[s : folded.pos[m.end()]], text[s:e], s, e, province, province_2025))
        taken.append((s, e))
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
