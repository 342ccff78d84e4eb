"""Opening rater practice from the window; the dialog's modules load on first use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def open_rater_practice(window: QWidget) -> QWidget:
    from ui.rater_practice.dialog import RaterPracticeDialog

    dialog = RaterPracticeDialog(getattr(window, "playback", None), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
