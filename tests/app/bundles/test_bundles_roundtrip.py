"""Remote supervision on real data folders: trainee -> review bundle -> supervisor -> feedback -> trainee."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.bundles.errors import BundleCancelled, BundleError
from app.bundles.export import estimate_size, export_feedback_bundle, export_review_bundle
from app.bundles.import_feedback import import_feedback_bundle
from app.bundles.import_review import import_review_bundle
from practice_db.records import ClipRecord, RatingInput
from practice_db.timeutil import utcnow
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
from tests.support.sound_compare import assert_same_sound


@pytest.fixture(params=DATABASES)
def worlds(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: Path
) -> Iterator[tuple[World, World]]:
    """Two computers, both on SQLite files, then both on PostgreSQL databases (clinic mode)."""
    trainee = open_world(tmp_path / "A", template_db, url=world_url(request, template_db))
    supervisor = open_world(tmp_path / "B", template_db, url=world_url(request, template_db))
    yield trainee, supervisor
    trainee.close()
    supervisor.close()


def _own_clip(a: World, attempt_id: int) -> ClipRecord:
    return a.store.clips.get(a.store.attempts.get(attempt_id).clip_id)


def _trainee_setup(a: World) -> tuple[int, list[int]]:
    dana = a.store.profiles.create("Dana Lee", "clinician").id
    starter = a.store.clips.list(sort="title")[:2]
    mine = own_clip(a)
    ids = [record_attempt(a, dana, c.id, seed=i) for i, c in enumerate(starter)]
    ids.append(record_attempt(a, dana, mine, seed=5))
    a.store.ratings.save(ids[0], dana, RatingInput(scores={"empathy": 4, "hope": 3}, reaction="too_hard"))
    a.store.ratings.add_comment(ids[0], dana, 1200, "I froze here")
    return dana, ids


def test_review_and_feedback_round_trip(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana, ids = _trainee_setup(a)
    discarded = record_attempt(a, dana, a.store.clips.list()[0].id, seed=7)
    a.store.attempts.set_status(discarded, "discarded")
    since = utcnow() - timedelta(hours=1)
    unreviewed = [x.id for x in a.store.transfer.unreviewed_since(dana, since)]
    assert sorted(unreviewed) == sorted(ids)  # the discarded one is not offered

    # -- trainee exports; the estimate shown beforehand is an upper bound of the file written
    bundle = tmp_path / "dana.prbundle"
    estimate = estimate_size(a.store, a.paths, dana, unreviewed)
    seen: list[tuple[int, int]] = []
    summary = export_review_bundle(
        a.store, a.paths, dana, unreviewed, bundle, progress=lambda d, t: seen.append((d, t))
    )
    size = bundle.stat().st_size
    assert summary.attempts == 3 and summary.size == size
    assert size <= estimate <= 1.3 * size + 3 * 4096, (estimate, size)  # takes compressed on the way
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    names = set(members(bundle))
    assert "manifest.json" in names and not any(n.startswith("clips/") for n in names)  # media not ticked
    assert not list(tmp_path.glob("*.part"))

    # -- supervisor imports: a same-named local profile forces a distinct name
    b.store.profiles.create("Dana Lee", "clinician")
    sam = b.store.profiles.create("Sam Reviewer", "supervisor").id
    result = import_review_bundle(b.store, b.paths, bundle)
    out = result.outcome
    assert (out.attempts_added, out.clips_matched, out.clips_added) == (3, 2, 1)
    assert out.profile_created and out.profile_name == "Dana Lee (2)"
    assert "Dana Lee (2)" in result.message()
    trainee_b = b.store.profiles.by_uuid(a.store.profiles.get(dana).uuid)
    assert trainee_b is not None and trainee_b.name == "Dana Lee (2)" and trainee_b.role == "clinician"
    queue = b.store.transfer.awaiting_review(trainee_id=trainee_b.id)
    assert len(queue) == 3 and all(q.trainee_name == "Dana Lee (2)" for q in queue)
    assert [q.started_at for q in queue] == sorted((q.started_at for q in queue), reverse=True)
    for attempt_id in ids:  # same uuid, same sound (decoded from Opus into a WAV again), file in place
        original = a.store.attempts.get(attempt_id)
        copy = b.store.attempts.by_uuid(original.uuid)
        assert copy is not None and copy.profile_id == trainee_b.id and copy.pause_count == 1
        assert copy.recording_path == f"recordings/{original.uuid}.wav" and original.recording_path
        assert_same_sound(a.paths.home / original.recording_path, b.paths.home / copy.recording_path)
        clip_a, clip_b = a.store.clips.get(original.clip_id), b.store.clips.get(copy.clip_id)
        assert clip_b.content_hash == clip_a.content_hash and clip_b.statement == clip_a.statement
    own = b.store.clips.by_hash(_own_clip(a, ids[2]).content_hash)
    assert own is not None and own.media_path == "" and own.facets == ("hope", "warmth")  # text only
    first_b = b.store.attempts.by_uuid(a.store.attempts.get(ids[0]).uuid)
    assert first_b is not None
    [self_rating] = b.store.ratings.for_attempt(first_b.id)
    assert self_rating.rater_role == "self" and self_rating.reaction == "too_hard"
    assert [c.text for c in b.store.ratings.comments(first_b.id)] == ["I froze here"]
    assert not list(b.paths.home.glob(".bundle-import-*"))

    # -- the same bundle again changes nothing
    counts, files = row_counts(b.store), listing(b.paths)
    again = import_review_bundle(b.store, b.paths, bundle)
    assert not again.outcome.changed_anything and again.message().startswith("Nothing changed")
    assert row_counts(b.store) == counts and listing(b.paths) == files

    # -- supervisor reviews two attempts and sends feedback
    queue_ids = [q.attempt_id for q in queue]
    reviewed = [first_b.id, queue_ids[0] if queue_ids[0] != first_b.id else queue_ids[1]]
    b.store.ratings.save(
        reviewed[0], sam, RatingInput(scores={"empathy": 2, "warmth": 3}, corrective_point="Slow down")
    )
    b.store.ratings.save(reviewed[1], sam, RatingInput(scores={"hope": 4}))
    b.store.ratings.add_comment(reviewed[0], sam, 800, "Here you could name the anger")
    assert len(b.store.transfer.awaiting_review(trainee_id=trainee_b.id)) == 1
    feedback = tmp_path / "feedback.prbundle"
    sent = export_feedback_bundle(b.store, sam, trainee_b.id, feedback)
    assert (sent.ratings, sent.comments) == (2, 1) and set(members(feedback)) == {"manifest.json"}
    assert feedback.stat().st_size < 4096  # ratings and comments only: small
    shown = f"{max(1, round(feedback.stat().st_size / 1000))} KB"  # not "0.0 MB"
    assert sent.message().startswith(f"Saved feedback.prbundle ({shown}).")

    # -- trainee imports the feedback: it lands on the right attempts, from the right person
    counts_a = row_counts(a.store)
    got = import_feedback_bundle(a.store, a.paths, feedback)
    assert (got.outcome.ratings_added, got.outcome.comments_added) == (2, 1)
    sam_here = a.store.profiles.by_uuid(b.store.profiles.get(sam).uuid)
    assert sam_here is not None and sam_here.role == "supervisor" and sam_here.name == "Sam Reviewer"
    for b_attempt in reviewed:
        uuid = b.store.attempts.get(b_attempt).uuid
        a_attempt = a.store.attempts.by_uuid(uuid)
        assert a_attempt is not None
        theirs = {r.rater_profile_id: r for r in a.store.ratings.for_attempt(a_attempt.id)}
        original = next(r for r in b.store.ratings.for_attempt(b_attempt) if r.rater_profile_id == sam)
        mirror = theirs[sam_here.id]
        assert mirror.uuid == original.uuid and mirror.scores == original.scores
        assert mirror.rater_role == "supervisor" and mirror.corrective_point == original.corrective_point
    first_a = a.store.attempts.get(ids[0])
    texts = {c.text: c.author_profile_id for c in a.store.ratings.comments(first_a.id)}
    assert texts == {"I froze here": dana, "Here you could name the anger": sam_here.id}
    own_rating = next(r for r in a.store.ratings.for_attempt(ids[0]) if r.rater_profile_id == dana)
    assert own_rating.reaction == "too_hard"  # the trainee's own rating untouched
    assert row_counts(a.store)["ratings"] == counts_a["ratings"] + 2

    # -- the same feedback again changes nothing
    counts, files = row_counts(a.store), listing(a.paths)
    assert not import_feedback_bundle(a.store, a.paths, feedback).outcome.changed_anything
    assert row_counts(a.store) == counts and listing(a.paths) == files

    # -- a revised rating replaces the old one; the old bundle cannot bring the old values back
    b.store.ratings.save(reviewed[1], sam, RatingInput(scores={"hope": 5}))
    newer = tmp_path / "feedback-2.prbundle"
    export_feedback_bundle(b.store, sam, trainee_b.id, newer)
    assert import_feedback_bundle(a.store, a.paths, newer).outcome.ratings_updated == 1
    assert import_feedback_bundle(a.store, a.paths, feedback).outcome.ratings_updated == 0
    second = a.store.attempts.by_uuid(b.store.attempts.get(reviewed[1]).uuid)
    assert second is not None
    assert {r.rater_profile_id: r.scores["hope"] for r in a.store.ratings.for_attempt(second.id)}[
        sam_here.id
    ] == 5


def test_clip_media_travels_when_ticked(
    worlds: tuple[World, World], tmp_path: Path, template_db: Path
) -> None:
    a, b = worlds
    dana, ids = _trainee_setup(a)
    # B first gets the text-only version, then the bundle with media fills it in
    import_review_bundle(
        b.store, b.paths, export_review_bundle(a.store, a.paths, dana, ids, tmp_path / "t.prbundle").path
    )
    with_media = tmp_path / "m.prbundle"
    assert estimate_size(a.store, a.paths, dana, ids, include_clip_media=True) > estimate_size(
        a.store, a.paths, dana, ids
    )
    export_review_bundle(a.store, a.paths, dana, ids, with_media, include_clip_media=True)
    assert sum(n.startswith("clips/") for n in members(with_media)) == 3
    own_hash = _own_clip(a, ids[2]).content_hash
    out = import_review_bundle(b.store, b.paths, with_media).outcome
    assert out.attempts_added == 0 and len(out.new_clip_media) == 1
    own = b.store.clips.by_hash(own_hash)
    assert own is not None and own.media_path == f"clips/{own_hash}.wav"
    assert (b.paths.home / own.media_path).read_bytes() == (
        a.paths.home / _own_clip(a, ids[2]).media_path
    ).read_bytes()

    # a computer without the starter pack gets all three clips, playable
    c = open_world(tmp_path / "C", template_db, starter=False)
    try:
        out = import_review_bundle(c.store, c.paths, with_media).outcome
        assert (out.clips_added, out.attempts_added) == (3, 3)
        for clip in c.store.clips.list():
            assert (c.paths.home / clip.media_path).is_file() and clip.source == "bundle"
    finally:
        c.close()


def test_feedback_never_overwrites_someone_elses_rating(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana, ids = _trainee_setup(a)
    bundle = export_review_bundle(a.store, a.paths, dana, ids, tmp_path / "r.prbundle").path
    import_review_bundle(b.store, b.paths, bundle)
    sam = b.store.profiles.create("Sam", "supervisor").id
    trainee_b = b.store.profiles.by_uuid(a.store.profiles.get(dana).uuid)
    assert trainee_b is not None
    target = b.store.attempts.by_uuid(a.store.attempts.get(ids[1]).uuid)
    assert target is not None
    b.store.ratings.save(target.id, sam, RatingInput(scores={"empathy": 1}))
    feedback = export_feedback_bundle(b.store, sam, trainee_b.id, tmp_path / "f.prbundle").path

    # on A, a local supervisor already rated; forge the bundle to reuse that rating's uuid
    local_sup = a.store.profiles.create("Local Supervisor", "supervisor").id
    local = a.store.ratings.save(ids[1], local_sup, RatingInput(scores={"empathy": 5}))
    items = members(feedback)
    manifest = json.loads(items["manifest.json"])
    manifest["ratings"][0]["uuid"] = local.uuid
    forged = repack(tmp_path / "forged.prbundle", {"manifest.json": json.dumps(manifest).encode()})
    out = import_feedback_bundle(a.store, a.paths, forged).outcome
    assert out.ratings_refused == 1 and out.ratings_added == 0
    assert "1 item would have replaced someone else's feedback and was left out" in (
        import_feedback_bundle(a.store, a.paths, forged).message()
    )
    kept = next(r for r in a.store.ratings.for_attempt(ids[1]) if r.uuid == local.uuid)
    assert kept.rater_profile_id == local_sup and kept.scores["empathy"] == 5


def test_export_refuses_plainly_and_can_be_cancelled(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    dana, ids = _trainee_setup(a)
    with pytest.raises(BundleError, match="Choose at least one attempt"):
        export_review_bundle(a.store, a.paths, dana, [], tmp_path / "x.prbundle")
    other = a.store.profiles.create("Other", "clinician").id
    with pytest.raises(BundleError, match="not finished attempts by Other"):
        estimate_size(a.store, a.paths, other, ids)
    with pytest.raises(BundleError, match="Only a supervisor"):
        export_feedback_bundle(a.store, other, dana, tmp_path / "f.prbundle")
    sup = a.store.profiles.create("Sup", "supervisor").id
    with pytest.raises(BundleError, match="no feedback from Sup"):
        export_feedback_bundle(a.store, sup, dana, tmp_path / "f.prbundle")
    target = tmp_path / "cancelled.prbundle"
    with pytest.raises(BundleCancelled, match="cancelled"):
        export_review_bundle(a.store, a.paths, dana, ids, target, cancel=lambda: True)
    assert list(tmp_path.glob("cancelled*")) == []
    # a recording missing from disk leaves that attempt out, and says so
    missing = a.store.attempts.get(ids[1]).recording_path
    assert missing is not None
    (a.paths.home / missing).unlink()
    summary = export_review_bundle(a.store, a.paths, dana, ids, tmp_path / "partial.prbundle")
    assert summary.attempts == 2 and summary.skipped_attempt_ids == (ids[1],)
    assert "1 attempt had no playable recording" in summary.message()
    # so does a take libsndfile cannot read (it could not be compressed, nor played over there)
    damaged = a.store.attempts.get(ids[0]).recording_path
    assert damaged is not None
    (a.paths.home / damaged).write_bytes(b"RIFF" + bytes(60))
    left = export_review_bundle(a.store, a.paths, dana, ids, tmp_path / "left.prbundle")
    assert left.attempts == 1 and set(left.skipped_attempt_ids) == {ids[0], ids[1]}
    assert "2 attempts had no playable recording on this computer and were left out" in left.message()
    # importing it, cancelled half-way, changes nothing
    counts, files = row_counts(b.store), listing(b.paths)
    with pytest.raises(BundleCancelled):
        import_review_bundle(b.store, b.paths, summary.path, cancel=lambda: True)
    assert row_counts(b.store) == counts and listing(b.paths) == files
