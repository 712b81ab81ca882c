"""Every cache is bounded by bytes, checked structurally (sizes, not timings).

The figures over long streams (resident memory flat over 1,000,000 paragraphs of new
syllables) are in ``benchmarks/bench_stream_memory.py`` and docs/robustness.md.
"""

from __future__ import annotations

import copy
import random
import threading
import tracemalloc

import pytest

from vnparty_nlp import normalize, tokenize
from vnparty_nlp.preprocess import normalize as normalize_module
from vnparty_nlp.preprocess import tokenize as tokenize_module
from vnparty_nlp.preprocess._cache import ByteLRU, size_of
from vnparty_nlp.preprocess.segmenter import CRFSegmenter, _load, _Table

RNG = random.Random(4)
LETTERS = "abcdeghiklmnopqrstuvxyđăâêôơưáàảãạếềểễệ"


def junk(n: int, length: int = 9) -> list[str]:
    return ["".join(RNG.choice(LETTERS) for _ in range(length)) for _ in range(n)]


def known_syllables() -> list[str]:
    return [w for w in sorted(_load()._known) if CRFSegmenter.syllables(w) == [w]]


def fresh_segmenter(max_bytes: int) -> object:
    segmenter = copy.copy(_load())
    segmenter._table_now = _Table()
    segmenter._lock = threading.Lock()
    segmenter.max_bytes = max_bytes
    return segmenter


def test_byte_lru_never_holds_more_than_its_cap() -> None:
    cache = ByteLRU(max_bytes=50_000)
    for i in range(2_000):
        cache.put(f"key {i}", tuple(junk(RNG.randint(0, 20))))
        assert cache.nbytes <= cache.max_bytes
    cache.put("huge", "x" * 100_000)  # over max_item_bytes: never stored
    assert cache.get("huge") is None and cache.nbytes <= cache.max_bytes
    assert cache.nbytes == sum(size for size, _ in cache._items.values())
    assert cache.get("key 1999") is not None and cache.get("key 0") is None  # least recently used went first


def test_byte_lru_counts_at_least_what_python_allocates() -> None:
    cache = ByteLRU(max_bytes=10**9)
    keys = [(t, "config") for t in junk(3_000, 40)]
    values = [tuple(junk(8)) for _ in keys]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for key, value in zip(keys, values, strict=True):
        cache.put(key, value)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # keys and values already existed: the cache's own allocations are covered by the count
    assert grown <= cache.nbytes
    assert size_of(("ab", ("c",))) > size_of("ab")


def test_tokenize_cache_stays_under_its_byte_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ByteLRU(max_bytes=100_000)
    monkeypatch.setattr(tokenize_module._tokenize_cached, "cache", cache)
    long_text = " ".join(junk(20_000, 5))  # 120,000 characters: too big to keep
    assert tokenize(long_text) == tokenize(long_text)
    assert len(cache) == 0
    for text in junk(300, 30):
        tokenize(f"Chi bộ {text} kết nạp đảng viên")
        assert cache.nbytes <= cache.max_bytes
    assert 0 < len(cache) < 300
    assert tokenize_module.TOKENIZE_CACHE_BYTES <= 64 * 1024 * 1024


def test_a_stream_of_new_syllables_keeps_the_segmenter_table_under_its_cap() -> None:
    cap = 100_000
    segmenter = fresh_segmenter(max_bytes=cap)
    known = set(_load()._known)
    texts = [" ".join(junk(20)) + " chi bộ Đảng" for _ in range(500)]  # 10,000 new syllables, none of pyvi's
    for start in range(0, len(texts), 25):
        assert segmenter.tokenize_many(texts[start : start + 25]) == _load().tokenize_many(texts[start : start + 25])
        assert segmenter.table_bytes() <= cap
    assert segmenter.generations > 2
    # a new generation starts from the syllables pyvi knows, here "chi", "bộ", "Đảng"
    generation = segmenter._table_now
    segmenter.tokenize_many(["x"])
    assert {"chi", "bộ", "Đảng"} <= set(generation.ids)
    long_syllable = "A" * 5_000  # a base64 run: described, never remembered
    assert segmenter.tokenize_many([long_syllable]) == [long_syllable]
    assert long_syllable not in segmenter._table_now.ids
    assert all(s.lower() in known for s in _Table.known_only(segmenter._table_now, _load()._known, cap).ids)


