"""A rehearsal session's plan and progress (plain Python), and the worker functions that feed it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from practice_db.practice_plan import next_level
from practice_db.records import ClipFilter, ClipRecord, ProfileRecord, SessionRecord

if TYPE_CHECKING:
    from practice_db.store import PracticeStore


@dataclass(frozen=True)
class SessionRequest:
    """What the clinician chose to practise."""

    mode: str = "suggested"  # suggested | set | single
    presentation: str | None = None
    facet: str | None = None
    level: int | None = None  # None: let the check-ins decide
    clip_count: int | None = 5
    minutes: int | None = None
    first_clip: ClipRecord | None = None
    hide_noted: bool = False  # the setting "Hide clips with content notes"

    def clip_filter(self) -> ClipFilter:
        # Difficulty is not filtered: the level moves with the check-ins.
        if self.mode == "set":
            return ClipFilter(
                presentation=self.presentation, facet=self.facet, without_content_note=self.hide_noted
            )
        return ClipFilter(without_content_note=self.hide_noted)


@dataclass
class PracticeSession:
    request: SessionRequest
    record: SessionRecord
    level: int | None  # chosen by the user for every presentation; None: the check-ins decide
    started: float = field(default_factory=time.monotonic)
    clips_done: list[int] = field(default_factory=list)
    # Each presentation keeps its own level: a too-hard hostile clip leaves withdrawn ones alone.
    levels: dict[str, int] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # passed over at their content note
    paused_at: float | None = None  # a break: the minutes don't run meanwhile

    def note_attempt(self, clip: ClipRecord) -> None:
        if clip.id not in self.clips_done:
            self.clips_done.append(clip.id)

    def note_reaction(self, clip: ClipRecord, reaction: str | None) -> None:
        """The next clip of this presentation follows the check-in on this one."""
        self.levels[clip.presentation] = next_level(clip.difficulty, reaction)

    def passed(self) -> list[int]:
        """Clips the next suggestion should come to only when nothing else is left."""
        return [*self.clips_done, *(c for c in self.skipped if c not in self.clips_done)]

    def pause(self) -> None:
        if self.paused_at is None:
            self.paused_at = time.monotonic()

    def resume(self) -> None:
        if self.paused_at is not None:
            self.started += time.monotonic() - self.paused_at
            self.paused_at = None

    def minutes_used(self) -> float:
        now = self.paused_at if self.paused_at is not None else time.monotonic()
        return (now - self.started) / 60

    def is_complete(self) -> bool:
        if self.request.clip_count is not None and len(self.clips_done) >= self.request.clip_count:
            return True
        return self.request.minutes is not None and self.minutes_used() >= self.request.minutes

    def progress_text(self) -> str:
        if self.request.clip_count is not None:
            total = self.request.clip_count
            return f"Exercise {min(len(self.clips_done), total)} of {total}"
        if self.request.minutes is not None:
            return f"{int(self.minutes_used())} of {self.request.minutes} minutes"
        return f"{len(self.clips_done)} exercise{'s' if len(self.clips_done) != 1 else ''} so far"


def begin_session(
    store: PracticeStore, profile: ProfileRecord, request: SessionRequest
) -> tuple[SessionRecord, ClipRecord | None]:
    """Worker thread: record the session and pick its first exercise."""
    record = store.attempts.start_session(profile.id)
    if request.first_clip is not None:
        return record, request.first_clip
    return record, store.next_exercise(profile.id, request.clip_filter(), request.level)
