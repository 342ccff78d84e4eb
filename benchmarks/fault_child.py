"""The child process of one fault trial (benchmarks/faults.py): it does the app's own work with
the app's own code and is killed with SIGKILL by the parent at a random moment. Every line it
prints is flushed at once; `<MARK> <time.monotonic()>` lines tell the parent where it is.

    python -m benchmarks.fault_child take HOME DEVICE      attempt row, then record from DEVICE
    python -m benchmarks.fault_child write DB              ratings and comments, one commit each
    python -m benchmarks.fault_child upgrade HOME          open an old database (backup + upgrade)
    python -m benchmarks.fault_child backup DB BACKUPS     one verified backup
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path


def say(*words: object) -> None:
    """One line in one write: a line without its newline was cut by the kill and never counts."""
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def mark(name: str) -> None:
    say(name, f"{time.monotonic():.6f}")


def take(home: Path, device: str) -> None:
    """What Rehearse does: the attempt row first (status `recording`), then the take into
    recordings/<attempt uuid>.wav through its .partial file, for up to a minute."""
    from app.paths import DataPaths, database_url
    from media.recording.recorder import Recorder
    from practice_db.store import PracticeStore

    paths = DataPaths(home)
    store = PracticeStore.open(database_url(paths), paths.backups)
    profile = store.profiles.list()[0]
    clip = store.clips.list()[0]
    attempt_uuid = str(uuid.uuid4())
    relative = f"recordings/{attempt_uuid}.wav"
    store.attempts.begin(profile.id, clip.id, None, relative, attempt_uuid)  # as ui/rehearse/page.py
    say("ATTEMPT", attempt_uuid, relative)
    recorder = Recorder(device)
    recorder.arm()
    mark("ARMED")
    recorder.start_take(paths.home / relative, 60.0)
    while recorder.poll_level() is None:  # the first block has arrived: audio is flowing
        time.sleep(0.002)
    mark("RECORDING")
    while recorder.poll_finished() is None:
        time.sleep(0.05)
    mark("FINISHED")


def write(db: Path) -> None:
    """Ratings as the rating form saves them, one commit per value given: a new attempt and its
    self-rating, a changed rating (its note carries a version number), a supervisor's comment.
    Each `ACK` line is printed only after the call returned, i.e. after COMMIT."""
    import random

    from practice_db.records import RatingInput
    from practice_db.store import PracticeStore

    store = PracticeStore.open(f"sqlite:///{db}", db.parent / "backups")
    trainee = next(p for p in store.profiles.list() if p.role != "supervisor")
    supervisor = next(p for p in store.profiles.list() if p.role == "supervisor")
    clip = store.clips.list()[0]
    mine: list[tuple[int, str]] = []  # (attempt id, rating uuid) written by this child
    rng = random.Random()
    mark("WRITING")
    while True:
        version = time.monotonic_ns()  # grows: a later write of a rating has a larger number
        kind = rng.random()
        if not mine or kind < 0.5:
            attempt = store.attempts.begin(trainee.id, clip.id, None, "recordings/x.wav")
            say("ACK attempt", attempt.uuid)
            rating = store.ratings.save(
                attempt.id, trainee.id, RatingInput({"empathy": 3}, note=f"v{version}")
            )
            mine.append((attempt.id, rating.uuid))
            say("ACK rating", rating.uuid, version)
        elif kind < 0.85:
            attempt_id, _ = rng.choice(mine)
            rating = store.ratings.save(
                attempt_id, trainee.id, RatingInput({"empathy": rng.randint(1, 5)}, note=f"v{version}")
            )
            say("ACK rating", rating.uuid, version)
        else:
            attempt_id, _ = rng.choice(mine)
            comment = store.ratings.add_comment(attempt_id, supervisor.id, 1000, f"c{version}")
            say("ACK comment", comment.id, version)


def _marked(module: object, name: str, mark_name: str) -> None:
    """Print `mark_name` each time module.name returns (observation only: the call is unchanged)."""
    original = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        mark(mark_name)
        return result

    setattr(module, name, wrapper)


def upgrade(home: Path) -> None:
    """The app's start on a database an older build left: verified backup, then the upgrade.
    Marks say where it is: BACKED_UP, DDL (the upgrade transaction's first schema statement),
    COMMITTING (just before its COMMIT), OPENED."""
    from sqlalchemy import Engine, event

    import practice_db.migrate as migrate
    from app.paths import DataPaths, database_url
    from practice_db.store import PracticeStore

    _marked(migrate, "backup_database", "BACKED_UP")
    seen: set[str] = set()

    @event.listens_for(Engine, "after_cursor_execute")
    def _ddl(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "DDL" not in seen and statement.lstrip().upper().startswith(("CREATE", "ALTER", "DROP")):
            seen.add("DDL")
            mark("DDL")

    @event.listens_for(Engine, "commit")
    def _commit(_conn: object) -> None:
        if "DDL" in seen and "COMMITTING" not in seen:
            seen.add("COMMITTING")
            mark("COMMITTING")

    paths = DataPaths(home)
    mark("OPENING")
    store = PracticeStore.open(database_url(paths), paths.backups)
    mark("OPENED")
    store.close()


def backup(db: Path, backups: Path) -> None:
    """integrity.backup_database; marks COPIED (written and fsynced) and VERIFIED on the way."""
    import practice_db.integrity as integrity

    _marked(integrity, "_copy_database", "COPIED")
    _marked(integrity, "_problem_with_copy", "VERIFIED")
    mark("BACKING")
    made = integrity.backup_database(db, backups, "manual")
    mark("BACKED")
    say("MADE", made.name)


def main(argv: list[str]) -> None:
    kind, args = argv[0], [Path(a) for a in argv[1:]]
    if kind == "take":
        take(args[0], argv[2])
    elif kind == "write":
        write(args[0])
    elif kind == "upgrade":
        upgrade(args[0])
    elif kind == "backup":
        backup(args[0], args[1])
    else:
        raise SystemExit(f"unknown trial {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
