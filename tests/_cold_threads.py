"""Run by tests/test_concurrency.py in a fresh interpreter: threads on a cold process.

    python -m tests._cold_threads threads|sequential N_TEXTS SEED

Prints one JSON line: the tokenize and classify results of N_TEXTS texts made of
syllables this process has never seen (random case variants of seed syllables,
and random letters), computed by 8 threads with ``sys.setswitchinterval(1e-6)``
from a cold start (``threads``; then again one by one, to catch wrong entries
that stay), or one by one (``sequential``).
"""

from __future__ import annotations

import json
import random
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

THREADS = 8
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = sorted({w for f in SEEDS.glob("*.txt") for w in re.findall(r"\w+", f.read_text("utf-8"))})
    letters = "abcdeghiklmnopqrstuvxyđăâêôơưáàảãạếềểễệóòỏõọ"

    def syllable() -> str:
        if rng.random() < 0.5:
            word = rng.choice(words)
            return "".join(c.upper() if rng.random() < 0.3 else c for c in word)
        return "".join(rng.choice(letters) for _ in range(rng.randint(1, 7)))

    return [" ".join(syllable() for _ in range(rng.randint(3, 40))) + rng.choice([".", "", " 2024."])
            for _ in range(n)]


def results(items: list[str], threads: bool) -> dict[str, list[object]]:
    from vnparty_nlp import classify, tokenize

    def both(text: str) -> list[object]:
        return [tokenize(text), classify(text).to_dict()]

    if threads:
        with ThreadPoolExecutor(THREADS) as pool:
            got = list(pool.map(both, items))  # re-raises any thread's exception
    else:
        got = [both(t) for t in items]
    return {"tokens": [g[0] for g in got], "themes": [g[1] for g in got]}


def main() -> None:
    mode, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    items = texts(n, seed)
    if mode == "threads":
        sys.setswitchinterval(1e-6)
        out = {"threads": results(items, threads=True)}
        sys.setswitchinterval(0.005)
        from vnparty_nlp.preprocess.tokenize import _tokenize_cached

        _tokenize_cached.cache_clear()
        out["after"] = results(items, threads=False)  # wrong table entries would show here
    else:
        out = {"sequential": results(items, threads=False)}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
