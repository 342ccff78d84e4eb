"""anchors.json, the practice anchors' source, still fits the exercises it answers: every exercise
exists with the same statement (else the replies must be re-read), one per presentation, three
kinds, all eight facets rated, therapist voices from hibari or festival's HTS voice only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from media.starter.tools import anchors

ROOT = Path(__file__).resolve().parents[3]


def test_the_source_matches_the_exercises_and_the_built_manifest() -> None:
    data = anchors.load_source()  # raises SystemExit listing every problem
    assert len(data["exercises"]) >= 7
    built = json.loads((ROOT / "media/starter/anchors/pack/manifest.json").read_text(encoding="utf-8"))
    by_id = {e["exercise_id"]: e for e in built["exercises"]}
    for entry in data["exercises"]:
        shipped = by_id[entry["exercise_id"]]
        assert shipped["statement"] == entry["written_for_statement"]
        for source, reply in zip(entry["replies"], shipped["replies"], strict=True):
            assert (reply["text"], reply["ratings"], reply["note"]) == (
                source["text"],
                source["ratings"],
                source["note"],
            ), f"{reply['id']}: rebuild with media/starter/build_anchors.py"
    voices = {v["engine"] for v in data["therapists"].values()}
    assert voices == {"hibari", "festival"}


def test_a_changed_statement_stops_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exercises = json.loads(Path(anchors.EXERCISES).read_text(encoding="utf-8"))
    exercises["exercises"][[e["id"] for e in exercises["exercises"]].index("hostile-2")]["statement"] = "New."
    changed = tmp_path / "exercises.json"
    changed.write_text(json.dumps(exercises), encoding="utf-8")
    monkeypatch.setattr(anchors, "EXERCISES", str(changed))
    with pytest.raises(SystemExit, match="hostile-2: the client statement changed"):
        anchors.load_source()
