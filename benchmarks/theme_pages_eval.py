"""Cross-site evaluation of the theme classifier on 38 unseen real news pages.

    python benchmarks/theme_pages_eval.py              # needs ../shared/pages; under a minute
    python benchmarks/theme_pages_eval.py --errors     # also list the paragraphs a system gets wrong (keys only)

The pages (``../shared/pages``: 38 pages from 38 district, provincial and national sites, none of
them in training) list each real body paragraph by its first 40 characters in ``index.jsonl``.
This script rebuilds the paragraphs from the raw pages the same way the labels were made (find the
prefix, take the paragraph to the end of its line), checks every paragraph's fingerprint against
``seeds/labels/eval/pages_themes.jsonl`` (the project's own blind labels, never used in training),
and prints a markdown table of per-theme precision, recall and F1 for:

* the shipped model on each paragraph alone (``classify``);
* the shipped model with the article context (``classify(text, title=..., before=..., after=...)``:
  the page title from ``index.jsonl`` and the page's other body paragraphs), as
  ``classify_article`` gives it;
* ``classify_article`` on the raw page, end to end: its own cleaning finds the paragraphs; a labelled
  paragraph it does not return counts as predicted with no theme;
* the keyword baseline (``KeywordBaseline``: a theme when one of its guideline cue words occurs).

It skips (exit 0, with a message) when ``../shared/pages`` is not beside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "pages"
LABEL_FILE = ROOT / "seeds" / "labels" / "eval" / "pages_themes.jsonl"

# The store's stamp that opens some pages (" date 2025-09-30 "); the index's prefixes leave it out.
_STAMP = re.compile(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s")
# A full stop glued to the capital that opens a caption ("...thời gian tới.Ủy viên ..."): letters on
# both sides, no space between.
_GLUED_STOP = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_])")


def page_paragraphs(raw: str, prefixes: Sequence[str]) -> list[str]:
    """The body paragraphs of a page, found by their prefixes in reading order.

    A paragraph runs from its prefix to the end of its line, or to the next paragraph's prefix
    when that starts on the same line, or to a full stop glued to a capital (a caption run on).
    Searching from the end of the previous prefix skips an earlier copy (a teaser, a lead repeated).

    >>> page_paragraphs(" date 2024-01 Tin\\nChi bộ họp. Đảng viên mới.Ảnh: A\\nHết", ["Chi bộ", "Đảng viên"])
    ['Chi bộ họp.', 'Đảng viên mới.']
    """
    text = _STAMP.sub("", raw, count=1)
    starts: list[int] = []
    position = 0
    for prefix in prefixes:
        start = text.find(prefix, position)
        if start < 0:
            raise ValueError(f"body prefix not found in reading order: {prefix!r}")
        starts.append(start)
        position = start + len(prefix)
    paragraphs = []
    for k, start in enumerate(starts):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if k + 1 < len(starts) and starts[k + 1] < end:
            end = starts[k + 1]
        paragraph = text[start:end]
        for stop in _GLUED_STOP.finditer(paragraph):
            if paragraph[stop.start() - 1].islower() and paragraph[stop.end()].isupper():
                paragraph = paragraph[: stop.end()]
                break
        paragraphs.append(paragraph.strip())
    return paragraphs


@dataclass(frozen=True)
class Page:
    file: str
    title: str
    raw: str
    paragraphs: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]


def load_pages(pages_dir: Path = PAGES, label_file: Path = LABEL_FILE) -> list[Page]:
    """The pages with their body paragraphs and blind labels; a fingerprint that differs is an error."""
    from vnparty_nlp.corpus.jsonl import text_fingerprint

    gold: dict[tuple[str, int], dict[str, Any]] = {}
    for line in label_file.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "_comment" not in record:
            gold[(record["id"], record["index"])] = record
    pages = []
    for line in (pages_dir / "index.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        raw = (pages_dir / entry["file"]).read_text(encoding="utf-8")
        paragraphs = page_paragraphs(raw, entry["body"])
        labels = []
        for index, text in enumerate(paragraphs):
            record = gold.pop((entry["file"], index), None)
            if record is None:
                raise SystemExit(f"{label_file}: no label for {entry['file']} paragraph {index}")
            if record["fingerprint"] != text_fingerprint(text):
                raise SystemExit(f"{entry['file']} paragraph {index} differs from the text that was labelled")
            labels.append(tuple(record["labels"]))
        pages.append(Page(entry["file"], entry.get("title") or "", raw, tuple(paragraphs), tuple(labels)))
    if gold:
        raise SystemExit(f"{label_file}: labels for paragraphs the pages do not have: {sorted(gold)[:3]}")
    return pages


def predictions(pages: Sequence[Page], themes: Sequence[str]) -> dict[str, np.ndarray[Any, Any]]:
    """``{system: indicator matrix}`` over all paragraphs, in page order."""
    from vnparty_nlp import classify_article, classify_batch
    from vnparty_nlp.corpus.jsonl import text_fingerprint
    from vnparty_nlp.themes.context import ParagraphContext
    from vnparty_nlp.training.classifier import to_indicator
    from vnparty_nlp.training.evaluate import KeywordBaseline

    texts = [text for page in pages for text in page.paragraphs]
    contexts = [ParagraphContext(page.title, page.paragraphs[:i], page.paragraphs[i + 1 :])
                for page in pages for i in range(len(page.paragraphs))]
    end_to_end: list[tuple[str, ...]] = []
    recovered = 0
    for page in pages:
        result = classify_article(page.raw)
        found = {text_fingerprint(text): r.labels for text, r in zip(result.article.paragraphs,
                                                                          result.paragraphs, strict=True)}
        end_to_end += [tuple(found.get(text_fingerprint(text), ())) for text in page.paragraphs]
        recovered += sum(text_fingerprint(text) in found for text in page.paragraphs)
    print(f"classify_article's cleaning returned {recovered} of the {len(texts)} labelled paragraphs word for word")
    return {
        "model, paragraph alone": to_indicator([r.labels for r in classify_batch(texts)], themes),
        "model + context": to_indicator([r.labels for r in classify_batch(texts, contexts=contexts)], themes),
        "classify_article (raw page)": to_indicator(end_to_end, themes),
        "keyword baseline": KeywordBaseline(themes).predict(texts),
    }


def markdown_table(truth: np.ndarray[Any, Any], systems: dict[str, np.ndarray[Any, Any]],
                   themes: Sequence[str]) -> str:
    """Per theme: gold positives, then each system's predicted positives, P, R and F1; macro and micro F1."""
    from vnparty_nlp.training.evaluate import score

    scores = {name: score(truth, pred, themes) for name, pred in systems.items()}
    names = list(systems)
    head = "| theme | gold + | " + " | ".join(f"{n}: pred +, P / R / F1" for n in names) + " |"
    lines = [head, "|---|---:|" + "---:|" * len(names)]
    for k, theme in enumerate(themes):
        cells = [f"{int(systems[n][:, k].sum())}, {scores[n][theme]['precision']:.2f} / "
                 f"{scores[n][theme]['recall']:.2f} / **{scores[n][theme]['f1']:.2f}**" for n in names]
        lines.append(f"| {theme} | {int(truth[:, k].sum())} | " + " | ".join(cells) + " |")
    none_gold = int((truth.sum(axis=1) == 0).sum())
    none_cells = [str(int((systems[n].sum(axis=1) == 0).sum())) for n in names]
    lines.append(f"| no theme (paragraphs) | {none_gold} | " + " | ".join(none_cells) + " |")
    lines.append("| **macro F1** | | " + " | ".join(f"**{scores[n]['macro_f1']:.3f}**" for n in names) + " |")
    lines.append("| micro F1 | | " + " | ".join(f"{scores[n]['micro_f1']:.3f}" for n in names) + " |")
    exact = [f"{float(np.mean((systems[n] == truth).all(axis=1))):.2f}" for n in names]
    lines.append("| exact label set | | " + " | ".join(exact) + " |")
    return "\n".join(lines)


