"""The two choosers of remote supervision: which attempts to send, and which trainee gets feedback.

They only collect choices; ui/bundles/flow.py runs the work (and the size estimate) on workers.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bundles.workflow import SendableAttempt, TraineeChoice
from app.file_sizes import format_size
from ui.common.dialog_keys import close_on_ctrl_w

REVIEW_PRIVACY = (
    "This bundle holds your voice recordings, your self-ratings and your notes and comments on them. "
    "Send it only to your supervisor, through a channel your service approves (not ordinary e-mail "
    "unless it is allowed), and make sure nothing in your notes could identify a client."
)
FEEDBACK_PRIVACY = (
    "The bundle holds your ratings and comments on this trainee's attempts (no recordings). Send it "
    "only to them, through a channel your service approves, and keep client-identifying details out "
    "of your comments."
)
NOTE_STYLE = "color: #8a4b00;"
DEFAULT_LOOKBACK_DAYS = 28
ESTIMATE_DELAY_MS = 200  # ticking several boxes quickly asks for one estimate, not one per tick


def local(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo is not None else moment


def day(moment: datetime) -> str:
    shown = local(moment)
    return f"{shown.day} {shown:%b %Y}"


def when(moment: datetime) -> str:
    return f"{day(moment)}, {local(moment):%H:%M}"


def length(ms: int | None) -> str:
    if ms is None:
        return "–"
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


class SendForReviewDialog(QDialog):
    """Tick attempts; the flow answers `estimate_wanted` with `show_estimate` / `show_estimate_problem`."""

    estimate_wanted = Signal(list, bool, bool)  # attempt ids, include clip media, include assessments

    def __init__(
        self, attempts: list[SendableAttempt], trainee: str, parent: QWidget | None = None, sittings: int = 0
    ) -> None:
        super().__init__(parent)
        self.sittings = sittings  # assessment sittings that can go along
        close_on_ctrl_w(self)
        self.attempts = attempts
        self.setObjectName("sendForReviewDialog")
        self.setWindowTitle("Send attempts for review")
        self.setMinimumSize(640, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Choose the attempts by <b>{escape(trainee)}</b> your supervisor should hear. They are "
            "saved into one bundle file that you then send on."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        quick = QHBoxLayout()
        quick.addWidget(QLabel("Quick choice: everything not yet reviewed since"))
        self.since = QDateEdit()
        self.since.setObjectName("sinceDate")
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setMaximumDate(QDate.currentDate())
        start = date.today() - timedelta(days=DEFAULT_LOOKBACK_DAYS)
        self.since.setDate(QDate(start.year, start.month, start.day))
        quick.addWidget(self.since)
        self.select_since = QPushButton("Select these")
        self.select_since.setObjectName("selectSinceButton")
        self.select_since.clicked.connect(self.choose_unreviewed_since)
        quick.addWidget(self.select_since)
        clear = QPushButton("Clear")
        clear.setObjectName("clearSelectionButton")
        clear.clicked.connect(lambda: self.set_checked(set()))
        quick.addWidget(clear)
        quick.addStretch(1)
        layout.addLayout(quick)

        self.table = QTableWidget(len(attempts), 4)
        self.table.setObjectName("attemptTable")
        self.table.setHorizontalHeaderLabels(["Exercise", "Recorded", "Length", "Supervisor"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, attempt in enumerate(attempts):
            title = QTableWidgetItem(attempt.clip_title)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            if not attempt.has_recording:  # nothing to send: shown, but cannot be ticked
                flags = Qt.ItemFlag.ItemIsUserCheckable
                title.setToolTip("The recording of this attempt is no longer in your data folder.")
            title.setFlags(flags)
            title.setCheckState(Qt.CheckState.Unchecked)
            title.setData(Qt.ItemDataRole.UserRole, attempt.attempt_id)
            status = (
                "recording missing"
                if not attempt.has_recording
                else ("already reviewed" if attempt.reviewed else "not yet reviewed")
            )
            cells = [title, QTableWidgetItem(when(attempt.started_at))]
            cells += [QTableWidgetItem(length(attempt.duration_ms)), QTableWidgetItem(status)]
            for col, item in enumerate(cells):
                if col:
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled if attempt.has_recording else Qt.ItemFlag.NoItemFlags
                    )
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(lambda _item: self._selection_changed())
        layout.addWidget(self.table, 1)

        self.include_media = QCheckBox("Include the exercise clips (larger file)")
        self.include_media.setObjectName("includeClipMedia")
        self.include_media.setToolTip(
            "Only needed if your supervisor does not have these exercises. The built-in exercises are "
            "the same on every computer; your own clips are not."
        )
        self.include_media.toggled.connect(lambda _on: self._selection_changed())
        layout.addWidget(self.include_media)
        plural = "s" if sittings != 1 else ""
        self.include_assessments = QCheckBox(f"Include your {sittings} &assessment{plural} for a blind rater")
        self.include_assessments.setObjectName("includeAssessments")
        self.include_assessments.setToolTip(
            "Your replies to the assessment clips travel too, so a rater can score them without "
            "knowing whose they are. Their scores come back in the feedback bundle."
        )
        self.include_assessments.setChecked(sittings > 0)
        self.include_assessments.setVisible(sittings > 0)
        self.include_assessments.toggled.connect(lambda _on: self._selection_changed())
        layout.addWidget(self.include_assessments)
        self.size_label = QLabel()
        self.size_label.setObjectName("sizeEstimate")
        layout.addWidget(self.size_label)
        privacy = QLabel(REVIEW_PRIVACY)
        privacy.setObjectName("privacyNote")
        privacy.setWordWrap(True)
        privacy.setStyleSheet(NOTE_STYLE)
        layout.addWidget(privacy)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save bundle…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveBundleButton")
        self.estimated_size: int | None = None  # bytes, for the current choice; None while working
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(ESTIMATE_DELAY_MS)
        self._estimate_timer.timeout.connect(self._ask_estimate)
        self.choose_unreviewed_since()
        self.table.setFocus()

    # -- choices -----------------------------------------------------------------------------
    def _rows(self) -> list[tuple[QTableWidgetItem, SendableAttempt]]:
        return [(self.table.item(row, 0), a) for row, a in enumerate(self.attempts)]  # type: ignore[misc]

    def assessments_chosen(self) -> bool:
        return self.sittings > 0 and self.include_assessments.isChecked()

    def chosen_ids(self) -> list[int]:
        return [a.attempt_id for item, a in self._rows() if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, ids: set[int]) -> None:
        self.table.blockSignals(True)  # one estimate for the whole change
        for item, attempt in self._rows():
            on = attempt.attempt_id in ids and attempt.has_recording
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._selection_changed()

    def choose_unreviewed_since(self) -> None:
        picked = self.since.date()
        since = date(picked.year(), picked.month(), picked.day())
        self.set_checked(
            {a.attempt_id for a in self.attempts if not a.reviewed and local(a.started_at).date() >= since}
        )

    def _selection_changed(self) -> None:
        count = len(self.chosen_ids())
        self.estimated_size = None
        self.save_button.setEnabled(False)  # until the estimate confirms there is something to send
        if not count and not self.assessments_chosen():
            self._estimate_timer.stop()
            self.size_label.setText("Tick at least one attempt to send.")
            return
        self.size_label.setText(f"{self._chosen_text()} · working out the size…")
        self._estimate_timer.start()

    def _ask_estimate(self) -> None:
        self.estimate_wanted.emit(
            self.chosen_ids(), self.include_media.isChecked(), self.assessments_chosen()
        )

    def _chosen_text(self) -> str:
        count = len(self.chosen_ids())
        text = f"{count} attempt{'s' if count != 1 else ''} chosen"
        if self.assessments_chosen():
            text += f" and {self.sittings} assessment{'s' if self.sittings != 1 else ''}"
        return text

    # -- answers from the flow -------------------------------------------------------------
    def show_estimate(self, size: int) -> None:
        self.estimated_size = size
        self.size_label.setText(f"{self._chosen_text()} · about <b>{format_size(size)}</b>")
        self.save_button.setEnabled(bool(self.chosen_ids()) or self.assessments_chosen())

    def show_estimate_problem(self, message: str) -> None:
        self.size_label.setText(f"<span style='color:#b00020'>{message}</span>")
        self.save_button.setEnabled(False)


class ChooseTraineeDialog(QDialog):
    """Pick the trainee whose feedback goes into the bundle."""

    def __init__(self, trainees: list[TraineeChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.trainees = trainees
        self.setObjectName("chooseTraineeDialog")
        self.setWindowTitle("Send feedback to a trainee")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Whose feedback should go into the bundle? It holds all your ratings and comments on "
            "their attempts."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("traineeList")
        for trainee in trainees:
            n = trainee.rated_attempts
            item = QListWidgetItem(
                f"{trainee.name} — {n} attempt{'s' if n != 1 else ''} rated, newest recorded "
                f"{day(trainee.latest_attempt)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, trainee.profile_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        privacy = QLabel(FEEDBACK_PRIVACY)
        privacy.setObjectName("privacyNote")
        privacy.setWordWrap(True)
        privacy.setStyleSheet(NOTE_STYLE)
        layout.addWidget(privacy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save feedback bundle…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveFeedbackButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> TraineeChoice | None:
        row = self.list.currentRow()
        return self.trainees[row] if 0 <= row < len(self.trainees) else None
