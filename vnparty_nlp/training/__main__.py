"""``python -m vnparty_nlp.training``: the same as ``vnparty-nlp train``."""

import sys

from vnparty_nlp.training.train import main

sys.exit(main())
