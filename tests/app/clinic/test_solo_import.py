"""`import_solo_folder`: a real solo data folder (SQLite, real WAV takes) into a real PostgreSQL
database; twice gives the same rows; the folder keeps every byte; older, damaged and newer
databases; a run cut short is completed by the next."""

from __future__ import annotations

import hashlib
import shutil
import socket
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, insert, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.clinic import solo_import, solo_import_files, solo_import_rows
from app.clinic.solo_import import SoloImportError, import_solo_folder
from app.paths import DataPaths
from practice_db import models
from practice_db.clinic import roles as clinic_roles
from practice_db.progress.records import NewGoal
from practice_db.records import CriterionVerdict, RatingInput, TakeFacts
from practice_db.vocabulary import FACET_KEYS
from tests.support.bundle_world import World, open_world, own_clip, write_take
from tests.support.old_databases import seed_at_0001
from tests.support.pg_cluster import Cluster
from tests.support.sound_compare import assert_same_sound

TABLES = [t for t in models.Base.metadata.sorted_tables]


@dataclass(frozen=True)
class Solo:
    home: Path
    dana_uuid: str
    sam_uuid: str
    attempt_uuid: str  # Dana's rated attempt with a real recording
    missing_uuid: str  # an attempt whose recording file is gone
    take_uuid: str
    own_clip_hash: str
    take_wav: Path
    attempt_wav: Path


def _build_solo(root: Path, template_db: Path) -> Solo:
    world = open_world(root, template_db)  # the real starter pack: clips with external ids
    try:
        return _seed(world)
    finally:
        world.close()


