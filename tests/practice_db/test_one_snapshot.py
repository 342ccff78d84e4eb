"""Reads of several queries see one moment on both databases: on PostgreSQL `one_snapshot` asks
for REPEATABLE READ for that read only, and the connection goes back to READ COMMITTED after."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from practice_db.engine import make_session_factory, one_snapshot
from practice_db.store import PracticeStore


def test_a_read_sees_one_moment_and_writes_keep_the_default(pg_url: str, tmp_path: Path) -> None:
    store = PracticeStore.open(pg_url, tmp_path / "backups")
    other = PracticeStore.open(pg_url, tmp_path / "backups")
    sessions = make_session_factory(store.engine)
    try:
        with sessions() as s:
            one_snapshot(s)
            assert s.execute(text("SHOW transaction_isolation")).scalar() == "repeatable read"
            before = s.execute(text("SELECT count(*) FROM profiles")).scalar()
            other.profiles.create("Saved meanwhile", "clinician")  # another computer's save
            assert s.execute(text("SELECT count(*) FROM profiles")).scalar() == before
        with sessions() as s:  # the pooled connection is back at the default
            assert s.execute(text("SHOW transaction_isolation")).scalar() == "read committed"
            assert s.execute(text("SELECT count(*) FROM profiles")).scalar() == (before or 0) + 1
    finally:
        store.close()
        other.close()


def test_it_is_a_plain_read_on_either_database(store: PracticeStore) -> None:
    with make_session_factory(store.engine)() as s:
        one_snapshot(s)
        assert s.execute(text("SELECT 1")).scalar() == 1
