"""Two computers (data folders A and B) on one clinic server, with real WAV takes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import DataPaths
from practice_db.records import AttemptRecord, NewClip, TakeFacts
from practice_db.store import PracticeStore
from tests.support.bundle_world import write_take
from tests.support.keys import activate

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.shell.main_window import MainWindow


@dataclass
class Computer:
    paths: DataPaths
    store: PracticeStore

    def close(self) -> None:
        self.store.close()


def computer(root: Path, url: str) -> Computer:
    paths = DataPaths(root).ensure()
    return Computer(paths, PracticeStore.open(url, paths.backups))


def clip_on(pc: Computer, n: int = 1, owner: int | None = None) -> int:
    """A clip on the server; `owner` makes it that person's own clip (a clinician may add only
    their own under the clinic's row-level security)."""
    return pc.store.clips.add(
        NewClip(
            title=f"Clip {n}",
            presentation="hostile",
            difficulty=1,
            media_path=f"clips/{n}.wav",
            content_hash=f"hash{n}",
            statement="You never listen.",
            facets=("empathy",),
            owner_profile_id=owner,
        )
    ).id


def signed_in(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """Clinic mode: the window opens the sign-in's own person, with no chooser."""
    qtbot.waitUntil(lambda: getattr(window.profile, "name", None) == name, timeout=30000)
    assert window.profile_dialog is None
    activate(qtbot, window)


def record(pc: Computer, profile_id: int, clip_id: int, seconds: float, seed: int = 0) -> AttemptRecord:
    """A take recorded and saved on `pc` (48 kHz mono 16-bit, as the recorder writes)."""
    attempt = pc.store.attempts.begin(profile_id, clip_id, None, "pending")
    relative = f"recordings/{attempt.uuid}.wav"
    write_take(pc.paths.home / relative, seconds=seconds, rate=48_000, seed=seed)
    return pc.store.attempts.finish(attempt.id, TakeFacts(relative, round(seconds * 1000)))
