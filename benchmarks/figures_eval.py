"""Score extract_figures / places / organisations / people against the gold sets.

    python benchmarks/figures_eval.py                  # dev, test, test2 and the blind test3, seeds + corpus
    python benchmarks/figures_eval.py --split dev --errors   # also list every miss and false alarm

The gold (``tests/data/figures_gold.jsonl``, ``tests/data/entities_gold.jsonl``) keeps no
corpus text: each record is keyed by ``(source, id, index)``. The paragraph text is
rebuilt from the seeds (``parse_article`` body paragraphs) and from ``../shared/corpus``
(``iter_corpus_paragraphs``); corpus records are skipped, and counted as skipped, when
that folder is absent. A record whose rebuilt text no longer fits its offsets is an error.

Figures are matched by value plus unit (unit compared after folding case and tone-mark
placement), one gold figure to at most one prediction in the same paragraph.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"

sys.path.insert(0, str(ROOT))

from vnparty_nlp.extract._fold import fold, fold_key  # noqa: E402
from vnparty_nlp.extract.entities import extract_organisations, extract_people  # noqa: E402
from vnparty_nlp.extract.figures import extract_figures  # noqa: E402
from vnparty_nlp.extract.places import extract_places  # noqa: E402

Key = tuple[str, str, int]


# Gold positions longer than this are committed cut to it (a long one would copy corpus text), and
# predicted positions are compared cut the same way.
POSITION_CHARS = 60

def read_jsonl(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if "_comment" not in row]


def paragraph_texts(keys: Iterable[Key], corpus_dir: Path = CORPUS) -> dict[Key, str]:
    """The text of each wanted paragraph that can be rebuilt here."""
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs
    from vnparty_nlp.preprocess.article import parse_article

    wanted = set(keys)
    out: dict[Key, str] = {}
    for name in sorted({k[1] for k in wanted if k[0] == "seed"}):
        article = parse_article((SEEDS / name).read_text(encoding="utf-8"))
        for index, paragraph in enumerate(article.paragraphs):
            text = paragraph if isinstance(paragraph, str) else paragraph.text
            if ("seed", name, index) in wanted:
                out[("seed", name, index)] = text
    for source in sorted({k[0] for k in wanted if k[0] != "seed"}):
        path = corpus_dir / f"{source}.jsonl"
        if not path.exists():
            continue
        for p in iter_corpus_paragraphs(path):
            key = (source, p.article_id, p.index)
            if key in wanted:
                out[key] = p.text
    return out


def unit_key(unit: str) -> str:
    return fold_key(unit)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_figures(gold: list[dict], texts: dict[Key, str], split: str | None, sources: str = "all") -> dict:
    """Precision/recall by value + unit, per kind, and the kind/qualifier/span agreement on matches."""
    by_par: dict[Key, list[dict]] = defaultdict(list)
    splits: dict[Key, str] = {}
    for row in gold:
        key = (row["source"], row["id"], int(row["index"]))
        splits[key] = row["split"]
        if row.get("value") is not None:
            by_par[key].append(row)
    keys = [k for k in splits if (split is None or splits[k] == split) and k in texts]
    if sources == "seeds":
        keys = [k for k in keys if k[0] == "seed"]
    elif sources == "corpus":
        keys = [k for k in keys if k[0] != "seed"]
    tp = n_pred = n_gold = 0
    kind_gold: Counter[str] = Counter()
    kind_pred: Counter[str] = Counter()
    kind_tp: Counter[str] = Counter()
    same_kind = same_qual = same_span = 0
    misses: list[str] = []
    alarms: list[str] = []
    for key in keys:
        text = texts[key]
        golds = by_par.get(key, [])
        for g in golds:
            if "text" in g and text[g["start"] : g["end"]] != g["text"]:
                raise SystemExit(f"gold offsets no longer fit {key}: {g}")
        preds = extract_figures(text)
        n_pred += len(preds)
        n_gold += len(golds)
        for g in golds:
            kind_gold[g["kind"]] += 1
        for p in preds:
            kind_pred[p.kind] += 1
        free = list(preds)
        for g in golds:
            hit = next(
                (p for p in free if abs(p.value - g["value"]) < 1e-9 and unit_key(p.unit) == unit_key(g["unit"])),
                None,
            )
            if hit is None:
                misses.append(f"{key} MISS {text[g['start']:g['end']]!r} {g['value']} {g['unit']!r} {g['kind']}")
                continue
            free.remove(hit)
            tp += 1
            kind_tp[g["kind"]] += hit.kind == g["kind"]
            same_kind += hit.kind == g["kind"]
            same_qual += hit.qualifier == g.get("qualifier", "")
            same_span += (hit.start, hit.end) == (g["start"], g["end"])
            if hit.kind != g["kind"]:
                misses.append(f"{key} KIND {hit.text!r} pred {hit.kind} gold {g['kind']}")
            if hit.qualifier != g.get("qualifier", ""):
                misses.append(f"{key} QUAL {hit.text!r} pred {hit.qualifier!r} gold {g.get('qualifier')!r}")
        for p in free:
            alarms.append(f"{key} FALSE {p.text!r} {p.value} {p.unit!r} {p.kind}")
    per_kind = {
        kind: _prf(kind_tp[kind], kind_pred[kind], kind_gold[kind])
        for kind in sorted(set(kind_gold) | set(kind_pred))
    }
    return {
        "paragraphs": len(keys),
        "gold": n_gold,
        "pred": n_pred,
        "tp": tp,
        "prf": _prf(tp, n_pred, n_gold),
        "kind_acc": same_kind / tp if tp else 1.0,
        "qualifier_acc": same_qual / tp if tp else 1.0,
        "span_acc": same_span / tp if tp else 1.0,
        "per_kind": per_kind,
        "kind_support": dict(kind_gold),
        "misses": misses,
        "alarms": alarms,
    }


def _entity_sets(text: str) -> dict[str, set]:
    return {
        "places": {(p.name, p.level) for p in extract_places(text)},
        "organisations": {fold(o.text).key for o in extract_organisations(text)},
        "people": {fold(p.name).key for p in extract_people(text)},
        "people+position": {(fold(p.name).key, fold(p.position[:POSITION_CHARS]).key) for p in extract_people(text)},
    }


def _gold_entity_sets(row: dict) -> dict[str, set]:
    return {
        "places": {(p["name"], p["level"]) for p in row.get("places", [])},
        "organisations": {fold(o).key for o in row.get("organisations", [])},
        "people": {fold(p["name"]).key for p in row.get("people", [])},
        "people+position": {(fold(p["name"]).key, fold(p.get("position", "")[:POSITION_CHARS]).key)
                            for p in row.get("people", [])},
    }


def _place_key(pair: tuple[str, str]) -> tuple[str, str]:
    return fold(pair[0]).key, pair[1]


def score_entities(gold: list[dict], texts: dict[Key, str], split: str | None, sources: str = "all") -> dict:
    counts = {name: [0, 0, 0] for name in ("places", "organisations", "people", "people+position")}
    errors: list[str] = []
    n = 0
    for row in gold:
        key = (row["source"], row["id"], int(row["index"]))
        if (split is not None and row["split"] != split) or key not in texts:
            continue
        if (sources == "seeds" and key[0] != "seed") or (sources == "corpus" and key[0] == "seed"):
            continue
        n += 1
        pred, want = _entity_sets(texts[key]), _gold_entity_sets(row)
        pred["places"] = {_place_key(p) for p in pred["places"]}
        want["places"] = {_place_key(p) for p in want["places"]}
        for name in counts:
            tp = len(pred[name] & want[name])
            counts[name][0] += tp
            counts[name][1] += len(pred[name])
            counts[name][2] += len(want[name])
            for miss in sorted(map(str, want[name] - pred[name])):
                errors.append(f"{key} {name} MISS {miss}")
            for extra in sorted(map(str, pred[name] - want[name])):
                errors.append(f"{key} {name} FALSE {extra}")
    return {
        "paragraphs": n,
        "prf": {name: (*_prf(*c), c[2]) for name, c in counts.items()},
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "test2", "test3", "all"), default=None,
                        help="default: each split apart (all four are development data; docs/figures.md)")
    parser.add_argument("--gold-dir", type=Path, default=DATA)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    fig_gold = read_jsonl(args.gold_dir / "figures_gold.jsonl")
    ent_gold = read_jsonl(args.gold_dir / "entities_gold.jsonl")
    keys = {(r["source"], r["id"], int(r["index"])) for r in fig_gold + ent_gold}
    texts = paragraph_texts(keys, args.corpus)
    skipped = len(keys - set(texts))
    if skipped:
        print(f"({skipped} corpus paragraphs skipped: {args.corpus} is absent or lacks them)")
    present = {r["split"] for r in fig_gold}
    splits = [s for s in ("dev", "test", "test2", "test3") if s in present] if args.split is None else [
        None if args.split == "all" else args.split
    ]
    print("| split | part | paragraphs | gold figures | predicted | precision | recall | F1 | kind acc. "
          "| qualifier acc. |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    results = {}
    for split in splits:
        for part in ("seeds", "corpus", "all"):
            r = score_figures(fig_gold, texts, split, part)
            results[(split, part)] = r
            p, rec, f = r["prf"]
            print(
                f"| {split or 'all'} | {part} | {r['paragraphs']} | {r['gold']} | {r['pred']} | {p:.3f} | {rec:.3f} "
                f"| {f:.3f} | {r['kind_acc']:.3f} | {r['qualifier_acc']:.3f} |"
            )
    for split in splits:
        r = results[(split, "all")]
        print(f"\nBy kind ({split or 'all'}, value + unit + kind; support = gold figures of the kind):\n")
        print("| kind | support | precision | recall |")
        print("|---|---|---|---|")
        for kind, (p, rec, _f) in r["per_kind"].items():
            print(f"| {kind} | {r['kind_support'].get(kind, 0)} | {p:.2f} | {rec:.2f} |")
    print("\nPlaces, organisations, people (exact match after folding case and tone marks):\n")
    print("| split | what | paragraphs | gold | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    ent_results = {}
    for split in splits:
        e = score_entities(ent_gold, texts, split)
        ent_results[split] = e
        for name, (p, rec, f, support) in e["prf"].items():
            print(f"| {split or 'all'} | {name} | {e['paragraphs']} | {support} | {p:.3f} | {rec:.3f} | {f:.3f} |")
    if args.errors:
        for split in splits:
            r = results[(split, "all")]
            print(f"\n# figure errors ({split or 'all'})")
            print("\n".join(r["misses"] + r["alarms"]))
            print(f"\n# entity errors ({split or 'all'})")
            print("\n".join(ent_results[split]["errors"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
