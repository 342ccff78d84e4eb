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
