"""Decode a whole file once, as fast as the CPU allows, with libvlc and no output (Qt-free).

Why: a header can promise what the file does not hold. Random bytes in the middle of a video, a
long MP3's length guessed from its first frames, a picture stored as a one-frame video: only
decoding every frame tells. We use the libvlc that plays the clips anyway (no second decoder
library to ship): the file is played into a stream output that decodes it (`transcode`: audio to
16-bit PCM, video to 10 thumbnails a second, 64 pixels wide) and hands every buffer to `smem`, whose
`no-time-sync` lets it run unpaced. Measured on a 2-core machine: about as much CPU as
`ffmpeg -f null` (benchmarks/RESULTS.md, "Import").

What comes back for each buffer: its timestamp (the decoded length is last end minus first start)
and, for video, a thumbnail (are the pictures moving?). libvlc does not report decoding errors
through its API, so the instance's log is watched: decoders and packetizers warn when the data
they are given is not valid, which is what damage looks like.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.constants import HEADLESS_VLC_ARGS
from media.playback.libvlc_probe import open_libvlc

log = logging.getLogger(__name__)

THUMB_WIDTH = 64  # enough to see movement, cheap to scale and compare
THUMB_FPS = 10  # pictures kept per second after decoding (all are decoded): cuts scaling by 2-3x
# Movement: over 0.2 % of the thumbnail's values differ from the first picture by more than 8 of
# 255. Measured: a 24x30-pixel patch moving 5 px in a 640x360 video changes 33 of 6912; a still
# picture re-encoded at low quality changes none (the scaling averages its noise away).
MOTION_STEP = 8
MOTION_SHARE = 0.002
GAP_US = 100_000  # a jump in the sound's timestamps bigger than this is a hole
DAMAGE_GAPS_MS = 500  # this much sound missing in the middle is damage
STALL_TIMEOUT_S = 20.0  # no decoded buffer for this long: give up
POLL_S = 0.05  # how often the reading position and the cancel flag are looked at
# --quiet keeps libavcodec's own prints off stderr; the log callback still gets VLC's messages.
DECODE_ARGS: tuple[str, ...] = (*HEADLESS_VLC_ARGS, "--quiet", "--no-video-title-show", "--no-spu")

# Log lines (module, a piece of the format string) that mean the data itself is broken. Format
# strings, not formatted text: they are constants, so no varargs formatting is needed.
_DAMAGE_WARNINGS: tuple[tuple[str, str], ...] = (
    ("faad", ""),  # every faad warning is about the bitstream, except the one below
    ("mpg123", ""),
    ("avcodec", "cannot decode"),
    ("avcodec", "error"),
    ("vorbis", ""),
    ("opus", ""),
    ("flac", ""),
    ("mkv", "corrupt"),
    ("mp4", "corrupt"),
    ("es", "invalid"),
)
_HARMLESS = ("decoded zero sample", "Unknown option", "hardware", "Xlib", "VDPAU", "VAAPI")
_DECODER_MODULES = frozenset({"faad", "mpg123", "avcodec", "vorbis", "opus", "flac", "h264", "hevc",
                              "mpeg4video", "mpegvideo", "mpeg4audio", "mpegaudio", "vc1", "mlp",
                              "a52", "dts", "theora", "vpx", "dav1d", "aom", "araw", "lpcm"})  # fmt: skip

ProgressFn = Callable[[float], None]

_AudioPre = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_size_t)
_AudioPost = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint,
    ctypes.c_uint, ctypes.c_size_t, ctypes.c_int64,
)  # fmt: skip
_VideoPre = _AudioPre
_VideoPost = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
    ctypes.c_size_t, ctypes.c_int64,
)  # fmt: skip


class DecodeCancelledError(Exception):
    """The caller's `cancelled()` said stop; nothing was decided about the file."""


class DecoderUnavailableError(Exception):
    """libvlc could not be started; str(exc) says why."""


@dataclass(frozen=True)
class DecodeReport:
    """What decoding the whole file found."""

    duration_ms: int  # from the first decoded sound or picture to the end of the last
    audio_ms: int  # length of the decoded sound (0: none)
    video_frames: int
    moving: bool  # some picture differs visibly from the first
    damage: str | None  # the decoder's first complaint about broken data, for the log
    ended: bool  # reached the end of the file (False: playback reported an error, or stalled)
    stalled: bool = False  # nothing came out of the decoders for STALL_TIMEOUT_S


def is_damage(level: int, module: str, fmt: str) -> bool:
    """True for a decoder/packetizer message that says the data it was fed is broken."""
    if level < 3 or any(h in fmt for h in _HARMLESS):  # 3 = warning, 4 = error
        return False
    if level >= 4 and module in _DECODER_MODULES:
        return True
    text = fmt.lower()
    return any(module == m and piece.lower() in text for m, piece in _DAMAGE_WARNINGS)


