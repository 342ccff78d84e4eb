"""The main window: navigation between the four pages, menus, status bar, start-up sequence."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from app.bundles.workflow import BundleWorkflow
from app.startup.data_folder import DataFolderError
from practice_db.errors import (
    DatabaseDamagedError,
    DatabaseTooNewError,
    DatabaseUpgradeFailedError,
    StorageError,
)
from ui.bundles.flow import BundleFlow
from ui.clinic.window_clinic import ClinicControls
from ui.common.facet_guide_dialog import open_facet_guide
from ui.common.facet_guide_keys import context_help
from ui.rater_practice.launch import open_rater_practice
from ui.shell.context import UiContext
from ui.shell.data_changes import BUNDLE_TOPICS, PROFILE
from ui.shell.database_recovery import DatabaseRecovery
from ui.shell.lazy_pages import LazyPages, PageFactory
from ui.shell.role_menus import SUPERVISOR, Role, for_role, role_of, show_role
from ui.shell.shortcuts_help import show_shortcuts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from media.playback.playback_qt import QtPlaybackController
    from practice_db.records import ProfileRecord
    from practice_db.store import PracticeStore
    from ui.microphone.microphone_dialog import MicrophoneDialog
    from ui.profiles.profile_dialog import ProfileDialog
    from ui.profiles.profile_gate import ProfileGate

log = logging.getLogger(__name__)

PAGE_TITLES = (
    ("library", "Library"),
    ("rehearse", "Rehearse"),
    ("review", "Review"),
    ("progress", "Progress"),
    ("assessment", "Assessment"),
    ("programme", "Programme"),  # supervisors only (ROLE_PAGES)
)
ROLE_PAGES: dict[str, Role] = {
    "programme": SUPERVISOR
}  # pages one role sees: nav row and View item hidden otherwise
PRIVACY_NOTE = "Private: stored only on this computer"
# View menu texts: Rehearse and Review both start with R, so Review takes its V.
PAGE_MENU_TEXT = {
    "library": "&Library",
    "rehearse": "&Rehearse",
    "review": "Re&view",
    "progress": "&Progress",
    "assessment": "&Assessment",
    "programme": "Pr&ogramme",
}


def quit_keys() -> list[QKeySequence]:
    """Ctrl+Q everywhere (the platform's Quit binding is empty without a desktop theme)."""
    keys = [QKeySequence("Ctrl+Q")]
    keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k not in keys]
    return keys


