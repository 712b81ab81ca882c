"""Turn the annotator's gold files into the committed, text-free gold sets.

    python tools/import_gold.py /tmp/vnfig    # writes tests/data/figures_gold.jsonl, entities_gold.jsonl
    python tools/import_gold.py /tmp/vnfig --add 2   # appends gold2_*.jsonl (pool2.jsonl) as its own split

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



def _cut_positions(people: list[dict]) -> list[dict]:
    """Positions cut to 60 characters (benchmarks/figures_eval.py compares them cut): a long one copies corpus text."""
    return [{**person, "position": person.get("position", "")[:60]} for person in people]

def add(folder: str, suffix: str) -> None:
    """Append ``gold{suffix}_figures.jsonl`` / ``gold{suffix}_entities.jsonl`` (paragraphs from
    ``pool{suffix}.jsonl``) to the committed gold, replacing any earlier rows of their split."""
    src = Path(folder)

    def rows(name: str) -> list[dict]:
        return [json.loads(x) for x in (src / name).read_text(encoding="utf-8").splitlines() if x.strip()]

    pool = rows(f"pool{suffix}.jsonl")
    figures, entities = rows(f"gold{suffix}_figures.jsonl"), rows(f"gold{suffix}_entities.jsonl")
    splits = {r["split"] for r in pool}
    fields = ("source", "id", "index", "split", "start", "end", "value", "unit", "kind", "qualifier")
    by_key: dict[tuple, list[dict]] = {}
    for row in figures:
        by_key.setdefault((row["source"], row["id"], row["index"]), []).append(row)
    annotated = {(r["source"], r["id"], r["index"]) for r in entities} | set(by_key)
    new_fig: list[dict] = []
    for r in pool:
        key = (r["source"], r["id"], r["index"])
        if key not in annotated:
            continue
        if key not in by_key:
            new_fig.append({"source": key[0], "id": key[1], "index": key[2], "split": r["split"], "value": None})
        for row in sorted(by_key.get(key, []), key=lambda g: g["start"]):
            rec = {f: row.get(f, "") for f in fields}
            if row.get("of") is not None:
                rec["of"] = row["of"]
            new_fig.append(rec)  # never the paragraph's text: keys and offsets only
    new_ent = [{**{k: row[k] for k in ("source", "id", "index", "split", "places", "organisations")},
                "people": _cut_positions(row["people"])}
               for row in entities]
    for name, new in (("figures_gold.jsonl", new_fig), ("entities_gold.jsonl", new_ent)):
        path = OUT / name
        old = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        kept = [line for line in old if json.loads(line).get("split") not in splits]
        path.write_text("\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in new]) + "\n", encoding="utf-8")
    print(f"split {sorted(splits)}: {len(figures)} figures over {len(annotated)} paragraphs, "
          f"{len(entities)} entity rows -> {OUT}")


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
            rec = {**{k: row[k] for k in ("source", "id", "index", "split", "places", "organisations")},
                   "people": _cut_positions(row["people"])}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(figures)} figures over {len(annotated)} paragraphs, {len(entities)} entity rows -> {OUT}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--add" in args:
        at = args.index("--add")
        add(args[0] if at > 0 else "/tmp/vnfig", args[at + 1])
    else:
        main(args[0] if args else "/tmp/vnfig")
