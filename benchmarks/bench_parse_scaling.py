"""Does ``parse_article`` take time linear in the page size? A table of seconds by page size.

    python benchmarks/bench_parse_scaling.py [--repeat 3]

Three synthetic page shapes, each at 0.5, 5 and (for the 10x check) the sizes in
between: a menu of ``<li>`` items without closing tags (the shape that took 100 s
on a 0.77 MB page before issue 15), a long article of ``<p>`` paragraphs with
photo tables, and the same article pasted as plain text. The last columns give
the time at 10x the size divided by the time at 1x (at most 12 is the goal) and
whether a 5 MB page parses in under 5 s. Nothing here is a test: timings depend
on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES_MB = (0.5, 1.0, 2.0, 5.0)


def unclosed_list(size: int) -> str:
    """A page of ``<li>`` items whose end tags are left out."""
    item = "<li><a href='/tin/{0}.html'>Chi bộ thôn {0} sinh hoạt chuyên đề tháng {0}</a>"
    parts, total, i = ["<html><body><ul>"], 0, 0
    while total < size:
        parts.append(item.format(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts) + "</ul></body></html>"


def long_article(size: int) -> str:
    """An article of paragraphs and photo tables inside ``<article>``, with a nav and a footer."""
    block = ("<p>Năm {0}, Đảng ủy xã đã kết nạp {0} đảng viên mới, nâng tổng số đảng viên lên nhiều đồng chí; "
             "các chi bộ duy trì sinh hoạt định kỳ.</p>"
             "<table><tr><td><img src='{0}.jpg'></td></tr><tr><td>Các đại biểu dự hội nghị {0}</td></tr></table>")
    parts, total, i = ["<html><body><nav><ul><li>Trang chủ<li>Thời sự</ul></nav><article><h1>Tin chi bộ</h1>"], 0, 0
    while total < size:
        parts.append(block.format(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts) + "</article><footer>© Báo Nam Bình</footer></body></html>"


def plain_text(size: int) -> str:
    """The article as text pasted from a page: title, stamp, paragraphs, captions, byline."""
    block = ("Năm {0}, Đảng ủy xã đã kết nạp {0} đảng viên mới, nâng tổng số đảng viên lên nhiều đồng chí.\n\n"
             "Các đại biểu dự hội nghị.\n\n")
    parts, total, i = ["Đảng bộ xã Nam Bình kết nạp đảng viên mới\n\nCập nhật: 10/03/2024 09:15\n\n"], 0, 0
    while total < size:
        parts.append(block.format(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts) + "Minh Anh\n"


def _seconds(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from vnparty_nlp import parse_article

    print("| page | " + " | ".join(f"{mb:g} MB" for mb in SIZES_MB) + " | 5 MB / 0.5 MB (goal <= 12) | 5 MB < 5 s |")
    print("|---|" + "---|" * (len(SIZES_MB) + 2))
    for name, make in (("unclosed <li> menu", unclosed_list), ("HTML article", long_article),
                       ("plain-text article", plain_text)):
        seconds = []
        for mb in SIZES_MB:
            page = make(int(mb * 1_000_000))
            seconds.append(_seconds(lambda page=page: parse_article(page), args.repeat))
        ratio = seconds[-1] / seconds[0]
        cells = " | ".join(f"{s:.2f} s" for s in seconds)
        print(f"| {name} | {cells} | {ratio:.1f} | {'yes' if seconds[-1] < 5 else 'NO'} |")


if __name__ == "__main__":
    main()
