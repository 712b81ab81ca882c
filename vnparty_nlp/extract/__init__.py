"""Data out of text: key figures, places, organisations and people.

Light to import: importing this loads no model. A unit no list knows ("5 cặp chim trĩ")
ends where pyvi's part-of-speech tags end the noun phrase, so pyvi loads on the first such unit.

>>> from vnparty_nlp.extract import extract_figures, extract_places
>>> [f.value for f in extract_figures("Chi bộ thôn 3 kết nạp 2 đảng viên mới.")]
[2.0]
"""

from __future__ import annotations

from vnparty_nlp.extract.entities import Organisation, Person, extract_organisations, extract_people
from vnparty_nlp.extract.figures import KINDS, Figure, extract_figures
from vnparty_nlp.extract.places import LEVELS, Place, extract_places, province_names

__all__ = [
    "KINDS",
    "LEVELS",
    "Figure",
    "Organisation",
    "Person",
    "Place",
    "extract_figures",
    "extract_organisations",
    "extract_people",
    "extract_places",
    "province_names",
]
