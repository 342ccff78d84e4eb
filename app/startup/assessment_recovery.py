"""Start-up recovery for assessment takes: the same rules as practice attempts
(app/startup/take_recovery.py), for the rows in `assessment_takes`.

A `.partial` WAV named after an assessment take is repaired and attached as `recovered`; a take
left `recording` with no audio becomes `no_reply`. A sitting left `in_progress` (the app died
during it) is marked incomplete: its takes so far are kept, as Esc would have kept them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import DataPaths
from app.startup.recovery_report import RecoveryReport, TakeNote
from media.recording.audio_constants import PARTIAL_SUFFIX
from media.recording.recovery import inspect_take, repair_partial_take
from practice_db.assessment.records import AssessmentTakeRecord
from practice_db.records import TakeFacts

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)

NO_REPLY = "no_reply"
ATTACHABLE = ("recording", NO_REPLY)


def _relative(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)


def _note(store: PracticeStore, take: AssessmentTakeRecord, file: Path | None) -> TakeNote:
    try:
        title: str | None = store.clips.get(take.clip_id).title
    except Exception:  # the note is still worth giving without the clip's name
        log.exception("Could not read the clip of assessment take %s", take.uuid)
        title = None
    return TakeNote(title, take.started_at, file)


class AssessmentRecovery:
    def __init__(self, store: PracticeStore, paths: DataPaths, report: RecoveryReport) -> None:
        self.store, self.paths, self.report = store, paths, report
        self.handled: set[int] = set()

    def claim_partial(self, partial: Path) -> bool:
        """True when `partial` belongs to an assessment take still waiting for its audio (then it
        is settled here); False leaves it to the practice attempts' recovery."""
        stem = Path(partial.name[: -len(PARTIAL_SUFFIX)]).stem
        take = self.store.assessment_sittings.take_by_uuid(stem)
        if take is None or take.status not in ATTACHABLE:
            return False  # not ours, or a finished take: the audio is kept apart as an orphan
        self.handled.add(take.id)
        repaired = repair_partial_take(partial)
        if repaired.empty:
            if repaired.unreadable:
                self.report.unreadable.append(_note(self.store, take, repaired.path))
            else:
                self.report.no_reply.append(_note(self.store, take, None))
            self._no_reply(take)
            return True
        facts = TakeFacts(
            _relative(repaired.path, self.paths.home), round(repaired.duration_s * 1000), status="recovered"
        )
        self.store.assessment_sittings.finish_take(take.id, facts)
        self.report.recovered.append(take.uuid)
        return True

    def settle_the_rest(self) -> None:
        """Takes still `recording` that no partial file belonged to, then sittings left open."""
        for take in self.store.assessment_sittings.unfinished_takes():
            if take.id in self.handled:
                continue
            try:
                self._unfinished(take)
            except Exception:  # one take must not stop the others, or the app
                log.exception("Could not settle assessment take %s", take.uuid)
                self.report.unreadable.append(_note(self.store, take, None))
        self.store.assessment_sittings.end_open_sittings()

    def _unfinished(self, take: AssessmentTakeRecord) -> None:
        final = self.paths.home / take.recording_path if take.recording_path else None
        found = inspect_take(final) if final is not None else None
        if final is None or found is None or found.kind in ("missing", "empty"):
            self._no_reply(take)
            self.report.no_reply.append(_note(self.store, take, None))
        elif found.kind == "unreadable":
            self._no_reply(take)  # stops waiting; the file itself is kept untouched
            self.report.unreadable.append(_note(self.store, take, final))
        else:  # renamed to its final name just before the crash, the row not yet updated
            facts = TakeFacts(take.recording_path or "", round(found.duration_s * 1000), status="recovered")
            self.store.assessment_sittings.finish_take(take.id, facts)
            self.report.recovered.append(take.uuid)

    def _no_reply(self, take: AssessmentTakeRecord) -> None:
        if take.status != NO_REPLY:
            self.store.assessment_sittings.set_take_status(take.id, NO_REPLY)
