"""Peak memory of streaming classification: 200,000 paragraphs through ``iter_classify``.

    python benchmarks/bench_stream_memory.py [--quick] [--paragraphs 200000] [--n-jobs 1]

``iter_classify`` is the streaming form of ``classify_batch`` (which is
``list(iter_classify(...))``): a generator of paragraphs goes in, results come
out chunk by chunk and are only counted here, never kept. The paragraphs are
made on the fly from the seed sentences (real corpus paragraphs when
``../shared/corpus`` is present), each one distinct (a running number and a
varying mix of sentences) so that tokenize's cache cannot hold the corpus.

Prints the process's peak resident memory (VmHWM) after the first chunk, after 10 % of the
paragraphs (20,000 of 200,000) and at the end: if memory grew with the corpus
the last figure would be far above the second. ``--quick`` runs 20,000
paragraphs (checkpoint at 2,000) in about a minute.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from pathlib import Path

from run import peak_rss_mb  # benchmarks/ is on sys.path when this runs as a script

ROOT = Path(__file__).resolve().parent.parent


def sentence_pool() -> tuple[list[str], str]:
    from vnparty_nlp import parse_article
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        texts = [p.text for f in sorted(corpus.glob("*.jsonl")) for p in iter_corpus_paragraphs(f)]
        source = "real corpus paragraphs"
    else:
        texts = [p for f in sorted((ROOT / "seeds").glob("*.txt"))
                 for p in parse_article(f.read_text("utf-8")).paragraphs]
        source = "seed paragraphs"
    sentences = [s.strip() + "." for t in texts for s in t.split(". ") if len(s.split()) >= 4]
    return sentences, f"{len(sentences)} sentences of the {source}"


def paragraphs(n: int, sentences: list[str], seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    for i in range(n):
        chosen = rng.sample(sentences, rng.randint(1, 3))
        yield f"{' '.join(chosen)} ({i})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 paragraphs instead of 200,000")
    parser.add_argument("--paragraphs", type=int, default=None)
    parser.add_argument("--n-jobs", type=int, default=1)
    args = parser.parse_args()
    total = args.paragraphs or (20_000 if args.quick else 200_000)
    checkpoint = max(1, total // 10)

    from vnparty_nlp import LABELS, classify, iter_classify

    classify("Chi bộ thôn 3 kết nạp đảng viên mới.")  # load the models before measuring
    sentences, source = sentence_pool()
    print(f"{total:,} distinct paragraphs built from {source}; n_jobs={args.n_jobs}")
    print(f"{'paragraphs':>12} {'peak RSS MB':>12} {'elapsed s':>10} {'paragraphs/s':>13}")
    print(f"{0:>12,} {peak_rss_mb():>12.1f} {0.0:>10.1f} {'':>13}  (models loaded)")
    counts = dict.fromkeys(LABELS, 0)
    start = time.perf_counter()
    marks = {512, checkpoint, total}
    for done, result in enumerate(iter_classify(paragraphs(total, sentences), n_jobs=args.n_jobs), start=1):
        for label in result.labels:
            counts[label] += 1
        if done in marks:
            elapsed = time.perf_counter() - start
            print(f"{done:>12,} {peak_rss_mb():>12.1f} {elapsed:>10.1f} {done / elapsed:>13.0f}", flush=True)
    print("themes assigned: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
