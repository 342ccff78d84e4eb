"""Two people (two computers: two PracticeStore objects on one database) editing the same row:
the second save is refused with EditConflict carrying the first's values; nothing is overwritten.
Run on SQLite and on PostgreSQL (the `store` fixture)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app.clips.details import details_of, save_details
from practice_db import models
from practice_db.engine import make_engine
from practice_db.errors import EditConflict
from practice_db.progress.records import NewGoal
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.versioning import NEW_ROW
from tests.support.seeding import add_clip
from tests.support.taking_world import make_set


@pytest.fixture
def other(store: PracticeStore) -> Iterator[PracticeStore]:
    """A second computer on the same database."""
    second = PracticeStore(make_engine(store.engine.url.render_as_string(hide_password=False)))
    yield second
    second.close()


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
            criteria=("Names the anger",),
        )
    ).id
    return dana, sam, store.attempts.begin(dana, clip, None, "recordings/x.wav").id


def _version(store: PracticeStore, table: str, row_id: int) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.execute(text(f"SELECT version FROM {table} WHERE id = :i"), {"i": row_id}).scalar_one()
        )


def _just_before_flush(store: PracticeStore, attr: str, meanwhile: Callable[[], object]) -> None:
    """Run `meanwhile` (the other computer's save) once, after this store's save has read the
    row and just before it writes: the race the version check must catch."""
    sessions = getattr(store, attr)._sessions
    done: list[bool] = []

    def hook(_session: Session, _context: Any, _instances: Any) -> None:
        if not done:
            done.append(True)
            meanwhile()

    event.listen(sessions, "before_flush", hook)


def test_the_second_save_of_a_rating_is_told_and_shown_the_first(
    store: PracticeStore, other: PracticeStore
) -> None:
    _dana, sam, attempt = _attempt(store)
    first = store.ratings.save(attempt, sam, RatingInput(scores={"empathy": 3}), NEW_ROW)
    assert first.version == 1
    # Both computers open the same rating (version 1); both change it.
    mine, theirs = store.ratings.get(attempt, sam), other.ratings.get(attempt, sam)
    assert mine is not None and theirs is not None and mine.version == theirs.version == 1
    won = store.ratings.save(attempt, sam, RatingInput(scores={"empathy": 5}, went_well="Calm"), mine.version)
    assert won.version == 2
    with pytest.raises(EditConflict) as told:
        other.ratings.save(
            attempt, sam, RatingInput(scores={"empathy": 1}, went_well="Rushed"), theirs.version
        )
    assert told.value.current.scores["empathy"] == 5 and told.value.current.went_well == "Calm"
    assert told.value.current.version == 2
    assert "changed elsewhere" in str(told.value)
    stored = other.ratings.get(attempt, sam)
    assert stored is not None and stored.went_well == "Calm" and stored.version == 2  # nothing lost
    # "Use mine": saving again from the version now shown wins, one version up.
    again = other.ratings.save(attempt, sam, RatingInput(scores={"empathy": 1}), told.value.current.version)
    assert again.version == 3 and again.scores["empathy"] == 1


def test_versions_go_up_by_one_per_save(store: PracticeStore) -> None:
    dana, _sam, attempt = _attempt(store)
    version = NEW_ROW
    for n in range(1, 5):
        saved = store.ratings.save(attempt, dana, RatingInput(scores={"hope": n}), version)
        assert saved.version == version + 1 == _version(store, "ratings", saved.id)
        version = saved.version
    # A caller that doesn't know the version (None) still bumps it.
    assert store.ratings.save(attempt, dana, RatingInput(scores={"hope": 5})).version == 5


def test_a_rating_created_elsewhere_meanwhile_is_a_conflict_not_a_crash(
    store: PracticeStore, other: PracticeStore
) -> None:
    _dana, sam, attempt = _attempt(store)
    # Both opened the attempt before either had rated it.
    other.ratings.save(attempt, sam, RatingInput(scores={"warmth": 4}, went_well="Theirs"), NEW_ROW)
    with pytest.raises(EditConflict) as told:
        store.ratings.save(attempt, sam, RatingInput(scores={"warmth": 2}), NEW_ROW)
    assert told.value.current.went_well == "Theirs" and told.value.current.version == 1


@pytest.mark.parametrize("expected", [NEW_ROW, None])
def test_the_insert_race_on_the_unique_key_becomes_a_conflict(
    store: PracticeStore, other: PracticeStore, expected: int | None
) -> None:
    _dana, sam, attempt = _attempt(store)
    # This save reads "no rating yet"; the other computer inserts before it writes.
    _just_before_flush(
        store,
        "ratings",
        lambda: other.ratings.save(attempt, sam, RatingInput(scores={"hope": 4}, went_well="First"), NEW_ROW),
    )
    with pytest.raises(EditConflict) as told:
        store.ratings.save(attempt, sam, RatingInput(scores={"hope": 1}, went_well="Second"), expected)
    assert told.value.current.went_well == "First" and told.value.current.version == 1
    rows = other.ratings.for_attempt(attempt)
    assert [(r.went_well, r.version) for r in rows] == [("First", 1)]


def test_an_update_that_loses_the_race_after_reading_is_a_conflict(
    store: PracticeStore, other: PracticeStore
) -> None:
    dana, _sam, attempt = _attempt(store)
    store.ratings.save(attempt, dana, RatingInput(scores={"hope": 2}), NEW_ROW)
    _just_before_flush(
        store, "ratings", lambda: other.ratings.save(attempt, dana, RatingInput(note="theirs"), 1)
    )
    with pytest.raises(EditConflict) as told:
        store.ratings.save(attempt, dana, RatingInput(note="mine"), 1)
    assert told.value.current.note == "theirs" and told.value.current.version == 2


def test_goals_conflict_the_same_way(store: PracticeStore, other: PracticeStore) -> None:
    dana, sam, _attempt_id = _attempt(store)
    goal = store.goals.add(
        NewGoal(dana, sam, "practice_frequency", {"sessions_per_week": 2}, date(2026, 1, 1), date(2026, 3, 1))
    )
    assert goal.version == 1
    opened_here, opened_there = store.goals.get(goal.id), other.goals.get(goal.id)
    changed = store.goals.update(
        goal.id, sam, params={"sessions_per_week": 3}, expected_version=opened_here.version
    )
    assert changed.version == 2
    with pytest.raises(EditConflict) as told:
        other.goals.update(goal.id, dana, note="my note", expected_version=opened_there.version)
    assert told.value.current.params["sessions_per_week"] == 3 and told.value.current.note == ""
    assert other.goals.get(goal.id).note == ""
    assert other.goals.update(goal.id, dana, note="my note", expected_version=2).version == 3
    assert _version(store, "goals", goal.id) == 3


def test_clip_details_conflict_and_a_facet_change_alone_bumps_the_version(
    store: PracticeStore, other: PracticeStore
) -> None:
    clip = store.clips.add(
        NewClip("Own clip", "hostile", 1, "clips/own.ogg", "hash-own", statement="It's been a year.")
    )
    assert clip.version == 1
    both = details_of(clip)
    saved = save_details(store, clip.id, replace(both, facets=("empathy",)), clip.version)
    assert saved.version == 2 and saved.facets == ("empathy",)  # only clip_facets rows changed
    with pytest.raises(EditConflict) as told:
        save_details(other, clip.id, replace(both, title="Their title"), clip.version)
    assert told.value.current.facets == ("empathy",) and told.value.current.title == "Own clip"
    assert other.clips.get(clip.id).title == "Own clip"
    # An unchanged save writes nothing and keeps the version.
    assert save_details(store, clip.id, details_of(saved), saved.version).version == 2


def test_assessment_ratings_conflict_too(store: PracticeStore, other: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician")
    sam = store.profiles.create("Sam", "supervisor")
    set_id = make_set(store, [add_clip(store, "a1", "hostile", 1)])
    sitting = store.assessment_sittings.start(dana.id, set_id)
    take = store.assessment_sittings.begin_take(sitting.id, 0, "recordings/t.wav")
    store.assessment_sittings.finish_take(take.id, TakeFacts("recordings/t.wav", 3000))
    store.assessment_sittings.end(sitting.id, "complete")
    blind = store.assessment_ratings.save_blind(take.id, sam.id, {"hope": 3}, NEW_ROW)
    assert blind.version == 1
    store.assessment_ratings.save_blind(take.id, sam.id, {"hope": 4}, 1)
    with pytest.raises(EditConflict) as told:
        other.assessment_ratings.save_blind(take.id, sam.id, {"hope": 1}, 1)
    assert told.value.current.scores["hope"] == 4 and told.value.current.version == 2
    own = store.assessment_sittings.save_self_rating(take.id, dana.id, {"warmth": 2}, NEW_ROW)
    with pytest.raises(EditConflict):
        other.assessment_sittings.save_self_rating(take.id, dana.id, {"warmth": 5}, NEW_ROW)
    assert other.assessment_ratings.save_self(take.id, dana.id, {"warmth": 5}, own.version).version == 2


def test_a_profile_merge_bumps_the_versions_it_moves(store: PracticeStore) -> None:
    dana, sam, attempt = _attempt(store)
    saved = store.ratings.save(attempt, sam, RatingInput(scores={"hope": 2}), NEW_ROW)
    goal = store.goals.add(
        NewGoal(dana, sam, "practice_frequency", {"sessions_per_week": 2}, date(2026, 1, 1), date(2026, 3, 1))
    )
    twin = store.profiles.create("Sam (2)", "supervisor").id
    store.profiles.merge(twin, sam)  # Sam's rating and the goal Sam set move to the twin
    assert _version(store, "ratings", saved.id) == saved.version + 1
    assert _version(store, "goals", goal.id) == goal.version + 1
    with pytest.raises(EditConflict):  # a form still open on the old rating is told
        store.ratings.save(attempt, twin, RatingInput(scores={"hope": 5}), saved.version)


def test_any_orm_update_bumps_the_version_even_without_a_check(store: PracticeStore) -> None:
    """Bundle imports, the starter-pack refresh and merges write through the ORM or by hand: a
    form open on the row is told either way."""
    dana, _sam, attempt = _attempt(store)
    saved = store.ratings.save(attempt, dana, RatingInput(scores={"hope": 2}), NEW_ROW)
    with Session(store.engine) as s, s.begin():  # as a bundle import updates a rating
        row = s.get(models.Rating, saved.id)
        assert row is not None
        row.note = "from a bundle"
    assert _version(store, "ratings", saved.id) == 2
    clip = store.clips.add(NewClip("Starter", "hostile", 1, "clips/s.ogg", "hash-s", source="starter"))
    changed = store.clips.update_guidance(
        clip.id, title="Starter", statement="New words", facets=(), criteria=(), example_response=None
    )
    assert changed and _version(store, "clips", clip.id) == 2
    with pytest.raises(EditConflict):
        store.ratings.save(attempt, dana, RatingInput(scores={"hope": 5}), saved.version)
