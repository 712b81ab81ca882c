"""`classify` latency and `classify_batch` throughput of two checkouts, measured in turn on one machine.

    git worktree add /tmp/released v0.1.0        # or any commit: the code and its own models/
    python benchmarks/latency_versions.py /tmp/released .
    python benchmarks/latency_versions.py /tmp/released . --rounds 5 --cpu 1

"Does this change make classify slower?" cannot be read from two runs of ``benchmarks/run.py``
days apart: on the development machine raw pyvi's speed alone moved by 20% between runs. This
script runs each checkout in a fresh process, alternating (A B A B ...), each pinned to one core
when ``--cpu`` is given, on the text of ``benchmarks/run.py`` (seed and real corpus paragraphs):
``classify`` one paragraph at a time (median and 99th percentile of 2,000 calls) and
``classify_batch`` on 6,000. Each checkout reads its own ``models/`` folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run inside a fresh interpreter with the checkout first on sys.path.
MEASURE = r"""
import json, statistics, sys, time
from pathlib import Path
checkout = Path(sys.argv[1])
sys.path.insert(0, str(checkout))
import vnparty_nlp
import vnparty_nlp.artifacts as artifacts
if not Path(vnparty_nlp.__file__).resolve().is_relative_to(checkout.resolve()):
    raise SystemExit(f"imported {vnparty_nlp.__file__}, not the checkout {checkout}")
artifacts.shipped_models_dir = lambda: checkout / "models"  # each checkout with its own models
sys.path.insert(0, sys.argv[2])
import run as bench
texts = bench.repeated(bench.seed_paragraphs() + bench.corpus_paragraphs(Path(sys.argv[3])), 6000)
vnparty_nlp.classify("khởi động")
latencies = []
for text in texts[:2000]:
    start = time.perf_counter()
    vnparty_nlp.classify(text)
    latencies.append((time.perf_counter() - start) * 1000)
latencies.sort()
start = time.perf_counter()
vnparty_nlp.classify_batch(texts[:6000])
batch = 6000 / (time.perf_counter() - start)
print(json.dumps({"median": statistics.median(latencies), "p99": latencies[int(0.99 * 1999)], "batch": batch}))
"""


def measure(checkout: Path, corpus: Path, cpu: int | None) -> dict[str, float]:
    command = [sys.executable, "-c", MEASURE, str(checkout), str(HERE), str(corpus)]
    if cpu is not None:
        command = ["taskset", "-c", str(cpu), *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd="/", check=False,
                            env={**os.environ, "PYTHONPATH": ""})
    if result.returncode != 0:
        raise SystemExit(f"{checkout}: {result.stderr.strip() or result.stdout.strip()}")
    values: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="checkout A (for example the released code)")
    parser.add_argument("after", type=Path, help="checkout B (for example this one)")
    parser.add_argument("--rounds", type=int, default=3, help="A-B alternations (default 3)")
    parser.add_argument("--cpu", type=int, default=None, help="pin each run to this core (taskset)")
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus",
                        help="the real corpus folder (default ../shared/corpus; seeds only if absent)")
    args = parser.parse_args(argv)
    runs: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    for _ in range(args.rounds):
        for name, checkout in (("A", args.before), ("B", args.after)):
            runs[name].append(measure(checkout.resolve(), args.corpus, args.cpu))
    print(f"A = {args.before}, B = {args.after}; {args.rounds} alternations, median (min-max)\n")
    print("| figure | A | B | B / A |")
    print("|---|---|---|---|")
    for key, label, unit in (("median", "`classify` latency, median", "ms"), ("p99", "`classify` latency, 99th "
                             "percentile", "ms"), ("batch", "`classify_batch`, one core", "paragraphs/s")):
        a = [r[key] for r in runs["A"]]
        b = [r[key] for r in runs["B"]]
        cells = [f"{statistics.median(v):.3g} {unit} ({min(v):.3g}-{max(v):.3g})" for v in (a, b)]
        print(f"| {label} | {cells[0]} | {cells[1]} | {statistics.median(b) / statistics.median(a):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
