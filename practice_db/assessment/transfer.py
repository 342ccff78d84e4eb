"""The FIS assessment in bundles: what a review bundle sends (sittings, takes, self-ratings) and
what a feedback bundle brings back (a rater's ratings), read and written at the ORM level.

The import functions run inside the transfer repository's ONE transaction (practice_db/transfer),
so a bundle's practice attempts and its assessments land together or not at all. Everything is
matched by uuid, so importing the same bundle twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.assessment import convert as a_convert
from practice_db.assessment.records import (
    OCCASIONS,
    AssessmentRatingRecord,
    AssessmentRecord,
    AssessmentSetRecord,
    AssessmentTakeRecord,
)
from practice_db.clips import ClipRepository
from practice_db.errors import ValidationError
from practice_db.records import ClipRecord
from practice_db.vocabulary import FACET_KEYS

SENT_SITTINGS = ("complete", "incomplete")  # a sitting still in progress stays home
SENT_TAKES = ("complete", "recovered", "no_reply")  # a take still recording is not a reply
Verdict = Literal["added", "updated", "unchanged", "refused", "missing"]

# -- out -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentSnapshot:
    """A trainee's sittings with everything a bundle needs, read in one session."""

    sets: tuple[AssessmentSetRecord, ...]
    positions: Mapping[int, tuple[tuple[int, int], ...]]  # set id -> ((position, clip id), ...)
    clips: tuple[ClipRecord, ...]
    assessment_only: frozenset[int]  # clip ids kept out of practice
    assessments: tuple[AssessmentRecord, ...]
    takes: tuple[AssessmentTakeRecord, ...]
    ratings: tuple[AssessmentRatingRecord, ...]  # by the one rater asked for

    def clip(self, clip_id: int) -> ClipRecord:
        return next(c for c in self.clips if c.id == clip_id)

    def take_uuid(self, take_id: int) -> str:
        return next(t.uuid for t in self.takes if t.id == take_id)


def snapshot(s: Session, trainee_id: int, rater_id: int) -> AssessmentSnapshot:
    """The trainee's finished or stopped sittings, their sets and clips, and `rater_id`'s ratings
    of those takes (the trainee's own self-ratings, or one rater's)."""
    a, t, r = models.Assessment, models.AssessmentTake, models.AssessmentRating
    sittings = list(
        s.scalars(
            select(a)
            .where(a.profile_id == trainee_id, a.status.in_(SENT_SITTINGS))
            .order_by(a.started_at, a.id)
        )
    )
    ids = [row.id for row in sittings]
    takes = (
        list(
            s.scalars(
                select(t)
                .where(t.assessment_id.in_(ids), t.status.in_(SENT_TAKES))
                .order_by(t.assessment_id, t.position)
            )
        )
        if ids
        else []
    )
    take_ids = [row.id for row in takes]
    ratings = (
        list(
            s.scalars(select(r).where(r.take_id.in_(take_ids), r.rater_profile_id == rater_id).order_by(r.id))
        )
        if take_ids
        else []
    )
    set_ids = sorted({row.set_id for row in sittings})
    aset = models.AssessmentSet
    sets = list(s.scalars(select(aset).where(aset.id.in_(set_ids)).order_by(aset.id)))
    sc = models.AssessmentSetClip
    placed = list(s.scalars(select(sc).where(sc.set_id.in_(set_ids)).order_by(sc.set_id, sc.position)))
    positions = {i: tuple((p.position, p.clip_id) for p in placed if p.set_id == i) for i in set_ids}
    clip_ids = sorted({p.clip_id for p in placed} | {row.clip_id for row in takes})
    clips = list(s.scalars(select(models.Clip).where(models.Clip.id.in_(clip_ids)))) if clip_ids else []
    facets = ClipRepository._facets(s, clip_ids)
    return AssessmentSnapshot(
        sets=tuple(a_convert.assessment_set(row, tuple(c for _, c in positions[row.id])) for row in sets),
        positions=positions,
        clips=tuple(convert.clip(row, facets[row.id]) for row in sorted(clips, key=lambda c: c.id)),
        assessment_only=frozenset(row.id for row in clips if row.assessment_only),
        assessments=tuple(a_convert.assessment(row) for row in sittings),
        takes=tuple(a_convert.take(row) for row in takes),
        ratings=tuple(a_convert.rating(row) for row in ratings),
    )


def rated_trainees(s: Session, rater_id: int) -> dict[int, tuple[str, int, datetime]]:
    """Clinicians whose assessment takes `rater_id` rated: id -> (name, takes rated, latest sitting)."""
    a, t, r, p = models.Assessment, models.AssessmentTake, models.AssessmentRating, models.Profile
    rows = s.execute(
        select(p.id, p.name, a.started_at)
        .join(a, a.profile_id == p.id)
        .join(t, t.assessment_id == a.id)
        .join(r, r.take_id == t.id)
        .where(r.rater_profile_id == rater_id, r.rater_role == "rater", p.id != rater_id)
    )
    found: dict[int, tuple[str, int, datetime]] = {}
    for pid, name, started in rows:
        seen = found.get(pid)
        found[pid] = (name, 1, started) if seen is None else (name, seen[1] + 1, max(seen[2], started))
    return found


