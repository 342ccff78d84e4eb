"""A page's keys (Rehearse, Review): window-wide shortcuts that belong to the page.

Each key is a QAction on the page with a window-wide context, so it works wherever the focus is
in the window while the page is on screen (Qt ignores the shortcuts of hidden widgets, so the other
pages keep their own keys). Each action is enabled only in the steps where it means something:
elsewhere the key does what it normally does (arrows in the set-up panel, letters in the note).
A text field that takes typing (the note) is offered letters, digits and Space first by Qt, so
typing there never triggers the page's keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class PageKey:
    action: QAction
    active: Callable[[], bool]


class PageKeys:
    def __init__(self, page: QWidget) -> None:
        self.page = page
        self.keys: dict[str, PageKey] = {}

    def add(
        self,
        name: str,
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str],
        slot: Callable[[], object],
        active: Callable[[], bool],
    ) -> QAction:
        action = QAction(name, self.page)
        action.setObjectName(f"key_{name}")
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setAutoRepeat(False)  # a held key must not rate eight facets or skip three clips
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(False)
        self.page.addAction(action)
        self.keys[name] = PageKey(action, active)
        return action

    def sync(self) -> None:
        """Enable exactly the keys that mean something now (called after every step)."""
        for key in self.keys.values():
            key.action.setEnabled(key.active())

    def enabled(self) -> set[str]:
        return {name for name, key in self.keys.items() if key.action.isEnabled()}
