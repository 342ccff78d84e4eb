"""update_guidance as the Library's "Edit details" uses it: presentation and level change only when
given, bad values are refused plainly and change nothing."""

from __future__ import annotations

import pytest

from practice_db.errors import ValidationError
from practice_db.store import PracticeStore
from tests.support.seeding import add_clip

TEXT = {"statement": "", "facets": ("empathy",), "criteria": (), "example_response": None}


def test_labels_change_only_when_given_and_bad_ones_change_nothing(store: PracticeStore) -> None:
    clip_id = add_clip(store, "Angry dad", "hostile", 2)
    assert store.clips.update_guidance(clip_id, title="Angry dad", **TEXT) is False  # nothing differs
    assert store.clips.update_guidance(clip_id, title="Angry dad", presentation="confronting", **TEXT)
    assert (store.clips.get(clip_id).presentation, store.clips.get(clip_id).difficulty) == ("confronting", 2)
    assert store.clips.update_guidance(clip_id, title="Angry dad", difficulty=3, **TEXT)
    before = store.clips.get(clip_id)
    assert (before.presentation, before.difficulty) == ("confronting", 3)
    for bad, why in (
        ({"title": "  "}, "title"),
        ({"title": "X", "presentation": "furious"}, "Unknown presentation"),
        ({"title": "X", "difficulty": 4}, "Difficulty"),
    ):
        with pytest.raises(ValidationError, match=why):
            store.clips.update_guidance(clip_id, **bad, **TEXT)  # type: ignore[arg-type]
    assert store.clips.get(clip_id) == before
