"""Moved to :mod:`vnparty_nlp.training.classifier`;
this name is kept for old imports (training code lives apart from the runtime)."""

from vnparty_nlp.training.classifier import *  # noqa: F403
from vnparty_nlp.training.classifier import __all__  # noqa: F401
