"""Assessment results per person: each sitting's total and facets with intervals, the raters'
agreement, and baseline against follow-up. Reads only; the figures are computed in
`results_math` (see its docstring for the units). Kept apart from practice progress."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.assessment.results_math import (
    RatingRow,
    SittingFigures,
    change,
    change_words,
    sitting_figures,
)
from practice_db.assessment.results_records import ChangeResult, PersonResults, SittingResult
from practice_db.scoring import is_complete
from practice_db.vocabulary import FACET_KEYS

SHOWN_STATUSES = ("complete", "incomplete")  # a sitting still being taken has no results yet


class AssessmentResultsRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def person(self, profile_id: int) -> PersonResults | None:
        """One person's sittings (oldest first) and their change; None for an unknown profile."""
        found = self._read([profile_id])
        return found[0] if found else None

    def people(self, viewer_id: int | None = None) -> list[PersonResults]:
        """Everyone with at least one finished sitting, by name (a supervisor's view per trainee).

        With `viewer_id`, a sitting that viewer has begun rating but not finished (some of its
        takes rated by them, completely, and not all) is held back, so figures never anchor the
        rest of a blind batch; `withheld` counts them."""
        with self._sessions() as s:
            ids = s.scalars(
                select(models.Assessment.profile_id)
                .where(models.Assessment.status.in_(SHOWN_STATUSES))
                .distinct()
            ).all()
        return [p for p in self._read(list(ids), viewer_id) if p.sittings or p.withheld]

    def _read(self, profile_ids: Sequence[int], viewer_id: int | None = None) -> list[PersonResults]:
        if not profile_ids:
            return []
        with self._sessions() as s:
            profiles = s.execute(
                select(models.Profile.id, models.Profile.name).where(models.Profile.id.in_(profile_ids))
            ).all()
            sittings = s.execute(
                select(models.Assessment, models.AssessmentSet.name)
                .join(models.AssessmentSet, models.AssessmentSet.id == models.Assessment.set_id)
                .where(
                    models.Assessment.profile_id.in_(profile_ids),
                    models.Assessment.status.in_(SHOWN_STATUSES),
                )
                .order_by(models.Assessment.started_at, models.Assessment.id)
            ).all()
            ids = [a.id for a, _ in sittings]
            take_counts: dict[int, int] = defaultdict(int)
            for (assessment_id,) in s.execute(
                select(models.AssessmentTake.assessment_id).where(
                    models.AssessmentTake.assessment_id.in_(ids)
                )
            ):
                take_counts[assessment_id] += 1
            rated = s.execute(
                select(
                    models.AssessmentTake.assessment_id,
                    models.AssessmentTake.id,
                    models.AssessmentTake.clip_id,
                    models.AssessmentRating,
                )
                .join(models.AssessmentRating, models.AssessmentRating.take_id == models.AssessmentTake.id)
                .where(models.AssessmentTake.assessment_id.in_(ids))
                # one order on every database: the sums below come out the same to the last bit
                .order_by(models.AssessmentTake.id, models.AssessmentRating.id)
            ).all()
            rows: dict[int, list[RatingRow]] = defaultdict(list)
            for assessment_id, take_id, clip_id, r in rated:
                scores = {k: getattr(r, k) for k in FACET_KEYS}
                rows[assessment_id].append(
                    RatingRow(take_id, clip_id, r.rater_profile_id, r.rater_role, scores)
                )
        by_person: dict[int, list[tuple[SittingResult, SittingFigures]]] = defaultdict(list)
        withheld: dict[int, int] = defaultdict(int)
        for a, set_name in sittings:
            if viewer_id is not None and _midway(rows[a.id], viewer_id, take_counts[a.id]):
                withheld[a.profile_id] += 1
                continue
            figures = sitting_figures(rows[a.id])
            by_person[a.profile_id].append((_sitting(a, set_name, take_counts[a.id], figures), figures))
        out = []
        for pid, name in sorted(profiles, key=lambda p: (p[1].casefold(), p[0])):
            pairs = by_person.get(pid, [])
            out.append(PersonResults(pid, name, tuple(r for r, _ in pairs), _change(pairs), withheld[pid]))
        return out


def _midway(rows: Sequence[RatingRow], viewer_id: int, takes: int) -> bool:
    """Has this viewer rated some of the sitting's takes blind (all eight facets), but not all?"""
    done = sum(1 for r in rows if r.rater_id == viewer_id and r.role == "rater" and is_complete(r.scores))
    return 0 < done < takes


def _sitting(a: models.Assessment, set_name: str, takes: int, f: SittingFigures) -> SittingResult:
    return SittingResult(
        assessment_id=a.id,
        uuid=a.uuid,
        occasion=a.occasion,
        status=a.status,
        started_at=a.started_at,
        set_id=a.set_id,
        set_name=set_name,
        takes=takes,
        rated_takes=len(f.take_totals),
        raters=f.raters,
        partial_ratings=f.partial,
        total=f.total,
        facets=f.facets,
        agreement=f.agreement,
        self_total=f.self_total,
        self_rated_takes=f.self_rated,
    )


def _change(pairs: Sequence[tuple[SittingResult, SittingFigures]]) -> ChangeResult | None:
    """The latest rated follow-up against the latest rated baseline taken before it."""
    rated = [(r, f) for r, f in pairs if r.total is not None]
    follow_ups = [p for p in rated if p[0].occasion == "follow_up"]
    if not follow_ups:
        return None
    follow, f_fig = follow_ups[-1]
    baselines = [p for p in rated if p[0].occasion == "baseline" and p[0].started_at <= follow.started_at]
    if not baselines:
        return None
    base, b_fig = baselines[-1]
    assert base.total is not None and follow.total is not None  # rated above
    paired = base.set_id == follow.set_id
    estimate = change(b_fig.take_totals, f_fig.take_totals, paired)
    words = change_words(base.total.value, follow.total.value, estimate)
    return ChangeResult(
        base.assessment_id,
        follow.assessment_id,
        base.total.value,
        follow.total.value,
        estimate,
        paired,
        words,
    )