class _Collector:
    """Fed from libvlc's threads: only plain bookkeeping here, never a call back into libvlc."""

    def __init__(
        self,
        progress: ProgressFn | None,
        expected_ms: int | None,
        cancelled: Callable[[], bool],
        finished: threading.Event,
    ) -> None:
        self.lock = threading.Lock()
        self.first_us: int | None = None
        self.last_us = 0
        self.audio_us = 0
        self.audio_end_us: int | None = None
        self.gaps_us = 0  # holes in the sound's timeline: data lost in the middle
        self.video_frames = 0
        self.video_last_us: int | None = None
        self.moving = False
        self.reference: Any = None
        self.last_buffer = time.monotonic()
        self.progress = progress  # fed from here only when the header's length can be trusted
        self.expected_us = (expected_ms or 0) * 1000
        self.reported = 0.0
        self.cancelled, self.finished = cancelled, finished
        self.stop = False  # cancelled: seen between two buffers, so even a fast decode stops at once
        self.buffers: dict[str, ctypes.Array[ctypes.c_char]] = {}

    def buffer(self, kind: str, size: int) -> int:
        buf = self.buffers.get(kind)
        if buf is None or len(buf) < size:
            buf = self.buffers[kind] = ctypes.create_string_buffer(max(size, 1))
        return ctypes.addressof(buf)

    def seen(self, start_us: int, end_us: int) -> None:
        self.last_buffer = time.monotonic()
        if self.first_us is None or start_us < self.first_us:
            self.first_us = start_us
        self.last_us = max(self.last_us, end_us)
        if self.cancelled():
            self.stop = True
            self.finished.set()
        if self.progress is not None and self.expected_us > 0:
            fraction = min(0.99, (self.last_us - self.first_us) / self.expected_us)
            if fraction - self.reported >= 0.01:
                self.reported = fraction
                self.progress(fraction)

    def audio(self, rate: int, samples: int, pts: int) -> None:
        if rate <= 0:
            return
        length = samples * 1_000_000 // rate
        with self.lock:
            self.audio_us += length
            if self.audio_end_us is not None and pts - self.audio_end_us > GAP_US:
                self.gaps_us += pts - self.audio_end_us
            self.audio_end_us = max(self.audio_end_us or 0, pts + length)
            self.seen(pts, pts + length)

    def video(self, data: int, size: int, pts: int) -> None:
        with self.lock:
            previous = self.video_last_us
            self.video_frames += 1
            self.video_last_us = pts
            step = pts - previous if previous is not None and pts > previous else 40_000
            self.seen(pts, pts + step)
            if not self.moving and size > 0:
                self._compare(ctypes.string_at(data, size))

    def _compare(self, picture: bytes) -> None:
        import numpy as np

        frame = np.frombuffer(picture, dtype=np.uint8).astype(np.int16)
        if self.reference is None or self.reference.shape != frame.shape:
            self.reference = frame
            return
        changed = np.count_nonzero(np.abs(frame - self.reference) > MOTION_STEP)
        self.moving = bool(changed > MOTION_SHARE * frame.size)


