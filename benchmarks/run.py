"""The benchmark suite: vnparty_nlp against raw pyvi, underthesea and a hand-rolled pipeline.

    python benchmarks/run.py                 # full: >= 20,000 paragraphs, a 200,000-paragraph stream
    python benchmarks/run.py --quick         # CI: a few hundred paragraphs; figures are informational
    python benchmarks/run.py --corpus DIR    # the real corpus elsewhere than ../shared/corpus

Everything is measured in one run on the same text: the seed articles' body paragraphs and,
when present, every paragraph of the real corpus, repeated to at least 20,000 paragraphs.
Each figure is the median of several runs, with the spread (min-max). Cold starts run in fresh
processes; memory is read in a fresh process (/proc/self/status VmRSS and VmHWM).
The full run writes the table to docs/performance.md (``--no-write`` to skip).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
NA = "n/a (not available)"


# --- the text -------------------------------------------------------------------------------

def seed_paragraphs() -> list[str]:
    from vnparty_nlp import parse_article

    return [p for f in sorted((ROOT / "seeds").glob("*.txt")) for p in parse_article(f.read_text("utf-8")).paragraphs]


def corpus_paragraphs(corpus: Path) -> list[str]:
    from vnparty_nlp.corpus.jsonl import iter_corpus_paragraphs

    if not corpus.is_dir():
        return []
    return [p.text for f in sorted(corpus.glob("*.jsonl")) for p in iter_corpus_paragraphs(f)]


def repeated(texts: Sequence[str], n: int) -> list[str]:
    return [texts[i % len(texts)] for i in range(max(n, len(texts)))]


# --- measuring ------------------------------------------------------------------------------

class Row:
    def __init__(self, name: str, unit: str, values: Sequence[float] | None, goal: str = "", met: str = "",
                 note: str = "") -> None:
        self.name, self.unit, self.values, self.goal, self.met, self.note = name, unit, values, goal, met, note

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    def cells(self) -> list[str]:
        if not self.values:
            return [self.name, self.note or NA, "", "", self.goal, self.met]
        fmt = _format(self.median or 0.0)
        spread = f"{_format(min(self.values))}-{_format(max(self.values))}" if len(self.values) > 1 else ""
        return [self.name, f"{fmt} {self.unit}", spread, str(len(self.values)), self.goal, self.met]


def _format(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        out.append(time.perf_counter() - start)
    return out


def fresh(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter (from outside the checkout) and parse its last line as JSON."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/", env=env)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


COLD_IMPORT = """
import time, json
t = time.perf_counter()
import vnparty_nlp
print(json.dumps({"s": time.perf_counter() - t}))
"""

COLD_CLASSIFY = """
import time, json
t = time.perf_counter()
import vnparty_nlp
vnparty_nlp.classify("Chi bộ thôn 3 kết nạp đảng viên mới.")
print(json.dumps({"s": time.perf_counter() - t}))
"""

COLD_TOPIC_MIX = """
import time, json
t = time.perf_counter()
import vnparty_nlp
vnparty_nlp.topic_mix("Chi bộ thôn 3 kết nạp đảng viên mới.")
print(json.dumps({"s": time.perf_counter() - t}))
"""

RUNTIME_IMPORTS = """
import json, sys
import vnparty_nlp
vnparty_nlp.classify("Chi bộ thôn 3 kết nạp đảng viên mới.")
vnparty_nlp.topic_mix("Chi bộ thôn 3 kết nạp đảng viên mới.")
vnparty_nlp.topics()
heavy = ("sklearn", "gensim", "scipy", "joblib", "vnparty_nlp.training")
print(json.dumps({"heavy": sorted({m.split(".")[0] if not m.startswith("vnparty_nlp") else "vnparty_nlp.training"
                                   for m in sys.modules for h in heavy if m == h or m.startswith(h + ".")})}))
"""

MALICIOUS = """
import json, hashlib, shutil, sys, tempfile
from pathlib import Path
import joblib
import vnparty_nlp
from vnparty_nlp.artifacts import shipped_models_dir

class Payload:
    def __init__(self, marker):
        self.marker = marker
    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))

