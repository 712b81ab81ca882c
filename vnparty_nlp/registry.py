"""The active models: one :class:`~vnparty_nlp.bundle.ModelBundle`, swapped as one reference.

The shipped bundle is loaded on first use, once per process, under a lock.
:func:`load_models` loads a folder completely (a bad folder fails there, and
the models in use stay) and then activates it by replacing one reference, so a
call sees either the old bundle or the new one, never a mix of the two.
:func:`use_models` does the same for a ``with`` block.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from vnparty_nlp.bundle import ModelBundle

__all__ = ["MODELS", "current_models", "load_models", "use_models"]


class _Models:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._follow_lock = threading.Lock()
        self._bundle: ModelBundle | None = None
        self._shipped: ModelBundle | None = None
        self.loads = 0  # how many bundles this process loaded: lets tests check "once per process"

    def current(self) -> ModelBundle:
        """The active bundle (the shipped one, loaded now if nothing was loaded yet)."""
        bundle = self._bundle
        if bundle is None:
            with self._lock:
                bundle = self._bundle
                if bundle is None:
                    if self._shipped is None:
                        self._shipped = self.load(None)
                    bundle = self._bundle = self._shipped
        return bundle

    def shipped(self) -> ModelBundle:
        """The shipped bundle, loaded once per process."""
        with self._lock:
            if self._shipped is None:
                self._shipped = self.load(None)
            return self._shipped

    def load(self, path: str | Path | None, allow_pickle: bool = False) -> ModelBundle:
        bundle = ModelBundle.load(path, allow_pickle=allow_pickle)
        self.loads += 1
        return bundle

    def activate(self, bundle: ModelBundle | None) -> None:
        """Serve ``bundle`` from now on; None goes back to the shipped models."""
        with self._lock:
            self._bundle = bundle if bundle is not None else self._shipped

    @property
    def folder(self) -> Path | None:
        """The active folder as workers are given it: None for the shipped models (or none loaded yet)."""
        bundle = self._bundle
        return None if bundle is None else bundle.folder

    def classifier(self) -> Any:
        return self.current().require_classifier()

    def topic_model(self) -> tuple[Any, Any]:
        """The topic model and its labels, from one bundle."""
        bundle = self.current()
        return bundle.require_topic_model(), bundle.topic_labels

    def use(self, folder: Path | None, loaded: object = None) -> None:
        """Old form of :func:`load_models`: ``use(None, None)`` goes back to the shipped models."""
        if folder is None:
            self.activate(None)
        else:
            load_models(folder)

    def follow(self, folder: Path | None) -> None:
        """In a worker process: serve the models of a caller whose ``MODELS.folder`` is ``folder``.

        Worker processes outlive a call (loky and Dask reuse them), so a worker may
        still hold a folder the caller has since left, or need to go back to the
        shipped models (``None``). Loads only when the folder changes.
        """
        with self._follow_lock:
            if folder != self.folder:
                if folder is None:
                    self.activate(None)
                else:
                    load_models(folder)


MODELS = _Models()


def current_models() -> ModelBundle:
    """The active :class:`~vnparty_nlp.bundle.ModelBundle`: ask it for several answers from the same models."""
    return MODELS.current()


def load_models(path: str | Path | None, *, allow_pickle: bool = False) -> ModelBundle:
    """Use the models in ``path`` (a folder made by ``vnparty-nlp train``) from now on; None: the shipped ones.

    The whole folder is read and checked now (sha256, dtypes, shapes,
    finiteness against its manifest), so a bad folder raises
    :class:`~vnparty_nlp.errors.ArtifactError` here and the models in use stay.
    Only arrays and JSON are read; ``allow_pickle=True`` also accepts a folder
    whose model exists only as a joblib pickle, which runs code: pass it only
    for a folder you trust as you trust code. Returns the active bundle.
    Worker processes (``n_jobs``, Dask) load the same folder.
    """
    if path is None:
        MODELS.activate(None)
        return MODELS.current()
    bundle = MODELS.load(path, allow_pickle)
    MODELS.activate(bundle)
    return bundle


@contextmanager
def use_models(path: str | Path | None, *, allow_pickle: bool = False) -> Iterator[ModelBundle]:
    """``with use_models(folder):`` the models of ``folder`` inside the block, the previous ones after.

    Like :func:`load_models` it switches the models of the whole process
    (every thread), not of the block's thread only.
    """
    previous = MODELS._bundle
    bundle = MODELS.shipped() if path is None else MODELS.load(path, allow_pickle)
    MODELS.activate(bundle)
    try:
        yield bundle
    finally:
        MODELS.activate(previous)
