"""Clinic mode: takes reach the server compressed and play on another computer; solo mode unchanged."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import soundfile as sf
from sqlalchemy import func, select, update

from app.clinic.file_cache import (
    DAMAGED,
    NOT_ON_SERVER,
    FetchError,
    RecordingCache,
    attempt_recording,
    clip_media,
    fetch_missing_clips,
)
from app.clinic.file_sync import (
    UploadError,
    after_attempt_saved,
    after_clip_imported,
    attempt_key,
    clip_key,
    pending_clip_uploads,
    pending_uploads,
    upload_pending,
)
from practice_db import models
from practice_db.records import ClipRecord, NewClip
from practice_db.stored_files import CHUNK_BYTES
from tests.app.clinic.file_world import Computer, clip_on, computer, record
from tests.support.bundle_world import write_take
from tests.support.clinic_logins import make_durable
from tests.support.clinic_world import ClinicWorld
from tests.support.pg_cluster import Cluster
from tests.support.sound_compare import assert_same_sound


@pytest.fixture
def dana(clinic: ClinicWorld) -> tuple[int, str]:
    """Dana's profile id and her own login's URL (row-level security applies to her)."""
    return clinic.person("Dana", "clinician")


@pytest.fixture
def me(dana: tuple[int, str]) -> int:
    return dana[0]


@pytest.fixture
def a(tmp_path: Path, dana: tuple[int, str]) -> Iterator[Computer]:
    pc = computer(tmp_path / "A", dana[1])  # Dana's computer at the clinic
    yield pc
    pc.close()


@pytest.fixture
def b(tmp_path: Path, dana: tuple[int, str]) -> Iterator[Computer]:
    pc = computer(tmp_path / "B", dana[1])  # Dana, signed in at another computer
    yield pc
    pc.close()


def test_a_minute_take_saved_on_a_plays_on_b(a: Computer, b: Computer, me: int) -> None:
    take = record(a, me, clip_on(a, owner=me), seconds=60)
    started = time.perf_counter()
    assert after_attempt_saved(a.store, a.paths.home, take) is True
    upload_s = time.perf_counter() - started

    stored = b.store.stored_files.info(attempt_key(take.uuid))
    assert stored is not None and stored.media_type == "audio/ogg" and stored.profile_id == me
    assert 300_000 < stored.size_bytes < 520_000, stored.size_bytes  # ~0.43 MB a minute of Opus
    assert stored.chunk_count == -(-stored.size_bytes // CHUNK_BYTES)
    original = a.paths.home / (take.recording_path or "")
    assert stored.size_bytes < original.stat().st_size / 10

    assert not (b.paths.home / (take.recording_path or "")).exists()
    started = time.perf_counter()
    played = attempt_recording(b.store, b.paths, b.store.attempts.get(take.id))
    fetch_s = time.perf_counter() - started
    assert played is not None and played.parent == b.paths.cache and played.suffix == ".wav"
    assert stat.S_IMODE(played.stat().st_mode) == 0o600
    assert stat.S_IMODE(b.paths.cache.stat().st_mode) == 0o700
    info = sf.info(str(played))
    assert (info.samplerate, info.channels, info.subtype) == (48_000, 1, "PCM_16")
    assert_same_sound(original, played)
    assert [p.name for p in b.paths.cache.iterdir()] == [played.name]  # no staging file left
    print(
        f"\n60 s take: {stored.size_bytes} bytes Opus, upload {upload_s:.2f} s, fetch+decode {fetch_s:.2f} s"
    )

    # A take on this computer plays from the data folder, never from the cache.
    assert attempt_recording(a.store, a.paths, take) == original
    assert not a.paths.cache.exists()


def test_the_second_play_comes_from_the_cache(a: Computer, b: Computer, me: int) -> None:
    take = record(a, me, clip_on(a, owner=me), seconds=2)
    after_attempt_saved(a.store, a.paths.home, take)
    first = attempt_recording(b.store, b.paths, take)
    assert first is not None
    a.store.stored_files.delete(attempt_key(take.uuid))  # the server no longer has it...
    assert attempt_recording(b.store, b.paths, take) == first  # ...the cached copy still plays


def test_missing_on_the_server_is_a_plain_message(a: Computer, b: Computer, me: int) -> None:
    take = record(a, me, clip_on(a, owner=me), seconds=1)  # saved but never uploaded
    with pytest.raises(FetchError) as raised:
        attempt_recording(b.store, b.paths, take)
    assert str(raised.value) == NOT_ON_SERVER


def test_a_tampered_chunk_is_refused(a: Computer, b: Computer, me: int) -> None:
    take = record(a, me, clip_on(a, owner=me), seconds=20)
    after_attempt_saved(a.store, a.paths.home, take)
    chunk = models.StoredFileChunk
    with a.store.engine.begin() as conn:
        data = bytearray(conn.execute(select(chunk.data).where(chunk.seq == 0)).scalar_one())
        data[5000:5004] = b"XXXX"  # same size, different sound
        conn.execute(update(chunk).where(chunk.seq == 0).values(data=bytes(data)))
    with pytest.raises(FetchError) as raised:
        attempt_recording(b.store, b.paths, take)
    assert str(raised.value) == DAMAGED
    assert list(b.paths.cache.iterdir()) == []  # nothing half-checked is kept


def test_the_cache_keeps_to_its_cap_dropping_the_longest_unused(a: Computer, b: Computer, me: int) -> None:
    clip = clip_on(a, owner=me)
    takes = [record(a, me, clip, seconds=2, seed=n) for n in range(3)]
    for take in takes:
        after_attempt_saved(a.store, a.paths.home, take)
    cache = RecordingCache(b.paths, cap_bytes=450_000)  # room for two 2-second WAVs (192 KB each)
    b.paths.cache.mkdir()
    crashed, running = b.paths.cache / ".fetching-old.ogg", b.paths.cache / ".fetching-now.ogg"
    crashed.write_bytes(b"x" * 100_000)
    running.write_bytes(b"y")
    os.utime(crashed, (time.time() - 7200, time.time() - 7200))
    names = [f"attempt-{t.uuid}.wav" for t in takes]
    first = cache.fetch(b.store, attempt_key(takes[0].uuid), names[0], True)
    cache.fetch(b.store, attempt_key(takes[1].uuid), names[1], True)
    old = time.time() - 100
    os.utime(first, (old, old))
    os.utime(b.paths.cache / names[1], (old + 50, old + 50))
    assert cache.cached(names[0]) == first  # used again: now the newest
    cache.fetch(b.store, attempt_key(takes[2].uuid), names[2], True)
    assert sorted(p.name for p in b.paths.cache.iterdir()) == sorted([running.name, names[0], names[2]])
    assert not crashed.exists()  # a fetch a crash cut short is cleared; one under way is not
    assert cache.stats().files == 2 and cache.stats().bytes <= 450_000


def test_a_take_saved_while_the_server_is_away_waits_then_goes(
    a: Computer, pg_cluster: Cluster, me: int
) -> None:
    take = record(a, me, clip_on(a, owner=me), seconds=2)
    own = _own_clip(a, me, seed=7)
    make_durable(pg_cluster)  # the test cluster runs synchronous_commit=off
    pg_cluster.stop_server_only()
    try:
        assert after_attempt_saved(a.store, a.paths.home, take) is False  # no exception: it is saved
        assert after_clip_imported(a.store, a.paths.home, own) is False
        with pytest.raises(UploadError):  # the outbox's retry loop is told, plainly
            upload_pending(a.store, a.paths, me)
    finally:
        pg_cluster.start_again()
    assert (a.paths.home / (take.recording_path or "")).is_file()  # the take is still here
    assert [r.key for r in pending_uploads(a.store, a.paths, me)] == [attempt_key(take.uuid)]
    assert pending_clip_uploads(a.store, a.paths) == [own]
    report = upload_pending(a.store, a.paths, me)
    assert report.uploaded == (clip_key(own.content_hash), attempt_key(take.uuid)) and report.failed == ()
    assert pending_uploads(a.store, a.paths, me) == [] and pending_clip_uploads(a.store, a.paths) == []
    assert a.store.stored_files.info(attempt_key(take.uuid)) is not None


def _own_clip(pc: Computer, owner: int, seed: int) -> ClipRecord:
    """A clip imported on `pc`: a real WAV named by its hash in the library folder."""
    source = pc.paths.home / "src.wav"
    write_take(source, seconds=1, seed=seed)
    data = source.read_bytes()
    source.unlink()
    digest = hashlib.sha256(data).hexdigest()
    (pc.paths.clips / f"{digest}.wav").write_bytes(data)
    return pc.store.clips.add(
        NewClip(
            f"Mine {seed}",
            "hostile",
            1,
            f"clips/{digest}.wav",
            digest,
            facets=("empathy",),
            owner_profile_id=owner,
        )
    )


def test_an_own_clip_travels_as_its_original_bytes(a: Computer, b: Computer, me: int) -> None:
    clip = _own_clip(a, me, seed=4)
    digest = clip.content_hash
    data = (a.paths.home / clip.media_path).read_bytes()
    assert after_clip_imported(a.store, a.paths.home, clip) is True
    assert after_clip_imported(a.store, a.paths.home, clip) is True  # already there: not sent twice
    on_b = b.store.clips.get(clip.id)
    fetched = clip_media(b.store, b.paths, on_b)
    assert fetched == b.paths.home / clip.media_path  # in B's library, where an import puts it
    assert fetched.read_bytes() == data
    assert stat.S_IMODE(fetched.stat().st_mode) == 0o600
    assert sorted(p.name for p in b.paths.clips.iterdir()) == [f"{digest}.wav"]  # no staging left


def test_the_library_brings_clips_added_elsewhere(a: Computer, b: Computer, me: int) -> None:
    digests = []
    for n in range(2):
        clip = _own_clip(a, me, seed=10 + n)
        if n == 0:
            after_clip_imported(a.store, a.paths.home, clip)  # the second never reached the server
        digests.append(clip.content_hash)
    report = fetch_missing_clips(b.store, b.paths, b.store.clips.list())
    assert (report.fetched, report.unavailable) == (1, 1)
    assert (b.paths.clips / f"{digests[0]}.wav").is_file()
    assert not (b.paths.clips / f"{digests[1]}.wav").exists()
    again = fetch_missing_clips(b.store, b.paths, b.store.clips.list())
    assert (again.fetched, again.unavailable) == (0, 1)


def test_solo_mode_sends_nothing_and_caches_nothing(store: object, data_paths: object) -> None:
    from app.paths import DataPaths
    from practice_db.store import PracticeStore

    assert isinstance(store, PracticeStore) and isinstance(data_paths, DataPaths)
    solo = Computer(data_paths, store)
    me = store.profiles.create("Dana", "clinician").id
    take = record(solo, me, clip_on(solo), seconds=1)
    assert after_attempt_saved(store, data_paths.home, take) is False
    assert pending_uploads(store, data_paths, me) == []
    (data_paths.home / (take.recording_path or "")).unlink()
    # A missing file in solo mode stays the data folder's path (the player says it is missing).
    assert attempt_recording(store, data_paths, take) == data_paths.home / (take.recording_path or "")
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(models.StoredFile)).scalar_one() == 0
    assert not data_paths.cache.exists()


def test_a_deletion_made_final_removes_the_servers_copy(a: Computer, me: int) -> None:
    from app.deletion.workflow import DeletionWorkflow

    clip = clip_on(a, owner=me)
    kept, deleted = (record(a, me, clip, seconds=1, seed=n) for n in range(2))
    for take in (kept, deleted):
        assert after_attempt_saved(a.store, a.paths.home, take)
    flow = DeletionWorkflow(a.paths, a.store)
    flow.delete_attempts([deleted.id], me)
    assert a.store.stored_files.info(attempt_key(deleted.uuid)) is not None  # Undo can still play it
    flow.empty_trash()  # at close: final
    assert a.store.stored_files.info(attempt_key(deleted.uuid)) is None
    assert a.store.stored_files.info(attempt_key(kept.uuid)) is not None


def test_only_ones_own_clips_wait_to_be_sent(clinic: ClinicWorld, a: Computer, me: int) -> None:
    cy_id, cy_url = clinic.person("Cy", "clinician")
    cy = computer(a.paths.home, cy_url)  # Cy imported a clip on this same computer
    try:
        theirs = _own_clip(cy, cy_id, seed=20)
    finally:
        cy.close()
    mine = _own_clip(a, me, seed=21)
    assert pending_clip_uploads(a.store, a.paths, me) == [mine]
    report = upload_pending(a.store, a.paths, me)  # Dana can't send Cy's: it is not hers to try
    assert report.uploaded == (clip_key(mine.content_hash),) and report.failed == ()
    assert a.store.stored_files.info(clip_key(theirs.content_hash)) is None
