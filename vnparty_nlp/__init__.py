"""vnparty_nlp: read Vietnamese Party-building news and say what each paragraph is about.

Importing the package is cheap: every name below is loaded on first use, so
pyvi is not imported until something needs it. The functions that use the
models read arrays only: scikit-learn, gensim, scipy and joblib are imported by
the training code (:mod:`vnparty_nlp.training`), never by ``classify``,
``topic_mix`` or ``topics``.

>>> import vnparty_nlp
>>> vnparty_nlp.normalize("Huyện ủy")
'Huyện uỷ'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vnparty_nlp._version import __version__

if TYPE_CHECKING:
    from vnparty_nlp.bundle import ModelBundle
    from vnparty_nlp.config import TokenizerConfig
    from vnparty_nlp.errors import ArtifactError, ParameterError, TrainingDataError, VnpartyError
    from vnparty_nlp.extract.entities import Organisation, Person, extract_organisations, extract_people
    from vnparty_nlp.extract.figures import Figure, extract_figures
    from vnparty_nlp.extract.places import Place, extract_places
    from vnparty_nlp.preprocess.article import Article, DroppedLine, parse_article
    from vnparty_nlp.preprocess.normalize import normalize
    from vnparty_nlp.preprocess.tokenize import tokenize
    from vnparty_nlp.preprocess.transformer import Preprocessor
    from vnparty_nlp.registry import current_models, load_models, use_models
    from vnparty_nlp.themes.api import (
        ArticleThemes,
        ParagraphContext,
        ThemeResult,
        classify,
        classify_article,
        classify_batch,
        iter_classify,
    )
    from vnparty_nlp.themes.labels import LABELS
    from vnparty_nlp.topicmodel.api import ThemeTopics, Topic, topic_mix, topic_mix_by_theme, topics
    from vnparty_nlp.training.classifier import ThemeClassifier
    from vnparty_nlp.training.topic_model import TopicModel

__all__ = [
    "LABELS",
    "Article",
    "ArticleThemes",
    "ArtifactError",
    "DroppedLine",
    "Figure",
    "ModelBundle",
    "Organisation",
    "ParagraphContext",
    "ParameterError",
    "Person",
    "Place",
    "Preprocessor",
    "ThemeClassifier",
    "ThemeResult",
    "ThemeTopics",
    "TokenizerConfig",
    "Topic",
    "TopicModel",
    "TrainingDataError",
    "VnpartyError",
    "__version__",
    "classify",
    "classify_article",
    "classify_batch",
    "current_models",
    "extract_figures",
    "extract_organisations",
    "extract_people",
    "extract_places",
    "iter_classify",
    "load_models",
    "normalize",
    "parse_article",
    "tokenize",
    "topic_mix",
    "topic_mix_by_theme",
    "topics",
    "use_models",
]

_LAZY = {
    "Article": "vnparty_nlp.preprocess.article",
    "DroppedLine": "vnparty_nlp.preprocess.article",
    "parse_article": "vnparty_nlp.preprocess.article",
    "normalize": "vnparty_nlp.preprocess.normalize",
    "tokenize": "vnparty_nlp.preprocess.tokenize",
    "Preprocessor": "vnparty_nlp.preprocess.transformer",
    "TokenizerConfig": "vnparty_nlp.config",
    "LABELS": "vnparty_nlp.themes.labels",
    "ThemeClassifier": "vnparty_nlp.training.classifier",
    "ThemeResult": "vnparty_nlp.themes.api",
    "ArticleThemes": "vnparty_nlp.themes.api",
    "ParagraphContext": "vnparty_nlp.themes.context",
    "classify": "vnparty_nlp.themes.api",
    "classify_batch": "vnparty_nlp.themes.api",
    "classify_article": "vnparty_nlp.themes.api",
    "load_models": "vnparty_nlp.registry",
    "use_models": "vnparty_nlp.registry",
    "current_models": "vnparty_nlp.registry",
    "ModelBundle": "vnparty_nlp.bundle",
    "ArtifactError": "vnparty_nlp.errors",
    "ParameterError": "vnparty_nlp.errors",
    "TrainingDataError": "vnparty_nlp.errors",
    "VnpartyError": "vnparty_nlp.errors",
    "Topic": "vnparty_nlp.topicmodel.api",
    "topics": "vnparty_nlp.topicmodel.api",
    "topic_mix": "vnparty_nlp.topicmodel.api",
    "topic_mix_by_theme": "vnparty_nlp.topicmodel.api",
    "ThemeTopics": "vnparty_nlp.topicmodel.api",
    "TopicModel": "vnparty_nlp.training.topic_model",
    "iter_classify": "vnparty_nlp.themes.api",
    "Figure": "vnparty_nlp.extract.figures",
    "extract_figures": "vnparty_nlp.extract.figures",
    "Place": "vnparty_nlp.extract.places",
    "extract_places": "vnparty_nlp.extract.places",
    "Organisation": "vnparty_nlp.extract.entities",
    "Person": "vnparty_nlp.extract.entities",
    "extract_organisations": "vnparty_nlp.extract.entities",
    "extract_people": "vnparty_nlp.extract.entities",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vnparty_nlp' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
