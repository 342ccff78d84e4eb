"""What start-up take recovery found, and the plain sentences the window shows about it once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

NAMED_AT_MOST = 5  # beyond this the note would be a wall of text; the log names the rest


@dataclass(frozen=True)
class TakeNote:
    """One take the user is told about: which exercise, when, and the file kept (if any)."""

    exercise: str | None
    started_at: datetime | None
    file: Path | None = None


@dataclass
class RecoveryReport:
    recovered: list[str] = field(default_factory=list)  # attempt uuids given their audio back
    orphans: list[Path] = field(default_factory=list)  # audio kept, no attempt to attach it to
    unusable: list[Path] = field(default_factory=list)  # no audio, no attempt; put aside, not deleted
    no_reply: list[TakeNote] = field(default_factory=list)  # interrupted before any audio
    unreadable: list[TakeNote] = field(default_factory=list)  # files kept that could not be read
    unchecked: bool = False  # a whole step failed (e.g. the recordings folder could not be listed)

    def summary(self) -> str | None:
        lines = [*_recovered(self.recovered), *_unreadable(self.unreadable), *_no_reply(self.no_reply)]
        if self.orphans:
            lines.append(
                f"{_count(len(self.orphans), 'recording')} recovered from last time belonged to no exercise; "
                f"kept in {self.orphans[0].parent}."
            )
        if self.unusable:
            lines.append(
                f"{_count(len(self.unusable), 'interrupted recording')} held no sound; "
                "set aside in your recordings folder, not deleted."
            )
        if self.unchecked:
            lines.append(
                "Some interrupted recordings could not be checked this time; they were left as they "
                "were and will be checked again at the next start."
            )
        return "\n".join(lines) or None


def _count(n: int, noun: str) -> str:
    return f"{'One' if n == 1 else n} {noun}{'' if n == 1 else 's'}"


def when(at: datetime | None) -> str:
    if at is None:
        return ""
    local = at.astimezone()
    return f" on {local.day} {local:%b}"


def _about(note: TakeNote) -> str:
    exercise = f" for '{note.exercise}'" if note.exercise else ""
    return f"{exercise}{when(note.started_at)}"


def _name(note: TakeNote) -> str:
    exercise = f"'{note.exercise}'" if note.exercise else ""
    return f"{exercise}{when(note.started_at)}".strip()


def _recovered(uuids: list[str]) -> list[str]:
    if not uuids:
        return []
    if len(uuids) == 1:
        return ["A reply cut off last time was saved and kept with its exercise."]
    return [f"{len(uuids)} replies cut off last time were saved and kept with their exercises."]


def _unreadable(notes: list[TakeNote]) -> list[str]:
    lines = [
        f"The reply recorded{_about(n)} could not be read; "
        + (f"it is kept as {n.file}." if n.file else "it will be checked again at the next start.")
        for n in notes[:NAMED_AT_MOST]
    ]
    if len(notes) > NAMED_AT_MOST:
        lines.append(f"{len(notes) - NAMED_AT_MOST} more could not be read either; the log names each one.")
    return lines


def _no_reply(notes: list[TakeNote]) -> list[str]:
    if not notes:
        return []
    named = "; ".join(filter(None, (_name(n) for n in notes[:NAMED_AT_MOST])))
    more = f" and {len(notes) - NAMED_AT_MOST} more" if len(notes) > NAMED_AT_MOST else ""
    which = f" ({named}{more})" if named else ""
    if len(notes) == 1:
        return [
            f"One take{which} stopped before any reply was recorded; its history says “no reply recorded”."
        ]
    return [
        f"{len(notes)} takes{which} stopped before any reply was recorded; "
        "their histories say “no reply recorded”."
    ]
