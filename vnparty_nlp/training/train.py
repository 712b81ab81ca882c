"""The bundled retraining script: ``vnparty-nlp train`` or ``python -m vnparty_nlp.training``.

Run with no arguments inside the repository, it rebuilds the shipped models:
the theme classifier from ``seeds/labels/`` (plus the real paragraphs those
labels key into ``../shared/corpus`` when present), and the topic model from
the body paragraphs of ``seeds/`` and ``../shared/corpus``. It evaluates the
classifier as ``vnparty-nlp evaluate`` does, scores the topic model's coherence
next to an NMF baseline, and writes the artifacts and ``manifest.json``
atomically: into a temporary folder, moved into place only when complete.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from vnparty_nlp.errors import TrainingDataError

T = TypeVar("T")

__all__ = [
    "AUTHORED_WEIGHT",
    "TrainingData",
    "carry_labels",
    "collect_topic_documents",
    "collect_training_data",
    "main",
    "train_theme_classifier",
    "train_topic_model",
]

# The training mix, chosen by macro F1 on real paragraphs under cross-validation
# grouped by source article (docs/model-card.md has the comparison).
TRAINING_MIX = ("seed", "authored", "real")
# The weight of each seed and authored paragraph against a real one (1: all alike, the shipped model).
AUTHORED_WEIGHT = 1.0
# ThemeClassifier's other choices (context_weight, title_weight, context_window, model, cue_list) keep
# their defaults unless named here.
# Chosen by article-grouped out-of-fold macro F1 on the real paragraphs (benchmarks/theme_model_selection.py,
# docs/model-card.md): C 16 (C 4 before), the article's title and neighbouring paragraphs as context, the
# refined cue list, features scaled by their naive Bayes log-count ratio (nb_logistic, December 2026), and
# syllable 1-3-grams beside the word and character n-grams (small words kept; +0.008 out of fold, second
# round of December 2026). The 10,000 most frequent word n-grams, 7,000 character and 8,000 syllable
# n-grams keep the shipped artifacts under 10 MB.
MODEL_PARAMS: dict[str, Any] = {"C": 16.0, "model": "nb_logistic", "word_ngrams": (1, 2), "char_ngrams": (2, 5),
                                "min_df": 2, "max_words": 10000, "max_chars": 7000, "cue_features": True,
                                "cue_list": "refined", "context_weight": 0.5, "title_weight": 1.0,
                                "context_window": 1, "syllable_ngrams": (1, 3), "max_syllables": 8000}
# The topic model's settings and k, chosen in docs/topics.md (benchmarks/topic_model_selection.py):
# LDA started from NMF's topics (c_v and seed stability), words common within one source dropped,
# and k = 20 so that district reporting is spread over several topics.
TOPIC_PARAMS: dict[str, Any] = {"n_topics": 20, "no_below": 5, "no_above": 0.1, "source_no_above": 0.1,
                                "passes": 10, "iterations": 100, "chunksize": 4000, "init": "nmf"}
TOPIC_SWEEP = tuple(range(4, 21))


def make_classifier(seed: int = 0, labels: Sequence[str] | None = None) -> Any:
    """A fresh, unfitted classifier with the shipped model's parameters (and ``labels``, when not the shipped four)."""
    from vnparty_nlp.themes.labels import LABELS
    from vnparty_nlp.training.classifier import ThemeClassifier

    params: dict[str, Any] = dict(MODEL_PARAMS)
    if labels is not None and tuple(labels) != LABELS:
        params["labels"] = tuple(labels)
    return ThemeClassifier(random_state=seed, **params)


def make_topic_model(seed: int = 0, n_topics: int | None = None) -> Any:
    """A fresh, unfitted topic model with the shipped model's settings."""
    from vnparty_nlp.training.topic_model import TopicModel

    params = {**TOPIC_PARAMS, "random_state": seed}
    if n_topics is not None:
        params["n_topics"] = n_topics
    return TopicModel(**params)


