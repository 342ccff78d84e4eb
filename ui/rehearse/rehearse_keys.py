"""The Rehearse page's keys: what each does and in which steps it means something."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from ui.common.facet_guide_keys import add_facet_guide_key
from ui.common.page_keys import PageKeys

if TYPE_CHECKING:
    from ui.rehearse.page import RehearsePage

SEEK_MS = 5000
IN_LOOP = ("playing", "recording", "rating", "discarded")
LISTENING = ("rating", "discarded")


def add_rehearse_keys(page: RehearsePage) -> PageKeys:
    keys = PageKeys(page)
    view, form = page.view, page.form

    def in_step(*states: str) -> Callable[[], bool]:
        return lambda: page.state in states

    def enter_on_setup() -> None:
        """Enter starts practising, or, on the list of kept replies, rates the one chosen."""
        kept = page.setup.kept.list
        if kept.hasFocus() and kept.currentItem() is not None:
            kept.itemActivated.emit(kept.currentItem())
        else:
            page.setup.start_button.click()

    def space() -> None:
        if page.state in ("recording", "playing"):
            page.stop_recording()
        else:
            page.toggle_listen()

    def escape() -> None:
        if form.note.hasFocus():
            form.setFocus()  # Esc leaves the note; it never throws a take away while typing
        else:
            page.safety.escape()  # stops what is running; with nothing running, throws the take away

    add = keys.add
    add("start", ["Return", "Enter"], enter_on_setup, in_step("setup"))
    add("newSession", ["Return", "Enter"], page.summary.new_session.emit, in_step("summary"))
    add("space", ["Space"], space, in_step(*IN_LOOP))
    add("escape", ["Esc"], escape, in_step("note", *IN_LOOP))
    add("undo", [QKeySequence.StandardKey.Undo], page.safety.undo_discard, in_step("discarded"))
    add("seekBack", ["Left"], lambda: page.seek(-SEEK_MS), in_step(*LISTENING))
    add("seekOn", ["Right"], lambda: page.seek(SEEK_MS), in_step(*LISTENING))
    add("rowUp", ["Up"], lambda: form.set_current_row(form.current_row - 1), in_step("rating"))
    add("rowDown", ["Down"], lambda: form.set_current_row(form.current_row + 1), in_step("rating"))
    for digit in range(1, 6):
        add(f"rate{digit}", [str(digit)], partial(form.rate_current, digit), in_step("rating"))
    add_facet_guide_key(keys, lambda: form, in_step("rating"))  # F1 or ?
    add("again", ["A"], page.again, view.again_button.isEnabled)
    add("next", ["N", "Ctrl+Return", "Ctrl+Enter"], page.next_clip, view.next_button.isEnabled)
    add("finish", ["F"], page.finish, view.finish_button.isEnabled)
    return keys
