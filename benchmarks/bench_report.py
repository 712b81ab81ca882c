"""Time and peak memory of ``vnparty-nlp report`` on the seeds and on a synthetic corpus.

    python benchmarks/bench_report.py              # 10,000 articles (and 1,000, to see memory not grow)
    python benchmarks/bench_report.py --quick      # 300 and 100 articles (CI); figures informational
    python benchmarks/bench_report.py --json       # the figures as JSON (benchmarks/run.py reads them)

The synthetic corpus is built from the body paragraphs of ``../shared/corpus`` (skipped when it
is absent): article ``i`` takes 8 paragraphs drawn with a fixed seed, a title and a date stamp
of its own, and goes into one of four JSONL files (four "sources"). It is written to a
temporary folder and deleted after; nothing of it is kept. Each run is the installed command in
a fresh process; peak memory is that process's maximum resident set (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
PARAGRAPHS_PER_ARTICLE = 8


def corpus_paragraphs(corpus: Path) -> list[str]:
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    return [p.text for f in sorted(corpus.glob("*.jsonl")) for p in iter_corpus_paragraphs(f)]


def write_synthetic(folder: Path, paragraphs: list[str], n_articles: int, seed: int = 0) -> int:
    """``n_articles`` articles in four JSONL files; returns the number of body paragraphs written."""
    rng = random.Random(seed)
    handles = [(folder / f"source-{k}.jsonl").open("w", encoding="utf-8") for k in range(4)]
    written = 0
    try:
        for i in range(n_articles):
            body = rng.sample(paragraphs, PARAGRAPHS_PER_ARTICLE)
            year, month, day = 2015 + i % 10, 1 + i % 12, 1 + i % 28
            text = f"Bài tổng hợp số {i}\n\nNgày đăng: {day:02d}/{month:02d}/{year}\n\n" + "\n\n".join(body)
            handles[i % 4].write(json.dumps({"id": f"synthetic-{i}", "text": text}, ensure_ascii=False) + "\n")
            written += len(body)
    finally:
        for handle in handles:
            handle.close()
    return written


def run_report(inputs: list[str], out: Path) -> dict[str, Any]:
    """One ``vnparty-nlp report`` in a fresh process: wall time and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = {**os.environ, "VNPARTY_NLP_PROGRESS": "0"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "report", *inputs, "--out", str(out)],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far, in KiB
    if result.returncode not in (0, 1):
        raise SystemExit(f"report failed ({result.returncode}): {result.stderr[-2000:]}")
    counts = result.stderr.strip().splitlines()
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 1024, 1) if peak > before else None,
            "counts": next((line for line in counts if line.startswith("articles read")), "")}


def measure(quick: bool, corpus: Path = DEFAULT_CORPUS) -> dict[str, Any]:
    sizes = (100, 300) if quick else (1_000, 10_000)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="vnparty-report-bench-") as tmp:
        results["seeds"] = run_report([str(ROOT / "seeds")], Path(tmp) / "seeds-out")
        if not corpus.is_dir():
            results["synthetic"] = None
            return results
        paragraphs = corpus_paragraphs(corpus)
        results["synthetic"] = []
        for n in sizes:  # the smaller first: ru_maxrss only grows, so the larger run's peak is its own or more
            folder = Path(tmp) / f"corpus-{n}"
            folder.mkdir()
            n_paragraphs = write_synthetic(folder, paragraphs, n)
            run = run_report([str(folder)], Path(tmp) / f"out-{n}")
            run.update(articles=n, paragraphs=n_paragraphs,
                       paragraphs_per_second=round(n_paragraphs / run["seconds"], 1))
            results["synthetic"].append(run)
    return results


def table(results: dict[str, Any]) -> list[str]:
    lines = ["| run | articles | body paragraphs | wall time | paragraphs/s | peak memory (max RSS) |",
             "|---|---|---|---|---|---|"]
    seeds = results["seeds"]
    lines.append(f"| `vnparty-nlp report seeds/` | 5 | 30 | {seeds['seconds']} s | | "
                 f"{seeds['peak_mb'] or '-'} MB |")
    for run in results["synthetic"] or []:
        lines.append(f"| synthetic corpus | {run['articles']:,} | {run['paragraphs']:,} | {run['seconds']:,} s | "
                     f"{run['paragraphs_per_second']:,} | {run['peak_mb'] or '-'} MB |")
    if results["synthetic"] is None:
        lines.append("| synthetic corpus | skipped: ../shared/corpus not found | | | | |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 and 300 articles (CI)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="default: ../shared/corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = measure(args.quick, args.corpus)
    print(json.dumps(results) if args.json else "\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
