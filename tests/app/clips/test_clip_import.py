"""Importing the user's own clips (app workflow, no Qt): real files, real libvlc, a real migrated store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from app.clips.files import remove_stale_staging
from app.clips.importer import ClipImporter, tidy_title
from app.clips.records import ClipDetails, StagedClip
from app.paths import DataPaths
from app.startup.starter_library import load_manifest, pack_folder
from media.playback.media_probe import (
    MSG_CUT_SHORT,
    MSG_EMPTY,
    MSG_FOLDER,
    MSG_TEXT,
    MSG_UNREADABLE,
    MediaProber,
)
from practice_db.store import PracticeStore

DETAILS = ClipDetails("My clip", "hostile", 2, "You never listen.", ("empathy", "warmth"))
STARTER_MP4 = pack_folder() / "hostile-3.mp4"
STARTER_VIDEO = next(c["video"] for c in load_manifest() if c["id"] == "hostile-3")
STARTER_MP4_MS = round(STARTER_VIDEO["duration_s"] * 1000)


@pytest.fixture(scope="module")
def prober() -> Iterator[MediaProber]:
    made = MediaProber()  # one libvlc instance for the module: creating it is the slow part
    yield made
    made.close()


@pytest.fixture
def importer(data_paths: DataPaths, prober: MediaProber) -> ClipImporter:
    return ClipImporter(data_paths, prober)


def write_tone(path: Path, seconds: float = 1.5) -> Path:
    t = np.arange(int(48000 * seconds)) / 48000
    soundfile.write(str(path), (0.2 * np.sin(2 * np.pi * 220 * t)).astype("float32"), 48000)
    return path


def clips_dir_names(paths: DataPaths) -> list[str]:
    return sorted(p.name for p in paths.clips.iterdir())  # hidden staging files included


def test_wav_and_mp4_become_rows_and_hash_named_files(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    wav = write_tone(tmp_path / "client_says_no.wav")
    mp4 = tmp_path / "Rôle play – Angry Dad.MP4"  # spaces, unicode, upper-case type ending
    shutil.copy(STARTER_MP4, mp4)
    outcomes = importer.import_files(store, [(wav, DETAILS), (mp4, DETAILS)])
    assert [o.status for o in outcomes] == ["imported", "imported"], [o.message for o in outcomes]
    clips = {c.content_hash: c for c in store.clips.list()}
    for outcome in outcomes:
        assert outcome.clip is not None
        clip = clips[outcome.clip.content_hash]
        ext = outcome.source.suffix.lower()
        assert clip.media_path == f"clips/{clip.content_hash}{ext}" and clip.source == "imported"
        assert (data_paths.home / clip.media_path).read_bytes() == outcome.source.read_bytes()
        assert clip.presentation == "hostile" and set(clip.facets) == {"empathy", "warmth"}
    wav_clip = clips[outcomes[0].clip.content_hash]  # type: ignore[union-attr]
    assert wav_clip.duration_ms is not None and abs(wav_clip.duration_ms - 1500) < 100
    mp4_clip = clips[outcomes[1].clip.content_hash]  # type: ignore[union-attr]
    assert mp4_clip.duration_ms is not None and abs(mp4_clip.duration_ms - STARTER_MP4_MS) < 500
    assert len(clips_dir_names(data_paths)) == 2  # no staging copies left


def test_same_file_twice_is_reported_as_duplicate_once_stored(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    wav = write_tone(tmp_path / "take.wav")
    renamed = tmp_path / "same recording renamed.wav"
    shutil.copy(wav, renamed)
    first = importer.import_files(store, [(wav, DETAILS), (renamed, DETAILS)])  # duplicate in one batch
    again = importer.import_files(store, [(wav, ClipDetails("Other", "withdrawn", 1))])
    assert [o.status for o in first + again] == ["imported", "duplicate", "duplicate"]
    assert again[0].message == "Already in your library as «My clip»."
    assert store.clips.count() == 1 and len(clips_dir_names(data_paths)) == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.wav", b"", MSG_EMPTY),
        ("notes.wav", b"Session notes: client said she would come back next week.\n", MSG_TEXT),
        # cut inside its header (the pack writes it first), so no track can be found
        ("start-of-video.mp4", STARTER_MP4.read_bytes()[:512], "No sound or picture could be found"),
        ("noise.mp4", np.random.default_rng(1).bytes(200_000), "No sound or picture could be found"),
        ("noise.mp3", np.random.default_rng(2).bytes(50_000), "No sound or picture could be found"),
        ("half-a-video.mp4", STARTER_MP4.read_bytes()[:60_000], MSG_CUT_SHORT),
        ("minutes.docx", b"PK\x03\x04 not a recording", "“.docx” files are not audio or video"),
    ],
)
def test_unplayable_files_are_rejected_leaving_no_row_and_no_file(
    importer: ClipImporter,
    store: PracticeStore,
    data_paths: DataPaths,
    tmp_path: Path,
    name: str,
    content: bytes,
    reason: str,
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    [outcome] = importer.import_files(store, [(bad, DETAILS)])
    assert outcome.status == "rejected" and reason in outcome.message
    assert store.clips.count() == 0 and clips_dir_names(data_paths) == []


def test_missing_file_and_folder_given_as_file_are_rejected(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    (tmp_path / "a folder.mp4").mkdir()
    outcomes = importer.import_files(
        store, [(tmp_path / "gone.mp4", DETAILS), (tmp_path / "a folder.mp4", DETAILS)]
    )
    assert [o.status for o in outcomes] == ["rejected", "rejected"]
    assert "not there any more" in outcomes[0].message and outcomes[1].message == MSG_FOLDER


def test_unreadable_file_is_rejected_in_plain_words(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    locked = write_tone(tmp_path / "locked.wav")
    locked.chmod(0)
    if os.geteuid() != 0:
        [outcome] = importer.import_files(store, [(locked, DETAILS)])
        assert outcome.status == "rejected" and outcome.message == MSG_UNREADABLE
        assert clips_dir_names(data_paths) == []
        return
    # root reads anything: import in a child process stripped of root's permission override instead
    code = (
        "import sys; from pathlib import Path; from app.paths import DataPaths\n"
        "from app.clips.importer import ClipImporter\n"
        "print(ClipImporter(DataPaths(Path(sys.argv[2]))).stage(Path(sys.argv[1])).message)"
    )
    root = Path(__file__).parents[3]
    drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    out = subprocess.run(
        [*drop, sys.executable, "-c", code, str(locked), str(data_paths.home)],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert out.stdout.strip() == MSG_UNREADABLE
    assert clips_dir_names(data_paths) == []


def test_db_failure_removes_the_copied_file(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    wav = write_tone(tmp_path / "good.wav")
    staged = importer.stage(wav)
    assert isinstance(staged, StagedClip) and staged.staged_path.parent == data_paths.clips
    outcome = importer.commit(store, staged, ClipDetails("Fine", "no-such-presentation", 2))  # row refused
    assert outcome.status == "rejected" and "Unknown presentation" in outcome.message
    assert store.clips.count() == 0 and clips_dir_names(data_paths) == []


def test_cancel_while_copying_leaves_nothing(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    wav = write_tone(tmp_path / "long.wav", seconds=20)  # > 1 MiB: several copy chunks
    outcome = importer.stage(wav, cancelled=lambda: True)
    assert not isinstance(outcome, StagedClip) and outcome.status == "cancelled"
    assert clips_dir_names(data_paths) == []


def test_folder_import_reports_each_file(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "Training day 3"
    (folder / "Sub folder").mkdir(parents=True)
    write_tone(folder / "01_withdrawn_client.wav")
    write_tone(folder / "Sub folder" / "ANGRY DAD.FLAC")
    shutil.copy(folder / "01_withdrawn_client.wav", folder / "copy of 01.wav")
    (folder / "broken.mp4").write_bytes(b"\x00" * 4096)
    (folder / "zero.m4a").write_bytes(b"")
    (folder / "transcript.txt").write_text("not a clip")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "._01_withdrawn_client.wav").write_bytes(b"\x00\x05\x16\x07")  # macOS metadata twin
    found = importer.collect([folder, folder / "broken.mp4"])  # overlap is listed once
    assert [p.name for p in found.ignored] == ["transcript.txt"]
    names = [p.name for p in found.clips]
    assert sorted(names) == sorted(
        ["01_withdrawn_client.wav", "broken.mp4", "copy of 01.wav", "zero.m4a"] + ["ANGRY DAD.FLAC"]
    )
    items = [(p, ClipDetails(importer.default_title(p), "withdrawn", 1)) for p in found.clips]
    by_name = {o.source.name: o for o in importer.import_files(store, items)}
    assert by_name["01_withdrawn_client.wav"].status == "imported"
    assert by_name["ANGRY DAD.FLAC"].status == "imported"
    assert by_name["copy of 01.wav"].status == "duplicate"
    assert "01 withdrawn client" in by_name["copy of 01.wav"].message
    assert by_name["broken.mp4"].status == "rejected" and by_name["zero.m4a"].message == MSG_EMPTY
    assert sorted(c.title for c in store.clips.list()) == ["01 withdrawn client", "ANGRY DAD"]
    assert len(clips_dir_names(data_paths)) == 2


def test_titles_are_tidied_from_file_names() -> None:
    assert tidy_title(Path("hostile_client-take2.MP4")) == "Hostile client take2"
    assert tidy_title(Path("Session 4 - self-harm disclosure.mov")) == "Session 4 - self-harm disclosure"
    assert tidy_title(Path("Élodie__ambivalent...wav")) == "Élodie ambivalent"
    assert tidy_title(Path("___.wav")) == "Imported clip"


def test_stale_staging_copies_are_cleared(data_paths: DataPaths) -> None:
    (data_paths.clips / ".importing-abc.part.mp4").write_bytes(b"half")
    keep = data_paths.clips / ("0" * 64 + ".mp4")
    keep.write_bytes(b"real")
    assert remove_stale_staging(data_paths.clips) == 1
    assert clips_dir_names(data_paths) == [keep.name]
