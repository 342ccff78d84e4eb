"""Each clip's own details: checked the same way at import and when edited later from the Library.

Qt-free. The import table and the "Edit details" dialog build a `ClipDetails` per clip; these
functions say what is missing, sort out files already in the library before anyone is asked to
describe them, and save an own clip's edits without touching its attempts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.clips.records import ClipDetails, ImportOutcome, StagedClip
from practice_db.clips import MAX_TITLE
from practice_db.errors import ValidationError

if TYPE_CHECKING:
    from practice_db.records import ClipRecord
    from practice_db.store import PracticeStore

MAX_CRITERIA = 3  # a rater judges each one after every attempt: more than three blurs them
OWN_SOURCE = "imported"


def criteria_lines(text: str) -> tuple[str, ...]:
    """One criterion per line; blank lines and list marks typed out of habit are dropped."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


def optional(text: str) -> str | None:
    return text.strip() or None


def details_problem(details: ClipDetails) -> str | None:
    """What still stops this clip from being saved, in plain words; None when it can be."""
    if not details.title.strip():
        return "needs a title"
    if len(details.title.strip()) > MAX_TITLE:
        return f"has a title over {MAX_TITLE} letters; please shorten it"
    if not details.presentation:
        return "needs a presentation, so it can be found in the Library"
    if len(details.criteria) > MAX_CRITERIA:
        return f"has {len(details.criteria)} criteria; keep it to {MAX_CRITERIA} at most"
    return None


def details_of(clip: ClipRecord) -> ClipDetails:
    return ClipDetails(
        title=clip.title,
        presentation=clip.presentation,
        difficulty=clip.difficulty,
        statement=clip.statement,
        facets=clip.facets,
        criteria=clip.criteria,
        example_response=clip.example_response,
        content_note=clip.content_note,
    )


def why_not_editable(clip: ClipRecord) -> str | None:
    """None for the user's own clips; otherwise why its details stay as they are."""
    if clip.source == OWN_SOURCE:
        return None
    if clip.source == "starter":
        return (
            "This exercise comes with Practice Room. Its wording is kept as written so that a newer "
            "version of the program can update it; your own imported clips can be edited."
        )
    return (
        "This exercise came from someone else's bundle. Its details stay as its author wrote them, "
        "so both of you keep talking about the same exercise; your own imported clips can be edited."
    )


def save_details(
    store: PracticeStore, clip_id: int, details: ClipDetails, expected_version: int | None = None
) -> ClipRecord:
    """Save an own clip's details (DB worker). Its attempts and ratings stay as they are.
    Raises practice_db's ValidationError (a plain sentence) for a starter clip or bad details,
    and EditConflict (with the clip as it is now) if it changed since `expected_version`."""
    clip = store.clips.get(clip_id)
    why = why_not_editable(clip)
    if why is not None:
        raise ValidationError(why)
    problem = details_problem(details)
    if problem is not None:
        raise ValidationError(f"The clip {problem}.")
    store.clips.update_guidance(
        clip_id,
        title=details.title.strip(),
        statement=details.statement.strip(),
        facets=details.facets,
        criteria=details.criteria,
        example_response=optional(details.example_response or ""),
        content_note=optional(details.content_note or ""),
        presentation=details.presentation,
        difficulty=details.difficulty,
        expected_version=expected_version,
    )
    return store.clips.get(clip_id)


def set_aside_duplicates(
    store: PracticeStore, staged: Sequence[StagedClip]
) -> tuple[list[StagedClip], list[ImportOutcome]]:
    """(files to describe, files already in the library or twice in this batch). Runs on the DB
    worker before the details table opens, so nobody describes a clip that won't be added; the
    copies of the duplicates are removed here. Commit still checks again (another import may win)."""
    keep: list[StagedClip] = []
    refused: list[ImportOutcome] = []
    seen: dict[str, StagedClip] = {}
    for item in staged:
        existing = store.clips.by_hash(item.content_hash)
        twin = seen.get(item.content_hash)
        if existing is None and twin is None:
            seen[item.content_hash] = item
            keep.append(item)
            continue
        item.staged_path.unlink(missing_ok=True)
        if existing is not None:
            message = f"Already in your library as «{existing.title}»."
        else:
            assert twin is not None
            message = f"The same recording as {twin.source.name}, which is in this import."
        refused.append(ImportOutcome(item.source, "duplicate", message))
    return keep, refused
