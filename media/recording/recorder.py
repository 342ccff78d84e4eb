"""Qt-free microphone recorder. The PortAudio callback only copies each block into a queue (and
the newest peak level into a 1-slot queue); a writer thread owns the WAV file, the pre-roll, the
time limit and the watchdog. Nothing in the callback blocks, writes to disk or takes a long lock."""

from __future__ import annotations

import collections
import contextlib
import queue
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from media.recording.audio_constants import (
    BLOCKSIZE,
    DEFAULT_SAMPLERATE,
    DISK_MARGIN_BYTES,
    PREROLL_S,
    WATCHDOG_S,
    bytes_needed,
)
from media.recording.devices import Block, Capture, MicrophoneError, open_capture
from media.recording.wav_writer import DiskFullError, WavWriter, WriteError

__all__ = [
    "DEVICE_LOST_MESSAGE",
    "InsufficientSpaceError",
    "MicrophoneError",
    "Recorder",
    "RecorderError",
    "StopReason",
    "TakeResult",
]
StopReason = Literal["stopped", "time_up", "device_lost", "disk_full", "error"]
DEVICE_LOST_MESSAGE = (
    "The microphone stopped sending sound (was it unplugged?). Recording stopped; everything "
    "recorded up to that moment was kept."
)


class RecorderError(Exception):
    """A plain-language problem the user can act on (MicrophoneError, from devices, is the other)."""


class InsufficientSpaceError(RecorderError):
    pass


@dataclass(frozen=True)
class TakeResult:
    path: Path  # the file actually holding the audio: final name, or `.partial` after a write error
    frames: int
    samplerate: int
    duration_s: float
    overflows: int  # PortAudio input overflows plus blocks lost to a full queue, during the take
    start_delay_ms: float | None  # reference moment -> first block delivered after it (None: none came)
    stop_reason: StopReason
    message: str | None
    # Where the reference moment (clip end) lies in the file, in seconds; negative when recording
    # began after it (cold start). Pass it to speech_timing as clip_end_offset_s.
    clip_end_offset_s: float = 0.0


@dataclass
class _Take:
    writer: WavWriter
    max_frames: int  # after the reference moment; the pre-roll comes on top
    t_call: float
    t_ref: float
    overflows_at_start: int
    done: threading.Event = field(default_factory=threading.Event)
    stop_at: float | None = None
    first_cb: float | None = None
    first_block_s: float = 0.0
    preroll_frames: int = 0
    body_frames: int = 0
    gaps: int = 0
    last_seq: int = 0


