"""Writing a model folder: the one writer of the array format (:mod:`vnparty_nlp.artifacts` reads it).

From fitted estimators it writes, atomically (a temporary sibling folder
moved into place when complete):

* ``theme_classifier.npz`` and ``topic_model.npz``: what the runtime reads
  (numpy arrays only: numbers, UTF-8 bytes, short fixed-width strings);
* ``theme_classifier.joblib`` and ``topic_model.joblib``: the fitted
  scikit-learn / gensim objects, for modellers (``vnparty_nlp.artifacts.load_pickle``);
* ``manifest.json``: every file with its sha256 and size, each array's dtype
  and shape, the array format and the library versions.

``python -m vnparty_nlp.training.export SRC [--out DIR]`` re-exports a folder
from its joblib files (trusted: they are unpickled), without retraining:
this is how a folder of an older version gains its arrays.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vnparty_nlp.artifacts import (
    ARRAY_FORMAT,
    MANIFEST,
    THEME_ARRAYS,
    THEME_CLASSIFIER,
    TOPIC_ARRAYS,
    TOPIC_MODEL,
    library_versions,
    load_pickle,
    read_manifest,
    sha256_of,
)
from vnparty_nlp.themes import compiled as theme_format
from vnparty_nlp.topicmodel import compiled as topic_format

__all__ = ["export_folder", "save_arrays", "theme_arrays", "topic_arrays", "write_artifacts"]

Writers = Mapping[str, Callable[[Path], object]]
# xz keeps the shipped folder under 10 MB (zlib level 3 made the classifier's pickle 1.1 MB larger);
# only modellers load these files, so their slower decompression costs the runtime nothing.
_COMPRESS = ("xz", 6)


# Every member of an .npz gets this time stamp: numpy's savez stamps the current time, so two
# identical trainings wrote different bytes (issue 14 item 6b).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def save_arrays(path: Path, arrays: Mapping[str, np.ndarray[Any, Any]]) -> dict[str, Any]:
    """Write ``arrays`` as a compressed ``.npz``; returns their manifest description (dtype, shape).

    The same arrays always give the same bytes (fixed time stamps and member order),
    in the layout ``numpy.load`` and :func:`vnparty_nlp.artifacts.read_arrays` read.
    """
    for name, array in arrays.items():
        if array.dtype.hasobject:
            raise ValueError(f"array {name} has an object dtype: it would need pickling")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
    Path(path).write_bytes(buffer.getvalue())
    return {"arrays": {name: {"dtype": array.dtype.str, "shape": list(array.shape)} for name, array in arrays.items()}}


def _check_vectorizer(vectorizer: Any, analyzer: str) -> None:
    expected = {
        "analyzer": analyzer, "binary": False, "norm": "l2", "use_idf": True, "sublinear_tf": True,
        "preprocessor": None, "tokenizer": None, "stop_words": None, "strip_accents": None,
        "lowercase": analyzer != "word", "dtype": np.float64,
    }
    if analyzer == "word":
        expected["token_pattern"] = r"\S+"
    for name, value in expected.items():
        if getattr(vectorizer, name) != value:
            raise ValueError(f"cannot compile a vectorizer with {name}={getattr(vectorizer, name)!r}")


def _tokenizer_array(config: Any) -> np.ndarray[Any, Any]:
    return np.asarray([config.tone_style, str(int(config.expand_abbreviations)),
                       str(int(config.remove_stopwords)), str(int(config.lowercase))])


def theme_arrays(estimator: Any) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays of a fitted ``ThemeClassifier``.

    Format 1 for a model with the shipped defaults (four shipped themes, no
    context, the guideline's cue list); format 2, which adds the model's theme
    names, its context weights and its cue phrases, for any other; format 3,
    which adds the syllable n-grams (``syllable_terms``, ``syllable_idf``,
    ``syllable_ngrams``), for a model that reads them.
    """
    steps = estimator.pipeline_.named_steps
    tokens = steps["tokens"]
    parts = dict(steps["features"].transformer_list)
    if set(parts) - {"words", "chars", "cues"} or "words" not in parts:
        raise ValueError(f"cannot compile features {sorted(parts)}")
    if steps["features"].transformer_weights:
        raise ValueError("cannot compile weighted features")
    words, chars = parts["words"], parts.get("chars")
    _check_vectorizer(words, "word")
    if chars is not None:
        _check_vectorizer(chars, "char_wb")

    def ordered(vectorizer: Any) -> list[str]:
        vocabulary = vectorizer.vocabulary_
        out = [""] * len(vocabulary)
        for term, index in vocabulary.items():
            out[index] = term
        return out

    weights, intercepts, slopes, offsets = estimator._calibrated_linear()
    from vnparty_nlp.themes.labels import LABELS

    labels = tuple(str(label) for label in estimator.classes_)
    cues = parts.get("cues")
    cue_list = cues.__dict__.get("cue_list", "guideline") if cues is not None else "guideline"
    context = (float(getattr(estimator, "context_weight", 0.0)), float(getattr(estimator, "title_weight", 1.0)),
               int(getattr(estimator, "context_window", 1)))
    extra: dict[str, np.ndarray[Any, Any]] = {}
    version = theme_format.FORMAT
    syllables = estimator.__dict__.get("syllables_")
    if labels != LABELS or context[0] > 0 or cue_list != "guideline" or syllables is not None:
        version = 2
        phrases = cues.phrases() if cues is not None else {}
        owned = [(phrase, k) for k, label in enumerate(LABELS) for phrase in phrases.get(label, ())]
        extra = {
            "labels": topic_format.join_terms(list(labels)),
            "context": np.asarray(context, dtype=np.float64),
            "cue_terms": topic_format.join_terms([phrase for phrase, _ in owned]),
            "cue_owner": np.asarray([k for _, k in owned], dtype=np.int64),
        }
    if syllables is not None:
        _check_vectorizer(syllables, "word")
        version = 3
        extra.update({
            "syllable_terms": topic_format.join_terms(ordered(syllables)),
            "syllable_idf": np.asarray(syllables.idf_, dtype=np.float64),
            "syllable_ngrams": np.asarray(syllables.ngram_range),
        })
    return {
        "format": np.asarray([version]),
        "word_terms": topic_format.join_terms(ordered(words)),
        "word_idf": np.asarray(words.idf_, dtype=np.float64),
        "word_ngrams": np.asarray(words.ngram_range),
        "char_terms": topic_format.join_terms(ordered(chars) if chars is not None else []),
        "char_idf": np.asarray(chars.idf_ if chars is not None else [], dtype=np.float64),
        "char_ngrams": np.asarray(chars.ngram_range if chars is not None else (0, 0)),
        "cues": np.asarray(["cues" in parts]),
        "tokenizer": _tokenizer_array(tokens.config),
        "weights": np.ascontiguousarray(weights),
        "intercepts": intercepts,
        "slopes": slopes,
        "offsets": offsets,
        "thresholds": np.asarray(estimator.thresholds_, dtype=np.float64),
        **extra,
    }