class MainWindow(QMainWindow):
    store_ready = Signal(object)
    profile_changed = Signal(object)
    bundles_imported = Signal()  # a review or feedback bundle changed data (announced as changes)

    def __init__(self, ctx: UiContext, page_factories: Mapping[str, PageFactory]) -> None:
        super().__init__()
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.profile_dialog: ProfileDialog | None = None
        self._profile_gate: ProfileGate | None = None  # passwords (ui/profiles/profile_gate.py)
        self.microphone_dialog: MicrophoneDialog | None = None
        self.startup_note: QMessageBox | None = None
        self.playback: QtPlaybackController | None = None
        self.settings_notice: str | None = ctx.settings.notice  # shown once, when storage is open
        self.setObjectName("mainWindow")
        self.setWindowTitle("Practice Room")
        self.resize(1220, 720)  # Review shows a list and a full rating form side by side
        self._restore_geometry()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget#navigation { font-size: 15px; border: none; background: #2f3b45; color: #e8eef2; }"
            "QListWidget#navigation::item { padding: 10px 14px; }"
            "QListWidget#navigation::item:selected { background: #4f7a94; color: white; }"
        )
        self.stack = QStackedWidget()
        for _key, title in PAGE_TITLES:
            self.nav.addItem(title)
        keys = [key for key, _ in PAGE_TITLES]
        self.pages = LazyPages(self.stack, keys, page_factories, self._page_built)
        self.nav.currentRowChanged.connect(self._show_index)
        self.body = QWidget()
        row = QHBoxLayout(self.body)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(self.body)
        self._build_menus()
        show_role(self.menuBar(), None)  # until a profile is chosen, only the items for everyone
        self._show_role_pages()
        self.profile_label = QLabel("No profile")
        self.profile_label.setObjectName("profileLabel")
        self.statusBar().addPermanentWidget(self.profile_label)
        self.privacy_label = QLabel(PRIVACY_NOTE)
        self.statusBar().addPermanentWidget(self.privacy_label)
        self.clinic = ClinicControls(self)  # clinic server: connect, sign in, status (ui/clinic/)
        self.recovery = DatabaseRecovery(self, ctx, self.start)
        self.nav.setCurrentRow(0)
        self._show_index(0)  # builds the first page only

    def _restore_geometry(self) -> None:
        """Size and place from the last session; Qt moves a window whose screen is gone."""
        saved = getattr(self.ctx.settings.current, "window_geometry", None)
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))

    # -- pages ---------------------------------------------------------------
    def _show_index(self, index: int) -> None:
        key = PAGE_TITLES[index][0]
        if key in self.pages:
            _ = self.pages[key]  # built on first show
        self.stack.setCurrentIndex(index)

    def _page_built(self, key: str, page: QWidget) -> None:
        """Wire a new page and tell it what the other pages already know."""
        self.deletion.attach_page(key, page)  # the Delete key on its list
        if hasattr(page, "clip_activated"):  # Library: double-click or "Practise"
            page.clip_activated.connect(self.practise_clip)
        if hasattr(page, "practise_requested"):  # Review: "Practise this exercise again"
            page.practise_requested.connect(self.practise_clip)
        if self.store is not None and hasattr(page, "set_store"):
            page.set_store(self.store)
        if self.profile is not None and hasattr(page, "set_profile"):
            page.set_profile(self.profile)
        if self.playback is not None and hasattr(page, "set_playback"):
            page.set_playback(self.playback)
        if hasattr(page, "review_requested"):  # Programme: Enter on a trainee
            page.review_requested.connect(self.review_trainee)

    def review_trainee(self, trainee_id: int) -> None:
        """The Review page's queue, narrowed to one trainee (from the Programme page)."""
        self.show_page("review")
        review = self.pages["review"]
        review.show_waiting_for(trainee_id)  # type: ignore[attr-defined]

    def _show_role_pages(self) -> None:
        """Hide the pages of another role from the navigation (their View items hide by role)."""
        role = role_of(self.profile)
        for index, (key, _title) in enumerate(PAGE_TITLES):
            if key in ROLE_PAGES:
                self.nav.setRowHidden(index, ROLE_PAGES[key] != role)
        key = self.current_page_key()
        if key in ROLE_PAGES and ROLE_PAGES[key] != role:
            self.show_page("library")

    # -- navigation ----------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.switch_profile_action = self._action("Switch &profile…", "Ctrl+Shift+P", self.choose_profile)
        file_menu.addAction(self.switch_profile_action)
        file_menu.addAction(self._action("&Microphone…", None, self.choose_microphone))
        file_menu.addAction(self._action("Open &data folder", None, self._open_data_folder))
        self._add_bundle_actions(file_menu)
        self._add_deletion_actions(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", quit_keys(), self.close))
        self.file_menu = file_menu

        view_menu = bar.addMenu("&View")
        self.page_actions: list[QAction] = []
        for index, (key, _title) in enumerate(PAGE_TITLES):
            action = self._action(
                PAGE_MENU_TEXT[key], f"Ctrl+{index + 1}", lambda _=False, i=index: self.show_page(i)
            )
            if key in ROLE_PAGES:
                for_role(action, ROLE_PAGES[key])
            view_menu.addAction(action)
            self.page_actions.append(action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", "F1", self.show_help))
        self.facet_guide_action = self._action("&Facet guide…", None, lambda: open_facet_guide(self))
        help_menu.addAction(self.facet_guide_action)
        help_menu.addAction(self._action("&Rater practice…", None, lambda: open_rater_practice(self)))
        help_menu.addAction(self._action("&Privacy", None, self._show_privacy))
        help_menu.addAction(self._action("&About Practice Room", None, self.show_about))

    def _add_bundle_actions(self, menu: QMenu) -> None:
        """Remote supervision entries (ui/bundles/flow.py)."""
        menu.addSeparator()
        self.bundle_flow = BundleFlow(self.ctx, BundleWorkflow(self.ctx.paths), self)
        self.bundle_flow.add_actions(menu)
        self.bundle_flow.imported.connect(self.bundles_imported)
        # A review bundle brings exercises, attempts and self-ratings; feedback brings reviews.
        self.bundles_imported.connect(lambda: self.ctx.changes.announce(*BUNDLE_TOPICS))
        self.store_ready.connect(self.bundle_flow.set_store)
        self.profile_changed.connect(self.bundle_flow.set_profile)

    def _add_deletion_actions(self, menu: QMenu) -> None:
        """Export all my data, delete my profile, Undo delete (ui/deletion/controller.py)."""
        from ui.deletion.controller import DeletionController

        menu.addSeparator()
        self.deletion = DeletionController(self.ctx, self)
        self.deletion.add_actions(menu)
        self.deletion.watch_pages(self.stack)
        self.store_ready.connect(self.deletion.set_store)
        self.profile_changed.connect(self.deletion.set_profile)

    def profile_deleted(self) -> None:
        """The current profile was deleted (with everything it owned): choose or create another."""
        self.profile = None
        self.profile_label.setText("No profile")
        self.deletion.set_profile(None)
        self.choose_profile()

    def _action(self, text: str, shortcut: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def show_page(self, index_or_key: int | str) -> None:
        index = (
            index_or_key if isinstance(index_or_key, int) else [k for k, _ in PAGE_TITLES].index(index_or_key)
        )
        self.nav.setCurrentRow(index)

    def current_page_key(self) -> str:
        return PAGE_TITLES[self.stack.currentIndex()][0]

    # -- start-up ------------------------------------------------------------
    def start(self) -> None:
        """Open the database on the worker thread; the window is already painted."""
        self.statusBar().showMessage("Opening your practice data…")
        self.ctx.tasks.submit(
            self._open_store_on_worker, on_done=self._on_store_ready, on_error=self._on_store_failed
        )

    def _open_store_on_worker(self) -> tuple[PracticeStore, str | None]:
        store = self.ctx.open_store()
        note = self.ctx.after_store_opened(store) if self.ctx.after_store_opened is not None else None
        return store, note

    def _on_store_ready(self, opened: tuple[PracticeStore, str | None]) -> None:
        store, note = opened
        self.store = store
        if note:
            from PySide6.QtWidgets import QMessageBox  # its enums cost start-up time: imported when used

            self.startup_note = QMessageBox(QMessageBox.Icon.Information, "Welcome back", note, parent=self)
            self.startup_note.setObjectName("startupNote")
            self.startup_note.open()
        report = store.open_report
        lines = []
        if report is not None and report.backup is not None:
            lines.append(f"Your data was updated; a backup was saved first ({report.backup.name}).")
        if self.settings_notice:  # here, not at start: "Ready." would replace it at once
            lines.append(self.settings_notice)
            self.settings_notice = None
        if lines:
            self.statusBar().showMessage(" ".join(lines), 15000)
        else:
            self.statusBar().showMessage("Ready.", 3000)
        for page in self.pages.built():
            if hasattr(page, "set_store"):
                page.set_store(store)
        self.store_ready.emit(store)
        if not self.clinic.store_opened(store):  # in clinic mode the sign-in decides the profile
            self.ctx.tasks.submit(store.profiles.list, on_done=self._pick_initial_profile)

    def _on_store_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.clinic.open_failed(exc):  # the clinic's server: sign in, retry or work here
            return
        if isinstance(exc, DatabaseDamagedError):
            self.recovery.offer_restore(exc)
        elif isinstance(exc, DatabaseUpgradeFailedError):
            self.recovery.offer_upgrade_restore(exc)
        elif isinstance(exc, DatabaseTooNewError):
            QMessageBox.critical(self, "Practice Room is out of date", str(exc))
            self.close()
        elif isinstance(exc, DataFolderError):  # full or read-only disk: already plain words
            QMessageBox.critical(self, exc.problem.title, exc.problem.message)
            self.close()
        else:
            log.error("Could not open the database", exc_info=exc)
            # Our storage errors are plain sentences; anything else (SQL, errno) stays in the log.
            said = (
                str(exc)
                if isinstance(exc, StorageError)
                else "Practice Room could not open your practice data."
            )
            QMessageBox.critical(
                self,
                "Could not open your practice data",
                f"{said}\n\nNothing was changed. Details are in {self.ctx.paths.log_file}.",
            )
            self.close()

    # -- profiles ------------------------------------------------------------
    def _pick_initial_profile(self, profiles: list[ProfileRecord]) -> None:
        wanted = self.ctx.settings.current.last_profile_uuid
        match = next((p for p in profiles if wanted and (p.uuid == wanted or wanted in p.aliases)), None)
        if match is not None and self.store is not None:  # a protected one asks its password first
            self.profile_gate.open_profile(
                self.store, match, self, self.set_profile, lambda: self._open_profile_dialog(profiles)
            )
        else:
            self._open_profile_dialog(profiles)

    @property
    def profile_gate(self) -> ProfileGate:
        if self._profile_gate is None:
            from ui.profiles.profile_gate import ProfileGate

            self._profile_gate = ProfileGate(self.ctx, self)
        return self._profile_gate

    def _manage_password(self, profile: ProfileRecord) -> None:
        dialog = self.profile_dialog
        if self.store is None or dialog is None:
            return

        def changed(record: ProfileRecord) -> None:
            dialog.update_profile(record)
            if self.profile is not None and self.profile.id == record.id:
                self.profile = record

        self.profile_gate.manage(self.store, profile, self.profile, dialog, changed)

    def _merge_profile(self, gone: ProfileRecord) -> None:
        """ "Same person as…": gone's work moves to the chosen profile (ui/profiles/merge_dialog.py)."""
        from ui.profiles.merge_dialog import open_merge

        dialog = self.profile_dialog
        if self.store is None or dialog is None:
            return

        def merged(kept: ProfileRecord, removed_id: int) -> None:
            dialog.profiles_merged(kept, removed_id)
            if self.profile is not None and self.profile.id in (kept.id, removed_id):
                self.set_profile(kept)

        self.merge_dialog = open_merge(
            gone, dialog.profiles(), self.profile, self.store, self.ctx.tasks, dialog, merged
        )

    def choose_profile(self) -> None:
        if self.store is not None:
            self.ctx.tasks.submit(self.store.profiles.list, on_done=self._open_profile_dialog)

    def _open_profile_dialog(self, profiles: list[ProfileRecord]) -> None:
        from ui.profiles.profile_dialog import ProfileDialog

        dialog = ProfileDialog(profiles, self)
        dialog.chosen.connect(self._profile_chosen)
        dialog.create_requested.connect(self._create_profile)
        dialog.password_requested.connect(self._manage_password)
        dialog.merge_requested.connect(self._merge_profile)
        self.profile_dialog = dialog
        dialog.open()

    def _create_profile(self, name: str, role: str) -> None:
        assert self.store is not None
        dialog = self.profile_dialog
        self.ctx.tasks.submit(
            self.store.profiles.create,
            name,
            role,
            on_done=self._profile_created,
            on_error=lambda exc: dialog.show_error(str(exc)) if dialog is not None else None,
        )

    def _profile_created(self, profile: ProfileRecord) -> None:
        self._profile_chosen(profile)
        if not self.ctx.settings.current.microphone_checked:
            # Offered once, right after the first profile: a reply can only be recorded with a
            # working microphone, and this is the moment the user expects setting up.
            self.ctx.settings.update(microphone_checked=True)
            self.choose_microphone()

    def _profile_chosen(self, profile: ProfileRecord) -> None:
        if profile.protected and (self.profile is None or self.profile.id != profile.id):
            assert self.store is not None
            self.profile_gate.open_profile(
                self.store, profile, self.profile_dialog or self, self._use_profile
            )
        else:
            self._use_profile(profile)

    def _use_profile(self, profile: ProfileRecord) -> None:
        if self.profile_dialog is not None:
            self.profile_dialog.accept()
            self.profile_dialog = None
        self.set_profile(profile)

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile
        self.profile_label.setText(f"{profile.name} ({profile.role})")
        show_role(self.menuBar(), role_of(profile))
        self._show_role_pages()
        self.ctx.settings.update(last_profile_uuid=profile.uuid)
        for page in self.pages.built():
            if hasattr(page, "set_profile"):
                page.set_profile(profile)
        self.profile_changed.emit(profile)
        self.ctx.changes.announce(PROFILE)

    def attach_playback(self, playback: QtPlaybackController) -> None:
        """The one clip player of the app; if libvlc could not be used, say so once."""
        self.playback = playback
        if playback.fallback_reason:
            self.statusBar().showMessage(
                f"Clips play through Qt Multimedia because VLC could not be used: {playback.fallback_reason}",
                15000,
            )
        for page in self.pages.built():
            if hasattr(page, "set_playback"):
                page.set_playback(playback)

    def practise_clip(self, clip: object) -> None:
        self.show_page("rehearse")
        self.pages["rehearse"].practise(clip)  # type: ignore[attr-defined]

    def choose_microphone(self) -> MicrophoneDialog:
        from ui.microphone.microphone_dialog import MicrophoneDialog  # numpy and PortAudio: not at start-up

        dialog = MicrophoneDialog(self.ctx, self)
        self.microphone_dialog = dialog
        dialog.open()
        return dialog

    # -- help ----------------------------------------------------------------
    def show_help(self) -> None:
        """F1: the page's own help for this step (the facet guide while rating), else the keys."""
        if not context_help(self.stack.currentWidget()):
            show_shortcuts(self)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setWindowTitle("About Practice Room")
        box.setText(f"<b>Practice Room</b> {self.ctx.version}")
        box.setInformativeText(
            "Rehearse difficult therapy moments aloud, rate your reply on the eight Facilitative "
            "Interpersonal Skills, and review it with your supervisor.\n\n"
            f"Your data folder: {self.ctx.paths.home}\nLog file: {self.ctx.paths.log_file}"
        )
        box.open()

    def _show_privacy(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        where = (
            self.clinic.privacy_text()
            or "Recordings, ratings and notes are kept only in your data folder on this computer. "
            "Nothing is sent anywhere unless you export it yourself."
        )
        QMessageBox.information(
            self,
            "Privacy",
            f"{where}\n\nPlease never type anything that could identify a client in notes or comments.",
        )

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.paths.home)))

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.built():
            if hasattr(page, "prepare_to_close") and not page.prepare_to_close():
                event.ignore()
                return
        if self.microphone_dialog is not None:
            self.microphone_dialog.close_for_quit()  # releases the microphone it was listening to
        self.ctx.settings.update(window_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"))
        self.deletion.empty_trash_on_close()  # queued: the worker finishes it before shutting down
        self.clinic.stop()
        self.ctx.tasks.shutdown(wait=True)
        if self.playback is not None:
            self.playback.close()
        if self.store is not None:
            self.store.close()
        event.accept()
