"""Child process for libvlc probe tests, run with a deliberately broken or bundled libvlc (the
environment is set by the test). Usage: python -m tests.media.playback.probe_child MODE [ARG]
  probe             print probe_libvlc() as JSON
  frozen MEIPASS    pretend to be a frozen build unpacked at MEIPASS, then probe
  factory CLIP      create_playback("auto"), play CLIP, print backend, reason and outcome
  force-vlc         create_playback("vlc"), print the exception
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time


def main() -> None:
    mode = sys.argv[1]
    if mode == "frozen":
        sys.frozen = True  # type: ignore[attr-defined]
        sys._MEIPASS = sys.argv[2]  # type: ignore[attr-defined]
        mode = "probe"
    if mode == "probe":
        from media.playback.libvlc_probe import probe_libvlc

        status = probe_libvlc()
        env = {k: os.environ.get(k) for k in ("VLC_PLUGIN_PATH", "PYTHON_VLC_LIB_PATH")}
        print(json.dumps({**dataclasses.asdict(status), "env": env}))
        return
    from PySide6.QtWidgets import QApplication

    from media.constants import HEADLESS_VLC_ARGS
    from media.playback.playback_qt import create_playback

    app = QApplication([])
    if mode == "force-vlc":
        try:
            create_playback("vlc", list(HEADLESS_VLC_ARGS))
        except RuntimeError as exc:
            print(json.dumps({"raised": str(exc)}))
        return
    controller = create_playback("auto", list(HEADLESS_VLC_ARGS))
    outcome: list[str] = []
    controller.ended.connect(lambda: outcome.append("ended"))
    controller.error.connect(lambda message: outcome.append("error: " + message))
    controller.play_clip(sys.argv[2])
    deadline = time.monotonic() + 15
    while not outcome and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    result = {"backend": controller.backend_name, "reason": controller.fallback_reason, "outcome": outcome}
    controller.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
