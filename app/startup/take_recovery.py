"""Start-up workflow: give back takes that a crash or power cut left unfinished.

A recording is the user's work. A `.partial` WAV left by a crash is repaired (media) and attached
to its attempt row (storage) as `recovered`. An attempt left `recording` with no audio at all (the
app died before the first block) becomes `no_reply`. Nothing is deleted, and one bad file never
stops the others or the app: each file is handled on its own and reported by name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import DataPaths
from app.startup.assessment_recovery import AssessmentRecovery
from app.startup.recovery_report import RecoveryReport, TakeNote
from media.recording.audio_constants import PARTIAL_SUFFIX
from media.recording.recovery import find_partial_takes, inspect_take, repair_partial_take
from practice_db.records import AttemptRecord, TakeFacts

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)

NO_REPLY = "no_reply"
# A partial take is attached only to an attempt still waiting for its audio, never over a reply.
ATTACHABLE = ("recording", NO_REPLY)

__all__ = ["RecoveryReport", "recover_interrupted_takes"]


def _relative(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)


def _note(store: PracticeStore, attempt: AttemptRecord | None, file: Path | None) -> TakeNote:
    if attempt is None:
        return TakeNote(None, None, file)
    try:
        title: str | None = store.clips.get(attempt.clip_id).title
    except Exception:  # the note is still worth giving without the exercise's name
        log.exception("Could not read the exercise of attempt %s", attempt.uuid)
        title = None
    return TakeNote(title, attempt.started_at, file)


def _attempt_named(store: PracticeStore, stem: str) -> AttemptRecord | None:
    try:
        return store.attempts.by_uuid(stem)
    except Exception:
        log.exception("Could not look up the attempt for %s", stem)
        return None


class _Recovery:
    def __init__(self, store: PracticeStore, paths: DataPaths) -> None:
        self.store, self.paths = store, paths
        self.report = RecoveryReport()
        self.handled: set[int] = set()  # attempts settled by the first pass

    def partial(self, partial: Path) -> None:
        stem = Path(partial.name[: -len(PARTIAL_SUFFIX)]).stem
        attempt = _attempt_named(self.store, stem)
        if attempt is not None and attempt.status not in ATTACHABLE:
            attempt = None  # a finished attempt keeps its reply; this audio is kept apart
        if attempt is not None:
            self.handled.add(attempt.id)
        try:
            repaired = repair_partial_take(partial)
        except Exception:  # the attempt stays `recording`: the next start tries again
            log.exception("Could not repair %s", partial)
            self.failed(attempt, partial)
            return
        if repaired.empty:
            if attempt is None:
                self.report.unusable.append(repaired.path)
            elif repaired.unreadable:
                self._unreadable(attempt, repaired.path)
            else:
                self._no_reply(attempt)
            return
        if attempt is None:
            self.report.orphans.append(repaired.path)
            return
        relative = _relative(repaired.path, self.paths.home)
        facts = TakeFacts(relative, round(repaired.duration_s * 1000), status="recovered")
        self.store.attempts.finish(attempt.id, facts)
        self.report.recovered.append(attempt.uuid)

    def unfinished(self, attempt: AttemptRecord) -> None:
        """An attempt still `recording` that no partial take belonged to."""
        final = self.paths.home / attempt.recording_path if attempt.recording_path else None
        take = inspect_take(final) if final is not None else None
        if final is None or take is None or take.kind in ("missing", "empty"):
            self._no_reply(attempt)  # the file, if any, is left in place
        elif take.kind == "unreadable":
            self._unreadable(attempt, final)
        else:  # renamed to its final name just before the crash, the row not yet updated
            facts = TakeFacts(attempt.recording_path or "", round(take.duration_s * 1000), status="recovered")
            self.store.attempts.finish(attempt.id, facts)
            self.report.recovered.append(attempt.uuid)

    def failed(self, attempt: AttemptRecord | None, file: Path | None) -> None:
        """A step raised: name the take; its row and file stay as they are, for the next start."""
        kept = file if file is not None and file.exists() else None
        self.report.unreadable.append(_note(self.store, attempt, kept))

    def _no_reply(self, attempt: AttemptRecord) -> None:
        if attempt.status != NO_REPLY:
            self.store.attempts.set_status(attempt.id, NO_REPLY)
        self.report.no_reply.append(_note(self.store, attempt, None))

    def _unreadable(self, attempt: AttemptRecord | None, kept: Path) -> None:
        # Listed as "no reply recorded" so it stops waiting; the file itself is kept untouched.
        if attempt is not None and attempt.status != NO_REPLY:
            self.store.attempts.set_status(attempt.id, NO_REPLY)
        self.report.unreadable.append(_note(self.store, attempt, kept))


def recover_interrupted_takes(store: PracticeStore, paths: DataPaths) -> RecoveryReport:
    work = _Recovery(store, paths)
    assessment = AssessmentRecovery(store, paths, work.report)  # assessment takes: same rules
    try:
        partials = find_partial_takes(paths.recordings)
    except Exception:  # e.g. an unreadable folder: the app still starts
        log.exception("Could not look for interrupted recordings in %s", paths.recordings)
        partials, work.report.unchecked = [], True
    for partial in partials:
        try:
            if assessment.claim_partial(partial):
                continue
            work.partial(partial)
        except Exception:  # one bad file must not stop the others, or the app
            log.exception("Could not recover %s", partial)
            work.failed(_attempt_named(store, Path(partial.name[: -len(PARTIAL_SUFFIX)]).stem), partial)
    try:
        unfinished = [a for a in store.attempts.unfinished() if a.id not in work.handled]
    except Exception:
        log.exception("Could not list the attempts left recording")
        unfinished, work.report.unchecked = [], True
    for attempt in unfinished:
        try:
            work.unfinished(attempt)
        except Exception:
            log.exception("Could not settle attempt %s (%s)", attempt.uuid, attempt.recording_path)
            file = paths.home / attempt.recording_path if attempt.recording_path else None
            work.failed(attempt, file)
    try:
        assessment.settle_the_rest()
    except Exception:
        log.exception("Could not settle the assessment takes left recording")
        work.report.unchecked = True
    report = work.report
    if report.summary():
        log.warning("Take recovery: %s", report)
    return report
