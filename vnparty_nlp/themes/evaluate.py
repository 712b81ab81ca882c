"""Moved to :mod:`vnparty_nlp.training.evaluate`;
this name is kept for old imports (training code lives apart from the runtime)."""

from vnparty_nlp.training.evaluate import *  # noqa: F403
from vnparty_nlp.training.evaluate import __all__  # noqa: F401
