"""Every exception vnparty_nlp raises on purpose, in one place.

All derive from :class:`VnpartyError`, and each also from the built-in class a
caller would expect (``ArtifactError`` is a ``RuntimeError``, the others
``ValueError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = ["ArtifactError", "ParameterError", "ReportError", "TrainingDataError", "VnpartyError"]


class VnpartyError(Exception):
    """Base class of the errors below."""


class ArtifactError(VnpartyError, RuntimeError):
    """A model folder is missing, altered, malformed, or was built for incompatible libraries."""


class TrainingDataError(VnpartyError, ValueError):
    """A training file is malformed: the message names the file, line and reason."""


class ParameterError(VnpartyError, ValueError):
    """An estimator or function was given a value it cannot use; the message names the parameter."""


class ReportError(VnpartyError, ValueError):
    """``vnparty-nlp report`` cannot write where it was told to (``--out``); the message says what to pass."""
