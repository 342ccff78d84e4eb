"""The FIS assessment's optional manifest sections: records <-> entries, and the checks a schema
cannot make. The field names here ARE the bundle format (docs/bundles.md, "Assessments").

Sections (all optional, so 1.2 readers without them still open the bundle and ignore them):
`assessment_clips`, `assessment_sets`, `assessments` (each with its `takes`) and
`assessment_ratings`. A feedback bundle carries only `assessment_ratings`.
"""

from __future__ import annotations

from typing import Any

from app.bundles import codec
from app.bundles.errors import BundleError
from practice_db.assessment.records import AssessmentRatingRecord, AssessmentTakeRecord
from practice_db.assessment.transfer import (
    AssessmentRatingIn,
    AssessmentsIn,
    AssessmentSnapshot,
    SetIn,
    SittingIn,
    TakeIn,
)
from practice_db.vocabulary import FACET_KEYS

INVALID = "The bundle's list of contents is not valid, so nothing was imported"
SECTIONS = ("assessment_clips", "assessment_sets", "assessments", "assessment_ratings")

# -- out -------------------------------------------------------------------------------------------


def sets_out(snap: AssessmentSnapshot) -> list[dict[str, Any]]:
    return [
        {
            "uuid": aset.uuid,
            "name": aset.name,
            "builtin": aset.builtin,
            "clips": [{"position": p, "clip_uuid": snap.clip(c).uuid} for p, c in snap.positions[aset.id]],
        }
        for aset in snap.sets
    ]


def take_entry(take: AssessmentTakeRecord, clip_uuid: str, recording: str | None) -> dict[str, Any]:
    return {
        "uuid": take.uuid,
        "position": take.position,
        "clip_uuid": clip_uuid,
        "status": take.status,
        "recording": recording,
        "started_at": codec.stamp(take.started_at),
        "ended_at": None if take.ended_at is None else codec.stamp(take.ended_at),
        "duration_ms": take.duration_ms,
        "response_latency_ms": take.response_latency_ms,
        "speaking_ms": take.speaking_ms,
        "pause_count": take.pause_count,
        "pause_total_ms": take.pause_total_ms,
    }


def sittings_out(snap: AssessmentSnapshot, recordings: dict[int, str]) -> list[dict[str, Any]]:
    """`recordings`: take id -> member name (takes without one travel with `recording` null)."""
    set_uuids = {s.id: s.uuid for s in snap.sets}
    return [
        {
            "uuid": sitting.uuid,
            "set_uuid": set_uuids[sitting.set_id],
            "occasion": sitting.occasion,
            "status": sitting.status,
            "started_at": codec.stamp(sitting.started_at),
            "ended_at": None if sitting.ended_at is None else codec.stamp(sitting.ended_at),
            "takes": [
                take_entry(t, snap.clip(t.clip_id).uuid, recordings.get(t.id))
                for t in snap.takes
                if t.assessment_id == sitting.id
            ],
        }
        for sitting in snap.assessments
    ]


def rating_entry(rating: AssessmentRatingRecord, take_uuid: str, rater_uuid: str) -> dict[str, Any]:
    return {
        "uuid": rating.uuid,
        "take_uuid": take_uuid,
        "rater_uuid": rater_uuid,
        "rater_role": rating.rater_role,
        "scores": {k: rating.scores.get(k) for k in FACET_KEYS},
        "created_at": codec.stamp(rating.created_at),
        "updated_at": codec.stamp(rating.updated_at),
    }


def ratings_out(snap: AssessmentSnapshot, rater_uuid: str, role: str) -> list[dict[str, Any]]:
    return [
        rating_entry(r, snap.take_uuid(r.take_id), rater_uuid) for r in snap.ratings if r.rater_role == role
    ]


# -- in (entries were validated against the schema already) --------------------------------------


def ratings_in(data: dict[str, Any]) -> tuple[AssessmentRatingIn, ...]:
    return tuple(
        AssessmentRatingIn(
            uuid=r["uuid"],
            take_uuid=r["take_uuid"],
            rater_uuid=r["rater_uuid"],
            rater_role=r["rater_role"],
            scores={k: v for k, v in r["scores"].items() if k in FACET_KEYS},
            created_at=codec.when(r["created_at"]),
            updated_at=codec.when(r["updated_at"]),
        )
        for r in data.get("assessment_ratings", ())
    )


