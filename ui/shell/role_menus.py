"""Menus show what the current profile's role does: a supervisor's File menu has no trainee items.

An item for one role only is marked with `for_role(action, TRAINEE)` (or SUPERVISOR); unmarked
items are for everyone. When the profile changes, the window calls `show_role` once, and every
marked item in every menu is shown or hidden; a hidden item's shortcut is off too. Before a
profile is chosen only the items for everyone show. Accelerators (the letter after "&") must be
unique among the items a role sees in each menu: tests/ui/shell/test_role_menus.py walks them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

if TYPE_CHECKING:
    from practice_db.records import ProfileRecord

Role = Literal["trainee", "supervisor"]
TRAINEE: Role = "trainee"
SUPERVISOR: Role = "supervisor"
ROLE_PROPERTY = "practiceRoomRole"


def for_role(action: QAction, role: Role) -> QAction:
    action.setProperty(ROLE_PROPERTY, role)
    return action


def marked_role(action: QAction) -> Role | None:
    value = action.property(ROLE_PROPERTY)
    return value if value in (TRAINEE, SUPERVISOR) else None


def role_of(profile: ProfileRecord | None) -> Role | None:
    if profile is None:
        return None
    return SUPERVISOR if profile.is_supervisor else TRAINEE


def menus(bar: QMenuBar) -> Iterator[QMenu]:
    """Every menu of the bar, submenus included."""
    pending = [a.menu() for a in bar.actions()]
    while pending:
        menu = pending.pop(0)
        if isinstance(menu, QMenu):
            yield menu
            pending += [a.menu() for a in menu.actions() if a.menu() is not None]


def show_role(bar: QMenuBar, role: Role | None) -> None:
    for menu in menus(bar):
        for action in menu.actions():
            wanted = marked_role(action)
            if wanted is not None:
                action.setVisible(wanted == role)


def accelerator(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), lower-cased; None if none."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None
