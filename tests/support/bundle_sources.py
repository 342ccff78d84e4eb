"""Real, valid bundles to attack: a review bundle (with clip media) and the feedback on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.bundles.export import export_feedback_bundle, export_review_bundle
from app.bundles.import_review import import_review_bundle
from practice_db.records import RatingInput
from tests.support.bundle_world import World, open_world, own_clip, record_attempt


@dataclass
class Sources:
    review: Path  # made on A, not yet imported anywhere else
    feedback: Path  # made on B about A's attempts, not yet imported on A
    trainee: World  # A: where the feedback would land
    fresh: World  # C: a supervisor computer that has not seen the review bundle


def build_sources(root: Path, template_db: Path) -> Sources:
    a = open_world(root / "A", template_db)
    b = open_world(root / "B", template_db)
    dana = a.store.profiles.create("Dana Lee", "clinician").id
    starter = a.store.clips.list(sort="title")[0].id
    ids = [record_attempt(a, dana, starter, seed=1), record_attempt(a, dana, own_clip(a), seed=2)]
    a.store.ratings.save(ids[0], dana, RatingInput(scores={"empathy": 3}, reaction="good_challenge"))
    review = export_review_bundle(
        a.store, a.paths, dana, ids, root / "review.prbundle", include_clip_media=True
    ).path
    import_review_bundle(b.store, b.paths, review)
    sam = b.store.profiles.create("Sam", "supervisor").id
    trainee_b = b.store.profiles.by_uuid(a.store.profiles.get(dana).uuid)
    assert trainee_b is not None
    for item in b.store.transfer.awaiting_review(trainee_id=trainee_b.id):
        b.store.ratings.save(item.attempt_id, sam, RatingInput(scores={"warmth": 4}, went_well="Steady"))
        b.store.ratings.add_comment(item.attempt_id, sam, 500, "Good pause here")
    feedback = export_feedback_bundle(b.store, sam, trainee_b.id, root / "feedback.prbundle").path
    b.close()
    return Sources(review, feedback, a, open_world(root / "C", template_db))
