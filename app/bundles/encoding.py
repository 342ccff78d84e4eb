"""Compress a bundle's takes on a few threads, ahead of the zip writer that takes them in order.

libsndfile runs without the GIL (cffi releases it), so on a computer with several cores ten
one-minute takes encode in a fraction of the time one thread needs (benchmarks/RESULTS.md, "Compact bundles").
Progress from all threads is summed under a lock and only ever moves forward.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from app.bundles import audio

MAX_THREADS = 4


class Tally:
    """Bytes done per part (a member's share of the total); reports the sum, never backwards."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.total, self._progress = total, progress
        self._parts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._shown = 0

    def set(self, part: str, done: int) -> None:
        with self._lock:
            self._parts[part] = max(done, self._parts.get(part, 0))
            now = min(sum(self._parts.values()), self.total)
            if now > self._shown and self._progress is not None:
                self._shown = now
                self._progress(now, self.total)


class TakeEncoder:
    """`with TakeEncoder(jobs, tally, cancel) as enc: enc.result(member)`; jobs: (member, source,
    codec, size bound). Leaving the block (done, failed or cancelled) stops the threads first."""

    def __init__(
        self,
        jobs: Sequence[tuple[str, Path, audio.Codec, int]],
        tally: Tally,
        cancel: Callable[[], bool] | None,
    ) -> None:
        self._jobs, self._tally, self._cancel = jobs, tally, cancel
        self._stop = threading.Event()
        threads = max(1, min(MAX_THREADS, os.cpu_count() or 1, len(jobs)))
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="bundle-encode")
        self._futures: dict[str, Future[bytes]] = {}

    def _stopped(self) -> bool:
        return self._stop.is_set() or (self._cancel is not None and self._cancel())

    def __enter__(self) -> TakeEncoder:
        for member, source, codec, bound in self._jobs:

            def frames(got: int, of: int, member: str = member, bound: int = bound) -> None:
                self._tally.set(member, bound * got // max(of, 1))

            self._futures[member] = self._pool.submit(audio.encode, source, codec, frames, self._stopped)
        return self

    def result(self, member: str) -> bytes:
        data = self._futures[member].result()  # re-raises the thread's BundleError / BundleCancelled
        self._tally.set(member, next(b for m, _, _, b in self._jobs if m == member))
        return data

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()  # a failure or cancel: running encodes stop at their next block
        self._pool.shutdown(wait=True, cancel_futures=True)
