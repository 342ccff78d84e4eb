"""The FIS assessment in bundles, on real data folders: trainee -> review bundle (sittings, takes,
self-ratings) -> rater -> feedback bundle (the rater's ratings) -> trainee. Idempotent, older
bundles still open, hostile assessment sections refused with nothing half-imported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bundles.errors import BundleError
from app.bundles.export import export_feedback_bundle, export_review_bundle
from app.bundles.import_feedback import import_feedback_bundle
from app.bundles.import_review import import_review_bundle
from app.bundles.workflow import BundleWorkflow
from practice_db import models
from tests.support.assessment_bundle_world import (
    BUILTIN_SIZE,
    builtin_set,
    own_set,
    rate,
    ratings,
    sit,
    sittings,
    takes_of,
)
from tests.support.both_databases import DATABASES, world_url
from tests.support.bundle_world import (
    World,
    listing,
    members,
    open_world,
    own_clip,
    record_attempt,
    repack,
    row_counts,
)


@pytest.fixture(params=DATABASES)
def worlds(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: Path
) -> Iterator[tuple[World, World]]:
    """Two computers, both on SQLite files, then both on PostgreSQL databases (clinic mode)."""
    trainee = open_world(tmp_path / "A", template_db, url=world_url(request, template_db))
    rater = open_world(tmp_path / "B", template_db, url=world_url(request, template_db))
    builtin_set(trainee)
    builtin_set(rater)  # installed on both computers, each under its own set id
    yield trainee, rater
    trainee.close()
    rater.close()


def _trainee(a: World) -> tuple[int, int, list[int]]:
    """Dana: one practice attempt, a complete baseline on the built-in set (self-rated once) and
    an incomplete follow-up on her programme's own set. Returns (dana, attempt, baseline takes)."""
    dana = a.store.profiles.create("Dana Lee", "clinician").id
    attempt = record_attempt(a, dana, own_clip(a), seed=3)
    with Session(a.store.engine) as s:
        builtin = s.scalar(select(models.AssessmentSet.id).where(models.AssessmentSet.builtin))
    assert builtin is not None
    baseline = sit(a, dana, builtin, "baseline", "complete")
    sit(a, dana, own_set(a), "follow_up", "incomplete", takes=1)
    rate(a, baseline[0], dana, "self", 2)
    return dana, attempt, baseline


def _clip_flags(world: World) -> dict[str, bool]:
    with Session(world.store.engine) as s:
        return {row.title: row.assessment_only for row in s.scalars(select(models.Clip))}


