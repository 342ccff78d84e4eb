"""The self-rating of a take, saved as it is given, in order, from the version last seen (issue 21).

A fresh take has no rating yet (`NEW_ROW`); a take kept from a session cut short may have one, so
its first save doesn't check. If the same rating was saved elsewhere meanwhile (this person on
another computer), the form shows that version and the ConflictNote keeps this person's own,
with "Use mine" to save it over."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from practice_db.records import NEW_ROW, RatingInput, RatingRecord
from ui.common.conflict_note import ConflictNote, conflict_message, rating_text
from ui.common.rating_form import RatingForm
from ui.common.tasks import TaskRunner
from ui.common.versioned_saves import VersionedSaves, saved_at

if TYPE_CHECKING:
    from practice_db.store import PracticeStore


def _save(
    store: PracticeStore, attempt_id: int, profile_id: int, value: RatingInput, expected: int | None
) -> RatingRecord:
    return store.ratings.save(attempt_id, profile_id, value, expected)


class SelfRatingSaves(QObject):
    saved = Signal(object)  # RatingRecord
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, form: RatingForm, note: ConflictNote, parent: QObject) -> None:
        super().__init__(parent)
        self.tasks, self.form, self.note = tasks, form, note
        self.saves: dict[int, VersionedSaves[RatingInput, RatingRecord]] = {}
        self.unchecked: set[int] = set()
        self.attempt_id: int | None = None  # the take on screen
        self.mine: RatingInput | None = None
        note.use_mine.connect(self._use_mine)
        note.keep_theirs.connect(self._keep_theirs)

    def kept_take(self, attempt_id: int) -> None:
        """A take kept from before: it may carry a rating already; the first save doesn't check."""
        self.unchecked.add(attempt_id)

    def submit(self, store: PracticeStore, attempt_id: int, profile_id: int, value: RatingInput) -> None:
        if attempt_id != self.attempt_id:
            self.attempt_id, self.mine = attempt_id, None
            self.note.hide()
        saves = self.saves.get(attempt_id)
        if saves is None:
            saves = VersionedSaves(
                self.tasks,
                partial(_save, store, attempt_id, profile_id),
                None if attempt_id in self.unchecked else NEW_ROW,
                on_saved=self.saved.emit,
                on_conflict=partial(self._conflict, attempt_id),
                on_error=lambda exc: self.failed.emit(str(exc)),
                parent=self,
            )
            self.saves = {attempt_id: saves}  # earlier takes' chains finish on their own
        saves.submit(value)

    def _conflict(self, attempt_id: int, current: RatingRecord, mine: RatingInput) -> None:
        if attempt_id != self.attempt_id:
            return  # a take no longer on screen: the version saved elsewhere stands
        self.mine = mine
        theirs = RatingInput(scores=current.scores, reaction=current.reaction, note=current.note)
        self.form.show_values(theirs)
        what = "Your rating of this take"
        self.note.show_conflict(conflict_message(what, saved_at(current.updated_at)), rating_text(mine))

    def _use_mine(self) -> None:
        if self.mine is None or self.attempt_id not in self.saves:
            return
        mine, self.mine = self.mine, None
        self.form.show_values(mine)
        self.saves[self.attempt_id].use_mine(mine)
        self.form.setFocus()

    def _keep_theirs(self) -> None:
        self.mine = None
        self.form.setFocus()
