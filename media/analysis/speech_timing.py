"""When did the clinician start speaking, for how long, and how often did they pause?

A small voice-activity detector in vectorised numpy (no model download): per 10 ms frame, energy
against an adaptive noise floor (minimum statistics over ~1 s chunks), zero-crossing rate to keep
soft fricatives, then run-length smoothing (short gaps bridged, clicks dropped).

The samples are read and reduced to per-frame features 5 s at a time: a whole 10-minute take as
float32 would be ~115 MB (and its temporaries as much again) just to get 60,000 frame values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media.recording.audio_constants import PAUSE_MIN_S

FRAME_S = 0.010
_CHUNK_FRAMES = 100  # 1 s chunks for the noise floor
_FLOOR_SPAN_CHUNKS = 5  # floor = lowest chunk estimate within +-2 s: follows slow changes only
_FLOOR_PERCENTILE = 10.0
_FLOOR_MAX_RISE_DB = 15.0  # a chunk of continuous speech must not become the "noise"
_ABOVE_FLOOR_DB = 10.0  # speech frame: this far above the local noise floor ...
_ABSOLUTE_MIN_DB = -55.0  # ... and above this (dBFS), so near-silence never counts as speech
_FRICATIVE_DB = 6.0  # weaker frames count if their zero-crossing rate says "s", "f", "sh"
_FRICATIVE_ZCR = 0.25
_BRIDGE_GAP_S = 0.20  # gaps shorter than this are part of the speech (stops, hangover)
_MIN_BURST_S = 0.06  # shorter bursts are clicks or breaths
_SILENCE_DB = -120.0
_FRAMES_PER_READ = 500  # analysis frames per block read: 5 s of audio held at a time


@dataclass(frozen=True)
class SpeechTiming:
    latency_s: float | None  # clip end -> first speech; None if no speech at all
    speaking_s: float
    pause_count: int  # silences longer than PAUSE_MIN_S between the first and last speech
    pause_total_s: float
    speech_start_s: float | None  # seconds from the start of the file
    speech_end_s: float | None
    duration_s: float


def _frame_features(x: np.ndarray, frame: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(x) // frame
    frames = x[: n * frame].reshape(n, frame)
    power = np.einsum("ij,ij->i", frames, frames) / frame
    energy_db = 10.0 * np.log10(np.maximum(power, 10.0 ** (_SILENCE_DB / 10.0)))
    signs = np.signbit(frames)
    zcr = np.count_nonzero(signs[:, 1:] != signs[:, :-1], axis=1) / (frame - 1)
    return energy_db, zcr


def _noise_floor(energy_db: np.ndarray) -> np.ndarray:
    n = len(energy_db)
    chunks = -(-n // _CHUNK_FRAMES)
    padded = np.full(chunks * _CHUNK_FRAMES, np.nan)
    padded[:n] = energy_db
    per_chunk = np.nanpercentile(padded.reshape(chunks, _CHUNK_FRAMES), _FLOOR_PERCENTILE, axis=1)
    half = _FLOOR_SPAN_CHUNKS // 2
    edged = np.pad(per_chunk, half, mode="edge")
    local = np.lib.stride_tricks.sliding_window_view(edged, _FLOOR_SPAN_CHUNKS).min(axis=1)
    local = np.minimum(local, np.percentile(energy_db, _FLOOR_PERCENTILE) + _FLOOR_MAX_RISE_DB)
    return np.repeat(local, _CHUNK_FRAMES)[:n]


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) frame indexes of each run of True."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _smooth(mask: np.ndarray, frame_s: float) -> tuple[np.ndarray, np.ndarray]:
    starts, ends = _runs(mask)
    if len(starts) == 0:
        return starts, ends
    gaps = starts[1:] - ends[:-1]
    keep = np.concatenate(([True], gaps * frame_s >= _BRIDGE_GAP_S))  # run starts a new segment
    seg_starts = starts[keep]
    seg_ends = ends[np.concatenate((keep[1:], [True]))]
    long_enough = (seg_ends - seg_starts) * frame_s >= _MIN_BURST_S
    return seg_starts[long_enough], seg_ends[long_enough]


def _mono_float(block: np.ndarray) -> np.ndarray:
    """One block as mono float32 in -1..1 (integer samples scaled by their type, not the mean's)."""
    scale = 32768.0 if np.issubdtype(block.dtype, np.integer) else 1.0
    if block.ndim == 2:
        block = block.mean(axis=1) if block.shape[1] > 1 else block[:, 0]
    return block.astype(np.float32) / np.float32(scale)


def _features(blocks: Iterable[np.ndarray], frame: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Per-frame energy (dB) and zero-crossing rate over all blocks, and the number of samples.
    Every block but the last must hold a whole number of frames; a last partial frame is dropped."""
    energy: list[np.ndarray] = []
    zcr: list[np.ndarray] = []
    samples = 0
    for block in blocks:
        x = _mono_float(block)
        samples += len(x)
        if len(x) >= frame:
            block_energy, block_zcr = _frame_features(x, frame)
            energy.append(block_energy)
            zcr.append(block_zcr)
    if not energy:
        return np.empty(0), np.empty(0), samples
    return np.concatenate(energy), np.concatenate(zcr), samples


def _frame_samples(samplerate: int) -> int:
    return max(2, round(samplerate * FRAME_S))


def _timing(
    energy_db: np.ndarray, zcr: np.ndarray, frame_s: float, duration: float, clip_end_offset_s: float
) -> SpeechTiming:
    none = SpeechTiming(None, 0.0, 0, 0.0, None, None, duration)
    if len(energy_db) == 0:
        return none
    threshold = np.maximum(_noise_floor(energy_db) + _ABOVE_FLOOR_DB, _ABSOLUTE_MIN_DB)
    voiced = energy_db > threshold
    fricative = (energy_db > threshold - _FRICATIVE_DB) & (zcr > _FRICATIVE_ZCR)
    starts, ends = _smooth(voiced | fricative, frame_s)
    if len(starts) == 0:
        return none
    pauses = (starts[1:] - ends[:-1]) * frame_s
    long_pauses = pauses[pauses > PAUSE_MIN_S]
    speech_start = float(starts[0] * frame_s)
    return SpeechTiming(
        latency_s=max(0.0, speech_start - clip_end_offset_s),
        speaking_s=float((ends - starts).sum() * frame_s),
        pause_count=int(len(long_pauses)),
        pause_total_s=float(long_pauses.sum()),
        speech_start_s=speech_start,
        speech_end_s=float(ends[-1] * frame_s),
        duration_s=duration,
    )


def analyze_speech(samples: np.ndarray, samplerate: int, *, clip_end_offset_s: float = 0.0) -> SpeechTiming:
    """samples: mono or (frames, channels), int16 or float. clip_end_offset_s: position of the
    clip end in the recording (TakeResult.clip_end_offset_s); latency is measured from there."""
    x = np.asarray(samples)
    frame = _frame_samples(samplerate)
    step = frame * _FRAMES_PER_READ
    energy_db, zcr, count = _features((x[i : i + step] for i in range(0, len(x), step)), frame)
    return _timing(energy_db, zcr, frame / samplerate, count / samplerate, clip_end_offset_s)


def analyze_file(path: Path | str, *, clip_end_offset_s: float = 0.0) -> SpeechTiming:
    """As analyze_speech, reading the file a block at a time (memory stays flat for long takes)."""
    import soundfile  # imported here so analyze_speech works without libsndfile

    with soundfile.SoundFile(str(path)) as f:
        samplerate = int(f.samplerate)
        frame = _frame_samples(samplerate)
        blocks = f.blocks(blocksize=frame * _FRAMES_PER_READ, dtype="int16", always_2d=True)
        energy_db, zcr, count = _features(blocks, frame)
    return _timing(energy_db, zcr, frame / samplerate, count / samplerate, clip_end_offset_s)
