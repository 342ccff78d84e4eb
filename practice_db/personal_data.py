"""One person's data as plain tables, for "Export all my data" (GDPR-style access).

Values are text, numbers or None (times in ISO 8601, UTC; JSON columns as compact JSON text),
so a table writes to CSV and JSON without knowing what it holds."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from practice_db import models
from practice_db.convert import profile as profile_record
from practice_db.errors import NotFoundError
from practice_db.records import ProfileRecord
from practice_db.vocabulary import FACET_KEYS

Cell = str | int | float | None


@dataclass(frozen=True)
class DataTable:
    name: str  # file stem: "attempts", "ratings_given", ...
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Recording:
    attempt_uuid: str
    path: str  # relative to the data folder


@dataclass(frozen=True)
class PersonalData:
    profile: ProfileRecord
    tables: tuple[DataTable, ...]
    recordings: tuple[Recording, ...]


RATING_COLUMNS = (
    "rating_uuid",
    "attempt_uuid",
    "exercise",
    "trainee",
    "rater",
    "rater_role",
    *FACET_KEYS,
    "check_in",
    "note",
    "went_well",
    "corrective_point",
    "extra_corrective_point",
    "ask_again",
    "criteria_verdicts",
    "created_at",
    "updated_at",
)


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _table(name: str, columns: tuple[str, ...], rows: Iterable[Iterable[Any]]) -> DataTable:
    return DataTable(name, columns, tuple(tuple(_cell(v) for v in row) for row in rows))


class PersonalDataReader:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def read(self, profile_id: int) -> PersonalData:
        a, c, r, cm, g = models.Attempt, models.Clip, models.Rating, models.Comment, models.Goal
        trainee, rater, author = aliased(models.Profile), aliased(models.Profile), aliased(models.Profile)
        with self._sessions() as s:
            me = s.get(models.Profile, profile_id)
            if me is None:
                raise NotFoundError("That profile no longer exists.")
            attempts = s.execute(
                select(a, c.title, c.presentation, c.difficulty)
                .join(c, c.id == a.clip_id)
                .where(a.profile_id == profile_id)
                .order_by(a.started_at, a.id)
            ).all()
            attempt_table = _table(
                "attempts",
                (
                    "attempt_uuid",
                    "exercise",
                    "presentation",
                    "level",
                    "started_at",
                    "ended_at",
                    "status",
                    "duration_ms",
                    "response_latency_ms",
                    "speaking_ms",
                    "pause_count",
                    "pause_total_ms",
                    "recording_file",
                ),  # fmt: skip
                (
                    (
                        x.uuid,
                        title,
                        presentation,
                        level,
                        x.started_at,
                        x.ended_at,
                        x.status,
                        x.duration_ms,
                        x.response_latency_ms,
                        x.speaking_ms,
                        x.pause_count,
                        x.pause_total_ms,
                        _recording_name(x),
                    )  # fmt: skip
                    for x, title, presentation, level in attempts
                ),
            )
            ratings = select(r, a.uuid, c.title, trainee.name, rater.name).join(a, a.id == r.attempt_id)
            ratings = (
                ratings.join(c, c.id == a.clip_id)
                .join(trainee, trainee.id == a.profile_id)
                .join(rater, rater.id == r.rater_profile_id)
                .order_by(r.created_at, r.id)
            )
            given = s.execute(ratings.where(r.rater_profile_id == profile_id)).all()
            received = s.execute(
                ratings.where(a.profile_id == profile_id, r.rater_profile_id != profile_id)
            ).all()
            comments = s.execute(
                select(cm, a.uuid, c.title, trainee.name, author.name)
                .join(a, a.id == cm.attempt_id)
                .join(c, c.id == a.clip_id)
                .join(trainee, trainee.id == a.profile_id)
                .join(author, author.id == cm.author_profile_id)
                .where(or_(cm.author_profile_id == profile_id, a.profile_id == profile_id))
                .order_by(cm.created_at, cm.id)
            ).all()
            goals = s.execute(
                select(g, rater.name)
                .outerjoin(rater, rater.id == g.set_by_profile_id)
                .where(g.owner_profile_id == profile_id)
                .order_by(g.starts_on, g.id)
            ).all()
            return PersonalData(
                profile=profile_record(me),
                tables=(
                    _table(
                        "profile",
                        ("profile_uuid", "name", "role", "created_at"),
                        [(me.uuid, me.name, me.role, me.created_at)],
                    ),
                    attempt_table,
                    _table("ratings_given", RATING_COLUMNS, (_rating_row(*row) for row in given)),
                    _table("ratings_received", RATING_COLUMNS, (_rating_row(*row) for row in received)),
                    _table(
                        "comments",
                        (
                            "comment_uuid",
                            "attempt_uuid",
                            "exercise",
                            "trainee",
                            "author",
                            "at_ms",
                            "text",
                            "created_at",
                        ),
                        (
                            (x.uuid, uuid, title, who, by, x.offset_ms, x.text, x.created_at)
                            for x, uuid, title, who, by in comments
                        ),
                    ),
                    _table(
                        "goals",
                        (
                            "goal_uuid",
                            "kind",
                            "params",
                            "starts_on",
                            "ends_on",
                            "note",
                            "set_by",
                            "created_at",
                        ),
                        (
                            (x.uuid, x.kind, x.params, x.starts_on, x.ends_on, x.note, by, x.created_at)
                            for x, by in goals
                        ),
                    ),
                    *_assessment_tables(s, profile_id),
                ),
                recordings=(
                    *(Recording(x.uuid, x.recording_path) for x, *_ in attempts if x.recording_path),
                    *_assessment_recordings(s, profile_id),
                ),
            )


def _assessment_tables(s: Session, profile_id: int) -> tuple[DataTable, ...]:
    """The person's FIS assessment sittings with their takes, and every rating of those takes."""
    sit, take, r, c = models.Assessment, models.AssessmentTake, models.AssessmentRating, models.Clip
    takes = s.execute(
        select(sit, take, c.title)
        .join(take, take.assessment_id == sit.id)
        .join(c, c.id == take.clip_id)
        .where(sit.profile_id == profile_id)
        .order_by(sit.started_at, sit.id, take.position)
    ).all()
    ratings = s.execute(
        select(r, take.uuid)
        .join(take, take.id == r.take_id)
        .where(take.id.in_([t.id for _, t, _ in takes]))
        .order_by(r.id)  # PostgreSQL returns rows in no set order without one
    ).all()
    return (
        _table(
            "assessment_takes",
            (
                "sitting_uuid",
                "occasion",
                "sitting_status",
                "take_uuid",
                "position",
                "clip",
                "started_at",
                "status",
                "duration_ms",
                "response_latency_ms",
                "speaking_ms",
                "recording_file",
            ),
            (
                (
                    a.uuid,
                    a.occasion,
                    a.status,
                    t.uuid,
                    t.position + 1,
                    title,
                    t.started_at,
                    t.status,
                    t.duration_ms,
                    t.response_latency_ms,
                    t.speaking_ms,
                    _take_recording_name(t),
                )
                for a, t, title in takes
            ),
        ),  # fmt: skip
        _table(
            "assessment_ratings",
            ("rating_uuid", "take_uuid", "rater_role", *FACET_KEYS, "updated_at"),
            (
                (x.uuid, uuid, x.rater_role, *(getattr(x, k) for k in FACET_KEYS), x.updated_at)
                for x, uuid in ratings
            ),
        ),
    )


