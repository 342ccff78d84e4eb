"""Clinic mode: recordings that wait on this computer are sent at sign-in and whenever the server
is reachable again. The sending runs on the upload thread (app/clinic/upload_queue.py), never on
the GUI thread nor on the database worker; its outcome comes back as a Qt signal."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.paths import DataPaths
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


class PendingUploads(QObject):
    """One send at a time; a request made during a send runs once it is over."""

    finished = Signal(int)  # how many recordings were sent

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sending = False
        self._again: tuple[PracticeStore, DataPaths, int] | None = None
        self.finished.connect(self._done)

    def send(self, store: PracticeStore, paths: DataPaths, profile_id: int) -> None:
        if self.sending:
            self._again = (store, paths, profile_id)
            return
        from app.clinic.upload_queue import UPLOADS

        self.sending = True
        UPLOADS.submit(lambda: self.finished.emit(_send(store, paths, profile_id)))

    def _done(self, _sent: int) -> None:
        self.sending = False
        again, self._again = self._again, None
        if again is not None:
            self.send(*again)


def _send(store: PracticeStore, paths: DataPaths, profile_id: int) -> int:
    """On the upload thread: every waiting take of this person and own clip; never raises."""
    from app.clinic.file_sync import UploadError, upload_pending

    try:
        report = upload_pending(store, paths, profile_id)
    except UploadError as exc:
        log.info("Recordings still wait for the clinic's server: %s", exc)
        return 0
    except Exception:
        log.exception("Sending waiting recordings failed")
        return 0
    if report.uploaded or report.failed:
        log.info("Recordings sent: %d, still waiting: %d", len(report.uploaded), len(report.failed))
    return len(report.uploaded)