def _log(message: str) -> None:
    print(f"[vnparty-nlp train] {message}", file=sys.stderr, flush=True)


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on standard error when it is a terminal; nothing when output is piped."""
    from vnparty_nlp.progress import progress as bar

    yield from bar(items, description, total)


def _shipped_labels() -> tuple[str, ...]:
    from vnparty_nlp.themes.labels import LABELS

    return LABELS


@dataclass
class TrainingData:
    seed: list[Any] = field(default_factory=list)
    authored: list[Any] = field(default_factory=list)
    real: list[Any] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    labels: tuple[str, ...] = field(default_factory=_shipped_labels)  # the theme names of the label files

    def mix(self, parts: Sequence[str] = TRAINING_MIX) -> list[Any]:
        return [p for part in parts for p in getattr(self, part)]


def repository_root(start: Path | None = None) -> Path | None:
    """The checkout this command runs in (a folder with ``seeds/labels``), if any."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds" / "labels").is_dir() and (folder / "setup.cfg").exists():
            return folder
    return None


def default_corpus(root: Path | None) -> list[Path]:
    """``../shared/corpus`` beside the repository, when it is there."""
    shared = root.parent / "shared" / "corpus" if root is not None else None
    return [shared] if shared is not None and shared.is_dir() else []


def collect_training_data(
    label_files: Sequence[Path] = (),
    corpus: Sequence[Path] = (),
    root: Path | None = None,
) -> TrainingData:
    """Labelled paragraphs from explicit files, or from the repository's ``seeds/labels``.

    ``corpus`` lists the folders or JSONL files that labels keyed to a corpus
    refer to (default: ``../shared/corpus`` beside the repository).
    """
    from vnparty_nlp.training.dataset import label_names, load_authored, load_corpus_labels, load_seed_labels

    data = TrainingData()
    if not label_files:
        if root is None:
            raise TrainingDataError(
                "no --labels given and not inside the vnparty_nlp repository; "
                "pass --labels FILE (JSONL of {\"text\", \"labels\"}) or run from the checkout"
            )
        labels = root / "seeds" / "labels"
        data.seed = load_seed_labels(labels / "seed_paragraphs.jsonl", root / "seeds")
        data.sources.append(f"{labels / 'seed_paragraphs.jsonl'} ({len(data.seed)} seed paragraphs)")
        authored = sorted(labels.glob("authored_*.jsonl"))
        data.authored = load_authored(authored)
        data.sources.append(f"{labels}/authored_*.jsonl ({len(data.authored)} authored paragraphs)")
        corpus_labels = sorted(labels.glob("corpus_*.jsonl"))
        corpus = list(corpus) or default_corpus(root)
        if corpus:
            data.real = load_corpus_labels(corpus_labels, corpus)
            where = ", ".join(map(str, corpus))
            data.sources.append(f"{where} via {labels}/corpus_*.jsonl ({len(data.real)} real paragraphs)")
        else:
            data.sources.append(f"real corpus not found at {root.parent / 'shared' / 'corpus'}: "
                                "trained without real paragraphs")
        return data
    kinds = {path: _is_corpus_label_file(path) for path in label_files}
    # Label files of your own may name your own themes: the model gets those names.
    data.labels = label_names(label_files)
    for path in label_files:
        if kinds[path]:
            if not corpus:
                raise TrainingDataError(f"{path} holds labels keyed to a corpus; pass --corpus with that corpus")
            data.real += load_corpus_labels([path], corpus, data.labels)
        else:
            data.authored += load_authored([path], data.labels)
        data.sources.append(str(path))
    return data


def _is_corpus_label_file(path: Path) -> bool:

    if not path.exists():
        raise TrainingDataError(f"{path}: no such file")
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except ValueError:
                    return False
                return isinstance(first, dict) and "fingerprint" in first and "text" not in first
    return False


Writers = dict[str, Callable[[Path], object]]


