"""How the topic model's settings and number of topics were chosen (docs/topics.md).

    python benchmarks/topic_model_selection.py            # seeds + ../shared/corpus; ~15 min on 2 cores
    python benchmarks/topic_model_selection.py --quick    # k = 4, 10 only

Documents are the body paragraphs of the seed articles and of ../shared/corpus (pseudo-paragraphs of
3-5 sentences for the source without paragraph breaks), tokenised by ``vnparty_nlp.tokenize``.
Coherence is gensim's CoherenceModel over the same documents: c_v and c_npmi of each topic's 10 top
words. Every NMF row is scikit-learn NMF on TF-IDF of the same tokens and vocabulary.

Tables printed, as markdown:
1. variants at the shipped k: dictionary filter, Phrases bigrams, priors, eta seeded with the themes' cue
   words (guided LDA), against NMF;
2. the sweep over k = 4..20 with the shipped settings, LDA and NMF.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from vnparty_nlp.topicmodel.labels import theme_cue_tokens
from vnparty_nlp.training.selection import coherence, lda_topics, model_tokens, nmf_topics
from vnparty_nlp.training.topic_model import TopicModel
from vnparty_nlp.training.train import TOPIC_PARAMS, TOPIC_SWEEP, collect_topic_documents, repository_root


def _row(name: str, tokens: list[list[str]], params: dict[str, Any]) -> str:
    start = time.perf_counter()
    model = TopicModel(**params).fit(tokens)
    seconds = time.perf_counter() - start
    docs = model_tokens(model, tokens)
    lda = coherence(lda_topics(model), docs, model.dictionary_)
    nmf = coherence(nmf_topics(docs, model.dictionary_, model.n_topics), docs, model.dictionary_)
    return (f"| {name} | {params['n_topics']} | {len(model.dictionary_)} | {lda['c_v']:.3f} | {lda['c_npmi']:.3f} "
            f"| {nmf['c_v']:.3f} | {nmf['c_npmi']:.3f} | {seconds:.1f} |")


def _seed_words(k: int) -> dict[int, list[str]]:
    """Topics 0-3 seeded with the four themes' cue words."""
    cues = theme_cue_tokens()
    return {topic: sorted(words) for topic, words in enumerate(cues.values()) if topic < k}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="k = 4 and 10 only, no variants")
    parser.add_argument("--no-sweep", action="store_true", help="the variants table only")
    args = parser.parse_args()
    root = repository_root(Path(__file__).parent)
    corpus = collect_topic_documents((), root)
    print(f"documents: {len(corpus.tokens)} paragraphs of {corpus.articles} articles; sources: {corpus.sources}\n")
    header = ("| model | k | vocabulary | LDA c_v | LDA c_npmi | NMF c_v | NMF c_npmi | LDA fit s |\n"
              "|---|---|---|---|---|---|---|---|")
    base = {**TOPIC_PARAMS, "random_state": 0}
    if not args.quick:
        variants: dict[str, dict[str, Any]] = {
            "shipped settings": {},
            "no_above 0.4 (fewer ubiquitous words dropped)": {"no_above": 0.4},
            "no_above 0.05": {"no_above": 0.05},
            "no_below 10": {"no_below": 10},
            "+ Phrases bigrams (npmi > 0.5, min count 5)": {"phrases": True},
            "alpha auto": {"alpha": "auto"},
            "alpha asymmetric": {"alpha": "asymmetric"},
            "eta 0.01 (sparser topics; default 1/k)": {"eta": 0.01},
            "online updates, chunks of 256": {"chunksize": 256},
            "eta seeded with the themes' cue words, weight 1": {"seed_words": _seed_words(base["n_topics"])},
            "eta seeded with the themes' cue words, weight 200": {"seed_words": _seed_words(base["n_topics"]),
                                                                  "seed_weight": 200.0},
        }
        print("Variants at the shipped k\n")
        print(header)
        for name, change in variants.items():
            print(_row(name, corpus.tokens, {**base, **change}), flush=True)
        print()
    if args.no_sweep:
        return
    print("Sweep over k with the shipped settings\n")
    print(header)
    for k in (4, 10) if args.quick else TOPIC_SWEEP:
        print(_row("sweep", corpus.tokens, {**base, "n_topics": k}), flush=True)


if __name__ == "__main__":
    main()
