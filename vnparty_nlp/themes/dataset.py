"""Moved to :mod:`vnparty_nlp.training.dataset` (training code lives apart from the runtime); this name is kept for old imports."""

from vnparty_nlp.training.dataset import *  # noqa: F403
from vnparty_nlp.training.dataset import __all__  # noqa: F401
