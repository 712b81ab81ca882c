"""How the topic model's settings and number of topics were chosen (docs/topics.md, issue 16).

    python benchmarks/topic_model_selection.py                    # all three tables (a row: 1-6 min, 2 shared cores)
    python benchmarks/topic_model_selection.py --table variants   # one table: variants, sweep or ensemble
    python benchmarks/topic_model_selection.py --table sweep --k 20 --k 24   # some k only

Documents are the paragraphs of the seed articles and of ../shared/corpus, split as
``vnparty_nlp.corpus.jsonl.record_paragraphs`` documents (the paragraphs the labels key to), tokenised
by ``vnparty_nlp.tokenize``. Every figure is computed on those paragraphs, whatever a variant trains on:

* coherence: gensim's CoherenceModel, c_v and c_npmi of each topic's 10 top words; NMF is scikit-learn
  NMF (nndsvd) on sublinear TF-IDF of the same tokens and vocabulary, scored the same way;
* district articles (the 5 seeds and the Đắk Song portal's 50): an article's mix is the mean of its
  paragraphs' mixes, as ``analyze`` computes it; "heaviest" is the mean over articles of the heaviest
  topic's share, "leading" the number of different topics that lead at least one article;
* seed stability: the same settings trained with seeds 0, 1 and 2; topics paired one to one between
  each two models by the Jaccard of their top-10 word sets; the median over the three pairs.

Tables printed, as markdown:
1. variants, one change each from the shipped settings;
2. the sweep over k with the shipped settings;
3. gensim's EnsembleLda at the shipped k.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vnparty_nlp.training.selection import (
    coherence,
    district_figures,
    lda_topics,
    model_tokens,
    nmf_topics,
    stability,
)
from vnparty_nlp.training.topic_model import TopicModel
from vnparty_nlp.training.train import TOPIC_PARAMS, TopicCorpus, collect_topic_documents, repository_root

HEADER = ("| model | k | vocabulary | LDA c_v | LDA c_npmi | NMF c_v | district heaviest | district leading "
          "| seed stability | LDA fit s |\n|---|---|---|---|---|---|---|---|---|---|")
SEEDS = (0, 1, 2)


def _articles(corpus: TopicCorpus) -> tuple[list[list[str]], list[str]]:
    """The corpus with one document per article (its paragraphs' tokens, in order) and their sources."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for key, tokens in zip(corpus.keys, corpus.tokens, strict=True):
        grouped.setdefault(key, []).extend(tokens)
    return list(grouped.values()), [source for source, _ in grouped]


def _row(name: str, corpus: TopicCorpus, params: dict[str, Any], *, seeds: Sequence[int] = (0,),
         articles: bool = False, drop_source: str | None = None) -> str:
    docs, sources = _articles(corpus) if articles else (corpus.tokens, [s for s, _ in corpus.keys])
    if drop_source is not None:
        kept = [i for i, s in enumerate(sources) if s != drop_source]
        docs, sources = [docs[i] for i in kept], [sources[i] for i in kept]
    models, seconds = [], 0.0
    for seed in seeds:
        start = time.perf_counter()
        models.append(TopicModel(**{**params, "random_state": seed}).fit(docs, sources=sources))
        seconds += time.perf_counter() - start
    model = models[0]
    tokens = model_tokens(model, corpus.tokens)
    lda = coherence(lda_topics(model), tokens, model.dictionary_)
    nmf = coherence(nmf_topics(tokens, model.dictionary_, model.n_topics), tokens, model.dictionary_)
    district = district_figures(model.transform(corpus.tokens), corpus.keys)
    stable = f"{stability([lda_topics(m) for m in models]):.2f}" if len(models) > 1 else "–"
    return (f"| {name} | {model.n_topics} | {len(model.dictionary_)} | {lda['c_v']:.3f} | {lda['c_npmi']:.3f} "
            f"| {nmf['c_v']:.3f} | {district.heaviest_share:.3f} | {district.leading_topics} | {stable} "
            f"| {seconds / len(seeds):.0f} |")


def variants(corpus: TopicCorpus, only: Sequence[str] = ()) -> None:
    base = dict(TOPIC_PARAMS)
    old = {"n_topics": 14, "init": "random", "source_no_above": None}
    rows: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("shipped settings", {}, {"seeds": SEEDS}),
        ("random start (gensim's draws)", {"init": "random"}, {"seeds": SEEDS}),
        ("random start, 30 passes", {"init": "random", "passes": 30}, {}),
        ("no per-source filter (corpus-wide no_above only)", {"source_no_above": None}, {}),
        ("per-source filter 0.05", {"source_no_above": 0.05}, {}),
        ("documents are articles", {}, {"articles": True}),
        ("without daksong-portal-more", {}, {"drop_source": "daksong-portal-more"}),
        ("alpha asymmetric", {"alpha": "asymmetric"}, {}),
        ("alpha auto", {"alpha": "auto"}, {}),
        ("eta 0.01 (default 1/k)", {"eta": 0.01}, {}),
        ("k 14", {"n_topics": 14}, {}),
        ("previous shipped settings (k 14, random start, no per-source filter)", old, {"seeds": SEEDS}),
    ]
    print("Variants, one change each from the shipped settings\n")
    print(HEADER)
    for name, change, how in rows:
        if only and not any(name.startswith(part) for part in only):
            continue
        print(_row(name, corpus, {**base, **change}, **how), flush=True)
    print()


