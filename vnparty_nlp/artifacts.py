"""Saving and loading model artifacts with a manifest that vouches for them.

Loading a joblib pickle runs code, so a file is unpickled only after its
sha256 matches the manifest written next to it. Artifacts are written to a
temporary folder and moved into place only when complete.

File names are constant: ``theme_classifier.joblib``, ``topic_model.joblib``,
``manifest.json`` (and ``metrics.json``, ``topic_labels.json``, and
``theme_classifier.npz``: the classifier's arrays for fast inference, loaded
without unpickling).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "MANIFEST",
    "THEME_ARRAYS",
    "THEME_CLASSIFIER",
    "TOPIC_LABELS",
    "TOPIC_MODEL",
    "ArtifactError",
    "has_artifact",
    "library_versions",
    "load_artifact",
    "read_manifest",
    "sha256_of",
    "shipped_models_dir",
    "verified_path",
    "write_artifacts",
]

MANIFEST = "manifest.json"
THEME_CLASSIFIER = "theme_classifier.joblib"
THEME_ARRAYS = "theme_classifier.npz"
TOPIC_MODEL = "topic_model.joblib"
TOPIC_LABELS = "topic_labels.json"  # editable by hand, so not pinned by sha256 (JSON runs no code)
RETRAIN_HINT = "retrain with `vnparty-nlp train --out DIR` and load DIR with vnparty_nlp.load_models(DIR)"


class ArtifactError(RuntimeError):
    """An artifact is missing, altered, or was built for incompatible libraries."""


def shipped_models_dir() -> Path:
    """The folder of the pretrained artifacts installed with the package."""
    return Path(str(resources.files("vnparty_nlp.models")))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of the libraries whose objects are pickled in the artifacts."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("scikit-learn", "gensim", "numpy", "scipy", "joblib", "pyvi"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    from vnparty_nlp._version import __version__

    out["vnparty_nlp"] = __version__
    return out


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        raise ArtifactError(f"{path} not found: a model folder needs its manifest; {RETRAIN_HINT}")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArtifactError(f"{path} is not readable JSON ({error}); {RETRAIN_HINT}") from None
    return manifest


def _check_versions(name: str, built_with: Mapping[str, str]) -> None:
    current = library_versions()
    for library in ("scikit-learn", "gensim"):
        then, now = built_with.get(library), current.get(library)
        if not then or not now or then == now or "absent" in (then, now):
            continue
        then_parts, now_parts = then.split(".")[:2], now.split(".")[:2]
        if then_parts[0] != now_parts[0]:
            raise ArtifactError(
                f"{name} was built with {library} {then} but {now} is installed (a different major "
                f"version cannot load it); install {library}=={then} or {RETRAIN_HINT}"
            )
        if then_parts != now_parts:
            warnings.warn(
                f"{name} was built with {library} {then} and {now} is installed; predictions may differ. "
                f"To be safe, {RETRAIN_HINT}",
                UserWarning,
                stacklevel=3,
            )


def verified_path(folder: Path, name: str) -> Path:
    """``folder/name`` after checking its sha256 and library versions against the manifest."""
    manifest = read_manifest(folder)
    entry = manifest.get("files", {}).get(name)
    path = folder / name
    if entry is None:
        raise ArtifactError(f"{path} is not listed in {folder / MANIFEST}; {RETRAIN_HINT}")
    if not path.exists():
        raise ArtifactError(f"{path} is missing; {RETRAIN_HINT}")
    actual = sha256_of(path)
    if actual != entry.get("sha256"):
        raise ArtifactError(
            f"{path} does not match its manifest (sha256 {actual[:12]}..., expected "
            f"{str(entry.get('sha256'))[:12]}...): the file was altered or corrupted and will not be "
            f"loaded. Reinstall the package or {RETRAIN_HINT}"
        )
    _check_versions(name, manifest.get("versions", {}))
    return path


def has_artifact(folder: Path, name: str) -> bool:
    """Whether the folder's manifest lists ``name``."""
    try:
        return name in read_manifest(folder).get("files", {})
    except ArtifactError:
        return False


def load_artifact(folder: Path, name: str) -> Any:
    """Unpickle ``folder/name`` after checking its sha256 and library versions against the manifest."""
    path = verified_path(folder, name)
    import joblib

    return joblib.load(path)


def write_artifacts(
    out_dir: Path,
    writers: Mapping[str, Callable[[Path], object]],
    manifest_extra: Mapping[str, Any],
) -> Path:
    """Write artifacts atomically: into a temporary sibling folder, then swap it into place.

    ``writers`` maps each file name to a function that writes that file. Files
    of ``out_dir`` that this call does not write are carried over, and their
    manifest entries kept, so a classifier can be retrained without the topic
    model. If anything fails, ``out_dir`` is left as it was.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the models folder is read by every user
    try:
        previous = read_manifest(out_dir) if (out_dir / MANIFEST).exists() else {}
        files: dict[str, Any] = dict(previous.get("files", {}))
        if out_dir.exists():
            for item in out_dir.iterdir():
                if item.is_file() and item.name not in writers and item.name != MANIFEST:
                    shutil.copy2(item, staging / item.name)
        for name, write in writers.items():
            write(staging / name)
            files[name] = {"sha256": sha256_of(staging / name), "bytes": (staging / name).stat().st_size}
        manifest = {**previous, **manifest_extra, "files": files, "versions": library_versions()}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        backup = None
        if out_dir.exists():
            backup = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
            os.replace(out_dir, backup)
        os.replace(staging, out_dir)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir
