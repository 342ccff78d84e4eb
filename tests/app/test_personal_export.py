""" "Export all my data": recordings plus CSV and JSON of attempts, ratings given and received,
comments and goals; every file 0600, the folder 0700; a failed export leaves nothing behind."""

from __future__ import annotations

import csv
import json
import stat
import subprocess
from pathlib import Path

import pytest

from app.paths import DataPaths
from app.personal_export import ExportFailed, export_all
from practice_db.store import PracticeStore
from tests.support.deletion_world import build_world
from tests.support.mounts import require_mounting


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_export_holds_everything_of_one_person_and_nothing_of_others(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    world = build_world(store, data_paths)
    out = tmp_path / "out"
    out.mkdir()
    result = export_all(store, data_paths, world.dana, out)

    folder = result.folder
    assert folder.parent == out and folder.name.startswith("Practice Room data - Dana Reyes - ")
    assert result.recordings == 3 and result.missing == ()
    attempts = rows(folder, "attempts")
    assert len(attempts) == 3
    for row in attempts:
        take = folder / row["recording_file"]
        source = store.attempts.by_uuid(row["attempt_uuid"])
        assert source is not None and source.recording_path is not None
        assert take.read_bytes() == (data_paths.home / source.recording_path).read_bytes()
    given = rows(folder, "ratings_given")
    assert [(r["rater"], r["trainee"], r["note"]) for r in given] == [("Dana Reyes", "Dana Reyes", "mine")]
    received = rows(folder, "ratings_received")
    assert [(r["rater"], r["corrective_point"], r["empathy"]) for r in received] == [
        ("Sam", "Slow down", "4")
    ]
    assert [(c["author"], c["text"]) for c in rows(folder, "comments")] == [("Sam", "Lovely pause here")]
    goals = rows(folder, "goals")
    assert len(goals) == 1 and json.loads(goals[0]["params"]) == {"sessions_per_week": 2}
    data = json.loads((folder / "data.json").read_text("utf-8"))
    assert data["ratings_received"][0]["corrective_point"] == "Slow down"
    assert data["profile"][0]["name"] == "Dana Reyes"
    text = json.dumps(data)
    assert "Lee" not in text and "Try naming it" not in text  # another trainee's data never leaks
    readme = (folder / "README.txt").read_text("utf-8")
    assert "PRIVATE" in readme and "Dana Reyes" in readme

    # A supervisor's export carries the ratings and comments they gave on others' attempts.
    sam = export_all(store, data_paths, world.sam, out).folder
    assert sorted(r["trainee"] for r in rows(sam, "ratings_given")) == ["Dana Reyes", "Lee"]
    assert len(rows(sam, "comments")) == 2

    # Private: every file 0600, folders 0700; no partial folder left over.
    for path in folder.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    # A second export the same day gets its own name.
    assert export_all(store, data_paths, world.dana, out).folder.name.endswith("(2)")


def test_export_to_a_read_only_folder_leaves_nothing(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    require_mounting()
    world = build_world(store, data_paths)
    out = tmp_path / "ro"
    out.mkdir()
    subprocess.run(["mount", "--bind", str(out), str(out)], check=True, timeout=30)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(out)], check=True, timeout=30)
    try:
        with pytest.raises(ExportFailed, match="Nothing was left there"):
            export_all(store, data_paths, world.dana, out)
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False, timeout=30)
    assert list(out.iterdir()) == []


def test_missing_recording_is_named_not_fatal(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    world = build_world(store, data_paths)
    world.recording(data_paths, store, world.dana_attempts[1]).unlink()
    result = export_all(store, data_paths, world.dana, tmp_path)
    assert result.recordings == 2 and len(result.missing) == 1
    assert "Not included: 1 recording" in (result.folder / "README.txt").read_text("utf-8")
