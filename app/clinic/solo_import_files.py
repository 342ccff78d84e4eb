"""Recordings and own clips from a solo folder into the clinic's database (stored_files, in chunks).

Takes travel compressed as bundles carry them (app/bundles/audio.py: Opus, or FLAC for rates Opus
can't take); a clip keeps its original bytes. Keys: "attempt:<uuid>", "assessment_take:<uuid>",
"clip:<content hash>". One transaction per file: the row, its 256 KiB chunks and `complete` go in
together, so a file is on the server whole or not at all. A key already complete is left alone.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from app.bundles import audio
from app.bundles.errors import BundleError
from app.clinic.solo_import_report import Tally
from app.clinic.solo_import_rows import BUILT_IN_SOURCES, Ids, Step, clip_owner, sole_profile, table
from practice_db import models
from practice_db.deletion.visibility import original

CHUNK_BYTES = 256 * 1024
MEDIA_TYPES: dict[str, str] = {".ogg": "audio/ogg", ".flac": "audio/flac"}


@dataclass(frozen=True)
class Wanted:
    key: str
    kind: str
    path: Path | None  # in the solo folder (None: the database names a place outside it)
    profile_id: int | None  # on the server
    shown: str  # how the report names it (relative to the folder)


def _pieces(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK_BYTES):
        yield data[start : start + CHUNK_BYTES]


def _file_pieces(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:  # a clip may be hundreds of MB: never all in memory
        yield from iter(lambda: fh.read(CHUNK_BYTES), b"")


def store_file(
    conn: Connection, wanted: Wanted, media_type: str, file_name: str, pieces: Iterable[bytes]
) -> None:
    """Write one file's row and chunks; complete=True only after the last chunk."""
    files, chunks = table(models.StoredFile), table(models.StoredFileChunk)
    conn.execute(delete(files).where(files.c.key == wanted.key))  # an unfinished earlier try
    row = {
        "key": wanted.key,
        "kind": wanted.kind,
        "profile_id": wanted.profile_id,
        "media_type": media_type,
        "file_name": file_name[:200],
        "size_bytes": 0,
        "chunk_count": 0,
        "sha256": "",
        "complete": False,
    }
    file_id = int(conn.execute(pg_insert(files).values(row).returning(files.c.id)).scalar_one())
    digest, size, seq = hashlib.sha256(), 0, 0
    for piece in pieces:
        conn.execute(pg_insert(chunks).values(file_id=file_id, seq=seq, data=piece))
        digest.update(piece)
        size += len(piece)
        seq += 1
    conn.execute(
        update(files)
        .where(files.c.id == file_id)
        .values(size_bytes=size, chunk_count=seq, sha256=digest.hexdigest(), complete=True)
    )


def _complete_keys(target: Engine, keys: list[str]) -> set[str]:
    files = table(models.StoredFile)
    found: set[str] = set()
    with target.connect() as conn:
        for start in range(0, len(keys), 1000):
            part = keys[start : start + 1000]
            query = select(files.c.key).where(files.c.key.in_(part), files.c.complete.is_(True))
            found.update(str(k) for k in conn.execute(query).scalars())
    return found


# Compressing takes is the slow part (seconds per minute of speech); libsndfile runs outside the
# GIL, so a few threads encode ahead while this thread writes, in order. The window bounds memory.
ENCODERS = max(1, min(4, (os.cpu_count() or 2) - 1))
AHEAD = 2 * ENCODERS

Prepared = tuple[str, str, bytes | None]  # media type, file name, bytes (None: a clip, read as it goes)


def copy_files(
    target: Engine, wanted: list[Wanted], tally: Tally, missing: list[str], progress: Step | None = None
) -> None:
    done = _complete_keys(target, [w.key for w in wanted])
    todo = iter(wanted)
    with ThreadPoolExecutor(max_workers=ENCODERS, thread_name_prefix="import-encode") as pool:
        window: deque[tuple[Wanted, Future[Prepared | None] | None]] = deque()
        for n in range(1, len(wanted) + 1):
            while len(window) < AHEAD and (item := next(todo, None)) is not None:
                window.append((item, None if item.key in done else pool.submit(_prepare, item)))
            item, pending = window.popleft()
            if pending is None:
                tally.already_there += 1
            elif (prepared := pending.result()) is None:
                missing.append(item.shown)
                tally.skipped += 1
            else:
                _store(target, item, prepared)
                tally.added += 1
            if progress is not None:
                progress(n, len(wanted))


