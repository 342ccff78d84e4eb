"""An acknowledged write is never lost: a child saves ratings, changes them and adds comments
through PracticeStore, printing each id only after its call returned (after COMMIT), and is killed
with SIGKILL in the middle of a later write. The next open finds every printed write, and nothing
of the one in flight. (benchmarks/faults.py repeats this with random kill moments.)"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from practice_db.records import NewClip
from practice_db.store import PracticeStore

REPO = Path(__file__).resolve().parents[2]

# argv: the database and its backup folder. Writes 12 rounds (new attempt + self-rating, that
# rating changed, a supervisor's comment), printing each after it returned; in round 13 it kills
# itself right after the rating's INSERT reached SQLite, inside the transaction.
_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from sqlalchemy import event
from practice_db.records import RatingInput
from practice_db.store import PracticeStore

store = PracticeStore.open(f"sqlite:///{sys.argv[1]}", Path(sys.argv[2]))
trainee, supervisor = store.profiles.by_uuid("trainee"), store.profiles.by_uuid("supervisor")
clip = store.clips.list()[0]
armed = []

@event.listens_for(store.engine, "after_cursor_execute")
def _kill(conn, cursor, statement, *args):
    if armed and statement.lstrip().startswith("INSERT INTO ratings"):
        os.kill(os.getpid(), signal.SIGKILL)

for n in range(1, 14):
    attempt = store.attempts.begin(trainee.id, clip.id, None, f"recordings/{n}.wav")
    print("attempt", attempt.uuid, flush=True)
    if n == 13:
        armed.append(True)
    rating = store.ratings.save(attempt.id, trainee.id, RatingInput({"empathy": 2}, note=f"first {n}"))
    print("rating", rating.uuid, f"first {n}", flush=True)
    rating = store.ratings.save(attempt.id, trainee.id, RatingInput({"empathy": 4}, note=f"second {n}"))
    print("rating", rating.uuid, f"second {n}", flush=True)
    comment = store.ratings.add_comment(attempt.id, supervisor.id, 500 * n, f"comment {n}")
    print("comment", comment.id, f"comment {n}", flush=True)
print("all written", flush=True)
"""


def test_writer_killed_mid_write_keeps_every_acknowledged_write(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    shutil.copy(template_db, db)
    store = PracticeStore.open(f"sqlite:///{db}", tmp_path / "backups")
    store.profiles.create("Robin", "clinician", uuid="trainee")
    store.profiles.create("Sam", "supervisor", uuid="supervisor")
    store.clips.add(NewClip("Angry start", "hostile", 2, "clips/a.ogg", "h1"))
    store.close()

    child = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(db), str(tmp_path / "backups")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    acked = [line.split(" ", 2) for line in child.stdout.splitlines()]
    assert "all written" not in child.stdout
    assert len(acked) == 12 * 4 + 1, "12 whole rounds, then round 13's attempt; its rating was in flight"

    store = PracticeStore.open(f"sqlite:///{db}", tmp_path / "backups")  # the next start
    try:
        with store.engine.connect() as conn:
            attempts = {str(u) for (u,) in conn.exec_driver_sql("SELECT uuid FROM attempts")}
            ratings = {str(u): str(n) for u, n in conn.exec_driver_sql("SELECT uuid, note FROM ratings")}
            comments = {str(i): str(t) for i, t in conn.exec_driver_sql("SELECT id, text FROM comments")}
    finally:
        store.close()
    assert {uuid for kind, uuid, *_ in acked if kind == "attempt"} == attempts
    latest = {uuid: rest[0] for kind, uuid, *rest in acked if kind == "rating"}  # the last one printed
    assert ratings == latest, "every rating there, each as last acknowledged; none from round 13"
    assert comments == {cid: rest[0] for kind, cid, *rest in acked if kind == "comment"}
    assert len(ratings) == len(comments) == 12
