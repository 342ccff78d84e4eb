"""Worker-thread steps of one take: open the microphone, then store the finished take."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.clinic.file_sync import after_attempt_saved, in_background
from media.analysis.speech_timing import SpeechTiming, analyze_file
from media.recording.devices import MicrophoneError, resolve_input_device
from media.recording.recorder import Recorder, RecorderError, TakeResult
from practice_db.records import AttemptRecord, TakeFacts

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


def open_microphone(remembered: str | None) -> tuple[Recorder | None, str | None]:
    """Find the microphone and open its stream (a second or more on some systems)."""
    choice = resolve_input_device(remembered)
    if choice.device is None:
        return None, choice.message
    recorder = Recorder(choice.device.name)
    try:
        recorder.arm()  # warm before the clip ends, so no word is cut
    except (RecorderError, MicrophoneError) as exc:
        return None, f"The microphone could not be opened: {exc}"
    return recorder, choice.message


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def timing_fields(timing: SpeechTiming | None) -> dict[str, int | None]:
    """The attempt's timing columns. Not timed: all None. No voice heard: speaking 0 and the rest
    None (AttemptRecord.no_speech), so a silent take never counts as "0 pauses" in the medians."""
    if timing is None:
        return {"response_latency_ms": None, "speaking_ms": None, "pause_count": None, "pause_total_ms": None}
    if timing.latency_s is None:
        return {"response_latency_ms": None, "speaking_ms": 0, "pause_count": None, "pause_total_ms": None}
    return {
        "response_latency_ms": _ms(timing.latency_s),
        "speaking_ms": _ms(timing.speaking_s),
        "pause_count": timing.pause_count,
        "pause_total_ms": _ms(timing.pause_total_s),
    }


def store_take(
    store: PracticeStore, home: Path, attempt_id: int, take: TakeResult, discard: bool = False
) -> AttemptRecord:
    """Speech timing from the file, then the attempt row is completed (or kept as discarded)."""
    timing = None
    if take.frames > 0:
        try:
            timing = analyze_file(take.path, clip_end_offset_s=take.clip_end_offset_s)
        except Exception:  # a hint, never a reason to lose the take
            log.exception("Speech timing failed for %s", take.path)
    saved = store.attempts.finish(
        attempt_id,
        TakeFacts(
            recording_path=str(take.path.relative_to(home)),
            duration_ms=round(take.duration_s * 1000),
            status="discarded" if discard else "complete",
            start_delay_ms=None if take.start_delay_ms is None else round(take.start_delay_ms),
            **timing_fields(timing),
        ),
    )
    # Clinic mode: the take goes to the server too, on the upload thread (a failed upload waits on disk).
    in_background(store, after_attempt_saved, home, saved)
    return saved
