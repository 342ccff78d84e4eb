"""Import decodes every file whole (issue 19): damage, pictures, true lengths, progress, folder skips.

Real files made here with ffmpeg, sox and espeak-ng, real libvlc, a real migrated store. Files are
small and short (the machine is shared): the 5-minute file lives only in the benchmark.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.clips.importer import SKIP_NOT_A_FILE, SKIP_UNREADABLE_FOLDER, ClipImporter
from app.clips.records import ClipDetails, StagedClip
from app.paths import DataPaths
from media.playback.media_probe import (
    MSG_ARCHIVE,
    MSG_DAMAGED,
    MSG_NOT_A_FILE,
    MSG_PICTURE,
    MediaProber,
)
from practice_db.store import PracticeStore

DETAILS = ClipDetails("Clip", "hostile", 2)
REPO = Path(__file__).resolve().parents[3]
SPEECH = "I am not sure why I keep coming here. Nothing ever changes, and you know it."


@dataclass(frozen=True)
class Media:
    video: Path  # 6 s, moving picture and speech
    damaged: Path  # the same with random bytes over part of its middle
    damaged_mkv: Path
    picture_mkv: Path  # one still frame, no sound
    looped_picture: Path  # a still picture repeated for 3 s, no sound
    picture_with_sound: Path  # a still picture over speech: kept, the sound is the clip
    silent_video: Path  # 3 s of a small moving patch, no sound
    long_mp3: Path  # 150 s at 8 kbit/s
    vbr_mp3: Path  # 22.5 s, VBR, no Xing header
    clean: tuple[Path, ...]  # 6 s of the speech video in common containers and codecs


def run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, f"{cmd[0]} failed: {done.stderr[-800:]}"


def scramble(source: Path, target: Path, seed: int) -> Path:
    data = bytearray(source.read_bytes())
    start, length = len(data) * 2 // 5, len(data) // 6  # the middle, well past any header
    data[start : start + length] = random.Random(seed).randbytes(length)
    target.write_bytes(bytes(data))
    return target


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    missing = [t for t in ("ffmpeg", "espeak-ng", "sox") if shutil.which(t) is None]
    assert not missing, f"test media needs {', '.join(missing)} (apt-get install ffmpeg espeak-ng sox)"
    d = tmp_path_factory.mktemp("decode-media")
    speech = d / "speech.wav"
    run("espeak-ng", "-v", "en-us+f3", "-s", "170", "-w", str(speech), SPEECH)
    six = d / "six.wav"
    run(
        "sox",
        str(speech),
        "-r",
        "48000",
        "-c",
        "1",
        "-b",
        "16",
        str(six),
        "pad",
        "0.2",
        "8",
        "trim",
        "0",
        "6",
    )
    ff = ("ffmpeg", "-nostdin", "-loglevel", "error", "-y")
    moving = ("-f", "lavfi", "-i", "testsrc2=s=160x120:r=25")
    x264 = ("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")
    video = d / "video.mp4"
    run(*ff, *moving, "-i", str(six), "-t", "6", *x264, "-c:a", "aac", str(video))
    mkv = d / "video.mkv"
    run(*ff, "-i", str(video), "-c", "copy", str(mkv))
    png = d / "picture.png"
    run(*ff, "-f", "lavfi", "-i", "testsrc2=s=160x120", "-frames:v", "1", str(png))
    picture_mkv = d / "holiday photo.mkv"
    run(*ff, "-i", str(png), str(picture_mkv))
    looped = d / "looped.mkv"
    run(*ff, "-loop", "1", "-i", str(png), "-t", "3", *x264, str(looped))
    with_sound = d / "cover.mp4"
    run(*ff, "-loop", "1", "-i", str(png), "-i", str(six), "-t", "6", *x264, "-c:a", "aac", str(with_sound))
    silent = d / "silent.mp4"  # a small patch (a face far away) moving 5 px: little, but it moves
    patch = (
        "-f",
        "lavfi",
        "-i",
        "color=c=0x808080:s=640x360:r=25",
        "-f",
        "lavfi",
        "-i",
        "color=c=0xd0a080:s=24x30",
    )
    run(
        *ff,
        *patch,
        "-filter_complex",
        "[0][1]overlay=x='300+5*sin(t*6)':y=150",
        "-t",
        "3",
        *x264,
        str(silent),
    )
    long_mp3 = d / "long.mp3"
    tone = ("-f", "lavfi", "-i", "sine=f=300:r=22050:d=150")
    run(*ff, *tone, "-ac", "1", "-c:a", "libmp3lame", "-b:a", "8k", str(long_mp3))
    vbr = d / "vbr.mp3"
    pad = ("-af", "apad=whole_dur=22.5", "-ar", "44100")
    run(*ff, "-i", str(speech), *pad, "-c:a", "libmp3lame", "-q:a", "0", "-write_xing", "0", str(vbr))
    clean = []
    for name, codecs in [
        ("clip.webm", ("-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus")),
        ("clip.mov", ("-c", "copy")),
        ("clip.avi", ("-c:v", "mpeg4", "-c:a", "libmp3lame")),
        ("clip.ts", ("-c:v", "mpeg2video", "-c:a", "mp2")),
        ("clip.ogg", ("-vn", "-c:a", "libvorbis")),
        ("clip.m4a", ("-vn", "-c:a", "aac")),
        ("clip.flac", ("-vn",)),
        ("clip.mp3", ("-vn", "-c:a", "libmp3lame", "-b:a", "64k")),
    ]:
        run(*ff, "-i", str(video), *codecs, str(d / name))
        clean.append(d / name)
    return Media(
        video, scramble(video, d / "damaged.mp4", 19), scramble(mkv, d / "damaged.mkv", 20),
        picture_mkv, looped, with_sound, silent, long_mp3, vbr, tuple(clean),
    )  # fmt: skip


@pytest.fixture(scope="module")
def prober() -> Iterator[MediaProber]:
    made = MediaProber()
    yield made
    made.close()


@pytest.fixture
def importer(data_paths: DataPaths, prober: MediaProber) -> ClipImporter:
    return ClipImporter(data_paths, prober)


def import_one(importer: ClipImporter, store: PracticeStore, path: Path) -> tuple[str, str, int | None]:
    [outcome] = importer.import_files(store, [(path, DETAILS)])
    duration = outcome.clip.duration_ms if outcome.clip is not None else None
    return outcome.status, outcome.message, duration


def leftovers(paths: DataPaths) -> list[str]:
    return sorted(p.name for p in paths.clips.iterdir())


def test_random_bytes_in_the_middle_are_refused_in_plain_words(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, media: Media
) -> None:
    for damaged in (media.damaged, media.damaged_mkv):
        status, message, _ = import_one(importer, store, damaged)
        assert (status, message) == ("rejected", MSG_DAMAGED), damaged.name
    assert store.clips.count() == 0 and leftovers(data_paths) == []
    status, _, duration = import_one(importer, store, media.video)  # the undamaged original is fine
    assert status == "imported" and duration is not None and abs(duration - 6000) < 300


def test_undamaged_files_of_common_kinds_pass_with_their_length(prober: MediaProber, media: Media) -> None:
    for path in media.clean:  # the damage test must not refuse good clips
        info = prober.probe(path)
        assert info.duration_ms is not None and abs(info.duration_ms - 6000) < 300, path.name
        assert info.has_audio and info.has_video == (path.suffix in {".webm", ".mov", ".avi", ".ts"})


@pytest.mark.parametrize("name", ["picture_mkv", "looped_picture"])
def test_a_still_picture_saved_as_video_is_refused_as_a_picture(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, media: Media, name: str
) -> None:
    status, message, _ = import_one(importer, store, getattr(media, name))
    assert (status, message) == ("rejected", MSG_PICTURE)
    assert store.clips.count() == 0 and leftovers(data_paths) == []


def test_moving_video_without_sound_and_a_still_picture_with_sound_are_kept(
    importer: ClipImporter, store: PracticeStore, media: Media
) -> None:
    status, message, duration = import_one(importer, store, media.silent_video)
    assert status == "imported", message
    assert duration is not None and abs(duration - 3000) < 300
    status, message, duration = import_one(importer, store, media.picture_with_sound)
    assert status == "imported", message
    assert duration is not None and abs(duration - 6000) < 300


def test_long_low_bitrate_mp3_is_stored_with_its_decoded_length(
    importer: ClipImporter, store: PracticeStore, media: Media
) -> None:
    # libvlc's parse guessed 42.9 s for the 5-minute version of this file (issue 19: 2:00 or 2:51)
    status, message, duration = import_one(importer, store, media.long_mp3)
    assert status == "imported", message
    assert duration is not None and abs(duration - 150_000) <= 500


def test_vbr_mp3_without_xing_header_is_accepted_with_its_true_length(
    importer: ClipImporter, store: PracticeStore, media: Media
) -> None:
    # libvlc's parse guessed 4.3 s for this file: its first frames are not typical of the rest
    status, message, duration = import_one(importer, store, media.vbr_mp3)
    assert status == "imported", message
    assert duration is not None and abs(duration - 22_500) <= 500


def test_progress_advances_through_copy_and_decode_and_cancel_leaves_nothing(
    importer: ClipImporter, data_paths: DataPaths, media: Media
) -> None:
    seen: list[float] = []
    staged = importer.stage(media.video, progress=seen.append)
    assert isinstance(staged, StagedClip), staged
    importer.discard(staged)
    assert seen == sorted(seen) and seen[-1] == 1.0
    decoding = [f for f in seen if 0.2 < f < 1.0]
    assert len(decoding) >= 5  # the bar moves while the file is decoded, not only at its end
    stop_midway: list[float] = []
    outcome = importer.stage(
        media.video, lambda: bool(stop_midway) and stop_midway[-1] > 0.3, stop_midway.append
    )
    assert not isinstance(outcome, StagedClip) and outcome.status == "cancelled"
    assert max(stop_midway) < 0.9 and leftovers(data_paths) == []


def test_a_named_pipe_or_an_archive_picked_by_name_is_refused_without_reading_it(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    fifo = tmp_path / "stream.mp4"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    archive = tmp_path / "clips.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("inside.wav", b"RIFF")
    outcomes = importer.import_files(store, [(fifo, DETAILS), (archive, DETAILS)])
    assert [(o.status, o.message) for o in outcomes] == [
        ("rejected", MSG_NOT_A_FILE),
        ("rejected", MSG_ARCHIVE.format(suffix=".zip")),
    ]


COLLECT_CHILD = """
import json, sys
from pathlib import Path
from app.clips.importer import ClipImporter
from app.paths import DataPaths
found = ClipImporter(DataPaths(Path(sys.argv[2]))).collect([Path(sys.argv[1])])
print(json.dumps({"clips": [p.name for p in found.clips],
                  "skipped": [[s.path.name, s.reason] for s in found.skipped]}))
"""


def test_folder_import_lists_unreadable_folder_pipe_and_archive_with_reasons(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "From the training day"
    locked = folder / "Private notes"
    locked.mkdir(parents=True)
    (locked / "inside.wav").write_bytes(b"RIFF")
    (folder / "ok.wav").write_bytes(b"RIFF0000WAVE")
    os.mkfifo(folder / "pipe.wav")
    with zipfile.ZipFile(folder / "more clips.zip", "w") as zf:
        zf.writestr("take.wav", b"RIFF")
    locked.chmod(0)
    try:
        # root reads any folder: list it in a child stripped of root's permission override
        drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*drop, sys.executable, "-c", COLLECT_CHILD, str(folder), str(data_paths.home)],
            capture_output=True, text=True, cwd=REPO, timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["clips"] == ["ok.wav"]
    assert sorted(map(tuple, found["skipped"])) == [
        ("Private notes", SKIP_UNREADABLE_FOLDER),
        ("more clips.zip", MSG_ARCHIVE.format(suffix=".zip")),
        ("pipe.wav", SKIP_NOT_A_FILE),
    ]
    assert "unzip it first" in MSG_ARCHIVE
