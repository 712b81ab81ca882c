"""Rebuild vnparty_nlp/extract/data/admin_units.tsv from the vietnamadminunits package.

    pip install vietnamadminunits==1.0.4   # MIT, data of the General Statistics Office
    python tools/build_admin_units.py

The runtime reads only the TSV: the package is not a dependency (it pulls shapely and
geopy, and parses comma-separated addresses rather than running text). The TSV holds
the 63 provinces before the 2025 merger with their districts, the 34 provinces after
it, and which new province each old one went into.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "vnparty_nlp" / "extract" / "data" / "admin_units.tsv"


def _load(name: str) -> dict:
    # Read the package's files without importing it (its __init__ imports shapely).
    path = metadata.distribution("vietnamadminunits").locate_file(f"vietnamadminunits/data/{name}")
    return json.loads(Path(str(path)).read_text(encoding="utf-8"))


def _type(full: str, short: str) -> str:
    return full[: len(full) - len(short)].strip().lower()


def main() -> None:
    legacy = _load("parser_legacy.json")
    new = _load("parser_from_2025.json")
    converter = _load("converter_2025.json")["DICT_PROVINCE"]
    old_to_new = {old: new_key for new_key, olds in converter.items() for old in olds}
    new_short = {key: p["provinceShort"] for key, p in new["DICT_PROVINCE"].items()}
    rows = []
    for key, p in legacy["DICT_PROVINCE"].items():
        rows.append(("province", p["provinceShort"], _type(p["province"], p["provinceShort"]), p["provinceShort"],
                     "before-2025", new_short[old_to_new[key]]))
        for d in legacy["DICT_PROVINCE_DISTRICT"][key].values():
            rows.append(("district", d["districtShort"], d["districtType"].lower(), p["provinceShort"],
                         "before-2025", new_short[old_to_new[key]]))
    for p in new["DICT_PROVINCE"].values():
        rows.append(("province", p["provinceShort"], _type(p["province"], p["provinceShort"]), p["provinceShort"],
                     "from-2025", p["provinceShort"]))
    version = metadata.version("vietnamadminunits")
    with OUT.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("# Vietnamese provinces (63 before and 34 from the 2025 merger) and districts (before 2025).\n")
        handle.write(f"# Built by tools/build_admin_units.py from vietnamadminunits {version} (MIT; GSO data).\n")
        handle.write("level\tname\ttype\tprovince\tera\tprovince_2025\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