def bootstrap_macro_f1(
    truth: np.ndarray[Any, Any], systems: dict[str, np.ndarray[Any, Any]], pages: np.ndarray[Any, Any],
    themes: Sequence[str], versus: str, rounds: int = 2000,
) -> dict[str, tuple[float, float, float]]:
    """95% intervals of each system's macro F1, resampling whole pages (paragraphs of one page are not
    independent), and how often it beats ``versus`` on the same draw: ``{name: (low, high, share above)}``."""
    from vnparty_nlp.training.evaluate import score

    rng = np.random.default_rng(0)
    ids = np.unique(pages)
    rows = {page: np.flatnonzero(pages == page) for page in ids}
    draws: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(rounds):
        pick = np.concatenate([rows[page] for page in rng.choice(ids, size=len(ids))])
        for name, pred in systems.items():
            draws[name].append(score(truth[pick], pred[pick], themes)["macro_f1"])
    base = np.asarray(draws[versus])
    out = {}
    for name, values in draws.items():
        arr = np.asarray(values)
        out[name] = (float(np.percentile(arr, 2.5)), float(np.percentile(arr, 97.5)), float(np.mean(arr > base)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list wrong paragraphs per system (keys, no text)")
    args = parser.parse_args(argv)
    if not (PAGES / "index.jsonl").exists():
        print(f"skipped: the pages are not at {PAGES} (../shared/pages beside the repository)", file=sys.stderr)
        return 0
    from vnparty_nlp.registry import current_models
    from vnparty_nlp.training.classifier import to_indicator

    themes = current_models().require_classifier().labels
    pages = load_pages()
    truth = to_indicator([labels for page in pages for labels in page.labels], themes)
    systems = predictions(pages, themes)
    print(f"{len(truth)} body paragraphs from {len(pages)} pages, every fingerprint matching {LABEL_FILE.name}\n")
    print(markdown_table(truth, systems, themes))
    page_of = np.asarray([page.file for page in pages for _ in page.paragraphs])
    baseline = "keyword baseline"
    print(f"\nmacro F1, 95% interval resampling the {len(pages)} pages (2,000 rounds); share of rounds above the "
          f"{baseline}:")
    for name, (low, high, above) in bootstrap_macro_f1(truth, systems, page_of, themes, baseline).items():
        print(f"- {name}: {low:.3f} to {high:.3f}" + ("" if name == baseline else f"; above in {above:.0%}"))
    if args.errors:
        keys = [(page.file, i) for page in pages for i in range(len(page.paragraphs))]
        for name, pred in systems.items():
            print(f"\n{name}: wrong label sets")
            for row, (file, index) in enumerate(keys):
                if not (pred[row] == truth[row]).all():
                    gold = [t for t, v in zip(themes, truth[row], strict=True) if v]
                    got = [t for t, v in zip(themes, pred[row], strict=True) if v]
                    print(f"  {file} {index}: gold {gold} predicted {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
