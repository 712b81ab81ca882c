"""Data out of text: key figures, places, organisations and people.

Pure Python and light to import: nothing here loads pyvi, scikit-learn or gensim.

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
