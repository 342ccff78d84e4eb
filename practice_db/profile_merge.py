"""Two profiles that are one person ("Dr Lee" and "Dr Lee (2)" from before ids were linked)
become one: everything the second owns or wrote moves to the first, its id is linked to the
first (so bundles naming either id find one person), and the second profile goes. One transaction.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from practice_db import convert, models
from practice_db.errors import NotFoundError, ValidationError
from practice_db.records import ProfileRecord


def merge_profiles(sessions: sessionmaker[Session], keep_id: int, gone_id: int) -> ProfileRecord:
    with sessions.begin() as s:
        keep, gone = s.get(models.Profile, keep_id), s.get(models.Profile, gone_id)
        if keep is None or gone is None:
            raise NotFoundError("That profile no longer exists.")
        if keep.id == gone.id:
            raise ValidationError("Choose two different profiles.")
        if keep.role != gone.role:
            raise ValidationError(
                "Only two clinician profiles, or two supervisor profiles, can be one person."
            )
        if gone.password_hash is not None:
            raise ValidationError(f"{gone.name}'s profile has a password: remove it first, then merge.")
        if _rated_each_other(s, keep.id, gone.id):
            raise ValidationError(
                f"{keep.name} and {gone.name} have rated each other's attempts, so they can't be one person."
            )
        _settle_double_ratings(s, keep.id, gone.id)
        R, A, C, G = models.Rating, models.Attempt, models.Comment, models.Goal
        # Bulk UPDATEs skip the ORM's version bump (models.py): bumped by hand, so a form still
        # open on a moved rating or goal is told rather than saving over the move.
        s.execute(update(A).where(A.profile_id == gone.id).values(profile_id=keep.id))
        s.execute(
            update(models.PracticeSession)
            .where(models.PracticeSession.profile_id == gone.id)
            .values(profile_id=keep.id)
        )
        s.execute(
            update(R)
            .where(R.rater_profile_id == gone.id)
            .values(rater_profile_id=keep.id, version=R.version + 1)
        )
        s.execute(update(C).where(C.author_profile_id == gone.id).values(author_profile_id=keep.id))
        s.execute(
            update(G)
            .where(G.owner_profile_id == gone.id)
            .values(owner_profile_id=keep.id, version=G.version + 1)
        )
        s.execute(
            update(G)
            .where(G.set_by_profile_id == gone.id)
            .values(set_by_profile_id=keep.id, version=G.version + 1)
        )
        ids = [gone.uuid, *(a.uuid for a in gone.aliases)]
        s.delete(gone)  # its linked ids go with it (loaded, so the ORM deletes them), re-added below
        s.flush()
        for uuid in ids:  # the gone profile's ids now mean the kept one
            s.add(models.ProfileAlias(uuid=uuid, profile_id=keep.id))
        s.flush()
        s.refresh(keep)
        return convert.profile(keep)


def _rated_each_other(s: Session, a: int, b: int) -> bool:
    """A rating by one on the other's attempt would become a reviewer rating their own work."""
    R, A = models.Rating, models.Attempt
    query = (
        select(R.id)
        .join(A, A.id == R.attempt_id)
        .where(
            ((R.rater_profile_id == a) & (A.profile_id == b))
            | ((R.rater_profile_id == b) & (A.profile_id == a))
        )
        .limit(1)
    )
    return s.scalar(query) is not None


def _settle_double_ratings(s: Session, keep: int, gone: int) -> None:
    """One rating per rater per attempt: where both rated the same attempt, the newer one stays."""
    R = models.Rating
    other = aliased(R)
    pairs = s.execute(
        select(R, other)
        .join(other, other.attempt_id == R.attempt_id)
        .where(R.rater_profile_id == keep, other.rater_profile_id == gone)
    ).all()
    for kept, moved in pairs:
        s.delete(moved if kept.updated_at >= moved.updated_at else kept)
    s.flush()
