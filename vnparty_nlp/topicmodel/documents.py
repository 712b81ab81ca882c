"""Moved to :mod:`vnparty_nlp.training.documents`;
this name is kept for old imports (training code lives apart from the runtime)."""

from vnparty_nlp.training.documents import *  # noqa: F403
from vnparty_nlp.training.documents import __all__  # noqa: F401
