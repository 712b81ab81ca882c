"""Moved to :mod:`vnparty_nlp.training.topic_model`;
this name is kept for old imports (training code lives apart from the runtime)."""

from vnparty_nlp.training.topic_model import *  # noqa: F403
from vnparty_nlp.training.topic_model import __all__  # noqa: F401
