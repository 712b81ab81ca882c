"""``python -m vnparty_nlp`` runs the command line."""

import sys

from vnparty_nlp.cli import main

sys.exit(main())
