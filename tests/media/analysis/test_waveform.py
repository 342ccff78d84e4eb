"""Waveform peaks from real files equal a straightforward whole-file computation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.analysis import waveform
from media.analysis.waveform import WaveformError, compute_waveform


def naive_peaks(samples: np.ndarray, columns: int) -> list[float]:
    level = np.abs(samples).max(axis=1)
    column = np.arange(len(samples)) * columns // len(samples)
    return [float(level[column == c].max()) if (column == c).any() else 0.0 for c in range(columns)]


@pytest.mark.parametrize(("frames", "columns", "channels"), [(48000, 300, 1), (70001, 7, 2), (1000, 1500, 1)])
def test_peaks_match_a_whole_file_computation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames: int, columns: int, channels: int
) -> None:
    monkeypatch.setattr(waveform, "BLOCK_FRAMES", 4096)  # many blocks, so block edges are exercised
    rng = np.random.default_rng(frames)
    samples = (rng.standard_normal((frames, channels)) * 0.2).clip(-1, 1).astype(np.float32)
    path = tmp_path / "take.wav"
    soundfile.write(str(path), samples, 16000, subtype="FLOAT")
    result = compute_waveform(path, columns)
    expected = naive_peaks(samples, columns)
    # More columns than frames: the empty columns read 0 in both.
    assert result.columns == columns
    assert np.allclose(result.peaks, expected, atol=1e-6)
    assert result.duration_ms == round(frames / 16000 * 1000)


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    soundfile.write(str(empty), np.zeros((0, 1), dtype=np.int16), 16000)
    assert compute_waveform(empty, 5).peaks == (0.0,) * 5
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really")
    with pytest.raises(WaveformError, match="broken.wav could not be read"):
        compute_waveform(broken)
