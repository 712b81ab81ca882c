"""Throughput of the preprocessing steps on the seed articles repeated to about 1 MB.

    python benchmarks/bench_preprocess.py [--megabytes 1.0] [--repeat 3]

Prints characters per second of normalize, parse_article and tokenize, next to raw
pyvi.ViTokenizer.tokenize on the same text (the floor: segmentation itself). tokenize's
cache is bypassed for the headline figure, so repeated paragraphs are not free.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from pyvi import ViTokenizer

    from vnparty_nlp import normalize, parse_article, tokenize
    from vnparty_nlp.preprocess import tokenize as tokenize_module

    articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    paragraphs = [p for a in articles for p in parse_article(a).paragraphs]
    size = sum(len(a) for a in articles)
    times = max(1, int(args.megabytes * 1_000_000 / size))
    article_stream = articles * times
    paragraph_stream = paragraphs * times
    chars_articles = sum(map(len, article_stream))
    chars_paragraphs = sum(map(len, paragraph_stream))

    uncached = tokenize_module._tokenize_cached.__wrapped__
    config = tokenize_module.DEFAULT_CONFIG

    def run_tokenize_uncached() -> None:
        # Every paragraph processed as if new: the honest cost on a real archive.
        for p in paragraph_stream:
            uncached(p, config)

    def run_tokenize() -> None:
        tokenize_module._tokenize_cached.cache_clear()
        for p in paragraph_stream:
            tokenize(p)

    rows = [
        ("normalize", chars_articles, lambda: [normalize(a) for a in article_stream]),
        ("parse_article", chars_articles, lambda: [parse_article(a) for a in article_stream]),
        ("pyvi ViTokenizer.tokenize (raw)", chars_paragraphs,
         lambda: [ViTokenizer.tokenize(p) for p in paragraph_stream]),
        ("tokenize (every paragraph new)", chars_paragraphs, run_tokenize_uncached),
        ("tokenize (repeats hit the cache)", chars_paragraphs, run_tokenize),
    ]
    ViTokenizer.tokenize("khởi động")  # load pyvi's model outside the timing
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{chars_articles / 1e6:.2f} MB of seed text, median of {args.repeat} runs")
    print(f"{'step':<34}{'chars/s':>14}{'seconds':>10}")
    results = {}
    for name, chars, function in rows:
        seconds = _timed(function, args.repeat)
        results[name] = chars / seconds
        print(f"{name:<34}{chars / seconds:>14,.0f}{seconds:>10.2f}")
    ratio = results["tokenize (every paragraph new)"] / results["pyvi ViTokenizer.tokenize (raw)"]
    print(f"tokenize / raw pyvi: {ratio:.0%} (goal: at least 70%)")


if __name__ == "__main__":
    main()
