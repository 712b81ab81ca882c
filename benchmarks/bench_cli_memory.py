"""Peak memory and time of ``vnparty-nlp classify --jsonl`` and ``analyze`` on hostile sizes (issue 14, items 3-4).

    python benchmarks/bench_cli_memory.py [--quick]

Each row runs the command in a fresh process on a generated file and prints
the child's peak resident memory (``ru_maxrss``) and wall time:

* 120 lines of 10 MB (the issue's case, 4 GB before): over the default
  ``--max-bytes`` (2M), each line is read through in 1 MB pieces and skipped
  with its reason;
* 60 lines of 1.5 MB (under the cap): classified, batches bounded by bytes;
* 5,000 lines of 2 KB: the ordinary case;
* ``analyze`` of a 200 MB article (547 s and 2.9 GB before): skipped by the cap.

``--quick`` uses a tenth of the lines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "Chi bộ thôn 3 kết nạp 2 đảng viên mới, nâng cao chất lượng sinh hoạt chi bộ. "


def write_jsonl(path: Path, lines: int, size: int) -> None:
    text = (SENTENCE * (size // len(SENTENCE.encode()) + 1))[: size // 2]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(lines):
            handle.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")


def measure(args: list[str]) -> tuple[float, float, str]:
    """Seconds, the command's own peak RSS in MB (measured by a fresh parent), and its counts line."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PARENT, sys.executable, "-m", "vnparty_nlp", *args],
                            capture_output=True, text=True)
    lines = result.stderr.strip().splitlines()
    peak_kb = int(lines[-1])
    counts = next((line for line in reversed(lines[:-1]) if " read: " in line), "")
    return time.perf_counter() - start, peak_kb / 1024, counts


_PARENT = ("import resource, subprocess, sys\n"
           "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    rows = [("classify --jsonl", 120 // scale, 10 * 2**20), ("classify --jsonl", 60 // scale, 3 * 2**19),
            ("classify --jsonl", 5000 // scale, 2048)]
    print(f"{'command':<34}{'input':>24}{'seconds':>9}{'peak MB':>9}  counts")
    with tempfile.TemporaryDirectory() as folder:
        for command, lines, size in rows:
            path = Path(folder) / f"in-{lines}-{size}.jsonl"
            write_jsonl(path, lines, size)
            seconds, peak, counts = measure(["classify", "--jsonl", str(path)])
            path.unlink()
            print(f"{command:<34}{f'{lines} lines x {size / 2**20:.3g} MB':>24}{seconds:>9.1f}{peak:>9.0f}  {counts}")
        article = Path(folder) / "huge.txt"
        with article.open("w", encoding="utf-8") as handle:
            for _ in range(200 // scale):
                handle.write(SENTENCE * (2**20 // len(SENTENCE.encode())) + "\n\n")
        seconds, peak, counts = measure(["analyze", "--format", "summary", str(article)])
        print(f"{'analyze':<34}{f'1 article of {article.stat().st_size / 2**20:.0f} MB':>24}{seconds:>9.1f}"
              f"{peak:>9.0f}  {counts}")


if __name__ == "__main__":
    main()
