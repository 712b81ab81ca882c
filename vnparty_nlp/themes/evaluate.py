"""Moved to :mod:`vnparty_nlp.training.evaluate` (training code lives apart from the runtime); this name is kept for old imports."""

from vnparty_nlp.training.evaluate import *  # noqa: F403
from vnparty_nlp.training.evaluate import __all__  # noqa: F401
