"""How the theme classifier's training mix and features were chosen.

    python benchmarks/theme_model_selection.py     # needs ../shared/corpus; about 10 minutes on 2 cores

Every figure is macro F1 on the real development set (paragraphs of real articles labelled by
reading), predicted by models that never saw the paragraph's article:

* "seed+authored -> real": trained on seed and authored paragraphs only, tested on all real ones;
* "+ real (out-of-fold)": trained on seed, authored and the real paragraphs of the other folds
  (5 folds grouped by source article);
* "real only (out-of-fold)": the same folds, without seed and authored paragraphs.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from vnparty_nlp.training.classifier import ThemeClassifier, to_indicator
from vnparty_nlp.training.evaluate import cross_validate, score
from vnparty_nlp.training.train import collect_training_data, repository_root

CONFIGS = {
    "word 1-2": {"char_ngrams": None},
    "word 1-2 + char 2-5": {"char_ngrams": (2, 5)},
    "word 1-2 + char 2-5 + cues": {"char_ngrams": (2, 5), "cue_features": True},
}


def main() -> None:
    root = repository_root(Path(__file__).parent)
    data = collect_training_data((), (), root)
    if not data.real:
        raise SystemExit("needs the real corpus in ../shared/corpus")
    other = data.seed + data.authored
    truth = to_indicator([p.labels for p in data.real])
    print(f"{'features':<30}{'seed+authored -> real':>24}{'+ real (out-of-fold)':>24}{'real only (out-of-fold)':>26}")
    for name, params in CONFIGS.items():
        make = partial(ThemeClassifier, C=4.0, **params)
        model = make().fit([p.text for p in other], [p.labels for p in other], [p.group for p in other])
        external = score(truth, model.predict([p.text for p in data.real]))["macro_f1"]
        mixed = score(*cross_validate(make, other, data.real))["macro_f1"]
        alone = score(*cross_validate(make, [], data.real))["macro_f1"]
        print(f"{name:<30}{external:>24.3f}{mixed:>24.3f}{alone:>26.3f}", flush=True)


if __name__ == "__main__":
    main()
