"""Profiles: who is practising or supervising on this computer."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.errors import DuplicateError, NotFoundError, ValidationError
from practice_db.records import ProfileRecord
from practice_db.text_fold import name_key, sort_key
from practice_db.vocabulary import ROLES

MAX_NAME = 120
HASH_PREFIX = "$argon2"  # what a stored password hash starts with (app/profiles/password.py)
MAX_HASH = 255


def clean_name(name: str) -> str:
    cleaned = " ".join(
        unicodedata.normalize("NFC", name).split()
    )  # as typed, however the keyboard composed it
    if not cleaned:
        raise ValidationError("Please enter a name for the profile.")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"Please keep the name under {MAX_NAME} characters.")
    return cleaned


def profile_named(s: Session, name: str) -> models.Profile | None:
    """The profile with this name, in any case (compared in Python: SQL lower() folds ASCII only).
    A computer holds a handful of profiles, so reading them is cheap."""
    wanted = name_key(name)
    rows = s.scalars(select(models.Profile).order_by(models.Profile.id))  # the oldest, on every database
    return next((p for p in rows if name_key(p.name) == wanted), None)


def name_taken(s: Session, name: str) -> bool:
    return profile_named(s, name) is not None


class ProfileRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, name: str, role: str, uuid: str | None = None) -> ProfileRecord:
        if role not in ROLES:
            raise ValidationError(f"Unknown role {role!r}; choose clinician or supervisor.")
        cleaned = clean_name(name)
        try:
            with self._sessions.begin() as s:
                if name_taken(s, cleaned):
                    raise DuplicateError(f"There is already a profile called {cleaned!r}.")
                row = models.Profile(name=cleaned, role=role)
                if uuid is not None:
                    row.uuid = uuid
                s.add(row)
                s.flush()
                return convert.profile(row)
        except IntegrityError as exc:  # made by another computer between the check and the insert
            raise DuplicateError(f"There is already a profile called {cleaned!r}.") from exc

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

    def by_any_uuid(self, uuid: str) -> ProfileRecord | None:
        """The profile with this id, or the one this id was linked to (another computer's id)."""
        with self._sessions() as s:
            row = find_by_uuid(s, uuid)
            return None if row is None else convert.profile(row)

    def named(self, name: str) -> ProfileRecord | None:
        """The profile called `name` (case and spacing ignored), if any."""
        with self._sessions() as s:
            row = profile_named(s, name)
            return None if row is None else convert.profile(row)

    # -- password (the hash only: app/profiles/password.py makes and checks it) ---------------
    def password_hash(self, profile_id: int) -> str | None:
        with self._sessions() as s:
            row = s.get(models.Profile, profile_id)
            if row is None:
                raise NotFoundError("That profile no longer exists.")
            return row.password_hash

    def set_password_hash(self, profile_id: int, password_hash: str | None) -> ProfileRecord:
        """Protect the profile with this hash, or (None) open it to everyone at this computer."""
        if password_hash is not None and (
            not password_hash.startswith(HASH_PREFIX) or len(password_hash) > MAX_HASH
        ):
            raise ValidationError("Only a password hash can be stored, never the password itself.")
        with self._sessions.begin() as s:
            row = s.get(models.Profile, profile_id)
            if row is None:
                raise NotFoundError("That profile no longer exists.")
            row.password_hash = password_hash
            s.flush()
            return convert.profile(row)

    def link(self, profile_id: int, uuid: str) -> ProfileRecord:
        """Record another computer's id for this person: bundles carrying it now land here."""
        with self._sessions.begin() as s:
            row = s.get(models.Profile, profile_id)
            if row is None:
                raise NotFoundError("That profile no longer exists.")
            add_alias(s, row, uuid)
            s.flush()
            return convert.profile(row)

    def merge(self, keep_id: int, gone_id: int) -> ProfileRecord:
        """`gone_id` is the same person as `keep_id`: see practice_db/profile_merge.py."""
        from practice_db.profile_merge import merge_profiles

        return merge_profiles(self._sessions, keep_id, gone_id)

    def rename(self, profile_id: int, name: str) -> ProfileRecord:
        cleaned = clean_name(name)
        with self._sessions.begin() as s:
            row = s.get(models.Profile, profile_id)
            if row is None:
                raise NotFoundError("That profile no longer exists.")
            row.name = cleaned
            s.flush()
            return convert.profile(row)


def find_by_uuid(s: Session, uuid: str) -> models.Profile | None:
    """Match a person by their own id first, then by an id linked to them."""
    row = s.scalar(select(models.Profile).where(models.Profile.uuid == uuid))
    if row is not None:
        return row
    return s.scalar(select(models.Profile).join(models.ProfileAlias).where(models.ProfileAlias.uuid == uuid))


def add_alias(s: Session, row: models.Profile, uuid: str) -> None:
    """Link `uuid` to `row`; an id that already means someone here can't be re-pointed."""
    if uuid == row.uuid or any(a.uuid == uuid for a in row.aliases):
        return
    if find_by_uuid(s, uuid) is not None:
        raise ValidationError("That id already belongs to another profile on this computer.")
    row.aliases.append(models.ProfileAlias(uuid=uuid))
