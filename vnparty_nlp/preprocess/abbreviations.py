"""Expanding Party and administrative abbreviations from a data table.

"TCCSĐ", "KT - XH" or "HĐND" and their spelt-out forms should become the same
tokens, or the models see two words for one thing. The table lives in
``data/abbreviations.tsv`` so users can read and extend it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = ["abbreviation_table", "expand_abbreviations"]

_DASH = r"\s*[-–—]\s*"
# Every abbreviation in the table starts with two capitals (checked by a test).
_CAPITALS = re.compile(r"[A-ZĐ]{2}")


@lru_cache(maxsize=1)
def abbreviation_table() -> dict[str, str]:
    """The bundled table, abbreviation to expansion, in file order."""
    text = resources.files("vnparty_nlp.preprocess").joinpath("data/abbreviations.tsv").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            abbreviation, expansion = line.split("\t")
            table[abbreviation.strip()] = expansion.strip()
    return table


def _pattern(abbreviation: str) -> str:
    return _DASH.join(re.escape(part) for part in abbreviation.split(" - "))


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    table = abbreviation_table()
    # Longest first, so "TCCS Đảng" wins over "TCĐ" and "UBMTTQ" over "MTTQ".
    ordered = sorted(table, key=len, reverse=True)
    alternatives = "|".join(f"(?P<a{i}>{_pattern(a)})" for i, a in enumerate(ordered))
    # The look-ahead on the first letters fails fast at the many positions where no
    # abbreviation starts, instead of trying every alternative there.
    firsts = "".join(sorted({re.escape(a[0]) for a in ordered}))
    pattern = re.compile(rf"(?=[{firsts}])(?<![\w/])(?:{alternatives})(?![\w])")
    by_group = {f"a{i}": table[a] for i, a in enumerate(ordered)}
    # "tổ chức cơ sở đảng (TCCSĐ)": the bracketed abbreviation repeats what precedes it.
    bracketed = re.compile(rf"\s*\((?:{'|'.join(_pattern(a) for a in ordered)})\)")
    return pattern, by_group, bracketed


def expand_abbreviations(text: str) -> str:
    """Spell out the abbreviations of the bundled table.

    An abbreviation in brackets right after its own spelt-out form is removed
    rather than expanded a second time.

    >>> expand_abbreviations("điều kiện KT-XH của huyện, tổ chức cơ sở đảng (TCCSĐ) và BTV Huyện uỷ")
    'điều kiện kinh tế - xã hội của huyện, tổ chức cơ sở đảng và ban thường vụ Huyện uỷ'
    """
    if not _CAPITALS.search(text):
        return text  # most paragraphs: no run of two capitals, nothing to expand
    pattern, by_group, bracketed = _compiled()

    def drop_repeat(match: re.Match[str]) -> str:
        expansion = pattern.fullmatch(match.group(0).strip()[1:-1])
        if expansion is None:
            return match.group(0)
        spelt = by_group[expansion.lastgroup or ""]
        before = text[: match.start()].casefold()
        return "" if before.endswith(spelt.casefold()) else match.group(0)

    if "(" in text:
        text = bracketed.sub(drop_repeat, text)
    return pattern.sub(lambda m: by_group[m.lastgroup or ""], text)
