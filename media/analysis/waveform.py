"""Peaks for drawing a recording's waveform: read in blocks, never the whole file at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

BLOCK_FRAMES = 65536


@dataclass(frozen=True)
class Waveform:
    peaks: tuple[float, ...]  # per column: the largest absolute sample, 0..1
    duration_ms: int

    @property
    def columns(self) -> int:
        return len(self.peaks)


class WaveformError(Exception):
    """The recording could not be read; the message is for the user."""


def compute_waveform(path: Path, columns: int = 800) -> Waveform:
    """Largest absolute sample per column, over the whole file (any channel)."""
    if columns < 1:
        raise ValueError("columns must be positive")
    try:
        with soundfile.SoundFile(str(path)) as f:
            total = f.frames
            if total <= 0:
                return Waveform((0.0,) * columns, 0)
            duration_ms = round(total / f.samplerate * 1000)
            peaks = np.zeros(columns, dtype=np.float32)
            start = 0
            for block in f.blocks(blocksize=BLOCK_FRAMES, dtype="float32", always_2d=True):
                level = np.abs(block).max(axis=1)
                # Sample i belongs to column i * columns // total; reduceat takes each run's max.
                index = np.arange(start, start + len(level), dtype=np.int64)
                column = index * columns // total
                runs = np.concatenate(([0], np.flatnonzero(np.diff(column)) + 1))
                maxima = np.maximum.reduceat(level, runs)
                targets = column[runs]
                peaks[targets] = np.maximum(peaks[targets], maxima)
                start += len(level)
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise WaveformError(f"The recording {path.name} could not be read ({exc}).") from exc
    return Waveform(tuple(float(p) for p in np.clip(peaks, 0.0, 1.0)), duration_ms)
