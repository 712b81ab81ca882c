"""Moved to :mod:`vnparty_nlp.training.documents` (training code lives apart from the runtime); this name is kept for old imports."""

from vnparty_nlp.training.documents import *  # noqa: F403
from vnparty_nlp.training.documents import __all__  # noqa: F401
