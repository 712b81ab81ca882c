"""How often each i/y spelling pair is written with i and with y (docs/preprocessing.md, section 2).

    python benchmarks/spelling_variants.py [--corpus ../shared/corpus]

Counts whole syllables (NFC, any case) in the real corpus and in
``seeds/labels/authored_*.jsonl``, for every pair that ``i_to_y`` folds.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs
from vnparty_nlp.preprocess.normalize import _I_TO_Y_SYLLABLES, _I_TO_Y_VOWEL

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"(?<![\w-])\w+(?![\w-])")


def count(texts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in WORD.findall(unicodedata.normalize("NFC", text)))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    corpus = [p.text for f in sorted(args.corpus.glob("*.jsonl")) for p in iter_corpus_paragraphs(f)]
    authored = [json.loads(line)["text"] for f in sorted((ROOT / "seeds" / "labels").glob("authored_*.jsonl"))
                for line in f.read_text("utf-8").splitlines() if line.strip()]
    c, a = count(corpus), count(authored)
    print(f"{len(corpus):,} corpus paragraphs, {len(authored):,} authored paragraphs")
    print(f"{'i':>5} {'y':>5} {'corpus i':>9} {'corpus y':>9} {'authored i':>11} {'authored y':>11}")
    for i in _I_TO_Y_SYLLABLES:
        y = i[:-1] + i[-1].translate(_I_TO_Y_VOWEL)
        print(f"{i:>5} {y:>5} {c[i]:>9,} {c[y]:>9,} {a[i]:>11,} {a[y]:>11,}")
    print(f"{'sĩ':>5} {'sỹ':>5} {c['sĩ']:>9,} {c['sỹ']:>9,} {a['sĩ']:>11,} {a['sỹ']:>11,}  (not folded)")


if __name__ == "__main__":
    main()
