"""Recordings and clip files kept in the database itself (clinic mode), in chunks.

A file is written in short transactions, one chunk each, under a temporary key; the last
transaction replaces any older file of the same key (and older unfinished uploads of it) and
renames the new one into place with `complete` set. A crash mid-upload leaves only an incomplete
row under a temporary key: readers never see it, and the next `put` of the same key to complete
removes it. Two uploads of one key at once (the upload thread and the outbox's retry) never mix:
one file stands, whole. Reads fetch one chunk per query, so a file is never held in memory whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from sqlalchemy import delete, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.errors import NotFoundError, StorageError, ValidationError

CHUNK_BYTES = 256 * 1024  # one row of stored_file_chunks: small enough for a short transaction
KINDS = ("attempt", "assessment_take", "clip")
PARTIAL = "~partial~"  # temporary key of an upload in progress: "<key>~partial~<hex>"
MAX_KEY = 120 - len(PARTIAL) - 8


class StoredFileDamagedError(StorageError):
    """A stored file lost a chunk, or changed while it was being read."""


@dataclass(frozen=True)
class StoredFileRecord:
    key: str
    kind: str
    profile_id: int | None
    media_type: str
    file_name: str
    size_bytes: int
    chunk_count: int
    sha256: str
    created_at: datetime


@dataclass(frozen=True)
class TakeFileRef:
    """A recorded take whose file may need to reach the server: what names it there, and where
    it lives in the data folder of the computer that recorded it."""

    kind: str  # "attempt" or "assessment_take"
    uuid: str
    profile_id: int
    recording_path: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.uuid}"


KEPT_TAKES = ("complete", "recovered")  # takes worth keeping on the server (not discarded, no reply)


def _record(row: models.StoredFile) -> StoredFileRecord:
    return StoredFileRecord(
        key=row.key,
        kind=row.kind,
        profile_id=row.profile_id,
        media_type=row.media_type,
        file_name=row.file_name,
        size_bytes=int(row.size_bytes),
        chunk_count=int(row.chunk_count),
        sha256=row.sha256,
        created_at=row.created_at,
    )


def rechunk(pieces: Iterable[bytes], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Pieces of any length as chunks of exactly `size` bytes (the last may be shorter)."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


class StoredFileRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def put(
        self,
        key: str,
        kind: str,
        profile_id: int | None,
        media_type: str,
        file_name: str,
        chunks: Iterable[bytes],
    ) -> StoredFileRecord:
        """Store a file from `chunks` (re-cut to CHUNK_BYTES) and return it once complete. An
        earlier file of the same key is replaced only when the new one is whole."""
        if kind not in KINDS:
            raise ValidationError(f"Unknown kind of stored file: {kind}.")
        if not key or len(key) > MAX_KEY or PARTIAL in key:
            raise ValidationError("A stored file needs a short key.")
        temp_key = f"{key}{PARTIAL}{uuid4().hex[:8]}"
        with self._sessions.begin() as s:
            row = models.StoredFile(
                key=temp_key,
                kind=kind,
                profile_id=profile_id,
                media_type=media_type[:60],
                file_name=file_name[:200],
                size_bytes=0,
                chunk_count=0,
                sha256="",
                complete=False,
            )
            s.add(row)
            s.flush()
            file_id = row.id
        digest = hashlib.sha256()
        size = count = 0
        for chunk in rechunk(chunks):
            try:
                with self._sessions.begin() as s:
                    s.execute(insert(models.StoredFileChunk).values(file_id=file_id, seq=count, data=chunk))
            except IntegrityError as exc:  # a newer upload of the same key completed and cleared this one
                raise StoredFileDamagedError("The file was replaced while it was being stored.") from exc
            digest.update(chunk)
            size += len(chunk)
            count += 1
        try:
            return self._complete(key, file_id, size, count, digest.hexdigest())
        except IntegrityError as exc:
            # Another computer completed the same key at the same moment (the same clip, say):
            # theirs stands, this upload's rows go.
            with self._sessions.begin() as s:
                _remove(s, [file_id])
            raise StoredFileDamagedError("The file was stored by another computer at the same time.") from exc

    def _complete(self, key: str, file_id: int, size: int, count: int, sha256: str) -> StoredFileRecord:
        """Replace an older file of `key` by the new one, whole, in one transaction."""
        with self._sessions.begin() as s:
            written = s.scalar(
                select(models.StoredFile.id).where(models.StoredFile.id == file_id).with_for_update()
            )
            if written is None:  # another computer's put of the same key cleared it meanwhile
                raise StoredFileDamagedError("The file was replaced while it was being stored.")
            # The older file of this key, and older uploads of it that never finished (a crash, a
            # dropped connection; or one still running elsewhere, which then fails and is retried).
            older = select(models.StoredFile.id).where(
                (models.StoredFile.key == key)
                | (
                    models.StoredFile.key.startswith(f"{key}{PARTIAL}", autoescape=True)
                    & models.StoredFile.complete.is_(False)
                    & (models.StoredFile.id < file_id)
                )
            )
            _remove(s, list(s.scalars(older)))
            s.execute(
                update(models.StoredFile)
                .where(models.StoredFile.id == file_id)
                .values(key=key, size_bytes=size, chunk_count=count, sha256=sha256, complete=True)
            )
            done = s.get_one(models.StoredFile, file_id, populate_existing=True)
            return _record(done)

    def info(self, key: str) -> StoredFileRecord | None:
        """The complete file of `key`, or None (never stored, or its upload never finished)."""
        with self._sessions() as s:
            row = s.scalar(
                select(models.StoredFile).where(
                    models.StoredFile.key == key, models.StoredFile.complete.is_(True)
                )
            )
            return None if row is None else _record(row)

    def complete_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` have a complete file (one query per 500 keys)."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._sessions() as s:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                found.update(
                    s.scalars(
                        select(models.StoredFile.key).where(
                            models.StoredFile.key.in_(part), models.StoredFile.complete.is_(True)
                        )
                    )
                )
        return found

    def read_chunks(self, key: str) -> Iterator[bytes]:
        """The file's bytes chunk by chunk, one short query each: nothing is held between chunks
        but the file's id. The caller checks the sha256 against `info(key)`."""
        with self._sessions() as s:
            found = s.execute(
                select(models.StoredFile.id, models.StoredFile.chunk_count).where(
                    models.StoredFile.key == key, models.StoredFile.complete.is_(True)
                )
            ).first()
        if found is None:
            raise NotFoundError("That file is not on the server.")
        return self._chunks(int(found[0]), int(found[1]))

    def _chunks(self, file_id: int, count: int) -> Iterator[bytes]:
        for seq in range(count):
            with self._sessions() as s:
                data = s.scalar(
                    select(models.StoredFileChunk.data).where(
                        models.StoredFileChunk.file_id == file_id, models.StoredFileChunk.seq == seq
                    )
                )
            if data is None:
                raise StoredFileDamagedError("Part of the file is missing on the server.")
            yield bytes(data)

    def takes_with_recordings(self, profile_id: int) -> list[TakeFileRef]:
        """This person's kept attempts and assessment takes that have a recording file name."""
        attempt = models.Attempt
        take = models.AssessmentTake
        with self._sessions() as s:
            attempts = s.execute(
                select(attempt.uuid, attempt.recording_path).where(
                    attempt.profile_id == profile_id,
                    attempt.status.in_(KEPT_TAKES),
                    attempt.recording_path.is_not(None),
                )
            ).all()
            takes = s.execute(
                select(take.uuid, take.recording_path)
                .join(models.Assessment, models.Assessment.id == take.assessment_id)
                .where(
                    models.Assessment.profile_id == profile_id,
                    take.status.in_(KEPT_TAKES),
                    take.recording_path.is_not(None),
                )
            ).all()
        found = [TakeFileRef("attempt", str(u), profile_id, str(p)) for u, p in attempts if p]
        return found + [TakeFileRef("assessment_take", str(u), profile_id, str(p)) for u, p in takes if p]

    def take_ref(self, kind: str, row_id: int) -> TakeFileRef | None:
        """One attempt's or assessment take's file reference, by its row id (the blind rating view
        knows takes by id only; the uuid stays out of the interface)."""
        with self._sessions() as s:
            if kind == "attempt":
                row = s.execute(
                    select(
                        models.Attempt.uuid, models.Attempt.profile_id, models.Attempt.recording_path
                    ).where(models.Attempt.id == row_id)
                ).first()
            elif kind == "assessment_take":
                take = models.AssessmentTake
                row = s.execute(
                    select(take.uuid, models.Assessment.profile_id, take.recording_path)
                    .join(models.Assessment, models.Assessment.id == take.assessment_id)
                    .where(take.id == row_id)
                ).first()
            else:
                raise ValidationError(f"Unknown kind of take: {kind}.")
        if row is None or not row[2]:
            return None
        return TakeFileRef(kind, str(row[0]), int(row[1]), str(row[2]))

    def remove_orphans(self, profile_id: int) -> int:
        """Remove this person's stored takes whose attempt or assessment take no longer exists (a
        deletion made final while the server was away). Only their own: a person may not see
        every row (clinic permissions), so nobody sweeps another's files."""
        stored = models.StoredFile
        attempt_gone = (
            ~select(models.Attempt.id).where(stored.key == literal("attempt:") + models.Attempt.uuid).exists()
        )
        take_gone = (
            ~select(models.AssessmentTake.id)
            .where(stored.key == literal("assessment_take:") + models.AssessmentTake.uuid)
            .exists()
        )
        with self._sessions.begin() as s:
            ids = list(
                s.scalars(
                    select(stored.id).where(
                        stored.profile_id == profile_id,
                        stored.complete.is_(True),
                        ((stored.kind == "attempt") & attempt_gone)
                        | ((stored.kind == "assessment_take") & take_gone),
                    )
                )
            )
            _remove(s, ids)
        return len(ids)

    def delete(self, key: str) -> bool:
        """Remove the file of `key` (and any unfinished upload of it); False if there was none."""
        with self._sessions.begin() as s:
            ids = list(
                s.scalars(
                    select(models.StoredFile.id).where(
                        (models.StoredFile.key == key)
                        | models.StoredFile.key.startswith(f"{key}{PARTIAL}", autoescape=True)
                    )
                )
            )
            _remove(s, ids)
            return bool(ids)


def _remove(s: Session, ids: list[int]) -> None:
    """Files and their chunks; chunks first, so no cascade is relied on."""
    if ids:
        s.execute(delete(models.StoredFileChunk).where(models.StoredFileChunk.file_id.in_(ids)))
        s.execute(delete(models.StoredFile).where(models.StoredFile.id.in_(ids)))
