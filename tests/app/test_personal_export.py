""" "Export all my data": recordings plus CSV and JSON of attempts, ratings given and received,
comments and goals; every file 0600, the folder 0700; a failed export leaves nothing behind."""

from __future__ import annotations

import csv
import json
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.paths import DataPaths
from app.personal_export import ExportFailed, export_all
from practice_db import models
from practice_db.records import TakeFacts
from practice_db.store import PracticeStore
from tests.support.deletion_world import build_world
from tests.support.mounts import require_mounting

pytestmark = pytest.mark.both_databases  # storage-heavy: on SQLite and on PostgreSQL


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


def test_export_holds_the_persons_assessment_takes_and_their_ratings(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    world = build_world(store, data_paths)
    with Session(store.engine) as s, s.begin():
        own_set = models.AssessmentSet(name="Short set")
        s.add(own_set)
        s.flush()
        s.add(models.AssessmentSetClip(set_id=own_set.id, position=0, clip_id=store.clips.list()[0].id))
        set_id = own_set.id
    sitting = store.assessment_sittings.start(world.dana, set_id, "baseline")
    (data_paths.home / "recordings" / "sitting-take.wav").write_bytes(b"RIFF-take")
    take = store.assessment_sittings.begin_take(sitting.id, 0, "recordings/sitting-take.wav")
    store.assessment_sittings.finish_take(take.id, TakeFacts("recordings/sitting-take.wav", 3000))
    store.assessment_sittings.end(sitting.id, "complete")
    store.assessment_ratings.save_blind(take.id, world.sam, {"empathy": 4})

    folder = export_all(store, data_paths, world.dana, tmp_path).folder

    (row,) = rows(folder, "assessment_takes")
    assert (row["occasion"], row["status"], row["take_uuid"]) == ("baseline", "complete", take.uuid)
    assert (folder / row["recording_file"]).read_bytes() == b"RIFF-take"
    assert [(r["rater_role"], r["empathy"]) for r in rows(folder, "assessment_ratings")] == [("rater", "4")]
    assert stat.S_IMODE((folder / row["recording_file"]).stat().st_mode) == 0o600
