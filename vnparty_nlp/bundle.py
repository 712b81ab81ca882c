"""``ModelBundle``: one immutable object holding a model folder's classifier, topic model, labels and manifest.

A bundle is built from arrays and JSON only (see :mod:`vnparty_nlp.artifacts`);
it is never changed once loaded, so any number of threads may use it. The
module functions (:func:`vnparty_nlp.classify`, :func:`vnparty_nlp.topic_mix`,
...) use the *active* bundle (:mod:`vnparty_nlp.registry`); a caller that
needs several answers from the same models, while another thread may switch
them, asks one bundle for all of them:

>>> import vnparty_nlp
>>> bundle = vnparty_nlp.current_models()
>>> labels = {topic.id: topic.label for topic in bundle.topics(1)}
>>> all(k in labels for k, _ in bundle.topic_mix("Chi bộ kết nạp đảng viên mới"))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from vnparty_nlp.errors import ArtifactError

if TYPE_CHECKING:
    from vnparty_nlp.themes.api import ThemeResult
    from vnparty_nlp.themes.compiled import CompiledThemeClassifier
    from vnparty_nlp.themes.context import ParagraphContext
    from vnparty_nlp.topicmodel.api import Topic
    from vnparty_nlp.topicmodel.compiled import CompiledTopicModel
    from vnparty_nlp.topicmodel.labels import TopicLabel

__all__ = ["ModelBundle"]

_PICKLE_HINT = (
    "re-export the folder with `python -m vnparty_nlp.training.export DIR` (which unpickles it: run it only on "
    "a folder you trust), or, if you trust the folder as you trust code, load_models(DIR, allow_pickle=True)"
)


@dataclass(frozen=True, eq=False)
class ModelBundle:
    """A loaded model folder. Build it with :meth:`load`; activate it with :func:`vnparty_nlp.load_models`.

    ``path``: the folder read; ``shipped``: whether it is the models installed
    with the package; ``manifest``: its manifest (read-only); ``classifier``,
    ``topic_model``: the models (None when the folder has no such model);
    ``topic_labels``: one label per topic (empty without a topic model).
    """

    path: Path
    shipped: bool
    manifest: Mapping[str, Any]
    classifier: CompiledThemeClassifier | None
    topic_model: CompiledTopicModel | None
    topic_labels: tuple[TopicLabel, ...]

    @property
    def folder(self) -> Path | None:
        """The folder worker processes are given to load the same models (None: the shipped ones)."""
        return None if self.shipped else self.path

    @classmethod
    def load(cls, path: str | Path | None = None, *, allow_pickle: bool = False) -> ModelBundle:
        """Read a model folder (None: the shipped models); every problem is an :class:`ArtifactError` here.

        Only arrays and JSON are read. A folder that has a model only as a
        joblib pickle (written by an older version) is refused unless
        ``allow_pickle=True``: unpickling runs whatever code the file holds.
        """
        from vnparty_nlp.artifacts import (
            TOPIC_LABELS,
            read_manifest,
            shipped_models_dir,
        )
        from vnparty_nlp.topicmodel.labels import read_topic_labels

        shipped = path is None
        folder = shipped_models_dir() if path is None else Path(path)
        if not folder.is_dir():
            raise ArtifactError(f"{folder} is not a folder; point load_models at a folder written by "
                                "`vnparty-nlp train --out DIR`")
        manifest = read_manifest(folder)
        try:
            classifier = _classifier(folder, manifest, allow_pickle)
            topic_model = _topic_model(folder, manifest, allow_pickle)
        except ArtifactError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError) as error:
            raise ArtifactError(f"{folder}: the model arrays are malformed ({type(error).__name__}: {error}); "
                                "retrain with `vnparty-nlp train --out DIR`") from None
        if classifier is None and topic_model is None:
            raise ArtifactError(
                f"{folder / 'manifest.json'} lists no theme classifier and no topic model; "
                "point load_models at a folder written by `vnparty-nlp train --out DIR`"
            )
        labels = read_topic_labels(folder / TOPIC_LABELS, topic_model.n_topics) if topic_model is not None else ()
        return cls(folder, shipped, MappingProxyType(manifest), classifier, topic_model, labels)

    # -- the models, with a clear error when the folder lacks one ----------------------------------

    def require_classifier(self) -> CompiledThemeClassifier:
        if self.classifier is None:
            raise ArtifactError(f"{self.path} has no theme classifier (its manifest lists none); retrain with "
                                "`vnparty-nlp train --out DIR` without --only topics")
        return self.classifier

    def require_topic_model(self) -> CompiledTopicModel:
        if self.topic_model is None:
            raise ArtifactError(f"{self.path} has no topic model (its manifest lists none); retrain with "
                                "`vnparty-nlp train --out DIR` without --only themes")
        return self.topic_model

    @property
    def labels(self) -> tuple[str, ...]:
        """The themes this bundle's classifier assigns, in its score order (``()`` without a classifier).

        The four shipped themes (:data:`vnparty_nlp.LABELS`) for the shipped
        models; a folder trained on your own label file has your names.
        """
        return self.classifier.labels if self.classifier is not None else ()

    # -- the public functions, on this bundle ------------------------------------------------------

    def classify(self, text: str, context: ParagraphContext | None = None) -> ThemeResult:
        """:func:`vnparty_nlp.classify` with this bundle's classifier."""
        from vnparty_nlp.themes.api import _classify_with

        return _classify_with(self, text, context)

    def classify_batch(
        self, texts: Iterable[str], contexts: Iterable[ParagraphContext | None] | None = None,
    ) -> list[ThemeResult]:
        """:func:`vnparty_nlp.classify_batch` (in this process) with this bundle's classifier."""
        from vnparty_nlp.themes.api import _batch_with

        return _batch_with(self, texts, contexts)

    def topic_mix(self, text: str) -> list[tuple[int, float]]:
        """:func:`vnparty_nlp.topic_mix` with this bundle's topic model."""
        from vnparty_nlp.topicmodel.api import _topic_mix_with

        return _topic_mix_with(self, text)

    def topics(self, n_words: int = 10) -> list[Topic]:
        """:func:`vnparty_nlp.topics` of this bundle's topic model."""
        from vnparty_nlp.topicmodel.api import _topics_with

        return _topics_with(self, n_words)