tmp = Path(tempfile.mkdtemp())
folder, marker = tmp / "models", tmp / "marker"
shutil.copytree(shipped_models_dir(), folder)
manifest = json.loads((folder / "manifest.json").read_text())
for name in ("theme_classifier.joblib", "topic_model.joblib"):
    joblib.dump(Payload(str(marker)), folder / name)
    data = (folder / name).read_bytes()
    manifest["files"][name].update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
(folder / "manifest.json").write_text(json.dumps(manifest))
ran = []
vnparty_nlp.load_models(folder)
vnparty_nlp.topic_mix("Chi bộ họp."); vnparty_nlp.classify("Chi bộ họp.")
ran.append(marker.exists())
for name in ("theme_classifier.npz", "topic_model.npz"):
    del manifest["files"][name]
(folder / "manifest.json").write_text(json.dumps(manifest))
try:
    vnparty_nlp.load_models(folder)
except vnparty_nlp.ArtifactError:
    pass
ran.append(marker.exists())
shutil.rmtree(tmp)
print(json.dumps({"ran": any(ran)}))
"""

MEMORY = """
import json, sys
sys.path.insert(0, {root!r})
from benchmarks.run import corpus_paragraphs, peak_rss_mb, seed_paragraphs, vm_rss_mb
from pathlib import Path
texts = seed_paragraphs() + corpus_paragraphs(Path({corpus!r}))
import vnparty_nlp
from vnparty_nlp.themes.api import iter_classify
vnparty_nlp.classify("Chi bộ họp.")
out = {{"loaded_rss": vm_rss_mb(), "loaded_peak": peak_rss_mb()}}
stream = (texts[i % len(texts)] for i in range({n}))
checkpoints = {{{first}: "rss_first", {n}: "rss_last"}}
for i, _ in enumerate(iter_classify(stream), 1):
    if i in checkpoints:
        out[checkpoints[i]] = vm_rss_mb()
out["stream_peak"] = peak_rss_mb()
print(json.dumps(out))
"""


def _proc_status_mb(field: str) -> float | None:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return None


def vm_rss_mb() -> float:
    """Resident memory now (VmRSS)."""
    now = _proc_status_mb("VmRSS")
    return now if now is not None else peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM).

    Not ru_maxrss: Linux carries a process's ru_maxrss over from the parent it was
    forked from, so a fresh interpreter started by this (by then large) benchmark
    reported the benchmark's own peak (467 MB) instead of its own (under 200 MB).
    """
    peak = _proc_status_mb("VmHWM")
    if peak is not None:
        return peak
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)  # KB on Linux, bytes on macOS


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for name in ("vnparty_nlp", "numpy", "scipy", "scikit-learn", "pyvi", "python-crfsuite", "underthesea"):
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} not installed")
    load = os.getloadavg()
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; {', '.join(versions)}; "
            f"load average at the start {load[0]:.1f}")


# --- the alternatives -----------------------------------------------------------------------

def naive_pipeline(train_texts: list[str], train_labels: list[list[str]]) -> Any:
    """What a user would hand-roll: pyvi + TfidfVectorizer + LogisticRegression, no caching, no normalisation."""
    from pyvi import ViTokenizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FunctionTransformer, make_pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    segment = FunctionTransformer(lambda texts: [ViTokenizer.tokenize(t).lower() for t in texts])
    model = make_pipeline(segment, TfidfVectorizer(ngram_range=(1, 2)), OneVsRestClassifier(LogisticRegression()))
    return model.fit(train_texts, MultiLabelBinarizer().fit_transform(train_labels))


def labelled_paragraphs(corpus: Path) -> tuple[list[str], list[list[str]]]:
    from vnparty_nlp.training.train import collect_training_data

    data = collect_training_data((), [corpus] if corpus.is_dir() else [], ROOT)
    mix = data.mix()
    return [p.text for p in mix], [list(p.labels) for p in mix]


def underthesea_tokenize() -> Callable[[str], Any] | None:
    try:
        from underthesea import word_tokenize
    except Exception:
        return None
    return word_tokenize  # type: ignore[no-any-return]


# --- the run --------------------------------------------------------------------------------

def run(args: argparse.Namespace) -> tuple[list[Row], str, str]:
    import vnparty_nlp

    corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS
    seeds, real = seed_paragraphs(), corpus_paragraphs(corpus)
    base = seeds + real
    texts = repeated(base, 300)[:300] if args.quick else repeated(base, 20_000)
    chars = sum(map(len, texts))
    repeat = args.repeat or (3 if args.quick else 5)
    slow_repeat = 1 if args.quick else 3
    what = (f"{len(texts):,} paragraphs ({len(seeds)} seed + {len(real)} real corpus paragraphs"
            f"{'' if real else ': corpus not found at ' + str(corpus)}, repeated), "
            f"{chars / len(texts):.0f} characters on average")
    rows: list[Row] = []

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    log("cold starts")
    cold_import = [fresh(COLD_IMPORT)["s"] for _ in range(repeat)]
    cold_classify = [fresh(COLD_CLASSIFY)["s"] for _ in range(repeat)]
    rows.append(Row("cold start: `import vnparty_nlp`", "s", cold_import, "< 0.15 s",
                    _met(statistics.median(cold_import) < 0.15)))
    rows.append(Row("cold start: import + first `classify`", "s", cold_classify, "< 1.5 s",
                    _met(statistics.median(cold_classify) < 1.5)))
    cold_topic = [fresh(COLD_TOPIC_MIX)["s"] for _ in range(repeat)]
    ratio = statistics.median(cold_topic) / statistics.median(cold_classify)
    rows.append(Row("cold start: import + first `topic_mix`", "s", cold_topic,
                    f"<= 1.5 x first `classify` ({ratio:.2f} x)", _met(ratio <= 1.5)))
    heavy = fresh(RUNTIME_IMPORTS)["heavy"]
    rows.append(Row("sklearn, gensim, scipy, joblib imported by classify + topic_mix + topics", "modules",
                    [float(len(heavy))], "none", _met(not heavy), note=", ".join(heavy)))
    analyze = timed(lambda: subprocess.run([sys.executable, "-m", "vnparty_nlp", "analyze", str(ROOT / "seeds")],
                                           capture_output=True, check=True, cwd="/"), repeat)
    rows.append(Row("`vnparty-nlp analyze seeds/`, wall", "s", analyze, "<= 0.8 s",
                    _met(statistics.median(analyze) <= 0.8)))
    ran = fresh(MALICIOUS)["ran"]
    rows.append(Row("code-running pickles with a matching manifest: code run by `load_models`", "times",
                    [float(ran)], "never", _met(not ran)))

    log("classify latency")
    vnparty_nlp.classify("khởi động")
    latencies = []
    for text in texts[: 200 if args.quick else 2000]:
        start = time.perf_counter()
        vnparty_nlp.classify(text)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    rows.append(Row("`classify` latency, median", "ms", [statistics.median(latencies)], note=""))
    rows.append(Row("`classify` latency, 99th percentile", "ms", [latencies[int(0.99 * (len(latencies) - 1))]]))

    log("classify_batch")
    batch1 = [len(texts) / s for s in timed(lambda: vnparty_nlp.classify_batch(texts), repeat)]
    # start the workers outside the timing (one chunk would be classified in this process)
    list(vnparty_nlp.iter_classify(texts[:50], n_jobs=-1, chunk_size=10))
    # --quick's 300 paragraphs fit in one chunk of 512, which classify_batch keeps in this
    # process; chunks of 50 send them to the workers, so CI runs that path too.
    chunk = 50 if args.quick else 512
    batch_all = [len(texts) / s for s in timed(
        lambda: list(vnparty_nlp.iter_classify(texts, n_jobs=-1, chunk_size=chunk)), repeat)]

    log("tokenizers")
    from pyvi import ViTokenizer

    from vnparty_nlp.preprocess.tokenize import tokenize_batch

    ViTokenizer.tokenize("khởi động")
    pyvi_raw = [len(texts) / s for s in timed(lambda: [ViTokenizer.tokenize(t) for t in texts], slow_repeat)]
    ours = [len(texts) / s for s in timed(lambda: [tokenize_batch(texts[i : i + 512])
                                                   for i in range(0, len(texts), 512)], repeat)]
    pyvi_median = statistics.median(pyvi_raw)
    ut = underthesea_tokenize()
    if ut is not None:
        ut("khởi động")
        ut_rate: list[float] | None = [len(texts) / s for s in timed(lambda: [ut(t) for t in texts], slow_repeat)]
    else:
        ut_rate = None

    ratio = statistics.median(batch1) / pyvi_median
    rows.append(Row("`classify_batch`, `n_jobs=1`", "paragraphs/s", batch1,
                    ">= 70% of raw pyvi", f"{_met(ratio >= 0.7)} ({ratio:.0%})"))
    scale = statistics.median(batch_all) / statistics.median(batch1)
    all_cores = "`classify_batch`," if chunk == 512 else f"`iter_classify`, chunks of {chunk},"
    rows.append(Row(f"{all_cores} `n_jobs=-1` ({os.cpu_count()} cores)", "paragraphs/s", batch_all,
                    ">= 1.7 x one core", f"{_met(scale >= 1.7)} ({scale:.2f} x)"))
    rows.append(Row("`tokenize_batch` (normalise + abbreviations + segment + filter)", "paragraphs/s", ours,
                    "", f"{statistics.median(ours) / pyvi_median:.0%} of raw pyvi"))
    rows.append(Row("raw `pyvi.ViTokenizer.tokenize` (the floor)", "paragraphs/s", pyvi_raw))
    rows.append(Row("underthesea `word_tokenize`", "paragraphs/s", ut_rate,
                    note="not installed (`pip install -e '.[bench]'`)"))

    log("naive pipeline")
    train_texts, train_labels = labelled_paragraphs(corpus)
    naive_fit_s = timed(lambda: naive_pipeline(train_texts, train_labels), 1)
    naive = naive_pipeline(train_texts, train_labels)
    naive_rate = [len(texts) / s for s in timed(lambda: naive.predict_proba(texts), slow_repeat)]
    faster = statistics.median(batch1) / statistics.median(naive_rate)
    rows.append(Row("naive pyvi + TfidfVectorizer + LogisticRegression, predict", "paragraphs/s", naive_rate,
                    "`classify_batch` faster", f"{_met(faster > 1)} ({faster:.2f} x)"))

    log("topics")
    topic_mix = getattr(vnparty_nlp, "topic_mix", None) if "topic_mix" in getattr(vnparty_nlp, "__all__", []) else None
    topic_rate: list[float] | None = None
    # topic_mix tokenises through tokenize's cache: each run starts with it empty and reads each
    # distinct paragraph once, so no figure comes from the cache.
    distinct = list(dict.fromkeys(texts))
    if topic_mix is not None:
        from vnparty_nlp.preprocess.tokenize import _tokenize_cached

        def uncached_topic_mix() -> None:
            _tokenize_cached.cache_clear()
            for text in distinct:
                topic_mix(text)

        try:
            topic_mix(texts[0])
            topic_rate = [len(distinct) / s for s in timed(uncached_topic_mix, slow_repeat)]
        except Exception as error:  # the topic model is not shipped yet
            log(f"topic_mix unavailable: {error}")
    rows.append(Row(f"`topic_mix`, one paragraph per call ({len(distinct):,} distinct, cache emptied)",
                    "paragraphs/s", topic_rate))

    log("training")
    from vnparty_nlp.training.train import collect_topic_documents, make_classifier, make_topic_model

    # --quick trains on a small part (so CI runs this code and it cannot rot); the figures are for scale only.
    fit_texts, fit_labels = (train_texts[:200], train_labels[:200]) if args.quick else (train_texts, train_labels)
    groups = [str(i) for i in range(len(fit_texts))]
    fit_s = timed(lambda: make_classifier().fit(fit_texts, fit_labels, groups), 1)
    rows.append(Row(f"training: theme classifier on {len(fit_texts):,} paragraphs", "s", fit_s))
    topic_sources = [ROOT / "seeds", *([corpus] if corpus.is_dir() and not args.quick else [])]
    topic_corpus = collect_topic_documents(topic_sources)
    topic_s = timed(lambda: make_topic_model().fit(topic_corpus.tokens), 1)
    rows.append(Row(f"training: topic model on {len(topic_corpus.tokens):,} paragraphs (tokenised beforehand)",
                    "s", topic_s))
    rows.append(Row("training: naive pipeline (for scale)", "s", naive_fit_s))

    log("memory")
    n_stream = args.stream or (2_000 if args.quick else 200_000)
    first = max(1, n_stream // 10)
    memory = fresh(MEMORY.format(root=str(ROOT), corpus=str(corpus), n=n_stream, first=first))
    rows.append(Row("resident memory after loading the models (VmRSS)", "MB", [memory["loaded_rss"]],
                    "< 250 MB", _met(memory["loaded_rss"] < 250)))
    rows.append(Row(f"resident memory during the stream, after {first:,} paragraphs", "MB", [memory["rss_first"]]))
    rows.append(Row(f"resident memory during the stream, after {n_stream:,} paragraphs", "MB", [memory["rss_last"]],
                    "no growth", _met(memory["rss_last"] <= memory["rss_first"] * 1.1)))
    rows.append(Row(f"peak resident memory (VmHWM), {n_stream:,}-paragraph stream", "MB",
                    [memory["stream_peak"]]))

    from vnparty_nlp.artifacts import shipped_models_dir

    shipped = [p for p in sorted(shipped_models_dir().iterdir()) if p.is_file() and p.suffix in (".joblib", ".npz")]
    total = sum(p.stat().st_size for p in shipped) / 1e6
    for path in shipped:
        rows.append(Row(f"artifact: `models/{path.name}`", "MB", [path.stat().st_size / 1e6]))
    rows.append(Row("artifacts shipped, total", "MB", [total], "< 10 MB", _met(total < 10)))

    log("report")
    rows += report_rows(args.quick, corpus)
    return rows, what, f"median of {repeat} runs ({slow_repeat} for raw pyvi, underthesea, naive predict, topic_mix)"


def report_rows(quick: bool, corpus: Path) -> list[Row]:
    """`vnparty-nlp report` on the seeds and on a synthetic corpus (benchmarks/bench_report.py, fresh processes)."""
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_report.py"), "--json", "--corpus",
                          str(corpus), *(["--quick"] if quick else [])], capture_output=True, text=True, check=True)
    results = json.loads(out.stdout)
    seeds = results["seeds"]
    rows = [Row("`vnparty-nlp report seeds/` (5 articles), wall time", "s", [seeds["seconds"]], "< 5 s",
                _met(seeds["seconds"] < 5))]
    if results["synthetic"] is None:
        return [*rows, Row("report on a synthetic corpus", "", None, note="skipped: no ../shared/corpus")]
    for run in results["synthetic"]:
        what = f"report, synthetic corpus of {run['articles']:,} articles ({run['paragraphs']:,} paragraphs)"
        rows.append(Row(f"{what}, wall time", "s", [run["seconds"]]))
        if run["peak_mb"] is not None:
            rows.append(Row(f"{what}, peak memory (max RSS)", "MB", [run["peak_mb"]]))
    return rows


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def table(rows: list[Row]) -> Iterator[str]:
    header = ["measure", "median", "spread (min-max)", "runs", "goal", "goal met"]
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join("---" for _ in header) + "|"
    for row in rows:
        yield "| " + " | ".join(row.cells()) + " |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="300 paragraphs (CI); figures informational only")
    parser.add_argument("--corpus", help="folder of the real corpus JSONL files (default: ../shared/corpus)")
    parser.add_argument("--repeat", type=int, default=0, help="runs per figure (default 5; 3 with --quick)")
    parser.add_argument("--stream", type=int, default=0, help="paragraphs in the memory stream (default 200,000)")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    details = machine()
    rows, what, runs = run(args)
    took = time.perf_counter() - started
    lines = [f"Machine: {details}; load average at the end {os.getloadavg()[0]:.1f}; the run took {took:.0f} s.",
             f"Text: {what}; {runs}.", "", *table(rows)]
    print("\n".join(lines))
    if not args.quick and not args.no_write:
        write_doc(lines, sys.argv[1:])
    return 0


