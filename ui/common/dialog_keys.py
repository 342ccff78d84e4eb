"""The platform's close key for dialogs: Ctrl+W (and the platform's own Close key) closes a dialog
like Esc does, so a keyboard user never needs the mouse to get out."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog


def close_on_ctrl_w(dialog: QDialog) -> None:
    keys = {QKeySequence("Ctrl+W").toString()}
    keys.update(k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close))
    for key in sorted(k for k in keys if k):
        QShortcut(QKeySequence(key), dialog, dialog.reject)
