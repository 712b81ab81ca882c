"""Moved to :mod:`vnparty_nlp.training.cues` (training code lives apart from the runtime); this name is kept for old imports."""

from vnparty_nlp.training.cues import *  # noqa: F403
from vnparty_nlp.training.cues import __all__  # noqa: F401
