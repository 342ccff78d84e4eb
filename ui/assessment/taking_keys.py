"""Keys of taking the assessment: Enter begins, Space ends a reply, P pauses between clips, Esc
stops; afterwards, the self-rating's digits and arrows, N and B between replies."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ui.common.facet_guide_keys import add_facet_guide_key
from ui.common.page_keys import PageKeys

if TYPE_CHECKING:
    from ui.assessment.taking import TakingPanel

SITTING = ("starting", "playing", "recording", "between", "paused")


def add_taking_keys(panel: TakingPanel) -> PageKeys:
    keys = PageKeys(panel)
    end = panel.view.end
    form = end.form

    def in_step(*states: str) -> Callable[[], bool]:
        return lambda: panel.state in states

    def rating() -> bool:
        return panel.state == "done" and end.rating_box.isVisibleTo(end)

    add = keys.add
    add(
        "begin",
        ["Return", "Enter"],
        panel.begin,
        lambda: panel.state == "intro" and panel.intro.begin_button.isEnabled(),
    )
    add("space", ["Space"], panel.stop_reply, in_step("playing", "recording"))
    add("pause", ["P"], panel.toggle_pause, in_step("playing", "recording", "between", "paused"))
    add("escape", ["Esc"], panel.stop, in_step(*SITTING))
    add("rowUp", ["Up"], lambda: form.set_current_row(form.current_row - 1), rating)
    add("rowDown", ["Down"], lambda: form.set_current_row(form.current_row + 1), rating)
    for digit in range(1, 6):
        add(f"rate{digit}", [str(digit)], partial(form.rate_current, digit), rating)
    add("nextReply", ["N"], lambda: panel.show_rating(panel.rating_index + 1), rating)
    add("previousReply", ["B"], lambda: panel.show_rating(panel.rating_index - 1), rating)
    add("backToStart", ["Return", "Enter"], panel.back_to_intro, in_step("done"))
    add_facet_guide_key(keys, lambda: form, rating)  # F1 or ?
    return keys
