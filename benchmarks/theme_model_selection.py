"""How the theme classifier's settings were chosen: article-grouped out-of-fold macro F1 on real text.

    python benchmarks/theme_model_selection.py            # needs ../shared/corpus; about 30 minutes on 2 idle cores
    python benchmarks/theme_model_selection.py --fast     # thresholds from the outer folds (optimistic, same for all)
    python benchmarks/theme_model_selection.py --only "C 16" "C 16 + context"

Every row is scored on the real paragraphs only (``seeds/labels/corpus_*.jsonl`` joined with
``../shared/corpus``), each predicted by a model that never saw its article: 5 outer folds grouped
by article; seed and authored paragraphs are always in the training side. Thresholds are chosen per
theme on out-of-fold scores of the real training paragraphs (3 inner folds grouped by article), as
the shipped classifier does. The keyword baseline (the guideline's cue words) is scored on the same
paragraphs. Portal = the Dak Song district portal, news = the national political news.

The rows compare *settings* with a fast stand-in for the shipped estimator: one logistic regression
per theme on the same feature blocks (word 1-2-gram and character 2-5-gram TF-IDF of the tokens, cue
counts, the article context), without the sigmoid calibration. The shipped model's own figure is the
one `vnparty-nlp evaluate` prints (docs/model-card.md).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from vnparty_nlp import tokenize
from vnparty_nlp.preprocess.tokenize import syllables_batch
from vnparty_nlp.training.classifier import best_thresholds, to_indicator
from vnparty_nlp.training.cues import CueFeatures
from vnparty_nlp.training.evaluate import KeywordBaseline, score
from vnparty_nlp.training.train import collect_training_data, repository_root

# name -> settings: C, the weight of each feature block (0 leaves it out), the weight of authored
# paragraphs against real ones, and the linear model.
SHIPPED_BLOCKS = {"word": 1.0, "char": 1.0, "cues_refined": 1.0, "context": 0.5}
CONFIGS: dict[str, dict[str, Any]] = {
    "shipped before (C 4)": {"C": 4},
    "C 1": {"C": 1},
    "C 16": {"C": 16},
    "C 32": {"C": 32},
    "C 16, word 1-3": {"C": 16, "blocks": {"word3": 1, "char": 1, "cues": 1}},
    "C 16, words only": {"C": 16, "blocks": {"word": 1, "cues": 1}},
    "C 16, refined cues": {"C": 16, "blocks": {"word": 1, "char": 1, "cues_refined": 1}},
    "C 16, authored weight 0": {"C": 16, "authored_weight": 0.0},
    "C 16, authored weight 0.3": {"C": 16, "authored_weight": 0.3},
    "C 16 + context 0.5": {"C": 16, "blocks": {"word": 1, "char": 1, "cues": 1, "context": 0.5}},
    "C 16 + context 1": {"C": 16, "blocks": {"word": 1, "char": 1, "cues": 1, "context": 1.0}},
    "linear SVM, C 0.1": {"model": "svm", "C": 0.1},
    # December 2026, on the second-pass labels: the model before, naive Bayes scaling, the authored hard cases.
    "shipped before (Dec), no hard cases": {"C": 16, "blocks": SHIPPED_BLOCKS, "hard_cases": False},
    "+ NB scaling, no hard cases": {"C": 16, "blocks": SHIPPED_BLOCKS, "hard_cases": False, "model": "nb"},
    "+ hard cases, no NB scaling": {"C": 16, "blocks": SHIPPED_BLOCKS},
    "shipped: NB scaling + hard cases": {"C": 16, "blocks": SHIPPED_BLOCKS, "model": "nb"},
    # Syllable n-grams (small words kept, no segmentation) beside or instead of the character n-grams.
    "shipped + syllables 1-3": {"C": 16, "blocks": {**SHIPPED_BLOCKS, "syllables": 1.0}, "model": "nb"},
    "syllables instead of chars": {"C": 16, "blocks": {**SHIPPED_BLOCKS, "char": 0, "syllables": 1.0}, "model": "nb"},
    # The learning curve: the shipped settings with a share of the real training articles (chosen by a
    # hash of the article id, the same share in every fold); the test paragraphs are the same.
    **{f"shipped, {share:.0%} of real training": {"C": 16, "blocks": SHIPPED_BLOCKS, "model": "nb",
                                                  "real_share": share} for share in (0.25, 0.5, 0.75)},
    "shipped, no authored text": {"C": 16, "blocks": SHIPPED_BLOCKS, "model": "nb", "authored_weight": 0.0},
}
DEFAULT_BLOCKS = {"word": 1.0, "char": 1.0, "cues": 1.0}
# The authored paragraphs written for the hard cases (seeds/labels/authored_hardcases.jsonl): rows with
# "hard_cases": False leave them out of every training side.
HARD_CASES = "authored_hardcases/"


def _tokens(texts: Sequence[str], cache: dict[str, str]) -> list[str]:
    out = []
    for text in texts:
        if text not in cache:
            cache[text] = " ".join(tokenize(text))
        out.append(cache[text])
    return out


def _context_docs(paragraphs: Sequence[Any], cache: dict[str, str]) -> list[str]:
    """The title and the neighbouring paragraphs of each paragraph, as one token string ('' without context)."""
    docs = []
    for p in paragraphs:
        c = p.context
        if c is None:
            docs.append("")
            continue
        around = [*c.before[-1:], *c.after[:1]]
        docs.append(" ".join(_tokens([c.title, *around], cache)))
    return docs


def feature_blocks(train: Sequence[Any], test: Sequence[Any], cache: dict[str, str]) -> dict[str, tuple[Any, Any]]:
    """Each feature block fitted on ``train`` only, as (train rows, test rows)."""
    tr, te = _tokens([p.text for p in train], cache), _tokens([p.text for p in test], cache)
    words = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), sublinear_tf=True).fit(tr)
    words3 = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 3), min_df=2,
                             sublinear_tf=True).fit(tr)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                            max_features=60000).fit(tr)
    cues = CueFeatures().fit(tr)
    refined = CueFeatures(cue_list="refined").fit(tr)
    syllables_tr = syllables_batch([p.text for p in train])
    syllables = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 3), min_df=2,
                                max_features=20000, sublinear_tf=True).fit(syllables_tr)
    return {
        "word": (words.transform(tr), words.transform(te)),
        "word3": (words3.transform(tr), words3.transform(te)),
        "char": (chars.transform(tr), chars.transform(te)),
        "cues": (cues.transform(tr), cues.transform(te)),
        "cues_refined": (refined.transform(tr), refined.transform(te)),
        "context": (words.transform(_context_docs(train, cache)), words.transform(_context_docs(test, cache))),
        "syllables": (syllables.transform(syllables_tr), syllables.transform(syllables_batch([p.text for p in test]))),
    }


def _article_share(group: str) -> float:
    """A number in [0, 1) fixed by the article id: the learning curve's subsets, nested and the same every run."""
    return int(hashlib.md5(group.encode("utf-8")).hexdigest()[:8], 16) / 16**8


