"""Scores of assessment takes, saved per take in order, each from the version last seen (issue 21):
a rater's blind scores (the default) or, with `save=save_self`, the clinician's own afterwards.

Every take of the batch has its own VersionedSaves (ui/common/versioned_saves.py). If the same
rating was saved elsewhere meanwhile (this rater on another computer), the view is handed the
newer scores to show (`scores_shown`) and the ConflictNote keeps this rater's own, with "Use mine"
to save them over it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from practice_db.assessment.records import AssessmentRatingRecord
from practice_db.records import NEW_ROW
from ui.common.conflict_note import ConflictNote, conflict_message, scores_text
from ui.common.tasks import TaskRunner
from ui.common.versioned_saves import VersionedSaves, saved_at

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Scores = dict[str, int | None]


def save_blind(
    store: PracticeStore, take_id: int, rater_id: int, scores: Scores, expected: int | None
) -> AssessmentRatingRecord:
    return store.assessment_ratings.save_blind(take_id, rater_id, scores, expected)


def save_self(
    store: PracticeStore, take_id: int, profile_id: int, scores: Scores, expected: int | None
) -> AssessmentRatingRecord:
    return store.assessment_sittings.save_self_rating(take_id, profile_id, scores, expected)


SaveFn = Callable[["PracticeStore", int, int, Scores, "int | None"], AssessmentRatingRecord]


class BlindRatingSaves(QObject):
    saved = Signal(object)  # AssessmentRatingRecord
    failed = Signal(object)  # the exception (its text is a plain sentence)
    scores_shown = Signal(int, object)  # take id, the scores the form should show now

    def __init__(
        self, tasks: TaskRunner, note: ConflictNote, parent: QObject | None = None, save: SaveFn = save_blind
    ) -> None:
        super().__init__(parent)
        self.tasks, self.note, self.save = tasks, note, save
        self.store: PracticeStore | None = None
        self.rater_id = 0
        self.versions: Mapping[int, int] = {}
        self.saves: dict[int, VersionedSaves[Scores, AssessmentRatingRecord]] = {}
        self.mine: tuple[int, Scores] | None = None  # the take whose conflict is shown, and mine
        note.use_mine.connect(self._use_mine)
        note.keep_theirs.connect(self._keep_theirs)

    def start(self, store: PracticeStore, rater_id: int, versions: Mapping[int, int]) -> None:
        """A batch was opened: `versions` are this rater's ratings' versions by take id."""
        self.store, self.rater_id, self.versions = store, rater_id, dict(versions)
        self.saves, self.mine = {}, None
        self.note.hide()

    def submit(self, take_id: int, scores: Scores) -> None:
        if self.store is None:
            return
        saves = self.saves.get(take_id)
        if saves is None:
            saves = VersionedSaves(
                self.tasks,
                partial(self.save, self.store, take_id, self.rater_id),
                self.versions.get(take_id, NEW_ROW),
                on_saved=self.saved.emit,
                on_conflict=partial(self._conflict, take_id),
                on_error=self.failed.emit,
                parent=self,
            )
            self.saves[take_id] = saves
        saves.submit(scores)

    def shown(self, take_id: int) -> None:
        """The view moved to a take: a note about another take goes (that take shows theirs)."""
        if self.mine is not None and self.mine[0] != take_id:
            self._keep_theirs()
            self.note.hide()

    def _conflict(self, take_id: int, current: AssessmentRatingRecord, mine: Scores) -> None:
        self.mine = (take_id, mine)
        self.scores_shown.emit(take_id, dict(current.scores))
        what = "Your rating of this take"
        self.note.show_conflict(conflict_message(what, saved_at(current.updated_at)), scores_text(mine))

    def _use_mine(self) -> None:
        if self.mine is None:
            return
        take_id, mine = self.mine
        self.mine = None
        self.scores_shown.emit(take_id, mine)
        self.saves[take_id].use_mine(mine)

    def _keep_theirs(self) -> None:
        self.mine = None
