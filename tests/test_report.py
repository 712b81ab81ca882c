"""``vnparty-nlp report``: the page, the tables, streaming, bad files, Dask (issue 17, item 3).

The end-to-end run goes through the installed command line in a subprocess, once per module
(the browser test in ``test_report_browser.py`` reads the same kind of output).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS
from tests.test_cli_bad_files import ANALYZE_CASES, Case, check, make_files
from vnparty_nlp import LABELS, classify_article
from vnparty_nlp.cli import EXIT_OK, EXIT_USAGE, main
from vnparty_nlp.corpus.files import ArticleSource
from vnparty_nlp.registry import current_models
from vnparty_nlp.report.aggregate import SUMMABLE_KINDS, Aggregates
from vnparty_nlp.report.build import iter_records
from vnparty_nlp.report.collect import NO_PLACE, ArticleRecord, analyse_source
from vnparty_nlp.report.tables import article_columns, figure_columns, paragraph_columns

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run_report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vnparty_nlp", "report", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("report") / "out"
    return out, run_report("seeds/", "--out", str(out))


# ------------------------------------------------------------------ end to end on the seeds

def test_the_seeds_report_end_to_end(seed_report: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = seed_report
    assert result.returncode == EXIT_OK, result.stderr
    assert "articles read: 5, analysed: 5, failed: 0, skipped (not articles): 1" in result.stderr
    assert "seeds/labels: skipped, a folder inside a folder" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv", "figures.csv", "index.html", "paragraphs.csv"]
    _, articles = read_csv(out / "articles.csv")
    _, paragraphs = read_csv(out / "paragraphs.csv")
    _, figures = read_csv(out / "figures.csv")
    assert [Path(a["article"]).name for a in articles] == [p.name for p in SEED_FILES]
    # the tables hold what classify_article gives, paragraph by paragraph
    expected = [classify_article(path.read_text(encoding="utf-8")) for path in SEED_FILES]
    assert len(paragraphs) == sum(len(e.paragraphs) for e in expected) == 30
    rows = iter(paragraphs)
    for themes in expected:
        for number, (text, result) in enumerate(zip(themes.article.paragraphs, themes.paragraphs, strict=True), 1):
            row = next(rows)
            assert (row["paragraph"], row["text"], row["labels"]) == (str(number), text, ";".join(result.labels))
            assert float(row["score_cell_quality"]) == pytest.approx(result.scores["cell_quality"], abs=1e-4)
    assert len(figures) == sum(len(f) for e in expected for f in e.figures) > 20
    # the page says what a share is, and its overall shares are those of paragraphs.csv
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "fraction of body paragraphs" in page
    for theme in LABELS:
        share = sum(theme in row["labels"].split(";") for row in paragraphs) / len(paragraphs)
        assert f"{theme} {share:.0%}" in page
    for heading in ("Theme shares by year", "Theme shares by place", "Theme shares by source",
                    "Topic prevalence over time", "Top articles for each theme", "Key figures", "Method"):
        assert f">{heading}</h2>" in page
    assert page.count('<svg class="chart"') == 4
    assert "Đầm Hà: Nâng cao chất lượng tổ chức đảng" in page  # a top article, by title


def test_the_csv_columns(seed_report: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = seed_report
    assert read_csv(out / "paragraphs.csv")[0] == [
        "article", "title", "date", "place", "province", "paragraph", "text", "labels",
        *(f"score_{t}" for t in LABELS), "topics", "figures", "places", "organisations"]
    assert read_csv(out / "figures.csv")[0] == [
        "article", "title", "date", "place", "province", "paragraph", "value", "of", "unit", "kind", "qualifier",
        "summable", "text", "start", "end"]
    assert read_csv(out / "articles.csv")[0] == [
        "article", "title", "date", "source", "byline", "place", "province", "paragraphs",
        *(f"share_{t}" for t in LABELS), "main_topics", "figures", "organisations"]
    assert paragraph_columns(LABELS)[-4:] == ["topics", "figures", "places", "organisations"]
    assert figure_columns()[6:10] == ["value", "of", "unit", "kind"]
    assert article_columns(LABELS)[8] == "share_ideology"
    _, paragraphs = read_csv(out / "paragraphs.csv")
    text_of = {(r["article"], r["paragraph"]): r["text"] for r in paragraphs}
    _, figures = read_csv(out / "figures.csv")
    for row in figures:  # every figure points at its paragraph, and its text is there
        text = text_of[(row["article"], row["paragraph"])]
        assert text[int(row["start"]):int(row["end"])] == row["text"]
        assert row["summable"] == ("yes" if row["kind"] in SUMMABLE_KINDS else "no")
    first = next(r for r in paragraphs if Path(r["article"]).name == SEED_FILES[0].name)
    assert first["place"] == "huyện Đầm Hà" and first["province"] == "Quảng Ninh"
    assert "2068 đảng viên [party_members]" in first["figures"]
    assert all(re.fullmatch(r"(\d+:\d\.\d{3})?(;\d+:\d\.\d{3})*", r["topics"]) for r in paragraphs)


# ------------------------------------------------------------------ the page is one offline file

class _References(HTMLParser):
    """Every attribute that can load something, every style, and every tag that fetches."""

    FETCHING = frozenset({"script", "link", "iframe", "img", "object", "embed", "video", "audio", "source",
                          "image", "use", "base", "form", "frame"})

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.tags: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data", "background",
                        "formaction", "ping", "manifest", "xmlns"):
                self.references.append(f"{tag}[{name}]={value}")
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False if tag == "style" else self._in_style

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def external_references(page: str) -> list[str]:
    parser = _References()
    parser.feed(page)
    found = list(parser.references)
    found += [f"<{tag}>" for tag in parser.tags & parser.FETCHING]
    for style in parser.styles:
        found += re.findall(r"url\([^)]*\)|@import[^;]*", style)
    found += re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, flags=re.IGNORECASE)
    return found


def test_the_page_refers_to_nothing_outside_it(seed_report: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    page = (seed_report[0] / "index.html").read_text(encoding="utf-8")
    assert external_references(page) == []
    # the checker finds what it must
    assert external_references('<img src="a.png"><div style="background:url(x.png)"></div>') == [
        "img[src]=a.png", "<img>", "url(x.png)"]
    assert external_references('<link href="https://cdn.example/a.css">') != []


def test_text_from_the_corpus_is_escaped(tmp_path: Path) -> None:
    hostile = ("<script>fetch('https://evil.example')</script> Chi bộ thôn 3 kết nạp 2 đảng viên mới, "
               "<img src=x onerror=alert(1)>, nâng tổng số đảng viên của chi bộ lên 40 đồng chí.")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "<b>id</b>", "paragraphs": [hostile] * 3},
                                                 ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["report", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "out")]) == EXIT_OK
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<b>id" not in page
    assert "&lt;b&gt;id&lt;/b&gt;" in page  # the id, shown as text


# ------------------------------------------------------------------ streaming, bounded memory

def _records(n: int) -> Iterator[ArticleRecord]:
    bundle = current_models()
    base = [analyse_source(bundle, ArticleSource(p.name, p.read_text(encoding="utf-8"))) for p in SEED_FILES]
    for i in range(n):
        yield dataclasses.replace(base[i % len(base)], name=f"a{i}")


def test_aggregates_grow_with_groups_not_with_paragraphs() -> None:
    small, large = Aggregates(LABELS), Aggregates(LABELS)
    for record in _records(10):
        small.add(record)
    for record in _records(2000):
        large.add(record)
    assert large.paragraphs == 200 * small.paragraphs == 6000 * 2
    assert large.memory_items() == small.memory_items()  # counters and heaps: no per-paragraph state
    for theme in LABELS:
        assert len(large.top_articles(theme)) <= large.top_n
    # every attribute is a number, a counter or dict of counters, or the bounded heaps: no list of articles
    for name, value in vars(large).items():
        assert not isinstance(value, (list, tuple, set)) or name == "themes", name


def test_merging_two_halves_equals_adding_all() -> None:
    records = list(_records(12))
    whole, first, second = Aggregates(LABELS), Aggregates(LABELS), Aggregates(LABELS)
    for i, record in enumerate(records):
        whole.add(record)
        (first if i < 7 else second).add(record)
    first.merge(second)
    assert first.memory_items() == whole.memory_items()
    assert first.group_themes == whole.group_themes and first.figure_mentions == whole.figure_mentions
    assert first.figure_total == pytest.approx(whole.figure_total)
    for theme in LABELS:
        assert [a.name for a in first.top_articles(theme)] == [a.name for a in whole.top_articles(theme)]


def test_records_are_produced_lazily_from_an_endless_stream() -> None:
    raw = SEED_FILES[0].read_text(encoding="utf-8")

    def endless() -> Iterator[ArticleSource]:
        i = 0
        while True:
            i += 1
            yield ArticleSource(f"a{i}", raw)

    taken = list(islice(iter_records(endless(), current_models()), 3))
    assert [r.name for r in taken] == ["a1", "a2", "a3"]  # type: ignore[union-attr]


def test_the_tables_are_written_as_articles_come(tmp_path: Path) -> None:
    from vnparty_nlp.report.tables import Tables

    tables = Tables(tmp_path, LABELS)
    sizes = []
    for record in _records(40):
        tables.write(record)
        sizes.append((tmp_path / ".paragraphs.csv.partial").stat().st_size)
    assert sizes[-1] > sizes[20] > 0  # rows reach the file as they come (a buffer of a few kB at most)
    tables.close()
    assert not list(tmp_path.glob(".*.partial"))
    assert len(read_csv(tmp_path / "paragraphs.csv")[1]) == 40 * 6


# ------------------------------------------------------------------ bad files, as in analyze

@pytest.mark.parametrize("case", ANALYZE_CASES, ids=lambda c: c.name)
def test_bad_files_are_reported_and_counted(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_files(tmp_path, case.files)
    args = [a.replace("{dir}", str(tmp_path)) for a in case.args[1:]]
    code = main(["report", *args, "--out", str(tmp_path / "report-out")])
    err = capsys.readouterr().err
    err = err.replace("vnparty-nlp report:", "vnparty-nlp analyze:")
    _, articles = read_csv(tmp_path / "report-out" / "articles.csv")
    check(case, code, "\n".join("{}" for _ in articles), err)
    assert (tmp_path / "report-out" / "index.html").is_file()


def test_a_bad_out_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["report", str(SEED_FILES[0]), "--out", str(tmp_path / "file")]) == EXIT_USAGE
    assert "is a file, not a folder; pass a folder such as --out report" in capsys.readouterr().err
    kept = tmp_path / "mine"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")
    assert main(["report", str(SEED_FILES[0]), "--out", str(kept)]) == EXIT_OK
    assert (kept / "notes.txt").read_text() == "mine" and (kept / "index.html").is_file()


def test_dedupe_and_models_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SEED_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--dedupe", "--out",
                 str(tmp_path / "out"), "--models", str(ROOT / "models")]) == EXIT_OK
    err = capsys.readouterr().err
    assert "b.txt: skipped, a near-duplicate of" in err and "near-duplicates skipped: 1" in err
    assert len(read_csv(tmp_path / "out" / "articles.csv")[1]) == 1
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "near-duplicate articles were skipped (--dedupe): 1" in page and "The models of models/" in page


def test_an_article_naming_no_place_is_grouped_apart() -> None:
    record = analyse_source(current_models(), ArticleSource("x", "Chi bộ kết nạp 2 đảng viên mới trong năm."))
    assert (record.place, record.province) == (NO_PLACE, NO_PLACE)


# ------------------------------------------------------------------ analyze carries what was extracted

def test_analyze_csv_and_jsonl_carry_figures_places_and_organisations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--format", "csv", str(SEED_FILES[0])]) == EXIT_OK
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert list(rows[0])[-3:] == ["figures", "places", "organisations"]
    assert "35 chi, đảng bộ [party_organisations]" in rows[0]["figures"]
    assert rows[0]["places"] == "huyện Đầm Hà"
    assert "Đảng bộ huyện Đầm Hà" in rows[0]["organisations"].split("; ")
    assert main(["analyze", "--format", "jsonl", str(SEED_FILES[0])]) == EXIT_OK
    article = json.loads(capsys.readouterr().out)
    first = article["paragraphs"][0]
    assert {"value": 2068.0, "unit": "đảng viên", "kind": "party_members"}.items() <= first["figures"][1].items()
    assert first["places"][0]["full"] == "huyện Đầm Hà"
    assert first["organisations"][0]["text"] == "Đảng bộ huyện Đầm Hà"


def test_classify_article_carries_them_per_paragraph() -> None:
    result = classify_article(SEED_FILES[0].read_text(encoding="utf-8"))
    assert len(result.figures) == len(result.places) == len(result.organisations) == len(result.paragraphs)
    assert result.figures[0][0].value == 35.0
    data = result.to_dict()
    assert [len(p["figures"]) for p in data["paragraphs"]] == [len(f) for f in result.figures]


# ------------------------------------------------------------------ Dask

def test_a_dask_run_writes_the_same_tables(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="needs the [dask] extra")
    from distributed import Client, LocalCluster

    from vnparty_nlp.report import build_report
    from vnparty_nlp.report.build import iter_records_dask

    local = build_report([str(SEEDS), str(tmp_path / "absent.txt")], tmp_path / "local")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        remote = build_report([str(SEEDS), str(tmp_path / "absent.txt")], tmp_path / "dask", client=client)
        items = [ArticleSource(f"a{i}", SEED_FILES[i % 5].read_text(encoding="utf-8")) for i in range(9)]
        names = [r.name for r in iter_records_dask(items, client, None, chunk_size=2, in_flight=2)]
        assert names == [f"a{i}" for i in range(9)]  # input order, a bounded number in flight
    assert (remote.read, remote.analysed, remote.failed) == (local.read, local.analysed, local.failed) == (6, 5, 1)
    for name in ("paragraphs.csv", "figures.csv", "articles.csv", "index.html"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
