"""The question asked when the window closes while a reply is being recorded."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

Choice = Literal["keep", "discard", "cancel"]
# Unanswered (the user walked away, the desktop is logging out), the take is kept: closing must
# never hang, and keeping loses nothing.
ANSWER_WITHIN_S = 30


def ask_about_take_on_close(parent: QWidget) -> Choice:
    box = QMessageBox(parent)
    box.setObjectName("closeWhileRecording")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("You are recording a reply")
    box.setText("Practice Room is recording your reply. What should happen to this take?")
    box.setInformativeText(
        "Keep it and it waits for you next time, ready to listen to and rate. "
        "Throw it away and it stays out of your history. "
        f"With no answer within {ANSWER_WITHIN_S} seconds, the take is kept."
    )
    keep = box.addButton("&Keep the take", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Throw it away", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Go on &recording", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(cancel)
    QTimer.singleShot(ANSWER_WITHIN_S * 1000, box, keep.click)
    box.exec()
    clicked = box.clickedButton()
    return "keep" if clicked is keep else "discard" if clicked is discard else "cancel"
