"""Constants for recording and speech timing. Dependency-free on purpose: pure modules and tests
import it without pulling in sounddevice, soundfile, numpy or Qt."""

from __future__ import annotations

from typing import Final

DEFAULT_SAMPLERATE: Final = 48_000
CHANNELS: Final = 1
SAMPLE_BYTES: Final = 2  # PCM_16
# 1024 frames = 21 ms at 48 kHz: small enough for a snappy level meter, large enough that a
# Python callback never falls behind (0 overflows measured with CPU hogs and a stalled GUI).
BLOCKSIZE: Final = 1024

# fsync the take about once a second: a power cut loses at most this much of the reply.
FLUSH_INTERVAL_S: Final = 1.0
# No callback for this long while recording means the microphone was unplugged or stalled.
WATCHDOG_S: Final = 2.0
# Audio kept from just before start_take() so a reply that begins right at clip end is not trimmed.
PREROLL_S: Final = 0.25
# Upper bound of blocks waiting for the writer (about 30 s at 48 kHz / 1024); beyond it the
# callback drops blocks instead of blocking or growing memory without limit.
MAX_QUEUED_BLOCKS: Final = 1400

PARTIAL_SUFFIX: Final = ".partial"
WAV_HEADER_BYTES: Final = 44
# Free space that must remain after the longest possible take (the OS and database need room).
DISK_MARGIN_BYTES: Final = 16 * 1024 * 1024
# After a write error, less free space than this means "the disk is full".
DISK_FULL_FREE_BYTES: Final = 256 * 1024

# Qt adapter: how often the GUI thread drains the level and checks for a finished take.
LEVEL_POLL_INTERVAL_MS: Final = 33

# Speech timing: only silences longer than this inside the reply count as pauses.
PAUSE_MIN_S: Final = 1.0


def bytes_per_second(samplerate: int = DEFAULT_SAMPLERATE, channels: int = CHANNELS) -> int:
    """Bytes of PCM_16 audio per second of recording."""
    return samplerate * channels * SAMPLE_BYTES


def bytes_needed(max_seconds: float, samplerate: int = DEFAULT_SAMPLERATE, channels: int = CHANNELS) -> int:
    """Bytes a take of max_seconds (plus pre-roll and header) can occupy, without the margin."""
    return int((max_seconds + PREROLL_S + 1.0) * bytes_per_second(samplerate, channels)) + WAV_HEADER_BYTES
