"""Fixtures for clip playback tests: media made at test time with espeak-ng, sox and ffmpeg (once per
session), one headless libvlc instance, and an optional private PulseAudio server."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CLIP_S = 2.0  # every generated clip lasts exactly this long
LONG_S = 6.0
CAPTION = "You keep saying that, but you never listen."


@dataclass(frozen=True)
class Clips:
    folder: Path
    mp4: Path
    wav: Path
    ogg: Path
    mp3: Path
    m4a: Path
    long_wav: Path
    truncated_mp4: Path
    scrambled_mp4: Path
    garbage_wav: Path
    odd_name_mp4: Path
    missing: Path

    def audio(self) -> dict[str, Path]:
        return {"wav": self.wav, "ogg": self.ogg, "mp3": self.mp3, "m4a": self.m4a}


def _run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {done.stderr[-800:]}")


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    missing_tools = [t for t in ("ffmpeg", "espeak-ng", "sox") if shutil.which(t) is None]
    if missing_tools:
        pytest.fail(f"test media needs {', '.join(missing_tools)} (apt-get install ffmpeg espeak-ng sox)")
    d = tmp_path_factory.mktemp("clips")
    speech = d / "speech.wav"
    _run("espeak-ng", "-v", "en-us+f3", "-s", "175", "-p", "45", "-w", str(speech), CAPTION)
    wav = d / "clip.wav"
    # Pad then cut, so that the length is exact whatever the voice's speed.
    mono48k = ("-r", "48000", "-c", "1", "-b", "16")
    _run("sox", str(speech), *mono48k, str(wav), "pad", "0.1", "6", "trim", "0", str(CLIP_S))
    long_wav = d / "long.wav"
    _run("sox", str(speech), *mono48k, str(long_wav), "pad", "0.1", "8", "trim", "0", str(LONG_S))
    ff = ("ffmpeg", "-nostdin", "-loglevel", "error", "-y")
    mp4 = d / "clip.mp4"
    _run(*ff, "-f", "lavfi", "-i", "color=c=0x334455:s=320x240:r=25", "-i", str(wav), "-t", str(CLIP_S),
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(mp4))  # fmt: skip
    ogg, mp3, m4a = d / "clip.ogg", d / "clip.mp3", d / "clip.m4a"
    _run(*ff, "-i", str(wav), "-c:a", "libvorbis", str(ogg))
    _run(*ff, "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "64k", str(mp3))
    _run(*ff, "-i", str(wav), "-c:a", "aac", str(m4a))

    data = mp4.read_bytes()
    truncated = d / "truncated.mp4"  # ffmpeg writes the index (moov) last: a cut file has none
    truncated.write_bytes(data[: len(data) * 2 // 5])
    rng = random.Random(1234)
    scrambled = bytearray(data)
    quarter = len(data) // 4
    scrambled[quarter : 3 * quarter] = rng.randbytes(2 * quarter)
    scrambled_mp4 = d / "scrambled.mp4"
    scrambled_mp4.write_bytes(bytes(scrambled))
    garbage = d / "garbage.wav"
    garbage.write_bytes(rng.randbytes(30000))
    odd = d / "Clip – Élodie (1).mp4"
    shutil.copyfile(mp4, odd)
    return Clips(d, mp4, wav, ogg, mp3, m4a, long_wav, truncated, scrambled_mp4, garbage, odd, d / "gone.mp4")


@pytest.fixture(scope="session")
def vlc_instance() -> Iterator[Any]:
    from media.constants import HEADLESS_VLC_ARGS
    from media.playback.libvlc_probe import open_libvlc

    instance, status = open_libvlc(HEADLESS_VLC_ARGS)
    assert instance is not None, f"libvlc must work on test machines: {status.reason}"
    yield instance
    instance.release()


@dataclass(frozen=True)
class PulseServer:
    pid: int
    env: dict[str, str]


@pytest.fixture(scope="session")
def pulse_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """A private PulseAudio daemon with a null sink (stack.md); stopped by its PID afterwards."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (apt-get install pulseaudio)")
    runtime = tmp_path_factory.mktemp("pulse-runtime")
    config = runtime / "null.pa"
    config.write_text(
        "load-module module-native-protocol-unix auth-anonymous=1\n"
        "load-module module-null-sink sink_name=speakers\nset-default-sink speakers\n"
    )
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), PULSE_SERVER=f"unix:{runtime}/pulse/native")
    daemon = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "-F",
            str(config),
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
        ],  # fmt: skip
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = runtime / "pulse" / "native"
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline and daemon.poll() is None:
        time.sleep(0.05)
    if not socket.exists():
        daemon.kill()
        pytest.skip("pulseaudio did not start here")
    yield PulseServer(daemon.pid, env)
    os.kill(daemon.pid, signal.SIGCONT)  # in case a test left it frozen
    daemon.terminate()
    daemon.wait(timeout=10)
