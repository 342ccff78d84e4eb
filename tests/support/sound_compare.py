"""Is a take that travelled compressed still the same take? Same length, same sound."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf


def similarity(original: Path, copy: Path) -> tuple[float, float]:
    """(correlation, SNR in dB) of two takes; asserts they have the same rate, channels and length."""
    a, rate_a = sf.read(str(original), dtype="float64", always_2d=True)
    b, rate_b = sf.read(str(copy), dtype="float64", always_2d=True)
    assert (rate_a, a.shape) == (rate_b, b.shape), (rate_a, a.shape, rate_b, b.shape)
    x, y = a.ravel(), b.ravel()
    correlation = float(np.corrcoef(x, y)[0, 1])
    noise = float(np.sum((x - y) ** 2))
    snr = 10 * np.log10(float(np.sum(x**2)) / max(noise, 1e-20))
    return correlation, float(snr)


def assert_same_sound(original: Path, copy: Path, min_corr: float = 0.98, min_snr: float = 14.0) -> None:
    corr, snr = similarity(original, copy)
    assert corr >= min_corr and snr >= min_snr, (original.name, corr, snr)
