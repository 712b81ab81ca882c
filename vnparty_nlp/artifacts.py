"""Reading a model folder: the one reader of the array format, and of nothing that runs code.

A model folder holds ``manifest.json`` and, for each model, its arrays
(``theme_classifier.npz``, ``topic_model.npz``) next to the fitted
scikit-learn / gensim objects pickled with joblib (``*.joblib``, for
modellers; :mod:`vnparty_nlp.training.export` writes both). The runtime reads
only the arrays and JSON:

* every file is read once into memory and the bytes that are hashed are the
  bytes that are parsed (nothing is opened twice, so a swap in between is
  not loaded);
* a file must be a regular file inside the folder: a symbolic link that
  leaves it, a FIFO or a device is refused, and sizes are capped before
  anything is read;
* ``.npz`` members are parsed with ``allow_pickle=False`` after their names,
  dtypes, shapes and uncompressed sizes are checked against the manifest
  (nothing large is allocated for a file that lies about its size), then
  float arrays are checked to be finite.

Unpickling happens only in :func:`load_pickle` (and its old name
:func:`load_artifact`), which a caller asks for explicitly, e.g. with
``load_models(path, allow_pickle=True)``. ``docs/security.md`` states what a
model folder can and cannot do.

Every failure is an :class:`~vnparty_nlp.errors.ArtifactError` naming the
file and what to do.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from vnparty_nlp.errors import ArtifactError

__all__ = [
    "ARRAY_FORMAT",
    "MANIFEST",
    "MAX_FILE_BYTES",
    "THEME_ARRAYS",
    "THEME_CLASSIFIER",
    "TOPIC_ARRAYS",
    "TOPIC_LABELS",
    "TOPIC_MODEL",
    "ArtifactError",
    "has_artifact",
    "library_versions",
    "load_artifact",
    "load_pickle",
    "read_arrays",
    "read_json",
    "read_manifest",
    "sha256_of",
    "shipped_models_dir",
    "verified_bytes",
]

MANIFEST = "manifest.json"
THEME_CLASSIFIER = "theme_classifier.joblib"
THEME_ARRAYS = "theme_classifier.npz"
TOPIC_MODEL = "topic_model.joblib"
TOPIC_ARRAYS = "topic_model.npz"
TOPIC_LABELS = "topic_labels.json"  # editable by hand, so not pinned by sha256 (JSON runs no code)
ARRAY_FORMAT = 1  # the manifest's "array_format": what this reader understands

MAX_FILE_BYTES = 512 * 2**20  # no artifact is near this; a bigger file is refused before it is read
MAX_JSON_BYTES = 8 * 2**20
_NPY_HEADER = 1 << 16  # room for a .npy member's header beyond its data

RETRAIN_HINT = "retrain with `vnparty-nlp train --out DIR` and load DIR with vnparty_nlp.load_models(DIR)"


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
    """Versions of the libraries that wrote the artifacts (recorded in the manifest)."""
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


# -- files --------------------------------------------------------------------------------------


def _read_file(folder: Path, name: str, limit: int) -> bytes:
    """The bytes of ``folder/name``: a regular file inside ``folder``, at most ``limit`` bytes, read once."""
    path = folder / name
    if not os.path.lexists(path):
        raise ArtifactError(f"{path} is missing; {RETRAIN_HINT}")
    try:
        real_folder = folder.resolve(strict=True)
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        raise ArtifactError(f"{path} cannot be resolved ({error}); {RETRAIN_HINT}") from None
    if real.parent != real_folder:
        raise ArtifactError(f"{path} is a link to {real}, outside the model folder; refused. Copy the file "
                            "into the folder instead")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise ArtifactError(f"{path} cannot be opened ({error.strerror or error}); {RETRAIN_HINT}") from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ArtifactError(f"{path} is not a regular file (a FIFO, device or folder); refused")
        if info.st_size > limit:
            raise ArtifactError(f"{path} is {info.st_size} bytes, more than the {limit} allowed; refused")
        chunks = []
        size = 0
        while block := handle.read(min(1 << 22, limit + 1 - size)):
            chunks.append(block)
            size += len(block)
            if size > limit:
                raise ArtifactError(f"{path} grew past {limit} bytes while being read; refused")
    return b"".join(chunks)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's ``manifest.json``, checked to be a JSON object whose ``files`` is an object."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not os.path.lexists(path):
        raise ArtifactError(f"{path} not found: a model folder needs its manifest; {RETRAIN_HINT}")
    data = _read_file(folder, MANIFEST, MAX_JSON_BYTES)
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ArtifactError(f"{path} is not readable JSON ({error}); {RETRAIN_HINT}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files", {}), dict):
        raise ArtifactError(f"{path} is not a model manifest (a JSON object with a \"files\" object); "
                            f"{RETRAIN_HINT}")
    return manifest


def _entry(folder: Path, name: str, manifest: Mapping[str, Any]) -> Mapping[str, Any]:
    entry = manifest.get("files", {}).get(name)
    if entry is None:
        raise ArtifactError(f"{folder / name} is not listed in {folder / MANIFEST}; {RETRAIN_HINT}")
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
        raise ArtifactError(f"{folder / MANIFEST}: the entry of {name} has no sha256; {RETRAIN_HINT}")
    size = entry.get("bytes")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES):
        raise ArtifactError(f"{folder / MANIFEST}: the entry of {name} gives an impossible size {size!r}")
    return entry


def verified_bytes(folder: Path, name: str, manifest: Mapping[str, Any] | None = None) -> bytes:
    """The bytes of ``folder/name``, read once, after their size and sha256 match the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    entry = _entry(folder, name, manifest)
    listed = entry.get("bytes")
    limit: int = listed if isinstance(listed, int) else MAX_FILE_BYTES
    path = folder / name
    try:
        data = _read_file(folder, name, limit)
    except ArtifactError as error:
        if "more than" in str(error) or "grew past" in str(error):
            raise ArtifactError(f"{path} does not match its manifest (larger than the {limit} bytes listed): "
                                f"the file was altered and will not be loaded. {RETRAIN_HINT}") from None
        raise
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry["sha256"]:
        raise ArtifactError(
            f"{path} does not match its manifest (sha256 {actual[:12]}..., expected "
            f"{str(entry['sha256'])[:12]}...): the file was altered or corrupted and will not be "
            f"loaded. Reinstall the package or {RETRAIN_HINT}"
        )
    return data


