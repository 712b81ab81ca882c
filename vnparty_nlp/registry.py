"""The process-wide models: the shipped ones, or a folder chosen with :func:`load_models`.

Each artifact is loaded on first use, once per process, under a lock, so
many threads asking at once still load it once. Prediction only reads the
fitted models, so calls from many threads are safe.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

__all__ = ["MODELS", "load_models"]


class _Models:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._follow_lock = threading.Lock()
        self._loaded: dict[str, Any] = {}
        self.folder: Path | None = None
        self.loads = 0  # how many artifacts were unpickled: lets tests check "once per process"

    def _get(self, name: str) -> Any:
        model = self._loaded.get(name)
        if model is None:
            with self._lock:
                model = self._loaded.get(name)
                if model is None:
                    model = self._load(name)
        return model

    def _load(self, name: str) -> Any:
        from vnparty_nlp.artifacts import (
            THEME_CLASSIFIER,
            TOPIC_LABELS,
            TOPIC_MODEL,
            load_artifact,
            shipped_models_dir,
        )

        folder = self.folder or shipped_models_dir()
        model = _load_classifier(folder) if name == THEME_CLASSIFIER else load_artifact(folder, name)
        if name == TOPIC_MODEL:
            from vnparty_nlp.topicmodel.labels import read_topic_labels

            model = (model, read_topic_labels(folder / TOPIC_LABELS, model.lda_.num_topics))
        self._loaded[name] = model
        self.loads += 1
        return model

    def classifier(self) -> Any:
        from vnparty_nlp.artifacts import THEME_CLASSIFIER

        return self._get(THEME_CLASSIFIER)

    def topic_model(self) -> tuple[Any, Any]:
        """The topic model and its labels (``TopicLabels``)."""
        from vnparty_nlp.artifacts import TOPIC_MODEL

        return self._get(TOPIC_MODEL)  # type: ignore[no-any-return]

    def use(self, folder: Path | None, loaded: dict[str, Any] | None) -> None:
        """Serve ``loaded`` models from ``folder``; ``use(None, None)`` goes back to the shipped ones."""
        with self._lock:
            self.folder, self._loaded = folder, dict(loaded or {})

    def follow(self, folder: Path | None) -> None:
        """In a worker process: serve the models of a caller whose ``MODELS.folder`` is ``folder``.

        Worker processes outlive a call (loky and Dask reuse them), so a worker may
        still hold a folder the caller has since left, or need to go back to the
        shipped models (``None``). Loads only when the folder changes.
        """
        with self._follow_lock:
            if folder != self.folder:
                if folder is None:
                    self.use(None, None)
                else:
                    load_models(folder)


MODELS = _Models()


def _load_classifier(folder: Path) -> Any:
    """The folder's classifier for inference: its arrays (no scikit-learn needed) when present,
    else compiled from the joblib estimator. Both are checked against the manifest first."""
    from vnparty_nlp.artifacts import THEME_ARRAYS, THEME_CLASSIFIER, has_artifact, load_artifact, verified_path
    from vnparty_nlp.themes.compiled import CompiledThemeClassifier

    if has_artifact(folder, THEME_ARRAYS):
        return CompiledThemeClassifier.load(verified_path(folder, THEME_ARRAYS))
    return CompiledThemeClassifier.from_estimator(load_artifact(folder, THEME_CLASSIFIER))


def load_models(path: str | Path) -> None:
    """Use the artifacts in ``path`` (made by ``vnparty-nlp train``) instead of the shipped ones.

    Every artifact the folder's ``manifest.json`` lists is checked against its
    sha256 before anything is unpickled, and loaded now, so a bad folder fails
    here rather than on the first call. An artifact the folder lacks gives a
    clear error when it is first needed.
    """
    from vnparty_nlp.artifacts import THEME_CLASSIFIER, TOPIC_MODEL, ArtifactError, read_manifest

    folder = Path(path)
    listed = read_manifest(folder).get("files", {})
    staged = _Models()
    staged.folder = folder
    for name in (THEME_CLASSIFIER, TOPIC_MODEL):
        if name in listed:
            staged._get(name)
    if not staged._loaded:
        raise ArtifactError(
            f"{folder / 'manifest.json'} lists neither {THEME_CLASSIFIER} nor {TOPIC_MODEL}; "
            "point load_models at a folder written by `vnparty-nlp train --out DIR`"
        )
    MODELS.use(folder, staged._loaded)
