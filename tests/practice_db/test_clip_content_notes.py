"""clips.content_note (migration 0006): stored trimmed, blank means none, read back on every
record, refreshed with the guidance, and a filter that leaves noted clips out."""

from __future__ import annotations

from practice_db.records import ClipFilter, NewClip
from practice_db.store import PracticeStore


def test_content_notes_are_kept_filtered_and_refreshed(store: PracticeStore) -> None:
    noted = store.clips.add(
        NewClip("Loss", "confused", 3, "clips/a.opus", "a" * 64, content_note="  Bereavement.\n")
    )
    blank = store.clips.add(NewClip("Blank", "confused", 3, "clips/b.opus", "b" * 64, content_note="   "))
    plain = store.clips.add(NewClip("Plain", "confused", 2, "clips/c.opus", "c" * 64))
    assert (noted.content_note, blank.content_note, plain.content_note) == ("Bereavement.", None, None)
    assert store.clips.get(noted.id).content_note == "Bereavement."
    assert store.clips.by_hash("a" * 64).content_note == "Bereavement."  # type: ignore[union-attr]

    everything = {c.id for c in store.clips.list()}
    unnoted = {c.id for c in store.clips.list(ClipFilter(without_content_note=True))}
    assert everything == {noted.id, blank.id, plain.id} and unnoted == {blank.id, plain.id}
    both = ClipFilter(presentation="confused", difficulty=3, without_content_note=True)
    assert [c.id for c in store.clips.list(both)] == [blank.id]
    # The planner's pool obeys it too: with only the noted clip at level 3, level 3 gets another one.
    chosen = store.next_exercise(store.profiles.create("Dana", "clinician").id, both, 3)
    assert chosen is not None and chosen.id == blank.id

    def refresh(clip_id: int, note: str | None) -> None:
        store.clips.update_guidance(
            clip_id,
            title="Plain",
            statement="",
            facets=(),
            criteria=(),
            example_response=None,
            content_note=note,
        )

    refresh(plain.id, "Implied trauma.")
    assert store.clips.get(plain.id).content_note == "Implied trauma."
    refresh(plain.id, None)  # the newer pack has no note for it: none is kept
    assert store.clips.get(plain.id).content_note is None
