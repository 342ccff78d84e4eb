"""Fake microphones that real PortAudio captures from (no mocks), see docs/stack.md:

- ALSA file plugin ("fakemic"): exact samples of a raw file, delivered far faster than real time,
  then near-silence for ever. Tests must stop themselves (a frame budget does it).
- ALSA file plugin on a FIFO ("fifomic"): the test decides when audio arrives; when it stops
  writing, capture stalls inside the driver: the closest thing to an unplugged mic that can exist here.
- PulseAudio null sink ("pulse"): real time, like a real microphone; `speak()` plays into it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

SYSTEM_ALSA_CONF = "/usr/share/alsa/alsa.conf"
SAMPLERATE = 48_000
SENTENCE = "I don't think you're listening to me. You never do."


def synthesize(text: str, out_wav: Path, voice: str = "en-us+f3") -> Path:
    """Speech as 48 kHz mono 16-bit WAV, with espeak-ng (or flite if espeak-ng is missing)."""
    raw = out_wav.with_suffix(".tts.wav")
    if shutil.which("espeak-ng"):
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
    else:
        subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", str(raw)], check=True)
    subprocess.run(
        ["sox", str(raw), "-r", str(SAMPLERATE), "-c", "1", "-b", "16", "-e", "signed", str(out_wav)],
        check=True,
    )
    raw.unlink()
    return out_wav


def wav_to_raw(wav: Path, raw: Path) -> np.ndarray:
    """S16_LE 48 kHz mono raw file for the ALSA file plugin; returns its samples."""
    subprocess.run(
        [
            "sox",
            str(wav),
            "-r",
            str(SAMPLERATE),
            "-c",
            "1",
            "-b",
            "16",
            "-e",
            "signed",
            "-t",
            "raw",
            str(raw),
        ],
        check=True,
    )
    return np.fromfile(raw, dtype="<i2")


def _file_pcm(name: str, infile: Path, description: str) -> str:
    return (
        f'pcm.{name}_raw {{ type file slave.pcm "null" file "/dev/null" infile "{infile}" format "raw" }}\n'
        f'pcm.{name} {{ type plug slave {{ pcm "{name}_raw" format S16_LE rate {SAMPLERATE} channels 1 }}\n'
        f'  hint {{ show on description "{description}" }} }}\n'
    )


NULL_OUTPUT = 'pcm.nullout { type plug slave.pcm "null" hint { show on description "Null output" } }\n'


def write_fakemic_config(conf: Path, raw: Path, name: str = "fakemic") -> Path:
    conf.write_text(
        _file_pcm(name, raw, "Fake microphone (file)")
        + NULL_OUTPUT
        + f'pcm.!default {{ type asym capture.pcm "{name}" playback.pcm "nullout" }}\n'
    )
    return conf


def write_no_mic_config(conf: Path) -> Path:
    """Output only: PortAudio sees devices, none with an input channel. Use inside
    `no_sound_server()` when a fake PulseAudio runs, or its ALSA "pulse" device is a microphone."""
    conf.write_text(
        'pcm.speakers_only { type asym playback.pcm "null" hint { show on description "Speakers" } }\n'
        'pcm.!default { type asym playback.pcm "null" }\n'
    )
    return conf


def rescan_portaudio() -> None:
    """PortAudio reads the device list once; re-initialise it after changing ALSA's config."""
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()


@contextlib.contextmanager
def alsa_config(conf: Path | None) -> Iterator[None]:
    """Use this ALSA config (on top of the system one) inside the block; restore it after.
    No stream may be open while switching."""
    before = os.environ.get("ALSA_CONFIG_PATH")
    os.environ["ALSA_CONFIG_PATH"] = f"{SYSTEM_ALSA_CONF}:{conf}" if conf else SYSTEM_ALSA_CONF
    rescan_portaudio()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ALSA_CONFIG_PATH", None)
        else:
            os.environ["ALSA_CONFIG_PATH"] = before
        rescan_portaudio()


