"""The saves the outbox keeps: a finished take and a rating (self or supervisor).

Each kind is written as plain JSON (the attempt named by its uuid, stable on the server) and
applied by a handler that first looks at what the server holds: a save that already landed
(the connection dropped after the commit, or a replay after a crash) is left alone."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.clinic.outbox import register_kind
from practice_db.attempts import AttemptRepository
from practice_db.errors import NotFoundError
from practice_db.ratings import RatingRepository
from practice_db.records import AttemptRecord, CriterionVerdict, RatingInput, RatingRecord, TakeFacts

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

FINISH_TAKE = "finish_take"
RATING = "rating"


# -- finished take ---------------------------------------------------------
def take_payload(
    attempt: AttemptRecord | None, attempt_id: int, facts: TakeFacts, ended_at: datetime
) -> dict[str, Any]:
    return {
        "attempt_id": attempt_id,
        "attempt_uuid": None if attempt is None else attempt.uuid,
        "facts": asdict(facts),
        "ended_at": ended_at.isoformat(),
    }


def _attempt(store: PracticeStore, payload: dict[str, Any]) -> AttemptRecord:
    if payload.get("attempt_uuid"):
        found = store.attempts.by_uuid(payload["attempt_uuid"])
        if found is None:
            raise NotFoundError("That attempt is no longer on the clinic's server.")
        return found
    return store.attempts.get(int(payload["attempt_id"]))


def apply_finish_take(store: PracticeStore, payload: dict[str, Any]) -> None:
    attempt = _attempt(store, payload)
    facts = TakeFacts(**payload["facts"])
    if attempt.status != "recording" and all(getattr(attempt, k) == v for k, v in asdict(facts).items()):
        return  # already there
    # The repository's own method: a replay that fails must not be put back in the outbox.
    AttemptRepository.finish(store.attempts, attempt.id, facts, datetime.fromisoformat(payload["ended_at"]))


# -- rating ----------------------------------------------------------------
def rating_payload(
    attempt_id: int, attempt_uuid: str | None, rater_profile_id: int, data: RatingInput
) -> dict[str, Any]:
    return {
        "attempt_id": attempt_id,
        "attempt_uuid": attempt_uuid,
        "rater_profile_id": rater_profile_id,
        "scores": dict(data.scores),
        "reaction": data.reaction,
        "note": data.note,
        "went_well": data.went_well,
        "corrective_point": data.corrective_point,
        "extra_corrective_point": data.extra_corrective_point,
        "ask_again": data.ask_again,
        "criteria_verdicts": None
        if data.criteria_verdicts is None
        else [asdict(v) for v in data.criteria_verdicts],
    }


def rating_input(payload: dict[str, Any]) -> RatingInput:
    verdicts = payload.get("criteria_verdicts")
    return RatingInput(
        scores=dict(payload["scores"]),
        reaction=payload["reaction"],
        note=payload["note"],
        went_well=payload["went_well"],
        corrective_point=payload["corrective_point"],
        extra_corrective_point=payload["extra_corrective_point"],
        ask_again=bool(payload["ask_again"]),
        criteria_verdicts=None if verdicts is None else tuple(CriterionVerdict(**v) for v in verdicts),
    )


def same_rating(saved: RatingRecord, data: RatingInput) -> bool:
    """Does the saved rating already say everything this input says?"""
    if any(saved.scores.get(k) != v for k, v in data.scores.items()):
        return False
    if data.criteria_verdicts is not None and tuple(saved.criteria_verdicts) != tuple(data.criteria_verdicts):
        return False
    return (
        saved.reaction,
        saved.note,
        saved.went_well,
        saved.corrective_point,
        saved.extra_corrective_point,
        saved.ask_again,
    ) == (
        data.reaction,
        data.note,
        data.went_well,
        data.corrective_point,
        data.extra_corrective_point,
        data.ask_again,
    )


def apply_rating(store: PracticeStore, payload: dict[str, Any]) -> None:
    attempt = _attempt(store, payload)
    rater = int(payload["rater_profile_id"])
    data = rating_input(payload)
    saved = next((r for r in store.ratings.for_attempt(attempt.id) if r.rater_profile_id == rater), None)
    if saved is not None and same_rating(saved, data):
        return  # already there
    RatingRepository.save(store.ratings, attempt.id, rater, data)


register_kind(FINISH_TAKE, apply_finish_take)
register_kind(RATING, apply_rating)
