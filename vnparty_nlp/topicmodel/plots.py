"""Pictures of a topic model: an interactive pyLDAvis page and a grid of top-word bar charts.

Both need the optional ``[viz]`` extra (pyLDAvis, matplotlib). The HTML page
embeds pyLDAvis's JavaScript and CSS, so it opens offline; topic numbers on
it are the model's ids.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["write_html", "write_png"]

_VIZ_HINT = "install the pictures extra: python -m pip install 'vnparty_nlp[viz]'"


def _data_url(path: str, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


PAGE_NOTE = ("Topics on this page are numbered from 1: topic n here is topic #n-1 of "
             "<code>vnparty-nlp topics</code> and of <code>topic_mix</code>.")


def write_html(model: Any, path: str | Path) -> Path:
    """Write the pyLDAvis page of a topic model (the runtime's ``CompiledTopicModel`` or a fitted ``TopicModel``)."""
    try:
        import pyLDAvis
        from pyLDAvis import urls
    except ImportError as error:
        raise ImportError(f"{error}; {_VIZ_HINT}") from None
    if getattr(model, "doc_topic_", None) is None or getattr(model, "term_frequency", None) is None:
        raise ValueError("this topic model has no training-document mixes to draw; re-export it with "
                         "`python -m vnparty_nlp.training.export DIR`")
    keep = model.doc_lengths_ > 0
    vocab = list(model.vocabulary)
    term_frequency = np.asarray(model.term_frequency, dtype=np.float64)
    prepared = pyLDAvis.prepare(
        topic_term_dists=model.topic_term_matrix(),
        doc_topic_dists=model.doc_topic_[keep],
        doc_lengths=model.doc_lengths_[keep],
        vocab=vocab,
        term_frequency=term_frequency,
        sort_topics=False,
        # pyLDAvis reads topic 0 as "no topic selected" (it could not be deselected): number from 1,
        # and the page says how its numbers map to the model's ids.
        start_index=1,
        n_jobs=1,
    )
    html = pyLDAvis.prepared_data_to_html(
        prepared,
        d3_url=_data_url(urls.D3_LOCAL, "text/javascript"),
        ldavis_url=_data_url(urls.LDAVIS_LOCAL, "text/javascript"),
        ldavis_css_url=_data_url(urls.LDAVIS_CSS_LOCAL, "text/css"),
        template_type="simple",
    )
    out = Path(path)
    out.write_text(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>vnparty_nlp topics</title>"
        f"</head><body>\n<p>{PAGE_NOTE}</p>\n{html}\n</body></html>\n",
        encoding="utf-8",
    )
    return out


def write_png(
    model: Any, path: str | Path, labels: Sequence[str] | None = None, n_words: int = 10
) -> Path:
    """Write a grid of bar charts, one per topic, of its ``n_words`` most probable words.

    Draws on a :class:`matplotlib.figure.Figure` of its own: pyplot's global
    state and the caller's backend are left alone.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(f"{error}; {_VIZ_HINT}") from None
    import textwrap

    from matplotlib.ticker import MaxNLocator

    k = model.n_topics
    columns = min(4, k)
    rows = math.ceil(k / columns)
    figure = Figure(figsize=(5.2 * columns, 4.0 * rows), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    for topic in range(rows * columns):
        axis = axes[topic // columns][topic % columns]
        if topic >= k:
            axis.axis("off")
            continue
        words = model.top_words(topic, n_words)[::-1]
        axis.barh([w.replace("_", " ") for w, _ in words], [p for _, p in words], color="#b22222")
        title = f"#{topic}" + (f" {labels[topic]}" if labels else "")
        # Wrapped, never cut: labels carry a Vietnamese name and an English gloss.
        axis.set_title("\n".join(textwrap.wrap(title, 42)[:3]), fontsize=9, loc="left")
        axis.tick_params(axis="y", labelsize=8)
        axis.tick_params(axis="x", labelsize=7)
        axis.xaxis.set_major_locator(MaxNLocator(nbins=3))  # three ticks: their labels cannot overlap
    figure.suptitle("vnparty_nlp topics: top words (probability)", fontsize=12)
    out = Path(path)
    figure.savefig(out, dpi=110, format="png")
    return out
