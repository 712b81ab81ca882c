"""Which paragraphs to propose: those the model is least sure of, or a seeded random sample.

**Uncertainty** of a paragraph is the smallest distance, over the four themes,
between the theme's probability and that theme's decision threshold (the
thresholds recorded in the model folder's ``manifest.json``):
``min_k |p_k - t_k|``. A paragraph whose probability for some theme sits on the
threshold is one the model could tip either way, so its label teaches the model
most; small is uncertain. Scores are the 6-decimal scores ``classify`` reports,
and ties are broken by the paragraph's place in the input (files in the order
given, paragraphs in file order), so the same input, model and options always
propose the same paragraphs in the same order.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vnparty_nlp.labelling.labelfile import LabellingError
from vnparty_nlp.labelling.paragraphs import Key, Paragraph
from vnparty_nlp.themes.labels import LABELS

if TYPE_CHECKING:
    from vnparty_nlp.bundle import ModelBundle
    from vnparty_nlp.themes.api import ThemeResult

__all__ = ["STRATEGIES", "Proposal", "closest_theme", "select", "thresholds_of", "uncertainty"]

Strategy = Literal["uncertain", "random"]
STRATEGIES: tuple[str, ...] = ("uncertain", "random")
_CHUNK = 256


@dataclass(frozen=True)
class Proposal:
    """A paragraph to label, with the model's result (None when not needed) and its uncertainty.

    ``closest``: the theme whose probability is nearest its threshold (the model's closest call).
    """

    paragraph: Paragraph
    result: ThemeResult | None = None
    uncertainty: float | None = None
    closest: str | None = None


def uncertainty(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> float:
    """The smallest distance of any theme's probability to its threshold (small: the model is unsure).

    >>> uncertainty({"ideology": 0.9, "personnel": 0.38, "cell_quality": 0.1, "economics": 0.0},
    ...             {"ideology": 0.25, "personnel": 0.4, "cell_quality": 0.475, "economics": 0.3})
    0.02
    """
    return round(min(abs(float(scores[label]) - float(thresholds[label])) for label in LABELS), 6)


def closest_theme(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> str:
    """The theme whose probability is nearest its threshold (the first in theme order on a tie).

    >>> closest_theme({"ideology": 0.9, "personnel": 0.38, "cell_quality": 0.1, "economics": 0.0},
    ...               {"ideology": 0.25, "personnel": 0.4, "cell_quality": 0.475, "economics": 0.3})
    'personnel'
    """
    return min(LABELS, key=lambda label: (round(abs(float(scores[label]) - float(thresholds[label])), 6),
                                          LABELS.index(label)))


def _proposal(paragraph: Paragraph, result: ThemeResult, thresholds: Mapping[str, float]) -> Proposal:
    return Proposal(paragraph, result, uncertainty(result.scores, thresholds), closest_theme(result.scores, thresholds))


def thresholds_of(bundle: ModelBundle) -> dict[str, float]:
    """Each theme's decision threshold, from the bundle's manifest."""
    section = bundle.manifest.get("theme_classifier")
    thresholds = section.get("thresholds") if isinstance(section, Mapping) else None
    if not isinstance(thresholds, Mapping) or any(
        not isinstance(thresholds.get(label), int | float) for label in LABELS
    ):
        raise LabellingError(f"{bundle.path / 'manifest.json'} gives no threshold for every theme "
                             f"({', '.join(LABELS)}); retrain with `vnparty-nlp train --out DIR`")
    return {label: float(thresholds[label]) for label in LABELS}


def _classify(bundle: ModelBundle, paragraphs: Sequence[Paragraph], show_progress: bool) -> list[ThemeResult]:
    from tqdm.auto import tqdm

    bar = tqdm(total=len(paragraphs), desc="scoring paragraphs", unit="¶", file=sys.stderr, leave=False,
               disable=not (show_progress and sys.stderr.isatty()))
    results: list[ThemeResult] = []
    with bar:
        for start in range(0, len(paragraphs), _CHUNK):
            chunk = paragraphs[start : start + _CHUNK]
            results += bundle.classify_batch([p.text for p in chunk])
            bar.update(len(chunk))
    return results


def select(
    paragraphs: Iterable[Paragraph],
    *,
    strategy: Strategy = "uncertain",
    n: int = 20,
    seed: int = 0,
    bundle: ModelBundle | None = None,
    exclude: Iterable[Key] = (),
    show_progress: bool = False,
) -> list[Proposal]:
    """Up to ``n`` paragraphs to label, best first, none whose key is in ``exclude`` and none blank.

    ``strategy="uncertain"`` scores every candidate with ``bundle`` and keeps
    the ``n`` most uncertain (see the module's doc); ``"random"`` draws ``n``
    with ``random.Random(seed)``. With a ``bundle``, each proposal carries the
    model's result (for suggestions); without one (``"random"`` only) it does not.
    ``show_progress``: a progress bar on standard error while scoring, when that is a terminal.
    """
    if strategy not in STRATEGIES:
        raise LabellingError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    if n < 1:
        raise LabellingError(f"n must be at least 1, got {n}")
    skip = set(exclude)
    candidates = [p for p in paragraphs if p.text.strip() and p.key not in skip]
    if strategy == "random":
        chosen = [candidates[i] for i in random.Random(seed).sample(range(len(candidates)), min(n, len(candidates)))]
        if bundle is None:
            return [Proposal(p) for p in chosen]
        thresholds = thresholds_of(bundle)
        results = _classify(bundle, chosen, show_progress)
        return [_proposal(p, r, thresholds) for p, r in zip(chosen, results, strict=True)]
    if bundle is None:
        raise LabellingError("the uncertain strategy needs a model; load one or use --strategy random")
    thresholds = thresholds_of(bundle)
    results = _classify(bundle, candidates, show_progress)
    scored = [_proposal(p, r, thresholds) for p, r in zip(candidates, results, strict=True)]
    scored.sort(key=lambda proposal: (proposal.uncertainty, proposal.paragraph.position))
    return scored[:n]
