"""Row-level security as the server enforces it: raw SQL as each person's own login role, the
way a crafted client would try it, plus the storage API working as a trainee and a supervisor."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import errors

from app.paths import DataPaths
from app.startup.storage import after_store_opened
from practice_db.clinic.admin import init_clinic
from practice_db.clinic.connection import connect_params
from practice_db.clinic.roles import MEMBER, OWNER
from practice_db.errors import PermissionDeniedError
from practice_db.progress.records import Period
from practice_db.records import RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.clinic_world import ClinicWorld

RLS_REFUSED = "new row violates row-level security policy"


def raw(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(**connect_params(url), autocommit=True)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_clip(conn: psycopg.Connection[Any], source: str = "starter", owner: int | None = None) -> int:
    row = conn.execute(
        "INSERT INTO clips (uuid, title, presentation, difficulty, statement, media_path, content_hash,"
        " source, created_at, owner_profile_id) VALUES (%s, 'A clip', 'hostile', 1, '', 'clips/a.ogg',"
        " %s, %s, %s, %s) RETURNING id",
        (str(uuid.uuid4()), uuid.uuid4().hex, source, now(), owner),
    ).fetchone()
    assert row is not None
    return int(row[0])


def add_attempt(conn: psycopg.Connection[Any], profile_id: int, clip_id: int) -> int:
    row = conn.execute(
        "INSERT INTO attempts (uuid, profile_id, clip_id, started_at, status) VALUES (%s, %s, %s, %s,"
        " 'complete') RETURNING id",
        (str(uuid.uuid4()), profile_id, clip_id, now()),
    ).fetchone()
    assert row is not None
    return int(row[0])


def add_rating(conn: psycopg.Connection[Any], attempt_id: int, rater_id: int, role: str, warmth: int) -> int:
    row = conn.execute(
        "INSERT INTO ratings (uuid, attempt_id, rater_profile_id, rater_role, warmth, note, went_well,"
        " corrective_point, extra_corrective_point, ask_again, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, '', '', '', '', false, %s, %s) RETURNING id",
        (str(uuid.uuid4()), attempt_id, rater_id, role, warmth, now(), now()),
    ).fetchone()
    assert row is not None
    return int(row[0])


def ids(conn: psycopg.Connection[Any], query: str, *params: object) -> set[int]:
    return {int(r[0]) for r in conn.execute(query.encode(), params).fetchall()}  # test's own text


class Programme:
    """Ana and Cy are trainees; Dr Bo supervises Ana only; Dr Eve supervises nobody."""

    def __init__(self, world: ClinicWorld) -> None:
        self.world = world
        self.ana, self.ana_url = world.person("Ana", "clinician")
        self.cy, self.cy_url = world.person("Cy", "clinician")
        self.bo, self.bo_url = world.person("Dr Bo", "supervisor")
        self.eve, self.eve_url = world.person("Dr Eve", "supervisor")
        world.assign("Dr Bo", "Ana")
        with raw(world.admin_url) as admin:
            self.clip = add_clip(admin)
        with raw(self.ana_url) as ana:
            self.ana_attempt = add_attempt(ana, self.ana, self.clip)
            self.ana_self = add_rating(ana, self.ana_attempt, self.ana, "self", 2)
        with raw(self.cy_url) as cy:
            self.cy_attempt = add_attempt(cy, self.cy, self.clip)
            self.cy_self = add_rating(cy, self.cy_attempt, self.cy, "self", 4)
        with raw(self.bo_url) as bo:
            self.bo_rating = add_rating(bo, self.ana_attempt, self.bo, "supervisor", 3)


@pytest.fixture
def programme(clinic: ClinicWorld) -> Iterator[Programme]:
    yield Programme(clinic)


def test_tables_belong_to_the_owner_role_and_force_row_level_security(programme: Programme) -> None:
    with raw(programme.world.admin_url) as admin:
        rows = admin.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'i')"
        ).fetchall()
        functions = admin.execute(
            "SELECT proname, pg_get_userbyid(proowner), proconfig FROM pg_proc"
            " WHERE proname LIKE 'practice_room_%'"
        ).fetchall()
    tables = {r[0] for r in rows if r[2] is not None}
    assert {"attempts", "ratings", "profiles", "stored_file_chunks", "alembic_version"} <= tables
    assert all(owner == OWNER for _name, owner, _rls, _force in rows), rows  # tables, indexes, sequences
    with raw(programme.world.admin_url) as admin:
        flags = admin.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
    assert len(flags) == 18 and all(rls and force for _n, rls, force in flags), flags
    assert {f[0] for f in functions} >= {"practice_room_me", "practice_room_sees"}
    assert all(
        owner == OWNER and config == ["search_path=pg_catalog, public"] for _n, owner, config in functions
    )


def test_no_member_can_bypass_security_or_act_as_the_owner(programme: Programme) -> None:
    with raw(programme.world.admin_url) as admin:
        members = admin.execute(
            "SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcanlogin,"
            " pg_has_role(r.oid, %s, 'USAGE') FROM pg_roles r WHERE pg_has_role(r.oid, %s, 'MEMBER')"
            " AND r.rolname <> %s AND NOT r.rolsuper",
            (OWNER, MEMBER, MEMBER),
        ).fetchall()
        groups = admin.execute(
            "SELECT rolname, rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN (%s, %s)",
            (OWNER, MEMBER),
        ).fetchall()
    logins = {programme.world.login_of(n) for n in ("Ana", "Cy", "Dr Bo", "Dr Eve")}
    assert logins <= {m[0] for m in members}
    assert all(
        not (sup or bypass or createrole or as_owner) and can_login
        for _n, sup, bypass, createrole, can_login, as_owner in members
        if _n in logins
    )
    assert sorted(groups) == [(MEMBER, False, False, False), (OWNER, False, False, False)]


def test_a_trainee_sees_only_own_attempts_and_the_ratings_on_them(programme: Programme) -> None:
    p = programme
    with raw(p.ana_url) as ana:
        assert ids(ana, "SELECT id FROM attempts") == {p.ana_attempt}
        assert ids(ana, "SELECT id FROM ratings") == {p.ana_self, p.bo_rating}  # feedback readable
        assert ids(ana, "SELECT id FROM ratings WHERE attempt_id = %s", p.cy_attempt) == set()
        assert ana.execute(
            "SELECT count(*) FROM practice_sessions WHERE profile_id = %s", (p.cy,)
        ).fetchone() == (0,)
        assert ids(ana, "SELECT trainee_profile_id FROM clinic_assignments") == {p.ana}
        assert len(ids(ana, "SELECT id FROM profiles")) == 4  # names are shared, to show who rated


def test_a_trainee_cannot_change_a_supervisors_rating_with_raw_sql(programme: Programme) -> None:
    p = programme
    with raw(p.ana_url) as ana:
        changed = ana.execute("UPDATE ratings SET warmth = 5 WHERE id = %s", (p.bo_rating,))
        assert changed.rowcount == 0
        assert ana.execute("DELETE FROM ratings WHERE id = %s", (p.bo_rating,)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_rating(ana, p.ana_attempt, p.bo, "supervisor", 5)  # claiming to be Dr Bo
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_rating(ana, p.ana_attempt, p.ana, "supervisor", 5)  # herself, as a supervisor
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            ana.execute("UPDATE ratings SET rater_profile_id = %s WHERE id = %s", (p.bo, p.ana_self))
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_rating(ana, p.cy_attempt, p.ana, "self", 1)  # someone else's attempt
        assert ana.execute("UPDATE ratings SET warmth = 3 WHERE id = %s", (p.ana_self,)).rowcount == 1
    with raw(p.world.admin_url) as admin:
        assert admin.execute("SELECT warmth FROM ratings WHERE id = %s", (p.bo_rating,)).fetchone() == (3,)


def test_a_supervisor_reads_and_rates_only_assigned_trainees(programme: Programme) -> None:
    p = programme
    with raw(p.bo_url) as bo:
        assert ids(bo, "SELECT id FROM attempts") == {p.ana_attempt}
        assert ids(bo, "SELECT id FROM ratings") == {p.ana_self, p.bo_rating}
        assert bo.execute("UPDATE ratings SET warmth = 4 WHERE id = %s", (p.bo_rating,)).rowcount == 1
        assert bo.execute("UPDATE ratings SET warmth = 1 WHERE id = %s", (p.ana_self,)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_rating(bo, p.cy_attempt, p.bo, "supervisor", 2)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_attempt(bo, p.ana, p.clip)  # a trainee's practice is theirs to record
        bo.execute(
            "INSERT INTO comments (uuid, attempt_id, author_profile_id, offset_ms, text, created_at)"
            " VALUES (%s, %s, %s, 1000, 'Slow down here', %s)",
            (str(uuid.uuid4()), p.ana_attempt, p.bo, now()),
        )
    with raw(p.ana_url) as ana:
        assert ana.execute("SELECT text FROM comments").fetchall() == [("Slow down here",)]
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            ana.execute(
                "INSERT INTO comments (uuid, attempt_id, author_profile_id, offset_ms, text, created_at)"
                " VALUES (%s, %s, %s, 0, 'forged', %s)",
                (str(uuid.uuid4()), p.ana_attempt, p.bo, now()),
            )
        assert ana.execute("UPDATE comments SET text = 'changed'").rowcount == 0


def test_an_unassigned_supervisor_sees_nothing_of_a_trainee(programme: Programme) -> None:
    p = programme
    with raw(p.eve_url) as eve:
        for table in ("attempts", "ratings", "practice_sessions", "goals", "comments", "assessments"):
            assert eve.execute(f"SELECT count(*) FROM {table}".encode()).fetchone() == (0,), table
        assert eve.execute("SELECT practice_room_sees(%s)", (p.ana,)).fetchone() == (False,)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_rating(eve, p.ana_attempt, p.eve, "supervisor", 3)
    p.world.unassign("Dr Bo", "Ana")
    with raw(p.bo_url) as bo:
        assert bo.execute("SELECT count(*) FROM attempts").fetchone() == (0,)
        assert bo.execute("UPDATE ratings SET warmth = 1 WHERE id = %s", (p.bo_rating,)).rowcount == 0


def test_running_init_again_keeps_people_and_protection(programme: Programme) -> None:
    p = programme
    with raw(p.world.admin_url) as admin:  # a hash left from a solo computer, copied by hand
        admin.execute("UPDATE profiles SET password_hash = 'old-hash' WHERE id = %s", (p.bo,))
    init_clinic(p.world.admin_url)
    with raw(p.world.admin_url) as admin:
        assert admin.execute("SELECT count(*) FROM profiles WHERE password_hash IS NOT NULL").fetchone() == (
            0,
        )
    with raw(p.world.admin_url) as admin:
        count = admin.execute("SELECT count(*) FROM pg_policies WHERE schemaname = 'public'").fetchone()
    init_clinic(p.world.admin_url)
    with raw(p.world.admin_url) as admin:
        assert (
            admin.execute("SELECT count(*) FROM pg_policies WHERE schemaname = 'public'").fetchone() == count
        )
    with raw(p.ana_url) as ana:
        assert ids(ana, "SELECT id FROM attempts") == {p.ana_attempt}
        assert ana.execute("UPDATE ratings SET warmth = 5 WHERE id = %s", (p.bo_rating,)).rowcount == 0
    with raw(p.bo_url) as bo:
        assert ids(bo, "SELECT id FROM attempts") == {p.ana_attempt}


def test_goals_are_set_by_their_owner_or_the_owners_supervisor(programme: Programme) -> None:
    p = programme
    insert_goal = (
        "INSERT INTO goals (uuid, owner_profile_id, set_by_profile_id, kind, params, starts_on, ends_on,"
        " note, created_at, updated_at) VALUES (%s, %s, %s, 'practice_frequency', '{}', '2026-01-01',"
        " '2026-02-01', '', %s, %s)"
    )
    with raw(p.bo_url) as bo:
        bo.execute(insert_goal, (str(uuid.uuid4()), p.ana, p.bo, now(), now()))
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            bo.execute(insert_goal, (str(uuid.uuid4()), p.cy, p.bo, now(), now()))
    with raw(p.cy_url) as cy:
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            cy.execute(insert_goal, (str(uuid.uuid4()), p.ana, p.cy, now(), now()))
        assert cy.execute("SELECT count(*) FROM goals").fetchone() == (0,)
    with raw(p.ana_url) as ana:
        assert ana.execute("UPDATE goals SET note = 'mine now'").rowcount == 1


def test_people_cannot_promote_themselves_or_change_anyone_elses_profile(programme: Programme) -> None:
    p = programme
    with raw(p.ana_url) as ana:
        assert ana.execute("UPDATE profiles SET name = 'Ana B' WHERE id = %s", (p.ana,)).rowcount == 1
        assert ana.execute("UPDATE profiles SET name = 'Mallory' WHERE id = %s", (p.bo,)).rowcount == 0
        for column, value in (
            ("role", "supervisor"),
            ("login_role", p.world.login_of("Dr Bo")),
            ("password_hash", "$argon2id$v=19$made-up"),  # on a server the login is the password
        ):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                ana.execute(f"UPDATE profiles SET {column} = %s WHERE id = %s".encode(), (value, p.ana))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            ana.execute(
                "INSERT INTO profiles (uuid, name, role, created_at) VALUES ('x', 'X', 'supervisor', now())"
            )
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            ana.execute("DELETE FROM profiles WHERE id = %s", (p.cy,))
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            ana.execute("INSERT INTO clinic_assignments VALUES (%s, %s, now())", (p.ana, p.cy))
        with pytest.raises(errors.InsufficientPrivilege):
            ana.execute(f"SET ROLE {OWNER}".encode())
        with pytest.raises(errors.InsufficientPrivilege):
            ana.execute("ALTER TABLE ratings DISABLE ROW LEVEL SECURITY")
        with pytest.raises(errors.InsufficientPrivilege):
            ana.execute("CREATE TABLE public.mine (x int)")
        with pytest.raises(errors.InsufficientPrivilege):
            ana.execute("DROP POLICY read ON ratings")
    with raw(p.world.admin_url) as admin:
        assert admin.execute("SELECT name, role FROM profiles WHERE id = %s", (p.ana,)).fetchone() == (
            "Ana B",
            "clinician",
        )


def test_clips_own_ones_by_their_owner_shared_ones_by_supervisors(programme: Programme) -> None:
    p = programme
    with raw(p.ana_url) as ana:
        assert p.clip in ids(ana, "SELECT id FROM clips")
        assert ana.execute("UPDATE clips SET title = 'mine' WHERE id = %s", (p.clip,)).rowcount == 0
        own = add_clip(ana, "imported", owner=p.ana)
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            add_clip(ana, "imported", owner=p.cy)
    with raw(p.bo_url) as bo:
        shared = add_clip(bo, "imported")  # a programme's clip, nobody's own
        assert bo.execute("UPDATE clips SET title = 'edited' WHERE id = %s", (own,)).rowcount == 1
        assert bo.execute("UPDATE clips SET title = 'edited' WHERE id = %s", (p.clip,)).rowcount == 0
    with raw(p.cy_url) as cy:
        assert cy.execute("UPDATE clips SET title = 'x' WHERE id IN (%s, %s)", (own, shared)).rowcount == 0


def test_assessment_ratings_follow_the_same_rule(programme: Programme) -> None:
    p = programme
    with raw(p.world.admin_url) as admin:
        set_id = admin.execute(
            "INSERT INTO assessment_sets (uuid, name, builtin, created_at) VALUES (%s, 'Set', true, %s)"
            " RETURNING id",
            (str(uuid.uuid4()), now()),
        ).fetchone()
    assert set_id is not None
    with raw(p.ana_url) as ana:
        sitting = ana.execute(
            "INSERT INTO assessments (uuid, profile_id, set_id, occasion, status, started_at)"
            " VALUES (%s, %s, %s, 'baseline', 'complete', %s) RETURNING id",
            (str(uuid.uuid4()), p.ana, set_id[0], now()),
        ).fetchone()
        assert sitting is not None
        take = ana.execute(
            "INSERT INTO assessment_takes (uuid, assessment_id, clip_id, position, started_at, status)"
            " VALUES (%s, %s, %s, 0, %s, 'complete') RETURNING id",
            (str(uuid.uuid4()), sitting[0], p.clip, now()),
        ).fetchone()
        assert take is not None
    rate = (
        "INSERT INTO assessment_ratings (uuid, take_id, rater_profile_id, rater_role, warmth, created_at,"
        " updated_at) VALUES (%s, %s, %s, %s, 3, %s, %s)"
    )
    with raw(p.ana_url) as ana:
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            ana.execute(rate, (str(uuid.uuid4()), take[0], p.ana, "rater", now(), now()))
        ana.execute(rate, (str(uuid.uuid4()), take[0], p.ana, "self", now(), now()))
    with raw(p.eve_url) as eve:
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            eve.execute(rate, (str(uuid.uuid4()), take[0], p.eve, "rater", now(), now()))
    with raw(p.bo_url) as bo:
        bo.execute(rate, (str(uuid.uuid4()), take[0], p.bo, "rater", now(), now()))
        assert bo.execute("SELECT count(*) FROM assessment_ratings").fetchone() == (2,)


def test_stored_files_are_read_by_who_sees_their_person(programme: Programme) -> None:
    p = programme
    add_file = (
        "INSERT INTO stored_files (key, kind, profile_id, media_type, file_name, size_bytes, chunk_count,"
        " sha256, complete, created_at) VALUES (%s, %s, %s, 'audio/ogg', 'a.ogg', 3, 1, 'x', true, %s)"
        " RETURNING id"
    )
    with raw(p.ana_url) as ana:
        mine = ana.execute(add_file, (f"attempt:{uuid.uuid4()}", "attempt", p.ana, now())).fetchone()
        assert mine is not None
        ana.execute("INSERT INTO stored_file_chunks (file_id, seq, data) VALUES (%s, 0, 'abc')", (mine[0],))
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            ana.execute(add_file, (f"clip:{uuid.uuid4()}", "clip", None, now()))  # shared: supervisors
        own_clip = ana.execute(add_file, (f"clip:{uuid.uuid4()}", "clip", p.ana, now())).fetchone()
        assert own_clip is not None  # her own clip's file, filed under her
    with raw(p.bo_url) as bo:
        shared = bo.execute(add_file, (f"clip:{uuid.uuid4()}", "clip", None, now())).fetchone()
        assert shared is not None
        assert ids(bo, "SELECT file_id FROM stored_file_chunks") == {mine[0]}
        with pytest.raises(errors.InsufficientPrivilege, match=RLS_REFUSED):
            bo.execute("INSERT INTO stored_file_chunks (file_id, seq, data) VALUES (%s, 1, 'x')", (mine[0],))
    with raw(p.cy_url) as cy:
        # Clip files are everyone's to read, as clips are; Ana's recordings are not Cy's.
        assert ids(cy, "SELECT id FROM stored_files") == {shared[0], own_clip[0]}
        assert cy.execute("SELECT count(*) FROM stored_file_chunks").fetchone() == (0,)


def test_the_storage_api_works_as_a_trainee_and_as_a_supervisor(clinic: ClinicWorld, tmp_path: Path) -> None:
    ana, ana_url = clinic.person("Ana", "clinician")
    bo, bo_url = clinic.person("Dr Bo", "supervisor")
    _cy, cy_url = clinic.person("Cy", "clinician")
    clinic.assign("Dr Bo", "Ana")
    trainee = PracticeStore.open(ana_url, tmp_path / "backups")
    try:
        assert trainee.open_report is not None and trainee.open_report.backup is None
        # The app's start-up as the first person to connect: starter clips and the assessment set.
        paths = DataPaths(tmp_path / "ana").ensure()
        assert after_store_opened(paths, trainee) is None
        assert trainee.clips.count() > 0 and trainee.assessment_sets.list()
        clip = trainee.clips.list()[0]
        session = trainee.attempts.start_session(ana)
        attempt = trainee.attempts.begin(ana, clip.id, session.id, "recordings/a.wav")
        trainee.attempts.finish(attempt.id, TakeFacts("recordings/a.wav", 4200, response_latency_ms=700))
        own = trainee.ratings.save(
            attempt.id, ana, RatingInput(scores=dict.fromkeys(FACET_KEYS, 3), reaction="good_challenge")
        )
        assert own.rater_role == "self"
        assert [a.id for a in trainee.attempts.for_profile(ana)] == [attempt.id]
        trainee.attempts.end_session(session.id)
        assert trainee.profiles.rename(ana, "Ana Bell").name == "Ana Bell"
        today = datetime.now(UTC).date()
        board = trainee.progress.dashboard(ana, Period(today - timedelta(days=7), today + timedelta(days=1)))
        assert board is not None
        # The app's own check would let this through (Dr Bo may rate Ana): the server refuses it,
        # and the storage layer hands the app its own plain "not yours" error.
        with pytest.raises(PermissionDeniedError, match="did not allow") as refused:
            trainee.ratings.save(attempt.id, bo, RatingInput(scores={"empathy": 5}))
        assert RLS_REFUSED in str(refused.value.__cause__ or refused.value.__context__)
    finally:
        trainee.close()
    supervisor = PracticeStore.open(bo_url, tmp_path / "backups")
    try:
        assert after_store_opened(DataPaths(tmp_path / "bo").ensure(), supervisor) is None  # nothing new
        queue = supervisor.transfer.awaiting_review()
        assert [item.attempt_id for item in queue] == [attempt.id]
        detail = supervisor.feedback.detail(attempt.id, bo)
        assert detail.trainee.name == "Ana Bell" and detail.self_hidden
        rated = supervisor.ratings.save(
            attempt.id, bo, RatingInput(scores=dict.fromkeys(FACET_KEYS, 4), went_well="Warm")
        )
        assert rated.rater_role == "supervisor"
        supervisor.ratings.add_comment(attempt.id, bo, 1500, "Lovely pause here")
        assert supervisor.transfer.awaiting_review() == []
        assert [item.attempt_id for item in supervisor.feedback.reviewed(supervisor_id=bo)] == [attempt.id]
    finally:
        supervisor.close()
    trainee = PracticeStore.open(ana_url, tmp_path / "backups")
    try:
        assert len(trainee.feedback.clip_history(ana, clip.id)) == 1
        assert {r.rater_role for r in trainee.ratings.for_attempt(attempt.id)} == {"self", "supervisor"}
        assert [c.text for c in trainee.ratings.comments(attempt.id)] == ["Lovely pause here"]
    finally:
        trainee.close()
    outsider = PracticeStore.open(cy_url, tmp_path / "backups")
    try:
        assert outsider.transfer.awaiting_review() == [] and outsider.ratings.for_attempt(attempt.id) == []
        assert outsider.attempts.for_profile(ana) == []
    finally:
        outsider.close()


def test_a_trainee_deletes_an_attempt_with_feedback_and_undo_brings_back_what_it_may(
    clinic: ClinicWorld, tmp_path: Path
) -> None:
    """Deleting one's own attempt takes its feedback with it (the trainee's right); on the server,
    Undo puts back the attempt and the trainee's own words, not a supervisor's rows (which a
    trainee may not write), and does not fail because of them."""
    ana, ana_url = clinic.person("Ana", "clinician")
    bo, bo_url = clinic.person("Dr Bo", "supervisor")
    clinic.assign("Dr Bo", "Ana")
    trainee = PracticeStore.open(ana_url, tmp_path / "backups")
    supervisor = PracticeStore.open(bo_url, tmp_path / "backups")
    try:
        after_store_opened(DataPaths(tmp_path / "ana").ensure(), trainee)
        clip = trainee.clips.list()[0]
        attempt = trainee.attempts.begin(ana, clip.id, None, "recordings/a.wav")
        trainee.attempts.finish(attempt.id, TakeFacts("recordings/a.wav", 4200))
        trainee.ratings.save(attempt.id, ana, RatingInput(scores=dict.fromkeys(FACET_KEYS, 3), note="mine"))
        supervisor.ratings.save(attempt.id, bo, RatingInput(scores=dict.fromkeys(FACET_KEYS, 4)))
        rows = trainee.deletion.remove_attempts([attempt.id], ana)
        assert trainee.attempts.for_profile(ana) == []
        new_ids = trainee.deletion.restore(rows)
        [back] = trainee.attempts.for_profile(ana)
        assert new_ids == {attempt.id: back.id} and back.uuid == attempt.uuid
        mine = trainee.ratings.get(back.id, ana)
        assert mine is not None and mine.note == "mine"
        assert supervisor.ratings.get(back.id, bo) is None  # a trainee could not write it back
    finally:
        trainee.close()
        supervisor.close()