# -- in --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetIn:
    uuid: str
    name: str
    builtin: bool
    clips: tuple[tuple[int, str], ...]  # (position, clip uuid) in the order they are taken


@dataclass(frozen=True)
class TakeIn:
    uuid: str
    position: int
    clip_uuid: str
    status: str
    recording_path: str | None  # data-folder-relative, once staged; None: no recording came
    started_at: datetime
    ended_at: datetime | None
    duration_ms: int | None = None
    response_latency_ms: int | None = None
    speaking_ms: int | None = None
    pause_count: int | None = None
    pause_total_ms: int | None = None


@dataclass(frozen=True)
class SittingIn:
    uuid: str
    set_uuid: str
    occasion: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    takes: tuple[TakeIn, ...]


@dataclass(frozen=True)
class AssessmentRatingIn:
    uuid: str
    take_uuid: str
    rater_uuid: str
    rater_role: str
    scores: Mapping[str, int | None]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AssessmentsIn:
    """A bundle's assessment sections (empty for a bundle without them)."""

    sets: tuple[SetIn, ...] = ()
    sittings: tuple[SittingIn, ...] = ()
    ratings: tuple[AssessmentRatingIn, ...] = ()
    assessment_only: frozenset[str] = frozenset()  # clip uuids kept out of practice

    @property
    def empty(self) -> bool:
        return not (self.sets or self.sittings or self.ratings)


@dataclass(frozen=True)
class AssessmentOutcome:
    sets_added: int = 0
    sittings_added: int = 0
    sittings_already_here: int = 0
    takes_added: int = 0
    ratings_added: int = 0
    ratings_updated: int = 0
    ratings_unchanged: int = 0
    ratings_refused: int = 0
    missing_takes: int = 0  # ratings of takes this computer does not have
    new_take_uuids: tuple[str, ...] = ()  # their staged recordings go into place after the commit

    @property
    def changed(self) -> bool:
        return bool(self.sets_added or self.sittings_added or self.takes_added) or bool(
            self.ratings_added or self.ratings_updated
        )


def import_sittings(
    s: Session, data: AssessmentsIn, trainee: models.Profile, clip_ids: Mapping[str, int]
) -> AssessmentOutcome:
    """Sets and sittings with their takes (clips were matched or added by the caller: `clip_ids`)."""
    out = AssessmentOutcome()
    set_ids: dict[str, int] = {}
    for incoming in data.sets:
        set_id, added = _set(s, incoming, clip_ids)
        set_ids[incoming.uuid] = set_id
        out = replace(out, sets_added=out.sets_added + added)
    new_takes: list[str] = []
    for sitting in data.sittings:
        if sitting.occasion not in OCCASIONS or sitting.status not in SENT_SITTINGS:
            raise ValidationError(
                "An assessment in this bundle has an occasion or state this app does not know."
            )
        if sitting.set_uuid not in set_ids:
            raise ValidationError("An assessment in this bundle refers to a set it does not include.")
        set_id = set_ids[sitting.set_uuid]
        row = s.scalar(select(models.Assessment).where(models.Assessment.uuid == sitting.uuid))
        if row is not None and (row.profile_id != trainee.id or row.set_id != set_id):
            raise ValidationError("An assessment in this bundle already belongs to someone else here.")
        if row is None:
            row = models.Assessment(
                uuid=sitting.uuid,
                profile_id=trainee.id,
                set_id=set_id,
                occasion=sitting.occasion,
                status=sitting.status,
                started_at=sitting.started_at,
                ended_at=sitting.ended_at,
            )
            s.add(row)
            s.flush()
            out = replace(out, sittings_added=out.sittings_added + 1)
        else:
            out = replace(out, sittings_already_here=out.sittings_already_here + 1)
        places = dict(_positions(s, set_id))
        for take in sitting.takes:
            if _take(s, take, row, places, clip_ids):
                new_takes.append(take.uuid)
    s.flush()
    return replace(out, takes_added=len(new_takes), new_take_uuids=tuple(new_takes))


def import_ratings(
    s: Session,
    ratings: Sequence[AssessmentRatingIn],
    rater: models.Profile,
    trainee: models.Profile,
    rater_uuid: str,  # the rater's id in the bundle: theirs here, or one linked to them
    out: AssessmentOutcome | None = None,
) -> AssessmentOutcome:
    """The trainee's self-ratings (review bundle) or a rater's ratings (feedback bundle)."""
    counts: dict[str, int] = {"added": 0, "updated": 0, "unchanged": 0, "refused": 0, "missing": 0}
    for rating in ratings:
        counts[_rating(s, rating, rater, trainee, rater_uuid)] += 1
    s.flush()
    return replace(
        out or AssessmentOutcome(),
        ratings_added=counts["added"],
        ratings_updated=counts["updated"],
        ratings_unchanged=counts["unchanged"],
        ratings_refused=counts["refused"],
        missing_takes=counts["missing"],
    )


