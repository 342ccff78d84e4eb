"""Files kept in the database (clinic mode), on SQLite and PostgreSQL: chunks, completion, resume."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from practice_db import models
from practice_db.errors import NotFoundError, ValidationError
from practice_db.store import PracticeStore
from practice_db.stored_files import CHUNK_BYTES, StoredFileDamagedError

KEY = "attempt:6f1c1f43-8f0e-4a57-9a43-2d1f6f1b7a10"


def _pieces(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _rows(store: PracticeStore) -> tuple[int, int]:
    with store.engine.connect() as conn:
        files = conn.execute(select(func.count()).select_from(models.StoredFile)).scalar_one()
        chunks = conn.execute(select(func.count()).select_from(models.StoredFileChunk)).scalar_one()
    return int(files), int(chunks)


def test_a_file_round_trips_in_chunks_with_its_size_and_sha(store: PracticeStore) -> None:
    me = store.profiles.create("Me", "clinician").id
    data = os.urandom(CHUNK_BYTES * 2 + 1234)
    stored = store.stored_files.put(KEY, "attempt", me, "audio/ogg", "take.ogg", _pieces(data, 10_000))
    assert stored.size_bytes == len(data) and stored.chunk_count == 3
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert store.stored_files.info(KEY) == stored
    chunks = list(store.stored_files.read_chunks(KEY))
    assert [len(c) for c in chunks] == [CHUNK_BYTES, CHUNK_BYTES, 1234]
    assert b"".join(chunks) == data
    assert store.stored_files.complete_keys([KEY, "attempt:other"]) == {KEY}


def test_reading_fetches_one_chunk_at_a_time(store: PracticeStore) -> None:
    data = os.urandom(CHUNK_BYTES * 3)
    store.stored_files.put(KEY, "attempt", None, "audio/ogg", "take.ogg", [data])
    reader = store.stored_files.read_chunks(KEY)
    first = next(reader)
    assert first == data[:CHUNK_BYTES]
    # The rest is read only when asked for: a chunk removed now is noticed, not already in memory.
    with store.engine.begin() as conn:
        conn.execute(models.StoredFileChunk.__table__.delete().where(models.StoredFileChunk.seq == 2))
    assert next(reader) == data[CHUNK_BYTES : 2 * CHUNK_BYTES]
    with pytest.raises(StoredFileDamagedError):
        next(reader)


def test_an_interrupted_upload_is_ignored_then_replaced(store: PracticeStore) -> None:
    data = os.urandom(CHUNK_BYTES * 2 + 5)

    def dropped() -> Iterator[bytes]:
        yield data[:CHUNK_BYTES]
        yield data[CHUNK_BYTES : 2 * CHUNK_BYTES]
        raise ConnectionError("the network went away")

    with pytest.raises(ConnectionError):
        store.stored_files.put(KEY, "attempt", None, "audio/ogg", "take.ogg", dropped())
    assert store.stored_files.info(KEY) is None
    assert store.stored_files.complete_keys([KEY]) == set()
    with pytest.raises(NotFoundError):
        store.stored_files.read_chunks(KEY)
    assert _rows(store) == (1, 2)  # the half upload is still there, incomplete

    stored = store.stored_files.put(KEY, "attempt", None, "audio/ogg", "take.ogg", [data])
    assert stored.size_bytes == len(data)
    assert b"".join(store.stored_files.read_chunks(KEY)) == data
    assert _rows(store) == (1, 3)  # the leftover was removed with its chunks


def test_a_new_put_replaces_the_old_file_whole(store: PracticeStore) -> None:
    store.stored_files.put(KEY, "attempt", None, "audio/ogg", "take.ogg", [b"old" * 100_000])
    store.stored_files.put(KEY, "attempt", None, "audio/ogg", "take.ogg", [b"new"])
    assert b"".join(store.stored_files.read_chunks(KEY)) == b"new"
    assert _rows(store) == (1, 1)


def test_delete_removes_the_file_and_its_chunks(store: PracticeStore) -> None:
    store.stored_files.put("clip:abc", "clip", None, "video/mp4", "a.mp4", [os.urandom(CHUNK_BYTES + 1)])
    assert store.stored_files.delete("clip:abc") is True
    assert store.stored_files.info("clip:abc") is None
    assert _rows(store) == (0, 0)
    assert store.stored_files.delete("clip:abc") is False


def test_bad_kinds_and_keys_are_refused(store: PracticeStore) -> None:
    with pytest.raises(ValidationError):
        store.stored_files.put("x:1", "video", None, "video/mp4", "a.mp4", [b"1"])
    with pytest.raises(ValidationError):
        store.stored_files.put("", "clip", None, "video/mp4", "a.mp4", [b"1"])
    assert _rows(store) == (0, 0)


def test_an_empty_file_is_stored_complete(store: PracticeStore) -> None:
    stored = store.stored_files.put("clip:empty", "clip", None, "audio/wav", "e.wav", [])
    assert stored.size_bytes == 0 and stored.chunk_count == 0
    assert list(store.stored_files.read_chunks("clip:empty")) == []


def test_a_changed_chunk_shows_in_the_sha(store: PracticeStore) -> None:
    stored = store.stored_files.put(KEY, "attempt", None, "audio/ogg", "t.ogg", [b"a" * 1000])
    with store.engine.begin() as conn:
        conn.execute(update(models.StoredFileChunk).values(data=b"b" * 1000))
    read = hashlib.sha256(b"".join(store.stored_files.read_chunks(KEY))).hexdigest()
    assert read != stored.sha256


def test_orphans_of_deleted_takes_are_swept_for_their_owner_only(store: PracticeStore) -> None:
    from practice_db.records import NewClip, TakeFacts

    me = store.profiles.create("Me", "clinician").id
    other = store.profiles.create("Other", "clinician").id
    clip = store.clips.add(NewClip("C", "hostile", 1, "clips/c.wav", "hash-c", facets=("empathy",))).id
    kept, gone, theirs = (store.attempts.begin(p, clip, None, "r.wav") for p in (me, me, other))
    for a in (kept, gone, theirs):
        store.attempts.finish(a.id, TakeFacts("r.wav", 1000))
        store.stored_files.put(f"attempt:{a.uuid}", "attempt", a.profile_id, "audio/ogg", "r.ogg", [b"x"])
    store.stored_files.put(
        f"assessment_take:{gone.uuid}", "assessment_take", me, "audio/ogg", "t.ogg", [b"y"]
    )
    store.stored_files.put("clip:hash-c", "clip", None, "audio/wav", "c.wav", [b"z"])
    with store.engine.begin() as conn:
        conn.execute(models.Attempt.__table__.delete().where(models.Attempt.id.in_([gone.id, theirs.id])))
    assert store.stored_files.remove_orphans(me) == 2  # the deleted attempt and the unknown take
    left = store.stored_files.complete_keys(
        [f"attempt:{kept.uuid}", f"attempt:{gone.uuid}", f"attempt:{theirs.uuid}", "clip:hash-c"]
    )
    assert left == {f"attempt:{kept.uuid}", f"attempt:{theirs.uuid}", "clip:hash-c"}


def test_two_computers_storing_the_same_key_at_once_leave_one_whole_file(pg_url: str, tmp_path: Path) -> None:
    """PostgreSQL only: on SQLite one worker thread does every write (ARCHITECTURE.md), and the
    upload thread exists only in clinic mode."""
    import threading

    from practice_db.stored_files import StoredFileDamagedError

    store = PracticeStore.open(pg_url, tmp_path)
    try:
        _race(store, threading.Barrier(2, timeout=20), StoredFileDamagedError)
    finally:
        store.close()


def _race(store: PracticeStore, both_sent: Any, refused: type[Exception]) -> None:
    import threading

    outcomes: list[object] = []

    def upload(fill: bytes) -> None:
        def pieces() -> Iterator[bytes]:
            yield fill * (CHUNK_BYTES + 10)
            both_sent.wait()  # both finish their chunks, then both try to complete

        try:
            outcomes.append(store.stored_files.put("clip:same", "clip", None, "audio/wav", "s.wav", pieces()))
        except refused as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=upload, args=(fill,)) for fill in (b"a", b"b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 2 and any(not isinstance(o, Exception) for o in outcomes)
    found = store.stored_files.info("clip:same")
    assert found is not None
    data = b"".join(store.stored_files.read_chunks("clip:same"))
    assert hashlib.sha256(data).hexdigest() == found.sha256 and len(set(data)) == 1
    assert _rows(store) == (1, 2)  # the other upload left nothing behind
