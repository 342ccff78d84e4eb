"""Edit details of one of the user's own clips (Library → F2 or Ctrl+E): the same fields as at
import. Saving changes only the clip's own row; its attempts and ratings stay as they are.
Enter saves (Ctrl+Enter from a text box), Esc closes without saving.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.clips.details import details_problem
from app.clips.records import ClipDetails
from practice_db.clips import MAX_TITLE
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS
from ui.common.conflict_note import ConflictNote
from ui.common.dialog_keys import close_on_ctrl_w
from ui.library.details_pane import ClipDetailsPane
from ui.library.import_dialog import PRIVACY_REMINDER


def details_text(mine: ClipDetails, theirs: ClipDetails) -> str:
    """What this person's details say where they differ from the version saved elsewhere."""
    parts: list[str] = []
    for label, a, b in (
        ("title", mine.title, theirs.title),
        ("what the client says", mine.statement, theirs.statement),
        ("criteria", " / ".join(mine.criteria), " / ".join(theirs.criteria)),
        ("example reply", mine.example_response or "", theirs.example_response or ""),
        ("content note", mine.content_note or "", theirs.content_note or ""),
    ):
        if a != b:
            parts.append(f"{label} “{a}”" if a else f"no {label}")
    if mine.presentation != theirs.presentation:
        parts.append(f"presentation {PRESENTATION_LABELS.get(mine.presentation, mine.presentation)}")
    if mine.difficulty != theirs.difficulty:
        parts.append(f"level {DIFFICULTY_LABELS.get(mine.difficulty, str(mine.difficulty))}")
    if set(mine.facets) != set(theirs.facets):
        parts.append("facets " + (", ".join(FACET_LABELS[f] for f in mine.facets) or "none"))
    return "; ".join(parts) + "." if parts else "the same as the version shown."


class EditDetailsDialog(QDialog):
    """Stays open until the Library says the save went through (`saved`), so a refused save
    (the clip was deleted meanwhile) keeps what was typed and says why."""

    save_requested = Signal(object)  # ClipDetails

    def __init__(self, details: ClipDetails, file_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.setObjectName("editDetailsDialog")
        self.setWindowTitle("Edit clip details")
        self._original = details
        layout = QVBoxLayout(self)
        about = QLabel(
            f"Your own clip <i>{file_label}</i>. Changes apply from now on; earlier attempts, "
            "ratings and comments stay as they are."
        )
        about.setWordWrap(True)
        layout.addWidget(about)

        form = QFormLayout()
        self.title = QLineEdit(details.title)
        self.title.setObjectName("editTitle")
        self.title.setMaxLength(MAX_TITLE)
        self.presentation = QComboBox()
        self.presentation.setObjectName("editPresentation")
        for key, label in PRESENTATION_LABELS.items():
            self.presentation.addItem(label, key)
        self.presentation.setCurrentIndex(max(0, self.presentation.findData(details.presentation)))
        self.level = QComboBox()
        self.level.setObjectName("editLevel")
        for level, label in DIFFICULTY_LABELS.items():
            self.level.addItem(label, level)
        self.level.setCurrentIndex(max(0, self.level.findData(details.difficulty)))
        form.addRow("&Title:", self.title)
        form.addRow("&Presentation:", self.presentation)
        form.addRow("&Level:", self.level)
        layout.addLayout(form)

        self.pane = ClipDetailsPane()
        self.pane.show_details(details)
        layout.addWidget(self.pane)
        layout.addStretch(1)
        QWidget.setTabOrder(self.level, self.pane.statement)

        reminder = QLabel(PRIVACY_REMINDER)
        reminder.setWordWrap(True)
        reminder.setStyleSheet("color: #8a4b00;")
        layout.addWidget(reminder)
        self.conflict = ConflictNote()  # saved elsewhere meanwhile: theirs in the fields, yours here
        self.conflict.use_mine.connect(self._use_mine)
        self.conflict.keep_theirs.connect(self.title.setFocus)
        layout.addWidget(self.conflict)
        self._mine: ClipDetails | None = None
        self.problem = QLabel()
        self.problem.setObjectName("editProblem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveDetailsButton")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._save_if_ready)
        buttons.rejected.connect(self.reject)
        keys = QLabel("Enter saves (Ctrl+Enter from a text box) · Esc closes without saving")
        keys.setStyleSheet("color: #555;")
        layout.addWidget(keys)
        layout.addWidget(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self._save_if_ready)

        self.title.textChanged.connect(self._update_ready)
        self.presentation.currentIndexChanged.connect(self._update_ready)
        self.level.currentIndexChanged.connect(self._update_ready)
        self.pane.changed.connect(self._update_ready)
        self._update_ready()
        self.resize(900, 500)

    def details(self) -> ClipDetails:
        labels = replace(
            self._original,
            title=self.title.text().strip(),
            presentation=self.presentation.currentData(),
            difficulty=int(self.level.currentData()),
        )
        return self.pane.apply_to(labels)

    def _update_ready(self) -> None:
        problem = details_problem(self.details())
        self.problem.setText(f"The clip {problem}." if problem else "")
        self.save_button.setEnabled(problem is None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter saves (a focused push button takes Enter itself). Handled here: Qt may hand
        # "default" to Cancel once Save was disabled.
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if enter and plain:
            event.accept()
            self._save_if_ready()
            return
        super().keyPressEvent(event)

    def _save_if_ready(self) -> None:
        if self.save_button.isEnabled():
            self.save_button.setEnabled(False)  # one save at a time
            self.save_requested.emit(self.details())

    def saved(self) -> None:
        self.accept()

    def save_failed(self, message: str) -> None:
        self.problem.setText(message)
        self.save_button.setEnabled(True)

    def show_conflict(self, theirs: ClipDetails, message: str) -> None:
        """The clip was changed elsewhere: its fields show that version now, and the note keeps
        what this person typed, which "Use mine" puts back and saves over it."""
        self._mine = self.details()
        self._fill(theirs)
        self.save_button.setEnabled(True)
        self.problem.setText("")
        self.conflict.show_conflict(message, details_text(self._mine, theirs))

    def _fill(self, details: ClipDetails) -> None:
        self._original = details
        self.title.setText(details.title)
        self.presentation.setCurrentIndex(max(0, self.presentation.findData(details.presentation)))
        self.level.setCurrentIndex(max(0, self.level.findData(details.difficulty)))
        self.pane.show_details(details)
        self._update_ready()

    def _use_mine(self) -> None:
        if self._mine is not None:
            self._fill(self._mine)
            self._mine = None
            self._save_if_ready()
