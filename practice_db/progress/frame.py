"""A period's attempts and ratings for one profile, fetched once, and every figure computed from them.

The Progress page needs volume, timings, weekly facet means, averages, breakdowns and calibration
for the same attempts. Asking SQLite for each in turn read the same rows ten times (a year of a
busy trainee: ~800 attempts, ~6,000 ratings). Here two lean queries (plain columns through the
connection, no ORM loading) fetch them once; the ratings become numpy arrays (scores with NaN
where a facet was not given), so each figure is a few grouped sums. The repository's single-figure
methods use the same functions, so there is one implementation of each figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, cast

import numpy as np
from sqlalchemy import BigInteger, ColumnElement, Integer, Select, case, func, literal, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.progress.calibration_pairs import facet_calibration
from practice_db.progress.records import (
    TOTAL,
    BreakdownRow,
    FacetAverage,
    FacetCalibration,
    FacetSeries,
    Period,
    RaterRole,
    TimingPoint,
    VolumeTotals,
    WeeklyMean,
    WeekVolume,
)
from practice_db.progress.sql import attempts_in, count_sessions_on, minutes
from practice_db.vocabulary import FACET_KEYS

A, R, C = models.Attempt, models.Rating, models.Clip
NF = len(FACET_KEYS)
ROLES: tuple[RaterRole, RaterRole] = ("self", "supervisor")  # role codes 0 and 1, in sort order

# Attempt row: id, started_at, session_id, duration_ms, speaking_ms, response_latency_ms,
# pause_count, pause_total_ms, presentation, difficulty.
AttemptRow = Sequence[Any]
RoleMeans = dict[tuple[str, str], tuple[float | None, int]]


@dataclass(frozen=True)
class Ratings:
    """One row per rating: its attempt's index in PeriodRows.attempts, role code, reaction."""

    attempt: np.ndarray  # intp; -1 when the attempts were not read
    role: np.ndarray  # intp: 0 self, 1 supervisor
    too_hard: np.ndarray  # bool
    reacted: np.ndarray  # bool: the rating gives a reaction (any)
    scores: np.ndarray  # float, one column per facet; a partial rating is NaN throughout


@dataclass(frozen=True)
class PeriodRows:
    profile_id: int
    period: Period
    attempts: Sequence[AttemptRow]  # in started_at, id order
    ratings: Ratings
    days: Sequence[date]  # each attempt's local date and week (worked out once: several
    weeks: Sequence[date]  # figures need them, and each is a time zone conversion)


def fetch_attempts(s: Session, profile_id: int, period: Period) -> list[AttemptRow]:
    query = (
        select(
            A.id,
            A.started_at,
            A.session_id,
            A.duration_ms,
            A.speaking_ms,
            A.response_latency_ms,
            A.pause_count,
            A.pause_total_ms,
            C.presentation,
            C.difficulty,
        )
        .join(C, C.id == A.clip_id)
        .where(attempts_in(profile_id, period.start_utc, period.end_utc))
        .order_by(A.started_at, A.id)
    )
    return list(s.connection().execute(query).all())


CODE_BITS = 27  # role 1 + reaction 2 + eight facets of 3 bits


def _packed() -> ColumnElement[int]:
    """A rating as one integer: its attempt id above CODE_BITS bits holding bit 0 the role
    (1 supervisor), bits 1-2 the reaction (0 none, 1 too hard, 2 other), then 3 bits per facet
    (0: not given). A busy year is ~6,000 ratings: one value each instead of eleven makes the read
    about 40 % faster, and numpy unpacks them all at once."""
    role = case((R.rater_role == "supervisor", 1), else_=0)
    reaction = case((R.reaction == "too_hard", 1), (R.reaction.is_(None), 0), else_=2)
    # INTEGER, not the columns' SMALLINT: PostgreSQL keeps SMALLINT through the products and overflows
    scores = sum(
        (sql_cast(func.coalesce(getattr(R, k), 0), Integer) * 8**i for i, k in enumerate(FACET_KEYS)),
        start=literal(0),
    )
    # 64-bit: PostgreSQL's INTEGER would overflow from attempt 16 on (SQLite's are always 64-bit)
    attempt: ColumnElement[int] = sql_cast(R.attempt_id, BigInteger) * 2**CODE_BITS
    return role + 2 * reaction + 8 * scores + attempt


PACKED = _packed()  # built once: the expression has ~40 parts and costs ~1 ms to build


