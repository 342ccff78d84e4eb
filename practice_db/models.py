"""SQLAlchemy 2.x typed ORM models. Only the storage layer ever sees these classes.

Portable column types only (no SQLite-specific SQL) so that a PostgreSQL URL works later.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from practice_db.timeutil import as_utc, utcnow
from practice_db.vocabulary import FACET_KEYS

# Stable constraint names keep Alembic batch migrations on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC; always hands back timezone-aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime}


class Profile(Base):
    __tablename__ = "profiles"
    __table_args__ = (CheckConstraint("role IN ('clinician', 'supervisor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # argon2 hash (app/profiles/password.py) when the profile is protected; never the password
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    # the same person's ids from other computers (migration 0007), loaded with the profile
    # Added in revision 0009: the PostgreSQL login role of this person on a clinic's server.
    login_role: Mapped[str | None] = mapped_column(String(63), unique=True, default=None)
    aliases: Mapped[list[ProfileAlias]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", passive_deletes=True, order_by="ProfileAlias.uuid"
    )


class ProfileAlias(Base):
    """Another computer's id for a local person, recorded when the user said "the same person"."""

    __tablename__ = "profile_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Clip(Base):
    __tablename__ = "clips"
    __table_args__ = (CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    presentation: Mapped[str] = mapped_column(String(40), index=True)
    difficulty: Mapped[int] = mapped_column(SmallInteger, index=True)
    statement: Mapped[str] = mapped_column(Text, default="")
    media_path: Mapped[str] = mapped_column(String(500))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(120), default="imported")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Added in revision 0002: the deliberate-practice guidance of an exercise.
    criteria: Mapped[list[str] | None] = mapped_column(JSON)
    example_response: Mapped[str | None] = mapped_column(Text)
    # Added in revision 0006: heavy themes named before the clip plays (None: nothing to note).
    content_note: Mapped[str | None] = mapped_column(Text)
    # Added in revision 0008: a clip of an FIS assessment set, never offered in practice (a score
    # must not be inflated by rehearsing the very clip).
    assessment_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Added in revision 0009: who added an own clip (None: starter pack and older clips), and the
    # version each save of its details checks and bumps.
    owner_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Every ORM UPDATE sets version = version + 1 WHERE version = the one loaded (StaleDataError
    # when another connection got there first): no save silently overwrites another (issue 21).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ClipFacet(Base):
    """Targeted facets as rows, so filtering by facet is plain portable SQL."""

    __tablename__ = "clip_facets"

    clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class PracticeSession(Base):
    __tablename__ = "practice_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('recording', 'complete', 'recovered', 'discarded', 'no_reply')", name="status"
        ),
        Index("ix_attempts_profile_started", "profile_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="RESTRICT"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    recording_path: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    response_latency_ms: Mapped[int | None] = mapped_column(Integer)
    speaking_ms: Mapped[int | None] = mapped_column(Integer)
    pause_count: Mapped[int | None] = mapped_column(Integer)
    pause_total_ms: Mapped[int | None] = mapped_column(Integer)
    start_delay_ms: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="recording")


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("attempt_id", "rater_profile_id", name="uq_ratings_attempt_rater"),
        CheckConstraint("rater_role IN ('self', 'supervisor')", name="rater_role"),
        CheckConstraint(
            "reaction IS NULL OR reaction IN ('too_easy', 'good_challenge', 'too_hard')", name="reaction"
        ),
        *(CheckConstraint(f"{k} IS NULL OR {k} BETWEEN 1 AND 5", name=f"score_{k}") for k in FACET_KEYS),
        # Covering: progress figures read role, reaction and scores of a period's ~6,000 ratings
        # from the index alone, without visiting each rating's row (long texts live there); `id`
        # second keeps an attempt's ratings in the order the figures read them, with no sort.
        Index("ix_ratings_attempt_scores", "attempt_id", "id", "rater_role", "reaction", *FACET_KEYS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    rater_profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    rater_role: Mapped[str] = mapped_column(String(20))
    verbal_fluency: Mapped[int | None] = mapped_column(SmallInteger)
    hope: Mapped[int | None] = mapped_column(SmallInteger)
    persuasiveness: Mapped[int | None] = mapped_column(SmallInteger)
    emotional_expression: Mapped[int | None] = mapped_column(SmallInteger)
    warmth: Mapped[int | None] = mapped_column(SmallInteger)
    empathy: Mapped[int | None] = mapped_column(SmallInteger)
    alliance_bond: Mapped[int | None] = mapped_column(SmallInteger)
    rupture_repair: Mapped[int | None] = mapped_column(SmallInteger)
    reaction: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[str] = mapped_column(Text, default="")
    corrective_point: Mapped[str] = mapped_column(Text, default="")
    extra_corrective_point: Mapped[str] = mapped_column(Text, default="")
    ask_again: Mapped[bool] = mapped_column(Boolean, default=False)
    # Added in revision 0006: [{"criterion": text, "verdict": "met" | "partly" | "not_met"}, ...].
    criteria_verdicts: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # revision 0009
    # Every ORM UPDATE sets version = version + 1 WHERE version = the one loaded (StaleDataError
    # when another connection got there first): no save silently overwrites another (issue 21).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    author_profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    offset_ms: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Goal(Base):
    """A SMART-style objective tied to data; `params` holds the kind's typed parameters as JSON."""

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('facet_share', 'practice_frequency', 'challenge_level', 'mean_score')", name="kind"
        ),
        CheckConstraint("ends_on >= starts_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    owner_profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    set_by_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # revision 0009
    # Every ORM UPDATE sets version = version + 1 WHERE version = the one loaded (StaleDataError
    # when another connection got there first): no save silently overwrites another (issue 21).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


# -- The FIS assessment (revision 0008): kept apart from practice attempts and ratings. ----------


class AssessmentSet(Base):
    """A fixed list of clips taken in order, one take each (the built-in set or a programme's own)."""

    __tablename__ = "assessment_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessmentSetClip(Base):
    __tablename__ = "assessment_set_clips"

    set_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_sets.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="RESTRICT"), index=True)