def _manifest(bundle: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(members(bundle)["manifest.json"])
    return data


def test_assessment_round_trip_trainee_rater_trainee(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana, attempt, baseline = _trainee(a)
    review = tmp_path / "review.prbundle"
    summary = export_review_bundle(a.store, a.paths, dana, [attempt], review)
    assert "2 assessments" in summary.message()
    data = _manifest(review)
    assert data["format_version"] == "1.2"  # optional sections: no version bump
    assert [x["occasion"] for x in data["assessments"]] == ["baseline", "follow_up"]
    # the built-in set's clips travel as entries only; the programme's own clips with their files
    media = {c["title"]: c["media"] for c in data["assessment_clips"]}
    assert sum(m is None for m in media.values()) == BUILTIN_SIZE
    assert all(media[f"Programme clip {i}"] for i in (1, 2))
    assert all(c["assessment_only"] for c in data["assessment_clips"])
    recorded = [t for x in data["assessments"] for t in x["takes"] if t["recording"]]
    assert recorded and all(t["recording"].endswith(".ogg") for t in recorded)  # compressed as practice takes

    sets_before = row_counts(b.store)["assessment_sets"]
    outcome = import_review_bundle(b.store, b.paths, review).outcome
    assert outcome.attempts_added == 1
    assert outcome.assessment.sittings_added == 2
    assert outcome.assessment.takes_added == BUILTIN_SIZE + 1
    assert outcome.assessment.sets_added == 1  # the built-in set matched the one installed here
    assert row_counts(b.store)["assessment_sets"] == sets_before + 1
    assert sittings(a) == sittings(b)
    here = takes_of(b)
    assert {u: (st, pos) for u, (st, pos, _) in here.items()} == {
        u: (st, pos) for u, (st, pos, _) in takes_of(a).items()
    }
    for status, _, path in here.values():
        assert (path is None) == (status == "no_reply")
        assert path is None or (b.paths.home / path).is_file()
    flags = _clip_flags(b)
    assert flags["Programme clip 1"] and flags["Programme clip 2"]  # new clips stay out of practice
    with Session(b.store.engine) as s:  # the programme's clips came with their files
        found = list(s.scalars(select(models.Clip.media_path).where(models.Clip.title.like("Programme%"))))
        assert len(found) == 2 and all(m and (b.paths.home / m).is_file() for m in found)
    assert ratings(b, "self") == ratings(a, "self")

    # importing the same bundle twice changes nothing
    counts, files = row_counts(b.store), listing(b.paths)
    again = import_review_bundle(b.store, b.paths, review)
    assert not again.outcome.changed_anything
    assert again.outcome.assessment.sittings_already_here == 2
    assert row_counts(b.store) == counts and listing(b.paths) == files

    # the rater (a supervisor on B) rates the baseline takes blind, then sends the ratings back
    kim = b.store.profiles.create("Dr Kim", "supervisor").id
    dana_b = b.store.profiles.by_uuid(a.store.profiles.get(dana).uuid)
    assert dana_b is not None
    with Session(b.store.engine) as s:
        take_ids = {t.uuid: t.id for t in s.scalars(select(models.AssessmentTake))}
    uuids = list(ratings(a, "self")) + [u for u in takes_of(a) if u not in ratings(a, "self")]
    for u in uuids[:3]:
        rate(b, take_ids[u], kim, "rater", 4)
    listed = BundleWorkflow(b.paths).trainees_with_feedback(b.store, kim)
    assert [(t.name, t.rated_attempts) for t in listed] == [("Dana Lee", 3)]  # offered in the send dialog
    feedback = tmp_path / "feedback.prbundle"
    sent = export_feedback_bundle(b.store, kim, dana_b.id, feedback)
    assert "3 assessment ratings" in sent.message()
    summary = import_feedback_bundle(a.store, a.paths, feedback)
    assert summary.message() == (
        "Assessment results from Dr Kim. 3 new or updated ratings of your assessment replies."
    )
    back = summary.outcome
    assert back.assessment.ratings_added == 3
    kim_uuid = b.store.profiles.get(kim).uuid
    assert ratings(a, "rater") == {u: (kim_uuid, 4, 4) for u in uuids[:3]}
    assert a.store.profiles.by_uuid(kim_uuid) is not None
    assert ratings(a, "self") == ratings(b, "self")  # the trainee's own rating is untouched

    counts = row_counts(a.store)
    assert not import_feedback_bundle(a.store, a.paths, feedback).outcome.changed_anything
    assert row_counts(a.store) == counts

    # a newer rating wins; the older bundle imported afterwards undoes nothing
    rate(b, take_ids[uuids[0]], kim, "rater", 5)
    newer = tmp_path / "feedback-2.prbundle"
    export_feedback_bundle(b.store, kim, dana_b.id, newer)
    assert import_feedback_bundle(a.store, a.paths, newer).outcome.assessment.ratings_updated == 1
    assert import_feedback_bundle(a.store, a.paths, feedback).outcome.assessment.ratings_unchanged == 3
    assert ratings(a, "rater")[uuids[0]] == (kim_uuid, 5, 5)


def test_assessments_alone_travel_and_can_be_left_out(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana, attempt, _ = _trainee(a)
    alone = tmp_path / "alone.prbundle"
    export_review_bundle(a.store, a.paths, dana, [], alone)  # no practice attempt chosen
    assert _manifest(alone)["attempts"] == []
    outcome = import_review_bundle(b.store, b.paths, alone).outcome
    assert outcome.assessment.sittings_added == 2 and outcome.attempts_added == 0
    without = tmp_path / "without.prbundle"
    export_review_bundle(a.store, a.paths, dana, [attempt], without, include_assessments=False)
    assert "assessments" not in _manifest(without)
    with pytest.raises(BundleError, match="at least one attempt"):
        export_review_bundle(a.store, a.paths, dana, [], tmp_path / "x.prbundle", include_assessments=False)


def test_an_older_bundle_without_the_sections_imports(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana, attempt, _ = _trainee(a)
    review = tmp_path / "review.prbundle"
    export_review_bundle(a.store, a.paths, dana, [attempt], review)
    items = members(review)
    data = json.loads(items["manifest.json"])
    takes = {t["recording"] for x in data["assessments"] for t in x["takes"] if t["recording"]}
    for key in ("assessment_clips", "assessment_sets", "assessments", "assessment_ratings"):
        del data[key]
    data["format_version"] = "1.1"
    items = {k: v for k, v in items.items() if k not in takes and not k.startswith("clips/")}
    items["manifest.json"] = json.dumps(data).encode()
    old = repack(tmp_path / "old.prbundle", items)
    outcome = import_review_bundle(b.store, b.paths, old).outcome
    assert outcome.attempts_added == 1 and not outcome.assessment.changed
    assert row_counts(b.store)["assessments"] == 0


def _hostile(bundle: Path, target: Path, change: Any) -> Path:
    items = members(bundle)
    data = json.loads(items["manifest.json"])
    change(data)
    items["manifest.json"] = json.dumps(data).encode()
    return repack(target, items)


def _unknown_position(data: dict[str, Any]) -> None:
    data["assessments"][0]["takes"][0]["position"] = 77


def _rating_of_a_take_not_sent(data: dict[str, Any]) -> None:
    data["assessment_ratings"][0]["take_uuid"] = str(uuid4())


def _bad_occasion(data: dict[str, Any]) -> None:
    data["assessments"][1]["occasion"] = "midterm"


def _clip_swapped(data: dict[str, Any]) -> None:  # a take claiming another clip than its place's
    takes = data["assessments"][0]["takes"]
    takes[0]["clip_uuid"] = takes[1]["clip_uuid"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_unknown_position, "a take is at a place its assessment set does not have"),
        (_rating_of_a_take_not_sent, "refers to a take that is not included"),
        (_bad_occasion, "problem at: assessments"),
        (_clip_swapped, "a take is at a place its assessment set does not have"),
    ],
)
def test_hostile_assessment_sections_are_refused_whole(
    worlds: tuple[World, World], tmp_path: Path, change: Any, words: str
) -> None:
    a, b = worlds
    dana, attempt, _ = _trainee(a)
    review = tmp_path / "review.prbundle"
    export_review_bundle(a.store, a.paths, dana, [attempt], review)
    bad = _hostile(review, tmp_path / "bad.prbundle", change)
    counts, files = row_counts(b.store), listing(b.paths)
    with pytest.raises(BundleError, match=words):
        import_review_bundle(b.store, b.paths, bad)
    assert row_counts(b.store) == counts and listing(b.paths) == files  # nothing half-imported


def test_feedback_with_a_self_rating_or_another_rater_is_refused(
    worlds: tuple[World, World], tmp_path: Path
) -> None:
    a, b = worlds
    dana, attempt, baseline = _trainee(a)
    review = tmp_path / "review.prbundle"
    export_review_bundle(a.store, a.paths, dana, [attempt], review)
    import_review_bundle(b.store, b.paths, review)
    kim = b.store.profiles.create("Dr Kim", "supervisor").id
    dana_b = b.store.profiles.by_uuid(a.store.profiles.get(dana).uuid)
    assert dana_b is not None
    with Session(b.store.engine) as s:
        first = s.scalar(select(models.AssessmentTake.id).order_by(models.AssessmentTake.id))
    assert first is not None
    rate(b, first, kim, "rater", 3)
    feedback = tmp_path / "feedback.prbundle"
    export_feedback_bundle(b.store, kim, dana_b.id, feedback)

    def as_self(data: dict[str, Any]) -> None:
        data["assessment_ratings"][0]["rater_role"] = "self"

    def by_someone_else(data: dict[str, Any]) -> None:
        data["assessment_ratings"][0]["rater_uuid"] = str(uuid4())

    def about_a_take_not_here(data: dict[str, Any]) -> None:
        data["assessment_ratings"][0]["take_uuid"] = str(uuid4())

    counts, files = row_counts(a.store), listing(a.paths)
    for n, change in enumerate((as_self, by_someone_else)):
        bad = _hostile(feedback, tmp_path / f"bad-{n}.prbundle", change)
        with pytest.raises(BundleError, match="assessment ratings by someone other than its author"):
            import_feedback_bundle(a.store, a.paths, bad)
    stray = _hostile(feedback, tmp_path / "stray.prbundle", about_a_take_not_here)
    with pytest.raises(BundleError, match="not on this computer"):  # nothing to attach it to
        import_feedback_bundle(a.store, a.paths, stray)
    assert row_counts(a.store) == counts and listing(a.paths) == files  # not even a reviewer profile
