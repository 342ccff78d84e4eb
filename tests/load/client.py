"""One load-test client: a person at their own computer, in a process of its own.

    python -m tests.load.client SPEC.json      (or run_child, forked by tests/load/swarm.py)

The spec (written by tests/load/swarm.py) names the database URL, this person's profile and role,
the clips and the folder shared with the other clients. The client opens its own PracticeStore,
says it is ready (`ready-<n>`), waits for the `go` file (so 40 slow imports don't eat the 60 s),
then works like a person until the deadline or a `stop` file: a trainee starts and finishes takes,
self-rates them with a note, adds time-stamped notes and edits a self-rating; a supervisor loads
the review queue, opens an attempt, rates it, comments and edits an earlier rating. Every write
the store confirmed goes to `log-<n>.jsonl` (uuid and values) before the next action, every
exception too; `done-<n>.json` holds the counts and read times at the end.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from practice_db.records import RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS, REACTIONS

NOTES = ("Felt rushed at the start.", "Better pause this time.", "Lost the thread halfway.", "Kept it short.")
COMMENTS = ("Nice pause here.", "Name the feeling first.", "Tone tightens here.", "Good reflection.")
POINTS = ("Slow down after their last word.", "Offer one concrete next step.", "")


@dataclass(frozen=True)
class Spec:
    url: str
    folder: str
    index: int
    role: str  # "trainee" | "supervisor"
    profile_id: int
    clip_ids: tuple[int, ...]
    seed: int
    think_s: float  # the longest pause between two actions

    @classmethod
    def load(cls, path: Path) -> Spec:
        raw = json.loads(path.read_text())
        raw["clip_ids"] = tuple(raw["clip_ids"])
        return cls(**raw)


def random_scores(rng: random.Random) -> dict[str, int | None]:
    return {key: rng.randint(1, 5) for key in FACET_KEYS}


class Client:
    def __init__(self, spec: Spec, store: PracticeStore, log: IO[str]) -> None:
        self.spec = spec
        self.store = store
        self.log = log
        self.rng = random.Random(spec.seed)
        self.counts: dict[str, int] = {}
        self.reads_ms: dict[str, list[float]] = {}
        self.attempts: list[tuple[int, str]] = []  # (id, uuid) of this trainee's finished takes
        self.rated: list[tuple[int, str]] = []  # (attempt id, attempt uuid) this person rated
        self.session_id: int | None = None

    # -- the log -----------------------------------------------------------------------------
    def wrote(self, kind: str, **values: Any) -> None:
        """A write the store confirmed; flushed at once so a crash later still shows it."""
        self.log.write(json.dumps({"kind": kind, **values}, default=str) + "\n")
        self.log.flush()
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def failed(self, action: str, exc: BaseException) -> None:
        orig = getattr(exc, "orig", None)
        self.log.write(
            json.dumps(
                {
                    "kind": "error",
                    "action": action,
                    "type": type(exc).__name__,
                    "orig": type(orig).__name__ if orig is not None else None,
                    "message": str(exc)[:800],
                    "traceback": traceback.format_exc()[-3000:],
                }
            )
            + "\n"
        )
        self.log.flush()
        self.counts["error"] = self.counts.get("error", 0) + 1

    def timed(self, what: str, read: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        out = read()
        self.reads_ms.setdefault(what, []).append((time.perf_counter() - began) * 1000)
        return out

    # -- a trainee -----------------------------------------------------------------------------
    def take(self) -> None:
        """Start a take, 'record' for a moment, finish it, then rate it oneself with a note."""
        s, me = self.store, self.spec.profile_id
        if self.session_id is None:
            self.session_id = s.attempts.start_session(me).id
        clip = self.rng.choice(self.spec.clip_ids)
        path = f"recordings/load-{self.spec.index}-{len(self.attempts)}.wav"
        begun = s.attempts.begin(me, clip, self.session_id, path)
        time.sleep(self.rng.uniform(0.05, 0.3))  # the reply being spoken (shortened)
        duration = self.rng.randint(15_000, 90_000)
        facts = TakeFacts(path, duration, "complete", 900, duration // 2, 3, 2_000, 12)
        done = s.attempts.finish(begun.id, facts)
        self.wrote(
            "attempt",
            uuid=done.uuid,
            profile_id=me,
            clip_id=clip,
            status=done.status,
            duration_ms=duration,
            speaking_ms=duration // 2,
        )
        self.attempts.append((done.id, done.uuid))
        self.rate(done.id, done.uuid, self_rating=True)

    def rate(self, attempt_id: int, attempt_uuid: str, *, self_rating: bool) -> None:
        rng = self.rng
        data = RatingInput(
            scores=random_scores(rng),
            reaction=rng.choice(REACTIONS) if self_rating else None,
            note=rng.choice(NOTES) if self_rating else "",
            corrective_point="" if self_rating else rng.choice(POINTS),
            ask_again=False if self_rating else rng.random() < 0.1,
        )
        saved = self.store.ratings.save(attempt_id, self.spec.profile_id, data)
        self.wrote(
            "rating",
            uuid=saved.uuid,
            attempt_uuid=attempt_uuid,
            rater_profile_id=self.spec.profile_id,
            rater_role=saved.rater_role,
            scores=dict(data.scores),
            reaction=data.reaction,
            note=data.note,
            corrective_point=data.corrective_point,
            ask_again=data.ask_again,
        )
        if (attempt_id, attempt_uuid) not in self.rated:
            self.rated.append((attempt_id, attempt_uuid))

    def comment(self, attempt_id: int, attempt_uuid: str) -> None:
        text = f"{self.rng.choice(COMMENTS)} ({self.spec.index}:{self.counts.get('comment', 0)})"
        offset = self.rng.randint(0, 60_000)
        saved = self.store.ratings.add_comment(attempt_id, self.spec.profile_id, offset, text)
        self.wrote(
            "comment",
            uuid=saved.uuid,
            attempt_uuid=attempt_uuid,
            author_profile_id=self.spec.profile_id,
            offset_ms=offset,
            text=text,
        )

    def trainee_step(self) -> None:
        roll = self.rng.random()
        if roll < 0.55 or not self.attempts:
            self.take()
        elif roll < 0.75:
            self.comment(*self.rng.choice(self.attempts))
        elif roll < 0.9:
            self.rate(*self.rng.choice(self.attempts), self_rating=True)  # edits the self-rating
        else:
            self.timed("progress", lambda: self.store.progress.dashboard(self.spec.profile_id, self.period()))

    # -- a supervisor --------------------------------------------------------------------------
    def supervisor_step(self) -> None:
        s, me, rng = self.store, self.spec.profile_id, self.rng
        if self.rated and rng.random() < 0.25:
            self.rate(*rng.choice(self.rated), self_rating=False)  # changes an earlier rating
            return
        queue = self.timed("queue", lambda: s.transfer.awaiting_review())
        if not queue:
            return
        item = rng.choice(queue[:20])
        self.timed("detail", lambda: s.feedback.detail(item.attempt_id, me))
        self.rate(item.attempt_id, item.attempt_uuid, self_rating=False)
        if rng.random() < 0.6:
            self.comment(item.attempt_id, item.attempt_uuid)

    def period(self) -> Any:
        from datetime import date, timedelta

        from practice_db.progress.records import Period

        today = date.today()
        return Period(today - timedelta(days=90), today + timedelta(days=1))

    # -- the run -------------------------------------------------------------------------------
    def run(self, deadline: float, stop: Path) -> None:
        step = self.trainee_step if self.spec.role == "trainee" else self.supervisor_step
        while time.time() < deadline and not stop.exists():
            try:
                step()
            except Exception as exc:  # noqa: BLE001  # every failure is collected; the test fails on any
                self.failed(step.__name__, exc)
            time.sleep(self.rng.uniform(0.0, self.spec.think_s))


def wait_for_go(folder: Path) -> float:
    """The deadline, once the parent has written `go` (after every client said ready)."""
    go = folder / "go"
    while not go.exists():
        time.sleep(0.02)
    return float(json.loads(go.read_text())["deadline"])


def main(argv: list[str]) -> int:
    spec = Spec.load(Path(argv[0]))
    folder = Path(spec.folder)
    store = PracticeStore.open(spec.url, folder / f"backups-{spec.index}")
    try:
        store.profiles.get(spec.profile_id)  # connected and warm before the clock starts
        (folder / f"ready-{spec.index}").touch()
        deadline = wait_for_go(folder)
        with open(folder / f"log-{spec.index}.jsonl", "a") as log:
            client = Client(spec, store, log)
            client.run(deadline, folder / "stop")
        summary = {"counts": client.counts, "reads_ms": client.reads_ms}
        (folder / f"done-{spec.index}.json").write_text(json.dumps(summary))
    finally:
        store.close()
    return 0


def run_child(spec_path: str, stderr_path: str) -> None:
    """The target of a forked client (tests/load/swarm.py): its stderr into a file, then main."""
    fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    sys.exit(main([spec_path]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