def ratings_query(profile_id: int, period: Period) -> Select[int]:
    """Served by ix_ratings_attempt_scores alone: it covers every column read, in this order."""
    return (
        select(PACKED)
        .join(A, A.id == R.attempt_id)
        .where(attempts_in(profile_id, period.start_utc, period.end_utc))
        .order_by(A.started_at, A.id, R.id)
    )


def fetch_ratings(
    s: Session, profile_id: int, period: Period, attempt_ids: Sequence[int] | None = None
) -> Ratings:
    """`attempt_ids` are the period's attempts in the order read (when they were read)."""
    values = s.connection().execute(ratings_query(profile_id, period)).scalars().all()  # one fetchall
    packed = np.fromiter(values, dtype=np.int64, count=len(values))
    ids, code = (packed >> CODE_BITS).astype(np.intp), packed & (2**CODE_BITS - 1)
    scores = ((code[:, None] >> (3 + 3 * np.arange(NF))) & 7).astype(float)
    # A partial rating ("n of 8") counts in no figure: not in totals, charts, goals or calibration
    # (practice_db/scoring.py). Its row stays, for the check-in it may carry.
    scores[(scores == 0).any(axis=1)] = np.nan
    if attempt_ids:
        known = np.asarray(attempt_ids, dtype=np.intp)
        order = np.argsort(known)
        place = order[np.searchsorted(known, ids, sorter=order)]
    else:
        place = np.full(len(ids), -1, dtype=np.intp)
    reaction = (code >> 1) & 3
    return Ratings(place, (code & 1).astype(np.intp), reaction == 1, reaction != 0, scores)


def fetch(s: Session, profile_id: int, period: Period, ratings: bool = True) -> PeriodRows:
    """The period's attempts, and their ratings unless the figure needs none."""
    attempts = fetch_attempts(s, profile_id, period)
    if ratings:
        got = fetch_ratings(s, profile_id, period, [row[0] for row in attempts])
    else:
        none = np.zeros(0, dtype=np.intp)
        got = Ratings(none, none, np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), np.zeros((0, NF)))
    days = [period.local_date(row[1]) for row in attempts]
    return PeriodRows(profile_id, period, attempts, got, days, [period.week_of(day) for day in days])


# -- volume and timings ---------------------------------------------------------------------
def _spoken_ms(row: AttemptRow) -> int | None:
    return cast(int | None, row[4] if row[4] is not None else row[3])


def volume_totals(rows: PeriodRows) -> VolumeTotals:
    return VolumeTotals(
        attempts=len(rows.attempts),
        sessions=count_sessions_on(zip(rows.days, (r[2] for r in rows.attempts), strict=True)),
        practice_days=len(set(rows.days)),
        minutes_spoken=sum(minutes(_spoken_ms(r)) for r in rows.attempts),
    )


def weekly_volume(rows: PeriodRows) -> list[WeekVolume]:
    """Every week of the period (empty weeks too), counted from the period's first day."""
    period = rows.period
    by_week: dict[date, list[tuple[AttemptRow, date]]] = defaultdict(list)
    for row, day, week in zip(rows.attempts, rows.days, rows.weeks, strict=True):
        by_week[week].append((row, day))
    weeks = []
    week = period.start
    while week < period.end:
        items = by_week.get(week, [])
        sessions = count_sessions_on((day, r[2]) for r, day in items)
        weeks.append(WeekVolume(week, len(items), sessions, sum(minutes(_spoken_ms(r)) for r, _ in items)))
        week += timedelta(days=7)
    return weeks


def timings(rows: PeriodRows) -> list[TimingPoint]:
    return [TimingPoint(r[0], r[1], r[5], r[4], r[6], r[7]) for r in rows.attempts]


# -- ratings --------------------------------------------------------------------------------
def _weeks(rows: PeriodRows) -> tuple[list[date], np.ndarray]:
    """The period's weeks that have attempts, and each attempt's place among them."""
    slots = sorted(set(rows.weeks))
    index = {w: i for i, w in enumerate(slots)}
    return slots, np.array([index[w] for w in rows.weeks], dtype=np.intp)


