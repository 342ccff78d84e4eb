"""Profiles: who is practising or supervising on this computer."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.errors import DuplicateError, NotFoundError, ValidationError
from practice_db.records import ProfileRecord
from practice_db.vocabulary import ROLES

MAX_NAME = 120


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("Please enter a name for the profile.")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"Please keep the name under {MAX_NAME} characters.")
    return cleaned


class ProfileRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, name: str, role: str, uuid: str | None = None) -> ProfileRecord:
        if role not in ROLES:
            raise ValidationError(f"Unknown role {role!r}; choose clinician or supervisor.")
        cleaned = clean_name(name)
        with self._sessions.begin() as s:
            taken = s.scalar(
                select(models.Profile.id).where(func.lower(models.Profile.name) == cleaned.lower())
            )
            if taken is not None:
                raise DuplicateError(f"There is already a profile called {cleaned!r}.")
            row = models.Profile(name=cleaned, role=role)
            if uuid is not None:
                row.uuid = uuid
            s.add(row)
            s.flush()
            return convert.profile(row)

    def list(self) -> list[ProfileRecord]:
        with self._sessions() as s:
            rows = s.scalars(select(models.Profile).order_by(func.lower(models.Profile.name)))
            return [convert.profile(r) for r in rows]

    def get(self, profile_id: int) -> ProfileRecord:
        with self._sessions() as s:
            row = s.get(models.Profile, profile_id)
            if row is None:
                raise NotFoundError("That profile no longer exists.")
            return convert.profile(row)

    def by_uuid(self, uuid: str) -> ProfileRecord | None:
        with self._sessions() as s:
            row = s.scalar(select(models.Profile).where(models.Profile.uuid == uuid))
            return None if row is None else convert.profile(row)

    def rename(self, profile_id: int, name: str) -> ProfileRecord:
        cleaned = clean_name(name)
        with self._sessions.begin() as s:
            row = s.get(models.Profile, profile_id)
            if row is None:
                raise NotFoundError("That profile no longer exists.")
            row.name = cleaned
            s.flush()
            return convert.profile(row)
