"""How well ``parse_article`` cleans pages: bodies, titles, dates and captions.

    python benchmarks/parsing_report.py                 # the table (../shared/pages and the seeds)
    python benchmarks/parsing_report.py --details       # plus which page missed what (names only)
    python benchmarks/parsing_report.py --write-docs    # also rewrite the table in docs/preprocessing.md
    python benchmarks/parsing_report.py --dedupe        # plus near-duplicate groups across all articles

``../shared/pages/index.jsonl`` gives, for each page, the title (null when the text shows none), the
publication date (null when none is printed) and the first 40 characters of each body paragraph. A
page's body is *exact* when the parser returns as many paragraphs as expected, each starting with its
expected first characters (where a caption is glued in front of a paragraph, the paragraph is found
inside the line). The seeds are scored against ``tests/data/seed_articles_golden.json``.

Only file names and counts are printed: the page text is the publishers' and is never copied out.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "pages"
DOCS = ROOT / "docs" / "preprocessing.md"
START, END = "<!-- parsing-report:start -->", "<!-- parsing-report:end -->"

sys.path.insert(0, str(ROOT))


def _squash(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Score:
    """Counts for one set of pages."""

    name: str
    pages: int = 0
    bodies: int = 0
    titled: int = 0
    titles: int = 0
    dated: int = 0
    dates: int = 0
    undated_false: int = 0
    captions: int = 0
    captions_from_body: int = 0
    missed: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, what: str, page: str) -> None:
        self.missed.setdefault(what, []).append(page)


def body_matches(paragraphs: tuple[str, ...], expected: list[str]) -> bool:
    """True when the paragraphs are exactly the expected ones, in order.

    >>> body_matches(("Chi bộ họp. Nội dung.", "Ảnh X. Đảng ủy xã kết nạp."), ["Chi bộ họp", "Đảng ủy xã"])
    True
    >>> body_matches(("Chi bộ họp.",), ["Chi bộ họp", "Đảng ủy xã"])
    False
    """
    if len(paragraphs) != len(expected):
        return False
    return all(_squash(p).startswith(_squash(e)) or _squash(e) in _squash(p)
               for p, e in zip(paragraphs, expected, strict=True))


def _is_body(text: str, expected: list[str]) -> bool:
    return any(_squash(e) and _squash(text).startswith(_squash(e)) for e in expected)


def score_pages(folder: Path = PAGES) -> Score:
    """Score every page listed in ``folder/index.jsonl``."""
    from vnparty_nlp import parse_article

    score = Score(f"../shared/pages ({folder.name})")
    for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record: dict[str, Any] = json.loads(line)
        name = record["file"]
        article = parse_article((folder / name).read_text(encoding="utf-8"))
        score.pages += 1
        if body_matches(article.paragraphs, record["body"]):
            score.bodies += 1
        else:
            score.miss("body", name)
        score.titled += 1
        if (article.title and _squash(article.title)) == (record["title"] and _squash(record["title"])):
            score.titles += 1
        else:
            score.miss("title", name)
        got = article.date.isoformat() if article.date else None
        if record["date"]:
            score.dated += 1
            if got == record["date"]:
                score.dates += 1
            else:
                score.miss("date", name)
        elif got:
            score.undated_false += 1
            score.miss("date on an undated page", name)
        score.captions += len(article.captions)
        score.captions_from_body += sum(_is_body(c, record["body"]) for c in article.captions)
    return score


def score_seeds() -> Score:
    """Score the seed articles against their committed golden file."""
    from vnparty_nlp import parse_article

    golden = json.loads((ROOT / "tests" / "data" / "seed_articles_golden.json").read_text(encoding="utf-8"))
    score = Score("seeds")
    for name, expected in sorted(golden.items()):
        article = parse_article((ROOT / "seeds" / name).read_text(encoding="utf-8"))
        score.pages += 1
        wanted = expected["paragraphs"]
        if len(article.paragraphs) == len(wanted) and all(
            p.startswith(w["starts"]) and p.endswith(w["ends"]) for p, w in zip(article.paragraphs, wanted, strict=True)
        ):
            score.bodies += 1
        else:
            score.miss("body", name)
        score.titled += 1
        score.titles += article.title == expected["title"]
        got = article.date.isoformat() if article.date else None
        if expected["date"]:
            score.dated += 1
            score.dates += got == expected["date"]
        elif got:
            score.undated_false += 1
        score.captions += len(article.captions)
        score.captions_from_body += sum(c[:60] not in expected["captions"] for c in article.captions)
    return score


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f}%)" if n else "-"


def table(scores: list[Score]) -> str:
    """The Markdown table of the scores."""
    rows = [
        "| pages | bodies exact | titles | dates (dated pages) | dates on undated pages | captions kept "
        "| of which not real captions |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        rows.append(
            f"| {s.name} | {_pct(s.bodies, s.pages)} | {_pct(s.titles, s.titled)} | {_pct(s.dates, s.dated)} "
            f"| {s.undated_false} | {s.captions} | {s.captions_from_body} |"
        )
    return "\n".join(rows)


def write_docs(markdown: str, path: Path = DOCS) -> None:
    """Replace the text between the report markers in ``path``."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no {START} ... {END} markers")
    path.write_text(pattern.sub(lambda _: f"{START}\n{markdown}\n{END}", text), encoding="utf-8")


def _dedupe_summary() -> str:
    from vnparty_nlp import parse_article
    from vnparty_nlp.corpus.dedupe import near_duplicate_groups

    texts: dict[str, tuple[str, ...]] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        texts[f"seed:{path.name}"] = parse_article(path.read_text(encoding="utf-8")).paragraphs
    if PAGES.exists():
        for path in sorted(PAGES.glob("*.txt")):
            texts[f"page:{path.name}"] = parse_article(path.read_text(encoding="utf-8")).paragraphs
    corpus = ROOT.parent / "shared" / "corpus"
    for path in sorted(corpus.glob("*.jsonl")) if corpus.exists() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            raw = record.get("raw_html") or record.get("text") or ""
            texts[f"{path.stem}:{record['id']}"] = parse_article(raw).paragraphs
    keys = list(texts)
    groups = near_duplicate_groups(["\n\n".join(texts[k]) for k in keys])
    lines = [f"{len(keys)} articles, {len(groups)} groups of near-duplicates"]
    lines += ["  " + ", ".join(keys[i] for i in group) for group in groups]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--details", action="store_true", help="name the pages that miss")
    parser.add_argument("--write-docs", action="store_true", help=f"rewrite the table in {DOCS.name}")
    parser.add_argument("--dedupe", action="store_true", help="report near-duplicate articles as well")
    args = parser.parse_args()
    scores = [score_pages()] if (PAGES / "index.jsonl").exists() else []
    scores.append(score_seeds())
    markdown = table(scores)
    print(markdown)
    if args.details:
        for s in scores:
            for what, names in s.missed.items():
                print(f"{s.name}: {what}: {', '.join(names)}")
    if args.dedupe:
        print(_dedupe_summary())
    if args.write_docs:
        write_docs(markdown)


if __name__ == "__main__":
    main()
