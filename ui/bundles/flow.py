"""Runs the four remote-supervision menu entries: send attempts, open a review bundle, send feedback,
import feedback. Each: choose -> file dialog -> work with progress and Cancel -> one plain message.

Where the work runs:
- Exports read the database in one short read session, then write the zip: on a "bundle-files"
  worker, so a large bundle never holds up the database worker (WAL lets reads run beside it).
  The size estimate runs there too.
- Imports stage the files and then write everything in ONE transaction. They run whole on the
  database worker (ctx.tasks): this process then never has two SQLite writers at once, and
  the window stays responsive; only other storage calls wait until the import is done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from app.bundles.errors import BundleCancelled, BundleError
from app.bundles.workflow import BundleResult, BundleWorkflow, SendableAttempt, TraineeChoice
from ui.bundles.job import BundleJob
from ui.common.tasks import TaskRunner
from ui.shell.context import UiContext
from ui.shell.role_menus import SUPERVISOR, TRAINEE, Role, for_role

if TYPE_CHECKING:  # the dialogs are imported when first opened, not at start-up
    from app.bundles.identity import IdentityQuestion
    from practice_db.records import ProfileRecord
    from practice_db.store import PracticeStore
    from practice_db.transfer.records import IdentityChoice
    from ui.bundles.dialogs import ChooseTraineeDialog, SendForReviewDialog
    from ui.bundles.files import BundleFileChooser

log = logging.getLogger(__name__)


class BundleFlow(QObject):
    imported = Signal()  # a bundle added or changed data here: review and feedback lists should reload

    def __init__(self, ctx: UiContext, workflow: BundleWorkflow, window: QWidget) -> None:
        super().__init__(window)
        self.ctx, self.workflow, self.window = ctx, workflow, window
        self.files = TaskRunner("bundle-files", self)
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.busy = False
        self.job: BundleJob | None = None  # the export or import under way
        self.send_dialog: SendForReviewDialog | None = None
        self.trainee_dialog: ChooseTraineeDialog | None = None
        self.message_box: QMessageBox | None = None
        self.identity_dialog: QDialog | None = None  # "Is this the same Dr Lee?"
        self._import_again: Callable[[dict[str, IdentityChoice]], None] | None = None
        self._chooser: BundleFileChooser | None = None
        self._trainee: ProfileRecord | None = None
        self._estimate_token = 0
        self._gone = False
        self.actions: dict[str, QAction] = {}
        window.installEventFilter(self)  # cancel running work when the window is closed
        window.destroyed.connect(lambda: self.shutdown())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def chooser(self) -> BundleFileChooser:
        if self._chooser is None:
            from ui.bundles.files import BundleFileChooser

            self._chooser = BundleFileChooser(self.window, self.workflow.suffix, self.ctx.settings)
        return self._chooser

    # -- menu ------------------------------------------------------------------------------
    def add_actions(self, menu: QMenu) -> None:
        # Each role sees only its own two entries (ui/shell/role_menus.py), so Alt+F, F is
        # "Send feedback" for a supervisor and nothing clashes with the items everyone has.
        entries: list[tuple[str, str, str, Role, Callable[[], None]]] = [
            ("send_review", "Send attempts for &review…", "Save attempts in a file for your supervisor",
             TRAINEE, self.send_for_review),
            ("import_feedback", "&Import supervisor feedback…", "Open a feedback file from your supervisor",
             TRAINEE, self.import_feedback),
            ("open_review", "&Open a review bundle…", "Add a trainee's attempts to your review queue",
             SUPERVISOR, self.open_review_bundle),
            ("send_feedback", "Send &feedback to a trainee…", "Save your ratings and comments for a trainee",
             SUPERVISOR, self.send_feedback),
        ]  # fmt: skip
        for key, text, tip, role, slot in entries:
            action = for_role(QAction(text, menu), role)
            action.setObjectName(f"bundle_{key}")
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions[key] = action
        self._update_actions()

    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self._update_actions()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile
        self._update_actions()

    def _update_actions(self) -> None:
        ready = self.store is not None and self.profile is not None
        for action in self.actions.values():
            action.setEnabled(ready)  # shown or hidden by role: the window's show_role

    def _ready(self, supervisor: bool = False) -> bool:
        if self.store is None or self.profile is None:
            return False
        if supervisor and not self.profile.is_supervisor:
            self._say(
                QMessageBox.Icon.Information,
                "Supervisor profile needed",
                "Opening review bundles and sending feedback is for supervisor profiles. Use File → "
                "Switch profile to choose or create one.",
            )
            return False
        if self.busy:
            self._say(
                QMessageBox.Icon.Information,
                "Please wait",
                "A bundle is still being saved or opened. Try again when it has finished.",
            )
            return False
        return True

    # -- trainee: send attempts ------------------------------------------------------------
    def send_for_review(self) -> None:
        if not self._ready():
            return
        assert self.store is not None and self.profile is not None
        self.ctx.tasks.submit(
            self.workflow.send_choices,
            self.store,
            self.profile.id,
            on_done=partial(self._show_send_dialog, self.profile),
            on_error=self._unexpected_listing,
        )

    def _show_send_dialog(self, trainee: ProfileRecord, choices: tuple[list[SendableAttempt], int]) -> None:
        if self._gone:
            return
        attempts, sittings = choices
        if not attempts and not sittings:
            self._say(
                QMessageBox.Icon.Information,
                "Nothing to send yet",
                f"{trainee.name} has no finished attempts yet. Practise on the Rehearse page first; "
                "each attempt you keep can then be sent for review.",
            )
            return
        self._trainee = trainee
        from ui.bundles.dialogs import SendForReviewDialog

        self.send_dialog = SendForReviewDialog(attempts, trainee.name, self.window, sittings)
        self.send_dialog.estimate_wanted.connect(self._estimate)
        self.send_dialog.accepted.connect(self._save_review)
        self.send_dialog.rejected.connect(self._send_dialog_closed)
        self.send_dialog.open()

    def _send_dialog_closed(self) -> None:
        self.send_dialog = None
        self._estimate_token += 1  # an estimate still on its way has no one to tell

    def _estimate(self, attempt_ids: list[int], include_media: bool, include_assessments: bool) -> None:
        if self.store is None or self._trainee is None:
            return
        self._estimate_token += 1
        token = self._estimate_token
        self.files.submit(
            self.workflow.estimate,
            self.store,
            self._trainee.id,
            attempt_ids,
            include_media,
            include_assessments,
            on_done=partial(self._estimated, token),
            on_error=partial(self._estimate_failed, token),
        )

    def _estimated(self, token: int, size: int) -> None:
        if token == self._estimate_token and self.send_dialog is not None:
            self.send_dialog.show_estimate(size)

    def _estimate_failed(self, token: int, exc: BaseException) -> None:
        if token != self._estimate_token or self.send_dialog is None:
            return
        if not isinstance(exc, BundleError):
            log.error("Working out the bundle size failed", exc_info=exc)
        text = str(exc) if isinstance(exc, BundleError) else "The size could not be worked out (see the log)."
        self.send_dialog.show_estimate_problem(text)

    def _save_review(self) -> None:
        dialog, trainee = self.send_dialog, self._trainee
        self._send_dialog_closed()
        if dialog is None or trainee is None or self.store is None:
            return
        ids, media = dialog.chosen_ids(), dialog.include_media.isChecked()
        assessments = dialog.assessments_chosen()
        dest = self.chooser().save_path(
            "Save the review bundle", self.workflow.suggested_name("review", trainee.name)
        )
        if dest is not None:
            self._run(
                "Send attempts for review",
                f"Saving {dest.name}…",
                self.files,
                partial(
                    self.workflow.export_review,
                    self.store,
                    trainee.id,
                    ids,
                    dest,
                    media,
                    include_assessments=assessments,
                ),
            )

    # -- supervisor: open a review bundle --------------------------------------------------
    def open_review_bundle(self) -> None:
        if not self._ready(supervisor=True):
            return
        assert self.store is not None
        path = self.chooser().open_path("Open a review bundle from a trainee")
        if path is not None:
            self._import(
                "Open a review bundle",
                f"Checking and adding {path.name}…",
                partial(self.workflow.import_review, self.store, path),
                {},
            )

    # -- supervisor: send feedback ---------------------------------------------------------
    def send_feedback(self) -> None:
        if not self._ready(supervisor=True):
            return
        assert self.store is not None and self.profile is not None
        self.ctx.tasks.submit(
            self.workflow.trainees_with_feedback,
            self.store,
            self.profile.id,
            on_done=partial(self._show_trainee_dialog, self.profile),
            on_error=self._unexpected_listing,
        )

    def _show_trainee_dialog(self, supervisor: ProfileRecord, trainees: list[TraineeChoice]) -> None:
        if self._gone:
            return
        if not trainees:
            self._say(
                QMessageBox.Icon.Information,
                "No feedback to send yet",
                f"{supervisor.name} has not rated anyone's attempts yet. Open a review bundle from a "
                "trainee, rate their attempts on the Review page, then send your feedback back.",
            )
            return
        from ui.bundles.dialogs import ChooseTraineeDialog

        self.trainee_dialog = ChooseTraineeDialog(trainees, self.window)
        self.trainee_dialog.accepted.connect(partial(self._save_feedback, supervisor))
        self.trainee_dialog.rejected.connect(lambda: setattr(self, "trainee_dialog", None))
        self.trainee_dialog.open()

    def _save_feedback(self, supervisor: ProfileRecord) -> None:
        dialog, self.trainee_dialog = self.trainee_dialog, None
        choice = dialog.chosen() if dialog is not None else None
        if choice is None or self.store is None:
            return
        dest = self.chooser().save_path(
            "Save the feedback bundle", self.workflow.suggested_name("feedback", choice.name)
        )
        if dest is not None:
            self._run(
                "Send feedback",
                f"Saving {dest.name}…",
                self.files,
                partial(self.workflow.export_feedback, self.store, supervisor.id, choice.profile_id, dest),
            )

    # -- trainee: import feedback ----------------------------------------------------------
    def import_feedback(self) -> None:
        if not self._ready():
            return
        assert self.store is not None
        path = self.chooser().open_path("Import feedback from your supervisor")
        if path is not None:
            self._import(
                "Import supervisor feedback",
                f"Adding the feedback in {path.name}…",
                partial(self.workflow.import_feedback, self.store, path),
                {},
            )

    def _import(
        self, title: str, label: str, job: Callable[..., BundleResult], answers: dict[str, IdentityChoice]
    ) -> None:
        """Imports run on the DB worker; a name clash comes back as IdentityQuestion, is asked, and
        the same import runs again with the answer (nothing was changed before the question)."""
        self._import_again = lambda more: self._import(title, label, job, answers | more)
        self._run(title, label, self.ctx.tasks, partial(job, identities=answers))

    def _ask_identity(self, title: str, question: IdentityQuestion) -> None:
        from ui.bundles.identity_question import IdentityQuestionDialog

        again, self._import_again = self._import_again, None
        dialog = IdentityQuestionDialog(question.clash, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        clash = question.clash

        def answered(choice: Any) -> None:
            if again is not None and not self._gone:
                again({clash.incoming_uuid: choice})

        dialog.answered.connect(answered)
        dialog.rejected.connect(
            lambda: self._say(QMessageBox.Icon.Information, title, "Nothing was imported.")
        )
        dialog.finished.connect(lambda _result: setattr(self, "identity_dialog", None))
        self.identity_dialog = dialog
        dialog.open()

    # -- running one job with progress -----------------------------------------------------
    def _run(self, title: str, label: str, runner: TaskRunner, job: Callable[..., BundleResult]) -> None:
        """`job(progress, cancel)` runs on `runner`; its result or refusal ends in one message."""
        self.busy = True
        self.job = BundleJob(self.window, title, label)
        self.job.ended.connect(self._ended)
        self.job.run(runner, job)

    def _ended(self, outcome: object) -> None:
        job, self.job, self.busy = self.job, None, False
        if job is None or self._gone:
            return
        job.deleteLater()
        if isinstance(outcome, BundleResult):
            if outcome.changed:
                self.imported.emit()
            if self.window.isVisible():  # not over a window that was closed meanwhile
                self._say(QMessageBox.Icon.Information, job.title, outcome.message)
        elif _is_identity_question(outcome):
            self._ask_identity(job.title, outcome)  # type: ignore[arg-type]
        elif isinstance(outcome, BundleCancelled):
            if self.window.isVisible():  # stopped because the window closed: nothing to tell
                self._say(QMessageBox.Icon.Information, job.title, str(outcome))
        elif isinstance(outcome, BundleError):
            self._say(QMessageBox.Icon.Warning, job.title, str(outcome))
        else:
            log.error("%s failed unexpectedly", job.title, exc_info=outcome)  # type: ignore[arg-type]
            self._say(
                QMessageBox.Icon.Warning,
                job.title,
                "Something unexpected went wrong, so this did not finish and nothing was changed. "
                f"The details are in the log file: {self.ctx.paths.log_file}",
            )

    def _unexpected_listing(self, exc: BaseException) -> None:
        log.error("Listing what could go into a bundle failed", exc_info=exc)
        if not self._gone:
            self._say(
                QMessageBox.Icon.Warning, "Practice Room", "Your practice data could not be read just now."
            )

    def _say(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("bundleMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    # -- closing ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.job is not None:
            self.job.cancel()  # the window waits for its workers at close: don't make it wait long
        return False

    def shutdown(self) -> None:
        self._gone = True
        if self.job is not None:
            self.job.cancel_event.set()
        self.files.shutdown(wait=False)


def _is_identity_question(outcome: object) -> bool:
    if not isinstance(outcome, BundleError):
        return False
    from app.bundles.identity import IdentityQuestion  # loaded by the import that raised it

    return isinstance(outcome, IdentityQuestion)
