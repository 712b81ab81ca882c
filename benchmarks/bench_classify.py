"""Latency and throughput of the theme classifier.

    python benchmarks/bench_classify.py [--paragraphs 2000]

Uses distinct real paragraphs from ../shared/corpus when present (so tokenize's cache does not
flatter the figures), otherwise the seed paragraphs with the cache cleared between runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs(limit: int) -> tuple[list[str], str]:
    from vnparty_nlp import parse_article
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        texts = [p.text for f in sorted(corpus.glob("*.jsonl")) for p in iter_corpus_paragraphs(f)]
        return texts[:limit], f"{min(limit, len(texts))} distinct real paragraphs"
    seeds = [p for f in sorted((ROOT / "seeds").glob("*.txt")) for p in parse_article(f.read_text("utf-8")).paragraphs]
    return (seeds * (limit // len(seeds) + 1))[:limit], f"{limit} seed paragraphs (repeated)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()
    from vnparty_nlp import classify, classify_batch
    from vnparty_nlp.preprocess import tokenize as tokenize_module

    texts, what = paragraphs(args.paragraphs)
    start = time.perf_counter()
    classify("Chi bộ thôn 3 kết nạp đảng viên mới.")
    load = time.perf_counter() - start
    chars = sum(map(len, texts))
    print(f"# {what}, {chars / len(texts):.0f} characters on average")
    print(f"{'measure':<40}{'value':>16}")
    print(f"{'model load + first classify (s)':<40}{load:>16.2f}")
    tokenize_module._tokenize_cached.cache_clear()
    latencies = []
    for text in texts[:300]:
        t = time.perf_counter()
        classify(text)
        latencies.append(time.perf_counter() - t)
    latencies.sort()
    print(f"{'classify latency median (ms)':<40}{statistics.median(latencies) * 1000:>16.1f}")
    print(f"{'classify latency p99 (ms)':<40}{latencies[int(len(latencies) * 0.99) - 1] * 1000:>16.1f}")
    for n_jobs in (1, 2):
        tokenize_module._tokenize_cached.cache_clear()
        t = time.perf_counter()
        classify_batch(texts, n_jobs=n_jobs)
        seconds = time.perf_counter() - t
        print(f"{f'classify_batch n_jobs={n_jobs} (paragraphs/s)':<40}{len(texts) / seconds:>16.0f}")


if __name__ == "__main__":
    main()
