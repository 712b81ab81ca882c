"""The bundled retraining script: ``vnparty-nlp train`` or ``python -m vnparty_nlp.train``.

Run with no arguments inside the repository, it rebuilds the shipped theme
classifier from ``seeds/labels/`` plus the real corpus in ``../shared/corpus``
when present, evaluates it as ``vnparty-nlp evaluate`` does, and writes the
artifacts and ``manifest.json`` atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["TrainingData", "collect_training_data", "main", "train_theme_classifier"]

# The training mix, chosen by macro F1 on real paragraphs under cross-validation
# grouped by source article (docs/model-card.md has the comparison).
TRAINING_MIX = ("seed", "authored", "real")
MODEL_PARAMS: dict[str, Any] = {"C": 4.0, "word_ngrams": (1, 2), "char_ngrams": (2, 5), "cue_features": True}


def make_classifier(seed: int = 0) -> Any:
    """A fresh, unfitted classifier with the shipped model's parameters."""
    from vnparty_nlp.themes.classifier import ThemeClassifier

    return ThemeClassifier(random_state=seed, **MODEL_PARAMS)


def _log(message: str) -> None:
    print(f"[vnparty-nlp train] {message}", file=sys.stderr, flush=True)


@dataclass
class TrainingData:
    seed: list[Any] = field(default_factory=list)
    authored: list[Any] = field(default_factory=list)
    real: list[Any] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def mix(self, parts: Sequence[str] = TRAINING_MIX) -> list[Any]:
        return [p for part in parts for p in getattr(self, part)]


def repository_root(start: Path | None = None) -> Path | None:
    """The checkout this command runs in (a folder with ``seeds/labels``), if any."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds" / "labels").is_dir() and (folder / "setup.cfg").exists():
            return folder
    return None


def collect_training_data(
    label_files: Sequence[Path] = (),
    corpus_dir: Path | None = None,
    root: Path | None = None,
) -> TrainingData:
    """Labelled paragraphs from explicit files, or from the repository's ``seeds/labels``."""
    from vnparty_nlp.themes.dataset import load_authored, load_corpus_labels, load_seed_labels

    data = TrainingData()
    if not label_files:
        if root is None:
            raise SystemExit(
                "vnparty-nlp train: no --labels given and not inside the vnparty_nlp repository; "
                "pass --labels FILE (JSONL of {\"text\", \"labels\"}) or run from the checkout"
            )
        labels = root / "seeds" / "labels"
        data.seed = load_seed_labels(labels / "seed_paragraphs.jsonl", root / "seeds")
        data.sources.append(f"{labels / 'seed_paragraphs.jsonl'} ({len(data.seed)} seed paragraphs)")
        authored = sorted(labels.glob("authored_*.jsonl"))
        data.authored = load_authored(authored)
        data.sources.append(f"{labels}/authored_*.jsonl ({len(data.authored)} authored paragraphs)")
        corpus_labels = sorted(labels.glob("corpus_*.jsonl"))
        corpus_dir = corpus_dir or root.parent / "shared" / "corpus"
        if corpus_dir.is_dir():
            data.real = load_corpus_labels(corpus_labels, corpus_dir)
            data.sources.append(f"{corpus_dir} via {labels}/corpus_*.jsonl ({len(data.real)} real paragraphs)")
        else:
            data.sources.append(f"real corpus not found at {corpus_dir}: trained without real paragraphs")
        return data
    for path in label_files:
        if _is_corpus_label_file(path):
            if corpus_dir is None:
                raise SystemExit(f"vnparty-nlp train: {path} holds labels keyed to a corpus; pass --corpus DIR")
            data.real += load_corpus_labels([path], corpus_dir)
        else:
            data.authored += load_authored([path])
        data.sources.append(str(path))
    return data


def _is_corpus_label_file(path: Path) -> bool:
    from vnparty_nlp.themes.dataset import TrainingDataError

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


def train_theme_classifier(
    data: TrainingData,
    out_dir: Path,
    seed: int = 0,
    evaluate: bool = True,
) -> dict[str, Any]:
    """Evaluate, fit on the whole mix, and write the classifier's artifacts. Returns the metrics."""
    import joblib

    from vnparty_nlp.artifacts import THEME_ARRAYS, THEME_CLASSIFIER, write_artifacts
    from vnparty_nlp.config import TokenizerConfig
    from vnparty_nlp.themes.compiled import CompiledThemeClassifier
    from vnparty_nlp.themes.dataset import data_hash, label_counts
    from vnparty_nlp.themes.evaluate import evaluate_all, format_table
    from vnparty_nlp.themes.labels import LABELS

    training = data.mix()
    if not training:
        raise SystemExit("vnparty-nlp train: no labelled paragraphs to train on")

    def make() -> Any:
        return make_classifier(seed)

    metrics: dict[str, Any] = {}
    if evaluate:
        metrics = evaluate_all(training, bool(data.real), data.real, make, progress=_log)
        print(format_table("(a) cross-validation grouped by source article, training data",
                           metrics["training_cv"]), file=sys.stderr)
        if metrics["real_dev"]:
            print(format_table("(b) real development set", metrics["real_dev"]), file=sys.stderr)
    _log(f"fitting the final model on {len(training)} paragraphs")
    model = make().fit([p.text for p in training], [p.labels for p in training], [p.group for p in training])
    manifest = {
        "theme_classifier": {
            "trained": dt.date.today().isoformat(),
            "labels": list(LABELS),
            "thresholds": {label: float(t) for label, t in zip(LABELS, model.thresholds_, strict=True)},
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in model.get_params().items()},
            "tokenizer": TokenizerConfig().__dict__,
            "training_data": {
                "sha256": data_hash(training),
                "mix": list(TRAINING_MIX),
                "counts": {part: label_counts(getattr(data, part)) for part in TRAINING_MIX},
                "sources": data.sources,
            },
            "metrics": metrics,
        }
    }
    write_artifacts(
        out_dir,
        {
            THEME_CLASSIFIER: lambda path: joblib.dump(model, path, compress=3),
            # The same model as arrays: what classify() loads (fast, no unpickling).
            THEME_ARRAYS: lambda path: CompiledThemeClassifier.from_estimator(model).save(path),
            "metrics.json": lambda path: path.write_text(json.dumps(metrics, indent=2) + "\n", "utf-8"),
        },
        manifest,
    )
    _log(f"wrote {out_dir / THEME_CLASSIFIER}, {out_dir / THEME_ARRAYS} and {out_dir / 'manifest.json'}")
    return metrics


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="vnparty-nlp train", description=__doc__)
    parser.add_argument("--labels", action="append", type=Path, default=[],
                        help="labelled paragraphs (JSONL of text and labels, or labels keyed to a corpus); "
                        "repeatable. Default: the repository's seeds/labels")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of the corpus JSONL files that keyed labels refer to "
                        "(default: ../shared/corpus next to the repository)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: a new folder ./vnparty-models-DATE; "
                        "--out models/ replaces the shipped models)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-eval", action="store_true", help="skip the evaluation (faster)")
    return parser


def run(args: argparse.Namespace) -> int:
    from vnparty_nlp.themes.dataset import TrainingDataError

    root = repository_root()
    try:
        data = collect_training_data(args.labels, args.corpus, root)
    except TrainingDataError as error:
        print(f"vnparty-nlp train: {error}; nothing was written", file=sys.stderr)
        return 1
    for source in data.sources:
        _log(f"source: {source}")
    out = args.out or Path(f"vnparty-models-{dt.datetime.now():%Y%m%d-%H%M%S}")
    train_theme_classifier(data, out, seed=args.seed, evaluate=not args.no_eval)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
