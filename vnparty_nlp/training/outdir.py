"""The output folder of a training run: checked before training, locked while training, swapped in whole.

Retraining must never destroy anything it did not write (issue 14, item 2):

* :func:`check_out_dir` refuses, in one line and before any training, an
  ``--out`` that is a file, a symbolic link, the current folder (or one of its
  parents), a folder whose parent cannot be written, or a non-empty folder
  that is not a model folder (unless ``force``);
* :func:`locked` holds an exclusive ``fcntl`` lock on ``.NAME.lock`` beside
  the folder for the whole run, so two trainings into one folder never
  interleave (the second stops at once, before training);
* :func:`clean_stale` removes the staging folders a killed run left behind,
  and puts back a folder that a kill caught between the two renames of the
  portable fallback;
* :func:`carry_over` links (or copies) every entry of the old folder that the
  run does not write, subfolders and symbolic links included, into the new one;
* :func:`swap_in` exchanges the new folder with the old in a single
  ``renameat2(RENAME_EXCHANGE)`` where the system has it, so a kill at any
  moment leaves the old folder or the new one in place, never neither.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from vnparty_nlp.artifacts import (
    MANIFEST,
    THEME_ARRAYS,
    THEME_CLASSIFIER,
    TOPIC_ARRAYS,
    TOPIC_LABELS,
    TOPIC_MODEL,
)
from vnparty_nlp.errors import TrainingDataError

__all__ = [
    "MODEL_FILES",
    "OutputFolderError",
    "carry_over",
    "check_out_dir",
    "clean_stale",
    "lock_path",
    "locked",
    "other_model_writers",
    "staging_path",
    "swap_in",
]

#: The files a training run writes; anything else in ``--out`` belongs to someone else and is kept.
MODEL_FILES = frozenset({MANIFEST, THEME_CLASSIFIER, THEME_ARRAYS, TOPIC_MODEL, TOPIC_ARRAYS, TOPIC_LABELS,
                         "metrics.json"})


class OutputFolderError(TrainingDataError):
    """``--out`` cannot be written safely; the message is one line that says what to do."""


def _is_within(inner: Path, outer: Path) -> bool:
    """Whether ``outer`` is ``inner`` or one of its parents.

    >>> _is_within(Path("/a/b/c"), Path("/a/b")), _is_within(Path("/a"), Path("/a/b"))
    (True, False)
    """
    return inner == outer or outer in inner.parents


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def _probe_writable(folder: Path) -> str | None:
    """None when a folder can be created in ``folder`` (tried for real: root ignores permission bits)."""
    try:
        probe = folder / f".vnparty-write-test-{os.getpid()}"
        probe.mkdir()
        probe.rmdir()
    except OSError as error:
        return error.strerror or str(error)
    return None


def check_out_dir(out: Path, *, force: bool = False, cwd: Path | None = None) -> Path:
    """Refuse an ``--out`` that training could not write without harm; returns it, absolute.

    Nothing is created or changed. Every refusal is an :class:`OutputFolderError`
    whose message is one line.
    """
    given = Path(out)
    here = (cwd or Path.cwd()).resolve()
    absolute = Path(os.path.abspath(here / given))
    if given.is_symlink():
        raise OutputFolderError(f"--out {given} is a symbolic link; pass the folder it points to "
                                f"({os.path.realpath(given)}) or a new folder")
    if _is_within(here, absolute.resolve()):
        raise OutputFolderError(f"--out {given} is the current folder or one of its parents, and training "
                                "replaces its --out folder; pass a new folder such as --out my-models")
    if absolute.exists() and not absolute.is_dir():
        raise OutputFolderError(f"--out {given} is a file, not a folder; pass a new folder such as --out my-models")
    parent = _nearest_existing(absolute.parent)
    if not parent.is_dir():
        raise OutputFolderError(f"--out {given}: {parent} is a file, so the folder cannot be created there")
    reason = _probe_writable(parent)
    if reason is not None:
        raise OutputFolderError(f"--out {given}: cannot write in {parent} ({reason}); pass a folder you can write to")
    if absolute.is_dir():
        try:
            entries = [entry.name for entry in absolute.iterdir()]
        except OSError as error:
            raise OutputFolderError(f"--out {given} cannot be read ({error.strerror or error})") from None
        if entries and MANIFEST not in entries and not force:
            raise OutputFolderError(
                f"--out {given} is a non-empty folder that is not a model folder (no {MANIFEST}); pass a new "
                "folder, or --force to add the models to it (nothing of it is deleted)")
    return absolute


def lock_path(out: Path) -> Path:
    """The lock file of ``out``: a hidden file beside it (the folder itself is replaced by each run).

    >>> lock_path(Path("/data/models"))
    PosixPath('/data/.models.lock')
    """
    return out.with_name(f".{out.name}.lock")


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out`` for the ``with`` block; another holder makes it fail at once.

    The lock is ``fcntl.flock`` on :func:`lock_path` (released by the system if
    the process dies); the lock file is left in place, since removing it would
    let a third run lock a fresh file while a second still holds the old one.
    Where ``fcntl`` is missing (Windows) the file is created with ``O_EXCL``
    and removed at the end instead.
    """
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise OutputFolderError(f"another training is writing to {out} (lock file {path}); wait for it, "
                                    "or remove the lock file if no training runs") from None
        try:
            os.write(handle, str(os.getpid()).encode())
            yield
        finally:
            os.close(handle)
            path.unlink(missing_ok=True)
        return
    handle = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputFolderError(f"another training (process {holder}) is writing to {out}; wait for it to "
                                    "finish or pass another --out") from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)  # releases the lock