def sweep(corpus: TopicCorpus, ks: Sequence[int]) -> None:
    print("Sweep over k with the shipped settings\n")
    print(HEADER)
    for k in ks:
        print(_row("sweep", corpus, {**TOPIC_PARAMS, "n_topics": k}), flush=True)
    print()


def ensemble(corpus: TopicCorpus, models: int = 4) -> None:
    """gensim's EnsembleLda over ``models`` random-start LDAs: how many stable topics, how coherent."""
    from gensim.models import EnsembleLda

    reference = TopicModel(**{**TOPIC_PARAMS, "random_state": 0}).fit(corpus.tokens,
                                                                       sources=corpus.document_sources())
    dictionary = reference.dictionary_
    bows = [dictionary.doc2bow(doc) for doc in corpus.tokens]
    start = time.perf_counter()
    ens = EnsembleLda(corpus=bows, id2word=dictionary, num_topics=TOPIC_PARAMS["n_topics"], num_models=models,
                      passes=TOPIC_PARAMS["passes"], iterations=TOPIC_PARAMS["iterations"],
                      chunksize=TOPIC_PARAMS["chunksize"], random_state=0)
    seconds = time.perf_counter() - start
    lda = ens.generate_gensim_representation()
    tokens = model_tokens(reference, corpus.tokens)
    topics = [[dictionary[i] for i, _ in lda.get_topic_terms(k, 10)] for k in range(lda.num_topics)]
    scores = coherence(topics, tokens, dictionary) if topics else {"c_v": float("nan"), "c_npmi": float("nan")}
    print(f"EnsembleLda ({models} random-start LDAs at k = {TOPIC_PARAMS['n_topics']}, same vocabulary)\n")
    print("| stable topics found | c_v | c_npmi | fit s |\n|---|---|---|---|")
    print(f"| {lda.num_topics} | {scores['c_v']:.3f} | {scores['c_npmi']:.3f} | {seconds:.0f} |\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", choices=("variants", "sweep", "ensemble"), action="append",
                        help="print only this table (repeatable); default: all three")
    parser.add_argument("--k", type=int, action="append", help="k of the sweep (repeatable; default 10..28)")
    parser.add_argument("--row", action="append", default=[],
                        help="only the variants whose name starts with this (repeatable)")
    args = parser.parse_args()
    tables = args.table or ["variants", "sweep", "ensemble"]
    corpus = collect_topic_documents((), repository_root(Path(__file__).parent))
    print(f"documents: {len(corpus.tokens)} paragraphs of {corpus.articles} articles; sources: {corpus.sources}\n")
    if "variants" in tables:
        variants(corpus, args.row)
    if "sweep" in tables:
        sweep(corpus, args.k or (10, 14, 16, 20, 24, 28))
    if "ensemble" in tables:
        ensemble(corpus)


if __name__ == "__main__":
    main()