def assessments_in(data: dict[str, Any], recording_paths: dict[str, str]) -> AssessmentsIn:
    """`recording_paths`: take uuid -> where its staged recording will live in the data folder."""
    sets = tuple(
        SetIn(s["uuid"], s["name"], s["builtin"], tuple((c["position"], c["clip_uuid"]) for c in s["clips"]))
        for s in data.get("assessment_sets", ())
    )
    sittings = tuple(
        SittingIn(
            uuid=a["uuid"],
            set_uuid=a["set_uuid"],
            occasion=a["occasion"],
            status=a["status"],
            started_at=codec.when(a["started_at"]),
            ended_at=codec.maybe_when(a.get("ended_at")),
            takes=tuple(
                TakeIn(
                    uuid=t["uuid"],
                    position=t["position"],
                    clip_uuid=t["clip_uuid"],
                    status=t["status"],
                    recording_path=recording_paths.get(t["uuid"]),
                    started_at=codec.when(t["started_at"]),
                    ended_at=codec.maybe_when(t.get("ended_at")),
                    duration_ms=t.get("duration_ms"),
                    response_latency_ms=t.get("response_latency_ms"),
                    speaking_ms=t.get("speaking_ms"),
                    pause_count=t.get("pause_count"),
                    pause_total_ms=t.get("pause_total_ms"),
                )
                for t in a["takes"]
            ),
        )
        for a in data.get("assessments", ())
    )
    only = frozenset(c["uuid"] for c in data.get("assessment_clips", ()) if c.get("assessment_only"))
    return AssessmentsIn(sets, sittings, ratings_in(data), only)


def takes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for a in data.get("assessments", ()) for t in a["takes"]]


# -- checks ----------------------------------------------------------------------------------------


def _unique(items: list[Any], what: str) -> None:
    if len(set(items)) != len(items):
        raise BundleError(f"{INVALID} (the same {what} is listed twice).")


def check(data: dict[str, Any], author_uuid: str, role: str) -> None:
    """Uniqueness and references inside the assessment sections (`role`: whose ratings may come,
    'self' in a review bundle, 'rater' in a feedback bundle)."""
    extra_clips = data.get("assessment_clips", [])
    sets, sittings = data.get("assessment_sets", []), data.get("assessments", [])
    ratings, all_takes = data.get("assessment_ratings", []), takes(data)
    _unique([c["uuid"] for c in extra_clips], "assessment clip")
    _unique([c["content_hash"] for c in extra_clips], "assessment clip file")
    _unique([s["uuid"] for s in sets], "assessment set")
    _unique([a["uuid"] for a in sittings], "assessment")
    _unique([t["uuid"] for t in all_takes], "take")
    _unique([r["uuid"] for r in ratings], "assessment rating")
    _unique([(r["take_uuid"], r["rater_uuid"]) for r in ratings], "assessment rating")
    clip_uuids = {c["uuid"] for c in data["clips"]} | {c["uuid"] for c in extra_clips}
    places: dict[str, dict[int, str]] = {}
    for aset in sets:
        _unique([c["position"] for c in aset["clips"]], "place in an assessment set")
        if any(c["clip_uuid"] not in clip_uuids for c in aset["clips"]):
            raise BundleError(f"{INVALID} (an assessment set refers to a clip that is not included).")
        places[aset["uuid"]] = {c["position"]: c["clip_uuid"] for c in aset["clips"]}
    for sitting in sittings:
        place = places.get(sitting["set_uuid"])
        if place is None:
            raise BundleError(f"{INVALID} (an assessment refers to a set that is not included).")
        _unique([t["position"] for t in sitting["takes"]], "place in an assessment")
        if any(place.get(t["position"]) != t["clip_uuid"] for t in sitting["takes"]):
            raise BundleError(f"{INVALID} (a take is at a place its assessment set does not have).")
    if sittings:  # a review bundle: every rating is about a take it carries
        take_uuids = {t["uuid"] for t in all_takes}
        if any(r["take_uuid"] not in take_uuids for r in ratings):
            raise BundleError(f"{INVALID} (an assessment rating refers to a take that is not included).")
    elif ratings and role == "self":
        raise BundleError(f"{INVALID} (an assessment rating refers to a take that is not included).")
    if any(r["rater_uuid"] != author_uuid or r["rater_role"] != role for r in ratings):
        raise BundleError(f"{INVALID} (it holds assessment ratings by someone other than its author).")


def members(data: dict[str, Any]) -> list[str]:
    """Files the assessment sections refer to (take recordings, clip media)."""
    return [t["recording"] for t in takes(data) if t["recording"]] + [
        c["media"] for c in data.get("assessment_clips", ()) if c["media"]
    ]