def staging_path(out: Path, kind: str = "staging") -> Path:
    """Where a run builds the new folder (``kind="staging"``) or parks the old one (``"old"``).

    >>> staging_path(Path("/data/models"), "old").name.startswith(".models-old-")
    True
    """
    return out.with_name(f".{out.name}-{kind}-{os.getpid()}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: Path) -> list[Path]:
    """Remove what killed runs left beside ``out``; returns what was removed or put back.

    Call it while holding :func:`locked`. A ``.NAME-old-PID`` folder with no
    ``out`` beside it is the old folder of a run killed between the two renames
    of the portable fallback: it is renamed back, not deleted.
    """
    touched = []
    if out.parent.is_dir():
        for kind in ("old", "staging"):
            for path in sorted(out.parent.glob(f".{out.name}-{kind}-*")):
                pid = path.name.rsplit("-", 1)[-1]
                if not pid.isdigit() or (int(pid) != os.getpid() and _pid_alive(int(pid))):
                    continue
                if kind == "old" and not out.exists():
                    os.replace(path, out)
                else:
                    shutil.rmtree(path, ignore_errors=True)
                touched.append(path)
    return touched


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def carry_over(old: Path, new: Path, written: Collection[str]) -> list[str]:
    """Put every entry of ``old`` that is not in ``written`` into ``new``; returns their names.

    Files are hard-linked (copied where links are impossible), so even a
    large ``.git/`` costs no space; subfolders keep their tree and symbolic
    links stay links.
    """
    kept: list[str] = []
    if not old.is_dir():
        return kept
    for entry in sorted(old.iterdir()):
        if entry.name in written or entry.name == MANIFEST:
            continue
        target = new / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry), target)
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target))
        kept.append(entry.name)
    return kept


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel or a file system without it: the fallback below
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out`` and delete the old ``out`` (whose entries :func:`carry_over` kept).

    With ``renameat2(RENAME_EXCHANGE)`` this is one atomic step. Elsewhere it
    is two renames (``out`` to ``.NAME-old-PID``, then ``staging`` to ``out``);
    a kill between them leaves the old folder under that name, and the next
    run's :func:`clean_stale` puts it back.
    """
    if not out.exists():
        os.replace(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    backup = staging_path(out, "old")
    os.replace(out, backup)
    _between_renames()
    os.replace(staging, out)
    shutil.rmtree(backup, ignore_errors=True)


def _between_renames() -> None:
    """A hook for tests that kill the process between the fallback's two renames."""


_MODEL_PARTS = {
    "themes": ("topic_model", (TOPIC_ARRAYS, TOPIC_MODEL, TOPIC_LABELS)),
    "topics": ("theme_classifier", (THEME_ARRAYS, THEME_CLASSIFIER, "metrics.json")),
}


def other_model_writers(
    out: Path, only: str, source: Path | None = None
) -> tuple[dict[str, Callable[[Path], object]], dict[str, Any]]:
    """For ``--only themes`` (``topics``): writers copying the other model from ``source`` when ``out`` lacks it.

    ``source`` defaults to the shipped models. Returns the writers and the
    manifest entry; both are empty when ``out`` already has that model.
    """
    from vnparty_nlp.artifacts import read_manifest, shipped_models_dir

    key, names = _MODEL_PARTS[only]
    if (out / MANIFEST).exists():
        try:
            if key in read_manifest(out):
                return {}, {}
        except Exception:  # an unreadable manifest: write_artifacts reports it
            return {}, {}
    source = source or shipped_models_dir()
    manifest = read_manifest(source)
    if key not in manifest:
        return {}, {}
    files = manifest.get("files", {})
    writers: dict[str, Callable[[Path], object]] = {}
    for name in names:
        if not (source / name).exists():
            continue
        entry = {k: v for k, v in files.get(name, {}).items() if k not in ("sha256", "bytes")}

        def write(path: Path, origin: Path = source / name, extra: dict[str, Any] = entry) -> dict[str, Any]:
            shutil.copyfile(origin, path)
            return extra

        writers[name] = write
    return writers, {key: manifest[key]}