def train_theme_classifier(
    data: TrainingData,
    seed: int = 0,
    evaluate: bool = True,
    authored_weight: float = AUTHORED_WEIGHT,
) -> tuple[Writers, dict[str, Any]]:
    """Evaluate, fit on the whole mix; returns the files to write and the manifest entry.

    Each paragraph is fitted with its context (its article's title and
    neighbours, read by a classifier with ``context_weight > 0``) and with
    weight ``authored_weight`` for seed and authored paragraphs, 1 for real ones.
    """
    from vnparty_nlp.config import TokenizerConfig
    from vnparty_nlp.training.dataset import data_hash, label_counts, sample_weights
    from vnparty_nlp.training.evaluate import evaluate_all, format_table

    training = data.mix()
    if not training:
        raise ValueError("no labelled paragraphs to train on; pass --labels FILE")
    labels = data.labels
    weights = sample_weights(training, authored_weight)

    def make() -> Any:
        return make_classifier(seed, labels)

    metrics: dict[str, Any] = {}
    if evaluate:
        metrics = evaluate_all(training, bool(data.real), data.real, make, progress=_log, labels=labels,
                               sample_weight=weights)
        if metrics["training_cv"]:
            print(format_table("cross-validation grouped by source article, training data (authored text only)",
                               metrics["training_cv"]), file=sys.stderr)
        if metrics["real_dev"]:
            print(format_table("real paragraphs, out-of-fold by article", metrics["real_dev"]), file=sys.stderr)
            for source, block in metrics.get("real_dev_by_source", {}).items():
                print(format_table(f"  of which {source}", block), file=sys.stderr)
    _log(f"fitting the theme classifier on {len(training)} paragraphs")
    real_rows = [p.origin == "real" for p in training]
    model = make().fit([p.text for p in training], [p.labels for p in training], [p.group for p in training],
                       context=[p.context for p in training], sample_weight=weights,
                       threshold_rows=real_rows if any(real_rows) else None)
    entry = {
        "trained": dt.date.today().isoformat(),
        "labels": list(labels),
        "thresholds": {label: float(t) for label, t in zip(labels, model.thresholds_, strict=True)},
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in model.get_params().items()},
        "tokenizer": TokenizerConfig().__dict__,
        "training_data": {
            "sha256": data_hash(training),
            "mix": list(TRAINING_MIX),
            "authored_weight": float(authored_weight),
            "counts": {part: label_counts(getattr(data, part), labels) for part in TRAINING_MIX},
            "sources": data.sources,
        },
        "metrics": metrics,
    }
    from vnparty_nlp.training.export import model_writers

    # The model as arrays (what classify() reads) and as a joblib pickle (for modellers).
    writers: Writers = {
        **model_writers(theme_classifier=model),
        "metrics.json": lambda path: path.write_text(json.dumps(metrics, indent=2) + "\n", "utf-8"),
    }
    return writers, {"theme_classifier": entry}


@dataclass
class TopicCorpus:
    """The topic model's documents: their tokens, a hash of their text, and where they came from."""

    tokens: list[list[str]]
    sha256: str
    articles: int
    sources: list[str]
    # Each document's (source, article id): the source for the per-source word filter, the
    # article for article documents and the district-article figures (docs/topics.md).
    keys: list[tuple[str, str]] = field(default_factory=list)

    def document_sources(self) -> list[str] | None:
        """Each document's source (for ``TopicModel.fit(sources=...)``); None when the keys are unknown."""
        return [source for source, _ in self.keys] if self.keys else None


def collect_topic_documents(corpus: Sequence[Path] = (), root: Path | None = None) -> TopicCorpus:
    """Body paragraphs (tokenised) of ``corpus``, or of ``seeds/`` and ``../shared/corpus`` in the checkout."""
    from vnparty_nlp.corpus.files import InputProblem
    from vnparty_nlp.preprocess.tokenize import tokenize
    from vnparty_nlp.training.documents import corpus_hash, iter_topic_documents

    paths = list(corpus)
    if not paths and root is not None:
        paths = [root / "seeds", *default_corpus(root)]
    if not paths:
        raise TrainingDataError("no articles for the topic model; pass --corpus PATH (folders, .txt/.html, JSONL)")

    def refuse(problem: InputProblem) -> None:
        # A subfolder or a file of another type (seeds/labels/ beside the seed
        # articles) is not an article that failed: say so and go on.
        if problem.skipped:
            _log(f"{problem.name}: skipped, {problem.reason}")
            return
        raise TrainingDataError(f"{problem.name}: {problem.reason}")

    documents = []
    sources = []
    for path in paths:
        found = list(iter_topic_documents([path], on_problem=refuse))
        documents += found
        sources.append(f"{_display(path, root)} ({len(found)} paragraphs)")
    if not documents:
        raise TrainingDataError(f"no body paragraphs found in {', '.join(map(str, paths))}")
    tokens = [tokenize(doc.text) for doc in progress(documents, "tokenising paragraphs")]
    articles = len({(doc.source, doc.article_id) for doc in documents})
    keys = [(doc.source, doc.article_id) for doc in documents]
    return TopicCorpus(tokens, corpus_hash(documents), articles, sources, keys)


