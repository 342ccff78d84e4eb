"""The PortAudio side of recording: which microphones exist, which one to use, and an open input
stream (`Capture`) whose callback only copies blocks into a queue. Listing never raises: a machine
whose PortAudio cannot start (library missing, OSError) is treated as one with no microphone."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from media.recording.audio_constants import CHANNELS, MAX_QUEUED_BLOCKS

NO_MICROPHONE_MESSAGE = (
    "No microphone was found, so your replies can't be recorded. The rest of Practice Room still "
    "works: clips play, you can answer aloud and then read what a good reply does, but there is "
    "nothing to rate until a reply is recorded. Plug a microphone in (or allow Practice Room to use "
    "it in your system's privacy settings) and choose it under File → Microphone."
)


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    hostapi: str
    channels: int
    default_samplerate: float
    is_default: bool


@dataclass(frozen=True)
class DeviceChoice:
    """The microphone to record from (None: there is none) and a plain message for the user."""

    device: InputDevice | None
    message: str | None


def _sounddevice() -> Any | None:
    # Imported lazily: import itself raises OSError when libportaudio is missing.
    try:
        import sounddevice
    except (OSError, ImportError):
        return None
    return sounddevice


def list_input_devices() -> list[InputDevice]:
    """Every device with at least one input channel; empty if PortAudio is unusable."""
    sd = _sounddevice()
    if sd is None:
        return []
    try:
        raw_devices = list(sd.query_devices())
        hostapis = list(sd.query_hostapis())
    except Exception:  # noqa: BLE001 - PortAudioError or a broken host API: same as "no microphone"
        return []
    try:
        default_input = int(sd.default.device[0])
    except Exception:  # noqa: BLE001 - no usable default device: pick one below
        default_input = -1
    # PortAudio's own default first, else the first host API that names one.
    if default_input < 0:
        default_input = next((i for i in (int(a["default_input_device"]) for a in hostapis) if i >= 0), -1)
    devices: list[InputDevice] = []
    for index, info in enumerate(raw_devices):
        channels = int(info.get("max_input_channels", 0))
        if channels <= 0:
            continue
        api_index = int(info.get("hostapi", 0))
        api_name = str(hostapis[api_index]["name"]) if 0 <= api_index < len(hostapis) else ""
        devices.append(
            InputDevice(
                index=index,
                name=str(info["name"]),
                hostapi=api_name,
                channels=channels,
                default_samplerate=float(info.get("default_samplerate", 0.0)),
                is_default=index == default_input,
            )
        )
    return devices


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def resolve_input_device(remembered_name: str | None) -> DeviceChoice:
    """The remembered microphone if it is connected, else the default one, with a message
    whenever the user should know what happened."""
    devices = list_input_devices()
    if not devices:
        return DeviceChoice(None, NO_MICROPHONE_MESSAGE)
    if remembered_name:
        exact = [d for d in devices if d.name == remembered_name]
        loose = exact or [d for d in devices if _same_name(d.name, remembered_name)]
        if loose:
            return DeviceChoice(loose[0], None)
    fallback = next((d for d in devices if d.is_default), devices[0])
    if remembered_name:
        return DeviceChoice(
            fallback,
            f"The microphone you chose last time ({remembered_name}) is not connected; "
            f"using the default microphone ({fallback.name}) instead.",
        )
    return DeviceChoice(fallback, None)


class MicrophoneError(Exception):
    """The microphone could not be opened; the message is for the user."""


Block = tuple[int, np.ndarray, float]  # (sequence number, int16 frames, monotonic arrival time)


class Capture:
    """One open input stream. Its callback runs on PortAudio's thread and only copies: each block
    into `blocks`, the newest peak level (0..1) into the 1-slot `level`. A fresh Capture per
    stream means a late block of an old stream can never reach a new take."""

    def __init__(self) -> None:
        self.blocks: queue.Queue[Block] = queue.Queue(MAX_QUEUED_BLOCKS)
        self.level: queue.Queue[float] = queue.Queue(1)
        self.seq = 0
        self.overflows = 0
        self.last_callback = time.monotonic()
        self.shutdown = False  # set by whoever owns the stream's consumer thread
        self.stream: Any = None
        self.samplerate = 0

    def callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        now = time.monotonic()
        self.last_callback = now
        if status.input_overflow:
            self.overflows += 1
        self.seq += 1
        with contextlib.suppress(queue.Full):  # the consumer sees the gap in sequence numbers
            self.blocks.put_nowait((self.seq, indata.copy(), now))
        with contextlib.suppress(queue.Empty):
            self.level.get_nowait()
        with contextlib.suppress(queue.Full):
            self.level.put_nowait(max(int(indata.max()), -int(indata.min())) / 32768.0)

    def close_in_background(self, timeout: float) -> threading.Thread:
        """Abort and close the stream on a helper thread, waiting at most `timeout`: a stalled
        driver can block abort() for ever, and must never hang a thread we need."""
        stream, self.stream = self.stream, None

        def closer() -> None:
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.abort()
                    stream.close()

        thread = threading.Thread(target=closer, name="capture-closer", daemon=True)
        thread.start()
        thread.join(timeout)
        return thread


def open_capture(
    device: int | str | None, samplerate: int, blocksize: int, *, try_device_rate: bool
) -> Capture:
    """Open and start a mono int16 input stream; on failure, optionally retry at the device's own
    default rate. Raises MicrophoneError with a plain message."""
    try:
        import sounddevice as sd
    except (OSError, ImportError) as exc:
        raise MicrophoneError("The sound system could not start, so nothing can be recorded.") from exc
    rates = [samplerate]
    if try_device_rate:
        with contextlib.suppress(Exception):
            rates.append(int(sd.query_devices(device, "input")["default_samplerate"]))
    error: Exception | None = None
    for rate in dict.fromkeys(rates):
        capture = Capture()
        try:
            capture.stream = sd.InputStream(
                device=device,
                samplerate=rate,
                channels=CHANNELS,
                dtype="int16",
                blocksize=blocksize,
                callback=capture.callback,
            )
            capture.last_callback = time.monotonic()
            capture.stream.start()
        except Exception as exc:  # noqa: BLE001 - PortAudioError, ValueError (no such device): try the next rate
            error = exc
            continue
        capture.samplerate = rate
        return capture
    raise MicrophoneError(f"The microphone could not be opened ({error}). Check that it is plugged in.")
