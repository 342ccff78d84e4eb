"""The anchors that ship: at least 7 presentations x 3 replies, every file matching its sha256,
everything rated on all eight facets, labelled as anchors written for this app (not norms), and
covered by the package data so a wheel carries them."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

from app.rater_practice.manifest import anchors_folder, load_anchor_set
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS

ROOT = Path(__file__).resolve().parents[3]


def test_the_built_manifest_lists_seven_presentations_with_three_verified_replies() -> None:
    folder = anchors_folder()
    assert folder == ROOT / "media" / "starter" / "anchors" / "pack"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == 1
    assert "written for" in manifest["about"] and "not norms" in manifest["about"]
    presentations = {e["presentation"] for e in manifest["exercises"]}
    assert presentations >= set(PRESENTATIONS) and len(presentations) >= 7
    for exercise in manifest["exercises"]:
        assert sorted(r["kind"] for r in exercise["replies"]) == ["ordinary", "strong", "weak"]
        for reply in exercise["replies"]:
            data = (folder / reply["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == reply["sha256"], reply["file"]
            assert len(data) == reply["bytes"]
            assert data[:4] == b"OggS" and 10.0 <= reply["duration_s"] <= 30.0
            assert set(reply["ratings"]) == set(FACET_KEYS)
            assert reply["voice"]["engine"] in ("hibari", "festival")
        means = {r["kind"]: sum(r["ratings"].values()) / 8 for r in exercise["replies"]}
        assert means["weak"] < 2.5 and 2.5 <= means["ordinary"] <= 3.5 and means["strong"] > 3.5
    loaded = load_anchor_set()
    assert loaded.problems == ()
    assert all(r.audio is not None for e in loaded.exercises for r in e.replies)


def test_package_data_ships_the_anchors() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["media"]
    media = ROOT / "media"
    shipped = {p for pattern in patterns for p in media.glob(pattern) if p.is_file()}
    pack = [p for p in anchors_folder().iterdir() if p.is_file()]
    assert len(pack) >= 23  # 21 replies, the manifest, the credits
    assert set(pack) <= shipped
