"""The goal kinds: their parameters (validated and normalised) and a plain sentence for each.

Parameters live in one JSON column, so every kind is checked here on the way in and the
stored dict always has every key filled (defaults included), never anything else.

`challenge_level` ("reach a level with good-challenge check-ins") replaced a goal that rewarded
fewer "too hard" check-ins, which taught people to hide distress. It is met by `recent` attempts
(the name is kept from the old kind, whose goals migration 0006 turned into this one) at
`level` or harder, at the `presentation`'s clips if one is set, that the person checked in as
"a good challenge" or "too easy" within the goal's dates. A "too hard" check-in is never counted
against it: it simply does not add to the count.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from practice_db.errors import ValidationError
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_KEYS, FACET_LABELS, PRESENTATION_LABELS

GOAL_KINDS: tuple[str, ...] = ("facet_share", "practice_frequency", "challenge_level", "mean_score")
ALL_FACETS = "all"  # mean_score on the overall score (mean of the eight facets)
MAX_GOAL_DAYS = 366 * 2
MAX_NOTE = 2000
CHALLENGE_LEVELS = (2, 3)  # a level to reach: intermediate or advanced


def _int(params: Mapping[str, object], key: str, default: int | None, lo: int, hi: int, what: str) -> int:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ValidationError(f"Please give {what} as a whole number.")
    if not lo <= int(value) <= hi:
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be between {lo} and {hi}.")
    return int(value)


def _rater(params: Mapping[str, object]) -> str:
    rater = params.get("rater", "supervisor")
    if rater not in ("self", "supervisor"):
        raise ValidationError("A score goal is measured on your own ratings or your supervisor's.")
    return str(rater)


def _facet(params: Mapping[str, object], allow_all: bool) -> str:
    facet = params.get("facet")
    if facet in FACET_KEYS or (allow_all and facet == ALL_FACETS):
        return str(facet)
    raise ValidationError("Please choose which facet the goal is about.")


def normalise_params(kind: str, params: Mapping[str, object]) -> dict[str, object]:
    """Return the complete parameter dict for `kind`, or raise ValidationError in plain words."""
    if kind == "facet_share":
        return {
            "facet": _facet(params, allow_all=False),
            "min_score": _int(params, "min_score", None, 1, 5, "the score to reach"),
            "share_percent": _int(params, "share_percent", None, 1, 100, "the share of attempts"),
            "rater": _rater(params),
            "min_attempts": _int(params, "min_attempts", 3, 1, 1000, "the number of attempts needed"),
        }
    if kind == "practice_frequency":
        return {"sessions_per_week": _int(params, "sessions_per_week", None, 1, 21, "sessions a week")}
    if kind == "challenge_level":
        presentation = params.get("presentation")
        if presentation is not None and presentation not in PRESENTATION_LABELS:
            raise ValidationError("Please choose one of the listed client presentations.")
        return {
            "presentation": presentation,
            "level": _int(
                params, "level", 2, CHALLENGE_LEVELS[0], CHALLENGE_LEVELS[-1], "the level to reach"
            ),
            "recent": _int(params, "recent", 3, 1, 50, "the number of good challenges"),
        }
    if kind == "mean_score":
        min_mean = params.get("min_mean")
        if isinstance(min_mean, bool) or not isinstance(min_mean, int | float) or not 1 <= min_mean <= 5:
            raise ValidationError("The average to reach must be between 1 and 5.")
        return {
            "facet": _facet(params, allow_all=True),
            "min_mean": round(float(min_mean), 2),
            "rater": _rater(params),
            "min_attempts": _int(params, "min_attempts", 3, 1, 1000, "the number of attempts needed"),
        }
    raise ValidationError(f"Unknown kind of goal {kind!r}.")


def validate_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError("A goal's end date must not be before its start date.")
    if (ends_on - starts_on).days > MAX_GOAL_DAYS:
        raise ValidationError("Please keep a goal to two years or less; shorter goals work better.")


def clean_note(note: str) -> str:
    cleaned = note.strip()
    if len(cleaned) > MAX_NOTE:
        raise ValidationError(f"Please keep the goal's note under {MAX_NOTE} characters.")
    return cleaned


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _by_whom(rater: object) -> str:
    return "by your supervisor" if rater == "supervisor" else "by yourself"


def challenge_counts(level: object, count: object) -> str:
    """What a challenge-level goal counts, e.g. '3 good challenges at intermediate or above'
    (a 'too easy' check-in at that level counts as well; the status line says so)."""
    number = int(level) if isinstance(level, int | float) else CHALLENGE_LEVELS[0]
    name = DIFFICULTY_LABELS[number].lower()
    where = name if number == max(DIFFICULTY_LABELS) else f"{name} or above"
    return f"{count} good challenge{'' if count == 1 else 's'} at {where}"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def describe(kind: str, params: Mapping[str, object], starts_on: date, ends_on: date) -> str:
    """One sentence a trainee and supervisor both recognise, e.g. for the export."""
    span = f"from {_day(starts_on)} to {_day(ends_on)}"
    if kind == "facet_share":
        facet = FACET_LABELS[str(params["facet"])]
        return (
            f"{facet} rated {params['min_score']} or higher {_by_whom(params['rater'])} "
            f"in {params['share_percent']}% of attempts, {span}"
        )
    if kind == "practice_frequency":
        count = params["sessions_per_week"]
        return f"Practise {count} session{'' if count == 1 else 's'} a week, {span}"
    if kind == "challenge_level":
        level = params.get("level")
        reach = DIFFICULTY_LABELS[int(level)].lower() if isinstance(level, int) else "a level"
        presentation = params.get("presentation")
        clips = (
            f" on {PRESENTATION_LABELS[presentation].lower()} clips" if isinstance(presentation, str) else ""
        )
        return f"Reach {reach}{clips}: {challenge_counts(level, params['recent'])}, {span}"
    if kind == "mean_score":
        chosen = str(params["facet"])
        what = "Overall score" if chosen == ALL_FACETS else FACET_LABELS[chosen]
        return f"{what} averaging {_num(params['min_mean']):.1f} or more {_by_whom(params['rater'])}, {span}"
    return kind
