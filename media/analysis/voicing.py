"""Does a 10 ms frame sound like a voice? How periodic it is at a speaking pitch, in numpy.

Energy alone cannot tell a word from a door, a fan or a cough: all are louder than the room. A
voice is periodic at its pitch (60-400 Hz); noise is not. Per frame this computes YIN's cumulative
mean normalised difference (de Cheveigné & Kawahara 2002) on audio reduced to about 8 kHz: near 0
for a periodic sound, near 1 for noise and for a lone click. A tone above 400 Hz (a beep, a
whistle) repeats within 2.5 ms as well and is marked not periodic. The pitch period comes with it,
so that a hum (periodic, but the same pitch and level for long stretches) can be told apart.

Frames are fed a block at a time; the last few milliseconds of each block are kept so that the
result does not depend on where the blocks were cut."""

from __future__ import annotations

import numpy as np

PITCH_RATE = 8000  # Hz the audio is reduced to: plenty for pitches up to 400 Hz
MIN_F0, MAX_F0 = 60.0, 400.0
WINDOW_S = 0.020
NOT_PERIODIC = 1.0
TONE_LIMIT = 0.1  # as periodic as this at a lag under 2.5 ms: a tone above 400 Hz (voices: > 0.25)


def _smooth_length(n: int) -> int:
    """The smallest even length >= n with no prime factor above 5."""
    while True:
        m = n
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        if m == 1 and n % 2 == 0:
            return n
        n += 1


class VoicingMeter:
    """Per-frame aperiodicity (0 periodic .. ~1 noise) and pitch period (s) from a stream."""

    def __init__(self, samplerate: int, frame: int) -> None:
        self._q = max(1, round(samplerate / PITCH_RATE))
        rate = samplerate / self._q
        self._rate = rate
        self._min_lag = max(2, int(rate / MAX_F0))
        self._max_lag = int(np.ceil(rate / MIN_F0))
        self._win = max(self._max_lag, round(rate * WINDOW_S))
        self._span = self._win + self._max_lag  # each frame looks back over this many samples
        # lags up to max_lag of a win-long head inside a span-long window never wrap around an FFT
        # of span points; an even length with small factors keeps it fast
        self._nfft = _smooth_length(self._span)
        self._frame = frame
        self._history = np.zeros(self._span, np.float32)
        self._leftover = np.zeros(0, np.float32)
        self._decimated = 0
        self._frames = 0

    def feed(self, x: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x: the next block of mono float samples; wanted: one bool per whole frame in it (the
        frames worth measuring; others get NOT_PERIODIC). Returns aperiodicity and period (s)."""
        n = len(wanted)
        buf = np.concatenate((self._leftover, x))
        whole = len(buf) // self._q * self._q
        dec = buf[:whole].reshape(-1, self._q).mean(axis=1, dtype=np.float32)  # box low-pass
        self._leftover = buf[whole:]
        hist = np.concatenate((self._history, dec))
        before = self._decimated
        self._decimated += len(dec)
        self._history = hist[-self._span :]
        aper = np.full(n, NOT_PERIODIC, np.float32)
        period = np.zeros(n, np.float32)
        # Measured every other frame (a voice changes slower than that; it halves the cost), the
        # frame between takes its neighbour's value; a frame after a quiet one is always measured.
        even = (self._frames + np.arange(n)) % 2 == 0
        after_quiet = np.concatenate(([True], ~wanted[:-1]))
        measured = wanted & (even | after_quiet)
        picked = np.flatnonzero(measured)
        if len(picked):
            ends = ((self._frames + picked + 1) * self._frame) // self._q  # decimated frame ends
            windows = hist[(ends - before)[:, None] + np.arange(self._span)]
            aper[picked], lag = self._yin(windows)
            period[picked] = lag / self._rate
        copied = np.flatnonzero(wanted & ~measured)
        aper[copied], period[copied] = aper[copied - 1], period[copied - 1]
        self._frames += n
        return aper, period

    def _yin(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        win, max_lag, nfft = self._win, self._max_lag, self._nfft
        spec = np.fft.rfft(w, nfft)
        head = np.fft.rfft(w[:, :win], nfft)
        cross = np.fft.irfft(np.conj(head) * spec, nfft)[:, : max_lag + 1]  # sum x[j] x[j + lag]
        sq = np.concatenate((np.zeros((len(w), 1), np.float32), np.cumsum(w * w, axis=1)), axis=1)
        lags = np.arange(max_lag + 1)
        shifted = sq[:, lags + win] - sq[:, lags]
        diff = np.maximum(sq[:, win : win + 1] + shifted - 2.0 * cross, 0.0)[:, 1:]  # lags 1..max
        running = np.cumsum(diff, axis=1)
        cmnd = diff * lags[1:] / np.maximum(running, 1e-12)
        band = cmnd[:, self._min_lag - 1 :]
        # periodic faster than any voice (a beep, a whistle): its repeats also fit the voice band
        tone = cmnd[:, 1 : self._min_lag - 1].min(axis=1) < TONE_LIMIT
        best = np.argmin(band, axis=1)
        rows = np.arange(len(w))
        value = band[rows, best]
        # parabolic refinement of the period: hums hold it to a fraction of a sample
        left = band[rows, np.maximum(best - 1, 0)]
        right = band[rows, np.minimum(best + 1, band.shape[1] - 1)]
        curve = left - 2.0 * value + right
        shift = np.where(curve > 1e-9, 0.5 * (left - right) / np.maximum(curve, 1e-9), 0.0)
        lag = best + self._min_lag + np.clip(shift, -0.5, 0.5)
        value = np.where(tone, NOT_PERIODIC, np.minimum(value, NOT_PERIODIC))
        return value.astype(np.float32), lag.astype(np.float32)