def _given(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores with 0 where not given (safe to sum), and 1 where given (to count)."""
    given = ~np.isnan(scores)
    return np.where(given, scores, 0.0), given.astype(float)


def _group_sums(group: np.ndarray, scores: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group and facet: the sum of the given scores and how many there were."""
    values, counts = _given(scores)
    total = np.column_stack([np.bincount(group, values[:, i], groups) for i in range(NF)])
    n = np.column_stack([np.bincount(group, counts[:, i], groups) for i in range(NF)])
    return total.reshape(groups, NF), n.reshape(groups, NF)


def facet_weekly(rows: PeriodRows) -> list[FacetSeries]:
    """Weekly means per facet and rater role (groups are 2 * week + role, in sorted order)."""
    slots, week_of = _weeks(rows)
    r = rows.ratings
    total, n = _group_sums(2 * week_of[r.attempt] + r.role, r.scores, 2 * len(slots))
    out = []
    for i, facet in enumerate(FACET_KEYS):
        weekly = tuple(
            WeeklyMean(slots[g // 2], ROLES[g % 2], float(total[g, i]) / int(n[g, i]), int(n[g, i]))
            for g in np.flatnonzero(n[:, i]).tolist()
        )
        out.append(FacetSeries(facet, (), weekly))
    return out


def role_means(ratings: Ratings) -> RoleMeans:
    """Per (rater role, facet): the mean score and how many ratings gave it."""
    total, n = _group_sums(ratings.role, ratings.scores, len(ROLES))
    out: RoleMeans = {}
    for g, role in enumerate(ROLES):
        for i, key in enumerate(FACET_KEYS):
            count = int(n[g, i])
            out[(role, key)] = (float(total[g, i]) / count if count else None, count)
    return out


def facet_averages(now: RoleMeans, before: RoleMeans) -> list[FacetAverage]:
    """Per facet and rater role, the period's mean and the previous equal period's mean."""
    out = []
    for key in FACET_KEYS:
        own, sup = now.get(("self", key), (None, 0)), now.get(("supervisor", key), (None, 0))
        out.append(
            FacetAverage(
                key,
                own[0],
                own[1],
                sup[0],
                sup[1],
                before.get(("self", key), (None, 0))[0],
                before.get(("supervisor", key), (None, 0))[0],
            )
        )
    return out


def breakdown(rows: PeriodRows, by: Literal["presentation", "difficulty"]) -> list[BreakdownRow]:
    """Attempts, mean overall self/supervisor score and 'too hard' count per group.

    A rating's overall score is the mean of all eight facets; partial ratings are left out.
    """
    col = 8 if by == "presentation" else 9
    keys = sorted({a[col] for a in rows.attempts})
    place = {k: i for i, k in enumerate(keys)}
    group_of = np.array([place[a[col]] for a in rows.attempts], dtype=np.intp)
    attempts = np.bincount(group_of, minlength=len(keys))
    r = rows.ratings
    rated = ~np.isnan(r.scores).any(axis=1)
    overall = r.scores[rated].mean(axis=1)
    group = 2 * group_of[r.attempt[rated]] + r.role[rated]
    n = np.bincount(group, minlength=2 * len(keys))
    total = np.bincount(group, weights=overall, minlength=2 * len(keys))
    hard = np.bincount(group_of[np.unique(r.attempt[r.too_hard])], minlength=len(keys))
    return [
        BreakdownRow(
            str(key),
            int(attempts[g]),
            float(total[2 * g]) / int(n[2 * g]) if n[2 * g] else None,
            float(total[2 * g + 1]) / int(n[2 * g + 1]) if n[2 * g + 1] else None,
            int(hard[g]),
        )
        for g, key in enumerate(keys)
    ]


def calibration(rows: PeriodRows) -> list[FacetCalibration]:
    """The total, then each facet: pairs of one attempt's self score and its supervisors' mean
    score, from complete ratings only (partial ones are NaN already, see fetch_ratings)."""
    r, count = rows.ratings, len(rows.attempts)
    own = np.full((count, NF), np.nan)
    mine = r.role == 0
    np.fmax.at(own, r.attempt[mine], r.scores[mine])  # fmax skips NaN: the highest self score given
    theirs = r.role == 1
    total, n = _group_sums(r.attempt[theirs], r.scores[theirs], count)
    with np.errstate(invalid="ignore", divide="ignore"):
        sup = total / n
    origin = rows.period.start_utc
    days = np.array([(a[1] - origin).total_seconds() / 86400 for a in rows.attempts], dtype=float)
    slots, week_of = _weeks(rows)
    # The total first: the mean of all eight (NaN unless both sides rated every facet).
    columns = [(TOTAL, own.mean(axis=1), sup.mean(axis=1))]
    columns += [(key, own[:, i], sup[:, i]) for i, key in enumerate(FACET_KEYS)]
    out = []
    for key, mine_i, theirs_i in columns:
        both = np.flatnonzero(~np.isnan(mine_i) & ~np.isnan(theirs_i))  # in time order
        out.append(facet_calibration(key, days[both], week_of[both], slots, mine_i[both], theirs_i[both]))
    return out
