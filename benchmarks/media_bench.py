"""Figures 2, 3 and 5: the media engine on the real recorder, the real PulseAudio fake microphone and
the real speech-timing analysis.

Figure 3's take runs while the GUI thread works through the heaviest things the app does there
or hands to its worker: year-long Markdown and PDF progress-log exports and the Progress page's
queries on the big database, one after another, for the whole take.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile

from benchmarks.common import ensure_qapp, report
from media.analysis.speech_timing import analyze_speech
from media.recording.recorder import Recorder, TakeResult
from tests.support.fakemic import SAMPLERATE, SENTENCE, PulseMic, synthesize


def speech_like(seconds: float, folder: Path) -> np.ndarray:
    """A synthesized sentence tiled with 0.4-1.5 s silences: int16 mono at 48 kHz."""
    sentence = soundfile.read(synthesize(SENTENCE, folder / "sentence.wav"), dtype="int16")[0]
    rng = random.Random(7)
    parts: list[np.ndarray] = []
    total, target = 0, int(seconds * SAMPLERATE)
    while total < target:
        for part in (np.zeros(int(rng.uniform(0.4, 1.5) * SAMPLERATE), np.int16), sentence):
            parts.append(part)
            total += len(part)
    return np.concatenate(parts)[:target]


def wait_first_level(recorder: Recorder, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while recorder.poll_level() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def warm_take(device: str, path: Path) -> TakeResult:
    """Armed early (the clip plays on for 0.3-0.5 s), take starts at clip end, 0.2 s window."""
    recorder = Recorder(device)
    recorder.arm()
    wait_first_level(recorder)
    time.sleep(random.uniform(0.3, 0.5))
    recorder.start_take(path, 0.2, clip_ended_at=time.monotonic())
    deadline = time.monotonic() + 5.0
    while (result := recorder.poll_finished()) is None:
        if time.monotonic() > deadline:
            result = recorder.stop()
            break
        time.sleep(0.005)
    recorder.close()
    return result


def bench_arm_delay(mic: PulseMic, folder: Path, starts: int = 20) -> None:
    warm_take(mic.device, folder / "warmup.wav")  # a process's first Pulse stream is slow: not counted
    delays: list[float] = []
    missing = 0
    for i in range(starts):
        result = warm_take(mic.device, folder / f"start-{i}.wav")
        result.path.unlink(missing_ok=True)
        if result.start_delay_ms is None:
            missing += 1
        else:
            delays.append(result.start_delay_ms)
    if missing:
        print(f"arm_delay: {missing} of {starts} starts delivered no block  MISSED", flush=True)
    if delays:
        report("arm_delay_median_ms", statistics.median(delays), 30)
        report("arm_delay_max_ms", max(delays), 150, kind="test bound")  # test_start_delay.py


def bench_overflows(
    mic: PulseMic, folder: Path, seconds: float, gui_jobs: list[Callable[[], object]]
) -> None:
    """`gui_jobs` run in turn on the GUI thread, one per event-loop turn, for the whole take."""
    from PySide6.QtCore import QTimer

    from media.recording.recorder_qt import QtRecorder

    app = ensure_qapp()
    wav = folder / "talk.wav"
    soundfile.write(wav, speech_like(seconds, folder), SAMPLERATE, subtype="PCM_16")
    adapter = QtRecorder(Recorder(mic.device))
    levels: list[float] = []
    failures: list[str] = []
    adapter.level_changed.connect(levels.append)
    adapter.take_failed.connect(failures.append)
    busy_s, elapsed, done = [0.0], [1.0], [0]

    def work() -> None:
        t0 = time.monotonic()
        gui_jobs[done[0] % len(gui_jobs)]()
        done[0] += 1
        busy_s[0] += time.monotonic() - t0

    busy = QTimer()
    busy.setInterval(0)
    busy.timeout.connect(work)
    results: list[TakeResult] = []

    def finish() -> None:
        if (result := adapter.stop()) is not None:
            results.append(result)
        app.quit()  # type: ignore[attr-defined]

    if adapter.arm():
        wait_first_level(adapter.recorder)
        player = mic.speak(wav)
        if adapter.start_take(folder / "long-take.wav", seconds + 30):
            busy.start()
            t_start = time.monotonic()
            QTimer.singleShot(int(seconds * 1000), finish)
            app.exec()  # type: ignore[attr-defined]
            elapsed[0] = time.monotonic() - t_start
        busy.stop()
        player.terminate()
        player.wait()
    adapter.close()
    if not results:
        print(f"input_overflows: the take did not run ({'; '.join(failures)})  MISSED", flush=True)
        return
    result = results[0]
    print(
        f"# {seconds:g} s take: {result.duration_s:.1f} s saved, stop {result.stop_reason}, "
        f"{len(levels)} levels drained, {done[0]} GUI-thread jobs (exports, progress queries), "
        f"GUI thread busy {busy_s[0] / elapsed[0]:.0%}",
        flush=True,
    )
    report("input_overflows", result.overflows, 0, fmt="d")


def bench_speech_timing(folder: Path) -> None:
    # Room noise at about -50 dBFS under it, as a real microphone gives: every frame is then loud
    # enough for the voice test to measure (digital silence would skip it and flatter the figure).
    clean = speech_like(60.0, folder)
    hiss = np.random.default_rng(7).normal(0.0, 100.0, len(clean))
    samples = np.clip(clean + hiss, -32768, 32767).astype(np.int16)
    analyze_speech(samples, SAMPLERATE)  # warm caches and numpy
    runs: list[float] = []
    for _ in range(7):
        t0 = time.perf_counter()
        analyze_speech(samples, SAMPLERATE)
        runs.append(time.perf_counter() - t0)
    report("speech_timing_x_realtime", 60.0 / statistics.median(runs), 200, floor=True, fmt=".0f")