def _assessment_recordings(s: Session, profile_id: int) -> tuple[Recording, ...]:
    sit, take = models.Assessment, models.AssessmentTake
    rows = s.execute(
        select(take.uuid, take.recording_path)
        .join(sit, sit.id == take.assessment_id)
        .where(sit.profile_id == profile_id, take.recording_path.is_not(None))
        .order_by(take.id)
    ).all()
    return tuple(Recording(uuid, path) for uuid, path in rows if path)


def _take_recording_name(take: models.AssessmentTake) -> str | None:
    if not take.recording_path:
        return None
    suffix = take.recording_path.rsplit(".", 1)[-1] if "." in take.recording_path else "wav"
    return f"recordings/{take.uuid}.{suffix}"


def _recording_name(attempt: models.Attempt) -> str | None:
    if not attempt.recording_path:
        return None
    suffix = attempt.recording_path.rsplit(".", 1)[-1] if "." in attempt.recording_path else "wav"
    return f"recordings/{attempt.uuid}.{suffix}"


def _rating_row(x: models.Rating, attempt_uuid: str, title: str, trainee: str, rater: str) -> list[Any]:
    return [
        x.uuid,
        attempt_uuid,
        title,
        trainee,
        rater,
        x.rater_role,
        *(getattr(x, k) for k in FACET_KEYS),
        x.reaction,
        x.note,
        x.went_well,
        x.corrective_point,
        x.extra_corrective_point,
        x.ask_again,
        x.criteria_verdicts,
        x.created_at,
        x.updated_at,
    ]
