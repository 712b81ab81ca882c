"""vnparty_nlp.dask on a local cluster of 2 worker processes equals the single-process results."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.bag", reason="needs the [dask] extra")
pytest.importorskip("distributed", reason="needs the [dask] extra")
pd = pytest.importorskip("pandas", reason="needs the [dask] extra")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from tests.conftest import SEEDS  # noqa: E402
from vnparty_nlp import LABELS, classify_batch, parse_article  # noqa: E402
from vnparty_nlp.dask import classify_bag, classify_dataframe, classify_frame, worker_model_loads  # noqa: E402

TEXTS = [p for path in sorted(SEEDS.glob("*.txt")) for p in parse_article(path.read_text(encoding="utf-8")).paragraphs]
TEXTS += ["", "   ", "Chi bộ thôn 3 kết nạp đảng viên mới.", "The Party", "🎉"]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as dask_client:
        yield dask_client


def test_a_bag_gives_the_single_process_results_and_each_worker_loads_the_models_once(client: Client) -> None:
    expected = classify_batch(TEXTS)
    bag = db.from_sequence(TEXTS, npartitions=7)
    assert classify_bag(bag).compute() == expected
    workers = list(client.scheduler_info()["workers"])
    assert len(workers) == 2
    for address in workers:  # every worker classifies every partition, twice over
        for step in range(2):
            # a text of its own gives the graph new keys, so this worker runs it (not a held result)
            texts = [*TEXTS, f"Chi bộ {step} {address}"]
            own = db.from_sequence(texts, npartitions=7)
            assert client.compute(classify_bag(own), workers=[address]).result() == classify_batch(texts)
    assert client.run(worker_model_loads) == dict.fromkeys(workers, 1)


def test_a_dataframe_gets_theme_columns_equal_to_the_single_process_ones(client: Client) -> None:
    frame = pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS}).set_index("id")
    result = classify_dataframe(dd.from_pandas(frame, npartitions=4)).compute()
    expected = classify_batch(TEXTS)
    assert list(result.index) == list(frame.index)
    assert list(result["themes"]) == [",".join(r.labels) for r in expected]
    assert list(result["top_theme"].astype(object).where(result["top_theme"].notna(), None)) == [
        r.top for r in expected]
    for label in LABELS:
        assert list(result[f"score_{label}"]) == [r.scores[label] for r in expected]
    local = classify_frame(frame)
    assert list(local["themes"]) == list(result["themes"])


def test_missing_texts_and_wrong_inputs_say_what_to_do(client: Client) -> None:
    frame = pd.DataFrame({"text": ["Chi bộ", None]})
    with pytest.raises(TypeError, match=r"row 1 of column 'text' is missing \(None/NaN\), not str.*fillna"):
        classify_frame(frame)
    with pytest.raises(TypeError, match="row 'b' of column 'body' is int, not str"):
        classify_frame(pd.DataFrame({"body": ["Chi bộ", 7]}, index=["a", "b"], dtype=object), text_column="body")
    with pytest.raises(KeyError, match="pass text_column="):
        classify_dataframe(dd.from_pandas(frame, npartitions=1), text_column="body")
    with pytest.raises(TypeError, match=r"expects a dask\.bag\.Bag"):
        classify_bag(TEXTS)
    with pytest.raises(TypeError, match=r"expects a dask\.dataframe\.DataFrame"):
        classify_dataframe(frame)
    with pytest.raises(TypeError, match="expects a str for each paragraph, item 1 is int"):
        classify_bag(db.from_sequence(["Chi bộ", 3], npartitions=1)).compute()


def test_importing_the_package_or_the_module_does_not_import_dask() -> None:
    code = "import sys, vnparty_nlp, vnparty_nlp.dask; print('dask' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_without_dask_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("dask.bag", "dask.dataframe"):
        monkeypatch.setitem(sys.modules, name, None)  # what an absent package looks like to import
    with pytest.raises(ImportError, match=r"pip install 'vnparty_nlp\[dask\]'"):
        classify_bag(object())
    with pytest.raises(ImportError, match=r"pip install 'vnparty_nlp\[dask\]'"):
        classify_dataframe(object())



def _models_folder() -> str:
    from vnparty_nlp.registry import MODELS

    return str(MODELS.folder)


def test_workers_serve_the_models_the_client_loaded_and_follow_it_back(client: Client, tmp_path: Path) -> None:
    import shutil

    from vnparty_nlp import load_models
    from vnparty_nlp.artifacts import shipped_models_dir
    from vnparty_nlp.registry import MODELS

    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    workers = list(client.scheduler_info()["workers"])
    # Texts that differ per worker and per step give graphs with new keys: the scheduler
    # cannot answer from results it still holds from another worker.
    texts = {(step, address): [*TEXTS, f"Chi bộ {step} {address}"] for step in range(2) for address in workers}
    expected = {key: classify_batch(t) for key, t in texts.items()}
    try:
        load_models(folder)
        for address in workers:
            bag = db.from_sequence(texts[0, address], npartitions=3)
            assert client.compute(classify_bag(bag), workers=[address]).result() == expected[0, address]
        assert client.run(_models_folder) == dict.fromkeys(workers, str(folder))
    finally:
        MODELS.use(None, None)
    for address in workers:
        frame = dd.from_pandas(pd.DataFrame({"text": texts[1, address]}), npartitions=2)
        result = client.compute(classify_dataframe(frame), workers=[address]).result()
        assert list(result["themes"]) == [",".join(r.labels) for r in expected[1, address]]
    assert client.run(_models_folder) == dict.fromkeys(workers, "None")
