"""How far the real labels can be trusted: agreement between two blind labelling passes.

    python benchmarks/label_agreement.py

Reads ``seeds/labels/review/agreement_*.jsonl`` (keys and labels only) and prints, per sample and
over both, each theme's F1 between the passes (one pass taken as reference; F1 is symmetric), Cohen's
kappa, and the share of paragraphs whose whole label set matches. No corpus text is needed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

LABELS = ("ideology", "personnel", "cell_quality", "economics")
ROOT = Path(__file__).resolve().parent.parent


def agreement(pairs: list[tuple[set[str], set[str]]]) -> dict[str, dict[str, float]]:
    """Per theme: positives in each pass, F1 between them and Cohen's kappa."""
    out: dict[str, dict[str, float]] = {}
    n = len(pairs)
    for label in LABELS:
        a = [label in x for x, _ in pairs]
        b = [label in y for _, y in pairs]
        both = sum(x and y for x, y in zip(a, b, strict=True))
        observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
        pa, pb = sum(a) / n, sum(b) / n
        expected = pa * pb + (1 - pa) * (1 - pb)
        kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
        out[label] = {"pass1": sum(a), "pass2": sum(b), "f1": 2 * both / max(1, sum(a) + sum(b)), "kappa": kappa}
    return out


def main() -> None:
    samples: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
    for path in sorted((ROOT / "seeds" / "labels" / "review").glob("agreement_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "_comment" in record:
                continue
            pair = (set(record["pass1"]), set(record["pass2"]))
            samples[record["sample"]].append(pair)
            samples["all"].append(pair)
    print(f"{'sample':<13}{'theme':<14}{'pass 1':>8}{'pass 2':>8}{'F1':>8}{'kappa':>8}")
    for name, pairs in samples.items():
        for label, row in agreement(pairs).items():
            print(f"{name:<13}{label:<14}{row['pass1']:>8}{row['pass2']:>8}{row['f1']:>8.3f}{row['kappa']:>8.3f}")
        macro = sum(r["f1"] for r in agreement(pairs).values()) / len(LABELS)
        exact = sum(x == y for x, y in pairs) / len(pairs)
        print(f"{name:<13}{'macro F1':<14}{'':>16}{macro:>8.3f}   exact label sets {exact:.3f} of {len(pairs)}")


if __name__ == "__main__":
    main()