def _seed(world: World) -> Solo:
    store, home = world.store, world.paths.home
    dana = store.profiles.create("Dana", "clinician")
    store.profiles.link(dana.id, "dana-on-the-laptop")
    sam = store.profiles.create("Sam", "supervisor")
    store.profiles.set_password_hash(sam.id, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
    mine = store.clips.get(own_clip(world))
    starter = next(c for c in store.clips.list() if c.external_id)
    session = store.attempts.start_session(dana.id)

    def take(clip_id: int, session_id: int | None, seed: int) -> tuple[str, int, Path]:
        attempt = store.attempts.begin(dana.id, clip_id, session_id, "pending")
        relative = f"recordings/{attempt.uuid}.wav"
        write_take(home / relative, seconds=1.5, rate=48_000, seed=seed)
        store.attempts.finish(attempt.id, TakeFacts(relative, 1500, response_latency_ms=700, pause_count=1))
        return attempt.uuid, attempt.id, home / relative

    rated_uuid, rated, wav = take(mine.id, session.id, 1)
    _, other, _ = take(starter.id, session.id, 2)
    missing_uuid, _, gone = take(starter.id, None, 3)
    gone.unlink()
    verdicts = (CriterionVerdict("Stay with the silence", "partly"),)
    store.ratings.save(rated, dana.id, RatingInput({k: 3 for k in FACET_KEYS}, reaction="too_hard"))
    sup = {k: 4 for k in FACET_KEYS} | {"empathy": 2}
    store.ratings.save(
        rated, sam.id, RatingInput(sup, corrective_point="Name the fear first.", criteria_verdicts=verdicts)
    )
    store.ratings.save(other, sam.id, RatingInput({"warmth": 5}))  # partial: one facet
    store.ratings.add_comment(rated, sam.id, 1234, "Lovely pause here.")
    goal = NewGoal(
        dana.id, sam.id, "practice_frequency", {"sessions_per_week": 3}, date(2026, 3, 1), date(2026, 4, 30)
    )
    store.goals.add(goal)
    take_wav = home / "recordings" / "assessment-take.wav"
    write_take(take_wav, seconds=1.0, rate=16_000, seed=5)
    with Session(store.engine) as s:
        group = models.AssessmentSet(name="Our set", created_by_profile_id=sam.id)
        s.add(group)
        s.flush()
        s.add(models.AssessmentSetClip(set_id=group.id, position=0, clip_id=mine.id))
        sitting = models.Assessment(profile_id=dana.id, set_id=group.id, status="complete")
        s.add(sitting)
        s.flush()
        reply = models.AssessmentTake(
            assessment_id=sitting.id,
            clip_id=mine.id,
            position=0,
            recording_path="recordings/assessment-take.wav",
            status="complete",
        )
        s.add(reply)
        s.flush()
        s.add(models.AssessmentRating(take_id=reply.id, rater_profile_id=sam.id, rater_role="rater", hope=4))
        take_uuid = reply.uuid
        s.commit()
    with store.engine.begin() as conn:  # hidden from the Library; still a starter clip, not uploaded
        conn.execute(update(models.Clip).where(models.Clip.id == starter.id).values(source="hidden:starter"))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return Solo(
        home, dana.uuid, sam.uuid, rated_uuid, missing_uuid, take_uuid, mine.content_hash, take_wav, wav
    )


@pytest.fixture
def solo(tmp_path: Path, template_db: Path) -> Solo:
    return _build_solo(tmp_path / "solo", template_db)


@pytest.fixture
def clinic(pg_url: str) -> Iterator[Engine]:
    engine = create_engine(pg_url)
    yield engine
    engine.dispose()


def _folder_hashes(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


def _dump(engine: Engine, stable: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without their ids, sorted; a chunk names its file by key. `stable`: also
    without what differs between two databases given the same import (when a file was stored;
    the bytes of compressed takes, whose Ogg stream serial number is random)."""
    varying = {"created_at", "sha256", "size_bytes", "data"} if stable else set()
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        keys: dict[int, str] = {
            int(i): str(k) for i, k in conn.execute(text("SELECT id, key FROM stored_files"))
        }
        for tbl in TABLES:
            cols = [
                c
                for c in tbl.c
                if c.name != "id" and not (tbl.name.startswith("stored_") and c.name in varying)
            ]
            rows = conn.execute(select(*cols)).all()
            named = [
                tuple(keys[v] if c.name == "file_id" else v for c, v in zip(cols, row, strict=True))
                for row in rows
            ]
            out[tbl.name] = sorted(named, key=repr)
    return out


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _stored(engine: Engine, key: str) -> tuple[models.StoredFile, bytes]:
    with Session(engine) as s:
        row = s.scalars(select(models.StoredFile).where(models.StoredFile.key == key)).one()
        chunks = s.scalars(
            select(models.StoredFileChunk.data)
            .where(models.StoredFileChunk.file_id == row.id)
            .order_by(models.StoredFileChunk.seq)
        ).all()
        s.expunge(row)
    return row, b"".join(chunks)


@pytest.mark.parametrize("batch", [500, 2])  # 2: many batches per table, facets and set clips in each
def test_everything_arrives_with_its_references_and_recordings(
    solo: Solo, clinic: Engine, pg_url: str, tmp_path: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solo_import_rows, "BATCH", batch)
    if batch == 2:  # and three encoding threads ahead of the writer, in a window of one
        monkeypatch.setattr(solo_import_files, "ENCODERS", 3)
        monkeypatch.setattr(solo_import_files, "AHEAD", 1)
    steps: list[tuple[str, int, int]] = []
    report = import_solo_folder(solo.home, pg_url, on_progress=lambda *step: steps.append(step))

    ratings = [(done, total) for what, done, total in steps if what == "ratings"]
    assert ratings == ([(3, 3)] if batch == 500 else [(2, 3), (3, 3)])
    takes = [(done, total) for what, done, total in steps if what == "recordings of attempts"]
    assert takes == [(1, 3), (2, 3), (3, 3)]

    source = create_engine(f"sqlite:///{DataPaths(solo.home).database}")
    for name in ("profiles", "clips", "clip_facets", "practice_sessions", "attempts", "ratings", "comments",
                 "goals", "assessment_sets", "assessment_set_clips", "assessments", "assessment_takes",
                 "assessment_ratings", "profile_aliases"):  # fmt: skip
        assert _count(clinic, name) == _count(source, name) > 0, name
    source.dispose()
    assert (report.profiles.added, report.attempts.added, report.ratings.added) == (2, 3, 3)
    assert (report.comments.added, report.goals.added, report.assessment_takes.added) == (1, 1, 1)
    assert report.recordings.added == 2 and report.recordings.skipped == 1
    assert (report.assessment_recordings.added, report.clip_files.added) == (1, 1)
    assert report.missing_files == (f"recordings/{solo.missing_uuid}.wav",)
    assert "attempts: 3 added" in report.summary() and "missing" in report.summary()

    with Session(clinic) as s:
        dana = s.scalars(select(models.Profile).where(models.Profile.uuid == solo.dana_uuid)).one()
        sam = s.scalars(select(models.Profile).where(models.Profile.uuid == solo.sam_uuid)).one()
        assert [a.uuid for a in dana.aliases] == ["dana-on-the-laptop"] and sam.role == "supervisor"
        assert sam.password_hash is None  # on the server Sam signs in with a login of his own
        attempt = s.scalars(select(models.Attempt).where(models.Attempt.uuid == solo.attempt_uuid)).one()
        assert attempt.profile_id == dana.id and attempt.session_id is not None
        clip = s.get(models.Clip, attempt.clip_id)
        assert clip is not None and clip.content_hash == solo.own_clip_hash
        facets = s.scalars(select(models.ClipFacet.facet).where(models.ClipFacet.clip_id == clip.id)).all()
        assert sorted(facets) == ["hope", "warmth"]
        rating = s.scalars(
            select(models.Rating).where(
                models.Rating.attempt_id == attempt.id, models.Rating.rater_profile_id == sam.id
            )
        ).one()
        assert (rating.empathy, rating.warmth, rating.corrective_point) == (2, 4, "Name the fear first.")
        assert rating.criteria_verdicts == [{"criterion": "Stay with the silence", "verdict": "partly"}]
        comment = s.scalars(select(models.Comment).where(models.Comment.attempt_id == attempt.id)).one()
        assert (comment.offset_ms, comment.author_profile_id, comment.text) == (
            1234,
            sam.id,
            "Lovely pause here.",
        )
        goal = s.scalars(select(models.Goal)).one()
        assert (goal.owner_profile_id, goal.set_by_profile_id) == (dana.id, sam.id)
        assert goal.params == {"sessions_per_week": 3}
        take = s.scalars(
            select(models.AssessmentTake).where(models.AssessmentTake.uuid == solo.take_uuid)
        ).one()
        sitting = s.get(models.Assessment, take.assessment_id)
        assert sitting is not None and sitting.profile_id == dana.id and take.clip_id == clip.id
        assert s.scalars(select(models.AssessmentRating.hope)).one() == 4

    stored, data = _stored(clinic, f"attempt:{solo.attempt_uuid}")
    assert stored.complete and stored.kind == "attempt" and stored.profile_id == dana.id
    assert stored.media_type == "audio/ogg" and stored.size_bytes == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert len(data) < solo.attempt_wav.stat().st_size  # compressed
    decoded = tmp_path / "decoded.ogg"
    decoded.write_bytes(data)
    assert_same_sound(solo.attempt_wav, decoded)
    taken, take_data = _stored(clinic, f"assessment_take:{solo.take_uuid}")
    decoded.write_bytes(take_data)
    assert taken.kind == "assessment_take" and taken.profile_id == dana.id
    assert_same_sound(solo.take_wav, decoded)
    clip_file, clip_bytes = _stored(clinic, f"clip:{solo.own_clip_hash}")
    assert clip_file.kind == "clip" and hashlib.sha256(clip_bytes).hexdigest() == solo.own_clip_hash
    assert clip_file.profile_id is None and clip.owner_profile_id is None  # two people: whose is unknown


def test_a_second_run_changes_nothing_and_the_folder_keeps_every_byte(
    solo: Solo, clinic: Engine, pg_url: str
) -> None:
    before = _folder_hashes(solo.home)
    first = import_solo_folder(solo.home, pg_url)
    once = _dump(clinic)
    again = import_solo_folder(solo.home, pg_url)

    assert _dump(clinic) == once
    assert _folder_hashes(solo.home) == before
    assert again.added == 0 and "Nothing new" in again.summary()
    for made, found in zip(first.kinds(), again.kinds(), strict=True):
        assert found.already_there == made.added + made.already_there, made.label
    assert again.missing_files == first.missing_files  # still named, still not fatal


def _fail_once(module: Any, name: str, when: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `module.name` raise a dropped connection on the call for which `when(args)` first says so."""
    real = getattr(module, name)
    failed = False

    def flaky(*args: Any, **kwargs: Any) -> Any:
        nonlocal failed
        if not failed and when(args):
            failed = True
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)


@pytest.mark.parametrize("where", ["ratings", "files"])
def test_a_run_cut_short_is_completed_by_the_next(
    solo: Solo,
    clinic: Engine,
    pg_url: str,
    pg_cluster: Cluster,
    pg_template: str,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    monkeypatch.setattr(solo_import_rows, "BATCH", 2)
    seen: list[str] = []

    def second_of(kind: str) -> Any:
        def when(args: tuple[Any, ...]) -> bool:
            seen.append(kind)
            return seen.count(kind) == 2

        return when

    if where == "ratings":  # the second batch of ratings: the first one stays, whole
        ratings = solo_import_rows.table(models.Rating)
        _fail_once(solo_import_rows, "_insert", lambda a: a[1] is ratings and second_of("r")(a), monkeypatch)
    else:  # the second file, half its chunks written
        _fail_once(solo_import_files, "store_file", second_of("f"), monkeypatch)
    with pytest.raises(SoloImportError, match="run the same command again"):
        import_solo_folder(solo.home, pg_url)
    counts = [_count(clinic, name) for name in ("ratings", "comments", "stored_files")]
    assert counts == ([2, 0, 0] if where == "ratings" else [3, 1, 1])
    monkeypatch.undo()
    import_solo_folder(solo.home, pg_url)

    clean_name = pg_cluster.create_database(template=pg_template)
    clean = create_engine(pg_cluster.url(clean_name))
    try:
        import_solo_folder(solo.home, pg_cluster.url(clean_name))
        got, want = _dump(clinic, stable=True), _dump(clean, stable=True)
        assert got == want
    finally:
        clean.dispose()
        pg_cluster.drop_database(clean_name)


def test_a_name_already_taken_on_the_server_keeps_both_people(
    solo: Solo, clinic: Engine, pg_url: str
) -> None:
    with clinic.begin() as conn:
        conn.execute(insert(models.Profile).values(uuid="someone-else", name="dana", role="clinician"))

    report = import_solo_folder(solo.home, pg_url)

    with clinic.connect() as conn:
        names = dict(conn.execute(select(models.Profile.uuid, models.Profile.name)).all())
    assert names["someone-else"] == "dana" and names[solo.dana_uuid] == "Dana (2)"
    assert report.renamed_profiles == (("Dana", "Dana (2)"),)
    assert '"Dana (2)"' in report.summary()


def test_a_profile_known_by_a_linked_id_is_matched_not_doubled(
    solo: Solo, clinic: Engine, pg_url: str
) -> None:
    with clinic.begin() as conn:
        conn.execute(
            insert(models.Profile).values(uuid="dana-on-the-laptop", name="Dana L", role="clinician")
        )

    report = import_solo_folder(solo.home, pg_url)

    assert (report.profiles.added, report.profiles.already_there) == (1, 1)
    with Session(clinic) as s:
        dana = s.scalars(select(models.Profile).where(models.Profile.uuid == "dana-on-the-laptop")).one()
        assert [a.uuid for a in dana.aliases] == [solo.dana_uuid]  # found by its own id next time
        assert (
            s.scalar(select(models.Attempt.profile_id).where(models.Attempt.uuid == solo.attempt_uuid))
            == dana.id
        )


def test_an_older_solo_database_is_updated_as_a_copy_only(
    tmp_path: Path, clinic: Engine, pg_url: str
) -> None:
    home = tmp_path / "old"
    home.mkdir()
    seed_at_0001(DataPaths(home).database)
    before = _folder_hashes(home)

    report = import_solo_folder(home, pg_url)

    assert report.migrated_from == "0001" and "older version" in report.summary()
    assert _folder_hashes(home) == before
    with clinic.connect() as conn:
        assert conn.execute(select(models.Profile.name)).scalars().all() == ["Dana"]
        assert conn.execute(select(models.Rating.empathy, models.Rating.note)).one() == (4, "felt ok")
        assert conn.execute(select(models.Attempt.uuid)).scalars().all() == ["a-1"]
    with sqlite3.connect(DataPaths(home).database) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    raw.close()


def test_a_damaged_source_database_gets_a_plain_message_and_nothing_moves(
    solo: Solo, clinic: Engine, pg_url: str
) -> None:
    database = DataPaths(solo.home).database
    data = bytearray(database.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * (4096 * 2)  # pages of tables overwritten
    database.write_bytes(bytes(data))
    before = _folder_hashes(solo.home)

    with pytest.raises(SoloImportError, match="damaged") as caught:
        import_solo_folder(solo.home, pg_url)

    assert "Nothing was imported" in str(caught.value) and "Traceback" not in str(caught.value)
    assert _count(clinic, "profiles") == 0
    assert _folder_hashes(solo.home) == before


def test_not_a_database_a_newer_one_and_no_folder_are_refused_plainly(
    tmp_path: Path, solo: Solo, pg_url: str
) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    DataPaths(junk).database.write_text("these are my notes, not a database")
    with pytest.raises(SoloImportError, match="damaged or is not a Practice Room database"):
        import_solo_folder(junk, pg_url)
    with pytest.raises(SoloImportError, match="no practice.sqlite3"):
        import_solo_folder(tmp_path, pg_url)
    with pytest.raises(SoloImportError, match="no folder"):
        import_solo_folder(tmp_path / "nowhere", pg_url)

    newer = tmp_path / "newer"
    shutil.copytree(solo.home, newer)
    with sqlite3.connect(DataPaths(newer).database) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0042_future'")
    raw.close()
    with pytest.raises(SoloImportError, match="newer version"):
        import_solo_folder(newer, pg_url)
    with pytest.raises(SoloImportError, match="PostgreSQL"):
        import_solo_folder(solo.home, f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")


def test_rows_still_in_the_wal_file_of_a_killed_app_arrive(tmp_path: Path, solo: Solo, pg_url: str) -> None:
    """A commit may sit in practice.sqlite3-wal when the app was killed: the import reads it
    (from its copy) and still leaves both files as they were."""
    live = sqlite3.connect(DataPaths(solo.home).database)
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute(
        "INSERT INTO profiles (uuid, name, role, created_at) "
        "VALUES ('late-uuid', 'Late Lou', 'clinician', '2026-02-01')"
    )
    live.commit()
    killed = tmp_path / "killed"
    killed.mkdir()
    for name in ("practice.sqlite3", "practice.sqlite3-wal"):  # what the killed app left
        shutil.copyfile(solo.home / name, killed / name)
    live.close()
    assert (killed / "practice.sqlite3-wal").stat().st_size > 0
    before = _folder_hashes(killed)

    report = import_solo_folder(killed, pg_url)

    assert report.profiles.added == 3
    assert _folder_hashes(killed) == before


def test_a_folder_open_in_a_running_app_is_refused_and_a_stale_lock_is_not(
    solo: Solo, clinic: Engine, pg_url: str
) -> None:
    lock = DataPaths(solo.home).lock_file
    running = subprocess.Popen(["sleep", "60"])
    try:
        lock.write_text(f"{running.pid}\npractice-room\n{socket.gethostname()}\n")
        with pytest.raises(SoloImportError, match="open on .* right now. Close it there first"):
            import_solo_folder(solo.home, pg_url)
        assert _count(clinic, "profiles") == 0
    finally:
        running.kill()
        running.wait()
    import_solo_folder(solo.home, pg_url)  # the same lock, its process gone: a crash's leftover
    assert _count(clinic, "profiles") == 2


def test_a_recording_path_leading_out_of_the_folder_is_not_read(
    tmp_path: Path, solo: Solo, pg_url: str
) -> None:
    outside = tmp_path / "private.wav"
    write_take(outside, seed=7)
    with sqlite3.connect(DataPaths(solo.home).database) as raw:
        raw.execute(
            "UPDATE attempts SET recording_path = '../private.wav' WHERE uuid = ?", (solo.attempt_uuid,)
        )
    raw.close()

    report = import_solo_folder(solo.home, pg_url)

    assert "../private.wav" in report.missing_files and report.recordings.added == 1
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            keys = conn.execute(select(models.StoredFile.key)).scalars().all()
    finally:
        engine.dispose()
    assert f"attempt:{solo.attempt_uuid}" not in keys


def test_a_server_that_cannot_be_reached_or_is_not_set_up_is_named_plainly(
    solo: Solo, pg_cluster: Cluster
) -> None:
    with pytest.raises(SoloImportError, match="Could not reach the clinic's server"):
        import_solo_folder(solo.home, pg_cluster.url("no_such_database"))
    empty = pg_cluster.create_database()  # never migrated: `clinic init` not run yet
    try:
        with pytest.raises(SoloImportError, match="schema none.*clinic init"):
            import_solo_folder(solo.home, pg_cluster.url(empty))
    finally:
        pg_cluster.drop_database(empty)


def test_an_admin_who_is_not_a_superuser_imports_as_the_owner_role(
    solo: Solo, clinic: Engine, pg_url: str, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables owned by a role nobody signs in as, row-level security forced with a pass for that
    role only (as `clinic init` sets up); the admin has CREATEROLE and a membership that gives
    nothing by itself (NOINHERIT): only working as the owner role gets in."""
    tag = uuid.uuid4().hex[:8]
    owner, admin = f"owner_{tag}", f"admin_{tag}"
    with clinic.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {owner} NOLOGIN")
        conn.exec_driver_sql(f"CREATE ROLE {admin} LOGIN CREATEROLE NOINHERIT IN ROLE {owner}")
        conn.exec_driver_sql(f"GRANT USAGE, CREATE ON SCHEMA public TO {owner}")
        names = conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars()
        for name in list(names):
            conn.exec_driver_sql(f"ALTER TABLE {name} OWNER TO {owner}")  # its sequences follow
            conn.exec_driver_sql(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
            conn.exec_driver_sql(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
            conn.exec_driver_sql(
                f"CREATE POLICY owner_pass ON {name} TO {owner} USING (true) WITH CHECK (true)"
            )
    admin_url = pg_url.replace("postgresql+psycopg://postgres@", f"postgresql+psycopg://{admin}@")
    assert admin_url != pg_url

    monkeypatch.setattr(clinic_roles, "OWNER", owner)
    report = import_solo_folder(solo.home, admin_url)

    assert report.attempts.added == 3 and report.recordings.added == 2
    assert _count(clinic, "attempts") == 3 and _count(clinic, "stored_file_chunks") >= 3
    monkeypatch.setattr(clinic_roles, "OWNER", f"nobody_{tag}")  # not a member: no way in
    with pytest.raises(SoloImportError, match="refused .*permission denied.*administrator's address"):
        import_solo_folder(solo.home, admin_url)


def test_with_one_profile_in_the_folder_its_own_clips_become_theirs(
    tmp_path: Path, template_db: Path, clinic: Engine, pg_url: str
) -> None:
    world = open_world(tmp_path / "one", template_db, starter=False)
    try:
        ana = world.store.profiles.create("Ana", "clinician")
        mine = world.store.clips.get(own_clip(world))
    finally:
        world.close()

    import_solo_folder(world.paths.home, pg_url)

    with Session(clinic) as s:
        there = s.scalars(select(models.Profile).where(models.Profile.uuid == ana.uuid)).one()
        clip = s.scalars(select(models.Clip).where(models.Clip.uuid == mine.uuid)).one()
        assert clip.owner_profile_id == there.id  # the clinic lets her edit her clip's details
    stored, _ = _stored(clinic, f"clip:{mine.content_hash}")
    assert stored.profile_id == there.id


def test_a_database_that_cannot_be_read_is_named(
    solo: Solo, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.copyfile

    def refused(src: Any, dst: Any, **kw: Any) -> Any:
        if str(src).endswith("practice.sqlite3"):
            raise PermissionError(13, "Permission denied", str(src))
        return real(src, dst, **kw)

    monkeypatch.setattr(solo_import.shutil, "copyfile", refused)  # as root, chmod would not stop us
    with pytest.raises(SoloImportError, match="could not be read.*Permission denied.*Nothing was imported"):
        import_solo_folder(solo.home, pg_url)
