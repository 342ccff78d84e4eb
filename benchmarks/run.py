"""Media-engine benchmarks on the real recorder, the real PulseAudio fake microphone and the real
speech-timing analysis. One line per figure: `name value (goal G, ratio R)`, MISSED when the goal
is not met. Always exits 0: this is a measurement, not a test.

    cd /work/main && PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.run [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

from media.recorder import Recorder, TakeResult
from media.speech_timing import analyze_speech
from tests.support.fakemic import SAMPLERATE, SENTENCE, PulseMic, rescan_portaudio, synthesize

STARTS = 20


def report(
    name: str, value: float, goal: float, *, floor: bool = False, fmt: str = ".1f", kind: str = ""
) -> None:
    """goal is a ceiling (value <= goal) unless floor (value >= goal)."""
    if goal == 0:
        ok, ratio = value <= 0, "n/a"
    else:
        ok = value >= goal if floor else value <= goal
        ratio = f"{value / goal:.2f}"
    kind = kind or ("floor" if floor else "goal")
    print(f"{name} {value:{fmt}} ({kind} {goal:g}, ratio {ratio}){'' if ok else '  MISSED'}", flush=True)


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


def bench_arm_delay(mic: PulseMic, folder: Path) -> None:
    warm_take(mic.device, folder / "warmup.wav")  # a process's first Pulse stream is slow: not counted
    delays: list[float] = []
    missing = 0
    for i in range(STARTS):
        result = warm_take(mic.device, folder / f"start-{i}.wav")
        result.path.unlink(missing_ok=True)
        if result.start_delay_ms is None:
            missing += 1
        else:
            delays.append(result.start_delay_ms)
    if missing:
        print(f"arm_delay: {missing} of {STARTS} starts delivered no block  MISSED", flush=True)
    if delays:
        report("arm_delay_median_ms", statistics.median(delays), 30)
        report("arm_delay_max_ms", max(delays), 150, kind="test bound")  # test_start_delay.py


def bench_overflows(mic: PulseMic, folder: Path, seconds: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from media.recorder_qt import QtRecorder

    app = QApplication.instance() or QApplication(sys.argv[:1])
    wav = folder / "talk.wav"
    soundfile.write(wav, speech_like(seconds, folder), SAMPLERATE, subtype="PCM_16")
    adapter = QtRecorder(Recorder(mic.device))
    levels: list[float] = []
    failures: list[str] = []
    adapter.level_changed.connect(levels.append)
    adapter.take_failed.connect(failures.append)
    burnt, elapsed = [0.0], [1.0]

    def burn() -> None:  # a GUI thread that is busy with something else, 200 ms at a time
        t0 = time.monotonic()
        while time.monotonic() - t0 < 0.2:
            sum(i * i for i in range(2_000))
        burnt[0] += time.monotonic() - t0

    busy = QTimer()
    busy.setInterval(0)
    busy.timeout.connect(burn)
    results: list[TakeResult] = []

    def finish() -> None:
        if (result := adapter.stop()) is not None:
            results.append(result)
        app.quit()

    if adapter.arm():
        wait_first_level(adapter.recorder)
        player = mic.speak(wav)
        if adapter.start_take(folder / "long-take.wav", seconds + 30):
            busy.start()
            t_start = time.monotonic()
            QTimer.singleShot(int(seconds * 1000), finish)
            app.exec()
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
        f"{len(levels)} levels drained, GUI thread busy {burnt[0] / elapsed[0]:.0%}",
        flush=True,
    )
    report("input_overflows", result.overflows, 0, fmt="d")


def bench_speech_timing(folder: Path) -> None:
    samples = speech_like(60.0, folder)
    analyze_speech(samples, SAMPLERATE)  # warm caches and numpy
    runs: list[float] = []
    for _ in range(7):
        t0 = time.perf_counter()
        analyze_speech(samples, SAMPLERATE)
        runs.append(time.perf_counter() - t0)
    report("speech_timing_x_realtime", 60.0 / statistics.median(runs), 200, floor=True, fmt=".0f")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="20 s overflow take instead of 120 s")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="practice-room-bench-") as tmp:
        folder = Path(tmp)
        mic = PulseMic().start()
        try:
            rescan_portaudio()  # the ALSA "pulse" device only lists while a server answers
            bench_arm_delay(mic, folder)
            bench_overflows(mic, folder, 20.0 if args.quick else 120.0)
        finally:
            mic.stop()
            rescan_portaudio()
        bench_speech_timing(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
