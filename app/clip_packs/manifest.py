"""The pack manifest: entries written from library records, and a hostile manifest read back.

Field names here ARE the pack format (docs/clip_packs.md). Version policy as for bundles: a
reader takes its own major version with any minor (minors only add optional fields, which the
schema lets through and this reader ignores); a higher major asks for a newer Practice Room.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema.exceptions import best_match

from app import __version__
from app.bundles import manifest as bundle_manifest
from app.bundles.errors import BundleError
from app.clip_packs.errors import ClipPackError, as_pack_error
from app.clip_packs.file_format import FORMAT, FORMAT_VERSION, MAJOR
from practice_db.records import ClipRecord, NewClip
from practice_db.timeutil import utcnow

INVALID = "The clip pack's list of contents is not valid, so nothing was imported"


def exercise_entry(clip: ClipRecord, media_member: str | None) -> dict[str, Any]:
    return {
        "uuid": clip.uuid,
        "content_hash": clip.content_hash,
        "title": clip.title,
        "presentation": clip.presentation,
        "level": clip.difficulty,
        "statement": clip.statement,
        "duration_ms": clip.duration_ms,
        "facets": list(clip.facets),
        "criteria": list(clip.criteria),
        "example_response": clip.example_response,
        "content_note": clip.content_note,
        "media": media_member,
    }


def header(exercises: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": utcnow().isoformat(),
        "app_version": __version__,
        "exercises": exercises,
    }


FIELD_WORDS = {
    "title": "title",
    "statement": "what the client says",
    "criteria": "criteria",
    "example_response": "example reply",
    "content_note": "content note",
}


def check_outgoing(data: dict[str, Any]) -> None:
    """Refuse to write a pack another computer would refuse, naming the exercise and its field."""
    checker = bundle_manifest.validator("app.clip_packs", "pack.schema.json")
    error = best_match(checker.iter_errors(data))
    if error is None:
        return
    where = list(error.absolute_path)
    if len(where) >= 3 and where[0] == "exercises" and isinstance(where[1], int):
        title = data["exercises"][where[1]]["title"]
        field = FIELD_WORDS.get(str(where[2]), str(where[2]))
        raise ClipPackError(
            f"The exercise {title[:80]!r} cannot go into a clip pack as it is: its {field} is longer "
            "than a pack allows. Shorten it and try again."
        )
    raise ClipPackError(f"The clip pack could not be made ({error.message[:120]}).")


def new_clip(entry: dict[str, Any], media_path: str, source: str) -> NewClip:
    """A checked manifest entry as a library row (the file already placed at `media_path`)."""
    return NewClip(
        title=entry["title"].strip(),
        presentation=entry["presentation"],
        difficulty=entry["level"],
        media_path=media_path,
        content_hash=entry["content_hash"],
        statement=entry["statement"],
        duration_ms=entry.get("duration_ms"),
        source=source,
        facets=tuple(entry["facets"]),
        criteria=tuple(entry["criteria"]),
        example_response=entry["example_response"],
        content_note=entry["content_note"],
    )


def parse(raw: bytes) -> dict[str, Any]:
    """Decode and validate a pack manifest; returns the checked JSON object or raises ClipPackError."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ClipPackError("The clip pack's list of contents is damaged (it is not readable).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ClipPackError("This file is not a Practice Room clip pack.")
    try:  # the bundles' version policy and schema check, with a pack's words
        bundle_manifest.check_version(data.get("format_version"), MAJOR)
        bundle_manifest.check_schema(data, bundle_manifest.validator("app.clip_packs", "pack.schema.json"))
    except BundleError as exc:
        raise as_pack_error(exc) from exc
    _check_consistency(data["exercises"])
    return data


def _check_consistency(exercises: list[dict[str, Any]]) -> None:
    """What the schema cannot say: nothing twice, and each file named by its own fingerprint."""
    for key, what in (("uuid", "exercise"), ("content_hash", "exercise file")):
        values = [e[key] for e in exercises]
        if len(set(values)) != len(values):
            raise ClipPackError(f"{INVALID} (the same {what} is listed twice).")
    for e in exercises:
        media = e["media"]
        if media is not None and media.rsplit(".", 1)[0] != f"clips/{e['content_hash']}":
            raise ClipPackError(
                f"{INVALID} (the file of {e['title'][:80]!r} is not named by its fingerprint)."
            )