class FullDecoder:
    """One headless libvlc instance that decodes files whole; use from one thread at a time."""

    def __init__(self, instance_args: Sequence[str] = DECODE_ARGS) -> None:
        self._args = tuple(instance_args)
        self._instance: Any = None
        self._log_cb: Any = None
        self._complaints: list[tuple[int, str, str]] = []
        self._listening = False

    def close(self) -> None:
        if self._instance is not None:
            self._instance.log_unset()
            self._instance.release()
            self._instance = None

    def decode(
        self,
        path: str | os.PathLike[str],
        expected_ms: int | None = None,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        length_is_guess: bool = False,
    ) -> DecodeReport:
        """Decode every sound and picture in `path`.

        progress(0..1) is called from libvlc's threads (by decoded time against expected_ms, the
        header's length) or, when that length is missing or only a guess, from this thread (by
        reading position). DecodeCancelledError when cancelled() turns true.
        """
        import vlc

        instance = self._open()
        # An indexed file's length is known: progress by decoded time, from libvlc's threads.
        # Otherwise by the reading position, polled here (it runs ahead of decoding in small files).
        finished = threading.Event()
        collector = _Collector(None if length_is_guess else progress, expected_ms, cancelled, finished)
        by_position = progress if length_is_guess or not expected_ms else None

        # smem calls these on the decoders' threads; a pre-render callback lends smem a buffer.
        def audio_pre(_data: Any, out: Any, size: int) -> None:
            out[0] = collector.buffer("audio", size)

        def audio_post(_d: Any, _b: Any, _c: int, rate: int, n: int, _bits: int, _s: int, pts: int) -> None:
            collector.audio(rate, n, pts)

        def video_pre(_data: Any, out: Any, size: int) -> None:
            out[0] = collector.buffer("video", size)

        def video_post(_d: Any, buf: Any, _w: int, _h: int, _pitch: int, size: int, pts: int) -> None:
            collector.video(int(buf or 0), size, pts)

        # Kept in locals until the player has stopped: smem holds only their addresses.
        callbacks = (
            _AudioPre(audio_pre), _AudioPost(audio_post), _VideoPre(video_pre), _VideoPost(video_post),
        )  # fmt: skip
        a_pre, a_post, v_pre, v_post = (int(ctypes.cast(c, ctypes.c_void_p).value or 0) for c in callbacks)
        chain = (
            f"#transcode{{vcodec=RV24,width={THUMB_WIDTH},fps={THUMB_FPS},acodec=s16l}}"
            f":smem{{no-time-sync,audio-prerender-callback={a_pre},audio-postrender-callback={a_post},"
            f"video-prerender-callback={v_pre},video-postrender-callback={v_post}}}"
        )
        media = instance.media_new_path(os.fspath(path))
        media.add_option(f":sout={chain}")
        media.add_option(":no-sout-spu")
        player = instance.media_player_new()
        player.set_media(media)
        ended = threading.Event()

        def on_end(_event: Any) -> None:  # libvlc's event thread: set flags only
            ended.set()
            finished.set()

        def on_error(_event: Any) -> None:
            finished.set()

        events = player.event_manager()
        attached = [
            (vlc.EventType.MediaPlayerEndReached, on_end),
            (vlc.EventType.MediaPlayerEncounteredError, on_error),
        ]
        for kind, callback in attached:
            events.event_attach(kind, callback)
        self._complaints = []
        self._listening = True
        try:
            collector.last_buffer = time.monotonic()
            player.play()
            reported, stalled = 0.0, False
            while not finished.wait(POLL_S):
                if cancelled():
                    break
                where = float(player.get_position())
                if by_position is not None and where - reported >= 0.01:
                    reported = min(where, 0.99)
                    by_position(reported)
                if time.monotonic() - collector.last_buffer > STALL_TIMEOUT_S:
                    log.warning("Decoding %s stalled", path)
                    stalled = True
                    break
        finally:
            self._listening = False
            for kind, _callback in attached:
                events.event_detach(kind)
            player.stop()  # waits for the decoder threads: no callback runs after this
            player.release()
            media.release()
        if collector.stop or cancelled():
            raise DecodeCancelledError
        with collector.lock:
            first = collector.first_us or 0
            span = max(0, collector.last_us - first) if collector.first_us is not None else 0
            damage = next((f"{m}: {f}" for lvl, m, f in self._complaints if is_damage(lvl, m, f)), None)
            if damage is None and collector.gaps_us >= DAMAGE_GAPS_MS * 1000:
                damage = f"{collector.gaps_us // 1000} ms of sound missing between its start and end"
            if damage is not None:
                log.info("Decoding %s (header length %s ms): %s", path, expected_ms, damage)
            return DecodeReport(
                duration_ms=span // 1000,
                audio_ms=collector.audio_us // 1000,
                video_frames=collector.video_frames,
                moving=collector.moving,
                damage=damage,
                ended=ended.is_set(),
                stalled=stalled,
            )

    def _open(self) -> Any:
        if self._instance is None:
            instance, status = open_libvlc(self._args)
            if instance is None:
                raise DecoderUnavailableError(status.reason or "libvlc is not available")
            self._listen(instance)
            self._instance = instance
        return self._instance

    def _listen(self, instance: Any) -> None:
        import vlc

        getctx = vlc.dll.libvlc_log_get_context
        getctx.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        getctx.restype = None

        # libvlc's threads: keep warnings and errors of the decode under way, nothing more.
        @vlc.CallbackDecorators.LogCb  # type: ignore[untyped-decorator]
        def on_log(_data: Any, level: int, ctx: Any, fmt: bytes | None, _args: Any) -> None:
            if level < 3 or not self._listening:
                return
            module = ctypes.c_char_p()
            getctx(ctx, ctypes.byref(module), None, None)
            name = (module.value or b"").decode("utf-8", "replace")
            self._complaints.append((level, name, (fmt or b"").decode("utf-8", "replace")))

        self._log_cb = on_log  # keep the ctypes callback alive as long as the instance
        instance.log_set(on_log, None)


def decode_file(path: Path, expected_ms: int | None = None) -> DecodeReport:
    """One-off decode (scripts, benchmarks); the importer keeps one FullDecoder instead."""
    decoder = FullDecoder()
    try:
        return decoder.decode(path, expected_ms)
    finally:
        decoder.close()