class Assessment(Base):
    """One sitting of a set by one clinician. `occasion` is hidden from raters until they finish."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'complete', 'incomplete')", name="status"),
        CheckConstraint("occasion IN ('baseline', 'follow_up')", name="occasion"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("assessment_sets.id", ondelete="RESTRICT"), index=True)
    occasion: Mapped[str] = mapped_column(String(20), default="baseline")
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class AssessmentTake(Base):
    """The one spoken reply to one clip of an assessment."""

    __tablename__ = "assessment_takes"
    __table_args__ = (
        UniqueConstraint("assessment_id", "position", name="uq_assessment_takes_assessment_position"),
        CheckConstraint("status IN ('recording', 'complete', 'recovered', 'no_reply')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    recording_path: Mapped[str | None] = mapped_column(String(500))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    response_latency_ms: Mapped[int | None] = mapped_column(Integer)
    speaking_ms: Mapped[int | None] = mapped_column(Integer)
    pause_count: Mapped[int | None] = mapped_column(Integer)
    pause_total_ms: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="recording")


class AssessmentRating(Base):
    """Eight facets for one take by one rater (blind) or, afterwards and optionally, by the clinician."""

    __tablename__ = "assessment_ratings"
    __table_args__ = (
        UniqueConstraint("take_id", "rater_profile_id", name="uq_assessment_ratings_take_rater"),
        CheckConstraint("rater_role IN ('rater', 'self')", name="rater_role"),
        *(CheckConstraint(f"{k} IS NULL OR {k} BETWEEN 1 AND 5", name=f"score_{k}") for k in FACET_KEYS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    take_id: Mapped[int] = mapped_column(ForeignKey("assessment_takes.id", ondelete="CASCADE"), index=True)
    rater_profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    rater_role: Mapped[str] = mapped_column(String(20))
    verbal_fluency: Mapped[int | None] = mapped_column(SmallInteger)
    hope: Mapped[int | None] = mapped_column(SmallInteger)
    persuasiveness: Mapped[int | None] = mapped_column(SmallInteger)
    emotional_expression: Mapped[int | None] = mapped_column(SmallInteger)
    warmth: Mapped[int | None] = mapped_column(SmallInteger)
    empathy: Mapped[int | None] = mapped_column(SmallInteger)
    alliance_bond: Mapped[int | None] = mapped_column(SmallInteger)
    rupture_repair: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # revision 0009
    # revision 0009: when this rater's batch was revealed; blind scores are final from then on
    revealed_at: Mapped[datetime | None] = mapped_column(default=None)
    # Every ORM UPDATE sets version = version + 1 WHERE version = the one loaded (StaleDataError
    # when another connection got there first): no save silently overwrites another (issue 21).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


# -- Clinic mode (revision 0009) ---------------------------------------------------------------


class ClinicAssignment(Base):
    """A supervisor reviews a trainee (made by `practice-room clinic assign`)."""

    __tablename__ = "clinic_assignments"

    supervisor_profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFile(Base):
    """A recording or clip file kept in the database (clinic mode), in chunks. `key` names what it
    belongs to ("attempt:<uuid>", "assessment_take:<uuid>", "clip:<content hash>"); it counts
    only once `complete` is set after the last chunk."""

    __tablename__ = "stored_files"
    __table_args__ = (CheckConstraint("kind IN ('attempt', 'assessment_take', 'clip')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    media_type: Mapped[str] = mapped_column(String(60))
    file_name: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    chunk_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    complete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFileChunk(Base):
    __tablename__ = "stored_file_chunks"

    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
