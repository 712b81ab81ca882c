"""Golden outputs of the shipped classifier, so that speed-ups cannot change a result.

``tests/data/golden_outputs.jsonl`` holds, for the seed paragraphs, the authored
paragraphs and a few awkward texts, the labels, scores (already rounded to 6
decimals by ``classify``) and evidence. ``tests/data/golden_corpus.tsv.gz`` holds
the labels and scores of every paragraph of ``../shared/corpus``, keyed by
corpus, article id, paragraph index and fingerprint, and only a hash of the
evidence: corpus text is never committed (one tab-separated line per paragraph:
key, fingerprint, labels, the four scores in ``LABELS`` order, evidence hash).

Regenerate (only when a change is *meant* to alter outputs, e.g. a retrained model)::

    python -m tests.golden
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden_outputs.jsonl"
GOLDEN_CORPUS = DATA / "golden_corpus.tsv.gz"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

# Texts that exercise the edges of the pipeline (empty, ASCII only, abbreviations,
# old tone placement, invisible characters, punctuation only, very long).
AWKWARD = [
    "",
    "   ",
    "...",
    "Party building in 2020",
    "BTV Huyện ủy (BTVHU) chỉ đạo các TCCSĐ kiện toàn cấp ủy; KT-XH tăng trưởng 7,5%.",
    "Đảng\u200b bộ xã Hòa Thủy kết nạp 12 đảng viên mới,\u00a0đạt 120% chỉ tiêu.",
    "Chi bộ thôn 3 kết nạp đảng viên mới. " * 60,
]


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def golden_texts() -> Iterator[tuple[str, str]]:
    """(key, text) of the committed golden set: seeds, authored paragraphs, awkward texts."""
    from vnparty_nlp import parse_article

    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for i, text in enumerate(parse_article(path.read_text("utf-8")).paragraphs):
            yield f"seed:{path.name}:{i}", text
    for path in [DATA / "clear_theme_cases.jsonl", *sorted((ROOT / "seeds" / "labels").glob("authored_*.jsonl"))]:
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if "text" in record:
                name = record.get("id") or record.get("case")
                yield f"{path.stem}:{name}:{_text_key(record['text'])}", record["text"]
    for i, text in enumerate(AWKWARD):
        yield f"awkward:{i}", text


def corpus_paragraphs(corpus_dir: Path = SHARED_CORPUS) -> Iterator[Any]:
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    for path in sorted(corpus_dir.glob("*.jsonl")):
        yield from iter_corpus_paragraphs(path)


def full_record(key: str, result: Any) -> dict[str, Any]:
    data = result.to_dict()
    return {"key": key, "labels": data["labels"], "scores": data["scores"], "evidence": data["evidence"]}


def corpus_line(paragraph: Any, result: Any) -> str:
    """One line of the corpus golden file: ids, fingerprint and numbers, no corpus text."""
    data = result.to_dict()
    evidence = json.dumps(data["evidence"], ensure_ascii=False, sort_keys=True)
    fields = [
        f"{paragraph.corpus}:{paragraph.article_id}:{paragraph.index}",
        paragraph.fingerprint,
        ",".join(data["labels"]),
        *(f"{score:.6f}" for score in data["scores"].values()),
        hashlib.sha1(evidence.encode("utf-8")).hexdigest()[:12],
    ]
    return "\t".join(fields)


def read_corpus_golden(path: Path = GOLDEN_CORPUS) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def main() -> None:
    from vnparty_nlp import classify_batch

    keys, texts = zip(*golden_texts(), strict=True)
    _write(GOLDEN, [full_record(k, r) for k, r in zip(keys, classify_batch(texts), strict=True)])
    print(f"wrote {GOLDEN} ({len(keys)} texts)")
    if SHARED_CORPUS.is_dir():
        paragraphs = list(corpus_paragraphs())
        results = classify_batch(p.text for p in paragraphs)
        lines = [corpus_line(p, r) for p, r in zip(paragraphs, results, strict=True)]
        GOLDEN_CORPUS.write_bytes(gzip.compress("".join(f"{line}\n" for line in lines).encode("utf-8"), mtime=0))
        print(f"wrote {GOLDEN_CORPUS} ({len(paragraphs)} corpus paragraphs)")


if __name__ == "__main__":
    main()
