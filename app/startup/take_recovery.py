"""Start-up workflow: give back takes that a crash or power cut left unfinished.

A recording is the user's work. A `.partial` WAV left by a crash is repaired (media) and attached
to its attempt row (storage) as `recovered`; files with no matching row are kept and listed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import DataPaths
from media.recording.recovery import find_partial_takes, repair_partial_take
from practice_db.records import TakeFacts

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    recovered: list[str] = field(default_factory=list)  # attempt uuids
    orphans: list[Path] = field(default_factory=list)  # audio kept, no attempt to attach it to
    unusable: list[Path] = field(default_factory=list)  # no audio in it; put aside, not deleted

    def summary(self) -> str | None:
        parts = []
        if self.recovered:
            n = len(self.recovered)
            parts.append(
                f"{n} recording{'s' if n > 1 else ''} interrupted last time {'were' if n > 1 else 'was'} "
                "recovered and kept with its attempt."
            )
        if self.orphans:
            parts.append(
                f"{len(self.orphans)} recovered recording(s) had no attempt; they are kept in "
                f"{self.orphans[0].parent}."
            )
        if self.unusable:
            parts.append(f"{len(self.unusable)} interrupted recording(s) held no audio; they were put aside.")
        return " ".join(parts) or None


def _relative(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)


def recover_interrupted_takes(store: PracticeStore, paths: DataPaths) -> RecoveryReport:
    report = RecoveryReport()
    for partial in find_partial_takes(paths.recordings):
        try:
            repaired = repair_partial_take(partial)
        except Exception:  # one bad file must not stop the others, or the app
            log.exception("Could not repair %s", partial)
            report.unusable.append(partial)
            continue
        if repaired.empty:
            report.unusable.append(repaired.path)
            continue
        attempt = store.attempts.by_uuid(repaired.attempt_stem)
        if attempt is None:
            report.orphans.append(repaired.path)
            continue
        store.attempts.finish(
            attempt.id,
            TakeFacts(
                _relative(repaired.path, paths.home), round(repaired.duration_s * 1000), status="recovered"
            ),
        )
        report.recovered.append(attempt.uuid)
    # A take renamed to its final name just before the crash, with the row not yet updated.
    for attempt in store.attempts.unfinished():
        final = paths.home / (attempt.recording_path or "")
        if attempt.recording_path and final.is_file() and final.suffix == ".wav":
            import soundfile

            info = soundfile.info(str(final))
            store.attempts.finish(
                attempt.id, TakeFacts(attempt.recording_path, round(info.duration * 1000), status="recovered")
            )
            report.recovered.append(attempt.uuid)
    if report.recovered or report.orphans or report.unusable:
        log.warning("Take recovery: %s", report)
    return report
