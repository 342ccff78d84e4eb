"""An object built the first time one of its attributes is used.

The window is handed its ports (clip import, bundles, progress log) when it is built, but none of
them is used before storage is open. Building them on first use keeps their modules (dataclasses,
hashing, libvlc probing) off the path to the first paint (benchmarks/RESULTS.md, figure 1)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class BuiltOnFirstUse:
    """Stands in for `build()`'s result; safe to touch first from any thread."""

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build
        self._real: object | None = None
        self._lock = threading.Lock()

    def built(self) -> object:
        with self._lock:
            if self._real is None:
                self._real = self._build()
            return self._real

    def __getattr__(self, name: str) -> Any:  # only called for names this class doesn't have
        return getattr(self.built(), name)
