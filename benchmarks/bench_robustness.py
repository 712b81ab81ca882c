"""Time of every public function on every hostile input (the rows of docs/robustness.md).

    python benchmarks/bench_robustness.py [--functions classify,tokenize] [--rows "5 MB string,emoji"]

Bounded time is measured here, not asserted in the tests. The inputs are the
ones ``tests/test_robustness.py`` tests (imported from it, so the two lists
cannot drift apart). Each cell is one call after the models are loaded, with
tokenize's cache cleared first, and shows the outcome: ``ok`` (a valid result)
or the exception type. ``topic_mix`` is timed when the package has it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", default=None, help="comma-separated subset of the functions")
    parser.add_argument("--rows", default=None, help="comma-separated subset of the rows")
    args = parser.parse_args()

    import vnparty_nlp
    from tests.test_robustness import FUNCTIONS, HOSTILE, call
    from vnparty_nlp.preprocess.tokenize import _tokenize_cached

    functions = [f for f in FUNCTIONS if f != "topic_mix" or hasattr(vnparty_nlp, "topic_mix")]
    if args.functions:
        functions = [f for f in functions if f in args.functions.split(",")]
    rows = [r for r in HOSTILE if not args.rows or r in args.rows.split(",")]
    vnparty_nlp.classify("Chi bộ thôn 3 kết nạp đảng viên mới.")  # load pyvi and the models first
    if "topic_mix" in functions:
        vnparty_nlp.topic_mix("Chi bộ thôn 3 kết nạp đảng viên mới.")

    width = max(map(len, rows))
    print(f"{'input':<{width}} " + " ".join(f"{f:>17}" for f in functions))
    slowest = (0.0, "", "")
    for row in rows:
        value = HOSTILE[row]()
        cells = []
        for function in functions:
            _tokenize_cached.cache_clear()
            start = time.perf_counter()
            try:
                call(function, value)
                outcome = "ok"
            except Exception as error:  # the table records the type; the tests check it is the documented one
                outcome = type(error).__name__
            elapsed = time.perf_counter() - start
            slowest = max(slowest, (elapsed, row, function))
            cells.append(f"{outcome} {elapsed:8.3f}s")
        print(f"{row:<{width}} " + " ".join(f"{c:>17}" for c in cells), flush=True)
    print(f"slowest cell: {slowest[2]}({slowest[1]}) {slowest[0]:.2f} s")


if __name__ == "__main__":
    main()
