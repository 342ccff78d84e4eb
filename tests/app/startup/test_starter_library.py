"""The starter pack that ships with the app: complete, playable files, installed once."""

from __future__ import annotations

import soundfile

from app.paths import DataPaths
from app.startup.starter_library import install_starter_pack, load_manifest, pack_folder
from practice_db.records import ClipFilter
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS


def test_pack_covers_every_presentation_and_difficulty_with_guidance() -> None:
    clips = load_manifest()
    assert {(c["presentation"], c["difficulty"]) for c in clips} == {
        (p, d) for p in PRESENTATIONS for d in (1, 2, 3)
    }
    for c in clips:
        assert 2 <= len(c["criteria"]) <= 3 and c["example_response"].strip() and c["statement"].strip()
        assert set(c["facets"]) <= set(FACET_KEYS) and c["facets"]
        info = soundfile.info(str(pack_folder() / c["file"]))  # the real decoder reads it
        assert abs(info.duration - c["duration_s"]) < 0.1


def test_install_copies_by_hash_and_is_idempotent(store: PracticeStore, data_paths: DataPaths) -> None:
    assert install_starter_pack(store, data_paths) == len(load_manifest())
    assert install_starter_pack(store, data_paths) == 0
    hostile = store.clips.list(ClipFilter(presentation="hostile"), sort="difficulty")
    assert [c.difficulty for c in hostile] == [1, 2, 3]
    first = hostile[0]
    assert (data_paths.home / first.media_path).is_file() and first.content_hash in first.media_path
    assert first.criteria and first.example_response and first.source == "starter"
