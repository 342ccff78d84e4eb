"""Criteria verdicts on a real migrated database: saved, read back, checked, left alone.

The raw reads cast to TEXT: PostgreSQL's driver hands a JSON column back parsed, SQLite's as text."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from practice_db.errors import ValidationError
from practice_db.records import CriterionVerdict, NewClip, RatingInput
from practice_db.store import PracticeStore

CRITERIA = ("Names the anger without defending", "Keeps an even tone", "Asks what they need now")


def _attempt(store: PracticeStore) -> tuple[int, int, int]:
    dana = store.profiles.create("Dana", "clinician").id
    sam = store.profiles.create("Sam", "supervisor").id
    clip = store.clips.add(
        NewClip(
            title="Kept waiting",
            presentation="hostile",
            difficulty=1,
            media_path="clips/x.ogg",
            content_hash="hash-x",
            criteria=CRITERIA,
        )
    ).id
    return dana, sam, store.attempts.begin(dana, clip, None, "recordings/x.wav").id


def test_verdicts_round_trip_and_stay_apart_per_rater(store: PracticeStore) -> None:
    dana, sam, attempt = _attempt(store)
    mine = (CriterionVerdict(CRITERIA[0], "met"), CriterionVerdict(CRITERIA[2], "partly"))
    saved = store.ratings.save(attempt, dana, RatingInput(scores={"empathy": 4}, criteria_verdicts=mine))
    assert saved.criteria_verdicts == mine
    theirs = (CriterionVerdict(CRITERIA[0], "not_met"),)
    store.ratings.save(attempt, sam, RatingInput(scores={"empathy": 2}, criteria_verdicts=theirs))
    by_role = {r.rater_role: r for r in store.ratings.for_attempt(attempt)}
    assert by_role["self"].criteria_verdicts == mine
    assert by_role["self"].verdict_for(CRITERIA[2]) == "partly"
    assert by_role["self"].verdict_for(CRITERIA[1]) is None  # not judged yet
    assert by_role["supervisor"].criteria_verdicts == theirs
    with store.engine.connect() as conn:  # the stored shape is the one the migration documents
        sql = "SELECT CAST(criteria_verdicts AS TEXT) FROM ratings WHERE rater_profile_id = :p"
        raw = conn.execute(text(sql), {"p": sam}).scalar_one()
    assert raw == '[{"criterion": "Names the anger without defending", "verdict": "not_met"}]'


def test_a_form_without_criteria_keeps_them_and_an_empty_list_clears_them(store: PracticeStore) -> None:
    dana, _sam, attempt = _attempt(store)
    verdicts = (CriterionVerdict(CRITERIA[1], "met"),)
    store.ratings.save(attempt, dana, RatingInput(criteria_verdicts=verdicts))
    # a facet change from a form that doesn't show the criteria (None) leaves them as they are
    again = store.ratings.save(attempt, dana, RatingInput(scores={"hope": 3}, note="later"))
    assert again.criteria_verdicts == verdicts and again.scores["hope"] == 3
    cleared = store.ratings.save(attempt, dana, RatingInput(scores={"hope": 3}, criteria_verdicts=()))
    assert cleared.criteria_verdicts == ()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT CAST(criteria_verdicts AS TEXT) FROM ratings")).scalar_one() == "[]"


def test_a_rating_without_verdicts_is_valid(store: PracticeStore) -> None:
    dana, _sam, attempt = _attempt(store)
    saved = store.ratings.save(attempt, dana, RatingInput(scores={"warmth": 5}))
    assert saved.criteria_verdicts == () and saved.scores["warmth"] == 5
    with store.engine.connect() as conn:  # never judged: NULL, as for ratings from before 0006
        assert conn.execute(text("SELECT criteria_verdicts FROM ratings")).scalar_one() is None


@pytest.mark.parametrize(
    ("verdicts", "words"),
    [
        ((CriterionVerdict(CRITERIA[0], "maybe"),), "met, partly met or not met"),
        ((CriterionVerdict("   ", "met"),), "needs its wording"),
        ((CriterionVerdict("x" * 1001, "met"),), "under 1000 characters"),
        ((CriterionVerdict(CRITERIA[0], "met"), CriterionVerdict(CRITERIA[0], "partly")), "judged twice"),
        (tuple(CriterionVerdict(f"criterion {i}", "met") for i in range(21)), "at most 20"),
    ],
)
def test_bad_verdicts_get_a_plain_message_and_change_nothing(
    store: PracticeStore, verdicts: tuple[CriterionVerdict, ...], words: str
) -> None:
    dana, _sam, attempt = _attempt(store)
    good = (CriterionVerdict(CRITERIA[0], "partly"),)
    store.ratings.save(attempt, dana, RatingInput(scores={"empathy": 3}, criteria_verdicts=good))
    with pytest.raises(ValidationError, match=words):
        store.ratings.save(attempt, dana, RatingInput(scores={"empathy": 1}, criteria_verdicts=verdicts))
    [kept] = store.ratings.for_attempt(attempt)
    assert kept.criteria_verdicts == good and kept.scores["empathy"] == 3  # nothing lost


def test_a_damaged_stored_entry_does_not_hide_the_rest(store: PracticeStore) -> None:
    dana, _sam, attempt = _attempt(store)
    store.ratings.save(attempt, dana, RatingInput(scores={"empathy": 3}))
    damaged = '[{"criterion": "Keeps an even tone", "verdict": "met"}, {"verdict": "partly"}, 7]'
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE ratings SET criteria_verdicts = :v"), {"v": damaged})
    [rating] = store.ratings.for_attempt(attempt)
    assert rating.criteria_verdicts == (CriterionVerdict("Keeps an even tone", "met"),)
