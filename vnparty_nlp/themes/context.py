"""The context of a paragraph in its article: the title and the paragraphs around it.

A classifier trained with ``context_weight > 0`` reads it as extra evidence
(``ThemeClassifier``'s context block); any other classifier ignores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vnparty_nlp._checks import check_str

__all__ = ["CONTEXT_SEPARATOR", "ParagraphContext", "article_contexts", "check_context"]

# Joins the token strings of neighbouring paragraphs: a token ``tokenize`` never makes (a NUL), so no
# word n-gram of the context spans two paragraphs.
CONTEXT_SEPARATOR = " \x00 "


@dataclass(frozen=True)
class ParagraphContext:
    """``title``: the article's title ("" when unknown); ``before``/``after``: the body paragraphs
    before and after this one, in reading order (the classifier reads those within its window).

    >>> ParagraphContext("Tiêu đề", before=("Đoạn 1",)).after
    ()
    """

    title: str = ""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_str(self.title, "ParagraphContext", what="the title as a str (\"\" when unknown)")
        for name in ("before", "after"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise TypeError(f"ParagraphContext: {name} must be a tuple of paragraph texts, got "
                                f"{type(value).__name__}")
            for i, text in enumerate(value):
                check_str(text, "ParagraphContext", what=f"each paragraph of {name} as a str", item=i)
            object.__setattr__(self, name, tuple(value))

    def neighbours(self, window: int) -> tuple[str, ...]:
        """The paragraphs within ``window`` before and after, in reading order.

        >>> ParagraphContext("", ("a", "b", "c"), ("d", "e")).neighbours(2)
        ('b', 'c', 'd', 'e')
        """
        return (*self.before[max(0, len(self.before) - window) :], *self.after[:window])

    @property
    def empty(self) -> bool:
        """Whether there is nothing to read: no title and no neighbouring paragraph."""
        return not self.title.strip() and not any(p.strip() for p in (*self.before, *self.after))


def article_contexts(title: str | None, paragraphs: Sequence[str]) -> list[ParagraphContext]:
    """Each paragraph's context in an article: the title and every other body paragraph.

    >>> [c.before for c in article_contexts("T", ["a", "b"])]
    [(), ('a',)]
    """
    body = tuple(paragraphs)
    return [ParagraphContext(title or "", body[:i], body[i + 1 :]) for i in range(len(body))]


def check_context(context: object, function: str) -> ParagraphContext | None:
    """``context`` when it is a ParagraphContext or None; else a clear ``TypeError``."""
    if context is None or isinstance(context, ParagraphContext):
        return context
    raise TypeError(f"{function}() expects context=ParagraphContext(title=..., before=(...), after=(...)) or None, "
                    f"got {type(context).__name__}")
