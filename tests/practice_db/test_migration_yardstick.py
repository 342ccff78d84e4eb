"""Migration 0006 (the yardstick) on real SQLite files: 'no too hard' goals become challenge-level
goals with their presentation and window kept, criteria verdicts and content notes have columns,
and a downgrade gives back what an older version understands."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from practice_db.engine import make_engine
from practice_db.migrate import current_revision, downgrade, upgrade
from practice_db.schema_version import HEAD_REVISION


def _seed_at_0005(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO profiles (uuid, name, role, created_at) "
            "VALUES ('p-1', 'Dana', 'clinician', '2026-01-01')"
        )
        for uuid, kind, params in (
            ("g-1", "no_too_hard", {"presentation": "hostile", "difficulty": 3, "recent": 5}),
            ("g-2", "no_too_hard", {"presentation": None, "difficulty": None, "recent": 3}),
            ("g-3", "practice_frequency", {"sessions_per_week": 2}),
        ):
            conn.exec_driver_sql(
                "INSERT INTO goals (uuid, owner_profile_id, kind, params, starts_on, ends_on, note, "
                "created_at, updated_at) "
                "VALUES (?, 1, ?, ?, '2026-01-01', '2026-02-01', '', '2026-01-01', '2026-01-01')",
                (uuid, kind, json.dumps(params)),
            )
    engine.dispose()


def _goals(path: Path) -> list[tuple[str, str, dict[str, object]]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT uuid, kind, params FROM goals ORDER BY uuid").fetchall()
    return [(uuid, kind, json.loads(params)) for uuid, kind, params in rows]


def test_no_too_hard_goals_become_challenge_level_goals(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0005(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    assert _goals(db) == [
        ("g-1", "challenge_level", {"presentation": "hostile", "recent": 5, "level": 3}),
        ("g-2", "challenge_level", {"presentation": None, "recent": 3, "level": 2}),
        ("g-3", "practice_frequency", {"sessions_per_week": 2}),
    ]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.exec_driver_sql("UPDATE goals SET kind = 'no_too_hard' WHERE uuid = 'g-3'")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE ratings SET criteria_verdicts = NULL")
        conn.exec_driver_sql("UPDATE clips SET content_note = 'x' WHERE 0")
    engine.dispose()


def test_downgrade_returns_goals_an_older_version_reads(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0005(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    downgrade(engine, "0005")
    assert current_revision(engine) == "0005"
    engine.dispose()
    assert [(uuid, kind) for uuid, kind, _ in _goals(db)] == [
        ("g-1", "no_too_hard"),
        ("g-2", "no_too_hard"),
        ("g-3", "practice_frequency"),
    ]
    with sqlite3.connect(db) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(ratings)")}
    assert "criteria_verdicts" not in columns