def _display(path: Path, root: Path | None) -> str:
    """A path as the manifest records it: relative to the checkout when inside or beside it."""
    if root is not None:
        # Resolved, then as given: ../shared may be a symbolic link to the data.
        for place in (Path.resolve, lambda p: Path(os.path.abspath(p))):
            for base, prefix in ((root, ""), (root.parent, "../")):
                try:
                    return prefix + str(place(path).relative_to(place(base)))
                except ValueError:
                    continue
    return str(path)


def train_topic_model(
    corpus: TopicCorpus,
    seed: int = 0,
    n_topics: int | str | None = None,
    evaluate: bool = True,
    previous_labels: Path | None = None,
) -> tuple[Writers, dict[str, Any]]:
    """Fit the LDA topic model (``n_topics="sweep"`` picks k by c_v coherence); files and manifest entry.

    ``previous_labels``: the ``topic_labels.json`` about to be replaced. Its
    labels were reviewed by hand: each is carried to the new topic whose top
    words it matches (:func:`carry_labels`); the other topics get labels
    suggested from their top words, marked ``"reviewed": false``.
    """
    from vnparty_nlp.artifacts import TOPIC_LABELS
    from vnparty_nlp.topicmodel.labels import suggest_label, suggest_theme, theme_cue_tokens, write_topic_labels
    from vnparty_nlp.training.selection import coherence, lda_topics, model_tokens, nmf_topics, sweep

    rows: list[dict[str, Any]] = []
    if n_topics == "sweep":
        found = sweep(corpus.tokens, list(progress(TOPIC_SWEEP, "topic sweep")),
                      {**TOPIC_PARAMS, "random_state": seed}, progress=_log, sources=corpus.document_sources())
        rows = [row.to_dict() for row in found]
        best = max((r for r in found if r.model == "lda"), key=lambda r: (r.c_v, -r.k))
        _log(f"sweep: k={best.k} has the best c_v ({best.c_v})")
        n_topics = best.k
    elif isinstance(n_topics, str):
        raise ValueError(f"--topics takes a number of topics or 'sweep', got {n_topics!r}")
    _log(f"fitting the topic model on {len(corpus.tokens)} paragraphs")
    model = make_topic_model(seed, n_topics).fit(corpus.tokens, sources=corpus.document_sources())
    scores: dict[str, Any] = {}
    if evaluate:
        docs = model_tokens(model, corpus.tokens)
        scores = {"lda": coherence(lda_topics(model), docs, model.dictionary_),
                  "nmf_baseline": coherence(nmf_topics(docs, model.dictionary_, model.n_topics, seed), docs,
                                            model.dictionary_)}
        _log(f"coherence: LDA {scores['lda']}, NMF baseline {scores['nmf_baseline']}")
    cues = theme_cue_tokens()
    labels = []
    for k in range(model.n_topics):
        words = model.top_words(k, 10)
        labels.append({"id": k, "label": suggest_label([w for w, _ in words]), "theme": suggest_theme(words, cues),
                       "top_words": [w for w, _ in words], "reviewed": False})
    entry = {
        "trained": dt.date.today().isoformat(),
        "k": model.n_topics,
        "params": {k: v for k, v in model.get_params().items() if k not in ("seed_words", "tokenizer")},
        "vocabulary": len(model.dictionary_),
        "corpus": {"sha256": corpus.sha256, "paragraphs": len(corpus.tokens), "articles": corpus.articles,
                   "sources": corpus.sources},
        "coherence": scores,
        "sweep": rows,
    }
    from vnparty_nlp.training.export import model_writers

    writers: Writers = {
        **model_writers(topic_model=model),
        TOPIC_LABELS: lambda path: write_topic_labels(path, labels),
    }
    if previous_labels is not None and previous_labels.exists():
        carried, review = carry_labels(previous_labels, labels)
        if carried is None:
            _log(f"{previous_labels} is not a topic label file, so its labels are replaced by suggestions "
                 "from the top words; review them (docs/topics.md)")
        else:
            kept = len(labels) - len(review)
            _log(f"kept the reviewed labels of {kept} of {len(labels)} topics from {previous_labels} "
                 f"(top-10 words matched with Jaccard >= {LABEL_MATCH})")
            if review:
                _log(f"suggested labels, to review (docs/topics.md), for the topics with new top words: "
                     f"{', '.join(map(str, review))}")
            writers[TOPIC_LABELS] = lambda path: write_topic_labels(path, carried["topics"],
                                                                    note=carried.get("note"))
    return writers, {"topic_model": entry}


