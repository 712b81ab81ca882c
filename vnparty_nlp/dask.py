"""Classify a Dask bag or dataframe partition by partition.

Needs the optional extra: ``pip install 'vnparty_nlp[dask]'``. Dask is
imported when one of these functions is called, not when this module (or
``vnparty_nlp``) is imported.

Each partition is classified with :func:`vnparty_nlp.iter_classify` in the
worker that holds it. The models are loaded once per worker process, on its
first partition, and kept for the next ones (the same process-wide, locked
bundle that :func:`vnparty_nlp.classify` uses); :func:`worker_model_loads`
reports how many times a process loaded them. Results equal the
single-process ones: partitioning does not change a paragraph's themes.
``docs/scaling.md`` shows both helpers and a Spark recipe.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vnparty_nlp.registry import MODELS  # light: no model is loaded until one is used
from vnparty_nlp.themes.labels import LABELS

__all__ = ["classify_bag", "classify_dataframe", "classify_frame", "worker_model_loads"]

_INSTALL = "vnparty_nlp.dask needs Dask: pip install 'vnparty_nlp[dask]'"


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"{_INSTALL} ({error})") from error


def worker_model_loads() -> int:
    """How many model folders this process loaded (0 before first use, then 1 per folder it used).

    Run it on every worker with ``client.run(worker_model_loads)``.
    """
    return MODELS.loads


def _classify_partition(texts: Iterable[str], models: Path | None) -> list[Any]:
    from vnparty_nlp.themes.api import iter_classify

    MODELS.follow(models)
    return list(iter_classify(texts))


def classify_bag(bag: Any) -> Any:
    """A bag of paragraph texts to a bag of :class:`~vnparty_nlp.ThemeResult`, in the same order.

    Lazy, like any bag operation: call ``.compute()`` (or ``.map(ThemeResult.to_dict)``
    and write it out). A non-``str`` item raises ``TypeError`` naming its position
    in the partition.
    """
    db = _require("dask.bag")
    if not isinstance(bag, db.Bag):
        raise TypeError(f"classify_bag() expects a dask.bag.Bag of str, got {type(bag).__name__}; "
                        "make one with dask.bag.from_sequence(texts, npartitions=...)")
    return bag.map_partitions(_classify_partition, MODELS.folder)


def _empty_columns(pd: Any) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "themes": pd.Series([], dtype=object),
        "top_theme": pd.Series([], dtype=object),
    }
    columns.update({f"score_{label}": pd.Series([], dtype="float64") for label in LABELS})
    return columns


def classify_frame(frame: Any, text_column: str = "text") -> Any:
    """A pandas DataFrame with theme columns added (the function each Dask partition runs).

    Adds ``themes`` (the assigned themes joined by ``,``; ``""`` for none),
    ``top_theme`` (the best one or None) and ``score_<theme>`` for each of
    :data:`~vnparty_nlp.LABELS`. The index and other columns are kept.
    Also usable on its own, and as the body of a Spark ``mapInPandas`` function.
    """
    return _classify_frame(frame, text_column, MODELS.folder)


def _classify_frame(frame: Any, text_column: str, models: Path | None) -> Any:
    """:func:`classify_frame` with the models of the process that built the graph (``models``)."""
    pd = _require("pandas")
    if text_column not in frame.columns:
        raise KeyError(f"no column {text_column!r} in the frame (columns: {', '.join(map(str, frame.columns))}); "
                       "pass text_column=")
    texts = frame[text_column].tolist()
    for index, text in zip(frame.index, texts, strict=True):
        if not isinstance(text, str):
            missing = text is None or (isinstance(text, float) and text != text)  # None, NaN, pd.NA
            what = "missing (None/NaN)" if missing or pd.isna(text) is True else type(text).__name__
            raise TypeError(f"classify_frame(): row {index!r} of column {text_column!r} is {what}, not str; "
                            f"fill missing texts first, e.g. df[{text_column!r}].fillna('')")
    results = _classify_partition(texts, models)
    out = frame.copy()
    if not results:
        for name, column in _empty_columns(pd).items():
            out[name] = column
        return out
    out["themes"] = pd.Series([",".join(r.labels) for r in results], index=frame.index, dtype=object)
    out["top_theme"] = pd.Series([r.top for r in results], index=frame.index, dtype=object)
    for label in LABELS:
        out[f"score_{label}"] = pd.Series([r.scores[label] for r in results], index=frame.index, dtype="float64")
    return out


def classify_dataframe(frame: Any, text_column: str = "text") -> Any:
    """A Dask DataFrame with the theme columns of :func:`classify_frame` added, partition by partition.

    Lazy: call ``.compute()`` or write it out (``.to_parquet(...)``).
    """
    dd = _require("dask.dataframe")
    pd = _require("pandas")
    if not isinstance(frame, dd.DataFrame):
        raise TypeError(f"classify_dataframe() expects a dask.dataframe.DataFrame, got {type(frame).__name__}; "
                        "make one with dask.dataframe.from_pandas(df, npartitions=...) or read_parquet")
    if text_column not in frame.columns:
        raise KeyError(f"no column {text_column!r} in the frame (columns: {', '.join(map(str, frame.columns))}); "
                       "pass text_column=")
    meta = frame._meta.copy()
    for name, column in _empty_columns(pd).items():
        meta[name] = column
    return frame.map_partitions(_classify_frame, text_column, MODELS.folder, meta=meta)