def _prepare(item: Wanted) -> Prepared | None:
    """What to store; None if the file is absent or can't be read as sound."""
    if item.path is None or not item.path.is_file():
        return None
    if item.kind == "clip":
        return mimetypes.guess_type(item.path.name)[0] or "application/octet-stream", item.path.name, None
    try:
        return _take(item)
    except BundleError:
        return None


def _store(target: Engine, item: Wanted, prepared: Prepared) -> None:
    media_type, name, data = prepared
    assert item.path is not None
    with target.begin() as conn:
        pieces = _file_pieces(item.path) if data is None else _pieces(data)
        store_file(conn, item, media_type, name, pieces)


def _take(item: Wanted) -> tuple[str, str, bytes]:
    """(media type, file name, bytes) of a take compressed as bundles carry it."""
    assert item.path is not None
    shape = audio.shape_of(item.path)
    if shape is None:
        raise BundleError(f"{item.shown} cannot be read as sound.")
    codec = audio.codec_for(shape)
    suffix = audio.SUFFIX[codec]
    data = audio.encode(item.path, codec)
    return MEDIA_TYPES[suffix], f"{item.key.split(':', 1)[1]}{suffix}", data


# -- what to copy ------------------------------------------------------------------------------


def _within(home: Path, stored: str) -> Path | None:
    """The file a stored relative path names, only if it lies inside the folder (a crafted
    database must not make the import upload some other file)."""
    path = (home / stored).resolve()
    return path if path.is_relative_to(home.resolve()) else None


def attempt_recordings(source: Engine, home: Path, ids: Ids) -> list[Wanted]:
    attempts = table(models.Attempt)
    people, mapped = ids.of("profiles"), ids.of("attempts")
    query = select(attempts.c.id, attempts.c.uuid, attempts.c.profile_id, attempts.c.recording_path).where(
        attempts.c.recording_path.is_not(None), attempts.c.recording_path != ""
    )
    with source.connect() as conn:
        rows = conn.execute(query.order_by(attempts.c.id)).all()
    return [
        Wanted(f"attempt:{u}", "attempt", _within(home, str(p)), people.get(int(who)), str(p))
        for i, u, who, p in rows
        if int(i) in mapped
    ]


def take_recordings(source: Engine, home: Path, ids: Ids) -> list[Wanted]:
    takes, sittings = table(models.AssessmentTake), table(models.Assessment)
    people, mapped = ids.of("profiles"), ids.of("assessment_takes")
    query = (
        select(takes.c.id, takes.c.uuid, sittings.c.profile_id, takes.c.recording_path)
        .join(sittings, sittings.c.id == takes.c.assessment_id)
        .where(takes.c.recording_path.is_not(None), takes.c.recording_path != "")
    )
    with source.connect() as conn:
        rows = conn.execute(query.order_by(takes.c.id)).all()
    return [
        Wanted(f"assessment_take:{u}", "assessment_take", _within(home, str(p)), people.get(int(who)), str(p))
        for i, u, who, p in rows
        if int(i) in mapped
    ]


def own_clip_files(source: Engine, home: Path, ids: Ids) -> list[Wanted]:
    clips = table(models.Clip)
    people, sole = ids.of("profiles"), sole_profile(source)
    query = select(clips.c.content_hash, clips.c.owner_profile_id, clips.c.media_path, clips.c.source)
    with source.connect() as conn:
        rows = conn.execute(query.where(clips.c.media_path != "").order_by(clips.c.id)).mappings().all()
    return [
        Wanted(f"clip:{r['content_hash']}", "clip", _within(home, path), clip_owner(r, sole, people), path)
        for r in rows
        if original(str(r["source"])) not in BUILT_IN_SOURCES  # a hidden starter clip is still one
        for path in [str(r["media_path"])]
    ]
