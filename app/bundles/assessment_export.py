"""The assessment part of a bundle: which sittings, takes and clip files travel, and how.

Takes travel like practice takes (Ogg Opus or FLAC, `recordings/<take-uuid>.ogg`). Clip media:
a built-in set's clips are installed on every computer from the starter pack, so they travel as
entries only; a programme's own set travels with its clip files (the rater's computer may lack
them) whether or not "include the exercise clips" is ticked, since a rater needs the clip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bundles import assessment_entries, audio, codec
from app.bundles.errors import BundleError
from app.paths import DataPaths
from practice_db.assessment.transfer import AssessmentSnapshot
from practice_db.errors import StorageError

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

RECORDING_SUFFIXES = (".wav", ".flac", ".ogg")


@dataclass
class AssessmentPart:
    sections: dict[str, Any] = field(default_factory=dict)  # empty: the bundle has no sittings
    files: list[tuple[str, Path]] = field(default_factory=list)
    encoded: list[tuple[str, audio.Codec, int]] = field(default_factory=list)

    @property
    def sittings(self) -> int:
        return len(self.sections.get("assessments", ()))


def snapshot(store: PracticeStore, trainee_id: int, rater_id: int) -> AssessmentSnapshot:
    try:
        return store.assessment_transfer.snapshot(trainee_id, rater_id)
    except StorageError as exc:
        raise BundleError(str(exc)) from exc


def review_part(
    store: PracticeStore, paths: DataPaths, trainee_id: int, trainee_uuid: str, listed_clips: set[str]
) -> AssessmentPart:
    """Sections for a review bundle: the trainee's sittings with their self-ratings.
    `listed_clips`: clip uuids already in the bundle's `clips` (not repeated)."""
    snap = snapshot(store, trainee_id, trainee_id)
    part = AssessmentPart()
    if not snap.assessments:
        return part
    recordings: dict[int, str] = {}
    for take in snap.takes:
        source = paths.home / take.recording_path if take.recording_path else None
        if source is None or source.suffix.lower() not in RECORDING_SUFFIXES or not source.is_file():
            continue  # travels as a take without a recording (e.g. no reply)
        shape = audio.shape_of(source)
        if shape is None:
            continue
        how = audio.codec_for(shape)
        member = f"recordings/{take.uuid}{audio.SUFFIX[how]}"
        part.files.append((member, source))
        part.encoded.append((member, how, audio.estimate_bytes(shape, how, source.stat().st_size)))
        recordings[take.id] = member
    builtin = {c for s in snap.sets if s.builtin for c in s.clip_ids}
    clips = []
    for clip in snap.clips:
        if clip.uuid in listed_clips:
            continue
        media_member = None
        media = paths.home / clip.media_path if clip.media_path else None
        suffix = media.suffix.lower() if media is not None else ""
        if clip.id not in builtin and media is not None and media.is_file():
            if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
                media_member = f"clips/{clip.uuid}{suffix}"
                part.files.append((media_member, media))
        entry = codec.clip_entry(clip, media_member)
        entry["assessment_only"] = clip.id in snap.assessment_only
        clips.append(entry)
    part.sections = {
        "assessment_clips": clips,
        "assessment_sets": assessment_entries.sets_out(snap),
        "assessments": assessment_entries.sittings_out(snap, recordings),
        "assessment_ratings": assessment_entries.ratings_out(snap, trainee_uuid, "self"),
    }
    return part


def feedback_ratings(
    store: PracticeStore, supervisor_id: int, supervisor_uuid: str, trainee_id: int
) -> list[dict[str, Any]]:
    """A rater's ratings of the trainee's takes, for the feedback bundle."""
    snap = snapshot(store, trainee_id, supervisor_id)
    return assessment_entries.ratings_out(snap, supervisor_uuid, "rater")
