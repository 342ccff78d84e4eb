"""A small world for deletion tests: real rows through the storage API and real files on disk.

Dana (clinician) has two attempts at her own imported clip and one at a starter clip, each with a
recording; Sam (supervisor) rated and commented on Dana's first attempt and set her a goal; Lee
(clinician) practised the starter clip too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import soundfile

from app.paths import DataPaths
from practice_db.progress.records import NewGoal
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from tests.support.seeding import scores


@dataclass(frozen=True)
class World:
    dana: int
    sam: int
    lee: int
    own_clip: int
    starter_clip: int
    dana_attempts: tuple[int, ...]  # two at the own clip, then one at the starter clip
    lee_attempt: int

    def recording(self, paths: DataPaths, store: PracticeStore, attempt_id: int) -> Path:
        path = store.attempts.get(attempt_id).recording_path
        assert path is not None
        return paths.home / path


def _clip(store: PracticeStore, paths: DataPaths, title: str, source: str) -> int:
    media = paths.clips / f"{title.replace(' ', '-')}.wav"
    media.write_bytes(b"RIFF clip " + title.encode())
    return store.clips.add(
        NewClip(
            title=title,
            presentation="hostile",
            difficulty=2,
            media_path=f"clips/{media.name}",
            content_hash=f"hash-{title}",
            source=source,
            facets=("empathy", "warmth"),
            criteria=("Name the feeling",),
        )
    ).id


def _take(store: PracticeStore, paths: DataPaths, profile_id: int, clip_id: int, label: str) -> int:
    attempt = store.attempts.begin(profile_id, clip_id, None, "recordings/pending.wav")
    relative = f"recordings/{attempt.uuid}.wav"
    # A real WAV (the Review page draws its waveform), its length telling the takes apart.
    seconds = 0.5 + 0.25 * len(label)
    tone = 0.2 * np.sin(np.linspace(0, 440 * 2 * np.pi * seconds, int(16000 * seconds)))
    soundfile.write(paths.home / relative, tone.astype(np.float32), 16000, subtype="PCM_16")
    store.attempts.finish(attempt.id, TakeFacts(recording_path=relative, duration_ms=4000))
    return attempt.id


def build_world(store: PracticeStore, paths: DataPaths) -> World:
    dana = store.profiles.create("Dana Reyes", "clinician").id
    sam = store.profiles.create("Sam", "supervisor").id
    lee = store.profiles.create("Lee", "clinician").id
    own = _clip(store, paths, "My angry caller", "imported")
    starter = _clip(store, paths, "Starter silence", "starter")
    session = store.attempts.start_session(dana).id
    first = _take(store, paths, dana, own, "one")
    store.attempts.finish(
        first, TakeFacts(recording_path=store.attempts.get(first).recording_path or "", duration_ms=4000)
    )
    second = _take(store, paths, dana, own, "two")
    third = _take(store, paths, dana, starter, "three")
    store.ratings.save(first, dana, RatingInput(scores=scores(3), reaction="good_challenge", note="mine"))
    store.ratings.save(first, sam, RatingInput(scores=scores(4), corrective_point="Slow down"))
    store.ratings.add_comment(first, sam, 1500, "Lovely pause here")
    lee_attempt = _take(store, paths, lee, starter, "lee")
    store.ratings.save(lee_attempt, sam, RatingInput(scores=scores(2)))
    store.ratings.add_comment(lee_attempt, sam, 500, "Try naming it")
    store.goals.add(
        NewGoal(
            dana, sam, "practice_frequency", {"sessions_per_week": 2}, date(2026, 3, 2), date(2026, 3, 29)
        )
    )
    store.goals.add(
        NewGoal(lee, sam, "practice_frequency", {"sessions_per_week": 1}, date(2026, 3, 2), date(2026, 3, 29))
    )
    del session
    return World(dana, sam, lee, own, starter, (first, second, third), lee_attempt)
