"""Profiles: who is practising or supervising on this computer."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.errors import DuplicateError, NotFoundError, ValidationError
from practice_db.records import ProfileRecord
from practice_db.text_fold import name_key, sort_key
from practice_db.vocabulary import ROLES

MAX_NAME = 120


def clean_name(name: str) -> str:
    cleaned = " ".join(
        unicodedata.normalize("NFC", name).split()
    )  # as typed, however the keyboard composed it
    if not cleaned:
        raise ValidationError("Please enter a name for the profile.")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"Please keep the name under {MAX_NAME} characters.")
    return cleaned


def name_taken(s: Session, name: str) -> bool:
    """Another profile has this name, in any case (compared in Python: SQL lower() folds ASCII only).
    A computer holds a handful of profiles, so reading their names is cheap."""
    wanted = name_key(name)
    return any(name_key(other) == wanted for other in s.scalars(select(models.Profile.name)))


class ProfileRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, name: str, role: str, uuid: str | None = None) -> ProfileRecord:
        if role not in ROLES:
            raise ValidationError(f"Unknown role {role!r}; choose clinician or supervisor.")
        cleaned = clean_name(name)
        with self._sessions.begin() as s:
            if name_taken(s, cleaned):
                raise DuplicateError(f"There is already a profile called {cleaned!r}.")
            row = models.Profile(name=cleaned, role=role)
            if uuid is not None:
                row.uuid = uuid
            s.add(row)
            s.flush()
            return convert.profile(row)

    def list(self) -> list[ProfileRecord]:
        with self._sessions() as s:
            rows = sorted(s.scalars(select(models.Profile)), key=lambda r: (sort_key(r.name), r.id))
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
