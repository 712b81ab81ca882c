"""A least-recently-used cache bounded by the bytes it holds, not by its number of entries.

``functools.lru_cache(maxsize=N)`` bounds entries: 8,192 texts of 100,000
characters is over 3 GB. :class:`ByteLRU` counts each entry's size
(``sys.getsizeof`` of key and value, and of the strings inside a tuple value)
and evicts the oldest entries until the total is under ``max_bytes``; an entry
larger than ``max_item_bytes`` is never stored. Safe from many threads (one lock).
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

__all__ = ["ByteLRU", "size_of"]

# An OrderedDict entry: its hash-table slot, the linked-list node and the (size, value) pair.
_ENTRY_OVERHEAD = 200


def size_of(value: Any) -> int:
    """Bytes of ``value``: ``sys.getsizeof``, plus its items for a tuple, list or frozenset."""
    size = sys.getsizeof(value)
    if isinstance(value, (tuple, list, frozenset)):
        size += sum(size_of(item) for item in value)
    return size


class ByteLRU:
    """``get``/``put`` with least-recently-used eviction, at most ``max_bytes`` held.

    >>> cache = ByteLRU(max_bytes=10_000)
    >>> cache.put("a", ("x",)); cache.get("a")
    ('x',)
    >>> cache.put("b", "y" * 5_000); cache.get("b") is None   # too big to keep
    True
    """

    def __init__(self, max_bytes: int, max_item_bytes: int | None = None) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.max_bytes = max_bytes
        self.max_item_bytes = max_bytes // 16 if max_item_bytes is None else max_item_bytes
        self.nbytes = 0
        self._items: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Any:
        """The value stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: Hashable, value: Any) -> None:
        size = size_of(key) + size_of(value) + _ENTRY_OVERHEAD
        if size > self.max_item_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.nbytes -= old[0]
            self._items[key] = (size, value)
            self.nbytes += size
            while self.nbytes > self.max_bytes:
                _, (evicted, _) = self._items.popitem(last=False)
                self.nbytes -= evicted

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.nbytes = 0
