"""Records <-> manifest entries. The field names here ARE the bundle format (see docs/bundles.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.bundles.errors import BundleError
from practice_db.records import (
    AttemptRecord,
    ClipRecord,
    CommentRecord,
    CriterionVerdict,
    ProfileRecord,
    RatingRecord,
)
from practice_db.transfer.records import AttemptIn, ClipIn, CommentIn, ProfileIn, RatingIn
from practice_db.vocabulary import FACET_KEYS

MAX_ALIASES = 50  # the schema's cap on a person's linked ids

# -- out -------------------------------------------------------------------------------------------


def stamp(value: datetime) -> str:
    return value.isoformat()


def person(profile: ProfileRecord) -> dict[str, Any]:
    entry: dict[str, Any] = {"uuid": profile.uuid, "name": profile.name}
    if profile.aliases:  # optional (no version bump): the ids other computers know this person by
        entry["aliases"] = list(profile.aliases[:MAX_ALIASES])
    return entry


def clip_entry(clip: ClipRecord, media_member: str | None) -> dict[str, Any]:
    return {
        "uuid": clip.uuid,
        "content_hash": clip.content_hash,
        "external_id": clip.external_id,
        "title": clip.title,
        "presentation": clip.presentation,
        "difficulty": clip.difficulty,
        "statement": clip.statement,
        "duration_ms": clip.duration_ms,
        "facets": list(clip.facets),
        "criteria": list(clip.criteria),
        "example_response": clip.example_response,
        "content_note": clip.content_note,  # optional: older readers ignore it, older bundles lack it
        "media": media_member,
    }


def attempt_entry(attempt: AttemptRecord, clip_uuid: str, recording_member: str) -> dict[str, Any]:
    return {
        "uuid": attempt.uuid,
        "clip_uuid": clip_uuid,
        "started_at": stamp(attempt.started_at),
        "ended_at": None if attempt.ended_at is None else stamp(attempt.ended_at),
        "status": attempt.status,
        "recording": recording_member,
        "duration_ms": attempt.duration_ms,
        "response_latency_ms": attempt.response_latency_ms,
        "speaking_ms": attempt.speaking_ms,
        "pause_count": attempt.pause_count,
        "pause_total_ms": attempt.pause_total_ms,
        "start_delay_ms": attempt.start_delay_ms,
    }


def rating_entry(rating: RatingRecord, attempt_uuid: str, rater_uuid: str) -> dict[str, Any]:
    return {
        "uuid": rating.uuid,
        "attempt_uuid": attempt_uuid,
        "rater_uuid": rater_uuid,
        "rater_role": rating.rater_role,
        "scores": {k: rating.scores.get(k) for k in FACET_KEYS},
        "reaction": rating.reaction,
        "note": rating.note,
        "went_well": rating.went_well,
        "corrective_point": rating.corrective_point,
        "extra_corrective_point": rating.extra_corrective_point,
        "ask_again": rating.ask_again,
        "created_at": stamp(rating.created_at),
        "updated_at": stamp(rating.updated_at),
        # since format 1.1: each of the exercise's criteria, judged by this rater
        "criteria_verdicts": [
            {"criterion": v.criterion, "verdict": v.verdict} for v in rating.criteria_verdicts
        ],
    }


def comment_entry(comment: CommentRecord, attempt_uuid: str, author_uuid: str) -> dict[str, Any]:
    return {
        "uuid": comment.uuid,
        "attempt_uuid": attempt_uuid,
        "author_uuid": author_uuid,
        "offset_ms": comment.offset_ms,
        "text": comment.text,
        "created_at": stamp(comment.created_at),
    }


# -- in (entries were validated against the schema already) --------------------------------------


def when(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise BundleError(f"The bundle holds a date without a time zone ({value[:40]}).")
        return parsed.astimezone(UTC)  # year 1 or 9999 with an offset overflows here, not in the DB
    except (ValueError, OverflowError) as exc:
        raise BundleError(f"The bundle holds an impossible date ({value[:40]}).") from exc


def maybe_when(value: str | None) -> datetime | None:
    return None if value is None else when(value)


def profile_in(entry: dict[str, Any]) -> ProfileIn:
    return ProfileIn(uuid=entry["uuid"], name=entry["name"], aliases=aliases_in(entry))


def aliases_in(entry: dict[str, Any]) -> tuple[str, ...]:
    """A person's linked ids; bundles from before identity linking have none."""
    return tuple(a for a in entry.get("aliases", ()) if a != entry["uuid"])


def clip_in(entry: dict[str, Any], media_path: str) -> ClipIn:
    return ClipIn(
        uuid=entry["uuid"],
        content_hash=entry["content_hash"],
        title=entry["title"],
        presentation=entry["presentation"],
        difficulty=entry["difficulty"],
        statement=entry["statement"],
        media_path=media_path,
        duration_ms=entry.get("duration_ms"),
        external_id=entry.get("external_id"),
        facets=tuple(entry["facets"]),
        criteria=tuple(entry["criteria"]),
        example_response=entry.get("example_response"),
        content_note=entry.get("content_note"),
    )


def attempt_in(entry: dict[str, Any], recording_path: str) -> AttemptIn:
    return AttemptIn(
        uuid=entry["uuid"],
        clip_uuid=entry["clip_uuid"],
        started_at=when(entry["started_at"]),
        ended_at=maybe_when(entry.get("ended_at")),
        recording_path=recording_path,
        status=entry["status"],
        duration_ms=entry.get("duration_ms"),
        response_latency_ms=entry.get("response_latency_ms"),
        speaking_ms=entry.get("speaking_ms"),
        pause_count=entry.get("pause_count"),
        pause_total_ms=entry.get("pause_total_ms"),
        start_delay_ms=entry.get("start_delay_ms"),
    )


def rating_in(entry: dict[str, Any]) -> RatingIn:
    return RatingIn(
        uuid=entry["uuid"],
        attempt_uuid=entry["attempt_uuid"],
        rater_uuid=entry["rater_uuid"],
        rater_role=entry["rater_role"],
        created_at=when(entry["created_at"]),
        updated_at=when(entry["updated_at"]),
        scores={k: v for k, v in entry["scores"].items() if k in FACET_KEYS},
        reaction=entry.get("reaction"),
        note=entry.get("note", ""),
        went_well=entry.get("went_well", ""),
        corrective_point=entry.get("corrective_point", ""),
        extra_corrective_point=entry.get("extra_corrective_point", ""),
        ask_again=bool(entry.get("ask_again", False)),
        criteria_verdicts=verdicts_in(entry.get("criteria_verdicts")),
    )


def verdicts_in(value: list[dict[str, str]] | None) -> tuple[CriterionVerdict, ...] | None:
    """None for a bundle older than format 1.1: the verdicts already here are kept."""
    if value is None:
        return None
    return tuple(CriterionVerdict(v["criterion"], v["verdict"]) for v in value)


def comment_in(entry: dict[str, Any]) -> CommentIn:
    return CommentIn(
        uuid=entry["uuid"],
        attempt_uuid=entry["attempt_uuid"],
        author_uuid=entry["author_uuid"],
        offset_ms=entry["offset_ms"],
        text=entry["text"],
        created_at=when(entry["created_at"]),
    )
