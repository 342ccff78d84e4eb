"""Worker-thread steps of taking the assessment: what the introduction shows, and storing a take."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.clinic.file_sync import after_assessment_take_saved, in_background
from media.analysis.speech_timing import analyze_file
from media.recording.recorder import TakeResult
from practice_db.assessment.records import AssessmentSetRecord, AssessmentTakeRecord
from practice_db.records import ClipRecord, TakeFacts
from ui.rehearse.take_workers import timing_fields

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SetChoice:
    """A set the clinician can take, with its clips in order (for the length and the playing)."""

    set: AssessmentSetRecord
    clips: tuple[ClipRecord, ...]

    @property
    def clip_seconds(self) -> float:
        return sum((c.duration_ms or 0) for c in self.clips) / 1000


@dataclass(frozen=True)
class IntroFacts:
    choices: tuple[SetChoice, ...]
    occasion: str  # the default: baseline until one is complete


def load_intro(store: PracticeStore, profile_id: int) -> IntroFacts:
    choices = []
    for found in store.assessment_sittings.sets():
        clips = tuple(store.clips.get(clip_id) for clip_id in found.clip_ids)
        choices.append(SetChoice(found, clips))
    return IntroFacts(tuple(choices), store.assessment_sittings.default_occasion(profile_id))


def store_assessment_take(
    store: PracticeStore, home: Path, take_id: int, take: TakeResult
) -> AssessmentTakeRecord:
    """Speech timing from the file (as practice does), then the take's row is completed. A take
    with no audio at all is kept as `no_reply`, so it never waits for recovery."""
    timing = None
    if take.frames > 0:
        try:
            timing = analyze_file(take.path, clip_end_offset_s=take.clip_end_offset_s)
        except Exception:  # a hint, never a reason to lose the take
            log.exception("Speech timing failed for %s", take.path)
    saved = store.assessment_sittings.finish_take(
        take_id,
        TakeFacts(
            recording_path=str(take.path.relative_to(home)),
            duration_ms=round(take.duration_s * 1000),
            status="complete" if take.frames > 0 else "no_reply",
            **timing_fields(timing),
        ),
    )
    # Clinic mode: the take goes to the server too, on the upload thread (a failed upload waits on disk).
    in_background(store, after_assessment_take_saved, home, saved)
    return saved
