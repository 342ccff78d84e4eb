"""Profile passwords on a real migrated database: argon2 hashes only, wrong guesses wait longer
each time (1, 2, 4 ... s, capped), the right one opens and clears the count, removal opens the
profile again, and the password itself is nowhere in the database files."""

from __future__ import annotations

import pytest

from app.paths import DataPaths
from app.profiles.password import MAX_WAIT, PasswordError, PasswordGate, wait_after
from practice_db.errors import ValidationError
from practice_db.store import PracticeStore

SECRET = "lantern-Quartz-71"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _database_bytes(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in paths.database.parent.glob(paths.database.name + "*"))


def test_set_wrong_right_and_removed(store: PracticeStore, data_paths: DataPaths) -> None:
    lee = store.profiles.create("Dr Lee", "supervisor")
    assert not lee.protected
    clock = Clock()
    gate = PasswordGate(clock)
    assert gate.unlock(store, lee.id, "").ok  # no password yet: anyone may open it

    with pytest.raises(PasswordError, match="at least 6"):
        gate.set_password(store, lee.id, "abc", "abc")
    with pytest.raises(PasswordError, match="not the same"):
        gate.set_password(store, lee.id, SECRET, SECRET + "x")
    assert not store.profiles.get(lee.id).protected  # a refused change changes nothing
    protected = gate.set_password(store, lee.id, SECRET, SECRET)
    assert protected.protected and store.profiles.get(lee.id).protected
    stored = store.profiles.password_hash(lee.id)
    assert stored is not None and stored.startswith("$argon2id$") and SECRET not in stored
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = _database_bytes(data_paths)
    assert stored.encode() in raw and SECRET.encode() not in raw  # the hash, never the password

    # wrong: a plain message, and each wrong try makes the next wait longer
    waits = []
    for _ in range(4):
        answer = gate.unlock(store, lee.id, "lantern")
        assert not answer.ok and "not right" in answer.message
        waits.append(answer.wait_seconds)
        early = gate.unlock(store, lee.id, SECRET)  # even the right one is not checked before time
        assert not early.ok and "Please wait" in early.message
        clock.now += answer.wait_seconds
    assert waits == [1.0, 2.0, 4.0, 8.0]
    assert [wait_after(n) for n in (5, 6, 9)] == [16.0, MAX_WAIT, MAX_WAIT]
    assert gate.unlock(store, lee.id, SECRET).ok
    assert gate.unlock(store, lee.id, "nope").wait_seconds == 1.0  # the right one cleared the count
    clock.now += 1

    # changing and removing need the current password
    with pytest.raises(PasswordError, match="current password is not right"):
        gate.set_password(store, lee.id, "another-one", "another-one", current="guess")
    clock.now += 10
    gate.set_password(store, lee.id, "another-one", "another-one", current=SECRET)
    assert gate.unlock(store, lee.id, "another-one").ok and not gate.unlock(store, lee.id, SECRET).ok
    clock.now += 10
    with pytest.raises(PasswordError):
        gate.remove_password(store, lee.id, current="wrong")
    clock.now += 10
    opened = gate.remove_password(store, lee.id, current="another-one")
    assert not opened.protected and store.profiles.password_hash(lee.id) is None
    assert gate.unlock(store, lee.id, "").ok


def test_storage_takes_only_a_hash(store: PracticeStore) -> None:
    sam = store.profiles.create("Sam", "clinician")
    with pytest.raises(ValidationError, match="never the password"):
        store.profiles.set_password_hash(sam.id, SECRET)
    assert store.profiles.password_hash(sam.id) is None
