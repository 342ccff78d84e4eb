"""Clinic mode: uploads run on one background thread of their own, so compressing and sending a
take (a second or two a minute of speech) never holds up the database worker that saved it.

The thread is a daemon: quitting mid-upload leaves an incomplete row on the server, which the next
upload of the same take replaces, and the take itself is on disk (`file_sync.upload_pending`).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class UploadQueue:
    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], object]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._waiting: set[str] = set()  # keys whose upload failed this session (the status bar counts them)

    def mark(self, key: str, *, sent: bool) -> None:
        """Note a file's upload as done or as waiting for the server (any thread)."""
        with self._lock:
            if sent:
                self._waiting.discard(key)
            else:
                self._waiting.add(key)

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def forget_waiting(self) -> None:
        """Another store was opened: what waits is found again by `file_sync.upload_pending`."""
        with self._lock:
            self._waiting.clear()

    def submit(self, job: Callable[[], object]) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="clinic-upload", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # the hooks log and keep the take pending; this is a last guard
                log.exception("A background upload failed")
            finally:
                self._jobs.task_done()

    def wait(self) -> None:
        """Until every upload submitted so far has been tried (tests; a clean sign-out)."""
        self._jobs.join()


UPLOADS = UploadQueue()
