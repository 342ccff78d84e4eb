"""The facet guide one key away from a rating form: F1 or ? opens it at the highlighted facet.

A page adds the key to its PageKeys (enabled only while its form takes ratings). "?" is the page's
own shortcut; F1 belongs to the window (Help → Keyboard shortcuts), which asks the page shown
first (`context_help`): two window-wide F1 shortcuts would cancel each other out in Qt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ui.common.facet_guide_dialog import CHECK_INS, open_facet_guide
from ui.common.page_keys import PageKeys
from ui.common.rating_form import RatingForm

CONTEXT_HELP = "contextHelp"  # the page key that F1 triggers when it is enabled


def add_facet_guide_key(
    keys: PageKeys, form: Callable[[], RatingForm], active: Callable[[], bool]
) -> QAction:
    def open_guide() -> None:
        rating = form()
        open_facet_guide(keys.page, rating.highlighted_facet() or CHECK_INS)

    return keys.add(CONTEXT_HELP, ["?"], open_guide, active)


def context_help(page: QWidget | None) -> bool:
    """F1 on this page: its own help for this step, if it has one now (True when it was shown)."""
    action = page.findChild(QAction, f"key_{CONTEXT_HELP}") if page is not None else None
    if action is None or not action.isEnabled():
        return False
    action.trigger()
    return True