def read_json(folder: Path, name: str) -> Any:
    """A JSON file of the folder that the manifest does not pin (``topic_labels.json``), safely read."""
    path = Path(folder) / name
    data = _read_file(Path(folder), name, MAX_JSON_BYTES)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ArtifactError(f"{path} is not readable JSON ({error})") from None


# -- arrays ---------------------------------------------------------------------------------------


def _spec(path: Path, entry: Mapping[str, Any]) -> dict[str, tuple[np.dtype[Any], tuple[int, ...]]]:
    """The arrays the manifest promises: ``{name: (dtype, shape)}``, themselves checked."""
    arrays = entry.get("arrays")
    if not isinstance(arrays, dict) or not arrays:
        raise ArtifactError(f"the manifest does not describe the arrays of {path}; {RETRAIN_HINT}")
    out = {}
    for key, item in arrays.items():
        try:
            dtype = np.dtype(item["dtype"])
            shape = tuple(int(n) for n in item["shape"])
        except (TypeError, KeyError, ValueError) as error:
            raise ArtifactError(f"the manifest's description of {path}:{key} is malformed ({error!r})") from None
        if dtype.hasobject or any(n < 0 for n in shape):
            raise ArtifactError(f"the manifest gives {path}:{key} an object dtype or a negative shape; refused")
        if int(np.prod(shape, dtype=np.float64)) * dtype.itemsize > MAX_FILE_BYTES * 8:
            raise ArtifactError(f"the manifest gives {path}:{key} an impossible size; refused")
        out[str(key)] = (dtype, shape)
    return out


def read_arrays(folder: Path, name: str, manifest: Mapping[str, Any] | None = None) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays of ``folder/name`` (an ``.npz``), each matching the manifest's dtype and shape, all finite."""
    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    fmt = manifest.get("array_format", ARRAY_FORMAT)
    if fmt != ARRAY_FORMAT:
        raise ArtifactError(f"{folder / MANIFEST} has array format {fmt!r}; this vnparty_nlp reads format "
                            f"{ARRAY_FORMAT}. Upgrade vnparty_nlp or {RETRAIN_HINT}")
    path = folder / name
    spec = _spec(path, _entry(folder, name, manifest))
    data = verified_bytes(folder, name, manifest)
    out: dict[str, np.ndarray[Any, Any]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
            expected = {f"{key}.npy" for key in spec}
            if set(members) != expected:
                extra, missing = sorted(set(members) - expected), sorted(expected - set(members))
                raise ArtifactError(f"{path} holds other arrays than its manifest lists (extra {extra}, "
                                    f"missing {missing}); {RETRAIN_HINT}")
            for key, (dtype, shape) in spec.items():
                info = members[f"{key}.npy"]
                nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
                if info.file_size > nbytes + _NPY_HEADER:
                    raise ArtifactError(f"{path}:{key} unpacks to {info.file_size} bytes, more than the "
                                        f"{nbytes} its manifest shape allows; refused")
                with archive.open(info) as member:
                    version = np.lib.format.read_magic(member)
                    header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                              else np.lib.format.read_array_header_2_0)(member)
                    got_shape, _, got_dtype = header
                    if got_dtype != dtype or tuple(got_shape) != shape:
                        raise ArtifactError(f"{path}:{key} is {got_dtype} {tuple(got_shape)}, but the manifest "
                                            f"says {dtype} {shape}; refused")
                with archive.open(info) as member:
                    array = np.lib.format.read_array(member, allow_pickle=False)
                if array.dtype.kind in "fc" and not np.isfinite(array).all():
                    raise ArtifactError(f"{path}:{key} holds NaN or infinite values; refused. {RETRAIN_HINT}")
                out[key] = array
    except ArtifactError:
        raise
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError, KeyError) as error:
        raise ArtifactError(f"{path} is not a valid .npz file (truncated or corrupted: {error}); "
                            f"{RETRAIN_HINT}") from None
    return out


def has_artifact(folder: Path, name: str) -> bool:
    """Whether the folder's manifest lists ``name``."""
    try:
        return name in read_manifest(folder).get("files", {})
    except ArtifactError:
        return False


# -- pickles: only when the caller asks ---------------------------------------------------------------


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


def load_pickle(folder: Path, name: str, manifest: Mapping[str, Any] | None = None) -> Any:
    """Unpickle ``folder/name`` with joblib (the bytes checked against the manifest): RUNS CODE.

    Only for folders you trust as you trust code: a manifest in the same
    folder vouches for nothing against whoever wrote the folder. The runtime
    never calls this unless asked (``load_models(path, allow_pickle=True)``).
    """
    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    data = verified_bytes(folder, name, manifest)
    _check_versions(name, manifest.get("versions", {}))
    import joblib

    return joblib.load(io.BytesIO(data))


def load_artifact(folder: Path, name: str) -> Any:
    """Old name of :func:`load_pickle` (for modellers who load the fitted objects): RUNS CODE."""
    return load_pickle(folder, name)