NOTES = """## What made it fast (outputs unchanged)

* **Segmentation** (`vnparty_nlp/preprocess/segmenter.py`). pyvi's `ViTokenizer.tokenize` builds
  a Python dict of 10-15 features per syllable, which python-crfsuite converts string by string
  before a C Viterbi search: about four fifths of pyvi's time. Every feature is a 0/1 indicator,
  so a syllable's score is a sum of weights: the segmenter reads pyvi's own CRF weights and
  n-gram lists, adds the weights with numpy *in CRFsuite's order* and runs the same Viterbi
  search with the same tie-breaking, for a whole chunk of paragraphs at once. Output is pyvi's,
  string for string (`tests/test_segmenter.py`: seeds, authored paragraphs, the real corpus,
  random text). `VNPARTY_NLP_SEGMENTER=pyvi` calls pyvi itself.
* **No scikit-learn at inference** (`vnparty_nlp/themes/compiled.py`). Unpickling the joblib
  model imports scikit-learn, which imports scipy.stats and pandas: over a second of every cold
  start. `classify` now loads `models/theme_classifier.npz` (the same vocabularies, idf and
  weights; `numpy.load(allow_pickle=False)`, sha256-checked like the joblib file) and computes
  the same TF-IDF rows: counts with one `numpy.unique` per chunk, character n-grams looked up
  once per distinct word instead of once per occurrence, the l2 norms summed left to right like
  scikit-learn's Cython loop. The feature matrices are equal bit for bit
  (`tests/test_golden.py::test_compiled_features_equal_the_scikit_learn_pipeline_bit_for_bit`).
* **Regexes that fail fast**: the abbreviation search starts only at a possible first letter
  (6x faster), tone placement only at the start of a run of letters.
* **One text at a time** (`classify`, `tokenize`, `topic_mix`): stepping the Viterbi search in
  numpy over one-row arrays cost more than the search itself, so up to 64 texts per call are
  searched text by text in plain Python floats (the same doubles, added in the same order).
  `classify` median latency went from 3.0 to 1.3 ms, uncached `topic_mix` from 355 to about
  900 paragraphs/s; both searches are checked against pyvi in `tests/test_segmenter.py`.
* **All cores**: `classify_batch(n_jobs=k)` sends chunks of 512 paragraphs to worker processes
  (joblib loky) that load the models once; results stream back in input order. Threads were
  limited by the GIL. The caller only slices, checks and unpickles (0.07 s of its own CPU for
  8,000 paragraphs), so the speed-up depends on free cores: it falls toward 1 x when other jobs
  hold them (0.93 x was measured at a load average of 4.2).

The outputs are guarded by golden files written before any of this
(`python -m tests.golden`; `tests/test_golden.py`): labels, scores (6 decimals) and evidence for
the 30 seed paragraphs, 689 authored and the clear test paragraphs and a few awkward texts, and
labels, scores and an evidence hash for every paragraph of `../shared/corpus` (ids, fingerprints
and numbers only), with `n_jobs=1` and `n_jobs=2`.
"""


KEEP = "<!-- Below: written by hand about a run; benchmarks/run.py keeps it when it rewrites the table. -->"


def write_doc(lines: list[str], argv: list[str]) -> None:
    doc = ROOT / "docs" / "performance.md"
    # The hand-written reading of a run sits below KEEP; rewriting the table must not delete it.
    kept = ""
    if doc.exists() and KEEP in (previous := doc.read_text(encoding="utf-8")):
        kept = "\n" + KEEP + previous.split(KEEP, 1)[1]
    command = " ".join(["python", "benchmarks/run.py", *argv])
    doc.write_text(
        "# Performance\n\n"
        "Written by `benchmarks/run.py` (issue 7). To reproduce, from the repository root:\n\n"
        "```\n"
        "python -m pip install -e '.[test,bench]'   # bench: underthesea, for its row\n"
        f"{command}\n"
        "python benchmarks/run.py --quick           # what CI runs: a few hundred paragraphs, figures informational\n"
        "```\n\n"
        + "\n".join(lines) + "\n\n" + NOTES + kept,
        encoding="utf-8",
    )
    print(f"wrote {doc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
