"""Read side of review on one computer: feedback lists and everything about one attempt."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from practice_db import convert, models
from practice_db.attempts import KEPT, NO_REPLY
from practice_db.clips import ClipRepository
from practice_db.errors import NotFoundError
from practice_db.records import FeedbackItem, ReviewDetail
from practice_db.scoring import is_complete, overall_score, rated_count
from practice_db.vocabulary import FACET_KEYS


def scores_of(rating: models.Rating | None) -> dict[str, int | None]:
    return {} if rating is None else {k: getattr(rating, k) for k in FACET_KEYS}


def sees_self_rating(viewer_id: int, trainee_id: int, viewer_rating: models.Rating | None) -> bool:
    """Blind review: the trainee always sees their own self-rating; anyone else only once their own
    rating of that attempt has all eight facets (ratings save as each value is given, so "saved"
    alone would reveal it after one facet and anchor the other seven)."""
    return viewer_id == trainee_id or is_complete(scores_of(viewer_rating))


def item_query(require_supervisor: bool, statuses: tuple[str, ...] = KEPT) -> tuple[Select[Any], Any]:
    """Kept attempts (or `statuses`) with the trainee's name, the exercise, the self-rating and a
    supervisor's rating (required, or optional), newest first; returns the query and the
    supervisor alias."""
    a, p, c = models.Attempt, models.Profile, models.Clip
    sup, own = aliased(models.Rating), aliased(models.Rating)
    sup_person = aliased(models.Profile)
    on_sup = and_(sup.attempt_id == a.id, sup.rater_role == "supervisor")
    query = (
        select(a.id, a.profile_id, p.name, a.clip_id, c.title, a.started_at, a.duration_ms, own, sup)
        .add_columns(sup_person.name, a.status)
        .join(p, p.id == a.profile_id)
        .join(c, c.id == a.clip_id)
        .outerjoin(own, and_(own.attempt_id == a.id, own.rater_role == "self"))
        .join(sup, on_sup, isouter=not require_supervisor)
        .join(sup_person, sup_person.id == sup.rater_profile_id, isouter=not require_supervisor)
        .where(a.status.in_(statuses))
        .order_by(a.started_at.desc(), a.id.desc(), sup.id)  # two supervisors: the first rating leads
    )
    return query, sup


class FeedbackRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def reviewed(
        self, trainee_id: int | None = None, supervisor_id: int | None = None, limit: int = 500
    ) -> list[FeedbackItem]:
        """Attempts that have a supervisor rating (for a trainee, or by a supervisor), newest first.
        With `supervisor_id` the list is that supervisor's own: the self-rating of an attempt they
        have not rated on all eight facets is left out (blind review)."""
        query, sup = item_query(require_supervisor=True)
        if trainee_id is not None:
            query = query.where(models.Attempt.profile_id == trainee_id)
        if supervisor_id is not None:
            query = query.where(sup.rater_profile_id == supervisor_id)
        with self._sessions() as s:
            return self._items(s.execute(query.limit(limit)), blind=supervisor_id is not None)

    def clip_history(self, profile_id: int, clip_id: int, limit: int = 20) -> list[FeedbackItem]:
        """This person's kept attempts at one exercise, newest first, with both kinds of rating, and
        the takes interrupted before any reply (status "no_reply"), so the history stays honest."""
        query, _sup = item_query(require_supervisor=False, statuses=(*KEPT, NO_REPLY))
        a = models.Attempt
        query = query.where(a.profile_id == profile_id, a.clip_id == clip_id)
        with self._sessions() as s:
            return self._items(s.execute(query.limit(limit)))

    @staticmethod
    def _items(rows: Iterable[Any], blind: bool = False) -> list[FeedbackItem]:
        """`blind`: the rows' supervisor is the viewer; see `sees_self_rating`."""
        seen: set[int] = set()
        items = []
        for attempt_id, trainee, name, clip_id, title, at, ms, own_r, sup_r, sup_name, status in rows:
            if attempt_id in seen:  # two supervisors: list the attempt once
                continue
            seen.add(attempt_id)
            sup_scores = scores_of(sup_r)
            hidden = blind and not is_complete(sup_scores)
            own_scores = {} if hidden else scores_of(own_r)
            items.append(
                FeedbackItem(
                    attempt_id,
                    trainee,
                    name,
                    clip_id,
                    title,
                    at,
                    ms,
                    overall_score(own_scores),
                    overall_score(sup_scores),
                    sup_name,
                    None if own_r is None else own_r.reaction,  # the check-in: a safety signal
                    status,
                    self_rated=rated_count(own_scores),
                    supervisor_rated=rated_count(sup_scores),
                    self_hidden=hidden,
                )
            )
        return items

    def detail(self, attempt_id: int, viewer_id: int) -> ReviewDetail:
        """One attempt as `viewer_id` may see it (blind review: `sees_self_rating`)."""
        with self._sessions() as s:
            attempt = s.get(models.Attempt, attempt_id)
            if attempt is None:
                raise NotFoundError("That attempt no longer exists.")
            clip = s.get(models.Clip, attempt.clip_id)
            trainee = s.get(models.Profile, attempt.profile_id)
            assert clip is not None and trainee is not None  # foreign keys guarantee both
            ratings = s.scalars(
                select(models.Rating).where(models.Rating.attempt_id == attempt_id).order_by(models.Rating.id)
            ).all()
            own_self = next((r for r in ratings if r.rater_role == "self"), None)
            mine = next((r for r in ratings if r.rater_profile_id == viewer_id), None)
            blind = not sees_self_rating(viewer_id, attempt.profile_id, mine)
            if blind:  # only the viewer's own rating leaves storage: no self or other scores to peek at
                ratings = [mine] if mine is not None else []
            comments = s.scalars(
                select(models.Comment)
                .where(models.Comment.attempt_id == attempt_id)
                .order_by(models.Comment.offset_ms, models.Comment.id)
            ).all()
            people = {r.rater_profile_id for r in ratings} | {c.author_profile_id for c in comments}
            query = select(models.Profile.id, models.Profile.name).where(models.Profile.id.in_(people))
            names = {int(i): str(n) for i, n in s.execute(query)}
            return ReviewDetail(
                attempt=convert.attempt(attempt),
                clip=convert.clip(clip, ClipRepository._facets(s, [clip.id])[clip.id]),
                trainee=convert.profile(trainee),
                ratings=tuple(convert.rating(r) for r in ratings),
                comments=tuple(convert.comment(c) for c in comments),
                names=names,
                check_in=None if own_self is None else own_self.reaction,
                self_hidden=blind,
            )