def topic_arrays(model: Any) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays of a fitted ``TopicModel``: what inference, top words and the pyLDAvis page read."""
    from vnparty_nlp.preprocess.tokenize import DEFAULT_CONFIG

    if getattr(model, "phrases_", None) is not None:
        raise ValueError("cannot export a topic model with phrases=True yet: its bigram table is not an "
                         "array; train with phrases=False")
    exp_elog_beta, alpha = model._arrays()
    return {
        "format": np.asarray([topic_format.FORMAT]),
        "vocabulary": topic_format.join_terms(model.vocabulary),
        "exp_elog_beta": np.ascontiguousarray(exp_elog_beta, dtype=np.float64),
        "topic_word": np.ascontiguousarray(model.topic_term_matrix(), dtype=np.float64),
        "alpha": np.asarray(alpha, dtype=np.float64),
        "iterations": np.asarray([int(model.lda_.iterations)]),
        "gamma_threshold": np.asarray([float(getattr(model.lda_, "gamma_threshold", 1e-3))]),
        "tokenizer": _tokenizer_array(model.tokenizer or DEFAULT_CONFIG),
        "term_frequency": model.term_frequency,
        "doc_topic": np.asarray(model.doc_topic_, dtype=np.float64),
        "doc_lengths": np.asarray(model.doc_lengths_, dtype=np.int64),
    }


def write_artifacts(out_dir: Path, writers: Writers, manifest_extra: Mapping[str, Any]) -> Path:
    """Write artifacts atomically: into a temporary sibling folder, then swap it into place.

    ``writers`` maps each file name to a function that writes that file (a
    returned mapping, e.g. from :func:`save_arrays`, joins the file's manifest
    entry). Files of ``out_dir`` that this call does not write are carried
    over (subfolders and symbolic links too: nothing training did not write is
    deleted), and their manifest entries kept, so a classifier can be retrained
    without the topic model. If anything fails, ``out_dir`` is left as it was;
    the swap is atomic where the system allows (:mod:`vnparty_nlp.training.outdir`).
    """
    from vnparty_nlp.training.outdir import carry_over, staging_path, swap_in

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_path(out_dir)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o755)  # the models folder is read by every user
    try:
        previous = read_manifest(out_dir) if (out_dir / MANIFEST).exists() else {}
        files: dict[str, Any] = dict(previous.get("files", {}))
        # Everything this call does not write is kept: other files, subfolders (.git/), symbolic links.
        carry_over(out_dir, staging, set(writers))
        for name, write in writers.items():
            extra = write(staging / name)
            files[name] = {"sha256": sha256_of(staging / name), "bytes": (staging / name).stat().st_size,
                           **(dict(extra) if isinstance(extra, Mapping) else {})}
        manifest = {**previous, **manifest_extra, "array_format": ARRAY_FORMAT, "files": files,
                    "versions": library_versions()}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def model_writers(theme_classifier: Any = None, topic_model: Any = None) -> dict[str, Callable[[Path], object]]:
    """The files of fitted models: each model's arrays and its joblib pickle."""
    import joblib

    writers: dict[str, Callable[[Path], object]] = {}
    if theme_classifier is not None:
        from vnparty_nlp.training.classifier import drop_pickle_noise

        drop_pickle_noise(theme_classifier)
        arrays = theme_arrays(theme_classifier)
        writers[THEME_CLASSIFIER] = lambda path: joblib.dump(theme_classifier, path, compress=_COMPRESS)
        writers[THEME_ARRAYS] = lambda path: save_arrays(path, arrays)
    if topic_model is not None:
        topic = topic_arrays(topic_model)
        writers[TOPIC_MODEL] = lambda path: joblib.dump(topic_model, path, compress=_COMPRESS)
        writers[TOPIC_ARRAYS] = lambda path: save_arrays(path, topic)
    return writers


