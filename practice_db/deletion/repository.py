"""Deleting what people made, by the rules: only the owner deletes their attempts; starter clips
are hidden, never deleted; a clip someone else practised stays (hidden) for their history."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.deletion import visibility
from practice_db.deletion.records import ClipUsage, DeletedRows, ProfileFootprint
from practice_db.deletion.snapshot import dump, restore
from practice_db.errors import NotFoundError, PermissionDeniedError, ValidationError

NOT_YOURS = "Only the person who recorded an attempt can delete it."
OTHERS_KEEP = (
    "Someone else has practised this clip, and their attempts are theirs to keep. You can hide it instead."
)
STARTER_KEPT = (
    "Starter exercises come with Practice Room and are put back at every start, so they can't be "
    "deleted. You can hide this one instead."
)


class DeletionRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- attempts ----------------------------------------------------------
    def owned_attempts(self, attempt_ids: Sequence[int], by_profile_id: int) -> tuple[str, ...]:
        """The recording paths of these attempts, after checking they are all this person's."""
        with self._sessions() as s:
            return tuple(
                a.recording_path for a in self._own(s, attempt_ids, by_profile_id) if a.recording_path
            )

    def remove_attempts(self, attempt_ids: Sequence[int], by_profile_id: int) -> DeletedRows:
        """Delete attempts with their ratings and comments, in one transaction; the snapshot
        returned puts them back (`restore`)."""
        with self._sessions.begin() as s:
            attempts = self._own(s, attempt_ids, by_profile_id)
            return self._take(s, attempts)

    def restore(self, rows: DeletedRows) -> dict[int, int]:
        """Undo: the rows again, in one transaction. Returns old attempt id -> new id."""
        with self._sessions.begin() as s:
            owners = {int(a["profile_id"]) for a in rows.attempts}
            if owners and len(
                set(s.scalars(select(models.Profile.id).where(models.Profile.id.in_(owners))))
            ) != len(owners):
                raise NotFoundError("The profile these attempts belonged to no longer exists.")
            if rows.clip is None:
                clips = {int(a["clip_id"]) for a in rows.attempts}
                found = set(s.scalars(select(models.Clip.id).where(models.Clip.id.in_(clips))))
                if found != clips:
                    raise NotFoundError(
                        "The exercise these attempts belonged to is no longer in the library."
                    )
            return restore(s, rows)

    # -- clips -------------------------------------------------------------
    def clip_usage(self, clip_id: int, profile_id: int) -> ClipUsage:
        with self._sessions() as s:
            clip = s.get(models.Clip, clip_id)
            if clip is None:
                raise NotFoundError("That clip is no longer in the library.")
            a = models.Attempt
            owners = list(s.scalars(select(a.profile_id).where(a.clip_id == clip_id)))
            counts = {True: owners.count(profile_id), False: len(owners) - owners.count(profile_id)}
            return ClipUsage(
                clip_id=clip.id,
                title=clip.title,
                starter=visibility.original(clip.source) == visibility.STARTER,
                hidden=visibility.is_hidden(clip.source),
                mine=int(counts.get(True, 0)),
                others=int(counts.get(False, 0)),
            )

    def set_hidden(self, clip_id: int, hidden: bool) -> None:
        with self._sessions.begin() as s:
            clip = s.get(models.Clip, clip_id)
            if clip is None:
                raise NotFoundError("That clip is no longer in the library.")
            clip.source = visibility.hidden(clip.source) if hidden else visibility.original(clip.source)

    def remove_clip(self, clip_id: int, by_profile_id: int) -> DeletedRows:
        """Delete an own clip with this person's attempts at it. Refused for a starter clip and
        for a clip other people practised (their attempts are theirs): hide it instead."""
        with self._sessions.begin() as s:
            clip = s.get(models.Clip, clip_id)
            if clip is None:
                raise NotFoundError("That clip is no longer in the library.")
            if visibility.original(clip.source) == visibility.STARTER:
                raise PermissionDeniedError(STARTER_KEPT)
            in_set = s.scalar(  # an assessment set's clip list and takes point to it
                select(models.AssessmentSet.name)
                .join(models.AssessmentSetClip, models.AssessmentSetClip.set_id == models.AssessmentSet.id)
                .where(models.AssessmentSetClip.clip_id == clip_id)
                .order_by(models.AssessmentSet.id)  # the same set named on every database
                .limit(1)
            )
            if in_set is not None:
                raise PermissionDeniedError(
                    f"This clip is part of the assessment set {in_set!r}, "
                    "so it can't be deleted; hide it instead."
                )
            attempts = list(
                s.scalars(
                    select(models.Attempt)
                    .where(models.Attempt.clip_id == clip_id)
                    .order_by(models.Attempt.id)
                )
            )
            if any(a.profile_id != by_profile_id for a in attempts):
                raise PermissionDeniedError(OTHERS_KEEP)
            if any(a.status == "recording" for a in attempts):
                raise ValidationError("A take at this clip is still being recorded. Stop it first.")
            taken = self._take(s, attempts)
            facets = tuple(
                s.scalars(
                    select(models.ClipFacet.facet)
                    .where(models.ClipFacet.clip_id == clip_id)
                    .order_by(models.ClipFacet.facet)
                )
            )
            snapshot = dump(clip)
            s.delete(clip)  # its facets go with it (ON DELETE CASCADE)
            s.flush()
            return DeletedRows(
                attempts=taken.attempts,
                ratings=taken.ratings,
                comments=taken.comments,
                clip=snapshot,
                clip_facets=facets,
                recording_paths=taken.recording_paths,
                clip_media_path=clip.media_path or None,
            )

    def clip_media_shared(self, media_path: str, clip_id: int) -> bool:
        """Another clip points at the same file (then the file must stay)."""
        with self._sessions() as s:
            other = s.scalar(
                select(models.Clip.id).where(models.Clip.media_path == media_path, models.Clip.id != clip_id)
            )
            return other is not None

    # -- profiles ----------------------------------------------------------
    def footprint(self, profile_id: int) -> ProfileFootprint:
        a, r, c, g = models.Attempt, models.Rating, models.Comment, models.Goal
        with self._sessions() as s:
            profile = s.get(models.Profile, profile_id)
            if profile is None:
                raise NotFoundError("That profile no longer exists.")
            mine = select(a.id).where(a.profile_id == profile_id)
            sit, take, ar = models.Assessment, models.AssessmentTake, models.AssessmentRating
            sittings = select(sit.id).where(sit.profile_id == profile_id)
            my_takes = select(take.id).where(take.assessment_id.in_(sittings))

            def count(query: object) -> int:
                return int(s.scalar(query) or 0)  # type: ignore[call-overload]

            return ProfileFootprint(
                profile_id=profile.id,
                name=profile.name,
                is_supervisor=profile.role == "supervisor",
                attempts=count(select(func.count(a.id)).where(a.profile_id == profile_id)),
                recordings=tuple(
                    p
                    for p in s.scalars(
                        select(a.recording_path).where(a.profile_id == profile_id).order_by(a.id)
                    )
                    if p
                ),
                ratings_given_to_others=count(
                    select(func.count(r.id)).where(
                        r.rater_profile_id == profile_id, r.attempt_id.not_in(mine)
                    )
                ),
                comments_on_others=count(
                    select(func.count(c.id)).where(
                        c.author_profile_id == profile_id, c.attempt_id.not_in(mine)
                    )
                ),
                goals=count(select(func.count(g.id)).where(g.owner_profile_id == profile_id)),
                goals_set_for_others=count(
                    select(func.count(g.id)).where(
                        g.set_by_profile_id == profile_id, g.owner_profile_id != profile_id
                    )
                ),
                sessions=count(
                    select(func.count(models.PracticeSession.id)).where(
                        models.PracticeSession.profile_id == profile_id
                    )
                ),
                assessments=count(select(func.count(sit.id)).where(sit.profile_id == profile_id)),
                assessment_recordings=tuple(
                    p
                    for p in s.scalars(
                        select(take.recording_path).where(take.assessment_id.in_(sittings)).order_by(take.id)
                    )
                    if p
                ),
                assessment_ratings_given=count(
                    select(func.count(ar.id)).where(
                        ar.rater_profile_id == profile_id, ar.take_id.not_in(my_takes)
                    )
                ),
            )

    def remove_profile(self, profile_id: int, typed_name: str) -> ProfileFootprint:
        """Delete a profile and everything it owns, in one transaction: its attempts (with every
        rating and comment on them), its sessions and goals, and the ratings and comments it gave
        on other people's attempts. Goals it set for others stay theirs. `typed_name` must be the
        profile's name (spaces and case aside): the confirmation lives here, not only in a dialog."""
        footprint = self.footprint(profile_id)
        if " ".join(typed_name.split()).casefold() != footprint.name.casefold():
            raise ValidationError(f"Type the name “{footprint.name}” exactly to delete this profile.")
        with self._sessions.begin() as s:
            # Explicit, not only by cascade: the same result with or without foreign keys on.
            mine = select(models.Attempt.id).where(models.Attempt.profile_id == profile_id)
            s.execute(delete(models.Comment).where(models.Comment.attempt_id.in_(mine)))
            s.execute(delete(models.Rating).where(models.Rating.attempt_id.in_(mine)))
            s.execute(delete(models.Comment).where(models.Comment.author_profile_id == profile_id))
            s.execute(delete(models.Rating).where(models.Rating.rater_profile_id == profile_id))
            s.execute(delete(models.Attempt).where(models.Attempt.profile_id == profile_id))
            s.execute(delete(models.PracticeSession).where(models.PracticeSession.profile_id == profile_id))
            s.execute(delete(models.Goal).where(models.Goal.owner_profile_id == profile_id))
            s.execute(
                update(models.Goal)
                .where(models.Goal.set_by_profile_id == profile_id)
                .values(set_by_profile_id=None, version=models.Goal.version + 1)  # bulk: bump by hand
            )
            # The FIS assessment: its sittings, takes and every rating of them, and the blind
            # ratings it gave; sets it built stay for the programme, no longer naming who built them.
            sittings = select(models.Assessment.id).where(models.Assessment.profile_id == profile_id)
            takes = select(models.AssessmentTake.id).where(models.AssessmentTake.assessment_id.in_(sittings))
            s.execute(delete(models.AssessmentRating).where(models.AssessmentRating.take_id.in_(takes)))
            s.execute(
                delete(models.AssessmentRating).where(models.AssessmentRating.rater_profile_id == profile_id)
            )
            s.execute(delete(models.AssessmentTake).where(models.AssessmentTake.assessment_id.in_(sittings)))
            s.execute(delete(models.Assessment).where(models.Assessment.profile_id == profile_id))
            s.execute(
                update(models.AssessmentSet)
                .where(models.AssessmentSet.created_by_profile_id == profile_id)
                .values(created_by_profile_id=None)
            )
            s.execute(delete(models.Profile).where(models.Profile.id == profile_id))
        return footprint

    # -- helpers -----------------------------------------------------------
    @staticmethod
    def _own(s: Session, attempt_ids: Sequence[int], by_profile_id: int) -> list[models.Attempt]:
        if not attempt_ids:
            raise ValidationError("Choose an attempt to delete.")
        # In id order everywhere: undo inserts them again in this order (PostgreSQL returns rows
        # in no particular order without ORDER BY)
        query = select(models.Attempt).where(models.Attempt.id.in_(list(attempt_ids)))
        rows = list(s.scalars(query.order_by(models.Attempt.id)))
        if len(rows) != len(set(attempt_ids)):
            raise NotFoundError("That attempt no longer exists.")
        if any(a.profile_id != by_profile_id for a in rows):
            raise PermissionDeniedError(NOT_YOURS)
        if any(a.status == "recording" for a in rows):  # start-up settles a crashed one
            raise ValidationError("This take is still being recorded. Stop it first, then delete it.")
        return rows

    @staticmethod
    def _take(s: Session, attempts: list[models.Attempt]) -> DeletedRows:
        ids = [a.id for a in attempts]
        r, c = models.Rating, models.Comment
        ratings = list(s.scalars(select(r).where(r.attempt_id.in_(ids)).order_by(r.id)))
        comments = list(s.scalars(select(c).where(c.attempt_id.in_(ids)).order_by(c.id)))
        rows = DeletedRows(
            attempts=tuple(dump(a) for a in attempts),
            ratings=tuple(dump(r) for r in ratings),
            comments=tuple(dump(c) for c in comments),
            recording_paths=tuple(a.recording_path for a in attempts if a.recording_path),
        )
        s.execute(delete(models.Comment).where(models.Comment.attempt_id.in_(ids)))
        s.execute(delete(models.Rating).where(models.Rating.attempt_id.in_(ids)))
        s.execute(delete(models.Attempt).where(models.Attempt.id.in_(ids)))
        s.flush()
        return rows
