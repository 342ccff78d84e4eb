"""Faults: "never lose, never lock out". Each trial starts a child process (benchmarks/fault_child.py)
that does the app's own work with the app's own code, kills it with SIGKILL at a random moment,
then runs the app's own start-up on what it left and checks the outcome:

  take     the attempt row is written, then a take is recorded from the real-time fake microphone
           (PulseAudio, real PortAudio); killed 0-3 s after the row was written. Start-up:
           PracticeStore.open + app.startup.take_recovery. Checked: the attempt is settled
           (`recovered` once audio flowed; `recovered` or `no_reply` before that), its WAV reads
           whole with the stdlib `wave`, and holds audio up to at most 2 s before the kill.
  write    new attempts, self-ratings, changed ratings (a version in the note) and supervisor
           comments, one commit each, an `ACK` line printed after each commit; killed 0.3-2 s in.
           One database for all trials. Start-up: PracticeStore.open. Checked: every write ever
           acknowledged (this trial's and all earlier ones) is there, a rating at least at the
           version acknowledged last.
  upgrade  a copy of a revision-0001 database with 4,000 attempts and ratings opened by the app
           (verified backup, then the one-transaction upgrade); odd trials killed at a random
           moment of the whole open, even ones at a random moment of the upgrade transaction
           (0-1.2x their longest unkilled durations). Checked: the file's schema is exactly its
           revision's (old or new, never half); the app opens it (or offers a backup, which is
           restored and then opens); no row lost.
  backup   integrity.backup_database of a seeded database into an empty folder; killed at a
           random moment (0-1.2x its longest unkilled duration). Checked: the database file is unchanged,
           every backup listed verifies and has the right revision, the app opens, no row lost,
           no temporary file left after it opened, and the next backup succeeds.

SIGKILL keeps what the process had handed to the kernel (the page cache survives); a power cut is
not simulated. The children print marks (their own time.monotonic()) at each step, so every kill is
placed in a phase (printed). Figures: counts of failed trials (goal 0) and the worst audio gap
(goal <= 2 s); each failed trial is also printed as a `# FAIL` line saying what was lost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import REPO, child_env, report
from media.recording.audio_constants import PREROLL_S

GAP_GOAL_S = 2.0
TAKE_KILL_WINDOW_S = 3.0
WRITE_KILL_WINDOW_S = (0.3, 2.0)
UPGRADE_ROWS = 4000


@dataclass
class Child:
    """A fault child whose stdout lines are collected by a thread, each with its arrival time."""

    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    marks: dict[str, float] = field(default_factory=dict)  # the child's own monotonic time
    seen: threading.Condition = field(default_factory=threading.Condition)
    reader: threading.Thread | None = None

    @classmethod
    def start(cls, args: list[str], stderr: Path) -> Child:
        with stderr.open("w") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.fault_child", *args],
                cwd=REPO,
                env=child_env(),
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        child = cls(proc)
        child.reader = threading.Thread(target=child._read, daemon=True)
        child.reader.start()
        return child

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            words = line.split()
            if not line.endswith("\n"):
                continue  # cut short by the kill: never acknowledged
            with self.seen:
                self.lines.append(line.rstrip("\n"))
                if len(words) == 2 and words[0].isupper() and words[0] not in self.marks:
                    try:
                        self.marks[words[0]] = float(words[1])
                    except ValueError:
                        pass
                self.seen.notify_all()
        with self.seen:
            self.seen.notify_all()

    def wait_mark(self, name: str, timeout: float = 60) -> float | None:
        deadline = time.monotonic() + timeout
        with self.seen:
            while name not in self.marks:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not (self.reader and self.reader.is_alive()):
                    return None
                self.seen.wait(min(left, 0.5))
            return self.marks[name]

    def kill_after(self, delay: float) -> float:
        """SIGKILL `delay` s from now (unless it already ended); the moment of the kill."""
        time.sleep(delay)
        killed_at = time.monotonic()
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish()
        return killed_at

    def finish(self, timeout: float = 60) -> None:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.reader is not None:
            self.reader.join(10)

    @property
    def killed(self) -> bool:
        return self.proc.returncode == -signal.SIGKILL


@dataclass
class Tally:
    trials: int = 0
    failures: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def count(self, key: str) -> None:
        self.notes[key] = self.notes.get(key, 0) + 1

    def fail(self, trial: int, what: str) -> None:
        self.failures.append(f"trial {trial}: {what}")
        print(f"# FAIL {what} (trial {trial})", flush=True)


def _stderr_tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(lines[-3:])


def _rows(db: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


# -- mid-take ---------------------------------------------------------------------------------------


def bench_kills_mid_take(folder: Path, kills: int, rng: random.Random) -> Tally:
    from app.paths import DataPaths, database_url
    from app.startup.take_recovery import recover_interrupted_takes
    from practice_db.records import NewClip
    from practice_db.store import PracticeStore
    from tests.support.fakemic import PulseMic

    paths = DataPaths(folder / "take-home").ensure()
    url = database_url(paths)
    store = PracticeStore.open(url, paths.backups)
    store.profiles.create("Robin", "clinician")
    store.clips.add(NewClip("Angry start", "hostile", 2, "clips/a.ogg", "h-take"))
    store.close()
    tally, gaps, recorded, before_audio = Tally(), [], [], 0
    mic = PulseMic().start()
    try:
        for trial in range(1, kills + 1):
            tally.trials += 1
            child = Child.start(["take", str(paths.home), mic.device], folder / "take.err")
            if child.wait_mark("ARMED") is None and not any(x.startswith("ATTEMPT") for x in child.lines):
                child.finish(1)
                tally.fail(
                    trial, f"the recording child never wrote its attempt: {_stderr_tail(folder / 'take.err')}"
                )
                continue
            attempt_line = next(x for x in child.lines if x.startswith("ATTEMPT"))
            uuid, relative = attempt_line.split()[1:3]
            killed_at = child.kill_after(rng.uniform(0, TAKE_KILL_WINDOW_S))
            if not child.killed:
                tally.fail(
                    trial,
                    f"the recording child ended by itself ({child.proc.returncode}): "
                    f"{_stderr_tail(folder / 'take.err')}",
                )
                continue
            started = child.marks.get("RECORDING")
            recorded_s = max(0.0, killed_at - started) if started is not None else 0.0
            if started is None:
                before_audio += 1
            store = PracticeStore.open(url, paths.backups)  # the next start of the app
            try:
                recover_interrupted_takes(store, paths)
                attempt = store.attempts.by_uuid(uuid)
            finally:
                store.close()
            final = paths.home / relative
            partials = list(paths.recordings.glob("*.partial"))
            if attempt is None:
                tally.fail(trial, f"attempt {uuid} is gone after recovery")
                continue
            if partials:
                tally.fail(trial, f"a partial take is left after recovery: {partials[0].name}")
            if started is None and attempt.status == "no_reply":
                tally.count("no_reply (killed before the first block)")
                continue
            if attempt.status != "recovered":
                tally.fail(
                    trial,
                    f"killed {recorded_s:.2f} s into the take: attempt {uuid} is "
                    f"{attempt.status!r}, not 'recovered' (take lost)",
                )
                continue
            tally.count("recovered")
            try:
                with wave.open(str(final), "rb") as w:
                    on_disk = w.getnframes() / w.getframerate()
                    w.setpos(max(0, w.getnframes() - 4800))
                    w.readframes(4800)
            except (OSError, wave.Error, EOFError) as exc:
                tally.fail(trial, f"the recovered take {final.name} does not read: {exc}")
                continue
            if attempt.duration_ms is None or abs(attempt.duration_ms - on_disk * 1000) > 2:
                tally.fail(
                    trial, f"attempt {uuid} says {attempt.duration_ms} ms, the file holds {on_disk:.3f} s"
                )
            if started is not None:
                # The take starts with up to PREROLL_S of audio from before start_take; counting
                # none of it as kept gives an upper bound of what was lost before the kill.
                gap = recorded_s - (on_disk - PREROLL_S)
                gaps.append(gap)
                recorded.append(recorded_s)
                if gap > GAP_GOAL_S:
                    tally.fail(
                        trial,
                        f"killed {recorded_s:.2f} s into the take, {on_disk:.2f} s kept "
                        f"({gap:.2f} s lost before the kill)",
                    )
    finally:
        mic.stop()
    lost = sum(1 for f in tally.failures if "take lost" in f or "gone" in f or "does not read" in f)
    settled = tally.notes.get("recovered", 0) + tally.notes.get("no_reply (killed before the first block)", 0)
    worst = max(gaps) if gaps else 0.0
    print(
        f"# mid-take: {tally.trials} kills, {tally.trials - before_audio} after audio began "
        f"(recorded {min(recorded, default=0):.2f}-{max(recorded, default=0):.2f} s); "
        f"{before_audio} before the first block; outcomes {tally.notes}; audio lost before the kill: "
        f"median {statistics.median(gaps) if gaps else 0:.3f} s, worst {worst:.3f} s "
        f"(an upper bound: the take's {PREROLL_S} s pre-roll counted as not kept)",
        flush=True,
    )
    report("kill_mid_take_takes_lost", lost, 0, fmt="d")
    report("kill_mid_take_rows_recovered", settled, tally.trials, floor=True, fmt="d", kind="goal")
    report("kill_mid_take_worst_audio_lost_s", max(worst, 0.0), GAP_GOAL_S, fmt=".2f")
    return tally


# -- mid-write --------------------------------------------------------------------------------------


def bench_kills_mid_write(folder: Path, kills: int, rng: random.Random) -> Tally:
    from practice_db.records import NewClip
    from practice_db.store import PracticeStore

    home = folder / "write-home"
    home.mkdir()
    db, backups = home / "practice.sqlite3", home / "backups"
    store = PracticeStore.open(f"sqlite:///{db}", backups)
    store.profiles.create("Robin", "clinician")
    store.profiles.create("Sam", "supervisor")
    store.clips.add(NewClip("Angry start", "hostile", 2, "clips/a.ogg", "h-write"))
    store.close()
    ratings: dict[str, int] = {}  # uuid -> version acknowledged last
    comments: dict[str, int] = {}  # id -> version
    attempts: set[str] = set()
    tally, acked_total = Tally(), 0
    for trial in range(1, kills + 1):
        tally.trials += 1
        child = Child.start(["write", str(db)], folder / "write.err")
        if child.wait_mark("WRITING") is None:
            child.finish(1)
            tally.fail(trial, f"the writing child never started: {_stderr_tail(folder / 'write.err')}")
            continue
        child.kill_after(rng.uniform(*WRITE_KILL_WINDOW_S))
        if not child.killed:
            tally.fail(trial, f"the writing child ended by itself: {_stderr_tail(folder / 'write.err')}")
        for line in child.lines:
            words = line.split()
            if words[:2] == ["ACK", "rating"]:
                ratings[words[2]] = max(ratings.get(words[2], 0), int(words[3]))
            elif words[:2] == ["ACK", "comment"]:
                comments[words[2]] = int(words[3])
            elif words[:2] == ["ACK", "attempt"]:
                attempts.add(words[2])
            else:
                continue
            acked_total += 1
        try:
            store = PracticeStore.open(f"sqlite:///{db}", backups)  # the next start of the app
        except Exception as exc:  # noqa: BLE001 - the figure is whether it opens
            tally.fail(trial, f"the app could not open the database: {exc!r}")
            continue
        try:
            with store.engine.connect() as conn:
                have_ratings = {
                    str(u): str(n) for u, n in conn.exec_driver_sql("SELECT uuid, note FROM ratings")
                }
                have_comments = {
                    str(i): str(t) for i, t in conn.exec_driver_sql("SELECT id, text FROM comments")
                }
                have_attempts = {str(u) for (u,) in conn.exec_driver_sql("SELECT uuid FROM attempts")}
        finally:
            store.close()
        lost = [f"attempt {u}" for u in attempts - have_attempts]
        for uuid, version in ratings.items():
            note = have_ratings.get(uuid)
            if note is None:
                lost.append(f"rating {uuid} (missing)")
            elif int(note[1:]) < version:
                lost.append(f"rating {uuid} (has v{note[1:]}, v{version} was acknowledged)")
        for cid, version in comments.items():
            if have_comments.get(cid) != f"c{version}":
                lost.append(f"comment {cid} (has {have_comments.get(cid)!r})")
        if lost:
            tally.fail(trial, f"{len(lost)} acknowledged writes lost: {', '.join(lost[:5])}")
            tally.notes["lost"] = tally.notes.get("lost", 0) + len(lost)
            for gone in lost:  # counted once
                key = gone.split()[1]
                ratings.pop(key, None)
                comments.pop(key, None)
                attempts.discard(key)
    print(
        f"# mid-write: {tally.trials} kills, {acked_total} acknowledged writes "
        f"({len(attempts)} attempts, {len(ratings)} ratings, {len(comments)} comments at the end), "
        f"every one checked after each later kill too",
        flush=True,
    )
    report("kill_mid_write_acknowledged_lost", tally.notes.get("lost", 0), 0, fmt="d")
    return tally


# -- mid-upgrade ------------------------------------------------------------------------------------


def old_database(path: Path, rows: int) -> dict[str, int]:
    """A revision-0001 database (tests/support/old_databases.py) with `rows` more attempts and ratings."""
    from tests.support.old_databases import seed_at_0001

    seed_at_0001(path)
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO attempts (uuid, profile_id, clip_id, started_at, status) "
            "SELECT 'a-' || i, 1, 1, '2026-01-02', 'complete' FROM n",
            (rows + 1,),
        )
        conn.execute(
            "INSERT INTO ratings (uuid, attempt_id, rater_profile_id, rater_role, empathy, note, went_well, "
            "corrective_point, extra_corrective_point, ask_again, created_at, updated_at) "
            "SELECT 'r-' || id, id, 1, 'self', 3, 'note ' || id, '', '', '', 0, '2026-01-02', '2026-01-02' "
            "FROM attempts WHERE id > 1"
        )
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return {t: _rows(path, t) for t in ("profiles", "clips", "attempts", "ratings")}


def _open_like_the_app(db: Path, backups: Path) -> tuple[str, str | None]:
    """PracticeStore.open as the window does; on an upgrade failure or damage, the backup the window
    offers is restored and the database opened again. (outcome, problem or None)."""
    from practice_db.errors import DatabaseDamagedError, DatabaseUpgradeFailedError
    from practice_db.integrity import restore_backup
    from practice_db.store import PracticeStore

    url = f"sqlite:///{db}"
    outcome = "opened"
    try:
        PracticeStore.open(url, backups).close()
        return outcome, None
    except DatabaseUpgradeFailedError as exc:
        offered = exc.backup.path if exc.backup is not None else None
        why = f"upgrade failed ({'half-updated' if exc.half_updated else 'rolled back'})"
    except DatabaseDamagedError as exc:
        offered = exc.backups[0].path if exc.backups else None
        why = f"damaged ({exc})"
    except Exception as exc:  # noqa: BLE001 - any other error is a lock-out
        return "locked out", f"{type(exc).__name__}: {exc}"
    if offered is None:
        return "locked out", f"{why}, no backup offered"
    try:
        restore_backup(offered, db, "fault")
        PracticeStore.open(url, backups).close()
    except Exception as exc:  # noqa: BLE001
        return "locked out", f"{why}; restoring {offered.name} failed: {exc}"
    return "restore offered", None


def _calibrate(
    args: list[str], start: str, end: str, folder: Path, prepare: Callable[[], None], runs: int = 3
) -> dict[str, float]:
    """Seconds from `start` to each mark of unkilled children (the longest of `runs`): the fault
    window and its phases, measured on this machine under its present load."""
    longest: dict[str, float] = {}
    for _ in range(runs):
        prepare()
        child = Child.start(args, folder / "calibrate.err")
        child.finish(120)
        if start not in child.marks or end not in child.marks:
            raise RuntimeError(f"calibration child failed: {_stderr_tail(folder / 'calibrate.err')}")
        for name, at in child.marks.items():
            longest[name] = max(longest.get(name, 0.0), at - child.marks[start])
    return longest


def _phase(child: Child, killed_at: float, phases: tuple[tuple[str, str], ...]) -> str:
    """The phase the kill landed in: the last of `phases` (mark, name) whose mark came before it."""
    found = phases[0][1]
    for name, label in phases:
        if name in child.marks and child.marks[name] <= killed_at:
            found = label
    return found


UPGRADE_PHASES = (
    ("OPENING", "checks and backup"),
    ("BACKED_UP", "backup done, upgrade not begun"),
    ("DDL", "inside the upgrade transaction"),
    ("COMMITTING", "at COMMIT"),
    ("OPENED", "after the open"),
)


def bench_kills_mid_upgrade(folder: Path, kills: int, rng: random.Random) -> Tally:
    """Half the kills at a random moment of the whole open, half at a random moment of the upgrade
    transaction (from its first schema statement), so that both are hit many times."""
    from practice_db.schema_check import matches_revision
    from practice_db.schema_version import HEAD_REVISION

    template = folder / "upgrade-0001.sqlite3"
    expected = old_database(template, UPGRADE_ROWS)
    home = folder / "upgrade-home"
    db, backups = home / "practice.sqlite3", home / "backups"

    def fresh() -> None:
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir()
        shutil.copyfile(template, db)

    marks = _calibrate(["upgrade", str(home)], "OPENING", "OPENED", folder, fresh)
    window, ddl_window = marks["OPENED"], marks["OPENED"] - marks["DDL"]
    tally, phases = Tally(), Tally()
    for trial in range(1, kills + 1):
        tally.trials += 1
        fresh()
        child = Child.start(["upgrade", str(home)], folder / "upgrade.err")
        from_mark, span = ("OPENING", window) if trial % 2 else ("DDL", ddl_window)
        begun = child.wait_mark(from_mark)
        if begun is None:
            child.finish(1)
            tally.fail(
                trial, f"the upgrading child never said {from_mark}: {_stderr_tail(folder / 'upgrade.err')}"
            )
            continue
        killed_at = child.kill_after(max(0.0, begun + rng.uniform(0, 1.2 * span) - time.monotonic()))
        phase = _phase(child, killed_at, UPGRADE_PHASES)
        phases.count(phase)
        at = f"killed {1000 * (killed_at - child.marks['OPENING']):.0f} ms into the open ({phase})"
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            revision = str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        except sqlite3.Error as exc:
            revision = f"unreadable ({exc})"
        finally:
            conn.close()
        if revision not in ("0001", HEAD_REVISION) or not matches_revision(db, revision):
            tally.fail(trial, f"{at}: revision {revision}, and the schema does not match it (half-updated)")
            tally.count("half")
        else:
            tally.count(f"left at {'old' if revision == '0001' else 'new'} revision")
        outcome, problem = _open_like_the_app(db, backups)
        tally.count(outcome)
        if problem is not None:
            tally.fail(trial, f"{at}, revision {revision}: app locked out: {problem}")
            continue
        got = {t: _rows(db, t) for t in expected}
        if got != expected:
            tally.fail(trial, f"{at}: rows after opening {got}, expected {expected}")
            tally.count("rows lost")
    print(
        f"# mid-upgrade: {tally.trials} kills of the app's open of a 0001 database "
        f"({expected['attempts']} attempts, {expected['ratings']} ratings): backup, then the upgrade to "
        f"{HEAD_REVISION} in one transaction, {window * 1000:.0f} ms unkilled (upgrade transaction "
        f"{ddl_window * 1000:.0f} ms); kills landed: {phases.notes}; outcomes {tally.notes}",
        flush=True,
    )
    report("kill_mid_upgrade_half_updated", tally.notes.get("half", 0), 0, fmt="d")
    report("kill_mid_upgrade_locked_out", tally.notes.get("locked out", 0), 0, fmt="d")
    report("kill_mid_upgrade_rows_lost", tally.notes.get("rows lost", 0), 0, fmt="d")
    return tally


# -- mid-backup -------------------------------------------------------------------------------------


BACKUP_PHASES = (
    ("BACKING", "copying"),
    ("COPIED", "verifying the copy"),
    ("VERIFIED", "renaming"),
    ("BACKED", "after the backup"),
)


def bench_kills_mid_backup(folder: Path, kills: int, rng: random.Random) -> Tally:
    from benchmarks.seed import seed_database
    from practice_db.integrity import backup_database, fingerprint, list_backups, read_revision, verify_backup
    from practice_db.schema_version import HEAD_REVISION
    from practice_db.store import PracticeStore

    home = folder / "backup-home"
    home.mkdir()
    db, backups = home / "practice.sqlite3", home / "backups"
    store = PracticeStore.open(f"sqlite:///{db}", home / "first-backups")
    seed_database(
        store.engine, profiles=10, supervisors=3, clips=100, attempts=3000, ratings=20_000, comments=5000
    )
    store.close()
    tables = ("profiles", "clips", "attempts", "ratings", "comments")
    expected = {t: _rows(db, t) for t in tables}

    def fresh() -> None:
        shutil.rmtree(backups, ignore_errors=True)

    window = _calibrate(["backup", str(db), str(backups)], "BACKING", "BACKED", folder, fresh)["BACKED"]
    tally, phases = Tally(), Tally()
    for trial in range(1, kills + 1):
        tally.trials += 1
        fresh()
        before = fingerprint(db)
        child = Child.start(["backup", str(db), str(backups)], folder / "backup.err")
        backing = child.wait_mark("BACKING")
        if backing is None:
            child.finish(1)
            tally.fail(trial, f"the backup child never started: {_stderr_tail(folder / 'backup.err')}")
            continue
        killed_at = child.kill_after(max(0.0, backing + rng.uniform(0, 1.2 * window) - time.monotonic()))
        phase = _phase(child, killed_at, BACKUP_PHASES)
        phases.count(phase)
        at = f"killed {1000 * (killed_at - backing):.0f} ms into the backup ({phase})"
        if fingerprint(db) != before:
            tally.fail(trial, f"{at}: the database file changed")
        listed = list_backups(backups)
        tally.count("a backup finished" if listed else "no backup yet")
        for info in listed:
            problem = verify_backup(info.path)
            if problem is not None or read_revision(info.path) != HEAD_REVISION:
                tally.fail(
                    trial, f"{at}: {info.path.name} is listed but {problem or 'has the wrong revision'}"
                )
                tally.count("bad backup listed")
        outcome, problem = _open_like_the_app(db, backups)
        tally.count(outcome)
        if problem is not None:
            tally.fail(trial, f"{at}: app locked out: {problem}")
            continue
        if any(p.name.startswith(".incoming-") for p in backups.glob("*")):
            tally.fail(trial, f"{at}: the dead backup's temporary file is still there after the app opened")
            tally.count("temporary file left")
        if {t: _rows(db, t) for t in tables} != expected:
            tally.fail(trial, f"{at}: rows lost")
            tally.count("rows lost")
        try:
            made = backup_database(db, backups, "next")
            if verify_backup(made) is not None:
                raise RuntimeError(f"{made.name} does not verify")
        except Exception as exc:  # noqa: BLE001
            tally.fail(trial, f"{at}: the next backup failed: {exc}")
            tally.count("next backup failed")
    print(
        f"# mid-backup: {tally.trials} kills of a backup of a database with {expected['attempts']} attempts, "
        f"{expected['ratings']} ratings and {expected['comments']} comments "
        f"({db.stat().st_size / 1e6:.1f} MB) that takes {window * 1000:.0f} ms unkilled; "
        f"kills landed: {phases.notes}; outcomes {tally.notes}",
        flush=True,
    )
    bad = sum(
        tally.notes.get(k, 0) for k in ("bad backup listed", "temporary file left", "next backup failed")
    )
    report("kill_mid_backup_locked_out", tally.notes.get("locked out", 0), 0, fmt="d")
    report("kill_mid_backup_rows_lost", tally.notes.get("rows lost", 0), 0, fmt="d")
    report("kill_mid_backup_bad_backups", bad, 0, fmt="d")
    return tally


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """The app logs each recovery and failed upgrade; here they would bury the figures."""
    loggers = [logging.getLogger(name) for name in ("app", "media", "practice_db")]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for log, level in zip(loggers, levels, strict=True):
            log.setLevel(level)


def bench_faults(
    folder: Path, take: int, write: int, upgrade: int, backup: int, seed: int | None = None
) -> None:
    with _quiet_logs():
        _bench_faults(folder, take, write, upgrade, backup, seed)


def _bench_faults(folder: Path, take: int, write: int, upgrade: int, backup: int, seed: int | None) -> None:
    seed = seed if seed is not None else random.SystemRandom().randrange(1 << 30)
    print(
        f"# faults: seed {seed}; SIGKILL mid-take {take}, mid-write {write}, mid-upgrade {upgrade}, "
        f"mid-backup {backup}",
        flush=True,
    )
    rng = random.Random(seed)
    work = folder / "faults"
    work.mkdir()
    started = time.monotonic()
    for kills, bench in (
        (take, bench_kills_mid_take),
        (write, bench_kills_mid_write),
        (upgrade, bench_kills_mid_upgrade),
        (backup, bench_kills_mid_backup),
    ):
        if kills > 0:
            t0 = time.monotonic()
            bench(work, kills, rng)
            print(f"# ({time.monotonic() - t0:.0f} s)", flush=True)
    print(f"# faults took {time.monotonic() - started:.0f} s", flush=True)
