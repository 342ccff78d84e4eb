"""Who is who across computers, on real data folders: a person arriving twice is one profile;
a namesake with another id is asked about once ("Is this the same Dr Lee?"), the answer is kept
(linked id, or a second profile with a telling name), and the progress log credits one person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.bundles.export import export_feedback_bundle, export_review_bundle
from app.bundles.file_format import FORMAT_VERSION
from app.bundles.identity import IdentityQuestion
from app.bundles.workflow import BundleWorkflow
from app.progress_log import markdown
from app.progress_log.collect import collect_report
from practice_db.progress.records import Period
from practice_db.records import RatingInput
from tests.support.both_databases import DATABASES, world_url
from tests.support.bundle_world import World, members, open_world, own_clip, record_attempt, row_counts

SCORES = {"empathy": 4, "warmth": 3}


@pytest.fixture(params=DATABASES)
def homes(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: Path
) -> Iterator[tuple[World, World, World]]:
    """A: Dana's own computer; B: Dr Lee's; C: another supervisor also called Dr Lee. All on
    SQLite files, then all on PostgreSQL databases (clinic mode)."""
    worlds = tuple(
        open_world(tmp_path / n, template_db, starter=False, url=world_url(request, template_db))
        for n in "ABC"
    )
    yield worlds  # type: ignore[misc]
    for w in worlds:
        w.close()


def _none(_done: int, _total: int) -> None: ...


def _no() -> bool:
    return False


def _import_feedback(w: World, bundle: Path, **answers: object) -> str:
    flow = BundleWorkflow(w.paths)
    return flow.import_feedback(w.store, bundle, _none, _no, **answers).message  # type: ignore[arg-type]


def _review_to(a: World, b: World, dana: int, attempts: list[int], tmp: Path, name: str) -> Path:
    bundle = tmp / f"{name}.prbundle"
    export_review_bundle(a.store, a.paths, dana, attempts, bundle)
    return bundle


def _feedback_from(b: World, lee: int, trainee_uuid: str, attempt_uuid: str, tmp: Path, name: str) -> Path:
    trainee = b.store.profiles.by_any_uuid(trainee_uuid)
    attempt = b.store.attempts.by_uuid(attempt_uuid)
    assert trainee is not None and attempt is not None
    point = f"Slow down ({name})"
    b.store.ratings.save(attempt.id, lee, RatingInput(scores=SCORES, corrective_point=point))
    b.store.ratings.add_comment(attempt.id, lee, 500, f"Nice pause here ({name})")
    bundle = tmp / f"{name}.prbundle"
    export_feedback_bundle(b.store, lee, trainee.id, bundle)
    return bundle


def _log(a: World, dana: int) -> str:
    today = date.today()
    period = Period(today - timedelta(days=7), today + timedelta(days=1))
    return markdown.render(collect_report(a.store, dana, period, today))


def test_same_supervisor_from_another_computer_is_asked_once_and_credited_as_one(
    homes: tuple[World, World, World], tmp_path: Path
) -> None:
    a, b, c = homes
    dana = a.store.profiles.create("Dana Lee", "clinician")
    lee_here = a.store.profiles.create("Dr Lee", "supervisor")  # Dr Lee once rated on Dana's computer
    clip = own_clip(a)
    attempts = [record_attempt(a, dana.id, clip, seed=i) for i in range(3)]
    a.store.ratings.save(attempts[0], lee_here.id, RatingInput(scores=SCORES, corrective_point="Breathe"))
    uuids = [a.store.attempts.get(i).uuid for i in attempts]

    # Dr Lee at home (another id) reviews two attempts and sends feedback back
    lee_home = b.store.profiles.create("Dr Lee", "supervisor")
    flow_b = BundleWorkflow(b.paths)
    flow_b.import_review(b.store, _review_to(a, b, dana.id, attempts, tmp_path, "r1"), _none, _no)
    first = _feedback_from(b, lee_home.id, dana.uuid, uuids[1], tmp_path, "f1")

    before = row_counts(a.store)
    with pytest.raises(IdentityQuestion) as asked:
        _import_feedback(a, first)
    clash = asked.value.clash
    assert clash.question == "Is this the same Dr Lee?" and "already exists here" in clash.explanation
    assert (clash.local_id, clash.incoming_uuid, clash.role) == (lee_here.id, lee_home.uuid, "supervisor")
    assert row_counts(a.store) == before  # asking changed nothing

    message = _import_feedback(a, first, identities={clash.incoming_uuid: clash.same()})
    assert "Feedback from Dr Lee: 1 new rating" in message and "(2)" not in message
    assert [p.name for p in a.store.profiles.list()] == ["Dana Lee", "Dr Lee"]
    linked = a.store.profiles.get(lee_here.id)
    assert linked.aliases == (lee_home.uuid,)
    assert a.store.profiles.by_any_uuid(lee_home.uuid) == linked
    rated = a.store.attempts.by_uuid(uuids[1])
    assert rated is not None
    assert [r.rater_profile_id for r in a.store.ratings.for_attempt(rated.id)] == [lee_here.id]

    # the next feedback from that computer is matched at once: no question, same person
    second = _feedback_from(b, lee_home.id, dana.uuid, uuids[2], tmp_path, "f2")
    assert "1 new rating" in _import_feedback(a, second)
    assert len(a.store.profiles.list()) == 2

    # the progress log credits one Dr Lee, for the local rating and both imported ones
    log = _log(a, dana.id)
    authors = {n.author_name for n in a.store.progress.supervisor_notes(dana.id, _period())}
    assert authors == {"Dr Lee"}
    for text in ("Breathe", "Slow down (f1)", "Slow down (f2)", "Nice pause here (f2)"):
        assert f"{text}" in log
    assert "(Dr Lee)" in log and "Dr Lee (2)" not in log

    # a different Dr Lee: kept apart under a name that tells them apart, also asked only once
    other = c.store.profiles.create("Dr Lee", "supervisor")
    BundleWorkflow(c.paths).import_review(
        c.store, _review_to(a, c, dana.id, attempts, tmp_path, "r2"), _none, _no
    )
    third = _feedback_from(c, other.id, dana.uuid, uuids[0], tmp_path, "f3")
    with pytest.raises(IdentityQuestion) as asked:
        _import_feedback(a, third)
    clash = asked.value.clash
    assert clash.other_name == "Dr Lee (Dana Lee's supervisor)"
    message = _import_feedback(a, third, identities={clash.incoming_uuid: clash.someone_else()})
    assert 'so this one was added as "Dr Lee (Dana Lee\'s supervisor)"' in message
    fourth = _feedback_from(c, other.id, dana.uuid, uuids[1], tmp_path, "f4")
    _import_feedback(a, fourth)  # no question the second time
    assert [p.name for p in a.store.profiles.list()] == [
        "Dana Lee",
        "Dr Lee",
        "Dr Lee (Dana Lee's supervisor)",
    ]
    log = _log(a, dana.id)
    assert "(Dr Lee (Dana Lee's supervisor)): Slow down (f3)" in log
    assert "(Dr Lee): Slow down (f2)" in log


def _period() -> Period:
    today = date.today()
    return Period(today - timedelta(days=7), today + timedelta(days=1))


def test_same_trainee_twice_is_one_person_and_linked_ids_travel_back(
    homes: tuple[World, World, World], tmp_path: Path
) -> None:
    a, b, _ = homes
    dana = a.store.profiles.create("Dana Lee", "clinician")
    clip = own_clip(a)
    attempts = [record_attempt(a, dana.id, clip, seed=i) for i in range(2)]
    uuids = [a.store.attempts.get(i).uuid for i in attempts]
    # Dana once practised on the clinic computer (B), so B has a Dana Lee of its own
    dana_clinic = b.store.profiles.create("Dana Lee", "clinician")
    lee = b.store.profiles.create("Dr Lee", "supervisor")
    flow = BundleWorkflow(b.paths)
    first = _review_to(a, b, dana.id, attempts[:1], tmp_path, "r1")
    with pytest.raises(IdentityQuestion) as asked:
        flow.import_review(b.store, first, _none, _no)
    clash = asked.value.clash
    assert clash.question == "Is this the same Dana Lee?" and "recorded these attempts" in clash.explanation
    assert not list(b.paths.home.glob(".bundle-import-*")) and not list(b.paths.recordings.iterdir())
    result = flow.import_review(b.store, first, _none, _no, identities={clash.incoming_uuid: clash.same()})
    assert "by Dana Lee to the review queue" in result.message
    # imported twice, and a second bundle: one person, nothing asked
    assert not flow.import_review(b.store, first, _none, _no).changed
    flow.import_review(b.store, _review_to(a, b, dana.id, attempts, tmp_path, "r2"), _none, _no)
    assert [p.name for p in b.store.profiles.list()] == ["Dana Lee", "Dr Lee"]
    assert {q.trainee_id for q in b.store.transfer.awaiting_review()} == {dana_clinic.id}
    assert len(b.store.transfer.awaiting_review()) == 2

    # feedback names B's Dana and carries the linked id: Dana's own computer finds her by it
    feedback = _feedback_from(b, lee.id, dana_clinic.uuid, uuids[0], tmp_path, "f1")
    sent = json.loads(members(feedback)["manifest.json"])
    assert sent["format_version"] == FORMAT_VERSION  # an optional field, no version bump
    assert sent["trainee"] == {"uuid": dana_clinic.uuid, "name": "Dana Lee", "aliases": [dana.uuid]}
    assert "1 new rating" in _import_feedback(a, feedback)
    assert a.store.profiles.get(dana.id).aliases == (dana_clinic.uuid,)
    assert [p.name for p in a.store.profiles.list()] == ["Dana Lee", "Dr Lee"]