def export_folder(source: Path, out: Path | None = None) -> Path:
    """Re-export ``source`` (unpickling its joblib files: trust it) into ``out`` (default: in place).

    The models are not retrained: their arrays are taken from the fitted
    objects, so every output stays the same. The joblib files are written
    again too, so that they name the current module paths.
    """
    source = Path(source)
    manifest = read_manifest(source)
    listed = manifest.get("files", {})
    classifier = load_pickle(source, THEME_CLASSIFIER, manifest) if THEME_CLASSIFIER in listed else None
    topics = load_pickle(source, TOPIC_MODEL, manifest) if TOPIC_MODEL in listed else None
    if classifier is None and topics is None:
        raise ValueError(f"{source / MANIFEST} lists neither {THEME_CLASSIFIER} nor {TOPIC_MODEL}")
    target = Path(out) if out is not None else source
    if target != source:
        shutil.copytree(source, target, dirs_exist_ok=True)
    return write_artifacts(target, model_writers(classifier, topics), {})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vnparty_nlp.training.export", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a model folder with joblib files and their manifest")
    parser.add_argument("--out", type=Path, default=None, help="write here instead of replacing SOURCE")
    args = parser.parse_args(argv)
    out = export_folder(args.source, args.out)
    print(f"exported {args.source} to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