@contextlib.contextmanager
def no_sound_server() -> Iterator[None]:
    """Hide any PulseAudio server from this process (ALSA's pulse hook then does nothing)."""
    saved = {key: os.environ.get(key) for key in ("PULSE_SERVER", "XDG_RUNTIME_DIR")}
    empty = tempfile.mkdtemp(prefix="no-pulse-")
    os.environ.pop("PULSE_SERVER", None)
    os.environ["XDG_RUNTIME_DIR"] = empty
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(empty, ignore_errors=True)
        rescan_portaudio()


class FifoMic:
    """A microphone fed through a named pipe; `unplug_stall()` stops feeding (capture blocks),
    `release()` closes the pipe so a stuck driver thread can finish."""

    device = "fifomic"

    def __init__(self, folder: Path) -> None:
        self.fifo = folder / "mic.fifo"
        os.mkfifo(self.fifo)
        # O_RDWR never blocks and keeps a writer present, so ALSA's open (at device scan) won't hang.
        self._fd: int | None = os.open(self.fifo, os.O_RDWR)
        self.conf = folder / "fifomic.conf"
        self.conf.write_text(_file_pcm("fifomic", self.fifo, "Fake FIFO microphone") + NULL_OUTPUT)

    def feed(self, samples: np.ndarray) -> None:
        """Write int16 samples; keep each call under the 64 KiB pipe buffer or a reader must run."""
        assert self._fd is not None
        os.write(self._fd, samples.astype("<i2").tobytes())

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


PULSE_SCRIPT = """\
load-module module-native-protocol-unix auth-anonymous=1
load-module module-null-sink sink_name=speakers
load-module module-null-sink sink_name=micfeed
load-module module-remap-source source_name=feedmic master=micfeed.monitor
set-default-sink speakers
set-default-source feedmic
"""


class PulseMic:
    """A private PulseAudio daemon whose default source is fed by `speak()`. Started and stopped
    by PID; the silent pacat feed keeps the source running (first callback 20-30 ms, not 1-2 s)."""

    device = "pulse"

    def __init__(self) -> None:
        self.runtime = Path(tempfile.mkdtemp(prefix="pulse-fakemic-"))
        self.env = {"XDG_RUNTIME_DIR": str(self.runtime), "PULSE_SERVER": f"unix:{self.runtime}/pulse/native"}
        self._daemon: subprocess.Popen[bytes] | None = None
        self._feed: subprocess.Popen[bytes] | None = None
        self._saved: dict[str, str | None] = {}

    def start(self, timeout: float = 10.0) -> PulseMic:
        script = self.runtime / "fakemic.pa"
        script.write_text(PULSE_SCRIPT)
        env = {**os.environ, **self.env}
        self._daemon = subprocess.Popen(
            [
                "pulseaudio",
                "-n",
                "-F",
                str(script),
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "--use-pid-file=no",
                "--log-target=stderr",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline or self._daemon.poll() is not None:
                self.stop()
                raise RuntimeError("PulseAudio fake microphone did not start")
            time.sleep(0.05)
        self._feed = subprocess.Popen(
            [
                "pacat",
                "-p",
                "--latency-msec=10",
                "-d",
                "micfeed",
                "--raw",
                "--format=s16le",
                f"--rate={SAMPLERATE}",
                "--channels=1",
                "/dev/zero",
            ],
            env=env,
        )
        for key, value in self.env.items():
            self._saved[key] = os.environ.get(key)
            os.environ[key] = value
        return self

    def speak(self, wav: Path) -> subprocess.Popen[bytes]:
        """Play a file into the microphone in real time; wait() on the result to know when done."""
        return subprocess.Popen(["paplay", "-d", "micfeed", str(wav)], env={**os.environ, **self.env})

    def stop(self) -> None:
        for proc in (self._feed, self._daemon):
            if proc is not None and proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
        self._feed = self._daemon = None
        for key, old in self._saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        self._saved.clear()
        shutil.rmtree(self.runtime, ignore_errors=True)
