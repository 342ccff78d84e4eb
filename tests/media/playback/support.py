"""Helpers for the playback tests: a thread-safe log of backend hooks, and a FIFO that stalls."""

from __future__ import annotations

import contextlib
import os
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from media.playback.player import PlayerHooks

TERMINAL = ("ended", "error")


@dataclass
class HookLog:
    """Records (kind, seconds since mark(), value) for every hook call, from any thread."""

    events: list[tuple[str, float, object]] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)
    t0: float = field(default_factory=time.monotonic)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def mark(self) -> None:
        self.t0 = time.monotonic()

    def _add(self, kind: str, value: object = None) -> None:
        with self._cond:
            self.events.append((kind, time.monotonic() - self.t0, value))
            self.threads.append(threading.current_thread())
            self._cond.notify_all()

    def hooks(self) -> PlayerHooks:
        return PlayerHooks(
            on_started=lambda: self._add("started"),
            on_ended=lambda: self._add("ended"),
            on_error=lambda message: self._add("error", message),
            on_position=lambda ms: self._add("position", ms),
            on_duration=lambda ms: self._add("duration", ms),
        )

    def kinds(self) -> list[str]:
        with self._cond:
            return [kind for kind, _t, _v in self.events if kind not in ("position", "duration")]

    def first(self, kind: str) -> tuple[float, object] | None:
        with self._cond:
            return next(((t, v) for k, t, v in self.events if k == kind), None)

    def finished(self) -> bool:
        return any(k in TERMINAL for k in self.kinds())

    def wait_finished(self, timeout: float) -> str:
        """Block (Qt-free backends only) until ended or error; returns which."""
        with self._cond:
            self._cond.wait_for(self.finished, timeout)
        kinds = [k for k in self.kinds() if k in TERMINAL]
        assert kinds, f"neither ended nor error within {timeout} s: {self.events}"
        return kinds[0]


def wav_header(frames: int, rate: int = 22050) -> bytes:
    data = frames * 2
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", data)


class StallingFifo:
    """A named pipe that announces 3 s of audio, delivers 1 s and then goes quiet, like a file on a
    network share that stopped answering. Players block reading it; nothing ever reports an end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._write, daemon=True)
        self._thread.start()

    def _write(self) -> None:
        with contextlib.suppress(OSError), open(self.path, "wb") as f:
            f.write(wav_header(22050 * 3))
            f.write(b"\x00\x10" * 22050)
            f.flush()
            self._release.wait(60)

    def release(self) -> None:
        """Close the writer, and wake any reader still blocked in open(), so players can shut down."""
        self._release.set()
        reader = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # frees a writer still in open()
        self._thread.join(timeout=5)
        os.close(reader)
        with contextlib.suppress(OSError):  # ENXIO when no reader is waiting: nothing to free
            os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
