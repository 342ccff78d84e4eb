"""Two computers adding the same name at once on a clinic's server: one profile, and the other is
told plainly (DuplicateError), never a database error, whichever moment the second one lost at.
(PostgreSQL only: a solo computer has one writer thread, so SQLite never sees this race.)"""

from __future__ import annotations

import threading
from pathlib import Path

from practice_db.errors import DuplicateError
from practice_db.store import PracticeStore


def _add(target: PracticeStore, name: str, start: threading.Barrier, outcomes: list[str]) -> None:
    start.wait()
    try:
        target.profiles.create(name, "clinician")
        outcomes.append("created")
    except DuplicateError:
        outcomes.append("told")
    except Exception as exc:  # noqa: BLE001  (what this test is about: nothing else may come out)
        outcomes.append(f"{type(exc).__name__}: {exc}")


def test_the_same_name_added_twice_at_once_gives_one_profile(pg_url: str, tmp_path: Path) -> None:
    store = PracticeStore.open(pg_url, tmp_path / "a")
    other = PracticeStore.open(pg_url, tmp_path / "b")
    try:
        for round_ in range(5):
            name, start, outcomes = f"Dana {round_}", threading.Barrier(2), []
            threads = [threading.Thread(target=_add, args=(s, name, start, outcomes)) for s in (store, other)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
            assert sorted(outcomes) == ["created", "told"], outcomes
            assert [p.name for p in store.profiles.list()].count(name) == 1
    finally:
        store.close()
        other.close()
