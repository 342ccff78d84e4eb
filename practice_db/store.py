"""The storage API the rest of the app uses: one object, small repositories, records out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from practice_db.assessment.batch import AssessmentBatchRepository
from practice_db.assessment.ratings import AssessmentRatingRepository
from practice_db.assessment.results import AssessmentResultsRepository
from practice_db.assessment.sets import AssessmentSetRepository
from practice_db.assessment.sittings import SittingRepository
from practice_db.assessment.transfer import AssessmentTransferRepository
from practice_db.attempts import AttemptRepository
from practice_db.clinic_session import ClinicSessionRepository
from practice_db.clips import ClipRepository
from practice_db.deletion.repository import DeletionRepository
from practice_db.engine import make_engine, make_session_factory
from practice_db.feedback import FeedbackRepository
from practice_db.goals.repository import GoalRepository
from practice_db.migrate import OpenReport, open_database
from practice_db.personal_data import PersonalDataReader
from practice_db.practice_plan import asked_again, pick_next
from practice_db.profiles import ProfileRepository
from practice_db.programme import ProgrammeRepository
from practice_db.progress.repository import ProgressRepository
from practice_db.ratings import RatingRepository
from practice_db.records import ClipFilter, ClipRecord
from practice_db.stored_files import StoredFileRepository
from practice_db.transfer.repository import TransferRepository


class PracticeStore:
    """Thread-safe to share: every call opens and closes its own short session."""

    def __init__(self, engine: Engine, report: OpenReport | None = None) -> None:
        self.engine = engine
        self.open_report = report
        sessions = make_session_factory(engine)
        self.profiles = ProfileRepository(sessions)
        self.clips = ClipRepository(sessions)
        self.attempts = AttemptRepository(sessions)
        self.ratings = RatingRepository(sessions)
        self.feedback = FeedbackRepository(sessions)
        self.transfer = TransferRepository(sessions)  # review queue and bundle imports
        self.assessment_transfer = AssessmentTransferRepository(sessions)  # assessments in bundles
        self.goals = GoalRepository(sessions)
        self.progress = ProgressRepository(sessions)
        self.deletion = DeletionRepository(sessions)  # attempts, clips, profiles (with undo rows)
        self.personal_data = PersonalDataReader(sessions)  # "Export all my data"
        self.assessment_sets = AssessmentSetRepository(sessions)  # the built-in FIS set and own sets
        self.assessment_ratings = AssessmentRatingRepository(sessions)  # blind and self ratings of takes
        self.assessment_batches = AssessmentBatchRepository(sessions)  # a rater's blind batch, reveal
        self.assessment_results = AssessmentResultsRepository(sessions)  # sittings, change, agreement
        self.assessment_sittings = SittingRepository(sessions)  # taking the FIS assessment
        self.clinic_session = ClinicSessionRepository(sessions)  # clinic mode: who is signed in
        self.programme = ProgrammeRepository(sessions)  # a supervisor's trainees, one row each
        self.stored_files = StoredFileRepository(sessions)  # clinic mode: recordings in the database

    @classmethod
    def open(cls, url: str, backup_dir: Path) -> PracticeStore:
        """Check integrity, back up and migrate as needed, then return a ready store."""
        engine = make_engine(url)
        try:
            report = open_database(engine, backup_dir)
        except Exception:
            engine.dispose()
            raise
        return cls(engine, report)

    def next_exercise(
        self,
        profile_id: int,
        pool: ClipFilter,
        level: int | None,
        done: Sequence[int] = (),
        levels: Mapping[str, int] | None = None,
    ) -> ClipRecord | None:
        """The exercise to practise next from `pool`, by the supervisor's requests, the level of
        each presentation (`levels`: this session's, by presentation) and the spacing rule
        (practice_plan.pick_next) over this person's history."""
        clips = self.clips.list(pool)
        outcomes = self.attempts.outcomes(profile_id)
        chosen = pick_next(clips, outcomes, datetime.now(UTC), level, done, levels)
        return next((c for c in clips if c.id == chosen), None)

    def asked_again(self, profile_id: int) -> list[ClipRecord]:
        """Exercises a supervisor asked this person to try again (not yet tried since), oldest
        request first: suggested practice starts with them."""
        wanted = asked_again(self.attempts.outcomes(profile_id))
        clips = {c.id: c for c in self.clips.list()} if wanted else {}
        return [clips[i] for i in wanted if i in clips]

    def close(self) -> None:
        self.engine.dispose()
