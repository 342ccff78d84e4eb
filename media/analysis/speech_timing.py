"""When did the clinician start speaking, for how long, and how often did they pause?

A small voice-activity detector in vectorised numpy (no model download): per 10 ms frame, energy
against an adaptive noise floor (minimum statistics over ~1 s chunks), zero-crossing rate to keep
soft fricatives, then a voice test (media.analysis.voicing): a stretch of sound counts as speech
only if part of it is periodic at a speaking pitch (60-400 Hz; not a beep or whistle above it),
and not with the unchanging pitch and level of a hum. Noise, hum, clicks and knocks are loud but
not a voice. The consonants next to a voiced stretch are kept with it, up to 0.35 s beyond its
voiced frames. Then run-length smoothing (short gaps bridged, clicks dropped). Whispering has no
voice in it and is not counted.

Speaking time is the time from the first to the last word less the pauses (silences over
PAUSE_MIN_S); shorter silences inside speech are part of speaking.

The samples are read and reduced to per-frame features 5 s at a time: a whole 10-minute take as
float32 would be ~115 MB (and its temporaries as much again) just to get 60,000 frame values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media.analysis.voicing import VoicingMeter
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
_VOICED_APERIODICITY = 0.30  # YIN value below this: periodic at a speaking pitch
_MIN_VOICED_RUN_S = 0.05  # a voice holds its periodicity at least this long (a click rings less)
_ATTACH_GAP_S = 0.20  # an unvoiced sound this close to a voiced one is its consonant ...
_ATTACH_MAX_S = 0.35  # ... if it is no longer than this ("s", "sh", "t"); longer is noise
_HUM_LOOKBACK = 10  # frames: a hum has the same pitch and level as 100 ms before ...
_HUM_PITCH_TOLERANCE = 0.01  # ... within 1 % ...
_HUM_LEVEL_TOLERANCE_DB = 2.0  # ... and 2 dB ...
_HUM_MIN_S = 0.4  # ... for this long; speech hardly ever holds that still
_FRAMES_PER_READ = 500  # analysis frames per block read: 5 s of audio held at a time


@dataclass(frozen=True)
class SpeechTiming:
    latency_s: float | None  # clip end -> first speech; None if no speech at all
    speaking_s: float  # first to last word, less the pauses; 0.0 if no speech
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


@dataclass(frozen=True)
class _Features:
    energy_db: np.ndarray
    zcr: np.ndarray
    aperiodicity: np.ndarray  # 0 periodic .. 1 noise (voicing.py)
    period_s: np.ndarray
    samples: int


def _features(blocks: Iterable[np.ndarray], samplerate: int, frame: int) -> _Features:
    """Per-frame features over all blocks, and the number of samples. Every block but the last
    must hold a whole number of frames; a last partial frame is dropped."""
    parts: list[tuple[np.ndarray, ...]] = []
    meter = VoicingMeter(samplerate, frame)
    samples = 0
    for block in blocks:
        x = _mono_float(block)
        samples += len(x)
        if len(x) >= frame:
            energy, zcr = _frame_features(x, frame)
            aper, period = meter.feed(x, energy > _ABSOLUTE_MIN_DB)  # quiet frames are never speech
            parts.append((energy, zcr, aper, period))
    if not parts:
        empty = np.empty(0)
        return _Features(empty, empty, empty, empty, samples)
    energy, zcr, aper, period = (np.concatenate(column) for column in zip(*parts, strict=True))
    return _Features(energy, zcr, aper, period, samples)


def _frame_samples(samplerate: int) -> int:
    return max(2, round(samplerate * FRAME_S))


def _hum(periodic: np.ndarray, period: np.ndarray, energy_db: np.ndarray, frame_s: float) -> np.ndarray:
    """Frames of a steady tone: periodic with the same pitch and level as 100 ms before, for long."""
    lb = _HUM_LOOKBACK
    steady = np.zeros(len(periodic), bool)
    if len(periodic) > lb:
        octaves = np.log2(np.maximum(period[lb:], 1e-6) / np.maximum(period[:-lb], 1e-6))
        # the period found may jump an octave on a buzz with strong harmonics: still the same tone
        same_pitch = np.abs(octaves - np.round(octaves)) <= np.log2(1.0 + _HUM_PITCH_TOLERANCE)
        steady[lb:] = (
            periodic[lb:]
            & periodic[:-lb]
            & same_pitch
            & (np.abs(octaves) < 1.5)
            & (np.abs(energy_db[lb:] - energy_db[:-lb]) <= _HUM_LEVEL_TOLERANCE_DB)
        )
    hum = np.zeros(len(periodic), bool)
    starts, ends = _runs(steady)
    for start, end in zip(starts, ends, strict=True):
        if (end - start) * frame_s >= _HUM_MIN_S:
            hum[max(start - lb, 0) : end] = True  # the frames it was compared with are hum too
    return hum


def _voice_mask(f: _Features, frame_s: float) -> np.ndarray:
    """Frames that belong to speech: loud stretches holding a voice, with their consonants."""
    threshold = np.maximum(_noise_floor(f.energy_db) + _ABOVE_FLOOR_DB, _ABSOLUTE_MIN_DB)
    loud = f.energy_db > threshold
    fricative = (f.energy_db > threshold - _FRICATIVE_DB) & (f.zcr > _FRICATIVE_ZCR)
    periodic = f.aperiodicity < _VOICED_APERIODICITY
    hum = _hum(periodic, f.period_s, f.energy_db, frame_s)
    sound = (loud | fricative) & ~hum
    v_starts, v_ends = _runs(periodic & loud & ~hum)
    long_voiced = (v_ends - v_starts) * frame_s >= _MIN_VOICED_RUN_S
    v_starts, v_ends = v_starts[long_voiced], v_ends[long_voiced]
    starts, ends = _runs(sound)
    if len(v_starts) == 0 or len(starts) == 0:
        return np.zeros(len(sound), bool)
    # a stretch of sound holds a voice if a voiced run lies in it (each lies inside one: voiced
    # frames are sound frames) ...
    holder = np.searchsorted(starts, v_starts, side="right") - 1
    voiced = np.zeros(len(starts), bool)
    voiced[holder] = True
    # ... and reaches at most a consonant's length beyond its first and last voiced frame: a
    # knock or a rustle that runs straight on from a word is not part of it
    core = np.zeros(len(sound) + 1, np.int8)  # frames of the voiced runs long enough to count
    core[v_starts] += 1
    core[v_ends] -= 1
    in_core = np.cumsum(core[:-1]) > 0
    frames = np.arange(len(sound))
    last_voice = np.maximum.accumulate(np.where(in_core, frames, -1))
    next_voice = np.minimum.accumulate(np.where(in_core, frames, len(sound))[::-1])[::-1]
    reach = round(_ATTACH_MAX_S / frame_s)
    starts = np.where(voiced, np.maximum(starts, next_voice[starts] - reach), starts)
    ends = np.where(voiced, np.minimum(ends, last_voice[ends - 1] + 1 + reach), ends)
    # nearest voiced stretch before and after each stretch, for the consonants next to a voice
    idx = np.arange(len(starts))
    prev_v = np.maximum.accumulate(np.where(voiced, idx, -1))
    next_v = np.minimum.accumulate(np.where(voiced, idx, len(starts))[::-1])[::-1]
    gap_before = np.where(prev_v >= 0, starts - ends[np.maximum(prev_v, 0)], len(sound))
    gap_after = np.where(next_v < len(starts), starts[np.minimum(next_v, len(starts) - 1)] - ends, len(sound))
    near = np.minimum(gap_before, gap_after) * frame_s <= _ATTACH_GAP_S
    keep = voiced | (near & ((ends - starts) * frame_s <= _ATTACH_MAX_S))
    mask = np.zeros(len(sound), bool)
    for start, end in zip(starts[keep], ends[keep], strict=True):
        mask[start:end] = True
    return mask


def _timing(f: _Features, frame_s: float, duration: float, clip_end_offset_s: float) -> SpeechTiming:
    none = SpeechTiming(None, 0.0, 0, 0.0, None, None, duration)
    if len(f.energy_db) == 0:
        return none
    starts, ends = _smooth(_voice_mask(f, frame_s), frame_s)
    if len(starts) == 0:
        return none
    pauses = (starts[1:] - ends[:-1]) * frame_s
    long_pauses = pauses[pauses > PAUSE_MIN_S]
    speech_start = float(starts[0] * frame_s)
    speech_end = float(ends[-1] * frame_s)
    pause_total = float(long_pauses.sum())
    return SpeechTiming(
        latency_s=max(0.0, speech_start - clip_end_offset_s),
        speaking_s=max(0.0, speech_end - speech_start - pause_total),
        pause_count=int(len(long_pauses)),
        pause_total_s=pause_total,
        speech_start_s=speech_start,
        speech_end_s=speech_end,
        duration_s=duration,
    )


def analyze_speech(samples: np.ndarray, samplerate: int, *, clip_end_offset_s: float = 0.0) -> SpeechTiming:
    """samples: mono or (frames, channels), int16 or float. clip_end_offset_s: position of the
    clip end in the recording (TakeResult.clip_end_offset_s); latency is measured from there."""
    x = np.asarray(samples)
    frame = _frame_samples(samplerate)
    step = frame * _FRAMES_PER_READ
    f = _features((x[i : i + step] for i in range(0, len(x), step)), samplerate, frame)
    return _timing(f, frame / samplerate, f.samples / samplerate, clip_end_offset_s)


def analyze_file(path: Path | str, *, clip_end_offset_s: float = 0.0) -> SpeechTiming:
    """As analyze_speech, reading the file a block at a time (memory stays flat for long takes)."""
    import soundfile  # imported here so analyze_speech works without libsndfile

    with soundfile.SoundFile(str(path)) as sf:
        samplerate = int(sf.samplerate)
        frame = _frame_samples(samplerate)
        blocks = sf.blocks(blocksize=frame * _FRAMES_PER_READ, dtype="int16", always_2d=True)
        f = _features(blocks, samplerate, frame)
    return _timing(f, frame / samplerate, f.samples / samplerate, clip_end_offset_s)
