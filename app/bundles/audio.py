"""Takes travel compressed; the take on disk stays lossless WAV on both computers.

Export: each WAV take becomes Ogg Opus (48 kHz and the other rates Opus takes) or, for any other
rate, FLAC, through soundfile's own libsndfile (no new dependency). Import: a compressed member is
checked by decoding it completely into a 16-bit WAV, which is what gets stored, so playback,
waveforms and speech timing see the same kind of file as a take recorded here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import soundfile as sf

from app.bundles.errors import BundleCancelled, BundleError
from app.private_files import create_private

Codec = Literal["opus", "flac"]
OPUS_RATES = frozenset({8000, 12000, 16000, 24000, 48000})  # the only rates libopus encodes
# libsndfile maps compression level to Opus bitrate as 256 kb/s - level * 250 kb/s: 0.8 is 56 kb/s.
# Below ~50 kb/s Opus leaves its waveform-matching mode (hybrid/SILK) and the decoded take drifts
# from the original; 56 kb/s keeps it close and is still about 430 KB per minute of speech.
OPUS_LEVEL = 0.8
OPUS_BYTES_PER_SECOND = 56_000 // 8
OPUS_MARGIN = 1.15  # VBR: a hard passage may run above the target for a while
CONTAINER_BYTES = 4096  # Ogg/FLAC headers and page framing of a short take
SUFFIX: dict[Codec, str] = {"opus": ".ogg", "flac": ".flac"}
BLOCK_FRAMES = 1 << 16
MAX_CHANNELS = 8


@dataclass(frozen=True)
class TakeShape:
    """What the WAV header says: enough to choose a codec and to estimate the size."""

    samplerate: int
    channels: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate if self.samplerate > 0 else 0.0


def opus_available() -> bool:
    return "OPUS" in sf.available_subtypes("OGG")


def shape_of(path: Path) -> TakeShape | None:
    """None if libsndfile cannot read the take (it would not play on the other side either)."""
    try:
        info = sf.info(str(path))
    except (sf.SoundFileError, RuntimeError, OSError, ValueError, TypeError):
        return None
    if info.samplerate <= 0 or info.channels <= 0 or info.frames <= 0:
        return None
    return TakeShape(int(info.samplerate), int(info.channels), int(info.frames))


def codec_for(shape: TakeShape) -> Codec:
    if shape.samplerate in OPUS_RATES and shape.channels <= 2 and opus_available():
        return "opus"
    return "flac"  # lossless: larger, but every rate and every libsndfile build has it


def estimate_bytes(shape: TakeShape, codec: Codec, wav_bytes: int) -> int:
    """An upper bound for the compressed member, from the header alone (no encoding)."""
    if codec == "opus":
        return int(shape.seconds * OPUS_BYTES_PER_SECOND * OPUS_MARGIN) + CONTAINER_BYTES
    return wav_bytes * 101 // 100 + CONTAINER_BYTES  # FLAC: at worst the samples plus its framing


def encode(
    source: Path,
    codec: Codec,
    on_frames: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> bytes:
    """The take compressed, in memory (a minute of Opus is a few hundred KB).

    `on_frames(done, total)` follows the encoding; `cancel()` is polled between blocks."""
    out = io.BytesIO()
    try:
        with sf.SoundFile(str(source)) as take:
            total = take.frames
            if codec == "opus":
                kwargs: dict[str, object] = {"format": "OGG", "subtype": "OPUS"}
                kwargs["compression_level"] = OPUS_LEVEL
            else:
                kwargs = {"format": "FLAC", "subtype": "PCM_24" if take.subtype == "PCM_24" else "PCM_16"}
            with sf.SoundFile(out, "w", take.samplerate, take.channels, **kwargs) as packed:  # type: ignore[arg-type]
                done = 0
                for block in take.blocks(blocksize=BLOCK_FRAMES, dtype="float32", always_2d=True):
                    if cancel is not None and cancel():
                        raise BundleCancelled("Export cancelled; no bundle was written.")
                    packed.write(block)
                    done += len(block)
                    if on_frames is not None:
                        on_frames(done, total)
    except (sf.SoundFileError, RuntimeError, OSError, ValueError, TypeError) as exc:
        raise BundleError(
            f"A recording could not be compressed for sending ({source.name}); nothing was written."
        ) from exc
    return out.getvalue()


def decode_to_wav(
    packed: Path,
    target: Path,
    member: str,
    max_bytes: int,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Decode a compressed member completely into a new 0600 16-bit WAV; returns the WAV's bytes.

    A member that will not decode, holds no sound or would unpack beyond `max_bytes` (a few KB of
    Opus can claim hours of silence) is refused with a plain sentence."""
    bad = f"A recording in this bundle ({member}) cannot be played; the bundle was refused."
    try:
        with sf.SoundFile(str(packed)) as audio:
            rate, channels = audio.samplerate, audio.channels
            if rate <= 0 or channels <= 0 or audio.frames <= 0:
                raise BundleError(
                    f"A recording in this bundle ({member}) holds no sound; the bundle was refused."
                )
            if channels > MAX_CHANNELS or rate > 384_000:
                raise BundleError(bad)
            frame_bytes = 2 * channels
            create_private(target, exclusive=True).close()  # 0600 before libsndfile opens it
            written = 0
            with sf.SoundFile(str(target), "w", rate, channels, format="WAV", subtype="PCM_16") as wav:
                for block in audio.blocks(blocksize=BLOCK_FRAMES, dtype="int16", always_2d=True):
                    if cancel is not None and cancel():
                        raise BundleCancelled("Import cancelled; nothing was changed.")
                    written += len(block) * frame_bytes
                    if written > max_bytes:
                        raise BundleError(
                            f"A recording in this bundle ({member}) unpacks to far more sound than it "
                            "should; the bundle was refused."
                        )
                    wav.write(block)
            if written == 0:
                raise BundleError(bad)
            return written + 44
    except BundleError:
        raise
    except (sf.SoundFileError, RuntimeError, ValueError, TypeError, OSError, EOFError) as exc:
        raise BundleError(bad) from exc


def is_compressed(member: str) -> bool:
    return Path(member).suffix.lower() in (".ogg", ".flac")