# A reviewed label is carried to a retrained topic when their top-10 word sets share this much
# (Jaccard): a tokenizer change or a new article moves a word or two, not the topic.
LABEL_MATCH = 0.5


def carry_labels(
    labels_file: Path, suggested: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any] | None, list[int]]:
    """The reviewed labels of ``labels_file`` moved onto the new topics they match; and the ids left to review.

    Old and new topics are paired one to one by the Jaccard of their top
    words (:func:`~vnparty_nlp.training.selection.match_topics`'s pairing); a
    pair sharing at least ``LABEL_MATCH`` keeps the old label and theme under
    the new id and top words. Every other new topic gets its suggestion.
    Returns ``(None, all ids)`` when the file cannot be read as labels.
    """
    from scipy.optimize import linear_sum_assignment

    try:
        data = json.loads(labels_file.read_text(encoding="utf-8"))
        previous = [dict(e) for e in data["topics"]]
        old_words = [set(e["top_words"]) for e in previous]
    except (OSError, ValueError, KeyError, TypeError):
        return None, [int(e["id"]) for e in suggested]
    new_words = [set(e["top_words"]) for e in suggested]
    scores = [[len(a & b) / len(a | b) if a | b else 0.0 for b in new_words] for a in old_words]
    out = [dict(e) for e in suggested]
    if previous and suggested:
        for old, new in zip(*linear_sum_assignment([[-x for x in row] for row in scores]), strict=True):
            if scores[old][new] >= LABEL_MATCH:
                out[new] = {**previous[old], "id": suggested[new]["id"], "top_words": suggested[new]["top_words"]}
                out[new]["reviewed"] = previous[old].get("reviewed", True)
    review = [int(e["id"]) for e in out if not e.get("reviewed")]
    return {"note": data.get("note"), "topics": out}, review


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="vnparty-nlp train", description=__doc__,
                                               formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", action="append", type=Path, default=[],
                        help="labelled paragraphs (JSONL of text and labels, or labels keyed to a corpus); "
                        "repeatable. Default: the repository's seeds/labels")
    parser.add_argument("--corpus", action="append", type=Path, default=[],
                        help="articles: a folder of .txt/.html files or a JSONL file; repeatable. The topic "
                        "model is trained on their body paragraphs, and labels keyed to a corpus are read from "
                        "them. Default: seeds/ and ../shared/corpus next to the repository")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: a new folder ./vnparty-models-DATE; "
                        "--out models/ replaces the shipped models)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--topics", default=None, metavar="K|sweep", type=_topics_arg,
                        help=f"number of topics, or 'sweep' to pick k in {TOPIC_SWEEP[0]}..{TOPIC_SWEEP[-1]} "
                        f"by c_v coherence (default: {TOPIC_PARAMS['n_topics']})")
    parser.add_argument("--only", choices=("themes", "topics"), default=None,
                        help="train one model; the other files of --out are kept as they are")
    parser.add_argument("--no-eval", action="store_true", help="skip the evaluation and coherence scores (faster)")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty folder that is not a model folder (nothing of it is deleted), "
                        f"and fit topics on fewer than {MIN_PARAGRAPHS_PER_TOPIC} paragraphs per topic")
    return parser


def _topics_arg(value: str) -> int | str:
    if value == "sweep":
        return value
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--topics takes a number or 'sweep', got {value!r}") from None
    if k < 2:
        raise argparse.ArgumentTypeError(f"--topics needs at least 2 topics, got {k}")
    return k


