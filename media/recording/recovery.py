"""Bring back replies left as `<name>.wav.partial` by a crash, a power cut or a full disk.

libsndfile reads such a file even when its header says 0 frames (it trusts the file size); Python's
`wave` does not. A repaired take is a clean WAV under the final name (`<attempt-uuid>.wav`), so the
app can attach it to its attempt by file name. Nothing is ever deleted: a file with no audio is
renamed aside (`.empty` / `.unreadable`) and reported."""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import soundfile

from media.recording.audio_constants import PARTIAL_SUFFIX, WAV_HEADER_BYTES
from media.recording.wav_writer import PRIVATE_FILE, create_private_file, fsync_directory

_COPY_BLOCK = 65_536


@dataclass(frozen=True)
class RepairedTake:
    source: Path  # the .partial file as found
    path: Path  # where the audio is now (final WAV), or where an empty/unreadable file was put aside
    attempt_stem: str  # final name without suffix: the attempt id the caller named it after
    frames: int
    samplerate: int
    duration_s: float
    empty: bool  # no audio at all: nothing to attach
    rewritten: bool  # the header had to be rebuilt (False: a rename was enough)
    unreadable: bool = False  # put aside because libsndfile could not read it (may still hold audio)


@dataclass(frozen=True)
class TakeOnDisk:
    """What a final `<attempt-uuid>.wav` holds, read without changing it."""

    kind: Literal["audio", "empty", "unreadable", "missing"]
    duration_s: float = 0.0


def inspect_take(path: Path) -> TakeOnDisk:
    """Read a take's length. "empty": 0 bytes, a header alone, or no frames (no reply was
    recorded); "unreadable": bytes libsndfile cannot read, which may still be someone's voice."""
    path = Path(path)
    if not path.is_file():
        return TakeOnDisk("missing")
    size = path.stat().st_size
    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, OSError):
        # Too short to hold a single sample after a header: nothing was recorded.
        return TakeOnDisk("empty" if size <= WAV_HEADER_BYTES else "unreadable")
    if info.frames <= 0 or info.samplerate <= 0:
        return TakeOnDisk("empty")
    return TakeOnDisk("audio", info.frames / info.samplerate)


def find_partial_takes(folder: Path) -> list[Path]:
    """Every `*.partial` file under folder (recursively), oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [p for p in folder.rglob(f"*{PARTIAL_SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, str(p)))


def _free_name(path: Path) -> Path:
    """path itself if unused, else `<stem>-recovered-N<suffix>`: never overwrite a reply."""
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-recovered-{n}{path.suffix}")
        n += 1
    return candidate


def _wave_frames(path: Path) -> int | None:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes()
    except (wave.Error, EOFError, OSError):
        return None


def _put_aside(source: Path, suffix: str, stem: str) -> RepairedTake:
    aside = _free_name(source.with_name(source.name + suffix))
    os.replace(source, aside)
    fsync_directory(source.parent)
    unreadable = suffix == ".unreadable"
    return RepairedTake(source, aside, stem, 0, 0, 0.0, empty=True, rewritten=False, unreadable=unreadable)


def repair_partial_take(path: Path) -> RepairedTake:
    """Turn `<final>.partial` into a clean `<final>` that soundfile and `wave` both read."""
    source = Path(path)
    if not source.name.endswith(PARTIAL_SUFFIX):
        raise ValueError(f"Not a partial recording: {source}")
    final = source.with_name(source.name[: -len(PARTIAL_SUFFIX)])
    stem = final.stem
    try:
        info = soundfile.info(str(source))
    except (soundfile.LibsndfileError, RuntimeError, OSError):
        # A crash before the first block leaves 0 bytes or a bare header: no reply, not damage.
        tiny = source.stat().st_size <= WAV_HEADER_BYTES
        return _put_aside(source, ".empty" if tiny else ".unreadable", stem)
    if info.frames <= 0:
        return _put_aside(source, ".empty", stem)
    target = _free_name(final)
    rewritten = _wave_frames(source) != info.frames
    if rewritten:
        # Copy through libsndfile into a fresh file: it writes a correct header on close.
        scratch = target.with_name(target.name + ".repairing")
        scratch.unlink(missing_ok=True)  # only ever a leftover of an earlier repair's own copy
        create_private_file(scratch)
        subtype = info.subtype if info.subtype in ("PCM_16", "PCM_24", "PCM_32") else "PCM_16"
        with soundfile.SoundFile(
            str(scratch),
            "w",
            samplerate=info.samplerate,
            channels=info.channels,
            format="WAV",
            subtype=subtype,
        ) as out:
            for block in soundfile.blocks(str(source), blocksize=_COPY_BLOCK, dtype="int32", always_2d=True):
                out.write(block)
            out.flush()
        os.replace(scratch, target)
        fsync_directory(target.parent)
        frames = int(soundfile.info(str(target)).frames)
        if frames == info.frames:
            os.remove(source)  # only now: the whole clean copy is safely on disk
        else:
            os.replace(source, _free_name(source.with_name(source.name + ".original")))
    else:
        os.replace(source, target)
        frames = info.frames
        try:
            os.chmod(target, PRIVATE_FILE)  # a take written by an older version may be 0644
        except OSError:
            pass
    fsync_directory(target.parent)
    return RepairedTake(
        source,
        target,
        stem,
        frames,
        info.samplerate,
        frames / info.samplerate,
        empty=False,
        rewritten=rewritten,
    )
