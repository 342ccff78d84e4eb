"""Clinic mode: a recording that is only on the server is fetched on a file worker, then drawn.

In solo mode the pages use the data folder's path as they always did; this runs only when the
store is a clinic's server, and then a take recorded on this computer is still read from disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ui.common.waveform_view import load_waveform

if TYPE_CHECKING:
    from app.paths import DataPaths
    from media.analysis.waveform import Waveform
    from practice_db.records import AttemptRecord, ClipRecord
    from practice_db.store import PracticeStore

NO_RECORDING = "This attempt has no recording."


def fetch_and_draw(
    store: PracticeStore, paths: DataPaths, attempt: AttemptRecord
) -> tuple[Path | None, Waveform | str]:
    """File worker: the playable file (fetched into the cache when not here) and its waveform, or
    None and a plain reason."""
    from app.clinic.file_cache import FetchError, attempt_recording

    try:
        path = attempt_recording(store, paths, attempt)
    except FetchError as exc:
        return None, str(exc)
    if path is None:
        return None, NO_RECORDING
    return path, load_waveform(path)


def fetch_take(store: PracticeStore, paths: DataPaths, take_id: int, recording_path: str) -> Path | str:
    """File worker: an assessment take's playable file, or a plain reason it can't be played."""
    from app.clinic.file_cache import FetchError, assessment_take_recording

    try:
        path = assessment_take_recording(store, paths, take_id, recording_path)
    except FetchError as exc:
        return str(exc)
    return path if path is not None else "This take has no recording."


def fetch_clip(store: PracticeStore, paths: DataPaths, clip: ClipRecord) -> Path | str:
    """Worker: a clip's playable file (fetched into the library when added elsewhere), or why not."""
    from app.clinic.file_cache import FetchError, clip_media

    try:
        path = clip_media(store, paths, clip)
    except (FetchError, OSError) as exc:
        return str(exc) if isinstance(exc, FetchError) else "The clip could not be saved on this computer."
    return path if path is not None else "This clip has no recording; read the client's words."
