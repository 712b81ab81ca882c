"""Moved to :mod:`vnparty_nlp.training.selection`;
this name is kept for old imports (training code lives apart from the runtime)."""

from vnparty_nlp.training.selection import *  # noqa: F403
from vnparty_nlp.training.selection import __all__  # noqa: F401
