"""The questions asked before anything is deleted. Plain words: what goes, what stays, and
whether it can be undone."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.deletion.records import ClipUsage, ProfileFootprint

UNDO_NOTE = "You can undo this (Ctrl+Z) until you close Practice Room; then it is gone from this computer."


def ask_delete_attempt(parent: QWidget, title: str, when: str, on_yes: Callable[[], None]) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, "Delete this attempt?", "", parent=parent)
    box.setObjectName("deleteAttemptQuestion")
    box.setText(f"Delete your attempt at “{title}” ({when}) with its recording?")
    box.setInformativeText("Its ratings and comments, yours and your supervisor's, go with it. " + UNDO_NOTE)
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(delete)  # Undo is there for the rest of the session
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda b: on_yes() if b is delete else None)
    box.open()
    return box


def ask_delete_clip(
    parent: QWidget, usage: ClipUsage, on_delete: Callable[[], None], on_hide: Callable[[], None]
) -> QMessageBox:
    """Own clip: delete it with my attempts, or keep them and hide the clip. A starter clip, or a
    clip someone else practised, can only be hidden (said why)."""
    title = escape(usage.title)
    box = QMessageBox(QMessageBox.Icon.Question, "Delete this clip?", "", parent=parent)
    box.setObjectName("deleteClipQuestion")
    box.setTextFormat(Qt.TextFormat.RichText)
    delete: QPushButton | None = None
    hide: QPushButton | None = None
    if usage.starter or usage.others:
        why = (
            "It is a starter exercise: those come with Practice Room and are put back at every start, "
            "so they can't be deleted."
            if usage.starter
            else f"Someone else on this computer has practised it ({usage.others} attempt"
            f"{'s' if usage.others != 1 else ''}), and their attempts are theirs to keep."
        )
        box.setText(f"“{title}” can't be deleted.")
        box.setInformativeText(
            f"<p>{why}</p><p>You can hide it: it leaves the Library and your practice sessions, and every "
            "attempt at it stays in its history and on the Review page.</p>"
        )
        hide = box.addButton("&Hide the clip", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(hide)
    elif usage.mine:
        n = usage.mine
        attempts = f"{n} attempt{'s' if n != 1 else ''}"
        box.setText(f"Delete your clip “{title}”? You have {attempts} at it.")
        box.setInformativeText(
            f"<p>Delete the clip with your {attempts}, their recordings, ratings and comments; or keep "
            "your attempts and hide the clip (it leaves the Library and your sessions; the attempts "
            f"stay in your history and on the Review page).</p><p>{UNDO_NOTE}</p>"
        )
        delete = box.addButton(f"&Delete clip and {attempts}", QMessageBox.ButtonRole.DestructiveRole)
        hide = box.addButton("&Keep my attempts, hide the clip", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(hide)  # the choice that loses nothing
    else:
        box.setText(f"Delete your clip “{title}”?")
        box.setInformativeText("Nobody has practised it yet. " + UNDO_NOTE)
        delete = box.addButton("&Delete clip", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(delete)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)

    def chosen(button: object) -> None:
        if button is delete:
            on_delete()
        elif button is hide:
            on_hide()

    box.buttonClicked.connect(chosen)
    box.open()
    return box


def footprint_text(f: ProfileFootprint) -> str:
    """What deleting this profile removes, in plain sentences."""

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    lines = []
    if f.attempts:
        lines.append(
            f"{n(f.attempts, 'attempt')} with {n(len(f.recordings), 'recording')}, and every rating and "
            "comment on them (also a supervisor's)"
        )
    if f.sessions or f.goals:
        lines.append(f"{n(f.sessions, 'practice session')} and {n(f.goals, 'goal')}")
    if f.assessments:
        takes = n(len(f.assessment_recordings), "recording")
        lines.append(f"{n(f.assessments, 'FIS assessment sitting')} with {takes} and every rating of them")
    if not lines:
        lines.append("no attempts, practice sessions or goals of its own")
    if f.ratings_given_to_others or f.comments_on_others:
        lines.append(
            f"the {n(f.ratings_given_to_others, 'rating')} and {n(f.comments_on_others, 'comment')} "
            f"{escape(f.name)} gave on other people's attempts: they are removed too, so those people "
            "no longer see them"
        )
    if f.assessment_ratings_given:
        lines.append(f"the {n(f.assessment_ratings_given, 'blind assessment rating')} {escape(f.name)} gave")
    if f.goals_set_for_others:
        lines.append(
            f"{n(f.goals_set_for_others, 'goal')} set for others stay theirs, no longer naming who set them"
        )
    items = "".join(f"<li>{line}</li>" for line in lines)
    return (
        f"<p>This deletes the profile <b>{escape(f.name)}</b> and everything it owns:</p><ul>{items}</ul>"
        "<p><b>This can't be undone.</b> To keep a copy first, use File → Export all my data.</p>"
    )


class DeleteProfileDialog(QDialog):
    """Deleting a profile asks for its name, typed: a slip of a key can't lose a person's work."""

    def __init__(
        self, footprint: ProfileFootprint, on_confirmed: Callable[[str], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deleteProfileDialog")
        self.setWindowTitle(f"Delete the profile {footprint.name}?")
        self.footprint = footprint
        self._on_confirmed = on_confirmed
        layout = QVBoxLayout(self)
        text = QLabel(footprint_text(footprint))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(QLabel(f"Type the name <b>{escape(footprint.name)}</b> to confirm:"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("confirmProfileName")
        layout.addWidget(self.name_edit)
        self.error = QLabel()
        self.error.setObjectName("deleteProfileError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton("Delete profile", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setObjectName("deleteProfileButton")
        self.delete_button.setEnabled(False)
        self.delete_button.setAutoDefault(False)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self._confirm)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._typed)
        self.name_edit.returnPressed.connect(self._confirm)
        self.setMinimumWidth(520)
        self.name_edit.setFocus()

    def matches(self) -> bool:
        return " ".join(self.name_edit.text().split()).casefold() == self.footprint.name.casefold()

    def _typed(self) -> None:
        self.delete_button.setEnabled(self.matches())
        self.error.clear()

    def _confirm(self) -> None:
        if not self.matches():
            self.error.setText(f"Type “{self.footprint.name}” exactly to delete this profile.")
            return
        self.delete_button.setEnabled(False)  # one request; the window closes this when done
        self._on_confirmed(self.name_edit.text())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.delete_button.setEnabled(self.matches())