class Recorder:
    """`Recorder(device, samplerate)`: device is a PortAudio index or name, None for the default.

    arm() warms the stream (optional); start_take() writes pre-roll + audio; stop() returns the
    TakeResult. A take that ends by itself (time_up, device_lost, disk_full, error) is collected
    with poll_finished(). One take per arm: the microphone is released when a take ends.
    Call all methods from one control thread, never from the audio callback.
    """

    def __init__(
        self,
        device: int | str | None,
        samplerate: int | None = None,
        *,
        blocksize: int = BLOCKSIZE,
        watchdog_s: float = WATCHDOG_S,
        preroll_s: float = PREROLL_S,
        disk_margin_bytes: int = DISK_MARGIN_BYTES,
    ) -> None:
        self.device = device
        self.samplerate = samplerate or DEFAULT_SAMPLERATE
        self._samplerate_given = samplerate is not None
        self._blocksize, self._watchdog_s, self._preroll_s = blocksize, watchdog_s, preroll_s
        self._disk_margin = disk_margin_bytes
        self._lock = threading.Lock()
        self._capture: Capture | None = None
        self._thread: threading.Thread | None = None
        self._closer: threading.Thread | None = None
        self._take: _Take | None = None
        self._result: TakeResult | None = None
        self._result_pending = False

    @property
    def is_armed(self) -> bool:
        return self._capture is not None and not self._capture.shutdown

    @property
    def is_recording(self) -> bool:
        return self._take is not None

    def poll_level(self) -> float | None:
        """Newest peak level (0..1) since the last poll, or None if no new block arrived."""
        with contextlib.suppress(queue.Empty):
            return self._capture.level.get_nowait() if self._capture is not None else None
        return None

    def arm(self) -> None:
        """Open and start the input stream now, so that start_take() has no start-up delay."""
        if self.is_armed:
            return
        self._retire(3.0)
        capture = open_capture(
            self.device, self.samplerate, self._blocksize, try_device_rate=not self._samplerate_given
        )
        self.samplerate, self._capture = capture.samplerate, capture
        self._thread = threading.Thread(
            target=self._run, args=(capture,), name="recorder-writer", daemon=True
        )
        self._thread.start()

    def start_take(self, final_path: Path, max_seconds: float, clip_ended_at: float | None = None) -> None:
        """Write to `final_path` (through `<final_path>.partial`) for up to max_seconds after this
        call, after the pre-roll. clip_ended_at: time.monotonic() when the clip ended, the
        reference for start_delay_ms (default: this call). Arms first if not armed."""
        t_call = time.monotonic()
        if self._take is not None:
            raise RecorderError("A reply is already being recorded.")
        final_path = Path(final_path)
        final_path.parent.mkdir(parents=True, exist_ok=True)
        need = bytes_needed(max_seconds, self.samplerate) + self._disk_margin
        free = shutil.disk_usage(final_path.parent).free
        if free < need:
            raise InsufficientSpaceError(
                f"There is not enough free disk space to record a reply of up to {max_seconds:.0f} s "
                f"(about {need / 1e6:.1f} MB needed, {free / 1e6:.1f} MB free). "
                "Free some space and try again."
            )
        writer = WavWriter(final_path, self.samplerate)
        t_ref = clip_ended_at if clip_ended_at is not None else t_call
        overflows = self._capture.overflows if self.is_armed and self._capture else 0
        with self._lock:
            self._take = _Take(writer, round(max_seconds * self.samplerate), t_call, t_ref, overflows)
            self._result, self._result_pending = None, False
        try:
            self.arm()
        except MicrophoneError:
            with self._lock:
                self._take = None
            writer.discard()  # empty: nothing was recorded into it
            raise

    def stop(self, timeout: float = 5.0) -> TakeResult:
        """Stop the take (or collect the one that already ended) and return its result."""
        with self._lock:
            take = self._take
            if take is not None and take.stop_at is None:
                take.stop_at = time.monotonic()
        if take is not None and not take.done.wait(timeout):
            raise RecorderError("Saving the recording is taking unusually long; please wait a moment.")
        with self._lock:
            if self._result is None:
                raise RecorderError("Nothing is being recorded.")
            self._result_pending = False
            return self._result

    def poll_finished(self) -> TakeResult | None:
        """The result of a take that ended without stop(), exactly once; else None."""
        with self._lock:
            if self._take is None and self._result_pending:
                self._result_pending = False
                return self._result
        return None

    def discard(self) -> None:
        """Throw the current take away (the user asked to) and release the microphone."""
        if self._take is not None:
            self.stop().path.unlink(missing_ok=True)
        with self._lock:
            self._result, self._result_pending = None, False
        self.close()

    def close(self, timeout: float = 3.0) -> bool:
        """Stop any take and release the microphone; False if the driver did not let go in time."""
        if self._take is not None:
            self.stop()
        return self._retire(timeout)

    def _retire(self, timeout: float) -> bool:
        if self._capture is not None:
            self._capture.shutdown = True
        if self._thread is not None:
            self._thread.join(timeout + 2.0)
            self._thread = None
        self._capture = None
        return self._closer is None or not self._closer.is_alive()

    # -- writer thread -----------------------------------------------------------------------
    def _run(self, capture: Capture) -> None:
        preroll: collections.deque[np.ndarray] = collections.deque()
        preroll_max = int(self._preroll_s * self.samplerate)
        while not capture.shutdown:
            try:
                item: Block | None = capture.blocks.get(timeout=0.05)
            except queue.Empty:
                item = None
            take = self._take
            if item is not None and (take is None or item[2] < take.t_call):
                preroll.append(item[1])
                while preroll and sum(len(b) for b in preroll) - len(preroll[0]) >= preroll_max:
                    preroll.popleft()
            elif item is not None and take is not None:
                self._write(take, capture, preroll, item)
            if take is None or take.done.is_set():
                continue
            now = time.monotonic()
            if take.stop_at is not None and (
                item is not None and item[2] > take.stop_at or now > take.stop_at + 0.25
            ):
                self._finalize(take, capture, preroll, "stopped")  # includes the block spanning stop
            elif now - max(capture.last_callback, take.t_call) > self._watchdog_s:
                self._finalize(take, capture, preroll, "device_lost", DEVICE_LOST_MESSAGE)
        self._closer = capture.close_in_background(2.0)

    def _write(
        self, take: _Take, capture: Capture, preroll: collections.deque[np.ndarray], item: Block
    ) -> None:
        seq, block, t_cb = item
        try:
            if take.first_cb is None:
                take.first_cb, take.first_block_s = t_cb, len(block) / self.samplerate
                self._write_preroll(take, preroll)
            elif seq != take.last_seq + 1:
                take.gaps += seq - take.last_seq - 1
            take.last_seq = seq
            block = block[: take.max_frames - take.body_frames]
            take.writer.write(block)
            take.body_frames += len(block)
        except WriteError as exc:
            reason: StopReason = "disk_full" if isinstance(exc, DiskFullError) else "error"
            self._finalize(take, capture, preroll, reason, exc.strerror)
            return
        if take.body_frames >= take.max_frames:
            self._finalize(take, capture, preroll, "time_up")

    def _write_preroll(self, take: _Take, preroll: collections.deque[np.ndarray]) -> None:
        preroll_max = int(self._preroll_s * self.samplerate)
        if preroll and preroll_max > 0:
            tail = np.concatenate(list(preroll))[-preroll_max:]
            take.writer.write(tail)
            take.preroll_frames = len(tail)
        preroll.clear()

    def _finalize(
        self,
        take: _Take,
        capture: Capture,
        preroll: collections.deque[np.ndarray],
        reason: StopReason,
        message: str | None = None,
    ) -> None:
        path = take.writer.partial_path
        try:
            if not take.writer.closed:
                if take.first_cb is None:
                    self._write_preroll(take, preroll)  # no block came after the call: keep the pre-roll
                path = take.writer.finish()
        except OSError as exc:  # WriteError included: the partial file is kept either way
            take.writer.abandon()
            reason = "disk_full" if isinstance(exc, DiskFullError) else "error"
            message = exc.strerror or f"The recording could not be finished ({exc}); the audio was kept."
        sr = self.samplerate
        offset = take.preroll_frames / sr
        if take.first_cb is not None:
            offset += take.t_ref - (take.first_cb - take.first_block_s)
        result = TakeResult(
            path=path,
            frames=take.writer.frames,
            samplerate=sr,
            duration_s=take.writer.frames / sr,
            overflows=capture.overflows - take.overflows_at_start + take.gaps,
            start_delay_ms=None if take.first_cb is None else (take.first_cb - take.t_ref) * 1000.0,
            stop_reason=reason,
            message=message,
            clip_end_offset_s=offset,
        )
        with self._lock:
            self._result, self._result_pending, self._take = result, True, None
        capture.shutdown = True  # one take per arm: the writer thread releases the microphone
        take.done.set()