def _classifier(folder: Path, manifest: Mapping[str, Any], allow_pickle: bool) -> CompiledThemeClassifier | None:
    from vnparty_nlp.artifacts import THEME_ARRAYS, THEME_CLASSIFIER, load_pickle, read_arrays
    from vnparty_nlp.themes.compiled import CompiledThemeClassifier

    files = manifest.get("files", {})
    if THEME_ARRAYS in files:
        return CompiledThemeClassifier(read_arrays(folder, THEME_ARRAYS, manifest))
    if THEME_CLASSIFIER not in files:
        return None
    if not allow_pickle:
        raise ArtifactError(f"{folder} has its theme classifier only as a pickle ({THEME_CLASSIFIER}), which "
                            f"would run code when loaded; refused. {_PICKLE_HINT}")
    return CompiledThemeClassifier.from_estimator(load_pickle(folder, THEME_CLASSIFIER, manifest))


def _topic_model(folder: Path, manifest: Mapping[str, Any], allow_pickle: bool) -> CompiledTopicModel | None:
    from vnparty_nlp.artifacts import TOPIC_ARRAYS, TOPIC_MODEL, load_pickle, read_arrays
    from vnparty_nlp.topicmodel.compiled import CompiledTopicModel

    files = manifest.get("files", {})
    if TOPIC_ARRAYS in files:
        return CompiledTopicModel(read_arrays(folder, TOPIC_ARRAYS, manifest))
    if TOPIC_MODEL not in files:
        return None
    if not allow_pickle:
        raise ArtifactError(f"{folder} has its topic model only as a pickle ({TOPIC_MODEL}), which would run "
                            f"code when loaded; refused. {_PICKLE_HINT}")
    from vnparty_nlp.training.export import topic_arrays

    return CompiledTopicModel(topic_arrays(load_pickle(folder, TOPIC_MODEL, manifest)))
