"""In clinic mode the store's take and rating saves fall back to the outbox when the connection
drops mid-save: the work is kept on this computer and the page carries on as if it was saved
(the window's status bar shows what is waiting). Any other error is raised as before."""

from __future__ import annotations

import logging
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.clinic import outbox_kinds
from app.clinic.outbox import Outbox
from practice_db.attempts import AttemptRepository
from practice_db.clinic_session import is_connection_lost
from practice_db.errors import StorageError
from practice_db.ratings import RatingRepository
from practice_db.records import AttemptRecord, RatingInput, RatingRecord, TakeFacts

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


class SavedForLaterError(StorageError):
    """The save is in the outbox, but there is nothing to show in its place."""

    def __init__(self) -> None:
        super().__init__(
            "The clinic's server can't be reached just now. Your work is kept on this computer "
            "and will be sent when the server is back."
        )


def drained(store: PracticeStore | None, outbox: Outbox) -> bool:
    """Send what waits first: a newer save must not land before an older one that is still
    queued (the replay would then overwrite it). False while something still waits."""
    if outbox.count() == 0:
        return True
    if store is None:
        return False
    return outbox.replay(store, is_connection_lost).waiting == 0


class OutboxAttempts(AttemptRepository):
    def __init__(self, inner: AttemptRepository, outbox: Outbox) -> None:
        super().__init__(inner._sessions)
        self.outbox = outbox
        self.store: PracticeStore | None = None  # for replaying before a new save
        self._begun: dict[int, AttemptRecord] = {}  # what finish() needs to answer without the server

    def begin(self, *args: Any, **kwargs: Any) -> AttemptRecord:
        record = super().begin(*args, **kwargs)
        self._begun[record.id] = record
        return record

    def finish(self, attempt_id: int, facts: TakeFacts, ended_at: datetime | None = None) -> AttemptRecord:
        try:
            if drained(self.store, self.outbox):
                return super().finish(attempt_id, facts, ended_at)
            error: Exception | None = None
        except Exception as exc:
            if not is_connection_lost(exc):
                raise
            error = exc
        # Kept on this computer, behind what already waits.
        known = self._begun.get(attempt_id)
        when = ended_at or datetime.now(UTC)
        self.outbox.add(outbox_kinds.FINISH_TAKE, outbox_kinds.take_payload(known, attempt_id, facts, when))
        log.warning("Connection lost while finishing attempt %s; kept in the outbox", attempt_id)
        if known is None:
            raise SavedForLaterError() from error
        return replace(known, ended_at=when, **asdict(facts))

    def attempt_known(self, attempt_id: int) -> AttemptRecord | None:
        return self._begun.get(attempt_id)


class OutboxRatings(RatingRepository):
    def __init__(self, inner: RatingRepository, outbox: Outbox, attempts: OutboxAttempts) -> None:
        super().__init__(inner._sessions)
        self.outbox = outbox
        self._attempts = attempts
        self.store: PracticeStore | None = None

    def save(
        self, attempt_id: int, rater_profile_id: int, data: RatingInput, *args: Any, **kwargs: Any
    ) -> RatingRecord:
        try:
            if drained(self.store, self.outbox):
                return super().save(attempt_id, rater_profile_id, data, *args, **kwargs)
        except Exception as exc:
            if not is_connection_lost(exc):
                raise
        # Kept on this computer, behind what already waits.
        known = self._attempts.attempt_known(attempt_id)
        entry = self.outbox.add(
            outbox_kinds.RATING,
            outbox_kinds.rating_payload(
                attempt_id, None if known is None else known.uuid, rater_profile_id, data
            ),
        )
        log.warning("Connection lost while saving a rating of attempt %s; kept in the outbox", attempt_id)
        now = datetime.now(UTC)
        own = known is not None and known.profile_id == rater_profile_id
        return RatingRecord(
            id=0,  # not on the server yet
            uuid=entry.uuid,
            attempt_id=attempt_id,
            rater_profile_id=rater_profile_id,
            rater_role="self" if own else "supervisor",
            scores=dict(data.scores),
            reaction=data.reaction,
            note=data.note,
            went_well=data.went_well,
            corrective_point=data.corrective_point,
            extra_corrective_point=data.extra_corrective_point,
            ask_again=data.ask_again,
            created_at=now,
            updated_at=now,
            criteria_verdicts=data.criteria_verdicts or (),
        )


def keep_saves_in_outbox(store: PracticeStore, outbox: Outbox) -> None:
    attempts = OutboxAttempts(store.attempts, outbox)
    ratings = OutboxRatings(store.ratings, outbox, attempts)
    attempts.store = ratings.store = store
    store.attempts, store.ratings = attempts, ratings
