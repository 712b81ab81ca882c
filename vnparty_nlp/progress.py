"""Progress bars for long commands: on a terminal, and silent when the output is piped or redirected.

Every long command (``train``, ``evaluate``, ``label``, ``report``, ``analyze``
over folders) uses these two helpers, so they behave alike:

* :func:`progress` wraps an iterable (a bar with a count, a rate and the
  time left when the total is known);
* :func:`steps` is a context manager that yields a callable taking a message
  (the ``progress=`` callbacks of the training code): each message advances
  the bar by one step and shows the message.

The bar is drawn on standard error only when it is a terminal. The
environment variable ``VNPARTY_NLP_PROGRESS`` overrides that: ``1`` always
draws, ``0`` never does.

>>> list(progress([1, 2, 3], "counting"))  # not a terminal here: no bar, same items
[1, 2, 3]
>>> with steps("evaluating", total=2) as step:
...     step("model"); step("baseline")
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

__all__ = ["enabled", "progress", "steps"]

T = TypeVar("T")
ENV = "VNPARTY_NLP_PROGRESS"


def enabled(stream: IO[str] | None = None) -> bool:
    """Whether a bar is drawn on ``stream`` (default: standard error)."""
    setting = os.environ.get(ENV, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


class _SilentBar:
    """What a bar that draws nothing needs: tqdm (45 ms to import) is not imported for it."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, text: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(description: str, total: int | None, unit: str) -> Any:
    if not enabled():
        return _SilentBar()
    from tqdm.auto import tqdm

    return tqdm(desc=description, total=total, unit=unit, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def progress(items: Iterable[T], description: str, total: int | None = None, unit: str = "it") -> Iterator[T]:
    """Yield ``items``, drawing a bar while they are consumed (``total``: their number, if known)."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    bar = _bar(description, total, unit)
    try:
        for item in items:
            yield item
            bar.update(1)
    finally:
        bar.close()


@contextlib.contextmanager
def steps(description: str, total: int | None = None) -> Iterator[Callable[[str], None]]:
    """A bar of ``total`` named steps; the yielded callable marks one step done and shows its message."""
    bar = _bar(description, total, "step")
    started = False

    def step(message: str) -> None:
        nonlocal started
        if started:
            bar.update(1)
        started = True
        bar.set_postfix_str(message[:60], refresh=True)

    try:
        yield step
        if started:
            bar.update(1)
    finally:
        bar.close()
