"""The supervisor's rating of the open attempt, saved as it is given, from the version loaded.

Each opened attempt gets its own VersionedSaves (ui/common/versioned_saves.py), so text flushed
to the previous attempt while switching still saves there. If the rating was saved elsewhere
meanwhile (another computer, another window), the form shows that version and the ConflictNote
keeps the supervisor's own values, with "Use mine" to save them over it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from practice_db.records import NEW_ROW, RatingInput, RatingRecord
from ui.common.conflict_note import ConflictNote, conflict_message, rating_text
from ui.common.tasks import TaskRunner
from ui.common.versioned_saves import VersionedSaves, saved_at
from ui.review.supervisor_form import SupervisorForm

if TYPE_CHECKING:
    from practice_db.store import PracticeStore


def _save(
    store: PracticeStore, attempt_id: int, rater_id: int, value: RatingInput, expected: int | None
) -> RatingRecord:
    return store.ratings.save(attempt_id, rater_id, value, expected)


class ReviewRatingSaves(QObject):
    saved = Signal(int, object)  # attempt id, RatingRecord
    failed = Signal(str)  # a plain sentence for the page's message line
    conflict_shown = Signal()  # the page scrolls the note into view

    def __init__(self, tasks: TaskRunner, form: SupervisorForm, note: ConflictNote) -> None:
        super().__init__(form)
        self.tasks, self.form, self.note = tasks, form, note
        self.attempt_id: int | None = None
        self.criteria: tuple[str, ...] = ()
        self.saves: VersionedSaves[RatingInput, RatingRecord] | None = None
        self._mine: RatingInput | None = None
        self._show_mine_when_saved = False
        note.use_mine.connect(self._use_mine)
        note.keep_theirs.connect(self._keep_theirs)

    def start(
        self,
        store: PracticeStore,
        attempt_id: int,
        rater_id: int,
        rating: RatingRecord | None,
        criteria: Sequence[str],
    ) -> None:
        """An attempt was opened: its form is loaded from `rating` (None: not rated yet)."""
        self.attempt_id, self.criteria = attempt_id, tuple(criteria)
        self._mine, self._show_mine_when_saved = None, False
        self.note.hide()
        self.saves = VersionedSaves(
            self.tasks,
            partial(_save, store, attempt_id, rater_id),
            rating.version if rating is not None else NEW_ROW,
            on_saved=partial(self._saved, attempt_id),
            on_conflict=partial(self._conflict, attempt_id),
            on_error=lambda exc: self.failed.emit(str(exc)),
            parent=self,
        )
        self.form.load(rating, criteria)

    def submit(self, value: RatingInput) -> None:
        if self.saves is not None:
            self.saves.submit(value)

    def _saved(self, attempt_id: int, record: RatingRecord) -> None:
        if attempt_id == self.attempt_id and self._show_mine_when_saved:
            self._show_mine_when_saved = False
            self.form.load(record, self.criteria)  # "Use mine": the form shows yours again
        self.saved.emit(attempt_id, record)

    def _conflict(self, attempt_id: int, current: RatingRecord, mine: RatingInput) -> None:
        if attempt_id != self.attempt_id:  # saved while switching: that attempt isn't on screen
            self.failed.emit(
                f"Your rating of an attempt you left was saved elsewhere{saved_at(current.updated_at)}; "
                "open it again to see that version."
            )
            return
        self._mine = mine
        self.form.load(current, self.criteria)  # the newer version, in the form
        what = "Your rating of this attempt"
        self.note.show_conflict(conflict_message(what, saved_at(current.updated_at)), rating_text(mine))
        self.failed.emit("Not saved: see the note above the form.")
        self.conflict_shown.emit()

    def _use_mine(self) -> None:
        if self.saves is None or self._mine is None:
            return
        mine, self._mine = self._mine, None
        self._show_mine_when_saved = True
        self.saves.use_mine(mine)
        self.form.facets.setFocus()

    def _keep_theirs(self) -> None:
        self._mine = None
        self.form.facets.setFocus()
