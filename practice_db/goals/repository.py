"""Goals: SMART-style objectives a trainee or their supervisor sets, with who-may-change-what."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, tzinfo
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.errors import NotFoundError, PermissionDeniedError, ValidationError
from practice_db.goals.kinds import GOAL_KINDS, clean_note, normalise_params, validate_dates
from practice_db.goals.measures import GoalMeasures, SqlMeasures
from practice_db.goals.status import evaluate
from practice_db.progress.records import GoalKind, GoalRecord, GoalStatus, NewGoal
from practice_db.timeutil import utcnow
from practice_db.versioning import Seen, check_expected, save_checked


def _record(row: models.Goal) -> GoalRecord:
    return GoalRecord(
        id=row.id,
        uuid=row.uuid,
        owner_profile_id=row.owner_profile_id,
        set_by_profile_id=row.set_by_profile_id,
        kind=cast(GoalKind, row.kind),
        params=dict(row.params),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        note=row.note,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


WHAT = "this goal"


def _may_change(row: models.Goal, by_profile_id: int) -> bool:
    """The trainee whose goal it is, or the supervisor who set it."""
    return by_profile_id in (row.owner_profile_id, row.set_by_profile_id)


def measure_goals(
    s: Session, owner_profile_id: int, today: date, tz: tzinfo, measures: GoalMeasures | None = None
) -> list[GoalStatus]:
    """Every goal of this profile, measured as of `today` (by SQL unless `measures` is given)."""
    rows = s.scalars(
        select(models.Goal)
        .where(models.Goal.owner_profile_id == owner_profile_id)
        .order_by(models.Goal.ends_on, models.Goal.id)
    )
    figures = measures or SqlMeasures(s)
    return [evaluate(figures, _record(r), today, tz) for r in list(rows)]


class GoalRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, goal: NewGoal) -> GoalRecord:
        if goal.kind not in GOAL_KINDS:
            raise ValidationError(f"Unknown kind of goal {goal.kind!r}.")
        params = normalise_params(goal.kind, goal.params)
        validate_dates(goal.starts_on, goal.ends_on)
        note = clean_note(goal.note)
        with self._sessions.begin() as s:
            owner = s.get(models.Profile, goal.owner_profile_id)
            setter = s.get(models.Profile, goal.set_by_profile_id)
            if owner is None or setter is None:
                raise NotFoundError("That profile no longer exists.")
            if setter.id != owner.id and setter.role != "supervisor":
                raise PermissionDeniedError("Only a supervisor can set a goal for someone else.")
            row = models.Goal(
                owner_profile_id=owner.id,
                set_by_profile_id=setter.id,
                kind=goal.kind,
                params=params,
                starts_on=goal.starts_on,
                ends_on=goal.ends_on,
                note=note,
            )
            s.add(row)
            s.flush()
            return _record(row)

    def get(self, goal_id: int) -> GoalRecord:
        with self._sessions() as s:
            return _record(self._row(s, goal_id))

    def for_profile(self, owner_profile_id: int) -> list[GoalRecord]:
        query = (
            select(models.Goal)
            .where(models.Goal.owner_profile_id == owner_profile_id)
            .order_by(models.Goal.ends_on, models.Goal.id)
        )
        with self._sessions() as s:
            return [_record(r) for r in s.scalars(query)]

    def update(
        self,
        goal_id: int,
        by_profile_id: int,
        *,
        params: Mapping[str, object] | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> GoalRecord:
        """Change a goal. `expected_version`: the version the dialog opened (None: don't check);
        a goal changed elsewhere since raises EditConflict with the goal as it is now."""

        def write(s: Session, seen: Seen) -> GoalRecord:
            row = self._row(s, goal_id)
            if not _may_change(row, by_profile_id):
                raise PermissionDeniedError(
                    "Only the trainee or the supervisor who set a goal can change it."
                )
            seen.version = row.version
            check_expected(expected_version, _record(row), WHAT)
            new_params = normalise_params(row.kind, params) if params is not None else row.params
            new_start, new_end = starts_on or row.starts_on, ends_on or row.ends_on
            validate_dates(new_start, new_end)
            row.params = new_params
            row.starts_on, row.ends_on = new_start, new_end
            if note is not None:
                row.note = clean_note(note)
            row.updated_at = utcnow()
            s.flush()  # the version goes up by one, only from the version read (models.py)
            return _record(row)

        def reread(s: Session) -> GoalRecord | None:
            row = s.get(models.Goal, goal_id)
            return _record(row) if row is not None else None

        return save_checked(self._sessions, write, reread, WHAT)

    def delete(self, goal_id: int, by_profile_id: int) -> None:
        with self._sessions.begin() as s:
            row = self._row(s, goal_id)
            if not _may_change(row, by_profile_id):
                raise PermissionDeniedError(
                    "Only the trainee or the supervisor who set a goal can remove it."
                )
            s.delete(row)

    def status(self, goal_id: int, today: date, tz: tzinfo = UTC) -> GoalStatus:
        with self._sessions() as s:
            return evaluate(SqlMeasures(s), _record(self._row(s, goal_id)), today, tz)

    def statuses(self, owner_profile_id: int, today: date, tz: tzinfo = UTC) -> list[GoalStatus]:
        """Every goal of this profile, measured as of `today` (in one read session)."""
        with self._sessions() as s:
            return measure_goals(s, owner_profile_id, today, tz)

    @staticmethod
    def _row(s: Session, goal_id: int) -> models.Goal:
        row = s.get(models.Goal, goal_id)
        if row is None:
            raise NotFoundError("That goal no longer exists.")
        return row