def _model(settings: dict[str, Any]) -> Any:
    if settings.get("model") == "nb":
        from vnparty_nlp.training.nb_logistic import NBLogisticRegression

        return NBLogisticRegression(C=settings.get("C", 4.0), class_weight="balanced", random_state=0)
    if settings.get("model") == "svm":
        return LinearSVC(C=settings.get("C", 0.1), class_weight="balanced", random_state=0)
    return LogisticRegression(C=settings.get("C", 4.0), class_weight="balanced", solver="liblinear",
                              max_iter=1000, random_state=0)


def _scores(model: Any, X: Any) -> np.ndarray[Any, Any]:
    if hasattr(model, "predict_proba"):
        return np.asarray(model.predict_proba(X)[:, 1])
    return np.asarray(1 / (1 + np.exp(-2 * model.decision_function(X))))


def _fit_scores(settings: dict[str, Any], X: Any, Y: Any, weights: Any, X_out: Any) -> np.ndarray[Any, Any]:
    return np.column_stack([_scores(_model(settings).fit(X, Y[:, k], sample_weight=weights), X_out)
                            for k in range(Y.shape[1])])


def evaluate(settings: dict[str, Any], other: Sequence[Any], real: Sequence[Any], cache: dict[str, str],
             blocks_cache: dict[tuple[int, bool], Any], fast: bool) -> dict[str, Any]:
    """Out-of-fold predictions of the real paragraphs under ``settings``; their scores overall and by source."""
    groups = np.asarray([p.group for p in real])
    truth = to_indicator([p.labels for p in real])
    proba = np.zeros(truth.shape)
    predicted = np.zeros_like(truth)
    authored_weight = settings.get("authored_weight", 1.0)
    if not settings.get("hard_cases", True):
        other = [p for p in other if not p.group.startswith(HARD_CASES)]
    used = {k: w for k, w in settings.get("blocks", DEFAULT_BLOCKS).items() if w}
    share = settings.get("real_share", 1.0)
    for fold, (train_index, test_index) in enumerate(GroupKFold(n_splits=5).split(real, groups=groups)):
        train = list(other) + [real[i] for i in train_index]
        test = [real[i] for i in test_index]
        key = (fold, settings.get("hard_cases", True))  # the vectorizers are fitted on the training side
        if key not in blocks_cache:
            blocks_cache[key] = feature_blocks(train, test, cache)
        blocks = blocks_cache[key]
        # real_share < 1 keeps the vectorizers and drops real training rows: fewer to learn from
        keep = np.asarray([authored_weight > 0 if p.origin != "real" else _article_share(p.group) < share
                           for p in train])
        X = sparse.hstack([blocks[name][0] * w for name, w in used.items()]).tocsr()[keep]
        X_test = sparse.hstack([blocks[name][1] * w for name, w in used.items()]).tocsr()
        kept = [p for p, k in zip(train, keep, strict=True) if k]
        Y = to_indicator([p.labels for p in kept])
        weights = np.asarray([1.0 if p.origin == "real" else authored_weight for p in kept])
        proba[test_index] = _fit_scores(settings, X, Y, weights, X_test)
        if not fast:
            inner = np.zeros(Y.shape)
            kept_groups = np.asarray([p.group for p in kept])
            for a, b in GroupKFold(n_splits=3).split(kept, groups=kept_groups):
                inner[b] = _fit_scores(settings, X[a], Y[a], weights[a], X[b])
            is_real = np.asarray([p.origin == "real" for p in kept])
            predicted[test_index] = proba[test_index] >= best_thresholds(Y[is_real], inner[is_real])
    if fast:
        predicted = (proba >= best_thresholds(truth, proba)).astype(np.int64)
    out = {"all": score(truth, predicted)}
    portal = np.asarray([p.group.startswith("daksong") for p in real])
    out["portal"], out["news"] = score(truth[portal], predicted[portal]), score(truth[~portal], predicted[~portal])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fast", action="store_true", help="thresholds from the outer folds (optimistic)")
    parser.add_argument("--only", nargs="+", default=None, help="names of the rows to run")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    data = collect_training_data((), (), repository_root(Path(__file__).parent))
    if not data.real:
        print("needs the real corpus in ../shared/corpus (labels in seeds/labels/corpus_*.jsonl)", file=sys.stderr)
        return 1
    other = data.seed + data.authored
    real = data.real
    truth = to_indicator([p.labels for p in real])
    keyword = score(truth, KeywordBaseline().predict([p.text for p in real]))
    portal = np.asarray([p.group.startswith("daksong") for p in real])
    print(f"{len(real)} real paragraphs ({int(portal.sum())} portal, {int((~portal).sum())} news) from "
          f"{len({p.group for p in real})} articles; {len(other)} seed and authored paragraphs in every training fold")
    print("thresholds: " + ("outer out-of-fold (optimistic, the same for every row)" if args.fast
                            else "inner grouped folds of the training side, real paragraphs"))
    head = f"{'settings':<30}{'macro F1':>9}" + "".join(f"{label[:12]:>13}" for label in truth_labels()) + \
        f"{'portal':>8}{'news':>8}{'seconds':>9}"
    print(head)
    keyword_rows = KeywordBaseline().predict([p.text for p in real])
    print(f"{'keyword baseline':<30}{keyword['macro_f1']:>9.3f}"
          + "".join(f"{keyword[label]['f1']:>13.3f}" for label in truth_labels())
          + f"{score(truth[portal], keyword_rows[portal])['macro_f1']:>8.3f}"
          + f"{score(truth[~portal], keyword_rows[~portal])['macro_f1']:>8.3f}")
    cache: dict[str, str] = {}
    blocks_cache: dict[tuple[int, bool], Any] = {}
    for name, settings in CONFIGS.items():
        if args.only and name not in args.only:
            continue
        start = time.perf_counter()
        result = evaluate(settings, other, real, cache, blocks_cache, args.fast)
        row = result["all"]
        print(f"{name:<30}{row['macro_f1']:>9.3f}" + "".join(f"{row[label]['f1']:>13.3f}" for label in truth_labels())
              + f"{result['portal']['macro_f1']:>8.3f}{result['news']['macro_f1']:>8.3f}"
              + f"{time.perf_counter() - start:>9.0f}", flush=True)
    return 0


def truth_labels() -> tuple[str, ...]:
    from vnparty_nlp import LABELS

    return LABELS


if __name__ == "__main__":
    raise SystemExit(main())