def test_the_segmenter_table_stays_under_its_byte_cap_and_a_repeated_batch_does_not_grow_it() -> None:
    cap = 60_000
    segmenter = fresh_segmenter(max_bytes=cap)
    known = known_syllables()
    # Case variants of known syllables are remembered; many of them pass the cap.
    texts = [" ".join("".join(c.upper() if RNG.random() < 0.5 else c for c in RNG.choice(known))
                      for _ in range(30)) for _ in range(300)]
    reference = _load().tokenize_many(texts)
    for start in range(0, len(texts), 10):
        assert segmenter.tokenize_many(texts[start : start + 10]) == reference[start : start + 10]
        assert segmenter.table_bytes() <= cap
    assert segmenter.generations > 1  # it did start afresh
    batch = texts[:5]
    segmenter.tokenize_many(batch)  # may start a new generation partway,
    segmenter.tokenize_many(batch)  # so its first syllables are remembered from here on
    size = (segmenter.table_bytes(), len(segmenter._table_now.ids))
    for _ in range(3):
        segmenter.tokenize_many(batch)
        assert (segmenter.table_bytes(), len(segmenter._table_now.ids)) == size


def test_the_segmenter_table_counts_at_least_what_it_allocates() -> None:
    known = known_syllables()
    segmenter = _load()
    tracemalloc.start()
    table = _Table()
    for word in known[:4_000]:
        table.add(word, *segmenter._describe(word)[:2], segmenter._describe(word)[2])
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert traced <= table.nbytes + table.rows.nbytes + table.flags.nbytes


def test_place_tone_remembers_only_syllable_sized_words() -> None:
    cached, pieces = normalize_module._place_tone_cached, normalize_module._retone_piece_cached
    cached.cache_clear()
    pieces.cache_clear()
    long_word = "hoà" * 50_000
    assert normalize(long_word) == normalize(long_word)
    assert cached.cache_info().currsize == 0
    assert pieces.cache_info().currsize == 0  # a piece of 150,000 characters is not remembered either
    normalize("Huyện ủy hòa giải thuở khuya")
    assert 0 < cached.cache_info().currsize <= cached.cache_info().maxsize <= 16_384
    assert 0 < pieces.cache_info().currsize <= pieces.cache_info().maxsize <= 16_384


def test_normalize_piece_cache_stays_under_8_mb_on_the_worst_pieces() -> None:
    # Every piece new, as long as the cache takes (20 characters), of 4-byte characters, and
    # re-toned (so each result is a new string too): what the cache holds at its largest.
    pieces_cache = normalize_module._retone_piece_cached
    pieces_cache.cache_clear()
    tracemalloc.start()
    for i in range(20_000):
        normalize(f"hòa-{i:05d}" + "\U0001d518" * 11)
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert pieces_cache.cache_info().currsize == pieces_cache.cache_info().maxsize == 16_384
    assert held < 8 * 1024 * 1024
    pieces_cache.cache_clear()


def test_the_classifier_char_ngram_cache_stays_under_its_byte_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each new word's character n-gram columns are cached: a stream of junk words must not grow it."""
    from vnparty_nlp.registry import current_models
    from vnparty_nlp.themes import compiled

    monkeypatch.setattr(compiled, "CHAR_CACHE_BYTES", 64 * 1024)
    classifier = copy.copy(current_models().classifier)
    classifier._char_cache, classifier._char_cache_bytes = {}, 0
    words = junk(6000)
    for start in range(0, len(words), 200):
        classifier.features([" ".join(words[start : start + 200])])
        assert classifier._char_cache_bytes <= compiled.CHAR_CACHE_BYTES
    assert 0 < len(classifier._char_cache) < 6000
    long_word = "A" * 500  # a base64 run: looked up, never kept
    classifier._char_columns(long_word)
    assert long_word not in classifier._char_cache