def _positions(s: Session, set_id: int) -> list[tuple[int, int]]:
    sc = models.AssessmentSetClip
    return [
        (p.position, p.clip_id)
        for p in s.scalars(select(sc).where(sc.set_id == set_id).order_by(sc.position))
    ]


def _set(s: Session, incoming: SetIn, clip_ids: Mapping[str, int]) -> tuple[int, int]:
    """(local set id, 1 if added). By uuid; else the same clips in the same places (the built-in
    set installed on both computers under its own id); else a new set with the bundle's id."""
    if any(u not in clip_ids for _, u in incoming.clips):
        raise ValidationError("An assessment set in this bundle refers to a clip it does not include.")
    wanted = sorted((pos, clip_ids[u]) for pos, u in incoming.clips)
    aset = models.AssessmentSet
    row = s.scalar(select(aset).where(aset.uuid == incoming.uuid))
    if row is not None:
        if _positions(s, row.id) != wanted:
            raise ValidationError(
                "An assessment set in this bundle differs from the set of the same id here."
            )
        return row.id, 0
    for candidate in list(s.scalars(select(aset).order_by(aset.builtin.desc(), aset.id))):
        if _positions(s, candidate.id) == wanted:
            return candidate.id, 0
    row = aset(uuid=incoming.uuid, name=incoming.name.strip()[:200] or "Assessment set", builtin=False)
    s.add(row)
    s.flush()
    s.add_all(models.AssessmentSetClip(set_id=row.id, position=p, clip_id=c) for p, c in wanted)
    return row.id, 1


def _take(
    s: Session,
    take: TakeIn,
    sitting: models.Assessment,
    places: Mapping[int, int],
    clip_ids: Mapping[str, int],
) -> bool:
    """True if the take was added (False: already here)."""
    if take.status not in SENT_TAKES:
        raise ValidationError("A take in this bundle has a state this app does not know.")
    clip_id = clip_ids.get(take.clip_uuid)
    if take.position not in places or places[take.position] != clip_id:
        raise ValidationError("A take in this bundle has a place in its set that the set does not have.")
    t = models.AssessmentTake
    row = s.scalar(select(t).where(t.uuid == take.uuid))
    if row is not None:
        if row.assessment_id != sitting.id or row.position != take.position:
            raise ValidationError("A take in this bundle already belongs to another assessment here.")
        return False
    if s.scalar(select(t.id).where(t.assessment_id == sitting.id, t.position == take.position)) is not None:
        raise ValidationError("An assessment in this bundle has two replies to the same clip.")
    s.add(
        t(
            uuid=take.uuid,
            assessment_id=sitting.id,
            clip_id=places[take.position],
            position=take.position,
            recording_path=take.recording_path,
            started_at=take.started_at,
            ended_at=take.ended_at,
            duration_ms=take.duration_ms,
            response_latency_ms=take.response_latency_ms,
            speaking_ms=take.speaking_ms,
            pause_count=take.pause_count,
            pause_total_ms=take.pause_total_ms,
            status=take.status,
        )
    )
    s.flush()
    return True


def _rating(
    s: Session, incoming: AssessmentRatingIn, rater: models.Profile, trainee: models.Profile, rater_uuid: str
) -> Verdict:
    take = s.scalar(select(models.AssessmentTake).where(models.AssessmentTake.uuid == incoming.take_uuid))
    if take is None:
        return "missing"
    sitting = s.get(models.Assessment, take.assessment_id)
    role = "self" if rater.id == trainee.id else "rater"
    if sitting is None or sitting.profile_id != trainee.id:
        return "refused"
    if incoming.rater_uuid != rater_uuid or incoming.rater_role != role:
        return "refused"
    scores = {k: incoming.scores.get(k) for k in FACET_KEYS}
    if any(v is not None and not (isinstance(v, int) and 1 <= v <= 5) for v in scores.values()):
        raise ValidationError("A rating in this bundle has a score outside 1 to 5.")
    r = models.AssessmentRating
    row = s.scalar(select(r).where(r.uuid == incoming.uuid))
    if row is not None and (row.rater_profile_id != rater.id or row.take_id != take.id):
        return "refused"  # never overwrite someone else's rating
    row = row or s.scalar(select(r).where(r.take_id == take.id, r.rater_profile_id == rater.id))
    verdict: Verdict = "updated"
    if row is None:
        row = r(uuid=incoming.uuid, take_id=take.id, rater_profile_id=rater.id, rater_role=role)
        row.created_at = incoming.created_at
        s.add(row)
        verdict = "added"
    elif incoming.updated_at <= row.updated_at:
        return "unchanged"  # an older or identical copy: the local one stands
    for key, value in scores.items():
        setattr(row, key, value)
    row.updated_at = incoming.updated_at
    s.flush()
    return verdict


class AssessmentTransferRepository:
    """`store.assessment_transfer`: the read side for bundles (imports go through store.transfer)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def snapshot(self, trainee_id: int, rater_id: int) -> AssessmentSnapshot:
        with self._sessions() as s:
            return snapshot(s, trainee_id, rater_id)

    def rated_trainees(self, rater_id: int) -> dict[int, tuple[str, int, datetime]]:
        with self._sessions() as s:
            return rated_trainees(s, rater_id)
