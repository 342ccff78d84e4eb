"""Supervisor side: open a trainee's review bundle; the attempts join the review queue.

Recordings that came compressed (Ogg Opus or FLAC, format 1.2) are decoded completely into a WAV
in staging: that is the check that they play, and the WAV is what is stored.

Order: check the archive and manifest -> extract every file into staging and check it -> ONE
database transaction -> move the staged files into recordings/ and clips/. Any failure before the
commit leaves the database and the data folder exactly as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from app.bundles import assessment_entries, audio, codec, manifest
from app.bundles.checks import check_clip_media, check_recording
from app.bundles.errors import BundleError
from app.bundles.file_format import MANIFEST_NAME, MAX_MANIFEST_BYTES
from app.bundles.identity import Identities, settle
from app.bundles.safe_zip import DEFAULT_LIMITS, Limits, SafeZip
from app.bundles.staging import Staging
from app.bundles.summary import ImportSummary
from app.paths import DataPaths
from practice_db.errors import StorageError
from practice_db.transfer.records import ReviewImport, TransferOutcome

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def read_manifest(z: SafeZip, kind: str) -> dict[str, Any]:
    return manifest.parse(z.read(MANIFEST_NAME, MAX_MANIFEST_BYTES), kind)


def save(store_call: Callable[[], TransferOutcome]) -> TransferOutcome:
    """Run the one-transaction import, turning storage failures into a plain refusal."""
    try:
        return store_call()
    except StorageError as exc:
        raise BundleError(f"The bundle was not imported: {exc}") from exc
    except SQLAlchemyError as exc:
        log.exception("bundle import failed in the database")
        raise BundleError("The bundle could not be saved into the database; nothing was changed.") from exc


def import_review_bundle(
    store: PracticeStore,
    paths: DataPaths,
    bundle: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    limits: Limits = DEFAULT_LIMITS,
    identities: Identities | None = None,
) -> ImportSummary:
    """`identities` None: a trainee whose name is taken here gets a number; a mapping (the
    window's answers so far): such a name clash raises IdentityQuestion before anything is staged."""
    with SafeZip(bundle, limits, cancel) as z:
        data = read_manifest(z, manifest.KIND_REVIEW)
        trainee = codec.profile_in(data["trainee"])
        answers = None if identities is None else settle(store, trainee, "clinician", identities)
        extra_clips = data.get("assessment_clips", [])  # optional sections: see assessment_entries
        media_clips = [c for c in data["clips"] + extra_clips if c["media"]]
        takes = [(a["uuid"], a["recording"]) for a in data["attempts"]] + [
            (t["uuid"], t["recording"]) for t in assessment_entries.takes(data) if t["recording"]
        ]
        wanted = [member for _, member in takes] + [c["media"] for c in media_clips]
        for name in wanted:
            if name not in z.members:
                raise BundleError(f"This bundle is incomplete: {name} is missing.")
        total, done = sum(z.members[n].file_size for n in wanted), 0

        def tick(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(min(done, total), total)

        with Staging(paths) as stage:
            reserved: set[str] = set()
            moves: dict[str, Path] = {}  # data-folder-relative target -> staged file
            recording_paths: dict[str, str] = {}
            unpacked = 0  # decoded takes count against the bundle's size cap too
            for i, (uuid, member) in enumerate(takes):
                staged = stage.file(f"recording-{i}")
                z.extract(member, staged, tick)
                suffix = Path(member).suffix.lower()
                if audio.is_compressed(member):  # format 1.2: stored here as WAV again, like our takes
                    packed, staged = staged, stage.file(f"recording-{i}.wav")
                    cap = min(limits.max_member_bytes, limits.max_total_bytes - unpacked)
                    unpacked += audio.decode_to_wav(packed, staged, member, cap, cancel)
                    packed.unlink()
                    suffix = ".wav"
                else:
                    check_recording(staged, member, cancel)
                relative = stage.free_name("recordings", uuid, suffix, reserved)
                recording_paths[uuid], moves[relative] = relative, staged
            media_paths: dict[str, str] = {}
            for i, entry in enumerate(media_clips):
                staged = stage.file(f"clip-{i}")
                _, digest = z.extract(entry["media"], staged, tick)
                check_clip_media(entry["content_hash"], digest, entry["title"])
                relative = f"clips/{digest}{Path(entry['media']).suffix}"
                media_paths[entry["uuid"]], moves[relative] = relative, staged
            review = ReviewImport(
                trainee=trainee,
                clips=tuple(codec.clip_in(c, media_paths.get(c["uuid"], "")) for c in data["clips"]),
                attempts=tuple(codec.attempt_in(a, recording_paths[a["uuid"]]) for a in data["attempts"]),
                ratings=tuple(codec.rating_in(r) for r in data["ratings"]),
                comments=tuple(codec.comment_in(c) for c in data["comments"]),
                assessment_clips=tuple(codec.clip_in(c, media_paths.get(c["uuid"], "")) for c in extra_clips),
                assessments=assessment_entries.assessments_in(data, recording_paths),
            )
            outcome = save(lambda: store.transfer.import_review(review, answers))
            # Committed: now (and only now) the files go into place.
            new_takes = outcome.new_attempt_uuids + outcome.assessment.new_take_uuids
            targets = [recording_paths[u] for u in new_takes if u in recording_paths]
            targets += list(outcome.new_clip_media)
            failed = stage.place([(moves[t], t) for t in targets if t in moves])
    if failed:
        log.error("imported rows but could not move files into place: %s", failed)
        raise BundleError(
            f"The attempts were added, but {len(failed)} file(s) could not be put into the data folder. "
            "Check there is free space and import the bundle again."
        )
    if progress is not None:
        progress(total, total)
    return ImportSummary(manifest.KIND_REVIEW, outcome, data["trainee"]["name"])