def run(args: argparse.Namespace) -> int:
    from vnparty_nlp.training.outdir import OutputFolderError, check_out_dir, clean_stale, locked

    given = args.out or Path(f"vnparty-models-{dt.datetime.now():%Y%m%d-%H%M%S}")
    try:
        # --out is checked, and locked, before anything is read or trained: no training is wasted on it.
        out = check_out_dir(given, force=getattr(args, "force", False))
        with locked(out):
            for path in clean_stale(out):
                _log(f"cleaned up {path.name}, left by a training run that was stopped")
            return _run_locked(args, out, given)
    except OutputFolderError as error:
        print(f"vnparty-nlp train: {error}", file=sys.stderr)
        return 2


def _run_locked(args: argparse.Namespace, out: Path, given: Path) -> int:
    from vnparty_nlp.artifacts import TOPIC_LABELS
    from vnparty_nlp.training.export import write_artifacts
    from vnparty_nlp.training.outdir import other_model_writers

    n_topics = args.topics
    root = repository_root()
    writers: Writers = {}
    manifest: dict[str, Any] = {}
    try:
        # Every input is read and checked before anything is trained: a bad file fails in seconds.
        missing = [path for path in args.corpus if not path.exists()]
        if missing:
            raise TrainingDataError(f"{missing[0]}: no such file or folder (given with --corpus)")
        data = corpus = None
        if args.only != "topics":
            data = collect_training_data(args.labels, args.corpus, root)
            for source in data.sources:
                _log(f"theme classifier source: {source}")
        if args.only != "themes":
            corpus = collect_topic_documents(args.corpus, root)
            for source in corpus.sources:
                _log(f"topic model source: {source}")
            check_topic_corpus(len(corpus.tokens), n_topics, defaults=not args.corpus,
                               force=getattr(args, "force", False))
        if data is not None:
            files, entry = train_theme_classifier(data, seed=args.seed, evaluate=not args.no_eval)
            writers.update(files)
            manifest.update(entry)
        if corpus is not None:
            files, entry = train_topic_model(corpus, seed=args.seed, n_topics=n_topics, evaluate=not args.no_eval,
                                             previous_labels=out / TOPIC_LABELS)
            writers.update(files)
            manifest.update(entry)
    except (TrainingDataError, ValueError) as error:
        print(f"vnparty-nlp train: {error}; nothing was written", file=sys.stderr)
        return 1
    if args.only is not None:
        # --only never leaves a folder without the other model: a folder that lacks it gets the shipped one.
        carried, entry = other_model_writers(out, args.only)
        if carried:
            other = "topic model" if args.only == "themes" else "theme classifier"
            _log(f"--only {args.only}: {given} had no {other}, so the shipped one is copied in")
            writers.update(carried)
            manifest.update(entry)
    write_artifacts(out, writers, manifest)
    _log(f"wrote {', '.join(sorted(writers))} and manifest.json to {given}")
    return 0


MIN_PARAGRAPHS_PER_TOPIC = 20


def check_topic_corpus(paragraphs: int, n_topics: int | str | None, *, defaults: bool, force: bool) -> None:
    """Refuse (default sources) or warn loudly (``--corpus``) when topics would have too few paragraphs.

    A fresh clone without ``../shared`` has 30 seed paragraphs: 14 topics fitted
    on them are noise, and loading the folder would replace the shipped topic
    model with it.
    """
    k = TOPIC_PARAMS["n_topics"] if n_topics is None else (TOPIC_SWEEP[0] if n_topics == "sweep" else int(n_topics))
    if paragraphs >= MIN_PARAGRAPHS_PER_TOPIC * k:
        return
    message = (f"the topic model would be fitted on {paragraphs} paragraphs for {k} topics ({paragraphs / k:.1f} "
               f"per topic; topics worth reading need at least {MIN_PARAGRAPHS_PER_TOPIC} per topic). To keep the "
               "shipped topic model, train the themes only: `vnparty-nlp train --only themes --out DIR` (DIR gets "
               "the shipped topic model); or pass --corpus with more articles, or fewer --topics")
    if defaults and not force:
        raise TrainingDataError(message + "; --force fits it anyway")
    bar = "!" * 78
    print(f"{bar}\n[vnparty-nlp train] WARNING: {message}\n{bar}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
