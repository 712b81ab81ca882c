"""The model bundle: read without pickles, checked file by file, switched atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import vnparty_nlp
from vnparty_nlp import current_models, load_models, use_models
from vnparty_nlp.artifacts import MANIFEST, THEME_ARRAYS, THEME_CLASSIFIER, TOPIC_ARRAYS, TOPIC_LABELS, TOPIC_MODEL
from vnparty_nlp.artifacts import shipped_models_dir as shipped
from vnparty_nlp.errors import ArtifactError, ParameterError
from vnparty_nlp.registry import MODELS

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Chi bộ kết nạp đảng viên mới, học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."


@pytest.fixture(autouse=True)
def _back_to_the_shipped_models() -> Any:
    yield
    load_models(None)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(shipped(), folder)
    return folder


def _manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _vouch(folder: Path, name: str, spec: dict[str, Any] | None = None) -> None:
    """Make the manifest match ``name`` as it now is: what an attacker who writes the folder can do."""
    manifest = _manifest(folder)
    data = (folder / name).read_bytes()
    entry = manifest["files"].setdefault(name, {})
    entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    if spec is not None:
        entry.update(spec)
    _write_manifest(folder, manifest)


def _arrays(folder: Path, name: str) -> dict[str, np.ndarray[Any, Any]]:
    with np.load(folder / name, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def _resave(folder: Path, name: str, change: Callable[[dict[str, Any]], None],
            spec_change: Callable[[dict[str, Any]], None] | None = None) -> None:
    from vnparty_nlp.training.export import save_arrays

    arrays = _arrays(folder, name)
    change(arrays)
    spec = save_arrays(folder / name, arrays)
    if spec_change is not None:
        spec_change(spec["arrays"])
    _vouch(folder, name, spec)


# --- every malformed folder fails at load_models, and the models in use stay ------------------------

def _truncate(folder: Path) -> None:
    path = folder / TOPIC_ARRAYS
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _vouch(folder, TOPIC_ARRAYS)


def _wrong_dtype(folder: Path) -> None:
    _resave(folder, TOPIC_ARRAYS, lambda a: a.update(alpha=a["alpha"].astype(np.float32)),
            lambda spec: spec["alpha"].update(dtype="<f8"))


def _nan(folder: Path) -> None:
    def change(arrays: dict[str, Any]) -> None:
        arrays["exp_elog_beta"] = arrays["exp_elog_beta"].copy()
        arrays["exp_elog_beta"][0, 0] = np.nan

    _resave(folder, TOPIC_ARRAYS, change)


def _shape_vs_manifest(folder: Path) -> None:
    _resave(folder, THEME_ARRAYS, lambda a: None, lambda spec: spec["thresholds"].update(shape=[5]))


def _inconsistent_arrays(folder: Path) -> None:
    _resave(folder, TOPIC_ARRAYS, lambda a: a.update(alpha=a["alpha"][:3]))


def _extra_member(folder: Path) -> None:
    _resave(folder, THEME_ARRAYS, lambda a: None, lambda spec: spec.pop("offsets"))


def _object_dtype(folder: Path) -> None:
    _resave(folder, TOPIC_ARRAYS, lambda a: None, lambda spec: spec["alpha"].update(dtype="O"))


def _unpacks_larger(folder: Path) -> None:
    _resave(folder, TOPIC_ARRAYS, lambda a: None, lambda spec: spec["doc_topic"].update(shape=[10, 14]))


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / "elsewhere.npz"
    shutil.copyfile(folder / TOPIC_ARRAYS, outside)
    (folder / TOPIC_ARRAYS).unlink()
    (folder / TOPIC_ARRAYS).symlink_to(outside)


def _fifo(folder: Path) -> None:
    (folder / TOPIC_ARRAYS).unlink()
    os.mkfifo(folder / TOPIC_ARRAYS)


def _fifo_labels(folder: Path) -> None:
    (folder / TOPIC_LABELS).unlink()
    os.mkfifo(folder / TOPIC_LABELS)


def _device(folder: Path) -> None:
    (folder / TOPIC_LABELS).unlink()
    (folder / TOPIC_LABELS).symlink_to("/dev/zero")


def _missing(folder: Path) -> None:
    (folder / TOPIC_ARRAYS).unlink()


def _manifest_not_json(folder: Path) -> None:
    (folder / MANIFEST).write_text("{not json", encoding="utf-8")


def _manifest_not_object(folder: Path) -> None:
    (folder / MANIFEST).write_text("[]", encoding="utf-8")


def _oversize(folder: Path) -> None:
    manifest = _manifest(folder)
    manifest["files"][THEME_ARRAYS]["bytes"] = 1000  # the file is larger than the manifest says
    _write_manifest(folder, manifest)


def _tampered(folder: Path) -> None:
    path = folder / THEME_ARRAYS
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def _only_pickles(folder: Path) -> None:
    manifest = _manifest(folder)
    del manifest["files"][TOPIC_ARRAYS]
    (folder / TOPIC_ARRAYS).unlink()
    _write_manifest(folder, manifest)


def _bad_labels(folder: Path) -> None:
    (folder / TOPIC_LABELS).write_text('{"topics": [{"id": 0, "label": "a"}]}', encoding="utf-8")


MALFORMED: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated npz": (_truncate, "not a valid .npz"),
    "wrong dtype": (_wrong_dtype, "but the manifest says"),
    "NaN": (_nan, "NaN or infinite"),
    "shape vs manifest": (_shape_vs_manifest, "unpacks to|but the manifest says"),
    "arrays that do not fit together": (_inconsistent_arrays, "topics x words"),
    "an array the manifest does not list": (_extra_member, "other arrays"),
    "object dtype": (_object_dtype, "object dtype"),
    "member larger than its shape": (_unpacks_larger, "unpacks to"),
    "symlink out of the folder": (_symlink_out, "outside the model folder"),
    "FIFO": (_fifo, "not a regular file"),
    "FIFO labels": (_fifo_labels, "not a regular file"),
    "device": (_device, "outside the model folder|not a regular file"),
    "missing file": (_missing, "is missing"),
    "manifest not JSON": (_manifest_not_json, "not readable JSON"),
    "manifest not an object": (_manifest_not_object, "not a model manifest"),
    "oversize": (_oversize, "larger than the 1000 bytes"),
    "tampered": (_tampered, "does not match its manifest"),
    "model only as a pickle": (_only_pickles, "only as a pickle"),
    "labels that do not fit": (_bad_labels, "exactly once"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_folder_fails_at_load_models_and_keeps_the_models_in_use(tmp_path: Path, case: str) -> None:
    spoil, message = MALFORMED[case]
    folder = _copy(tmp_path)
    spoil(folder)
    before = current_models()
    expected = vnparty_nlp.classify(TEXT)
    with pytest.raises(ArtifactError, match=message):
        load_models(folder)
    assert current_models() is before
    assert vnparty_nlp.classify(TEXT) == expected
    with pytest.raises(ArtifactError), use_models(folder):
        pass
    assert current_models() is before


def test_the_command_line_reports_a_malformed_folder_as_a_usage_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _nan(folder)
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "topics", "--models", str(folder)],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2 and "NaN" in result.stderr


# --- pickles that run code ---------------------------------------------------------------------------

class _Payload:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def _plant(folder: Path, marker: Path) -> None:
    import joblib

    for name in (THEME_CLASSIFIER, TOPIC_MODEL):
        joblib.dump(_Payload(marker), folder / name)
        _vouch(folder, name)  # whoever writes the folder writes a matching manifest


def test_code_running_pickles_with_a_matching_manifest_never_run(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    marker = tmp_path / "marker"
    _plant(folder, marker)
    bundle = load_models(folder)
    assert vnparty_nlp.topic_mix(TEXT) and vnparty_nlp.classify(TEXT) and vnparty_nlp.topics()
    assert bundle.folder == folder and not marker.exists()
    # Without arrays the folder is refused, still without unpickling.
    for name in (THEME_ARRAYS, TOPIC_ARRAYS):
        manifest = _manifest(folder)
        del manifest["files"][name]
        _write_manifest(folder, manifest)
    with pytest.raises(ArtifactError, match="only as a pickle"):
        load_models(folder)
    assert not marker.exists()
    # allow_pickle=True is the caller's explicit choice to run the folder's code.
    with pytest.raises(Exception):  # noqa: B017  (what the payload returns is not a model)
        load_models(folder, allow_pickle=True)
    assert marker.read_text() == "ran"


def test_allow_pickle_loads_an_old_folder_with_the_same_outputs(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    manifest = _manifest(folder)
    for name in (THEME_ARRAYS, TOPIC_ARRAYS):
        del manifest["files"][name]
        (folder / name).unlink()
    _write_manifest(folder, manifest)
    expected = (vnparty_nlp.classify(TEXT), vnparty_nlp.topic_mix(TEXT), vnparty_nlp.topics())
    with pytest.raises(ArtifactError, match="allow_pickle=True"):
        load_models(folder)
    load_models(folder, allow_pickle=True)
    assert (vnparty_nlp.classify(TEXT), vnparty_nlp.topic_mix(TEXT), vnparty_nlp.topics()) == expected


# --- the runtime imports no training code ------------------------------------------------------------

HEAVY = ("sklearn", "gensim", "scipy", "joblib", "vnparty_nlp.training")


def _heavy_modules(code: str) -> list[str]:
    probe = (f"{code}\nimport sys\n"
             f"print('HEAVY:' + ','.join(sorted({{m for m in sys.modules for h in {HEAVY!r} "
             "if m == h or m.startswith(h + '.')})), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8",
                            cwd=ROOT, timeout=120, check=True)
    line = [line for line in result.stderr.splitlines() if line.startswith("HEAVY:")][-1]
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


def test_classify_topic_mix_and_topics_import_no_training_library() -> None:
    code = ("import vnparty_nlp\nvnparty_nlp.classify('Chi bộ họp.')\nvnparty_nlp.topic_mix('Chi bộ họp.')\n"
            "vnparty_nlp.topics()\nvnparty_nlp.classify_article('Chi bộ họp bàn công tác.')")
    assert _heavy_modules(code) == []


@pytest.mark.parametrize("command", [["analyze", "seeds/000_9756f1c40b1f5186.txt"], ["classify", "Chi bộ họp."],
                                     ["topics"], ["info"]])
def test_runtime_commands_import_no_training_library(command: list[str]) -> None:
    code = f"from vnparty_nlp.cli import main\nmain({command!r})"
    assert _heavy_modules(code) == []


def test_digamma_expit_and_sparse_products_equal_scipy_bit_for_bit() -> None:
    from scipy import sparse
    from scipy.special import expit as scipy_expit
    from scipy.special import psi

    from vnparty_nlp._numeric import SparseRows, digamma, expit

    rng = np.random.default_rng(0)
    values = np.concatenate([np.arange(1.0, 11.0), rng.uniform(1e-3, 1, 20_000), rng.uniform(1, 10, 20_000),
                             rng.uniform(10, 1e5, 20_000), rng.exponential(30, 20_000) + 1e-9])
    np.testing.assert_array_equal(digamma(values), psi(values))
    x = rng.normal(0, 30, 50_000)
    np.testing.assert_array_equal(expit(x), scipy_expit(x))
    for seed in range(24):
        # Up to 1,200 entries a row, magnitudes 1e-8..1e8 (where the order of additions shows), and
        # 1, 2 or 12 columns: one column is summed another way than several (SparseRows.__matmul__).
        matrix = sparse.random(30, 2000, density=(0.05, 0.15, 0.6, 0.0)[seed % 4], random_state=seed,
                               format="csr")
        matrix.data *= 10.0 ** rng.uniform(-8, 8, matrix.nnz)
        dense = rng.normal(size=(2000, (1, 2, 12)[seed % 3]))
        rows = SparseRows(matrix.data, matrix.indices, matrix.indptr, matrix.shape)
        np.testing.assert_array_equal(rows @ dense, matrix @ dense)
        np.testing.assert_array_equal(rows.toarray(), matrix.toarray())


# --- one bundle, switched as one reference ----------------------------------------------------------

def _three_topic_folder(tmp_path: Path) -> Path:
    """The shipped folder with a topic model of its first 3 topics (so ids 3.. do not exist)."""
    folder = _copy(tmp_path)

    def keep_three(arrays: dict[str, Any]) -> None:
        for key in ("exp_elog_beta", "topic_word"):
            arrays[key] = np.ascontiguousarray(arrays[key][:3])
        arrays["alpha"] = arrays["alpha"][:3]
        arrays["doc_topic"] = np.ascontiguousarray(arrays["doc_topic"][:, :3])

    _resave(folder, TOPIC_ARRAYS, keep_three)
    labels = json.loads((folder / TOPIC_LABELS).read_text(encoding="utf-8"))
    labels["topics"] = labels["topics"][:3]
    (folder / TOPIC_LABELS).write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    return folder


def test_topics_and_topic_mix_never_disagree_while_another_thread_switches_models(tmp_path: Path) -> None:
    from vnparty_nlp.cli import _add_topics

    small = load_models(_three_topic_folder(tmp_path))
    big = load_models(None)
    k = big.require_topic_model().n_topics  # the shipped model's
    assert len(small.topics()) == 3 and len(big.topics()) == k > 3
    stop = threading.Event()
    errors: list[BaseException] = []
    texts = [TEXT, "Hội Nông dân xã tổ chức hội thi nhà nông đua tài.", "Đảng uỷ xã họp bàn kinh tế."]

    def switch() -> None:
        while not stop.is_set():
            load_models(small.path)
            MODELS.activate(big)

    def read() -> None:
        try:
            while not stop.is_set():
                bundle = current_models()
                ids = {t.id for t in bundle.topics(1)}
                assert all(k in ids for k, _ in bundle.topic_mix(TEXT))
                data = {"paragraphs": [{"text": t} for t in texts]}
                _add_topics(data, current_models())  # the command line's way: labels and mixes from one bundle
                assert len(vnparty_nlp.topics()) in (3, k)
                assert all(topic < k for topic, _ in vnparty_nlp.topic_mix(TEXT))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=switch)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]


def test_use_models_scopes_a_folder_and_load_models_none_returns_to_the_shipped(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    before = current_models()
    with use_models(folder) as bundle:
        assert current_models() is bundle and MODELS.folder == folder and not bundle.shipped
        assert bundle.classify(TEXT) == vnparty_nlp.classify(TEXT)
    assert current_models() is before
    load_models(folder)
    assert MODELS.folder == folder
    assert load_models(None).shipped and MODELS.folder is None


def test_a_bundle_is_immutable() -> None:
    bundle = current_models()
    with pytest.raises(FrozenInstanceError):
        bundle.classifier = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        bundle.manifest["files"] = {}  # type: ignore[index]
    assert not bundle.require_topic_model().exp_elog_beta.flags.writeable


def test_a_folder_with_one_model_says_which_is_missing(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    manifest = _manifest(folder)
    for name in (TOPIC_ARRAYS, TOPIC_MODEL):
        del manifest["files"][name]
    _write_manifest(folder, manifest)
    load_models(folder)
    assert vnparty_nlp.classify(TEXT).scores
    with pytest.raises(ArtifactError, match="has no topic model"):
        vnparty_nlp.topic_mix(TEXT)


# --- estimators check their own parameters ---------------------------------------------------------

@pytest.mark.parametrize(("params", "name"), [({"threshold_folds": 0}, "threshold_folds"),
                                              ({"calibration_folds": 1}, "calibration_folds"),
                                              ({"C": -1.0}, "C"), ({"word_ngrams": (2, 1)}, "word_ngrams"),
                                              ({"min_df": 0}, "min_df")])
def test_theme_classifier_refuses_bad_parameters_by_name(params: dict[str, Any], name: str) -> None:
    from vnparty_nlp.training.classifier import ThemeClassifier

    with pytest.raises(ParameterError, match=rf"ThemeClassifier: {name} must"):
        ThemeClassifier(**params).fit(["a", "b"], [["ideology"], []])


@pytest.mark.parametrize(("params", "name"), [({"passes": 0}, "passes"), ({"iterations": 0}, "iterations"),
                                              ({"n_topics": 0}, "n_topics"), ({"no_above": 0.0}, "no_above"),
                                              ({"alpha": "flat"}, "alpha"), ({"chunksize": 0}, "chunksize"),
                                              ({"seed_words": {5: ["a"]}, "n_topics": 2}, "seed_words")])
def test_topic_model_refuses_bad_parameters_by_name(params: dict[str, Any], name: str) -> None:
    from vnparty_nlp.training.topic_model import TopicModel

    with pytest.raises(ParameterError, match=rf"TopicModel: {name}"):
        TopicModel(**params).fit([["chi_bộ", "họp"]])


# --- pictures leave pyplot alone ---------------------------------------------------------------------

def test_write_png_leaves_the_callers_backend_and_pyplot_alone(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "topics.png"
    code = ("import sys, matplotlib\nmatplotlib.use('svg')\n"
            "from vnparty_nlp import current_models\nfrom vnparty_nlp.topicmodel.plots import write_png\n"
            "bundle = current_models()\n"
            f"write_png(bundle.require_topic_model(), {str(out)!r}, [t.label for t in bundle.topic_labels], 5)\n"
            "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split() == ["svg", "False"]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
