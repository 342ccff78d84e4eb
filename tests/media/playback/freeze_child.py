"""Run in a child process (it needs its own PulseAudio connection): play a clip through a real sound
server, freeze the server with SIGSTOP once the clip is audibly under way, and print what happened as
JSON. Usage: python -m tests.media.playback.freeze_child qt|vlc CLIP PULSE_PID"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable

from tests.media.playback.support import HookLog


def main() -> None:
    backend, clip, pulse_pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    log = HookLog()
    pump: Callable[[], None] = lambda: time.sleep(0.01)  # noqa: E731
    if backend == "qt":
        from PySide6.QtWidgets import QApplication

        app = QApplication([])
        from media.playback.qt_player import QtMediaPlayer

        player: object = QtMediaPlayer(log.hooks())

        def pump() -> None:
            app.processEvents()
            time.sleep(0.01)
    else:
        from media.playback.libvlc_probe import open_libvlc
        from media.playback.vlc_player import VlcPlayer

        instance, status = open_libvlc(["--aout=pulse", "--vout=dummy", "--no-xlib"])
        assert instance is not None, status
        player = VlcPlayer(instance, log.hooks())
    frozen_at = None
    try:
        log.mark()
        player.load(clip)  # type: ignore[attr-defined]
        player.play()  # type: ignore[attr-defined]
        while not log.finished() and time.monotonic() - log.t0 < 30:
            pump()
            if frozen_at is None and player.position_ms() > 800:  # type: ignore[attr-defined]
                os.kill(pulse_pid, signal.SIGSTOP)
                frozen_at = time.monotonic() - log.t0
    finally:
        os.kill(pulse_pid, signal.SIGCONT)
    result = {"frozen_at": frozen_at, "events": [(k, t, v) for k, t, v in log.events if k != "position"]}
    player.close()  # type: ignore[attr-defined]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
