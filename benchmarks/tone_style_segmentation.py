"""Which tone-mark placement does pyvi segment best?

For every syllable whose spelling differs between the two placements
(open oa/oe/uy with a tone: hoà/hòa, uỷ/ủy, ...), count how often pyvi puts it
inside a multi-syllable word. Higher is better: these syllables almost always
belong to compounds (hoà bình, Huyện uỷ, văn hoá, thuỷ sản).

    python benchmarks/tone_style_segmentation.py [extra .jsonl corpus files]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pyvi import ViTokenizer

from vnparty_nlp.preprocess.normalize import clean_text, normalize, place_tone

ROOT = Path(__file__).resolve().parent.parent


def texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for extra in sys.argv[1:]:
        with Path(extra).open(encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                out.append("\n".join(rec.get("paragraphs") or [rec.get("text", "")]))
    return out


def score(style: str, corpus: list[str]) -> tuple[int, int]:
    joined = total = 0
    for text in corpus:
        for line in normalize(text, tone_style=style).split("\n"):  # type: ignore[arg-type]
            for token in ViTokenizer.tokenize(line).split():
                for syllable in token.split("_"):
                    if place_tone(syllable, "modern") != place_tone(syllable, "traditional"):
                        total += 1
                        joined += "_" in token
    return joined, total


def main() -> None:
    corpus = [clean_text(t) for t in texts()]
    print(f"{'placement':<12} {'affected syllables':>19} {'inside a compound':>18} {'share':>7}")
    for style in ("modern", "traditional"):
        joined, total = score(style, corpus)
        print(f"{style:<12} {total:>19} {joined:>18} {joined / max(total, 1):>7.1%}")


if __name__ == "__main__":
    main()
