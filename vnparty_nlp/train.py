"""Moved to :mod:`vnparty_nlp.training.train`; kept so that ``python -m vnparty_nlp.train`` and old imports work."""

import sys

from vnparty_nlp.training.train import *  # noqa: F403
from vnparty_nlp.training.train import __all__, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
