"""Frozen records of the practice anchors, as the window receives them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

KINDS: tuple[str, ...] = ("weak", "ordinary", "strong")
KIND_LABELS: dict[str, str] = {
    "weak": "the weak reply",
    "ordinary": "the ordinary reply",
    "strong": "the strong reply",
}


@dataclass(frozen=True)
class AnchorReply:
    id: str
    kind: str  # weak | ordinary | strong
    text: str
    ratings: Mapping[str, int]  # the author's score for each of the eight facets (read-only)
    note: str  # why the author rated it so
    audio: Path | None  # None when the file is missing or differs from the manifest
    duration_s: float


@dataclass(frozen=True)
class AnchorExercise:
    exercise_id: str
    presentation: str
    title: str
    statement: str  # the client statement the replies answer
    client_clip: Path | None  # the starter clip, when it still speaks that same statement
    replies: tuple[AnchorReply, ...]  # in the manifest's order (weak, ordinary, strong)


@dataclass(frozen=True)
class AnchorSet:
    about: str  # what the anchors are (and are not), from the manifest
    rated_by: str
    exercises: tuple[AnchorExercise, ...]
    problems: tuple[str, ...]  # things that work less well but don't stop practice (a missing file)
