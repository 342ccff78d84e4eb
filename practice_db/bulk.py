"""Helpers for turning many rows into many small records quickly."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_restore = False  # whether the collector was on when the first holder paused it


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while a year of ratings becomes tens of thousands of records.

    Why: its oldest-generation passes walk the whole heap and cost about half of such a read
    (benchmarks/RESULTS.md). The records hold no cycles, so reference counting frees them as usual.
    Bounded to the block; counted, so overlapping pauses on two threads re-enable it only when the
    last one ends, and only if it was on before.
    """
    global _holders, _restore
    with _lock:
        if _holders == 0:
            _restore = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _restore:
                gc.enable()
