"""Criteria verdicts travel: the trainee's own in a review bundle, the supervisor's in feedback;
a bundle from before format 1.1 (no verdicts) still imports and keeps the verdicts already here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bundles.errors import BundleError
from app.bundles.export import export_feedback_bundle, export_review_bundle
from app.bundles.file_format import FORMAT_VERSION
from app.bundles.import_feedback import import_feedback_bundle
from app.bundles.import_review import import_review_bundle
from practice_db.records import CriterionVerdict, RatingInput, RatingRecord
from tests.support.bundle_world import World, listing, members, open_world, record_attempt, repack, row_counts


@pytest.fixture
def worlds(tmp_path: Path, template_db: Path) -> Iterator[tuple[World, World]]:
    trainee, supervisor = open_world(tmp_path / "A", template_db), open_world(tmp_path / "B", template_db)
    yield trainee, supervisor
    trainee.close()
    supervisor.close()


def _rating(world: World, attempt_uuid: str, role: str) -> RatingRecord:
    attempt = world.store.attempts.by_uuid(attempt_uuid)
    assert attempt is not None
    return next(r for r in world.store.ratings.for_attempt(attempt.id) if r.rater_role == role)


def _as_version_1_0(bundle: Path, target: Path) -> Path:
    """The same bundle as an older Practice Room wrote it: format 1.0, no criteria_verdicts."""
    items = members(bundle)
    manifest = json.loads(items["manifest.json"])
    manifest["format_version"] = "1.0"
    for rating in manifest["ratings"]:
        del rating["criteria_verdicts"]
    items["manifest.json"] = json.dumps(manifest).encode()
    return repack(target, items)


def test_verdicts_travel_both_ways_and_twice_changes_nothing(
    worlds: tuple[World, World], tmp_path: Path
) -> None:
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    clip = a.store.clips.list(sort="title")[0]
    assert len(clip.criteria) >= 2
    first, second = clip.criteria[0], clip.criteria[1]
    attempt_id = record_attempt(a, dana, clip.id)
    mine = (CriterionVerdict(first, "met"), CriterionVerdict(second, "partly"))
    a.store.ratings.save(attempt_id, dana, RatingInput(scores={"empathy": 4}, criteria_verdicts=mine))
    uuid = a.store.attempts.get(attempt_id).uuid

    review = export_review_bundle(a.store, a.paths, dana, [attempt_id], tmp_path / "r.prbundle").path
    manifest = json.loads(members(review)["manifest.json"])
    assert manifest["format_version"] == FORMAT_VERSION == "1.2"
    assert manifest["ratings"][0]["criteria_verdicts"] == [
        {"criterion": first, "verdict": "met"},
        {"criterion": second, "verdict": "partly"},
    ]
    import_review_bundle(b.store, b.paths, review)
    assert _rating(b, uuid, "self").criteria_verdicts == mine
    counts, files = row_counts(b.store), listing(b.paths)
    assert not import_review_bundle(b.store, b.paths, review).outcome.changed_anything
    assert row_counts(b.store) == counts and listing(b.paths) == files

    sam = b.store.profiles.create("Sam", "supervisor").id
    here = b.store.attempts.by_uuid(uuid)
    assert here is not None
    theirs = (CriterionVerdict(first, "not_met"), CriterionVerdict(second, "met"))
    b.store.ratings.save(here.id, sam, RatingInput(scores={"empathy": 2}, criteria_verdicts=theirs))
    feedback = export_feedback_bundle(b.store, sam, here.profile_id, tmp_path / "f.prbundle").path
    assert import_feedback_bundle(a.store, a.paths, feedback).outcome.ratings_added == 1
    assert _rating(a, uuid, "supervisor").criteria_verdicts == theirs
    assert _rating(a, uuid, "self").criteria_verdicts == mine  # the trainee's own untouched
    counts, files = row_counts(a.store), listing(a.paths)
    assert not import_feedback_bundle(a.store, a.paths, feedback).outcome.changed_anything
    assert row_counts(a.store) == counts and listing(a.paths) == files


def test_an_old_bundle_without_verdicts_imports_and_keeps_those_here(
    worlds: tuple[World, World], tmp_path: Path
) -> None:
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    clip = a.store.clips.list(sort="title")[0]
    attempt_id = record_attempt(a, dana, clip.id)
    uuid = a.store.attempts.get(attempt_id).uuid
    a.store.ratings.save(attempt_id, dana, RatingInput(scores={"hope": 3}))
    review = export_review_bundle(a.store, a.paths, dana, [attempt_id], tmp_path / "r.prbundle").path
    old_review = _as_version_1_0(review, tmp_path / "old-r.prbundle")
    assert import_review_bundle(b.store, b.paths, old_review).outcome.attempts_added == 1
    assert _rating(b, uuid, "self").criteria_verdicts == () and _rating(b, uuid, "self").scores["hope"] == 3

    # the supervisor's verdicts come back in a 1.0-style feedback bundle's later revision: a
    # newer rating without the field updates the scores and leaves the verdicts already here
    sam = b.store.profiles.create("Sam", "supervisor").id
    here = b.store.attempts.by_uuid(uuid)
    assert here is not None
    verdicts = (CriterionVerdict(clip.criteria[0], "partly"),)
    b.store.ratings.save(here.id, sam, RatingInput(scores={"hope": 2}, criteria_verdicts=verdicts))
    import_feedback_bundle(
        a.store, a.paths, export_feedback_bundle(b.store, sam, here.profile_id, tmp_path / "f1").path
    )
    b.store.ratings.save(here.id, sam, RatingInput(scores={"hope": 4}))  # verdicts kept on B too
    newer = export_feedback_bundle(b.store, sam, here.profile_id, tmp_path / "f2.prbundle").path
    old_feedback = _as_version_1_0(newer, tmp_path / "old-f.prbundle")
    assert import_feedback_bundle(a.store, a.paths, old_feedback).outcome.ratings_updated == 1
    supervisor_here = _rating(a, uuid, "supervisor")
    assert supervisor_here.scores["hope"] == 4 and supervisor_here.criteria_verdicts == verdicts


def test_a_bundle_with_a_bad_verdict_is_refused_whole(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    clip = a.store.clips.list(sort="title")[0]
    attempt_id = record_attempt(a, dana, clip.id)
    a.store.ratings.save(
        attempt_id, dana, RatingInput(criteria_verdicts=(CriterionVerdict(clip.criteria[0], "met"),))
    )
    review = export_review_bundle(a.store, a.paths, dana, [attempt_id], tmp_path / "r.prbundle").path
    before, files = row_counts(b.store), listing(b.paths)
    for mutate, words in (
        (lambda v: v[0].update(verdict="maybe"), "not valid"),
        (lambda v: v.append(dict(v[0])), "judged twice"),
    ):
        items = members(review)
        manifest = json.loads(items["manifest.json"])
        mutate(manifest["ratings"][0]["criteria_verdicts"])
        items["manifest.json"] = json.dumps(manifest).encode()
        with pytest.raises(BundleError, match=words):
            import_review_bundle(b.store, b.paths, repack(tmp_path / "bad.prbundle", items))
        assert row_counts(b.store) == before and listing(b.paths) == files
