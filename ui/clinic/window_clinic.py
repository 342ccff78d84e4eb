"""The window's clinic mode: the File menu's connect entry, signing in at start, what to do when
the server can't be reached, the signed-in person's profile, and the status-bar line that says
whether the server is there and how many saves wait in the outbox (retried on a timer) and how
many recordings wait to be sent (sent at sign-in and when the server is back: ui/clinic/uploads.py).

MainWindow calls `store_opened`, `open_failed` and `stop`; everything else happens here."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from app.clinic.link import ClinicLink
from app.clinic.urls import is_clinic_url
from app.paths import database_url
from app.startup.storage import after_store_opened, open_store
from ui.clinic.connect_dialog import NOT_SET_UP, ConnectDialog
from ui.clinic.uploads import PendingUploads
from ui.common import tasks
from ui.common.tasks import TaskRunner
from ui.shell.data_changes import ATTEMPTS, RATINGS, REVIEWS

if TYPE_CHECKING:
    from app.clinic.outbox import Outbox
    from practice_db.records import ProfileRecord
    from practice_db.store import PracticeStore
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

LOCAL_NOTE = "Private: stored only on this computer"
CLINIC_NOTE = "Stored on your clinic's server"


def saves(n: int) -> str:
    return "1 save" if n == 1 else f"{n} saves"


def recordings(n: int) -> str:
    return "1 recording" if n == 1 else f"{n} recordings"


def _what(waiting: int, takes: int) -> str:
    return " and ".join([*([saves(waiting)] if waiting else []), *([recordings(takes)] if takes else [])])


def status_text(reachable: bool, waiting: int, *, meanwhile: bool = False, takes: int = 0) -> str:
    """`waiting`: saves in the outbox; `takes`: recordings not yet on the server."""
    if meanwhile:
        return "Clinic server: not reachable — working on this computer meanwhile"
    what = _what(waiting, takes)
    if reachable:
        return "Clinic server: connected" + (f" — sending {what}" if what else "")
    return "Clinic server: not reachable" + (f" — {what} waiting" if what else "")


def probe(store: PracticeStore, outbox: Outbox) -> tuple[bool, int, int]:
    """On the status worker: is the server there, and send what waits. (reachable, waiting, sent)"""
    from practice_db.clinic_session import is_connection_lost

    try:
        store.clinic_session.ping()
    except Exception as exc:
        if is_connection_lost(exc):
            return False, outbox.count(), 0
        raise
    result = outbox.replay(store, is_connection_lost)
    return result.reachable, result.waiting, result.sent


class ClinicControls:
    RETRY_MS = 4000  # how often the status is checked and waiting saves retried

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.ctx = window.ctx
        self.meanwhile = False  # the server was unreachable; working on the local store for now
        self.status_label = QLabel("")
        self.status_label.setObjectName("clinicStatus")
        self.status_label.setVisible(False)
        window.statusBar().addPermanentWidget(self.status_label)
        self.connect_action = QAction("Connect to your &clinic's server…", window)
        self.connect_action.triggered.connect(self.open_connect_dialog)
        file_actions = window.file_menu.actions()
        window.file_menu.insertAction(file_actions[2], self.connect_action)  # after Microphone…
        self.dialog: ConnectDialog | None = None
        self.choice: QMessageBox | None = None  # the "can't reach the server" question, for tests
        self.runner = TaskRunner("clinic-status", window)
        self._probing = False
        self.reachable = True
        self.uploads = PendingUploads(window)
        self.uploads.finished.connect(lambda _sent: self.show_status(self.reachable, self._outbox_count()))
        if self.link is not None:  # until the store opens: not the solo app's "only on this computer"
            window.privacy_label.setText(CLINIC_NOTE)
        self.timer = QTimer(window)
        self.timer.setInterval(self.RETRY_MS)
        self.timer.timeout.connect(self.tick)
        tasks.quiet_errors.append(self.connection_lost)

    def connection_lost(self, exc: BaseException) -> bool:
        """A page's task failed because the server went away: the status line says so, no crash box."""
        from practice_db.clinic_session import is_connection_lost

        if self.link is None or self.meanwhile or not is_connection_lost(exc):
            return False
        self.show_status(False, self.link.outbox.count())
        self.window.statusBar().showMessage(
            "The clinic's server can't be reached just now; Practice Room keeps trying.", 10000
        )
        return True

    @property
    def link(self) -> ClinicLink | None:
        return self.ctx.clinic

    # -- storage opened or not ---------------------------------------------
    def store_opened(self, store: PracticeStore) -> bool:
        """True when clinic mode picks the profile itself (the signed-in person's)."""
        link = self.link
        clinic = link is not None and not self.meanwhile
        self.window.privacy_label.setText(CLINIC_NOTE if clinic else LOCAL_NOTE)
        self.window.switch_profile_action.setEnabled(not clinic)
        if self.meanwhile:
            self.status_label.setText(status_text(False, 0, meanwhile=True))
            self.status_label.setVisible(True)
            return False
        if link is None:
            self.status_label.setVisible(False)
            self.timer.stop()
            return False
        from app.clinic.upload_queue import UPLOADS

        UPLOADS.forget_waiting()  # found again by the send at sign-in
        self.show_status(True, link.outbox.count())
        self.timer.start()
        self.ctx.tasks.submit(store.clinic_session.my_profile, on_done=self._my_profile)
        return True

    def _my_profile(self, profile: ProfileRecord | None) -> None:
        if profile is None:
            box = QMessageBox(QMessageBox.Icon.Information, "Not set up yet", NOT_SET_UP, parent=self.window)
            box.setObjectName("notSetUp")
            box.open()
            self.choice = box
            return
        self.window.set_profile(profile)
        self.send_waiting_recordings()

    def send_waiting_recordings(self) -> None:
        """Takes (and own clips) kept on this computer while the server was away go now."""
        store, profile = self.window.store, self.window.profile
        if self.link is None or self.meanwhile or store is None or profile is None:
            return
        self.uploads.send(store, self.ctx.paths, profile.id)

    def _outbox_count(self) -> int:
        return self.link.outbox.count() if self.link is not None else 0

    def open_failed(self, exc: BaseException) -> bool:
        """True when the failure was the clinic server's and has been dealt with here."""
        # Here, not at the top: the window opens before any database library is loaded.
        from practice_db.clinic_session import ClinicServerError, is_connection_lost

        link = self.link
        if link is None or self.meanwhile:
            return False
        if not isinstance(exc, ClinicServerError):
            if not is_connection_lost(exc):
                return False
            exc = ClinicServerError("unreachable", "The connection to the clinic's server was lost.")
        log.warning("Clinic server not usable at start: %s", exc.problem)
        if exc.problem in ("password_needed", "sign_in"):
            self.ask_password(link, None if exc.problem == "password_needed" else str(exc))
        else:
            self.offer_meanwhile(str(exc), retry=exc.problem == "unreachable")
        return True

    def ask_password(self, link: ClinicLink, problem: str | None) -> None:
        from ui.clinic.sign_in_dialog import SignInDialog

        dialog = SignInDialog(link.url, problem, self.window)
        self.sign_in = dialog

        def answered(result: int) -> None:
            if result and dialog.password():
                link.password = dialog.password()  # memory only
                self.window.start()
            else:
                self.offer_meanwhile("You did not sign in to the clinic's server.", retry=False)

        dialog.finished.connect(answered)
        dialog.open()

    def offer_meanwhile(self, said: str, *, retry: bool) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Clinic server", said, parent=self.window)
        box.setObjectName("clinicUnreachable")
        box.setInformativeText(
            "You can work on this computer meanwhile: what you do is kept here, not on the server."
        )
        again = box.addButton("&Try again", QMessageBox.ButtonRole.AcceptRole) if retry else None
        local = QPushButton("&Work on this computer meanwhile")
        box.addButton(local, QMessageBox.ButtonRole.ActionRole)
        quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(again or local)

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is local:
                self.work_here_meanwhile()
            elif again is not None and clicked is again:
                self.window.start()
            elif clicked is quit_button or clicked is None:
                self.window.close()

        box.finished.connect(answered)
        self.choice = box
        box.open()

    # -- switching storage ---------------------------------------------------
    def work_here_meanwhile(self) -> None:
        """The local SQLite store for this session; the saved server is tried again next start."""
        self.meanwhile = True
        self._reopen(self._local_url(), None)

    def use_server(self, url: str, password: str) -> None:
        self.ctx.settings.update(clinic_server=url)  # never the password: the rule refuses one
        link = ClinicLink.from_url(url, self.ctx.paths.home)
        link.password = password or None
        self.meanwhile = False
        self._reopen(url, link)

    def use_this_computer(self) -> None:
        self.ctx.settings.update(clinic_server=None)
        self.meanwhile = False
        self._reopen(self._local_url(), None)

    def _local_url(self) -> str:
        configured = self.ctx.settings.current.database_url
        local = configured if configured and not is_clinic_url(configured) else None
        return database_url(self.ctx.paths, local) if local else f"sqlite:///{self.ctx.paths.database}"

    def _reopen(self, url: str, link: ClinicLink | None) -> None:
        from app.clinic.storage import after_clinic_store_opened

        ctx, window = self.ctx, self.window
        self.timer.stop()
        ctx.clinic = link
        if link is not None:
            ctx.database_url = link.url
            ctx.open_store = link.open_store
            ctx.after_store_opened = partial(after_clinic_store_opened, ctx.paths)
        else:
            ctx.database_url = url
            ctx.open_store = partial(open_store, url, ctx.paths)
            ctx.after_store_opened = partial(after_store_opened, ctx.paths)
        old, window.store = window.store, None
        if old is not None:
            ctx.tasks.submit(old.close)
        window.profile = None
        window.profile_label.setText("No profile")
        window.start()

    def open_connect_dialog(self) -> ConnectDialog:
        saved = self.link.url if self.link is not None else self.ctx.settings.current.clinic_server
        dialog = ConnectDialog(saved, self.link is not None, self.window)
        dialog.connected.connect(self.use_server)
        dialog.local_chosen.connect(self.use_this_computer)
        self.dialog = dialog
        dialog.open()
        return dialog

    def privacy_text(self) -> str | None:
        """Help > Privacy in clinic mode; None when the data is on this computer only."""
        if self.link is None or self.meanwhile:
            return None
        return (
            "You are connected to your clinic's server: your recordings, ratings and notes are "
            "stored there, where your supervisor and the clinic's admin can reach them. Saves made "
            "while the server can't be reached wait on this computer until it is back."
        )

    # -- status --------------------------------------------------------------
    def show_status(self, reachable: bool, waiting: int) -> None:
        from app.clinic.upload_queue import UPLOADS

        self.reachable = reachable
        self.status_label.setText(status_text(reachable, waiting, takes=UPLOADS.waiting()))
        self.status_label.setStyleSheet("" if reachable else "color: #a4262c; font-weight: bold;")
        self.status_label.setVisible(True)

    def tick(self) -> None:
        link, store = self.link, self.window.store
        if link is None or store is None or self._probing or self.meanwhile:
            return
        self._probing = True
        self.runner.submit(probe, store, link.outbox, on_done=self._probed, on_error=self._probe_failed)

    def _probed(self, result: tuple[bool, int, int]) -> None:
        self._probing = False
        reachable, waiting, sent = result
        back = reachable and not self.reachable
        self.show_status(reachable, waiting)
        if sent:
            self.ctx.changes.announce(ATTEMPTS, RATINGS, REVIEWS)
        if back:  # after the outbox's replay: the takes' rows are on the server, now their files
            self.send_waiting_recordings()

    def _probe_failed(self, exc: BaseException) -> None:
        self._probing = False
        log.warning("Checking the clinic server failed", exc_info=exc)
        link = self.link
        self.show_status(False, link.outbox.count() if link is not None else 0)

    def stop(self) -> None:
        if self.connection_lost in tasks.quiet_errors:
            tasks.quiet_errors.remove(self.connection_lost)
        self.timer.stop()
        self.runner.shutdown(wait=True)
