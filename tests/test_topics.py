"""The topic model: the estimator, the shipped model, its labels, the pictures and the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import joblib
import numpy as np
import pytest

import vnparty_nlp
from vnparty_nlp.artifacts import TOPIC_LABELS, TOPIC_MODEL, ArtifactError, shipped_models_dir
from vnparty_nlp.themes.labels import LABELS
from vnparty_nlp.topicmodel.labels import read_topic_labels
from vnparty_nlp.training.dataset import load_authored
from vnparty_nlp.training.topic_model import TopicModel

from .conftest import SEEDS

SEED_PARAGRAPHS = [
    "Đảng uỷ xã kết nạp 5 đảng viên mới, nâng tổng số đảng viên lên 240 đồng chí.",
    "Huyện đạt tốc độ tăng trưởng kinh tế 8,5%, thu nhập bình quân đầu người 45 triệu đồng.",
    "Ban Thường vụ Huyện uỷ quyết định điều động, bổ nhiệm 12 cán bộ chủ chốt.",
    "Cán bộ, đảng viên học tập, quán triệt Nghị quyết Đại hội XIII của Đảng.",
]


def _authored_texts(n: int = 160) -> list[str]:
    return [p.text for p in load_authored([SEEDS / "labels" / "authored_north.jsonl"])[:n]]


@pytest.fixture(scope="module")
def tiny_model() -> TopicModel:
    return TopicModel(n_topics=4, no_below=2, no_above=0.5, passes=4, iterations=50, random_state=1).fit(
        _authored_texts()
    )


# --- the estimator ------------------------------------------------------------------------------

def test_a_tiny_corpus_trains(tiny_model: TopicModel) -> None:
    assert tiny_model.n_documents_ == 160
    assert len(tiny_model.dictionary_) > 50
    words = tiny_model.top_words(0, 5)
    assert len(words) == 5 and all(isinstance(w, str) and 0 < p < 1 for w, p in words)


def test_training_twice_with_the_same_seed_gives_the_same_topics() -> None:
    texts = _authored_texts(120)
    params = {"n_topics": 3, "no_below": 2, "no_above": 0.5, "passes": 3, "iterations": 50, "random_state": 7}
    first, second = TopicModel(**params).fit(texts), TopicModel(**params).fit(texts)
    np.testing.assert_array_equal(first.topic_term_matrix(), second.topic_term_matrix())
    np.testing.assert_array_equal(first.transform(SEED_PARAGRAPHS), second.transform(SEED_PARAGRAPHS))
    other = TopicModel(**{**params, "random_state": 8}).fit(texts)
    assert not np.array_equal(first.topic_term_matrix(), other.topic_term_matrix())


@pytest.mark.parametrize("phrases", [False, True], ids=["words", "with-phrases"])
def test_training_twice_gives_the_same_file_bytes(phrases: bool, tmp_path: Path) -> None:
    # gensim would stamp each fit with its time and host; the artifact must
    # depend on the inputs alone, so a retrained model can be checked by sha256.
    texts = _authored_texts(120)
    params = {"n_topics": 3, "no_below": 2, "no_above": 0.5, "passes": 2, "iterations": 20, "random_state": 7}
    files = [tmp_path / "first.joblib", tmp_path / "second.joblib"]
    for path in files:
        joblib.dump(TopicModel(phrases=phrases, **params).fit(texts), path)
    assert files[0].read_bytes() == files[1].read_bytes()


def test_transform_rows_are_distributions(tiny_model: TopicModel) -> None:
    rows = tiny_model.transform([*SEED_PARAGRAPHS, "", "zzz qqq"])
    assert rows.shape == (6, 4)
    np.testing.assert_allclose(rows[:4].sum(axis=1), 1.0, atol=1e-9)
    assert (rows >= 0).all()
    assert not rows[4].any() and not rows[5].any()  # nothing known: an all-zero row, not a guess


def test_topic_mix_is_sorted_and_repeatable(tiny_model: TopicModel) -> None:
    mix = tiny_model.topic_mix(SEED_PARAGRAPHS[0])
    assert [w for _, w in mix] == sorted((w for _, w in mix), reverse=True)
    assert sorted(k for k, _ in mix) == [0, 1, 2, 3]
    assert all(tiny_model.topic_mix(SEED_PARAGRAPHS[0]) == mix for _ in range(5))
    assert tiny_model.topic_mix(tiny_model.tokens(SEED_PARAGRAPHS[0])) == mix  # tokens in, same mix


def test_the_estimator_follows_the_scikit_learn_contract() -> None:
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    model = TopicModel(n_topics=3, no_below=1)
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError, match="call fit"):
        model.transform(["chi bộ"])
    assert model.fit(_authored_texts(40)) is model
    with pytest.raises(TypeError, match="iterable of documents"):
        model.fit("một văn bản")
    with pytest.raises(TypeError, match="str or a sequence"):
        model.transform([42])  # type: ignore[list-item]
    with pytest.raises(IndexError, match=r"topic must be in 0\.\.2"):
        model.top_words(3)


def test_a_corpus_with_no_words_left_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no words left to model"):
        TopicModel(n_topics=2).fit(["", "   ", "của và là"])


def test_eta_seed_words_pull_toward_their_topic() -> None:
    texts = _authored_texts(160)
    model = TopicModel(n_topics=4, no_below=2, no_above=0.5, passes=4, iterations=50, random_state=1,
                       seed_words={2: ["kết_nạp", "chi_bộ"]}, seed_weight=5.0).fit(texts)
    probabilities = model.topic_term_matrix()
    word = model.dictionary_.token2id["kết_nạp"]
    assert probabilities[:, word].argmax() == 2


def test_words_common_within_one_source_are_dropped() -> None:
    from vnparty_nlp.errors import ParameterError

    # Half the documents come from a portal that puts its name in every paragraph: corpus-wide the word
    # is in 50% of documents (kept by the relaxed no_above 0.5), within its source in 100%.
    authored = [_tokens(t) for t in _authored_texts(160)]
    texts = [[*doc, "cổng_thông_tin"] for doc in authored[:80]] + authored[80:]
    sources = ["portal"] * 80 + ["news"] * 80
    params = {"n_topics": 3, "no_below": 2, "no_above": 0.5, "passes": 2, "iterations": 20}
    plain = TopicModel(**params).fit(texts, sources=sources)
    filtered = TopicModel(source_no_above=0.5, **params).fit(texts, sources=sources)
    assert "cổng_thông_tin" in plain.dictionary_.token2id
    assert "cổng_thông_tin" not in filtered.dictionary_.token2id
    assert "cổng_thông_tin" in filtered.source_words_dropped_
    assert set(filtered.vocabulary) < set(plain.vocabulary)
    with pytest.raises(ParameterError, match="one source per document"):
        TopicModel(source_no_above=0.5, **params).fit(texts, sources=sources[:10])


def _tokens(text: str) -> list[str]:
    from vnparty_nlp import tokenize

    return tokenize(text)


def test_an_nmf_start_makes_topics_independent_of_the_seed() -> None:
    from vnparty_nlp.training.selection import lda_topics, stability

    texts = _authored_texts(160)
    params = {"n_topics": 4, "no_below": 2, "no_above": 0.5, "passes": 4, "iterations": 50}
    nmf = [TopicModel(init="nmf", random_state=seed, **params).fit(texts) for seed in (0, 1, 2)]
    assert stability([lda_topics(m) for m in nmf]) >= 0.8
    again = TopicModel(init="nmf", random_state=0, **params).fit(texts)
    np.testing.assert_array_equal(again.topic_term_matrix(), nmf[0].topic_term_matrix())
    random = [TopicModel(random_state=seed, **params).fit(texts) for seed in (0, 1)]
    assert not np.array_equal(random[0].topic_term_matrix(), random[1].topic_term_matrix())


# --- the shipped model ------------------------------------------------------------------------------

def _shipped_k() -> int:
    manifest = json.loads((shipped_models_dir() / "manifest.json").read_text(encoding="utf-8"))
    return int(manifest["topic_model"]["k"])


def test_topics_lists_the_shipped_k_topics_with_labels() -> None:
    found = vnparty_nlp.topics()
    assert [t.id for t in found] == list(range(_shipped_k()))
    for topic in found:
        assert topic.label.strip() and not topic.label.startswith("topic ")
        assert topic.theme is None or topic.theme in LABELS
        assert len(topic.words) == 10
        assert [w for _, w in topic.words] == sorted((w for _, w in topic.words), reverse=True)
    assert len(vnparty_nlp.topics(n_words=3)[0].words) == 3
    json.dumps([t.to_dict() for t in found], ensure_ascii=False)
    with pytest.raises(ValueError, match="n_words"):
        vnparty_nlp.topics(0)


def test_each_theme_has_at_least_one_topic_and_labels_are_distinct() -> None:
    found = vnparty_nlp.topics()
    assert len({t.label for t in found}) == len(found)
    mapped = {t.theme for t in found if t.theme}
    assert mapped <= set(LABELS) and len(mapped) >= 2


@pytest.mark.parametrize("text", SEED_PARAGRAPHS)
def test_topic_mix_sums_to_one_highest_first_and_is_deterministic(text: str) -> None:
    mix = vnparty_nlp.topic_mix(text)
    assert abs(sum(w for _, w in mix) - 1.0) < 1e-5
    assert [w for _, w in mix] == sorted((w for _, w in mix), reverse=True)
    assert {k for k, _ in mix} == set(range(_shipped_k()))
    assert vnparty_nlp.topic_mix(text) == mix


@pytest.mark.parametrize(
    ("label", "text"),
    [("empty", ""), ("blank", " \n\t "), ("punctuation", "…!?"), ("numbers", "2019 2020 15,3%"),
     ("unknown words", "Lorem ipsum dolor sit amet")],
)
def test_topic_mix_of_a_text_with_no_known_word_is_empty(label: str, text: str) -> None:
    assert vnparty_nlp.topic_mix(text) == []


@pytest.mark.parametrize("value", [None, 3, b"chi b\xe1\xbb\x99", ["chi bộ"]])
def test_topic_mix_of_a_non_str_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="expects a str"):
        vnparty_nlp.topic_mix(value)  # type: ignore[arg-type]


def test_topic_mix_from_many_threads_equals_sequential() -> None:
    expected = [vnparty_nlp.topic_mix(t) for t in SEED_PARAGRAPHS]
    failures: list[int] = []

    def work(worker: int) -> None:
        for _ in range(25):
            if [vnparty_nlp.topic_mix(t) for t in SEED_PARAGRAPHS] != expected:
                failures.append(worker)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


@pytest.mark.parametrize("text", SEED_PARAGRAPHS)
def test_topic_mix_by_theme_groups_the_mix_by_each_topics_theme(text: str) -> None:
    themes = {t.id: t.theme for t in vnparty_nlp.topics(1)}
    grouped = vnparty_nlp.topic_mix_by_theme(text)
    assert abs(sum(g.weight for g in grouped) - 1.0) < 1e-5
    assert [g.weight for g in grouped] == sorted((g.weight for g in grouped), reverse=True)
    assert sorted(k for g in grouped for k, _ in g.topics) == sorted(k for k, _ in vnparty_nlp.topic_mix(text))
    assert all(themes[k] == g.theme for g in grouped for k, _ in g.topics)
    assert len({g.theme for g in grouped}) == len(grouped)
    json.dumps([g.to_dict() for g in grouped])
    assert vnparty_nlp.topic_mix_by_theme("") == []


def test_the_manifest_describes_the_topic_model() -> None:
    manifest = json.loads((shipped_models_dir() / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["topic_model"]
    assert entry["k"] == len(vnparty_nlp.topics())
    assert len(entry["corpus"]["sha256"]) == 64 and entry["corpus"]["paragraphs"] > 0
    assert 0 < entry["coherence"]["lda"]["c_v"] < 1 and 0 < entry["coherence"]["nmf_baseline"]["c_v"] < 1
    assert manifest["files"][TOPIC_MODEL]["sha256"] and "gensim" in manifest["versions"]


# --- the labels file --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("label", "content", "message"),
    [
        ("not json", "{", "not a topic label file"),
        ("missing id", {"topics": [{"id": 0, "label": "a", "theme": None}]}, "exactly once"),
        ("unknown theme", {"topics": [{"id": 0, "label": "a", "theme": "culture"},
                                      {"id": 1, "label": "b", "theme": None}]}, "not one of"),
        ("no label", {"topics": [{"id": 0}, {"id": 1, "label": "b"}]}, "not a topic label file"),
    ],
)
def test_a_bad_labels_file_names_the_file_and_the_fix(
    tmp_path: Path, label: str, content: object, message: str
) -> None:
    path = tmp_path / TOPIC_LABELS
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(ArtifactError, match=message) as raised:
        read_topic_labels(path, 2)
    assert str(path) in str(raised.value) and "by hand" in str(raised.value)


def test_an_edited_label_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    shutil.copytree(shipped_models_dir(), folder)
    labels = json.loads((folder / TOPIC_LABELS).read_text(encoding="utf-8"))
    labels["topics"][0]["label"] = "nhãn do người đọc đặt"
    (folder / TOPIC_LABELS).write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    try:
        vnparty_nlp.load_models(folder)
        assert vnparty_nlp.topics()[0].label == "nhãn do người đọc đặt"
    finally:
        vnparty_nlp.load_models(shipped_models_dir())


# --- pictures and the command line -----------------------------------------------------------------

def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vnparty_nlp", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=300)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.sources += [v or "" for k, v in attrs if k in ("src", "href")]


def test_topics_command_draws_an_offline_html_page_and_a_png(tmp_path: Path) -> None:
    pytest.importorskip("pyLDAvis")
    pytest.importorskip("matplotlib")
    html, png = tmp_path / "topics.html", tmp_path / "topics.png"
    result = _cli("topics", "--html", str(html), "--png", str(png))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n#") + 1 == _shipped_k()
    page = html.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(page)
    assert {"html", "script", "div"} <= set(parser.tags)
    assert parser.sources and all(s.startswith("data:") for s in parser.sources)  # opens offline
    assert '"topic.order"' in page and "new LDAvis" in page
    head = png.read_bytes()
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert width > 800 and height > 300


def test_topics_command_json() -> None:
    result = _cli("topics", "--json", "--n-words", "4")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == _shipped_k() and all(len(t["words"]) == 4 for t in found)


def test_analyze_adds_each_articles_main_topics() -> None:
    result = _cli("analyze", "--format", "jsonl", str(SEEDS))
    assert result.returncode == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 5
    for article in articles:
        assert article["main_topics"], article["title"]
        assert abs(sum(w for _, w in article["topic_mix"]) - 1.0) < 1e-4
        assert all("topics" in p for p in article["paragraphs"])
    table = _cli("analyze", str(SEEDS / "000_9756f1c40b1f5186.txt"))
    assert "  topics: #" in table.stdout
