"""Content checks on staged files: a recording must decode, a clip must match its fingerprint."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import soundfile as sf

from app.bundles.errors import BundleCancelled, BundleError

SHA256 = re.compile(r"[0-9a-f]{64}")
BLOCK_FRAMES = 1 << 16


def check_recording(path: Path, member: str, cancel: Callable[[], bool] | None = None) -> None:
    """Open and read the whole file: a recording that will not play is refused, not imported."""
    bad = f"A recording in this bundle ({member}) cannot be played; the bundle was refused."
    try:
        with sf.SoundFile(str(path)) as audio:
            if audio.samplerate <= 0 or audio.channels <= 0 or audio.frames <= 0:
                raise BundleError(
                    f"A recording in this bundle ({member}) holds no sound; the bundle was refused."
                )
            read = 0
            for block in audio.blocks(blocksize=BLOCK_FRAMES, dtype="int16", always_2d=True):
                if cancel is not None and cancel():
                    raise BundleCancelled("Import cancelled; nothing was changed.")
                read += len(block)
            if read == 0:
                raise BundleError(bad)
    except BundleError:
        raise
    except (sf.SoundFileError, RuntimeError, ValueError, TypeError, OSError, EOFError) as exc:
        raise BundleError(bad) from exc


def check_clip_media(content_hash: str, digest: str, title: str) -> None:
    """Our clips are named by the SHA-256 of their file; a mismatch means a damaged or swapped file."""
    if SHA256.fullmatch(content_hash) and digest != content_hash:
        raise BundleError(f"The media file of the exercise {title[:80]!r} in this bundle is damaged.")
