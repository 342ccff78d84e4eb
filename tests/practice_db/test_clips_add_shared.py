"""store.clips.add_shared: a clip pack's rows go in together or not at all."""

from __future__ import annotations

import pytest

from practice_db.errors import ValidationError
from practice_db.records import NewClip
from practice_db.store import PracticeStore

UUIDS = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222")


def clip(n: int, presentation: str = "hostile") -> NewClip:
    return NewClip(
        title=f"Shared {n}", presentation=presentation, difficulty=2, media_path=f"clips/{n}.wav",
        content_hash=f"{n:064x}", criteria=("Stay calm",), content_note="Shouting", facets=("warmth",),
    )  # fmt: skip


def test_rows_are_added_with_their_uuids_and_a_known_hash_is_left_alone(store: PracticeStore) -> None:
    added, present = store.clips.add_shared([(UUIDS[0], clip(1))])
    assert [c.uuid for c in added] == [UUIDS[0]] and present == []
    added, present = store.clips.add_shared([(UUIDS[1], clip(1)), (UUIDS[1], clip(2))])
    assert [c.title for c in present] == ["Shared 1"] and [c.uuid for c in added] == [UUIDS[1]]
    got = store.clips.by_uuid(UUIDS[1])
    assert got is not None and got.content_note == "Shouting" and got.criteria == ("Stay calm",)
    assert store.clips.count() == 2


def test_one_bad_row_adds_none(store: PracticeStore) -> None:
    with pytest.raises(ValidationError, match="Unknown presentation"):
        store.clips.add_shared([(UUIDS[0], clip(1)), (UUIDS[1], clip(2, presentation="sleepy"))])
    assert store.clips.count() == 0
