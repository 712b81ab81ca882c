"""Turn the annotator's gold files into the committed, text-free gold sets.

    python tools/import_gold.py /tmp/vnfig    # writes tests/data/figures_gold.jsonl, entities_gold.jsonl

Figures keep keys (source, id, index, split), offsets, value, unit, kind, qualifier and a
ratio's ``of``; the span text only for the seeds (the project's own). Entities keep their
short names. A paragraph annotated with no figure is kept as a key with ``value: null``
so that false alarms on it count. Corpus text is never written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data"


def main(folder: str) -> None:
    src = Path(folder)
    pool = [json.loads(line) for line in (src / "pool.jsonl").read_text(encoding="utf-8").splitlines() if line]
    texts = {(r["source"], r["id"], r["index"]): r for r in pool}
    figures = [json.loads(x) for x in (src / "gold_figures.jsonl").read_text(encoding="utf-8").splitlines() if x]
    entities = [json.loads(x) for x in (src / "gold_entities.jsonl").read_text(encoding="utf-8").splitlines() if x]
    # Paragraphs annotated so far: the annotator works in pool order; the entity file lists every
    # paragraph it has read, the figure file only those with figures.
    order = list(texts)
    seen = {(r["source"], r["id"], r["index"]) for r in figures + entities}
    last = max(order.index(k) for k in seen)
    annotated = order[: last + 1]
    by_key: dict[tuple, list[dict]] = {}
    for row in figures:
        by_key.setdefault((row["source"], row["id"], row["index"]), []).append(row)
    fields = ("source", "id", "index", "split", "start", "end", "value", "unit", "kind", "qualifier")
    with (OUT / "figures_gold.jsonl").open("w", encoding="utf-8") as out:
        out.write(json.dumps({"_comment": "Gold figures (issue 17), annotated by the spec in docs/figures.md. "
                              "Corpus paragraphs are keyed by (source, id, index) with no text; "
                              "value null marks a paragraph annotated with no figure."}, ensure_ascii=False) + "\n")
        for key in annotated:
            rows = by_key.get(key)
            split = texts[key]["split"]
            if not rows:
                out.write(json.dumps({"source": key[0], "id": key[1], "index": key[2], "split": split,
                                      "value": None}, ensure_ascii=False) + "\n")
                continue
            for row in sorted(rows, key=lambda r: r["start"]):
                rec = {f: row.get(f, "") for f in fields}
                if row.get("of") is not None:
                    rec["of"] = row["of"]
                if key[0] == "seed":
                    rec["text"] = texts[key]["text"][row["start"] : row["end"]]
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with (OUT / "entities_gold.jsonl").open("w", encoding="utf-8") as out:
        out.write(json.dumps({"_comment": "Gold places, organisations and people (issue 17), per paragraph, "
                              "keyed by (source, id, index); names only, no paragraph text."},
                             ensure_ascii=False) + "\n")
        for row in entities:
            rec = {k: row[k] for k in ("source", "id", "index", "split", "places", "organisations", "people")}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(figures)} figures over {len(annotated)} paragraphs, {len(entities)} entity rows -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/vnfig")
