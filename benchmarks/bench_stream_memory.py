"""Resident memory of long streams: it must stay flat, whatever the stream holds.

    python benchmarks/bench_stream_memory.py [--quick] [--stream mixed|random|real|all]
                                             [--api classify|tokenize|topic_mix] [--paragraphs N] [--n-jobs 1]
                                             [--corpus DIR]

Streams (paragraphs are made on the fly, never kept):

* ``random``: 1,000,000 distinct paragraphs of random syllables (random letters,
  with tone marks, in random case, plus numbers): nothing repeats, so every cache
  and the segmenter's syllable table meet an endless supply of new keys.
* ``real``: 200,000 real paragraphs, the paragraphs of ``../shared/corpus``
  (seed paragraphs without it) repeated over and over.
* ``mixed``: 200,000 distinct paragraphs of 1-3 real sentences and a running
  number (the stream this benchmark measured first).

``--api``: ``classify`` streams through ``iter_classify`` (the classifier reads
the first 100,000 characters, tokenises in chunks of 512 and counts character
n-grams per word); ``tokenize`` and ``topic_mix`` call the function once per
paragraph (both go through tokenize's byte-bounded cache).

Prints resident memory (VmRSS, not the peak) at checkpoints, and the ratio of the
last reading to the one after warm-up (10 % of the stream): flat means at most
1.2. ``--quick``: 100,000 random or 20,000 real/mixed paragraphs.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from run import peak_rss_mb, vm_rss_mb  # benchmarks/ is on sys.path when this runs as a script

ROOT = Path(__file__).resolve().parent.parent
LETTERS = "abcdeghiklmnopqrstuvxyđăâêôơư"
TONED = "áàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵấầẩẫậếềểễệốồổỗộớờởỡợứừửữự"


def real_paragraphs(corpus: Path) -> tuple[list[str], str]:
    from vnparty_nlp import parse_article
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    if corpus.is_dir():
        return [p.text for f in sorted(corpus.glob("*.jsonl")) for p in iter_corpus_paragraphs(f)], "real corpus"
    return [p for f in sorted((ROOT / "seeds").glob("*.txt"))
            for p in parse_article(f.read_text("utf-8")).paragraphs], "seed"


def random_stream(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)

    def syllable() -> str:
        if rng.random() < 0.1:
            return str(rng.randint(0, 10**6))
        letters = [rng.choice(LETTERS) for _ in range(rng.randint(1, 6))]
        letters[rng.randrange(len(letters))] = rng.choice(TONED)
        word = "".join(letters)
        return word.upper() if rng.random() < 0.05 else word.title() if rng.random() < 0.2 else word

    for i in range(n):
        yield " ".join(syllable() for _ in range(rng.randint(10, 80))) + f". {i}"


def real_stream(n: int, texts: list[str]) -> Iterator[str]:
    for i in range(n):
        yield texts[i % len(texts)]


def mixed_stream(n: int, texts: list[str], seed: int = 0) -> Iterator[str]:
    sentences = [s.strip() + "." for t in texts for s in t.split(". ") if len(s.split()) >= 4]
    rng = random.Random(seed)
    for i in range(n):
        yield f"{' '.join(rng.sample(sentences, rng.randint(1, 3)))} ({i})"


def consume(api: str, stream: Iterator[str], n_jobs: int) -> Iterator[None]:
    """One ``None`` per paragraph processed through ``api``."""
    import vnparty_nlp

    if api == "classify":
        for _ in vnparty_nlp.iter_classify(stream, n_jobs=n_jobs):
            yield None
        return
    function: Callable[[str], object] = getattr(vnparty_nlp, api)
    for text in stream:
        function(text)
        yield None


def measure(kind: str, api: str, total: int, n_jobs: int, corpus: Path) -> float:
    texts, source = real_paragraphs(corpus)
    if kind == "random":
        stream, what = random_stream(total), "distinct random-syllable paragraphs"
    elif kind == "real":
        stream, what = real_stream(total, texts), f"{source} paragraphs ({len(texts):,} distinct, repeated)"
    else:
        stream, what = mixed_stream(total, texts), f"distinct paragraphs of {source} sentences"
    warm = max(1, total // 10)
    print(f"\n{total:,} {what}, through {api}; n_jobs={n_jobs}")
    print(f"{'paragraphs':>12} {'RSS MB':>8} {'peak MB':>8} {'elapsed s':>10} {'paragraphs/s':>13}")
    print(f"{0:>12,} {vm_rss_mb():>8.1f} {peak_rss_mb():>8.1f} {0.0:>10.1f} {'':>13}  (models loaded)")
    marks = {512, *(warm * k for k in range(1, 11)), total}
    start, after_warm, last = time.perf_counter(), 0.0, 0.0
    for done, _ in enumerate(consume(api, stream, n_jobs), start=1):
        if done in marks:
            elapsed = time.perf_counter() - start
            last = vm_rss_mb()
            if done == warm:
                after_warm = last
            rate = done / elapsed
            print(f"{done:>12,} {last:>8.1f} {peak_rss_mb():>8.1f} {elapsed:>10.1f} {rate:>13.0f}", flush=True)
    ratio = last / after_warm
    print(f"resident memory at the end / after warm-up ({warm:,} paragraphs): {ratio:.3f}"
          f" ({'flat' if ratio <= 1.2 else 'GROWS'}: the goal is <= 1.2)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 random or 20,000 real/mixed paragraphs")
    parser.add_argument("--stream", choices=["mixed", "random", "real", "all"], default="mixed")
    parser.add_argument("--api", choices=["classify", "tokenize", "topic_mix"], default="classify")
    parser.add_argument("--paragraphs", type=int, default=None)
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="the real corpus (default ../shared/corpus; the seed paragraphs without it)")
    args = parser.parse_args()

    import vnparty_nlp

    vnparty_nlp.classify("Chi bộ thôn 3 kết nạp đảng viên mới.")  # load the models before measuring
    if args.api == "topic_mix":
        vnparty_nlp.topic_mix("Chi bộ thôn 3 kết nạp đảng viên mới.")
    kinds = ["random", "real"] if args.stream == "all" else [args.stream]
    for kind in kinds:
        full = 1_000_000 if kind == "random" else 200_000
        total = args.paragraphs or (full // 10 if args.quick else full)
        measure(kind, args.api, total, args.n_jobs, args.corpus)


if __name__ == "__main__":
    main()
